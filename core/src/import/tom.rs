//! The TOM annex: clauses become sections, list items and paragraphs after
//! the first list become measures, and the usual Art. 32 control headings
//! (Zutrittskontrolle, Zugangskontrolle, … Trennungsgebot, Verschlüsselung)
//! give sections and measures their control categories and objectives.

use serde_json::{Value, json};

use super::assemble::{Context, is_form_field};
use super::ids::slug;
use super::report::{Note, NoteKind};
use super::tree::{Draft, Item, Piece, Segment};
use crate::model::codes::{Control, MeasureColumnField, MeasureKind, MeasureStyle, Objective};
use crate::model::tom::{MeasureTable, Section, TableCell};

/// Wordings of the controls, lower case, most specific first.
const CONTROLS: &[(&str, Control)] = &[
    ("zutritt", Control::PhysicalAccess),
    ("zugangs", Control::SystemAccess),
    ("zugangskontrolle", Control::SystemAccess),
    ("zugriff", Control::DataAccess),
    ("datenträgerkontrolle", Control::DataMedia),
    ("trennungskontrolle", Control::Separation),
    ("trennungsgebot", Control::Separation),
    ("weitergabe", Control::Transfer),
    ("transportkontrolle", Control::Transfer),
    ("eingabe", Control::Input),
    ("auftragskontrolle", Control::ProcessorControl),
    ("verfügbarkeitskontrolle", Control::Availability),
    ("wiederherstell", Control::Recovery),
    ("pseudonym", Control::Pseudonymisation),
    ("verschlüssel", Control::Encryption),
    ("datenschutz-management", Control::DpManagement),
    ("datenschutzmanagement", Control::DpManagement),
    ("incident", Control::IncidentResponse),
    ("voreinstellung", Control::PrivacyByDefault),
    ("fernwartung", Control::RemoteMaintenance),
    ("supportanfrage", Control::Support),
    ("innerbetriebliche organisation", Control::Organisation),
    ("überprüfung, bewertung und evaluierung", Control::Evaluation),
];

const OBJECTIVES: &[(&str, Objective)] = &[
    ("pseudonymisierung", Objective::Pseudonymisation),
    ("verschlüsselung", Objective::Encryption),
    ("vertraulichkeit", Objective::Confidentiality),
    ("integrität", Objective::Integrity),
    ("verfügbarkeit", Objective::Availability),
    ("belastbarkeit", Objective::Resilience),
    ("wiederherstellbarkeit", Objective::Recoverability),
    ("evaluierung", Objective::Evaluation),
];

/// The controls a heading or label names.
pub fn controls(text: &str) -> Vec<Control> {
    named(text, CONTROLS)
}

/// The Art. 32(1) objectives a heading names.
pub fn objectives(text: &str) -> Vec<Objective> {
    named(text, OBJECTIVES)
}

/// The codes of `table` whose word `text` contains, each once, in table order.
fn named<T: Copy + PartialEq>(text: &str, table: &[(&str, T)]) -> Vec<T> {
    let low = text.to_lowercase();
    let mut out: Vec<T> = Vec::new();
    for (word, code) in table {
        if low.contains(word) && !out.contains(code) {
            out.push(*code);
        }
    }
    out
}

/// Whether a list item is a measure's title ("Zutrittskontrolle") whose
/// text is the paragraph after it.
pub fn is_measure_title(text: &str) -> bool {
    !text.contains('\n') && text.split_whitespace().count() <= 16 && !controls(text).is_empty() && !text.ends_with('.')
}

/// The style of a measure made from a list item or a paragraph.
pub fn style(from_list: bool) -> MeasureStyle {
    if from_list { MeasureStyle::Bullet } else { MeasureStyle::Paragraph }
}

impl Context<'_> {
    fn measure_id(&mut self, text: &str) -> String {
        let words: Vec<&str> = text.split_whitespace().take(5).collect();
        self.ids.make(&words.join(" "), "massnahme")
    }

    fn measure_from_item(&mut self, item: &Item) -> Value {
        self.counts.measures += 1;
        let id = self.measure_id(&item.text);
        let items: Vec<Value> = item.children.iter().map(|c| self.measure_from_item(c)).collect();
        json!({ "id": id, "num": item.num, "text": item.text, "items": items, "style": "bullet" })
    }

    fn paragraph_measure(&mut self, num: Option<&String>, text: &str) -> Value {
        // Form labels after the measures ("Ort, Datum", "Name Auftraggeber"):
        // the signature lines of the document, not a measure.
        if num.is_none() && text.lines().all(is_form_field) {
            let id = self.measure_id(text);
            return json!({ "id": id, "text": text, "style": "paragraph", "statement": "note" });
        }
        self.counts.measures += 1;
        // A bold lead-in ("**Serverraum:** …") is the measure's title.
        if let Some(after) = text.strip_prefix("**")
            && let Some(end) = after.find("**")
            && end > 0
            && after[end + 2..].starts_with(' ')
        {
            let title = &after[..end];
            let rest = after[end + 2..].trim_start();
            let id = self.measure_id(title);
            return json!({
                "id": id, "num": num, "title": title, "text": rest, "control": controls(title), "style": "paragraph"
            });
        }
        let id = self.measure_id(text);
        json!({ "id": id, "num": num, "text": text, "style": "paragraph" })
    }

    /// A TOM section from a clause: paragraphs before the first list stay
    /// introduction, the rest become measures.
    pub(super) fn section(&mut self, draft: &Draft) -> Value {
        self.counts.sections += 1;
        let title = draft.title.clone().unwrap_or_default();
        let id = self.ids.make(&title, &format!("abschnitt {}", draft.num.clone().unwrap_or_default()));
        let mut block = Vec::new();
        let mut measures = Vec::new();
        let mut children = Vec::new();
        let mut explanations = Vec::new();
        if let Some(text) = &draft.text {
            measures.push(self.paragraph_measure(None, text));
        }
        self.measures(&draft.blocks, &mut block, &mut measures);
        for child in &draft.children {
            if let Some(explanation) = self.explanation(child) {
                explanations.push(explanation);
            } else if child.title.is_none() {
                let text = child.text.clone().unwrap_or_default();
                measures.push(self.paragraph_measure(child.num.as_ref(), &text));
                self.measures(&child.blocks, &mut Vec::new(), &mut measures);
                for grandchild in &child.children {
                    children.push(self.section(grandchild));
                }
            } else {
                children.push(self.section(child));
            }
        }
        json!({
            "id": id,
            "num": draft.num,
            "title": draft.title,
            "objective": objectives(&title),
            "control": controls(&title),
            "block": block,
            "measure": measures,
            "section": children,
            "explanation": explanations,
        })
    }

    /// A plain-language explanation ("In anderen Worten, …"): a heading
    /// that says so, with paragraphs only.
    fn explanation(&mut self, draft: &Draft) -> Option<Value> {
        let heading = draft.title.as_deref()?;
        let low = heading.to_lowercase();
        let explains = ["in anderen worten", "mit anderen worten", "erläuterung", "in einfachen worten"];
        if draft.num.is_some() || !explains.iter().any(|w| low.starts_with(w)) || !draft.children.is_empty() {
            return None;
        }
        let mut paragraphs: Vec<&str> = draft.text.iter().map(String::as_str).collect();
        for piece in &draft.blocks {
            match piece {
                Piece::P { text, .. } => paragraphs.push(text),
                _ => return None,
            }
        }
        if paragraphs.is_empty() {
            return None;
        }
        let id = self.ids.make(&format!("erklaerung {heading}"), "erklaerung");
        Some(json!({ "id": id, "heading": heading, "text": paragraphs.join("\n\n") }))
    }

    pub(super) fn measures(&mut self, pieces: &[Piece], block: &mut Vec<Value>, measures: &mut Vec<Value>) {
        let mut i = 0;
        while i < pieces.len() {
            match &pieces[i] {
                Piece::List(items)
                    if items.len() == 1
                        && items[0].children.is_empty()
                        && is_measure_title(&items[0].text)
                        && matches!(pieces.get(i + 1), Some(Piece::P { .. })) =>
                {
                    let Some(Piece::P { text, .. }) = pieces.get(i + 1) else { break };
                    self.counts.measures += 1;
                    let label = &items[0].text;
                    let id = self.ids.make(label, "massnahme");
                    measures.push(json!({
                        "id": id, "label": label, "text": text, "control": controls(label), "style": "titled"
                    }));
                    i += 2;
                    continue;
                }
                Piece::List(items) => {
                    for item in items {
                        let measure = self.measure_from_item(item);
                        measures.push(measure);
                    }
                }
                Piece::P { text, .. } if measures.is_empty() => block.push(json!({ "p": text })),
                Piece::P { at, text } => {
                    if text.lines().all(is_form_field) {
                        self.notes.push(Note::new(
                            NoteKind::Placeholder,
                            *at,
                            format!("`{}` reads like signature lines: kept in the TOM annex as a note, not a measure; move it", text.replace('\n', " / ")),
                        ));
                    }
                    let measure = self.paragraph_measure(None, text);
                    measures.push(measure);
                }
                Piece::Table { at, rows } => {
                    // A table of measures by kind, closing the section.
                    let by_kind =
                        (measures.is_empty() && i + 1 == pieces.len()).then(|| self.kind_table(*at, rows)).flatten();
                    if let Some(found) = by_kind {
                        measures.extend(found);
                    } else if measures.is_empty() {
                        let made = self.table(*at, rows, "", block);
                        block.extend(made);
                    } else {
                        for row in rows {
                            let measure = self.paragraph_measure(None, &row.join(" | "));
                            measures.push(measure);
                        }
                        self.notes.push(Note::new(
                            NoteKind::Table,
                            *at,
                            "a table after the measures kept as one measure per row",
                        ));
                    }
                }
            }
            i += 1;
        }
    }

    /// The TOM file from the annex `segment` (the whole document when
    /// `whole` is its title).
    pub(super) fn tom_annex(&mut self, segment: &Segment, whole: Option<&String>, subtitle: Option<&str>) -> Value {
        let title = whole
            .cloned()
            .or_else(|| segment.title.clone())
            .unwrap_or_else(|| "Technische und organisatorische Maßnahmen".to_owned());
        let id = self.ids.make(&format!("{} {}", segment.num.clone().unwrap_or_default(), slug(&title)), "tom");
        let annex = json!({
            "id": id,
            "num": segment.num,
            "title": title,
            "subtitle": if whole.is_some() { subtitle } else { None },
            "label": "TOM",
        });
        if segment.clauses.is_empty()
            && let Some(tom) = self.measure_table(&segment.blocks, annex.clone())
        {
            return tom;
        }
        let mut block = Vec::new();
        let mut measures = Vec::new();
        self.measures(&segment.blocks, &mut block, &mut measures);
        let mut sections: Vec<Value> = Vec::new();
        if !measures.is_empty() {
            // Measures before any heading: a section without a heading.
            self.counts.sections += 1;
            let section_id = self.ids.make("massnahmen", "massnahmen");
            sections.push(json!({ "id": section_id, "measure": measures }));
        }
        for draft in &segment.clauses {
            sections.push(self.section(draft));
        }
        let mut annex = annex;
        annex["block"] = Value::Array(block);
        if let Some(header) = self.kind_header.take() {
            let kinds: Vec<&str> = header.iter().map(|(_, kind)| kind.code()).collect();
            if every_measure(&sections, &|m| m.get("kind").and_then(Value::as_str).is_some_and(|k| kinds.contains(&k)))
            {
                annex["table"] = kind_table_layout(&header);
            } else {
                self.notes.push(Note::new(
                    NoteKind::Table,
                    segment.at,
                    "tables of measures by kind became measures with their kinds, printed as lists: other measures of the annex have no kind a table lists",
                ));
            }
        }
        json!({ "schema_version": 1, "annex": annex, "section": sections })
    }

    /// The measures of a table that lists them by kind, one column each
    /// (Technische Maßnahmen | Organisatorische Maßnahmen), in reading
    /// order; `None` for another table, one whose header differs from the
    /// annex's first, or one that would not print back cell for cell (a
    /// blank cell above a measure, a cell beyond the header's columns).
    fn kind_table(&mut self, at: usize, rows: &[Vec<String>]) -> Option<Vec<Value>> {
        let (header, body) = rows.split_first()?;
        let kinds = kind_columns(header)?;
        let header: Vec<(String, MeasureKind)> = header.iter().cloned().zip(kinds).collect();
        if self.kind_header.as_ref().is_some_and(|known| *known != header) {
            return None;
        }
        // The empty rows a form leaves at the end for more are not printed.
        let used = body.iter().rposition(|row| row.iter().any(|c| !c.trim().is_empty())).map_or(0, |last| last + 1);
        let body: Vec<&Vec<String>> = body[..used].iter().collect();
        let measures: Vec<RowMeasure> = body
            .iter()
            .flat_map(|row| row.iter().zip(&header).map(|(cell, (_, kind))| (cell.trim().to_owned(), Some(*kind))))
            .filter(|(text, _)| !text.is_empty())
            .collect();
        let table = kind_table_layout(&header);
        if !prints_back(&table, &[(None, measures.clone())], &body) {
            return None;
        }
        let out: Vec<Value> = measures
            .into_iter()
            .map(|(text, kind)| json!({ "id": self.measure_id(&text), "text": text, "kind": kind.map(MeasureKind::code) }))
            .collect();
        self.counts.measures += out.len();
        self.notes.push(Note::new(
            NoteKind::Annex,
            at,
            format!(
                "a table of {} measures by kind became measures with their kinds, printed as the same table",
                out.len()
            ),
        ));
        self.kind_header = Some(header);
        Some(out)
    }

    /// The TOM file of an annex laid out as a table of measures
    /// (Kontrollbereich | Maßnahme | Art): paragraphs, the table (or tables
    /// with one header, as a table broken across pages), paragraphs. `None`
    /// where the blocks are laid out otherwise, a column is not one of
    /// these, or the table would not print back cell for cell.
    fn measure_table(&mut self, pieces: &[Piece], mut annex: Value) -> Option<Value> {
        let first = pieces.iter().position(|p| matches!(p, Piece::Table { .. }))?;
        let Piece::Table { at, rows } = &pieces[first] else { return None };
        let header = rows.first()?;
        let fields = measure_columns(header)?;
        let mut body: Vec<&Vec<String>> = Vec::new();
        let mut after = Vec::new();
        for piece in &pieces[first..] {
            match piece {
                Piece::Table { rows, .. } if after.is_empty() && rows.first() == Some(header) => {
                    body.extend(rows[1..].iter().filter(|row| *row != header));
                }
                Piece::P { text, .. } => after.push(json!({ "p": text })),
                _ => return None,
            }
        }
        let before: Vec<Value> = pieces[..first]
            .iter()
            .map(|p| match p {
                Piece::P { text, .. } => Some(json!({ "p": text })),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let rows = table_rows(&fields, &body)?;
        let mut table = json!({
            "columns": fields.iter().zip(header).map(|(field, header)| json!({ "field": field.code(), "header": header })).collect::<Vec<_>>(),
            "repeat_section": rows.repeat,
            "after": after,
        });
        for (kind, word) in rows.words.iter().filter(|(kind, word)| MeasureTable::default_word(*kind) != word) {
            table[kind.code()] = json!(word);
        }
        let printed: Vec<&Vec<String>> =
            body.iter().copied().filter(|row| row.iter().any(|c| !c.trim().is_empty())).collect();
        if !prints_back(&table, &rows.sections, &printed) {
            return None;
        }
        let mut sections = Vec::new();
        let mut measures = 0;
        for (title, members) in &rows.sections {
            let title_text = title.clone().unwrap_or_default();
            let id = self.ids.make(&title_text, "abschnitt");
            let measure: Vec<Value> = members
                .iter()
                .map(|(text, kind)| {
                    let id = self.measure_id(text);
                    json!({ "id": id, "text": text, "kind": kind.map(MeasureKind::code) })
                })
                .collect();
            measures += measure.len();
            sections.push(json!({
                "id": id,
                "title": title,
                "objective": objectives(&title_text),
                "control": controls(&title_text),
                "measure": measure,
            }));
        }
        self.counts.sections += sections.len();
        self.counts.measures += measures;
        self.notes.push(Note::new(
            NoteKind::Annex,
            *at,
            format!(
                "the TOM table became {measures} measures in {} sections, printed as the same table (`[annex.table]`); check each measure's kind",
                sections.len()
            ),
        ));
        annex["block"] = Value::Array(before);
        annex["table"] = table;
        Some(json!({ "schema_version": 1, "annex": annex, "section": sections }))
    }
}

/// The layout of tables by kind under each section's heading, from their header.
fn kind_table_layout(header: &[(String, MeasureKind)]) -> Value {
    json!({
        "columns": header
            .iter()
            .map(|(header, kind)| json!({ "field": "measure", "header": header, "kind": kind.code() }))
            .collect::<Vec<_>>(),
        "per_section": true,
    })
}

/// Whether `sections` (titles and measures as read) print as exactly the
/// `source` rows, cell for cell, laid out by `table` the way every document
/// lays them out (`MeasureTable::rows`). Whatever the reading concluded,
/// a table that would not print back stays a plain table.
fn prints_back(table: &Value, sections: &[(Option<String>, Vec<RowMeasure>)], source: &[&Vec<String>]) -> bool {
    let sections: Vec<Value> = sections
        .iter()
        .map(|(title, measures)| {
            let measures: Vec<Value> = measures
                .iter()
                .map(|(text, kind)| json!({ "id": "m", "text": text, "kind": kind.map(MeasureKind::code) }))
                .collect();
            json!({ "id": "s", "title": title, "measure": measures })
        })
        .collect();
    let (Ok(table), Ok(sections)) = (
        serde_json::from_value::<MeasureTable>(table.clone()),
        serde_json::from_value::<Vec<Section>>(Value::Array(sections)),
    ) else {
        return false;
    };
    let width = table.columns.len();
    let printed = sections.iter().flat_map(|section| {
        table.rows(section).into_iter().map(|row| {
            row.into_iter()
                .map(|cell| match cell {
                    TableCell::Empty => String::new(),
                    TableCell::Title => section.title.clone().unwrap_or_default(),
                    TableCell::Measure(m) => m.printed().0,
                    TableCell::Kind(kind) => table.kind_word(kind).to_owned(),
                })
                .collect::<Vec<_>>()
        })
    });
    let source = source.iter().map(|row| {
        let mut cells: Vec<String> = row.iter().map(|c| c.trim().to_owned()).collect();
        if cells.len() < width {
            cells.resize(width, String::new());
        }
        cells
    });
    printed.eq(source)
}

/// The kinds of a header whose every column lists measures of one kind
/// ("Technische Maßnahmen", "Organisatorische Maßnahmen"), each kind once.
fn kind_columns(header: &[String]) -> Option<Vec<MeasureKind>> {
    let kinds: Vec<MeasureKind> = header
        .iter()
        .map(|h| {
            let low = h.replace("**", "").trim().to_lowercase();
            if !low.contains("maßnahme") {
                None
            } else if low.starts_with("techn") {
                Some(MeasureKind::Technical)
            } else if low.starts_with("organ") {
                Some(MeasureKind::Organisational)
            } else {
                None
            }
        })
        .collect::<Option<_>>()?;
    let distinct = kinds.iter().enumerate().all(|(i, k)| !kinds[..i].contains(k));
    (kinds.len() >= 2 && distinct).then_some(kinds)
}

/// Whether every measure of `sections` (and of their sub-sections) passes `test`.
fn every_measure(sections: &[Value], test: &dyn Fn(&Value) -> bool) -> bool {
    sections.iter().all(|section| {
        let measures = section.get("measure").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        let children = section.get("section").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        measures.iter().all(test) && every_measure(children, test)
    })
}

/// What the columns of a TOM table show, from its header: the control area
/// (Kontrollbereich), the measure, technical or organisational (Art). At
/// least the measure and one other, each once; `None` for any other column.
fn measure_columns(header: &[String]) -> Option<Vec<MeasureColumnField>> {
    let fields: Vec<MeasureColumnField> = header.iter().map(|h| measure_column(h)).collect::<Option<_>>()?;
    let once = |f: MeasureColumnField| fields.iter().filter(|&&g| g == f).count();
    (fields.len() >= 2 && once(MeasureColumnField::Measure) == 1 && fields.iter().all(|&f| once(f) == 1))
        .then_some(fields)
}

fn measure_column(header: &str) -> Option<MeasureColumnField> {
    let low = header.trim().trim_end_matches(':').to_lowercase();
    let words: Vec<&str> = low.split(|c: char| !c.is_alphanumeric() && c != '/').filter(|w| !w.is_empty()).collect();
    let has = |w: &str| words.contains(&w);
    if has("art") || has("typ") || has("t/o") || low.starts_with("maßnahmenart") || low.starts_with("maßnahmentyp") {
        Some(MeasureColumnField::Kind)
    } else if ["kontroll", "bereich", "schutzziel", "ziel", "kategorie", "anforderung", "thema"]
        .iter()
        .any(|w| low.contains(w))
    {
        Some(MeasureColumnField::Section)
    } else if ["maßnahme", "beschreibung", "umsetzung"].iter().any(|w| low.contains(w)) {
        Some(MeasureColumnField::Measure)
    } else {
        None
    }
}

/// The kind a cell of the Art column names: the word a table prints for
/// it ("technisch"), its German label ("technische Maßnahme") or a usual
/// abbreviation ("T", "org.").
fn kind_of(cell: &str) -> Option<MeasureKind> {
    let low = cell.trim().trim_end_matches('.').to_lowercase();
    let abbreviated = match low.as_str() {
        "t" | "tech" | "techn" => Some(MeasureKind::Technical),
        "o" | "org" | "organ" => Some(MeasureKind::Organisational),
        _ => None,
    };
    abbreviated.or_else(|| {
        MeasureKind::ALL
            .iter()
            .copied()
            .find(|&kind| low == MeasureTable::default_word(kind) || low == kind.label_de().to_lowercase())
    })
}

/// A measure's text and kind, as a row of a measure table gives them.
type RowMeasure = (String, Option<MeasureKind>);

/// The rows of a measure table read as sections of measures.
struct TableRows {
    /// Sections in order: title (none where the table has no such
    /// column), measures.
    sections: Vec<(Option<String>, Vec<RowMeasure>)>,
    /// The section's title is repeated in each row rather than left blank.
    repeat: bool,
    /// The word the table prints for each kind.
    words: Vec<(MeasureKind, String)>,
}

/// Reads the rows; `None` where printing them back from measures would not
/// give the same cells: a kind in words of its own or in two spellings, a
/// row with a kind but no measure, a section's title both repeated and left
/// blank.
fn table_rows(fields: &[MeasureColumnField], rows: &[&Vec<String>]) -> Option<TableRows> {
    let cell = |row: &Vec<String>, field: MeasureColumnField| {
        fields.iter().position(|&f| f == field).and_then(|i| row.get(i)).map(|c| c.trim().to_owned())
    };
    let has_section = fields.contains(&MeasureColumnField::Section);
    let titles: Vec<Option<String>> = rows.iter().map(|row| cell(row, MeasureColumnField::Section)).collect();
    // Blank cells under a title: merged cells, printed once. Otherwise a
    // title repeated in the next row is the same section.
    let blank = titles.iter().skip(1).any(|t| t.as_deref() == Some(""));
    let mut out = TableRows { sections: Vec::new(), repeat: false, words: Vec::new() };
    for (row, title) in rows.iter().zip(titles) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let measure = cell(row, MeasureColumnField::Measure).unwrap_or_default();
        let word = cell(row, MeasureColumnField::Kind).unwrap_or_default();
        let kind = if word.is_empty() { None } else { Some(kind_of(&word)?) };
        if let Some(kind) = kind {
            match out.words.iter().find(|(k, _)| *k == kind) {
                Some((_, known)) if *known != word => return None,
                Some(_) => {}
                None => out.words.push((kind, word)),
            }
        }
        let continues = match (&title, out.sections.last()) {
            (_, None) => false,
            (Some(t), Some(_)) if t.is_empty() => true,
            (Some(t), Some((last, _))) => !blank && last.as_ref() == Some(t),
            (None, Some(_)) => true,
        };
        if continues {
            // A title's row without a measure, then measures under it,
            // would print the first measure in the title's row.
            if measure.is_empty() || out.sections.last().is_some_and(|(_, members)| members.is_empty()) {
                return None;
            }
            out.repeat |= has_section && !blank;
        } else {
            out.sections.push((title.filter(|t| !t.is_empty()), Vec::new()));
        }
        let (_, members) = out.sections.last_mut()?;
        if measure.is_empty() {
            if kind.is_some() || !members.is_empty() {
                return None;
            }
        } else {
            members.push((measure, kind));
        }
    }
    (!out.sections.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeasureColumnField::{Kind, Measure, Section};

    fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
        cells.iter().map(|row| row.iter().map(|c| (*c).to_owned()).collect()).collect()
    }

    fn read(fields: &[MeasureColumnField], cells: &[&[&str]]) -> Option<TableRows> {
        let rows = rows(cells);
        table_rows(fields, &rows.iter().collect::<Vec<_>>())
    }

    #[test]
    fn headers_of_tables_by_kind() {
        let header = |cells: &[&str]| kind_columns(&cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>());
        let (t, o) = (MeasureKind::Technical, MeasureKind::Organisational);
        assert_eq!(header(&["Technische Maßnahmen", "Organisatorische Maßnahmen"]), Some(vec![t, o]));
        assert_eq!(header(&["**Organisatorische Maßnahme**", "**Technische Maßnahme**"]), Some(vec![o, t]));
        assert_eq!(header(&["Technische Maßnahmen", "Technische Maßnahmen"]), None, "a kind twice");
        assert_eq!(header(&["Technische Maßnahmen"]), None, "one column");
        assert_eq!(header(&["Technische Maßnahmen", "Bemerkung"]), None);
        assert_eq!(header(&["Technisch", "Organisatorisch"]), None, "no measures named");
    }

    #[test]
    fn measure_table_headers() {
        let header = |cells: &[&str]| measure_columns(&cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>());
        assert_eq!(header(&["Kontrollbereich", "Maßnahme", "Art"]), Some(vec![Section, Measure, Kind]));
        assert_eq!(header(&["**Schutzziel**", "**Maßnahmen**", "**T/O**"]), Some(vec![Section, Measure, Kind]));
        assert_eq!(header(&["Art der Maßnahme", "Beschreibung"]), Some(vec![Kind, Measure]));
        assert_eq!(header(&["Kategorie", "Umsetzung"]), Some(vec![Section, Measure]));
        // A column the table layout has no place for, no measures, a column twice, one column.
        assert_eq!(header(&["Kontrollbereich", "Maßnahme", "umgesetzt (ja/nein)"]), None);
        assert_eq!(header(&["Kontrollbereich", "Art"]), None);
        assert_eq!(header(&["Maßnahme", "Beschreibung"]), None);
        assert_eq!(header(&["Maßnahme"]), None);
    }

    #[test]
    fn merged_titles_and_repeated_titles_make_sections() {
        let fields = [Section, Measure, Kind];
        let merged = read(
            &fields,
            &[
                &["Zutritt", "Alarm", "technisch"],
                &["", "Besucherbuch", "organisatorisch"],
                &["Zugang", "2FA", "technisch"],
            ],
        );
        let merged = merged.expect("a table with merged titles");
        assert!(!merged.repeat);
        assert_eq!(merged.sections.len(), 2);
        assert_eq!(merged.sections[0].1.len(), 2);
        assert_eq!(merged.sections[1].1, vec![("2FA".to_owned(), Some(MeasureKind::Technical))]);
        assert!(merged.words.contains(&(MeasureKind::Technical, "technisch".to_owned())));
        let repeated = read(
            &fields,
            &[&["Zutritt", "Alarm", "technisch"], &["Zutritt", "Besucherbuch", ""], &["Zugang", "2FA", ""]],
        )
        .expect("a table repeating titles");
        assert!(repeated.repeat);
        assert_eq!(repeated.sections.iter().map(|(_, m)| m.len()).collect::<Vec<_>>(), vec![2, 1]);
        // Without blanks, equal titles in a row are one section; with blanks, each title starts one.
        let distinct =
            read(&fields, &[&["Zutritt", "Alarm", ""], &["", "Buch", ""], &["Zutritt", "Karte", ""]]).unwrap();
        assert_eq!(distinct.sections.len(), 2);
        assert!(!distinct.repeat);
        let untitled = read(&[Measure, Kind], &[&["Alarm", "technisch"], &["Buch", "organisatorisch"]]).unwrap();
        assert_eq!(untitled.sections.len(), 1);
        assert_eq!(untitled.sections[0].0, None);
    }

    #[test]
    fn tables_that_would_not_print_back_are_left_as_tables() {
        let fields = [Section, Measure, Kind];
        // A kind avv has no word for.
        assert!(read(&fields, &[&["Zutritt", "Alarm", "technisch/organisatorisch"]]).is_none());
        // One kind in two spellings.
        assert!(read(&fields, &[&["Zutritt", "Alarm", "technisch"], &["", "2FA", "T"]]).is_none());
        // A kind without a measure.
        assert!(read(&fields, &[&["Zutritt", "", "technisch"]]).is_none());
        // A title in a row of its own, then its measures.
        assert!(read(&fields, &[&["Zutritt", "", ""], &["", "Alarm", "technisch"]]).is_none());
        // Where titles are merged, a title in the next row again is a
        // section of its own: printed back, both rows show it.
        let twice = read(
            &fields,
            &[&["Zutritt", "Alarm", ""], &["", "Buch", ""], &["Zugang", "2FA", ""], &["Zugang", "PIN", ""]],
        );
        assert_eq!(twice.map(|t| t.sections.len()), Some(3));
        // A section without measures prints as its title's row alone.
        let lone = read(&fields, &[&["Zutritt", "", ""], &["Zugang", "2FA", ""]]).unwrap();
        assert_eq!(lone.sections.iter().map(|(_, m)| m.len()).collect::<Vec<_>>(), vec![0, 1]);
    }

    #[test]
    fn control_headings_are_recognised() {
        assert_eq!(controls("Zutrittskontrolle externe Serverräume"), vec![Control::PhysicalAccess]);
        assert_eq!(controls("2 Vertraulichkeit: Zugangskontrolle"), vec![Control::SystemAccess]);
        assert_eq!(controls("Trennungsgebot"), vec![Control::Separation]);
        assert_eq!(
            controls("Zugangs- und Zugriffskontrollmaßnahmen"),
            vec![Control::SystemAccess, Control::DataAccess]
        );
        assert_eq!(objectives("Integrität (Art. 32 Abs. 1 lit. b DSGVO)"), vec![Objective::Integrity]);
        assert_eq!(
            objectives("Verfügbarkeit / Belastbarkeit / rasche Wiederherstellbarkeit"),
            vec![Objective::Availability, Objective::Resilience, Objective::Recoverability]
        );
        assert!(is_measure_title("Zutrittskontrolle"));
        assert!(!is_measure_title("Kein unbefugter Zutritt zu Datenverarbeitungsanlagen."));
    }
}
