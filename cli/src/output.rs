//! Terminal output helpers: colour decisions and error reporting.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::ColorChoice;

/// Exit code for "avv could not run".
pub const EXIT_FAILURE: u8 = 2;

/// Whether to colour output written to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    }
}

/// Whether to colour output written to stderr.
pub fn use_color_stderr(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
        }
    }
}

/// Prints `error: …` and a `caused by: …` line per source, and with `json`
/// the same as a JSON document on stdout; exit code 2.
pub fn report_error(error: &anyhow::Error, json: bool) -> ExitCode {
    // A closed pipe (`avv rules | head`) is not an error worth reporting.
    if error
        .chain()
        .any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
    {
        return ExitCode::SUCCESS;
    }
    eprintln!("error: {error}");
    for cause in error.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
    // A tool that asked for JSON reads JSON on stdout, also when avv could
    // not run (exit 2): one document with the error and its causes.
    if json {
        let causes: Vec<String> = error.chain().skip(1).map(ToString::to_string).collect();
        let _ = write_json(serde_json::json!({ "error": { "message": error.to_string(), "causes": causes } }));
    }
    ExitCode::from(EXIT_FAILURE)
}

/// Whether the command line asks for JSON output (`--format json` or
/// `--format=json`), read from the raw arguments: an error may come before
/// or without the parsed ones.
pub fn asks_for_json(args: impl IntoIterator<Item = String>) -> bool {
    let mut previous = String::new();
    for arg in args {
        if arg == "--" {
            return false;
        }
        if arg == "--format=json" || (previous == "--format" && arg == "json") {
            return true;
        }
        previous = arg;
    }
    false
}

/// Writes to stdout, turning a closed pipe into an error the caller can ignore.
pub fn write_stdout(text: &str) -> anyhow::Result<()> {
    write_stdout_bytes(text.as_bytes())
}

/// Writes one JSON document to stdout: `fields` (an object) after the
/// format version every JSON output of avv starts with.
pub fn write_json(fields: serde_json::Value) -> anyhow::Result<()> {
    let mut document = serde_json::Map::new();
    document.insert("version".into(), avv_core::diagnostic::render::JSON_FORMAT_VERSION.into());
    if let serde_json::Value::Object(fields) = fields {
        document.extend(fields);
    }
    write_stdout(&(serde_json::to_string_pretty(&document)? + "\n"))
}

/// Writes bytes (a PDF, say) to stdout, as [`write_stdout`].
pub fn write_stdout_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`: a reader never sees half a file, and a failure leaves the old one.
/// An existing file keeps its permissions, and a symbolic link keeps
/// pointing where it did (its target is replaced, not the link).
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::path::Path;
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());
    // The rename would replace a file its owner made read-only; writing
    // to it in place would be refused. It is refused either way.
    if permissions.as_ref().is_some_and(std::fs::Permissions::readonly) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only; make it writable to let avv rewrite it",
        ));
    }
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // What a killed run left beside the file goes first.
    avv_core::tidy::restore_and_tidy(&target);
    let temporary = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = std::fs::write(&temporary, bytes)
        .and_then(|()| match permissions {
            Some(permissions) => std::fs::set_permissions(&temporary, permissions),
            None => Ok(()),
        })
        .and_then(|()| std::fs::rename(&temporary, &target));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::asks_for_json;

    #[test]
    fn a_read_only_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.toml");
        std::fs::write(&path, "a = 1\n").unwrap();
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).unwrap();
        let error = super::write_atomically(&path, b"a = 2\n").unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::PermissionDenied);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a = 1\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing left beside it");
        // A writable file is replaced, its permissions kept.
        let other = dir.path().join("g.toml");
        std::fs::write(&other, "b = 1\n").unwrap();
        super::write_atomically(&other, b"b = 2\n").unwrap();
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "b = 2\n");
    }

    #[test]
    fn json_is_asked_for_in_either_spelling_before_the_paths() {
        let args = |line: &str| line.split(' ').map(str::to_owned).collect::<Vec<_>>();
        assert!(asks_for_json(args("avv validate --format json agreements/x")));
        assert!(asks_for_json(args("avv diff --format=json HEAD~1")));
        assert!(!asks_for_json(args("avv validate --format human")));
        assert!(!asks_for_json(args("avv validate json")));
        assert!(!asks_for_json(args("avv diff -- --format json")));
    }
}
