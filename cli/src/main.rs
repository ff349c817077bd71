//! The `avv` command-line tool. Parsing and output only; the work happens in
//! `avv-core`.

mod cli;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) => output::report_error(&error),
    }
}
