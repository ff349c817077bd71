//! Opening the repository and reading agreement folders at a revision.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use git2::{ObjectType, Oid, Repository};

use super::HistoryError;
use super::blobs::FolderBlobs;
use super::walk::VersionIndex;
use crate::load::LoadedFolder;

/// An opened repository.
pub struct Repo {
    repo: Repository,
    workdir: PathBuf,
    handles: Handles,
    /// The index file git names for the commit being made (`GIT_INDEX_FILE`
    /// in a hook), instead of the repository's own.
    index_file: Option<PathBuf>,
}

/// Further handles on the repository for worker threads. A git2 handle is
/// not shared between threads, and a fresh one starts with cold object and
/// pack caches, so workers borrow a handle and give it back instead of
/// opening their own each time.
pub(crate) struct Handles {
    git_dir: PathBuf,
    idle: Mutex<Vec<Repository>>,
}

impl Handles {
    /// Handles on the repository whose git folder is `git_dir`.
    pub(crate) fn new(git_dir: &Path) -> Self {
        Self { git_dir: git_dir.to_path_buf(), idle: Mutex::new(Vec::new()) }
    }

    /// Runs `work` with a handle of its own.
    pub(crate) fn with<T>(&self, work: impl FnOnce(&Repository) -> Result<T, HistoryError>) -> Result<T, HistoryError> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let handle = match idle {
            Some(handle) => handle,
            None => Repository::open(&self.git_dir)?,
        };
        let out = work(&handle);
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(handle);
        }
        out
    }
}

/// One side of a comparison: a commit, or the working tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevisionSide {
    /// A commit (full hex id).
    Commit(String),
    /// The files on disk.
    WorkingTree,
}

/// The two sides of a range as written: `a..b`, or `a...b` (from their
/// merge base); an empty side is HEAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RangeText<'a> {
    /// The earlier side.
    pub from: &'a str,
    /// The later side.
    pub to: &'a str,
    /// Whether the range starts at the merge base of its sides (`...`).
    pub merge_base: bool,
}

impl<'a> RangeText<'a> {
    /// The sides of `text`; `None` if it is no range.
    pub fn of(text: &'a str) -> Option<Self> {
        let head = |side: &'a str| if side.is_empty() { "HEAD" } else { side };
        let (from, to, merge_base) = match text.split_once("...") {
            Some((a, b)) => (a, b, true),
            None => text.split_once("..").map(|(a, b)| (a, b, false))?,
        };
        Some(Self { from: head(from), to: head(to), merge_base })
    }
}

impl Repo {
    /// Opens the repository containing `path`; refuses shallow clones.
    pub fn open(path: &Path) -> Result<Self, HistoryError> {
        let repo = Self::open_shallow(path)?;
        if repo.is_shallow() {
            return Err(HistoryError::Shallow);
        }
        Ok(repo)
    }

    /// Opens the repository containing `path`, a shallow clone too: for
    /// what needs only HEAD and the index (the pre-commit hook).
    pub fn open_shallow(path: &Path) -> Result<Self, HistoryError> {
        // libgit2 hashes every object it reads to check it against its id,
        // which was most of the cost of a long history. git itself does not
        // (that is `git fsck`'s job), and avv only reads the repository it
        // runs in.
        git2::opts::strict_hash_verification(false);
        let repo = Repository::discover(path).map_err(|error| match error.code() {
            // git refuses a repository another user owns ("dubious ownership").
            git2::ErrorCode::Owner => HistoryError::NotOwned(path.to_path_buf()),
            _ => HistoryError::NotARepository(path.to_path_buf()),
        })?;
        let workdir = repo.workdir().map(Path::to_path_buf).unwrap_or_else(|| path.to_path_buf());
        let handles = Handles::new(repo.path());
        Ok(Self { repo, workdir, handles, index_file: None })
    }

    /// Whether the repository is bare (has no working tree).
    pub fn is_bare(&self) -> bool {
        self.repo.is_bare()
    }

    /// Whether the clone is shallow (its history is cut off).
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// Reads the staging area from `path` instead of the repository's own
    /// index: git hands a hook the index it is about to commit in
    /// `GIT_INDEX_FILE` (`git commit -a`, `git commit <path>`, `-i`, `--only`).
    /// A relative path is taken from the working directory, as git does.
    pub fn use_index_file(&mut self, path: &Path) {
        let path = if path.is_absolute() { path.to_path_buf() } else { self.workdir.join(path) };
        self.index_file = Some(path);
    }

    /// The staging area a commit would record.
    pub(crate) fn staging_index(&self) -> Result<git2::Index, HistoryError> {
        match &self.index_file {
            Some(path) => {
                let mut index = git2::Index::open(path)?;
                // Ties the index to the repository, so that diffs against trees work.
                self.repo.set_index(&mut index)?;
                Ok(index)
            }
            None => Ok(self.repo.index()?),
        }
    }

    /// The repository's working directory.
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// The underlying git2 repository.
    pub(crate) fn raw(&self) -> &Repository {
        &self.repo
    }

    /// Handles for worker threads.
    pub(crate) fn handles(&self) -> &Handles {
        &self.handles
    }

    /// Resolves a revision (`HEAD`, a branch, a tag, an id) to a commit id.
    pub fn resolve(&self, revision: &str) -> Result<Oid, HistoryError> {
        let object =
            self.repo.revparse_single(revision).map_err(|_| HistoryError::UnknownRevision(revision.to_owned()))?;
        let commit = object.peel_to_commit().map_err(|_| HistoryError::UnknownRevision(revision.to_owned()))?;
        Ok(commit.id())
    }

    /// The merge base of two commits (for `main...HEAD`).
    pub fn merge_base(&self, a: Oid, b: Oid) -> Result<Oid, HistoryError> {
        Ok(self.repo.merge_base(a, b)?)
    }

    /// The two ends of a revision range as git writes it: `A..B` (from A
    /// to B), or `A...B` (from the merge base of A and B to B, what a pull
    /// request changes). An empty side is `HEAD`. `None` when `text` is no
    /// range.
    pub fn range(&self, text: &str) -> Result<Option<(Oid, Oid)>, HistoryError> {
        self.range_in(text, None)
    }

    /// Resolves a revision, or else a version of the agreement `versions`
    /// indexes (`1.8`): the commit whose files are that version's text.
    /// A revision comes first, as git reads it: a tag or branch `1.8`
    /// names what git says.
    pub fn resolve_in(&self, revision: &str, versions: Option<&VersionIndex>) -> Result<Oid, HistoryError> {
        match (self.resolve(revision), versions) {
            (Ok(commit), _) => Ok(commit),
            (Err(error), None) => Err(error),
            (Err(_), Some(index)) => match index.find(revision) {
                Some(point) => Ok(Oid::from_str(&point.commit)?),
                None => Err(HistoryError::UnknownVersion {
                    revision: revision.to_owned(),
                    agreement: index.agreement.clone(),
                    versions: index.versions().join(", "),
                }),
            },
        }
    }

    /// [`Repo::range`] with sides that may be versions of the agreement
    /// `versions` indexes (`1.7..1.8`), as [`Repo::resolve_in`] reads them.
    pub fn range_in(&self, text: &str, versions: Option<&VersionIndex>) -> Result<Option<(Oid, Oid)>, HistoryError> {
        let Some(RangeText { from, to, merge_base }) = RangeText::of(text) else { return Ok(None) };
        let (a, b) = (self.resolve_in(from, versions)?, self.resolve_in(to, versions)?);
        Ok(Some((if merge_base { self.merge_base(a, b)? } else { a }, b)))
    }

    /// The commits in `from..to`, oldest first: those `to` reaches and
    /// `from` does not.
    pub fn commits_between(&self, from: Oid, to: Oid) -> Result<Vec<Oid>, HistoryError> {
        self.commits_not_on(to, &[from], None)
    }

    /// The commits `tip` reaches that none of `known` reaches, nor any
    /// remote-tracking branch of `remote` (`refs/remotes/<remote>/…`):
    /// what a push of `tip` sends that the remote does not have, oldest
    /// first. A tip that is no commit (a tag of a tree) sends none; a known
    /// object missing here (the remote moved on since the last fetch)
    /// hides nothing; a remote that is no configured name (a push to a
    /// URL) has no tracking branches.
    pub fn commits_not_on(&self, tip: Oid, known: &[Oid], remote: Option<&str>) -> Result<Vec<Oid>, HistoryError> {
        let commit_of = |id: Oid| self.repo.find_object(id, None).and_then(|o| o.peel_to_commit()).ok();
        let Some(tip) = commit_of(tip) else { return Ok(Vec::new()) };
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
        walk.push(tip.id())?;
        for commit in known.iter().filter_map(|&id| commit_of(id)) {
            walk.hide(commit.id())?;
        }
        if let Some(remote) = remote.filter(|name| self.repo.find_remote(name).is_ok()) {
            walk.hide_glob(&format!("refs/remotes/{remote}/*"))?;
        }
        Ok(walk.collect::<Result<_, _>>()?)
    }

    /// Whether `id` names a commit this repository has.
    pub fn has_commit(&self, id: Oid) -> bool {
        self.repo.find_commit(id).is_ok()
    }

    /// The first parent of `commit`; `None` for a root commit.
    pub fn first_parent(&self, commit: Oid) -> Result<Option<Oid>, HistoryError> {
        Ok(self.repo.find_commit(commit)?.parent_id(0).ok())
    }

    /// The agreement folders a commit changes against its first parent
    /// (all of them for a root commit).
    pub fn changed_agreements(&self, commit: Oid) -> Result<Vec<String>, HistoryError> {
        self.changed_between(self.first_parent(commit)?, commit)
    }

    /// The agreement folders whose files differ between `parent` (`None`:
    /// none, as before a first commit) and `commit`.
    pub fn changed_between(&self, parent: Option<Oid>, commit: Oid) -> Result<Vec<String>, HistoryError> {
        let parent = parent.map(|p| self.repo.find_commit(p).and_then(|c| c.tree())).transpose()?;
        let commit = self.repo.find_commit(commit)?;
        let mut options = git2::DiffOptions::new();
        options.pathspec("agreements/");
        let diff = self.repo.diff_tree_to_tree(parent.as_ref(), Some(&commit.tree()?), Some(&mut options))?;
        let mut ids = std::collections::BTreeSet::new();
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

    /// What git itself makes of `agreements/<folder>` when it merges the two
    /// parents of merge commit `merge` (in memory: nothing is written), to
    /// tell a merge's own edits from what its sides brought. `None` for a
    /// commit that is not a merge of two parents.
    pub fn automatic_merge(&self, merge: Oid, folder: &str) -> Result<Option<AutoMerge>, HistoryError> {
        let commit = self.repo.find_commit(merge)?;
        let (Ok(ours), Ok(theirs), 2) = (commit.parent_id(0), commit.parent_id(1), commit.parent_count()) else {
            return Ok(None);
        };
        self.merged_folder(ours, theirs, folder).map(Some)
    }

    /// What git makes of `agreements/<folder>` when it merges `theirs` into
    /// `ours` (in memory: nothing is written).
    pub fn merged_folder(&self, ours: Oid, theirs: Oid, folder: &str) -> Result<AutoMerge, HistoryError> {
        let (ours, theirs) = (self.repo.find_commit(ours)?, self.repo.find_commit(theirs)?);
        let index = self.repo.merge_commits(&ours, &theirs, None)?;
        let prefix = format!("agreements/{folder}/");
        let mut files = Vec::new();
        for entry in index.iter() {
            let path = String::from_utf8_lossy(&entry.path).into_owned();
            let Some(name) = path.strip_prefix(&prefix) else { continue };
            // Stage bits of the flags: 0 merged, 1–3 the sides of a conflict.
            if (entry.flags >> 12) & 0x3 != 0 {
                return Ok(AutoMerge::Conflict);
            }
            if super::blobs::is_folder_file(name) {
                files.push((name.to_owned(), entry.id));
            }
        }
        files.sort();
        Ok(AutoMerge::Clean((!files.is_empty()).then(|| FolderBlobs { folder: folder.to_owned(), files })))
    }

    /// The commits being merged into HEAD (`MERGE_HEAD`): a merge with
    /// conflicts that `git commit` concludes. Empty when no merge is under way.
    pub fn merge_heads(&self) -> Result<Vec<Oid>, HistoryError> {
        // git writes one commit id a line; no file, no merge.
        let Ok(text) = std::fs::read_to_string(self.repo.path().join("MERGE_HEAD")) else { return Ok(Vec::new()) };
        text.lines().filter(|l| !l.trim().is_empty()).map(|l| Ok(Oid::from_str(l.trim())?)).collect()
    }

    /// The commits a clean `git merge` is merging while its
    /// `pre-merge-commit` hook runs. git writes `MERGE_HEAD` only for a
    /// merge that stops; to the hook it says what it merges in
    /// `GIT_REFLOG_ACTION` (`merge <commit>…`, or `pull` for the
    /// `FETCH_HEAD` entries marked for merging), passed as `action`.
    pub fn merging_heads(&self, action: Option<&str>) -> Result<Vec<Oid>, HistoryError> {
        let found = self.merge_heads()?;
        if !found.is_empty() {
            return Ok(found);
        }
        let Some(action) = action else { return Ok(Vec::new()) };
        let mut words = action.split_whitespace();
        match words.next() {
            Some("merge") => Ok(words.filter_map(|rev| self.resolve(rev).ok()).collect()),
            Some("pull") => {
                let text = std::fs::read_to_string(self.repo.path().join("FETCH_HEAD")).unwrap_or_default();
                Ok(text
                    .lines()
                    .filter(|line| !line.contains("\tnot-for-merge\t"))
                    .filter_map(|line| line.split_whitespace().next())
                    .filter_map(|id| Oid::from_str(id).ok())
                    .collect())
            }
            _ => Ok(Vec::new()),
        }
    }

    /// The files `commit` adds or changes against `parent` (`None`: all of
    /// them), every path, and whether `path` is a file at `commit`.
    pub fn changed_paths(&self, parent: Option<Oid>, commit: Oid) -> Result<Vec<String>, HistoryError> {
        let parent = parent.map(|p| self.repo.find_commit(p).and_then(|c| c.tree())).transpose()?;
        let tree = self.repo.find_commit(commit)?.tree()?;
        let diff = self.repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), None)?;
        Ok(diff
            .deltas()
            .filter(|d| d.status() != git2::Delta::Deleted)
            .filter_map(|d| d.new_file().path().map(|p| p.to_string_lossy().into_owned()))
            .collect())
    }

    /// Whether `path` is a file at `commit`.
    pub fn has_file(&self, commit: Oid, path: &str) -> Result<bool, HistoryError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        Ok(tree.get_path(Path::new(path)).is_ok_and(|e| e.kind() == Some(ObjectType::Blob)))
    }

    /// The agreement folder names (`agreements/<id>`) at a commit.
    pub fn agreement_ids(&self, commit: Oid) -> Result<Vec<String>, HistoryError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let Ok(entry) = tree.get_path(Path::new("agreements")) else { return Ok(Vec::new()) };
        let Ok(object) = entry.to_object(&self.repo) else { return Ok(Vec::new()) };
        let Some(agreements) = object.as_tree() else { return Ok(Vec::new()) };
        Ok(agreements
            .iter()
            .filter(|e| e.kind() == Some(ObjectType::Tree))
            .filter_map(|e| e.name().ok().map(str::to_owned))
            .filter(|n| !n.starts_with('.'))
            .collect())
    }

    /// The text of a file at `commit` (`None` if absent or not UTF-8).
    pub fn file_at(&self, commit: Oid, path: &Path) -> Result<Option<String>, HistoryError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let Ok(entry) = tree.get_path(path) else { return Ok(None) };
        let Ok(blob) = self.repo.find_blob(entry.id()) else { return Ok(None) };
        Ok(std::str::from_utf8(blob.content()).ok().map(str::to_owned))
    }

    /// The paths of every file in `agreements/<folder>` at `commit`,
    /// relative to the folder (`agreement.toml`, `customers/x.toml`).
    pub fn folder_files(&self, commit: Oid, folder: &str) -> Result<Vec<String>, HistoryError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let Ok(entry) = tree.get_path(Path::new("agreements").join(folder).as_path()) else { return Ok(Vec::new()) };
        let Ok(subtree) = self.repo.find_tree(entry.id()) else { return Ok(Vec::new()) };
        let mut names = Vec::new();
        subtree.walk(git2::TreeWalkMode::PreOrder, |parent, entry| {
            if entry.kind() == Some(ObjectType::Blob)
                && let Ok(name) = entry.name()
            {
                names.push(format!("{parent}{name}"));
            }
            git2::TreeWalkResult::Ok
        })?;
        Ok(names)
    }

    /// Loads `agreements/<id>` as it was at `commit` (`None` if absent).
    pub fn load_at(&self, commit: Oid, folder: &str) -> Result<Option<LoadedFolder>, HistoryError> {
        load_commit(&self.repo, commit, folder)
    }
}

/// Loads `agreements/<folder>` at `commit` through any handle on the repository.
pub(crate) fn load_commit(git: &Repository, commit: Oid, folder: &str) -> Result<Option<LoadedFolder>, HistoryError> {
    match super::blobs::folder_blobs(git, commit, folder)? {
        Some(blobs) => super::blobs::FileCache::default().load(git, &blobs).map(Some),
        None => Ok(None),
    }
}

/// What git makes of an agreement folder when it merges two commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AutoMerge {
    /// Merged without conflict: the folder's files (`None`: no folder).
    Clean(Option<FolderBlobs>),
    /// A file of the folder conflicts: the merge resolved it by hand.
    Conflict,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_is_read_by_its_dots_and_an_empty_side_is_head() {
        let range = |text| RangeText::of(text).map(|r| (r.from, r.to, r.merge_base));
        assert_eq!(range("1.7..1.8"), Some(("1.7", "1.8", false)));
        assert_eq!(range("main...HEAD"), Some(("main", "HEAD", true)));
        assert_eq!(range("pcvisit/v1.8.."), Some(("pcvisit/v1.8", "HEAD", false)));
        assert_eq!(range("..v2"), Some(("HEAD", "v2", false)));
        assert_eq!(range("HEAD"), None);
    }

    /// What a clean merge says to its hook: the commits after `merge`, or
    /// for `git pull` the fetched heads marked for merging.
    #[test]
    fn reads_what_a_running_merge_merges() {
        let dir = tempfile::tempdir().unwrap();
        let git = git2::Repository::init(dir.path()).unwrap();
        let who = git2::Signature::new("A", "a@example.org", &git2::Time::new(0, 0)).unwrap();
        let tree = git.find_tree(git.treebuilder(None).unwrap().write().unwrap()).unwrap();
        let first = git.commit(Some("HEAD"), &who, &who, "a", &tree, &[]).unwrap();
        let second = git.commit(None, &who, &who, "b", &tree, &[&git.find_commit(first).unwrap()]).unwrap();
        git.branch("feature", &git.find_commit(second).unwrap(), false).unwrap();
        let repo = Repo::open(dir.path()).unwrap();
        assert_eq!(repo.merging_heads(None).unwrap(), Vec::<Oid>::new());
        assert_eq!(repo.merging_heads(Some("merge feature")).unwrap(), [second]);
        assert_eq!(repo.merging_heads(Some("merge nirgends")).unwrap(), Vec::<Oid>::new());
        assert_eq!(repo.merging_heads(Some("rebase")).unwrap(), Vec::<Oid>::new());
        std::fs::write(
            git.path().join("FETCH_HEAD"),
            format!(
                "{second}\t\tbranch 'main' of https://example.org/r\n{first}\tnot-for-merge\tbranch 'alt' of https://example.org/r\n"
            ),
        )
        .unwrap();
        assert_eq!(repo.merging_heads(Some("pull")).unwrap(), [second]);
        // A merge that stopped says it in MERGE_HEAD, whatever the action.
        std::fs::write(git.path().join("MERGE_HEAD"), format!("{first}\n")).unwrap();
        assert_eq!(repo.merging_heads(Some("merge feature")).unwrap(), [first]);
    }
}
