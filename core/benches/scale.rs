//! Publishing at scale, on realistic content: the bundled agreements with
//! pcvisit evolved over many versions (`tests/support/evolve.rs`), side by
//! side with the tool a user would otherwise run, in the same run.
//!
//! Run with `cargo bench -p avv-core --bench scale`. The goals (issue 18):
//!
//! | workload | goal |
//! |---|---|
//! | `build_rebuild_unchanged` (100 versions) | ≤ 10 % of `build_full` |
//! | `build_after_one_new_version` (100 versions) | ≤ 25 % of `build_full` |
//! | `history_again` (1,000 versions) | ≤ 1.5 × `git_log_follow_p` |
//! | `history_first_run` (1,000 versions) | reported (every version compared) |
//! | `pdf_*` | documents per second on one core |
//!
//! Peak memory of the real binary is measured by `scripts/measure-scale.sh`.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use avv_core::history::{Repo, history_table};
use avv_core::load::load_folder;
use avv_core::render::pdf::clear_cache;
use avv_core::render::site::{Quiet, SiteOptions, build_site};
use avv_core::render::{Format, Stamp, Templates, document::render_document};
use divan::Bencher;

#[path = "../tests/support/evolve.rs"]
mod evolve;

use evolve::{Shape, write_repo};

/// The allocator the `avv` binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// A generated repository that lives as long as the benchmark run.
struct Generated {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn generate(versions: usize) -> Generated {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("repo");
    write_repo(&path, Shape { versions, customers: 1 });
    Generated { _dir: dir, path }
}

static REPOS: LazyLock<std::sync::Mutex<std::collections::HashMap<usize, &'static Generated>>> =
    LazyLock::new(Default::default);

/// The repository of `versions` versions, written once per run.
fn repo(versions: usize) -> &'static Path {
    let mut repos = REPOS.lock().expect("the repository table");
    &repos.entry(versions).or_insert_with(|| Box::leak(Box::new(generate(versions)))).path
}

/// The first `avv history` in a repository: every version loaded and
/// compared (the history cache emptied before each run).
#[divan::bench(args = [100, 1000], sample_count = 5)]
fn history_first_run(bencher: Bencher, versions: usize) {
    let path = repo(versions);
    bencher.with_inputs(|| std::fs::remove_dir_all(path.join(".git/avv/history")).ok()).bench_values(|_| {
        let repo = Repo::open(path).expect("the repository");
        history_table(&repo, evolve::EVOLVING, None).expect("the history")
    });
}

/// Every later `avv history` (and every build's version tables): the
/// comparisons read from the history cache.
#[divan::bench(args = [100, 1000], sample_count = 5)]
fn history_again(bencher: Bencher, versions: usize) {
    let path = repo(versions);
    history_table(&Repo::open(path).expect("the repository"), evolve::EVOLVING, None).expect("the warm-up");
    bencher.bench(|| {
        let repo = Repo::open(path).expect("the repository");
        history_table(&repo, evolve::EVOLVING, None).expect("the history")
    });
}

#[divan::bench(args = [100, 1000], sample_count = 5)]
fn git_log_follow_p(bencher: Bencher, versions: usize) {
    let path = repo(versions);
    bencher.bench(|| {
        let output = evolve::git(path)
            .args(["log", "--follow", "-p", "--", "agreements/pcvisit/agreement.toml"])
            .output()
            .expect("git log");
        assert!(output.status.success());
        output.stdout.len()
    });
}

const BUILD_VERSIONS: usize = 100;

fn options(root: &Path, out: &Path, cache: Option<PathBuf>) -> SiteOptions {
    SiteOptions {
        private_out: None,
        cache,
        stamp: Stamp { commit: avv_core::history::head_commit(root) },
        ..SiteOptions::new(root, out)
    }
}

/// A clean build: every version, Synopse and page rendered.
#[divan::bench(sample_count = 2, sample_size = 1)]
fn build_full(bencher: Bencher) {
    let path = repo(BUILD_VERSIONS);
    bencher.with_inputs(|| tempfile::tempdir().expect("a folder")).bench_values(|out| {
        let report = build_site(&options(path, &out.path().join("site"), None), &Quiet).expect("the build");
        assert!(report.site.is_some());
        out
    });
}

/// A rebuild with a warm cache and nothing changed.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn build_rebuild_unchanged(bencher: Bencher) {
    let path = repo(BUILD_VERSIONS);
    let out = tempfile::tempdir().expect("a folder");
    let cache = out.path().join("cache");
    let site = out.path().join("site");
    build_site(&options(path, &site, Some(cache.clone())), &Quiet).expect("the warm-up build");
    bencher.bench(|| {
        let report = build_site(&options(path, &site, Some(cache.clone())), &Quiet).expect("the build");
        let built = report.site.expect("a site");
        assert_eq!(built.cache.rendered, 0, "a rebuild rendered documents");
    });
}

/// A build after one new version, the cache warm from the one before.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn build_after_one_new_version(bencher: Bencher) {
    let before = repo(BUILD_VERSIONS - 1);
    let after = repo(BUILD_VERSIONS);
    let warm = tempfile::tempdir().expect("a folder");
    let cache = warm.path().join("cache");
    build_site(&options(before, &warm.path().join("site"), Some(cache.clone())), &Quiet).expect("the warm-up build");
    bencher
        .with_inputs(|| {
            let copy = tempfile::tempdir().expect("a folder");
            copy_dir(&cache, &copy.path().join("cache"));
            copy
        })
        .bench_values(|copy| {
            let options = options(after, &copy.path().join("site"), Some(copy.path().join("cache")));
            let built = build_site(&options, &Quiet).expect("the build").site.expect("a site");
            // The new version in three formats and its Synopse in two.
            assert_eq!(built.cache.rendered, 5, "{:?}", built.cache);
            copy
        });
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("the cache").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("a copy");
        }
    }
}

/// One PDF of the real pcvisit agreement (16 pages), on one core.
#[divan::bench(sample_count = 10)]
fn pdf_pcvisit(bencher: Bencher) {
    let root = evolve::bundled_root();
    let folder = load_folder(&root.join("agreements/pcvisit"), &root).folder;
    let templates = Templates::new(None);
    // typst's layout cache is emptied before every sample: each is a first
    // document, as in a build of different versions.
    bencher.with_inputs(clear_cache).bench_values(|()| {
        render_document(&templates, &folder, None, Format::Pdf, &Stamp::default(), Some(0)).expect("a PDF")
    });
}

/// One TrafficPlex customer contract, on one core.
#[divan::bench(sample_count = 20)]
fn pdf_trafficplex_customer(bencher: Bencher) {
    let root = evolve::bundled_root();
    let folder = load_folder(&root.join("agreements/trafficplex"), &root).folder;
    let templates = Templates::new(None);
    let customer = folder.customers.first().expect("the bundled customer").clone();
    let id = customer.path.file_stem().expect("a name").to_string_lossy().into_owned();
    // The first customer of a build, with an empty layout cache; later ones
    // share the agreement's layout (`pdf_trafficplex_next_customer`).
    bencher.with_inputs(clear_cache).bench_values(|()| {
        render_document(&templates, &folder, Some((&id, &customer.value)), Format::Pdf, &Stamp::default(), Some(0))
            .expect("a PDF")
    });
}

/// A further TrafficPlex customer contract: typst's layout cache still
/// holds the agreement, as for every customer after the first in a build.
#[divan::bench(sample_count = 20)]
fn pdf_trafficplex_next_customer(bencher: Bencher) {
    let root = evolve::bundled_root();
    let folder = load_folder(&root.join("agreements/trafficplex"), &root).folder;
    let templates = Templates::new(None);
    let customer = folder.customers.first().expect("the bundled customer").clone();
    let id = customer.path.file_stem().expect("a name").to_string_lossy().into_owned();
    bencher.bench(|| {
        render_document(&templates, &folder, Some((&id, &customer.value)), Format::Pdf, &Stamp::default(), Some(0))
            .expect("a PDF")
    });
}
