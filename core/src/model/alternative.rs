//! Alternatives inside a sentence: `{{ regelwerk: dsgvo = Verordnung (EU)
//! 2016/679 | eu-vo = Verordnung (EU) 2018/1725 }}`.
//!
//! Real templates (the EU's Art. 28(7) clauses, many processors' own)
//! let the parties choose a few words inside a sentence, not a whole
//! paragraph. Such an alternative is a choice like a choice block: the id
//! names the decision, each option has an id and the words it prints. A
//! customer instance decides it under `[choices]` once, and every sentence
//! (and every choice block) using the id prints its own wording of the
//! chosen option. The blank form prints every option with a checkbox.
//!
//! The words of an option are plain text: they cannot hold `|` or `}}`.

use super::primitives::is_kebab_id;

/// An alternative inside a sentence, as written between `{{` and `}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative<'a> {
    /// The choice it belongs to.
    pub choice: &'a str,
    /// The options in print order: id and the words printed for it.
    pub options: Vec<(&'a str, &'a str)>,
}

/// Why the inside of `{{ … }}` is no well-formed alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlternativeError {
    /// The choice id before `:` is not a kebab-case id.
    Choice(String),
    /// An option is not written `id = words`.
    Option(String),
    /// An option id is not a kebab-case id.
    OptionId(String),
    /// An option has no words to print.
    Empty(String),
    /// An option id appears twice.
    Duplicate(String),
    /// Fewer than two options: nothing to choose.
    Single,
}

impl std::fmt::Display for AlternativeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Choice(id) => write!(f, "`{id}` is no choice id (lower-case letters, digits and `-`)"),
            Self::Option(text) => write!(f, "option `{text}` is not written `id = words`"),
            Self::OptionId(id) => write!(f, "`{id}` is no option id (lower-case letters, digits and `-`)"),
            Self::Empty(id) => write!(f, "option `{id}` has no words to print"),
            Self::Duplicate(id) => write!(f, "option `{id}` is offered twice"),
            Self::Single => f.write_str("an alternative needs at least two options"),
        }
    }
}

/// Reads the inside of `{{ … }}` (trimmed) as an alternative. `None` when
/// it is no alternative at all (a placeholder key has no `:`).
pub fn parse(inner: &str) -> Option<Result<Alternative<'_>, AlternativeError>> {
    let (choice, rest) = inner.split_once(':')?;
    Some(read(choice.trim(), rest))
}

fn read<'a>(choice: &'a str, rest: &'a str) -> Result<Alternative<'a>, AlternativeError> {
    if !is_kebab_id(choice) {
        return Err(AlternativeError::Choice(choice.to_owned()));
    }
    let mut options: Vec<(&str, &str)> = Vec::new();
    for part in rest.split('|') {
        let Some((id, words)) = part.split_once('=') else {
            return Err(AlternativeError::Option(part.trim().to_owned()));
        };
        let (id, words) = (id.trim(), words.trim());
        if !is_kebab_id(id) {
            return Err(AlternativeError::OptionId(id.to_owned()));
        }
        if words.is_empty() {
            return Err(AlternativeError::Empty(id.to_owned()));
        }
        if options.iter().any(|(known, _)| *known == id) {
            return Err(AlternativeError::Duplicate(id.to_owned()));
        }
        options.push((id, words));
    }
    if options.len() < 2 {
        return Err(AlternativeError::Single);
    }
    Ok(Alternative { choice, options })
}

/// The blank form of an alternative: every option with its checkbox.
pub fn form(alternative: &Alternative<'_>) -> String {
    alternative.options.iter().map(|(_, words)| format!("☐ {words}")).collect::<Vec<_>>().join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_alternatives() {
        let parsed = parse("regelwerk: dsgvo = Verordnung (EU) 2016/679 | eu-vo = Verordnung (EU) 2018/1725").unwrap();
        assert_eq!(
            parsed,
            Ok(Alternative {
                choice: "regelwerk",
                options: vec![("dsgvo", "Verordnung (EU) 2016/679"), ("eu-vo", "Verordnung (EU) 2018/1725")]
            })
        );
        assert_eq!(form(&parsed.unwrap()), "☐ Verordnung (EU) 2016/679 / ☐ Verordnung (EU) 2018/1725");
        // Words may hold `=` and `:` after the option id.
        let parsed = parse("frist: kurz = 14 Tage: ab Zugang | lang = 30 Tage = ein Monat").unwrap().unwrap();
        assert_eq!(parsed.options, vec![("kurz", "14 Tage: ab Zugang"), ("lang", "30 Tage = ein Monat")]);
    }

    #[test]
    fn placeholders_are_no_alternatives() {
        assert_eq!(parse("kunde.firma"), None);
    }

    #[test]
    fn refuses_what_is_malformed() {
        let error = |inner: &str| parse(inner).unwrap().unwrap_err();
        assert_eq!(error("Regelwerk: a = x | b = y"), AlternativeError::Choice("Regelwerk".into()));
        assert_eq!(error("r: a = x | b"), AlternativeError::Option("b".into()));
        assert_eq!(error("r: a = x | B = y"), AlternativeError::OptionId("B".into()));
        assert_eq!(error("r: a = x | b = "), AlternativeError::Empty("b".into()));
        assert_eq!(error("r: a = x | a = y"), AlternativeError::Duplicate("a".into()));
        assert_eq!(error("r: a = x"), AlternativeError::Single);
        assert_eq!(error(": a = x | b = y"), AlternativeError::Choice(String::new()));
    }
}
