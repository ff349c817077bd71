//! Data never becomes markup or code: a corpus of hostile strings is put
//! into every string field of the model at once (agreement, TOM,
//! sub-processor list, customer instance), and every format is rendered:
//! Markdown, HTML, the typst source and the PDF made from it, the DOCX, the
//! Synopse in HTML and PDF. Every rendering must succeed (a string typst rejects would
//! break every later build, since past versions are rendered again), show
//! the string as text, and leave the PDF's metadata to avv; every XML part
//! of the DOCX must stay well-formed.

use std::path::Path;

use avv_core::load::{Folder, load_folder};
use avv_core::render::inline::{Flavor, escape, escape_cell, escape_heading};
use avv_core::render::synopsis::{SynopsisLayout, render_synopsis};
use avv_core::render::{Stamp, Templates, render_docx, render_pdf, render_text};
use serde_json::Value;

#[path = "support/docx_text.rs"]
mod docx_text;

/// Strings that would be code in some output: quotes and backslashes for
/// string literals, typst's `#`, `$`, `]`, comments and raw blocks,
/// keywords, HTML tags, control characters (ESC, CR, DEL, NUL-like).
const HOSTILE: &[&str] = &[
    "\", author: \"EVILAUTHOR",
    "\\\" #set document(author: \"EVILAUTHOR\") \\",
    "#import \"/etc/passwd\"",
    "#include \"x.typ\"",
    "$ x^2 $",
    "] #text(fill: red)[rot",
    "// Kommentar",
    "/* Kommentar",
    "```typ\n#panic()\n```",
    "#let x = 1 #x",
    "<script>alert(1)</script>",
    "\u{1b}[31mrot\u{1b}[0m",
    "Zeile\rüberschrieben\u{7f}",
    "\u{1}\u{2}\u{8}",
    "@label <anchor> ~ = - + \\",
];

fn fixture() -> Folder {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    let mut folder = load_folder(&root.join("acme"), &root).folder;
    assert!(folder.agreement.is_some());
    // The processor's countersignature, so that its place is poisoned too.
    let customer = std::sync::Arc::make_mut(&mut folder.customers[0]);
    customer.value.signing.as_mut().expect("the fixture's customer signed").parties.push(
        avv_core::model::customer::PartySigning {
            party: avv_core::model::Id("auftragnehmer".into()),
            place: Some("Hamburg".into()),
            date: avv_core::model::Date::parse("2024-03-18"),
        },
    );
    folder
}

/// Appends `hostile` to every string value of `json` that the model still
/// accepts (ids, codes and dates do not take it), checked one by one.
fn poison<T: serde::de::DeserializeOwned>(json: &Value, hostile: &str) -> (Value, usize) {
    let mut pointers = Vec::new();
    strings(json, String::new(), &mut pointers);
    let mut out = json.clone();
    let mut count = 0;
    for pointer in pointers {
        let mut trial = json.clone();
        if let Some(Value::String(text)) = trial.pointer_mut(&pointer) {
            text.push_str(hostile);
        }
        if serde_json::from_value::<T>(trial).is_ok()
            && let Some(Value::String(text)) = out.pointer_mut(&pointer)
        {
            text.push_str(hostile);
            count += 1;
        }
    }
    (out, count)
}

fn strings(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                strings(child, format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                strings(child, format!("{pointer}/{i}"), out);
            }
        }
        Value::String(_) => out.push(pointer),
        _ => {}
    }
}

fn poisoned(base: &Folder, hostile: &str) -> (Folder, usize) {
    let mut folder = base.clone();
    let mut count = 0;
    macro_rules! file {
        ($field:expr) => {
            if let Some(parsed) = $field {
                let (json, n) = poison_value(&parsed.value, hostile);
                parsed.value = json;
                count += n;
            }
        };
    }
    fn poison_value<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T, hostile: &str) -> (T, usize) {
        let json = serde_json::to_value(value).expect("serialise");
        let (json, n) = poison::<T>(&json, hostile);
        (serde_json::from_value(json).expect("accepted"), n)
    }
    file!(folder.agreement_mut());
    file!(folder.tom_mut());
    file!(folder.subprocessors_mut());
    for customer in &mut folder.customers {
        file!(Some(std::sync::Arc::make_mut(customer)));
    }
    (folder, count)
}

/// The value of a PDF Info or XMP entry, where it is written out plainly.
fn author(pdf: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(pdf);
    let start = text.find("<dc:creator>")?;
    let rest = &text[start..];
    let li = rest.find("<rdf:li>")? + "<rdf:li>".len();
    let end = rest[li..].find("</rdf:li>")?;
    Some(rest[li..li + end].to_owned())
}

#[test]
fn hostile_strings_stay_text_in_every_format() {
    let base = fixture();
    let templates = Templates::new(None);
    let stamp = Stamp { commit: Some("0".repeat(40)) };
    let clean_pdf = render_pdf(&templates, &base, None, &stamp, Some(0)).expect("the clean PDF");
    let clean_author = author(&clean_pdf);
    for hostile in HOSTILE {
        let (folder, count) = poisoned(&base, hostile);
        assert!(count > 100, "{hostile:?}: only {count} fields took it");
        let customer = folder.customers.first().map(|c| ("kunde", &c.value));
        for instance in [None, customer] {
            let markdown = render_text(&templates, &folder, instance, Flavor::Markdown, &stamp)
                .unwrap_or_else(|e| panic!("{hostile:?}: Markdown: {e}"));
            let html = render_text(&templates, &folder, instance, Flavor::Html, &stamp)
                .unwrap_or_else(|e| panic!("{hostile:?}: HTML: {e}"));
            let typst = render_text(&templates, &folder, instance, Flavor::Typst, &stamp)
                .unwrap_or_else(|e| panic!("{hostile:?}: typst: {e}"));
            // The title carries the string, escaped for each format.
            let title = format!("{}{hostile}", base.agreement.as_ref().unwrap().value.meta.title);
            // (A line break in a text prints as one: compare with it as a plain line end.)
            let shown = |output: &str, br: &str| output.replace(br, "\n");
            assert!(
                shown(&html, "<br>\n").contains(&escape(&title, Flavor::Html)),
                "{hostile:?}: HTML shows the title as text"
            );
            // The title is a heading in Markdown: one line.
            assert!(markdown.contains(&escape_heading(&title, Flavor::Markdown)), "{hostile:?}: Markdown");
            assert!(shown(&typst, " \\\n").contains(&escape(&title, Flavor::Typst)), "{hostile:?}: typst markup");
            assert!(!html.to_lowercase().contains("<script"), "{hostile:?}: no script tag");
            for output in [&markdown, &html] {
                assert!(
                    !output.contains('\u{1b}') && !output.contains('\r'),
                    "{hostile:?}: a control character got through"
                );
            }
            // The DOCX: every part parses, the title is text, the
            // properties say what avv says.
            let docx =
                render_docx(&folder, instance, &stamp, Some(0)).unwrap_or_else(|e| panic!("{hostile:?}: DOCX: {e}"));
            let parts = docx_text::parts(&docx);
            docx_text::check_xml(&parts);
            let text = docx_text::paragraphs(&parts["word/document.xml"]).join("\n");
            assert!(text.contains(&escape(&title, Flavor::Docx)), "{hostile:?}: DOCX shows the title as text");
            let core = roxmltree::Document::parse(&parts["docProps/core.xml"]).unwrap();
            let creator = core.descendants().find(|n| n.has_tag_name("creator")).and_then(|n| n.text());
            assert_eq!(creator, Some("avv"), "{hostile:?}: the DOCX creator");
        }
        // The PDF compiles, and its metadata says what avv says.
        let pdf =
            render_pdf(&templates, &folder, None, &stamp, Some(0)).unwrap_or_else(|e| panic!("{hostile:?}: PDF: {e}"));
        assert!(pdf.starts_with(b"%PDF-"));
        if let (Some(clean), Some(now)) = (&clean_author, author(&pdf)) {
            assert!(
                now.starts_with(clean.as_str()) || now.contains("&quot;") || now.contains('"'),
                "{hostile:?}: author {now:?}"
            );
            assert_ne!(now, "EVILAUTHOR", "{hostile:?}: the author was set from the data");
        }
        // The Synopse between the clean and the hostile version, both
        // formats, both layouts.
        for layout in [SynopsisLayout::Columns, SynopsisLayout::Inline] {
            let html = render_synopsis(&templates, &base, &folder, Flavor::Html, layout, &stamp)
                .unwrap_or_else(|e| panic!("{hostile:?}: Synopse HTML ({layout:?}): {e}"));
            assert!(!html.to_lowercase().contains("<script"), "{hostile:?}");
            let source = render_synopsis(&templates, &base, &folder, Flavor::Typst, layout, &stamp)
                .unwrap_or_else(|e| panic!("{hostile:?}: Synopse typst: {e}"));
            let options = avv_core::render::pdf::PdfOptions {
                ident: "avv/test/synopse".into(),
                epoch: Some(0),
                date: None,
                creator: Some("avv".into()),
            };
            let pdf = avv_core::render::pdf::typst_to_pdf(&source, &options)
                .unwrap_or_else(|e| panic!("{hostile:?}: Synopse PDF ({layout:?}): {e}"));
            assert!(pdf.starts_with(b"%PDF-"));
            assert!(
                !String::from_utf8_lossy(&pdf).contains("<rdf:li>EVILAUTHOR</rdf:li>"),
                "{hostile:?}: Synopse author"
            );
            // The Synopse in Word: every part parses, the data is text.
            let options = avv_core::render::docx::DocxOptions { epoch: Some(0), date: None };
            let docx = avv_core::render::synopsis::render_synopsis_docx(&base, &folder, layout, &stamp, &options)
                .unwrap_or_else(|e| panic!("{hostile:?}: Synopse DOCX ({layout:?}): {e}"));
            let parts = docx_text::parts(&docx);
            docx_text::check_xml(&parts);
            let core = roxmltree::Document::parse(&parts["docProps/core.xml"]).unwrap();
            let creator = core.descendants().find(|n| n.has_tag_name("creator")).and_then(|n| n.text());
            assert_eq!(creator, Some("avv"), "{hostile:?}: the Synopse DOCX creator");
        }
    }
}

/// A TOM annex printed as a measure table: its headers, kind words, the
/// text after it and every measure and title in its cells take each
/// hostile string; every format renders it as text.
#[test]
fn hostile_strings_stay_text_in_a_measure_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let base = load_folder(&root.join("tom-table"), &root).folder;
    assert!(base.tom.as_ref().is_some_and(|t| t.value.printed_table().is_some()));
    let templates = Templates::new(None);
    let stamp = Stamp { commit: Some("0".repeat(40)) };
    let by_kind = load_folder(&root.join("tom-table-by-kind"), &root).folder;
    for hostile in HOSTILE {
        // Tables under headings, measures by kind: every format renders them.
        let (folder, _) = poisoned(&by_kind, hostile);
        assert!(folder.tom.as_ref().is_some_and(|t| t.value.printed_table().is_some_and(|t| t.per_section)));
        let html = render_text(&templates, &folder, None, Flavor::Html, &stamp)
            .unwrap_or_else(|e| panic!("{hostile:?}: HTML by kind: {e}"));
        let cell = escape(&format!("Alarmanlage{hostile}"), Flavor::Html);
        // The cell: the measure's link target, then its text.
        let cell = format!("<td><span id=\"alarmanlage\"></span>{cell}</td>");
        assert!(html.replace("<br>\n", "\n").contains(&cell), "{hostile:?}: by kind");
        assert!(!html.to_lowercase().contains("<script"), "{hostile:?}: no script tag");
        for flavor in [Flavor::Markdown, Flavor::Typst] {
            render_text(&templates, &folder, None, flavor, &stamp).unwrap_or_else(|e| panic!("{hostile:?}: {e}"));
        }
        let docx = render_docx(&folder, None, &stamp, Some(0)).unwrap_or_else(|e| panic!("{hostile:?}: DOCX: {e}"));
        docx_text::check_xml(&docx_text::parts(&docx));
        render_pdf(&templates, &folder, None, &stamp, Some(0)).unwrap_or_else(|e| panic!("{hostile:?}: PDF: {e}"));

        let (folder, count) = poisoned(&base, hostile);
        let tom = &folder.tom.as_ref().unwrap().value;
        assert!(tom.printed_table().is_some(), "{hostile:?}: still a table");
        assert!(count > 20, "{hostile:?}: only {count} fields took it");
        let html = render_text(&templates, &folder, None, Flavor::Html, &stamp)
            .unwrap_or_else(|e| panic!("{hostile:?}: HTML: {e}"));
        let markdown = render_text(&templates, &folder, None, Flavor::Markdown, &stamp)
            .unwrap_or_else(|e| panic!("{hostile:?}: Markdown: {e}"));
        render_text(&templates, &folder, None, Flavor::Typst, &stamp)
            .unwrap_or_else(|e| panic!("{hostile:?}: typst: {e}"));
        // The kind word, the header and a measure are cells of the table, shown as text.
        let shown = html.replace("<br>\n", "\n");
        for cell in [
            format!("T{hostile}"),
            format!("Kontrollbereich{hostile}"),
            format!("Alarmanlage mit Aufschaltung auf einen Sicherheitsdienst{hostile}"),
        ] {
            assert!(shown.contains(&escape(&cell, Flavor::Html)), "{hostile:?}: {cell:?} in the HTML");
        }
        assert!(!html.to_lowercase().contains("<script"), "{hostile:?}: no script tag");
        for output in [&markdown, &html] {
            assert!(!output.contains('\u{1b}') && !output.contains('\r'), "{hostile:?}: a control character");
        }
        // Each row is one line of the Markdown table, with its three cells.
        let rows: Vec<&str> = markdown
            .lines()
            .skip_while(|l| !l.starts_with("| Kontrollbereich"))
            .take_while(|l| l.starts_with('|'))
            .collect();
        assert_eq!(rows.len(), 5, "{hostile:?}: {rows:#?}");
        let docx = render_docx(&folder, None, &stamp, Some(0)).unwrap_or_else(|e| panic!("{hostile:?}: DOCX: {e}"));
        docx_text::check_xml(&docx_text::parts(&docx));
        let pdf =
            render_pdf(&templates, &folder, None, &stamp, Some(0)).unwrap_or_else(|e| panic!("{hostile:?}: PDF: {e}"));
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

/// Links are markup the data may write: their texts and targets must not
/// break out of the link either. Hostile links go into every string field
/// at once; every format renders, the PDF compiles, and no address other
/// than `#id`, `https:` and `mailto:` becomes a link.
#[test]
fn hostile_links_stay_links_or_text() {
    const LINKS: &[&str] = &[
        "[Klick](https://e.de/\"><script>alert(1)</script>)",
        "[Klick](https://e.de/\")[#panic()]#link(\"x)",
        "[\"]; #panic() //](https://e.de/)",
        "[a](javascript:alert(1))",
        "[a](JavaScript:alert(1))",
        "[a](data:text/html,<script>alert(1)</script>)",
        "[a](#\"><script>alert(1)</script>)",
        "[a](#x\")[#panic()])",
        "[<b>fett</b>](mailto:a@b.de?subject=\"x\")",
    ];
    let base = fixture();
    let templates = Templates::new(None);
    let stamp = Stamp { commit: Some("0".repeat(40)) };
    for hostile in LINKS {
        let (folder, count) = poisoned(&base, hostile);
        assert!(count > 100, "{hostile:?}: only {count} fields took it");
        let html = render_text(&templates, &folder, None, Flavor::Html, &stamp)
            .unwrap_or_else(|e| panic!("{hostile:?}: HTML: {e}"));
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{hostile:?}: a script tag");
        assert!(!lower.contains("<b>"), "{hostile:?}: markup in a link text");
        for href in lower.split("href=\"").skip(1).map(|rest| rest.split('"').next().unwrap_or_default()) {
            assert!(
                href.starts_with('#')
                    || href.starts_with("https://")
                    || href.starts_with("mailto:")
                    || href.ends_with(".css"),
                "{hostile:?}: href {href:?}"
            );
        }
        render_text(&templates, &folder, None, Flavor::Markdown, &stamp)
            .unwrap_or_else(|e| panic!("{hostile:?}: Markdown: {e}"));
        // In the DOCX, only `https:` and `mailto:` addresses become hyperlinks.
        let docx = render_docx(&folder, None, &stamp, Some(0)).unwrap_or_else(|e| panic!("{hostile:?}: DOCX: {e}"));
        let parts = docx_text::parts(&docx);
        docx_text::check_xml(&parts);
        let rels = roxmltree::Document::parse(&parts["word/_rels/document.xml.rels"]).unwrap();
        for relationship in rels.descendants().filter(|n| n.attribute("TargetMode") == Some("External")) {
            let target = relationship.attribute("Target").unwrap_or_default().to_lowercase();
            assert!(target.starts_with("https://") || target.starts_with("mailto:"), "{hostile:?}: target {target:?}");
        }
        let pdf =
            render_pdf(&templates, &folder, None, &stamp, Some(0)).unwrap_or_else(|e| panic!("{hostile:?}: PDF: {e}"));
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

/// What a CommonMark (and GFM) parser makes of a Markdown document: its
/// markup, without the text and without the inline markup the data may
/// write itself (bold, emphasis, links to the document or to `https:` and
/// `mailto:` addresses). Data that injected markup would change it.
fn markup(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // The list of the external links, which a link in the data adds to.
    let markdown = match markdown.split_once("\n## Verweise\n") {
        Some((before, after)) => format!("{before}{}", &after[after.find("\n---\n").unwrap_or(0)..]),
        None => markdown.to_owned(),
    };
    let mut out = Vec::new();
    // Links open with an allowed target.
    let mut links = 0;
    for event in Parser::new_ext(&markdown, options) {
        match event {
            // Text, line breaks and the paragraphs they make are the data's to shape.
            Event::Text(_) | Event::SoftBreak | Event::HardBreak => {}
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::Strong | Tag::Emphasis) | Event::End(TagEnd::Strong | TagEnd::Emphasis) => {}
            Event::Start(Tag::Link { dest_url, .. })
                if ["#", "https://", "mailto:"].iter().any(|scheme| dest_url.starts_with(scheme)) =>
            {
                links += 1;
            }
            Event::End(TagEnd::Link) if links > 0 => links -= 1,
            // A line break in a table cell.
            Event::InlineHtml(html) if html.as_ref() == "<br>" => {}
            // avv's own inline HTML: the small print.
            Event::InlineHtml(html) if ["<small>", "</small>"].contains(&html.as_ref()) => out.push(html.to_string()),
            Event::Html(html) | Event::InlineHtml(html) => out.push(format!("HTML {html:?}")),
            Event::Code(code) => out.push(format!("code {code:?}")),
            event => out.push(format!("{event:?}")),
        }
    }
    out
}

/// Markdown-specific hostile strings: markup that CommonMark or GFM would
/// read anywhere (emphasis, code, links, images, autolinks, HTML, entities,
/// strikethrough, table pipes), and block starts after a line break
/// (headings, lists, quotes, code fences, rules, setext underlines).
const MARKDOWN: &[&str] = &[
    "*em* **strong** _u_ __uu__ `code` ~~strike~~ ~s~",
    "[a](https://e.de) ![b](x.png) <https://e.de> <b>fett</b> [c][d] [^e]",
    "&lt;script&gt; &#60;b&#62; &amp; AT&T & Co",
    "| a | b |\n|---|---|",
    "x\n# Titel\n- Punkt\n+ Punkt\n* Punkt\n1. Punkt\n2) Punkt\n> Zitat",
    "x\n 1. Punkt\n  - Punkt\n   # Titel\n   > Zitat\n  ```",
    "x\n```\ncode\n```\n~~~\ncode\n~~~\n---\n***\n___\n===",
    "x\n<div>\n<script>alert(1)</script>\n</div>",
    "1.9 | 2) | - | + | # | = | > ",
];

/// Hostile strings in every field cannot change the Markdown's markup:
/// parsed with pulldown-cmark, the document has the same headings, lists,
/// tables (rows and cells), emphasis, links and HTML as the clean one.
#[test]
fn hostile_strings_leave_the_markdown_markup_alone() {
    let base = fixture();
    let templates = Templates::new(None);
    let stamp = Stamp { commit: Some("0".repeat(40)) };
    let clean: Vec<Vec<String>> = [None, base.customers.first().map(|c| ("kunde", &c.value))]
        .into_iter()
        .map(|instance| markup(&render_text(&templates, &base, instance, Flavor::Markdown, &stamp).unwrap()))
        .collect();
    let mut failures = Vec::new();
    for hostile in HOSTILE.iter().chain(MARKDOWN) {
        let (folder, count) = poisoned(&base, hostile);
        assert!(count > 100, "{hostile:?}: only {count} fields took it");
        let instances = [None, folder.customers.first().map(|c| ("kunde", &c.value))];
        for (instance, clean) in instances.into_iter().zip(&clean) {
            let markdown = render_text(&templates, &folder, instance, Flavor::Markdown, &stamp).unwrap();
            let parsed = markup(&markdown);
            if &parsed != clean {
                let at = clean.iter().zip(&parsed).position(|(a, b)| a != b).unwrap_or(clean.len().min(parsed.len()));
                let window = |events: &[String]| events[at.saturating_sub(1)..(at + 3).min(events.len())].join(" · ");
                let changes = [format!("clean:    {}", window(clean)), format!("poisoned: {}", window(&parsed))];
                failures.push(format!("{hostile:?} (instance: {}):\n  {}", instance.is_some(), changes.join("\n  ")));
            }
        }
    }
    assert!(failures.is_empty(), "{} renderings changed:\n{}", failures.len(), failures.join("\n"));
}

/// A link to a reference the document does not print leads to the address
/// the reference gives: an address that would break out of the link stays
/// inside it, in every format.
#[test]
fn a_hostile_reference_address_stays_an_address() {
    const ADDRESSES: &[&str] =
        &["https://e.de/\"><script>alert(1)</script>", "https://e.de/\")[#panic()]#link(\"x", "https://e.de/a b\nc"];
    let templates = Templates::new(None);
    let stamp = Stamp { commit: Some("0".repeat(40)) };
    for address in ADDRESSES {
        let mut folder = fixture();
        let agreement = std::sync::Arc::make_mut(folder.agreement.as_mut().unwrap());
        agreement.value.reference = vec![
            serde_json::from_value(serde_json::json!({
                "id": "hauptvertrag", "kind": "main-contract", "title": "Hauptvertrag", "url": address
            }))
            .unwrap(),
        ];
        let clause = agreement.value.clause.first_mut().unwrap();
        clause.text = Some(format!("{} Siehe [den Vertrag](#hauptvertrag).", clause.text.take().unwrap_or_default()));
        let html = render_text(&templates, &folder, None, Flavor::Html, &stamp).unwrap();
        assert!(!html.to_lowercase().contains("<script"), "{address:?}: a script tag");
        assert!(html.contains(">den Vertrag</a>"), "{address:?}: not a link");
        let typst = render_text(&templates, &folder, None, Flavor::Typst, &stamp).unwrap();
        assert!(typst.contains("#link(\"https://e.de/"), "{address:?}: not a link in typst");
        let pdf =
            render_pdf(&templates, &folder, None, &stamp, Some(0)).unwrap_or_else(|e| panic!("{address:?}: PDF: {e}"));
        assert!(pdf.starts_with(b"%PDF-"));
        let docx = render_docx(&folder, None, &stamp, Some(0)).unwrap();
        let parts = docx_text::parts(&docx);
        docx_text::check_xml(&parts);
        assert!(parts["word/_rels/document.xml.rels"].contains("Target=\"https://e.de/"), "{address:?}: DOCX");
    }
}

/// The notice letters take every hostile string the sub-processors, the
/// processor and the customer hold: the letter to all and the customer's
/// letter, in Markdown, typst, PDF and Word, show it as text.
#[test]
fn hostile_strings_stay_text_in_the_notice_letters() {
    use avv_core::notice::letter::{letter, recipient};
    let base = fixture();
    for hostile in HOSTILE {
        let (mut new, _) = poisoned(&base, hostile);
        // Every sub-processor joins with version 99.0, which the customer
        // did not sign: the notice has them all and the customer is affected.
        new.agreement_mut().unwrap().value.meta.version = "99.0".into();
        std::sync::Arc::make_mut(&mut new.customers[0]).value.instance.version = "1.0".into();
        let mut old = new.clone();
        old.agreement_mut().unwrap().value.meta.version = "98.0".into();
        old.subprocessors_mut().unwrap().value.subprocessor.clear();
        let changes = avv_core::diff::diff(Some(&old), &new);
        let date = avv_core::model::Date::parse("2024-03-01").expect("date");
        let notice = avv_core::notice::notice(Some(&old), &new, &changes, date);
        assert_eq!(notice.added.len(), 2, "{hostile:?}");
        assert_eq!(notice.affected.len(), 1, "{hostile:?}");
        let name = &notice.added[0].name;
        assert!(name.ends_with(hostile), "{hostile:?}: the name took the string");
        let to = recipient(&new, &Default::default(), &notice.affected[0].id, notice.date).expect("the customer");
        assert!(to.address.iter().any(|line| line.contains(hostile)), "{hostile:?}: {:?}", to.address);
        for to in [None, Some(&to)] {
            let letter = letter(&notice, to);
            let markdown = letter.markdown();
            assert!(markdown.contains(&escape_cell(name, Flavor::Markdown)), "{hostile:?}: Markdown");
            assert!(!markdown.contains('\u{1b}') && !markdown.contains('\r'), "{hostile:?}: a control character");
            let typst = letter.typst();
            assert!(typst.contains(&escape(name, Flavor::Typst)), "{hostile:?}: typst");
            let pdf = letter.pdf("avv/test/notice", None, Some(0)).unwrap_or_else(|e| panic!("{hostile:?}: PDF: {e}"));
            assert!(pdf.starts_with(b"%PDF-"));
            assert!(!String::from_utf8_lossy(&pdf).contains("<rdf:li>EVILAUTHOR</rdf:li>"), "{hostile:?}: author");
            let docx = letter.docx(None, Some(0)).unwrap_or_else(|e| panic!("{hostile:?}: DOCX: {e}"));
            let parts = docx_text::parts(&docx);
            docx_text::check_xml(&parts);
            let text = docx_text::paragraphs(&parts["word/document.xml"]).join("\n");
            assert!(text.contains(&escape(name, Flavor::Docx)), "{hostile:?}: DOCX shows the name as text");
            if let Some(to) = to {
                let line = to.address.iter().find(|line| line.contains(hostile)).unwrap();
                assert!(text.contains(&escape(line, Flavor::Docx)), "{hostile:?}: DOCX shows the address as text");
            }
        }
    }
}
