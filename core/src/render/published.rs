//! What the site publishes from git history: every version as it was
//! committed (the latest as the current document, the others in the archive
//! at stable URLs), the generated version table, the Synopse between
//! consecutive versions, an Atom feed of sub-processor changes, and a draft
//! of changes no version names yet.
//!
//! Changed content is never published under an unchanged version label:
//! a version's documents are rendered from the commit that made it, with
//! that commit in their trace line. Changes made after it (committed
//! without a new version, or not committed) are published as a separate
//! draft, marked "Entwurf", and as a pending row of the version table.

use std::path::Path;

use crate::diff::diff;
use crate::history::{
    HistoryError, HistoryRow, HistoryTable, PENDING, Repo, RowSource, Snapshot, TemplateFiles, document_templates,
    read_history,
};
use crate::load::Folder;
use crate::model::agreement::{History, HistoryRow as ModelRow};
use crate::model::codes::{ChangeKind, DateStyle, Status};
use crate::model::numbering::german_date;

/// An agreement's published history.
pub struct Published {
    /// The generated version table, with a pending row when the draft
    /// differs from the latest version.
    pub table: HistoryTable,
    /// Every version found in git that parses, oldest first; the last is
    /// the current version.
    pub versions: Vec<Snapshot>,
    /// When the agreement as it is now differs from its latest version in
    /// what a document prints: the draft it is published as instead.
    pub draft: Option<Draft>,
}

/// The working tree published as a draft of the changes since a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The label of the version the changes follow.
    pub after: String,
    /// Its date: the commit that made the changes, or, when they are not
    /// committed, a new date the draft sets itself. `None`: undated (never
    /// the latest version's date, which it is not).
    pub date: Option<crate::model::primitives::Date>,
}

impl Published {
    /// The snapshot of version `version` (the version's own point, not an
    /// annex-only one), for customer instances that signed it.
    pub fn version(&self, version: &str) -> Option<&Snapshot> {
        self.versions.iter().find(|s| s.point.version == version && s.point.annex_only.is_none())
    }

    /// The current version.
    pub fn current(&self) -> Option<&Snapshot> {
        self.versions.last()
    }
}

/// Reads the published history of agreement `id` from the repository at
/// `root`; `now` is the folder as it is in the working tree. `Ok(None)`
/// when `root` is not in a git repository or the agreement has no commit
/// yet.
pub fn read(root: &Path, id: &str, now: &Folder) -> Result<Option<Published>, HistoryError> {
    let repo = match Repo::open(root) {
        Ok(repo) => repo,
        Err(HistoryError::NotARepository(_)) => return Ok(None),
        Err(error) => return Err(error),
    };
    let Ok(head) = repo.resolve("HEAD") else { return Ok(None) };
    let history = match read_history(&repo, id, Some(head), true) {
        Ok(found) => found,
        Err(HistoryError::NoSuchAgreement { .. }) => return Ok(None),
        Err(error) => return Err(error),
    };
    if history.snapshots.is_empty() {
        return Ok(None);
    }
    // The draft is what is in the working tree: in CI the checkout of the
    // newest commit, locally perhaps uncommitted edits too.
    let mut table = history.table;
    // What is pending at HEAD, as the history saw it: committed changes
    // are dated and signed by the commit that made them.
    let committed_row = table.rows.iter().find(|row| row.source == RowSource::Pending).cloned();
    table.rows.retain(|row| row.source != RowSource::Pending);
    let mut draft = None;
    if let Some(latest_snapshot) = history.snapshots.last() {
        let mut latest = repo.load_blobs(&latest_snapshot.blobs)?.folder;
        latest.id = id.to_owned();
        // The draft is of the document: customer instances are not compared.
        let now = &now.without_customers();
        let changes = diff(Some(&latest), now);
        let point = &latest_snapshot.point;
        // Templates changed since the version print with its next one;
        // until then they are the draft's.
        let templates = template_changes(&repo, root, &point.commit)?;
        let content = changes.changes_document();
        if content || !templates.since_version.is_empty() {
            let committed = history.pending.as_ref().map(|p| p.point.commit.clone());
            // Dated by the commit that made them; uncommitted edits by the
            // date the draft sets for itself, if it sets a new one.
            let own_date = now.agreement.as_ref().and_then(|a| a.value.meta.date);
            let latest_date = latest.agreement.as_ref().and_then(|a| a.value.meta.date);
            let mut lines = changes.lines.clone();
            lines.extend(crate::history::template_line(&templates.since_version));
            let content_uncommitted = content
                && match &history.pending {
                    None => true,
                    Some(pending) => {
                        let mut at = repo.load_blobs(&pending.blobs)?.folder;
                        at.id = id.to_owned();
                        diff(Some(&at), now).changes_document()
                    }
                };
            let uncommitted = content_uncommitted || templates.uncommitted;
            if uncommitted {
                lines.push("(nicht eingecheckt)".to_owned());
            }
            let committed_row = committed_row.filter(|_| !uncommitted);
            let date = match &history.pending {
                Some(pending) if !uncommitted => Some(pending.point.commit_date),
                _ => committed_row.as_ref().and_then(|row| row.date).or(own_date.filter(|d| Some(*d) != latest_date)),
            };
            table.rows.push(HistoryRow {
                version: PENDING.to_owned(),
                status: format!("unveröffentlichte Änderungen seit Version {}", point.label()),
                date,
                date_text: date.map(|d| german_date(d, DateStyle::Numeric)).unwrap_or_default(),
                responsible: history
                    .pending
                    .as_ref()
                    .map(|p| p.point.author.clone())
                    .or_else(|| committed_row.map(|row| row.responsible))
                    .unwrap_or_default(),
                changes: lines,
                kinds: if content { changes.kinds_de() } else { ChangeKind::Update.label_de().to_owned() },
                source: RowSource::Pending,
                commit: committed,
                change_set: Some(changes),
            });
            draft = Some(Draft { after: point.label(), date });
        }
    }
    Ok(Some(Published { table, versions: history.snapshots, draft }))
}

/// How the document templates of the working tree differ from a version's.
struct TemplateChanges {
    /// The templates changed since the version's commit.
    since_version: Vec<String>,
    /// Whether the working tree's differ from HEAD's too.
    uncommitted: bool,
}

/// The document templates (not the site's pages) of the working tree of
/// the repository at `root` that differ from those of `commit`.
fn template_changes(repo: &Repo, root: &Path, commit: &str) -> Result<TemplateChanges, HistoryError> {
    let working = TemplateFiles::working(root);
    let documents = document_templates;
    let at = |revision: &str| repo.resolve(revision).and_then(|commit| repo.templates_at(commit));
    let since_version = documents(at(commit)?.changed(&working));
    let uncommitted = !since_version.is_empty() && !documents(at("HEAD")?.changed(&working)).is_empty();
    Ok(TemplateChanges { since_version, uncommitted })
}

/// The folder marked as `draft`: its status, version label and "Stand"
/// line say so, so that it can never pass for the version it follows
/// ("Version Entwurf", "Entwurf: unveröffentlichte Änderungen seit Version
/// 1.8"); it is dated by the draft's own date, never by that version's.
pub fn as_draft(folder: &Folder, draft: &Draft) -> Folder {
    let mut out = folder.clone();
    if let Some(agreement) = out.agreement_mut() {
        let meta = &mut agreement.value.meta;
        meta.version = "Entwurf".to_owned();
        meta.status = Status::Draft;
        meta.status_label = Some(draft_note(&draft.after));
        meta.date = draft.date;
        meta.stand_line = Some(match draft.date {
            Some(_) => format!("{} · Stand: {{date}}", draft_note(&draft.after)),
            None => draft_note(&draft.after),
        });
    }
    out
}

/// The status of a draft of the changes since version `latest`.
pub fn draft_note(latest: &str) -> String {
    format!("Entwurf: unveröffentlichte Änderungen seit Version {latest}")
}

/// The folder with its version table replaced by the generated one, up to
/// the row of `until` (a version label; `None`: every row), so that every
/// document and page prints the history written from git, and an earlier
/// version's document only the versions before it.
///
/// The imported rows (the history from before git) are the ones the
/// version's own files have, not as a later version corrected them: an
/// earlier version's document stays the one its commit made, and the
/// latest version's moves to the archive with the same bytes.
pub fn with_generated_history(folder: &Folder, table: &HistoryTable, until: Option<&str>) -> Folder {
    let mut folder = folder.clone();
    // Only rows of versions before the repository's record: a later
    // version's row is git's (see `HistoryTable::imported_applies`).
    let own: Option<Vec<ModelRow>> = folder.agreement.as_ref().map(|a| {
        let rows = a.value.history.as_ref().map(|h| h.row.as_slice()).unwrap_or_default();
        rows.iter().filter(|row| table.imported_applies(&row.version)).cloned().collect()
    });
    let rows: Vec<&HistoryRow> = match until {
        Some(version) => match table.rows.iter().position(|r| r.version == version) {
            Some(at) => table.rows[..=at].iter().collect(),
            None => table.rows.iter().filter(|r| r.source == RowSource::Imported).collect(),
        },
        None => table.rows.iter().collect(),
    };
    let rows: Vec<&HistoryRow> = match &own {
        Some(own) => rows
            .into_iter()
            // The version the repository starts with is in git: its row
            // stays, from the table, where a later file dropped it.
            .filter(|r| r.source != RowSource::Imported || table.starts_at.as_ref() == Some(&r.version))
            .filter(|r| !own.iter().any(|o| o.version == r.version))
            .collect(),
        None => rows,
    };
    if let Some(agreement) = folder.agreement_mut() {
        let columns = agreement.value.history.as_ref().map(|h| h.columns.clone());
        let mut imported = own.unwrap_or_default();
        imported.sort_by(|a, b| crate::version::compare(&a.version, &b.version));
        let rows = imported
            .into_iter()
            .chain(rows.into_iter().map(|row| ModelRow {
                version: row.version.clone(),
                status: row.status.clone(),
                date: row.date,
                responsible: row.responsible.clone(),
                change: match row.source {
                    RowSource::Imported => row.changes.join("\n"),
                    RowSource::Git | RowSource::Pending => {
                        let mut lines = row.changes.clone();
                        // "Erstfassung (Erstfassung)" says it once.
                        let said = !lines.is_empty() && lines.iter().all(|line| *line == row.kinds);
                        if !row.kinds.is_empty() && agreement.value.history.is_none() && !said {
                            lines.push(format!("({})", row.kinds));
                        }
                        lines.join("\n")
                    }
                },
                kinds: row.change_set.as_ref().map(|c| c.kinds.clone()).unwrap_or_else(|| vec![ChangeKind::Update]),
                allow: Vec::new(),
                generated: row.source != RowSource::Imported,
            }))
            .collect();
        agreement.value.history = Some(History {
            columns: columns.unwrap_or_else(crate::model::agreement::default_history_columns),
            row: rows,
        });
    }
    folder
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(version: &str, change: &str, source: RowSource) -> HistoryRow {
        HistoryRow {
            version: version.to_owned(),
            status: "finale Version".to_owned(),
            date: None,
            date_text: String::new(),
            responsible: "DSB".to_owned(),
            changes: vec![change.to_owned()],
            kinds: String::new(),
            source,
            commit: None,
            change_set: None,
        }
    }

    #[test]
    fn an_earlier_version_prints_the_imported_rows_its_own_files_have() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let folder = crate::load::load_folder(&root.join("agreements/pcvisit"), &root).folder;
        // The table as HEAD knows it: row 1.0 corrected by a later version, 1.9 from git.
        let table = HistoryTable {
            agreement: "pcvisit".to_owned(),
            columns: Vec::new(),
            rows: vec![
                row("1.0", "später berichtigt", RowSource::Imported),
                row("1.8", "aus git", RowSource::Git),
                row("1.9", "neu", RowSource::Git),
            ],
            skipped: Vec::new(),
            warnings: Vec::new(),
            starts_at: None,
        };
        let printed = |until| {
            let folder = with_generated_history(&folder, &table, until);
            folder.agreement.and_then(|a| a.value.history.clone()).map(|h| h.row).unwrap_or_default()
        };
        // Version 1.8 as its own commit has it: its 1.0 text, its own 1.8 row, no 1.9.
        let at_1_8 = printed(Some("1.8"));
        let first = at_1_8.iter().find(|r| r.version == "1.0").expect("row 1.0");
        assert_eq!(first.change, "Gegenprüfung / Ergänzung");
        assert!(!at_1_8.iter().any(|r| r.version == "1.9"));
        assert!(!at_1_8.iter().any(|r| r.change.contains("später berichtigt")));
        // Every row of the table: the git rows, and the imported ones as this folder has them.
        let all = printed(None);
        assert_eq!(
            all.iter().find(|r| r.version == "1.0").map(|r| r.change.as_str()),
            Some("Gegenprüfung / Ergänzung")
        );
        assert!(all.iter().any(|r| r.version == "1.9"));
        // The archived copy of the latest version prints the same rows up to it.
        let table_then = HistoryTable { rows: table.rows[..2].to_vec(), ..table.clone() };
        let latest = with_generated_history(&folder, &table_then, None);
        let archived = with_generated_history(&folder, &table, Some("1.8"));
        assert_eq!(
            latest.agreement.map(|a| a.value.history.clone()),
            archived.agreement.map(|a| a.value.history.clone())
        );
    }

    /// A generated row quotes data: stars in two sub-processor names, an
    /// author with markup, never pair into emphasis or bold, in any format
    /// of the document or on the site's page; the lines stay lines.
    #[test]
    fn generated_rows_print_their_quotes_as_text() {
        use crate::render::inline::Flavor;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let folder = crate::load::load_folder(&root.join("agreements/pcvisit"), &root).folder;
        let mut generated = row(
            "1.9",
            "neuer Unterauftragnehmer: billwerk GmbH (*Region EU)\nneuer Unterauftragnehmer: HostPress GmbH (Rechenzentrum EU*)",
            RowSource::Git,
        );
        generated.responsible = "**Dana** [x](https://example.org)".to_owned();
        let table = HistoryTable {
            agreement: "pcvisit".to_owned(),
            columns: Vec::new(),
            rows: vec![generated],
            skipped: Vec::new(),
            warnings: Vec::new(),
            starts_at: None,
        };
        let folder = with_generated_history(&folder, &table, None);
        let templates = crate::render::Templates::new(None);
        for flavor in [Flavor::Html, Flavor::Markdown, Flavor::Typst] {
            let text = crate::render::render_text(&templates, &folder, None, flavor, &Default::default())
                .expect("the document");
            // Both stars printed as stars, escaped as the format escapes text.
            for quoted in ["(*Region EU)", "(Rechenzentrum EU*)"] {
                let literal = crate::render::inline::escape(quoted, flavor);
                assert!(text.contains(&literal), "{flavor:?}: {literal} not printed as text");
            }
            assert!(text.contains("Dana"), "{flavor:?}");
            assert!(!text.contains("<strong>Dana"), "{flavor:?}: the author as markup");
        }
        let page = crate::render::site::pages::version_table(&folder.agreement.as_ref().expect("agreement").value);
        let cells: String = page.rows.iter().flat_map(|r| r.cells.iter().cloned()).collect();
        assert!(cells.contains("(*Region EU)<br>\n"), "{cells}");
        assert!(!cells.contains("<em>") && !cells.contains("<strong>"), "{cells}");
    }

    /// A first version's row says "Erstfassung" once, not "Erstfassung
    /// (Erstfassung)"; other rows keep their kinds after the texts.
    #[test]
    fn a_row_names_its_kind_once() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let folder = crate::load::load_folder(&root.join("agreements/rocon"), &root).folder;
        assert!(folder.agreement.as_ref().is_some_and(|a| a.value.history.is_none()), "rocon prints the kinds");
        let mut first = row("1.0", "Erstfassung", RowSource::Git);
        first.kinds = "Erstfassung".to_owned();
        let mut second = row("1.1", "Aktualisierung Punkt 3 AVV", RowSource::Git);
        second.kinds = "Aktualisierung".to_owned();
        let table = HistoryTable {
            agreement: "rocon".to_owned(),
            columns: Vec::new(),
            rows: vec![first, second],
            skipped: Vec::new(),
            warnings: Vec::new(),
            starts_at: None,
        };
        let folder = with_generated_history(&folder, &table, None);
        let rows = folder.agreement.and_then(|a| a.value.history.clone()).map(|h| h.row).unwrap_or_default();
        let changes: Vec<&str> = rows.iter().map(|r| r.change.as_str()).collect();
        assert_eq!(changes, ["Erstfassung", "Aktualisierung Punkt 3 AVV\n(Aktualisierung)"]);
    }
}
