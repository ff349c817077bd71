//! The notice as a letter: its content once, in blocks of plain text, for
//! the Markdown, typst (PDF) and Word writers alike. A letter to every
//! customer names none; a letter to one customer is addressed to it and
//! states its own terms alone. `text` writes Markdown and typst, the
//! Word writer is `render::docx`'s; `folder` writes one letter per
//! customer into a folder the hooks keep out of git.

mod folder;
mod text;

use crate::validate::customer::SignedVersions;
use serde::Serialize;

pub use folder::{LETTERS_MARKER, LettersError, prepare_letters_dir, write_letters};

use super::{MEASURE_FACTS, Notice, NoticeEntry, NoticeTerms, rights};
use crate::load::Folder;
use crate::model::codes::{Authorisation, DateStyle};
use crate::model::numbering::german_date;
use crate::model::primitives::Date;
use crate::render::{RenderError, docx, pdf};

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
    /// The small print at the foot of each page: what the letter is about
    /// and what wrote it.
    pub trace: String,
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

/// The customer instance `id` of `folder` as a letter's recipient: the
/// controller's name and address lines as its contract prints them (its
/// blanks filled), its contact ("z. Hd. …") and its customer number where
/// the address lacks them. The contract is the version the customer
/// signed: where `signed` has that version's agreement, its controller
/// block is the address (a later version's new line „USt-IdNr. {{ … }}“
/// is none of this customer's). A customer who moved since has its new
/// address in `[mailing]`, and a letter dated `on` or after the day it
/// applies from (`since`, if given) goes there; one dated before, to the
/// address signed. `None` when the folder has no such instance.
pub fn recipient(folder: &Folder, signed: &SignedVersions, id: &str, on: Date) -> Option<Recipient> {
    let customer = folder.customers.iter().find(|c| c.path.file_stem().is_some_and(|stem| stem == id))?;
    let moved = customer.value.mailing.as_ref().filter(|m| m.since.is_none_or(|since| since <= on));
    let mut address = match moved {
        Some(mailing) => mailing.address.clone(),
        None => {
            let then = signed
                .get(&customer.value.instance.version)
                .map(|agreement| Folder { agreement: Some(agreement.clone()), ..folder.without_customers() });
            let contract = then.as_ref().unwrap_or(folder);
            crate::render::controller_address(contract, (id, &customer.value)).unwrap_or_default()
        }
    };
    address.retain(|line| !line.trim().is_empty());
    // The customer's contact (the one who may give instructions first),
    // under the name, where the address does not name them already.
    let contacts = &customer.value.contact;
    if let Some(contact) = contacts.iter().find(|c| c.authorised_to_instruct).or(contacts.first())
        && !contact.name.trim().is_empty()
        && !address.iter().any(|line| line.contains(contact.name.trim()))
    {
        address.insert(address.len().min(1), format!("z. Hd. {}", contact.name.trim()));
    }
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
        trace: format!(
            "Mitteilung nach Art. 28 Abs. 2 DS-GVO · {} · Version {} · erstellt mit avv {}",
            notice.agreement,
            notice.to,
            env!("CARGO_PKG_VERSION")
        ),
    }
}
