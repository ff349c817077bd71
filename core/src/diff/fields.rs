//! The changes no semantic classifier claimed. Every structural difference
//! ([`super::structure`]) is either part of a semantic change (a clause's
//! text, a sub-processor's country, a measure removed) or reported here, on
//! its own, with the German label of its field: so the change record misses
//! nothing, whatever field a version changes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::entities::{Entities, Entity, EntityKind};
use super::labels::field_label;
use super::structure::{Difference, FlatNode, display, matches, shape};
use super::words::{is_formal, word_diff};
use super::{Change, FactChange, Flag, Op, Part, Scope};
use crate::model::codes::ChangeKind;

/// What a change record needs to know about the versions compared.
pub(super) struct Context<'a> {
    /// The earlier version's entities.
    pub before: &'a Entities,
    /// The later version's entities.
    pub after: &'a Entities,
    /// The semantic changes found so far.
    pub changes: &'a [Change],
    /// Whether `meta.version` changed.
    pub version_changed: bool,
    /// Whether the TOM annex's own version changed.
    pub tom_version_changed: bool,
    /// Whether the sub-processor list's own version changed.
    pub list_version_changed: bool,
}

/// One unclaimed value change, with what is known of its field.
struct Field<'a> {
    path: &'a str,
    old: Option<&'a Value>,
    new: Option<&'a Value>,
}

/// Every difference no change in `context.changes` claims, as changes.
pub(super) fn unclaimed(differences: &[Difference], context: &Context<'_>) -> Vec<Change> {
    let by_id: HashMap<&str, Vec<&Change>> = context.changes.iter().fold(HashMap::new(), |mut map, change| {
        map.entry(change.id.as_str()).or_default().push(change);
        map
    });
    let added: BTreeSet<&str> = differences
        .iter()
        .filter_map(|d| match d {
            Difference::Added { node } => Some(node.as_str()),
            _ => None,
        })
        .collect();
    let removed: BTreeSet<&str> = differences
        .iter()
        .filter_map(|d| match d {
            Difference::Removed { node } => Some(node.as_str()),
            _ => None,
        })
        .collect();

    let mut out = Vec::new();
    // Leaves grouped by node and scope, in node order.
    let mut groups: BTreeMap<(&str, Scope), Vec<Field<'_>>> = BTreeMap::new();
    for difference in differences {
        match difference {
            Difference::Leaf { node, path, old, new } => {
                if leaf_claimed(node, path, context, &by_id) {
                    continue;
                }
                let Some(flat) = node_of(node, context) else { continue };
                let scope = scope_of(flat, path, context);
                groups.entry((node.as_str(), scope)).or_default().push(Field {
                    path,
                    old: old.as_ref(),
                    new: new.as_ref(),
                });
            }
            Difference::Added { node } => {
                if node_claimed(node, Op::Added, context, &by_id, &added) {
                    continue;
                }
                if let Some(change) = whole_node(node, Op::Added, context) {
                    out.push(change);
                }
            }
            Difference::Removed { node } => {
                if node_claimed(node, Op::Removed, context, &by_id, &removed) {
                    continue;
                }
                if let Some(change) = whole_node(node, Op::Removed, context) {
                    out.push(change);
                }
            }
            Difference::Moved { node } => {
                let entity_moved = entities_on(node, context)
                    .any(|e| by_id.get(e.id.as_str()).is_some_and(|cs| cs.iter().any(|c| c.op == Op::Moved)));
                let parent_gone = |flat: &crate::diff::Entities| {
                    flat.flat
                        .nodes
                        .get(node)
                        .and_then(|n| n.parent.as_deref())
                        .is_some_and(|p| added.contains(p) || removed.contains(p))
                };
                if entity_moved || parent_gone(context.after) || parent_gone(context.before) {
                    continue;
                }
                if let Some(change) = moved(node, context) {
                    out.push(change);
                }
            }
            Difference::Reordered { parent, path } => {
                if let Some(change) = reordered(parent, path, context) {
                    out.push(change);
                }
            }
        }
    }
    for ((node, scope), fields) in groups {
        // Values of one node printed in different places (the DPO's phone
        // in its annex, the processing region in the particulars) are
        // changes of their own, each placed where it prints.
        let mut places: Vec<(String, Vec<Field<'_>>)> = Vec::new();
        for field in fields {
            let place = place_of(node, field.path, context);
            match places.iter_mut().find(|(p, _)| *p == place) {
                Some((_, same)) => same.push(field),
                None => places.push((place, vec![field])),
            }
        }
        for (_, fields) in places {
            if let Some(change) = leaf_change(node, scope, &fields, context) {
                out.push(change);
            }
        }
    }
    out
}

/// The node in the later version, else in the earlier.
fn node_of<'a>(key: &str, context: &'a Context<'_>) -> Option<&'a FlatNode> {
    context.after.flat.nodes.get(key).or_else(|| context.before.flat.nodes.get(key))
}

/// The entities built on a node, in the later version, then the earlier.
fn entities_on<'a>(node: &'a str, context: &'a Context<'_>) -> impl Iterator<Item = &'a Entity> + 'a {
    [context.after, context.before]
        .into_iter()
        .flat_map(move |side| side.by_node.get(node).into_iter().flatten().filter_map(move |id| side.by_id.get(id)))
}

/// The entity that names a node in change texts (the first built on it).
fn entity_of<'a>(node: &'a str, context: &'a Context<'_>) -> Option<&'a Entity> {
    entities_on(node, context)
        .find(|e| !matches!(e.kind, EntityKind::Cover | EntityKind::Preamble | EntityKind::Subprocessing))
}

fn leaf_claimed(node: &str, path: &str, context: &Context<'_>, by_id: &HashMap<&str, Vec<&Change>>) -> bool {
    entities_on(node, context).any(|entity| {
        by_id.get(entity.id.as_str()).is_some_and(|changes| {
            changes.iter().any(|change| match change.op {
                Op::Changed | Op::Added | Op::Removed => entity.fields.iter().any(|p| matches(p, path)),
                // A move's line names the old and the new number.
                Op::Renumbered | Op::Moved => path == "num" || path == "ref",
            })
        })
    })
}

/// Whether a node that appeared (`op` = added) or disappeared is told by a
/// semantic change: its own entity's, an enclosing node's, or the removal
/// of the measure a `[[retired]]` record or `[[justification]]` explains.
fn node_claimed(
    node: &str,
    op: Op,
    context: &Context<'_>,
    by_id: &HashMap<&str, Vec<&Change>>,
    same: &BTreeSet<&str>,
) -> bool {
    let told =
        |id: &str, wanted: &dyn Fn(&Change) -> bool| by_id.get(id).is_some_and(|cs| cs.iter().any(|c| wanted(c)));
    if entities_on(node, context).any(|e| told(&e.id, &|c: &Change| c.op == op)) {
        return true;
    }
    // A sub-processor replaced by another: the replacement tells it.
    if let Some(id) = node.strip_prefix("subprocessor:")
        && context.changes.iter().any(|c| c.facts.iter().any(|f| f.fact == "replaces" && f.old == id))
    {
        return true;
    }
    // The record of a removed measure comes with its removal, and goes when
    // the measure comes back.
    if let Some(id) = node.strip_prefix("retired:")
        && told(id, &|c: &Change| c.op == if op == Op::Added { Op::Removed } else { Op::Added })
    {
        return true;
    }
    // A file that comes or goes with content: its content's changes tell it.
    if matches!(node, "agreement" | "tom" | "subprocessors") {
        let side = if op == Op::Added { context.after } else { context.before };
        if side.by_node.keys().any(|key| key != node && side.flat.nodes.get(key).is_some_and(|n| n.file == node)) {
            return true;
        }
    }
    if let Some(rest) = node.strip_prefix("justification:")
        && let Some((target, _)) = rest.split_once('@')
        && told(target, &|c: &Change| c.flags.contains(&Flag::SecurityLevel))
    {
        return true;
    }
    // Inside a node that came or went as a whole, which is reported.
    let side = if op == Op::Added { context.after } else { context.before };
    let mut parent = side.flat.nodes.get(node).and_then(|n| n.parent.as_deref());
    while let Some(key) = parent {
        if same.contains(key) {
            return true;
        }
        parent = side.flat.nodes.get(key).and_then(|n| n.parent.as_deref());
    }
    false
}

/// The embed target that prints an `instructions/…` value, if any: the
/// authorised persons and the recipients can be printed, the channels and
/// the retention never are.
fn instructions_embed(path: &str) -> Option<&'static str> {
    match path.split('/').nth(1) {
        Some("recipients") => Some("instructions.recipients"),
        Some("authorised") => Some("instructions.authorised"),
        _ => None,
    }
}

/// Which record a value belongs to: see [`Scope`].
fn scope_of(node: &FlatNode, path: &str, context: &Context<'_>) -> Scope {
    if node.file.starts_with("customer:") {
        return Scope::Instance;
    }
    let segments: Vec<&str> = path.split('/').collect();
    if segments.contains(&"allow") || path == "schema_version" {
        return Scope::Internal;
    }
    match (node.ns, node.file.as_str(), path) {
        // An entity renamed (`super::renames`): its id is never printed.
        (ns, _, "id") if ns != "root" => Scope::Internal,
        ("changelog", _, _) => Scope::Version,
        ("root", "agreement", "meta/id" | "meta/previous_ids") => Scope::Internal,
        ("root", "agreement", "meta/version" | "meta/status" | "meta/status_label") => Scope::Version,
        ("root", "agreement", "meta/date") if context.version_changed => Scope::Version,
        ("root", "tom", "annex/version") => Scope::Version,
        ("root", "tom", "annex/date") if context.tom_version_changed || context.version_changed => Scope::Version,
        ("root", "subprocessors", "list/version") => Scope::Version,
        ("root", "subprocessors", "list/date") if context.list_version_changed || context.version_changed => {
            Scope::Version
        }
        // Instructions are printed only where a clause embeds them; the
        // channels never are (validation reads them). A change there
        // changes no published text.
        ("root", "agreement", _) if segments.first() == Some(&"instructions") => {
            let Some(embed) = instructions_embed(path) else { return Scope::Internal };
            let printed = |side: &crate::diff::Entities| side.embeds.contains_key(embed);
            if printed(context.before) || printed(context.after) { Scope::Document } else { Scope::Internal }
        }
        _ => Scope::Document,
    }
}

/// The namespace a node's label table is keyed by: the file for a root.
fn label_ns(node: &FlatNode) -> &str {
    match node.ns {
        "root" if node.file.starts_with("customer:") => "customer",
        "root" => node.file.as_str(),
        ns => ns,
    }
}

/// The German label of a value's field.
pub(super) fn label_of(node: &FlatNode, path: &str) -> String {
    let shaped = shape(path);
    field_label(label_ns(node), &shaped).map_or_else(
        || {
            // Unreachable for fields of the model (a test holds every schema
            // path to a label); a plain fallback for anything else.
            shaped.split('/').rfind(|s| *s != "*").unwrap_or(path).replace('_', " ")
        },
        str::to_owned,
    )
}

/// The flags a changed value raises by its field.
fn flags_of(node: &FlatNode, field: &Field<'_>, flags: &mut Vec<Flag>) {
    let path = field.path;
    let mut raise = |flag: Flag| {
        if !flags.contains(&flag) {
            flags.push(flag);
        }
    };
    match (node.ns, node.file.as_str()) {
        ("root", "agreement") => {
            if path.starts_with("particulars/") {
                raise(Flag::Particulars);
                if path == "particulars/processing_region" && widens_region(field.old, field.new) {
                    raise(Flag::ChapterV);
                }
            } else if path.starts_with("meta/") || path.starts_with("body/") || path.starts_with("cover/") {
                if !matches!(path, "meta/responsible" | "meta/label" | "meta/date_style" | "meta/language") {
                    raise(Flag::ContractChange);
                }
            } else if !path.starts_with("history/") {
                raise(Flag::ContractChange);
            }
        }
        ("party", _) => raise(Flag::PartyChange),
        ("clause" | "list-entry", _) => {
            raise(Flag::ContractChange);
            if path == "covers" {
                raise(Flag::Art28Content);
            }
        }
        ("item", _) => raise(Flag::Particulars),
        ("subprocessor", _) if path.starts_with("safeguards/") || path.starts_with("processing/") => {
            raise(Flag::ChapterV);
        }
        ("measure", _) if matches!(path, "responsible" | "condition" | "statement") || path.starts_with("scope") => {
            raise(Flag::SecurityLevel);
        }
        _ => {}
    }
}

/// Whether a processing region moved from inside the EEA to a wider one.
fn widens_region(old: Option<&Value>, new: Option<&Value>) -> bool {
    let inside = |v: Option<&Value>| matches!(v.and_then(Value::as_str), Some("de" | "eu" | "eea"));
    inside(old) && !inside(new)
}

/// Whether a text holds a blank: a `{{ placeholder }}`, an underscore line
/// or an italic drafting note such as `*Name*`.
fn is_blank(text: &str) -> bool {
    let trimmed = text.trim();
    trimmed.is_empty()
        || trimmed.contains("{{")
        || trimmed.contains("___")
        || (trimmed.starts_with('*') && trimmed.ends_with('*') && !trimmed.starts_with("**"))
        || trimmed.chars().all(|c| matches!(c, '_' | '.' | '…' | ' '))
}

fn kind_of(fields: &[Field<'_>]) -> ChangeKind {
    let absent = |v: Option<&Value>| v.is_none() || v.is_some_and(|v| display(Some(v)).is_empty());
    if fields.iter().all(|f| absent(f.old)) {
        return ChangeKind::Addition;
    }
    if fields.iter().all(|f| absent(f.new)) {
        return ChangeKind::Removal;
    }
    let formal = fields.iter().all(|f| match (f.old, f.new) {
        (Some(Value::String(a)), Some(Value::String(b))) => !is_blank(a) && is_formal(a, b),
        _ => false,
    });
    if formal { ChangeKind::Formal } else { ChangeKind::Update }
}

fn verb(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Addition => "Ergänzung",
        ChangeKind::Removal => "Wegfall",
        ChangeKind::Formal => "formale Korrektur",
        _ => "Aktualisierung",
    }
}

/// Several changed values of one place: each with its old and new value
/// where they are short enough to quote and the only value under their
/// label, else by label.
fn several(facts: &[FactChange], labels: &[String]) -> String {
    let mut quoted = false;
    let parts: Vec<String> = labels
        .iter()
        .map(|label| {
            let same: Vec<&FactChange> = facts.iter().filter(|f| f.label == *label).collect();
            let text = match same.as_slice() {
                [fact] if fact.old.is_empty() && quotable(&fact.new) => Some(format!("{label} neu: „{}“", fact.new)),
                [fact] if fact.new.is_empty() && quotable(&fact.old) => {
                    Some(format!("{label} entfällt (bisher „{}“)", fact.old))
                }
                [fact] if quotable(&fact.old) && quotable(&fact.new) => {
                    Some(format!("{label} „{}“ statt „{}“", fact.new, fact.old))
                }
                _ => None,
            };
            quoted |= text.is_some();
            text.unwrap_or_else(|| label.clone())
        })
        .collect();
    // Values may hold commas: quoted parts are set apart by semicolons.
    parts.join(if quoted { "; " } else { ", " })
}

/// A value short enough to quote in a change text.
fn quotable(value: &str) -> bool {
    !value.is_empty() && value.chars().count() <= 60 && !value.contains('\n')
}

fn leaf_change(node: &str, scope: Scope, fields: &[Field<'_>], context: &Context<'_>) -> Option<Change> {
    let flat = node_of(node, context)?;
    let kind = kind_of(fields);
    let mut facts = Vec::new();
    let mut flags = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    for field in fields {
        let label = label_of(flat, field.path);
        if !labels.contains(&label) {
            labels.push(label.clone());
        }
        flags_of(flat, field, &mut flags);
        let (old, new) = match (flat.ns, field.path) {
            // A sub-processor's group by the title the list prints, not its id.
            ("subprocessor", "group") => {
                (group_title(context.before, field.old), group_title(context.after, field.new))
            }
            // Sub-processors by the names the list prints, not their ids.
            (_, path) if path.rsplit('/').next().is_some_and(|last| matches!(last, "provided_by" | "replaces")) => (
                named(context.before, field.old, EntityKind::Subprocessor),
                named(context.after, field.new, EntityKind::Subprocessor),
            ),
            // A clause by where it stands („Punkt 6 AVV“), not its id.
            (_, path) if path.rsplit('/').next().is_some_and(|last| matches!(last, "placed_in" | "clause")) => (
                named(context.before, field.old, EntityKind::Clause),
                named(context.after, field.new, EntityKind::Clause),
            ),
            _ => (value_de(flat, field.path, field.old), value_de(flat, field.path, field.new)),
        };
        facts.push(FactChange { fact: field.path.to_owned(), label, old, new });
    }
    if scope != Scope::Document {
        flags.clear();
    }
    let place = place_of(node, fields.first().map_or("", |f| f.path), context);
    let what = match facts.as_slice() {
        // A customer's values are personal data: a change text, which
        // pull-request comments and summaries print, names the fields only
        // (the values stay in the change's facts, for the processor's tools).
        _ if scope == Scope::Instance => labels.join(", "),
        [fact] if kind == ChangeKind::Addition && quotable(&fact.new) => format!("{} „{}“", fact.label, fact.new),
        [fact] if kind == ChangeKind::Removal && quotable(&fact.old) => format!("{} („{}“)", fact.label, fact.old),
        [fact] if quotable(&fact.old) && quotable(&fact.new) => {
            format!("{} „{}“ statt „{}“", fact.label, fact.new, fact.old)
        }
        _ => several(&facts, &labels),
    };
    let mut phrase = format!("{} {place}: {what}", verb(kind));
    // A clause's lock is said as what it means for its text.
    if let [Field { path: "locked", old, new }] = fields
        && flat.ns == "clause"
    {
        let locked = |value: &Option<&Value>| matches!(value, Some(Value::Bool(true)));
        match (locked(old), locked(new)) {
            (true, false) => phrase = format!("Aufhebung der Sperre {place}: Text nicht mehr unveränderlich"),
            (false, true) => phrase = format!("Sperre {place}: Text fortan unveränderlich"),
            _ => {}
        }
    }
    let (old, new, words) = match (fields, facts.as_slice()) {
        // A code or id is compared as the words the reader sees
        // („technische Maßnahme“, not `technical`).
        ([Field { old: Some(Value::String(a)), new: Some(Value::String(b)), .. }], [fact])
            if fact.old != *a || fact.new != *b =>
        {
            (Some(fact.old.clone()), Some(fact.new.clone()), word_diff(&fact.old, &fact.new))
        }
        ([Field { old: Some(Value::String(a)), new: Some(Value::String(b)), .. }], _) => {
            (Some(a.clone()), Some(b.clone()), word_diff(a, b))
        }
        _ => (None, None, Vec::new()),
    };
    let entity = entity_of(node, context);
    let mut change = described(flat, entity, Op::Changed, kind, context);
    change.flags = flags;
    change.old = old;
    change.new = new;
    change.words = words;
    change.facts = facts;
    change.scope = scope;
    change.phrase = phrase;
    Some(change)
}

/// A change of `flat`, placed and named by its semantic entity where it has
/// one, else by its own values.
fn described(flat: &FlatNode, entity: Option<&Entity>, op: Op, kind: ChangeKind, context: &Context<'_>) -> Change {
    let mut change = Change::bare(
        entity.map_or_else(|| kind_for(flat), |e| e.kind),
        entity.map_or_else(|| flat.id.clone(), |e| e.id.clone()),
        op,
        kind,
        Part::of_file(&flat.file),
    );
    change.doc = entity.map_or_else(|| doc_for(flat, context), |e| e.doc.clone());
    change.reference = entity.map(|e| e.reference.clone()).unwrap_or_default();
    change.label = entity.map_or_else(|| node_label(flat), |e| e.label.clone());
    if flat.file.starts_with("customer:") {
        change.scope = Scope::Instance;
    }
    change
}

/// The title of the group with the id `value` (the id where it has none).
fn group_title(entities: &Entities, value: Option<&Value>) -> String {
    let id = display(value);
    match entities.by_id.get(&id) {
        Some(group) if group.kind == EntityKind::Group && !group.label.is_empty() => group.label.clone(),
        _ => id,
    }
}

/// A value as a change text prints it: codes by their German label where
/// the value is a code of the model.
fn value_de(node: &FlatNode, path: &str, value: Option<&Value>) -> String {
    let shaped = shape(path);
    let one = |value: &Value| {
        let text = display(Some(value));
        // A date as a German reader writes it: „01.07.2018“, not „2018-07-01“.
        if text.len() == 10
            && let Some(date) = crate::model::Date::parse(&text)
        {
            return crate::model::numbering::german_date(date, crate::model::codes::DateStyle::Numeric);
        }
        super::labels::code_label(label_ns(node), &shaped, &text).map_or(text, str::to_owned)
    };
    match value {
        Some(Value::Array(items)) => items.iter().map(one).collect::<Vec<_>>().join(", "),
        Some(value) => one(value),
        None => String::new(),
    }
}

/// Ids (one, or an array) of nodes of `kind` as a reader knows them: a
/// sub-processor by the name the list prints, a clause by its place
/// („Punkt 6 AVV“); an id the version does not have stays as it is.
fn named(side: &crate::diff::Entities, value: Option<&Value>, kind: EntityKind) -> String {
    let name = |id: &str| {
        side.by_id.get(id).filter(|e| e.kind == kind).map_or_else(
            || id.to_owned(),
            |e| if kind == EntityKind::Clause { entity_place(e, side) } else { e.label.clone() },
        )
    };
    match value {
        Some(Value::Array(items)) => items.iter().map(|i| name(&display(Some(i)))).collect::<Vec<_>>().join(", "),
        Some(value) => name(&display(Some(value))),
        None => String::new(),
    }
}

/// The entity kind of a node no semantic entity describes.
fn kind_for(node: &FlatNode) -> EntityKind {
    match node.ns {
        "root" if node.file.starts_with("customer:") => EntityKind::Instance,
        "root" => EntityKind::Document,
        "reference" => EntityKind::Reference,
        "retired" => EntityKind::Retired,
        "justification" => EntityKind::Justification,
        "version-row" => EntityKind::VersionRow,
        "changelog" => EntityKind::Changelog,
        _ if node.file.starts_with("customer:") => EntityKind::Instance,
        _ => EntityKind::Element,
    }
}

/// The document a node without a semantic entity is in.
fn doc_for(node: &FlatNode, context: &Context<'_>) -> String {
    let entities = context.after;
    match node.file.as_str() {
        "tom" => entities.tom_doc.clone(),
        "subprocessors" => entities.list_place.0.clone(),
        _ => entities.doc.clone(),
    }
}

/// A name for a node without a semantic entity, from its own values.
fn node_label(node: &FlatNode) -> String {
    if node.ns == "root" {
        return String::new();
    }
    for key in ["label", "title", "name", "heading", "text", "version"] {
        if let Some(value) = node.leaves.get(key) {
            let text = display(Some(value));
            if !text.is_empty() {
                return super::entities::first_words(&text, 8);
            }
        }
    }
    node.id.clone()
}

/// Where a change is, as change texts name it: "AVV", "Punkt 2.2 AVV",
/// "Unterauftragnehmer Auth0", "TOM 3.2.1: Sicherheitsverglasung".
pub(super) fn place_of(node: &str, path: &str, context: &Context<'_>) -> String {
    if let Some(entity) = entity_of(node, context) {
        return place_between(entity, context.before, context.after);
    }
    let Some(flat) = node_of(node, context) else { return context.after.doc.clone() };
    let doc = doc_for(flat, context);
    match (flat.ns, flat.file.as_str()) {
        ("root", "agreement") => {
            let embed = match path.split('/').next().unwrap_or("") {
                "instructions" => instructions_embed(path),
                "dpo" => Some("dpo"),
                "history" => Some("history"),
                _ => None,
            };
            embed.map_or(doc, |embed| context.after.embed_place(embed))
        }
        ("root", "tom") => doc,
        ("root", "subprocessors") => {
            let (list_doc, reference) = &context.after.list_place;
            if reference.is_empty() {
                format!("Unterauftragnehmerliste ({list_doc})")
            } else {
                format!("Unterauftragnehmerliste (Punkt {reference} {list_doc})")
            }
        }
        ("root", file) => format!("Kundenvertrag {}", file.trim_start_matches("customer:")),
        ("reference", _) => format!("Referenzdokument „{}“ ({doc})", node_label(flat)),
        ("retired", _) => format!("{doc}: entfernte Maßnahme „{}“", node_label(flat)),
        ("justification", _) => format!("{doc}: Begründung zu „{}“", flat.id.split('@').next().unwrap_or("")),
        ("version-row", _) => format!("Versionshistorie {doc}, Version {}", flat.id),
        ("changelog", _) => format!("Änderungsvermerk zu Version {}", flat.id),
        _ if flat.file.starts_with("customer:") => {
            format!("Kundenvertrag {}", flat.file.trim_start_matches("customer:").split('/').next().unwrap_or(""))
        }
        _ => format!("{doc}: „{}“", node_label(flat)),
    }
}

/// An entity's place in change texts, naming it alone: where another
/// entity of `all` would be named alike (three blanks labelled
/// „E-Mail-Adresse“, a measure of the same words under each service, the
/// unnumbered entries of one clause), the name says which: by the section
/// or clause it is in, by its own words, or by its key.
pub(super) fn entity_place(entity: &Entity, all: &Entities) -> String {
    let (base, qualifier) = place_parts(entity, all);
    base + &qualifier
}

/// [`entity_place`] as its two parts: the place as the entity's kind names
/// it, and what tells it apart from entities named alike (" (Leistung
/// „E-Mail“)"), or "".
fn place_parts(entity: &Entity, all: &Entities) -> (String, String) {
    let base = base_place(entity, all);
    // A place is made of the kind, document, number and name: entities
    // that share neither number nor name are named apart (checked first,
    // since a history names thousands of changes).
    let rivals: Vec<&Entity> = all
        .by_id
        .values()
        .filter(|other| other.id != entity.id && (other.label == entity.label || other.reference == entity.reference))
        .filter(|other| base_place(other, all) == base)
        .collect();
    if rivals.is_empty() {
        return (base, String::new());
    }
    let by_parent = |e: &Entity| e.parent.as_ref().and_then(|p| all.by_id.get(p)).map(|p| p.label.clone());
    let by_words = |e: &Entity| Some(e.label.clone()).filter(|label| !base.contains(label.as_str()));
    let unique = [&by_parent as &dyn Fn(&Entity) -> Option<String>, &by_words].into_iter().find_map(|qualifier| {
        qualifier(entity)
            .filter(|mine| !mine.trim().is_empty())
            .filter(|mine| rivals.iter().all(|rival| qualifier(rival).as_ref() != Some(mine)))
    });
    let told = match unique {
        // A name that quotes already („Leistung „E-Mail““) is not quoted again.
        Some(mine) if mine.contains('„') => format!(" ({mine})"),
        Some(mine) => format!(" („{mine}“)"),
        None => format!(" ({})", entity.id.strip_prefix("placeholder:").unwrap_or(&entity.id)),
    };
    (base, told)
}

/// The place of `entity` in a change between two versions: as
/// [`entity_place`] names it in the later one (in the earlier one if it is
/// gone), and where the earlier one had to tell it apart from entities
/// named alike and the later one need not (its title changed), with the
/// earlier qualifier too, since its old name was not its own.
pub(super) fn place_between(entity: &Entity, before: &Entities, after: &Entities) -> String {
    let Some(new) = after.by_id.get(&entity.id) else { return entity_place(entity, before) };
    let (base, qualifier) = place_parts(new, after);
    match before.by_id.get(&entity.id) {
        Some(old) if qualifier.is_empty() => base + &place_parts(old, before).1,
        _ => base + &qualifier,
    }
}

/// What [`entity_place`] adds to an entity's place in `side` to tell it
/// apart from entities named alike there, or "".
pub(super) fn qualifier(entity: &Entity, side: &Entities) -> String {
    place_parts(entity, side).1
}

/// [`entity_place`] before it tells apart entities named alike.
fn base_place(entity: &Entity, all: &Entities) -> String {
    let at = |reference: &str, doc: &str| {
        if reference.is_empty() { doc.to_owned() } else { format!("Punkt {reference} {doc}") }
    };
    match entity.kind {
        EntityKind::Clause | EntityKind::ListEntry | EntityKind::Note => at(&entity.reference, &entity.doc),
        EntityKind::Section if entity.reference.is_empty() => format!("{} „{}“", entity.doc, entity.label),
        // A section without a number of its own prints under its parent's,
        // which its siblings share too: its title tells them apart.
        EntityKind::Section if shares_parent_number(entity, all) => {
            format!("{} {} „{}“", entity.doc, entity.reference, entity.label)
        }
        EntityKind::Section => format!("{} {}", entity.doc, entity.reference),
        EntityKind::Measure | EntityKind::Explanation if entity.reference.is_empty() => {
            format!("{}: {}", entity.doc, entity.label)
        }
        EntityKind::Measure | EntityKind::Explanation => {
            format!("{} {}: {}", entity.doc, entity.reference, entity.label)
        }
        EntityKind::Subprocessor => format!("Unterauftragnehmer {}", entity.label),
        EntityKind::Group => format!("Unterauftragnehmergruppe „{}“", entity.label),
        EntityKind::Party => format!("Vertragspartei {}", entity.label),
        EntityKind::Placeholder => format!("{}: Feld „{}“", entity.doc, entity.label),
        EntityKind::Signature => format!("Unterschrift {}", entity.label),
        EntityKind::Purpose | EntityKind::DataCategory | EntityKind::DataSubject => {
            format!(
                "{} „{}“ ({})",
                super::phrase::particulars_noun(entity.kind),
                entity.label,
                at(&entity.reference, &entity.doc)
            )
        }
        EntityKind::Service => format!("Leistung „{}“ ({})", entity.label, entity.doc),
        EntityKind::Footnote => format!("Fußnote „{}“ ({})", entity.label, entity.doc),
        EntityKind::Site => format!("Standort {} ({})", entity.label, entity.doc),
        EntityKind::Annex => entity.label.clone(),
        EntityKind::Cover => format!("Anschreiben ({})", entity.doc),
        EntityKind::Preamble => format!("{} ({})", entity.label, entity.doc),
        EntityKind::Subprocessing => format!("Regelung Unterauftragnehmer ({})", all.doc),
        _ => at(&entity.reference, &entity.doc),
    }
}

/// Whether a section's number is its parent section's (it has none of its own).
fn shares_parent_number(section: &Entity, all: &Entities) -> bool {
    let parent = section.parent.as_ref().and_then(|id| all.by_id.get(id));
    parent.is_some_and(|p| p.kind == EntityKind::Section && p.reference == section.reference)
}

/// A node that came or went and no semantic change tells of it.
fn whole_node(node: &str, op: Op, context: &Context<'_>) -> Option<Change> {
    let side = if op == Op::Added { context.after } else { context.before };
    let flat = side.flat.nodes.get(node)?;
    let kind = if op == Op::Added { ChangeKind::Addition } else { ChangeKind::Removal };
    let scope = if flat.file.starts_with("customer:") {
        Scope::Instance
    } else if flat.ns == "changelog" {
        Scope::Version
    } else {
        Scope::Document
    };
    let place = place_of(node, "", context);
    let entity = entity_of(node, context);
    let text = display(flat.leaves.get("text").or_else(|| flat.leaves.get("reason")));
    let mut change = described(flat, entity, op, kind, context);
    change.old = (op == Op::Removed && !text.is_empty()).then(|| text.clone());
    change.new = (op == Op::Added && !text.is_empty()).then_some(text);
    change.scope = scope;
    change.phrase = match (scope, flat.ns) {
        // A customer's whole contract, and a part of one: which is which.
        (Scope::Instance, "root") if op == Op::Added => format!("neuer {place}"),
        (Scope::Instance, "root") => format!("Wegfall {place}"),
        (Scope::Instance, _) => match member_of(node, side) {
            Some(what) => format!("{} {place}: {what}", verb(kind)),
            None => format!("{} {place}", verb(kind)),
        },
        _ => format!("{} {place}", verb(kind)),
    };
    Some(change)
}

/// The German name of the list a node is a member of ("Kategorien
/// betroffener Personen"), from the array that holds it.
fn member_of(node: &str, side: &crate::diff::Entities) -> Option<String> {
    // Only the arrays of its parent: a bulk change of ten thousand
    // instances must not scan every instance's arrays for each part.
    let parent = side.flat.nodes.get(node)?.parent.clone()?;
    let ((_, path), _) = side
        .flat
        .order
        .range((parent.clone(), String::new())..)
        .take_while(|((owner, _), _)| *owner == parent)
        .find(|(_, members)| members.iter().any(|m| m == node))?;
    let parent = side.flat.nodes.get(&parent)?;
    Some(order_label(path).map_or_else(|| label_of(parent, path), str::to_owned))
}

fn moved(node: &str, context: &Context<'_>) -> Option<Change> {
    let flat = context.after.flat.nodes.get(node)?;
    let place = place_of(node, "", context);
    let parent = flat.parent.as_deref().map(|p| place_of(p, "", context)).unwrap_or_default();
    let mut change = described(flat, None, Op::Moved, ChangeKind::Formal, context);
    change.phrase = format!("Verschiebung {place} nach {parent}");
    Some(change)
}

/// The German name of a list whose order changed, by its field: the field
/// holds the list, so the table of leaf labels has no row for it.
fn order_label(path: &str) -> Option<&'static str> {
    Some(match path.rsplit('/').next().unwrap_or(path) {
        "clause" => "Unterpunkte",
        "subprocessor" => "Unterauftragnehmer",
        "measure" => "Maßnahmen",
        "section" => "Abschnitte",
        "explanation" => "Erläuterungen",
        "item" | "items" | "list" => "Aufzählungspunkte",
        "block" => "Absätze",
        "party" => "Vertragsparteien",
        "signature" => "Unterschriften",
        "group" => "Gruppen",
        "note" => "Hinweise",
        "footnote" => "Fußnoten",
        "annex" => "Anlagen",
        "column" => "Spalten",
        "service" => "Leistungen",
        "reference" => "Verweise",
        "safeguards" => "Datenschutzmaßnahmen",
        "purposes" => "Zwecke der Verarbeitung",
        "data_categories" => "Datenkategorien",
        "data_subjects" => "Kategorien betroffener Personen",
        "retired" => "entfernte Maßnahmen",
        "justification" => "Begründungen",
        "row" => "Zeilen der Versionshistorie",
        "changelog" => "Änderungsvermerke",
        _ => return None,
    })
}

fn reordered<'a>(parent: &str, path: &str, context: &'a Context<'a>) -> Option<Change> {
    let flat = context.after.flat.nodes.get(parent)?;
    let place = place_of(parent, path, context);
    // The clauses of a document are its Punkte; inside a clause, its Unterpunkte.
    let what = match (flat.ns, path) {
        ("root", "clause") => "Punkte".to_owned(),
        _ => order_label(path).map_or_else(|| label_of(flat, path), str::to_owned),
    };
    let mut change = described(flat, entity_of(parent, context), Op::Changed, ChangeKind::Update, context);
    change.label = node_label(flat);
    change.id = flat.id.clone();
    // The members in each version's order, by the words they begin with:
    // numbers alone may read the same in both.
    let members = |side: &crate::diff::Entities| -> String {
        let key = (parent.to_owned(), path.to_owned());
        side.flat
            .order
            .get(&key)
            .into_iter()
            .flatten()
            .map(|member| {
                let label = side.flat.nodes.get(member).map(node_label).unwrap_or_default();
                format!("„{}“", if label.is_empty() { member.clone() } else { label })
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    change.facts = vec![FactChange {
        fact: format!("{path}/order"),
        label: format!("Reihenfolge: {what}"),
        old: members(context.before),
        new: members(context.after),
    }];
    // Which members moved: a few are named; many say only that the
    // order changed.
    let key = (parent.to_owned(), path.to_owned());
    let order = |side: &'a crate::diff::Entities| -> Vec<&'a str> {
        side.flat.order.get(&key).into_iter().flatten().map(String::as_str).collect()
    };
    let moved: Vec<String> = super::words::moved(&order(context.before), &order(context.after))
        .into_iter()
        .map(|member| {
            let label = context.after.flat.nodes.get(member).map(node_label).unwrap_or_default();
            format!("„{}“", if label.is_empty() { member.to_owned() } else { label })
        })
        .collect();
    change.phrase = match moved.len() {
        1..=3 => format!("Aktualisierung {place}: Reihenfolge ({what}), verschoben: {}", moved.join(", ")),
        _ => format!("Aktualisierung {place}: Reihenfolge ({what})"),
    };
    Some(change)
}
