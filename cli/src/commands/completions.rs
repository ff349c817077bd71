//! `avv completions`: shell completion scripts.

use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Print a shell completion script.
///
/// Examples:
///   avv completions bash > /etc/bash_completion.d/avv
///   avv completions zsh > ~/.zfunc/_avv
///
/// Exit codes: 0 printed, 2 avv could not run.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    // From the derived command, where `--color` is not hidden: it completes
    // after every subcommand, as it is accepted there.
    clap_complete::generate(args.shell, &mut <Cli as CommandFactory>::command(), "avv", &mut out);
    crate::output::write_stdout(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}
