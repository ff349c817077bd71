//! `avv history`: the generated version table of an agreement.

use std::process::ExitCode;

use anyhow::Context;
use avv_core::history::{Successor, history_table, table_json, table_markdown, table_text};
use clap::ValueEnum;

use super::targets::{agreement_id, open_repository};
use crate::output::write_stdout;

/// Print the version table (Versionshistorie) of an agreement, from git.
///
/// Rows imported with the document first, then one row per commit where
/// `meta.version` changes (or a tag `<agreement>/v<version>`), with the
/// change texts of the semantic diff to the previous version. Follows the
/// first parent through merges and renames of the folder. Comparisons are
/// kept in `.git/avv/history`, so a second run is as fast as `git log`.
///
/// Examples:
///   avv history pcvisit
///   avv history pcvisit --format markdown     the table for a document
///   avv history pcvisit --format json
///
/// Exit codes: 0 printed, 2 avv could not run (no such agreement, no
/// repository).
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The agreement: its id or its folder.
    pub agreement: String,

    /// Read the history up to this revision instead of HEAD.
    #[arg(long, value_name = "REV")]
    pub until: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned text table.
    Text,
    /// A Markdown table.
    Markdown,
    /// JSON with the structured changes of every row.
    Json,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let repo = open_repository("cannot read the git history")?;
    let mut id = agreement_id(&args.agreement);
    let until = args.until.as_deref().map(|rev| repo.resolve(rev)).transpose()?;
    // A name the agreement had before: its history goes on under the new one.
    match repo.successor(
        &id,
        match until {
            Some(commit) => commit,
            None => repo.resolve("HEAD")?,
        },
    ) {
        Ok(Successor::Renamed(to)) => {
            eprintln!("note: `{id}` was renamed to `{to}`; this is the history of `{to}`");
            id = to;
        }
        Ok(Successor::Gone(commit)) => eprintln!(
            "warning: `{id}` was deleted after commit {}: its history ends there",
            &commit[..commit.len().min(12)]
        ),
        // An agreement that never existed is said by the history itself.
        Ok(Successor::Present) | Err(_) => {}
    }
    let table = match history_table(&repo, &id, until) {
        Ok(table) => table,
        // A folder made but not committed yet (`avv new`): say so, rather
        // than that it does not exist.
        Err(avv_core::history::HistoryError::NoSuchAgreement { .. })
            if repo.workdir().join("agreements").join(&id).join("agreement.toml").is_file() =>
        {
            anyhow::bail!(
                "`agreements/{id}` is not committed yet, so it has no history: commit it (its first version), then `avv history {id}` lists its versions"
            )
        }
        Err(error) => return Err(error).with_context(|| format!("cannot build the history of `{id}`")),
    };
    let text = match args.format {
        Format::Text => table_text(&table),
        Format::Markdown => table_markdown(&table),
        Format::Json => table_json(&table),
    };
    write_stdout(&text)?;
    for skipped in &table.skipped {
        eprintln!("warning: skipped {skipped}");
    }
    for warning in &table.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(ExitCode::SUCCESS)
}
