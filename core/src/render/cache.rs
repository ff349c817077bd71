//! The render cache: every rendered document stored under the hash of all
//! that went into it (the avv build, the template set, the kind of output,
//! its format, the PDF date, the trace commit and the canonical data of the
//! folder and customer instance), so that a build renders only what
//! changed. Entries are kept in a [`Store`]; customer contracts, which hold
//! personal data, in a store of their own that CI never saves.
//!
//! Shard outputs of `avv build --shard` are folders in the same format;
//! `--merge` reads them as further, read-only stores.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::store::{Key, KeyHasher, Lookup, Store};

/// The hash of everything a document reads of a folder: its id and the
/// canonical data of its three files, as the trace line hashes it (not its
/// customers, which a document of the agreement does not print).
pub fn folder_key(folder: &crate::load::Folder) -> Key {
    let data = super::trace::data_hash(folder, None);
    KeyHasher::default().text("folder").text(&folder.id).text(&data).finish()
}

/// What a build did with the cache.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Outputs rendered.
    pub rendered: usize,
    /// Outputs taken from the cache.
    pub reused: usize,
    /// Outputs taken from the shard folders of a merge.
    pub from_shards: usize,
    /// Entries that did not verify and were rendered again.
    pub invalid: usize,
    /// Entries removed as no longer used.
    pub pruned: usize,
    /// Outputs rendered that could not be written to the cache (a folder
    /// without write permission, a full disk), with the first error: the
    /// next build renders them again.
    pub unwritten: usize,
    /// Why the first of them could not be written.
    pub unwritten_error: Option<String>,
}

/// The stores of one build: the cache it writes (if any), apart for
/// public documents and customer contracts, and the shard outputs it
/// reads, with the keys it used.
#[derive(Debug, Default)]
pub struct RenderCache {
    public: Option<Store>,
    private: Option<Store>,
    read: Vec<Store>,
    used: Mutex<HashSet<Key>>,
    rendered: AtomicUsize,
    reused: AtomicUsize,
    from_shards: AtomicUsize,
    invalid: AtomicUsize,
    unwritten: AtomicUsize,
    unwritten_error: Mutex<Option<String>>,
}

/// Where the customer contracts of the cache at `dir` are kept: beside it,
/// `<dir>-private`. They hold personal data, and the workflows save only
/// the public cache (`actions/cache` can be restored by pull requests).
pub fn private_dir(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().map(std::ffi::OsString::from).unwrap_or_else(|| "cache".into());
    name.push("-private");
    dir.with_file_name(name)
}

impl RenderCache {
    /// No cache: everything is rendered.
    pub fn none() -> Self {
        Self::default()
    }

    /// A cache written to `dir`, customer contracts to [`private_dir`].
    pub fn at(dir: &Path) -> Self {
        Self { public: Some(Store::writable(dir)), private: Some(Store::writable(private_dir(dir))), ..Self::default() }
    }

    /// Everything written to `dir`: a shard's output, which the merge needs
    /// whole.
    pub fn shard(dir: &Path) -> Self {
        Self { public: Some(Store::writable(dir)), private: Some(Store::writable(dir)), ..Self::default() }
    }

    /// Adds a read-only store (a shard's output), looked up after the
    /// written one.
    pub fn with_read_only(mut self, dir: impl Into<PathBuf>) -> Self {
        self.read.push(Store::read_only(dir));
        self
    }

    fn written(&self, private: bool) -> Option<&Store> {
        if private { self.private.as_ref() } else { self.public.as_ref() }
    }

    /// The verified bytes under `key` (of a customer contract when
    /// `private`) from any store; records the key as used.
    pub fn get(&self, key: &Key, private: bool) -> Option<Vec<u8>> {
        self.note(key);
        let written = self.written(private).into_iter().map(|store| (store, &self.reused));
        for (store, count) in written.chain(self.read.iter().map(|store| (store, &self.from_shards))) {
            match store.get(key) {
                (Lookup::Hit, Some(body)) => {
                    count.fetch_add(1, Ordering::Relaxed);
                    return Some(body);
                }
                (Lookup::Invalid, _) => {
                    self.invalid.fetch_add(1, Ordering::Relaxed);
                }
                _ => {}
            }
        }
        None
    }

    /// The first read-only store (a shard folder) whose entry under `key`
    /// is there but does not verify.
    pub fn damaged_in(&self, key: &Key) -> Option<&Path> {
        self.read.iter().find(|store| store.get(key).0 == Lookup::Invalid).map(Store::dir)
    }

    /// Stores freshly rendered `body` under `key` (a failed write only
    /// costs a later render).
    pub fn put(&self, key: &Key, body: &[u8], private: bool) {
        self.note(key);
        self.rendered.fetch_add(1, Ordering::Relaxed);
        if let Some(store) = self.written(private)
            && let Err(error) = store.put(key, body)
        {
            self.unwritten.fetch_add(1, Ordering::Relaxed);
            if let Ok(mut first) = self.unwritten_error.lock() {
                first.get_or_insert_with(|| format!("`{}`: {error}", store.dir().display()));
            }
        }
    }

    /// Counts an output rendered without a key (never stored).
    pub fn count_uncached(&self) {
        self.rendered.fetch_add(1, Ordering::Relaxed);
    }

    fn note(&self, key: &Key) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(*key);
        }
    }

    /// Removes from the written stores every entry this build did not use.
    pub fn prune(&self) -> usize {
        let used = self.used.lock().map(|used| used.clone()).unwrap_or_default();
        self.public.iter().chain(&self.private).map(|store| store.prune(&used)).sum()
    }

    /// The counts so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            rendered: self.rendered.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
            from_shards: self.from_shards.load(Ordering::Relaxed),
            invalid: self.invalid.load(Ordering::Relaxed),
            pruned: 0,
            unwritten: self.unwritten.load(Ordering::Relaxed),
            unwritten_error: self.unwritten_error.lock().ok().and_then(|first| first.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        KeyHasher::default().text(text).finish()
    }

    #[test]
    fn the_cache_renders_once_and_counts() {
        let dir = tempfile::tempdir().unwrap();
        let cache = RenderCache::at(&dir.path().join("cache"));
        let k = key("x");
        let mut calls = 0;
        for _ in 0..3 {
            let body = match cache.get(&k, false) {
                Some(body) => body,
                None => {
                    calls += 1;
                    cache.put(&k, b"rendered", false);
                    b"rendered".to_vec()
                }
            };
            assert_eq!(body, b"rendered");
        }
        assert_eq!(calls, 1);
        assert_eq!(cache.stats(), CacheStats { rendered: 1, reused: 2, ..CacheStats::default() });
    }

    #[test]
    fn a_read_only_store_is_read_but_never_written() {
        let (shard, own) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let k = key("from a shard");
        Store::writable(shard.path()).put(&k, b"shard body").unwrap();
        let cache = RenderCache::at(own.path()).with_read_only(shard.path());
        assert_eq!(cache.get(&k, false), Some(b"shard body".to_vec()));
        assert_eq!((cache.stats().from_shards, cache.stats().reused), (1, 0), "counted as from a shard");
        let fresh = key("fresh");
        cache.put(&fresh, b"new", false);
        assert_eq!(Store::read_only(shard.path()).get(&fresh).0, Lookup::Miss);
        assert_eq!(Store::writable(own.path()).get(&fresh).0, Lookup::Hit);
    }

    #[test]
    fn customer_contracts_are_kept_apart() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("cache");
        let cache = RenderCache::at(&public);
        let (document, contract) = (key("template"), key("customer"));
        cache.put(&document, b"template", false);
        cache.put(&contract, b"Thorsten Wolske", true);
        assert_eq!(Store::read_only(&public).get(&contract).0, Lookup::Miss);
        assert_eq!(Store::read_only(private_dir(&public)).get(&contract).0, Lookup::Hit);
        assert_eq!(Store::read_only(private_dir(&public)).get(&document).0, Lookup::Miss);
        assert_eq!(private_dir(&public), dir.path().join("cache-private"));
        // A contract is looked up in the private store only.
        assert_eq!(cache.get(&contract, false), None);
        assert_eq!(cache.get(&contract, true), Some(b"Thorsten Wolske".to_vec()));
    }
}
