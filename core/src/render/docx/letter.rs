//! The notice letter as a Word file: letterhead, the recipient's address,
//! date, title, the body's paragraphs, tables and lists, greeting. The
//! same [`Letter`] the Markdown and the PDF print.

use docx_rs::{
    AlignmentType, Footer, Paragraph, Run, Shading, SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

use super::{Numbered, STEP, TEXT_WIDTH, add_text, package, page};
use crate::notice::letter::{Block, Letter};
use crate::render::RenderError;
use crate::render::docx::DocxOptions;
use crate::render::inline::{Flavor, escape};

/// Writes a notice letter as a DOCX file.
pub fn write_letter(letter: &Letter, options: &DocxOptions) -> Result<Vec<u8>, RenderError> {
    let mut writer = Numbered::default();
    let mut docx = page();
    let plain = |r: Run| r;
    if let Some((name, lines)) = letter.sender.split_first() {
        docx = docx.add_paragraph(writer.line(name, |r| r.bold()).align(AlignmentType::Right));
        if !lines.is_empty() {
            docx = docx.add_paragraph(writer.line(&lines.join("\n"), |r| r.size(18)).align(AlignmentType::Right));
        }
    }
    if !letter.recipient.is_empty() {
        // A line of the sender above the address, as a window envelope shows it.
        docx = docx.add_paragraph(writer.line(&letter.sender.join(", "), |r| r.size(14)));
        docx = docx.add_paragraph(writer.line(&letter.recipient.join("\n"), plain));
    }
    docx = docx.add_paragraph(writer.line(&letter.date, plain).align(AlignmentType::Right));
    docx = docx.add_paragraph(writer.line(&letter.title, plain).style("Heading1"));
    for block in &letter.blocks {
        match block {
            Block::Paragraph(text) => docx = docx.add_paragraph(writer.line(text, plain)),
            Block::Heading(text) => {
                docx = docx.add_paragraph(writer.line(text, plain).style("Heading2").keep_next(true))
            }
            Block::Table { head, rows } => {
                docx = docx.add_table(table(&mut writer, head, rows));
                // Word joins two tables without a paragraph between them.
                docx = docx.add_paragraph(writer.paragraph());
            }
            Block::Items(items) => {
                for (lead, text) in items {
                    docx = docx.add_paragraph(item(&mut writer, lead.as_deref(), text));
                }
            }
        }
    }
    docx = docx.add_paragraph(writer.line("Mit freundlichen Grüßen", plain));
    docx = docx.add_paragraph(writer.line(&letter.signature, plain));
    docx = docx.footer(Footer::new().add_paragraph(writer.line(&letter.trace, plain).style("Footer")));
    let properties = package::Properties {
        title: letter.title.clone(),
        subject: letter.title.clone(),
        description: letter.trace.clone(),
        time: package::time(options.epoch, options.date),
    };
    package::pack(docx.build(), &properties)
}

/// A bulleted item, its lead in bold.
fn item(writer: &mut Numbered, lead: Option<&str>, text: &str) -> Paragraph {
    let p = writer.paragraph().indent(Some(STEP), Some(SpecialIndentType::Hanging(STEP)), None, None);
    let mut p = p.add_run(Run::new().add_text("•")).add_run(Run::new().add_tab());
    if let Some(lead) = lead {
        p = add_text(p, &escape(lead, Flavor::Docx), &|r: Run| r.bold());
        p = add_text(p, ": ", &|r| r);
    }
    add_text(p, &escape(text, Flavor::Docx), &|r| r)
}

/// A table over the text width, its header row shaded and kept whole.
fn table(writer: &mut Numbered, head: &[String], rows: &[Vec<String>]) -> Table {
    let width = TEXT_WIDTH / head.len().max(1);
    let cell = |p: Paragraph| TableCell::new().add_paragraph(p).width(width, WidthType::Dxa);
    let mut out = vec![
        TableRow::new(
            head.iter()
                .map(|h| cell(writer.line(h, |r| r.bold().size(18))).shading(Shading::new().fill("E7E6E6")))
                .collect(),
        )
        .cant_split(),
    ];
    for row in rows {
        out.push(TableRow::new(row.iter().map(|c| cell(writer.line(c, |r| r.size(18)))).collect()));
    }
    Table::new(out).set_grid(vec![width; head.len()]).width(TEXT_WIDTH, WidthType::Dxa)
}
