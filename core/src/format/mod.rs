//! `avv fmt`: the canonical layout of the TOML files. Formatting keeps every
//! comment and never changes meaning: each result is parsed again and must
//! give the same data and the same comments, or the file is left alone.
//!
//! The layout: keys in the order the model declares its fields (so `id`
//! comes first), strings in their simplest quoting (`"…"`, `'…'` when the
//! text holds `"`, `"""…"""` for several lines), short arrays on one line and
//! long ones one element per line with a trailing comma, one blank line
//! before each table header, no trailing spaces, LF line ends and one final
//! newline. Table headers keep their order and arrays their elements' order:
//! both carry meaning.

mod comments;
mod files;
mod order;
mod print;

use std::path::{Path, PathBuf};

use thiserror::Error;

pub use files::{FileOutcome, FormatFile, files_to_format, format_all, format_file, kind_of};

use crate::diagnostic::Diagnostic;
use crate::load::parse::syntax_diagnostic;
use crate::load::toml::table_to_json;
use crate::schema::{FileKind, cached};

/// Why a file was not formatted.
#[derive(Debug, Error)]
pub enum FormatError {
    /// The file cannot be read or parsed, or holds a comment the layout
    /// cannot place; the diagnostic says where.
    #[error("{}", .0.message)]
    Invalid(Box<Diagnostic>),
    /// The formatted text would differ in data or comments. That is a bug;
    /// the file is left as it is.
    #[error(
        "formatting `{}` would change its {what}; the file is left unchanged (this is a bug in avv: please report it with the file)",
        path.display()
    )]
    Unsafe {
        /// The file.
        path: PathBuf,
        /// What would change: "data", "comments" or "syntax".
        what: &'static str,
    },
}

/// Formats the text of a file of `kind`; `path` names it in diagnostics.
pub fn format_text(kind: FileKind, path: &Path, text: &str) -> Result<String, FormatError> {
    let document = toml_edit::Document::parse(text)
        .map_err(|error| FormatError::Invalid(Box::new(syntax_diagnostic(path, text, &error))))?;
    let trailing = comments::raw(Some(document.trailing()), text);
    let printed =
        print::document(document.as_table(), trailing, text, path, cached(kind)).map_err(FormatError::Invalid)?;
    let unsafe_because = |what| FormatError::Unsafe { path: path.to_path_buf(), what };
    let again = toml_edit::Document::parse(printed.as_str()).map_err(|_| unsafe_because("syntax"))?;
    if table_to_json(document.as_table()) != table_to_json(again.as_table()) {
        return Err(unsafe_because("data"));
    }
    if all_comments(&document) != all_comments(&again) {
        return Err(unsafe_because("comments"));
    }
    Ok(printed)
}

/// Every comment of a document, sorted (their places may move with keys).
fn all_comments<S: AsRef<str>>(document: &toml_edit::Document<S>) -> Vec<String> {
    let source = document.raw();
    let mut out = Vec::new();
    comments::comments_in(comments::raw(Some(document.trailing()), source), &mut out);
    table_comments(document.as_table(), source, &mut out);
    out.sort();
    out
}

fn decor_comments(decor: &toml_edit::Decor, source: &str, out: &mut Vec<String>) {
    comments::comments_in(comments::raw(decor.prefix(), source), out);
    comments::comments_in(comments::raw(decor.suffix(), source), out);
}

fn table_comments(table: &toml_edit::Table, source: &str, out: &mut Vec<String>) {
    decor_comments(table.decor(), source, out);
    for (name, item) in table.iter() {
        if let Some(key) = table.key(name) {
            decor_comments(key.leaf_decor(), source, out);
            decor_comments(key.dotted_decor(), source, out);
        }
        match item {
            toml_edit::Item::Value(value) => value_comments(value, source, out),
            toml_edit::Item::Table(child) => table_comments(child, source, out),
            toml_edit::Item::ArrayOfTables(array) => array.iter().for_each(|child| table_comments(child, source, out)),
            toml_edit::Item::None => {}
        }
    }
}

fn value_comments(value: &toml_edit::Value, source: &str, out: &mut Vec<String>) {
    decor_comments(value.decor(), source, out);
    match value {
        toml_edit::Value::Array(array) => {
            comments::comments_in(comments::raw(Some(array.trailing()), source), out);
            array.iter().for_each(|element| value_comments(element, source, out));
        }
        toml_edit::Value::InlineTable(table) => {
            comments::comments_in(comments::raw(Some(table.trailing()), source), out);
            for (name, element) in table.iter() {
                if let Some(key) = table.key(name) {
                    decor_comments(key.leaf_decor(), source, out);
                    decor_comments(key.dotted_decor(), source, out);
                }
                value_comments(element, source, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
