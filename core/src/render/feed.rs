//! The Atom feed (RFC 4287) of an agreement's sub-processor changes, so
//! customers can subscribe instead of checking a web page (Art. 28(2)).
//!
//! The feed is written through the `feed.atom.j2` template from a view
//! whose every string is already escaped for XML. Its ids are `urn:avv:`
//! names, stable when the site moves; its links are absolute under the
//! configured `[site] base_url`, else relative to the feed.

use serde::Serialize;

use crate::config::BaseUrl;
use crate::diff::{EntityKind, Flag, Scope};
use crate::history::{HistoryTable, RowSource};
use crate::render::inline::{Flavor, escape};
use crate::render::{RenderError, Templates};

/// What the feed template receives.
#[derive(Debug, Serialize)]
pub struct FeedView {
    /// The feed's permanent id.
    pub id: String,
    /// The feed's title.
    pub title: String,
    /// The newest entry's date (RFC 3339), or the newest version's.
    pub updated: String,
    /// Who publishes the changes: the processor.
    pub author: String,
    /// The feed's own URL (`rel="self"`).
    pub feed_url: String,
    /// The agreement's page (`rel="alternate"`).
    pub page_url: String,
    /// The generator's version.
    pub version: &'static str,
    /// The entries, newest first.
    pub entries: Vec<FeedEntry>,
}

/// One version's sub-processor changes.
#[derive(Debug, Serialize)]
pub struct FeedEntry {
    /// The entry's permanent id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The version's date (RFC 3339).
    pub updated: String,
    /// The agreement's page.
    pub link: String,
    /// The changes as an HTML list, escaped for XML.
    pub content: String,
}

/// Where the feed is published: `<agreement>/<FEED>` under the site.
#[derive(Debug, Clone, Copy)]
pub struct FeedPlace<'a> {
    /// The agreement's folder in the site.
    pub folder: &'a str,
    /// The feed's file name in that folder.
    pub file: &'a str,
    /// The agreement page's file name in that folder.
    pub page: &'a str,
    /// The site's base URL, when configured.
    pub base: Option<&'a BaseUrl>,
}

impl FeedPlace<'_> {
    /// The URL of `file` in the agreement's folder: absolute under the base
    /// URL, else relative to the feed (which lies in the same folder).
    fn url(&self, file: &str) -> String {
        match self.base {
            Some(base) => base.join(&format!("{}/{file}", self.folder)),
            None => file.to_owned(),
        }
    }
}

/// What one version's relevant changes are about, as a feed entry's
/// title says it: a new processing region is a third-country matter, not
/// a change of sub-processors.
fn topic(changes: &[&crate::diff::Change]) -> &'static str {
    let lists = changes.iter().any(|c| c.entity == EntityKind::Subprocessor || !c.flags.contains(&Flag::ChapterV));
    let transfers = changes.iter().any(|c| c.entity != EntityKind::Subprocessor && c.flags.contains(&Flag::ChapterV));
    match (lists, transfers) {
        (false, true) => "Drittlandübermittlungen",
        (true, true) => "Unterauftragnehmern und Drittlandübermittlungen",
        _ => "Unterauftragnehmern",
    }
}

/// The changes of one version that concern sub-processors or need notice
/// under Art. 28(2) / Chapter V.
fn relevant(row: &crate::history::HistoryRow) -> Vec<&crate::diff::Change> {
    let Some(changes) = &row.change_set else { return Vec::new() };
    changes
        .changes
        .iter()
        .filter(|c| c.scope == Scope::Document)
        .filter(|c| {
            c.entity == EntityKind::Subprocessor
                || c.flags
                    .iter()
                    .any(|f| matches!(f, Flag::Art28Notice | Flag::Art28Consent | Flag::Art28Info | Flag::ChapterV))
        })
        .collect()
}

/// Whether the history has anything to announce.
pub fn has_entries(table: &HistoryTable) -> bool {
    table.rows.iter().any(|row| !relevant(row).is_empty())
}

/// The feed's view: `agreement` (id), `title`, `author` (the processor).
pub fn feed_view(agreement: &str, title: &str, author: &str, table: &HistoryTable, place: FeedPlace<'_>) -> FeedView {
    let x = |s: &str| escape(s, Flavor::Html);
    let page = place.url(place.page);
    let mut entries = Vec::new();
    for row in table.rows.iter().rev() {
        let changes = relevant(row);
        if changes.is_empty() {
            continue;
        }
        let content: String = changes.iter().map(|c| format!("<li>{}</li>", x(&c.phrase))).collect();
        // Changes no version names yet are announced as what they are.
        let topic = topic(&changes);
        let heading = if row.source == RowSource::Pending {
            format!("{title}: unveröffentlichte Änderungen bei {topic} (Entwurf)")
        } else {
            format!("{title} Version {}: Änderungen bei {topic}", row.version)
        };
        // Unpublished changes are a new entry whenever they change: named by
        // the commit that made them, or (uncommitted) by what they say, so
        // a feed reader does not take a later batch for one it has shown.
        let id = match row.source {
            RowSource::Pending => {
                let what = match &row.commit {
                    Some(commit) => commit[..commit.len().min(12)].to_owned(),
                    None => digest(changes.iter().map(|c| c.phrase.as_str())),
                };
                format!("urn:avv:{}:entwurf:{}:unterauftragnehmer", urn_part(agreement), urn_part(&what))
            }
            _ => format!("urn:avv:{}:{}:unterauftragnehmer", urn_part(agreement), urn_part(&row.version)),
        };
        entries.push(FeedEntry {
            id: x(&id),
            title: x(&heading),
            updated: timestamp(row.date),
            link: x(&page),
            // The HTML of the content, escaped once more as the text of an
            // element of `type="html"`.
            content: x(&format!("<ul>{content}</ul>")),
        });
    }
    FeedView {
        id: x(&format!("urn:avv:{}:unterauftragnehmer", urn_part(agreement))),
        title: x(&format!("{title}: Unterauftragnehmer")),
        updated: timestamp(table.rows.iter().filter_map(|r| r.date).max()),
        author: x(if author.trim().is_empty() { title } else { author }),
        feed_url: x(&place.url(place.file)),
        page_url: x(&page),
        version: env!("CARGO_PKG_VERSION"),
        entries,
    }
}

/// A short stable name for uncommitted changes: the first 12 hex digits
/// of the SHA-256 of what they say (not the render cache's key, which
/// changes with every avv build).
fn digest<'a>(phrases: impl Iterator<Item = &'a str>) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for phrase in phrases {
        hasher.update(phrase.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// Renders the feed through `feed.atom.j2`.
pub fn atom_feed(templates: &Templates, view: &FeedView) -> Result<String, RenderError> {
    templates.render("feed.atom.j2", view)
}

/// A date as an RFC 3339 timestamp at midnight UTC (Atom dates are times).
fn timestamp(date: Option<crate::model::Date>) -> String {
    format!("{}T00:00:00Z", date.map_or_else(|| "1970-01-01".to_owned(), |d| d.to_string()))
}

/// A part of a `urn:avv:` name: the characters RFC 8141 allows as they
/// are, every other percent-encoded, so ids stay valid URIs whatever the
/// agreement id or version is.
fn urn_part(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urn_parts_are_percent_encoded() {
        assert_eq!(urn_part("pcvisit"), "pcvisit");
        assert_eq!(urn_part("1.9 final"), "1.9%20final");
        assert_eq!(urn_part("ä:<"), "%C3%A4%3A%3C");
    }

    #[test]
    fn links_are_absolute_under_the_base_url() {
        let base = BaseUrl::parse("https://avv.example.de/vertraege").unwrap();
        let place =
            FeedPlace { folder: "pcvisit", file: "unterauftragnehmer.atom", page: "index.html", base: Some(&base) };
        assert_eq!(place.url(place.file), "https://avv.example.de/vertraege/pcvisit/unterauftragnehmer.atom");
        let place = FeedPlace { base: None, ..place };
        assert_eq!(place.url(place.page), "index.html");
    }
}
