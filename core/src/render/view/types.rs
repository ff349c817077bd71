//! The view types a template receives: serialisable, with every text
//! already converted to the output format.

use serde::Serialize;

use crate::load::Folder;
use crate::model::customer::CustomerFile;

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
    /// The ids whose link targets are placed inside texts (list items,
    /// table cells, paragraphs), in print order.
    #[serde(skip)]
    pub placed: Vec<String>,
    /// The ids the texts link to.
    #[serde(skip)]
    pub linked: std::collections::BTreeSet<String>,
}

impl DocumentView {
    /// Every id the document prints a link target for, in print order:
    /// the nodes the templates mark (parties, clauses, annexes, sections,
    /// explanations, sub-processor groups), then those placed inside texts.
    pub fn targets(&self) -> Vec<String> {
        let mut out = Vec::new();
        for part in &self.parts {
            match part {
                PartView::Cover { blocks } => block_targets(blocks, &mut out),
                PartView::Parties { parties, .. } => out.extend(parties.iter().map(|p| p.id.clone())),
                PartView::Body { preamble, clauses, closing } => {
                    block_targets(preamble, &mut out);
                    clause_targets(clauses, &mut out);
                    block_targets(closing, &mut out);
                }
                PartView::Annex { id, blocks, clauses, .. } => {
                    out.push(id.clone());
                    block_targets(blocks, &mut out);
                    clause_targets(clauses, &mut out);
                }
                PartView::Subprocessors { id, list, .. } => {
                    out.push(id.clone());
                    list_targets(list, &mut out);
                }
                PartView::Tom { id, blocks, sections, .. } => {
                    out.push(id.clone());
                    block_targets(blocks, &mut out);
                    section_targets(sections, &mut out);
                }
                PartView::Signatures { .. } | PartView::Footnotes { .. } => {}
            }
        }
        out.extend(self.placed.iter().cloned());
        out
    }
}

fn clause_targets(clauses: &[ClauseView], out: &mut Vec<String>) {
    for clause in clauses {
        out.push(clause.id.clone());
        block_targets(&clause.blocks, out);
        clause_targets(&clause.clauses, out);
    }
}

fn section_targets(sections: &[SectionView], out: &mut Vec<String>) {
    for section in sections {
        out.push(section.id.clone());
        block_targets(&section.blocks, out);
        out.extend(section.explanations.iter().map(|e| e.id.clone()));
        section_targets(&section.sections, out);
    }
}

fn block_targets(blocks: &[BlockView], out: &mut Vec<String>) {
    for block in blocks {
        if let BlockView::Subprocessors { list } = block {
            list_targets(list, out);
        }
    }
}

fn list_targets(list: &SubprocessorListView, out: &mut Vec<String>) {
    for group in &list.groups {
        out.extend(group.id.clone());
        block_targets(&group.notes, out);
    }
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
    /// What stands between an annex's designation and its title (": ").
    pub annex_separator: String,
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
    /// Its id (a target of links and page references).
    pub id: String,
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
    /// An optional clause in a blank form: its heading carries an empty
    /// checkbox (in an instance it is either printed plainly or left out).
    pub optional: bool,
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
    /// The list's title, where a clause embeds the list and so no annex
    /// heading prints it: a caption above the list.
    pub title: Option<String>,
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
    /// Anchor id; none for a list without groups that an annex prints,
    /// whose heading is the list's target.
    pub id: Option<String>,
    /// Printed number.
    pub num: Option<String>,
    /// Heading.
    pub title: Option<String>,
    /// Table rows, one cell per column.
    pub rows: Vec<Vec<String>>,
    /// List entries: lines per sub-processor (list layout).
    pub entries: Vec<Vec<String>>,
    /// For a group without sub-processors, what prints instead of an empty
    /// table or list („Keine Unterauftragnehmer.“): a table of headings
    /// alone reads as if its rows were lost.
    pub empty: Option<String>,
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
