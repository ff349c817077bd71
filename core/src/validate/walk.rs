//! Generic walks over a file's JSON value: every string with its pointer,
//! every object with an `id`. Rules that look at all text (placeholders,
//! footnotes, citations) or all ids use these instead of listing fields.

use serde_json::Value;

/// Calls `visit(pointer, key, text)` for every string in `value`. `key` is
/// the name of the field that holds the string (or of the array holding it).
pub fn strings<'a>(value: &'a Value, visit: &mut impl FnMut(&str, &str, &'a str)) {
    fn go<'a>(value: &'a Value, pointer: &mut String, key: &str, visit: &mut impl FnMut(&str, &str, &'a str)) {
        match value {
            Value::String(s) => visit(pointer, key, s),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = pointer.len();
                    push_index(pointer, i);
                    go(item, pointer, key, visit);
                    pointer.truncate(len);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    let len = pointer.len();
                    push_key(pointer, k);
                    go(v, pointer, k, visit);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    go(value, &mut String::with_capacity(64), "", visit);
}

/// Calls `visit(pointer, parent, object)` for every object; `parent` is the
/// nearest non-index segment above it ("clause", "measure", "subprocessor").
pub fn objects<'a>(value: &'a Value, visit: &mut impl FnMut(&str, &str, &'a serde_json::Map<String, Value>)) {
    fn go<'a>(
        value: &'a Value,
        pointer: &mut String,
        parent: &str,
        visit: &mut impl FnMut(&str, &str, &'a serde_json::Map<String, Value>),
    ) {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = pointer.len();
                    push_index(pointer, i);
                    go(item, pointer, parent, visit);
                    pointer.truncate(len);
                }
            }
            Value::Object(map) => {
                visit(pointer, parent, map);
                for (k, v) in map {
                    // Only containers can hold objects; scalars need no pointer.
                    if !(v.is_object() || v.is_array()) {
                        continue;
                    }
                    let len = pointer.len();
                    push_key(pointer, k);
                    go(v, pointer, k, visit);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    go(value, &mut String::with_capacity(64), "", visit);
}

/// Appends `/<index>` without allocating.
fn push_index(pointer: &mut String, index: usize) {
    use std::fmt::Write as _;
    // Writing into a String cannot fail.
    let _ = write!(pointer, "/{index}");
}

/// Appends `/<key>`, escaped as RFC 6901 requires (`~` → `~0`, `/` → `~1`).
fn push_key(pointer: &mut String, key: &str) {
    pointer.push('/');
    if !key.contains(['~', '/']) {
        pointer.push_str(key);
        return;
    }
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// The `{{ key }}` placeholders in a text, with their raw spelling.
pub fn placeholders(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let raw = &rest[start..start + 2 + end + 2];
        out.push((after[..end].trim(), raw));
        rest = &after[end + 2..];
    }
    out
}

/// The `[^id]` footnote references in a text.
pub fn footnote_refs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("[^") {
        let after = &rest[start + 2..];
        let Some(end) = after.find(']') else { break };
        out.push(&after[..end]);
        rest = &after[end + 1..];
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

    #[test]
    fn finds_marks() {
        assert_eq!(
            placeholders("a {{ kunde.firma }} b {{x}}"),
            vec![("kunde.firma", "{{ kunde.firma }}"), ("x", "{{x}}")]
        );
        assert_eq!(footnote_refs("Code of Court[^cispe], x[^2]"), vec!["cispe", "2"]);
        assert!(is_placeholder_key("weisung.name1"));
        assert!(!is_placeholder_key("a | upper"));
    }

    #[test]
    fn escapes_keys_in_pointers() {
        let value = serde_json::json!({"a/b": {"c~d": "x", "e": [{"f": 1}]}});
        let mut seen = Vec::new();
        strings(&value, &mut |p, k, s| seen.push(format!("{p} {k} {s}")));
        assert_eq!(seen, vec!["/a~1b/c~0d c~d x"]);
        let mut objects_seen = Vec::new();
        objects(&value, &mut |p, parent, _| objects_seen.push(format!("{p}:{parent}")));
        assert_eq!(objects_seen, vec![":", "/a~1b:a/b", "/a~1b/e/0:e"]);
    }

    #[test]
    fn walks_with_pointers() {
        let value = serde_json::json!({"clause": [{"id": "a", "text": "t"}], "meta": {"title": "x"}});
        let mut seen = Vec::new();
        strings(&value, &mut |p, k, s| seen.push(format!("{p} {k} {s}")));
        assert!(seen.contains(&"/clause/0/text text t".to_owned()));
        let mut parents = Vec::new();
        objects(&value, &mut |p, parent, _| parents.push(format!("{p}:{parent}")));
        assert!(parents.contains(&"/clause/0:clause".to_owned()));
    }
}
