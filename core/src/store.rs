//! A content-addressed store of entries on disk: each output of avv that
//! is worth keeping between runs (rendered documents, the comparisons of
//! two versions) is stored under the hash of all that went into it.
//!
//! A key ([`Key`]) is a SHA-256 over length-delimited fields, the first
//! of them the avv build ([`BUILD_ID`]): a new build never reads an older
//! build's entries.
//!
//! An entry is one file, `<dir>/<2 hex>/<62 hex>`: a header naming the key,
//! the SHA-256 and the length of the body, then the body. An entry whose
//! header does not match (truncated, edited, written for another key) is
//! treated as absent, so its output is made again and the entry
//! rewritten. Entries are written to a temporary file and renamed, so a
//! killed run leaves no half entry.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

/// The first line of every entry.
const MAGIC: &[u8] = b"avv-store 1\n";

/// The avv build an entry belongs to: a hash of avv's sources and locked
/// dependencies, made by `build.rs`.
pub const BUILD_ID: &str = env!("AVV_BUILD_ID");

/// A cache key: SHA-256 over the fields fed to a [`KeyHasher`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub [u8; 32]);

impl Key {
    /// The key in lower-case hex.
    pub fn hex(&self) -> String {
        hex(&self.0)
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Builds a [`Key`] from fields. Every field is written with its length,
/// so that `("ab", "c")` and `("a", "bc")` give different keys.
#[derive(Clone)]
pub struct KeyHasher(Sha256);

impl Default for KeyHasher {
    fn default() -> Self {
        let mut hasher = Self(Sha256::new());
        hasher.field(MAGIC);
        hasher.field(BUILD_ID.as_bytes());
        hasher
    }
}

impl KeyHasher {
    /// Adds one field.
    pub fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// Adds a text field.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.field(text.as_bytes())
    }

    /// Adds an optional text field; `None` differs from every text.
    pub fn opt(&mut self, text: Option<&str>) -> &mut Self {
        match text {
            Some(text) => self.field(b"some").text(text),
            None => self.field(b"none"),
        }
    }

    /// Adds a value as canonical JSON (the model's field order).
    pub fn json<T: serde::Serialize>(&mut self, value: &T) -> &mut Self {
        // The model types serialise infallibly (string keys, no maps with
        // other keys); an error would still change the key.
        match serde_json::to_vec(value) {
            Ok(bytes) => self.field(&bytes),
            Err(error) => self.field(b"unserialisable").text(&error.to_string()),
        }
    }

    /// Adds a key made before.
    pub fn key(&mut self, key: &Key) -> &mut Self {
        self.field(&key.0)
    }

    /// The key.
    pub fn finish(&self) -> Key {
        Key(self.0.clone().finalize().into())
    }
}

/// Where a lookup found its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// In a store, verified.
    Hit,
    /// Nowhere.
    Miss,
    /// An entry was there but did not verify (corrupt or foreign).
    Invalid,
}

/// A folder of entries that a build reads and, unless it is read-only,
/// writes.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    writable: bool,
}

impl Store {
    /// The store at `dir`, read and written.
    pub fn writable(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into(), writable: true }
    }

    /// The store at `dir`, only read (a shard's output).
    pub fn read_only(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into(), writable: false }
    }

    /// The store's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, key: &Key) -> PathBuf {
        let hex = key.hex();
        self.dir.join(&hex[..2]).join(&hex[2..])
    }

    /// The body stored under `key`, if its entry verifies.
    pub fn get(&self, key: &Key) -> (Lookup, Option<Vec<u8>>) {
        let Ok(entry) = std::fs::read(self.path(key)) else { return (Lookup::Miss, None) };
        match verify(key, &entry) {
            Some(body) => (Lookup::Hit, Some(body.to_vec())),
            None => (Lookup::Invalid, None),
        }
    }

    /// Stores `body` under `key`: written beside and renamed into place.
    pub fn put(&self, key: &Key, body: &[u8]) -> std::io::Result<()> {
        if !self.writable {
            return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "a read-only store"));
        }
        let path = self.path(key);
        let Some(parent) = path.parent() else { return Ok(()) };
        std::fs::create_dir_all(parent)?;
        static SERIAL: AtomicUsize = AtomicUsize::new(0);
        let tmp = parent.join(format!(".tmp-{}-{}", std::process::id(), SERIAL.fetch_add(1, Ordering::Relaxed)));
        let mut entry = Vec::with_capacity(body.len() + 160);
        entry.extend_from_slice(MAGIC);
        entry.extend_from_slice(format!("{}\n{}\n{}\n", key.hex(), hex(&Sha256::digest(body)), body.len()).as_bytes());
        entry.extend_from_slice(body);
        std::fs::write(&tmp, &entry)?;
        std::fs::rename(&tmp, &path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }

    /// What keeps `dir` from being a store (a store is never spread over a
    /// folder of someone's files): its first file or folder that is not a
    /// bucket of entries, or `dir` itself when it cannot be read as a
    /// folder (a file, or a path through one). `None`: it is a store, or
    /// missing (made on first use).
    pub fn not_an_entry(dir: &Path) -> Option<PathBuf> {
        match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .flatten()
                .find(|entry| !(is_bucket(&entry.file_name().to_string_lossy()) && entry.path().is_dir()))
                .map(|entry| entry.path()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(_) => Some(dir.to_path_buf()),
        }
    }

    /// Removes every entry whose key is not in `keep`, and temporary files
    /// a killed build left; returns how many entries were removed. Files
    /// that are not entries are left alone.
    pub fn prune(&self, keep: &HashSet<Key>) -> usize {
        let keep: HashSet<String> = keep.iter().map(Key::hex).collect();
        let mut removed = 0;
        let Ok(buckets) = std::fs::read_dir(&self.dir) else { return 0 };
        for bucket in buckets.flatten() {
            let prefix = bucket.file_name().to_string_lossy().into_owned();
            if !is_bucket(&prefix) {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(bucket.path()) else { continue };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let is_entry = name.len() == 62 && name.bytes().all(|b| b.is_ascii_hexdigit());
                let stale =
                    if is_entry { !keep.contains(&format!("{prefix}{name}")) } else { name.starts_with(".tmp-") };
                if stale && std::fs::remove_file(entry.path()).is_ok() && is_entry {
                    removed += 1;
                }
            }
            // Empty buckets go too; a full one refuses.
            let _ = std::fs::remove_dir(bucket.path());
        }
        removed
    }
}

/// Whether a folder name is a bucket of entries: the first two hex digits
/// of their keys.
fn is_bucket(name: &str) -> bool {
    name.len() == 2 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The body of `entry` if its header names `key` and its length and
/// SHA-256 match.
fn verify<'a>(key: &Key, entry: &'a [u8]) -> Option<&'a [u8]> {
    let rest = entry.strip_prefix(MAGIC)?;
    let mut lines = rest.splitn(4, |&b| b == b'\n');
    let (stored_key, sum, len, body) = (lines.next()?, lines.next()?, lines.next()?, lines.next()?);
    let len: usize = std::str::from_utf8(len).ok()?.parse().ok()?;
    (stored_key == key.hex().as_bytes() && body.len() == len && sum == hex(&Sha256::digest(body)).as_bytes())
        .then_some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        KeyHasher::default().text(text).finish()
    }

    #[test]
    fn only_a_folder_of_buckets_is_a_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("cache");
        assert!(Store::not_an_entry(&store).is_none(), "missing: made on first use");
        Store::writable(&store).put(&key("a"), b"body").unwrap();
        assert!(Store::not_an_entry(&store).is_none());
        std::fs::write(store.join("notes.txt"), "mine").unwrap();
        assert!(Store::not_an_entry(&store).is_some(), "a file of the user's");
        assert_eq!(Store::not_an_entry(&store), Some(store.join("notes.txt")), "named");
        std::fs::remove_file(store.join("notes.txt")).unwrap();
        std::fs::write(store.join("ab"), "a file, not a bucket").unwrap();
        assert!(Store::not_an_entry(&store).is_some());
        let file = store.join("ab");
        assert_eq!(Store::not_an_entry(&file), Some(file.clone()), "a file is no folder");
        assert_eq!(Store::not_an_entry(&file.join("sub")), Some(file.join("sub")), "nor is a path through one");
    }

    #[test]
    fn fields_are_delimited() {
        let a = KeyHasher::default().text("ab").text("c").finish();
        let b = KeyHasher::default().text("a").text("bc").finish();
        assert_ne!(a, b);
        assert_ne!(KeyHasher::default().opt(None).finish(), KeyHasher::default().opt(Some("")).finish());
    }

    #[test]
    fn an_entry_round_trips_and_a_damaged_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::writable(dir.path());
        let k = key("pcvisit 1.9 pdf");
        store.put(&k, b"%PDF body").unwrap();
        assert_eq!(store.get(&k), (Lookup::Hit, Some(b"%PDF body".to_vec())));
        let path = store.path(&k);
        let entry = std::fs::read(&path).unwrap();

        // Every single flipped byte and every truncation is refused.
        for at in 0..entry.len() {
            let mut bad = entry.clone();
            bad[at] ^= 0x20;
            std::fs::write(&path, &bad).unwrap();
            assert_eq!(store.get(&k).0, Lookup::Invalid, "byte {at} flipped");
        }
        for len in 0..entry.len() {
            std::fs::write(&path, &entry[..len]).unwrap();
            assert_eq!(store.get(&k).0, Lookup::Invalid, "cut at {len}");
        }
        // An entry written for another key, copied into this key's place.
        let other = key("another document");
        store.put(&other, b"other body").unwrap();
        std::fs::copy(store.path(&other), &path).unwrap();
        assert_eq!(store.get(&k).0, Lookup::Invalid);
    }

    #[test]
    fn prune_keeps_used_entries_and_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::writable(dir.path());
        let (used, unused) = (key("used"), key("unused"));
        store.put(&used, b"a").unwrap();
        store.put(&unused, b"b").unwrap();
        std::fs::write(dir.path().join("README"), "not an entry").unwrap();
        let removed = store.prune(&HashSet::from([used]));
        assert_eq!(removed, 1);
        assert_eq!(store.get(&used).0, Lookup::Hit);
        assert_eq!(store.get(&unused).0, Lookup::Miss);
        assert!(dir.path().join("README").is_file());
    }
}
