//! Reading agreement folders from disk: discovery, hostile-input checks,
//! parsing, schema validation and conversion into the typed model.

pub mod discover;
pub mod file;
pub mod folder;
mod listing;
pub mod node;
pub mod parse;
pub mod schema_check;
pub mod strict;
pub mod toml;

pub use discover::{DiscoverError, agreement_folders, find_repo_root};
pub use folder::{FileLoad, Folder, LoadedFolder, MainFile, Parsed, load_folder, load_snapshot, shape_findings};
pub use node::{Node, Object};
