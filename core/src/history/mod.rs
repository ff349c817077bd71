//! Git history: agreements as they were at earlier commits, the versions
//! they went through, and the generated version table. This is the one
//! module that uses git2 (built without network, TLS or SSH); it never
//! writes to the repository.

mod blobs;
mod identity;
mod repo;
mod staged;
mod table;
mod templates;
mod walk;

use std::path::{Path, PathBuf};

use thiserror::Error;

pub use blobs::{FileCache, FolderBlobs, Loader};
pub use git2::Oid;
pub use identity::{Later, Successor};
pub use repo::{AutoMerge, RangeText, Repo, RevisionSide};
pub use staged::Staged;
pub use table::{
    History, HistoryRow, HistoryTable, PENDING, RowSource, Snapshot, history_table, read_history, table_json,
    table_markdown, table_text,
};
pub use templates::{TEMPLATES, TemplateFiles, document_templates, template_line};
pub(crate) use walk::commit_text;
pub use walk::{VersionIndex, VersionPoint, meta_version, version_index, versions};

/// The folder of `loaded` for comparing, or why it cannot be compared:
/// its first error, with its place. `side` says where it was read ("at
/// `HEAD~1`").
pub fn readable(
    loaded: crate::load::LoadedFolder,
    agreement: &str,
    side: impl FnOnce() -> String,
) -> Result<crate::load::Folder, HistoryError> {
    match loaded.unreadable() {
        None => Ok(loaded.folder),
        Some(message) => Err(HistoryError::Unreadable { agreement: agreement.to_owned(), side: side(), message }),
    }
}

/// Why history could not be read.
#[derive(Debug, Error)]
pub enum HistoryError {
    /// Not inside a git repository.
    #[error("`{0}` is not inside a git repository")]
    NotARepository(PathBuf),
    /// The repository belongs to another user, and git refuses to read it.
    #[error(
        "the repository at `{0}` belongs to another user, and git refuses to read it (\"dubious ownership\"); if you trust it, run `git config --global --add safe.directory <path>`"
    )]
    NotOwned(PathBuf),
    /// The clone is shallow, so earlier versions are missing.
    #[error(
        "the repository is a shallow clone, so its history is incomplete; fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions' checkout step)"
    )]
    Shallow,
    /// A revision does not exist.
    #[error("unknown revision `{0}`")]
    UnknownRevision(String),
    /// Neither a revision nor a version of the agreement asked about.
    #[error("`{revision}` is neither a revision nor a version of `{agreement}` (its versions: {versions})")]
    UnknownVersion {
        /// What was asked for.
        revision: String,
        /// The agreement.
        agreement: String,
        /// Its versions, oldest first, comma-separated.
        versions: String,
    },
    /// The agreement never existed in the history.
    #[error("agreement `{agreement}` is not in the history of this repository ({known})")]
    NoSuchAgreement {
        /// What was asked for.
        agreement: String,
        /// The agreements at the newest commit walked ("its agreements:
        /// a, b"), or that there are none.
        known: String,
    },
    /// An agreement folder that is there but cannot be read, so it cannot
    /// be compared (a broken file would otherwise look like removed content).
    #[error("cannot read `agreements/{agreement}` {side}: {message}")]
    Unreadable {
        /// The agreement id.
        agreement: String,
        /// "in the working tree" or "at `<revision>`".
        side: String,
        /// The first error found while loading it.
        message: String,
    },
    /// A file's contents are not in the repository (a partial clone).
    #[error(
        "git does not have the contents of `{path}` (object {id}): the clone is partial (`--filter`); fetch the full history (`git fetch --refetch`, or clone without `--filter`)"
    )]
    MissingObject {
        /// The file.
        path: String,
        /// The missing object.
        id: String,
    },
    /// An agreement asked for exists at neither end of a comparison.
    #[error(
        "there is no agreement `{0}` at either end of the comparison (no folder `agreements/{0}`); check the path, or name the revisions where it exists"
    )]
    NotCompared(String),
    /// The working tree was asked for in a bare repository, which has none.
    #[error(
        "the repository is bare: it has no working tree to compare; name two revisions (`avv diff <rev-a> <rev-b>`)"
    )]
    Bare,
    /// git2 failed.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

/// Whether git ignores `path` in the repository at `repo_root`: `None`
/// outside a repository or for a path outside its working tree.
pub fn is_ignored(repo_root: &Path, path: &Path) -> Option<bool> {
    let repo = git2::Repository::discover(repo_root).ok()?;
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let absolute = std::path::absolute(path).ok()?;
    // The folder may not exist yet; its parent does.
    let parent = absolute.parent()?.canonicalize().ok()?;
    let relative = parent.join(absolute.file_name()?).strip_prefix(&workdir).ok()?.to_path_buf();
    repo.is_path_ignored(relative.join("x")).ok()
}

/// The full hex id of HEAD in the repository at `repo_root`, or `None` when
/// it is not a git repository or has no commit yet.
pub fn head_commit(repo_root: &Path) -> Option<String> {
    let repo = git2::Repository::discover(repo_root).ok()?;
    let head = repo.head().ok()?.peel_to_commit().ok()?;
    Some(head.id().to_string())
}

/// Where the render cache of the repository at `repo_root` lives by
/// default: `avv/cache` in its git folder (`.git/avv/cache`), which git
/// neither tracks nor shows. `None` outside a repository.
pub fn default_cache_dir(repo_root: &Path) -> Option<std::path::PathBuf> {
    let repo = git2::Repository::discover(repo_root).ok()?;
    // In a linked worktree the cache is shared through the common folder.
    Some(repo.commondir().join("avv").join("cache"))
}

use crate::diff::{ChangeSet, diff};
use crate::load::{Folder, load_folder};

/// Compares agreements between two sides (commits or the working tree).
/// `only` limits the comparison to these agreement ids (folder names).
pub fn compare(
    repo: &Repo,
    old: &RevisionSide,
    new: &RevisionSide,
    only: &[String],
) -> Result<Vec<ChangeSet>, HistoryError> {
    // Without a working tree every agreement would read as removed.
    if repo.is_bare() && [old, new].contains(&&RevisionSide::WorkingTree) {
        return Err(HistoryError::Bare);
    }
    let ids_at = |side: &RevisionSide| -> Result<Vec<String>, HistoryError> {
        match side {
            RevisionSide::Commit(id) => repo.agreement_ids(repo.resolve(id)?),
            RevisionSide::WorkingTree => {
                let dir = repo.workdir().join("agreements");
                let mut ids: Vec<String> = std::fs::read_dir(&dir)
                    .map(|entries| {
                        entries
                            .flatten()
                            .filter(|e| e.path().is_dir())
                            .map(|e| e.file_name().to_string_lossy().into_owned())
                            .filter(|n| !n.starts_with('.'))
                            .collect()
                    })
                    .unwrap_or_default();
                ids.sort();
                Ok(ids)
            }
        }
    };
    let load = |side: &RevisionSide, id: &str| -> Result<Option<Folder>, HistoryError> {
        let loaded = match side {
            RevisionSide::Commit(commit) => repo.load_at(repo.resolve(commit)?, id)?,
            RevisionSide::WorkingTree => {
                let dir = repo.workdir().join("agreements").join(id);
                dir.is_dir().then(|| {
                    let mut loaded = load_folder(&dir, repo.workdir());
                    loaded.folder.dir = std::path::Path::new("agreements").join(id);
                    loaded
                })
            }
        };
        let Some(loaded) = loaded else { return Ok(None) };
        // A folder without agreement.toml is not an agreement.
        if !loaded.folder.present[0] {
            return Ok(None);
        }
        let side = || match side {
            RevisionSide::Commit(commit) => format!("at `{commit}`"),
            RevisionSide::WorkingTree => "in the working tree".to_owned(),
        };
        readable(loaded, id, side).map(Some)
    };
    let old_ids = ids_at(old)?;
    let new_ids = ids_at(new)?;
    // A path that names an agreement at neither end is a typo, not "no changes".
    if let Some(missing) = only.iter().find(|id| !old_ids.contains(id) && !new_ids.contains(id)) {
        return Err(HistoryError::NotCompared(missing.clone()));
    }
    let mut later: Vec<(String, Folder)> = Vec::new();
    // Limited to some agreements: those, and every name the earlier side
    // does not have, which may be one of them renamed (`agreements/pcvisit`
    // after the folder became `pcvisit-avv`); the pairing decides.
    let candidate = |id: &String| only.is_empty() || only.contains(id) || !old_ids.contains(id);
    for id in new_ids.iter().filter(|id| candidate(id)) {
        let asked = only.is_empty() || only.contains(id);
        // A folder only looked at as a possible rename need not be readable.
        let folder = match load(new, id) {
            Ok(folder) => folder,
            Err(_) if !asked => None,
            Err(error) => return Err(error),
        };
        if let Some(folder) = folder {
            later.push((id.clone(), folder));
        }
    }
    // One agreement through renames: the earlier folder of each later one.
    let pairs = match old {
        RevisionSide::Commit(commit) => {
            let side = match new {
                RevisionSide::Commit(commit) => Later::Commit(repo.resolve(commit)?),
                RevisionSide::WorkingTree => Later::WorkingTree,
            };
            let later_ids: Vec<(String, Vec<String>)> =
                later.iter().map(|(id, folder)| (id.clone(), folder.previous_ids())).collect();
            repo.pair_across(repo.resolve(commit)?, side, &later_ids, &old_ids)?
        }
        RevisionSide::WorkingTree => later.iter().map(|(id, _)| (id.clone(), id.clone())).collect(),
    };
    let wanted = |id: &str, earlier: Option<&String>| {
        only.is_empty() || only.iter().any(|o| o == id || earlier.is_some_and(|e| e == o))
    };
    let mut out = Vec::new();
    for (id, after) in &later {
        let earlier = pairs.get(id);
        if !wanted(id, earlier) {
            continue;
        }
        let before = match earlier {
            Some(name) => load(old, name)?,
            None => None,
        };
        let mut set = diff(before.as_ref(), after);
        set.previous_id = earlier.filter(|e| *e != id).cloned();
        out.push(set);
    }
    let paired: Vec<&String> = pairs.values().collect();
    for id in old_ids.iter().filter(|id| !paired.contains(id) && wanted(id, None)) {
        if let Some(before) = load(old, id)? {
            let version = before.agreement.as_ref().map(|a| a.value.meta.version.clone()).unwrap_or_default();
            out.push(ChangeSet {
                agreement: id.clone(),
                previous_id: None,
                from: Some(version),
                to: String::new(),
                changes: Vec::new(),
                lines: vec!["Vertrag entfernt".to_owned()],
                kinds: vec![crate::model::codes::ChangeKind::Removal],
                has_summary: false,
                effective: None,
            });
        }
    }
    out.sort_by(|a, b| a.agreement.cmp(&b.agreement));
    // The document templates: they change what the agreements' next
    // versions print, whichever agreement was asked about.
    let templates = |side: &RevisionSide| -> Result<TemplateFiles, HistoryError> {
        match side {
            RevisionSide::Commit(commit) => repo.templates_at(repo.resolve(commit)?),
            RevisionSide::WorkingTree => Ok(TemplateFiles::working(repo.workdir())),
        }
    };
    if let Some(set) = crate::diff::templates::template_changes(&templates(old)?, &templates(new)?) {
        out.push(set);
    }
    // The repository's policy: a looser hook is a change a reviewer must see.
    if only.is_empty() {
        let policy = |side: &RevisionSide| -> Result<Option<crate::config::Config>, HistoryError> {
            let path = std::path::Path::new("avv.toml");
            let text = match side {
                RevisionSide::Commit(commit) => repo.file_at(repo.resolve(commit)?, path)?,
                RevisionSide::WorkingTree => {
                    let file = repo.workdir().join(path);
                    std::fs::symlink_metadata(&file)
                        .ok()
                        .and_then(|_| crate::load::file::read_text(&file, repo.workdir()).ok())
                        .map(|text| text.as_str().to_owned())
                }
            };
            Ok(text.and_then(|text| crate::config::parse_config(path, &text)))
        };
        if let Some(set) = crate::diff::policy::policy_changes(policy(old)?.as_ref(), policy(new)?.as_ref()) {
            out.push(set);
        }
    }
    Ok(out)
}
