//! Word documents: `word/document.xml` read paragraph by paragraph.
//! Heading styles (`Heading1`…, `Überschrift1`…, `Title`) become headings,
//! paragraphs with list numbering (`w:numPr`) list items at their level,
//! and tables rows of cells. The archive is opened defensively: a bounded
//! number of entries and a bounded uncompressed size for the one part read,
//! checked while inflating, so a zip bomb stops early.

use std::io::{Cursor, Read};
use std::path::Path;

use super::{Kind, Line, MAX_DEPTH, clean};
use crate::import::ImportError;

/// The most entries a DOCX may have (Word writes a dozen or two).
pub const MAX_ENTRIES: usize = 1_000;

/// The largest `word/document.xml` read, uncompressed (32 MiB).
pub const MAX_DOCUMENT_BYTES: u64 = 32 * 1024 * 1024;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Reads a DOCX from `bytes`.
pub fn read(bytes: &[u8], file: &Path) -> Result<Vec<Line>, ImportError> {
    let bad = |reason: String| ImportError::Docx { file: file.to_path_buf(), reason };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(format!("not a DOCX (zip) archive: {e}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(bad(format!("the archive has {} entries, more than the {MAX_ENTRIES} a DOCX has", archive.len())));
    }
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| bad("the archive has no `word/document.xml`: is it a Word document?".to_owned()))?;
    if entry.size() > MAX_DOCUMENT_BYTES {
        return Err(ImportError::ZipBomb { file: file.to_path_buf(), limit: MAX_DOCUMENT_BYTES });
    }
    let mut xml = Vec::new();
    // The declared size may lie: read at most one byte past the limit.
    entry
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| bad(format!("cannot inflate `word/document.xml`: {e}")))?;
    if xml.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(ImportError::ZipBomb { file: file.to_path_buf(), limit: MAX_DOCUMENT_BYTES });
    }
    let xml = String::from_utf8(xml).map_err(|_| bad("`word/document.xml` is not UTF-8".to_owned()))?;
    let options =
        roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: 4_000_000, ..roxmltree::ParsingOptions::default() };
    let document = roxmltree::Document::parse_with_options(&xml, options)
        .map_err(|e| bad(format!("`word/document.xml` is not well-formed XML ({e})")))?;
    let body = document
        .root_element()
        .children()
        .find(|n| n.has_tag_name((W, "body")))
        .ok_or_else(|| bad("`word/document.xml` has no body".to_owned()))?;
    let mut lines = Vec::new();
    let mut count = 0;
    for node in body.children().filter(|n| n.is_element()) {
        if node.has_tag_name((W, "p")) {
            count += 1;
            paragraph(node, count, &mut lines, file)?;
        } else if node.has_tag_name((W, "tbl")) {
            table(node, &mut count, &mut lines);
        }
    }
    Ok(lines)
}

fn attribute<'a>(node: roxmltree::Node<'a, '_>, path: &[&str]) -> Option<&'a str> {
    let mut current = node;
    for name in path {
        current = current.children().find(|n| n.has_tag_name((W, *name)))?;
    }
    current.attribute((W, "val"))
}

fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    let mut out = String::new();
    for n in node.descendants() {
        if n.has_tag_name((W, "t")) {
            out.push_str(n.text().unwrap_or_default());
        } else if n.has_tag_name((W, "tab")) || n.has_tag_name((W, "br")) {
            out.push(' ');
        }
    }
    out
}

fn paragraph(node: roxmltree::Node<'_, '_>, at: usize, lines: &mut Vec<Line>, file: &Path) -> Result<(), ImportError> {
    let text = clean(&text_of(node));
    if text.is_empty() {
        lines.push(Line { at, kind: Kind::Blank, text });
        return Ok(());
    }
    let style = attribute(node, &["pPr", "pStyle"]).unwrap_or_default().to_ascii_lowercase();
    let level = style
        .strip_prefix("heading")
        .or_else(|| style.strip_prefix("berschrift"))
        .or_else(|| style.strip_prefix("überschrift"))
        .and_then(|n| n.trim().parse::<u8>().ok());
    let kind = if style == "title" {
        Kind::Heading(1)
    } else if let Some(level) = level {
        Kind::Heading(level.clamp(1, 6))
    } else if let Some(depth) = attribute(node, &["pPr", "numPr", "ilvl"]).and_then(|v| v.parse::<usize>().ok()) {
        if depth > MAX_DEPTH {
            return Err(ImportError::Nesting { file: file.to_path_buf(), line: at, depth, limit: MAX_DEPTH });
        }
        Kind::Item(depth)
    } else if node.descendants().any(|n| n.has_tag_name((W, "numPr"))) {
        Kind::Item(0)
    } else {
        Kind::Paragraph
    };
    // A blank line between paragraphs, as in the text exports.
    lines.push(Line { at, kind, text });
    lines.push(Line { at, kind: Kind::Blank, text: String::new() });
    Ok(())
}

fn table(node: roxmltree::Node<'_, '_>, count: &mut usize, lines: &mut Vec<Line>) {
    for row in node.children().filter(|n| n.has_tag_name((W, "tr"))) {
        let cells: Vec<String> = row
            .children()
            .filter(|n| n.has_tag_name((W, "tc")))
            .map(|cell| {
                let paragraphs: Vec<String> = cell
                    .children()
                    .filter(|n| n.has_tag_name((W, "p")))
                    .map(|p| clean(&text_of(p)))
                    .filter(|t| !t.is_empty())
                    .collect();
                paragraphs.join(" ")
            })
            .collect();
        *count += 1;
        lines.push(Line { at: *count, kind: Kind::Row(cells), text: String::new() });
    }
    lines.push(Line { at: *count, kind: Kind::Blank, text: String::new() });
}
