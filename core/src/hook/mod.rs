//! The pre-commit hook: validates what is staged (the index, not the working
//! tree) for every agreement the commit touches, and enforces the
//! repository's change policy (`avv.toml`): a content change needs a new
//! version, a removed or weakened TOM measure needs a justification, and
//! (when enabled) every staged file is in the canonical layout of `avv fmt`.

use std::path::PathBuf;

pub mod deleted;
pub mod imported;
pub mod invocation;
pub mod merged;
pub mod private;
pub mod push;
pub mod range;
pub mod signed;

pub use invocation::Base;

use crate::config::HookPolicy;
use crate::diagnostic::locate::{SourceMap, locate};
use crate::diagnostic::{Anchor, Code, Diagnostic, Located};
use crate::diff::phrase::doc_and_number;
use crate::diff::{ChangeSet, EntityKind, Flag, Op, diff};
use crate::format::{format_text, kind_of};
use crate::history::{HistoryError, Later, Oid, Repo};
use crate::load::{Folder, Node};
use crate::validate::{check_folder_with, walk};

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

/// Checks the staged changes of `repo` under `policy`: the change from the
/// commit the new one follows (HEAD, or for an amend HEAD's parent) to the
/// index.
pub fn pre_commit(repo: &Repo, policy: &HookPolicy, base: Base) -> Result<HookReport, HistoryError> {
    let before = base_commit(repo, base)?;
    let mut report = HookReport { agreements: repo.staged_agreements(before)?, ..HookReport::default() };
    let merging = if base == Base::Head { repo.merge_heads()? } else { Vec::new() };
    // The parents of the merge being made (`git merge`, or `git commit`
    // concluding one): none for an ordinary commit.
    let parents: Vec<Oid> = match (before, base) {
        (Some(head), Base::Merge) => {
            std::iter::once(head).chain(repo.merging_heads(invocation::reflog_action().as_deref())?).collect()
        }
        (Some(head), Base::Head) if !merging.is_empty() => {
            std::iter::once(head).chain(merging.iter().copied()).collect()
        }
        _ => Vec::new(),
    };
    let mut diagnostics = Vec::new();
    // Touched agreements gone from the index, and those still there with
    // the names they had: a deletion, unless one of those continues it.
    let mut gone = Vec::new();
    let mut remaining = Vec::new();
    for id in &report.agreements {
        let Some(mut staged) = repo.load_staged(id)? else {
            gone.push(id.clone());
            continue;
        };
        remaining.push((id.clone(), staged.folder.previous_ids()));
        // A file that does not load would read as empty: every measure
        // "removed". Its error is the finding; the policy waits for the fix.
        let unreadable = staged.diagnostics.iter().any(|d| d.severity == crate::diagnostic::Severity::Error);
        diagnostics.append(&mut staged.diagnostics);
        let signed = match before {
            Some(head) => crate::validate::versions::signed_versions(repo, head, &staged.folder),
            None => Default::default(),
        };
        let mut found = check_folder_with(&staged.folder, &signed);
        crate::validate::versions::resolve(&signed, &staged.folder, &mut found);
        diagnostics.extend(found);
        if policy.require_canonical_format {
            diagnostics.extend(format_findings(&staged.sources));
        }
        report.sources.extend(std::mem::take(&mut staged.sources));
        if parents.len() > 1 && !unreadable {
            let mut sides = Vec::with_capacity(parents.len());
            for parent in &parents {
                sides.push((*parent, counterpart(repo, *parent, id, &staged.folder)?));
            }
            diagnostics.extend(merged::same_version_findings(&sides, &staged.folder));
        }
        // The same agreement at HEAD, perhaps under the name it had before a rename.
        let Some(before) = before.filter(|_| base != Base::Merge && !unreadable) else { continue };
        // A merge with conflicts that `git commit` concludes: held, as the
        // range check holds a merge, to what it adds of its own.
        if let [theirs] = merging.as_slice() {
            diagnostics.extend(merge_policy(repo, before, *theirs, id, &staged.folder, policy)?);
            continue;
        }
        let Some(head) = counterpart(repo, before, id, &staged.folder)? else { continue };
        if head.agreement.is_none() || staged.folder.agreement.is_none() {
            continue;
        }
        diagnostics.extend(policy_findings(&head, &staged.folder, policy));
        diagnostics.extend(imported::imported_row_findings(repo, before, &head, &staged.folder)?);
    }
    // A clean merge adds nothing of its own; a merge concluded by `git
    // commit` deletes what it deletes from every side.
    if let Some(before) = before.filter(|_| base != Base::Merge) {
        let parents: Vec<Oid> = std::iter::once(before).chain(merging.iter().copied()).collect();
        diagnostics.extend(deleted::deletion_findings(repo, &parents, Later::Index, &gone, &remaining)?);
    }
    // Rendered customer contracts staged by mistake (`git add -A` with the
    // private folder not ignored): marked in the index, or on disk.
    let staged = repo.staged_paths(before)?;
    let workdir = repo.workdir();
    diagnostics.extend(private::private_findings(&staged.changed, |folder| {
        private::marker_in(folder, |path| staged.has(path) || workdir.join(path).is_file())
    }));
    report.diagnostics = locate(diagnostics, &report.sources);
    Ok(report)
}

/// The policy findings of a merge of `theirs` into `ours` that `git commit`
/// concludes, for agreement `id` as staged: against what git makes of the
/// two sides itself where it merges the folder without a conflict (the
/// merge's own edits; none when the staged folder is exactly that), else
/// against the side it passes best (a conflict resolved by hand). Each
/// side's commits were held to the policy when they were made.
fn merge_policy(
    repo: &Repo,
    ours: Oid,
    theirs: Oid,
    id: &str,
    staged: &Folder,
    policy: &HookPolicy,
) -> Result<Vec<Diagnostic>, HistoryError> {
    let checked = |before: Option<Folder>| match before {
        Some(before) if before.agreement.is_some() && staged.agreement.is_some() => {
            policy_findings(&before, staged, policy)
        }
        _ => Vec::new(),
    };
    if let crate::history::AutoMerge::Clean(blobs) = repo.merged_folder(ours, theirs, id)? {
        let own = repo.staged_blobs(id)?;
        return Ok(match blobs.filter(|b| Some(b) != own.as_ref()) {
            Some(blobs) => checked(Some(repo.load_blobs(&blobs)?.folder)),
            None => Vec::new(),
        });
    }
    let sides = [ours, theirs].map(|side| counterpart(repo, side, id, staged).map(checked));
    let [ours, theirs] = sides;
    Ok(fewest_errors([ours?, theirs?]))
}

/// Of the findings against several parents, those with the fewest errors:
/// a merge resolved by hand is judged against the side it follows best.
pub(crate) fn fewest_errors(candidates: impl IntoIterator<Item = Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let errors = |d: &[Diagnostic]| d.iter().filter(|d| d.severity == crate::diagnostic::Severity::Error).count();
    candidates.into_iter().min_by_key(|found| errors(found)).unwrap_or_default()
}

/// The commit the one being made follows: HEAD, or for an amend HEAD's
/// first parent. `None` before the first commit, or when amending it.
fn base_commit(repo: &Repo, base: Base) -> Result<Option<Oid>, HistoryError> {
    let Ok(head) = repo.resolve("HEAD") else { return Ok(None) };
    Ok(match base {
        Base::Head | Base::Merge => Some(head),
        Base::Amend => repo.first_parent(head)?,
    })
}

/// The agreement staged as `agreements/<id>` as it is at `before`: under
/// the same name, a name it lists in `meta.previous_ids`, or the name git's
/// rename detection finds its files came from. `None` for a new agreement.
fn counterpart(repo: &Repo, before: Oid, id: &str, staged: &Folder) -> Result<Option<Folder>, HistoryError> {
    counterpart_in(repo, before, Later::Index, &repo.agreement_ids(before)?, id, staged)
}

/// [`counterpart`] for the agreement `id` as `later` (a commit, or the
/// index) has it, with the agreement folders `before` has (`earlier`)
/// read by the caller once for all of its agreements.
pub(crate) fn counterpart_in(
    repo: &Repo,
    before: Oid,
    later: Later,
    earlier: &[String],
    id: &str,
    folder: &Folder,
) -> Result<Option<Folder>, HistoryError> {
    let pairs = repo.pair_folders(before, later, &[(id.to_owned(), folder.previous_ids())], earlier)?;
    match pairs.get(id) {
        Some(name) => Ok(repo.load_at(before, name)?.map(|loaded| loaded.folder)),
        None => returning(repo, before, id, folder),
    }
}

/// An agreement added that was deleted before: as it was when last seen
/// (under its id or a `previous_ids` name), so that deleting it in one
/// commit and adding it back changed in the next is held to the policy as
/// one change. `None` for an agreement that never existed.
pub(crate) fn returning(repo: &Repo, before: Oid, id: &str, later: &Folder) -> Result<Option<Folder>, HistoryError> {
    let names: Vec<String> = std::iter::once(id.to_owned()).chain(later.previous_ids()).collect();
    match repo.last_seen(before, &names)? {
        Some((commit, name)) => Ok(repo.load_at(commit, &name)?.map(|loaded| loaded.folder)),
        None => Ok(None),
    }
}

/// The change-policy findings for a change from `head` to `staged`.
pub fn policy_findings(head: &Folder, staged: &Folder, policy: &HookPolicy) -> Vec<Diagnostic> {
    policy_findings_of(&diff(Some(head), staged), head, staged, policy)
}

/// [`policy_findings`] for the changes already found between `head` and `staged`.
pub fn policy_findings_of(changes: &ChangeSet, head: &Folder, staged: &Folder, policy: &HookPolicy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if policy.require_version_bump {
        out.extend(bump_findings(changes, head, staged));
        out.extend(date_findings(head, staged));
    }
    if policy.protect_locked_text {
        out.extend(locked_findings(changes, head, staged));
    }
    if policy.protect_signed_contracts {
        out.extend(signed::findings(head, staged));
    }
    if policy.require_justification {
        let tom_file =
            staged.tom.as_ref().map(|t| t.path.clone()).or_else(|| head.tom.as_ref().map(|t| t.path.clone()));
        // A measure whose id changed together with its text reads as one
        // removed and one added: a rename alone is recognised.
        let measure_added = changes.changes.iter().any(|c| c.entity == EntityKind::Measure && c.op == Op::Added);
        let renamed_hint = "; if the measure was not removed but its id renamed and its text changed in one go, rename it in a commit of its own first (a rename alone is recognised), then change the text";
        for change in changes
            .changes
            .iter()
            // The diff asks for a justification where the TOM's level may
            // drop (a measure removed, a TOM text weakened): its flag, not
            // a second list of kinds here, says where.
            .filter(|c| c.flags.contains(&Flag::NeedsJustification))
        {
            let Some(file) = &tom_file else { continue };
            match change.op {
                Op::Removed => out.push(
                    Diagnostic::new(Code::MeasureRemovedWithoutJustification, file, Anchor::Pointer { pointer: "/annex".into(), key: false }, format!("measure `{}` ({}: „{}“) is removed without a justification", change.id, doc_and_number(change), change.label))
                        .with_help(format!("add to tom.toml: [[retired]] id = \"{}\", label = \"{}\", retired_in = \"{}\", reason = \"why the security level does not drop\"{}", change.id, change.label, changes.to, if measure_added { renamed_hint } else { "" })),
                ),
                _ => {
                    let reason = change.facts.iter().find(|f| f.fact == "weakened").map(|f| f.new.clone()).unwrap_or_default();
                    let pointer = staged.tom.as_ref().and_then(|t| pointer_of(&t.tree, &change.id)).unwrap_or_else(|| "/annex".into());
                    out.push(
                        Diagnostic::new(Code::MeasureWeakenedWithoutJustification, file, Anchor::Pointer { pointer, key: false }, format!("{} `{}` is weakened ({reason}) without a justification", match change.entity { EntityKind::Section => "the text of section", EntityKind::Explanation => "the explanation", _ => "measure" }, change.id))
                            .with_help(format!("add to tom.toml: [[justification]] target = \"{}\", version = \"{}\", kind = \"weakening\", reason = \"why the security level does not drop\"", change.id, changes.to)),
                    );
                }
            }
        }
    }
    out
}

/// A change to the text of a locked clause, or its removal: refused. The
/// lock is compared as it was before the commit, so lifting it in the
/// same commit does not open it.
fn locked_findings(changes: &ChangeSet, head: &Folder, staged: &Folder) -> Vec<Diagnostic> {
    let Some(file) = staged.agreement.as_ref().or(head.agreement.as_ref()).map(|a| a.path.clone()) else {
        return Vec::new();
    };
    changes
        .changes
        .iter()
        .filter(|change| change.flags.contains(&Flag::LockedText))
        .map(|change| {
            let pointer = staged
                .agreement
                .as_ref()
                .and_then(|a| pointer_of(&a.tree, &change.id))
                .unwrap_or_else(|| "/clause".into());
            let what = if change.op == Op::Removed { "is removed" } else { "changes" };
            Diagnostic::new(
                Code::LockedTextChanged,
                &file,
                Anchor::Pointer { pointer, key: false },
                format!("the locked text of `{}` ({} {}) {what}", change.id, change.doc, change.reference),
            )
            .with_help(
                "locked texts must be used unchanged: restore it; if it really must change, lift the lock (`locked = false`) in a commit of its own first, so the change is reviewed as what it is",
            )
        })
        .collect()
}

/// The version-bump findings: every change of the published document
/// needs a new version: the agreement's, or for a change confined to a TOM
/// annex or sub-processor list with a version of its own, that version. A
/// version still in draft or review may change without one.
fn bump_findings(changes: &ChangeSet, head: &Folder, staged: &Folder) -> Vec<Diagnostic> {
    use crate::diff::Part;
    use crate::model::codes::Status;
    let open = head.agreement.as_ref().is_some_and(|a| matches!(a.value.meta.status, Status::Draft | Status::Review));
    let agreement_changed = changes.from.as_deref() != Some(changes.to.as_str());
    // A released version set back to draft or review would be open to any
    // change under its published number: the next commit could rewrite it.
    if let (Some(before), Some(now)) = (head.agreement.as_ref(), staged.agreement.as_ref())
        && before.value.meta.status.is_released()
        && !now.value.meta.status.is_released()
        && !agreement_changed
    {
        return vec![
            Diagnostic::at(
                Code::VersionUnreleased,
                &now.path,
                "/meta/status",
                format!(
                    "version {} was released ({}) and is set back to {} under the same number",
                    changes.to,
                    before.value.meta.status,
                    now.value.meta.status
                ),
            )
            .with_help(format!(
                "a released version stays as it was published: start the next version as a draft (raise `version` above {}), or mark this one `withdrawn`",
                changes.to
            )),
        ];
    }
    if open {
        return Vec::new();
    }
    if agreement_changed {
        let file = staged.agreement.as_ref().map_or_else(PathBuf::new, |a| a.path.clone());
        return changes
            .from
            .as_deref()
            .and_then(|from| lowered(&file, "/meta/version", "the agreement's version", from, &changes.to))
            .into_iter()
            .collect();
    }
    // (file, pointer, what it is called, its version before and now) of a
    // part versioned on its own.
    let own = |part: Part| -> Option<(PathBuf, &'static str, String, Option<String>, String)> {
        match part {
            Part::Tom => {
                let now = staged.tom.as_ref()?;
                let version = now.value.annex.version.clone()?;
                let before = head.tom.as_ref().and_then(|t| t.value.annex.version.clone());
                Some((
                    now.path.clone(),
                    "/annex/version",
                    format!("the {} annex", now.value.annex.label),
                    before,
                    version,
                ))
            }
            Part::Subprocessors => {
                let now = staged.subprocessors.as_ref()?;
                let version = now.value.list.version.clone()?;
                let before = head.subprocessors.as_ref().and_then(|s| s.value.list.version.clone());
                Some((now.path.clone(), "/list/version", "the sub-processor list".to_owned(), before, version))
            }
            _ => None,
        }
    };
    let mut out = Vec::new();
    let mut unversioned: Vec<&crate::diff::Change> = Vec::new();
    for part in [Part::Agreement, Part::Tom, Part::Subprocessors] {
        let changed: Vec<&crate::diff::Change> = changes.document_changes().filter(|c| c.file == part).collect();
        let Some(first) = changed.first() else { continue };
        match own(part) {
            Some((file, pointer, name, Some(before), now)) if before != now => {
                out.extend(lowered(&file, pointer, &format!("the version of {name}"), &before, &now));
            }
            Some((_, _, _, before, now)) if before.as_deref() != Some(now.as_str()) => {}
            Some((file, pointer, name, _, now)) => out.push(
                Diagnostic::at(
                    Code::VersionNotBumped,
                    &file,
                    pointer,
                    format!(
                        "{name} changes ({} change{}, e.g. „{}“) but its version stays {now}",
                        changed.len(),
                        if changed.len() == 1 { "" } else { "s" },
                        first.phrase
                    ),
                )
                .with_help("raise its own `version` (and `date`), or the agreement's `version` in `[meta]`"),
            ),
            None => unversioned.extend(changed),
        }
    }
    if let Some(first) = unversioned.first() {
        let agreement_file = staged.agreement.as_ref().map_or_else(PathBuf::new, |a| a.path.clone());
        out.push(
            Diagnostic::at(
                Code::VersionNotBumped,
                &agreement_file,
                "/meta/version",
                format!(
                    "the content changes ({} change{}, e.g. „{}“) but the version stays {}",
                    unversioned.len(),
                    if unversioned.len() == 1 { "" } else { "s" },
                    first.phrase,
                    changes.to
                ),
            )
            .with_help("raise `version` (and `date`) in `[meta]`; every published change needs its own version"),
        );
    }
    out
}

/// A part of an agreement folder with a version and date of its own, at
/// HEAD and as staged: (version, date) on each side.
struct Dated<'a> {
    file: &'a std::path::Path,
    /// The date's pointer.
    pointer: &'static str,
    /// What the part is called in a finding.
    what: String,
    before: (Option<&'a str>, Option<crate::model::primitives::Date>),
    now: (Option<&'a str>, Option<crate::model::primitives::Date>),
}

/// A new version dated as the one it follows, or before it: the agreement,
/// or a TOM annex or sub-processor list with a version of its own. The
/// version table and the documents print each version's date (its
/// „Stand“), and a signed version is known by number and date. A draft's
/// date may wait for its release.
fn date_findings(head: &Folder, staged: &Folder) -> Vec<Diagnostic> {
    use crate::model::codes::Status;
    let (Some(before), Some(now)) = (head.agreement.as_ref(), staged.agreement.as_ref()) else {
        return Vec::new();
    };
    if matches!(now.value.meta.status, Status::Draft | Status::Review) {
        return Vec::new();
    }
    let (was, is) = (&before.value.meta, &now.value.meta);
    let mut parts = vec![Dated {
        file: &now.path,
        pointer: "/meta/date",
        what: "the agreement".to_owned(),
        before: (Some(was.version.as_str()), was.date),
        now: (Some(is.version.as_str()), is.date),
    }];
    if let (Some(was), Some(file)) = (&head.tom, &staged.tom) {
        let (was, is) = (&was.value.annex, &file.value.annex);
        parts.push(Dated {
            file: &file.path,
            pointer: "/annex/date",
            what: format!("the {} annex", is.label),
            before: (was.version.as_deref(), was.date),
            now: (is.version.as_deref(), is.date),
        });
    }
    if let (Some(was), Some(file)) = (&head.subprocessors, &staged.subprocessors) {
        let (was, is) = (&was.value.list, &file.value.list);
        parts.push(Dated {
            file: &file.path,
            pointer: "/list/date",
            what: "the sub-processor list".to_owned(),
            before: (was.version.as_deref(), was.date),
            now: (is.version.as_deref(), is.date),
        });
    }
    parts
        .into_iter()
        .filter_map(|part| {
            let ((Some(old_version), Some(old_date)), (Some(new_version), Some(new_date))) = (part.before, part.now)
            else {
                return None;
            };
            if crate::version::compare(new_version, old_version) != std::cmp::Ordering::Greater || new_date > old_date {
                return None;
            }
            let what = part.what;
            let message = if new_date == old_date {
                format!("{what} becomes version {new_version} but keeps the date of version {old_version} ({old_date})")
            } else {
                format!(
                    "{what} becomes version {new_version}, dated {new_date}: before version {old_version} ({old_date})"
                )
            };
            Some(
                Diagnostic::at(Code::VersionDateUnchanged, part.file, part.pointer, message)
                    .with_help(format!("set `date` to the day version {new_version} is issued")),
            )
        })
        .collect()
}

/// A version that goes back (2.0 after 2.1, or a number already used
/// before): a published version's number must keep naming one text, and
/// documents are filed by it.
fn lowered(file: &std::path::Path, pointer: &str, what: &str, before: &str, now: &str) -> Option<Diagnostic> {
    (crate::version::compare(now, before) != std::cmp::Ordering::Greater).then(|| {
        Diagnostic::at(
            Code::VersionOrder,
            file,
            pointer,
            format!("{what} goes from {before} back to {now}; a new version must be later than the one it follows"),
        )
        .with_help(format!(
            "choose a version after {before}; an earlier number may already name a published text (to undo version {before}, as `git revert` does, publish the earlier text as a new version after it)"
        ))
    })
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
                Code::FormatNotCanonical,
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
