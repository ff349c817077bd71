//! SARIF 2.1.0, the format code-scanning dashboards read (GitHub code
//! scanning uploads it): one run of the tool `avv` with the rule catalogue
//! and a result per finding.
//!
//! Paths are relative to the repository root (`%SRCROOT%`), columns count
//! Unicode code points, as [`Position`] does.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Code, Located, Position, RULES, Rule, Severity};

/// The schema every SARIF document names: the OASIS standard with its
/// approved errata.
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base the relative artifact paths are resolved against: the root of
/// the checked-out repository (GitHub and most viewers know the name).
pub const SOURCE_ROOT: &str = "%SRCROOT%";

/// What the SARIF document says about the tool, and where the findings'
/// files lie.
#[derive(Debug, Clone, Copy)]
pub struct SarifOptions<'a> {
    /// The tool's version.
    pub version: &'a str,
    /// Where to read about the tool (its repository), if known.
    pub information_uri: Option<&'a str>,
    /// The folder relative file names are relative to (the current folder).
    pub current_dir: &'a Path,
    /// The repository root: files under it are named relative to it, as
    /// `%SRCROOT%`; others by an absolute `file:` URI.
    pub root: &'a Path,
}

/// Renders findings as one SARIF 2.1.0 document, pretty-printed.
pub fn sarif(diagnostics: &[Located], options: SarifOptions<'_>) -> String {
    // Serialising plain data to a string cannot fail.
    serde_json::to_string_pretty(&log(diagnostics, options)).unwrap_or_default() + "\n"
}

/// The SARIF document as a JSON value.
pub fn sarif_value(diagnostics: &[Located], options: SarifOptions<'_>) -> serde_json::Value {
    serde_json::to_value(log(diagnostics, options)).unwrap_or_default()
}

fn log<'a>(diagnostics: &[Located], options: SarifOptions<'a>) -> Log<'a> {
    let root = crate::paths::normalise(options.root);
    let uri = |file: &str| uri(&crate::paths::normalise(&options.current_dir.join(file)), &root);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let results = diagnostics
        .iter()
        .map(|d| {
            // The file as the URI names it: the same from any current folder.
            let fingerprint = fingerprint(d.code, &uri(&d.file).0, &d.message);
            // Two equal findings in one file (same rule, same message) stay
            // apart by their order, as GitHub's own line hashes do.
            let count = seen.entry(fingerprint.clone()).or_default();
            *count += 1;
            result(d, format!("{fingerprint}:{count}"), &uri)
        })
        .collect();
    Log {
        schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "avv",
                    version: options.version,
                    information_uri: options.information_uri.filter(|uri| !uri.is_empty()),
                    rules: RULES.iter().map(descriptor).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

fn descriptor(rule: &Rule) -> Descriptor {
    Descriptor {
        id: rule.code,
        short_description: Text { text: rule.summary },
        full_description: Text { text: rule.rationale },
        help: Text { text: rule.rationale },
        default_configuration: Configuration { level: level(rule.severity) },
    }
}

type Uri<'u> = dyn Fn(&str) -> (String, Option<&'static str>) + 'u;

fn result(d: &Located, fingerprint: String, uri: &Uri<'_>) -> SarifResult {
    let text = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    SarifResult {
        rule_id: d.code,
        rule_index: d.code.index(),
        level: level(d.severity),
        message: Message { text },
        locations: vec![Location {
            id: None,
            physical_location: physical(uri(&d.file), d.start, d.end),
            message: None,
        }],
        related_locations: d
            .labels
            .iter()
            .enumerate()
            .map(|(i, label)| Location {
                id: Some(i),
                physical_location: physical(uri(&label.file), label.start, label.end),
                message: Some(Message { text: label.message.clone() }),
            })
            .collect(),
        partial_fingerprints: Fingerprints { avv: fingerprint },
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn physical((uri, uri_base_id): (String, Option<&'static str>), start: Position, end: Position) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri, uri_base_id },
        region: Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
        },
    }
}

/// A file's URI: relative to the source root when the file lies under
/// `root`, else an absolute `file:` URI.
fn uri(path: &Path, root: &Path) -> (String, Option<&'static str>) {
    match path.strip_prefix(root) {
        Ok(relative) => (percent_encode(&forward_slashes(relative)), Some(SOURCE_ROOT)),
        Err(_) => {
            let absolute = forward_slashes(path);
            let slash = if absolute.starts_with('/') { "" } else { "/" };
            (format!("file://{slash}{}", percent_encode(&absolute)), None)
        }
    }
}

/// A path's components joined by `/` on every platform.
fn forward_slashes(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Escapes what may not stand in a URI path (spaces, umlauts, `%`, `#`, `?`)
/// as `%XX` of its UTF-8 bytes; `Müller.toml` becomes `M%C3%BCller.toml`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A stable hash of what identifies a finding across runs: its rule, file
/// and message, not its line (an edit above it must not make it new).
fn fingerprint(code: Code, file: &str, message: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [code.as_str(), file, message] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..16].iter().map(|byte| format!("{byte:02x}")).collect()
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'a str>,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: Code,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: Code,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "avvFinding/v1")]
    avv: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::LocatedLabel;

    fn finding(code: Code, severity: Severity, line: usize) -> Located {
        Located {
            code,
            severity,
            message: "a message".into(),
            file: "agreements/x/agreement.toml".into(),
            start: Position { line, column: 3 },
            end: Position { line, column: 7 },
            span: 0..0,
            labels: vec![],
            help: None,
        }
    }

    fn tool() -> SarifOptions<'static> {
        SarifOptions {
            version: "1.2.3",
            information_uri: Some("https://example.org/avv"),
            current_dir: Path::new("/repo"),
            root: Path::new("/repo"),
        }
    }

    #[test]
    fn results_point_at_their_rule_with_the_mapped_level() {
        let findings = [
            finding(Code::UnknownKey, Severity::Error, 1),
            finding(Code::FootnoteUnused, Severity::Warning, 2),
            finding(Code::CitationStyle, Severity::Info, 3),
        ];
        let value = sarif_value(&findings, tool());
        let run = &value["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), RULES.len());
        let levels: Vec<&str> =
            run["results"].as_array().unwrap().iter().map(|r| r["level"].as_str().unwrap()).collect();
        assert_eq!(levels, ["error", "warning", "note"]);
        for result in run["results"].as_array().unwrap() {
            let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
            assert_eq!(rule["id"], result["ruleId"]);
        }
        assert_eq!(run["tool"]["driver"]["version"], "1.2.3");
        assert_eq!(run["tool"]["driver"]["informationUri"], "https://example.org/avv");
        let info = sarif_value(&[], SarifOptions { information_uri: None, ..tool() });
        assert!(info["runs"][0]["tool"]["driver"].get("informationUri").is_none());
    }

    #[test]
    fn message_carries_the_help_and_labels_become_related_locations() {
        let mut located = finding(Code::DuplicateId, Severity::Error, 4);
        located.help = Some("rename one".into());
        located.labels.push(LocatedLabel {
            file: "agreements/x/tom.toml".into(),
            start: Position { line: 9, column: 1 },
            end: Position { line: 9, column: 5 },
            span: 0..0,
            message: "first used here".into(),
        });
        let value = sarif_value(&[located], tool());
        let result = &value["runs"][0]["results"][0];
        assert_eq!(result["message"]["text"], "a message\nhelp: rename one");
        let related = &result["relatedLocations"][0];
        assert_eq!(related["id"], 0);
        assert_eq!(related["message"]["text"], "first used here");
        assert_eq!(related["physicalLocation"]["artifactLocation"]["uri"], "agreements/x/tom.toml");
        assert_eq!(related["physicalLocation"]["region"]["startLine"], 9);
    }

    // Absolute paths such as `/repo` are Unix paths.
    #[cfg(unix)]
    #[test]
    fn uris_are_relative_to_the_source_root_and_escaped() {
        let uri_from = |current_dir: &str, file: &str| {
            let options = SarifOptions { current_dir: Path::new(current_dir), root: Path::new("/repo/./"), ..tool() };
            let mut located = finding(Code::UnknownKey, Severity::Error, 1);
            located.file = file.into();
            let value = sarif_value(&[located], options);
            let artifact = &value["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
            (artifact["uri"].as_str().unwrap().to_owned(), artifact["uriBaseId"].as_str().map(str::to_owned))
        };
        let relative = |uri: &str| (uri.to_owned(), Some(SOURCE_ROOT.to_owned()));
        assert_eq!(uri_from("/repo", "agreements/a/agreement.toml"), relative("agreements/a/agreement.toml"));
        assert_eq!(uri_from("/repo", "./agreements/a/tom.toml"), relative("agreements/a/tom.toml"));
        assert_eq!(uri_from("/repo/agreements/b", "../a/tom.toml"), relative("agreements/a/tom.toml"));
        assert_eq!(uri_from("/elsewhere", "/repo/agreements/a/tom.toml"), relative("agreements/a/tom.toml"));
        assert_eq!(
            uri_from("/repo", "agreements/a/customers/Müller & Söhne.toml"),
            relative("agreements/a/customers/M%C3%BCller%20%26%20S%C3%B6hne.toml")
        );
        assert_eq!(uri_from("/repo", "/tmp/x/agreement.toml"), ("file:///tmp/x/agreement.toml".to_owned(), None));
        assert_eq!(uri_from("/repo/agreements", "../../x.toml"), ("file:///x.toml".to_owned(), None));
    }

    #[test]
    fn fingerprints_ignore_the_line_and_keep_equal_findings_apart() {
        let findings = [finding(Code::UnknownKey, Severity::Error, 1), finding(Code::UnknownKey, Severity::Error, 7)];
        let moved = [finding(Code::UnknownKey, Severity::Error, 2)];
        let print = |findings: &[Located], i: usize| {
            sarif_value(findings, tool())["runs"][0]["results"][i]["partialFingerprints"]["avvFinding/v1"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(print(&findings, 0), print(&moved, 0));
        assert!(print(&findings, 0).ends_with(":1") && print(&findings, 1).ends_with(":2"));
        assert_eq!(print(&findings, 0).split(':').next(), print(&findings, 1).split(':').next());
        // The same finding seen from a subfolder (its file named relative to it).
        let mut nearer = finding(Code::UnknownKey, Severity::Error, 1);
        nearer.file = "x/agreement.toml".into();
        let from_agreements =
            sarif_value(&[nearer], SarifOptions { current_dir: Path::new("/repo/agreements"), ..tool() });
        assert_eq!(
            from_agreements["runs"][0]["results"][0]["partialFingerprints"]["avvFinding/v1"].as_str(),
            Some(print(&findings, 0).as_str())
        );
    }
}
