//! avv's private output (rendered customer contracts, in a folder marked
//! `.avv-private`; notice letters to customers, marked `.avv-letters`)
//! committed by mistake: it holds customers' personal data, which a
//! repository shares with everyone who clones it and keeps forever.

use std::collections::BTreeMap;

use crate::diagnostic::{Anchor, Code, Diagnostic};
use crate::notice::letter::LETTERS_MARKER;
use crate::render::site::PRIVATE_MARKER;

/// Findings for the `changed` paths (added or changed by a commit) that lie
/// in a folder marked as avv's private output; `marked` says whether a
/// folder (`""` for the top) holds the marker, in the commit or on disk.
/// One finding per folder, with how many of its files the commit adds.
pub fn private_findings(changed: &[String], marked: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
    let mut folders: BTreeMap<String, usize> = BTreeMap::new();
    let mut known: BTreeMap<String, bool> = BTreeMap::new();
    for path in changed {
        let mut folder = path.as_str();
        while let Some((parent, _)) = folder.rsplit_once('/') {
            folder = parent;
            if *known.entry(folder.to_owned()).or_insert_with(|| marked(folder)) {
                *folders.entry(folder.to_owned()).or_default() += 1;
                break;
            }
        }
    }
    folders
        .into_iter()
        .map(|(folder, files)| {
            let mut finding = Diagnostic::new(
                Code::PrivateOutputCommitted,
                &folder,
                Anchor::File,
                format!(
                    "`{folder}/` is avv's private output (customer contracts or letters: personal data), and {files} file{} from it would be committed",
                    if files == 1 { "" } else { "s" }
                ),
            );
            finding.help = Some(format!(
                "unstage it with `git rm -r --cached {folder}`, add `/{folder}/` to .gitignore, and commit again; a customer's contract is published only with `publish = true` in its instance"
            ));
            finding
        })
        .collect()
}

/// Whether `folder` (`""`: the top) holds a private marker (the private
/// output's or the letters') according to `has` (a path lookup in the
/// commit or the index).
pub fn marker_in(folder: &str, has: impl Fn(&str) -> bool) -> bool {
    [PRIVATE_MARKER, LETTERS_MARKER]
        .iter()
        .any(|marker| if folder.is_empty() { has(marker) } else { has(&format!("{folder}/{marker}")) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_finding_per_marked_folder() {
        let changed: Vec<String> =
            ["private/.avv-private", "private/a/k.pdf", "private/a/k.docx", "site/x.pdf", "notes.md"]
                .map(str::to_owned)
                .to_vec();
        let found = private_findings(&changed, |folder| folder == "private");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, std::path::PathBuf::from("private"));
        assert!(found[0].message.contains("3 files from it"), "{}", found[0].message);
        let one = private_findings(&["private/a/k.pdf".to_owned()], |folder| folder == "private");
        assert!(one[0].message.contains("1 file from it would"), "{}", one[0].message);
        assert!(private_findings(&changed, |_| false).is_empty());
    }
}
