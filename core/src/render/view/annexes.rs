//! The annexes' own parts: the sub-processor list and the TOM sections
//! with their measures.

use super::body::blocks;
use super::context::Ctx;
use super::types::*;
use crate::model::codes::ListLayout;
use crate::model::codes::{MeasureStyle, SubprocessorField};
use crate::model::numbering::derive_ref;
use crate::model::subprocessor::{Place, Subprocessor, SubprocessorsFile};
use crate::model::tom::{Measure, MeasureTable, Section, TableCell, TomFile};

/// What a list, or a group of it, without sub-processors prints.
const NO_SUBPROCESSORS: &str = "Keine Unterauftragnehmer.";

pub(super) fn subprocessor_list(
    ctx: &Ctx<'_>,
    file: &SubprocessorsFile,
    only: &[crate::model::primitives::Id],
) -> SubprocessorListView {
    let layout = match file.list.layout {
        ListLayout::Table => "table",
        ListLayout::List => "list",
    };
    let shown: Vec<Shown<'_>> = if file.list.columns.is_empty() {
        [SubprocessorField::Name, SubprocessorField::Address, SubprocessorField::Service, SubprocessorField::Safeguards]
            .into_iter()
            .map(|field| Shown::Field(field, false))
            .collect()
    } else {
        file.list
            .columns
            .iter()
            .map(|c| match (&c.field, &c.key) {
                (Some(field), _) => Shown::Field(*field, c.codes),
                (None, key) => Shown::Key(key.as_deref().unwrap_or_default()),
            })
            .collect()
    };
    let columns = if file.list.columns.is_empty() {
        ["Unterauftragnehmer", "Anschrift", "Leistung", "Garantien"].iter().map(|c| ctx.plain_cell(c)).collect()
    } else {
        file.list.columns.iter().map(|c| ctx.rich_cell(&c.header)).collect()
    };
    // A sub-processor's first cell or line is where links to it lead.
    let row = |s: &Subprocessor| -> Vec<String> {
        let mut cells: Vec<String> = shown
            .iter()
            .map(|shown| match shown {
                Shown::Field(field, codes) => cell(ctx, s, *field, *codes),
                Shown::Key(key) => s.extra.get(*key).map(|value| ctx.rich_cell(value)).unwrap_or_default(),
            })
            .collect();
        if let Some(first) = cells.first_mut() {
            *first = ctx.targeted(s.id.as_str(), std::mem::take(first));
        }
        cells
    };
    let entry = |s: &Subprocessor| -> Vec<String> {
        let first = match &s.address {
            Some(address) => ctx.rich(&format!("{}, {address}:", s.name)),
            None => ctx.rich(&format!("{}:", s.name)),
        };
        let mut lines = vec![ctx.targeted(s.id.as_str(), first)];
        lines.push(ctx.rich(&s.service));
        let safeguards = s.safeguards.iter().map(|g| g.label.as_str()).collect::<Vec<_>>().join(", ");
        if !safeguards.is_empty() {
            lines.push(ctx.rich(&safeguards));
        }
        lines
    };
    let make = |id: Option<String>,
                num: Option<String>,
                title: Option<String>,
                members: Vec<&Subprocessor>,
                notes: Vec<BlockView>| {
        GroupView {
            id,
            num,
            title,
            rows: if layout == "table" { members.iter().map(|s| row(s)).collect() } else { Vec::new() },
            entries: if layout == "list" { members.iter().map(|s| entry(s)).collect() } else { Vec::new() },
            empty: members.is_empty().then(|| ctx.plain(NO_SUBPROCESSORS)),
            notes,
        }
    };
    let mut groups = Vec::new();
    if file.group.is_empty() {
        // The list's one group is the list: its target, unless the annex
        // printing the list has it already.
        let id = ctx.claim(file.list.id.as_str()).then(|| file.list.id.to_string());
        groups.push(make(id, None, None, file.subprocessor.iter().collect(), Vec::new()));
    } else {
        for group in &file.group {
            if !only.is_empty() && !only.contains(&group.id) {
                continue;
            }
            let members = file.subprocessor.iter().filter(|s| s.group.as_ref() == Some(&group.id)).collect();
            let notes = group
                .note
                .iter()
                .map(|n| BlockView::P {
                    num: n.num.as_deref().map(|x| ctx.plain(x)),
                    lead: None,
                    text: ctx.targeted(n.id.as_str(), ctx.rich(&n.text)),
                })
                .collect();
            // The list as a whole starts at its first group printed.
            let title = ctx.targeted(file.list.id.as_str(), ctx.rich(&group.title));
            groups.push(make(
                Some(group.id.to_string()),
                group.num.as_deref().map(|n| ctx.plain(n)),
                Some(title),
                members,
                notes,
            ));
        }
    }
    let version_line = version_line(ctx, file.list.version.as_deref(), file.list.date);
    // An annex prints the title in its heading; an embed sets it (see `body`).
    SubprocessorListView { title: None, version_line, layout, columns, groups }
}

/// "Stand: 01.03.2024 · Version 2.1" for an annex or list with a version of
/// its own (either part alone where only one is set); escaped.
pub(super) fn version_line(
    ctx: &Ctx<'_>,
    version: Option<&str>,
    date: Option<crate::model::primitives::Date>,
) -> Option<String> {
    let parts: Vec<String> = [date.map(|d| format!("Stand: {}", ctx.date(d))), version.map(|v| format!("Version {v}"))]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| ctx.plain(&parts.join(" · ")))
}

/// What a column of the table shows.
enum Shown<'a> {
    /// A field of the model; whether countries print as codes.
    Field(SubprocessorField, bool),
    /// The entries' `extra` value under this key.
    Key(&'a str),
}

/// The cell of `field` for `s`: countries by their German names, or as
/// their codes where the column asks for `codes`.
fn cell(ctx: &Ctx<'_>, s: &Subprocessor, field: SubprocessorField, codes: bool) -> String {
    match field {
        SubprocessorField::Name => ctx.rich_cell(&s.name),
        SubprocessorField::Address => s.address.as_deref().map(|a| ctx.rich_cell(a)).unwrap_or_default(),
        // Each part rendered on its own, so that markup cannot run from the
        // name into the address.
        SubprocessorField::NameAddress => match &s.address {
            Some(address) => format!("{}{}{}", ctx.rich_cell(&s.name), ctx.cell_break(), ctx.rich_cell(address)),
            None => ctx.rich_cell(&s.name),
        },
        SubprocessorField::Location => match s.place(codes) {
            Place::Written(location) => ctx.rich_cell(location),
            Place::Named(places) => ctx.plain_cell(&places),
        },
        SubprocessorField::Service => ctx.rich_cell(&s.service),
        SubprocessorField::Safeguards => {
            ctx.rich_cell(&s.safeguards.iter().map(|g| g.label.as_str()).collect::<Vec<_>>().join(", "))
        }
        SubprocessorField::Country => ctx.plain_cell(&s.country.printed(codes)),
    }
}

pub(super) fn toc(ctx: &Ctx<'_>, list: &[Section], depth: usize) -> Vec<TocEntry> {
    let mut out = Vec::new();
    for s in list {
        if let Some(title) = &s.title {
            out.push(TocEntry {
                id: s.id.to_string(),
                num: s.num.as_deref().map(|n| ctx.plain(n)),
                title: ctx.rich_heading(title),
                depth,
            });
        }
        out.extend(toc(ctx, &s.section, depth + 1));
    }
    out
}

/// The sections under their headings; with `table` (a measure table per
/// section), each section's measures as a table after its paragraphs.
pub(super) fn sections(
    ctx: &Ctx<'_>,
    list: &[Section],
    parent: &str,
    depth: usize,
    table: Option<&MeasureTable>,
) -> Vec<SectionView> {
    list.iter()
        .map(|s| {
            let reference = s.reference.clone().unwrap_or_else(|| derive_ref(parent, s.num.as_deref()));
            let mut content = blocks(ctx, &s.block, &reference);
            match table {
                Some(table) => {
                    let rows = table_rows(ctx, table, s);
                    if !rows.is_empty() {
                        content.push(BlockView::Table { columns: table_columns(ctx, table), rows });
                    }
                }
                None => content.extend(measures(ctx, &s.measure)),
            }
            let run_in = s.heading_style == Some(crate::model::codes::HeadingStyle::RunIn);
            let mut title = ctx.rich_heading_opt(s.title.as_ref());
            if run_in {
                if let (Some(BlockView::P { lead, .. }), Some(t)) = (content.first_mut(), title.take()) {
                    *lead = Some(t);
                } else {
                    title = ctx.rich_heading_opt(s.title.as_ref());
                }
            }
            SectionView {
                id: s.id.to_string(),
                num: s.num.as_deref().map(|n| ctx.plain(n)),
                title,
                depth,
                blocks: content,
                sections: sections(ctx, &s.section, &reference, depth + 1, table),
                explanations: s
                    .explanation
                    .iter()
                    .map(|e| ExplanationView {
                        id: e.id.to_string(),
                        heading: ctx.rich(&e.heading),
                        paragraphs: e.text.split("\n\n").map(|p| ctx.rich(p.trim())).collect(),
                    })
                    .collect(),
                reference,
            }
        })
        .collect()
}

/// The sections as the annex's one measure table (a row per measure, the
/// section's title in its first row), followed by the blocks after it;
/// `None` where the annex has no such table or a section does not fit it,
/// so that such a section prints as a section rather than losing its parts.
pub(super) fn measure_table(ctx: &Ctx<'_>, tom: &TomFile) -> Option<Vec<BlockView>> {
    let table = tom.one_table()?;
    let rows = tom.section.iter().flat_map(|section| table_rows(ctx, table, section)).collect();
    let mut out = vec![BlockView::Table { columns: table_columns(ctx, table), rows }];
    out.extend(blocks(ctx, &table.after, ""));
    Some(out)
}

fn table_columns(ctx: &Ctx<'_>, table: &MeasureTable) -> Vec<String> {
    table.columns.iter().map(|c| ctx.rich_cell(&c.header)).collect()
}

/// The rows of `section`'s measures, as cells.
fn table_rows(ctx: &Ctx<'_>, table: &MeasureTable, section: &Section) -> Vec<Vec<String>> {
    let title = section.title.as_deref().map(|t| ctx.rich_cell(t)).unwrap_or_default();
    table
        .rows(section)
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|cell| match cell {
                    TableCell::Empty => String::new(),
                    // The section's first title cell is where links to it lead.
                    TableCell::Title => ctx.targeted(section.id.as_str(), title.clone()),
                    TableCell::Measure(m) => measure_cell(ctx, m),
                    TableCell::Kind(kind) => ctx.plain_cell(table.kind_word(kind)),
                })
                .collect()
        })
        .collect()
}

/// A measure as a cell: its number, then what it prints, a paragraph
/// under a label on a line of its own.
fn measure_cell(ctx: &Ctx<'_>, m: &Measure) -> String {
    let num = m.num.as_deref().map(|n| format!("{} ", ctx.plain_cell(n))).unwrap_or_default();
    let (text, details) = m.printed();
    let details = details.map(|d| format!("{}{}", ctx.cell_break(), ctx.rich_cell(d))).unwrap_or_default();
    format!("{}{num}{}{details}", ctx.target(m.id.as_str()), ctx.rich_cell(&text))
}

/// Groups consecutive bullet measures into lists; paragraphs stand alone.
fn measures(ctx: &Ctx<'_>, list: &[Measure]) -> Vec<BlockView> {
    let mut out: Vec<BlockView> = Vec::new();
    for m in list {
        let style = m.style.unwrap_or(MeasureStyle::Bullet);
        match style {
            MeasureStyle::Paragraph => {
                let text = ctx.targeted(m.id.as_str(), m.text.as_deref().map(|t| ctx.rich(t)).unwrap_or_default());
                out.push(BlockView::P {
                    num: m.num.as_deref().map(|n| ctx.plain(n)),
                    lead: ctx.rich_opt(m.title.as_ref()),
                    text,
                });
                if !m.items.is_empty() {
                    out.push(BlockView::List { style: "bullet", items: measure_items(ctx, &m.items) });
                }
            }
            MeasureStyle::Bullet | MeasureStyle::Titled | MeasureStyle::Numbered => {
                let list_style = if style == MeasureStyle::Numbered { "numbered" } else { "bullet" };
                let item = measure_item(ctx, m);
                match out.last_mut() {
                    Some(BlockView::List { style: s, items }) if *s == list_style => items.push(item),
                    _ => out.push(BlockView::List { style: list_style, items: vec![item] }),
                }
            }
        }
    }
    out
}

fn measure_items(ctx: &Ctx<'_>, list: &[Measure]) -> Vec<ItemView> {
    list.iter().map(|m| measure_item(ctx, m)).collect()
}

fn measure_item(ctx: &Ctx<'_>, m: &Measure) -> ItemView {
    let (text, details) = m.printed();
    ItemView {
        num: m.num.as_deref().map(|n| ctx.plain(n)),
        text: ctx.targeted(m.id.as_str(), ctx.rich(&text)),
        details: details.map(|d| ctx.rich(d)),
        items: measure_items(ctx, &m.items),
        style: "bullet",
        checkbox: false,
    }
}
