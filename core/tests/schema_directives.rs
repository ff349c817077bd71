//! Every TOML file under `agreements/` starts with a `#:schema` directive
//! naming its committed schema, so that editors (Taplo, Even Better TOML)
//! validate and complete it as it is typed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use avv_core::schema::FileKind;

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn every_bundled_file_names_its_schema() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    toml_files(&repo.join("agreements"), &mut files);
    assert!(files.len() >= 14, "found only {} files", files.len());
    for file in files {
        let relative = file.strip_prefix(&repo).unwrap();
        let depth = relative.components().count() - 1;
        let in_customers = file.parent().and_then(Path::file_name).is_some_and(|n| n == "customers");
        let kind = match file.file_name().and_then(|n| n.to_str()) {
            _ if in_customers => FileKind::Customer,
            Some("agreement.toml") => FileKind::Agreement,
            Some("tom.toml") => FileKind::Tom,
            Some("subprocessors.toml") => FileKind::Subprocessors,
            other => panic!("unexpected file {other:?} in {}", file.display()),
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(first, kind.schema_directive(depth), "{}", relative.display());
        let target = file.parent().unwrap().join(first.trim_start_matches("#:schema "));
        assert!(target.is_file(), "{}: `{first}` names no file", relative.display());
    }
}
