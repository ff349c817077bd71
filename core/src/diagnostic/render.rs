//! Output formats for findings: rustc-style text for people, JSON for
//! tools, and GitHub workflow annotations for CI.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;

use crate::render::inline::printable;
use codespan_reporting::term::{self, Config, termcolor};
use rayon::prelude::*;
use serde::Serialize;

use super::locate::SourceMap;
use super::{Located, Severity, Summary};

/// Version of the JSON output format. Bumped only for incompatible changes.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// Renders findings rustc-style, with the offending source underlined.
pub fn human(diagnostics: &[Located], sources: &SourceMap, color: bool) -> String {
    // The texts are borrowed, not copied: a run over thousands of folders
    // with findings keeps hundreds of megabytes of them.
    // A control character in a file (an ESC that would start a terminal
    // sequence) is shown as `?`: one byte for one, so spans stay right.
    let cleaned: std::collections::HashMap<&str, String> = diagnostics
        .iter()
        .flat_map(Located::places)
        .filter_map(|(name, _)| {
            let text = sources.get(std::path::Path::new(name))?;
            text.chars().any(crate::render::inline::is_control).then(|| {
                let clean: String =
                    text.chars().map(|c| if crate::render::inline::is_control(c) { '?' } else { c }).collect();
                (name, clean)
            })
        })
        .collect();
    let mut files: SimpleFiles<String, &str> = SimpleFiles::new();
    let mut ids = std::collections::HashMap::new();
    let mut file_id = |name: &str| -> usize {
        *ids.entry(name.to_owned()).or_insert_with(|| {
            let text = match cleaned.get(name) {
                Some(clean) => clean.as_str(),
                None => sources.get(std::path::Path::new(name)).map_or("", |t| t.as_str()),
            };
            files.add(printable(name).into_owned(), text)
        })
    };
    let mut prepared = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let id = file_id(&d.file);
        let mut labels = vec![CsLabel::primary(id, d.span.clone())];
        for label in &d.labels {
            labels.push(
                CsLabel::secondary(file_id(&label.file), label.span.clone()).with_message(printable(&label.message)),
            );
        }
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
            Severity::Info => CsSeverity::Note,
        };
        let mut diagnostic =
            CsDiagnostic::new(severity).with_code(d.code).with_message(printable(&d.message)).with_labels(labels);
        if let Some(help) = &d.help {
            diagnostic = diagnostic.with_notes(vec![format!("help: {}", printable(help))]);
        }
        prepared.push(diagnostic);
    }
    let config = Config::default();
    // Thousands of findings render in chunks on all cores, joined in order.
    let chunks: Vec<Vec<u8>> = prepared
        .par_chunks(64)
        .map(|chunk| {
            let mut buffer = if color { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
            for diagnostic in chunk {
                // Rendering into memory cannot fail for files we added ourselves.
                let _ = term::emit_to_write_style(&mut buffer, &config, &files, diagnostic);
            }
            buffer.into_inner()
        })
        .collect();
    String::from_utf8_lossy(&chunks.concat()).into_owned()
}

/// A one-line summary: "2 errors, 1 warning in 5 files".
pub fn summary_line(summary: Summary, files: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![plural(summary.errors, "error"), plural(summary.warnings, "warning")];
    if summary.infos > 0 {
        parts.push(plural(summary.infos, "note"));
    }
    format!("{} in {}", parts.join(", "), plural(files, "file"))
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    diagnostics: &'a [Located],
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    infos: usize,
    files: usize,
}

/// Renders findings as one JSON document (see the README for the format).
pub fn json(diagnostics: &[Located], files: usize) -> String {
    let summary = Summary::of(diagnostics);
    let report = JsonReport {
        version: JSON_FORMAT_VERSION,
        diagnostics,
        summary: JsonSummary { errors: summary.errors, warnings: summary.warnings, infos: summary.infos, files },
    };
    // Serialising plain data to a string cannot fail.
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// Renders findings as GitHub Actions workflow commands, one per line.
pub fn github(diagnostics: &[Located]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&d.file),
            d.start.line,
            d.start.column,
            d.end.line,
            d.end.column,
            escape_property(&format!("avv {}", d.code)),
            escape_data(&message),
        ));
    }
    out
}

fn escape_data(s: &str) -> String {
    printable(&s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")).into_owned()
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;

    fn sample() -> Located {
        Located {
            code: "unknown-key",
            severity: Severity::Error,
            message: "unknown key `titel`".into(),
            file: "agreements/x/agreement.toml".into(),
            start: Position { line: 2, column: 1 },
            end: Position { line: 2, column: 6 },
            span: 19..24,
            labels: vec![],
            help: Some("did you mean `title`?".into()),
        }
    }

    #[test]
    fn github_escapes() {
        let out = github(&[sample()]);
        assert_eq!(
            out,
            "::error file=agreements/x/agreement.toml,line=2,col=1,endLine=2,endColumn=6,title=avv unknown-key::unknown key `titel`%0Ahelp: did you mean `title`?\n"
        );
    }

    #[test]
    fn human_underlines() {
        let mut sources = SourceMap::new();
        sources.insert(
            std::path::Path::new("agreements/x/agreement.toml"),
            std::sync::Arc::new("schema_version = 1\ntitel = 1\n".to_owned()),
        );
        let out = human(&[sample()], &sources, false);
        assert!(out.contains("error[unknown-key]: unknown key `titel`"), "{out}");
        assert!(out.contains("agreements/x/agreement.toml:2:1"), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
        assert!(out.contains("help: did you mean `title`?"), "{out}");
    }

    #[test]
    fn many_findings_render_in_order() {
        let text: String = (1..=300).map(|i| format!("key{i} = {i}\n")).collect();
        let mut sources = SourceMap::new();
        sources.insert(std::path::Path::new("agreements/x/agreement.toml"), std::sync::Arc::new(text.clone()));
        let findings: Vec<Located> = (1..=300)
            .map(|i| {
                let start = text.find(&format!("key{i} ")).unwrap_or_default();
                Located {
                    message: format!("finding {i}"),
                    start: Position { line: i, column: 1 },
                    end: Position { line: i, column: 4 },
                    span: start..start + 3,
                    ..sample()
                }
            })
            .collect();
        let one_by_one: String = findings.iter().map(|f| human(std::slice::from_ref(f), &sources, true)).collect();
        assert_eq!(human(&findings, &sources, true), one_by_one);
        assert!(
            one_by_one.find("finding 299").unwrap_or_default() < one_by_one.find("finding 300").unwrap_or_default()
        );
    }

    #[test]
    fn summary_pluralises() {
        let s = Summary { errors: 1, warnings: 2, infos: 0 };
        assert_eq!(summary_line(s, 1), "1 error, 2 warnings in 1 file");
    }
}
