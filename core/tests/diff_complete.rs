//! The diff sees every change: for every value of every file of the bundled
//! agreements and the valid fixtures, a mutation of that value alone yields
//! at least one change entry, and the pre-commit hook demands a new version
//! for it (except where the value is the version itself, a customer's
//! contract or never printed: see `exempt`). An entity's `id` is never
//! printed: changed alone, it is one internal change naming the old and
//! the new id (a rename), not a removal and an addition.
//!
//! A value is mutated in the typed model's JSON and read back through the
//! model, so that every mutation is a valid file: strings get a word, codes
//! another code, dates a day, numbers one more, booleans flip.
//!
//! A field added to the model later is covered as soon as a fixture uses
//! it; `every_field_of_the_model_is_exercised` fails until one does.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use avv_core::config::HookPolicy;
use avv_core::diagnostic::Code;
use avv_core::diff::structure::{flatten, shape};
use avv_core::diff::{Entities, diff_prepared, entities};
use avv_core::hook::policy_findings_of;
use avv_core::load::{Folder, load_folder};
use rayon::prelude::*;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The folders whose every value is mutated.
fn folders() -> Vec<Folder> {
    let root = root();
    let mut dirs: Vec<PathBuf> = ["rocon", "hoster-tom", "zerer", "pcvisit", "trafficplex"]
        .iter()
        .map(|id| root.join("agreements").join(id))
        .collect();
    let fixtures = root.join("core/tests/fixtures/valid");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&fixtures).expect("fixtures").flatten().map(|e| e.path()).collect();
    names.sort();
    dirs.extend(names);
    dirs.iter()
        .map(|dir| {
            let loaded = load_folder(dir, &root);
            assert!(loaded.folder.agreement.is_some(), "{} loads", dir.display());
            loaded.folder
        })
        .collect()
}

/// Which file of a folder a value is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum File {
    Agreement,
    Tom,
    Subprocessors,
    Customer(usize),
}

fn file_json(folder: &Folder, file: File) -> Option<Value> {
    match file {
        File::Agreement => folder.agreement.as_ref().and_then(|a| serde_json::to_value(&a.value).ok()),
        File::Tom => folder.tom.as_ref().and_then(|t| serde_json::to_value(&t.value).ok()),
        File::Subprocessors => folder.subprocessors.as_ref().and_then(|s| serde_json::to_value(&s.value).ok()),
        File::Customer(i) => folder.customers.get(i).and_then(|c| serde_json::to_value(&c.value).ok()),
    }
}

/// `folder` with `file` replaced by `json`, if the model reads it.
fn with_file(folder: &Folder, file: File, json: Value) -> Option<Folder> {
    let mut out = folder.clone();
    match file {
        File::Agreement => out.agreement_mut()?.value = serde_json::from_value(json).ok()?,
        File::Tom => out.tom_mut()?.value = serde_json::from_value(json).ok()?,
        File::Subprocessors => out.subprocessors_mut()?.value = serde_json::from_value(json).ok()?,
        File::Customer(i) => {
            std::sync::Arc::make_mut(out.customers.get_mut(i)?).value = serde_json::from_value(json).ok()?
        }
    }
    Some(out)
}

/// The folder without the file texts and generic trees, which the diff
/// does not read: each mutation clones it.
fn light(folder: &Folder) -> Folder {
    let mut out = folder.clone();
    fn strip<T>(parsed: &mut avv_core::load::Parsed<T>) {
        parsed.tree = avv_core::load::Node::Null;
        parsed.text = Default::default();
    }
    out.agreement_mut().map(strip);
    out.tom_mut().map(strip);
    out.subprocessors_mut().map(strip);
    out.customers.iter_mut().for_each(|c| strip(std::sync::Arc::make_mut(c)));
    out
}

/// Every node of a JSON value with its JSON pointer, parents first.
fn visit(value: &Value, pointer: String, found: &mut dyn FnMut(&str, &Value)) {
    found(&pointer, value);
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                visit(child, format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")), found);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                visit(child, format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// Every scalar of a JSON value, by JSON pointer.
fn leaves(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    visit(value, String::new(), &mut |at, node| {
        if !node.is_object() && !node.is_array() {
            out.push(at.to_owned());
        }
    });
    out
}

/// Each file of `folder` as JSON, with each pointer `pick` finds in it.
fn places(folder: &Folder, pick: fn(&Value) -> Vec<String>) -> Vec<(File, Value, String)> {
    let mut files = vec![File::Agreement, File::Tom, File::Subprocessors];
    files.extend((0..folder.customers.len()).map(File::Customer));
    let mut jobs = Vec::new();
    for file in files {
        let Some(json) = file_json(folder, file) else { continue };
        jobs.extend(pick(&json).into_iter().map(|p| (file, json.clone(), p)));
    }
    jobs
}

/// Every code of the model, to try as another value of a code field.
fn all_codes() -> Vec<String> {
    let mut codes = BTreeSet::new();
    for kind in ["agreement", "tom", "subprocessors", "customer"] {
        let schema: Value = serde_json::from_str(
            &std::fs::read_to_string(root().join("schema").join(format!("{kind}.schema.json"))).expect("schema"),
        )
        .expect("schema JSON");
        collect_enums(&schema, &mut codes);
    }
    codes.into_iter().collect()
}

fn collect_enums(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for key in ["enum", "const"] {
                if let Some(found) = map.get(key) {
                    for code in found.as_array().cloned().unwrap_or_else(|| vec![found.clone()]) {
                        if let Some(code) = code.as_str() {
                            out.insert(code.to_owned());
                        }
                    }
                }
            }
            map.values().for_each(|v| collect_enums(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_enums(v, out)),
        _ => {}
    }
}

/// Candidate new values for a scalar, most natural first.
fn candidates(value: &Value, codes: &[String]) -> Vec<Value> {
    match value {
        Value::Bool(b) => vec![Value::Bool(!b)],
        Value::Number(n) => {
            let n = n.as_i64().unwrap_or(0);
            vec![Value::from(n + 1), Value::from((n - 1).max(0)), Value::from(2)]
        }
        Value::String(text) => {
            let mut out = Vec::new();
            if let Some(date) = avv_core::model::Date::parse(text) {
                out.push(Value::String(avv_core::model::Date::from_days(date.to_days() + 1).to_string()));
            }
            if text.len() == 2 && text.chars().all(|c| c.is_ascii_uppercase()) {
                out.extend(["AT", "CH", "US"].iter().filter(|c| **c != text).map(|c| Value::String((*c).into())));
            }
            // An ISO 8601 duration ("P14D", "P4W", "P3Y"): one unit more.
            if let Some(rest) = text.strip_prefix('P')
                && let Some(unit) = rest.chars().last()
                && let Ok(n) = rest[..rest.len() - unit.len_utf8()].parse::<u32>()
            {
                out.push(Value::String(format!("P{}{unit}", n + 1)));
            }
            out.push(Value::String(format!("{text} geändert")));
            out.push(Value::String(format!("{text}-x")));
            out.extend(codes.iter().filter(|c| *c != text).map(|c| Value::String(c.clone())));
            out
        }
        _ => Vec::new(),
    }
}

/// Values that change no published document, and so need no new version:
/// the version itself, the status, a `[[changelog]]` note, allowances, the
/// format version, the id, and everything in a customer instance.
fn exempt(file: File, pointer: &str, base: &Entities) -> bool {
    if matches!(file, File::Customer(_)) {
        return true;
    }
    let segments: Vec<&str> = pointer.split('/').collect();
    // Instructions data no clause prints changes no published text.
    let unprinted = file == File::Agreement
        && match segments.get(1..3) {
            Some(["instructions", "recipients"]) => !base.embeds.contains_key("instructions.recipients"),
            Some(["instructions", "authorised"]) => !base.embeds.contains_key("instructions.authorised"),
            Some(["instructions", _]) => true,
            _ => false,
        };
    unprinted
        || segments.contains(&"allow")
        || pointer == "/schema_version"
        || matches!(pointer, "/meta/version" | "/meta/status" | "/meta/status_label" | "/meta/id")
        || pointer.starts_with("/meta/previous_ids")
        || pointer.starts_with("/changelog/")
        || (file == File::Tom && pointer == "/annex/version")
        || (file == File::Subprocessors && pointer == "/list/version")
}

/// One mutated value and what the diff and the hook made of it.
struct Outcome {
    place: String,
    entries: usize,
    /// Two "changed" entries for one entity: a value told twice.
    doubled: Option<String>,
    bump_demanded: bool,
    exempt: bool,
    /// The one change is an entity's id, internal: a rename.
    renamed: bool,
    /// The published changes: (whose, the line told).
    told: Vec<(String, String)>,
}

fn mutate_all(folder: &Folder, codes: &[String]) -> (Vec<Outcome>, Vec<String>) {
    let folder = &light(folder);
    let base: Entities = entities(folder);
    let jobs = places(folder, leaves);
    let results: Vec<Result<Outcome, String>> = jobs
        .par_iter()
        .map(|(file, json, pointer)| {
            let original = json.pointer(pointer).cloned().unwrap_or(Value::Null);
            for candidate in candidates(&original, codes) {
                let mut changed = json.clone();
                *changed.pointer_mut(pointer).expect("pointer") = candidate;
                let Some(mutated) = with_file(folder, *file, changed) else { continue };
                let after = entities(&mutated);
                let set = diff_prepared(Some((folder, &base)), (&mutated, &after));
                let findings = policy_findings_of(&set, folder, &mutated, &HookPolicy::default());
                let version_seen = set.from.as_deref() != Some(set.to.as_str());
                let changed: Vec<&avv_core::diff::Change> =
                    set.changes.iter().filter(|c| c.op == avv_core::diff::Op::Changed).collect();
                let doubled = changed.iter().enumerate().find_map(|(i, a)| {
                    changed[i + 1..]
                        .iter()
                        .find(|b| b.id == a.id && b.scope == a.scope)
                        .map(|b| format!("„{}“ and „{}“", a.phrase, b.phrase))
                });
                let renamed = matches!(
                    set.changes.as_slice(),
                    [change] if change.scope == avv_core::diff::Scope::Internal
                        && change.op == avv_core::diff::Op::Changed
                        && change.facts.len() == 1
                        && change.facts[0].fact == "id"
                        && change.facts[0].old == original.as_str().unwrap_or_default()
                ) && !version_seen;
                // Of the entities the folder has (a mutated id names a new one).
                let told = set
                    .document_changes()
                    .filter(|c| base.by_id.contains_key(&c.id))
                    .map(|c| (c.id.clone(), c.phrase.clone()))
                    .collect();
                return Ok(Outcome {
                    told,
                    renamed,
                    doubled,
                    place: format!("{} {file:?} {pointer}", folder.id),
                    entries: set.changes.len() + usize::from(version_seen),
                    bump_demanded: findings.iter().any(|d| d.code == Code::VersionNotBumped),
                    exempt: exempt(*file, pointer, &base),
                });
            }
            Err(format!("{} {file:?} {pointer} = {original}", folder.id))
        })
        .collect();
    let mut outcomes = Vec::new();
    let mut unmutable = Vec::new();
    for result in results {
        match result {
            Ok(outcome) => outcomes.push(outcome),
            Err(place) => unmutable.push(place),
        }
    }
    (outcomes, unmutable)
}

#[test]
fn every_value_change_is_seen_and_needs_a_new_version() {
    let codes = all_codes();
    let mut unseen = Vec::new();
    let mut unbumped = Vec::new();
    let mut doubled = Vec::new();
    let mut all_unmutable = Vec::new();
    let mut covered = 0;
    let mut renamed = 0;
    let mut ambiguous = Vec::new();
    for folder in folders() {
        let (outcomes, unmutable) = mutate_all(&folder, &codes);
        all_unmutable.extend(unmutable);
        // An id changed alone breaks what refers to it (the hook refuses
        // that): those records are of a broken folder.
        let told = outcomes.iter().filter(|o| !o.place.ends_with("/id")).flat_map(|outcome| {
            outcome.told.iter().map(|(id, line)| (line.as_str(), id.as_str(), outcome.place.as_str()))
        });
        ambiguous.extend(naming_two(&folder.id, told));
        for outcome in outcomes {
            covered += 1;
            if outcome.entries == 0 {
                unseen.push(outcome.place.clone());
            }
            if let Some(twice) = &outcome.doubled {
                doubled.push(format!("{}: {twice}", outcome.place));
            }
            if outcome.renamed {
                renamed += 1;
                if !outcome.place.ends_with("/id") {
                    unbumped.push(format!("{} (told as a rename)", outcome.place));
                }
            } else if !outcome.exempt && !outcome.bump_demanded {
                unbumped.push(outcome.place);
            }
        }
    }
    eprintln!("mutated {covered} values ({renamed} ids renamed alone); {} could not be mutated", all_unmutable.len());
    assert!(covered > 3_000, "only {covered} values mutated");
    assert!(renamed > 500, "only {renamed} ids were told as renames");
    none(&unseen, "changes the diff does not see");
    none(&unbumped, "changes the hook lets through without a new version");
    none(&doubled, "changes told twice");
    none(&ambiguous, "lines that name no one thing");
    assert!(all_unmutable.is_empty(), "values no valid mutation was found for:\n{}", all_unmutable.join("\n"));
}

#[path = "support/schema_walk.rs"]
mod schema_walk;

/// The namespace a structural node's fields are labelled by.
fn namespace(node: &avv_core::diff::structure::FlatNode) -> String {
    match node.ns {
        "root" if node.file.starts_with("customer:") => "customer".to_owned(),
        "root" => node.file.clone(),
        ns => ns.to_owned(),
    }
}

/// Whether a schema field shape is covered by a value's shape: equal, or the
/// schema's `**` (a map's free keys) stands for the value's keys.
fn covers(schema: &str, value: &str) -> bool {
    avv_core::diff::structure::matches(schema, value)
}

#[test]
fn every_field_of_the_model_is_exercised() {
    let (_, _, schema_leaves) = schema_walk::schema_walk_with_leaves();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for folder in folders() {
        for node in flatten(&folder).nodes.values() {
            for path in node.leaves.keys() {
                seen.insert((namespace(node), shape(path)));
            }
        }
    }
    // A field is exercised when some value of its type sets it: a block's
    // `p` is the same field in a clause, an annex or the cover letter.
    let mut fields: std::collections::BTreeMap<&(String, String), bool> = std::collections::BTreeMap::new();
    for ((ns, shape), owner) in &schema_leaves {
        let used = seen.iter().any(|(seen_ns, seen_shape)| seen_ns == ns && covers(shape, seen_shape));
        *fields.entry(owner).or_default() |= used;
    }
    let missing: Vec<String> =
        fields.iter().filter(|(_, used)| !**used).map(|((owner, field), _)| format!("{owner}.{field}")).collect();
    eprintln!("{} fields ({} places in files), {} set in no fixture", fields.len(), schema_leaves.len(), missing.len());
    assert!(fields.len() > 200, "the schema walk found only {} fields", fields.len());
    assert!(
        missing.is_empty(),
        "fields of the model that no bundled agreement or valid fixture sets, so the diff's completeness test cannot mutate them; give them a value in core/tests/fixtures/valid/complete:\n{}",
        missing.join("\n")
    );
}

/// Fails with every finding listed, if there is one.
fn none(found: &[String], what: &str) {
    assert!(found.is_empty(), "{} {what}:\n{}", found.len(), found.join("\n"));
}

/// The lines of a record, as (line, whose, where), that tell of two
/// different things: a line of the record names what changed, and the
/// same line for two things would leave the reader to guess which.
fn naming_two<'a>(folder: &str, told: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Vec<String> {
    let mut whose: std::collections::BTreeMap<&str, std::collections::BTreeMap<&str, &str>> = Default::default();
    for (line, id, place) in told {
        whose.entry(line).or_default().insert(id, place);
    }
    whose
        .iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|(line, ids)| format!("{folder}: „{line}“ tells of {ids:?}"))
        .collect()
}

/// Every element with an id of every array (a clause, a measure, a
/// sub-processor, a blank, an entry …), by JSON pointer; an object with an
/// id outside an array (`[meta]`) is no element and cannot be taken out.
fn elements(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    visit(value, String::new(), &mut |at, node| {
        if node.get("id").is_some_and(Value::is_string) {
            out.push(at.to_owned());
        }
    });
    out
}

/// Each thing with an id taken out of the bundled agreements and the valid
/// fixtures alone, and put in again: the diff tells of it, and no line of
/// the record tells of two different things („Wegfall Auftraggeber“ for
/// a signature block read as the party gone; three blanks of one label).
#[test]
fn every_thing_removed_or_added_is_told_and_told_apart() {
    let mut untold = Vec::new();
    let mut ambiguous = Vec::new();
    let mut covered = 0;
    for folder in folders() {
        let folder = &light(&folder);
        let base = entities(folder);
        let jobs = places(folder, elements);
        // (line, whose, where) of every removal and every addition.
        let told: Vec<Vec<(String, String, String)>> = jobs
            .par_iter()
            .filter_map(|(file, json, pointer)| {
                let (parent, index) = pointer.rsplit_once('/')?;
                let mut without = json.clone();
                without.pointer_mut(parent)?.as_array_mut()?.remove(index.parse().ok()?);
                let mutated = with_file(folder, *file, without)?;
                let after = entities(&mutated);
                let place = format!("{} {file:?} {pointer}", folder.id);
                let mut lines = Vec::new();
                for (set, side) in [
                    (diff_prepared(Some((folder, &base)), (&mutated, &after)), "removed"),
                    (diff_prepared(Some((&mutated, &after)), (folder, &base)), "added"),
                ] {
                    if set.changes.is_empty() {
                        lines.push((String::new(), String::new(), format!("{place} ({side})")));
                    }
                    lines.extend(
                        set.document_changes()
                            .filter(|c| base.by_id.contains_key(&c.id))
                            .map(|c| (c.phrase.clone(), c.id.clone(), format!("{place} ({side})"))),
                    );
                }
                Some(lines)
            })
            .collect();
        covered += told.len();
        untold.extend(told.iter().flatten().filter(|(line, _, _)| line.is_empty()).map(|(_, _, place)| place.clone()));
        let lines = told.iter().flatten().filter(|(line, _, _)| !line.is_empty());
        ambiguous.extend(naming_two(
            &folder.id,
            lines.map(|(line, id, place)| (line.as_str(), id.as_str(), place.as_str())),
        ));
    }
    eprintln!("took out and put back {covered} things with an id");
    assert!(covered > 700, "only {covered} things with an id");
    none(&untold, "things taken out or put in that the diff does not see");
    none(&ambiguous, "lines that name no one thing");
}

// The word lists below are the test's own, not `diff::weakening`'s: a word
// taken out of the library's lists would otherwise leave this test too,
// and what it promised would go unflagged unseen.

/// Frequency words a measure promises by ("täglich", "wöchentlicher").
const FREQUENCIES: [&str; 7] =
    ["stündlich", "täglich", "wöchentlich", "monatlich", "quartalsweise", "halbjährlich", "jährlich"];

/// Unit words of a duration ("24 Stunden", "30 Tage").
const UNITS: [&str; 10] = ["sekunde", "minute", "min", "stunde", "std", "h", "tag", "woche", "monat", "jahr"];

/// Words that bound a number: "mindestens 12", "alle 90", "nach 5 Fehlversuchen".
const BOUNDS: [&str; 10] = [
    "mindestens",
    "wenigstens",
    "alle",
    "innerhalb",
    "binnen",
    "spätestens",
    "höchstens",
    "maximal",
    "längstens",
    "fehlversuch",
];

/// Words that restrict (negate, make exclusive, forbid) or bind.
const RESTRICTING: [&str; 21] = [
    "nicht",
    "kein",
    "keine",
    "keinen",
    "keiner",
    "keinem",
    "keines",
    "niemals",
    "nie",
    "niemand",
    "ausschließlich",
    "nur",
    "lediglich",
    "untersagt",
    "verboten",
    "unzulässig",
    "obligatorisch",
    "verpflichtend",
    "zwingend",
    "verbindlich",
    "ausnahmslos",
];

/// Stems of words that name a safeguard ("verschlüsselt", "Firewall").
const SAFEGUARDS: [&str; 20] = [
    "verschlüssel",
    "zwei-faktor",
    "2-faktor",
    "mehr-faktor",
    "multi-faktor",
    "firewall",
    "protokollier",
    "backup",
    "redundan",
    "virenschutz",
    "antivir",
    "vpn",
    "zertifizier",
    "biometri",
    "alarm",
    "videoüberwach",
    "kamera",
    "pseudonymis",
    "anonymis",
    "berechtigungskonzept",
];

/// Words and phrases that say a measure holds without a gap.
const ALWAYS: [&str; 8] =
    ["24/7", "rund um die uhr", "ständig", "permanent", "durchgehend", "lückenlos", "jederzeit", "zu jeder zeit"];

/// `text` with one promise taken out, each way it can be: a frequency
/// word, a word or phrase of "always", a word that restricts or binds, a
/// word naming a safeguard, or an amount (a number with its unit, or a
/// number a word bounds).
fn promises_taken_out(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = text.to_lowercase();
    // Phrases of several words, cut out where they stand (lowercasing
    // keeps these offsets: the phrases and what precedes them are German
    // letters whose lower case has the same length).
    for phrase in ALWAYS.iter().filter(|p| p.contains(' ')) {
        for (at, _) in lower.match_indices(phrase) {
            if text.is_char_boundary(at) && text.is_char_boundary(at + phrase.len()) {
                out.push(format!("{}{}", &text[..at], &text[at + phrase.len()..]).replace("  ", " "));
            }
        }
    }
    let words: Vec<&str> = text.split(' ').collect();
    let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let without = |from: usize, count: usize| {
        let kept: Vec<&str> =
            words.iter().enumerate().filter(|(i, _)| *i < from || *i >= from + count).map(|(_, w)| *w).collect();
        kept.join(" ")
    };
    for (at, word) in words.iter().enumerate() {
        let lower = bare(word);
        // At the word's start: "ständige", not "vollständig".
        let always = ALWAYS
            .iter()
            .filter(|p| !p.contains(' '))
            .any(|p| word.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase().starts_with(p));
        let safeguard = SAFEGUARDS.iter().any(|s| word.to_lowercase().contains(s));
        if always || safeguard || RESTRICTING.contains(&lower.as_str()) || FREQUENCIES.iter().any(|f| lower.contains(f))
        {
            out.push(without(at, 1));
            continue;
        }
        if lower.is_empty() || !lower.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let next = words.get(at + 1).map(|w| bare(w)).unwrap_or_default();
        let unit = UNITS.iter().any(|u| next == *u || (u.len() > 2 && next.starts_with(u)));
        let near = words[at.saturating_sub(3)..(at + 3).min(words.len())].iter().map(|w| bare(w)).collect::<Vec<_>>();
        let bounded = near.iter().any(|w| BOUNDS.iter().any(|b| w.starts_with(b)));
        match (unit, bounded) {
            (true, _) => out.push(without(at, 2)),
            (false, true) => out.push(without(at, 1)),
            _ => {}
        }
    }
    out
}

/// The security level may never drop: every frequency a measure of the
/// bundled agreements and the valid fixtures promises ("täglich") and
/// every amount ("innerhalb von 24 Stunden", "nach 5 Fehlversuchen"),
/// in its text, its section's paragraphs or an explanation, taken out
/// alone, is flagged as a weakening that needs a justification.
#[test]
fn every_promise_taken_out_of_a_measure_is_a_weakening() {
    let mut cases = 0;
    let mut missed = Vec::new();
    for folder in folders() {
        let Some(json) = file_json(&folder, File::Tom) else { continue };
        let base = light(&folder);
        let before = entities(&base);
        let mut texts = Vec::new();
        visit(&json, String::new(), &mut |at, node| {
            // A measure's or an explanation's text, or a paragraph or list
            // entry of a section.
            let text = (at.contains("/measure/") || at.contains("/explanation/")) && at.ends_with("/text");
            let block = at.contains("/block/") && !at.contains("/title");
            if (text || block)
                && let Some(text) = node.as_str()
            {
                texts.push((at.to_owned(), text.to_owned()));
            }
        });
        for (at, text) in texts {
            for cut in promises_taken_out(&text) {
                let mut mutated = json.clone();
                *mutated.pointer_mut(&at).expect("the text") = Value::String(cut.clone());
                let Some(new) = with_file(&base, File::Tom, mutated) else { continue };
                let set = diff_prepared(Some((&base, &before)), (&new, &entities(&new)));
                cases += 1;
                // Flagged, and asked to be justified unless the fixture's
                // `[[justification]]` for that measure already is.
                let flagged = set.changes.iter().any(|c| {
                    c.flags.contains(&avv_core::diff::Flag::SecurityLevel)
                        && (c.flags.contains(&avv_core::diff::Flag::NeedsJustification) || c.justification.is_some())
                });
                if !flagged {
                    missed.push(format!("{} {at}:\n  {text}\n  {cut}", folder.id));
                }
            }
        }
    }
    assert!(missed.is_empty(), "{} of {cases} not flagged:\n{}", missed.len(), missed.join("\n"));
    assert!(cases >= 150, "only {cases} promises");
}
