//! `avv validate` over many generated agreement folders.
//!
//! Run with `cargo bench -p avv-core --bench validate`. Each size is
//! generated once into a temporary folder before it is timed; the goal is
//! 10 000 agreements in under a second on a two-core machine.

use std::path::PathBuf;

use avv_core::validate::run::validate_folders;
use divan::Bencher;
use divan::counter::ItemsCount;

#[path = "../tests/support/corpus.rs"]
mod corpus;

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
