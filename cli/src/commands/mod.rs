//! One module per subcommand, each with an `Args` struct and a `run` function.

pub mod build;
pub mod completions;
pub mod diff;
pub mod fmt;
pub mod history;
pub mod hook;
pub mod hooks;
pub mod import;
pub mod man;
pub mod new;
pub mod notice;
pub mod render;
pub mod rules;
pub mod schema;
pub mod targets;
pub mod validate;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Validate(args) => validate::run(args, cli.color),
        Command::Render(args) => render::run(args, cli.color),
        Command::Build(args) => build::run(args, cli.color),
        Command::Diff(args) => diff::run(args, cli.color),
        Command::Fmt(args) => fmt::run(args, cli.color),
        Command::History(args) => history::run(args),
        Command::Notice(args) => notice::run(args),
        Command::Hook(args) => hook::run(args, cli.color),
        Command::Hooks(args) => hooks::run(args),
        Command::New(args) => new::run(args, cli.color),
        Command::Import(args) => import::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}
