//! Objection periods (GDPR Art. 28(2)): the period `[subprocessing]`
//! records is the one notices compute their last day to object from, and
//! customers read the one the contract's text states. A period of nothing
//! gives no opportunity to object; a text that says "binnen 14 Tagen
//! widersprechen" beside `objection_period = "P30D"` sends letters whose
//! deadline the contract does not hold.

use super::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::load::Folder;
use crate::model::agreement::SubprocessingTerms;
use crate::model::codes::Authorisation;
use crate::model::primitives::IsoDuration;

/// Runs the objection-period rules on the agreement.
pub fn check(folder: &Folder, out: &mut Vec<Diagnostic>) {
    let Some(parsed) = &folder.agreement else { return };
    let Some(sub) = &parsed.value.subprocessing else { return };
    let file = parsed.path.as_path();
    let recorded: Vec<(String, &IsoDuration)> =
        std::iter::once(("/subprocessing/objection_period".to_owned(), sub.objection_period.as_ref()))
            .chain(
                sub.terms
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (format!("/subprocessing/terms/{i}/objection_period"), t.objection_period.as_ref())),
            )
            .filter_map(|(pointer, period)| period.map(|p| (pointer, p)))
            .collect();
    for (pointer, period) in &recorded {
        if period.is_zero() {
            out.push(
                Diagnostic::at(
                    Code::ObjectionPeriodZero,
                    file,
                    pointer.as_str(),
                    format!("the objection period `{period}` is no time at all: a notice's last day to object would be its own day"),
                )
                .with_help("set the period the contract gives the controller to object, e.g. `objection_period = \"P14D\"`"),
            );
        }
    }
    let general = |t: &SubprocessingTerms| t.authorisation == Some(Authorisation::General);
    let missing = sub.possible_terms().iter().any(|t| general(t) && t.objection_period.is_none());
    // Nothing to compare the text with, nor a period to suggest: the texts
    // are not read (this runs in the pre-commit hook).
    if recorded.is_empty() && !missing {
        return;
    }
    // The periods the text gives, where they are.
    let mut stated: Vec<(String, Stated<'_>)> = Vec::new();
    walk::strings(&parsed.tree, &mut |pointer, key, text| {
        if matches!(key, "id" | "reason" | "rule") || pointer.passes("allow") {
            return;
        }
        stated.extend(stated_periods(text).into_iter().map(|s| (pointer.to_string(), s)));
    });
    if missing {
        // The text may say it: then that is the value to set.
        let help = match stated.first() {
            Some((_, said)) => format!(
                "the text gives {} („{}“): set `objection_period = \"{}\"` so deadlines can be computed",
                said.amount,
                said.words,
                said.amount.iso()
            ),
            None => "set `objection_period = \"P14D\"` (or the period the contract names) so deadlines can be computed"
                .to_owned(),
        };
        out.push(
            Diagnostic::at(
                Code::ObjectionPeriodMissing,
                file,
                "/subprocessing",
                "general authorisation without an objection period",
            )
            .with_help(help),
        );
    }
    if recorded.is_empty() {
        return;
    }
    for (pointer, stated) in stated {
        if recorded.iter().any(|(_, period)| stated.amount.same_as(period)) {
            continue;
        }
        let names: Vec<String> = recorded.iter().map(|(_, period)| format!("`{period}`")).collect();
        out.push(
            Diagnostic::in_text(
                Code::ObjectionPeriodDiffers,
                file,
                pointer.as_str(),
                stated.words.to_owned(),
                format!(
                    "the text's „{}“ gives {} to object, but `objection_period` is {}: notices compute the last day to object from that",
                    stated.words,
                    stated.amount,
                    names.join(" or ")
                ),
            )
            .with_help(format!(
                "set `objection_period = \"{}\"` if the text is right, or change the text to the period agreed",
                stated.amount.iso()
            )),
        );
    }
}

/// A period of days, weeks or months as a text states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Amount {
    /// Calendar days (weeks counted as seven).
    Days(u32),
    /// Months.
    Months(u32),
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Amount::Days(1) => f.write_str("1 day"),
            Amount::Days(days) => write!(f, "{days} days"),
            Amount::Months(1) => f.write_str("1 month"),
            Amount::Months(months) => write!(f, "{months} months"),
        }
    }
}

impl Amount {
    /// Whether `period` is the same length: 2 weeks and 14 days are; a
    /// month and 30 days are not (months differ in length).
    fn same_as(self, period: &IsoDuration) -> bool {
        match self {
            Amount::Days(days) => period.years == 0 && period.months == 0 && period.weeks * 7 + period.days == days,
            Amount::Months(months) => {
                period.weeks == 0 && period.days == 0 && period.years * 12 + period.months == months
            }
        }
    }

    /// As an ISO 8601 duration: whole weeks as weeks.
    fn iso(self) -> String {
        match self {
            Amount::Days(days) if days > 0 && days % 7 == 0 => format!("P{}W", days / 7),
            Amount::Days(days) => format!("P{days}D"),
            Amount::Months(months) => format!("P{months}M"),
        }
    }
}

/// A unit of time: how many of it make which [`Amount`].
type Unit = fn(u32) -> Amount;

/// A period a text states for objecting, with the words that state it.
#[derive(Debug, PartialEq, Eq)]
struct Stated<'a> {
    amount: Amount,
    words: &'a str,
}

/// How many words an objection word may stand from the period it bounds
/// ("innerhalb von 2 Wochen schriftlich oder in Textform widersprochen").
/// Further away a period is another's: pcvisit's "nach Ausübung des
/// 2-wöchigen Widerspruchsrechts … kann jede Seite den Hauptvertrag
/// innerhalb von 4 Wochen … kündigen" gives 4 weeks to terminate.
const NEAR: usize = 6;

/// One word of a text, lower-cased, and where it is.
#[derive(Debug)]
struct Word {
    lower: String,
    start: usize,
    end: usize,
}

/// The periods `text` gives for objecting: "binnen 14 Tagen widersprechen",
/// "innerhalb von zwei Wochen Einspruch erheben", "des 2-wöchigen
/// Widerspruchsrechts". A period counts only within [`NEAR`] words of an
/// objection word, with no word of termination between them or just after it.
fn stated_periods(text: &str) -> Vec<Stated<'_>> {
    // Most texts name no objection: they are not split into words. A stem
    // without its first (ASCII) letter matches either case of it.
    if !OBJECTION_STEMS.iter().any(|stem| text.contains(&stem[1..])) {
        return Vec::new();
    }
    let words = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let Some((amount, last)) = period_at(&words, i) else {
            i += 1;
            continue;
        };
        let (first, after) = (&words[i], last + 1);
        let before = i.saturating_sub(NEAR);
        let near_before = words[before..i].iter().rposition(|w| objection_word(&w.lower)).map(|p| before + p);
        let near_after = words[after..(after + NEAR).min(words.len())].iter().position(|w| objection_word(&w.lower));
        let objected = match (near_before, near_after) {
            (Some(at), _) => !words[at..i].iter().any(|w| termination_word(&w.lower)),
            (None, Some(offset)) => !words[after..after + offset].iter().any(|w| termination_word(&w.lower)),
            (None, None) => false,
        };
        // "nach einem Widerspruch innerhalb von 4 Wochen kündigen": the
        // period bounds the termination that follows it.
        let terminates = words[after..(after + NEAR).min(words.len())].iter().any(|w| termination_word(&w.lower));
        let objected = objected && !terminates;
        if objected {
            out.push(Stated { amount, words: &text[first.start..words[last].end] });
        }
        i = after;
    }
    out
}

/// The words of `text`: letters and digits, with where each stands.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                out.push(Word { lower: text[from..at].to_lowercase(), start: from, end: at });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The period that starts at word `i`, and the index of its last word:
/// "innerhalb (von) (einer Frist von) N Tagen|Wochen|Monaten", "binnen N …",
/// "Frist von N …", "N-wöchig…|N-tägig…|N-monatig…".
fn period_at(words: &[Word], i: usize) -> Option<(Amount, usize)> {
    let word = |k: usize| words.get(k).map(|w| w.lower.as_str());
    // "2-wöchigen", "zweiwöchigen", "14-tägigen".
    if let Some(n) = number(&words[i].lower)
        && let Some(unit) = word(i + 1).and_then(adjective_unit)
    {
        return Some((unit(n), i + 1));
    }
    if let Some((n, unit)) = fused_adjective(&words[i].lower) {
        return Some((unit(n), i));
    }
    let mut k = match word(i)? {
        "innerhalb" | "binnen" => i + 1,
        "frist" if word(i + 1) == Some("von") => i + 2,
        _ => return None,
    };
    if word(k) == Some("von") {
        k += 1;
    }
    if word(k) == Some("einer") && word(k + 1) == Some("frist") && word(k + 2) == Some("von") {
        k += 3;
    }
    let n = number(word(k)?)?;
    let unit = noun_unit(word(k + 1)?)?;
    Some((unit(n), k + 1))
}

/// A number written as digits or as a word ("zwei", "vierzehn").
fn number(word: &str) -> Option<u32> {
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse().ok().filter(|n| *n < 10_000);
    }
    let n = match word {
        "ein" | "eine" | "einer" | "einem" | "einen" => 1,
        "zwei" => 2,
        "drei" => 3,
        "vier" => 4,
        "fünf" => 5,
        "sechs" => 6,
        "sieben" => 7,
        "acht" => 8,
        "neun" => 9,
        "zehn" => 10,
        "elf" => 11,
        "zwölf" => 12,
        "vierzehn" => 14,
        "einundzwanzig" => 21,
        "achtundzwanzig" => 28,
        "dreißig" => 30,
        _ => return None,
    };
    Some(n)
}

/// The unit a noun names: "Tagen", "Kalendertagen", "Wochen", "Monaten".
/// Working days ("Werktagen") are no calendar period and are left alone.
fn noun_unit(word: &str) -> Option<Unit> {
    match word {
        "tag" | "tage" | "tagen" | "kalendertag" | "kalendertage" | "kalendertagen" => Some(Amount::Days),
        "woche" | "wochen" => Some(|n| Amount::Days(n * 7)),
        "monat" | "monate" | "monaten" => Some(Amount::Months),
        _ => None,
    }
}

/// The unit of an adjective after a number: "wöchigen" of "2-wöchigen".
fn adjective_unit(word: &str) -> Option<Unit> {
    if word.starts_with("wöchig") {
        Some(|n| Amount::Days(n * 7))
    } else if word.starts_with("tägig") {
        Some(Amount::Days)
    } else if word.starts_with("monatig") {
        Some(Amount::Months)
    } else {
        None
    }
}

/// "zweiwöchigen", "vierzehntägigen": a number word and the unit in one.
fn fused_adjective(word: &str) -> Option<(u32, Unit)> {
    for suffix in ["wöchig", "tägig", "monatig"] {
        if let Some(at) = word.find(suffix)
            && at > 0
            && let Some(n) = number(&word[..at])
        {
            return Some((n, adjective_unit(&word[at..])?));
        }
    }
    None
}

/// How words of objecting start: "Einspruch", "widersprechen",
/// "Widerspruchsrecht", "Einwände".
const OBJECTION_STEMS: [&str; 4] = ["einspruch", "widersp", "einwand", "einwänd"];

/// A word of objecting.
fn objection_word(word: &str) -> bool {
    OBJECTION_STEMS.iter().any(|stem| word.starts_with(stem))
}

/// A word of terminating: the period near it is a notice period.
fn termination_word(word: &str) -> bool {
    word.starts_with("kündig") || word.starts_with("sonderkündig")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stated(text: &str) -> Vec<(Amount, &str)> {
        stated_periods(text).into_iter().map(|s| (s.amount, s.words)).collect()
    }

    #[test]
    fn reads_the_periods_the_bundled_and_usual_texts_give() {
        // zerer, pcvisit and the complete fixture.
        assert_eq!(
            stated(
                "soweit … der Auftraggeber nicht innerhalb von 2 Wochen schriftlich oder in Textform widersprochen hat."
            ),
            [(Amount::Days(14), "innerhalb von 2 Wochen")]
        );
        assert_eq!(
            stated(
                "Können sich Auftraggeber und Auftragnehmer nach Ausübung des 2-wöchigen Widerspruchsrechts nicht auf eine einvernehmliche Lösung einigen, kann jede Seite den Hauptvertrag innerhalb von 4 Wochen nach Scheitern der Verhandlungen kündigen (Sonderkündigungsrecht)."
            ),
            [(Amount::Days(14), "2-wöchigen")]
        );
        assert_eq!(
            stated("der Auftraggeber kann binnen 14 Tagen widersprechen."),
            [(Amount::Days(14), "binnen 14 Tagen")]
        );
        assert_eq!(
            stated("Einspruch ist innerhalb einer Frist von einem Monat zu erheben."),
            [(Amount::Months(1), "innerhalb einer Frist von einem Monat")]
        );
        assert_eq!(stated("Das vierzehntägige Widerspruchsrecht"), [(Amount::Days(14), "vierzehntägige")]);
        assert_eq!(
            stated("Der Auftraggeber kann innerhalb von dreißig Kalendertagen Einwände erheben."),
            [(Amount::Days(30), "innerhalb von dreißig Kalendertagen")]
        );
    }

    #[test]
    fn leaves_other_periods_alone() {
        for text in [
            // A notice period: termination between, or no objection near.
            "Der Auftraggeber kann nach einem Widerspruch innerhalb von 4 Wochen kündigen.",
            "Der Vertrag kann mit einer Frist von 4 Wochen gekündigt werden.",
            "Die Daten werden innerhalb von 30 Tagen gelöscht.",
            // Working days are no calendar period.
            "binnen 10 Werktagen widersprechen",
            // A placeholder, not a number.
            "innerhalb von {{ frist }} Tagen widersprechen",
            "Die Zustimmung gilt als erteilt, wenn der Betroffene nicht innerhalb der Frist widerspricht.",
        ] {
            assert_eq!(stated(text), [], "{text}");
        }
    }

    #[test]
    fn compares_lengths_not_words() {
        let period = |s: &str| IsoDuration::parse(s).unwrap();
        assert!(Amount::Days(14).same_as(&period("P2W")));
        assert!(Amount::Days(14).same_as(&period("P14D")));
        assert!(Amount::Days(14).same_as(&period("P1W7D")));
        assert!(!Amount::Days(30).same_as(&period("P1M")));
        assert!(Amount::Months(12).same_as(&period("P1Y")));
        assert_eq!(Amount::Days(14).iso(), "P2W");
        assert_eq!(Amount::Days(10).iso(), "P10D");
        assert_eq!(Amount::Months(1).iso(), "P1M");
        assert_eq!((Amount::Days(14).to_string(), Amount::Months(1).to_string()), ("14 days".into(), "1 month".into()));
        // A period of no time is written as one, not as `P`.
        assert_eq!(period("P0D").to_string(), "P0D");
        assert_eq!(period("P0W").to_string(), "P0D");
        assert!(period("P0W").is_zero() && !period("P1D").is_zero());
    }
}
