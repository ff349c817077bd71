//! A repository's own templates (`templates/`) are part of what a version
//! publishes: a version prints with the templates of the commit that made
//! it, so a template changed later (a sentence added to
//! `document.typ.j2`) changes no document published before, nor the
//! contract of a customer who signed it. The change prints in the draft
//! and with the next version, and the record says so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use support::acme::{avv, commit, git, new_version, ok, repository};
use support::files;

/// The templates a document prints with, each with a marker text appended
/// (the stylesheet as a comment: HTML documents include it).
const DOCUMENT_TEMPLATES: &[&str] = &["document.html.j2", "document.md.j2", "document.typ.j2", "style.css"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Writes the default document templates into `templates/`, each with
/// `marker` appended.
fn templates_with(dir: &Path, marker: &str) {
    let folder = dir.join("templates");
    std::fs::create_dir_all(&folder).unwrap();
    for name in DOCUMENT_TEMPLATES {
        let default = std::fs::read_to_string(root().join("core/src/render/templates").join(name)).unwrap();
        let added = if name.ends_with(".css") { format!("\n/* {marker} */\n") } else { format!("\n{marker}\n") };
        std::fs::write(folder.join(name), default + &added).unwrap();
    }
}

/// A clean build of the working tree into `<name>` and `<name>-private`:
/// the public and the private files, keyed `public/…` and `private/…`.
fn build(dir: &Path, name: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let private = format!("{name}-private");
    ok(avv(dir, &["build", "--no-cache", "--out", name, "--private-out", &private]));
    let mut out = BTreeMap::new();
    for (side, folder) in [("public", name), ("private", private.as_str())] {
        out.extend(files(&dir.join(folder)).into_iter().map(|(path, bytes)| (Path::new(side).join(path), bytes)));
    }
    out
}

/// The documents of version `version` (every format) and the customer's
/// contract, which signed 1.6.
fn documents_of(site: &BTreeMap<PathBuf, Vec<u8>>, version: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let own = format!("acme-{version}.");
    let documents: BTreeMap<PathBuf, Vec<u8>> = site
        .iter()
        .filter(|(path, _)| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with(&own) || (version == "1.6" && path.starts_with("private/acme"))
        })
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect();
    let formats = if version == "1.6" { 8 } else { 4 };
    assert_eq!(documents.len(), formats, "every format of {version}: {:?}", documents.keys().collect::<Vec<_>>());
    documents
}

fn text(site: &BTreeMap<PathBuf, Vec<u8>>, file: &str) -> String {
    let bytes =
        site.get(Path::new(file)).unwrap_or_else(|| panic!("no `{file}` in {:?}", site.keys().collect::<Vec<_>>()));
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_same(what: &str, expected: &BTreeMap<PathBuf, Vec<u8>>, actual: &BTreeMap<PathBuf, Vec<u8>>) {
    assert_eq!(expected.keys().collect::<Vec<_>>(), actual.keys().collect::<Vec<_>>(), "{what}: other files");
    for (name, bytes) in expected {
        assert!(&actual[name] == bytes, "{what}: `{}` changed", name.display());
    }
}

const CHANGED: &str = "Dokumentvorlagen geändert: document.html.j2, document.md.j2, document.typ.j2, style.css";

#[test]
fn a_template_changed_after_a_version_changes_none_of_its_documents() {
    let repo = repository();
    let dir = repo.path();
    let before = build(dir, "site-0");
    assert!(!before.keys().any(|p| p.to_string_lossy().contains("entwurf")), "nothing pending");

    // Templates committed after 1.6: 1.6 and its customer's contract print
    // as they were published; the draft prints with them, and says why.
    templates_with(dir, "VORLAGE-EINS");
    commit(dir, "Vorlagen");
    let first = build(dir, "site-1");
    assert_same("1.6 after templates were committed", &documents_of(&before, "1.6"), &documents_of(&first, "1.6"));
    let draft = text(&first, "public/acme/acme-entwurf.md");
    assert!(draft.contains("VORLAGE-EINS") && draft.contains(CHANGED), "{draft}");
    assert!(text(&first, "public/acme/acme-entwurf.html").contains("VORLAGE-EINS"));
    assert!(!draft.contains("(nicht eingecheckt)"), "{draft}");
    let page = text(&first, "public/acme/index.html");
    assert!(!page.contains("VORLAGE-EINS"), "the page shows 1.6 as its documents print it");
    let history = ok(avv(dir, &["history", "acme"]));
    assert!(history.contains("unveröffentlicht") && history.contains(CHANGED), "{history}");
    let diff = ok(avv(dir, &["diff", "HEAD~1", "HEAD"]));
    assert!(diff.contains("templates/") && diff.contains("Dokumentvorlage hinzugefügt: document.typ.j2"), "{diff}");

    // The next version prints with them, and its row says so.
    new_version(dir, "1.6", "1.7");
    let second = build(dir, "site-2");
    assert_same("1.6 after 1.7", &documents_of(&before, "1.6"), &documents_of(&second, "1.6"));
    assert!(text(&second, "public/acme/acme-1.7.md").contains("VORLAGE-EINS"));
    assert!(!second.keys().any(|p| p.to_string_lossy().contains("entwurf")), "nothing pending after 1.7");
    let history = ok(avv(dir, &["history", "acme"]));
    let row = history.split("\n\n").find(|block| block.starts_with("1.7 ")).unwrap();
    assert!(row.contains(CHANGED), "{history}");
    assert!(text(&second, "public/acme/index.html").contains("VORLAGE-EINS"), "the page shows 1.7");

    // Changed again: neither 1.6 nor 1.7 changes, nor the page showing 1.7.
    templates_with(dir, "VORLAGE-ZWEI");
    commit(dir, "Vorlagen geändert");
    let third = build(dir, "site-3");
    for version in ["1.6", "1.7"] {
        assert_same(version, &documents_of(&second, version), &documents_of(&third, version));
    }
    let page = text(&third, "public/acme/index.html");
    assert!(page.contains("VORLAGE-EINS") && !page.contains("VORLAGE-ZWEI"), "{page}");
    let draft = text(&third, "public/acme/acme-entwurf.md");
    assert!(draft.contains("VORLAGE-ZWEI") && draft.contains(CHANGED), "{draft}");
    // `avv render` prints what the build publishes: the draft, and the
    // customer's contract from 1.6 as it was.
    let rendered = ok(avv(dir, &["render", "agreements/acme", "--format", "md"]));
    assert_eq!(rendered, draft);
    let customer = ok(avv(dir, &["render", "agreements/acme/customers/kunde.toml", "--format", "md"]));
    assert_eq!(customer.as_bytes(), &third[Path::new("private/acme/kunde.md")][..]);
    assert!(!customer.contains("VORLAGE"), "{customer}");
    // An earlier version named renders as it was published, each with the
    // templates of its own commit, in every format.
    for version in ["1.6", "1.7", "entwurf"] {
        let rendered = ok(avv(dir, &["render", "agreements/acme", version, "--format", "md"]));
        assert_eq!(rendered, text(&third, &format!("public/acme/acme-{version}.md")), "{version}");
    }
    let out = dir.join("rendered");
    for format in ["html", "pdf", "docx"] {
        let written = ok(avv(dir, &["render", "acme", "1.6", "--format", format, "--out", "rendered"]));
        let name = format!("acme-1.6.{format}");
        assert!(written.trim_end().ends_with(&name), "{written}");
        let bytes = std::fs::read(out.join(&name)).unwrap();
        assert!(bytes == third[&Path::new("public/acme").join(&name)], "{name} as the build published it");
    }
    let unknown = avv(dir, &["render", "acme", "1.9", "--format", "md"]);
    assert_eq!(unknown.status.code(), Some(2));
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(said.contains("has no version `1.9` (its versions: 1.6, 1.7, entwurf)"), "{said}");
    let signed = avv(dir, &["render", "agreements/acme/customers/kunde.toml", "1.7", "--format", "md"]);
    assert_eq!(signed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&signed.stderr).contains("prints the version the customer signed"));
    // `--version` belongs to `avv` alone: after a subcommand it is a usage
    // error, not avv's version printed with a success.
    let flag = avv(dir, &["render", "acme", "--version", "1.6", "--format", "md"]);
    assert_eq!(flag.status.code(), Some(2), "{}", String::from_utf8_lossy(&flag.stdout));
    assert!(flag.stdout.is_empty());

    // Not committed: the draft says so.
    templates_with(dir, "VORLAGE-DREI");
    let fourth = build(dir, "site-4");
    let draft = text(&fourth, "public/acme/acme-entwurf.md");
    assert!(draft.contains("VORLAGE-DREI") && draft.contains("(nicht eingecheckt)"), "{draft}");
    for version in ["1.6", "1.7"] {
        assert_same(version, &documents_of(&second, version), &documents_of(&fourth, version));
    }
}

#[test]
fn the_site_pages_own_templates_are_no_change_of_a_document() {
    let repo = repository();
    let dir = repo.path();
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    let index = std::fs::read_to_string(root().join("core/src/render/templates/site-index.html.j2")).unwrap();
    std::fs::write(dir.join("templates/site-index.html.j2"), index + "\n<!-- SEITE -->\n").unwrap();
    commit(dir, "Startseite");
    let site = build(dir, "site");
    assert!(text(&site, "public/index.html").contains("SEITE"), "the index prints with the working tree's");
    assert!(!site.keys().any(|p| p.to_string_lossy().contains("entwurf")), "no draft for a page template");
    let history = ok(avv(dir, &["history", "acme"]));
    assert!(!history.contains("unveröffentlicht") && !history.contains("Dokumentvorlage"), "{history}");
    let diff = ok(avv(dir, &["diff", "HEAD~1", "HEAD"]));
    assert!(!diff.contains("templates/"), "{diff}");
}

#[test]
fn a_version_whose_own_templates_fail_names_the_commit_they_are_from() {
    let repo = repository();
    let dir = repo.path();
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("templates/document.md.j2"), "{{ no_such_variable }}\n").unwrap();
    new_version(dir, "1.6", "1.7");
    let commit = git(dir, &["rev-parse", "--short=12", "HEAD"]).trim().to_owned();
    // Mended in the working tree only: 1.7 still prints with its own.
    std::fs::remove_dir_all(dir.join("templates")).unwrap();
    let output = avv(dir, &["build", "--no-cache"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "cannot render `acme/acme-1.7.md` with the templates of commit {commit}, which made version 1.7"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("template `document.md.j2` line 1"), "{stderr}");
}

#[test]
fn a_template_name_is_text_wherever_the_record_prints_it() {
    let repo = repository();
    let dir = repo.path();
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("templates/<img src=x onerror=alert(1)>.j2"), "x\n").unwrap();
    commit(dir, "Vorlage");
    let site = build(dir, "site");
    let html = text(&site, "public/acme/acme-entwurf.html");
    assert!(html.contains("Dokumentvorlage geändert: &lt;img src=x onerror=alert(1)&gt;.j2"), "{html}");
    for (path, bytes) in site.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "html" || e == "atom")) {
        assert!(!String::from_utf8_lossy(bytes).contains("<img src=x"), "markup in `{}`", path.display());
    }
    let markdown = text(&site, "public/acme/acme-entwurf.md");
    assert!(markdown.contains("Dokumentvorlage geändert: \\<img src=x onerror=alert(1)>.j2"), "{markdown}");
}
