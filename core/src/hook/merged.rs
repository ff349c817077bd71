//! A merge of two sides that each released the same version with another
//! text: two pull requests that both made "1.10", merged one after the
//! other. Each side passed the checks on its own and git merges them
//! cleanly, but the result is a third text under a number customers
//! already know from the first: refused, as any change of a released
//! version without a new one is.

use crate::diagnostic::{Code, Diagnostic};
use crate::diff::diff;
use crate::history::{HistoryError, Oid, Repo};
use crate::load::Folder;

/// The finding for agreement `id`, merged as `later` from `parents`, when
/// two parents released its version with different documents and the
/// merge keeps that version.
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
    for (at, (first, one)) in sides.iter().enumerate() {
        for (second, other) in &sides[at + 1..] {
            if !diff(Some(&one.without_customers()), &other.without_customers()).changes_document() {
                continue;
            }
            let short = |commit: &Oid| commit.to_string()[..12].to_owned();
            return Ok(vec![
                Diagnostic::at(
                    Code::VersionNotBumped,
                    &agreement.path,
                    "/meta/version",
                    format!(
                        "version {version} was released on both sides of this merge with different texts ({} and {}): the merge would make a third text under the same number",
                        short(first),
                        short(second)
                    ),
                )
                .with_help(format!(
                    "give the merged agreement a version after {version} (in the merge, or on the branch before merging it), with the changes of both sides in its row"
                )),
            ]);
        }
    }
    Ok(Vec::new())
}
