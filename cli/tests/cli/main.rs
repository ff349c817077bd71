//! End-to-end tests of the `avv` binary: exit codes, output formats, help
//! texts and the committed generated files. Each test builds a throw-away
//! repository from the rule fixtures in `core/tests/fixtures`; temporary
//! paths are replaced by `[TEMP]` in snapshots.
//!
//! Review snapshot changes with `cargo insta review`.

mod generated;
mod help;
mod import;
mod validate;

#[path = "../support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{copy_dir, escape_regex};

/// The `avv` binary with a fixed terminal width for help texts.
pub(crate) fn avv() -> Command {
    let mut command = Command::new(insta_cmd::get_cargo_bin("avv"));
    command.env("COLUMNS", "100");
    command
}

/// The workspace root.
pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A throw-away policy repository with an `agreements/` folder.
pub(crate) struct Repo {
    tmp: tempfile::TempDir,
}

impl Repo {
    /// An empty repository: only `agreements/`.
    pub(crate) fn new() -> Self {
        let tmp = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir(tmp.path().join("agreements")).expect("create agreements/");
        Self { tmp }
    }

    /// A folder without `agreements/` (and without `.git`).
    pub(crate) fn bare() -> Self {
        Self { tmp: tempfile::tempdir().expect("temporary folder") }
    }

    /// Copies `core/tests/fixtures/<fixture>` to `agreements/<its name>`.
    pub(crate) fn with(self, fixture: &str) -> Self {
        let from = workspace().join("core/tests/fixtures").join(fixture);
        let name = from.file_name().expect("fixture name").to_owned();
        copy_dir(&from, &self.path().join("agreements").join(name));
        self
    }

    /// Writes a file (creating folders).
    pub(crate) fn write(self, file: &str, contents: &str) -> Self {
        let path = self.path().join(file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
        std::fs::write(path, contents).expect("write file");
        self
    }

    /// The repository root.
    pub(crate) fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// `avv` run in the repository root.
    pub(crate) fn avv(&self) -> Command {
        self.avv_in("")
    }

    /// `avv` run in a folder of the repository.
    pub(crate) fn avv_in(&self, folder: &str) -> Command {
        let mut command = avv();
        command.current_dir(self.path().join(folder));
        command
    }

    /// Insta filters that replace this repository's path by `[TEMP]`.
    pub(crate) fn filters(&self) -> Vec<(String, &'static str)> {
        let mut paths = vec![self.path().display().to_string()];
        if let Ok(real) = self.path().canonicalize() {
            paths.push(real.display().to_string());
        }
        paths.into_iter().map(|p| (escape_regex(&p), "[TEMP]")).collect()
    }
}

/// Runs `$command` and snapshots its exit code and output with the
/// repository's temporary path filtered out.
#[macro_export]
macro_rules! snapshot {
    ($repo:expr, $command:expr) => {{
        let mut settings = insta::Settings::clone_current();
        for (pattern, replacement) in $repo.filters() {
            settings.add_filter(&pattern, replacement);
        }
        settings.bind(|| insta_cmd::assert_cmd_snapshot!($command));
    }};
}
