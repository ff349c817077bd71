//! `avv schema`: print or write the JSON Schemas.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use avv_core::schema::{FileKind, schema_text};
use clap::ValueEnum;

use crate::output::{write_atomically, write_stdout};

/// Print or write the JSON Schemas of the agreement files.
///
/// One file kind to stdout, or all of them into a folder (the repository
/// keeps them in `schema/`). Editors use them through the `#:schema` line
/// at the top of each file.
///
/// Examples:
///   avv schema agreement
///   avv schema --out schema
///
/// Exit codes: 0 printed or written, 2 avv could not run.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Which schema to print.
    #[arg(value_enum, default_value_t = Kind::Agreement)]
    pub kind: Kind,

    /// Write every schema into this folder instead of printing one.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The file kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// `agreement.toml`
    Agreement,
    /// `tom.toml`
    Tom,
    /// `subprocessors.toml`
    Subprocessors,
    /// `customers/<customer>.toml`
    Customer,
}

impl From<Kind> for FileKind {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Agreement => FileKind::Agreement,
            Kind::Tom => FileKind::Tom,
            Kind::Subprocessors => FileKind::Subprocessors,
            Kind::Customer => FileKind::Customer,
        }
    }
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.out {
        None => write_stdout(&schema_text(args.kind.into()))?,
        Some(dir) => {
            std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
            for kind in FileKind::ALL {
                let path = dir.join(kind.schema_file_name());
                // Never half a schema: written beside, then renamed over it.
                write_atomically(&path, schema_text(kind).as_bytes())
                    .with_context(|| format!("cannot write `{}`", path.display()))?;
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
