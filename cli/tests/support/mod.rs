//! Helpers shared by the CLI test crates.
#![allow(dead_code)] // each test binary uses a different part

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
