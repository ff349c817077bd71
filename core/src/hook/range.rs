//! The hook's checks over the commits of a revision range, for CI: what
//! the pre-commit hook would have refused in any commit of a pull request.
//! A commit made with `--no-verify`, in GitHub's web editor or on a machine
//! without the hook is checked all the same.

use super::imported::imported_row_findings;
use super::policy_findings;
use crate::config::HookPolicy;
use crate::diagnostic::Located;
use crate::diagnostic::locate::{SourceMap, locate};
use crate::history::{AutoMerge, HistoryError, Later, Oid, Repo};
use crate::load::shape_findings;
use crate::validate::check_folder_with;

/// One commit's findings.
#[derive(Debug)]
pub struct CommitFindings {
    /// The commit id.
    pub commit: String,
    /// The first line of its message.
    pub subject: String,
    /// The agreements it changes.
    pub agreements: Vec<String>,
    /// What the hook would have found, located in the commit's files.
    pub diagnostics: Vec<Located>,
    /// The commit's texts, for snippets.
    pub sources: SourceMap,
}

/// What a range check found.
#[derive(Debug, Default)]
pub struct RangeReport {
    /// Every commit checked, oldest first.
    pub commits: Vec<CommitFindings>,
    /// How many of them are merge commits (checked against each parent).
    pub merges: usize,
}

/// Checks every commit in `from..to` as the pre-commit hook checks a
/// commit: the agreements it changes with every rule, and the change
/// `policy` against its parent.
///
/// A merge commit is checked for what neither side had: the agreements it
/// leaves different from every parent, with every rule (two sides that
/// pass may not together), and with the policy against what git makes of
/// the two sides itself, so that an edit made in the merge (an "evil
/// merge") needs its own new version; a conflict resolved by hand, or a
/// merge of more than two parents, against the parent it passes best. A
/// merge that changes the text of a version one of its sides released is
/// refused however cleanly git merged them ([`super::merged`]).
pub fn check_range(repo: &Repo, from: Oid, to: Oid, policy: &HookPolicy) -> Result<RangeReport, HistoryError> {
    check_commits(repo, &repo.commits_between(from, to)?, policy)
}

/// Checks each of `commits` (oldest first) as [`check_range`] checks the
/// commits of a range: against its parents, whether or not they are
/// among `commits`.
pub fn check_commits(repo: &Repo, commits: &[Oid], policy: &HookPolicy) -> Result<RangeReport, HistoryError> {
    let mut report = RangeReport::default();
    for &id in commits {
        let commit = repo.raw().find_commit(id)?;
        let parents: Vec<Oid> = commit.parent_ids().collect();
        if parents.len() > 1 {
            report.merges += 1;
        }
        let agreements = match parents.as_slice() {
            [] => repo.changed_between(None, id)?,
            [first, rest @ ..] => {
                let mut changed = repo.changed_between(Some(*first), id)?;
                for parent in rest {
                    let also = repo.changed_between(Some(*parent), id)?;
                    changed.retain(|a| also.contains(a));
                }
                changed
            }
        };
        // The folders before the commit, read once per parent for all its agreements.
        let earlier: Vec<(Oid, Vec<String>)> = if agreements.is_empty() {
            Vec::new()
        } else {
            parents.iter().map(|&p| Ok((p, repo.agreement_ids(p)?))).collect::<Result<_, HistoryError>>()?
        };
        let mut diagnostics = Vec::new();
        let mut sources = SourceMap::new();
        let mut gone = Vec::new();
        let mut remaining = Vec::new();
        for agreement in &agreements {
            let Some(mut later) = repo.load_at(id, agreement)? else {
                gone.push(agreement.clone());
                continue;
            };
            remaining.push((agreement.clone(), later.folder.previous_ids()));
            // A file that does not load is its error, not a removal of all it held.
            let unreadable = later.diagnostics.iter().any(|d| d.severity == crate::diagnostic::Severity::Error);
            diagnostics.append(&mut later.diagnostics);
            let names = repo.folder_files(id, agreement)?;
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            diagnostics.extend(shape_findings(&std::path::Path::new("agreements").join(agreement), &names));
            let signed = crate::validate::versions::signed_versions(repo, id, &later.folder);
            let mut found = check_folder_with(&later.folder, &signed);
            crate::validate::versions::resolve(&signed, &later.folder, &mut found);
            diagnostics.extend(found);
            sources.extend(std::mem::take(&mut later.sources));
            if unreadable {
                continue;
            }
            // The agreement as each parent has it (under an earlier name if renamed).
            let mut sides = Vec::with_capacity(earlier.len());
            for (parent, ids) in &earlier {
                sides.push((
                    *parent,
                    super::counterpart_in(repo, *parent, Later::Commit(id), ids, agreement, &later.folder)?,
                ));
            }
            diagnostics.extend(super::merged::same_version_findings(&sides, &later.folder));
            // A merge that git could have made itself is held to the policy
            // for what it changes beyond that; where git could not (a
            // conflict resolved by hand, more than two parents), against
            // the parent it passes best.
            if let Some(AutoMerge::Clean(blobs)) = repo.automatic_merge(id, agreement)? {
                let own = repo.folder_blobs(id, agreement)?;
                if let Some(blobs) = blobs.filter(|b| Some(b) != own.as_ref()) {
                    let merged = repo.load_blobs(&blobs)?;
                    if merged.folder.agreement.is_some() && later.folder.agreement.is_some() {
                        diagnostics.extend(policy_findings(&merged.folder, &later.folder, policy));
                        if let Some(first) = parents.first() {
                            diagnostics.extend(imported_row_findings(repo, *first, &merged.folder, &later.folder)?);
                        }
                    }
                }
                continue;
            }
            // The policy against each parent; the one with fewest errors counts.
            let mut found = Vec::new();
            for (parent, before) in sides {
                found.push(match before {
                    Some(before) if before.agreement.is_some() && later.folder.agreement.is_some() => {
                        let mut found = policy_findings(&before, &later.folder, policy);
                        found.extend(imported_row_findings(repo, parent, &before, &later.folder)?);
                        found
                    }
                    _ => Vec::new(),
                });
            }
            diagnostics.extend(super::fewest_errors(found));
        }
        diagnostics.extend(super::deleted::deletion_findings(repo, &parents, Later::Commit(id), &gone, &remaining)?);
        let changed = repo.changed_paths(parents.first().copied(), id)?;
        // Marked in the commit, or (run locally) on disk.
        let workdir = repo.workdir();
        diagnostics.extend(super::private::private_findings(&changed, |folder| {
            super::private::marker_in(folder, |path| {
                repo.has_file(id, path).unwrap_or(false) || workdir.join(path).is_file()
            })
        }));
        report.commits.push(CommitFindings {
            commit: id.to_string(),
            subject: crate::history::commit_text(&commit).0.lines().next().unwrap_or_default().to_owned(),
            agreements,
            diagnostics: locate(diagnostics, &sources),
            sources,
        });
    }
    Ok(report)
}
