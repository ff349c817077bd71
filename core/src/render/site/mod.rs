//! The static site: every agreement and every customer instance as
//! Markdown, HTML and PDF, an index of the agreements and one page per
//! agreement.
//!
//! 1. Everything is validated first; with any error nothing is written and
//!    the report goes back to the caller.
//! 2. The site is written into a temporary folder beside the target
//!    (`.<name>.tmp-<pid>`), the documents rendered in parallel and each
//!    written to disk as soon as it is done.
//! 3. The finished folder replaces the old site by two renames, so a build
//!    that fails or is interrupted leaves the previous site as it was.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use thiserror::Error;

use super::cache::{CacheStats, RenderCache};
use super::document::safe_name;
use super::edition::{Customer, Edition};
use super::feed::{FeedPlace, atom_feed, feed_view};
use super::{Format, RenderError, Stamp, TemplateSets, published};
use crate::config::{BaseUrl, Config};
use crate::diagnostic::Severity;
use crate::history::Loader;
use crate::load::{DiscoverError, Folder, agreement_folders, load_folder};
use crate::validate::{Report, validate_folders};

/// The file that marks a folder as a site avv built, and so as safe to
/// replace as a whole.
pub const MARKER: &str = ".avv-site";

/// What to build.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The repository root: `agreements/` is read from it, and a
    /// `templates/` folder in it overrides the default templates.
    pub root: PathBuf,
    /// The site folder; replaced as a whole.
    pub out: PathBuf,
    /// The commit the documents are stamped with.
    pub stamp: Stamp,
    /// The PDF creation time in seconds since 1970 (`SOURCE_DATE_EPOCH`).
    pub epoch: Option<i64>,
    /// The formats to publish, in the order the pages list them.
    pub formats: Vec<Format>,
    /// The folder for customer contracts that are not published (every
    /// instance without `publish = true`); replaced as a whole. `None`:
    /// they are not built at all.
    pub private_out: Option<PathBuf>,
    /// The render cache folder; `None`: every document is rendered.
    pub cache: Option<PathBuf>,
    /// Render only this share of the documents into `out`, as a shard
    /// folder for `merge`; no pages, no private output.
    pub shard: Option<Shard>,
    /// Shard folders to take every document from instead of rendering it.
    pub merge: Vec<PathBuf>,
    /// The layout of the Synopsen; the build takes it from `avv.toml`
    /// (`[site] synopsis`).
    pub synopsis: crate::render::synopsis::SynopsisLayout,
}

impl SiteOptions {
    /// Every format, no commit, no epoch, customer contracts into
    /// `private/` in the repository root.
    pub fn new(root: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Self {
            private_out: Some(root.join("private")),
            root,
            out: out.into(),
            stamp: Stamp::default(),
            epoch: None,
            formats: vec![Format::Pdf, Format::Docx, Format::Html, Format::Markdown],
            cache: None,
            shard: None,
            merge: Vec::new(),
            synopsis: Default::default(),
        }
    }
}

/// Progress of a build, reported from the worker threads.
pub trait Progress: Sync {
    /// Validation passed; `files` files are about to be written.
    fn start(&self, files: usize);
    /// `file` (relative to the site) was written.
    fn wrote(&self, file: &Path);
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _files: usize) {}
    fn wrote(&self, _file: &Path) {}
}

/// What a build did.
#[derive(Debug)]
pub struct SiteReport {
    /// The validation findings (warnings and notes too).
    pub validation: Report,
    /// The site written, or `None` when validation found errors and
    /// nothing was written.
    pub site: Option<BuiltSite>,
    /// What the agreements' histories could not take as they are (versions
    /// that could not be read, tags that name no version, imported rows of
    /// versions made in git, customer contracts of a version whose text the
    /// repository lacks), each as `<agreement>: <what>, with what to do`.
    pub history: Vec<String>,
}

/// A site written to disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltSite {
    /// The site folder.
    pub out: PathBuf,
    /// Its `index.html`.
    pub index: PathBuf,
    /// How many agreements it publishes.
    pub agreements: usize,
    /// How many documents (agreements and customer instances, per format).
    pub documents: usize,
    /// How many files were written.
    pub files: usize,
    /// The private folder of customer contracts, if one was written.
    pub private: Option<PathBuf>,
    /// How many documents it holds.
    pub private_documents: usize,
    /// What was rendered and what was taken from the cache or the shards.
    pub cache: CacheStats,
}

/// The file that marks a folder as avv's private output of customer
/// contracts, and so as safe to replace as a whole.
pub const PRIVATE_MARKER: &str = ".avv-private";

/// Why the site could not be built.
#[derive(Debug, Error)]
pub enum BuildError {
    /// The agreements could not be found.
    #[error("cannot find the agreements")]
    Discover(#[source] DiscoverError),
    /// The git history could not be read (e.g. a shallow clone).
    #[error("cannot read the history of the agreements")]
    History(#[source] crate::history::HistoryError),
    /// Two documents would be written to the same file.
    #[error("`{file}` would hold two documents ({first} and {second}); rename one of them")]
    NameClash {
        /// The file.
        file: PathBuf,
        /// The first document.
        first: String,
        /// The second.
        second: String,
    },
    /// The target is something other than the output avv builds there
    /// (`wanted`, marked by `marker`).
    #[error(
        "`{}` exists and is not {wanted} (no `{marker}` file); refusing to replace it: give `{option}` an empty or new folder",
        path.display()
    )]
    NotASite {
        /// The folder.
        path: PathBuf,
        /// What avv would build there ("a site avv built").
        wanted: &'static str,
        /// The file that marks it.
        marker: &'static str,
        /// The option that names the folder.
        option: &'static str,
    },
    /// The target is another kind of avv output than the one being built
    /// (a site where a shard folder goes, or the private output).
    #[error("`{path}` is {found}, not {wanted}; refusing to replace it: give `{option}` another folder")]
    OtherOutput {
        /// The folder.
        path: PathBuf,
        /// What it is.
        found: &'static str,
        /// What the build writes there.
        wanted: &'static str,
        /// The option that names it.
        option: &'static str,
    },
    /// The cache folder and an output folder would be one, or one inside
    /// the other: the swap of the output would remove the cache, or the
    /// cache's entries would be published.
    #[error(
        "the cache folder `{cache}` and the {what} `{out}` overlap: the build would remove or publish the cache; give `--cache-dir` a folder apart from both outputs (the default, `.git/avv/cache`, is)"
    )]
    CacheOverlap {
        /// The cache folder.
        cache: PathBuf,
        /// "site folder" or "private folder".
        what: &'static str,
        /// That folder.
        out: PathBuf,
    },
    /// Shares of a sharded build are missing from `--merge`.
    #[error(
        "the shard{plural} {missing} of {count} {verb} missing: pass every shard folder to `--merge` ({count} in all)",
        plural = if missing.contains(',') { "s" } else { "" },
        verb = if missing.contains(',') { "are" } else { "is" }
    )]
    MissingShards {
        /// The shares missing, as "2, 3".
        missing: String,
        /// How many shares the build has.
        count: usize,
    },
    /// The site and the private folder would be one, or one inside the other.
    #[error(
        "the site `{out}` and the private folder `{private}` overlap: customer contracts would be published with the site; give `--private-out` a folder outside the site (or `--no-private`)"
    )]
    Overlap {
        /// The site folder.
        out: PathBuf,
        /// The private folder.
        private: PathBuf,
    },
    /// An output or cache folder that would land among the sources.
    #[error(
        "the {what} `{path}` lies in the agreements or holds the repository: avv would write its files among the sources; give a folder outside `agreements/` (the default is fine)"
    )]
    AmongSources {
        /// What the folder is for ("site folder", "private folder", "cache folder").
        what: &'static str,
        /// The folder.
        path: PathBuf,
    },
    /// A cache folder that holds files avv did not write.
    #[error(
        "the cache folder `{dir}` holds `{found}`, which avv did not write: a cache folder holds avv's entries alone. If the folder is avv's cache, remove that file; else give `--cache-dir` an empty or new folder (`--no-cache` builds without one)"
    )]
    NotACache {
        /// The cache folder.
        dir: PathBuf,
        /// The first file or folder in it that is not a cache entry.
        found: PathBuf,
    },
    /// A cache folder that is a file, or lies under one.
    #[error("the cache folder `{0}` cannot be a folder: it is a file, or lies under one; give `--cache-dir` a folder")]
    CacheNotAFolder(PathBuf),
    /// A document or page failed to render.
    #[error("cannot render `{document}`")]
    Render {
        /// The document (agreement id, customer, format).
        document: String,
        /// The cause.
        #[source]
        source: RenderError,
    },
    /// A version's document failed to render with the templates of the
    /// commit that made it.
    #[error(
        "cannot render `{document}` with the templates of commit {commit}, which made version {version}: a version prints with the `templates/` it was published with"
    )]
    RenderCommitted {
        /// The document.
        document: String,
        /// The version.
        version: String,
        /// The commit, short.
        commit: String,
        /// The cause.
        #[source]
        source: Box<RenderError>,
    },
    /// A file or folder could not be written.
    #[error("cannot write `{path}`")]
    Write {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A shard folder given to `--merge` does not fit the build.
    #[error("shard `{dir}` {message}")]
    Shard {
        /// The shard folder.
        dir: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A document was in none of the merged shard folders.
    #[error(
        "`{document}` is in none of the shard folders; pass every shard's output to `--merge`. If you did, the shards were rendered from other content than the merge (uncommitted changes, another checkout): run the shards and the merge on the same clean checkout"
    )]
    NotInShards {
        /// The document's file.
        document: String,
    },
    /// A document's entry in a shard folder does not verify.
    #[error(
        "the entry of `{document}` in the shard `{dir}` is damaged (its checksum does not match its contents); run that shard again"
    )]
    DamagedInShard {
        /// The document's file.
        document: String,
        /// The shard folder.
        dir: PathBuf,
    },
    /// The new site could not be moved into place.
    #[error("cannot move the new site into `{path}`")]
    Replace {
        /// The target.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// Validates every agreement under `options.root` and, when there is no
/// error, builds the site into `options.out` (or, with `options.shard`, a
/// shard folder there).
pub fn build_site(options: &SiteOptions, progress: &dyn Progress) -> Result<SiteReport, BuildError> {
    // The folders as the system reaches them, once: `missing/../agreements`
    // does not exist until the build creates `missing`, after which it is
    // `agreements`. Checked and replaced under one name, never two.
    let options = &SiteOptions {
        out: swap::resolved(&options.out),
        private_out: options.private_out.as_deref().map(swap::resolved),
        cache: options.cache.as_deref().map(swap::resolved),
        ..options.clone()
    };
    swap::check_places(options)?;
    // Customer contracts must never land in the public site: checked before
    // anything is written, tidied or created.
    if let Some(private) = options.private_out.as_ref().filter(|_| options.shard.is_none()) {
        swap::check_apart(&options.out, private)?;
    }
    // One build at a time writes beside the site: a second waits here.
    let _turn = swap::take_turn(&options.out);
    // A build killed earlier may have left its staging folder, or the
    // previous site moved aside and not back: first of all, tidy up.
    crate::tidy::restore_and_tidy(&options.out);
    let private_out = options.private_out.as_ref();
    if let Some(private) = private_out {
        crate::tidy::restore_and_tidy(private);
    }
    let folders = agreement_folders(&[options.root.join("agreements")]).map_err(BuildError::Discover)?;
    let mut validation = validate_folders(&folders, &options.root);
    // The repository's settings are checked with the agreements: a wrong
    // base URL stops the build like any other error, with its place.
    let (config, config_findings, config_sources) = crate::config::load_config_located(&options.root);
    validation.diagnostics.extend(config_findings);
    validation.sources.extend(config_sources);
    if validation.has_at_least(Severity::Error) {
        return Ok(SiteReport { validation, site: None, history: Vec::new() });
    }
    let options = &SiteOptions { synopsis: config.site.synopsis, ..options.clone() };
    if options.shard.is_some() {
        check_replaceable(&options.out, SHARD_MANIFEST, "--out")?;
    } else {
        check_replaceable(&options.out, MARKER, "--out")?;
        if let Some(private) = private_out {
            check_replaceable(private, PRIVATE_MARKER, "--private-out")?;
        }
    }
    if !options.merge.is_empty() {
        shard::check_shards(&options.merge, options.stamp.commit.as_deref())?;
    }
    let folders: Vec<Folder> = folders.par_iter().map(|dir| load_folder(dir, &options.root).folder).collect();
    // The history written from git: every version as committed, generated
    // version tables, Synopsen, feeds and drafts. Git access is sequential
    // (git2 handles are not shared between threads); rendering stays parallel.
    let mut editions = Vec::with_capacity(folders.len());
    for folder in &folders {
        let history = published::read(&options.root, &folder.id, folder).map_err(BuildError::History)?;
        editions.push(Edition::new(folder, history, &options.stamp));
    }
    // Said, not only printed in a version table no one reads in CI.
    let history: Vec<String> = editions
        .iter()
        .flat_map(|edition| {
            let table = edition.history.iter();
            let skipped = table.clone().flat_map(|t| t.skipped.iter().map(|s| format!("skipped {s}")));
            let warnings = table.flat_map(|t| t.warnings.iter().cloned());
            let contracts = edition.unavailable.iter().map(|u| u.reason());
            skipped.chain(warnings).chain(contracts).map(|what| format!("{}: {what}", edition.id)).collect::<Vec<_>>()
        })
        .collect();
    // Only the editions are needed from here on; a version's folder is
    // loaded when it is rendered.
    drop(folders);
    // Each version with the templates of its own commit; the site's pages
    // with the working tree's.
    let templates = TemplateSets::new(&options.root);
    let loader = Loader::open(&options.root).map_err(BuildError::History)?;
    let context = Context {
        editions: &editions,
        templates: &templates,
        loader: loader.as_ref(),
        options,
        config: &config,
        progress,
    };
    if let Some(shard) = options.shard {
        return build_shard(&context, shard).map(|site| SiteReport { validation, site: Some(site), history });
    }
    let mut cache = match &options.cache {
        Some(dir) => RenderCache::at(dir),
        None => RenderCache::none(),
    };
    for dir in &options.merge {
        cache = cache.with_read_only(dir);
    }

    let staging = sibling(&options.out, "tmp")?;
    remove_if_present(&staging)?;
    let private_staging = match private_out {
        Some(private) => {
            let staging = sibling(private, "tmp")?;
            remove_if_present(&staging)?;
            Some(staging)
        }
        None => None,
    };
    let dirs = Dirs { public: &staging, private: private_staging.as_deref() };
    let built = write_site(&dirs, &context, &cache).and_then(|built| {
        replace(&staging, &options.out)?;
        if let (Some(staging), Some(private)) = (&private_staging, private_out) {
            replace(staging, private)?;
        }
        Ok(built)
    });
    match built {
        Ok(counts) => {
            let mut stats = cache.stats();
            // What this build did not use is dead weight: earlier versions of
            // documents, templates changed since. A merge renders nothing, so
            // its cache is left as it was.
            if options.merge.is_empty() {
                stats.pruned = cache.prune();
            }
            let site = BuiltSite {
                out: options.out.clone(),
                index: options.out.join("index.html"),
                agreements: editions.len(),
                documents: counts.documents,
                files: counts.files,
                private: options.private_out.clone(),
                private_documents: counts.private_documents,
                cache: stats,
            };
            Ok(SiteReport { validation, site: Some(site), history })
        }
        Err(error) => {
            // Best effort: the previous site is untouched either way.
            let _ = std::fs::remove_dir_all(&staging);
            if let Some(staging) = &private_staging {
                let _ = std::fs::remove_dir_all(staging);
            }
            Err(error)
        }
    }
}

/// The folders a build of `options` by this process writes before they are
/// swapped into place: an interrupted build (Ctrl-C, SIGTERM) removes them,
/// so no half-written site and no customer contract stays beside the outputs.
pub fn staging_folders(options: &SiteOptions) -> Vec<PathBuf> {
    let outputs = std::iter::once(&options.out).chain(options.private_out.iter().filter(|_| options.shard.is_none()));
    outputs.filter_map(|out| swap::sibling_path(&swap::resolved(out), "tmp")).collect()
}

/// What every part of a build reads.
struct Context<'a> {
    editions: &'a [Edition],
    templates: &'a TemplateSets,
    loader: Option<&'a Loader>,
    options: &'a SiteOptions,
    /// The repository's `avv.toml`.
    config: &'a Config,
    progress: &'a dyn Progress,
}

impl Context<'_> {
    /// Where the site is published, when `avv.toml` says.
    fn base_url(&self) -> Option<&BaseUrl> {
        self.config.site.base_url.as_ref()
    }
}

/// Where a build writes: the public site and the private output.
struct Dirs<'a> {
    public: &'a Path,
    private: Option<&'a Path>,
}

/// What a build wrote.
struct Counts {
    documents: usize,
    files: usize,
    private_documents: usize,
}

/// Renders this shard's share of the documents into a shard folder at
/// `options.out`: the entries, then the manifest, then the swap.
fn build_shard(context: &Context<'_>, shard: Shard) -> Result<BuiltSite, BuildError> {
    let options = context.options;
    let jobs = plan(context.editions, options, options.private_out.is_some());
    check_names(&jobs)?;
    let rendered: Vec<&Output<'_>> = jobs
        .iter()
        .filter_map(|job| match job {
            Job::Output(output) => Some(output),
            Job::Feed { .. } | Job::Page { .. } | Job::Moved { .. } => None,
        })
        .collect();
    // The expected cost: the format's weight times the size of the
    // agreement's files, the same figure in every job of the matrix.
    let sizes: std::collections::HashMap<String, u64> = context
        .editions
        .iter()
        .map(|edition| (safe_name(&edition.id), folder_size(&options.root, &edition.id)))
        .collect();
    let costs: Vec<(u64, &Path)> = rendered
        .iter()
        .map(|output| {
            // Every file lies in its agreement's folder.
            let id = output.file().iter().next().map(|c| c.to_string_lossy().into_owned()).unwrap_or_default();
            (shard::cost(output.format(), sizes.get(&id).copied().unwrap_or(0)), output.file())
        })
        .collect();
    let share = shard::assign(&costs, shard.count);
    let mine: Vec<&Output<'_>> =
        rendered.iter().zip(&share).filter(|(_, s)| **s + 1 == shard.index).map(|(output, _)| *output).collect();

    let staging = sibling(&options.out, "tmp")?;
    remove_if_present(&staging)?;
    // Rendered through the build's cache when it has one; every entry of
    // the share is then copied into the shard folder, verified.
    let cache = match &options.cache {
        Some(dir) => RenderCache::at(dir),
        None => RenderCache::shard(&staging),
    };
    let shard_store = crate::store::Store::writable(&staging);
    context.progress.start(mine.len() + 1);
    let result = (|| {
        create_dir(&staging)?;
        mine.par_iter().try_for_each(|output| {
            let key = jobs::key(output, context.templates, context.loader, options)?;
            let bytes = jobs::render(output, key.as_ref(), &cache, false, context.templates, context.loader, options)?;
            // A PDF dated by the clock has no key; the merge renders it itself.
            if let Some(key) = key.filter(|_| options.cache.is_some()) {
                shard_store.put(&key, &bytes).map_err(|source| BuildError::Write { path: staging.clone(), source })?;
            }
            context.progress.wrote(output.file());
            Ok::<(), BuildError>(())
        })?;
        let manifest = Manifest::new(shard, options.stamp.commit.clone(), mine.len());
        let text = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
        write(&staging, Path::new(SHARD_MANIFEST), text.as_bytes(), context.progress)?;
        replace(&staging, &options.out)
    })();
    if let Err(error) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    // Customer contracts (with --shard-private) are counted as what they are.
    let private_documents = mine.iter().filter(|output| output.is_private()).count();
    Ok(BuiltSite {
        out: options.out.clone(),
        index: options.out.join(SHARD_MANIFEST),
        agreements: context.editions.len(),
        documents: mine.len() - private_documents,
        files: mine.len() + 1,
        private: (private_documents > 0).then(|| options.out.clone()),
        private_documents,
        cache: cache.stats(),
    })
}

/// The bytes of an agreement's three files in the working tree.
fn folder_size(root: &Path, id: &str) -> u64 {
    let dir = root.join("agreements").join(id);
    ["agreement.toml", "tom.toml", "subprocessors.toml"]
        .iter()
        .filter_map(|name| std::fs::metadata(dir.join(name)).ok())
        .map(|metadata| metadata.len())
        .sum()
}

/// Writes the whole site into `dirs`; returns how many documents and files.
fn write_site(dirs: &Dirs<'_>, context: &Context<'_>, cache: &RenderCache) -> Result<Counts, BuildError> {
    let Context { editions, templates, loader, options, progress, .. } = *context;
    let required = !options.merge.is_empty();
    let jobs = plan(editions, options, dirs.private.is_some());
    check_names(&jobs)?;
    let private_documents = jobs.iter().filter(|job| matches!(job, Job::Output(o) if o.is_private())).count();
    let documents = jobs.iter().filter(|job| matches!(job, Job::Output(_))).count() - private_documents;
    // The jobs, the index, the stylesheet and the marker; the private marker and index.
    let files = jobs.len() + 3 + if dirs.private.is_some() { 2 } else { 0 };
    progress.start(files);

    let dir = dirs.public;
    create_dir(dir)?;
    write(dir, Path::new(MARKER), b"A site built by avv. `avv build` replaces this folder as a whole.\n", progress)?;
    if let Some(private) = dirs.private {
        create_dir(private)?;
        write(
            private,
            Path::new(PRIVATE_MARKER),
            b"Customer contracts built by avv: personal data, never to be published or committed. `avv build` replaces this folder as a whole.\n",
            progress,
        )?;
        let listing = private_index(editions, options);
        write(private, Path::new("index.html"), listing.as_bytes(), progress)?;
        for edition in editions {
            if edition.customers.iter().any(|c| !c.is_public()) {
                create_dir(&private.join(safe_name(&edition.id)))?;
            }
        }
    }
    let css = templates
        .working()
        .source("style.css")
        .map_err(|source| BuildError::Render { document: "style.css".into(), source })?;
    write(dir, Path::new("style.css"), css.as_bytes(), progress)?;
    for edition in editions {
        let id = safe_name(&edition.id);
        create_dir(&dir.join(&id))?;
        if edition.customers.iter().any(Customer::is_public) {
            create_dir(&dir.join(&id).join("customers"))?;
        }
    }
    for job in &jobs {
        if let Job::Moved { file, .. } = job
            && let Some(folder) = file.parent()
        {
            create_dir(&dir.join(folder))?;
        }
    }

    jobs.par_iter().try_for_each(|job| match job {
        Job::Output(output) => {
            let key = jobs::key(output, templates, loader, options)?;
            let bytes = jobs::render(output, key.as_ref(), cache, required, templates, loader, options)?;
            let target = if output.is_private() { dirs.private.unwrap_or(dir) } else { dir };
            write(target, output.file(), &bytes, progress)
        }
        Job::Feed { edition, file } => {
            let Some(history) = &edition.history else { return Ok(()) };
            // Under a former name too, the feed names the agreement's folder now.
            let folder = safe_name(&edition.id);
            let place = FeedPlace { folder: &folder, file: FEED, page: "index.html", base: context.base_url() };
            let view = feed_view(edition.feed_name(), &edition.title, &edition.publisher, history, place);
            let feed = atom_feed(templates.working(), &view)
                .map_err(|source| BuildError::Render { document: file.display().to_string(), source })?;
            write(dir, file, feed.as_bytes(), progress)
        }
        Job::Moved { edition, file } => {
            let page = pages::moved_page(edition, context.base_url());
            let page = templates
                .working()
                .render("site-moved.html.j2", &page)
                .map_err(|source| BuildError::Render { document: file.display().to_string(), source })?;
            write(dir, file, page.as_bytes(), progress)
        }
        Job::Page { edition } => {
            let file = Path::new(&safe_name(&edition.id)).join("index.html");
            let page = agreement_page(edition, loader, options, context.base_url())?;
            // The page shows the current version as its documents print it.
            let page = templates
                .page(&edition.current, loader)
                .map_err(BuildError::History)?
                .render("site-agreement.html.j2", &page)
                .map_err(|source| BuildError::Render { document: file.display().to_string(), source })?;
            write(dir, &file, page.as_bytes(), progress)
        }
    })?;

    let index = index_page(editions, loader, options, context.base_url())?;
    let index = templates
        .working()
        .render("site-index.html.j2", &index)
        .map_err(|source| BuildError::Render { document: "index.html".into(), source })?;
    write(dir, Path::new("index.html"), index.as_bytes(), progress)?;
    Ok(Counts { documents, files, private_documents })
}

/// The file name of an agreement's Atom feed.
pub const FEED: &str = "unterauftragnehmer.atom";

mod jobs;
pub(crate) mod pages;
mod shard;
mod swap;
mod synopses;

use jobs::{Job, Output, check_names, plan};
pub use pages::{
    AgreementEntry, AgreementPageView, ArchiveEntry, CustomerEntry, Download, DraftEntry, IndexView, NavLink,
    SynopsisLink, VersionRow, VersionTable,
};
use pages::{agreement_page, index_page, private_index};
pub use shard::{MANIFEST as SHARD_MANIFEST, Manifest, Shard};
use swap::{check_replaceable, create_dir, remove_if_present, replace, sibling, write};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::edition::Source;

    /// A repository with the render fixture as `agreements/acme` and a
    /// second agreement `beta` made from it.
    fn repository() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render/acme");
        copy_dir(&fixture, &tmp.path().join("agreements/acme"));
        let beta = tmp.path().join("agreements/beta");
        copy_dir(&fixture, &beta);
        std::fs::remove_dir_all(beta.join("customers")).unwrap();
        let agreement = std::fs::read_to_string(beta.join("agreement.toml")).unwrap();
        let agreement = agreement
            .replace("id = \"acme\"", "id = \"beta\"")
            .replace("title = \"Vertrag zur Auftragsverarbeitung\"", "title = \"Beta-Vertrag\"");
        std::fs::write(beta.join("agreement.toml"), agreement).unwrap();
        tmp
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &to.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }

    /// Text formats only: PDF is covered once, it is slow in debug builds.
    fn options(root: &Path) -> SiteOptions {
        SiteOptions { formats: vec![Format::Html, Format::Markdown], ..SiteOptions::new(root, root.join("site")) }
    }

    fn leftovers(root: &Path) -> Vec<String> {
        std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".site."))
            .collect()
    }

    struct Count(std::sync::atomic::AtomicUsize, std::sync::atomic::AtomicUsize);

    impl Progress for Count {
        fn start(&self, files: usize) {
            self.0.store(files, std::sync::atomic::Ordering::SeqCst);
        }
        fn wrote(&self, _file: &Path) {
            self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    #[test]
    fn index_lists_every_agreement_and_pages_link_their_files() {
        let repo = repository();
        let count = Count(0.into(), 0.into());
        let report = build_site(&options(repo.path()), &count).unwrap();
        let site = report.site.expect("the fixture is valid");
        assert_eq!(site.agreements, 2);
        // acme and beta, two formats each; acme's customer only in the private folder.
        assert_eq!(site.documents, 4);
        assert_eq!(site.private_documents, 2);
        assert_eq!(count.0.load(std::sync::atomic::Ordering::SeqCst), site.files);
        assert_eq!(count.1.load(std::sync::atomic::Ordering::SeqCst), site.files);

        let out = repo.path().join("site");
        let index = std::fs::read_to_string(out.join("index.html")).unwrap();
        for link in ["acme/index.html", "acme/acme-1.6.html", "acme/acme-1.6.md", "beta/index.html", "beta/beta-1.6.md"]
        {
            assert!(index.contains(&format!("href=\"{link}\"")), "index lacks {link}");
            assert!(out.join(link).is_file(), "{link} missing");
        }
        assert!(index.contains("Beta-Vertrag"));
        assert!(!index.contains(".pdf"), "PDF was not asked for");

        let page = std::fs::read_to_string(out.join("acme/index.html")).unwrap();
        for anchor in ["#Dokument", "#unterauftragnehmer-liste", "#tom", "#Versionen"] {
            assert!(page.contains(&format!("href=\"{anchor}\"")), "page nav lacks {anchor}");
            assert!(page.contains(&format!("id=\"{}\"", &anchor[1..])), "page lacks the target of {anchor}");
        }
        // The customer's contract is private: not linked, not published.
        assert!(!page.contains("Kundenfassungen") && !page.contains("customers/"));
        assert!(!out.join("acme/customers").exists());
        let private = repo.path().join("private");
        assert!(private.join("acme/kunde.md").is_file() && private.join(PRIVATE_MARKER).is_file());
        assert!(std::fs::read_to_string(private.join("index.html")).unwrap().contains("href=\"acme/kunde.html\""));
        assert!(out.join("style.css").is_file() && out.join(MARKER).is_file());
        assert!(leftovers(repo.path()).is_empty(), "{:?}", leftovers(repo.path()));
    }

    #[test]
    fn pdfs_and_docx_are_published_beside_the_text_formats() {
        let repo = repository();
        std::fs::remove_dir_all(repo.path().join("agreements/beta")).unwrap();
        let options =
            SiteOptions { epoch: Some(1_700_000_000), ..SiteOptions::new(repo.path(), repo.path().join("site")) };
        let site = build_site(&options, &Quiet).unwrap().site.unwrap();
        assert_eq!((site.documents, site.private_documents), (4, 4));
        for file in ["site/acme/acme-1.6.pdf", "private/acme/kunde.pdf"] {
            let bytes = std::fs::read(repo.path().join(file)).unwrap();
            assert!(bytes.starts_with(b"%PDF-"), "{file}");
        }
        for file in ["site/acme/acme-1.6.docx", "private/acme/kunde.docx"] {
            let bytes = std::fs::read(repo.path().join(file)).unwrap();
            assert!(bytes.starts_with(b"PK\x03\x04"), "{file}");
        }
    }

    #[test]
    fn a_failing_build_leaves_the_old_site() {
        let repo = repository();
        let options = options(repo.path());
        build_site(&options, &Quiet).unwrap().site.unwrap();
        let index = options.out.join("index.html");
        let before = std::fs::read(&index).unwrap();

        // A template bug fails the build half-way.
        std::fs::create_dir(repo.path().join("templates")).unwrap();
        std::fs::write(repo.path().join("templates/document.md.j2"), "{{ no_such_variable }}\n").unwrap();
        std::fs::write(repo.path().join("agreements/beta/agreement.toml"), {
            let text = std::fs::read_to_string(repo.path().join("agreements/beta/agreement.toml")).unwrap();
            text.replace("Beta-Vertrag", "Gamma-Vertrag")
        })
        .unwrap();
        let error = build_site(&options, &Quiet).unwrap_err();
        assert!(matches!(error, BuildError::Render { .. }), "{error}");
        assert_eq!(std::fs::read(&index).unwrap(), before);
        assert!(leftovers(repo.path()).is_empty(), "{:?}", leftovers(repo.path()));

        // Findings with errors: nothing is written at all.
        std::fs::remove_dir_all(repo.path().join("templates")).unwrap();
        std::fs::write(repo.path().join("agreements/beta/tom.toml"), "schema_version = [").unwrap();
        let report = build_site(&options, &Quiet).unwrap();
        assert!(report.site.is_none());
        assert!(report.validation.has_at_least(Severity::Error));
        assert_eq!(std::fs::read(&index).unwrap(), before);
        assert!(leftovers(repo.path()).is_empty());
    }

    #[test]
    fn two_documents_never_share_a_file() {
        let source = |label: &str| Source {
            id: "x".into(),
            origin: super::super::edition::Origin::Memory(Default::default()),
            printed: None,
            draft: None,
            stamp: Stamp::default(),
            key: label.to_owned(),
            label: label.to_owned(),
            digest: Default::default(),
        };
        let (a, b) = (source("1.0 final"), source("1.0-final"));
        let job = |source: &'static Source, file: &str| {
            Job::Output(Output::Document {
                source,
                instance: None,
                format: Format::Html,
                file: PathBuf::from(file),
                private: false,
            })
        };
        let (a, b): (&'static Source, &'static Source) = (Box::leak(Box::new(a)), Box::leak(Box::new(b)));
        let clash = check_names(&[job(a, "x/x-1.0-final.html"), job(b, "x/x-1.0-final.html")]).unwrap_err();
        assert!(clash.to_string().contains("would hold two documents"), "{clash}");
        // Case folding file systems would merge these too.
        assert!(check_names(&[job(a, "x/x-1.0a.html"), job(b, "x/x-1.0A.html")]).is_err());
        // The same name in the site and in the private output is fine.
        let private = Job::Output(Output::Document {
            source: a,
            instance: None,
            format: Format::Html,
            file: "x/k.html".into(),
            private: true,
        });
        assert!(check_names(&[job(b, "x/k.html"), private]).is_ok());
    }

    #[test]
    fn a_folder_avv_did_not_build_is_never_replaced() {
        let repo = repository();
        let out = repo.path().join("site");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let error = build_site(&options(repo.path()), &Quiet).unwrap_err();
        assert!(matches!(error, BuildError::NotASite { .. }), "{error}");
        assert!(error.to_string().contains("is not a site avv built (no `.avv-site` file)"), "{error}");
        assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        // The private output's folder is named as what it is, with its option.
        std::fs::remove_file(out.join("notes.txt")).unwrap();
        let private = repo.path().join("private");
        std::fs::create_dir(&private).unwrap();
        std::fs::write(private.join("brief.md"), "mine").unwrap();
        let with_private = SiteOptions { private_out: Some(private.clone()), ..options(repo.path()) };
        let error = build_site(&with_private, &Quiet).unwrap_err().to_string();
        assert!(
            error.contains("is not avv's private folder of customer contracts (no `.avv-private` file)")
                && error.contains("give `--private-out` an empty or new folder"),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(private.join("brief.md")).unwrap(), "mine");
        std::fs::remove_dir_all(&private).unwrap();
        // An empty folder is fine.
        assert!(build_site(&options(repo.path()), &Quiet).unwrap().site.is_some());
    }

    #[test]
    fn hostile_names_stay_text_on_the_pages() {
        let repo = repository();
        // Published on purpose, so that its name is on the page.
        let customer = repo.path().join("agreements/acme/customers/kunde.toml");
        let text = std::fs::read_to_string(&customer).unwrap();
        std::fs::write(&customer, text.replacen("[instance]\n", "[instance]\npublish = true\n", 1)).unwrap();
        build_site(&options(repo.path()), &Quiet).unwrap().site.unwrap();
        let out = repo.path().join("site");
        for page in ["index.html", "acme/index.html", "acme/acme-1.6.html", "acme/customers/kunde.html"] {
            let html = std::fs::read_to_string(out.join(page)).unwrap().to_lowercase();
            assert!(!html.contains("<script"), "{page}");
            assert!(!html.contains("<img"), "{page}");
        }
        let page = std::fs::read_to_string(out.join("acme/index.html")).unwrap();
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"), "the customer's name on the page");
    }
}
