//! From the outline to the three files: the body's clauses, the free
//! annexes, the TOM annex as `tom.toml`, sub-processor tables and lists as
//! `subprocessors.toml` (embedded where they were printed), placeholders,
//! choices, the Stand line and the version table. The files are built as
//! JSON and read back into the typed model, so what is written is what the
//! model accepts.

use serde_json::{Map, Value, json};

use super::ImportError;
use super::ids::Ids;
use super::meta;
use super::numbering;
use super::placeholders::Placeholders;
use super::report::{Counts, Note, NoteKind};
use super::subprocessors as sub;
use super::tree::{Draft, Item, Outline, Piece, Role, is_subprocessor_title, is_title};
use crate::model::agreement::{AgreementFile, History};
use crate::model::codes::{AgreementKind, Art28Item, MeasureKind, SubprocessorField};
use crate::model::subprocessor::{Column, Subprocessor, SubprocessorsFile};
use crate::model::tom::TomFile;

/// The files of an imported agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct Files {
    /// `agreement.toml`.
    pub agreement: AgreementFile,
    /// `tom.toml`, when the text has a TOM annex.
    pub tom: Option<TomFile>,
    /// `subprocessors.toml`, when the text lists sub-processors.
    pub subprocessors: Option<SubprocessorsFile>,
}

/// The state of one import while the files are made: ids, placeholders,
/// notes and what the sub-processor and TOM builders collect.
pub(super) struct Context<'n> {
    pub(super) ids: Ids,
    pub(super) placeholders: Placeholders,
    pub(super) notes: &'n mut Vec<Note>,
    pub(super) subprocessors: Vec<Subprocessor>,
    pub(super) groups: Vec<Value>,
    pub(super) columns: Vec<Column>,
    pub(super) list_layout: bool,
    pub(super) history: Option<History>,
    pub(super) counts: Counts,
    pub(super) choices: usize,
    /// Clauses whose headings suggest an Art. 28(3) item.
    pub(super) hints: Vec<Note>,
    /// The header of the TOM's tables of measures by kind (Technische
    /// Maßnahmen | Organisatorische Maßnahmen), once one was read.
    pub(super) kind_header: Option<Vec<(String, MeasureKind)>>,
}

/// Drops nulls, empty strings, empty arrays and empty objects.
fn prune(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let v = prune(v);
                let empty = match &v {
                    Value::Null => true,
                    Value::Array(a) => a.is_empty(),
                    Value::Object(o) => o.is_empty(),
                    _ => false,
                };
                if !empty {
                    out.insert(k, v);
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(prune).collect()),
        other => other,
    }
}

fn checkbox(text: &str) -> Option<(bool, &str)> {
    for (mark, ticked) in [
        ("☐", false),
        ("□", false),
        ("☒", true),
        ("☑", true),
        ("■", true),
        ("[ ]", false),
        ("[x]", true),
        ("[X]", true),
        ("( )", false),
        ("(x)", true),
        ("(X)", true),
    ] {
        if let Some(rest) = text.strip_prefix(mark) {
            return Some((ticked, rest.trim_start()));
        }
    }
    None
}

impl Context<'_> {
    pub(super) fn fill(&mut self, text: &str, context: &str, at: usize) -> String {
        self.placeholders.fill(text, context, at, self.notes)
    }

    fn list_item(&mut self, item: &Item, context: &str) -> Value {
        let text = if item.text.trim().is_empty() {
            // An empty item in a form: a line to fill in.
            let key = self.placeholders.blank_item(item.at, self.notes);
            format!("{{{{ {key} }}}}")
        } else {
            self.fill(&item.text, context, item.at)
        };
        let children: Vec<Value> = item.children.iter().map(|c| self.list_item(c, &item.text)).collect();
        if item.num.is_none() && children.is_empty() {
            Value::String(text)
        } else {
            json!({ "num": item.num, "text": text, "list": children })
        }
    }

    /// Content blocks from pieces; `title` is the enclosing clause's heading.
    pub(super) fn blocks(&mut self, pieces: &[Piece], title: &str, sub_context: bool) -> Vec<Value> {
        let mut out: Vec<Value> = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            match &pieces[i] {
                Piece::P { at, text } => {
                    for (offset, line) in text.lines().enumerate() {
                        if is_form_field(line) {
                            self.notes.push(Note::new(
                                NoteKind::Placeholder,
                                at + offset,
                                format!("`{line}` may be a field to fill in; kept as text"),
                            ));
                        }
                    }
                    let filled = self.fill(text, title, *at);
                    out.push(json!({ "p": filled }));
                }
                Piece::List(items) => {
                    if let Some(choice) = self.choice(items, title) {
                        out.push(choice);
                    } else if sub_context
                        && !items.is_empty()
                        && items.iter().all(|item| item.children.is_empty() && sub::block_entry(&item.text).is_some())
                    {
                        let group_title = self.group_title(&mut out, title);
                        let group = self.group(&group_title);
                        for item in items {
                            if let Some(cells) = sub::block_entry(&item.text) {
                                self.add_entry(&group, &cells, Default::default(), item.at);
                            }
                        }
                        if self.columns.is_empty() {
                            self.list_layout = true;
                            self.columns = [
                                (SubprocessorField::Name, "Name"),
                                (SubprocessorField::Address, "Anschrift"),
                                (SubprocessorField::Service, "Leistung"),
                                (SubprocessorField::Safeguards, "Garantien"),
                            ]
                            .into_iter()
                            .map(|(field, header)| Column {
                                field: Some(field),
                                key: None,
                                header: header.to_owned(),
                                codes: false,
                            })
                            .collect();
                        }
                        out.push(json!({ "embed": "subprocessors", "groups": [group] }));
                    } else {
                        let list: Vec<Value> = items.iter().map(|item| self.list_item(item, title)).collect();
                        out.push(json!({ "list": list }));
                    }
                }
                Piece::Table { at, rows } => {
                    let made = self.table(*at, rows, title, &mut out);
                    out.extend(made);
                }
            }
            i += 1;
        }
        out
    }

    /// The group title: a paragraph ending in ':' just before, taken out of
    /// `out`, else the clause's heading.
    fn group_title(&mut self, out: &mut Vec<Value>, title: &str) -> String {
        if let Some(Value::Object(last)) = out.last()
            && let Some(Value::String(p)) = last.get("p")
            && p.ends_with(':')
            && !p.contains('\n')
            && p.split_whitespace().count() <= 20
            && !p.contains("{{")
        {
            let p = p.clone();
            out.pop();
            return p;
        }
        if title.is_empty() { "Unterauftragnehmer".to_owned() } else { title.to_owned() }
    }

    fn choice(&mut self, items: &[Item], title: &str) -> Option<Value> {
        let marks: Vec<Option<(bool, &str)>> = items.iter().map(|i| checkbox(&i.text)).collect();
        if marks.iter().all(Option::is_none) {
            return None;
        }
        if marks.iter().any(Option::is_none) || items.len() < 2 {
            self.notes.push(Note::new(
                NoteKind::Choice,
                items[0].at,
                "a list with some ticked or unticked boxes kept as text; make it a choice by hand if it is one",
            ));
            return None;
        }
        let id = self.ids.make(&format!("auswahl {title}"), "auswahl");
        let mut options = Vec::new();
        for (item, mark) in items.iter().zip(&marks) {
            let Some((_, text)) = mark else { continue };
            let option_id = self.ids.make(text, "option");
            let text = self.fill(text, title, item.at);
            options.push(json!({ "id": option_id, "text": text }));
        }
        let ticked = marks.iter().flatten().filter(|(t, _)| *t).count();
        self.choices += 1;
        self.notes.push(Note::new(
            NoteKind::Choice,
            items[0].at,
            format!(
                "{} alternatives with boxes became the choice `{id}`{}",
                items.len(),
                if ticked > 0 { "; the ticks of the source are not kept" } else { "" }
            ),
        ));
        Some(json!({ "choice": id, "select": if ticked > 1 { "any" } else { "one" }, "option": options }))
    }

    pub(super) fn table(
        &mut self,
        at: usize,
        rows: &[Vec<String>],
        title: &str,
        before: &mut Vec<Value>,
    ) -> Vec<Value> {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut rows: Vec<Vec<String>> = rows.to_vec();
        for row in &mut rows {
            row.resize(width, String::new());
        }
        if rows.len() > 1 {
            if self.history.is_none()
                && let Some(history) = meta::history(&rows)
            {
                self.counts.history_rows = history.row.len();
                self.history = Some(history);
                return vec![json!({ "embed": "history" })];
            }
            if let Some(fields) = sub::columns(&rows[0]) {
                let printed = sub::printed_columns(&rows[0], &fields, &rows[1..]);
                if self.columns.is_empty() {
                    self.columns = printed;
                } else {
                    // A later table's free columns join the list's, so no value is left without one.
                    for column in printed.into_iter().filter(|c| c.key.is_some()) {
                        if !self.columns.iter().any(|known| known.key == column.key) {
                            self.columns.push(column);
                        }
                    }
                }
                let mut groups: Vec<String> = Vec::new();
                for (offset, row) in rows[1..].iter().enumerate() {
                    if row.iter().all(String::is_empty) {
                        continue;
                    }
                    // A row with text in its first cell only: a group heading
                    // ("1 Verbundene Unternehmen") or a note under the group.
                    let lone = width > 1 && !row[0].is_empty() && row[1..].iter().all(String::is_empty);
                    if lone && (is_title(row[0].trim_end_matches(':')) || groups.is_empty()) {
                        let (num, heading) = match numbering::parse(&row[0]).filter(|n| n.style.is_clause()) {
                            Some(n) => (Some(n.num.clone()), n.rest.to_owned()),
                            None => (None, row[0].clone()),
                        };
                        let group = self.group(&heading);
                        self.set_group(&group, "num", json!(num));
                        groups.push(group);
                        continue;
                    }
                    if lone && let Some(group) = groups.last() {
                        let (num, text) = match numbering::parse(&row[0]).filter(|n| n.style.is_clause()) {
                            Some(n) => (Some(n.num.clone()), n.rest.to_owned()),
                            None => (None, row[0].clone()),
                        };
                        let id = self.ids.make(&format!("hinweis {}", num.clone().unwrap_or_default()), "hinweis");
                        let group = group.clone();
                        self.add_group_note(&group, json!({ "id": id, "num": num, "text": text }));
                        continue;
                    }
                    if groups.is_empty() {
                        let group_title = self.group_title(before, title);
                        groups.push(self.group(&group_title));
                    }
                    let cells: Vec<(SubprocessorField, String)> =
                        row.iter().zip(&fields).filter_map(|(cell, field)| field.map(|f| (f, cell.clone()))).collect();
                    // Cells of columns the model has no field for stay, as free columns.
                    let extra = row
                        .iter()
                        .zip(sub::free_keys(&rows[0], &fields))
                        .filter_map(|(cell, key)| Some((key?, cell.trim().to_owned())).filter(|(_, c)| !c.is_empty()))
                        .collect();
                    let group = groups.last().cloned().unwrap_or_default();
                    self.add_entry(&group, &cells, extra, at + offset + 1);
                }
                return vec![json!({ "embed": "subprocessors", "groups": groups })];
            }
        }
        let blanks = rows.iter().flatten().any(String::is_empty);
        self.notes.push(Note::new(
            NoteKind::Table,
            at,
            format!(
                "a table of {} rows kept as a plain table{}",
                rows.len(),
                if blanks { "; its empty cells may be fields to fill in" } else { "" }
            ),
        ));
        let (columns, body) = if rows.len() > 1 && rows[0].iter().all(|c| !c.is_empty()) {
            (rows[0].clone(), rows[1..].to_vec())
        } else {
            (Vec::new(), rows)
        };
        vec![json!({ "table": { "columns": columns, "rows": body } })]
    }

    fn clause(&mut self, draft: &Draft, path: &str, sub_context: bool) -> Value {
        let reference = match &draft.num {
            Some(num) => child_reference(path, num),
            None => path.to_owned(),
        };
        let id = match &draft.title {
            Some(title) => self.ids.make(title, &reference),
            None => self.ids.make(&format!("punkt {reference}"), "punkt"),
        };
        self.counts.clauses += 1;
        let title = draft.title.clone().unwrap_or_default();
        for item in coverage_hints(&title) {
            self.hints.push(Note::new(
                NoteKind::Coverage,
                draft.at,
                format!(
                    "„{title}“ reads like {} ({item}): if it stipulates it, tag the clause `{id}` with covers = [\"{item}\"]",
                    item.label_de()
                ),
            ));
        }
        let context = if title.is_empty() { path.to_owned() } else { title.clone() };
        let sub_context = sub_context || is_subprocessor_title(&title);
        let mut pieces: &[Piece] = &draft.blocks;
        let mut text = draft.text.as_ref().map(|t| self.fill(t, &context, draft.at));
        // The first paragraph is the lead text, unless it introduces a table.
        let introduces_table = matches!(pieces.get(1), Some(Piece::Table { .. }));
        if text.is_none()
            && draft.title.is_some()
            && !introduces_table
            && let Some(Piece::P { at, text: first }) = pieces.first()
        {
            text = Some(self.fill(first, &context, *at));
            pieces = &pieces[1..];
        }
        let blocks = self.blocks_with_tables(pieces, &context, sub_context);
        let children: Vec<Value> = draft.children.iter().map(|c| self.clause(c, &reference, sub_context)).collect();
        json!({
            "id": id,
            "num": draft.num,
            "title": draft.title,
            "text": text,
            "block": blocks,
            "clause": children,
        })
    }
}

/// What the caller decides about the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The agreement id (the folder name).
    pub id: String,
    /// The document kind; `None` to infer it.
    pub kind: Option<AgreementKind>,
}

/// Builds the files from `outline`; notes and counts are added to.
pub fn assemble(outline: &Outline, settings: &Settings, notes: &mut Vec<Note>) -> Result<(Files, Counts), ImportError> {
    let mut cx = Context {
        ids: Ids::default(),
        placeholders: Placeholders::default(),
        notes,
        subprocessors: Vec::new(),
        groups: Vec::new(),
        columns: Vec::new(),
        list_layout: false,
        history: None,
        counts: Counts::default(),
        choices: 0,
        hints: Vec::new(),
        kind_header: None,
    };
    let title = match &outline.title {
        Some((_, title)) => title.clone(),
        None => {
            cx.notes.push(Note::new(
                NoteKind::Numbering,
                0,
                "the source has no title line: the agreement is titled \"Vertrag zur Auftragsverarbeitung\"; set `meta.title` to the document's own",
            ));
            "Vertrag zur Auftragsverarbeitung".to_owned()
        }
    };
    let mut stand = meta::Stand::default();
    let mut parts: Vec<Value> = Vec::new();
    let cover: Vec<Value> = cx.blocks(&outline.cover, "", false);
    if !cover.is_empty() {
        parts.push(json!({ "kind": "cover" }));
    }
    let whole_tom = outline.segments.first().is_some_and(|s| s.role == Role::Tom);
    // A standalone TOM annex prints its own heading: no title block.
    if !whole_tom {
        parts.push(json!({ "kind": "parties" }));
    }
    let mut preamble: Vec<Value> = Vec::new();
    let mut clauses: Vec<Value> = Vec::new();
    let mut annexes: Vec<Value> = Vec::new();
    let mut tom_file: Option<Value> = None;
    let mut list_part: Option<(Option<String>, Option<String>)> = None;
    for segment in &outline.segments {
        match segment.role {
            Role::Body => {
                let mut pieces = segment.blocks.clone();
                // A "Stand … Version …" line in the front matter is metadata.
                if let Some(position) =
                    pieces.iter().position(|p| matches!(p, Piece::P { text, .. } if meta::stand(text).is_some()))
                    && let Piece::P { text, .. } = &pieces[position]
                    && let Some(found) = meta::stand(text)
                {
                    if found.line.is_some() {
                        pieces.remove(position);
                    }
                    stand = found;
                }
                preamble = cx.blocks(&pieces, "", false);
                clauses = segment.clauses.iter().map(|d| cx.clause(d, "", false)).collect();
                parts.push(json!({ "kind": "body" }));
            }
            Role::Tom if tom_file.is_none() => {
                let value =
                    cx.tom_annex(segment, if whole_tom { Some(&title) } else { None }, outline.subtitle.as_deref());
                tom_file = Some(value);
                parts.push(json!({ "kind": "tom" }));
            }
            Role::Subprocessors if list_part.is_none() && cx.list_part(segment) => {
                list_part = Some((segment.num.clone(), segment.title.clone()));
                parts.push(json!({ "kind": "subprocessors" }));
            }
            _ => {
                cx.counts.annexes += 1;
                let annex_title = segment.title.clone().unwrap_or_default();
                let id = cx.ids.make(&format!("{} {}", segment.num.clone().unwrap_or_default(), annex_title), "anlage");
                let sub_context = segment.role == Role::Subprocessors;
                let blocks = cx.blocks_with_tables(&segment.blocks, &annex_title, sub_context);
                let path = segment.num.clone().unwrap_or_default();
                let annex_clauses: Vec<Value> =
                    segment.clauses.iter().map(|d| cx.clause(d, &path, sub_context)).collect();
                annexes.push(json!({
                    "id": id, "num": segment.num, "title": segment.title, "block": blocks, "clause": annex_clauses,
                }));
                parts.push(json!({ "kind": "annex", "annex": id }));
            }
        }
    }
    // Footnotes: those defined, and a stub for each mark without a text.
    let mut footnotes: Vec<Value> = Vec::new();
    let mut defined: Vec<String> = Vec::new();
    for (label, text) in &outline.footnotes {
        let id = super::read::footnote_id(label);
        if !defined.contains(&id) {
            footnotes.push(json!({ "id": id, "text": text }));
            defined.push(id);
        }
    }
    let mut marks = Vec::new();
    for value in [&json!(clauses), &json!(annexes), &json!(preamble), &json!(cover)] {
        footnote_marks(value, &mut marks);
    }
    if let Some(tom) = &tom_file {
        footnote_marks(tom, &mut marks);
    }
    footnote_marks(&serde_json::to_value(&cx.subprocessors).unwrap_or_default(), &mut marks);
    footnote_marks(&json!(cx.groups), &mut marks);
    for mark in marks {
        if !defined.contains(&mark) {
            cx.notes.push(Note::new(
                NoteKind::Numbering,
                0,
                format!("footnote mark `[^{mark}]` without a footnote text"),
            ));
            footnotes.push(json!({ "id": mark, "text": "(Fußnotentext fehlt in der Quelle)" }));
            defined.push(mark);
        }
    }
    if !footnotes.is_empty() {
        parts.push(json!({ "kind": "footnotes" }));
    }
    let placeholders = std::mem::take(&mut cx.placeholders.list);
    // Hints for the Art. 28(3) items a contract must cover: the importer
    // never tags a clause itself, a human decides.
    let is_contract = settings.kind.map_or(!whole_tom, |k| k != AgreementKind::Annex);
    if is_contract {
        let hints = std::mem::take(&mut cx.hints);
        cx.notes.extend(hints);
    }
    cx.counts.placeholders = placeholders.len();
    cx.counts.choices = cx.choices;
    cx.counts.subprocessors = cx.subprocessors.len();
    let kind = settings.kind.unwrap_or(if whole_tom {
        AgreementKind::Annex
    } else if placeholders.is_empty() && cx.choices == 0 {
        AgreementKind::Standard
    } else {
        AgreementKind::Template
    });
    let agreement = prune(json!({
        "schema_version": 1,
        "meta": {
            "id": settings.id,
            "kind": kind,
            "title": title,
            "subtitle": if whole_tom { None } else { outline.subtitle.clone() },
            "version": stand.version.clone().unwrap_or_else(|| "1.0".to_owned()),
            "status": "draft",
            "date": stand.date,
            "label": if whole_tom { "TOM" } else { "AVV" },
            "stand_line": stand.line,
            "annex_separator": outline.annex_separator.as_deref().filter(|s| *s != ": "),
        },
        "placeholder": placeholders,
        "part": parts,
        "cover": if cover.is_empty() { Value::Null } else { json!({ "block": cover }) },
        "body": { "preamble": preamble },
        "clause": clauses,
        "annex": annexes,
        "history": cx.history,
        "footnote": footnotes,
    }));
    let agreement: AgreementFile =
        serde_json::from_value(agreement).map_err(|e| ImportError::Internal(format!("agreement.toml: {e}")))?;
    let tom: Option<TomFile> = tom_file
        .map(|value| serde_json::from_value(prune(value)).map_err(|e| ImportError::Internal(format!("tom.toml: {e}"))))
        .transpose()?;
    let subprocessors = if cx.subprocessors.is_empty() {
        None
    } else {
        let value = prune(json!({
            "schema_version": 1,
            "list": {
                "id": cx.ids.make("Unterauftragnehmerliste", "unterauftragnehmer"),
                "num": list_part.as_ref().and_then(|(num, _)| num.clone()),
                "title": list_part.as_ref().and_then(|(_, title)| title.clone()),
                "layout": if cx.list_layout { "list" } else { "table" },
                // A free column no entry fills is only a header: left out.
                "columns": cx.columns.iter().filter(|c| match &c.key {
                    Some(key) => cx.subprocessors.iter().any(|s| s.extra.contains_key(key)),
                    None => true,
                }).collect::<Vec<_>>(),
            },
            "group": cx.groups,
            "subprocessor": cx.subprocessors,
        }));
        Some(serde_json::from_value(value).map_err(|e| ImportError::Internal(format!("subprocessors.toml: {e}")))?)
    };
    let mut files = Files { agreement, tom, subprocessors };
    untitle_groups_named_by_their_heading(&mut files);
    Ok((files, cx.counts))
}

/// A list that took its clause's or annex's heading as its one group's
/// title printed the heading twice ("Liste Unterauftragnehmer:" as the
/// annex's heading and again above the list): such a group keeps no title
/// of its own.
fn untitle_groups_named_by_their_heading(files: &mut Files) {
    let Some(list) = files.subprocessors.as_mut() else { return };
    let mut named: Vec<(String, String)> = Vec::new();
    fn visit(title: Option<&str>, blocks: &[crate::model::clause::Block], named: &mut Vec<(String, String)>) {
        let Some(title) = title else { return };
        for block in blocks {
            if block.embed.is_some()
                && let [group] = block.groups.as_slice()
            {
                named.push((group.to_string(), title.to_owned()));
            }
        }
    }
    fn clauses(list: &[crate::model::clause::Clause], named: &mut Vec<(String, String)>) {
        for clause in list {
            visit(clause.title.as_deref(), &clause.block, named);
            clauses(&clause.clause, named);
        }
    }
    let agreement = &files.agreement;
    clauses(&agreement.clause, &mut named);
    for annex in &agreement.annex {
        visit(annex.title.as_deref(), &annex.block, &mut named);
        clauses(&annex.clause, &mut named);
    }
    let same = |a: &str, b: &str| a.trim().trim_end_matches(':') == b.trim().trim_end_matches(':');
    for group in &mut list.group {
        if named.iter().any(|(id, title)| *id == group.id.as_str() && same(title, &group.title)) {
            group.title.clear();
        }
    }
}

/// Whether a paragraph is only a blank to fill ("_____", ".....").
fn is_blank_line(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.chars().all(|c| matches!(c, '.' | '_' | '…' | ' '))
}

/// Words of form fields ("Ort, Datum", "Vorname, Name, Abteilung, Tel., Email").
const FORM_WORDS: [&str; 20] = [
    "ort",
    "datum",
    "name",
    "vorname",
    "nachname",
    "unterschrift",
    "abteilung",
    "tel",
    "telefon",
    "email",
    "e-mail",
    "funktion",
    "firma",
    "anschrift",
    "adresse",
    "plz",
    "stempel",
    "position",
    "auftraggeber",
    "auftragnehmer",
];

/// Whether a line is only the labels of a form field.
pub(super) fn is_form_field(line: &str) -> bool {
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    words.len() >= 2
        && words.len() <= 8
        && words.iter().all(|w| FORM_WORDS.contains(&w.as_str()))
        && words.iter().any(|w| !matches!(w.as_str(), "auftraggeber" | "auftragnehmer"))
}

/// The Art. 28(3) items (a)–(h) a clause heading names, by the usual wording.
fn coverage_hints(title: &str) -> Vec<Art28Item> {
    let t = title.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let mut out = Vec::new();
    if has(&["weisung"]) {
        out.push(Art28Item::A);
    }
    if has(&["vertraulichkeit", "verschwiegenheit", "datengeheimnis"]) {
        out.push(Art28Item::B);
    }
    if (t.contains("technisch") && t.contains("organisatorisch")) || has(&["sicherheit der verarbeitung", "(tom)"]) {
        out.push(Art28Item::C);
    }
    if has(&["unterauftrag", "subunternehmer", "weitere auftragsverarbeiter"]) {
        out.push(Art28Item::D);
    }
    if has(&["betroffenenrecht", "rechte der betroffenen", "rechte betroffener"]) {
        out.push(Art28Item::E);
    }
    if has(&[
        "mitteilung",
        "meldepflicht",
        "verstöße",
        "verstößen",
        "datenschutzverletzung",
        "art. 32 bis 36",
        "unterstützung",
    ]) {
        out.push(Art28Item::F);
    }
    if has(&["löschung", "rückgabe"]) {
        out.push(Art28Item::G);
    }
    if has(&["kontrolle", "kontrollrecht", "nachweis", "prüfung", "audit"])
        && !has(&["zutrittskontrolle", "zugangskontrolle"])
    {
        out.push(Art28Item::H);
    }
    out
}

/// The reference of a child numbered `num` under `path`: "1.1" under
/// "1" is "1.1", "(2)" under "§ 3" is "§ 3 (2)".
fn child_reference(path: &str, num: &str) -> String {
    let (head, last) = path.rsplit_once(' ').unwrap_or(("", path));
    let core = num.trim_end_matches('.');
    let parent = last.trim_end_matches('.');
    if core.contains('.') && !parent.is_empty() && core.starts_with(&format!("{parent}.")) {
        if head.is_empty() { num.to_owned() } else { format!("{head} {num}") }
    } else if path.is_empty() {
        num.to_owned()
    } else {
        format!("{path} {num}")
    }
}

/// The footnote marks `[^id]` in every string of `value`.
fn footnote_marks(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => {
            let mut rest = text.as_str();
            while let Some(start) = rest.find("[^") {
                let after = &rest[start + 2..];
                match after.find(']') {
                    Some(end) => {
                        let id = after[..end].to_owned();
                        if !out.contains(&id) {
                            out.push(id);
                        }
                        rest = &after[end..];
                    }
                    None => break,
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| footnote_marks(item, out)),
        Value::Object(map) => map.values().for_each(|item| footnote_marks(item, out)),
        _ => {}
    }
}

impl Context<'_> {
    /// Blocks where tables may become sub-processor groups or a version table.
    fn blocks_with_tables(&mut self, pieces: &[Piece], title: &str, sub_context: bool) -> Vec<Value> {
        let mut out = Vec::new();
        for (index, piece) in pieces.iter().enumerate() {
            if let Piece::Table { at, rows } = piece {
                let made = self.table(*at, rows, title, &mut out);
                out.extend(made);
            } else {
                // A line that is only a blank ("....."): the caption under it names it.
                let caption = match (piece, pieces.get(index + 1)) {
                    (Piece::P { text, .. }, Some(Piece::P { text: next, .. }))
                        if is_blank_line(text) && next.split_whitespace().count() <= 8 =>
                    {
                        next.as_str()
                    }
                    _ => title,
                };
                let made = self.blocks(std::slice::from_ref(piece), caption, sub_context);
                out.extend(made);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkboxes_in_their_usual_forms() {
        assert_eq!(checkbox("☐ Option A"), Some((false, "Option A")));
        assert_eq!(checkbox("☒ Option B"), Some((true, "Option B")));
        assert_eq!(checkbox("[x] Option C"), Some((true, "Option C")));
        assert_eq!(checkbox("( ) Option D"), Some((false, "Option D")));
        assert_eq!(checkbox("Option E"), None);
    }

    #[test]
    fn headings_suggest_art28_items() {
        assert_eq!(coverage_hints("Weisungen der Auftraggeberin"), [Art28Item::A]);
        assert_eq!(coverage_hints("Berichtigung, Einschränkung und Löschung von Daten"), [Art28Item::G]);
        assert_eq!(coverage_hints("Kontrollrechte des Auftraggebers"), [Art28Item::H]);
        assert_eq!(coverage_hints("Unterauftragsverhältnisse"), [Art28Item::D]);
        assert_eq!(coverage_hints("Mitteilung bei Verstößen des Auftragnehmers"), [Art28Item::F]);
        assert!(coverage_hints("Haftung").is_empty());
    }

    #[test]
    fn form_fields_are_recognised() {
        assert!(is_form_field("Ort, Datum"));
        assert!(is_form_field("Vorname, Name, Abteilung, Tel., Email"));
        assert!(is_form_field("Name Auftraggeber"));
        assert!(!is_form_field("Auftraggeber und Auftragnehmer"));
        assert!(!is_form_field("Der Name des Auftraggebers"));
    }

    #[test]
    fn references_follow_the_printed_numbers() {
        assert_eq!(child_reference("", "1"), "1");
        assert_eq!(child_reference("1", "1.1"), "1.1");
        assert_eq!(child_reference("1.1", "1.1.2"), "1.1.2");
        assert_eq!(child_reference("§ 3", "(2)"), "§ 3 (2)");
        assert_eq!(child_reference("Anhang 1 2", "2.1"), "Anhang 1 2.1");
        assert_eq!(child_reference("2", "1."), "2 1.");
    }
}
