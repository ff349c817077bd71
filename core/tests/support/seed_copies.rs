//! Writes renamed copies of the bundled agreement folders, shared by the
//! `validate` benchmark and the `corpus` example: real texts with the
//! notes real agreements have. Uses only `std`, so it can be included with
//! `#[path]`.

use std::io;
use std::path::{Path, PathBuf};

/// Writes `count` copies of the folders in `bundled` into `dir`, in turn,
/// each renamed (`rocon-00007`) so that its id matches its folder, and
/// returns their paths.
pub fn write_seed_copies(dir: &Path, bundled: &Path, count: usize) -> io::Result<Vec<PathBuf>> {
    let mut seeds: Vec<PathBuf> =
        std::fs::read_dir(bundled)?.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    seeds.sort();
    if seeds.is_empty() {
        return Err(io::Error::new(io::ErrorKind::NotFound, format!("no agreement folders in {}", bundled.display())));
    }
    let mut folders = Vec::with_capacity(count);
    for index in 0..count {
        let seed = &seeds[index % seeds.len()];
        let id = seed.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let name = format!("{id}-{index:05}");
        let folder = dir.join(&name);
        for file in ["agreement.toml", "tom.toml", "subprocessors.toml", "customers"] {
            copy_renamed(&seed.join(file), &folder.join(file), id, &name)?;
        }
        folders.push(folder);
    }
    Ok(folders)
}

/// Copies a file or folder (if it exists), renaming agreement `from` to
/// `to` in `meta.id` and in customer instances.
fn copy_renamed(source: &Path, target: &Path, from: &str, to: &str) -> io::Result<()> {
    if source.is_dir() {
        for entry in std::fs::read_dir(source)? {
            let entry = entry?;
            copy_renamed(&entry.path(), &target.join(entry.file_name()), from, to)?;
        }
    } else if source.is_file() {
        let text = std::fs::read_to_string(source)?
            .replacen(&format!("\nid = \"{from}\"\n"), &format!("\nid = \"{to}\"\n"), 1)
            .replace(&format!("agreement = \"{from}\""), &format!("agreement = \"{to}\""));
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, text)?;
    }
    Ok(())
}
