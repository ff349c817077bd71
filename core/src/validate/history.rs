//! Version rows in increasing order, with dates.

use std::cmp::Ordering;

use crate::diagnostic::Diagnostic;
use crate::load::Folder;
use crate::version::compare;

/// Runs the history rules.
pub fn check(folder: &Folder, out: &mut Vec<Diagnostic>) {
    let Some(agreement) = &folder.agreement else { return };
    let file = agreement.path.as_path();
    let Some(history) = &agreement.value.history else { return };
    let rows = &history.row;
    for (i, row) in rows.iter().enumerate() {
        if row.date.is_none() {
            out.push(
                Diagnostic::at(
                    "history-row-date-missing",
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
                    "version-order",
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
                    "history-date-order",
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
                "version-order",
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
