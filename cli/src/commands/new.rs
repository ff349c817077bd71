//! `avv new`: scaffold an agreement or a customer instance.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use avv_core::diagnostic::render::human;
use avv_core::diagnostic::{Code, Severity};
use avv_core::load::{find_repo_root, load_folder};
use avv_core::scaffold;
use avv_core::schema::{FileKind, schema_text};
use avv_core::validate::validate_folders;
use clap::Subcommand;

use crate::cli::ColorChoice;
use crate::output::{use_color, write_atomically};

/// Scaffold a new agreement or customer instance, then validate it.
///
/// `agreement` writes a minimal valid folder with a clause for each
/// Art. 28(3) item to fill in; `customer` writes an instance listing every
/// placeholder and choice of the agreement. Nothing is ever overwritten.
///
/// Examples:
///   avv new agreement muster-avv
///   avv new customer pcvisit kunde-4711
///
/// Exit codes: 0 written, 2 avv could not run (the file exists, an invalid
/// id, an agreement that does not load).
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// What to create.
    #[command(subcommand)]
    pub what: What,
}

/// What `avv new` creates.
#[derive(Debug, Subcommand)]
pub enum What {
    /// A minimal valid agreement in `agreements/<id>/`, with a clause for
    /// each Art. 28(3) item to fill in.
    Agreement {
        /// The new agreement's id (kebab-case; the folder name).
        id: String,
        /// The title.
        #[arg(long, default_value = "Vertrag zur Auftragsverarbeitung gemäß Art. 28 DS-GVO")]
        title: String,
    },
    /// A customer instance in `agreements/<agreement>/customers/<customer>.toml`
    /// listing every placeholder and choice of the agreement.
    Customer {
        /// The agreement's id.
        agreement: String,
        /// The customer's id (the file name).
        customer: String,
    },
}

/// Runs the command.
pub fn run(args: Args, color: ColorChoice) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot determine the current directory")?;
    let root = find_repo_root(&cwd).unwrap_or(cwd);
    let agreements = root.join("agreements");
    let (folder, files): (PathBuf, Vec<(String, String)>) = match &args.what {
        What::Agreement { id, title } => {
            if !avv_core::model::primitives::is_agreement_id(id) {
                bail!(
                    "`{id}` is not a valid agreement id: use lower-case letters, digits and single dashes, starting with a letter, and not `agreements`"
                );
            }
            (agreements.join(id), scaffold::agreement(id, title))
        }
        What::Customer { agreement, customer } => {
            // The id validation holds the file name to: a file it would
            // refuse is not written.
            if !avv_core::model::primitives::is_kebab_id(customer) {
                bail!(
                    "`{customer}` is not a valid customer id: use lower-case letters, digits and single dashes, starting with a letter, e.g. `{}`",
                    avv_core::model::primitives::suggest_id(customer)
                );
            }
            let dir = agreements.join(agreement);
            let loaded = load_folder(&dir, &root);
            let Some(text) = scaffold::customer(&loaded.folder, customer) else {
                bail!("agreement `{agreement}` has no valid agreement.toml in `{}`", dir.display());
            };
            (dir, vec![(format!("customers/{customer}.toml"), text)])
        }
    };
    for (name, _) in &files {
        let path = folder.join(name);
        if path.exists() {
            bail!("`{}` already exists; avv new never overwrites a file", path.display());
        }
    }
    for (name, text) in &files {
        let path = folder.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write `{}`", path.display()))?;
        eprintln!("created {}", path.display());
    }
    let kinds: &[FileKind] = match &args.what {
        What::Agreement { .. } => &[FileKind::Agreement, FileKind::Tom, FileKind::Subprocessors],
        What::Customer { .. } => &[FileKind::Customer],
    };
    write_missing_schemas(&root, kinds)?;
    let report = validate_folders(std::slice::from_ref(&folder), &root);
    let remaining: Vec<_> = report.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).cloned().collect();
    if remaining.is_empty() {
        match &args.what {
            What::Agreement { .. } => {
                let fillers = report.diagnostics.iter().filter(|d| d.code == Code::ScaffoldTextUnfilled).count();
                eprintln!(
                    "valid: write the {fillers} texts marked „ausfüllen“ or „beschreiben“ and the processor's name and address (`avv validate` lists them); a version released with one left fails validation"
                )
            }
            // An agreement without placeholders or choices leaves nothing to fill.
            What::Customer { .. } => eprintln!(
                "valid: nothing to fill; set `status = \"sent\"` when the contract goes out, and `\"signed\"` with `[signing]` once both parties signed"
            ),
        }
    } else {
        eprint!("{}", human(&remaining, &report.sources, use_color(color)));
        eprintln!("still to fill: {} finding{} above", remaining.len(), if remaining.len() == 1 { "" } else { "s" });
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the JSON Schemas of `kinds` into `schema/` where they are missing:
/// the new files' `#:schema` lines name them, and an editor that cannot
/// find a schema validates nothing. An existing schema is left as it is.
fn write_missing_schemas(root: &Path, kinds: &[FileKind]) -> anyhow::Result<()> {
    let dir = root.join("schema");
    for &kind in kinds {
        let path = dir.join(kind.schema_file_name());
        if path.exists() {
            continue;
        }
        write_atomically(&path, schema_text(kind).as_bytes())
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        eprintln!("created {} (editors validate and complete the files with it)", path.display());
    }
    Ok(())
}
