//! SARIF output (`avv validate --format sarif`): well formed where the
//! schema and the standard are strict (levels, rule indices, regions), every
//! rule described, and a snapshot of one small report.
//!
//! Validation against the SARIF 2.1.0 schema and the standard's rules is
//! done by Microsoft's SARIF Multitool in `scripts/check-sarif.sh` (a step
//! of `.ci/run`), on the binary's output for the same fixtures.

mod support;

use std::path::Path;

use avv_core::diagnostic::sarif::{SarifOptions, sarif, sarif_value};
use avv_core::diagnostic::{Code, RULES, Severity};
use avv_core::validate::validate_folders;
use serde_json::Value;
use support::fixtures;

/// An error, a warning, a note, and a finding with a label in another file.
const MIXED: &[&str] = &[
    "invalid/unknown-key/titel-instead-of-title",
    "invalid/footnote-unused/footnote-never-cited",
    "invalid/particulars-delegated/data-categories-in-service-description",
    "invalid/duplicate-id/clause-and-measure-share-id",
];

fn options(root: &Path) -> SarifOptions<'_> {
    SarifOptions {
        version: env!("CARGO_PKG_VERSION"),
        information_uri: Some(env!("CARGO_PKG_REPOSITORY")),
        current_dir: root,
        root,
    }
}

fn report(folders: &[&str]) -> avv_core::validate::Report {
    let root = fixtures();
    let dirs: Vec<_> = folders.iter().map(|folder| root.join(folder)).collect();
    validate_folders(&dirs, &root)
}

/// What the SARIF schema and standard require and a reader relies on, found
/// missing in `log`: known levels, `ruleIndex` naming the rule of `ruleId`,
/// 1-based regions that do not end before they start, non-empty messages.
fn structure_problems(log: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, problem: String| {
        if !ok {
            problems.push(problem);
        }
    };
    check(log["version"] == "2.1.0", format!("version {}", log["version"]));
    check(
        log["$schema"].as_str().is_some_and(|uri| uri.starts_with("https://")),
        format!("$schema {}", log["$schema"]),
    );
    let runs = log["runs"].as_array().map_or(&[][..], Vec::as_slice);
    check(runs.len() == 1, format!("{} runs", runs.len()));
    let Some(run) = runs.first() else { return problems };
    let rules = run["tool"]["driver"]["rules"].as_array().map_or(&[][..], Vec::as_slice);
    for (i, rule) in rules.iter().enumerate() {
        let level = &rule["defaultConfiguration"]["level"];
        check(is_level(level), format!("rules[{i}].defaultConfiguration.level {level}"));
        check(text(&rule["shortDescription"]), format!("rules[{i}] has no shortDescription"));
    }
    let Some(results) = run["results"].as_array() else {
        check(false, "no results array".into());
        return problems;
    };
    for (i, result) in results.iter().enumerate() {
        let at = format!("results[{i}]");
        check(is_level(&result["level"]), format!("{at}.level {}", result["level"]));
        check(text(&result["message"]), format!("{at} has no message text"));
        let rule = result["ruleIndex"].as_u64().and_then(|index| rules.get(usize::try_from(index).ok()?));
        check(
            rule.is_some_and(|rule| rule["id"] == result["ruleId"]),
            format!("{at}.ruleIndex {} does not name rule {}", result["ruleIndex"], result["ruleId"]),
        );
        let locations = result["locations"].as_array().map_or(&[][..], Vec::as_slice);
        check(locations.len() == 1, format!("{at} has {} locations", locations.len()));
        let related = result["relatedLocations"].as_array().map_or(&[][..], Vec::as_slice);
        for (j, location) in locations.iter().chain(related).enumerate() {
            let at = format!("{at} location {j}");
            let physical = &location["physicalLocation"];
            check(
                physical["artifactLocation"]["uri"].as_str().is_some_and(|uri| !uri.is_empty()),
                format!("{at} has no uri"),
            );
            let region = &physical["region"];
            let number = |key: &str| region[key].as_u64().unwrap_or(0);
            for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                check(number(key) >= 1, format!("{at}: {key} {} is not at least 1", region[key]));
            }
            check(
                (number("startLine"), number("startColumn")) <= (number("endLine"), number("endColumn")),
                format!("{at}: the region ends before it starts"),
            );
        }
        for (j, location) in related.iter().enumerate() {
            check(location["id"] == j, format!("{at}.relatedLocations[{j}].id {}", location["id"]));
            check(text(&location["message"]), format!("{at}.relatedLocations[{j}] has no message"));
        }
    }
    problems
}

/// A SARIF level (3.27.10).
fn is_level(level: &Value) -> bool {
    matches!(level.as_str(), Some("none" | "note" | "warning" | "error"))
}

/// A message object with non-empty text.
fn text(message: &Value) -> bool {
    message["text"].as_str().is_some_and(|text| !text.trim().is_empty())
}

#[test]
fn output_is_well_formed() {
    let root = fixtures();
    let report = report(MIXED);
    let severities: Vec<Severity> = report.diagnostics.iter().map(|d| d.severity).collect();
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        assert!(severities.contains(&severity), "the fixtures lack a finding of {severity:?}: {severities:?}");
    }
    assert!(report.diagnostics.iter().any(|d| !d.labels.is_empty()), "the fixtures lack a label");

    let text = sarif(&report.diagnostics, options(&root));
    let value: Value = serde_json::from_str(&text).expect("the SARIF output is JSON");
    let problems = structure_problems(&value);
    assert!(problems.is_empty(), "SARIF output is malformed:\n{}\n{text}", problems.join("\n"));

    // The check does catch mistakes.
    let mut broken = value.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    broken["runs"][0]["results"][1]["ruleIndex"] = 0.into();
    broken["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    let problems = structure_problems(&broken).join("\n");
    for expected in ["results[0].level \"fatal\"", "results[1].ruleIndex 0", "results[2] location 0: startLine 0"] {
        assert!(problems.contains(expected), "`{expected}` not found in:\n{problems}");
    }
}

#[test]
fn results_match_the_findings() {
    let root = fixtures();
    let report = report(MIXED);
    let value = sarif_value(&report.diagnostics, options(&root));
    let run = &value["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), report.diagnostics.len());
    for (result, finding) in results.iter().zip(&report.diagnostics) {
        assert_eq!(result["ruleId"], finding.code.as_str());
        let level = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(result["level"], level);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(uri.starts_with("invalid/") && !uri.contains('\\'), "{uri}");
        assert_eq!(location["region"]["startLine"], finding.start.line);
        assert_eq!(location["region"]["startColumn"], finding.start.column);
        assert_eq!(location["region"]["endLine"], finding.end.line);
        assert_eq!(location["region"]["endColumn"], finding.end.column);
        let related = result["relatedLocations"].as_array().map_or(0, Vec::len);
        assert_eq!(related, finding.labels.len());
    }
    let duplicate = results.iter().find(|r| r["ruleId"] == Code::DuplicateId.as_str()).expect("duplicate-id");
    assert_eq!(duplicate["relatedLocations"][0]["message"]["text"], "first used here");
}

#[test]
fn every_rule_is_described() {
    let root = fixtures();
    let value = sarif_value(&[], options(&root));
    let driver = &value["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "avv");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), RULES.len());
    for (descriptor, rule) in rules.iter().zip(RULES) {
        assert_eq!(descriptor["id"], rule.code.as_str());
        assert_eq!(descriptor["shortDescription"]["text"], rule.summary);
        assert_eq!(descriptor["fullDescription"]["text"], rule.rationale);
        assert_eq!(descriptor["help"]["text"], rule.rationale);
        let level = match rule.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(descriptor["defaultConfiguration"]["level"], level, "{}", rule.code);
    }
    assert_eq!(structure_problems(&value), Vec::<String>::new(), "an empty report is malformed");
}

#[test]
fn sarif_snapshot() {
    let root = fixtures();
    let report = report(&["invalid/duplicate-id/clause-and-measure-share-id"]);
    let options = SarifOptions { version: "0.0.0", information_uri: Some("https://example.org/avv"), ..options(&root) };
    let mut value = sarif_value(&report.diagnostics, options);
    // The rule catalogue is checked above; the snapshot keeps to the results.
    value["runs"][0]["tool"]["driver"]["rules"] = format!("[{} rules]", RULES.len()).into();
    let text = serde_json::to_string_pretty(&value).expect("JSON");
    insta::assert_snapshot!("format/sarif", text);
}
