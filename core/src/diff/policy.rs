//! Changes of the repository's policy, `avv.toml`: no document prints it,
//! but a pull request that stops the hook from asking for new versions
//! must not pass unseen.

use serde_json::Value;

use super::structure::display;
use super::{Change, ChangeSet, EntityKind, Op, Part, Scope};
use crate::config::Config;
use crate::model::codes::ChangeKind;

/// The pseudo agreement id under which `avv diff` reports `avv.toml`.
pub const POLICY: &str = "avv.toml";

/// The German name of a setting of `avv.toml`.
fn label(path: &str) -> &'static str {
    match path {
        "schema_version" => "Formatversion",
        "hook/require_version_bump" => "neue Version für jede Änderung verlangt",
        "hook/require_justification" => "Begründung für entfernte oder abgeschwächte Maßnahmen verlangt",
        "hook/deny_warnings" => "Warnungen verhindern den Commit",
        "hook/require_canonical_format" => "einheitliches Format (avv fmt) verlangt",
        "hook/protect_locked_text" => "gesperrte Texte geschützt",
        "hook/protect_signed_contracts" => "unterschriebene Kundenverträge geschützt",
        _ => "Einstellung",
    }
}

/// The changes between two policies (`None` for a side without `avv.toml`,
/// which means the defaults), or `None` when nothing changed.
pub fn policy_changes(old: Option<&Config>, new: Option<&Config>) -> Option<ChangeSet> {
    let leaves = |config: Option<&Config>| {
        let value = serde_json::to_value(config.cloned().unwrap_or_default()).unwrap_or(Value::Null);
        let mut out = Vec::new();
        flatten(&value, String::new(), &mut out);
        out
    };
    let (before, after) = (leaves(old), leaves(new));
    let changes: Vec<Change> = after
        .iter()
        .filter_map(|(path, value)| {
            let previous = before.iter().find(|(p, _)| p == path).map(|(_, v)| v);
            (previous != Some(value)).then(|| {
                let (old, new) = (display(previous), display(Some(value)));
                let label = label(path);
                Change {
                    entity: EntityKind::Document,
                    id: path.clone(),
                    op: Op::Changed,
                    doc: POLICY.to_owned(),
                    reference: String::new(),
                    label: label.to_owned(),
                    kind: ChangeKind::Update,
                    kind_de: ChangeKind::Update.label_de(),
                    flags: Vec::new(),
                    old: Some(old.clone()),
                    new: Some(new.clone()),
                    words: Vec::new(),
                    facts: vec![super::FactChange {
                        fact: path.clone(),
                        label: label.to_owned(),
                        old: old.clone(),
                        new: new.clone(),
                    }],
                    justification: None,
                    scope: Scope::Internal,
                    file: Part::Agreement,
                    phrase: format!("Aktualisierung der Richtlinie ({POLICY}): {label} „{new}“ statt „{old}“"),
                }
            })
        })
        .collect();
    ChangeSet::of_repository(POLICY, changes)
}

fn flatten(value: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let inner = if path.is_empty() { key.clone() } else { format!("{path}/{key}") };
                flatten(child, inner, out);
            }
        }
        other => out.push((path, other.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_looser_policy_is_a_change() {
        let mut looser = Config::default();
        looser.hook.require_version_bump = false;
        let set = policy_changes(None, Some(&looser)).expect("a change");
        assert_eq!(
            set.lines,
            ["Aktualisierung der Richtlinie (avv.toml): neue Version für jede Änderung verlangt „nein“ statt „ja“"]
        );
        assert!(policy_changes(None, Some(&Config::default())).is_none(), "no file means the defaults");
    }
}
