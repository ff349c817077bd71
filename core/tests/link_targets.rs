//! No link leads nowhere: a text may link to any node of its agreement
//! (`[siehe Anlage](#id)`), and in every format with links into the
//! document (HTML, PDF, Word) each link printed as a link has its target,
//! and every node the document prints can be linked to.
//!
//! Every bundled agreement and every valid fixture gets a paragraph that
//! links to each id it defines, and is rendered as a blank form and as
//! each of its customer instances.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use avv_core::load::{Folder, load_folder};
use avv_core::render::document::{find_instance, instance_id};
use avv_core::render::inline::Flavor;
use avv_core::render::{Stamp, Templates, render_docx, render_text};
use avv_core::validate::ids::{IdKind, index};

#[path = "support/docx_text.rs"]
mod docx_text;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn folders() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for parent in [workspace().join("agreements"), workspace().join("core/tests/fixtures/valid")] {
        dirs.extend(std::fs::read_dir(parent).unwrap().flatten().map(|e| e.path()));
    }
    dirs.retain(|d| d.join("agreement.toml").is_file());
    dirs.sort();
    dirs
}

/// Every id of the folder with its kind.
fn ids(folder: &Folder) -> BTreeMap<String, IdKind> {
    index(folder, &mut Vec::new()).sites.iter().map(|(id, site)| ((*id).to_owned(), site.kind)).collect()
}

/// The folder with a paragraph in its first clause that links to every id.
fn linking(folder: &Folder, ids: &BTreeMap<String, IdKind>) -> Folder {
    let mut folder = folder.clone();
    let links: Vec<String> = ids.keys().map(|id| format!("[Verweis {id}](#{id})")).collect();
    let links = links.join(", ");
    let agreement = std::sync::Arc::make_mut(folder.agreement.as_mut().unwrap());
    if let Some(clause) = agreement.value.clause.first_mut() {
        let text = clause.text.take().unwrap_or_default();
        clause.text = Some(format!("{text}\n\n{links}"));
    } else {
        // An agreement that is a TOM annex alone: a paragraph in its first section.
        let tom = std::sync::Arc::make_mut(folder.tom.as_mut().expect("a body or a TOM annex"));
        let block = serde_json::from_value(serde_json::json!({ "p": links })).unwrap();
        tom.value.section[0].block.push(block);
    }
    folder
}

/// What a rendering links to, and which of those have their target.
struct Links {
    linked: BTreeSet<String>,
    dangling: BTreeSet<String>,
}

fn html_links(html: &str) -> Links {
    let linked: BTreeSet<String> = between(html, "href=\"#", "\"").into_iter().collect();
    let targets: BTreeSet<String> = between(html, " id=\"", "\"").into_iter().collect();
    let dangling = linked.difference(&targets).cloned().collect();
    Links { linked, dangling }
}

fn typst_links(source: &str) -> Links {
    let linked: BTreeSet<String> = between(source, "#avv-link(\"", "\"").into_iter().collect();
    let mut targets: BTreeSet<String> = between(source, "#avv-anchor(\"", "\"").into_iter().collect();
    targets.extend(between(source, "id: \"", "\""));
    let dangling = linked.difference(&targets).cloned().collect();
    Links { linked, dangling }
}

/// Read with pulldown-cmark, a CommonMark parser of its own: the links a
/// reader follows, and the anchors (`<a id="…">`, inline HTML) they lead to.
fn markdown_links(markdown: &str) -> Links {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut linked = BTreeSet::new();
    let mut targets = BTreeSet::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(id) = dest_url.strip_prefix('#') {
                    linked.insert(id.to_owned());
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => targets.extend(between(&html, "<a id=\"", "\"")),
            _ => {}
        }
    }
    let dangling = linked.difference(&targets).cloned().collect();
    Links { linked, dangling }
}

fn docx_links(docx: &[u8]) -> Links {
    let parts = docx_text::parts(docx);
    let xml = &parts["word/document.xml"];
    let linked: BTreeSet<String> = between(xml, "w:anchor=\"", "\"").into_iter().collect();
    let targets: BTreeSet<String> = between(xml, "<w:bookmarkStart w:id=\"", "/>")
        .into_iter()
        .filter_map(|attributes| between(&attributes, "w:name=\"", "\"").into_iter().next())
        .collect();
    let dangling = linked.difference(&targets).cloned().collect();
    Links { linked, dangling }
}

/// Every text between `start` and the next `end`.
fn between(text: &str, start: &str, end: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(start) {
        rest = &rest[at + start.len()..];
        let Some(stop) = rest.find(end) else { break };
        out.push(rest[..stop].to_owned());
        rest = &rest[stop..];
    }
    out
}

/// The kinds a document prints wherever they are defined: a link to one
/// must always be a link.
const PRINTED: &[IdKind] = &[
    IdKind::Clause,
    IdKind::Annex,
    IdKind::Party,
    IdKind::Section,
    IdKind::Measure,
    IdKind::Explanation,
    IdKind::Subprocessor,
    IdKind::Group,
    IdKind::Note,
    IdKind::List,
];

#[test]
fn every_link_has_its_target_in_html_pdf_word_and_markdown() {
    let templates = Templates::new(None);
    let stamp = Stamp::default();
    let mut checked = 0;
    let mut published = 0;
    for dir in folders() {
        let loaded = load_folder(&dir, &workspace());
        assert!(loaded.diagnostics.is_empty(), "{}: {:?}", dir.display(), loaded.diagnostics);
        let ids = ids(&loaded.folder);
        let folder = linking(&loaded.folder, &ids);
        let mut instances: Vec<Option<String>> = vec![None];
        instances.extend(folder.customers.iter().map(|c| Some(instance_id(&c.path))));
        for instance in &instances {
            let instance = instance.as_deref();
            let customer = instance.map(|id| (id, find_instance(&folder, id).unwrap()));
            let name = format!("{} ({})", dir.display(), instance.unwrap_or("blank form"));
            let html = render_text(&templates, &folder, customer, Flavor::Html, &stamp).unwrap();
            // A node is one target: its id once in the HTML.
            for id in ids.keys() {
                let marks = html.matches(&format!(" id=\"{id}\"")).count();
                assert!(marks <= 1, "{name}: `{id}` is the target {marks} times");
            }
            // A link to a node the document does not print is its text.
            let text = avv_core::render::templates::striptags(&html);
            for id in ids.keys() {
                assert!(text.contains(&format!("Verweis {id}")), "{name}: the link to `{id}` lost its text");
            }
            let typst = render_text(&templates, &folder, customer, Flavor::Typst, &stamp).unwrap();
            let markdown = render_text(&templates, &folder, customer, Flavor::Markdown, &stamp).unwrap();
            // A node is one target in Markdown too.
            for id in ids.keys() {
                let marks = markdown.matches(&format!("<a id=\"{id}\"></a>")).count();
                assert!(marks <= 1, "{name}: `{id}` is the Markdown target {marks} times");
            }
            let docx = render_docx(&folder, customer, &stamp, None).unwrap();
            // A link to a reference leads where it is published.
            let rels = docx_text::parts(&docx)["word/_rels/document.xml.rels"].clone();
            for reference in &folder.agreement.as_ref().unwrap().value.reference {
                let Some(url) = reference.url.as_deref().filter(|u| u.starts_with("https://")) else { continue };
                let id = reference.id.as_str();
                assert!(html.contains(&format!("<a href=\"{url}\">Verweis {id}</a>")), "{name}: HTML, `{id}`");
                assert!(typst.contains(&format!("#link(\"{url}\")[Verweis {id}];")), "{name}: typst, `{id}`");
                assert!(rels.contains(&format!("Target=\"{url}\"")), "{name}: DOCX, `{id}`");
                published += 1;
            }
            let formats = [
                ("HTML", html_links(&html)),
                ("typst", typst_links(&typst)),
                ("DOCX", docx_links(&docx)),
                ("Markdown", markdown_links(&markdown)),
            ];
            for (format, links) in &formats {
                assert!(links.dangling.is_empty(), "{name}: {format} links lead nowhere: {:?}", links.dangling);
            }
            // The links to the data's ids (HTML also links its footnotes).
            let of_data = |links: &Links| -> BTreeSet<String> {
                links.linked.iter().filter(|id| ids.contains_key(id.as_str())).cloned().collect()
            };
            let html = of_data(&formats[0].1);
            let typst = of_data(&formats[1].1);
            assert!(
                html == typst,
                "{name}: HTML and PDF link to different nodes: {:?}",
                html.symmetric_difference(&typst).collect::<Vec<_>>()
            );
            let markdown = of_data(&formats[3].1);
            assert!(
                html == markdown,
                "{name}: HTML and Markdown link to different nodes: {:?}",
                html.symmetric_difference(&markdown).collect::<Vec<_>>()
            );
            // Word names a bookmark after its id (`_` for `-`), a long id by number.
            let docx = &formats[2].1.linked;
            let named: BTreeSet<String> =
                html.iter().filter(|id| id.len() <= 40).map(|id| id.replace('-', "_")).collect();
            assert!(
                named.is_subset(docx) && docx.len() == html.len(),
                "{name}: HTML and Word link to different nodes: {:?}",
                named.symmetric_difference(docx).collect::<Vec<_>>()
            );
            for (id, kind) in &ids {
                if PRINTED.contains(kind) {
                    assert!(html.contains(id), "{name}: the link to {} `{id}` is printed as text", kind.name());
                }
            }
            checked += html.len();
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    assert!(published > 0, "no reference with an address was linked");
}
