//! `avv import --check`: the imported folder rendered back to Markdown and
//! compared word by word with the source, with the normalisation of the
//! fidelity test ([`similarity`](crate::diff::similarity)).

use std::path::Path;

use super::ImportError;
use crate::diff::similarity::{Passage, largest_differences, normalise, ratio};
use crate::load::load_folder;
use crate::render::inline::Flavor;
use crate::render::{Stamp, Templates, render_text};

/// How close the rendering comes to the source.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundTrip {
    /// Word-level similarity, 0.0 to 1.0.
    pub ratio: f32,
    /// The largest differing passages, largest first (rendering against source).
    pub passages: Vec<Passage>,
}

/// Renders the folder at `dir` to Markdown and compares it with `source`.
pub fn round_trip(dir: &Path, root: &Path, source: &str) -> Result<RoundTrip, ImportError> {
    let loaded = load_folder(dir, root);
    let markdown = render_text(&Templates::new(None), &loaded.folder, None, Flavor::Markdown, &Stamp::default())
        .map_err(|e| ImportError::Internal(format!("cannot render the imported folder: {e}")))?;
    Ok(compare(&markdown, source))
}

/// Compares a Markdown rendering with the source text.
pub fn compare(markdown: &str, source: &str) -> RoundTrip {
    // The small print after the last rule is ours, not the source's.
    let body = markdown.rsplit_once("\n---\n").map_or(markdown, |(b, _)| b);
    let rendered = normalise(body);
    let original = normalise(source);
    RoundTrip { ratio: ratio(&rendered, &original), passages: largest_differences(&rendered, &original, 5) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_small_print_is_left_out() {
        let trip = compare("# Titel\n\nText hier\n\n---\n\nerstellt mit avv", "Titel\nText hier");
        assert!((trip.ratio - 1.0).abs() < f32::EPSILON);
        assert!(trip.passages.is_empty());
    }
}
