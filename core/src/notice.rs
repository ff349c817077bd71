//! Sub-processor notices (GDPR Art. 28(2)): what customers must be told when
//! sub-processors are added, replaced or removed, by when they may object,
//! and which customer instances are affected.

use serde::Serialize;

use crate::diff::{ChangeSet, EntityKind, Op};
use crate::load::Folder;
use crate::model::codes::{DateStyle, PartyRole};
use crate::model::numbering::german_date;
use crate::model::primitives::Date;
use crate::model::subprocessor::Subprocessor;
use crate::render::inline::{Flavor, escape};
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
    /// The date the change takes effect.
    pub effective: Option<Date>,
    /// For a replacement: the name of the sub-processor it replaces.
    pub replaces: Option<String>,
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
    /// The version before the change.
    pub from: Option<String>,
    /// The version with the change.
    pub to: String,
    /// Where the list is printed ("Punkt 6.5 AVV").
    pub place: String,
    /// The date of the notice.
    pub date: Date,
    /// The objection period, in German after "innerhalb von" ("2 Wochen", "14 Tagen").
    pub objection_period: Option<String>,
    /// The last day to object (none when nothing is added or replaced).
    pub objection_deadline: Option<Date>,
    /// Sub-processors added.
    pub added: Vec<NoticeEntry>,
    /// Sub-processors replacing others.
    pub replaced: Vec<NoticeEntry>,
    /// Sub-processors removed.
    pub removed: Vec<NoticeEntry>,
    /// Instances signed on an earlier version.
    pub affected: Vec<AffectedCustomer>,
}

impl Notice {
    /// Whether there is anything to notify.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.replaced.is_empty() && self.removed.is_empty()
    }
}

fn entry(sub: &Subprocessor, effective: Option<Date>) -> NoticeEntry {
    NoticeEntry {
        id: sub.id.to_string(),
        name: sub.name.clone(),
        address: sub.address.clone().unwrap_or_default(),
        location: sub
            .processing
            .as_ref()
            .and_then(|p| p.location.clone())
            .or_else(|| {
                sub.processing.as_ref().map(|p| {
                    let mut places: Vec<String> = p.countries.iter().map(ToString::to_string).collect();
                    places.extend(p.regions.iter().map(|r| format!("{r:?}").to_uppercase()));
                    places.join(", ")
                })
            })
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| sub.country.to_string()),
        service: sub.service.clone(),
        safeguards: sub.safeguards.iter().map(|s| s.label.as_str()).collect::<Vec<_>>().join(", "),
        effective,
        replaces: None,
    }
}

/// Builds the notice for the sub-processor changes in `changes` (from
/// `old` to `new`), dated `date`.
pub fn notice(old: Option<&Folder>, new: &Folder, changes: &ChangeSet, date: Date) -> Notice {
    let agreement = new.agreement.as_ref().map(|a| &a.value);
    let period = agreement.and_then(|a| a.subprocessing.as_ref()).and_then(|s| s.objection_period.clone());
    let deadline = period.as_ref().map(|p| p.add_to(date));
    let earliest = deadline.map(|d| Date::from_days(d.to_days() + 1));
    let find = |folder: Option<&Folder>, id: &str| -> Option<Subprocessor> {
        folder?.subprocessors.as_ref()?.value.subprocessor.iter().find(|s| s.id.as_str() == id).cloned()
    };
    let mut added = Vec::new();
    let mut replaced = Vec::new();
    let mut removed = Vec::new();
    for change in changes.changes.iter().filter(|c| c.entity == EntityKind::Subprocessor) {
        match change.op {
            Op::Added => {
                let Some(sub) = find(Some(new), &change.id) else { continue };
                let mut e = entry(&sub, sub.since.or(earliest));
                match change.facts.iter().find(|f| f.fact == "replaces") {
                    Some(fact) => {
                        e.replaces = find(old, &fact.old).map(|s| s.name).or_else(|| Some(fact.old.clone()));
                        replaced.push(e);
                    }
                    None => added.push(e),
                }
            }
            Op::Removed => {
                if let Some(sub) = find(old, &change.id) {
                    removed.push(entry(&sub, None));
                }
            }
            _ => {}
        }
    }
    let to = changes.to.clone();
    let affected = new
        .customers
        .iter()
        .filter(|c| compare(&c.value.instance.version, &to).is_lt())
        .map(|c| AffectedCustomer {
            id: c.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
            customer_number: c.value.instance.customer_number.clone(),
            version: c.value.instance.version.clone(),
        })
        .collect();
    let entities = crate::diff::entities(new);
    let (doc, reference) = entities.list_place;
    Notice {
        agreement: new.id.clone(),
        title: agreement.map(|a| a.meta.title.clone()).unwrap_or_default(),
        processor: agreement
            .and_then(|a| a.party.iter().find(|p| p.role == PartyRole::Processor))
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        from: changes.from.clone(),
        to,
        place: if reference.is_empty() { doc } else { format!("Punkt {reference} {doc}") },
        date,
        objection_period: period.map(|p| p.to_german_dative()),
        // Only additions and replacements can be objected to.
        objection_deadline: deadline.filter(|_| !added.is_empty() || !replaced.is_empty()),
        added,
        replaced,
        removed,
        affected,
    }
}

/// The notice as a German letter in Markdown.
pub fn markdown(notice: &Notice) -> String {
    let md = |s: &str| escape(s, Flavor::Markdown);
    let date = |d: Date| german_date(d, DateStyle::Numeric);
    let mut out = String::from("# Mitteilung über Änderungen bei Unterauftragnehmern\n\n");
    out.push_str(&format!(
        "{} informiert Sie gemäß Art. 28 Abs. 2 DS-GVO über folgende beabsichtigte Änderungen der Unterauftragnehmer nach {} des Vertrags „{}“ (Version {}).\n\n",
        md(&notice.processor),
        md(&notice.place),
        md(&notice.title),
        md(&notice.to)
    ));
    out.push_str(&format!("Datum der Mitteilung: {}\n\n", date(notice.date)));
    if notice.is_empty() {
        out.push_str("Es gibt keine Änderungen bei den Unterauftragnehmern.\n");
        return out;
    }
    let table = |title: &str, entries: &[NoticeEntry], with_effective: bool, out: &mut String| {
        if entries.is_empty() {
            return;
        }
        out.push_str(&format!("## {title}\n\n"));
        out.push_str("| Unterauftragnehmer | Anschrift | Verarbeitungsort | Leistung | Datenschutzmaßnahmen |");
        out.push_str(if with_effective {
            " Wirksam ab |\n|---|---|---|---|---|---|\n"
        } else {
            "\n|---|---|---|---|---|\n"
        });
        for e in entries {
            let name = match &e.replaces {
                Some(old) => format!("{} (ersetzt {old})", e.name),
                None => e.name.clone(),
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |",
                md(&name),
                md(&e.address),
                md(&e.location),
                md(&e.service),
                md(&e.safeguards)
            ));
            if with_effective {
                out.push_str(&format!(" {} |", e.effective.map(date).unwrap_or_default()));
            }
            out.push('\n');
        }
        out.push('\n');
    };
    table("Neue Unterauftragnehmer", &notice.added, true, &mut out);
    table("Ersetzte Unterauftragnehmer", &notice.replaced, true, &mut out);
    table("Entfallende Unterauftragnehmer", &notice.removed, false, &mut out);
    // Customers object to sub-processors joining, not to one leaving.
    let objectionable = !notice.added.is_empty() || !notice.replaced.is_empty();
    match (&notice.objection_period, notice.objection_deadline) {
        _ if !objectionable => {}
        (Some(period), Some(deadline)) => out.push_str(&format!(
            "Sie können gegen die Hinzuziehung oder Ersetzung innerhalb von {period} nach dieser Mitteilung Einspruch erheben, also bis einschließlich {}.\n\n",
            date(deadline)
        )),
        _ => out.push_str("Der Vertrag nennt keine Frist für einen Einspruch.\n\n"),
    }
    if !notice.affected.is_empty() {
        out.push_str("## Betroffene Kunden\n\n");
        for customer in &notice.affected {
            let number = customer.customer_number.as_deref().map(|n| format!(" (Kd-Nr. {n})")).unwrap_or_default();
            out.push_str(&format!(
                "- {}{} – unterzeichnet auf Version {}\n",
                md(&customer.id),
                md(&number),
                md(&customer.version)
            ));
        }
        out.push('\n');
    }
    out
}

/// The notice as JSON (`{ "version": 1, "notice": … }`).
pub fn json(notice: &Notice) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "version": 1, "notice": notice })).unwrap_or_default() + "\n"
}
