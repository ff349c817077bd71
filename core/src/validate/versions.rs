//! Customer instances that name a version only git knows: a template at
//! version 1.1 still has customers who signed 1.0, which is in git (and
//! perhaps tagged `<id>/v1.0`) but no longer in agreement.toml. The rule
//! `instance-version-unknown` looks at the files; this pass drops its
//! findings for versions the agreement's version index has, and
//! [`signed_versions`] reads the agreement as such a version had it, which
//! the instance is held to.

use std::path::Path;

use super::customer::SignedVersions;
use crate::diagnostic::{Code, Diagnostic};
use crate::history::{HistoryError, Oid, Repo, version_index};
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

/// The agreement as each earlier version a customer instance of `folder`
/// names had it, from the history up to `until`: the commit that made the
/// version, as `avv build` renders the customer's contract from it. A
/// version git does not have (imported with the document, or not committed
/// yet), one that does not load and a shallow clone give nothing: the
/// instance is then held to the working tree's template (a shallow clone
/// is marked, so that the findings say why).
pub fn signed_versions(repo: &Repo, until: Oid, folder: &Folder) -> SignedVersions {
    let mut signed = SignedVersions::default();
    let Some(current) = &folder.agreement else { return signed };
    let earlier = other_versions(folder);
    if earlier.is_empty() {
        return signed;
    }
    if repo.is_shallow() {
        signed.shallow = true;
        return signed;
    }
    // The agreement's versions under its name, or a name it had before.
    let names = std::iter::once(folder.id.as_str()).chain(current.value.meta.previous_ids.iter().map(|id| id.as_str()));
    let indexes: Vec<_> = names.filter_map(|name| version_index(repo, name, until).ok()).collect();
    for version in earlier {
        let Some(point) = indexes.iter().find_map(|index| index.find(version)) else { continue };
        let Ok(commit) = Oid::from_str(&point.commit) else { continue };
        // The agreement's own files: a processor may have thousands of
        // customer instances, which this needs none of.
        let Ok(Some(blobs)) = repo.folder_blobs(commit, &point.folder) else { continue };
        let Ok(loaded) = repo.load_blobs(&blobs.without_customers()) else { continue };
        if let Ok(then) = crate::history::readable(loaded, &folder.id, String::new)
            && let Some(agreement) = then.agreement
        {
            signed.insert(version.to_owned(), agreement);
        }
    }
    signed
}

/// [`signed_versions`] up to HEAD of the repository at `root`, opened only
/// when an instance names another version than the files are at.
pub fn signed_versions_at(root: &Path, folder: &Folder) -> SignedVersions {
    if other_versions(folder).is_empty() {
        return SignedVersions::default();
    }
    match Repo::open(root).and_then(|repo| Ok((repo.resolve("HEAD")?, repo))) {
        Ok((head, repo)) => signed_versions(&repo, head, folder),
        Err(HistoryError::Shallow) => {
            let mut signed = SignedVersions::default();
            signed.shallow = true;
            signed
        }
        Err(_) => SignedVersions::default(),
    }
}

/// The versions `folder`'s customer instances name other than the one its
/// files are at, each once.
fn other_versions(folder: &Folder) -> Vec<&str> {
    let Some(current) = &folder.agreement else { return Vec::new() };
    let mut other: Vec<&str> = folder
        .customers
        .iter()
        .map(|c| c.value.instance.version.as_str())
        .filter(|v| *v != current.value.meta.version)
        .collect();
    other.sort_unstable();
    other.dedup();
    other
}
