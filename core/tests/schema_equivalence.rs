//! The typed model reads exactly the files the JSON Schema accepts.
//!
//! The loader relies on it: a file the model reads is not shown to the
//! `jsonschema` validator at all (see `avv_core::load::parse`). So both
//! directions are checked here, on every bundled file, every fixture and
//! thousands of mutations of them: values swapped for tricky ones (ids,
//! codes, dates, numbers, every enum value of the schemas, parts of other
//! documents), keys dropped, known and unknown keys added, a sibling's entry
//! copied in (a block with two kinds), array items dropped or repeated.
//!
//! `AVV_EQUIVALENCE_CASES` (default 10 000) and `AVV_EQUIVALENCE_SEED` run
//! more or other mutations.

// Only its generator is used here.
#[allow(dead_code)]
#[path = "support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};

use avv_core::load::Node;
use avv_core::load::parse::{model_reads, to_node};
use avv_core::load::schema_check::is_valid;
use avv_core::schema::{FileKind, schema};
use avv_core::validate::walk::pointers;
use corpus::Rng;
use serde_json::{Value, json};

/// A parsed file of the repository and its kind.
struct Document {
    path: PathBuf,
    kind: FileKind,
    json: Value,
}

fn kind_of(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    let parent = path.parent()?.file_name()?.to_str()?;
    match name {
        "agreement.toml" => Some(FileKind::Agreement),
        "tom.toml" => Some(FileKind::Tom),
        "subprocessors.toml" => Some(FileKind::Subprocessors),
        "avv.toml" => Some(FileKind::Config),
        _ if parent == "customers" && name.ends_with(".toml") => Some(FileKind::Customer),
        _ => None,
    }
}

fn collect(dir: &Path, out: &mut Vec<Document>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.expect("a directory entry").path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, out);
        } else if let Some(kind) = kind_of(&path)
            && let Ok(text) = std::fs::read_to_string(&path)
            && let Ok(tree) = to_node(&text)
        {
            out.push(Document { path, kind, json: tree.to_json() });
        }
    }
}

/// Every TOML file of a known kind in `agreements/` and the test fixtures
/// that is TOML at all.
fn documents() -> Vec<Document> {
    let core = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    collect(&core.join("../agreements"), &mut out);
    collect(&core.join("tests/fixtures"), &mut out);
    out
}

/// Where the two disagree, as a readable line; `None` when they agree.
fn disagreement(kind: FileKind, json: &Value) -> Option<String> {
    let (model, schema) = (model_reads(kind, &Node::from(json)), is_valid(kind, json));
    (model != schema).then(|| format!("the {kind:?} model reads it: {model}; the schema accepts it: {schema}"))
}

#[test]
fn every_repository_file_is_judged_alike() {
    let documents = documents();
    assert!(documents.len() > 150, "found only {} files", documents.len());
    let valid = documents.iter().filter(|d| is_valid(d.kind, &d.json)).count();
    // Both verdicts occur, or the comparison would prove little.
    assert!(valid > 50 && valid < documents.len(), "{valid} of {} valid", documents.len());
    for document in &documents {
        if let Some(problem) = disagreement(document.kind, &document.json) {
            panic!("{}: {problem}", document.path.display());
        }
    }
}

/// Values that sit on the edge of some rule of the schema.
fn tricky_values() -> Vec<Value> {
    let mut values = vec![
        json!(""),
        json!("a"),
        json!("A"),
        json!("a-b"),
        json!("a--b"),
        json!("-a"),
        json!("a-"),
        json!("1a"),
        json!("a_b"),
        json!("ä"),
        json!("a\n"),
        json!("a".repeat(64)),
        json!("a".repeat(65)),
        json!("DE"),
        json!("de"),
        json!("D"),
        json!("DEU"),
        json!("2024-02-29"),
        json!("2023-02-29"),
        json!("2024-13-01"),
        json!("2024-1-01"),
        json!("0000-01-01"),
        json!("2024-04-31"),
        json!("P14D"),
        json!("P"),
        json!("P1D2Y"),
        json!("P1"),
        json!("14D"),
        json!("P1Y2M3W4D"),
        json!(-1),
        json!(0),
        json!(1),
        json!(2),
        json!(255),
        json!(256),
        json!(4_294_967_295_u64),
        json!(4_294_967_296_u64),
        json!(1.5),
        // JSON Schema counts a number without a fraction as an integer.
        json!(1.0),
        json!(-0.0),
        json!(255.0),
        json!(256.0),
        json!(1e20),
        json!(true),
        json!(false),
        json!([]),
        json!({}),
        json!(["a"]),
        json!([{}]),
        json!({ "p": "x" }),
        json!({ "p": "x", "list": ["y"] }),
        json!({ "id": "x" }),
        json!({ "rule": "x", "reason": "y" }),
    ];
    // Every enum value the schemas name, so that one enum's value lands in
    // another's field.
    for kind in FileKind::ALL {
        consts(&schema(kind), &mut values);
    }
    values
}

fn consts(schema: &Value, out: &mut Vec<Value>) {
    match schema {
        Value::Object(map) => {
            if let Some(value) = map.get("const")
                && !out.contains(value)
            {
                out.push(value.clone());
            }
            map.values().for_each(|v| consts(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| consts(v, out)),
        _ => {}
    }
}

/// Every key used anywhere in `value`.
fn keys(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if !out.contains(key) {
                    out.push(key.clone());
                }
                keys(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// Applies one random mutation to `json`; returns what it did.
fn mutate(json: &mut Value, rng: &mut Rng, tricky: &[Value], key_pool: &[String]) -> String {
    let all = pointers(&Node::from(&*json));
    let at = all[rng.below(all.len())].clone();
    // A value to put somewhere: a tricky one, or a node of the same document.
    let pick = |rng: &mut Rng, json: &Value| -> Value {
        if rng.below(2) == 0 {
            tricky[rng.below(tricky.len())].clone()
        } else {
            json.pointer(&all[rng.below(all.len())]).cloned().unwrap_or(Value::Null)
        }
    };
    let replacement = pick(rng, json);
    let key = key_pool[rng.below(key_pool.len())].clone();
    let donor = all[rng.below(all.len())].clone();
    let donor_entry = json
        .pointer(&donor)
        .and_then(Value::as_object)
        .filter(|map| !map.is_empty())
        .map(|map| map.iter().nth(rng.below(map.len())).map(|(k, v)| (k.clone(), v.clone())));
    let operation = rng.below(6);
    let Some(node) = json.pointer_mut(&at) else { return "nothing".into() };
    match (operation, node) {
        (0, Value::Object(map)) if !map.is_empty() => {
            let index = rng.below(map.len());
            let removed = map.keys().nth(index).cloned().unwrap_or_default();
            map.shift_remove(&removed);
            format!("dropped `{removed}` at {at}")
        }
        (1, Value::Object(map)) => {
            let shown = replacement.to_string();
            map.insert(key.clone(), replacement);
            format!("set `{key}` at {at} to {}", shown.chars().take(80).collect::<String>())
        }
        (2, Value::Object(map)) => match donor_entry.flatten() {
            Some((key, value)) => {
                map.insert(key.clone(), value);
                format!("copied `{key}` from {donor} to {at}")
            }
            None => "nothing".into(),
        },
        (3, Value::Array(items)) if !items.is_empty() => {
            let index = rng.below(items.len());
            if rng.below(2) == 0 {
                items.remove(index);
                format!("dropped item {index} of {at}")
            } else {
                let item = items[index].clone();
                items.push(item);
                format!("repeated item {index} of {at}")
            }
        }
        (4, Value::Array(items)) => {
            let shown = replacement.to_string();
            items.push(replacement);
            format!("appended {} to {at}", shown.chars().take(80).collect::<String>())
        }
        (_, node) => {
            let shown = replacement.to_string();
            *node = replacement;
            format!("replaced {at} with {}", shown.chars().take(80).collect::<String>())
        }
    }
}

#[test]
fn mutated_files_are_judged_alike() {
    let cases: usize = std::env::var("AVV_EQUIVALENCE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let seed: u64 = std::env::var("AVV_EQUIVALENCE_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(28);
    let documents = documents();
    let tricky = tricky_values();
    let mut key_pool = vec!["unknown".to_owned(), "Id".to_owned()];
    for kind in FileKind::ALL {
        keys(&schema(kind), &mut key_pool);
    }
    for document in &documents {
        keys(&document.json, &mut key_pool);
    }
    let mut rng = Rng::new(seed);
    let mut failures = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for _ in 0..cases {
        let document = &documents[rng.below(documents.len())];
        let mut json = document.json.clone();
        // One to three mutations, so that some land on an already changed node.
        let changes: Vec<String> =
            (0..rng.range(1, 3)).map(|_| mutate(&mut json, &mut rng, &tricky, &key_pool)).collect();
        match disagreement(document.kind, &json) {
            Some(problem) => failures.push(format!("{} ({}): {problem}", document.path.display(), changes.join("; "))),
            None if is_valid(document.kind, &json) => valid += 1,
            None => invalid += 1,
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements, e.g.:\n{}",
        failures.len(),
        failures[..failures.len().min(10)].join("\n")
    );
    // Mutations must yield both verdicts often, or they test little.
    assert!(valid > cases / 10 && invalid > cases / 10, "{valid} valid, {invalid} invalid of {cases}");
}
