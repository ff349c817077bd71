//! Traceability: a SHA-256 of the canonical data behind a document.

use sha2::{Digest, Sha256};

use crate::load::Folder;
use crate::model::customer::CustomerFile;

/// SHA-256 (hex) of the canonical JSON of the agreement files and the
/// instance: the same data gives the same hash, whatever the formatting or
/// comments of the TOML files.
pub fn data_hash(folder: &Folder, instance: Option<&CustomerFile>) -> String {
    let mut hasher = Sha256::new();
    let mut feed = |label: &str, value: Option<serde_json::Value>| {
        hasher.update(label.as_bytes());
        hasher.update([0]);
        if let Some(value) = value {
            hasher.update(value.to_string().as_bytes());
        }
        hasher.update([0]);
    };
    feed("agreement", folder.agreement.as_ref().and_then(|a| serde_json::to_value(&a.value).ok()));
    feed("tom", folder.tom.as_ref().and_then(|t| serde_json::to_value(&t.value).ok()));
    feed("subprocessors", folder.subprocessors.as_ref().and_then(|s| serde_json::to_value(&s.value).ok()));
    feed("instance", instance.and_then(|c| serde_json::to_value(c).ok()));
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
