//! Word documents: `word/document.xml` read paragraph by paragraph.
//!
//! - Heading styles (`Heading1`…, `Überschrift1`…, `Title`, styles based on
//!   them or with an outline level) become headings.
//! - Numbered paragraphs print the numbers Word counts from
//!   `word/numbering.xml`, whether the paragraph or its style (through
//!   `word/styles.xml` and `w:basedOn`) names the list; other list
//!   paragraphs become list items at their level.
//! - Tables become rows of cells.
//! - Footnotes and endnotes (`word/footnotes.xml`, `word/endnotes.xml`)
//!   become the agreement's footnotes, numbered in the order the document
//!   cites them, as avv prints them: each keeps its mark in the text
//!   (`[^1]`) and its text as a definition line (`[^1]: …`), as a Markdown
//!   source has them.
//!
//! The archive is opened defensively: a bounded number of entries and a
//! bounded uncompressed size for each part read, checked while inflating,
//! so a zip bomb stops early.

use crate::archive::PartError;
use std::path::Path;

use super::{Kind, Line, MAX_DEPTH, clean};
use crate::import::ImportError;
use crate::import::report::{self, Note};

/// The most entries a DOCX may have (Word writes a dozen or two).
pub const MAX_ENTRIES: usize = 1_000;

/// The largest `word/document.xml` read, uncompressed (32 MiB).
pub const MAX_DOCUMENT_BYTES: u64 = 32 * 1024 * 1024;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Markup compatibility: Word writes a text box twice, as a drawing
/// (`mc:Choice`) and as VML for older readers (`mc:Fallback`).
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Whether `node` is in the copy Word writes for older readers only.
fn in_fallback(node: roxmltree::Node<'_, '_>) -> bool {
    node.ancestors().any(|a| a.has_tag_name((MC, "Fallback")))
}

/// The text boxes anchored in paragraph `node` (not those inside another
/// text box, nor the fallback copies): their paragraphs are read after it.
fn text_boxes<'a, 'i>(node: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    node.descendants()
        .filter(|d| d.has_tag_name((W, "txbxContent")) && !in_fallback(*d))
        .filter(|d| !d.ancestors().skip(1).take_while(|a| *a != node).any(|a| a.has_tag_name((W, "txbxContent"))))
        .collect()
}

/// Reads a DOCX from `bytes`: its lines, and a note when it holds tracked
/// changes (read as accepted: inserted text kept, deleted and moved-away
/// text left out).
pub fn read(bytes: &[u8], file: &Path) -> Result<(Vec<Line>, Vec<Note>), ImportError> {
    let bad = |reason: String| ImportError::Docx { file: file.to_path_buf(), reason };
    if bytes.is_empty() {
        return Err(ImportError::Empty { file: file.to_path_buf() });
    }
    let mut archive = crate::archive::Reader::open(bytes).map_err(|e| {
        // A ZIP that starts well but has no end was cut off.
        if bytes.starts_with(b"PK") {
            bad(format!(
                "the archive is damaged or incomplete ({e}): the file was probably cut off while it was copied or saved; open it in Word and save it again"
            ))
        } else {
            bad(format!("not a DOCX (zip) archive: {e}"))
        }
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(bad(format!("the archive has {} entries, more than the {MAX_ENTRIES} a DOCX has", archive.len())));
    }
    let xml = part(&mut archive, "word/document.xml", file)?
        .ok_or_else(|| bad("the archive has no `word/document.xml`: is it a Word document?".to_owned()))?;
    let document = roxmltree::Document::parse_with_options(&xml, options())
        .map_err(|e| bad(format!("`word/document.xml` is not well-formed XML ({e})")))?;
    // The list numbering Word prints but does not store in the text.
    let numbering_xml = part(&mut archive, "word/numbering.xml", file)?;
    let mut numbering = match &numbering_xml {
        Some(xml) => roxmltree::Document::parse_with_options(xml, options())
            .map(|doc| Numbering::read(&doc))
            .map_err(|e| bad(format!("`word/numbering.xml` is not well-formed XML ({e})")))?,
        None => Numbering::default(),
    };
    // What paragraphs take from their styles: Word numbers headings
    // through the heading styles more often than through the paragraphs.
    let styles = match part(&mut archive, "word/styles.xml", file)? {
        Some(xml) => roxmltree::Document::parse_with_options(&xml, options())
            .map(|doc| Styles::read(&doc))
            .map_err(|e| bad(format!("`word/styles.xml` is not well-formed XML ({e})")))?,
        None => Styles::default(),
    };
    let body = document
        .root_element()
        .children()
        .find(|n| n.has_tag_name((W, "body")))
        .ok_or_else(|| bad("`word/document.xml` has no body".to_owned()))?;
    let mut notes = Notes::default();
    for (name, kind) in [("word/footnotes.xml", NoteKind::Footnote), ("word/endnotes.xml", NoteKind::Endnote)] {
        if let Some(xml) = part(&mut archive, name, file)? {
            let doc = roxmltree::Document::parse_with_options(&xml, options())
                .map_err(|e| bad(format!("`{name}` is not well-formed XML ({e})")))?;
            notes.read(&doc, kind);
        }
    }
    let mut lines = Vec::new();
    let mut count = 0;
    // Content controls (`w:sdt`, common in templates) hold paragraphs too;
    // the stack is explicit so that deep nesting cannot exhaust ours.
    let mut stack: Vec<roxmltree::Node<'_, '_>> = body.children().filter(|n| n.is_element()).collect();
    stack.reverse();
    // Word's table of contents: avv prints its own, so it is left out
    // (read as text, its entries became clauses before the real ones).
    let mut contents = 0;
    while let Some(node) = stack.pop() {
        // The heading over it too ("Inhaltsverzeichnis"), where it stands
        // outside it.
        let over_contents = || {
            let text = text_of(node, &notes, None);
            matches!(text.trim().to_lowercase().as_str(), "inhaltsverzeichnis" | "inhalt" | "inhaltsübersicht")
                && node.next_sibling_element().is_some_and(is_table_of_contents)
        };
        if is_table_of_contents(node) || (node.has_tag_name((W, "p")) && over_contents()) {
            contents += 1;
            continue;
        }
        if node.has_tag_name((W, "p")) {
            count += 1;
            notes.cited_in(node, count);
            let context = Context { notes: &notes, styles: &styles, file };
            paragraph(node, count, &context, &mut numbering, &mut lines)?;
            // A text box's paragraphs follow the one it is anchored in, each
            // a paragraph of its own (read once, not from the fallback too).
            let mut boxed: Vec<_> =
                text_boxes(node).into_iter().flat_map(|b| b.children().filter(|n| n.is_element())).collect();
            boxed.reverse();
            stack.extend(boxed);
        } else if node.has_tag_name((W, "tbl")) {
            notes.cited_in(node, count + 1);
            table(node, &mut count, &notes, &mut lines);
            numbering.previous = None;
        } else if node.has_tag_name((W, "sdt")) {
            let content = node.children().filter(|n| n.has_tag_name((W, "sdtContent")));
            let mut inner: Vec<_> = content.flat_map(|c| c.children().filter(|n| n.is_element())).collect();
            inner.reverse();
            stack.extend(inner);
        }
    }
    notes.definitions(&mut lines);
    let mut report = revisions(body);
    if contents > 0 {
        report.push(Note::new(
            report::NoteKind::Layout,
            0,
            "Word's table of contents left out: avv prints a table of contents of its own where the agreement asks for one",
        ));
    }
    // Pictures (a signature scan, a diagram, a logo) carry no text to import.
    let drawings: Vec<_> = body.descendants().filter(|n| n.has_tag_name((W, "drawing"))).collect();
    let boxes = drawings.iter().filter(|d| d.descendants().any(|n| n.has_tag_name((W, "txbxContent")))).count();
    let pictures = drawings.len() - boxes;
    if boxes > 0 {
        report.push(Note::new(
            report::NoteKind::Layout,
            0,
            format!(
                "{boxes} text box(es): their text is read as paragraphs after the paragraph each is anchored in; check where it belongs"
            ),
        ));
    }
    if pictures > 0 {
        report.push(Note::new(
            report::NoteKind::Layout,
            0,
            format!(
                "{pictures} picture(s) left out: an agreement is text; describe what a diagram shows in words, or link to it"
            ),
        ));
    }
    let nested = nested_tables(body);
    if nested > 0 {
        report.push(Note::new(
            report::NoteKind::Layout,
            0,
            format!(
                "{nested} table(s) inside a table cell: their text is kept in the cell, rows as \"a | b; c | d\"; make them lists or a table of their own by hand if the layout matters"
            ),
        ));
    }
    Ok((lines, report))
}

/// Whether `node` is (part of) Word's table of contents: a content control
/// of the "Table of Contents" gallery, or a paragraph in a TOC style
/// ("TOC1", "TOCHeading"; German Word: "Verzeichnis1",
/// "Inhaltsverzeichnisberschrift").
fn is_table_of_contents(node: roxmltree::Node<'_, '_>) -> bool {
    if node.has_tag_name((W, "sdt")) {
        return node
            .descendants()
            .filter(|n| n.has_tag_name((W, "docPartGallery")))
            .any(|g| g.attribute((W, "val")).is_some_and(|v| v.eq_ignore_ascii_case("Table of Contents")));
    }
    if node.has_tag_name((W, "p")) {
        let style = attribute(node, &["pPr", "pStyle"]).unwrap_or_default().to_ascii_lowercase();
        let level = |rest: &str| rest.is_empty() || rest.bytes().all(|b| b.is_ascii_digit());
        return style.strip_prefix("toc").is_some_and(|rest| level(rest) || rest == "heading")
            || style.strip_prefix("verzeichnis").is_some_and(level)
            || style.starts_with("inhaltsverzeichnis");
    }
    false
}

/// The elements of a tracked change (`w:ins`, `w:del`, `w:moveFrom`,
/// `w:moveTo`) whose text is the change.
const REVISIONS: [&str; 4] = ["ins", "del", "moveFrom", "moveTo"];

/// Text Word shows only while a change is not accepted: deleted, or moved
/// away from here.
fn withdrawn(node: roxmltree::Node<'_, '_>) -> bool {
    node.ancestors().any(|a| a.has_tag_name((W, "del")) || a.has_tag_name((W, "moveFrom")))
}

/// A note when the body holds tracked changes: the import reads the text
/// as if every one were accepted, which a reviewer must know.
fn revisions(body: roxmltree::Node<'_, '_>) -> Vec<Note> {
    let changes = body
        .descendants()
        .filter(|n| REVISIONS.iter().any(|tag| n.has_tag_name((W, *tag))))
        .filter(|n| n.descendants().any(|t| t.has_tag_name((W, "t")) || t.has_tag_name((W, "delText"))))
        .count();
    if changes == 0 {
        return Vec::new();
    }
    vec![Note::new(
        report::NoteKind::Revision,
        0,
        format!(
            "the document has {changes} tracked change(s); they were read as accepted (insertions kept, \
             deletions and moved-away text left out): if some are not agreed, reject them in Word and import again"
        ),
    )]
}

/// Whether a note is a footnote or an endnote: both become footnotes of
/// the agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum NoteKind {
    Footnote,
    Endnote,
}

/// The footnotes and endnotes of the document, and where each is cited.
#[derive(Debug, Default)]
struct Notes {
    /// Texts by kind and Word id.
    texts: std::collections::HashMap<(NoteKind, String), String>,
    /// The notes in the order they are first cited, with the paragraph.
    cited: Vec<((NoteKind, String), usize)>,
}

/// The note a run references, if it is a footnote or endnote reference.
fn reference(node: roxmltree::Node<'_, '_>) -> Option<(NoteKind, String)> {
    let kind = if node.has_tag_name((W, "footnoteReference")) {
        NoteKind::Footnote
    } else if node.has_tag_name((W, "endnoteReference")) {
        NoteKind::Endnote
    } else {
        return None;
    };
    Some((kind, node.attribute((W, "id"))?.to_owned()))
}

impl NoteKind {
    fn name(self) -> &'static str {
        match self {
            NoteKind::Footnote => "footnote",
            NoteKind::Endnote => "endnote",
        }
    }
}

impl Notes {
    /// Reads the notes of `word/footnotes.xml` or `word/endnotes.xml`;
    /// Word's separators (typed notes) are not text.
    fn read(&mut self, doc: &roxmltree::Document<'_>, kind: NoteKind) {
        for note in doc.root_element().children().filter(|n| n.has_tag_name((W, kind.name()))) {
            let Some(id) = note.attribute((W, "id")) else { continue };
            if note.attribute((W, "type")).is_some_and(|t| t != "normal") {
                continue;
            }
            // The mark a note begins with is Word's, not the note's text:
            // `w:footnoteRef`, or a number in a run of the reference style
            // as other writers (avv's export among them) put it.
            let mark = note
                .descendants()
                .find(|n| n.has_tag_name((W, "r")))
                .filter(|r| attribute(*r, &["rPr", "rStyle"]).is_some_and(|s| s.ends_with("Reference")));
            let paragraphs: Vec<String> = note
                .descendants()
                .filter(|n| n.has_tag_name((W, "p")))
                .map(|p| clean(&text_of(p, &Notes::default(), mark)))
                .filter(|t| !t.is_empty())
                .collect();
            self.texts.insert((kind, id.to_owned()), paragraphs.join(" "));
        }
    }

    /// Notes the references in `node` (a paragraph or a table), read as
    /// paragraph `at`.
    fn cited_in(&mut self, node: roxmltree::Node<'_, '_>, at: usize) {
        for key in node.descendants().filter(|n| !withdrawn(*n)).filter_map(reference) {
            if !self.cited.iter().any(|(k, _)| *k == key) {
                self.cited.push((key, at));
            }
        }
    }

    /// The label of a note in marks and definitions: its place in the
    /// order of citation, "1" for the first.
    fn label(&self, key: &(NoteKind, String)) -> String {
        self.cited
            .iter()
            .position(|(k, _)| k == key)
            .map_or_else(|| format!("{}-{}", key.0.name(), key.1), |i| (i + 1).to_string())
    }

    /// A definition line per cited note (`[^1]: text`), at the paragraph
    /// that cites it; a note cited but missing from its part gets none,
    /// and the importer reports its mark.
    fn definitions(&self, lines: &mut Vec<Line>) {
        for (key, at) in &self.cited {
            let Some(text) = self.texts.get(key) else { continue };
            separate(lines, false);
            let label = self.label(key);
            lines.push(Line { at: *at, kind: Kind::Paragraph, text: format!("[^{label}]: {text}") });
        }
    }
}

/// How every part is parsed: no DTD (no entity expansion), and a bounded
/// number of nodes.
fn options<'a>() -> roxmltree::ParsingOptions<'a> {
    roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: 4_000_000, ..roxmltree::ParsingOptions::default() }
}

/// One part of the archive as text, at most [`MAX_DOCUMENT_BYTES`]
/// inflated, whatever its header declares; `None` when it is absent.
fn part(archive: &mut crate::archive::Reader<'_>, name: &str, file: &Path) -> Result<Option<String>, ImportError> {
    let bytes = archive.part(name, MAX_DOCUMENT_BYTES).map_err(|error| match error {
        PartError::TooLarge => ImportError::ZipBomb { file: file.to_path_buf(), limit: MAX_DOCUMENT_BYTES },
        PartError::Broken(reason) => {
            ImportError::Docx { file: file.to_path_buf(), reason: format!("cannot inflate `{name}`: {reason}") }
        }
    })?;
    let Some(bytes) = bytes else { return Ok(None) };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| ImportError::Docx { file: file.to_path_buf(), reason: format!("`{name}` is not UTF-8") })
}

/// A level of a list definition: its number format, its text (`%1.%2`) and start.
#[derive(Debug, Clone)]
struct Level {
    format: String,
    text: String,
    start: usize,
}

/// Word's list definitions and the counters of the lists read so far.
#[derive(Debug, Default)]
struct Numbering {
    /// Levels per abstract definition.
    abstracts: std::collections::HashMap<String, Vec<Option<Level>>>,
    /// The abstract definition of each list (`w:num`).
    lists: std::collections::HashMap<String, String>,
    /// The counters per list, one per level.
    counters: std::collections::HashMap<String, Vec<usize>>,
    /// What the previous paragraph was: a list and level, or a bullet.
    previous: Option<String>,
    /// The level a paragraph style is linked to (`w:lvl/w:pStyle`).
    style_levels: std::collections::HashMap<String, usize>,
}

impl Numbering {
    fn read(doc: &roxmltree::Document<'_>) -> Self {
        let mut out = Numbering::default();
        for node in doc.root_element().children().filter(|n| n.is_element()) {
            if node.has_tag_name((W, "abstractNum")) {
                let Some(id) = node.attribute((W, "abstractNumId")) else { continue };
                let mut levels: Vec<Option<Level>> = Vec::new();
                for level in node.children().filter(|n| n.has_tag_name((W, "lvl"))) {
                    let Some(index) = level.attribute((W, "ilvl")).and_then(|v| v.parse::<usize>().ok()) else {
                        continue;
                    };
                    if index > MAX_DEPTH {
                        continue;
                    }
                    if levels.len() <= index {
                        levels.resize(index + 1, None);
                    }
                    if let Some(style) = attribute(level, &["pStyle"]) {
                        out.style_levels.insert(style.to_owned(), index);
                    }
                    levels[index] = Some(Level {
                        format: attribute(level, &["numFmt"]).unwrap_or("decimal").to_owned(),
                        text: attribute(level, &["lvlText"]).unwrap_or_default().to_owned(),
                        start: attribute(level, &["start"]).and_then(|v| v.parse().ok()).unwrap_or(1),
                    });
                }
                out.abstracts.insert(id.to_owned(), levels);
            } else if node.has_tag_name((W, "num")) {
                let (Some(id), Some(abstract_id)) = (node.attribute((W, "numId")), attribute(node, &["abstractNumId"]))
                else {
                    continue;
                };
                out.lists.insert(id.to_owned(), abstract_id.to_owned());
            }
        }
        out
    }

    /// The number Word prints for the next paragraph of list `id` at
    /// `level`; `None` for bullets and lists without a definition.
    fn next(&mut self, id: &str, level: usize) -> Option<String> {
        let levels = self.abstracts.get(self.lists.get(id)?)?;
        let definition = levels.get(level)?.as_ref()?;
        if matches!(definition.format.as_str(), "bullet" | "none") || definition.text.is_empty() {
            return None;
        }
        let counters = self.counters.entry(id.to_owned()).or_default();
        if counters.len() <= level {
            counters.resize(level + 1, 0);
        }
        for (index, counter) in counters.iter_mut().enumerate() {
            if index < level && *counter == 0 {
                *counter = levels.get(index).and_then(|l| l.as_ref()).map_or(1, |l| l.start);
            }
        }
        counters[level] = if counters[level] == 0 { definition.start } else { counters[level] + 1 };
        counters.truncate(level + 1);
        let mut text = definition.text.clone();
        for (index, counter) in counters.iter().enumerate() {
            let format = levels.get(index).and_then(|l| l.as_ref()).map_or("decimal", |l| l.format.as_str());
            text = text.replace(&format!("%{}", index + 1), &format_number(*counter, format));
        }
        Some(text)
    }
}

/// A counter in one of Word's number formats.
fn format_number(n: usize, format: &str) -> String {
    let letter = |n: usize, base: u8| {
        let index = (n.max(1) - 1) % 26;
        let repeat = (n.max(1) - 1) / 26 + 1;
        std::iter::repeat_n(char::from(base + index as u8), repeat).collect::<String>()
    };
    match format {
        "lowerLetter" => letter(n, b'a'),
        "upperLetter" => letter(n, b'A'),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn roman(mut n: usize) -> String {
    let mut out = String::new();
    for (value, digits) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

fn attribute<'a>(node: roxmltree::Node<'a, '_>, path: &[&str]) -> Option<&'a str> {
    let mut current = node;
    for name in path {
        current = current.children().find(|n| n.has_tag_name((W, *name)))?;
    }
    current.attribute((W, "val"))
}

/// A check box inserted as a symbol (`w:sym`, Wingdings or Wingdings 2),
/// as the character it shows; `None` for any other symbol.
fn symbol(node: roxmltree::Node<'_, '_>) -> Option<char> {
    if !node.has_tag_name((W, "sym")) {
        return None;
    }
    let font = node.attribute((W, "font"))?.to_ascii_lowercase();
    let code = u32::from_str_radix(node.attribute((W, "char"))?, 16).ok()? & 0xFF;
    match (font.as_str(), code) {
        ("wingdings", 0x6F | 0xA8) | ("wingdings 2", 0xA2 | 0xA3) => Some('☐'),
        ("wingdings", 0xFE) | ("wingdings 2", 0x52) => Some('☑'),
        ("wingdings", 0x78 | 0xFD) | ("wingdings 2", 0x53 | 0x54) => Some('☒'),
        _ => None,
    }
}

/// The text of a paragraph or cell, without the run `skip`; a footnote
/// or endnote reference is its mark (`[^1]`), labelled as `notes` counts it.
fn text_of<'a, 'i>(node: roxmltree::Node<'a, 'i>, notes: &Notes, skip: Option<roxmltree::Node<'a, 'i>>) -> String {
    pieces_of(node, notes, skip).into_iter().map(|(text, _)| text).collect()
}

/// How a run is set: bold, italic.
type Emphasis = (bool, bool);

/// Whether the run around text `t` sets property `name` (`w:b`, `w:i`):
/// present and not switched off (`w:val="0"`, `"false"`, `"off"`).
fn run_sets(t: roxmltree::Node<'_, '_>, name: &str) -> bool {
    let Some(run) = t.ancestors().find(|a| a.has_tag_name((W, "r"))) else { return false };
    let Some(properties) = run.children().find(|c| c.has_tag_name((W, "rPr"))) else { return false };
    properties
        .children()
        .find(|c| c.has_tag_name((W, name)))
        .is_some_and(|p| !matches!(p.attribute((W, "val")), Some("0" | "false" | "off")))
}

/// The pieces of a paragraph's text with how each is set (`None` for a
/// reference, symbol or tab, which take the emphasis around them).
fn pieces_of<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    notes: &Notes,
    skip: Option<roxmltree::Node<'a, 'i>>,
) -> Vec<(String, Option<Emphasis>)> {
    let mut out = Vec::new();
    // The text of a run whose reference brings its own mark
    // (`w:customMarkFollows`) is that mark, not text.
    let custom = |t: roxmltree::Node<'_, '_>| {
        t.parent().is_some_and(|run| {
            run.children().any(|c| {
                reference(c).is_some() && c.attribute((W, "customMarkFollows")).is_some_and(|v| v == "1" || v == "true")
            })
        })
    };
    // A text box's text is not the paragraph's: it is read on its own.
    let boxed = |n: roxmltree::Node<'_, '_>| {
        n.ancestors().take_while(|a| *a != node).any(|a| a.has_tag_name((W, "txbxContent"))) || in_fallback(n)
    };
    for n in node.descendants() {
        if skip.is_some_and(|run| n.ancestors().any(|a| a == run))
            || withdrawn(n)
            || boxed(n)
            || (n.has_tag_name((W, "t")) && custom(n))
        {
            continue;
        }
        if n.has_tag_name((W, "t")) {
            out.push((n.text().unwrap_or_default().to_owned(), Some((run_sets(n, "b"), run_sets(n, "i")))));
        } else if let Some(key) = reference(n) {
            out.push((format!("[^{}]", notes.label(&key)), None));
        } else if let Some(symbol) = symbol(n) {
            out.push((symbol.to_string(), None));
        } else if n.has_tag_name((W, "tab")) || n.has_tag_name((W, "br")) {
            out.push((" ".to_owned(), None));
        }
    }
    out
}

/// A body paragraph's text with the bold and italics Word sets on part of
/// it, as inline markup (`**…**`, `*…*`). A paragraph set the same way
/// throughout is plain text (its weight is a heading's or a table's look,
/// not emphasis), and a leading number or title set apart is left plain,
/// so that clause numbers are read as before. Italics are marked only on
/// whole words (markup cannot open inside one); bold and italic together
/// are bold.
fn marked_text_of(node: roxmltree::Node<'_, '_>, notes: &Notes) -> String {
    let pieces = pieces_of(node, notes, None);
    // References and tabs take the emphasis before them.
    let mut current: Emphasis = (false, false);
    let mut groups: Vec<(Emphasis, String)> = Vec::new();
    for (text, emphasis) in pieces {
        let emphasis = match emphasis {
            Some(e) => {
                current = e;
                e
            }
            None => current,
        };
        let emphasis = if emphasis.0 { (true, false) } else { emphasis };
        match groups.last_mut() {
            Some((e, group)) if *e == emphasis => group.push_str(&text),
            _ => groups.push((emphasis, text)),
        }
    }
    let plain: String = groups.iter().map(|(_, t)| t.as_str()).collect();
    let kinds: std::collections::BTreeSet<Emphasis> =
        groups.iter().filter(|(_, t)| !t.trim().is_empty()).map(|(e, _)| *e).collect();
    if kinds.len() <= 1 {
        return plain;
    }
    let numbered = crate::import::numbering::parse(plain.trim()).is_some();
    let mut out = String::with_capacity(plain.len() + 8);
    for (index, (emphasis, text)) in groups.iter().enumerate() {
        let core = text.trim();
        let lead = &text[..text.len() - text.trim_start().len()];
        let tail = &text[text.trim_end().len()..];
        let first = groups[..index].iter().all(|(_, t)| t.trim().is_empty());
        let mark = match emphasis {
            _ if core.is_empty() || (first && numbered) => "",
            (true, _) => "**",
            (false, true) => {
                // A star opens and closes only at a word's edge.
                let before = out.chars().next_back().filter(|_| lead.is_empty());
                let after = groups.get(index + 1).and_then(|(_, t)| t.chars().next()).filter(|_| tail.is_empty());
                if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
                    ""
                } else {
                    "*"
                }
            }
            (false, false) => "",
        };
        out.push_str(lead);
        out.push_str(mark);
        out.push_str(core);
        out.push_str(mark);
        out.push_str(tail);
    }
    out
}

/// What a paragraph is read with besides itself.
struct Context<'a> {
    notes: &'a Notes,
    styles: &'a Styles,
    file: &'a Path,
}

fn paragraph(
    node: roxmltree::Node<'_, '_>,
    at: usize,
    context: &Context<'_>,
    numbering: &mut Numbering,
    lines: &mut Vec<Line>,
) -> Result<(), ImportError> {
    let text = clean(&marked_text_of(node, context.notes));
    if text.is_empty() {
        lines.push(Line { at, kind: Kind::Blank, text });
        return Ok(());
    }
    let style_id = attribute(node, &["pPr", "pStyle"]).unwrap_or_default();
    let style = style_id.to_ascii_lowercase();
    let level = context.styles.heading_level(style_id);
    // The list a paragraph is in: its own (`w:numId` 0 switches its
    // style's numbering off), else its style's.
    let numbered = match attribute(node, &["pPr", "numPr", "numId"]) {
        Some("0") => None,
        Some(list) => {
            let depth = attribute(node, &["pPr", "numPr", "ilvl"]).and_then(|v| v.parse::<usize>().ok());
            Some((list.to_owned(), depth.or_else(|| numbering.style_levels.get(style_id).copied()).unwrap_or(0)))
        }
        None => context.styles.numbering(style_id, numbering),
    };
    // Bullets typed into the text ("•" and a tab), as many exports write
    // them: list items, nested by their left indent. A paragraph led by a
    // check box is an item too, box and all: boxed items are alternatives.
    let bullet = ["•", "▪", "◦", "·"].iter().find_map(|b| text.strip_prefix(b).filter(|r| r.starts_with(' ')));
    let boxed = ["☐", "☒", "☑", "□", "■"]
        .iter()
        .any(|b| text.starts_with(b))
        .then_some(text.as_str())
        .filter(|_| numbered.is_none());
    if level.is_none()
        && style != "title"
        && let Some(rest) = bullet.or(boxed)
    {
        let indent = node
            .children()
            .find(|n| n.has_tag_name((W, "pPr")))
            .and_then(|p| p.children().find(|n| n.has_tag_name((W, "ind"))));
        let left = indent
            .and_then(|ind| ind.attribute((W, "left")).or_else(|| ind.attribute((W, "start"))))
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0);
        let depth = (left.saturating_sub(1) / 567).min(MAX_DEPTH);
        separate(lines, numbering.previous.as_deref() == Some("item"));
        numbering.previous = Some("item".to_owned());
        lines.push(Line { at, kind: Kind::Item(depth), text: rest.trim_start().to_owned() });
        return Ok(());
    }
    let (kind, text) = if style == "title" {
        (Kind::Heading(1), text)
    } else if let Some(level) = level {
        // A numbered heading prints its number ("2.1 Pflichten"): the
        // outline reads the clause's number from it.
        let number = numbered.and_then(|(list, depth)| numbering.next(&list, depth.min(MAX_DEPTH)));
        (Kind::Heading(level.clamp(1, 6)), number.map_or(text.clone(), |n| format!("{n} {text}")))
    } else if let Some((list, depth)) = numbered {
        if depth > MAX_DEPTH {
            return Err(ImportError::Nesting { file: context.file.to_path_buf(), line: at, depth, limit: MAX_DEPTH });
        }
        // A number Word prints: put it in front, as a text export would.
        // Paragraphs of one list and level follow each other like the
        // lines of a list; anything else is set apart by a blank line.
        if let Some(number) = numbering.next(&list, depth) {
            let key = format!("{list}/{depth}");
            separate(lines, numbering.previous.as_deref() == Some(key.as_str()));
            numbering.previous = Some(key);
            lines.push(Line { at, kind: Kind::Paragraph, text: format!("{number} {text}") });
            return Ok(());
        }
        separate(lines, numbering.previous.as_deref() == Some("item"));
        numbering.previous = Some("item".to_owned());
        lines.push(Line { at, kind: Kind::Item(depth), text });
        return Ok(());
    } else {
        (Kind::Paragraph, text)
    };
    // A blank line between paragraphs, as in the text exports.
    separate(lines, false);
    numbering.previous = None;
    lines.push(Line { at, kind, text });
    Ok(())
}

/// A paragraph style: what it sets itself, the rest from `based_on`.
#[derive(Debug, Default, Clone)]
struct Style {
    based_on: Option<String>,
    /// Its list (`w:numPr`): the list id and, if set, the level.
    list: Option<(String, Option<usize>)>,
    /// Its outline level (`w:outlineLvl`, 0 for a level 1 heading).
    outline: Option<u8>,
}

/// The paragraph styles of `word/styles.xml`, by id.
#[derive(Debug, Default)]
struct Styles {
    styles: std::collections::HashMap<String, Style>,
}

/// How many styles a chain of `w:basedOn` may have (a cycle ends there).
const MAX_BASED_ON: usize = 16;

impl Styles {
    fn read(doc: &roxmltree::Document<'_>) -> Self {
        let mut styles = std::collections::HashMap::new();
        for node in doc.root_element().children().filter(|n| n.has_tag_name((W, "style"))) {
            if node.attribute((W, "type")).is_some_and(|t| t != "paragraph") {
                continue;
            }
            let Some(id) = node.attribute((W, "styleId")) else { continue };
            let list = attribute(node, &["pPr", "numPr", "numId"])
                .map(|list| (list.to_owned(), attribute(node, &["pPr", "numPr", "ilvl"]).and_then(|v| v.parse().ok())));
            let style = Style {
                based_on: attribute(node, &["basedOn"]).map(str::to_owned),
                list,
                outline: attribute(node, &["pPr", "outlineLvl"]).and_then(|v| v.parse().ok()),
            };
            styles.insert(id.to_owned(), style);
        }
        Styles { styles }
    }

    /// The style `id` and the styles it is based on, nearest first.
    fn chain<'a>(&'a self, id: &'a str) -> impl Iterator<Item = (&'a str, Option<&'a Style>)> + 'a {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let id = next?;
            let style = self.styles.get(id);
            next = style.and_then(|s| s.based_on.as_deref());
            Some((id, style))
        })
        .take(MAX_BASED_ON)
    }

    /// The heading level of a paragraph of style `id`: from the id of the
    /// style or of one it is based on (`Heading2`, `berschrift2` as Word
    /// writes "Überschrift 2"), else from an outline level.
    fn heading_level(&self, id: &str) -> Option<u8> {
        self.chain(id).find_map(|(id, style)| {
            let lower = id.to_ascii_lowercase();
            let named = ["heading", "berschrift", "überschrift"]
                .iter()
                .find_map(|prefix| lower.strip_prefix(prefix))
                .and_then(|n| n.trim().parse::<u8>().ok());
            named.or_else(|| style.and_then(|s| s.outline).filter(|l| *l < 9).map(|l| l + 1))
        })
    }

    /// The list and level a paragraph of style `id` is numbered in, if
    /// its style or one it is based on sets one (`w:numId` 0: none).
    fn numbering(&self, id: &str, numbering: &Numbering) -> Option<(String, usize)> {
        let (list, depth) = self.chain(id).find_map(|(_, style)| style.and_then(|s| s.list.clone()))?;
        if list == "0" {
            return None;
        }
        Some((list, depth.or_else(|| numbering.style_levels.get(id).copied()).unwrap_or(0)))
    }
}

/// Ends the previous paragraph with a blank line, unless `continues`.
fn separate(lines: &mut Vec<Line>, continues: bool) {
    if !continues && lines.last().is_some_and(|l| l.kind != Kind::Blank) {
        let at = lines.last().map_or(0, |l| l.at);
        lines.push(Line { at, kind: Kind::Blank, text: String::new() });
    }
}

fn table(node: roxmltree::Node<'_, '_>, count: &mut usize, notes: &Notes, lines: &mut Vec<Line>) {
    separate(lines, false);
    for row in node.children().filter(|n| n.has_tag_name((W, "tr"))) {
        let cells: Vec<String> =
            row.children().filter(|n| n.has_tag_name((W, "tc"))).map(|cell| cell_text(cell, notes)).collect();
        *count += 1;
        lines.push(Line { at: *count, kind: Kind::Row(cells), text: String::new() });
    }
    lines.push(Line { at: *count, kind: Kind::Blank, text: String::new() });
}

/// A cell's text: its paragraphs, those in content controls, and those of a
/// table inside it (common in TOM annexes), whose rows become "a | b; c | d"
/// within the cell rather than being lost.
fn cell_text(cell: roxmltree::Node<'_, '_>, notes: &Notes) -> String {
    let mut parts: Vec<String> = Vec::new();
    for child in cell.children().filter(|n| n.is_element()) {
        if child.has_tag_name((W, "p")) {
            parts.push(clean(&text_of(child, notes, None)));
        } else if child.has_tag_name((W, "tbl")) {
            let rows: Vec<String> = child
                .children()
                .filter(|n| n.has_tag_name((W, "tr")))
                .map(|row| {
                    let cells: Vec<String> = row
                        .children()
                        .filter(|n| n.has_tag_name((W, "tc")))
                        .map(|c| cell_text(c, notes))
                        .filter(|t| !t.is_empty())
                        .collect();
                    cells.join(" | ")
                })
                .filter(|r| !r.is_empty())
                .collect();
            parts.push(rows.join("; "));
        } else if child.has_tag_name((W, "sdt")) {
            for content in child.children().filter(|n| n.has_tag_name((W, "sdtContent"))) {
                parts.push(cell_text(content, notes));
            }
        }
    }
    parts.retain(|t| !t.is_empty());
    parts.join(" ")
}

/// How many tables stand inside a table cell: their text is kept in the
/// cell, their grid is not.
fn nested_tables(body: roxmltree::Node<'_, '_>) -> usize {
    body.descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .filter(|n| n.ancestors().skip(1).any(|a| a.has_tag_name((W, "tc"))))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_counters_print_as_word_does() {
        assert_eq!(format_number(3, "lowerLetter"), "c");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(9, "lowerRoman"), "ix");
        assert_eq!(format_number(12, "decimal"), "12");
        let mut numbering = Numbering::default();
        numbering.lists.insert("1".into(), "0".into());
        let level = |format: &str, text: &str| Some(Level { format: format.into(), text: text.into(), start: 1 });
        numbering
            .abstracts
            .insert("0".into(), vec![level("decimal", "%1."), level("decimal", "%1.%2"), level("bullet", "•")]);
        assert_eq!(numbering.next("1", 0).as_deref(), Some("1."));
        assert_eq!(numbering.next("1", 1).as_deref(), Some("1.1"));
        assert_eq!(numbering.next("1", 1).as_deref(), Some("1.2"));
        assert_eq!(numbering.next("1", 2), None);
        assert_eq!(numbering.next("1", 0).as_deref(), Some("2."));
        assert_eq!(numbering.next("1", 1).as_deref(), Some("2.1"));
        assert_eq!(numbering.next("9", 0), None);
    }
}
