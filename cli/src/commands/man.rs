//! `avv man`: the man pages, one for avv and one per subcommand.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap_mangen::roff::{Roff, roman};

use crate::cli::Cli;

/// Print a man page (roff), or write all of them into a folder.
///
/// `avv man` prints avv(1); `avv man validate` prints avv-validate(1);
/// `--out DIR` writes avv.1 and one page per subcommand, each with the
/// sections EXIT STATUS and ENVIRONMENT (the repository keeps them in
/// `cli/man/`).
///
/// Examples:
///   avv man > avv.1
///   avv man hook range | man -l -
///   avv man --out /usr/local/share/man/man1
///
/// Exit codes: 0 printed or written, 2 avv could not run (an unknown
/// subcommand, a folder that cannot be written).
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The subcommand whose page to print, e.g. `validate` or `hook range`.
    pub command: Vec<String>,

    /// Write every page into this folder instead of printing one.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub out: Option<PathBuf>,
}

/// The environment variables avv reads, and the commands that read them
/// (empty: every command).
const ENVIRONMENT: &[(&str, &str, &[&str])] = &[
    ("NO_COLOR", "When set (to anything), no colour, as with --color never.", &[]),
    (
        "SOURCE_DATE_EPOCH",
        "Seconds since 1970: the creation date written into PDFs, for reproducible builds. Without it a PDF is dated by the commit it comes from.",
        &["build", "render"],
    ),
    ("AVV_CACHE_DIR", "The render cache folder, as --cache-dir.", &["build"]),
    ("GIT_INDEX_FILE", "The index git is about to commit (set by git for the hook): what is checked.", &["hook"]),
];

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = Cli::command();
    if let Some(dir) = &args.out {
        write_all(&root, dir)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut command = root.clone();
    let mut path = Vec::new();
    for name in &args.command {
        command = command.find_subcommand(name).cloned().with_context(|| {
            format!(
                "`avv {}` is not a command; see `avv --help`",
                [path.clone(), vec![name.clone()]].concat().join(" ")
            )
        })?;
        path.push(name.clone());
    }
    crate::output::write_stdout(&String::from_utf8_lossy(&page(&command, &path)?))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes avv.1 and a page for every subcommand, nested ones included.
fn write_all(root: &clap::Command, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let mut pending = vec![(root.clone(), Vec::<String>::new())];
    while let Some((command, path)) = pending.pop() {
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            pending.push((sub.clone(), [path.clone(), vec![sub.get_name().to_owned()]].concat()));
        }
        let file = dir.join(format!("{}.1", page_name(&path)));
        crate::output::write_atomically(&file, &page(&command, &path)?)
            .with_context(|| format!("cannot write `{}`", file.display()))?;
    }
    Ok(())
}

/// `avv`, `avv-validate`, `avv-hook-range`.
fn page_name(path: &[String]) -> String {
    std::iter::once("avv").chain(path.iter().map(String::as_str)).collect::<Vec<_>>().join("-")
}

/// One page: clap's sections, then EXIT STATUS and ENVIRONMENT.
fn page(command: &clap::Command, path: &[String]) -> anyhow::Result<Vec<u8>> {
    let name = page_name(path);
    let mut command =
        command.clone().name(name.clone()).bin_name(format!("avv {}", path.join(" ")).trim_end().to_owned());
    command.build();
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut out)?;
    let mut extra = Roff::new();
    let about = command.get_long_about().or(command.get_about()).map(ToString::to_string).unwrap_or_default();
    if let Some(codes) = about.split("\n\n").find(|p| p.starts_with("Exit codes:")) {
        extra.control("SH", ["EXIT STATUS"]);
        extra.text([roman(codes.trim_start_matches("Exit codes:").trim().replace('\n', " "))]);
    }
    let top = path.first().map(String::as_str);
    let variables: Vec<_> = ENVIRONMENT
        .iter()
        .filter(|(_, _, commands)| commands.is_empty() || top.is_some_and(|t| commands.contains(&t)))
        .collect();
    if !variables.is_empty() {
        extra.control("SH", ["ENVIRONMENT"]);
        for (variable, text, _) in variables {
            extra.control("TP", []);
            extra.text([roman(*variable)]);
            extra.text([roman(*text)]);
        }
    }
    out.extend(extra.render().into_bytes());
    Ok(out)
}
