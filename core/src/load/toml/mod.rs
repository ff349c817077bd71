//! The one seam through which avv reads TOML: [`parse`] gives a
//! [`TomlDocument`], from which the loader takes the value tree ([`Node`])
//! and the findings their spans. `toml_edit` does the parsing; `avv fmt`
//! uses it directly, as it rewrites documents rather than reading them.
//!
//! A second, hand-written reader for canonical files was measured against
//! this one and removed: it made whole commands at most 1.7× faster, below
//! the 2× a second parser must earn (docs/ARCHITECTURE.md has the figures).

mod convert;
mod span;

use std::ops::Range;

pub use convert::table_to_json;
pub use toml_edit::TomlError;

use super::node::Node;

/// A parsed TOML file that keeps where every key and value is written.
#[derive(Debug)]
pub struct TomlDocument(Box<toml_edit::Document<String>>);

/// Parses `text` as TOML.
pub fn parse(text: &str) -> Result<TomlDocument, TomlError> {
    toml_edit::Document::parse(text.to_owned()).map(|document| TomlDocument(Box::new(document)))
}

impl TomlDocument {
    /// The values, as the typed model, the rules and the schema read them.
    pub fn to_node(&self) -> Node {
        convert::table_to_node(self.0.as_table())
    }

    /// The byte span of the value at the JSON pointer `pointer`, or of its
    /// deepest ancestor that has one; with `key`, of the last segment's key
    /// (for unknown keys).
    pub fn span(&self, pointer: &str, key: bool) -> Option<Range<usize>> {
        span::pointer_span(&self.0, pointer, key)
    }
}
