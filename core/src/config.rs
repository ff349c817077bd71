//! `avv.toml`: a policy repository's settings, validated like every other
//! file: what the pre-commit hook enforces, and where the site is published.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::locate::{SourceMap, locate};
use crate::diagnostic::{Diagnostic, Located};
use crate::load::file::read_text;
use crate::load::parse::parse;
use crate::render::synopsis::SynopsisLayout;
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
    /// The published site.
    #[serde(default, skip_serializing_if = "SiteConfig::is_default")]
    pub site: SiteConfig,
}

/// The published site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Where the site is published, e.g. `https://avv.example.de/`. The
    /// Atom feeds' links and the pages' canonical links are absolute URLs
    /// under it; without it they are relative, and feed readers resolve
    /// them against the address they fetched the feed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<BaseUrl>,
    /// How the published Synopsen set two versions against each other:
    /// `columns` (the default: old text left, new text right) or `inline`
    /// (one text with deletions and insertions marked).
    #[serde(default, skip_serializing_if = "SynopsisLayout::is_default")]
    pub synopsis: SynopsisLayout,
}

impl SiteConfig {
    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// An absolute `https://` (or `http://`) URL of a folder, without query or
/// fragment; it always ends in `/`, so paths of the site join onto it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseUrl(String);

/// What a base URL looks like, for the JSON Schema; [`BaseUrl::parse`] is
/// the same check.
pub(crate) const BASE_URL_PATTERN: &str = r"^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s?#]*)?$";

impl BaseUrl {
    /// Checks `text`; a missing final `/` is added.
    pub fn parse(text: &str) -> Result<Self, String> {
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| format!("`{text}` is not an absolute http(s) URL; write e.g. `https://avv.example.de/`"))?;
        let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
        let (host, port) = authority.split_once(':').map_or((authority, None), |(h, p)| (h, Some(p)));
        let host_ok = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        let port_ok = port.is_none_or(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        if !host_ok || !port_ok {
            return Err(format!("`{text}` has no valid host name; write e.g. `https://avv.example.de/`"));
        }
        if path.chars().any(|c| c.is_whitespace() || c == '?' || c == '#') {
            return Err(format!("`{text}` may not contain spaces, a query (`?`) or a fragment (`#`)"));
        }
        let mut url = text.to_owned();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(Self(url))
    }

    /// The URL of `path` (relative, `/`-separated) under this one.
    pub fn join(&self, path: &str) -> String {
        format!("{}{}", self.0, path.trim_start_matches('/'))
    }

    /// The URL itself, ending in `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for BaseUrl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for BaseUrl {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "BaseUrl".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An absolute http(s) URL of the folder the site is published in, e.g. `https://avv.example.de/`.",
            "type": "string",
            "pattern": BASE_URL_PATTERN,
        })
    }
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
    /// The text of a locked clause (`locked = true`) may not change; the
    /// lock must be lifted in a commit of its own first.
    #[serde(default = "yes")]
    pub protect_locked_text: bool,
    /// What the contract of a customer instance recorded as signed prints
    /// (its version, values, choices, particulars) may not change without
    /// a later signature.
    #[serde(default = "yes")]
    pub protect_signed_contracts: bool,
}

impl Default for HookPolicy {
    fn default() -> Self {
        Self {
            require_version_bump: true,
            require_justification: true,
            deny_warnings: false,
            require_canonical_format: false,
            protect_locked_text: true,
            protect_signed_contracts: true,
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

/// Reads `avv.toml` from the repository root, with its findings located
/// in its text, for a command that reports them beside the agreements'.
pub fn load_config_located(root: &Path) -> (Config, Vec<Located>, SourceMap) {
    let path = root.join("avv.toml");
    let (config, diagnostics) = load_config(root);
    let mut sources = SourceMap::new();
    if !diagnostics.is_empty()
        && let Ok(text) = read_text(&path, root)
    {
        sources.insert(&path, text);
    }
    let located = locate(diagnostics, &sources);
    (config, located, sources)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_absolute_folders() {
        assert_eq!(BaseUrl::parse("https://avv.example.de").unwrap().as_str(), "https://avv.example.de/");
        assert_eq!(
            BaseUrl::parse("http://localhost:8080/avv/").unwrap().join("pcvisit/index.html"),
            "http://localhost:8080/avv/pcvisit/index.html"
        );
        for bad in [
            "avv.example.de",
            "ftp://x.de/",
            "https:///",
            "https://a b.de/",
            "https://x.de/?q=1",
            "https://x.de/#top",
            "https://x.de:/",
            "javascript:alert(1)",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_schema_pattern_is_the_same_check() {
        let pattern = regex_lite_match;
        for (text, ok) in [
            ("https://avv.example.de/", true),
            ("http://localhost:8080/avv", true),
            ("avv.example.de", false),
            ("https://x.de/?q", false),
        ] {
            assert_eq!(pattern(text), ok, "{text}");
            assert_eq!(BaseUrl::parse(text).is_ok(), ok, "{text}");
        }
    }

    /// The schema's pattern, applied by the JSON Schema validator avv uses.
    fn regex_lite_match(text: &str) -> bool {
        let schema = serde_json::json!({ "type": "string", "pattern": BASE_URL_PATTERN });
        jsonschema::is_valid(&schema, &serde_json::json!(text))
    }
}
