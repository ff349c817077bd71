//! Semantic diff of two versions of an agreement: entities matched by
//! stable id, every change classified (Ergänzung, Aktualisierung, Wegfall,
//! formale Korrektur), the legally relevant ones flagged, and German change
//! texts in the style of a hand-kept Versionshistorie.

pub mod entities;
mod fields;
pub mod labels;
pub mod normal;
pub mod phrase;
pub mod policy;
mod quantities;
mod renames;
pub mod report;
pub mod similarity;
pub mod structure;
pub mod templates;
mod weakening;
pub mod words;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::load::Folder;
use crate::model::codes::ChangeKind;
pub use entities::{Entities, Entity, EntityKind, entities};
pub use weakening::weakened;
use words::{Segment, is_formal, is_formal_diff, is_pure_insertion, word_diff};

/// What happened to an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Op {
    /// New in the later version.
    Added,
    /// Gone in the later version.
    Removed,
    /// Text or facts changed.
    Changed,
    /// Moved under another parent.
    Moved,
    /// Only its reference number changed.
    Renumbered,
}

/// Legal relevance of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// A sub-processor added or replaced under a general authorisation:
    /// customers must be told and may object (Art. 28(2)).
    Art28Notice,
    /// A sub-processor added or replaced under a specific authorisation:
    /// customers must approve it beforehand (Art. 28(2)).
    Art28Consent,
    /// A sub-processor removed: customers should be informed.
    Art28Info,
    /// A new third-country transfer or a changed transfer mechanism (Chapter V).
    ChapterV,
    /// A TOM measure removed or weakened: the security level must not drop.
    SecurityLevel,
    /// A removal or weakening without a recorded justification.
    NeedsJustification,
    /// Purposes, data categories or data subjects changed.
    Particulars,
    /// Contract wording changed in substance.
    ContractChange,
    /// A clause covering an Art. 28 item changed.
    Art28Content,
    /// A party's identity changed.
    PartyChange,
    /// The text of a locked clause (`locked = true`, e.g. standard
    /// contractual clauses) changed or was removed.
    LockedText,
}

impl Flag {
    /// A short German description for reports.
    pub fn label_de(self) -> &'static str {
        match self {
            Flag::Art28Notice => "mitteilungspflichtig (Art. 28 Abs. 2 DS-GVO, Einspruchsrecht)",
            Flag::Art28Consent => "genehmigungspflichtig (Art. 28 Abs. 2 DS-GVO, vorherige gesonderte Genehmigung)",
            Flag::Art28Info => "Unterauftragnehmer entfallen",
            Flag::ChapterV => "Drittlandübermittlung (Kapitel V DS-GVO)",
            Flag::SecurityLevel => "Sicherheitsniveau betroffen (Art. 32 DS-GVO)",
            Flag::NeedsJustification => "Begründung fehlt",
            Flag::Particulars => "Angaben zur Verarbeitung geändert (Art. 28 Abs. 3 Satz 1 DS-GVO)",
            Flag::ContractChange => "Vertragstext geändert",
            Flag::Art28Content => "Pflichtinhalt nach Art. 28 Abs. 3 betroffen",
            Flag::PartyChange => "Vertragspartei geändert",
            Flag::LockedText => "unveränderlicher Text geändert (gesperrte Klausel)",
        }
    }
}

/// Which record a change belongs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The published document: it needs a new version and appears in the
    /// Versionshistorie, the Synopse and the feed.
    Document,
    /// The version itself: `meta.version`, the status, the date of a new
    /// version, a `[[changelog]]` note. A new version, not a change of one.
    Version,
    /// A customer instance: the customer's own contract, not the template.
    Instance,
    /// What is never printed: allowances of validation rules, the format
    /// version, the agreement's id. Shown by `avv diff` for review.
    Internal,
}

/// The file of an agreement folder a change is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// `agreement.toml`.
    Agreement,
    /// `tom.toml`.
    Tom,
    /// `subprocessors.toml`.
    Subprocessors,
    /// A customer instance.
    Customer,
}

impl Part {
    /// The file of an entity of `kind`.
    pub fn of(kind: EntityKind) -> Self {
        match kind {
            EntityKind::Subprocessor | EntityKind::Group | EntityKind::Note => Part::Subprocessors,
            EntityKind::Section
            | EntityKind::Measure
            | EntityKind::Explanation
            | EntityKind::Site
            | EntityKind::Retired
            | EntityKind::Justification => Part::Tom,
            EntityKind::Instance => Part::Customer,
            _ => Part::Agreement,
        }
    }

    /// The file of a structural node's file key (`agreement`, `tom`, `customer:…`).
    pub fn of_file(file: &str) -> Self {
        match file {
            "tom" => Part::Tom,
            "subprocessors" => Part::Subprocessors,
            "agreement" => Part::Agreement,
            _ => Part::Customer,
        }
    }
}

/// A changed fact of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FactChange {
    /// The fact's name (`country`, `transfer`, `responsible`, …), or the
    /// path of a field within its node (`meta/title`, `block/2/p`).
    pub fact: String,
    /// The fact's or field's German name.
    pub label: String,
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
}

/// One change between two versions.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Change {
    /// Kind of entity.
    pub entity: EntityKind,
    /// Its id.
    pub id: String,
    /// What happened.
    pub op: Op,
    /// The document ("AVV", "TOM", "Anhang 2").
    pub doc: String,
    /// Its reference number in the later version (or the earlier, when removed).
    pub reference: String,
    /// Its display name.
    pub label: String,
    /// Classification.
    pub kind: ChangeKind,
    /// The classification in German.
    #[serde(deserialize_with = "kind_label")]
    pub kind_de: Label,
    /// Legal flags.
    pub flags: Vec<Flag>,
    /// Text before (absent when added).
    pub old: Option<String>,
    /// Text after (absent when removed).
    pub new: Option<String>,
    /// Word diff of the text.
    pub words: Vec<Segment>,
    /// Changed facts.
    pub facts: Vec<FactChange>,
    /// The recorded justification (tombstone reason or `[[justification]]`).
    pub justification: Option<String>,
    /// Which record it belongs in.
    pub scope: Scope,
    /// The file it is in.
    pub file: Part,
    /// The generated German change text for this change alone.
    pub phrase: String,
}

/// A fixed text. An alias, because serde would borrow a field spelled
/// `&'static str` from its input, and a cached change set is read from a
/// buffer that does not live that long.
pub type Label = &'static str;

/// `kind_de` read back: the label of a known kind (labels are static).
fn kind_label<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    ChangeKind::ALL
        .iter()
        .map(|kind| kind.label_de())
        .find(|label| *label == text)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown change kind `{text}`")))
}

/// All changes between two versions, with the aggregated change texts.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ChangeSet {
    /// The agreement id.
    pub agreement: String,
    /// The id the agreement had in the earlier version, when it was renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_id: Option<String>,
    /// The earlier version (absent for the first).
    pub from: Option<String>,
    /// The later version.
    pub to: String,
    /// Every change, in document order.
    pub changes: Vec<Change>,
    /// The change texts for a version table: the human summary first, then
    /// generated lines, aggregated the way the pcvisit table writes them.
    pub lines: Vec<String>,
    /// The distinct kinds, in the order Aktualisierung, Ergänzung, Wegfall;
    /// formale Korrektur where nothing was updated; Erstfassung for the
    /// first version.
    pub kinds: Vec<ChangeKind>,
    /// Whether a human summary from `[[changelog]]` is included.
    pub has_summary: bool,
    /// The day the later version's changes take effect, as its
    /// `[[changelog]]` entry says (`effective`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<crate::model::primitives::Date>,
}

impl ChangeSet {
    /// The changes of a file of the repository no agreement holds
    /// (`avv.toml`, `templates/`), reported under its name as a pseudo
    /// agreement; `None` without changes.
    pub(crate) fn of_repository(name: &str, changes: Vec<Change>) -> Option<Self> {
        if changes.is_empty() {
            return None;
        }
        let mut kinds: Vec<ChangeKind> = changes.iter().map(|c| c.kind).collect();
        kinds.sort();
        kinds.dedup();
        Some(Self {
            agreement: name.to_owned(),
            previous_id: None,
            from: Some(String::new()),
            to: String::new(),
            lines: changes.iter().map(|c| c.phrase.clone()).collect(),
            changes,
            kinds,
            has_summary: false,
            effective: None,
        })
    }

    /// No change: agreement `agreement` at version `version` against itself.
    pub fn unchanged(agreement: &str, version: &str) -> Self {
        Self {
            agreement: agreement.to_owned(),
            previous_id: None,
            from: Some(version.to_owned()),
            to: version.to_owned(),
            changes: Vec::new(),
            lines: Vec::new(),
            kinds: Vec::new(),
            has_summary: false,
            effective: None,
        }
    }

    /// The kinds column as pcvisit writes it: "Aktualisierung / Ergänzung".
    pub fn kinds_de(&self) -> String {
        self.kinds.iter().map(|k| k.label_de()).collect::<Vec<_>>().join(" / ")
    }

    /// Whether any change must be told to customers before it takes effect
    /// (Art. 28(2)): an objection right or a required approval.
    pub fn needs_notice(&self) -> bool {
        self.has_flag(Flag::Art28Notice) || self.has_flag(Flag::Art28Consent)
    }

    /// Whether any change carries `flag`.
    pub fn has_flag(&self, flag: Flag) -> bool {
        self.changes.iter().any(|c| c.flags.contains(&flag))
    }

    /// The changes of the published document (see [`Scope::Document`]).
    pub fn document_changes(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.scope == Scope::Document)
    }

    /// The changes a report lists: all but the version's own metadata,
    /// which the report's heading ("1.1 → 1.2") already says, save a
    /// version withdrawn (or restored): no new version says that, and a
    /// reviewer must see it.
    pub fn reported(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.scope != Scope::Version || is_withdrawal(c))
    }

    /// Whether the published document changed.
    pub fn changes_document(&self) -> bool {
        self.document_changes().next().is_some()
    }
}

/// Compares two versions of an agreement folder. `old` is `None` for the
/// first version.
pub fn diff(old: Option<&Folder>, new: &Folder) -> ChangeSet {
    let before = old.map(|folder| (folder, entities(folder)));
    diff_prepared(before.as_ref().map(|(folder, e)| (*folder, e)), (new, &entities(new)))
}

/// [`diff`] with the entities of both folders already flattened: a history
/// flattens each version once for the comparisons on both sides of it.
pub fn diff_prepared(old: Option<(&Folder, &Entities)>, (new, after): (&Folder, &Entities)) -> ChangeSet {
    let empty = Entities::default();
    let before = old.map_or(&empty, |(_, e)| e);
    // An entity whose id alone changed is compared as itself.
    let renames = renames::renames(before, after);
    let renamed;
    let before = if renames.is_empty() {
        before
    } else {
        renamed = renames::renamed(before, after, &renames);
        &renamed
    };
    let old = old.map(|(folder, _)| folder);
    let agreement = new.agreement.as_ref().map(|a| &a.value);
    let to = agreement.map(|a| a.meta.version.clone()).unwrap_or_default();
    let from = old.and_then(|f| f.agreement.as_ref()).map(|a| a.value.meta.version.clone());
    // A version's changelog speaks for the changes that made it, not for
    // edits after it (compared within one version): those a released
    // "formal" list must not turn into typo fixes.
    let introduced = from.as_deref() != Some(to.as_str());
    let changelog = agreement.and_then(|a| a.changelog_of(&to)).filter(|_| introduced);
    let formal_ids: BTreeSet<String> =
        changelog.map(|c| c.formal.iter().map(ToString::to_string).collect()).unwrap_or_default();
    let retired: BTreeMap<String, &crate::model::tom::Retired> =
        new.tom.iter().flat_map(|t| t.value.retired.iter()).map(|r| (r.id.to_string(), r)).collect();
    let justified: BTreeMap<String, String> = new
        .tom
        .iter()
        .flat_map(|t| t.value.justification.iter())
        .filter(|j| j.version == to)
        .map(|j| (j.target.to_string(), j.reason.clone()))
        .collect();

    let mut changes = Vec::new();
    if old.is_some() {
        for (id, entity) in &after.by_id {
            match before.by_id.get(id) {
                None => {
                    let mut change = added(entity, after);
                    told_apart(&mut change, entity, after);
                    // Added into a clause that was locked (even if this
                    // change lifts the lock), or into a locked one.
                    let parent_locked =
                        entity.parent.as_ref().and_then(|p| before.by_id.get(p)).is_some_and(|p| p.locked);
                    if entity.locked || parent_locked {
                        change.flags.push(Flag::LockedText);
                    }
                    changes.push(change);
                }
                Some(previous) => changes.extend(compared(previous, entity, (before, after), &formal_ids, &justified)),
            }
        }
        for (id, entity) in &before.by_id {
            if !after.by_id.contains_key(id) {
                let mut change = removed(entity, after, retired.get(id));
                told_apart(&mut change, entity, before);
                changes.push(change);
            }
        }
        // Underneath: every value of the model, so that nothing escapes.
        let leaf = |flat: &Entities, file: &str, path: &str| {
            flat.flat.nodes.get(file).and_then(|n| n.leaves.get(path)).cloned()
        };
        let context = fields::Context {
            before,
            after,
            changes: &changes,
            version_changed: from.as_deref() != Some(to.as_str()),
            tom_version_changed: leaf(before, "tom", "annex/version") != leaf(after, "tom", "annex/version"),
            list_version_changed: leaf(before, "subprocessors", "list/version")
                != leaf(after, "subprocessors", "list/version"),
        };
        let unclaimed = fields::unclaimed(&structure::compare(&before.flat, &after.flat), &context);
        changes.extend(unclaimed);
        carried_along(&mut changes, before, after);
    }
    replacements(&mut changes, new, after);
    party_blanks(&mut changes);
    filled_blanks(&mut changes, old, new);
    renamed_blanks(&mut changes, old, new);
    if let Some(subprocessing) = new.agreement.as_ref().and_then(|a| a.value.subprocessing.as_ref()) {
        use crate::model::codes::Authorisation;
        // Prior specific authorisation: customers approve, they do not
        // object. Where each customer chooses, some approve and some object.
        let terms = subprocessing.possible_terms();
        let specific = terms.iter().filter(|t| t.authorisation == Some(Authorisation::Specific)).count();
        for change in changes.iter_mut().filter(|_| specific > 0) {
            let Some(at) = change.flags.iter().position(|f| *f == Flag::Art28Notice) else { continue };
            if specific == terms.len() {
                change.flags[at] = Flag::Art28Consent;
            } else if !change.flags.contains(&Flag::Art28Consent) {
                change.flags.insert(at + 1, Flag::Art28Consent);
            }
        }
    }
    changes.sort_by_key(|c| {
        let order = after.by_id.get(&c.id).or_else(|| before.by_id.get(&c.id)).map_or(usize::MAX, |e| e.order);
        (doc_rank(&c.doc, after), order)
    });
    let summary = changelog.and_then(|c| c.summary.clone());
    let whole = match (old.map(|o| &o.tom), &new.tom) {
        (Some(None), Some(tom)) => Some(phrase::WholeAnnex::new(Op::Added, &tom.value.annex)),
        (Some(Some(tom)), None) => Some(phrase::WholeAnnex::new(Op::Removed, &tom.value.annex)),
        _ => None,
    };
    let published: Vec<Change> = changes.iter().filter(|c| c.scope == Scope::Document).cloned().collect();
    let lines = phrase::aggregate(&published, summary.as_deref(), after, old.is_none(), whole.as_ref());
    let kinds = if old.is_none() { vec![ChangeKind::Initial] } else { kinds_of(&published) };
    let previous_id = old.map(|o| o.id.clone()).filter(|id| *id != new.id);
    ChangeSet {
        agreement: new.id.clone(),
        previous_id,
        from,
        to,
        changes,
        lines,
        kinds,
        has_summary: summary.is_some(),
        effective: changelog.and_then(|c| c.effective),
    }
}

/// What a change set without a change of content says, in the text report
/// and in the version table.
pub const NO_CONTENT_CHANGES: &str = "keine inhaltlichen Änderungen";

/// Whether `change` withdraws a version or takes a withdrawal back.
pub fn is_withdrawal(change: &Change) -> bool {
    let withdrawn = crate::model::codes::Status::Withdrawn.label_de();
    change.facts.iter().any(|f| f.fact == "meta/status" && (f.new == withdrawn || f.old == withdrawn))
}

/// AVV first, then annexes, then the TOM.
fn doc_rank(doc: &str, entities: &Entities) -> usize {
    if doc == entities.doc {
        0
    } else if doc == entities.tom_doc {
        2
    } else {
        1
    }
}

fn base(entity: &Entity, op: Op, kind: ChangeKind) -> Change {
    let mut change = Change::bare(entity.kind, entity.id.clone(), op, kind, Part::of(entity.kind));
    change.doc = entity.doc.clone();
    change.reference = entity.reference.clone();
    change.label = entity.label.clone();
    change
}

impl Change {
    /// A change of the published document in `file` with no place, text,
    /// facts, flags or phrase yet: the callers fill in what they know.
    pub(crate) fn bare(entity: EntityKind, id: String, op: Op, kind: ChangeKind, file: Part) -> Self {
        Change {
            entity,
            id,
            op,
            doc: String::new(),
            reference: String::new(),
            label: String::new(),
            kind,
            kind_de: kind.label_de(),
            flags: Vec::new(),
            old: None,
            new: None,
            words: Vec::new(),
            facts: Vec::new(),
            justification: None,
            scope: Scope::Document,
            file,
            phrase: String::new(),
        }
    }
}

/// An added or removed entity's line, with what tells it apart from the
/// entities named alike in the version that has it (the same measure under
/// each service): „TOM 9: Entfernen Punkt … (Leistung „E-Mail“)“.
fn told_apart(change: &mut Change, entity: &Entity, side: &Entities) {
    let suffix = fields::qualifier(entity, side);
    if suffix.is_empty() {
        return;
    }
    match change.phrase.strip_suffix('.') {
        Some(stem) => change.phrase = format!("{stem}{suffix}."),
        None => change.phrase.push_str(&suffix),
    }
}

fn added(entity: &Entity, all: &Entities) -> Change {
    let mut change = base(entity, Op::Added, ChangeKind::Addition);
    change.new = Some(entity.text.clone());
    match entity.kind {
        EntityKind::Subprocessor => {
            change.flags.push(Flag::Art28Notice);
            if is_third_country(entity) {
                change.flags.push(Flag::ChapterV);
            }
        }
        EntityKind::Placeholder if entity.facts.get("required").is_some_and(|r| r == "false") => {
            change.kind = ChangeKind::Formal;
            change.kind_de = ChangeKind::Formal.label_de();
        }
        _ => content_flags(entity, &mut change.flags),
    }
    change.phrase = phrase::single(&change, all);
    change
}

fn removed(entity: &Entity, all: &Entities, tombstone: Option<&&crate::model::tom::Retired>) -> Change {
    let mut change = base(entity, Op::Removed, ChangeKind::Removal);
    change.old = Some(entity.text.clone());
    // The record of a removed measure names it, where its text gives only first words.
    if let Some(retired) = tombstone
        && !entity.named
        && !retired.label.trim().is_empty()
    {
        change.label = retired.label.clone();
    }
    match entity.kind {
        EntityKind::Subprocessor => change.flags.push(Flag::Art28Info),
        EntityKind::Measure if entity.facts.get("statement").is_none_or(|n| n != "note") => {
            change.flags.push(Flag::SecurityLevel);
            match tombstone {
                Some(retired) if !retired.reason.trim().is_empty() => {
                    change.justification = Some(retired.reason.clone())
                }
                _ => change.flags.push(Flag::NeedsJustification),
            }
        }
        _ => content_flags(entity, &mut change.flags),
    }
    if entity.locked {
        change.flags.push(Flag::LockedText);
    }
    change.phrase = phrase::single(&change, all);
    change
}

/// The flags an entity added or removed as a whole raises by its kind:
/// the particulars, the contract text (and Art. 28(3) content), a party.
fn content_flags(entity: &Entity, flags: &mut Vec<Flag>) {
    match entity.kind {
        EntityKind::Purpose | EntityKind::DataCategory | EntityKind::DataSubject => flags.push(Flag::Particulars),
        EntityKind::Clause | EntityKind::ListEntry => {
            flags.push(Flag::ContractChange);
            if !entity.covers.is_empty() {
                flags.push(Flag::Art28Content);
            }
        }
        EntityKind::Party => flags.push(Flag::PartyChange),
        _ => {}
    }
}

fn compared(
    old: &Entity,
    new: &Entity,
    (before, after): (&Entities, &Entities),
    formal_ids: &BTreeSet<String>,
    justified: &BTreeMap<String, String>,
) -> Vec<Change> {
    let mut out = Vec::new();
    // Most entities of two versions are equal: one pass over both maps.
    let same_facts = old.facts == new.facts;
    let facts: Vec<FactChange> = new
        .facts
        .iter()
        .filter(|_| !same_facts)
        .filter(|(name, value)| old.facts.get(*name) != Some(*value))
        .map(|(name, value)| FactChange {
            fact: (*name).to_owned(),
            label: phrase::fact_de(name).to_owned(),
            old: old.facts.get(name).cloned().unwrap_or_default(),
            new: value.clone(),
        })
        .collect();
    let text_changed = old.text != new.text;
    if text_changed || !facts.is_empty() {
        let words = if text_changed { word_diff(&old.text, &new.text) } else { Vec::new() };
        let formal = formal_ids.contains(&new.id)
            || (text_changed && facts.is_empty() && is_formal_diff(&old.text, &new.text, &words));
        let kind = if formal {
            ChangeKind::Formal
        } else if text_changed && facts.is_empty() && is_pure_insertion(&words) {
            ChangeKind::Addition
        } else {
            ChangeKind::Update
        };
        let mut change = base(new, Op::Changed, kind);
        change.old = Some(old.text.clone());
        change.new = Some(new.text.clone());
        change.words = words;
        change.facts = facts;
        classify_update(&mut change, old, new, justified);
        // What was locked before this change may not change with it, not
        // even when the same change lifts the lock.
        if old.locked {
            change.flags.push(Flag::LockedText);
        }
        let subject = fields::place_between(new, before, after);
        change.phrase = phrase::changed(&change, new, &subject);
        out.push(change);
    }
    if old.parent != new.parent && old.kind != EntityKind::Subprocessor {
        let mut change = base(new, Op::Moved, ChangeKind::Formal);
        change.old = old.parent.clone();
        change.new = new.parent.clone();
        change.phrase = moved_phrase(old, new, (before, after));
        out.push(change);
    } else if old.reference != new.reference
        && !old.reference.is_empty()
        // Entries that take the number of the clause printing them (a
        // measure, a sub-processor, a data category) are renumbered with
        // it: the clause's own line says so, once.
        && !matches!(
            new.kind,
            EntityKind::Measure
                | EntityKind::Subprocessor
                | EntityKind::Group
                | EntityKind::Explanation
                | EntityKind::Purpose
                | EntityKind::DataCategory
                | EntityKind::DataSubject
        )
    {
        let mut change = base(new, Op::Renumbered, ChangeKind::Formal);
        change.old = Some(old.reference.clone());
        change.new = Some(new.reference.clone());
        // Named, as numbers that swap read the same both ways.
        change.phrase = match new.label.is_empty() {
            true => format!("Umnummerierung {} {} statt {}", new.doc, new.reference, old.reference),
            false => format!("Umnummerierung {} {} statt {} („{}“)", new.doc, new.reference, old.reference, new.label),
        };
        out.push(change);
    }
    out
}

/// "Verschiebung „…“ von Punkt 2.4 nach Punkt 3.9 AVV"; where the numbers
/// do not tell the move (measures numbered by their section, unnumbered
/// parts), the parts it left and entered by their names.
fn moved_phrase(old: &Entity, new: &Entity, (before, after): (&Entities, &Entities)) -> String {
    let label = &new.label;
    let doc = &new.doc;
    if old.reference != new.reference && !new.reference.is_empty() {
        return match old.reference.is_empty() {
            true => format!("Verschiebung „{label}“ nach Punkt {} {doc}", new.reference),
            false => format!("Verschiebung „{label}“ von Punkt {} nach Punkt {} {doc}", old.reference, new.reference),
        };
    }
    let parent = |side: &Entities, id: Option<&String>| id.and_then(|p| side.by_id.get(p)).map(|p| p.label.clone());
    let from = parent(before, old.parent.as_ref())
        .map_or_else(|| "von der obersten Ebene".to_owned(), |p| format!("von „{p}“"));
    let to = parent(after, new.parent.as_ref())
        .map_or_else(|| "auf die oberste Ebene".to_owned(), |p| format!("nach „{p}“"));
    let place = match new.reference.is_empty() {
        true => doc.clone(),
        false => format!("Punkt {} {doc}", new.reference),
    };
    format!("Verschiebung „{label}“ {from} {to} ({place})")
}

/// Drops the renumbering of what lies within a moved or renumbered clause
/// where it only follows that clause ("12.1.1" to "11.7.1" with "12.1" to
/// "11.7"): the clause's line tells both numbers, as a hand-kept table
/// names the clauses that moved, not each of their sub-clauses. Done after
/// the structural pass, whose number values the renumbering claims.
fn carried_along(changes: &mut Vec<Change>, before: &Entities, after: &Entities) {
    let moved: Vec<(&str, &str, &str)> = changes
        .iter()
        .filter(|c| matches!(c.op, Op::Moved | Op::Renumbered))
        .filter_map(|c| Some((before.by_id.get(&c.id)?, after.by_id.get(&c.id)?)))
        .map(|(old, new)| (new.id.as_str(), old.reference.as_str(), new.reference.as_str()))
        .collect();
    if moved.is_empty() {
        return;
    }
    let within = |id: &str, ancestor: &str| {
        let mut parent = after.by_id.get(id).and_then(|e| e.parent.as_deref());
        while let Some(p) = parent {
            if p == ancestor {
                return true;
            }
            parent = after.by_id.get(p).and_then(|e| e.parent.as_deref());
        }
        false
    };
    let follows = |change: &Change| {
        let (Some(old), Some(new)) = (change.old.as_deref(), change.new.as_deref()) else { return false };
        moved.iter().any(|&(id, from, to)| {
            within(&change.id, id)
                && !from.is_empty()
                && matches!((old.strip_prefix(from), new.strip_prefix(to)), (Some(a), Some(b)) if a == b)
        })
    };
    changes.retain(|c| !(c.op == Op::Renumbered && follows(c)));
}

fn is_third_country(entity: &Entity) -> bool {
    let eea = |code: &str| crate::validate::transfers::EEA.contains(&code);
    let country = entity.facts.get("country").map(String::as_str).unwrap_or("");
    let outside = !country.is_empty() && !eea(country);
    let processing_outside = entity
        .facts
        .get("processing")
        .is_some_and(|p| p.split(',').any(|c| c.len() == 2 && c.chars().all(|x| x.is_ascii_uppercase()) && !eea(c)));
    outside || processing_outside
}

fn classify_update(change: &mut Change, old: &Entity, new: &Entity, justified: &BTreeMap<String, String>) {
    let changed = |fact: &str| change.facts.iter().any(|f| f.fact == fact);
    match new.kind {
        EntityKind::Subprocessor => {
            if changed("transfer")
                || (changed("country") && is_third_country(new))
                || (changed("processing") && is_third_country(new))
            {
                change.flags.push(Flag::ChapterV);
            }
            if (changed("country") || changed("processing")) && is_third_country(new) {
                change.flags.push(Flag::Art28Notice);
            }
            let only_identity = change.facts.iter().all(|f| matches!(f.fact.as_str(), "name" | "address"));
            if only_identity && change.facts.iter().all(|f| is_formal(&f.old, &f.new)) {
                change.kind = ChangeKind::Formal;
            } else if change.kind == ChangeKind::Addition || change.kind == ChangeKind::Formal {
                change.kind = ChangeKind::Update;
            }
        }
        // A section's paragraphs describe its measures as much as they do
        // ("an 365 Tagen im Jahr 24 Stunden durch Wachpersonal besetzt"),
        // and an explanation promises them in plain words ("zu jeder Zeit").
        EntityKind::Measure | EntityKind::Section | EntityKind::Explanation => {
            if let Some(reason) = weakened(old, new) {
                change.kind = ChangeKind::Update;
                change.flags.push(Flag::SecurityLevel);
                match justified.get(&new.id) {
                    Some(justification) => change.justification = Some(justification.clone()),
                    None => {
                        change.flags.push(Flag::NeedsJustification);
                        change.justification = None;
                    }
                }
                change.facts.push(FactChange {
                    fact: "weakened".into(),
                    label: "Abschwächung".into(),
                    old: String::new(),
                    new: reason.to_owned(),
                });
            }
        }
        EntityKind::Purpose | EntityKind::DataCategory | EntityKind::DataSubject => {
            change.flags.push(Flag::Particulars)
        }
        EntityKind::Clause | EntityKind::ListEntry if change.kind != ChangeKind::Formal => {
            change.flags.push(Flag::ContractChange);
            if !new.covers.is_empty() || !old.covers.is_empty() {
                change.flags.push(Flag::Art28Content);
            }
        }
        EntityKind::Subprocessing if change.kind != ChangeKind::Formal => change.flags.push(Flag::ContractChange),
        EntityKind::Party => change.flags.push(Flag::PartyChange),
        EntityKind::Signature => {
            let signed = |e: &Entity| e.facts.get("signed").is_some_and(|s| s == "true");
            change.kind = match (signed(old), signed(new)) {
                (false, true) => ChangeKind::Addition,
                (true, false) => ChangeKind::Removal,
                // Signed again for the new version: only place or date moved.
                (true, true) if old.text == new.text => ChangeKind::Formal,
                _ => ChangeKind::Update,
            };
        }
        _ => {}
    }
    change.kind_de = change.kind.label_de();
}

/// Whether a change goes without saying in a version table: the processor
/// signing the new version on a new date. It stays in the change list but
/// gets no line and no kind of its own.
pub fn is_incidental(change: &Change) -> bool {
    change.entity == EntityKind::Signature && change.op == Op::Changed && change.kind == ChangeKind::Formal
}

/// The kinds column of a version: Aktualisierung, Ergänzung, Wegfall in
/// this order; formale Korrektur only where nothing was updated (an update
/// includes the corrections made along with it).
fn kinds_of(changes: &[Change]) -> Vec<ChangeKind> {
    let mut relevant: Vec<&Change> = changes.iter().filter(|c| !is_incidental(c)).collect();
    if relevant.is_empty() {
        relevant = changes.iter().collect();
    }
    let mut kinds: Vec<ChangeKind> = [ChangeKind::Update, ChangeKind::Addition, ChangeKind::Removal]
        .into_iter()
        .filter(|kind| relevant.iter().any(|c| c.kind == *kind))
        .collect();
    if !kinds.contains(&ChangeKind::Update) && relevant.iter().any(|c| c.kind == ChangeKind::Formal) {
        kinds.push(ChangeKind::Formal);
    }
    kinds
}

/// A blank added to (or removed from) the agreement shows up twice: as the
/// placeholder and as its `{{ key }}` in a party's lines. Keep the
/// placeholder, drop the party change when that is all it is.
fn party_blanks(changes: &mut Vec<Change>) {
    let keys: Vec<String> = changes
        .iter()
        .filter(|c| c.entity == EntityKind::Placeholder && matches!(c.op, Op::Added | Op::Removed))
        .filter_map(|c| c.id.strip_prefix("placeholder:").map(str::to_owned))
        .collect();
    if keys.is_empty() {
        return;
    }
    let without_blanks = |text: Option<&String>| words::meaning(&strip_references(text.map_or("", |t| t), &keys));
    changes.retain(|c| {
        let only_blanks = c.entity == EntityKind::Party
            && c.op == Op::Changed
            && c.facts.is_empty()
            && without_blanks(c.old.as_ref()) == without_blanks(c.new.as_ref());
        !only_blanks
    });
}

/// `text` without the references `{{ key }}` to any of `keys`.
fn strip_references(text: &str, keys: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(length) = rest[start..].find("}}") else { break };
        let inner = rest[start + 2..start + length].trim();
        out.push_str(&rest[..start]);
        if !keys.iter().any(|k| k == inner) {
            out.push_str(&rest[start..start + length + 2]);
        }
        rest = &rest[start + length + 2..];
    }
    out.push_str(rest);
    out
}

/// A sub-processor added with `replaces` pointing at one removed in the same
/// version is one replacement, not an addition and a removal.
fn replacements(changes: &mut Vec<Change>, new: &Folder, after: &Entities) {
    let Some(list) = &new.subprocessors else { return };
    for sub in &list.value.subprocessor {
        let Some(replaced) = &sub.replaces else { continue };
        let Some(removed_at) = changes.iter().position(|c| c.op == Op::Removed && c.id == replaced.as_str()) else {
            continue;
        };
        let old_name = changes[removed_at].label.clone();
        changes.remove(removed_at);
        if let Some(change) = changes.iter_mut().find(|c| c.op == Op::Added && c.id == sub.id.as_str()) {
            change.kind = ChangeKind::Update;
            change.kind_de = ChangeKind::Update.label_de();
            change.phrase = phrase::replacement(&old_name, change, after);
            change.facts.push(FactChange {
                fact: "replaces".into(),
                label: "ersetzt".into(),
                old: replaced.to_string(),
                new: sub.id.to_string(),
            });
        }
    }
}

/// A placeholder that goes because its blank was filled in ("{{ kunde.name }}"
/// became a name) is an update of the field, not its removal.
fn filled_blanks(changes: &mut [Change], old: Option<&Folder>, new: &Folder) {
    let Some(old) = old.and_then(|o| o.agreement.as_ref()) else { return };
    let kept: BTreeSet<&str> =
        new.agreement.iter().flat_map(|a| a.value.placeholder.iter()).map(|p| p.key.as_str()).collect();
    let filled: Vec<(String, String)> = old
        .value
        .placeholder
        .iter()
        .filter(|p| !kept.contains(p.key.as_str()))
        .filter_map(|p| {
            let value = changes.iter().filter(|c| c.op == Op::Changed).find_map(|c| filled_with(c, &p.key))?;
            Some((p.key.clone(), value))
        })
        .collect();
    for (key, value) in filled {
        let id = format!("placeholder:{key}");
        if let Some(change) = changes.iter_mut().find(|c| c.id == id && c.op == Op::Removed) {
            change.op = Op::Changed;
            change.kind = ChangeKind::Update;
            change.kind_de = ChangeKind::Update.label_de();
            change.new = Some(value.clone());
            change.phrase = format!("Aktualisierung {}: Feld „{}“ ausgefüllt („{value}“)", change.doc, change.label);
        }
    }
}

/// A placeholder whose key alone changed (`kunde.name` became
/// `kunde.firma`, its label, type and every other field kept) prints the
/// same blank: one change of its key, not a field removed and another
/// added. It stays a change of the document (a new version): customer
/// instances fill blanks by key.
fn renamed_blanks(changes: &mut Vec<Change>, old: Option<&Folder>, new: &Folder) {
    let (Some(before), Some(after)) = (old.and_then(|o| o.agreement.as_ref()), new.agreement.as_ref()) else {
        return;
    };
    let keys = |op: Op| -> Vec<String> {
        changes
            .iter()
            .filter(|c| c.entity == EntityKind::Placeholder && c.op == op)
            .filter_map(|c| c.id.strip_prefix("placeholder:").map(str::to_owned))
            .collect()
    };
    let (gone, came) = (keys(Op::Removed), keys(Op::Added));
    if gone.is_empty() || came.is_empty() {
        return;
    }
    // Every field but the key, as the model serialises it (a field added
    // to the model later is compared too).
    let without_key = |folder: &crate::load::folder::Parsed<crate::model::AgreementFile>, key: &str| {
        let placeholder = folder.value.placeholder.iter().find(|p| p.key == key)?;
        let mut value = serde_json::to_value(placeholder).ok()?;
        value.as_object_mut()?.remove("key");
        Some(value)
    };
    let same = |a: &str, b: &str| {
        let (x, y) = (without_key(before, a), without_key(after, b));
        x.is_some() && x == y
    };
    for a in &gone {
        let mut matches = came.iter().filter(|b| same(a, b));
        let (Some(b), None) = (matches.next(), matches.next()) else { continue };
        if gone.iter().filter(|other| same(other, b)).count() != 1 {
            continue;
        }
        let (old_id, new_id) = (format!("placeholder:{a}"), format!("placeholder:{b}"));
        changes.retain(|c| !(c.id == new_id && c.op == Op::Added));
        if let Some(change) = changes.iter_mut().find(|c| c.id == old_id && c.op == Op::Removed) {
            change.id = new_id;
            change.op = Op::Changed;
            change.kind = ChangeKind::Update;
            change.kind_de = ChangeKind::Update.label_de();
            change.facts.push(FactChange {
                fact: "key".into(),
                label: "Schlüssel".into(),
                old: a.clone(),
                new: b.clone(),
            });
            change.phrase =
                format!("Aktualisierung {}: Feld „{}“ mit neuem Schlüssel „{b}“ statt „{a}“", change.doc, change.label);
        }
    }
}

/// What a changed text put where it had the blank `{{ key }}`, if it did.
fn filled_with(change: &Change, key: &str) -> Option<String> {
    let mut deleted = String::new();
    let mut inserted = String::new();
    let mut found = None;
    let mut flush = |deleted: &mut String, inserted: &mut String| {
        let blank = deleted.replace(' ', "");
        if found.is_none() && blank.contains(&format!("{{{{{key}}}}}")) && !inserted.trim().is_empty() {
            found = Some(inserted.trim().to_owned());
        }
        deleted.clear();
        inserted.clear();
    };
    for segment in &change.words {
        match segment.op {
            "delete" => deleted.push_str(&segment.text),
            "insert" => inserted.push_str(&segment.text),
            // Spaces the two sides share do not end an edit.
            _ if segment.text.trim().is_empty() => {
                deleted.push_str(&segment.text);
                inserted.push_str(&segment.text);
            }
            _ => flush(&mut deleted, &mut inserted),
        }
    }
    flush(&mut deleted, &mut inserted);
    found
}
