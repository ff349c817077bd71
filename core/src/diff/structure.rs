//! The structural diff: every value of every file of a folder, compared.
//!
//! The semantic diff ([`mod@super::entities`]) compares what a reader of the
//! contract cares about (clause texts, sub-processors, measures) and says
//! it in German. Underneath it, this module flattens the whole typed model
//! of each file, serialised, into *nodes*: the file's root, and every object
//! with an identity of its own (a clause by its `id`, a placeholder by its
//! `key`, a signature by its `party`, a version row by its `version`). Each
//! node holds its *leaves*, every scalar value by its path relative to the
//! node. Two versions are compared node by node and leaf by leaf, so that a
//! change anywhere in the model, in a field that exists today or one added
//! tomorrow, is found. The diff then reports every change no semantic
//! classifier claimed (the private `diff::fields` module).
//!
//! Texts are compared as they render ([`super::normal`]).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use super::normal::normalize;
use crate::load::Folder;

/// The file of a node: `agreement`, `tom`, `subprocessors` or
/// `customer:<stem>`.
pub type FileKey = String;

/// An object with an identity, or a file's root.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatNode {
    /// The file it is in.
    pub file: FileKey,
    /// What it is: `root`, or the namespace of its identity (`clause`,
    /// `measure`, `placeholder`, …).
    pub ns: &'static str,
    /// Its identity within the namespace (empty for a root).
    pub id: String,
    /// The node it sits in.
    pub parent: Option<String>,
    /// Its values: path relative to the node (`meta/title`,
    /// `block/2/list/0`) to the value, strings normalised. Arrays of scalars
    /// are one value.
    pub leaves: BTreeMap<String, Value>,
}

/// A folder flattened into nodes.
#[derive(Debug, Clone, Default)]
pub struct Flat {
    /// Nodes by key (`agreement`, `clause:gegenstand`, `placeholder:kunde.name`).
    pub nodes: BTreeMap<String, FlatNode>,
    /// For each array of nodes, its members in order: (parent key, path of
    /// the array in the parent) to the member keys.
    pub order: BTreeMap<(String, String), Vec<String>>,
}

/// One structural difference.
#[derive(Debug, Clone, PartialEq)]
pub enum Difference {
    /// A value changed, appeared or disappeared.
    Leaf {
        /// The node.
        node: String,
        /// The path within the node.
        path: String,
        /// Before (absent: not set).
        old: Option<Value>,
        /// After.
        new: Option<Value>,
    },
    /// A node is new.
    Added {
        /// The node.
        node: String,
    },
    /// A node is gone.
    Removed {
        /// The node.
        node: String,
    },
    /// A node sits in another parent.
    Moved {
        /// The node.
        node: String,
    },
    /// The members of an array kept, but in another order.
    Reordered {
        /// The parent node.
        parent: String,
        /// The array's path in it.
        path: String,
    },
}

/// The namespace and identity of an element of the array `field` (the last
/// key of its path) inside a node of namespace `parent`, when it has one.
fn identity(field: &str, parent: &str, element: &serde_json::Map<String, Value>) -> Option<(&'static str, String)> {
    let text = |key: &str| element.get(key).and_then(Value::as_str).map(str::to_owned);
    let (ns, id) = match field {
        "clause" => ("clause", text("id")),
        "annex" => ("annex", text("id")),
        "party" => ("party", text("id")),
        "reference" => ("reference", text("id")),
        "placeholder" => ("placeholder", text("key")),
        "service" => ("service", text("id")),
        "signature" => ("signature", text("party")),
        "footnote" => ("footnote", text("id")),
        "item" | "purposes" | "data_categories" | "data_subjects" => ("item", text("id")),
        "row" => ("version-row", text("version")),
        "changelog" => ("changelog", text("version")),
        "list" => ("list-entry", text("id")),
        "group" => ("group", text("id")),
        "note" => ("note", text("id")),
        "subprocessor" => ("subprocessor", text("id")),
        "site" => ("site", text("id")),
        "section" => ("section", text("id")),
        "measure" => ("measure", text("id")),
        "items" if parent == "measure" => ("measure", text("id")),
        "explanation" => ("explanation", text("id")),
        "retired" => ("retired", text("id")),
        "justification" => ("justification", text("target").zip(text("version")).map(|(t, v)| format!("{t}@{v}"))),
        _ => return None,
    };
    id.map(|id| (ns, id))
}

/// The key of a node.
pub fn node_key(ns: &str, id: &str) -> String {
    format!("{ns}:{id}")
}

/// Flattens every file of a folder.
pub fn flatten(folder: &Folder) -> Flat {
    let mut flat = Flat::default();
    let mut add = |file: &str, value: Option<Value>| {
        if let Some(value) = value {
            Walker { flat: &mut flat, file: file.to_owned() }.root(file, value);
        }
    };
    add("agreement", folder.agreement.as_ref().and_then(|a| serde_json::to_value(&a.value).ok()));
    add("tom", folder.tom.as_ref().and_then(|t| serde_json::to_value(&t.value).ok()));
    add("subprocessors", folder.subprocessors.as_ref().and_then(|s| serde_json::to_value(&s.value).ok()));
    for customer in &folder.customers {
        let stem = customer.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        add(&format!("customer:{stem}"), serde_json::to_value(&customer.value).ok());
    }
    flat
}

/// Walks the serialised model of one file. The value is consumed: its
/// strings become the leaves (normalised in place where they need it), so
/// a version's thousands of texts are not copied a second time.
struct Walker<'a> {
    flat: &'a mut Flat,
    file: FileKey,
}

/// The key of a node in `file`: customer instances have ids of their own
/// (their particulars), so their nodes are keyed within the instance.
fn keyed(file: &str, ns: &str, id: &str) -> String {
    if file.starts_with("customer:") { format!("{file}/{}", node_key(ns, id)) } else { node_key(ns, id) }
}

/// The path of a value within its node, `block/2/list/0`, built in one
/// buffer: a segment is appended on the way down and cut on the way up.
#[derive(Default)]
struct Path {
    text: String,
    /// Where the segment appended last starts.
    last: usize,
}

impl Path {
    /// Appends `segment`; returns the length to cut back to.
    fn push(&mut self, segment: &str) -> usize {
        let mark = self.text.len();
        if mark > 0 {
            self.text.push('/');
        }
        self.last = self.text.len();
        self.text.push_str(segment);
        mark
    }

    fn cut(&mut self, mark: usize) {
        self.text.truncate(mark);
    }

    /// The segment appended last (`list` in `block/2/list`), which may
    /// itself hold a `/` (a key of a free map).
    fn last(&self) -> &str {
        self.text.get(self.last..).unwrap_or("")
    }
}

impl Walker<'_> {
    fn root(&mut self, key: &str, value: Value) {
        self.node(key.to_owned(), "root", String::new(), None, value);
    }

    fn node(&mut self, key: String, ns: &'static str, id: String, parent: Option<String>, value: Value) {
        // The node is there before its members are walked: a member with
        // the same key is a duplicate (validation reports it), kept by
        // position.
        self.flat
            .nodes
            .insert(key.clone(), FlatNode { file: self.file.clone(), ns, id, parent, leaves: BTreeMap::new() });
        let mut leaves = BTreeMap::new();
        self.value(&key, ns, &mut Path::default(), &mut leaves, value);
        if let Some(node) = self.flat.nodes.get_mut(&key) {
            node.leaves = leaves;
        }
    }

    fn value(
        &mut self,
        node: &str,
        ns: &'static str,
        path: &mut Path,
        leaves: &mut BTreeMap<String, Value>,
        value: Value,
    ) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let mark = path.push(&key);
                    self.value(node, ns, path, leaves, child);
                    path.cut(mark);
                }
            }
            // An empty list prints nothing, as a missing one: no value. As a
            // value it would change when the first member with an id comes
            // (a node of its own, no longer a leaf), a change with no text.
            Value::Array(items) if items.is_empty() => {}
            Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
                leaves.insert(path.text.clone(), Value::Array(items.into_iter().map(normal).collect()));
            }
            Value::Array(items) => {
                let field = path.last().to_owned();
                let mut members = Vec::new();
                for (index, item) in items.into_iter().enumerate() {
                    let identity = item.as_object().and_then(|map| identity(&field, ns, map));
                    match identity {
                        Some((child_ns, id)) if !self.flat.nodes.contains_key(&keyed(&self.file, child_ns, &id)) => {
                            let key = keyed(&self.file, child_ns, &id);
                            members.push(key.clone());
                            self.node(key, child_ns, id, Some(node.to_owned()), item);
                        }
                        // No identity (or a duplicate, which validation reports): by position.
                        _ => {
                            let mark = path.push(&index.to_string());
                            self.value(node, ns, path, leaves, item);
                            path.cut(mark);
                        }
                    }
                }
                if !members.is_empty() {
                    self.flat.order.insert((node.to_owned(), path.text.clone()), members);
                }
            }
            scalar => {
                leaves.insert(path.text.clone(), normal(scalar));
            }
        }
    }
}

/// A scalar with its text normalised (the same string when it is normal).
fn normal(value: Value) -> Value {
    match value {
        Value::String(text) => match normalize(&text) {
            std::borrow::Cow::Borrowed(_) => Value::String(text),
            std::borrow::Cow::Owned(normal) => Value::String(normal),
        },
        other => other,
    }
}

/// Every difference between two flattened versions, in a stable order:
/// the nodes of the later version by key (each with its changed and new
/// values by path, then its dropped values), the removed nodes, then the
/// reordered arrays.
pub fn compare(old: &Flat, new: &Flat) -> Vec<Difference> {
    let mut out = Vec::new();
    // Both sides are sorted by key: one pass over each, not a lookup per
    // node and per value (this runs for every version of a history).
    let mut removed = Vec::new();
    for pair in merge(&old.nodes, &new.nodes) {
        match pair {
            (Some((key, _)), None) => removed.push(Difference::Removed { node: key.clone() }),
            (None, Some((key, _))) => out.push(Difference::Added { node: key.clone() }),
            (Some((_, before)), Some((key, node))) => {
                if before.parent != node.parent {
                    out.push(Difference::Moved { node: key.clone() });
                }
                if before.leaves == node.leaves {
                    continue;
                }
                let mut dropped = Vec::new();
                for leaf in merge(&before.leaves, &node.leaves) {
                    match leaf {
                        (Some((path, value)), None) => dropped.push(Difference::Leaf {
                            node: key.clone(),
                            path: path.clone(),
                            old: Some(value.clone()),
                            new: None,
                        }),
                        (previous, Some((path, value))) if previous.map(|(_, v)| v) != Some(value) => {
                            out.push(Difference::Leaf {
                                node: key.clone(),
                                path: path.clone(),
                                old: previous.map(|(_, v)| v.clone()),
                                new: Some(value.clone()),
                            });
                        }
                        _ => {}
                    }
                }
                out.append(&mut dropped);
            }
            (None, None) => {}
        }
    }
    out.append(&mut removed);
    for ((parent, path), members) in &new.order {
        let Some(before) = old.order.get(&(parent.clone(), path.clone())) else { continue };
        if members == before {
            continue;
        }
        // Sets, not `contains` on the lists: a list of thousands (customer
        // particulars, a long TOM) would make this quadratic.
        let (in_old, in_new): (HashSet<&String>, HashSet<&String>) =
            (before.iter().collect(), members.iter().collect());
        let kept_new: Vec<&String> = members.iter().filter(|m| in_old.contains(m)).collect();
        let kept_old: Vec<&String> = before.iter().filter(|m| in_new.contains(m)).collect();
        if kept_new != kept_old {
            out.push(Difference::Reordered { parent: parent.clone(), path: path.clone() });
        }
    }
    out
}

/// An entry of a map, if the key is there.
type Side<'a, V> = Option<(&'a String, &'a V)>;

/// The entries of two sorted maps side by side, by key: `(old, new)`, one
/// of them `None` where the key is on one side only.
fn merge<'a, V>(
    old: &'a BTreeMap<String, V>,
    new: &'a BTreeMap<String, V>,
) -> impl Iterator<Item = (Side<'a, V>, Side<'a, V>)> {
    let (mut old, mut new) = (old.iter().peekable(), new.iter().peekable());
    std::iter::from_fn(move || match (old.peek(), new.peek()) {
        (None, None) => None,
        (Some(_), None) => Some((old.next(), None)),
        (None, Some(_)) => Some((None, new.next())),
        (Some((a, _)), Some((b, _))) => match a.cmp(b) {
            std::cmp::Ordering::Less => Some((old.next(), None)),
            std::cmp::Ordering::Greater => Some((None, new.next())),
            std::cmp::Ordering::Equal => Some((old.next(), new.next())),
        },
    })
}

/// A value as a reader sees it in a change text: strings as they are,
/// lists joined with commas, nothing for an absent value.
pub fn display(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(items)) => items.iter().map(|v| display(Some(v))).collect::<Vec<_>>().join(", "),
        Some(Value::Bool(true)) => "ja".to_owned(),
        Some(Value::Bool(false)) => "nein".to_owned(),
        Some(other) => other.to_string(),
    }
}

/// Whether `pattern` (segments separated by `/`; `*` matches one segment,
/// `**` any number, including none) matches `path`.
pub fn matches(pattern: &str, path: &str) -> bool {
    fn go(pattern: &[&str], path: &[&str]) -> bool {
        match pattern.split_first() {
            None => path.is_empty(),
            Some((&"**", rest)) => (0..=path.len()).any(|skip| go(rest, &path[skip..])),
            Some((first, rest)) => {
                path.split_first().is_some_and(|(segment, tail)| (*first == "*" || first == segment) && go(rest, tail))
            }
        }
    }
    fn segments(text: &str) -> Vec<&str> {
        if text.is_empty() { Vec::new() } else { text.split('/').collect() }
    }
    go(&segments(pattern), &segments(path))
}

/// A path with its array indices replaced by `*` (`block/2/p` → `block/*/p`).
pub fn shape(path: &str) -> String {
    path.split('/')
        .map(|s| if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() { "*" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// The summary of a flattened folder: how many nodes and leaves, for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Size {
    /// Nodes.
    pub nodes: usize,
    /// Leaves.
    pub leaves: usize,
}

impl Flat {
    /// How many nodes and leaves.
    pub fn size(&self) -> Size {
        Size { nodes: self.nodes.len(), leaves: self.nodes.values().map(|n| n.leaves.len()).sum() }
    }

    /// The nodes that are `key` or lie under it.
    pub fn is_within(&self, key: &str, ancestor: &str) -> bool {
        let mut current = Some(key.to_owned());
        while let Some(k) = current {
            if k == ancestor {
                return true;
            }
            current = self.nodes.get(&k).and_then(|n| n.parent.clone());
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_patterns() {
        assert!(matches("title", "title"));
        assert!(!matches("title", "title/x"));
        assert!(matches("block/*/p", "block/3/p"));
        assert!(matches("block/**/text", "block/3/list/2/text"));
        assert!(matches("block/**", "block/3/list/2/text"));
        assert!(matches("**", "a"));
        assert!(!matches("block/*/p", "block/p"));
        assert!(matches("block/*/list/**/list/*", "block/0/list/2/list/1"));
        assert!(!matches("block/*/list/**/list/*", "block/0/list/1"));
        assert!(matches("block/*/list/*", "block/0/list/1"));
        assert_eq!(shape("block/12/list/0/text"), "block/*/list/*/text");
    }

    #[test]
    fn compare_reports_every_kind_of_difference_in_order() {
        let node = |parent: Option<&str>, leaves: &[(&str, &str)]| FlatNode {
            file: "agreement".into(),
            ns: "clause",
            id: String::new(),
            parent: parent.map(str::to_owned),
            leaves: leaves.iter().map(|(p, v)| ((*p).to_owned(), Value::String((*v).to_owned()))).collect(),
        };
        let flat = |nodes: Vec<(&str, FlatNode)>| Flat {
            nodes: nodes.into_iter().map(|(k, n)| (k.to_owned(), n)).collect(),
            order: BTreeMap::new(),
        };
        let old = flat(vec![
            ("clause:a", node(None, &[("text", "alt"), ("title", "A"), ("x", "weg")])),
            ("clause:b", node(None, &[("text", "b")])),
            ("clause:c", node(Some("clause:a"), &[("text", "c")])),
        ]);
        let new = flat(vec![
            ("clause:a", node(None, &[("label", "neu"), ("text", "neu"), ("title", "A")])),
            ("clause:c", node(Some("clause:b2"), &[("text", "c")])),
            ("clause:d", node(None, &[("text", "d")])),
        ]);
        let leaf = |path: &str, old: Option<&str>, new: Option<&str>| Difference::Leaf {
            node: "clause:a".into(),
            path: path.into(),
            old: old.map(|v| Value::String(v.into())),
            new: new.map(|v| Value::String(v.into())),
        };
        assert_eq!(
            compare(&old, &new),
            vec![
                leaf("label", None, Some("neu")),
                leaf("text", Some("alt"), Some("neu")),
                leaf("x", Some("weg"), None),
                Difference::Moved { node: "clause:c".into() },
                Difference::Added { node: "clause:d".into() },
                Difference::Removed { node: "clause:b".into() },
            ]
        );
    }

    #[test]
    fn nodes_by_identity_and_leaves_by_path() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let folder = crate::load::load_folder(&root.join("agreements/pcvisit"), &root).folder;
        let flat = flatten(&folder);
        let meta = &flat.nodes["agreement"];
        assert_eq!(meta.leaves["meta/version"], Value::String("1.8".into()));
        assert!(flat.nodes.contains_key("subprocessor:auth0"));
        assert!(flat.nodes.keys().any(|k| k.starts_with("clause:")));
        assert!(flat.nodes.keys().any(|k| k.starts_with("measure:")));
        assert!(flat.nodes.keys().any(|k| k.starts_with("version-row:")));
        // Unchanged: no difference.
        assert_eq!(compare(&flat, &flat), Vec::new());
    }
}
