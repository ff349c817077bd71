//! Hostile text in the data stays text: a sub-processor named
//! `<script>alert(1)</script>` and a placeholder value
//! `<img src=x onerror=alert(1)>` come out escaped in HTML and Markdown.
//! Also a snapshot of the HTML document of the render fixture.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use avv_core::load::{Folder, load_folder};
use avv_core::render::document::find_instance;
use avv_core::render::inline::Flavor;
use avv_core::render::{Stamp, Templates, render_text};

const SCRIPT_HTML: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";
const IMG_HTML: &str = "&lt;img src=x onerror=alert(1)&gt;";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render/acme")
}

/// The fixture copied into a throw-away repository, loaded.
fn load() -> (tempfile::TempDir, Folder) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("agreements/acme");
    std::fs::create_dir_all(dir.join("customers")).unwrap();
    for file in ["agreement.toml", "tom.toml", "subprocessors.toml", "customers/kunde.toml"] {
        std::fs::copy(fixture().join(file), dir.join(file)).unwrap();
    }
    let loaded = load_folder(&dir, tmp.path());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    (tmp, loaded.folder)
}

fn render(folder: &Folder, instance: bool, flavor: Flavor) -> String {
    let customer = instance.then(|| ("kunde", find_instance(folder, "kunde").unwrap()));
    render_text(&Templates::new(None), folder, customer, flavor, &Stamp::default()).unwrap()
}

#[test]
fn html_prints_markup_in_the_data_as_text() {
    let (_tmp, folder) = load();
    let template = render(&folder, false, Flavor::Html);
    assert!(template.contains(SCRIPT_HTML), "the sub-processor's name, escaped");
    let instance = render(&folder, true, Flavor::Html);
    assert!(instance.contains(SCRIPT_HTML));
    assert!(instance.contains(IMG_HTML), "the customer's name, escaped");
    for html in [&template, &instance] {
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "a script element");
        assert!(!lower.contains("<img"), "an img element");
        assert!(!lower.contains("onerror=alert(1)>"), "an attribute that escaped its tag");
    }
}

#[test]
fn markdown_prints_markup_in_the_data_as_text() {
    let (_tmp, folder) = load();
    let template = render(&folder, false, Flavor::Markdown);
    // The sub-processor's name is in a table cell (after its link target),
    // where only `<` needs escaping.
    assert!(template.contains("| <a id=\"skript\"></a>\\<script>alert(1)\\</script> |"), "{template}");
    let instance = render(&folder, true, Flavor::Markdown);
    assert!(instance.contains("\\<img src=x onerror=alert(1)\\>"), "{instance}");
    for markdown in [&template, &instance] {
        // Every `<` of the data is escaped; unescaped ones would be raw HTML.
        let unescaped = markdown.replace("\\<", "");
        assert!(!unescaped.contains("<script"), "{markdown}");
        assert!(!unescaped.contains("<img"), "{markdown}");
    }
}

#[test]
fn html_document_snapshot() {
    let (_tmp, folder) = load();
    let html = render(&folder, false, Flavor::Html);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"), "{}", &html[..80]);
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<style>") && html.contains("@media print"), "the stylesheet is inlined");
    assert!(!html.contains("<link") && !html.contains("http://") && !html.contains("https://"), "nothing external");
    // The document itself; the inlined stylesheet is the same for every document.
    let start = html.find("<article").unwrap();
    let end = html.find("</article>").unwrap() + "</article>".len();
    // The version and the data hash change with avv, not with the template.
    let filters = vec![(r"avv \d+\.\d+\.\d+(-[0-9A-Za-z.]+)?", "avv [version]"), (r"\b[0-9a-f]{64}\b", "[sha256]")];
    insta::with_settings!({ filters => filters }, {
        insta::assert_snapshot!(&html[start..end]);
    });
}

/// Links in the text: to a clause of the document and to an address, as
/// links in every format, the PDF with a jump to the clause and a URI.
#[test]
fn links_render_in_every_format() {
    let (_tmp, mut folder) = load();
    let links = |folder: &Folder| {
        let pdf =
            avv_core::render::render_pdf(&Templates::new(None), folder, None, &Stamp::default(), Some(0)).unwrap();
        String::from_utf8_lossy(&pdf).matches("/Subtype/Link").count()
    };
    let before = links(&folder);
    let clause = &mut folder.agreement_mut().unwrap().value.clause[0];
    let linked = "Weisungen regelt [Punkt 2](#weisungen); Hinweise des [BSI](https://www.bsi.bund.de/grundschutz).";
    clause.block[2].p = Some(linked.to_owned());
    let html = render(&folder, false, Flavor::Html);
    assert!(html.contains("regelt <a href=\"#weisungen\">Punkt 2</a>;"), "a link to the clause");
    assert!(html.contains("id=\"weisungen\""), "which the page has");
    assert!(html.contains("<a href=\"https://www.bsi.bund.de/grundschutz\">BSI</a>"));
    let markdown = render(&folder, false, Flavor::Markdown);
    assert!(
        markdown.contains("[Punkt 2](#weisungen)") && markdown.contains("[BSI](<https://www.bsi.bund.de/grundschutz>)")
    );
    let typst = render(&folder, false, Flavor::Typst);
    assert!(typst.contains("#avv-link(\"weisungen\")[Punkt 2];"), "{typst}");
    let pdf = avv_core::render::render_pdf(&Templates::new(None), &folder, None, &Stamp::default(), Some(0)).unwrap();
    let bytes = String::from_utf8_lossy(&pdf);
    assert!(bytes.contains("https://www.bsi.bund.de/grundschutz"), "the URI is in the PDF");
    // Each link in the text, and the address in the list of links at the end.
    assert_eq!(links(&folder), before + 3, "a link annotation for each link");
    assert!(
        html.contains("<h2>Verweise</h2>")
            && html.contains(
                "<li>BSI: <a href=\"https://www.bsi.bund.de/grundschutz\">https://www.bsi.bund.de/grundschutz</a></li>"
            ),
        "the list of links"
    );
    assert!(markdown.contains("## Verweise\n\n- BSI: <https://www.bsi.bund.de/grundschutz>\n"), "{markdown}");
    assert!(typst.contains("Verweise"), "and in the PDF");
    // A document without external links has no list.
    let (_tmp2, plain) = load();
    assert!(!render(&plain, false, Flavor::Html).contains("Verweise"));
}

/// A placeholder's own blank names its label like `meta.blank` does, and
/// the version table's status never breaks a word in the PDF.
#[test]
fn own_blanks_and_unbroken_status() {
    let (_tmp, mut folder) = load();
    let placeholder = &mut folder.agreement_mut().unwrap().value.placeholder[0];
    placeholder.blank = Some("[{label} eintragen]".into());
    let html = render(&folder, false, Flavor::Html);
    assert!(html.contains("[Firma des Auftraggebers eintragen]"), "the label in the own blank");
    assert!(!html.contains("{label}"));
    let typst = render(&folder, false, Flavor::Typst);
    let status = &folder.agreement.as_ref().unwrap().value.history.as_ref().unwrap().row[0].status;
    assert!(
        typst
            .contains(&format!("#text(hyphenate: false)[{}]", avv_core::render::inline::escape(status, Flavor::Typst))),
        "{typst}"
    );
}

/// The text of a Markdown document as a CommonMark (and GFM) parser reads
/// it: its text, line breaks as `\n`; anything else (emphasis, code, links,
/// HTML, lists, headings…) is named in brackets so that a comparison fails.
fn read_back(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut out = String::new();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::InlineHtml(html) if html.as_ref() == "<br>" => out.push('\n'),
            Event::Start(Tag::Paragraph | Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
            | Event::End(
                TagEnd::Paragraph | TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell,
            ) => {}
            other => out.push_str(&format!("[{other:?}]")),
        }
    }
    out
}

/// Plain text escaped for Markdown reads back as the same text, in running
/// text and in a table cell: whatever it holds, a CommonMark parser finds
/// no markup in it. Cells escape less (`1.9`, `- a`, `# a` are text in a
/// cell), which this checks too.
#[test]
fn escaped_markdown_reads_back_as_the_text() {
    use avv_core::render::inline::{escape, escape_cell};
    const TEXTS: &[&str] = &[
        "1.9",
        "15.04.2018 Version 1.9",
        "1. Absatz",
        "3) Punkt",
        "6.",
        "- a",
        "+ a",
        "* a",
        "# a",
        "> a",
        "a | b",
        "a \\ b \\",
        "`code` ``x``",
        "*em* _em_ **strong** __strong__",
        "~~durch~~ ~durch~",
        "[a](https://e.de) ![b](x.png) [c][d] [^e]",
        "<b>fett</b> <https://e.de> <!-- c --> <?php ?>",
        "&amp; &lt;b&gt; &#60; &#x3C; AT&T & Co",
        "{{ x }} {#id}",
        "a\n# b\n- c\n+ d\n* e\n1. f\n2) g\n> h\n---\n***\n___\n===\n```\n~~~\n<div>",
    ];
    for text in TEXTS {
        let flow = escape(text, Flavor::Markdown);
        assert_eq!(read_back(&flow), *text, "running text: {flow:?}");
        let cell = escape_cell(text, Flavor::Markdown);
        assert!(!cell.contains('\n'), "one line: {cell:?}");
        let table = read_back(&format!("| x |\n|---|\n| {cell} |\n"));
        assert_eq!(table.strip_prefix('x'), Some(*text), "a cell: {cell:?}");
    }
}
