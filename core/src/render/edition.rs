//! What the site publishes of one agreement: each document with where its
//! folder comes from, the commit its trace line names and the file it is
//! written to.
//!
//! - The current document is the latest version as it was committed.
//! - Earlier versions are the archive, each from its own commit.
//! - A customer's contract is rendered from the version the customer signed.
//! - Changes no version names yet are a draft of their own (`<id>-entwurf`).
//!
//! Outside a git repository there is no history: the working tree is the
//! current document, without a commit.
//!
//! A version's folder is not held in memory: a [`Source`] names its files
//! by git blob and loads them when the document is rendered, so a build of
//! a thousand versions holds a few at a time.

use std::sync::{Arc, OnceLock};

use super::Stamp;
use super::cache::folder_key;
use super::document::{instance_id, safe_name};
use super::published::{self, Published};
use crate::history::{FolderBlobs, HistoryError, HistoryTable, Loader, Snapshot};
use crate::load::{Folder, Parsed};
use crate::model::customer::CustomerFile;
use crate::store::Key;

/// Where a document's folder comes from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A version's files in git, loaded when the document is rendered.
    Git(FolderBlobs),
    /// A folder in memory: the working tree.
    Memory(Arc<Folder>),
}

/// The version table a document prints: the one written from git, up to
/// its own version.
#[derive(Debug, Clone)]
pub struct Printed {
    /// The agreement's generated version table.
    pub table: Arc<HistoryTable>,
    /// The last row printed (a version label); `None`: every row.
    pub until: Option<String>,
}

/// One published document's source.
#[derive(Debug, Clone)]
pub struct Source {
    /// The agreement id it is published under (the current one, also for
    /// versions made under an earlier name).
    pub id: String,
    /// Where its folder comes from.
    pub origin: Origin,
    /// The version table it prints instead of the folder's own.
    pub printed: Option<Printed>,
    /// Marked as a draft of the changes since a version (see [`published::Draft`]).
    pub draft: Option<published::Draft>,
    /// The commit it is stamped with.
    pub stamp: Stamp,
    /// The key of its file name: the version ("1.8"), an annex point
    /// ("1.8-TOM-2.1") or `entwurf`.
    pub key: String,
    /// How pages name it ("1.8", "1.8 / TOM 2.1", "Entwurf").
    pub label: String,
    /// The hash of its folder, once computed; shared by the clones of this
    /// source (the customers who signed the version), and by no other.
    pub digest: Memo,
}

/// A [`Source`]'s folder hash, computed at most once.
#[derive(Debug, Clone, Default)]
pub struct Memo(Arc<OnceLock<Key>>);

impl Source {
    /// The folder as the document prints it; `loader` reads versions from
    /// git (`None` outside a repository, where every source is in memory).
    pub fn folder(&self, loader: Option<&Loader>) -> Result<Folder, HistoryError> {
        let mut folder = match &self.origin {
            Origin::Memory(folder) => Folder::clone(folder),
            Origin::Git(blobs) => {
                let loader = loader.ok_or_else(|| HistoryError::NotARepository(blobs.folder.clone().into()))?;
                let loaded = loader.load(blobs)?;
                if let Some(error) =
                    loaded.diagnostics.iter().find(|d| d.severity == crate::diagnostic::Severity::Error)
                {
                    return Err(HistoryError::Unreadable {
                        agreement: self.id.clone(),
                        side: format!("at version {}", self.label),
                        message: error.message.clone(),
                    });
                }
                loaded.folder
            }
        };
        folder.id.clone_from(&self.id);
        if let Some(draft) = &self.draft {
            folder = published::as_draft(&folder, draft);
        }
        if let Some(printed) = &self.printed {
            folder = published::with_generated_history(&folder, &printed.table, printed.until.as_deref());
        }
        Ok(folder)
    }

    /// The render cache's hash of [`Source::folder`], computed once.
    pub fn digest(&self, loader: Option<&Loader>) -> Result<Key, HistoryError> {
        if let Some(key) = self.digest.0.get() {
            return Ok(*key);
        }
        let key = folder_key(&self.folder(loader)?);
        Ok(*self.digest.0.get_or_init(|| key))
    }
}

/// A customer instance and the version it is rendered from.
#[derive(Debug, Clone)]
pub struct Customer {
    /// The instance's file stem.
    pub id: String,
    /// The instance.
    pub instance: Arc<Parsed<CustomerFile>>,
    /// The version the customer signed.
    pub source: Source,
}

impl Customer {
    /// Whether the instance is published on the public site.
    pub fn is_public(&self) -> bool {
        self.instance.value.instance.publish
    }
}

/// A customer instance whose contract cannot be built.
#[derive(Debug, Clone)]
pub struct Unavailable {
    /// The instance's file stem.
    pub id: String,
    /// The version it names.
    pub version: String,
    /// The instance, for the register of the private output.
    pub instance: Arc<Parsed<CustomerFile>>,
}

impl Unavailable {
    /// Why the contract is not built, and what to do, in a sentence.
    pub fn reason(&self) -> String {
        format!(
            "the contract of `{}` cannot be printed: it names version {}, whose text is not in the repository (only its row of the imported version table); keep the signed document with the record, or name the version the customer signed if it is another",
            self.id, self.version
        )
    }
}

/// Everything the site publishes of one agreement.
#[derive(Debug, Clone)]
pub struct Edition {
    /// The agreement id.
    pub id: String,
    /// The agreement's title (for the feed).
    pub title: String,
    /// The processor who publishes the agreement (the feed's author); the
    /// title when the processor's name is a placeholder.
    pub publisher: String,
    /// Whether the agreement has sub-processors to announce: a list in
    /// the working tree, or changes to one in its history. Without, it has
    /// no feed.
    pub feed: bool,
    /// The current version.
    pub current: Source,
    /// Earlier versions, oldest first.
    pub archive: Vec<Source>,
    /// Unpublished changes.
    pub draft: Option<Source>,
    /// The customer instances whose contracts can be built.
    pub customers: Vec<Customer>,
    /// The customer instances that name a version whose text neither git
    /// nor the working tree has (a version known only from the version
    /// table imported with the document): their contracts are not built,
    /// since another version's text would be printed as theirs.
    pub unavailable: Vec<Unavailable>,
    /// The version table written from git, if the agreement is in git.
    pub history: Option<Arc<HistoryTable>>,
    /// The status the agreement has now, as (code, label), where its
    /// version is still the current one's: a version withdrawn or
    /// superseded after its release is listed so, though its document
    /// prints the status it was released with.
    pub status_now: Option<(String, String)>,
    /// Every folder name its versions were published under, in the order
    /// they first appear (the current one among them once it has a
    /// version): the site keeps the feed and a page pointing here under
    /// each former name, so subscriptions and links survive a rename.
    pub names: Vec<String>,
}

/// The instances of `now`, each with the source of the version it signed
/// (`source`), or unavailable where there is none.
fn split_customers(now: &Folder, source: impl Fn(&str) -> Option<Source>) -> (Vec<Customer>, Vec<Unavailable>) {
    let mut customers = Vec::new();
    let mut unavailable = Vec::new();
    for c in &now.customers {
        let (id, version) = (instance_id(&c.path), &c.value.instance.version);
        match source(version) {
            Some(source) => customers.push(Customer { id, instance: c.clone(), source }),
            None => unavailable.push(Unavailable { id, version: version.clone(), instance: c.clone() }),
        }
    }
    (customers, unavailable)
}

/// The key of a draft's file name.
pub const DRAFT: &str = "entwurf";

impl Edition {
    /// The edition of the working-tree folder `now` of the repository at
    /// `root`, its history read from git; `head` is the stamp for what is
    /// not committed as a version.
    pub fn read(root: &std::path::Path, now: &Folder, head: &Stamp) -> Result<Self, HistoryError> {
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
        let title = now.agreement.as_ref().map(|a| a.value.meta.title.clone()).unwrap_or_default();
        let publisher = now
            .agreement
            .iter()
            .flat_map(|a| &a.value.party)
            .find(|p| p.role == crate::model::codes::PartyRole::Processor && !p.name.contains("{{"))
            .map_or_else(|| title.clone(), |p| p.name.clone());
        let lists = now.subprocessors.as_ref().is_some_and(|s| !s.value.subprocessor.is_empty());
        let announced = history.as_ref().is_some_and(|h| crate::render::feed::has_entries(&h.table));
        let feed = lists || announced;
        // The agreement's documents are rendered without its instances.
        let memory = Arc::new(Folder { customers: Vec::new(), ..now.clone() });
        let Some(history) = history else {
            let version = now.agreement.as_ref().map(|a| a.value.meta.version.clone()).unwrap_or_default();
            let current = Source {
                id: now.id.clone(),
                origin: Origin::Memory(memory),
                printed: None,
                draft: None,
                stamp: head.clone(),
                key: version.clone(),
                label: version,
                digest: Memo::default(),
            };
            // Without git, the working tree's version is the only text there is.
            let (customers, unavailable) =
                split_customers(now, |signed| (signed == current.key).then(|| current.clone()));
            return Self {
                id: now.id.clone(),
                title,
                publisher,
                feed: false,
                current,
                archive: Vec::new(),
                draft: None,
                customers,
                unavailable,
                history: None,
                status_now: None,
                names: Vec::new(),
            };
        };
        let table = Arc::new(history.table.clone());
        let source = |snapshot: &Snapshot| Source {
            id: now.id.clone(),
            origin: Origin::Git(snapshot.blobs.without_customers()),
            // Every version's documents print the table up to their own row,
            // the latest's too: changes committed after it (the draft's row)
            // are not part of it.
            printed: Some(Printed { table: table.clone(), until: Some(snapshot.point.label()) }),
            draft: None,
            stamp: Stamp { commit: Some(snapshot.point.commit.clone()) },
            key: snapshot.point.key(),
            label: snapshot.point.label(),
            digest: Memo::default(),
        };
        let mut archive: Vec<Source> = history.versions.iter().map(source).collect();
        let current = archive.pop().unwrap_or_else(|| Source {
            id: now.id.clone(),
            origin: Origin::Memory(memory.clone()),
            printed: None,
            draft: None,
            stamp: head.clone(),
            key: String::new(),
            label: String::new(),
            digest: Memo::default(),
        });
        let draft = history.draft.as_ref().map(|draft| Source {
            id: now.id.clone(),
            origin: Origin::Memory(memory.clone()),
            printed: Some(Printed { table: table.clone(), until: None }),
            draft: Some(draft.clone()),
            stamp: head.clone(),
            key: DRAFT.to_owned(),
            label: "Entwurf".to_owned(),
            digest: Memo::default(),
        });
        let working = now.agreement.as_ref().map(|a| a.value.meta.version.as_str());
        // The version the customer signed, as committed; a version not in
        // git yet is the working tree's; any other has no text here.
        let (customers, unavailable) = split_customers(now, |signed| match history.version(signed) {
            Some(snapshot) if history.current().is_some_and(|s| std::ptr::eq(s, snapshot)) => Some(current.clone()),
            Some(snapshot) => Some(source(snapshot)),
            None if working != Some(signed) => None,
            None => Some(match &draft {
                Some(draft) => Source {
                    origin: Origin::Memory(memory.clone()),
                    printed: None,
                    draft: None,
                    // Another folder than the draft's: a hash of its own.
                    digest: Memo::default(),
                    ..draft.clone()
                },
                None => current.clone(),
            }),
        });
        let latest = history.versions.last().map(|s| s.point.version.as_str());
        let status_now =
            now.agreement.as_ref().map(|a| &a.value.meta).filter(|meta| Some(meta.version.as_str()) == latest).map(
                |meta| {
                    let label = meta.status_label.clone().unwrap_or_else(|| meta.status.label_de().to_owned());
                    (meta.status.to_string(), label)
                },
            );
        let mut names: Vec<String> = Vec::new();
        for snapshot in &history.versions {
            if !names.contains(&snapshot.point.folder) {
                names.push(snapshot.point.folder.clone());
            }
        }
        Self {
            id: now.id.clone(),
            title,
            publisher,
            feed,
            current,
            archive,
            draft,
            customers,
            unavailable,
            history: Some(table),
            status_now,
            names,
        }
    }

    /// The name the feed's entry ids are made of: the folder's name at the
    /// agreement's first version, so that a rename does not make every
    /// entry a new one to feed readers.
    pub fn feed_name(&self) -> &str {
        self.names.first().unwrap_or(&self.id)
    }

    /// The names the agreement's folder had before, oldest first.
    pub fn former(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str).filter(|name| *name != self.id)
    }

    /// The file of a document of this agreement: `<id>-<key>.<ext>`.
    pub fn file(&self, source: &Source, extension: &str) -> String {
        format!("{}-{}.{extension}", safe_name(&self.id), safe_name(&source.key))
    }

    /// The published document named `key`: a version (`1.8`), an annex's
    /// own version (`1.8-TOM-2.1`) or the draft (`entwurf`).
    pub fn published(&self, key: &str) -> Option<&Source> {
        self.versions().chain(self.draft.as_ref()).find(|source| source.key == key)
    }

    /// The versions in order, the current last: what the Synopsen compare.
    pub fn versions(&self) -> impl Iterator<Item = &Source> {
        self.archive.iter().chain(std::iter::once(&self.current))
    }
}
