//! The Synopse: a Gegenüberstellung of two versions for legal teams and
//! customers. By default every changed clause, measure or sub-processor
//! shows the old text on the left and the new on the right, with the
//! removed and inserted words marked; removed and replaced entries stay
//! visible, struck through on the left. The inline redline (one text with
//! deletions and insertions) is kept as [`SynopsisLayout::Inline`].
//! Unchanged stretches are collapsed to their numbers, and a summary of
//! the classified changes comes first.

use serde::Serialize;
use std::collections::HashMap;

use super::inline::{Flavor, escape};
use super::view::Reading;
use crate::diff::{ChangeSet, Entities, EntityKind, Op, entities};
use crate::load::Folder;
use crate::model::codes::DateStyle;

/// How the Synopse sets the two versions against each other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SynopsisLayout {
    /// Old text on the left, new text on the right (the Gegenüberstellung
    /// German data-protection officers expect).
    #[default]
    Columns,
    /// One text with deletions and insertions marked.
    Inline,
}

impl SynopsisLayout {
    /// The name `avv.toml` spells it with.
    pub fn as_str(self) -> &'static str {
        match self {
            SynopsisLayout::Columns => "columns",
            SynopsisLayout::Inline => "inline",
        }
    }

    /// Whether this is the default layout (for serialisation).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// One row of the redline.
#[derive(Debug, Clone, Serialize)]
pub struct SynopsisItem {
    /// `unchanged`, `changed`, `added` or `removed`.
    pub state: &'static str,
    /// The document ("AVV", "TOM").
    pub doc: String,
    /// Reference numbers: one, or "first – last" for collapsed stretches.
    pub reference: String,
    /// Display name (escaped).
    pub label: String,
    /// How many entities a collapsed stretch holds.
    pub count: usize,
    /// The redline as segments (escaped text), for changed, added and removed items.
    pub segments: Vec<SynopsisSegment>,
    /// The earlier version's side: its text with the removed words marked
    /// (empty for an entry that is new).
    pub left: Vec<SynopsisSegment>,
    /// The later version's side: its text with the inserted words marked
    /// (empty for an entry that is gone).
    pub right: Vec<SynopsisSegment>,
    /// The change's classification in German.
    pub kind: String,
    /// The change's flags in German.
    pub flags: Vec<String>,
    /// The recorded reason for a removal or weakening (escaped; empty
    /// where none): the legal team reads the why beside the change.
    pub justification: String,
}

/// A piece of redline text.
#[derive(Debug, Clone, Serialize)]
pub struct SynopsisSegment {
    /// `equal`, `insert` or `delete`.
    pub op: &'static str,
    /// The text (escaped).
    pub text: String,
}

/// Everything the Synopse template receives.
#[derive(Debug, Clone, Serialize)]
pub struct SynopsisView {
    /// Output format: `html`, `typ` or `docx`.
    pub format: &'static str,
    /// Side by side or inline.
    pub layout: SynopsisLayout,
    /// The agreement id.
    pub agreement: String,
    /// The title (escaped).
    pub title: String,
    /// The document's title in its metadata ("Synopse pcvisit 1.7 → 1.8"):
    /// for typst escaped as the inside of a string literal (it lands in
    /// `#set document(title: "…")`), for HTML as text.
    pub document_title: String,
    /// The earlier version.
    pub from: String,
    /// The later version.
    pub to: String,
    /// The change texts (escaped).
    pub summary: Vec<String>,
    /// The kinds of change (German).
    pub kinds: String,
    /// Changes customers must be told about (escaped phrases).
    pub notices: Vec<String>,
    /// Changes touching the security level (escaped phrases).
    pub security: Vec<String>,
    /// The redline, in document order.
    pub items: Vec<SynopsisItem>,
    /// The small print line (escaped).
    pub trace: String,
}

/// Entity kinds shown in the redline (the rest is metadata).
fn shown(kind: EntityKind) -> bool {
    !matches!(kind, EntityKind::Placeholder | EntityKind::Site | EntityKind::Subprocessing | EntityKind::Group)
}

/// Builds the Synopse view of `changes` between `old` and `new`.
pub fn build(
    old: &Folder,
    new: &Folder,
    changes: &ChangeSet,
    flavor: Flavor,
    layout: SynopsisLayout,
    trace: &str,
) -> SynopsisView {
    // In typst markup a line end is a space: a clause's paragraphs and list
    // items would run into one paragraph. A forced break keeps each line,
    // as HTML and Word show them.
    let esc = |s: &str| {
        let escaped = escape(s, flavor);
        if flavor == Flavor::Typst { escaped.replace('\n', "\\\n") } else { escaped }
    };
    let before: Entities = entities(old);
    let after: Entities = entities(new);
    // Texts as the documents print them: a reader compares words, not
    // markup ("**Auftraggeber**", "{{ kunde.firma }}").
    let (read_old, read_new) = (Reading::of(old), Reading::of(new));
    let reading = |earlier: bool, text: &str| -> String {
        match if earlier { &read_old } else { &read_new } {
            Some(reading) => reading.text(text),
            None => text.to_owned(),
        }
    };
    let styles = (date_style(old), date_style(new));
    let (clauses_after, clauses_before) = (clause_orders(&after), clause_orders(&before));
    let mut ordered: Vec<(usize, (usize, usize), &crate::diff::Entity, bool)> = after
        .by_id
        .values()
        .filter(|e| shown(e.kind))
        .map(|e| (doc_rank(&e.doc, &after), printed_at(e, &clauses_after), e, false))
        .collect();
    // Removed entities keep the place they had.
    for e in before.by_id.values().filter(|e| shown(e.kind) && !after.by_id.contains_key(&e.id)) {
        ordered.push((doc_rank(&e.doc, &before), printed_at(e, &clauses_before), e, true));
    }
    ordered.sort_by_key(|(rank, order, _, removed)| (*rank, *order, *removed));

    let published: Vec<&crate::diff::Change> = changes.document_changes().collect();
    let mut told = vec![false; published.len()];
    let mut items: Vec<SynopsisItem> = Vec::new();
    // Changes of the document as a whole (title, particulars, instructions)
    // and of parts without a place in the redline come first.
    let placed = |change: &crate::diff::Change| {
        after.by_id.get(&change.id).or_else(|| before.by_id.get(&change.id)).is_some_and(|e| shown(e.kind))
    };
    for (index, change) in published.iter().enumerate() {
        if !placed(change) && matches!(change.op, Op::Added | Op::Removed | Op::Changed) {
            told[index] = true;
            items.push(item(change, (&before, &after), styles, &esc, &reading));
        }
    }
    for (_, _, entity, removed) in ordered {
        let found = published
            .iter()
            .enumerate()
            .filter(|(i, c)| !told[*i] && c.id == entity.id)
            .map(|(i, _)| i)
            .collect::<Vec<_>>();
        if !found.is_empty() {
            for index in found {
                told[index] = true;
                items.push(item(published[index], (&before, &after), styles, &esc, &reading));
            }
            continue;
        }
        if removed {
            continue;
        }
        // A run of unchanged entries is one range of references in print
        // order: an entry whose number lies before the run's last (the
        // sub-processor rows printed inside 6.5, listed after clause 7)
        // starts a range of its own rather than one that runs backwards.
        let goes_back = |last: &SynopsisItem| {
            let end = last.reference.rsplit(" – ").next().unwrap_or("");
            !end.is_empty()
                && !entity.reference.is_empty()
                && crate::version::compare(&entity.reference, end) == std::cmp::Ordering::Less
        };
        match items.last_mut() {
            Some(last) if last.state == "unchanged" && last.doc == entity.doc && !goes_back(last) => {
                last.count += 1;
                if !entity.reference.is_empty() {
                    let first = last.reference.split(" – ").next().unwrap_or("").to_owned();
                    last.reference = if first.is_empty() {
                        entity.reference.clone()
                    } else if first == entity.reference {
                        first
                    } else {
                        format!("{first} – {}", entity.reference)
                    };
                }
            }
            _ => items.push(SynopsisItem {
                state: "unchanged",
                doc: esc(&entity.doc),
                reference: entity.reference.clone(),
                label: String::new(),
                count: 1,
                segments: Vec::new(),
                left: Vec::new(),
                right: Vec::new(),
                kind: String::new(),
                flags: Vec::new(),
                justification: String::new(),
            }),
        }
    }
    let phrases = |flag: crate::diff::Flag| -> Vec<String> {
        changes.changes.iter().filter(|c| c.flags.contains(&flag)).map(|c| esc(&c.phrase)).collect()
    };
    SynopsisView {
        format: match flavor {
            Flavor::Html => "html",
            Flavor::Docx => "docx",
            _ => "typ",
        },
        layout,
        agreement: changes.agreement.clone(),
        title: esc(&new.agreement.as_ref().map(|a| a.value.meta.title.clone()).unwrap_or_default()),
        document_title: {
            let raw =
                format!("Synopse {} {} → {}", changes.agreement, changes.from.as_deref().unwrap_or(""), changes.to);
            if flavor == Flavor::Typst { super::inline::typst_string(&raw) } else { esc(&raw) }
        },
        from: esc(changes.from.as_deref().unwrap_or("")),
        to: esc(&changes.to),
        summary: changes.lines.iter().map(|l| esc(l)).collect(),
        kinds: changes.kinds_de(),
        notices: [phrases(crate::diff::Flag::Art28Notice), phrases(crate::diff::Flag::Art28Consent)].concat(),
        security: phrases(crate::diff::Flag::SecurityLevel),
        items,
        trace: esc(trace),
    }
}

/// The print order of every numbered clause, by (document, reference).
fn clause_orders(all: &Entities) -> HashMap<(&str, &str), usize> {
    let mut orders = HashMap::new();
    for clause in all.by_id.values().filter(|c| c.kind == crate::diff::EntityKind::Clause && !c.reference.is_empty()) {
        let order = orders.entry((clause.doc.as_str(), clause.reference.as_str())).or_insert(clause.order);
        *order = (*order).min(clause.order);
    }
    orders
}

/// Where an entity is printed, as a sort key: entries that a clause prints
/// from structured data (the sub-processor rows of 6.5, the data
/// categories of 2.2) stand at that clause, in their own order, though
/// they are listed after all clauses.
fn printed_at(entity: &crate::diff::Entity, clauses: &HashMap<(&str, &str), usize>) -> (usize, usize) {
    use crate::diff::EntityKind;
    let embedded = matches!(
        entity.kind,
        EntityKind::Subprocessor
            | EntityKind::Group
            | EntityKind::Purpose
            | EntityKind::DataCategory
            | EntityKind::DataSubject
    );
    match clauses.get(&(entity.doc.as_str(), entity.reference.as_str())).filter(|_| embedded) {
        Some(clause) => (*clause, entity.order),
        None => (entity.order, 0),
    }
}

/// The style a folder's documents print dates in.
fn date_style(folder: &Folder) -> DateStyle {
    folder.agreement.as_ref().map_or(DateStyle::Numeric, |a| a.value.meta.date_style)
}

/// A row of the version table as it prints: its cells, in order, those
/// with a value, the date in the document's date `style`.
fn version_row_text(entities: &Entities, id: &str, style: DateStyle) -> Option<String> {
    let node = entities.flat.nodes.get(&crate::diff::structure::node_key("version-row", id))?;
    let cell = |key: &str| match node.leaves.get(key)? {
        serde_json::Value::String(text) if key == "date" => Some(
            crate::model::Date::parse(text)
                .map_or_else(|| text.clone(), |date| crate::model::numbering::german_date(date, style)),
        ),
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    };
    let cells: Vec<String> = ["version", "status", "date", "responsible", "change"]
        .iter()
        .filter_map(|key| cell(key))
        .filter(|text| !text.trim().is_empty())
        .collect();
    (!cells.is_empty()).then(|| cells.join(" | "))
}

/// The redline item of one change; `before` holds the entries of the
/// earlier version (a replaced sub-processor is shown from there).
fn item(
    change: &crate::diff::Change,
    (before, after): (&Entities, &Entities),
    styles: (DateStyle, DateStyle),
    esc: &dyn Fn(&str) -> String,
    reading: &dyn Fn(bool, &str) -> String,
) -> SynopsisItem {
    let segment = |op: &'static str, text: &str| SynopsisSegment { op, text: esc(text) };
    // A sub-processor added or removed is shown with its safeguards, the
    // column the list prints beside name, address and service.
    let safeguards = |entities: &Entities| {
        entities
            .by_id
            .get(&change.id)
            .filter(|e| e.kind == crate::diff::EntityKind::Subprocessor)
            .and_then(|e| e.facts.get("safeguards"))
            .map(|value| crate::diff::phrase::safeguard_labels(value))
            .filter(|labels| !labels.is_empty())
            .map(|labels| format!("\nDatenschutzmaßnahmen: {labels}"))
            .unwrap_or_default()
    };
    // An entry without text of its own (a row of the version table) is
    // shown by its name.
    let or_label = |text: Option<&str>, earlier: bool| match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => format!("{}{}", reading(earlier, text), safeguards(if earlier { before } else { after })),
        None if change.label.is_empty() => change.phrase.clone(),
        None => change.label.clone(),
    };
    // A row of the version table is shown as the row it prints.
    let row = |entities: &Entities, style| {
        (change.entity == EntityKind::VersionRow).then(|| version_row_text(entities, &change.id, style)).flatten()
    };
    let (old_text, new_text) = (
        &row(before, styles.0).unwrap_or_else(|| or_label(change.old.as_deref(), true)),
        &row(after, styles.1).unwrap_or_else(|| or_label(change.new.as_deref(), false)),
    );
    // The entry a new one replaces: gone from the later version, but the
    // reader must see what it was.
    let replaced = change
        .facts
        .iter()
        .find(|f| f.fact == "replaces")
        .and_then(|f| before.by_id.get(&f.old))
        .map(|e| reading(true, e.text.trim()));
    let facts: Vec<&crate::diff::FactChange> = change.facts.iter().filter(|f| f.fact != "replaces").collect();
    let value = |f: &crate::diff::FactChange, old: bool| {
        crate::diff::phrase::fact_value_de(&f.fact, if old { &f.old } else { &f.new })
    };
    let (segments, left, right) = match change.op {
        // Same text under another number or in another clause: the old
        // place struck on the left, the new one on the right.
        Op::Renumbered | Op::Moved => {
            let place = |entities: &Entities| {
                entities.by_id.get(&change.id).map(|e| format!("Punkt {}", e.reference)).unwrap_or_default()
            };
            let (was, is) = (place(before), place(after));
            (
                vec![segment("delete", &was), segment("equal", " "), segment("insert", &is)],
                vec![segment("delete", &was)],
                vec![segment("insert", &is)],
            )
        }
        Op::Added => {
            let left = replaced.as_deref().map(|t| vec![segment("delete", t)]).unwrap_or_default();
            // Inline, the replaced entry is struck before the new one.
            let mut inline = left.clone();
            if !inline.is_empty() {
                inline.push(segment("equal", " "));
            }
            inline.push(segment("insert", new_text));
            (inline, left, vec![segment("insert", new_text)])
        }
        Op::Removed => (vec![segment("delete", old_text)], vec![segment("delete", old_text)], Vec::new()),
        _ if change.words.is_empty() && facts.is_empty() => (
            vec![segment("delete", old_text), segment("equal", " "), segment("insert", new_text)],
            vec![segment("delete", old_text)],
            vec![segment("insert", new_text)],
        ),
        _ if change.words.is_empty() => {
            let mut inline = Vec::new();
            let (mut left, mut right) = (Vec::new(), Vec::new());
            for (i, f) in facts.iter().enumerate() {
                let label = format!("{}{}: ", if i > 0 { "; " } else { "" }, f.label);
                let (old, new) = (value(f, true), value(f, false));
                inline.extend([
                    segment("equal", &label),
                    segment("delete", &old),
                    segment("equal", " "),
                    segment("insert", &new),
                ]);
                left.extend([segment("equal", &label), segment("delete", &old)]);
                right.extend([segment("equal", &label), segment("insert", &new)]);
            }
            (inline, left, right)
        }
        _ => {
            // Words compared as they read where markup made them differ.
            let (old, new) = (change.old.as_deref().unwrap_or(""), change.new.as_deref().unwrap_or(""));
            let (old_read, new_read) = (reading(true, old), reading(false, new));
            let read_words;
            let words = if old_read == old && new_read == new {
                &change.words
            } else {
                read_words = crate::diff::words::word_diff(&old_read, &new_read);
                &read_words
            };
            let side = |skip: &'static str| -> Vec<SynopsisSegment> {
                words
                    .iter()
                    .filter(|s| s.op != skip)
                    .map(|s| SynopsisSegment { op: s.op, text: esc(&s.text) })
                    .collect()
            };
            (side(""), side("insert"), side("delete"))
        }
    };
    SynopsisItem {
        state: match change.op {
            Op::Added if replaced.is_some() => "replaced",
            Op::Added => "added",
            Op::Removed => "removed",
            _ => "changed",
        },
        doc: esc(&change.doc),
        reference: esc(&change.reference),
        label: esc(&match change.entity {
            EntityKind::VersionRow => format!("Versionshistorie, Version {}", change.label),
            _ if change.label.is_empty() => change.phrase.clone(),
            _ => reading(false, &change.label),
        }),
        count: 1,
        segments,
        left,
        right,
        kind: change.kind_de.to_owned(),
        flags: change.flags.iter().map(|f| f.label_de().to_owned()).collect(),
        justification: change.justification.as_deref().map(esc).unwrap_or_default(),
    }
}

fn doc_rank(doc: &str, entities: &Entities) -> usize {
    if doc == entities.doc {
        0
    } else if doc == entities.tom_doc {
        2
    } else {
        1
    }
}

/// The small print of a Synopse: agreement, versions, commit, avv.
fn trace(changes: &ChangeSet, stamp: &super::Stamp) -> String {
    let mut trace =
        format!("Synopse {} · Version {} → {}", changes.agreement, changes.from.as_deref().unwrap_or("?"), changes.to);
    if let Some(commit) = &stamp.commit {
        trace.push_str(&format!(" · erzeugt aus Commit {}", &commit[..commit.len().min(12)]));
    }
    trace.push_str(&format!(" · avv {}", env!("CARGO_PKG_VERSION")));
    trace
}

/// Renders the Synopse between `old` and `new` as HTML, or as typst source
/// for the PDF engine (`flavor` = [`Flavor::Typst`]).
pub fn render_synopsis(
    templates: &super::Templates,
    old: &Folder,
    new: &Folder,
    flavor: Flavor,
    layout: SynopsisLayout,
    stamp: &super::Stamp,
) -> Result<String, super::RenderError> {
    let changes = crate::diff::diff(Some(old), new);
    let view = build(old, new, &changes, flavor, layout, &trace(&changes, stamp));
    let name = if flavor == Flavor::Typst { "synopsis.typ.j2" } else { "synopsis.html.j2" };
    templates.render(name, &view)
}

/// Renders the Synopse between `old` and `new` as a Word file, dated as
/// `options` says.
pub fn render_synopsis_docx(
    old: &Folder,
    new: &Folder,
    layout: SynopsisLayout,
    stamp: &super::Stamp,
    options: &super::docx::DocxOptions,
) -> Result<Vec<u8>, super::RenderError> {
    let changes = crate::diff::diff(Some(old), new);
    let view = build(old, new, &changes, Flavor::Docx, layout, &trace(&changes, stamp));
    super::docx::write_synopsis(&view, options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_folder;

    #[test]
    fn redline_marks_changes_and_escapes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dir = root.join("agreements/pcvisit");
        let old = load_folder(&dir, &root).folder;
        let mut new = old.clone();
        if let Some(list) = new.subprocessors_mut() {
            list.value.subprocessor[0].name = "<script>alert(1)</script> GmbH".into();
            list.value.subprocessor.remove(1);
        }
        let html = render_synopsis(
            &super::super::Templates::new(None),
            &old,
            &new,
            Flavor::Html,
            SynopsisLayout::Inline,
            &Default::default(),
        )
        .unwrap();
        assert!(html.contains("&lt;script&gt;"), "data must be escaped");
        assert!(!html.contains("<script>alert"), "no injected markup");
        assert!(html.contains("<del>"), "{html}");
        assert!(html.contains("Wegfall Unterauftragnehmer Hetzner"), "summary lists the removal");
        assert!(html.contains("unverändert"), "unchanged stretches are collapsed");
    }

    /// The Synopse compares what the documents print: the cover letter's
    /// bold marks, page references and placeholders are read as the blank
    /// form prints them, in every format and layout, never as source.
    #[test]
    fn compares_texts_as_they_read() {
        use crate::model::clause::ListItem;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let old = load_folder(&root.join("agreements/pcvisit"), &root).folder;
        let mut new = old.clone();
        let agreement = &mut new.agreement_mut().expect("pcvisit has an agreement").value;
        let cover = agreement.cover.as_mut().expect("pcvisit has a cover letter");
        for block in &mut cover.block {
            if let Some(p) = block.p.as_mut().filter(|p| p.contains("**nicht**")) {
                *p = "Bitte **keinesfalls** per Fax senden, {{ kunde.firma }}.".into();
            }
            for item in block.list.iter_mut().flatten() {
                if let ListItem::Text(text) = item {
                    *text = text.replace("Kontaktpersonen ein", "Ansprechpartner ein");
                }
            }
        }
        for flavor in [Flavor::Html, Flavor::Typst, Flavor::Docx] {
            for layout in [SynopsisLayout::Inline, SynopsisLayout::Columns] {
                let changes = crate::diff::diff(Some(&old), &new);
                let view = build(&old, &new, &changes, flavor, layout, "");
                let shown: String = view
                    .items
                    .iter()
                    .flat_map(|i| i.segments.iter().chain(&i.left).chain(&i.right).map(|s| s.text.as_str()))
                    .collect();
                assert!(shown.contains("keinesfalls"), "{flavor:?} {layout:?}: {shown}");
                assert!(shown.contains("Ansprechpartner"), "{flavor:?} {layout:?}: {shown}");
                for source in ["**", "{{", "{seite}", "](#"] {
                    assert!(!shown.contains(source), "{flavor:?} {layout:?}: markup {source:?} shown: {shown}");
                }
            }
        }
    }

    /// A changed word right before a bracket ("Art. 5(1)" to "Art. 6(1)"):
    /// the PDF's markup ends the marked word's call, so the bracket is text,
    /// not the call's arguments, and the PDF is made in both layouts.
    #[test]
    fn a_bracket_after_a_changed_word_stays_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut old = load_folder(&root.join("agreements/pcvisit"), &root).folder;
        let set = |folder: &mut Folder, text: &str| {
            let agreement = &mut folder.agreement_mut().expect("pcvisit has an agreement").value;
            let cover = agreement.cover.as_mut().expect("pcvisit has a cover letter");
            let block = cover.block.iter_mut().find(|b| b.p.is_some()).expect("a paragraph");
            block.p = Some(text.into());
        };
        let mut new = old.clone();
        set(&mut old, "Siehe Art. 5(1) und [2] DS-GVO.");
        set(&mut new, "Siehe Art. 6(1) und 7[2] DS-GVO.");
        let options = super::super::pdf::PdfOptions {
            ident: "avv/test/synopse".into(),
            epoch: Some(0),
            date: None,
            creator: Some("avv".into()),
        };
        for layout in [SynopsisLayout::Inline, SynopsisLayout::Columns] {
            let templates = super::super::Templates::new(None);
            let source = render_synopsis(&templates, &old, &new, Flavor::Typst, layout, &Default::default())
                .expect("the Synopse's markup");
            super::super::pdf::typst_to_pdf(&source, &options).unwrap_or_else(|e| panic!("{layout:?}: {e}"));
        }
    }

    /// A new row of the version table is shown as the row it prints, under
    /// "Versionshistorie, Version 1.9", not by its number alone.
    #[test]
    fn a_new_version_row_shows_its_cells() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let old = load_folder(&root.join("agreements/pcvisit"), &root).folder;
        let mut new = old.clone();
        let history = new.agreement_mut().expect("an agreement").value.history.as_mut().expect("pcvisit's table");
        let mut row = history.row.last().expect("a row").clone();
        row.version = "1.9".into();
        row.status = "finale Version".into();
        row.change = "neuer Unterauftragnehmer: IONOS SE".into();
        row.date = crate::model::Date::parse("2024-03-05");
        history.row.push(row);
        let changes = crate::diff::diff(Some(&old), &new);
        let view = build(&old, &new, &changes, Flavor::Html, SynopsisLayout::Columns, "");
        let item = view.items.iter().find(|i| i.label.contains("Versionshistorie")).expect("the row's item");
        assert_eq!(item.label, "Versionshistorie, Version 1.9");
        let right: String = item.right.iter().map(|s| s.text.as_str()).collect();
        // The date as the table prints it, in the document's date style.
        assert!(right.starts_with("1.9 | finale Version | 05.03.2024 | "), "{right}");
        assert!(right.contains("IONOS SE"), "{right}");
        new.agreement_mut().expect("an agreement").value.meta.date_style = crate::model::codes::DateStyle::Long;
        let changes = crate::diff::diff(Some(&old), &new);
        let view = build(&old, &new, &changes, Flavor::Html, SynopsisLayout::Columns, "");
        let item = view.items.iter().find(|i| i.label.contains("Versionshistorie")).expect("the row's item");
        let right: String = item.right.iter().map(|s| s.text.as_str()).collect();
        assert!(right.starts_with("1.9 | finale Version | 5. März 2024 | "), "{right}");
    }

    /// The Gegenüberstellung: a replaced sub-processor stays visible on the
    /// left, struck through; a changed transfer mechanism is named in
    /// German on both sides, never by its internal code; a removed entry is
    /// struck on the left and marked as gone on the right.
    #[test]
    fn columns_set_old_beside_new() {
        use crate::model::primitives::Id;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let old = load_folder(&root.join("agreements/pcvisit"), &root).folder;
        let mut new = old.clone();
        let list = new.subprocessors_mut().expect("pcvisit has a sub-processor list");
        let subs = &mut list.value.subprocessor;
        let at = subs.iter().position(|s| s.id.as_str() == "livestorm").expect("livestorm");
        let mut zoom = subs[at].clone();
        zoom.id = Id("zoom".into());
        zoom.name = "Zoom Video Communications, Inc.".into();
        zoom.replaces = Some(Id("livestorm".into()));
        subs[at] = zoom;
        let scc = subs
            .iter()
            .flat_map(|s| s.safeguards.iter())
            .find_map(|g| g.transfer.clone().filter(|t| t.mechanism.to_string() == "scc"))
            .expect("an SCC transfer");
        let auth0 = subs.iter_mut().find(|s| s.id.as_str() == "auth0").expect("auth0");
        let guard = auth0.safeguards.iter_mut().find(|g| g.transfer.is_some()).expect("a transfer");
        guard.transfer = Some(scc);
        subs.retain(|s| s.id.as_str() != "toolhouse");

        let changes = crate::diff::diff(Some(&old), &new);
        let view = build(&old, &new, &changes, Flavor::Html, SynopsisLayout::Columns, "");
        let text = |segments: &[SynopsisSegment]| segments.iter().map(|s| s.text.as_str()).collect::<String>();
        let replaced = view.items.iter().find(|i| i.state == "replaced").expect("the replacement");
        assert!(text(&replaced.left).to_lowercase().contains("livestorm"), "{replaced:?}");
        assert!(replaced.left.iter().all(|s| s.op == "delete"));
        assert!(text(&replaced.right).contains("Zoom"), "{replaced:?}");
        let inline = &replaced.segments;
        assert!(inline.iter().any(|s| s.op == "delete" && s.text.to_lowercase().contains("livestorm")), "{inline:?}");
        let auth0 = view.items.iter().find(|i| i.label.contains("Auth0")).expect("auth0's change");
        let (left, right) = (text(&auth0.left), text(&auth0.right));
        assert!(left.contains("EU-U.S. Data Privacy Framework"), "{left}");
        assert!(right.contains("Standardvertragsklauseln"), "{right}");
        for side in [&left, &right, &text(&auth0.segments)] {
            assert!(!side.contains("adequacy") && !side.contains("eu-us-dpf") && !side.contains("scc"), "{side}");
        }
        let removed = view.items.iter().find(|i| i.state == "removed").expect("toolhouse's removal");
        assert!(text(&removed.left).contains("toolhouse"), "{removed:?}");
        assert!(removed.right.is_empty());

        let templates = super::super::Templates::new(None);
        let html = templates.render("synopsis.html.j2", &view).expect("HTML");
        assert!(html.contains("class=\"cols\"") && html.contains("entfällt"), "{html}");
        let typst = build(&old, &new, &changes, Flavor::Typst, SynopsisLayout::Columns, "");
        let source = templates.render("synopsis.typ.j2", &typst).expect("typst");
        assert!(source.contains("#grid(columns: (1fr, 1fr)"), "{source}");
        let options = crate::render::pdf::PdfOptions {
            ident: "avv/test/synopse".into(),
            epoch: Some(0),
            date: None,
            creator: None,
        };
        assert!(crate::render::pdf::typst_to_pdf(&source, &options).expect("the PDF compiles").starts_with(b"%PDF-"));
    }

    #[test]
    fn the_synopse_shows_what_the_document_prints() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let old = load_folder(&root.join("agreements/pcvisit"), &root).folder;
        let mut new = old.clone();
        let list = &mut new.subprocessors_mut().expect("a list").value.subprocessor;
        // A new sub-processor with safeguards, and a safeguard's facts changed.
        let mut added = list[0].clone();
        added.id = crate::model::primitives::Id("neu".into());
        added.name = "Neu GmbH".into();
        list.push(added.clone());
        let hetzner = list.iter_mut().find(|s| s.id.as_str() == "hetzner").expect("hetzner");
        hetzner.safeguards[0].dpa = !hetzner.safeguards[0].dpa;
        let changes = crate::diff::diff(Some(&old), &new);
        let view = build(&old, &new, &changes, Flavor::Html, SynopsisLayout::Columns, "");
        let text = |segments: &[SynopsisSegment]| segments.iter().map(|s| s.text.as_str()).collect::<String>();
        let item =
            view.items.iter().find(|i| i.state == "added" && text(&i.right).contains("Neu GmbH")).expect("the new one");
        let labels: Vec<&str> = added.safeguards.iter().map(|g| g.label.as_str()).collect();
        assert!(!labels.is_empty());
        assert!(text(&item.right).contains(&format!("Datenschutzmaßnahmen: {}", labels.join("; "))), "{item:?}");
        let changed = view.items.iter().find(|i| i.label.contains("Hetzner")).expect("hetzner");
        let all = text(&changed.segments);
        assert!(all.contains("Auftragsverarbeitungsvertrag geschlossen") && !all.contains("[dpa]"), "{all}");
        // Paragraphs keep their lines in the PDF's markup too.
        let typst = build(&old, &new, &changes, Flavor::Typst, SynopsisLayout::Columns, "");
        let item = typst.items.iter().find(|i| i.state == "added").expect("the new one");
        assert!(text(&item.right).contains("\\\n"), "{:?}", text(&item.right));
    }

    #[test]
    fn embedded_rows_stand_at_the_clause_that_prints_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let old = load_folder(&root.join("agreements/pcvisit"), &root).folder;
        let mut new = old.clone();
        fn reword(clauses: &mut [crate::model::clause::Clause]) -> bool {
            for clause in clauses {
                if clause.id.as_str() == "ueberpruefung-vor-ort" {
                    clause.text = clause.text.take().map(|t| t.replacen("Auftragnehmer", "Auftragnehmers", 1));
                    return true;
                }
                if reword(&mut clause.clause) {
                    return true;
                }
            }
            false
        }
        assert!(reword(&mut new.agreement_mut().expect("agreement").value.clause));
        let changes = crate::diff::diff(Some(&old), &new);
        let view = build(&old, &new, &changes, Flavor::Html, SynopsisLayout::Columns, "");
        // The unchanged ranges of the AVV: before 7.2 and after it, nothing
        // after the last clause (the sub-processor rows of 6.5, the data
        // categories of 2.2 stand where they are printed).
        let ranges: Vec<&str> = view
            .items
            .iter()
            .filter(|i| i.state == "unchanged" && i.doc == "AVV")
            .map(|i| i.reference.as_str())
            .collect();
        assert_eq!(ranges.len(), 2, "{ranges:?}");
        assert!(ranges[0].starts_with("1 ") && ranges[1].starts_with("7.3"), "{ranges:?}");
    }
}
