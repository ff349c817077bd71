//! A TOM annex printed as tables of its measures, as many TOM annexes are
//! laid out: one table for the annex (Kontrollbereich | Maßnahme | Art), or
//! a table under each section's heading, with the measures of each kind
//! side by side (Technische Maßnahmen | Organisatorische Maßnahmen). The
//! measures stay measures; this is how they print.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::clause::Block;
use super::codes::{MeasureColumnField, MeasureKind};
use super::tom::{Measure, Section, TomFile};

/// The measures printed as tables rather than lists. Every section is then
/// made of measures, each a text without sub-items, and, in one table for
/// the annex, a title (rule `tom-table-unfit`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureTable {
    /// The columns in print order; at least one shows measures.
    pub columns: Vec<MeasureColumn>,
    /// Each section under its own heading with a table of its measures
    /// (and its sub-sections each under theirs), rather than one table for
    /// the whole annex with the section's title in its first row.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub per_section: bool,
    /// Print the section's title in every row of its measures, not only in
    /// the first (where the source repeats it rather than merging cells).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeat_section: bool,
    /// What a `kind` column prints for a technical measure, where not
    /// the usual word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical: Option<String>,
    /// What a `kind` column prints for an organisational measure, where not
    /// the usual word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisational: Option<String>,
    /// What a `kind` column prints for a physical measure, where not
    /// the usual word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical: Option<String>,
    /// What a `kind` column prints for a legal measure, where not
    /// the usual word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal: Option<String>,
    /// Blocks after the annex's table (a closing note, the signature
    /// lines); not with `per_section`.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "super::clause::blocks")]
    pub after: Vec<Block>,
}

/// A column of the measure table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureColumn {
    /// What the column shows.
    pub field: MeasureColumnField,
    /// The header as printed.
    pub header: String,
    /// For a `measure` column: only the measures of this kind, listed down
    /// the column beside the other kinds' ("Technische Maßnahmen" |
    /// "Organisatorische Maßnahmen"). Then every measure column names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<MeasureKind>,
}

/// What a cell of a measure table shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TableCell<'a> {
    /// Nothing.
    Empty,
    /// The section's title.
    Title,
    /// A measure.
    Measure(&'a Measure),
    /// The word for a measure's kind.
    Kind(Option<MeasureKind>),
}

impl MeasureTable {
    /// The word a `kind` column prints for `kind` unless the table names
    /// its own.
    pub fn default_word(kind: MeasureKind) -> &'static str {
        match kind {
            MeasureKind::Technical => "technisch",
            MeasureKind::Organisational => "organisatorisch",
            MeasureKind::Physical => "physisch",
            MeasureKind::Legal => "rechtlich",
        }
    }

    /// The word printed for `kind` (nothing where the measure has none).
    pub fn kind_word(&self, kind: Option<MeasureKind>) -> &str {
        let Some(kind) = kind else { return "" };
        let own = match kind {
            MeasureKind::Technical => &self.technical,
            MeasureKind::Organisational => &self.organisational,
            MeasureKind::Physical => &self.physical,
            MeasureKind::Legal => &self.legal,
        };
        own.as_deref().unwrap_or(Self::default_word(kind))
    }

    /// Whether the measures are listed by kind, side by side.
    pub fn by_kind(&self) -> bool {
        self.columns.iter().any(|c| c.kind.is_some())
    }

    /// What makes the table unprintable: for each problem the key it is
    /// found at within the table (`columns/2/kind`), what it is and what to
    /// do. Empty when the table can be printed.
    pub fn problems(&self) -> Vec<(String, String, &'static str)> {
        let mut out = Vec::new();
        if !self.columns.iter().any(|c| c.field == MeasureColumnField::Measure) {
            out.push((
                "columns".to_owned(),
                "the measure table has no column of measures".to_owned(),
                "add a column with `field = \"measure\"`, or remove `[annex.table]` to print the sections with headings and lists",
            ));
        }
        if self.per_section && !self.after.is_empty() {
            out.push((
                "after".to_owned(),
                "tables per section have no place for `after`, the text after the annex's one table".to_owned(),
                "move the text into the last section's paragraphs, or print the annex as one table",
            ));
        }
        for (i, column) in self.columns.iter().enumerate() {
            let problem = if self.columns[..i].iter().any(|c| c.field == column.field && c.kind == column.kind) {
                Some((
                    "field",
                    format!("the measure table shows `{}` twice", column.field),
                    "remove one of the two columns",
                ))
            } else if column.kind.is_some() && column.field != MeasureColumnField::Measure {
                Some((
                    "kind",
                    format!("a `{}` column has a `kind`; only a column of measures lists one kind", column.field),
                    "remove `kind` from this column",
                ))
            } else if self.by_kind() && column.field == MeasureColumnField::Measure && column.kind.is_none() {
                Some((
                    "field",
                    "where measures are listed by kind, every column of measures names its kind".to_owned(),
                    "give the column the kind it lists (`kind = \"technical\"`)",
                ))
            } else if self.by_kind() && column.field == MeasureColumnField::Kind {
                Some((
                    "field",
                    "where measures are listed by kind, a column of kinds has nothing to show".to_owned(),
                    "remove the column: each column of measures names its kind",
                ))
            } else {
                None
            };
            if let Some((key, problem, help)) = problem {
                out.push((format!("columns/{i}/{key}"), problem, help));
            }
        }
        out
    }

    /// Whether the tables show all of `section`, with `per_section` its
    /// sub-sections too.
    pub fn shows(&self, section: &Section) -> bool {
        self.unfit_here(section).is_none() && (!self.per_section || section.section.iter().all(|s| self.shows(s)))
    }

    /// What of `section` itself, sub-sections aside where each prints
    /// under its own heading, the table cannot show.
    pub fn unfit_here(&self, section: &Section) -> Option<&'static str> {
        if !self.per_section && !section.section.is_empty() {
            Some("sub-sections")
        } else if !self.per_section && !section.block.is_empty() {
            Some("paragraphs of its own")
        } else if !self.per_section && !section.explanation.is_empty() {
            Some("explanations")
        } else if section.measure.iter().any(|m| !m.items.is_empty()) {
            Some("measures with sub-items")
        } else if self.by_kind()
            && section.measure.iter().any(|m| !self.columns.iter().any(|c| c.kind.is_some() && c.kind == m.kind))
        {
            Some("a measure of a kind no column lists")
        } else {
            None
        }
    }

    /// The rows of `section`'s measures: in one table for the annex, the
    /// section's title in its first row (in each with `repeat_section`);
    /// by kind, the `n`th measure of each kind in the `n`th row.
    pub fn rows<'a>(&self, section: &'a Section) -> Vec<Vec<TableCell<'a>>> {
        let title = |row: usize| if row == 0 || self.repeat_section { TableCell::Title } else { TableCell::Empty };
        if self.by_kind() {
            let lists: Vec<Vec<&Measure>> = self
                .columns
                .iter()
                .map(|c| section.measure.iter().filter(|m| c.kind.is_some() && m.kind == c.kind).collect())
                .collect();
            let count = lists.iter().map(Vec::len).max().unwrap_or(0);
            return (0..count.max(usize::from(!self.per_section)))
                .map(|row| {
                    self.columns
                        .iter()
                        .zip(&lists)
                        .map(|(c, list)| match c.field {
                            MeasureColumnField::Section => title(row),
                            _ => list.get(row).map_or(TableCell::Empty, |m| TableCell::Measure(m)),
                        })
                        .collect()
                })
                .collect();
        }
        let row = |i: usize, measure: Option<&'a Measure>| -> Vec<TableCell<'a>> {
            self.columns
                .iter()
                .map(|c| match (c.field, measure) {
                    (MeasureColumnField::Section, _) => title(i),
                    (MeasureColumnField::Measure, Some(m)) => TableCell::Measure(m),
                    (MeasureColumnField::Kind, Some(m)) => TableCell::Kind(m.kind),
                    (_, None) => TableCell::Empty,
                })
                .collect()
        };
        if section.measure.is_empty() {
            // The title's row, where the annex has one table; nothing under a heading.
            return if self.per_section { Vec::new() } else { vec![row(0, None)] };
        }
        section.measure.iter().enumerate().map(|(i, m)| row(i, Some(m))).collect()
    }
}

impl TomFile {
    /// The measure table the annex prints its sections as: `None` without
    /// one, or where its columns or a section do not fit it (then the
    /// sections print as sections, so that none of their parts is lost).
    pub fn printed_table(&self) -> Option<&MeasureTable> {
        self.annex
            .table
            .as_ref()
            .filter(|table| table.problems().is_empty() && self.section.iter().all(|s| table.shows(s)))
    }

    /// The annex's one table, where it prints its sections as one.
    pub fn one_table(&self) -> Option<&MeasureTable> {
        self.printed_table().filter(|t| !t.per_section)
    }
}
