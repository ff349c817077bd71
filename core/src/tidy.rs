//! Leftovers of interrupted runs. A killed `avv build` leaves its staging
//! folder `.<site>.tmp-<pid>` (megabytes each) and, killed between its two
//! renames, the previous site only as `.<site>.old-<pid>`; a killed `avv fmt`
//! leaves `.<file>.tmp-<pid>`. The next run puts the previous site back
//! where it is missing and removes what no running process owns.

use std::path::{Path, PathBuf};
#[cfg(not(unix))]
use std::time::Duration;
use std::time::SystemTime;

/// A leftover beside `target`: its path, what it was (`tmp`, `old`) and the
/// process that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    /// The leftover file or folder.
    pub path: PathBuf,
    /// `tmp` or `old`.
    pub what: String,
    /// The process id in its name.
    pub pid: u32,
}

/// The leftovers `.<name>.<what>-<pid>` beside `target` whose process is
/// gone, for the given `whats`.
pub fn stale_leftovers(target: &Path, whats: &[&str]) -> Vec<Leftover> {
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else { return Vec::new() };
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    let prefix = format!(".{name}.");
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else { continue };
        let Some((what, pid)) = rest.rsplit_once('-') else { continue };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if !whats.contains(&what) || pid == std::process::id() || alive(pid, &entry.path()) {
            continue;
        }
        out.push(Leftover { path: entry.path(), what: what.to_owned(), pid });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Puts the previous `target` folder back when a run was killed between
/// moving it aside and moving the new one in, then removes every stale
/// leftover of it. Best effort: what cannot be tidied stays for later.
pub fn restore_and_tidy(target: &Path) {
    let leftovers = stale_leftovers(target, &["tmp", "old"]);
    if std::fs::symlink_metadata(target).is_err() {
        // The newest previous copy goes back in place.
        let newest = leftovers
            .iter()
            .filter(|l| l.what == "old")
            .max_by_key(|l| std::fs::metadata(&l.path).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH));
        if let Some(old) = newest {
            let _ = std::fs::rename(&old.path, target);
        }
    }
    for leftover in stale_leftovers(target, &["tmp", "old"]) {
        let _ = if leftover.path.is_dir() {
            std::fs::remove_dir_all(&leftover.path)
        } else {
            std::fs::remove_file(&leftover.path)
        };
    }
}

/// Whether process `pid` still runs. Where that cannot be asked, a leftover
/// younger than a day is taken to belong to a running process.
fn alive(pid: u32, path: &Path) -> bool {
    #[cfg(unix)]
    {
        let _ = path;
        let Ok(pid) = i32::try_from(pid) else { return false };
        match rustix::process::Pid::from_raw(pid) {
            Some(pid) => !matches!(rustix::process::test_kill_process(pid), Err(rustix::io::Errno::SRCH)),
            None => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_none_or(|age| age < Duration::from_secs(24 * 3600))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A process id no process has (beyond every pid_max).
    const GONE: u32 = 2_147_483_000;

    #[test]
    fn a_killed_swap_puts_the_previous_site_back() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let old = dir.path().join(format!(".site.old-{GONE}"));
        let tmp = dir.path().join(format!(".site.tmp-{GONE}"));
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "vorher").unwrap();
        std::fs::create_dir_all(&tmp).unwrap();
        // Someone else's leftover, of a process that runs (this one's parent at least).
        let running = dir.path().join(format!(".site.tmp-{}", std::process::id()));
        std::fs::create_dir_all(&running).unwrap();
        restore_and_tidy(&site);
        assert_eq!(std::fs::read_to_string(site.join("index.html")).unwrap(), "vorher");
        assert!(!old.exists() && !tmp.exists());
        assert!(running.exists(), "a running process's folder stays");
    }

    #[test]
    fn a_present_site_is_kept_and_stale_copies_go() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join("index.html"), "jetzt").unwrap();
        let old = dir.path().join(format!(".site.old-{GONE}"));
        std::fs::create_dir_all(&old).unwrap();
        let file = dir.path().join(format!(".agreement.toml.tmp-{GONE}"));
        std::fs::write(&file, "halb").unwrap();
        restore_and_tidy(&site);
        assert_eq!(std::fs::read_to_string(site.join("index.html")).unwrap(), "jetzt");
        assert!(!old.exists());
        assert!(file.exists(), "another target's leftover is not this one's");
        restore_and_tidy(&dir.path().join("agreement.toml"));
        assert!(!file.exists());
    }
}
