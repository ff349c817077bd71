//! `customers/<customer>.toml`: one customer's instance of a template: the
//! values for its blanks, the chosen alternatives and the version signed.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::agreement::ParticularsItem;
use super::codes::InstanceStatus;
use super::primitives::{Date, Id};

/// The contents of a customer instance file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "avv customer instance")]
pub struct CustomerFile {
    /// Format version of this file; currently 1.
    pub schema_version: u32,
    /// Which agreement and version the customer signed.
    pub instance: Instance,
    /// Values for the template's placeholders, as nested tables by dotted key
    /// (`[values.kunde] firma = "…"` fills `{{ kunde.firma }}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, Value>,
    /// The chosen option per choice (`laufzeit = "unbefristet"`); a list where several may be chosen.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub choices: BTreeMap<String, Chosen>,
    /// Particulars supplied by the customer (for lists with `source = "instance"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub particulars: Option<InstanceParticulars>,
    /// The customer's contacts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact: Vec<CustomerContact>,
    /// Where letters to the customer go now, when that is no longer the
    /// address the contract was signed with (the customer moved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mailing: Option<Mailing>,
    /// Where and when the contract was signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing: Option<Signing>,
}

/// A placeholder value or a table of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Value {
    /// A text value.
    Text(String),
    /// A nested table of values.
    Table(BTreeMap<String, Value>),
}

/// A chosen option or several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Chosen {
    /// One option id.
    One(Id),
    /// Several option ids.
    Many(Vec<Id>),
}

impl Chosen {
    /// The chosen option ids.
    pub fn ids(&self) -> Vec<&Id> {
        match self {
            Chosen::One(id) => vec![id],
            Chosen::Many(ids) => ids.iter().collect(),
        }
    }
}

/// Which agreement and version the customer signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// The agreement's id (its folder name).
    pub agreement: Id,
    /// The agreement version the customer signed.
    pub version: String,
    /// The customer number ("Kd-Nr.").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_number: Option<String>,
    /// The date printed on the contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_date: Option<Date>,
    /// Status of the instance.
    pub status: InstanceStatus,
    /// Publish this customer's contract on the public site. Off by default:
    /// an instance holds the customer's name, address and customer number,
    /// and `avv build` writes it only to the private output unless this
    /// says the document really is public.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub publish: bool,
}

/// Particulars supplied by the customer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstanceParticulars {
    /// Purposes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<ParticularsItem>,
    /// Types of personal data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_categories: Vec<ParticularsItem>,
    /// Categories of data subjects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_subjects: Vec<ParticularsItem>,
}

/// A contact person of the customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerContact {
    /// Name.
    pub name: String,
    /// Function or role ("Geschäftsführer").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// May give instructions to the processor.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub authorised_to_instruct: bool,
}

/// The customer's postal address for letters (a notice of new
/// sub-processors), kept apart from the contract's values: a customer who
/// moves does not sign its contract again, and the record keeps the
/// address the contract was signed with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mailing {
    /// The address's lines as the envelope prints them: the customer's
    /// name, the street, the postcode and town (a contact goes on a line of
    /// its own from `[[contact]]`).
    pub address: Vec<String>,
    /// Since when letters go to this address: a letter dated before it
    /// (a move announced ahead) goes to the address signed. Without it,
    /// from now on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
}

/// Where and when the contract was signed: `place` and `date` for the
/// customer's (the controller's) signature, `[[signing.parties]]` for another
/// party's, such as the processor's countersignature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signing {
    /// Place of the customer's signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Date of the customer's signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Place and date of another party's signature.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<PartySigning>,
}

/// Where and when one party signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartySigning {
    /// The party (a `[[party]]` id of the agreement with a `[[signature]]`).
    pub party: Id,
    /// Place of its signature; the agreement's pre-filled place when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Date of its signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
}

impl CustomerFile {
    /// The supplied purposes, data categories and data subjects (empty when none).
    pub fn particulars_ref(&self) -> (&Vec<ParticularsItem>, &Vec<ParticularsItem>, &Vec<ParticularsItem>) {
        static EMPTY: Vec<ParticularsItem> = Vec::new();
        match &self.particulars {
            Some(p) => (&p.purposes, &p.data_categories, &p.data_subjects),
            None => (&EMPTY, &EMPTY, &EMPTY),
        }
    }

    /// The placeholder values flattened to dotted keys.
    pub fn flat_values(&self) -> BTreeMap<String, String> {
        fn walk(prefix: &str, map: &BTreeMap<String, Value>, out: &mut BTreeMap<String, String>) {
            for (key, value) in map {
                let full = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                match value {
                    Value::Text(text) => {
                        out.insert(full, text.clone());
                    }
                    Value::Table(table) => walk(&full, table, out),
                }
            }
        }
        let mut out = BTreeMap::new();
        walk("", &self.values, &mut out);
        out
    }
}
