//! A merge that changes the text of a version one of its sides released:
//! two pull requests that both made "1.10", merged one after the other, or
//! a draft of 1.10 merged into its release. Each side passed the checks on
//! its own and git merges them cleanly, but the result is another text
//! under a number customers already know: refused, as any change of a
//! released version without a new one is.

use crate::diagnostic::{Code, Diagnostic};
use crate::diff::diff;
use crate::history::Oid;
use crate::load::Folder;

/// The finding for an agreement merged as `later` from `sides` (each
/// parent with the agreement as it has it), when a parent released the
/// version the merge keeps and the merge prints another document under it.
pub fn same_version_findings(sides: &[(Oid, Option<Folder>)], later: &Folder) -> Vec<Diagnostic> {
    let Some(agreement) = later.agreement.as_ref() else { return Vec::new() };
    if sides.len() < 2 {
        return Vec::new();
    }
    let version = &agreement.value.meta.version;
    let released: Vec<(Oid, Folder)> = sides
        .iter()
        .filter_map(|(parent, side)| Some((*parent, side.as_ref()?)))
        .filter(|(_, side)| {
            side.agreement
                .as_ref()
                .is_some_and(|a| a.value.meta.version == *version && a.value.meta.status.is_released())
        })
        .map(|(parent, side)| (parent, side.without_customers()))
        .collect();
    let staged = later.without_customers();
    let Some((first, _)) = released.iter().find(|(_, side)| diff(Some(side), &staged).changes_document()) else {
        return Vec::new();
    };
    let short = |commit: &Oid| commit.to_string()[..12].to_owned();
    let message = match released.as_slice() {
        [(one, a), (two, b), ..] if diff(Some(a), b).changes_document() => {
            format!(
                "version {version} was released on both sides of this merge with different texts ({} and {}): the merge would make a third text under the same number",
                short(one),
                short(two)
            )
        }
        _ => format!(
            "version {version} was released at {} (a side of this merge), and the merge changes its text under the same number",
            short(first)
        ),
    };
    vec![
        Diagnostic::at(Code::VersionNotBumped, &agreement.path, "/meta/version", message).with_help(format!(
            "give the merged agreement a version after {version} (in the merge, or on the branch before merging it), with the changes of both sides in its row"
        )),
    ]
}
