//! German change texts in the style of a hand-kept Versionshistorie
//! ("neuer Unterauftragnehmer: Auth0 (Punkt 6.5 AVV)", "Wegfall
//! Unterauftragnehmer inxmail, tandemploy, domainfactory",
//! "3.2.1: Entfernen Punkt Sicherheitsverglasung").

use std::collections::BTreeMap;

use super::entities::{Entities, Entity, EntityKind};
use super::words::{edits, edits_in_context};
use super::{Change, Op};
use crate::model::codes::{ChangeKind, DateStyle};
use crate::model::numbering::german_date;
use crate::model::primitives::Date;

/// "Punkt 6.5 AVV", or "Anhang 2" where the list has no clause.
fn list_place(all: &Entities) -> String {
    let (doc, reference) = &all.list_place;
    if reference.is_empty() { doc.clone() } else { format!("Punkt {reference} {doc}") }
}

fn place(change: &Change) -> String {
    if change.reference.is_empty() { change.doc.clone() } else { format!("Punkt {} {}", change.reference, change.doc) }
}

/// "TOM 3.2", or "TOM" for a place without a number (an unnumbered measure).
pub(crate) fn doc_and_number(change: &Change) -> String {
    if change.reference.is_empty() { change.doc.clone() } else { format!("{} {}", change.doc, change.reference) }
}

pub(crate) fn particulars_noun(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Purpose => "Zweck der Verarbeitung",
        EntityKind::DataCategory => "Datenkategorie",
        _ => "Kategorie betroffener Personen",
    }
}

/// The text for an added or removed entity.
pub fn single(change: &Change, all: &Entities) -> String {
    let added = change.op == Op::Added;
    match change.entity {
        EntityKind::Subprocessor if added => {
            // A third country: the basis of the transfer belongs in the record.
            match transfer_basis(change, all) {
                Some(basis) => format!(
                    "neuer Unterauftragnehmer: {} ({}; Übermittlungsgrundlage: {basis})",
                    change.label,
                    list_place(all)
                ),
                None => format!("neuer Unterauftragnehmer: {} ({})", change.label, list_place(all)),
            }
        }
        EntityKind::Subprocessor => format!("Wegfall Unterauftragnehmer {} ({})", change.label, list_place(all)),
        EntityKind::Measure if added => {
            format!("Ergänzung \"{}\" unter {}.", change.label, doc_and_number(change))
        }
        EntityKind::Measure => format!("{}: Entfernen Punkt {}", doc_and_number(change), change.label),
        EntityKind::Clause | EntityKind::ListEntry if added => {
            format!("Ergänzung {} ({})", place(change), change.label)
        }
        EntityKind::Clause | EntityKind::ListEntry => format!("Wegfall {} ({})", change.label, place(change)),
        EntityKind::Purpose | EntityKind::DataCategory | EntityKind::DataSubject => format!(
            "{} {} „{}“ ({})",
            if added { "Ergänzung" } else { "Wegfall" },
            particulars_noun(change.entity),
            change.label,
            place(change)
        ),
        EntityKind::Placeholder if added && change.kind == ChangeKind::Formal => {
            format!("formale Korrektur {}: Ergänzung {}", change.doc, change.label)
        }
        EntityKind::Placeholder if added => format!("Ergänzung {}: Feld „{}“", change.doc, change.label),
        EntityKind::Placeholder => format!("Wegfall {}: Feld „{}“", change.doc, change.label),
        EntityKind::Signature if added => format!("Ergänzung Unterschrift {}", change.label),
        // Its label is the party's role: „Wegfall Auftraggeber“ would read as the party gone.
        EntityKind::Signature => format!("Wegfall Unterschrift {}", change.label),
        EntityKind::Party if added => format!("Ergänzung Vertragspartei {}", change.label),
        EntityKind::Party => format!("Wegfall Vertragspartei {}", change.label),
        EntityKind::Section if added => format!("Ergänzung {} {}", doc_and_number(change), change.label),
        EntityKind::Section => format!("Wegfall {} {}", doc_and_number(change), change.label),
        EntityKind::Service if added => format!("Ergänzung Leistung {}", change.label),
        EntityKind::Service => format!("Wegfall Leistung {}", change.label),
        _ if added => format!("Ergänzung {} ({})", change.label, place(change)),
        _ => format!("Wegfall {} ({})", change.label, place(change)),
    }
}

/// The text for a changed entity; `subject` names it alone (see
/// `fields::entity_place`).
pub fn changed(change: &Change, entity: &Entity, subject: &str) -> String {
    let fact = |name: &str| change.facts.iter().find(|f| f.fact == name);
    match entity.kind {
        EntityKind::Subprocessor => {
            if let Some(transfer) = fact("transfer") {
                // The basis changes with what made it necessary (a new
                // country): that is part of the record too.
                format!(
                    "Aktualisierung der Übermittlungsgrundlage ({}) bei Unterauftragnehmer {}{}",
                    mechanism_label(&transfer.new),
                    change.label,
                    besides_transfer(change)
                )
            } else if fact("safeguards").is_some() && change.facts.len() == 1 {
                format!("Aktualisierung der Datenschutzmaßnahmen bei Unterauftragnehmer {}", change.label)
            } else if change.kind == ChangeKind::Formal {
                format!("formale Korrektur: Unterauftragnehmer {}", change.label)
            } else {
                // Where it sits and processes is a word or two, and what a
                // customer decides on: said with its values; longer facts
                // (an address, a service) by their names.
                let what: Vec<String> = change
                    .facts
                    .iter()
                    .map(|f| match f.fact.as_str() {
                        "country" | "processing" => fact_change_de(f),
                        _ => f.label.clone(),
                    })
                    .collect();
                format!("Aktualisierung Unterauftragnehmer {} ({})", change.label, what.join(", "))
            }
        }
        EntityKind::Subprocessing => {
            let period = fact("objection_period");
            match period {
                Some(p) => format!(
                    "Aktualisierung Widerspruchsfrist Unterauftragnehmer: {} statt {}",
                    duration_de(&p.new),
                    duration_de(&p.old)
                ),
                None => format!("Aktualisierung Regelung Unterauftragnehmer ({})", change.doc),
            }
        }
        EntityKind::Signature => match change.kind {
            ChangeKind::Addition => format!("Ergänzung Unterschrift {}", change.label),
            ChangeKind::Removal => format!("Wegfall Unterschrift {}", change.label),
            ChangeKind::Formal => {
                let when: Vec<String> = ["place", "date"]
                    .into_iter()
                    .filter_map(|name| fact(name).map(|f| f.new.clone()))
                    .filter(|value| !value.is_empty())
                    .map(|value| match Date::parse(&value) {
                        Some(date) => german_date(date, DateStyle::Numeric),
                        None => value,
                    })
                    .collect();
                format!("Unterschrift {} neu datiert ({})", change.label, when.join(", "))
            }
            _ => format!("Aktualisierung Unterschrift {}", change.label),
        },
        EntityKind::Party => format!("Aktualisierung Vertragspartei {}", change.label),
        EntityKind::Measure if change.flags.contains(&super::Flag::SecurityLevel) => {
            let reason = fact("weakened").map(|f| f.new.clone()).unwrap_or_default();
            format!("Aktualisierung {subject} ({reason})")
        }
        EntityKind::Purpose | EntityKind::DataCategory | EntityKind::DataSubject => {
            // The verb says what the kind column says: words only added are
            // an Ergänzung, a typo fixed a formale Korrektur.
            let verb = match change.kind {
                ChangeKind::Addition => "Ergänzung",
                ChangeKind::Formal => "formale Korrektur",
                _ => "Aktualisierung",
            };
            format!("{verb} {} „{}“ ({})", particulars_noun(entity.kind), change.label, place(change))
        }
        EntityKind::Measure | EntityKind::Explanation if change.kind != ChangeKind::Formal => {
            format!("Aktualisierung {subject}")
        }
        EntityKind::Section | EntityKind::Note if change.kind != ChangeKind::Formal => {
            format!("Aktualisierung {}: {}", doc_and_number(change), change.label)
        }
        _ => match change.kind {
            ChangeKind::Formal => formal_text(change),
            ChangeKind::Addition => {
                // The words quoted without the commas that joined them in.
                let inserted: Vec<String> = edits(&change.words)
                    .into_iter()
                    .map(|e| e.new.trim_matches(|c: char| matches!(c, ',' | ';') || c.is_whitespace()).to_owned())
                    .filter(|n| !n.is_empty())
                    .collect();
                let words: usize = inserted.iter().map(|i| i.split_whitespace().count()).sum();
                // A long insertion is named by the place's own name, where it
                // has one, rather than quoted in part.
                if words > QUOTED_WORDS && entity.named && !subject.contains(change.label.as_str()) {
                    format!("Ergänzung {subject} ({})", change.label)
                } else if words > QUOTED_WORDS && entity.named {
                    format!("Ergänzung {subject}")
                } else {
                    let quoted: Vec<String> = inserted.iter().map(|i| quote(i)).collect();
                    format!("Ergänzung {subject}: {}", quoted.join(", "))
                }
            }
            _ => format!("Überarbeitung / Aktualisierung {subject}"),
        },
    }
}

/// "formale Korrektur AVV: 8.3 Auftraggeber statt Auftragnehmer".
fn formal_text(change: &Change) -> String {
    // A short word ("AG" for "GmbH") says little alone: name it with the two words before it.
    let short = |text: &str| super::words::meaning(text).chars().count() < 4;
    let substitutions: Vec<String> = edits(&change.words)
        .into_iter()
        .zip(edits_in_context(&change.words, 2))
        .filter(|(e, _)| !super::words::meaning(&e.old).is_empty() && !super::words::meaning(&e.new).is_empty())
        .map(|(e, wide)| if short(&e.old) || short(&e.new) { (wide.new, wide.old) } else { (e.new, e.old) })
        .map(|(new, old)| format!("{new} statt {old}"))
        .collect();
    let reference = if change.reference.is_empty() { String::new() } else { format!("{} ", change.reference) };
    if substitutions.len() == 1 && substitutions[0].len() < 80 {
        format!("formale Korrektur {}: {reference}{}", change.doc, substitutions[0])
    } else {
        format!(
            "formale Korrektur {}: {}",
            change.doc,
            if reference.is_empty() { change.label.clone() } else { format!("Punkt {}", reference.trim()) }
        )
    }
}

/// How many inserted words a change text quotes in full.
const QUOTED_WORDS: usize = 30;

/// `text` in German quotation marks; a text longer than [`QUOTED_WORDS`]
/// ends after its first sentence (or its first words where no sentence
/// ends early), marked with "…".
fn quote(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= QUOTED_WORDS {
        return format!("„{}“", words.join(" "));
    }
    let mut sentence = Vec::new();
    for word in &words {
        sentence.push(*word);
        if sentence.len() >= 5 && word.ends_with(['.', '!', '?', ':', ';']) {
            return format!("„{} …“", sentence.join(" "));
        }
        if sentence.len() == QUOTED_WORDS {
            break;
        }
    }
    format!("„{} …“", sentence.join(" "))
}

/// "Ersetzung Unterauftragnehmer alt durch neu (Punkt 6.5 AVV)".
pub fn replacement(old_name: &str, change: &Change, all: &Entities) -> String {
    let at = if change.reference.is_empty() {
        change.doc.clone()
    } else {
        format!("Punkt {} {}", change.reference, change.doc)
    };
    match transfer_basis(change, all) {
        Some(basis) => format!(
            "Ersetzung Unterauftragnehmer {old_name} durch {} ({at}; Übermittlungsgrundlage: {basis})",
            change.label
        ),
        None => format!("Ersetzung Unterauftragnehmer {old_name} durch {} ({at})", change.label),
    }
}

/// The transfer basis of a sub-processor in a third country, in German.
fn transfer_basis(change: &Change, all: &Entities) -> Option<String> {
    all.by_id
        .get(&change.id)
        .filter(|_| change.flags.contains(&super::Flag::ChapterV))
        .and_then(|e| e.facts.get("transfer"))
        .filter(|t| !t.is_empty())
        .map(|t| mechanism_label(t))
}

/// The transfer mechanisms of a sub-processor (as the `transfer` fact
/// spells them: `adequacy:ch`, `scc:2021/914:2`, `derogation:b`) in German.
pub(crate) fn mechanism_label(transfer: &str) -> String {
    use crate::model::codes::{AdequacyDecision, TransferMechanism};
    let labels: Vec<String> = transfer
        .split(',')
        .filter(|t| !t.is_empty())
        .map(|t| {
            let mut parts = t.split(':');
            let mechanism = parts.next().unwrap_or("");
            let rest: Vec<&str> = parts.collect();
            match (mechanism, rest.as_slice()) {
                ("adequacy", ["eu-us-dpf", ..]) => "EU-U.S. Data Privacy Framework".to_owned(),
                ("adequacy", [decision, ..]) => match AdequacyDecision::from_code(decision) {
                    Some(decision) => format!("Angemessenheitsbeschluss ({})", decision.label_de()),
                    None => format!("Angemessenheitsbeschluss ({decision})"),
                },
                ("scc", [_, module, ..]) if !module.is_empty() => {
                    format!("Standardvertragsklauseln (Modul {module})")
                }
                ("derogation", [point, ..]) if !point.is_empty() => {
                    format!("Ausnahme nach Art. 49 Abs. 1 lit. {point} DS-GVO")
                }
                (code, _) => {
                    TransferMechanism::from_code(code).map_or_else(|| code.to_owned(), |m| m.label_de().to_owned())
                }
            }
        })
        .collect();
    if labels.is_empty() { "entfallen".to_owned() } else { labels.join(", ") }
}

/// The safeguards of a `safeguards` fact, as [`super::entities`] writes it
/// ("label [code, code]; label"): each label with the codes of what it states.
fn safeguards_of(value: &str) -> impl Iterator<Item = (&str, Vec<&str>)> {
    value.split("; ").filter(|s| !s.is_empty()).map(|safeguard| {
        match safeguard.strip_suffix(']').and_then(|s| s.rsplit_once(" [")) {
            Some((label, codes)) => (label, codes.split(", ").collect()),
            None => (safeguard, Vec::new()),
        }
    })
}

/// The `safeguards` fact as a reader reads it: each label with the facts
/// it states in words ("AVV (Auftragsverarbeitungsvertrag geschlossen)",
/// "ISO-zertifiziert (ISO/IEC 27001)"), not as the codes the diff compares.
pub(crate) fn safeguards_de(value: &str) -> String {
    use crate::model::codes::label_de_of;
    let word = |code: &str| match code {
        "dpa" => "Auftragsverarbeitungsvertrag geschlossen".to_owned(),
        _ => ["CertificationCode", "AttestationCode", "CodeOfConductCode"]
            .into_iter()
            .find_map(|list| label_de_of(list, code))
            .unwrap_or(code)
            .to_owned(),
    };
    safeguards_of(value)
        .map(|(label, codes)| match codes.as_slice() {
            [] => label.to_owned(),
            codes => format!("{label} ({})", codes.iter().map(|c| word(c)).collect::<Vec<_>>().join(", ")),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The labels of the `safeguards` fact as the list prints them.
pub(crate) fn safeguard_labels(value: &str) -> String {
    safeguards_of(value).map(|(label, _)| label).collect::<Vec<_>>().join("; ")
}

fn duration_de(iso: &str) -> String {
    crate::model::IsoDuration::parse(iso).map_or_else(|| "keine".to_owned(), |d| d.to_german())
}

/// A fact's value as a German reader reads it: code lists by their labels,
/// transfer mechanisms spelt out, durations and dates in words, flags as
/// ja/nein. Free text (names, addresses, services) stays as written.
pub fn fact_value_de(fact: &str, value: &str) -> String {
    use crate::model::codes::label_de_of;
    let code = |list: &str| label_de_of(list, value).map_or_else(|| value.to_owned(), str::to_owned);
    match fact {
        "transfer" => mechanism_label(value),
        "safeguards" => safeguards_de(value),
        "objection_period" => duration_de(value),
        "country" => crate::model::countries::display_de(value),
        "processing" => value.split(',').filter(|v| !v.is_empty()).map(place_de).collect::<Vec<_>>().join(", "),
        "authorisation" => code("Authorisation"),
        "role" => code("PartyRole"),
        "responsible" => code("Responsible"),
        "condition" => code("Condition"),
        "statement" => code("Statement"),
        "required" | "signed" => match value {
            "true" => "ja".to_owned(),
            "false" => "nein".to_owned(),
            _ => value.to_owned(),
        },
        "date" => Date::parse(value).map_or_else(|| value.to_owned(), |d| german_date(d, DateStyle::Numeric)),
        _ => value.to_owned(),
    }
}

/// A country code or region of processing as a German reader reads it
/// („Luxemburg“, „EWR“); a code neither names stays as written.
pub(crate) fn place_de(code: &str) -> String {
    crate::model::countries::name_de(code)
        .or_else(|| crate::model::subprocessor::Region::label_of(code))
        .map_or_else(|| code.to_owned(), str::to_owned)
}

/// The facts of a sub-processor's change besides its transfer basis and
/// the safeguards that carry it, as "; Sitzland „US“ statt „DE“".
fn besides_transfer(change: &Change) -> String {
    change
        .facts
        .iter()
        .filter(|f| !matches!(f.fact.as_str(), "transfer" | "safeguards"))
        .map(|f| format!("; {}", fact_change_de(f)))
        .collect()
}

/// A fact's change with its values („Sitzland „Luxemburg“ statt
/// „Frankreich““), or, where one side has none, its addition or removal.
fn fact_change_de(f: &super::FactChange) -> String {
    let (new, old) = (fact_value_de(&f.fact, &f.new), fact_value_de(&f.fact, &f.old));
    match (old.is_empty(), new.is_empty()) {
        (true, false) => format!("Ergänzung {} „{new}“", f.label),
        (false, true) => format!("Wegfall {} „{old}“", f.label),
        _ => format!("{} „{new}“ statt „{old}“", f.label),
    }
}

pub(crate) fn fact_de(fact: &str) -> &'static str {
    match fact {
        "name" => "Firma",
        "address" => "Anschrift",
        "country" => "Sitzland",
        "processing" => "Verarbeitungsländer",
        "location" => "Verarbeitungsort",
        "service" => "Leistung",
        "safeguards" => "Datenschutzmaßnahmen",
        "transfer" => "Übermittlungsgrundlage",
        "extra" => "weitere Angaben",
        "responsible" => "Verantwortung",
        "condition" => "Bedingung",
        "scope" => "Geltungsbereich",
        "statement" => "Art des Eintrags",
        "role" => "Rolle",
        "required" => "Pflichtfeld",
        "authorisation" => "Genehmigung",
        "objection_period" => "Einspruchsfrist",
        "choice" => "Auswahl der Bedingungen je Kunde",
        "terms" => "Bedingungen je Auswahl",
        "special_termination" => "Sonderkündigungsrecht",
        "signed" => "unterzeichnet",
        "place" => "Ort",
        "date" => "Datum",
        _ => "Angaben",
    }
}

/// "3, 5 und 6".
fn join_de(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} und {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// A TOM annex that appears or disappears as a whole: one line for it
/// instead of one per section and measure.
#[derive(Debug, Clone)]
pub struct WholeAnnex {
    /// Added or removed.
    pub op: Op,
    /// Its label ("TOM"), the document of its entities.
    pub doc: String,
    /// "Ergänzung Anlage 1 Technische und organisatorische Maßnahmen (TOM)".
    pub line: String,
}

impl WholeAnnex {
    /// The annex `annex` added (`op` = added) or removed.
    pub fn new(op: Op, annex: &crate::model::tom::TomAnnex) -> Self {
        let what = if op == Op::Added { "Ergänzung" } else { "Wegfall" };
        let name = match &annex.num {
            Some(num) => format!("{num} {}", annex.title),
            None => annex.title.clone(),
        };
        Self { op, doc: annex.label.clone(), line: format!("{what} {name} ({})", annex.label) }
    }

    fn covers(&self, change: &Change) -> bool {
        change.op == self.op
            && change.doc == self.doc
            && matches!(
                change.entity,
                EntityKind::Section | EntityKind::Measure | EntityKind::Explanation | EntityKind::Site
            )
    }
}

/// The lines of one version-table row: the human summary first, then the
/// generated texts, merged where the pcvisit table merges them.
pub fn aggregate(
    changes: &[Change],
    summary: Option<&str>,
    all: &Entities,
    initial: bool,
    whole: Option<&WholeAnnex>,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if let Some(summary) = summary {
        lines.extend(summary.lines().map(str::to_owned));
    }
    if initial {
        if summary.is_none() {
            lines.push("Erstfassung".to_owned());
        }
        return lines;
    }
    let mut removed_subs = Vec::new();
    let mut safeguard_updates = Vec::new();
    let mut transfer_updates: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut reworked: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut renumbered: BTreeMap<String, Vec<&Change>> = BTreeMap::new();
    let listed: Vec<&Change> = changes.iter().filter(|c| !super::is_incidental(c)).collect();
    // A version that only signs again still says so.
    let listed = if listed.is_empty() { changes.iter().collect() } else { listed };
    for change in listed {
        let fact = |name: &str| change.facts.iter().find(|f| f.fact == name);
        if whole.is_some_and(|w| w.covers(change)) {
            push_slot(&mut lines, "\u{0}annex");
            continue;
        }
        match (change.entity, change.op) {
            (EntityKind::Subprocessor, Op::Removed) => {
                push_slot(&mut lines, "\u{0}removed");
                removed_subs.push(change.label.clone());
            }
            (EntityKind::Subprocessor, Op::Changed)
                if fact("transfer").is_some() && besides_transfer(change).is_empty() =>
            {
                let label = mechanism_label(&fact("transfer").map(|f| f.new.clone()).unwrap_or_default());
                push_slot(&mut lines, &format!("\u{0}transfer:{label}"));
                transfer_updates.entry(label).or_default().push(change.label.clone());
            }
            (EntityKind::Subprocessor, Op::Changed) if fact("safeguards").is_some() && change.facts.len() == 1 => {
                push_slot(&mut lines, "\u{0}safeguards");
                safeguard_updates.push(change.label.clone());
            }
            // Texts reworded; a value besides the text (the order of its
            // parts, a field) keeps its own line, which says what changed.
            (EntityKind::Clause | EntityKind::ListEntry | EntityKind::Preamble, Op::Changed)
                if change.kind == ChangeKind::Update && change.facts.is_empty() =>
            {
                push_slot(&mut lines, &format!("\u{0}rework:{}", change.doc));
                let refs = reworked.entry(change.doc.clone()).or_default();
                if !change.reference.is_empty() && !refs.contains(&change.reference) {
                    refs.push(change.reference.clone());
                }
            }
            (_, Op::Renumbered) => {
                push_slot(&mut lines, &format!("\u{0}renumber:{}", change.doc));
                renumbered.entry(change.doc.clone()).or_default().push(change);
            }
            _ => {
                if !lines.contains(&change.phrase) {
                    lines.push(change.phrase.clone());
                }
            }
        }
    }
    let place = list_place(all);
    lines
        .into_iter()
        .filter_map(|line| {
            let Some(slot) = line.strip_prefix('\u{0}') else { return Some(line) };
            Some(match slot {
                "removed" => format!("Wegfall Unterauftragnehmer {} ({place})", removed_subs.join(", ")),
                "annex" => whole.map(|w| w.line.clone()).unwrap_or_default(),
                "safeguards" => {
                    let (doc, reference) = &all.list_place;
                    if reference.is_empty() {
                        format!(
                            "Aktualisierung der Datenschutzmaßnahmen der Unterauftragnehmer ({doc}): {}",
                            safeguard_updates.join(", ")
                        )
                    } else {
                        format!(
                            "Aktualisierung der Datenschutzmaßnahmen bei Punkt {reference} Unterauftragnehmer im {doc}: {}",
                            safeguard_updates.join(", ")
                        )
                    }
                }
                s if s.starts_with("transfer:") => {
                    let label = &s["transfer:".len()..];
                    format!(
                        "Aktualisierung der Übermittlungsgrundlage ({label}) bei {place}: {}",
                        transfer_updates.get(label).map(|v| v.join(", ")).unwrap_or_default()
                    )
                }
                s if s.starts_with("renumber:") => {
                    let doc = &s["renumber:".len()..];
                    match renumbered.get(doc).map(Vec::as_slice).unwrap_or_default() {
                        [one] => one.phrase.clone(),
                        // A few numbers that changed (two clauses swapped)
                        // each say which; "ab Punkt" would read as a shift.
                        few if few.len() <= 4 => {
                            let each: Vec<String> = few
                                .iter()
                                .map(|c| {
                                    format!(
                                        "{} statt {}",
                                        c.new.as_deref().unwrap_or_default(),
                                        c.old.as_deref().unwrap_or_default()
                                    )
                                })
                                .collect();
                            format!("Umnummerierung {doc} {}", join_de(&each))
                        }
                        many => {
                            // From the first place whose number changed.
                            let start = many
                                .iter()
                                .filter_map(|c| c.old.clone())
                                .min_by(|a, b| crate::version::compare(a, b))
                                .unwrap_or_default();
                            format!("Umnummerierung {doc} ab Punkt {start}")
                        }
                    }
                }
                s if s.starts_with("rework:") => {
                    let doc = &s["rework:".len()..];
                    // Each place, as the diff names it; many are summed up
                    // by their top-level clause, as hand-kept tables do.
                    let mut refs = reworked.get(doc).cloned().unwrap_or_default();
                    if refs.len() > 3 {
                        let mut tops: Vec<String> = Vec::new();
                        for top in refs.iter().filter_map(|r| r.split('.').next()) {
                            if !tops.iter().any(|t| t == top) {
                                tops.push(top.to_owned());
                            }
                        }
                        refs = tops;
                    }
                    if refs.is_empty() {
                        format!("Überarbeitung / Aktualisierung {doc}")
                    } else {
                        format!("Überarbeitung / Aktualisierung Punkt {} {doc}", join_de(&refs))
                    }
                }
                _ => return None,
            })
        })
        .collect()
}

/// Adds a merge slot once, at the place of its first change.
fn push_slot(lines: &mut Vec<String>, slot: &str) {
    if !lines.iter().any(|l| l == slot) {
        lines.push(slot.to_owned());
    }
}

/// The terms of each option of `[subprocessing] choice`, in German, as
/// one fact: "einzeln: vorherige gesonderte schriftliche Genehmigung;
/// allgemein: allgemeine schriftliche Genehmigung, Einspruchsfrist 30 Tage".
pub(crate) fn option_terms_de(options: &[crate::model::agreement::SubprocessingOption]) -> String {
    options
        .iter()
        .map(|o| {
            let mut parts: Vec<String> = Vec::new();
            if let Some(authorisation) = o.authorisation {
                parts.push(authorisation.label_de().to_owned());
            }
            if let Some(period) = &o.objection_period {
                parts.push(format!("Einspruchsfrist {}", duration_de(&period.to_string())));
            }
            if let Some(termination) = &o.special_termination {
                parts.push(format!("Sonderkündigungsrecht {}", duration_de(&termination.to_string())));
            }
            format!("{}: {}", o.option, parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}
