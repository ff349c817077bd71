//! Writes the benchmarks' generated corpus to disk, so that the real `avv`
//! binary can be timed on it:
//!
//! ```text
//! cargo run --release -p avv-core --example corpus -- /tmp/corpus 10000
//! cd /tmp/corpus && git init -q && time avv validate --no-cache
//! ```
//!
//! The folders land in `<dir>/agreements/`, generated with the same seed
//! as `cargo bench -p avv-core --bench validate`. With `--seeds`, they are
//! renamed copies of the bundled agreements instead, as in the benchmark's
//! `seed_copies_large`.

use std::path::PathBuf;
use std::process::ExitCode;

#[path = "../tests/support/corpus.rs"]
mod corpus;
#[path = "../tests/support/seed_copies.rs"]
mod seed_copies;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let seeds = args.iter().any(|a| a == "--seeds");
    args.retain(|a| a != "--seeds");
    let (Some(dir), Some(count), 2) = (args.first(), args.get(1).and_then(|n| n.parse::<usize>().ok()), args.len())
    else {
        eprintln!("usage: corpus [--seeds] <dir> <count>");
        return ExitCode::from(2);
    };
    let target = PathBuf::from(dir).join("agreements");
    let written = if seeds {
        let bundled = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../agreements");
        seed_copies::write_seed_copies(&target, &bundled, count)
    } else {
        corpus::write_corpus(&target, count, 0xA77)
    };
    match written {
        Ok(folders) => {
            println!("wrote {} agreement folders to {}", folders.len(), target.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cannot write the corpus to {}: {error}", target.display());
            ExitCode::FAILURE
        }
    }
}
