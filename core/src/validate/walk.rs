//! Generic walks over a file's tree ([`Node`]): every string with its pointer,
//! every object with an `id`. Rules that look at all text (placeholders,
//! footnotes, citations) or all ids use these instead of listing fields.

use std::fmt;

use crate::load::{Node, Object};

use crate::{pointer, search};

/// One step of a path into a tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// An object's field.
    Key(&'a str),
    /// An array's element.
    Index(usize),
}

/// Where a walk stands: the path from the root. It is spelled as an
/// RFC 6901 JSON pointer (`/clause/0/text`) only when a rule reports a
/// finding, so that walking thousands of texts builds no strings.
#[derive(Debug, Default)]
pub struct Pointer<'a> {
    segments: Vec<Segment<'a>>,
}

impl<'a> Pointer<'a> {
    /// An empty path with room for the depth of an agreement file, so that
    /// a walk does not regrow it step by step.
    fn deep() -> Self {
        Self { segments: Vec::with_capacity(16) }
    }

    /// The path's steps.
    pub fn segments(&self) -> &[Segment<'a>] {
        &self.segments
    }

    /// Whether the path starts at the root field `key` (`/meta/...`).
    pub fn under(&self, key: &str) -> bool {
        self.segments.first() == Some(&Segment::Key(key))
    }

    /// Whether the path is exactly the root field `key` (`/list`).
    pub fn is_root_field(&self, key: &str) -> bool {
        self.segments.len() == 1 && self.under(key)
    }

    /// Whether the path runs through a field named `key` (`.../allow/...`).
    pub fn passes(&self, key: &str) -> bool {
        let inner = &self.segments[..self.segments.len().saturating_sub(1)];
        inner.contains(&Segment::Key(key))
    }

    /// The pointer followed by `suffix`, e.g. `join("/id")`.
    pub fn join(&self, suffix: &str) -> String {
        let mut out = self.to_string();
        out.push_str(suffix);
        out
    }
}

/// Spelled as an RFC 6901 JSON pointer.
impl fmt::Display for Pointer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.segments {
            match segment {
                Segment::Index(index) => write!(f, "/{index}")?,
                Segment::Key(key) => write!(f, "/{}", pointer::escape(key))?,
            }
        }
        Ok(())
    }
}

impl From<&Pointer<'_>> for String {
    fn from(pointer: &Pointer<'_>) -> String {
        pointer.to_string()
    }
}

/// Calls `visit(pointer, key, text)` for every string in `value`. `key` is
/// the name of the field that holds the string (or of the array holding it).
pub fn strings<'a>(value: &'a Node, visit: &mut impl FnMut(&Pointer<'a>, &'a str, &'a str)) {
    fn go<'a>(
        value: &'a Node,
        pointer: &mut Pointer<'a>,
        key: &'a str,
        visit: &mut impl FnMut(&Pointer<'a>, &'a str, &'a str),
    ) {
        match value {
            Node::String(s) => visit(pointer, key, s),
            Node::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    pointer.segments.push(Segment::Index(i));
                    go(item, pointer, key, visit);
                    pointer.segments.pop();
                }
            }
            Node::Object(object) => {
                for (k, v) in object {
                    pointer.segments.push(Segment::Key(k));
                    go(v, pointer, k, visit);
                    pointer.segments.pop();
                }
            }
            _ => {}
        }
    }
    go(value, &mut Pointer::deep(), "", visit);
}

/// Calls `visit(pointer, parent, object)` for every object; `parent` is the
/// nearest non-index segment above it ("clause", "measure", "subprocessor").
pub fn objects<'a>(value: &'a Node, visit: &mut impl FnMut(&Pointer<'a>, &'a str, &'a Object)) {
    fn go<'a>(
        value: &'a Node,
        pointer: &mut Pointer<'a>,
        parent: &'a str,
        visit: &mut impl FnMut(&Pointer<'a>, &'a str, &'a Object),
    ) {
        match value {
            Node::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    pointer.segments.push(Segment::Index(i));
                    go(item, pointer, parent, visit);
                    pointer.segments.pop();
                }
            }
            Node::Object(object) => {
                visit(pointer, parent, object);
                for (k, v) in object {
                    // Only containers can hold objects.
                    if !(v.is_object() || v.is_array()) {
                        continue;
                    }
                    pointer.segments.push(Segment::Key(k));
                    go(v, pointer, k, visit);
                    pointer.segments.pop();
                }
            }
            _ => {}
        }
    }
    go(value, &mut Pointer::deep(), "", visit);
}

/// The RFC 6901 pointer of every node of `value`: the root (``) first,
/// then depth-first in document order. For tests and fuzzing, which probe
/// every place of a file.
pub fn pointers(value: &Node) -> Vec<String> {
    fn go<'a>(value: &'a Node, at: &mut Pointer<'a>, out: &mut Vec<String>) {
        out.push(at.to_string());
        match value {
            Node::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    at.segments.push(Segment::Index(i));
                    go(item, at, out);
                    at.segments.pop();
                }
            }
            Node::Object(object) => {
                for (key, child) in object {
                    at.segments.push(Segment::Key(key));
                    go(child, at, out);
                    at.segments.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    go(value, &mut Pointer::deep(), &mut out);
    out
}

/// The `{{ key }}` placeholders in a text, with their raw spelling.
pub fn placeholders(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(start) = search::pair(bytes, from, b'{', b'{') {
        let Some(end) = search::pair(bytes, start + 2, b'}', b'}') else { break };
        out.push((text[start + 2..end].trim(), &text[start..end + 2]));
        from = end + 2;
    }
    out
}

/// The `[^id]` footnote references in a text.
pub fn footnote_refs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = search::pair(bytes, from, b'[', b'^') {
        let start = at + 2;
        let Some(end) = search::byte(b']', &bytes[start..]) else { break };
        out.push(&text[start..start + end]);
        from = start + end + 1;
    }
    out
}

/// Whether a placeholder key is well formed: dotted segments of
/// lower-case letters, digits, `_` and `-`.
pub fn is_placeholder_key(key: &str) -> bool {
    !key.is_empty()
        && key.split('.').all(|segment| {
            !segment.is_empty()
                && segment.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(json: serde_json::Value) -> Node {
        Node::from(&json)
    }

    #[test]
    fn finds_marks() {
        assert_eq!(
            placeholders("a {{ kunde.firma }} b {{x}}"),
            vec![("kunde.firma", "{{ kunde.firma }}"), ("x", "{{x}}")]
        );
        assert_eq!(footnote_refs("Code of Court[^cispe], x[^2]"), vec!["cispe", "2"]);
        assert_eq!(placeholders("{ {{a}} }}{{ b }"), vec![("a", "{{a}}")]);
        assert_eq!(placeholders("{{{x}}}"), vec![("{x", "{{{x}}")]);
        assert_eq!(footnote_refs("[x] [^a] [^"), vec!["a"]);
        assert!(is_placeholder_key("weisung.name1"));
        assert!(!is_placeholder_key("a | upper"));
    }

    #[test]
    fn lists_every_pointer() {
        let value = tree(serde_json::json!({"a/b": [1, {"c~d": true}], "e": "x"}));
        assert_eq!(pointers(&value), ["", "/a~1b", "/a~1b/0", "/a~1b/1", "/a~1b/1/c~0d", "/e"]);
    }

    #[test]
    fn escapes_keys_in_pointers() {
        let value = tree(serde_json::json!({"a/b": {"c~d": "x", "e": [{"f": 1}]}}));
        let mut seen = Vec::new();
        strings(&value, &mut |p, k, s| seen.push(format!("{p} {k} {s}")));
        assert_eq!(seen, vec!["/a~1b/c~0d c~d x"]);
        let mut checks = Vec::new();
        strings(&value, &mut |p, _, _| checks.push((p.under("a/b"), p.passes("a/b"), p.passes("c~d"), p.join("/z"))));
        assert_eq!(checks, vec![(true, true, false, "/a~1b/c~0d/z".to_owned())]);
        let mut objects_seen = Vec::new();
        objects(&value, &mut |p, parent, _| objects_seen.push(format!("{p}:{parent}")));
        assert_eq!(objects_seen, vec![":", "/a~1b:a/b", "/a~1b/e/0:e"]);
    }

    #[test]
    fn walks_with_pointers() {
        let value = tree(serde_json::json!({"clause": [{"id": "a", "text": "t"}], "meta": {"title": "x"}}));
        let mut seen = Vec::new();
        strings(&value, &mut |p, k, s| seen.push(format!("{p} {k} {s}")));
        assert!(seen.contains(&"/clause/0/text text t".to_owned()));
        let mut parents = Vec::new();
        objects(&value, &mut |p, parent, _| parents.push(format!("{p}:{parent}")));
        assert!(parents.contains(&"/clause/0:clause".to_owned()));
    }
}
