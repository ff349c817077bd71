//! The DOCX export: every bundled agreement reads as its Markdown rendering
//! (word similarity of at least 0.97), the file is the same bytes for the
//! same input, the parts are well-formed, and the document XML of a small
//! fixture is kept as a snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use avv_core::load::{Folder, load_folder};
use avv_core::render::inline::Flavor;
use avv_core::render::{Stamp, Templates, render_docx, render_text};

#[path = "support/docx_text.rs"]
mod docx_text;
#[path = "support/words.rs"]
mod words;

const THRESHOLD: f32 = 0.97;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn load(dir: &Path, root: &Path) -> Folder {
    let loaded = load_folder(dir, root);
    assert!(loaded.diagnostics.is_empty(), "{} does not load cleanly: {:?}", dir.display(), loaded.diagnostics);
    loaded.folder
}

fn bundled() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(workspace().join("agreements"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("agreement.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// Markdown without what only Markdown has: footnote marks (`[^1]`, a
/// number of its own in Word) and the `<small>` tag of the trace line.
fn markdown_words(markdown: &str) -> Vec<String> {
    let mut text = markdown.replace("<small>", " ").replace("</small>", " ");
    while let Some(start) = text.find("[^") {
        let end = text[start..].find(']').map_or(text.len(), |e| start + e + 1);
        text.replace_range(start..end, " ");
    }
    words::normalise(&text).into_iter().map(|w| w.to_lowercase()).collect()
}

fn docx_words(docx: &[u8]) -> Vec<String> {
    let parts = docx_text::parts(docx);
    words::normalise(&docx_text::text(&parts)).into_iter().map(|w| w.to_lowercase()).collect()
}

#[test]
fn every_bundled_agreement_reads_as_its_markdown() {
    let stamp = Stamp { commit: Some("0123456789abcdef0123456789abcdef01234567".into()) };
    let out = workspace().join("target/docx");
    std::fs::create_dir_all(&out).ok();
    let mut failed = Vec::new();
    for dir in bundled() {
        let folder = load(&dir, &workspace());
        let markdown = render_text(&Templates::new(None), &folder, None, Flavor::Markdown, &stamp).unwrap();
        let docx = render_docx(&folder, None, &stamp, None).unwrap();
        std::fs::write(out.join(format!("{}.docx", folder.id)), &docx).ok();
        let (md, word) = (markdown_words(&markdown), docx_words(&docx));
        let ratio = words::ratio(&md, &word);
        println!("docx {}: {ratio:.4} ({} words in Markdown, {} in DOCX)", folder.id, md.len(), word.len());
        if ratio < THRESHOLD {
            std::fs::write(out.join(format!("{}.md.words", folder.id)), md.join("\n")).ok();
            std::fs::write(out.join(format!("{}.docx.words", folder.id)), word.join("\n")).ok();
            failed.push(format!("{}: {ratio:.4}", folder.id));
        }
    }
    assert!(failed.is_empty(), "below {THRESHOLD}: {failed:?}; the word lists are in target/docx/");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let stamp = Stamp { commit: Some("0".repeat(40)) };
    for dir in bundled() {
        let folder = load(&dir, &workspace());
        let first = render_docx(&folder, None, &stamp, Some(1_700_000_000)).unwrap();
        // Another thread: docx-rs keeps counters per thread and per process.
        let second = std::thread::scope(|s| {
            s.spawn(|| render_docx(&folder, None, &stamp, Some(1_700_000_000)).unwrap()).join().unwrap()
        });
        let third = render_docx(&folder, None, &stamp, Some(1_700_000_000)).unwrap();
        assert!(first == second && second == third, "{}: the DOCX differs between renderings", folder.id);
        // The date is the epoch's, in the properties and the ZIP entries.
        let parts = docx_text::parts(&first);
        assert!(parts["docProps/core.xml"].contains("2023-11-14T22:13:20Z"), "{}", folder.id);
        let other = render_docx(&folder, None, &stamp, Some(1_800_000_000)).unwrap();
        assert_ne!(first, other, "{}: the epoch dates the file", folder.id);
    }
}

#[test]
fn the_package_is_well_formed_and_german() {
    let root = workspace();
    for dir in bundled() {
        let folder = load(&dir, &root);
        let docx = render_docx(&folder, None, &Stamp::default(), None).unwrap();
        assert!(docx.starts_with(b"PK\x03\x04"));
        let parts = docx_text::parts(&docx);
        docx_text::check_xml(&parts);
        let core = &parts["docProps/core.xml"];
        let title = &folder.agreement.as_ref().unwrap().value.meta.title;
        assert!(core.contains(&format!("<dc:title>{}</dc:title>", title.replace('&', "&amp;"))), "{core}");
        assert!(core.contains("<dc:creator>avv</dc:creator>") && core.contains("<dc:language>de-DE</dc:language>"));
        assert!(parts["word/styles.xml"].contains(r#"<w:lang w:val="de-DE""#));
        // The trace line is the footer.
        let footer = docx_text::paragraphs(&parts["word/footer1.xml"]).join(" ");
        assert!(footer.contains("erzeugt ohne Git-Commit") && footer.contains("SHA-256"), "{footer}");
    }
}

/// Word would number footnotes in the order the text cites them; the
/// other formats number them as the agreement lists them. Each reference
/// carries avv's number as a custom mark, so the Word file prints the same
/// numbers as the PDF, in the text and in the notes, also when the text
/// cites the notes in another order and one note twice.
#[test]
fn footnotes_keep_the_numbers_of_the_other_formats() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    let mut folder = load(&root.join("acme"), &root);
    let agreement = &mut folder.agreement_mut().unwrap().value;
    let note = |id: &str, text: &str| avv_core::model::agreement::Footnote {
        id: avv_core::model::Id(id.into()),
        text: text.into(),
    };
    agreement.footnote.insert(0, note("frueh", "Früher aufgeführt, später zitiert."));
    agreement.footnote.insert(1, note("spaet", "Später aufgeführt, früher zitiert."));
    agreement.clause[0].text = Some("Erster Verweis[^spaet].".into());
    agreement.clause[1].text = Some("Zweiter Verweis[^frueh], dann wieder[^spaet].".into());
    let markdown = render_text(&Templates::new(None), &folder, None, Flavor::Markdown, &Stamp::default()).unwrap();
    let cited = |text: &str, before: &str| -> Vec<String> {
        text.split(before).skip(1).map(|rest| rest.chars().take_while(char::is_ascii_digit).collect()).collect()
    };
    // Markdown cites `[^2]`; its definitions are `[^2]: …`.
    let in_markdown: Vec<String> = cited(&markdown, "[^").into_iter().collect();
    let in_markdown: Vec<&String> = in_markdown.iter().take(3).collect();
    assert_eq!(in_markdown, ["2", "1", "2"], "{markdown}");
    let parts = docx_text::parts(&render_docx(&folder, None, &Stamp::default(), None).unwrap());
    let document = &parts["word/document.xml"];
    let marks: Vec<String> = document
        .split("w:customMarkFollows=\"1\"")
        .skip(1)
        .map(|rest| cited(rest, "xml:space=\"preserve\">").into_iter().next().unwrap_or_default())
        .collect();
    assert_eq!(marks[..3], ["2", "1", "2"], "{document}");
    // Each note begins with the same number, then its text.
    let notes = docx_text::paragraphs(&parts["word/footnotes.xml"]);
    assert!(notes.iter().any(|n| n.starts_with("2 Später aufgeführt")), "{notes:?}");
    assert!(notes.iter().any(|n| n.starts_with("1 Früher aufgeführt")), "{notes:?}");
}

/// Footnotes are Word footnotes, blanks are highlighted, links are
/// hyperlinks (external ones with their address as a relationship,
/// internal ones to a bookmark), and numbers are printed text (no Word
/// numbering).
#[test]
fn footnotes_blanks_and_links_are_word_features() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    let mut folder = load(&root.join("acme"), &root);
    let agreement = &mut folder.agreement_mut().unwrap().value;
    let target = agreement.clause[0].id.to_string();
    agreement.clause[1].text = Some(format!(
        "Siehe [das BSI](https://www.bsi.bund.de/?a=1&b=2), [Ziffer 1](#{target}) und [die Aufsicht](mailto:poststelle@example.de)."
    ));
    let docx = render_docx(&folder, None, &Stamp::default(), None).unwrap();
    let parts = docx_text::parts(&docx);
    docx_text::check_xml(&parts);
    let document = &parts["word/document.xml"];
    let agreement = &folder.agreement.as_ref().unwrap().value;
    assert!(!agreement.footnote.is_empty());
    assert!(document.contains("<w:footnoteReference w:customMarkFollows=\"1\" w:id=\"1\""), "a footnote reference");
    let notes = docx_text::paragraphs(&parts["word/footnotes.xml"]).join("\n");
    assert!(notes.contains(&agreement.footnote[0].text[..10]), "{notes}");
    assert!(parts["[Content_Types].xml"].contains("footnotes"));
    assert!(document.contains(r#"<w:highlight w:val="yellow" />"#), "a highlighted blank");
    assert!(!document.contains("<w:numPr>"), "no Word numbering");
    let rels = &parts["word/_rels/document.xml.rels"];
    assert!(rels.contains(r#"Target="https://www.bsi.bund.de/?a=1&amp;b=2" TargetMode="External""#), "{rels}");
    assert!(rels.contains(r#"Target="mailto:poststelle@example.de" TargetMode="External""#), "{rels}");
    let bookmark = target.replace('-', "_");
    assert!(document.contains(&format!(r#"<w:hyperlink w:anchor="{bookmark}""#)), "an internal link");
    assert!(document.contains(&format!(r#"w:name="{bookmark}""#)), "its bookmark");
    // The addresses are listed at the end, for a paper copy.
    let text = docx_text::paragraphs(document).join("\n");
    assert!(text.contains("Verweise\n") && text.contains("das BSI: https://www.bsi.bund.de/?a=1&b=2"), "{text}");
}

/// The document XML of the smallest valid agreement, one element per line.
#[test]
fn minimal_document_xml() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let folder = load(&root.join("minimal"), &root);
    let docx = render_docx(&folder, None, &Stamp { commit: Some("0".repeat(40)) }, Some(0)).unwrap();
    let parts = docx_text::parts(&docx);
    let document = parts["word/document.xml"].replace("><", ">\n<");
    insta::assert_snapshot!(document);
}

/// pcvisit with the changes a Synopse must show: Livestorm replaced by
/// Zoom, Auth0 moved from the Data Privacy Framework to standard
/// contractual clauses, Toolhouse gone, and a word changed in a clause.
fn pcvisit_changed() -> (Folder, Folder) {
    use avv_core::model::primitives::Id;
    let old = load(&workspace().join("agreements/pcvisit"), &workspace());
    let mut new = old.clone();
    let subs = &mut new.subprocessors_mut().unwrap().value.subprocessor;
    let at = subs.iter().position(|s| s.id.as_str() == "livestorm").unwrap();
    let mut zoom = subs[at].clone();
    zoom.id = Id("zoom".into());
    zoom.name = "Zoom Video Communications, Inc.".into();
    zoom.replaces = Some(Id("livestorm".into()));
    subs[at] = zoom;
    let scc = subs
        .iter()
        .flat_map(|s| s.safeguards.iter())
        .find_map(|g| g.transfer.clone().filter(|t| t.mechanism.to_string() == "scc"))
        .unwrap();
    let auth0 = subs.iter_mut().find(|s| s.id.as_str() == "auth0").unwrap();
    auth0.safeguards.iter_mut().find(|g| g.transfer.is_some()).unwrap().transfer = Some(scc);
    subs.retain(|s| s.id.as_str() != "toolhouse");
    let clause = &mut new.agreement_mut().unwrap().value.clause[0];
    let text = clause.text.as_mut().or(clause.clause[0].text.as_mut()).unwrap();
    *text = text.replacen("Vereinbarung", "Vereinbarung (geändert)", 1);
    (old, new)
}

/// The runs of a WordprocessingML part with the formatting `property`
/// (`strike`, `u`): their texts.
fn runs_with(xml: &str, property: &str) -> Vec<String> {
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let document = roxmltree::Document::parse(xml).unwrap();
    document
        .descendants()
        .filter(|n| n.has_tag_name((W, "r")))
        .filter(|r| r.descendants().any(|n| n.has_tag_name((W, property))))
        .map(|r| r.descendants().filter(|n| n.has_tag_name((W, "t"))).filter_map(|t| t.text()).collect())
        .collect()
}

/// The Synopse in Word: side by side, a table with the earlier version on
/// the left (removed words struck) and the later one on the right (inserted
/// words underlined); a replaced or removed entry stays visible on the left;
/// German labels, no internal codes; the same bytes for the same input;
/// inline, one text per change and no table.
#[test]
fn the_synopsis_sets_old_beside_new_in_word() {
    use avv_core::render::docx::DocxOptions;
    use avv_core::render::synopsis::{SynopsisLayout, render_synopsis_docx};
    let (old, new) = pcvisit_changed();
    let stamp = Stamp { commit: Some("1".repeat(40)) };
    let options = DocxOptions { epoch: Some(1_700_000_000), date: None };
    let docx = render_synopsis_docx(&old, &new, SynopsisLayout::Columns, &stamp, &options).unwrap();
    let again = std::thread::scope(|s| {
        s.spawn(|| render_synopsis_docx(&old, &new, SynopsisLayout::Columns, &stamp, &options).unwrap()).join().unwrap()
    });
    assert!(docx == again, "the same Synopse gives the same bytes");
    // Kept for a look in Word or LibreOffice.
    let out = workspace().join("target/docx");
    std::fs::create_dir_all(&out).ok();
    std::fs::write(out.join("synopse-pcvisit.docx"), &docx).ok();
    let parts = docx_text::parts(&docx);
    docx_text::check_xml(&parts);
    let document = &parts["word/document.xml"];
    let text = docx_text::paragraphs(document).join("\n");
    let version = |f: &Folder| f.agreement.as_ref().unwrap().value.meta.version.clone();
    assert!(text.contains(&format!("Version {} (bisher)", version(&old))), "{text}");
    assert!(text.contains("Zusammenfassung der Änderungen") && text.contains("entfällt"), "{text}");
    assert!(text.contains("EU-U.S. Data Privacy Framework") && text.contains("Standardvertragsklauseln"), "{text}");
    assert!(!text.contains("adequacy") && !text.contains("eu-us-dpf"), "no internal codes: {text}");
    assert_eq!(document.matches("<w:tbl>").count(), 1, "one table");
    let struck = runs_with(document, "strike").join(" ").to_lowercase();
    let underlined = runs_with(document, "u").join(" ").to_lowercase();
    assert!(struck.contains("livestorm") && struck.contains("toolhouse"), "{struck}");
    assert!(underlined.contains("zoom") && underlined.contains("(geändert)"), "{underlined}");
    assert!(!struck.contains("(geändert)") && !underlined.contains("livestorm"), "each side its own marks");
    let core = &parts["docProps/core.xml"];
    assert!(core.contains("<dc:title>Synopse pcvisit") && core.contains("2023-11-14T22:13:20Z"), "{core}");
    let footer = docx_text::paragraphs(&parts["word/footer1.xml"]).join(" ");
    assert!(footer.contains("erzeugt aus Commit 111111111111"), "{footer}");

    let inline = render_synopsis_docx(&old, &new, SynopsisLayout::Inline, &stamp, &options).unwrap();
    let parts = docx_text::parts(&inline);
    docx_text::check_xml(&parts);
    let document = &parts["word/document.xml"];
    assert!(!document.contains("<w:tbl>"), "inline has no table");
    assert!(runs_with(document, "strike").join(" ").to_lowercase().contains("livestorm"));
    assert!(runs_with(document, "u").join(" ").contains("(geändert)"));
}

/// `[{seite}](#id)`: the PDF counts the page where the node was laid out
/// (typst's `avv-page`), Word a PAGEREF field to the node's bookmark;
/// formats without pages name the node's place, a party by its role.
#[test]
fn page_references_are_counted_where_there_are_pages() {
    let folder = load(&workspace().join("agreements/pcvisit"), &workspace());
    let templates = Templates::new(None);
    let render = |flavor| render_text(&templates, &folder, None, flavor, &Stamp::default()).unwrap();
    let markdown = render(Flavor::Markdown);
    assert!(markdown.contains("- **[Auftraggeber](#kunde): Ihre Unternehmensdaten sowie**"), "{markdown}");
    assert!(markdown.contains("- **[Punkt 12](#kontaktpersonen): Ihre Kontaktpersonen ein.**"), "{markdown}");
    let html = render(Flavor::Html);
    assert!(html.contains("<a href=\"#kontaktpersonen\">Punkt 12</a>") && html.contains("id=\"kunde\""), "{html}");
    let typst = render(Flavor::Typst);
    assert!(typst.contains("#avv-page(\"kontaktpersonen\")[Punkt 12];"), "{typst}");
    assert!(typst.contains("#avv-anchor(\"kunde\")"), "the party has a label to count");
    assert!(!markdown.contains("{seite}") && !html.contains("{seite}"));

    let docx = render_docx(&folder, None, &Stamp::default(), None).unwrap();
    let parts = docx_text::parts(&docx);
    let document = &parts["word/document.xml"];
    for bookmark in ["kunde", "kontaktpersonen"] {
        assert!(document.contains(&format!("PAGEREF {bookmark} \\h")), "a page field to {bookmark}");
        assert!(document.contains(&format!("w:name=\"{bookmark}\"")), "the bookmark {bookmark}");
    }
    assert!(document.contains("w:dirty=\"true\""), "Word counts the page when the file opens");
    let text = docx_text::paragraphs(document).join("\n");
    assert!(text.contains("Seite ?: Ihre Kontaktpersonen ein."), "{text}");
}
