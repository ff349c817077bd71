//! The Synopse as a Word file: the summary of the changes, then every
//! changed clause, measure or sub-processor, in the layout the site uses.
//!
//! Side by side ([`SynopsisLayout::Columns`]), the redline is one table:
//! the earlier version's text on the left with the removed words struck,
//! the later version's on the right with the inserted words underlined, and
//! a row naming each change above it. Unchanged stretches are one grey row.
//! Inline, each change is a heading line and one text with both marks.
//!
//! The marks are formatting, not Word's tracked changes: the Synopse is a
//! record of two published versions, not a draft to accept or reject.

use docx_rs::{Footer, Paragraph, Run, Shading, SpecialIndentType, Table, TableCell, TableRow, WidthType};

use super::{Numbered, STEP, TEXT_WIDTH, add_text, package, page};
use crate::render::RenderError;
use crate::render::docx::DocxOptions;
use crate::render::synopsis::{SynopsisItem, SynopsisLayout, SynopsisSegment, SynopsisView};

/// Removed words: struck through, dark red on light red (as in the HTML).
const DELETED: (&str, &str) = ("8C1D18", "FCE8E6");
/// Inserted words: underlined, dark green on light green.
const INSERTED: (&str, &str) = ("0B5D1E", "E6F4EA");
/// Notes about the text ("nicht enthalten", unchanged stretches).
const MUTED: &str = "5F6368";
/// Flags a reader must act on (Art. 28(2) notices, the security level).
const ATTENTION: &str = "8A4B00";

/// Writes a Synopse view (built for
/// [`Flavor::Docx`](crate::render::inline::Flavor::Docx)) as a DOCX file.
pub fn write_synopsis(view: &SynopsisView, options: &DocxOptions) -> Result<Vec<u8>, RenderError> {
    let mut writer = Writer::default();
    let mut docx = page();
    for p in writer.summary(view) {
        docx = docx.add_paragraph(p);
    }
    match view.layout {
        SynopsisLayout::Columns => docx = docx.add_table(writer.columns(view)),
        SynopsisLayout::Inline => {
            for p in writer.inline(view) {
                docx = docx.add_paragraph(p);
            }
        }
    }
    let trace = writer.paragraph().style("Footer").add_run(Run::new().add_text(&view.trace));
    docx = docx.footer(Footer::new().add_paragraph(trace));
    let properties = package::Properties {
        title: view.document_title.clone(),
        subject: format!("Synopse {} · Version {} → {}", view.agreement, view.from, view.to),
        description: view.trace.clone(),
        time: package::time(options.epoch, options.date),
    };
    package::pack(docx.build(), &properties)
}

#[derive(Default)]
struct Writer {
    numbered: Numbered,
}

impl Writer {
    fn paragraph(&mut self) -> Paragraph {
        self.numbered.paragraph()
    }

    /// A paragraph of one text, with its line breaks.
    fn line(&mut self, text: &str, format: impl Fn(Run) -> Run) -> Paragraph {
        self.numbered.line(text, format)
    }

    /// A bulleted line, as the document's list of references sets them.
    fn bullet(&mut self, text: &str) -> Paragraph {
        let p = self.paragraph().indent(Some(STEP), Some(SpecialIndentType::Hanging(STEP)), None, None);
        let p = p.add_run(Run::new().add_text("•")).add_run(Run::new().add_tab());
        add_text(p, text, &|r| r)
    }

    /// The title, the versions compared and the summary of the changes.
    fn summary(&mut self, view: &SynopsisView) -> Vec<Paragraph> {
        let mut out = vec![self.line(&format!("Synopse: {}", view.title), |r| r).style("Title")];
        let mut sub = format!("Änderungen von Version {} zu Version {}", view.from, view.to);
        if !view.kinds.is_empty() {
            sub.push_str(&format!(" · {}", view.kinds));
        }
        out.push(self.line(&sub, |r| r).style("Subtitle"));
        let lists: [(&str, &[String], bool); 3] = [
            ("Zusammenfassung der Änderungen", &view.summary, false),
            ("Mitteilungspflichtig nach Art. 28 Abs. 2 DS-GVO", &view.notices, true),
            ("Sicherheitsniveau der technischen und organisatorischen Maßnahmen betroffen", &view.security, true),
        ];
        for (heading, lines, attention) in lists {
            if lines.is_empty() && attention {
                continue;
            }
            let color = |r: Run| if attention { r.color(ATTENTION) } else { r };
            out.push(self.line(heading, color).style("Heading2").keep_next(true));
            for line in lines {
                out.push(self.bullet(line));
            }
        }
        out
    }

    /// The heading line of a change: document and number, name, kind and flags.
    fn head(&mut self, item: &SynopsisItem) -> Paragraph {
        let mut place = item.doc.clone();
        if !item.reference.is_empty() {
            place.push(' ');
            place.push_str(&item.reference);
        }
        let mut p = self.paragraph().keep_next(true);
        p = add_text(p, &place, &|r: Run| r.bold());
        for part in [&item.label, &item.kind] {
            p = add_text(p, &format!(" · {part}"), &|r: Run| r.color(MUTED));
        }
        for flag in &item.flags {
            p = p.add_run(Run::new().add_text(" · ").color(MUTED));
            p = add_text(p, flag, &|r: Run| r.bold().color(ATTENTION));
        }
        if !item.justification.is_empty() {
            p = add_text(p, &format!(" · Begründung: {}", item.justification), &|r: Run| r.color(MUTED));
        }
        p
    }

    /// The line for a stretch that did not change.
    fn unchanged(&mut self, item: &SynopsisItem) -> Paragraph {
        let mut text = format!("⋯ {}", item.doc);
        if !item.reference.is_empty() {
            text.push_str(&format!(" {}", item.reference));
        }
        let unit = if item.count == 1 { "Abschnitt" } else { "Abschnitte" };
        text.push_str(&format!(": unverändert ({} {unit})", item.count));
        self.line(&text, |r| r.color(MUTED).size(18))
    }

    /// One side of a change, or the note that the side has nothing.
    fn side(&mut self, segments: &[SynopsisSegment], none: &str) -> Paragraph {
        if segments.is_empty() {
            return self.line(none, |r| r.italic().color(MUTED));
        }
        self.segments(segments)
    }

    /// Redline segments as runs: removed words struck, inserted underlined.
    fn segments(&mut self, segments: &[SynopsisSegment]) -> Paragraph {
        let mut p = self.paragraph();
        for segment in segments {
            p = add_text(p, &segment.text, &|r| mark(r, segment.op));
        }
        p
    }

    /// The side-by-side table.
    fn columns(&mut self, view: &SynopsisView) -> Table {
        let half = TEXT_WIDTH / 2;
        let cell = |p: Paragraph| TableCell::new().add_paragraph(p).width(half, WidthType::Dxa);
        let wide = |p: Paragraph| TableCell::new().add_paragraph(p).grid_span(2).width(TEXT_WIDTH, WidthType::Dxa);
        let shaded = |c: TableCell, fill: &str| c.shading(Shading::new().fill(fill));
        let mut rows = vec![TableRow::new(vec![
            shaded(cell(self.line(&format!("Version {} (bisher)", view.from), |r| r.bold())), "E7E6E6"),
            shaded(cell(self.line(&format!("Version {} (neu)", view.to), |r| r.bold())), "E7E6E6"),
        ])];
        for item in &view.items {
            if item.state == "unchanged" {
                rows.push(TableRow::new(vec![wide(self.unchanged(item))]));
                continue;
            }
            rows.push(TableRow::new(vec![shaded(wide(self.head(item)), "F3F3F3")]));
            rows.push(TableRow::new(vec![
                cell(self.side(&item.left, "nicht enthalten")),
                cell(self.side(&item.right, "entfällt")),
            ]));
        }
        Table::new(rows).set_grid(vec![half, half]).width(TEXT_WIDTH, WidthType::Dxa)
    }

    /// One text per change, with removals and insertions marked in it.
    fn inline(&mut self, view: &SynopsisView) -> Vec<Paragraph> {
        let mut out = Vec::new();
        for item in &view.items {
            if item.state == "unchanged" {
                out.push(self.unchanged(item));
            } else {
                out.push(self.head(item));
                out.push(self.segments(&item.segments).indent(Some(STEP / 2), None, None, None));
            }
        }
        out
    }
}

/// The formatting of a redline segment.
fn mark(run: Run, op: &str) -> Run {
    match op {
        "delete" => run.strike().color(DELETED.0).shading(Shading::new().fill(DELETED.1)),
        "insert" => run.underline("single").color(INSERTED.0).shading(Shading::new().fill(INSERTED.1)),
        _ => run,
    }
}
