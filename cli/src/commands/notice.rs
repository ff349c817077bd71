//! `avv notice`: the Art. 28(2) notice of sub-processor changes.

use std::process::ExitCode;

use anyhow::{Context, bail};
use avv_core::diff::diff;
use avv_core::history::versions;
use avv_core::model::Date;
use avv_core::notice::{json, markdown, notice};
use clap::ValueEnum;

use super::targets::{agreement_id, open_repository};
use crate::output::write_stdout;

/// Write the notice customers must receive when sub-processors are added,
/// replaced or removed (GDPR Art. 28(2)): the sub-processors with name,
/// address, location, service and safeguards, the date each change takes
/// effect, the objection deadline from the agreement's objection period,
/// and the customer instances signed on an earlier version.
///
/// Without a range, compares the previous version with the current one (HEAD).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The agreement: its id or its folder.
    pub agreement: String,

    /// The changes to announce, as `<rev-a>..<rev-b>`.
    #[arg(value_name = "REV-A..REV-B")]
    pub range: Option<String>,

    /// The date of the notice (default: today), e.g. 2024-03-01.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A German letter in Markdown.
    Markdown,
    /// JSON.
    Json,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let repo = open_repository("cannot read the git history")?;
    let id = agreement_id(&args.agreement);
    let date = match &args.date {
        Some(text) => Date::parse(text).with_context(|| format!("`{text}` is not a date in the form YYYY-MM-DD"))?,
        None => today(),
    };
    // The folder may have had another name at the earlier revision.
    let (old, new, old_folder) = match &args.range {
        Some(range) if range.contains("...") => {
            let (a, b) = range.split_once("...").unwrap_or_default();
            let b = repo.resolve(if b.is_empty() { "HEAD" } else { b })?;
            (repo.merge_base(repo.resolve(if a.is_empty() { "HEAD" } else { a })?, b)?, b, id.clone())
        }
        Some(range) => {
            let Some((a, b)) = range.split_once("..") else { bail!("give the range as `<rev-a>..<rev-b>`") };
            (repo.resolve(a)?, repo.resolve(if b.is_empty() { "HEAD" } else { b })?, id.clone())
        }
        None => {
            let head = repo.resolve("HEAD")?;
            let points = versions(&repo, &id, head)?;
            let [.., previous, _] = points.as_slice() else {
                bail!("`{id}` has only one version in the history; name the range to announce (`<rev-a>..<rev-b>`)");
            };
            (repo.resolve(&previous.commit)?, head, previous.folder.clone())
        }
    };
    let before = repo.load_at(old, &old_folder)?.map(|l| l.folder);
    let Some(after) = repo.load_at(new, &id)?.map(|l| l.folder) else {
        bail!("agreement `{id}` does not exist at the later revision");
    };
    let changes = diff(before.as_ref(), &after);
    let notice = notice(before.as_ref(), &after, &changes, date);
    write_stdout(&match args.format {
        Format::Markdown => markdown(&notice),
        Format::Json => json(&notice),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Today's date (UTC).
pub fn today() -> Date {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Date::from_days((seconds / 86_400) as i64)
}
