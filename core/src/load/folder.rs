//! Loads one agreement folder: every file read, parsed and schema-checked.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::discover::KNOWN_FILES;
use super::file::{read_opened, read_text};
use super::listing::{Kind, Listed, Listing};
use super::node::Node;
use super::parse::parse;
use crate::diagnostic::locate::SourceMap;
use crate::diagnostic::{Anchor, Code, Diagnostic};
use crate::model::{AgreementFile, CustomerFile, SubprocessorsFile, TomFile};
use crate::schema::FileKind;
use crate::search::{self, Phrase};
use crate::spelling::closest;

/// A parsed file and where it came from.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    /// The file's path (as displayed).
    pub path: PathBuf,
    /// The typed contents.
    pub value: T,
    /// The same contents as a generic tree, for walks and pointers.
    pub tree: Node,
    /// The text the file was read from.
    pub text: Arc<String>,
    /// Whether the text has no backslash: then every string and key in the
    /// tree is written in the text as it is (no escapes).
    pub verbatim: bool,
}

/// One of a folder's main files, whatever its kind: what the rules that
/// look at every text or object of a folder need.
#[derive(Debug, Clone, Copy)]
pub struct MainFile<'a> {
    /// The file's path (as displayed).
    pub path: &'a Path,
    /// Its tree.
    pub tree: &'a Node,
    /// Its text.
    pub text: &'a str,
    /// See [`Parsed::verbatim`].
    pub verbatim: bool,
}

impl MainFile<'_> {
    /// Whether some string or key of the file may contain one of
    /// `phrases`. In a [`verbatim`](Parsed::verbatim) file every string and
    /// key is written as it is, so when its text has none of the phrases,
    /// no string has one: rules looking for rare phrases skip such a file
    /// without walking its tree. One search per phrase over the text is
    /// several times faster than the walk.
    pub fn may_contain(&self, phrases: &[Phrase]) -> bool {
        !self.verbatim || phrases.iter().any(|phrase| phrase.occurs_in(self.text))
    }
}

impl<'a, T> From<&'a Parsed<T>> for MainFile<'a> {
    fn from(parsed: &'a Parsed<T>) -> Self {
        Self { path: &parsed.path, tree: &parsed.tree, text: &parsed.text, verbatim: parsed.verbatim }
    }
}

/// An agreement folder with every file that parsed.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    /// The folder's name: the agreement id.
    pub id: String,
    /// The folder's path.
    pub dir: PathBuf,
    /// `agreement.toml`, if it parsed.
    pub agreement: Option<Arc<Parsed<AgreementFile>>>,
    /// `tom.toml`, if it parsed.
    pub tom: Option<Arc<Parsed<TomFile>>>,
    /// `subprocessors.toml`, if it parsed.
    pub subprocessors: Option<Arc<Parsed<SubprocessorsFile>>>,
    /// Customer instances that parsed.
    pub customers: Vec<Arc<Parsed<CustomerFile>>>,
    /// Which of the three main files exist on disk (parsed or not).
    pub present: [bool; 3],
}

impl Folder {
    /// agreement.toml, tom.toml and subprocessors.toml, in that order;
    /// `None` for a file that did not parse. The rules that look at every
    /// text or object walk these.
    pub fn main_files(&self) -> [Option<MainFile<'_>>; 3] {
        [
            self.agreement.as_deref().map(MainFile::from),
            self.tom.as_deref().map(MainFile::from),
            self.subprocessors.as_deref().map(MainFile::from),
        ]
    }

    /// `agreement.toml` to change: shared with other copies of the folder
    /// until then (copy on write).
    pub fn agreement_mut(&mut self) -> Option<&mut Parsed<AgreementFile>> {
        self.agreement.as_mut().map(Arc::make_mut)
    }

    /// `tom.toml` to change (copy on write).
    pub fn tom_mut(&mut self) -> Option<&mut Parsed<TomFile>> {
        self.tom.as_mut().map(Arc::make_mut)
    }

    /// `subprocessors.toml` to change (copy on write).
    pub fn subprocessors_mut(&mut self) -> Option<&mut Parsed<SubprocessorsFile>> {
        self.subprocessors.as_mut().map(Arc::make_mut)
    }

    /// The folder without its customer instances: the agreement's own
    /// files (shared, not copied), for what compares only those.
    pub fn without_customers(&self) -> Folder {
        Folder {
            id: self.id.clone(),
            dir: self.dir.clone(),
            agreement: self.agreement.clone(),
            tom: self.tom.clone(),
            subprocessors: self.subprocessors.clone(),
            customers: Vec::new(),
            present: self.present,
        }
    }

    /// The ids the agreement had before (`meta.previous_ids`), newest first.
    pub fn previous_ids(&self) -> Vec<String> {
        self.agreement
            .as_ref()
            .map(|a| a.value.meta.previous_ids.iter().map(ToString::to_string).collect())
            .unwrap_or_default()
    }

    /// Whether agreement.toml exists and every main file on disk parsed.
    /// Rules that look across files report a missing target only then: what
    /// they look for may sit in the file that failed.
    pub fn is_complete(&self) -> bool {
        self.agreement.is_some()
            && (!self.present[1] || self.tom.is_some())
            && (!self.present[2] || self.subprocessors.is_some())
    }
}

/// A loaded folder with the diagnostics of loading and the texts read.
#[derive(Debug, Default)]
pub struct LoadedFolder {
    /// The folder.
    pub folder: Folder,
    /// Findings from reading, parsing and the schema.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts read.
    pub sources: SourceMap,
    /// How many files were read.
    pub files: usize,
}

/// Loads the folder at `dir`; `root` is the repository root.
pub fn load_folder(dir: &Path, root: &Path) -> LoadedFolder {
    let mut loaded = LoadedFolder::default();
    loaded.folder.dir = dir.to_path_buf();
    // One listing answers which files exist (instead of a stat per known
    // name) and lists the customer folder and unknown files.
    let listing = Listing::of(dir);
    loaded.folder.id = folder_name(dir, listing.is_link);
    // A folder linked in from outside the repository is not reviewed with it.
    if listing.is_link && leads_outside(dir, root) {
        loaded.diagnostics.push(linked_outside(dir.join("agreement.toml"), dir));
        return loaded;
    }
    for (index, name) in KNOWN_FILES.iter().enumerate() {
        let Some(entry) = listing.entries.iter().find(|entry| entry.name == *name) else { continue };
        let text = read_entry(&listing, entry, root);
        add_file(&mut loaded, Some(index), entry.path.clone(), text, root);
    }
    if !loaded.folder.present[0] {
        loaded.diagnostics.push(missing_agreement(dir));
    }
    scan_other_entries(&mut loaded, &listing, root);
    loaded
}

/// Whether `path` (a link) resolves to somewhere outside the repository at `root`, or nowhere.
fn leads_outside(path: &Path, root: &Path) -> bool {
    match (std::fs::canonicalize(path), std::fs::canonicalize(root)) {
        (Ok(target), Ok(root)) => !target.starts_with(root),
        _ => true,
    }
}

/// The finding for a folder linked in from outside the repository.
fn linked_outside(file: PathBuf, dir: &Path) -> Diagnostic {
    Diagnostic::new(
        Code::SymlinkOutsideRepo,
        file,
        Anchor::File,
        format!("`{}` is a symbolic link to a folder outside the repository (or nowhere)", dir.display()),
    )
    .with_help("replace the link with the folder itself so that it is reviewed with the repository")
}

/// Reads a listed file: opened through the listing when it is a plain
/// file, with every check of [`read_text`] otherwise (a link in particular).
fn read_entry(listing: &Listing, entry: &Listed, root: &Path) -> Result<Arc<String>, Box<Diagnostic>> {
    match entry.kind {
        Kind::File => read_opened(&entry.path, || listing.open_entry(entry)),
        _ => read_text(&entry.path, root),
    }
}

/// The agreement id a folder stands for: its name, or for a link (or a
/// path like `.`) the name of the folder it resolves to. Opening the
/// folder said whether it is a link, so a plain folder needs no `stat`.
fn folder_name(dir: &Path, is_link: bool) -> String {
    let plain = dir.file_name().filter(|_| !is_link);
    plain
        .map(|name| name.to_string_lossy().into_owned())
        .or_else(|| dir.canonicalize().ok().and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

/// Adds a file read for the folder: one of [`KNOWN_FILES`] by `index`, or
/// a customer instance. Its findings, from reading or parsing, go to
/// `loaded`; a main file counts as present even when it cannot be read.
fn add_file(
    loaded: &mut LoadedFolder,
    index: Option<usize>,
    path: PathBuf,
    read: Result<Arc<String>, Box<Diagnostic>>,
    root: &Path,
) {
    loaded.add(&FileLoad::new(index, path, read).shown_if_not_utf8(|path| super::file::read_shown(path, root)));
}

/// One file of an agreement folder, read and parsed on its own: what a
/// folder is assembled from. History keeps these by git blob, so that a
/// file unchanged between versions is parsed once.
#[derive(Debug, Clone)]
pub struct FileLoad {
    /// Which of [`KNOWN_FILES`] it is; `None` for a customer instance.
    index: Option<usize>,
    /// The file's path (as displayed).
    path: PathBuf,
    /// Its text, if it could be read.
    text: Option<Arc<String>>,
    /// For a file that is not UTF-8: its text with the bad bytes as `�`,
    /// shown in the snippet of its finding and never parsed.
    shown: Option<Arc<String>>,
    /// What it parsed to.
    parsed: Option<AnyParsed>,
    /// Findings from reading and parsing it.
    diagnostics: Vec<Diagnostic>,
}

/// A parsed file of any kind.
#[derive(Debug, Clone)]
enum AnyParsed {
    Agreement(Arc<Parsed<AgreementFile>>),
    Tom(Arc<Parsed<TomFile>>),
    Subprocessors(Arc<Parsed<SubprocessorsFile>>),
    Customer(Arc<Parsed<CustomerFile>>),
}

impl FileLoad {
    /// Parses the text read from `path`: one of [`KNOWN_FILES`] by
    /// `index`, or a customer instance.
    pub fn new(index: Option<usize>, path: PathBuf, read: Result<Arc<String>, Box<Diagnostic>>) -> Self {
        let mut diagnostics = Vec::new();
        let text = match read {
            Ok(text) => text,
            Err(diagnostic) => {
                return Self { index, path, text: None, shown: None, parsed: None, diagnostics: vec![*diagnostic] };
            }
        };
        let parsed = match index {
            Some(0) => parse_file(&mut diagnostics, FileKind::Agreement, path.clone(), &text)
                .map(|p| AnyParsed::Agreement(Arc::new(p))),
            Some(1) => {
                parse_file(&mut diagnostics, FileKind::Tom, path.clone(), &text).map(|p| AnyParsed::Tom(Arc::new(p)))
            }
            Some(_) => parse_file(&mut diagnostics, FileKind::Subprocessors, path.clone(), &text)
                .map(|p| AnyParsed::Subprocessors(Arc::new(p))),
            None => parse_file(&mut diagnostics, FileKind::Customer, path.clone(), &text)
                .map(|p| AnyParsed::Customer(Arc::new(p))),
        };
        Self { index, path, text: Some(text), shown: None, parsed, diagnostics }
    }

    /// With `shown(path)` as the text its findings show, when it is not
    /// UTF-8 (asked for only then: loading a folder stays as it was).
    fn shown_if_not_utf8(mut self, shown: impl FnOnce(&Path) -> Option<Arc<String>>) -> Self {
        if self.text.is_none() && self.diagnostics.iter().any(|d| d.code == Code::InvalidUtf8) {
            self.shown = shown(&self.path);
        }
        self
    }

    /// The file `name` of a folder (`agreement.toml`, `customers/x.toml`)
    /// from its bytes, displayed as `dir/name`; `None` for a file that is
    /// not part of an agreement folder.
    pub fn from_bytes(dir: &Path, name: &str, bytes: &[u8]) -> Option<Self> {
        let index = KNOWN_FILES.iter().position(|known| *known == name);
        let is_customer = name.starts_with("customers/") && name.ends_with(".toml") && name.matches('/').count() == 1;
        if index.is_none() && !is_customer {
            return None;
        }
        let path = dir.join(name);
        let read = super::file::decode(&path, bytes);
        Some(Self::new(index, path, read).shown_if_not_utf8(|_| Some(super::file::shown_text(bytes))))
    }
}

impl LoadedFolder {
    /// Its first error with its place, `agreements/x/tom.toml:12:5: message`:
    /// why the folder cannot be read as a version (a broken file would
    /// otherwise look like removed content).
    pub fn first_error(&self) -> Option<String> {
        let error = self.diagnostics.iter().find(|d| d.severity == crate::diagnostic::Severity::Error)?;
        let located = crate::diagnostic::locate::locate(vec![error.clone()], &self.sources).pop()?;
        Some(format!("{}:{}:{}: {}", located.file, located.start.line, located.start.column, located.message))
    }

    /// Why the folder cannot be read as a version of an agreement: its
    /// first error with its place, or a missing agreement.toml; `None` when
    /// it can.
    pub fn unreadable(&self) -> Option<String> {
        self.first_error().or_else(|| self.folder.agreement.is_none().then(|| "agreement.toml is missing".to_owned()))
    }

    /// Adds a loaded file: parsed parts are shared, not copied.
    pub fn add(&mut self, file: &FileLoad) {
        self.files += 1;
        if let Some(index) = file.index {
            self.folder.present[index] = true;
        }
        self.diagnostics.extend(file.diagnostics.iter().cloned());
        if let Some(text) = file.text.as_ref().or(file.shown.as_ref()) {
            self.sources.insert(&file.path, text.clone());
        }
        let folder = &mut self.folder;
        match &file.parsed {
            Some(AnyParsed::Agreement(p)) => folder.agreement = Some(p.clone()),
            Some(AnyParsed::Tom(p)) => folder.tom = Some(p.clone()),
            Some(AnyParsed::Subprocessors(p)) => folder.subprocessors = Some(p.clone()),
            Some(AnyParsed::Customer(p)) => folder.customers.push(p.clone()),
            None => {}
        }
    }
}

fn parse_file<T: DeserializeOwned>(
    diagnostics: &mut Vec<Diagnostic>,
    kind: FileKind,
    path: PathBuf,
    text: &Arc<String>,
) -> Option<Parsed<T>> {
    let (value, found) = parse::<T>(kind, &path, text);
    diagnostics.extend(found);
    // Once per file, for every rule that asks `MainFile::may_contain`.
    let verbatim = search::byte(b'\\', text.as_bytes()).is_none();
    value.map(|(value, tree)| Parsed { path, value, tree, text: text.clone(), verbatim })
}

/// Customer instances, and a warning for any file avv does not know.
fn scan_other_entries(loaded: &mut LoadedFolder, listing: &Listing, root: &Path) {
    for entry in &listing.entries {
        let Listed { name, path, .. } = entry;
        if KNOWN_FILES.contains(&name.as_str()) || name.starts_with('.') {
            continue;
        }
        if name == "customers" {
            if entry.kind != Kind::Dir && leads_outside(path, root) {
                loaded.diagnostics.push(linked_outside(path.clone(), path));
            } else if entry.is_dir() {
                load_customers(loaded, &listing.sub(entry), root);
            } else {
                loaded.diagnostics.push(
                    Diagnostic::new(
                        Code::NotAFile,
                        path,
                        Anchor::File,
                        "`customers` must be a folder of customer instance files",
                    )
                    .with_help("move the instance into `customers/<customer>.toml`"),
                );
            }
            continue;
        }
        if name.ends_with(".toml") {
            loaded.diagnostics.push(unknown_file(path, name));
        }
    }
}

fn load_customers(loaded: &mut LoadedFolder, customers: &Listing, root: &Path) {
    for entry in &customers.entries {
        if is_unread_instance(&entry.name) {
            loaded.diagnostics.push(unread_instance(&entry.path, &entry.name));
            continue;
        }
        if entry.name.starts_with('.') {
            continue;
        }
        if entry.is_dir() {
            loaded.diagnostics.push(nested_customers(&entry.path));
            continue;
        }
        if !entry.name.ends_with(".toml") {
            continue;
        }
        let text = read_entry(customers, entry, root);
        add_file(loaded, None, entry.path.clone(), text, root);
    }
}

/// Loads a folder from file contents already in memory (a git tree at some
/// commit). `files` maps paths relative to the folder (`agreement.toml`,
/// `customers/x.toml`) to their bytes; `dir` is the folder's path for display.
pub fn load_snapshot(id: &str, dir: &Path, files: &[(String, Vec<u8>)]) -> LoadedFolder {
    let mut loaded = LoadedFolder::default();
    loaded.folder.id = id.to_owned();
    loaded.folder.dir = dir.to_path_buf();
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, bytes) in &sorted {
        if let Some(file) = FileLoad::from_bytes(dir, name, bytes) {
            loaded.add(&file);
        }
    }
    let names: Vec<&str> = sorted.iter().map(|(name, _)| name.as_str()).collect();
    loaded.diagnostics.extend(shape_findings(dir, &names));
    loaded
}

/// What the names of a folder's files say about it, for a folder read from
/// git (the index, a commit), where [`load_folder`]'s listing is not: no
/// agreement.toml (deleted or renamed away), a `.toml` file avv does not
/// read, an instance in a folder inside `customers/`. `names` are paths
/// within the folder.
pub fn shape_findings(dir: &Path, names: &[&str]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !names.contains(&"agreement.toml") {
        out.push(missing_agreement(dir));
    }
    let mut nested: Vec<&str> = Vec::new();
    for name in names {
        match name.split_once('/') {
            None if name.ends_with(".toml") && !KNOWN_FILES.contains(name) && !name.starts_with('.') => {
                out.push(unknown_file(&dir.join(name), name));
            }
            Some(("customers", rest)) => {
                if !rest.contains('/') && is_unread_instance(rest) {
                    out.push(unread_instance(&dir.join("customers").join(rest), rest));
                }
                if let Some((folder, _)) = rest.split_once('/')
                    && !folder.starts_with('.')
                    && !nested.contains(&folder)
                {
                    nested.push(folder);
                    out.push(nested_customers(&dir.join("customers").join(folder)));
                }
            }
            _ => {}
        }
    }
    out
}

/// The finding for a folder without agreement.toml.
fn missing_agreement(dir: &Path) -> Diagnostic {
    Diagnostic::new(
        Code::MissingAgreementFile,
        dir.join("agreement.toml"),
        Anchor::File,
        format!("agreement folder `{}` has no agreement.toml", dir.display()),
    )
    .with_help("add agreement.toml with at least `schema_version = 1` and `[meta]` (id, kind, title, version, status)")
}

/// Whether a file in `customers/` looks like an instance but is not read
/// as one: hidden (`.kunde.toml`) or with another spelling of the
/// extension (`kunde.TOML`). Its contract would be neither checked nor
/// built, without a word.
fn is_unread_instance(name: &str) -> bool {
    let toml = name.len() > 5 && name[name.len() - 5..].eq_ignore_ascii_case(".toml");
    toml && (name.starts_with('.') || !name.ends_with(".toml"))
}

/// The finding for such a file.
fn unread_instance(path: &Path, name: &str) -> Diagnostic {
    let stem = name.trim_start_matches('.');
    let fixed = format!("{}.toml", &stem[..stem.len() - 5]);
    Diagnostic::new(
        Code::UnknownFile,
        path,
        Anchor::File,
        format!("`customers/{name}` is not read as a customer instance: avv reads `customers/<customer>.toml` only (not hidden, the extension in lower case)"),
    )
    .with_help(format!("rename it to `customers/{fixed}` to check and build it, or move it out of the folder"))
}

/// The finding for a `.toml` file in an agreement folder that avv does not read.
fn unknown_file(path: &Path, name: &str) -> Diagnostic {
    let diagnostic = Diagnostic::new(
        Code::UnknownFile,
        path,
        Anchor::File,
        format!("`{name}` is not a file avv reads in an agreement folder"),
    );
    match closest(name, KNOWN_FILES.iter().copied()) {
        Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
        None => diagnostic
            .with_help("agreement folders hold agreement.toml, tom.toml, subprocessors.toml and customers/*.toml"),
    }
}

/// The finding for a folder inside `customers/`: its instances would
/// silently have no contract and no checks.
fn nested_customers(path: &Path) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownFile,
        path,
        Anchor::File,
        format!("`{}` is a folder: avv reads only the instance files directly in `customers/`", path.display()),
    )
    .with_help("move its instances to `customers/<customer>.toml`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_avv_would_not_read_are_named_on_disk_and_in_git() {
        let names = [
            ("kunde.toml", false),
            ("kunde.TOML", true),
            ("kunde.Toml", true),
            (".kunde.toml", true),
            (".DS_Store", false),
            ("notizen.txt", false),
            (".toml", false),
        ];
        for (name, unread) in names {
            assert_eq!(is_unread_instance(name), unread, "{name}");
        }
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("agreements/minimal");
        std::fs::create_dir_all(folder.join("customers")).unwrap();
        let minimal = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/minimal/agreement.toml");
        std::fs::copy(minimal, folder.join("agreement.toml")).unwrap();
        for (name, _) in names {
            std::fs::write(folder.join("customers").join(name), "x = 1\n").unwrap();
        }
        let loaded = load_folder(&folder, dir.path());
        let found: Vec<&Diagnostic> = loaded.diagnostics.iter().filter(|d| d.code == Code::UnknownFile).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        let listed: Vec<String> = names.iter().map(|(name, _)| format!("customers/{name}")).collect();
        let mut in_git: Vec<&str> = vec!["agreement.toml"];
        in_git.extend(listed.iter().map(String::as_str));
        let shape = shape_findings(Path::new("agreements/minimal"), &in_git);
        assert_eq!(shape.iter().filter(|d| d.code == Code::UnknownFile).count(), 3, "{shape:?}");
    }

    #[test]
    fn a_snapshot_file_that_cannot_be_read_is_still_present() {
        let minimal = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/minimal/agreement.toml");
        let files = [
            ("agreement.toml".to_owned(), std::fs::read(minimal).unwrap()),
            ("tom.toml".to_owned(), vec![0xff, 0xfe]),
            ("notes.txt".to_owned(), b"x".to_vec()),
        ];
        let loaded = load_snapshot("minimal", Path::new("agreements/minimal"), &files);
        assert_eq!(loaded.folder.present, [true, true, false]);
        assert_eq!((loaded.files, loaded.folder.agreement.is_some(), loaded.folder.tom.is_none()), (2, true, true));
        assert_eq!(loaded.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::InvalidUtf8]);
        // So rules that look across files know the folder is incomplete.
        assert!(!loaded.folder.is_complete());
        // Its finding shows the bytes as text, the bad ones as `�`.
        assert_eq!(loaded.sources.get(Path::new("agreements/minimal/tom.toml")).unwrap().as_str(), "\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn a_file_that_is_not_utf8_shows_its_line_with_the_bad_byte() {
        let text = b"schema_version = 1\n[annex]\ntitle = \"L\xf6schung\"\n";
        let located = |loaded: LoadedFolder| {
            let found = crate::diagnostic::locate::locate(loaded.diagnostics, &loaded.sources);
            let finding = found.into_iter().find(|d| d.code == Code::InvalidUtf8).expect("the finding");
            let shown = loaded.sources.get(Path::new(&finding.file)).expect("a text to show").clone();
            (finding.start.line, finding.start.column, shown[finding.span.clone()].to_owned())
        };
        // From git (the history, the staged files of the hook).
        let files = [("tom.toml".to_owned(), text.to_vec())];
        let from_git = located(load_snapshot("minimal", Path::new("agreements/minimal"), &files));
        assert_eq!(from_git, (3, 11, "\u{FFFD}".to_owned()));
        // From disk, read through the folder's listing.
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("agreements/minimal");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("tom.toml"), text).unwrap();
        assert_eq!(located(load_folder(&folder, dir.path())), from_git);
        // A valid file is not read again for it.
        std::fs::write(folder.join("tom.toml"), "schema_version = 1\n").unwrap();
        assert!(load_folder(&folder, dir.path()).diagnostics.iter().all(|d| d.code != Code::InvalidUtf8));
    }

    #[test]
    fn folders_are_named_after_what_they_resolve_to() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("rocon");
        std::fs::create_dir_all(real.join("sub")).unwrap();
        let name = |dir: &Path| folder_name(dir, Listing::of(dir).is_link);
        assert_eq!(name(&real), "rocon");
        assert_eq!(name(&real.join(".")), "rocon");
        assert_eq!(name(&real.join("sub").join("..")), "rocon");
        #[cfg(unix)]
        {
            let link = dir.path().join("alias");
            std::os::unix::fs::symlink(&real, &link).unwrap();
            assert_eq!(name(&link), "rocon");
        }
        assert_eq!(name(&dir.path().join("missing")), "missing");
    }
}
