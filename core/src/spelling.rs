//! Edit distance for typos: the "did you mean" of findings and the
//! spelling-level test of the diff. The only module that uses strsim.

/// The Damerau–Levenshtein distance: insertions, deletions, substitutions
/// and swaps of neighbouring characters each count one.
pub fn distance(a: &str, b: &str) -> usize {
    strsim::damerau_levenshtein(a, b)
}

/// The closest candidate by edit distance (ignoring case), if it is close
/// enough to be a typo.
pub fn closest<'a>(given: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let given = given.to_lowercase();
    candidates
        .map(|c| (distance(&given, &c.to_lowercase()), c))
        .filter(|(distance, c)| *distance <= (c.chars().count() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(closest("titel", ["title", "text", "id"].into_iter()), Some("title"));
        assert_eq!(closest("zzz", ["title"].into_iter()), None);
        assert_eq!(distance("Auftragnehmer", "Auftragnehmre"), 1);
    }
}
