//! Version rows in increasing order, with dates.

use std::cmp::Ordering;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::Folder;
use crate::version::compare;

/// Whether `version` is a version label: 1–32 letters, digits, `.`, `-`,
/// `_` and `+`, starting with a letter or digit ("1.8", "1.5a", "2024-03").
pub fn is_version_label(version: &str) -> bool {
    let mut chars = version.chars();
    chars.next().is_some_and(|c| c.is_alphanumeric())
        && version.chars().count() <= 32
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
}

/// Holds every version label of a folder to [`is_version_label`].
fn labels(folder: &Folder, out: &mut Vec<Diagnostic>) {
    let mut check = |file: &std::path::Path, pointer: String, version: &str| {
        if !is_version_label(version) {
            out.push(
                Diagnostic::at(Code::VersionFormat, file, pointer, format!("`{version}` is not a version label"))
                    .with_help(
                        "use letters, digits and . - _ + only, at most 32 characters (\"1.9\", \"1.5a\", \"2024-03\")",
                    ),
            );
        }
    };
    if let Some(agreement) = &folder.agreement {
        let a = &agreement.value;
        check(&agreement.path, "/meta/version".into(), &a.meta.version);
        for (i, row) in a.history.iter().flat_map(|h| h.row.iter()).enumerate() {
            check(&agreement.path, format!("/history/row/{i}/version"), &row.version);
        }
        for (i, entry) in a.changelog.iter().enumerate() {
            check(&agreement.path, format!("/changelog/{i}/version"), &entry.version);
        }
    }
    if let Some(tom) = &folder.tom {
        if let Some(version) = &tom.value.annex.version {
            check(&tom.path, "/annex/version".into(), version);
        }
        for (i, retired) in tom.value.retired.iter().enumerate() {
            check(&tom.path, format!("/retired/{i}/retired_in"), &retired.retired_in);
        }
        for (i, justification) in tom.value.justification.iter().enumerate() {
            check(&tom.path, format!("/justification/{i}/version"), &justification.version);
        }
    }
    if let Some(list) = &folder.subprocessors
        && let Some(version) = &list.value.list.version
    {
        check(&list.path, "/list/version".into(), version);
    }
    for customer in &folder.customers {
        check(&customer.path, "/instance/version".into(), &customer.value.instance.version);
    }
}

/// Runs the history rules.
pub fn check(folder: &Folder, out: &mut Vec<Diagnostic>) {
    labels(folder, out);
    let Some(agreement) = &folder.agreement else { return };
    let file = agreement.path.as_path();
    let Some(history) = &agreement.value.history else { return };
    let rows = &history.row;
    for (i, row) in rows.iter().enumerate() {
        if row.date.is_none() {
            out.push(
                Diagnostic::at(
                    Code::HistoryRowDateMissing,
                    file,
                    format!("/history/row/{i}"),
                    format!("version {} has no date", row.version),
                )
                .with_help(
                    "add `date = YYYY-MM-DD`, or allow this with a reason where the source table leaves the cell empty",
                ),
            );
        }
        if i == 0 {
            continue;
        }
        let previous = &rows[i - 1];
        if compare(&previous.version, &row.version) != Ordering::Less {
            out.push(
                Diagnostic::at(
                    Code::VersionOrder,
                    file,
                    format!("/history/row/{i}/version"),
                    format!("version {} follows version {}", row.version, previous.version),
                )
                .with_help("history rows go from the oldest to the newest version, each version once"),
            );
        }
        if let (Some(before), Some(now)) = (previous.date, row.date)
            && now < before
        {
            out.push(
                Diagnostic::at(
                    Code::HistoryDateOrder,
                    file,
                    format!("/history/row/{i}/date"),
                    format!("version {} is dated {now}, before version {} ({before})", row.version, previous.version),
                )
                .with_help("check the date"),
            );
        }
    }
    if let Some(last) = rows.last()
        && compare(&agreement.value.meta.version, &last.version) == Ordering::Less
    {
        out.push(
            Diagnostic::at(
                Code::VersionOrder,
                file,
                "/meta/version",
                format!(
                    "the current version {} is older than the last history row ({})",
                    agreement.value.meta.version, last.version
                ),
            )
            .with_help("set `meta.version` to the newest version"),
        );
    }
}
