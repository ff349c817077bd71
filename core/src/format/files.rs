//! Which files `avv fmt` formats, and formatting one of them from disk.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{FormatError, format_text};
use crate::load::discover::KNOWN_FILES;
use crate::load::file::read_text;
use crate::load::{DiscoverError, agreement_folders};
use crate::schema::FileKind;

/// A file to format.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FormatFile {
    /// Its path.
    pub path: PathBuf,
    /// What it holds.
    pub kind: FileKind,
}

/// The kind of a file by its name: the three files of an agreement folder,
/// `customers/*.toml`, or `avv.toml`.
pub fn kind_of(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    match name {
        "agreement.toml" => Some(FileKind::Agreement),
        "tom.toml" => Some(FileKind::Tom),
        "subprocessors.toml" => Some(FileKind::Subprocessors),
        "avv.toml" => Some(FileKind::Config),
        _ if name.ends_with(".toml") && path.parent().and_then(Path::file_name).is_some_and(|p| p == "customers") => {
            Some(FileKind::Customer)
        }
        _ => None,
    }
}

/// The files under `paths` (files, agreement folders, `agreements/` or a
/// repository), in order, without duplicates. A repository's `avv.toml`
/// comes along when the repository itself is named.
pub fn files_to_format(paths: &[PathBuf]) -> Result<Vec<FormatFile>, DiscoverError> {
    let mut out: Vec<FormatFile> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |file: FormatFile| {
        if seen.insert(file.clone()) {
            out.push(file);
        }
    };
    for path in paths {
        if path.is_file() {
            let kind = kind_of(path).ok_or_else(|| DiscoverError::NotAgreementFile(path.clone()))?;
            push(FormatFile { path: path.clone(), kind });
            continue;
        }
        let config = path.join("avv.toml");
        if path.join("agreements").is_dir() && config.is_file() {
            push(FormatFile { path: config, kind: FileKind::Config });
        }
        for folder in agreement_folders(std::slice::from_ref(path))? {
            for name in KNOWN_FILES {
                let file = folder.join(name);
                if let Some(kind) = kind_of(&file).filter(|_| file.is_file()) {
                    push(FormatFile { path: file, kind });
                }
            }
            let mut customers: Vec<PathBuf> = std::fs::read_dir(folder.join("customers"))
                .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
                .unwrap_or_default();
            customers.sort();
            for file in customers {
                if file.is_file() && kind_of(&file) == Some(FileKind::Customer) {
                    push(FormatFile { path: file, kind: FileKind::Customer });
                }
            }
        }
    }
    Ok(out)
}

/// Reads and formats one file: its text as read, and the canonical text.
/// `root` is the repository root (files may not escape it).
pub fn format_file(file: &FormatFile, root: &Path) -> (Option<Arc<String>>, Result<String, FormatError>) {
    match read_text(&file.path, root) {
        Ok(text) => {
            let formatted = format_text(file.kind, &file.path, &text);
            (Some(text), formatted)
        }
        Err(diagnostic) => (None, Err(FormatError::Invalid(diagnostic))),
    }
}

/// One file's outcome in [`format_all`].
#[derive(Debug)]
pub struct FileOutcome {
    /// The file.
    pub file: FormatFile,
    /// Its text as read (`None` when it could not be read).
    pub original: Option<Arc<String>>,
    /// The canonical text, or why there is none.
    pub formatted: Result<String, FormatError>,
}

impl FileOutcome {
    /// Whether formatting changes the file.
    pub fn changed(&self) -> bool {
        matches!((&self.original, &self.formatted), (Some(original), Ok(formatted)) if **original != **formatted)
    }
}

/// Formats `files` in parallel; outcomes in the order given.
pub fn format_all(files: &[FormatFile], root: &Path) -> Vec<FileOutcome> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|file| {
            let (original, formatted) = format_file(file, root);
            FileOutcome { file: file.clone(), original, formatted }
        })
        .collect()
}
