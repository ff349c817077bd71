//! One published document: what a path on the command line names (an
//! agreement folder or a customer instance file), the document in any
//! [`Format`], and the file name it is published under.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::inline::Flavor;
use super::{Format, RenderError, Stamp, Templates, render_docx, render_pdf, render_text};
use crate::load::Folder;
use crate::load::discover::is_agreement_folder;
use crate::model::customer::CustomerFile;

/// What a path names: an agreement, or one customer's instance of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The agreement folder.
    pub folder: PathBuf,
    /// The customer instance's file stem (`customers/<customer>.toml`), if
    /// the path names one.
    pub instance: Option<String>,
}

/// Why a path names no document.
#[derive(Debug, Error)]
pub enum TargetError {
    /// The path does not exist.
    #[error("`{0}` does not exist")]
    NotFound(PathBuf),
    /// The path is neither an agreement folder nor a customer instance file.
    #[error("`{0}` is neither an agreement folder nor a customer instance file (`customers/<customer>.toml`)")]
    NotADocument(PathBuf),
}

/// Resolves a path to the document it names: an agreement folder (or one
/// of its main files) is the agreement; `customers/<customer>.toml` is
/// that customer's instance.
pub fn resolve(path: &Path) -> Result<Target, TargetError> {
    let metadata = std::fs::metadata(path).map_err(|_| TargetError::NotFound(path.to_path_buf()))?;
    if metadata.is_dir() {
        if is_agreement_folder(path) {
            return Ok(Target { folder: path.to_path_buf(), instance: None });
        }
        return Err(TargetError::NotADocument(path.to_path_buf()));
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let is_toml = path.extension().is_some_and(|e| e == "toml");
    if is_toml && parent.file_name().is_some_and(|n| n == "customers") {
        let folder = parent.parent().map(Path::to_path_buf).unwrap_or_default();
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if is_agreement_folder(&folder) {
            return Ok(Target { folder, instance: Some(stem) });
        }
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if crate::load::discover::KNOWN_FILES.contains(&name) {
        return Ok(Target { folder: parent, instance: None });
    }
    Err(TargetError::NotADocument(path.to_path_buf()))
}

/// The customer instance with file stem `id` in `folder`.
pub fn find_instance<'a>(folder: &'a Folder, id: &str) -> Option<&'a CustomerFile> {
    folder.customers.iter().find(|c| c.path.file_stem().is_some_and(|s| s == id)).map(|c| &c.value)
}

/// The file stem of a customer instance as loaded.
pub fn instance_id(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Renders one document in `format`: Markdown and HTML through their
/// templates, PDF through typst, DOCX from the view (`epoch` as in
/// `SOURCE_DATE_EPOCH`).
pub fn render_document(
    templates: &Templates,
    folder: &Folder,
    instance: Option<(&str, &CustomerFile)>,
    format: Format,
    stamp: &Stamp,
    epoch: Option<i64>,
) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Markdown => render_text(templates, folder, instance, Flavor::Markdown, stamp).map(String::into_bytes),
        Format::Html => render_text(templates, folder, instance, Flavor::Html, stamp).map(String::into_bytes),
        Format::Pdf => render_pdf(templates, folder, instance, stamp, epoch),
        Format::Docx => render_docx(folder, instance, stamp, epoch),
    }
}

/// The file a document is published as: `<id>-<version>.<ext>` for the
/// agreement, `<customer>.<ext>` for a customer instance. Characters other
/// than letters, digits, `.`, `_` and `-` become `-`, so a version label
/// cannot reach outside the folder or need quoting in a link.
pub fn file_name(folder: &Folder, instance: Option<&str>, format: Format) -> String {
    match instance {
        Some(customer) => format!("{}.{}", safe_name(customer), format.extension()),
        None => {
            let version = folder.agreement.as_ref().map_or("", |a| a.value.meta.version.as_str());
            format!("{}-{}.{}", safe_name(&folder.id), safe_name(version), format.extension())
        }
    }
}

/// `text` reduced to characters that are safe in a file name and a URL path.
pub fn safe_name(text: &str) -> String {
    let mut name: String =
        text.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' }).collect();
    // No hidden files, no `..`.
    while name.starts_with('.') {
        name.replace_range(..1, "-");
    }
    if name.is_empty() { "-".to_owned() } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_stay_inside_the_folder() {
        assert_eq!(safe_name("1.5a"), "1.5a");
        assert_eq!(safe_name("../x"), "-.-x");
        assert_eq!(safe_name("..."), "-..");
        assert_eq!(safe_name("1.0 final/2"), "1.0-final-2");
        assert_eq!(safe_name("Müller GmbH"), "M-ller-GmbH");
        assert_eq!(safe_name(""), "-");
    }

    #[test]
    fn paths_name_documents() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("acme");
        std::fs::create_dir_all(folder.join("customers")).unwrap();
        std::fs::write(folder.join("agreement.toml"), "").unwrap();
        std::fs::write(folder.join("customers/203523.toml"), "").unwrap();
        std::fs::write(tmp.path().join("README.md"), "").unwrap();
        assert_eq!(resolve(&folder).unwrap(), Target { folder: folder.clone(), instance: None });
        assert_eq!(resolve(&folder.join("agreement.toml")).unwrap(), Target { folder: folder.clone(), instance: None });
        assert_eq!(
            resolve(&folder.join("customers/203523.toml")).unwrap(),
            Target { folder: folder.clone(), instance: Some("203523".to_owned()) }
        );
        assert!(matches!(resolve(tmp.path()), Err(TargetError::NotADocument(_))));
        assert!(matches!(resolve(&tmp.path().join("README.md")), Err(TargetError::NotADocument(_))));
        assert!(matches!(resolve(&tmp.path().join("missing")), Err(TargetError::NotFound(_))));
    }
}
