//! Canonical key order, read from the JSON Schema: keys come in the order
//! the model declares its fields (`id` first, then number, title, text, …);
//! the keys of free maps (a customer's placeholder values) keep the
//! author's order (the template's: name, street, town, which no sorting
//! knows), and keys the schema does not know at all keep their place after
//! the rest.

use serde_json::Value;

/// A position in the schema: every subschema a TOML node may match (one
/// per `oneOf`/`anyOf` branch).
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'s> {
    root: &'s Value,
    nodes: Vec<&'s Value>,
}

impl<'s> Cursor<'s> {
    /// The cursor at the document root.
    pub fn root(schema: &'s Value) -> Self {
        let mut nodes = Vec::new();
        expand(schema, schema, &mut nodes, 0);
        Self { root: schema, nodes }
    }

    /// The subschemas of the value under `key`.
    pub fn field(&self, key: &str) -> Self {
        let mut nodes = Vec::new();
        for node in &self.nodes {
            let next = node
                .get("properties")
                .and_then(|p| p.get(key))
                .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()));
            if let Some(next) = next {
                expand(self.root, next, &mut nodes, 0);
            }
        }
        Self { root: self.root, nodes }
    }

    /// The subschemas of an array's elements.
    pub fn items(&self) -> Self {
        let mut nodes = Vec::new();
        for node in &self.nodes {
            if let Some(items) = node.get("items") {
                expand(self.root, items, &mut nodes, 0);
            }
        }
        Self { root: self.root, nodes }
    }

    /// Whether the schema here allows keys of the author's choosing.
    fn is_free_map(&self) -> bool {
        self.nodes.iter().any(|node| node.get("additionalProperties").is_some_and(|a| a.is_object() || a == true))
    }

    /// Sort keys for `keys`: the schema position of each, or `None` for a
    /// key the schema does not name. Among several branches, those that
    /// declare every present key decide.
    pub fn ranks(&self, keys: &[&str]) -> Vec<Option<usize>> {
        let declares = |node: &&Value, key: &str| node.get("properties").and_then(|p| p.get(key)).is_some();
        let fitting: Vec<&Value> =
            self.nodes.iter().filter(|node| keys.iter().all(|key| declares(node, key))).copied().collect();
        let candidates = if fitting.is_empty() { self.nodes.clone() } else { fitting };
        let mut order: Vec<&str> = Vec::new();
        for node in candidates {
            if let Some(Value::Object(properties)) = node.get("properties") {
                for name in properties.keys() {
                    if !order.contains(&name.as_str()) {
                        order.push(name);
                    }
                }
            }
        }
        keys.iter().map(|key| order.iter().position(|name| name == key)).collect()
    }
}

/// Follows `$ref`s and opens `oneOf`/`anyOf`/`allOf` into `out`.
fn expand<'s>(root: &'s Value, node: &'s Value, out: &mut Vec<&'s Value>, depth: usize) {
    // Our schemas nest a handful of levels; the bound only guards a cycle.
    if depth > 32 {
        return;
    }
    if let Some(target) = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        if let Some(next) = root.pointer(target) {
            expand(root, next, out, depth + 1);
        }
        return;
    }
    if node.get("properties").is_some() || node.get("items").is_some() || node.get("additionalProperties").is_some() {
        out.push(node);
    }
    for keyword in ["oneOf", "anyOf", "allOf"] {
        if let Some(Value::Array(branches)) = node.get(keyword) {
            for branch in branches {
                expand(root, branch, out, depth + 1);
            }
        }
    }
}

/// Where a key sorts: (group, schema rank, original index).
type SortKey = (usize, usize, usize);

/// Sorts `entries`: declared keys by rank, then free-map keys and then
/// unknown keys, each in their order.
pub(crate) fn sort_by_schema<T>(cursor: &Cursor<'_>, entries: &mut Vec<(String, T)>) {
    let keys: Vec<&str> = entries.iter().map(|(key, _)| key.as_str()).collect();
    let ranks = cursor.ranks(&keys);
    let free = cursor.is_free_map();
    let mut ranked: Vec<(SortKey, (String, T))> = entries
        .drain(..)
        .zip(ranks)
        .enumerate()
        .map(|(index, (entry, rank))| {
            let key = match rank {
                Some(rank) => (0, rank, index),
                None if free => (1, 0, index),
                None => (2, 0, index),
            };
            (key, entry)
        })
        .collect();
    ranked.sort_by_key(|(key, _)| *key);
    entries.extend(ranked.into_iter().map(|(_, entry)| entry));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{FileKind, schema};

    fn sorted(cursor: &Cursor<'_>, keys: &[&str]) -> Vec<String> {
        let mut entries: Vec<(String, ())> = keys.iter().map(|k| ((*k).to_owned(), ())).collect();
        sort_by_schema(cursor, &mut entries);
        entries.into_iter().map(|(k, ())| k).collect()
    }

    #[test]
    fn keys_follow_the_model_s_field_order() {
        let schema = schema(FileKind::Tom);
        let measure = Cursor::root(&schema).field("section").items().field("measure").items();
        assert_eq!(sorted(&measure, &["text", "zzz", "id", "num"]), ["id", "num", "text", "zzz"]);
    }

    #[test]
    fn branches_that_declare_every_key_decide() {
        let schema = schema(FileKind::Agreement);
        let block = Cursor::root(&schema).field("clause").items().field("block").items();
        assert_eq!(sorted(&block, &["style", "list"]), ["list", "style"]);
    }

    #[test]
    fn free_maps_keep_the_author_s_order() {
        let schema = schema(FileKind::Customer);
        let values = Cursor::root(&schema).field("values");
        assert_eq!(sorted(&values, &["kunde", "firma", "b"]), ["kunde", "firma", "b"]);
        let nested = values.field("kunde");
        assert_eq!(sorted(&nested, &["name", "strasse", "ort"]), ["name", "strasse", "ort"]);
        // Declared keys still come first, in the model's order.
        let root = Cursor::root(&schema);
        assert_eq!(sorted(&root, &["values", "instance"]), ["instance", "values"]);
    }
}
