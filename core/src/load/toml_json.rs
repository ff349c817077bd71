//! Turns a parsed TOML document into a JSON value, so one parse feeds both
//! the JSON Schema validator and the typed model.
//!
//! TOML dates become `YYYY-MM-DD` strings (JSON Schema `format: date`);
//! other date-times become RFC 3339 strings, which the schema then rejects
//! where a date is expected.
//!
//! The loader converts with it whenever the fast reader
//! ([`super::fast_toml`]) declines a file, so that findings and their spans
//! come from `toml_edit`.

use serde_json::{Map, Number, Value};
use toml_edit::{Item, Table, Value as TomlValue};

/// Converts a document's root table.
pub fn table_to_json(table: &Table) -> Value {
    let mut map = Map::with_capacity(table.len());
    for (key, item) in table.iter() {
        if let Some(value) = item_to_json(item) {
            map.insert(key.to_owned(), value);
        }
    }
    Value::Object(map)
}

fn item_to_json(item: &Item) -> Option<Value> {
    match item {
        Item::None => None,
        Item::Value(value) => Some(value_to_json(value)),
        Item::Table(table) => Some(table_to_json(table)),
        Item::ArrayOfTables(array) => Some(Value::Array(array.iter().map(table_to_json).collect())),
    }
}

fn value_to_json(value: &TomlValue) -> Value {
    match value {
        TomlValue::String(s) => Value::String(s.value().clone()),
        TomlValue::Integer(i) => Value::Number(Number::from(*i.value())),
        TomlValue::Float(f) => Number::from_f64(*f.value()).map_or(Value::Null, Value::Number),
        TomlValue::Boolean(b) => Value::Bool(*b.value()),
        TomlValue::Datetime(dt) => Value::String(dt.value().to_string()),
        TomlValue::Array(array) => Value::Array(array.iter().map(value_to_json).collect()),
        TomlValue::InlineTable(table) => {
            let mut map = Map::with_capacity(table.len());
            for (key, value) in table.iter() {
                map.insert(key.to_owned(), value_to_json(value));
            }
            Value::Object(map)
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
