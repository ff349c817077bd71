//! The context of one view build: the folder, the output format, the
//! instance's values, and the resolver inline markup asks for
//! placeholders, footnotes and link targets.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::load::Folder;
use crate::model::agreement::AgreementFile;
use crate::model::customer::CustomerFile;
use crate::model::numbering::german_date;
use crate::model::primitives::Date;
use crate::model::subprocessor::SubprocessorsFile;
use crate::model::tom::TomFile;
use crate::render::inline::{self, Flavor, PlaceholderText, Resolver};

/// The longest text [`Ctx::unbroken_cell`] keeps from hyphenation: the
/// PDF's short-column width (`avv-short-column` in the template).
const UNBROKEN: usize = 24;

pub(super) struct Ctx<'a> {
    pub(super) flavor: Flavor,
    pub(super) agreement: &'a AgreementFile,
    pub(super) tom: Option<&'a TomFile>,
    pub(super) subprocessors: Option<&'a SubprocessorsFile>,
    pub(super) instance: Option<&'a CustomerFile>,
    pub(super) values: BTreeMap<String, String>,
    /// The blank form and the label of each placeholder, by key.
    pub(super) blanks: BTreeMap<String, (String, String)>,
    pub(super) footnotes: BTreeMap<String, usize>,
    /// The folder, for the ids links may point to.
    pub(super) folder: &'a Folder,
    /// Every id of the folder, gathered at the first link.
    pub(super) anchors: std::sync::OnceLock<std::collections::HashSet<String>>,
    /// The ids the document prints a target for, once known (a second
    /// build, after the first linked to a node that prints none): a link
    /// to any other id is printed as its text.
    pub(super) printed: Option<HashSet<String>>,
    /// The targets placed so far.
    pub(super) placed: RefCell<Placed>,
    /// The ids links point to.
    pub(super) linked: RefCell<BTreeSet<String>>,
    /// The external links written so far: text and address, each address once.
    pub(super) external: std::cell::RefCell<Vec<(String, String)>>,
    /// Where each node stands in words, gathered at the first page reference.
    pub(super) places: std::sync::OnceLock<BTreeMap<String, String>>,
}

/// The link targets of one view build.
#[derive(Default)]
pub(super) struct Placed {
    /// The ids whose targets texts hold ([`Ctx::target`]), in print order.
    pub(super) in_text: Vec<String>,
    /// Every id with a target, also those a template places ([`Ctx::claim`]).
    pub(super) ids: HashSet<String>,
}

impl Resolver for Ctx<'_> {
    fn placeholder(&self, key: &str) -> PlaceholderText {
        match self.values.get(key).filter(|v| !v.trim().is_empty()) {
            Some(value) => PlaceholderText::Value(value.clone()),
            None => match self.blanks.get(key) {
                Some((form, label)) => PlaceholderText::Form { form: form.clone(), label: label.clone() },
                None => PlaceholderText::Blank("_____".to_owned()),
            },
        }
    }

    fn footnote(&self, id: &str) -> Option<usize> {
        self.footnotes.get(id).copied()
    }

    fn anchor(&self, id: &str) -> bool {
        if let Some(printed) = &self.printed {
            return printed.contains(id);
        }
        let known = self
            .anchors
            .get_or_init(|| {
                let index = crate::validate::ids::index(self.folder, &mut Vec::new());
                index.sites.keys().map(|id| (*id).to_owned()).collect()
            })
            .contains(id);
        // An id the agreement does not define is text either way: no
        // reason to build the view again.
        if known {
            self.linked.borrow_mut().insert(id.to_owned());
        }
        known
    }

    fn reference_url(&self, id: &str) -> Option<String> {
        self.agreement.reference.iter().find(|r| r.id.as_str() == id).and_then(|r| r.url.clone())
    }

    fn linked(&self, text: &str, url: &str) {
        let mut external = self.external.borrow_mut();
        if !external.iter().any(|(_, known)| known == url) {
            external.push((text.to_owned(), url.to_owned()));
        }
    }

    fn place(&self, id: &str) -> Option<String> {
        self.places
            .get_or_init(|| {
                let entities = crate::diff::entities(&self.folder.without_customers());
                let (controller, processor) = &entities.roles;
                entities
                    .by_id
                    .into_values()
                    .map(|e| {
                        let place = match e.reference.as_str() {
                            // A party by its role: its name may be a blank.
                            _ if e.kind == crate::diff::EntityKind::Party => {
                                let role = e.facts.get("role").map(String::as_str);
                                if role == Some("controller") { controller.clone() } else { processor.clone() }
                            }
                            "" => e.label,
                            number if number.starts_with(|c: char| c.is_ascii_digit()) && e.doc == entities.doc => {
                                format!("Punkt {number}")
                            }
                            number if number.starts_with(|c: char| c.is_ascii_digit()) => {
                                format!("{} {number}", e.doc)
                            }
                            reference => reference.to_owned(),
                        };
                        (e.id, place)
                    })
                    .collect()
            })
            .get(id)
            .cloned()
    }

    fn chosen_option(&self, choice: &str) -> Option<String> {
        let chosen = self.instance?.choices.get(choice)?.ids();
        // An alternative inside a sentence takes one option.
        match chosen.as_slice() {
            [one] => Some(one.as_str().to_owned()),
            _ => None,
        }
    }
}

impl Ctx<'_> {
    /// The target of links to node `id`, to be written where it starts
    /// printing; empty where the node's target is already placed (a node
    /// printed twice) or the format has none.
    pub(super) fn target(&self, id: &str) -> String {
        let mark = inline::target_mark(id, self.flavor);
        if mark.is_empty() {
            return mark;
        }
        let mut placed = self.placed.borrow_mut();
        if !placed.ids.insert(id.to_owned()) {
            return String::new();
        }
        placed.in_text.push(id.to_owned());
        mark
    }

    /// Takes node `id`'s target as placed by a template (an annex printing
    /// the list whose id it has), so that no text places it again; whether
    /// it was still free.
    pub(super) fn claim(&self, id: &str) -> bool {
        self.placed.borrow_mut().ids.insert(id.to_owned())
    }

    /// `rendered` with the target of node `id` before it.
    pub(super) fn targeted(&self, id: &str, rendered: String) -> String {
        let mark = self.target(id);
        if mark.is_empty() { rendered } else { mark + &rendered }
    }

    pub(super) fn rich(&self, text: &str) -> String {
        inline::render(text, self.flavor, self)
    }

    pub(super) fn rich_opt(&self, text: Option<&String>) -> Option<String> {
        text.map(|t| self.rich(t))
    }

    pub(super) fn plain(&self, text: &str) -> String {
        inline::escape(text, self.flavor)
    }

    /// Rich text that a heading prints (see [`inline::Place::Heading`]).
    pub(super) fn rich_heading(&self, text: &str) -> String {
        inline::render_heading(text, self.flavor, self)
    }

    /// Optional rich text that a heading prints.
    pub(super) fn rich_heading_opt(&self, text: Option<&String>) -> Option<String> {
        text.map(|t| self.rich_heading(t))
    }

    /// Rich text in a table cell (see [`inline::Place::Cell`]).
    pub(super) fn rich_cell(&self, text: &str) -> String {
        inline::render_cell(text, self.flavor, self)
    }

    /// A line break inside a table cell.
    pub(super) fn cell_break(&self) -> &'static str {
        inline::line_break(self.flavor, inline::Place::Cell)
    }

    /// Plain text in a table cell.
    pub(super) fn plain_cell(&self, text: &str) -> String {
        inline::escape_cell(text, self.flavor)
    }

    /// Plain text in a table cell, one line per line of `text`.
    pub(super) fn plain_lines_cell(&self, text: &str) -> String {
        text.split('\n').map(|line| self.plain_cell(line)).collect::<Vec<_>>().join(self.cell_break())
    }

    /// Text in a table cell whose words are never hyphenated in the PDF
    /// ("finale Version" in a narrow status column). A long text
    /// ("unveröffentlichte Änderungen seit Version 1.10") may be: its
    /// column is shared out by width, and an unbreakable long word would
    /// run into the next cell.
    pub(super) fn unbroken_cell(&self, text: &str) -> String {
        match self.flavor {
            Flavor::Typst if text.chars().count() <= UNBROKEN => {
                format!("#text(hyphenate: false)[{}]", self.plain_cell(text))
            }
            _ => self.plain_cell(text),
        }
    }

    pub(super) fn date(&self, date: Date) -> String {
        german_date(date, self.agreement.meta.date_style)
    }

    /// Whether option `option` of `choice` applies: in a blank form every
    /// option is shown; in an instance only the chosen ones.
    pub(super) fn chosen(&self, choice: &str, option: &str) -> bool {
        match self.instance {
            None => true,
            Some(instance) => {
                instance.choices.get(choice).is_some_and(|c| c.ids().iter().any(|id| id.as_str() == option))
            }
        }
    }
}
