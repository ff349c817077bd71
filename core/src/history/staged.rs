//! The index (staging area): which agreements a commit would change, and
//! their files as they would be committed.

use std::collections::BTreeSet;
use std::path::Path;

use super::{HistoryError, Repo};
use crate::load::{LoadedFolder, load_snapshot};

impl Repo {
    /// The agreement folders with staged changes against `base` (HEAD, or
    /// for an amend HEAD's parent; `None` before the first commit).
    pub fn staged_agreements(&self, base: Option<super::Oid>) -> Result<Vec<String>, HistoryError> {
        let git = self.raw();
        let index = self.staging_index()?;
        let head = match base {
            Some(commit) => Some(git.find_commit(commit)?.tree()?),
            None => None,
        };
        let mut options = git2::DiffOptions::new();
        options.pathspec("agreements/");
        let diff = git.diff_tree_to_index(head.as_ref(), Some(&index), Some(&mut options))?;
        let mut ids = BTreeSet::new();
        for delta in diff.deltas() {
            for file in [delta.old_file().path(), delta.new_file().path()].into_iter().flatten() {
                let path = file.to_string_lossy();
                if let Some((id, _)) = path.strip_prefix("agreements/").and_then(|rest| rest.split_once('/')) {
                    ids.insert(id.to_owned());
                }
            }
        }
        Ok(ids.into_iter().collect())
    }

    /// Loads `agreements/<id>` as staged in the index (`None` when the
    /// folder would be deleted).
    pub fn load_staged(&self, id: &str) -> Result<Option<LoadedFolder>, HistoryError> {
        let git = self.raw();
        let index = self.staging_index()?;
        let prefix = format!("agreements/{id}/");
        let mut files = Vec::new();
        for entry in index.iter() {
            let path = String::from_utf8_lossy(&entry.path).into_owned();
            let Some(relative) = path.strip_prefix(&prefix) else { continue };
            let blob = git.find_blob(entry.id)?;
            files.push((relative.to_owned(), blob.content().to_vec()));
        }
        if files.is_empty() {
            return Ok(None);
        }
        Ok(Some(load_snapshot(id, &Path::new("agreements").join(id), &files)))
    }

    /// The TOML files of `agreements/<id>` as staged, by blob (`None` when
    /// the folder would be deleted), as [`super::FolderBlobs`] names a
    /// committed folder.
    pub fn staged_blobs(&self, id: &str) -> Result<Option<super::FolderBlobs>, HistoryError> {
        let index = self.staging_index()?;
        let prefix = format!("agreements/{id}/");
        let mut files = Vec::new();
        for entry in index.iter() {
            let path = String::from_utf8_lossy(&entry.path).into_owned();
            let Some(name) = path.strip_prefix(&prefix) else { continue };
            if super::blobs::is_folder_file(name) {
                files.push((name.to_owned(), entry.id));
            }
        }
        files.sort();
        Ok((!files.is_empty()).then(|| super::FolderBlobs { folder: id.to_owned(), files }))
    }

    /// The text of a file as staged (`None` when the commit would not have
    /// it, or it is not UTF-8).
    pub fn staged_file(&self, path: &str) -> Result<Option<String>, HistoryError> {
        let index = self.staging_index()?;
        let Some(entry) = index.get_path(Path::new(path), 0) else { return Ok(None) };
        let blob = self.raw().find_blob(entry.id)?;
        Ok(std::str::from_utf8(blob.content()).ok().map(str::to_owned))
    }

    /// The files the commit would add or change against `base` (every
    /// path, not only agreements), with the index to ask what else is
    /// staged: what the hook needs to see a commit of avv's private output.
    pub fn staged_paths(&self, base: Option<super::Oid>) -> Result<Staged, HistoryError> {
        let git = self.raw();
        let index = self.staging_index()?;
        let head = match base {
            Some(commit) => Some(git.find_commit(commit)?.tree()?),
            None => None,
        };
        let diff = git.diff_tree_to_index(head.as_ref(), Some(&index), None)?;
        let changed = diff
            .deltas()
            .filter(|d| d.status() != git2::Delta::Deleted)
            .filter_map(|d| d.new_file().path().map(|p| p.to_string_lossy().into_owned()))
            .collect();
        Ok(Staged { changed, index })
    }

    /// Loads `agreements/<id>` as it is at HEAD (`None` before the first commit).
    pub fn load_head(&self, id: &str) -> Result<Option<LoadedFolder>, HistoryError> {
        match self.resolve("HEAD") {
            Ok(head) => self.load_at(head, id),
            Err(_) => Ok(None),
        }
    }
}

/// What a commit would record beyond the agreements: the paths it adds or
/// changes, and the index, asked per path (not listed whole: the hook runs
/// on every commit, and an index may hold thousands of files).
pub struct Staged {
    /// The paths the commit adds or changes.
    pub changed: Vec<String>,
    index: git2::Index,
}

impl Staged {
    /// Whether the commit would have the file `path`.
    pub fn has(&self, path: &str) -> bool {
        self.index.get_path(Path::new(path), 0).is_some()
    }
}
