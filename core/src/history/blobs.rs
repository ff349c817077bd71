//! Agreement folders read from git by blob.
//!
//! A version of an agreement is the list of its files' blob ids
//! ([`FolderBlobs`]): cheap to keep for a thousand versions, and loaded
//! only when a document or a diff needs it. Consecutive versions mostly
//! share files (a TOM annex or a sub-processor list changes less often than
//! the agreement; thousands of customer instances hardly ever), so parsed
//! files are kept by blob in a [`FileCache`]: a file is read and parsed
//! once however many versions contain it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use git2::{ObjectType, Oid, Repository, Tree};

use super::{HistoryError, Repo};
use crate::load::{FileLoad, LoadedFolder};

/// The files of an agreement folder at one commit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FolderBlobs {
    /// The folder's name at that commit (`agreements/<folder>`).
    pub folder: String,
    /// The TOML files, by path within the folder (`agreement.toml`,
    /// `customers/x.toml`), sorted, with their blob ids.
    pub files: Vec<(String, Oid)>,
}

impl FolderBlobs {
    /// The blob of the file `name`.
    pub fn blob(&self, name: &str) -> Option<Oid> {
        self.files.iter().find(|(file, _)| file == name).map(|(_, id)| *id)
    }

    /// The folder without its customer instances: what the agreement's
    /// own documents and its version table are made of.
    pub fn without_customers(&self) -> Self {
        Self {
            folder: self.folder.clone(),
            files: self.files.iter().filter(|(name, _)| !name.starts_with("customers/")).cloned().collect(),
        }
    }
}

/// Loads folders from their blobs on any thread: each worker borrows a
/// handle on the repository of its own (a git2 handle is not shared
/// between threads).
pub struct Loader {
    pub(super) handles: super::repo::Handles,
}

impl Loader {
    /// A loader for the repository at `root`; `None` outside a repository.
    pub fn open(root: &Path) -> Result<Option<Self>, HistoryError> {
        match Repo::open(root) {
            Ok(repo) => Ok(Some(repo.loader())),
            Err(HistoryError::NotARepository(_)) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Loads the folder `blobs`.
    pub fn load(&self, blobs: &FolderBlobs) -> Result<LoadedFolder, HistoryError> {
        self.handles.with(|git| FileCache::default().load(git, blobs))
    }

    /// The committer time of `commit` (hex id), in seconds since 1970;
    /// `None` if it is not a commit of the repository.
    pub fn commit_time(&self, commit: &str) -> Option<i64> {
        let oid = Oid::from_str(commit).ok()?;
        self.handles.with(|git| Ok(git.find_commit(oid).ok().map(|c| c.time().seconds()))).ok().flatten()
    }
}

impl std::fmt::Debug for Loader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Loader")
    }
}

impl Repo {
    /// A loader of folders for worker threads.
    pub fn loader(&self) -> Loader {
        Loader { handles: super::repo::Handles::new(self.raw().path()) }
    }

    /// The files of `agreements/<folder>` at `commit` (`None` if absent).
    pub fn folder_blobs(&self, commit: Oid, folder: &str) -> Result<Option<FolderBlobs>, HistoryError> {
        folder_blobs(self.raw(), commit, folder)
    }

    /// Loads a folder from its blobs (no cache).
    pub fn load_blobs(&self, blobs: &FolderBlobs) -> Result<LoadedFolder, HistoryError> {
        FileCache::default().load(self.raw(), blobs)
    }
}

/// The files of `agreements/<folder>` at `commit`, through any handle.
pub(crate) fn folder_blobs(git: &Repository, commit: Oid, folder: &str) -> Result<Option<FolderBlobs>, HistoryError> {
    let tree = git.find_commit(commit)?.tree()?;
    let path = format!("agreements/{folder}");
    let subtree = match tree.get_path(Path::new(&path)) {
        Ok(entry) if entry.kind() == Some(ObjectType::Tree) => git.find_tree(entry.id())?,
        _ => return Ok(None),
    };
    Ok(Some(blobs_of(git, &subtree, folder)?))
}

/// Whether `name` (a path within an agreement folder) is one of the files
/// a [`FolderBlobs`] holds: a TOML file of the folder, or of `customers/`.
pub(crate) fn is_folder_file(name: &str) -> bool {
    let customer = name.strip_prefix("customers/").is_some_and(|file| !file.contains('/'));
    name.ends_with(".toml") && (!name.contains('/') || customer)
}

/// The TOML files of a folder tree and of its `customers/` tree.
fn blobs_of(git: &Repository, tree: &Tree<'_>, folder: &str) -> Result<FolderBlobs, HistoryError> {
    let mut files = Vec::new();
    for entry in tree.iter() {
        let Ok(name) = entry.name() else { continue };
        match entry.kind() {
            Some(ObjectType::Blob) if name.ends_with(".toml") => files.push((name.to_owned(), entry.id())),
            Some(ObjectType::Tree) if name == "customers" => {
                let customers = git.find_tree(entry.id()).map_err(|_| HistoryError::MissingObject {
                    path: format!("agreements/{folder}/customers"),
                    id: entry.id().to_string(),
                })?;
                for customer in customers.iter() {
                    let Ok(file) = customer.name() else { continue };
                    if customer.kind() == Some(ObjectType::Blob) && file.ends_with(".toml") {
                        files.push((format!("customers/{file}"), customer.id()));
                    }
                }
            }
            _ => {}
        }
    }
    files.sort();
    Ok(FolderBlobs { folder: folder.to_owned(), files })
}

/// Parsed files by blob and path, shared between the versions that
/// contain them. Entries not used since the last [`FileCache::sweep`] are
/// dropped by the next one, so a long history does not sit in memory.
#[derive(Debug, Default)]
pub struct FileCache {
    entries: Mutex<HashMap<(Oid, String), Entry>>,
}

#[derive(Debug)]
struct Entry {
    file: Arc<FileLoad>,
    used: bool,
}

impl FileCache {
    /// Loads the folder `blobs` through the handle `git`. A file whose
    /// contents git does not have (a partial clone, `--filter`) is an
    /// error: a version is never read, and so never published, without
    /// one of its files.
    pub fn load(&self, git: &Repository, blobs: &FolderBlobs) -> Result<LoadedFolder, HistoryError> {
        let dir = Path::new("agreements").join(&blobs.folder);
        let mut loaded = LoadedFolder::default();
        loaded.folder.id = blobs.folder.clone();
        loaded.folder.dir = dir.clone();
        for (name, id) in &blobs.files {
            if let Some(file) = self.file(git, &dir, name, *id)? {
                loaded.add(&file);
            }
        }
        Ok(loaded)
    }

    /// The file `name` of the folder at `dir`, stored as blob `id`.
    fn file(&self, git: &Repository, dir: &Path, name: &str, id: Oid) -> Result<Option<Arc<FileLoad>>, HistoryError> {
        let path = dir.join(name).to_string_lossy().into_owned();
        let key = (id, path);
        if let Ok(mut entries) = self.entries.lock()
            && let Some(entry) = entries.get_mut(&key)
        {
            entry.used = true;
            return Ok(Some(entry.file.clone()));
        }
        let blob =
            git.find_blob(id).map_err(|_| HistoryError::MissingObject { path: key.1.clone(), id: id.to_string() })?;
        let Some(file) = FileLoad::from_bytes(dir, name, blob.content()) else { return Ok(None) };
        let file = Arc::new(file);
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(key, Entry { file: file.clone(), used: true });
        }
        Ok(Some(file))
    }

    /// Drops the files not used since the previous sweep.
    pub fn sweep(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, entry| std::mem::replace(&mut entry.used, false));
        }
    }

    /// How many parsed files the cache holds.
    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_shared_by_two_versions_is_parsed_once() {
        let dir = tempfile::tempdir().unwrap();
        let git = Repository::init(dir.path()).unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let agreement = std::fs::read(root.join("agreements/pcvisit/agreement.toml")).unwrap();
        let tom = std::fs::read(root.join("agreements/pcvisit/tom.toml")).unwrap();
        let commit = |agreement: &[u8], parent: Option<Oid>| {
            let mut folder = git.treebuilder(None).unwrap();
            folder.insert("agreement.toml", git.blob(agreement).unwrap(), 0o100644).unwrap();
            folder.insert("tom.toml", git.blob(&tom).unwrap(), 0o100644).unwrap();
            let mut agreements = git.treebuilder(None).unwrap();
            agreements.insert("pcvisit", folder.write().unwrap(), 0o040000).unwrap();
            let mut top = git.treebuilder(None).unwrap();
            top.insert("agreements", agreements.write().unwrap(), 0o040000).unwrap();
            let tree = git.find_tree(top.write().unwrap()).unwrap();
            let who = git2::Signature::new("A", "a@example.org", &git2::Time::new(0, 0)).unwrap();
            let parents: Vec<git2::Commit<'_>> = parent.iter().map(|p| git.find_commit(*p).unwrap()).collect();
            let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
            git.commit(None, &who, &who, "v", &tree, &parents).unwrap()
        };
        let first = commit(&agreement, None);
        let changed =
            String::from_utf8(agreement.clone()).unwrap().replacen("version = \"1.8\"", "version = \"1.9\"", 1);
        let second = commit(changed.as_bytes(), Some(first));

        let cache = FileCache::default();
        let one = cache.load(&git, &folder_blobs(&git, first, "pcvisit").unwrap().unwrap()).unwrap();
        let two = cache.load(&git, &folder_blobs(&git, second, "pcvisit").unwrap().unwrap()).unwrap();
        let (tom_one, tom_two) = (one.folder.tom.unwrap(), two.folder.tom.unwrap());
        assert!(Arc::ptr_eq(&tom_one, &tom_two), "the unchanged TOM annex is parsed once and shared");
        assert!(!Arc::ptr_eq(one.folder.agreement.as_ref().unwrap(), two.folder.agreement.as_ref().unwrap()));
        assert_eq!(two.folder.agreement.unwrap().value.meta.version, "1.9");
        assert_eq!(cache.len(), 3);
        cache.sweep();
        cache.sweep();
        assert!(cache.is_empty(), "entries not used since the last sweep are dropped");
    }
}
