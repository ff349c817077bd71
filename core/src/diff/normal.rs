//! Texts compared the way they render. avv prints a text's words with single
//! spaces between them and a line break where the text has one, so runs of
//! spaces and tabs, spaces at the start or end of a line, Windows line ends
//! and blank lines at the start or end of a text change nothing a reader
//! sees. They are normalised away before any comparison: a whitespace-only
//! edit is no change, gets no Synopse mark and needs no new version.
//!
//! A line break between two words is kept: avv prints it as a line break
//! (the lines of an address, a letterhead), so adding or removing one
//! changes the document. Several blank lines in a row print as one.

use std::borrow::Cow;

/// `text` as it renders: see the module documentation. Borrowed when the
/// text is already normal (the common case: canonical files).
pub fn normalize(text: &str) -> Cow<'_, str> {
    if is_normal(text) {
        return Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut blank_lines = 0usize;
    for line in text.split('\n') {
        let words: Vec<&str> = line.split(is_space).filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_lines > 0 {
                out.push('\n');
            }
        }
        blank_lines = 0;
        out.push_str(&words.join(" "));
    }
    Cow::Owned(out)
}

/// Whether two texts render the same.
pub fn same_text(a: &str, b: &str) -> bool {
    a == b || normalize(a) == normalize(b)
}

/// Horizontal whitespace: what a renderer folds into one space.
fn is_space(c: char) -> bool {
    c != '\n' && c.is_whitespace()
}

/// Whether `text` has nothing [`normalize`] would change.
fn is_normal(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first().is_some_and(|b| b.is_ascii_whitespace()) || bytes.last().is_some_and(|b| b.is_ascii_whitespace()) {
        return false;
    }
    if !text.is_ascii() && text.chars().any(|c| !c.is_ascii() && c.is_whitespace()) {
        // Non-ASCII whitespace (no-break space and the like).
        return false;
    }
    let mut previous = b'x';
    let mut previous_two = b'x';
    for &byte in bytes {
        match byte {
            b'\r' | b'\t' | 0x0b | 0x0c => return false,
            b' ' if previous == b' ' || previous == b'\n' => return false,
            b'\n' if previous == b' ' || (previous == b'\n' && previous_two == b'\n') => return false,
            _ => {}
        }
        previous_two = previous;
        previous = byte;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_that_does_not_render_is_removed() {
        assert_eq!(normalize("Die  Daten werden\tgesichert. "), "Die Daten werden gesichert.");
        assert_eq!(normalize("  a\r\nb  \n c"), "a\nb\nc");
        assert_eq!(normalize("\n\na\n\n\n\nb\n\n"), "a\n\nb");
        assert_eq!(normalize("§\u{a0}5"), "§ 5");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \n "), "");
    }

    #[test]
    fn line_breaks_between_words_stay() {
        assert_eq!(normalize("pcvisit Software AG\nDresden"), "pcvisit Software AG\nDresden");
        assert!(!same_text("a b", "a\nb"));
        assert!(same_text("a\nb", "a \n b"));
        assert!(same_text("a\n\nb", "a\n\n\nb"));
    }

    #[test]
    fn normal_texts_are_borrowed_and_the_fast_check_agrees() {
        for text in ["a b", "a\nb", "a\n\nb", "ä ö\nü", "x"] {
            assert!(matches!(normalize(text), Cow::Borrowed(_)), "{text:?}");
        }
        for text in [" a", "a ", "a  b", "a \nb", "a\n b", "a\n\n\nb", "a\tb", "a\r\nb", "a\u{a0}b", "\na"] {
            assert!(!is_normal(text), "{text:?}");
            assert!(is_normal(&normalize(text)), "{text:?}");
        }
    }
}
