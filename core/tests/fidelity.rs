//! Every seed agreement renders back to its source text: the Markdown
//! rendering and the seed are normalised the same way (whitespace, Markdown
//! markup, list markers, numbering punctuation, export artefacts) and
//! compared word by word. Goal: a similarity ratio of at least 0.97.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use avv_core::load::{Folder, load_folder};
use avv_core::render::inline::Flavor;
use avv_core::render::{Stamp, Templates, render_text};

const THRESHOLD: f32 = 0.97;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn seeds() -> PathBuf {
    workspace().join("../shared/seeds")
}

/// Normalises Markdown or exported text for comparison.
fn normalise(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Drop anchor marks `{#…}` and link targets `](…)`, keep link texts.
    let mut cleaned = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(end) = rest.strip_prefix("{#").and_then(|after| after.find('}')) {
            rest = &rest[2 + end + 1..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("](")
            && let Some(end) = after.find(')')
        {
            rest = &after[end + 1..];
            cleaned.push(' ');
            continue;
        }
        let c = rest.chars().next().unwrap();
        cleaned.push(c);
        rest = &rest[c.len_utf8()..];
    }
    // A line break in a table cell.
    let cleaned = cleaned.replace("<br>", " ");
    for raw in cleaned.split_whitespace() {
        // Markdown markup and escapes.
        let word: String =
            raw.chars().filter(|c| !matches!(c, '*' | '#' | '\\' | '|' | '`' | '>' | '[' | ']' | '<')).collect();
        let word = word.trim_matches('_');
        if word.is_empty() || is_marker(word) {
            continue;
        }
        out.push(word.to_owned());
    }
    out
}

/// List markers, numbering tokens and table rules.
fn is_marker(word: &str) -> bool {
    if word.chars().all(|c| matches!(c, '-' | '–' | '•' | '_' | '.' | ':' | '—' | '=')) {
        return true;
    }
    let core = word.trim_start_matches('§').trim_end_matches(['.', ')', ':']);
    if core.is_empty() {
        return true;
    }
    // 1, 1.1, 6.4, 3.2.1 …
    if core.split('.').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit())) {
        return true;
    }
    // a) b) …
    word.len() == 2 && word.ends_with(')') && word.starts_with(|c: char| c.is_ascii_lowercase())
}

fn ratio(a: &[String], b: &[String]) -> f32 {
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    similar::TextDiff::configure().algorithm(similar::Algorithm::Patience).diff_slices(&a, &b).ratio()
}

fn load(id: &str) -> Folder {
    let dir = workspace().join("agreements").join(id);
    let loaded = load_folder(&dir, &workspace());
    assert!(loaded.diagnostics.is_empty(), "{id} does not load cleanly: {:?}", loaded.diagnostics);
    loaded.folder
}

fn seed_text(prefix: &str) -> String {
    let dir = seeds();
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix} in {}", dir.display()));
    std::fs::read_to_string(entry.path()).unwrap()
}

fn check(id: &str, seed: &str, instance: Option<&str>) -> f32 {
    let folder = load(id);
    let customer = instance.map(|name| {
        let c = folder.customers.iter().find(|c| c.path.file_stem().unwrap() == name).expect("instance");
        (name, &c.value)
    });
    let markdown = render_text(&Templates::new(None), &folder, customer, Flavor::Markdown, &Stamp::default()).unwrap();
    // The small print is ours, not the source's.
    let body = markdown.rsplit_once("\n---\n").map_or(markdown.as_str(), |(b, _)| b);
    let ratio = ratio(&normalise(body), &normalise(&seed_text(seed)));
    let out = workspace().join("target/fidelity");
    std::fs::create_dir_all(&out).ok();
    std::fs::write(out.join(format!("{id}.md")), &markdown).ok();
    println!("fidelity {id}: {ratio:.4}");
    ratio
}

fn assert_faithful(id: &str, seed: &str, instance: Option<&str>) {
    if !seeds().is_dir() {
        eprintln!("skipping: {} not found", seeds().display());
        return;
    }
    let ratio = check(id, seed, instance);
    assert!(
        ratio >= THRESHOLD,
        "{id}: similarity {ratio:.4} is below {THRESHOLD}; the rendering is in target/fidelity/{id}.md"
    );
}

#[test]
fn rocon() {
    assert_faithful("rocon", "000_", None);
}

#[test]
fn hoster_tom() {
    assert_faithful("hoster-tom", "001_", None);
}

#[test]
fn zerer() {
    assert_faithful("zerer", "002_", None);
}

#[test]
fn pcvisit() {
    assert_faithful("pcvisit", "003_", None);
}

#[test]
fn trafficplex() {
    assert_faithful("trafficplex", "004_", Some("kunde-203523"));
}

#[test]
fn the_measure_tells_documents_apart() {
    if !seeds().is_dir() {
        return;
    }
    let folder = load("rocon");
    let markdown = render_text(&Templates::new(None), &folder, None, Flavor::Markdown, &Stamp::default()).unwrap();
    let unrelated = ratio(&normalise(&markdown), &normalise(&seed_text("002_")));
    assert!(unrelated < 0.5, "rocon against the Zerer seed scores {unrelated}");
}

#[test]
fn normalisation_ignores_markup_and_numbering() {
    assert_eq!(
        normalise("## 6.5 **Unterauftragnehmer** {#x}\n- a) Text [Link](#y) 1."),
        vec!["Unterauftragnehmer", "Text", "Link"]
    );
}
