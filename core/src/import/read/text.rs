//! Plain text and Markdown, line by line: headings (`#`), list items
//! (`-`, `*`, `•`, indented for nesting), pipe tables and tab-separated
//! rows (how word processors export tables to text), and running text.

use std::borrow::Cow;
use std::path::Path;

use super::{Kind, Line, MAX_DEPTH, clean};
use crate::import::ImportError;
use crate::search;

/// The text of `bytes`: UTF-8 (with or without a byte order mark), or
/// UTF-16 with its byte order mark, as Windows writes "Unicode" text.
/// Anything else is refused at its first bad byte: a guessed legacy
/// encoding could turn umlauts into other letters without a trace.
pub fn decode<'a>(bytes: &'a [u8], file: &Path) -> Result<Cow<'a, str>, ImportError> {
    decode_text(bytes, file).map(line_ends)
}

/// Lines ended by a carriage return alone (classic Mac OS, some exports)
/// ended by `\n`, as Windows' `\r\n` already is: read as one line, such a
/// text became a single paragraph, or one table of the whole contract.
fn line_ends(text: Cow<'_, str>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = search::positions(b'\r', bytes).any(|at| bytes.get(at + 1) != Some(&b'\n'));
    if !lone {
        return text;
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

fn decode_text<'a>(bytes: &'a [u8], file: &Path) -> Result<Cow<'a, str>, ImportError> {
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16)),
        _ => None,
    };
    if let Some((rest, unit)) = utf16 {
        let units = rest.chunks(2).map(|pair| unit([pair[0], pair.get(1).copied().unwrap_or(0)]));
        let mut text = String::with_capacity(rest.len() / 2);
        for decoded in char::decode_utf16(units) {
            match decoded {
                // Located by characters: the place an editor shows.
                Ok('\0') | Err(_) => {
                    let line = text.matches('\n').count() + 1;
                    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    return Err(if decoded.is_ok() {
                        ImportError::Binary { file: file.to_path_buf(), line, column }
                    } else {
                        ImportError::NotUtf8 { file: file.to_path_buf(), line, column }
                    });
                }
                Ok(c) => text.push(c),
            }
        }
        return Ok(Cow::Owned(text));
    }
    if let Some(offset) = search::byte(0, bytes) {
        let (line, column) = locate(bytes, offset);
        return Err(ImportError::Binary { file: file.to_path_buf(), line, column });
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let (line, column) = locate(bytes, error.valid_up_to());
        ImportError::NotUtf8 { file: file.to_path_buf(), line, column }
    })?;
    Ok(Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text)))
}

/// Reads text `bytes` (see [`decode`]).
pub fn read(bytes: &[u8], file: &Path) -> Result<Vec<Line>, ImportError> {
    let text = decode(bytes, file)?;
    let mut out: Vec<Line> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let at = index + 1;
        // A setext underline (`===`, `---`) makes the line above a heading;
        // after a blank line `---` is a rule and carries no text.
        let rule = raw.trim();
        if rule.len() >= 3 && (rule.bytes().all(|b| b == b'=') || rule.bytes().all(|b| b == b'-')) {
            match out.last_mut() {
                Some(previous) if previous.kind == Kind::Paragraph => {
                    previous.kind = Kind::Heading(if rule.starts_with('=') { 1 } else { 2 });
                }
                _ => out.push(Line { at, kind: Kind::Blank, text: String::new() }),
            }
            continue;
        }
        if let Some(line) = line(raw, at, file)? {
            out.push(line);
        }
    }
    Ok(out)
}

/// Line and column (1-based) of byte `offset`.
fn locate(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = search::positions(b'\n', before).count() + 1;
    let start = search::last_byte(b'\n', before).map_or(0, |i| i + 1);
    (line, offset - start + 1)
}

fn line(raw: &str, at: usize, file: &Path) -> Result<Option<Line>, ImportError> {
    let trimmed = raw.trim_end();
    if trimmed.trim().is_empty() {
        return Ok(Some(Line { at, kind: Kind::Blank, text: String::new() }));
    }
    let unindented = trimmed.trim_start_matches([' ', '\t']);
    let indent: usize =
        trimmed[..trimmed.len() - unindented.len()].chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
    // A block quote's text is the text.
    let content = unindented.strip_prefix("> ").or_else(|| unindented.strip_prefix('>')).unwrap_or(unindented);
    // A heading: one to six `#` and a space.
    let hashes = content.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && content[hashes..].starts_with(' ') {
        let text = clean(&content[hashes..]);
        let text = strip_bold(&text);
        return Ok(Some(Line { at, kind: Kind::Heading(hashes as u8), text }));
    }
    // A pipe table row; the rule under the header row carries nothing.
    if content.starts_with('|') && content.len() > 1 {
        let inner = content.trim_matches('|');
        if inner.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
            return Ok(None);
        }
        let cells = inner.split('|').map(|c| clean(c.trim())).collect();
        return Ok(Some(Line { at, kind: Kind::Row(cells), text: String::new() }));
    }
    // A tab-separated row: how word processors export a table to text.
    if content.contains('\t') {
        let cells: Vec<String> = content.split('\t').map(|c| clean(c.trim())).collect();
        if cells.len() > 1 {
            return Ok(Some(Line { at, kind: Kind::Row(cells), text: String::new() }));
        }
    }
    // A list item.
    let marker = ["- ", "* ", "• ", "· "].iter().find(|m| content.starts_with(**m));
    if marker.is_some() || matches!(content, "-" | "*" | "•") {
        let depth = indent.div_ceil(2);
        if depth > MAX_DEPTH {
            return Err(ImportError::Nesting { file: file.to_path_buf(), line: at, depth, limit: MAX_DEPTH });
        }
        let text = marker.map_or("", |m| &content[m.len()..]);
        return Ok(Some(Line { at, kind: Kind::Item(depth), text: clean(text) }));
    }
    // An indented lettered or bracketed item ("  aa) …"): a nested list item.
    if indent > 0
        && let Some(number) = crate::import::numbering::parse(content)
        && !number.style.is_clause()
    {
        let depth = indent.div_ceil(2);
        if depth > MAX_DEPTH {
            return Err(ImportError::Nesting { file: file.to_path_buf(), line: at, depth, limit: MAX_DEPTH });
        }
        return Ok(Some(Line { at, kind: Kind::Item(depth), text: clean(content) }));
    }
    if indent / 2 > MAX_DEPTH * 2 {
        return Err(ImportError::Nesting { file: file.to_path_buf(), line: at, depth: indent / 2, limit: MAX_DEPTH });
    }
    Ok(Some(Line { at, kind: Kind::Paragraph, text: clean(content) }))
}

/// A heading wholly in bold (`## **Titel**`) is just the heading.
fn strip_bold(text: &str) -> String {
    match text.strip_prefix("**").and_then(|t| t.strip_suffix("**")) {
        Some(inner) if !inner.contains("**") => inner.trim().to_owned(),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        read(text.as_bytes(), Path::new("t.txt")).unwrap().into_iter().map(|l| l.kind).collect()
    }

    #[test]
    fn lines_are_classified() {
        assert_eq!(
            kinds("# Titel\n\nText\n- a\n  - b\nA\tB\n| x | y |\n|---|---|\n"),
            vec![
                Kind::Heading(1),
                Kind::Blank,
                Kind::Paragraph,
                Kind::Item(0),
                Kind::Item(1),
                Kind::Row(vec!["A".into(), "B".into()]),
                Kind::Row(vec!["x".into(), "y".into()]),
            ]
        );
    }

    #[test]
    fn setext_headings_rules_and_quotes() {
        let lines =
            read("Titel\n=====\n\nAbschnitt\n---------\n\n---\n> zitiert\n".as_bytes(), Path::new("t.md")).unwrap();
        let kinds: Vec<(Kind, &str)> = lines.iter().map(|l| (l.kind.clone(), l.text.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::Heading(1), "Titel"),
                (Kind::Blank, ""),
                (Kind::Heading(2), "Abschnitt"),
                (Kind::Blank, ""),
                (Kind::Blank, ""),
                (Kind::Paragraph, "zitiert"),
            ]
        );
    }

    #[test]
    fn binary_and_broken_text_are_located() {
        let error = read(b"abc\nde\0f", Path::new("x.txt")).unwrap_err();
        assert!(matches!(error, ImportError::Binary { line: 2, column: 3, .. }), "{error:?}");
        let error = read(b"ok\n\xff", Path::new("x.txt")).unwrap_err();
        assert!(matches!(error, ImportError::NotUtf8 { line: 2, column: 1, .. }), "{error:?}");
        // UTF-16 with a broken surrogate, and with a NUL character.
        let utf16 = |text: &str, tail: &[u16]| -> Vec<u8> {
            let mut out = vec![0xFF, 0xFE];
            for unit in text.encode_utf16().chain(tail.iter().copied()) {
                out.extend(unit.to_le_bytes());
            }
            out
        };
        let error = read(&utf16("ok\nab", &[0xD800, 0x41]), Path::new("x.txt")).unwrap_err();
        assert!(matches!(error, ImportError::NotUtf8 { line: 2, column: 3, .. }), "{error:?}");
        let error = read(&utf16("ok\nab", &[0]), Path::new("x.txt")).unwrap_err();
        assert!(matches!(error, ImportError::Binary { line: 2, column: 3, .. }), "{error:?}");
    }

    #[test]
    fn utf16_text_with_a_byte_order_mark_is_read() {
        let text = "# Vertrag über die Auftragsverarbeitung\r\n\r\n§ 1 Gegenstand „Daten“ — 10 €\r\n";
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        let utf8 = read(text.as_bytes(), Path::new("x.md")).unwrap();
        assert_eq!(read(&le, Path::new("x.md")).unwrap(), utf8);
        assert_eq!(read(&be, Path::new("x.md")).unwrap(), utf8);
        assert_eq!(utf8[2].text, "§ 1 Gegenstand „Daten“ — 10 €");
    }

    #[test]
    fn every_kind_of_line_end_reads_the_same_lines() {
        let unix = "§ 1 Gegenstand\n\nDer Auftragnehmer verarbeitet.\n- Punkt\n";
        let expected = read(unix.as_bytes(), Path::new("x.txt")).unwrap();
        assert!(expected.len() >= 3, "{expected:?}");
        for text in [unix.replace('\n', "\r\n"), unix.replace('\n', "\r"), unix.replacen('\n', "\r", 2)] {
            assert_eq!(read(text.as_bytes(), Path::new("x.txt")).unwrap(), expected, "{text:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}- tief\n", " ".repeat(80));
        let error = read(text.as_bytes(), Path::new("x.md")).unwrap_err();
        assert!(matches!(error, ImportError::Nesting { line: 1, .. }), "{error:?}");
    }
}
