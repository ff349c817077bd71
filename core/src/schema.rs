//! The JSON Schemas of the four file kinds, generated from the model types.
//! They are committed under `schema/` (a test keeps them fresh) and used by
//! the validator, by editors (Taplo's `#:schema` directive) and by any
//! draft 2020-12 validator.

use schemars::generate::SchemaSettings;

use crate::model::{AgreementFile, CustomerFile, SubprocessorsFile, TomFile};

/// The kinds of file in an agreement folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// `agreement.toml`.
    Agreement,
    /// `tom.toml`.
    Tom,
    /// `subprocessors.toml`.
    Subprocessors,
    /// `customers/<customer>.toml`.
    Customer,
    /// `avv.toml` at the repository root.
    Config,
}

impl FileKind {
    /// Every kind.
    pub const ALL: [FileKind; 5] =
        [FileKind::Agreement, FileKind::Tom, FileKind::Subprocessors, FileKind::Customer, FileKind::Config];

    /// The schema's file name under `schema/`.
    pub fn schema_file_name(self) -> &'static str {
        match self {
            FileKind::Agreement => "agreement.schema.json",
            FileKind::Tom => "tom.schema.json",
            FileKind::Subprocessors => "subprocessors.schema.json",
            FileKind::Customer => "customer.schema.json",
            FileKind::Config => "config.schema.json",
        }
    }

    /// The `#:schema` directive that starts a file of this kind `depth`
    /// folders below the repository root (2 for `agreements/<id>/tom.toml`,
    /// 3 for a customer instance), pointing editors at the committed schema.
    pub fn schema_directive(self, depth: usize) -> String {
        format!("#:schema {}schema/{}", "../".repeat(depth), self.schema_file_name())
    }

    /// The file name in an agreement folder (customers have their own names).
    pub fn file_name(self) -> Option<&'static str> {
        match self {
            FileKind::Agreement => Some("agreement.toml"),
            FileKind::Tom => Some("tom.toml"),
            FileKind::Subprocessors => Some("subprocessors.toml"),
            FileKind::Customer => None,
            FileKind::Config => Some("avv.toml"),
        }
    }
}

/// The JSON Schema of a file kind, as a JSON value.
pub fn schema(kind: FileKind) -> serde_json::Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = match kind {
        FileKind::Agreement => generator.into_root_schema_for::<AgreementFile>(),
        FileKind::Tom => generator.into_root_schema_for::<TomFile>(),
        FileKind::Subprocessors => generator.into_root_schema_for::<SubprocessorsFile>(),
        FileKind::Customer => generator.into_root_schema_for::<CustomerFile>(),
        FileKind::Config => generator.into_root_schema_for::<crate::config::Config>(),
    };
    let mut value = schema.to_value();
    tidy(&mut value);
    value
}

/// The schema of a file kind, generated once per process.
pub fn cached(kind: FileKind) -> &'static serde_json::Value {
    static CELLS: [std::sync::OnceLock<serde_json::Value>; 5] = [const { std::sync::OnceLock::new() }; 5];
    let index = FileKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    CELLS[index].get_or_init(|| schema(kind))
}

/// TOML has no null, so the `null` alternatives schemars adds for optional
/// fields only blur error messages; integer formats like `uint32` are not
/// standard JSON Schema formats. Both are removed; a format's range stays,
/// as `minimum` and `maximum`.
fn tidy(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(alternatives)) = map.get("anyOf") {
                let non_null: Vec<Value> =
                    alternatives.iter().filter(|a| a.get("type") != Some(&Value::from("null"))).cloned().collect();
                if non_null.len() == 1 && alternatives.len() == 2 {
                    map.remove("anyOf");
                    if let Value::Object(inner) = &non_null[0] {
                        for (key, value) in inner {
                            map.entry(key.clone()).or_insert_with(|| value.clone());
                        }
                    }
                }
            }
            if let Some(format) = map.get("format").and_then(Value::as_str) {
                // The range such a format stands for is standard as bounds;
                // without them the schema would accept what the model cannot
                // hold (`schema_version = 4294967296`).
                let bounds: Option<(Value, Value)> = match format {
                    "uint32" => Some((0.into(), u32::MAX.into())),
                    "uint64" => Some((0.into(), u64::MAX.into())),
                    "int32" => Some((i32::MIN.into(), i32::MAX.into())),
                    "int64" => Some((i64::MIN.into(), i64::MAX.into())),
                    _ => None,
                };
                if format.starts_with("uint") || format.starts_with("int") {
                    map.remove("format");
                }
                if let Some((minimum, maximum)) = bounds {
                    map.entry("minimum").or_insert(minimum);
                    map.entry("maximum").or_insert(maximum);
                }
            }
            for child in map.values_mut() {
                tidy(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// The schema as committed: pretty JSON with a trailing newline.
pub fn schema_text(kind: FileKind) -> String {
    // A schema built from our own types always serialises.
    serde_json::to_string_pretty(&schema(kind)).unwrap_or_default() + "\n"
}
