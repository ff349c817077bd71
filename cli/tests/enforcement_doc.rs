//! docs/enforcement.md maps every way a change reaches the repository and
//! the site to the check that sees it and the tests that hold the check to
//! it: each test it names must exist, or the table promises what nothing
//! tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `#[test]` function name in the Rust files under `dir`.
fn tests_under(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            tests_under(&path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(rest) = line.trim_start().strip_prefix("fn ") else { continue };
            let is_test = lines[..i].iter().rev().take(3).any(|l| l.trim() == "#[test]");
            if is_test && let Some((name, _)) = rest.split_once('(') {
                out.push(name.to_owned());
            }
        }
    }
}

#[test]
fn every_test_the_enforcement_table_names_exists() {
    let doc = std::fs::read_to_string(workspace().join("docs/enforcement.md")).unwrap();
    let mut tests = Vec::new();
    for dir in ["cli/tests", "core/tests", "core/src"] {
        tests_under(&workspace().join(dir), &mut tests);
    }
    // Test names are the backticked snake_case words of the table's last column.
    let mut named = 0;
    for row in doc.lines().filter(|l| l.starts_with('|') && !l.starts_with("|---")).skip(1) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").collect();
        let last = cells.last().unwrap();
        let names: Vec<&str> = last.split('`').skip(1).step_by(2).collect();
        assert!(!names.is_empty(), "a row without a test: {row}");
        for name in names {
            assert!(tests.iter().any(|t| t == name), "docs/enforcement.md names `{name}`, which is no test");
            named += 1;
        }
    }
    assert!(named >= 20, "the table names {named} tests");
}
