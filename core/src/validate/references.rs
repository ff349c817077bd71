//! References between nodes and files resolve; text marks (placeholders,
//! footnotes) are declared and used; embeds have something to embed.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use serde::Deserialize;

use super::ids::{IdIndex, IdKind, with_article};
use super::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::load::strict::Strict;
use crate::load::{Folder, MainFile, Node};
use crate::model::codes::{EmbedTarget, PartKind};
use crate::model::primitives::Id;
use crate::search::{self, Phrase};
use crate::spelling::closest;

struct Checker<'a> {
    index: &'a IdIndex<'a>,
    out: &'a mut Vec<Diagnostic>,
    /// Every file parsed, so an unknown id is really missing.
    complete: bool,
}

/// What an id reference must name: the kinds accepted and their name in messages.
type Target = (&'static [IdKind], &'static str);
const CLAUSE: Target = (&[IdKind::Clause], "clause");
const REFERENCE: Target = (&[IdKind::Reference], "reference");
const CHOICE: Target = (&[IdKind::Choice], "choice");

impl Checker<'_> {
    /// Checks an optional reference: nothing to do when it is absent.
    fn expect_some(&mut self, file: &Path, pointer: impl FnOnce() -> String, id: Option<&Id>, (kinds, what): Target) {
        if let Some(id) = id {
            self.expect(file, pointer, id.as_str(), kinds, what);
        }
    }

    /// Checks that `id` names one of `kinds`. Most references resolve, so
    /// the pointer is spelled only for a finding.
    fn expect(&mut self, file: &Path, pointer: impl FnOnce() -> String, id: &str, kinds: &[IdKind], what: &str) {
        if self.index.is(id, kinds) {
            return;
        }
        let found = self.index.kind(id);
        if found.is_none() && !self.complete {
            return;
        }
        let message = match found {
            Some(kind) => {
                format!("`{id}` is {}, but {} is expected here", with_article(kind.name()), with_article(what))
            }
            None => format!("no {what} with id `{id}` exists in this agreement"),
        };
        let help = match closest(id, self.index.of_kind(kinds)) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use the id of {} defined in this agreement folder", with_article(what)),
        };
        self.out.push(Diagnostic::at(Code::BrokenReference, file, pointer(), message).with_help(help));
    }
}

/// Checks every typed reference of the folder.
pub fn check(folder: &Folder, index: &IdIndex<'_>, out: &mut Vec<Diagnostic>) {
    let mut c = Checker { index, out, complete: folder.is_complete() };
    if let Some(agreement) = &folder.agreement {
        let a = &agreement.value;
        let file = agreement.path.as_path();
        if let Some(p) = &a.particulars {
            // Each particular may name the clause stating it or the document it is delegated to.
            for (name, refs) in [
                ("subject_matter", p.subject_matter.as_ref().map(|x| (&x.clause, &x.delegated_to))),
                ("nature", p.nature.as_ref().map(|x| (&x.clause, &x.delegated_to))),
                ("purposes", p.purposes.as_ref().map(|x| (&x.clause, &x.delegated_to))),
                ("data_categories", p.data_categories.as_ref().map(|x| (&x.clause, &x.delegated_to))),
                ("data_subjects", p.data_subjects.as_ref().map(|x| (&x.clause, &x.delegated_to))),
            ] {
                let (clause, delegated) = refs.map_or((None, None), |(c, d)| (c.as_ref(), d.as_ref()));
                c.expect_some(file, || format!("/particulars/{name}/clause"), clause, CLAUSE);
                c.expect_some(file, || format!("/particulars/{name}/delegated_to"), delegated, REFERENCE);
            }
            let duration = p.duration.as_ref();
            c.expect_some(
                file,
                || "/particulars/duration/clause".into(),
                duration.and_then(|d| d.clause.as_ref()),
                CLAUSE,
            );
            let coupled = duration.and_then(|d| d.reference.as_ref());
            c.expect_some(file, || "/particulars/duration/reference".into(), coupled, REFERENCE);
            c.expect_some(
                file,
                || "/particulars/duration/choice".into(),
                duration.and_then(|d| d.choice.as_ref()),
                CHOICE,
            );
        }
        let dpo = a.dpo.as_ref();
        c.expect_some(file, || "/dpo/published_in".into(), dpo.and_then(|d| d.published_in.as_ref()), REFERENCE);
        c.expect_some(file, || "/dpo/choice".into(), dpo.and_then(|d| d.choice.as_ref()), CHOICE);
        for (i, part) in a.part.iter().enumerate() {
            match (&part.kind, &part.annex) {
                (PartKind::Annex, Some(annex)) => {
                    c.expect(file, || format!("/part/{i}/annex"), annex.as_str(), &[IdKind::Annex], "annex")
                }
                (PartKind::Annex, None) => c.out.push(
                    Diagnostic::at(
                        Code::MissingKey,
                        file,
                        format!("/part/{i}"),
                        "a part of kind `annex` needs `annex = \"<annex id>\"`",
                    )
                    .with_help("name the `[[annex]]` this part prints"),
                ),
                (PartKind::Tom, _) if folder.tom.is_none() && !folder.present[1] => c.out.push(
                    Diagnostic::at(
                        Code::EmbedTargetMissing,
                        file,
                        format!("/part/{i}/kind"),
                        "the document prints the TOM annex, but the folder has no tom.toml",
                    )
                    .with_help("add tom.toml or remove this part"),
                ),
                (PartKind::Subprocessors, _) if !folder.present[2] => c.out.push(
                    Diagnostic::at(
                        Code::EmbedTargetMissing,
                        file,
                        format!("/part/{i}/kind"),
                        "the document prints the sub-processor list, but the folder has no subprocessors.toml",
                    )
                    .with_help("add subprocessors.toml or remove this part"),
                ),
                _ => {}
            }
        }
        for (i, signature) in a.signature.iter().enumerate() {
            c.expect(file, || format!("/signature/{i}/party"), signature.party.as_str(), &[IdKind::Party], "party");
        }
        embeds(folder, &agreement.tree, file, &mut c);
    }
    if let Some(tom) = &folder.tom {
        let file = tom.path.as_path();
        walk::objects(&tom.tree, &mut |pointer, _, object| {
            let one = |c: &mut Checker<'_>, field: &str, id: Option<&Node>, kinds: &[IdKind], what: &str| {
                if let Some(id) = id.and_then(Node::as_str) {
                    c.expect(file, || pointer.join(&format!("/{field}")), id, kinds, what);
                }
            };
            // Each id of the list at `field`.
            let each = |c: &mut Checker<'_>, field: &str, list: Option<&Node>, kinds: &[IdKind], what: &str| {
                for (i, id) in list.and_then(Node::as_array).into_iter().flatten().enumerate() {
                    if let Some(id) = id.as_str() {
                        c.expect(file, || pointer.join(&format!("/{field}/{i}")), id, kinds, what);
                    }
                }
            };
            if pointer.under("retired") {
                let [retired_in, was_in, replaced_by] = object.fields(["retired_in", "was_in", "replaced_by"]);
                if retired_in.is_some() {
                    one(&mut c, "was_in", was_in, &[IdKind::Section], "section");
                    each(&mut c, "replaced_by", replaced_by, &[IdKind::Measure], "measure");
                }
                return;
            }
            if pointer.under("justification") {
                let [target, compensating] = object.fields(["target", "compensating"]);
                one(
                    &mut c,
                    "target",
                    target,
                    &[IdKind::Measure, IdKind::Section, IdKind::Explanation],
                    "measure, section or explanation",
                );
                each(&mut c, "compensating", compensating, &[IdKind::Measure], "measure");
                return;
            }
            let [provided_by, operator, explains, scope] =
                object.fields(["provided_by", "operator", "explains", "scope"]);
            each(&mut c, "provided_by", provided_by, &[IdKind::Subprocessor], "sub-processor");
            one(&mut c, "operator", operator, &[IdKind::Subprocessor], "sub-processor");
            each(&mut c, "explains", explains, &[IdKind::Section], "section");
            if let Some(scope) = scope.and_then(Node::as_object) {
                let [sites, services] = scope.fields(["sites", "services"]);
                each(&mut c, "scope/sites", sites, &[IdKind::Site], "site");
                each(&mut c, "scope/services", services, &[IdKind::Service], "service");
            }
        });
        embeds(folder, &tom.tree, file, &mut c);
    }
    if let Some(list) = &folder.subprocessors {
        let file = list.path.as_path();
        if let Some(placed_in) = &list.value.list.placed_in {
            c.expect(file, || "/list/placed_in".into(), placed_in.as_str(), &[IdKind::Clause], "clause");
        }
        for (i, sub) in list.value.subprocessor.iter().enumerate() {
            if let Some(group) = &sub.group {
                c.expect(file, || format!("/subprocessor/{i}/group"), group.as_str(), &[IdKind::Group], "group");
            }
        }
        if !list.value.group.is_empty() {
            for (i, sub) in list.value.subprocessor.iter().enumerate() {
                if sub.group.is_none() {
                    c.out.push(
                        Diagnostic::at(
                            Code::MissingKey,
                            file,
                            format!("/subprocessor/{i}"),
                            format!("sub-processor `{}` belongs to no group, but the list is grouped", sub.id),
                        )
                        .with_help("add `group = \"<group id>\"`"),
                    );
                }
            }
        }
    }
    marks(folder, c.index, c.out);
    page_numbers(folder, c.out);
}

/// Embeds print data that must exist; a choice's options are distinct.
fn embeds(folder: &Folder, tree: &Node, file: &Path, c: &mut Checker<'_>) {
    let agreement = folder.agreement.as_ref().map(|a| &a.value);
    walk::objects(tree, &mut |pointer, _, object| {
        let [choice, option, embed, groups] = object.fields(["choice", "option", "embed", "groups"]);
        // Choice blocks never embed: check them before the embed filter below.
        if choice.is_some() {
            let mut seen = HashSet::new();
            for (i, option) in option.and_then(Node::as_array).into_iter().flatten().enumerate() {
                if let Some(id) = option.get("id").and_then(Node::as_str)
                    && !seen.insert(id)
                {
                    c.out.push(
                        Diagnostic::at(
                            Code::ChoiceDuplicateOption,
                            file,
                            format!("{pointer}/option/{i}/id"),
                            format!("option `{id}` appears twice in this choice"),
                        )
                        .with_help("give each option its own id"),
                    );
                }
            }
        }
        let Some(target) = embed.and_then(|v| EmbedTarget::deserialize(Strict(v)).ok()) else {
            return;
        };
        let particulars = agreement.and_then(|a| a.particulars.as_ref());
        let present = match target {
            EmbedTarget::Purposes => particulars.is_some_and(|p| p.purposes.is_some()),
            EmbedTarget::DataCategories => particulars.is_some_and(|p| p.data_categories.is_some()),
            EmbedTarget::DataSubjects => particulars.is_some_and(|p| p.data_subjects.is_some()),
            EmbedTarget::Services => agreement.is_some_and(|a| !a.service.is_empty()),
            EmbedTarget::Subprocessors => folder.present[2],
            EmbedTarget::Dpo => agreement.and_then(|a| a.dpo.as_ref()).is_some_and(|d| d.person.is_some()),
            EmbedTarget::InstructionsAuthorised => {
                agreement.and_then(|a| a.instructions.as_ref()).is_some_and(|i| !i.authorised.is_empty())
            }
            EmbedTarget::InstructionsRecipients => {
                agreement.and_then(|a| a.instructions.as_ref()).is_some_and(|i| !i.recipients.is_empty())
            }
            EmbedTarget::History => agreement.is_some_and(|a| a.history.is_some()),
            EmbedTarget::Toc => true,
        };
        // agreement.toml that does not load says nothing of its data: its own
        // findings tell what is wrong, and no other file repeats them.
        let unknowable = agreement.is_none()
            && folder.present[0]
            && !matches!(target, EmbedTarget::Subprocessors | EmbedTarget::Toc);
        if !present && !unknowable {
            c.out.push(
                Diagnostic::at(
                    Code::EmbedTargetMissing,
                    file,
                    format!("{pointer}/embed"),
                    format!("this block embeds `{target}`, but the agreement has no such data"),
                )
                .with_help(format!("add the data for `{target}` (see the schema) or remove the block")),
            );
        }
        for (i, group) in groups.and_then(Node::as_array).into_iter().flatten().enumerate() {
            if let Some(group) = group.as_str() {
                c.expect(file, || format!("{pointer}/groups/{i}"), group, &[IdKind::Group], "group");
            }
        }
    });
}

/// Page numbers typed as text ("Seite 11"), outside the imported version
/// table, which records what was once written.
fn page_numbers(folder: &Folder, out: &mut Vec<Diagnostic>) {
    static SEITE: LazyLock<[Phrase; 1]> = LazyLock::new(|| [Phrase::new("Seite")]);
    for MainFile { path: file, tree, .. } in
        folder.main_files().into_iter().flatten().filter(|f| f.may_contain(&*SEITE))
    {
        walk::strings(tree, &mut |pointer, key, text| {
            if matches!(key, "id" | "key") || pointer.under("history") || !SEITE[0].occurs_in(text) {
                return;
            }
            for (at, _) in text.match_indices("Seite") {
                let rest = &text[at + "Seite".len()..];
                let rest = rest.strip_prefix('n').unwrap_or(rest);
                let Some(number) = rest.strip_prefix(' ') else { continue };
                let digits = number.find(|c: char| !c.is_ascii_digit()).unwrap_or(number.len());
                if digits == 0 {
                    continue;
                }
                let written = &text[at..text.len() - number.len() + digits];
                out.push(
                    Diagnostic::in_text(
                        Code::PageNumberAsText,
                        file,
                        pointer,
                        written,
                        format!("`{written}` names a page by its number, which goes stale when the layout changes"),
                    )
                    .with_help("link the page to what is on it: `[{seite}](#id)` prints \"Seite 11\" as laid out in the PDF and in Word, and the place (\"Punkt 12\") where there are no pages"),
                );
            }
        });
    }
}

/// Placeholders, footnotes and template syntax in all text.
fn marks(folder: &Folder, index: &IdIndex<'_>, out: &mut Vec<Diagnostic>) {
    // Every set borrows from the folder: texts hold many marks, and copying
    // each name showed in profiles.
    let declared: BTreeSet<&str> = folder
        .agreement
        .as_ref()
        .map(|a| a.value.placeholder.iter().map(|p| p.key.as_str()).collect())
        .unwrap_or_default();
    let footnotes: BTreeSet<&str> =
        folder.agreement.as_ref().map(|a| a.value.footnote.iter().map(|f| f.id.as_str()).collect()).unwrap_or_default();
    // Without a parsed agreement.toml the declarations are unknown.
    let declarations_known = folder.agreement.is_some();
    let mut used = BTreeSet::new();
    let mut cited = BTreeSet::new();
    let mut alternatives = Vec::new();
    // Every mark starts with one of these, and TOML's own syntax never
    // writes them (`{{` would be a table without a key), so a file whose
    // text has none of them, and no escape, has no marks to check.
    static MARKS: LazyLock<[Phrase; 5]> = LazyLock::new(|| ["{{", "{%", "{#", "[^", "]("].map(Phrase::new));
    for MainFile { path: file, tree, .. } in
        folder.main_files().into_iter().flatten().filter(|f| f.may_contain(&*MARKS))
    {
        walk::strings(tree, &mut |pointer, key, text| {
            if matches!(key, "id" | "dpv" | "key") || pointer.under("placeholder") {
                return;
            }
            // Most texts hold no mark at all: one scan settles that.
            let bytes = text.as_bytes();
            let Some(first) = search::either(b'{', b'[', bytes) else { return };
            let has_brace = search::byte(b'{', &bytes[first..]).is_some();
            let has_bracket = search::byte(b'[', &bytes[first..]).is_some();
            for bad in ["{%", "{#"] {
                if has_brace && text.contains(bad) {
                    out.push(
                        Diagnostic::in_text(
                            Code::TemplateSyntaxInData,
                            file,
                            pointer,
                            bad,
                            format!("template syntax `{bad}` is not allowed in agreement text"),
                        )
                        .with_help("text may only contain `{{ key }}` placeholders and `{{ choice: a = … | b = … }}` alternatives; write the text out"),
                    );
                }
            }
            let placeholders = if has_brace { walk::placeholders(text) } else { Vec::new() };
            for (name, raw) in placeholders {
                match super::alternatives::read(name, raw, file, pointer, out) {
                    Some(Some(alternative)) => {
                        alternatives.push(alternative);
                        continue;
                    }
                    Some(None) => continue,
                    None => {}
                }
                if !walk::is_placeholder_key(name) {
                    out.push(
                        Diagnostic::in_text(Code::TemplateSyntaxInData, file, pointer, raw, format!("`{raw}` is not a plain placeholder"))
                            .with_help("placeholders are `{{ key }}` with a dotted lower-case key; filters and expressions are not allowed"),
                    );
                    continue;
                }
                used.insert(name);
                if declarations_known && !declared.contains(name) {
                    let mut d = Diagnostic::in_text(
                        Code::PlaceholderUndeclared,
                        file,
                        pointer,
                        raw,
                        format!("placeholder `{name}` is not declared"),
                    );
                    d = match closest(name, declared.iter().copied()) {
                        Some(best) => d.with_help(format!("did you mean `{best}`? Otherwise declare it: [[placeholder]] key = \"{name}\", label = \"…\"")),
                        None => d.with_help(format!("declare it in agreement.toml: [[placeholder]] key = \"{name}\", label = \"…\"")),
                    };
                    out.push(d);
                }
            }
            if has_bracket {
                links(text, file, pointer, index, out);
            }
            let footnotes_cited = if has_bracket { walk::footnote_refs(text) } else { Vec::new() };
            for id in footnotes_cited {
                cited.insert(id);
                if declarations_known && !footnotes.contains(id) {
                    out.push(
                        Diagnostic::in_text(
                            Code::FootnoteUndefined,
                            file,
                            pointer,
                            format!("[^{id}]"),
                            format!("footnote `{id}` is not defined"),
                        )
                        .with_help(format!("add [[footnote]] id = \"{id}\", text = \"…\" to agreement.toml")),
                    );
                }
            }
        });
    }
    super::alternatives::consistent(&alternatives, index, out);
    // Blank blocks name placeholders directly.
    let mut blanks = Vec::new();
    if let Some(agreement) = &folder.agreement {
        walk::objects(&agreement.tree, &mut |pointer, _, object| {
            // `blank` in `[meta]` and `[[placeholder]]` is a print format, not a block.
            if pointer.under("meta") || pointer.under("placeholder") {
                return;
            }
            if let Some(key) = object.fields(["blank"])[0].and_then(Node::as_str) {
                used.insert(key);
                if !declared.contains(key) {
                    blanks.push(key);
                }
            }
        });
        for key in blanks.drain(..) {
            let pointer = blank_pointer(&agreement.tree, key).unwrap_or_default();
            out.push(
                Diagnostic::at(
                    Code::PlaceholderUndeclared,
                    &agreement.path,
                    pointer,
                    format!("blank `{key}` has no `[[placeholder]]` declaration"),
                )
                .with_help(format!("declare it: [[placeholder]] key = \"{key}\", label = \"…\", required = false")),
            );
        }
        for (i, placeholder) in agreement.value.placeholder.iter().enumerate() {
            if !used.contains(placeholder.key.as_str()) {
                out.push(
                    Diagnostic::at(
                        Code::PlaceholderUnused,
                        &agreement.path,
                        format!("/placeholder/{i}/key"),
                        format!("placeholder `{}` is declared but never used", placeholder.key),
                    )
                    .with_help(format!("use it in text as `{{{{ {} }}}}` or remove the declaration", placeholder.key)),
                );
            }
        }
        for (i, footnote) in agreement.value.footnote.iter().enumerate() {
            if !cited.contains(footnote.id.as_str()) {
                out.push(
                    Diagnostic::at(
                        Code::FootnoteUnused,
                        &agreement.path,
                        format!("/footnote/{i}/id"),
                        format!("footnote `{}` is never referenced", footnote.id),
                    )
                    .with_help(format!("reference it in text as `[^{}]` or remove it", footnote.id)),
                );
            }
        }
    }
}

fn blank_pointer(tree: &Node, key: &str) -> Option<String> {
    let mut found = None;
    walk::strings(tree, &mut |pointer, name, text| {
        if found.is_none() && name == "blank" && text == key && !pointer.under("meta") && !pointer.under("placeholder")
        {
            found = Some(pointer.to_string());
        }
    });
    found
}

/// Links in a text: `[text](#id)` must name an id of the agreement, and an
/// external link is `https://` or `mailto:`.
fn links(text: &str, file: &Path, pointer: &walk::Pointer<'_>, index: &IdIndex<'_>, out: &mut Vec<Diagnostic>) {
    use crate::render::inline::{LinkTarget, links};
    for (raw, _, target) in links(text) {
        match LinkTarget::of(target) {
            LinkTarget::Internal(id) if index.kind(id).is_none() => {
                let d = Diagnostic::in_text(
                    Code::LinkTargetMissing,
                    file,
                    pointer,
                    raw,
                    format!("the link points to `#{id}`, which is no id in this agreement"),
                );
                out.push(match closest(id, index.sites.keys().copied()) {
                    Some(best) => d.with_help(format!("did you mean `#{best}`?")),
                    None => d.with_help("link to the id of a clause, annex, section, measure or sub-processor, e.g. `[Punkt 3](#vertraulichkeit)`"),
                });
            }
            LinkTarget::Internal(_) | LinkTarget::External(_) => {}
            LinkTarget::Refused(target) => out.push(
                Diagnostic::in_text(
                    Code::LinkScheme,
                    file,
                    pointer,
                    raw,
                    format!("`{target}` is not a link avv prints"),
                )
                .with_help("link to a node of the agreement (`#id`) or to an `https://` or `mailto:` address"),
            ),
        }
    }
}
