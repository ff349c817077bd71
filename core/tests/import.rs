//! `avv import` on the plain-text sources of the bundled agreements, on a
//! fixture per numbering style and per sub-processor table shape, on DOCX
//! built here with docx-rs, and on hostile input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use avv_core::diagnostic::Severity;
use avv_core::import::check::round_trip;
use avv_core::import::{ImportError, Imported, Options, import, import_bytes};
use avv_core::load::{Folder, load_folder};
use avv_core::model::tom::Measure;
use avv_core::validate::validate_folders;

const THRESHOLD: f32 = 0.90;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn seeds() -> PathBuf {
    workspace().join("../shared/seeds")
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn options(root: &Path, id: &str) -> Options {
    Options { id: id.to_owned(), kind: None, out: root.join("agreements"), root: root.to_path_buf() }
}

/// Imports `path` into a fresh repository and checks that it validates without errors.
fn import_clean(path: &Path, id: &str) -> (tempfile::TempDir, Imported) {
    let root = tempfile::tempdir().unwrap();
    let imported = import(path, &options(root.path(), id)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let report = validate_folders(std::slice::from_ref(&imported.folder), root.path());
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{id} does not validate: {errors:?}");
    (root, imported)
}

fn loaded(dir: &Path, root: &Path) -> Folder {
    load_folder(dir, root).folder
}

fn measures(list: &[Measure]) -> usize {
    list.iter().map(|m| 1 + measures(&m.items)).sum()
}

/// Clauses, sub-processors, measures.
fn counts(folder: &Folder) -> (usize, usize, usize) {
    fn sections(list: &[avv_core::model::tom::Section]) -> usize {
        list.iter().map(|s| measures(&s.measure) + sections(&s.section)).sum()
    }
    let clauses = folder.agreement.as_ref().map_or(0, |a| a.value.all_clauses().len());
    let subs = folder.subprocessors.as_ref().map_or(0, |s| s.value.subprocessor.len());
    let tom = folder.tom.as_ref().map_or(0, |t| sections(&t.value.section));
    (clauses, subs, tom)
}

fn seed(prefix: &str) -> Option<PathBuf> {
    let dir = seeds();
    let entry = std::fs::read_dir(&dir).ok()?.flatten().find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    Some(entry.path())
}

fn seed_round_trip(prefix: &str, hand_made: &str) {
    let Some(path) = seed(prefix) else {
        eprintln!("skipping: no seed {prefix} in {}", seeds().display());
        return;
    };
    let (root, imported) = import_clean(&path, hand_made);
    let trip = round_trip(&imported.folder, root.path(), &imported.source_text).unwrap();
    let ours = counts(&loaded(&imported.folder, root.path()));
    let theirs = counts(&loaded(&workspace().join("agreements").join(hand_made), &workspace()));
    println!(
        "import {hand_made}: similarity {:.4}; clauses {} (hand-made {}), sub-processors {} ({}), measures {} ({}); notes {}",
        trip.ratio,
        ours.0,
        theirs.0,
        ours.1,
        theirs.1,
        ours.2,
        theirs.2,
        imported.summary.notes.len()
    );
    let out = workspace().join("target/import");
    std::fs::create_dir_all(&out).ok();
    std::fs::write(out.join(format!("{hand_made}.summary.txt")), imported.summary.render("line")).ok();
    // The imported folder, to look at.
    let copy = out.join(hand_made);
    std::fs::create_dir_all(&copy).ok();
    for entry in std::fs::read_dir(&imported.folder).unwrap().flatten() {
        std::fs::copy(entry.path(), copy.join(entry.file_name())).ok();
    }
    for passage in &trip.passages {
        println!("  at word {}: -{:?} +{:?}", passage.position, passage.removed.join(" "), passage.added.join(" "));
    }
    assert!(trip.ratio >= THRESHOLD, "{hand_made}: similarity {:.4} is below {THRESHOLD}", trip.ratio);
}

#[test]
fn seed_rocon() {
    seed_round_trip("000_", "rocon");
}

#[test]
fn seed_hoster_tom() {
    seed_round_trip("001_", "hoster-tom");
}

#[test]
fn seed_zerer() {
    seed_round_trip("002_", "zerer");
}

#[test]
fn seed_pcvisit() {
    seed_round_trip("003_", "pcvisit");
}

#[test]
fn seed_trafficplex() {
    seed_round_trip("004_", "trafficplex");
}
