//! The printed numbers that open a clause or item: `§ 1`, `1.`, `1.1`,
//! `1.1.1`, `Ziffer 3`, `(1)`, `a)`, `aa)`, `i.`, `I.`–`IV.`. The number is
//! kept exactly as written; its style decides the clause tree's levels.

/// The kind of a printed number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// `§ 1`, `§1.`, `§ 2a`.
    Section,
    /// A bare `§` before a heading.
    SectionBare,
    /// `Ziffer 3`.
    Ziffer,
    /// `1`, `1.`, `1.1`, `1.1.1`: the number of components.
    Decimal(u8),
    /// `(1)`, `(a)`.
    Paren,
    /// `a)`.
    Alpha,
    /// `aa)`.
    DoubleAlpha,
    /// `i.`, `ii.`.
    RomanLower,
    /// `I.`, `IV.`.
    RomanUpper,
}

impl Style {
    /// Whether numbers of this style open clauses (rather than list items).
    pub fn is_clause(self) -> bool {
        matches!(
            self,
            Style::Section | Style::SectionBare | Style::Ziffer | Style::Decimal(_) | Style::Paren | Style::RomanUpper
        )
    }

    /// A word for the summary.
    pub fn name(self) -> &'static str {
        match self {
            Style::Section | Style::SectionBare => "§",
            Style::Ziffer => "Ziffer",
            Style::Decimal(1) => "1.",
            Style::Decimal(2) => "1.1",
            Style::Decimal(_) => "1.1.1",
            Style::Paren => "(1)",
            Style::Alpha => "a)",
            Style::DoubleAlpha => "aa)",
            Style::RomanLower => "i.",
            Style::RomanUpper => "I.",
        }
    }
}

/// A number found at the start of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number<'a> {
    /// The number as printed ("§ 3", "1.1", "a)").
    pub num: String,
    /// Its style.
    pub style: Style,
    /// The text after it.
    pub rest: &'a str,
}

/// The number at the start of `text`, if there is one followed by text
/// (or, for `§`, by nothing).
pub fn parse(text: &str) -> Option<Number<'_>> {
    let found = section(text)
        .or_else(|| ziffer(text))
        .or_else(|| decimal(text))
        .or_else(|| paren(text))
        .or_else(|| letters(text))
        .or_else(|| roman(text))?;
    let (num, style, rest) = found;
    let rest = rest.trim_start();
    if rest.is_empty() && style != Style::Section {
        return None;
    }
    Some(Number { num: num.to_owned(), style, rest })
}

fn split_at_space(text: &str) -> (&str, &str) {
    match text.find(char::is_whitespace) {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    }
}

fn section(text: &str) -> Option<(&str, Style, &str)> {
    let after = text.strip_prefix('§')?;
    let spaced = after.trim_start();
    let digits = spaced.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return after.starts_with(' ').then_some(("§", Style::SectionBare, after));
    }
    let mut end = text.len() - spaced.len() + digits;
    let tail = &text[end..];
    // `§ 2a`
    if tail.starts_with(|c: char| c.is_ascii_lowercase()) && !tail[1..].starts_with(|c: char| c.is_alphabetic()) {
        end += 1;
    }
    if text[end..].starts_with('.') {
        end += 1;
    }
    let rest = &text[end..];
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some((&text[..end], Style::Section, rest))
}

fn ziffer(text: &str) -> Option<(&str, Style, &str)> {
    let after = text.strip_prefix("Ziffer ")?;
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let end = "Ziffer ".len() + digits;
    let end = if text[end..].starts_with('.') { end + 1 } else { end };
    let rest = &text[end..];
    rest.starts_with(char::is_whitespace).then_some((&text[..end], Style::Ziffer, rest))
}

fn decimal(text: &str) -> Option<(&str, Style, &str)> {
    let (token, rest) = split_at_space(text);
    if rest.is_empty() {
        return None;
    }
    let core = token.strip_suffix('.').unwrap_or(token);
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() > 4 || parts.iter().any(|p| p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    // A date ("9. Juni 2018") or an amount is no number of a clause.
    let next = rest.split_whitespace().next().unwrap_or_default();
    if crate::model::numbering::MONTHS.contains(&next) || next.starts_with(['€', '%']) || next == "Euro" {
        return None;
    }
    Some((token, Style::Decimal(parts.len() as u8), rest))
}

fn paren(text: &str) -> Option<(&str, Style, &str)> {
    let inner_end = text.strip_prefix('(')?.find(')')? + 1;
    let inner = &text[1..inner_end];
    let ok = (!inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b.is_ascii_digit()))
        || (inner.len() == 1 && inner.bytes().all(|b| b.is_ascii_lowercase()));
    let rest = &text[inner_end + 1..];
    (ok && rest.starts_with(char::is_whitespace)).then_some((&text[..=inner_end], Style::Paren, rest))
}

fn letters(text: &str) -> Option<(&str, Style, &str)> {
    let (token, rest) = split_at_space(text);
    let core = token.strip_suffix(')')?;
    if !rest.starts_with(char::is_whitespace) || !core.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    match core.len() {
        1 => Some((token, Style::Alpha, rest)),
        2 if core.as_bytes()[0] == core.as_bytes()[1] => Some((token, Style::DoubleAlpha, rest)),
        _ => None,
    }
}

fn roman(text: &str) -> Option<(&str, Style, &str)> {
    let (token, rest) = split_at_space(text);
    let core = token.strip_suffix('.')?;
    if core.is_empty() || core.len() > 5 || !rest.starts_with(char::is_whitespace) {
        return None;
    }
    if core.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')) {
        return Some((token, Style::RomanLower, rest));
    }
    if core.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')) {
        return Some((token, Style::RomanUpper, rest));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(text: &str) -> Option<(String, Style, String)> {
        parse(text).map(|n| (n.num, n.style, n.rest.to_owned()))
    }

    #[test]
    fn every_style_is_recognised_and_kept_as_written() {
        for (text, num, kind) in [
            ("§ 1 Gegenstand", "§ 1", Style::Section),
            ("§1 Gegenstand", "§1", Style::Section),
            ("§ 2a. Dauer", "§ 2a.", Style::Section),
            ("§ Vertraulichkeit", "§", Style::SectionBare),
            ("Ziffer 3 Pflichten", "Ziffer 3", Style::Ziffer),
            ("1. Gegenstand", "1.", Style::Decimal(1)),
            ("1 Gegenstand", "1", Style::Decimal(1)),
            ("1.1 Die Auftragnehmerin", "1.1", Style::Decimal(2)),
            ("1.1.1 Text", "1.1.1", Style::Decimal(3)),
            ("(1) Der Auftragnehmer", "(1)", Style::Paren),
            ("a) eine Beschreibung", "a)", Style::Alpha),
            ("aa) eine Beschreibung", "aa)", Style::DoubleAlpha),
            ("ii. Punkt", "ii.", Style::RomanLower),
            ("IV. Schluss", "IV.", Style::RomanUpper),
        ] {
            assert_eq!(style(text), Some((num.to_owned(), kind, text[num.len()..].trim_start().to_owned())), "{text}");
        }
    }

    #[test]
    fn dates_amounts_and_postcodes_are_no_numbers() {
        for text in
            ["9. Juni 2018", "27356 Rotenburg", "1.", "ab) x", "Ziffer", "(abc) x", "24/7 Werkschutz", "100 € je"]
        {
            assert_eq!(style(text), None, "{text}");
        }
    }
}
