//! The catalogue of rule codes. Codes are stable: never renamed, renumbered
//! or reused; a test keeps them unique and documented.

use super::Severity;

/// A validation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Rule {
    /// Stable kebab-case code.
    pub code: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Why it matters (with the legal basis where there is one).
    pub rationale: &'static str,
}

macro_rules! rules {
    ($($code:literal $severity:ident $summary:literal $rationale:literal;)+) => {
        /// Every rule avv knows, in documentation order.
        pub const RULES: &[Rule] = &[
            $(Rule { code: $code, severity: Severity::$severity, summary: $summary, rationale: $rationale },)+
        ];
    };
}

rules! {
    // Files and syntax
    "unreadable-file" Error "A file could not be read." "avv can only check what it can read.";
    "not-a-file" Error "A path named like an agreement file is a directory or another non-file." "agreement.toml, tom.toml and subprocessors.toml must be regular files.";
    "symlink-outside-repo" Error "A symbolic link points outside the repository." "Agreements must be reviewable in the repository itself; a link to elsewhere escapes review.";
    "file-too-large" Error "A file is larger than 4 MiB." "No agreement file comes near that size; the limit keeps validation fast and safe.";
    "empty-file" Error "A file is empty." "Every file needs at least `schema_version` and its main table.";
    "binary-file" Error "A file contains NUL bytes." "Agreement files are text.";
    "invalid-utf8" Error "A file is not valid UTF-8." "TOML files must be UTF-8.";
    "toml-syntax" Error "The file is not valid TOML." "Nothing else can be checked until the file parses.";
    "duplicate-key" Error "A key is defined twice in the same table." "TOML forbids it, and the second value would silently win in other tools.";
    "unknown-file" Warning "A file in an agreement folder is not one avv knows." "A misspelt file name (agremeent.toml) would silently be ignored.";
    "missing-agreement-file" Error "An agreement folder has no agreement.toml." "The metadata (id, version, status) lives there.";
    // Schema
    "schema-version" Error "`schema_version` is not a version this avv understands." "The format may change; the version says which rules apply.";
    "unknown-key" Error "A key is not part of the format." "A typo would otherwise be ignored silently.";
    "missing-key" Error "A required key is missing." "The format needs it.";
    "wrong-type" Error "A value has the wrong type." "The format needs a different kind of value here.";
    "invalid-value" Error "A value is not one of the allowed codes." "Closed vocabularies keep the data comparable and checkable.";
    "date-invalid" Error "A date is not a real calendar date in ISO form." "Dates drive versions, notices and objection deadlines; they must be exact.";
    "id-format" Error "An id is not kebab-case of at most 64 characters." "Ids are stable anchors in URLs, diffs and histories.";
    "country-code" Error "A country is not an ISO 3166-1 alpha-2 code." "Transfer rules need exact countries.";
    "duration-format" Error "A duration is not an ISO 8601 duration such as P14D." "Objection deadlines are computed from it.";
    "block-shape" Error "A block does not have exactly one of p, list, table, embed, choice, blank." "A block is one piece of content.";
    "schema-violation" Error "The value does not match the JSON Schema." "See the message for the constraint.";
    // Identity and references
    "folder-id-mismatch" Error "`meta.id` differs from the folder name." "The folder name is the agreement's id in URLs, customer instances and history.";
    "duplicate-id" Error "An id is used twice in one agreement folder." "Ids identify clauses, measures and sub-processors across versions (GDPR Art. 28(2) notices and histories depend on it).";
    "broken-reference" Error "A reference to an id does not resolve." "A dangling reference makes the document say something that is not there.";
    "duplicate-display-number" Warning "Two siblings print the same number." "Readers and change texts cannot tell them apart.";
    "link-target-missing" Error "A link `[text](#id)` names an id the agreement does not have." "The printed document would point nowhere; a renamed clause must take its links along.";
    "link-scheme" Error "A link is neither `#id` nor an `https://` or `mailto:` address." "Documents sent to customers link only to their own text or to secure addresses; anything else (`http:`, `javascript:`, file paths) is printed as text.";
    "footnote-undefined" Error "Text references a footnote that is not defined." "The rendered document would show a dangling mark.";
    "footnote-unused" Warning "A footnote is never referenced." "Probably a leftover.";
    "template-syntax-in-data" Error "Text contains template syntax other than `{{ key }}`." "Data must not carry template logic; it could change what renders.";
    "placeholder-undeclared" Error "Text uses `{{ key }}` without a `[[placeholder]]` for it." "Customer instances could not fill it.";
    "placeholder-unused" Warning "A placeholder is declared but never used." "Probably a leftover.";
    "embed-target-missing" Error "A block embeds data the agreement does not have." "The rendered document would have a hole.";
    "choice-duplicate-option" Error "Two options of one choice share an id." "A customer's choice must be unambiguous.";
    "allow-without-reason" Error "An allowance has an empty reason." "Exceptions must be reviewable.";
    "allow-unknown-rule" Error "An allowance names a rule that does not exist." "Probably a typo; it would suppress nothing.";
    "allow-unused" Warning "An allowance suppresses nothing." "Stale allowances hide future defects.";
    // Art. 28 content
    "art28-coverage" Error "An Art. 28(3) item (a)–(h) is covered by no clause." "GDPR Art. 28(3) requires the contract to stipulate each of (a)–(h).";
    "art28-3-a-detail" Warning "The third-country or legal-requirement part of Art. 28(3)(a) is not covered." "Art. 28(3)(a) names transfers and the duty to inform of a legal requirement to process.";
    "infringing-instruction-missing" Warning "No clause obliges the processor to warn of infringing instructions." "GDPR Art. 28(3) last subparagraph.";
    "particulars-missing" Error "A particular of Art. 28(3) (subject matter, duration, nature, purpose, data types, data subjects) is neither stated nor delegated." "GDPR Art. 28(3) first sentence.";
    "particulars-delegated" Info "A particular is only delegated to another document." "EDPB Guidelines 07/2020 para. 109 ask for concrete information, not only references.";
    "art28-2-objection-missing" Warning "General authorisation without a clause giving the right to object." "GDPR Art. 28(2): under a general authorisation the controller must be able to object to changes.";
    "objection-period-missing" Info "General authorisation without an objection period." "Without a period, objection deadlines cannot be computed.";
    "art28-4-flowdown-missing" Warning "No clause passes the obligations on to sub-processors." "GDPR Art. 28(4).";
    "dpo-contact-missing" Warning "A DPO is appointed but no contact is given." "GDPR Art. 37(7); SCC 2021/915 Annex I.";
    "outdated-legal-reference" Warning "The text cites repealed law (BDSG a.F. §§ 9, 11, Directive 95/46/EC, Privacy Shield, Safe Harbor)." "Repealed or invalidated law gives no legal basis.";
    "citation-style" Info "The text cites the GDPR with a section sign (§ … DS-GVO)." "The GDPR has articles; the citation is likely a slip.";
    // Sub-processors and transfers
    "subprocessor-list-missing" Error "A contract has neither subprocessors.toml nor an external list." "GDPR Art. 28(2); EDPB Opinion 22/2024: the controller must know every sub-processor.";
    "subprocessor-list-external" Info "The sub-processor list is only published by URL." "avv cannot diff or notify changes to it.";
    "third-country-mechanism-missing" Error "A sub-processor outside the EU/EEA has no transfer mechanism." "GDPR Art. 44 ff.: every transfer to a third country needs an adequacy decision, appropriate safeguards or a derogation.";
    "adequacy-decision-mismatch" Error "An adequacy decision does not cover the sub-processor's country." "Adequacy decisions apply to one country (GDPR Art. 45).";
    "subprocessor-effective-before-notice" Error "A sub-processor takes effect before its objection period ends." "GDPR Art. 28(2): the controller must have the opportunity to object before the change.";
    "mentioned-provider-not-listed" Warning "A measure names a provider that is not in the sub-processor list." "GDPR Art. 28(2), (4): every processor in the chain must be identified.";
    // TOM
    "control-without-measure" Warning "A measure has a label but no text or items." "An empty heading promises nothing (GDPR Art. 32).";
    "retired-still-present" Error "A retired measure's id is still used." "A tombstone reserves the id; reuse would break the history.";
    "retired-reason-empty" Error "A retired measure has no reason." "The security level may not drop; removing a measure needs a justification.";
    // Versions and history
    "version-format" Error "A version label has characters other than letters, digits, `.`, `-`, `_` and `+`, or is longer than 32." "A version names files, URLs, PDF metadata and tags (`<agreement>/v<version>`); quotes, spaces or control characters in it could break any of them.";
    "version-order" Error "Version rows are not in increasing order, or the current version is older than the last row." "A history must be monotonic.";
    "history-date-order" Warning "History row dates go backwards." "Probably a typo in a date.";
    "history-row-date-missing" Warning "A history row has no date." "Every published version has a date.";
    // Changes (pre-commit hook)
    "version-not-bumped" Error "An agreement's content changes but `meta.version` stays the same." "Every published change needs its own version, so customers know which text they signed.";
    "locked-text-changed" Error "The text of a clause marked `locked = true` (or within one) changes, or the clause is removed." "Locked texts such as the standard contractual clauses (Art. 46(2)(c), Art. 28(7)) must be used unchanged; lifting a lock is a change of its own, made and reviewed before the text changes.";
    "measure-removed-without-justification" Error "A TOM measure is removed without a `[[retired]]` entry giving the reason." "The agreements promise that the security level never drops (GDPR Art. 28(3)(c), 32); a removal must be justified.";
    "measure-weakened-without-justification" Error "A TOM measure is weakened without a `[[justification]]` for the version." "The agreements promise that the security level never drops (GDPR Art. 28(3)(c), 32); a weakening must be justified.";
    "format-not-canonical" Error "A staged file is not in the canonical layout of `avv fmt` (when `[hook] require_canonical_format` is on)." "One layout keeps reviews about content, not whitespace and key order.";
    "format-comment-in-inline-table" Error "`avv fmt` met a comment inside an inline table `{ … }`, where the canonical layout cannot keep it." "avv fmt never drops a comment; it stops and asks to move it.";
    // Customer instances
    "instance-agreement-mismatch" Error "A customer instance names another agreement than its folder." "The instance must belong to the template it fills.";
    "instance-version-unknown" Error "A customer instance names a version the agreement never had (in its files or in git)." "The signed text must be reconstructible.";
    "customer-file-name" Error "A customer instance's file name is not a kebab-case id." "The file name is the customer's id and the name of its published documents: `Müller.toml` and `M-ller.toml` would both become `M-ller.pdf`, one contract silently replacing the other.";
    "placeholder-unfilled" Error "A required placeholder has no value in a customer instance." "The customer's contract would contain a blank.";
    "placeholder-unknown" Error "A customer instance fills a placeholder the agreement does not declare." "Probably a typo.";
    "choice-unresolved" Error "A customer instance does not choose an option for a choice." "The contract would be ambiguous.";
    "choice-invalid" Error "A customer instance chooses an option that does not exist, or several where one is allowed." "The contract would be ambiguous.";
    "choice-unknown" Error "A customer instance chooses for a choice the agreement does not have." "Probably a typo.";
    "particulars-instance-empty" Error "The agreement expects the customer to supply particulars, but the instance has none." "GDPR Art. 28(3): the data types and data subjects must be stated.";
    "signature-missing" Warning "A signed instance has no signing place or date." "GDPR Art. 28(9): the contract is in writing.";
}

/// The rule catalogue as JSON: `{"version": 1, "rules": [{code, severity,
/// summary, rationale}]}`, for tools that configure or document avv.
pub fn rules_json() -> String {
    let document = serde_json::json!({ "version": super::render::JSON_FORMAT_VERSION, "rules": RULES });
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

/// The rule catalogue as a Markdown document (committed as `docs/rules.md`).
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Validation rules\n\nGenerated by `avv rules --format markdown`; do not edit by hand. Codes are stable: they are never renamed or reused.\n\n| Code | Severity | Checks | Why |\n|---|---|---|---|\n",
    );
    for r in RULES {
        out.push_str(&format!("| `{}` | {} | {} | {} |\n", r.code, r.severity.as_str(), r.summary, r.rationale));
    }
    out.push_str("\nSeverities: `error` fails `avv validate` (exit code 1); `warning` fails it only with `--deny warnings`; `info` never fails it.\nAny rule can be allowed on one node with `allow = [{ rule = \"<code>\", reason = \"…\" }]`; see the README.\n");
    out
}

/// The rule with `code`, if there is one.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::primitives::is_kebab_id;

    #[test]
    fn codes_are_unique_kebab_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.code), "duplicate rule code {}", rule.code);
            assert!(is_kebab_id(rule.code) || rule.code.starts_with("art28"), "{}", rule.code);
            assert!(rule.summary.ends_with('.'), "{}", rule.code);
            assert!(!rule.rationale.is_empty(), "{}", rule.code);
        }
    }
}
