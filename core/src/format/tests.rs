use std::path::Path;

use super::*;
use crate::diagnostic::Code;

fn fmt(kind: FileKind, text: &str) -> String {
    let out = format_text(kind, Path::new("t.toml"), text).unwrap_or_else(|e| panic!("{e}"));
    let twice = format_text(kind, Path::new("t.toml"), &out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out, twice, "formatting is not idempotent");
    out
}

#[test]
fn keys_move_into_schema_order_with_their_comments() {
    let text = "schema_version = 1\n\n[[subprocessor]]\nname = \"Acme\"\n# the id never changes\nid = \"acme\"\ncountry = \"DE\"\n";
    assert_eq!(
        fmt(FileKind::Subprocessors, text),
        "schema_version = 1\n\n[[subprocessor]]\n# the id never changes\nid = \"acme\"\nname = \"Acme\"\ncountry = \"DE\"\n"
    );
}

#[test]
fn quoting_spacing_and_blank_lines_become_canonical() {
    let text = "#:schema ../../schema/tom.schema.json\nschema_version=1\n\n\n\n[annex]   # the annex\nid='tom'\ntitle = '''Technische Maßnahmen'''\nlabel = 'Sie sagte \"ja\"'\n[[section]]\nid = \"a\"   \n";
    assert_eq!(
        fmt(FileKind::Tom, text),
        "#:schema ../../schema/tom.schema.json\nschema_version = 1\n\n[annex] # the annex\nid = \"tom\"\ntitle = \"Technische Maßnahmen\"\nlabel = 'Sie sagte \"ja\"'\n\n[[section]]\nid = \"a\"\n"
    );
}

#[test]
fn the_file_header_stays_on_top() {
    let text = "# Licence: internal\n\n# the format version\nschema_version = 1\n";
    assert_eq!(fmt(FileKind::Tom, text), text);
}

#[test]
fn short_arrays_join_long_ones_split() {
    let text = "schema_version = 1\n[[party]]\nid = \"p\"\nlines = [\n  \"a\",\n  \"b\"\n]\ndesignation = [\"im Folgenden „Auftragnehmer“ genannt, und zwar in allen Teilen dieses Vertrages sowie seiner Anlagen\", \"x\"]\n";
    assert_eq!(
        fmt(FileKind::Agreement, text),
        "schema_version = 1\n\n[[party]]\nid = \"p\"\nlines = [\"a\", \"b\"]\ndesignation = [\n  \"im Folgenden „Auftragnehmer“ genannt, und zwar in allen Teilen dieses Vertrages sowie seiner Anlagen\",\n  \"x\",\n]\n"
    );
}

#[test]
fn comments_inside_arrays_keep_their_lines() {
    let text = "schema_version = 1\n[[party]]\nid = \"p\"\nlines = [ # address\n  \"a\", # street\n  # the town\n  \"b\"\n  # end of address\n] # done\n";
    assert_eq!(
        fmt(FileKind::Agreement, text),
        "schema_version = 1\n\n[[party]]\nid = \"p\"\nlines = [ # address\n  \"a\", # street\n  # the town\n  \"b\",\n  # end of address\n] # done\n"
    );
}

#[test]
fn inline_tables_are_spaced_and_ordered() {
    let text = "schema_version = 1\n[meta]\nallow = [{reason=\"weil\",rule=\"x\"}]\n";
    assert_eq!(
        fmt(FileKind::Agreement, text),
        "schema_version = 1\n\n[meta]\nallow = [{ rule = \"x\", reason = \"weil\" }]\n"
    );
}

#[test]
fn multi_line_strings_and_nested_arrays_survive() {
    let text = "schema_version = 1\n[[clause]]\nid = \"c\"\ntext = \"\"\"\nZeile eins\nZeile zwei\"\"\"\nblock = [{ table = { columns = [\"a\", \"b\"], rows = [[\"1\", \"2\"], [\"3\", \"4\"]] } }]\n";
    let out = fmt(FileKind::Agreement, text);
    assert!(out.contains("Zeile eins\nZeile zwei"), "{out}");
}

#[test]
fn dotted_keys_and_numbers_are_kept() {
    let text = "schema_version = +1\n[values]\nkunde.firma = \"Acme\"\n\"kunde.ort\" = \"Köln\"\n";
    assert_eq!(
        fmt(FileKind::Customer, text),
        "schema_version = 1\n\n[values]\nkunde.firma = \"Acme\"\n\"kunde.ort\" = \"Köln\"\n"
    );
}

#[test]
fn end_of_file_comments_and_crlf() {
    let text = "schema_version = 1\r\n\r\n\r\n# the end\r\n";
    assert_eq!(fmt(FileKind::Tom, text), "schema_version = 1\n\n# the end\n");
}

#[test]
fn an_empty_file_stays_empty() {
    assert_eq!(fmt(FileKind::Tom, ""), "");
    assert_eq!(fmt(FileKind::Tom, "# only a comment\n"), "# only a comment\n");
}

#[test]
fn a_comment_inside_braces_is_refused_not_dropped() {
    let text = "schema_version = 1\n[meta]\nallow = [{ rule = \"x\", # why\n reason = \"y\" }]\n";
    match format_text(FileKind::Agreement, Path::new("t.toml"), text) {
        Err(FormatError::Invalid(diagnostic)) => {
            assert_eq!(diagnostic.code, Code::FormatCommentInInlineTable);
            assert!(
                matches!(diagnostic.anchor, crate::diagnostic::Anchor::Span(ref span) if &text[span.clone()] == "# why")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn syntax_errors_are_diagnostics() {
    match format_text(FileKind::Tom, Path::new("t.toml"), "schema_version = \n") {
        Err(FormatError::Invalid(diagnostic)) => assert_eq!(diagnostic.code, Code::TomlSyntax),
        other => panic!("{other:?}"),
    }
}
