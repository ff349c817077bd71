//! The command-line interface: one subcommand per file in `commands/`.

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands;

/// avv keeps data-processing agreements (GDPR Art. 28) as validated TOML in
/// git: it validates them, diffs their versions and renders the documents.
#[derive(Debug, Parser)]
#[command(name = "avv", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// When to use colour: auto follows the terminal and NO_COLOR.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands. Each one's help is the doc comment of its `Args`
/// (in `commands/`): the first paragraph is the summary `avv --help` lists,
/// the rest the manual `avv <command> --help` prints.
#[derive(Debug, Subcommand)]
pub enum Command {
    Validate(commands::validate::Args),
    Render(commands::render::Args),
    Build(commands::build::Args),
    Diff(commands::diff::Args),
    Fmt(commands::fmt::Args),
    History(commands::history::Args),
    Notice(commands::notice::Args),
    Hook(commands::hook::Args),
    Hooks(commands::hooks::Args),
    New(commands::new::Args),
    Schema(commands::schema::Args),
    Rules(commands::rules::Args),
    Completions(commands::completions::Args),
    Man(commands::man::Args),
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn command_is_well_formed() {
        Cli::command().debug_assert();
    }
}
