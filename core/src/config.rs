//! `avv.toml`: a policy repository's settings, validated like every other
//! file. Today it sets what the pre-commit hook enforces.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::load::file::read_text;
use crate::load::parse::parse;
use crate::schema::FileKind;

/// The contents of `avv.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
#[schemars(title = "avv avv.toml")]
pub struct Config {
    /// Format version of this file; currently 1.
    #[serde(default = "one")]
    pub schema_version: u32,
    /// What the pre-commit hook enforces.
    #[serde(default)]
    pub hook: HookPolicy,
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

/// What the pre-commit hook enforces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HookPolicy {
    /// A content change to an agreement without a new `meta.version` is refused.
    #[serde(default = "yes")]
    pub require_version_bump: bool,
    /// A TOM measure removed without a `[[retired]]` reason, or weakened
    /// without a `[[justification]]`, is refused.
    #[serde(default = "yes")]
    pub require_justification: bool,
    /// Warnings refuse the commit too.
    #[serde(default)]
    pub deny_warnings: bool,
    /// Staged agreement files must be in the canonical layout of `avv fmt`.
    #[serde(default)]
    pub require_canonical_format: bool,
}

impl Default for HookPolicy {
    fn default() -> Self {
        Self {
            require_version_bump: true,
            require_justification: true,
            deny_warnings: false,
            require_canonical_format: false,
        }
    }
}

/// Reads `avv.toml` from the repository root; the defaults when there is none.
pub fn load_config(root: &Path) -> (Config, Vec<Diagnostic>) {
    let path = root.join("avv.toml");
    if std::fs::symlink_metadata(&path).is_err() {
        return (Config::default(), Vec::new());
    }
    let text = match read_text(&path, root) {
        Ok(text) => text,
        Err(diagnostic) => return (Config::default(), vec![*diagnostic]),
    };
    let (value, diagnostics) = parse::<Config>(FileKind::Config, &path, &text);
    (value.map(|(config, _)| config).unwrap_or_default(), diagnostics)
}

/// Reads the text of an `avv.toml` (as committed or staged); `None` when
/// it does not parse.
pub fn parse_config(path: &Path, text: &str) -> Option<Config> {
    let (value, _) = parse::<Config>(FileKind::Config, path, text);
    value.map(|(config, _)| config)
}

/// Reads the text of an `avv.toml` with its findings; the defaults when it
/// does not parse (the findings say why).
pub fn parse_config_findings(path: &Path, text: &str) -> (Config, Vec<Diagnostic>) {
    let (value, diagnostics) = parse::<Config>(FileKind::Config, path, text);
    (value.map(|(config, _)| config).unwrap_or_default(), diagnostics)
}
