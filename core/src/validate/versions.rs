//! Customer instances that name a version only git knows: a template at
//! version 1.1 still has customers who signed 1.0, which is in git (and
//! perhaps tagged `<id>/v1.0`) but no longer in agreement.toml. The rule
//! `instance-version-unknown` looks at the files; this pass drops its
//! findings for versions the agreement's version index has.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::history::{HistoryError, Repo, version_index};
use crate::load::Folder;

/// The rule whose findings git may answer.
const RULE: Code = Code::InstanceVersionUnknown;

/// Drops the `instance-version-unknown` findings of `folder` whose version
/// is in git, opening the repository at `root` only when there is one.
pub fn resolve_at(root: &Path, folder: &Folder, diagnostics: &mut Vec<Diagnostic>) {
    if !diagnostics.iter().any(|d| d.code == RULE) {
        return;
    }
    let versions = Repo::open(root).and_then(|repo| versions_in_git(&repo, folder));
    apply(folder, versions, diagnostics);
}

/// [`resolve_at`] with a repository already open.
pub fn resolve_with(repo: &Repo, folder: &Folder, diagnostics: &mut Vec<Diagnostic>) {
    if !diagnostics.iter().any(|d| d.code == RULE) {
        return;
    }
    apply(folder, versions_in_git(repo, folder), diagnostics);
    // In a shallow clone the index lacks the versions before the cut.
    if repo.is_shallow() {
        apply(folder, Err(HistoryError::Shallow), diagnostics);
    }
}

/// Every version label of `folder`'s agreement in the history up to HEAD:
/// under its id, and under each name it had before (`meta.previous_ids`),
/// so that a rename not yet committed keeps its customers' versions.
fn versions_in_git(repo: &Repo, folder: &Folder) -> Result<Vec<String>, HistoryError> {
    let head = repo.resolve("HEAD")?;
    let previous = folder.agreement.iter().flat_map(|a| a.value.meta.previous_ids.iter().map(|id| id.as_str()));
    let mut versions: Vec<String> = Vec::new();
    let mut known = false;
    for name in std::iter::once(folder.id.as_str()).chain(previous) {
        match version_index(repo, name, head) {
            Ok(index) => {
                known = true;
                for version in index.versions() {
                    if !versions.iter().any(|v| v == version) {
                        versions.push(version.to_owned());
                    }
                }
            }
            Err(HistoryError::NoSuchAgreement(_)) => {}
            Err(error) => return Err(error),
        }
    }
    if !known {
        return Err(HistoryError::NoSuchAgreement(folder.id.clone()));
    }
    Ok(versions)
}

fn apply(folder: &Folder, versions: Result<Vec<String>, HistoryError>, diagnostics: &mut Vec<Diagnostic>) {
    let signed = |diagnostic: &Diagnostic| {
        folder.customers.iter().find(|c| c.path == diagnostic.file).map(|c| c.value.instance.version.clone())
    };
    match versions {
        Ok(versions) => diagnostics.retain_mut(|d| {
            if d.code != RULE {
                return true;
            }
            if signed(d).is_some_and(|v| versions.contains(&v)) {
                return false;
            }
            if !versions.is_empty() {
                let help = d.help.take().unwrap_or_default();
                d.help = Some(format!("{help}; in git: {}", versions.join(", ")));
            }
            true
        }),
        // Without the history the finding stands, with why it could not be checked.
        Err(HistoryError::Shallow) => {
            for d in diagnostics.iter_mut().filter(|d| d.code == RULE) {
                let help = d.help.take().unwrap_or_default();
                d.help = Some(format!(
                    "{help}; this clone is shallow, so versions committed earlier cannot be checked: fetch the full history (`fetch-depth: 0`)"
                ));
            }
        }
        Err(_) => {}
    }
}
