//! Maps a JSON pointer (as the schema validator and the domain rules report
//! it) back to a byte span in the TOML source.
//!
//! A file with findings is read once more, for its spans: by the fast
//! reader into a [`SpanNode`] tree when the text is in its subset, else by
//! `toml_edit`. Both answer every pointer alike (tests compare them).
//! Re-parsing with `toml_edit` was about 30 % of a run over thousands of
//! folders with notes.

use std::borrow::Cow;
use std::ops::Range;

use toml_edit::{Document, Item, Table, Value};

use super::fast_toml::{self, MAX_SEARCH, Scalar, Tree};
use crate::pointer;

/// Where a value, and the keys inside it, are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanNode {
    /// A string, number, boolean or date.
    Scalar(Range<usize>),
    /// An array; an array of tables spans its headers.
    Array(Option<Range<usize>>, Vec<SpanNode>),
    /// A table: its header or inline text (none for the root and implied
    /// tables), and each key with where it is first written.
    Table(Option<Range<usize>>, Vec<(String, Range<usize>, SpanNode)>),
}

impl Tree for SpanNode {
    type Object = Vec<(String, Range<usize>, SpanNode)>;

    fn object_with_capacity(capacity: usize) -> Self::Object {
        Vec::with_capacity(capacity)
    }

    fn insert(object: &mut Self::Object, key: String, key_span: Range<usize>, value: Self) -> Option<()> {
        if object.len() >= MAX_SEARCH || object.iter().any(|(k, _, _)| *k == key) {
            return None;
        }
        object.push((key, key_span, value));
        Some(())
    }

    fn object(object: Self::Object, span: Option<Range<usize>>) -> Self {
        SpanNode::Table(span, object)
    }

    fn array(items: Vec<Self>, span: Option<Range<usize>>) -> Self {
        SpanNode::Array(span, items)
    }

    fn scalar(_: Scalar, span: Range<usize>) -> Self {
        SpanNode::Scalar(span)
    }

    const TEXT: bool = false;
}

impl SpanNode {
    fn span(&self) -> Option<Range<usize>> {
        match self {
            SpanNode::Scalar(span) => Some(span.clone()),
            SpanNode::Array(span, _) | SpanNode::Table(span, _) => span.clone(),
        }
    }

    /// The child at `segment` and the span of its key, if keyed.
    fn child(&self, segment: &str) -> (Option<&SpanNode>, Option<Range<usize>>) {
        match self {
            SpanNode::Table(_, entries) => match entries.iter().find(|(key, _, _)| key == segment) {
                Some((_, key_span, node)) => (Some(node), Some(key_span.clone())),
                None => (None, None),
            },
            SpanNode::Array(_, items) => (pointer::index(segment).and_then(|i| items.get(i)), None),
            SpanNode::Scalar(_) => (None, None),
        }
    }
}

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

/// A parsed file that keeps the byte span of every key and value.
#[derive(Debug)]
pub enum SpannedDocument {
    /// Read by the fast reader.
    Fast(SpanNode),
    /// Parsed by `toml_edit`.
    Full(Box<Document<String>>),
}

/// Parses `text` for [`pointer_span`] (`None` when it is not TOML).
pub fn spanned(text: &str) -> Option<SpannedDocument> {
    match fast_toml::read::<SpanNode>(text) {
        Some(tree) => Some(SpannedDocument::Fast(tree)),
        None => Document::parse(text.to_owned()).ok().map(|doc| SpannedDocument::Full(Box::new(doc))),
    }
}

/// The span of the node at `pointer`, or of its deepest ancestor that has
/// one. With `key`, points at the last segment's key (for unknown keys).
pub fn pointer_span(doc: &SpannedDocument, pointer: &str, key: bool) -> Option<Range<usize>> {
    let segments: Vec<Cow<'_, str>> = pointer::tokens(pointer).collect();
    match doc {
        SpannedDocument::Fast(root) => {
            let first_key = match root {
                SpanNode::Table(_, entries) => entries.first().map(|(_, key_span, _)| key_span.clone()),
                _ => None,
            };
            descend(root, first_key, &segments, key, SpanNode::child, SpanNode::span)
        }
        SpannedDocument::Full(doc) => {
            let root = doc.as_table();
            descend(Node::Table(root), first_key_span(root), &segments, key, |n, s| n.child(s), |n| n.span())
        }
    }
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
    use super::*;

    /// The text at `pointer`, found alike by both readers.
    fn span_text<'a>(source: &'a str, pointer: &str, key: bool) -> &'a str {
        let fast = spanned(source).unwrap();
        assert!(matches!(fast, SpannedDocument::Fast(_)), "the fast reader declined {source:?}");
        let full = SpannedDocument::Full(Box::new(Document::parse(source.to_owned()).unwrap()));
        let span = pointer_span(&fast, pointer, key).unwrap();
        assert_eq!(Some(span.clone()), pointer_span(&full, pointer, key), "{pointer}");
        &source[span]
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
    fn falls_back_to_toml_edit_outside_the_fast_subset() {
        let source = "a.b = 1\n";
        let doc = spanned(source).unwrap();
        assert!(matches!(doc, SpannedDocument::Full(_)));
        assert_eq!(pointer_span(&doc, "/a/b", false).map(|span| &source[span]), Some("1"));
        let many: String = (0..300).map(|i| format!("k{i} = {i}\n")).collect();
        assert!(matches!(spanned(&many), Some(SpannedDocument::Full(_))), "a huge table is left to toml_edit");
        assert!(spanned("a = \"unclosed").is_none());
    }
}
