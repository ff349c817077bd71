//! Flattens an agreement folder into the entities a diff matches by id:
//! clauses, list entries, particulars items, parties, placeholders,
//! signatures, sub-processors, sections and measures, each with its place
//! (document and reference number) and the text and facts compared.

use std::collections::BTreeMap;

use serde::Serialize;

use super::normal::normalize;
use super::structure::{Flat, flatten, node_key};
use crate::load::Folder;
use crate::model::clause::{Block, Clause, ListItem};
use crate::model::codes::{Art28Item, PartyRole};
use crate::model::numbering::derive_ref;
use crate::model::subprocessor::Subprocessor;
use crate::model::tom::{Measure, Section};

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    /// Cover letter.
    Cover,
    /// Preamble or closing text of the body.
    Preamble,
    /// A party.
    Party,
    /// A placeholder (blank).
    Placeholder,
    /// A clause.
    Clause,
    /// A list entry with an id.
    ListEntry,
    /// A free annex.
    Annex,
    /// A purpose of processing.
    Purpose,
    /// A data category.
    DataCategory,
    /// A category of data subjects.
    DataSubject,
    /// A service.
    Service,
    /// The sub-processing terms.
    Subprocessing,
    /// A signature block.
    Signature,
    /// A footnote.
    Footnote,
    /// A sub-processor.
    Subprocessor,
    /// A sub-processor group.
    Group,
    /// A note under the sub-processor list.
    Note,
    /// A TOM section.
    Section,
    /// A TOM measure.
    Measure,
    /// A plain-language explanation.
    Explanation,
    /// A site.
    Site,
    /// The settings of a whole document: metadata, particulars, instructions
    /// (agreement.toml), the annex heading (tom.toml), the list settings
    /// (subprocessors.toml).
    Document,
    /// An external document the agreement refers to.
    Reference,
    /// The record of a removed TOM measure.
    Retired,
    /// The justification of a weakened TOM measure.
    Justification,
    /// A row of the imported version table.
    VersionRow,
    /// A human note for a version.
    Changelog,
    /// Any other part of a document that has an identity of its own (a list
    /// entry outside a clause).
    Element,
    /// A customer instance.
    Instance,
}

/// One comparable entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Kind.
    pub kind: EntityKind,
    /// Stable id (placeholders: `placeholder:<key>`, signatures: `signature:<party>`).
    pub id: String,
    /// The document it is in: the agreement's label ("AVV") or the TOM annex's ("TOM").
    pub doc: String,
    /// Reference number of its place ("6.5", "3.2.1"); empty where none.
    pub reference: String,
    /// The id of the enclosing clause or section.
    pub parent: Option<String>,
    /// A short display name: label, short name, title or the first words.
    pub label: String,
    /// The text compared for changes.
    pub text: String,
    /// Structured facts compared for changes (country, transfer, responsible, …).
    pub facts: BTreeMap<&'static str, String>,
    /// Position in print order, for sorting change texts.
    pub order: usize,
    /// The Art. 28 items a clause covers.
    pub covers: Vec<Art28Item>,
    /// Whether `label` is a name the document gives (a label, title or
    /// heading) rather than the first words of its text.
    pub named: bool,
    /// Whether its text is locked: it is a clause marked `locked = true`,
    /// or lies within one (sub-clauses, list entries). Standard contractual
    /// clauses must never change.
    pub locked: bool,
    /// Its node in the structural diff ([`super::structure`]).
    pub node: String,
    /// The values of the node its text and facts are made of (patterns as
    /// [`super::structure::matches`] reads them): a change there is this
    /// entity's change; a change elsewhere in the node is reported on its
    /// own.
    pub fields: &'static [&'static str],
}

/// All entities of a folder, by id.
#[derive(Debug, Default)]
pub struct Entities {
    /// Entities by id.
    pub by_id: BTreeMap<String, Entity>,
    /// Entity ids by structural node ([`Entity::node`]).
    pub by_node: BTreeMap<String, Vec<String>>,
    /// The whole folder, flattened for the structural diff.
    pub flat: Flat,
    /// The agreement's document label ("AVV").
    pub doc: String,
    /// The TOM annex's label ("TOM").
    pub tom_doc: String,
    /// Where the sub-processor list is printed: (document, reference).
    pub list_place: (String, String),
    /// The role terms: (controller, processor).
    pub roles: (String, String),
    /// Where structured data is printed: embed target (`particulars.purposes`,
    /// `instructions.recipients`, …) to (document, reference) of the clause
    /// that embeds it.
    pub embeds: BTreeMap<&'static str, (String, String)>,
}

impl Entities {
    /// "Punkt 2.3 AVV" for the clause that prints `embed`, else the document.
    pub fn embed_place(&self, embed: &str) -> String {
        match self.embeds.get(embed) {
            Some((doc, reference)) if !reference.is_empty() => format!("Punkt {reference} {doc}"),
            Some((doc, _)) => doc.clone(),
            None => self.doc.clone(),
        }
    }
}

/// One entity to add: what [`Builder::add`] needs.
struct Spec<'a> {
    kind: EntityKind,
    id: String,
    /// The node's namespace and identity, or the file root's key.
    node: String,
    fields: &'static [&'static str],
    doc: &'a str,
    reference: &'a str,
    parent: Option<&'a str>,
    label: String,
    /// Whether `label` is a name rather than the first words of the text.
    named: bool,
    text: String,
    facts: BTreeMap<&'static str, String>,
}

/// The text-bearing values of lists of blocks under the given prefixes, as
/// [`blocks_text`] reads them (paragraphs, list item texts, tables, the
/// options of a choice), after the node's own fields. Written out per
/// place, since the patterns are constants.
macro_rules! fields {
    ([$($own:literal),*] $(, $prefix:literal)*) => {
        &[$($own,)* $(
            concat!($prefix, "/*/p"),
            concat!($prefix, "/*/list"),
            concat!($prefix, "/*/list/*"),
            concat!($prefix, "/*/list/**/list"),
            concat!($prefix, "/*/list/**/list/*"),
            concat!($prefix, "/*/list/**/text"),
            concat!($prefix, "/*/table/**"),
            concat!($prefix, "/*/option/*/text"),
            concat!($prefix, "/*/option/*/block/*/p"),
            concat!($prefix, "/*/option/*/block/*/list"),
            concat!($prefix, "/*/option/*/block/*/list/*"),
            concat!($prefix, "/*/option/*/block/*/list/**/list/*"),
            concat!($prefix, "/*/option/*/block/*/list/**/text"),
            concat!($prefix, "/*/option/*/block/*/table/**"),
        )*]
    };
}

const CLAUSE_FIELDS: &[&str] = fields!(["title", "text"], "block");
const ANNEX_FIELDS: &[&str] = fields!(["title"], "block");
const SECTION_FIELDS: &[&str] = fields!(["title"], "block");
const COVER_FIELDS: &[&str] = fields!([], "cover/block");
const PREAMBLE_FIELDS: &[&str] = fields!([], "body/preamble");
const CLOSING_FIELDS: &[&str] = fields!([], "body/closing");
const LIST_ENTRY_FIELDS: &[&str] = &["text", "list", "list/*", "list/**/text", "list/**/list", "list/**/list/*"];
const PARTY_FIELDS: &[&str] = &["role", "lead", "name", "lines", "designation"];
const PLACEHOLDER_FIELDS: &[&str] = &["label", "required"];
const ITEM_FIELDS: &[&str] = &["text", "details", "items"];
const SERVICE_FIELDS: &[&str] = &["name"];
const SUBPROCESSING_FIELDS: &[&str] = &[
    "subprocessing/authorisation",
    "subprocessing/objection_period",
    "subprocessing/special_termination",
    "subprocessing/choice",
    "subprocessing/terms/**",
];
const SIGNATURE_FIELDS: &[&str] = &["caption", "signatory", "signatory_role", "place", "date"];
const FOOTNOTE_FIELDS: &[&str] = &["text"];
const GROUP_FIELDS: &[&str] = &["title"];
const NOTE_FIELDS: &[&str] = &["text"];
const SUBPROCESSOR_FIELDS: &[&str] =
    &["name", "address", "country", "processing/**", "service", "safeguards/**", "extra/**"];
const MEASURE_FIELDS: &[&str] = &["title", "label", "text", "responsible", "condition", "scope/**", "statement"];
const EXPLANATION_FIELDS: &[&str] = &["heading", "text"];
const SITE_FIELDS: &[&str] = &["name"];

struct Builder {
    out: Entities,
    order: usize,
    /// Whether what is added now lies within a locked clause.
    locked: bool,
}

impl Builder {
    fn add(&mut self, spec: Spec<'_>) {
        self.order += 1;
        let facts = spec.facts.into_iter().map(|(name, value)| (name, normalize(&value).into_owned())).collect();
        if self.out.by_id.contains_key(&spec.id) {
            // A duplicate id (validation reports it): the first one counts.
            return;
        }
        self.out.by_node.entry(spec.node.clone()).or_default().push(spec.id.clone());
        self.out.by_id.insert(
            spec.id.clone(),
            Entity {
                kind: spec.kind,
                id: spec.id,
                doc: spec.doc.to_owned(),
                reference: spec.reference.to_owned(),
                parent: spec.parent.map(str::to_owned),
                label: normalize(&spec.label).into_owned(),
                text: normalize_lines(&spec.text),
                facts,
                order: self.order,
                covers: Vec::new(),
                named: spec.named,
                locked: self.locked,
                node: spec.node,
                fields: spec.fields,
            },
        );
    }
}

/// A text made of several fields, one per line, each normalised: what the
/// reader sees of them.
fn normalize_lines(text: &str) -> String {
    normalize(text).into_owned()
}

/// The first words of a text, for labels.
pub fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n { words.join(" ") } else { format!("{} …", words[..n].join(" ")) }
}

/// Flattens a folder.
pub fn entities(folder: &Folder) -> Entities {
    let mut b = Builder { out: Entities { flat: flatten(folder), ..Entities::default() }, order: 0, locked: false };
    let Some(agreement) = folder.agreement.as_ref().map(|a| &a.value) else { return b.out };
    let doc = agreement.meta.label.clone();
    b.out.doc = doc.clone();
    b.out.tom_doc = folder.tom.as_ref().map_or_else(|| "TOM".to_owned(), |t| t.value.annex.label.clone());
    b.out.roles = agreement.roles.as_ref().map_or_else(
        || ("Auftraggeber".to_owned(), "Auftragnehmer".to_owned()),
        |r| (r.controller.clone(), r.processor.clone()),
    );
    let root = || "agreement".to_owned();

    if let Some(cover) = &agreement.cover {
        b.add(Spec {
            kind: EntityKind::Cover,
            id: "cover".into(),
            node: root(),
            fields: COVER_FIELDS,
            doc: &doc,
            reference: "",
            parent: None,
            named: true,
            label: "Anschreiben".into(),
            text: blocks_text(&cover.block),
            facts: BTreeMap::new(),
        });
    }
    for party in &agreement.party {
        let mut facts = BTreeMap::new();
        facts.insert("role", party.role.to_string());
        let text = [
            party.lead.clone().unwrap_or_default(),
            party.name.clone(),
            party.lines.join("\n"),
            party.designation.join("\n"),
        ]
        .join("\n");
        b.add(Spec {
            kind: EntityKind::Party,
            id: party.id.to_string(),
            node: node_key("party", party.id.as_str()),
            fields: PARTY_FIELDS,
            doc: &doc,
            reference: "",
            parent: None,
            named: true,
            label: party.name.clone(),
            text,
            facts,
        });
    }
    for placeholder in &agreement.placeholder {
        let mut facts = BTreeMap::new();
        facts.insert("required", placeholder.required.to_string());
        b.add(Spec {
            kind: EntityKind::Placeholder,
            id: format!("placeholder:{}", placeholder.key),
            node: node_key("placeholder", &placeholder.key),
            fields: PLACEHOLDER_FIELDS,
            doc: &doc,
            reference: "",
            parent: None,
            named: true,
            label: placeholder.label.clone(),
            text: placeholder.label.clone(),
            facts,
        });
    }
    if let Some(body) = &agreement.body {
        b.add(Spec {
            kind: EntityKind::Preamble,
            id: "preamble".into(),
            node: root(),
            fields: PREAMBLE_FIELDS,
            doc: &doc,
            reference: "",
            parent: None,
            named: true,
            label: "Präambel".into(),
            text: blocks_text(&body.preamble),
            facts: BTreeMap::new(),
        });
        if !body.closing.is_empty() {
            b.add(Spec {
                kind: EntityKind::Preamble,
                id: "closing".into(),
                node: root(),
                fields: CLOSING_FIELDS,
                doc: &doc,
                reference: "",
                parent: None,
                named: true,
                label: "Schluss".into(),
                text: blocks_text(&body.closing),
                facts: BTreeMap::new(),
            });
        }
    }
    clauses(&mut b, &agreement.clause, &doc, "", None);
    for annex in &agreement.annex {
        let label = annex.label.clone().or_else(|| annex.num.clone()).unwrap_or_else(|| annex.id.to_string());
        let text = [annex.title.clone().unwrap_or_default(), blocks_text(&annex.block)].join("\n");
        b.add(Spec {
            kind: EntityKind::Annex,
            id: annex.id.to_string(),
            node: node_key("annex", annex.id.as_str()),
            fields: ANNEX_FIELDS,
            doc: &label,
            reference: "",
            parent: None,
            named: true,
            label: label.clone(),
            text,
            facts: BTreeMap::new(),
        });
        record_embeds(&mut b, &annex.block, &label, "");
        clauses(&mut b, &annex.clause, &label, "", Some(annex.id.as_str()));
    }
    if let Some(p) = &agreement.particulars {
        for (kind, list, embed) in [
            (EntityKind::Purpose, &p.purposes, "particulars.purposes"),
            (EntityKind::DataCategory, &p.data_categories, "particulars.data_categories"),
            (EntityKind::DataSubject, &p.data_subjects, "particulars.data_subjects"),
        ] {
            let (item_doc, reference) =
                b.out.embeds.get(embed).cloned().unwrap_or_else(|| (doc.clone(), String::new()));
            for item in list.iter().flat_map(|l| l.item.iter()) {
                let text =
                    [item.text.as_str(), item.details.as_deref().unwrap_or(""), &item.items.join("\n")].join("\n");
                b.add(Spec {
                    kind,
                    id: item.id.to_string(),
                    node: node_key("item", item.id.as_str()),
                    fields: ITEM_FIELDS,
                    doc: &item_doc,
                    reference: &reference,
                    parent: None,
                    named: true,
                    label: item_label(&item.text),
                    text,
                    facts: BTreeMap::new(),
                });
            }
        }
    }
    for service in &agreement.service {
        b.add(Spec {
            kind: EntityKind::Service,
            id: service.id.to_string(),
            node: node_key("service", service.id.as_str()),
            fields: SERVICE_FIELDS,
            doc: &doc,
            reference: "",
            parent: None,
            named: true,
            label: service.short.clone().unwrap_or_else(|| service.name.clone()),
            text: service.name.clone(),
            facts: BTreeMap::new(),
        });
    }
    if let Some(s) = &agreement.subprocessing {
        let mut facts = BTreeMap::new();
        facts.insert("authorisation", s.authorisation.to_string());
        facts.insert("objection_period", s.objection_period.as_ref().map(ToString::to_string).unwrap_or_default());
        facts
            .insert("special_termination", s.special_termination.as_ref().map(ToString::to_string).unwrap_or_default());
        facts.insert("choice", s.choice.as_ref().map(ToString::to_string).unwrap_or_default());
        facts.insert("terms", super::phrase::option_terms_de(&s.terms));
        b.add(Spec {
            kind: EntityKind::Subprocessing,
            id: "subprocessing".into(),
            node: root(),
            fields: SUBPROCESSING_FIELDS,
            doc: &doc,
            reference: "",
            parent: None,
            named: true,
            label: "Unterauftragsverhältnisse".into(),
            text: String::new(),
            facts,
        });
    }
    for signature in &agreement.signature {
        let role = agreement.party.iter().find(|p| p.id == signature.party).map(|p| p.role);
        let label = match role {
            Some(PartyRole::Processor) => b.out.roles.1.clone(),
            _ => b.out.roles.0.clone(),
        };
        // Place and date are facts: a new version signed again on another day
        // is not a change of who signs.
        let text = [
            signature.caption.clone(),
            signature.signatory.clone().unwrap_or_default(),
            signature.signatory_role.clone().unwrap_or_default(),
        ]
        .join("\n");
        let mut facts = BTreeMap::new();
        facts.insert("signed", signature.signatory.is_some().to_string());
        facts.insert("place", signature.place.clone().unwrap_or_default());
        facts.insert("date", signature.date.map(|d| d.to_string()).unwrap_or_default());
        b.add(Spec {
            kind: EntityKind::Signature,
            id: format!("signature:{}", signature.party),
            node: node_key("signature", signature.party.as_str()),
            fields: SIGNATURE_FIELDS,
            doc: &doc,
            reference: "",
            parent: None,
            named: true,
            label,
            text,
            facts,
        });
    }
    for footnote in &agreement.footnote {
        b.add(Spec {
            kind: EntityKind::Footnote,
            id: footnote.id.to_string(),
            node: node_key("footnote", footnote.id.as_str()),
            fields: FOOTNOTE_FIELDS,
            doc: &doc,
            reference: "",
            parent: None,
            named: false,
            label: first_words(&footnote.text, 6),
            text: footnote.text.clone(),
            facts: BTreeMap::new(),
        });
    }

    // The list is printed in a clause ("Punkt 6.5 AVV") or as an annex ("Anhang 2").
    if let Some(list) = &folder.subprocessors {
        let list = &list.value;
        b.out.list_place = match &list.list.placed_in {
            Some(clause) => {
                let reference = b.out.by_id.get(clause.as_str()).map(|e| e.reference.clone()).unwrap_or_default();
                (doc.clone(), reference)
            }
            None => (list.list.num.clone().unwrap_or_else(|| doc.clone()), String::new()),
        };
        let (list_doc, list_ref) = b.out.list_place.clone();
        for group in &list.group {
            b.add(Spec {
                kind: EntityKind::Group,
                id: group.id.to_string(),
                node: node_key("group", group.id.as_str()),
                fields: GROUP_FIELDS,
                doc: &list_doc,
                reference: &list_ref,
                parent: None,
                named: true,
                label: group.title.clone(),
                text: group.title.clone(),
                facts: BTreeMap::new(),
            });
            for note in &group.note {
                let reference = note.num.clone().unwrap_or_default();
                b.add(Spec {
                    kind: EntityKind::Note,
                    id: note.id.to_string(),
                    node: node_key("note", note.id.as_str()),
                    fields: NOTE_FIELDS,
                    doc: &list_doc,
                    reference: &reference,
                    parent: Some(group.id.as_str()),
                    named: true,
                    label: first_words(&note.text, 6),
                    text: note.text.clone(),
                    facts: BTreeMap::new(),
                });
            }
        }
        for sub in &list.subprocessor {
            let parent = sub.group.as_ref().map(|g| g.as_str());
            b.add(Spec {
                kind: EntityKind::Subprocessor,
                id: sub.id.to_string(),
                node: node_key("subprocessor", sub.id.as_str()),
                fields: SUBPROCESSOR_FIELDS,
                doc: &list_doc,
                reference: &list_ref,
                parent,
                named: true,
                label: sub.display_name().to_owned(),
                text: subprocessor_text(sub),
                facts: subprocessor_facts(sub),
            });
        }
    }
    if let Some(tom) = &folder.tom {
        let tom_doc = b.out.tom_doc.clone();
        sections(&mut b, &tom.value.section, &tom_doc, "", None);
        for site in &tom.value.site {
            b.add(Spec {
                kind: EntityKind::Site,
                id: site.id.to_string(),
                node: node_key("site", site.id.as_str()),
                fields: SITE_FIELDS,
                doc: &tom_doc,
                reference: "",
                parent: None,
                named: true,
                label: site.name.clone(),
                text: site.name.clone(),
                facts: BTreeMap::new(),
            });
        }
    }
    // A name that is a blank ("{{ kunde.firma }} (Firma)") is named in
    // change texts as the form prints it ("[Unternehmen] (Firma)"), not by
    // its template source.
    // (Built only where a name holds one: this runs for every version of a history.)
    let mut labels: Option<BTreeMap<&str, &str>> = None;
    for entity in b.out.by_id.values_mut().filter(|e| e.label.contains("{{")) {
        let labels = labels
            .get_or_insert_with(|| agreement.placeholder.iter().map(|p| (p.key.as_str(), p.label.as_str())).collect());
        entity.label = readable_blanks(&entity.label, labels);
    }
    b.out
}

/// `text` with each `{{ key }}` as its placeholder's label in brackets
/// ("[Unternehmen]"); an alternative or an unknown key as "[…]".
fn readable_blanks(text: &str, labels: &BTreeMap<&str, &str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else { break };
        out.push_str(&rest[..start]);
        let key = rest[start + 2..start + end].trim();
        out.push('[');
        out.push_str(labels.get(key).copied().filter(|l| !l.is_empty()).unwrap_or("…"));
        out.push(']');
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

/// The label of a particulars item: its text without the colon that leads
/// into its details ("Personenstammdaten / Kontaktdaten:").
fn item_label(text: &str) -> String {
    let label = first_words(text, 8);
    label.trim_end_matches([':', ' ']).to_owned()
}

/// Notes where `blocks` embed structured data (the particulars, the DPO,
/// the instructions), so that changes to it can name their place.
fn record_embeds(b: &mut Builder, blocks: &[Block], doc: &str, reference: &str) {
    for block in blocks {
        if let Some(embed) = block.embed {
            b.out.embeds.entry(embed.code()).or_insert_with(|| (doc.to_owned(), reference.to_owned()));
        }
        for option in &block.option {
            record_embeds(b, &option.block, doc, reference);
        }
    }
}

fn clauses(b: &mut Builder, list: &[Clause], doc: &str, parent_ref: &str, parent: Option<&str>) {
    for clause in list {
        // A lock covers the clause's whole text: its blocks, list entries
        // and sub-clauses.
        let enclosing = b.locked;
        b.locked = enclosing || clause.locked;
        let reference = clause.reference.clone().unwrap_or_else(|| derive_ref(parent_ref, clause.num.as_deref()));
        let named = clause.label.is_some() || clause.title.is_some();
        let label = clause
            .label
            .clone()
            .or_else(|| clause.title.clone())
            .unwrap_or_else(|| first_words(clause.text.as_deref().unwrap_or(""), 6));
        let mut text = [clause.title.clone().unwrap_or_default(), clause.text.clone().unwrap_or_default()].join("\n");
        text.push('\n');
        text.push_str(&blocks_text(&clause.block));
        b.add(Spec {
            kind: EntityKind::Clause,
            id: clause.id.to_string(),
            node: node_key("clause", clause.id.as_str()),
            fields: CLAUSE_FIELDS,
            doc,
            reference: &reference,
            parent,
            named,
            label,
            text,
            facts: BTreeMap::new(),
        });
        if let Some(entity) = b.out.by_id.get_mut(clause.id.as_str()) {
            entity.covers = clause.covers.clone();
        }
        record_embeds(b, &clause.block, doc, &reference);
        for block in &clause.block {
            if let Some(items) = &block.list {
                list_entries(b, items, doc, &reference, clause.id.as_str());
            }
        }
        clauses(b, &clause.clause, doc, &reference, Some(clause.id.as_str()));
        b.locked = enclosing;
    }
}

fn list_entries(b: &mut Builder, items: &[ListItem], doc: &str, reference: &str, parent: &str) {
    for item in items {
        if let ListItem::Item(entry) = item {
            if let Some(id) = &entry.id {
                // "2.2 h)": the clause and the item's marker as printed.
                let own = match entry.num.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                    Some(num) if !reference.is_empty() => format!("{reference} {num}"),
                    Some(num) => num.to_owned(),
                    None => reference.to_owned(),
                };
                let named = entry.label.is_some();
                let label = entry.label.clone().unwrap_or_else(|| first_words(&entry.text, 6));
                let mut text = entry.text.clone();
                for child in &entry.list {
                    text.push('\n');
                    text.push_str(child.text());
                }
                b.add(Spec {
                    kind: EntityKind::ListEntry,
                    id: id.to_string(),
                    node: node_key("list-entry", id.as_str()),
                    fields: LIST_ENTRY_FIELDS,
                    doc,
                    reference: &own,
                    parent: Some(parent),
                    named,
                    label,
                    text,
                    facts: BTreeMap::new(),
                });
            }
            list_entries(b, &entry.list, doc, reference, parent);
        }
    }
}

/// The text of blocks that belongs to the enclosing clause (list entries
/// with their own id and embedded data are entities of their own).
pub fn blocks_text(blocks: &[Block]) -> String {
    fn items(out: &mut String, list: &[ListItem]) {
        for item in list {
            match item {
                ListItem::Text(text) => {
                    out.push_str(text);
                    out.push('\n');
                }
                ListItem::Item(entry) if entry.id.is_none() => {
                    out.push_str(&entry.text);
                    out.push('\n');
                    items(out, &entry.list);
                }
                ListItem::Item(_) => {}
            }
        }
    }
    let mut out = String::new();
    for block in blocks {
        if let Some(p) = &block.p {
            out.push_str(p);
            out.push('\n');
        }
        if let Some(list) = &block.list {
            items(&mut out, list);
        }
        if let Some(table) = &block.table {
            for row in std::iter::once(&table.columns).chain(table.rows.iter()) {
                out.push_str(&row.join(" | "));
                out.push('\n');
            }
        }
        for option in &block.option {
            out.push_str(&option.text);
            out.push('\n');
            out.push_str(&blocks_text(&option.block));
        }
    }
    out
}

fn subprocessor_text(sub: &Subprocessor) -> String {
    [sub.name.as_str(), sub.address.as_deref().unwrap_or(""), &sub.service].join("\n")
}

fn subprocessor_facts(sub: &Subprocessor) -> BTreeMap<&'static str, String> {
    let mut facts = BTreeMap::new();
    facts.insert("name", sub.name.clone());
    facts.insert("address", sub.address.clone().unwrap_or_default());
    facts.insert("country", sub.country.to_string());
    let processing = sub
        .processing
        .as_ref()
        .map(|p| {
            let mut places: Vec<String> = p.countries.iter().map(ToString::to_string).collect();
            places.extend(p.regions.iter().map(|r| r.code().to_owned()));
            places.join(",")
        })
        .unwrap_or_default();
    facts.insert("processing", processing);
    facts.insert("location", sub.processing.as_ref().and_then(|p| p.location.clone()).unwrap_or_default());
    facts.insert("service", sub.service.clone());
    // Every safeguard with the facts it states: a certification, attestation
    // or signed AVV that changes is a change of the safeguards, even where
    // the printed label stays.
    let safeguards: Vec<String> = sub
        .safeguards
        .iter()
        .map(|s| {
            let mut facts: Vec<String> = Vec::new();
            if s.dpa {
                facts.push("dpa".into());
            }
            facts.extend(s.certifications.iter().map(ToString::to_string));
            facts.extend(s.attestations.iter().map(ToString::to_string));
            facts.extend(s.codes_of_conduct.iter().map(ToString::to_string));
            if facts.is_empty() { s.label.clone() } else { format!("{} [{}]", s.label, facts.join(", ")) }
        })
        .collect();
    facts.insert("safeguards", safeguards.join("; "));
    let transfers: Vec<String> = sub.transfers().map(transfer_code).collect();
    facts.insert("transfer", transfers.join(","));
    // The values of the free columns, each under its column key.
    let extra: Vec<String> = sub.extra.iter().map(|(key, value)| format!("{key}: {value}")).collect();
    facts.insert("extra", extra.join("; "));
    facts
}

/// A transfer mechanism as a code the change texts spell out:
/// `adequacy:ch`, `scc`, `scc:2021/914:2` (instrument and module), `derogation:a`.
pub fn transfer_code(transfer: &crate::model::subprocessor::Transfer) -> String {
    let mut code = transfer.mechanism.to_string();
    if let Some(decision) = transfer.decision {
        code.push_str(&format!(":{decision}"));
    }
    if transfer.instrument.is_some() || transfer.module.is_some() {
        code.push_str(&format!(
            ":{}:{}",
            transfer.instrument.as_deref().unwrap_or(""),
            transfer.module.map(|m| m.to_string()).unwrap_or_default()
        ));
    }
    if let Some(point) = &transfer.point {
        code.push_str(&format!(":{point}"));
    }
    code
}

fn sections(b: &mut Builder, list: &[Section], doc: &str, parent_ref: &str, parent: Option<&str>) {
    for section in list {
        let reference = section.reference.clone().unwrap_or_else(|| derive_ref(parent_ref, section.num.as_deref()));
        let label = section.title.clone().unwrap_or_else(|| reference.clone());
        let text = [section.title.clone().unwrap_or_default(), blocks_text(&section.block)].join("\n");
        b.add(Spec {
            kind: EntityKind::Section,
            id: section.id.to_string(),
            node: node_key("section", section.id.as_str()),
            fields: SECTION_FIELDS,
            doc,
            reference: &reference,
            parent,
            named: section.title.is_some(),
            label,
            text,
            facts: BTreeMap::new(),
        });
        measures(b, &section.measure, doc, &reference, section.id.as_str());
        for explanation in &section.explanation {
            b.add(Spec {
                kind: EntityKind::Explanation,
                id: explanation.id.to_string(),
                node: node_key("explanation", explanation.id.as_str()),
                fields: EXPLANATION_FIELDS,
                doc,
                reference: &reference,
                parent: Some(section.id.as_str()),
                named: true,
                label: explanation.heading.clone(),
                text: explanation.text.clone(),
                facts: BTreeMap::new(),
            });
        }
        sections(b, &section.section, doc, &reference, Some(section.id.as_str()));
    }
}

fn measures(b: &mut Builder, list: &[Measure], doc: &str, parent_ref: &str, parent: &str) {
    for measure in list {
        // A numbered measure ("1.1") is named by its own number, as printed.
        let own = derive_ref(parent_ref, measure.num.as_deref());
        let reference = own.as_str();
        let named = measure.label.is_some() || measure.title.is_some();
        let label = measure
            .label
            .clone()
            .or_else(|| measure.title.clone().map(|t| t.trim_end_matches(':').to_owned()))
            .unwrap_or_else(|| first_words(measure.text.as_deref().unwrap_or(""), 6));
        let text = [
            measure.title.clone().unwrap_or_default(),
            measure.label.clone().unwrap_or_default(),
            measure.text.clone().unwrap_or_default(),
        ]
        .join("\n");
        let mut facts = BTreeMap::new();
        facts.insert("responsible", measure.responsible.map(|r| r.to_string()).unwrap_or_else(|| "processor".into()));
        facts.insert("condition", measure.condition.map(|c| c.to_string()).unwrap_or_default());
        facts.insert("scope", measure.scope.as_ref().map(scope_text).unwrap_or_default());
        facts.insert("statement", measure.statement.map(|s| s.to_string()).unwrap_or_default());
        b.add(Spec {
            kind: EntityKind::Measure,
            id: measure.id.to_string(),
            node: node_key("measure", measure.id.as_str()),
            fields: MEASURE_FIELDS,
            doc,
            reference,
            parent: Some(parent),
            named,
            label,
            text,
            facts,
        });
        measures(b, &measure.items, doc, reference, measure.id.as_str());
    }
}

/// A measure's scope as one fact: the sites, then the services.
fn scope_text(scope: &crate::model::tom::Scope) -> String {
    let join = |ids: &[crate::model::Id]| ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
    match (scope.sites.is_empty(), scope.services.is_empty()) {
        (true, true) => String::new(),
        (false, true) => format!("Standorte {}", join(&scope.sites)),
        (true, false) => format!("Leistungen {}", join(&scope.services)),
        (false, false) => format!("Standorte {}; Leistungen {}", join(&scope.sites), join(&scope.services)),
    }
}
