//! Rows of the imported version table (`[history]`) for versions the
//! repository made. The imported table is the agreement's history from
//! before it came into git, typed from its Word or PDF source; from the
//! version the repository starts with on, git writes each version's row
//! from the commit that made it. A row added for a later version (or an
//! imported row renumbered by a search-and-replace of the version) would
//! stand where git's record of that version belongs, a notifiable new
//! sub-processor perhaps among what it left out: refused.

use crate::diagnostic::{Code, Diagnostic};
use crate::history::{HistoryError, Oid, Repo, version_index};
use crate::load::Folder;
use crate::version::compare;
use std::cmp::Ordering;

/// The imported rows of `folder`'s agreement (`[history]`).
fn rows(folder: &Folder) -> &[crate::model::agreement::HistoryRow] {
    let history = folder.agreement.as_ref().and_then(|a| a.value.history.as_ref());
    history.map(|h| h.row.as_slice()).unwrap_or_default()
}

/// Findings for the imported rows `later` has and `before` (the agreement
/// at commit `parent`) does not, for versions after the one the
/// repository's record of the agreement starts with.
pub fn imported_row_findings(
    repo: &Repo,
    parent: Oid,
    before: &Folder,
    later: &Folder,
) -> Result<Vec<Diagnostic>, HistoryError> {
    let known = rows(before);
    let added: Vec<(usize, &str)> = rows(later)
        .iter()
        .enumerate()
        .filter(|(_, row)| !known.iter().any(|k| k.version == row.version))
        .map(|(at, row)| (at, row.version.as_str()))
        .collect();
    let (Some(file), Some(current)) = (later.agreement.as_ref(), before.agreement.as_ref()) else {
        return Ok(Vec::new());
    };
    if added.is_empty() {
        return Ok(Vec::new());
    }
    // Where the record starts: the first version in git. In a shallow
    // clone the walk stops at the cut, so only the version at `parent`
    // is certain to have been made here.
    let starts = if repo.is_shallow() {
        None
    } else {
        match version_index(repo, &before.id, parent) {
            Ok(index) => index.starts_at().map(str::to_owned),
            Err(HistoryError::NoSuchAgreement { .. }) => None,
            Err(error) => return Err(error),
        }
    };
    let made_here = |version: &str| match &starts {
        Some(first) => compare(version, first) == Ordering::Greater,
        None => compare(version, &current.value.meta.version) == Ordering::Greater,
    };
    let start = starts.as_deref().unwrap_or("");
    Ok(added
        .into_iter()
        .filter(|(_, version)| made_here(version))
        .map(|(at, version)| {
            let from = if start.is_empty() {
                format!("after {}, the version before this commit", current.value.meta.version)
            } else {
                format!("after {start}, the version this repository's record starts with")
            };
            Diagnostic::at(
                Code::ImportedRowAfterStart,
                &file.path,
                format!("/history/row/{at}/version"),
                format!("the imported version table gets a row for version {version}, {from}: git writes the rows of the versions made here"),
            )
            .with_help(
                "imported rows record the versions from before the repository and keep their numbers; delete this row (or restore its number), and describe a version made here in its commit (a `Summary:` trailer) or a `[[changelog]]` entry",
            )
        })
        .collect())
}
