//! The data model: one Rust type per TOML file of an agreement folder.
//! Doc comments here become the descriptions in the generated JSON Schemas.

pub mod agreement;
pub mod alternative;
pub mod clause;
pub mod codes;
pub mod countries;
pub mod customer;
pub mod measure_table;
pub mod numbering;
pub mod primitives;
pub mod subprocessor;
pub mod tom;

pub use agreement::AgreementFile;
pub use clause::{Block, Clause, ListItem};
pub use customer::CustomerFile;
pub use primitives::{Allow, Country, Date, Id, IsoDuration};
pub use subprocessor::SubprocessorsFile;
pub use tom::TomFile;
