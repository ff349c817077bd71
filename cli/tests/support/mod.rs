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
