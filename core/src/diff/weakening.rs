//! Whether a TOM measure became weaker: the security level of the
//! measures may never drop (GDPR Art. 28(3)(c), 32), so a weakening needs
//! a `[[justification]]`. Read from the entity's facts (responsibility, a
//! condition, the scope) and from its words: binding and optional words,
//! promises of "always" and gaps, restricting sentences, safeguards named,
//! frequencies and amounts (`quantities`). Measures, the paragraphs of their sections and
//! explanations are read alike.

use super::entities::Entity;
use super::quantities::Amounts;

/// Where [`FREQUENCIES`] stop promising a frequency ("nach Bedarf" on).
const UNBOUNDED: usize = 7;
/// Frequency words from frequent to rare; a move to the right weakens a
/// measure. "Nach Bedarf" is rarest: it promises no frequency at all.
const FREQUENCIES: [&str; 10] = [
    "stündlich",
    "täglich",
    "wöchentlich",
    "monatlich",
    "quartalsweise",
    "halbjährlich",
    "jährlich",
    "nach bedarf",
    "bei bedarf",
    "gelegentlich",
];

/// Words that make a measure binding, and words that make it a choice.
const BINDING: [&str; 5] = ["obligatorisch", "verpflichtend", "zwingend", "verbindlich", "ausnahmslos"];
const OPTIONAL: [&str; 5] = ["optional", "freiwillig", "empfohlen", "nach möglichkeit", "auf wunsch"];

/// Words that say a measure holds without a gap, and words that add one.
/// ("24 Stunden" as well, where it is no deadline: `quantities`).
const CONSTANT: [&str; 8] =
    ["24/7", "rund um die uhr", "ständig", "permanent", "durchgehend", "lückenlos", "jederzeit", "zu jeder zeit"];
const GAPS: [&str; 8] = [
    "während der geschäftszeiten",
    "außerhalb der geschäftszeiten",
    "werktags",
    "stichprobenartig",
    "in der regel",
    "soweit möglich",
    "soweit zumutbar",
    "im einzelfall",
];

/// Words that make a sentence a restriction ("werden nicht in externe
/// Rechenzentren übertragen", "nur … zutrittsberechtigt"), by what they
/// do: negate, make exclusive, forbid. A word may stand for another of
/// its kind ("nicht" for "kein"), not for one of another kind.
const RESTRICTIONS: [&[&str]; 3] = [
    &["nicht", "kein", "keine", "keinen", "keiner", "keinem", "keines", "niemals", "nie", "niemand"],
    &["ausschließlich", "nur", "lediglich"],
    &["untersagt", "verboten", "unzulässig"],
];

/// Word stems that name a safeguard ("verschlüsselt", "Zwei-Faktor",
/// "Firewall", "Protokollierung"): fewer of one than before takes a
/// safeguard away ("Daten werden verschlüsselt übertragen" made "Daten
/// werden übertragen"), whatever else the text says. Inside compounds as
/// well ("Festplattenverschlüsselung").
const SAFEGUARDS: [&str; 20] = [
    "verschlüssel",
    "zwei-faktor",
    "2-faktor",
    "mehr-faktor",
    "multi-faktor",
    "firewall",
    "protokollier",
    "backup",
    "redundan",
    "virenschutz",
    "antivir",
    "vpn",
    "zertifizier",
    "biometri",
    "alarm",
    "videoüberwach",
    "kamera",
    "pseudonymis",
    "anonymis",
    "berechtigungskonzept",
];

/// How often `text` (lower case) names the safeguard `stem`, not counting
/// its negation ("unverschlüsselt"): made that, the safeguard is gone.
fn safeguards(text: &str, stem: &str) -> usize {
    text.match_indices(stem).filter(|(at, _)| !text[..*at].ends_with("un")).count()
}

/// A sentence of `old` that restricts (see [`RESTRICTIONS`]) and that `new`
/// no longer holds in any form: no sentence of `new` with most of its
/// words and as many restricting words of each kind. Rewording a
/// prohibition keeps it; deleting it, or one of its restricting words
/// ("nur … und nicht" made "nur … und"), weakens the measure.
fn dropped_restriction(old: &str, new: &str) -> bool {
    let sentences = |text: &str| -> Vec<Vec<String>> {
        text.to_lowercase()
            .split(['.', ';', '!', '\n'])
            .map(|s| s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect())
            .filter(|words: &Vec<String>| words.len() >= 3)
            .collect()
    };
    let restricting = |words: &[String]| -> [usize; 3] {
        RESTRICTIONS.map(|kind| words.iter().filter(|w| kind.contains(&w.as_str())).count())
    };
    let later = sentences(new);
    sentences(old).iter().any(|sentence| {
        let counts = restricting(sentence);
        counts.iter().any(|c| *c > 0)
            && !later.iter().any(|other| {
                let shared = sentence.iter().filter(|w| other.contains(w)).count();
                let kept = restricting(other);
                counts.iter().zip(kept).all(|(was, now)| now >= *was) && shared * 10 >= sentence.len() * 6
            })
    })
}

/// Whether a measure (or a section's or explanation's text) became weaker,
/// and why: responsibility moved away from the processor, a condition
/// added, the scope narrowed, a measure made a mere note, a binding
/// measure made optional or a binding word taken out, a promise of
/// "always" taken out or given a gap ("24/7" gone, "werktags" added), the
/// text cut by more than 30 %, a restricting sentence deleted or a
/// restricting word taken out of it ("… werden nicht in externe
/// Rechenzentren übertragen"), a safeguard named less often, a promised
/// amount taken out, a least amount lowered or a deadline, interval or
/// most amount raised (`quantities`), or a frequency made rarer or taken
/// out.
pub fn weakened(old: &Entity, new: &Entity) -> Option<&'static str> {
    let fact = |e: &Entity, name: &str| e.facts.get(name).cloned().unwrap_or_default();
    if fact(old, "responsible") == "processor" && fact(new, "responsible") != "processor" {
        return Some("Verantwortung vom Auftragnehmer verlagert");
    }
    if fact(old, "statement") != "note" && fact(new, "statement") == "note" {
        return Some("keine Maßnahme mehr, nur ein Hinweis");
    }
    let (was, now) = (old.text.to_lowercase(), new.text.to_lowercase());
    let (before, after) = (Amounts::of(&old.text), Amounts::of(&new.text));
    let has = |text: &str, words: &[&str]| words.iter().any(|w| text.contains(w));
    // Made optional, or a binding word taken out ("werden ausnahmslos
    // verschlüsselt" made "werden verschlüsselt").
    let binding = |text: &str| BINDING.iter().map(|w| text.matches(w).count()).sum::<usize>();
    if (has(&was, &BINDING) && has(&now, &OPTIONAL) && !has(&was, &OPTIONAL)) || binding(&was) > binding(&now) {
        return Some("Verbindlichkeit aufgehoben");
    }
    // "24/7-Überwachung" that now holds "außerhalb der Geschäftszeiten";
    // counted, as a text may promise it twice and lose one.
    let constant = |text: &str, amounts: &Amounts| {
        let at_word_start = |(at, _): &(usize, &str)| !text[..*at].chars().next_back().is_some_and(char::is_alphabetic);
        CONSTANT.iter().map(|c| text.match_indices(c).filter(at_word_start).count()).sum::<usize>()
            + usize::from(amounts.around_the_clock())
    };
    if constant(&was, &before) > constant(&now, &after) {
        return Some("lückenlose Geltung aufgehoben");
    }
    if GAPS.iter().any(|g| now.contains(g) && !was.contains(g)) {
        return Some("Einschränkung ergänzt");
    }
    if fact(old, "condition").is_empty() && !fact(new, "condition").is_empty() {
        return Some("Bedingung ergänzt");
    }
    if fact(old, "scope").is_empty() && !fact(new, "scope").is_empty() {
        return Some("Geltungsbereich eingeschränkt");
    }
    let old_words = old.text.split_whitespace().count();
    let new_words = new.text.split_whitespace().count();
    if old_words >= 6 && new_words * 10 < old_words * 7 {
        return Some("Text um mehr als 30 % gekürzt");
    }
    if dropped_restriction(&old.text, &new.text) {
        return Some("Einschränkung entfallen");
    }
    if SAFEGUARDS.iter().any(|stem| safeguards(&was, stem) > safeguards(&now, stem)) {
        return Some("Schutzmaßnahme entfallen");
    }
    if let Some(reason) = before.weakened(&after) {
        return Some(reason);
    }
    if before.dropped(&after) {
        return Some("Zahlenwert entfallen");
    }
    let rank = |text: &str| FREQUENCIES.iter().position(|f| text.contains(f));
    match (rank(&was), rank(&now)) {
        (Some(x), Some(y)) if y > x => Some("Häufigkeit verringert"),
        // "täglich" taken out (or made "regelmäßig"): no frequency is
        // promised any more, unless it is said as a duration now.
        (Some(x), None) if x < UNBOUNDED && !after.has_duration() => Some("Häufigkeit entfallen"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{SAFEGUARDS, dropped_restriction, safeguards};

    #[test]
    fn a_deleted_restriction_is_seen_a_reworded_one_is_not() {
        let old = "Der Serverraum ist gesichert. Personenbezogene Daten werden nicht in externe Rechenzentren bzw. Clouds übertragen.";
        // Deleted.
        assert!(dropped_restriction(old, "Der Serverraum ist gesichert."));
        // Reworded, the prohibition kept.
        assert!(!dropped_restriction(
            old,
            "Der Serverraum ist gesichert. Personenbezogene Daten werden nicht in externe Rechenzentren oder Clouds übertragen."
        ));
        // Another sentence changed, the prohibition untouched.
        assert!(!dropped_restriction(
            old,
            "Der fensterlose Serverraum ist gesichert. Personenbezogene Daten werden nicht in externe Rechenzentren bzw. Clouds übertragen."
        ));
        // "nur" restricts too: who may enter.
        assert!(dropped_restriction("Zutritt haben nur die Administratoren.", "Zutritt haben die Administratoren."));
        // A sentence without a restricting word may go.
        assert!(!dropped_restriction("Der Raum ist klimatisiert. Er ist gesichert.", "Er ist gesichert."));
        // One of two restricting words taken out, the other kept.
        let ssh = "Der SSH-Zugang hat nur das Recht zum Datentransfer, aber nicht zum Ausführen von Programmen.";
        assert!(dropped_restriction(ssh, &ssh.replace("aber nicht", "aber")));
        // A safeguard taken out, or negated; reworded around, it is kept.
        let safeguard = |old: &str, new: &str| {
            SAFEGUARDS.iter().any(|s| safeguards(&old.to_lowercase(), s) > safeguards(&new.to_lowercase(), s))
        };
        assert!(safeguard("Daten werden verschlüsselt übertragen.", "Daten werden übertragen."));
        assert!(safeguard("Daten werden verschlüsselt übertragen.", "Daten werden unverschlüsselt übertragen."));
        assert!(safeguard("Festplattenverschlüsselung und Firewall.", "Firewall."));
        assert!(!safeguard("Daten werden verschlüsselt übertragen.", "Übertragungen sind verschlüsselt."));
        // A negation said another way is kept.
        assert!(!dropped_restriction(
            "Daten werden nicht an Dritte weitergegeben.",
            "Daten werden an keine Dritten weitergegeben."
        ));
    }
}
