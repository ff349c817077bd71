//! The pre-commit hook: validates what is staged (the index, not the working
//! tree) for every agreement the commit touches, and enforces the
//! repository's change policy (`avv.toml`): a content change needs a new
//! version, a removed or weakened TOM measure needs a justification, and
//! (when enabled) every staged file is in the canonical layout of `avv fmt`.

use std::path::PathBuf;

use crate::config::HookPolicy;
use crate::diagnostic::locate::{SourceMap, locate};
use crate::diagnostic::{Anchor, Diagnostic, Located};
use crate::diff::{ChangeSet, EntityKind, Flag, Op, diff};
use crate::format::{format_text, kind_of};
use crate::history::{HistoryError, Repo};
use crate::load::{Folder, Node};
use crate::validate::{check_folder, walk};

/// What the hook found.
#[derive(Debug, Default)]
pub struct HookReport {
    /// Findings, located in the staged files.
    pub diagnostics: Vec<Located>,
    /// The staged texts, for snippets.
    pub sources: SourceMap,
    /// The agreements the commit touches.
    pub agreements: Vec<String>,
}

/// Checks the staged changes of `repo` under `policy`.
pub fn pre_commit(repo: &Repo, policy: &HookPolicy) -> Result<HookReport, HistoryError> {
    let mut report = HookReport { agreements: repo.staged_agreements()?, ..HookReport::default() };
    let mut diagnostics = Vec::new();
    for id in &report.agreements {
        let Some(mut staged) = repo.load_staged(id)? else { continue };
        diagnostics.append(&mut staged.diagnostics);
        diagnostics.extend(check_folder(&staged.folder));
        if policy.require_canonical_format {
            diagnostics.extend(format_findings(&staged.sources));
        }
        report.sources.extend(std::mem::take(&mut staged.sources));
        let Some(head) = repo.load_head(id)?.map(|l| l.folder) else { continue };
        if head.agreement.is_none() || staged.folder.agreement.is_none() {
            continue;
        }
        diagnostics.extend(policy_findings(&head, &staged.folder, policy));
    }
    report.diagnostics = locate(diagnostics, &report.sources);
    Ok(report)
}

/// The change-policy findings for a change from `head` to `staged`.
pub fn policy_findings(head: &Folder, staged: &Folder, policy: &HookPolicy) -> Vec<Diagnostic> {
    policy_findings_of(&diff(Some(head), staged), head, staged, policy)
}

/// [`policy_findings`] for the changes already found between `head` and `staged`.
pub fn policy_findings_of(changes: &ChangeSet, head: &Folder, staged: &Folder, policy: &HookPolicy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let agreement_file = staged.agreement.as_ref().map_or_else(PathBuf::new, |a| a.path.clone());
    let published: Vec<&crate::diff::Change> = changes.document_changes().collect();
    if policy.require_version_bump
        && changes.from.as_deref() == Some(changes.to.as_str())
        && let Some(first) = published.first()
    {
        out.push(
            Diagnostic::at(
                "version-not-bumped",
                &agreement_file,
                "/meta/version",
                format!(
                    "the content changes ({} change{}, e.g. „{}“) but the version stays {}",
                    published.len(),
                    if published.len() == 1 { "" } else { "s" },
                    first.phrase,
                    changes.to
                ),
            )
            .with_help("raise `version` (and `date`) in `[meta]`; every published change needs its own version"),
        );
    }
    if policy.require_justification {
        let tom_file =
            staged.tom.as_ref().map(|t| t.path.clone()).or_else(|| head.tom.as_ref().map(|t| t.path.clone()));
        for change in changes
            .changes
            .iter()
            .filter(|c| c.entity == EntityKind::Measure && c.flags.contains(&Flag::NeedsJustification))
        {
            let Some(file) = &tom_file else { continue };
            match change.op {
                Op::Removed => out.push(
                    Diagnostic::new("measure-removed-without-justification", file, Anchor::Pointer { pointer: "/annex".into(), key: false }, format!("measure `{}` ({} {}: „{}“) is removed without a justification", change.id, change.doc, change.reference, change.label))
                        .with_help(format!("add to tom.toml: [[retired]] id = \"{}\", label = \"{}\", retired_in = \"{}\", reason = \"why the security level does not drop\"", change.id, change.label, changes.to)),
                ),
                _ => {
                    let reason = change.facts.iter().find(|f| f.fact == "weakened").map(|f| f.new.clone()).unwrap_or_default();
                    let pointer = staged.tom.as_ref().and_then(|t| pointer_of(&t.tree, &change.id)).unwrap_or_else(|| "/annex".into());
                    out.push(
                        Diagnostic::new("measure-weakened-without-justification", file, Anchor::Pointer { pointer, key: false }, format!("measure `{}` is weakened ({reason}) without a justification", change.id))
                            .with_help(format!("add to tom.toml: [[justification]] target = \"{}\", version = \"{}\", kind = \"weakening\", reason = \"why the security level does not drop\"", change.id, changes.to)),
                    );
                }
            }
        }
    }
    out
}

/// A finding for every file in `sources` that `avv fmt` would change,
/// pointing at the first line that differs.
pub fn format_findings(sources: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut files: Vec<_> = sources.iter().collect();
    files.sort_by(|a, b| a.0.cmp(b.0));
    for (path, text) in files {
        let Some(kind) = kind_of(path) else { continue };
        // A file that does not parse is already reported by validation.
        let Ok(formatted) = format_text(kind, path, text) else { continue };
        if formatted == **text {
            continue;
        }
        let mut offset = 0;
        let mut span = text.len()..text.len();
        for (line, canonical) in
            text.split_inclusive('\n').zip(formatted.split_inclusive('\n').map(Some).chain(std::iter::repeat(None)))
        {
            if canonical != Some(line) {
                span = offset..offset + line.trim_end_matches(['\n', '\r']).len();
                break;
            }
            offset += line.len();
        }
        out.push(
            Diagnostic::new(
                "format-not-canonical",
                path,
                Anchor::Span(span),
                "this file is not in the canonical layout; the first difference is here",
            )
            .with_help(format!("run `avv fmt {}` and stage the result with `git add`", path.display())),
        );
    }
    out
}

/// The JSON pointer of the object with `id` in a file's tree.
fn pointer_of(tree: &Node, id: &str) -> Option<String> {
    let mut found = None;
    walk::objects(tree, &mut |pointer, _, object| {
        if found.is_none() && object.get("id").and_then(|v| v.as_str()) == Some(id) {
            found = Some(pointer.to_string());
        }
    });
    found
}
