//! Validates many agreement folders in parallel.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::cache::Cache;
use crate::diagnostic::locate::{SourceMap, locate};
use crate::diagnostic::{Code, Located, Severity, Summary};
use crate::load::{DiscoverError, agreement_folders, load_folder};

/// What to validate.
#[derive(Debug, Clone)]
pub struct ValidateOptions {
    /// Paths the user named: the repository, `agreements/`, folders or files.
    pub paths: Vec<PathBuf>,
    /// The repository root; symbolic links may not lead outside it.
    pub root: PathBuf,
    /// Reuse the findings of unchanged folders from the repository's
    /// validation cache (see [`Cache`]), and update it.
    pub cache: bool,
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Every finding, sorted by file and position.
    pub diagnostics: Vec<Located>,
    /// The texts of the files read, for rendering snippets.
    pub sources: SourceMap,
    /// How many files were read.
    pub files: usize,
    /// How many agreement folders were checked.
    pub folders: usize,
}

impl Report {
    /// Counts by severity.
    pub fn summary(&self) -> Summary {
        Summary::of(&self.diagnostics)
    }

    /// Whether the run found anything at or above `severity`.
    pub fn has_at_least(&self, severity: Severity) -> bool {
        self.diagnostics.iter().any(|d| d.severity >= severity)
    }
}

/// Validates the folders the options name.
pub fn validate(options: &ValidateOptions) -> Result<Report, DiscoverError> {
    let folders = agreement_folders(&options.paths)?;
    let mut report = if options.cache {
        let mut cache = Cache::for_repository(&options.root);
        let report = validate_folders_cached(&folders, &options.root, &mut cache);
        // A cache that cannot be written only costs the next run time.
        let _ = cache.save();
        report
    } else {
        validate_folders(&folders, &options.root)
    };
    // The repository's settings are checked with the agreements, as the
    // build checks them: a broken avv.toml must fail here, not at publish.
    let (_, findings, sources) = crate::config::load_config_located(&options.root);
    if !findings.is_empty() {
        report.diagnostics.extend(findings);
        report.sources.extend(sources);
        report.files += 1;
    }
    Ok(report)
}

/// One folder's findings, the texts they point into, and how many files
/// were read.
type FolderResult = (Vec<Located>, SourceMap, usize);

/// Validates the given agreement folders.
pub fn validate_folders(folders: &[PathBuf], root: &Path) -> Report {
    let results: Vec<FolderResult> = folders.par_iter().map(|dir| validate_folder(dir, root)).collect();
    assemble(folders.len(), results)
}

/// Validates the given folders, taking the findings of unchanged ones from
/// `cache` and storing the rest in it (the caller saves it).
pub fn validate_folders_cached(folders: &[PathBuf], root: &Path, cache: &mut Cache) -> Report {
    if !cache.is_enabled() {
        return validate_folders(folders, root);
    }
    let mut stamps: Vec<_> = folders.par_iter().map(|dir| cache.stamp(dir, root)).collect();
    let mut results: Vec<Option<FolderResult>> = Vec::with_capacity(folders.len());
    let mut misses = Vec::new();
    for (index, stamp) in stamps.iter().enumerate() {
        match stamp.as_ref().and_then(|stamp| cache.get(stamp)) {
            Some((located, files)) => {
                let sources = sources_of(&located, root);
                results.push(Some((located, sources, files)));
            }
            None => {
                results.push(None);
                misses.push(index);
            }
        }
    }
    let computed: Vec<FolderResult> = misses.par_iter().map(|&index| validate_folder(&folders[index], root)).collect();
    for (index, result) in misses.into_iter().zip(computed) {
        // A version unknown today may be committed tomorrow without any file
        // of the folder changing: such a folder is checked again every time.
        let answered_by_git = result.0.iter().any(|d| d.code == Code::InstanceVersionUnknown);
        if let Some(stamp) = stamps[index].take().filter(|_| !answered_by_git) {
            cache.put(stamp, &result.0, result.2);
        }
        results[index] = Some(result);
    }
    assemble(folders.len(), results.into_iter().flatten().collect())
}

fn validate_folder(dir: &Path, root: &Path) -> FolderResult {
    let mut loaded = load_folder(dir, root);
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    let signed = super::versions::signed_versions_at(root, &loaded.folder);
    diagnostics.extend(super::check_folder_with(&loaded.folder, &signed));
    super::versions::resolve(&signed, &loaded.folder, &mut diagnostics);
    // Only what the findings show is kept for snippets.
    let located = locate(diagnostics, &loaded.sources);
    let sources = loaded.sources.shown(&located);
    (located, sources, loaded.files)
}

/// The texts cached findings point into, read again for their snippets
/// with the checks of every read (a regular file inside the repository,
/// within the size limit): a file swapped for a link, a FIFO or a device
/// since the cache was written shows no snippet rather than host data.
fn sources_of(located: &[Located], root: &Path) -> SourceMap {
    let mut read = SourceMap::new();
    for (file, _) in located.iter().flat_map(Located::places) {
        if read.get(Path::new(file)).is_none()
            && let Some(text) = crate::load::file::read_shown(Path::new(file), root)
        {
            read.insert(Path::new(file), text);
        }
    }
    read.shown(located)
}

fn assemble(folders: usize, results: Vec<FolderResult>) -> Report {
    let mut report = Report { folders, ..Report::default() };
    for (diagnostics, sources, files) in results {
        report.diagnostics.extend(diagnostics);
        report.sources.extend(sources);
        report.files += files;
    }
    report
}

/// The benchmark's corpus generator, shared with the benchmark.
#[cfg(test)]
#[path = "../../tests/support/corpus.rs"]
mod corpus;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_corpus_is_clean() {
        let dir = tempfile::tempdir().unwrap();
        let folders = corpus::write_corpus(dir.path(), 20, 7).unwrap();
        assert_eq!(folders.len(), 20);
        let report = validate_folders(&folders, dir.path());
        let rendered: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {} {}", d.file, d.start.line, d.code, d.message))
            .collect();
        assert!(report.diagnostics.is_empty(), "{}", rendered.join("\n"));
        assert!(report.files >= 20 * 4, "{}", report.files);
    }

    #[test]
    fn generated_corpus_is_deterministic() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = corpus::write_corpus(a.path(), 3, 11).unwrap();
        let second = corpus::write_corpus(b.path(), 3, 11).unwrap();
        for (x, y) in first.iter().zip(&second) {
            for name in ["agreement.toml", "tom.toml", "subprocessors.toml"] {
                assert_eq!(std::fs::read(x.join(name)).unwrap(), std::fs::read(y.join(name)).unwrap());
            }
        }
    }
}
