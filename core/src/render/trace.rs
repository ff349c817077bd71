//! Traceability: a SHA-256 of the canonical data behind a document.

use sha2::{Digest, Sha256};

use crate::load::Folder;
use crate::model::customer::CustomerFile;

/// SHA-256 (hex) of the canonical JSON of the agreement files and the
/// instance: the same data gives the same hash, whatever the formatting or
/// comments of the TOML files.
pub fn data_hash(folder: &Folder, instance: Option<&CustomerFile>) -> String {
    let mut hasher = Sha256::new();
    feed(&mut hasher, "agreement", folder.agreement.as_ref().map(|a| &a.value));
    feed(&mut hasher, "tom", folder.tom.as_ref().map(|t| &t.value));
    feed(&mut hasher, "subprocessors", folder.subprocessors.as_ref().map(|s| &s.value));
    feed(&mut hasher, "instance", instance);
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Feeds `label`, NUL, the compact JSON of `value` and NUL. The JSON is
/// serialised straight into the hash: a document's hash costs no copy of
/// the agreement (this runs once per rendered document).
fn feed<T: serde::Serialize>(hasher: &mut Sha256, label: &str, value: Option<&T>) {
    hasher.update(label.as_bytes());
    hasher.update([0]);
    if let Some(value) = value {
        // Serialising our own model types cannot fail.
        let _ = serde_json::to_writer(HashWriter(hasher), value);
    }
    hasher.update([0]);
}

/// `io::Write` into a running SHA-256.
struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash as it was first defined: each part turned into a JSON value,
    /// then printed. Published documents carry hashes made this way, so the
    /// streaming version must give the same bytes.
    fn reference(folder: &Folder, instance: Option<&CustomerFile>) -> String {
        let mut hasher = Sha256::new();
        let mut part = |label: &str, value: Option<serde_json::Value>| {
            hasher.update(label.as_bytes());
            hasher.update([0]);
            if let Some(value) = value {
                hasher.update(value.to_string().as_bytes());
            }
            hasher.update([0]);
        };
        part("agreement", folder.agreement.as_ref().and_then(|a| serde_json::to_value(&a.value).ok()));
        part("tom", folder.tom.as_ref().and_then(|t| serde_json::to_value(&t.value).ok()));
        part("subprocessors", folder.subprocessors.as_ref().and_then(|s| serde_json::to_value(&s.value).ok()));
        part("instance", instance.and_then(|c| serde_json::to_value(c).ok()));
        hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn streaming_gives_the_published_hashes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut checked = 0;
        for id in ["rocon", "hoster-tom", "zerer", "pcvisit", "trafficplex"] {
            let folder = crate::load::load_folder(&root.join("agreements").join(id), &root).folder;
            assert_eq!(data_hash(&folder, None), reference(&folder, None), "{id}");
            for customer in &folder.customers {
                assert_eq!(data_hash(&folder, Some(&customer.value)), reference(&folder, Some(&customer.value)));
                checked += 1;
            }
        }
        assert!(checked >= 1);
    }
}
