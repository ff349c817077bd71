//! A repository's `templates/` folder as it was at a commit.
//!
//! A published version is rendered with the templates of the commit that
//! made it, as its agreement files are: a template changed later (a
//! sentence added to `document.typ.j2`) must not change what a version
//! that customers signed prints. Consecutive commits mostly share the
//! folder, so a set is known by the id of its tree.

use std::path::Path;

use git2::{ObjectType, Oid, Repository};

use super::{HistoryError, Loader, Repo};
use crate::load::file::{MAX_FILE_SIZE, decode};

/// The folder that overrides the default templates.
pub const TEMPLATES: &str = "templates";

/// The `templates/` folder at one commit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateFiles {
    /// The folder's tree; `None` where the commit has no such folder.
    pub tree: Option<Oid>,
    /// Its files by name, sorted: the text, or why it cannot be used.
    pub files: Vec<(String, Result<String, String>)>,
}

impl TemplateFiles {
    /// The file `name`, if the folder has it.
    pub fn get(&self, name: &str) -> Option<&Result<String, String>> {
        self.files.iter().find(|(file, _)| file == name).map(|(_, text)| text)
    }

    /// The working tree's `templates/` folder in the repository at `root`.
    pub fn working(root: &Path) -> Self {
        Self::folder(&root.join(TEMPLATES))
    }

    /// The templates folder `dir` on disk (none there: empty). Each file
    /// is read the way agreement files are: a regular file of limited size
    /// inside the repository (the folder that holds `dir`). A link that
    /// leads outside it (`style.css -> /proc/self/environ`), a folder that
    /// is itself such a link, a FIFO or a device is there with why it
    /// cannot be used, so that a build never publishes a file from outside
    /// the repository.
    pub fn folder(dir: &Path) -> Self {
        let Ok(entries) = std::fs::read_dir(dir) else { return Self::default() };
        let mut files: Vec<(String, Result<String, String>)> = entries
            .flatten()
            .filter(|entry| !entry.file_type().is_ok_and(|t| t.is_dir()))
            .map(|entry| (entry.file_name().to_string_lossy().into_owned(), read_file(dir, &entry.path())))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Self { tree: None, files }
    }

    /// The names of the files that differ between `self` and `later`:
    /// changed, added or removed, sorted.
    pub fn changed(&self, later: &Self) -> Vec<String> {
        let mut names: Vec<String> = self
            .files
            .iter()
            .filter(|(name, text)| later.get(name) != Some(text))
            .chain(later.files.iter().filter(|(name, _)| self.get(name).is_none()))
            .map(|(name, _)| name.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

/// One file of the templates folder `dir` on disk (see [`TemplateFiles::folder`]).
fn read_file(dir: &Path, path: &Path) -> Result<String, String> {
    let root = dir.parent().unwrap_or(dir);
    let inside = match (std::fs::canonicalize(path), std::fs::canonicalize(root)) {
        (Ok(target), Ok(root)) => target.starts_with(root),
        _ => false,
    };
    if !inside {
        return Err(format!(
            "template `{}` leads outside the repository (a symbolic link?); replace the link with the file itself",
            path.display()
        ));
    }
    crate::load::file::read_text(path, root).map(|text| text.as_str().to_owned()).map_err(|diagnostic| {
        format!(
            "cannot use template `{}`: {}{}",
            path.display(),
            diagnostic.message,
            diagnostic.help.map(|h| format!(" ({h})")).unwrap_or_default()
        )
    })
}

/// The line a version table gives document templates changed since the
/// version before (`None` when none did).
pub fn template_line(names: &[String]) -> Option<String> {
    let list = names.join(", ");
    match names.len() {
        0 => None,
        1 => Some(format!("Dokumentvorlage geändert: {list}")),
        _ => Some(format!("Dokumentvorlagen geändert: {list}")),
    }
}

/// The `templates/` folder at `commit`, through any handle.
pub(crate) fn templates_at(git: &Repository, commit: Oid) -> Result<TemplateFiles, HistoryError> {
    let Some(folder) = tree_at(git, commit)? else { return Ok(TemplateFiles::default()) };
    let subtree = git.find_tree(folder)?;
    let mut files = Vec::new();
    for entry in subtree.iter() {
        let Ok(name) = entry.name() else { continue };
        if entry.kind() != Some(ObjectType::Blob) {
            continue;
        }
        let path = format!("{TEMPLATES}/{name}");
        // A link is committed as a blob holding its target: not a template,
        // and in the working tree one leading outside is refused.
        let text = if entry.filemode() == 0o120000 {
            Err(format!("template `{path}` is a symbolic link; replace the link with the file itself and commit that"))
        } else {
            let blob = git
                .find_blob(entry.id())
                .map_err(|_| HistoryError::MissingObject { path: path.clone(), id: entry.id().to_string() })?;
            let bytes = blob.content();
            if bytes.len() as u64 > MAX_FILE_SIZE {
                Err(format!("template `{path}` is {} bytes; the limit is {MAX_FILE_SIZE} bytes (4 MiB)", bytes.len()))
            } else {
                decode(Path::new(&path), bytes).map(|text| text.as_str().to_owned()).map_err(|diagnostic| {
                    format!(
                        "cannot use template `{path}`: {}{}",
                        diagnostic.message,
                        diagnostic.help.map(|h| format!(" ({h})")).unwrap_or_default()
                    )
                })
            }
        };
        files.push((name.to_owned(), text));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(TemplateFiles { tree: Some(folder), files })
}

/// The id of the `templates/` tree at `commit` (`None`: none there).
fn tree_at(git: &Repository, commit: Oid) -> Result<Option<Oid>, HistoryError> {
    let tree = git.find_commit(commit)?.tree()?;
    Ok(match tree.get_path(Path::new(TEMPLATES)) {
        Ok(entry) if entry.kind() == Some(ObjectType::Tree) => Some(entry.id()),
        _ => None,
    })
}

/// Follows the document templates along the versions of a history: which
/// changed since the version before.
#[derive(Debug, Default)]
pub(crate) struct TemplateTrail {
    /// The commit of the version before, and its `templates/` tree.
    last: Option<(Oid, Option<Oid>)>,
}

impl TemplateTrail {
    /// The document templates changed between the version before and the
    /// one made at `commit`, which becomes the version before.
    pub(crate) fn next(&mut self, git: &Repository, commit: Oid) -> Result<Vec<String>, HistoryError> {
        let tree = tree_at(git, commit)?;
        let changed = match self.last {
            Some((before, known)) if known != tree => {
                document_templates(templates_at(git, before)?.changed(&templates_at(git, commit)?))
            }
            _ => Vec::new(),
        };
        self.last = Some((commit, tree));
        Ok(changed)
    }

    /// The document templates changed between the version before and
    /// `commit`, which does not become the version before.
    pub(crate) fn since(&self, git: &Repository, commit: Oid) -> Result<Vec<String>, HistoryError> {
        match self.last {
            Some((before, known)) if known != tree_at(git, commit)? => {
                Ok(document_templates(templates_at(git, before)?.changed(&templates_at(git, commit)?)))
            }
            _ => Ok(Vec::new()),
        }
    }
}

/// The names among `names` of templates a document prints with: not the
/// site's own pages.
pub fn document_templates(names: Vec<String>) -> Vec<String> {
    names.into_iter().filter(|name| !crate::render::templates::SITE_PAGES.contains(&name.as_str())).collect()
}

impl Repo {
    /// The `templates/` folder at `commit`.
    pub fn templates_at(&self, commit: Oid) -> Result<TemplateFiles, HistoryError> {
        templates_at(self.raw(), commit)
    }
}

impl Loader {
    /// The `templates/` folder at `commit` (a hex id).
    pub fn templates_at(&self, commit: &str) -> Result<TemplateFiles, HistoryError> {
        let commit = Oid::from_str(commit).map_err(|_| HistoryError::UnknownRevision(commit.to_owned()))?;
        self.handles.with(|git| templates_at(git, commit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A commit whose `templates/` folder holds `files` (name, bytes, mode).
    fn commit(git: &Repository, files: &[(&str, &[u8], i32)], parent: Option<Oid>) -> Oid {
        let mut folder = git.treebuilder(None).unwrap();
        for (name, bytes, mode) in files {
            folder.insert(name, git.blob(bytes).unwrap(), *mode).unwrap();
        }
        let mut top = git.treebuilder(None).unwrap();
        if !files.is_empty() {
            top.insert(TEMPLATES, folder.write().unwrap(), 0o040000).unwrap();
        }
        let tree = git.find_tree(top.write().unwrap()).unwrap();
        let who = git2::Signature::new("A", "a@example.org", &git2::Time::new(0, 0)).unwrap();
        let parents: Vec<git2::Commit<'_>> = parent.iter().map(|p| git.find_commit(*p).unwrap()).collect();
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        git.commit(None, &who, &who, "t", &tree, &parents).unwrap()
    }

    #[test]
    fn a_commits_templates_are_read_as_text_and_a_link_or_binary_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let git = Repository::init(dir.path()).unwrap();
        let none = commit(&git, &[], None);
        assert_eq!(templates_at(&git, none).unwrap(), TemplateFiles::default());
        let files: &[(&str, &[u8], i32)] = &[
            ("document.md.j2", b"# {{ agreement.title }}\r\n", 0o100644),
            ("style.css", b"/etc/passwd", 0o120000),
            ("logo.png", b"\x89PNG\0\0", 0o100644),
        ];
        let first = commit(&git, files, Some(none));
        let read = templates_at(&git, first).unwrap();
        assert!(read.tree.is_some());
        assert_eq!(
            read.get("document.md.j2"),
            Some(&Ok("# {{ agreement.title }}\n".to_owned())),
            "line ends as on disk"
        );
        assert!(matches!(read.get("style.css"), Some(Err(m)) if m.contains("symbolic link")));
        assert!(matches!(read.get("logo.png"), Some(Err(m)) if m.contains("NUL byte")));

        // The trail names what changed between versions, and only then.
        let changed = commit(&git, &[("document.md.j2", b"# {{ agreement.title }}!\n", 0o100644)], Some(first));
        let mut trail = TemplateTrail::default();
        assert!(trail.next(&git, none).unwrap().is_empty(), "the first version has none before it");
        assert_eq!(trail.since(&git, first).unwrap(), ["document.md.j2", "logo.png", "style.css"]);
        assert_eq!(trail.next(&git, first).unwrap(), ["document.md.j2", "logo.png", "style.css"]);
        assert!(trail.since(&git, first).unwrap().is_empty());
        assert_eq!(trail.next(&git, changed).unwrap(), ["document.md.j2", "logo.png", "style.css"]);
        assert_eq!(template_line(&["document.md.j2".to_owned()]).unwrap(), "Dokumentvorlage geändert: document.md.j2");
    }
}
