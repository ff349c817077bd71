//! The site's folders on disk: a build writes beside the target and
//! swaps the finished folder in, so a failed build leaves the old one.

use std::path::{Path, PathBuf};

use super::{BuildError, Progress};

/// A site folder may be replaced only when it is missing, empty or marked
/// as built by avv: `--out .` must never remove a repository.
pub(super) fn check_replaceable(out: &Path, marker: &str) -> Result<(), BuildError> {
    match std::fs::symlink_metadata(out) {
        Err(_) => Ok(()),
        Ok(metadata) if metadata.is_dir() => {
            let empty = std::fs::read_dir(out).map(|mut entries| entries.next().is_none()).unwrap_or(false);
            if empty || out.join(marker).is_file() { Ok(()) } else { Err(BuildError::NotASite(out.to_path_buf())) }
        }
        Ok(_) => Err(BuildError::NotASite(out.to_path_buf())),
    }
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
            if !crate::store::Store::holds_only_entries(&dir) {
                return Err(BuildError::NotACache(dir));
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
    let name = out.file_name().ok_or_else(|| BuildError::NotASite(out.to_path_buf()))?;
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_dir(&parent)?;
    Ok(parent.join(format!(".{}.{what}-{}", name.to_string_lossy(), std::process::id())))
}

/// Moves the finished site into place: the old site aside, the new one in,
/// the old one removed. If the second rename fails the old site goes back.
pub(super) fn replace(staging: &Path, out: &Path) -> Result<(), BuildError> {
    let replace_error = |source| BuildError::Replace { path: out.to_path_buf(), source };
    let old = sibling(out, "old")?;
    remove_if_present(&old)?;
    let had_old = std::fs::symlink_metadata(out).is_ok();
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
