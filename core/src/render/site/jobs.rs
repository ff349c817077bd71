//! The documents of a build as jobs, and how each is rendered: through
//! the render cache, keyed by everything that goes into it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::synopses::{render_synopsis_file, synopsis_file};
use super::{BuildError, FEED, SiteOptions};
use crate::history::Loader;
use crate::model::customer::CustomerFile;
use crate::render::cache::RenderCache;
use crate::render::document::{render_document, safe_name};
use crate::render::edition::{Edition, Origin, Source};
use crate::render::{Format, TemplateSets, Templates, document_epoch};
use crate::store::{Key, KeyHasher};

/// One file of the site, made and written by one worker.
pub(super) enum Job<'a> {
    /// A document or Synopse: rendered through the cache, split between shards.
    Output(Output<'a>),
    /// An agreement's Atom feed of sub-processor changes.
    Feed { edition: &'a Edition, file: PathBuf },
    /// An agreement's page.
    Page { edition: &'a Edition },
    /// The page left under a name the agreement's folder had before,
    /// pointing to its page now.
    Moved { edition: &'a Edition, file: PathBuf },
}

/// A rendered file of the site.
pub(super) enum Output<'a> {
    /// The Synopse between two consecutive versions.
    Synopsis { old: &'a Source, new: &'a Source, format: Format, file: PathBuf },
    /// A downloadable document; `private`: into the private output.
    Document {
        source: &'a Source,
        instance: Option<(&'a str, &'a CustomerFile)>,
        format: Format,
        file: PathBuf,
        private: bool,
    },
}

impl Output<'_> {
    /// The file, relative to its folder.
    pub(super) fn file(&self) -> &Path {
        match self {
            Output::Synopsis { file, .. } | Output::Document { file, .. } => file,
        }
    }

    pub(super) fn format(&self) -> Format {
        match self {
            Output::Synopsis { format, .. } | Output::Document { format, .. } => *format,
        }
    }

    /// Whether it is a customer contract kept out of the public site.
    pub(super) fn is_private(&self) -> bool {
        matches!(self, Output::Document { private: true, .. })
    }

    /// The stamp its trace line names: the document's, or a Synopse's
    /// later version's.
    fn stamp(&self) -> &crate::render::Stamp {
        &self.printed().stamp
    }

    /// The source whose templates it is rendered with: the document's, or
    /// a Synopse's later version's.
    fn printed(&self) -> &Source {
        match self {
            Output::Document { source, .. } => source,
            Output::Synopsis { new, .. } => new,
        }
    }

    /// The templates it is rendered with.
    fn templates(&self, sets: &TemplateSets, loader: Option<&Loader>) -> Result<Arc<Templates>, BuildError> {
        sets.of(self.printed(), loader).map_err(BuildError::History)
    }
}

/// Every file of the site but the index: each agreement's documents in
/// every format, its customers' (the private ones when `private`), its
/// page, its Synopsen and its feed.
pub(super) fn plan<'a>(editions: &'a [Edition], options: &SiteOptions, private: bool) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
    // A former name stays the agreement's where nothing else claims it: no
    // agreement is called so now, and no other was called so before. Names
    // are compared as file systems that fold case see them, so a rename
    // from `Rocon` to `rocon` leaves nothing behind.
    let folded = |name: &str| safe_name(name).to_lowercase();
    let claims = |name: &str| {
        let now = editions.iter().filter(|e| folded(&e.id) == folded(name)).count();
        let before = editions.iter().filter(|e| e.former().any(|f| folded(f) == folded(name))).count();
        now + before
    };
    for edition in editions {
        for former in edition.former().filter(|name| claims(name) == 1) {
            let folder = PathBuf::from(safe_name(former));
            jobs.push(Job::Moved { edition, file: folder.join("index.html") });
            if edition.feed && edition.history.is_some() {
                jobs.push(Job::Feed { edition, file: folder.join(FEED) });
            }
        }
    }
    for edition in editions {
        let id = safe_name(&edition.id);
        for format in &options.formats {
            let ext = format.extension();
            for source in edition.versions().chain(edition.draft.iter()) {
                let file = Path::new(&id).join(edition.file(source, ext));
                jobs.push(Job::Output(Output::Document {
                    source,
                    instance: None,
                    format: *format,
                    file,
                    private: false,
                }));
            }
            for customer in &edition.customers {
                // A customer's contract holds its name, address and number:
                // public only where the instance says so.
                let private_output = private;
                let private = !customer.is_public();
                if private && !private_output {
                    continue;
                }
                let folder = if private { PathBuf::from(&id) } else { Path::new(&id).join("customers") };
                let file = folder.join(format!("{}.{ext}", safe_name(&customer.id)));
                jobs.push(Job::Output(Output::Document {
                    source: &customer.source,
                    instance: Some((&customer.id, &customer.instance.value)),
                    format: *format,
                    file,
                    private,
                }));
            }
        }
        jobs.push(Job::Page { edition });
        if edition.history.is_none() {
            continue;
        }
        let versions: Vec<&Source> = edition.versions().collect();
        for pair in versions.windows(2) {
            let (old, new) = (pair[0], pair[1]);
            for format in [Format::Html, Format::Pdf, Format::Docx] {
                if !options.formats.contains(&format) {
                    continue;
                }
                let file = Path::new(&id).join(synopsis_file(&old.key, &new.key, format));
                jobs.push(Job::Output(Output::Synopsis { old, new, format, file }));
            }
        }
        if edition.feed {
            jobs.push(Job::Feed { edition, file: Path::new(&id).join(FEED) });
        }
    }
    jobs
}

/// Refuses a build in which two documents would be written to one file
/// (names reduced to safe characters can meet: `1.0 final` and `1.0-final`),
/// so that no document silently replaces another.
pub(super) fn check_names(jobs: &[Job<'_>]) -> Result<(), BuildError> {
    // Keyed by the name folded to lower case: file systems that fold case
    // would merge `A.pdf` and `a.pdf`.
    let mut seen: std::collections::HashMap<(bool, String), String> = std::collections::HashMap::new();
    for job in jobs {
        let (private, file, what) = match job {
            Job::Output(Output::Document { file, private, source, instance, .. }) => (
                *private,
                file.as_path(),
                match instance {
                    Some((id, _)) => format!("customer instance `{id}`"),
                    None => format!("{} version {}", source.id, source.label),
                },
            ),
            Job::Output(Output::Synopsis { file, old, new, .. }) => {
                (false, file.as_path(), format!("Synopse {} → {}", old.label, new.label))
            }
            Job::Feed { file, .. } => (false, file.as_path(), "the feed".to_owned()),
            Job::Moved { file, edition } => (false, file.as_path(), format!("the pointer to `{}`", edition.id)),
            Job::Page { .. } => continue,
        };
        let key = (private, file.to_string_lossy().to_lowercase());
        if let Some(first) = seen.get(&key) {
            return Err(BuildError::NameClash { file: file.to_path_buf(), first: first.clone(), second: what });
        }
        seen.insert(key, what);
    }
    Ok(())
}

/// A template error of a version printed with its own commit's templates
/// says so: the templates in the working tree may be fine, and the ones
/// that fail are in the history (an avv release may have changed what
/// templates receive since).
fn committed_templates(error: BuildError, printed: &Source) -> BuildError {
    match (error, &printed.origin, printed.stamp.commit.as_deref()) {
        (
            BuildError::Render { document, source: source @ crate::render::RenderError::Template { .. } },
            Origin::Git(_),
            Some(commit),
        ) => BuildError::RenderCommitted {
            document,
            version: printed.label.clone(),
            commit: commit[..commit.len().min(12)].to_owned(),
            source: Box::new(source),
        },
        (error, ..) => error,
    }
}

/// The cache key of a rendered job: the kind, the format, the PDF epoch,
/// the trace commit, the template set and the hash of the data.
pub(super) fn key(
    output: &Output<'_>,
    templates: &TemplateSets,
    loader: Option<&Loader>,
    options: &SiteOptions,
) -> Result<Option<Key>, BuildError> {
    let mut hasher = KeyHasher::default();
    hasher.key(&output.templates(templates, loader)?.fingerprint());
    // Only a PDF and a DOCX carry a creation date.
    if matches!(output.format(), Format::Pdf | Format::Docx) {
        // Dated by the clock: a stored copy would carry another date.
        let Some(epoch) = document_epoch(options.epoch, output.stamp(), loader) else { return Ok(None) };
        hasher.text(&epoch.to_string());
    }
    match output {
        Output::Document { source, instance, format, .. } => {
            hasher.text("document").text(format.extension()).opt(source.stamp.commit.as_deref());
            hasher.key(&source.digest(loader).map_err(BuildError::History)?);
            match instance {
                Some((id, instance)) => hasher.field(b"instance").text(id).json(instance),
                None => hasher.field(b"agreement"),
            };
        }
        Output::Synopsis { old, new, format, .. } => {
            hasher.text("synopsis").text(format.extension()).text(options.synopsis.as_str());
            hasher.opt(new.stamp.commit.as_deref());
            hasher.key(&old.digest(loader).map_err(BuildError::History)?);
            hasher.key(&new.digest(loader).map_err(BuildError::History)?);
        }
    }
    Ok(Some(hasher.finish()))
}

/// Renders a document or Synopse, unless `cache` has it under `key`. With
/// `required` (a merge of shards) a document the cache lacks is an error.
/// Without a key (a PDF dated by the clock) it is always rendered.
pub(super) fn render(
    output: &Output<'_>,
    key: Option<&Key>,
    cache: &RenderCache,
    required: bool,
    templates: &TemplateSets,
    loader: Option<&Loader>,
    options: &SiteOptions,
) -> Result<Vec<u8>, BuildError> {
    let private = output.is_private();
    if let Some(bytes) = key.and_then(|key| cache.get(key, private)) {
        return Ok(bytes);
    }
    let document = || output.file().display().to_string();
    // A customer contract is in a shard only when asked for (it holds
    // personal data, and shards are uploaded as artifacts): without it the
    // merge renders the contract itself.
    if let Some(key) = key.filter(|_| required && !private) {
        if let Some(dir) = cache.damaged_in(key) {
            return Err(BuildError::DamagedInShard { document: document(), dir: dir.to_path_buf() });
        }
        return Err(BuildError::NotInShards { document: document() });
    }
    let templates = &*output.templates(templates, loader)?;
    let rendered = match output {
        Output::Document { source, instance, format, .. } => {
            source.folder(loader).map_err(BuildError::History).and_then(|folder| {
                let epoch = document_epoch(options.epoch, &source.stamp, loader);
                render_document(templates, &folder, *instance, *format, &source.stamp, epoch)
                    .map_err(|error| BuildError::Render { document: document(), source: error })
            })
        }
        Output::Synopsis { old, new, format, .. } => {
            render_synopsis_file(templates, old, new, *format, loader, options)
        }
    };
    let bytes = rendered.map_err(|error| committed_templates(error, output.printed()))?;
    match key {
        Some(key) => cache.put(key, &bytes, private),
        None => cache.count_uncached(),
    }
    Ok(bytes)
}
