//! Texts `avv new` wrote for their writer to replace: a clause's
//! „(Regelung zu … ausfüllen.)“, the processor's „Name des Auftragnehmers“.
//! They keep a new agreement valid while it is written, and must not reach
//! a released version: the contract would promise a filler instead of an
//! obligation.

use std::sync::LazyLock;

use super::walk;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::load::{Folder, MainFile};
use crate::model::codes::Status;
use crate::scaffold::filler;
use crate::search::Phrase;

/// Reports every filler left in the agreement's files: an error once its
/// version is released, a warning while it is under review, and in a
/// draft an info, the list of what remains to write.
pub fn check(folder: &Folder, out: &mut Vec<Diagnostic>) {
    // Every filler holds one of these.
    static CANDIDATES: LazyLock<Vec<Phrase>> = LazyLock::new(|| {
        ["ausfüllen", "Maßnahme beschreiben", "Name des Auftragnehmers", "Straße", "PLZ Ort"]
            .into_iter()
            .map(Phrase::new)
            .collect()
    });
    let status = folder.agreement.as_ref().map_or(Status::Draft, |a| a.value.meta.status);
    let (severity, help) = match status {
        Status::Draft => (Severity::Info, "write the agreement's own text here before the version is released"),
        Status::Review => {
            (Severity::Warning, "write the agreement's own text here: a reviewer cannot approve a filler")
        }
        _ => (
            Severity::Error,
            "write the agreement's own text here, or set `status = \"draft\"` until it is written: a released version must not promise a filler",
        ),
    };
    for MainFile { path: file, tree, .. } in
        folder.main_files().into_iter().flatten().filter(|file| file.may_contain(&CANDIDATES))
    {
        walk::strings(tree, &mut |pointer, key, text| {
            if matches!(key, "id" | "reason" | "rule") || pointer.passes("allow") {
                return;
            }
            let party_field = pointer.under("party") && matches!(key, "name" | "lines");
            if let Some(needle) = filler(text, party_field) {
                out.push(
                    Diagnostic::in_text(
                        Code::ScaffoldTextUnfilled,
                        file,
                        pointer,
                        needle,
                        format!("`{needle}` is the filler `avv new` wrote, not yet the agreement's text"),
                    )
                    .with_severity(severity)
                    .with_help(help),
                );
            }
        });
    }
}
