//! Reading one file defensively: whatever is on disk yields text or a
//! located diagnostic, never a panic.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Anchor, Diagnostic};

/// Files larger than this are refused; no real agreement file comes close.
pub const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// Reads `path` as UTF-8 TOML text. `root` is the repository root: a
/// symbolic link that leads outside it is refused.
pub fn read_text(path: &Path, root: &Path) -> Result<Arc<String>, Box<Diagnostic>> {
    read_listed(path, root, None)
}

/// As [`read_text`], for a file found in a directory listing. When the
/// listing's entry type (free on most file systems) says it is a regular
/// file, no `lstat` is needed first: the size limit is checked while
/// reading. Anything else, a link in particular, gets every check.
pub fn read_listed(
    path: &Path,
    root: &Path,
    listed: Option<std::fs::FileType>,
) -> Result<Arc<String>, Box<Diagnostic>> {
    let problem = |code: &'static str, message: String, help: &str| {
        Err(Box::new(Diagnostic::new(code, path, Anchor::File, message).with_help(help)))
    };
    let unreadable = |error: std::io::Error| {
        problem(
            "unreadable-file",
            format!("cannot read `{}`: {error}", path.display()),
            "check that the file exists and is readable",
        )
    };
    let too_large = |size: u64| {
        problem(
            "file-too-large",
            format!("`{}` is {size} bytes; the limit is {MAX_FILE_SIZE} bytes (4 MiB)", path.display()),
            "agreement files are text of a few hundred kilobytes at most; check that this is the right file",
        )
    };
    // Most files are read whole in one call at this size.
    let mut capacity = 64 * 1024;
    if !listed.is_some_and(|kind| kind.is_file()) {
        let link = match std::fs::symlink_metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => return unreadable(error),
        };
        // A plain file's own metadata is all there is; only a link needs the
        // target's (one `stat` less per file on the common path).
        let metadata = if link.file_type().is_symlink() {
            let inside = match (std::fs::canonicalize(path), std::fs::canonicalize(root)) {
                (Ok(target), Ok(root)) => target.starts_with(root),
                _ => false,
            };
            if !inside {
                return problem(
                    "symlink-outside-repo",
                    format!("`{}` is a symbolic link that leads outside the repository (or nowhere)", path.display()),
                    "replace the link with the file itself so that it is reviewed with the repository",
                );
            }
            match std::fs::metadata(path) {
                Ok(metadata) => metadata,
                Err(error) => return unreadable(error),
            }
        } else {
            link
        };
        if !metadata.is_file() {
            return problem(
                "not-a-file",
                format!("`{}` is a directory or special file, not a TOML file", path.display()),
                "agreement files must be regular files; rename or remove the directory",
            );
        }
        if metadata.len() > MAX_FILE_SIZE {
            return too_large(metadata.len());
        }
        capacity = metadata.len() as usize;
    }
    let mut bytes = Vec::with_capacity(capacity);
    let read = std::fs::File::open(path).and_then(|file| file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes));
    if let Err(error) = read {
        return problem(
            "unreadable-file",
            format!("cannot read `{}`: {error}", path.display()),
            "check the file's permissions",
        );
    }
    if bytes.len() as u64 > MAX_FILE_SIZE {
        // The size is looked up only for this rare answer.
        return match std::fs::metadata(path) {
            Ok(metadata) if metadata.len() > MAX_FILE_SIZE => too_large(metadata.len()),
            _ => problem(
                "file-too-large",
                format!("`{}` is larger than 4 MiB", path.display()),
                "check that this is the right file",
            ),
        };
    }
    decode(path, bytes)
}

/// Checks that bytes are non-empty UTF-8 text without NUL bytes.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<Arc<String>, Box<Diagnostic>> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Box::new(
            Diagnostic::new("empty-file", path, Anchor::File, format!("`{}` is empty", path.display()))
                .with_help("start the file with its `#:schema` line and `schema_version = 1`, or delete it"),
        ));
    }
    // `contains` is a word-at-a-time search; the position is needed only on the rare hit.
    if let Some(offset) = bytes.contains(&0).then(|| bytes.iter().position(|&b| b == 0)).flatten() {
        return Err(Box::new(
            Diagnostic::new(
                "binary-file",
                path,
                Anchor::Span(offset..offset),
                format!("`{}` contains a NUL byte at offset {offset}; it looks like a binary file", path.display()),
            )
            .with_help("agreement files are UTF-8 text; restore the file from version control"),
        ));
    }
    match String::from_utf8(bytes) {
        // `Arc::new` keeps the buffer; `Arc<str>` would copy every file once more.
        Ok(text) => Ok(Arc::new(text)),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            Err(Box::new(
                Diagnostic::new(
                    "invalid-utf8",
                    path,
                    Anchor::Span(offset..offset),
                    format!("`{}` is not valid UTF-8 (first bad byte at offset {offset})", path.display()),
                )
                .with_help("save the file as UTF-8 (Windows-1252/Latin-1 umlauts are the usual cause)"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_hostile_bytes() {
        let p = Path::new("x.toml");
        assert_eq!(decode(p, b"  \n".to_vec()).unwrap_err().code, "empty-file");
        assert_eq!(decode(p, b"a = 1\0".to_vec()).unwrap_err().code, "binary-file");
        assert_eq!(decode(p, b"a = \"\xe4\"".to_vec()).unwrap_err().code, "invalid-utf8");
        assert!(decode(p, "a = \"ä\"".as_bytes().to_vec()).is_ok());
    }
}
