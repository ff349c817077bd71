//! The Synopse: a redline of two versions for legal teams and customers.
//! Changed text shows deletions and insertions, unchanged stretches are
//! collapsed to their numbers, and a summary of the classified changes
//! comes first.

use serde::Serialize;

use super::inline::{Flavor, escape};
use crate::diff::{ChangeSet, Entities, EntityKind, Op, entities};
use crate::load::Folder;

/// One row of the redline.
#[derive(Debug, Clone, Serialize)]
pub struct SynopsisItem {
    /// `unchanged`, `changed`, `added` or `removed`.
    pub state: &'static str,
    /// The document ("AVV", "TOM").
    pub doc: String,
    /// Reference numbers: one, or "first – last" for collapsed stretches.
    pub reference: String,
    /// Display name (escaped).
    pub label: String,
    /// How many entities a collapsed stretch holds.
    pub count: usize,
    /// The redline as segments (escaped text), for changed, added and removed items.
    pub segments: Vec<SynopsisSegment>,
    /// The change's classification in German.
    pub kind: String,
    /// The change's flags in German.
    pub flags: Vec<String>,
}

/// A piece of redline text.
#[derive(Debug, Clone, Serialize)]
pub struct SynopsisSegment {
    /// `equal`, `insert` or `delete`.
    pub op: &'static str,
    /// The text (escaped).
    pub text: String,
}

/// Everything the Synopse template receives.
#[derive(Debug, Clone, Serialize)]
pub struct SynopsisView {
    /// Output format: `html` or `typ`.
    pub format: &'static str,
    /// The agreement id.
    pub agreement: String,
    /// The title (escaped).
    pub title: String,
    /// The document's title in its metadata ("Synopse pcvisit 1.7 → 1.8"):
    /// for typst escaped as the inside of a string literal (it lands in
    /// `#set document(title: "…")`), for HTML as text.
    pub document_title: String,
    /// The earlier version.
    pub from: String,
    /// The later version.
    pub to: String,
    /// The change texts (escaped).
    pub summary: Vec<String>,
    /// The kinds of change (German).
    pub kinds: String,
    /// Changes customers must be told about (escaped phrases).
    pub notices: Vec<String>,
    /// Changes touching the security level (escaped phrases).
    pub security: Vec<String>,
    /// The redline, in document order.
    pub items: Vec<SynopsisItem>,
    /// The small print line (escaped).
    pub trace: String,
}

/// Entity kinds shown in the redline (the rest is metadata).
fn shown(kind: EntityKind) -> bool {
    !matches!(kind, EntityKind::Placeholder | EntityKind::Site | EntityKind::Subprocessing | EntityKind::Group)
}

/// Builds the Synopse view of `changes` between `old` and `new`.
pub fn build(old: &Folder, new: &Folder, changes: &ChangeSet, flavor: Flavor, trace: &str) -> SynopsisView {
    let esc = |s: &str| escape(s, flavor);
    let before: Entities = entities(old);
    let after: Entities = entities(new);
    let mut ordered: Vec<(usize, usize, &crate::diff::Entity, bool)> =
        after.by_id.values().filter(|e| shown(e.kind)).map(|e| (doc_rank(&e.doc, &after), e.order, e, false)).collect();
    // Removed entities keep the place they had.
    for e in before.by_id.values().filter(|e| shown(e.kind) && !after.by_id.contains_key(&e.id)) {
        ordered.push((doc_rank(&e.doc, &before), e.order, e, true));
    }
    ordered.sort_by_key(|(rank, order, _, removed)| (*rank, *order, *removed));

    let published: Vec<&crate::diff::Change> = changes.document_changes().collect();
    let mut told = vec![false; published.len()];
    let mut items: Vec<SynopsisItem> = Vec::new();
    // Changes of the document as a whole (title, particulars, instructions)
    // and of parts without a place in the redline come first.
    let placed = |change: &crate::diff::Change| {
        after.by_id.get(&change.id).or_else(|| before.by_id.get(&change.id)).is_some_and(|e| shown(e.kind))
    };
    for (index, change) in published.iter().enumerate() {
        if !placed(change) && matches!(change.op, Op::Added | Op::Removed | Op::Changed) {
            told[index] = true;
            items.push(item(change, &esc));
        }
    }
    for (_, _, entity, removed) in ordered {
        let found = published
            .iter()
            .enumerate()
            .filter(|(i, c)| !told[*i] && c.id == entity.id && matches!(c.op, Op::Added | Op::Removed | Op::Changed))
            .map(|(i, _)| i)
            .collect::<Vec<_>>();
        if !found.is_empty() {
            for index in found {
                told[index] = true;
                items.push(item(published[index], &esc));
            }
            continue;
        }
        if removed {
            continue;
        }
        match items.last_mut() {
            Some(last) if last.state == "unchanged" && last.doc == entity.doc => {
                last.count += 1;
                if !entity.reference.is_empty() {
                    let first = last.reference.split(" – ").next().unwrap_or("").to_owned();
                    last.reference = if first.is_empty() {
                        entity.reference.clone()
                    } else if first == entity.reference {
                        first
                    } else {
                        format!("{first} – {}", entity.reference)
                    };
                }
            }
            _ => items.push(SynopsisItem {
                state: "unchanged",
                doc: esc(&entity.doc),
                reference: entity.reference.clone(),
                label: String::new(),
                count: 1,
                segments: Vec::new(),
                kind: String::new(),
                flags: Vec::new(),
            }),
        }
    }
    let phrases = |flag: crate::diff::Flag| -> Vec<String> {
        changes.changes.iter().filter(|c| c.flags.contains(&flag)).map(|c| esc(&c.phrase)).collect()
    };
    SynopsisView {
        format: if flavor == Flavor::Html { "html" } else { "typ" },
        agreement: changes.agreement.clone(),
        title: esc(&new.agreement.as_ref().map(|a| a.value.meta.title.clone()).unwrap_or_default()),
        document_title: {
            let raw =
                format!("Synopse {} {} → {}", changes.agreement, changes.from.as_deref().unwrap_or(""), changes.to);
            if flavor == Flavor::Typst { super::inline::typst_string(&raw) } else { esc(&raw) }
        },
        from: esc(changes.from.as_deref().unwrap_or("")),
        to: esc(&changes.to),
        summary: changes.lines.iter().map(|l| esc(l)).collect(),
        kinds: changes.kinds_de(),
        notices: [phrases(crate::diff::Flag::Art28Notice), phrases(crate::diff::Flag::Art28Consent)].concat(),
        security: phrases(crate::diff::Flag::SecurityLevel),
        items,
        trace: esc(trace),
    }
}

/// The redline item of one change.
fn item(change: &crate::diff::Change, esc: &dyn Fn(&str) -> String) -> SynopsisItem {
    let segments = match change.op {
        Op::Added => vec![SynopsisSegment { op: "insert", text: esc(change.new.as_deref().unwrap_or("").trim()) }],
        Op::Removed => vec![SynopsisSegment { op: "delete", text: esc(change.old.as_deref().unwrap_or("").trim()) }],
        _ if change.words.is_empty() => change
            .facts
            .iter()
            .flat_map(|f| {
                [
                    SynopsisSegment { op: "equal", text: esc(&format!("{}: ", f.label)) },
                    SynopsisSegment { op: "delete", text: esc(&f.old) },
                    SynopsisSegment { op: "insert", text: esc(&f.new) },
                    SynopsisSegment { op: "equal", text: " ".into() },
                ]
            })
            .collect(),
        _ => change.words.iter().map(|s| SynopsisSegment { op: s.op, text: esc(&s.text) }).collect(),
    };
    SynopsisItem {
        state: match change.op {
            Op::Added => "added",
            Op::Removed => "removed",
            _ => "changed",
        },
        doc: esc(&change.doc),
        reference: esc(&change.reference),
        label: esc(if change.label.is_empty() { &change.phrase } else { &change.label }),
        count: 1,
        segments,
        kind: change.kind_de.to_owned(),
        flags: change.flags.iter().map(|f| f.label_de().to_owned()).collect(),
    }
}

fn doc_rank(doc: &str, entities: &Entities) -> usize {
    if doc == entities.doc {
        0
    } else if doc == entities.tom_doc {
        2
    } else {
        1
    }
}

/// Renders the Synopse between `old` and `new` as HTML, or as typst source
/// for the PDF engine (`flavor` = [`Flavor::Typst`]).
pub fn render_synopsis(
    templates: &super::Templates,
    old: &Folder,
    new: &Folder,
    flavor: Flavor,
    stamp: &super::Stamp,
) -> Result<String, super::RenderError> {
    let changes = crate::diff::diff(Some(old), new);
    let mut trace =
        format!("Synopse {} · Version {} → {}", changes.agreement, changes.from.as_deref().unwrap_or("?"), changes.to);
    if let Some(commit) = &stamp.commit {
        trace.push_str(&format!(" · erzeugt aus Commit {}", &commit[..commit.len().min(12)]));
    }
    trace.push_str(&format!(" · avv {}", env!("CARGO_PKG_VERSION")));
    let view = build(old, new, &changes, flavor, &trace);
    let name = if flavor == Flavor::Typst { "synopsis.typ.j2" } else { "synopsis.html.j2" };
    templates.render(name, &view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_folder;

    #[test]
    fn redline_marks_changes_and_escapes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dir = root.join("agreements/pcvisit");
        let old = load_folder(&dir, &root).folder;
        let mut new = old.clone();
        if let Some(list) = new.subprocessors_mut() {
            list.value.subprocessor[0].name = "<script>alert(1)</script> GmbH".into();
            list.value.subprocessor.remove(1);
        }
        let html = render_synopsis(&super::super::Templates::new(None), &old, &new, Flavor::Html, &Default::default())
            .unwrap();
        assert!(html.contains("&lt;script&gt;"), "data must be escaped");
        assert!(!html.contains("<script>alert"), "no injected markup");
        assert!(html.contains("<del>"), "{html}");
        assert!(html.contains("Wegfall Unterauftragnehmer Hetzner"), "summary lists the removal");
        assert!(html.contains("unverändert"), "unchanged stretches are collapsed");
    }
}
