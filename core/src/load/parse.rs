//! Parses one file's text: TOML syntax into a [`Node`], then the typed
//! model and the JSON Schema. Each stage reports located diagnostics;
//! later stages run only when the earlier ones pass.
//!
//! The typed model accepts exactly the values the schema accepts: every
//! struct denies unknown fields, ids, country codes, dates, durations and
//! blocks check in their readers what the schema's patterns, formats and
//! `oneOf` say, and structs read only from tables ([`Strict`]). The
//! `schema_equivalence` test holds the two to that on every bundled file,
//! every fixture and thousands of mutations of them.
//!
//! So a file the model reads is valid, and the `jsonschema` validator, which
//! costs more than reading the model, runs only on a file the model rejects:
//! to say, with the schema's path and wording, what is wrong.

use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::node::Node;
use super::schema_check;
use super::strict::Strict;
use crate::diagnostic::{Anchor, Code, Diagnostic};
use crate::model::primitives::SCHEMA_VERSION;
use crate::schema::FileKind;

/// Parses `text` as a file of `kind`. Returns the typed value and its tree
/// when the file is valid against the schema, and the diagnostics found on
/// the way.
pub fn parse<T: DeserializeOwned>(kind: FileKind, path: &Path, text: &str) -> (Option<(T, Node)>, Vec<Diagnostic>) {
    let node = match to_node(text) {
        Ok(node) => node,
        Err(error) => return (None, vec![syntax_diagnostic(path, text, &error)]),
    };
    let typed = T::deserialize(Strict(&node));
    // What the model reads the schema accepts (see the module documentation).
    let mut diagnostics = match typed {
        Ok(_) => Vec::new(),
        Err(_) => schema_check::check(kind, path, &node.to_json(), text),
    };
    // `2.0` is the integer 2 to the schema and the model alike; a negative
    // version gets only the schema's `minimum` finding.
    if let Some(version) = node.get("schema_version").and_then(Node::as_integer).filter(|v| *v >= 0)
        && version != i64::from(SCHEMA_VERSION)
    {
        diagnostics.push(
            Diagnostic::at(
                Code::SchemaVersion,
                path,
                "/schema_version",
                format!("`schema_version = {version}` is not supported; this avv reads version {SCHEMA_VERSION}"),
            )
            .with_help(format!("set `schema_version = {SCHEMA_VERSION}`, or upgrade avv")),
        );
    }
    if !diagnostics.is_empty() {
        return (None, diagnostics);
    }
    match typed {
        Ok(value) => (Some((value, node)), diagnostics),
        Err(error) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::SchemaViolation,
                    path,
                    Anchor::File,
                    format!("the file matches the schema but not the model: {error}"),
                )
                .with_help("this is a bug in avv's schema; please report it with the file"),
            );
            (None, diagnostics)
        }
    }
}

/// Whether the typed model of `kind` reads `node`. By the equivalence the
/// module documentation describes, the same as [`schema_check::is_valid`]
/// of its JSON; tests and the fuzz target hold the two to it.
pub fn model_reads(kind: FileKind, node: &Node) -> bool {
    use crate::model::{AgreementFile, CustomerFile, SubprocessorsFile, TomFile};
    let node = Strict(node);
    match kind {
        FileKind::Agreement => AgreementFile::deserialize(node).is_ok(),
        FileKind::Tom => TomFile::deserialize(node).is_ok(),
        FileKind::Subprocessors => SubprocessorsFile::deserialize(node).is_ok(),
        FileKind::Customer => CustomerFile::deserialize(node).is_ok(),
        FileKind::Config => crate::config::Config::deserialize(node).is_ok(),
    }
}

/// Parses TOML text into a [`Node`] (through [`super::toml`]).
pub fn to_node(text: &str) -> Result<Node, super::toml::TomlError> {
    super::toml::parse(text).map(|document| document.to_node())
}

pub(crate) fn syntax_diagnostic(path: &Path, text: &str, error: &super::toml::TomlError) -> Diagnostic {
    let message = error.message().trim().to_owned();
    let span = error.span().unwrap_or(0..0);
    let (code, help) = if message.contains("duplicate key") {
        (Code::DuplicateKey, "remove one of the two definitions; TOML allows each key once per table".to_owned())
    } else if message.starts_with("invalid date") {
        // A TOML date that is no calendar day (2023-02-29) fails in the parser.
        let written = text.get(span.clone()).unwrap_or_default().trim();
        (Code::DateInvalid, format!("`{written}` is not a real calendar date; write an existing day as YYYY-MM-DD"))
    } else if message.contains("recursion") || message.contains("nesting") {
        (Code::TomlSyntax, "the file nests tables or arrays too deeply; flatten the structure".to_owned())
    } else {
        (Code::TomlSyntax, syntax_help(text, span.start))
    };
    Diagnostic::new(code, path, Anchor::Span(span), format!("invalid TOML: {message}")).with_help(help)
}

/// A hint for the commonest slips in hand-written TOML.
fn syntax_help(text: &str, offset: usize) -> String {
    let line_start = text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    if line.matches("\"\"\"").count() == 1 || line.matches("'''").count() == 1 {
        "a multi-line string is not closed; end it with the same quotes it starts with".into()
    } else if line.trim_start().starts_with('[') && !line.trim_end().ends_with(']') {
        "a table header must end with `]` (or `]]` for an array of tables)".into()
    } else if line.contains('=') && !line.contains('"') && !line.contains('\'') {
        "strings must be quoted: `key = \"text\"` (use '''…''' for long text)".into()
    } else {
        "fix the syntax at the marked place; see https://toml.io for the format".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgreementFile, SubprocessorsFile, TomFile};

    #[test]
    fn duplicate_keys_are_reported() {
        let (value, diagnostics) = parse::<TomFile>(FileKind::Tom, Path::new("t.toml"), "a = 1\na = 2\n");
        assert!(value.is_none());
        assert_eq!(diagnostics[0].code, Code::DuplicateKey);
    }

    fn minimal(name: &str) -> String {
        let path = format!("{}/tests/fixtures/valid/minimal/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).expect("the minimal fixture")
    }

    #[test]
    fn what_the_model_reads_needs_no_schema_diagnostics() {
        let text = minimal("subprocessors.toml");
        let (value, diagnostics) = parse::<SubprocessorsFile>(FileKind::Subprocessors, Path::new("s.toml"), &text);
        assert!(value.is_some() && diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn what_the_model_rejects_gets_the_schema_diagnostics() {
        // A table written as an array: serde alone would read `history`
        // (all of whose fields have defaults) from it, by position.
        let text = minimal("agreement.toml").replacen("schema_version = 1\n", "schema_version = 1\nhistory = []\n", 1);
        let (value, diagnostics) = parse::<AgreementFile>(FileKind::Agreement, Path::new("a.toml"), &text);
        assert!(value.is_none());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, Code::WrongType);
        assert!(matches!(&diagnostics[0].anchor, Anchor::Pointer { pointer, .. } if pointer == "/history"));
    }

    #[test]
    fn a_version_without_fraction_is_an_integer() {
        let text = minimal("subprocessors.toml");
        for (written, accepted) in [("1.0", true), ("2.0", false), ("1.5", false)] {
            let text = text.replacen("schema_version = 1\n", &format!("schema_version = {written}\n"), 1);
            let (value, diagnostics) = parse::<SubprocessorsFile>(FileKind::Subprocessors, Path::new("s.toml"), &text);
            assert_eq!(value.is_some(), accepted, "{written}: {diagnostics:?}");
            assert!(diagnostics.iter().all(|d| d.code != Code::SchemaViolation), "{written}: {diagnostics:?}");
        }
        let text = text.replacen("schema_version = 1\n", "schema_version = 2.0\n", 1);
        let (_, diagnostics) = parse::<SubprocessorsFile>(FileKind::Subprocessors, Path::new("s.toml"), &text);
        assert_eq!(diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::SchemaVersion]);
        // A negative version breaks the schema's minimum, and only that is said.
        let text = minimal("subprocessors.toml").replacen("schema_version = 1\n", "schema_version = -1\n", 1);
        let (_, diagnostics) = parse::<SubprocessorsFile>(FileKind::Subprocessors, Path::new("s.toml"), &text);
        assert!(
            !diagnostics.is_empty() && diagnostics.iter().all(|d| d.code != Code::SchemaVersion),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn deep_nesting_does_not_panic() {
        let text = format!("x = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let (value, diagnostics) = parse::<TomFile>(FileKind::Tom, Path::new("t.toml"), &text);
        assert!(value.is_none());
        assert!(!diagnostics.is_empty());
        let text = format!("x = {}1{}\n", "{ a = ".repeat(5_000), " }".repeat(5_000));
        let (_, diagnostics) = parse::<TomFile>(FileKind::Tom, Path::new("t.toml"), &text);
        assert!(!diagnostics.is_empty());
    }
}
