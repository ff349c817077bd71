//! The static site: every agreement and every customer instance as
//! Markdown, HTML and PDF, an index of the agreements and one page per
//! agreement.
//!
//! 1. Everything is validated first; with any error nothing is written and
//!    the report goes back to the caller.
//! 2. The site is written into a temporary folder beside the target
//!    (`.<name>.tmp-<pid>`), the documents rendered in parallel and each
//!    written to disk as soon as it is done.
//! 3. The finished folder replaces the old site by two renames, so a build
//!    that fails or is interrupted leaves the previous site as it was.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use thiserror::Error;

use super::document::{render_document, safe_name};
use super::edition::{Customer, Edition, Source};
use super::inline::{self, Flavor, PlaceholderText, Resolver};
use super::templates::striptags;
use super::view::{BlockView, ClauseView, DocumentView, InstanceInfo, PartView};
use super::{Format, RenderError, Stamp, Templates, document_view, published, synopsis};
use crate::diagnostic::Severity;
use crate::history::Loader;
use crate::load::{DiscoverError, Folder, agreement_folders, load_folder};
use crate::model::agreement::AgreementFile;
use crate::model::customer::CustomerFile;
use crate::model::numbering::german_date;
use crate::validate::{Report, validate_folders};

/// The file that marks a folder as a site avv built, and so as safe to
/// replace as a whole.
pub const MARKER: &str = ".avv-site";

/// What to build.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The repository root: `agreements/` is read from it, and a
    /// `templates/` folder in it overrides the default templates.
    pub root: PathBuf,
    /// The site folder; replaced as a whole.
    pub out: PathBuf,
    /// The commit the documents are stamped with.
    pub stamp: Stamp,
    /// The PDF creation time in seconds since 1970 (`SOURCE_DATE_EPOCH`).
    pub epoch: Option<i64>,
    /// The formats to publish, in the order the pages list them.
    pub formats: Vec<Format>,
    /// The folder for customer contracts that are not published (every
    /// instance without `publish = true`); replaced as a whole. `None`:
    /// they are not built at all.
    pub private_out: Option<PathBuf>,
}

impl SiteOptions {
    /// Every format, no commit, no epoch, customer contracts into
    /// `private/` in the repository root.
    pub fn new(root: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Self {
            private_out: Some(root.join("private")),
            root,
            out: out.into(),
            stamp: Stamp::default(),
            epoch: None,
            formats: vec![Format::Pdf, Format::Html, Format::Markdown],
        }
    }
}

/// Progress of a build, reported from the worker threads.
pub trait Progress: Sync {
    /// Validation passed; `files` files are about to be written.
    fn start(&self, files: usize);
    /// `file` (relative to the site) was written.
    fn wrote(&self, file: &Path);
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _files: usize) {}
    fn wrote(&self, _file: &Path) {}
}

/// What a build did.
#[derive(Debug)]
pub struct SiteReport {
    /// The validation findings (warnings and notes too).
    pub validation: Report,
    /// The site written, or `None` when validation found errors and
    /// nothing was written.
    pub site: Option<BuiltSite>,
}

/// A site written to disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltSite {
    /// The site folder.
    pub out: PathBuf,
    /// Its `index.html`.
    pub index: PathBuf,
    /// How many agreements it publishes.
    pub agreements: usize,
    /// How many documents (agreements and customer instances, per format).
    pub documents: usize,
    /// How many files were written.
    pub files: usize,
    /// The private folder of customer contracts, if one was written.
    pub private: Option<PathBuf>,
    /// How many documents it holds.
    pub private_documents: usize,
}

/// The file that marks a folder as avv's private output of customer
/// contracts, and so as safe to replace as a whole.
pub const PRIVATE_MARKER: &str = ".avv-private";

/// Why the site could not be built.
#[derive(Debug, Error)]
pub enum BuildError {
    /// The agreements could not be found.
    #[error("cannot find the agreements")]
    Discover(#[source] DiscoverError),
    /// The git history could not be read (e.g. a shallow clone).
    #[error("cannot read the history of the agreements")]
    History(#[source] crate::history::HistoryError),
    /// Two documents would be written to the same file.
    #[error("`{file}` would hold two documents ({first} and {second}); rename one of them")]
    NameClash {
        /// The file.
        file: PathBuf,
        /// The first document.
        first: String,
        /// The second.
        second: String,
    },
    /// The target is something other than a site avv built.
    #[error("`{0}` exists and is not a site avv built (no `{MARKER}` file); refusing to replace it")]
    NotASite(PathBuf),
    /// A document or page failed to render.
    #[error("cannot render `{document}`")]
    Render {
        /// The document (agreement id, customer, format).
        document: String,
        /// The cause.
        #[source]
        source: RenderError,
    },
    /// A file or folder could not be written.
    #[error("cannot write `{path}`")]
    Write {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The new site could not be moved into place.
    #[error("cannot move the new site into `{path}`")]
    Replace {
        /// The target.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// Validates every agreement under `options.root` and, when there is no
/// error, builds the site into `options.out`.
pub fn build_site(options: &SiteOptions, progress: &dyn Progress) -> Result<SiteReport, BuildError> {
    // A build killed earlier may have left its staging folder, or the
    // previous site moved aside and not back: first of all, tidy up.
    crate::tidy::restore_and_tidy(&options.out);
    if let Some(private) = &options.private_out {
        crate::tidy::restore_and_tidy(private);
    }
    let folders = agreement_folders(&[options.root.join("agreements")]).map_err(BuildError::Discover)?;
    let validation = validate_folders(&folders, &options.root);
    if validation.has_at_least(Severity::Error) {
        return Ok(SiteReport { validation, site: None });
    }
    check_replaceable(&options.out, MARKER)?;
    if let Some(private) = &options.private_out {
        check_replaceable(private, PRIVATE_MARKER)?;
    }
    let folders: Vec<Folder> = folders.par_iter().map(|dir| load_folder(dir, &options.root).folder).collect();
    // The history written from git: every version as committed, generated
    // version tables, Synopsen, feeds and drafts. Git access is sequential
    // (git2 handles are not shared between threads); rendering stays parallel.
    let mut editions = Vec::with_capacity(folders.len());
    for folder in &folders {
        let history = published::read(&options.root, &folder.id, folder).map_err(BuildError::History)?;
        editions.push(Edition::new(folder, history, &options.stamp));
    }
    let overrides = options.root.join("templates");
    let templates = Templates::new(overrides.is_dir().then_some(overrides.as_path()));
    let loader = Loader::open(&options.root).map_err(BuildError::History)?;
    let loader = loader.as_ref();

    let staging = sibling(&options.out, "tmp")?;
    remove_if_present(&staging)?;
    let private_staging = match &options.private_out {
        Some(private) => {
            let staging = sibling(private, "tmp")?;
            remove_if_present(&staging)?;
            Some(staging)
        }
        None => None,
    };
    let dirs = Dirs { public: &staging, private: private_staging.as_deref() };
    let built = write_site(&dirs, &editions, &templates, loader, options, progress).and_then(|built| {
        replace(&staging, &options.out)?;
        if let (Some(staging), Some(private)) = (&private_staging, &options.private_out) {
            replace(staging, private)?;
        }
        Ok(built)
    });
    match built {
        Ok(counts) => {
            let site = BuiltSite {
                out: options.out.clone(),
                index: options.out.join("index.html"),
                agreements: editions.len(),
                documents: counts.documents,
                files: counts.files,
                private: options.private_out.clone(),
                private_documents: counts.private_documents,
            };
            Ok(SiteReport { validation, site: Some(site) })
        }
        Err(error) => {
            // Best effort: the previous site is untouched either way.
            let _ = std::fs::remove_dir_all(&staging);
            if let Some(staging) = &private_staging {
                let _ = std::fs::remove_dir_all(staging);
            }
            Err(error)
        }
    }
}

/// One file of the site, rendered and written by one worker.
enum Job<'a> {
    /// The Synopse between two consecutive versions.
    Synopsis { old: &'a Source, new: &'a Source, format: Format, file: PathBuf },
    /// A file whose content is already known (the Atom feed).
    Text { content: String, file: PathBuf },
    /// A downloadable document; `private`: into the private output.
    Document {
        source: &'a Source,
        instance: Option<(&'a str, &'a CustomerFile)>,
        format: Format,
        file: PathBuf,
        private: bool,
    },
    /// An agreement's page.
    Page { edition: &'a Edition },
}

/// Where a build writes: the public site and the private output.
struct Dirs<'a> {
    public: &'a Path,
    private: Option<&'a Path>,
}

/// What a build wrote.
struct Counts {
    documents: usize,
    files: usize,
    private_documents: usize,
}

/// Writes the whole site into `dirs`; returns how many documents and files.
fn write_site(
    dirs: &Dirs<'_>,
    editions: &[Edition],
    templates: &Templates,
    loader: Option<&Loader>,
    options: &SiteOptions,
    progress: &dyn Progress,
) -> Result<Counts, BuildError> {
    let mut jobs = Vec::new();
    for edition in editions {
        let id = safe_name(&edition.id);
        for format in &options.formats {
            let ext = format.extension();
            for source in edition.versions().chain(edition.draft.iter()) {
                let file = Path::new(&id).join(edition.file(source, ext));
                jobs.push(Job::Document { source, instance: None, format: *format, file, private: false });
            }
            for customer in &edition.customers {
                // A customer's contract holds its name, address and number:
                // public only where the instance says so.
                let private = !customer.is_public();
                if private && dirs.private.is_none() {
                    continue;
                }
                let folder = if private { PathBuf::from(&id) } else { Path::new(&id).join("customers") };
                let file = folder.join(format!("{}.{ext}", safe_name(&customer.id)));
                jobs.push(Job::Document {
                    source: &customer.source,
                    instance: Some((&customer.id, &customer.instance.value)),
                    format: *format,
                    file,
                    private,
                });
            }
        }
        jobs.push(Job::Page { edition });
        let Some(history) = &edition.history else { continue };
        let versions: Vec<&Source> = edition.versions().collect();
        for pair in versions.windows(2) {
            let (old, new) = (pair[0], pair[1]);
            for format in [Format::Html, Format::Pdf] {
                if !options.formats.contains(&format) {
                    continue;
                }
                let file = Path::new(&id).join(synopsis_file(&old.key, &new.key, format));
                jobs.push(Job::Synopsis { old, new, format, file });
            }
        }
        jobs.push(Job::Text {
            content: published::atom_feed(&edition.id, &edition.title, history, "index.html"),
            file: Path::new(&id).join(FEED),
        });
    }
    check_names(&jobs)?;
    let private_documents = jobs.iter().filter(|job| matches!(job, Job::Document { private: true, .. })).count();
    let documents = jobs.iter().filter(|job| matches!(job, Job::Document { .. } | Job::Synopsis { .. })).count()
        - private_documents;
    // The jobs, the index, the stylesheet and the marker; the private marker and index.
    let files = jobs.len() + 3 + if dirs.private.is_some() { 2 } else { 0 };
    progress.start(files);

    let dir = dirs.public;
    create_dir(dir)?;
    write(dir, Path::new(MARKER), b"A site built by avv. `avv build` replaces this folder as a whole.\n", progress)?;
    if let Some(private) = dirs.private {
        create_dir(private)?;
        write(
            private,
            Path::new(PRIVATE_MARKER),
            b"Customer contracts built by avv: personal data, never to be published or committed. `avv build` replaces this folder as a whole.\n",
            progress,
        )?;
        let listing = private_index(editions, options);
        write(private, Path::new("index.html"), listing.as_bytes(), progress)?;
        for edition in editions {
            if edition.customers.iter().any(|c| !c.is_public()) {
                create_dir(&private.join(safe_name(&edition.id)))?;
            }
        }
    }
    let css =
        templates.source("style.css").map_err(|source| BuildError::Render { document: "style.css".into(), source })?;
    write(dir, Path::new("style.css"), css.as_bytes(), progress)?;
    for edition in editions {
        let id = safe_name(&edition.id);
        create_dir(&dir.join(&id))?;
        if edition.customers.iter().any(Customer::is_public) {
            create_dir(&dir.join(&id).join("customers"))?;
        }
    }

    jobs.par_iter().try_for_each(|job| match job {
        Job::Document { source, instance, format, file, private } => {
            let folder = source.folder(loader).map_err(BuildError::History)?;
            let bytes = render_document(templates, &folder, *instance, *format, &source.stamp, options.epoch)
                .map_err(|error| BuildError::Render { document: file.display().to_string(), source: error })?;
            let target = if *private { dirs.private.unwrap_or(dir) } else { dir };
            write(target, file, &bytes, progress)
        }
        Job::Synopsis { old, new, format, file } => {
            let bytes = render_synopsis_file(templates, old, new, *format, loader, options)?;
            write(dir, file, &bytes, progress)
        }
        Job::Text { content, file } => write(dir, file, content.as_bytes(), progress),
        Job::Page { edition } => {
            let file = Path::new(&safe_name(&edition.id)).join("index.html");
            let page = agreement_page(edition, loader, options)?;
            let page = templates
                .render("site-agreement.html.j2", &page)
                .map_err(|source| BuildError::Render { document: file.display().to_string(), source })?;
            write(dir, &file, page.as_bytes(), progress)
        }
    })?;

    let index = index_page(editions, loader, options)?;
    let index = templates
        .render("site-index.html.j2", &index)
        .map_err(|source| BuildError::Render { document: "index.html".into(), source })?;
    write(dir, Path::new("index.html"), index.as_bytes(), progress)?;
    Ok(Counts { documents, files, private_documents })
}

/// Refuses a build in which two documents would be written to one file
/// (names reduced to safe characters can meet: `1.0 final` and `1.0-final`),
/// so that no document silently replaces another.
fn check_names(jobs: &[Job<'_>]) -> Result<(), BuildError> {
    // Keyed by the name folded to lower case: file systems that fold case
    // would merge `A.pdf` and `a.pdf`.
    let mut seen: std::collections::HashMap<(bool, String), String> = std::collections::HashMap::new();
    for job in jobs {
        let (private, file, what) = match job {
            Job::Document { file, private, source, instance, .. } => (
                *private,
                file.as_path(),
                match instance {
                    Some((id, _)) => format!("customer instance `{id}`"),
                    None => format!("{} version {}", source.id, source.label),
                },
            ),
            Job::Synopsis { file, old, new, .. } => {
                (false, file.as_path(), format!("Synopse {} → {}", old.label, new.label))
            }
            Job::Text { file, .. } => (false, file.as_path(), "the feed".to_owned()),
            Job::Page { .. } => continue,
        };
        let key = (private, file.to_string_lossy().to_lowercase());
        if let Some(first) = seen.get(&key) {
            return Err(BuildError::NameClash { file: file.to_path_buf(), first: first.clone(), second: what });
        }
        seen.insert(key, what);
    }
    Ok(())
}

/// The private output's index: each agreement's unpublished customer
/// contracts, for the processor to hand to each customer.
fn private_index(editions: &[Edition], options: &SiteOptions) -> String {
    let x = |text: &str| inline::escape(text, Flavor::Html);
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" content=\"noindex\">\n<title>Kundenverträge (vertraulich)</title>\n</head>\n<body>\n<h1>Kundenverträge (vertraulich)</h1>\n<p>Personenbezogene Daten: nicht veröffentlichen, nicht einchecken. Jeder Kunde erhält nur seinen eigenen Vertrag.</p>\n",
    );
    for edition in editions {
        let private: Vec<_> = edition.customers.iter().filter(|c| !c.is_public()).collect();
        if private.is_empty() {
            continue;
        }
        out.push_str(&format!("<h2>{}</h2>\n<ul>\n", x(&edition.id)));
        for customer in private {
            let links: Vec<String> = options
                .formats
                .iter()
                .map(|format| {
                    let href = format!("{}/{}.{}", safe_name(&edition.id), safe_name(&customer.id), format.extension());
                    format!("<a href=\"{}\">{}</a>", x(&href), format.extension().to_uppercase())
                })
                .collect();
            out.push_str(&format!(
                "<li>{} (Version {}): {}</li>\n",
                x(&customer.id),
                x(&customer.instance.value.instance.version),
                links.join(" ")
            ));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The index page's view.
#[derive(Debug, Serialize)]
pub struct IndexView {
    /// "avv 0.1.0".
    pub generator: String,
    /// The commit, shortened, if known.
    pub commit: Option<String>,
    /// Every agreement, links relative to the site root.
    pub agreements: Vec<AgreementEntry>,
}

/// An agreement in the index and at the top of its page.
#[derive(Debug, Serialize)]
pub struct AgreementEntry {
    /// The agreement id.
    pub id: String,
    /// The title (HTML).
    pub title: String,
    /// The subtitle (HTML).
    pub subtitle: Option<String>,
    /// `template`, `standard` or `annex`.
    pub kind: String,
    /// The kind in German ("Vorlage").
    pub kind_label: &'static str,
    /// The current version.
    pub version: String,
    /// The version date as printed.
    pub date: Option<String>,
    /// The version date, ISO 8601.
    pub date_iso: Option<String>,
    /// The status code.
    pub status: String,
    /// The status in words.
    pub status_label: String,
    /// Link to the agreement's page.
    pub page: String,
    /// Links to the document in every format.
    pub downloads: Vec<Download>,
    /// How many customer instances are published.
    pub customers: usize,
}

/// A link to a document file.
#[derive(Debug, Serialize)]
pub struct Download {
    /// "PDF", "HTML", "Markdown".
    pub label: &'static str,
    /// The file extension.
    pub format: &'static str,
    /// The link.
    pub href: String,
}

/// An agreement's page.
#[derive(Debug, Serialize)]
pub struct AgreementPageView {
    /// "avv 0.1.0".
    pub generator: String,
    /// The commit, shortened, if known.
    pub commit: Option<String>,
    /// The agreement, links relative to the page.
    pub agreement: AgreementEntry,
    /// The document itself.
    pub document: DocumentView,
    /// The in-page navigation.
    pub nav: Vec<NavLink>,
    /// The version table.
    pub versions: VersionTable,
    /// The customer instances.
    pub customers: Vec<CustomerEntry>,
    /// Earlier versions, each at its stable URL.
    pub archive: Vec<ArchiveEntry>,
    /// The Synopsen between consecutive versions.
    pub synopses: Vec<SynopsisLink>,
    /// Changes no version names yet, published as a draft.
    pub draft: Option<DraftEntry>,
    /// The Atom feed of sub-processor changes, relative to the page.
    pub feed: Option<String>,
}

/// An earlier version of the agreement.
#[derive(Debug, Serialize)]
pub struct ArchiveEntry {
    /// The version.
    pub version: String,
    /// Its documents.
    pub downloads: Vec<Download>,
}

/// Unpublished changes, as a draft.
#[derive(Debug, Serialize)]
pub struct DraftEntry {
    /// What it is ("Entwurf: unveröffentlichte Änderungen seit Version 1.8"), escaped.
    pub note: String,
    /// Its documents.
    pub downloads: Vec<Download>,
}

/// The Synopse between two versions.
#[derive(Debug, Serialize)]
pub struct SynopsisLink {
    /// "1.7 → 1.8".
    pub label: String,
    /// The Synopse in HTML and PDF.
    pub downloads: Vec<Download>,
}

/// The file name of an agreement's Atom feed.
pub const FEED: &str = "unterauftragnehmer.atom";

/// The file of the Synopse between two versions.
fn synopsis_file(from: &str, to: &str, format: Format) -> String {
    format!("synopse-{}-{}.{}", safe_name(from), safe_name(to), format.extension())
}

/// Renders a Synopse as HTML or PDF bytes, stamped with the later version's commit.
fn render_synopsis_file(
    templates: &Templates,
    old: &Source,
    new: &Source,
    format: Format,
    loader: Option<&Loader>,
    options: &SiteOptions,
) -> Result<Vec<u8>, BuildError> {
    let document = || format!("Synopse {} → {}", old.label, new.label);
    let stamp = &new.stamp;
    let (old, new) =
        (old.folder(loader).map_err(BuildError::History)?, new.folder(loader).map_err(BuildError::History)?);
    let (old, new) = (&old, &new);
    synopsis_bytes(templates, old, new, stamp, format, options)
        .map_err(|source| BuildError::Render { document: document(), source })
}

fn synopsis_bytes(
    templates: &Templates,
    old: &Folder,
    new: &Folder,
    stamp: &Stamp,
    format: Format,
    options: &SiteOptions,
) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Pdf => {
            let source = synopsis::render_synopsis(templates, old, new, Flavor::Typst, stamp)?;
            let meta = new.agreement.as_ref().map(|a| &a.value.meta);
            let pdf_options = super::pdf::PdfOptions {
                ident: format!(
                    "avv/{}/synopse/{}-{}",
                    new.id,
                    old.agreement.as_ref().map_or("", |a| a.value.meta.version.as_str()),
                    meta.map_or("", |m| m.version.as_str())
                ),
                epoch: options.epoch,
                date: meta.and_then(|m| m.date),
                creator: Some(generator()),
            };
            super::pdf::typst_to_pdf(&source, &pdf_options)
        }
        _ => synopsis::render_synopsis(templates, old, new, Flavor::Html, stamp).map(String::into_bytes),
    }
}

/// An entry of the in-page navigation.
#[derive(Debug, Serialize)]
pub struct NavLink {
    /// The anchor, with `#`.
    pub href: String,
    /// The text (HTML).
    pub label: String,
}

/// The table of versions.
#[derive(Debug, Serialize)]
pub struct VersionTable {
    /// Column headers.
    pub columns: Vec<String>,
    /// Rows, oldest first.
    pub rows: Vec<VersionRow>,
}

/// One version.
#[derive(Debug, Serialize)]
pub struct VersionRow {
    /// Whether this is the published version.
    pub current: bool,
    /// The cells (HTML).
    pub cells: Vec<String>,
}

/// A customer instance on its agreement's page.
#[derive(Debug, Serialize)]
pub struct CustomerEntry {
    /// The instance as the document shows it.
    pub instance: InstanceInfo,
    /// Links to the instance in every format.
    pub downloads: Vec<Download>,
}

fn generator() -> String {
    format!("avv {}", env!("CARGO_PKG_VERSION"))
}

fn short_commit(stamp: &Stamp) -> Option<String> {
    stamp.commit.as_ref().map(|c| c.chars().take(12).collect())
}

fn index_page(editions: &[Edition], loader: Option<&Loader>, options: &SiteOptions) -> Result<IndexView, BuildError> {
    let agreements = editions
        .iter()
        .map(|edition| {
            let folder = edition.current.folder(loader).map_err(BuildError::History)?;
            let view = document_view(&folder, None, Flavor::Html, &edition.current.stamp)
                .map_err(|source| BuildError::Render { document: "index.html".into(), source })?;
            let prefix = format!("{}/", safe_name(&edition.id));
            Ok(entry(edition, &view, &prefix, options))
        })
        .collect::<Result<_, BuildError>>()?;
    Ok(IndexView { generator: generator(), commit: short_commit(&options.stamp), agreements })
}

fn entry(edition: &Edition, view: &DocumentView, prefix: &str, options: &SiteOptions) -> AgreementEntry {
    let info = &view.agreement;
    AgreementEntry {
        id: inline::escape(&edition.id, Flavor::Html),
        title: info.title.clone(),
        subtitle: info.subtitle.clone(),
        kind: info.kind.clone(),
        kind_label: match info.kind.as_str() {
            "template" => "Vorlage",
            "standard" => "Standardvertrag",
            _ => "Anlage",
        },
        version: info.version.clone(),
        date: info.date.clone(),
        date_iso: info.date_iso.clone(),
        status: info.status.clone(),
        status_label: info.status_label.clone(),
        page: format!("{prefix}index.html"),
        downloads: downloads(&options.formats, |format| {
            format!("{prefix}{}", edition.file(&edition.current, format.extension()))
        }),
        customers: edition.customers.iter().filter(|c| c.is_public()).count(),
    }
}

fn downloads(formats: &[Format], href: impl Fn(Format) -> String) -> Vec<Download> {
    formats
        .iter()
        .map(|&format| Download {
            label: match format {
                Format::Pdf => "PDF",
                Format::Html => "HTML",
                Format::Markdown => "Markdown",
            },
            format: format.extension(),
            href: href(format),
        })
        .collect()
}

fn agreement_page(
    edition: &Edition,
    loader: Option<&Loader>,
    options: &SiteOptions,
) -> Result<AgreementPageView, BuildError> {
    let current = &edition.current;
    let folder = &current.folder(loader).map_err(BuildError::History)?;
    let page = || Path::new(&safe_name(&edition.id)).join("index.html").display().to_string();
    agreement_page_of(edition, folder, loader, options).map_err(|error| match error {
        PageError::Render(source) => BuildError::Render { document: page(), source },
        PageError::Build(error) => error,
    })
}

/// Why a page could not be made.
enum PageError {
    Render(RenderError),
    Build(BuildError),
}

impl From<RenderError> for PageError {
    fn from(error: RenderError) -> Self {
        Self::Render(error)
    }
}

fn agreement_page_of(
    edition: &Edition,
    folder: &Folder,
    loader: Option<&Loader>,
    options: &SiteOptions,
) -> Result<AgreementPageView, PageError> {
    let current = &edition.current;
    let agreement = &folder.agreement.as_ref().ok_or_else(|| RenderError::NoAgreement(folder.id.clone()))?.value;
    let document = document_view(folder, None, Flavor::Html, &current.stamp)?;
    let customers = edition
        .customers
        .iter()
        .filter(|customer| customer.is_public())
        .map(|customer| {
            let source = customer.source.folder(loader).map_err(|e| PageError::Build(BuildError::History(e)))?;
            let view = document_view(
                &source,
                Some((&customer.id, &customer.instance.value)),
                Flavor::Html,
                &customer.source.stamp,
            )?;
            let instance = view.instance.ok_or_else(|| RenderError::NoAgreement(folder.id.clone()))?;
            let downloads = downloads(&options.formats, |format| {
                format!("customers/{}.{}", safe_name(&customer.id), format.extension())
            });
            Ok(CustomerEntry { instance, downloads })
        })
        .collect::<Result<Vec<_>, PageError>>()?;
    let label = if agreement.meta.kind.to_string() == "annex" { "Dokument" } else { "Vertrag" };
    let mut nav = vec![NavLink { href: "#Dokument".into(), label: label.into() }];
    nav.extend(part_links(&document));
    nav.push(NavLink { href: "#Versionen".into(), label: "Versionen".into() });
    if !customers.is_empty() {
        nav.push(NavLink { href: "#Kundenfassungen".into(), label: "Kundenfassungen".into() });
    }
    nav.push(NavLink { href: "#Downloads".into(), label: "Downloads".into() });
    let archive = edition
        .archive
        .iter()
        .map(|source| ArchiveEntry {
            version: inline::escape(&source.label, Flavor::Html),
            downloads: downloads(&options.formats, |format| edition.file(source, format.extension())),
        })
        .collect();
    let versions: Vec<&Source> = edition.versions().collect();
    let synopses = if edition.history.is_some() {
        versions
            .windows(2)
            .map(|pair| SynopsisLink {
                label: inline::escape(&format!("{} → {}", pair[0].label, pair[1].label), Flavor::Html),
                downloads: downloads(
                    &options.formats.iter().copied().filter(|f| *f != Format::Markdown).collect::<Vec<_>>(),
                    |format| synopsis_file(&pair[0].key, &pair[1].key, format),
                ),
            })
            .collect()
    } else {
        Vec::new()
    };
    let draft = edition.draft.as_ref().map(|source| DraftEntry {
        note: inline::escape(
            &source.draft_after.as_ref().map_or_else(|| "Entwurf".to_owned(), |latest| published::draft_note(latest)),
            Flavor::Html,
        ),
        downloads: downloads(&options.formats, |format| edition.file(source, format.extension())),
    });
    Ok(AgreementPageView {
        generator: generator(),
        commit: short_commit(&current.stamp),
        agreement: entry(edition, &document, "", options),
        archive,
        synopses,
        draft,
        feed: edition.history.as_ref().map(|_| FEED.to_owned()),
        nav,
        versions: version_table(agreement),
        customers,
        document,
    })
}

/// Links to the annexes, the sub-processor list (an annex of its own or the
/// clause that prints it) and the TOM annex.
fn part_links(document: &DocumentView) -> Vec<NavLink> {
    let heading = |num: &Option<String>, title: Option<&String>, fallback: &str| {
        let title = title.map(|t| striptags(t)).unwrap_or_else(|| fallback.to_owned());
        match num {
            Some(num) => format!("{num}: {title}"),
            None => title,
        }
    };
    let mut links = Vec::new();
    for part in &document.parts {
        match part {
            PartView::Body { clauses, .. } => {
                if let Some(clause) = clause_with_subprocessors(clauses) {
                    links.push(NavLink { href: format!("#{}", clause.id), label: "Unterauftragnehmer".into() });
                }
            }
            PartView::Annex { id, num, title, clauses, .. } => {
                links.push(NavLink { href: format!("#{id}"), label: heading(num, title.as_ref(), "Anhang") });
                if let Some(clause) = clause_with_subprocessors(clauses) {
                    links.push(NavLink { href: format!("#{}", clause.id), label: "Unterauftragnehmer".into() });
                }
            }
            PartView::Subprocessors { id, num, title, .. } => {
                links.push(NavLink {
                    href: format!("#{id}"),
                    label: heading(num, title.as_ref(), "Unterauftragnehmer"),
                });
            }
            PartView::Tom { id, num, title, .. } => {
                links.push(NavLink { href: format!("#{id}"), label: heading(num, Some(title), "TOM") });
            }
            _ => {}
        }
    }
    links
}

fn clause_with_subprocessors(clauses: &[ClauseView]) -> Option<&ClauseView> {
    clauses.iter().find_map(|clause| {
        if clause.blocks.iter().any(|b| matches!(b, BlockView::Subprocessors { .. })) {
            Some(clause)
        } else {
            clause_with_subprocessors(&clause.clauses)
        }
    })
}

/// Placeholders in a version table print as blanks; it has no footnotes.
struct NoData;

impl Resolver for NoData {
    fn placeholder(&self, _key: &str) -> PlaceholderText {
        PlaceholderText::Blank("_____".to_owned())
    }

    fn footnote(&self, _id: &str) -> Option<usize> {
        None
    }
}

/// The version table: the imported history where there is one, else the
/// current version alone.
fn version_table(agreement: &AgreementFile) -> VersionTable {
    let meta = &agreement.meta;
    let plain = |text: &str| inline::escape(text, Flavor::Html);
    let rich = |text: &str| inline::render(text, Flavor::Html, &NoData);
    let date = |date| german_date(date, crate::model::codes::DateStyle::Numeric);
    match &agreement.history {
        Some(history) if !history.row.is_empty() => VersionTable {
            columns: history.columns.iter().map(|c| plain(c)).collect(),
            rows: history
                .row
                .iter()
                .map(|row| VersionRow {
                    current: row.version == meta.version,
                    cells: vec![
                        plain(&row.version),
                        plain(&row.status),
                        row.date.map(|d| plain(&date(d))).unwrap_or_default(),
                        rich(&row.responsible),
                        rich(&row.change),
                    ],
                })
                .collect(),
        },
        _ => VersionTable {
            columns: ["Version", "Status", "Datum", "Verantwortlich"].map(plain).to_vec(),
            rows: vec![VersionRow {
                current: true,
                cells: vec![
                    plain(&meta.version),
                    plain(meta.status_label.as_deref().unwrap_or(meta.status.code())),
                    meta.date.map(|d| plain(&date(d))).unwrap_or_default(),
                    meta.responsible.as_deref().map(plain).unwrap_or_default(),
                ],
            }],
        },
    }
}

/// A site folder may be replaced only when it is missing, empty or marked
/// as built by avv: `--out .` must never remove a repository.
fn check_replaceable(out: &Path, marker: &str) -> Result<(), BuildError> {
    match std::fs::symlink_metadata(out) {
        Err(_) => Ok(()),
        Ok(metadata) if metadata.is_dir() => {
            let empty = std::fs::read_dir(out).map(|mut entries| entries.next().is_none()).unwrap_or(false);
            if empty || out.join(marker).is_file() { Ok(()) } else { Err(BuildError::NotASite(out.to_path_buf())) }
        }
        Ok(_) => Err(BuildError::NotASite(out.to_path_buf())),
    }
}

/// `.<name>.<what>-<pid>` beside `out`, creating the parent folder.
fn sibling(out: &Path, what: &str) -> Result<PathBuf, BuildError> {
    let name = out.file_name().ok_or_else(|| BuildError::NotASite(out.to_path_buf()))?;
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_dir(&parent)?;
    Ok(parent.join(format!(".{}.{what}-{}", name.to_string_lossy(), std::process::id())))
}

/// Moves the finished site into place: the old site aside, the new one in,
/// the old one removed. If the second rename fails the old site goes back.
fn replace(staging: &Path, out: &Path) -> Result<(), BuildError> {
    let replace_error = |source| BuildError::Replace { path: out.to_path_buf(), source };
    let old = sibling(out, "old")?;
    remove_if_present(&old)?;
    let had_old = std::fs::symlink_metadata(out).is_ok();
    if had_old {
        std::fs::rename(out, &old).map_err(replace_error)?;
    }
    if let Err(error) = std::fs::rename(staging, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(replace_error(error));
    }
    if had_old {
        // The new site is in place; a leftover old copy is only clutter.
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> Result<(), BuildError> {
    match std::fs::remove_dir_all(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(BuildError::Write { path: path.to_path_buf(), source: error })
        }
        _ => Ok(()),
    }
}

fn create_dir(path: &Path) -> Result<(), BuildError> {
    std::fs::create_dir_all(path).map_err(|source| BuildError::Write { path: path.to_path_buf(), source })
}

fn write(dir: &Path, file: &Path, bytes: &[u8], progress: &dyn Progress) -> Result<(), BuildError> {
    let path = dir.join(file);
    std::fs::write(&path, bytes).map_err(|source| BuildError::Write { path, source })?;
    progress.wrote(file);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository with the render fixture as `agreements/acme` and a
    /// second agreement `beta` made from it.
    fn repository() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render/acme");
        copy_dir(&fixture, &tmp.path().join("agreements/acme"));
        let beta = tmp.path().join("agreements/beta");
        copy_dir(&fixture, &beta);
        std::fs::remove_dir_all(beta.join("customers")).unwrap();
        let agreement = std::fs::read_to_string(beta.join("agreement.toml")).unwrap();
        let agreement = agreement
            .replace("id = \"acme\"", "id = \"beta\"")
            .replace("title = \"Vertrag zur Auftragsverarbeitung\"", "title = \"Beta-Vertrag\"");
        std::fs::write(beta.join("agreement.toml"), agreement).unwrap();
        tmp
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &to.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }

    /// Text formats only: PDF is covered once, it is slow in debug builds.
    fn options(root: &Path) -> SiteOptions {
        SiteOptions { formats: vec![Format::Html, Format::Markdown], ..SiteOptions::new(root, root.join("site")) }
    }

    fn leftovers(root: &Path) -> Vec<String> {
        std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".site."))
            .collect()
    }

    struct Count(std::sync::atomic::AtomicUsize, std::sync::atomic::AtomicUsize);

    impl Progress for Count {
        fn start(&self, files: usize) {
            self.0.store(files, std::sync::atomic::Ordering::SeqCst);
        }
        fn wrote(&self, _file: &Path) {
            self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    #[test]
    fn index_lists_every_agreement_and_pages_link_their_files() {
        let repo = repository();
        let count = Count(0.into(), 0.into());
        let report = build_site(&options(repo.path()), &count).unwrap();
        let site = report.site.expect("the fixture is valid");
        assert_eq!(site.agreements, 2);
        // acme and beta, two formats each; acme's customer only in the private folder.
        assert_eq!(site.documents, 4);
        assert_eq!(site.private_documents, 2);
        assert_eq!(count.0.load(std::sync::atomic::Ordering::SeqCst), site.files);
        assert_eq!(count.1.load(std::sync::atomic::Ordering::SeqCst), site.files);

        let out = repo.path().join("site");
        let index = std::fs::read_to_string(out.join("index.html")).unwrap();
        for link in ["acme/index.html", "acme/acme-1.6.html", "acme/acme-1.6.md", "beta/index.html", "beta/beta-1.6.md"]
        {
            assert!(index.contains(&format!("href=\"{link}\"")), "index lacks {link}");
            assert!(out.join(link).is_file(), "{link} missing");
        }
        assert!(index.contains("Beta-Vertrag"));
        assert!(!index.contains(".pdf"), "PDF was not asked for");

        let page = std::fs::read_to_string(out.join("acme/index.html")).unwrap();
        for anchor in ["#Dokument", "#unterauftragnehmer-liste", "#tom", "#Versionen"] {
            assert!(page.contains(&format!("href=\"{anchor}\"")), "page nav lacks {anchor}");
            assert!(page.contains(&format!("id=\"{}\"", &anchor[1..])), "page lacks the target of {anchor}");
        }
        // The customer's contract is private: not linked, not published.
        assert!(!page.contains("Kundenfassungen") && !page.contains("customers/"));
        assert!(!out.join("acme/customers").exists());
        let private = repo.path().join("private");
        assert!(private.join("acme/kunde.md").is_file() && private.join(PRIVATE_MARKER).is_file());
        assert!(std::fs::read_to_string(private.join("index.html")).unwrap().contains("href=\"acme/kunde.html\""));
        assert!(out.join("style.css").is_file() && out.join(MARKER).is_file());
        assert!(leftovers(repo.path()).is_empty(), "{:?}", leftovers(repo.path()));
    }

    #[test]
    fn pdfs_are_published_beside_the_text_formats() {
        let repo = repository();
        std::fs::remove_dir_all(repo.path().join("agreements/beta")).unwrap();
        let options =
            SiteOptions { epoch: Some(1_700_000_000), ..SiteOptions::new(repo.path(), repo.path().join("site")) };
        let site = build_site(&options, &Quiet).unwrap().site.unwrap();
        assert_eq!((site.documents, site.private_documents), (3, 3));
        for file in ["site/acme/acme-1.6.pdf", "private/acme/kunde.pdf"] {
            let bytes = std::fs::read(repo.path().join(file)).unwrap();
            assert!(bytes.starts_with(b"%PDF-"), "{file}");
        }
    }

    #[test]
    fn a_failing_build_leaves_the_old_site() {
        let repo = repository();
        let options = options(repo.path());
        build_site(&options, &Quiet).unwrap().site.unwrap();
        let index = options.out.join("index.html");
        let before = std::fs::read(&index).unwrap();

        // A template bug fails the build half-way.
        std::fs::create_dir(repo.path().join("templates")).unwrap();
        std::fs::write(repo.path().join("templates/document.md.j2"), "{{ no_such_variable }}\n").unwrap();
        std::fs::write(repo.path().join("agreements/beta/agreement.toml"), {
            let text = std::fs::read_to_string(repo.path().join("agreements/beta/agreement.toml")).unwrap();
            text.replace("Beta-Vertrag", "Gamma-Vertrag")
        })
        .unwrap();
        let error = build_site(&options, &Quiet).unwrap_err();
        assert!(matches!(error, BuildError::Render { .. }), "{error}");
        assert_eq!(std::fs::read(&index).unwrap(), before);
        assert!(leftovers(repo.path()).is_empty(), "{:?}", leftovers(repo.path()));

        // Findings with errors: nothing is written at all.
        std::fs::remove_dir_all(repo.path().join("templates")).unwrap();
        std::fs::write(repo.path().join("agreements/beta/tom.toml"), "schema_version = [").unwrap();
        let report = build_site(&options, &Quiet).unwrap();
        assert!(report.site.is_none());
        assert!(report.validation.has_at_least(Severity::Error));
        assert_eq!(std::fs::read(&index).unwrap(), before);
        assert!(leftovers(repo.path()).is_empty());
    }

    #[test]
    fn two_documents_never_share_a_file() {
        let source = |label: &str| Source {
            id: "x".into(),
            origin: super::super::edition::Origin::Memory(Default::default()),
            printed: None,
            draft_after: None,
            stamp: Stamp::default(),
            key: label.to_owned(),
            label: label.to_owned(),
        };
        let (a, b) = (source("1.0 final"), source("1.0-final"));
        let job = |source: &'static Source, file: &str| Job::Document {
            source,
            instance: None,
            format: Format::Html,
            file: PathBuf::from(file),
            private: false,
        };
        let (a, b): (&'static Source, &'static Source) = (Box::leak(Box::new(a)), Box::leak(Box::new(b)));
        let clash = check_names(&[job(a, "x/x-1.0-final.html"), job(b, "x/x-1.0-final.html")]).unwrap_err();
        assert!(clash.to_string().contains("would hold two documents"), "{clash}");
        // Case folding file systems would merge these too.
        assert!(check_names(&[job(a, "x/x-1.0a.html"), job(b, "x/x-1.0A.html")]).is_err());
        // The same name in the site and in the private output is fine.
        let private =
            Job::Document { source: a, instance: None, format: Format::Html, file: "x/k.html".into(), private: true };
        assert!(check_names(&[job(b, "x/k.html"), private]).is_ok());
    }

    #[test]
    fn a_folder_avv_did_not_build_is_never_replaced() {
        let repo = repository();
        let out = repo.path().join("site");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let error = build_site(&options(repo.path()), &Quiet).unwrap_err();
        assert!(matches!(error, BuildError::NotASite(_)), "{error}");
        assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        // An empty folder is fine.
        std::fs::remove_file(out.join("notes.txt")).unwrap();
        assert!(build_site(&options(repo.path()), &Quiet).unwrap().site.is_some());
    }

    #[test]
    fn hostile_names_stay_text_on_the_pages() {
        let repo = repository();
        // Published on purpose, so that its name is on the page.
        let customer = repo.path().join("agreements/acme/customers/kunde.toml");
        let text = std::fs::read_to_string(&customer).unwrap();
        std::fs::write(&customer, text.replacen("[instance]\n", "[instance]\npublish = true\n", 1)).unwrap();
        build_site(&options(repo.path()), &Quiet).unwrap().site.unwrap();
        let out = repo.path().join("site");
        for page in ["index.html", "acme/index.html", "acme/acme-1.6.html", "acme/customers/kunde.html"] {
            let html = std::fs::read_to_string(out.join(page)).unwrap().to_lowercase();
            assert!(!html.contains("<script"), "{page}");
            assert!(!html.contains("<img"), "{page}");
        }
        let page = std::fs::read_to_string(out.join("acme/index.html")).unwrap();
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"), "the customer's name on the page");
    }
}
