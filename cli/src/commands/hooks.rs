//! `avv hooks install`: install the pre-commit hook into a repository.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Subcommand;

/// The marker that identifies a hook file avv wrote.
const MARKER: &str = "# installed by avv";

/// The hook script: a thin wrapper around `avv hook pre-commit`.
pub const PRE_COMMIT: &str = include_str!("../../../hooks/pre-commit");

/// Install the pre-commit hook into this repository.
///
/// Examples:
///   avv hooks install
///   avv hooks install --force       replace a hook avv did not write
///
/// Exit codes: 0 installed, 2 avv could not run (a foreign hook without
/// --force, no repository).
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub action: Action,
}

/// Hook management actions.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// Install the pre-commit hook (honours `core.hooksPath`). Installing
    /// again is harmless; a hook avv did not write is only replaced with `--force`.
    Install {
        /// Replace a pre-commit hook that avv did not write.
        #[arg(long)]
        force: bool,
    },
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Action::Install { force } = args.action;
    let cwd = std::env::current_dir().context("cannot determine the current directory")?;
    let dir = hooks_dir(&cwd)?;
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let path = dir.join("pre-commit");
    // Only a regular hook file is read (a link to a device or a FIFO would
    // hang or flood); anything else there is not avv's.
    let existing = match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_file() && meta.len() <= 1024 * 1024 => std::fs::read_to_string(&path).ok(),
        Ok(_) => Some(String::new()),
        Err(_) => None,
    };
    if let Some(existing) = existing {
        if existing == PRE_COMMIT {
            eprintln!("avv: the pre-commit hook is already installed at {}", path.display());
            return Ok(ExitCode::SUCCESS);
        }
        if !existing.contains(MARKER) && !force {
            bail!(
                "`{}` exists and was not written by avv; add `avv hook pre-commit` to it yourself, or replace it with `avv hooks install --force`",
                path.display()
            );
        }
    }
    let temporary = dir.join(".pre-commit.avv-tmp");
    let installed = std::fs::write(&temporary, PRE_COMMIT)
        .with_context(|| format!("cannot write `{}`", temporary.display()))
        .and_then(|()| make_executable(&temporary))
        .and_then(|()| {
            std::fs::rename(&temporary, &path).with_context(|| format!("cannot install `{}`", path.display()))
        });
    // A failed install leaves nothing behind.
    if installed.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    installed?;
    eprintln!("avv: installed the pre-commit hook at {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// The hooks folder: `core.hooksPath` if set, else `.git/hooks`.
fn hooks_dir(cwd: &std::path::Path) -> anyhow::Result<PathBuf> {
    let output = std::process::Command::new("git")
        .args(["rev-parse", "--git-path", "hooks"])
        .current_dir(cwd)
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!("`{}` is not inside a git repository", cwd.display());
    }
    // A bare repository has no commits made in it: a hook would never run.
    let bare = std::process::Command::new("git")
        .args(["rev-parse", "--is-bare-repository"])
        .current_dir(cwd)
        .output()
        .context("cannot run git")?;
    if String::from_utf8_lossy(&bare.stdout).trim() == "true" {
        bail!(
            "`{}` is a bare repository: nothing is committed in it, so a pre-commit hook never runs; install the hook in a clone with a working tree",
            cwd.display()
        );
    }
    let path = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    Ok(if path.is_absolute() { path } else { cwd.join(path) })
}

#[cfg(unix)]
fn make_executable(path: &std::path::Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).context("cannot make the hook executable")
}

#[cfg(not(unix))]
fn make_executable(_path: &std::path::Path) -> anyhow::Result<()> {
    Ok(())
}
