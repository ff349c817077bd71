//! Link targets taken out of rendered documents, for tests that compare
//! the text around them (`link_targets.rs` checks the targets themselves).

/// `text` without the link targets placed inside texts (from `start` to
/// `end`: `<a id="` and `"></a>` in Markdown).
pub fn without_targets(text: &str, start: &str, end: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(start) {
        out.push_str(&rest[..at]);
        match rest[at..].find(end) {
            // A target inside a text ends with `;`, one on a line of its own not.
            Some(stop) => {
                rest = rest[at + stop + end.len()..].strip_prefix(';').unwrap_or(&rest[at + stop + end.len()..])
            }
            None => {
                rest = &rest[at..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}
