//! Makes `AVV_BUILD_ID`: a hash of avv-core's sources, its manifest and
//! the workspace's lock file. The render cache keys every entry by it, so
//! a changed renderer, template or dependency never reuses an entry that
//! an older build wrote.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&manifest.join("src"), &mut files);
    files.push(manifest.join("Cargo.toml"));
    // Absent when avv-core is built from a published package.
    let lock = manifest.join("../Cargo.lock");
    if lock.is_file() {
        files.push(lock);
    }
    files.sort();
    let mut hasher = Sha256::new();
    for key in ["CARGO_PKG_VERSION", "TARGET", "PROFILE", "RUSTC"] {
        hasher.update(key.as_bytes());
        hasher.update(std::env::var(key).unwrap_or_default().as_bytes());
    }
    for file in &files {
        let name = file.strip_prefix(&manifest).unwrap_or(file);
        let bytes = std::fs::read(file).unwrap_or_default();
        hasher.update(name.to_string_lossy().as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
        println!("cargo:rerun-if-changed={}", file.display());
    }
    println!("cargo:rerun-if-changed=src");
    let id: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    println!("cargo:rustc-env=AVV_BUILD_ID={}", &id[..32]);
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
