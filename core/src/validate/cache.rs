//! A cache of validation results per agreement folder. A folder whose files
//! have the same names, sizes and modification times as when it was last
//! validated, by the same avv executable, gets its findings from the cache
//! without a byte of it being read; any change revalidates the folder.
//!
//! The cache lives in the git directory (`.git/avv/validate-cache.json`),
//! so it never shows up as a change. Like git's index, it does not trust a
//! file modified in the two seconds before the cache was written:
//! an edit in the same clock tick would otherwise keep size and time.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Located, LocatedLabel, Position, Severity};

/// Version of the cache file's layout.
const FORMAT: u32 = 2;

/// Files modified this recently (seconds) when an entry is stored are not
/// trusted: their folder is not cached.
const RACY_SECONDS: i128 = 2;

/// Cached results, loaded from and saved to one file.
#[derive(Debug, Default)]
pub struct Cache {
    path: Option<PathBuf>,
    executable: String,
    entries: HashMap<String, Entry>,
    changed: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    /// Identifies the avv build: results of another build are not reused.
    executable: String,
    entries: HashMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// The folder, resolved: an entry whose folder is gone is dropped.
    folder: String,
    stamp: Vec<FileStamp>,
    files: usize,
    diagnostics: Vec<CachedFinding>,
}

/// What identifies one directory entry's state without reading it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct FileStamp {
    name: String,
    kind: char,
    len: u64,
    modified: i128,
    /// For a symbolic link: where it leads and that file's state.
    target: Option<(String, u64, i128)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedFinding {
    code: String,
    severity: Severity,
    message: String,
    file: String,
    start: (usize, usize),
    end: (usize, usize),
    span: (usize, usize),
    labels: Vec<CachedLabel>,
    help: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedLabel {
    file: String,
    start: (usize, usize),
    end: (usize, usize),
    span: (usize, usize),
    message: String,
}

impl Cache {
    /// A cache that stores nothing (validation as if there were none).
    pub fn disabled() -> Self {
        Self::default()
    }

    /// The cache of the repository at `root`: `.git/avv/validate-cache.json`
    /// when `root` has a `.git` folder, else a disabled cache. A missing,
    /// unreadable or foreign cache file starts empty.
    pub fn for_repository(root: &Path) -> Self {
        let git = root.join(".git");
        if !git.is_dir() {
            return Self::disabled();
        }
        Self::open(&git.join("avv").join("validate-cache.json"))
    }

    /// The cache stored at `path` (empty when it cannot be used).
    pub fn open(path: &Path) -> Self {
        let executable = executable_identity();
        let entries = std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
            .filter(|file| file.format == FORMAT && file.executable == executable)
            .map(|file| file.entries)
            .unwrap_or_default();
        Self { path: Some(path.to_path_buf()), executable, entries, changed: false }
    }

    /// Whether results are kept at all.
    pub fn is_enabled(&self) -> bool {
        self.path.is_some()
    }

    /// The stamp of `dir` now, for [`Cache::get`] and [`Cache::put`]
    /// (`None`: the folder cannot be cached). The key holds the repository
    /// root (symbolic links are judged against it) and the folder both as
    /// named (findings print that path) and as resolved.
    pub(crate) fn stamp(&self, dir: &Path, root: &Path) -> Option<Stamp> {
        if !self.is_enabled() {
            return None;
        }
        let folder = std::fs::canonicalize(dir).ok()?.display().to_string();
        let key = format!("{}\u{0}{folder}\u{0}{}", root.display(), dir.display());
        let mut files = Vec::new();
        stamp_dir(dir, "", &mut files)?;
        Some(Stamp { key, folder, files })
    }

    /// The cached findings of a folder in the state `stamp`, if any.
    pub(crate) fn get(&self, stamp: &Stamp) -> Option<(Vec<Located>, usize)> {
        let entry = self.entries.get(&stamp.key).filter(|entry| entry.stamp == stamp.files)?;
        let located = entry.diagnostics.iter().map(CachedFinding::to_located).collect::<Option<Vec<_>>>()?;
        Some((located, entry.files))
    }

    /// Stores a folder's findings, unless one of its files is too new to trust.
    pub(crate) fn put(&mut self, stamp: Stamp, diagnostics: &[Located], files: usize) {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i128);
        let racy = stamp.files.iter().any(|file| {
            let newest = file.target.as_ref().map_or(file.modified, |t| t.2.max(file.modified));
            now - newest < RACY_SECONDS * 1_000_000_000
        });
        if racy {
            self.changed |= self.entries.remove(&stamp.key).is_some();
            return;
        }
        let entry = Entry {
            folder: stamp.folder,
            stamp: stamp.files,
            files,
            diagnostics: diagnostics.iter().map(CachedFinding::from_located).collect(),
        };
        self.entries.insert(stamp.key, entry);
        self.changed = true;
    }

    /// Writes the cache back (atomically) if this run changed it, without
    /// the entries of folders that no longer exist. Failing to write a cache
    /// is never an error worth stopping for; the caller may ignore the result.
    pub fn save(&mut self) -> std::io::Result<()> {
        let Some(path) = &self.path else { return Ok(()) };
        if !self.changed {
            return Ok(());
        }
        self.entries.retain(|_, entry| Path::new(&entry.folder).is_dir());
        let file = CacheFile {
            format: FORMAT,
            executable: self.executable.clone(),
            entries: std::mem::take(&mut self.entries),
        };
        let written = serde_json::to_vec(&file).map_err(std::io::Error::other);
        self.entries = file.entries;
        let bytes = written?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
        std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path)).inspect_err(|_| {
            let _ = std::fs::remove_file(&temporary);
        })?;
        self.changed = false;
        Ok(())
    }
}

/// A folder's key and the state of its entries.
#[derive(Debug)]
pub(crate) struct Stamp {
    key: String,
    folder: String,
    files: Vec<FileStamp>,
}

/// The entries of `dir` (and of its `customers/`), sorted; hidden entries
/// are skipped as the loader skips them.
fn stamp_dir(dir: &Path, prefix: &str, out: &mut Vec<FileStamp>) -> Option<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).ok()?.flatten().collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let metadata = std::fs::symlink_metadata(&path).ok()?;
        let file_type = metadata.file_type();
        let kind = if file_type.is_symlink() {
            'l'
        } else if file_type.is_dir() {
            'd'
        } else if file_type.is_file() {
            'f'
        } else {
            'o'
        };
        let target = if kind == 'l' {
            let resolved = std::fs::canonicalize(&path).ok();
            let followed = std::fs::metadata(&path).ok();
            Some((
                resolved.map(|p| p.display().to_string()).unwrap_or_default(),
                followed.as_ref().map_or(0, |m| m.len()),
                followed.as_ref().map_or(0, modified),
            ))
        } else {
            None
        };
        // A directory's own size and time only mirror its entries, which
        // are listed themselves.
        let (len, time) = if kind == 'd' { (0, 0) } else { (metadata.len(), modified(&metadata)) };
        out.push(FileStamp { name: format!("{prefix}{name}"), kind, len, modified: time, target });
        if kind == 'd' && prefix.is_empty() && name == "customers" {
            stamp_dir(&path, "customers/", out)?;
        }
    }
    Some(())
}

fn modified(metadata: &std::fs::Metadata) -> i128 {
    metadata.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos() as i128)
}

/// The running executable's path, size and modification time: a rebuilt
/// or upgraded avv does not trust what another build found.
fn executable_identity() -> String {
    let exe = std::env::current_exe().ok();
    let metadata = exe.as_ref().and_then(|e| std::fs::metadata(e).ok());
    format!(
        "avv {} {} {} {}",
        env!("CARGO_PKG_VERSION"),
        exe.map(|e| e.display().to_string()).unwrap_or_default(),
        metadata.as_ref().map_or(0, |m| m.len()),
        metadata.as_ref().map_or(0, modified)
    )
}

fn position((line, column): (usize, usize)) -> Position {
    Position { line, column }
}

fn pair(position: Position) -> (usize, usize) {
    (position.line, position.column)
}

fn range((start, end): (usize, usize)) -> Range<usize> {
    start..end
}

impl CachedFinding {
    fn from_located(located: &Located) -> Self {
        Self {
            code: located.code.as_str().to_owned(),
            severity: located.severity,
            message: located.message.clone(),
            file: located.file.clone(),
            start: pair(located.start),
            end: pair(located.end),
            span: (located.span.start, located.span.end),
            labels: located
                .labels
                .iter()
                .map(|label| CachedLabel {
                    file: label.file.clone(),
                    start: pair(label.start),
                    end: pair(label.end),
                    span: (label.span.start, label.span.end),
                    message: label.message.clone(),
                })
                .collect(),
            help: located.help.clone(),
        }
    }

    /// `None` when the code is not a rule of this avv (the entry is then
    /// not used).
    fn to_located(&self) -> Option<Located> {
        Some(Located {
            code: Code::parse(&self.code)?,
            severity: self.severity,
            message: self.message.clone(),
            file: self.file.clone(),
            start: position(self.start),
            end: position(self.end),
            span: range(self.span),
            labels: self
                .labels
                .iter()
                .map(|label| LocatedLabel {
                    file: label.file.clone(),
                    start: position(label.start),
                    end: position(label.end),
                    span: range(label.span),
                    message: label.message.clone(),
                })
                .collect(),
            help: self.help.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::validate::{validate_folders, validate_folders_cached};

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
    }

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    /// Sets every file's modification time `age` into the past, so the
    /// cache trusts it.
    fn age(dir: &Path, age: Duration) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            if entry.path().is_dir() {
                self::age(&entry.path(), age);
            } else {
                let file = std::fs::File::options().write(true).open(entry.path()).unwrap();
                file.set_modified(SystemTime::now() - age).unwrap();
            }
        }
    }

    /// A repository with one valid and one invalid agreement, files an hour old.
    fn repo() -> (tempfile::TempDir, Vec<PathBuf>) {
        let dir = tempfile::tempdir().unwrap();
        let agreements = dir.path().join("agreements");
        copy(&fixtures().join("valid/customer-instance"), &agreements.join("customer-instance"));
        copy(&fixtures().join("invalid/unknown-key/titel-instead-of-title"), &agreements.join("broken"));
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        age(&agreements, Duration::from_secs(3600));
        let folders = vec![agreements.join("broken"), agreements.join("customer-instance")];
        (dir, folders)
    }

    fn hits(cache: &Cache, folders: &[PathBuf]) -> usize {
        let root = folders[0].parent().and_then(Path::parent).expect("the repository");
        folders.iter().filter(|dir| cache.stamp(dir, root).is_some_and(|stamp| cache.get(&stamp).is_some())).count()
    }

    #[test]
    fn unchanged_folders_come_from_the_cache_with_the_same_findings() {
        let (dir, folders) = repo();
        let fresh = validate_folders(&folders, dir.path());
        assert!(!fresh.diagnostics.is_empty());
        let mut cache = Cache::for_repository(dir.path());
        let first = validate_folders_cached(&folders, dir.path(), &mut cache);
        cache.save().unwrap();

        let mut cache = Cache::for_repository(dir.path());
        assert_eq!(hits(&cache, &folders), 2, "both folders should be cached");
        let second = validate_folders_cached(&folders, dir.path(), &mut cache);
        assert_eq!(first.diagnostics, fresh.diagnostics);
        assert_eq!(second.diagnostics, fresh.diagnostics, "cached findings differ (spans included)");
        assert_eq!(second.files, fresh.files);
        let file = Path::new(&second.diagnostics[0].file);
        assert!(second.sources.get(file).is_some(), "the snippet's text is read again");
    }

    #[test]
    fn any_change_to_a_folder_revalidates_it() {
        let (dir, folders) = repo();
        let mut cache = Cache::for_repository(dir.path());
        validate_folders_cached(&folders, dir.path(), &mut cache);
        cache.save().unwrap();

        // Fix the defect, keeping the file an hour old: the size changes.
        let file = folders[0].join("agreement.toml");
        let text = std::fs::read_to_string(&file).unwrap().replace("titel =", "title =");
        std::fs::write(&file, text).unwrap();
        age(&folders[0], Duration::from_secs(3000));
        let mut cache = Cache::for_repository(dir.path());
        assert_eq!(hits(&cache, &folders), 1);
        let report = validate_folders_cached(&folders, dir.path(), &mut cache);
        assert!(report.diagnostics.iter().all(|d| d.code != Code::UnknownKey), "{:?}", report.diagnostics);

        // A new file in the folder is a change too.
        std::fs::write(folders[1].join("agremeent.toml"), "").unwrap();
        age(&folders[1], Duration::from_secs(3000));
        let report = validate_folders_cached(&folders, dir.path(), &mut cache);
        assert!(report.diagnostics.iter().any(|d| d.code == Code::UnknownFile));
    }

    #[test]
    fn files_written_just_now_are_not_trusted() {
        let (dir, folders) = repo();
        let file = folders[1].join("subprocessors.toml");
        std::fs::write(&file, std::fs::read(&file).unwrap()).unwrap();
        let mut cache = Cache::for_repository(dir.path());
        validate_folders_cached(&folders, dir.path(), &mut cache);
        cache.save().unwrap();
        let cache = Cache::for_repository(dir.path());
        assert_eq!(hits(&cache, &folders), 1, "the folder with a fresh file must not be cached");
    }

    #[test]
    fn entries_of_removed_folders_are_dropped() {
        let (dir, folders) = repo();
        let mut cache = Cache::for_repository(dir.path());
        validate_folders_cached(&folders, dir.path(), &mut cache);
        cache.save().unwrap();
        std::fs::remove_dir_all(&folders[0]).unwrap();
        // A change elsewhere triggers the write; the gone folder's entry goes.
        std::fs::write(folders[1].join("notes.md"), "").unwrap();
        age(&folders[1], Duration::from_secs(3000));
        let mut cache = Cache::for_repository(dir.path());
        assert_eq!(cache.entries.len(), 2);
        validate_folders_cached(&folders[1..], dir.path(), &mut cache);
        cache.save().unwrap();
        assert_eq!(Cache::for_repository(dir.path()).entries.len(), 1);
    }

    #[test]
    fn another_build_or_a_broken_file_starts_empty() {
        let (dir, folders) = repo();
        let path = dir.path().join(".git/avv/validate-cache.json");
        let mut cache = Cache::for_repository(dir.path());
        validate_folders_cached(&folders, dir.path(), &mut cache);
        cache.save().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let executable = executable_identity();
        std::fs::write(&path, text.replace(&serde_json::to_string(&executable).unwrap(), "\"avv 0.0.0 elsewhere\""))
            .unwrap();
        assert_eq!(hits(&Cache::open(&path), &folders), 0);
        std::fs::write(&path, "{ not json").unwrap();
        assert_eq!(hits(&Cache::open(&path), &folders), 0);
        assert!(!Cache::for_repository(&dir.path().join("agreements")).is_enabled(), "no .git, no cache");
    }
}
