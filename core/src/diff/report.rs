//! Change reports for people (terminal text), pull requests (Markdown) and
//! tools (JSON).

use serde::Serialize;

use super::{ChangeSet, Flag, Op, Scope};
use crate::render::inline::{Flavor, escape, escape_cell, printable};

/// Version of the JSON format of `avv diff --format json`.
pub const JSON_FORMAT_VERSION: u32 = 1;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// The flags a reviewer must act on, in report order.
const ATTENTION: [Flag; 7] = [
    Flag::LockedText,
    Flag::Art28Notice,
    Flag::Art28Consent,
    Flag::ChapterV,
    Flag::SecurityLevel,
    Flag::NeedsJustification,
    Flag::Particulars,
];

/// Terminal text: one block per agreement, each change with its class,
/// flags and the word diff of its text.
pub fn human(sets: &[ChangeSet], color: bool) -> String {
    let paint = |code: &str, text: &str| if color { format!("{code}{text}{RESET}") } else { text.to_owned() };
    let mut out = String::new();
    for set in sets.iter().filter(|s| shown(s)) {
        out.push_str(&paint(BOLD, &printable(&format!("{}{} {}", set.agreement, renamed(set), range(set)))));
        out.push('\n');
        if set.reported().next().is_none() {
            for line in &set.lines {
                out.push_str(&format!("  {}\n", printable(line)));
            }
        }
        for change in set.reported() {
            let mark = match change.op {
                Op::Added => paint(GREEN, "+"),
                Op::Removed => paint(RED, "-"),
                _ => paint(YELLOW, "~"),
            };
            out.push_str(&format!(
                "  {mark} {}{} {}\n",
                scope_note(change.scope),
                printable(&change.phrase),
                paint(DIM, &format!("[{}]", change.kind_de))
            ));
            for flag in &change.flags {
                if ATTENTION.contains(flag) {
                    out.push_str(&format!("      {}\n", paint(YELLOW, &format!("! {}", flag.label_de()))));
                }
            }
            if let Some(justification) = &change.justification {
                out.push_str(&format!("      Begründung: {}\n", printable(justification)));
            }
            if change.op == Op::Changed && !change.words.is_empty() {
                let mut line = String::from("      ");
                for segment in &change.words {
                    let text = printable(&segment.text).replace('\n', " ");
                    match segment.op {
                        "insert" => line.push_str(&if color { paint(GREEN, &text) } else { format!("{{+{text}+}}") }),
                        "delete" => line.push_str(&if color { paint(RED, &text) } else { format!("[-{text}-]") }),
                        _ => line.push_str(&shorten(&text)),
                    }
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str(super::NO_CONTENT_CHANGES);
        out.push('\n');
    }
    out
}

/// Whether a change set has something to show: changes, or a whole
/// agreement that is new or gone.
fn shown(set: &ChangeSet) -> bool {
    set.reported().next().is_some() || set.from.is_none() || set.to.is_empty()
}

/// What a report says before a change that is not in the published
/// document: a customer's contract says so itself; a change never printed
/// is marked for the reviewer.
fn scope_note(scope: Scope) -> &'static str {
    match scope {
        Scope::Internal => "(intern, nicht im Dokument) ",
        _ => "",
    }
}

/// " (vorher pcvisit)" for an agreement whose folder was renamed.
fn renamed(set: &ChangeSet) -> String {
    set.previous_id.as_ref().map(|id| format!(" (vorher {id})")).unwrap_or_default()
}

/// "1.1 → 1.2", "neu: 1.0", "entfernt (zuletzt 1.2)".
fn range(set: &ChangeSet) -> String {
    if set.agreement == super::policy::POLICY {
        return "(Richtlinie des Repositorys)".to_owned();
    }
    if set.agreement == super::templates::TEMPLATE_CHANGES {
        return "(Dokumentvorlagen: gedruckt ab der nächsten Version jedes Vertrags)".to_owned();
    }
    match &set.from {
        Some(from) if set.to.is_empty() => format!("entfernt (zuletzt {from})"),
        None if set.to.is_empty() => "entfernt".to_owned(),
        Some(from) if *from != set.to => format!("{from} → {}", set.to),
        Some(_) => format!("{} (Version unverändert)", set.to),
        None => format!("neu: {}", set.to),
    }
}

/// Keeps long unchanged stretches readable: first and last words only.
fn shorten(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    if words.len() <= 12 {
        return text.to_owned();
    }
    format!("{} … {}", words[..5].join(" "), words[words.len() - 5..].join(" "))
}

/// Markdown for a pull-request comment or a job summary.
pub fn markdown(sets: &[ChangeSet]) -> String {
    let md = |s: &str| escape(s, Flavor::Markdown);
    let cell = |s: &str| escape_cell(s, Flavor::Markdown);
    let mut out = String::from("## avv: Änderungen an den Verträgen\n\n");
    let changed: Vec<&ChangeSet> = sets.iter().filter(|s| shown(s)).collect();
    if changed.is_empty() {
        out.push_str("Keine inhaltlichen Änderungen.\n");
        return out;
    }
    let notices: Vec<String> = changed
        .iter()
        .flat_map(|s| {
            s.changes
                .iter()
                .filter(|c| c.flags.contains(&Flag::Art28Notice))
                .map(move |c| format!("{}: {}", s.agreement, c.phrase))
        })
        .collect();
    let approvals: Vec<String> = changed
        .iter()
        .flat_map(|s| {
            s.changes
                .iter()
                .filter(|c| c.flags.contains(&Flag::Art28Consent))
                .map(move |c| format!("{}: {}", s.agreement, c.phrase))
        })
        .collect();
    let security: Vec<String> = changed
        .iter()
        .flat_map(|s| {
            s.changes.iter().filter(|c| c.flags.contains(&Flag::SecurityLevel)).map(move |c| {
                // The reviewer weighs the reason given where the change is flagged.
                let justification = match &c.justification {
                    _ if c.flags.contains(&Flag::NeedsJustification) => " — Begründung fehlt".to_owned(),
                    Some(reason) => format!(" — Begründung: {reason}"),
                    None => String::new(),
                };
                format!("{}: {}{justification}", s.agreement, c.phrase)
            })
        })
        .collect();
    let transfers: Vec<String> = changed
        .iter()
        .flat_map(|s| {
            s.changes
                .iter()
                .filter(|c| c.flags.contains(&Flag::ChapterV))
                .map(move |c| format!("{}: {}", s.agreement, c.phrase))
        })
        .collect();
    for (title, items) in [
        ("⚠️ Mitteilungspflichtig nach Art. 28 Abs. 2 DS-GVO (Kunden haben ein Einspruchsrecht)", &notices),
        (
            "⚠️ Genehmigungspflichtig nach Art. 28 Abs. 2 DS-GVO (vorherige gesonderte Genehmigung der Kunden)",
            &approvals,
        ),
        ("⚠️ Drittlandübermittlungen (Kapitel V DS-GVO)", &transfers),
        ("⚠️ Sicherheitsniveau der TOM betroffen (Art. 32 DS-GVO)", &security),
    ] {
        if !items.is_empty() {
            out.push_str(&format!("**{title}**\n\n"));
            for item in items {
                out.push_str(&format!("- {}\n", md(item)));
            }
            out.push('\n');
        }
    }
    for set in changed {
        out.push_str(&format!("### {}{} {}\n\n", md(&set.agreement), md(&renamed(set)), md(&range(set))));
        if set.reported().next().is_none() {
            for line in &set.lines {
                out.push_str(&format!("- {}\n", md(line)));
            }
            out.push('\n');
            continue;
        }
        out.push_str("| Änderung | Art | Hinweise |\n|---|---|---|\n");
        for change in set.reported() {
            let mut flags: Vec<String> =
                change.flags.iter().filter(|f| ATTENTION.contains(f)).map(|f| f.label_de().to_owned()).collect();
            if let Some(reason) = &change.justification {
                flags.push(format!("Begründung: {reason}"));
            }
            out.push_str(&format!(
                "| {}{} | {} | {} |\n",
                scope_note(change.scope),
                cell(&change.phrase),
                change.kind_de,
                cell(&flags.join("; "))
            ));
        }
        if set.reported().any(|c| c.scope == Scope::Instance) {
            out.push_str(
                "\nDie Werte der Kundenverträge stehen nicht in diesem Bericht: sie sind personenbezogene Daten.\n",
            );
        }
        // A customer's wording is personal data: a pull request does not show it.
        let worded: Vec<_> = set
            .reported()
            .filter(|c| c.op == Op::Changed && !c.words.is_empty() && c.scope != Scope::Instance)
            .collect();
        if !worded.is_empty() {
            out.push_str("\n<details><summary>Wortlaut der Textänderungen</summary>\n\n");
            for change in worded {
                out.push_str(&format!("**{}**\n\n", md(&change.phrase)));
                let mut line = String::new();
                for segment in &change.words {
                    let text = md(&segment.text.replace('\n', " "));
                    match segment.op {
                        "insert" => line.push_str(&format!("<ins>{text}</ins>")),
                        "delete" => line.push_str(&format!("<del>{text}</del>")),
                        _ => line.push_str(&md(&shorten(&segment.text.replace('\n', " ")))),
                    }
                }
                out.push_str(&format!("> {}\n\n", line.trim()));
            }
            out.push_str("</details>\n");
        }
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    agreements: &'a [ChangeSet],
}

/// JSON: `{ "version": 1, "agreements": [ChangeSet…] }` (see the README).
pub fn json(sets: &[ChangeSet]) -> String {
    serde_json::to_string_pretty(&JsonReport { version: JSON_FORMAT_VERSION, agreements: sets }).unwrap_or_default()
        + "\n"
}
