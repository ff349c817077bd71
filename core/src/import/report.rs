//! The import summary: what was recognised (counts) and what a human must
//! look at (notes with their place in the source), printed by the CLI.

use std::fmt::Write as _;

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoteKind {
    /// A number or heading whose role was guessed.
    Numbering,
    /// A table kept as a plain table.
    Table,
    /// A blank or drafting instruction turned into a placeholder.
    Placeholder,
    /// Alternatives turned into a choice, or kept as text.
    Choice,
    /// A sub-processor detail that was assumed.
    Subprocessor,
    /// Something about the annexes.
    Annex,
    /// A clause whose heading suggests an Art. 28(3) item: a hint, never a tag.
    Coverage,
    /// A finding of validation kept for review.
    Finding,
    /// Tracked changes in the source, read as accepted.
    Revision,
    /// Content of the source kept in another form, or left out: a table
    /// inside a table cell, a picture.
    Layout,
}

impl NoteKind {
    /// The heading the summary prints the note under.
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Numbering => "numbering",
            NoteKind::Table => "unrecognised table",
            NoteKind::Placeholder => "placeholder",
            NoteKind::Choice => "alternatives",
            NoteKind::Subprocessor => "sub-processor",
            NoteKind::Annex => "annex",
            NoteKind::Coverage => "Art. 28(3)",
            NoteKind::Finding => "finding",
            NoteKind::Revision => "tracked changes",
            NoteKind::Layout => "layout",
        }
    }
}

/// One thing for a human to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// What it is about.
    pub kind: NoteKind,
    /// The place in the source (line or DOCX paragraph); 0 for the whole document.
    pub at: usize,
    /// What to check.
    pub message: String,
}

impl Note {
    /// A note of `kind` at `at`.
    pub fn new(kind: NoteKind, at: usize, message: impl Into<String>) -> Self {
        Note { kind, at, message: message.into() }
    }
}

/// How much of the source became structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Clauses in the body and the annexes, at every depth.
    pub clauses: usize,
    /// Free annexes.
    pub annexes: usize,
    /// TOM sections.
    pub sections: usize,
    /// TOM measures, nested ones included.
    pub measures: usize,
    /// Sub-processor entries.
    pub subprocessors: usize,
    /// Placeholders.
    pub placeholders: usize,
    /// Choices.
    pub choices: usize,
    /// Rows of an imported version table.
    pub history_rows: usize,
}

/// The summary of one import.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// What was recognised.
    pub counts: Counts,
    /// What to check, in source order.
    pub notes: Vec<Note>,
}

impl Summary {
    /// The summary as text: counts, then the notes by source position;
    /// `unit` names a position ("line", "paragraph").
    pub fn render(&self, unit: &str) -> String {
        let c = &self.counts;
        let mut out = format!(
            "recognised: {} clauses, {} annexes, {} TOM sections with {} measures, {} sub-processors, {} placeholders, {} choices, {} version rows\n",
            c.clauses, c.annexes, c.sections, c.measures, c.subprocessors, c.placeholders, c.choices, c.history_rows
        );
        if self.notes.is_empty() {
            out.push_str("nothing to review\n");
            return out;
        }
        let mut located: Vec<&Note> = self.notes.iter().filter(|n| n.at > 0).collect();
        located.sort_by_key(|n| (n.at, n.kind));
        if !located.is_empty() {
            let _ = writeln!(out, "to review in the source ({}):", located.len());
            for note in located {
                let _ =
                    writeln!(out, "  {:<10} {}: {}", format!("{unit} {}", note.at), note.kind.label(), note.message);
            }
        }
        let findings: Vec<&Note> = self.notes.iter().filter(|n| n.at == 0).collect();
        if !findings.is_empty() {
            let _ = writeln!(out, "findings of validation ({}):", findings.len());
            for note in findings {
                let _ = writeln!(out, "  {}", note.message);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_print_in_source_order() {
        let summary = Summary {
            counts: Counts { clauses: 2, ..Counts::default() },
            notes: vec![
                Note::new(NoteKind::Table, 9, "kept as a table"),
                Note::new(NoteKind::Placeholder, 3, "`_____` became {{ a }}"),
                Note::new(NoteKind::Finding, 0, "art28-coverage: no clause covers X"),
            ],
        };
        insta::assert_snapshot!(summary.render("line"), @r"
        recognised: 2 clauses, 0 annexes, 0 TOM sections with 0 measures, 0 sub-processors, 0 placeholders, 0 choices, 0 version rows
        to review in the source (2):
          line 3     placeholder: `_____` became {{ a }}
          line 9     unrecognised table: kept as a table
        findings of validation (1):
          art28-coverage: no clause covers X
        ");
    }
}
