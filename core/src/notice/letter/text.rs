//! The letter as Markdown (for an e-mail) and as typst source (for the
//! PDF): the same blocks, escaped for each.

use super::{Block, Letter};
use crate::render::inline::{Flavor, escape, escape_cell, escape_heading, typst_string};

impl Letter {
    /// The letter in Markdown, for an e-mail or a web page: the body under
    /// its title, after the recipient's address where there is one (the
    /// letterhead and the signature are the mail's own).
    pub fn markdown(&self) -> String {
        let md = |s: &str| escape(s, Flavor::Markdown);
        let mut out = String::new();
        if !self.recipient.is_empty() {
            let lines: Vec<String> = self.recipient.iter().map(|l| md(l)).collect();
            out.push_str(&lines.join("  \n"));
            out.push_str("\n\n");
        }
        out.push_str(&format!("# {}\n\n", escape_heading(&self.title, Flavor::Markdown)));
        for block in &self.blocks {
            match block {
                Block::Paragraph(text) => out.push_str(&format!("{}\n\n", md(text))),
                Block::Heading(text) => out.push_str(&format!("## {}\n\n", escape_heading(text, Flavor::Markdown))),
                Block::Table { head, rows } => {
                    let cell = |s: &String| escape_cell(s, Flavor::Markdown);
                    out.push_str(&format!("| {} |\n", head.iter().map(cell).collect::<Vec<_>>().join(" | ")));
                    out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                    for row in rows {
                        out.push_str(&format!("| {} |\n", row.iter().map(cell).collect::<Vec<_>>().join(" | ")));
                    }
                    out.push('\n');
                }
                Block::Items(items) => items_into(&mut out, items, "**", md),
            }
        }
        // One line break at the end, as the letter always had.
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }

    /// The letter as typst source for the PDF engine: letterhead, the
    /// recipient's address in the window of a DIN 5008 envelope, date,
    /// title, body, greeting.
    pub fn typst(&self) -> String {
        let t = |s: &str| escape(s, Flavor::Typst);
        let lines = |lines: &[String]| lines.iter().map(|l| t(l)).collect::<Vec<_>>().join(" \\\n");
        let mut out = format!("#set document(title: \"{}\")\n", typst_string(&self.title));
        out.push_str(TYPST_PREAMBLE);
        out.push_str(&format!("#set page(footer: text(size: 7pt, fill: luma(90))[{}])\n\n", t(&self.trace)));
        out.push_str(&format!(
            "#align(right)[#text(weight: \"bold\")[{}]]\n\n",
            self.sender.first().map(|s| t(s)).unwrap_or_default()
        ));
        if self.sender.len() > 1 {
            out.push_str(&format!("#align(right)[#text(size: 9pt)[{}]]\n\n", lines(&self.sender[1..])));
        }
        if self.recipient.is_empty() {
            out.push_str("#v(10mm)\n");
        } else {
            // The address field of DIN 5008 (form B): 45 mm from the top
            // edge, the sender's line above the address.
            out.push_str("#place(top + left, dy: 27mm, box(width: 85mm, height: 40mm)[\n");
            let sender = self.sender.iter().map(|l| t(l)).collect::<Vec<_>>().join(", ");
            out.push_str(&format!("  #text(size: 7pt)[{sender}]\n\n"));
            out.push_str(&format!("  {}\n])\n", lines(&self.recipient)));
            out.push_str("#v(62mm)\n");
        }
        out.push_str(&format!("#align(right)[{}]\n\n", t(&self.date)));
        out.push_str(&format!("= {}\n\n", t(&self.title)));
        for block in &self.blocks {
            match block {
                Block::Paragraph(text) => out.push_str(&format!("{}\n\n", t(text))),
                Block::Heading(text) => out.push_str(&format!("== {}\n\n", t(text))),
                Block::Table { head, rows } => {
                    out.push_str(&format!(
                        "#table(columns: {}, align: left + top, inset: 4pt, stroke: 0.5pt + luma(160),\n",
                        head.len()
                    ));
                    let cell = |s: &String| format!("[{}]", t(s));
                    out.push_str(&format!(
                        "  table.header({}),\n",
                        head.iter().map(|h| format!("[*{}*]", t(h))).collect::<Vec<_>>().join(", ")
                    ));
                    for row in rows {
                        out.push_str(&format!("  {},\n", row.iter().map(cell).collect::<Vec<_>>().join(", ")));
                    }
                    out.push_str(")\n\n");
                }
                Block::Items(items) => items_into(&mut out, items, "*", t),
            }
        }
        out.push_str(&format!("Mit freundlichen Grüßen\n\n{}\n", t(&self.signature)));
        out
    }
}

/// Page, type and table text of the letter (A4, as avv's documents).
const TYPST_PREAMBLE: &str = "#set page(paper: \"a4\", margin: (top: 20mm, bottom: 20mm, left: 25mm, right: 20mm))
#set text(lang: \"de\", size: 10.5pt)
#set par(justify: false)
#show heading.where(level: 1): set text(size: 13pt)
#show heading.where(level: 2): set text(size: 11pt)
#show table: set text(size: 8.5pt)

";

/// A bullet list of items, each with its lead in bold (`strong` is the
/// format's bold mark) before a colon, written with `escape`: Markdown and
/// typst share the `- ` bullet.
fn items_into(out: &mut String, items: &[(Option<String>, String)], strong: &str, escape: impl Fn(&str) -> String) {
    for (lead, text) in items {
        match lead {
            Some(lead) => out.push_str(&format!("- {strong}{}{strong}: {}\n", escape(lead), escape(text))),
            None => out.push_str(&format!("- {}\n", escape(text))),
        }
    }
    out.push('\n');
}
