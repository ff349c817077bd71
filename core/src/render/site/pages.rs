//! The site's own pages: the index, one page per agreement and the
//! private output's listing, as views the `site-*.html.j2` templates fill.

use std::path::Path;

use serde::Serialize;

use super::synopses::synopsis_file;
use super::{BuildError, FEED, SiteOptions};
use crate::config::BaseUrl;
use crate::history::Loader;
use crate::load::Folder;
use crate::model::agreement::AgreementFile;
use crate::model::codes::DateStyle;
use crate::model::customer::CustomerFile;
use crate::model::numbering::german_date;
use crate::render::document::safe_name;
use crate::render::edition::{Edition, Source};
use crate::render::inline::{self, Flavor, PlaceholderText, Resolver};
use crate::render::templates::striptags;
use crate::render::view::{BlockView, ClauseView, DocumentView, InstanceInfo, PartView};
use crate::render::{Format, RenderError, Stamp, document_view, published};

/// The private output's index: for each agreement, the register of its
/// customer records (who signed which version on which day, whose
/// contract is on its way or ended) with the contracts built for the
/// processor to hand to each customer. A record whose contract cannot be
/// printed is listed with the reason: the register misses no customer.
pub(super) fn private_index(editions: &[Edition], options: &SiteOptions) -> String {
    let x = |text: &str| inline::escape(text, Flavor::Html);
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" content=\"noindex\">\n<title>Kundenverträge (vertraulich)</title>\n<style>table { border-collapse: collapse; } th, td { border: 1px solid #999; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }</style>\n</head>\n<body>\n<h1>Kundenverträge (vertraulich)</h1>\n<p>Personenbezogene Daten: nicht veröffentlichen, nicht einchecken. Jeder Kunde erhält nur seinen eigenen Vertrag.</p>\n",
    );
    for edition in editions {
        let mut rows: Vec<(&str, String)> = Vec::new();
        for customer in &edition.customers {
            let contract = if customer.is_public() {
                "auf der Website veröffentlicht".to_owned()
            } else {
                let links: Vec<String> = options
                    .formats
                    .iter()
                    .map(|format| {
                        let href =
                            format!("{}/{}.{}", safe_name(&edition.id), safe_name(&customer.id), format.extension());
                        format!("<a href=\"{}\">{}</a>", x(&href), format.extension().to_uppercase())
                    })
                    .collect();
                links.join(" ")
            };
            rows.push((&customer.id, register_row(&customer.id, &customer.instance.value, &contract)));
        }
        for missing in &edition.unavailable {
            let contract = format!(
                "nicht erstellt: der Text von Version {} ist nicht im Repository (nur ihre Zeile der importierten Versionstabelle); der unterzeichnete Vertrag gehört zur Akte",
                x(&missing.version)
            );
            rows.push((&missing.id, register_row(&missing.id, &missing.instance.value, &contract)));
        }
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| a.0.cmp(b.0));
        out.push_str(&format!(
            "<h2>{}</h2>\n<p>Aktuelle Version: {}</p>\n<table>\n<thead><tr><th>Kunde</th><th>Kd-Nr.</th><th>Status</th><th>Version</th><th>Vertragsdatum</th><th>Vertrag</th></tr></thead>\n<tbody>\n",
            x(&edition.id),
            x(&edition.current.label)
        ));
        for (_, row) in rows {
            out.push_str(&row);
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// One customer record's row of the register; `contract` is HTML.
fn register_row(id: &str, customer: &CustomerFile, contract: &str) -> String {
    let x = |text: &str| inline::escape(text, Flavor::Html);
    let instance = &customer.instance;
    // The day printed on the contract, else the customer's signature's.
    let day = instance.contract_date.or_else(|| customer.signing.as_ref().and_then(|s| s.date));
    let day = day.map(|d| german_date(d, DateStyle::Numeric)).unwrap_or_default();
    format!(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{contract}</td></tr>\n",
        x(id),
        x(instance.customer_number.as_deref().unwrap_or("")),
        instance.status.label_de(),
        x(&instance.version),
        day
    )
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
    /// The page's absolute URL, when `avv.toml` names the site's base URL.
    pub canonical: Option<String>,
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
    /// The Atom feed of sub-processor changes, relative to the page; none
    /// for an agreement without sub-processors.
    pub feed: Option<String>,
    /// The page's absolute URL, when `avv.toml` names the site's base URL.
    pub canonical: Option<String>,
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
    /// The Synopse in HTML, PDF and DOCX.
    pub downloads: Vec<Download>,
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

pub(super) fn generator() -> String {
    format!("avv {}", env!("CARGO_PKG_VERSION"))
}

pub(super) fn short_commit(stamp: &Stamp) -> Option<String> {
    stamp.commit.as_ref().map(|c| c.chars().take(12).collect())
}

pub(super) fn index_page(
    editions: &[Edition],
    loader: Option<&Loader>,
    options: &SiteOptions,
    base: Option<&BaseUrl>,
) -> Result<IndexView, BuildError> {
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
    Ok(IndexView {
        generator: generator(),
        commit: short_commit(&options.stamp),
        agreements,
        canonical: base.map(|base| inline::escape(&base.join("index.html"), Flavor::Html)),
    })
}

pub(super) fn entry(edition: &Edition, view: &DocumentView, prefix: &str, options: &SiteOptions) -> AgreementEntry {
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
        status: edition.status_now.as_ref().map_or_else(|| info.status.clone(), |(code, _)| code.clone()),
        status_label: edition
            .status_now
            .as_ref()
            .map_or_else(|| info.status_label.clone(), |(_, label)| inline::escape(label, Flavor::Html)),
        page: format!("{prefix}index.html"),
        downloads: downloads(&options.formats, |format| {
            format!("{prefix}{}", edition.file(&edition.current, format.extension()))
        }),
        customers: edition.customers.iter().filter(|c| c.is_public()).count(),
    }
}

pub(super) fn downloads(formats: &[Format], href: impl Fn(Format) -> String) -> Vec<Download> {
    formats
        .iter()
        .map(|&format| Download {
            label: match format {
                Format::Pdf => "PDF",
                Format::Html => "HTML",
                Format::Markdown => "Markdown",
                Format::Docx => "Word (DOCX)",
            },
            format: format.extension(),
            href: href(format),
        })
        .collect()
}

pub(super) fn agreement_page(
    edition: &Edition,
    loader: Option<&Loader>,
    options: &SiteOptions,
    base: Option<&BaseUrl>,
) -> Result<AgreementPageView, BuildError> {
    let current = &edition.current;
    let folder = &current.folder(loader).map_err(BuildError::History)?;
    let page = || Path::new(&safe_name(&edition.id)).join("index.html").display().to_string();
    let mut view = agreement_page_of(edition, folder, loader, options).map_err(|error| match error {
        PageError::Render(source) => BuildError::Render { document: page(), source },
        PageError::Build(error) => error,
    })?;
    view.canonical =
        base.map(|base| inline::escape(&base.join(&format!("{}/index.html", safe_name(&edition.id))), Flavor::Html));
    Ok(view)
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
                    // A Synopse is made as HTML, PDF and DOCX (not as Markdown).
                    &options
                        .formats
                        .iter()
                        .copied()
                        .filter(|f| matches!(f, Format::Html | Format::Pdf | Format::Docx))
                        .collect::<Vec<_>>(),
                    |format| synopsis_file(&pair[0].key, &pair[1].key, format),
                ),
            })
            .collect()
    } else {
        Vec::new()
    };
    let draft = edition.draft.as_ref().map(|source| DraftEntry {
        note: inline::escape(
            &source.draft.as_ref().map_or_else(|| "Entwurf".to_owned(), |draft| published::draft_note(&draft.after)),
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
        feed: edition.feed.then(|| FEED.to_owned()),
        canonical: None,
        nav,
        versions: version_table(agreement),
        customers,
        document,
    })
}

/// Links to the annexes, the sub-processor list (an annex of its own or the
/// clause that prints it) and the TOM annex.
pub(super) fn part_links(document: &DocumentView) -> Vec<NavLink> {
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

pub(super) fn clause_with_subprocessors(clauses: &[ClauseView]) -> Option<&ClauseView> {
    clauses.iter().find_map(|clause| {
        if clause.blocks.iter().any(|b| matches!(b, BlockView::Subprocessors { .. })) {
            Some(clause)
        } else {
            clause_with_subprocessors(&clause.clauses)
        }
    })
}

/// Placeholders in a version table print as blanks; it has no footnotes,
/// and links in it are printed as text.
struct NoData;

impl Resolver for NoData {
    fn placeholder(&self, _key: &str) -> PlaceholderText {
        PlaceholderText::Blank("_____".to_owned())
    }

    fn footnote(&self, _id: &str) -> Option<usize> {
        None
    }

    fn anchor(&self, _id: &str) -> bool {
        false
    }
}

/// The version table: the imported history where there is one, else the
/// current version alone.
pub(crate) fn version_table(agreement: &AgreementFile) -> VersionTable {
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
                        // Generated rows quote data and commit authors: text, not markup.
                        if row.generated { plain(&row.responsible) } else { rich(&row.responsible) },
                        if row.generated {
                            row.change.split('\n').map(plain).collect::<Vec<_>>().join("<br>\n")
                        } else {
                            rich(&row.change)
                        },
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

/// The page left under a name an agreement's folder had before: it points
/// to the agreement's page now.
#[derive(Debug, Serialize)]
pub struct MovedPageView {
    /// "avv 0.1.0".
    pub generator: String,
    /// The agreement's title.
    pub title: String,
    /// The agreement's id now.
    pub id: String,
    /// Its page: relative to this one, or absolute under the base URL.
    pub target: String,
    /// Its feed beside the page, relative to this one, when it has one.
    pub feed: Option<String>,
}

pub(super) fn moved_page(edition: &Edition, base: Option<&BaseUrl>) -> MovedPageView {
    let x = |text: &str| inline::escape(text, Flavor::Html);
    let page = format!("{}/index.html", safe_name(&edition.id));
    MovedPageView {
        generator: generator(),
        title: x(&edition.title),
        id: x(&edition.id),
        target: x(&base.map_or_else(|| format!("../{page}"), |base| base.join(&page))),
        feed: (edition.feed && edition.history.is_some()).then(|| FEED.to_owned()),
    }
}
