//! Stable kebab-case ids: from a title ("Gegenstand und Dauer" →
//! `gegenstand-dauer`), or from the number when there is no title
//! (`punkt-2-1`); unique within the folder.

use std::collections::{HashMap, HashSet};

/// Words that carry no meaning in an id.
const STOP: [&str; 24] = [
    "und", "der", "die", "das", "des", "den", "dem", "zur", "zum", "von", "im", "in", "mit", "fuer", "bei", "gemaess",
    "nach", "sowie", "oder", "ein", "eine", "einer", "zu", "an",
];

/// The ids handed out so far.
#[derive(Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
    /// The next suffix to try per base, so a thousand equal titles cost no more than one each.
    next: HashMap<String, usize>,
}

/// `text` as kebab-case: umlauts spelt out, other characters dropped,
/// stop words left out, at most six words and 48 characters.
pub fn slug(text: &str) -> String {
    let spelt = crate::model::primitives::id_words(text);
    let words: Vec<&str> = spelt.split_whitespace().collect();
    let meaningful: Vec<&str> = words.iter().copied().filter(|w| !STOP.contains(w)).collect();
    let chosen = if meaningful.is_empty() { words } else { meaningful };
    let mut out = String::new();
    for word in chosen.into_iter().take(6) {
        if out.len() + word.len() + 1 > 48 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

impl Ids {
    /// A new id from `text`; `fallback` when the text gives none. The id
    /// starts with a letter and is unique among those handed out.
    pub fn make(&mut self, text: &str, fallback: &str) -> String {
        let mut base = slug(text);
        if base.is_empty() {
            base = slug(fallback);
        }
        if base.is_empty() {
            base = "teil".to_owned();
        }
        if !base.starts_with(|c: char| c.is_ascii_lowercase()) {
            base = format!("punkt-{base}");
        }
        let mut id = base.clone();
        let n = self.next.entry(base.clone()).or_insert(2);
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::primitives::is_kebab_id;

    #[test]
    fn ids_are_kebab_case_and_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.make("Gegenstand und Dauer des Auftrags", ""), "gegenstand-dauer-auftrags");
        assert_eq!(ids.make("Gegenstand und Dauer des Auftrags", ""), "gegenstand-dauer-auftrags-2");
        assert_eq!(ids.make("Trennungsgebot", ""), "trennungsgebot");
        assert_eq!(ids.make("", "2.1"), "punkt-2-1");
        assert_eq!(ids.make("§§ !!", ""), "teil");
        assert_eq!(ids.make("Verfügbarkeit / Belastbarkeit", ""), "verfuegbarkeit-belastbarkeit");
        let long = ids.make(&"Wort ".repeat(100), "");
        assert!(is_kebab_id(&long), "{long}");
    }
}
