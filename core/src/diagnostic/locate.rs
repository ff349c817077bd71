//! Resolves [`Anchor`]s to byte spans and line/column positions.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Anchor, Diagnostic, Located, LocatedLabel, Position};
use crate::load::toml::{TomlDocument, parse};

/// The text of every file a run read, for snippets and positions.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: HashMap<PathBuf, Arc<String>>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a file's text.
    pub fn insert(&mut self, path: &Path, text: Arc<String>) {
        self.files.insert(path.to_path_buf(), text);
    }

    /// A file's text, if it was read as text.
    pub fn get(&self, path: &Path) -> Option<&Arc<String>> {
        self.files.get(path)
    }

    /// Every file and its text, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&Path, &Arc<String>)> {
        self.files.iter().map(|(path, text)| (path.as_path(), text))
    }

    /// Merges another map into this one.
    pub fn extend(&mut self, other: SourceMap) {
        self.files.extend(other.files);
    }

    /// What `located` needs to show its snippets: each file it points into,
    /// up to the end of the last line it points at. A run keeps these
    /// texts to the end; most findings sit near the top of a file (`[meta]`,
    /// the particulars), so a prefix is a fraction of the text, with the
    /// same offsets and line numbers.
    pub fn shown(&self, located: &[Located]) -> SourceMap {
        let mut ends: HashMap<&str, usize> = HashMap::new();
        for (file, span) in located.iter().flat_map(Located::places) {
            let end = ends.entry(file).or_default();
            *end = (*end).max(span.end);
        }
        let mut shown = SourceMap::new();
        for (file, end) in ends {
            let Some(text) = self.get(Path::new(file)) else { continue };
            let line_end = text.get(end..).and_then(|rest| rest.find('\n')).map_or(text.len(), |at| end + at + 1);
            // Texts are read into strings of their exact size: a whole file is shared.
            let prefix = if line_end == text.len() { text.clone() } else { Arc::new(text[..line_end].to_owned()) };
            shown.insert(Path::new(file), prefix);
        }
        shown
    }
}

/// The byte span of the character at `at` (line and column counted in
/// characters from 1) in `text`; `None` past the end of its line.
fn character_at(text: &str, at: Position) -> Option<Range<usize>> {
    let start = match at.line {
        1 => 0,
        line => text.match_indices('\n').nth(line - 2)?.0 + 1,
    };
    let line = &text[start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let (offset, c) = line.char_indices().nth(at.column.checked_sub(1)?)?;
    Some(start + offset..start + offset + c.len_utf8())
}

/// Resolves every diagnostic, sorted by file, position and code.
pub fn locate(diagnostics: Vec<Diagnostic>, sources: &SourceMap) -> Vec<Located> {
    // Each file is parsed for spans at most once, and only when a finding
    // points into it by JSON pointer.
    let mut documents: HashMap<PathBuf, Option<TomlDocument>> = HashMap::new();
    let mut resolve = |file: &Path, anchor: &Anchor| -> Range<usize> {
        let text = sources.get(file);
        let mut span_of = |pointer: &str, key: bool| {
            let doc = documents.entry(file.to_path_buf()).or_insert_with(|| text.and_then(|t| parse(t).ok()));
            doc.as_ref().and_then(|doc| doc.span(pointer, key))
        };
        let span = match anchor {
            Anchor::File => None,
            // The character at a line and column, where the file has text
            // to show (one that is not UTF-8 shows its bad bytes as `�`).
            Anchor::Position(at) => text.and_then(|t| character_at(t, *at)),
            Anchor::Span(span) => Some(span.clone()),
            Anchor::Pointer { pointer, key } => span_of(pointer, *key),
            Anchor::Needle { pointer, needle } => {
                let span = span_of(pointer, false);
                // Narrow to the needle inside the string when it is there verbatim.
                match (span, text) {
                    (Some(span), Some(t)) => {
                        let span = clamp(span, Some(t));
                        match t[span.clone()].find(needle.as_str()) {
                            Some(at) => Some(span.start + at..span.start + at + needle.len()),
                            None => Some(span),
                        }
                    }
                    (span, _) => span,
                }
            }
        };
        let len = text.map_or(0, |t| t.len());
        match span {
            Some(span) => clamp(span, text.map(|t| t.as_str())),
            None => 0..first_line_end(text.map(|t| t.as_str())).min(len),
        }
    };
    // Each file's line starts are found at most once.
    let mut lines: HashMap<PathBuf, Option<Lines<'_>>> = HashMap::new();
    let mut position = |file: &Path, offset: usize| {
        let lines = lines.entry(file.to_path_buf()).or_insert_with(|| sources.get(file).map(|t| Lines::new(t)));
        lines.as_ref().map_or(Position { line: 1, column: 1 }, |lines| lines.position(offset))
    };
    let mut out: Vec<Located> = diagnostics
        .into_iter()
        .map(|d| {
            let span = resolve(&d.file, &d.anchor);
            let labels = d
                .labels
                .iter()
                .map(|label| {
                    let span = resolve(&label.file, &label.anchor);
                    LocatedLabel {
                        file: display(&label.file),
                        start: position(&label.file, span.start),
                        end: position(&label.file, span.end),
                        span,
                        message: label.message.clone(),
                    }
                })
                .collect();
            let (start, end) = match d.anchor {
                Anchor::Position(at) if sources.get(&d.file).is_none() => (at, at),
                _ => (position(&d.file, span.start), position(&d.file, span.end)),
            };
            Located {
                code: d.code,
                severity: d.severity,
                message: d.message,
                file: display(&d.file),
                start,
                end,
                span,
                labels,
                help: d.help,
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.file, a.start, a.code).cmp(&(&b.file, b.start, b.code)));
    out.dedup();
    out
}

/// Paths print with forward slashes on every platform.
fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Keeps a span inside the text and on character boundaries.
fn clamp(span: Range<usize>, text: Option<&str>) -> Range<usize> {
    let Some(text) = text else { return 0..0 };
    let mut start = span.start.min(text.len());
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

fn first_line_end(text: Option<&str>) -> usize {
    text.map_or(0, |t| t.find('\n').unwrap_or(t.len()))
}

/// The 1-based line and character column of a byte offset.
pub fn position(text: Option<&str>, offset: usize) -> Position {
    text.map_or(Position { line: 1, column: 1 }, |text| Lines::new(text).position(offset))
}

/// Where a text's lines start, so that many offsets in it find their line
/// without counting from the top each time: a hostile file can have
/// thousands of findings, and counting per finding made locating them
/// quadratic (20 000 duplicate ids in an 850 KB file took 4 s).
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        // A SIMD search: files with findings are read whole for their lines.
        let starts =
            std::iter::once(0).chain(crate::search::positions(b'\n', text.as_bytes()).map(|at| at + 1)).collect();
        Self { text, starts }
    }

    fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        // `starts[0]` is 0, so at least one start lies at or before `offset`.
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        let column = self.text.get(line_start..offset).map_or(0, |before| before.chars().count()) + 1;
        Position { line, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_is_the_character_at_its_line_and_column() {
        let at = |line, column| Position { line, column };
        let text = "ab\nÄ\u{FFFD}c\n\nz";
        assert_eq!(character_at(text, at(1, 1)), Some(0..1));
        assert_eq!(character_at(text, at(1, 2)), Some(1..2));
        // Columns count characters, spans are bytes.
        assert_eq!(character_at(text, at(2, 2)), Some(5..8));
        assert_eq!(character_at(text, at(2, 3)), Some(8..9));
        assert_eq!(character_at(text, at(4, 1)), Some(11..12));
        // Past a line's end, past the last line, column 0: nothing.
        assert_eq!(character_at(text, at(1, 3)), None);
        assert_eq!(character_at(text, at(3, 1)), None);
        assert_eq!(character_at(text, at(5, 1)), None);
        assert_eq!(character_at(text, at(1, 0)), None);
    }

    #[test]
    fn shown_texts_end_with_the_last_line_a_finding_points_at() {
        let text = "a = 1\nb = 2\nc = 3\nd = 4\n";
        let mut sources = SourceMap::new();
        sources.insert(Path::new("f.toml"), Arc::new(text.to_owned()));
        sources.insert(Path::new("g.toml"), Arc::new(text.to_owned()));
        sources.insert(Path::new("h.toml"), Arc::new(text.to_owned()));
        let finding = |file: &str, span: Range<usize>| Located {
            code: super::super::Code::UnknownKey,
            severity: super::super::Severity::Error,
            message: String::new(),
            file: file.to_owned(),
            start: position(Some(text), span.start),
            end: position(Some(text), span.end),
            span,
            labels: Vec::new(),
            help: None,
        };
        let mut with_label = finding("f.toml", 0..1);
        with_label.labels.push(LocatedLabel {
            file: "g.toml".into(),
            start: position(Some(text), 19),
            end: position(Some(text), 20),
            span: 19..20,
            message: String::new(),
        });
        let shown = sources.shown(&[finding("f.toml", 6..7), with_label]);
        assert_eq!(shown.get(Path::new("f.toml")).map(|t| t.as_str()), Some("a = 1\nb = 2\n"));
        // A label on the last line keeps the whole file.
        assert_eq!(shown.get(Path::new("g.toml")).map(|t| t.as_str()), Some(text));
        assert!(shown.get(Path::new("h.toml")).is_none(), "no finding points into h.toml");
    }

    #[test]
    fn line_starts_give_the_positions_counting_gives() {
        let text = "a = 1\r\nä = \"x\"\n\n[[b]]\nc = 'ü'";
        let lines = Lines::new(text);
        for offset in (0..=text.len() + 2).filter(|&o| o > text.len() || text.is_char_boundary(o)) {
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            assert_eq!(lines.position(offset), Position { line, column }, "offset {offset}");
        }
    }

    #[test]
    fn positions_count_characters() {
        let text = "a = 1\nä = \"x\"\n";
        assert_eq!(position(Some(text), 0), Position { line: 1, column: 1 });
        assert_eq!(position(Some(text), 7 + 1), Position { line: 2, column: 2 });
        assert_eq!(position(None, 5), Position { line: 1, column: 1 });
    }
}
