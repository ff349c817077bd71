//! Maps a JSON pointer (as the schema validator and the domain rules report
//! it) back to a byte span in the TOML source.
//!
//! A file with findings is read once more, for its spans, by `toml_edit`
//! (through [`super::parse`]); nothing else needs them.

use std::borrow::Cow;
use std::ops::Range;

use toml_edit::{Document, Item, Table, Value};

use crate::pointer;

/// One step in a walk through the document.
#[derive(Clone, Copy)]
enum Node<'a> {
    Table(&'a Table),
    Item(&'a Item),
    Value(&'a Value),
}

impl<'a> Node<'a> {
    fn span(self) -> Option<Range<usize>> {
        match self {
            Node::Table(table) => table.span(),
            Node::Item(Item::Table(table)) => table.span(),
            Node::Item(item) => item.span(),
            Node::Value(value) => value.span(),
        }
    }

    /// The child at `segment` and the span of its key, if keyed.
    fn child(self, segment: &str) -> (Option<Node<'a>>, Option<Range<usize>>) {
        match self {
            Node::Table(table) | Node::Item(Item::Table(table)) => {
                (table.get(segment).map(Node::Item), table.key(segment).and_then(|k| k.span()))
            }
            Node::Item(Item::ArrayOfTables(array)) => {
                (pointer::index(segment).and_then(|i| array.get(i)).map(Node::Table), None)
            }
            Node::Item(Item::Value(value)) | Node::Value(value) => match value {
                Value::InlineTable(table) => {
                    (table.get(segment).map(Node::Value), table.key(segment).and_then(|k| k.span()))
                }
                Value::Array(array) => (pointer::index(segment).and_then(|i| array.get(i)).map(Node::Value), None),
                _ => (None, None),
            },
            Node::Item(Item::None) => (None, None),
        }
    }
}

/// The span of the node at `pointer`, or of its deepest ancestor that has
/// one. With `key`, points at the last segment's key (for unknown keys).
pub(super) fn pointer_span(doc: &Document<String>, pointer: &str, key: bool) -> Option<Range<usize>> {
    let segments: Vec<Cow<'_, str>> = pointer::tokens(pointer).collect();
    let root = doc.as_table();
    descend(Node::Table(root), first_key_span(root), &segments, key, |n, s| n.child(s), |n| n.span())
}

/// Follows `segments` from `root`, keeping the deepest span found.
fn descend<N: Copy>(
    root: N,
    first_key: Option<Range<usize>>,
    segments: &[Cow<'_, str>],
    key: bool,
    child: impl Fn(N, &str) -> (Option<N>, Option<Range<usize>>),
    span: impl Fn(N) -> Option<Range<usize>>,
) -> Option<Range<usize>> {
    let mut best = first_key;
    let mut node = root;
    for (i, segment) in segments.iter().enumerate() {
        let (next, key_span) = child(node, segment);
        if key && i + 1 == segments.len() && key_span.is_some() {
            return key_span;
        }
        let Some(next) = next else { break };
        if let Some(found) = span(next).or(key_span) {
            best = Some(found);
        }
        node = next;
    }
    best
}

fn first_key_span(table: &Table) -> Option<Range<usize>> {
    table.iter().next().and_then(|(k, _)| table.key(k)).and_then(|k| k.span())
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    /// The text at `pointer`.
    fn span_text<'a>(source: &'a str, pointer: &str, key: bool) -> &'a str {
        let doc = parse(source).expect("valid TOML");
        &source[doc.span(pointer, key).expect("a span")]
    }

    #[test]
    fn finds_values_keys_and_array_members() {
        let source = "schema_version = 1\n[meta]\nid = \"x\"\n[[clause]]\nid = \"a\"\n[[clause]]\nid = \"b\"\nblock = [{ p = \"t\" }, { lisst = [] }]\n";
        assert_eq!(span_text(source, "/meta/id", false), "\"x\"");
        assert_eq!(span_text(source, "/clause/1/id", false), "\"b\"");
        assert_eq!(span_text(source, "/clause/1/block/1/lisst", true), "lisst");
        assert_eq!(span_text(source, "/clause/1/block/0", false), "{ p = \"t\" }");
        // Missing leaf: falls back to the deepest existing node.
        assert_eq!(span_text(source, "/clause/0/title", false), "[[clause]]");
        // An array of tables spans its headers; the root falls back to its first key.
        assert_eq!(span_text(source, "/clause", false), "[[clause]]\nid = \"a\"\n[[clause]]");
        assert_eq!(span_text(source, "/nothing", false), "schema_version");
    }

    #[test]
    fn dotted_keys_and_unclosed_strings() {
        let source = "a.b = 1\n";
        assert_eq!(span_text(source, "/a/b", false), "1");
        assert!(parse("a = \"unclosed").is_err());
    }
}
