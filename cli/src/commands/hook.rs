//! `avv hook pre-commit`: what the git hook runs.

use std::process::ExitCode;

use anyhow::Context;
use std::path::Path;

use avv_core::config::{Config, parse_config_findings as parse_config_text};
use avv_core::diagnostic::Severity;
use avv_core::diagnostic::locate::locate;
use avv_core::diagnostic::render::human;
use avv_core::history::Repo;
use avv_core::hook::pre_commit;
use clap::Subcommand;

use crate::cli::ColorChoice;
use crate::output::use_color_stderr;

/// Run a git hook's check (installed by `avv hooks install`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The hook.
    #[command(subcommand)]
    pub hook: Hook,
}

/// The hooks avv provides.
#[derive(Debug, Subcommand)]
pub enum Hook {
    /// Check what is staged for commit: the staged agreement files (not the
    /// working tree) with every rule, and the change policy of `avv.toml`
    /// (new version for a content change, justification for a removed or
    /// weakened TOM measure). Exit code 1 refuses the commit.
    PreCommit,
}

/// Runs the command.
pub fn run(args: Args, color: ColorChoice) -> anyhow::Result<ExitCode> {
    let Hook::PreCommit = args.hook;
    let cwd = super::targets::current_dir()?;
    // Only HEAD and the index are needed: a shallow clone (pre-commit CI) will do.
    let mut repo = Repo::open_shallow(&cwd).context("the pre-commit hook needs a git repository")?;
    // git names the index it is about to commit (`git commit -a`, `<path>`, `-i`, `--only`).
    if let Some(index) = std::env::var_os("GIT_INDEX_FILE").filter(|v| !v.is_empty()) {
        repo.use_index_file(Path::new(&index));
    }
    // The policy as it will be committed, not as the working tree has it.
    let config_path = repo.workdir().join("avv.toml");
    let staged_config = repo.staged_file("avv.toml").context("cannot read the staged avv.toml")?;
    let (config, config_findings) = match &staged_config {
        Some(text) => parse_config_text(&config_path, text),
        None => (Config::default(), Vec::new()),
    };
    let mut report = pre_commit(&repo, &config.hook).context("cannot read the staged changes")?;
    if !config_findings.is_empty() {
        let mut sources = avv_core::diagnostic::locate::SourceMap::new();
        if let Some(text) = staged_config {
            sources.insert(&config_path, text.into());
        }
        report.diagnostics.extend(locate(config_findings, &sources));
        report.sources.extend(sources);
    }
    let errors = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = report.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    let refused = errors > 0 || (config.hook.deny_warnings && warnings > 0);
    let shown: Vec<_> = report.diagnostics.iter().filter(|d| d.severity > Severity::Info).cloned().collect();
    if !shown.is_empty() {
        eprint!("{}", human(&shown, &report.sources, use_color_stderr(color)));
    }
    if refused {
        eprintln!(
            "avv: commit refused: {errors} error{}, {warnings} warning{} in the staged agreements ({}); fix them, `git add` the fix, and commit again",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
            report.agreements.join(", ")
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
