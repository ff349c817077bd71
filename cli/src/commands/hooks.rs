//! `avv hooks install` and `uninstall`: the pre-commit, pre-merge-commit
//! and pre-push hooks of a repository.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Subcommand;

/// The marker that identifies a hook file avv wrote.
const MARKER: &str = "# installed by avv";

/// The hook script: a thin wrapper around `avv hook pre-commit`.
pub const PRE_COMMIT: &str = include_str!("../../../hooks/pre-commit");

/// The merge hook script: a thin wrapper around `avv hook pre-merge-commit`.
pub const PRE_MERGE_COMMIT: &str = include_str!("../../../hooks/pre-merge-commit");

/// The push hook script: a thin wrapper around `avv hook pre-push`.
pub const PRE_PUSH: &str = include_str!("../../../hooks/pre-push");

/// One hook avv installs.
struct HookFile {
    /// Its file name: what git runs it for.
    name: &'static str,
    script: &'static str,
    /// The line that runs avv's check, for a hook of the user's own.
    call: &'static str,
    /// What goes unchecked here while a foreign hook of that name is kept;
    /// `None` for the commit hook, which is not installed without.
    unchecked: Option<&'static str>,
}

/// The hooks avv installs: git runs `pre-commit` for `git commit` (also to
/// conclude a merge with conflicts), `pre-merge-commit` for a merge it
/// makes without conflicts, and `pre-push` before a push, which catches
/// the commits no commit hook saw.
const HOOKS: [HookFile; 3] = [
    HookFile { name: "pre-commit", script: PRE_COMMIT, call: "avv hook pre-commit", unchecked: None },
    HookFile {
        name: "pre-merge-commit",
        script: PRE_MERGE_COMMIT,
        call: "avv hook pre-merge-commit",
        unchecked: Some("merges git makes without conflicts are not checked here"),
    },
    HookFile {
        name: "pre-push",
        script: PRE_PUSH,
        // git's arguments, and the refs pushed on standard input.
        call: "avv hook pre-push \"$@\"",
        unchecked: Some(
            "commits made by cherry-pick, revert, rebase, am or `commit --no-verify` are not checked before a push",
        ),
    },
];

/// Install (or remove) the pre-commit, pre-merge-commit and pre-push hooks
/// of this repository.
///
/// Cherry-picks, reverts and rebases run no commit hook in git: the
/// pre-push hook checks the commits they make before they leave the
/// machine, and CI's `avv hook range` checks every commit of a pull
/// request.
///
/// Examples:
///   avv hooks install
///   avv hooks install --force       replace hooks avv did not write
///   avv hooks uninstall             remove the hooks avv wrote
///
/// Exit codes: 0 done, 2 avv could not run (a foreign hook without
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
    /// Install the pre-commit, pre-merge-commit and pre-push hooks (honours
    /// `core.hooksPath`). Installing again is harmless; a hook avv did not
    /// write is only replaced with `--force`.
    Install {
        /// Replace hooks that avv did not write.
        #[arg(long)]
        force: bool,
    },
    /// Remove the hooks avv wrote (honours `core.hooksPath`); a hook of
    /// that name that avv did not write is kept. Removing again is harmless.
    Uninstall,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot determine the current directory")?;
    let dir = hooks_dir(&cwd)?;
    match args.action {
        Action::Install { force } => install(&dir, force),
        Action::Uninstall => uninstall(&dir),
    }
}

/// The hook file at `path`: `None` when there is none. Only a regular file
/// is read (a link to a device or a FIFO would hang or flood); anything
/// else there reads as empty, which is not avv's.
fn read_hook(path: &std::path::Path) -> Option<String> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() <= 1024 * 1024 => std::fs::read_to_string(path).ok(),
        Ok(_) => Some(String::new()),
        Err(_) => None,
    }
}

fn uninstall(dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    for HookFile { name, .. } in HOOKS {
        let path = dir.join(name);
        match read_hook(&path) {
            None => eprintln!("avv: no {name} hook at {}", path.display()),
            Some(existing) if existing.contains(MARKER) => {
                std::fs::remove_file(&path).with_context(|| format!("cannot remove `{}`", path.display()))?;
                eprintln!("avv: removed the {name} hook from {}", path.display());
            }
            Some(_) => eprintln!("avv: `{}` was not written by avv, so it is kept", path.display()),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn install(dir: &std::path::Path, force: bool) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    // Every hook is checked before any is written: a foreign one leaves
    // all as they were.
    let mut missing = Vec::new();
    for HookFile { name, script, call, unchecked } in HOOKS {
        let path = dir.join(name);
        match read_hook(&path) {
            Some(existing) if existing == script => {
                eprintln!("avv: the {name} hook is already installed at {}", path.display());
            }
            Some(existing) if !existing.contains(MARKER) && !force => match unchecked {
                // A merge or push hook of the user's own does not keep the commit hook out.
                Some(unchecked) => eprintln!(
                    "avv: warning: `{}` exists and was not written by avv, so {unchecked} (CI's `avv hook range` still checks them); add `{call}` to it yourself, or replace it with `avv hooks install --force`",
                    path.display()
                ),
                None => bail!(
                    "`{}` exists and was not written by avv; add `{call}` to it yourself, or replace it with `avv hooks install --force`",
                    path.display()
                ),
            },
            _ => missing.push((name, script, path)),
        }
    }
    for (name, script, path) in missing {
        let temporary = dir.join(format!(".{name}.avv-tmp"));
        let installed = std::fs::write(&temporary, script)
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
        eprintln!("avv: installed the {name} hook at {}", path.display());
    }
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
