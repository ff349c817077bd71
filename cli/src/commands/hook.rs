//! `avv hook pre-commit`, `pre-merge-commit` and `pre-push`: what the git
//! hooks run; `avv hook range`: the same checks over every commit of a pull
//! request, for CI.

use std::process::ExitCode;

use anyhow::Context;
use std::path::Path;

use avv_core::config::{Config, parse_config_findings as parse_config_text};
use avv_core::diagnostic::Severity;
use avv_core::diagnostic::locate::locate;
use avv_core::diagnostic::render::{github, human};
use avv_core::history::{Oid, Repo};
use avv_core::hook::push::{Push, framework_push, parse_pushed, pushed_commits};
use avv_core::hook::range::{RangeReport, check_commits, check_range};
use avv_core::hook::{Base, pre_commit};
use clap::Subcommand;

use crate::cli::ColorChoice;
use crate::output::{use_color, use_color_stderr, write_json, write_stdout};

/// Run a git hook's check (what the installed hook calls).
///
/// `pre-commit` checks what is staged, `pre-merge-commit` a merge git makes
/// without conflicts, `pre-push` every commit a push sends that the remote
/// does not have (cherry-picks, reverts and rebases run no commit hook);
/// `range` checks every commit of a pull request the same way, for CI.
///
/// Examples:
///   avv hook pre-commit
///   avv hook range main...HEAD --format github
///
/// Exit codes: 0 passed, 1 refused, 2 avv could not run.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The hook.
    #[command(subcommand)]
    pub hook: Hook,
}

/// The hooks avv provides.
#[derive(Debug, Subcommand)]
pub enum Hook {
    /// Check what is staged for commit: the staged agreement files (not the
    /// working tree) with every rule, and the change policy of `avv.toml`
    /// (new version for a content change, justification for a removed or
    /// weakened TOM measure).
    ///
    /// Exit codes: 0 the commit may go ahead, 1 refused, 2 avv could not run.
    PreCommit(PreCommitArgs),
    /// Check the merge git is about to commit without conflicts (what the
    /// installed `pre-merge-commit` hook calls): the merged agreement files
    /// with every rule, since two sides that pass may not pass together
    /// (the same id on both). The change policy is not applied: such a
    /// merge adds nothing of its own, and each side's commits were held to
    /// it. A merge with conflicts is concluded by `git commit`, which runs
    /// the pre-commit check.
    ///
    /// Exit codes: 0 the merge may go ahead, 1 refused, 2 avv could not run.
    PreMergeCommit(PreCommitArgs),
    /// Check every commit a push sends that the remote does not have, as
    /// the pre-commit hook checks a commit (what the installed `pre-push`
    /// hook calls, with the refs being pushed on standard input): git runs
    /// no commit hook for cherry-pick, revert, rebase, am or `commit
    /// --no-verify`, so their commits are caught here, before CI. The
    /// policy is `avv.toml` as the pushed commits' base has it. Under the
    /// pre-commit framework's `pre-push` stage the push is read from its
    /// environment.
    ///
    /// Exit codes: 0 the push may go ahead, 1 refused, 2 avv could not run.
    PrePush(PrePushArgs),
    /// Check every commit of a revision range as the pre-commit hook checks
    /// a commit, for CI: a commit made with `--no-verify`, in a web editor
    /// or without the hook installed is checked all the same. Each commit is
    /// compared with its parent. A merge commit is checked for what neither
    /// side had: the agreements it leaves unlike every parent, with every
    /// rule, and with the policy against the merge git makes of its sides
    /// (an edit made in the merge itself needs its own new version; merging
    /// checked commits passes). The policy is `avv.toml` as it is at the
    /// start of the range, so a pull request cannot loosen its own checks.
    ///
    /// Exit codes: 0 every commit passes, 1 a commit would have been refused,
    /// 2 avv could not run (a bad range, no repository).
    Range(RangeArgs),
}

/// Arguments of `avv hook pre-commit`.
#[derive(Debug, clap::Args)]
pub struct PreCommitArgs {
    /// Output format: findings on stderr for people (what git shows), or
    /// one JSON document on stdout for tools.
    #[arg(long, value_enum, default_value_t = PreCommitFormat::Human)]
    pub format: PreCommitFormat,
}

/// Output formats of `avv hook pre-commit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PreCommitFormat {
    /// rustc-style findings on stderr.
    Human,
    /// `{"version": 1, "refused", "agreements", "diagnostics"}` on stdout.
    Json,
}

/// Arguments of `avv hook pre-push`.
#[derive(Debug, clap::Args)]
pub struct PrePushArgs {
    /// The remote's name, or the URL pushed to (git passes it).
    pub remote: Option<String>,

    /// The URL pushed to (git passes it; not used).
    pub url: Option<String>,

    /// Output format: findings on stderr for people (what git shows), or
    /// one JSON document on stdout for tools.
    #[arg(long, value_enum, default_value_t = PrePushFormat::Human)]
    pub format: PrePushFormat,
}

/// Output formats of `avv hook pre-push`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PrePushFormat {
    /// rustc-style findings on stderr, one block per commit.
    Human,
    /// `{"version": 1, "refused", "merges", "commits": [{commit, subject, agreements, refused, diagnostics}]}` on stdout.
    Json,
}

/// Arguments of `avv hook range`.
#[derive(Debug, clap::Args)]
pub struct RangeArgs {
    /// The commits to check: `main...HEAD` (what a pull request adds) or
    /// `A..B`.
    pub range: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = RangeFormat::Human)]
    pub format: RangeFormat,
}

/// Output formats of `avv hook range`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RangeFormat {
    /// rustc-style text, one block per commit.
    Human,
    /// GitHub Actions workflow annotations.
    Github,
    /// `{"version": 1, "refused", "merges", "commits": [{commit, subject, agreements, refused, diagnostics}]}`.
    Json,
}

/// Runs the command.
pub fn run(args: Args, color: ColorChoice) -> anyhow::Result<ExitCode> {
    match args.hook {
        Hook::PreCommit(pre_commit) => pre_commit_hook(pre_commit.format, color, Base::of_running_commit()),
        Hook::PreMergeCommit(pre_merge) => pre_commit_hook(pre_merge.format, color, Base::Merge),
        Hook::PrePush(pre_push) => pre_push_hook(&pre_push, color),
        Hook::Range(range) => range_check(&range, color),
    }
}

fn range_check(args: &RangeArgs, color: ColorChoice) -> anyhow::Result<ExitCode> {
    let cwd = super::targets::current_dir()?;
    let repo = Repo::open(&cwd).context("`avv hook range` needs a git repository with the range's history")?;
    let Some((from, to)) =
        repo.range(&args.range).with_context(|| format!("cannot read the range `{}`", args.range))?
    else {
        anyhow::bail!("`{}` is not a range: give `<base>...<head>` or `<from>..<to>`", args.range);
    };
    // The policy before the range: a pull request cannot loosen its own checks.
    let config = policy_at(&repo, from)?;
    let report = check_range(&repo, from, to, &config.hook).context("cannot read the commits of the range")?;
    let mut found = Commits::default();
    found.add(&report, config.hook.deny_warnings, args.format, use_color(color));
    if args.format == RangeFormat::Json {
        write_json(found.json())?;
        return Ok(found.exit_code());
    }
    let mut text = std::mem::take(&mut found.text);
    let merges = match found.merges {
        0 => String::new(),
        1 => " (1 merge commit, checked for what neither side had)".to_owned(),
        n => format!(" ({n} merge commits, checked for what neither side had)"),
    };
    if args.format == RangeFormat::Human {
        let checked = found.checked();
        text.push_str(&if found.refused == 0 {
            format!("ok: {checked} commit{} checked{merges}\n", if checked == 1 { "" } else { "s" })
        } else {
            format!("{} of {checked} commits would have been refused by the hook{merges}\n", found.refused)
        });
    }
    write_stdout(&text)?;
    Ok(found.exit_code())
}

/// The policy of `avv.toml` as `commit` has it (the default where it has none).
fn policy_at(repo: &Repo, commit: Oid) -> anyhow::Result<Config> {
    let config_path = repo.workdir().join("avv.toml");
    Ok(match repo.file_at(commit, Path::new("avv.toml")).context("cannot read avv.toml")? {
        Some(text) => parse_config_text(&config_path, &text).0,
        None => Config::default(),
    })
}

/// The commits checked by `range` or `pre-push`, with what they found.
#[derive(Default)]
struct Commits {
    refused: usize,
    merges: usize,
    /// The findings for people or GitHub, commit by commit.
    text: String,
    /// Every commit, for JSON.
    json: Vec<serde_json::Value>,
}

impl Commits {
    /// How many commits were checked.
    fn checked(&self) -> usize {
        self.json.len()
    }

    /// Adds a report's commits; a commit is refused for an error, or with
    /// `deny_warnings` for a warning.
    fn add(&mut self, report: &RangeReport, deny_warnings: bool, format: RangeFormat, color: bool) {
        self.merges += report.merges;
        for commit in &report.commits {
            let errors = commit.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            let warnings = commit.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
            let refuses = errors > 0 || (deny_warnings && warnings > 0);
            if refuses {
                self.refused += 1;
            }
            self.json.push(serde_json::json!({
                "commit": commit.commit,
                "subject": commit.subject,
                "agreements": commit.agreements,
                "refused": refuses,
                "diagnostics": commit.diagnostics,
            }));
            let shown: Vec<_> = commit.diagnostics.iter().filter(|d| d.severity > Severity::Info).cloned().collect();
            if shown.is_empty() {
                continue;
            }
            match format {
                RangeFormat::Human => {
                    self.text.push_str(&format!("commit {} {}\n", &commit.commit[..12], commit.subject));
                    self.text.push_str(&human(&shown, &commit.sources, color));
                }
                RangeFormat::Github => self.text.push_str(&github(&shown)),
                RangeFormat::Json => {}
            }
        }
    }

    /// `{"refused", "merges", "commits"}`.
    fn json(&self) -> serde_json::Value {
        serde_json::json!({ "refused": self.refused, "merges": self.merges, "commits": self.json })
    }

    fn exit_code(&self) -> ExitCode {
        if self.refused > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
    }
}

fn pre_push_hook(args: &PrePushArgs, color: ColorChoice) -> anyhow::Result<ExitCode> {
    let cwd = super::targets::current_dir()?;
    // A shallow clone has the commits it pushes and what they build on.
    let repo = Repo::open_shallow(&cwd).context("the pre-push hook needs a git repository")?;
    let push = match framework_push(&repo, |name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .context("cannot read the push the pre-commit framework describes")?
    {
        Some(push) => push,
        None => {
            use std::io::{IsTerminal, Read};
            if std::io::stdin().is_terminal() {
                anyhow::bail!(
                    "`avv hook pre-push` reads the refs being pushed from its standard input, as git writes them when it runs the pre-push hook; to check commits by hand, run `avv hook range <from>..<to>`"
                );
            }
            let mut input = Vec::new();
            std::io::stdin().read_to_end(&mut input).context("cannot read the refs being pushed")?;
            Push { remote: args.remote.clone(), refs: parse_pushed(&String::from_utf8_lossy(&input))? }
        }
    };
    let pushed = pushed_commits(&repo, &push).context("cannot find the commits being pushed")?;
    let format = match args.format {
        PrePushFormat::Human => RangeFormat::Human,
        PrePushFormat::Json => RangeFormat::Json,
    };
    let mut found = Commits::default();
    // What `git rebase -i` needs to reach the first refused commit.
    let mut rebase_onto = None;
    for pushed in &pushed {
        // The policy of what the push builds on: a push cannot loosen its own checks.
        let config = policy_at(&repo, pushed.policy_at)?;
        let report = check_commits(&repo, &pushed.commits, &config.hook)
            .with_context(|| format!("cannot read the commits pushed to `{}`", pushed.remote_ref))?;
        let refused_before = found.refused;
        found.add(&report, config.hook.deny_warnings, format, use_color_stderr(color));
        if found.refused > refused_before && rebase_onto.is_none() {
            // A whole new history has no commit before it to rebase onto.
            rebase_onto = Some(if pushed.commits.contains(&pushed.policy_at) {
                "--root".to_owned()
            } else {
                pushed.policy_at.to_string()[..12].to_owned()
            });
        }
    }
    if format == RangeFormat::Json {
        write_json(found.json())?;
        return Ok(found.exit_code());
    }
    eprint!("{}", found.text);
    if found.refused > 0 {
        let to = push.remote.as_deref().map(|r| format!(" to `{r}`")).unwrap_or_default();
        let base = rebase_onto.unwrap_or_default();
        eprintln!(
            "avv: push refused: {} of {} commit{}{to} would have been refused by the pre-commit hook (git runs no commit hook for cherry-pick, revert, rebase, am or `commit --no-verify`); fix {} (`git rebase -i {base}` edits the commits) and push again",
            found.refused,
            found.checked(),
            if found.checked() == 1 { "" } else { "s" },
            if found.refused == 1 { "it" } else { "them" },
        );
    }
    Ok(found.exit_code())
}

fn pre_commit_hook(format: PreCommitFormat, color: ColorChoice, base: Base) -> anyhow::Result<ExitCode> {
    let cwd = super::targets::current_dir()?;
    // Only HEAD and the index are needed: a shallow clone (pre-commit CI) will do.
    let mut repo = Repo::open_shallow(&cwd).context("the pre-commit hook needs a git repository")?;
    // git names the index it is about to commit (`git commit -a`, `<path>`, `-i`, `--only`).
    if let Some(index) = std::env::var_os("GIT_INDEX_FILE").filter(|v| !v.is_empty()) {
        repo.use_index_file(Path::new(&index));
    }
    // The policy as it will be committed, not as the working tree has it.
    let config_path = repo.workdir().join("avv.toml");
    let staged_config = repo.staged_file("avv.toml").context("cannot read the staged avv.toml")?;
    let (config, config_findings) = match &staged_config {
        Some(text) => parse_config_text(&config_path, text),
        None => (Config::default(), Vec::new()),
    };
    let mut report = pre_commit(&repo, &config.hook, base).context("cannot read the staged changes")?;
    if !config_findings.is_empty() {
        let mut sources = avv_core::diagnostic::locate::SourceMap::new();
        if let Some(text) = staged_config {
            sources.insert(&config_path, text.into());
        }
        report.diagnostics.extend(locate(config_findings, &sources));
        report.sources.extend(sources);
    }
    let errors = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = report.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    let refused = errors > 0 || (config.hook.deny_warnings && warnings > 0);
    if format == PreCommitFormat::Json {
        write_json(serde_json::json!({
            "refused": refused,
            "agreements": report.agreements,
            "diagnostics": report.diagnostics,
        }))?;
        return Ok(if refused { ExitCode::from(1) } else { ExitCode::SUCCESS });
    }
    let shown: Vec<_> = report.diagnostics.iter().filter(|d| d.severity > Severity::Info).cloned().collect();
    if !shown.is_empty() {
        eprint!("{}", human(&shown, &report.sources, use_color_stderr(color)));
    }
    if refused {
        let counts = format!(
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        );
        let place = if report.agreements.is_empty() {
            "the staged files".to_owned()
        } else {
            format!("the staged agreements ({})", report.agreements.join(", "))
        };
        if base == Base::Merge {
            eprintln!(
                "avv: merge refused: {counts} in {place}; fix them, `git add` the fix, and `git commit` to conclude the merge (or `git merge --abort`)"
            );
        } else {
            eprintln!("avv: commit refused: {counts} in {place}; fix them, `git add` the fix, and commit again");
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
