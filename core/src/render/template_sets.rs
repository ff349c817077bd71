//! Which templates each published document is rendered with.
//!
//! A version is published as it was committed: its files, and the
//! repository's `templates/` folder, from the commit that made it. A
//! template changed after a version (a sentence added to
//! `document.typ.j2`) changes no document of that version, nor of a
//! customer who signed it; it prints with the next version, and until
//! then in the draft. What is not a version (the working tree, a draft,
//! a folder outside git) and the site's own pages render with the
//! working tree's templates.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use super::Templates;
use super::edition::{Origin, Source};
use super::templates::page_files;
use crate::history::{HistoryError, Loader, Oid, TemplateFiles};

/// The template sets of one build: the working tree's, and each commit's
/// that a published version was made in, read once per distinct folder.
pub struct TemplateSets {
    /// The working tree's `templates/` folder, read once.
    working_files: Arc<TemplateFiles>,
    working: Arc<Templates>,
    /// By commit (hex id).
    by_commit: Mutex<HashMap<String, Arc<Committed>>>,
    /// By the `templates/` tree (`None`: the commit has none), so that the
    /// commits sharing a folder share one set and one fingerprint.
    by_tree: Mutex<HashMap<Option<Oid>, Arc<Committed>>>,
}

/// One commit's folder: the set its documents render with, and the set
/// of a page showing one of them, made when first asked for.
struct Committed {
    files: Arc<TemplateFiles>,
    documents: Arc<Templates>,
    page: OnceLock<Arc<Templates>>,
}

impl TemplateSets {
    /// The sets of the repository (or folder) at `root`, whose
    /// `templates/` folder holds the working tree's overrides.
    pub fn new(root: &Path) -> Self {
        let working_files = Arc::new(TemplateFiles::working(root));
        Self {
            working: Arc::new(Templates::with_files(working_files.clone())),
            working_files,
            by_commit: Mutex::default(),
            by_tree: Mutex::default(),
        }
    }

    /// The working tree's templates: the site's index, feeds and
    /// stylesheet, and every document that is not a committed version.
    pub fn working(&self) -> &Templates {
        &self.working
    }

    /// The templates `source` is rendered with: those of the commit that
    /// made it, for a version read from git; else the working tree's.
    pub fn of(&self, source: &Source, loader: Option<&Loader>) -> Result<Arc<Templates>, HistoryError> {
        Ok(match self.committed(source, loader)? {
            Some(committed) => committed.documents.clone(),
            None => self.working.clone(),
        })
    }

    /// The templates of a site page that shows `source`: the page's own
    /// from the working tree, the document it embeds as [`Self::of`].
    pub fn page(&self, source: &Source, loader: Option<&Loader>) -> Result<Arc<Templates>, HistoryError> {
        Ok(match self.committed(source, loader)? {
            Some(committed) => committed
                .page
                .get_or_init(|| {
                    Arc::new(Templates::with_files(Arc::new(page_files(&committed.files, &self.working_files))))
                })
                .clone(),
            None => self.working.clone(),
        })
    }

    /// The folder of the commit that made `source`, for a version read from git.
    fn committed(&self, source: &Source, loader: Option<&Loader>) -> Result<Option<Arc<Committed>>, HistoryError> {
        let (Origin::Git(_), Some(commit), Some(loader)) = (&source.origin, source.stamp.commit.as_deref(), loader)
        else {
            return Ok(None);
        };
        if let Some(set) = self.by_commit.lock().ok().and_then(|sets| sets.get(commit).cloned()) {
            return Ok(Some(set));
        }
        let files = loader.templates_at(commit)?;
        let make = |files: TemplateFiles| {
            let files = Arc::new(files);
            Arc::new(Committed {
                documents: Arc::new(Templates::with_files(files.clone())),
                files,
                page: OnceLock::new(),
            })
        };
        let tree = files.tree;
        let set = match self.by_tree.lock() {
            Ok(mut sets) => sets.entry(tree).or_insert_with(|| make(files)).clone(),
            Err(_) => make(files),
        };
        if let Ok(mut sets) = self.by_commit.lock() {
            sets.insert(commit.to_owned(), set.clone());
        }
        Ok(Some(set))
    }
}
