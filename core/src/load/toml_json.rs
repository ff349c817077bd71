//! Turns a parsed TOML document into a JSON value, so one parse feeds both
//! the JSON Schema validator and the typed model.
//!
//! TOML dates become `YYYY-MM-DD` strings (JSON Schema `format: date`);
//! other date-times become RFC 3339 strings, which the schema then rejects
//! where a date is expected.
//!
//! Two parsers feed it. [`fast_json`] uses the `toml` crate's borrowing
//! parser, which builds no format-preserving document and is several times
//! faster; it answers only when it is sure. [`table_to_json`] converts a
//! `toml_edit` document, which the loader parses whenever the fast path
//! declines (every file with an error), so that syntax findings and their
//! spans come from one parser as before.

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};
use toml_edit::{Item, Table, Value as TomlValue};

/// Parses `text` straight into JSON, or returns `None` when the fast parser
/// reports any error or meets a number it would have to judge itself (an
/// integer outside `i64`, a float that overflows). The caller then parses
/// with `toml_edit`, whose answer stands.
pub fn fast_json(text: &str) -> Option<Value> {
    let table = DeTable::parse(text).ok()?;
    de_table_to_json(table.into_inner())
}

fn de_table_to_json(table: DeTable<'_>) -> Option<Value> {
    let mut map = Map::with_capacity(table.len());
    for (key, value) in table {
        map.insert(key.into_inner().into_owned(), de_value_to_json(value.into_inner())?);
    }
    Some(Value::Object(map))
}

fn de_value_to_json(value: DeValue<'_>) -> Option<Value> {
    Some(match value {
        DeValue::String(s) => Value::String(s.into_owned()),
        DeValue::Integer(i) => Value::Number(Number::from(i64::from_str_radix(i.as_str(), i.radix()).ok()?)),
        DeValue::Float(f) => {
            let parsed: f64 = f.as_str().parse().ok()?;
            if parsed.is_infinite() && !f.as_str().contains("inf") {
                return None;
            }
            Number::from_f64(parsed).map_or(Value::Null, Value::Number)
        }
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(dt) => Value::String(dt.to_string()),
        DeValue::Array(array) => {
            Value::Array(array.into_iter().map(|v| de_value_to_json(v.into_inner())).collect::<Option<_>>()?)
        }
        DeValue::Table(table) => de_table_to_json(table)?,
    })
}

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

    /// The fast path and the `toml_edit` path agree, key order included;
    /// where `toml_edit` refuses a text, the fast path refuses it too.
    fn agree(text: &str) {
        let slow = toml_edit::Document::parse(text.to_owned()).ok().map(|doc| table_to_json(doc.as_table()));
        match (fast_json(text), slow) {
            (Some(fast), Some(slow)) => assert_eq!(fast.to_string(), slow.to_string(), "{text}"),
            (Some(fast), None) => panic!("only the fast path accepts {text:?}: {fast}"),
            _ => {}
        }
    }

    #[test]
    fn fast_path_matches_toml_edit() {
        for text in [
            "a = 1\nb = 'x'\nc = 2024-02-29\nd = [1, 2]\ne = { f = true }\n[[g]]\nh = 1.5\n",
            "z = 1\na = 2\n[m.n]\nx = 1\n[m]\ny = 2\n[[m.o]]\np = 0x1F\n",
            "a.b.c = 1\na.d = 'x'\n[t]\nu.v = [{ w = 1979-05-27T07:32:00Z }, { w = 07:32:00 }]\n",
            "f = [inf, -inf, nan, 1e3, -0.0, 6.626e-34, 1_000.5]\ni = [0o17, 0b101, +5, -5, 1_000]\n",
            r#"s = """
multi\
  line"""
l = '''
raw'''
q = "tab\tunicode\u00e4"
"#,
            "big = 9223372036854775808\n",
            "huge = 1e999\n",
            "dup = 1\ndup = 2\n",
            "d = 2023-02-29\n",
            "[a]\nb = 1\n[a]\nc = 2\n",
            "a = { b = 1 }\na.c = 2\n",
            "x = [1, 'mixed', 2.5, true]\n",
        ] {
            agree(text);
        }
        assert!(fast_json("big = 9223372036854775808\n").is_none());
        assert!(fast_json("dup = 1\ndup = 2\n").is_none());
    }
}
