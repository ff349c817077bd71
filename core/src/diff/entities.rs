//! Flattens an agreement folder into the entities a diff matches by id:
//! clauses, list entries, particulars items, parties, placeholders,
//! signatures, sub-processors, sections and measures, each with its place
//! (document and reference number) and the text and facts compared.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::load::Folder;
use crate::model::clause::{Block, Clause, ListItem};
use crate::model::codes::{Art28Item, PartyRole};
use crate::model::numbering::derive_ref;
use crate::model::subprocessor::Subprocessor;
use crate::model::tom::{Measure, Section};

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
}

/// All entities of a folder, by id.
#[derive(Debug, Default)]
pub struct Entities {
    /// Entities by id.
    pub by_id: BTreeMap<String, Entity>,
    /// The agreement's document label ("AVV").
    pub doc: String,
    /// The TOM annex's label ("TOM").
    pub tom_doc: String,
    /// Where the sub-processor list is printed: (document, reference).
    pub list_place: (String, String),
    /// The role terms: (controller, processor).
    pub roles: (String, String),
}

struct Builder {
    out: Entities,
    order: usize,
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        kind: EntityKind,
        id: String,
        doc: &str,
        reference: &str,
        parent: Option<&str>,
        label: String,
        text: String,
        facts: BTreeMap<&'static str, String>,
    ) {
        self.order += 1;
        self.out.by_id.entry(id.clone()).or_insert(Entity {
            kind,
            id,
            doc: doc.to_owned(),
            reference: reference.to_owned(),
            parent: parent.map(str::to_owned),
            label,
            text,
            facts,
            order: self.order,
            covers: Vec::new(),
        });
    }
}

/// The first words of a text, for labels.
pub fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n { words.join(" ") } else { format!("{} …", words[..n].join(" ")) }
}

/// Flattens a folder.
pub fn entities(folder: &Folder) -> Entities {
    let mut b = Builder { out: Entities::default(), order: 0 };
    let Some(agreement) = folder.agreement.as_ref().map(|a| &a.value) else { return b.out };
    let doc = agreement.meta.label.clone();
    b.out.doc = doc.clone();
    b.out.tom_doc = folder.tom.as_ref().map_or_else(|| "TOM".to_owned(), |t| t.value.annex.label.clone());
    b.out.roles = agreement.roles.as_ref().map_or_else(
        || ("Auftraggeber".to_owned(), "Auftragnehmer".to_owned()),
        |r| (r.controller.clone(), r.processor.clone()),
    );

    if let Some(cover) = &agreement.cover {
        b.add(
            EntityKind::Cover,
            "cover".into(),
            &doc,
            "",
            None,
            "Anschreiben".into(),
            blocks_text(&cover.block),
            BTreeMap::new(),
        );
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
        b.add(EntityKind::Party, party.id.to_string(), &doc, "", None, party.name.clone(), text, facts);
    }
    for placeholder in &agreement.placeholder {
        let mut facts = BTreeMap::new();
        facts.insert("required", placeholder.required.to_string());
        b.add(
            EntityKind::Placeholder,
            format!("placeholder:{}", placeholder.key),
            &doc,
            "",
            None,
            placeholder.label.clone(),
            placeholder.label.clone(),
            facts,
        );
    }
    if let Some(body) = &agreement.body {
        b.add(
            EntityKind::Preamble,
            "preamble".into(),
            &doc,
            "",
            None,
            "Präambel".into(),
            blocks_text(&body.preamble),
            BTreeMap::new(),
        );
        if !body.closing.is_empty() {
            b.add(
                EntityKind::Preamble,
                "closing".into(),
                &doc,
                "",
                None,
                "Schluss".into(),
                blocks_text(&body.closing),
                BTreeMap::new(),
            );
        }
    }
    clauses(&mut b, &agreement.clause, &doc, "", None);
    for annex in &agreement.annex {
        let label = annex.label.clone().or_else(|| annex.num.clone()).unwrap_or_else(|| annex.id.to_string());
        b.add(
            EntityKind::Annex,
            annex.id.to_string(),
            &label,
            "",
            None,
            label.clone(),
            annex.title.clone().unwrap_or_default(),
            BTreeMap::new(),
        );
        clauses(&mut b, &annex.clause, &label, "", Some(annex.id.as_str()));
    }
    if let Some(p) = &agreement.particulars {
        for (kind, list) in [
            (EntityKind::Purpose, &p.purposes),
            (EntityKind::DataCategory, &p.data_categories),
            (EntityKind::DataSubject, &p.data_subjects),
        ] {
            for item in list.iter().flat_map(|l| l.item.iter()) {
                let text =
                    [item.text.as_str(), item.details.as_deref().unwrap_or(""), &item.items.join("\n")].join("\n");
                b.add(kind, item.id.to_string(), &doc, "", None, first_words(&item.text, 8), text, BTreeMap::new());
            }
        }
    }
    for service in &agreement.service {
        b.add(
            EntityKind::Service,
            service.id.to_string(),
            &doc,
            "",
            None,
            service.short.clone().unwrap_or_else(|| service.name.clone()),
            service.name.clone(),
            BTreeMap::new(),
        );
    }
    if let Some(s) = &agreement.subprocessing {
        let mut facts = BTreeMap::new();
        facts.insert("authorisation", s.authorisation.to_string());
        facts.insert("objection_period", s.objection_period.as_ref().map(ToString::to_string).unwrap_or_default());
        facts
            .insert("special_termination", s.special_termination.as_ref().map(ToString::to_string).unwrap_or_default());
        b.add(
            EntityKind::Subprocessing,
            "subprocessing".into(),
            &doc,
            "",
            None,
            "Unterauftragsverhältnisse".into(),
            String::new(),
            facts,
        );
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
        b.add(EntityKind::Signature, format!("signature:{}", signature.party), &doc, "", None, label, text, facts);
    }
    for footnote in &agreement.footnote {
        b.add(
            EntityKind::Footnote,
            footnote.id.to_string(),
            &doc,
            "",
            None,
            first_words(&footnote.text, 6),
            footnote.text.clone(),
            BTreeMap::new(),
        );
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
            b.add(
                EntityKind::Group,
                group.id.to_string(),
                &list_doc,
                &list_ref,
                None,
                group.title.clone(),
                group.title.clone(),
                BTreeMap::new(),
            );
            for note in &group.note {
                let reference = note.num.clone().unwrap_or_default();
                b.add(
                    EntityKind::Note,
                    note.id.to_string(),
                    &list_doc,
                    &reference,
                    Some(group.id.as_str()),
                    first_words(&note.text, 6),
                    note.text.clone(),
                    BTreeMap::new(),
                );
            }
        }
        for sub in &list.subprocessor {
            let parent = sub.group.as_ref().map(|g| g.as_str());
            b.add(
                EntityKind::Subprocessor,
                sub.id.to_string(),
                &list_doc,
                &list_ref,
                parent,
                sub.display_name().to_owned(),
                subprocessor_text(sub),
                subprocessor_facts(sub),
            );
        }
    }
    if let Some(tom) = &folder.tom {
        let tom_doc = b.out.tom_doc.clone();
        sections(&mut b, &tom.value.section, &tom_doc, "", None);
        for site in &tom.value.site {
            b.add(
                EntityKind::Site,
                site.id.to_string(),
                &tom_doc,
                "",
                None,
                site.name.clone(),
                site.name.clone(),
                BTreeMap::new(),
            );
        }
    }
    b.out
}

fn clauses(b: &mut Builder, list: &[Clause], doc: &str, parent_ref: &str, parent: Option<&str>) {
    for clause in list {
        let reference = clause.reference.clone().unwrap_or_else(|| derive_ref(parent_ref, clause.num.as_deref()));
        let label = clause
            .label
            .clone()
            .or_else(|| clause.title.clone())
            .unwrap_or_else(|| first_words(clause.text.as_deref().unwrap_or(""), 6));
        let mut text = [clause.title.clone().unwrap_or_default(), clause.text.clone().unwrap_or_default()].join("\n");
        text.push('\n');
        text.push_str(&blocks_text(&clause.block));
        b.add(EntityKind::Clause, clause.id.to_string(), doc, &reference, parent, label, text, BTreeMap::new());
        if let Some(entity) = b.out.by_id.get_mut(clause.id.as_str()) {
            entity.covers = clause.covers.clone();
        }
        for block in &clause.block {
            if let Some(items) = &block.list {
                list_entries(b, items, doc, &reference, clause.id.as_str());
            }
        }
        clauses(b, &clause.clause, doc, &reference, Some(clause.id.as_str()));
    }
}

fn list_entries(b: &mut Builder, items: &[ListItem], doc: &str, reference: &str, parent: &str) {
    for item in items {
        if let ListItem::Item(entry) = item {
            if let Some(id) = &entry.id {
                let own = derive_ref(reference, entry.num.as_deref());
                let label = entry.label.clone().unwrap_or_else(|| first_words(&entry.text, 6));
                let mut text = entry.text.clone();
                for child in &entry.list {
                    text.push('\n');
                    text.push_str(child.text());
                }
                b.add(EntityKind::ListEntry, id.to_string(), doc, &own, Some(parent), label, text, BTreeMap::new());
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
            places.extend(p.regions.iter().map(|r| format!("{r:?}").to_uppercase()));
            places.join(",")
        })
        .unwrap_or_default();
    facts.insert("processing", processing);
    facts.insert("service", sub.service.clone());
    facts.insert("safeguards", sub.safeguards.iter().map(|s| s.label.as_str()).collect::<Vec<_>>().join(", "));
    let transfers: Vec<String> = sub
        .transfers()
        .map(|t| match t.decision {
            Some(decision) => format!("{}:{decision}", t.mechanism),
            None => t.mechanism.to_string(),
        })
        .collect();
    facts.insert("transfer", transfers.join(","));
    facts
}

fn sections(b: &mut Builder, list: &[Section], doc: &str, parent_ref: &str, parent: Option<&str>) {
    for section in list {
        let reference = section.reference.clone().unwrap_or_else(|| derive_ref(parent_ref, section.num.as_deref()));
        let label = section.title.clone().unwrap_or_else(|| reference.clone());
        let text = [section.title.clone().unwrap_or_default(), blocks_text(&section.block)].join("\n");
        b.add(EntityKind::Section, section.id.to_string(), doc, &reference, parent, label, text, BTreeMap::new());
        measures(b, &section.measure, doc, &reference, section.id.as_str());
        for explanation in &section.explanation {
            b.add(
                EntityKind::Explanation,
                explanation.id.to_string(),
                doc,
                &reference,
                Some(section.id.as_str()),
                explanation.heading.clone(),
                explanation.text.clone(),
                BTreeMap::new(),
            );
        }
        sections(b, &section.section, doc, &reference, Some(section.id.as_str()));
    }
}

fn measures(b: &mut Builder, list: &[Measure], doc: &str, reference: &str, parent: &str) {
    for measure in list {
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
        let scope = measure
            .scope
            .as_ref()
            .map(|s| s.sites.iter().chain(s.services.iter()).map(ToString::to_string).collect::<Vec<_>>().join(","))
            .unwrap_or_default();
        facts.insert("scope", scope);
        facts.insert("note", (measure.statement == Some(crate::model::codes::Statement::Note)).to_string());
        b.add(EntityKind::Measure, measure.id.to_string(), doc, reference, Some(parent), label, text, facts);
        measures(b, &measure.items, doc, reference, measure.id.as_str());
    }
}
