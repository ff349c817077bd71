//! The catalogue of rule codes. Codes are stable: never renamed, renumbered
//! or reused; a test keeps them unique and documented.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

use super::Severity;

/// A validation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable kebab-case code (serialised as its string).
    pub code: Code,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Why it matters (with the legal basis where there is one).
    pub rationale: &'static str,
}

/// Declares the catalogue: `Variant "kebab-code" Severity "summary" "rationale";`.
///
/// Generates [`Code`] (one variant per rule, documented with its summary)
/// and [`RULES`] in the same order, so `RULES[code as usize]` is the code's
/// rule and a misspelt code in the source does not compile.
macro_rules! rules {
    ($($variant:ident $code:literal $severity:ident $summary:literal $rationale:literal;)+) => {
        /// A rule's code. In every output and in `allow` lists it is the
        /// kebab-case string ([`Code::as_str`]); those strings are stable.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(#[doc = $summary] $variant,)+
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable kebab-case code.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),+ }
            }

            /// The code a kebab-case string names, if it names one
            /// (user input: `allow` lists, cached findings).
            pub fn parse(code: &str) -> Option<Self> {
                match code {
                    $($code => Some(Code::$variant),)+
                    _ => None,
                }
            }
        }

        /// Every rule avv knows, in documentation order.
        pub const RULES: &[Rule] = &[
            $(Rule { code: Code::$variant, severity: Severity::$severity, summary: $summary, rationale: $rationale },)+
        ];
    };
}

rules! {
    // Files and syntax
    UnreadableFile "unreadable-file" Error "A file could not be read." "avv can only check what it can read.";
    NotAFile "not-a-file" Error "A path named like an agreement file is a directory or another non-file." "agreement.toml, tom.toml and subprocessors.toml must be regular files.";
    SymlinkOutsideRepo "symlink-outside-repo" Error "A symbolic link points outside the repository." "Agreements must be reviewable in the repository itself; a link to elsewhere escapes review.";
    FileTooLarge "file-too-large" Error "A file is larger than 4 MiB." "No agreement file comes near that size; the limit keeps validation fast and safe.";
    EmptyFile "empty-file" Error "A file is empty." "Every file needs at least `schema_version` and its main table.";
    HiddenCharacter "hidden-character" Error "A text holds an invisible character that reorders or hides text: a bidirectional override, embedding or isolate, or a zero-width space." "A reviewer cannot see it in a diff or an editor, yet the printed text says something else (\"Trojan Source\", CVE-2021-42574).";
    BinaryFile "binary-file" Error "A file contains NUL bytes." "Agreement files are text.";
    InvalidUtf8 "invalid-utf8" Error "A file is not valid UTF-8." "TOML files must be UTF-8.";
    TomlSyntax "toml-syntax" Error "The file is not valid TOML." "Nothing else can be checked until the file parses.";
    DuplicateKey "duplicate-key" Error "A key is defined twice in the same table." "TOML forbids it, and the second value would silently win in other tools.";
    UnknownFile "unknown-file" Warning "A file in an agreement folder is not one avv knows." "A misspelt file name (agremeent.toml) would silently be ignored.";
    MissingAgreementFile "missing-agreement-file" Error "An agreement folder has no agreement.toml." "The metadata (id, version, status) lives there.";
    // Schema
    SchemaVersion "schema-version" Error "`schema_version` is not a version this avv understands." "The format may change; the version says which rules apply.";
    UnknownKey "unknown-key" Error "A key is not part of the format." "A typo would otherwise be ignored silently.";
    MissingKey "missing-key" Error "A required key is missing." "The format needs it.";
    WrongType "wrong-type" Error "A value has the wrong type." "The format needs a different kind of value here.";
    InvalidValue "invalid-value" Error "A value is not one of the allowed codes." "Closed vocabularies keep the data comparable and checkable.";
    DateInvalid "date-invalid" Error "A date is not a real calendar date in ISO form." "Dates drive versions, notices and objection deadlines; they must be exact.";
    IdFormat "id-format" Error "An id is not kebab-case of at most 64 characters." "Ids are stable anchors in URLs, diffs and histories.";
    CountryCode "country-code" Error "A country is not an ISO 3166-1 alpha-2 code." "Transfer rules need exact countries.";
    DurationFormat "duration-format" Error "A duration is not an ISO 8601 duration such as P14D." "Objection deadlines are computed from it.";
    BlockShape "block-shape" Error "A block does not have exactly one of p, list, table, embed, choice, blank." "A block is one piece of content.";
    SchemaViolation "schema-violation" Error "The value does not match the JSON Schema." "See the message for the constraint.";
    // Identity and references
    FolderIdMismatch "folder-id-mismatch" Error "`meta.id` differs from the folder name." "The folder name is the agreement's id in URLs, customer instances and history.";
    DuplicateId "duplicate-id" Error "An id is used twice in one agreement folder." "Ids identify clauses, measures and sub-processors across versions (GDPR Art. 28(2) notices and histories depend on it).";
    BrokenReference "broken-reference" Error "A reference to an id does not resolve." "A dangling reference makes the document say something that is not there.";
    DuplicateDisplayNumber "duplicate-display-number" Warning "Two siblings print the same number." "Readers and change texts cannot tell them apart.";
    LinkTargetMissing "link-target-missing" Error "A link `[text](#id)` names an id the agreement does not have." "The printed document would point nowhere; a renamed clause must take its links along.";
    LinkScheme "link-scheme" Error "A link is neither `#id` nor an `https://` or `mailto:` address." "Documents sent to customers link only to their own text or to secure addresses; anything else (`http:`, `javascript:`, file paths) is printed as text.";
    FootnoteUndefined "footnote-undefined" Error "Text references a footnote that is not defined." "The rendered document would show a dangling mark.";
    FootnoteUnused "footnote-unused" Warning "A footnote is never referenced." "Probably a leftover.";
    PageNumberAsText "page-number-as-text" Warning "Text names a page by its number (\"Seite 11\")." "A page number typed as text goes stale when the layout changes (another font, a longer clause, Word instead of PDF); `[{seite}](#id)` lets the document count it.";
    TemplateSyntaxInData "template-syntax-in-data" Error "Text contains template syntax other than `{{ key }}`." "Data must not carry template logic; it could change what renders.";
    PlaceholderUndeclared "placeholder-undeclared" Error "Text uses `{{ key }}` without a `[[placeholder]]` for it." "Customer instances could not fill it.";
    PlaceholderUnused "placeholder-unused" Warning "A placeholder is declared but never used." "Probably a leftover.";
    EmbedTargetMissing "embed-target-missing" Error "A block embeds data the agreement does not have." "The rendered document would have a hole.";
    ChoiceDuplicateOption "choice-duplicate-option" Error "Two options of one choice share an id." "A customer's choice must be unambiguous.";
    ChoiceOptionsDiffer "choice-options-differ" Error "A choice used in several places offers different options in one of them." "A choice id used again is the same decision printed in another place; the customer decides once, so every place must offer the same options.";
    AlternativeMalformed "alternative-malformed" Error "An alternative inside a sentence is not written `{{ choice: a = words | b = words }}`." "The customer could not choose, and the document would print the markup.";
    OptionalRequiredContent "optional-required-content" Error "An optional clause covers content GDPR Art. 28(3) requires." "A customer may leave an optional clause out; the contract would then lack required content (GDPR Art. 28(3)).";
    ScaffoldTextUnfilled "scaffold-text-unfilled" Error "A text still holds the filler `avv new` wrote („(Regelung zu … ausfüllen.)“, „Name des Auftragnehmers“): an error once the version is released, a warning under review, an info in a draft." "A released contract would promise a filler instead of an obligation, or name no processor (GDPR Art. 28(3), (9)).";
    AllowWithoutReason "allow-without-reason" Error "An allowance has an empty reason." "Exceptions must be reviewable.";
    AllowUnknownRule "allow-unknown-rule" Error "An allowance names a rule that does not exist." "Probably a typo; it would suppress nothing.";
    AllowUnused "allow-unused" Warning "An allowance suppresses nothing." "Stale allowances hide future defects.";
    // Art. 28 content
    Art28Coverage "art28-coverage" Error "An Art. 28(3) item (a)–(h) is covered by no clause." "GDPR Art. 28(3) requires the contract to stipulate each of (a)–(h).";
    Art28_3aDetail "art28-3-a-detail" Warning "The third-country or legal-requirement part of Art. 28(3)(a) is not covered." "Art. 28(3)(a) names transfers and the duty to inform of a legal requirement to process.";
    InfringingInstructionMissing "infringing-instruction-missing" Warning "No clause obliges the processor to warn of infringing instructions." "GDPR Art. 28(3) last subparagraph.";
    ParticularsMissing "particulars-missing" Error "A particular of Art. 28(3) (subject matter, duration, nature, purpose, data types, data subjects) is neither stated nor delegated." "GDPR Art. 28(3) first sentence.";
    ParticularsDelegated "particulars-delegated" Info "A particular is only delegated to another document." "EDPB Guidelines 07/2020 para. 109 ask for concrete information, not only references.";
    Art28_2ObjectionMissing "art28-2-objection-missing" Warning "General authorisation without a clause giving the right to object." "GDPR Art. 28(2): under a general authorisation the controller must be able to object to changes.";
    SubprocessingChoice "subprocessing-choice" Error "Sub-processing terms chosen per customer do not match the choice in the text." "Each customer's authorisation and objection period follow the option its instance chose; an option without terms, or terms for an option that does not exist, leave a customer's Art. 28(2) rights undefined.";
    ObjectionPeriodMissing "objection-period-missing" Info "General authorisation without an objection period." "Without a period, objection deadlines cannot be computed.";
    ObjectionPeriodZero "objection-period-zero" Error "An objection period is no time at all (`P0D`)." "GDPR Art. 28(2): the controller must have the opportunity to object; a notice's last day to object would be its own day.";
    ObjectionPeriodDiffers "objection-period-differs" Warning "The contract's text gives another period to object than `objection_period` records (\"binnen 14 Tagen widersprechen\" beside `P30D`)." "Notices compute the last day to object from `objection_period`; customers hold the processor to the text they signed.";
    Art28_4FlowdownMissing "art28-4-flowdown-missing" Warning "No clause passes the obligations on to sub-processors." "GDPR Art. 28(4).";
    DpoContactMissing "dpo-contact-missing" Warning "A DPO is appointed but no contact is given." "GDPR Art. 37(7); SCC 2021/915 Annex I.";
    OutdatedLegalReference "outdated-legal-reference" Warning "The text cites repealed law (BDSG a.F. §§ 9, 11, Directive 95/46/EC, Privacy Shield, Safe Harbor, the standard contractual clauses of 2001/497, 2004/915 and 2010/87)." "Repealed or invalidated law gives no legal basis.";
    CitationStyle "citation-style" Info "The text cites the GDPR with a section sign (§ … DS-GVO)." "The GDPR has articles; the citation is likely a slip.";
    // Sub-processors and transfers
    SubprocessorListMissing "subprocessor-list-missing" Error "A contract has neither subprocessors.toml nor an external list." "GDPR Art. 28(2); EDPB Opinion 22/2024: the controller must know every sub-processor.";
    SubprocessorListNotPrinted "subprocessor-list-not-printed" Error "The sub-processor list, or a group of it, prints nowhere: `placed_in` names a clause that does not embed it, the document's parts leave it out and no clause embeds it, or every embed names its groups and none names this one." "GDPR Art. 28(2), (4): the contract names the sub-processors; a list that prints nowhere leaves them out of every document while notices and change texts speak of them.";
    SubprocessorListExternal "subprocessor-list-external" Info "The sub-processor list is only published by URL." "avv cannot diff or notify changes to it.";
    ThirdCountryMechanismMissing "third-country-mechanism-missing" Error "A sub-processor outside the EU/EEA has no transfer mechanism." "GDPR Art. 44 ff.: every transfer to a third country needs an adequacy decision, appropriate safeguards or a derogation.";
    CountryUnknown "country-unknown" Error "A country code is not one ISO 3166-1 assigns (`UK` instead of `GB`, `EL` instead of `GR`)." "Documents print the country's name, and the transfer rules decide by the code whether a country is in the EEA or has an adequacy decision (GDPR Art. 45): an unknown code is a third country without one.";
    AdequacyDecisionMismatch "adequacy-decision-mismatch" Error "An adequacy decision does not cover the sub-processor's country." "Adequacy decisions apply to one country (GDPR Art. 45).";
    TransferDetailInvalid "transfer-detail-invalid" Error "A transfer names an SCC module other than 1 to 4, an Art. 49(1) point other than `a` to `g`, or a detail of another mechanism (a module without `scc`, a point without `derogation`, a decision without `adequacy`, an instrument beside an adequacy decision or a derogation)." "Change texts and notices print these details (\"Standardvertragsklauseln (Modul 3)\", \"Ausnahme nach Art. 49 Abs. 1 lit. b DS-GVO\"): a module or point that does not exist, or a detail of a mechanism the transfer does not use, misstates its legal basis (GDPR Art. 46(2)(c), Art. 49(1)).";
    ColumnCodesUnused "column-codes-unused" Warning "`codes = true` is set on a column of the sub-processor list that shows no country (only `country` and `location` print countries)." "The setting would change nothing in the printed list, while its writer meant codes to print somewhere.";
    FreeColumnUnmatched "free-column-unmatched" Error "A free column of the sub-processor list shows a key no sub-processor has, or a sub-processor has an `extra` value no column shows." "The printed list would have an empty column, or silently leave out what a sub-processor entry says.";
    SubprocessorEffectiveBeforeNotice "subprocessor-effective-before-notice" Error "A sub-processor takes effect before its objection period ends." "GDPR Art. 28(2): the controller must have the opportunity to object before the change.";
    MentionedProviderNotListed "mentioned-provider-not-listed" Warning "A measure names a provider that is not in the sub-processor list." "GDPR Art. 28(2), (4): every processor in the chain must be identified.";
    // TOM
    ControlWithoutMeasure "control-without-measure" Warning "A measure has a label but no text or items." "An empty heading promises nothing (GDPR Art. 32).";
    RetiredStillPresent "retired-still-present" Error "A retired measure's id is still used." "A tombstone reserves the id; reuse would break the history.";
    RetiredReasonEmpty "retired-reason-empty" Error "A retired measure has no reason." "The security level may not drop; removing a measure needs a justification.";
    TomTableUnfit "tom-table-unfit" Error "A TOM annex's measure tables cannot be printed: no column of measures, a column twice, a kind missing or where none belongs, text after tables per section, or a section they cannot show (sub-sections or paragraphs in the annex's one table, measures with sub-items, a measure of a kind no column lists)." "A table shows a title, texts and kinds: the annex would print as sections and lists instead, unlike its source.";
    // Versions and history
    VersionFormat "version-format" Error "A version label has characters other than letters, digits, `.`, `-`, `_` and `+`, or is longer than 32." "A version names files, URLs, PDF metadata and tags (`<agreement>/v<version>`); quotes, spaces or control characters in it could break any of them.";
    VersionOrder "version-order" Error "Version rows are not in increasing order, the current version is older than the last row, or a commit lowers a version." "A history must be monotonic.";
    HistoryDateOrder "history-date-order" Warning "History row dates go backwards." "Probably a typo in a date.";
    HistoryRowDateMissing "history-row-date-missing" Warning "A history row has no date." "Every published version has a date.";
    // Changes (pre-commit hook)
    VersionDateUnchanged "version-date-unchanged" Warning "A new version keeps the date of the version it follows, or is dated before it (the agreement, or a TOM annex or sub-processor list with a version of its own)." "The version table and the documents print each version's date, its „Stand“: two versions of one date cannot be told apart, and a signed version is known by its number and date.";
    VersionNotBumped "version-not-bumped" Error "An agreement's content changes but `meta.version` stays the same, or a merge changes the text of a version one of its sides released." "Every published change needs its own version, so customers know which text they signed.";
    LockedTextChanged "locked-text-changed" Error "The text of a clause marked `locked = true` (or within one) changes, or the clause is removed." "Locked texts such as the standard contractual clauses (Art. 46(2)(c), Art. 28(7)) must be used unchanged; lifting a lock is a change of its own, made and reviewed before the text changes.";
    VersionUnreleased "version-unreleased" Error "A released version (final, superseded or withdrawn) is set back to draft or review without a new version number." "A draft may change without a new version: a released text set back to draft could be rewritten under the number customers signed; changes after a release go into the next version.";
    ImportedRowAfterStart "imported-row-after-start" Error "A commit adds a row to the imported version table (`[history]`) for a version after the first one in git (or renumbers a row to one)." "The imported table records the versions from before the repository; a version made here has the row git writes from its commit, and an imported row in its place would hide what changed (a new sub-processor customers must be told of).";
    SignedContractChanged "signed-contract-changed" Error "A customer instance recorded as signed (or terminated) changes what its contract prints (the version signed, the customer's values, choices or particulars) without a later signature." "The record must show the contract as the customer signed it; a signed contract changes only by a new signature (GDPR Art. 28(9): in writing).";
    SignedContractDeleted "signed-contract-deleted" Warning "The record of a customer contract in force (`status = \"signed\"`) is deleted." "Its contract is no longer built; a contract that ends is marked `terminated`, and its record deleted once it need not be kept (GDPR Art. 5(1)(e)).";
    MeasureRemovedWithoutJustification "measure-removed-without-justification" Error "A TOM measure is removed without a `[[retired]]` entry giving the reason." "The agreements promise that the security level never drops (GDPR Art. 28(3)(c), 32); a removal must be justified.";
    MeasureWeakenedWithoutJustification "measure-weakened-without-justification" Error "A TOM measure, or the text of a TOM section or explanation describing the measures, is weakened without a `[[justification]]` for the version." "The agreements promise that the security level never drops (GDPR Art. 28(3)(c), 32); a weakening must be justified.";
    FormatNotCanonical "format-not-canonical" Error "A staged file is not in the canonical layout of `avv fmt` (when `[hook] require_canonical_format` is on)." "One layout keeps reviews about content, not whitespace and key order.";
    AgreementDeleted "agreement-deleted" Warning "An agreement folder with a released version is deleted (not renamed)." "The published site stops showing a deleted agreement, so customers who signed one of its versions can no longer read their text there; a withdrawn agreement stays published, marked as withdrawn.";
    PrivateOutputCommitted "private-output-committed" Error "avv's private output (rendered customer contracts in a folder marked `.avv-private`, notice letters in one marked `.avv-letters`) would be committed." "Customer contracts and letters hold personal data; a repository shares it with everyone who clones it and keeps it in its history (GDPR Art. 5(1)(f), 32).";
    FormatCommentInInlineTable "format-comment-in-inline-table" Error "`avv fmt` met a comment inside an inline table `{ … }`, where the canonical layout cannot keep it." "avv fmt never drops a comment; it stops and asks to move it.";
    // Customer instances
    InstanceAgreementMismatch "instance-agreement-mismatch" Error "A customer instance names another agreement than its folder." "The instance must belong to the template it fills.";
    InstanceVersionUnknown "instance-version-unknown" Error "A customer instance names a version the agreement never had (in its files or in git)." "The signed text must be reconstructible.";
    SignedBeforeVersion "signed-before-version" Warning "A customer instance records a signature dated before the version it names." "The record must show which text the customer signed: a signature before that text existed names the wrong version or the wrong day.";
    CustomerFileName "customer-file-name" Error "A customer instance's file name is not a kebab-case id." "The file name is the customer's id and the name of its published documents: `Müller.toml` and `M-ller.toml` would both become `M-ller.pdf`, one contract silently replacing the other.";
    PlaceholderUnfilled "placeholder-unfilled" Error "A required placeholder has no value in a customer instance." "The customer's contract would contain a blank.";
    PlaceholderUnknown "placeholder-unknown" Error "A customer instance fills a placeholder the agreement does not declare." "Probably a typo.";
    ChoiceUnresolved "choice-unresolved" Error "A customer instance does not choose an option for a choice." "The contract would be ambiguous.";
    ChoiceInvalid "choice-invalid" Error "A customer instance chooses an option that does not exist, or several where one is allowed." "The contract would be ambiguous.";
    ChoiceUnknown "choice-unknown" Error "A customer instance chooses for a choice the agreement does not have." "Probably a typo.";
    ParticularsInstanceEmpty "particulars-instance-empty" Error "The agreement expects the customer to supply particulars, but the instance has none." "GDPR Art. 28(3): the data types and data subjects must be stated.";
    SigningPartyUnknown "signing-party-unknown" Error "A customer instance gives a place or date of signing for a party without a signature block, or twice for one party." "The place and date would be printed nowhere, or one of two would be lost.";
    MailingAddressEmpty "mailing-address-empty" Error "A customer instance's `[mailing] address` has no lines, or an empty one." "Letters to the customer (a notice of new sub-processors, GDPR Art. 28(2)) would go to an incomplete address; without `[mailing]` they go to the address the contract was signed with.";
    SignatureMissing "signature-missing" Warning "A signed instance has no signing place or date." "GDPR Art. 28(9): the contract is in writing.";
}

impl Code {
    /// The rule with this code.
    pub fn rule(self) -> &'static Rule {
        &RULES[self.index()]
    }

    /// The rule's position in [`RULES`] (`rules!` declares the variants and
    /// the rules in the same order).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The default severity of the rule.
    pub fn severity(self) -> Severity {
        self.rule().severity
    }

    /// The code closest to a misspelt one, for "did you mean" help.
    pub fn closest(given: &str) -> Option<Self> {
        crate::spelling::closest(given, Self::ALL.iter().map(|c| c.as_str())).and_then(Self::parse)
    }
}

/// Codes order by their strings, as they did when they were strings: output
/// sorted by code keeps its order.
impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so that width and alignment (`{:20}`) apply.
        f.pad(self.as_str())
    }
}

/// A string that is no rule code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no rule `{given}`")]
pub struct UnknownCode {
    /// What was given.
    pub given: String,
}

impl FromStr for Code {
    type Err = UnknownCode;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Self::parse(code).ok_or_else(|| UnknownCode { given: code.to_owned() })
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Self::parse(&code).ok_or_else(|| de::Error::custom(UnknownCode { given: code }))
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::primitives::is_kebab_id;

    #[test]
    fn codes_are_unique_kebab_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            let code = rule.code.as_str();
            assert!(seen.insert(code), "duplicate rule code {code}");
            assert!(is_kebab_id(code), "{code}");
            assert!(rule.summary.ends_with('.'), "{code}");
            assert!(!rule.rationale.is_empty(), "{code}");
        }
    }

    #[test]
    fn every_code_round_trips_and_finds_its_rule() {
        assert_eq!(Code::ALL.len(), RULES.len());
        for &code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
            assert_eq!(code.as_str().parse::<Code>(), Ok(code));
            assert_eq!(code.rule().code, code);
            assert_eq!(code.to_string(), code.as_str());
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::Value::from(code.as_str()));
            assert_eq!(serde_json::from_value::<Code>(json).unwrap(), code);
        }
    }

    #[test]
    fn unknown_codes_do_not_parse() {
        for given in ["", "unknown", "Unknown-Key", "unknown_key", "unknown-key ", "art28"] {
            assert_eq!(Code::parse(given), None, "{given:?}");
            assert_eq!(given.parse::<Code>(), Err(UnknownCode { given: given.to_owned() }));
        }
        assert!(serde_json::from_value::<Code>(serde_json::json!("unknwon-key")).is_err());
        assert_eq!(Code::closest("unknwon-key"), Some(Code::UnknownKey));
        assert_eq!(Code::closest("zzz"), None);
    }

    #[test]
    fn codes_order_and_pad_as_strings() {
        assert!(Code::UnknownFile < Code::UnknownKey);
        assert!(Code::Art28Coverage < Code::UnreadableFile);
        assert_eq!(format!("[{:12}]", Code::EmptyFile), "[empty-file  ]");
    }
}
