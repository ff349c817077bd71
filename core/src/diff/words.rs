//! Word-level text differences, the test for formal corrections, and which
//! members of a reordered list moved. This is the one module of the diff
//! that uses `similar`.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// `op` read back.
fn segment_op<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    ["equal", "insert", "delete"]
        .into_iter()
        .find(|op| *op == text)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown segment op `{text}`")))
}

/// One segment of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Segment {
    /// `equal`, `insert` or `delete`.
    #[serde(deserialize_with = "segment_op")]
    pub op: super::Label,
    /// The text of the segment (words with their whitespace).
    pub text: String,
}

/// The tokens a word diff compares: runs of letters and digits, single
/// punctuation characters and runs of whitespace. Splitting punctuation off
/// the words keeps an insertion before a comma ("Auftraggeber, gilt" →
/// "Auftraggeber oder einem Prüfer, gilt") a pure insertion.
fn tokens(text: &str) -> Vec<&str> {
    #[derive(PartialEq)]
    enum Class {
        Word,
        Space,
        Mark,
    }
    let class = |c: char| {
        if c.is_alphanumeric() {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Mark
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous: Option<Class> = None;
    for (i, c) in text.char_indices() {
        let current = class(c);
        let split = match &previous {
            None => false,
            Some(Class::Mark) => true,
            Some(p) => *p != current,
        };
        if split {
            out.push(&text[start..i]);
            start = i;
        }
        previous = Some(current);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Above this many pairs of tokens in the stretch where two texts differ,
/// the stretch is shown as replaced whole. A word diff of two long texts
/// that share little (a 50,000-word text replaced) took most of a minute;
/// a time limit would make the record depend on the machine, this does not.
/// About 5,000 words a side: no clause comes near it.
const MAX_PAIRS: usize = 100_000_000;

/// The word diff of two texts, adjacent segments of the same kind merged.
pub fn word_diff(old: &str, new: &str) -> Vec<Segment> {
    let (old_tokens, new_tokens) = (tokens(old), tokens(new));
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |op: &'static str, text: &str| match out.last_mut() {
        Some(last) if last.op == op => last.text.push_str(text),
        _ if text.is_empty() => {}
        _ => out.push(Segment { op, text: text.to_owned() }),
    };
    let prefix = old_tokens.iter().zip(&new_tokens).take_while(|(a, b)| a == b).count();
    let suffix =
        old_tokens[prefix..].iter().rev().zip(new_tokens[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (old_middle, new_middle) =
        (&old_tokens[prefix..old_tokens.len() - suffix], &new_tokens[prefix..new_tokens.len() - suffix]);
    if old_middle.len().saturating_mul(new_middle.len()) > MAX_PAIRS {
        push("equal", &old_tokens[..prefix].concat());
        push("delete", &old_middle.concat());
        push("insert", &new_middle.concat());
        push("equal", &old_tokens[old_tokens.len() - suffix..].concat());
        return out;
    }
    let diff = TextDiff::configure().algorithm(similar::Algorithm::Patience).diff_slices(&old_tokens, &new_tokens);
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Insert => "insert",
            ChangeTag::Delete => "delete",
        };
        push(op, change.value());
    }
    out
}

/// Similarity ratio of two texts by words (0 to 1).
pub fn similarity(old: &str, new: &str) -> f32 {
    let (a, b) = (old.split_whitespace().count(), new.split_whitespace().count());
    // As in `word_diff`: two long texts are measured by what they share at
    // their ends, not by a diff that would take minutes.
    if (2 * a).saturating_mul(2 * b) > MAX_PAIRS {
        let same = old.split_whitespace().zip(new.split_whitespace()).take_while(|(x, y)| x == y).count()
            + old.split_whitespace().rev().zip(new.split_whitespace().rev()).take_while(|(x, y)| x == y).count();
        return (2 * same.min(a.min(b))) as f32 / (a + b).max(1) as f32;
    }
    TextDiff::configure().algorithm(similar::Algorithm::Patience).diff_words(old, new).ratio()
}

/// A replaced or inserted stretch of words in a changed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The words removed (trimmed; empty for a pure insertion).
    pub old: String,
    /// The words inserted (trimmed; empty for a pure deletion).
    pub new: String,
}

/// The edits of a word diff: each run of deletions and insertions between
/// equal stretches.
pub fn edits(segments: &[Segment]) -> Vec<Edit> {
    edits_in_context(segments, 0)
}

/// The edits of a word diff as [`edits`] returns them, each preceded on both
/// sides by up to `words` words of the unchanged text before it, so that
/// "GmbH" → "AG" reads "pcvisit Software AG statt pcvisit Software GmbH".
pub fn edits_in_context(segments: &[Segment], words: usize) -> Vec<Edit> {
    let mut out = Vec::new();
    let mut context = "";
    let mut current = Edit { old: String::new(), new: String::new() };
    let flush = |current: &mut Edit, context: &str, out: &mut Vec<Edit>| {
        if !current.old.trim().is_empty() || !current.new.trim().is_empty() {
            let side = |text: &str| {
                if text.trim().is_empty() { String::new() } else { format!("{context}{text}").trim().to_owned() }
            };
            out.push(Edit { old: side(&current.old), new: side(&current.new) });
        }
        *current = Edit { old: String::new(), new: String::new() };
    };
    for segment in segments {
        match segment.op {
            "delete" => current.old.push_str(&segment.text),
            "insert" => current.new.push_str(&segment.text),
            _ => {
                flush(&mut current, context, &mut out);
                context = last_words(&segment.text, words);
            }
        }
    }
    flush(&mut current, context, &mut out);
    out
}

/// The last `n` words of `text` with the whitespace after them.
fn last_words(text: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    let body = text.trim_end();
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in body.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == n {
                    return &text[i + c.len_utf8()..];
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    text
}

/// The text reduced to what carries meaning: letters and digits, lower case.
pub(crate) fn meaning(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Whether the change from `old` to `new` is only a formal correction:
/// punctuation, whitespace or case; or spelling-level edits where each
/// replaced word is within two letters of the new one (no digits changed,
/// no word added or removed).
pub fn is_formal(old: &str, new: &str) -> bool {
    old == new || is_formal_diff(old, new, &word_diff(old, new))
}

/// [`is_formal`] for texts whose word diff `segments` is already known.
pub fn is_formal_diff(old: &str, new: &str, segments: &[Segment]) -> bool {
    if old == new || meaning(old) == meaning(new) {
        return true;
    }
    let mut changes = edits(segments)
        .into_iter()
        .map(|edit| (meaning(&edit.old), meaning(&edit.new), edit))
        .filter(|(a, b, _)| !a.is_empty() || !b.is_empty())
        .peekable();
    changes.peek().is_some()
        && changes.all(|(a, b, edit)| {
            !a.is_empty()
                && !b.is_empty()
                && edit.old.split_whitespace().count() == edit.new.split_whitespace().count()
                && !a.chars().any(|c| c.is_ascii_digit())
                && !b.chars().any(|c| c.is_ascii_digit())
                && a.chars().count() >= 4
                && crate::spelling::distance(&a, &b) <= 2
        })
}

/// Whether `new` only adds words to `old` (nothing removed or replaced).
pub fn is_pure_insertion(segments: &[Segment]) -> bool {
    segments.iter().any(|s| s.op == "insert") && segments.iter().all(|s| s.op != "delete" || s.text.trim().is_empty())
}

/// The members of `after` that moved: those outside a longest run the two
/// orders share (a diff of the members both hold inserts them). Moving
/// these, and no fewer, turns one order into the other.
pub fn moved<'a>(before: &[&str], after: &[&'a str]) -> Vec<&'a str> {
    let before: Vec<&str> = before.iter().copied().filter(|m| after.contains(m)).collect();
    let after: Vec<&'a str> = after.iter().copied().filter(|m| before.contains(m)).collect();
    similar::capture_diff_slices(similar::Algorithm::Myers, &before, &after)
        .iter()
        .flat_map(|op| match *op {
            similar::DiffOp::Insert { new_index, new_len, .. }
            | similar::DiffOp::Replace { new_index, new_len, .. } => new_index..new_index + new_len,
            _ => 0..0,
        })
        .map(|i| after[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formal_corrections() {
        assert!(is_formal("Der Auftragnehmer informiert", "Der Auftragnehmer informiert."));
        assert!(is_formal("Sicherheits-Schließsystem", "Sicherheits Schließsystem"));
        assert!(is_formal("Spannungsfiler sowie", "Spannungsfilter sowie"));
        assert!(!is_formal("Frist von 2 Wochen", "Frist von 4 Wochen"));
        assert!(!is_formal("täglich gesichert", "wöchentlich gesichert"));
        assert!(!is_formal("Auftraggeber", "Auftragnehmer statt"));
        // A role-term swap changes meaning; only a human changelog entry makes it formal.
        assert!(!is_formal(
            "informiert der Auftragnehmer den Auftraggeber",
            "informiert der Auftraggeber den Auftragnehmer"
        ));
    }

    #[test]
    fn punctuation_is_not_part_of_a_word() {
        assert_eq!(tokens("Auftraggeber, gilt: a-b"), ["Auftraggeber", ",", " ", "gilt", ":", " ", "a", "-", "b"]);
        assert_eq!(tokens("„Daten“ ..."), ["„", "Daten", "“", " ", ".", ".", "."]);
        assert!(tokens("").is_empty());
        // An insertion before a comma stays a pure insertion.
        let segments = word_diff(
            "Vor-Ort-Überprüfung durch den Auftraggeber, gilt Folgendes:",
            "Vor-Ort-Überprüfung durch den Auftraggeber oder einem von ihm beauftragten Prüfer, gilt Folgendes:",
        );
        assert!(is_pure_insertion(&segments), "{segments:?}");
        assert_eq!(
            edits(&segments),
            vec![Edit { old: String::new(), new: "oder einem von ihm beauftragten Prüfer".into() }]
        );
        // The segments still spell both texts.
        let spelled = |keep: &str| {
            segments.iter().filter(|s| s.op == "equal" || s.op == keep).map(|s| s.text.as_str()).collect::<String>()
        };
        assert_eq!(spelled("delete"), "Vor-Ort-Überprüfung durch den Auftraggeber, gilt Folgendes:");
    }

    #[test]
    fn spelling_fix_with_a_punctuation_fix_is_formal() {
        assert!(is_formal(
            "die beauftragen weiterer Unterauftragnehmer, wird",
            "die Beauftragung weiterer Unterauftragnehmer wird"
        ));
        assert!(!is_formal("die Frist, von 2 Wochen", "die Frist von 3 Wochen"));
    }

    #[test]
    fn edits_with_the_words_before_them() {
        let segments =
            word_diff("die von der pcvisit Software GmbH erhoben", "die von der pcvisit Software AG erhoben");
        assert_eq!(
            edits_in_context(&segments, 2),
            vec![Edit { old: "pcvisit Software GmbH".into(), new: "pcvisit Software AG".into() }]
        );
        assert_eq!(edits(&segments), vec![Edit { old: "GmbH".into(), new: "AG".into() }]);
        // At the start of a text there is nothing before the edit.
        let segments = word_diff("GmbH und Co", "AG und Co");
        assert_eq!(edits_in_context(&segments, 2), vec![Edit { old: "GmbH".into(), new: "AG".into() }]);
        // A pure insertion keeps its old side empty.
        let segments = word_diff("durch den Auftraggeber", "durch den Auftraggeber oder Prüfer");
        assert_eq!(
            edits_in_context(&segments, 1),
            vec![Edit { old: String::new(), new: "Auftraggeber oder Prüfer".into() }]
        );
        assert_eq!(last_words("a b  c ", 2), "b  c ");
        assert_eq!(last_words("c", 2), "c");
    }

    #[test]
    fn word_edits() {
        let segments = word_diff("durch den Auftraggeber", "durch den Auftraggeber oder einen Prüfer");
        assert!(is_pure_insertion(&segments));
        let edits = edits(&segments);
        assert_eq!(edits, vec![Edit { old: String::new(), new: "oder einen Prüfer".into() }]);
    }

    #[test]
    fn long_texts_that_share_little_are_replaced_whole_and_still_add_up() {
        let old: String = (0..30_000).map(|i| format!("alt{i} ")).collect();
        let new: String = (0..30_000).map(|i| format!("neu{i} ")).collect();
        let (old, new) = (format!("Anfang gleich. {old}Ende gleich."), format!("Anfang gleich. {new}Ende gleich."));
        let segments = word_diff(&old, &new);
        let side = |skip: &str| segments.iter().filter(|s| s.op != skip).map(|s| s.text.as_str()).collect::<String>();
        assert_eq!(side("insert"), old);
        assert_eq!(side("delete"), new);
        let ops: Vec<&str> = segments.iter().map(|s| s.op).collect();
        assert_eq!(ops, ["equal", "delete", "insert", "equal"]);
        // A short text keeps its word diff.
        let segments = word_diff("täglich gesichert", "wöchentlich gesichert");
        assert_eq!(segments.iter().map(|s| s.op).collect::<Vec<_>>(), ["delete", "insert", "equal"]);
    }
}
