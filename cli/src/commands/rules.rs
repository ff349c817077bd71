//! `avv rules`: list the validation rules.

use std::process::ExitCode;

use avv_core::diagnostic::{RULES, rules_json, rules_markdown};
use clap::ValueEnum;

use crate::output::write_stdout;

/// List the validation rules with their codes and severities.
///
/// Code, default severity, what each rule checks and why.
///
/// Examples:
///   avv rules
///   avv rules --format json
///
/// Exit codes: 0 listed, 2 avv could not run.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// The same as `--format markdown` (kept for scripts that use it).
    #[arg(long, hide = true, conflicts_with = "format")]
    pub markdown: bool,
}

/// Output formats of `avv rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per rule: code, severity, what it checks.
    Text,
    /// A Markdown table, as in `docs/rules.md`.
    Markdown,
    /// JSON: `{"version": 1, "rules": [{code, severity, summary, rationale}]}`.
    Json,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = if args.markdown { Format::Markdown } else { args.format };
    write_stdout(&match format {
        Format::Text => plain(),
        Format::Markdown => rules_markdown(),
        Format::Json => rules_json(),
    })?;
    Ok(ExitCode::SUCCESS)
}

fn plain() -> String {
    let width = RULES.iter().map(|r| r.code.as_str().len()).max().unwrap_or(0);
    RULES.iter().map(|r| format!("{:width$}  {:7}  {}\n", r.code, r.severity.as_str(), r.summary)).collect()
}
