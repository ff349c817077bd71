//! The generated version table (Versionshistorie): imported rows first,
//! then one row per version found in git, each with the change texts of the
//! semantic diff to the previous version.

use git2::Oid;
use serde::Serialize;

use rayon::prelude::*;

use super::blobs::{FileCache, FolderBlobs, folder_blobs};
use super::walk::{VersionIndex, VersionPoint, version_index};
use super::{HistoryError, Repo};
use crate::diagnostic::Severity;
use crate::diff::{ChangeSet, Entities, diff_prepared, entities};
use crate::load::{Folder, LoadedFolder};
use crate::model::codes::DateStyle;
use crate::model::numbering::german_date;
use crate::model::primitives::Date;

/// Where a row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowSource {
    /// A row of the table imported with the document (`[history]`).
    Imported,
    /// A version found in git.
    Git,
    /// Changes committed after the latest version without a new version:
    /// not published under any version yet.
    Pending,
}

/// One row of the version table.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    /// Version label.
    pub version: String,
    /// Status as printed ("finale Version").
    pub status: String,
    /// Date of the version.
    pub date: Option<Date>,
    /// The date as the document prints dates.
    pub date_text: String,
    /// Who is responsible.
    pub responsible: String,
    /// The change texts, one per line.
    pub changes: Vec<String>,
    /// The kinds of change ("Aktualisierung / Ergänzung").
    pub kinds: String,
    /// Imported or from git.
    pub source: RowSource,
    /// The commit of a git row.
    pub commit: Option<String>,
    /// The structured changes behind a git row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_set: Option<ChangeSet>,
}

/// The version table of one agreement.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryTable {
    /// The agreement id.
    pub agreement: String,
    /// Column headers.
    pub columns: Vec<String>,
    /// Rows, oldest first.
    pub rows: Vec<HistoryRow>,
    /// Versions that could not be read (skipped), with the reason.
    pub skipped: Vec<String>,
}

/// The columns of a version table when the agreement names none.
const DEFAULT_COLUMNS: [&str; 5] = ["Version", "Status", "Datum", "Verantwortlich", "Änderung"];

/// How many versions are loaded and compared at a time: enough to keep every
/// core busy, few enough that a long history does not sit in memory at once.
const BATCH: usize = 64;

/// Everything git says about one agreement's versions.
#[derive(Debug)]
pub struct History {
    /// Every version found.
    pub index: VersionIndex,
    /// The version table.
    pub table: HistoryTable,
    /// Every readable version, oldest first (only when asked to keep them).
    pub snapshots: Vec<Snapshot>,
    /// The agreement as it is at the newest commit, when that differs from
    /// its latest version in what a document prints: changes committed
    /// without a new version (only when asked to keep them).
    pub pending: Option<Snapshot>,
}

/// One version's files.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The version (for the pending state: the commit it was read from,
    /// under the latest version's label).
    pub point: VersionPoint,
    /// The folder's files at the point's commit, by blob: loaded again
    /// when a document needs them, so that a long history is not held in
    /// memory.
    pub blobs: FolderBlobs,
}

/// Builds the version table of `agreement` from the history up to `until`
/// (`None`: HEAD).
///
/// Versions are read and compared in parallel, each worker with its own
/// handle on the repository (a git2 handle is not shared between threads);
/// the rows come out in history order all the same.
pub fn history_table(repo: &Repo, agreement: &str, until: Option<Oid>) -> Result<HistoryTable, HistoryError> {
    read_history(repo, agreement, until, false).map(|history| history.table)
}

/// The version table and every readable version it was written from, for
/// callers that publish the versions too: they need not walk the history a
/// second time.
pub fn read_history(repo: &Repo, agreement: &str, until: Option<Oid>, keep: bool) -> Result<History, HistoryError> {
    let mut kept = Vec::new();
    let until = match until {
        Some(id) => id,
        None => repo.resolve("HEAD")?,
    };
    let index = version_index(repo, agreement, until)?;
    let points = &index.points;
    let mut skipped = Vec::new();
    let mut git_rows: Vec<HistoryRow> = Vec::new();
    // Imported rows as each version defines them; a newer definition of the
    // same version replaces an older one, a row dropped later stays.
    let mut imported: Vec<crate::model::agreement::HistoryRow> = Vec::new();
    let mut columns: Option<Vec<String>> = None;
    let mut date_style = DateStyle::Numeric;

    // The last readable version of the previous batch, flattened.
    let mut previous: Option<(VersionPoint, Folder, Entities)> = None;
    // The annexes' own versions at the previous version.
    let mut annexes: Vec<(String, String)> = Vec::new();
    let cache = FileCache::default();
    for batch in points.chunks(BATCH) {
        let mut readable: Vec<(&VersionPoint, Folder, FolderBlobs)> = Vec::with_capacity(batch.len());
        for (point, loaded) in batch.iter().zip(load_versions(repo, batch, &cache)?) {
            let (loaded, blobs) = match loaded {
                Some((loaded, blobs)) => (Some(loaded), Some(blobs)),
                None => (None, None),
            };
            match readable_folder(loaded) {
                Ok(folder) => readable.push((
                    point,
                    folder,
                    blobs.unwrap_or_else(|| FolderBlobs { folder: point.folder.clone(), files: Vec::new() }),
                )),
                Err(reason) => skipped.push(format!(
                    "version {} ({}): {reason}",
                    point.label(),
                    &point.commit[..point.commit.len().min(12)]
                )),
            }
        }
        cache.sweep();
        let flat: Vec<Entities> = readable.par_iter().map(|(_, folder, _)| entities(folder)).collect();
        let sets: Vec<ChangeSet> = (0..readable.len())
            .into_par_iter()
            .map(|i| {
                let before = match i {
                    0 => previous.as_ref().map(|(_, folder, flat)| (folder, flat)),
                    _ => Some((&readable[i - 1].1, &flat[i - 1])),
                };
                diff_prepared(before, (&readable[i].1, &flat[i]))
            })
            .collect();
        for ((point, folder, blobs), changes) in readable.iter().zip(sets) {
            if let Some(agreement) = folder.agreement.as_ref().map(|a| &a.value) {
                date_style = agreement.meta.date_style;
                if let Some(history) = &agreement.history {
                    columns = Some(history.columns.clone());
                    for row in &history.row {
                        match imported.iter_mut().find(|r| r.version == row.version) {
                            Some(known) => *known = row.clone(),
                            None => imported.push(row.clone()),
                        }
                    }
                }
            }
            let mut row = git_row(point, folder, changes, RowSource::Git);
            // An annex's own version that changed with the agreement's is named in its row.
            if point.annex_only.is_none() {
                for (annex, version) in &point.annexes {
                    if !annexes.iter().any(|(a, v)| a == annex && v == version) && !git_rows.is_empty() {
                        row.changes.push(format!("{annex}: Version {version}"));
                    }
                }
            }
            annexes = point.annexes.clone();
            git_rows.push(row);
            if keep {
                kept.push(Snapshot { point: (*point).clone(), blobs: blobs.clone() });
            }
        }
        if let Some((point, last, _)) = readable.pop()
            && let Some(last_flat) = flat.into_iter().last()
        {
            previous = Some((point.clone(), last, last_flat));
        }
    }

    // Changes committed after the latest version without a new one.
    let mut pending = None;
    if !index.head_is_latest
        && let Some((commit, folder)) = &index.head
        && let Some((latest_point, latest, latest_flat)) = &previous
        && let Some(blobs) = repo.folder_blobs(Oid::from_str(commit)?, folder)?
        && let Ok(head) = readable_folder(Some(cache.load(repo.raw(), &blobs)?))
    {
        let changes = diff_prepared(Some((latest, latest_flat)), (&head, &entities(&head)));
        if changes.changes_document() {
            let commit_id = Oid::from_str(commit)?;
            let git = repo.raw().find_commit(commit_id)?;
            let seconds = git.time().seconds() + i64::from(git.time().offset_minutes()) * 60;
            let point = VersionPoint {
                commit: commit.clone(),
                commit_date: Date::from_days(seconds.div_euclid(86_400)),
                author: super::walk::commit_text(&git).1,
                approved_by: None,
                summary: None,
                folder: folder.clone(),
                tagged: false,
                released: false,
                annex_only: None,
                ..latest_point.clone()
            };
            git_rows.push(git_row(&point, &head, changes, RowSource::Pending));
            if keep {
                pending = Some(Snapshot { point, blobs });
            }
        }
    }

    imported.sort_by(|a, b| crate::version::compare(&a.version, &b.version));
    let imported_versions: Vec<String> = imported.iter().map(|r| r.version.clone()).collect();
    let mut rows: Vec<HistoryRow> = imported
        .iter()
        .map(|row| HistoryRow {
            version: row.version.clone(),
            status: row.status.clone(),
            date: row.date,
            date_text: row.date.map(|d| german_date(d, DateStyle::Numeric)).unwrap_or_default(),
            responsible: row.responsible.clone(),
            changes: vec![row.change.clone()],
            kinds: row.kinds.iter().map(|k| k.label_de()).collect::<Vec<_>>().join(" / "),
            source: RowSource::Imported,
            commit: None,
            change_set: None,
        })
        .collect();
    for mut row in git_rows {
        // A version the imported table already has keeps its imported row.
        if row.source == RowSource::Git && imported_versions.contains(&row.version) {
            continue;
        }
        if let Some(date) = row.date {
            row.date_text = german_date(date, date_style);
        }
        rows.push(row);
    }
    let table = HistoryTable {
        agreement: agreement.to_owned(),
        columns: columns.unwrap_or_else(|| DEFAULT_COLUMNS.map(str::to_owned).to_vec()),
        rows,
        skipped,
    };
    Ok(History { index, table, snapshots: kept, pending })
}

/// A version's folder and its files.
type Loaded = Option<(LoadedFolder, FolderBlobs)>;

/// Loads the folders of `points` in parallel, in order; files shared with
/// versions loaded before are taken from `cache`.
fn load_versions(repo: &Repo, points: &[VersionPoint], cache: &FileCache) -> Result<Vec<Loaded>, HistoryError> {
    let handles = repo.handles();
    let loaded: Vec<Result<Loaded, HistoryError>> = points
        .par_iter()
        .map(|point| {
            handles.with(|git| match folder_blobs(git, Oid::from_str(&point.commit)?, &point.folder)? {
                Some(blobs) => Ok(Some((cache.load(git, &blobs)?, blobs))),
                None => Ok(None),
            })
        })
        .collect();
    loaded.into_iter().collect()
}

/// The folder of a version, or why it cannot be used: the first error
/// (warnings before it do not say why).
fn readable_folder(loaded: Option<LoadedFolder>) -> Result<Folder, String> {
    let Some(loaded) = loaded else { return Err("the agreement folder is missing".to_owned()) };
    if let Some(error) = loaded.diagnostics.iter().find(|d| d.severity == Severity::Error) {
        return Err(error.message.clone());
    }
    if loaded.folder.agreement.is_none() {
        return Err("agreement.toml missing".to_owned());
    }
    Ok(loaded.folder)
}

/// The row of a version found in git (or of the changes pending after
/// the latest version).
fn git_row(point: &VersionPoint, folder: &Folder, changes: ChangeSet, source: RowSource) -> HistoryRow {
    let meta = folder.agreement.as_ref().map(|a| &a.value.meta);
    let mut lines = Vec::new();
    if let Some(summary) = &point.summary
        && !changes.lines.iter().any(|l| l == summary)
    {
        lines.push(summary.clone());
    }
    lines.extend(changes.lines.iter().cloned());
    let (version, status, date) = match source {
        RowSource::Pending => (
            PENDING.to_owned(),
            format!("unveröffentlichte Änderungen seit Version {}", point.version),
            Some(point.commit_date),
        ),
        _ => (
            point.label(),
            meta.map(|m| m.status_label.clone().unwrap_or_else(|| m.status.label_de().to_owned())).unwrap_or_default(),
            Some(meta.and_then(|m| m.date).unwrap_or(point.commit_date)),
        ),
    };
    HistoryRow {
        version,
        status,
        date,
        date_text: date.map(|d| german_date(d, DateStyle::Numeric)).unwrap_or_default(),
        responsible: meta
            .and_then(|m| m.responsible.clone())
            .filter(|_| source != RowSource::Pending)
            .or_else(|| point.approved_by.clone())
            .unwrap_or_else(|| point.author.clone()),
        changes: lines,
        kinds: changes.kinds_de(),
        source,
        commit: Some(point.commit.clone()),
        change_set: Some(changes),
    }
}

/// The version column of the row of changes no version names yet.
pub const PENDING: &str = "unveröffentlicht";

/// The table as plain text: one block per version.
pub fn table_text(table: &HistoryTable) -> String {
    let heading = |i: usize, default: &str| table.columns.get(i).cloned().unwrap_or_else(|| default.to_owned());
    let (responsible, change) = (heading(3, "Verantwortlich"), heading(4, "Änderung"));
    let mut out = format!("Versionshistorie {}\n\n", table.agreement);
    for row in &table.rows {
        let date = if row.date_text.is_empty() { "ohne Datum".to_owned() } else { row.date_text.clone() };
        let source = match row.source {
            RowSource::Imported => " (übernommen)".to_owned(),
            RowSource::Git | RowSource::Pending => {
                row.commit.as_deref().map(|c| format!(" (Commit {})", &c[..c.len().min(12)])).unwrap_or_default()
            }
        };
        out.push_str(&format!("{}  {}  {date}{source}\n", row.version, row.status));
        let mut field = |name: &str, text: &str| {
            let mut lines = text.lines();
            if let Some(first) = lines.next() {
                out.push_str(&format!("    {name}: {first}\n"));
                let indent = " ".repeat(name.chars().count() + 6);
                for line in lines {
                    out.push_str(&format!("{indent}{line}\n"));
                }
            }
        };
        field(&responsible, &row.responsible);
        field(&change, &row.changes.join("\n"));
        if row.source == RowSource::Git && !row.kinds.is_empty() {
            field("Art", &row.kinds);
        }
        out.push('\n');
    }
    for skipped in &table.skipped {
        out.push_str(&format!("übersprungen: {skipped}\n"));
    }
    // For a terminal: data never starts a terminal sequence.
    crate::render::inline::printable(&out).into_owned()
}

/// The table in Markdown.
pub fn table_markdown(table: &HistoryTable) -> String {
    use crate::render::inline::{Flavor, escape};
    let md = |s: &str| escape(s, Flavor::Markdown).replace('\n', "<br>");
    // Always the five columns a row has, whatever an imported table named.
    let headers: Vec<String> = DEFAULT_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, default)| md(table.columns.get(i).map_or(default, String::as_str)))
        .chain(std::iter::once("Art der Änderung".to_owned()))
        .collect();
    let mut out = format!("| {} |\n|{}\n", headers.join(" | "), "---|".repeat(headers.len()));
    for row in &table.rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            md(&row.version),
            md(&row.status),
            md(&row.date_text),
            md(&row.responsible),
            md(&row.changes.join("\n")),
            md(&row.kinds)
        ));
    }
    out
}

/// The table as JSON: `{ "version": 1, "table": HistoryTable }`.
pub fn table_json(table: &HistoryTable) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "version": 1, "table": table })).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_has_a_cell_per_column_whatever_the_imported_header() {
        let table = HistoryTable {
            agreement: "a".into(),
            columns: vec!["Fassung".into(), "Stand".into(), "Datum".into()],
            rows: vec![HistoryRow {
                version: "1.0".into(),
                status: "final".into(),
                date: None,
                date_text: String::new(),
                responsible: "DSB".into(),
                changes: vec!["Erstfassung".into()],
                kinds: "Erstfassung".into(),
                source: RowSource::Imported,
                commit: None,
                change_set: None,
            }],
            skipped: Vec::new(),
        };
        let text = table_markdown(&table);
        let cells = |line: &str| line.matches('|').count();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "| Fassung | Stand | Datum | Verantwortlich | Änderung | Art der Änderung |");
        assert!(lines.iter().all(|l| cells(l) == 7), "{text}");
    }
}
