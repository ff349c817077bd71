//! Helpers shared by the rule tests: the fixture folders, throw-away copies
//! of them in a temporary repository, and rendering with stable paths.

#![allow(dead_code)] // each test binary uses a different part

use std::path::{Path, PathBuf};

use avv_core::diagnostic::render;
use avv_core::diagnostic::{Code, Located, Severity};
use avv_core::validate::{Report, validate_folders};

mod copy;
pub use copy::copy_dir;

/// `core/tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

/// The sub-folders of `dir`, sorted.
pub fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    out.sort();
    out
}

/// Validates one agreement folder; `root` is the repository root.
pub fn validate(dir: &Path, root: &Path) -> Report {
    validate_folders(&[dir.to_path_buf()], root)
}

/// The rule codes of a report, in output order.
pub fn codes(report: &Report) -> Vec<Code> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

/// The human output without colour, with `prefix` (an absolute folder)
/// replaced by `shown` so that snapshots do not depend on where the
/// repository or the temporary folder lies.
pub fn human(report: &Report, prefix: &Path, shown: &str) -> String {
    stable(&render::human(&report.diagnostics, &report.sources, false), prefix, shown)
}

/// Replaces an absolute folder in `text` by a stable name.
pub fn stable(text: &str, prefix: &Path, shown: &str) -> String {
    let native = prefix.display().to_string();
    let forward = native.replace('\\', "/");
    text.replace(&forward, shown).replace(&native, shown)
}

/// A copy of a valid fixture in a temporary repository, to break on purpose.
pub struct Scenario {
    /// Keeps the temporary repository alive.
    pub tmp: tempfile::TempDir,
    /// The agreement folder inside it.
    pub dir: PathBuf,
}

impl Scenario {
    /// Copies `fixtures/valid/<name>` to `<tmp>/agreements/<name>`.
    pub fn from_valid(name: &str) -> Self {
        let tmp = tempfile::tempdir().expect("temporary folder");
        let dir = tmp.path().join("agreements").join(name);
        copy_dir(&fixtures().join("valid").join(name), &dir);
        Self { tmp, dir }
    }

    /// An empty agreement folder `<tmp>/agreements/<name>`.
    pub fn empty(name: &str) -> Self {
        let tmp = tempfile::tempdir().expect("temporary folder");
        let dir = tmp.path().join("agreements").join(name);
        std::fs::create_dir_all(&dir).expect("create agreement folder");
        Self { tmp, dir }
    }

    /// The folder `avv new agreement <id>` writes, in `<tmp>/agreements/<id>`.
    pub fn scaffold(id: &str) -> Self {
        let scenario = Self::empty(id);
        for (name, text) in avv_core::scaffold::agreement(id, "Vertrag zur Auftragsverarbeitung") {
            std::fs::write(scenario.path(&name), text).expect("write scaffold file");
        }
        scenario
    }

    /// The repository root.
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// A file of the agreement folder.
    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Replaces the only occurrence of `from` in `file` by `to`.
    pub fn edit(self, file: &str, from: &str, to: &str) -> Self {
        let path = self.path(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in {file}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write edited file");
        self
    }

    /// Appends `text` to `file`.
    pub fn append(self, file: &str, text: &str) -> Self {
        let path = self.path(file);
        let mut old = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        old.push_str(text);
        std::fs::write(&path, old).expect("write appended file");
        self
    }

    /// Writes `file` (creating folders).
    pub fn write(self, file: &str, contents: impl AsRef<[u8]>) -> Self {
        let path = self.path(file);
        std::fs::create_dir_all(path.parent().expect("parent folder")).expect("create folders");
        std::fs::write(&path, contents).expect("write file");
        self
    }

    /// Removes `file`.
    pub fn remove(self, file: &str) -> Self {
        std::fs::remove_file(self.path(file)).expect("remove file");
        self
    }

    /// The `customer-instance` fixture with a date placeholder
    /// `kunde.beginn` ("ab dem … für" in the first clause) that the
    /// customer fills with `value`.
    pub fn with_date_placeholder(value: &str) -> Self {
        Self::from_valid("customer-instance")
            .edit(
                "agreement.toml",
                "[[placeholder]]\nkey = \"kunde.name\"",
                "[[placeholder]]\nkey = \"kunde.beginn\"\nlabel = \"Beginn der Verarbeitung\"\ntype = \"date\"\n\n[[placeholder]]\nkey = \"kunde.name\"",
            )
            .edit("agreement.toml", "dessen Kundenverwaltung für", "dessen Kundenverwaltung ab dem {{ kunde.beginn }} für")
            .edit("customers/acme.toml", "name = \"Acme GmbH\"", &format!("name = \"Acme GmbH\"\nbeginn = \"{value}\""))
    }

    /// Validates the folder.
    pub fn validate(&self) -> Outcome {
        let report = validate(&self.dir, self.root());
        let text = human(&report, self.root(), "[repo]");
        Outcome { report, text }
    }
}

/// The result of validating a scenario.
pub struct Outcome {
    /// The report.
    pub report: Report,
    /// The human output with stable paths, for failure messages and snapshots.
    pub text: String,
}

impl Outcome {
    /// The rule codes found.
    pub fn codes(&self) -> Vec<Code> {
        codes(&self.report)
    }

    /// Every finding with `code`, in report order.
    pub fn all(&self, code: Code) -> Vec<&Located> {
        self.report.diagnostics.iter().filter(|d| d.code == code).collect()
    }

    /// The only finding with `code`; fails with the whole output otherwise.
    pub fn one(&self, code: Code) -> &Located {
        let found = self.all(code);
        assert_eq!(found.len(), 1, "expected one `{code}` finding, got {}:\n{}", found.len(), self.text);
        found[0]
    }

    /// Fails unless no finding has `code`.
    pub fn lacks(&self, code: Code) {
        assert!(!self.codes().contains(&code), "unexpected `{code}`:\n{}", self.text);
    }

    /// Fails if there is any error or warning.
    pub fn clean(&self) {
        assert!(!self.report.has_at_least(Severity::Warning), "expected no errors or warnings:\n{}", self.text);
    }

    /// The help line of the only finding with `code`.
    pub fn help(&self, code: Code) -> &str {
        self.one(code).help.as_deref().unwrap_or_else(|| panic!("`{code}` has no help:\n{}", self.text))
    }
}
