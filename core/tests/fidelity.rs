//! Every seed agreement renders back to its source text: the Markdown
//! rendering and the seed are normalised the same way (whitespace, Markdown
//! markup, list markers, numbering punctuation, export artefacts) and
//! compared word by word. Goal: a similarity ratio of at least 0.97.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use avv_core::load::{Folder, load_folder};
use avv_core::render::inline::Flavor;
use avv_core::render::{Stamp, Templates, render_text};

#[path = "support/words.rs"]
mod words;
use words::{normalise, ratio};

const THRESHOLD: f32 = 0.97;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn seeds() -> PathBuf {
    workspace().join("../shared/seeds")
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
