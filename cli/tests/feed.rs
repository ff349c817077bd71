//! The Atom feed of sub-processor changes is valid Atom (RFC 4287): the
//! feed and each entry carry the elements the RFC requires, ids are
//! absolute IRIs, dates are RFC 3339, and with `[site] base_url` in
//! `avv.toml` every link is absolute under it; pages name their canonical
//! URL. An agreement without sub-processors has no feed. The other site
//! setting, `[site] synopsis`, chooses the Synopse's layout.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{copy_dir, rename_id};

const AVV: &str = env!("CARGO_BIN_EXE_avv");
const ATOM: &str = "http://www.w3.org/2005/Atom";
const BASE: &str = "https://avv.example.de/vertraege/";

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// The bundled agreements with `avv.toml` (`config`), then pcvisit 1.9
/// with a sub-processor's new address.
fn repository(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&workspace().join("agreements"), &dir.path().join("agreements"));
    std::fs::write(dir.path().join(".gitignore"), "/site/\n/private/\n").unwrap();
    std::fs::write(dir.path().join("avv.toml"), config).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "agreements"]);
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.path().join("agreements/pcvisit").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit("agreement.toml", "version = \"1.8\"", "version = \"1.9\"");
    edit("subprocessors.toml", "Industriestraße 25, 91710 Gunzenhausen", "Sigmundstraße 135, 90431 Nürnberg");
    git(dir.path(), &["commit", "-q", "-am", "1.9: Hetzner zieht um"]);
    dir
}

fn build(dir: &Path) -> std::process::Output {
    Command::new(AVV).args(["build", "--no-private"]).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

/// The one child element of `node` named `name` in the Atom namespace.
fn only<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    let found: Vec<_> = node.children().filter(|c| c.has_tag_name((ATOM, name))).collect();
    assert_eq!(found.len(), 1, "exactly one <{name}> in <{}>", node.tag_name().name());
    found[0]
}

fn text<'a>(node: roxmltree::Node<'a, '_>) -> &'a str {
    node.text().unwrap_or_default()
}

/// An RFC 3339 date-time as Atom requires (`2024-02-29T00:00:00Z`).
fn is_rfc3339(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 20
        && value.ends_with('Z')
        && [4, 7].iter().all(|&i| b[i] == b'-')
        && b[10] == b'T'
        && [13, 16].iter().all(|&i| b[i] == b':')
        && [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18].iter().all(|&i| b[i].is_ascii_digit())
}

/// An absolute IRI: a scheme, then `:`.
fn is_absolute(iri: &str) -> bool {
    iri.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    })
}

/// The links of `node` as (rel, href).
fn links(node: roxmltree::Node<'_, '_>) -> Vec<(String, String)> {
    node.children()
        .filter(|c| c.has_tag_name((ATOM, "link")))
        .map(|l| (l.attribute("rel").unwrap_or("alternate").to_owned(), l.attribute("href").unwrap().to_owned()))
        .collect()
}

#[test]
fn the_feed_is_valid_atom_with_absolute_urls() {
    let repo = repository("[site]\nbase_url = \"https://avv.example.de/vertraege\"\n");
    let output = build(repo.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let site = repo.path().join("site");

    let xml = std::fs::read_to_string(site.join("pcvisit/unterauftragnehmer.atom")).unwrap();
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = document.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert!(is_absolute(text(only(feed, "id"))));
    assert!(text(only(feed, "title")).ends_with(": Unterauftragnehmer"), "{}", text(only(feed, "title")));
    assert!(is_rfc3339(text(only(feed, "updated"))), "{}", text(only(feed, "updated")));
    // The feed has an author (no entry has one of its own).
    assert_eq!(text(only(only(feed, "author"), "name")), "pcvisit Software AG");
    let feed_links = links(feed);
    assert!(feed_links.contains(&("self".into(), format!("{BASE}pcvisit/unterauftragnehmer.atom"))), "{feed_links:?}");
    assert!(feed_links.contains(&("alternate".into(), format!("{BASE}pcvisit/index.html"))), "{feed_links:?}");

    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
    assert!(!entries.is_empty(), "1.9 changed a sub-processor: {xml}");
    let mut ids = std::collections::HashSet::new();
    for entry in &entries {
        let id = text(only(*entry, "id"));
        assert!(is_absolute(id), "{id}");
        assert!(ids.insert(id.to_owned()), "ids are unique: {id}");
        assert!(!text(only(*entry, "title")).is_empty());
        assert!(is_rfc3339(text(only(*entry, "updated"))));
        for (_, href) in links(*entry) {
            assert!(href.starts_with(BASE), "{href}");
        }
        let content = only(*entry, "content");
        assert_eq!(content.attribute("type"), Some("html"));
        // The HTML is text of the element, escaped once: a list of changes.
        assert!(text(content).starts_with("<ul><li>"), "{}", text(content));
    }
    let newest = text(only(entries[0], "content"));
    assert!(newest.contains("Hetzner Online GmbH (Anschrift)"), "{newest}");

    // Pages name their absolute URL; the index too.
    let page = std::fs::read_to_string(site.join("pcvisit/index.html")).unwrap();
    assert!(page.contains(&format!("<link rel=\"canonical\" href=\"{BASE}pcvisit/index.html\">")), "canonical link");
    assert!(page.contains("href=\"unterauftragnehmer.atom\""), "the page links its feed");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains(&format!("<link rel=\"canonical\" href=\"{BASE}index.html\">")));

    // Agreements without sub-processors have no feed and link none.
    for id in ["hoster-tom", "trafficplex"] {
        assert!(!site.join(id).join("unterauftragnehmer.atom").exists(), "{id} has no feed");
        let page = std::fs::read_to_string(site.join(id).join("index.html")).unwrap();
        assert!(!page.contains("unterauftragnehmer.atom"), "{id} links no feed");
    }
    // Those with a list have one, even without changes yet.
    for id in ["rocon", "zerer"] {
        let xml = std::fs::read_to_string(site.join(id).join("unterauftragnehmer.atom")).unwrap();
        let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
        assert!(!links(document.root_element()).is_empty());
    }
}

#[test]
fn without_a_base_url_links_are_relative_and_ids_stay() {
    let repo = repository("schema_version = 1\n");
    let output = build(repo.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let site = repo.path().join("site");
    let xml = std::fs::read_to_string(site.join("pcvisit/unterauftragnehmer.atom")).unwrap();
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = document.root_element();
    assert_eq!(text(only(feed, "id")), "urn:avv:pcvisit:unterauftragnehmer");
    assert!(links(feed).contains(&("self".into(), "unterauftragnehmer.atom".into())));
    let page = std::fs::read_to_string(site.join("pcvisit/index.html")).unwrap();
    assert!(!page.contains("rel=\"canonical\""));
}

#[test]
fn a_wrong_base_url_stops_the_build_at_its_place() {
    let repo = repository("schema_version = 1\n\n[site]\nbase_url = \"avv.example.de\"\n");
    let output = build(repo.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("avv.toml:4:"), "file and line: {stderr}");
    assert!(stderr.contains("https://avv.example.de/"), "what to write instead: {stderr}");
    assert!(!repo.path().join("site").exists(), "nothing built");
}

/// The Synopse of pcvisit 1.8 → 1.9 as published.
fn synopsis(site: &Path) -> String {
    let folder = site.join("pcvisit");
    let file = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("synopse-") && p.extension().unwrap() == "html")
        .expect("a Synopse");
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn the_synopsis_layout_is_a_site_setting() {
    let repo = repository("schema_version = 1\n");
    assert!(build(repo.path()).status.success());
    let columns = synopsis(&repo.path().join("site"));
    assert!(columns.contains("class=\"cols\"") && columns.contains("(bisher)"), "columns by default");
    assert!(columns.contains("Sigmundstraße") && columns.contains("Industriestraße"), "old and new address");
    // The Synopse is also a Word file, linked from the agreement's page.
    let folder = repo.path().join("site/pcvisit");
    let docx = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("synopse-") && p.extension().unwrap() == "docx")
        .expect("a Synopse as DOCX");
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK\x03\x04"));
    let page = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(page.contains(&*docx.file_name().unwrap().to_string_lossy()), "the page links the DOCX Synopse");

    // The same render cache: the layout is part of the Synopse's key.
    std::fs::write(repo.path().join("avv.toml"), "schema_version = 1\n\n[site]\nsynopsis = \"inline\"\n").unwrap();
    assert!(build(repo.path()).status.success());
    let inline = synopsis(&repo.path().join("site"));
    assert!(!inline.contains("class=\"cols\"") && inline.contains("class=\"text\""), "inline when asked");

    std::fs::write(repo.path().join("avv.toml"), "schema_version = 1\n\n[site]\nsynopsis = \"sideways\"\n").unwrap();
    let output = build(repo.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("avv.toml:4:"), "file and line: {stderr}");
}

/// Sub-processor changes committed without a new version are an entry of
/// their own, named by their commit and dated by it: a later batch is a
/// new entry a feed reader shows, not the earlier one again.
#[test]
fn unpublished_changes_are_a_new_entry_each_time() {
    let dir = repository("schema_version = 1\n");
    let entries = |dir: &Path| -> Vec<(String, String, String)> {
        let output = build(dir);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let xml = std::fs::read_to_string(dir.join("site/pcvisit/unterauftragnehmer.atom")).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        doc.root_element()
            .children()
            .filter(|c| c.has_tag_name((ATOM, "entry")))
            .map(|e| {
                (text(only(e, "id")).to_owned(), text(only(e, "updated")).to_owned(), text(only(e, "title")).to_owned())
            })
            .collect()
    };
    let pending = |dir: &Path, from: &str, to: &str, date: &str| {
        let path = dir.join("agreements/pcvisit/subprocessors.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let output = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-am", "ohne neue Version"])
            .env("GIT_COMMITTER_DATE", date)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    pending(dir.path(), "Venloer Straße 47", "Venloer Straße 48", "2031-02-03T12:00:00+00:00");
    let first = entries(dir.path());
    let draft =
        first.iter().find(|(_, _, title)| title.contains("unveröffentlicht")).expect("the draft's entry").clone();
    assert!(draft.0.contains(":entwurf:"), "{draft:?}");
    assert_eq!(draft.1, "2031-02-03T00:00:00Z", "dated by its commit");
    pending(dir.path(), "Venloer Straße 48", "Venloer Straße 49", "2031-03-04T12:00:00+00:00");
    let second = entries(dir.path());
    let later = second.iter().find(|(_, _, title)| title.contains("unveröffentlicht")).expect("the draft's entry");
    assert_ne!(later.0, draft.0, "a new batch is a new entry");
    assert_eq!(later.1, "2031-03-04T00:00:00Z");
}

/// The entries of a feed: (id, title).
fn entry_ids(xml: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).expect("well-formed XML");
    document
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| text(only(e, "id")).to_owned())
        .collect()
}

#[test]
fn a_renamed_agreement_keeps_its_feed_ids_and_its_old_addresses() {
    let repo = repository("[site]\nbase_url = \"https://avv.example.de/vertraege\"\n");
    let output = build(repo.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let site = repo.path().join("site");
    let before = std::fs::read_to_string(site.join("pcvisit/unterauftragnehmer.atom")).unwrap();
    let ids = entry_ids(&before);
    assert!(!ids.is_empty());

    // pcvisit becomes pcvisit-avv; a new agreement takes rocon's name after
    // rocon moved too, so `rocon` is not rocon-avv's any more.
    for (from, to) in [("pcvisit", "pcvisit-avv"), ("rocon", "rocon-avv")] {
        git(repo.path(), &["mv", &format!("agreements/{from}"), &format!("agreements/{to}")]);
        rename_id(&repo.path().join("agreements").join(to), from, to);
    }
    copy_dir(&repo.path().join("agreements/zerer"), &repo.path().join("agreements/rocon"));
    let agreement = repo.path().join("agreements/rocon/agreement.toml");
    let source = std::fs::read_to_string(&agreement).unwrap();
    std::fs::write(&agreement, source.replacen("id = \"zerer\"\n", "id = \"rocon\"\n", 1)).unwrap();
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "neue Ordnernamen"]);
    let output = build(repo.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));

    // The feed under the new name: the same entries, by the same ids.
    let now = std::fs::read_to_string(site.join("pcvisit-avv/unterauftragnehmer.atom")).unwrap();
    assert_eq!(entry_ids(&now), ids, "a rename makes no entry new to a feed reader");
    let feed = roxmltree::Document::parse(&now).unwrap();
    assert_eq!(text(only(feed.root_element(), "id")), "urn:avv:pcvisit:unterauftragnehmer");
    assert!(
        links(feed.root_element()).contains(&("self".into(), format!("{BASE}pcvisit-avv/unterauftragnehmer.atom"))),
        "the feed names its address now"
    );
    // Under the old name: the same feed, for those subscribed to it, and a
    // page that sends readers on.
    let old = std::fs::read_to_string(site.join("pcvisit/unterauftragnehmer.atom")).unwrap();
    assert_eq!(old, now, "subscriptions to the old address go on");
    let pointer = std::fs::read_to_string(site.join("pcvisit/index.html")).unwrap();
    assert!(
        pointer.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url={BASE}pcvisit-avv/index.html\">")),
        "{pointer}"
    );
    assert!(pointer.contains("<meta name=\"robots\" content=\"noindex\">"));
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!index.contains("href=\"pcvisit/index.html\""), "the index lists the agreement once, under its name");
    // A name another agreement has now is that agreement's.
    let rocon = std::fs::read_to_string(site.join("rocon/index.html")).unwrap();
    assert!(!rocon.contains("http-equiv=\"refresh\""), "the new rocon's own page");
    assert!(site.join("rocon-avv/index.html").exists());
}
