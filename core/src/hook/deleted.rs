//! An agreement folder deleted by a commit. Deleting retires the agreement
//! and is allowed, but when one of its versions was released the published
//! site stops showing it, and the customers who signed it lose the text
//! they signed there. That is said, not left to be found out: a warning
//! (`deny_warnings` makes it refuse), with the way to retire an agreement
//! and keep it published.

use std::collections::BTreeSet;

use crate::diagnostic::{Anchor, Code, Diagnostic};
use crate::history::{HistoryError, Later, Oid, Repo, version_index};

/// Findings for the agreements in `gone` (touched by the change and absent
/// after it) that every one of `parents` has and that no agreement of
/// `remaining` (the touched ones still there, with their `previous_ids`)
/// continues under another name: a rename is not a deletion.
pub fn deletion_findings(
    repo: &Repo,
    parents: &[Oid],
    later: Later,
    gone: &[String],
    remaining: &[(String, Vec<String>)],
) -> Result<Vec<Diagnostic>, HistoryError> {
    if gone.is_empty() || parents.is_empty() {
        return Ok(Vec::new());
    }
    let mut deleted: Vec<&String> = gone.iter().collect();
    for parent in parents {
        let earlier = repo.agreement_ids(*parent)?;
        let continued: BTreeSet<String> =
            repo.pair_folders(*parent, later, remaining, &earlier)?.into_values().collect();
        deleted.retain(|id| earlier.contains(id) && !continued.contains(*id));
    }
    let mut out = Vec::new();
    for id in deleted {
        let Some(version) = released(repo, parents[0], id)? else { continue };
        out.push(
            Diagnostic::new(
                Code::AgreementDeleted,
                format!("agreements/{id}"),
                Anchor::File,
                format!(
                    "`agreements/{id}` is deleted, but its version {version} was released: the published site stops showing the agreement, and customers who signed it can no longer read their text there"
                ),
            )
            .with_help(format!(
                "to retire an agreement, keep its folder and set `status = \"withdrawn\"` in `[meta]`: it stays published, marked „zurückgezogen“; if it lives on in another folder, list `{id}` in that agreement's `meta.previous_ids`; delete the folder only when no customer relies on a published version"
            )),
        );
    }
    Ok(out)
}

/// The newest released version of agreement `id` up to `at`: from its
/// history, or where that cannot be read (a shallow clone cut short), its
/// status at `at`.
fn released(repo: &Repo, at: Oid, id: &str) -> Result<Option<String>, HistoryError> {
    match version_index(repo, id, at) {
        Ok(index) => return Ok(index.points.iter().rev().find(|p| p.released).map(|p| p.version.clone())),
        Err(HistoryError::NoSuchAgreement { .. }) => return Ok(None),
        Err(_) => {}
    }
    let Some(loaded) = repo.load_at(at, id)? else { return Ok(None) };
    Ok(loaded
        .folder
        .agreement
        .as_ref()
        .map(|a| &a.value.meta)
        .filter(|meta| meta.status.is_released())
        .map(|meta| meta.version.clone()))
}
