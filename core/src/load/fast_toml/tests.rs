use std::path::{Path, PathBuf};

use super::{parse, read};
use crate::load::node::Node;
use crate::load::span::{SpanNode, SpannedDocument, pointer_span};
use crate::load::toml_json::table_to_node;

/// The fast reader and `toml_edit` agree, key order included; where
/// `toml_edit` refuses a text, the fast reader refuses it too. Where the
/// fast reader answers, it also places every key and value where
/// `toml_edit` does. Returns whether the fast reader answered.
fn agree(text: &str) -> bool {
    let doc = toml_edit::Document::parse(text.to_owned()).ok();
    let slow = doc.as_ref().map(|doc| table_to_node(doc.as_table()));
    match (parse(text), slow, doc) {
        (Some(fast), Some(slow), Some(doc)) => {
            // Node equality is order-sensitive: the key order must agree too.
            assert_eq!(fast, slow, "the readers disagree on {text:?}");
            agree_on_spans(text, &fast, doc);
            true
        }
        (Some(fast), _, _) => panic!("only the fast reader accepts {text:?}: {fast:?}"),
        _ => false,
    }
}

/// Every pointer into `tree` (and one step past each) resolves to the same
/// span, value and key alike, from the fast reader's spans and `toml_edit`'s.
fn agree_on_spans(text: &str, tree: &Node, doc: toml_edit::Document<String>) {
    let fast = match read::<SpanNode>(text) {
        Some(tree) => SpannedDocument::Fast(tree),
        None => panic!("the fast reader read {text:?} but not its spans"),
    };
    let full = SpannedDocument::Full(Box::new(doc));
    for pointer in crate::validate::walk::pointers(tree) {
        for probe in [pointer.clone(), format!("{pointer}/not-there"), format!("{pointer}/7")] {
            for key in [false, true] {
                assert_eq!(
                    pointer_span(&fast, &probe, key),
                    pointer_span(&full, &probe, key),
                    "spans of {probe:?} (key: {key}) differ in {text:?}"
                );
            }
        }
    }
}

fn accepts(text: &str) {
    assert!(agree(text), "the fast reader declined {text:?}");
}

fn declines(text: &str) {
    agree(text);
    assert!(parse(text).is_none(), "the fast reader accepted {text:?}");
}

#[test]
fn reads_the_subset() {
    accepts("");
    accepts("# only a comment");
    accepts("a = 1\nb = 'x'\nc = 2024-02-29\nd = [1, 2]\ne = { f = true }\n[[g]]\nh = -5\n");
    accepts("z = 1\na = 2\n[m.n]\nx = 1\n[m.o]\ny = 2\n[[m.p]]\np = +0\n[[m.p]]\n[m.p.q]\nr = 'deep'\n");
    accepts("[ a . \"b c\" . 'd' ]\nx = 1 # comment\r\ny = [\n  1, # one\n  2,\n]\n");
    accepts("s = \"tab\\tquote\\\" unicode \\u00e4 \\U0001F600 \\\\ \\b\\f\\n\\r\"\n");
    accepts("l = '''\nfirst line dropped\n  kept\n'''\nq = ''''quoted''''\nr = '''a'''''\n");
    accepts("m = \"\"\"\nline \\\"one\\\"\nline two\"\"\"\"\"\nn = \"\"\"\"\"\"\n");
    accepts("\"quoted key\" = 1\n'literal key' = 2\n\"\" = 3\n-_09AZaz = 4\n");
    accepts("a = [[1, 2], [], ['x', { b = [true, false] }]]\nt = { }\n");
    accepts("d = [2000-02-29, 1900-02-28, 0000-01-01]\nmin = -9223372036854775808\n");
    accepts("text = 'Grüße — «typographische» Zeichen ✓'\n");
}

#[test]
fn declines_what_it_does_not_judge() {
    for text in [
        // Outside the subset, valid TOML: toml_edit answers.
        "a.b.c = 1\n",
        "[m.n]\nx = 1\n[m]\ny = 2\n",
        "f = 1.5\n",
        "i = 0x1F\n",
        "i = 1_000\n",
        "t = 1979-05-27T07:32:00Z\n",
        "t = 1979-05-27 07:32:00\n",
        "t = 07:32:00\n",
        "s = \"\"\"\nfolded \\\n  line\"\"\"\n",
        "s = \"\\e\"\n",
        "s = \"\\x41\"\n",
        "s = '''\r\nCRLF inside'''\n",
        "e = { a = 1, }\n",
        "e = { a = 1,\n b = 2 }\n",
        "x = [inf, nan]\n",
        // Not TOML at all.
        "a = 1\na = 2\n",
        "[a]\nb = 1\n[a]\nc = 2\n",
        "a = { b = 1 }\n[a.c]\n",
        "a = [{ b = 1 }]\n[[a]]\n",
        "[[a]]\n[a]\n",
        "[a]\n[[a]]\n",
        "b = 1\n[b.c]\n",
        "e = { a = 1, a = 2 }\n",
        "big = 9223372036854775808\n",
        "d = 2023-02-29\n",
        "d = 2023-13-01\n",
        "n = 01\n",
        "s = 'unclosed\n",
        "s = '''a''''''\n",
        "s = \"\\uD800\"\n",
        "s = \"\\u12\"\n",
        "s = \"bell \u{7}\"\n",
        "c = 1 # bell \u{7}\n",
        "lone = 1\rx = 2\n",
        "a = 1 b = 2\n",
        "[a] b = 1\n",
        "[]\n",
        "[[a]\n",
        "a =\n",
        "= 1\n",
        "x = [1,,2]\n",
        "x = [,]\n",
        "x = truex\n",
        "\u{feff}a = 1\n",
    ] {
        declines(text);
    }
}

#[test]
fn declines_deep_nesting_and_huge_tables() {
    declines(&format!("x = {}1{}\n", "[".repeat(40), "]".repeat(40)));
    accepts(&format!("x = {}1{}\n", "[".repeat(30), "]".repeat(30)));
    declines(&format!("[{}]\n", vec!["k"; 40].join(".")));
    let many: String = (0..300).map(|i| format!("[t{i}]\n")).collect();
    declines(&format!("{many}[t0.x]\n"));
}

fn bundled_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("agreements/ is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements"), &mut out);
    out.sort();
    out
}

/// Every bundled file is canonical, so the fast reader must read each one
/// (a decline here would silently send every run to the slow path).
#[test]
fn reads_every_bundled_file() {
    let files = bundled_files();
    assert!(files.len() >= 10, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        assert!(agree(&text), "the fast reader declined {}", path.display());
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Fragments that matter to a TOML reader.
const PIECES: &[&str] = &[
    "'",
    "\"",
    "'''",
    "\"\"\"",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    ",",
    ".",
    "#",
    "\n",
    "\r\n",
    "\r",
    "\\",
    "\\n",
    "\\u00e4",
    "\\uD800",
    "\\e",
    " ",
    "\t",
    "0",
    "-",
    "+",
    "_",
    "1979-05-27",
    " 07:32:00",
    "true",
    "\u{1}",
    "\u{7f}",
    "a.b",
    "2023-02-29",
    "9223372036854775808",
    "1.5",
    "x = 1\n",
    "[t]\n",
    "[[t]]\n",
    "ä",
];

fn char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut out = text.to_owned();
    for _ in 0..1 + rng.below(3) {
        let at = char_boundary(&out, rng.below(out.len() + 1));
        match rng.below(3) {
            0 => out.insert_str(at, PIECES[rng.below(PIECES.len())]),
            1 => {
                let end = char_boundary(&out, (at + 1 + rng.below(6)).min(out.len()));
                out.replace_range(at..end, "");
            }
            _ => {
                let end = char_boundary(&out, (at + 1 + rng.below(3)).min(out.len()));
                out.replace_range(at..end, PIECES[rng.below(PIECES.len())]);
            }
        }
    }
    out
}

/// 20 000 by default; `AVV_MUTATION_CASES` runs more, e.g. before a release.
fn cases_to_run() -> usize {
    std::env::var("AVV_MUTATION_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000)
}

/// Mutated windows of the bundled files: whatever the fast reader accepts,
/// `toml_edit` accepts with the same value.
#[test]
fn agrees_with_toml_edit_on_mutated_snippets() {
    let texts: Vec<String> = bundled_files().iter().map(|p| std::fs::read_to_string(p).expect("readable")).collect();
    let seed = std::env::var("AVV_MUTATION_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(0x05ee_da77);
    let mut rng = Rng(seed);
    let (mut cases, mut answered) = (0, 0);
    for _ in 0..cases_to_run() {
        let text = &texts[rng.below(texts.len())];
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let start = rng.below(lines.len());
        let window: String = lines[start..(start + 5 + rng.below(40)).min(lines.len())].concat();
        let mutated = mutate(&window, &mut rng);
        cases += 1;
        answered += usize::from(agree(&mutated));
    }
    // Both outcomes must be exercised for the comparison to mean anything.
    assert!(answered > cases / 10 && answered < cases, "{answered} of {cases} answered");
}
