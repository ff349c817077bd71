//! Fuzzes the whole `avv validate` path on one agreement folder: read,
//! TOML parse, JSON Schema, typed model, domain rules, locating findings
//! and rendering them (human and JSON).
//!
//! The first byte picks which file of a valid generated folder the rest of
//! the input replaces, so that cross-file rules run on fuzzed data too:
//! agreement.toml, tom.toml, subprocessors.toml, a customer instance, or
//! (split at `\n#---\n` markers) all three main files at once. Each input
//! also checks that the typed model reads the input exactly when the JSON Schema
//! accepts it (the loader skips the schema validator for what the model
//! reads).
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use avv_core::diagnostic::render::{github, human, json};
use avv_core::load::parse::{model_reads, to_node};
use avv_core::load::schema_check::is_valid;
use avv_core::schema::FileKind;
use avv_core::validate::run::validate_folders;
use libfuzzer_sys::fuzz_target;

#[path = "../../core/tests/support/corpus.rs"]
mod corpus;

const MAIN_FILES: [&str; 3] = ["agreement.toml", "tom.toml", "subprocessors.toml"];
const SPLIT: &[u8] = b"\n#---\n";

/// A valid folder generated once per process, and its files' bytes.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    folder: PathBuf,
    customer: PathBuf,
    originals: Vec<(PathBuf, Vec<u8>)>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().to_path_buf();
        let folder = corpus::write_corpus(&root, 1, 1).expect("writing the fixture").remove(0);
        let mut originals = Vec::new();
        for name in MAIN_FILES {
            let path = folder.join(name);
            let bytes = std::fs::read(&path).expect("reading the fixture");
            originals.push((path, bytes));
        }
        let customer = std::fs::read_dir(folder.join("customers"))
            .expect("the fixture has customers")
            .map(|entry| entry.expect("a directory entry").path())
            .min()
            .expect("at least one customer");
        originals.push((customer.clone(), std::fs::read(&customer).expect("reading the fixture")));
        Fixture { _dir: dir, root, folder, customer, originals }
    })
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("writing a fuzz input");
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let fixture = fixture();
    for (path, bytes) in &fixture.originals {
        write(path, bytes);
    }
    match mode % 5 {
        0 => write(&fixture.folder.join(MAIN_FILES[0]), rest),
        1 => write(&fixture.folder.join(MAIN_FILES[1]), rest),
        2 => write(&fixture.folder.join(MAIN_FILES[2]), rest),
        3 => write(&fixture.customer, rest),
        _ => {
            let mut parts = split(rest);
            for name in MAIN_FILES {
                write(&fixture.folder.join(name), parts.next().unwrap_or_default());
            }
        }
    }
    const KINDS: [FileKind; 4] = [FileKind::Agreement, FileKind::Tom, FileKind::Subprocessors, FileKind::Customer];
    match KINDS.get(usize::from(mode % 5)) {
        Some(&kind) => same_verdict(kind, rest),
        None => split(rest).zip(&KINDS[..3]).for_each(|(part, &kind)| same_verdict(kind, part)),
    }
    let report = validate_folders(std::slice::from_ref(&fixture.folder), &fixture.root);
    let _ = human(&report.diagnostics, &report.sources, false);
    let _ = human(&report.diagnostics, &report.sources, true);
    let _ = json(&report.diagnostics, report.files);
    let _ = github(&report.diagnostics);
});

/// The typed model must read the text's tree exactly when the schema
/// accepts its JSON.
fn same_verdict(kind: FileKind, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(tree) = to_node(text) else { return };
    let (model, schema) = (model_reads(kind, &tree), is_valid(kind, &tree.to_json()));
    assert_eq!(model, schema, "the {kind:?} model reads it: {model}; the schema accepts it: {schema}");
}

/// Splits at every `SPLIT` marker.
fn split(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(data);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.windows(SPLIT.len()).position(|w| w == SPLIT) {
            Some(at) => {
                rest = Some(&current[at + SPLIT.len()..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}
