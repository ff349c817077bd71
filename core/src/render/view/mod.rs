//! The view a template renders: an agreement (or one customer's instance of
//! it) laid out in print order, with every text already converted to the
//! output format and escaped, placeholders filled or blank, choices applied,
//! embeds resolved and reference numbers derived.

mod annexes;
mod body;
mod context;
mod types;

use crate::model::codes::{PartKind, PartyRole, PlaceholderType};
use crate::model::customer::CustomerFile;
use crate::model::numbering::german_date;
use crate::model::primitives::Date;
use crate::render::inline::{self, Flavor, PlaceholderText, Resolver};
use annexes::{measure_table, sections, subprocessor_list, toc, version_line};
use body::{blocks, clauses};
use context::Ctx;
pub use types::*;

/// Builds the view of `source` for `flavor`.
///
/// A link leads to its node's target in the document. Where a link points
/// to a node the document does not print (a reference, a service not
/// listed, an option not chosen), the view is built again, with such links
/// printed as their text: no link leads nowhere.
pub fn build(source: &Source<'_>, flavor: Flavor, trace: Trace) -> Option<DocumentView> {
    let ctx = context(source, flavor)?;
    let view = build_with(source, ctx, flavor, trace.clone());
    // Plain text has no targets; most documents link nowhere.
    if flavor == Flavor::Plain || view.linked.is_empty() {
        return Some(view);
    }
    let printed: std::collections::HashSet<String> = view.targets().into_iter().collect();
    if view.linked.iter().all(|id| printed.contains(id)) {
        return Some(view);
    }
    let mut ctx = context(source, flavor)?;
    ctx.printed = Some(printed);
    Some(build_with(source, ctx, flavor, trace))
}

fn build_with<'a>(source: &Source<'a>, ctx: Ctx<'a>, flavor: Flavor, trace: Trace) -> DocumentView {
    let agreement = ctx.agreement;
    let meta = &agreement.meta;
    let date = meta.date.map(|d| ctx.date(d));
    let stand_line = meta.stand_line.as_ref().map(|line| {
        let filled = line.replace("{date}", date.as_deref().unwrap_or("")).replace("{version}", &meta.version);
        ctx.plain(&filled)
    });
    let info = AgreementInfo {
        id: meta.id.to_string(),
        title: ctx.rich_heading(&meta.title),
        subtitle: ctx.rich_opt(meta.subtitle.as_ref()),
        version: ctx.plain(&meta.version),
        date: date.as_deref().map(|d| ctx.plain(d)),
        date_iso: meta.date.map(|d| d.to_string()),
        status: meta.status.to_string(),
        status_label: ctx.plain(meta.status_label.as_deref().unwrap_or(meta.status.label_de())),
        stand_line: stand_line.clone(),
        label: ctx.plain(&meta.label),
        kind: meta.kind.to_string(),
        responsible: meta.responsible.as_deref().map(|r| ctx.plain(r)),
        // A heading is one line: a line break in the separator is a space.
        annex_separator: ctx.plain(&meta.annex_separator.as_deref().unwrap_or(": ").replace(['\n', '\r'], " ")),
    };
    let instance = source.instance.map(|c| InstanceInfo {
        id: ctx.plain(source.instance_id.unwrap_or_default()),
        customer_number: c.instance.customer_number.as_deref().map(|n| ctx.plain(n)),
        contract_date: c.instance.contract_date.map(|d| ctx.plain(&ctx.date(d))),
        version: ctx.plain(&c.instance.version),
        status: c.instance.status.to_string(),
        name: agreement
            .party
            .iter()
            .find(|p| p.role == PartyRole::Controller)
            .map(|p| inline::render(&p.name, Flavor::Plain, &ctx))
            .map(|n| ctx.plain(&n)),
    });
    let declared = parts(&ctx);
    let mut parts: Vec<PartView> =
        declared.iter().cloned().filter_map(|(kind, annex)| part(&ctx, kind, annex, &stand_line)).collect();
    if !declared.iter().any(|(kind, _)| *kind == PartKind::Parties) && !heads_itself(&ctx, &declared) {
        // Without a party block the title block still opens the document
        // (after a cover letter): title, subtitle, "Stand" line, no parties.
        let at = parts.iter().take_while(|p| matches!(p, PartView::Cover { .. })).count();
        parts.insert(at, title_block(&ctx, &stand_line, Vec::new()));
    }
    let links = ctx
        .external
        .take()
        .into_iter()
        .map(|(text, url)| LinkView {
            text: ctx.plain(&text),
            address: ctx.plain(url.strip_prefix("mailto:").unwrap_or(&url)),
            target: inline::link_destination(&url, flavor),
        })
        .collect();
    let placed = ctx.placed.take().in_text;
    let linked = ctx.linked.take();
    DocumentView { format: format_name(flavor), agreement: info, instance, trace, parts, links, placed, linked }
}

/// The controller party's name and lines as plain text, the instance's
/// blanks filled (a letter's address), without building the document. A
/// line with a blank the instance leaves open is left out: the contract
/// prints it as a form field („_____ (ggf. Ansprechpartner)“), an
/// envelope has no use for it.
pub fn controller_lines(source: &Source<'_>) -> Option<Vec<String>> {
    let ctx = context(source, Flavor::Plain)?;
    let party = ctx.agreement.party.iter().find(|p| p.role == PartyRole::Controller)?;
    // Filled as the document fills it: the resolver that prints the line.
    let filled = |line: &&String| {
        crate::validate::walk::placeholders(line)
            .iter()
            .all(|(key, _)| matches!(ctx.placeholder(key), PlaceholderText::Value(_)))
    };
    Some(std::iter::once(&party.name).chain(&party.lines).filter(filled).map(|line| ctx.rich(line)).collect())
}

/// The context of `source` for `flavor`: its values, blanks and footnotes.
fn context<'a>(source: &Source<'a>, flavor: Flavor) -> Option<Ctx<'a>> {
    let agreement = &source.folder.agreement.as_ref()?.value;
    let mut values = source.instance.map(CustomerFile::flat_values).unwrap_or_default();
    // A date prints in the document's date style, however the customer wrote
    // it; one that is no date (validation says so) prints as written.
    for placeholder in agreement.placeholder.iter().filter(|p| p.value_type == PlaceholderType::Date) {
        if let Some(value) = values.get_mut(&placeholder.key)
            && let Some(date) = Date::parse_written(value)
        {
            *value = german_date(date, agreement.meta.date_style);
        }
    }
    let blanks = agreement
        .placeholder
        .iter()
        .map(|p| (p.key.clone(), (p.blank.as_deref().unwrap_or(&agreement.meta.blank).to_owned(), p.label.clone())))
        .collect();
    let footnotes = agreement.footnote.iter().enumerate().map(|(i, f)| (f.id.to_string(), i + 1)).collect();
    Some(Ctx {
        flavor,
        agreement,
        tom: source.folder.tom.as_ref().map(|t| &t.value),
        subprocessors: source.folder.subprocessors.as_ref().map(|s| &s.value),
        instance: source.instance,
        values,
        blanks,
        footnotes,
        folder: source.folder,
        anchors: std::sync::OnceLock::new(),
        printed: None,
        placed: Default::default(),
        linked: Default::default(),
        places: std::sync::OnceLock::new(),
        external: std::cell::RefCell::new(Vec::new()),
    })
}

/// Inline markup read as the blank form prints it, without markup: bold
/// and emphasis marks gone, a placeholder as its blank ("_____
/// (Unternehmen)"), a footnote as its number in brackets, a link as its
/// text. What a reader compares in a Synopse.
pub struct Reading<'a> {
    ctx: Ctx<'a>,
}

impl<'a> Reading<'a> {
    /// The reading of `folder`'s texts, or `None` without an agreement.
    pub fn of(folder: &'a crate::load::Folder) -> Option<Self> {
        let source = Source { folder, instance: None, instance_id: None };
        context(&source, Flavor::Plain).map(|ctx| Reading { ctx })
    }

    /// `markup` as it reads.
    pub fn text(&self, markup: &str) -> String {
        inline::render(markup, Flavor::Plain, &self.ctx)
    }
}

fn format_name(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::Markdown => "md",
        Flavor::Html => "html",
        Flavor::Typst => "typ",
        Flavor::Plain => "txt",
        Flavor::Docx => "docx",
    }
}

/// A part of the document: its kind and, for a free annex, the annex's id.
type Part = (PartKind, Option<String>);

/// The parts in print order: as declared, or a sensible default.
fn parts(ctx: &Ctx<'_>) -> Vec<Part> {
    let agreement = ctx.agreement;
    if !agreement.part.is_empty() {
        return agreement.part.iter().map(|p| (p.kind, p.annex.as_ref().map(ToString::to_string))).collect();
    }
    let mut out = Vec::new();
    if agreement.cover.is_some() {
        out.push((PartKind::Cover, None));
    }
    out.push((PartKind::Parties, None));
    out.push((PartKind::Body, None));
    if !agreement.signature.is_empty() {
        out.push((PartKind::Signatures, None));
    }
    // The annexes, the sub-processor list and the TOM annex that print, in
    // the order of their designations where each has one with the same
    // word and a number in digits ("Anlage 1" before "Anlage 2"; "Anlage
    // IX" would sort before "Anlage V"), else in this order.
    let mut annexes: Vec<(Part, Option<&str>)> =
        agreement.annex.iter().map(|a| ((PartKind::Annex, Some(a.id.to_string())), a.num.as_deref())).collect();
    if let Some(list) = ctx.subprocessors.filter(|l| l.list.placed_in.is_none()) {
        annexes.push(((PartKind::Subprocessors, None), list.list.num.as_deref()));
    }
    if let Some(tom) = ctx.tom {
        annexes.push(((PartKind::Tom, None), tom.annex.num.as_deref()));
    }
    fn word(num: Option<&str>) -> Option<&str> {
        let num = num.filter(|n| n.contains(|c: char| c.is_ascii_digit()))?;
        let word = &num[..num.find(|c: char| !c.is_alphabetic()).unwrap_or(num.len())];
        (!word.is_empty()).then_some(word)
    }
    let first = annexes.first().and_then(|(_, num)| word(*num));
    if first.is_some() && annexes.iter().all(|(_, num)| word(*num) == first) {
        annexes.sort_by(|(_, a), (_, b)| crate::version::compare(a.unwrap_or_default(), b.unwrap_or_default()));
    }
    out.extend(annexes.into_iter().map(|(part, _)| part));
    out.push((PartKind::Footnotes, None));
    out
}

/// The title block: title, subtitle, "Stand" line, an instance's contract
/// date, then `parties`.
fn title_block(ctx: &Ctx<'_>, stand_line: &Option<String>, parties: Vec<PartyView>) -> PartView {
    let meta = &ctx.agreement.meta;
    PartView::Parties {
        title: ctx.rich_heading(&meta.title),
        subtitle: ctx.rich_opt(meta.subtitle.as_ref()),
        stand_line: stand_line.clone(),
        contract_date: ctx.instance.and_then(|i| i.instance.contract_date).map(|d| ctx.plain(&ctx.date(d))),
        parties,
    }
}

/// Whether the first part after a cover letter is an annex headed by the
/// agreement's own title (a standalone TOM annex): it is the title block.
fn heads_itself(ctx: &Ctx<'_>, parts: &[(PartKind, Option<String>)]) -> bool {
    let a = ctx.agreement;
    let title = match parts.iter().find(|(kind, _)| *kind != PartKind::Cover) {
        Some((PartKind::Tom, _)) => ctx.tom.map(|t| &t.annex.title),
        Some((PartKind::Subprocessors, _)) => ctx.subprocessors.and_then(|l| l.list.title.as_ref()),
        Some((PartKind::Annex, Some(id))) => {
            a.annex.iter().find(|x| x.id.as_str() == id.as_str()).and_then(|x| x.title.as_ref())
        }
        _ => None,
    };
    title == Some(&a.meta.title)
}

fn part(ctx: &Ctx<'_>, kind: PartKind, annex: Option<String>, stand_line: &Option<String>) -> Option<PartView> {
    let a = ctx.agreement;
    Some(match kind {
        PartKind::Cover => PartView::Cover { blocks: blocks(ctx, &a.cover.as_ref()?.block, "") },
        PartKind::Parties => title_block(
            ctx,
            stand_line,
            a.party
                .iter()
                .map(|p| PartyView {
                    id: p.id.to_string(),
                    role: p.role.to_string(),
                    lead: ctx.rich_opt(p.lead.as_ref()),
                    name: ctx.rich(&p.name),
                    lines: p.lines.iter().map(|l| ctx.rich(l)).collect(),
                    inline: p.inline,
                    designation: p.designation.iter().map(|d| ctx.rich(d)).collect(),
                })
                .collect(),
        ),
        PartKind::Body => PartView::Body {
            preamble: a.body.as_ref().map(|b| blocks(ctx, &b.preamble, "")).unwrap_or_default(),
            clauses: clauses(ctx, &a.clause, "", 1),
            closing: a.body.as_ref().map(|b| blocks(ctx, &b.closing, "")).unwrap_or_default(),
        },
        PartKind::Signatures => {
            let signing = ctx.instance.and_then(|i| i.signing.as_ref());
            PartView::Signatures {
                signatures: a
                    .signature
                    .iter()
                    .map(|s| {
                        let party = a.party.iter().find(|p| p.id == s.party);
                        let role = party.map_or("", |p| p.role.code());
                        // Each block its own place and date: the instance's
                        // for that party (its top level for the customer),
                        // else what the agreement pre-fills.
                        let given =
                            signing.and_then(|signing| match signing.parties.iter().find(|p| p.party == s.party) {
                                Some(own) => Some((own.place.as_ref(), own.date)),
                                None if party.is_some_and(|p| p.role == crate::model::codes::PartyRole::Controller) => {
                                    Some((signing.place.as_ref(), signing.date))
                                }
                                None => None,
                            });
                        let place = given.and_then(|(place, _)| place).or(s.place.as_ref());
                        let date = given.and_then(|(_, date)| date).or(s.date);
                        let own = match (place, date) {
                            (Some(place), Some(date)) => Some(format!("{place}, {}", ctx.date(date))),
                            (Some(place), None) => Some(place.clone()),
                            (None, Some(date)) => Some(ctx.date(date)),
                            (None, None) if !s.caption.contains("Datum") => Some("Ort, Datum".to_owned()),
                            (None, None) => None,
                        };
                        let signatory = match (&s.signatory, &s.signatory_role) {
                            (Some(name), Some(function)) => Some(format!("{name} - {function}")),
                            (Some(name), None) => Some(name.clone()),
                            _ => None,
                        };
                        SignatureView {
                            role: role.to_owned(),
                            place_date: own.as_deref().map(|p| ctx.plain(p)),
                            caption: ctx.rich(&s.caption),
                            signatory: signatory.as_deref().map(|s| ctx.plain(s)),
                        }
                    })
                    .collect(),
            }
        }
        PartKind::Annex => {
            let annex = a.annex.iter().find(|x| Some(x.id.to_string()) == annex)?;
            PartView::Annex {
                id: annex.id.to_string(),
                num: annex.num.as_deref().map(|n| ctx.plain(n)),
                title: ctx.rich_heading_opt(annex.title.as_ref()),
                blocks: blocks(ctx, &annex.block, ""),
                clauses: clauses(ctx, &annex.clause, "", 1),
            }
        }
        PartKind::Subprocessors => {
            let list = ctx.subprocessors?;
            if list.list.placed_in.is_some() {
                return None;
            }
            ctx.claim(list.list.id.as_str());
            PartView::Subprocessors {
                id: list.list.id.to_string(),
                num: list.list.num.as_deref().map(|n| ctx.plain(n)),
                title: ctx.rich_heading_opt(list.list.title.as_ref()),
                list: subprocessor_list(ctx, list, &[]),
            }
        }
        PartKind::Tom => {
            let tom = ctx.tom?;
            let mut content = blocks(ctx, &tom.annex.block, "");
            let (toc_entries, section_views) = match measure_table(ctx, tom) {
                Some(table) => {
                    content.extend(table);
                    (Vec::new(), Vec::new())
                }
                None => {
                    // A table that cannot be printed (an error of validation),
                    // or tables per section: text after the annex's table goes
                    // before the sections, not lost.
                    if let Some(table) = &tom.annex.table {
                        content.extend(blocks(ctx, &table.after, ""));
                    }
                    (
                        if tom.annex.toc { toc(ctx, &tom.section, 1) } else { Vec::new() },
                        sections(ctx, &tom.section, "", 1, tom.printed_table()),
                    )
                }
            };
            PartView::Tom {
                id: tom.annex.id.to_string(),
                num: tom.annex.num.as_deref().map(|n| ctx.plain(n)),
                title: ctx.rich_heading(&tom.annex.title),
                subtitle: ctx.rich_opt(tom.annex.subtitle.as_ref()),
                version_line: version_line(ctx, tom.annex.version.as_deref(), tom.annex.date),
                blocks: content,
                toc: toc_entries,
                sections: section_views,
            }
        }
        PartKind::Footnotes => {
            if a.footnote.is_empty() {
                return None;
            }
            PartView::Footnotes {
                footnotes: a
                    .footnote
                    .iter()
                    .enumerate()
                    .map(|(i, f)| FootnoteView { num: i + 1, text: ctx.rich(&f.text) })
                    .collect(),
            }
        }
    })
}
