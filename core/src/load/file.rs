//! Reading one file defensively: whatever is on disk yields text or a
//! located diagnostic, never a panic.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Anchor, Code, Diagnostic};
use crate::search;

/// Files larger than this are refused; no real agreement file comes close.
pub const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// Reads `path` as UTF-8 TOML text. `root` is the repository root: a
/// symbolic link that leads outside it is refused.
pub fn read_text(path: &Path, root: &Path) -> Result<Arc<String>, Box<Diagnostic>> {
    let problem = |code, message, help| Err(problem(path, code, message, help));
    let unreadable = |error: std::io::Error| {
        problem(
            Code::UnreadableFile,
            format!("cannot read `{}`: {error}", path.display()),
            "check that the file exists and is readable",
        )
    };
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
                Code::SymlinkOutsideRepo,
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
            Code::NotAFile,
            format!("`{}` is a directory or special file, not a TOML file", path.display()),
            "agreement files must be regular files; rename or remove the directory",
        );
    }
    if metadata.len() > MAX_FILE_SIZE {
        return Err(too_large(path, metadata.len()));
    }
    read_opened(path, || std::fs::File::open(path))
}

/// Reads a file that a folder listing reports as a regular file, opened by
/// `open`: no `lstat` is needed first (the listing's entry type is free on
/// most file systems), and the size limit is checked while reading. Links
/// and anything else go through [`read_text`] and its checks.
pub(crate) fn read_opened(
    path: &Path,
    open: impl FnOnce() -> std::io::Result<std::fs::File>,
) -> Result<Arc<String>, Box<Diagnostic>> {
    let problem = |code, message, help| Err(problem(path, code, message, help));
    BUFFER.with_borrow_mut(|buffer| {
        let read = open().and_then(|file| read_into(file, buffer));
        let bytes = match read {
            Ok(length) => &buffer[..length],
            Err(error) => {
                return problem(
                    Code::UnreadableFile,
                    format!("cannot read `{}`: {error}", path.display()),
                    "check the file's permissions",
                );
            }
        };
        if bytes.len() as u64 > MAX_FILE_SIZE {
            // The size is looked up only for this rare answer.
            return match std::fs::metadata(path) {
                Ok(metadata) if metadata.len() > MAX_FILE_SIZE => Err(too_large(path, metadata.len())),
                _ => problem(
                    Code::FileTooLarge,
                    format!("`{}` is larger than 4 MiB", path.display()),
                    "check that this is the right file",
                ),
            };
        }
        decode(path, bytes)
    })
}

/// The text to show of `path` in a finding's snippet: its text, or for a
/// file that is not UTF-8 (and passes every other check of [`read_text`])
/// its bytes as [`shown_text`] gives them, so that the line with the bad
/// byte is seen. `None` for a file that cannot be read at all.
pub fn read_shown(path: &Path, root: &Path) -> Option<Arc<String>> {
    match read_text(path, root) {
        Ok(text) => Some(text),
        Err(finding) if finding.code == Code::InvalidUtf8 => {
            let mut bytes = Vec::new();
            std::fs::File::open(path).ok()?.take(MAX_FILE_SIZE).read_to_end(&mut bytes).ok()?;
            Some(shown_text(&bytes))
        }
        Err(_) => None,
    }
}

/// Bytes that are not UTF-8, as text to show with the `invalid-utf8`
/// finding: each invalid sequence as `�`. The characters before the first
/// bad byte are the file's, so the finding's line and column point at it.
pub fn shown_text(bytes: &[u8]) -> Arc<String> {
    Arc::new(lf_line_ends(&String::from_utf8_lossy(bytes)))
}

/// The text with Windows line ends (CRLF) as LF. A work tree checked out
/// with `core.autocrlf=true` has CRLF where the committed blob has LF; a
/// line end is a line end, also inside a multi-line string, so the data is
/// the blob's and no change appears that git would not see.
fn lf_line_ends(text: &str) -> String {
    if crate::search::byte(b'\r', text.as_bytes()).is_none() {
        return text.to_owned();
    }
    text.replace("\r\n", "\n")
}

/// A finding about the file as a whole.
fn problem(path: &Path, code: Code, message: String, help: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::new(code, path, Anchor::File, message).with_help(help))
}

fn too_large(path: &Path, size: u64) -> Box<Diagnostic> {
    problem(
        path,
        Code::FileTooLarge,
        format!("`{}` is {size} bytes; the limit is {MAX_FILE_SIZE} bytes (4 MiB)", path.display()),
        "agreement files are text of a few hundred kilobytes at most; check that this is the right file",
    )
}

thread_local! {
    /// Each thread reads files into one buffer it keeps: the kernel copies
    /// into memory that is already mapped and in cache, and the text is then
    /// copied once into a string of its exact size. It never shrinks: after
    /// a file near the 4 MiB limit a thread keeps that much.
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Reads `file` into the start of `buffer`, growing it as needed, and stops
/// once more than [`MAX_FILE_SIZE`] bytes are in; returns how many are.
fn read_into(mut file: std::fs::File, buffer: &mut Vec<u8>) -> std::io::Result<usize> {
    // Most agreement files fit this in one read; the buffer keeps its
    // (initialised) length, so later files need no zeroing.
    const FIRST: usize = 256 * 1024;
    const LIMIT: usize = MAX_FILE_SIZE as usize + 1;
    if buffer.len() < FIRST {
        buffer.resize(FIRST, 0);
    }
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            if filled >= LIMIT {
                return Ok(filled);
            }
            buffer.resize((2 * filled).min(LIMIT), 0);
        }
        match file.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(filled),
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

/// The line and column of byte `offset`, counting the characters of the
/// text before it as far as it is UTF-8 (a bad byte counts as one).
fn position_of(bytes: &[u8], offset: usize) -> crate::diagnostic::Position {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |at| at + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    crate::diagnostic::Position { line, column }
}

/// Checks that bytes are non-empty UTF-8 text without NUL bytes.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Arc<String>, Box<Diagnostic>> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Box::new(
            Diagnostic::new(Code::EmptyFile, path, Anchor::File, format!("`{}` is empty", path.display()))
                .with_help("start the file with its `#:schema` line and `schema_version = 1`, or delete it"),
        ));
    }
    if let Some(offset) = search::byte(0, bytes) {
        return Err(Box::new(
            Diagnostic::new(
                Code::BinaryFile,
                path,
                Anchor::Position(position_of(bytes, offset)),
                format!("`{}` contains a NUL byte at offset {offset}; it looks like a binary file", path.display()),
            )
            .with_help("agreement files are UTF-8 text; restore the file from version control"),
        ));
    }
    // simdutf8 checks whole files several times faster than the standard
    // library does on German text, whose umlauts defeat the ASCII fast path.
    // Its `basic` check is the fastest; only a file that fails it is checked
    // again to say where the first bad byte is.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(Arc::new(lf_line_ends(text))),
        Err(_) => {
            let offset = simdutf8::compat::from_utf8(bytes).err().map_or(0, |error| error.valid_up_to());
            Err(Box::new(
                Diagnostic::new(
                    Code::InvalidUtf8,
                    path,
                    Anchor::Position(position_of(bytes, offset)),
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
        assert_eq!(decode(p, b"  \n").unwrap_err().code, Code::EmptyFile);
        assert_eq!(decode(p, b"a = 1\0").unwrap_err().code, Code::BinaryFile);
        let invalid = decode(p, b"a = \"\xe4\"").unwrap_err();
        let at = |line, column| Anchor::Position(crate::diagnostic::Position { line, column });
        assert_eq!((invalid.code, &invalid.anchor), (Code::InvalidUtf8, &at(1, 6)));
        // Lines and characters before the bad byte are counted.
        let later = decode(p, &[b"a = 1\nb = \"".as_slice(), "ä".as_bytes(), b"\xe4\""].concat()).unwrap_err();
        assert_eq!(later.anchor, at(2, 7));
        assert_eq!(decode(p, b"a = 1\n\nb\0").unwrap_err().anchor, at(3, 2));
        assert!(decode(p, "a = \"ä\"".as_bytes()).is_ok());
    }

    #[test]
    fn a_file_that_is_not_utf8_is_shown_with_its_bad_bytes_marked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.toml");
        std::fs::write(&file, b"a = 1\r\nb = \"\xe4\"\r\n").unwrap();
        assert_eq!(read_shown(&file, dir.path()).unwrap().as_str(), "a = 1\nb = \"\u{FFFD}\"\n");
        std::fs::write(&file, "a = \"ä\"\n").unwrap();
        assert_eq!(read_shown(&file, dir.path()).unwrap().as_str(), "a = \"ä\"\n");
        // What cannot be read at all shows nothing.
        assert!(read_shown(dir.path(), dir.path()).is_none());
        std::fs::write(&file, b"a = 1\0").unwrap();
        assert!(read_shown(&file, dir.path()).is_none());
    }

    #[test]
    fn one_thread_reads_files_of_any_size_in_turn() {
        let dir = tempfile::tempdir().unwrap();
        // Larger than the first buffer, then smaller: the second read must not
        // see the first file's tail.
        let sizes = [300 * 1024, 10, 600 * 1024, 1];
        for (index, size) in sizes.into_iter().enumerate() {
            let path = dir.path().join(format!("{index}.toml"));
            let text: String = format!("a = 1 # {index}\n").chars().cycle().take(size.max(5)).collect();
            std::fs::write(&path, &text).unwrap();
            assert_eq!(read_text(&path, dir.path()).unwrap().as_str(), text, "file {index}");
        }
        let large = dir.path().join("large.toml");
        std::fs::write(&large, vec![b'#'; MAX_FILE_SIZE as usize + 1]).unwrap();
        assert_eq!(read_text(&large, dir.path()).unwrap_err().code, Code::FileTooLarge);
        let exact = dir.path().join("exact.toml");
        std::fs::write(&exact, vec![b'#'; MAX_FILE_SIZE as usize]).unwrap();
        assert_eq!(read_text(&exact, dir.path()).unwrap().len(), MAX_FILE_SIZE as usize);
    }
}
