//! Validates a file's JSON value against its JSON Schema and turns the
//! validator's errors into located, actionable diagnostics. This is the one
//! module that uses the `jsonschema` crate.

use std::path::Path;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use crate::diagnostic::{Anchor, Code, Diagnostic};
use crate::model::primitives::ID_PATTERN;
use crate::schema::FileKind;
use crate::spelling::closest;

struct Compiled {
    schema: &'static Value,
    validator: Validator,
}

fn compiled(kind: FileKind) -> &'static Compiled {
    static CELLS: [OnceLock<Compiled>; 5] = [const { OnceLock::new() }; 5];
    let index = FileKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    CELLS[index].get_or_init(|| {
        let schema = crate::schema::cached(kind);
        // The schema is generated from our own types and has no remote
        // references; jsonschema is built without HTTP or file retrieval.
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(schema)
            .unwrap_or_else(|error| panic!("avv's own {kind:?} schema does not compile: {error}"));
        Compiled { schema, validator }
    })
}

/// Builds the validators up front (useful before timing a parallel run).
pub fn warm_up() {
    for kind in FileKind::ALL {
        compiled(kind);
    }
}

/// Whether `json` is valid against the schema of `kind`.
pub fn is_valid(kind: FileKind, json: &Value) -> bool {
    compiled(kind).validator.is_valid(json)
}

/// Checks `json` against the schema of `kind`; `text` is the source, for hints.
pub fn check(kind: FileKind, path: &Path, json: &Value, text: &str) -> Vec<Diagnostic> {
    let compiled = compiled(kind);
    if compiled.validator.is_valid(json) {
        return Vec::new();
    }
    let _ = text;
    let errors: Vec<ValidationError<'_>> = compiled.validator.iter_errors(json).collect();
    // A required key that is only misspelt is one mistake: the unknown key
    // says so, and the missing key is not reported apart.
    let missing: Vec<(String, String)> = errors
        .iter()
        .filter_map(|error| match error.kind() {
            ValidationErrorKind::Required { property } => {
                Some((error.instance_path().as_str().to_owned(), property.as_str()?.to_owned()))
            }
            _ => None,
        })
        .collect();
    let mut folded = Vec::new();
    let mut out = Vec::new();
    for error in &errors {
        if let ValidationErrorKind::AdditionalProperties { unexpected } = error.kind() {
            let pointer = error.instance_path().as_str().to_owned();
            let known = properties_at(compiled.schema, &pointer);
            for key in unexpected {
                let best = closest(key, known.iter().map(String::as_str));
                if let Some(best) = best.filter(|b| missing.iter().any(|(p, name)| *p == pointer && name == b)) {
                    let key_pointer = format!("{pointer}/{}", crate::pointer::escape(key));
                    out.push(
                        Diagnostic::new(
                            Code::UnknownKey,
                            path,
                            Anchor::Pointer { pointer: key_pointer, key: true },
                            format!(
                                "unknown key `{key}`, did you mean `{best}`? ({} requires `{best}`)",
                                describe_place(&pointer)
                            ),
                        )
                        .with_help(format!("rename `{key}` to `{best}`")),
                    );
                    folded.push((pointer.clone(), best.to_owned()));
                }
            }
        }
    }
    for error in &errors {
        convert(compiled.schema, path, json, error, &folded, &mut out);
    }
    out
}

fn convert(
    schema: &Value,
    path: &Path,
    json: &Value,
    error: &ValidationError<'_>,
    folded: &[(String, String)],
    out: &mut Vec<Diagnostic>,
) {
    let pointer = error.instance_path().as_str().to_owned();
    let instance = json.pointer(&pointer).unwrap_or(&Value::Null);
    let field = pointer.rsplit('/').next().filter(|s| !s.is_empty()).unwrap_or("document");
    let place = describe_place(&pointer);
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known = properties_at(schema, &pointer);
            for key in unexpected {
                let best = closest(key, known.iter().map(String::as_str));
                if best.is_some_and(|b| folded.iter().any(|(p, name)| *p == pointer && name == b)) {
                    continue;
                }
                let key_pointer = format!("{pointer}/{}", crate::pointer::escape(key));
                let mut diagnostic = Diagnostic::new(
                    Code::UnknownKey,
                    path,
                    Anchor::Pointer { pointer: key_pointer, key: true },
                    format!("unknown key `{key}` in {place}"),
                );
                diagnostic = match closest(key, known.iter().map(String::as_str)) {
                    Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
                    None if !known.is_empty() => {
                        diagnostic.with_help(format!("allowed keys here: {}", join_ticked(&known)))
                    }
                    None => diagnostic.with_help("remove the key"),
                };
                out.push(diagnostic);
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or("?");
            if folded.iter().any(|(p, n)| *p == pointer && n == name) {
                return;
            }
            let help = if name == "schema_version" {
                "add `schema_version = 1` at the top of the file".to_owned()
            } else {
                format!("add `{name} = …` to {place}")
            };
            out.push(
                Diagnostic::at(
                    Code::MissingKey,
                    path,
                    pointer.clone(),
                    format!("{place} is missing the required key `{name}`"),
                )
                .with_help(help),
            );
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                .unwrap_or_default();
            out.push(invalid_value(path, &pointer, instance, &allowed));
        }
        // Our code enums are documented, so schemars writes them as `oneOf`
        // of `const` alternatives rather than as `enum`.
        ValidationErrorKind::OneOfNotValid { context } if vocabulary(context).is_some() => {
            let allowed = vocabulary(context).unwrap_or_default();
            out.push(invalid_value(path, &pointer, instance, &allowed));
        }
        ValidationErrorKind::Format { format } if format == "date" => {
            let given = instance.as_str().unwrap_or_default();
            let help = match german_date(given) {
                Some(iso) => format!("write the date as a TOML date without quotes: `{field} = {iso}`"),
                None => {
                    format!("write a real calendar date as a TOML date without quotes, e.g. `{field} = 2024-02-29`")
                }
            };
            out.push(
                Diagnostic::at(
                    Code::DateInvalid,
                    path,
                    pointer.clone(),
                    format!("`{given}` is not a valid date for `{field}`"),
                )
                .with_help(help),
            );
        }
        ValidationErrorKind::Pattern { pattern } => {
            let given = instance.as_str().unwrap_or_default();
            let diagnostic = if pattern == ID_PATTERN {
                Diagnostic::at(Code::IdFormat, path, pointer.clone(), format!("`{given}` is not a valid id"))
                    .with_help(format!("ids are kebab-case: lower-case letters, digits and single dashes, starting with a letter, e.g. `{}`", slug(given)))
            } else if pattern.contains("[A-Z]{2}") {
                Diagnostic::at(
                    Code::CountryCode,
                    path,
                    pointer.clone(),
                    format!("`{given}` is not an ISO 3166-1 alpha-2 country code"),
                )
                .with_help("use two upper-case letters, e.g. `DE`, `FR`, `US`")
            } else if pattern.starts_with("^P") {
                Diagnostic::at(
                    Code::DurationFormat,
                    path,
                    pointer.clone(),
                    format!("`{given}` is not an ISO 8601 duration"),
                )
                .with_help("write durations like `P14D` (14 days), `P2W` (2 weeks), `P3Y` (3 years), at most four digits a unit")
            } else if pattern == crate::config::BASE_URL_PATTERN {
                let message = crate::config::BaseUrl::parse(given).err().unwrap_or_default();
                Diagnostic::at(Code::SchemaViolation, path, pointer.clone(), message).with_help(
                    "give the absolute URL of the folder the site is published in, e.g. `https://avv.example.de/`",
                )
            } else {
                Diagnostic::at(
                    Code::SchemaViolation,
                    path,
                    pointer.clone(),
                    format!("`{given}` does not match the pattern `{pattern}`"),
                )
                .with_help(format!("write `{field}` in the form the pattern describes; the schema's description of `{field}` gives an example"))
            };
            out.push(diagnostic);
        }
        ValidationErrorKind::MaxLength { limit } => {
            let code = if field == "id" { Code::IdFormat } else { Code::SchemaViolation };
            out.push(
                Diagnostic::at(code, path, pointer.clone(), format!("`{field}` is longer than {limit} characters"))
                    .with_help("shorten it"),
            );
        }
        ValidationErrorKind::MinLength { limit } => {
            let message = match instance.as_str() {
                Some("") => format!("`{field}` is empty"),
                _ => format!("`{field}` is shorter than {limit} characters"),
            };
            out.push(Diagnostic::at(Code::SchemaViolation, path, pointer.clone(), message).with_help(format!(
                "fill in `{field}` (at least {limit} characters), or leave the key out where it is optional"
            )));
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            let bound = match error.kind() {
                ValidationErrorKind::Minimum { .. } => "at least",
                ValidationErrorKind::Maximum { .. } => "at most",
                ValidationErrorKind::ExclusiveMinimum { .. } => "more than",
                _ => "less than",
            };
            let help = if field == "schema_version" {
                "write `schema_version = 1`, the format this version of avv reads".to_owned()
            } else if field == "module" {
                "the standard contractual clauses have modules 1 to 4: write the one this transfer uses (3: processor to processor)".to_owned()
            } else {
                format!("write a number {bound} {limit}")
            };
            out.push(
                Diagnostic::at(
                    Code::SchemaViolation,
                    path,
                    pointer.clone(),
                    format!("`{field}` must be {bound} {limit}, found {instance}"),
                )
                .with_help(help),
            );
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => type_name(&t.to_string()),
                TypeKind::Multiple(types) => {
                    let names: Vec<String> = (*types).into_iter().map(|t| type_name(&t.to_string())).collect();
                    names.join(" or ")
                }
            };
            let found = json_type_name(instance);
            let (code, help) = if expected.contains("string") && looks_like_date_field(field) {
                (
                    Code::DateInvalid,
                    format!("write the date as a TOML date without quotes, e.g. `{field} = 2024-02-29`"),
                )
            } else {
                (Code::WrongType, format!("`{field}` must be {expected}"))
            };
            out.push(
                Diagnostic::at(code, path, pointer.clone(), format!("`{field}` must be {expected}, found {found}"))
                    .with_help(help),
            );
        }
        ValidationErrorKind::OneOfNotValid { .. } | ValidationErrorKind::OneOfMultipleValid { .. } => {
            let kinds = ["p", "list", "table", "embed", "choice", "blank"];
            let present: Vec<&str> = kinds.iter().copied().filter(|k| instance.get(k).is_some()).collect();
            let message = if present.is_empty() {
                "this block has none of `p`, `list`, `table`, `embed`, `choice`, `blank`".to_owned()
            } else {
                format!(
                    "this block has {} at once",
                    join_ticked(&present.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
                )
            };
            out.push(
                Diagnostic::at(Code::BlockShape, path, pointer.clone(), message)
                    .with_help("give each block exactly one of `p`, `list`, `table`, `embed`, `choice` or `blank`; split it into several blocks"),
            );
        }
        ValidationErrorKind::AnyOf { context } => {
            // Report the alternative that got furthest: the one whose errors
            // are not simply "wrong type here".
            let best = context.iter().find(|errors| {
                !errors.is_empty()
                    && errors.iter().all(|e| {
                        !(e.instance_path().as_str() == pointer && matches!(e.kind(), ValidationErrorKind::Type { .. }))
                    })
            });
            match best {
                Some(errors) => {
                    for e in errors {
                        convert(schema, path, json, e, folded, out);
                    }
                }
                None => out.push(
                    Diagnostic::at(
                        Code::WrongType,
                        path,
                        pointer.clone(),
                        format!("`{field}` has the wrong shape: found {}", json_type_name(instance)),
                    )
                    .with_help(format!("see the description of `{field}` in the schema")),
                ),
            }
        }
        _ => out.push(
            Diagnostic::at(Code::SchemaViolation, path, pointer.clone(), format!("{place}: {error}"))
                .with_help(format!("see the description of `{field}` in the schema (`avv schema` prints it)")),
        ),
    }
}

/// An `invalid-value` finding with the allowed codes and the closest one.
fn invalid_value(path: &Path, pointer: &str, instance: &Value, allowed: &[String]) -> Diagnostic {
    // Name the field, not the array index, for values inside arrays (`covers/0`).
    let field = pointer.rsplit('/').find(|s| !s.is_empty() && s.parse::<usize>().is_err()).unwrap_or("document");
    let given = instance.as_str().map_or_else(|| instance.to_string(), str::to_owned);
    let help = match closest(&given, allowed.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`? allowed: {}", join_ticked(allowed)),
        None => format!("allowed: {}", join_ticked(allowed)),
    };
    Diagnostic::at(Code::InvalidValue, path, pointer, format!("`{given}` is not a valid value for `{field}`"))
        .with_help(help)
}

/// The allowed codes when every alternative of a `oneOf` is a string `const`.
fn vocabulary(context: &[Vec<ValidationError<'static>>]) -> Option<Vec<String>> {
    if context.is_empty() {
        return None;
    }
    context
        .iter()
        .map(|errors| {
            errors.iter().find_map(|e| match e.kind() {
                ValidationErrorKind::Constant { expected_value } => expected_value.as_str().map(str::to_owned),
                _ => None,
            })
        })
        .collect()
}

/// The property names the schema allows at an instance pointer.
fn properties_at(root: &Value, pointer: &str) -> Vec<String> {
    let mut node = root;
    for segment in pointer.split('/').skip(1) {
        node = resolve(root, node);
        let next = if let Some(props) = node.get("properties").and_then(|p| p.get(segment)) {
            Some(props)
        } else if segment.parse::<usize>().is_ok() {
            node.get("items")
        } else {
            node.get("additionalProperties").filter(|v| v.is_object())
        };
        let next = next.or_else(|| {
            node.get("anyOf").and_then(Value::as_array).and_then(|alternatives| {
                alternatives
                    .iter()
                    .map(|a| resolve(root, a))
                    .find_map(|a| a.get("properties").and_then(|p| p.get(segment)).or_else(|| a.get("items")))
            })
        });
        match next {
            Some(next) => node = next,
            None => return Vec::new(),
        }
    }
    let node = resolve(root, node);
    let object = node
        .get("properties")
        .or_else(|| {
            node.get("anyOf").and_then(Value::as_array).and_then(|alternatives| {
                alternatives.iter().map(|a| resolve(root, a)).find_map(|a| a.get("properties"))
            })
        })
        .and_then(Value::as_object);
    object.map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(target) => match root.pointer(target) {
                Some(next) => node = next,
                None => break,
            },
            None => break,
        }
    }
    node
}

fn join_ticked(items: &[String]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

/// "`[meta]`", "`[[clause]]` #4" and so on, for messages.
fn describe_place(pointer: &str) -> String {
    if pointer.is_empty() {
        return "the top level".to_owned();
    }
    let mut names = Vec::new();
    let mut last_index = None;
    for segment in pointer.split('/').skip(1) {
        if let Ok(index) = segment.parse::<usize>() {
            last_index = Some(index);
        } else {
            names.push(segment);
            last_index = None;
        }
    }
    let table = names.join(".");
    match last_index {
        Some(index) => format!("`{table}` entry #{}", index + 1),
        None => format!("`[{table}]`"),
    }
}

fn type_name(json_type: &str) -> String {
    match json_type {
        "string" => "a string".into(),
        "integer" => "an integer".into(),
        "number" => "a number".into(),
        "boolean" => "a boolean (true or false)".into(),
        "array" => "an array".into(),
        "object" => "a table".into(),
        other => other.into(),
    }
}

fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a float",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a table",
    }
}

fn looks_like_date_field(field: &str) -> bool {
    matches!(field, "date" | "since" | "notified" | "contract_date" | "effective")
}

/// "29.02.2024" → "2024-02-29".
fn german_date(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.trim().split('.').collect();
    if parts.len() != 3 {
        return None;
    }
    let day: u32 = parts[0].parse().ok()?;
    let month: u32 = parts[1].parse().ok()?;
    let year: i32 = parts[2].parse().ok()?;
    crate::model::Date::new(year, month, day).map(|d| d.to_string())
}

/// A kebab-case suggestion for an invalid id.
fn slug(s: &str) -> String {
    let joined = crate::model::primitives::id_words(s).split_whitespace().collect::<Vec<_>>().join("-");
    if joined.starts_with(|c: char| c.is_ascii_lowercase()) { joined } else { format!("n-{joined}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(slug("Punkt 6.5"), "punkt-6-5");
        assert_eq!(slug("6.5"), "n-6-5");
        assert_eq!(german_date("29.02.2024").as_deref(), Some("2024-02-29"));
    }

    /// The schema's bounds and lengths, which the validator words in its
    /// own terms, are said in the file's words with what to write.
    #[test]
    fn findings_of_bounds_and_lengths_say_what_to_do() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements/pcvisit/agreement.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        for (from, to, message, help) in [
            (
                "objection_period = \"P14D\"",
                "objection_period = \"\"",
                "`objection_period` is empty",
                "fill in `objection_period` (at least 3 characters)",
            ),
            (
                "schema_version = 1",
                "schema_version = -1",
                "`schema_version` must be at least 0, found -1",
                "write `schema_version = 1`",
            ),
        ] {
            assert!(text.contains(from), "{from}");
            let broken = text.replacen(from, to, 1);
            let (parsed, found) = crate::load::parse::parse::<crate::model::agreement::AgreementFile>(
                FileKind::Agreement,
                &path,
                &broken,
            );
            assert!(parsed.is_none(), "{to} is refused");
            let finding = found
                .iter()
                .find(|d| d.message == message)
                .unwrap_or_else(|| panic!("no finding `{message}` for {to}: {found:#?}"));
            assert!(finding.help.as_deref().is_some_and(|h| h.starts_with(help)), "{finding:#?}");
        }
    }

    #[test]
    fn knows_properties_through_refs() {
        let root = crate::schema::schema(FileKind::Agreement);
        let props = properties_at(&root, "/meta");
        assert!(props.contains(&"title".to_owned()));
        let props = properties_at(&root, "/clause/0/block/2");
        assert!(props.contains(&"embed".to_owned()), "{props:?}");
        let props = properties_at(&root, "/clause/0/clause/1");
        assert!(props.contains(&"covers".to_owned()), "{props:?}");
    }
}
