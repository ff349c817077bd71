//! Validates many agreement folders in parallel.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::locate::{SourceMap, locate};
use crate::diagnostic::{Located, Severity, Summary};
use crate::load::{DiscoverError, agreement_folders, load_folder};

/// What to validate.
#[derive(Debug, Clone)]
pub struct ValidateOptions {
    /// Paths the user named: the repository, `agreements/`, folders or files.
    pub paths: Vec<PathBuf>,
    /// The repository root; symbolic links may not lead outside it.
    pub root: PathBuf,
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
    Ok(validate_folders(&folders, &options.root))
}

/// Validates the given agreement folders.
pub fn validate_folders(folders: &[PathBuf], root: &Path) -> Report {
    let results: Vec<(Vec<Located>, SourceMap, usize)> = folders
        .par_iter()
        .map(|dir| {
            let mut loaded = load_folder(dir, root);
            let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
            diagnostics.extend(super::check_folder(&loaded.folder));
            // Only files with findings need their text kept for snippets.
            let located = locate(diagnostics, &loaded.sources);
            let mut sources = SourceMap::new();
            for d in &located {
                for file in std::iter::once(&d.file).chain(d.labels.iter().map(|l| &l.file)) {
                    if let Some(text) = loaded.sources.get(Path::new(file)) {
                        sources.insert(Path::new(file), text.clone());
                    }
                }
            }
            (located, sources, loaded.files)
        })
        .collect();
    let mut report = Report { folders: folders.len(), ..Report::default() };
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
