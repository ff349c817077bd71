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
    /// Render one document (an agreement or a customer instance) as Markdown, HTML or PDF.
    Render(commands::render::Args),
    /// Build the static site with every agreement and customer instance.
    Build(commands::build::Args),
    /// Compare versions of agreements: classified changes and change texts.
    Diff(commands::diff::Args),
    /// Rewrite agreement files in the canonical TOML layout, keeping comments.
    Fmt(commands::fmt::Args),
    /// Print the version table of an agreement, written from git.
    History(commands::history::Args),
    /// Write the Art. 28(2) notice of sub-processor changes for customers.
    Notice(commands::notice::Args),
    /// Run a git hook's check (what the installed hook calls).
    Hook(commands::hook::Args),
    /// Install the pre-commit hook into this repository.
    Hooks(commands::hooks::Args),
    /// Scaffold a new agreement or customer instance.
    New(commands::new::Args),
    /// Print or write the JSON Schemas of the agreement files.
    Schema(commands::schema::Args),
    /// List the validation rules with their codes and severities.
    Rules(commands::rules::Args),
    /// Print a shell completion script.
    Completions(commands::completions::Args),
    /// Print the man page (roff).
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
