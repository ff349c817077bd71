//! The Synopsen of the site: one between each two consecutive versions.

use crate::history::Loader;
use crate::load::Folder;
use crate::render::document::safe_name;
use crate::render::edition::Source;
use crate::render::inline::Flavor;
use crate::render::synopsis::SynopsisLayout;
use crate::render::{Format, RenderError, Stamp, Templates, synopsis};

use super::pages::generator;
use super::{BuildError, SiteOptions};

/// The file of the Synopse between two versions.
pub(super) fn synopsis_file(from: &str, to: &str, format: Format) -> String {
    format!("synopse-{}-{}.{}", safe_name(from), safe_name(to), format.extension())
}

/// Renders a Synopse as HTML, PDF or DOCX bytes, stamped with the later version's commit.
pub(super) fn render_synopsis_file(
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
    let epoch = crate::render::document_epoch(options.epoch, stamp, loader);
    synopsis_bytes(templates, old, new, stamp, format, epoch, options.synopsis)
        .map_err(|source| BuildError::Render { document: document(), source })
}

pub(super) fn synopsis_bytes(
    templates: &Templates,
    old: &Folder,
    new: &Folder,
    stamp: &Stamp,
    format: Format,
    epoch: Option<i64>,
    layout: SynopsisLayout,
) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Pdf => {
            let source = synopsis::render_synopsis(templates, old, new, Flavor::Typst, layout, stamp)?;
            let meta = new.agreement.as_ref().map(|a| &a.value.meta);
            let pdf_options = crate::render::pdf::PdfOptions {
                ident: format!(
                    "avv/{}/synopse/{}-{}",
                    new.id,
                    old.agreement.as_ref().map_or("", |a| a.value.meta.version.as_str()),
                    meta.map_or("", |m| m.version.as_str())
                ),
                epoch,
                date: meta.and_then(|m| m.date),
                creator: Some(generator()),
            };
            crate::render::pdf::typst_to_pdf(&source, &pdf_options)
        }
        Format::Docx => {
            let date = new.agreement.as_ref().and_then(|a| a.value.meta.date);
            synopsis::render_synopsis_docx(old, new, layout, stamp, &crate::render::docx::DocxOptions { epoch, date })
        }
        Format::Html | Format::Markdown => {
            synopsis::render_synopsis(templates, old, new, Flavor::Html, layout, stamp).map(String::into_bytes)
        }
    }
}
