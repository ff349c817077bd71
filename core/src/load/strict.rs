//! Reads the typed model from a file's [`Node`] the way the schema reads it.
//!
//! It reads like serde_json's `&Value` deserializer, which is more lenient
//! than the schema in one place: a derived struct also reads an array,
//! taking its fields by position (`particulars = [{}]`,
//! `allow = [["rule", "reason"]]`). The schema says "object", and the
//! loader counts on the model accepting exactly what the schema accepts
//! (see [`parse`](super::parse)). This deserializer differs in that a
//! struct must be an object, at every depth, and a number without a
//! fraction (`1.0`) is an integer, as JSON Schema counts it
//! ([`Node::as_integer`]).

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::Error;

use super::node::{Entries as Fields, Node};

/// A node to read the typed model from; see the module documentation.
#[derive(Debug, Clone, Copy)]
pub struct Strict<'a>(pub &'a Node);

impl<'de> Deserializer<'de> for Strict<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Node::Null => visitor.visit_unit(),
            Node::Bool(flag) => visitor.visit_bool(*flag),
            Node::Integer(n) => visitor.visit_i64(*n),
            Node::Float(float) => match self.0.as_integer() {
                Some(n) => visitor.visit_i64(n),
                None => visitor.visit_f64(*float),
            },
            Node::String(text) => visitor.visit_borrowed_str(text),
            Node::Array(items) => {
                let mut seq = Seq(items.iter());
                let value = visitor.visit_seq(&mut seq)?;
                match seq.0.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::invalid_length(items.len(), &"fewer elements in array")),
                }
            }
            Node::Object(object) => visitor.visit_map(Entries { iter: object.iter(), value: None }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Node::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if !self.0.is_object() {
            return Err(self.invalid(&visitor));
        }
        self.deserialize_any(visitor)
    }

    /// The model's enums are plain strings (`"controller"`); the schema has
    /// no other form.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let Node::String(text) = self.0 else { return Err(self.invalid(&visitor)) };
        visitor.visit_enum(text.as_str().into_deserializer())
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

impl Strict<'_> {
    /// The error for a value of the wrong type.
    fn invalid(self, expected: &dyn de::Expected) -> Error {
        let unexpected = match self.0 {
            Node::Null => Unexpected::Unit,
            Node::Bool(flag) => Unexpected::Bool(*flag),
            Node::Integer(_) | Node::Float(_) => Unexpected::Other("number"),
            Node::String(text) => Unexpected::Str(text),
            Node::Array(_) => Unexpected::Seq,
            Node::Object(_) => Unexpected::Map,
        };
        de::Error::invalid_type(unexpected, expected)
    }
}

struct Seq<'a>(std::slice::Iter<'a, Node>);

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|item| seed.deserialize(Strict(item))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'a> {
    iter: Fields<'a>,
    value: Option<&'a Node>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.iter.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(Strict(value)),
            None => Err(de::Error::custom("a map value was read before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;
    use crate::model::TomFile;
    use crate::model::codes::Art28Item;
    use crate::model::primitives::Allow;

    fn read<T: serde::de::DeserializeOwned>(json: serde_json::Value) -> Result<T, Error> {
        T::deserialize(Strict(&Node::from(&json)))
    }

    #[test]
    fn structs_must_be_objects() {
        let allow = json!({ "rule": "r", "reason": "why" });
        assert!(Allow::deserialize(Strict(&Node::from(&allow))).is_ok());
        let as_array = json!(["r", "why"]);
        // serde_json's own reader takes the fields by position.
        assert!(Allow::deserialize(&as_array).is_ok());
        let error = Allow::deserialize(Strict(&Node::from(&as_array))).unwrap_err().to_string();
        assert!(error.contains("invalid type: sequence"), "{error}");
    }

    #[test]
    fn reads_like_serde_json_otherwise() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../agreements/rocon/tom.toml"))
            .expect("the bundled rocon TOM");
        let node = crate::load::parse::to_node(&text).expect("valid TOML");
        let strict = TomFile::deserialize(Strict(&node)).expect("reads");
        assert_eq!(strict, TomFile::deserialize(&node.to_json()).expect("reads"));
        assert!(read::<Art28Item>(json!("art28-3-subject")).is_ok());
        assert!(read::<Art28Item>(json!("a")).is_err());
        assert!(read::<Option<u8>>(json!(256)).is_err());
        assert!(read::<Option<u8>>(json!(null)).is_ok_and(|v| v.is_none()));
        assert_eq!(read::<Vec<u8>>(json!([1, 2])).ok(), Some(vec![1, 2]));
        assert_eq!(read::<Vec<u32>>(json!([1.0, -0.0])).ok(), Some(vec![1, 0]));
        assert!(read::<u32>(json!(1.5)).is_err());
        assert!(read::<u32>(json!(-1)).is_err());
        assert_eq!(read::<f64>(json!(2.5)).ok(), Some(2.5));
    }
}
