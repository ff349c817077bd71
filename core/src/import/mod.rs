//! `avv import`: a Markdown, DOCX or plain-text agreement becomes a new
//! agreement folder. The pipeline, one module per step:
//!
//! 1. [`read`] turns the source into lines with their place in it;
//! 2. [`tree`] finds the title, the annexes and the clause tree from
//!    numbers ([`numbering`]) and headings;
//! 3. [`assemble`] makes the files: clauses, annexes, the TOM annex
//!    ([`tom`]), sub-processors ([`subprocessors`]), placeholders
//!    ([`placeholders`]), metadata and history ([`meta`]), with stable ids
//!    ([`ids`]);
//! 4. [`write`](mod@write) lays the files out as `avv fmt` does, validates them in a
//!    hidden folder, keeps the source's real gaps as reasoned allowances and
//!    moves the folder into place;
//! 5. [`report`] sums up what a human must check, with source lines, and
//!    [`check`] measures the round trip.

pub mod assemble;
pub mod check;
pub mod ids;
pub mod meta;
pub mod numbering;
pub mod placeholders;
pub mod read;
pub mod report;
pub mod subprocessors;
pub mod tom;
pub mod tree;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::diagnostic::{Code, Severity};
use crate::model::codes::AgreementKind;
use crate::model::primitives::{Allow, is_agreement_id};
use crate::schema::FileKind;
use crate::validate::validate_folders;
use read::Format;
use report::{Note, NoteKind, Summary};

/// Why an import failed. Nothing is written when it does.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The source or a target path cannot be read or written.
    #[error("cannot access `{}`: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The source is empty.
    #[error("`{}` is empty: there is nothing to import", file.display())]
    Empty {
        /// The source.
        file: PathBuf,
    },
    /// The source is in a format avv cannot read (a PDF, an old `.doc`, a
    /// password-protected DOCX), whatever its name says.
    #[error("`{}` is {what}, which avv cannot import: {help}", file.display())]
    Unsupported {
        /// The source.
        file: PathBuf,
        /// What it is.
        what: &'static str,
        /// What to do.
        help: &'static str,
    },
    /// The source is larger than the limit.
    #[error("`{}` has {size} bytes, more than the {limit} an agreement can have: split it or check the file", file.display())]
    TooLarge {
        /// The source.
        file: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A text source holds a NUL byte.
    #[error("{}:{line}:{column}: a NUL byte: this is a binary file, not text; export the agreement as text, Markdown or DOCX", file.display())]
    Binary {
        /// The source.
        file: PathBuf,
        /// Line of the byte.
        line: usize,
        /// Column of the byte.
        column: usize,
    },
    /// The source holds an invisible character that reorders or hides
    /// text (a direction override, a zero-width space): validation refuses
    /// it in an agreement, so the import does before writing.
    #[error("{}:{line}:{column}: U+{code:04X}, an invisible character that {what}; remove it from the source and import again", file.display())]
    Hidden {
        /// The source.
        file: PathBuf,
        /// Its line (DOCX: paragraph).
        line: usize,
        /// Its column, in characters.
        column: usize,
        /// Its code point.
        code: u32,
        /// What it does.
        what: &'static str,
    },
    /// A text source is neither UTF-8 nor UTF-16 with a byte order mark.
    #[error("{}:{line}:{column}: not UTF-8 (nor UTF-16 with a byte order mark); save the text as UTF-8 and import it again", file.display())]
    NotUtf8 {
        /// The source.
        file: PathBuf,
        /// Line of the first bad byte.
        line: usize,
        /// Column of the first bad byte.
        column: usize,
    },
    /// Lists nest deeper than the limit.
    #[error("{}:{line}: a list nested {depth} levels deep, more than {limit}: flatten the list", file.display())]
    Nesting {
        /// The source.
        file: PathBuf,
        /// The line (DOCX: paragraph).
        line: usize,
        /// Its depth.
        depth: usize,
        /// The limit.
        limit: usize,
    },
    /// A DOCX cannot be read.
    #[error("`{}`: {reason}", file.display())]
    Docx {
        /// The source.
        file: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A DOCX inflates beyond the limit.
    #[error("`{}`: `word/document.xml` inflates to more than {limit} bytes; refusing a possible zip bomb", file.display())]
    ZipBomb {
        /// The source.
        file: PathBuf,
        /// The limit.
        limit: u64,
    },
    /// The id is not kebab-case.
    #[error(
        "`{id}` is not a valid agreement id: use lower-case letters, digits and single dashes, starting with a letter, and not `agreements` (or pass `--id`)"
    )]
    Id {
        /// The id.
        id: String,
    },
    /// The target folder exists.
    #[error("`{}` already exists; avv import never overwrites a folder: choose another `--id` or remove it", path.display())]
    TargetExists {
        /// The folder.
        path: PathBuf,
    },
    /// A file of the import would be larger than avv reads.
    #[error(
        "the imported `{name}` would have {size} bytes, more than the {limit} an agreement file may have; nothing was written: import the annexes (the TOM, the sub-processor list) from separate sources, or shorten the source"
    )]
    ResultTooLarge {
        /// The file.
        name: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The imported folder does not validate; a bug in the importer.
    #[error("the imported folder does not validate ({0}); nothing was written: please report this with the source")]
    Invalid(String),
    /// A step that cannot fail did; a bug in the importer.
    #[error("internal error: {0}; nothing was written: please report this with the source")]
    Internal(String),
}

/// What to import and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The agreement id (the folder name).
    pub id: String,
    /// The document kind; `None` infers it.
    pub kind: Option<AgreementKind>,
    /// The folder the agreement folder is created in (`agreements/`).
    pub out: PathBuf,
    /// The repository root.
    pub root: PathBuf,
}

/// A finished import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The new folder.
    pub folder: PathBuf,
    /// The source's format.
    pub format: Format,
    /// What was recognised and what to review.
    pub summary: Summary,
    /// The source as text, for [`check::round_trip`].
    pub source_text: String,
}

/// Rules whose errors state a gap of the source itself: kept as reasoned
/// allowances, so the folder validates and the gap stays visible.
const SOURCE_GAPS: [Code; 9] = [
    Code::Art28Coverage,
    Code::ParticularsMissing,
    Code::SubprocessorListMissing,
    Code::ThirdCountryMechanismMissing,
    Code::AdequacyDecisionMismatch,
    // An imported version table in the source's own order and labels.
    Code::VersionOrder,
    Code::VersionFormat,
    // Link syntax the source has as words ("[BSI](ftp://…)"): printed as
    // written, never as a link; one odd link must not stop the import.
    Code::LinkScheme,
    Code::LinkTargetMissing,
];

/// The reason an allowance of an imported folder gives for `rule`. It says
/// what is known, no more: a gap may be the source's or the importer's
/// (clauses are never tagged with the Art. 28 items they cover; a table
/// may be read wrongly), so each asks for the check that removes it.
fn gap_reason(rule: &str, messages: &[String]) -> String {
    let what = if rule == Code::LinkScheme.as_str() || rule == Code::LinkTargetMissing.as_str() {
        "der Text der Quelle enthält Link-Zeichen, die wörtlich gedruckt werden; von Hand prüfen"
    } else if rule == Code::Art28Coverage.as_str() {
        "ungeprüft: der Import ordnet keiner Klausel Pflichtinhalte zu (`covers`); die Klauseln von Hand zuordnen, dann diese Ausnahme entfernen"
    } else {
        "ungeprüft: beim Import nicht gefunden, in der Quelle oder beim Lesen übersehen; mit der Quelle vergleichen, ergänzen, dann diese Ausnahme entfernen"
    };
    format!("Import {what} ({}).", messages.join("; "))
}

/// `text` without the bold and italic marks the DOCX reader sets: the text
/// Word shows, for the round trip's comparison.
fn unmarked(text: &str) -> String {
    use crate::render::inline::{Token, tokenize};
    let mut out = String::with_capacity(text.len());
    for token in tokenize(text) {
        match token {
            Token::Text(t) => out.push_str(t),
            Token::Strong | Token::Emphasis => {}
            Token::Footnote(id) => out.push_str(&format!("[^{id}]")),
            Token::Placeholder(key) => out.push_str(&format!("{{{{ {key} }}}}")),
            Token::Link { text, target } => out.push_str(&format!("[{text}]({target})")),
            Token::Break => out.push('\n'),
        }
    }
    out
}

/// An id from a file name: its stem in kebab-case.
pub fn id_from_path(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("import");
    let mut ids = ids::Ids::default();
    ids.make(stem, "import")
}

/// Imports the file at `path` into a new folder `<out>/<id>/`.
pub fn import(path: &Path, options: &Options) -> Result<Imported, ImportError> {
    if !is_agreement_id(&options.id) {
        return Err(ImportError::Id { id: options.id.clone() });
    }
    let target = options.out.join(&options.id);
    if target.exists() {
        return Err(ImportError::TargetExists { path: target });
    }
    let size = std::fs::metadata(path).map_err(|source| ImportError::Io { path: path.to_path_buf(), source })?.len();
    if size > read::MAX_SOURCE_BYTES {
        return Err(ImportError::TooLarge { file: path.to_path_buf(), size, limit: read::MAX_SOURCE_BYTES });
    }
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io { path: path.to_path_buf(), source })?;
    import_bytes(&bytes, path, options)
}

/// Imports `bytes`, named `path`, into a new folder `<out>/<id>/`.
pub fn import_bytes(bytes: &[u8], path: &Path, options: &Options) -> Result<Imported, ImportError> {
    if !is_agreement_id(&options.id) {
        return Err(ImportError::Id { id: options.id.clone() });
    }
    let target = options.out.join(&options.id);
    if target.exists() {
        return Err(ImportError::TargetExists { path: target });
    }
    if let Some((what, help)) = read::unsupported(bytes) {
        return Err(ImportError::Unsupported { file: path.to_path_buf(), what, help });
    }
    let format = Format::of(path);
    let (lines, mut notes) = read::read(bytes, format, path)?;
    let source_text = match format {
        // The text as Word prints it: a note's mark is its number (the
        // reader labels notes `1`, `2`, … in the order they are cited).
        Format::Docx => lines
            .iter()
            .map(|l| match &l.kind {
                read::Kind::Row(cells) => cells.join(" "),
                _ => unmarked(&l.text),
            })
            .collect::<Vec<_>>()
            .join("\n")
            .replace("[^fn-", "[^"),
        _ => read::text::decode(bytes, path)?.into_owned(),
    };
    // An invisible character would make the result fail validation with a
    // place in a folder that is never written: named in the source instead.
    for (index, line) in source_text.lines().enumerate() {
        if let Some((column, c, what)) =
            line.chars().enumerate().find_map(|(i, c)| crate::validate::hidden::hidden(c).map(|what| (i + 1, c, what)))
        {
            return Err(ImportError::Hidden {
                file: path.to_path_buf(),
                line: index + 1,
                column,
                code: c as u32,
                what,
            });
        }
    }
    // Text the model would read as markup is changed to print as written:
    // each such line is named, so that nothing changes unseen.
    if format != Format::Docx {
        for (index, line) in source_text.lines().enumerate() {
            if line.contains("{{") || line.contains("}}") || line.contains("{%") || line.contains("%}") {
                notes.push(Note::new(
                    NoteKind::Placeholder,
                    index + 1,
                    "template braces (`{{`, `{%`) in the text are written with a space (`{ {`) so that they print as written",
                ));
            }
            if line.contains("{#") {
                notes.push(Note::new(
                    NoteKind::Placeholder,
                    index + 1,
                    "`{#…}` was read as an anchor mark and left out; put it back by hand if it is text",
                ));
            }
        }
    }
    if let Some(first) = lines.iter().find(|l| format == Format::Docx && matches!(l.kind, read::Kind::Item(_))) {
        notes.push(Note::new(
            NoteKind::Numbering,
            first.at,
            "Word list numbering: bullets and lists without a number definition became list items; \
             numbered paragraphs got the numbers Word prints, counted from `word/numbering.xml`",
        ));
    }
    let outline = tree::outline(&lines, &mut notes);
    let settings = assemble::Settings { id: options.id.clone(), kind: options.kind };
    let (mut files, counts) = assemble::assemble(&outline, &settings, &mut notes)?;

    // `--out ../agreements` from a subfolder: counted as the folder it names.
    let out = crate::paths::normalise(&options.out);
    let depth = out.strip_prefix(crate::paths::normalise(&options.root)).map_or(2, |p| p.components().count() + 1);
    let staging = write::Staging::new(&options.out, &options.id)?;
    let mut texts = render(&files, depth)?;
    let mut folder = staging.write(&options.id, &texts)?;
    let mut report = validate_folders(std::slice::from_ref(&folder), &options.root);
    // The source's own gaps: one reasoned allowance per rule.
    let mut gaps: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for d in report.diagnostics.iter().filter(|d| d.severity == Severity::Error && SOURCE_GAPS.contains(&d.code)) {
        gaps.entry(d.code.as_str()).or_default().push(d.message.clone());
    }
    if !gaps.is_empty() {
        for (rule, messages) in &gaps {
            for message in messages {
                notes.push(Note::new(
                    NoteKind::Finding,
                    0,
                    format!(
                        "error {rule}: {message} (a gap of the source: allowed with a reason in `[meta]`, to review)"
                    ),
                ));
            }
            files.agreement.meta.allow.push(Allow { rule: (*rule).to_owned(), reason: gap_reason(rule, messages) });
        }
        texts = render(&files, depth)?;
        folder = staging.write(&options.id, &texts)?;
        report = validate_folders(std::slice::from_ref(&folder), &options.root);
    }
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}: {}", d.code.as_str(), d.file, d.message))
        .collect();
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors.join("; ")));
    }
    for d in &report.diagnostics {
        notes.push(Note::new(
            NoteKind::Finding,
            0,
            format!("{} {}: {}", d.severity.as_str(), d.code.as_str(), d.message),
        ));
    }
    write::publish(&folder, &target)?;
    drop(staging);
    Ok(Imported { folder: target, format, summary: Summary { counts, notes }, source_text })
}

fn render(files: &assemble::Files, depth: usize) -> Result<Vec<(String, String)>, ImportError> {
    let mut texts = vec![("agreement.toml".to_owned(), write::to_toml(&files.agreement, FileKind::Agreement, depth)?)];
    if let Some(tom) = &files.tom {
        texts.push(("tom.toml".to_owned(), write::to_toml(tom, FileKind::Tom, depth)?));
    }
    if let Some(list) = &files.subprocessors {
        texts.push(("subprocessors.toml".to_owned(), write::to_toml(list, FileKind::Subprocessors, depth)?));
    }
    // A file avv would refuse to read: said before anything is written.
    let limit = crate::load::file::MAX_FILE_SIZE;
    if let Some((name, text)) = texts.iter().find(|(_, text)| text.len() as u64 > limit) {
        return Err(ImportError::ResultTooLarge { name: name.clone(), size: text.len() as u64, limit });
    }
    Ok(texts)
}
