//! Word-level comparison of rendered texts: normalisation of Markdown or
//! exported text to its words, and a similarity ratio of two word lists.
//! Shared by the fidelity test (Markdown against the seeds) and the DOCX
//! test (DOCX text against the Markdown).

/// Normalises Markdown or exported text for comparison.
pub fn normalise(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Drop anchor marks `{#…}` and link targets `](…)`, keep link texts.
    let mut cleaned = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(end) = rest.strip_prefix("{#").and_then(|after| after.find('}')) {
            rest = &rest[2 + end + 1..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("](")
            && let Some(end) = after.find(')')
        {
            rest = &after[end + 1..];
            cleaned.push(' ');
            continue;
        }
        let c = rest.chars().next().unwrap();
        cleaned.push(c);
        rest = &rest[c.len_utf8()..];
    }
    // A line break in a table cell.
    let cleaned = cleaned.replace("<br>", " ");
    for raw in cleaned.split_whitespace() {
        // Markdown markup and escapes.
        let word: String =
            raw.chars().filter(|c| !matches!(c, '*' | '#' | '\\' | '|' | '`' | '>' | '[' | ']' | '<')).collect();
        let word = word.trim_matches('_');
        if word.is_empty() || is_marker(word) {
            continue;
        }
        out.push(word.to_owned());
    }
    out
}

/// List markers, numbering tokens and table rules.
fn is_marker(word: &str) -> bool {
    if word.chars().all(|c| matches!(c, '-' | '–' | '•' | '☐' | '_' | '.' | ':' | '—' | '=')) {
        return true;
    }
    let core = word.trim_start_matches('§').trim_end_matches(['.', ')', ':']);
    if core.is_empty() {
        return true;
    }
    // 1, 1.1, 6.4, 3.2.1 …
    if core.split('.').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit())) {
        return true;
    }
    // a) b) …
    word.len() == 2 && word.ends_with(')') && word.starts_with(|c: char| c.is_ascii_lowercase())
}

pub fn ratio(a: &[String], b: &[String]) -> f32 {
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    similar::TextDiff::configure().algorithm(similar::Algorithm::Patience).diff_slices(&a, &b).ratio()
}
