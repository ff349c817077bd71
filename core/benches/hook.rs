//! The pre-commit hook in a repository with 1 000 agreements and one staged
//! change, the case that decides whether people keep the hook or bypass it.
//!
//! Run with `cargo bench -p avv-core --bench hook`. The repository is
//! generated once before the clock starts: the validate benchmark's corpus
//! committed with git, then one agreement's TOM annex edited (a measure
//! reworded, the version raised) and staged. Each iteration does what
//! `avv hook pre-commit` does: open the repository, read `avv.toml`, find the
//! staged agreements, load them from the index and from HEAD, validate and
//! apply the change policy (with the canonical-layout check on, the most
//! expensive setting). The goal: p50 under 100 ms.

use std::path::{Path, PathBuf};
use std::process::Command;

use avv_core::config::{HookPolicy, load_config};
use avv_core::format::{files_to_format, format_all};
use avv_core::history::Repo;
use avv_core::hook::pre_commit;
use divan::Bencher;

#[path = "../tests/support/corpus.rs"]
mod corpus;

/// The allocator the `avv` binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const AGREEMENTS: usize = 1_000;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.org")
        .env("GIT_COMMITTER_NAME", "Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.org")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

/// A committed corpus with one staged change; lives as long as the benchmark.
struct Staged {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn staged() -> Staged {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().to_path_buf();
    let folders = corpus::write_corpus(&path.join("agreements"), AGREEMENTS, 0xA77).expect("writing the corpus");
    // The policy under test includes the canonical layout: commit the corpus formatted.
    let files = files_to_format(std::slice::from_ref(&path)).expect("the corpus files");
    for outcome in format_all(&files, &path) {
        let formatted = outcome.formatted.expect("the corpus formats");
        std::fs::write(&outcome.file.path, formatted).expect("write");
    }
    git(&path, &["init", "--quiet", "--initial-branch=main"]);
    git(&path, &["add", "."]);
    git(&path, &["commit", "--quiet", "-m", "corpus"]);

    let folder = &folders[AGREEMENTS / 2];
    let tom = folder.join("tom.toml");
    let text = std::fs::read_to_string(&tom).expect("tom.toml");
    let edited = text.replacen("text = \"Der Zugriff", "text = \"Ab sofort: Der Zugriff", 1);
    assert_ne!(edited, text, "the generated TOM has measure texts");
    std::fs::write(&tom, edited).expect("edit");
    let agreement = folder.join("agreement.toml");
    let text = std::fs::read_to_string(&agreement).expect("agreement.toml");
    let (start, version) = text
        .match_indices("version = \"")
        .next()
        .map(|(at, m)| {
            let from = at + m.len();
            (from, &text[from..from + text[from..].find('"').expect("closing quote")])
        })
        .expect("a version");
    let bumped = format!("{}{version}9{}", &text[..start], &text[start + version.len()..]);
    std::fs::write(&agreement, bumped).expect("bump");
    git(&path, &["add", "."]);
    Staged { _dir: dir, path }
}

fn check(path: &Path) -> usize {
    let repo = Repo::open(path).expect("a repository");
    let (config, _) = load_config(path);
    let policy = HookPolicy { require_canonical_format: true, ..config.hook };
    let report = pre_commit(&repo, &policy, avv_core::hook::Base::Head).expect("the hook runs");
    assert_eq!(report.agreements.len(), 1);
    report.diagnostics.len()
}

#[divan::bench(sample_count = 30)]
fn one_staged_file_among_1000_agreements(bencher: Bencher) {
    let staged = staged();
    // The run must be a real pass: the change is valid and bumped.
    let findings = check(&staged.path);
    assert_eq!(findings, 0, "the staged change should pass");
    bencher.bench(|| check(&staged.path));
}
