//! Reading a DOCX back, as an independent check of what avv wrote: the ZIP
//! entries, each XML part parsed, and the text of the paragraphs.

#![allow(dead_code)] // each test binary uses a different part

use std::collections::BTreeMap;
use std::io::Read;

/// The entries of a DOCX, by name, as text.
pub fn parts(docx: &[u8]) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a ZIP file");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("an entry");
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("a UTF-8 entry");
        out.insert(entry.name().to_owned(), text);
    }
    out
}

/// Parses every XML part; panics naming the part that is not well-formed.
pub fn check_xml(parts: &BTreeMap<String, String>) {
    for (name, text) in parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"));
        }
    }
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The text of each paragraph (`w:p`) of a WordprocessingML part, in
/// document order: `w:t` as it is, `w:tab` as a tab, `w:br` as a line end.
pub fn paragraphs(xml: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).expect("well-formed XML");
    document
        .descendants()
        .filter(|node| node.has_tag_name((W, "p")))
        .map(|paragraph| {
            let mut text = String::new();
            for node in paragraph.descendants() {
                if node.has_tag_name((W, "t")) {
                    text.push_str(node.text().unwrap_or_default());
                } else if node.has_tag_name((W, "tab")) {
                    text.push('\t');
                } else if node.has_tag_name((W, "br")) {
                    text.push('\n');
                }
            }
            text
        })
        .collect()
}

/// The text of a DOCX: the body, then the footnotes, then the footer.
pub fn text(parts: &BTreeMap<String, String>) -> String {
    let mut out = Vec::new();
    for name in ["word/document.xml", "word/footnotes.xml", "word/footer1.xml"] {
        if let Some(xml) = parts.get(name) {
            out.extend(paragraphs(xml));
        }
    }
    out.join("\n")
}
