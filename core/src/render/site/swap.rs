//! The site's folders on disk: a build writes beside the target and
//! swaps the finished folder in, so a failed build leaves the old one.

use std::path::{Path, PathBuf};

use super::{BuildError, Progress};

/// A site folder may be replaced only when it is missing, empty or marked
/// as built by avv: `--out .` must never remove a repository. `option`
/// names the folder's option for the message.
pub(super) fn check_replaceable(out: &Path, marker: &'static str, option: &'static str) -> Result<(), BuildError> {
    let wanted = KINDS.iter().find(|(known, _)| *known == marker).map_or("avv's output", |(_, kind)| *kind);
    let not_ours = || BuildError::NotASite { path: out.to_path_buf(), wanted, marker, option };
    match std::fs::symlink_metadata(out) {
        Err(_) => Ok(()),
        Ok(metadata) if metadata.is_dir() => {
            let empty = std::fs::read_dir(out).map(|mut entries| entries.next().is_none()).unwrap_or(false);
            if empty || out.join(marker).is_file() {
                return Ok(());
            }
            // Another of avv's outputs: said as what it is.
            match kind(out) {
                Some(found) => Err(BuildError::OtherOutput { path: out.to_path_buf(), found, wanted, option }),
                None => Err(not_ours()),
            }
        }
        Ok(_) => Err(not_ours()),
    }
}

/// avv's outputs by the file that marks them.
const KINDS: [(&str, &str); 3] = [
    (super::MARKER, "a site avv built"),
    (super::PRIVATE_MARKER, "avv's private folder of customer contracts"),
    (super::SHARD_MANIFEST, "a shard folder"),
];

/// Which of avv's outputs the folder `dir` is, if any.
fn kind(dir: &Path) -> Option<&'static str> {
    KINDS.iter().find(|(marker, _)| dir.join(marker).is_file()).map(|(_, kind)| *kind)
}

/// Refuses output and cache folders that would land among the sources
/// (in `agreements/`, or holding the repository: a cache folder there
/// reads as twenty broken agreements, a site as one more), and a cache
/// folder that holds anything but cache entries. All paths [`resolved`].
pub(super) fn check_places(options: &super::SiteOptions) -> Result<(), BuildError> {
    let sources = resolved(&options.root.join("agreements"));
    let root = resolved(&options.root);
    let folders = [
        ("site folder", Some(&options.out)),
        ("private folder", options.private_out.as_ref()),
        ("cache folder", options.cache.as_ref()),
    ];
    for (what, path) in folders {
        if let Some(path) = path
            && (path.starts_with(&sources) || root.starts_with(path))
        {
            return Err(BuildError::AmongSources { what, path: path.clone() });
        }
    }
    if let Some(cache) = &options.cache {
        for dir in [cache.clone(), crate::render::cache::private_dir(cache)] {
            // The output folders are swapped as a whole: a cache in one is
            // removed with it (or published), one around them holds them.
            let outputs = [("site folder", Some(&options.out)), ("private folder", options.private_out.as_ref())];
            for (what, out) in outputs {
                if let Some(out) = out
                    && (dir.starts_with(out) || out.starts_with(&dir))
                {
                    return Err(BuildError::CacheOverlap { cache: dir, what, out: out.clone() });
                }
            }
            match crate::store::Store::not_an_entry(&dir) {
                None => {}
                Some(found) if found == dir => return Err(BuildError::CacheNotAFolder(dir)),
                Some(found) => return Err(BuildError::NotACache { dir, found }),
            }
        }
    }
    Ok(())
}

/// Refuses a private folder that is the site folder, lies inside it or
/// holds it: either way the customer contracts would be published.
pub(super) fn check_apart(out: &Path, private: &Path) -> Result<(), BuildError> {
    let (site, hidden) = (resolved(out), resolved(private));
    if site.starts_with(&hidden) || hidden.starts_with(&site) {
        return Err(BuildError::Overlap { out: out.to_path_buf(), private: private.to_path_buf() });
    }
    Ok(())
}

/// `path` absolute, as the system reaches it: each part that exists with
/// its links followed (so `link/..` is the link target's parent), each `..`
/// after a part that does not exist yet taken back lexically (the build
/// creates that part as a plain folder). Two spellings of one folder
/// compare equal, and a path checked is the path written.
pub(super) fn resolved(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => {
                out.push(other);
                if let Ok(real) = std::fs::canonicalize(&out) {
                    out = real;
                }
            }
        }
    }
    out
}

/// Waits until no other avv build writes beside `out`, and holds the
/// turn while the returned handle lives: two builds swapping one site
/// folder at once would move each other's folders away. The lock is the
/// parent folder's own (no lock file to leave behind); where a folder
/// cannot be locked (some file systems), builds run as before.
pub(super) fn take_turn(out: &Path) -> Option<std::fs::File> {
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let folder = std::fs::File::open(parent).ok()?;
    folder.lock().ok()?;
    Some(folder)
}

/// `.<name>.<what>-<pid>` beside `out`, creating the parent folder.
pub(super) fn sibling(out: &Path, what: &str) -> Result<PathBuf, BuildError> {
    let path = sibling_path(out, what).ok_or_else(|| BuildError::NotASite {
        path: out.to_path_buf(),
        wanted: "a named folder avv can replace",
        marker: super::MARKER,
        option: "--out",
    })?;
    if let Some(parent) = path.parent() {
        create_dir(parent)?;
    }
    Ok(path)
}

/// `.<name>.<what>-<pid>` beside `out`; `None` for a path without a name.
pub(super) fn sibling_path(out: &Path, what: &str) -> Option<PathBuf> {
    let name = out.file_name()?;
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(parent.join(format!(".{}.{what}-{}", name.to_string_lossy(), std::process::id())))
}

/// Moves the finished site into place. Where the system can swap two
/// folders in one step (Linux), it does: the old site is in place until
/// the new one is, at every instant, so a build killed here leaves one of
/// them, never none; the old one is removed after. Elsewhere the old site
/// goes aside and the new one in; if that second rename fails the old
/// site goes back.
pub(super) fn replace(staging: &Path, out: &Path) -> Result<(), BuildError> {
    let replace_error = |source| BuildError::Replace { path: out.to_path_buf(), source };
    let had_old = std::fs::symlink_metadata(out).is_ok();
    if had_old && exchange(staging, out).is_ok() {
        // The staging folder holds the old site now: only clutter.
        let _ = std::fs::remove_dir_all(staging);
        return Ok(());
    }
    let old = sibling(out, "old")?;
    remove_if_present(&old)?;
    if had_old {
        std::fs::rename(out, &old).map_err(replace_error)?;
    }
    if let Err(error) = std::fs::rename(staging, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(replace_error(error));
    }
    if had_old {
        // The new site is in place; a leftover old copy is only clutter.
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Swaps two folders in one step (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Not offered by this system: the two renames are used instead.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

pub(super) fn remove_if_present(path: &Path) -> Result<(), BuildError> {
    match std::fs::remove_dir_all(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(BuildError::Write { path: path.to_path_buf(), source: error })
        }
        _ => Ok(()),
    }
}

pub(super) fn create_dir(path: &Path) -> Result<(), BuildError> {
    std::fs::create_dir_all(path).map_err(|source| BuildError::Write { path: path.to_path_buf(), source })
}

pub(super) fn write(dir: &Path, file: &Path, bytes: &[u8], progress: &dyn Progress) -> Result<(), BuildError> {
    let path = dir.join(file);
    std::fs::write(&path, bytes).map_err(|source| BuildError::Write { path, source })?;
    progress.wrote(file);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_new_site_replaces_the_old_one_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = (dir.path().join("site"), dir.path().join(".site.tmp-1"));
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "alt").unwrap();
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join("new.html"), "neu").unwrap();
        super::replace(&staging, &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("new.html")).unwrap(), "neu");
        assert!(!out.join("old.html").exists());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("site")], "no staging or old folder stays");
        // The first build: nothing to swap with.
        let first = dir.path().join("first");
        std::fs::create_dir_all(&staging).unwrap();
        super::replace(&staging, &first).unwrap();
        assert!(first.is_dir() && !staging.exists());
    }

    /// The old site is in place until the new one is: one step swaps them.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn two_folders_are_swapped_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("which"), "a").unwrap();
        std::fs::write(b.join("which"), "b").unwrap();
        super::exchange(&a, &b).expect("the file system swaps folders");
        assert_eq!(std::fs::read_to_string(a.join("which")).unwrap(), "b");
        assert_eq!(std::fs::read_to_string(b.join("which")).unwrap(), "a");
    }

    #[test]
    fn a_private_folder_in_or_around_the_site_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("site")).unwrap();
        for (out, private) in [
            ("site", "site"),
            ("site", "site/"),
            ("site", "site/./private"),
            ("site", "site/x/y"),
            ("site/inner", "site"),
            ("site", "other/../site"),
        ] {
            let result = super::check_apart(&root.join(out), &root.join(private));
            assert!(matches!(result, Err(super::BuildError::Overlap { .. })), "{out} / {private}");
        }
        for (out, private) in [("site", "private"), ("site", "site-private"), ("public/site", "public/private")] {
            assert!(super::check_apart(&root.join(out), &root.join(private)).is_ok(), "{out} / {private}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("site"), root.join("alias")).unwrap();
            assert!(super::check_apart(&root.join("site"), &root.join("alias/private")).is_err());
        }
    }
}
