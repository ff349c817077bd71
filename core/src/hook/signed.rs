//! A customer instance recorded as signed is the record of a contract the
//! customer signed: what its contract prints (the version signed, the
//! customer's values, choices and particulars) changes only with a new
//! signature. Without this, a commit could add „Patienten“ to the data
//! subjects of a contract signed in 2018 and the record would show it as
//! signed so.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::{Folder, Parsed};
use crate::model::codes::InstanceStatus;
use crate::model::customer::CustomerFile;
use crate::model::primitives::Date;

/// What an instance records besides the contract's text: its state, its
/// publication, its contacts, where letters go and the signature itself.
/// Every other value is printed in the contract (`/instance/version`
/// chooses its text).
const NOT_SIGNED_TEXT: &[&str] =
    &["/instance/status", "/instance/publish", "/instance/contract_date", "/contact", "/mailing", "/signing"];

/// Whether an instance records a contract the customer signed.
fn signed(file: &CustomerFile) -> bool {
    matches!(file.instance.status, InstanceStatus::Signed | InstanceStatus::Terminated)
}

/// The day the customer signed: the signature's date, else the contract's.
fn signed_on(file: &CustomerFile) -> Option<Date> {
    file.signing.as_ref().and_then(|s| s.date).or(file.instance.contract_date)
}

/// The pointers of the values the contract prints that differ between
/// `before` and `after`, outermost first (`/particulars/data_subjects`).
pub fn signed_text_changes(before: &CustomerFile, after: &CustomerFile) -> Vec<String> {
    let (Ok(before), Ok(after)) = (serde_json::to_value(before), serde_json::to_value(after)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    differences(&before, &after, String::new(), &mut out);
    out
}

fn differences(before: &Value, after: &Value, pointer: String, out: &mut Vec<String>) {
    if NOT_SIGNED_TEXT.contains(&pointer.as_str()) || before == after {
        return;
    }
    match (before, after) {
        (Value::Object(old), Value::Object(new)) => {
            let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                differences(old.get(key).unwrap_or(&Value::Null), new.get(key).unwrap_or(&Value::Null), child, out);
            }
        }
        _ => out.push(pointer),
    }
}

/// What to do about a signed contract whose printed values `changed`.
fn help(changed: &[String]) -> String {
    let mut help = "a signed contract changes only by a new signature: record it (`[signing] date` and `place` of the new signature), or set `status = \"sent\"` while the change waits for it".to_owned();
    // A move is the common reason to edit a signed customer's values, and
    // needs no new signature: the letters need the new address.
    if changed.iter().any(|pointer| pointer.starts_with("/values")) {
        help.push_str("; a customer who moved keeps the address it signed with: write the new one into `[mailing] address = [\"…\"]`, where letters go");
    }
    help
}

/// The records of contracts in force (`signed`) that `staged` deletes: a
/// contract that ends is `terminated` first, its record deleted once it
/// need not be kept. Kept under another file name (see
/// [`earlier_records`]) is no deletion.
fn deleted_findings(head: &Folder, pairs: &[Pair<'_>]) -> Vec<Diagnostic> {
    let kept: HashSet<&std::path::Path> = pairs.iter().map(|(before, _)| before.path.as_path()).collect();
    let mut out = Vec::new();
    for before in &head.customers {
        let old = &before.value;
        if old.instance.status != InstanceStatus::Signed || kept.contains(before.path.as_path()) {
            continue;
        }
        let when = signed_on(old).map(|d| format!(" on {d}")).unwrap_or_default();
        out.push(
            Diagnostic::new(
                Code::SignedContractDeleted,
                &before.path,
                crate::diagnostic::Anchor::File,
                format!(
                    "the record of the contract customer `{}` signed{when} is deleted while it is in force (`status = \"signed\"`): its contract is no longer built",
                    crate::render::document::instance_id(&before.path)
                ),
            )
            .with_help(
                "when a contract ends, set `status = \"terminated\"` (its contract is still built); delete the record once it need not be kept any more",
            ),
        );
    }
    out
}

/// A customer record before a change and after it.
type Pair<'a> = (&'a Parsed<CustomerFile>, &'a Parsed<CustomerFile>);

/// Each record of `staged` with its earlier self in `head`: the record of
/// its file name, else (renamed, `git mv`) a record whose file name is gone
/// with the same [`identity`]; two gone records alike are taken for
/// neither. A renamed record is the same contract: renaming it neither
/// opens it to changes nor deletes it. Maps and sets, not a search per
/// record: a folder may hold thousands, and this runs in the pre-commit
/// hook.
fn earlier_records<'a>(head: &'a Folder, staged: &'a Folder) -> Vec<Pair<'a>> {
    let earlier: HashMap<&OsStr, &Parsed<CustomerFile>> =
        head.customers.iter().filter_map(|c| Some((c.path.file_name()?, &**c))).collect();
    let names: HashSet<&OsStr> = staged.customers.iter().filter_map(|c| c.path.file_name()).collect();
    let mut renamed: HashMap<String, Option<&Parsed<CustomerFile>>> = HashMap::new();
    for before in &head.customers {
        if before.path.file_name().is_some_and(|name| !names.contains(name))
            && let Some(key) = identity(&before.value)
        {
            renamed.entry(key).and_modify(|found| *found = None).or_insert(Some(&**before));
        }
    }
    staged
        .customers
        .iter()
        .filter_map(|after| {
            let before = match after.path.file_name().and_then(|name| earlier.get(name)) {
                Some(before) => *before,
                None => identity(&after.value).and_then(|key| renamed.get(&key).copied().flatten())?,
            };
            Some((before, &**after))
        })
        .collect()
}

/// What tells a customer's record from the others under another file
/// name: its customer number, else its signature (place and day).
fn identity(file: &CustomerFile) -> Option<String> {
    if let Some(number) = &file.instance.customer_number {
        return Some(format!("number {number}"));
    }
    let signing = file.signing.as_ref()?;
    Some(format!("signed {} in {}", signing.date?, signing.place.as_deref()?))
}

/// The signed contracts of `head` whose printed values `staged` changes
/// while it still records them as signed, with no later signature.
pub fn signed_findings(head: &Folder, staged: &Folder) -> Vec<Diagnostic> {
    changed_findings(&earlier_records(head, staged))
}

/// Every signed-contract finding of a change from `head` to `staged`: the
/// contracts changed without a new signature and the records deleted
/// while in force, the records paired once.
pub fn findings(head: &Folder, staged: &Folder) -> Vec<Diagnostic> {
    let pairs = earlier_records(head, staged);
    let mut out = changed_findings(&pairs);
    out.extend(deleted_findings(head, &pairs));
    out
}

/// [`signed_findings`] of records already paired.
fn changed_findings(pairs: &[Pair<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for &(before, after) in pairs {
        let (old, new) = (&before.value, &after.value);
        // Unchanged, as most instances of a commit are: nothing to serialise.
        if old == new || !signed(old) || !signed(new) {
            continue;
        }
        let resigned = match (signed_on(old), signed_on(new)) {
            (Some(then), Some(now)) => now > then,
            (None, now) => now.is_some(),
            (Some(_), None) => false,
        };
        if resigned {
            continue;
        }
        let changed = signed_text_changes(old, new);
        let Some(first) = changed.first() else { continue };
        let what = changed.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
        let when = signed_on(old).map(|d| format!(" on {d}")).unwrap_or_default();
        // A value removed has no place in the staged file: its parent has.
        let mut pointer = first.as_str();
        while after.tree.pointer(pointer).is_none() {
            pointer = match pointer.rsplit_once('/') {
                Some((parent, _)) if !parent.is_empty() => parent,
                _ => "/instance",
            };
            if pointer == "/instance" {
                break;
            }
        }
        out.push(
            Diagnostic::at(
                Code::SignedContractChanged,
                &after.path,
                pointer,
                format!(
                    "the contract customer `{}` signed{when} changes ({what}), but the instance still records it as signed, with no later signature",
                    crate::render::document::instance_id(&after.path)
                ),
            )
            .with_help(help(&changed)),
        );
    }
    out
}
