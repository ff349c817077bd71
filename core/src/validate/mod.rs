//! Validation: the domain rules that JSON Schema cannot express, run on a
//! loaded folder, and the parallel run over many folders.

pub mod allow;
mod alternatives;
pub mod art28;
pub mod cache;
pub mod countries;
pub mod customer;
pub mod hidden;
pub mod history;
pub mod ids;
pub mod objection;
pub mod printed;
mod references;
pub mod run;
pub mod tom;
pub mod transfers;
mod unfilled;
pub mod versions;
pub mod walk;

use crate::diagnostic::Diagnostic;
use crate::load::Folder;

pub use cache::Cache;
pub use run::{Report, ValidateOptions, validate, validate_folders, validate_folders_cached};

/// Runs every domain rule on a loaded folder and applies its allowances;
/// customer instances are held to the working tree's template (see
/// [`check_folder_with`]).
pub fn check_folder(folder: &Folder) -> Vec<Diagnostic> {
    check_folder_with(folder, &customer::SignedVersions::default())
}

/// [`check_folder`], with each customer instance held to the version it
/// names where `signed` has that version's agreement.
pub fn check_folder_with(folder: &Folder, signed: &customer::SignedVersions) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    ids::folder_id(folder, &mut out);
    let index = ids::index(folder, &mut out);
    ids::display_numbers(folder, &mut out);
    references::check(folder, &index, &mut out);
    art28::check(folder, &mut out);
    art28::citations(folder, &mut out);
    objection::check(folder, &mut out);
    countries::check(folder, &mut out);
    transfers::check(folder, &index, &mut out);
    printed::check(folder, &index, &mut out);
    tom::check(folder, &index, &mut out);
    history::check(folder, &mut out);
    customer::check(folder, signed, &mut out);
    hidden::check(folder, &mut out);
    unfilled::check(folder, &mut out);
    allow::apply(folder, out)
}
