//! The `avv` command-line tool. Parsing and output only; the work happens in
//! `avv-core`.

mod cli;
mod commands;
mod output;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: loading and diffing agreements
/// allocates many small strings and maps, and glibc's malloc spent a fifth
/// of a long history run in allocation, trimming and page faults.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse_args();
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) => output::report_error(
            &error,
            output::asks_for_json(std::env::args_os().map(|a| a.to_string_lossy().into_owned())),
        ),
    }
}
