//! Writing the folder: each file as TOML in the canonical layout of
//! `avv fmt`, built in a hidden folder beside the target, validated there,
//! and moved into place with one rename, so a failed import leaves nothing
//! behind and an existing folder is never touched.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Value, json};

use super::ImportError;
use crate::format::format_text;
use crate::schema::FileKind;

/// Keys whose arrays of tables are written inline (`block = [{ p = … }]`),
/// as in the hand-made folders; other arrays of tables get `[[headers]]`.
const INLINE: [&str; 11] =
    ["block", "list", "option", "allow", "items", "safeguards", "columns", "note", "groups", "preamble", "closing"];

/// Keys whose strings are TOML dates.
const DATES: [&str; 4] = ["date", "since", "notified", "effective"];

fn value(key: &str, json: &Value) -> toml_edit::Value {
    match json {
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into(),
            None => n.as_f64().unwrap_or_default().into(),
        },
        Value::String(s) => {
            if DATES.contains(&key)
                && let Ok(date) = s.parse::<toml_edit::Datetime>()
            {
                return date.into();
            }
            s.as_str().into()
        }
        Value::Array(items) => {
            let mut array = toml_edit::Array::new();
            for item in items {
                array.push(value(key, item));
            }
            toml_edit::Value::Array(array)
        }
        Value::Object(map) => {
            let mut table = toml_edit::InlineTable::new();
            for (k, v) in map {
                if !v.is_null() {
                    table.insert(k, value(k, v));
                }
            }
            toml_edit::Value::InlineTable(table)
        }
        Value::Null => "".into(),
    }
}

fn table(map: &serde_json::Map<String, Value>) -> toml_edit::Table {
    let mut out = toml_edit::Table::new();
    for (key, json) in map {
        match json {
            Value::Null => {}
            Value::Object(inner) => {
                out.insert(key, toml_edit::Item::Table(table(inner)));
            }
            Value::Array(items)
                if !INLINE.contains(&key.as_str()) && !items.is_empty() && items.iter().all(Value::is_object) =>
            {
                let mut array = toml_edit::ArrayOfTables::new();
                for item in items {
                    if let Value::Object(inner) = item {
                        array.push(table(inner));
                    }
                }
                out.insert(key, toml_edit::Item::ArrayOfTables(array));
            }
            other => {
                out.insert(key, toml_edit::Item::Value(value(key, other)));
            }
        }
    }
    out
}

/// Values the model fills in when a key is left out: written only when
/// they differ, as in the hand-made folders.
fn strip_defaults(map: &mut serde_json::Map<String, Value>) {
    if let Some(Value::Object(meta)) = map.get_mut("meta") {
        for (key, default) in [("language", "de"), ("date_style", "numeric"), ("blank", "_____ ({label})")] {
            if meta.get(key).and_then(Value::as_str) == Some(default) {
                meta.remove(key);
            }
        }
    }
    if let Some(Value::Array(placeholders)) = map.get_mut("placeholder") {
        for placeholder in placeholders.iter_mut().filter_map(Value::as_object_mut) {
            for (key, default) in [("type", json!("text")), ("required", json!(true)), ("fill", json!("controller"))] {
                if placeholder.get(key) == Some(&default) {
                    placeholder.remove(key);
                }
            }
        }
    }
}

/// `file` as TOML text in the canonical layout, with the schema line for
/// a folder `depth` levels below the repository root.
pub fn to_toml<T: Serialize>(file: &T, kind: FileKind, depth: usize) -> Result<String, ImportError> {
    let json = serde_json::to_value(file).map_err(|e| ImportError::Internal(format!("cannot serialise: {e}")))?;
    let Value::Object(mut map) = json else {
        return Err(ImportError::Internal("a file is not a table".to_owned()));
    };
    strip_defaults(&mut map);
    let mut document = toml_edit::DocumentMut::new();
    *document.as_table_mut() = table(&map);
    let text = format!("{}\n{}", kind.schema_directive(depth), document);
    let name = kind.file_name().unwrap_or("file.toml");
    format_text(kind, Path::new(name), &text).map_err(|e| ImportError::Internal(format!("cannot lay out {name}: {e}")))
}

/// The hidden working folder `.<id>.tmp-<pid>` beside the target (the
/// project's name for leftovers, which [`tidy`](crate::tidy) removes once
/// their process is gone); removed when dropped.
pub struct Staging {
    /// The hidden folder.
    pub dir: PathBuf,
}

impl Staging {
    /// Creates a fresh working folder for `<out>/<id>`, removing stale
    /// ones of killed imports first.
    pub fn new(out: &Path, id: &str) -> Result<Self, ImportError> {
        std::fs::create_dir_all(out).map_err(|source| ImportError::Io { path: out.to_path_buf(), source })?;
        for leftover in crate::tidy::stale_leftovers(&out.join(id), &["tmp"]) {
            let _ = std::fs::remove_dir_all(&leftover.path);
        }
        let dir = out.join(format!(".{id}.tmp-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|source| ImportError::Io { path: dir.clone(), source })?;
        }
        // Named by the folder the user gave, not the hidden working folder.
        std::fs::create_dir(&dir).map_err(|source| ImportError::Io { path: out.to_path_buf(), source })?;
        Ok(Staging { dir })
    }

    /// Writes `files` (name, text) into `<staging>/<id>/`, returning that folder.
    pub fn write(&self, id: &str, files: &[(String, String)]) -> Result<PathBuf, ImportError> {
        let folder = self.dir.join(id);
        if folder.exists() {
            std::fs::remove_dir_all(&folder).map_err(|source| ImportError::Io { path: folder.clone(), source })?;
        }
        std::fs::create_dir(&folder).map_err(|source| ImportError::Io { path: folder.clone(), source })?;
        for (name, text) in files {
            let path = folder.join(name);
            std::fs::write(&path, text).map_err(|source| ImportError::Io { path, source })?;
        }
        Ok(folder)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Moves the staged `folder` to `target`, refusing an existing target.
pub fn publish(folder: &Path, target: &Path) -> Result<(), ImportError> {
    if target.exists() {
        return Err(ImportError::TargetExists { path: target.to_path_buf() });
    }
    std::fs::rename(folder, target).map_err(|source| ImportError::Io { path: target.to_path_buf(), source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::agreement::AgreementFile;

    #[test]
    fn files_are_canonical_toml_without_default_values() {
        let agreement: AgreementFile = serde_json::from_value(json!({
            "schema_version": 1,
            "meta": { "id": "a", "kind": "standard", "title": "T", "version": "1.0", "status": "draft", "date": "2024-02-29" },
            "clause": [{ "id": "c", "num": "1", "title": "Gegenstand", "block": [{ "p": "Text" }] }],
        }))
        .unwrap();
        let text = to_toml(&agreement, FileKind::Agreement, 2).unwrap();
        assert!(text.starts_with("#:schema ../../schema/agreement.schema.json\n"), "{text}");
        assert!(text.contains("date = 2024-02-29\n"), "{text}");
        assert!(!text.contains("language"), "{text}");
        assert!(text.contains("[[clause]]\nid = \"c\"\n"), "{text}");
        assert!(text.contains("block = [{ p = \"Text\" }]"), "{text}");
        assert_eq!(format_text(FileKind::Agreement, Path::new("agreement.toml"), &text).unwrap(), text);
    }

    #[test]
    fn staging_is_removed_and_stale_leftovers_go() {
        let dir = tempfile::tempdir().unwrap();
        // A killed import's folder (a process id no process has).
        let stale = dir.path().join(".vertrag.tmp-2147483000");
        std::fs::create_dir_all(stale.join("vertrag")).unwrap();
        let staging = Staging::new(dir.path(), "vertrag").unwrap();
        assert!(!stale.exists());
        let folder = staging.write("vertrag", &[("agreement.toml".into(), "x".into())]).unwrap();
        publish(&folder, &dir.path().join("vertrag")).unwrap();
        drop(staging);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, ["vertrag"]);
        assert!(matches!(
            publish(&dir.path().join("x"), &dir.path().join("vertrag")),
            Err(ImportError::TargetExists { .. })
        ));
    }
}
