//! Sub-processors and third-country transfers (GDPR Art. 28(2), Chapter V).

use std::collections::BTreeSet;

use super::ids::{IdIndex, IdKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::Folder;
use crate::model::codes::{AdequacyDecision, AgreementKind, ListLayout, TransferMechanism};
use crate::model::primitives::Country;
use crate::model::subprocessor::{Subprocessor, SubprocessorsFile};
use crate::model::tom::{Measure, Section};
use crate::pointer;
use crate::spelling::closest;

/// Member states of the European Economic Area (EU 27, Iceland, Liechtenstein, Norway).
pub const EEA: [&str; 30] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
    "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// Whether a country is in the EEA.
pub fn in_eea(country: &Country) -> bool {
    EEA.contains(&country.as_str())
}

/// The country an adequacy decision covers.
pub fn adequacy_country(decision: AdequacyDecision) -> &'static str {
    match decision {
        AdequacyDecision::EuUsDpf => "US",
        AdequacyDecision::Ad => "AD",
        AdequacyDecision::Ar => "AR",
        AdequacyDecision::Ca => "CA",
        AdequacyDecision::Ch => "CH",
        AdequacyDecision::Fo => "FO",
        AdequacyDecision::Gb => "GB",
        AdequacyDecision::Gg => "GG",
        AdequacyDecision::Il => "IL",
        AdequacyDecision::Im => "IM",
        AdequacyDecision::Je => "JE",
        AdequacyDecision::Jp => "JP",
        AdequacyDecision::Kr => "KR",
        AdequacyDecision::Nz => "NZ",
        AdequacyDecision::Uy => "UY",
    }
}

/// `codes = true` on a column that prints no country: the setting would do
/// nothing, where its writer meant codes somewhere.
fn country_codes(path: &std::path::Path, list: &SubprocessorsFile, out: &mut Vec<Diagnostic>) {
    use crate::model::codes::SubprocessorField;
    for (i, column) in list.list.columns.iter().enumerate() {
        if column.codes && !matches!(column.field, Some(SubprocessorField::Country | SubprocessorField::Location)) {
            out.push(
                Diagnostic::at(
                    Code::ColumnCodesUnused,
                    path,
                    format!("/list/columns/{i}/codes"),
                    format!("the column `{}` shows no country, so `codes = true` changes nothing", column.header),
                )
                .with_help("set `codes = true` on the `country` or `location` column, or remove it here"),
            );
        }
    }
}

/// The free columns of the list and the entries' `extra` values match: a
/// column's key is some entry's, every entry's value has its column.
fn free_columns(path: &std::path::Path, list: &SubprocessorsFile, out: &mut Vec<Diagnostic>) {
    let table = list.list.layout == ListLayout::Table;
    let columns: Vec<&str> =
        if table { list.list.columns.iter().filter_map(|c| c.key.as_deref()).collect() } else { Vec::new() };
    let filled: BTreeSet<&str> = list.subprocessor.iter().flat_map(|s| s.extra.keys().map(String::as_str)).collect();
    // An empty list fills no column yet; its columns wait for the first entry.
    if !list.subprocessor.is_empty() {
        for (i, column) in list.list.columns.iter().enumerate() {
            let Some(key) = column.key.as_deref().filter(|key| !filled.contains(key)) else { continue };
            let help = match closest(key, filled.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => {
                    format!("add `extra = {{ {} = \"…\" }}` to the sub-processors, or remove the column", toml_key(key))
                }
            };
            out.push(
                Diagnostic::at(
                    Code::FreeColumnUnmatched,
                    path,
                    format!("/list/columns/{i}/key"),
                    format!("the column `{}` shows `{key}`, which no sub-processor has under `extra`", column.header),
                )
                .with_help(help),
            );
        }
    }
    for (i, sub) in list.subprocessor.iter().enumerate() {
        for key in sub.extra.keys().filter(|key| !columns.contains(&key.as_str())) {
            let help = if !table {
                "the list is printed as a bullet list, which shows no free columns: set `layout = \"table\"` or remove the value".to_owned()
            } else {
                match closest(key, columns.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => {
                        format!("add `{{ key = \"{key}\", header = \"…\" }}` to `[list] columns`, or remove the value")
                    }
                }
            };
            out.push(
                Diagnostic::at(
                    Code::FreeColumnUnmatched,
                    path,
                    format!("/subprocessor/{i}/extra/{}", pointer::escape(key)),
                    format!("`{}` has a value for `{key}`, but no column of the list shows it", sub.name),
                )
                .with_help(help),
            );
        }
    }
}

/// `key` as a TOML key: bare where it can be, else quoted.
fn toml_key(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        key.to_owned()
    } else {
        format!("{key:?}")
    }
}

/// The third countries a sub-processor touches: its seat and processing countries outside the EEA.
pub fn third_countries(sub: &Subprocessor) -> Vec<&Country> {
    let mut out: Vec<&Country> = Vec::new();
    let processing = sub.processing.iter().flat_map(|p| p.countries.iter());
    for country in std::iter::once(&sub.country).chain(processing) {
        if !in_eea(country) && !out.contains(&country) {
            out.push(country);
        }
    }
    out
}

/// Runs the sub-processor and transfer rules.
pub fn check(folder: &Folder, index: &IdIndex<'_>, out: &mut Vec<Diagnostic>) {
    let agreement = folder.agreement.as_ref();
    let external = agreement.and_then(|a| a.value.subprocessing.as_ref()).and_then(|s| s.external_list.as_ref());
    if let Some(a) = agreement {
        if a.value.meta.kind != AgreementKind::Annex && !folder.present[2] && external.is_none() {
            out.push(
                Diagnostic::at(Code::SubprocessorListMissing, &a.path, "/meta/kind", "the agreement has no sub-processor list")
                    .with_help("add subprocessors.toml (an empty list is fine when there are none), or `[subprocessing] external_list = { url = \"…\" }`"),
            );
        }
        if external.is_some() {
            out.push(
                Diagnostic::at(
                    Code::SubprocessorListExternal,
                    &a.path,
                    "/subprocessing/external_list",
                    "the sub-processor list is only published by URL",
                )
                .with_help("keep the list in subprocessors.toml so avv can diff changes and write Art. 28(2) notices"),
            );
        }
    }
    if let Some(list) = &folder.subprocessors {
        free_columns(&list.path, &list.value, out);
        country_codes(&list.path, &list.value, out);
    }
    let objection = agreement.and_then(|a| a.value.subprocessing.as_ref()).and_then(|s| s.objection_period.as_ref());
    if let Some(list) = &folder.subprocessors {
        for (i, sub) in list.value.subprocessor.iter().enumerate() {
            transfers(&list.path, i, sub, out);
            transfer_details(&list.path, i, sub, out);
            if let (Some(since), Some(notified), Some(period)) = (sub.since, sub.notified, objection) {
                // The last day to object; the sub-processor may take effect the day after.
                let deadline = period.add_to(notified);
                if since <= deadline {
                    let earliest = crate::model::Date::from_days(deadline.to_days() + 1);
                    out.push(
                        Diagnostic::at(
                            Code::SubprocessorEffectiveBeforeNotice,
                            &list.path,
                            format!("/subprocessor/{i}/since"),
                            format!("`{}` takes effect on {since}, but customers may object until {deadline} (objection period {period} after the notice of {notified})", sub.name),
                        )
                        .with_help(format!("set `since = {earliest}` or later, or notify customers earlier")),
                    );
                }
            }
        }
    }
    // A list that failed to parse would flag every provider it names.
    let list_known = folder.subprocessors.is_some() || !folder.present[2];
    if let Some(tom) = folder.tom.as_ref().filter(|_| list_known) {
        let names: Vec<String> = folder
            .subprocessors
            .iter()
            .flat_map(|l| l.value.subprocessor.iter())
            .map(|s| s.name.to_lowercase())
            .collect();
        let mut visit = |pointer: &str, measure: &Measure| {
            for (j, mention) in measure.mentions.iter().enumerate() {
                let lower = mention.to_lowercase();
                if !names.iter().any(|n| n.contains(&lower)) && !index.is(&lower, &[IdKind::Subprocessor]) {
                    out.push(
                        Diagnostic::at(Code::MentionedProviderNotListed, &tom.path, format!("{pointer}/mentions/{j}"), format!("the measure names `{mention}`, which is not in the sub-processor list"))
                            .with_help("add the provider to subprocessors.toml if it processes personal data for the customer (GDPR Art. 28(2), (4)); otherwise allow this with a reason"),
                    );
                }
            }
        };
        walk_measures(&tom.value.section, "", &mut visit);
    }
}

fn transfers(file: &std::path::Path, i: usize, sub: &Subprocessor, out: &mut Vec<Diagnostic>) {
    let third = third_countries(sub);
    if third.is_empty() {
        return;
    }
    let transfers: Vec<_> = sub.transfers().collect();
    if transfers.is_empty() {
        let countries: Vec<&str> = third.iter().map(|c| c.as_str()).collect();
        out.push(
            Diagnostic::at(
                Code::ThirdCountryMechanismMissing,
                file,
                format!("/subprocessor/{i}/country"),
                format!("`{}` is located in or processes data in {} (outside the EU/EEA), but no transfer mechanism is named", sub.name, countries.join(", ")),
            )
            .with_help("add a safeguard with `transfer = { mechanism = \"scc\" }`, `{ mechanism = \"adequacy\", decision = \"eu-us-dpf\" }` or another Chapter V mechanism"),
        );
        return;
    }
    for (j, safeguard) in sub.safeguards.iter().enumerate() {
        let Some(transfer) = &safeguard.transfer else { continue };
        if transfer.mechanism != TransferMechanism::Adequacy {
            continue;
        }
        let pointer = format!("/subprocessor/{i}/safeguards/{j}/transfer");
        match transfer.decision {
            None => out.push(
                Diagnostic::at(
                    Code::AdequacyDecisionMismatch,
                    file,
                    pointer,
                    "an adequacy transfer must name the decision",
                )
                .with_help(
                    "add `decision = \"eu-us-dpf\"` (or the country code of the decision, e.g. `ch`, `gb`, `jp`)",
                ),
            ),
            Some(decision) => {
                let covered = adequacy_country(decision);
                if !third.iter().any(|c| c.as_str() == covered) {
                    out.push(
                        Diagnostic::at(
                            Code::AdequacyDecisionMismatch,
                            file,
                            format!("{pointer}/decision"),
                            format!(
                                "the adequacy decision `{decision}` covers {covered}, but `{}` is in {}",
                                sub.name,
                                third.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
                            ),
                        )
                        .with_help("name the decision for the sub-processor's country, or another mechanism"),
                    );
                }
            }
        }
    }
}

/// The details of each transfer: an SCC module that exists (1 to 4), a
/// point of Art. 49(1) (`a` to `g`), and no detail of a mechanism the
/// transfer does not use (change texts and notices would print it).
fn transfer_details(file: &std::path::Path, i: usize, sub: &Subprocessor, out: &mut Vec<Diagnostic>) {
    for (j, safeguard) in sub.safeguards.iter().enumerate() {
        let Some(transfer) = &safeguard.transfer else { continue };
        let pointer = format!("/subprocessor/{i}/safeguards/{j}/transfer");
        let mechanism = transfer.mechanism;
        let mut finding = |key: &str, message: String, help: String| {
            out.push(
                Diagnostic::at(Code::TransferDetailInvalid, file, format!("{pointer}/{key}"), message).with_help(help),
            );
        };
        // A detail of another mechanism, with the mechanisms it belongs to.
        // An instrument may name the approval of BCRs, codes of conduct or
        // a supervisory authority's clauses; adequacy names its decision,
        // a derogation its point.
        use TransferMechanism::{Adequacy, Derogation, Scc};
        let foreign: [(&str, bool, bool, &str); 4] = [
            ("decision", transfer.decision.is_some(), mechanism == Adequacy, "`adequacy`"),
            (
                "instrument",
                transfer.instrument.is_some(),
                !matches!(mechanism, Adequacy | Derogation),
                "`scc` and the other safeguards of Art. 46",
            ),
            ("module", transfer.module.is_some(), mechanism == Scc, "`scc`"),
            ("point", transfer.point.is_some(), mechanism == Derogation, "`derogation`"),
        ];
        for (key, given, fits, owners) in foreign {
            if given && !fits {
                finding(
                    key,
                    format!("`{}`: `{mechanism}` transfers have no `{key}` (that belongs to {owners})", sub.name),
                    format!("remove `{key}`, or set the `mechanism` that is the transfer's basis"),
                );
            }
        }
        if let Some(module) = transfer.module
            && mechanism == TransferMechanism::Scc
            && !(1..=4).contains(&module)
        {
            finding(
                "module",
                format!("`{}`: the standard contractual clauses have no module {module}", sub.name),
                "write the module this transfer uses: 3 (processor to processor) for a processor's sub-processor, 2 (controller to processor), 1 (controller to controller) or 4 (processor to controller)".to_owned(),
            );
        }
        if let Some(point) = &transfer.point
            && mechanism == TransferMechanism::Derogation
            && !matches!(point.as_str(), "a" | "b" | "c" | "d" | "e" | "f" | "g")
        {
            let letter = point.trim().trim_start_matches("lit.").trim().trim_end_matches(')').to_lowercase();
            let help = if matches!(letter.as_str(), "a" | "b" | "c" | "d" | "e" | "f" | "g") {
                format!("write the letter alone: `point = \"{letter}\"`")
            } else {
                "write the letter of the point of Art. 49(1) GDPR the transfer relies on, `a` to `g` (e.g. `point = \"b\"`: necessary for the performance of a contract)".to_owned()
            };
            finding("point", format!("`{}`: Art. 49(1) GDPR has no point `{point}`", sub.name), help);
        }
    }
}

/// Calls `visit(pointer, measure)` for every measure, nested items included.
pub fn walk_measures(sections: &[Section], prefix: &str, visit: &mut impl FnMut(&str, &Measure)) {
    // One pointer buffer, grown and truncated: this visits every measure.
    fn push(pointer: &mut String, key: &str, index: usize) {
        use std::fmt::Write as _;
        // Writing into a String cannot fail.
        let _ = write!(pointer, "/{key}/{index}");
    }
    fn measures(list: &[Measure], pointer: &mut String, key: &str, visit: &mut impl FnMut(&str, &Measure)) {
        for (i, m) in list.iter().enumerate() {
            let len = pointer.len();
            push(pointer, key, i);
            visit(pointer, m);
            measures(&m.items, pointer, "items", visit);
            pointer.truncate(len);
        }
    }
    fn sections_in(sections: &[Section], pointer: &mut String, visit: &mut impl FnMut(&str, &Measure)) {
        for (i, section) in sections.iter().enumerate() {
            let len = pointer.len();
            push(pointer, "section", i);
            measures(&section.measure, pointer, "measure", visit);
            sections_in(&section.section, pointer, visit);
            pointer.truncate(len);
        }
    }
    sections_in(sections, &mut prefix.to_owned(), visit);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eea_membership() {
        assert!(in_eea(&Country("DE".into())));
        assert!(in_eea(&Country("NO".into())));
        assert!(!in_eea(&Country("US".into())));
        assert!(!in_eea(&Country("CH".into())));
        assert_eq!(EEA.len(), 30);
    }

    /// The transfer-detail findings of one sub-processor in `country` whose
    /// transfer is `transfer` (the inline table's keys).
    fn details_of(country: &str, transfer: &str) -> Vec<Diagnostic> {
        let text = format!(
            "schema_version = 1\n\n[list]\nid = \"l\"\ntitle = \"L\"\n\n[[subprocessor]]\nid = \"x\"\nname = \"X\"\ncountry = \"{country}\"\nservice = \"Y\"\nsafeguards = [{{ label = \"Z\", transfer = {{ {transfer} }} }}]\n"
        );
        let path = std::path::Path::new("subprocessors.toml");
        let (parsed, findings) =
            crate::load::parse::parse::<SubprocessorsFile>(crate::schema::FileKind::Subprocessors, path, &text);
        let (list, _) = parsed.unwrap_or_else(|| panic!("{text}: {findings:?}"));
        let mut found = Vec::new();
        transfer_details(path, 0, &list.subprocessor[0], &mut found);
        found
    }

    /// Each detail beside each mechanism: found exactly where it is
    /// another mechanism's, or a module or point that does not exist.
    #[test]
    fn transfer_details_belong_to_their_mechanism() {
        let details = [
            ("decision = \"ch\"", "decision"),
            ("instrument = \"2021/914\"", "instrument"),
            ("module = 3", "module"),
            ("point = \"b\"", "point"),
        ];
        let mechanisms = [
            "adequacy",
            "scc",
            "scc-sa",
            "bcr",
            "code-of-conduct",
            "certification",
            "ad-hoc-clauses",
            "admin-arrangement",
            "legal-instrument",
            "derogation",
        ];
        for mechanism in mechanisms {
            for (detail, key) in details {
                let found = details_of("CH", &format!("mechanism = \"{mechanism}\", {detail}"));
                let belongs = match key {
                    "decision" => mechanism == "adequacy",
                    "instrument" => !matches!(mechanism, "adequacy" | "derogation"),
                    "module" => mechanism == "scc",
                    _ => mechanism == "derogation",
                };
                assert_eq!(found.is_empty(), belongs, "{mechanism} with {detail}: {found:?}");
            }
        }
        for (detail, fine) in [("module = 4", true), ("module = 0", false), ("module = 5", false)] {
            let found = details_of("US", &format!("mechanism = \"scc\", {detail}"));
            assert_eq!(found.is_empty(), fine, "{detail}: {found:?}");
        }
        for (point, fine) in [("a", true), ("g", true), ("h", false), ("B", false), ("lit. b", false)] {
            let found = details_of("US", &format!("mechanism = \"derogation\", point = \"{point}\""));
            assert_eq!(found.is_empty(), fine, "{point}: {found:?}");
        }
    }
}
