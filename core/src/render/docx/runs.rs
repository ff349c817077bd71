//! Run markup ([`crate::render::inline::run`]) read back into pieces of
//! text with their formatting: what becomes Word runs.

use crate::render::inline::run::{CLOSE, OPEN};

/// Where a piece of text links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Link {
    /// An external address (`https:` or `mailto:`).
    External(String),
    /// The id of a node of the document.
    Internal(String),
}

/// One piece of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    /// Text in one formatting.
    Text {
        /// The text (never holds a line break).
        text: String,
        /// Bold.
        bold: bool,
        /// Italic.
        italic: bool,
        /// A blank of the form, highlighted for filling in.
        blank: bool,
        /// The link it belongs to.
        link: Option<Link>,
    },
    /// A line break.
    Break,
    /// The reference to footnote `n` (as the other formats number it).
    Footnote(usize),
    /// The page node `id` is laid out on, or `place` (its place in words)
    /// where Word has no bookmark for it.
    Page {
        /// The node.
        id: String,
        /// Its place in words ("Punkt 10").
        place: String,
    },
    /// The target of links to node `id` (a bookmark).
    Target(String),
}

/// Splits run markup into pieces. Marks the reader does not know are
/// dropped; a mark without its end is dropped with the rest of the text.
pub(super) fn pieces(markup: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let (mut bold, mut italic, mut blank) = (false, false, false);
    let mut link: Option<Link> = None;
    let mut rest = markup;
    while !rest.is_empty() {
        let end = rest.find([OPEN, '\n']).unwrap_or(rest.len());
        if end > 0 {
            out.push(Piece::Text { text: rest[..end].to_owned(), bold, italic, blank, link: link.clone() });
        }
        rest = &rest[end..];
        if let Some(after) = rest.strip_prefix('\n') {
            out.push(Piece::Break);
            rest = after;
        } else if let Some(after) = rest.strip_prefix(OPEN) {
            let Some(close) = after.find(CLOSE) else { break };
            let mark = &after[..close];
            rest = &after[close + CLOSE.len_utf8()..];
            let mut chars = mark.chars();
            let tag = chars.next();
            let payload = chars.as_str();
            match tag {
                Some('b') => bold = true,
                Some('B') => bold = false,
                Some('i') => italic = true,
                Some('I') => italic = false,
                Some('h') => blank = true,
                Some('H') => blank = false,
                Some('l') => link = Some(Link::External(payload.to_owned())),
                Some('a') => link = Some(Link::Internal(payload.to_owned())),
                Some('L' | 'A') => link = None,
                Some('t') => out.push(Piece::Target(payload.to_owned())),
                Some('f') => {
                    if let Ok(n) = payload.parse() {
                        out.push(Piece::Footnote(n));
                    }
                }
                // The place up to the closing mark is the page's fallback.
                Some('p') => {
                    let end = format!("{OPEN}P{CLOSE}");
                    let Some(length) = rest.find(&end) else { break };
                    out.push(Piece::Page { id: payload.to_owned(), place: rest[..length].to_owned() });
                    rest = &rest[length + end.len()..];
                }
                _ => {}
            }
        }
    }
    out
}

/// The text of run markup without its marks (line breaks as spaces): for
/// document properties, bookmarks and other places that take no runs.
pub(super) fn plain(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    for piece in pieces(markup) {
        match piece {
            Piece::Text { text, .. } => out.push_str(&text),
            Piece::Break => out.push(' '),
            Piece::Page { place, .. } => out.push_str(&place),
            Piece::Footnote(_) | Piece::Target(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::inline::{Flavor, PlaceholderText, Resolver, render};

    struct Fixed;
    impl Resolver for Fixed {
        fn placeholder(&self, key: &str) -> PlaceholderText {
            PlaceholderText::Blank(format!("_____ ({key})"))
        }
        fn footnote(&self, _id: &str) -> Option<usize> {
            Some(2)
        }
        fn anchor(&self, id: &str) -> bool {
            id == "laufzeit"
        }
    }

    fn text(text: &str, bold: bool, italic: bool, blank: bool, link: Option<Link>) -> Piece {
        Piece::Text { text: text.to_owned(), bold, italic, blank, link }
    }

    #[test]
    fn markup_becomes_pieces() {
        let markup = render(
            "a **b *c*** {{ k }}[^x]\n[d](https://e.de/?f=1&g) [h](#laufzeit) [{seite}](#laufzeit)",
            Flavor::Docx,
            &Fixed,
        );
        assert_eq!(
            pieces(&markup),
            vec![
                text("a ", false, false, false, None),
                text("b ", true, false, false, None),
                text("c", true, true, false, None),
                text(" ", false, false, false, None),
                text("_____ (k)", false, false, true, None),
                Piece::Footnote(2),
                Piece::Break,
                text("d", false, false, false, Some(Link::External("https://e.de/?f=1&g".into()))),
                text(" ", false, false, false, None),
                text("h", false, false, false, Some(Link::Internal("laufzeit".into()))),
                text(" ", false, false, false, None),
                Piece::Page { id: "laufzeit".into(), place: "dort".into() },
            ]
        );
        assert_eq!(plain(&markup), "a b c _____ (k) d h dort");
    }

    #[test]
    fn data_cannot_forge_marks() {
        let markup = render("x\u{1}b\u{2}y\u{fffe}", Flavor::Docx, &Fixed);
        assert_eq!(pieces(&markup), vec![text("x\u{2401}b\u{2402}y\u{fffd}", false, false, false, None)]);
    }
}
