//! `avv render`: one document (an agreement or a customer instance) as
//! Markdown, HTML, PDF or DOCX.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use avv_core::history::Loader;
use avv_core::load::{find_repo_root, load_folder};
use avv_core::render::document::{render_document, resolve, safe_name};
use avv_core::render::edition::Edition;
use avv_core::render::{Format as DocumentFormat, Stamp, TemplateSets};
use clap::ValueEnum;

use super::build::{report_findings, source_date_epoch};
use crate::cli::ColorChoice;
use crate::output::{write_atomically, write_stdout_bytes};

/// Render one document: an agreement, or one customer's instance of it.
///
/// The agreement's folder is validated first; with errors nothing is
/// rendered. In a git repository the document is what `avv build`
/// publishes: the latest version from the commit that made it, a customer's
/// contract from the version the customer signed, and changes no version
/// names yet as a draft marked "Entwurf". An earlier version, named after
/// the path, prints as it was published: from the commit that made it,
/// with that commit's templates. Without --out, Markdown and HTML
/// go to stdout; PDF and DOCX need --out or a redirect. With --out the file is
/// written as `<id>-<version>.<ext>` (an agreement), `<id>-entwurf.<ext>`
/// (a draft) or `<customer>.<ext>` (an instance).
///
/// Examples:
///   avv render agreements/pcvisit --format md
///   avv render agreements/pcvisit --format pdf --out out/
///   avv render agreements/pcvisit --format docx --out out/
///   avv render pcvisit 1.7 --format pdf --out out/
///   avv render agreements/trafficplex/customers/kunde-203523.toml --format pdf --out private/
///
/// Exit codes: 0 rendered, 1 the agreement has errors, 2 avv could not run.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// An agreement folder (or its name, `pcvisit`), or a customer instance
    /// file (`agreements/<id>/customers/<customer>.toml`).
    pub path: PathBuf,

    /// A version of the agreement (`1.7`; `entwurf` for the draft) to
    /// render as it was published, instead of the latest.
    #[arg(value_name = "VERSION")]
    pub version: Option<String>,

    /// Output format.
    #[arg(long, value_enum)]
    pub format: Format,

    /// Write the document into this folder instead of stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Document formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown (CommonMark).
    Md,
    /// A standalone HTML page.
    Html,
    /// PDF/A-2b.
    Pdf,
    /// A Word document (Office Open XML), for review and redlining.
    Docx,
}

/// Runs the command.
pub fn run(args: Args, color: ColorChoice) -> anyhow::Result<ExitCode> {
    let format = match args.format {
        Format::Md => DocumentFormat::Markdown,
        Format::Html => DocumentFormat::Html,
        Format::Pdf => DocumentFormat::Pdf,
        Format::Docx => DocumentFormat::Docx,
    };
    let epoch = source_date_epoch()?;
    let binary = matches!(format, DocumentFormat::Pdf | DocumentFormat::Docx);
    if binary && args.out.is_none() && std::io::stdout().is_terminal() {
        bail!(
            "refusing to write a {} to the terminal; use `--out DIR` or redirect stdout to a file",
            format.extension().to_uppercase()
        );
    }
    let path = super::targets::path_or_agreement(&args.path, &super::targets::current_dir()?);
    let target = resolve(&path).context("cannot render")?;
    let root = find_repo_root(&target.folder)
        .unwrap_or_else(|| target.folder.parent().map(Path::to_path_buf).unwrap_or_default());

    let report = avv_core::validate::validate_folders(std::slice::from_ref(&target.folder), &root);
    if report_findings(&report, color)? {
        return Ok(ExitCode::from(1));
    }

    let folder = load_folder(&target.folder, &root).folder;
    // What avv build publishes: a version from the commit that made it (a
    // customer's from the version it signed), changes no version names yet
    // as a draft.
    let head = Stamp { commit: avv_core::history::head_commit(&root) };
    let edition = Edition::read(&root, &folder, &head).context("cannot read the versions of the agreement from git")?;
    let (source, instance) = match (&target.instance, &args.version) {
        (Some(_), Some(version)) => bail!(
            "a customer's contract prints the version the customer signed, not `{version}`: leave the version out, or render the agreement's (`avv render {} {version}`)",
            target.folder.display()
        ),
        (Some(id), None) => {
            if let Some(unavailable) = edition.unavailable.iter().find(|u| u.id == *id) {
                bail!("{}", unavailable.reason());
            }
            let Some(customer) = edition.customer(id) else {
                bail!("`{}` has no customer instance `{id}`", target.folder.display());
            };
            (&customer.source, Some((id.as_str(), &customer.instance.value)))
        }
        (None, Some(version)) => match edition.published(version) {
            Some(source) => (source, None),
            None => bail!(
                "`{}` has no version `{version}` (its versions: {})",
                target.folder.display(),
                edition.versions().chain(edition.draft.as_ref()).map(|s| s.key.as_str()).collect::<Vec<_>>().join(", ")
            ),
        },
        (None, None) => (edition.latest(), None),
    };
    let loader = Loader::open(&root).context("cannot read the versions of the agreement from git")?;
    // A version with the templates of the commit that made it, as published.
    let templates = TemplateSets::new(&root)
        .of(source, loader.as_ref())
        .context("cannot read the templates of the version to render from git")?;
    let folder = source.folder(loader.as_ref()).context("cannot read the version to render from git")?;
    let epoch = avv_core::render::document_epoch(epoch, &source.stamp, loader.as_ref());
    let bytes = render_document(&templates, &folder, instance, format, &source.stamp, epoch)
        .with_context(|| format!("cannot render `{}`", args.path.display()))?;

    match &args.out {
        None => write_stdout_bytes(&bytes)?,
        Some(dir) => {
            let name = match &target.instance {
                Some(id) => format!("{}.{}", safe_name(id), format.extension()),
                None => edition.file(source, format.extension()),
            };
            let path = dir.join(name);
            write_atomically(&path, &bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
            write_stdout_bytes(format!("{}\n", path.display()).as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
