//! The TOM annex: clauses become sections, list items and paragraphs after
//! the first list become measures, and the usual Art. 32 control headings
//! (Zutrittskontrolle, Zugangskontrolle, … Trennungsgebot, Verschlüsselung)
//! give sections and measures their control categories and objectives.

use serde_json::{Value, json};

use super::assemble::{Context, is_form_field};
use super::ids::slug;
use super::report::{Note, NoteKind};
use super::tree::{Draft, Item, Piece, Segment};
use crate::model::codes::{Control, MeasureStyle, Objective};

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
                    if measures.is_empty() {
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
        json!({
            "schema_version": 1,
            "annex": {
                "id": id,
                "num": segment.num,
                "title": title,
                "subtitle": if whole.is_some() { subtitle } else { None },
                "label": "TOM",
                "block": block,
            },
            "section": sections,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
