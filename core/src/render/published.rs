//! What the site publishes from git history: the generated version table,
//! every earlier version (for the archive at stable URLs), the Synopse
//! between consecutive versions, and an Atom feed of sub-processor changes.

use std::path::Path;

use crate::diff::{EntityKind, Flag};
use crate::history::{HistoryError, HistoryTable, Repo, RowSource, history_with_versions};
use crate::load::Folder;
use crate::model::agreement::{History, HistoryRow as ModelRow};
use crate::model::codes::ChangeKind;
use crate::render::inline::{Flavor, escape};

/// An agreement's published history.
pub struct Published {
    /// The generated version table.
    pub table: HistoryTable,
    /// Every version found in git that parses, oldest first: (version, folder).
    pub snapshots: Vec<(String, Folder)>,
}

/// Reads the published history of agreement `id` from the repository at
/// `root`. `Ok(None)` when `root` is not in a git repository or the
/// agreement has no commit yet.
pub fn read(root: &Path, id: &str) -> Result<Option<Published>, HistoryError> {
    let repo = match Repo::open(root) {
        Ok(repo) => repo,
        Err(HistoryError::NotARepository(_)) => return Ok(None),
        Err(error) => return Err(error),
    };
    let Ok(head) = repo.resolve("HEAD") else { return Ok(None) };
    let (table, mut snapshots) = match history_with_versions(&repo, id, Some(head)) {
        Ok(found) => found,
        Err(HistoryError::NoSuchAgreement(_)) => return Ok(None),
        Err(error) => return Err(error),
    };
    // A renamed folder keeps its current id on the site.
    for (_, folder) in &mut snapshots {
        folder.id = id.to_owned();
    }
    Ok(Some(Published { table, snapshots }))
}

/// The folder with its version table replaced by the generated one, so
/// every document and page prints the history written from git.
pub fn with_generated_history(folder: &Folder, table: &HistoryTable) -> Folder {
    let mut folder = folder.clone();
    if let Some(agreement) = folder.agreement.as_mut() {
        let columns = agreement.value.history.as_ref().map(|h| h.columns.clone());
        let rows = table
            .rows
            .iter()
            .map(|row| ModelRow {
                version: row.version.clone(),
                status: row.status.clone(),
                date: row.date,
                responsible: row.responsible.clone(),
                change: match row.source {
                    RowSource::Imported => row.changes.join("\n"),
                    RowSource::Git => {
                        let mut lines = row.changes.clone();
                        if !row.kinds.is_empty() && agreement.value.history.is_none() {
                            lines.push(format!("({})", row.kinds));
                        }
                        lines.join("\n")
                    }
                },
                kinds: row.change_set.as_ref().map(|c| c.kinds.clone()).unwrap_or_else(|| vec![ChangeKind::Update]),
                allow: Vec::new(),
            })
            .collect();
        agreement.value.history = Some(History {
            columns: columns.unwrap_or_else(|| {
                ["Version", "Status", "Datum", "Verantwortlich", "Änderung"].map(str::to_owned).to_vec()
            }),
            row: rows,
        });
    }
    folder
}

/// An Atom feed of the agreement's sub-processor changes, newest first, so
/// customers can subscribe instead of checking a web page.
pub fn atom_feed(agreement: &str, title: &str, table: &HistoryTable, page: &str) -> String {
    let x = |s: &str| escape(s, Flavor::Html);
    let mut entries = Vec::new();
    for row in table.rows.iter().rev() {
        let Some(changes) = &row.change_set else { continue };
        let relevant: Vec<&str> = changes
            .changes
            .iter()
            .filter(|c| {
                c.entity == EntityKind::Subprocessor
                    || c.flags
                        .iter()
                        .any(|f| matches!(f, Flag::Art28Notice | Flag::Art28Consent | Flag::Art28Info | Flag::ChapterV))
            })
            .map(|c| c.phrase.as_str())
            .collect();
        if relevant.is_empty() {
            continue;
        }
        let updated = row.date.map_or_else(|| "1970-01-01".to_owned(), |d| d.to_string());
        let mut content = String::from("<ul>");
        for phrase in &relevant {
            content.push_str(&format!("<li>{}</li>", x(phrase)));
        }
        content.push_str("</ul>");
        entries.push(format!(
            "  <entry>\n    <id>urn:avv:{}:{}:unterauftragnehmer</id>\n    <title>{} Version {}: Änderungen bei Unterauftragnehmern</title>\n    <updated>{updated}T00:00:00Z</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <content type=\"html\">{}</content>\n  </entry>\n",
            x(agreement),
            x(&row.version),
            x(title),
            x(&row.version),
            x(page),
            x(&content)
        ));
    }
    let updated =
        table.rows.iter().filter_map(|r| r.date).max().map_or_else(|| "1970-01-01".to_owned(), |d| d.to_string());
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"de\">\n  <id>urn:avv:{}:unterauftragnehmer</id>\n  <title>{}: Unterauftragnehmer</title>\n  <updated>{updated}T00:00:00Z</updated>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <generator>avv {}</generator>\n{}</feed>\n",
        x(agreement),
        x(title),
        x(page),
        env!("CARGO_PKG_VERSION"),
        entries.concat()
    )
}
