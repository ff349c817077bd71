//! The Markdown is CommonMark with the document's structure: parsed with
//! pulldown-cmark, it has the same list items (per nesting depth), the same
//! headings (level and text), the same tables (row counts) and footnotes as
//! avv's own HTML of the same document. Checked for every bundled agreement,
//! each of its customer instances, and the render fixture.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use avv_core::load::{Folder, load_folder};
use avv_core::model::clause::Block;
use avv_core::render::inline::Flavor;
use avv_core::render::{Stamp, Templates, render_text};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

#[path = "support/targets.rs"]
mod targets;

/// The structure both renderings must share.
#[derive(Debug, Default)]
struct Structure {
    /// List items per nesting depth (1 = a top-level list).
    items: BTreeMap<usize, usize>,
    /// Per list item, in order: the printed marker in HTML ("a)", "1.",
    /// "☐"; empty for a bullet), the start of the item's text in Markdown
    /// (with the number of an ordered list in front).
    starts: Vec<String>,
    /// Headings in order: level and text (words only, see [`words`]).
    headings: Vec<(usize, String)>,
    /// Rows per table, the header row included.
    tables: Vec<usize>,
    /// Footnotes.
    footnotes: usize,
}

impl Structure {
    fn item_total(&self) -> usize {
        self.items.values().sum()
    }
}

/// The words of a text, joined by single spaces: punctuation and markup
/// that differ between the formats ("Anlage 1: Titel" in Markdown,
/// "Anlage 1 Titel" in HTML) do not count.
fn words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The structure of a Markdown document as a CommonMark parser sees it.
fn markdown_structure(markdown: &str) -> Structure {
    let mut out = Structure::default();
    let mut depth = 0;
    let mut heading: Option<(usize, String)> = None;
    // Inside a table's header row: whether it has text (an empty header
    // row is how Markdown writes a table without one).
    let mut head: Option<bool> = None;
    // The numbers of the ordered lists open (None for a bullet list).
    let mut numbers: Vec<Option<u64>> = Vec::new();
    // Whether the text seen belongs to the start of the last item.
    let mut item_start = false;
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::List(start)) => {
                depth += 1;
                numbers.push(start);
                item_start = false;
            }
            Event::End(TagEnd::List(_)) => {
                depth -= 1;
                numbers.pop();
            }
            Event::Start(Tag::Item) => {
                *out.items.entry(depth).or_default() += 1;
                let number = numbers.last_mut().and_then(Option::as_mut);
                out.starts.push(number.map_or(String::new(), |n| format!("{n}. ")));
                if let Some(Some(n)) = numbers.last_mut() {
                    *n += 1;
                }
                item_start = true;
            }
            Event::End(TagEnd::Item | TagEnd::Paragraph) | Event::SoftBreak | Event::HardBreak => item_start = false,
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level as usize, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                let (level, text) = heading.take().unwrap();
                out.headings.push((level, words(&text)));
            }
            Event::Start(Tag::Table(_)) => out.tables.push(0),
            Event::Start(Tag::TableHead) => head = Some(false),
            Event::End(TagEnd::TableHead) => {
                let has_text = head.take() == Some(true);
                *out.tables.last_mut().unwrap() += usize::from(has_text);
            }
            Event::Start(Tag::TableRow) => *out.tables.last_mut().unwrap() += 1,
            Event::Start(Tag::FootnoteDefinition(_)) => out.footnotes += 1,
            Event::Text(text) | Event::Code(text) | Event::FootnoteReference(text) => {
                if let Some(head) = &mut head {
                    *head |= !text.trim().is_empty();
                }
                if item_start {
                    out.starts.last_mut().unwrap().push_str(&text);
                }
                if let Some((_, heading)) = &mut heading {
                    heading.push(' ');
                    heading.push_str(&text);
                }
            }
            _ => {}
        }
    }
    out
}

/// The value of attribute `name` in the inside of a tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// The structure of avv's HTML (its `<article>`), read tag by tag. The
/// HTML says some things differently from Markdown, translated here:
/// - the table of contents is one flat list whose items carry their depth
///   (`class="depth-2"`); Markdown nests them;
/// - the sub-processor table is one table with a body per group (a group
///   title row, rows, a notes row); Markdown writes a table per group, each
///   with the column headers;
/// - footnotes are a list (`id="fn-1"`); Markdown has footnote definitions.
fn html_structure(html: &str) -> Structure {
    let start = html.find("<article").expect("an article");
    let end = html.find("</article>").expect("the article's end");
    let html = &html[start..end];
    let mut out = Structure::default();
    let mut depth = 0;
    let mut heading: Option<(usize, String)> = None;
    let mut in_toc = false;
    // Inside a sub-processor table: its header rows.
    let mut grouped: Option<usize> = None;
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        if let Some((_, text)) = &mut heading {
            text.push_str(&decode(&rest[..open]));
        }
        let close = rest[open..].find('>').expect("a closed tag") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/').collect();
        let class = attribute(tag, "class").unwrap_or_default();
        match name.as_str() {
            "ul" | "ol" => depth += 1,
            "/ul" | "/ol" => depth -= 1,
            "nav" if class.contains("toc") => in_toc = true,
            "/nav" => in_toc = false,
            "li" if attribute(tag, "id").is_some_and(|id| id.starts_with("fn-")) => out.footnotes += 1,
            "li" => {
                let own = class
                    .split(' ')
                    .find_map(|c| c.strip_prefix("depth-"))
                    .filter(|_| in_toc)
                    .map_or(1, |d| d.parse::<usize>().unwrap());
                *out.items.entry(depth + own - 1).or_default() += 1;
                let marker = rest
                    .strip_prefix("<span class=\"marker\">")
                    .and_then(|m| m.split_once("</span>"))
                    .map_or("", |(m, _)| m);
                out.starts.push(decode(marker).replace('•', ""));
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                heading = Some((name[1..].parse().unwrap(), String::new()));
            }
            "/h1" | "/h2" | "/h3" | "/h4" | "/h5" | "/h6" => {
                let (level, text) = heading.take().unwrap();
                out.headings.push((level, words(&text)));
            }
            "table" if class.contains("subprocessors") => grouped = Some(0),
            "table" => out.tables.push(0),
            "/table" => grouped = None,
            "tbody" if grouped.is_some() => out.tables.push(grouped.unwrap_or(0)),
            "tr" if class == "group" || class == "notes" => {}
            "tr" => match &mut grouped {
                // The header row, before the first body.
                Some(header) if rest.starts_with("<th scope=\"col\"") => *header += 1,
                _ => *out.tables.last_mut().unwrap() += 1,
            },
            _ => {}
        }
    }
    out
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The bundled agreements and the render fixture: (name, folder).
fn folders() -> Vec<(String, Folder)> {
    let mut dirs: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(workspace().join("agreements"))
        .unwrap()
        .map(|entry| (entry.unwrap().path(), workspace()))
        .filter(|(path, _)| path.join("agreement.toml").is_file())
        .collect();
    dirs.sort();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    dirs.push((fixtures.join("acme"), fixtures));
    dirs.into_iter()
        .map(|(dir, root)| {
            let loaded = load_folder(&dir, &root);
            assert!(loaded.folder.agreement.is_some(), "{} loads", dir.display());
            (dir.file_name().unwrap().to_string_lossy().into_owned(), loaded.folder)
        })
        .collect()
}

/// What differs between the two structures, one line each.
fn differences(markdown: &Structure, html: &Structure) -> Vec<String> {
    let mut out = Vec::new();
    if markdown.items != html.items {
        out.push(format!(
            "{} of {} list items (per depth: Markdown {:?}, HTML {:?})",
            markdown.item_total(),
            html.item_total(),
            markdown.items,
            html.items
        ));
    }
    // Each item starts with the printed marker, then a space; the empty
    // checkbox of a blank form is "[ ]" in Markdown.
    let wrong: Vec<String> = (markdown.starts.iter().zip(&html.starts))
        .filter(|(text, marker)| {
            let marker = marker.replace('☐', "[ ]");
            let marker = marker.trim();
            !marker.is_empty() && !text.strip_prefix(marker).is_some_and(|after| after.starts_with(' '))
        })
        .map(|(text, marker)| format!("{marker:?} is not the start of {text:?}"))
        .collect();
    if !wrong.is_empty() {
        out.push(format!("{} items lack their marker, e.g. {}", wrong.len(), wrong[0]));
    }
    if markdown.headings != html.headings {
        let first = markdown.headings.iter().zip(&html.headings).position(|(m, h)| m != h);
        let shown = first.map_or(String::new(), |i| {
            format!("; first difference: Markdown {:?}, HTML {:?}", markdown.headings[i], html.headings[i])
        });
        out.push(format!(
            "headings differ ({} in Markdown, {} in HTML{shown})",
            markdown.headings.len(),
            html.headings.len()
        ));
    }
    if markdown.tables != html.tables {
        out.push(format!("tables differ: rows Markdown {:?}, HTML {:?}", markdown.tables, html.tables));
    }
    if markdown.footnotes != html.footnotes {
        out.push(format!("{} of {} footnotes", markdown.footnotes, html.footnotes));
    }
    out
}

#[test]
fn markdown_has_the_structure_of_the_html() {
    let templates = Templates::new(None);
    let stamp = Stamp::default();
    let mut report = String::new();
    let mut failed = false;
    for (name, folder) in folders() {
        let mut cases: Vec<(String, Option<(&str, _)>)> = vec![(name.clone(), None)];
        for customer in &folder.customers {
            let stem = customer.path.file_stem().unwrap().to_str().unwrap();
            cases.push((format!("{name} ({stem})"), Some((stem, &customer.value))));
        }
        for (label, instance) in cases {
            let markdown = render_text(&templates, &folder, instance, Flavor::Markdown, &stamp).unwrap();
            let html = render_text(&templates, &folder, instance, Flavor::Html, &stamp).unwrap();
            let (markdown, html) = (markdown_structure(&markdown), html_structure(&html));
            assert!(html.item_total() > 0 && !html.headings.is_empty(), "{label}: the HTML was read");
            let problems = differences(&markdown, &html);
            failed |= !problems.is_empty();
            let _ = writeln!(
                report,
                "{label}: {} of {} list items, {} of {} headings, {} of {} tables{}",
                markdown.item_total(),
                html.item_total(),
                markdown.headings.len(),
                html.headings.len(),
                markdown.tables.len(),
                html.tables.len(),
                problems.iter().map(|p| format!("\n  {p}")).collect::<String>()
            );
        }
    }
    println!("{report}");
    assert!(!failed, "the Markdown's structure differs from the HTML's:\n{report}");
}

/// Lists the bundled agreements do not have: printed numbers made of
/// digits, nesting under them, line breaks in items, a numbered list long
/// enough for two-digit numbers with a nested list under item 10, choices
/// with letters and without markers, items whose text looks like a marker.
#[test]
fn lists_of_every_kind_keep_their_structure() {
    let (_, mut folder) = folders().pop().unwrap();
    let blocks: Vec<Block> = serde_json::from_value(serde_json::json!([
        { "list": [
            { "num": "1)", "text": "Eins\nzweite Zeile", "style": "alpha", "list": [
                { "num": "aa)", "text": "tief", "list": ["tiefer", "1. auch", "- kein Punkt"] },
                "b-Punkt",
            ] },
            { "num": "(2)", "text": "Zwei" },
            { "num": "i.", "text": "Drei" },
        ] },
        { "style": "numbered", "list": [
            "a", "b", "c", "d", "e", "f", "g", "h", "i",
            { "text": "zehn", "list": ["unter zehn"] },
            "elf",
        ] },
        { "style": "alpha", "choice": "wahl", "option": [{ "id": "ja", "text": "Ja" }, { "id": "nein", "text": "Nein" }] },
        { "style": "none", "choice": "frei", "option": [{ "id": "ja", "text": "Ja" }, { "id": "nein", "text": "Nein" }] },
        { "style": "none", "list": ["ohne", "Marker"] },
    ]))
    .unwrap();
    folder.agreement_mut().unwrap().value.clause[0].block.extend(blocks);
    let templates = Templates::new(None);
    let render = |flavor| render_text(&templates, &folder, None, flavor, &Stamp::default()).unwrap();
    let (markdown, html) = (render(Flavor::Markdown), render(Flavor::Html));
    // The lines as printed; the link targets before options are checked in link_targets.rs.
    let markdown = targets::without_targets(&markdown, "<a id=\"", "\"></a>");
    assert!(markdown.contains("- 1\\) Eins  \n  zweite Zeile\n  - aa) tief\n"), "{markdown}");
    assert!(markdown.contains("\n10. zehn\n    - unter zehn\n"), "{markdown}");
    assert!(markdown.contains("\n- [ ] Ja\n- [ ] Nein\n"), "a checkbox, as in the HTML: {markdown}");
    let (markdown, html) = (markdown_structure(&markdown), html_structure(&html));
    assert_eq!(differences(&markdown, &html), Vec::<String>::new());
}

#[test]
fn the_readers_see_lists_headings_and_tables() {
    let markdown = "# T\n\n- a) a\n  1. b\n  2. c\n- [ ] d\n\n| x |\n|---|\n| 1 |\n\n|   |\n|---|\n| 2 |\n\n[^1]: n\n";
    let parsed = markdown_structure(markdown);
    assert_eq!(parsed.items, BTreeMap::from([(1, 2), (2, 2)]));
    assert_eq!(parsed.starts, ["a) a", "1. b", "2. c", "[ ] d"]);
    assert_eq!(parsed.headings, vec![(1, "T".to_owned())]);
    assert_eq!(parsed.tables, vec![2, 1], "an empty header row is none");
    assert_eq!(parsed.footnotes, 1);
    let html = "<article><h1>T</h1><ul><li><span class=\"marker\">a)</span><div>a\
        <ol><li><span class=\"marker\">1.</span>b</li><li><span class=\"marker\">2.</span>c</li></ol></div></li>\
        <li><span class=\"marker\">☐</span>d</li></ul>\
        <table><thead><tr><th>x</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>\
        <table><tbody><tr><td>2</td></tr></tbody></table>\
        <ol><li id=\"fn-1\">n</li></ol></article>";
    let read = html_structure(html);
    assert_eq!(read.starts, ["a)", "1.", "2.", "☐"]);
    assert_eq!(differences(&parsed, &read), Vec::<String>::new());
    // Lines starting with letters are a paragraph, not a list; a marker
    // missing from the text is found.
    assert!(markdown_structure("a) x\nb) y\n").items.is_empty());
    let unmarked = markdown_structure(
        "# T\n\n- a\n  1. b\n  2. c\n- [ ] d\n\n| x |\n|---|\n| 1 |\n\n|   |\n|---|\n| 2 |\n\n[^1]: n\n",
    );
    assert_eq!(differences(&unmarked, &read).len(), 1, "{:?}", differences(&unmarked, &read));
}

/// The texts of the headings as a CommonMark parser reads them, a line
/// break (`<br>`) kept as `\n`.
fn heading_texts(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => out.extend(heading.take()),
            Event::Text(text) => heading.iter_mut().for_each(|h| h.push_str(&text)),
            Event::InlineHtml(html) if html.as_ref() == "<br>" => heading.iter_mut().for_each(|h| h.push('\n')),
            _ => {}
        }
    }
    out
}

/// A heading is one line in Markdown: a line break in a title (next to
/// markup or not) and a trailing `#`, which would close the heading,
/// keep the whole title in the heading, in the body, in annexes and in the
/// contents.
#[test]
fn a_title_with_a_line_break_stays_one_heading() {
    let (_, mut folder) = folders().into_iter().find(|(name, _)| name == "rocon").unwrap();
    let titles = ["Erste Zeile\nzweite Zeile #", "Anlage erste Zeile\nzweite **Zeile** ##", "TOM\n#"];
    let expected = ["Erste Zeile\nzweite Zeile #", "Anlage erste Zeile\nzweite Zeile ##", "TOM\n#"];
    {
        let agreement = &mut folder.agreement_mut().unwrap().value;
        agreement.clause[0].title = Some(titles[0].to_owned());
        let annex = agreement.annex.iter_mut().find(|a| a.title.is_some()).expect("rocon has a titled annex");
        annex.title = Some(titles[1].to_owned());
    }
    folder.tom_mut().unwrap().value.annex.title = titles[2].to_owned();
    let markdown = render_text(&Templates::new(None), &folder, None, Flavor::Markdown, &Stamp::default()).unwrap();
    let headings = heading_texts(&markdown);
    for title in expected {
        assert!(headings.iter().any(|h| h.ends_with(title)), "no heading reads {title:?}: {headings:#?}");
    }
    let html = render_text(&Templates::new(None), &folder, None, Flavor::Html, &Stamp::default()).unwrap();
    assert_eq!(differences(&markdown_structure(&markdown), &html_structure(&html)), Vec::<String>::new());
}
