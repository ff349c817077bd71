//! Characters a reader cannot see that change what a text says: a
//! right-to-left override makes the text after it print backwards, a zero-width
//! space splits a word a search looks for. In a diff, a review or an editor
//! they are invisible, so a change made with them escapes review.

use crate::diagnostic::{Code, Diagnostic};
use crate::load::Folder;
use crate::validate::walk;

/// What a hidden character does, or `None` for a character a reader sees.
pub fn hidden(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' | '\u{202B}' => "starts a direction embedding",
        '\u{202C}' => "ends a direction override",
        '\u{202D}' | '\u{202E}' => "overrides the direction of the text after it",
        '\u{2066}'..='\u{2068}' => "starts a direction isolate",
        '\u{2069}' => "ends a direction isolate",
        '\u{200B}' => "is a zero-width space",
        '\u{2060}' => "is a zero-width word joiner",
        '\u{FEFF}' => "is a zero-width no-break space (a byte order mark inside the text)",
        _ => return None,
    })
}

/// Reports every string of the folder's files that holds a hidden character.
pub fn check(folder: &Folder, out: &mut Vec<Diagnostic>) {
    let customers = folder.customers.iter().map(|c| (c.path.as_path(), &c.tree, c.text.as_str(), c.verbatim));
    let main = folder.main_files().into_iter().flatten().map(|f| (f.path, f.tree, f.text, f.verbatim));
    for (path, tree, text, verbatim) in main.chain(customers) {
        // Without escapes every string is written in the text as it is.
        if verbatim && !text.chars().any(|c| hidden(c).is_some()) {
            continue;
        }
        walk::strings(tree, &mut |pointer, _, value| {
            let Some((c, effect)) = value.chars().find_map(|c| hidden(c).map(|e| (c, e))) else { return };
            out.push(
                Diagnostic::in_text(
                    Code::HiddenCharacter,
                    path,
                    pointer,
                    c.to_string(),
                    format!("this text holds U+{:04X}, an invisible character that {effect}", c as u32),
                )
                .with_help(format!(
                    "delete it: written as it is (most editors step across it with the arrow keys) or as the escape `\\u{:04X}`; right-to-left text needs no direction marks in a TOML file",
                    c as u32
                )),
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hidden_character_is_named_and_visible_ones_are_not() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
            '\u{200B}', '\u{2060}', '\u{FEFF}',
        ] {
            assert!(hidden(c).is_some(), "U+{:04X}", c as u32);
        }
        // Joiners shape emoji and scripts; marks and letters are seen.
        for c in ['\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', 'a', 'ä', 'ש', '€', '\u{00A0}'] {
            assert!(hidden(c).is_none(), "U+{:04X}", c as u32);
        }
    }
}
