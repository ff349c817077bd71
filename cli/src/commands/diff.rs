//! `avv diff`: semantic differences between versions of agreements.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use avv_core::diff::report::{human, json, markdown};
use avv_core::history::{Repo, RevisionSide, compare};
use clap::ValueEnum;

use super::targets::is_agreement_name;
use crate::cli::ColorChoice;
use crate::output::{use_color, write_stdout};

/// Compare versions of agreements: classified changes and change texts.
///
/// Clauses, measures, sub-processors, particulars and parties are matched by
/// their stable ids; every change is classified (Ergänzung, Aktualisierung,
/// Wegfall, formale Korrektur) and the legally relevant ones are flagged
/// (Art. 28(2) notices, third-country transfers, TOM measures removed or
/// weakened, locked texts changed).
///
/// Arguments are revisions and paths, in any order: none compares HEAD with
/// the working tree; one revision compares it with the working tree; two
/// compare them; `main...HEAD` compares HEAD with its merge base with main
/// (a pull request), `a..b` compares a with b. Paths, or agreements by name
/// (`pcvisit` for `agreements/pcvisit`), limit the comparison to those
/// agreements.
///
/// Examples:
///   avv diff                                  what is not committed yet
///   avv diff main...HEAD --format markdown    a pull request's changes
///   avv diff pcvisit/v1.8 pcvisit/v1.9 pcvisit
///
/// Exit codes: 0 compared (changes are not an error), 2 avv could not run
/// (an unknown revision, no repository).
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// `[<rev-a>] [<rev-b>] [PATH…]`
    #[arg(value_name = "REV|PATH")]
    pub args: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Coloured text for the terminal.
    Human,
    /// Markdown for a pull-request comment or job summary.
    Markdown,
    /// JSON (see the README).
    Json,
}

/// Runs the command.
pub fn run(args: Args, color: ColorChoice) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot determine the current directory")?;
    // HEAD against the working tree needs only HEAD: a shallow clone will do.
    let repo = Repo::open_shallow(&cwd).context("cannot read the git history")?;
    let mut revisions = Vec::new();
    let mut only = Vec::new();
    for arg in &args.args {
        if let Some(id) = agreement_id(&cwd, arg).or_else(|| agreement_named(&cwd, repo.workdir(), arg)) {
            only.push(id);
        } else if is_agreement_name(repo.workdir(), arg) && repo.resolve(arg).is_err() {
            // `avv diff pcvisit`, as `avv history pcvisit` names it; a
            // revision of that name comes first, as in git.
            only.push(arg.clone());
        } else {
            revisions.push(arg.clone());
        }
    }
    // An argument that is neither a path nor a revision is said as such,
    // not mixed into a count of revisions.
    if let Some(unknown) = revisions.iter().find(|r| !r.contains("..") && repo.resolve(r).is_err()) {
        if repo.is_shallow() {
            bail!(
                "`{unknown}` is not in this shallow clone (nor a path); fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions' checkout step)"
            );
        }
        bail!("`{unknown}` is neither a revision, a path nor an agreement in this repository");
    }
    let (old, new) = match revisions.as_slice() {
        [] => (RevisionSide::Commit("HEAD".into()), RevisionSide::WorkingTree),
        [rev] => match repo.range(rev).with_context(|| format!("cannot read the range `{rev}`"))? {
            Some((a, b)) => (RevisionSide::Commit(a.to_string()), RevisionSide::Commit(b.to_string())),
            None => (RevisionSide::Commit(repo.resolve(rev)?.to_string()), RevisionSide::WorkingTree),
        },
        [a, b] => {
            (RevisionSide::Commit(repo.resolve(a)?.to_string()), RevisionSide::Commit(repo.resolve(b)?.to_string()))
        }
        _ => bail!(
            "give at most two revisions (or one range), then paths; `{}` are all revisions",
            revisions.join("`, `")
        ),
    };
    let sets = compare(&repo, &old, &new, &only)?;
    let text = match args.format {
        Format::Human => human(&sets, use_color(color)),
        Format::Markdown => markdown(&sets),
        Format::Json => json(&sets),
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The agreement a path under `agreements/` names when it is not on disk
/// (any more): `agreements/pcvisit` after the folder was renamed still
/// names the agreement it was, which the comparison follows.
fn agreement_named(cwd: &Path, root: &Path, arg: &str) -> Option<String> {
    let path = avv_core::paths::normalise(&cwd.join(arg));
    let relative = path.strip_prefix(avv_core::paths::normalise(root)).ok()?;
    let mut parts = relative.components();
    if parts.next()?.as_os_str() != "agreements" {
        return None;
    }
    let name = parts.next()?.as_os_str().to_string_lossy().into_owned();
    (!name.starts_with('.')).then_some(name)
}

/// The agreement id a path names (`agreements/pcvisit`, a file in it), if it is one.
fn agreement_id(cwd: &Path, arg: &str) -> Option<String> {
    let path = cwd.join(arg);
    if !path.exists() {
        return None;
    }
    let canonical = path.canonicalize().ok()?;
    let components = canonical.components().rev();
    let mut previous: Option<String> = None;
    for component in components {
        let name = component.as_os_str().to_string_lossy().into_owned();
        if name == "agreements" {
            return previous;
        }
        previous = Some(name);
    }
    None
}
