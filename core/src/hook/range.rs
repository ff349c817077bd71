//! The hook's checks over the commits of a revision range, for CI: what
//! the pre-commit hook would have refused in any commit of a pull request.
//! A commit made with `--no-verify`, in GitHub's web editor or on a machine
//! without the hook is checked all the same.

use super::policy_findings;
use crate::config::HookPolicy;
use crate::diagnostic::Located;
use crate::diagnostic::locate::{SourceMap, locate};
use crate::history::{HistoryError, Later, Oid, Repo};
use crate::load::shape_findings;
use crate::validate::check_folder;

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
    /// Merge commits, which are not checked: each side's commits are.
    pub merges: usize,
}

/// Checks every commit in `from..to` as the pre-commit hook checks a
/// commit: the agreements it changes with every rule, and the change
/// `policy` against its first parent.
pub fn check_range(repo: &Repo, from: Oid, to: Oid, policy: &HookPolicy) -> Result<RangeReport, HistoryError> {
    let mut report = RangeReport::default();
    for id in repo.commits_between(from, to)? {
        let commit = repo.raw().find_commit(id)?;
        if commit.parent_count() > 1 {
            report.merges += 1;
            continue;
        }
        let parent = commit.parent_id(0).ok();
        let agreements = repo.changed_agreements(id)?;
        // The folders before the commit, read once for all its agreements.
        let earlier = match parent {
            Some(parent) if !agreements.is_empty() => repo.agreement_ids(parent)?,
            _ => Vec::new(),
        };
        let mut diagnostics = Vec::new();
        let mut sources = SourceMap::new();
        for agreement in &agreements {
            let Some(mut later) = repo.load_at(id, agreement)? else { continue };
            diagnostics.append(&mut later.diagnostics);
            let names = repo.folder_files(id, agreement)?;
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            diagnostics.extend(shape_findings(&std::path::Path::new("agreements").join(agreement), &names));
            diagnostics.extend(check_folder(&later.folder));
            sources.extend(std::mem::take(&mut later.sources));
            let Some(parent) = parent else { continue };
            // The same agreement before the commit, perhaps under an earlier name.
            let later_ids = [(agreement.clone(), later.folder.previous_ids())];
            let pairs = repo.pair_folders(parent, Later::Commit(id), &later_ids, &earlier)?;
            let Some(name) = pairs.get(agreement) else { continue };
            let Some(before) = repo.load_at(parent, name)? else { continue };
            if before.folder.agreement.is_some() && later.folder.agreement.is_some() {
                diagnostics.extend(policy_findings(&before.folder, &later.folder, policy));
            }
        }
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
