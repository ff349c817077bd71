//! What a command works on: the paths the user named, or the repository
//! found from the current folder, and the repository root.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use avv_core::history::Repo;
use avv_core::load::find_repo_root;

/// The current folder.
pub fn current_dir() -> anyhow::Result<PathBuf> {
    std::env::current_dir().context("cannot determine the current directory")
}

/// The git repository containing the current folder; `why` is the error
/// context ("cannot read the git history").
pub fn open_repository(why: &'static str) -> anyhow::Result<Repo> {
    Repo::open(&current_dir()?).context(why)
}

/// The agreement id a user named: a folder name, or a path ending in one
/// (`agreements/pcvisit` and `pcvisit` name the same agreement).
pub fn agreement_id(named: &str) -> String {
    Path::new(named).file_name().map_or_else(|| named.to_owned(), |name| name.to_string_lossy().into_owned())
}

/// Whether `arg` is the name of an agreement folder (`pcvisit` for
/// `agreements/pcvisit`).
pub fn is_agreement_name(root: &Path, arg: &str) -> bool {
    !arg.is_empty() && !arg.starts_with('.') && !arg.contains(['/', '\\']) && root.join("agreements").join(arg).is_dir()
}

/// `path` as the user named it, or, where nothing is there and it is the
/// name of an agreement of the repository around `cwd` (`pcvisit`), that
/// agreement's folder, shown relative to `cwd`: the commands that take
/// paths take an agreement's name as `history`, `notice` and `diff` do.
pub fn path_or_agreement(path: &Path, cwd: &Path) -> PathBuf {
    if path.exists() {
        return path.to_path_buf();
    }
    let root = find_repo_root(cwd);
    match (path.to_str(), root) {
        (Some(name), Some(root)) if is_agreement_name(&root, name) => {
            let folder = root.join("agreements").join(name);
            match folder.strip_prefix(cwd) {
                Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
                Ok(relative) => relative.to_path_buf(),
                Err(_) => folder,
            }
        }
        _ => path.to_path_buf(),
    }
}

/// The repository root found from `cwd`; `hint` ends the error message
/// ("or name the folders to check").
pub fn repository_root(cwd: &Path, hint: &str) -> anyhow::Result<PathBuf> {
    match find_repo_root(cwd) {
        Some(root) => Ok(root),
        None => bail!(
            "no `agreements/` folder found here or in any parent folder; run avv inside a policy repository{hint}"
        ),
    }
}

/// The paths to work on and the repository root: the named `paths` (an
/// agreement's name for its folder, [`path_or_agreement`]), or
/// else those of `defaults` (relative to the root) that exist, shown
/// relative to the current folder. `hint` completes the error when there is
/// no repository.
pub fn paths_or_repository(
    paths: &[PathBuf],
    defaults: &[&str],
    hint: &str,
) -> anyhow::Result<(Vec<PathBuf>, PathBuf)> {
    let cwd = current_dir()?;
    if !paths.is_empty() {
        let paths: Vec<PathBuf> = paths.iter().map(|path| path_or_agreement(path, &cwd)).collect();
        let root = find_repo_root(&paths[0]).unwrap_or(cwd);
        return Ok((paths, root));
    }
    let root = repository_root(&cwd, hint)?;
    let shown: Vec<PathBuf> = defaults
        .iter()
        .map(|name| root.join(name))
        .filter(|path| path.exists())
        .map(|path| match path.strip_prefix(&cwd) {
            Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
            Ok(relative) => relative.to_path_buf(),
            Err(_) => path,
        })
        .collect();
    if !root.join("agreements").is_dir() || shown.is_empty() {
        bail!("`{}` has no `agreements/` folder", root.display());
    }
    Ok((shown, root))
}
