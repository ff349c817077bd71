//! `avv rules`: list the validation rules.

use std::process::ExitCode;

use avv_core::diagnostic::{RULES, rules_markdown};

use crate::output::write_stdout;

/// List every validation rule: code, default severity, what it checks and why.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a Markdown table (as in the README) instead of plain text.
    #[arg(long)]
    pub markdown: bool,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    write_stdout(&if args.markdown { rules_markdown() } else { plain() })?;
    Ok(ExitCode::SUCCESS)
}

fn plain() -> String {
    let width = RULES.iter().map(|r| r.code.len()).max().unwrap_or(0);
    RULES.iter().map(|r| format!("{:width$}  {:7}  {}\n", r.code, r.severity.as_str(), r.summary)).collect()
}
