//! `avv validate`: check agreements and report findings.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use avv_core::diagnostic::Severity;
use avv_core::diagnostic::render::{github, human, json, summary_line};
use avv_core::diagnostic::sarif::{SarifOptions, sarif};
use avv_core::validate::{ValidateOptions, validate};
use clap::ValueEnum;

use super::targets::{current_dir, paths_or_repository};
use crate::cli::ColorChoice;
use crate::output::{use_color, write_stdout};

/// Check agreements: TOML syntax, JSON Schema and the legal/domain rules.
///
/// All in one run: Art. 28 coverage, particulars, transfers, references,
/// versions and customer instances. Findings name file, line and column,
/// with a help line; `avv rules` lists every rule. Unchanged folders take
/// their findings from a cache (`.git/avv/validate-cache.json`).
///
/// Examples:
///   avv validate                        every agreement in `agreements/`
///   avv validate agreements/pcvisit     one folder (or: avv validate pcvisit)
///   avv validate --format github        annotations in a CI job
///   avv validate --format sarif         SARIF 2.1.0 for code scanning
///   avv validate --deny warnings        warnings fail the run too
///
/// Exit codes: 0 clean (warnings allowed unless --deny warnings),
/// 1 findings, 2 avv could not run.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Agreement folders (or their names, `pcvisit`), files, an
    /// `agreements/` folder or the repository. Default: every agreement in
    /// the repository's `agreements/`.
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Treat warnings as errors for the exit code.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,

    /// Hide informational notes (human format only).
    #[arg(long)]
    pub quiet: bool,

    /// Validate every folder afresh: neither read nor update the cache of
    /// unchanged folders' findings (`.git/avv/validate-cache.json`).
    #[arg(long)]
    pub no_cache: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style text with the source underlined.
    Human,
    /// One JSON document (stable, versioned; see the README).
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0 for code-scanning dashboards such as GitHub code
    /// scanning; paths relative to the repository root.
    Sarif,
}

/// What `--deny` turns into failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail the run.
    Warnings,
}

/// Runs the command.
pub fn run(args: Args, color: ColorChoice) -> anyhow::Result<ExitCode> {
    let (paths, root) = paths_or_repository(&args.paths, &["agreements"], " or name the folders to check")?;
    let options = ValidateOptions { paths, root, cache: !args.no_cache };
    let mut report = validate(&options).context("cannot validate")?;
    // Tools get every finding: `--quiet` only shortens what people read.
    if args.quiet && args.format == Format::Human {
        report.diagnostics.retain(|d| d.severity > Severity::Info);
    }
    let summary = report.summary();
    match args.format {
        Format::Human => {
            let mut text = human(&report.diagnostics, &report.sources, use_color(color));
            let line = summary_line(summary, report.files);
            text.push_str(&if summary.errors == 0 && summary.warnings == 0 {
                format!(
                    "ok: {} agreement{} checked, {line}\n",
                    report.folders,
                    if report.folders == 1 { "" } else { "s" }
                )
            } else {
                format!("{line}\n")
            });
            write_stdout(&text)?;
        }
        Format::Json => write_stdout(&json(&report.diagnostics, report.files))?,
        Format::Github => write_stdout(&github(&report.diagnostics))?,
        Format::Sarif => {
            let current_dir = current_dir()?;
            write_stdout(&sarif(
                &report.diagnostics,
                SarifOptions {
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: option_env!("CARGO_PKG_REPOSITORY"),
                    current_dir: &current_dir,
                    root: &options.root,
                },
            ))?;
        }
    }
    let failed = summary.errors > 0 || (args.deny == Some(Deny::Warnings) && summary.warnings > 0);
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
