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

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check agreements: TOML syntax, JSON Schema and the legal/domain rules.
    Validate(commands::validate::Args),
    /// Print or write the JSON Schemas of the agreement files.
    Schema(commands::schema::Args),
    /// List the validation rules with their codes and severities.
    Rules(commands::rules::Args),
    /// Print a shell completion script.
    Completions(commands::completions::Args),
    /// Print the man page (roff).
    Man(commands::man::Args),
}
