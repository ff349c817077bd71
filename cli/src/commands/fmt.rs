//! `avv fmt`: rewrite the TOML files in the canonical layout.

use std::path::PathBuf;
use std::process::ExitCode;

use avv_core::diagnostic::locate::{SourceMap, locate};
use avv_core::diagnostic::render::human;
use avv_core::format::{FormatError, files_to_format, format_all};

use super::targets::paths_or_repository;
use crate::cli::ColorChoice;
use crate::output::{use_color_stderr, write_atomically, write_json, write_stdout};

/// Rewrite agreement files in the canonical TOML layout, keeping comments.
///
/// Keys in schema order, simplest quoting, arrays one line or one element
/// per line, one blank line before each table. Comments stay; the data
/// never changes (each result is parsed again and compared before anything
/// is written).
///
/// Examples:
///   avv fmt                          every file in `agreements/` and avv.toml
///   avv fmt --check                  list what would change (CI)
///   avv fmt agreements/pcvisit/tom.toml
///
/// Exit codes: 0 done (or, with --check, nothing to change), 1 files need
/// formatting (--check) or could not be formatted, 2 avv could not run.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Files, agreement folders (or their names, `pcvisit`), an
    /// `agreements/` folder or the repository.
    /// Default: every file in the repository's `agreements/`, and `avv.toml`.
    pub paths: Vec<PathBuf>,

    /// Write nothing: list the files that are not canonical and exit 1 if
    /// there are any.
    #[arg(long)]
    pub check: bool,

    /// Output format: file names and a summary for people, or one JSON
    /// document with every file's status and the findings of files that
    /// could not be formatted.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Output formats of `avv fmt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// File names on stdout, a summary on stderr.
    Human,
    /// `{"version": 1, "check", "files": [{path, status}], "diagnostics", "summary"}`.
    Json,
}

/// Runs the command.
pub fn run(args: Args, color: ColorChoice) -> anyhow::Result<ExitCode> {
    let (paths, root) = paths_or_repository(&args.paths, &["agreements", "avv.toml"], " or name the files to format")?;
    let files = files_to_format(&paths)?;
    let outcomes = format_all(&files, &root);

    let mut diagnostics = Vec::new();
    let mut sources = SourceMap::new();
    let mut failures = Vec::new();
    let mut changed = Vec::new();
    for outcome in &outcomes {
        if let Some(text) = &outcome.original {
            sources.insert(&outcome.file.path, text.clone());
        }
        match &outcome.formatted {
            Ok(formatted) if outcome.changed() => changed.push((&outcome.file.path, formatted)),
            Ok(_) => {}
            Err(FormatError::Invalid(diagnostic)) => diagnostics.push((**diagnostic).clone()),
            Err(error) => failures.push(error.to_string()),
        }
    }

    if args.check && args.format == Format::Human {
        let list: String = changed.iter().map(|(path, _)| format!("{}\n", path.display())).collect();
        write_stdout(&list)?;
    }
    // A file that cannot be written (read-only, a full disk) is a failure of
    // its own: the others are still written, and every report says which.
    let mut unwritten: Vec<&std::path::Path> = Vec::new();
    if !args.check {
        unwritten = write_each(&mut changed, &mut failures, write_atomically);
    }
    let unformatted = diagnostics.len() + failures.len();
    let failed = unformatted > 0 || (args.check && !changed.is_empty());
    if args.format == Format::Json {
        // Each file's status: `canonical`, `reformatted`, `would-reformat`
        // (with --check), `invalid` (see the diagnostics) or `failed`.
        let files: Vec<serde_json::Value> = outcomes
            .iter()
            .map(|outcome| {
                let status = match &outcome.formatted {
                    _ if unwritten.contains(&outcome.file.path.as_path()) => "failed",
                    Ok(_) if !outcome.changed() => "canonical",
                    Ok(_) if args.check => "would-reformat",
                    Ok(_) => "reformatted",
                    Err(FormatError::Invalid(_)) => "invalid",
                    Err(_) => "failed",
                };
                serde_json::json!({ "path": outcome.file.path.display().to_string(), "status": status })
            })
            .collect();
        let located = locate(diagnostics, &sources);
        write_json(serde_json::json!({
            "check": args.check,
            "files": files,
            "diagnostics": located,
            "errors": failures,
            "summary": {
                "files": outcomes.len(),
                "canonical": outcomes.len() - unformatted - changed.len(),
                "changed": changed.len(),
                "unformatted": unformatted,
            },
        }))?;
        return Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS });
    }
    if !diagnostics.is_empty() {
        eprint!("{}", human(&locate(diagnostics.clone(), &sources), &sources, use_color_stderr(color)));
    }
    for failure in &failures {
        eprintln!("error: {failure}");
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let summary = if args.check {
        if changed.is_empty() {
            format!(
                "avv fmt: {} file{} already canonical",
                outcomes.len() - unformatted,
                plural(outcomes.len() - unformatted)
            )
        } else {
            format!(
                "avv fmt: {} of {} file{} would be reformatted; run `avv fmt` to rewrite them",
                changed.len(),
                outcomes.len(),
                plural(outcomes.len())
            )
        }
    } else {
        format!(
            "avv fmt: {} file{} reformatted, {} already canonical",
            changed.len(),
            plural(changed.len()),
            outcomes.len() - unformatted - changed.len()
        )
    };
    let failed_part = if unformatted > 0 {
        format!("; {unformatted} file{} could not be formatted", plural(unformatted))
    } else {
        String::new()
    };
    eprintln!("{summary}{failed_part}");
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Writes every changed file with `write`; one that fails is taken out of
/// `changed`, its error added to `failures`, and the rest still written.
/// Returns the files that could not be written.
fn write_each<'a>(
    changed: &mut Vec<(&'a std::path::PathBuf, &String)>,
    failures: &mut Vec<String>,
    write: impl Fn(&std::path::Path, &[u8]) -> std::io::Result<()>,
) -> Vec<&'a std::path::Path> {
    let mut unwritten = Vec::new();
    for (path, formatted) in changed.iter() {
        if let Err(error) = write(path, formatted.as_bytes()) {
            failures.push(format!("cannot write `{}`: {error}", path.display()));
            unwritten.push(path.as_path());
        }
    }
    changed.retain(|(path, _)| !unwritten.contains(&path.as_path()));
    unwritten
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn a_file_that_cannot_be_written_fails_alone() {
        let (a, b, c) = (PathBuf::from("a.toml"), PathBuf::from("b.toml"), PathBuf::from("c.toml"));
        let text = String::from("x");
        let mut changed = vec![(&a, &text), (&b, &text), (&c, &text)];
        let mut failures = Vec::new();
        let written = std::cell::RefCell::new(Vec::new());
        let unwritten = super::write_each(&mut changed, &mut failures, |path, _| {
            if path == b.as_path() {
                return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "read-only"));
            }
            written.borrow_mut().push(path.to_path_buf());
            Ok(())
        });
        assert_eq!(unwritten, [b.as_path()]);
        assert_eq!(written.into_inner(), [a.clone(), c.clone()], "the others are still written");
        assert_eq!(changed.iter().map(|(p, _)| (*p).clone()).collect::<Vec<_>>(), [a, c]);
        assert_eq!(failures, ["cannot write `b.toml`: read-only"]);
    }
}
