//! Reading a source document into one list of [`Line`]s, whatever its
//! format: plain text and Markdown line by line, DOCX paragraph by
//! paragraph. Every line keeps its place in the source, so the summary can
//! point back to it.

pub mod docx;
pub mod text;

use std::path::Path;

use super::ImportError;
use super::report::Note;

/// The largest source accepted, in bytes (8 MiB). Real agreements are a
/// few hundred kilobytes; anything larger is refused before it is read.
pub const MAX_SOURCE_BYTES: u64 = 8 * 1024 * 1024;

/// The deepest list nesting accepted. Agreements nest three or four levels.
pub const MAX_DEPTH: usize = 12;

/// The formats `avv import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, as exported from a word processor.
    Text,
    /// Markdown (CommonMark headings, lists and pipe tables).
    Markdown,
    /// A Word document (Office Open XML).
    Docx,
}

impl Format {
    /// The format a file name suggests: `.docx`, `.md`/`.markdown`, else text.
    pub fn of(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("docx") => Format::Docx,
            Some("md" | "markdown") => Format::Markdown,
            _ => Format::Text,
        }
    }

    /// How the summary names a place in this format.
    pub fn unit(self) -> &'static str {
        match self {
            Format::Docx => "paragraph",
            Format::Text | Format::Markdown => "line",
        }
    }
}

/// What a source line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// An empty line: ends a paragraph.
    Blank,
    /// A heading of the given level (Markdown `#`, a DOCX heading style).
    Heading(u8),
    /// A line of running text.
    Paragraph,
    /// A list item at the given depth (0 = top level).
    Item(usize),
    /// A table row, cell by cell.
    Row(Vec<String>),
}

/// One line (or DOCX paragraph) of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Its place in the source: the line number, or the paragraph number in a DOCX.
    pub at: usize,
    /// What it is.
    pub kind: Kind,
    /// Its text, without list marker, heading marks or anchors.
    pub text: String,
}

/// Reads `bytes` in `format`; `file` names the source in errors. Returns
/// the lines, and what a reader of the source must know about how they
/// were read (a DOCX's tracked changes).
pub fn read(bytes: &[u8], format: Format, file: &Path) -> Result<(Vec<Line>, Vec<Note>), ImportError> {
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(ImportError::TooLarge {
            file: file.to_path_buf(),
            size: bytes.len() as u64,
            limit: MAX_SOURCE_BYTES,
        });
    }
    let (lines, notes) = match format {
        Format::Docx => docx::read(bytes, file)?,
        Format::Text | Format::Markdown => (text::read(bytes, file)?, Vec::new()),
    };
    if lines.iter().all(|line| line.kind == Kind::Blank) {
        return Err(ImportError::Empty { file: file.to_path_buf() });
    }
    Ok((lines, notes))
}

/// Cleans inline text: Markdown escapes, anchors `{#…}` and links to
/// anchors (`[text](#…)`, which would point nowhere in the new folder) go;
/// external links and `**bold**` stay, as the model's inline markup has them.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(end) = rest.strip_prefix("{#").and_then(|after| after.find('}')) {
            rest = &rest[2 + end + 1..];
            continue;
        }
        // A footnote mark `[^1]`: its label made an id (`[^fn-1]`).
        if let Some(after) = rest.strip_prefix("[^")
            && let Some(end) = after.find(']').filter(|&end| end > 0 && end <= 40)
        {
            out.push_str("[^");
            out.push_str(&footnote_id(&after[..end]));
            out.push(']');
            rest = &after[end + 1..];
            continue;
        }
        if c == '\\'
            && let Some(next) = rest[1..].chars().next()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            rest = &rest[1 + next.len_utf8()..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("](#")
            && let Some(end) = after.find(')')
        {
            // The link text stays; its opening bracket goes below.
            rest = &after[end + 1..];
            if let Some(open) = out.rfind('[') {
                out.remove(open);
            }
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    // Template syntax in data is an error: the text is data, never a template.
    let out = out.replace("{{", "{ {").replace("}}", "} }").replace("{%", "{ %").replace("%}", "% }");
    // Runs of ordinary white space become one space; a non-breaking space
    // ("§\u{a0}126b", "5\u{a0}Werktage") is kept, as the source binds the
    // words it joins.
    let breaking = |c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}');
    out.split(breaking).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// What a source is by its first bytes when avv cannot read it, with what
/// to do: told apart here, they would read as "a binary file" or "not a
/// zip archive" and leave the user guessing.
pub fn unsupported(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(b"%PDF-") {
        return Some((
            "a PDF",
            "open it in Word or LibreOffice and save it as .docx, or copy its text into a .txt file",
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some(("an RTF document", "save it as .docx in Word or LibreOffice"));
    }
    if bytes.starts_with(OLE) {
        // A password-protected DOCX is an OLE container with the package
        // encrypted in a stream of this name (UTF-16 in the directory).
        let encrypted: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
        return Some(if crate::search::contains(&encrypted, bytes) {
            (
                "a password-protected Word document",
                "remove the password in Word (File › Info › Protect Document) and save it again",
            )
        } else {
            (
                "a Word 97–2003 document (.doc) or another old Office file",
                "save it as .docx (Word Document) in Word or LibreOffice",
            )
        });
    }
    None
}

/// A footnote label as an id: kept when it is one, else `fn-` and its slug.
pub fn footnote_id(label: &str) -> String {
    if crate::model::primitives::is_kebab_id(label) {
        label.to_owned()
    } else {
        let slug = crate::import::ids::slug(label);
        if slug.is_empty() { "fn".to_owned() } else { format!("fn-{slug}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_anchors_escapes_and_internal_links() {
        assert_eq!(clean("**Eingabekontrolle** {#eingabekontrolle}"), "**Eingabekontrolle**");
        assert_eq!(clean("[Versionshistorie 13](#)"), "Versionshistorie 13");
        assert_eq!(clean("Verschlüsselung \\(Art. 32\\)"), "Verschlüsselung (Art. 32)");
        assert_eq!(clean("zertifiziert, CISPE[^1]."), "zertifiziert, CISPE[^fn-1].");
        assert_eq!(clean("[BSI](https://bsi.bund.de) und {{ x }}"), "[BSI](https://bsi.bund.de) und { { x } }");
    }

    /// Ordinary white space collapses; a non-breaking space stays, so
    /// "§ 126b" and "5 Werktage" are never broken across lines.
    #[test]
    fn clean_keeps_non_breaking_spaces() {
        assert_eq!(clean("nach  §\u{a0}126b\tBGB"), "nach §\u{a0}126b BGB");
        assert_eq!(clean(" binnen 5\u{a0}Werktagen "), "binnen 5\u{a0}Werktagen");
        assert_eq!(clean("Art.\u{202f}32"), "Art.\u{202f}32");
    }

    #[test]
    fn the_format_follows_the_extension() {
        assert_eq!(Format::of(Path::new("a.DOCX")), Format::Docx);
        assert_eq!(Format::of(Path::new("a.md")), Format::Markdown);
        assert_eq!(Format::of(Path::new("a.txt")), Format::Text);
    }
}
