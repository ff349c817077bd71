//! The loader's generic tree of a file: what the rules walk, what the typed
//! model is read from ([`Strict`](super::strict::Strict)), and what the
//! JSON Schema validator sees after [`Node::to_json`].
//!
//! It holds the same values as `serde_json::Value` in TOML's terms, but an
//! object is a plain vector of entries in document order. serde_json's map
//! hashes every key into an index table as it is built; building that was a
//! tenth of a cold `avv validate`, and dropping it more, while the rules
//! look up only a few fields of each object, which a scan over its handful
//! of keys answers faster than hashing (see [`Object::fields`]). Objects
//! hold no duplicate keys: the readers that build them refuse one.

use serde_json::{Map, Number, Value};

/// A value of a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Only from JSON (`null`) or a float without a JSON form (`nan`).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A string; TOML dates and date-times are their RFC 3339 text.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// A table.
    Object(Object),
}

/// A table's entries in document order, each key once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Object {
    entries: Vec<(String, Node)>,
}

impl Object {
    /// An empty object with room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        Self { entries: Vec::with_capacity(capacity) }
    }

    /// Adds an entry whose key the caller knows to be new (a reader that
    /// rejects duplicates itself, like `toml_edit`). Not checked here: on a
    /// large hostile table the check would be quadratic. Only the loader's
    /// readers build objects, so the promise cannot leak out of this crate.
    pub(crate) fn push(&mut self, key: String, value: Node) {
        self.entries.push((key, value));
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The values of the named fields, found in one pass over the entries.
    pub fn fields<const N: usize>(&self, names: [&str; N]) -> [Option<&Node>; N] {
        let mut found = [None; N];
        for (key, value) in &self.entries {
            if let Some(slot) = names.iter().position(|name| name == key) {
                found[slot] = Some(value);
            }
        }
        found
    }

    /// The entries in document order.
    pub fn iter(&self) -> Entries<'_> {
        Entries(self.entries.iter())
    }

    /// How many entries the object has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the object has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// An iterator over an object's entries.
#[derive(Debug, Clone)]
pub struct Entries<'a>(std::slice::Iter<'a, (String, Node)>);

impl<'a> Iterator for Entries<'a> {
    type Item = (&'a str, &'a Node);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k.as_str(), v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for Entries<'_> {}

impl<'a> IntoIterator for &'a Object {
    type Item = (&'a str, &'a Node);
    type IntoIter = Entries<'a>;

    fn into_iter(self) -> Entries<'a> {
        self.iter()
    }
}

impl Node {
    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(text) => Some(text),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&Vec<Node>> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entries of an object.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Node::Object(object) => Some(object),
            _ => None,
        }
    }

    /// The value of an integer, or of a float without a fraction (`1.0`):
    /// JSON Schema counts such a number as an integer, and so does the
    /// model ([`Strict`](super::strict::Strict)).
    pub fn as_integer(&self) -> Option<i64> {
        match *self {
            Node::Integer(n) => Some(n),
            Node::Float(f) if f.fract() == 0.0 && (i64::MIN as f64..i64::MAX as f64).contains(&f) => Some(f as i64),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }

    /// Whether this is an array.
    pub fn is_array(&self) -> bool {
        matches!(self, Node::Array(_))
    }

    /// An object's field.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_object()?.get(key)
    }

    /// An array's item.
    pub fn item(&self, index: usize) -> Option<&Node> {
        self.as_array()?.get(index)
    }

    /// The node at an RFC 6901 pointer (`/clause/0/id`).
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        if pointer.is_empty() {
            return Some(self);
        }
        if !pointer.starts_with('/') {
            return None;
        }
        let mut node = self;
        for token in crate::pointer::tokens(pointer) {
            node = match node {
                Node::Object(object) => object.get(&token)?,
                Node::Array(items) => items.get(crate::pointer::index(&token)?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The same value as JSON, for the schema validator and the JSON forms.
    pub fn to_json(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(flag) => Value::Bool(*flag),
            Node::Integer(n) => Value::Number(Number::from(*n)),
            Node::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Node::String(text) => Value::String(text.clone()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Node::Object(object) => {
                Value::Object(object.iter().map(|(k, v)| (k.to_owned(), v.to_json())).collect::<Map<_, _>>())
            }
        }
    }
}

/// A JSON value as a node: for tests and tools that build values as JSON.
/// An integer beyond `i64` becomes a float, as TOML has no such integer.
impl From<&Value> for Node {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => Node::Null,
            Value::Bool(flag) => Node::Bool(*flag),
            Value::Number(n) => match n.as_i64() {
                Some(n) => Node::Integer(n),
                None => n.as_f64().map_or(Node::Null, Node::Float),
            },
            Value::String(text) => Node::String(text.clone()),
            Value::Array(items) => Node::Array(items.iter().map(Node::from).collect()),
            Value::Object(map) => {
                Node::Object(Object { entries: map.iter().map(|(k, v)| (k.clone(), Node::from(v))).collect() })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn json_round_trips_in_order() {
        let json = json!({"b": [1, 2.5, "x", true, null], "a": {"c~/d": {}}});
        let node = Node::from(&json);
        assert_eq!(node.to_json(), json);
        let keys: Vec<&str> = node.as_object().unwrap().iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(Node::from(&json!(u64::MAX)), Node::Float(u64::MAX as f64));
    }

    #[test]
    fn pointers_resolve_like_serde_json() {
        let json = json!({"a/b": [1, {"c~d": "x"}], "e": {"": 2}});
        let node = Node::from(&json);
        for pointer in ["", "/a~1b", "/a~1b/1/c~0d", "/e/", "/a~1b/01", "/a~1b/+1", "/a~1b/2", "x", "/f"] {
            assert_eq!(node.pointer(pointer).map(Node::to_json).as_ref(), json.pointer(pointer), "{pointer}");
        }
    }

    #[test]
    fn whole_floats_are_integers() {
        let integer = |json| Node::from(&json).as_integer();
        assert_eq!((integer(json!(3)), integer(json!(2.0)), integer(json!(-0.0))), (Some(3), Some(2), Some(0)));
        assert_eq!((integer(json!(1.5)), integer(json!(1e300)), integer(json!("1"))), (None, None, None));
    }

    #[test]
    fn fields_are_found_in_one_pass() {
        let node = Node::from(&json!({"id": "a", "num": "1", "text": "t"}));
        let [text, id, missing] = node.as_object().unwrap().fields(["text", "id", "title"]);
        assert_eq!((text.and_then(Node::as_str), id.and_then(Node::as_str), missing), (Some("t"), Some("a"), None));
    }
}
