//! `avv man`: the man page.

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::Cli;

/// Print the man page (roff).
///
/// Examples:
///   avv man > avv.1
///
/// Exit codes: 0 printed, 2 avv could not run.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    crate::output::write_stdout(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}
