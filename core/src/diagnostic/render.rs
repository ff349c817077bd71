//! Output formats for findings: rustc-style text for people, JSON for
//! tools, and GitHub workflow annotations for CI.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};

use crate::render::inline::printable;
use codespan_reporting::term::{self, Config, termcolor};
use rayon::prelude::*;
use serde::Serialize;

use super::locate::SourceMap;
use super::{Located, Position, Severity, Summary};

/// Version of the JSON output format. Bumped only for incompatible changes.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// Renders findings rustc-style, with the offending source underlined.
pub fn human(diagnostics: &[Located], sources: &SourceMap, color: bool) -> String {
    // The texts are borrowed, not copied: a run over thousands of folders
    // with findings keeps hundreds of megabytes of them.
    // A control character in a file (an ESC that would start a terminal
    // sequence) is shown as `?`: one byte for one, so spans stay right. A
    // hidden character (a direction override that would reorder the line)
    // is shown as `�`, three bytes for its three.
    let hidden = |c: char| crate::validate::hidden::hidden(c).is_some();
    let cleaned: std::collections::HashMap<&str, String> = diagnostics
        .iter()
        .flat_map(Located::places)
        .filter_map(|(name, _)| {
            let text = sources.get(std::path::Path::new(name))?;
            text.chars().any(|c| crate::render::inline::is_control(c) || hidden(c)).then(|| {
                let clean: String = text
                    .chars()
                    .map(|c| match c {
                        c if crate::render::inline::is_control(c) => '?',
                        c if hidden(c) => '\u{FFFD}',
                        c => c,
                    })
                    .collect();
                (name, clean)
            })
        })
        .collect();
    let mut files = Shown::default();
    let mut ids = std::collections::HashMap::new();
    let mut file_id = |name: &str, span: &std::ops::Range<usize>, at: Position| -> (usize, std::ops::Range<usize>) {
        let source = sources.get(std::path::Path::new(name));
        // A file with no text to show (a binary file) still gets its place:
        // blank lines up to it, the caret at its column.
        if source.is_none() && (at.line, at.column) != (1, 1) {
            let blank = format!("{}{} ", "\n".repeat(at.line - 1), " ".repeat(at.column - 1));
            let offset = at.line - 1 + at.column - 1;
            let id = files.add(printable(name).into_owned(), std::borrow::Cow::Owned(blank), None);
            return (id, offset..offset);
        }
        let id = *ids.entry(name.to_owned()).or_insert_with(|| {
            let text = match cleaned.get(name) {
                Some(clean) => clean.as_str(),
                None => source.map_or("", |t| t.as_str()),
            };
            files.add(printable(name).into_owned(), std::borrow::Cow::Borrowed(text), None)
        });
        // A long line (a clause of a thousand characters) is shown around
        // the span only, as rustc does.
        files.shortened(id, span.clone()).unwrap_or((id, span.clone()))
    };
    let mut prepared = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        // A finding about a path with no text to show (a folder, a file
        // the commit deletes) gets its place, not an empty source line
        // with a caret under nothing.
        let textless = d.labels.is_empty()
            && d.span.is_empty()
            && (d.start.line, d.start.column) == (1, 1)
            && sources.get(std::path::Path::new(&d.file)).is_none();
        let mut labels = Vec::new();
        if !textless {
            let (id, span) = file_id(&d.file, &d.span, d.start);
            labels.push(CsLabel::primary(id, span));
        }
        for label in &d.labels {
            let (id, span) = file_id(&label.file, &label.span, label.start);
            labels.push(CsLabel::secondary(id, span).with_message(printable(&label.message)));
        }
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
            Severity::Info => CsSeverity::Note,
        };
        let mut diagnostic = CsDiagnostic::new(severity)
            .with_code(d.code.as_str())
            .with_message(printable(&d.message))
            .with_labels(labels);
        if let Some(help) = &d.help {
            diagnostic = diagnostic.with_notes(vec![format!("help: {}", printable(help))]);
        }
        prepared.push((diagnostic, textless.then(|| printable(&d.file).into_owned())));
    }
    let config = Config::default();
    // Thousands of findings render in chunks on all cores, joined in order.
    let chunks: Vec<Vec<u8>> = prepared
        .par_chunks(64)
        .map(|chunk| {
            let mut out = Vec::new();
            for (diagnostic, place) in chunk {
                let mut buffer = if color { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
                // Rendering into memory cannot fail for files we added ourselves.
                let _ = term::emit_to_write_style(&mut buffer, &config, &files, diagnostic);
                let written = buffer.into_inner();
                match place {
                    Some(place) => out.extend(placed(&written, place)),
                    None => out.extend(written),
                }
            }
            out
        })
        .collect();
    String::from_utf8_lossy(&chunks.concat()).into_owned()
}

/// A finding rendered without a label, laid out as one with a label is:
/// its place under the heading line, then the notes indented by the same
/// gutter (codespan sets them one column further left without a source).
fn placed(written: &[u8], place: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(written);
    let mut lines = text.split_inclusive('\n');
    let mut out = String::with_capacity(text.len() + place.len() + 16);
    out.push_str(lines.next().unwrap_or_default());
    out.push_str(&format!("  ┌─ {place}\n  │\n"));
    for line in lines {
        if line.starts_with(' ') {
            out.push(' ');
        }
        out.push_str(line);
    }
    out.into_bytes()
}

/// A source line longer than this, in characters, is shown around its span.
const LONG_LINE: usize = 160;

/// Characters shown on each side of a span in a long line.
const CONTEXT: usize = 60;

/// The files findings are shown in: each as read, and for a span in a long
/// line a copy with that line cut down to the span and some context, `…`
/// marking what is left out. Line and column numbers stay those of the file.
#[derive(Default)]
struct Shown<'a> {
    files: Vec<ShownFile<'a>>,
}

struct ShownFile<'a> {
    name: String,
    text: std::borrow::Cow<'a, str>,
    starts: Vec<usize>,
    /// For a cut line: its line index in the file (the copy holds that
    /// line alone), and how many characters before its `…` were left out.
    cut: Option<(usize, usize)>,
}

impl<'a> Shown<'a> {
    fn add(&mut self, name: String, text: std::borrow::Cow<'a, str>, cut: Option<(usize, usize)>) -> usize {
        let starts = codespan_reporting::files::line_starts(&text).collect();
        self.files.push(ShownFile { name, text, starts, cut });
        self.files.len() - 1
    }

    /// The line of the file a line of a shown copy is.
    fn file_line(&self, id: usize, line_index: usize) -> usize {
        self.files.get(id).and_then(|f| f.cut).map_or(line_index, |(line, _)| line + line_index)
    }

    /// For a span on a long line of file `id`: a copy of the file with the
    /// line cut around the span, and the span in it.
    fn shortened(&mut self, id: usize, span: std::ops::Range<usize>) -> Option<(usize, std::ops::Range<usize>)> {
        let file = &self.files[id];
        let text: &str = &file.text;
        let line = file.starts.partition_point(|&start| start <= span.start).checked_sub(1)?;
        let line_start = file.starts[line];
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        let line_text = &text[line_start..line_end];
        if line_text.chars().count() <= LONG_LINE || span.start > line_end {
            return None;
        }
        // Byte offsets in the line at char boundaries: CONTEXT characters
        // before the span, and after it (a span itself no longer than LONG_LINE).
        let offsets: Vec<usize> = line_text.char_indices().map(|(i, _)| i).chain([line_text.len()]).collect();
        let at = |byte: usize| offsets.partition_point(|&o| o < byte);
        let (first, last) = (at(span.start - line_start), at(span.end.min(line_end) - line_start));
        let from = first.saturating_sub(CONTEXT);
        let to = (last + CONTEXT).min(first + LONG_LINE).min(offsets.len() - 1);
        let (before, after) = (if from > 0 { "…" } else { "" }, if to < offsets.len() - 1 { "…" } else { "" });
        let window = &line_text[offsets[from]..offsets[to]];
        // The copy holds the cut line alone: findings in long lines do not
        // each copy the whole file.
        let shortened = format!("{before}{window}{after}\n");
        let shift = |byte: usize| before.len() + byte.clamp(offsets[from], offsets[to]) - offsets[from];
        let new_span = shift(span.start - line_start)..shift(span.end.min(line_end) - line_start);
        let name = file.name.clone();
        let line = self.file_line(id, line);
        let left_out = if from > 0 { from } else { 0 };
        Some((self.add(name, std::borrow::Cow::Owned(shortened), Some((line, left_out))), new_span))
    }
}

impl<'f> Files<'f> for Shown<'_> {
    type FileId = usize;
    type Name = &'f str;
    type Source = &'f str;

    fn name(&'f self, id: usize) -> Result<&'f str, FilesError> {
        self.files.get(id).map(|f| f.name.as_str()).ok_or(FilesError::FileMissing)
    }

    fn source(&'f self, id: usize) -> Result<&'f str, FilesError> {
        self.files.get(id).map(|f| &*f.text).ok_or(FilesError::FileMissing)
    }

    fn line_number(&'f self, id: usize, line_index: usize) -> Result<usize, FilesError> {
        Ok(self.file_line(id, line_index) + 1)
    }

    fn line_index(&'f self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        Ok(file.starts.partition_point(|&start| start <= byte_index).saturating_sub(1))
    }

    fn line_range(&'f self, id: usize, line_index: usize) -> Result<std::ops::Range<usize>, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        let start = *file
            .starts
            .get(line_index)
            .ok_or(FilesError::LineTooLarge { given: line_index, max: file.starts.len() - 1 })?;
        let end = file.starts.get(line_index + 1).copied().unwrap_or(file.text.len());
        Ok(start..end)
    }

    fn column_number(&'f self, id: usize, line_index: usize, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        let range = self.line_range(id, line_index)?;
        let shown = codespan_reporting::files::column_index(&file.text, range, byte_index) + 1;
        // The column in the file: the characters left out before the `…`
        // count, the `…` does not.
        Ok(match file.cut {
            Some((_, left_out)) if line_index == 0 && left_out > 0 => shown - 1 + left_out,
            _ => shown,
        })
    }
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
    use crate::diagnostic::{Code, Position};

    fn sample() -> Located {
        Located {
            code: Code::UnknownKey,
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

    /// A finding about a folder (no text to show) names its place under the
    /// heading, with no empty source line and no caret under nothing; a
    /// file whose text is known still shows its first line.
    #[test]
    fn a_finding_without_text_names_its_place() {
        let finding = Located { file: "mitteilungen".into(), span: 0..0, ..sample() };
        let finding =
            Located { start: Position { line: 1, column: 1 }, end: Position { line: 1, column: 1 }, ..finding };
        for color in [false, true] {
            let out = human(std::slice::from_ref(&finding), &SourceMap::new(), color);
            let lines: Vec<&str> = out.lines().collect();
            assert!(lines[0].contains("unknown key `titel`"), "{out}");
            assert!(lines[1].ends_with("┌─ mitteilungen") && lines[2] == "  │", "{out}");
            // The help in the gutter's column, as under a source line.
            assert!(lines[3].starts_with("  ") && lines[3].contains("help: did you mean"), "{out}");
            assert!(!out.contains('^') && !out.contains("1 │"), "{out}");
            assert!(out.contains("help: did you mean `title`?"), "{out}");
        }
        let mut sources = SourceMap::new();
        sources.insert(std::path::Path::new("mitteilungen"), std::sync::Arc::new("erste Zeile\n".to_owned()));
        let out = human(&[finding], &sources, false);
        assert!(out.contains("mitteilungen:1:1") && out.contains("1 │ erste Zeile"), "{out}");
    }

    /// A finding at `needle` in a file whose third line is `line`.
    fn in_long_line(line: &str, needle: &str) -> String {
        let text = format!("schema_version = 1\n[meta]\n{line}\nend = 1\n");
        let start = text.find(needle).expect("needle");
        let column = line[..line.find(needle).expect("needle")].chars().count() + 1;
        let mut sources = SourceMap::new();
        sources.insert(std::path::Path::new("agreements/x/agreement.toml"), std::sync::Arc::new(text));
        let finding = Located {
            start: Position { line: 3, column },
            end: Position { line: 3, column: column + needle.chars().count() },
            span: start..start + needle.len(),
            ..sample()
        };
        human(&[finding], &sources, false)
    }

    #[test]
    fn long_lines_are_shown_around_the_span() {
        let words = |n: usize| (0..n).map(|i| format!("Wört{i}")).collect::<Vec<_>>().join(" ");
        // In the middle: cut on both sides, with the line and column of the file.
        let line = format!("text = \"{} FEHLER {}\"", words(80), words(80));
        let out = in_long_line(&line, "FEHLER");
        let column = line[..line.find("FEHLER").unwrap_or_default()].chars().count() + 1;
        assert!(out.contains(&format!("agreement.toml:3:{column}")), "{out}");
        let shown = out.lines().find(|l| l.starts_with("3 │")).expect("the line");
        assert!(shown.starts_with("3 │ …") && shown.ends_with('…'), "{shown}");
        assert!(shown.chars().count() < 200, "{shown}");
        let underline = out.lines().find(|l| l.contains('^')).expect("underline");
        let at = |l: &str, s: &str| l.find(s).map(|b| l[..b].chars().count());
        assert_eq!(at(underline, "^"), at(shown, "FEHLER"), "the underline is under the span:\n{out}");
        assert_eq!(underline.matches('^').count(), 6);
        // At the start of the line: nothing left out before.
        let line = format!("FEHLER = \"{}\"", words(80));
        let out = in_long_line(&line, "FEHLER");
        assert!(out.contains("agreement.toml:3:1"), "{out}");
        assert!(out.contains("3 │ FEHLER = \"Wört0"), "{out}");
        // At the end: nothing left out after.
        let line = format!("text = \"{} FEHLER\"", words(80));
        let out = in_long_line(&line, "FEHLER");
        assert!(out.lines().any(|l| l.starts_with("3 │ …") && l.ends_with("FEHLER\"")), "{out}");
        // A short line is shown whole.
        let out = in_long_line("titel = \"FEHLER\"", "FEHLER");
        assert!(out.contains("3 │ titel = \"FEHLER\""), "{out}");
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
