//! `avv diff`: semantic differences between versions of agreements.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use avv_core::diff::report::{human, json, markdown};
use avv_core::history::{Repo, RevisionSide, compare, version_index};
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
/// agreements. With one agreement named, a version number stands for the
/// commit of that version's text, as the version table records it.
///
/// Examples:
///   avv diff                                  what is not committed yet
///   avv diff main...HEAD --format markdown    a pull request's changes
///   avv diff pcvisit 1.7 1.8                  two versions of pcvisit
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
    // Versions of the one agreement named stand for their commits
    // (`avv diff pcvisit 1.7 1.8`); the history is read only for them.
    let needs_versions = revisions.iter().any(|r| match repo.range(r) {
        Ok(Some(_)) => false,
        Ok(None) => repo.resolve(r).is_err(),
        Err(_) => true,
    });
    let versions = match only.as_slice() {
        [id] if needs_versions && !repo.is_shallow() => {
            let head = repo.resolve("HEAD").ok();
            head.and_then(|head| version_index(&repo, id, head).ok())
        }
        _ => None,
    };
    // An argument that is neither a path nor a revision is said as such,
    // not mixed into a count of revisions.
    if let Some(unknown) =
        revisions.iter().find(|r| !r.contains("..") && repo.resolve_in(r, versions.as_ref()).is_err())
    {
        if repo.is_shallow() {
            bail!(
                "`{unknown}` is not in this shallow clone (nor a path); fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions' checkout step)"
            );
        }
        match (&versions, only.as_slice()) {
            (Some(index), [id]) => bail!(
                "`{unknown}` is neither a revision, a path, an agreement nor a version of `{id}` (its versions: {})",
                index.versions().join(", ")
            ),
            (None, [_]) => bail!("`{unknown}` is neither a revision, a path nor an agreement in this repository"),
            _ => bail!(
                "`{unknown}` is neither a revision, a path nor an agreement in this repository; to compare versions by number, name one agreement (`avv diff <agreement> 1.0 1.1`)"
            ),
        }
    }
    let resolve = |rev: &str| repo.resolve_in(rev, versions.as_ref());
    let (old, new) = match revisions.as_slice() {
        [] => (RevisionSide::Commit("HEAD".into()), RevisionSide::WorkingTree),
        [rev] => {
            match repo.range_in(rev, versions.as_ref()).with_context(|| format!("cannot read the range `{rev}`"))? {
                Some((a, b)) => (RevisionSide::Commit(a.to_string()), RevisionSide::Commit(b.to_string())),
                None => (RevisionSide::Commit(resolve(rev)?.to_string()), RevisionSide::WorkingTree),
            }
        }
        [a, b] => (RevisionSide::Commit(resolve(a)?.to_string()), RevisionSide::Commit(resolve(b)?.to_string())),
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
