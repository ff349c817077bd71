//! `avv import`: read an existing agreement into a new folder.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use avv_core::import::check::round_trip;
use avv_core::import::{Options, id_from_path, import};
use avv_core::load::find_repo_root;
use avv_core::model::codes::AgreementKind;
use clap::ValueEnum;

use crate::output::write_stdout;

/// Import a Markdown, DOCX or plain-text agreement into a new folder.
///
/// Reads the document and writes `agreement.toml`, plus `tom.toml` and
/// `subprocessors.toml` when the text has them, in the canonical layout and
/// validated. Clauses come from the printed numbers and headings (`§ 1`,
/// `1.`, `1.1`, `Ziffer 3`, `(1)`, `a)`, `aa)`, `i.`, `I.`, Markdown and
/// DOCX headings); annexes from "Anlage"/"Anhang" headings; TOM measures
/// grouped by control; sub-processors from tables and block lists; blanks
/// (`____`, `[…]`, `XXXX`, bracketed instructions) become placeholders.
/// Whatever is uncertain is kept verbatim and listed with its source line;
/// gaps of the source itself (a missing Art. 28(3) item) stay visible as
/// allowances with a reason. An existing folder is never overwritten, and a
/// failed import leaves nothing behind.
///
/// Limits: 8 MiB of source; lists nested at most 12 levels; a DOCX has at
/// most 1000 entries and a `word/document.xml` of at most 32 MiB.
///
/// Examples:
///   avv import vertrag.txt --id muster-avv
///   avv import avv.docx --kind template --check
///   avv import tom.md --id hoster-tom --out agreements/
///
/// Exit codes: 0 imported, nothing to review; 1 imported, with notes or
/// findings to review (listed); 2 avv could not import (nothing written).
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The document: `.md`/`.markdown`, `.docx`, anything else is read as text.
    pub file: PathBuf,

    /// The new agreement's id, the folder name (kebab-case). Default: the
    /// file name in kebab-case.
    #[arg(long)]
    pub id: Option<String>,

    /// The kind of document. Default: `annex` for a standalone TOM annex,
    /// `template` when the text has blanks, else `standard`.
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,

    /// The folder to create the agreement folder in. Default: the
    /// repository's `agreements/`.
    #[arg(long)]
    pub out: Option<PathBuf>,

    /// Render the result back to Markdown and print its word-level
    /// similarity with the source and the largest differing passages.
    #[arg(long)]
    pub check: bool,
}

/// The kinds of document `--kind` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A form with blanks and alternatives, filled per customer.
    Template,
    /// Terms that apply to every customer alike.
    Standard,
    /// A standalone annex (a TOM annex).
    Annex,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot determine the current directory")?;
    let root = find_repo_root(&cwd).unwrap_or_else(|| cwd.clone());
    let out = match &args.out {
        Some(out) if out.is_absolute() => out.clone(),
        Some(out) => cwd.join(out),
        None => root.join("agreements"),
    };
    let options = Options {
        id: args.id.clone().unwrap_or_else(|| id_from_path(&args.file)),
        kind: args.kind.map(|kind| match kind {
            Kind::Template => AgreementKind::Template,
            Kind::Standard => AgreementKind::Standard,
            Kind::Annex => AgreementKind::Annex,
        }),
        out,
        root: root.clone(),
    };
    let imported = import(&args.file, &options)?;
    let mut text = format!("imported {} into {}\n", args.file.display(), imported.folder.display());
    text.push_str(&imported.summary.render(imported.format.unit()));
    if args.check {
        let trip = round_trip(&imported.folder, &root, &imported.source_text)?;
        let _ = writeln!(text, "round trip: similarity {:.4} with the source", trip.ratio);
        for passage in &trip.passages {
            let _ = writeln!(
                text,
                "  at word {}: rendered {:?}, source {:?}",
                passage.position,
                passage.removed.join(" "),
                passage.added.join(" ")
            );
        }
    }
    write_stdout(&text)?;
    Ok(if !imported.summary.notes.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
