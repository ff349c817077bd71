//! Writes a long realistic history to disk, so that the real `avv` binary
//! can be timed and measured on it (see `scripts/measure-scale.sh`):
//!
//! ```text
//! cargo run --release -p avv-core --example evolve -- /tmp/evolved 1000
//! cargo run --release -p avv-core --example evolve -- /tmp/customers 1 10000
//! cd /tmp/evolved && /usr/bin/time -v avv build
//! ```
//!
//! The repository holds the bundled agreements; every commit after the
//! first is a new version of the real pcvisit agreement, and TrafficPlex
//! has as many customer instances as asked (the same generator as
//! `cargo bench -p avv-core --bench scale`).

use std::path::PathBuf;
use std::process::ExitCode;

#[path = "../tests/support/evolve.rs"]
mod evolve;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| args.get(i).and_then(|n| n.parse::<usize>().ok());
    let (Some(dir), Some(versions)) = (args.first(), number(1)) else {
        eprintln!("usage: evolve <dir> <versions> [<customers>]");
        return ExitCode::from(2);
    };
    if args.len() > 3 || (args.len() == 3 && number(2).is_none()) || versions == 0 {
        eprintln!("usage: evolve <dir> <versions> [<customers>]");
        return ExitCode::from(2);
    }
    let dir = PathBuf::from(dir);
    if dir.exists() && std::fs::read_dir(&dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!("{} exists and is not empty: name a new folder", dir.display());
        return ExitCode::FAILURE;
    }
    let customers = number(2).unwrap_or(1).max(1);
    evolve::write_repo(&dir, evolve::Shape { versions, customers });
    println!(
        "wrote {} with {versions} versions of {} and {customers} customer instances of trafficplex",
        dir.display(),
        evolve::EVOLVING
    );
    ExitCode::SUCCESS
}
