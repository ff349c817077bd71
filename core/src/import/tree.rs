//! The document's outline from its lines: the title, the front matter, the
//! clause tree of the body and of each annex. Numbers and headings open
//! clauses; a clause's level follows from the styles already open (a style
//! seen again closes everything opened after it, a new style nests).
//! Unnumbered paragraphs, lists and tables stay with the clause before them.

use super::numbering::{self, Style};
use super::read::{Kind, Line};
use super::report::{Note, NoteKind};

/// A block of content in print order.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// A paragraph; lines kept apart by `\n`.
    P {
        /// Where it starts.
        at: usize,
        /// The text.
        text: String,
    },
    /// A list.
    List(Vec<Item>),
    /// A table, rows of cells.
    Table {
        /// Where it starts.
        at: usize,
        /// The rows, the first one as printed (it may be a header).
        rows: Vec<Vec<String>>,
    },
}

/// A list item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Where it is.
    pub at: usize,
    /// Its printed marker, where it has one ("a)").
    pub num: Option<String>,
    /// Its text.
    pub text: String,
    /// Nested items.
    pub children: Vec<Item>,
}

/// A clause as found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    /// Where it starts.
    pub at: usize,
    /// Its number as printed.
    pub num: Option<String>,
    /// Its heading.
    pub title: Option<String>,
    /// The text on its numbered line, for an untitled clause.
    pub text: Option<String>,
    /// Its content.
    pub blocks: Vec<Piece>,
    /// Its sub-clauses.
    pub children: Vec<Draft>,
}

/// What a part of the document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The contract's clauses.
    Body,
    /// An annex of free text.
    Annex,
    /// The technical and organisational measures.
    Tom,
    /// The list of sub-processors.
    Subprocessors,
}

/// The body or one annex.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Where it starts.
    pub at: usize,
    /// What it holds.
    pub role: Role,
    /// The annex designation as printed ("Anlage 1").
    pub num: Option<String>,
    /// The annex title.
    pub title: Option<String>,
    /// Blocks before its first clause.
    pub blocks: Vec<Piece>,
    /// Its clauses.
    pub clauses: Vec<Draft>,
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outline {
    /// The title and where it is.
    pub title: Option<(usize, String)>,
    /// A line under the title ("nach Art. 28 Abs. 3 DS-GVO").
    pub subtitle: Option<String>,
    /// Blocks before the title (a cover letter).
    pub cover: Vec<Piece>,
    /// The body and the annexes, in print order.
    pub segments: Vec<Segment>,
    /// What stands between an annex's designation and its title where
    /// every annex heading with a title on its line has the same (": ",
    /// " – ").
    pub annex_separator: Option<String>,
    /// Footnotes defined in the text (`[^1]: …`), as (id, text).
    pub footnotes: Vec<(String, String)>,
}

/// The longest heading a numbered line may have, in words and characters.
const TITLE_WORDS: usize = 20;
const TITLE_CHARS: usize = 160;

/// Whether `text` reads like a heading: short, and no sentence end.
pub fn is_title(text: &str) -> bool {
    let plain = text.replace("**", "");
    let plain = plain.trim();
    !plain.is_empty()
        && plain.chars().count() <= TITLE_CHARS
        && plain.split_whitespace().count() <= TITLE_WORDS
        && !plain.ends_with(['.', ',', ';', ':', '-'])
        && plain.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '„' | '"' | '('))
}

fn lower(text: &str) -> String {
    text.to_lowercase()
}

/// Whether a title names the technical and organisational measures.
pub fn is_tom_title(text: &str) -> bool {
    let t = lower(text);
    (t.contains("technisch") && t.contains("organisatorisch")) || t.contains("(tom)") || t == "tom"
}

/// Whether a title names a list of sub-processors.
pub fn is_subprocessor_title(text: &str) -> bool {
    let t = lower(text);
    ["unterauftragnehmer", "subunternehmer", "unterauftragsverarbeiter", "sub-processor", "subprocessor"]
        .iter()
        .any(|w| t.contains(w))
}

/// An annex heading: "Anlage 1", "Anhang 2: Titel", "Anlage III", "Anlage
/// A", "Anlage 1a"; the designation, and the title with what stands
/// before it (": ", " – ").
fn annex_heading(text: &str) -> Option<(String, Option<(String, String)>)> {
    let plain = text.replace("**", "");
    let word = ["Anlage", "Anhang", "ANLAGE", "ANHANG"].into_iter().find(|w| plain.starts_with(w))?;
    let after = &plain[word.len()..];
    let after_trim = after.trim_start();
    if after_trim.len() == after.len() {
        return None;
    }
    let token_end = after_trim.find(|c: char| c.is_whitespace() || c == ':').unwrap_or(after_trim.len());
    let token = after_trim[..token_end].trim_end_matches('.');
    // "1", "1a", "III", or one capital letter ("Anlage A", "Anlage B").
    let digits = token.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let is_number = !token.is_empty()
        && ((!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && token.len() - digits.len() <= 1)
            || token.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
            || (token.len() == 1 && token.bytes().all(|b| b.is_ascii_uppercase())));
    if !is_number {
        return None;
    }
    let num = format!("{word} {token}");
    let rest = &after_trim[token_end..];
    let title = rest.trim_start_matches([':', '-', '–', '.', ' ']).trim();
    if !title.is_empty() && !is_title(title) {
        return None;
    }
    // The dots after the designation ("Anlage 1.") and what follows up to the title.
    let separator = format!(
        "{}{}",
        &after_trim[token.len()..token_end],
        &rest[..rest.len() - rest.trim_start_matches([':', '-', '–', '.', ' ']).len()]
    );
    Some((num, (!title.is_empty()).then(|| (separator, title.to_owned()))))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Style(Style, bool),
    Heading(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Heading,
    Paragraph,
    Item,
    ClauseText,
    Row,
}

struct Builder {
    stack: Vec<(Key, Draft)>,
    top: Vec<Draft>,
    pre: Vec<Piece>,
    last: Last,
    /// The indentation depths of the open levels of the current list: an
    /// item indented more than the last opens one level, whatever the
    /// step (2 or 4 spaces, a tab); one indented as an earlier level
    /// returns to it.
    list_levels: Vec<usize>,
}

impl Builder {
    fn new() -> Self {
        Builder { stack: Vec::new(), top: Vec::new(), pre: Vec::new(), last: Last::Nothing, list_levels: Vec::new() }
    }

    fn container(&mut self) -> &mut Vec<Piece> {
        match self.stack.last_mut() {
            Some((_, draft)) => &mut draft.blocks,
            None => &mut self.pre,
        }
    }

    fn close_one(&mut self) {
        if let Some((_, draft)) = self.stack.pop() {
            match self.stack.last_mut() {
                Some((_, parent)) => parent.children.push(draft),
                None => self.top.push(draft),
            }
        }
    }

    fn open(&mut self, key: Key, draft: Draft) {
        if let Some(position) = self.stack.iter().rposition(|(k, _)| *k == key) {
            while self.stack.len() > position {
                self.close_one();
            }
        }
        self.stack.push((key, draft));
    }

    fn finish(mut self) -> (Vec<Piece>, Vec<Draft>) {
        while !self.stack.is_empty() {
            self.close_one();
        }
        (self.pre, self.top)
    }

    fn paragraph(&mut self, at: usize, text: &str, joined: bool) {
        let last = self.last;
        if joined {
            match last {
                Last::Paragraph => {
                    if let Some(Piece::P { text: previous, .. }) = self.container().last_mut() {
                        previous.push('\n');
                        previous.push_str(text);
                        return;
                    }
                }
                Last::Item => {
                    if let Some(Piece::List(items)) = self.container().last_mut()
                        && let Some(item) = last_item(items)
                    {
                        item.text.push('\n');
                        item.text.push_str(text);
                        return;
                    }
                }
                Last::ClauseText => {
                    if let Some((_, draft)) = self.stack.last_mut()
                        && let Some(own) = draft.text.as_mut()
                    {
                        own.push('\n');
                        own.push_str(text);
                        return;
                    }
                }
                _ => {}
            }
        }
        self.container().push(Piece::P { at, text: text.to_owned() });
        self.last = Last::Paragraph;
    }

    fn item(&mut self, at: usize, depth: usize, num: Option<String>, text: &str, continues: bool) {
        let item = Item { at, num, text: text.to_owned(), children: Vec::new() };
        let continues = continues && matches!(self.container().last(), Some(Piece::List(_)));
        if continues {
            while self.list_levels.last().is_some_and(|&open| open > depth) {
                self.list_levels.pop();
            }
            if self.list_levels.last() != Some(&depth) {
                self.list_levels.push(depth);
            }
        } else {
            self.list_levels = vec![depth];
        }
        let level = self.list_levels.len() - 1;
        let container = self.container();
        match container.last_mut() {
            Some(Piece::List(items)) if continues => nest(items, level, item),
            _ => container.push(Piece::List(vec![item])),
        }
        self.last = Last::Item;
    }

    fn row(&mut self, at: usize, cells: Vec<String>) {
        let continues = self.last == Last::Row;
        let container = self.container();
        match container.last_mut() {
            Some(Piece::Table { rows, .. }) if continues => rows.push(cells),
            _ => container.push(Piece::Table { at, rows: vec![cells] }),
        }
        self.last = Last::Row;
    }
}

/// Puts `item` `depth` levels down the last items of `items` (as deep as they go).
fn nest(items: &mut Vec<Item>, depth: usize, item: Item) {
    match items.last_mut() {
        Some(last) if depth > 0 => nest(&mut last.children, depth - 1, item),
        _ => items.push(item),
    }
}

fn last_item(items: &mut [Item]) -> Option<&mut Item> {
    let last = items.last_mut()?;
    if last.children.is_empty() {
        return Some(last);
    }
    last_item(&mut last.children)
}

struct AnnexStart {
    num: Option<String>,
    /// What stands between the designation and a title on its line.
    separator: Option<String>,
    title: Option<String>,
    title_line: Option<usize>,
    role: Role,
}

/// Builds the outline of `lines`; uncertain readings go to `notes`.
pub fn outline(lines: &[Line], notes: &mut Vec<Note>) -> Outline {
    let mut out = Outline::default();
    // Footnote definitions leave the running text.
    let mut kept: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        let definition = line.text.strip_prefix("[^").and_then(|rest| rest.split_once("]:"));
        match definition {
            Some((id, text)) if line.kind == Kind::Paragraph && !id.is_empty() => {
                out.footnotes.push((id.to_owned(), text.trim().to_owned()));
            }
            _ => kept.push(line.clone()),
        }
    }
    let lines = kept.as_slice();
    let title_index = find_title(lines);
    let mut start = 0;
    let mut cover_builder = Builder::new();
    if let Some(index) = title_index {
        for (i, line) in lines[..index].iter().enumerate() {
            feed(&mut cover_builder, lines, i, line, notes, false);
        }
        let (cover, clauses) = cover_builder.finish();
        out.cover = cover;
        // Clauses before the title are improbable; keep their text.
        for draft in clauses {
            out.cover.extend(flatten(draft));
        }
        out.title = Some((lines[index].at, lines[index].text.replace("**", "").trim().to_owned()));
        start = index + 1;
        // A subtitle: the next line, short, "nach …" or "gemäß …".
        if let Some(next) = lines[start..].iter().position(|l| l.kind != Kind::Blank).map(|p| p + start) {
            let text = &lines[next].text;
            let low = lower(text);
            if matches!(lines[next].kind, Kind::Paragraph | Kind::Heading(_))
                && (low.starts_with("nach ") || low.starts_with("gemäß ") || low.starts_with("gem. "))
                && text.split_whitespace().count() <= 12
            {
                out.subtitle = Some(text.clone());
                start = next + 1;
            }
        }
    }
    let whole_tom = out.title.as_ref().is_some_and(|(_, t)| is_tom_title(t) && !t.contains("Vertrag"));
    let annexes = annex_starts(lines, start, notes);
    // One separator for every heading that has one (documents keep to one style).
    let mut separators = annexes.iter().filter_map(|(_, a)| a.separator.as_deref());
    if let Some(first) = separators.next()
        && separators.all(|s| s == first)
    {
        out.annex_separator = Some(first.to_owned());
    }
    let mut segment = Segment {
        at: lines.get(start).map_or(0, |l| l.at),
        role: if whole_tom { Role::Tom } else { Role::Body },
        num: None,
        title: None,
        blocks: Vec::new(),
        clauses: Vec::new(),
    };
    let mut builder = Builder::new();
    let mut skip: Option<usize> = None;
    for i in start..lines.len() {
        if skip == Some(i) {
            continue;
        }
        if let Some((_, annex)) = annexes.iter().find(|(index, _)| *index == i) {
            let (blocks, clauses) = std::mem::replace(&mut builder, Builder::new()).finish();
            segment.blocks = blocks;
            segment.clauses = clauses;
            out.segments.push(segment);
            segment = Segment {
                at: lines[i].at,
                role: annex.role,
                num: annex.num.clone(),
                title: annex.title.clone(),
                blocks: Vec::new(),
                clauses: Vec::new(),
            };
            skip = annex.title_line;
            continue;
        }
        feed(&mut builder, lines, i, &lines[i], notes, true);
    }
    let (blocks, clauses) = builder.finish();
    segment.blocks = blocks;
    segment.clauses = clauses;
    out.segments.push(segment);
    for segment in &out.segments {
        repeated_numbers(&segment.clauses, notes);
    }
    out
}

/// The title: the first level-1 heading near the top, else the first line
/// that names the document ("Vertrag", "Vereinbarung", "Anhang" …), else
/// the first line of text.
fn find_title(lines: &[Line]) -> Option<usize> {
    let head: Vec<(usize, &Line)> = lines.iter().enumerate().take(60).collect();
    let texty = |l: &Line| matches!(l.kind, Kind::Paragraph | Kind::Heading(_)) && numbering::parse(&l.text).is_none();
    if let Some((i, _)) = head.iter().find(|(_, l)| l.kind == Kind::Heading(1)) {
        return Some(*i);
    }
    let names = ["vertrag", "vereinbarung", "auftragsverarbeitung", "auftragsdatenverarbeitung", "anhang", "anlage"];
    if let Some((i, _)) =
        head.iter().find(|(_, l)| texty(l) && is_title(&l.text) && names.iter().any(|n| lower(&l.text).contains(n)))
    {
        return Some(*i);
    }
    // The first line of text, if it comes before the first numbered clause:
    // a text that opens with "§ 1 Gegenstand" has no title line, and its
    // first sentence is not one.
    let first = lines.iter().position(texty)?;
    let clause = lines.iter().position(|l| {
        matches!(l.kind, Kind::Paragraph | Kind::Heading(_))
            && numbering::parse(&l.text).is_some_and(|n| n.style.is_clause())
    });
    clause.is_none_or(|c| first < c).then_some(first)
}

fn annex_starts(lines: &[Line], start: usize, notes: &mut Vec<Note>) -> Vec<(usize, AnnexStart)> {
    let mut found: Vec<(usize, AnnexStart)> = Vec::new();
    let mut seen_clause = false;
    for i in start..lines.len() {
        let line = &lines[i];
        if !matches!(line.kind, Kind::Paragraph | Kind::Heading(_)) {
            continue;
        }
        let after_blank = i == 0 || matches!(lines[i - 1].kind, Kind::Blank | Kind::Heading(_));
        if let Some((num, title)) = annex_heading(&line.text) {
            if !after_blank && !matches!(line.kind, Kind::Heading(_)) {
                continue;
            }
            // Without a title on its line, a short line after it is the title.
            let (separator, title) = title.map_or((None, None), |(s, t)| (Some(s), Some(t)));
            let (title, title_line) = match title {
                Some(title) => (Some(title), None),
                None => match next_text(lines, i) {
                    Some(next)
                        if lines[next].kind == Kind::Paragraph
                            && is_title(&lines[next].text)
                            && numbering::parse(&lines[next].text).is_none()
                            && annex_heading(&lines[next].text).is_none() =>
                    {
                        (Some(lines[next].text.clone()), Some(next))
                    }
                    _ => (None, None),
                },
            };
            let role = role_of(title.as_deref().unwrap_or_default());
            // A designation listed again later: the last one starts the annex.
            if let Some((earlier, _)) = found.iter().find(|(_, a)| a.num.as_deref() == Some(num.as_str())) {
                notes.push(Note::new(
                    NoteKind::Annex,
                    lines[*earlier].at,
                    format!(
                        "`{num}` is named again at {}: the last one starts the annex, this one stays text",
                        line.at
                    ),
                ));
            }
            found.retain(|(_, a)| a.num.as_deref() != Some(num.as_str()));
            found.push((i, AnnexStart { num: Some(num), separator, title, title_line, role }));
            continue;
        }
        let numbered = numbering::parse(&line.text);
        if numbered.as_ref().is_some_and(|n| n.style.is_clause()) {
            seen_clause = true;
            continue;
        }
        // An unnumbered title that names the measures or the sub-processor
        // list, after the clauses: an annex without a designation.
        let text = line.text.trim_end_matches(':');
        if seen_clause
            && after_blank
            && numbered.is_none()
            && found.iter().all(|(_, a)| a.num.is_none())
            && is_title(text)
            && (is_tom_title(text) || (is_subprocessor_title(text) && lower(text).starts_with("liste")))
        {
            notes.push(Note::new(
                NoteKind::Annex,
                line.at,
                format!("`{}` has no designation; read as the start of an annex", line.text),
            ));
            found.push((
                i,
                AnnexStart {
                    num: None,
                    separator: None,
                    title: Some(line.text.clone()),
                    title_line: None,
                    role: role_of(text),
                },
            ));
        }
    }
    found
}

/// Notes a number printed twice among siblings: the source's numbering
/// restarts or repeats there (the validation reports it too, in the TOML).
fn repeated_numbers(drafts: &[Draft], notes: &mut Vec<Note>) {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for draft in drafts {
        if let Some(num) = draft.num.as_deref().filter(|n| n.chars().any(char::is_alphanumeric)) {
            match seen.iter().find(|(n, _)| *n == num) {
                Some((_, first)) => notes.push(Note::new(
                    NoteKind::Numbering,
                    draft.at,
                    format!(
                        "`{num}` is printed again among its siblings (first at {first}): the source's numbering repeats"
                    ),
                )),
                None => seen.push((num, draft.at)),
            }
        }
        repeated_numbers(&draft.children, notes);
    }
}

fn role_of(title: &str) -> Role {
    if is_tom_title(title) {
        Role::Tom
    } else if is_subprocessor_title(title) {
        Role::Subprocessors
    } else {
        Role::Annex
    }
}

fn next_text(lines: &[Line], i: usize) -> Option<usize> {
    (i + 1..lines.len()).find(|&j| lines[j].kind != Kind::Blank)
}

/// Whether line `i` stands apart: a blank (or nothing) before it and no
/// numbered line of the same style right after it (that would be a list).
fn stands_apart(lines: &[Line], i: usize, style: Style) -> bool {
    let before = i == 0 || matches!(lines[i - 1].kind, Kind::Blank | Kind::Heading(_));
    let after = match lines.get(i + 1) {
        None => true,
        Some(next) => match next.kind {
            Kind::Blank | Kind::Heading(_) | Kind::Row(_) | Kind::Item(_) => true,
            Kind::Paragraph => numbering::parse(&next.text).is_none_or(|n| n.style != style || !is_title(n.rest)),
        },
    };
    before && after
}

fn feed(builder: &mut Builder, lines: &[Line], i: usize, line: &Line, notes: &mut Vec<Note>, clauses: bool) {
    let joined = i > 0 && !matches!(lines[i - 1].kind, Kind::Blank);
    match &line.kind {
        Kind::Blank => {
            if builder.last == Last::Row {
                builder.last = Last::Nothing;
            }
        }
        Kind::Row(cells) => builder.row(line.at, cells.clone()),
        Kind::Heading(level) => {
            let title = line.text.replace("**", "").trim().to_owned();
            match numbering::parse(&title).filter(|n| n.style.is_clause()) {
                Some(n) if clauses => {
                    let draft = Draft {
                        at: line.at,
                        num: Some(n.num.clone()),
                        title: Some(n.rest.to_owned()),
                        ..Draft::default()
                    };
                    builder.open(Key::Style(n.style, true), draft);
                }
                _ if clauses => {
                    let draft = Draft { at: line.at, title: Some(title), ..Draft::default() };
                    builder.open(Key::Heading(*level), draft);
                }
                _ => builder.paragraph(line.at, &line.text, false),
            }
            builder.last = Last::Heading;
        }
        Kind::Paragraph | Kind::Item(_) => {
            let depth = match line.kind {
                Kind::Item(depth) => Some(depth),
                _ => None,
            };
            let number = numbering::parse(&line.text);
            match number {
                Some(n)
                    if clauses
                        && n.style.is_clause()
                        && (depth.is_none() || !matches!(n.style, Style::Decimal(1) | Style::Paren)) =>
                {
                    let rest = n.rest.trim();
                    let titled = depth.is_none() && is_title(rest) && stands_apart(lines, i, n.style);
                    if titled || (n.style == Style::SectionBare && is_title(rest)) {
                        let draft = Draft {
                            at: line.at,
                            num: Some(n.num.clone()),
                            title: Some(rest.replace("**", "").trim().to_owned()),
                            ..Draft::default()
                        };
                        builder.open(Key::Style(n.style, true), draft);
                        builder.last = Last::Heading;
                    } else if depth.is_none() && is_title(rest) && n.style == Style::Decimal(1) {
                        // A run of short numbered lines: a numbered list.
                        let continues = builder.last == Last::Item;
                        let message = |to: usize| {
                            format!("short numbered lines read as a list, not as clauses (the run ends at {to})")
                        };
                        match notes.last_mut() {
                            Some(note)
                                if continues
                                    && note.kind == NoteKind::Numbering
                                    && note.message.starts_with("short numbered") =>
                            {
                                note.message = message(line.at);
                            }
                            _ => notes.push(Note::new(NoteKind::Numbering, line.at, message(line.at))),
                        }
                        builder.item(line.at, 0, Some(n.num.clone()), rest, continues);
                    } else {
                        let draft = Draft {
                            at: line.at,
                            num: Some(n.num.clone()),
                            text: Some(rest.to_owned()),
                            ..Draft::default()
                        };
                        builder.open(Key::Style(n.style, false), draft);
                        builder.last = Last::ClauseText;
                    }
                }
                _ => match depth {
                    Some(depth) => {
                        let (num, text) = match &number {
                            Some(n) => (Some(n.num.clone()), n.rest.to_owned()),
                            None => (None, line.text.clone()),
                        };
                        let continues = matches!(builder.last, Last::Item);
                        builder.item(line.at, depth, num, &text, continues);
                    }
                    None => match number.filter(|n| !n.style.is_clause()) {
                        Some(n) => {
                            let continues = matches!(builder.last, Last::Item);
                            // `aa)` sits under `a)` even without indentation.
                            let depth = usize::from(n.style == Style::DoubleAlpha);
                            builder.item(line.at, depth, Some(n.num.clone()), n.rest, continues);
                        }
                        None => builder.paragraph(line.at, &line.text, joined),
                    },
                },
            }
        }
    }
}

/// A draft's text as plain blocks (for text that cannot stay a clause).
pub fn flatten(draft: Draft) -> Vec<Piece> {
    let mut out = Vec::new();
    let head = [draft.num.clone(), draft.title.clone(), draft.text.clone()].into_iter().flatten().collect::<Vec<_>>();
    if !head.is_empty() {
        out.push(Piece::P { at: draft.at, text: head.join(" ") });
    }
    out.extend(draft.blocks);
    for child in draft.children {
        out.extend(flatten(child));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::text;
    use std::path::Path;

    fn outline_of(source: &str) -> Outline {
        let lines = text::read(source.as_bytes(), Path::new("t.txt")).unwrap();
        outline(&lines, &mut Vec::new())
    }

    #[test]
    fn headings_and_numbers_nest() {
        let o = outline_of(
            "Vertrag\n\n1 Gegenstand\n\n- 1.1 Erster Satz, lang genug.\n- 1.2 Zweiter Satz.\n\n2 Dauer\n\nText.\n",
        );
        assert_eq!(o.title.as_ref().map(|t| t.1.as_str()), Some("Vertrag"));
        let body = &o.segments[0];
        assert_eq!(body.clauses.len(), 2);
        assert_eq!(body.clauses[0].num.as_deref(), Some("1"));
        assert_eq!(body.clauses[0].children.len(), 2);
        assert_eq!(body.clauses[0].children[1].num.as_deref(), Some("1.2"));
        assert_eq!(body.clauses[1].blocks, vec![Piece::P { at: 10, text: "Text.".into() }]);
    }

    #[test]
    fn annexes_split_the_document() {
        let o = outline_of(
            "Vertrag\n\n§ 1 Gegenstand\n\nText.\n\nAnlage 1: Technische und organisatorische Maßnahmen\n\n1 Zutrittskontrolle\n\n- Schlüssel\n",
        );
        assert_eq!(o.segments.len(), 2);
        assert_eq!(o.segments[1].role, Role::Tom);
        assert_eq!(o.segments[1].num.as_deref(), Some("Anlage 1"));
        assert_eq!(o.segments[1].clauses[0].title.as_deref(), Some("Zutrittskontrolle"));
    }

    /// What stands between an annex's designation and its title is kept,
    /// where every heading has the same.
    #[test]
    fn annex_headings_keep_their_separator() {
        let title = |text: &str| annex_heading(text).and_then(|(_, t)| t);
        let sep = |text: &str| title(text).map(|(s, _)| s);
        assert_eq!(sep("Anlage 1: Technische Maßnahmen").as_deref(), Some(": "));
        assert_eq!(sep("Anlage 1 – Technische Maßnahmen").as_deref(), Some(" – "));
        assert_eq!(sep("Anlage 1 - Technische Maßnahmen").as_deref(), Some(" - "));
        assert_eq!(sep("Anlage 1. Technische Maßnahmen").as_deref(), Some(". "));
        assert_eq!(sep("**Anhang 2** Unterauftragnehmer").as_deref(), Some(" "));
        assert_eq!(title("Anlage 1 – Technische Maßnahmen").map(|(_, t)| t).as_deref(), Some("Technische Maßnahmen"));
        assert_eq!(title("Anlage 1"), None);
        let document = |first: &str, second: &str| {
            outline_of(&format!(
                "Vertrag\n\n§ 1 Gegenstand\n\nText.\n\nAnlage 1{first}Technische und organisatorische Maßnahmen\n\n\
                 1 Zutrittskontrolle\n\n- Schlüssel\n\nAnlage 2{second}Unterauftragnehmer\n\nText.\n"
            ))
        };
        assert_eq!(document(" – ", " – ").annex_separator.as_deref(), Some(" – "));
        assert_eq!(document(": ", ": ").annex_separator.as_deref(), Some(": "));
        assert_eq!(document(" – ", ": ").annex_separator, None, "two styles: the default");
        assert_eq!(
            document(" – ", "\n\n").annex_separator.as_deref(),
            Some(" – "),
            "a title on the next line has none"
        );
    }

    /// Lettered and suffixed annexes are annexes too: "Anlage B" starts
    /// one of its own, not a section of the TOM annex before it.
    #[test]
    fn lettered_annexes_split_the_document() {
        let o = outline_of(
            "Vertrag\n\n§ 1 Gegenstand\n\nText.\n\nAnlage A: Technische und organisatorische Maßnahmen\n\n1 Zutrittskontrolle\n\n- Schlüssel\n\nAnlage B: Unterauftragnehmer\n\nText.\n\nAnlage 1a: Weisungsberechtigte\n\nText.\n",
        );
        let nums: Vec<Option<&str>> = o.segments.iter().map(|s| s.num.as_deref()).collect();
        assert_eq!(nums, [None, Some("Anlage A"), Some("Anlage B"), Some("Anlage 1a")]);
        assert_eq!(o.segments[1].role, Role::Tom);
        assert_eq!(annex_heading("Anlage Abschnitt 3"), None, "a word is no designation");
        assert_eq!(annex_heading("Anlage 12ab"), None);
    }

    #[test]
    fn continuation_lines_stay_with_their_item() {
        let o = outline_of("Titel Vertrag\n\n§ 1 Liste\n\n- STRATO GmbH, Berlin:\nRechenzentrum\n");
        let Piece::List(items) = &o.segments[0].clauses[0].blocks[0] else { panic!() };
        assert_eq!(items[0].text, "STRATO GmbH, Berlin:\nRechenzentrum");
    }
}
