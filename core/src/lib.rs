//! avv-core: data-processing agreements (GDPR Art. 28) as validated TOML.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod diagnostic;
pub mod load;
pub mod model;
pub mod render;
pub mod schema;
pub mod validate;
pub mod version;
