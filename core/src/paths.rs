//! Paths as written: one spelling for one place, without touching the file
//! system (the files may not exist yet, or be gone).

use std::path::{Component, Path, PathBuf};

/// `path` without `.` and with `..` applied, as written (no file system
/// access: the files may be gone, and links stay as named). A `..` above
/// the start of a relative path stays.
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                // The root's parent is the root.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                None | Some(Component::ParentDir) => out.push(component),
                Some(_) => {
                    out.pop();
                }
            },
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_are_applied_as_written() {
        for (path, normal) in [
            ("a/./b/../c", "a/c"),
            ("/r/awk/src/../agreements", "/r/awk/agreements"),
            ("../x", "../x"),
            ("../../x/..", "../.."),
            ("a/..", ""),
            ("/..", "/"),
        ] {
            assert_eq!(normalise(Path::new(path)), PathBuf::from(normal), "{path}");
        }
    }
}
