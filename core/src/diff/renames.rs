//! Entities whose id alone changed between two versions.
//!
//! An id is never printed, but it is how the diff matches a clause, a
//! measure or a sub-processor across versions. Renamed with everything
//! else kept, an entity would read as one removed and another added: a
//! clause dropped from the contract, a measure removed without a
//! justification, a sub-processor to announce to every customer. Such a
//! pair is compared as one entity instead; the structural diff then sees
//! its `id` change alone, which is internal (nothing printed changes).

use std::collections::BTreeMap;

use serde_json::Value;

use super::entities::{Entities, Entity};
use super::structure::{Flat, FlatNode, node_key};
use crate::render::inline::links;

/// The identity leaf of the nodes whose renames are recognised.
const ID: &str = "id";

/// Old id to new id of every entity whose id alone changed: one only the
/// earlier version has and one only the later has, of the same kind, at
/// the same place, with every value of its node but the id the same and
/// its node in the same parent (renamed parents followed). A pair that is
/// not unique either way is left as a removal and an addition.
pub(super) fn renames(before: &Entities, after: &Entities) -> BTreeMap<String, String> {
    let gone: Vec<&Entity> =
        before.by_id.values().filter(|e| !after.by_id.contains_key(&e.id) && renamable(e, before)).collect();
    if gone.is_empty() {
        return BTreeMap::new();
    }
    let came: Vec<&Entity> =
        after.by_id.values().filter(|e| !before.by_id.contains_key(&e.id) && renamable(e, after)).collect();
    // An entity that names another renamed one (a sub-processor its
    // renamed group) differs in that name until the other's rename is
    // known: pairs are found again with the renames found so far, until
    // no more are (each round finds one more link of such a chain).
    let mut map = BTreeMap::new();
    for _ in 0..=gone.len().min(8) {
        let same = |old: &Entity, new: &Entity| same_but_id(old, before, new, after, &map);
        let mut found = BTreeMap::new();
        for old in &gone {
            // A `[[retired]]` record for the old id says it was removed.
            if after.flat.nodes.contains_key(&node_key("retired", &old.id)) {
                continue;
            }
            let mut matches = came.iter().filter(|new| same(old, new));
            if let (Some(new), None) = (matches.next(), matches.next())
                && gone.iter().filter(|other| same(other, new)).count() == 1
            {
                found.insert(old.id.clone(), new.id.clone());
            }
        }
        if found == map {
            break;
        }
        map = found;
    }
    // Each in its place: the parent it had, under its new name if renamed.
    // Dropping a pair can put another's parent out of place: until none is.
    loop {
        let misplaced: Vec<String> = map
            .iter()
            .filter(|(old, new)| {
                let parent = |side: &Entities, id: &str| {
                    side.by_id.get(id).and_then(|e| side.flat.nodes.get(&e.node)).and_then(|n| n.parent.clone())
                };
                parent(before, old).map(|p| renamed_key(&p, before, &map)) != parent(after, new)
            })
            .map(|(old, _)| old.clone())
            .collect();
        if misplaced.is_empty() {
            return map;
        }
        for old in misplaced {
            map.remove(&old);
        }
    }
}

/// Whether `entity` is the one entity on a node of its own identified by
/// its `id` (a clause, a measure, a sub-processor; not a file's root, not
/// a customer's), so that its node can take a new name.
fn renamable(entity: &Entity, side: &Entities) -> bool {
    let Some(node) = side.flat.nodes.get(&entity.node) else { return false };
    node.ns != "root"
        && !node.file.starts_with("customer:")
        && node.id == entity.id
        && entity.node == node_key(node.ns, &entity.id)
        && node.leaves.get(ID).and_then(|v| v.as_str()) == Some(entity.id.as_str())
        && side.by_node.get(&entity.node).is_some_and(|ids| ids.len() == 1)
}

/// Whether `old` and `new` differ in their id alone: what the diff
/// compares of them, and every value of their nodes, where a name of an
/// entity in `renames` may have followed its rename.
fn same_but_id(
    old: &Entity,
    before: &Entities,
    new: &Entity,
    after: &Entities,
    renames: &BTreeMap<String, String>,
) -> bool {
    let (Some(a), Some(b)) = (before.flat.nodes.get(&old.node), after.flat.nodes.get(&new.node)) else {
        return false;
    };
    let fact_same = |(fact, value): (&&'static str, &String)| {
        new.facts.get(fact).is_some_and(|later| later == value || renames.get(value) == Some(later))
    };
    old.kind == new.kind
        && old.doc == new.doc
        && old.reference == new.reference
        && relinked(&old.label, renames) == new.label
        && relinked(&old.text, renames) == new.text
        && old.facts.len() == new.facts.len()
        && old.facts.iter().all(fact_same)
        && old.covers == new.covers
        && old.locked == new.locked
        && a.ns == b.ns
        && a.file == b.file
        && a.leaves.len() == b.leaves.len()
        && a.leaves.iter().all(|(path, value)| {
            path == ID || b.leaves.get(path).is_some_and(|later| reference(value, Some(later), renames) == *later)
        })
}

/// The key a node of `side` has under `renames`: a renamed node's, and a
/// signature block's, which is keyed by the id of the party it is for.
fn renamed_key(key: &str, side: &Entities, renames: &BTreeMap<String, String>) -> String {
    match side.flat.nodes.get(key) {
        Some(node) if node.ns != "root" => match renames.get(&node.id) {
            Some(new) if key == node_key(node.ns, &node.id) => node_key(node.ns, new),
            _ => key.to_owned(),
        },
        _ => key.to_owned(),
    }
}

/// `text` with its links to renamed entities (`[Punkt 3](#alt)`) leading
/// to their new ids. The links are the ones the renderer prints
/// ([`links`]), so bracketed text that is no link stays as it is.
fn relinked(text: &str, renames: &BTreeMap<String, String>) -> String {
    if renames.is_empty() || !text.contains("](#") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    // The links come in order: each is found from where the last ended.
    let mut from = 0;
    for (markup, _, target) in links(text) {
        let Some(at) = text[from..].find(markup).map(|i| from + i) else { continue };
        let Some(new) = target.strip_prefix('#').and_then(|id| renames.get(id)) else { continue };
        // `[label](` kept, the target replaced.
        let end = at + markup.len();
        out.push_str(&text[from..end - target.len() - 1]);
        out.push('#');
        out.push_str(new);
        out.push(')');
        from = end;
    }
    out.push_str(&text[from..]);
    out
}

/// A value of the earlier version as the later one would write it after
/// the renames: a link to a renamed entity leads to its new id, and a
/// reference (`placed_in`, `group`, `target`), a value that is exactly a
/// renamed id, names its new id where the later version names that.
fn reference(value: &Value, later: Option<&Value>, renames: &BTreeMap<String, String>) -> Value {
    match value {
        Value::String(text) => match renames.get(text) {
            Some(new) if later.and_then(Value::as_str) == Some(new.as_str()) => Value::String(new.clone()),
            _ => Value::String(relinked(text, renames)),
        },
        Value::Array(items) => {
            let later = later.and_then(Value::as_array);
            let named = |new: &str| later.is_some_and(|l| l.iter().any(|v| v.as_str() == Some(new)));
            Value::Array(
                items
                    .iter()
                    .map(|item| match item.as_str() {
                        Some(text) => match renames.get(text) {
                            Some(new) if named(new) => Value::String(new.clone()),
                            _ => Value::String(relinked(text, renames)),
                        },
                        None => item.clone(),
                    })
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

/// `before` with every renamed entity and its node under its new id, and
/// every reference to them (parents, array members, links, fields naming
/// them) too, where `after` names them so. The node keeps its old `id`
/// value, so the structural diff reports the rename.
pub(super) fn renamed(before: &Entities, after: &Entities, renames: &BTreeMap<String, String>) -> Entities {
    let id = |id: &str| renames.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let key = |key: &str| renamed_key(key, before, renames);
    let by_id = before
        .by_id
        .values()
        .map(|entity| {
            let mut entity = entity.clone();
            let node = key(&entity.node);
            // An entity named by its node (a signature block by its
            // party's id: `signature:kunde`) follows its node.
            entity.id = if entity.id == entity.node { node.clone() } else { id(&entity.id) };
            entity.node = node;
            entity.parent = entity.parent.as_deref().map(id);
            entity.text = relinked(&entity.text, renames);
            entity.label = relinked(&entity.label, renames);
            let later = after.by_id.get(&entity.id);
            for (fact, value) in &mut entity.facts {
                if let Some(new) = renames.get(value.as_str())
                    && later.and_then(|l| l.facts.get(fact)) == Some(new)
                {
                    value.clone_from(new);
                }
            }
            (entity.id.clone(), entity)
        })
        .collect();
    let by_node = before
        .by_node
        .iter()
        .map(|(node, ids)| {
            let ids = ids.iter().map(|i| if i == node { key(node) } else { id(i) }).collect();
            (key(node), ids)
        })
        .collect();
    let nodes = before
        .flat
        .nodes
        .iter()
        .map(|(node_key, node)| {
            let new_key = key(node_key);
            let later = after.flat.nodes.get(&new_key);
            let leaves = node
                .leaves
                .iter()
                .map(|(path, value)| {
                    let value = if path == ID {
                        value.clone()
                    } else {
                        reference(value, later.and_then(|l| l.leaves.get(path)), renames)
                    };
                    (path.clone(), value)
                })
                .collect();
            let renamed = FlatNode {
                id: if new_key == *node_key { node.id.clone() } else { id(&node.id) },
                parent: node.parent.as_deref().map(key),
                leaves,
                ..node.clone()
            };
            (new_key, renamed)
        })
        .collect();
    let order = before
        .flat
        .order
        .iter()
        .map(|((parent, path), members)| ((key(parent), path.clone()), members.iter().map(|m| key(m)).collect()))
        .collect();
    Entities {
        by_id,
        by_node,
        flat: Flat { nodes, order },
        doc: before.doc.clone(),
        tom_doc: before.tom_doc.clone(),
        list_place: before.list_place.clone(),
        roles: before.roles.clone(),
        embeds: before.embeds.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_renamed_entities_lead_to_their_new_ids_and_nothing_else_changes() {
        let renames = BTreeMap::from([("alt".to_owned(), "neu".to_owned())]);
        assert_eq!(
            relinked("Siehe [Punkt 3](#alt), [Punkt 4](#andere) und [Punkt 3](#alt).", &renames),
            "Siehe [Punkt 3](#neu), [Punkt 4](#andere) und [Punkt 3](#neu)."
        );
        // No link: a footnote mark, a target with a blank, an external one.
        for text in ["[^alt](#alt)", "[x](#alt y)", "[x](https://example.org/#alt)", "ohne Verweis"] {
            assert_eq!(relinked(text, &renames), text);
        }
    }
}
