//! Alternatives inside a sentence ([`crate::model::alternative`]): each
//! well-formed, and one decision with every other place of its choice id
//! (another sentence, or a choice block).

use std::path::Path;

use super::ids::{IdIndex, IdKind, options_of, pointers, with_article};
use super::walk;
use crate::diagnostic::{Anchor, Code, Diagnostic};
use crate::model::alternative::{self, Alternative};

/// A well-formed alternative and where it is written.
pub(super) struct Found<'a> {
    alternative: Alternative<'a>,
    file: &'a Path,
    pointer: String,
    /// `{{ … }}` as written, to underline it.
    raw: &'a str,
}

/// Reads `{{ inner }}` (written `raw`) at `pointer`: `None` when it is no
/// alternative (a placeholder), `Some(None)` when it is a malformed one
/// (and the finding is pushed), else the alternative.
pub(super) fn read<'a>(
    inner: &'a str,
    raw: &'a str,
    file: &'a Path,
    pointer: &walk::Pointer<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<Option<Found<'a>>> {
    match alternative::parse(inner)? {
        Ok(alternative) => Some(Some(Found { alternative, file, pointer: pointer.into(), raw })),
        Err(error) => {
            out.push(
                Diagnostic::in_text(Code::AlternativeMalformed, file, pointer, raw, format!("malformed alternative: {error}"))
                    .with_help("write `{{ choice: option-a = words | option-b = words }}`: the choice's id, then two or more options, each an id and the words it prints (without `|` or `}}`)"),
            );
            Some(None)
        }
    }
}

/// Every place of a choice offers the same options: alternatives with the
/// same id among themselves and with a choice block of that id. The id may
/// not name anything else.
pub(super) fn consistent(found: &[Found<'_>], index: &IdIndex<'_>, out: &mut Vec<Diagnostic>) {
    fn ids<'a>(a: &Alternative<'a>) -> Vec<&'a str> {
        let mut ids: Vec<&str> = a.options.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids
    }
    let list = |ids: &[&str]| ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ");
    let mut differing = Vec::new();
    for (i, place) in found.iter().enumerate() {
        let choice = place.alternative.choice;
        let offered = ids(&place.alternative);
        if let Some(site) = index.sites.get(choice) {
            if site.kind != IdKind::Choice {
                differing.push((i, site, format!("`{choice}` names {}, not a choice", with_article(site.kind.name()))));
                continue;
            }
            let (mut block, any) = options_of(site);
            block.sort_unstable();
            if block != offered || any {
                let message = if any {
                    format!("choice `{choice}` takes several options; an alternative inside a sentence takes one")
                } else {
                    format!("choice `{choice}` is offered here with {} instead of {}", list(&offered), list(&block))
                };
                differing.push((i, site, message));
            }
            continue;
        }
        if let Some(first) = found[..i].iter().find(|f| f.alternative.choice == choice) {
            let first_ids = ids(&first.alternative);
            if first_ids != offered {
                out.push(
                    Diagnostic::in_text(
                        Code::ChoiceOptionsDiffer,
                        place.file,
                        place.pointer.clone(),
                        place.raw,
                        format!("choice `{choice}` is offered here with {} instead of {}", list(&offered), list(&first_ids)),
                    )
                    .with_label(first.file, Anchor::Needle { pointer: first.pointer.clone(), needle: first.raw.to_owned() }, "first offered here")
                    .with_help(format!("a choice used in several places is one decision: offer the same options ({}) in every place, or give this alternative its own id", list(&first_ids))),
                );
            }
        }
    }
    let sites: Vec<_> = differing.iter().map(|(_, site, _)| *site).collect();
    for ((i, site, message), site_pointer) in differing.iter().zip(pointers(&sites)) {
        let place = &found[*i];
        let code = if site.kind == IdKind::Choice { Code::ChoiceOptionsDiffer } else { Code::DuplicateId };
        let help = if site.kind == IdKind::Choice {
            "the customer decides a choice once: offer the choice block's options in every sentence, or give the alternative its own id"
        } else {
            "give the alternative a choice id of its own"
        };
        out.push(
            Diagnostic::in_text(code, place.file, place.pointer.clone(), place.raw, message.clone())
                .with_label(site.file, Anchor::Pointer { pointer: site_pointer, key: false }, "defined here")
                .with_help(help),
        );
    }
}
