//! `avv build`: the static site with every agreement and customer instance.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use avv_core::diagnostic::Severity;
use avv_core::diagnostic::render::{human, summary_line};
use avv_core::render::Stamp;
use avv_core::render::site::{Progress, SiteOptions, build_site, staging_folders};
use avv_core::validate::Report;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::targets::{current_dir, repository_root};
use crate::cli::ColorChoice;
use crate::output::{write_json, write_stdout};

/// Build the static site with every agreement, version and customer contract.
///
/// Every agreement as PDF, DOCX, HTML and Markdown, every version from the commit
/// that made it, the Synopsen, an index page, one page per agreement with
/// its sub-processors, TOM and version table, and an Atom feed of
/// sub-processor changes.
///
/// Customer contracts hold personal data (names, addresses, customer
/// numbers): they go into the private folder (default `private/`, which
/// must never be published or committed), unless an instance says
/// `publish = true`.
///
/// Everything is validated first; with errors nothing is written. The site
/// is built beside the target and moved into place at the end, so a failed
/// build leaves the previous site as it was. Rendered documents are kept in
/// a cache (`.git/avv/cache`), keyed by everything that goes into them: a
/// rebuild renders only what changed, and its output is the same bytes as a
/// clean build's. For a CI job matrix, `--shard K/N` renders one share of
/// the documents and `--merge` joins the shares into the site. A PDF or
/// DOCX is dated by its commit; SOURCE_DATE_EPOCH sets another date.
///
/// Examples:
///   avv build                                   site/ and private/
///   avv build --out public --no-private         the public site alone
///   avv build --shard 2/3 --out shard-2         job 2 of a 3-job matrix
///   avv build --merge shard-1 shard-2 shard-3   the site from the shares
///
/// Exit codes: 0 built, 1 validation errors (nothing written), 2 avv could
/// not run.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The site folder, replaced as a whole. Default: `site/` in the
    /// repository root.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// The folder for customer contracts that are not published, replaced
    /// as a whole. Default: `private/` in the repository root.
    #[arg(long, value_name = "DIR", conflicts_with = "no_private")]
    pub private_out: Option<PathBuf>,

    /// Do not build the customer contracts that are not published.
    #[arg(long)]
    pub no_private: bool,

    /// The render cache folder. Default: `AVV_CACHE_DIR` when it is set
    /// and not empty, else `.git/avv/cache`. Customer contracts are cached
    /// apart, in `<DIR>-private`.
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache_dir: Option<PathBuf>,

    /// Render every document, without reading or writing the cache.
    #[arg(long)]
    pub no_cache: bool,

    /// Render only share K of N of the documents into `--out`, a shard
    /// folder for `--merge` (no pages, no index). Every shard must run on
    /// the same commit.
    #[arg(long, value_name = "K/N", conflicts_with = "merge")]
    pub shard: Option<avv_core::render::site::Shard>,

    /// Put the customer contracts that are not published into the shard
    /// folder too. They hold personal data: a shard is left without them
    /// unless this is given (the merge then renders them itself), and a
    /// shard with them must be kept like `private/`.
    #[arg(long, requires = "shard", conflicts_with = "no_private")]
    pub shard_private: bool,

    /// Build the site taking every document from these shard folders
    /// (all N of them) instead of rendering it.
    #[arg(long, value_name = "DIR", num_args = 1..)]
    pub merge: Vec<PathBuf>,

    /// Output format: a summary for people, or one JSON document saying
    /// what was written (folders, counts, the cache) with the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Output formats of `avv build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings on stderr, a summary on stdout.
    Human,
    /// `{"version": 1, "built", "out", "documents", "files", "private", "cache", "diagnostics", …}`.
    Json,
}

/// Runs the command.
pub fn run(args: Args, color: ColorChoice) -> anyhow::Result<ExitCode> {
    let cwd = current_dir()?;
    let root = repository_root(&cwd, "")?;
    let out = args.out.unwrap_or_else(|| root.join(if args.shard.is_some() { "shard" } else { "site" }));
    // Read here, not by clap: CI often sets a variable to an empty string,
    // which means "not set", not "no value for --cache-dir".
    let from_env = || std::env::var_os("AVV_CACHE_DIR").filter(|dir| !dir.is_empty()).map(PathBuf::from);
    let cache = if args.no_cache {
        None
    } else {
        args.cache_dir.or_else(from_env).or_else(|| avv_core::history::default_cache_dir(&root))
    };
    // A shard folder is made to be uploaded as a CI artifact: customer
    // contracts go in only when asked for.
    let private = if args.no_private || (args.shard.is_some() && !args.shard_private) {
        None
    } else {
        Some(args.private_out.unwrap_or_else(|| root.join("private")))
    };
    if args.shard_private {
        eprintln!(
            "warning: the shard `{}` holds customers' personal data (--shard-private): keep it as private as `private/`",
            shown(&out, &cwd).display()
        );
    } else if let Some(private) = &private
        && avv_core::history::is_ignored(&root, private) == Some(false)
    {
        eprintln!(
            "warning: `{}` is not ignored by git; it holds customers' personal data: add it to .gitignore",
            shown(private, &cwd).display()
        );
    }
    let options = SiteOptions {
        stamp: Stamp { commit: avv_core::history::head_commit(&root) },
        epoch: source_date_epoch()?,
        private_out: private,
        cache,
        shard: args.shard,
        merge: args.merge,
        ..SiteOptions::new(&root, &out)
    };
    // Interrupted (Ctrl-C, SIGTERM, a cancelled CI job): the half-written
    // folders go at once, customer contracts among them; the previous site
    // and private folder are untouched until the swap.
    let staging = staging_folders(&options);
    // Only one handler per process; a second registration cannot happen here.
    let _ = ctrlc::set_handler(move || {
        for dir in &staging {
            // Workers may still be writing into it: a few tries.
            for _ in 0..5 {
                if std::fs::remove_dir_all(dir).is_ok() || !dir.exists() {
                    break;
                }
            }
        }
        eprintln!("interrupted: nothing was published; the previous site is as it was");
        std::process::exit(130);
    });
    let bar = Bar::new();
    let report = build_site(&options, &bar).with_context(|| format!("cannot build the site in `{}`", out.display()));
    bar.0.finish_and_clear();
    let report = report?;
    // The site is complete either way; the next build renders these again.
    if let Some(stats) = report.site.as_ref().map(|site| &site.cache).filter(|stats| stats.unwritten > 0) {
        eprintln!(
            "warning: {} rendered documents could not be kept in the cache ({}); the next build renders them again\n  = help: make the cache folder writable, or build with `--no-cache`",
            stats.unwritten,
            stats.unwritten_error.as_deref().unwrap_or("unknown error"),
        );
    }
    if args.format == Format::Json {
        return json_report(&report, &options);
    }
    for what in &report.history {
        eprintln!("warning: {what}");
    }
    if report_findings(&report.validation, color)? {
        return Ok(ExitCode::from(1));
    }
    let Some(site) = report.site else { return Ok(ExitCode::from(1)) };
    if let Some(shard) = options.shard {
        let contracts = match site.private_documents {
            0 => String::new(),
            n => format!(" and {n} customer contract files (personal data)"),
        };
        write_stdout(&format!(
            "rendered shard {shard} ({} documents{contracts}: {}) in {}\n",
            site.documents,
            cache_line(&site.cache),
            shown(&out, &cwd).display(),
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let index = std::path::absolute(&site.index).unwrap_or(site.index);
    write_stdout(&format!(
        "built {} agreement{} ({} documents; {}) in {}\nopen {}\n",
        site.agreements,
        if site.agreements == 1 { "" } else { "s" },
        site.documents,
        cache_line(&site.cache),
        shown(&out, &cwd).display(),
        file_url(&index),
    ))?;
    if let Some(private) = site.private.as_ref().filter(|_| site.private_documents > 0) {
        write_stdout(&format!(
            "wrote {} customer contract files (personal data, not published) in {}\n",
            site.private_documents,
            shown(private, &cwd).display(),
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The build as one JSON document on stdout: what was written, or the
/// findings that stopped it.
fn json_report(report: &avv_core::render::site::SiteReport, options: &SiteOptions) -> anyhow::Result<ExitCode> {
    let path = |p: &Path| p.display().to_string();
    let site = report.site.as_ref();
    write_json(serde_json::json!({
        "built": site.is_some(),
        "shard": options.shard.map(|s| s.to_string()),
        "out": site.map(|s| path(&s.out)),
        "index": site.map(|s| path(&s.index)),
        "agreements": site.map(|s| s.agreements),
        "documents": site.map(|s| s.documents),
        "files": site.map(|s| s.files),
        "private": site.and_then(|s| s.private.as_deref().filter(|_| s.private_documents > 0).map(path)),
        "private_documents": site.map(|s| s.private_documents),
        "cache": site.map(|s| serde_json::json!({
            "rendered": s.cache.rendered,
            "reused": s.cache.reused,
            "from_shards": s.cache.from_shards,
            "invalid": s.cache.invalid,
            "pruned": s.cache.pruned,
            "unwritten": s.cache.unwritten,
        })),
        "diagnostics": report.validation.diagnostics,
        "history_warnings": report.history,
    }))?;
    Ok(if site.is_some() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// "12 rendered, 340 from the cache".
fn cache_line(stats: &avv_core::render::cache::CacheStats) -> String {
    let mut line = format!("{} rendered, {} from the cache", stats.rendered, stats.reused);
    if stats.from_shards > 0 {
        line.push_str(&format!(", {} from the shards", stats.from_shards));
    }
    if stats.invalid > 0 {
        line.push_str(&format!(", {} damaged cache entries rendered again", stats.invalid));
    }
    line
}

/// A progress bar on stderr, hidden when stderr is not a terminal.
struct Bar(ProgressBar);

impl Bar {
    fn new() -> Self {
        let target =
            if std::io::stderr().is_terminal() { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(None, target);
        let style = ProgressStyle::with_template("{spinner} rendering {pos}/{len} files {wide_bar} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(120));
        Self(bar)
    }
}

impl Progress for Bar {
    fn start(&self, files: usize) {
        self.0.set_length(files as u64);
    }

    fn wrote(&self, _file: &Path) {
        self.0.inc(1);
    }
}

/// Prints the findings of `report` to stderr when it has errors or
/// warnings; returns whether it has errors.
pub fn report_findings(report: &Report, color: ColorChoice) -> anyhow::Result<bool> {
    let diagnostics: Vec<_> = report.diagnostics.iter().filter(|d| d.severity > Severity::Info).cloned().collect();
    if diagnostics.is_empty() {
        return Ok(false);
    }
    let failed = report.has_at_least(Severity::Error);
    let mut text = human(&diagnostics, &report.sources, crate::output::use_color_stderr(color));
    text.push_str(&summary_line(report.summary(), report.files));
    text.push('\n');
    if failed {
        text.push_str("nothing rendered: fix the errors above first\n");
    }
    eprint!("{text}");
    Ok(failed)
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for a fixed
/// creation time; unset or empty means none.
pub fn source_date_epoch() -> anyhow::Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => value
            .trim()
            .parse()
            .map(Some)
            .with_context(|| format!("`SOURCE_DATE_EPOCH` is not a number of seconds: `{value}`")),
        _ => Ok(None),
    }
}

fn shown(path: &Path, cwd: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute.strip_prefix(cwd).map(Path::to_path_buf).unwrap_or(absolute)
}

/// A `file://` URL, with the characters that would end or break it escaped.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => url.push(byte as char),
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}
