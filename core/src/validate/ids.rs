//! Identity: every id unique within its folder, the folder named after its
//! agreement, printed numbers distinct among siblings.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;

use super::walk;
use crate::diagnostic::{Anchor, Code, Diagnostic};
use crate::load::{Folder, MainFile, Node, Object};

/// What kind of node an id names, from where it stands in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A clause of the body or a free annex.
    Clause,
    /// A free annex or the TOM annex.
    Annex,
    /// A list entry.
    ListEntry,
    /// A choice.
    Choice,
    /// An external document.
    Reference,
    /// A party.
    Party,
    /// A purpose, data category or data subject.
    ParticularsItem,
    /// A service.
    Service,
    /// A footnote.
    Footnote,
    /// A site.
    Site,
    /// A TOM section.
    Section,
    /// A TOM measure.
    Measure,
    /// An explanation.
    Explanation,
    /// The sub-processor list.
    List,
    /// A sub-processor group.
    Group,
    /// A note.
    Note,
    /// A sub-processor.
    Subprocessor,
}

impl IdKind {
    fn from_parent(parent: &str, pointer: &walk::Pointer<'_>) -> Option<IdKind> {
        Some(match parent {
            "clause" => IdKind::Clause,
            "annex" => IdKind::Annex,
            "list" if pointer.is_root_field("list") => IdKind::List,
            "list" => IdKind::ListEntry,
            "reference" => IdKind::Reference,
            "party" => IdKind::Party,
            "item" => IdKind::ParticularsItem,
            "service" => IdKind::Service,
            "footnote" => IdKind::Footnote,
            "site" => IdKind::Site,
            "section" => IdKind::Section,
            "measure" | "items" => IdKind::Measure,
            "explanation" => IdKind::Explanation,
            "group" => IdKind::Group,
            "note" => IdKind::Note,
            "subprocessor" => IdKind::Subprocessor,
            _ => return None,
        })
    }

    /// The kind's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            IdKind::Clause => "clause",
            IdKind::Annex => "annex",
            IdKind::ListEntry => "list entry",
            IdKind::Choice => "choice",
            IdKind::Reference => "reference",
            IdKind::Party => "party",
            IdKind::ParticularsItem => "particulars item",
            IdKind::Service => "service",
            IdKind::Footnote => "footnote",
            IdKind::Site => "site",
            IdKind::Section => "section",
            IdKind::Measure => "measure",
            IdKind::Explanation => "explanation",
            IdKind::List => "sub-processor list",
            IdKind::Group => "group",
            IdKind::Note => "note",
            IdKind::Subprocessor => "sub-processor",
        }
    }
}

/// `noun` with its indefinite article: "a clause", "an annex".
pub fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {noun}")
}

/// Where an id is defined.
#[derive(Debug, Clone)]
pub struct IdSite<'a> {
    /// Kind of node.
    pub kind: IdKind,
    /// The file.
    pub file: &'a Path,
    /// The file's tree.
    root: &'a Node,
    /// The object holding the id, in `root`.
    node: &'a Object,
    /// The field holding the id: `id`, or `choice` for a choice block.
    field: &'static str,
}

/// The JSON pointers of the ids at `sites`, in order. Only findings need
/// them, so a site keeps its node and the paths are found again by address,
/// in one walk per file however many sites there are: a folder has hundreds
/// of ids, and storing each path cost an allocation apiece.
pub fn pointers(sites: &[&IdSite<'_>]) -> Vec<String> {
    let mut out = vec![String::new(); sites.len()];
    let mut wanted: HashMap<*const Object, Vec<usize>> = HashMap::new();
    let mut roots: Vec<&Node> = Vec::new();
    for (i, site) in sites.iter().enumerate() {
        wanted.entry(std::ptr::from_ref(site.node)).or_default().push(i);
        if !roots.iter().any(|root| std::ptr::eq(*root, site.root)) {
            roots.push(site.root);
        }
    }
    for root in roots {
        walk::objects(root, &mut |pointer, _, object| {
            for &i in wanted.get(&std::ptr::from_ref(object)).into_iter().flatten() {
                out[i] = pointer.join(&format!("/{}", sites[i].field));
            }
        });
    }
    out
}

/// All ids of a folder. The ids and paths borrow from the folder's files:
/// a folder has thousands, and most are only looked up.
#[derive(Debug, Default)]
pub struct IdIndex<'a> {
    /// First definition of every id.
    pub sites: HashMap<&'a str, IdSite<'a>, foldhash::fast::RandomState>,
}

impl IdIndex<'_> {
    /// The kind of `id`, if defined.
    pub fn kind(&self, id: &str) -> Option<IdKind> {
        self.sites.get(id).map(|site| site.kind)
    }

    /// Whether `id` is defined with one of `kinds`.
    pub fn is(&self, id: &str, kinds: &[IdKind]) -> bool {
        self.kind(id).is_some_and(|k| kinds.contains(&k))
    }

    /// Ids of the given kinds, for "did you mean" hints.
    pub fn of_kind<'a>(&'a self, kinds: &'a [IdKind]) -> impl Iterator<Item = &'a str> + 'a {
        self.sites.iter().filter(move |(_, s)| kinds.contains(&s.kind)).map(|(id, _)| *id)
    }
}

/// Builds the index and reports duplicates.
pub fn index<'a>(folder: &'a Folder, out: &mut Vec<Diagnostic>) -> IdIndex<'a> {
    // A folder has hundreds of ids: room for them up front saves rehashing
    // the table as it grows.
    let mut index = IdIndex { sites: HashMap::with_capacity_and_hasher(512, Default::default()) };
    let mut duplicates = Vec::new();
    for MainFile { path: file, tree, .. } in folder.main_files().into_iter().flatten() {
        let site = |kind, object, field| IdSite { kind, file, root: tree, node: object, field };
        walk::objects(tree, &mut |pointer, parent, object| {
            // Tombstones reserve ids; choice options are scoped to their choice.
            if pointer.under("retired") || parent == "option" || parent == "justification" {
                return;
            }
            let [id, choice, option] = object.fields(["id", "choice", "option"]);
            // A choice block has options; `choice` elsewhere (duration, dpo) refers to one.
            if let Some(choice) = choice.and_then(Node::as_str).filter(|_| option.is_some()) {
                add(&mut index, &mut duplicates, choice, site(IdKind::Choice, object, "choice"), pointer);
            }
            let Some(id) = id.and_then(Node::as_str) else { return };
            if let Some(kind) = IdKind::from_parent(parent, pointer) {
                add(&mut index, &mut duplicates, id, site(kind, object, "id"), pointer);
            }
        });
    }
    report(duplicates, out);
    index
}

/// A second definition of an id, reported once the first's path is known.
struct Duplicate<'a> {
    id: &'a str,
    first: IdSite<'a>,
    site: IdSite<'a>,
    pointer: String,
}

fn add<'a>(
    index: &mut IdIndex<'a>,
    duplicates: &mut Vec<Duplicate<'a>>,
    id: &'a str,
    site: IdSite<'a>,
    node: &walk::Pointer<'a>,
) {
    match index.sites.entry(id) {
        Entry::Occupied(first) => {
            let pointer = node.join(&format!("/{}", site.field));
            duplicates.push(Duplicate { id, first: first.get().clone(), site, pointer });
        }
        Entry::Vacant(slot) => {
            slot.insert(site);
        }
    }
}

fn report(duplicates: Vec<Duplicate<'_>>, out: &mut Vec<Diagnostic>) {
    // A choice block used again is the same decision printed in another
    // place (one choice, "DS-GVO or Verordnung 2018/1725", drives several
    // sentences): allowed when it offers the same options.
    let (shared, duplicates): (Vec<_>, Vec<_>) =
        duplicates.into_iter().partition(|d| d.first.kind == IdKind::Choice && d.site.kind == IdKind::Choice);
    shared_choices(shared, out);
    let firsts: Vec<&IdSite<'_>> = duplicates.iter().map(|d| &d.first).collect();
    let first_pointers = pointers(&firsts);
    for (Duplicate { id, first, site, pointer }, first_pointer) in duplicates.into_iter().zip(first_pointers) {
        out.push(
            Diagnostic::at(Code::DuplicateId, site.file, pointer, format!("id `{id}` is already used by {} in this agreement", with_article(first.kind.name())))
                .with_label(first.file, Anchor::Pointer { pointer: first_pointer, key: false }, "first used here")
                .with_help("ids are unique across the whole agreement folder; give this node its own id (and keep the old one where it was)"),
        );
    }
}

/// The option ids of a choice block and whether it takes several.
pub(super) fn options_of<'a>(site: &IdSite<'a>) -> (Vec<&'a str>, bool) {
    let [option, select] = site.node.fields(["option", "select"]);
    let ids = option
        .and_then(Node::as_array)
        .map(|options| options.iter().filter_map(|o| o.get("id").and_then(Node::as_str)).collect())
        .unwrap_or_default();
    (ids, select.and_then(Node::as_str) == Some("any"))
}

/// Every place of a shared choice must offer the first place's options
/// (in any order) with the same `select`: the customer decides once.
fn shared_choices(shared: Vec<Duplicate<'_>>, out: &mut Vec<Diagnostic>) {
    let differing: Vec<Duplicate<'_>> = shared
        .into_iter()
        .filter(|d| {
            let ((mut first, first_any), (mut again, again_any)) = (options_of(&d.first), options_of(&d.site));
            first.sort_unstable();
            again.sort_unstable();
            first != again || first_any != again_any
        })
        .collect();
    let firsts: Vec<&IdSite<'_>> = differing.iter().map(|d| &d.first).collect();
    let first_pointers = pointers(&firsts);
    for (Duplicate { id, first, site, pointer }, first_pointer) in differing.into_iter().zip(first_pointers) {
        let ((first_ids, first_any), (ids, any)) = (options_of(&first), options_of(&site));
        let list = |ids: &[&str]| ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ");
        let message = if first_ids.len() == ids.len() && first_ids.iter().all(|i| ids.contains(i)) && first_any != any {
            format!("choice `{id}` is used again with another `select`")
        } else {
            format!("choice `{id}` is used again with other options: {} instead of {}", list(&ids), list(&first_ids))
        };
        out.push(
            Diagnostic::at(Code::ChoiceOptionsDiffer, site.file, pointer, message)
                .with_label(first.file, Anchor::Pointer { pointer: first_pointer, key: false }, "first offered here")
                .with_help(format!(
                    "a choice used in several places is one decision: offer the same options ({}) in every place, or give this choice its own id",
                    list(&first_ids)
                )),
        );
    }
}

/// `meta.id` must equal the folder name.
pub fn folder_id(folder: &Folder, out: &mut Vec<Diagnostic>) {
    let Some(agreement) = &folder.agreement else { return };
    let id = agreement.value.meta.id.as_str();
    if !folder.id.is_empty() && id != folder.id {
        out.push(
            Diagnostic::at(
                Code::FolderIdMismatch,
                &agreement.path,
                "/meta/id",
                format!("`meta.id` is `{id}` but the folder is named `{}`", folder.id),
            )
            .with_help(if crate::model::primitives::is_kebab_id(&folder.id) {
                format!("rename the folder to `{id}` or set `id = \"{}\"`", folder.id)
            } else {
                // The folder's name is no id: only the rename helps.
                format!("rename the folder to `{id}`")
            }),
        );
    }
}

/// Siblings (clauses, sections) printing the same number.
pub fn display_numbers(folder: &Folder, out: &mut Vec<Diagnostic>) {
    // Clauses and sections, the numbered siblings, live in these two.
    let [agreement, tom, _] = folder.main_files();
    for MainFile { path: file, tree, .. } in [agreement, tom].into_iter().flatten() {
        walk::objects(tree, &mut |pointer, _, object| {
            for (key, children) in ["clause", "section"].into_iter().zip(object.fields(["clause", "section"])) {
                let Some(children) = children.and_then(Node::as_array) else { continue };
                // Sibling lists are short: a scan beats hashing every number.
                let mut seen: Vec<(&str, usize)> = Vec::new();
                for (i, child) in children.iter().enumerate() {
                    let Some(num) = child.get("num").and_then(Node::as_str) else { continue };
                    if num.chars().all(|c| !c.is_alphanumeric()) {
                        continue;
                    }
                    let first = seen.iter().rev().find(|(seen, _)| *seen == num).map(|&(_, first)| first);
                    seen.push((num, i));
                    if let Some(first) = first {
                        out.push(
                            Diagnostic::at(Code::DuplicateDisplayNumber, file, format!("{pointer}/{key}/{i}/num"), format!("number `{num}` is printed twice among these siblings"))
                                .with_label(file, Anchor::Pointer { pointer: format!("{pointer}/{key}/{first}/num"), key: false }, "also printed here")
                                .with_help("renumber one of them, or add `allow = [{ rule = \"duplicate-display-number\", reason = \"…\" }]` where the source document has this defect"),
                        );
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site<'a>(root: &'a Node, at: &str, field: &'static str) -> IdSite<'a> {
        let node = root.pointer(at).and_then(Node::as_object).expect("an object");
        IdSite { kind: IdKind::Clause, file: Path::new("f.toml"), root, node, field }
    }

    #[test]
    fn pointers_are_found_for_every_site_in_each_file() {
        let agreement = Node::from(&serde_json::json!({"clause": [{"id": "a"}, {"id": "b", "clause": [{"id": "c"}]}]}));
        let tom = Node::from(&serde_json::json!({"section": [{"id": "s", "choice": "w", "option": []}]}));
        let sites = [
            site(&agreement, "/clause/1/clause/0", "id"),
            site(&tom, "/section/0", "choice"),
            site(&agreement, "/clause/0", "id"),
            site(&tom, "/section/0", "id"),
        ];
        let refs: Vec<&IdSite<'_>> = sites.iter().collect();
        assert_eq!(pointers(&refs), ["/clause/1/clause/0/id", "/section/0/choice", "/clause/0/id", "/section/0/id"]);
        assert!(pointers(&[]).is_empty());
    }
}

#[cfg(test)]
mod article_tests {
    use super::*;

    #[test]
    fn every_kind_reads_with_its_article() {
        assert_eq!(with_article(IdKind::Annex.name()), "an annex");
        assert_eq!(with_article(IdKind::Explanation.name()), "an explanation");
        assert_eq!(with_article(IdKind::Clause.name()), "a clause");
        assert_eq!(with_article(IdKind::Subprocessor.name()), "a sub-processor");
    }
}
