//! The content GDPR Art. 28 requires: items (a)–(h) covered, the
//! particulars stated or delegated, sub-processing terms, DPO contact,
//! and citations of law that no longer applies.

use std::sync::LazyLock;

use super::walk;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::load::{Folder, MainFile};
use crate::model::agreement::ParticularsList;
use crate::model::codes::{AgreementKind, Art28Item, Authorisation, DpoStatus, ParticularsSource};
use crate::search::{self, Phrase};

/// Runs the Art. 28 content rules.
pub fn check(folder: &Folder, out: &mut Vec<Diagnostic>) {
    let Some(parsed) = &folder.agreement else { return };
    let a = &parsed.value;
    let file = parsed.path.as_path();
    let covered = a.covered_items();
    let is_contract = a.meta.kind != AgreementKind::Annex;

    let missing: Vec<Art28Item> = Art28Item::REQUIRED.iter().copied().filter(|i| !covered.contains(i)).collect();
    if is_contract {
        for item in &missing {
            out.push(
                Diagnostic::at(
                    Code::Art28Coverage,
                    file,
                    "/meta/kind",
                    format!("no clause covers {} ({item})", item.label_de()),
                )
                .with_help(format!(
                    "tag the clause that stipulates it with `covers = [\"{item}\"]`, or add such a clause"
                )),
            );
        }
    } else if !missing.is_empty() {
        let list: Vec<&str> = missing.iter().map(|i| i.code()).collect();
        out.push(
            Diagnostic::at(
                Code::Art28Coverage,
                file,
                "/meta/kind",
                format!("this standalone annex covers none of {}", list.join(", ")),
            )
            .with_severity(Severity::Warning)
            .with_help(
                "an annex relies on the contract it is attached to; allow this with a reason, or add the clauses",
            ),
        );
    }
    optional_required(a, file, out);
    if !is_contract {
        return;
    }
    if !covered.contains(&Art28Item::InfringingInstruction) {
        out.push(
            Diagnostic::at(Code::InfringingInstructionMissing, file, "/meta/kind", "no clause obliges the processor to warn the controller of infringing instructions")
                .with_help("tag the clause with `covers = [\"art28-3-infringing-instruction\"]`, or add it (GDPR Art. 28(3) last subparagraph)"),
        );
    }
    for (item, what) in [
        (Art28Item::ATransfers, "instructions on transfers to third countries"),
        (Art28Item::ALegalRequirement, "informing the controller of a legal requirement to process"),
    ] {
        if !covered.contains(&item) {
            out.push(
                Diagnostic::at(Code::Art28_3aDetail, file, "/meta/kind", format!("no clause covers {what} ({item})"))
                    .with_help(format!("tag the clause with `covers = [\"{item}\"]`, or add one (GDPR Art. 28(3)(a))")),
            );
        }
    }

    particulars(folder, out);

    if let Some(sub) = &a.subprocessing {
        subprocessing_choice(sub, &parsed.tree, file, out);
    }
    // The objection period itself: `objection.rs`.
    if let Some(sub) = &a.subprocessing
        && sub.may_be_general()
        && !covered.contains(&Art28Item::Art28_2Objection)
    {
        out.push(
            Diagnostic::at(
                Code::Art28_2ObjectionMissing,
                file,
                "/subprocessing/authorisation",
                "general authorisation, but no clause gives the controller the right to object to changes",
            )
            .with_help("add or tag a clause with `covers = [\"art28-2-objection\"]` (GDPR Art. 28(2))"),
        );
    }
    if !covered.contains(&Art28Item::Art28_4) {
        out.push(
            Diagnostic::at(
                Code::Art28_4FlowdownMissing,
                file,
                "/meta/kind",
                "no clause passes the processor's obligations on to sub-processors",
            )
            .with_help("tag the clause with `covers = [\"art28-4\"]`, or add one (GDPR Art. 28(4))"),
        );
    }
    if let Some(dpo) = &a.dpo
        && dpo.status == DpoStatus::Appointed
        && dpo.person.is_none()
        && dpo.published_in.is_none()
    {
        out.push(
            Diagnostic::at(
                Code::DpoContactMissing,
                file,
                "/dpo/status",
                "a DPO is appointed but neither `person` nor `published_in` says how to reach them",
            )
            .with_help("add `person = { name = \"…\", lines = [...] }` or `published_in = \"<reference id>\"`"),
        );
    }
}

fn particulars(folder: &Folder, out: &mut Vec<Diagnostic>) {
    let Some(parsed) = &folder.agreement else { return };
    let file = parsed.path.as_path();
    let Some(p) = &parsed.value.particulars else {
        out.push(
            Diagnostic::at(Code::ParticularsMissing, file, "/meta/kind", "the agreement has no `[particulars]` (subject matter, duration, nature, purposes, data types, data subjects)")
                .with_help("add `[particulars]`; each particular can point to the clause that states it or be delegated to a `[[reference]]`"),
        );
        return;
    };
    for (name, present, delegated_only) in [
        (
            "subject_matter",
            p.subject_matter.is_some(),
            p.subject_matter.as_ref().is_some_and(|x| x.clause.is_none() && x.delegated_to.is_some()),
        ),
        ("duration", p.duration.is_some(), false),
        (
            "nature",
            p.nature.is_some(),
            p.nature.as_ref().is_some_and(|x| x.clause.is_none() && x.delegated_to.is_some()),
        ),
    ] {
        if !present {
            out.push(
                Diagnostic::at(
                    Code::ParticularsMissing,
                    file,
                    "/particulars",
                    format!("`particulars.{name}` is missing"),
                )
                .with_help(format!(
                    "add `{name} = {{ clause = \"<clause id>\" }}` (or `delegated_to = \"<reference id>\"`)"
                )),
            );
        } else if delegated_only {
            out.push(
                Diagnostic::at(
                    Code::ParticularsDelegated,
                    file,
                    format!("/particulars/{name}"),
                    format!("`{name}` is only delegated to another document"),
                )
                .with_help(
                    "EDPB Guidelines 07/2020 ask for concrete information; consider stating it in the agreement",
                ),
            );
        }
    }
    let lists: [(&str, &Option<ParticularsList>); 3] =
        [("purposes", &p.purposes), ("data_categories", &p.data_categories), ("data_subjects", &p.data_subjects)];
    for (name, list) in lists {
        match list {
            None => out.push(
                Diagnostic::at(Code::ParticularsMissing, file, "/particulars", format!("`particulars.{name}` is missing"))
                    .with_help(format!("add `[particulars.{name}]` with `item = [...]`, or `source = \"instance\"` / `source = \"delegated\"`")),
            ),
            Some(list) => match list.source {
                ParticularsSource::Inline if list.item.is_empty() && list.clause.is_none() => out.push(
                    Diagnostic::at(Code::ParticularsMissing, file, format!("/particulars/{name}"), format!("`particulars.{name}` lists no items"))
                        .with_help("add the items, name the `clause` that states them, or set `source = \"instance\"` when each customer supplies them"),
                ),
                ParticularsSource::Delegated => {
                    if list.delegated_to.is_none() {
                        out.push(
                            Diagnostic::at(Code::ParticularsMissing, file, format!("/particulars/{name}"), format!("`particulars.{name}` is delegated, but not to any document"))
                                .with_help("add `delegated_to = \"<reference id>\"`"),
                        );
                    } else {
                        out.push(
                            Diagnostic::at(Code::ParticularsDelegated, file, format!("/particulars/{name}"), format!("`{name}` is only delegated to another document"))
                                .with_help("EDPB Guidelines 07/2020 ask for concrete information; consider listing it in the agreement"),
                        );
                    }
                }
                _ => {}
            },
        }
    }
}

/// Citations of repealed law and citation slips, in every text of the folder.
pub fn citations(folder: &Folder, out: &mut Vec<Diagnostic>) {
    // What every finding below needs: a phrase of `OUTDATED` or a `§`.
    static CANDIDATES: LazyLock<Vec<Phrase>> =
        LazyLock::new(|| OUTDATED.iter().map(|(phrase, ..)| *phrase).chain(["§"]).map(Phrase::new).collect());
    for MainFile { path: file, tree, .. } in
        folder.main_files().into_iter().flatten().filter(|file| file.may_contain(&CANDIDATES))
    {
        walk::strings(tree, &mut |pointer, key, text| {
            if matches!(key, "id" | "dpv" | "reason" | "rule") || pointer.passes("allow") {
                return;
            }
            let marks = citation_marks(text);
            if marks == 0 {
                return;
            }
            for (needle, what, help) in outdated_citations(text, marks) {
                out.push(
                    Diagnostic::in_text(
                        Code::OutdatedLegalReference,
                        file,
                        pointer,
                        needle.clone(),
                        format!("`{needle}` cites {what}"),
                    )
                    .with_help(help),
                );
            }
            let section_signs = if marks & SECTION_SIGN != 0 { section_sign_gdpr(text) } else { Vec::new() };
            for needle in section_signs {
                out.push(
                    Diagnostic::in_text(
                        Code::CitationStyle,
                        file,
                        pointer,
                        needle.clone(),
                        format!("`{needle}` cites the GDPR with a section sign"),
                    )
                    .with_help("the GDPR has articles: write `Art.` instead of `§`"),
                );
            }
        });
    }
}

/// What to cite instead of repealed data-protection law.
const CITE_GDPR: &str = "cite the GDPR or the current BDSG instead (e.g. Art. 28, Art. 32 DSGVO)";

/// What to cite instead of repealed standard contractual clauses.
const CITE_SCC: &str = "cite the standard contractual clauses in force, Implementing Decision (EU) 2021/914 (`instrument = \"2021/914\"`), with the module the transfer uses (3: processor to processor)";

/// Phrases citing repealed or invalidated law, what they cite, and what to
/// cite instead. The decisions of the earlier standard contractual clauses
/// were repealed by 2021/914; contracts on them lost their effect on
/// 27 December 2022 (its Art. 4(4)).
const OUTDATED: [(&str, &str, &str); 7] = [
    ("95/46/EG", "Directive 95/46/EC, repealed by the GDPR", CITE_GDPR),
    ("95/46/EC", "Directive 95/46/EC, repealed by the GDPR", CITE_GDPR),
    (
        "Privacy Shield",
        "the EU-US Privacy Shield, invalidated by the CJEU in 2020",
        "name the transfer's basis in force: the EU-U.S. Data Privacy Framework for a certified recipient, or the standard contractual clauses of 2021/914",
    ),
    (
        "Safe Harbor",
        "Safe Harbor, invalidated by the CJEU in 2015",
        "name the transfer's basis in force: the EU-U.S. Data Privacy Framework for a certified recipient, or the standard contractual clauses of 2021/914",
    ),
    (
        "2010/87",
        "the standard contractual clauses of Decision 2010/87/EU, repealed by Implementing Decision (EU) 2021/914 and without effect since 27 December 2022",
        CITE_SCC,
    ),
    (
        "2004/915",
        "the standard contractual clauses of Decision 2004/915/EC, repealed by Implementing Decision (EU) 2021/914 and without effect since 27 December 2022",
        CITE_SCC,
    ),
    (
        "2001/497",
        "the standard contractual clauses of Decision 2001/497/EC, repealed by Implementing Decision (EU) 2021/914 and without effect since 27 December 2022",
        CITE_SCC,
    ),
];

/// The bit [`citation_marks`] sets when a text holds a section sign.
const SECTION_SIGN: u32 = 1 << OUTDATED.len();

/// Which of the [`OUTDATED`] phrases (bit i) and whether a section sign
/// ([`SECTION_SIGN`]) occur in `text`. This runs on every text of every
/// folder and almost always finds nothing, so it first looks for bytes the
/// needles contain (`/` of "95/46", `y` of "Privacy", the second byte of
/// `§`) and for "Safe Harbor", the one phrase without such a byte; only a
/// text with one of them is searched phrase by phrase.
fn citation_marks(text: &str) -> u32 {
    static PHRASES: LazyLock<Vec<Phrase>> =
        LazyLock::new(|| OUTDATED.iter().map(|(phrase, ..)| Phrase::new(phrase)).collect());
    static HARBOR: LazyLock<Phrase> = LazyLock::new(|| Phrase::new("Safe Harbor"));
    if !HARBOR.occurs_in(text) && search::any_of(b'/', b'y', 0xa7, text.as_bytes()).is_none() {
        return 0;
    }
    let mut marks = 0;
    for (index, phrase) in PHRASES.iter().enumerate() {
        if phrase.occurs_in(text) {
            marks |= 1 << index;
        }
    }
    if text.contains('§') {
        marks |= SECTION_SIGN;
    }
    marks
}

/// Needles citing repealed or invalidated law; `marks` are the text's
/// [`citation_marks`].
fn outdated_citations(text: &str, marks: u32) -> Vec<(String, &'static str, &'static str)> {
    let mut out = Vec::new();
    for (index, (phrase, what, help)) in OUTDATED.iter().enumerate() {
        if marks & (1 << index) != 0 {
            out.push(((*phrase).to_owned(), *what, *help));
        }
    }
    if marks & SECTION_SIGN == 0 {
        return out;
    }
    // "§ 9 BDSG", "§ 11 Abs. 2 S. 2 Nr. 3 BDSG": the BDSG before 25 May 2018.
    let mut offset = 0;
    while let Some(at) = text[offset..].find('§') {
        let start = offset + at;
        let tail = &text[start..];
        let window_end = tail.char_indices().nth(40).map_or(tail.len(), |(i, _)| i);
        let window = &tail[..window_end];
        if let Some(end) = window.find("BDSG") {
            let between = &window['§'.len_utf8()..end];
            let number: String = between.trim_start().chars().take_while(char::is_ascii_digit).collect();
            if !between.contains('§') && !between.contains("GVO") && matches!(number.as_str(), "9" | "11") {
                out.push((
                    window[..end + 4].to_owned(),
                    "the BDSG in its version before 25 May 2018 (§ 9 and § 11 were replaced by Art. 32 and Art. 28 GDPR)",
                    CITE_GDPR,
                ));
            }
        }
        offset = start + '§'.len_utf8();
    }
    out
}

/// "§ 28 Abs. 2 Satz 2 DS-GVO": GDPR cited with a section sign.
fn section_sign_gdpr(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut offset = 0;
    while let Some(at) = text[offset..].find('§') {
        let start = offset + at;
        let tail = &text[start..];
        let window_end = tail.char_indices().nth(35).map_or(tail.len(), |(i, _)| i);
        let window = &tail[..window_end];
        for marker in ["DS-GVO", "DSGVO"] {
            if let Some(end) = window.find(marker)
                && !window[..end].contains("BDSG")
                && !window[..end].contains("Art")
            {
                out.push(window[..end + marker.len()].to_owned());
                break;
            }
        }
        offset = start + '§'.len_utf8();
    }
    out
}

/// Required content in an optional clause: a customer who leaves the clause
/// out would sign a contract without it.
fn optional_required(a: &crate::model::AgreementFile, file: &std::path::Path, out: &mut Vec<Diagnostic>) {
    use crate::model::clause::Clause;
    fn visit(clauses: &[Clause], pointer: &str, file: &std::path::Path, out: &mut Vec<Diagnostic>) {
        for (i, clause) in clauses.iter().enumerate() {
            let here = format!("{pointer}/clause/{i}");
            if !clause.optional {
                visit(&clause.clause, &here, file, out);
                continue;
            }
            let mut items = Vec::new();
            clause.covers_within(&mut items);
            items.retain(|item| Art28Item::REQUIRED.contains(item));
            items.sort();
            items.dedup();
            if items.is_empty() {
                continue;
            }
            let names: Vec<String> = items.iter().map(|i| format!("{} ({i})", i.label_de())).collect();
            out.push(
                Diagnostic::at(
                    Code::OptionalRequiredContent,
                    file,
                    format!("{here}/optional"),
                    format!("optional clause `{}` covers required content: {}", clause.id, names.join(", ")),
                )
                .with_help("a customer who leaves it out would sign a contract without it: move the required content into a clause that is always part of the contract, or make this clause mandatory"),
            );
        }
    }
    visit(&a.clause, "", file, out);
    for (i, annex) in a.annex.iter().enumerate() {
        visit(&annex.clause, &format!("/annex/{i}"), file, out);
    }
}

/// Terms chosen per customer: `[subprocessing] choice` names a choice of
/// the text, `terms` are for its options only (under `authorisation =
/// "choice"` for every one of them), and under
/// `authorisation = "choice"` every option says which authorisation.
fn subprocessing_choice(
    sub: &crate::model::agreement::Subprocessing,
    tree: &crate::load::Node,
    file: &std::path::Path,
    out: &mut Vec<Diagnostic>,
) {
    let finding = |pointer: String, message: String, help: String| {
        Diagnostic::at(Code::SubprocessingChoice, file, pointer, message).with_help(help)
    };
    let per_customer = sub.authorisation == Authorisation::Choice;
    let Some(choice) = &sub.choice else {
        if per_customer {
            out.push(finding(
                "/subprocessing/authorisation".into(),
                "`authorisation = \"choice\"` without the choice that decides it".into(),
                "name the choice in the text: `choice = \"<id>\"`, and give each of its options terms: `terms = [{ option = \"…\", authorisation = \"general\" }, …]`".into(),
            ));
        } else if !sub.terms.is_empty() {
            out.push(finding(
                "/subprocessing/terms".into(),
                "terms per option, but no `choice` whose options they are".into(),
                "name the choice in the text with `choice = \"<id>\"`, or remove `terms`".into(),
            ));
        }
        return;
    };
    let choices = super::customer::template_choices(tree);
    let Some(found) = choices.iter().find(|c| c.id == choice.as_str()) else {
        let known = choices.iter().map(|c| c.id.as_str());
        let help = match crate::spelling::closest(choice.as_str(), known) {
            Some(best) => format!("did you mean `{best}`? The choice must be a choice block, an alternative inside a sentence or an optional clause of agreement.toml"),
            None => "add the choice to the text (a choice block, an alternative inside a sentence or an optional clause), or name one that exists".into(),
        };
        out.push(finding("/subprocessing/choice".into(), format!("`{choice}` is no choice of this agreement"), help));
        return;
    };
    if found.select == crate::model::codes::ChoiceSelect::Any {
        out.push(finding(
            "/subprocessing/choice".into(),
            format!("choice `{choice}` takes several options; the terms need exactly one"),
            "let the choice take one option (`select = \"one\"`)".into(),
        ));
    }
    for (i, option) in sub.terms.iter().enumerate() {
        if !found.options.iter().any(|o| o == option.option.as_str()) {
            let help = match crate::spelling::closest(option.option.as_str(), found.options.iter().map(String::as_str))
            {
                Some(best) => {
                    format!("did you mean `{best}`? The options of `{choice}` are {}", found.options.join(", "))
                }
                None => format!("the options of `{choice}` are {}", found.options.join(", ")),
            };
            out.push(finding(
                format!("/subprocessing/terms/{i}/option"),
                format!("`{choice}` has no option `{}`", option.option),
                help,
            ));
        }
        if per_customer && option.authorisation.is_none() {
            out.push(finding(
                format!("/subprocessing/terms/{i}"),
                format!("option `{}` does not say which authorisation a customer choosing it gives", option.option),
                "add `authorisation = \"general\"` or `\"specific\"`".into(),
            ));
        }
        if option.authorisation == Some(Authorisation::Choice) {
            out.push(finding(
                format!("/subprocessing/terms/{i}/authorisation"),
                format!("option `{}` is itself a choice", option.option),
                "an option gives `general` or `specific` authorisation".into(),
            ));
        }
    }
    let missing: Vec<&str> = found
        .options
        .iter()
        .map(String::as_str)
        .filter(|o| !sub.terms.iter().any(|t| t.option.as_str() == *o))
        .collect();
    if per_customer && !missing.is_empty() {
        out.push(finding(
            "/subprocessing/choice".into(),
            format!("no terms for option{} {} of `{choice}`", if missing.len() == 1 { "" } else { "s" }, missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")),
            format!("add `{{ option = \"{}\", authorisation = \"…\" }}` to `terms`: a customer choosing it would have no authorisation", missing[0]),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outdated(text: &str) -> Vec<(String, &'static str, &'static str)> {
        outdated_citations(text, citation_marks(text))
    }

    #[test]
    fn finds_repealed_standard_contractual_clauses() {
        for (text, decision) in [
            ("Standardvertragsklauseln gemäß Beschluss 2010/87/EU der Kommission", "2010/87"),
            ("Standardvertragsklauseln (Entscheidung 2004/915/EG)", "2004/915"),
            ("Standardvertragsklauseln nach 2001/497/EG", "2001/497"),
        ] {
            let found = outdated(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].0, decision);
            assert!(found[0].2.contains("2021/914"), "{found:?}");
        }
        assert!(outdated("Standardvertragsklauseln (Durchführungsbeschluss (EU) 2021/914, Modul 3)").is_empty());
    }

    #[test]
    fn finds_outdated_bdsg() {
        let found = outdated("Gemäß § 11 Abs. 2 S. 2 Nr. 3 BDSG in Verbindung mit § 9 BDSG bzw. Art. 32 DSGVO");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "§ 11 Abs. 2 S. 2 Nr. 3 BDSG");
        assert!(outdated("§ 26 BDSG").is_empty());
        assert_eq!(outdated("EU-US Privacy Shield").len(), 1);
    }

    #[test]
    fn finds_section_sign_gdpr() {
        assert_eq!(section_sign_gdpr("(§ 28 Abs. 2 Satz 2 DS-GVO)"), vec!["§ 28 Abs. 2 Satz 2 DS-GVO"]);
        assert!(section_sign_gdpr("§ 9 BDSG bzw. Art. 32 DSGVO").is_empty());
        assert!(section_sign_gdpr("§ 273 BGB").is_empty());
    }
}
