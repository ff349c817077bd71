//! Helpers shared by the CLI test crates.
#![allow(dead_code)] // each test binary uses a different part

pub mod acme;
#[path = "../../../core/tests/support/copy.rs"]
mod copy;
#[allow(unused_imports)] // as above: not every test binary copies trees
pub use copy::copy_dir;

/// `text` as a regular expression that matches it literally (for insta filters).
pub fn escape_regex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Gives the agreement in `folder` the id `to` in place of `from`, with
/// `from` as a previous id: what a folder renamed with `git mv` needs.
pub fn rename_id(folder: &std::path::Path, from: &str, to: &str) {
    let file = folder.join("agreement.toml");
    let text = std::fs::read_to_string(&file).expect("agreement.toml");
    let old = format!("id = \"{from}\"\n");
    assert!(text.contains(&old), "{} has no `{}`", file.display(), old.trim());
    std::fs::write(&file, text.replacen(&old, &format!("id = \"{to}\"\nprevious_ids = [\"{from}\"]\n"), 1))
        .expect("agreement.toml written");
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
pub fn files(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    fn walk(
        root: &std::path::Path,
        dir: &std::path::Path,
        out: &mut std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>,
    ) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                out.insert(path.strip_prefix(root).unwrap_or(&path).to_path_buf(), bytes);
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}
