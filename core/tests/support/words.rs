//! Word-level comparison of rendered texts, shared by the fidelity test
//! (Markdown against the seeds) and the DOCX test (DOCX text against the
//! Markdown). The one implementation lives in the library, where
//! `avv import --check` measures with it too.

pub use avv_core::diff::similarity::{normalise, ratio};
