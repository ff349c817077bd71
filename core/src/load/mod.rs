//! Reading agreement folders from disk: discovery, hostile-input checks,
//! parsing, schema validation and conversion into the typed model.

pub mod discover;
pub mod fast_toml;
pub mod file;
pub mod folder;
mod listing;
pub mod node;
pub mod parse;
pub mod schema_check;
pub mod span;
pub mod strict;
pub mod toml_json;

pub use discover::{DiscoverError, agreement_folders, find_repo_root};
pub use folder::{FileLoad, Folder, LoadedFolder, MainFile, Parsed, load_folder, load_snapshot};
pub use node::{Node, Object};
