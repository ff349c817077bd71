//! Sharded builds for a CI job matrix.
//!
//! `avv build --shard K/N` renders the K-th of N shares of the documents
//! into a folder in the render cache's entry format, with a manifest. The
//! shares come from the same list in every job, so they are disjoint and
//! together complete: the documents are dealt out largest first, each to the
//! share with the least expected work so far (longest processing time
//! first), ties broken by file name.
//!
//! `avv build --merge DIR…` is an ordinary build that takes every document
//! from the shard folders instead of rendering it; the pages, the index and
//! the feeds are built there, once. So the merged site is the site a single
//! machine builds.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::BuildError;
use crate::render::Format;
use crate::store::BUILD_ID;

/// The manifest file of a shard folder.
pub const MANIFEST: &str = "avv-shard.json";

/// One share of a sharded build: `index` of `count`, counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which share, 1 ≤ index ≤ count.
    pub index: usize,
    /// How many shares.
    pub count: usize,
}

/// The most shares a build is split into: far beyond any CI matrix, and
/// small enough that dealing the documents out stays instant.
pub const MAX_SHARDS: usize = 1000;

impl std::str::FromStr for Shard {
    type Err = String;

    /// Reads `K/N`, as in a CI matrix (`1/3`, `2/3`, `3/3`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let usage = || format!("`{text}` is not a shard: write K/N with 1 ≤ K ≤ N, e.g. `2/3`");
        let (k, n) = text.split_once('/').ok_or_else(usage)?;
        let (index, count): (usize, usize) =
            (k.trim().parse().map_err(|_| usage())?, n.trim().parse().map_err(|_| usage())?);
        if index == 0 || index > count {
            return Err(usage());
        }
        if count > MAX_SHARDS {
            return Err(format!(
                "`{text}` asks for {count} shares; a build is split into at most {MAX_SHARDS} (a GitHub Actions matrix has at most 256 jobs)"
            ));
        }
        Ok(Self { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The expected rendering cost of a document: PDF typesetting dominates,
/// and grows with the text.
pub(super) fn cost(format: Format, size: u64) -> u64 {
    let weight = match format {
        Format::Pdf => 12,
        Format::Docx => 2,
        Format::Html | Format::Markdown => 1,
    };
    weight * (1 + size / 1024)
}

/// Which share each of the documents goes to (`0..count`), given their
/// costs and file names: largest first to the least loaded share.
pub(super) fn assign(documents: &[(u64, &Path)], count: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..documents.len()).collect();
    order.sort_by(|&a, &b| documents[b].0.cmp(&documents[a].0).then_with(|| documents[a].1.cmp(documents[b].1)));
    let mut load = vec![0u64; count.max(1)];
    let mut share = vec![0; documents.len()];
    for i in order {
        let least = (0..load.len()).min_by_key(|&s| (load[s], s)).unwrap_or(0);
        load[least] += documents[i].0;
        share[i] = least;
    }
    share
}

/// What a shard folder says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Which share.
    pub shard: usize,
    /// Of how many.
    pub of: usize,
    /// The commit the build was stamped with.
    pub commit: Option<String>,
    /// The avv build that rendered it.
    pub build: String,
    /// How many documents it holds.
    pub documents: usize,
}

impl Manifest {
    pub(super) fn new(shard: Shard, commit: Option<String>, documents: usize) -> Self {
        Self { shard: shard.index, of: shard.count, commit, build: BUILD_ID.to_owned(), documents }
    }
}

/// Reads the manifests of `dirs` and checks that they are the shares
/// 1..N of one build of `commit` by this avv build, each exactly once.
pub(super) fn check_shards(dirs: &[PathBuf], commit: Option<&str>) -> Result<(), BuildError> {
    let error = |dir: &Path, message: String| BuildError::Shard { dir: dir.to_path_buf(), message };
    let mut seen: Vec<Option<PathBuf>> = Vec::new();
    for dir in dirs {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            error(
                dir,
                format!("cannot read `{MANIFEST}` ({e}); pass the folders `avv build --shard K/N --out DIR` wrote"),
            )
        })?;
        let manifest: Manifest = serde_json::from_str(&text)
            .map_err(|e| error(dir, format!("`{MANIFEST}` is not a shard manifest: {e}")))?;
        if manifest.build != BUILD_ID {
            return Err(error(
                dir,
                "was rendered by another avv build; run every shard and the merge with the same avv".to_owned(),
            ));
        }
        if manifest.commit.as_deref() != commit {
            return Err(error(
                dir,
                format!(
                    "was built from commit {}, the merge is of {}; run every shard on the same commit",
                    manifest.commit.as_deref().unwrap_or("(none)"),
                    commit.unwrap_or("(none)")
                ),
            ));
        }
        if seen.is_empty() {
            seen = vec![None; manifest.of];
        }
        if manifest.of != seen.len() || manifest.shard == 0 || manifest.shard > manifest.of {
            return Err(error(
                dir,
                format!("is shard {}/{}, the others are of {}", manifest.shard, manifest.of, seen.len()),
            ));
        }
        if let Some(first) = &seen[manifest.shard - 1] {
            return Err(error(
                dir,
                format!("is shard {}/{} again (also `{}`)", manifest.shard, manifest.of, first.display()),
            ));
        }
        seen[manifest.shard - 1] = Some(dir.clone());
    }
    let missing: Vec<String> =
        seen.iter().enumerate().filter(|(_, dir)| dir.is_none()).map(|(i, _)| (i + 1).to_string()).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(BuildError::MissingShards { missing: missing.join(", "), count: seen.len() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_as_k_of_n() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
        assert_eq!("1000/1000".parse::<Shard>(), Ok(Shard { index: 1000, count: 1000 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "", "1/1001", "1/18446744073709551615", "1/18446744073709551616"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shares_are_disjoint_complete_and_balanced() {
        let names: Vec<PathBuf> = (0..40).map(|i| PathBuf::from(format!("doc-{i:02}"))).collect();
        let documents: Vec<(u64, &Path)> =
            names.iter().enumerate().map(|(i, name)| (if i % 4 == 0 { 120 } else { 10 }, name.as_path())).collect();
        let share = assign(&documents, 3);
        let mut load = [0u64; 3];
        for (i, &s) in share.iter().enumerate() {
            load[s] += documents[i].0;
        }
        let (max, min) = (load.iter().max().unwrap(), load.iter().min().unwrap());
        assert!(max - min <= 120, "{load:?}");
        // The same list deals the same shares, whatever order it comes in.
        let mut reversed = documents.clone();
        reversed.reverse();
        let again = assign(&reversed, 3);
        for (i, &s) in again.iter().enumerate() {
            assert_eq!(s, share[documents.len() - 1 - i]);
        }
    }

    #[test]
    fn merge_wants_every_share_of_one_build_once() {
        let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
        let write = |dir: &Path, shard: usize, of: usize, commit: &str| {
            let manifest = Manifest::new(Shard { index: shard, count: of }, Some(commit.to_owned()), 1);
            std::fs::write(dir.join(MANIFEST), serde_json::to_string(&manifest).unwrap()).unwrap();
        };
        let paths: Vec<PathBuf> = dirs.iter().map(|d| d.path().to_path_buf()).collect();
        for (i, dir) in paths.iter().enumerate() {
            write(dir, i + 1, 3, "abc");
        }
        check_shards(&paths, Some("abc")).unwrap();
        let message = |result: Result<(), BuildError>| result.unwrap_err().to_string();
        assert_eq!(
            message(check_shards(&paths[..2], Some("abc"))),
            "the shard 3 of 3 is missing: pass every shard folder to `--merge` (3 in all)"
        );
        assert!(message(check_shards(&paths[..1], Some("abc"))).starts_with("the shards 2, 3 of 3 are missing"));
        assert!(message(check_shards(&paths, Some("def"))).contains("same commit"));
        write(&paths[2], 2, 3, "abc");
        assert!(message(check_shards(&paths, Some("abc"))).contains("again"));
        write(&paths[2], 3, 4, "abc");
        assert!(message(check_shards(&paths, Some("abc"))).contains("the others are of 3"));
        std::fs::remove_file(paths[2].join(MANIFEST)).unwrap();
        assert!(message(check_shards(&paths, Some("abc"))).contains("cannot read"));
    }
}
