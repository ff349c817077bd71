//! avv-core: data-processing agreements (GDPR Art. 28) kept as validated
//! TOML in git — the model, loading, validation, history, diff and
//! rendering behind the `avv` command. The library never prints, never
//! exits and reads no environment: it returns values and typed errors.
//!
//! # Data flow
//!
//! 1. [`load`] finds agreement folders, reads every file defensively,
//!    parses it once ([`load::toml`], toml_edit underneath), checks it
//!    against the JSON Schema ([`schema`]) and deserialises it into the
//!    [`model`].
//! 2. [`validate`] runs the domain rules on a loaded folder and returns
//!    [`diagnostic`]s (rule code, severity, file, span, help) that the
//!    renderers turn into rustc-style text, JSON, GitHub annotations or
//!    SARIF.
//! 3. [`history`] reads earlier versions from git; [`diff`] matches two
//!    versions by stable id and classifies every change; [`notice`] writes
//!    the Art. 28(2) notice of sub-processor changes.
//! 4. [`render`] turns a folder (or a customer instance) into Markdown,
//!    HTML, PDF and DOCX, the Synopse of two versions, and the static site.
//!
//! # Modules
//!
//! | module | job |
//! |---|---|
//! | [`config`] | `avv.toml`: the hook's change policy and the site's settings |
//! | [`model`] | the types of agreement.toml, tom.toml, subprocessors.toml and customer instances |
//! | [`schema`] | JSON Schemas generated from the model |
//! | [`load`] | discovery, reading, parsing, schema check, spans |
//! | [`validate`] | domain rules and the parallel validation run |
//! | [`diagnostic`] | the finding type, the rule catalogue, output formats |
//! | [`diff`] | semantic diff, classification, German change texts |
//! | [`format`](mod@format) | `avv fmt`: the canonical TOML layout, comments kept |
//! | [`history`] | git: versions, version table, revision comparison |
//! | [`import`] | `avv import`: a Markdown, DOCX or text agreement read into a new folder, with a summary and a round-trip check |
//! | [`hook`] | the pre-commit hook and `hook range`: what is committed, checked against the policy |
//! | [`notice`] | sub-processor change notices |
//! | [`render`] | documents, Synopse, PDF, DOCX, site |
//! | [`scaffold`] | `avv new`: the smallest agreement that validates, instances to fill in |
//! | [`pointer`](mod@pointer) | RFC 6901 JSON pointers, the one place that spells their escapes |
//! | [`paths`] | paths as written: `.` and `..` applied without the file system |
//! | [`search`] | SIMD byte and phrase search for the hot text loops |
//! | [`archive`] | ZIP containers: the DOCX written with a fixed date, and read defensively |
//! | [`store`] | content-addressed, verified entries on disk: the render and history caches |
//! | [`spelling`] | edit distance for "did you mean" and spelling-level edits |
//! | [`tidy`] | leftovers of interrupted runs, restored or removed |
//! | [`version`] | natural ordering of version labels |
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod archive;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod format;
pub mod history;
pub mod hook;
pub mod import;
pub mod load;
pub mod model;
pub mod notice;
pub mod paths;
pub mod pointer;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod spelling;
pub mod store;
pub mod tidy;
pub mod validate;
pub mod version;

#[cfg(test)]
mod tests {
    /// The module map in the crate docs names every public module.
    #[test]
    fn the_module_map_is_complete() {
        let source = include_str!("lib.rs");
        for line in source.lines() {
            if let Some(name) = line.strip_prefix("pub mod ").and_then(|rest| rest.strip_suffix(';')) {
                assert!(
                    source.contains(&format!("//! | [`{name}`]")) || source.contains(&format!("//! | [`{name}`](")),
                    "the module map in lib.rs lacks `{name}`"
                );
            }
        }
    }
}
