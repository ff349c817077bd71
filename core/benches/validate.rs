//! `avv validate` over many generated agreement folders.
//!
//! Run with `cargo bench -p avv-core --bench validate`. Each size is
//! generated once into a temporary folder before it is timed; the goal is
//! 10 000 agreements in under a second on a two-core machine.
//!
//! `agreements` validates every folder afresh (`avv validate --no-cache`);
//! `agreements_cached` is a repeated run over unchanged folders, answered
//! by the validation cache from file metadata; `agreements_cached_one_edit`
//! edits one folder before each run, as a working session does.
//!
//! `seed_copies` validates copies of the five bundled agreements, each
//! renamed: real texts, and the notes real agreements have (three of the
//! five have some), so locating findings is part of what is timed.

use std::path::PathBuf;

use avv_core::validate::run::validate_folders;
use avv_core::validate::{ValidateOptions, validate};
use divan::Bencher;
use divan::counter::ItemsCount;

#[path = "../tests/support/corpus.rs"]
mod corpus;
#[path = "../tests/support/seed_copies.rs"]
mod seed_copies;

/// The allocator the `avv` binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// A generated corpus that lives as long as the benchmark.
struct Corpus {
    _dir: tempfile::TempDir,
    root: PathBuf,
    folders: Vec<PathBuf>,
}

fn corpus(count: usize) -> Corpus {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let folders = corpus::write_corpus(dir.path(), count, 0xA77).expect("writing the corpus");
    // Compile the schema validators before the clock starts.
    avv_core::load::schema_check::warm_up();
    let root = dir.path().to_path_buf();
    Corpus { _dir: dir, root, folders }
}

fn run(bencher: Bencher, count: usize) {
    let corpus = corpus(count);
    let clean = validate_folders(&corpus.folders, &corpus.root);
    assert!(clean.diagnostics.is_empty(), "the generated corpus has findings: {:?}", clean.diagnostics.first());
    bencher.counter(ItemsCount::new(count)).bench(|| validate_folders(&corpus.folders, &corpus.root));
}

#[divan::bench(args = [1, 100, 1_000], sample_count = 20)]
fn agreements(bencher: Bencher, count: usize) {
    run(bencher, count);
}

#[divan::bench(args = [10_000], sample_count = 5, sample_size = 1)]
fn agreements_large(bencher: Bencher, count: usize) {
    run(bencher, count);
}

/// `count` renamed copies of the bundled agreement folders.
fn seed_copies(count: usize) -> Corpus {
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let folders = seed_copies::write_seed_copies(dir.path(), &bundled, count).expect("writing the copies");
    avv_core::load::schema_check::warm_up();
    let root = dir.path().to_path_buf();
    Corpus { _dir: dir, root, folders }
}

#[divan::bench(args = [10_000], sample_count = 5, sample_size = 1)]
fn seed_copies_large(bencher: Bencher, count: usize) {
    let corpus = seed_copies(count);
    let report = validate_folders(&corpus.folders, &corpus.root);
    let summary = report.summary();
    assert_eq!((summary.errors, summary.warnings), (0, 0), "{:?}", report.diagnostics.first());
    // pcvisit, rocon and trafficplex have notes: the findings path is timed.
    assert!(summary.infos > 0, "the copies keep their originals' notes");
    bencher.counter(ItemsCount::new(count)).bench(|| validate_folders(&corpus.folders, &corpus.root));
}

/// A repository (with `.git`) holding `count` generated folders, their files
/// old enough for the cache to trust, and a first run that filled the cache.
fn cached_repository(count: usize) -> (tempfile::TempDir, ValidateOptions, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let folders = corpus::write_corpus(&dir.path().join("agreements"), count, 0xA77).expect("writing the corpus");
    std::fs::create_dir(dir.path().join(".git")).expect(".git");
    avv_core::load::schema_check::warm_up();
    // The cache does not trust files written in the last two seconds.
    std::thread::sleep(std::time::Duration::from_millis(2_100));
    let options =
        ValidateOptions { paths: vec![dir.path().to_path_buf()], root: dir.path().to_path_buf(), cache: true };
    let first = validate(&options).expect("validates");
    assert!(first.diagnostics.is_empty(), "the generated corpus has findings");
    (dir, options, folders)
}

#[divan::bench(args = [1_000, 10_000], sample_count = 10, sample_size = 1)]
fn agreements_cached(bencher: Bencher, count: usize) {
    let (_dir, options, _) = cached_repository(count);
    bencher.counter(ItemsCount::new(count)).bench(|| validate(&options).expect("validates"));
}

#[divan::bench(args = [10_000], sample_count = 10, sample_size = 1)]
fn agreements_cached_one_edit(bencher: Bencher, count: usize) {
    let (_dir, options, folders) = cached_repository(count);
    let rounds = std::sync::atomic::AtomicU64::new(0);
    bencher
        .counter(ItemsCount::new(count))
        .with_inputs(|| {
            // A different, old modification time each round: one folder changed.
            let round = rounds.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            let file = folders[(round as usize * 7919) % folders.len()].join("tom.toml");
            let handle = std::fs::File::options().write(true).open(&file).expect("tom.toml");
            let when = std::time::SystemTime::now() - std::time::Duration::from_secs(3_600 + round);
            handle.set_modified(when).expect("set the time");
        })
        .bench_values(|()| validate(&options).expect("validates"));
}
