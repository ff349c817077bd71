//! Byte and phrase search for the loops that run over every text of every
//! file: the fast TOML reader and the text rules. The only module that
//! uses memchr (SIMD search; `str::find` builds a searcher per call).

use memchr::memmem::Finder;

/// Where `needle` first occurs in `haystack`.
pub fn byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memchr(needle, haystack)
}

/// Where `needle` last occurs in `haystack`.
pub fn last_byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memrchr(needle, haystack)
}

/// Every position of `needle` in `haystack`, in order.
pub fn positions(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(needle, haystack)
}

/// Where the first of `a` and `b` occurs in `haystack`.
pub fn either(a: u8, b: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memchr2(a, b, haystack)
}

/// Where the first of `a`, `b` and `c` occurs in `haystack`.
pub fn any_of(a: u8, b: u8, c: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memchr3(a, b, c, haystack)
}

/// Where `first` directly followed by `second` next occurs in `bytes`,
/// at or after `from`. Searching the first byte beats building a substring
/// searcher for the short texts most marks are looked for in.
pub fn pair(bytes: &[u8], mut from: usize, first: u8, second: u8) -> Option<usize> {
    loop {
        let at = from + byte(first, bytes.get(from..)?)?;
        if bytes.get(at + 1) == Some(&second) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// Whether `needle` occurs in `haystack` (bytes, once: for a phrase looked
/// for in many texts, [`Phrase`]).
pub fn contains(needle: &[u8], haystack: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// A phrase looked for in many texts, its searcher built once.
#[derive(Debug)]
pub struct Phrase(Finder<'static>);

impl Phrase {
    /// A searcher for `phrase`.
    pub fn new(phrase: &'static str) -> Self {
        Self(Finder::new(phrase))
    }

    /// Whether the phrase occurs in `text`.
    pub fn occurs_in(&self, text: &str) -> bool {
        self.0.find(text.as_bytes()).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_pairs_and_phrases() {
        assert_eq!(pair(b"{ {x {{", 0, b'{', b'{'), Some(5));
        assert_eq!(pair(b"{{a{{", 1, b'{', b'{'), Some(3));
        assert_eq!(pair(b"{", 0, b'{', b'{'), None);
        assert_eq!(pair(b"ab", 5, b'a', b'b'), None);
        assert!(Phrase::new("Safe Harbor").occurs_in("das Safe Harbor-Abkommen"));
        assert!(!Phrase::new("Safe Harbor").occurs_in("Safe harbour"));
        assert_eq!(any_of(b'/', b'y', 0xa7, "§ 9".as_bytes()), Some(1));
        assert_eq!(either(b'"', b'\\', b"ab\\\""), Some(2));
        assert_eq!(positions(b'\n', b"a\n\nb\n").collect::<Vec<_>>(), [1, 2, 4]);
        assert!(contains(b"Pack", b"EncryptedPackage") && !contains(b"pack", b"EncryptedPackage"));
    }
}
