//! `tom.toml`: the technical and organisational measures (Art. 32 GDPR),
//! grouped by objective and control, with sites, scopes, explanations and
//! tombstones for removed measures.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::clause::Block;
use super::codes::{
    Condition, Control, HeadingStyle, JustificationKind, MeasureKind, MeasureStyle, Objective, Responsible, SiteKind,
    Statement,
};
pub use super::measure_table::{MeasureColumn, MeasureTable, TableCell};
use super::primitives::{Allow, Country, Id};

/// The contents of `tom.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "avv tom.toml")]
pub struct TomFile {
    /// Format version of this file; currently 1.
    pub schema_version: u32,
    /// The annex heading and introduction.
    pub annex: TomAnnex,
    /// Sites that measures can be scoped to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub site: Vec<Site>,
    /// The sections, in print order.
    #[serde(default)]
    pub section: Vec<Section>,
    /// Removed measures: the id stays reserved and the reason is recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<Retired>,
    /// Justifications for weakened measures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub justification: Vec<Justification>,
}

/// The annex heading and introduction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TomAnnex {
    /// Stable id of the annex.
    pub id: Id,
    /// The annex designation as printed ("Anlage 1", "Anhang 3").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    /// The title.
    pub title: String,
    /// A line printed under the title ("Nach § 9 BDSG bzw. Art. 32 DSGVO").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Short name in change texts ("TOM").
    #[serde(default = "default_tom_label")]
    pub label: String,
    /// The annex's own version, where it is versioned apart from the
    /// agreement ("2.1"): printed under its title, a row of the version
    /// table when it changes, and what a change of the annex alone must
    /// raise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The date of the annex's own version ("Stand").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<super::primitives::Date>,
    /// Blocks before the first section.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "super::clause::blocks")]
    pub block: Vec<Block>,
    /// Print a table of contents before the sections.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub toc: bool,
    /// Print the measures as tables instead of lists, as many TOM annexes
    /// are laid out: one table for the annex (Kontrollbereich | Maßnahme |
    /// Art), or one under each section's heading (Technische Maßnahmen |
    /// Organisatorische Maßnahmen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<MeasureTable>,
    /// Reasoned exceptions to annex-wide rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

fn default_tom_label() -> String {
    "TOM".to_owned()
}

/// A site measures can be scoped to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Stable id.
    pub id: Id,
    /// Kind of site.
    pub kind: SiteKind,
    /// The name.
    pub name: String,
    /// The city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// The country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// The operator, where a sub-processor runs it (a sub-processor id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<Id>,
}

/// What a section or measure applies to.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Only at these sites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<Id>,
    /// Only for these services (ids from `[[service]]` in agreement.toml).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Id>,
}

/// A section of the TOM annex.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id.
    pub id: Id,
    /// The number as printed ("3.", "§ 1."). Omit for unnumbered headings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    /// The reference form when it differs from the derived one.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The heading as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// How the heading is printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading_style: Option<HeadingStyle>,
    /// Art. 32(1) objectives the section serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objective: Vec<Objective>,
    /// Control categories of the section.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub control: Vec<Control>,
    /// Sites or services the section applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// Who is responsible for the section's measures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<Responsible>,
    /// Sub-processors whose measures the section describes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provided_by: Vec<Id>,
    /// Paragraphs and lists before the measures.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "super::clause::blocks")]
    pub block: Vec<Block>,
    /// The measures, in print order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measure: Vec<Measure>,
    /// Sub-sections, printed after the measures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub section: Vec<Section>,
    /// Plain-language explanations, printed at the end of the section.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub explanation: Vec<Explanation>,
    /// Reasoned exceptions to validation rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

/// A technical or organisational measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Stable id.
    pub id: Id,
    /// The number as printed, for numbered measures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    /// A short name ("Sicherheitsverglasung", "Zutrittskontrolle"); printed
    /// as the item title with `style = "titled"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A bold lead-in printed before the text ("Serverraum:").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The measure as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Nested items (a lead sentence with sub-points).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Measure>,
    /// DPV top class of the measure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<MeasureKind>,
    /// What the entry states; `note` marks prose that is not a measure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<Statement>,
    /// Who is responsible, when it differs from the section's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<Responsible>,
    /// When the measure applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// Sites or services the measure applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// Sub-processors that provide the measure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provided_by: Vec<Id>,
    /// Providers the text names that are not sub-processor entries, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
    /// Control categories, when they differ from the section's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub control: Vec<Control>,
    /// Art. 32(1) objectives, when they differ from the section's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objective: Vec<Objective>,
    /// How the measure is printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<MeasureStyle>,
    /// W3C Data Privacy Vocabulary codes ("dpv:Encryption").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dpv: Vec<String>,
    /// Reasoned exceptions to validation rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

impl Measure {
    /// What prints for the measure, as inline markup: its text with its
    /// title as a bold lead-in, or its label with the text as a paragraph
    /// under it (`titled`), or the label alone.
    pub fn printed(&self) -> (String, Option<&str>) {
        match (&self.label, &self.text, self.style) {
            (Some(label), text, Some(MeasureStyle::Titled)) => (label.clone(), text.as_deref()),
            (_, Some(text), _) => match &self.title {
                Some(title) => (format!("**{title}** {text}"), None),
                None => (text.clone(), None),
            },
            (Some(label), None, _) => (label.clone(), None),
            (None, None, _) => (String::new(), None),
        }
    }
}

/// A plain-language explanation ("In anderen Worten, …").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    /// Stable id.
    pub id: Id,
    /// The heading as printed ("In anderen Worten,").
    pub heading: String,
    /// The explanation; paragraphs separated by blank lines.
    pub text: String,
    /// The sections it explains (ids), when not the enclosing one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub explains: Vec<Id>,
    /// Reasoned exceptions to validation rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

/// A removed measure. Its id stays reserved; the reason is the
/// justification the agreements demand when a measure goes away.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retired {
    /// The removed measure's id.
    pub id: Id,
    /// Its short name ("Sicherheitsverglasung").
    pub label: String,
    /// The section it was in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was_in: Option<Id>,
    /// The version that removed it.
    pub retired_in: String,
    /// Why the security level does not drop.
    pub reason: String,
    /// Measures that replace it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced_by: Vec<Id>,
}

/// A justification for weakening a measure in a given version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Justification {
    /// The measure (id) weakened, or the section or explanation whose text
    /// describing the measures is.
    pub target: Id,
    /// The version that weakened it.
    pub version: String,
    /// Kind of weakening.
    pub kind: JustificationKind,
    /// Why the security level does not drop.
    pub reason: String,
    /// Measures that compensate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compensating: Vec<Id>,
}
