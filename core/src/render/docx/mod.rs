//! DOCX: a document as a Word file, for legal teams who review and redline
//! in Word.
//!
//! The file is built from the same [`DocumentView`] the templates get, with
//! its texts in [run markup](crate::render::inline::run)
//! ([`Flavor::Docx`](crate::render::inline::Flavor::Docx)): the one inline
//! tokenizer turns the source's `**bold**`, links, blanks and footnote
//! references into marks, `runs` reads the marks back as pieces, and
//! this module writes each piece as a Word run. Data never becomes markup:
//! escaping for DOCX shows control characters as symbols, so no string can
//! forge a mark, and docx-rs escapes every text it writes as XML.
//!
//! What is printed is what the other formats print: numbers are the printed
//! `num` texts ("§ 3", "6.5", "a)"), never Word's automatic numbering,
//! which would renumber while a document is redlined. Footnotes are Word
//! footnotes, blanks of a form are highlighted yellow, external links are
//! hyperlinks, links inside the document point at bookmarks, and the trace
//! line (version, commit, data hash) is the page footer.
//!
//! docx-rs lays out the parts; `package` packs them itself so that the
//! same view gives the same bytes (fixed dates, ids and part order).

mod letter;
mod order;
mod package;
mod runs;
mod synopsis;

pub use letter::write_letter;
pub use synopsis::write_synopsis;

use std::collections::{BTreeMap, BTreeSet};

use docx_rs::{
    BreakType, Docx, FieldCharType, Footer, Footnote, Hyperlink, HyperlinkData, HyperlinkType, InstrPAGEREF, InstrText,
    LineSpacing, LineSpacingType, PageMargin, Paragraph, Run, RunFonts, RunProperty, Shading, SpecialIndentType, Style,
    StyleType, Table, TableCell, TableRow, VertAlignType, WidthType,
};

use super::RenderError;
use super::view::*;
use crate::model::primitives::Date;
use runs::{Link, Piece};

/// How a DOCX is dated.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocxOptions {
    /// The creation time in seconds since 1970 (`SOURCE_DATE_EPOCH`, or the
    /// commit's time), for the document properties and the ZIP entries.
    pub epoch: Option<i64>,
    /// The date used when no epoch is given: the agreement's version date.
    pub date: Option<Date>,
}

/// Writes the view of a document (built for
/// [`Flavor::Docx`](crate::render::inline::Flavor::Docx)) as a DOCX file.
pub fn write(view: &DocumentView, options: &DocxOptions) -> Result<Vec<u8>, RenderError> {
    let mut writer = Writer::new(view);
    let mut out = Vec::new();
    for part in &view.parts {
        writer.part(&mut out, part);
    }
    writer.unreferenced_footnotes(&mut out);
    writer.links(&mut out, &view.links);

    let mut docx = page();
    for child in out {
        docx = match child {
            Child::Paragraph(p) => docx.add_paragraph(*p),
            Child::Table(t) => docx.add_table(*t),
        };
    }
    // An anchor at the very end has no paragraph in the body to go into.
    writer.pending.clear();
    let trace = writer.paragraph().style("Footer");
    let trace = writer.runs(trace, &view.trace.line, Base::default());
    docx = docx.footer(Footer::new().add_paragraph(trace));

    let title = runs::plain(&view.agreement.title);
    let properties = package::Properties {
        title: match &view.instance {
            Some(instance) => format!("{title} – {}", instance.name.as_deref().unwrap_or(&instance.id)),
            None => title,
        },
        subject: format!("{} {} · Version {}", view.agreement.label, view.agreement.id, view.agreement.version),
        description: runs::plain(&view.trace.line),
        time: package::time(options.epoch, options.date),
    };
    package::pack(docx.build(), &properties)
}

/// An empty A4 document with avv's page, type and styles, which every
/// DOCX avv writes (documents and Synopsen) shares.
fn page() -> Docx {
    let mut docx = Docx::new()
        .page_size(11_906, 16_838)
        .page_margin(PageMargin::new().top(1417).bottom(1134).left(1417).right(1417).header(708).footer(567))
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri").cs("Calibri").east_asia("Calibri"))
        .default_size(22)
        // `auto`: 1.1 lines of each line's own height (without the rule
        // LibreOffice takes the value as exact, and large type overlaps).
        .default_line_spacing(LineSpacing::new().after(120).line(264).line_rule(LineSpacingType::Auto))
        .default_tab_stop(709);
    for style in styles() {
        docx = docx.add_style(style);
    }
    docx
}

/// A block of the document body: what the body, a table cell and a note
/// can hold.
enum Child {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// The formatting a text starts with (headings are bold throughout).
#[derive(Debug, Clone, Copy, Default)]
struct Base {
    bold: bool,
    italic: bool,
}

const BOLD: Base = Base { bold: true, italic: false };

/// Twips (1/20 pt) per indentation step: 1 cm.
const STEP: i32 = 567;
/// The width of the text area of an A4 page with the margins above.
const TEXT_WIDTH: usize = 9072;

struct Writer<'v> {
    /// The footnotes' texts by their printed number.
    footnotes: BTreeMap<usize, &'v str>,
    /// The footnotes referenced so far.
    referenced: BTreeSet<usize>,
    /// The next Word footnote id (each reference is a footnote of its own).
    next_footnote: usize,
    /// The next hyperlink relationship number.
    next_link: usize,
    /// The next paragraph id.
    next_paragraph: u32,
    /// The bookmark of each node a link can point to: its number and name.
    bookmarks: BTreeMap<String, (usize, String)>,
    /// Nodes whose bookmark goes into the next paragraph.
    pending: Vec<String>,
    /// Bookmarks already placed.
    placed: BTreeSet<String>,
    /// Writing a footnote: Word has no footnotes in footnotes, and
    /// docx-rs no relationships for links in them.
    in_note: bool,
    /// What stands between an annex's designation and its title.
    annex_separator: &'v str,
}

impl<'v> Writer<'v> {
    fn new(view: &'v DocumentView) -> Self {
        let mut footnotes = BTreeMap::new();
        for part in &view.parts {
            if let PartView::Footnotes { footnotes: list } = part {
                footnotes.extend(list.iter().map(|f| (f.num, f.text.as_str())));
            }
        }
        let ids = view.targets();
        let mut bookmarks = BTreeMap::new();
        for id in ids {
            let number = bookmarks.len() + 1;
            bookmarks.entry(id).or_insert_with_key(|id| (number, bookmark_name(id, number)));
        }
        Writer {
            footnotes,
            referenced: BTreeSet::new(),
            next_footnote: 1,
            next_link: 1,
            next_paragraph: 0,
            bookmarks,
            pending: Vec::new(),
            placed: BTreeSet::new(),
            in_note: false,
            annex_separator: &view.agreement.annex_separator,
        }
    }

    /// A new paragraph with a stable id, carrying the pending bookmarks.
    fn paragraph(&mut self) -> Paragraph {
        self.next_paragraph += 1;
        let mut p = Paragraph::new().id(format!("{:08X}", self.next_paragraph));
        // A footnote's paragraphs leave the pending bookmarks to the text's next one.
        if !self.in_note {
            for id in std::mem::take(&mut self.pending) {
                p = self.bookmark(p, &id);
            }
        }
        p
    }

    /// `p` with the bookmark of node `id`, the first time it is placed
    /// (never in a footnote, which Word keeps apart from the text).
    fn bookmark(&mut self, p: Paragraph, id: &str) -> Paragraph {
        match self.bookmarks.get(id) {
            Some((number, name)) if !self.in_note && self.placed.insert(id.to_owned()) => {
                p.add_bookmark_start(*number, name.clone()).add_bookmark_end(*number)
            }
            _ => p,
        }
    }

    /// Marks `id` as the target of links: its bookmark goes into the next paragraph.
    fn anchor(&mut self, id: &str) {
        self.pending.push(id.to_owned());
    }

    /// A paragraph of run markup.
    fn text(&mut self, out: &mut Vec<Child>, markup: &str) {
        let p = self.paragraph();
        let p = self.runs(p, markup, Base::default());
        out.push(Child::Paragraph(Box::new(p)));
    }

    /// A heading of `level` (1 to 6): the printed number, then the title.
    fn heading(&mut self, out: &mut Vec<Child>, level: usize, num: Option<&str>, title: &str, new_page: bool) {
        let style = format!("Heading{}", level.clamp(1, 6));
        let mut p = self.paragraph().style(&style).keep_next(true);
        if new_page {
            p = p.page_break_before(true);
        }
        if let Some(num) = num.filter(|n| !n.is_empty()) {
            p = self.runs(p, num, Base::default());
            p = p.add_run(Run::new().add_text(" "));
        }
        let p = self.runs(p, title, Base::default());
        out.push(Child::Paragraph(Box::new(p)));
    }

    /// Appends run markup to a paragraph as runs.
    fn runs(&mut self, mut p: Paragraph, markup: &str, base: Base) -> Paragraph {
        let pieces = runs::pieces(markup);
        let mut i = 0;
        while i < pieces.len() {
            match &pieces[i] {
                Piece::Text { link: Some(link), .. } => {
                    let end = pieces[i..]
                        .iter()
                        .position(|piece| !matches!(piece, Piece::Text { link: Some(l), .. } if l == link))
                        .map_or(pieces.len(), |n| i + n);
                    p = self.link(p, link, &pieces[i..end], base);
                    i = end;
                    continue;
                }
                Piece::Text { text, bold, italic, blank, .. } => {
                    p = p.add_run(run(text, base.bold || *bold, base.italic || *italic, *blank, None));
                }
                Piece::Break => p = p.add_run(Run::new().add_break(BreakType::TextWrapping)),
                Piece::Footnote(n) => p = p.add_run(self.footnote(*n)),
                Piece::Page { id, place } => p = self.page(p, id, place, base),
                Piece::Target(id) => p = self.bookmark(p, id),
            }
            i += 1;
        }
        p
    }

    /// A page reference: "Seite " and Word's PAGEREF field to the node's
    /// bookmark, which Word and LibreOffice compute from their own layout
    /// (marked dirty, so the number is counted when the file opens); the
    /// place in words where the node has no bookmark.
    fn page(&mut self, p: Paragraph, id: &str, place: &str, base: Base) -> Paragraph {
        let Some((_, name)) = self.bookmarks.get(id).filter(|_| !self.in_note) else {
            return p.add_run(run(place, base.bold, base.italic, false, None));
        };
        let name = name.clone();
        let styled = |r: Run| run_base(r, base);
        p.add_run(styled(Run::new().add_text("Seite ")))
            .add_run(styled(Run::new().add_field_char(FieldCharType::Begin, true)))
            .add_run(styled(Run::new().add_instr_text(InstrText::PAGEREF(InstrPAGEREF::new(name).hyperlink()))))
            .add_run(styled(Run::new().add_field_char(FieldCharType::Separate, false)))
            .add_run(styled(Run::new().add_text("?")))
            .add_run(styled(Run::new().add_field_char(FieldCharType::End, false)))
    }

    /// The pieces of one link: a hyperlink where Word can have one, else
    /// the text (and, for an address, the address after it).
    fn link(&mut self, mut p: Paragraph, link: &Link, pieces: &[Piece], base: Base) -> Paragraph {
        let mut hyperlink = match link {
            Link::External(url) if !self.in_note => {
                let mut hyperlink = Hyperlink::new(url.as_str(), HyperlinkType::External);
                // docx-rs numbers relationships from a counter shared by the
                // whole process: numbered per document, so that the same
                // document is the same bytes.
                if let HyperlinkData::External { rid, .. } = &mut hyperlink.link {
                    *rid = format!("rIdHyperlink{}", self.next_link);
                }
                self.next_link += 1;
                Some(hyperlink)
            }
            Link::Internal(id) => {
                self.bookmarks.get(id).map(|(_, name)| Hyperlink::new(name.as_str(), HyperlinkType::Anchor))
            }
            Link::External(_) => None,
        };
        let mut text = String::new();
        for piece in pieces {
            if let Piece::Text { text: part, bold, italic, blank, .. } = piece {
                text.push_str(part);
                let style = hyperlink.is_some().then_some("Hyperlink");
                let r = run(part, base.bold || *bold, base.italic || *italic, *blank, style);
                match hyperlink.take() {
                    Some(h) => hyperlink = Some(h.add_run(r)),
                    None => p = p.add_run(r),
                }
            }
        }
        match (hyperlink, link) {
            (Some(h), _) => p.add_hyperlink(h),
            (None, Link::External(url)) => {
                let address = url.trim_start_matches("mailto:");
                if address != text {
                    p = p.add_run(run(&format!(" ({address})"), base.bold, base.italic, false, None));
                }
                p
            }
            (None, Link::Internal(_)) => p,
        }
    }

    /// The reference to footnote `n`: a Word footnote with its text, or
    /// the number in superscript inside a footnote.
    fn footnote(&mut self, n: usize) -> Run {
        let mark = Run::new().style("FootnoteReference");
        let text = self.footnotes.get(&n).copied();
        let Some(text) = text.filter(|_| !self.in_note) else {
            return mark.add_text(n.to_string());
        };
        self.referenced.insert(n);
        let id = self.next_footnote;
        self.next_footnote += 1;
        self.in_note = true;
        let p = self.paragraph().style("FootnoteText");
        // The number the other formats print, in the text and in the note:
        // the reference carries it as a custom mark (`w:customMarkFollows`,
        // set when the package is written), so that Word does not number
        // the notes by their order in the text instead.
        let p = p
            .add_run(Run::new().style("FootnoteReference").add_text(n.to_string()))
            .add_run(run(" ", false, false, false, None));
        let p = self.runs(p, text, Base::default());
        self.in_note = false;
        mark.add_footnote_reference(Footnote { id, content: vec![p] }).add_text(n.to_string())
    }

    fn part(&mut self, out: &mut Vec<Child>, part: &PartView) {
        match part {
            PartView::Cover { blocks } => {
                self.blocks(out, blocks, 0);
                let p = self.paragraph().add_run(Run::new().add_break(BreakType::Page));
                out.push(Child::Paragraph(Box::new(p)));
            }
            PartView::Parties { title, subtitle, stand_line, contract_date, parties } => {
                let p = self.paragraph().style("Title");
                let p = self.runs(p, title, Base::default());
                out.push(Child::Paragraph(Box::new(p)));
                if let Some(subtitle) = subtitle {
                    let p = self.paragraph().style("Subtitle");
                    let p = self.runs(p, subtitle, Base::default());
                    out.push(Child::Paragraph(Box::new(p)));
                }
                for line in [stand_line, contract_date].into_iter().flatten() {
                    self.text(out, line);
                }
                for party in parties {
                    self.anchor(&party.id);
                    if let Some(lead) = &party.lead {
                        self.text(out, lead);
                    }
                    let mut p = self.paragraph().keep_lines(true);
                    p = self.runs(p, &party.name, BOLD);
                    for line in &party.lines {
                        p = if party.inline {
                            p.add_run(Run::new().add_text(", "))
                        } else {
                            p.add_run(Run::new().add_break(BreakType::TextWrapping))
                        };
                        p = self.runs(p, line, Base::default());
                    }
                    out.push(Child::Paragraph(Box::new(p)));
                    for line in &party.designation {
                        self.text(out, line);
                    }
                }
            }
            PartView::Body { preamble, clauses, closing } => {
                self.blocks(out, preamble, 0);
                self.clauses(out, clauses, 1);
                self.blocks(out, closing, 0);
            }
            PartView::Signatures { signatures } => self.signatures(out, signatures),
            PartView::Annex { id, num, title, blocks, clauses } => {
                self.anchor(id);
                self.annex_heading(out, num.as_deref(), title.as_deref());
                self.blocks(out, blocks, 0);
                self.clauses(out, clauses, 2);
            }
            PartView::Subprocessors { id, num, title, list } => {
                self.anchor(id);
                self.annex_heading(out, num.as_deref(), title.as_deref());
                self.subprocessors(out, list);
            }
            PartView::Tom { id, num, title, subtitle, version_line, blocks, toc, sections } => {
                self.anchor(id);
                self.annex_heading(out, num.as_deref(), Some(title));
                for line in [subtitle, version_line].into_iter().flatten() {
                    self.text(out, line);
                }
                if !toc.is_empty() {
                    let p =
                        self.paragraph().keep_next(true).add_run(run("Inhaltsverzeichnis", true, false, false, None));
                    out.push(Child::Paragraph(Box::new(p)));
                    self.toc(out, toc);
                }
                self.blocks(out, blocks, 0);
                self.sections(out, sections);
            }
            // Word footnotes, written where they are referenced.
            PartView::Footnotes { .. } => {}
        }
    }

    /// "Anhang 1: Title", on a new page.
    fn annex_heading(&mut self, out: &mut Vec<Child>, num: Option<&str>, title: Option<&str>) {
        match (num, title) {
            (Some(num), Some(title)) => {
                let heading = format!("{num}{}{title}", self.annex_separator);
                self.heading(out, 1, None, &heading, true);
            }
            (num, title) => self.heading(out, 1, num, title.unwrap_or_default(), true),
        }
    }

    fn clauses(&mut self, out: &mut Vec<Child>, clauses: &[ClauseView], base_level: usize) {
        for clause in clauses {
            self.anchor(&clause.id);
            let indent = STEP * i32::try_from(clause.depth.saturating_sub(1)).unwrap_or(0);
            match &clause.title {
                Some(title) => {
                    self.heading(out, base_level + clause.depth - 1, clause.num.as_deref(), title, false);
                    if let Some(text) = &clause.text {
                        self.text(out, text);
                    }
                }
                None => {
                    let mut p = self.paragraph();
                    if let Some(num) = clause.num.as_deref().filter(|n| !n.is_empty()) {
                        p = p.indent(Some(indent + STEP), Some(SpecialIndentType::Hanging(STEP)), None, None);
                        p = self.runs(p, num, Base::default());
                        p = p.add_run(Run::new().add_tab());
                    } else if indent > 0 {
                        p = p.indent(Some(indent), None, None, None);
                    }
                    let p = self.runs(p, clause.text.as_deref().unwrap_or_default(), Base::default());
                    out.push(Child::Paragraph(Box::new(p)));
                }
            }
            self.blocks(out, &clause.blocks, 0);
            self.clauses(out, &clause.clauses, base_level);
        }
    }

    fn sections(&mut self, out: &mut Vec<Child>, sections: &[SectionView]) {
        for section in sections {
            self.anchor(&section.id);
            if let Some(title) = &section.title {
                self.heading(out, section.depth + 1, section.num.as_deref(), title, false);
            }
            self.blocks(out, &section.blocks, 0);
            for explanation in &section.explanations {
                self.anchor(&explanation.id);
                let p = self.paragraph().style("Explanation").keep_next(true);
                let p = self.runs(p, &explanation.heading, BOLD);
                out.push(Child::Paragraph(Box::new(p)));
                for paragraph in &explanation.paragraphs {
                    let p = self.paragraph().style("Explanation");
                    let p = self.runs(p, paragraph, Base::default());
                    out.push(Child::Paragraph(Box::new(p)));
                }
            }
            self.sections(out, &section.sections);
        }
    }

    fn blocks(&mut self, out: &mut Vec<Child>, blocks: &[BlockView], level: usize) {
        for block in blocks {
            match block {
                BlockView::P { num, lead, text } => {
                    let mut p = self.paragraph();
                    if let Some(num) = num {
                        p = p.indent(Some(STEP), Some(SpecialIndentType::Hanging(STEP)), None, None);
                        p = self.runs(p, num, Base::default()).add_run(Run::new().add_tab());
                    }
                    if let Some(lead) = lead {
                        p = self.runs(p, lead, BOLD).add_run(Run::new().add_text(" "));
                    }
                    let p = self.runs(p, text, Base::default());
                    out.push(Child::Paragraph(Box::new(p)));
                }
                BlockView::List { style, items } => self.items(out, items, style, level),
                BlockView::Table { columns, rows } => {
                    let width = columns.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
                    let mut table = Vec::new();
                    if !columns.is_empty() {
                        table.push(self.row(columns, true));
                    }
                    table.extend(rows.iter().map(|row| self.row(row, false)));
                    out.push(Child::Table(Box::new(grid(Table::new(table), width))));
                }
                BlockView::Lines { lines } => {
                    let mut p = self.paragraph();
                    for (i, line) in lines.iter().enumerate() {
                        if i > 0 {
                            p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                        }
                        p = self.runs(p, line, Base::default());
                    }
                    out.push(Child::Paragraph(Box::new(p)));
                }
                BlockView::Subprocessors { list } => self.subprocessors(out, list),
                BlockView::Toc { entries } => self.toc(out, entries),
            }
        }
    }

    /// List items with their printed markers, nested items one step further in.
    fn items(&mut self, out: &mut Vec<Child>, items: &[ItemView], style: &str, level: usize) {
        let left = STEP * (i32::try_from(level).unwrap_or(0) + 1);
        for (index, item) in items.iter().enumerate() {
            let mut marker = match (&item.num, style) {
                (Some(num), _) => num.clone(),
                (None, "numbered") => format!("{}.", index + 1),
                (None, "alpha") => format!("{})", char::from(b'a' + (index % 26) as u8)),
                (None, "none") => String::new(),
                (None, _) if item.checkbox => String::new(),
                (None, _) => "•".to_owned(),
            };
            if item.checkbox {
                marker = if marker.is_empty() { "☐".to_owned() } else { format!("{marker} ☐") };
            }
            let mut p = self.paragraph().indent(Some(left), Some(SpecialIndentType::Hanging(STEP)), None, None);
            if !marker.is_empty() {
                p = self.runs(p, &marker, Base::default());
            }
            p = p.add_run(Run::new().add_tab());
            let p = self.runs(p, &item.text, Base::default());
            out.push(Child::Paragraph(Box::new(p)));
            if let Some(details) = &item.details {
                let p = self.paragraph().indent(Some(left), None, None, None);
                let p = self.runs(p, details, Base::default());
                out.push(Child::Paragraph(Box::new(p)));
            }
            self.items(out, &item.items, item.style, level + 1);
        }
    }

    /// A table row; a header row is bold, shaded and repeated on each page.
    fn row(&mut self, cells: &[String], header: bool) -> TableRow {
        let cells = cells
            .iter()
            .map(|cell| {
                let p = self.paragraph().line_spacing(LineSpacing::new().after(0));
                let p = self.runs(p, cell, if header { BOLD } else { Base::default() });
                let cell = TableCell::new().add_paragraph(p);
                if header { cell.shading(Shading::new().fill("E7E6E6")) } else { cell }
            })
            .collect();
        TableRow::new(cells)
    }

    /// Marks a sub-processor group's anchor and returns its heading, if it
    /// has one (a table row or a paragraph, by the list's layout).
    fn group_heading(&mut self, group: &GroupView) -> Option<Paragraph> {
        if let Some(id) = &group.id {
            self.anchor(id);
        }
        let title = group.title.as_ref()?;
        let mut p = self.paragraph().keep_next(true);
        if let Some(num) = &group.num {
            p = self.runs(p, num, BOLD).add_run(run(" ", true, false, false, None));
        }
        Some(self.runs(p, title, BOLD))
    }

    fn subprocessors(&mut self, out: &mut Vec<Child>, list: &SubprocessorListView) {
        if let Some(title) = &list.title {
            let p = self.paragraph().keep_next(true);
            let p = self.runs(p, title, BOLD);
            out.push(Child::Paragraph(Box::new(p)));
        }
        if let Some(line) = &list.version_line {
            self.text(out, line);
        }
        if list.layout == "table" {
            let width = list.columns.len().max(1);
            let mut rows = vec![self.row(&list.columns, true)];
            for group in &list.groups {
                if let Some(p) = self.group_heading(group) {
                    rows.push(TableRow::new(vec![TableCell::new().add_paragraph(p).grid_span(width)]));
                }
                rows.extend(group.rows.iter().map(|row| self.row(row, false)));
                if let Some(empty) = &group.empty {
                    let p = self.paragraph();
                    let p = self.runs(p, empty, Base::default());
                    rows.push(TableRow::new(vec![TableCell::new().add_paragraph(p).grid_span(width)]));
                }
                if !group.notes.is_empty() {
                    let mut notes = Vec::new();
                    self.blocks(&mut notes, &group.notes, 0);
                    // A cell ends with a paragraph.
                    if !matches!(notes.last(), Some(Child::Paragraph(_))) {
                        notes.push(Child::Paragraph(Box::new(self.paragraph())));
                    }
                    let mut cell = TableCell::new().grid_span(width);
                    for child in notes {
                        cell = match child {
                            Child::Paragraph(p) => cell.add_paragraph(*p),
                            Child::Table(t) => cell.add_table(*t),
                        };
                    }
                    rows.push(TableRow::new(vec![cell]));
                }
            }
            out.push(Child::Table(Box::new(grid(Table::new(rows), width))));
            // A table must not be the last thing in a cell or document.
            let p = self.paragraph();
            out.push(Child::Paragraph(Box::new(p)));
            return;
        }
        for group in &list.groups {
            if let Some(p) = self.group_heading(group) {
                out.push(Child::Paragraph(Box::new(p)));
            }
            if let Some(empty) = &group.empty {
                self.text(out, empty);
            }
            for entry in &group.entries {
                let mut p = self
                    .paragraph()
                    .indent(Some(STEP), Some(SpecialIndentType::Hanging(STEP)), None, None)
                    .keep_lines(true);
                p = p.add_run(Run::new().add_text("•")).add_run(Run::new().add_tab());
                for (i, line) in entry.iter().enumerate() {
                    if i > 0 {
                        p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                    }
                    p = self.runs(p, line, Base::default());
                }
                out.push(Child::Paragraph(Box::new(p)));
            }
            self.blocks(out, &group.notes, 0);
        }
    }

    fn toc(&mut self, out: &mut Vec<Child>, entries: &[TocEntry]) {
        for entry in entries {
            let left = STEP * i32::try_from(entry.depth.saturating_sub(1)).unwrap_or(0);
            let mut p = self.paragraph().indent(Some(left), None, None, None).line_spacing(LineSpacing::new().after(0));
            let mut text = String::new();
            if let Some(num) = &entry.num {
                text.push_str(num);
                text.push(' ');
            }
            text.push_str(&entry.title);
            let link = Link::Internal(entry.id.clone());
            // The whole entry links to its node; a footnote stays with the heading.
            let pieces = runs::pieces(&text)
                .into_iter()
                .filter_map(|piece| match piece {
                    Piece::Text { text, bold, italic, blank, .. } => {
                        Some(Piece::Text { text, bold, italic, blank, link: Some(link.clone()) })
                    }
                    _ => None,
                })
                .collect::<Vec<_>>();
            p = self.link(p, &link, &pieces, Base::default());
            out.push(Child::Paragraph(Box::new(p)));
        }
    }

    /// Signature blocks side by side, two to a row, in a table without borders.
    fn signatures(&mut self, out: &mut Vec<Child>, signatures: &[SignatureView]) {
        let columns = signatures.len().clamp(1, 2);
        let mut rows = Vec::new();
        for pair in signatures.chunks(columns) {
            let mut cells = Vec::new();
            for signature in pair {
                let mut cell = TableCell::new();
                let place = self.paragraph().keep_next(true);
                let place = self.runs(place, signature.place_date.as_deref().unwrap_or_default(), Base::default());
                let space = self.paragraph().keep_next(true);
                let line =
                    self.paragraph().keep_next(true).add_run(Run::new().add_text("______________________________"));
                let caption = self.paragraph();
                let caption = self.runs(caption, &signature.caption, Base::default());
                cell = cell.add_paragraph(place).add_paragraph(space).add_paragraph(line).add_paragraph(caption);
                if let Some(signatory) = &signature.signatory {
                    let p = self.paragraph();
                    cell = cell.add_paragraph(self.runs(p, signatory, Base::default()));
                }
                cells.push(cell.width(TEXT_WIDTH / columns, WidthType::Dxa));
            }
            if cells.len() < columns {
                let p = self.paragraph();
                cells.push(TableCell::new().add_paragraph(p).width(TEXT_WIDTH / columns, WidthType::Dxa));
            }
            rows.push(TableRow::new(cells).cant_split());
        }
        if !rows.is_empty() {
            out.push(Child::Table(Box::new(grid(Table::without_borders(rows), columns))));
            let p = self.paragraph();
            out.push(Child::Paragraph(Box::new(p)));
        }
    }

    /// Footnotes no text refers to (never in a valid agreement): listed
    /// at the end, so that no text is lost.
    fn unreferenced_footnotes(&mut self, out: &mut Vec<Child>) {
        let left: Vec<(usize, &str)> =
            self.footnotes.iter().filter(|(n, _)| !self.referenced.contains(n)).map(|(n, t)| (*n, *t)).collect();
        if left.is_empty() {
            return;
        }
        self.heading(out, 1, None, "Fußnoten", false);
        for (n, text) in left {
            let p = self.paragraph().style("FootnoteText");
            let p = p.add_run(Run::new().add_text(format!("[{n}] ")));
            let p = self.runs(p, text, Base::default());
            out.push(Child::Paragraph(Box::new(p)));
        }
    }

    /// The external links with their addresses, so that a paper copy has them.
    fn links(&mut self, out: &mut Vec<Child>, links: &[LinkView]) {
        if links.is_empty() {
            return;
        }
        self.heading(out, 1, None, "Verweise", false);
        for link in links {
            let mut p = self.paragraph().indent(Some(STEP), Some(SpecialIndentType::Hanging(STEP)), None, None);
            p = p.add_run(Run::new().add_text("•")).add_run(Run::new().add_tab());
            p = self.runs(p, &link.text, Base::default()).add_run(Run::new().add_text(": "));
            let target = Link::External(link.target.clone());
            let pieces = [Piece::Text {
                text: link.address.clone(),
                bold: false,
                italic: false,
                blank: false,
                link: Some(target.clone()),
            }];
            p = self.link(p, &target, &pieces, Base::default());
            out.push(Child::Paragraph(Box::new(p)));
        }
    }
}

/// A run in the formatting a text starts with.
fn run_base(r: Run, base: Base) -> Run {
    let r = if base.bold { r.bold() } else { r };
    if base.italic { r.italic() } else { r }
}

/// One run of text; tabs in the text become Word tabs.
fn run(text: &str, bold: bool, italic: bool, blank: bool, style: Option<&str>) -> Run {
    let mut r = Run::new();
    if let Some(style) = style {
        r = r.style(style);
    }
    for (i, part) in text.split('\t').enumerate() {
        if i > 0 {
            r = r.add_tab();
        }
        if !part.is_empty() {
            r = r.add_text(part);
        }
    }
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    if blank {
        r = r.highlight("yellow");
    }
    r
}

/// A table over the full text width, its columns of equal width.
fn grid(table: Table, columns: usize) -> Table {
    let columns = columns.max(1);
    table.set_grid(vec![TEXT_WIDTH / columns; columns]).width(TEXT_WIDTH, WidthType::Dxa)
}

/// A Word bookmark name for a node: its id with `_` for `-` where that is
/// a valid name (a letter first, at most 40 characters), else `avv_<n>`.
fn bookmark_name(id: &str, number: usize) -> String {
    let name = id.replace('-', "_");
    let valid = name.len() <= 40
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid { name } else { format!("avv_{number}") }
}

/// The styles the document uses: Word's built-in names, so that headings
/// show in the navigation pane and footnotes look as Word's own.
fn styles() -> Vec<Style> {
    let heading = |level: usize, size: usize| {
        Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(size)
            .outline_lvl(level - 1)
            .line_spacing(LineSpacing::new().before(240).after(120))
    };
    let mut footnote_reference = Style::new("FootnoteReference", StyleType::Character)
        .name("footnote reference")
        .based_on("DefaultParagraphFont");
    footnote_reference.run_property = RunProperty::new().vert_align(VertAlignType::SuperScript);
    vec![
        Style::new("DefaultParagraphFont", StyleType::Character).name("Default Paragraph Font"),
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(36)
            .line_spacing(LineSpacing::new().after(240)),
        Style::new("Subtitle", StyleType::Paragraph).name("Subtitle").based_on("Normal").next("Normal").size(26),
        heading(1, 30),
        heading(2, 26),
        heading(3, 24),
        heading(4, 22),
        heading(5, 22),
        heading(6, 22),
        Style::new("FootnoteText", StyleType::Paragraph)
            .name("footnote text")
            .based_on("Normal")
            .size(18)
            .line_spacing(LineSpacing::new().after(0)),
        footnote_reference,
        Style::new("Hyperlink", StyleType::Character)
            .name("Hyperlink")
            .based_on("DefaultParagraphFont")
            .color("0563C1")
            .underline("single"),
        Style::new("Footer", StyleType::Paragraph).name("footer").based_on("Normal").size(14).color("595959"),
        Style::new("Explanation", StyleType::Paragraph)
            .name("Erläuterung")
            .based_on("Normal")
            .indent(Some(STEP), None, None, None)
            .italic(),
    ]
}

/// Appends `text` as runs formatted by `format`; a line break in the text
/// is a Word line break.
pub(super) fn add_text(mut p: Paragraph, text: &str, format: &dyn Fn(Run) -> Run) -> Paragraph {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
        }
        if !line.is_empty() {
            p = p.add_run(format(run(line, false, false, false, None)));
        }
    }
    p
}

/// Paragraph ids numbered per document (docx-rs would number them from a
/// counter shared by the whole process), so the same document gives the
/// same bytes: what the Synopse and the letter writers share.
#[derive(Default)]
pub(super) struct Numbered {
    next_paragraph: u32,
}

impl Numbered {
    /// A new, empty paragraph with the next id.
    pub(super) fn paragraph(&mut self) -> Paragraph {
        self.next_paragraph += 1;
        Paragraph::new().id(format!("{:08X}", self.next_paragraph))
    }

    /// A paragraph of one text, with its line breaks; control characters
    /// print as their symbols.
    pub(super) fn line(&mut self, text: &str, format: impl Fn(Run) -> Run) -> Paragraph {
        let p = self.paragraph();
        add_text(p, &super::inline::escape(text, super::inline::Flavor::Docx), &format)
    }
}
