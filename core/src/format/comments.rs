//! The comments and blank lines that toml_edit keeps in a node's decor
//! (the whitespace around keys, values and headers), read back as lines.

use toml_edit::RawString;

/// One line of decor that survives formatting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Line {
    /// An empty line (a paragraph break the author made).
    Blank,
    /// A comment, from `#` to the end of the line, trailing spaces removed.
    Comment(String),
}

/// Decor split into the comment that ends the line before it and the lines
/// that follow.
#[derive(Debug, Default)]
pub(crate) struct Split {
    /// A comment on the same line as what precedes the decor (`"a", # note`).
    pub tail: Option<String>,
    /// Whole lines: comments and blank lines.
    pub lines: Vec<Line>,
}

/// The text of a raw decor string: owned text, or a span of the source.
pub(crate) fn raw<'a>(value: Option<&'a RawString>, source: &'a str) -> &'a str {
    match value {
        Some(value) => value.as_str().or_else(|| value.span().and_then(|span| source.get(span))).unwrap_or(""),
        None => "",
    }
}

/// Splits decor text. `starts_line` says whether the text begins at the
/// start of a line (before a key or a table header, the end of the file)
/// rather than after a value on the same line (between array elements).
pub(crate) fn split(text: &str, starts_line: bool) -> Split {
    let mut out = Split::default();
    let segments: Vec<&str> = text.split('\n').collect();
    let last = segments.len() - 1;
    for (index, segment) in segments.iter().enumerate() {
        let trimmed = segment.trim();
        if index == 0 && !starts_line {
            if trimmed.starts_with('#') {
                out.tail = Some(trimmed.to_owned());
            }
            continue;
        }
        if trimmed.starts_with('#') {
            out.lines.push(Line::Comment(trimmed.to_owned()));
        } else if index < last {
            // The part after the last newline is the indentation of what
            // follows, not a line of its own.
            out.lines.push(Line::Blank);
        }
    }
    out
}

/// Every comment in decor text, in order (for the "no comment lost" check).
pub(crate) fn comments_in(text: &str, out: &mut Vec<String>) {
    for line in text.split('\n') {
        if let Some(start) = line.find('#') {
            out.push(line[start..].trim_end().to_owned());
        }
    }
}

/// Removes leading blank lines and collapses runs of blank lines to one.
pub(crate) fn tidy(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        if line == Line::Blank && out.last().is_none_or(|last| *last == Line::Blank) {
            continue;
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(text: &str) -> Line {
        Line::Comment(text.to_owned())
    }

    #[test]
    fn prefix_of_a_key_is_whole_lines() {
        let split = split("#:schema x\n# header\n\n", true);
        assert_eq!(split.tail, None);
        assert_eq!(split.lines, vec![comment("#:schema x"), comment("# header"), Line::Blank]);
    }

    #[test]
    fn element_prefix_starts_with_the_previous_line_s_tail() {
        let split = split(" # after a\n  # before b\n  ", false);
        assert_eq!(split.tail.as_deref(), Some("# after a"));
        assert_eq!(split.lines, vec![comment("# before b")]);
    }

    #[test]
    fn the_indentation_after_the_last_newline_is_no_line() {
        assert_eq!(split("\n  ", true).lines, vec![Line::Blank]);
        assert!(split("  ", true).lines.is_empty());
        assert!(split("\n  ", false).lines.is_empty());
    }

    #[test]
    fn a_comment_without_a_final_newline_is_kept() {
        assert_eq!(split("\n# end", true).lines, vec![Line::Blank, comment("# end")]);
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        let lines = vec![Line::Blank, comment("# a"), Line::Blank, Line::Blank, comment("# b"), Line::Blank];
        assert_eq!(tidy(lines), vec![comment("# a"), Line::Blank, comment("# b"), Line::Blank]);
    }
}
