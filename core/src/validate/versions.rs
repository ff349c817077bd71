//! Customer instances that name a version only git knows: a template at
//! version 1.1 still has customers who signed 1.0, which is in git (and
//! perhaps tagged `<id>/v1.0`) but no longer in agreement.toml. The rule
//! `instance-version-unknown` looks at the files; [`signed_versions`]
//! reads which versions git has, and the agreement as each such version
//! had it, which the instance is held to; [`resolve`] drops the findings
//! for versions git has.

use std::path::Path;

use super::customer::SignedVersions;
use crate::diagnostic::{Code, Diagnostic};
use crate::history::{HistoryError, Oid, Repo, version_index};
use crate::load::Folder;

/// The rule whose findings git may answer.
const RULE: Code = Code::InstanceVersionUnknown;

/// Drops the `instance-version-unknown` findings of `folder` whose version
/// `signed` found in git (read by [`signed_versions`], with the agreement
/// at each earlier version: one walk of the history for both), and says
/// where a shallow clone could not tell.
pub fn resolve(signed: &SignedVersions, folder: &Folder, diagnostics: &mut Vec<Diagnostic>) {
    if !diagnostics.iter().any(|d| d.code == RULE) {
        return;
    }
    if let Some(versions) = &signed.in_git {
        apply(folder, Ok(versions.clone()), diagnostics);
    }
    // In a shallow clone the index lacks the versions before the cut.
    if signed.shallow {
        apply(folder, Err(HistoryError::Shallow), diagnostics);
    }
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

/// What git knows of the versions `folder`'s customer instances name,
/// from the history up to `until`: every version of the agreement (under
/// its id and each name it had before, `meta.previous_ids`, so that a
/// rename not yet committed keeps its customers' versions), and the
/// agreement as each earlier version an instance names had it, at the
/// commit that made the version, as `avv build` renders the customer's
/// contract from it. A version git does not have (imported with the
/// document, or not committed yet) or one that does not load gives no
/// agreement: the instance is then held to the working tree's template.
/// In a shallow clone, which lacks the versions before the cut, none is
/// read, and the findings say why. The history is walked only when an
/// instance names another version than the files are at.
pub fn signed_versions(repo: &Repo, until: Oid, folder: &Folder) -> SignedVersions {
    let mut signed = SignedVersions::default();
    let Some(current) = &folder.agreement else { return signed };
    let earlier = other_versions(folder);
    if earlier.is_empty() {
        return signed;
    }
    signed.shallow = repo.is_shallow();
    let names = std::iter::once(folder.id.as_str()).chain(current.value.meta.previous_ids.iter().map(|id| id.as_str()));
    let indexes: Vec<_> = names.filter_map(|name| version_index(repo, name, until).ok()).collect();
    if !indexes.is_empty() {
        let mut versions: Vec<String> = Vec::new();
        for version in indexes.iter().flat_map(|index| index.versions()) {
            if !versions.iter().any(|v| v == version) {
                versions.push(version.to_owned());
            }
        }
        signed.in_git = Some(versions);
    }
    if signed.shallow {
        return signed;
    }
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

/// [`signed_versions`] up to HEAD of the repository at `root` (shallow or
/// not), opened only when an instance names another version than the
/// files are at.
pub fn signed_versions_at(root: &Path, folder: &Folder) -> SignedVersions {
    if other_versions(folder).is_empty() {
        return SignedVersions::default();
    }
    match Repo::open_shallow(root).and_then(|repo| Ok((repo.resolve("HEAD")?, repo))) {
        Ok((head, repo)) => signed_versions(&repo, head, folder),
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
