//! Numbers in a measure's text and which way they bound it, so that a
//! change of one can be told a weakening ("mindestens 12 Zeichen" → 8,
//! "innerhalb von 24 Stunden" → 72) from a strengthening
//! ("alle 90 Tage" → 30) or a rewording ("72 Stunden" → "3 Tagen").

/// Which way a number bounds what the measure promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// A least amount: a length, a count, a retention. Less is weaker.
    Floor,
    /// A most amount: a deadline, an interval, attempts allowed, a time of
    /// inactivity. More is weaker.
    Cap,
}

/// A number of a text, in minutes where it is a duration.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Quantity {
    /// The number as written.
    number: u64,
    /// The number in minutes where it is a duration, else as written.
    value: f64,
    duration: bool,
    bound: Bound,
    /// Whether it is an amount the measure promises: a duration, or a
    /// number a word bounds ("mindestens 12", "nach 5 Fehlversuchen"),
    /// not a bare number (a standard, a street number).
    promised: bool,
}

/// Words before a number that make it a most amount: "alle 90 Tage",
/// "innerhalb von 24 Stunden", "spätestens nach 3 Tagen", "maximal 5"
/// ("bis zu 4 Stunden" as well, not "von 8 bis 18 Uhr").
const CAP_BEFORE: [&str; 8] = ["alle", "innerhalb", "binnen", "spätestens", "höchstens", "maximal", "max", "längstens"];

/// Words after a number that make it a most amount: "nach 5 Fehlversuchen",
/// "nach 15 Minuten Inaktivität".
const CAP_AFTER: [&str; 6] = ["fehlversuch", "fehleingabe", "falsch", "inaktivität", "untätigkeit", "leerlauf"];

/// Minutes per unit; the first prefix that a word starts with counts.
const UNITS: [(&str, f64); 10] = [
    ("sekunde", 1.0 / 60.0),
    ("sek", 1.0 / 60.0),
    ("minute", 1.0),
    ("min", 1.0),
    ("stunde", 60.0),
    ("std", 60.0),
    ("tag", 1_440.0),
    ("woche", 10_080.0),
    ("monat", 43_800.0),
    ("jahr", 525_600.0),
];

/// The unit word `word` names, in minutes ("h" for hours as well).
fn unit(word: &str) -> Option<f64> {
    if word == "h" {
        return Some(60.0);
    }
    UNITS.iter().find(|(prefix, _)| word.starts_with(prefix)).map(|(_, minutes)| *minutes)
}

/// The numbers of a text with their bounds, read once for every question
/// the weakening check asks of them.
pub(super) struct Amounts(Vec<Quantity>);

impl Amounts {
    /// The numbers of `text`. "24/7" is two numbers that say "always"; a
    /// word such as "mindestens" makes a least amount whatever else
    /// surrounds it.
    pub(super) fn of(text: &str) -> Self {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let mut out = Vec::new();
        for (at, word) in words.iter().enumerate() {
            let Ok(number) = word.parse::<u64>() else { continue };
            let after = words.get(at + 1).copied().unwrap_or("");
            let minutes = unit(after);
            let before = &words[at.saturating_sub(3)..at];
            let following = &words[(at + 1).min(words.len())..(at + 3).min(words.len())];
            let floor = before.iter().any(|w| *w == "mindestens" || *w == "wenigstens");
            let cap = before.iter().any(|w| CAP_BEFORE.contains(w))
                || before.windows(2).any(|pair| pair == ["bis", "zu"])
                || following.iter().any(|w| CAP_AFTER.iter().any(|c| w.starts_with(c)));
            out.push(Quantity {
                number,
                value: number as f64 * minutes.unwrap_or(1.0),
                duration: minutes.is_some(),
                bound: if cap && !floor { Bound::Cap } else { Bound::Floor },
                promised: minutes.is_some() || cap || floor,
            });
        }
        Self(out)
    }

    /// Whether the text promises something around the clock, "24 Stunden"
    /// as an amount of each day, not as a deadline ("innerhalb von 24
    /// Stunden").
    pub(super) fn around_the_clock(&self) -> bool {
        self.0.iter().any(|q| q.number == 24 && q.value == 1_440.0 && q.bound == Bound::Floor)
    }

    /// Why a number of these that `new` changed weakens the measure: a
    /// least amount lowered, or a most amount raised (compared in minutes
    /// where both are durations). Only where both texts hold as many
    /// numbers, so that each is paired with its own.
    pub(super) fn weakened(&self, new: &Self) -> Option<&'static str> {
        if self.0.len() != new.0.len() {
            return None;
        }
        for (was, now) in self.0.iter().zip(&new.0) {
            // A duration against a bare number ("3 Tage" → "3"): not comparable.
            if was.duration != now.duration {
                continue;
            }
            match was.bound {
                Bound::Floor if now.value < was.value => return Some("Zahlenwert verringert"),
                Bound::Cap if now.value > was.value && was.duration => return Some("Frist oder Intervall verlängert"),
                Bound::Cap if now.value > was.value => return Some("Höchstwert erhöht"),
                _ => {}
            }
        }
        None
    }

    /// Whether `new` leaves out an amount these promise ("innerhalb von 24
    /// Stunden", "mindestens 12 Zeichen"): it holds fewer of them, and one
    /// of these is not among its own. Said in another unit it is still
    /// there.
    pub(super) fn dropped(&self, new: &Self) -> bool {
        let promised = |amounts: &Self| amounts.0.iter().filter(|q| q.promised).copied().collect::<Vec<_>>();
        let (before, after) = (promised(self), promised(new));
        let same = |a: &Quantity, b: &Quantity| a.value == b.value && a.duration == b.duration && a.bound == b.bound;
        after.len() < before.len() && before.iter().any(|was| !after.iter().any(|now| same(was, now)))
    }

    /// Whether the text names a duration ("alle 24 Stunden"): a frequency
    /// may be said as one.
    pub(super) fn has_duration(&self) -> bool {
        self.0.iter().any(|q| q.duration)
    }
}

#[cfg(test)]
mod tests {
    use super::Amounts;

    fn around_the_clock(text: &str) -> bool {
        Amounts::of(text).around_the_clock()
    }

    fn weakened(old: &str, new: &str) -> Option<&'static str> {
        Amounts::of(old).weakened(&Amounts::of(new))
    }

    fn dropped(old: &str, new: &str) -> bool {
        Amounts::of(old).dropped(&Amounts::of(new))
    }

    #[test]
    fn an_amount_taken_out_is_dropped_a_bare_number_is_not() {
        assert!(dropped("Sperre nach 5 Fehlversuchen.", "Sperre nach Fehlversuchen."));
        assert!(dropped("Wiederherstellung innerhalb von 24 Stunden.", "Wiederherstellung zeitnah."));
        assert!(dropped("Kennwörter mit mindestens 12 Zeichen.", "Sichere Kennwörter."));
        assert!(dropped("Backups 30 Tage, Logs 90 Tage.", "Backups 30 Tage."));
        assert!(!dropped("Meldung innerhalb von 72 Stunden.", "Meldung innerhalb von 3 Tagen."));
        assert!(!dropped("Zertifiziert nach ISO 27001.", "Zertifiziert."));
        assert!(!dropped("Art. 32 Abs. 1 DSGVO", "Art. 32 DSGVO"));
        assert!(!dropped("Sperre nach 5 Fehlversuchen.", "Sperre nach 3 Fehlversuchen, Meldung binnen 1 Stunde."));
    }

    #[test]
    fn twenty_four_hours_is_around_the_clock_unless_it_is_a_deadline() {
        assert!(around_the_clock("an 365 Tagen im Jahr 24 Stunden durch Wachpersonal besetzt"));
        assert!(around_the_clock("24 Stunden am Tag"));
        assert!(!around_the_clock("Wiederherstellung innerhalb von 24 Stunden"));
        assert!(!around_the_clock("binnen 24 Stunden"));
        assert!(!around_the_clock("24 Tage"));
    }

    #[test]
    fn every_bound_is_read_its_own_way() {
        let cases: [(&str, &str, Option<&str>); 19] = [
            // Least amounts: less is weaker.
            (
                "Passwörter mit mindestens 12 Zeichen.",
                "Passwörter mit mindestens 8 Zeichen.",
                Some("Zahlenwert verringert"),
            ),
            ("Passwörter mit mindestens 8 Zeichen.", "Passwörter mit mindestens 12 Zeichen.", None),
            ("Backups werden 30 Tage aufbewahrt.", "Backups werden 14 Tage aufbewahrt.", Some("Zahlenwert verringert")),
            ("Backups werden 4 Wochen aufbewahrt.", "Backups werden 30 Tage aufbewahrt.", None),
            (
                "Zwei Rechenzentren in 5 km Abstand.",
                "Zwei Rechenzentren in 2 km Abstand.",
                Some("Zahlenwert verringert"),
            ),
            // Deadlines and intervals: more is weaker.
            (
                "Sicherheitsupdates werden innerhalb von 24 Stunden eingespielt.",
                "Sicherheitsupdates werden innerhalb von 72 Stunden eingespielt.",
                Some("Frist oder Intervall verlängert"),
            ),
            (
                "Sicherheitsupdates werden innerhalb von 72 Stunden eingespielt.",
                "Sicherheitsupdates werden innerhalb von 24 Stunden eingespielt.",
                None,
            ),
            (
                "Sicherheitsupdates werden binnen 2 Tagen eingespielt.",
                "Sicherheitsupdates werden binnen 1 Woche eingespielt.",
                Some("Frist oder Intervall verlängert"),
            ),
            (
                "Kennwörter werden alle 90 Tage geändert.",
                "Kennwörter werden alle 180 Tage geändert.",
                Some("Frist oder Intervall verlängert"),
            ),
            ("Kennwörter werden alle 90 Tage geändert.", "Kennwörter werden alle 30 Tage geändert.", None),
            (
                "Der Bildschirm sperrt nach 5 Minuten Inaktivität.",
                "Der Bildschirm sperrt nach 15 Minuten Inaktivität.",
                Some("Frist oder Intervall verlängert"),
            ),
            ("Sperre nach 3 Fehlversuchen.", "Sperre nach 10 Fehlversuchen.", Some("Höchstwert erhöht")),
            ("Sperre nach 10 Fehlversuchen.", "Sperre nach 3 Fehlversuchen.", None),
            (
                "Höchstens 5 Administratoren haben Zugriff.",
                "Höchstens 8 Administratoren haben Zugriff.",
                Some("Höchstwert erhöht"),
            ),
            (
                "Ausfallzeiten von bis zu 4 Stunden.",
                "Ausfallzeiten von bis zu 8 Stunden.",
                Some("Frist oder Intervall verlängert"),
            ),
            ("Zutritt von 8 bis 18 Uhr.", "Zutritt von 8 bis 20 Uhr.", None),
            // The same amount in another unit is no change of the promise.
            ("Meldung innerhalb von 72 Stunden.", "Meldung innerhalb von 3 Tagen.", None),
            ("Aufbewahrung 12 Monate.", "Aufbewahrung 1 Jahr.", None),
            // Numbers that are not paired (one added) are left to the other checks.
            ("Zutritt nur mit Karte.", "Zutritt nur mit Karte und 4 Ziffern.", None),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(old, new, expected)| weakened(old, new) != *expected)
            .map(|(old, new, expected)| format!("{old} → {new}: {:?}, expected {expected:?}", weakened(old, new)))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
