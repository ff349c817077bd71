//! Rendering: agreements and customer instances to Markdown, HTML, PDF
//! (through typst) and DOCX, and the static site.
//!
//! Data flows one way: a loaded [`Folder`] (and optionally one customer
//! instance) becomes a [`view::DocumentView`] in which every text is already
//! escaped for the output format; a minijinja template turns the view into
//! the document. DOCX is written from the view by [`docx`] instead of a
//! template.

pub mod admission;
pub mod cache;
pub mod document;
pub mod docx;
pub mod edition;
pub mod feed;
pub mod inline;
pub mod pdf;
pub mod published;
pub mod site;
pub mod synopsis;
pub mod template_sets;
pub mod templates;
pub mod trace;
pub mod view;

use thiserror::Error;

use crate::load::Folder;
use crate::model::customer::CustomerFile;
use inline::Flavor;
pub use template_sets::TemplateSets;
pub use templates::Templates;
use view::{Source, Trace};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
    /// PDF (through typst).
    Pdf,
    /// DOCX (Word), for review and redlining.
    Docx,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
}

/// Why a document could not be rendered.
#[derive(Debug, Error)]
pub enum RenderError {
    /// A template failed (syntax, undefined variable, …).
    #[error("template `{name}`{}: {message}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Template {
        /// The template's name.
        name: String,
        /// The line, where known.
        line: Option<usize>,
        /// What went wrong.
        message: String,
    },
    /// The folder has no agreement.toml that parsed.
    #[error("agreement `{0}` has no valid agreement.toml")]
    NoAgreement(String),
    /// The PDF engine failed.
    #[error("PDF generation failed: {0}")]
    Pdf(String),
    /// The DOCX could not be written.
    #[error("DOCX generation failed: {0}")]
    Docx(String),
}

/// Metadata stamped on every document.
#[derive(Debug, Clone, Default)]
pub struct Stamp {
    /// The git commit the data comes from.
    pub commit: Option<String>,
}

/// The creation time a PDF of a document stamped `stamp` carries:
/// `SOURCE_DATE_EPOCH` (`explicit`) when set, else the time of the commit
/// the document comes from. A document is then the same bytes in every
/// build of its commit, and the render cache holds across commits; only
/// a document from outside git is dated by the clock.
pub fn document_epoch(explicit: Option<i64>, stamp: &Stamp, loader: Option<&crate::history::Loader>) -> Option<i64> {
    explicit.or_else(|| loader.zip(stamp.commit.as_deref()).and_then(|(loader, commit)| loader.commit_time(commit)))
}

/// Renders one document (an agreement, or one customer instance of it) as
/// Markdown or HTML text, or as typst source for the PDF engine.
pub fn render_text(
    templates: &Templates,
    folder: &Folder,
    instance: Option<(&str, &CustomerFile)>,
    flavor: Flavor,
    stamp: &Stamp,
) -> Result<String, RenderError> {
    let view = document_view(folder, instance, flavor, stamp)?;
    let name = match flavor {
        // Plain text and DOCX run markup have no template of their own.
        Flavor::Markdown | Flavor::Plain | Flavor::Docx => "document.md.j2",
        Flavor::Html => "document.html.j2",
        Flavor::Typst => "document.typ.j2",
    };
    templates.render(name, &view)
}

/// The view of one document, escaped for `flavor`, with its trace line: what
/// [`render_text`] hands the document template, and what the site's pages
/// embed.
pub fn document_view(
    folder: &Folder,
    instance: Option<(&str, &CustomerFile)>,
    flavor: Flavor,
    stamp: &Stamp,
) -> Result<view::DocumentView, RenderError> {
    let source = Source { folder, instance: instance.map(|(_, c)| c), instance_id: instance.map(|(id, _)| id) };
    let hash = trace::data_hash(folder, source.instance);
    let generator = format!("avv {}", env!("CARGO_PKG_VERSION"));
    let trace = Trace { commit: stamp.commit.clone(), sha256: hash, generator, line: String::new() };
    let mut view = view::build(&source, flavor, trace).ok_or_else(|| RenderError::NoAgreement(folder.id.clone()))?;
    view.trace.line = inline::escape(&trace_line(folder, instance.map(|(id, _)| id), &view.trace), flavor);
    Ok(view)
}

/// The controller's name and address lines as `instance`'s contract
/// prints them (its blanks filled), as plain text; `None` without an
/// agreement or a controller.
pub fn controller_address(folder: &Folder, instance: (&str, &CustomerFile)) -> Option<Vec<String>> {
    view::controller_lines(&Source { folder, instance: Some(instance.1), instance_id: Some(instance.0) })
}

/// Renders one document as PDF/A-2b: the typst template, then the typst
/// compiler built into avv. `epoch` (seconds since 1970, as in
/// `SOURCE_DATE_EPOCH`) sets the creation date; without it the agreement's
/// version date is used, so the same data always gives the same bytes.
pub fn render_pdf(
    templates: &Templates,
    folder: &Folder,
    instance: Option<(&str, &CustomerFile)>,
    stamp: &Stamp,
    epoch: Option<i64>,
) -> Result<Vec<u8>, RenderError> {
    let source = render_text(templates, folder, instance, Flavor::Typst, stamp)?;
    let meta = folder.agreement.as_ref().map(|a| &a.value.meta);
    let version = meta.map(|m| m.version.as_str()).unwrap_or_default();
    let options = pdf::PdfOptions {
        ident: format!("avv/{}/{version}/{}", folder.id, instance.map_or("-", |(id, _)| id)),
        epoch,
        date: meta.and_then(|m| m.date),
        creator: Some(format!("avv {}", env!("CARGO_PKG_VERSION"))),
    };
    pdf::typst_to_pdf(&source, &options)
}

/// Renders one document as DOCX from its view (see [`docx`]). `epoch` (as
/// in `SOURCE_DATE_EPOCH`) dates the file; without it the agreement's
/// version date is used, so the same data always gives the same bytes.
pub fn render_docx(
    folder: &Folder,
    instance: Option<(&str, &CustomerFile)>,
    stamp: &Stamp,
    epoch: Option<i64>,
) -> Result<Vec<u8>, RenderError> {
    let view = document_view(folder, instance, Flavor::Docx, stamp)?;
    let date = folder.agreement.as_ref().and_then(|a| a.value.meta.date);
    docx::write(&view, &docx::DocxOptions { epoch, date })
}

/// The small print line: version, date, commit and data hash.
fn trace_line(folder: &Folder, instance: Option<&str>, trace: &Trace) -> String {
    let Some(agreement) = folder.agreement.as_ref().map(|a| &a.value) else { return String::new() };
    let meta = &agreement.meta;
    let mut line = format!("{} {} · Version {}", meta.label, meta.id, meta.version);
    if let Some(date) = meta.date {
        line.push_str(&format!(" · Stand {}", crate::model::numbering::german_date(date, meta.date_style)));
    }
    if let Some(instance) = instance {
        line.push_str(&format!(" · Kunde {instance}"));
    }
    match &trace.commit {
        Some(commit) => line.push_str(&format!(" · erzeugt aus Commit {}", &commit[..commit.len().min(12)])),
        None => line.push_str(" · erzeugt ohne Git-Commit"),
    }
    line.push_str(&format!(" · SHA-256 der Daten {} · {}", trace.sha256, trace.generator));
    line
}
