//! The generated version table (Versionshistorie): imported rows first,
//! then one row per version found in git, each with the change texts of the
//! semantic diff to the previous version.

use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

use git2::Oid;
use serde::{Deserialize, Serialize};

use rayon::prelude::*;

use super::blobs::{FileCache, FolderBlobs, folder_blobs};
use super::templates::{TemplateTrail, template_line};
use super::walk::{VersionIndex, VersionPoint, version_index};
use super::{HistoryError, Repo};
use crate::diff::{ChangeSet, Entities, diff_prepared, entities};
use crate::load::{Folder, LoadedFolder};
use crate::model::codes::DateStyle;
use crate::model::numbering::german_date;
use crate::model::primitives::Date;
use crate::store::{Key, KeyHasher, Lookup, Store};

/// Where a row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    /// What the history could not take as it is (a tag naming no version,
    /// versions that go back or repeat), each with what to do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The first version in git ([`VersionIndex::starts_at`]): imported
    /// rows describe it and the versions before it, never a later one (see
    /// [`HistoryTable::imported_applies`]).
    #[serde(skip)]
    pub starts_at: Option<String>,
}

impl HistoryTable {
    /// Whether an imported row of `version` (`[history]`) is part of the
    /// record: a version up to the one the repository starts with. A later
    /// one was made in git, and git's row is its record.
    pub fn imported_applies(&self, version: &str) -> bool {
        self.starts_at.as_deref().is_none_or(|first| not_after(version, first))
    }
}

/// Whether `version` comes no later than `first`.
fn not_after(version: &str, first: &str) -> bool {
    crate::version::compare(version, first) != std::cmp::Ordering::Greater
}

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

/// A version's files without its customer instances: the version table is
/// the agreement's, and a processor with 10,000 customers would otherwise
/// parse every instance at every version (260 MB of a build's memory).
fn document_blobs(git: &git2::Repository, commit: Oid, folder: &str) -> Result<Option<FolderBlobs>, HistoryError> {
    Ok(folder_blobs(git, commit, folder)?.map(|blobs| blobs.without_customers()))
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

    // The last readable version of the batches before.
    let mut previous: Option<Previous> = None;
    // The annexes' own versions at the previous version.
    let mut annexes: Vec<(String, String)> = Vec::new();
    let cache = FileCache::default();
    let mut trail = TemplateTrail::default();
    let store = facts_store(repo);
    let writer = FactsWriter::new(store.clone());
    let handles = repo.handles();
    for batch in points.chunks(BATCH) {
        let mut blobs: Vec<Option<FolderBlobs>> = batch
            .par_iter()
            .map(|point| handles.with(|git| document_blobs(git, Oid::from_str(&point.commit)?, &point.folder)))
            .collect::<Result<_, _>>()?;
        // The facts the cache has, keyed as if the version before reads: one
        // that does not has no entry, so the version after it is compared
        // afresh.
        let mut facts: Vec<Option<VersionFacts>> = (0..batch.len())
            .map(|i| {
                let after = blobs[i].as_ref()?;
                let before = match i {
                    0 => previous.as_ref().map(|p| &p.blobs),
                    _ => Some(blobs[i - 1].as_ref()?),
                };
                cached_facts(&store, &facts_key(before, after))
            })
            .collect();
        // Every other version is loaded, and read or skipped.
        let load = |i: usize| -> Result<Result<Folder, String>, HistoryError> {
            match &blobs[i] {
                Some(b) => Ok(readable_folder(Some(handles.with(|git| cache.load(git, b))?))),
                None => Ok(readable_folder(None)),
            }
        };
        let misses: Vec<usize> = (0..batch.len()).filter(|&i| facts[i].is_none()).collect();
        let mut folders: Vec<Option<Result<Folder, String>>> = vec![None; batch.len()];
        for (i, folder) in misses.par_iter().map(|&i| load(i).map(|f| (i, f))).collect::<Result<Vec<_>, _>>()? {
            folders[i] = Some(folder);
        }
        // What each version is compared with: the readable one before it.
        let mut last = None;
        let before: Vec<Option<usize>> = (0..batch.len())
            .map(|i| {
                let earlier = last;
                if facts[i].is_some() || matches!(folders[i], Some(Ok(_))) {
                    last = Some(i);
                }
                earlier
            })
            .collect();
        // A version with cached facts that a compared one needs is loaded too.
        for &i in &misses {
            if matches!(folders[i], Some(Ok(_)))
                && let Some(j) = before[i]
                && folders[j].is_none()
            {
                folders[j] = Some(load(j)?);
            }
        }
        let first_compared = misses.iter().find(|&&i| matches!(folders[i], Some(Ok(_))) && before[i].is_none());
        if first_compared.is_some()
            && let Some(previous) = previous.as_mut()
        {
            handles.with(|git| previous.load(git, &cache, agreement))?;
        }
        cache.sweep();
        let flat: Vec<Option<Entities>> =
            folders.par_iter().map(|f| f.as_ref().and_then(|f| f.as_ref().ok()).map(entities)).collect();
        let computed: Vec<(usize, VersionFacts)> = misses
            .par_iter()
            .filter_map(|&i| {
                let Some(Ok(folder)) = &folders[i] else { return None };
                let after = (folder, flat[i].as_ref()?);
                let earlier = match before[i] {
                    Some(j) => match (&folders[j], &flat[j]) {
                        (Some(Ok(f)), Some(e)) => Some((f, e)),
                        _ => None,
                    },
                    None => previous.as_ref().and_then(|p| p.loaded.as_ref()).map(|(f, e)| (f, e)),
                };
                Some((i, VersionFacts::new(folder, diff_prepared(earlier, after))))
            })
            .collect();
        for (i, computed) in computed {
            if let Some(after) = &blobs[i] {
                let earlier = match before[i] {
                    Some(j) => blobs[j].as_ref(),
                    None => previous.as_ref().map(|p| &p.blobs),
                };
                writer.put(facts_key(earlier, after), &computed);
            }
            facts[i] = Some(computed);
        }

        for (i, point) in batch.iter().enumerate() {
            let Some(version) = &facts[i] else {
                let reason = match &folders[i] {
                    Some(Err(reason)) => reason.clone(),
                    _ => "the agreement folder is missing".to_owned(),
                };
                skipped.push(format!(
                    "version {} ({}): {reason}",
                    point.label(),
                    &point.commit[..point.commit.len().min(12)]
                ));
                continue;
            };
            date_style = version.date_style;
            // Templates changed since the version before print with this one.
            let templates = trail.next(repo.raw(), Oid::from_str(&point.commit)?)?;
            if let Some(history_columns) = &version.columns {
                columns = Some(history_columns.clone());
            }
            for row in &version.imported {
                match imported.iter_mut().find(|r| r.version == row.version) {
                    Some(known) => *known = row.clone(),
                    None => imported.push(row.clone()),
                }
            }
            let mut row = git_row(point, &version.meta(), version.changes.clone(), RowSource::Git);
            if !git_rows.is_empty() && !templates.is_empty() {
                row.changes.extend(template_line(&templates));
                if row.kinds.is_empty() {
                    row.kinds = crate::model::codes::ChangeKind::Update.label_de().to_owned();
                }
            }
            // An annex's own version that changed with the agreement's is named in its row.
            if point.annex_only.is_none() {
                for (annex, version) in &point.annexes {
                    if !annexes.iter().any(|(a, v)| a == annex && v == version) && !git_rows.is_empty() {
                        row.changes.push(format!("{annex}: Version {version}"));
                    }
                }
            }
            annexes = point.annexes.clone();
            // Withdrawn after its release: the row says so, and when.
            if let Some((_, day)) = &point.withdrawn
                && point.annex_only.is_none()
            {
                row.status = crate::model::codes::Status::Withdrawn.label_de().to_owned();
                row.changes.push(format!("Version zurückgezogen am {}", german_date(*day, date_style)));
            }
            git_rows.push(row);
            if keep && let Some(blobs) = &blobs[i] {
                kept.push(Snapshot { point: point.clone(), blobs: blobs.clone() });
            }
        }
        let mut flat = flat;
        if let Some(last) = last
            && let Some(blobs) = blobs[last].take()
        {
            let loaded = match (folders[last].take(), flat[last].take()) {
                (Some(Ok(folder)), Some(entities)) => Some((folder, entities)),
                _ => None,
            };
            previous = Some(Previous { point: batch[last].clone(), blobs, loaded });
        }
        // Freed on every core: a version's entities are thousands of small
        // allocations, which freed on this thread alone kept the others idle.
        flat.into_par_iter().for_each(drop);
    }

    // Changes committed after the latest version without a new one, and
    // document templates changed since it (they print with the next one).
    let mut pending = None;
    let templates_pending = match previous {
        Some(_) => trail.since(repo.raw(), until)?,
        None => Vec::new(),
    };
    let mut pending_row = false;
    if !index.head_is_latest
        && let Some((commit, folder)) = &index.head
        && let Some(latest) = previous.as_mut()
        && let Some(blobs) = document_blobs(repo.raw(), Oid::from_str(commit)?, folder)?
        && let Ok(head) = readable_folder(Some(cache.load(repo.raw(), &blobs)?))
    {
        let latest_point = latest.point.clone();
        let (latest_folder, latest_flat) = latest.load(repo.raw(), &cache, agreement)?;
        let changes = diff_prepared(Some((latest_folder, latest_flat)), (&head, &entities(&head)));
        // The latest version withdrawn since (or a withdrawal taken back):
        // its row says so, as no new version would.
        if changes.changes.iter().any(crate::diff::is_withdrawal)
            && changes.from.as_deref() == Some(changes.to.as_str())
            && let Some(row) = git_rows.last_mut()
        {
            row.status = MetaFacts::of(&head).status;
        }
        if changes.changes_document() || !templates_pending.is_empty() {
            let point =
                VersionPoint { folder: folder.clone(), ..pending_point(repo, Oid::from_str(commit)?, latest_point)? };
            let mut row = git_row(&point, &MetaFacts::of(&head), changes, RowSource::Pending);
            row.changes.extend(template_line(&templates_pending));
            git_rows.push(row);
            pending_row = true;
            if keep {
                pending = Some(Snapshot { point, blobs });
            }
        }
    }
    // Only templates changed since the latest version: a row of its own,
    // made by the newest commit.
    if !pending_row
        && !templates_pending.is_empty()
        && let Some(latest) = &previous
    {
        let point = pending_point(repo, until, latest.point.clone())?;
        let mut row = git_row(
            &point,
            &MetaFacts::none(),
            ChangeSet::unchanged(agreement, &latest.point.version),
            RowSource::Pending,
        );
        row.changes.extend(template_line(&templates_pending));
        row.kinds = crate::model::codes::ChangeKind::Update.label_de().to_owned();
        git_rows.push(row);
    }

    imported.sort_by(|a, b| crate::version::compare(&a.version, &b.version));
    let starts_at = index.starts_at().map(str::to_owned);
    let mut warnings = index.warnings.clone();
    if let Some(first) = &starts_at {
        warnings.extend(late_imported_rows(&mut imported, first, &git_rows));
    }
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
        // A version that changes no text (a draft released as it was) says
        // so: an empty cell would read as a change left out.
        if row.source == RowSource::Git && row.changes.is_empty() {
            row.changes.push(crate::diff::NO_CONTENT_CHANGES.to_owned());
        }
        // The day the version's changes take effect, where its changelog says.
        if let Some(day) = row.change_set.as_ref().and_then(|c| c.effective) {
            row.changes.push(format!("Wirksam ab {}", german_date(day, date_style)));
        }
        rows.push(row);
    }
    let table = HistoryTable {
        agreement: agreement.to_owned(),
        columns: columns.unwrap_or_else(crate::model::agreement::default_history_columns),
        rows,
        skipped,
        warnings,
        starts_at,
    };
    Ok(History { index, table, snapshots: kept, pending })
}

/// Takes out of `imported` the rows of versions after the first one in git,
/// with a warning for each. The imported table is the agreement's history
/// before it came into the repository: it may describe the version the
/// repository starts with, never a later one. A later version was made
/// here, and its row is what git recorded of it: an imported row of its
/// number (a row renumbered by mistake, or typed in by hand) must not
/// replace the changes git saw, a notifiable new sub-processor among them.
fn late_imported_rows(
    imported: &mut Vec<crate::model::agreement::HistoryRow>,
    first: &str,
    git_rows: &[HistoryRow],
) -> Vec<String> {
    let (kept, late): (Vec<_>, Vec<_>) =
        std::mem::take(imported).into_iter().partition(|row| not_after(&row.version, first));
    *imported = kept;
    late.iter()
        .map(|row| {
            let made = git_rows.iter().find(|r| r.source == RowSource::Git && r.version == row.version);
            match made.and_then(|r| r.commit.as_deref()) {
                Some(commit) => format!(
                    "the imported version table (`[history]`) has a row for version {}, which was made in this repository (commit {}): its row is written from git; delete the imported row (a version made here is described by its commit's `Summary:` trailer or a `[[changelog]]` entry)",
                    row.version,
                    &commit[..commit.len().min(12)]
                ),
                None => format!(
                    "the imported version table (`[history]`) has a row for version {}, after {}, the version this repository starts with, and git has no version {}: the row is not shown; delete it (imported rows record the versions before the repository)",
                    row.version, first, row.version
                ),
            }
        })
        .collect()
}

/// The point of changes pending after the version at `latest`, made by
/// `commit`: dated and signed by that commit, under the version's label.
fn pending_point(repo: &Repo, commit: Oid, latest: VersionPoint) -> Result<VersionPoint, HistoryError> {
    let git = repo.raw().find_commit(commit)?;
    Ok(VersionPoint {
        commit: commit.to_string(),
        commit_date: super::walk::commit_day(&git),
        author: super::walk::commit_text(&git).1,
        approved_by: None,
        summary: None,
        tagged: false,
        released: false,
        annex_only: None,
        ..latest
    })
}

/// The folder of a version, or why it cannot be used: the first error
/// (warnings before it do not say why).
fn readable_folder(loaded: Option<LoadedFolder>) -> Result<Folder, String> {
    let Some(loaded) = loaded else { return Err("the agreement folder is missing".to_owned()) };
    match loaded.unreadable() {
        Some(reason) => Err(reason),
        None => Ok(loaded.folder),
    }
}

/// The last readable version of the batches read so far.
struct Previous {
    point: VersionPoint,
    blobs: FolderBlobs,
    /// Its folder and entities, when it was loaded (not when its facts came
    /// from the cache).
    loaded: Option<(Folder, Entities)>,
}

impl Previous {
    /// Its folder and entities, loaded now if its facts came from the cache.
    fn load(
        &mut self,
        git: &git2::Repository,
        cache: &FileCache,
        agreement: &str,
    ) -> Result<(&Folder, &Entities), HistoryError> {
        let loaded = match self.loaded.take() {
            Some(loaded) => loaded,
            None => {
                let folder = readable_folder(Some(cache.load(git, &self.blobs)?)).map_err(|message| {
                    HistoryError::Unreadable {
                        agreement: agreement.to_owned(),
                        side: format!("at version {}", self.point.label()),
                        message,
                    }
                })?;
                let flat = entities(&folder);
                (folder, flat)
            }
        };
        let (folder, flat) = self.loaded.insert(loaded);
        Ok((folder, flat))
    }
}

/// What a version's row takes from its `agreement.toml`.
struct MetaFacts {
    status: String,
    date: Option<Date>,
    responsible: Option<String>,
    /// The dates of the annexes with versions of their own, by the label
    /// a version point names them with (`TOM`, `Unterauftragnehmer`).
    annex_dates: Vec<(String, Date)>,
}

impl MetaFacts {
    /// No facts: a row whose folder was not read.
    fn none() -> Self {
        Self { status: String::new(), date: None, responsible: None, annex_dates: Vec::new() }
    }

    fn of(folder: &Folder) -> Self {
        let meta = folder.agreement.as_ref().map(|a| &a.value.meta);
        let tom = folder.tom.as_ref().and_then(|t| Some((t.value.annex.label.clone(), t.value.annex.date?)));
        let list =
            folder.subprocessors.as_ref().and_then(|s| Some(("Unterauftragnehmer".to_owned(), s.value.list.date?)));
        Self {
            status: meta
                .map(|m| m.status_label.clone().unwrap_or_else(|| m.status.label_de().to_owned()))
                .unwrap_or_default(),
            date: meta.and_then(|m| m.date),
            responsible: meta.and_then(|m| m.responsible.clone()),
            annex_dates: tom.into_iter().chain(list).collect(),
        }
    }

    /// The date of the row of `point`: for a point where only an annex's
    /// own version changed, that annex's date, else the agreement's.
    fn date_of(&self, point: &VersionPoint) -> Option<Date> {
        let annex = point
            .annex_only
            .as_ref()
            .and_then(|(label, _)| self.annex_dates.iter().find(|(known, _)| known == label).map(|(_, date)| *date));
        annex.or(self.date)
    }
}

/// What the version table takes from one version: its changes against the
/// version before it and the facts of its own files. Kept in the history
/// cache under the blobs of both versions, so that two versions are
/// compared once per repository, not once per run.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct VersionFacts {
    changes: ChangeSet,
    status: String,
    date: Option<Date>,
    responsible: Option<String>,
    #[serde(default)]
    annex_dates: Vec<(String, Date)>,
    date_style: DateStyle,
    columns: Option<Vec<String>>,
    imported: Vec<crate::model::agreement::HistoryRow>,
}

impl VersionFacts {
    fn new(folder: &Folder, changes: ChangeSet) -> Self {
        let agreement = folder.agreement.as_ref().map(|a| &a.value);
        let MetaFacts { status, date, responsible, annex_dates } = MetaFacts::of(folder);
        Self {
            changes,
            status,
            date,
            responsible,
            annex_dates,
            date_style: agreement.map_or(DateStyle::Numeric, |a| a.meta.date_style),
            columns: agreement.and_then(|a| a.history.as_ref()).map(|h| h.columns.clone()),
            imported: agreement.and_then(|a| a.history.as_ref()).map(|h| h.row.clone()).unwrap_or_default(),
        }
    }

    fn meta(&self) -> MetaFacts {
        MetaFacts {
            status: self.status.clone(),
            date: self.date,
            responsible: self.responsible.clone(),
            annex_dates: self.annex_dates.clone(),
        }
    }
}

/// The history cache: `avv/history` in the git folder. A failure to write
/// it only costs the next run the comparisons.
fn facts_store(repo: &Repo) -> Store {
    Store::writable(repo.raw().commondir().join("avv").join("history"))
}

/// The key of a version's facts: both versions' files by blob (and the
/// avv build, through the hasher).
fn facts_key(before: Option<&FolderBlobs>, after: &FolderBlobs) -> Key {
    let mut hasher = KeyHasher::default();
    hasher.text("history-facts");
    for side in [before, Some(after)] {
        match side {
            None => hasher.field(b"none"),
            Some(blobs) => {
                hasher.text(&blobs.folder);
                for (name, id) in &blobs.files {
                    hasher.text(name).field(id.as_bytes());
                }
                hasher.field(b"end")
            }
        };
    }
    hasher.finish()
}

/// Cached facts that verify and parse; anything else is compared afresh.
fn cached_facts(store: &Store, key: &Key) -> Option<VersionFacts> {
    match store.get(key) {
        (Lookup::Hit, Some(bytes)) => serde_json::from_slice(&bytes).ok(),
        _ => None,
    }
}

/// Writes the facts of compared versions to the history cache on a thread
/// of its own while the next versions are compared: creating a thousand
/// small files is kernel work that would otherwise hold every core idle
/// between two batches. Dropping it waits for the last entry, so the next
/// run finds every one.
struct FactsWriter {
    store: Store,
    /// The thread and its channel; `None` where no thread could be started.
    thread: Option<(SyncSender<Entry>, JoinHandle<()>)>,
}

/// A cache entry on its way to the writer: its key and body.
type Entry = (Key, Vec<u8>);

impl FactsWriter {
    fn new(store: Store) -> Self {
        // Bounded: a writer that falls behind holds back the comparisons
        // rather than every entry in memory.
        let (sender, receiver) = sync_channel::<Entry>(BATCH);
        let theirs = store.clone();
        let thread = std::thread::Builder::new().name("avv-history-cache".to_owned()).spawn(move || {
            for (key, bytes) in receiver {
                // A cache that cannot be written is computed again next time.
                let _ = theirs.put(&key, &bytes);
            }
        });
        Self { store, thread: thread.ok().map(|thread| (sender, thread)) }
    }

    fn put(&self, key: Key, facts: &VersionFacts) {
        if let Ok(bytes) = serde_json::to_vec(facts) {
            self.put_bytes(key, bytes);
        }
    }

    /// Hands the entry to the thread, or writes it here without one.
    fn put_bytes(&self, key: Key, bytes: Vec<u8>) {
        let unsent = match &self.thread {
            Some((sender, _)) => sender.send((key, bytes)).err().map(|returned| returned.0),
            None => Some((key, bytes)),
        };
        if let Some((key, bytes)) = unsent {
            let _ = self.store.put(&key, &bytes);
        }
    }
}

impl Drop for FactsWriter {
    fn drop(&mut self) {
        if let Some((sender, thread)) = self.thread.take() {
            // Closing the channel ends the thread's loop.
            drop(sender);
            let _ = thread.join();
        }
    }
}

/// The row of a version found in git (or of the changes pending after
/// the latest version).
fn git_row(point: &VersionPoint, meta: &MetaFacts, changes: ChangeSet, source: RowSource) -> HistoryRow {
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
        _ => (point.label(), meta.status.clone(), Some(meta.date_of(point).unwrap_or(point.commit_date))),
    };
    HistoryRow {
        version,
        status,
        date,
        date_text: date.map(|d| german_date(d, DateStyle::Numeric)).unwrap_or_default(),
        responsible: meta
            .responsible
            .clone()
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
    let [.., responsible, change] = crate::model::agreement::history_headers(&table.columns);
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
        field(responsible, &row.responsible);
        field(change, &row.changes.join("\n"));
        if row.source == RowSource::Git && !row.kinds.is_empty() {
            field("Art", &row.kinds);
        }
        out.push('\n');
    }
    for skipped in &table.skipped {
        out.push_str(&format!("übersprungen: {skipped}\n"));
    }
    for warning in &table.warnings {
        out.push_str(&format!("Hinweis: {warning}\n"));
    }
    // For a terminal: data never starts a terminal sequence.
    crate::render::inline::printable(&out).into_owned()
}

/// The table in Markdown.
pub fn table_markdown(table: &HistoryTable) -> String {
    use crate::render::inline::{Flavor, escape_cell};
    let md = |s: &str| escape_cell(s, Flavor::Markdown);
    // Always the five columns a row has, whatever an imported table named.
    let headers: Vec<String> = crate::model::agreement::history_headers(&table.columns)
        .into_iter()
        .map(md)
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
            warnings: Vec::new(),
            starts_at: None,
        };
        let text = table_markdown(&table);
        let cells = |line: &str| line.matches('|').count();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "| Fassung | Stand | Datum | Verantwortlich | Änderung | Art der Änderung |");
        assert!(lines.iter().all(|l| cells(l) == 7), "{text}");
        // The text names the fields by the same headers: defaults where the table names none.
        let text = table_text(&table);
        assert!(text.contains("    Verantwortlich: DSB\n    Änderung: Erstfassung\n"), "{text}");
        let named = HistoryTable {
            columns: ["Fassung", "Stand", "Datum", "Zuständig", "Anpassung"].map(str::to_owned).to_vec(),
            ..table
        };
        let text = table_text(&named);
        assert!(text.contains("    Zuständig: DSB\n    Anpassung: Erstfassung\n"), "{text}");
        assert!(table_markdown(&named).starts_with("| Fassung | Stand | Datum | Zuständig | Anpassung |"));
    }

    /// Imported rows up to the first version in git stay; a later one goes,
    /// said with the commit that made its version or that git has none.
    #[test]
    fn imported_rows_after_the_first_version_in_git_are_taken_out_and_said() {
        let imported = |version: &str| crate::model::agreement::HistoryRow {
            version: version.into(),
            status: "final".into(),
            date: None,
            responsible: "DSB".into(),
            change: "von Hand".into(),
            kinds: Vec::new(),
            allow: Vec::new(),
            generated: false,
        };
        let git = |version: &str, source: RowSource| HistoryRow {
            version: version.into(),
            status: "finale Version".into(),
            date: None,
            date_text: String::new(),
            responsible: "DSB".into(),
            changes: Vec::new(),
            kinds: String::new(),
            source,
            commit: Some(format!("{:0>40}", version.replace('.', ""))),
            change_set: None,
        };
        let mut rows: Vec<_> = ["1.0", "1.5a", "1.8", "1.9", "2.0"].map(imported).to_vec();
        let git_rows = [git("1.8", RowSource::Git), git("1.9", RowSource::Git), git("2.0", RowSource::Pending)];
        let said = late_imported_rows(&mut rows, "1.8", &git_rows);
        assert_eq!(rows.iter().map(|r| r.version.as_str()).collect::<Vec<_>>(), ["1.0", "1.5a", "1.8"]);
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].contains("row for version 1.9, which was made in this repository (commit 000000000000)"));
        assert!(said[1].contains(
            "row for version 2.0, after 1.8, the version this repository starts with, and git has no version 2.0"
        ));
        let table = HistoryTable {
            agreement: "a".into(),
            columns: Vec::new(),
            rows: Vec::new(),
            skipped: Vec::new(),
            warnings: Vec::new(),
            starts_at: Some("1.8".into()),
        };
        assert!(table.imported_applies("1.5a") && table.imported_applies("1.8") && !table.imported_applies("1.10"));
        assert!(HistoryTable { starts_at: None, ..table }.imported_applies("9.9"), "no version in git: every row");
    }

    #[test]
    fn every_entry_is_written_when_the_writer_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let writer = FactsWriter::new(Store::writable(dir.path()));
        assert!(writer.thread.is_some());
        let keys: Vec<Key> = (0..300u32)
            .map(|n| {
                let mut hasher = KeyHasher::default();
                hasher.text(&n.to_string());
                hasher.finish()
            })
            .collect();
        for key in &keys {
            writer.put_bytes(*key, vec![b'x'; 20_000]);
        }
        drop(writer);
        // Read at once, the last written first: the next run finds every entry.
        let store = Store::writable(dir.path());
        assert!(
            keys.iter().rev().all(|key| matches!(store.get(key), (Lookup::Hit, Some(bytes)) if bytes.len() == 20_000))
        );
    }
}
