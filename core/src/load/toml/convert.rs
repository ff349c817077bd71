//! Turns a parsed TOML document into a [`Node`] (and JSON), so one parse
//! feeds the rules, the typed model and the JSON Schema validator.
//!
//! TOML dates become `YYYY-MM-DD` strings (JSON Schema `format: date`);
//! other date-times become RFC 3339 strings, which the schema then rejects
//! where a date is expected.

use serde_json::Value;
use toml_edit::{Item, Table, Value as TomlValue};

use crate::load::node::{Node, Object};

/// Converts a document's root table into a [`Node`].
pub fn table_to_node(table: &Table) -> Node {
    let mut object = Object::with_capacity(table.len());
    for (key, item) in table.iter() {
        if let Some(value) = item_to_node(item) {
            object.push(key.to_owned(), value);
        }
    }
    Node::Object(object)
}

/// Converts a document's root table into JSON.
pub fn table_to_json(table: &Table) -> Value {
    table_to_node(table).to_json()
}

fn item_to_node(item: &Item) -> Option<Node> {
    match item {
        Item::None => None,
        Item::Value(value) => Some(value_to_node(value)),
        Item::Table(table) => Some(table_to_node(table)),
        Item::ArrayOfTables(array) => Some(Node::Array(array.iter().map(table_to_node).collect())),
    }
}

fn value_to_node(value: &TomlValue) -> Node {
    match value {
        TomlValue::String(s) => Node::String(s.value().clone()),
        TomlValue::Integer(i) => Node::Integer(*i.value()),
        TomlValue::Float(f) => Node::Float(*f.value()),
        TomlValue::Boolean(b) => Node::Bool(*b.value()),
        TomlValue::Datetime(dt) => Node::String(dt.value().to_string()),
        TomlValue::Array(array) => Node::Array(array.iter().map(value_to_node).collect()),
        TomlValue::InlineTable(table) => {
            let mut object = Object::with_capacity(table.len());
            for (key, value) in table.iter() {
                object.push(key.to_owned(), value_to_node(value));
            }
            Node::Object(object)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_all_kinds() {
        let doc: toml_edit::Document<String> = toml_edit::Document::parse(
            "a = 1\nb = 'x'\nc = 2024-02-29\nd = [1, 2]\ne = { f = true }\n[[g]]\nh = 1.5\n".to_owned(),
        )
        .unwrap();
        let json = table_to_json(doc.as_table());
        assert_eq!(
            json,
            serde_json::json!({"a": 1, "b": "x", "c": "2024-02-29", "d": [1, 2], "e": {"f": true}, "g": [{"h": 1.5}]})
        );
    }
}
