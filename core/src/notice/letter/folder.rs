//! One letter per customer, written into a folder marked as avv's
//! letters: customers' names and addresses, which the hooks refuse to
//! commit and a build must not replace.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{LetterFormat, letter, recipient};
use crate::load::Folder;
use crate::notice::Notice;
use crate::render::RenderError;
use crate::validate::customer::SignedVersions;

/// The file that marks a folder as avv's notice letters to customers:
/// personal data, which the hooks refuse to commit, as they refuse the
/// private output of `avv build`.
pub const LETTERS_MARKER: &str = ".avv-letters";

/// Why letters cannot be written into a folder.
#[derive(Debug, Error)]
pub enum LettersError {
    /// The folder holds other files than avv's letters.
    #[error(
        "`{}` exists and is not a folder of avv's letters (no `{LETTERS_MARKER}` file); refusing to write customer letters among other files: give `--letters` a new or empty folder",
        .0.display()
    )]
    NotLetters(PathBuf),
    /// The folder lies in an output that `avv build` replaces as a whole.
    #[error(
        "`{}` lies inside {kind} (`{}`), which `avv build` replaces as a whole: give `--letters` a folder outside it",
        path.display(),
        output.display()
    )]
    InsideOutput {
        /// The letters' folder.
        path: PathBuf,
        /// What the output is ("the site").
        kind: &'static str,
        /// The output's folder.
        output: PathBuf,
    },
    /// The folder, its marker or a letter could not be written.
    #[error("cannot write `{}`", path.display())]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A customer of the notice has no instance in the folder read.
    #[error("the customer instance `{0}` is not in the agreement's folder")]
    UnknownCustomer(String),
    /// A letter could not be rendered.
    #[error("cannot render the letter to `{id}`")]
    Render {
        /// The customer instance.
        id: String,
        /// Why.
        #[source]
        source: RenderError,
    },
}

/// Writes one letter per customer the notice must reach into `dir`
/// (prepared by [`prepare_letters_dir`]), `<instance>.<extension>`, each
/// through `write` (which should replace a file whole or not at all), each
/// addressed as the customer's contract prints it (`signed`: the agreement
/// at the versions the customers signed, see [`recipient`]).
/// Letters are rendered on every core: a PDF is tens of milliseconds, and
/// a processor may have thousands of customers. Returns how many.
pub fn write_letters(
    notice: &Notice,
    folder: &Folder,
    signed: &SignedVersions,
    dir: &Path,
    format: LetterFormat,
    epoch: Option<i64>,
    write: impl Fn(&Path, &[u8]) -> std::io::Result<()> + Sync,
) -> Result<usize, LettersError> {
    use rayon::prelude::*;
    prepare_letters_dir(dir)?;
    notice.affected.par_iter().try_for_each(|customer| {
        let id = &customer.id;
        let to = recipient(folder, signed, id, notice.date).ok_or_else(|| LettersError::UnknownCustomer(id.clone()))?;
        let bytes = letter(notice, Some(&to))
            .encode(notice, Some(id), format, epoch)
            .map_err(|source| LettersError::Render { id: id.clone(), source })?;
        let path = dir.join(format!("{id}.{}", format.extension()));
        write(&path, &bytes).map_err(|source| LettersError::Io { path, source })
    })?;
    Ok(notice.affected.len())
}

/// Makes `dir` ready for letters: new or empty (then marked), or marked
/// before. Never a folder with other files (a repository's top, where the
/// marker would make the hook refuse every commit), and never inside the
/// site, the private output or a shard, which the next build replaces.
pub fn prepare_letters_dir(dir: &Path) -> Result<(), LettersError> {
    use crate::render::site::{MARKER, PRIVATE_MARKER, SHARD_MANIFEST};
    let io = |source| LettersError::Io { path: dir.to_path_buf(), source };
    let absolute = std::path::absolute(dir).map_err(io)?;
    for folder in absolute.ancestors() {
        let outputs = [(MARKER, "the site"), (PRIVATE_MARKER, "the private output"), (SHARD_MANIFEST, "a shard")];
        if let Some((_, kind)) = outputs.iter().find(|(marker, _)| folder.join(marker).is_file()) {
            return Err(LettersError::InsideOutput { path: dir.to_path_buf(), kind, output: folder.to_path_buf() });
        }
    }
    match std::fs::symlink_metadata(dir) {
        Ok(metadata) if metadata.is_dir() => {
            if dir.join(LETTERS_MARKER).is_file() {
                return Ok(());
            }
            let empty = std::fs::read_dir(dir).map_err(io)?.next().is_none();
            if !empty {
                return Err(LettersError::NotLetters(dir.to_path_buf()));
            }
        }
        Ok(_) => return Err(LettersError::NotLetters(dir.to_path_buf())),
        Err(_) => std::fs::create_dir_all(dir).map_err(io)?,
    }
    std::fs::write(
        dir.join(LETTERS_MARKER),
        "Notice letters written by avv: customers' personal data, never to be published or committed.\n",
    )
    .map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letters_folder_is_new_empty_or_marked_and_outside_avvs_outputs() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // New: made and marked; marked: used again.
        let new = root.join("mitteilungen/2026-12");
        prepare_letters_dir(&new).unwrap();
        assert!(new.join(LETTERS_MARKER).is_file());
        std::fs::write(new.join("kunde.pdf"), "%PDF-").unwrap();
        prepare_letters_dir(&new).unwrap();
        // Empty: marked.
        let empty = root.join("leer");
        std::fs::create_dir(&empty).unwrap();
        prepare_letters_dir(&empty).unwrap();
        assert!(empty.join(LETTERS_MARKER).is_file());
        // Other files, or a file: refused, nothing written.
        let notes = root.join("notizen");
        std::fs::create_dir(&notes).unwrap();
        std::fs::write(notes.join("a.md"), "mine").unwrap();
        assert!(matches!(prepare_letters_dir(&notes), Err(LettersError::NotLetters(_))));
        assert!(!notes.join(LETTERS_MARKER).exists());
        assert!(matches!(prepare_letters_dir(&notes.join("a.md")), Err(LettersError::NotLetters(_))));
        // Inside the site, the private output or a shard: refused, even new.
        for (marker, kind) in [
            (crate::render::site::MARKER, "the site"),
            (crate::render::site::PRIVATE_MARKER, "the private output"),
            (crate::render::site::SHARD_MANIFEST, "a shard"),
        ] {
            let output = root.join(format!("out-{kind}"));
            std::fs::create_dir(&output).unwrap();
            std::fs::write(output.join(marker), "").unwrap();
            let inside = output.join("briefe");
            let error = prepare_letters_dir(&inside).unwrap_err();
            assert!(error.to_string().contains(&format!("lies inside {kind}")), "{error}");
            assert!(!inside.exists(), "{kind}");
        }
    }
}
