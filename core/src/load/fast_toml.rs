//! A strict, single-pass TOML reader for the files avv validates most: the
//! ones `avv fmt` writes and people edit by hand in the same style.
//!
//! It builds its result straight from the text: no token list, no
//! document with decor, no second conversion. It reads a subset of TOML
//! and answers only when it is sure: for anything outside the subset, and
//! for every error, it returns `None` and the loader parses with
//! `toml_edit`, whose answer (and error message) stands. So it may decline
//! valid TOML, but whatever it accepts, `toml_edit` accepts with the same
//! value, key order included, and the same spans. Tests compare the two on
//! the seed files, on hand-picked edge cases and on thousands of mutated
//! snippets; the fuzz target compares them on every input.
//!
//! The subset: comments; LF and CRLF line ends; bare, basic and literal
//! keys; `[a.b]` and `[[a.b]]` headers; all four kinds of strings (without
//! CR inside, and without the line-ending backslash or TOML 1.1 escapes);
//! decimal integers; `true` / `false`; local dates; arrays; one-line inline
//! tables. It declines dotted keys in key/value pairs, floats, other
//! integer bases, times and date-times, a header that names a table already
//! there (TOML allows `[a]` after `[a.b]`; the slow path handles it), and
//! nesting deeper than 32 levels, well inside `toml_edit`'s limit of 80.
//!
//! The reader builds whatever implements [`Tree`]: [`Node`]s when a file
//! is loaded, the byte spans of keys and values (see
//! [`span`](super::span)) when findings are located in it.

use std::ops::Range;

use super::node::{Node, Object};
use crate::search;

/// Deepest nesting of arrays and inline tables, and longest header key.
const MAX_DEPTH: usize = 32;

/// Largest table searched by key: while reading headers, and by a [`Tree`]
/// that finds duplicate keys by a scan (see [`span`](super::span)). Beyond
/// it the linear search could turn quadratic on hostile input, so the
/// reader declines and leaves the file to `toml_edit`.
pub(crate) const MAX_SEARCH: usize = 256;

/// Parses `text` into a [`Node`], or returns `None` when the text is not in
/// the subset this reader is sure of (see the module documentation).
pub fn parse(text: &str) -> Option<Node> {
    read(text)
}

/// Reads `text` into any [`Tree`], or `None` outside the subset.
pub fn read<T: Tree>(text: &str) -> Option<T> {
    let mut reader = Reader { text, bytes: text.as_bytes(), pos: 0 };
    let root = reader.document::<T>()?;
    table_to_tree(root)
}

/// A scalar as read: the tree decides what to keep of it.
#[derive(Debug)]
pub enum Scalar {
    /// A string's decoded text.
    Text(String),
    /// `true` or `false`.
    Bool(bool),
    /// A decimal integer.
    Integer(i64),
    /// A local date, `YYYY-MM-DD`.
    Date(String),
}

/// What the reader builds. Spans are byte ranges of the source: a value's
/// own text (quotes and brackets included), a key as written, a table's
/// header.
pub trait Tree: Sized {
    /// An object under construction.
    type Object;

    /// An empty object with room for `capacity` entries.
    fn object_with_capacity(capacity: usize) -> Self::Object;

    /// Adds an entry; `None` when the object cannot take it (a duplicate
    /// key), so that the reader declines the text.
    fn insert(object: &mut Self::Object, key: String, key_span: Range<usize>, value: Self) -> Option<()>;

    /// A finished object; `span` is its header or its inline text, `None`
    /// for the root and for tables only implied by a header's dotted key.
    fn object(object: Self::Object, span: Option<Range<usize>>) -> Self;

    /// A finished array; `span` is its text, or for an array of tables the
    /// stretch from its first header to its last.
    fn array(items: Vec<Self>, span: Option<Range<usize>>) -> Self;

    /// A scalar value.
    fn scalar(value: Scalar, span: Range<usize>) -> Self;

    /// Whether string values keep their text (keys always do). A tree of
    /// spans needs only where a string is, so the reader checks the
    /// string as usual but copies nothing.
    const TEXT: bool = true;
}

impl Tree for Node {
    type Object = Object;

    fn object_with_capacity(capacity: usize) -> Object {
        Object::with_capacity(capacity)
    }

    /// Checks for a duplicate by a scan, as long as the object is small
    /// enough for that to stay cheap (`MAX_SEARCH` keys); beyond, the reader declines.
    fn insert(object: &mut Object, key: String, _: Range<usize>, value: Self) -> Option<()> {
        if object.len() >= MAX_SEARCH || object.get(&key).is_some() {
            return None;
        }
        object.push(key, value);
        Some(())
    }

    fn object(object: Object, _: Option<Range<usize>>) -> Self {
        Node::Object(object)
    }

    fn array(items: Vec<Self>, _: Option<Range<usize>>) -> Self {
        Node::Array(items)
    }

    fn scalar(value: Scalar, _: Range<usize>) -> Self {
        match value {
            Scalar::Text(text) | Scalar::Date(text) => Node::String(text),
            Scalar::Bool(flag) => Node::Bool(flag),
            Scalar::Integer(n) => Node::Integer(n),
        }
    }
}

/// A table under construction. Keys keep document order; duplicates are
/// caught when the table becomes the tree's object.
struct Table<T> {
    entries: Vec<Entry<T>>,
    /// The header that opened the table, if one did.
    header: Option<Range<usize>>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self { entries: Vec::new(), header: None }
    }
}

/// A key, where it is first written, and what it holds.
struct Entry<T> {
    key: String,
    key_span: Range<usize>,
    slot: Slot<T>,
}

enum Slot<T> {
    /// A value written after `=`: closed, headers may not extend it.
    Value(T),
    /// A table opened by a header, or on the way to one.
    Table(Table<T>),
    /// An array of tables (`[[…]]`), never empty.
    Tables(Vec<Table<T>>),
}

impl<T> Table<T> {
    /// The index of `key`, `Some(None)` when absent, `None` when the table
    /// is too large to search.
    fn find(&self, key: &str) -> Option<Option<usize>> {
        if self.entries.len() > MAX_SEARCH {
            return None;
        }
        Some(self.entries.iter().position(|entry| entry.key == key))
    }

    /// The table an entry opens: a table, or the last of an array of tables.
    fn child(&mut self, index: usize) -> Option<&mut Table<T>> {
        match &mut self.entries.get_mut(index)?.slot {
            Slot::Table(table) => Some(table),
            Slot::Tables(tables) => tables.last_mut(),
            Slot::Value(_) => None,
        }
    }
}

/// The table at `path`, a list of entry indices from the root.
fn table_at<'t, T>(root: &'t mut Table<T>, path: &[usize]) -> Option<&'t mut Table<T>> {
    let mut table = root;
    for &index in path {
        table = table.child(index)?;
    }
    Some(table)
}

fn table_to_tree<T: Tree>(table: Table<T>) -> Option<T> {
    let mut object = T::object_with_capacity(table.entries.len());
    for Entry { key, key_span, slot } in table.entries {
        let value = match slot {
            Slot::Value(value) => value,
            Slot::Table(table) => table_to_tree(table)?,
            Slot::Tables(tables) => {
                // An array of tables spans its headers, first to last.
                let span = match (tables.first().and_then(|t| t.header.clone()), tables.last()) {
                    (Some(first), Some(last)) => last.header.clone().map(|last| first.start..last.end),
                    _ => None,
                };
                T::array(tables.into_iter().map(table_to_tree).collect::<Option<_>>()?, span)
            }
        };
        T::insert(&mut object, key, key_span, value)?;
    }
    Some(T::object(object, table.header))
}

/// A string's decoded text, or only its checks when the text is not kept.
struct Text {
    keep: bool,
    out: String,
}

impl Text {
    fn new(keep: bool) -> Self {
        Self { keep, out: String::new() }
    }

    fn push_str(&mut self, chunk: &str) {
        if self.keep {
            self.out.push_str(chunk);
        }
    }

    fn push(&mut self, c: char) {
        if self.keep {
            self.out.push(c);
        }
    }
}

/// Bytes that end a scalar token (`true`, `42`, `2024-01-31`).
fn ends_token(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b',' | b']' | b'}' | b'#' | b'\n' | b'\r')
}

/// Control characters TOML forbids in strings and comments (tab aside).
fn is_control(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t') || byte == 0x7f
}

/// Whether `bytes` hold a control character TOML forbids in a string:
/// any but tab, and but LF in multi-line strings. Without early exit, so
/// that it compiles to vector code: strings are most of every file.
fn has_control(bytes: &[u8], newlines: bool) -> bool {
    bytes.iter().fold(false, |found, &b| found | (is_control(b) & !(newlines & (b == b'\n'))))
}

fn is_bare_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn rest_starts_with(&self, prefix: &[u8]) -> bool {
        self.bytes[self.pos..].starts_with(prefix)
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    /// Consumes a line end (LF or CRLF).
    fn newline(&mut self) -> Option<()> {
        if self.eat(b'\n') {
            return Some(());
        }
        (self.rest_starts_with(b"\r\n")).then(|| self.pos += 2)
    }

    /// Consumes a comment up to, not including, its line end.
    fn comment(&mut self) -> Option<()> {
        self.pos += 1;
        while let Some(byte) = self.peek() {
            match byte {
                b'\n' => break,
                b'\r' if self.rest_starts_with(b"\r\n") => break,
                byte if is_control(byte) => return None,
                _ => self.pos += 1,
            }
        }
        Some(())
    }

    /// What may follow a header or a value: blanks, a comment, the end of
    /// the line or of the file.
    fn line_end(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek() == Some(b'#') {
            self.comment()?;
        }
        if self.peek().is_none() { Some(()) } else { self.newline() }
    }

    /// Blanks, line ends and comments between array elements.
    fn skip_trivia(&mut self) -> Option<()> {
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'\n' | b'\r') => self.newline()?,
                Some(b'#') => self.comment()?,
                _ => return Some(()),
            }
        }
    }

    fn document<T: Tree>(&mut self) -> Option<Table<T>> {
        let mut root = Table::default();
        let mut path: Vec<usize> = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => return Some(root),
                Some(b'\n' | b'\r') => self.newline()?,
                Some(b'#') => self.comment()?,
                Some(b'[') => {
                    path = self.header(&mut root)?;
                    self.line_end()?;
                }
                Some(_) => {
                    let (key, key_span) = self.spanned_key()?;
                    self.skip_ws();
                    // A dotted key (`a.b = 1`) falls to `toml_edit` here.
                    self.expect(b'=')?;
                    self.skip_ws();
                    let value = self.value(0)?;
                    table_at(&mut root, &path)?.entries.push(Entry { key, key_span, slot: Slot::Value(value) });
                    self.line_end()?;
                }
            }
        }
    }

    /// Reads `[a.b]` or `[[a.b]]`, opens the table it names and returns
    /// the path to it.
    fn header<T>(&mut self, root: &mut Table<T>) -> Option<Vec<usize>> {
        let start = self.pos;
        self.pos += 1;
        let array = self.eat(b'[');
        let mut keys = Vec::new();
        loop {
            self.skip_ws();
            keys.push(self.spanned_key()?);
            if keys.len() > MAX_DEPTH {
                return None;
            }
            self.skip_ws();
            match self.peek()? {
                b'.' => self.pos += 1,
                b']' => break,
                _ => return None,
            }
        }
        self.pos += 1;
        if array {
            self.expect(b']')?;
        }
        let header = start..self.pos;
        let opened = || Table { entries: Vec::new(), header: Some(header.clone()) };
        let (last, last_span) = keys.pop()?;
        let mut path = Vec::with_capacity(keys.len() + 1);
        let mut table = root;
        for (key, key_span) in keys {
            let index = match table.find(&key)? {
                Some(index) => index,
                None => {
                    table.entries.push(Entry { key, key_span, slot: Slot::Table(Table::default()) });
                    table.entries.len() - 1
                }
            };
            path.push(index);
            table = table.child(index)?;
        }
        match (table.find(&last)?, array) {
            (None, false) => table.entries.push(Entry { key: last, key_span: last_span, slot: Slot::Table(opened()) }),
            (None, true) => {
                table.entries.push(Entry { key: last, key_span: last_span, slot: Slot::Tables(vec![opened()]) })
            }
            (Some(index), true) => match &mut table.entries[index].slot {
                Slot::Tables(tables) => {
                    tables.push(opened());
                    path.push(index);
                    return Some(path);
                }
                _ => return None,
            },
            // A table defined twice, or `[a]` after `[a.b]`: `toml_edit` judges.
            (Some(_), false) => return None,
        }
        path.push(table.entries.len() - 1);
        Some(path)
    }

    /// A key and where it is written.
    fn spanned_key(&mut self) -> Option<(String, Range<usize>)> {
        let start = self.pos;
        let key = self.key()?;
        Some((key, start..self.pos))
    }

    fn key(&mut self) -> Option<String> {
        match self.peek()? {
            b'"' => self.basic_string(true),
            b'\'' => self.literal_string(true),
            _ => {
                let start = self.pos;
                while self.peek().is_some_and(is_bare_key_byte) {
                    self.pos += 1;
                }
                (self.pos > start).then(|| self.text[start..self.pos].to_owned())
            }
        }
    }

    fn value<T: Tree>(&mut self, depth: usize) -> Option<T> {
        let start = self.pos;
        let text = match self.peek()? {
            b'"' if self.rest_starts_with(b"\"\"\"") => self.multiline_basic_string(T::TEXT),
            b'"' => self.basic_string(T::TEXT),
            b'\'' if self.rest_starts_with(b"'''") => self.multiline_literal_string(T::TEXT),
            b'\'' => self.literal_string(T::TEXT),
            b'[' => return self.array(depth + 1),
            b'{' => return self.inline_table(depth + 1),
            _ => return self.scalar(),
        }?;
        Some(T::scalar(Scalar::Text(text), start..self.pos))
    }

    /// `true`, `false`, a decimal integer or a local date.
    fn scalar<T: Tree>(&mut self) -> Option<T> {
        let start = self.pos;
        while self.peek().is_some_and(|b| !ends_token(b)) {
            self.pos += 1;
        }
        let token = &self.text[start..self.pos];
        let scalar = match token {
            "true" => Scalar::Bool(true),
            "false" => Scalar::Bool(false),
            _ if is_decimal_integer(token) => Scalar::Integer(token.parse::<i64>().ok()?),
            _ if is_local_date(token) => {
                // `1979-05-27 07:32:00` is one date-time in TOML.
                if self.peek() == Some(b' ') && self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit) {
                    return None;
                }
                Scalar::Date(token.to_owned())
            }
            _ => return None,
        };
        Some(T::scalar(scalar, start..self.pos))
    }

    fn array<T: Tree>(&mut self, depth: usize) -> Option<T> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_trivia()?;
            if self.eat(b']') {
                break;
            }
            items.push(self.value(depth)?);
            self.skip_trivia()?;
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    break;
                }
                _ => return None,
            }
        }
        Some(T::array(items, Some(start..self.pos)))
    }

    /// A one-line inline table without a trailing comma (TOML 1.0). TOML
    /// 1.1's multi-line form falls to `toml_edit`.
    fn inline_table<T: Tree>(&mut self, depth: usize) -> Option<T> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        self.pos += 1;
        let mut object = T::object_with_capacity(0);
        self.skip_ws();
        if self.eat(b'}') {
            return Some(T::object(object, Some(start..self.pos)));
        }
        loop {
            self.skip_ws();
            let (key, key_span) = self.spanned_key()?;
            self.skip_ws();
            self.expect(b'=')?;
            self.skip_ws();
            let value = self.value(depth)?;
            T::insert(&mut object, key, key_span, value)?;
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(T::object(object, Some(start..self.pos)));
                }
                _ => return None,
            }
        }
    }

    /// `'…'`: no escapes, no line ends.
    fn literal_string(&mut self, keep: bool) -> Option<String> {
        self.pos += 1;
        let start = self.pos;
        self.pos += search::byte(b'\'', &self.bytes[start..])?;
        let content = &self.text[start..self.pos];
        self.pos += 1;
        let mut text = Text::new(keep);
        text.push_str(content);
        (!has_control(content.as_bytes(), false)).then_some(text.out)
    }

    /// `'''…'''`: the line end right after the opening quotes is dropped;
    /// up to two quotes before the closing ones belong to the text.
    fn multiline_literal_string(&mut self, keep: bool) -> Option<String> {
        self.pos += 3;
        self.eat(b'\n');
        let start = self.pos;
        loop {
            self.pos += search::byte(b'\'', &self.bytes[self.pos..])?;
            if self.rest_starts_with(b"'''") {
                break;
            }
            self.pos += 1;
        }
        if has_control(&self.bytes[start..self.pos], true) {
            return None;
        }
        let end = self.pos + self.closing_quotes(b'\'')?;
        let mut text = Text::new(keep);
        text.push_str(&self.text[start..end]);
        Some(text.out)
    }

    /// At a run of three or more `quote`s that closes a multi-line string:
    /// consumes it and returns how many quotes (0–2) belong to the text.
    fn closing_quotes(&mut self, quote: u8) -> Option<usize> {
        let run = self.bytes[self.pos..].iter().take_while(|&&b| b == quote).count();
        if run > 5 {
            return None;
        }
        self.pos += run;
        Some(run - 3)
    }

    /// Appends the text from `start` to the reader's position, checked.
    fn take(&self, start: usize, newlines: bool, out: &mut Text) -> Option<()> {
        let chunk = &self.text[start..self.pos];
        if has_control(chunk.as_bytes(), newlines) {
            return None;
        }
        out.push_str(chunk);
        Some(())
    }

    /// `"…"` with escapes.
    fn basic_string(&mut self, keep: bool) -> Option<String> {
        self.pos += 1;
        let mut out = Text::new(keep);
        loop {
            let start = self.pos;
            self.pos += search::either(b'"', b'\\', &self.bytes[start..])?;
            self.take(start, false, &mut out)?;
            self.pos += 1;
            if self.bytes[self.pos - 1] == b'"' {
                return Some(out.out);
            }
            self.escape(&mut out)?;
        }
    }

    /// `"""…"""` with escapes; the line-ending backslash falls to `toml_edit`.
    fn multiline_basic_string(&mut self, keep: bool) -> Option<String> {
        self.pos += 3;
        self.eat(b'\n');
        let mut out = Text::new(keep);
        let mut start = self.pos;
        loop {
            self.pos += search::either(b'"', b'\\', &self.bytes[self.pos..])?;
            if self.bytes[self.pos] == b'"' {
                if self.rest_starts_with(b"\"\"\"") {
                    break;
                }
                self.pos += 1;
                continue;
            }
            self.take(start, true, &mut out)?;
            self.pos += 1;
            if matches!(self.peek()?, b' ' | b'\t' | b'\n' | b'\r') {
                return None;
            }
            self.escape(&mut out)?;
            start = self.pos;
        }
        self.take(start, true, &mut out)?;
        let extra = self.closing_quotes(b'"')?;
        for _ in 0..extra {
            out.push('"');
        }
        Some(out.out)
    }

    /// The escape after a backslash (TOML 1.0's set; `\e` and `\x` of TOML
    /// 1.1 fall to `toml_edit`).
    fn escape(&mut self, out: &mut Text) -> Option<()> {
        let byte = self.peek()?;
        self.pos += 1;
        let c = match byte {
            b'b' => '\u{8}',
            b't' => '\t',
            b'n' => '\n',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'"' => '"',
            b'\\' => '\\',
            b'u' => self.unicode(4)?,
            b'U' => self.unicode(8)?,
            _ => return None,
        };
        out.push(c);
        Some(())
    }

    fn unicode(&mut self, digits: usize) -> Option<char> {
        let hex = self.bytes.get(self.pos..self.pos + digits)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let code = u32::from_str_radix(&self.text[self.pos..self.pos + digits], 16).ok()?;
        self.pos += digits;
        char::from_u32(code)
    }
}

/// `[+-]?(0|[1-9][0-9]*)`: TOML's decimal integer without underscores.
fn is_decimal_integer(token: &str) -> bool {
    let digits = token.strip_prefix(['+', '-']).unwrap_or(token);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && (digits == "0" || !digits.starts_with('0'))
}

/// `YYYY-MM-DD` naming a real calendar day.
fn is_local_date(token: &str) -> bool {
    let b = token.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &b[range];
        part.iter().all(u8::is_ascii_digit).then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests;
