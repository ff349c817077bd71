//! RFC 6901 JSON pointers (`/clause/0/id`): the one place that spells their
//! escapes. Findings name their place with pointers; the loader, the span
//! lookup and the schema messages read and write them.

use std::borrow::Cow;

/// A key as a pointer token: `~` becomes `~0`, `/` becomes `~1`.
pub fn escape(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) { Cow::Owned(key.replace('~', "~0").replace('/', "~1")) } else { Cow::Borrowed(key) }
}

/// A pointer token as the key it stands for.
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') { Cow::Owned(token.replace("~1", "/").replace("~0", "~")) } else { Cow::Borrowed(token) }
}

/// The keys a pointer names, in order; none for the root (``).
pub fn tokens(pointer: &str) -> impl Iterator<Item = Cow<'_, str>> {
    pointer.split('/').skip(1).map(unescape)
}

/// The array index a token names: decimal, without sign or leading zero.
pub fn index(token: &str) -> Option<usize> {
    let plain = token.bytes().all(|b| b.is_ascii_digit()) && (token == "0" || !token.starts_with('0'));
    if plain { token.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        for key in ["a", "a/b", "c~d", "~1", "/~0/", ""] {
            assert_eq!(unescape(&escape(key)), key);
        }
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        // `~01` is `~` then `1`, not `/`.
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(tokens("/a~1b/0/").collect::<Vec<_>>(), ["a/b", "0", ""]);
        assert_eq!(tokens("").count(), 0);
    }

    #[test]
    fn indices_are_plain_decimals() {
        assert_eq!(
            [index("0"), index("12"), index("01"), index("+1"), index("-1"), index("")],
            [Some(0), Some(12), None, None, None, None]
        );
    }
}
