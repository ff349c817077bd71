//! Word-level similarity of two texts: Markdown or exported text normalised
//! to its words (markup, list markers, numbering punctuation and export
//! artefacts dropped), compared with a patience diff. The fidelity test,
//! the DOCX test and `avv import --check` all measure with this one
//! implementation, so their figures agree.

/// Normalises Markdown or exported text to the words that carry content.
pub fn normalise(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Drop anchor marks `{#…}` and `<a id="…"></a>` and link targets
    // `](…)`, keep link texts.
    let mut cleaned = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(end) = rest.strip_prefix("{#").and_then(|after| after.find('}')) {
            rest = &rest[2 + end + 1..];
            continue;
        }
        if let Some(end) = rest.strip_prefix("<a id=\"").and_then(|after| after.find("\"></a>")) {
            rest = &rest["<a id=\"".len() + end + "\"></a>".len()..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("](")
            && let Some(end) = after.find(')')
        {
            rest = &after[end + 1..];
            cleaned.push(' ');
            continue;
        }
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

/// The similarity of two word lists, 0.0 (nothing shared) to 1.0 (equal).
pub fn ratio(a: &[String], b: &[String]) -> f32 {
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    similar::TextDiff::configure().algorithm(similar::Algorithm::Patience).diff_slices(&a, &b).ratio()
}

/// A passage where two word lists differ: the words only the first has
/// (`removed`) and those only the second has (`added`), at word `position`
/// of the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Index of the passage's first word in the first list.
    pub position: usize,
    /// Words of the first list that the second lacks here.
    pub removed: Vec<String>,
    /// Words of the second list that the first lacks here.
    pub added: Vec<String>,
}

impl Passage {
    /// How many words differ.
    pub fn size(&self) -> usize {
        self.removed.len() + self.added.len()
    }
}

/// The `limit` largest differing passages of `a` against `b`, largest first.
pub fn largest_differences(a: &[String], b: &[String], limit: usize) -> Vec<Passage> {
    let left: Vec<&str> = a.iter().map(String::as_str).collect();
    let right: Vec<&str> = b.iter().map(String::as_str).collect();
    let diff = similar::TextDiff::configure().algorithm(similar::Algorithm::Patience).diff_slices(&left, &right);
    let mut passages: Vec<Passage> = Vec::new();
    let mut current: Option<Passage> = None;
    for op in diff.ops() {
        match *op {
            similar::DiffOp::Equal { len, .. } if len > 2 => {
                passages.extend(current.take());
            }
            similar::DiffOp::Equal { .. } => {}
            similar::DiffOp::Delete { old_index, old_len, .. } => {
                let passage = current.get_or_insert_with(|| empty(old_index));
                passage.removed.extend(a[old_index..old_index + old_len].iter().cloned());
            }
            similar::DiffOp::Insert { old_index, new_index, new_len } => {
                let passage = current.get_or_insert_with(|| empty(old_index));
                passage.added.extend(b[new_index..new_index + new_len].iter().cloned());
            }
            similar::DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let passage = current.get_or_insert_with(|| empty(old_index));
                passage.removed.extend(a[old_index..old_index + old_len].iter().cloned());
                passage.added.extend(b[new_index..new_index + new_len].iter().cloned());
            }
        }
    }
    passages.extend(current);
    passages.sort_by(|x, y| y.size().cmp(&x.size()).then(x.position.cmp(&y.position)));
    passages.truncate(limit);
    passages
}

fn empty(position: usize) -> Passage {
    Passage { position, removed: Vec::new(), added: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        normalise(text)
    }

    #[test]
    fn normalisation_ignores_markup_and_numbering() {
        assert_eq!(
            normalise("## 6.5 **Unterauftragnehmer** {#x}\n- a) Text [Link](#y) 1."),
            vec!["Unterauftragnehmer", "Text", "Link"]
        );
        // Link targets in Markdown are no words.
        assert_eq!(normalise("## <a id=\"x\"></a>6.5 Titel\n| <a id=\"m-1\"></a>Zelle |"), vec!["Titel", "Zelle"]);
    }

    #[test]
    fn equal_texts_score_one_and_disjoint_ones_zero() {
        assert!((ratio(&words("a b c"), &words("a b c")) - 1.0).abs() < f32::EPSILON);
        assert!(ratio(&words("a b c"), &words("x y z")) < f32::EPSILON);
    }

    #[test]
    fn the_largest_difference_comes_first() {
        let a = words("eins zwei drei vier fünf sechs sieben acht neun zehn elf");
        let b = words("eins zwei X drei vier fünf sechs Y Z W acht neun zehn elf");
        let passages = largest_differences(&a, &b, 5);
        assert_eq!(passages.len(), 2);
        assert_eq!(passages[0].removed, vec!["sieben"]);
        assert_eq!(passages[0].added, vec!["Y", "Z", "W"]);
        assert_eq!(passages[1].added, vec!["X"]);
        assert_eq!(largest_differences(&a, &b, 1).len(), 1);
    }
}
