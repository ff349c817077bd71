//! Writes the benchmarks' generated corpus to disk, so that the real `avv`
//! binary can be timed on it:
//!
//! ```text
//! cargo run --release -p avv-core --example corpus -- /tmp/corpus 10000
//! cd /tmp/corpus && git init -q && time avv validate --no-cache
//! ```
//!
//! The folders land in `<dir>/agreements/`, generated with the same seed
//! as `cargo bench -p avv-core --bench validate`.

use std::path::PathBuf;
use std::process::ExitCode;

#[path = "../tests/support/corpus.rs"]
mod corpus;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(count)) = (args.next(), args.next().and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: corpus <dir> <count>");
        return ExitCode::from(2);
    };
    let target = PathBuf::from(dir).join("agreements");
    match corpus::write_corpus(&target, count, 0xA77) {
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
