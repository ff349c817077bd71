//! The inline markup of agreement text (`**bold**`, `*emphasis*`,
//! `[^footnote]`, `{{ placeholder }}`, `[text](#id)` and `[text](https://…)`
//! links, line breaks) parsed into tokens and written out per output
//! format, escaping everything that is not markup.
//!
//! For DOCX ([`Flavor::Docx`]) the output is not a document format but
//! [run markup](run): plain text with control-character marks for bold,
//! emphasis, blanks, links and footnote references, which the DOCX writer
//! turns into Word runs. So one tokenizer serves every format.

/// One piece of inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// Plain text (escaped on output).
    Text(&'a str),
    /// Start or end of bold text.
    Strong,
    /// Start or end of emphasis.
    Emphasis,
    /// A footnote reference `[^id]`.
    Footnote(&'a str),
    /// A placeholder `{{ key }}`.
    Placeholder(&'a str),
    /// A link `[text](target)`: `#id` inside the agreement, or an
    /// external `https://` or `mailto:` address (see [`LinkTarget`]).
    Link {
        /// The link text.
        text: &'a str,
        /// What it points to, as written.
        target: &'a str,
    },
    /// A line break inside a paragraph.
    Break,
}

/// Where a link points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkTarget<'a> {
    /// `#id`: a clause, annex, section, measure or sub-processor of the agreement.
    Internal(&'a str),
    /// An `https://` or `mailto:` address.
    External(&'a str),
    /// Anything else (`http:`, `javascript:`, a relative path): not allowed,
    /// printed as the text it is.
    Refused(&'a str),
}

impl<'a> LinkTarget<'a> {
    /// Classifies the target of a link.
    pub fn of(target: &'a str) -> Self {
        if let Some(id) = target.strip_prefix('#') {
            LinkTarget::Internal(id)
        } else if (target.starts_with("https://") && target.len() > "https://".len())
            || (target.starts_with("mailto:") && target.len() > "mailto:".len())
        {
            LinkTarget::External(target)
        } else {
            LinkTarget::Refused(target)
        }
    }
}

/// The links of a text: (the markup as written, the link text, the target).
pub fn links(text: &str) -> Vec<(&str, &str, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find('[').map(|i| from + i) {
        match link_at(&text[at..]) {
            Some((label, target, len)) => {
                out.push((&text[at..at + len], label, target));
                from = at + len;
            }
            None => from = at + 1,
        }
    }
    out
}

/// A link at the start of `rest`: its text, target and length.
fn link_at(rest: &str) -> Option<(&str, &str, usize)> {
    if !rest.starts_with('[') || rest.starts_with("[^") {
        return None;
    }
    let close = rest.find(']')?;
    let label = &rest[1..close];
    if label.is_empty() || label.contains(['[', '\n']) || !rest[close + 1..].starts_with('(') {
        return None;
    }
    let open = close + 2;
    let end = rest[open..].find(')')? + open;
    let target = &rest[open..end];
    if target.is_empty() || target.contains(char::is_whitespace) {
        return None;
    }
    Some((label, target, end + 1))
}

/// Splits text into tokens. Unbalanced markers are kept as text.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let strong_balanced = text.matches("**").count().is_multiple_of(2);
    let emphasis = emphasis_marks(text, strong_balanced);
    while i < bytes.len() {
        let rest = &text[i..];
        let (token, len) = if rest.starts_with("**") && strong_balanced {
            (Some(Token::Strong), 2)
        } else if rest.starts_with('*') && emphasis.contains(&i) {
            (Some(Token::Emphasis), 1)
        } else if rest.starts_with("[^") {
            match rest.find(']') {
                Some(end) if end > 2 && !rest[2..end].contains(char::is_whitespace) => {
                    (Some(Token::Footnote(&rest[2..end])), end + 1)
                }
                _ => (None, 1),
            }
        } else if let Some((text, target, len)) = link_at(rest) {
            (Some(Token::Link { text, target }), len)
        } else if rest.starts_with("{{") {
            match rest.find("}}") {
                Some(end) => (Some(Token::Placeholder(rest[2..end].trim())), end + 2),
                None => (None, 1),
            }
        } else if rest.starts_with('\n') {
            (Some(Token::Break), 1)
        } else {
            (None, rest.chars().next().map_or(1, char::len_utf8))
        };
        match token {
            Some(token) => {
                if start < i {
                    tokens.push(Token::Text(&text[start..i]));
                }
                tokens.push(token);
                i += len;
                start = i;
            }
            None => i += len,
        }
    }
    if start < text.len() {
        tokens.push(Token::Text(&text[start..]));
    }
    tokens
}

/// The byte positions of the single stars that mark emphasis, in pairs.
/// An opening star stands before a word and not inside one, a closing star
/// after a word and not inside one: the gender star ("Mitarbeiter*innen
/// und Kund*innen") and a multiplication ("5 * 3 EUR * 12") stay text,
/// where counting stars made them emphasis and they vanished from print.
fn emphasis_marks(text: &str, strong: bool) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut marks = Vec::new();
    let mut open: Option<usize> = None;
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|b| *b == b'*') {
        let i = from + at;
        // Stars pair into strong marks from the left, as the tokenizer reads them.
        if strong && bytes.get(i + 1) == Some(&b'*') {
            from = i + 2;
            continue;
        }
        from = i + 1;
        let before = text[..i].chars().next_back();
        let after = text[i + 1..].chars().next();
        let can_open = after.is_some_and(|c| !c.is_whitespace()) && !before.is_some_and(char::is_alphanumeric);
        let can_close = before.is_some_and(|c| !c.is_whitespace()) && !after.is_some_and(char::is_alphanumeric);
        match open {
            Some(start) if can_close => {
                marks.extend([start, i]);
                open = None;
            }
            None if can_open => open = Some(i),
            _ => {}
        }
    }
    marks
}

/// An output format for inline text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// CommonMark.
    Markdown,
    /// HTML.
    Html,
    /// Typst markup.
    Typst,
    /// Plain text without markup.
    Plain,
    /// [Run markup](run) for the DOCX writer: plain text with marks for
    /// bold, emphasis, blanks, links and footnote references.
    Docx,
}

/// The run markup of [`Flavor::Docx`]. A mark is [`OPEN`](run::OPEN), a tag
/// character, a payload and [`CLOSE`](run::CLOSE): `b`/`B` bold on/off, `i`/`I`
/// emphasis on/off, `h`/`H` a blank (highlighted) on/off, `l<url>`/`L` an
/// external link around its text, `a<id>`/`A` a link to a node of the
/// document, `f<n>` the reference to footnote `n`, `t<id>` the place a link
/// to node `id` leads to (a bookmark). A line break is `\n`.
/// Data cannot forge a mark: escaping for this flavor shows control
/// characters as their symbols, as HTML does.
pub mod run {
    /// Starts a mark.
    pub const OPEN: char = '\u{1}';
    /// Ends a mark's payload.
    pub const CLOSE: char = '\u{2}';

    /// Writes the mark `tag` with `payload` (already escaped).
    pub fn mark(out: &mut String, tag: char, payload: &str) {
        out.push(OPEN);
        out.push(tag);
        out.push_str(payload);
        out.push(CLOSE);
    }
}

/// Where text is written. Markdown escapes differently in the two places;
/// the other formats do not tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Running text (a paragraph, a heading, a list item), where the start
    /// of a line may start a block.
    Flow,
    /// A table cell: one line, where nothing starts a block, a `|` ends the
    /// cell and a line break is written `<br>`.
    Cell,
    /// A heading's text: one line (an ATX heading ends at the line's end),
    /// so a line break is written `<br>`, and a `#` is escaped because a
    /// trailing run of them would close the heading and vanish.
    Heading,
}

/// Escapes plain text for a format.
pub fn escape(text: &str, flavor: Flavor) -> String {
    escape_at(text, flavor, Place::Flow)
}

/// Escapes plain text for a format, for a table cell.
pub fn escape_cell(text: &str, flavor: Flavor) -> String {
    escape_at(text, flavor, Place::Cell)
}

/// Escapes plain text for a format, for a heading's text.
pub fn escape_heading(text: &str, flavor: Flavor) -> String {
    escape_at(text, flavor, Place::Heading)
}

fn escape_at(text: &str, flavor: Flavor, place: Place) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into_at(&mut out, text, flavor, place);
    out
}

/// Appends `text` escaped for `flavor`.
pub fn escape_into(out: &mut String, text: &str, flavor: Flavor) {
    escape_into_at(out, text, flavor, Place::Flow);
}

/// Whether an `&` at the start of `rest` begins a character reference
/// (`&amp;`, `&#60;`, `&#x3C;`) that CommonMark would decode.
fn entity_at(rest: &str) -> bool {
    let Some(after) = rest.strip_prefix('&') else { return false };
    let (digits, numeric): (&str, fn(char) -> bool) = match after.strip_prefix('#') {
        Some(hex) if hex.starts_with(['x', 'X']) => (&hex[1..], |c| c.is_ascii_hexdigit()),
        Some(decimal) => (decimal, |c| c.is_ascii_digit()),
        None => (after, |c| c.is_ascii_alphanumeric()),
    };
    let name = digits.find(|c: char| !numeric(c)).map_or(digits, |end| &digits[..end]);
    !name.is_empty() && digits[name.len()..].starts_with(';')
}

/// Appends `text` escaped for `flavor` in `place`.
fn escape_into_at(out: &mut String, text: &str, flavor: Flavor, place: Place) {
    match flavor {
        Flavor::Plain => out.push_str(text),
        // Text in a Word file is XML: control characters and the two
        // non-characters XML refuses are shown, never passed on; they also
        // keep data from forging a run mark.
        Flavor::Docx => {
            for c in text.chars() {
                match c {
                    c if is_control(c) => out.push(control_picture(c)),
                    '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
                    c => out.push(c),
                }
            }
        }
        Flavor::Html => {
            for c in text.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&#39;"),
                    // Control characters are no text in HTML: shown, not passed on.
                    c if is_control(c) => out.push(control_picture(c)),
                    c => out.push(c),
                }
            }
        }
        // Markup that CommonMark (and GFM: `~` strikes through, `|`
        // ends a table cell) reads anywhere is escaped everywhere, with
        // `&` where it starts a character reference. What starts a block
        // is escaped at the start of a line only, and never in a cell.
        Flavor::Markdown => {
            // Neither a cell nor a heading can hold a block: both are one line.
            let cell = place != Place::Flow;
            let heading = place == Place::Heading;
            let mut at_line_start = !cell && (out.is_empty() || out.ends_with('\n'));
            // Digits at the start of a line: "1." or "3)" before a space
            // (or the end, which a space may follow) would start an ordered list.
            let mut leading_digits = at_line_start;
            for (i, c) in text.char_indices() {
                let rest = &text[i..];
                if leading_digits && (c == '.' || c == ')') && !at_line_start {
                    if rest[1..].chars().next().is_none_or(char::is_whitespace) {
                        out.push('\\');
                    }
                    out.push(c);
                    leading_digits = false;
                    continue;
                }
                leading_digits = leading_digits && c.is_ascii_digit();
                match c {
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' | '~' => {
                        out.push('\\');
                        out.push(c);
                    }
                    '&' if entity_at(rest) => out.push_str("\\&"),
                    '\n' if cell => out.push_str("<br>"),
                    '>' | '{' | '}' if !cell => {
                        out.push('\\');
                        out.push(c);
                    }
                    '#' if heading => out.push_str("\\#"),
                    '#' | '+' | '-' | '=' if at_line_start => {
                        out.push('\\');
                        out.push(c);
                    }
                    c if is_control(c) => out.push(control_picture(c)),
                    c => out.push(c),
                }
                // Up to three spaces may indent a block's start: spaces
                // keep the line's start.
                at_line_start = !cell && (c == '\n' || (at_line_start && (c == ' ' || c == '\t')));
                leading_digits = leading_digits || at_line_start;
            }
        }
        Flavor::Typst => {
            // "1. " at the start of a line would start a numbered list.
            let mut leading_digits = out.is_empty() || out.ends_with('\n');
            let mut seen_digit = false;
            for c in text.chars() {
                if c == '.' && leading_digits && seen_digit {
                    out.push_str("\\.");
                    leading_digits = false;
                    continue;
                }
                let indent = leading_digits && !seen_digit && c.is_whitespace();
                seen_digit = leading_digits && c.is_ascii_digit();
                leading_digits = seen_digit || indent || c == '\n';
                // Quotes stay: in markup they are only smart quotes, which
                // typst sets as German „…“ and ‚…‘.
                match c {
                    '\\' | '*' | '_' | '`' | '$' | '#' | '[' | ']' | '<' | '>' | '@' | '~' | '/' | '=' | '-' | '+' => {
                        out.push('\\');
                        out.push(c);
                    }
                    // A control character is shown in caret notation ("^[" for ESC),
                    // never passed to typst, whose fonts have no symbol for it.
                    c if is_control(c) => escape_into(out, &caret(c), Flavor::Typst),
                    c => out.push(c),
                }
            }
        }
    }
}

/// Whether `c` is a control character other than the line break and tab
/// that texts may hold.
pub fn is_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The visible symbol of a control character (U+2400 block): `␛` for ESC,
/// `␡` for DEL, `�` for the C1 range.
pub fn control_picture(c: char) -> char {
    match c as u32 {
        code @ 0..=0x1f => char::from_u32(0x2400 + code).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// An invisible target for links to node `id`, to be written where the node
/// starts printing: in the formats a link can lead into a document (HTML,
/// typst, DOCX, and Markdown as an inline HTML anchor, which GitHub, GitLab
/// and pandoc keep); nothing in plain text.
pub fn target_mark(id: &str, flavor: Flavor) -> String {
    match flavor {
        Flavor::Html => format!("<span id=\"{}\"></span>", escape(id, flavor)),
        Flavor::Markdown => format!("<a id=\"{}\"></a>", escape(id, Flavor::Html)),
        Flavor::Typst => format!("#avv-anchor(\"{}\");", typst_string(id)),
        Flavor::Docx => {
            let mut out = String::new();
            run::mark(&mut out, 't', &escape(id, flavor));
            out
        }
        Flavor::Plain => String::new(),
    }
}

/// `text` as the inside of a typst string literal (`"…"`): quotes,
/// backslashes and line ends escaped, control characters in caret notation.
/// For values that land in typst code, such as the PDF's metadata; markup
/// escaping ([`Flavor::Typst`]) is for text in content.
pub fn typst_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if is_control(c) => out.push_str(&typst_string(&caret(c))),
            c => out.push(c),
        }
    }
    out
}

/// A control character in caret notation: `^[` for ESC, `^M` for CR, `^?`
/// for DEL; `^?` for the C1 range. ASCII, so every embedded font has it.
pub fn caret(c: char) -> String {
    match c as u32 {
        code @ 0..=0x1f => format!("^{}", char::from_u32(code + 0x40).unwrap_or('?')),
        _ => "^?".to_owned(),
    }
}

/// `text` for a terminal or a CI log: control characters (an ESC that
/// would start a terminal sequence, a CR that would overwrite the line)
/// shown as their symbols, hidden characters (a direction override) by
/// their code point; line breaks and tabs kept.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| crate::validate::hidden::hidden(c).is_some();
    if !text.chars().any(|c| is_control(c) || hidden(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            // A direction override would reorder the terminal's line, a
            // zero-width space hide a change: shown by name instead.
            c if hidden(c) => out.push_str(&format!("⟨U+{:04X}⟩", c as u32)),
            c if is_control(c) => out.push(control_picture(c)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How placeholders and footnotes are resolved while writing.
pub trait Resolver {
    /// The text for a placeholder: its value, or the blank form.
    fn placeholder(&self, key: &str) -> PlaceholderText;
    /// The printed mark of a footnote (its number).
    fn footnote(&self, id: &str) -> Option<usize>;
    /// Whether `id` is a node of the document a link can point to.
    fn anchor(&self, id: &str) -> bool;
    /// An external link was written (for the document's list of links).
    fn linked(&self, _text: &str, _url: &str) {}
    /// Where the external document `id` (a reference of the agreement) is
    /// published: a link to a reference the document does not print leads
    /// there.
    fn reference_url(&self, _id: &str) -> Option<String> {
        None
    }
    /// Where node `id` stands, in words ("Punkt 10"), for a page reference
    /// in a format without pages.
    fn place(&self, _id: &str) -> Option<String> {
        None
    }
    /// The option a customer chose for `choice` (an
    /// [alternative inside a sentence](crate::model::alternative)); `None`
    /// in a blank form, or when the instance did not decide.
    fn chosen_option(&self, _choice: &str) -> Option<String> {
        None
    }
}

/// What `{{ inner }}` prints: a placeholder's value or blank, or for an
/// alternative the chosen option's words (the form: every option, ticked
/// by hand). A malformed alternative, which validation refuses, prints as
/// written.
fn placeholder_text(inner: &str, resolver: &dyn Resolver) -> PlaceholderText {
    match crate::model::alternative::parse(inner) {
        None => resolver.placeholder(inner),
        Some(Ok(alternative)) => {
            let chosen = resolver.chosen_option(alternative.choice);
            match alternative.options.iter().find(|(id, _)| chosen.as_deref() == Some(*id)) {
                Some((_, words)) => PlaceholderText::Value((*words).to_owned()),
                None => PlaceholderText::Blank(crate::model::alternative::form(&alternative)),
            }
        }
        Some(Err(_)) => PlaceholderText::Value(format!("{{{{ {inner} }}}}")),
    }
}

/// What a placeholder prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceholderText {
    /// A value filled in by the customer instance.
    Value(String),
    /// A blank of the unfilled form, printed as text ("_____").
    Blank(String),
    /// A blank of the unfilled form as `meta.blank` (or the placeholder's
    /// `blank`) spells it: inline markup, with `{label}` standing for the
    /// label, which prints as text.
    Form {
        /// The form ("_____ ({label})").
        form: String,
        /// The placeholder's label ("Unternehmen").
        label: String,
    },
}

/// A line break inside a text written at `place`.
pub fn line_break(flavor: Flavor, place: Place) -> &'static str {
    match flavor {
        // A Markdown table cell or heading is one line: an HTML break keeps it whole.
        Flavor::Markdown if place != Place::Flow => "<br>",
        Flavor::Markdown => "  \n",
        Flavor::Html => "<br>\n",
        Flavor::Typst => " \\\n",
        Flavor::Plain | Flavor::Docx => "\n",
    }
}

/// Writes inline text in a format; data (text and placeholder values) is escaped.
pub fn render(text: &str, flavor: Flavor, resolver: &dyn Resolver) -> String {
    render_at(text, flavor, Place::Flow, resolver)
}

/// Writes inline text in a format, for a table cell (see [`Place::Cell`]).
pub fn render_cell(text: &str, flavor: Flavor, resolver: &dyn Resolver) -> String {
    render_at(text, flavor, Place::Cell, resolver)
}

/// Writes inline text in a format, for a heading (see [`Place::Heading`]).
pub fn render_heading(text: &str, flavor: Flavor, resolver: &dyn Resolver) -> String {
    render_at(text, flavor, Place::Heading, resolver)
}

/// The mark that opens (`open`) or closes bold text.
fn strong_mark(flavor: Flavor, open: bool) -> &'static str {
    match (flavor, open) {
        (Flavor::Markdown, _) => "**",
        (Flavor::Html, true) => "<strong>",
        (Flavor::Html, false) => "</strong>",
        (Flavor::Typst, true) => "#strong[",
        // The semicolon ends the embedded call, so a following
        // "(" or ".x" is text and not arguments or a field access.
        (Flavor::Typst, false) => "];",
        (Flavor::Plain, _) => "",
        (Flavor::Docx, true) => "\u{1}b\u{2}",
        (Flavor::Docx, false) => "\u{1}B\u{2}",
    }
}

/// The mark that opens (`open`) or closes emphasis.
fn emphasis_mark(flavor: Flavor, open: bool) -> &'static str {
    match (flavor, open) {
        (Flavor::Markdown, _) => "*",
        (Flavor::Html, true) => "<em>",
        (Flavor::Html, false) => "</em>",
        (Flavor::Typst, true) => "#emph[",
        (Flavor::Typst, false) => "];",
        (Flavor::Plain, _) => "",
        (Flavor::Docx, true) => "\u{1}i\u{2}",
        (Flavor::Docx, false) => "\u{1}I\u{2}",
    }
}

/// Closes what a text left open, so markup never leaks into what follows
/// (Markdown and plain text need no closing).
fn close_open(out: &mut String, flavor: Flavor, strong: bool, emphasis: bool) {
    if matches!(flavor, Flavor::Html | Flavor::Typst) {
        if strong {
            out.push_str(strong_mark(flavor, false));
        }
        if emphasis {
            out.push_str(emphasis_mark(flavor, false));
        }
    }
}

/// A blank: what `write` writes, marked as a blank where the format can
/// (a span in HTML, a highlight in Word).
fn blank_into(out: &mut String, flavor: Flavor, write: impl FnOnce(&mut String)) {
    match flavor {
        Flavor::Html => {
            out.push_str("<span class=\"blank\">");
            write(out);
            out.push_str("</span>");
        }
        Flavor::Docx => {
            run::mark(out, 'h', "");
            write(out);
            run::mark(out, 'H', "");
        }
        _ => write(out),
    }
}

/// The blank of an unfilled placeholder as its form spells it (`meta.blank`,
/// a placeholder's `blank`): bold, emphasis and line breaks are markup;
/// `{label}` is the placeholder's label, written as text; any other markup
/// prints as written, since a blank links and refers to nothing.
fn form_into(out: &mut String, form: &str, label: &str, flavor: Flavor, place: Place) {
    let escape_into = |out: &mut String, text: &str| escape_into_at(out, text, flavor, place);
    let (mut strong, mut emphasis) = (false, false);
    for token in tokenize(form) {
        match token {
            Token::Text(text) => {
                for (i, piece) in text.split("{label}").enumerate() {
                    if i > 0 {
                        escape_into(out, label);
                    }
                    escape_into(out, piece);
                }
            }
            Token::Strong => {
                strong = !strong;
                out.push_str(strong_mark(flavor, strong));
            }
            Token::Emphasis => {
                emphasis = !emphasis;
                out.push_str(emphasis_mark(flavor, emphasis));
            }
            Token::Break => out.push_str(line_break(flavor, place)),
            Token::Footnote(id) => escape_into(out, &format!("[^{id}]")),
            Token::Placeholder(key) => escape_into(out, &format!("{{{{ {key} }}}}")),
            Token::Link { text, target } => escape_into(out, &format!("[{text}]({target})")),
        }
    }
    close_open(out, flavor, strong, emphasis);
}

/// Abbreviations a legal reference starts with, which German typesetting
/// keeps on one line with the number after them ("Art. 28", "§ 5").
const REFERENCE_WORDS: [&str; 11] =
    ["§§", "§", "Art.", "Abs.", "UAbs.", "Nr.", "Ziff.", "lit.", "Satz", "Kap.", "Anl."];

/// `text` with a non-breaking space between a reference word and its number
/// (`Art. 28`, `Abs. 3`, `lit. a`): the PDF never ends a line with "Art."
/// and starts the next with "28".
fn bind_references(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut binds: Vec<usize> = Vec::new();
    for (at, _) in text.match_indices(' ') {
        let before = &text[..at];
        let Some(word) = REFERENCE_WORDS.iter().find(|w| before.ends_with(**w)) else { continue };
        let start = at - word.len();
        // "Art." as a word of its own, not the end of "Start.".
        if text[..start].chars().next_back().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let next = bytes.get(at + 1).copied();
        let letter_after = || bytes.get(at + 2).is_none_or(|b| !b.is_ascii_alphabetic());
        let bound = match next {
            Some(b) if b.is_ascii_digit() => true,
            Some(b) if *word == "lit." && b.is_ascii_lowercase() => letter_after(),
            _ => false,
        };
        if bound {
            binds.push(at);
        }
    }
    if binds.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + binds.len());
    let mut from = 0;
    for at in binds {
        out.push_str(&text[from..at]);
        out.push('\u{00A0}');
        from = at + 1;
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

fn render_at(text: &str, flavor: Flavor, place: Place, resolver: &dyn Resolver) -> String {
    let escape_into = |out: &mut String, text: &str, flavor: Flavor| escape_into_at(out, text, flavor, place);
    let mut out = String::with_capacity(text.len() + 16);
    let mut strong = false;
    let mut emphasis = false;
    for token in tokenize(text) {
        match token {
            Token::Text(t) if flavor == Flavor::Typst => escape_into(&mut out, &bind_references(t), flavor),
            Token::Text(t) => escape_into(&mut out, t, flavor),
            Token::Strong => {
                strong = !strong;
                out.push_str(strong_mark(flavor, strong));
            }
            Token::Emphasis => {
                emphasis = !emphasis;
                out.push_str(emphasis_mark(flavor, emphasis));
            }
            Token::Footnote(id) => match resolver.footnote(id) {
                Some(n) => match flavor {
                    Flavor::Markdown => out.push_str(&format!("[^{n}]")),
                    Flavor::Html => {
                        out.push_str(&format!("<sup class=\"fn\"><a href=\"#fn-{n}\" id=\"fnref-{n}\">{n}</a></sup>"))
                    }
                    Flavor::Typst => out.push_str(&format!("#super[{n}];")),
                    Flavor::Plain => out.push_str(&format!("[{n}]")),
                    Flavor::Docx => run::mark(&mut out, 'f', &n.to_string()),
                },
                None => escape_into(&mut out, &format!("[^{id}]"), flavor),
            },
            Token::Placeholder(key) => match placeholder_text(key, resolver) {
                PlaceholderText::Value(value) => match flavor {
                    Flavor::Html => {
                        out.push_str("<span class=\"value\">");
                        escape_into(&mut out, &value, flavor);
                        out.push_str("</span>");
                    }
                    _ => escape_into(&mut out, &value, flavor),
                },
                PlaceholderText::Blank(blank) => {
                    blank_into(&mut out, flavor, |out| escape_into(out, &blank, flavor));
                }
                PlaceholderText::Form { form, label } => {
                    blank_into(&mut out, flavor, |out| form_into(out, &form, &label, flavor, place));
                }
            },
            Token::Link { text, target } => link_into(&mut out, text, target, flavor, place, resolver),
            Token::Break => out.push_str(line_break(flavor, place)),
        }
    }
    close_open(&mut out, flavor, strong, emphasis);
    out
}

/// The text of a link that asks for its target's page: `[{seite}](#id)`
/// prints "Seite 11" in the PDF and a page field in Word, which count the
/// pages as laid out, so the reference cannot go stale; formats without
/// pages name the target's place ("Punkt 10").
pub const PAGE: &str = "{seite}";

/// Writes a page reference to node `id` (see [`PAGE`]).
fn page_into(out: &mut String, id: &str, flavor: Flavor, resolver: &dyn Resolver) {
    let place = resolver.place(id).unwrap_or_else(|| "dort".to_owned());
    match flavor {
        // The place is the fallback where the node has no label in the PDF.
        Flavor::Typst => {
            out.push_str(&format!("#avv-page(\"{}\")[{}];", typst_string(id), escape(&place, flavor)));
        }
        Flavor::Html => out.push_str(&format!("<a href=\"#{}\">{}</a>", escape(id, flavor), escape(&place, flavor))),
        Flavor::Markdown => out.push_str(&format!("[{}](#{})", escape(&place, flavor), escape(id, flavor))),
        Flavor::Plain => out.push_str(&place),
        Flavor::Docx => {
            run::mark(out, 'p', id);
            escape_into(out, &place, flavor);
            run::mark(out, 'P', "");
        }
    }
}

/// Writes a link: to a node of the document, or to an external address;
/// a target that is neither is printed as the text it is.
fn link_into(out: &mut String, text: &str, target: &str, flavor: Flavor, place: Place, resolver: &dyn Resolver) {
    if text.trim() == PAGE
        && let LinkTarget::Internal(id) = LinkTarget::of(target)
        && resolver.anchor(id)
    {
        page_into(out, id, flavor, resolver);
        return;
    }
    let kind = LinkTarget::of(target);
    let anchored = matches!(kind, LinkTarget::Internal(id) if resolver.anchor(id));
    // A reference printed nowhere in the document is linked where it is
    // published, when that is an address a link may lead to.
    let published = match kind {
        LinkTarget::Internal(id) if !anchored => resolver.reference_url(id),
        _ => None,
    };
    // (the node's id or the address, whether it is an address)
    let (to, external) = match (kind, published.as_deref().map(LinkTarget::of)) {
        (LinkTarget::Internal(id), _) if anchored => (id, false),
        (LinkTarget::Internal(_), Some(LinkTarget::External(url))) | (LinkTarget::External(url), _) => {
            resolver.linked(text, url);
            (url, true)
        }
        // Validation refuses these; printed as written, never as a link.
        _ => {
            escape_into_at(out, &format!("[{text}]({target})"), flavor, place);
            return;
        }
    };
    let hash = if external { "" } else { "#" };
    match flavor {
        // The pointy-bracket form takes any address without spaces.
        Flavor::Markdown if external => {
            out.push_str(&format!("[{}](<{}>)", escape_at(text, flavor, place), link_destination(to, flavor)))
        }
        Flavor::Markdown => out.push_str(&format!("[{}](#{})", escape_at(text, flavor, place), escape(to, flavor))),
        Flavor::Html => out.push_str(&format!("<a href=\"{hash}{}\">{}</a>", escape(to, flavor), escape(text, flavor))),
        // A node without a label in the PDF (a measure, a sub-processor) is
        // linked as text: `avv-link` finds the label or prints the body.
        Flavor::Typst => {
            let call = if external { "link" } else { "avv-link" };
            out.push_str(&format!("#{call}(\"{}\")[{}];", typst_string(to), escape(text, flavor)));
        }
        Flavor::Plain => {
            escape_into(out, text, flavor);
            let address = to.trim_start_matches("mailto:");
            if external && address != text {
                out.push_str(&format!(" ({})", escape(address, flavor)));
            }
        }
        Flavor::Docx => {
            let (open, close) = if external { ('l', 'L') } else { ('a', 'A') };
            run::mark(out, open, &escape(to, flavor));
            escape_into(out, text, flavor);
            run::mark(out, close, "");
        }
    }
}

/// The address of an external link as its destination in `flavor`:
/// escaped for an HTML attribute, a typst string, or a CommonMark
/// `<…>` destination (usable in a table cell too).
pub fn link_destination(url: &str, flavor: Flavor) -> String {
    match flavor {
        Flavor::Html => escape(url, flavor),
        Flavor::Typst => typst_string(url),
        // A `|` would end a table cell the link is in.
        Flavor::Markdown => url.replace('<', "%3C").replace('>', "%3E").replace('|', "%7C"),
        Flavor::Plain => url.to_owned(),
        Flavor::Docx => escape(url, flavor),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl Resolver for Fixed {
        fn placeholder(&self, key: &str) -> PlaceholderText {
            if key == "kunde.firma" {
                PlaceholderText::Value("<script>alert(1)</script> & *Co*".into())
            } else {
                PlaceholderText::Blank(format!("_____ ({key})"))
            }
        }
        fn footnote(&self, id: &str) -> Option<usize> {
            (id == "cispe").then_some(1)
        }
        fn anchor(&self, id: &str) -> bool {
            id == "laufzeit"
        }
    }

    /// Every placeholder unfilled, printed by the form `form`.
    struct Blanks {
        form: &'static str,
        label: &'static str,
    }
    impl Resolver for Blanks {
        fn placeholder(&self, _key: &str) -> PlaceholderText {
            PlaceholderText::Form { form: self.form.to_owned(), label: self.label.to_owned() }
        }
        fn footnote(&self, _id: &str) -> Option<usize> {
            None
        }
        fn anchor(&self, _id: &str) -> bool {
            false
        }
    }

    #[test]
    fn a_blank_form_is_markup_and_its_label_text() {
        let blanks = Blanks { form: "**_____** *({label})*", label: "<b>A*B</b>" };
        assert_eq!(
            render("Firma: {{ kunde.firma }}.", Flavor::Html, &blanks),
            "Firma: <span class=\"blank\"><strong>_____</strong> <em>(&lt;b&gt;A*B&lt;/b&gt;)</em></span>."
        );
        assert_eq!(render("{{ k }}", Flavor::Markdown, &blanks), "**\\_\\_\\_\\_\\_** *(\\<b\\>A\\*B\\</b\\>)*");
        assert_eq!(render("{{ k }}", Flavor::Plain, &blanks), "_____ (<b>A*B</b>)");
        assert_eq!(
            render("{{ k }}", Flavor::Docx, &blanks),
            "\u{1}h\u{2}\u{1}b\u{2}_____\u{1}B\u{2} \u{1}i\u{2}(<b>A*B</b>)\u{1}I\u{2}\u{1}H\u{2}"
        );
        // Links and footnotes in a form print as written.
        let open = Blanks { form: "**_____ [x](#y) [^z] {label}**", label: "L" };
        assert_eq!(
            render("{{ k }} danach", Flavor::Html, &open),
            "<span class=\"blank\"><strong>_____ [x](#y) [^z] L</strong></span> danach"
        );
        // An unbalanced marker is text, as in any other text.
        let unbalanced = Blanks { form: "*a {label}", label: "L" };
        assert_eq!(render("{{ k }}", Flavor::Typst, &unbalanced), "\\*a L");
    }

    #[test]
    fn links_in_every_format() {
        let text =
            "siehe [Punkt 2](#laufzeit), [CISPE](https://cispe.cloud/?a=1&b=\"2\") und [Mail](mailto:dsb@example.de)";
        assert_eq!(
            render(text, Flavor::Html, &Fixed),
            "siehe <a href=\"#laufzeit\">Punkt 2</a>, <a href=\"https://cispe.cloud/?a=1&amp;b=&quot;2&quot;\">CISPE</a> und <a href=\"mailto:dsb@example.de\">Mail</a>"
        );
        assert_eq!(
            render(text, Flavor::Markdown, &Fixed),
            "siehe [Punkt 2](#laufzeit), [CISPE](<https://cispe.cloud/?a=1&b=\"2\">) und [Mail](<mailto:dsb@example.de>)"
        );
        assert_eq!(
            render(text, Flavor::Typst, &Fixed),
            "siehe #avv-link(\"laufzeit\")[Punkt 2];, #link(\"https://cispe.cloud/?a=1&b=\\\"2\\\"\")[CISPE]; und #link(\"mailto:dsb@example.de\")[Mail];"
        );
        assert_eq!(
            render(text, Flavor::Plain, &Fixed),
            "siehe Punkt 2, CISPE (https://cispe.cloud/?a=1&b=\"2\") und Mail (dsb@example.de)"
        );
    }

    #[test]
    fn links_that_may_not_be_are_text() {
        // An unknown node, and schemes other than https and mailto: never a link.
        for text in ["[x](#gibt-es-nicht)", "[x](javascript:alert(1))", "[x](http://example.de)", "[x](datei.pdf)"] {
            let html = render(text, Flavor::Html, &Fixed);
            assert!(!html.contains("<a"), "{text}: {html}");
            let typst = render(text, Flavor::Typst, &Fixed);
            assert!(!typst.contains("link("), "{text}: {typst}");
        }
        // Not links at all: brackets without a target, a footnote, spaces in the target.
        for text in ["[Firma]", "[^cispe]", "[a](b c)", "[](#laufzeit)", "[a]\n(#laufzeit)"] {
            assert!(links(text).is_empty(), "{text}");
        }
        assert_eq!(links("a [b](#c) d [e](https://f)"), [("[b](#c)", "b", "#c"), ("[e](https://f)", "e", "https://f")]);
    }

    #[test]
    fn tokenizes_markup() {
        assert_eq!(
            tokenize("a **b** *c* [^x] {{ k }}\nd"),
            vec![
                Token::Text("a "),
                Token::Strong,
                Token::Text("b"),
                Token::Strong,
                Token::Text(" "),
                Token::Emphasis,
                Token::Text("c"),
                Token::Emphasis,
                Token::Text(" "),
                Token::Footnote("x"),
                Token::Text(" "),
                Token::Placeholder("k"),
                Token::Break,
                Token::Text("d"),
            ]
        );
        // A lone star is text.
        assert_eq!(tokenize("5 * 3"), vec![Token::Text("5 * 3")]);
        // Stars inside words or between spaces are text, however many there are.
        for text in ["Mitarbeiter*innen und Kund*innen", "5 * 3 EUR pro Monat * zzgl. MwSt.", "a*b"] {
            assert_eq!(tokenize(text), vec![Token::Text(text)], "{text}");
        }
        // Emphasis before and after punctuation, beside text with stars.
        assert_eq!(
            tokenize("(*siehe*) Kund*innen *wichtig*."),
            vec![
                Token::Text("("),
                Token::Emphasis,
                Token::Text("siehe"),
                Token::Emphasis,
                Token::Text(") Kund*innen "),
                Token::Emphasis,
                Token::Text("wichtig"),
                Token::Emphasis,
                Token::Text("."),
            ]
        );
    }

    #[test]
    fn references_stay_with_their_numbers_in_print() {
        let nbsp = '\u{00A0}';
        for (text, bound) in [
            ("Art. 28 Abs. 3 lit. a DS-GVO", "Art.~28 Abs.~3 lit.~a DS-GVO"),
            ("gemäß § 5 und §§ 7 ff.", "gemäß §~5 und §§~7 ff."),
            ("Nr. 2, Satz 1 und Ziff. 4", "Nr.~2, Satz~1 und Ziff.~4"),
            ("Start. 5 Punkte, Art. der Daten, lit. ab", "Start. 5 Punkte, Art. der Daten, lit. ab"),
        ] {
            assert_eq!(bind_references(text), bound.replace('~', &nbsp.to_string()), "{text}");
        }
        assert!(render("im Sinne des Art. 4", Flavor::Typst, &Fixed).contains("Art.\u{00A0}4"));
        assert!(render("im Sinne des Art. 4", Flavor::Html, &Fixed).contains("Art. 4"));
    }

    #[test]
    fn escapes_data_in_every_format() {
        let text = "Firma {{ kunde.firma }} **fett** [^cispe]";
        let html = render(text, Flavor::Html, &Fixed);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; *Co*"), "{html}");
        assert!(html.contains("<strong>fett</strong>"));
        assert!(html.contains("<sup class=\"fn\">"));
        let md = render(text, Flavor::Markdown, &Fixed);
        assert!(md.contains("\\<script\\>alert(1)\\</script\\> & \\*Co\\*"), "{md}");
        assert!(md.contains("**fett**"));
        let typst = render(text, Flavor::Typst, &Fixed);
        assert!(typst.contains("\\<script\\>alert(1)\\<\\/script\\> & \\*Co\\*"), "{typst}");
        assert!(typst.contains("#strong[fett]"));
        assert!(typst.contains("#super[1]"));
    }

    #[test]
    fn numbers_at_line_start_stay_literal() {
        assert_eq!(escape("6.", Flavor::Markdown), "6\\.");
        assert_eq!(escape("3) b", Flavor::Markdown), "3\\) b");
        assert_eq!(escape("a) b", Flavor::Markdown), "a) b");
        assert_eq!(escape("Art. 28", Flavor::Markdown), "Art. 28");
        // Only a number before a space (or the end) is a list marker.
        assert_eq!(escape("1.9", Flavor::Markdown), "1.9");
        assert_eq!(escape("15.04.2018", Flavor::Markdown), "15.04.2018");
        // After a line break too, indented or not.
        assert_eq!(escape("a\n2. b", Flavor::Markdown), "a\n2\\. b");
        assert_eq!(escape("a\n 2. b\n  - c\n   # d", Flavor::Markdown), "a\n 2\\. b\n  \\- c\n   \\# d");
    }

    #[test]
    fn table_cells_escape_what_a_cell_reads() {
        // Nothing starts a block in a cell; a `|` would end it.
        assert_eq!(escape_cell("1.9", Flavor::Markdown), "1.9");
        assert_eq!(escape_cell("1. - # > {x} = +", Flavor::Markdown), "1. - # > {x} = +");
        assert_eq!(escape_cell("a | b\nc", Flavor::Markdown), "a \\| b<br>c");
        assert_eq!(
            escape_cell("*a* _b_ `c` [d] <e> ~f~ \\", Flavor::Markdown),
            "\\*a\\* \\_b\\_ \\`c\\` \\[d\\] \\<e> \\~f\\~ \\\\"
        );
        assert_eq!(render_cell("a **b**\nc", Flavor::Markdown, &Fixed), "a **b**<br>c");
        // The other formats have no cells of their own.
        assert_eq!(escape_cell("a|b\n<c>", Flavor::Html), escape("a|b\n<c>", Flavor::Html));
        assert_eq!(render_cell("a\nb", Flavor::Typst, &Fixed), render("a\nb", Flavor::Typst, &Fixed));
    }

    #[test]
    fn headings_stay_one_line() {
        assert_eq!(escape_heading("a\nb #", Flavor::Markdown), "a<br>b \\#");
        assert_eq!(render_heading("a\n**b** ##", Flavor::Markdown, &Fixed), "a<br>**b** \\#\\#");
        assert_eq!(render_heading("[x](#laufzeit)\n#", Flavor::Markdown, &Fixed), "[x](#laufzeit)<br>\\#");
        // Other formats have headings that span lines.
        assert_eq!(render_heading("a\nb #", Flavor::Html, &Fixed), "a<br>\nb #");
    }

    #[test]
    fn character_references_stay_text() {
        assert_eq!(escape("&lt;b&gt; &#60; &#x3C; &amp;", Flavor::Markdown), "\\&lt;b\\&gt; \\&#60; \\&#x3C; \\&amp;");
        // An `&` that starts no reference stays as it is.
        assert_eq!(escape("AT&T & Co &x &#; &#xZ;", Flavor::Markdown), "AT&T & Co &x &#; &#xZ;");
    }

    #[test]
    fn typst_numbers_at_line_start_stay_literal() {
        assert_eq!(escape("1. Absatz", Flavor::Typst), "1\\. Absatz");
        assert_eq!(escape("Art. 28 2. x", Flavor::Typst), "Art. 28 2. x");
        assert_eq!(render("a\n 12. b", Flavor::Typst, &Fixed), "a \\\n 12\\. b");
        // A call ends with a semicolon, so a following "(" stays text.
        assert_eq!(render("**a**(b)", Flavor::Typst, &Fixed), "#strong[a];(b)");
    }

    #[test]
    fn blanks_print_their_form() {
        assert_eq!(render("{{ x }}", Flavor::Plain, &Fixed), "_____ (x)");
        assert_eq!(render("{{ x }}", Flavor::Markdown, &Fixed), "\\_\\_\\_\\_\\_ (x)");
    }
}
