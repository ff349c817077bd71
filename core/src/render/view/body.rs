//! Clauses and their blocks: paragraphs, lists, tables, embeds, choices
//! and the particulars of processing.

use super::annexes::{subprocessor_list, toc};
use super::context::Ctx;
use super::types::*;
use crate::model::agreement::{InstructionEntry, ParticularsItem, ParticularsList};
use crate::model::clause::{Block, Clause, ListItem};
use crate::model::codes::{ChoiceSelect, DateStyle, EmbedTarget, ListStyle, ParticularsSource, ServiceKind};
use crate::model::customer::CustomerFile;
use crate::model::numbering::{derive_ref, german_date};

pub(super) fn clauses(ctx: &Ctx<'_>, list: &[Clause], parent: &str, depth: usize) -> Vec<ClauseView> {
    list.iter()
        // An optional clause the customer did not take is not part of its contract.
        .filter(|c| !c.optional || ctx.instance.is_none() || ctx.chosen(c.id.as_str(), "ja"))
        .map(|c| {
            let reference = c.reference.clone().unwrap_or_else(|| derive_ref(parent, c.num.as_deref()));
            ClauseView {
                id: c.id.to_string(),
                num: c.num.as_deref().map(|n| ctx.plain(n)),
                // In a blank form an optional clause's heading (or, without
                // one, its text) starts with the checkbox the customer ticks.
                title: ctx.rich_heading_opt(c.title.as_ref()).map(|t| checkbox(ctx, c, t)),
                text: ctx.rich_opt(c.text.as_ref()).map(|t| if c.title.is_none() { checkbox(ctx, c, t) } else { t }),
                blocks: blocks(ctx, &c.block, &reference),
                clauses: clauses(ctx, &c.clause, &reference, depth + 1),
                reference,
                depth,
                optional: c.optional && ctx.instance.is_none(),
            }
        })
        .collect()
}

/// `text` with the empty checkbox of an optional clause in a blank form.
fn checkbox(ctx: &Ctx<'_>, clause: &Clause, text: String) -> String {
    if clause.optional && ctx.instance.is_none() { format!("☐ {text} (optional)") } else { text }
}

fn style_name(style: Option<ListStyle>, default: &'static str) -> &'static str {
    match style {
        Some(ListStyle::Bullet) => "bullet",
        Some(ListStyle::Numbered) => "numbered",
        Some(ListStyle::Alpha) => "alpha",
        Some(ListStyle::None) => "none",
        None => default,
    }
}

pub(super) fn blocks(ctx: &Ctx<'_>, list: &[Block], reference: &str) -> Vec<BlockView> {
    let mut out = Vec::new();
    for block in list {
        if let Some(p) = &block.p {
            out.push(BlockView::P { num: None, lead: None, text: ctx.rich(p) });
        } else if let Some(items) = &block.list {
            out.push(BlockView::List { style: style_name(block.style, "bullet"), items: list_items(ctx, items) });
        } else if let Some(table) = &block.table {
            out.push(BlockView::Table {
                columns: table.columns.iter().map(|c| ctx.rich_cell(c)).collect(),
                rows: table.rows.iter().map(|r| r.iter().map(|c| ctx.rich_cell(c)).collect()).collect(),
            });
        } else if let Some(target) = block.embed {
            out.extend(embed(ctx, target, block, reference));
        } else if let Some(choice) = &block.choice {
            let mut items = Vec::new();
            let mut extra = Vec::new();
            for option in &block.option {
                if ctx.chosen(choice.as_str(), option.id.as_str()) {
                    items.push(ItemView {
                        num: None,
                        // The choice starts at its first option printed.
                        text: ctx.targeted(choice.as_str(), ctx.rich(&option.text)),
                        details: None,
                        items: Vec::new(),
                        style: "bullet",
                        checkbox: ctx.instance.is_none(),
                    });
                    extra.extend(blocks(ctx, &option.block, reference));
                }
            }
            let _ = block.select.unwrap_or(ChoiceSelect::One);
            if !items.is_empty() {
                out.push(BlockView::List { style: style_name(block.style, "bullet"), items });
            }
            out.extend(extra);
        } else if let Some(key) = &block.blank {
            let text = ctx.rich(&format!("{{{{ {key} }}}}"));
            out.push(BlockView::List {
                style: style_name(block.style, "bullet"),
                items: vec![ItemView {
                    num: None,
                    text,
                    details: None,
                    items: Vec::new(),
                    style: "bullet",
                    checkbox: false,
                }],
            });
        }
    }
    out
}

fn list_items(ctx: &Ctx<'_>, items: &[ListItem]) -> Vec<ItemView> {
    items
        .iter()
        .map(|item| match item {
            ListItem::Text(text) => ItemView {
                num: None,
                text: ctx.rich(text),
                details: None,
                items: Vec::new(),
                style: "bullet",
                checkbox: false,
            },
            ListItem::Item(entry) => ItemView {
                num: entry.num.as_deref().map(|n| ctx.plain(n)),
                text: match &entry.id {
                    Some(id) => ctx.targeted(id.as_str(), ctx.rich(&entry.text)),
                    None => ctx.rich(&entry.text),
                },
                details: None,
                items: list_items(ctx, &entry.list),
                style: style_name(entry.style, "bullet"),
                checkbox: false,
            },
        })
        .collect()
}

fn particulars_items(
    ctx: &Ctx<'_>,
    list: Option<&ParticularsList>,
    pick: fn(&CustomerFile) -> &Vec<ParticularsItem>,
) -> Option<Vec<ItemView>> {
    let list = list?;
    let items: Vec<&ParticularsItem> = match list.source {
        ParticularsSource::Instance => match ctx.instance {
            Some(instance) => pick(instance).iter().collect(),
            None => {
                return Some(vec![ItemView {
                    num: None,
                    text: ctx.plain("_____ (vom Auftraggeber auszufüllen)"),
                    details: None,
                    items: Vec::new(),
                    style: "bullet",
                    checkbox: false,
                }]);
            }
        },
        _ => list.item.iter().collect(),
    };
    Some(
        items
            .into_iter()
            .map(|i| ItemView {
                num: i.num.as_deref().map(|n| ctx.plain(n)),
                text: ctx.targeted(i.id.as_str(), ctx.rich(&i.text)),
                details: ctx.rich_opt(i.details.as_ref()),
                items: i
                    .items
                    .iter()
                    .map(|t| ItemView {
                        num: None,
                        text: ctx.rich(t),
                        details: None,
                        items: Vec::new(),
                        style: "bullet",
                        checkbox: false,
                    })
                    .collect(),
                style: "bullet",
                checkbox: false,
            })
            .collect(),
    )
}

fn instance_purposes(c: &CustomerFile) -> &Vec<ParticularsItem> {
    c.particulars_ref().0
}

fn instance_categories(c: &CustomerFile) -> &Vec<ParticularsItem> {
    c.particulars_ref().1
}

fn instance_subjects(c: &CustomerFile) -> &Vec<ParticularsItem> {
    c.particulars_ref().2
}

fn embed(ctx: &Ctx<'_>, target: EmbedTarget, block: &Block, _reference: &str) -> Vec<BlockView> {
    let a = ctx.agreement;
    let particulars = a.particulars.as_ref();
    let style = style_name(block.style, "bullet");
    let list = |items: Option<Vec<ItemView>>| items.map(|items| BlockView::List { style, items }).into_iter().collect();
    match target {
        EmbedTarget::Purposes => {
            list(particulars_items(ctx, particulars.and_then(|p| p.purposes.as_ref()), instance_purposes))
        }
        EmbedTarget::DataCategories => {
            list(particulars_items(ctx, particulars.and_then(|p| p.data_categories.as_ref()), instance_categories))
        }
        EmbedTarget::DataSubjects => {
            list(particulars_items(ctx, particulars.and_then(|p| p.data_subjects.as_ref()), instance_subjects))
        }
        EmbedTarget::Services => vec![BlockView::List {
            style,
            items: a
                .service
                .iter()
                .filter(|s| s.kind == ServiceKind::Main)
                .map(|s| ItemView {
                    num: None,
                    text: ctx.targeted(s.id.as_str(), ctx.rich(&s.name)),
                    details: None,
                    items: Vec::new(),
                    style: "bullet",
                    checkbox: false,
                })
                .collect(),
        }],
        EmbedTarget::Subprocessors => match ctx.subprocessors {
            Some(list) => {
                let mut view = subprocessor_list(ctx, list, &block.groups);
                // The title heads the list where it starts: an embed of later
                // groups only continues it.
                let starts = block.groups.is_empty() || list.group.first().is_none_or(|g| block.groups.contains(&g.id));
                if starts {
                    view.title = ctx.rich_opt(list.list.title.as_ref());
                }
                vec![BlockView::Subprocessors { list: view }]
            }
            None => Vec::new(),
        },
        EmbedTarget::Dpo => match a.dpo.as_ref().and_then(|d| d.person.as_ref()) {
            Some(person) => vec![BlockView::Lines {
                lines: std::iter::once(&person.name).chain(person.lines.iter()).map(|l| ctx.rich(l)).collect(),
            }],
            None => Vec::new(),
        },
        EmbedTarget::InstructionsAuthorised => {
            instruction_block(ctx, a.instructions.as_ref().map(|i| i.authorised.as_slice()).unwrap_or_default())
        }
        EmbedTarget::InstructionsRecipients => {
            instruction_block(ctx, a.instructions.as_ref().map(|i| i.recipients.as_slice()).unwrap_or_default())
        }
        EmbedTarget::History => match &a.history {
            Some(history) => {
                // A column no row fills is left out: a table imported with
                // three columns prints with three until git rows fill the others.
                let filled = [
                    true,
                    history.row.iter().any(|r| !r.status.trim().is_empty()),
                    history.row.iter().any(|r| r.date.is_some()),
                    history.row.iter().any(|r| !r.responsible.trim().is_empty()),
                    history.row.iter().any(|r| !r.change.trim().is_empty()),
                ];
                let kept = |cells: Vec<String>| -> Vec<String> {
                    cells.into_iter().zip(filled).filter(|(_, keep)| *keep).map(|(cell, _)| cell).collect()
                };
                vec![BlockView::Table {
                    // The headers of the five fields in order; one not named prints its default.
                    columns: kept(
                        crate::model::agreement::history_headers(&history.columns)
                            .into_iter()
                            .map(|header| ctx.plain_cell(header))
                            .collect(),
                    ),
                    rows: history
                        .row
                        .iter()
                        .map(|r| {
                            kept(vec![
                                ctx.plain_cell(&r.version),
                                ctx.unbroken_cell(&r.status),
                                r.date.map(|d| ctx.plain_cell(&german_date(d, DateStyle::Numeric))).unwrap_or_default(),
                                // Generated rows quote data and commit authors: text, not markup.
                                if r.generated {
                                    ctx.plain_cell(&r.responsible)
                                } else {
                                    ctx.rich_cell(&r.responsible)
                                },
                                if r.generated { ctx.plain_lines_cell(&r.change) } else { ctx.rich_cell(&r.change) },
                            ])
                        })
                        .collect(),
                }]
            }
            None => Vec::new(),
        },
        EmbedTarget::Toc => match ctx.tom {
            // A measure table prints no headings a contents could lead to.
            Some(tom) if tom.one_table().is_some() => Vec::new(),
            Some(tom) => vec![BlockView::Toc { entries: toc(ctx, &tom.section, 1) }],
            None => Vec::new(),
        },
    }
}

fn instruction_block(ctx: &Ctx<'_>, entries: &[InstructionEntry]) -> Vec<BlockView> {
    if entries.is_empty() {
        return Vec::new();
    }
    if entries.iter().any(|e| e.label.is_some()) {
        vec![BlockView::Table {
            columns: Vec::new(),
            rows: entries
                .iter()
                .map(|e| {
                    vec![e.label.as_deref().map(|l| ctx.rich_cell(l)).unwrap_or_default(), ctx.rich_cell(&e.value)]
                })
                .collect(),
        }]
    } else {
        vec![BlockView::Lines { lines: entries.iter().map(|e| ctx.rich(&e.value)).collect() }]
    }
}
