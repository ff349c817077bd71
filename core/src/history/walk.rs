//! Walks the first-parent history of an agreement folder (following renames)
//! and finds the commits where its version changes.

use std::collections::{HashMap, HashSet};

use std::path::PathBuf;

use git2::{ObjectType, Oid, Sort};
use rayon::prelude::*;
use serde::Serialize;

use super::repo::Handles;
use super::{HistoryError, Repo};
use crate::model::primitives::Date;

/// A commit where an agreement reached a new version.
#[derive(Debug, Clone, Serialize)]
pub struct VersionPoint {
    /// The version label from `meta.version` (or the tag).
    pub version: String,
    /// The commit (full hex id).
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
}

/// How many commits are looked up at a time: a batch is read in parallel,
/// and the walk stops early once the agreement's first commit is found.
const BATCH: usize = 1024;

/// The version points of `agreement` in the first-parent history up to `until`.
///
/// The commits are looked up in parallel batches, each worker with its own
/// handle on the repository; the folder's name is followed back through
/// renames, and each distinct `agreement.toml` is read once.
pub fn versions(repo: &Repo, agreement: &str, until: Oid) -> Result<Vec<VersionPoint>, HistoryError> {
    let git = repo.raw();
    let mut walk = git.revwalk()?;
    walk.push(until)?;
    walk.simplify_first_parent()?;
    walk.set_sorting(Sort::TOPOLOGICAL)?;
    let newest_first: Vec<Oid> = walk.collect::<Result<_, _>>()?;
    let handles = repo.handles();

    // Newest to oldest: the folder's name and its agreement.toml at each
    // commit, following renames.
    let mut folder = agreement.to_owned();
    let mut states: Vec<(Oid, String, Option<Oid>)> = Vec::with_capacity(newest_first.len());
    let mut next = 0;
    'walk: while next < newest_first.len() {
        let batch = &newest_first[next..(next + BATCH).min(newest_first.len())];
        let found = lookup(handles, batch, &folder)?;
        for (offset, blob) in found.into_iter().enumerate() {
            let index = next + offset;
            match blob {
                Some(blob) => states.push((newest_first[index], folder.clone(), blob)),
                // Not (yet) there at the newest commits.
                None if states.is_empty() => {}
                None => {
                    let child = newest_first[index - 1];
                    let Some(previous) = renamed_from(repo, newest_first[index], child, &folder)? else { break 'walk };
                    if previous == folder {
                        break 'walk;
                    }
                    // Look this commit up again under the old name.
                    folder = previous;
                    next = index;
                    continue 'walk;
                }
            }
        }
        next += batch.len();
    }
    if states.is_empty() {
        return Err(HistoryError::NoSuchAgreement(agreement.to_owned()));
    }
    let tags = version_tags(repo, agreement)?;
    // In walk order: consecutive versions are stored as deltas of each
    // other, so a worker reading neighbours finds the bases in its cache.
    let mut seen = HashSet::new();
    let blobs: Vec<Oid> = states.iter().filter_map(|(_, _, blob)| *blob).filter(|blob| seen.insert(*blob)).collect();
    let versions_by_blob = read_versions(handles, &blobs)?;

    // Oldest to newest: a version point wherever the version changes.
    let mut points: Vec<VersionPoint> = Vec::new();
    let mut current: Option<String> = None;
    for (id, folder, blob) in states.iter().rev() {
        let version = blob.and_then(|blob| versions_by_blob.get(&blob).cloned().flatten());
        let tag = tags.get(id).cloned();
        let changed = version.is_some() && version != current;
        if changed || tag.is_some() {
            let label = tag.clone().or_else(|| version.clone()).unwrap_or_default();
            if points.last().is_some_and(|p| p.version == label) && !changed {
                continue;
            }
            let commit = git.find_commit(*id)?;
            let message = commit.message().unwrap_or_default();
            let seconds = commit.time().seconds() + i64::from(commit.time().offset_minutes()) * 60;
            points.push(VersionPoint {
                version: label,
                commit: id.to_string(),
                commit_date: Date::from_days(seconds.div_euclid(86_400)),
                author: commit.author().name().unwrap_or_default().to_owned(),
                approved_by: trailer(message, &["Approved-by"]),
                summary: trailer(message, &["Summary", "Änderung"]),
                folder: folder.clone(),
                tagged: tag.is_some(),
            });
        }
        if version.is_some() {
            current = version;
        }
    }
    Ok(points)
}

/// The folder a renamed agreement folder had before, from the diff between
/// a commit (where `folder` is missing) and its child (where it exists).
fn renamed_from(repo: &Repo, older: Oid, child: Oid, folder: &str) -> Result<Option<String>, HistoryError> {
    let git = repo.raw();
    let older = git.find_commit(older)?.tree()?;
    let newer = git.find_commit(child)?.tree()?;
    // Only the agreements can have moved; a large repository has more.
    let mut scope = git2::DiffOptions::new();
    scope.pathspec("agreements/");
    let mut diff = git.diff_tree_to_tree(Some(&older), Some(&newer), Some(&mut scope))?;
    let mut options = git2::DiffFindOptions::new();
    options.renames(true);
    diff.find_similar(Some(&mut options))?;
    let prefix = format!("agreements/{folder}/");
    for delta in diff.deltas() {
        if delta.status() != git2::Delta::Renamed {
            continue;
        }
        let (Some(new), Some(old)) = (delta.new_file().path(), delta.old_file().path()) else { continue };
        if new.to_string_lossy().starts_with(&prefix) {
            let old = old.to_string_lossy();
            if let Some(rest) = old.strip_prefix("agreements/")
                && let Some((name, _)) = rest.split_once('/')
            {
                return Ok(Some(name.to_owned()));
            }
        }
    }
    Ok(None)
}

/// For each commit: `None` when `agreements/<folder>` is not there, else
/// the id of its agreement.toml (if any). Read in parallel, in order.
fn lookup(handles: &Handles, commits: &[Oid], folder: &str) -> Result<Vec<Option<Option<Oid>>>, HistoryError> {
    let path = PathBuf::from(format!("agreements/{folder}"));
    commits
        .par_iter()
        .map(|id| {
            handles.with(|git| {
                let tree = git.find_commit(*id)?.tree()?;
                let entry = match tree.get_path(&path) {
                    Ok(entry) if entry.kind() == Some(ObjectType::Tree) => entry,
                    _ => return Ok(None),
                };
                let subtree = git.find_tree(entry.id())?;
                Ok(Some(subtree.get_name("agreement.toml").map(|e| e.id())))
            })
        })
        .collect()
}

/// `meta.version` of each agreement.toml blob, read in parallel.
fn read_versions(handles: &Handles, blobs: &[Oid]) -> Result<HashMap<Oid, Option<String>>, HistoryError> {
    blobs
        .par_iter()
        .map(|blob| {
            handles.with(|git| {
                let version =
                    git.find_blob(*blob).ok().and_then(|b| meta_version(&String::from_utf8_lossy(b.content())));
                Ok((*blob, version))
            })
        })
        .collect()
}

/// Tags named `<agreement>/v<version>`, by commit.
fn version_tags(repo: &Repo, agreement: &str) -> Result<HashMap<Oid, String>, HistoryError> {
    let git = repo.raw();
    let mut out = HashMap::new();
    let prefix = format!("{agreement}/v");
    for name in git.tag_names(Some(&format!("{prefix}*")))?.iter().flatten().flatten() {
        if let Ok(object) = git.revparse_single(&format!("refs/tags/{name}"))
            && let Ok(commit) = object.peel_to_commit()
        {
            out.insert(commit.id(), name[prefix.len()..].to_owned());
        }
    }
    Ok(out)
}

/// `meta.version` of an agreement.toml, reading only its `[meta]` table
/// where possible (a history walk does this for every commit).
pub fn meta_version(text: &str) -> Option<String> {
    let start = text.find("\n[meta]").map(|i| i + 1).or_else(|| text.starts_with("[meta]").then_some(0));
    let slice = match start {
        Some(start) => {
            let rest = &text[start..];
            let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 1);
            &rest[..end]
        }
        None => text,
    };
    if start.is_some()
        && let Some(version) = plain_version_line(slice)
    {
        return Some(version);
    }
    // The loader's parser, not a second TOML parser of the history module.
    let parse = |s: &str| -> Option<String> {
        crate::load::parse::to_node(s).ok()?.pointer("/meta/version")?.as_str().map(str::to_owned)
    };
    parse(slice).or_else(|| if start.is_some() { parse(text) } else { None })
}

/// The common case without a TOML parser: a line `version = "1.8"` in the
/// `[meta]` table (`slice` starts at its header). Anything unusual (escapes,
/// multi-line strings, a comment that is not at the end) returns `None`, and
/// the caller parses.
fn plain_version_line(slice: &str) -> Option<String> {
    for line in slice.lines().skip(1) {
        let line = line.trim();
        if line.starts_with('[') || line.contains("\"\"\"") || line.contains("'''") {
            return None;
        }
        let Some(value) = line.strip_prefix("version").map(str::trim_start).and_then(|r| r.strip_prefix('=')) else {
            continue;
        };
        let value = value.trim();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = &value[1..];
        let end = inner.find(quote)?;
        let (version, rest) = (&inner[..end], inner[end + 1..].trim());
        let plain = !version.contains('\\') && (rest.is_empty() || rest.starts_with('#'));
        return plain.then(|| version.to_owned());
    }
    None
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
    fn reads_trailers() {
        let message = "Add Auth0\n\nLonger text.\n\nApproved-by: Dr. Datenschutz <dsb@example.org>\nSummary: neuer Unterauftragnehmer\n";
        assert_eq!(trailer(message, &["Approved-by"]).as_deref(), Some("Dr. Datenschutz <dsb@example.org>"));
        assert_eq!(trailer(message, &["Summary"]).as_deref(), Some("neuer Unterauftragnehmer"));
        assert_eq!(trailer("Subject only", &["Summary"]), None);
    }
}
