//! What the site publishes of one agreement: each document with the folder
//! it is rendered from, the commit its trace line names and the file it is
//! written to.
//!
//! - The current document is the latest version as it was committed.
//! - Earlier versions are the archive, each from its own commit.
//! - A customer's contract is rendered from the version the customer signed.
//! - Changes no version names yet are a draft of their own (`<id>-entwurf`).
//!
//! Outside a git repository there is no history: the working tree is the
//! current document, without a commit.

use super::Stamp;
use super::document::{instance_id, safe_name};
use super::published::{self, Published};
use crate::history::{HistoryTable, Snapshot};
use crate::load::Folder;
use crate::model::customer::CustomerFile;

/// One published document's source.
#[derive(Debug, Clone)]
pub struct Source {
    /// The folder it is rendered from.
    pub folder: Folder,
    /// The commit it is stamped with.
    pub stamp: Stamp,
    /// The key of its file name: the version ("1.8"), an annex point
    /// ("1.8-TOM-2.1") or `entwurf`.
    pub key: String,
    /// How pages name it ("1.8", "1.8 / TOM 2.1", "Entwurf").
    pub label: String,
}

/// A customer instance and the version it is rendered from.
#[derive(Debug, Clone)]
pub struct Customer {
    /// The instance's file stem.
    pub id: String,
    /// The instance.
    pub instance: CustomerFile,
    /// The version the customer signed.
    pub source: Source,
}

/// Everything the site publishes of one agreement.
#[derive(Debug, Clone)]
pub struct Edition {
    /// The agreement id.
    pub id: String,
    /// The current version.
    pub current: Source,
    /// Earlier versions, oldest first.
    pub archive: Vec<Source>,
    /// Unpublished changes.
    pub draft: Option<Source>,
    /// The customer instances.
    pub customers: Vec<Customer>,
    /// The version table written from git, if the agreement is in git.
    pub history: Option<HistoryTable>,
}

/// The key of a draft's file name.
pub const DRAFT: &str = "entwurf";

impl Edition {
    /// The edition of the working-tree folder `now` of the repository at
    /// `root`, its history read from git; `head` is the stamp for what is
    /// not committed as a version.
    pub fn read(root: &std::path::Path, now: &Folder, head: &Stamp) -> Result<Self, crate::history::HistoryError> {
        let history = published::read(root, &now.id, now)?;
        Ok(Self::new(now, history, head))
    }

    /// The customer instance with file stem `id`.
    pub fn customer(&self, id: &str) -> Option<&Customer> {
        self.customers.iter().find(|c| c.id == id)
    }

    /// What `avv render` shows of the agreement itself: the draft when
    /// there are unpublished changes, else the current version.
    pub fn latest(&self) -> &Source {
        self.draft.as_ref().unwrap_or(&self.current)
    }

    /// The edition of the working-tree folder `now`, with its history
    /// from git (`None` outside a repository); `head` is the stamp for
    /// what is not committed as a version.
    pub fn new(now: &Folder, history: Option<Published>, head: &Stamp) -> Self {
        let Some(history) = history else {
            let version = now.agreement.as_ref().map(|a| a.value.meta.version.clone()).unwrap_or_default();
            let current = Source { folder: now.clone(), stamp: head.clone(), key: version.clone(), label: version };
            let customers = now
                .customers
                .iter()
                .map(|c| Customer { id: instance_id(&c.path), instance: c.value.clone(), source: current.clone() })
                .collect();
            return Self { id: now.id.clone(), current, archive: Vec::new(), draft: None, customers, history: None };
        };
        let source = |snapshot: &Snapshot, latest: bool| {
            let until = if latest { None } else { Some(snapshot.point.label()) };
            Source {
                folder: published::with_generated_history(&snapshot.folder, &history.table, until.as_deref()),
                stamp: Stamp { commit: Some(snapshot.point.commit.clone()) },
                key: snapshot.point.key(),
                label: snapshot.point.label(),
            }
        };
        let count = history.versions.len();
        let mut archive: Vec<Source> =
            history.versions.iter().enumerate().map(|(i, s)| source(s, i + 1 == count)).collect();
        let current = archive.pop().unwrap_or_else(|| Source {
            folder: now.clone(),
            stamp: head.clone(),
            key: String::new(),
            label: String::new(),
        });
        let draft = history.draft.as_ref().map(|draft| Source {
            folder: published::with_generated_history(draft, &history.table, None),
            stamp: head.clone(),
            key: DRAFT.to_owned(),
            label: "Entwurf".to_owned(),
        });
        let customers = now
            .customers
            .iter()
            .map(|c| {
                let signed = &c.value.instance.version;
                // The version the customer signed, as committed; a version not
                // in git yet is the working tree's (validation holds the
                // instance to a version that exists).
                let source = match history.version(signed) {
                    Some(snapshot) if history.current().is_some_and(|s| std::ptr::eq(s, snapshot)) => current.clone(),
                    Some(snapshot) => source(snapshot, false),
                    None => match &draft {
                        Some(draft) => Source { folder: now.clone(), ..draft.clone() },
                        None => current.clone(),
                    },
                };
                Customer { id: instance_id(&c.path), instance: c.value.clone(), source }
            })
            .collect();
        Self { id: now.id.clone(), current, archive, draft, customers, history: Some(history.table) }
    }

    /// The file of a document of this agreement: `<id>-<key>.<ext>`.
    pub fn file(&self, source: &Source, extension: &str) -> String {
        format!("{}-{}.{extension}", safe_name(&self.id), safe_name(&source.key))
    }

    /// The versions in order, the current last: what the Synopsen compare.
    pub fn versions(&self) -> impl Iterator<Item = &Source> {
        self.archive.iter().chain(std::iter::once(&self.current))
    }
}
