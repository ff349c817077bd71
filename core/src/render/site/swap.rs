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
