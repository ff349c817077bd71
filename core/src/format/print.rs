//! The canonical printer. It walks a parsed document and writes it again:
//! keys in schema order, one `key = value` per line, strings in their
//! simplest quoting, short arrays on one line and long ones one element per
//! line with a trailing comma, one blank line before every table header,
//! comments kept where they were (above a key, at the end of a line, inside
//! an array). Table headers keep their order: it is the document's outline.

use std::path::Path;

use toml_edit::{Array, Formatted, InlineTable, Item, Key, Table, Value};

use super::comments::{Line, raw, split, tidy};
use super::order::{Cursor, sort_by_schema};
use crate::diagnostic::{Anchor, Code, Diagnostic};

/// Arrays that fit in this many columns stay on one line.
const WIDTH: usize = 100;
/// Indentation of array elements per level.
const INDENT: usize = 2;

type Result<T> = std::result::Result<T, Box<Diagnostic>>;

/// Prints the document `root` (parsed from `source`) canonically.
pub(crate) fn document(
    root: &Table,
    trailing: &str,
    source: &str,
    path: &Path,
    schema: &serde_json::Value,
) -> Result<String> {
    let mut printer = Printer { source, path, out: String::with_capacity(source.len() + source.len() / 8) };
    let mut headers = Vec::new();
    let mut last_position = 0;
    collect(root, &mut Vec::new(), false, Cursor::root(schema), &mut last_position, &mut headers);
    // The order toml_edit itself prints in: the root's keys, then every
    // table by its position in the source.
    headers.sort_by_key(|header| (!header.path.is_empty(), header.position));
    for header in &headers {
        let entries = entries(header.table, &header.cursor);
        if header.path.is_empty() {
            printer.root_body(header.table, &entries)?;
            continue;
        }
        if header.is_array || !(header.table.is_implicit() && entries.is_empty()) {
            printer.header(header);
        }
        printer.body(&entries, None)?;
    }
    printer.trailing(trailing);
    if !printer.out.is_empty() && !printer.out.ends_with('\n') {
        printer.out.push('\n');
    }
    Ok(printer.out)
}

/// A table with a header of its own (or the root).
struct Header<'d, 's> {
    table: &'d Table,
    path: Vec<&'d Key>,
    is_array: bool,
    cursor: Cursor<'s>,
    position: isize,
}

fn collect<'d, 's>(
    table: &'d Table,
    path: &mut Vec<&'d Key>,
    is_array: bool,
    cursor: Cursor<'s>,
    last_position: &mut isize,
    out: &mut Vec<Header<'d, 's>>,
) {
    if !table.is_dotted() {
        if let Some(position) = table.position() {
            *last_position = position;
        }
        out.push(Header { table, path: path.clone(), is_array, cursor: cursor.clone(), position: *last_position });
    }
    for (name, item) in table.iter() {
        let Some(key) = table.key(name) else { continue };
        match item {
            Item::Table(child) => {
                path.push(key);
                collect(child, path, false, cursor.field(name), last_position, out);
                path.pop();
            }
            Item::ArrayOfTables(array) => {
                let items = cursor.field(name).items();
                for child in array.iter() {
                    path.push(key);
                    collect(child, path, true, items.clone(), last_position, out);
                    path.pop();
                }
            }
            Item::Value(_) | Item::None => {}
        }
    }
}

/// One `key = value` line of a table body (dotted keys flattened).
struct Entry<'d, 's> {
    keys: Vec<&'d Key>,
    value: &'d Value,
    cursor: Cursor<'s>,
}

/// The key/value lines of `table` in schema order.
fn entries<'d, 's>(table: &'d Table, cursor: &Cursor<'s>) -> Vec<Entry<'d, 's>> {
    let mut items: Vec<(String, (&'d Key, &'d Item))> = table
        .iter()
        .filter(|(_, item)| match item {
            Item::Value(_) => true,
            Item::Table(child) => child.is_dotted(),
            _ => false,
        })
        .filter_map(|(name, item)| Some((name.to_owned(), (table.key(name)?, item))))
        .collect();
    sort_by_schema(cursor, &mut items);
    let mut out = Vec::with_capacity(items.len());
    for (name, (key, item)) in items {
        let field = cursor.field(&name);
        match item {
            Item::Value(value) => out.push(Entry { keys: vec![key], value, cursor: field }),
            Item::Table(child) => {
                for mut entry in entries(child, &field) {
                    entry.keys.insert(0, key);
                    out.push(entry);
                }
            }
            _ => {}
        }
    }
    out
}

/// One output line of a multi-line array.
struct OutLine {
    indent: usize,
    text: String,
    /// Comments at the end of the line; a second one goes on a line of its own.
    tails: Vec<String>,
}

struct Printer<'a> {
    source: &'a str,
    path: &'a Path,
    out: String,
}

impl Printer<'_> {
    fn lines(&mut self, lines: &[Line], indent: usize) {
        for line in lines {
            if let Line::Comment(comment) = line {
                push_indent(&mut self.out, indent);
                self.out.push_str(comment);
            }
            self.out.push('\n');
        }
    }

    /// The root's keys. Comments at the top of the file before a blank line
    /// (and `#:schema` directives) stay at the top even when the first key moves.
    fn root_body(&mut self, table: &Table, entries: &[Entry<'_, '_>]) -> Result<()> {
        let first = table.iter().find_map(|(name, item)| match item {
            Item::Value(_) => table.key(name),
            Item::Table(child) if child.is_dotted() => first_leaf(child).or(table.key(name)),
            _ => None,
        });
        let Some(first) = first else { return Ok(()) };
        let lines = split(raw(first.leaf_decor().prefix(), self.source), true).lines;
        let cut = match lines.iter().rposition(|line| *line == Line::Blank) {
            Some(blank) => blank + 1,
            None => lines.iter().take_while(|line| matches!(line, Line::Comment(c) if c.starts_with("#:"))).count(),
        };
        let header = tidy(lines[..cut].to_vec());
        self.lines(&header, 0);
        self.body(entries, Some((first, lines[cut..].to_vec())))
    }

    fn header(&mut self, header: &Header<'_, '_>) {
        let mut lines = Vec::new();
        if let Some(last) = header.path.last() {
            let leaf = raw(last.leaf_decor().prefix(), self.source);
            if leaf.contains('\n') {
                lines.extend(split(leaf, true).lines);
            }
        }
        lines.extend(split(raw(header.table.decor().prefix(), self.source), true).lines);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.lines(&tidy(lines), 0);
        let (open, close) = if header.is_array { ("[[", "]]") } else { ("[", "]") };
        self.out.push_str(open);
        self.out.push_str(&key_path(&header.path));
        self.out.push_str(close);
        if let Some(tail) = split(raw(header.table.decor().suffix(), self.source), false).tail {
            self.out.push(' ');
            self.out.push_str(&tail);
        }
        self.out.push('\n');
    }

    /// A table's key/value lines; `replaced` gives one key other comment lines.
    fn body(&mut self, entries: &[Entry<'_, '_>], replaced: Option<(&Key, Vec<Line>)>) -> Result<()> {
        for (index, entry) in entries.iter().enumerate() {
            let Some(last) = entry.keys.last() else { continue };
            let lines = match &replaced {
                Some((key, lines)) if std::ptr::eq(*key, *last) => lines.clone(),
                _ => split(raw(last.leaf_decor().prefix(), self.source), true).lines,
            };
            // One blank line before a key stays (the author's paragraph), but
            // never right after a header.
            let blank_before = index > 0 && lines.first() == Some(&Line::Blank);
            if blank_before {
                self.out.push('\n');
            }
            self.lines(&tidy(lines), 0);
            let key = key_path(&entry.keys);
            let value = self.value(entry.value, &entry.cursor, 0, key.chars().count() + 3, false)?;
            self.out.push_str(&key);
            self.out.push_str(" = ");
            self.out.push_str(&value);
            if let Some(tail) = split(raw(entry.value.decor().suffix(), self.source), false).tail {
                self.out.push(' ');
                self.out.push_str(&tail);
            }
            self.out.push('\n');
        }
        Ok(())
    }

    fn trailing(&mut self, trailing: &str) {
        let lines = split(trailing, true).lines;
        let blank_before = lines.first() == Some(&Line::Blank);
        let mut lines = tidy(lines);
        while lines.last() == Some(&Line::Blank) {
            lines.pop();
        }
        if lines.is_empty() {
            return;
        }
        if blank_before && !self.out.is_empty() {
            self.out.push('\n');
        }
        self.lines(&lines, 0);
    }

    /// A value's text. Lines after the first carry their own indentation;
    /// `column` is where the value starts, `single` whether it must stay on
    /// one line (it is measured for a one-line array).
    fn value(&self, value: &Value, cursor: &Cursor<'_>, indent: usize, column: usize, single: bool) -> Result<String> {
        Ok(match value {
            Value::String(s) => Formatted::new(s.value().clone()).display_repr().into_owned(),
            Value::Integer(i) => i.value().to_string(),
            Value::Float(f) => Formatted::new(*f.value()).display_repr().into_owned(),
            Value::Boolean(b) => b.value().to_string(),
            Value::Datetime(d) => d.value().to_string(),
            Value::Array(array) => self.array(array, &cursor.items(), indent, column, single)?,
            Value::InlineTable(table) => self.inline_table(table, cursor, indent, single)?,
        })
    }

    fn array(&self, array: &Array, items: &Cursor<'_>, indent: usize, column: usize, single: bool) -> Result<String> {
        if !array_has_comments(array, self.source) {
            let parts: Vec<String> =
                array.iter().map(|element| self.value(element, items, indent, column, true)).collect::<Result<_>>()?;
            let one_line = format!("[{}]", parts.join(", "));
            if !one_line.contains('\n') && (single || column + one_line.chars().count() <= WIDTH) {
                return Ok(one_line);
            }
        }
        let inner = indent + INDENT;
        let mut lines = vec![OutLine { indent: inner, text: "[".into(), tails: Vec::new() }];
        for element in array.iter() {
            let before = split(raw(element.decor().prefix(), self.source), false);
            if let (Some(tail), Some(line)) = (before.tail, lines.last_mut()) {
                line.tails.push(tail);
            }
            push_comments(&mut lines, before.lines, inner);
            let mut text = self.value(element, items, inner, inner, false)?;
            text.push(',');
            let after = split(raw(element.decor().suffix(), self.source), false);
            lines.push(OutLine { indent: inner, text, tails: after.tail.into_iter().collect() });
            push_comments(&mut lines, after.lines, inner);
        }
        let trailing = split(raw(Some(array.trailing()), self.source), false);
        if let (Some(tail), Some(line)) = (trailing.tail, lines.last_mut()) {
            line.tails.push(tail);
        }
        push_comments(&mut lines, trailing.lines, inner);
        lines.push(OutLine { indent, text: "]".into(), tails: Vec::new() });
        let mut out = String::new();
        for (index, line) in lines.iter().enumerate() {
            if index > 0 {
                out.push('\n');
                push_indent(&mut out, line.indent);
            }
            out.push_str(&line.text);
            for (number, tail) in line.tails.iter().enumerate() {
                if number == 0 {
                    out.push(' ');
                } else {
                    out.push('\n');
                    push_indent(&mut out, line.indent);
                }
                out.push_str(tail);
            }
        }
        Ok(out)
    }

    /// `{ key = value, … }`. An array inside may still spread over lines
    /// when it is too long (TOML allows newlines inside a value there).
    fn inline_table(&self, table: &InlineTable, cursor: &Cursor<'_>, indent: usize, single: bool) -> Result<String> {
        let mut entries = Vec::new();
        self.inline_entries(table, cursor, &mut entries)?;
        let mut parts = Vec::with_capacity(entries.len());
        for (keys, value, field) in entries {
            // An array in braces spreads over lines only when it would not
            // fit even on a line of its own: splitting must help.
            let text = self.value(value, &field, indent, indent + INDENT, single)?;
            parts.push(format!("{} = {text}", key_path(&keys)));
        }
        Ok(if parts.is_empty() { "{}".into() } else { format!("{{ {} }}", parts.join(", ")) })
    }

    /// The entries of an inline table in schema order, dotted keys
    /// (`{ a.b = 1 }`) flattened.
    fn inline_entries<'d, 's>(
        &self,
        table: &'d InlineTable,
        cursor: &Cursor<'s>,
        out: &mut Vec<(Vec<&'d Key>, &'d Value, Cursor<'s>)>,
    ) -> Result<()> {
        self.refuse_inline_comment(raw(Some(table.trailing()), self.source), table.trailing().span())?;
        let mut items: Vec<(String, (&'d Key, &'d Value))> =
            table.iter().filter_map(|(name, value)| Some((name.to_owned(), (table.key(name)?, value)))).collect();
        sort_by_schema(cursor, &mut items);
        for (name, (key, value)) in items {
            for decor in [key.leaf_decor(), value.decor()] {
                for part in [decor.prefix(), decor.suffix()] {
                    self.refuse_inline_comment(raw(part, self.source), part.and_then(|p| p.span()))?;
                }
            }
            let field = cursor.field(&name);
            match value {
                Value::InlineTable(child) if child.is_dotted() => {
                    let mut inner = Vec::new();
                    self.inline_entries(child, &field, &mut inner)?;
                    for (mut keys, value, cursor) in inner {
                        keys.insert(0, key);
                        out.push((keys, value, cursor));
                    }
                }
                _ => out.push((vec![key], value, field)),
            }
        }
        Ok(())
    }

    /// A comment inside braces cannot be kept on one line; rather than drop
    /// it, formatting stops and says where it is.
    fn refuse_inline_comment(&self, text: &str, span: Option<std::ops::Range<usize>>) -> Result<()> {
        let Some(start) = text.find('#') else { return Ok(()) };
        let anchor = match span {
            Some(span) => Anchor::Span(span.start + start..span.start + text.trim_end().len()),
            None => Anchor::File,
        };
        Err(Box::new(
            Diagnostic::new(
                Code::FormatCommentInInlineTable,
                self.path,
                anchor,
                "this comment sits inside an inline table, where the canonical layout has no place for it",
            )
            .with_help("move the comment above the key that holds the `{ … }` table, then run `avv fmt` again"),
        ))
    }
}

/// The first key of the first value under a dotted table, where toml_edit
/// keeps the comments above `a.b = …`.
fn first_leaf(table: &Table) -> Option<&Key> {
    table.iter().find_map(|(name, item)| match item {
        Item::Value(_) => table.key(name),
        Item::Table(child) if child.is_dotted() => first_leaf(child),
        _ => None,
    })
}

fn push_comments(lines: &mut Vec<OutLine>, comments: Vec<Line>, indent: usize) {
    for line in comments {
        if let Line::Comment(text) = line {
            lines.push(OutLine { indent, text, tails: Vec::new() });
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Keys in their simplest form, bare where TOML allows it.
fn key_path(keys: &[&Key]) -> String {
    keys.iter().map(|key| Key::new(key.get()).display_repr().into_owned()).collect::<Vec<_>>().join(".")
}

/// Whether an array (or anything in it) holds a comment.
fn array_has_comments(array: &Array, source: &str) -> bool {
    raw(Some(array.trailing()), source).contains('#')
        || array.iter().any(|element| {
            let decor = element.decor();
            raw(decor.prefix(), source).contains('#')
                || raw(decor.suffix(), source).contains('#')
                || matches!(element, Value::Array(inner) if array_has_comments(inner, source))
        })
}
