//! Maps a JSON pointer (as the schema validator and the domain rules report
//! it) back to a byte span in the TOML source.

use std::ops::Range;

use toml_edit::{Document, Item, Table, Value};

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
                (segment.parse().ok().and_then(|i| array.get(i)).map(Node::Table), None)
            }
            Node::Item(Item::Value(value)) | Node::Value(value) => match value {
                Value::InlineTable(table) => {
                    (table.get(segment).map(Node::Value), table.key(segment).and_then(|k| k.span()))
                }
                Value::Array(array) => (segment.parse().ok().and_then(|i| array.get(i)).map(Node::Value), None),
                _ => (None, None),
            },
            Node::Item(Item::None) => (None, None),
        }
    }
}

/// A parsed file that keeps the byte span of every key and value.
pub type SpannedDocument = Document<String>;

/// Parses `text` for [`pointer_span`] (`None` when it is not TOML).
pub fn spanned(text: &str) -> Option<SpannedDocument> {
    Document::parse(text.to_owned()).ok()
}

/// The span of the node at `pointer`, or of its deepest ancestor that has
/// one. With `key`, points at the last segment's key (for unknown keys).
pub fn pointer_span(doc: &SpannedDocument, pointer: &str, key: bool) -> Option<Range<usize>> {
    let root = doc.as_table();
    let mut best = first_key_span(root);
    let mut node = Node::Table(root);
    let segments: Vec<String> = pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
    for (i, segment) in segments.iter().enumerate() {
        let (next, key_span) = node.child(segment);
        if key && i + 1 == segments.len() && key_span.is_some() {
            return key_span;
        }
        let Some(next) = next else { break };
        if let Some(span) = next.span().or(key_span) {
            best = Some(span);
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

    fn span_text<'a>(source: &'a str, pointer: &str, key: bool) -> &'a str {
        let doc = Document::parse(source.to_owned()).unwrap();
        let span = pointer_span(&doc, pointer, key).unwrap();
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
    }
}
