//! The TOM annex: clauses become sections, list items and paragraphs after
//! the first list become measures, and the usual Art. 32 control headings
//! (Zutrittskontrolle, Zugangskontrolle, … Trennungsgebot, Verschlüsselung)
//! give sections and measures their control categories and objectives.

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
    let low = text.to_lowercase();
    let mut out: Vec<Control> = Vec::new();
    for (word, control) in CONTROLS {
        if low.contains(word) && !out.contains(control) {
            out.push(*control);
        }
    }
    out
}

/// The Art. 32(1) objectives a heading names.
pub fn objectives(text: &str) -> Vec<Objective> {
    let low = text.to_lowercase();
    let mut out: Vec<Objective> = Vec::new();
    for (word, objective) in OBJECTIVES {
        if low.contains(word) && !out.contains(objective) {
            out.push(*objective);
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
