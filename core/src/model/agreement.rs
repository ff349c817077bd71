//! `agreement.toml`: metadata, parties, the particulars of Art. 28(3),
//! sub-processing terms, instructions, the clause tree and free annexes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::clause::{Block, Clause};
use super::codes::{
    AgreementKind, Art28Item, Authorisation, ChangeKind, DateStyle, DpoStatus, DurationKind, Fill, PartKind,
    ParticularsSource, PartyRole, PlaceholderType, ProcessingRegion, ReferenceKind, ServiceKind, SpecialCategory,
    Status,
};
use super::primitives::{Allow, Country, Date, Id, IsoDuration};

/// The contents of `agreement.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "avv agreement.toml")]
pub struct AgreementFile {
    /// Format version of this file; currently 1.
    pub schema_version: u32,
    /// Identity, version and status of the document.
    pub meta: Meta,
    /// The role terms the text uses ("Auftraggeberin", "Auftragnehmer").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Roles>,
    /// External documents the text relies on or delegates to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference: Vec<Reference>,
    /// The contracting parties, in print order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub party: Vec<Party>,
    /// Blanks that each customer instance fills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placeholder: Vec<Placeholder>,
    /// The particulars of Art. 28(3) first sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub particulars: Option<Particulars>,
    /// The services (main contracts, components) the agreement covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service: Vec<Service>,
    /// Terms for engaging sub-processors (Art. 28(2) and (4)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subprocessing: Option<Subprocessing>,
    /// The processor's data protection officer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo: Option<Dpo>,
    /// Persons authorised to give and receive instructions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<Instructions>,
    /// The parts of the printed document, in print order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub part: Vec<Part>,
    /// A cover letter printed before the contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<Cover>,
    /// Text around the clause tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    /// The clause tree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clause: Vec<Clause>,
    /// Free annexes (e.g. "Anhang 1", "Anlage I").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annex: Vec<Annex>,
    /// Signature blocks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signature: Vec<Signature>,
    /// Footnotes, referenced in text as `[^id]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnote: Vec<Footnote>,
    /// A version table imported with the document, kept verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<History>,
    /// Human notes per version that a generated history cannot infer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changelog: Vec<ChangelogEntry>,
}

/// Identity, version and status of the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The agreement's id; equals its folder name.
    pub id: Id,
    /// The ids (folder names) the agreement had before, newest first: its
    /// history is followed through them even where git cannot tell that a
    /// folder was renamed (files rewritten in the same commit, a folder
    /// deleted and added again under its new name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_ids: Vec<Id>,
    /// What kind of document this is.
    pub kind: AgreementKind,
    /// The title as printed.
    pub title: String,
    /// A line printed under the title ("nach Art. 28 Abs. 3 DS-GVO").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Language of the text (BCP 47), e.g. `de`.
    #[serde(default = "default_language")]
    pub language: String,
    /// The version label ("1.8", "1.5a"); ordered naturally.
    pub version: String,
    /// Lifecycle status.
    pub status: Status,
    /// The status as the document words it ("finale Version").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_label: Option<String>,
    /// The date of this version ("Stand").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// How dates are printed.
    #[serde(default = "default_date_style")]
    pub date_style: DateStyle,
    /// Who is responsible for this version ("Datenschutzbeauftragter").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<String>,
    /// Short name of the main document in change texts ("AVV").
    #[serde(default = "default_label")]
    pub label: String,
    /// A line printed under the title, with `{date}` and `{version}`
    /// ("Stand: {date} Version {version}"). Omit to print none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stand_line: Option<String>,
    /// How an unfilled placeholder prints in the blank form; `{label}` is
    /// the placeholder's label ("_____ ({label})").
    #[serde(default = "default_blank")]
    pub blank: String,
    /// What stands between an annex's designation and its title in its
    /// heading: `": "` ("Anlage 1: Titel") unless set, `" – "` for
    /// "Anlage 1 – Titel". One line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annex_separator: Option<String>,
    /// Reasoned exceptions to agreement-wide rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

fn default_language() -> String {
    "de".to_owned()
}

fn default_date_style() -> DateStyle {
    DateStyle::Numeric
}

fn default_label() -> String {
    "AVV".to_owned()
}

fn default_blank() -> String {
    "_____ ({label})".to_owned()
}

/// The role terms the text uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    /// The controller's term ("Auftraggeber", "Auftraggeberin").
    pub controller: String,
    /// The processor's term ("Auftragnehmer", "Auftragnehmerin").
    pub processor: String,
}

/// An external document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Stable id.
    pub id: Id,
    /// What kind of document it is.
    pub kind: ReferenceKind,
    /// Its title.
    pub title: String,
    /// Where it is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A contracting party as printed in the party block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Stable id.
    pub id: Id,
    /// GDPR role.
    pub role: PartyRole,
    /// Text printed before the party ("zwischen der Firma", "und").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// The party's name or description; may hold `{{ placeholders }}`.
    pub name: String,
    /// Further printed lines after the name: address, customer number, contact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<String>,
    /// Print name and lines on one line, separated by commas.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inline: bool,
    /// The designation printed after the party ("im Folgenden „Auftraggeber“").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub designation: Vec<String>,
    /// Country of the party's seat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
}

/// A blank the customer instance fills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Placeholder {
    /// Dotted key used in text as `{{ key }}` and in instances under `[values]`.
    pub key: String,
    /// What to fill in ("Unternehmen").
    pub label: String,
    /// Type of value.
    #[serde(default = "default_placeholder_type", rename = "type")]
    pub value_type: PlaceholderType,
    /// Whether an instance must fill it (only where its text is printed).
    #[serde(default = "default_true")]
    pub required: bool,
    /// Who fills it in.
    #[serde(default = "default_fill")]
    pub fill: Fill,
    /// How the blank prints in the unfilled form, overriding `meta.blank`;
    /// `{label}` is the label here too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blank: Option<String>,
}

fn default_placeholder_type() -> PlaceholderType {
    PlaceholderType::Text
}

fn default_true() -> bool {
    true
}

fn default_fill() -> Fill {
    Fill::Controller
}

/// The particulars of Art. 28(3) first sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Particulars {
    /// Where the subject matter is stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_matter: Option<Particular>,
    /// The duration of the processing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<DurationParticular>,
    /// Where the nature of the processing is stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nature: Option<Particular>,
    /// Where processing may take place.
    #[serde(default = "default_region")]
    pub processing_region: ProcessingRegion,
    /// Special categories of data processed (Art. 9, 10).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special_categories: Vec<SpecialCategory>,
    /// Whether data under professional secrecy (§ 203 StGB) is processed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub professional_secrecy: bool,
    /// The purposes of processing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purposes: Option<ParticularsList>,
    /// The types of personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_categories: Option<ParticularsList>,
    /// The categories of data subjects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_subjects: Option<ParticularsList>,
}

fn default_region() -> ProcessingRegion {
    ProcessingRegion::Unspecified
}

/// Where a particular is stated: a clause of this agreement, a delegation
/// to an external document, or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Particular {
    /// The clause that states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<Id>,
    /// The external document it is delegated to (a `[[reference]]` id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegated_to: Option<Id>,
}

/// The duration of the processing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DurationParticular {
    /// How the duration is set.
    pub kind: DurationKind,
    /// The clause that states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<Id>,
    /// The main contract it is coupled to (a `[[reference]]` id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<Id>,
    /// For `kind = "choice"`: the choice in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<Id>,
    /// Notice period for an indefinite term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_period: Option<IsoDuration>,
}

/// A list of purposes, data categories or data subjects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticularsList {
    /// Where the items come from.
    #[serde(default = "default_source")]
    pub source: ParticularsSource,
    /// For `source = "delegated"`: the external document (a `[[reference]]` id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegated_to: Option<Id>,
    /// The clause that states them in prose, where they are not listed as items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<Id>,
    /// The items, in print order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<ParticularsItem>,
}

fn default_source() -> ParticularsSource {
    ParticularsSource::Inline
}

/// One purpose, data category or category of data subjects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticularsItem {
    /// Stable id.
    pub id: Id,
    /// The marker as printed ("a)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    /// The item as printed ("Personenstammdaten / Kontaktdaten:").
    pub text: String,
    /// Details printed under the item ("Name, Vorname, Anschrift, …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// Nested items as printed (sub-lists under a category).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// Special categories this item contains.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special: Vec<SpecialCategory>,
    /// W3C Data Privacy Vocabulary codes ("pd:EmailAddress").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dpv: Vec<String>,
}

/// A service the agreement covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Stable id.
    pub id: Id,
    /// The name as printed.
    pub name: String,
    /// A short name for headings and change texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    /// Kind of service.
    #[serde(default = "default_service_kind")]
    pub kind: ServiceKind,
}

fn default_service_kind() -> ServiceKind {
    ServiceKind::Main
}

/// Terms for engaging sub-processors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subprocessing {
    /// General or specific authorisation (Art. 28(2)), or `choice` when
    /// each customer chooses (see `choice` and `option`).
    pub authorisation: Authorisation,
    /// How long the controller has to object to a change (ISO 8601, "P14D").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objection_period: Option<IsoDuration>,
    /// A special termination right after a failed objection ("P4W").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_termination: Option<IsoDuration>,
    /// The list is published elsewhere instead of in `subprocessors.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_list: Option<ExternalList>,
    /// The choice in the text (a choice block, an alternative inside a
    /// sentence or an optional clause) whose option decides the terms per
    /// customer: the authorisation (with `authorisation = "choice"`), the
    /// objection period, or both; `terms` says what each option sets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<Id>,
    /// What each option of `choice` sets; what an option leaves out is the
    /// value above.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<SubprocessingOption>,
}

/// The terms one option of `[subprocessing] choice` sets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubprocessingOption {
    /// The option's id in the choice.
    pub option: Id,
    /// The authorisation a customer choosing it gives (`general` or `specific`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorisation: Option<Authorisation>,
    /// Its objection period ("P30D").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objection_period: Option<IsoDuration>,
    /// Its special termination right ("P4W").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_termination: Option<IsoDuration>,
}

/// The terms one customer agreed to for sub-processors.
#[derive(Debug, Clone, PartialEq)]
pub struct SubprocessingTerms {
    /// `general` or `specific`; `None` while the customer has not chosen.
    pub authorisation: Option<Authorisation>,
    /// The objection period.
    pub objection_period: Option<IsoDuration>,
    /// The special termination right.
    pub special_termination: Option<IsoDuration>,
}

impl Subprocessing {
    /// The terms of a customer who chose `chosen` (the option ids of its
    /// instance for `choice`; `None` for the agreement without a customer).
    /// An option's values override the agreement's; under
    /// `authorisation = "choice"` the authorisation is unknown until an
    /// option that sets it is chosen.
    pub fn terms(&self, chosen: Option<&[&Id]>) -> SubprocessingTerms {
        let option = match (&self.choice, chosen) {
            (Some(_), Some([one])) => self.terms.iter().find(|o| o.option == **one),
            _ => None,
        };
        let authorisation = option.and_then(|o| o.authorisation).or(Some(self.authorisation));
        SubprocessingTerms {
            authorisation: authorisation.filter(|a| *a != Authorisation::Choice),
            objection_period: option.and_then(|o| o.objection_period.clone()).or_else(|| self.objection_period.clone()),
            special_termination: option
                .and_then(|o| o.special_termination.clone())
                .or_else(|| self.special_termination.clone()),
        }
    }

    /// Every set of terms a customer can agree to: the agreement's own, or
    /// one per option of the choice.
    pub fn possible_terms(&self) -> Vec<SubprocessingTerms> {
        let all: Vec<SubprocessingTerms> = if self.choice.is_some() && !self.terms.is_empty() {
            self.terms.iter().map(|o| self.terms(Some(&[&o.option]))).collect()
        } else {
            vec![self.terms(None)]
        };
        let mut out: Vec<SubprocessingTerms> = Vec::with_capacity(all.len());
        for terms in all {
            if !out.contains(&terms) {
                out.push(terms);
            }
        }
        out
    }

    /// Whether some customer may give a general authorisation.
    pub fn may_be_general(&self) -> bool {
        self.possible_terms().iter().any(|t| t.authorisation == Some(Authorisation::General))
    }
}

/// A sub-processor list published outside the agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalList {
    /// Where the list is published.
    pub url: String,
}

/// The processor's data protection officer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dpo {
    /// Whether a DPO is appointed.
    pub status: DpoStatus,
    /// The DPO as printed: name, then further lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Contact>,
    /// Where the DPO's contact is published (a `[[reference]]` id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_in: Option<Id>,
    /// For `status = "choice"`: the choice in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<Id>,
}

/// A person with printed contact lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The name.
    pub name: String,
    /// Organisation, address, phone and e-mail lines as printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// Persons authorised to give and receive instructions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instructions {
    /// The controller's persons authorised to instruct, as label/value rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorised: Vec<InstructionEntry>,
    /// The processor's recipients of instructions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<InstructionEntry>,
    /// Channels for instructions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
    /// How long instructions are kept ("P3Y").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<IsoDuration>,
}

/// One row of persons: an optional label and the value (may be a placeholder).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstructionEntry {
    /// What the row holds ("Name 1 + Funktion").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The value; `{{ key }}` for a blank the customer fills.
    pub value: String,
}

/// A part of the printed document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// Kind of part.
    pub kind: PartKind,
    /// For `kind = "annex"`: the annex id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annex: Option<Id>,
}

/// A cover letter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// The letter's blocks.
    #[serde(deserialize_with = "super::clause::blocks")]
    pub block: Vec<Block>,
}

/// Text around the clause tree.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Blocks after the party block, before the first clause
    /// ("schließen den folgenden Vertrag:").
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "super::clause::blocks")]
    pub preamble: Vec<Block>,
    /// Blocks after the last clause.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "super::clause::blocks")]
    pub closing: Vec<Block>,
}

/// A free annex with its own clause tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Annex {
    /// Stable id.
    pub id: Id,
    /// The annex designation as printed ("Anhang 1", "Anlage I").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    /// The title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Short name in change texts ("Anhang 1").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Blocks before the clauses.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "super::clause::blocks")]
    pub block: Vec<Block>,
    /// The annex's clauses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clause: Vec<Clause>,
}

/// A signature block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The signing party (a `[[party]]` id).
    pub party: Id,
    /// The caption under the line ("Ort, Datum Unterschrift Auftraggeber").
    pub caption: String,
    /// Place, where pre-filled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Date, where pre-filled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The signatory, where pre-signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatory: Option<String>,
    /// The signatory's function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatory_role: Option<String>,
}

/// A footnote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    /// Stable id, referenced as `[^id]`.
    pub id: Id,
    /// The footnote text.
    pub text: String,
}

/// A version table imported from the source document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// The headers of the five columns, in order: version, status, date,
    /// responsible, change (one left out prints its default). A column no
    /// row fills is not printed.
    #[serde(default = "default_history_columns")]
    pub columns: Vec<String>,
    /// The rows, oldest first.
    #[serde(default)]
    pub row: Vec<HistoryRow>,
}

/// The headers of a version table's five columns when it names none, as
/// pcvisit's Versionshistorie has them.
pub const HISTORY_COLUMNS: [&str; 5] = ["Version", "Status", "Datum", "Verantwortlich", "Änderung"];

/// [`HISTORY_COLUMNS`], owned.
pub fn default_history_columns() -> Vec<String> {
    HISTORY_COLUMNS.map(str::to_owned).to_vec()
}

/// The headers of the five columns as printed: those `columns` names, in
/// order, and the default of each one it leaves out.
pub fn history_headers(columns: &[String]) -> [&str; 5] {
    std::array::from_fn(|i| columns.get(i).map_or(HISTORY_COLUMNS[i], String::as_str))
}

/// One row of an imported version table; cells verbatim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryRow {
    /// The version label.
    pub version: String,
    /// The status cell.
    pub status: String,
    /// The date cell; omitted where the source leaves it empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The "Verantwortlich" cell.
    pub responsible: String,
    /// The "Änderung" cell.
    pub change: String,
    /// The kinds of change in this version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<ChangeKind>,
    /// Reasoned exceptions to validation rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
    /// Written by avv from git, not by a person: its change texts quote
    /// data (a sub-processor's name with a `*`), so they print as text and
    /// are never read as inline markup. Not a key of the file.
    #[serde(skip)]
    pub generated: bool,
}

/// A human note for one version, for what the diff cannot infer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangelogEntry {
    /// The version this note belongs to.
    pub version: String,
    /// A summary printed before the generated change texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Ids whose text changes are formal corrections (no change of meaning).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formal: Vec<Id>,
    /// Date the changes take effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
}

impl AgreementFile {
    /// The `[[changelog]]` entry of `version`.
    pub fn changelog_of(&self, version: &str) -> Option<&ChangelogEntry> {
        self.changelog.iter().find(|c| c.version == version)
    }

    /// All clauses of the body and the annexes, depth first.
    pub fn all_clauses(&self) -> Vec<&Clause> {
        fn walk<'a>(clauses: &'a [Clause], out: &mut Vec<&'a Clause>) {
            for clause in clauses {
                out.push(clause);
                walk(&clause.clause, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.clause, &mut out);
        for annex in &self.annex {
            walk(&annex.clause, &mut out);
        }
        out
    }

    /// The Art. 28 items covered by some clause or list item.
    pub fn covered_items(&self) -> Vec<Art28Item> {
        let mut items: Vec<Art28Item> = Vec::new();
        for clause in self.all_clauses() {
            clause.own_covers(&mut items);
        }
        items.sort();
        items.dedup();
        items
    }
}
