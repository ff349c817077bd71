//! `subprocessors.toml`: the list of sub-processors (Art. 28(2), (4)) with
//! locations, safeguards and third-country transfer mechanisms.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::codes::{
    AdequacyDecision, AttestationCode, CertificationCode, CodeOfConductCode, ListLayout, SubprocessorCategory,
    SubprocessorField, TransferMechanism,
};
use super::primitives::{Allow, Country, Date, Id};

/// The contents of `subprocessors.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "avv subprocessors.toml")]
pub struct SubprocessorsFile {
    /// Format version of this file; currently 1.
    pub schema_version: u32,
    /// How and where the list is printed.
    pub list: ListSettings,
    /// Groups, in print order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group: Vec<Group>,
    /// The sub-processors, in print order.
    #[serde(default)]
    pub subprocessor: Vec<Subprocessor>,
}

/// How and where the list is printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListSettings {
    /// Stable id of the list.
    pub id: Id,
    /// The annex designation as printed ("Anhang 2"), when printed as an annex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    /// The title ("Liste der beauftragten Unterauftragnehmer").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The list's own version, where it is versioned apart from the
    /// agreement ("3"): printed with the list, a row of the version table
    /// when it changes, and what a change of the list alone must raise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The date of the list's own version ("Stand").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The clause that prints the list (an `embed = "subprocessors"` block);
    /// change texts then say "Punkt 6.5".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placed_in: Option<Id>,
    /// Table or list.
    #[serde(default = "default_layout")]
    pub layout: ListLayout,
    /// The table's columns: a field of the entries (`{ field = "name",
    /// header = "Unterauftragnehmer" }`), or a free column whose values the
    /// entries give under `extra` (`{ key = "strategie", header =
    /// "Datenschutz-Strategie" }`).
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "columns")]
    pub columns: Vec<Column>,
}

fn default_layout() -> ListLayout {
    ListLayout::Table
}

/// A column of the printed table. Exactly one of `field` and `key` is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    {"required": ["field"]},
    {"required": ["key"]}
]))]
pub struct Column {
    /// The field of the entries shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<SubprocessorField>,
    /// A free column, for what the model has no field for: the key of the
    /// entries' `extra` values it shows ("strategie").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The header as printed.
    pub header: String,
    /// For the `country` and `location` columns: print countries as their
    /// ISO codes (`DE`), as the source does, rather than by their German
    /// names ("Deutschland").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub codes: bool,
}

/// Reads the columns, each with exactly one of `field` and `key`, as the
/// schema's `oneOf` on [`Column`] demands (serde's derive cannot say "one
/// of"; see [`blocks`](super::clause) for the same on blocks).
fn columns<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Column>, D::Error> {
    let columns = Vec::<Column>::deserialize(deserializer)?;
    match columns.iter().find(|c| c.field.is_some() == c.key.is_some()) {
        Some(column) => {
            Err(serde::de::Error::custom(format!("the column `{}` sets exactly one of field or key", column.header)))
        }
        None => Ok(columns),
    }
}

/// A group of sub-processors with its heading and notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Stable id.
    pub id: Id,
    /// The number as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    /// The heading as printed.
    pub title: String,
    /// The category of the group's members.
    pub category: SubprocessorCategory,
    /// Numbered notes printed after the group's table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub note: Vec<Note>,
}

/// A numbered note under a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Stable id, so text can link to it.
    pub id: Id,
    /// The number as printed ("4.1").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    /// The note.
    pub text: String,
}

/// A sub-processor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subprocessor {
    /// Stable id.
    pub id: Id,
    /// The group it is printed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Id>,
    /// The name as printed.
    pub name: String,
    /// A short name for change texts ("Auth0").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    /// The address as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Country of the contracting entity (ISO 3166-1 alpha-2).
    pub country: Country,
    /// Where the data is processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing: Option<Processing>,
    /// The service it provides.
    pub service: String,
    /// Category, when it differs from the group's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<SubprocessorCategory>,
    /// Safeguards as printed, each with the facts it states.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub safeguards: Vec<Safeguard>,
    /// Values for the list's free columns, by column key
    /// (`extra = { strategie = "…" }` fills `{ key = "strategie", … }`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
    /// The date the engagement takes effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
    /// The date customers were told of the engagement (Art. 28(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified: Option<Date>,
    /// The sub-processor it replaces (id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Id>,
    /// Reasoned exceptions to validation rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

/// Where a sub-processor processes data, as a document names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place<'a> {
    /// The location as written (`processing.location`), which may hold markup.
    Written(&'a str),
    /// The countries and regions of processing, else the seat, as words.
    Named(String),
}

impl Subprocessor {
    /// The name used in change texts: `short`, else `name`.
    pub fn display_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }

    /// Where it processes data: the location as written; else its
    /// countries (by their German names, or as their codes with `codes`)
    /// and regions of processing; else its seat.
    pub fn place(&self, codes: bool) -> Place<'_> {
        let country = |c: &Country| c.printed(codes);
        if let Some(p) = &self.processing {
            if let Some(location) = p.location.as_deref().filter(|l| !l.trim().is_empty()) {
                return Place::Written(location);
            }
            let places: Vec<String> =
                p.countries.iter().map(country).chain(p.regions.iter().map(|r| r.label_de().to_owned())).collect();
            if !places.is_empty() {
                return Place::Named(places.join(", "));
            }
        }
        Place::Named(country(&self.country))
    }

    /// The transfer mechanisms its safeguards state.
    pub fn transfers(&self) -> impl Iterator<Item = &Transfer> {
        self.safeguards.iter().filter_map(|s| s.transfer.as_ref())
    }
}

/// Where a sub-processor processes data.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Processing {
    /// The location as printed ("27356 Rotenburg (Wümme)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Countries where data is processed (ISO 3166-1 alpha-2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<Country>,
    /// Regions where data is processed: `EU`, `EEA`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Region>,
}

/// A region of processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Region {
    /// The European Union.
    #[serde(rename = "EU")]
    Eu,
    /// The European Economic Area.
    #[serde(rename = "EEA")]
    Eea,
}

impl Region {
    /// The region as the model writes it (`EU`, `EEA`).
    pub fn code(self) -> &'static str {
        match self {
            Region::Eu => "EU",
            Region::Eea => "EEA",
        }
    }

    /// The region as a German document names it.
    pub fn label_de(self) -> &'static str {
        match self {
            Region::Eu => "EU",
            Region::Eea => "EWR",
        }
    }

    /// The German name of the region the model writes `code`.
    pub fn label_of(code: &str) -> Option<&'static str> {
        [Region::Eu, Region::Eea].into_iter().find(|r| r.code() == code).map(Region::label_de)
    }
}

/// A safeguard as printed, with the facts it states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Safeguard {
    /// The text as printed ("ISO 27001 zertifiziert").
    pub label: String,
    /// A data processing agreement (AVV) is signed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dpa: bool,
    /// Certifications stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<CertificationCode>,
    /// Attestations stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attestations: Vec<AttestationCode>,
    /// Codes of conduct stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes_of_conduct: Vec<CodeOfConductCode>,
    /// A transfer mechanism stated (Chapter V GDPR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<Transfer>,
}

/// A Chapter V transfer mechanism.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The mechanism.
    pub mechanism: TransferMechanism,
    /// For `adequacy`: the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<AdequacyDecision>,
    /// For `scc`: the instrument ("2021/914").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    /// For `scc`: the module (1–4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<u8>,
    /// For `derogation`: the point of Art. 49(1) ("a" … "g").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
}
