//! The view a template renders: an agreement (or one customer's instance of
//! it) laid out in print order, with every text already converted to the
//! output format and escaped, placeholders filled or blank, choices applied,
//! embeds resolved and reference numbers derived.

use std::collections::BTreeMap;

use serde::Serialize;

use super::inline::{self, Flavor, PlaceholderText, Resolver};
use crate::load::Folder;
use crate::model::agreement::{AgreementFile, InstructionEntry, ParticularsItem, ParticularsList};
use crate::model::clause::{Block, Clause, ListItem};
use crate::model::codes::ListLayout;
use crate::model::codes::{
    ChoiceSelect, DateStyle, EmbedTarget, ListStyle, MeasureStyle, PartKind, ParticularsSource, PartyRole, ServiceKind,
    SubprocessorField,
};
use crate::model::customer::CustomerFile;
use crate::model::numbering::{derive_ref, german_date};
use crate::model::primitives::Date;
use crate::model::subprocessor::{Subprocessor, SubprocessorsFile};
use crate::model::tom::{Measure, Section, TomFile};

/// Everything a document template receives.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// The output format: `md`, `html` or `typ`.
    pub format: &'static str,
    /// Metadata of the agreement.
    pub agreement: AgreementInfo,
    /// The customer instance, when rendering one.
    pub instance: Option<InstanceInfo>,
    /// Where the document comes from.
    pub trace: Trace,
    /// The document's parts in print order.
    pub parts: Vec<PartView>,
    /// The external links of the text, in order of appearance, printed at
    /// the end so that a paper copy has the addresses too.
    pub links: Vec<LinkView>,
}

/// An external link, listed at the end of the document.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// The link text (escaped).
    pub text: String,
    /// The address as printed, without `mailto:` (escaped).
    pub address: String,
    /// The address as the link's destination in this format.
    pub target: String,
}

/// Metadata of the agreement (all strings escaped for the format).
#[derive(Debug, Clone, Serialize)]
pub struct AgreementInfo {
    /// The agreement id.
    pub id: String,
    /// The title.
    pub title: String,
    /// The subtitle.
    pub subtitle: Option<String>,
    /// The version label.
    pub version: String,
    /// The version date as printed, if any.
    pub date: Option<String>,
    /// The version date in ISO form, if any.
    pub date_iso: Option<String>,
    /// The status code (`final`, …).
    pub status: String,
    /// The status as the document words it, else the German word for the code.
    pub status_label: String,
    /// The "Stand" line, when the document prints one.
    pub stand_line: Option<String>,
    /// Short name ("AVV").
    pub label: String,
    /// `template`, `standard` or `annex`.
    pub kind: String,
    /// Who is responsible for the version.
    pub responsible: Option<String>,
}

/// The customer instance being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct InstanceInfo {
    /// The instance's file stem (customer id).
    pub id: String,
    /// The customer number.
    pub customer_number: Option<String>,
    /// The contract date as printed.
    pub contract_date: Option<String>,
    /// The version of the agreement the customer signed.
    pub version: String,
    /// The instance status.
    pub status: String,
    /// The controller's name, as filled in.
    pub name: Option<String>,
}

/// Where a rendered document comes from.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Trace {
    /// The git commit the data was read from.
    pub commit: Option<String>,
    /// SHA-256 of the canonical data (agreement files and instance).
    pub sha256: String,
    /// The avv version.
    pub generator: String,
    /// The small print line stating all of it (escaped).
    pub line: String,
}

/// One part of the document.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PartView {
    /// A cover letter.
    Cover {
        /// Its blocks.
        blocks: Vec<BlockView>,
    },
    /// Title block and parties.
    Parties {
        /// The title.
        title: String,
        /// The subtitle.
        subtitle: Option<String>,
        /// The "Stand" line.
        stand_line: Option<String>,
        /// The contract date of an instance.
        contract_date: Option<String>,
        /// The parties in print order.
        parties: Vec<PartyView>,
    },
    /// The clause tree.
    Body {
        /// Blocks before the first clause.
        preamble: Vec<BlockView>,
        /// The clauses.
        clauses: Vec<ClauseView>,
        /// Blocks after the last clause.
        closing: Vec<BlockView>,
    },
    /// Signature blocks.
    Signatures {
        /// Place and date of signing, printed once above the signatures (instances).
        place_date: Option<String>,
        /// The signature blocks.
        signatures: Vec<SignatureView>,
    },
    /// A free annex.
    Annex {
        /// Anchor id.
        id: String,
        /// The designation ("Anhang 1").
        num: Option<String>,
        /// The title.
        title: Option<String>,
        /// Blocks before the clauses.
        blocks: Vec<BlockView>,
        /// The clauses.
        clauses: Vec<ClauseView>,
    },
    /// The sub-processor list as an annex of its own.
    Subprocessors {
        /// Anchor id.
        id: String,
        /// The designation ("Anhang 2").
        num: Option<String>,
        /// The title.
        title: Option<String>,
        /// The list.
        list: SubprocessorListView,
    },
    /// The TOM annex.
    Tom {
        /// Anchor id.
        id: String,
        /// The designation ("Anlage 1").
        num: Option<String>,
        /// The title.
        title: String,
        /// The subtitle.
        subtitle: Option<String>,
        /// "Stand: 01.03.2024 · Version 2.1" where the annex has a version of its own.
        version_line: Option<String>,
        /// Blocks before the sections.
        blocks: Vec<BlockView>,
        /// Table of contents, when the annex asks for one.
        toc: Vec<TocEntry>,
        /// The sections.
        sections: Vec<SectionView>,
    },
    /// Footnotes.
    Footnotes {
        /// The footnotes, numbered.
        footnotes: Vec<FootnoteView>,
    },
}

/// A party in the party block.
#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    /// `controller` or `processor`.
    pub role: String,
    /// Text before the party.
    pub lead: Option<String>,
    /// The name.
    pub name: String,
    /// Further lines.
    pub lines: Vec<String>,
    /// Name and lines on one line.
    pub inline: bool,
    /// Designation lines after the party.
    pub designation: Vec<String>,
}

/// A clause.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseView {
    /// Anchor id.
    pub id: String,
    /// Printed number.
    pub num: Option<String>,
    /// Reference number ("6.5").
    pub reference: String,
    /// Heading.
    pub title: Option<String>,
    /// Lead paragraph.
    pub text: Option<String>,
    /// Blocks after the lead paragraph.
    pub blocks: Vec<BlockView>,
    /// Child clauses.
    pub clauses: Vec<ClauseView>,
    /// Depth in the tree, from 1.
    pub depth: usize,
}

/// A block of content.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum BlockView {
    /// A paragraph, optionally numbered or with a bold lead-in.
    P {
        /// A printed number before the text.
        num: Option<String>,
        /// A bold lead-in (run-in heading, measure title).
        lead: Option<String>,
        /// The text.
        text: String,
    },
    /// A list.
    List {
        /// `bullet`, `numbered`, `alpha` or `none`.
        style: &'static str,
        /// The items.
        items: Vec<ItemView>,
    },
    /// A table.
    Table {
        /// Header cells; empty for no header.
        columns: Vec<String>,
        /// Rows of cells.
        rows: Vec<Vec<String>>,
    },
    /// Lines printed one under another (an address, a contact).
    Lines {
        /// The lines.
        lines: Vec<String>,
    },
    /// A sub-processor list printed inside a clause.
    Subprocessors {
        /// The list.
        list: SubprocessorListView,
    },
    /// A table of contents.
    Toc {
        /// The entries.
        entries: Vec<TocEntry>,
    },
}

/// A list item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// Printed marker ("a)"), when the source prints one.
    pub num: Option<String>,
    /// The item text.
    pub text: String,
    /// A paragraph under the item.
    pub details: Option<String>,
    /// Nested items.
    pub items: Vec<ItemView>,
    /// Marker style of the nested items.
    pub style: &'static str,
    /// For alternatives in a blank form: an empty checkbox.
    pub checkbox: bool,
}

/// A sub-processor list.
#[derive(Debug, Clone, Serialize)]
pub struct SubprocessorListView {
    /// "Stand: 01.03.2024 · Version 3" where the list has a version of its own.
    pub version_line: Option<String>,
    /// `table` or `list`.
    pub layout: &'static str,
    /// Column headers.
    pub columns: Vec<String>,
    /// Groups in print order (one untitled group when the list has none).
    pub groups: Vec<GroupView>,
}

/// A group of sub-processors.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// Anchor id.
    pub id: String,
    /// Printed number.
    pub num: Option<String>,
    /// Heading.
    pub title: Option<String>,
    /// Table rows, one cell per column.
    pub rows: Vec<Vec<String>>,
    /// List entries: lines per sub-processor (list layout).
    pub entries: Vec<Vec<String>>,
    /// Notes after the group.
    pub notes: Vec<BlockView>,
}

/// A TOM section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Anchor id.
    pub id: String,
    /// Printed number.
    pub num: Option<String>,
    /// Reference ("3.2.1").
    pub reference: String,
    /// Heading (absent when run into the first paragraph).
    pub title: Option<String>,
    /// Depth, from 1.
    pub depth: usize,
    /// Content: intro blocks and measures, in print order.
    pub blocks: Vec<BlockView>,
    /// Sub-sections.
    pub sections: Vec<SectionView>,
    /// Plain-language explanations.
    pub explanations: Vec<ExplanationView>,
}

/// A plain-language explanation.
#[derive(Debug, Clone, Serialize)]
pub struct ExplanationView {
    /// Anchor id.
    pub id: String,
    /// Heading ("In anderen Worten,").
    pub heading: String,
    /// Paragraphs.
    pub paragraphs: Vec<String>,
}

/// A table-of-contents entry.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// Anchor id.
    pub id: String,
    /// Printed number.
    pub num: Option<String>,
    /// Heading.
    pub title: String,
    /// Depth, from 1.
    pub depth: usize,
}

/// A signature block.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureView {
    /// `controller` or `processor`.
    pub role: String,
    /// Place and date above the line ("Dresden, 29.02.2024", or "Ort, Datum" to fill in).
    pub place_date: Option<String>,
    /// The caption under the line.
    pub caption: String,
    /// The signatory and function, where pre-signed.
    pub signatory: Option<String>,
}

/// A footnote.
#[derive(Debug, Clone, Serialize)]
pub struct FootnoteView {
    /// Its number.
    pub num: usize,
    /// Its text.
    pub text: String,
}

/// What to render: an agreement, optionally as one customer's instance.
pub struct Source<'a> {
    /// The loaded folder.
    pub folder: &'a Folder,
    /// The customer instance to render, if any.
    pub instance: Option<&'a CustomerFile>,
    /// The instance's id (file stem).
    pub instance_id: Option<&'a str>,
}

struct Ctx<'a> {
    flavor: Flavor,
    agreement: &'a AgreementFile,
    tom: Option<&'a TomFile>,
    subprocessors: Option<&'a SubprocessorsFile>,
    instance: Option<&'a CustomerFile>,
    values: BTreeMap<String, String>,
    blanks: BTreeMap<String, String>,
    footnotes: BTreeMap<String, usize>,
    /// The folder, for the ids links may point to.
    folder: &'a Folder,
    /// Every id of the folder, gathered at the first link.
    anchors: std::sync::OnceLock<std::collections::HashSet<String>>,
    /// The external links written so far: text and address, each address once.
    external: std::cell::RefCell<Vec<(String, String)>>,
}

impl Resolver for Ctx<'_> {
    fn placeholder(&self, key: &str) -> PlaceholderText {
        match self.values.get(key).filter(|v| !v.trim().is_empty()) {
            Some(value) => PlaceholderText::Value(value.clone()),
            None => PlaceholderText::Blank(self.blanks.get(key).cloned().unwrap_or_else(|| "_____".to_owned())),
        }
    }

    fn footnote(&self, id: &str) -> Option<usize> {
        self.footnotes.get(id).copied()
    }

    fn anchor(&self, id: &str) -> bool {
        self.anchors
            .get_or_init(|| {
                let index = crate::validate::ids::index(self.folder, &mut Vec::new());
                index.sites.keys().map(|id| (*id).to_owned()).collect()
            })
            .contains(id)
    }

    fn linked(&self, text: &str, url: &str) {
        let mut external = self.external.borrow_mut();
        if !external.iter().any(|(_, known)| known == url) {
            external.push((text.to_owned(), url.to_owned()));
        }
    }
}

impl Ctx<'_> {
    fn rich(&self, text: &str) -> String {
        inline::render(text, self.flavor, self)
    }

    fn rich_opt(&self, text: Option<&String>) -> Option<String> {
        text.map(|t| self.rich(t))
    }

    fn plain(&self, text: &str) -> String {
        inline::escape(text, self.flavor)
    }

    /// Text whose words are never hyphenated in the PDF ("finale Version"
    /// in a narrow status column).
    fn unbroken(&self, text: &str) -> String {
        match self.flavor {
            Flavor::Typst => format!("#text(hyphenate: false)[{}]", self.plain(text)),
            _ => self.plain(text),
        }
    }

    fn date(&self, date: Date) -> String {
        german_date(date, self.agreement.meta.date_style)
    }

    /// Whether option `option` of `choice` applies: in a blank form every
    /// option is shown; in an instance only the chosen ones.
    fn chosen(&self, choice: &str, option: &str) -> bool {
        match self.instance {
            None => true,
            Some(instance) => {
                instance.choices.get(choice).is_some_and(|c| c.ids().iter().any(|id| id.as_str() == option))
            }
        }
    }
}

/// Builds the view of `source` for `flavor`.
pub fn build(source: &Source<'_>, flavor: Flavor, trace: Trace) -> Option<DocumentView> {
    let agreement = &source.folder.agreement.as_ref()?.value;
    let values = source.instance.map(CustomerFile::flat_values).unwrap_or_default();
    let blanks = agreement
        .placeholder
        .iter()
        // `{label}` is the placeholder's label in its own blank too.
        .map(|p| (p.key.clone(), p.blank.as_deref().unwrap_or(&agreement.meta.blank).replace("{label}", &p.label)))
        .collect();
    let footnotes = agreement.footnote.iter().enumerate().map(|(i, f)| (f.id.to_string(), i + 1)).collect();
    let ctx = Ctx {
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
        external: std::cell::RefCell::new(Vec::new()),
    };
    let meta = &agreement.meta;
    let date = meta.date.map(|d| ctx.date(d));
    let stand_line = meta.stand_line.as_ref().map(|line| {
        let filled = line.replace("{date}", date.as_deref().unwrap_or("")).replace("{version}", &meta.version);
        ctx.plain(&filled)
    });
    let info = AgreementInfo {
        id: meta.id.to_string(),
        title: ctx.rich(&meta.title),
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
    let parts = parts(agreement).into_iter().filter_map(|(kind, annex)| part(&ctx, kind, annex, &stand_line)).collect();
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
    Some(DocumentView { format: format_name(flavor), agreement: info, instance, trace, parts, links })
}

fn format_name(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::Markdown => "md",
        Flavor::Html => "html",
        Flavor::Typst => "typ",
        Flavor::Plain => "txt",
    }
}

/// The parts in print order: as declared, or a sensible default.
fn parts(agreement: &AgreementFile) -> Vec<(PartKind, Option<String>)> {
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
    out.extend(agreement.annex.iter().map(|a| (PartKind::Annex, Some(a.id.to_string()))));
    out.push((PartKind::Subprocessors, None));
    out.push((PartKind::Tom, None));
    out.push((PartKind::Footnotes, None));
    out
}

fn part(ctx: &Ctx<'_>, kind: PartKind, annex: Option<String>, stand_line: &Option<String>) -> Option<PartView> {
    let a = ctx.agreement;
    Some(match kind {
        PartKind::Cover => PartView::Cover { blocks: blocks(ctx, &a.cover.as_ref()?.block, "") },
        PartKind::Parties => PartView::Parties {
            title: ctx.rich(&a.meta.title),
            subtitle: ctx.rich_opt(a.meta.subtitle.as_ref()),
            stand_line: stand_line.clone(),
            contract_date: ctx.instance.and_then(|i| i.instance.contract_date).map(|d| ctx.plain(&ctx.date(d))),
            parties: a
                .party
                .iter()
                .map(|p| PartyView {
                    role: p.role.to_string(),
                    lead: ctx.rich_opt(p.lead.as_ref()),
                    name: ctx.rich(&p.name),
                    lines: p.lines.iter().map(|l| ctx.rich(l)).collect(),
                    inline: p.inline,
                    designation: p.designation.iter().map(|d| ctx.rich(d)).collect(),
                })
                .collect(),
        },
        PartKind::Body => PartView::Body {
            preamble: a.body.as_ref().map(|b| blocks(ctx, &b.preamble, "")).unwrap_or_default(),
            clauses: clauses(ctx, &a.clause, "", 1),
            closing: a.body.as_ref().map(|b| blocks(ctx, &b.closing, "")).unwrap_or_default(),
        },
        PartKind::Signatures => {
            let signing = ctx.instance.and_then(|i| i.signing.as_ref());
            let place_date = signing.and_then(|s| match (&s.place, s.date) {
                (Some(place), Some(date)) => Some(format!("{place}, {}", ctx.date(date))),
                (Some(place), None) => Some(place.clone()),
                (None, Some(date)) => Some(ctx.date(date)),
                (None, None) => None,
            });
            PartView::Signatures {
                place_date: place_date.as_deref().map(|p| ctx.plain(p)),
                signatures: a
                    .signature
                    .iter()
                    .map(|s| {
                        let role = a.party.iter().find(|p| p.id == s.party).map_or("", |p| p.role.code());
                        let own = match (&s.place, s.date) {
                            (Some(place), Some(date)) => Some(format!("{place}, {}", ctx.date(date))),
                            (Some(place), None) => Some(place.clone()),
                            (None, Some(date)) => Some(ctx.date(date)),
                            (None, None) if place_date.is_none() && !s.caption.contains("Datum") => {
                                Some("Ort, Datum".to_owned())
                            }
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
                title: ctx.rich_opt(annex.title.as_ref()),
                blocks: blocks(ctx, &annex.block, ""),
                clauses: clauses(ctx, &annex.clause, "", 1),
            }
        }
        PartKind::Subprocessors => {
            let list = ctx.subprocessors?;
            if list.list.placed_in.is_some() {
                return None;
            }
            PartView::Subprocessors {
                id: list.list.id.to_string(),
                num: list.list.num.as_deref().map(|n| ctx.plain(n)),
                title: ctx.rich_opt(list.list.title.as_ref()),
                list: subprocessor_list(ctx, list, &[]),
            }
        }
        PartKind::Tom => {
            let tom = ctx.tom?;
            PartView::Tom {
                id: tom.annex.id.to_string(),
                num: tom.annex.num.as_deref().map(|n| ctx.plain(n)),
                title: ctx.rich(&tom.annex.title),
                subtitle: ctx.rich_opt(tom.annex.subtitle.as_ref()),
                version_line: version_line(ctx, tom.annex.version.as_deref(), tom.annex.date),
                blocks: blocks(ctx, &tom.annex.block, ""),
                toc: if tom.annex.toc { toc(ctx, &tom.section, 1) } else { Vec::new() },
                sections: sections(ctx, &tom.section, "", 1),
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

fn clauses(ctx: &Ctx<'_>, list: &[Clause], parent: &str, depth: usize) -> Vec<ClauseView> {
    list.iter()
        .map(|c| {
            let reference = c.reference.clone().unwrap_or_else(|| derive_ref(parent, c.num.as_deref()));
            ClauseView {
                id: c.id.to_string(),
                num: c.num.as_deref().map(|n| ctx.plain(n)),
                title: ctx.rich_opt(c.title.as_ref()),
                text: ctx.rich_opt(c.text.as_ref()),
                blocks: blocks(ctx, &c.block, &reference),
                clauses: clauses(ctx, &c.clause, &reference, depth + 1),
                reference,
                depth,
            }
        })
        .collect()
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

fn blocks(ctx: &Ctx<'_>, list: &[Block], reference: &str) -> Vec<BlockView> {
    let mut out = Vec::new();
    for block in list {
        if let Some(p) = &block.p {
            out.push(BlockView::P { num: None, lead: None, text: ctx.rich(p) });
        } else if let Some(items) = &block.list {
            out.push(BlockView::List { style: style_name(block.style, "bullet"), items: list_items(ctx, items) });
        } else if let Some(table) = &block.table {
            out.push(BlockView::Table {
                columns: table.columns.iter().map(|c| ctx.rich(c)).collect(),
                rows: table.rows.iter().map(|r| r.iter().map(|c| ctx.rich(c)).collect()).collect(),
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
                        text: ctx.rich(&option.text),
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
                text: ctx.rich(&entry.text),
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
                text: ctx.rich(&i.text),
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
                    text: ctx.rich(&s.name),
                    details: None,
                    items: Vec::new(),
                    style: "bullet",
                    checkbox: false,
                })
                .collect(),
        }],
        EmbedTarget::Subprocessors => match ctx.subprocessors {
            Some(list) => vec![BlockView::Subprocessors { list: subprocessor_list(ctx, list, &block.groups) }],
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
            Some(history) => vec![BlockView::Table {
                columns: history.columns.iter().map(|c| ctx.plain(c)).collect(),
                rows: history
                    .row
                    .iter()
                    .map(|r| {
                        vec![
                            ctx.plain(&r.version),
                            ctx.unbroken(&r.status),
                            r.date.map(|d| ctx.plain(&german_date(d, DateStyle::Numeric))).unwrap_or_default(),
                            ctx.rich(&r.responsible),
                            ctx.rich(&r.change),
                        ]
                    })
                    .collect(),
            }],
            None => Vec::new(),
        },
        EmbedTarget::Toc => match ctx.tom {
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
                .map(|e| vec![e.label.as_deref().map(|l| ctx.rich(l)).unwrap_or_default(), ctx.rich(&e.value)])
                .collect(),
        }]
    } else {
        vec![BlockView::Lines { lines: entries.iter().map(|e| ctx.rich(&e.value)).collect() }]
    }
}

fn subprocessor_list(
    ctx: &Ctx<'_>,
    file: &SubprocessorsFile,
    only: &[crate::model::primitives::Id],
) -> SubprocessorListView {
    let layout = match file.list.layout {
        ListLayout::Table => "table",
        ListLayout::List => "list",
    };
    let fields: Vec<SubprocessorField> = if file.list.columns.is_empty() {
        vec![
            SubprocessorField::Name,
            SubprocessorField::Address,
            SubprocessorField::Service,
            SubprocessorField::Safeguards,
        ]
    } else {
        file.list.columns.iter().map(|c| c.field).collect()
    };
    let columns = if file.list.columns.is_empty() {
        ["Unterauftragnehmer", "Anschrift", "Leistung", "Garantien"].iter().map(|c| ctx.plain(c)).collect()
    } else {
        file.list.columns.iter().map(|c| ctx.rich(&c.header)).collect()
    };
    let row = |s: &Subprocessor| -> Vec<String> { fields.iter().map(|f| cell(ctx, s, *f)).collect() };
    let entry = |s: &Subprocessor| -> Vec<String> {
        let mut lines = vec![match &s.address {
            Some(address) => ctx.rich(&format!("{}, {address}:", s.name)),
            None => ctx.rich(&format!("{}:", s.name)),
        }];
        lines.push(ctx.rich(&s.service));
        let safeguards = s.safeguards.iter().map(|g| g.label.as_str()).collect::<Vec<_>>().join(", ");
        if !safeguards.is_empty() {
            lines.push(ctx.rich(&safeguards));
        }
        lines
    };
    let make =
        |id: String, num: Option<String>, title: Option<String>, members: Vec<&Subprocessor>, notes: Vec<BlockView>| {
            GroupView {
                id,
                num,
                title,
                rows: if layout == "table" { members.iter().map(|s| row(s)).collect() } else { Vec::new() },
                entries: if layout == "list" { members.iter().map(|s| entry(s)).collect() } else { Vec::new() },
                notes,
            }
        };
    let mut groups = Vec::new();
    if file.group.is_empty() {
        groups.push(make(file.list.id.to_string(), None, None, file.subprocessor.iter().collect(), Vec::new()));
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
                    text: ctx.rich(&n.text),
                })
                .collect();
            groups.push(make(
                group.id.to_string(),
                group.num.as_deref().map(|n| ctx.plain(n)),
                Some(ctx.rich(&group.title)),
                members,
                notes,
            ));
        }
    }
    let version_line = version_line(ctx, file.list.version.as_deref(), file.list.date);
    SubprocessorListView { version_line, layout, columns, groups }
}

/// "Stand: 01.03.2024 · Version 2.1" for an annex or list with a version of
/// its own (either part alone where only one is set); escaped.
fn version_line(ctx: &Ctx<'_>, version: Option<&str>, date: Option<crate::model::primitives::Date>) -> Option<String> {
    let parts: Vec<String> = [date.map(|d| format!("Stand: {}", ctx.date(d))), version.map(|v| format!("Version {v}"))]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| ctx.plain(&parts.join(" · ")))
}

fn cell(ctx: &Ctx<'_>, s: &Subprocessor, field: SubprocessorField) -> String {
    match field {
        SubprocessorField::Name => ctx.rich(&s.name),
        SubprocessorField::Address => s.address.as_deref().map(|a| ctx.rich(a)).unwrap_or_default(),
        SubprocessorField::Location => match &s.processing {
            Some(p) => match &p.location {
                Some(location) => ctx.rich(location),
                None => ctx.plain(&p.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")),
            },
            None => ctx.plain(s.country.as_str()),
        },
        SubprocessorField::Service => ctx.rich(&s.service),
        SubprocessorField::Safeguards => {
            ctx.rich(&s.safeguards.iter().map(|g| g.label.as_str()).collect::<Vec<_>>().join(", "))
        }
        SubprocessorField::Country => ctx.plain(s.country.as_str()),
    }
}

fn toc(ctx: &Ctx<'_>, list: &[Section], depth: usize) -> Vec<TocEntry> {
    let mut out = Vec::new();
    for s in list {
        if let Some(title) = &s.title {
            out.push(TocEntry {
                id: s.id.to_string(),
                num: s.num.as_deref().map(|n| ctx.plain(n)),
                title: ctx.rich(title),
                depth,
            });
        }
        out.extend(toc(ctx, &s.section, depth + 1));
    }
    out
}

fn sections(ctx: &Ctx<'_>, list: &[Section], parent: &str, depth: usize) -> Vec<SectionView> {
    list.iter()
        .map(|s| {
            let reference = s.reference.clone().unwrap_or_else(|| derive_ref(parent, s.num.as_deref()));
            let mut content = blocks(ctx, &s.block, &reference);
            content.extend(measures(ctx, &s.measure));
            let run_in = s.heading_style == Some(crate::model::codes::HeadingStyle::RunIn);
            let mut title = ctx.rich_opt(s.title.as_ref());
            if run_in {
                if let (Some(BlockView::P { lead, .. }), Some(t)) = (content.first_mut(), title.take()) {
                    *lead = Some(t);
                } else {
                    title = ctx.rich_opt(s.title.as_ref());
                }
            }
            SectionView {
                id: s.id.to_string(),
                num: s.num.as_deref().map(|n| ctx.plain(n)),
                title,
                depth,
                blocks: content,
                sections: sections(ctx, &s.section, &reference, depth + 1),
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

/// Groups consecutive bullet measures into lists; paragraphs stand alone.
fn measures(ctx: &Ctx<'_>, list: &[Measure]) -> Vec<BlockView> {
    let mut out: Vec<BlockView> = Vec::new();
    for m in list {
        let style = m.style.unwrap_or(MeasureStyle::Bullet);
        match style {
            MeasureStyle::Paragraph => {
                let text = m.text.as_deref().map(|t| ctx.rich(t)).unwrap_or_default();
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
    let (text, details) = match (&m.label, &m.text, m.style) {
        (Some(label), text, Some(MeasureStyle::Titled)) => (ctx.rich(label), ctx.rich_opt(text.as_ref())),
        (_, Some(text), _) => {
            let lead = m.title.as_deref().map(|t| format!("**{t}** ")).unwrap_or_default();
            (ctx.rich(&format!("{lead}{text}")), None)
        }
        (Some(label), None, _) => (ctx.rich(label), None),
        (None, None, _) => (String::new(), None),
    };
    ItemView {
        num: m.num.as_deref().map(|n| ctx.plain(n)),
        text,
        details,
        items: measure_items(ctx, &m.items),
        style: "bullet",
        checkbox: false,
    }
}
