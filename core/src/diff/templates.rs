//! Changes of the repository's document templates (`templates/`): no
//! agreement file holds them, but every document printed with them
//! changes, so a reviewer must see them beside the agreements.

use super::{Change, ChangeSet, EntityKind, Op, Part};
use crate::history::{TemplateFiles, document_templates};
use crate::model::codes::ChangeKind;

/// The pseudo agreement id under which `avv diff` reports `templates/`.
pub const TEMPLATE_CHANGES: &str = "templates/";

/// The changes of the document templates between two `templates/`
/// folders (the site's own pages left out), or `None` when none changed.
pub fn template_changes(old: &TemplateFiles, new: &TemplateFiles) -> Option<ChangeSet> {
    let changes: Vec<Change> = document_templates(old.changed(new))
        .into_iter()
        .map(|name| {
            let (op, kind, phrase) = match (old.get(&name), new.get(&name)) {
                (None, _) => (Op::Added, ChangeKind::Addition, format!("Dokumentvorlage hinzugefügt: {name}")),
                (_, None) => (Op::Removed, ChangeKind::Removal, format!("Dokumentvorlage entfernt: {name}")),
                _ => (Op::Changed, ChangeKind::Update, format!("Dokumentvorlage geändert: {name}")),
            };
            // A change of the document (`Change::bare`): printed by the next
            // version of every agreement (and by its draft until then), never
            // by one published before.
            Change {
                doc: TEMPLATE_CHANGES.to_owned(),
                label: name.clone(),
                phrase,
                ..Change::bare(EntityKind::Document, name, op, kind, Part::Agreement)
            }
        })
        .collect();
    ChangeSet::of_repository(TEMPLATE_CHANGES, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> TemplateFiles {
        TemplateFiles {
            tree: None,
            files: entries.iter().map(|(name, text)| ((*name).to_owned(), Ok((*text).to_owned()))).collect(),
        }
    }

    #[test]
    fn each_document_template_added_changed_or_removed_is_a_change_and_site_pages_are_not() {
        let old = files(&[("document.md.j2", "a"), ("style.css", "x"), ("site-index.html.j2", "i")]);
        let new = files(&[("document.md.j2", "b"), ("document.typ.j2", "t"), ("site-index.html.j2", "j")]);
        let set = template_changes(&old, &new).expect("changes");
        assert_eq!(
            set.lines,
            [
                "Dokumentvorlage geändert: document.md.j2",
                "Dokumentvorlage hinzugefügt: document.typ.j2",
                "Dokumentvorlage entfernt: style.css",
            ]
        );
        assert!(template_changes(&old, &old).is_none());
        let pages_only = files(&[("document.md.j2", "a"), ("style.css", "x"), ("site-index.html.j2", "changed")]);
        assert!(template_changes(&old, &pages_only).is_none(), "the site's pages print in no document");
    }
}
