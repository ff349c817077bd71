//! The notice as a letter: its content once, in blocks of plain text, for
//! the Markdown, typst (PDF) and Word writers alike. A letter to every
//! customer names none; a letter to one customer is addressed to it and
//! states its own terms alone.

use std::path::{Path, PathBuf};

use serde::Serialize;
use thiserror::Error;

use super::{MEASURE_FACTS, Notice, NoticeEntry, NoticeTerms, rights};
use crate::load::Folder;
use crate::model::codes::{Authorisation, DateStyle};
use crate::model::numbering::german_date;
use crate::model::primitives::Date;
use crate::render::inline::{Flavor, escape, escape_cell, escape_heading, typst_string};
use crate::render::view::PartView;
use crate::render::{RenderError, Stamp, docx, pdf};

/// A notice letter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Letter {
    /// The processor's name and address: the letterhead.
    pub sender: Vec<String>,
    /// The customer's name and address (empty in the letter to all).
    pub recipient: Vec<String>,
    /// The title ("Mitteilung über Änderungen bei Unterauftragnehmern").
    pub title: String,
    /// The body in print order.
    pub blocks: Vec<Block>,
    /// The date of the notice, as printed.
    pub date: String,
    /// Who signs: the processor.
    pub signature: String,
}

/// A block of a letter's body: plain text, escaped by each writer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// A paragraph.
    Paragraph(String),
    /// A section heading.
    Heading(String),
    /// A table: the header row, then the rows.
    Table {
        /// Column headers.
        head: Vec<String>,
        /// Rows of cells.
        rows: Vec<Vec<String>>,
    },
    /// A list: each item with an optional bold lead before a colon.
    Items(Vec<(Option<String>, String)>),
}

/// One customer a letter is addressed to.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    /// The instance id (whose terms the letter states).
    pub id: String,
    /// Name and address lines, as its contract prints them.
    pub address: Vec<String>,
}

/// The file that marks a folder as avv's notice letters to customers:
/// personal data, which the hooks refuse to commit, as they refuse the
/// private output of `avv build`.
pub const LETTERS_MARKER: &str = ".avv-letters";

/// Why letters cannot be written into a folder.
#[derive(Debug, Error)]
pub enum LettersError {
    /// The folder holds other files than avv's letters.
    #[error(
        "`{}` exists and is not a folder of avv's letters (no `{LETTERS_MARKER}` file); refusing to write customer letters among other files: give `--letters` a new or empty folder",
        .0.display()
    )]
    NotLetters(PathBuf),
    /// The folder lies in an output that `avv build` replaces as a whole.
    #[error(
        "`{}` lies inside {kind} (`{}`), which `avv build` replaces as a whole: give `--letters` a folder outside it",
        path.display(),
        output.display()
    )]
    InsideOutput {
        /// The letters' folder.
        path: PathBuf,
        /// What the output is ("the site").
        kind: &'static str,
        /// The output's folder.
        output: PathBuf,
    },
    /// The folder, its marker or a letter could not be written.
    #[error("cannot write `{}`", path.display())]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A customer of the notice has no instance in the folder read.
    #[error("the customer instance `{0}` is not in the agreement's folder")]
    UnknownCustomer(String),
    /// A letter could not be rendered.
    #[error("cannot render the letter to `{id}`")]
    Render {
        /// The customer instance.
        id: String,
        /// Why.
        #[source]
        source: RenderError,
    },
}

/// The formats a letter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterFormat {
    /// Markdown, for an e-mail.
    Markdown,
    /// PDF/A-2b.
    Pdf,
    /// Word (DOCX).
    Docx,
}

impl LetterFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            LetterFormat::Markdown => "md",
            LetterFormat::Pdf => "pdf",
            LetterFormat::Docx => "docx",
        }
    }
}

impl Letter {
    /// The letter as a file of `format`; `to` names the customer in the
    /// PDF's identifier (`None`: the letter to all).
    pub fn encode(
        &self,
        notice: &Notice,
        to: Option<&str>,
        format: LetterFormat,
        epoch: Option<i64>,
    ) -> Result<Vec<u8>, RenderError> {
        match format {
            LetterFormat::Markdown => Ok(self.markdown().into_bytes()),
            LetterFormat::Pdf => {
                let ident = format!("avv/{}/{}/notice/{}", notice.agreement, notice.to, to.unwrap_or("-"));
                self.pdf(&ident, Some(notice.date), epoch)
            }
            LetterFormat::Docx => self.docx(Some(notice.date), epoch),
        }
    }
}

/// Writes one letter per customer the notice must reach into `dir`
/// (prepared by [`prepare_letters_dir`]), `<instance>.<extension>`, each
/// through `write` (which should replace a file whole or not at all).
/// Letters are rendered on every core: a PDF is tens of milliseconds, and
/// a processor may have thousands of customers. Returns how many.
pub fn write_letters(
    notice: &Notice,
    folder: &Folder,
    dir: &Path,
    format: LetterFormat,
    epoch: Option<i64>,
    write: impl Fn(&Path, &[u8]) -> std::io::Result<()> + Sync,
) -> Result<usize, LettersError> {
    use rayon::prelude::*;
    prepare_letters_dir(dir)?;
    notice.affected.par_iter().try_for_each(|customer| {
        let id = &customer.id;
        let to = recipient(folder, id).ok_or_else(|| LettersError::UnknownCustomer(id.clone()))?;
        let bytes = letter(notice, Some(&to))
            .encode(notice, Some(id), format, epoch)
            .map_err(|source| LettersError::Render { id: id.clone(), source })?;
        let path = dir.join(format!("{id}.{}", format.extension()));
        write(&path, &bytes).map_err(|source| LettersError::Io { path, source })
    })?;
    Ok(notice.affected.len())
}

/// Makes `dir` ready for letters: new or empty (then marked), or marked
/// before. Never a folder with other files (a repository's top, where the
/// marker would make the hook refuse every commit), and never inside the
/// site, the private output or a shard, which the next build replaces.
pub fn prepare_letters_dir(dir: &Path) -> Result<(), LettersError> {
    use crate::render::site::{MARKER, PRIVATE_MARKER, SHARD_MANIFEST};
    let io = |source| LettersError::Io { path: dir.to_path_buf(), source };
    let absolute = std::path::absolute(dir).map_err(io)?;
    for folder in absolute.ancestors() {
        let outputs = [(MARKER, "the site"), (PRIVATE_MARKER, "the private output"), (SHARD_MANIFEST, "a shard")];
        if let Some((_, kind)) = outputs.iter().find(|(marker, _)| folder.join(marker).is_file()) {
            return Err(LettersError::InsideOutput { path: dir.to_path_buf(), kind, output: folder.to_path_buf() });
        }
    }
    match std::fs::symlink_metadata(dir) {
        Ok(metadata) if metadata.is_dir() => {
            if dir.join(LETTERS_MARKER).is_file() {
                return Ok(());
            }
            let empty = std::fs::read_dir(dir).map_err(io)?.next().is_none();
            if !empty {
                return Err(LettersError::NotLetters(dir.to_path_buf()));
            }
        }
        Ok(_) => return Err(LettersError::NotLetters(dir.to_path_buf())),
        Err(_) => std::fs::create_dir_all(dir).map_err(io)?,
    }
    std::fs::write(
        dir.join(LETTERS_MARKER),
        "Notice letters written by avv: customers' personal data, never to be published or committed.\n",
    )
    .map_err(io)
}

/// The customer instance `id` of `folder` as a letter's recipient: the
/// controller's name and address lines as its contract prints them (its
/// blanks filled), with its customer number where the address lacks it.
/// `None` when the folder has no such instance.
pub fn recipient(folder: &Folder, id: &str) -> Option<Recipient> {
    let customer = folder.customers.iter().find(|c| c.path.file_stem().is_some_and(|stem| stem == id))?;
    let view = crate::render::document_view(folder, Some((id, &customer.value)), Flavor::Plain, &Stamp::default()).ok();
    let party = view.as_ref().and_then(|view| {
        view.parts.iter().find_map(|part| match part {
            PartView::Parties { parties, .. } => parties.iter().find(|p| p.role == "controller"),
            _ => None,
        })
    });
    let mut address: Vec<String> = match party {
        Some(party) => {
            std::iter::once(&party.name).chain(&party.lines).filter(|l| !l.trim().is_empty()).cloned().collect()
        }
        None => Vec::new(),
    };
    if let Some(number) = &customer.value.instance.customer_number
        && !address.iter().any(|line| line.contains(number.as_str()))
    {
        address.push(format!("Kd-Nr. {number}"));
    }
    Some(Recipient { id: id.to_owned(), address })
}

/// The letter to every customer (`None`) or to one.
pub fn letter(notice: &Notice, recipient: Option<&Recipient>) -> Letter {
    let date = |d: Date| german_date(d, DateStyle::Numeric);
    // A customer's letter states its own terms; the letter to all, every group's.
    let terms: Vec<&NoticeTerms> = match recipient {
        Some(r) => notice.terms.iter().filter(|t| t.customers.contains(&r.id)).collect(),
        None => notice.terms.iter().collect(),
    };
    let specific = !terms.is_empty() && terms.iter().all(|t| t.authorisation == Some(Authorisation::Specific));
    let title = if specific {
        "Bitte um Genehmigung von Änderungen bei Unterauftragnehmern"
    } else {
        "Mitteilung über Änderungen bei Unterauftragnehmern"
    };
    let mut blocks = Vec::new();
    // "nach Punkt 6.5 AVV des Vertrags", or where the list is the
    // agreement's own without a place of its own, "des Vertrags".
    let place = if notice.place.is_empty() { String::new() } else { format!(" nach {}", notice.place) };
    let (processor, title_of, to) = (&notice.processor, &notice.title, &notice.to);
    if notice.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "{processor} teilt Ihnen mit, dass sich die Unterauftragnehmer{place} des Vertrags „{title_of}“ mit Version {to} nicht ändern."
        )));
        blocks.push(Block::Paragraph(format!("Datum der Mitteilung: {}", date(notice.date))));
        return finish(notice, recipient, title, blocks);
    }
    blocks.push(Block::Paragraph(format!(
        "{processor} informiert Sie gemäß Art. 28 Abs. 2 DS-GVO über folgende beabsichtigte Änderungen der Unterauftragnehmer{place} des Vertrags „{title_of}“ (Version {to})."
    )));
    blocks.push(Block::Paragraph(format!("Datum der Mitteilung: {}", date(notice.date))));
    if let Some(day) = notice.effective {
        blocks.push(Block::Paragraph(format!("Die Änderungen werden am {} wirksam.", date(day))));
    }
    let table = |heading: &str, entries: &[NoticeEntry], with_effective: bool, blocks: &mut Vec<Block>| {
        if entries.is_empty() {
            return;
        }
        blocks.push(Block::Heading(heading.to_owned()));
        let mut head: Vec<String> =
            ["Unterauftragnehmer", "Anschrift", "Verarbeitungsort", "Leistung", "Datenschutzmaßnahmen"]
                .map(str::to_owned)
                .to_vec();
        if with_effective {
            head.push("Wirksam ab".to_owned());
        }
        let rows = entries
            .iter()
            .map(|e| {
                let name = match &e.replaces {
                    Some(old) => format!("{} (ersetzt {old})", e.name),
                    None => e.name.clone(),
                };
                let mut safeguards = e.safeguards.clone();
                if !e.transfer.is_empty() && !safeguards.contains(&e.transfer) {
                    let basis = format!("Übermittlungsgrundlage: {}", e.transfer);
                    // "Angemessenheitsbeschluss" beside "Angemessenheitsbeschluss
                    // (Schweiz)" says one thing twice: the basis says it whole.
                    safeguards = if safeguards.is_empty() || e.transfer.contains(safeguards.as_str()) {
                        basis
                    } else {
                        format!("{safeguards}; {basis}")
                    };
                }
                let mut row = vec![name, e.address.clone(), e.location.clone(), e.service.clone(), safeguards];
                if with_effective {
                    row.push(match e.effective {
                        Some(day) => date(day),
                        None if specific => "nach Ihrer Genehmigung".to_owned(),
                        None => String::new(),
                    });
                }
                row
            })
            .collect();
        blocks.push(Block::Table { head, rows });
    };
    table("Neue Unterauftragnehmer", &notice.added, true, &mut blocks);
    table("Ersetzte Unterauftragnehmer", &notice.replaced, true, &mut blocks);
    if !notice.updated.is_empty() {
        // pcvisit's own version 1.6: "Aktualisierung der Datenschutzmaßnahmen";
        // a new name, address or service is more than that.
        let measures_only = notice.updated.iter().flat_map(|e| &e.facts).all(|f| MEASURE_FACTS.contains(&f.as_str()));
        blocks.push(Block::Heading(
            if measures_only {
                "Aktualisierung der Datenschutzmaßnahmen"
            } else {
                "Geänderte Angaben zu Unterauftragnehmern"
            }
            .to_owned(),
        ));
        let items = notice
            .updated
            .iter()
            .map(|e| {
                let mut text = format!("{}: {}", e.name, e.changes.join("; "));
                if let Some(day) = e.effective {
                    text.push_str(&format!(" (wirksam ab {})", date(day)));
                }
                (None, text)
            })
            .collect();
        blocks.push(Block::Items(items));
    }
    table("Entfallende Unterauftragnehmer", &notice.removed, false, &mut blocks);
    // Customers object to (or approve) sub-processors joining, not one leaving.
    let stated = notice.authorisation.is_some();
    if notice.objectionable() {
        match terms.as_slice() {
            [] => blocks.push(Block::Paragraph(rights(stated, None, None, None).trim_end().to_owned())),
            [one] => blocks.push(Block::Paragraph(
                rights(stated, one.authorisation, one.objection_period.as_deref(), one.objection_deadline)
                    .trim_end()
                    .to_owned(),
            )),
            groups => {
                // Each customer chose its terms: one item per group. Each
                // customer knows its own terms; the letter names no customer.
                blocks.push(Block::Heading("Ihre Rechte je nach vereinbarter Genehmigung".to_owned()));
                let items = groups
                    .iter()
                    .map(|group| {
                        let mut lead = match group.authorisation {
                            Some(authorisation) => authorisation.label_de().to_owned(),
                            None => "Genehmigung nicht gewählt".to_owned(),
                        };
                        if let (Some(Authorisation::General), Some(period)) =
                            (group.authorisation, &group.objection_period)
                        {
                            lead.push_str(&format!(", Einspruchsfrist von {period}"));
                        }
                        let text = rights(
                            stated,
                            group.authorisation,
                            group.objection_period.as_deref(),
                            group.objection_deadline,
                        );
                        (Some(lead), text.trim_end().to_owned())
                    })
                    .collect();
                blocks.push(Block::Items(items));
            }
        }
    }
    finish(notice, recipient, title, blocks)
}

fn finish(notice: &Notice, recipient: Option<&Recipient>, title: &str, blocks: Vec<Block>) -> Letter {
    let mut sender = vec![notice.processor.clone()];
    sender.extend(notice.processor_lines.iter().cloned());
    sender.retain(|line| !line.trim().is_empty());
    Letter {
        sender,
        recipient: recipient.map(|r| r.address.clone()).unwrap_or_default(),
        title: title.to_owned(),
        blocks,
        date: german_date(notice.date, DateStyle::Numeric),
        signature: notice.processor.clone(),
    }
}

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
                Block::Items(items) => {
                    for (lead, text) in items {
                        match lead {
                            Some(lead) => out.push_str(&format!("- **{}**: {}\n", md(lead), md(text))),
                            None => out.push_str(&format!("- {}\n", md(text))),
                        }
                    }
                    out.push('\n');
                }
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
                Block::Items(items) => {
                    for (lead, text) in items {
                        match lead {
                            Some(lead) => out.push_str(&format!("- *{}*: {}\n", t(lead), t(text))),
                            None => out.push_str(&format!("- {}\n", t(text))),
                        }
                    }
                    out.push('\n');
                }
            }
        }
        out.push_str(&format!("Mit freundlichen Grüßen\n\n{}\n", t(&self.signature)));
        out
    }
}

impl Letter {
    /// The letter as PDF/A-2b. `epoch` (as in `SOURCE_DATE_EPOCH`) sets
    /// the creation date; without it the notice date does, so the same
    /// notice always gives the same bytes.
    pub fn pdf(&self, ident: &str, date: Option<Date>, epoch: Option<i64>) -> Result<Vec<u8>, RenderError> {
        let options = pdf::PdfOptions {
            ident: ident.to_owned(),
            epoch,
            date,
            creator: Some(format!("avv {}", env!("CARGO_PKG_VERSION"))),
        };
        pdf::typst_to_pdf(&self.typst(), &options)
    }

    /// The letter as a Word file, dated as [`Letter::pdf`] is.
    pub fn docx(&self, date: Option<Date>, epoch: Option<i64>) -> Result<Vec<u8>, RenderError> {
        docx::write_letter(self, &docx::DocxOptions { epoch, date })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letters_folder_is_new_empty_or_marked_and_outside_avvs_outputs() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // New: made and marked; marked: used again.
        let new = root.join("mitteilungen/2026-12");
        prepare_letters_dir(&new).unwrap();
        assert!(new.join(LETTERS_MARKER).is_file());
        std::fs::write(new.join("kunde.pdf"), "%PDF-").unwrap();
        prepare_letters_dir(&new).unwrap();
        // Empty: marked.
        let empty = root.join("leer");
        std::fs::create_dir(&empty).unwrap();
        prepare_letters_dir(&empty).unwrap();
        assert!(empty.join(LETTERS_MARKER).is_file());
        // Other files, or a file: refused, nothing written.
        let notes = root.join("notizen");
        std::fs::create_dir(&notes).unwrap();
        std::fs::write(notes.join("a.md"), "mine").unwrap();
        assert!(matches!(prepare_letters_dir(&notes), Err(LettersError::NotLetters(_))));
        assert!(!notes.join(LETTERS_MARKER).exists());
        assert!(matches!(prepare_letters_dir(&notes.join("a.md")), Err(LettersError::NotLetters(_))));
        // Inside the site, the private output or a shard: refused, even new.
        for (marker, kind) in [
            (crate::render::site::MARKER, "the site"),
            (crate::render::site::PRIVATE_MARKER, "the private output"),
            (crate::render::site::SHARD_MANIFEST, "a shard"),
        ] {
            let output = root.join(format!("out-{kind}"));
            std::fs::create_dir(&output).unwrap();
            std::fs::write(output.join(marker), "").unwrap();
            let inside = output.join("briefe");
            let error = prepare_letters_dir(&inside).unwrap_err();
            assert!(error.to_string().contains(&format!("lies inside {kind}")), "{error}");
            assert!(!inside.exists(), "{kind}");
        }
    }
}
