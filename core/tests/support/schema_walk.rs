//! Walks the committed JSON Schemas of the four file kinds the way the
//! structural diff splits files into nodes ([`avv_core::diff::structure`]):
//! every field of the model as (namespace, shape). Shared by the label
//! table's completeness test and the diff's completeness test.

#![allow(dead_code)] // each test binary uses a different part

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// Array fields whose object elements are nodes of their own: the field
/// name, the node's namespace and the keys of its identity.
pub const NODES: &[(&str, &str, &[&str])] = &[
    ("clause", "clause", &["id"]),
    ("annex", "annex", &["id"]),
    ("party", "party", &["id"]),
    ("reference", "reference", &["id"]),
    ("placeholder", "placeholder", &["key"]),
    ("service", "service", &["id"]),
    ("signature", "signature", &["party"]),
    ("footnote", "footnote", &["id"]),
    ("item", "item", &["id"]),
    ("purposes", "item", &["id"]),
    ("data_categories", "item", &["id"]),
    ("data_subjects", "item", &["id"]),
    ("row", "version-row", &["version"]),
    ("changelog", "changelog", &["version"]),
    ("list", "list-entry", &["id"]),
    ("group", "group", &["id"]),
    ("note", "note", &["id"]),
    ("subprocessor", "subprocessor", &["id"]),
    ("site", "site", &["id"]),
    ("section", "section", &["id"]),
    ("measure", "measure", &["id"]),
    ("items", "measure", &["id"]),
    ("explanation", "explanation", &["id"]),
    ("retired", "retired", &["id"]),
    ("justification", "justification", &["target", "version"]),
];

/// The schema keywords the walk understands; any other fails the test
/// rather than hide fields from it.
const KEYWORDS: &[&str] = &[
    "$schema",
    "$defs",
    "$ref",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "type",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "anyOf",
    "oneOf",
    "allOf",
    "const",
    "enum",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
];

/// One concrete alternative of a schema, after following `$ref`,
/// `anyOf`, `oneOf` and `allOf`: the schema, the definitions entered on
/// the way, and whether one of them was already on the walk path.
struct Alternative<'a> {
    schema: &'a Map<String, Value>,
    stack: Vec<&'a str>,
    cycle: bool,
}

impl Alternative<'_> {
    fn is(&self, kind: &str) -> bool {
        match self.schema.get("type") {
            Some(Value::String(name)) => name == kind,
            Some(Value::Array(names)) => names.iter().any(|name| name == kind),
            _ => false,
        }
    }

    fn is_scalar(&self) -> bool {
        !self.is("object") && !self.is("array")
    }
}

/// Walks the schemas and collects every `(ns, shape)` pair.
struct Walk<'a> {
    defs: &'a Map<String, Value>,
    found: BTreeSet<(&'static str, String)>,
    /// Fields whose values are codes: (ns, shape, the code list's type name).
    codes: BTreeSet<(&'static str, String, String)>,
    /// The leaves among `found`: scalars and arrays of scalars.
    leaves: BTreeSet<(&'static str, String)>,
    /// For each leaf, the type (schema definition, or the file for a
    /// root's own fields) and property it is: `Block`/`p` wherever a block is.
    owners: std::collections::BTreeMap<(&'static str, String), (String, String)>,
}

impl<'a> Walk<'a> {
    fn alternatives(&self, schema: &'a Value, stack: &[&'a str], cycle: bool, out: &mut Vec<Alternative<'a>>) {
        let Some(map) = schema.as_object() else { return };
        for keyword in map.keys() {
            assert!(KEYWORDS.contains(&keyword.as_str()), "the label walk does not understand `{keyword}`");
        }
        if let Some(reference) = map.get("$ref") {
            let reference = reference.as_str().expect("$ref is a string");
            let name = reference.strip_prefix("#/$defs/").unwrap_or_else(|| panic!("cannot follow $ref {reference}"));
            let target = self.defs.get(name).unwrap_or_else(|| panic!("no definition {name}"));
            let mut inner = stack.to_vec();
            inner.push(name);
            self.alternatives(target, &inner, cycle || stack.contains(&name), out);
        }
        for keyword in ["anyOf", "oneOf", "allOf"] {
            for alternative in map.get(keyword).and_then(Value::as_array).into_iter().flatten() {
                self.alternatives(alternative, stack, cycle, out);
            }
        }
        if ["type", "properties", "items", "additionalProperties", "const", "enum"].iter().any(|k| map.contains_key(*k))
        {
            out.push(Alternative { schema: map, stack: stack.to_vec(), cycle });
        }
    }

    fn resolve(&self, schema: &'a Value, stack: &[&'a str], cycle: bool) -> Vec<Alternative<'a>> {
        let mut out = Vec::new();
        self.alternatives(schema, stack, cycle, &mut out);
        out
    }

    /// Records `path` and walks below it.
    fn walk(&mut self, schema: &'a Value, ns: &'static str, path: &[String], stack: &[&'a str]) {
        if !path.is_empty() {
            self.found.insert((ns, path.join("/")));
            let alternatives = self.resolve(schema, stack, false);
            let scalar_array = |a: &Alternative<'a>| {
                a.is("array")
                    && a.schema.get("items").is_some_and(|items| {
                        let elements = self.resolve(items, &a.stack, false);
                        !elements.is_empty() && elements.iter().all(Alternative::is_scalar)
                    })
            };
            if !alternatives.is_empty() && alternatives.iter().all(|a| a.is_scalar() || scalar_array(a)) {
                self.leaves.insert((ns, path.join("/")));
            }
        }
        for alternative in self.resolve(schema, stack, false) {
            self.code(&alternative, ns, path);
            if alternative.cycle {
                continue;
            }
            self.properties(alternative.schema, ns, path, &alternative.stack);
            if let Some(values) = alternative.schema.get("additionalProperties").filter(|v| v.is_object()) {
                let mut inner = path.to_vec();
                if inner.last().is_none_or(|last| last != "**") {
                    inner.push("**".to_owned());
                }
                self.walk(values, ns, &inner, &alternative.stack);
            }
            if let Some(items) = alternative.schema.get("items") {
                // An array of scalars is one leaf.
                let elements = self.resolve(items, &alternative.stack, false);
                for element in &elements {
                    self.code(element, ns, path);
                }
                if elements.is_empty() || !elements.iter().all(Alternative::is_scalar) {
                    let mut inner = path.to_vec();
                    inner.push("*".to_owned());
                    self.walk(items, ns, &inner, &alternative.stack);
                }
            }
        }
    }

    /// Records a field whose value is one of the codes of a code list.
    fn code(&mut self, alternative: &Alternative<'a>, ns: &'static str, path: &[String]) {
        if alternative.schema.contains_key("const")
            && let Some(list) = alternative.stack.last()
        {
            self.codes.insert((ns, path.join("/"), (*list).to_owned()));
        }
    }

    fn properties(&mut self, schema: &'a Map<String, Value>, ns: &'static str, path: &[String], stack: &[&'a str]) {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else { return };
        for (name, property) in properties {
            if !self.nodes(name, property, stack) {
                let mut inner = path.to_vec();
                inner.push(name.clone());
                self.walk(property, ns, &inner, stack);
                let key = (ns, inner.join("/"));
                if self.leaves.contains(&key) {
                    let owner = stack.last().map_or_else(|| ns.to_owned(), |def| (*def).to_owned());
                    self.owners.entry(key).or_insert((owner, name.clone()));
                }
            }
        }
    }

    /// Walks the object elements of a node array as nodes of their
    /// namespace; true when every element is one (else the array is a
    /// field of the enclosing node too: strings in a list, list entries
    /// without an id).
    fn nodes(&mut self, name: &str, property: &'a Value, stack: &[&'a str]) -> bool {
        let Some(&(_, ns, identity)) = NODES.iter().find(|(field, _, _)| *field == name) else { return false };
        let (mut node, mut inline) = (false, false);
        for array in self.resolve(property, stack, false) {
            let Some(items) = array.schema.get("items").filter(|_| array.is("array")) else {
                inline = true;
                continue;
            };
            for element in self.resolve(items, &array.stack, array.cycle) {
                if !element.is("object") {
                    inline = true;
                    continue;
                }
                node = true;
                let required = element.schema.get("required").and_then(Value::as_array);
                if !identity.iter().all(|key| required.is_some_and(|keys| keys.iter().any(|k| k == key))) {
                    inline = true;
                }
                if !element.cycle {
                    self.properties(element.schema, ns, &[], &element.stack);
                }
            }
        }
        node && !inline
    }
}

/// Every `(ns, shape)` pair of the four file kinds' committed schemas,
/// and the fields among them whose values are codes.
#[allow(clippy::type_complexity)]
pub fn schema_walk() -> (BTreeSet<(&'static str, String)>, BTreeSet<(&'static str, String, String)>) {
    let (found, codes, _) = schema_walk_with_leaves();
    (found, codes)
}

/// The leaves of the model: each (ns, shape) with the type and property it is.
pub type Leaves = std::collections::BTreeMap<(&'static str, String), (String, String)>;

/// [`schema_walk`], and the leaves among the fields with their owners.
#[allow(clippy::type_complexity)]
pub fn schema_walk_with_leaves() -> (BTreeSet<(&'static str, String)>, BTreeSet<(&'static str, String, String)>, Leaves)
{
    let mut found = BTreeSet::new();
    let mut codes = BTreeSet::new();
    let mut leaves = Leaves::new();
    for kind in ["agreement", "tom", "subprocessors", "customer"] {
        let path = format!("{}/../schema/{kind}.schema.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let empty = Map::new();
        let defs = schema.get("$defs").and_then(Value::as_object).unwrap_or(&empty);
        let mut walk = Walk {
            defs,
            found: BTreeSet::new(),
            codes: BTreeSet::new(),
            leaves: BTreeSet::new(),
            owners: Leaves::new(),
        };
        walk.walk(&schema, kind, &[], &[]);
        found.append(&mut walk.found);
        codes.append(&mut walk.codes);
        leaves.append(&mut walk.owners);
    }
    (found, codes, leaves)
}
