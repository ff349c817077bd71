//! Finds agreement folders from the paths a user names.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::listing::Listing;

/// The file names an agreement folder may hold.
pub const KNOWN_FILES: [&str; 3] = ["agreement.toml", "tom.toml", "subprocessors.toml"];

/// Why avv could not find what to validate.
#[derive(Debug, Error)]
pub enum DiscoverError {
    /// The path does not exist.
    #[error("`{0}` does not exist")]
    NotFound(PathBuf),
    /// The path is neither a file nor a directory.
    #[error("`{0}` is neither a file nor a directory")]
    NotFileOrDirectory(PathBuf),
    /// The path is a file outside any agreement folder.
    #[error(
        "`{0}` is not a file of an agreement folder (agreement.toml, tom.toml, subprocessors.toml or customers/*.toml)"
    )]
    NotAgreementFile(PathBuf),
    /// The path holds no agreement folders.
    #[error(
        "no agreement folders found under `{0}` (expected folders with agreement.toml, tom.toml or subprocessors.toml)"
    )]
    NoAgreements(PathBuf),
    /// A directory could not be listed.
    #[error("cannot list `{path}`")]
    List {
        /// The directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// The repository root for `start`: the nearest ancestor that has an
/// `agreements/` folder or a `.git` entry.
pub fn find_repo_root(start: &Path) -> Option<PathBuf> {
    let absolute = if start.is_absolute() { start.to_path_buf() } else { std::env::current_dir().ok()?.join(start) };
    absolute.ancestors().find(|dir| dir.join("agreements").is_dir() || dir.join(".git").exists()).map(Path::to_path_buf)
}

/// Whether `dir` looks like an agreement folder.
pub fn is_agreement_folder(dir: &Path) -> bool {
    KNOWN_FILES.iter().any(|name| std::fs::symlink_metadata(dir.join(name)).is_ok())
}

/// Resolves user-given paths to agreement folders, in order, without duplicates.
pub fn agreement_folders(paths: &[PathBuf]) -> Result<Vec<PathBuf>, DiscoverError> {
    // One path names each folder once (one listing has no duplicates): the
    // set below would only hash and copy 10 000 paths on the serial path.
    if let [path] = paths {
        return folders_for(path);
    }
    let mut out: Vec<PathBuf> = Vec::new();
    // A set, not `out.contains`: a repository of 10 000 folders made the
    // quadratic check the slowest part of a cached run.
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        for folder in folders_for(path)? {
            if seen.insert(folder.clone()) {
                out.push(folder);
            }
        }
    }
    Ok(out)
}

fn folders_for(path: &Path) -> Result<Vec<PathBuf>, DiscoverError> {
    let metadata = std::fs::metadata(path).map_err(|_| DiscoverError::NotFound(path.to_path_buf()))?;
    if metadata.is_file() {
        let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let parent = if parent.as_os_str().is_empty() { PathBuf::from(".") } else { parent };
        if parent.file_name().is_some_and(|n| n == "customers") {
            return Ok(vec![parent.parent().map(Path::to_path_buf).unwrap_or_default()]);
        }
        // Any other file (README.md, Cargo.toml) would make its folder, say
        // the repository root, look like a broken agreement.
        if !is_agreement_folder(&parent) {
            return Err(DiscoverError::NotAgreementFile(path.to_path_buf()));
        }
        return Ok(vec![parent]);
    }
    if !metadata.is_dir() {
        return Err(DiscoverError::NotFileOrDirectory(path.to_path_buf()));
    }
    if is_agreement_folder(path) {
        return Ok(vec![path.to_path_buf()]);
    }
    if path.file_name().is_some_and(|n| n == "customers")
        && let Some(parent) = path.parent().filter(|p| is_agreement_folder(p))
    {
        return Ok(vec![parent.to_path_buf()]);
    }
    let root = if path.join("agreements").is_dir() { path.join("agreements") } else { path.to_path_buf() };
    // The listing's entry types save a `stat` per folder on this serial
    // path; only a link (or a file system without types) needs one.
    let listing = Listing::read(&root).map_err(|source| DiscoverError::List { path: root.clone(), source })?;
    let mut folders: Vec<PathBuf> =
        listing.entries.into_iter().filter(|e| !e.name.starts_with('.') && e.is_dir()).map(|e| e.path).collect();
    // By path, as callers expect (the listing sorts by name).
    folders.sort();
    if folders.is_empty() {
        return Err(DiscoverError::NoAgreements(path.to_path_buf()));
    }
    Ok(folders)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_name_their_agreement_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("agreements").join("x");
        std::fs::create_dir_all(folder.join("customers")).unwrap();
        for file in ["agreement.toml", "notes.md", "customers/acme.toml"] {
            std::fs::write(folder.join(file), "").unwrap();
        }
        std::fs::write(tmp.path().join("README.md"), "").unwrap();
        for file in ["agreement.toml", "notes.md", "customers/acme.toml"] {
            assert_eq!(agreement_folders(&[folder.join(file)]).unwrap(), vec![folder.clone()], "{file}");
        }
        let outside = tmp.path().join("README.md");
        assert!(matches!(agreement_folders(&[outside]), Err(DiscoverError::NotAgreementFile(_))));
    }

    #[test]
    fn a_repository_lists_its_folders_and_links_to_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let agreements = tmp.path().join("agreements");
        for folder in ["b", "a", ".hidden"] {
            std::fs::create_dir_all(agreements.join(folder)).unwrap();
        }
        std::fs::write(agreements.join("README.md"), "").unwrap();
        let mut expected = vec![agreements.join("a"), agreements.join("b")];
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(agreements.join("a"), agreements.join("c")).unwrap();
            std::os::unix::fs::symlink(agreements.join("README.md"), agreements.join("d")).unwrap();
            expected.push(agreements.join("c"));
        }
        assert_eq!(agreement_folders(&[tmp.path().to_path_buf()]).unwrap(), expected);
    }
}
