//! The version index of an agreement: every version it had, read from git.
//!
//! The first-parent history up to a commit is walked from the newest commit
//! to the oldest. At each commit the agreement is found under its current
//! folder name, a name it had before (`meta.previous_ids`, or a rename git
//! detects between two commits), so that one agreement stays one agreement
//! through renames, and through a deletion and a later re-addition under the
//! same name. Every commit where the agreement's version changes, or a tag
//! `<agreement>/v<version>` marks it, is a version point:
//!
//! - a version's text is the commit a tag names, else the first commit where
//!   the version is released (status `final`, `superseded` or `withdrawn`),
//!   else the newest commit with that version (a draft, still being written);
//! - a TOM annex or sub-processor list with a version of its own adds a point
//!   where only that version changes.
//!
//! A merge brings in a branch's commits, which the first-parent walk does
//! not visit: a version released (or tagged) on the branch, between the
//! versions around the merge, is a point too, at its commit on the branch
//! (a pull request that made 1.9 and 1.10, merged as it was, made both).

use std::collections::{BTreeMap, HashMap, HashSet};

use git2::{ObjectType, Oid, Sort};
use rayon::prelude::*;
use serde::Serialize;

use super::repo::Handles;
use super::{HistoryError, Repo};
use crate::model::primitives::Date;

/// A commit where an agreement reached a new version.
#[derive(Debug, Clone, Serialize)]
pub struct VersionPoint {
    /// The agreement's version label (`meta.version`, or the tag's).
    pub version: String,
    /// The commit whose files are this version's text (full hex id).
    pub commit: String,
    /// The commit date (UTC day).
    pub commit_date: Date,
    /// The commit author's name.
    pub author: String,
    /// The value of an `Approved-by:` trailer.
    pub approved_by: Option<String>,
    /// The value of a `Summary:` (or `Änderung:`) trailer.
    pub summary: Option<String>,
    /// The folder name at that commit (differs after a rename).
    pub folder: String,
    /// Whether a tag `<agreement>/v<version>` marks the commit.
    pub tagged: bool,
    /// Whether the version is released at this commit (status final,
    /// superseded or withdrawn, or tagged); a draft otherwise.
    pub released: bool,
    /// Where the version was withdrawn after its release, and stayed so
    /// until the next version: the commit (full hex id) and its date.
    pub withdrawn: Option<(String, Date)>,
    /// The annexes with versions of their own, at this commit: (label, version),
    /// e.g. `("TOM", "2.1")`.
    pub annexes: Vec<(String, String)>,
    /// For a point where only an annex's own version changed: that annex,
    /// `("TOM", "2.1")`.
    pub annex_only: Option<(String, String)>,
    /// Whether the version was made on a branch that a merge brought in,
    /// never on the first-parent history: it has its row and document, but
    /// it was never published on its own, so no notice announced it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub merged: bool,
}

impl VersionPoint {
    /// The version as a version table names it: "1.8", or "1.8 / TOM 2.1"
    /// for a point where only the TOM annex's own version changed.
    pub fn label(&self) -> String {
        match &self.annex_only {
            Some((annex, version)) => format!("{} / {annex} {version}", self.version),
            None => self.version.clone(),
        }
    }

    /// A key unique among the points, safe in a file name: "1.8", "1.8-TOM-2.1".
    pub fn key(&self) -> String {
        match &self.annex_only {
            Some((annex, version)) => format!("{}-{annex}-{version}", self.version),
            None => self.version.clone(),
        }
    }
}

/// Every version of one agreement found in git, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct VersionIndex {
    /// The agreement id the index was asked for.
    pub agreement: String,
    /// The folder names the agreement had, newest first.
    pub names: Vec<String>,
    /// The version points, oldest first.
    pub points: Vec<VersionPoint>,
    /// The commit that gave the agreement's newest files (the oldest of the
    /// newest commits whose folder is byte for byte the walk's newest), and
    /// the folder name: changes pending since the latest version are dated
    /// by when they were made, not by later commits elsewhere.
    pub head: Option<(String, String)>,
    /// Whether the newest commit's folder is byte for byte the latest
    /// point's (same git tree): then nothing can be pending.
    pub head_is_latest: bool,
    /// What the index could not take as it is, each with why and what to
    /// do: version tags that name no version (their commit has another),
    /// versions that go back or repeat.
    pub warnings: Vec<String>,
}

impl VersionIndex {
    /// The point of version `version` of the agreement (not an annex-only point).
    pub fn find(&self, version: &str) -> Option<&VersionPoint> {
        self.points.iter().find(|p| p.version == version && p.annex_only.is_none())
    }

    /// The first version in git, where the repository's record of the
    /// agreement starts: a version table imported with it (`[history]`)
    /// records this one and the versions before it, never a later one.
    pub fn starts_at(&self) -> Option<&str> {
        self.points.first().map(|p| p.version.as_str())
    }

    /// The newest point.
    pub fn latest(&self) -> Option<&VersionPoint> {
        self.points.last()
    }

    /// Every version label, oldest first, each once.
    pub fn versions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for point in &self.points {
            if !out.contains(&point.version.as_str()) {
                out.push(&point.version);
            }
        }
        out
    }
}

/// The version points of `agreement` in the first-parent history up to `until`.
pub fn versions(repo: &Repo, agreement: &str, until: Oid) -> Result<Vec<VersionPoint>, HistoryError> {
    Ok(version_index(repo, agreement, until)?.points)
}

/// The blobs of an agreement folder at one commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FolderIds {
    tree: Oid,
    agreement: Option<Oid>,
    tom: Option<Oid>,
    subprocessors: Option<Oid>,
}

/// The agreement at one commit of the walk.
#[derive(Debug, Clone)]
struct State {
    commit: Oid,
    folder: String,
    ids: FolderIds,
}

/// How many commits' `agreements/` trees are looked up at a time, in parallel.
const BATCH: usize = 1024;

/// The version index of `agreement` in the first-parent history up to `until`.
pub fn version_index(repo: &Repo, agreement: &str, until: Oid) -> Result<VersionIndex, HistoryError> {
    let git = repo.raw();
    let mut walk = git.revwalk()?;
    walk.push(until)?;
    walk.simplify_first_parent()?;
    walk.set_sorting(Sort::TOPOLOGICAL)?;
    let newest_first: Vec<Oid> = walk.collect::<Result<_, _>>()?;
    let handles = repo.handles();

    // The `agreements/` tree of every commit, read in parallel batches.
    let mut trees: Vec<Option<Oid>> = Vec::with_capacity(newest_first.len());
    for batch in newest_first.chunks(BATCH) {
        trees.extend(agreements_trees(handles, batch)?);
    }

    let mut names: Vec<String> = vec![agreement.to_owned()];
    let mut lookups: HashMap<(Oid, String), Option<FolderIds>> = HashMap::new();
    let mut lookup = |tree: Option<Oid>, name: &str| -> Result<Option<FolderIds>, HistoryError> {
        let Some(tree) = tree else { return Ok(None) };
        if let Some(found) = lookups.get(&(tree, name.to_owned())) {
            return Ok(*found);
        }
        let found = folder_ids(git, tree, name)?;
        lookups.insert((tree, name.to_owned()), found);
        Ok(found)
    };
    // The names it had before, as its newest agreement.toml records them.
    if let Some(ids) = lookup(trees.first().copied().flatten(), agreement)?
        && let Some(blob) = ids.agreement
    {
        for previous in previous_ids(&blob_text(git, blob)) {
            if !names.contains(&previous) {
                names.push(previous);
            }
        }
    }

    let mut states: Vec<State> = Vec::new();
    // Names that became another agreement's (renamed away to a folder that
    // is not this agreement's): not followed further back.
    let mut foreign: HashSet<String> = HashSet::new();
    let mut previous_present = false;
    for (index, commit) in newest_first.iter().enumerate() {
        let mut found = None;
        for name in names.iter().filter(|n| !foreign.contains(*n)) {
            if let Some(ids) = lookup(trees[index], name)? {
                found = Some((name.clone(), ids));
                break;
            }
        }
        if found.is_none()
            && previous_present
            && let Some(newer) = states.last()
            && let Some(old_name) = renamed(repo, *commit, newest_first[index - 1], &newer.folder, Direction::From)?
            && !names.contains(&old_name)
        {
            // Renamed: the folder had another name before.
            names.push(old_name.clone());
            found = lookup(trees[index], &old_name)?.map(|ids| (old_name, ids));
        }
        if let Some((name, _)) = &found
            && !previous_present
            && index > 0
            && !states.is_empty()
        {
            // Present again after a gap, older than where it was gone: the same
            // agreement, deleted and added again, unless the folder was renamed
            // into another agreement's folder then.
            if let Some(new_name) = renamed(repo, *commit, newest_first[index - 1], name, Direction::To)?
                && !names.contains(&new_name)
            {
                foreign.insert(name.clone());
                found = None;
            }
        }
        previous_present = found.is_some();
        if let Some((folder, ids)) = found {
            states.push(State { commit: *commit, folder, ids });
        }
    }
    if states.is_empty() {
        let folders = match trees.first().copied().flatten() {
            Some(tree) => git
                .find_tree(tree)?
                .iter()
                .filter(|e| e.kind() == Some(ObjectType::Tree))
                .filter_map(|e| e.name().ok().map(str::to_owned))
                .collect(),
            None => Vec::new(),
        };
        let known = match folders.is_empty() {
            true => "it has no folder under `agreements/`".to_owned(),
            false => format!("its agreements: {}", folders.join(", ")),
        };
        return Err(HistoryError::NoSuchAgreement { agreement: agreement.to_owned(), known });
    }
    let tag_list = version_tags(repo, &names)?;
    let mut tags: HashMap<Oid, String> = HashMap::new();
    for (commit, version, _) in &tag_list {
        tags.entry(*commit).or_insert_with(|| version.clone());
    }
    // Versions released on branches that merges brought in: read with the
    // first-parent states, so that each file is read once.
    let merged = merged_states(repo, &states, &names)?;
    let every: Vec<State> = states.iter().chain(merged.iter().flat_map(|(_, side)| side)).cloned().collect();
    let facts = read_facts(handles, &every)?;

    // Oldest to newest: runs of commits with the same version.
    let oldest_first: Vec<&State> = states.iter().rev().collect();
    let version_of = |state: &State| state.ids.agreement.and_then(|b| facts.agreements.get(&b)).cloned().flatten();
    let mut points: Vec<VersionPoint> = Vec::new();
    let mut run_start = 0;
    while run_start < oldest_first.len() {
        let meta = version_of(oldest_first[run_start]);
        let mut run_end = run_start + 1;
        while run_end < oldest_first.len()
            && version_of(oldest_first[run_end]).map(|m| m.version) == meta.as_ref().map(|m| m.version.clone())
        {
            run_end += 1;
        }
        let run = &oldest_first[run_start..run_end];
        run_start = run_end;
        let Some(meta) = meta else { continue };
        let tagged = run.iter().position(|s| tags.get(&s.commit).is_some_and(|t| *t == meta.version));
        let released = run.iter().position(|s| version_of(s).is_some_and(|m| m.released));
        let (at, is_released) = match (tagged, released) {
            (Some(at), _) => (at, true),
            (None, Some(at)) => (at, true),
            (None, None) => (run.len() - 1, false),
        };
        let mut version_point = point(git, run[at], &meta.version, tagged.is_some(), is_released, &facts, None)?;
        // Withdrawn after its release: the withdrawal the run ends with.
        let trailing = run[at..].iter().rev().take_while(|s| version_of(s).is_some_and(|m| m.withdrawn)).count();
        if trailing > 0 && trailing < run.len() - at {
            let withdrawal = git.find_commit(run[run.len() - trailing].commit)?;
            version_point.withdrawn = Some((withdrawal.id().to_string(), commit_day(&withdrawal)));
        }
        points.push(version_point);
        // An annex's own version changing later in the run is a point of its own.
        let mut annexes = annex_versions(run[at], &facts);
        for state in &run[at + 1..] {
            let now = annex_versions(state, &facts);
            for (label, version) in &now {
                if annexes.iter().any(|(l, v)| l == label && v == version) {
                    continue;
                }
                let only = Some((label.clone(), version.clone()));
                points.push(point(git, state, &meta.version, false, is_released, &facts, only)?);
            }
            annexes = now;
        }
    }
    merge_branch_versions(git, &mut points, &oldest_first, &merged, &facts, &tags)?;
    // A tag on a commit whose version is another names no version: said,
    // not silently ignored.
    let mut warnings: Vec<String> = tag_list
        .iter()
        .filter(|(commit, version, _)| {
            !points.iter().any(|p| p.tagged && p.version == *version && p.commit == commit.to_string())
        })
        .map(|(commit, version, tag)| {
            let id = commit.to_string();
            let short = &id[..12];
            // Where to move it: only to a version the history has.
            let exists = points.iter().any(|p| p.version == *version && p.annex_only.is_none());
            match oldest_first.iter().find(|s| s.commit == *commit).and_then(|s| version_of(s)) {
                Some(meta) if exists => format!(
                    "tag {tag} ({short}): the commit's agreement.toml says version {}, not {version}; a version is read from `[meta] version`: move the tag to the commit of {version}, or delete it",
                    meta.version
                ),
                Some(meta) => format!(
                    "tag {tag} ({short}): the commit's agreement.toml says version {}, and no commit has version {version}; a version is read from `[meta] version`: delete the tag (or rename it to {}/v{})",
                    meta.version,
                    tag.rsplit_once("/v").map_or(tag.as_str(), |(prefix, _)| prefix),
                    meta.version
                ),
                None => format!(
                    "tag {tag} ({short}): the commit is not in this agreement's history (another branch, or before the agreement existed); move the tag or delete it"
                ),
            }
        })
        .collect();
    // Versions must rise: one that goes back or comes again makes a
    // customer's "signed version 1.1" ambiguous.
    let versions: Vec<&VersionPoint> = points.iter().filter(|p| p.annex_only.is_none()).collect();
    for pair in versions.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        if crate::version::compare(&after.version, &before.version) != std::cmp::Ordering::Greater {
            warnings.push(format!(
                "version {} ({}) follows version {}: versions must rise; give that commit's `[meta] version` a number after {}",
                after.version,
                &after.commit[..12],
                before.version,
                before.version
            ));
        }
    }
    // The commits of each version number, in the order they first occur.
    let mut texts: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for point in &versions {
        let slot = *at.entry(point.version.as_str()).or_insert_with(|| {
            texts.push((point.version.as_str(), Vec::new()));
            texts.len() - 1
        });
        texts[slot].1.push(&point.commit[..12]);
    }
    for (version, commits) in texts {
        if commits.len() > 1 {
            warnings.push(format!(
                "version {version} names {} texts (commits {}): a customer who signed {version} cannot tell which (avv takes the first)",
                commits.len(),
                commits.join(", "),
            ));
        }
    }
    let newest = &states[0];
    // Back to the commit that made the newest state (same files and name).
    let made = states
        .iter()
        .take_while(|s| s.ids.tree == newest.ids.tree && s.folder == newest.folder)
        .last()
        .unwrap_or(newest);
    let head_is_latest = points.last().is_some_and(|p| {
        oldest_first.iter().find(|s| s.commit.to_string() == p.commit).is_some_and(|s| s.ids.tree == newest.ids.tree)
    });
    Ok(VersionIndex {
        agreement: agreement.to_owned(),
        names,
        points,
        head: Some((made.commit.to_string(), newest.folder.clone())),
        head_is_latest,
        warnings,
    })
}

/// For each first-parent commit that merges a branch changing the
/// agreement (by its index in `states`, newest first): the agreement at
/// every commit of the branch that the first parent does not have, oldest
/// first.
fn merged_states(repo: &Repo, states: &[State], names: &[String]) -> Result<Vec<(usize, Vec<State>)>, HistoryError> {
    let git = repo.raw();
    let mut out = Vec::new();
    for (index, state) in states.iter().enumerate() {
        // A commit that leaves the folder as the one before had it brought
        // no version of it, merge or not: compared before any commit is
        // read, as most commits of a walk do not touch the agreement.
        if states.get(index + 1).is_some_and(|older| older.ids.tree == state.ids.tree) {
            continue;
        }
        let commit = git.find_commit(state.commit)?;
        if commit.parent_count() < 2 {
            continue;
        }
        let mut walk = git.revwalk()?;
        for parent in commit.parent_ids().skip(1) {
            walk.push(parent)?;
        }
        walk.hide(commit.parent_id(0)?)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
        let mut side = Vec::new();
        for id in walk {
            let id = id?;
            let Some(agreements) = agreements_tree(git, id)? else { continue };
            for name in names {
                if let Some(ids) = folder_ids(git, agreements, name)? {
                    side.push(State { commit: id, folder: name.clone(), ids });
                    break;
                }
            }
        }
        if !side.is_empty() {
            out.push((index, side));
        }
    }
    Ok(out)
}

/// The `agreements/` tree of one commit.
fn agreements_tree(git: &git2::Repository, commit: Oid) -> Result<Option<Oid>, HistoryError> {
    let tree = git.find_commit(commit)?.tree()?;
    Ok(match tree.get_path(std::path::Path::new("agreements")) {
        Ok(entry) if entry.kind() == Some(ObjectType::Tree) => Some(entry.id()),
        _ => None,
    })
}

/// Adds to `points` the versions released (or tagged) on a merged branch
/// that the first-parent history never had: a pull request that made 1.9
/// and then 1.10, merged as it was, made both, and a customer may have
/// been sent 1.9 (its tag says it was published). Each is placed before
/// the version its merge made, where its number falls between the versions
/// around it; a draft on a branch, never released, is no version.
fn merge_branch_versions(
    git: &git2::Repository,
    points: &mut Vec<VersionPoint>,
    oldest_first: &[&State],
    merged: &[(usize, Vec<State>)],
    facts: &Facts,
    tags: &HashMap<Oid, String>,
) -> Result<(), HistoryError> {
    if merged.is_empty() {
        return Ok(());
    }
    let position: HashMap<String, usize> =
        oldest_first.iter().enumerate().map(|(at, state)| (state.commit.to_string(), at)).collect();
    for (index, side) in merged {
        // The merge's place, oldest first.
        let merge_at = oldest_first.len() - 1 - index;
        // The version the merge's run makes, and the one before it.
        let Some(next) = points
            .iter()
            .position(|p| p.annex_only.is_none() && position.get(&p.commit).is_some_and(|&at| at >= merge_at))
        else {
            continue;
        };
        let before = points[..next].iter().rev().find(|p| p.annex_only.is_none()).map(|p| p.version.clone());
        let after = points[next].version.clone();
        let between = |version: &str| {
            before.as_deref().is_none_or(|b| crate::version::compare(version, b) == std::cmp::Ordering::Greater)
                && crate::version::compare(version, &after) == std::cmp::Ordering::Less
        };
        // Each version of the branch at its tagged commit, else its first
        // released one.
        let mut found: Vec<(String, &State, bool)> = Vec::new();
        for state in side {
            let Some(meta) = state.ids.agreement.and_then(|b| facts.agreements.get(&b)).cloned().flatten() else {
                continue;
            };
            let tagged = tags.get(&state.commit).is_some_and(|t| *t == meta.version);
            if !(tagged || meta.released) || !between(&meta.version) {
                continue;
            }
            match found.iter_mut().find(|(version, _, _)| *version == meta.version) {
                Some(known) if tagged && !known.2 => *known = (meta.version, state, true),
                Some(_) => {}
                None => found.push((meta.version, state, tagged)),
            }
        }
        found.retain(|(version, _, _)| !points.iter().any(|p| p.version == *version && p.annex_only.is_none()));
        found.sort_by(|a, b| crate::version::compare(&a.0, &b.0));
        let added = found
            .into_iter()
            .map(|(version, state, tagged)| {
                point(git, state, &version, tagged, true, facts, None).map(|p| VersionPoint { merged: true, ..p })
            })
            .collect::<Result<Vec<_>, _>>()?;
        points.splice(next..next, added);
    }
    Ok(())
}

fn point(
    git: &git2::Repository,
    state: &State,
    version: &str,
    tagged: bool,
    released: bool,
    facts: &Facts,
    annex_only: Option<(String, String)>,
) -> Result<VersionPoint, HistoryError> {
    let commit = git.find_commit(state.commit)?;
    let (message, author) = commit_text(&commit);
    Ok(VersionPoint {
        version: version.to_owned(),
        commit: state.commit.to_string(),
        commit_date: commit_day(&commit),
        author,
        approved_by: trailer(&message, &["Approved-by"]),
        summary: trailer(&message, &["Summary", "Änderung"]),
        folder: state.folder.clone(),
        tagged,
        released,
        withdrawn: None,
        annexes: annex_versions(state, facts),
        annex_only,
        merged: false,
    })
}

/// The day of a commit, in its author's time zone.
pub(super) fn commit_day(commit: &git2::Commit) -> Date {
    let seconds = commit.time().seconds() + i64::from(commit.time().offset_minutes()) * 60;
    Date::from_days(seconds.div_euclid(86_400))
}

/// The own versions of the TOM annex and the sub-processor list at a state.
fn annex_versions(state: &State, facts: &Facts) -> Vec<(String, String)> {
    [state.ids.tom, state.ids.subprocessors]
        .into_iter()
        .flatten()
        .filter_map(|blob| facts.annexes.get(&blob).cloned().flatten())
        .collect()
}

/// Which way a rename is looked for between a commit and its child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// The name `folder` (in the child) had in the older commit.
    From,
    /// The name `folder` (in the older commit) has in the child.
    To,
}

/// The other name of a folder renamed between `older` and its child, by
/// git's rename detection on the folder's files.
fn renamed(
    repo: &Repo,
    older: Oid,
    child: Oid,
    folder: &str,
    direction: Direction,
) -> Result<Option<String>, HistoryError> {
    let git = repo.raw();
    let older = git.find_commit(older)?.tree()?;
    let newer = git.find_commit(child)?.tree()?;
    Ok(renamed_between(git, &older, &newer, folder, direction)?.first().cloned())
}

/// The folders a folder was renamed from (or to) between two trees.
pub(crate) fn renamed_between(
    git: &git2::Repository,
    older: &git2::Tree<'_>,
    newer: &git2::Tree<'_>,
    folder: &str,
    direction: Direction,
) -> Result<Vec<String>, HistoryError> {
    // Only the agreements can have moved; a large repository has more.
    let mut scope = git2::DiffOptions::new();
    scope.pathspec("agreements/");
    let mut diff = git.diff_tree_to_tree(Some(older), Some(newer), Some(&mut scope))?;
    renames_in(&mut diff, folder, direction)
}

/// The folders `folder` was renamed from or to in a diff, most files first.
pub(crate) fn renames_in(
    diff: &mut git2::Diff<'_>,
    folder: &str,
    direction: Direction,
) -> Result<Vec<String>, HistoryError> {
    let mut options = git2::DiffFindOptions::new();
    options.renames(true);
    diff.find_similar(Some(&mut options))?;
    let prefix = format!("agreements/{folder}/");
    let name_of = |path: &std::path::Path| -> Option<String> {
        let path = path.to_string_lossy();
        let rest = path.strip_prefix("agreements/")?;
        rest.split_once('/').map(|(name, _)| name.to_owned())
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for delta in diff.deltas() {
        if delta.status() != git2::Delta::Renamed {
            continue;
        }
        let (Some(new), Some(old)) = (delta.new_file().path(), delta.old_file().path()) else { continue };
        let (here, there) = match direction {
            Direction::From => (new, old),
            Direction::To => (old, new),
        };
        if here.to_string_lossy().starts_with(&prefix)
            && let Some(name) = name_of(there)
            && name != folder
        {
            *counts.entry(name).or_default() += 1;
        }
    }
    let mut found: Vec<(String, usize)> = counts.into_iter().collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(found.into_iter().map(|(name, _)| name).collect())
}

/// For each commit, the id of its `agreements/` tree (`None` when there is
/// none). Read in parallel, in order.
fn agreements_trees(handles: &Handles, commits: &[Oid]) -> Result<Vec<Option<Oid>>, HistoryError> {
    commits.par_iter().map(|id| handles.with(|git| agreements_tree(git, *id))).collect()
}

/// The blobs of `agreements/<name>` in an `agreements/` tree, if the folder
/// is there and holds an agreement.toml.
fn folder_ids(git: &git2::Repository, agreements: Oid, name: &str) -> Result<Option<FolderIds>, HistoryError> {
    let tree = git.find_tree(agreements)?;
    let Some(entry) = tree.get_name(name).filter(|e| e.kind() == Some(ObjectType::Tree)) else { return Ok(None) };
    let folder = git.find_tree(entry.id())?;
    let blob = |file: &str| folder.get_name(file).filter(|e| e.kind() == Some(ObjectType::Blob)).map(|e| e.id());
    let Some(agreement) = blob("agreement.toml") else { return Ok(None) };
    Ok(Some(FolderIds {
        tree: entry.id(),
        agreement: Some(agreement),
        tom: blob("tom.toml"),
        subprocessors: blob("subprocessors.toml"),
    }))
}

fn blob_text(git: &git2::Repository, blob: Oid) -> String {
    git.find_blob(blob).map(|b| String::from_utf8_lossy(b.content()).into_owned()).unwrap_or_default()
}

/// `meta.previous_ids` of an agreement.toml.
pub(super) fn previous_ids(text: &str) -> Vec<String> {
    let Ok(node) = crate::load::parse::to_node(text) else { return Vec::new() };
    node.pointer("/meta/previous_ids")
        .and_then(|v| v.as_array())
        .map(|items| items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// What the walk needs of an agreement.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Meta {
    version: String,
    released: bool,
    withdrawn: bool,
}

/// An annex's label and own version ("TOM", "2.1"), if it has one.
type AnnexVersion = Option<(String, String)>;

/// The facts read from each distinct blob of the walk.
#[derive(Debug, Default)]
struct Facts {
    agreements: HashMap<Oid, Option<Meta>>,
    /// TOM annexes and sub-processor lists: (label, own version), if they have one.
    annexes: HashMap<Oid, AnnexVersion>,
}

/// Reads the version and status of every distinct agreement.toml, and the
/// own versions of every distinct tom.toml and subprocessors.toml, in
/// parallel. In walk order: consecutive versions are stored as deltas of
/// each other, so a worker reading neighbours finds the bases in its cache.
fn read_facts(handles: &Handles, states: &[State]) -> Result<Facts, HistoryError> {
    let mut seen = HashSet::new();
    let agreements: Vec<Oid> = states.iter().filter_map(|s| s.ids.agreement).filter(|b| seen.insert(*b)).collect();
    let toms: Vec<Oid> = states.iter().filter_map(|s| s.ids.tom).filter(|b| seen.insert(*b)).collect();
    let lists: Vec<Oid> = states.iter().filter_map(|s| s.ids.subprocessors).filter(|b| seen.insert(*b)).collect();
    let metas: Vec<(Oid, Option<Meta>)> = agreements
        .par_iter()
        .map(|blob| {
            let meta = read_text(handles, blob, |text| table_values(text, "meta", &["version", "status"]))?;
            let status = meta.get(1).cloned().flatten();
            Ok((
                *blob,
                meta.first().cloned().flatten().map(|version| Meta {
                    version,
                    released: matches!(status.as_deref(), Some("final" | "superseded" | "withdrawn")),
                    withdrawn: status.as_deref() == Some("withdrawn"),
                }),
            ))
        })
        .collect::<Result<_, HistoryError>>()?;
    let annex = |blobs: &[Oid], table: &str, default_label: &str| -> Result<Vec<(Oid, AnnexVersion)>, HistoryError> {
        blobs
            .par_iter()
            .map(|blob| {
                let values = read_text(handles, blob, |text| table_values(text, table, &["version", "label"]))?;
                let version = values.first().cloned().flatten();
                let label = values.get(1).cloned().flatten().unwrap_or_else(|| default_label.to_owned());
                Ok((*blob, version.map(|v| (label, v))))
            })
            .collect()
    };
    let mut facts = Facts { agreements: metas.into_iter().collect(), annexes: HashMap::new() };
    facts.annexes.extend(annex(&toms, "annex", "TOM")?);
    facts.annexes.extend(annex(&lists, "list", "Unterauftragnehmer")?);
    Ok(facts)
}

/// What `read` takes from the text of `blob`, read in place (not copied
/// unless it is not valid UTF-8). A blob git does not have (a partial
/// clone) is an error, not a file without a version: the walk would
/// silently lose that version.
fn read_text<T>(handles: &Handles, blob: &Oid, read: impl Fn(&str) -> T) -> Result<T, HistoryError> {
    handles.with(|git| {
        let found = git.find_blob(*blob).map_err(|_| HistoryError::MissingObject {
            path: "a file of the agreement".into(),
            id: blob.to_string(),
        })?;
        Ok(read(&String::from_utf8_lossy(found.content())))
    })
}

/// Tags named `<name>/v<version>` for any of the agreement's names:
/// (commit, version, tag).
fn version_tags(repo: &Repo, names: &[String]) -> Result<Vec<(Oid, String, String)>, HistoryError> {
    let git = repo.raw();
    let mut out = Vec::new();
    for name in names {
        let prefix = format!("{name}/v");
        for tag in git.tag_names(Some(&format!("{prefix}*")))?.iter().flatten().flatten() {
            if let Ok(object) = git.revparse_single(&format!("refs/tags/{tag}"))
                && let Ok(commit) = object.peel_to_commit()
            {
                out.push((commit.id(), tag[prefix.len()..].to_owned(), tag.to_owned()));
            }
        }
    }
    Ok(out)
}

/// `meta.version` of an agreement.toml, reading only its `[meta]` table
/// where possible (a history walk does this for every distinct file).
pub fn meta_version(text: &str) -> Option<String> {
    table_values(text, "meta", &["version"]).into_iter().next().flatten()
}

/// The string values of `keys` in the table `[table]` of a TOML text, read
/// without a TOML parser where the table is written plainly (a history
/// walk reads every distinct file this way), else with the loader's parser.
fn table_values(text: &str, table: &str, keys: &[&str]) -> Vec<Option<String>> {
    let header = format!("[{table}]");
    let start = text.find(&format!("\n{header}")).map(|i| i + 1).or_else(|| text.starts_with(&header).then_some(0));
    if let Some(start) = start {
        let rest = &text[start..];
        let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 1);
        if let Some(values) = plain_values(&rest[..end], keys) {
            return values;
        }
    }
    // The loader's parser, not a second TOML parser of the history module.
    let Ok(node) = crate::load::parse::to_node(text) else { return vec![None; keys.len()] };
    keys.iter()
        .map(|key| node.pointer(&format!("/{table}/{key}")).and_then(|v| v.as_str()).map(str::to_owned))
        .collect()
}

/// The common case without a TOML parser: lines `key = "value"` in a table
/// (`slice` starts at its header). Anything unusual (escapes, multi-line
/// strings, a comment that is not at the end) returns `None`, and the
/// caller parses.
fn plain_values(slice: &str, keys: &[&str]) -> Option<Vec<Option<String>>> {
    let mut out = vec![None; keys.len()];
    for line in slice.lines().skip(1) {
        let line = line.trim();
        if line.starts_with('[') || line.contains("\"\"\"") || line.contains("'''") {
            return None;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let Some(index) = keys.iter().position(|k| *k == key.trim()) else { continue };
        let value = value.trim();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = &value[1..];
        let end = inner.find(quote)?;
        let (text, rest) = (&inner[..end], inner[end + 1..].trim());
        if text.contains('\\') || !(rest.is_empty() || rest.starts_with('#')) {
            return None;
        }
        out[index] = Some(text.to_owned());
    }
    Some(out)
}

/// A commit's message and author name as text, decoded from the encoding
/// the commit declares (`git -c i18n.commitEncoding=ISO-8859-1 commit`):
/// git2 reads only UTF-8 and would drop a Latin-1 message, its trailers and
/// an author with an umlaut.
pub(crate) fn commit_text(commit: &git2::Commit<'_>) -> (String, String) {
    let encoding = commit.message_encoding().ok().flatten().unwrap_or("UTF-8").to_ascii_lowercase();
    (decode_as(&encoding, commit.message_bytes()), decode_as(&encoding, commit.author().name_bytes()))
}

/// `bytes` in `encoding` as text: UTF-8, the Latin-1 family and Windows-1252;
/// anything else read as UTF-8 with replacement characters.
fn decode_as(encoding: &str, bytes: &[u8]) -> String {
    match encoding {
        "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" | "iso-8859-15" | "iso8859-15" | "latin9" => {
            bytes.iter().map(|&b| char::from(b)).collect()
        }
        "windows-1252" | "cp1252" => bytes.iter().map(|&b| windows_1252(b)).collect(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// A Windows-1252 byte as a character (Latin-1 but for 0x80–0x9F).
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// The value of the last trailer named one of `keys` in a commit message.
fn trailer(message: &str, keys: &[&str]) -> Option<String> {
    let last_paragraph = message.trim_end().rsplit("\n\n").next()?;
    last_paragraph.lines().rev().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        keys.iter()
            .any(|k| k.eq_ignore_ascii_case(key.trim()))
            .then(|| value.trim().to_owned())
            .filter(|v| !v.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_meta_version_quickly() {
        let text =
            "#:schema x\nschema_version = 1\n\n[meta]\nid = \"a\"\nversion = \"1.5a\"\n\n[[clause]]\nid = \"c\"\n";
        assert_eq!(meta_version(text).as_deref(), Some("1.5a"));
        assert_eq!(meta_version("meta = { version = \"2\" }").as_deref(), Some("2"));
        assert_eq!(meta_version("not toml [").as_deref(), None);
        // Valid TOML the fast reader declines (a dotted key) is still read.
        assert_eq!(meta_version("schema_version = 1\nmeta.version = \"3\"\n").as_deref(), Some("3"));
        // The fast path and the parser agree.
        for (text, expected) in [
            ("[meta]\nid = \"a\"\nversion = \"1.8\" # Stand\n", Some("1.8")),
            ("[meta]\nversion='2.0'\n[x]\nversion = \"9\"\n", Some("2.0")),
            ("[meta]\nversions = \"x\"\nversion = \"3\"\n", Some("3")),
            ("[meta]\nversion = \"1\\u00e4\"\n", Some("1ä")),
            ("[meta]\ntitle = \"\"\"\nversion = \"falsch\"\n\"\"\"\nversion = \"4\"\n", Some("4")),
            ("[meta]\nid = \"a\"\n\n[[clause]]\nversion = \"5\"\n", None),
            ("x = 1\n[meta]\nversion = \"6\"", Some("6")),
        ] {
            assert_eq!(meta_version(text).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn reads_status_and_annex_versions() {
        let text = "[meta]\nversion = \"1.9\"\nstatus = \"draft\"\n";
        assert_eq!(table_values(text, "meta", &["version", "status"]), [Some("1.9".into()), Some("draft".into())]);
        let tom = "schema_version = 1\n\n[annex]\nid = \"tom\"\ntitle = \"TOM\"\nversion = \"2.1\"\n\n[[section]]\nid = \"a\"\n";
        assert_eq!(table_values(tom, "annex", &["version", "label"]), [Some("2.1".into()), None]);
        assert_eq!(previous_ids("[meta]\nid = \"neu\"\nprevious_ids = [\"alt\", \"aelter\"]\n"), ["alt", "aelter"]);
    }

    #[test]
    fn decodes_declared_encodings() {
        assert_eq!(decode_as("iso-8859-1", b"J\xfcrgen M\xfcller"), "Jürgen Müller");
        assert_eq!(decode_as("cp1252", b"\x84Zitat\x93 \x80"), "„Zitat“ €");
        assert_eq!(decode_as("utf-8", "Jürgen".as_bytes()), "Jürgen");
    }

    #[test]
    fn reads_trailers() {
        let message = "Add Auth0\n\nLonger text.\n\nApproved-by: Dr. Datenschutz <dsb@example.org>\nSummary: neuer Unterauftragnehmer\n";
        assert_eq!(trailer(message, &["Approved-by"]).as_deref(), Some("Dr. Datenschutz <dsb@example.org>"));
        assert_eq!(trailer(message, &["Summary"]).as_deref(), Some("neuer Unterauftragnehmer"));
        assert_eq!(trailer("Subject only", &["Summary"]), None);
    }
}
