//! `avv notice`: the Art. 28(2) notice of sub-processor changes.

use std::process::ExitCode;

use anyhow::Context;
use avv_core::model::Date;
use avv_core::notice::letter::{LetterFormat, letter, write_letters};
use avv_core::notice::{LaterStart, by_start, json, notice_with, read_sides};
use clap::ValueEnum;

use super::build::source_date_epoch;
use super::targets::{agreement_id, open_repository};
use crate::output::{write_atomically, write_stdout_bytes};

/// Write the Art. 28(2) notice of sub-processor changes for customers.
///
/// The sub-processors added, replaced or removed, with name, address,
/// location, service and safeguards, the date each change takes effect, the
/// objection deadline from the agreement's objection period. The letter,
/// which every customer receives, names no customer: the instances signed
/// on an earlier version (`status = "signed"`: not a contract that ended,
/// nor an offer), who must receive it, are listed on stderr (and under
/// `affected` in JSON), each with the terms of the version it signed;
/// offers of an earlier version not signed yet are named apart (`offers`),
/// to be sent the new version instead.
/// Without a range, compares the version before
/// the latest, as published, with HEAD: what was committed before the new
/// version's number is announced too. A version whose files do not parse
/// is refused with the first error and its place.
///
/// As PDF or Word (`--format pdf|docx --out FILE`) the letter has a
/// letterhead with the processor's address, the date and a greeting.
/// `--letters DIR` writes one letter per affected customer instead,
/// addressed to it (its name and address as its contract prints them, or
/// its `[mailing]` address from the day of a move) and stating its own terms (its version's objection period, or its
/// approval): `DIR/<instance>.md|pdf|docx`. A customer who signed a
/// version within the range (one a merged branch released) is told only
/// what changed since that version (in JSON: under `within`, with that
/// notice and its range, not under the first's `affected`). These letters hold
/// customer data: DIR is marked `.avv-letters`, which the hooks refuse to
/// commit; it must be new, empty or such a folder, and outside the site and
/// the private output (a build replaces those).
///
/// Examples:
///   avv notice pcvisit
///   avv notice pcvisit pcvisit/v1.8..HEAD --date 2024-03-01
///   avv notice pcvisit 1.7..1.8
///   avv notice pcvisit --format json
///   avv notice pcvisit --format pdf --out mitteilung.pdf
///   avv notice trafficplex --format pdf --letters mitteilungen/2026-12
///
/// Exit codes: 0 written, 1 a change takes effect before customers could
/// object (fix `since` or the notice date), 2 avv could not run.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The agreement: its id or its folder.
    pub agreement: String,

    /// The changes to announce, as `<rev-a>..<rev-b>`; a side may be a
    /// version of the agreement (`1.7..1.8`).
    #[arg(value_name = "REV-A..REV-B")]
    pub range: Option<String>,

    /// The date of the notice (default: today), e.g. 2024-03-01.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,

    /// Write the letter to FILE instead of standard output (needed for
    /// PDF and Word).
    #[arg(long, value_name = "FILE", conflicts_with = "letters")]
    pub out: Option<std::path::PathBuf>,

    /// Write one letter per affected customer into DIR, addressed to it.
    #[arg(long, value_name = "DIR")]
    pub letters: Option<std::path::PathBuf>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A German letter in Markdown.
    Markdown,
    /// JSON.
    Json,
    /// A letter as PDF/A-2b.
    Pdf,
    /// A letter as a Word file (DOCX).
    Docx,
}

impl Format {
    /// The format of a letter (JSON is none).
    fn letter(self) -> Option<LetterFormat> {
        match self {
            Format::Markdown => Some(LetterFormat::Markdown),
            Format::Json => None,
            Format::Pdf => Some(LetterFormat::Pdf),
            Format::Docx => Some(LetterFormat::Docx),
        }
    }
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
    if args.letters.is_some() && args.format == Format::Json {
        anyhow::bail!("`--letters` writes letters: choose `--format markdown`, `pdf` or `docx`");
    }
    if matches!(args.format, Format::Pdf | Format::Docx) && args.out.is_none() && args.letters.is_none() {
        anyhow::bail!(
            "a {} letter is a binary file: name it with `--out FILE`, or write one letter per customer with `--letters DIR`",
            if args.format == Format::Pdf { "PDF" } else { "DOCX" }
        );
    }
    let epoch = source_date_epoch()?;
    let sides = read_sides(&repo, &id, args.range.as_deref())?;
    // Without --date: the day the sub-processors record as notified, when
    // they name one, else today.
    let date = date.or_else(|| sides.notified_date()).unwrap_or_else(today);
    // Each customer held to the version it signed: its terms, its address.
    let head = repo.resolve("HEAD").context("cannot read the git history")?;
    let signed = avv_core::validate::versions::signed_versions(&repo, head, &sides.after);
    let notice = notice_with(sides.before.as_ref(), &sides.after, &sides.changes, date, &signed);
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
    match (&args.letters, args.format.letter()) {
        (Some(dir), Some(format)) => {
            if notice.affected.is_empty() {
                eprintln!("note: no customer signed an earlier version: no letters written");
            } else {
                // A customer who signed a version within the notice is told
                // only what changed since its own.
                let (first, later) = by_start(&repo, &id, notice.clone(), &sides.end, &signed)?;
                let mut written = write_letters(&first, &sides.after, &signed, dir, format, epoch, write_atomically)?;
                for LaterStart { version, notice: own } in &later {
                    let names = avv_core::notice::recipients(own).join(", ");
                    if own.is_empty() {
                        eprintln!(
                            "note: {names} signed version {version}: no sub-processor changed since, so no letter"
                        );
                        continue;
                    }
                    written += write_letters(own, &sides.after, &signed, dir, format, epoch, write_atomically)?;
                    eprintln!("note: {names} signed version {version}: the letter announces only the changes since");
                }
                eprintln!(
                    "wrote {written} letter{} to {} (customer data: the hook refuses to commit them; keep them off the site)",
                    if written == 1 { "" } else { "s" },
                    dir.display()
                );
            }
        }
        _ => {
            let bytes = match args.format.letter() {
                Some(format) => letter(&notice, None).encode(&notice, None, format, epoch)?,
                // A customer who signed a version within the notice is
                // listed under its own, as `--letters` writes it.
                None => {
                    let (first, later) = by_start(&repo, &id, notice.clone(), &sides.end, &signed)?;
                    json(&first, &later, &sides.end).into_bytes()
                }
            };
            match &args.out {
                Some(path) => {
                    write_atomically(path, &bytes).with_context(|| format!("cannot write {}", path.display()))?
                }
                None => write_stdout_bytes(&bytes)?,
            }
        }
    }
    // A letter whose objection period is already over gives customers no
    // time to object: said, not silently written.
    if let Some(deadline) = notice.objection_deadline
        && deadline < today()
    {
        eprintln!(
            "warning: the objection period of this notice ended on {deadline}, before today; customers can no longer object: to send it now, date it today (leave out `--date`) and check that each `since` falls after the new period"
        );
    }
    if args.format != Format::Json {
        // Who must receive the letter is the processor's business: the
        // letter itself, which every customer reads, names no customer.
        if args.letters.is_none() {
            // Those who signed a version within it get their own notice.
            let (first, within) = avv_core::notice::split_within(notice.clone());
            say(
                "note: send this notice to the customers who signed an earlier version:",
                avv_core::notice::recipients(&first),
            );
            for (version, ids) in within {
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                eprintln!(
                    "note: {} signed version {version}, within this notice: it announces changes they signed; `avv notice {id} {version}..{}` is theirs (`--letters` writes each customer's from its own version)",
                    ids.join(", "),
                    sides.end
                );
            }
        }
        // An offer of the earlier version signed as it is would authorise
        // the earlier list: the processor sends the new version instead.
        say(
            &format!(
                "note: offers of an earlier version, not signed yet, get no notice: send them version {} instead:",
                notice.to
            ),
            avv_core::notice::pending_offers(&notice),
        );
        // Terms the repository cannot show: said before a letter states them.
        say(
            &format!(
                "warning: the text these customers signed is not in the repository (a version of the imported table): their letters state version {}'s terms (authorisation, objection period); check them against the signed documents:",
                notice.to
            ),
            avv_core::notice::assumed_terms(&notice),
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints `heading` and `lines` as a list on stderr, where there are lines.
fn say(heading: &str, lines: Vec<String>) {
    if lines.is_empty() {
        return;
    }
    eprintln!("{heading}");
    for line in lines {
        eprintln!("  - {line}");
    }
}

/// Today's date (UTC).
pub fn today() -> Date {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Date::from_days((seconds / 86_400) as i64)
}
