//! `avv hook pre-commit`: what the git hook runs.

use std::process::ExitCode;

use anyhow::Context;
use avv_core::config::load_config;
use avv_core::diagnostic::Severity;
use avv_core::diagnostic::locate::locate;
use avv_core::diagnostic::render::human;
use avv_core::hook::pre_commit;
use clap::Subcommand;

use super::targets::open_repository;
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
    let repo = open_repository("the pre-commit hook needs a git repository")?;
    let (config, config_findings) = load_config(repo.workdir());
    let mut report = pre_commit(&repo, &config.hook).context("cannot read the staged changes")?;
    if !config_findings.is_empty() {
        let mut sources = avv_core::diagnostic::locate::SourceMap::new();
        let path = repo.workdir().join("avv.toml");
        if let Ok(text) = std::fs::read_to_string(&path) {
            sources.insert(&path, text.into());
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
