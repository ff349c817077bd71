//! `avv notice`: the Art. 28(2) notice of sub-processor changes.

use std::process::ExitCode;

use anyhow::Context;
use avv_core::model::Date;
use avv_core::notice::{json, markdown, notice, read_sides};
use clap::ValueEnum;

use super::targets::{agreement_id, open_repository};
use crate::output::write_stdout;

/// Write the Art. 28(2) notice of sub-processor changes for customers.
///
/// The sub-processors added, replaced or removed, with name, address,
/// location, service and safeguards, the date each change takes effect, the
/// objection deadline from the agreement's objection period. The letter,
/// which every customer receives, names no customer: the instances signed
/// on an earlier version, who must receive it, are listed on stderr (and
/// under `affected` in JSON). Without a range, compares the version before
/// the latest, as published, with HEAD: what was committed before the new
/// version's number is announced too. A version whose files do not parse
/// is refused with the first error and its place.
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
    let sides = read_sides(&repo, &id, args.range.as_deref())?;
    // Without --date: the day the sub-processors record as notified, when
    // they name one, else today.
    let date = date.or_else(|| sides.notified_date()).unwrap_or_else(today);
    let notice = notice(sides.before.as_ref(), &sides.after, &sides.changes, date);
    if !notice.conflicts.is_empty() {
        for conflict in &notice.conflicts {
            let set = if conflict.from_changelog {
                format!(
                    "set `effective = {}` (or later) in the `[[changelog]]` entry of version {} in agreement.toml, or give the sub-processor a `since` of its own",
                    conflict.earliest, notice.to
                )
            } else {
                format!("set `since = {}` (or later) in subprocessors.toml", conflict.earliest)
            };
            eprintln!(
                "error: `{}` takes effect on {}, but customers may object until {} (the objection period after a notice of {}); the earliest valid date is {}\n  = help: {set}, or date the notice earlier with `--date`",
                conflict.name, conflict.since, conflict.deadline, notice.date, conflict.earliest
            );
        }
        return Ok(ExitCode::from(1));
    }
    write_stdout(&match args.format {
        Format::Markdown => markdown(&notice),
        Format::Json => json(&notice),
    })?;
    // A letter whose objection period is already over gives customers no
    // time to object: said, not silently written.
    if let Some(deadline) = notice.objection_deadline
        && deadline < today()
    {
        eprintln!(
            "warning: the objection period of this notice ended on {deadline}, before today; customers can no longer object: to send it now, date it today (leave out `--date`) and check that each `since` falls after the new period"
        );
    }
    // Who must receive the letter is the processor's business: the letter
    // itself, which every customer reads, names no customer.
    if args.format == Format::Markdown {
        let recipients = avv_core::notice::recipients(&notice);
        if !recipients.is_empty() {
            eprintln!("note: send this notice to the customers who signed an earlier version:");
            for line in recipients {
                eprintln!("  - {line}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Today's date (UTC).
pub fn today() -> Date {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Date::from_days((seconds / 86_400) as i64)
}
