//! The command-line interface: one subcommand per file in `commands/`.

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands;

/// avv keeps data-processing agreements (GDPR Art. 28) as validated TOML in
/// git: it validates them, diffs their versions and renders the documents.
#[derive(Debug, Parser)]
// The version flag is the root's alone: on a subcommand, `--version`
// would print avv's version and exit 0 whatever followed it
// (`avv render pcvisit --version 1.9` rendered nothing and said so nowhere).
#[command(name = "avv", version, about, long_about = None)]
pub struct Cli {
    /// When to use colour: auto follows the terminal and NO_COLOR.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The command line as `avv` parses it and documents it: `--color` is
    /// accepted everywhere (a global option) but documented once, on
    /// `avv --help` and the avv(1) page, not repeated on every subcommand's.
    pub fn command() -> clap::Command {
        let command = <Self as clap::CommandFactory>::command();
        let hidden = command
            .get_arguments()
            .find(|arg| arg.get_id() == "color")
            .map(|arg| arg.clone().hide(true))
            .expect("the root command has --color");
        // A subcommand that has its own (hidden) copy of a global option
        // does not get the root's propagated into it; the copy is global
        // too, so its value still reaches the root's matches.
        command.mut_subcommands(|sub| with_hidden(sub, &hidden))
    }

    /// Parses the process's arguments (exits with clap's message and code
    /// on a usage error).
    pub fn parse_args() -> Self {
        let matches = Self::command().try_get_matches().unwrap_or_else(|error| with_tips(error).exit());
        <Self as clap::FromArgMatches>::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
    }
}

/// `error` with a tip where a user's guess is near a command avv has under
/// another parent: `avv hook install` is `avv hooks install`.
fn with_tips(mut error: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let install =
        matches!(error.get(ContextKind::InvalidSubcommand), Some(ContextValue::String(name)) if name == "install");
    // `hook install`, also after global options (`--color never hook install`).
    let args: Vec<String> = std::env::args().collect();
    let under_hook = args.windows(2).any(|pair| pair[0] == "hook" && pair[1] == "install");
    if error.kind() == ErrorKind::InvalidSubcommand && install && under_hook {
        let tip = "to install the hooks, run `avv hooks install`".into();
        error.insert(ContextKind::Suggested, ContextValue::StyledStrs(vec![tip]));
    }
    error
}

/// Gives `command` and its subcommands the hidden copy of `--color`.
fn with_hidden(command: clap::Command, hidden: &clap::Arg) -> clap::Command {
    command.arg(hidden.clone()).mut_subcommands(|sub| with_hidden(sub, hidden))
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
    Import(commands::import::Args),
    Schema(commands::schema::Args),
    Rules(commands::rules::Args),
    Completions(commands::completions::Args),
    Man(commands::man::Args),
}

#[cfg(test)]
mod tests {
    use super::Cli;

    #[test]
    fn command_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Every subcommand path (`validate`, `hooks install`, …).
    fn paths(command: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        // clap's own `help` subcommand takes command names, not options.
        for sub in command.get_subcommands().filter(|sub| sub.get_name() != "help") {
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_owned());
            out.push(path.clone());
            paths(sub, &path, out);
        }
    }

    #[test]
    fn color_is_documented_once_and_accepted_everywhere() {
        let mut root = Cli::command();
        assert!(root.render_long_help().to_string().contains("--color"), "avv --help documents --color");
        let mut all = Vec::new();
        paths(&root, &[], &mut all);
        assert!(all.len() > 14, "{all:?}");
        for path in all {
            let mut command = root.clone();
            for name in &path {
                command = command.find_subcommand(name).expect("a subcommand").clone();
            }
            let help = command.render_long_help().to_string();
            assert!(!help.contains("--color"), "`avv {} --help` repeats --color:\n{help}", path.join(" "));
            // `--color` is taken after the subcommand: parsing reaches the
            // help request behind it.
            let args = ["avv"].into_iter().chain(path.iter().map(String::as_str)).chain(["--color", "never", "--help"]);
            let error = Cli::command().try_get_matches_from(args).expect_err("--help stops parsing");
            assert_eq!(error.kind(), clap::error::ErrorKind::DisplayHelp, "`avv {} --color never`", path.join(" "));
        }
    }
}
