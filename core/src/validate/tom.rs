//! TOM annex rules: measures with content, tombstones kept consistent.

use super::ids::{IdIndex, IdSite, pointers};
use super::transfers::walk_measures;
use crate::diagnostic::{Anchor, Code, Diagnostic};
use crate::load::Folder;
use crate::model::tom::{MeasureTable, Section, TomFile};

/// Runs the TOM rules.
pub fn check(folder: &Folder, index: &IdIndex<'_>, out: &mut Vec<Diagnostic>) {
    let Some(tom) = &folder.tom else { return };
    let file = tom.path.as_path();
    walk_measures(&tom.value.section, "", &mut |pointer, measure| {
        if measure.label.is_some() && measure.text.is_none() && measure.items.is_empty() {
            out.push(
                Diagnostic::at(Code::ControlWithoutMeasure, file, format!("{pointer}/label"), format!("measure `{}` names a control but describes no measure", measure.id))
                    .with_help("describe what is done in `text` (or `items`), or allow this with a reason where the source document is like this"),
            );
        }
    });
    table_layout(&tom.value, file, out);
    let mut still_used = Vec::new();
    for (i, retired) in tom.value.retired.iter().enumerate() {
        if retired.reason.trim().is_empty() {
            out.push(
                Diagnostic::at(
                    Code::RetiredReasonEmpty,
                    file,
                    format!("/retired/{i}/reason"),
                    format!("retired measure `{}` has no reason", retired.id),
                )
                .with_help("say why the security level does not drop without it (the agreement requires that)"),
            );
        }
        if let Some(site) = index.sites.get(retired.id.as_str()) {
            still_used.push((i, retired, site));
        }
    }
    let sites: Vec<&IdSite<'_>> = still_used.iter().map(|&(_, _, site)| site).collect();
    for ((i, retired, site), pointer) in still_used.into_iter().zip(pointers(&sites)) {
        out.push(
            Diagnostic::at(Code::RetiredStillPresent, file, format!("/retired/{i}/id"), format!("`{}` is retired but its id is still in use", retired.id))
                .with_label(site.file, Anchor::Pointer { pointer, key: false }, "still used here")
                .with_help("a retired id stays reserved; give the new node another id, or remove the tombstone if the measure came back"),
        );
    }
}

/// A measure table's columns can be printed, and it shows every section.
fn table_layout(tom: &TomFile, file: &std::path::Path, out: &mut Vec<Diagnostic>) {
    let Some(table) = &tom.annex.table else { return };
    for (key, problem, help) in table.problems() {
        out.push(Diagnostic::at(Code::TomTableUnfit, file, format!("/annex/table/{key}"), problem).with_help(help));
    }
    sections_fit(table, &tom.section, "", file, out);
}

fn sections_fit(
    table: &MeasureTable,
    list: &[Section],
    prefix: &str,
    file: &std::path::Path,
    out: &mut Vec<Diagnostic>,
) {
    for (i, section) in list.iter().enumerate() {
        let pointer = format!("{prefix}/section/{i}");
        if let Some(what) = table.unfit_here(section) {
            out.push(
                Diagnostic::at(
                    Code::TomTableUnfit,
                    file,
                    format!("{pointer}/id"),
                    format!("section `{}` has {what}, which the annex's measure table cannot show", section.id),
                )
                .with_help("make each part a measure of its own (a cell of the table) with a kind a column lists, or remove `[annex.table]` to print the sections with headings and lists"),
            );
        }
        if table.per_section {
            sections_fit(table, &section.section, &pointer, file, out);
        }
    }
}
