//! Allowances: reasoned exceptions attached to nodes. A finding is
//! suppressed when an allowance for its rule sits on the node it points at
//! or on an ancestor; `[meta]` and the TOM `[annex]` allow for their file or
//! folder. Allowances that suppress nothing are reported.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use super::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::load::{Folder, Node};
use crate::search::Phrase;

struct Allowance {
    file: PathBuf,
    node: String,
    rule: Code,
    pointer: String,
    used: bool,
    folder_wide: bool,
}

/// Applies the folder's allowances to `diagnostics` and reports bad ones.
pub fn apply(folder: &Folder, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut allowances = Vec::new();
    let mut out = Vec::new();
    static ALLOW: LazyLock<[Phrase; 1]> = LazyLock::new(|| [Phrase::new("allow")]);
    for file in folder.main_files().into_iter().flatten() {
        // Most files allow nothing; the key's name settles that.
        if file.may_contain(&*ALLOW) {
            collect(file.path, file.tree, &mut allowances, &mut out);
        }
    }
    for diagnostic in diagnostics {
        let pointer = diagnostic.pointer().unwrap_or("").to_owned();
        let hit = allowances.iter_mut().find(|a| {
            a.rule == diagnostic.code
                && (a.folder_wide
                    || (a.file == diagnostic.file
                        && (pointer == a.node || pointer.starts_with(&format!("{}/", a.node)))))
        });
        match hit {
            Some(allowance) => allowance.used = true,
            None => out.push(diagnostic),
        }
    }
    // A file that failed to parse was not checked: its allowances' findings are unknown.
    let checked = folder.is_complete();
    for allowance in allowances.iter().filter(|a| !a.used && checked) {
        out.push(
            Diagnostic::at(
                Code::AllowUnused,
                &allowance.file,
                format!("{}/rule", allowance.pointer),
                format!("the allowance for `{}` suppresses nothing", allowance.rule),
            )
            .with_help("remove it: the defect it excused is gone"),
        );
    }
    out
}

fn collect(file: &Path, tree: &Node, allowances: &mut Vec<Allowance>, out: &mut Vec<Diagnostic>) {
    walk::objects(tree, &mut |pointer, _, object| {
        let Some(entries) = object.fields(["allow"])[0].and_then(Node::as_array) else { return };
        for (i, entry) in entries.iter().enumerate() {
            let entry_pointer = format!("{pointer}/allow/{i}");
            let rule_code = entry.get("rule").and_then(Node::as_str).unwrap_or_default();
            let reason = entry.get("reason").and_then(Node::as_str).unwrap_or_default();
            let Some(rule) = Code::parse(rule_code) else {
                let help = match Code::closest(rule_code) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "see `avv rules` for the list of rule codes".to_owned(),
                };
                out.push(
                    Diagnostic::at(
                        Code::AllowUnknownRule,
                        file,
                        format!("{entry_pointer}/rule"),
                        format!("there is no rule `{rule_code}`"),
                    )
                    .with_help(help),
                );
                continue;
            };
            if reason.trim().is_empty() {
                out.push(
                    Diagnostic::at(
                        Code::AllowWithoutReason,
                        file,
                        format!("{entry_pointer}/reason"),
                        format!("the allowance for `{rule}` gives no reason"),
                    )
                    .with_help("say why the exception is acceptable, so that reviewers can judge it"),
                );
            }
            allowances.push(Allowance {
                file: file.to_path_buf(),
                node: pointer.to_string(),
                rule,
                pointer: entry_pointer,
                used: false,
                folder_wide: pointer.is_root_field("meta") && file.file_name().is_some_and(|n| n == "agreement.toml"),
            });
        }
    });
    // The TOM annex's allowances cover the whole tom.toml.
    for allowance in allowances.iter_mut().filter(|a| a.file == file && a.node == "/annex") {
        allowance.node = String::new();
    }
}
