//! A merge that changes the text of a version one of its sides released:
//! two pull requests that both made "1.10", merged one after the other, or
//! a draft of 1.10 merged into its release. Each side passed the checks on
//! its own and git merges them cleanly, but the result is another text
//! under a number customers already know: refused, as any change of a
//! released version without a new one is.

use crate::diagnostic::{Code, Diagnostic};
use crate::diff::diff;
use crate::history::{HistoryError, Oid, Repo};
use crate::load::Folder;

/// The finding for agreement `id`, merged as `later` from `parents`, when
/// a parent released the version the merge keeps and the merge prints
/// another document under it.
pub fn same_version_findings(
    repo: &Repo,
    parents: &[Oid],
    id: &str,
    later: &Folder,
) -> Result<Vec<Diagnostic>, HistoryError> {
    let Some(agreement) = later.agreement.as_ref() else { return Ok(Vec::new()) };
    if parents.len() < 2 {
        return Ok(Vec::new());
    }
    let version = &agreement.value.meta.version;
    let mut sides: Vec<(Oid, Folder)> = Vec::new();
    for parent in parents {
        let Some(side) = super::counterpart(repo, *parent, id, later)? else { continue };
        let released = side
            .agreement
            .as_ref()
            .map(|a| &a.value.meta)
            .is_some_and(|meta| meta.version == *version && meta.status.is_released());
        if released {
            sides.push((*parent, side));
        }
    }
    let staged = later.without_customers();
    let changed: Vec<&(Oid, Folder)> =
        sides.iter().filter(|(_, side)| diff(Some(&side.without_customers()), &staged).changes_document()).collect();
    let Some((first, _)) = changed.first() else { return Ok(Vec::new()) };
    let short = |commit: &Oid| commit.to_string()[..12].to_owned();
    let message = match sides.as_slice() {
        [(one, a), (two, b), ..] if diff(Some(&a.without_customers()), &b.without_customers()).changes_document() => {
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
    Ok(vec![
        Diagnostic::at(Code::VersionNotBumped, &agreement.path, "/meta/version", message).with_help(format!(
            "give the merged agreement a version after {version} (in the merge, or on the branch before merging it), with the changes of both sides in its row"
        )),
    ])
}
