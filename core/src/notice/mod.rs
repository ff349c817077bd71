//! Sub-processor notices (GDPR Art. 28(2)): what customers must be told when
//! sub-processors are added, replaced or removed, by when they may object,
//! and which customer instances are affected.

pub mod letter;
mod sides;
mod starts;

use serde::Serialize;
pub use sides::{NoticeError, Sides, read_sides};
pub use starts::{LaterStart, by_start, split_within};

use crate::diff::phrase::{fact_value_de, mechanism_label};
use crate::diff::{ChangeSet, EntityKind, Op, Scope};
use crate::load::Folder;
use crate::model::agreement::SubprocessingTerms;
use crate::model::codes::{Authorisation, DateStyle, InstanceStatus, PartyRole};
use crate::model::numbering::german_date;
use crate::model::primitives::Date;
use crate::model::subprocessor::{Place, Subprocessor};
use crate::render::document::instance_id;
use crate::validate::customer::SignedVersions;

use crate::version::compare;

/// One sub-processor in a notice.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeEntry {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its address.
    pub address: String,
    /// Where it processes data.
    pub location: String,
    /// The service it provides.
    pub service: String,
    /// Its safeguards as printed.
    pub safeguards: String,
    /// The legal basis of a transfer to a third country, in German
    /// ("Angemessenheitsbeschluss (Schweiz)"); empty inside the EEA.
    pub transfer: String,
    /// The date the change takes effect.
    pub effective: Option<Date>,
    /// For a replacement: the name of the sub-processor it replaces.
    pub replaces: Option<String>,
    /// For an update: what changed, in German.
    pub changes: Vec<String>,
    /// For an update: the facts that changed (`name`, `address`,
    /// `safeguards`, …), in the order of `changes`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
}

/// A sub-processor that would take effect before customers could object.
#[derive(Debug, Clone, Serialize)]
pub struct EffectiveConflict {
    /// The sub-processor's name.
    pub name: String,
    /// The day it takes effect: its `since`, or the version's `effective`.
    pub since: Date,
    /// Whether that day is the version's `effective` (`[[changelog]]` in
    /// `agreement.toml`) rather than the sub-processor's own `since`.
    pub from_changelog: bool,
    /// The last day to object after this notice.
    pub deadline: Date,
    /// The earliest date it may take effect: the day after the deadline.
    pub earliest: Date,
}

/// A customer instance the notice must reach.
#[derive(Debug, Clone, Serialize)]
pub struct AffectedCustomer {
    /// The instance id (file name).
    pub id: String,
    /// The customer number.
    pub customer_number: Option<String>,
    /// The version it signed.
    pub version: String,
    /// The authorisation it gave (`None`: its instance has not chosen).
    pub authorisation: Option<Authorisation>,
    /// Its last day to object (none under a specific authorisation, or
    /// when nothing can be objected to).
    pub objection_deadline: Option<Date>,
    /// Whether the text of the version it signed is not in the repository
    /// (a version of the imported table), so that its terms (authorisation,
    /// objection period) are the new version's: to be checked against the
    /// signed document before its letter is sent.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub terms_assumed: bool,
}

/// An offer of an earlier version that a customer has not signed yet.
#[derive(Debug, Clone, Serialize)]
pub struct Offer {
    /// The instance id (file name).
    pub id: String,
    /// The customer number.
    pub customer_number: Option<String>,
    /// The version offered.
    pub version: String,
    /// `draft` or `sent`.
    pub status: InstanceStatus,
}

/// Terms customers agreed to, and the customers who agreed to them. One
/// group, unless each customer chooses its terms (`[subprocessing] choice`).
#[derive(Debug, Clone, Serialize)]
pub struct NoticeTerms {
    /// `general` (they may object) or `specific` (they must approve);
    /// `None` for customers whose instance has not chosen.
    pub authorisation: Option<Authorisation>,
    /// The objection period, in German after "innerhalb von".
    pub objection_period: Option<String>,
    /// The last day to object.
    pub objection_deadline: Option<Date>,
    /// The affected customers with these terms (ids).
    pub customers: Vec<String>,
}

/// A notice of sub-processor changes.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// The agreement id.
    pub agreement: String,
    /// Its title.
    pub title: String,
    /// The processor's name.
    pub processor: String,
    /// The processor's address lines, as the agreement prints them (lines
    /// with a blank to fill are left out): the letter's letterhead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub processor_lines: Vec<String>,
    /// The version before the change.
    pub from: Option<String>,
    /// The version with the change.
    pub to: String,
    /// Where the list is printed ("Punkt 6.5 AVV", "Anhang 2"); empty
    /// where it is part of the agreement without a place of its own.
    pub place: String,
    /// The date of the notice.
    pub date: Date,
    /// How customers authorised sub-processors: `general` (they may
    /// object) or `specific` (they must approve each one).
    pub authorisation: Option<Authorisation>,
    /// The objection period, in German after "innerhalb von" ("2 Wochen", "14 Tagen").
    pub objection_period: Option<String>,
    /// The last day to object (none when nothing is added or replaced).
    pub objection_deadline: Option<Date>,
    /// The day the version's changes take effect, as its `[[changelog]]`
    /// entry says (`effective`); a sub-processor's own `since` comes first.
    pub effective: Option<Date>,
    /// Sub-processors added.
    pub added: Vec<NoticeEntry>,
    /// Sub-processors replacing others.
    pub replaced: Vec<NoticeEntry>,
    /// Sub-processors whose transfer basis, safeguards or places of
    /// processing changed ("Aktualisierung der Datenschutzmaßnahmen").
    pub updated: Vec<NoticeEntry>,
    /// Sub-processors removed.
    pub removed: Vec<NoticeEntry>,
    /// Sub-processors that would take effect before the objection period
    /// ends: the notice must not go out like this.
    pub conflicts: Vec<EffectiveConflict>,
    /// Instances signed on an earlier version.
    pub affected: Vec<AffectedCustomer>,
    /// Offers of an earlier version not signed yet (`draft`, `sent`): no
    /// notice is theirs, but signed as they are they would authorise the
    /// earlier list; they are to be sent the new version.
    pub offers: Vec<Offer>,
    /// The terms customers agreed to, grouped: by when (or whether) they
    /// may object.
    pub terms: Vec<NoticeTerms>,
}

impl Notice {
    /// Whether there is anything to notify.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.replaced.is_empty() && self.updated.is_empty() && self.removed.is_empty()
    }

    /// Whether customers may object to (or must approve) something in it.
    fn objectionable(&self) -> bool {
        !self.added.is_empty()
            || !self.replaced.is_empty()
            || self.updated.iter().any(|e| !e.changes.is_empty() && e.effective.is_some())
    }
}

fn entry(sub: &Subprocessor, effective: Option<Date>) -> NoticeEntry {
    NoticeEntry {
        id: sub.id.to_string(),
        name: sub.name.clone(),
        address: sub.address.clone().unwrap_or_default(),
        location: match sub.place(false) {
            Place::Written(location) => location.to_owned(),
            Place::Named(places) => places,
        },
        service: sub.service.clone(),
        safeguards: sub.safeguards.iter().map(|s| s.label.as_str()).collect::<Vec<_>>().join(", "),
        transfer: {
            let codes: Vec<String> = sub.transfers().map(crate::diff::entities::transfer_code).collect();
            if codes.is_empty() { String::new() } else { mechanism_label(&codes.join(",")) }
        },
        effective,
        replaces: None,
        changes: Vec::new(),
        facts: Vec::new(),
    }
}

/// The facts of a listed sub-processor customers are not told of: the
/// short name only change texts use, and the dates and links the list keeps
/// for its own records. Every other fact is printed in the list, and a
/// change to it (another company name, another service, another place) is
/// a change of the sub-processor the customer agreed to.
const UNTOLD_FACTS: [&str; 4] = ["short", "since", "notified", "replaces"];

/// The facts that are the sub-processor's data-protection measures.
const MEASURE_FACTS: [&str; 2] = ["transfer", "safeguards"];

/// Builds the notice for the sub-processor changes in `changes` (from
/// `old` to `new`), dated `date`; each customer's terms are the working
/// tree's (see [`notice_with`]).
pub fn notice(old: Option<&Folder>, new: &Folder, changes: &ChangeSet, date: Date) -> Notice {
    notice_with(old, new, changes, date, &SignedVersions::default())
}

/// [`notice`], each customer held to the terms of the version it signed
/// where `signed` has that version's agreement: a customer who signed 30
/// days to object keeps them when a later version gives new customers 14.
///
/// The customers a notice reaches are those whose contract is in force
/// (`status = "signed"`) on an earlier version: not a contract that ended,
/// nor an offer not signed (it is sent the new version instead).
pub fn notice_with(
    old: Option<&Folder>,
    new: &Folder,
    changes: &ChangeSet,
    date: Date,
    signed: &SignedVersions,
) -> Notice {
    let agreement = new.agreement.as_ref().map(|a| &a.value);
    let subprocessing = agreement.and_then(|a| a.subprocessing.as_ref());
    let to = changes.to.clone();
    // Each affected customer's terms: its version's, or the option its
    // instance chose.
    let affected: Vec<(AffectedCustomer, Option<SubprocessingTerms>)> = new
        .customers
        .iter()
        .filter(|c| c.value.instance.status == InstanceStatus::Signed)
        .filter(|c| compare(&c.value.instance.version, &to).is_lt())
        .map(|c| {
            let then = signed.get(&c.value.instance.version);
            let subprocessing = match then {
                Some(then) => then.value.subprocessing.as_ref(),
                None => subprocessing,
            };
            let terms = subprocessing.map(|s| {
                let chosen = s.choice.as_ref().and_then(|id| c.value.choices.get(id.as_str())).map(|c| c.ids());
                s.terms(chosen.as_deref())
            });
            let customer = AffectedCustomer {
                id: instance_id(&c.path),
                customer_number: c.value.instance.customer_number.clone(),
                version: c.value.instance.version.clone(),
                authorisation: terms.as_ref().and_then(|t| t.authorisation),
                objection_deadline: None,
                terms_assumed: then.is_none() && signed.walked(),
            };
            (customer, terms)
        })
        .collect();
    let offers: Vec<Offer> = new
        .customers
        .iter()
        .filter(|c| matches!(c.value.instance.status, InstanceStatus::Draft | InstanceStatus::Sent))
        .filter(|c| compare(&c.value.instance.version, &to).is_lt())
        .map(|c| Offer {
            id: instance_id(&c.path),
            customer_number: c.value.instance.customer_number.clone(),
            version: c.value.instance.version.clone(),
            status: c.value.instance.status,
        })
        .collect();
    let mut groups: Vec<(Option<SubprocessingTerms>, Vec<String>)> = Vec::new();
    for (customer, terms) in &affected {
        match groups.iter_mut().find(|(known, _)| known == terms) {
            Some((_, ids)) => ids.push(customer.id.clone()),
            None => groups.push((terms.clone(), vec![customer.id.clone()])),
        }
    }
    if groups.is_empty() {
        // No instance to notify: the terms a customer can have.
        groups = match subprocessing {
            Some(s) => s.possible_terms().into_iter().map(|t| (Some(t), Vec::new())).collect(),
            None => vec![(None, Vec::new())],
        };
    }
    // Only a general authorisation gives a period to object in.
    let deadline_of = |terms: &Option<SubprocessingTerms>| {
        let terms = terms.as_ref()?;
        (terms.authorisation == Some(Authorisation::General))
            .then(|| terms.objection_period.as_ref().map(|p| p.add_to(date)))
            .flatten()
    };
    // New sub-processors take effect after the last customer's period.
    let deadline = groups.iter().filter_map(|(terms, _)| deadline_of(terms)).max();
    let earliest = deadline.map(|d| Date::from_days(d.to_days() + 1));
    // The day the version's changes take effect, where its changelog says.
    let planned = agreement.and_then(|a| a.changelog_of(&to)).and_then(|c| c.effective);
    let find = |folder: Option<&Folder>, id: &str| -> Option<Subprocessor> {
        folder?.subprocessors.as_ref()?.value.subprocessor.iter().find(|s| s.id.as_str() == id).cloned()
    };
    let mut added = Vec::new();
    let mut replaced = Vec::new();
    let mut updated = Vec::new();
    let mut removed = Vec::new();
    for change in changes.changes.iter().filter(|c| c.entity == EntityKind::Subprocessor && c.scope == Scope::Document)
    {
        match change.op {
            Op::Added => {
                let Some(sub) = find(Some(new), &change.id) else { continue };
                let mut e = entry(&sub, sub.since.or(planned).or(earliest));
                match change.facts.iter().find(|f| f.fact == "replaces") {
                    Some(fact) => {
                        e.replaces = find(old, &fact.old).map(|s| s.name).or_else(|| Some(fact.old.clone()));
                        replaced.push(e);
                    }
                    None => added.push(e),
                }
            }
            Op::Changed => {
                let Some(sub) = find(Some(new), &change.id) else { continue };
                let before = find(old, &change.id);
                // Safeguards as printed, apart from those that state the
                // transfer basis, which has a line of its own.
                let printed = |s: Option<&Subprocessor>, with_transfer: bool| -> String {
                    s.map(|s| {
                        s.safeguards
                            .iter()
                            .filter(|g| with_transfer || g.transfer.is_none())
                            .map(|g| g.label.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default()
                };
                let transfer_changed = change.facts.iter().any(|f| f.fact == "transfer");
                let told: Vec<(String, String)> = change
                    .facts
                    .iter()
                    .filter(|f| !UNTOLD_FACTS.contains(&f.fact.as_str()))
                    .filter_map(|f| {
                        let (old, new) = match f.fact.as_str() {
                            // Before a first basis there was none, not one that lapsed.
                            "transfer" if f.old.is_empty() => ("keine".to_owned(), mechanism_label(&f.new)),
                            "transfer" => (mechanism_label(&f.old), mechanism_label(&f.new)),
                            "safeguards" => {
                                let with = !transfer_changed;
                                (printed(before.as_ref(), with), printed(Some(&sub), with))
                            }
                            // Countries and regions by their German names, as the
                            // change texts say them („Irland“, not „IE“).
                            _ => (fact_value_de(&f.fact, &f.old), fact_value_de(&f.fact, &f.new)),
                        };
                        let old = if old.is_empty() { "keine Angabe".to_owned() } else { old };
                        let new = if new.is_empty() { "keine Angabe".to_owned() } else { new };
                        (old != new).then(|| (f.fact.clone(), format!("{}: {new} (bisher: {old})", f.label)))
                    })
                    .collect();
                if told.is_empty() {
                    continue;
                }
                // A new third country of processing can be objected to, like a new sub-processor.
                let objectionable = change.flags.contains(&crate::diff::Flag::Art28Notice)
                    || change.flags.contains(&crate::diff::Flag::Art28Consent);
                let mut e = entry(&sub, if objectionable { sub.since.or(planned).or(earliest) } else { None });
                (e.facts, e.changes) = told.into_iter().unzip();
                updated.push(e);
            }
            Op::Removed => {
                if let Some(sub) = find(old, &change.id) {
                    removed.push(entry(&sub, None));
                }
            }
            _ => {}
        }
    }
    let authorisation = subprocessing.map(|s| s.authorisation);
    let all_specific = groups
        .iter()
        .all(|(terms, _)| terms.as_ref().is_some_and(|t| t.authorisation == Some(Authorisation::Specific)));
    // Under a general authorisation a sub-processor may take effect only
    // after the objection period: the day after its last day at the earliest.
    let conflicts: Vec<EffectiveConflict> = match deadline {
        Some(deadline) if !all_specific => added
            .iter()
            .chain(&replaced)
            .chain(&updated)
            .filter_map(|e| {
                let own = find(Some(new), &e.id)?.since;
                let since = own.or(planned)?;
                (since <= deadline).then(|| EffectiveConflict {
                    name: e.name.clone(),
                    since,
                    from_changelog: own.is_none(),
                    deadline,
                    earliest: Date::from_days(deadline.to_days() + 1),
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    // Where the list is printed is the agreement's business, not its
    // customers': flattening ten thousand instances for it would dominate.
    let entities = crate::diff::entities(&new.without_customers());
    let processor = agreement.and_then(|a| a.party.iter().find(|p| p.role == PartyRole::Processor));
    let (doc, reference) = entities.list_place;
    let mut notice = Notice {
        agreement: new.id.clone(),
        title: agreement.map(|a| a.meta.title.clone()).unwrap_or_default(),
        processor: processor.map(|p| p.name.clone()).unwrap_or_default(),
        processor_lines: processor
            .map(|p| p.lines.iter().filter(|line| !line.contains("{{")).cloned().collect())
            .unwrap_or_default(),
        from: changes.from.clone(),
        to,
        place: match reference.is_empty() {
            true if doc == entities.doc => String::new(),
            true => doc,
            false => format!("Punkt {reference} {doc}"),
        },
        date,
        authorisation,
        objection_period: match groups.as_slice() {
            [(Some(terms), _)] => terms.objection_period.as_ref().map(|p| p.to_german_dative()),
            _ => None,
        },
        objection_deadline: None,
        effective: planned,
        added,
        replaced,
        updated,
        removed,
        conflicts,
        affected: affected.into_iter().map(|(customer, _)| customer).collect(),
        offers,
        terms: groups
            .iter()
            .map(|(terms, customers)| NoticeTerms {
                authorisation: terms.as_ref().and_then(|t| t.authorisation),
                objection_period: terms
                    .as_ref()
                    .and_then(|t| t.objection_period.as_ref())
                    .map(|p| p.to_german_dative()),
                objection_deadline: None,
                customers: customers.clone(),
            })
            .collect(),
    };
    // Only what joins (or moves to a new place) can be objected to, and only
    // under a general authorisation.
    if notice.objectionable() {
        for (group, (terms, _)) in notice.terms.iter_mut().zip(&groups) {
            group.objection_deadline = deadline_of(terms);
        }
        for customer in &mut notice.affected {
            customer.objection_deadline =
                notice.terms.iter().find(|t| t.customers.contains(&customer.id)).and_then(|t| t.objection_deadline);
        }
        notice.objection_deadline = (!all_specific).then_some(deadline).flatten();
    }
    notice
}

/// The notice as a German letter in Markdown. Under a general
/// authorisation customers are told and may object; under a specific one
/// they are asked to approve (Art. 28(2) GDPR).
pub fn markdown(notice: &Notice) -> String {
    letter::letter(notice, None).markdown()
}

/// The customers a notice must reach, one line each, for the processor
/// (never for the letter, which every customer receives):
/// `kunde-203523 (Kd-Nr. 203523) – unterzeichnet auf Version 1.1`.
pub fn recipients(notice: &Notice) -> Vec<String> {
    notice
        .affected
        .iter()
        .map(|customer| {
            let applies = match (notice.terms.len() > 1, customer.authorisation, customer.objection_deadline) {
                (false, ..) => String::new(),
                (true, Some(Authorisation::Specific), _) => " – Genehmigung erforderlich".to_owned(),
                (true, _, Some(deadline)) => {
                    format!(" – Einspruch bis einschließlich {}", german_date(deadline, DateStyle::Numeric))
                }
                (true, None, _) => " – Genehmigung nicht gewählt".to_owned(),
                (true, ..) => String::new(),
            };
            format!(
                "{} – unterzeichnet auf Version {}{applies}",
                named(&customer.id, customer.customer_number.as_deref()),
                customer.version
            )
        })
        .collect()
}

/// An instance as the processor's lists name it: "kunde-4711 (Kd-Nr. 4711)".
fn named(id: &str, customer_number: Option<&str>) -> String {
    match customer_number {
        Some(number) => format!("{id} (Kd-Nr. {number})"),
        None => id.to_owned(),
    }
}

/// The offers of an earlier version not signed yet, one line each, for the
/// processor (who sends them the new version instead of the notice).
pub fn pending_offers(notice: &Notice) -> Vec<String> {
    notice
        .offers
        .iter()
        .map(|offer| {
            let who = named(&offer.id, offer.customer_number.as_deref());
            format!("{who} – Version {}, {}", offer.version, offer.status.label_de())
        })
        .collect()
}

/// The affected customers whose signed version's text the repository does
/// not have, one line each, for the processor: their letters state the new
/// version's terms, which may not be theirs.
pub fn assumed_terms(notice: &Notice) -> Vec<String> {
    notice
        .affected
        .iter()
        .filter(|c| c.terms_assumed)
        .map(|c| format!("{} – Version {}", named(&c.id, c.customer_number.as_deref()), c.version))
        .collect()
}

/// What customers with these terms may do about sub-processors joining.
/// `stated`: whether the agreement states its terms (`[subprocessing]`).
fn rights(stated: bool, authorisation: Option<Authorisation>, period: Option<&str>, deadline: Option<Date>) -> String {
    match (authorisation, period, deadline) {
        // Nothing agreed (the instance lacks the choice): nothing joins until it is clarified.
        (None | Some(Authorisation::Choice), ..) if stated => "Für Sie ist noch keine Art der Genehmigung vereinbart. Bis dies geklärt ist, setzen wir die genannten Unterauftragnehmer für Ihre Daten nicht ein.\n\n".to_owned(),
        (Some(Authorisation::Specific), ..) => "Die Hinzuziehung bedarf Ihrer vorherigen gesonderten Genehmigung (Art. 28 Abs. 2 Satz 1 DS-GVO). Bitte teilen Sie uns mit, ob Sie ihr zustimmen; bis dahin setzen wir die genannten Unterauftragnehmer für Ihre Daten nicht ein.\n\n".to_owned(),
        (_, Some(period), Some(deadline)) => format!(
            "Sie können gegen die Hinzuziehung oder Ersetzung innerhalb von {period} nach dieser Mitteilung Einspruch erheben, also bis einschließlich {}.\n\n",
            german_date(deadline, DateStyle::Numeric)
        ),
        _ => "Der Vertrag nennt keine Frist für einen Einspruch.\n\n".to_owned(),
    }
}

/// The notice as JSON (`{ "version": 2, "notice": …, "within": […] }`):
/// `notice` for the customers whose record starts before it, and under
/// `within` one notice for the customers who signed each version within
/// it, from that version to `end` (the range `avv notice` takes for it).
/// Format 1 listed those customers under the first notice's `affected`,
/// which announced changes their contracts already hold.
pub fn json(notice: &Notice, later: &[LaterStart], end: &str) -> String {
    let within: Vec<serde_json::Value> = later
        .iter()
        .map(|l| serde_json::json!({ "version": l.version, "range": format!("{}..{end}", l.version), "notice": l.notice }))
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "version": 2, "notice": notice, "within": within }))
        .unwrap_or_default()
        + "\n"
}
