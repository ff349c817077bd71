//! The history cache (`.git/avv/history`): a version table read from it is
//! the table computed afresh, byte for byte in every output format, and a
//! damaged entry is computed again, never trusted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/evolve.rs"]
mod evolve;

use std::path::{Path, PathBuf};

use avv_core::history::{Repo, history_table, table_json, table_markdown, table_text};

fn tables(dir: &Path) -> (String, String, String) {
    let repo = Repo::open(dir).unwrap();
    let table = history_table(&repo, evolve::EVOLVING, None).unwrap();
    assert!(table.rows.len() > 30, "{} rows", table.rows.len());
    (table_json(&table), table_markdown(&table), table_text(&table))
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let root = dir.join(".git/avv/history");
    for bucket in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for entry in std::fs::read_dir(bucket.path()).into_iter().flatten().flatten() {
            out.push(entry.path());
        }
    }
    out.sort();
    out
}

#[test]
fn the_cached_table_is_the_computed_table() {
    let dir = tempfile::tempdir().unwrap();
    evolve::write_repo(dir.path(), evolve::Shape { versions: 40, customers: 3 });

    let fresh = tables(dir.path());
    let written = entries(dir.path());
    assert_eq!(written.len(), 40, "one entry per version");
    assert_eq!(tables(dir.path()), fresh, "read from the cache");

    // Every entry damaged: all are computed again, and rewritten.
    for path in &written {
        let mut bytes = std::fs::read(path).unwrap();
        let last = bytes.len() - 2;
        bytes[last] ^= 0x01;
        std::fs::write(path, bytes).unwrap();
    }
    assert_eq!(tables(dir.path()), fresh, "over damaged entries");
    // Every other entry gone: cached and computed versions interleave.
    for path in entries(dir.path()).iter().step_by(2) {
        std::fs::remove_file(path).unwrap();
    }
    assert_eq!(tables(dir.path()), fresh, "half from the cache");
    assert_eq!(entries(dir.path()).len(), 40);
}

/// A history reads its versions in batches, parses a file its versions
/// share once and compares each version with the last one of the batch
/// before: every row must still be the diff of its two versions, each
/// loaded on its own. In this history the TOM annex changes in one version
/// of three and the list in one of ten, so shared and changed files meet
/// in every combination, and 70 versions cross a batch boundary (64).
#[test]
fn every_row_is_the_diff_of_its_versions_read_apart() {
    use avv_core::diff::diff;
    use avv_core::history::{Oid, version_index};

    let dir = tempfile::tempdir().unwrap();
    evolve::write_repo(dir.path(), evolve::Shape { versions: 70, customers: 1 });
    let repo = Repo::open(dir.path()).unwrap();
    let table = history_table(&repo, evolve::EVOLVING, None).unwrap();
    let head = repo.resolve("HEAD").unwrap();
    let points = version_index(&repo, evolve::EVOLVING, head).unwrap().points;
    let load = |commit: &str, folder: &str| {
        let blobs = repo.folder_blobs(Oid::from_str(commit).unwrap(), folder).unwrap().unwrap().without_customers();
        repo.load_blobs(&blobs).unwrap().folder
    };
    let mut compared = 0;
    for (i, point) in points.iter().enumerate().skip(1) {
        let row = table.rows.iter().find(|row| row.version == point.version).unwrap();
        let row = row.change_set.as_ref().unwrap();
        let before = load(&points[i - 1].commit, &points[i - 1].folder);
        let after = load(&point.commit, &point.folder);
        let alone = diff(Some(&before), &after);
        assert_eq!(row.lines, alone.lines, "version {}", point.label());
        assert!(
            serde_json::to_value(row).unwrap() == serde_json::to_value(&alone).unwrap(),
            "version {}: the changes behind the row differ from those of its versions read apart",
            point.label()
        );
        assert!(!alone.changes.is_empty(), "version {} changes something", point.label());
        compared += 1;
    }
    assert_eq!(compared, 69);
}
