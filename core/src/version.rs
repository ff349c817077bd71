//! Natural ordering of version labels: 1.5 < 1.5a < 1.6 < 1.10.

use std::cmp::Ordering;

/// Compares two version labels chunk by chunk: digit runs numerically,
/// everything else as text; a label that is a prefix of another is older.
pub fn compare(a: &str, b: &str) -> Ordering {
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(cb.iter()) {
        let ordering = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(m), Ok(n)) => m.cmp(&n),
            (Ok(_), Err(_)) => Ordering::Greater,
            (Err(_), Ok(_)) => Ordering::Less,
            (Err(_), Err(_)) => x.cmp(y),
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    ca.len().cmp(&cb.len())
}

fn chunks(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = s.as_bytes();
    for i in 1..=bytes.len() {
        let boundary = i == bytes.len()
            || bytes[i].is_ascii_digit() != bytes[i - 1].is_ascii_digit()
            || matches!(bytes[i], b'.' | b'-' | b'_')
            || matches!(bytes[i - 1], b'.' | b'-' | b'_');
        if boundary {
            let chunk = &s[start..i];
            if !matches!(chunk, "." | "-" | "_") {
                out.push(chunk);
            }
            start = i;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut v = vec!["1.10", "1.5a", "1.0", "1.5", "1.6", "1.9", "2"];
        v.sort_by(|a, b| compare(a, b));
        assert_eq!(v, vec!["1.0", "1.5", "1.5a", "1.6", "1.9", "1.10", "2"]);
        assert_eq!(compare("1.8", "1.8"), Ordering::Equal);
    }
}
