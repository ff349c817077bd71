//! `avv notice`: the Art. 28(2) notice of sub-processor changes.

use std::process::ExitCode;

use anyhow::{Context, bail};
use avv_core::diff::diff;
use avv_core::history::{Later, readable, version_index};
use avv_core::load::Folder;
use avv_core::model::Date;
use avv_core::notice::{json, markdown, notice};
use clap::ValueEnum;

use super::targets::{agreement_id, open_repository};
use crate::output::write_stdout;

/// Write the Art. 28(2) notice of sub-processor changes for customers.
///
/// The sub-processors added, replaced or removed, with name, address,
/// location, service and safeguards, the date each change takes effect, the
/// objection deadline from the agreement's objection period, and the
/// customer instances signed on an earlier version. Without a range,
/// compares the version before the latest with HEAD. A version whose files
/// do not parse is refused with the first error and its place.
///
/// Examples:
///   avv notice pcvisit
///   avv notice pcvisit pcvisit/v1.8..HEAD --date 2024-03-01
///   avv notice pcvisit --format json
///
/// Exit codes: 0 written, 1 a change takes effect before customers could
/// object (fix `since` or the notice date), 2 avv could not run.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
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
        Some(text) => {
            Some(Date::parse(text).with_context(|| format!("`{text}` is not a date in the form YYYY-MM-DD"))?)
        }
        None => None,
    };
    let head = repo.resolve("HEAD")?;
    // Every name the agreement had: a range may lie before a rename.
    let index = version_index(&repo, &id, head)?;
    let (old, new) = match &args.range {
        Some(range) => match repo.range(range).with_context(|| format!("cannot read the range `{range}`"))? {
            // A range that ends before it starts would announce every change backwards.
            Some((from, to)) if from != to && repo.merge_base(from, to).ok() == Some(to) => {
                bail!(
                    "the range `{range}` runs backwards: its end is before its start; give the earlier revision first"
                )
            }
            Some(ends) => ends,
            None => bail!("give the range as `<rev-a>..<rev-b>`"),
        },
        None => {
            // The version before the latest as it was last committed (the
            // parent of the latest version's first commit) against HEAD:
            // both with the fixes committed since they began (a `since`
            // moved to fit the objection period).
            let [.., previous, latest] = index.points.as_slice() else {
                bail!("`{id}` has only one version in the history; name the range to announce (`<rev-a>..<rev-b>`)");
            };
            let before = match repo.resolve(&format!("{}^", latest.commit)) {
                Ok(parent) => parent,
                Err(_) => repo.resolve(&previous.commit)?,
            };
            (before, head)
        }
    };
    let short = |commit: avv_core::history::Oid| commit.to_string()[..12].to_owned();
    let mut after = None;
    for name in &index.names {
        if let Some(loaded) = repo.load_at(new, name)? {
            // A broken file would read as "every sub-processor removed".
            after = Some(readable(loaded, name, || format!("at {}", short(new)))?);
            break;
        }
    }
    let Some(after) = after else {
        bail!("agreement `{id}` does not exist at the later revision");
    };
    if after.subprocessors.is_none() {
        bail!(
            "agreement `{id}` has no sub-processor list (subprocessors.toml) at {}: there is nothing to announce under Art. 28(2)",
            short(new)
        );
    }
    // The folder may have had another name at the earlier revision.
    let earlier_ids = repo.agreement_ids(old)?;
    let old_folder = repo
        .pair_across(old, Later::Commit(new), &[(after.id.clone(), after.previous_ids())], &earlier_ids)?
        .remove(&after.id)
        .or_else(|| index.names.iter().find(|n| earlier_ids.contains(n)).cloned())
        .unwrap_or_else(|| after.id.clone());
    let before = match repo.load_at(old, &old_folder)? {
        Some(loaded) => Some(readable(loaded, &old_folder, || format!("at {}", short(old)))?),
        None => None,
    };
    // A notice is about the agreement's sub-processors: its customers'
    // instances are not compared (only listed as affected, below).
    let changes = diff(before.as_ref().map(Folder::without_customers).as_ref(), &after.without_customers());
    // Without --date: the day the sub-processors record as notified, when
    // they name one, else today.
    let date = date.or_else(|| notified_date(&after, &changes)).unwrap_or_else(today);
    let notice = notice(before.as_ref(), &after, &changes, date);
    if !notice.conflicts.is_empty() {
        for conflict in &notice.conflicts {
            eprintln!(
                "error: `{}` takes effect on {}, but customers may object until {} (the objection period after a notice of {}); the earliest valid date is {}\n  = help: set `since = {}` (or later) in subprocessors.toml, or date the notice earlier with `--date`",
                conflict.name, conflict.since, conflict.deadline, notice.date, conflict.earliest, conflict.earliest
            );
        }
        return Ok(ExitCode::from(1));
    }
    write_stdout(&match args.format {
        Format::Markdown => markdown(&notice),
        Format::Json => json(&notice),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The `notified` date the added, replaced or updated sub-processors share, if they name one.
fn notified_date(after: &avv_core::load::Folder, changes: &avv_core::diff::ChangeSet) -> Option<Date> {
    let list = &after.subprocessors.as_ref()?.value.subprocessor;
    let mut dates: Vec<Date> = changes
        .changes
        .iter()
        .filter(|c| c.entity == avv_core::diff::EntityKind::Subprocessor && c.op != avv_core::diff::Op::Removed)
        .filter_map(|c| list.iter().find(|s| s.id.as_str() == c.id)?.notified)
        .collect();
    dates.sort();
    dates.dedup();
    match dates.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Today's date (UTC).
pub fn today() -> Date {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Date::from_days((seconds / 86_400) as i64)
}
