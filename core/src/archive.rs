//! ZIP containers (DOCX files): written with a fixed date for the DOCX
//! export, read defensively for the import. The only module that uses the
//! `zip` crate.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The date every entry of a written archive carries (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryTime {
    /// Year.
    pub year: i64,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day, 1 to 31.
    pub day: u8,
    /// Hour.
    pub hour: u8,
    /// Minute.
    pub minute: u8,
    /// Second.
    pub second: u8,
}

impl EntryTime {
    /// As ZIP stores it: 1980 to 2107 only, the earliest date otherwise.
    fn zip(self) -> DateTime {
        u16::try_from(self.year)
            .ok()
            .and_then(|year| {
                DateTime::from_date_and_time(year, self.month, self.day, self.hour, self.minute, self.second).ok()
            })
            .unwrap_or_default()
    }
}

/// Packs `parts` (name, bytes), in this order, deflated and dated `time`:
/// the same parts give the same bytes.
pub fn write(parts: &[(String, &[u8])], time: EntryTime) -> Result<Vec<u8>, String> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time.zip())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// Why a part could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartError {
    /// It inflates to more than the limit (whatever its header declares).
    TooLarge,
    /// It cannot be inflated.
    Broken(String),
}

/// An archive opened for reading parts by name.
pub struct Reader<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Reader<'a> {
    /// Opens `bytes` as a ZIP archive.
    pub fn open(bytes: &'a [u8]) -> Result<Self, String> {
        ZipArchive::new(Cursor::new(bytes)).map(|archive| Reader { archive }).map_err(|e| e.to_string())
    }

    /// How many entries it has.
    pub fn len(&self) -> usize {
        self.archive.len()
    }

    /// Whether it has no entries.
    pub fn is_empty(&self) -> bool {
        self.archive.is_empty()
    }

    /// The part `name`, inflated to at most `limit` bytes (checked while
    /// inflating, so a zip bomb stops early); `None` when it is absent.
    pub fn part(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, PartError> {
        let Ok(entry) = self.archive.by_name(name) else { return Ok(None) };
        if entry.size() > limit {
            return Err(PartError::TooLarge);
        }
        let mut bytes = Vec::new();
        // The declared size may lie: read at most one byte past the limit.
        entry.take(limit + 1).read_to_end(&mut bytes).map_err(|e| PartError::Broken(e.to_string()))?;
        if bytes.len() as u64 > limit {
            return Err(PartError::TooLarge);
        }
        Ok(Some(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_parts_read_back_and_dates_stay_in_zip_range() {
        let time = EntryTime { year: 2024, month: 2, day: 29, hour: 12, minute: 0, second: 0 };
        let bytes = write(&[("a.xml".to_owned(), b"<a/>".as_slice())], time).unwrap();
        assert_eq!(bytes, write(&[("a.xml".to_owned(), b"<a/>".as_slice())], time).unwrap());
        let mut reader = Reader::open(&bytes).unwrap();
        assert_eq!(reader.len(), 1);
        assert_eq!(reader.part("a.xml", 100).unwrap().as_deref(), Some(b"<a/>".as_slice()));
        assert_eq!(reader.part("b.xml", 100).unwrap(), None);
        assert_eq!(reader.part("a.xml", 3), Err(PartError::TooLarge));
        // Before 1980, ZIP takes its earliest date.
        let epoch = EntryTime { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
        assert_eq!(epoch.zip(), DateTime::default());
        assert!(Reader::open(b"not a zip").is_err());
    }
}
