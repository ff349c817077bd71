//! One agreement through renames: which folder on an earlier side (a
//! commit) is the same agreement as a folder on a later side (a commit,
//! the index or the working tree). The same name, else a name the later
//! agreement.toml lists in `meta.previous_ids`, else the folder git's
//! rename detection finds the later folder's files came from.

use std::collections::BTreeMap;

use git2::Oid;

use super::walk::{Direction, renames_in};
use super::{HistoryError, Repo};

/// What became of an agreement by a later commit ([`Repo::successor`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Successor {
    /// The agreement is there under this name.
    Present,
    /// The folder was renamed; the agreement is now this folder.
    Renamed(String),
    /// The folder was deleted; the last commit it was in (full hex id).
    Gone(String),
}

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

    /// [`Repo::pair_folders`] across a range of commits: the pairing is
    /// followed commit by commit along the first parents from `earlier` to
    /// `later`, at every commit where the agreement folders come or go. Over
    /// several commits a name is not an identity: a folder renamed away and a
    /// new agreement given the old name are two agreements, and paired by
    /// name the new one would take the old one's record while the renamed one
    /// showed as new. Where `earlier` is not a first-parent ancestor of
    /// `later`, the two ends are paired directly.
    pub fn pair_across(
        &self,
        earlier: Oid,
        later: Later,
        later_ids: &[(String, Vec<String>)],
        earlier_ids: &[String],
    ) -> Result<BTreeMap<String, String>, HistoryError> {
        let last = match later {
            Later::Commit(commit) => commit,
            Later::Index | Later::WorkingTree => match self.resolve("HEAD") {
                Ok(head) => head,
                Err(_) => return self.pair_folders(earlier, later, later_ids, earlier_ids),
            },
        };
        let Some(chain) = self.first_parent_chain(earlier, last)? else {
            return self.pair_folders(earlier, later, later_ids, earlier_ids);
        };
        // Current name to the name at `earlier`.
        let mut origin: BTreeMap<String, String> = earlier_ids.iter().map(|id| (id.clone(), id.clone())).collect();
        // Folders deleted on the way, by their last name: one added again
        // under that name is the same agreement (as the version index
        // reads it), not a new one beside a removed one.
        let mut deleted: BTreeMap<String, String> = BTreeMap::new();
        let mut before = (earlier, earlier_ids.to_vec());
        let step_origin = |step: BTreeMap<String, String>,
                           names: &[String],
                           origin: &BTreeMap<String, String>,
                           deleted: &mut BTreeMap<String, String>| {
            let mut next: BTreeMap<String, String> =
                step.iter().filter_map(|(now, then)| Some((now.clone(), origin.get(then)?.clone()))).collect();
            for (name, first) in origin {
                if !step.values().any(|then| then == name) {
                    deleted.insert(name.clone(), first.clone());
                }
            }
            for name in names {
                if !next.contains_key(name)
                    && let Some(first) = deleted.remove(name)
                {
                    next.insert(name.clone(), first);
                }
            }
            next
        };
        for commit in chain {
            let names = self.agreement_ids(commit)?;
            if names != before.1 {
                let ids: Vec<(String, Vec<String>)> = names
                    .iter()
                    .map(|name| {
                        let previous = match before.1.contains(name) {
                            true => Vec::new(),
                            false => self.previous_ids_at(commit, name),
                        };
                        (name.clone(), previous)
                    })
                    .collect();
                let step = self.pair_folders(before.0, Later::Commit(commit), &ids, &before.1)?;
                origin = step_origin(step, &names, &origin, &mut deleted);
            }
            before = (commit, names);
        }
        if matches!(later, Later::Commit(_)) {
            return Ok(origin.into_iter().filter(|(now, _)| later_ids.iter().any(|(id, _)| id == now)).collect());
        }
        // The last step, from HEAD to the index or the working tree.
        let step = self.pair_folders(before.0, later, later_ids, &before.1)?;
        let names: Vec<String> = later_ids.iter().map(|(id, _)| id.clone()).collect();
        Ok(step_origin(step, &names, &origin, &mut deleted))
    }

    /// The commits after `earlier` up to `later` along first parents, oldest
    /// first; `None` when `earlier` is not on that line.
    fn first_parent_chain(&self, earlier: Oid, later: Oid) -> Result<Option<Vec<Oid>>, HistoryError> {
        let git = self.raw();
        let mut chain = Vec::new();
        let mut at = later;
        while at != earlier {
            chain.push(at);
            let commit = git.find_commit(at)?;
            match commit.parent_id(0) {
                Ok(parent) => at = parent,
                Err(_) => return Ok(None),
            }
        }
        chain.reverse();
        Ok(Some(chain))
    }

    /// What became of agreement `name` by commit `until`: still there,
    /// renamed (the folder it is now), or gone. `avv history rocon` after
    /// `rocon` became `rocon-avv` must not end quietly at the rename.
    pub fn successor(&self, name: &str, until: Oid) -> Result<Successor, HistoryError> {
        let now = self.agreement_ids(until)?;
        if now.iter().any(|id| id == name) {
            return Ok(Successor::Present);
        }
        let index = super::walk::version_index(self, name, until)?;
        let Some((last, folder)) = &index.head else { return Ok(Successor::Present) };
        let last = Oid::from_str(last)?;
        let earlier_ids = self.agreement_ids(last)?;
        let later: Vec<(String, Vec<String>)> =
            now.iter().map(|id| (id.clone(), self.previous_ids_at(until, id))).collect();
        let pairs = self.pair_across(last, Later::Commit(until), &later, &earlier_ids)?;
        Ok(match pairs.into_iter().find(|(_, then)| then == folder) {
            Some((to, _)) => Successor::Renamed(to),
            None => Successor::Gone(last.to_string()),
        })
    }

    /// Where an agreement that is not at `from` was last seen: the newest
    /// commit at or before `from`, along first parents, with a folder named
    /// one of `names` (its id and `meta.previous_ids`), and that name. An
    /// agreement deleted and added again later is the same agreement: its
    /// return is a change from how it was then, not a new agreement beside
    /// nothing, so the version and justification checks still apply.
    pub fn last_seen(&self, from: Oid, names: &[String]) -> Result<Option<(Oid, String)>, HistoryError> {
        let git = self.raw();
        let mut at = Some(from);
        while let Some(id) = at {
            let commit = git.find_commit(id)?;
            let tree = commit.tree()?;
            for name in names {
                let path = std::path::Path::new("agreements").join(name);
                if tree.get_path(&path).is_ok_and(|entry| entry.kind() == Some(git2::ObjectType::Tree)) {
                    return Ok(Some((id, name.clone())));
                }
            }
            at = commit.parent_id(0).ok();
        }
        Ok(None)
    }

    /// `meta.previous_ids` of `agreements/<name>/agreement.toml` at `commit`.
    fn previous_ids_at(&self, commit: Oid, name: &str) -> Vec<String> {
        let path = std::path::Path::new("agreements").join(name).join("agreement.toml");
        match self.file_at(commit, &path) {
            Ok(Some(text)) => super::walk::previous_ids(&text),
            _ => Vec::new(),
        }
    }
}
