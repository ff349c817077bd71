//! The sub-processor list prints somewhere: in the clause `placed_in`
//! names, as an annex of its own, or in the clauses that embed it. A list
//! that prints nowhere leaves the sub-processors out of every document
//! while the change record and the notices still speak of them.

use crate::diagnostic::{Code, Diagnostic};
use crate::load::Folder;
use crate::model::clause::{Block, Clause};
use crate::model::codes::{EmbedTarget, PartKind};
use crate::model::primitives::Id;
use crate::model::tom::Section;

use super::ids::{IdIndex, IdKind};

/// Where a block embeds the list: the clauses around it, innermost last,
/// and the groups it prints (all where empty).
struct Embed<'a> {
    clauses: Vec<&'a Id>,
    groups: &'a [Id],
}

/// Reports a sub-processor list, or a group of it, that no part of the
/// document prints.
pub fn check(folder: &Folder, index: &IdIndex<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(list), Some(agreement)) = (&folder.subprocessors, &folder.agreement) else { return };
    let a = &agreement.value;
    let mut embeds = Vec::new();
    let mut around = Vec::new();
    if let Some(cover) = &a.cover {
        blocks(&cover.block, &mut around, &mut embeds);
    }
    let body = a.body.as_ref();
    blocks(body.map(|b| b.preamble.as_slice()).unwrap_or_default(), &mut around, &mut embeds);
    clauses(&a.clause, &mut around, &mut embeds);
    blocks(body.map(|b| b.closing.as_slice()).unwrap_or_default(), &mut around, &mut embeds);
    for annex in &a.annex {
        blocks(&annex.block, &mut around, &mut embeds);
        clauses(&annex.clause, &mut around, &mut embeds);
    }
    if let Some(tom) = &folder.tom {
        blocks(&tom.value.annex.block, &mut around, &mut embeds);
        sections(&tom.value.section, &mut embeds);
    }
    let file = list.path.as_path();
    let placed_in = list.value.list.placed_in.as_ref();
    let as_annex =
        placed_in.is_none() && (a.part.is_empty() || a.part.iter().any(|p| p.kind == PartKind::Subprocessors));
    match placed_in {
        // A clause that does not exist is reported as a broken reference.
        Some(clause) if !index.is(clause.as_str(), &[IdKind::Clause]) => return,
        Some(clause) if !embeds.iter().any(|e| e.clauses.contains(&clause)) => {
            out.push(
                Diagnostic::at(
                    Code::SubprocessorListNotPrinted,
                    file,
                    "/list/placed_in",
                    format!("the list is placed in clause `{clause}`, which does not embed it: the list prints nowhere"),
                )
                .with_help(format!(
                    "add `{{ embed = \"subprocessors\" }}` to the `block` list of clause `{clause}` (`block = [{{ embed = \"subprocessors\" }}]` where it has none), or remove `placed_in` to print the list as an annex of its own"
                )),
            );
            return;
        }
        None if !as_annex && embeds.is_empty() => {
            out.push(
                Diagnostic::at(
                    Code::SubprocessorListNotPrinted,
                    &agreement.path,
                    format!("/part/{}/kind", a.part.len() - 1),
                    "the document's parts leave out the sub-processor list, and no clause embeds it: the list prints nowhere",
                )
                .with_help("add `{ kind = \"subprocessors\" }` to `part`, or embed the list in a clause with `{ embed = \"subprocessors\" }` and name that clause in the list's `placed_in`"),
            );
            return;
        }
        _ => {}
    }
    if as_annex || embeds.iter().any(|e| e.groups.is_empty()) {
        return;
    }
    for (i, group) in list.value.group.iter().enumerate() {
        if !embeds.iter().any(|e| e.groups.contains(&group.id)) {
            out.push(
                Diagnostic::at(
                    Code::SubprocessorListNotPrinted,
                    file,
                    format!("/group/{i}/id"),
                    format!("group `{}` prints nowhere: every block that embeds the list names its groups, and none names this one", group.id),
                )
                .with_help(format!("add `{}` to the `groups` of a block that embeds the list, or embed the whole list (no `groups`)", group.id)),
            );
        }
    }
}

fn clauses<'a>(list: &'a [Clause], around: &mut Vec<&'a Id>, out: &mut Vec<Embed<'a>>) {
    for clause in list {
        around.push(&clause.id);
        blocks(&clause.block, around, out);
        clauses(&clause.clause, around, out);
        around.pop();
    }
}

fn sections<'a>(list: &'a [Section], out: &mut Vec<Embed<'a>>) {
    for section in list {
        blocks(&section.block, &mut Vec::new(), out);
        sections(&section.section, out);
    }
}

fn blocks<'a>(list: &'a [Block], around: &mut Vec<&'a Id>, out: &mut Vec<Embed<'a>>) {
    for block in list {
        if block.embed == Some(EmbedTarget::Subprocessors) {
            out.push(Embed { clauses: around.clone(), groups: &block.groups });
        }
        for option in &block.option {
            blocks(&option.block, around, out);
        }
    }
}
