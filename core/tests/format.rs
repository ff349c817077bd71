//! `avv fmt` round trips over the seed agreements and generated ones:
//! formatting then loading gives what loading gives, formatting twice gives
//! what formatting once gives, every comment survives, and any layout of the
//! same data (keys shuffled, spacing changed, arrays folded or spread)
//! formats to the same canonical text.

#[path = "support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};

use avv_core::format::{FormatFile, files_to_format, format_text};
use avv_core::load::load_folder;
use corpus::Rng;
use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements")
}

fn format(file: &FormatFile, text: &str) -> String {
    format_text(file.kind, &file.path, text).unwrap_or_else(|e| panic!("{}: {e}", file.path.display()))
}

fn comment_lines(text: &str) -> Vec<String> {
    // Whole-line comments; the formatter keeps each verbatim (trimmed).
    let mut out: Vec<String> =
        text.lines().filter(|line| line.trim_start().starts_with('#')).map(|line| line.trim().to_owned()).collect();
    out.sort();
    out
}

/// Formats every file of `folders` in a copy and checks the properties.
fn round_trip(root: &Path, folders: &[PathBuf], scrambles: u64) -> usize {
    let copy = tempfile::tempdir().expect("temp dir");
    let mut checked = 0;
    for folder in folders {
        let name = folder.file_name().expect("folder name");
        let target = copy.path().join(name);
        let files = files_to_format(std::slice::from_ref(folder)).expect("files");
        for file in &files {
            let text = std::fs::read_to_string(&file.path).expect("readable");
            let once = format(file, &text);
            assert_eq!(format(file, &once), once, "{}: not idempotent", file.path.display());
            let formatted_comments = comment_lines(&once);
            for comment in comment_lines(&text) {
                assert!(formatted_comments.contains(&comment), "{}: lost `{comment}`", file.path.display());
            }
            for seed in 0..scrambles {
                let scrambled = scramble(&text, seed);
                assert_eq!(
                    format(file, &scrambled),
                    once,
                    "{}: layout seed {seed} formats differently:\n{scrambled}",
                    file.path.display()
                );
            }
            let relative = file.path.strip_prefix(folder).expect("inside the folder");
            std::fs::create_dir_all(target.join(relative).parent().expect("parent")).expect("mkdir");
            std::fs::write(target.join(relative), &once).expect("write");
            checked += 1;
        }
        let original = load_folder(folder, root);
        let formatted = load_folder(&target, copy.path());
        assert_eq!(codes(&original), codes(&formatted), "{}: findings differ", folder.display());
        // As JSON: formatting may reorder keys, and JSON objects compare regardless of order.
        let f = |loaded: &avv_core::load::LoadedFolder| {
            let folder = &loaded.folder;
            let mut values = vec![
                folder.agreement.as_ref().map(|p| (p.tree.to_json(), format!("{:?}", p.value))),
                folder.tom.as_ref().map(|p| (p.tree.to_json(), format!("{:?}", p.value))),
                folder.subprocessors.as_ref().map(|p| (p.tree.to_json(), format!("{:?}", p.value))),
            ];
            values.extend(folder.customers.iter().map(|p| Some((p.tree.to_json(), format!("{:?}", p.value)))));
            values
        };
        assert_eq!(f(&original), f(&formatted), "{}: format → load differs from load", folder.display());
    }
    checked
}

fn codes(loaded: &avv_core::load::LoadedFolder) -> Vec<avv_core::diagnostic::Code> {
    loaded.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn seeds_round_trip() {
    let folders: Vec<PathBuf> = avv_core::load::agreement_folders(&[seeds()]).expect("seed folders");
    let files = round_trip(&seeds().join(".."), &folders, 8);
    assert_eq!(files, 14);
}

#[test]
fn generated_agreements_round_trip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folders = corpus::write_corpus(dir.path(), 12, 0x5eed_f0e7).expect("corpus");
    let files = round_trip(dir.path(), &folders, 3);
    assert!(files >= 12 * 3, "{files}");
}

// ---------------------------------------------------------------- scrambling

/// Spacing a person might type around `=` and after a key.
const SPACES: [&str; 4] = [" ", "  ", "\t", "    "];

/// The same data in another layout: keys shuffled within their tables,
/// spacing around `=` changed, arrays folded onto one line or spread one
/// element per line. Comments ride along with their keys. The keys of a
/// free map (a customer's values and choices, a sub-processor's `extra`)
/// keep their order: it is the author's, and formatting keeps it.
fn scramble(text: &str, seed: u64) -> String {
    let mut document: DocumentMut = text.parse().expect("parses");
    let mut rng = Rng::new(seed);
    scramble_table(document.as_table_mut(), &mut rng, Keys::Root);
    document.to_string()
}

/// The free maps of the schemas (`additionalProperties`).
const FREE_MAPS: [&str; 3] = ["values", "choices", "extra"];

/// Whether a table's keys may be shuffled.
#[derive(Clone, Copy, PartialEq)]
enum Keys {
    /// The root: its first key carries the `#:schema` line.
    Root,
    Declared,
    /// Within a free map, at any depth.
    Free,
}

impl Keys {
    fn under(self, key: &str) -> Self {
        if self == Keys::Free || FREE_MAPS.contains(&key) { Keys::Free } else { Keys::Declared }
    }
}

fn scramble_table(table: &mut Table, rng: &mut Rng, keys: Keys) {
    if keys == Keys::Declared {
        let salt = rng.next();
        table.sort_values_by(|a, _, b, _| hash(a.get(), salt).cmp(&hash(b.get(), salt)));
    }
    for (mut key, item) in table.iter_mut() {
        key.leaf_decor_mut().set_suffix(*rng.pick(&SPACES));
        let inner = keys.under(key.get());
        match item {
            Item::Value(value) => scramble_value(value, rng, false, inner),
            Item::Table(child) => scramble_table(child, rng, inner),
            Item::ArrayOfTables(array) => array.iter_mut().for_each(|child| scramble_table(child, rng, inner)),
            Item::None => {}
        }
    }
}

fn scramble_value(value: &mut Value, rng: &mut Rng, nested: bool, keys: Keys) {
    let suffix = value.decor().suffix().and_then(|s| s.as_str()).unwrap_or("").to_owned();
    if !suffix.contains('#') && !nested {
        value.decor_mut().set_prefix(*rng.pick(&SPACES));
    }
    match value {
        Value::Array(array) => {
            let commented = array.iter().any(|v| {
                [v.decor().prefix(), v.decor().suffix()]
                    .iter()
                    .any(|d| d.and_then(|d| d.as_str()).unwrap_or("").contains('#'))
            }) || array.trailing().as_str().unwrap_or("").contains('#');
            array.iter_mut().for_each(|element| scramble_value(element, rng, true, keys));
            if !commented {
                if rng.chance(50) {
                    array.fmt();
                } else {
                    for element in array.iter_mut() {
                        element.decor_mut().set_prefix("\n      ");
                        element.decor_mut().set_suffix("");
                    }
                    array.set_trailing("\n");
                    array.set_trailing_comma(rng.chance(50));
                }
            }
        }
        Value::InlineTable(table) => scramble_inline(table, rng, keys),
        _ => {}
    }
}

fn scramble_inline(table: &mut InlineTable, rng: &mut Rng, keys: Keys) {
    if keys != Keys::Free {
        let salt = rng.next();
        table.sort_values_by(|a, _, b, _| hash(a.get(), salt).cmp(&hash(b.get(), salt)));
    }
    for (key, value) in table.iter_mut() {
        let inner = keys.under(key.get());
        scramble_value(value, rng, true, inner);
    }
}

fn hash(text: &str, salt: u64) -> u64 {
    text.bytes().fold(salt ^ 0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
