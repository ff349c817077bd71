//! The two versions a notice compares, read from git: a named range, or by
//! default the version before the latest against HEAD.

use thiserror::Error;

use crate::diff::{ChangeSet, EntityKind, Op, diff};
use crate::history::{HistoryError, Later, Oid, RangeText, Repo, readable, version_index};
use crate::load::Folder;
use crate::model::primitives::Date;

/// Why the versions to announce could not be read.
#[derive(Debug, Error)]
pub enum NoticeError {
    /// Reading the history failed.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// A side of the range names no commit.
    #[error("cannot read the range `{range}`")]
    Range {
        /// The range as given.
        range: String,
        /// Why.
        #[source]
        source: HistoryError,
    },
    /// The range ends before it starts: every change would read backwards.
    #[error("the range `{0}` runs backwards: its end is before its start; give the earlier revision first")]
    Backwards(String),
    /// The text is not a range.
    #[error("give the range as `<rev-a>..<rev-b>`")]
    NotARange,
    /// No range given, and there is no earlier version to compare with.
    #[error("`{0}` has only one version in the history; name the range to announce (`<rev-a>..<rev-b>`)")]
    OneVersion(String),
    /// The agreement is not there at the later end.
    #[error("agreement `{0}` does not exist at the later revision")]
    Missing(String),
    /// The agreement has no sub-processor list at the later end.
    #[error(
        "agreement `{id}` has no sub-processor list (subprocessors.toml) at {at}: there is nothing to announce under Art. 28(2)"
    )]
    NoList {
        /// The agreement id.
        id: String,
        /// The later commit, abbreviated.
        at: String,
    },
}

/// The two versions of an agreement a notice compares, and their changes.
#[derive(Debug)]
pub struct Sides {
    /// The earlier version; `None` where the agreement did not exist yet.
    pub before: Option<Folder>,
    /// The later version.
    pub after: Folder,
    /// The changes between them, without the customers' instances: a
    /// notice is about the agreement's sub-processors, its customers are
    /// only listed as affected.
    pub changes: ChangeSet,
    /// The later end as the range names it (`HEAD` without a range): where
    /// the notices of customers who signed a version within it end too.
    pub end: String,
}

impl Sides {
    /// The `notified` date the added, replaced or updated sub-processors
    /// share, if they name one: the day of the notice when none is given.
    pub fn notified_date(&self) -> Option<Date> {
        let list = &self.after.subprocessors.as_ref()?.value.subprocessor;
        let mut dates: Vec<Date> = self
            .changes
            .changes
            .iter()
            .filter(|c| c.entity == EntityKind::Subprocessor && c.op != Op::Removed)
            .filter_map(|c| list.iter().find(|s| s.id.as_str() == c.id)?.notified)
            .collect();
        dates.sort();
        dates.dedup();
        match dates.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

/// Reads the versions of agreement `id` that `range` (`<rev-a>..<rev-b>`,
/// where a side may be a version of the agreement: `1.7..1.8`) names. Without a range: the version before the latest as it was
/// published (the text the version table records for it, the last
/// released one before the latest that the first-parent history made),
/// against HEAD. So everything customers
/// were not told is announced: what the latest version changed, also while
/// it was a draft; what was committed under the old version's number before
/// the new one; and fixes committed since (a `since` moved to fit the
/// objection period). A side whose files do not parse is refused with its
/// first error: a broken list would read as "every sub-processor removed".
pub fn read_sides(repo: &Repo, id: &str, range: Option<&str>) -> Result<Sides, NoticeError> {
    let head = repo.resolve("HEAD")?;
    // Every name the agreement had: a range may lie before a rename.
    let index = version_index(repo, id, head)?;
    let (old, new) = match range {
        Some(text) => {
            match repo
                .range_in(text, Some(&index))
                .map_err(|source| NoticeError::Range { range: text.to_owned(), source })?
            {
                Some((from, to)) if from != to && repo.merge_base(from, to).ok() == Some(to) => {
                    return Err(NoticeError::Backwards(text.to_owned()));
                }
                Some(ends) => ends,
                None => return Err(NoticeError::NotARange),
            }
        }
        None => {
            let [earlier @ .., previous, _latest] = index.points.as_slice() else {
                return Err(NoticeError::OneVersion(id.to_owned()));
            };
            // A draft that was never released was never sent, nor was a
            // version a merged branch made (its changes are announced with
            // the version the merge made).
            let published = std::iter::once(previous).chain(earlier.iter().rev()).find(|p| p.released && !p.merged);
            (repo.resolve(&published.unwrap_or(previous).commit)?, head)
        }
    };
    let short = |commit: Oid| commit.to_string()[..12].to_owned();
    let mut after = None;
    for name in &index.names {
        if let Some(loaded) = repo.load_at(new, name)? {
            after = Some(readable(loaded, name, || format!("at {}", short(new)))?);
            break;
        }
    }
    let Some(after) = after else {
        return Err(NoticeError::Missing(id.to_owned()));
    };
    if after.subprocessors.is_none() {
        return Err(NoticeError::NoList { id: id.to_owned(), at: short(new) });
    }
    // The folder may have had another name at the earlier revision.
    let earlier_ids = repo.agreement_ids(old)?;
    let old_folder = repo
        .pair_across(old, Later::Commit(new), &[(after.id.clone(), after.previous_ids())], &earlier_ids)?
        .remove(&after.id)
        .or_else(|| index.names.iter().find(|n| earlier_ids.contains(n)).cloned())
        .unwrap_or_else(|| after.id.clone());
    let before = match repo.load_at(old, &old_folder)? {
        Some(loaded) => Some(readable(loaded, &old_folder, || format!("at {}", short(old)))?),
        None => None,
    };
    let changes = diff(before.as_ref().map(Folder::without_customers).as_ref(), &after.without_customers());
    let end = range.and_then(RangeText::of).map_or("HEAD", |sides| sides.to).to_owned();
    Ok(Sides { before, after, changes, end })
}
