//! Blanks become placeholders: `____` (with a label in brackets after it,
//! or the words before it), `.....`, `[…]`, `…`, `NAME`, `XXXX`,
//! `YYYY-MM-DD`, `TT.MM.JJJJ` and bracketed drafting instructions
//! (`[Einzelheiten in Anlage]`). The blank keeps its printed form, so the
//! unfilled document prints as the source did.

use super::ids::Ids;
use super::report::{Note, NoteKind};
use crate::model::agreement::Placeholder;
use crate::model::codes::{Fill, PlaceholderType};

/// The placeholders found so far.
#[derive(Debug, Default)]
pub struct Placeholders {
    /// In order of appearance.
    pub list: Vec<Placeholder>,
    /// The keys handed out.
    keys: Ids,
}

/// Tokens that stand for a blank wherever they appear as a whole word.
const WORDS: [&str; 5] = ["NAME", "XXXX", "XXX", "XXXXX", "…"];
const DATES: [&str; 3] = ["YYYY-MM-DD", "TT.MM.JJJJ", "JJJJ-MM-TT"];

impl Placeholders {
    /// `text` with its blanks replaced by `{{ key }}`; `context` labels a
    /// blank whose text says nothing about it (the clause title).
    pub fn fill(&mut self, text: &str, context: &str, at: usize, notes: &mut Vec<Note>) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        // The line of a blank: the lines of a paragraph are kept apart by `\n`.
        let mut at = at;
        while let Some(c) = rest.chars().next() {
            if c == '\n' {
                at += 1;
            }
            let word_start = out.is_empty() || out.ends_with(|p: char| p.is_whitespace() || p == '(');
            // `_____` and `.....`, with an optional `(Label)` after.
            if c == '_' || (c == '.' && word_start) {
                let run = rest.chars().take_while(|&x| x == c).count();
                if run >= 3 && (c == '_' || run >= 4) {
                    let printed = &rest[..run];
                    let after = &rest[run..];
                    let bracket = after
                        .strip_prefix(' ')
                        .and_then(|a| a.strip_prefix('('))
                        .and_then(|a| a.find(')').map(|end| (&a[..end], &a[end + 1..])));
                    match bracket {
                        Some((label, tail)) if !label.trim().is_empty() && label.len() <= 60 => {
                            // The form as printed: a longer or shorter line
                            // than the default's five keeps its length.
                            let form = (printed != "_____").then(|| format!("{printed} ({{label}})"));
                            let key = self.add(label.trim(), form, PlaceholderType::Text, at, notes, printed);
                            out.push_str(&format!("{{{{ {key} }}}}"));
                            rest = tail;
                        }
                        _ if c == '_' && after_a_date(&out) => {
                            // "Dresden, 29.02.2024 _____": the place and day
                            // are written, the line is for the signature.
                            let line = out.rsplit('\n').next().unwrap_or_default().trim();
                            notes.push(Note::new(
                                NoteKind::Placeholder,
                                at,
                                format!("`{printed}` after „{line}“ reads as a line to sign; kept as text"),
                            ));
                            out.push_str(printed);
                            rest = after;
                        }
                        _ => {
                            // A blank alone on its line is named by the caption under it.
                            let alone = out.rsplit('\n').next().is_none_or(|l| l.trim().is_empty());
                            let label = match label_after(after).filter(|_| alone) {
                                Some(caption) => caption,
                                None => label_before(&out, context),
                            };
                            let key =
                                self.add(&label, Some(printed.to_owned()), PlaceholderType::Text, at, notes, printed);
                            out.push_str(&format!("{{{{ {key} }}}}"));
                            rest = after;
                        }
                    }
                    continue;
                }
            }
            if c == '['
                && word_start
                && let Some(end) = rest.find(']')
            {
                let inner = &rest[1..end];
                let after = &rest[end + 1..];
                let is_link = after.starts_with('(');
                let ellipsis = matches!(inner, "…" | "..." | "...." | "");
                let instruction = !is_link
                    && !inner.starts_with('^')
                    && !inner.contains(['[', '{'])
                    && inner.split_whitespace().count() >= 2
                    && inner.len() <= 200;
                if !is_link && ellipsis && !inner.is_empty() {
                    let label = label_before(&out, context);
                    let key = self.add(
                        &label,
                        Some(rest[..=end].to_owned()),
                        PlaceholderType::Text,
                        at,
                        notes,
                        &rest[..=end],
                    );
                    out.push_str(&format!("{{{{ {key} }}}}"));
                    rest = after;
                    continue;
                }
                if instruction {
                    let key = self.add(
                        inner.trim(),
                        Some("[{label}]".to_owned()),
                        PlaceholderType::Text,
                        at,
                        notes,
                        &rest[..=end],
                    );
                    out.push_str(&format!("{{{{ {key} }}}}"));
                    rest = after;
                    continue;
                }
            }
            if word_start {
                let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let word = rest[..word_end].trim_end_matches([',', ';', ')', '.', ':']);
                let word = if word.is_empty() { &rest[..word_end] } else { word };
                let kind = if DATES.contains(&word) {
                    Some(PlaceholderType::Date)
                } else if WORDS.contains(&word) {
                    Some(PlaceholderType::Text)
                } else {
                    None
                };
                if let Some(kind) = kind {
                    let label = label_before(&out, context);
                    let key = self.add(&label, Some(word.to_owned()), kind, at, notes, word);
                    out.push_str(&format!("{{{{ {key} }}}}"));
                    rest = &rest[word.len()..];
                    continue;
                }
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }

    /// A placeholder for an empty list item (a line the form leaves to
    /// fill); returns its key.
    pub fn blank_item(&mut self, at: usize, notes: &mut Vec<Note>) -> String {
        self.add(
            "weiterer Listenpunkt",
            Some("_____".to_owned()),
            PlaceholderType::Text,
            at,
            notes,
            "- (an empty list item)",
        )
    }

    fn add(
        &mut self,
        label: &str,
        blank: Option<String>,
        value_type: PlaceholderType,
        at: usize,
        notes: &mut Vec<Note>,
        printed: &str,
    ) -> String {
        // Keys spell with `_` what ids spell with `-`; the registry keeps them unique.
        let key = self.keys.make(label, "feld").replace('-', "_");
        notes.push(Note::new(NoteKind::Placeholder, at, format!("`{printed}` became {{{{ {key} }}}} („{label}“)")));
        self.list.push(Placeholder {
            key: key.clone(),
            label: label.to_owned(),
            value_type,
            required: true,
            fill: Fill::Controller,
            blank,
        });
        key
    }
}

/// Whether the line so far ends with a written date (`29.02.2024`,
/// `1.3.24`, `2024-02-29`): a blank after it is a line to sign.
fn after_a_date(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or_default();
    let Some(word) = line.split_whitespace().last() else { return false };
    let word = word.trim_end_matches([',', ':']);
    let numbers = |separator: char, sizes: [std::ops::RangeInclusive<usize>; 3]| {
        let parts: Vec<&str> = word.split(separator).collect();
        parts.len() == 3
            && parts
                .iter()
                .zip(sizes)
                .all(|(part, size)| size.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
    };
    numbers('.', [1..=2, 1..=2, 2..=4]) || numbers('-', [4..=4, 2..=2, 2..=2])
}

/// A label from the words just before a blank, else the context.
/// The caption on the line after a blank ("Auftraggeber, Ort, Datum").
fn label_after(after: &str) -> Option<String> {
    let rest = after.trim_start_matches(' ').strip_prefix('\n')?;
    let line = rest.lines().next()?.trim();
    let words = line.split_whitespace().count();
    (words > 0 && words <= 8 && line.chars().filter(|c| c.is_alphabetic()).count() >= 3).then(|| line.to_owned())
}

fn label_before(before: &str, context: &str) -> String {
    // Only the last words count: the last 200 bytes are enough.
    let mut start = before.len().saturating_sub(200);
    while !before.is_char_boundary(start) {
        start += 1;
    }
    let words: Vec<&str> = before[start..]
        .split_whitespace()
        .rev()
        .take_while(|w| !w.contains("{{") && !w.contains("}}"))
        .take(4)
        .collect();
    let label: Vec<&str> = words.into_iter().rev().collect();
    let label = label.join(" ");
    let label = label.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
    if label.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
        label
    } else if context.trim().is_empty() {
        "Angabe".to_owned()
    } else {
        context.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(text: &str) -> (String, Vec<Placeholder>) {
        let mut p = Placeholders::default();
        let out = p.fill(text, "Dauer", 1, &mut Vec::new());
        (out, p.list)
    }

    #[test]
    fn blanks_with_labels_in_brackets() {
        let (text, list) = fill("_____ (Unternehmen)");
        assert_eq!(text, "{{ unternehmen }}");
        assert_eq!(list[0].label, "Unternehmen");
        assert_eq!(list[0].blank, None);
    }

    /// A line longer than five underscores keeps its length in print.
    #[test]
    fn a_long_blank_keeps_its_length() {
        let (text, list) = fill("_____________________ (Name des Verantwortlichen)");
        assert_eq!(text, "{{ name_verantwortlichen }}");
        assert_eq!(list[0].blank.as_deref(), Some("_____________________ ({label})"));
    }

    #[test]
    fn blanks_take_the_words_before_them() {
        let (text, list) = fill("Der Vertrag beginnt am _____ und endet am _____ .");
        assert_eq!(text, "Der Vertrag beginnt am {{ vertrag_beginnt_am }} und endet am {{ endet_am }} .");
        assert_eq!(list[0].blank.as_deref(), Some("_____"));
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn a_blank_alone_on_its_line_takes_the_caption_under_it() {
        let (text, list) = fill(".....\nAuftraggeber, Ort, Datum");
        assert_eq!(text, "{{ auftraggeber_ort_datum }}\nAuftraggeber, Ort, Datum");
        assert_eq!(list[0].label, "Auftraggeber, Ort, Datum");
        assert_eq!(list[0].blank.as_deref(), Some("....."));
    }

    /// A line after a written place and day is for the signature: kept
    /// as printed, said in a note; a blank after other words is a field.
    #[test]
    fn a_blank_after_a_written_date_is_a_line_to_sign() {
        for text in ["Dresden, 29.02.2024 _____", "Köln, 1.3.24 ________", "Hamburg, 2024-02-29: _____"] {
            let mut p = Placeholders::default();
            let mut notes = Vec::new();
            assert_eq!(p.fill(text, "Unterschriften", 1, &mut notes), text);
            assert!(p.list.is_empty(), "{text}: {:?}", p.list);
            assert!(notes[0].message.contains("reads as a line to sign"), "{text}");
        }
        assert_eq!(fill("Ort, Datum _____").1.len(), 1);
        assert_eq!(fill("Version 1.2.3 _____").1.len(), 1, "a version is no date");
    }

    #[test]
    fn other_blank_forms() {
        assert_eq!(fill("Strafe von XXXX Euro").0, "Strafe von {{ strafe }} Euro");
        assert_eq!(fill(".....").0, "{{ dauer }}");
        assert_eq!(fill("am TT.MM.JJJJ").1[0].value_type, PlaceholderType::Date);
        let (text, list) = fill("zu berücksichtigen [Einzelheiten in Anlage].");
        assert_eq!(text, "zu berücksichtigen {{ einzelheiten_anlage }}.");
        assert_eq!(list[0].blank.as_deref(), Some("[{label}]"));
        assert_eq!(fill("Name [BSI](https://bsi.bund.de) z.B. 1.2.").0, "Name [BSI](https://bsi.bund.de) z.B. 1.2.");
        assert_eq!(fill("Ort [...]").0, "Ort {{ ort }}");
    }
}
