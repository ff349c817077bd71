//! Customers who signed a version after a notice's first one: a version a
//! merged branch released (1.9 within the notice of 1.8 → 1.10), or any
//! version within a range named across several. They saw what came before
//! their version when they signed it, so their letters announce only what
//! changed since.

use std::collections::{BTreeMap, BTreeSet};

use super::{Notice, NoticeError, notice_with, read_sides};
use crate::history::Repo;
use crate::validate::customer::SignedVersions;
use crate::version::compare;

/// A notice for the customers who signed one version after the first of
/// the notice it was split from.
#[derive(Debug)]
pub struct LaterStart {
    /// The version they signed, where their notice starts.
    pub version: String,
    /// Their notice: from `version` to the same end, only these customers.
    pub notice: Notice,
}

impl Notice {
    /// The notice for the affected customers `keep` accepts only.
    pub fn only(mut self, keep: impl Fn(&str) -> bool) -> Self {
        self.affected.retain(|c| keep(&c.id));
        for terms in &mut self.terms {
            terms.customers.retain(|id| keep(id));
        }
        self
    }
}

/// `notice` without the affected customers who signed a version after its
/// first, and those customers (ids) by that version.
pub fn split_within(notice: Notice) -> (Notice, BTreeMap<String, BTreeSet<String>>) {
    let mut starts: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let Some(from) = &notice.from else { return (notice, starts) };
    for customer in notice.affected.iter().filter(|c| compare(&c.version, from).is_gt()) {
        starts.entry(customer.version.clone()).or_default().insert(customer.id.clone());
    }
    if starts.is_empty() {
        return (notice, starts);
    }
    let first = notice.only(|c| !starts.values().any(|ids| ids.contains(c)));
    (first, starts)
}

/// Splits `notice` (of agreement `id`, ending at revision `to`) by where
/// each customer's record starts: those who signed a version after the
/// notice's first get a notice of their own from that version, read from
/// git and dated as `notice`; the rest stay in the first.
pub fn by_start(
    repo: &Repo,
    id: &str,
    notice: Notice,
    to: &str,
    signed: &SignedVersions,
) -> Result<(Notice, Vec<LaterStart>), NoticeError> {
    let date = notice.date;
    let (first, starts) = split_within(notice);
    let mut later = Vec::new();
    for (version, ids) in starts {
        let sides = read_sides(repo, id, Some(&format!("{version}..{to}")))?;
        let own = notice_with(sides.before.as_ref(), &sides.after, &sides.changes, date, signed);
        later.push(LaterStart { version, notice: own.only(|c| ids.contains(c)) });
    }
    Ok((first, later))
}
