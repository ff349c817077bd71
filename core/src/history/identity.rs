//! One agreement through renames: which folder on an earlier side (a
//! commit) is the same agreement as a folder on a later side (a commit,
//! the index or the working tree). The same name, else a name the later
//! agreement.toml lists in `meta.previous_ids`, else the folder git's
//! rename detection finds the later folder's files came from.

use std::collections::BTreeMap;

use git2::Oid;

use super::walk::{Direction, renames_in};
use super::{HistoryError, Repo};

/// The later side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Later {
    /// A commit.
    Commit(Oid),
    /// The staging area (what a commit would record).
    Index,
    /// The files on disk.
    WorkingTree,
}

impl Repo {
    /// Pairs the agreement folders of a later side with those of an earlier
    /// commit: later name to earlier name, for every later folder that has
    /// a counterpart. `later_ids` are the later side's folders with the
    /// `previous_ids` their agreement.toml lists; `earlier_ids` the earlier
    /// commit's folders.
    pub fn pair_folders(
        &self,
        earlier: Oid,
        later: Later,
        later_ids: &[(String, Vec<String>)],
        earlier_ids: &[String],
    ) -> Result<BTreeMap<String, String>, HistoryError> {
        let later_names: Vec<&str> = later_ids.iter().map(|(id, _)| id.as_str()).collect();
        let mut pairs = BTreeMap::new();
        let mut taken: Vec<&str> = Vec::new();
        // The same name first: it is the same agreement.
        for (id, _) in later_ids {
            if earlier_ids.contains(id) {
                pairs.insert(id.clone(), id.clone());
                taken.push(id);
            }
        }
        // A free earlier folder is one no later folder keeps.
        let free = |name: &str, taken: &[&str]| {
            earlier_ids.iter().any(|e| e == name) && !later_names.contains(&name) && !taken.contains(&name)
        };
        for (id, previous) in later_ids {
            if pairs.contains_key(id) {
                continue;
            }
            if let Some(name) = previous.iter().find(|p| free(p, &taken)) {
                pairs.insert(id.clone(), name.clone());
                taken.push(earlier_ids.iter().find(|e| *e == name).map_or("", String::as_str));
            }
        }
        let unpaired: Vec<&String> = later_ids.iter().map(|(id, _)| id).filter(|id| !pairs.contains_key(*id)).collect();
        if unpaired.is_empty() {
            return Ok(pairs);
        }
        let git = self.raw();
        let tree = git.find_commit(earlier)?.tree()?;
        let mut scope = git2::DiffOptions::new();
        scope.pathspec("agreements/");
        let mut diff = match later {
            Later::Commit(commit) => {
                let newer = git.find_commit(commit)?.tree()?;
                git.diff_tree_to_tree(Some(&tree), Some(&newer), Some(&mut scope))?
            }
            Later::Index => {
                let index = self.staging_index()?;
                git.diff_tree_to_index(Some(&tree), Some(&index), Some(&mut scope))?
            }
            Later::WorkingTree => {
                // A folder moved without `git mv` is untracked until added.
                scope.include_untracked(true).recurse_untracked_dirs(true);
                git.diff_tree_to_workdir_with_index(Some(&tree), Some(&mut scope))?
            }
        };
        for id in unpaired {
            for name in renames_in(&mut diff, id, Direction::From)? {
                if free(&name, &taken) {
                    taken.push(earlier_ids.iter().find(|e| **e == name).map_or("", String::as_str));
                    pairs.insert(id.clone(), name);
                    break;
                }
            }
        }
        Ok(pairs)
    }
}
