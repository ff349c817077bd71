//! Findings: one [`Diagnostic`] type for every problem `avv validate` reports,
//! from TOML syntax errors to legal rules, and its renderers (text, JSON,
//! GitHub annotations, SARIF).

pub mod locate;
pub mod render;
pub mod rules;
pub mod sarif;

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use rules::{Code, RULES, Rule, UnknownCode, rules_json, rules_markdown};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Likely defect; fails only with `--deny warnings`.
    Warning,
    /// The data is invalid or the agreement legally deficient.
    Error,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where in a file a finding points: a byte span, or a JSON pointer into the
/// document that is resolved to a span once the file is re-read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// The whole file (no better place is known).
    File,
    /// A byte range in the file.
    Span(Range<usize>),
    /// A JSON pointer such as `/clause/3/id`; `key` points at the key itself
    /// instead of its value.
    Pointer {
        /// The pointer.
        pointer: String,
        /// Point at the last segment's key rather than its value.
        key: bool,
    },
    /// A line and column found without a text to show: the first bad byte
    /// of a file that is not UTF-8 text.
    Position(Position),
    /// A piece of text inside the string value at a JSON pointer.
    Needle {
        /// The pointer to the string value.
        pointer: String,
        /// The text to underline inside it.
        needle: String,
    },
}

/// A secondary place that explains a finding ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file (may differ from the diagnostic's file).
    pub file: PathBuf,
    /// Where in that file.
    pub anchor: Anchor,
    /// What the place has to do with the finding.
    pub message: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule (see [`RULES`]).
    pub code: Code,
    /// Severity.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The file the finding is in.
    pub file: PathBuf,
    /// Where in the file.
    pub anchor: Anchor,
    /// Secondary places.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding for rule `code` with the rule's default severity.
    pub fn new(code: Code, file: impl Into<PathBuf>, anchor: Anchor, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            file: file.into(),
            anchor,
            labels: Vec::new(),
            help: None,
        }
    }

    /// A finding at a JSON pointer's value.
    pub fn at(code: Code, file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, file, Anchor::Pointer { pointer: pointer.into(), key: false }, message)
    }

    /// A finding on `needle` inside the string at `pointer`.
    pub fn in_text(
        code: Code,
        file: &Path,
        pointer: impl Into<String>,
        needle: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(code, file, Anchor::Needle { pointer: pointer.into(), needle: needle.into() }, message)
    }

    /// The JSON pointer the finding is anchored at, if any.
    pub fn pointer(&self) -> Option<&str> {
        match &self.anchor {
            Anchor::Pointer { pointer, .. } | Anchor::Needle { pointer, .. } => Some(pointer),
            _ => None,
        }
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Overrides the severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, file: &Path, anchor: Anchor, message: impl Into<String>) -> Self {
        self.labels.push(Label { file: file.to_path_buf(), anchor, message: message.into() });
        self
    }
}

/// A finding whose anchors are resolved to byte spans and line/column
/// positions, ready for output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Located {
    /// Rule code (serialised as its kebab-case string).
    pub code: Code,
    /// Severity.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The file, as given on the command line or relative to the repository.
    pub file: String,
    /// Start position (1-based line and column, columns in characters).
    pub start: Position,
    /// End position (exclusive).
    pub end: Position,
    /// Byte range in the file.
    #[serde(skip)]
    pub span: Range<usize>,
    /// Secondary places.
    pub labels: Vec<LocatedLabel>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Located {
    /// Every place the finding points at: its own, then its labels'.
    pub fn places(&self) -> impl Iterator<Item = (&str, &Range<usize>)> {
        std::iter::once((self.file.as_str(), &self.span)).chain(self.labels.iter().map(|l| (l.file.as_str(), &l.span)))
    }
}

/// A resolved secondary label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedLabel {
    /// The file.
    pub file: String,
    /// Start position.
    pub start: Position,
    /// End position.
    pub end: Position,
    /// Byte range.
    #[serde(skip)]
    pub span: Range<usize>,
    /// The label text.
    pub message: String,
}

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Summary {
    /// Counts the findings.
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Located>) -> Self {
        let mut summary = Self::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }
}
