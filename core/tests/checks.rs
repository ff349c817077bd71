//! Focused checks of single rules: the suggestions they make, their
//! boundaries, their severities and the cases where they must stay quiet.
//! Each test copies a valid fixture into a temporary repository, breaks one
//! thing and looks at the finding it produces.

mod support;

use avv_core::diagnostic::{Code, Severity};
use support::Scenario;

const AGREEMENT: &str = "agreement.toml";
const LIST: &str = "subprocessors.toml";
const CUSTOMER: &str = "customers/acme.toml";

fn minimal() -> Scenario {
    Scenario::from_valid("minimal")
}

fn customer() -> Scenario {
    Scenario::from_valid("customer-instance")
}

/// The minimal agreement with a general authorisation, a 14-day objection
/// period and a clause giving the right to object.
fn general_authorisation() -> Scenario {
    minimal()
        .edit(AGREEMENT, "authorisation = \"specific\"", "authorisation = \"general\"\nobjection_period = \"P14D\"")
        .edit(AGREEMENT, "\"art28-2\", ", "\"art28-2\", \"art28-2-objection\", ")
}

/// A sub-processor appended to the minimal list.
fn with_subprocessor(scenario: Scenario, fields: &str) -> Scenario {
    scenario.append(
        LIST,
        &format!("\n[[subprocessor]]\nid = \"neu\"\nname = \"Neu Inc.\"\nservice = \"Support\"\n{fields}\n"),
    )
}

// ---------------------------------------------------------------- suggestions

#[test]
fn unknown_key_suggests_the_known_one() {
    let outcome = minimal()
        .edit(AGREEMENT, "title = \"Auftragsverarbeitungsvertrag\"", "titel = \"Auftragsverarbeitungsvertrag\"")
        .validate();
    // One finding: the missing `title` is folded into the misspelt key.
    assert_eq!(outcome.codes(), [Code::UnknownKey], "{}", outcome.text);
    let finding = outcome.one(Code::UnknownKey);
    assert_eq!(finding.message, "unknown key `titel`, did you mean `title`? (`[meta]` requires `title`)");
    assert_eq!(finding.help.as_deref(), Some("rename `titel` to `title`"));
    assert_eq!((finding.start.line, finding.start.column), (10, 1), "points at the key:\n{}", outcome.text);
    assert_eq!(finding.end.column, 6);
}

#[test]
fn unknown_key_without_close_match_lists_the_allowed_keys() {
    let outcome = minimal().edit(AGREEMENT, "status = \"final\"", "status = \"final\"\nfarbe = \"blau\"").validate();
    let help = outcome.help(Code::UnknownKey);
    assert!(help.starts_with("allowed keys here: `id`, `previous_ids`, `kind`, `title`"), "{help}");
}

#[test]
fn bad_enum_value_suggests_the_closest_code() {
    let outcome = minimal().edit(AGREEMENT, "status = \"final\"", "status = \"finl\"").validate();
    let finding = outcome.one(Code::InvalidValue);
    assert_eq!(finding.message, "`finl` is not a valid value for `status`");
    assert_eq!(
        finding.help.as_deref(),
        Some("did you mean `final`? allowed: `draft`, `review`, `final`, `superseded`, `withdrawn`")
    );
    outcome.lacks(Code::BlockShape);
}

#[test]
fn bad_enum_value_inside_an_array_names_the_field() {
    let outcome = minimal().edit(AGREEMENT, "covers = [\"art28-3-h\"]", "covers = [\"art28-3-hh\"]").validate();
    let finding = outcome.one(Code::InvalidValue);
    assert_eq!(finding.message, "`art28-3-hh` is not a valid value for `covers`");
    assert!(finding.help.as_deref().is_some_and(|h| h.starts_with("did you mean `art28-3-h`?")), "{}", outcome.text);
}

#[test]
fn far_off_enum_value_lists_the_codes_only() {
    let outcome = with_subprocessor(
        minimal(),
        "country = \"US\"\nsafeguards = [{ label = \"x\", transfer = { mechanism = \"privacy-shield\" } }]",
    )
    .validate();
    let help = outcome.help(Code::InvalidValue);
    assert!(help.starts_with("allowed: `adequacy`, `scc`"), "{help}");
}

#[test]
fn german_date_string_suggests_the_iso_date() {
    let outcome = minimal().edit(AGREEMENT, "date = 2024-02-29", "date = \"29.02.2024\"").validate();
    let finding = outcome.one(Code::DateInvalid);
    assert_eq!(finding.message, "`29.02.2024` is not a valid date for `date`");
    assert_eq!(finding.help.as_deref(), Some("write the date as a TOML date without quotes: `date = 2024-02-29`"));
}

#[test]
fn german_date_string_of_a_day_that_does_not_exist() {
    let outcome = minimal().edit(AGREEMENT, "date = 2024-02-29", "date = \"29.02.2023\"").validate();
    let help = outcome.help(Code::DateInvalid);
    assert!(help.starts_with("write a real calendar date"), "{help}");
}

#[test]
fn invalid_calendar_date_is_a_date_finding() {
    let outcome = minimal().edit(AGREEMENT, "date = 2024-02-29", "date = 2023-02-29").validate();
    let finding = outcome.one(Code::DateInvalid);
    outcome.lacks(Code::TomlSyntax);
    assert_eq!(finding.start.line, 13, "{}", outcome.text);
    let help = finding.help.as_deref().unwrap_or_default();
    assert!(help.contains("`2023-02-29` is not a real calendar date"), "{help}");
    assert!(!help.contains("quoted"), "the help must not ask to quote a date: {help}");
}

#[test]
fn date_field_with_a_number_is_a_date_finding() {
    let outcome = minimal().edit(AGREEMENT, "date = 2024-02-29", "date = 20240229").validate();
    assert!(outcome.help(Code::DateInvalid).contains("date = 2024-02-29"), "{}", outcome.text);
}

#[test]
fn invalid_id_suggests_a_kebab_case_id() {
    let outcome = minimal().edit(AGREEMENT, "id = \"nachweise\"", "id = \"Nachweise & Kontrollen\"").validate();
    assert!(outcome.help(Code::IdFormat).ends_with("e.g. `nachweise-kontrollen`"), "{}", outcome.text);
}

// ---------------------------------------------------------------- allowances

#[test]
fn allowance_without_reason() {
    let outcome = minimal()
        .edit(AGREEMENT, "num = \"5\"", "num = \"4\"")
        .edit(
            AGREEMENT,
            "covers = [\"art28-3-d\"",
            "allow = [{ rule = \"duplicate-display-number\", reason = \"\" }]\ncovers = [\"art28-3-d\"",
        )
        .validate();
    let finding = outcome.one(Code::AllowWithoutReason);
    assert_eq!(finding.message, "the allowance for `duplicate-display-number` gives no reason");
    // The allowance still applies: the reason is what is wrong.
    outcome.lacks(Code::DuplicateDisplayNumber);
    outcome.lacks(Code::AllowUnused);
}

#[test]
fn allowance_for_an_unknown_rule() {
    let outcome = minimal()
        .edit(
            AGREEMENT,
            "date = 2024-02-29",
            "date = 2024-02-29\nallow = [{ rule = \"footnote-unusd\", reason = \"Altlast\" }]",
        )
        .validate();
    assert_eq!(outcome.help(Code::AllowUnknownRule), "did you mean `footnote-unused`?");
    // An unknown rule is reported once, not also as unused.
    outcome.lacks(Code::AllowUnused);
}

#[test]
fn unused_allowance_is_a_warning() {
    let outcome = minimal()
        .edit(
            AGREEMENT,
            "covers = [\"art28-3-h\"]",
            "covers = [\"art28-3-h\"]\nallow = [{ rule = \"citation-style\", reason = \"Zitat aus der Vorlage\" }]",
        )
        .validate();
    let finding = outcome.one(Code::AllowUnused);
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.message, "the allowance for `citation-style` suppresses nothing");
}

#[test]
fn allowance_on_an_ancestor_suppresses_the_finding() {
    let outcome = minimal()
        .edit(AGREEMENT, "text = \"Der Auftragnehmer trifft die Maßnahmen nach Art. 32 DS-GVO.\"", "text = \"Der Auftragnehmer trifft die Maßnahmen nach § 9 BDSG.\"\nallow = [{ rule = \"outdated-legal-reference\", reason = \"Wortlaut der unterzeichneten Fassung\" }]")
        .validate();
    outcome.clean();
    outcome.lacks(Code::OutdatedLegalReference);
}

// ---------------------------------------------------------------- customer instances

#[test]
fn customer_instance_fixture_is_clean() {
    customer().validate().clean();
}

#[test]
fn placeholder_unfilled_in_an_instance() {
    // Present but blank, as `avv new customer` writes it: the value is shown, to fill in.
    let outcome = customer().edit(CUSTOMER, "name = \"Acme GmbH\"", "name = \"  \"").validate();
    let finding = outcome.one(Code::PlaceholderUnfilled);
    assert_eq!(finding.message, "required placeholder `kunde.name` (Firma des Auftraggebers) is empty");
    assert_eq!(finding.help.as_deref(), Some("fill in `name` (Firma des Auftraggebers)"));
    assert!(finding.file.ends_with("customers/acme.toml"), "{}", finding.file);
    assert!(outcome.text.contains("name = \"  \"\n"), "the snippet is the value's line:\n{}", outcome.text);
    // Missing altogether: added.
    let outcome = customer().edit(CUSTOMER, "name = \"Acme GmbH\"\n", "").validate();
    let finding = outcome.one(Code::PlaceholderUnfilled);
    assert_eq!(finding.message, "required placeholder `kunde.name` (Firma des Auftraggebers) has no value");
    assert_eq!(finding.help.as_deref(), Some("add `name = \"…\"` under `[values.kunde]`"));
}

#[test]
fn placeholder_only_in_an_unchosen_option_need_not_be_filled() {
    // `kunde.rueckgabeadresse` is required, but printed only by the option
    // `zurueckgeben`; the instance chose `loeschen`.
    let outcome = customer().validate();
    outcome.lacks(Code::PlaceholderUnfilled);
    // Choosing the option makes it required.
    let outcome = customer().edit(CUSTOMER, "rueckgabe = \"loeschen\"", "rueckgabe = \"zurueckgeben\"").validate();
    assert!(outcome.one(Code::PlaceholderUnfilled).message.contains("kunde.rueckgabeadresse"));
}

#[test]
fn optional_placeholder_need_not_be_filled() {
    let outcome = customer()
        .edit(AGREEMENT, "label = \"Firma des Auftraggebers\"", "label = \"Firma des Auftraggebers\"\nrequired = false")
        .edit(CUSTOMER, "[values.kunde]\nname = \"Acme GmbH\"\n", "")
        .validate();
    outcome.clean();
}

#[test]
fn choice_unresolved() {
    let outcome = customer().edit(CUSTOMER, "[choices]\nrueckgabe = \"loeschen\"\n", "").validate();
    let finding = outcome.one(Code::ChoiceUnresolved);
    assert_eq!(finding.message, "no option chosen for `rueckgabe`");
    assert_eq!(
        finding.help.as_deref(),
        Some("add `rueckgabe = \"loeschen\"` under `[choices]` (options: loeschen, zurueckgeben)")
    );
}

#[test]
fn choice_invalid_option() {
    let outcome = customer().edit(CUSTOMER, "rueckgabe = \"loeschen\"", "rueckgabe = \"zurueckgebn\"").validate();
    let finding = outcome.one(Code::ChoiceInvalid);
    assert_eq!(finding.message, "`rueckgabe` has no option `zurueckgebn`");
    assert_eq!(finding.help.as_deref(), Some("did you mean `zurueckgeben`?"));
}

#[test]
fn choice_invalid_several_where_one_is_allowed() {
    let outcome = customer()
        .edit(CUSTOMER, "rueckgabe = \"loeschen\"", "rueckgabe = [\"loeschen\", \"zurueckgeben\"]")
        .edit(CUSTOMER, "name = \"Acme GmbH\"", "name = \"Acme GmbH\"\nrueckgabeadresse = \"Hafenstraße 1\"")
        .validate();
    assert_eq!(outcome.one(Code::ChoiceInvalid).message, "`rueckgabe` takes exactly one option, 2 given");
    // With `select = "any"` several options are fine.
    let outcome = customer()
        .edit(AGREEMENT, "{ choice = \"rueckgabe\", option", "{ choice = \"rueckgabe\", select = \"any\", option")
        .edit(CUSTOMER, "rueckgabe = \"loeschen\"", "rueckgabe = [\"loeschen\", \"zurueckgeben\"]")
        .edit(CUSTOMER, "name = \"Acme GmbH\"", "name = \"Acme GmbH\"\nrueckgabeadresse = \"Hafenstraße 1\"")
        .validate();
    outcome.clean();
}

#[test]
fn customer_version_unknown() {
    let outcome = customer().edit(CUSTOMER, "version = \"1.0\"", "version = \"1.1\"").validate();
    let finding = outcome.one(Code::InstanceVersionUnknown);
    assert_eq!(finding.message, "agreement `customer-instance` has no version 1.1");
    assert_eq!(finding.help.as_deref(), Some("known versions: 1.0"));
    assert_eq!(finding.start.line, 6, "points at the version:\n{}", outcome.text);
}

#[test]
fn customer_version_from_the_history_is_known() {
    let outcome = customer()
        .edit(AGREEMENT, "version = \"1.0\"", "version = \"1.1\"")
        .append(AGREEMENT, "\n[[history.row]]\nversion = \"1.0\"\nstatus = \"final\"\ndate = 2023-01-01\nresponsible = \"DSB\"\nchange = \"Erste Fassung\"\n\n[[history.row]]\nversion = \"1.1\"\nstatus = \"final\"\ndate = 2024-02-29\nresponsible = \"DSB\"\nchange = \"Korrekturen\"\n")
        .validate();
    outcome.clean();
}

// ---------------------------------------------------------------- sub-processors and transfers

#[test]
fn third_country_subprocessor_without_mechanism() {
    let outcome = with_subprocessor(minimal(), "country = \"US\"").validate();
    let finding = outcome.one(Code::ThirdCountryMechanismMissing);
    assert_eq!(finding.severity, Severity::Error);
    assert!(finding.message.starts_with("`Neu Inc.` is located in or processes data in US"), "{}", finding.message);
    // An EEA country needs none; Switzerland is not in the EEA.
    with_subprocessor(minimal(), "country = \"NO\"").validate().clean();
    with_subprocessor(minimal(), "country = \"CH\"").validate().one(Code::ThirdCountryMechanismMissing);
}

/// Every country code of a file written as `code`: seats, places of
/// processing, sites.
fn every_country(text: &str, code: &str) -> String {
    // Each quoted value of `part` written as `code`.
    let quoted = |part: &str| {
        part.split('"')
            .enumerate()
            .map(|(i, piece)| if i % 2 == 1 { code } else { piece })
            .collect::<Vec<_>>()
            .join("\"")
    };
    text.lines()
        .map(|line| {
            if line.starts_with("country = ") {
                quoted(line)
            } else if let Some(start) = line.find("countries = [") {
                let end = start + line[start..].find(']').expect("the array ends on its line");
                format!("{}{}{}", &line[..start], quoted(&line[start..end]), &line[end..])
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_country_field_is_checked_against_iso_3166() {
    let scenario = Scenario::from_valid("complete");
    let mut expected = Vec::new();
    for file in [AGREEMENT, LIST, "tom.toml"] {
        let text = std::fs::read_to_string(scenario.path(file)).expect("read");
        let edited = every_country(&text, "UK") + "\n";
        std::fs::write(scenario.path(file), &edited).expect("write");
        for (i, line) in edited.lines().enumerate() {
            expected.extend(std::iter::repeat_n((file.to_owned(), i + 1), line.matches("\"UK\"").count()));
        }
    }
    // The party's seat, five sub-processors' seats, three places of
    // processing and a site.
    assert_eq!(expected.len(), 10, "{expected:?}");
    // Those are every field of the model that holds a country: a new one
    // must be checked by validate::countries and set here.
    let schemas = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let fields: usize = ["agreement", "tom", "subprocessors", "customer"]
        .iter()
        .map(|kind| {
            let text = std::fs::read_to_string(schemas.join(format!("{kind}.schema.json"))).expect("schema");
            text.matches("\"$ref\": \"#/$defs/Country\"").count()
        })
        .sum();
    assert_eq!(fields, 4, "party, sub-processor, places of processing, site");
    let outcome = scenario.validate();
    let mut found: Vec<(String, usize)> = outcome
        .all(Code::CountryUnknown)
        .iter()
        .map(|d| (d.file.rsplit('/').next().unwrap_or_default().to_owned(), d.start.line))
        .collect();
    found.sort();
    expected.sort();
    assert_eq!(found, expected, "{}", outcome.text);
    for finding in outcome.all(Code::CountryUnknown) {
        assert_eq!(finding.severity, Severity::Error);
        assert_eq!(finding.message, "`UK` is not an ISO 3166-1 country code");
        assert!(finding.help.as_deref().is_some_and(|h| h.starts_with("write `GB` (Vereinigtes Königreich)")));
    }
    // Every code ISO 3166-1 assigns passes, and only those.
    with_subprocessor(minimal(), "country = \"LU\"").validate().clean();
    let outcome = with_subprocessor(minimal(), "country = \"XY\"").validate();
    assert!(outcome.help(Code::CountryUnknown).contains("ISO 3166-1 alpha-2 code"), "{}", outcome.text);
    let outcome = with_subprocessor(minimal(), "country = \"EL\"").validate();
    assert!(outcome.help(Code::CountryUnknown).starts_with("write `GR` (Griechenland)"), "{}", outcome.text);
}

#[test]
fn adequacy_decision_for_the_wrong_country() {
    let transfer = |decision: &str| {
        format!(
            "country = \"US\"\nsafeguards = [{{ label = \"Angemessenheit\", transfer = {{ mechanism = \"adequacy\", decision = \"{decision}\" }} }}]"
        )
    };
    let outcome = with_subprocessor(minimal(), &transfer("jp")).validate();
    let finding = outcome.one(Code::AdequacyDecisionMismatch);
    assert_eq!(finding.message, "the adequacy decision `jp` covers JP, but `Neu Inc.` is in US");
    outcome.lacks(Code::ThirdCountryMechanismMissing);
    with_subprocessor(minimal(), &transfer("eu-us-dpf")).validate().clean();
}

#[test]
fn subprocessor_effective_before_the_objection_period_ends() {
    // Notified on 1 March 2024; customers may object until 15 March inclusive.
    for since in ["2024-03-14", "2024-03-15"] {
        let outcome = with_subprocessor(
            general_authorisation(),
            &format!("country = \"DE\"\nnotified = 2024-03-01\nsince = {since}"),
        )
        .validate();
        let finding = outcome.one(Code::SubprocessorEffectiveBeforeNotice);
        assert!(finding.message.contains("may object until 2024-03-15"), "{}", finding.message);
        assert_eq!(finding.help.as_deref(), Some("set `since = 2024-03-16` or later, or notify customers earlier"));
    }
    // The day after the last day to object it may start.
    with_subprocessor(general_authorisation(), "country = \"DE\"\nnotified = 2024-03-01\nsince = 2024-03-16")
        .validate()
        .clean();
}

#[test]
fn objection_period_in_weeks_across_a_leap_day() {
    let scenario = general_authorisation().edit(AGREEMENT, "objection_period = \"P14D\"", "objection_period = \"P2W\"");
    let outcome = with_subprocessor(scenario, "country = \"DE\"\nnotified = 2024-02-20\nsince = 2024-03-04").validate();
    assert!(outcome.one(Code::SubprocessorEffectiveBeforeNotice).message.contains("may object until 2024-03-05"));
}

// ---------------------------------------------------------------- references

#[test]
fn broken_particulars_references_point_at_their_field() {
    let outcome = minimal()
        .edit(AGREEMENT, "nature = { clause = \"gegenstand\" }", "nature = { clause = \"gegenstnd\" }")
        .edit(AGREEMENT, "[particulars.purposes]\n", "[particulars.purposes]\nclause = \"zweck\"\n")
        .validate();
    let pointers: Vec<String> = outcome
        .all(Code::BrokenReference)
        .iter()
        .map(|d| format!("{}:{} {}", d.start.line, d.start.column, d.message))
        .collect();
    assert_eq!(
        pointers,
        vec![
            "18:21 no clause with id `gegenstnd` exists in this agreement".to_owned(),
            "22:10 no clause with id `zweck` exists in this agreement".to_owned(),
        ],
        "{}",
        outcome.text
    );
}

#[test]
fn broken_tom_scope_references_point_at_the_id() {
    let outcome = Scenario::from_valid("complete")
        .edit("tom.toml", "scope = { sites = [\"rz-kiel\"] }", "scope = { sites = [\"rz-kiel\", \"rz-kiell\"] }")
        .validate();
    let finding = outcome.one(Code::BrokenReference);
    assert_eq!(finding.message, "no site with id `rz-kiell` exists in this agreement");
    assert_eq!(finding.help.as_deref(), Some("did you mean `rz-kiel`?"));
    assert_eq!((finding.start.line, finding.start.column), (29, 31), "{}", outcome.text);
}

#[test]
fn an_id_reused_after_a_choice_points_back_at_the_choice() {
    let outcome = customer().edit(AGREEMENT, "id = \"nachweise\"", "id = \"rueckgabe\"").validate();
    let finding = outcome.one(Code::DuplicateId);
    assert_eq!(finding.message, "id `rueckgabe` is already used by a choice in this agreement");
    assert_eq!(finding.start.line, 116, "{}", outcome.text);
    let label = &finding.labels[0];
    assert_eq!((label.start.line, label.start.column, label.end.column), (109, 14, 25), "{}", outcome.text);
}

#[test]
fn a_number_printed_three_times_points_each_repeat_at_the_one_before() {
    let outcome = minimal()
        .edit(AGREEMENT, "num = \"3\"", "num = \"2\"")
        .edit(AGREEMENT, "num = \"4\"", "num = \"2\"")
        .validate();
    let lines: Vec<(usize, usize)> =
        outcome.all(Code::DuplicateDisplayNumber).iter().map(|d| (d.start.line, d.labels[0].start.line)).collect();
    // Clauses 2, 3 and 4 of the minimal fixture print their numbers on lines 41, 48 and 55.
    assert_eq!(lines, vec![(48, 41), (55, 48)], "{}", outcome.text);
}

// ---------------------------------------------------------------- versions and history

fn history(rows: &[&str]) -> String {
    let mut out = String::from("\n[history]\n");
    for (i, version) in rows.iter().enumerate() {
        out.push_str(&format!(
            "\n[[history.row]]\nversion = \"{version}\"\nstatus = \"final\"\ndate = 2023-01-{:02}\nresponsible = \"DSB\"\nchange = \"Änderung\"\n",
            i + 1
        ));
    }
    out
}

#[test]
fn version_rows_out_of_order() {
    let outcome = minimal()
        .edit(AGREEMENT, "version = \"1.0\"", "version = \"1.6\"")
        .append(AGREEMENT, &history(&["1.5", "1.6", "1.5a"]))
        .validate();
    let finding = outcome.one(Code::VersionOrder);
    assert_eq!(finding.message, "version 1.5a follows version 1.6");
    assert_eq!(finding.severity, Severity::Error);
}

#[test]
fn version_rows_in_natural_order() {
    minimal()
        .edit(AGREEMENT, "version = \"1.0\"", "version = \"1.10\"")
        .append(AGREEMENT, &history(&["1.5", "1.5a", "1.6", "1.9", "1.10"]))
        .validate()
        .clean();
}

#[test]
fn version_row_repeated() {
    let outcome = minimal()
        .edit(AGREEMENT, "version = \"1.0\"", "version = \"1.6\"")
        .append(AGREEMENT, &history(&["1.5", "1.6", "1.6"]))
        .validate();
    assert_eq!(outcome.one(Code::VersionOrder).message, "version 1.6 follows version 1.6");
}

// ---------------------------------------------------------------- fillers of `avv new`

/// A new agreement (`avv new agreement neu`) with `status` (and a date).
fn scaffold(status: &str) -> Scenario {
    Scenario::scaffold("neu").edit(
        AGREEMENT,
        "status = \"draft\"",
        &format!("status = \"{status}\"\ndate = 2026-12-01"),
    )
}

/// The texts of the findings: (file name, the text the span covers).
fn filler_texts(scenario: &Scenario, outcome: &support::Outcome) -> Vec<(String, String)> {
    outcome
        .all(Code::ScaffoldTextUnfilled)
        .iter()
        .map(|finding| {
            let name = finding.file.rsplit('/').next().unwrap_or_default().to_owned();
            let text = std::fs::read_to_string(scenario.path(&name)).expect("read file");
            (name, text[finding.span.clone()].to_owned())
        })
        .collect()
}

#[test]
fn every_filler_of_a_new_agreement_is_found_and_blocks_its_release() {
    let scenario = scaffold("final");
    let outcome = scenario.validate();
    let mut expected: Vec<(String, String)> = [
        "Name des Auftragnehmers",
        "Straße",
        "PLZ Ort",
        "(ausfüllen)",
        "(ausfüllen)",
        "(ausfüllen)",
        "(Regelung zu „Gegenstand und Dauer“ ausfüllen.)",
        "(Regelung zu „Art und Zweck der Verarbeitung, Art der Daten, Betroffene“ ausfüllen.)",
        "(Regelung zu „Weisungsgebundenheit“ ausfüllen.)",
        "(Regelung zu „Vertraulichkeit“ ausfüllen.)",
        "(Regelung zu „Technische und organisatorische Maßnahmen“ ausfüllen.)",
        "(Regelung zu „Unterauftragnehmer“ ausfüllen.)",
        "(Regelung zu „Rechte der betroffenen Personen“ ausfüllen.)",
        "(Regelung zu „Unterstützung bei den Pflichten nach Art. 32 bis 36 DS-GVO“ ausfüllen.)",
        "(Regelung zu „Löschung und Rückgabe“ ausfüllen.)",
        "(Regelung zu „Nachweise und Kontrollen“ ausfüllen.)",
    ]
    .into_iter()
    .map(|text| (AGREEMENT.to_owned(), text.to_owned()))
    .chain([("tom.toml".to_owned(), "(Maßnahme beschreiben.)".to_owned())])
    .collect();
    let mut found = filler_texts(&scenario, &outcome);
    expected.sort();
    found.sort();
    assert_eq!(found, expected, "{}", outcome.text);
    assert!(outcome.all(Code::ScaffoldTextUnfilled).iter().all(|f| f.severity == Severity::Error));
    // Each filler written over takes its finding, and only it, away; with
    // all of them written the new agreement can be released.
    let mut left = found.len();
    while left > 0 {
        let outcome = scenario.validate();
        let finding = outcome.all(Code::ScaffoldTextUnfilled)[0];
        let name = finding.file.rsplit('/').next().unwrap_or_default().to_owned();
        let mut text = std::fs::read_to_string(scenario.path(&name)).expect("read file");
        text.replace_range(finding.span.clone(), "Eigener Text des Auftragnehmers");
        std::fs::write(scenario.path(&name), text).expect("write file");
        left -= 1;
        assert_eq!(scenario.validate().all(Code::ScaffoldTextUnfilled).len(), left);
    }
    scenario.validate().clean();
}

#[test]
fn a_filler_weighs_by_the_status_of_the_version() {
    for (status, severity) in [
        ("draft", Severity::Info),
        ("review", Severity::Warning),
        ("final", Severity::Error),
        ("superseded", Severity::Error),
        ("withdrawn", Severity::Error),
    ] {
        let outcome = scaffold(status).validate();
        let findings = outcome.all(Code::ScaffoldTextUnfilled);
        assert_eq!(findings.len(), 17, "{status}");
        assert!(findings.iter().all(|f| f.severity == severity), "{status}: {}", outcome.text);
    }
    // A new agreement is valid while it is written.
    Scenario::scaffold("neu").validate().clean();
}

#[test]
fn a_filler_written_around_is_still_found() {
    let outcome = scaffold("final")
        .edit(
            AGREEMENT,
            "text = \"(Regelung zu „Vertraulichkeit“",
            "text = \"Der Auftragnehmer wahrt Vertraulichkeit. (Regelung zu „Vertraulichkeit“",
        )
        .validate();
    assert_eq!(outcome.all(Code::ScaffoldTextUnfilled).len(), 17);
}

#[test]
fn words_of_the_fillers_elsewhere_are_not_fillers() {
    // „Straße“ and „PLZ Ort“ are fillers only as a party's address line;
    // as a placeholder's label, in a longer line or in a text they are
    // the contract's words.
    minimal()
        .edit(AGREEMENT, "[particulars]", "[[placeholder]]\nkey = \"kunde.strasse\"\nlabel = \"Straße\"\n\n[[placeholder]]\nkey = \"kunde.ort\"\nlabel = \"PLZ Ort\"\n\n[particulars]")
        .edit(AGREEMENT, "Kundenverwaltung für", "Kundenverwaltung ({{ kunde.strasse }}, {{ kunde.ort }}; Straße, PLZ Ort und Name des Auftragnehmers wie im Hauptvertrag; bitte nicht ausfüllen) für")
        .validate()
        .clean();
    Scenario::scaffold("neu")
        .edit(AGREEMENT, "\"Straße\"", "\"Hauptstraße 1\"")
        .validate()
        .all(Code::ScaffoldTextUnfilled)
        .iter()
        .for_each(|f| assert_ne!(f.message, "`Straße` is the filler `avv new` wrote, not yet the agreement's text"));
}

// ---------------------------------------------------------------- Art. 28(3) coverage

fn without_deletion_clause(kind: &str) -> Scenario {
    minimal().edit(AGREEMENT, "covers = [\"art28-3-g\"]\n", "").edit(
        AGREEMENT,
        "kind = \"template\"",
        &format!("kind = \"{kind}\""),
    )
}

#[test]
fn missing_art28_3_g_is_an_error_for_a_template() {
    let outcome = without_deletion_clause("template").validate();
    let finding = outcome.one(Code::Art28Coverage);
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.message, "no clause covers Löschung oder Rückgabe (lit. g) (art28-3-g)");
    assert_eq!(
        finding.help.as_deref(),
        Some("tag the clause that stipulates it with `covers = [\"art28-3-g\"]`, or add such a clause")
    );
    without_deletion_clause("standard").validate().one(Code::Art28Coverage);
}

#[test]
fn missing_art28_3_g_is_a_warning_for_an_annex() {
    let outcome = without_deletion_clause("annex").validate();
    let finding = outcome.one(Code::Art28Coverage);
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.message, "this standalone annex covers none of art28-3-g");
    assert!(!outcome.report.has_at_least(Severity::Error), "{}", outcome.text);
}

#[test]
fn coverage_through_a_list_item_counts() {
    let outcome = minimal()
        .edit(AGREEMENT, "covers = [\"art28-3-g\"]\n", "")
        .edit(
            AGREEMENT,
            "text = \"Nach Ende der Verarbeitung löscht der Auftragnehmer alle Daten oder gibt sie zurück.\"",
            "block = [{ list = [{ text = \"Löschung oder Rückgabe aller Daten\", covers = [\"art28-3-g\"] }] }]",
        )
        .validate();
    outcome.clean();
}

// ---------------------------------------------------------------- one broken file

#[test]
fn a_broken_agreement_file_causes_no_findings_elsewhere() {
    // subprocessors.toml names the clause `unterauftraege`; it exists, but
    // agreement.toml does not parse, so it cannot be looked up.
    let outcome = minimal().edit(AGREEMENT, "status = \"final\"", "status = final").validate();
    assert_eq!(outcome.codes(), [Code::TomlSyntax], "{}", outcome.text);
    // The same when agreement.toml is missing altogether.
    let outcome = minimal().remove(AGREEMENT).validate();
    assert_eq!(outcome.codes(), [Code::MissingAgreementFile], "{}", outcome.text);
}

#[test]
fn a_broken_agreement_file_hides_no_undeclared_marks() {
    let tom = "schema_version = 1\n[annex]\nid = \"tom\"\ntitle = \"TOM\"\n[[section]]\nid = \"zutritt\"\n[[section.measure]]\nid = \"schloss\"\ntext = \"Schloss für {{ kunde.name }}[^din]\"\n";
    let outcome =
        minimal().write("tom.toml", tom).edit(AGREEMENT, "schema_version = 1", "schema_version = \"1\"").validate();
    outcome.lacks(Code::PlaceholderUndeclared);
    outcome.lacks(Code::FootnoteUndefined);
    // With a parsed agreement.toml, they are found.
    let outcome = minimal().write("tom.toml", tom).validate();
    outcome.one(Code::PlaceholderUndeclared);
    outcome.one(Code::FootnoteUndefined);
}

#[test]
fn a_broken_list_causes_no_unlisted_provider_findings() {
    let tom = "schema_version = 1\n[annex]\nid = \"tom\"\ntitle = \"TOM\"\n[[section]]\nid = \"zutritt\"\n[[section.measure]]\nid = \"schloss\"\ntext = \"Betrieben vom Rechenzentrum Nord.\"\nmentions = [\"Rechenzentrum Nord\"]\n";
    let outcome = minimal().write("tom.toml", tom).edit(LIST, "country = \"DE\"", "country = \"de\"").validate();
    assert_eq!(outcome.codes(), [Code::CountryCode], "{}", outcome.text);
    minimal().write("tom.toml", tom).validate().clean();
}

#[test]
fn a_broken_file_makes_no_allowance_unused() {
    let outcome = minimal()
        .edit(AGREEMENT, "date = 2024-02-29", "date = 2024-02-29\nallow = [{ rule = \"control-without-measure\", reason = \"Überschrift ohne Text in der Vorlage\" }]")
        .write("tom.toml", "schema_version = 1\n[annex\n")
        .validate();
    assert_eq!(outcome.codes(), [Code::TomlSyntax], "{}", outcome.text);
}

/// A misspelt required key is one mistake and gets one finding: the
/// unknown key with the key it should be, the missing key folded into it,
/// and no finding in another file that only follows from it (pcvisit's
/// tom.toml embeds the agreement's version table).
#[test]
fn a_misspelt_required_key_is_one_finding() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tmp.path().join("agreements/pcvisit");
    support::copy_dir(&root.join("agreements/pcvisit"), &dir);
    let file = dir.join("agreement.toml");
    let text = std::fs::read_to_string(&file).expect("agreement.toml");
    std::fs::write(&file, text.replacen("\ntitle = ", "\ntitel = ", 1)).expect("write");
    let report = support::validate(&dir, tmp.path());
    assert_eq!(support::codes(&report), [Code::UnknownKey], "{}", support::human(&report, tmp.path(), "repo"));
    let finding = &report.diagnostics[0];
    assert_eq!(finding.message, "unknown key `titel`, did you mean `title`? (`[meta]` requires `title`)");
    assert_eq!(finding.help.as_deref(), Some("rename `titel` to `title`"));
    assert!(finding.file.ends_with("agreement.toml"));
    // A misspelling of an optional key keeps its plain finding.
    let scenario = Scenario::from_valid("complete").edit("agreement.toml", "[meta]\n", "[meta]\nsubtitel = \"x\"\n");
    let outcome = scenario.validate();
    assert_eq!(outcome.codes(), [Code::UnknownKey]);
    assert!(outcome.one(Code::UnknownKey).message.starts_with("unknown key `subtitel` in"), "{}", outcome.text);
}

// ---------------------------------------------------------------- shared choices

/// A choice printed in two places is one decision: the instance chooses
/// once and both places print the chosen option; `avv new customer` asks
/// once; a change of the second place's wording is a change of the document.
#[test]
fn a_shared_choice_is_decided_once() {
    use avv_core::render::inline::Flavor;
    use avv_core::render::{Stamp, Templates, render_text};
    let scenario = Scenario::from_valid("shared-choice");
    scenario.validate().clean();
    let folder = avv_core::load::load_folder(&scenario.dir, scenario.root()).folder;
    let customer = &folder.customers[0];
    let instance = Some(("acme", &customer.value));
    let text = render_text(&Templates::new(None), &folder, instance, Flavor::Markdown, &Stamp::default())
        .expect("the instance renders");
    assert!(text.contains("Er löscht alle Daten.") && text.contains("die Löschung."), "{text}");
    assert!(!text.contains("zurück.") && !text.contains("die Rückgabe."), "unchosen options: {text}");

    let scaffold = avv_core::scaffold::customer(&folder, "beta").expect("a scaffold");
    assert_eq!(scaffold.matches("# rueckgabe = one of").count(), 1, "{scaffold}");

    let mut new = folder.clone();
    let text_of = |f: &avv_core::load::Folder| format!("{:?}", f.agreement.as_ref().map(|a| &a.value));
    let before = text_of(&new);
    let agreement = std::sync::Arc::make_mut(new.agreement.as_mut().expect("agreement"));
    let clause = agreement.value.clause.iter_mut().find(|c| c.id.as_str() == "loeschung").expect("the clause");
    let second = clause.block.iter_mut().filter(|b| b.choice.is_some()).nth(1).expect("the second place");
    second.option[1].text = "die vollständige Löschung.".into();
    assert_ne!(before, text_of(&new));
    let changes = avv_core::diff::diff(Some(&folder), &new);
    assert!(changes.changes_document(), "a changed option text in the second place is a change");
    assert!(changes.lines.iter().any(|l| l.contains("8")), "{:?}", changes.lines);
}

#[test]
fn a_shared_choice_offers_the_same_options_everywhere() {
    let other = customer()
        .edit(
            AGREEMENT,
            "    { id = \"zurueckgeben\", text = \"Er gibt alle Daten an {{ kunde.rueckgabeadresse }} zurück.\" },\n  ] },\n",
            "    { id = \"zurueckgeben\", text = \"Er gibt alle Daten an {{ kunde.rueckgabeadresse }} zurück.\" },\n  ] },\n  { choice = \"rueckgabe\", option = [{ id = \"loeschen\", text = \"a\" }, { id = \"anonymisieren\", text = \"b\" }] },\n",
        )
        .validate();
    let finding = other.one(Code::ChoiceOptionsDiffer);
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.message.contains("`anonymisieren`") && finding.message.contains("`zurueckgeben`"),
        "{}",
        finding.message
    );
    assert_eq!(finding.labels.len(), 1, "points at the first place too");
    other.lacks(Code::DuplicateId);
    // Another id for a clause is still a duplicate.
    customer().edit(AGREEMENT, "id = \"nachweise\"", "id = \"rueckgabe\"").validate().one(Code::DuplicateId);
}

// ---------------------------------------------------------------- optional clauses

/// An optional clause is the customer's to take or leave: the blank form
/// shows a checkbox at its heading, an instance must decide ("ja"/"nein"),
/// and a clause left out is not printed at all.
#[test]
fn an_optional_clause_is_in_or_out_per_customer() {
    use avv_core::render::inline::Flavor;
    use avv_core::render::{Stamp, Templates, render_text};
    let optional = || {
        customer().edit(
            AGREEMENT,
            "[[clause]]\nid = \"nachweise\"\n",
            "[[clause]]\nid = \"kopplung\"\nnum = \"8a\"\ntitle = \"Kopplungsklausel\"\noptional = true\ntext = \"Weitere Verantwortliche können beitreten.\"\n\n[[clause]]\nid = \"nachweise\"\n",
        )
    };
    let undecided = optional().validate();
    assert!(undecided.one(Code::ChoiceUnresolved).message.contains("`kopplung`"));
    optional()
        .edit(CUSTOMER, "[choices]\n", "[choices]\nkopplung = \"vielleicht\"\n")
        .validate()
        .one(Code::ChoiceInvalid);

    let render = |choice: &str| {
        let scenario = optional().edit(CUSTOMER, "[choices]\n", &format!("[choices]\nkopplung = \"{choice}\"\n"));
        scenario.validate().clean();
        let folder = avv_core::load::load_folder(&scenario.dir, scenario.root()).folder;
        let instance = Some(("acme", &folder.customers[0].value));
        let templates = Templates::new(None);
        let blank = render_text(&templates, &folder, None, Flavor::Markdown, &Stamp::default()).expect("blank form");
        let text = render_text(&templates, &folder, instance, Flavor::Markdown, &Stamp::default()).expect("instance");
        (blank, text, avv_core::scaffold::customer(&folder, "beta").expect("scaffold"))
    };
    let (blank, taken, scaffold) = render("ja");
    assert!(blank.contains("☐ Kopplungsklausel (optional)"), "{blank}");
    assert!(taken.contains("Kopplungsklausel") && !taken.contains('☐'), "{taken}");
    assert!(scaffold.contains("# kopplung = one of \"ja\", \"nein\""), "{scaffold}");
    let (_, left_out, _) = render("nein");
    assert!(!left_out.contains("Kopplungsklausel"), "heading and all: {left_out}");
    assert!(!left_out.contains("Weitere Verantwortliche"), "{left_out}");
    assert!(left_out.contains("Nachweise und Kontrollen"), "the clauses around it stay: {left_out}");

    // Required content in an optional clause could be left out.
    let required =
        customer().edit(AGREEMENT, "id = \"nachweise\"\n", "id = \"nachweise\"\noptional = true\n").validate();
    assert!(required.one(Code::OptionalRequiredContent).message.contains("art28-3-h"));
}

/// A field that names a choice (`[dpo] status = "choice"`) refers to it; it
/// is no choice of its own. Written after the choice block, it used to
/// replace the block's options with none, so every option was refused.
#[test]
fn a_reference_to_a_choice_does_not_replace_its_options() {
    let outcome = customer().append(AGREEMENT, "\n[dpo]\nstatus = \"choice\"\nchoice = \"rueckgabe\"\n").validate();
    outcome.lacks(Code::ChoiceInvalid);
    outcome.lacks(Code::ChoiceUnresolved);
}

/// The shared-choice template with two alternatives inside sentences: a new
/// decision (`regelwerk`) and a third place of the choice block `rueckgabe`.
fn alternatives() -> Scenario {
    Scenario::from_valid("shared-choice")
        .edit(
            AGREEMENT,
            "text = \"Der Auftragnehmer verarbeitet die Daten nur auf dokumentierte Weisung",
            "text = \"Der Auftragnehmer verarbeitet die Daten im Sinne der {{ regelwerk: dsgvo = Verordnung (EU) 2016/679 | eu-vo = Verordnung (EU) 2018/1725 }} nur auf dokumentierte Weisung",
        )
        .edit(
            AGREEMENT,
            "{ p = \"Er bestätigt dem Auftraggeber schriftlich\" }",
            "{ p = \"Er bestätigt dem Auftraggeber schriftlich die {{ rueckgabe: loeschen = Löschung | zurueckgeben = Rückgabe }}\" }",
        )
}

/// Alternatives inside a sentence are choices: the instance decides each
/// once (with a choice block of the same id), the contract prints the
/// chosen words, the blank form every option with a checkbox, and
/// `avv new customer` asks for each decision once.
#[test]
fn an_alternative_inside_a_sentence_is_a_choice() {
    use avv_core::render::inline::Flavor;
    use avv_core::render::{Stamp, Templates, render_text};
    let undecided = alternatives().validate();
    let finding = undecided.one(Code::ChoiceUnresolved);
    assert!(finding.message.contains("regelwerk"), "{}", finding.message);

    let invalid = alternatives()
        .edit(CUSTOMER, "rueckgabe = \"loeschen\"", "rueckgabe = \"loeschen\"\nregelwerk = \"egvo\"")
        .validate();
    assert!(invalid.one(Code::ChoiceInvalid).message.contains("egvo"), "{}", invalid.text);

    let scenario =
        alternatives().edit(CUSTOMER, "rueckgabe = \"loeschen\"", "rueckgabe = \"loeschen\"\nregelwerk = \"eu-vo\"");
    scenario.validate().clean();
    let folder = avv_core::load::load_folder(&scenario.dir, scenario.root()).folder;
    let templates = Templates::new(None);
    let instance = Some(("acme", &folder.customers[0].value));
    for flavor in [Flavor::Markdown, Flavor::Html, Flavor::Typst, Flavor::Plain] {
        let contract = render_text(&templates, &folder, instance, flavor, &Stamp::default()).unwrap();
        // (without the HTML's value marks and typst's escapes)
        let contract = contract.replace("<span class=\"value\">", "").replace("</span>", "").replace('\\', "");
        assert!(contract.contains("im Sinne der Verordnung (EU) 2018/1725 nur"), "{flavor:?}: {contract}");
        assert!(!contract.contains("2016/679") && !contract.contains('☐'), "{flavor:?}: only the chosen words");
        assert!(contract.contains("schriftlich die Löschung"), "{flavor:?}: the shared decision");
    }
    let form = render_text(&templates, &folder, None, Flavor::Markdown, &Stamp::default()).unwrap();
    assert!(form.contains("☐ Verordnung (EU) 2016/679 / ☐ Verordnung (EU) 2018/1725"), "{form}");
    let html = render_text(&templates, &folder, None, Flavor::Html, &Stamp::default()).unwrap();
    assert!(html.contains("<span class=\"blank\">☐ Verordnung (EU) 2016/679 / ☐ Verordnung (EU) 2018/1725</span>"));
    let docx = avv_core::render::render_docx(&folder, instance, &Stamp::default(), None).unwrap();
    assert!(!docx.is_empty());

    let scaffold = avv_core::scaffold::customer(&folder, "beta").expect("a scaffold");
    assert_eq!(scaffold.matches("# regelwerk = one of \"dsgvo\", \"eu-vo\"").count(), 1, "{scaffold}");
    assert_eq!(scaffold.matches("# rueckgabe = one of").count(), 1, "{scaffold}");

    // New words for an option change the document.
    let mut changed = folder.clone();
    let agreement = std::sync::Arc::make_mut(changed.agreement.as_mut().unwrap());
    let clause = agreement.value.clause.iter_mut().find(|c| c.id.as_str() == "weisungen").unwrap();
    let text = clause.text.as_mut().unwrap();
    *text = text.replace("eu-vo = Verordnung (EU) 2018/1725", "eu-vo = Verordnung (EU) 2018/1725 (EU-Organe)");
    assert!(avv_core::diff::diff(Some(&folder), &changed).changes_document());
}

/// Every place of a choice offers the same options: an alternative against
/// a choice block, against another alternative; its id names no other node;
/// and it is well-formed.
#[test]
fn an_alternative_offers_its_choice_s_options() {
    let block = Scenario::from_valid("shared-choice")
        .edit(
            AGREEMENT,
            "{ p = \"Er bestätigt dem Auftraggeber schriftlich\" }",
            "{ p = \"Er bestätigt schriftlich die {{ rueckgabe: loeschen = Löschung | anonymisieren = Anonymisierung }}\" }",
        )
        .validate();
    let finding = block.one(Code::ChoiceOptionsDiffer);
    assert!(
        finding.message.contains("`anonymisieren`") && finding.message.contains("`zurueckgeben`"),
        "{}",
        finding.message
    );
    assert_eq!(finding.labels.len(), 1, "points at the choice block: {}", block.text);

    let twice = alternatives()
        .edit(CUSTOMER, "rueckgabe = \"loeschen\"", "rueckgabe = \"loeschen\"\nregelwerk = \"eu-vo\"")
        .edit(
            AGREEMENT,
            "text = \"Die Beschäftigten des Auftragnehmers sind zur Vertraulichkeit verpflichtet.\"",
            "text = \"Die Beschäftigten sind nach {{ regelwerk: dsgvo = Art. 28 DS-GVO | eu-vo = Art. 29 EU-DSVO | keins = nichts }} verpflichtet.\"",
        )
        .validate();
    let finding = twice.one(Code::ChoiceOptionsDiffer);
    assert!(finding.message.contains("`keins`"), "{}", finding.message);
    assert_eq!(finding.labels.len(), 1, "points at the first place: {}", twice.text);

    let clash = Scenario::from_valid("shared-choice")
        .edit(
            AGREEMENT,
            "{ p = \"Er bestätigt dem Auftraggeber schriftlich\" }",
            "{ p = \"Er bestätigt schriftlich die {{ weisungen: a = Löschung | b = Anonymisierung }}\" }",
        )
        .validate();
    assert!(clash.one(Code::DuplicateId).message.contains("names a clause"), "{}", clash.text);

    for (written, reason) in [
        ("{{ r: a = x }}", "at least two options"),
        ("{{ r: a = x | b }}", "not written `id = words`"),
        ("{{ r: a = x | b = }}", "no words"),
        ("{{ R: a = x | b = y }}", "no choice id"),
        ("{{ r: a = x | a = y }}", "offered twice"),
    ] {
        let outcome = Scenario::from_valid("shared-choice")
            .edit(
                AGREEMENT,
                "{ p = \"Er bestätigt dem Auftraggeber schriftlich\" }",
                &format!("{{ p = \"Er bestätigt {written}\" }}"),
            )
            .validate();
        let finding = outcome.one(Code::AlternativeMalformed);
        assert!(finding.message.contains(reason), "{written}: {}", finding.message);
        outcome.lacks(Code::TemplateSyntaxInData);
        outcome.lacks(Code::PlaceholderUndeclared);
    }
}

/// Terms chosen per customer must match the choice: every case of
/// `subprocessing-choice`, and the terms that do match validate clean.
#[test]
fn subprocessing_terms_follow_a_choice_of_the_text() {
    let scenario = |terms: &str| {
        Scenario::from_valid("shared-choice").edit(
            AGREEMENT,
            "[subprocessing]\nauthorisation = \"specific\"\n",
            &format!("[subprocessing]\n{terms}\n"),
        )
    };
    let with = |terms: &str| scenario(terms).validate();
    with("authorisation = \"choice\"\nobjection_period = \"P14D\"\nchoice = \"rueckgabe\"\nterms = [{ option = \"loeschen\", authorisation = \"specific\" }, { option = \"zurueckgeben\", authorisation = \"specific\" }]").clean();
    // A period chosen per customer under one authorisation.
    with("authorisation = \"specific\"\nchoice = \"rueckgabe\"\nterms = [{ option = \"loeschen\", special_termination = \"P4W\" }]").clean();
    // (what is written, what the finding says, what it underlines)
    for (terms, message, underlined) in [
        ("authorisation = \"choice\"", "without the choice that decides it", "\"choice\""),
        (
            "authorisation = \"specific\"\nterms = [{ option = \"loeschen\" }]",
            "no `choice` whose options",
            "[{ option = \"loeschen\" }]",
        ),
        ("authorisation = \"specific\"\nchoice = \"rueckgabe-x\"", "`rueckgabe-x` is no choice", "\"rueckgabe-x\""),
        (
            "authorisation = \"specific\"\nchoice = \"rueckgabe\"\nterms = [{ option = \"loeschn\" }]",
            "has no option `loeschn`",
            "\"loeschn\"",
        ),
        (
            "authorisation = \"choice\"\nchoice = \"rueckgabe\"\nterms = [{ option = \"loeschen\", authorisation = \"specific\" }, { option = \"zurueckgeben\" }]",
            "does not say which authorisation",
            "{ option = \"zurueckgeben\" }",
        ),
        (
            "authorisation = \"choice\"\nchoice = \"rueckgabe\"\nterms = [{ option = \"loeschen\", authorisation = \"specific\" }, { option = \"zurueckgeben\", authorisation = \"choice\" }]",
            "is itself a choice",
            "\"choice\"",
        ),
        (
            "authorisation = \"choice\"\nchoice = \"rueckgabe\"\nterms = [{ option = \"loeschen\", authorisation = \"specific\" }]",
            "no terms for option `zurueckgeben`",
            "\"rueckgabe\"",
        ),
    ] {
        let written = scenario(terms);
        let outcome = written.validate();
        let finding = outcome.one(Code::SubprocessingChoice);
        assert!(finding.message.contains(message), "{terms}: {}", finding.message);
        let text = std::fs::read_to_string(written.path(AGREEMENT)).unwrap();
        assert_eq!(text.get(finding.span.clone()), Some(underlined), "{terms}: {}", outcome.text);
    }
    // The did-you-mean names the closest option.
    let typo = with("authorisation = \"specific\"\nchoice = \"rueckgabe\"\nterms = [{ option = \"loeschn\" }]");
    assert!(typo.help(Code::SubprocessingChoice).contains("did you mean `loeschen`"));
    // A general option without a period has no deadline to compute.
    let general = with(
        "authorisation = \"choice\"\nchoice = \"rueckgabe\"\nterms = [{ option = \"loeschen\", authorisation = \"general\" }, { option = \"zurueckgeben\", authorisation = \"specific\" }]",
    );
    general.one(Code::ObjectionPeriodMissing);
}

/// Place and date of signing per party: the customer's `[signing]` fills
/// its own block, `[[signing.parties]]` another party's; a place the
/// agreement pre-fills prints once, with the instance's date; a party
/// without a date keeps the blank form. Every format.
#[test]
fn each_party_signs_with_its_own_place_and_date() {
    use avv_core::model::customer::PartySigning;
    use avv_core::render::inline::Flavor;
    use avv_core::render::{Stamp, Templates, render_text};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    let mut folder = avv_core::load::load_folder(&root.join("acme"), &root).folder;
    let templates = Templates::new(None);
    let render = |folder: &avv_core::load::Folder, flavor| {
        let instance = Some(("kunde", &folder.customers[0].value));
        render_text(&templates, folder, instance, flavor, &Stamp::default()).unwrap()
    };
    // The customer signed in Dresden; the processor has not countersigned.
    let markdown = render(&folder, Flavor::Markdown);
    let signatures = &markdown[markdown.find("Dresden, 15.03.2024").expect("the customer's block")..];
    assert!(signatures.contains("Auftraggeber\n\nOrt, Datum\n"), "the processor's block is blank: {signatures}");
    assert_eq!(markdown.matches("Dresden, 15.03.2024").count(), 1, "{markdown}");
    // (the processor's address names Hamburg too)
    let addresses: Vec<usize> = [Flavor::Markdown, Flavor::Html, Flavor::Typst, Flavor::Plain]
        .into_iter()
        .map(|flavor| render(&folder, flavor).matches("Hamburg").count())
        .collect();

    // The agreement pre-fills the processor's place; the instance gives its date.
    std::sync::Arc::make_mut(folder.agreement.as_mut().unwrap()).value.signature[1].place = Some("Hamburg".into());
    let customer = std::sync::Arc::make_mut(&mut folder.customers[0]);
    customer.value.signing.as_mut().unwrap().parties.push(PartySigning {
        party: avv_core::model::Id("auftragnehmer".into()),
        place: None,
        date: avv_core::model::Date::parse("2024-03-18"),
    });
    for (flavor, addresses) in [Flavor::Markdown, Flavor::Html, Flavor::Typst, Flavor::Plain].into_iter().zip(addresses)
    {
        let text = render(&folder, flavor);
        assert_eq!(text.matches("Dresden, 15.03.2024").count(), 1, "{flavor:?}: {text}");
        let once = addresses + 1;
        assert_eq!(text.matches("Hamburg").count(), once, "{flavor:?}: the pre-filled place prints once: {text}");
        assert!(text.contains("Hamburg, 18.03.2024"), "{flavor:?}: {text}");
        assert!(!text.contains("Ort, Datum"), "{flavor:?}: both blocks are filled");
    }
    let docx =
        avv_core::render::render_docx(&folder, Some(("kunde", &folder.customers[0].value)), &Stamp::default(), None);
    assert!(docx.is_ok());
}

/// `[[signing.parties]]` names a party that signs, once.
#[test]
fn a_signing_names_a_party_that_signs() {
    let signing = |parties: &str| {
        customer()
            .append(
                AGREEMENT,
                "\n[[signature]]\nparty = \"auftraggeber\"\ncaption = \"Auftraggeber\"\n\n[[signature]]\nparty = \"auftragnehmer\"\ncaption = \"Auftragnehmer\"\n",
            )
            .append(CUSTOMER, &format!("\n[signing]\nplace = \"Köln\"\ndate = 2024-03-15\n{parties}"))
            .validate()
    };
    signing("\n[[signing.parties]]\nparty = \"auftragnehmer\"\ndate = 2024-03-18\n").lacks(Code::SigningPartyUnknown);
    let typo = signing("\n[[signing.parties]]\nparty = \"auftragnehmr\"\n");
    assert!(typo.help(Code::SigningPartyUnknown).contains("did you mean `auftragnehmer`"), "{}", typo.text);
    let twice =
        signing("\n[[signing.parties]]\nparty = \"auftragnehmer\"\n\n[[signing.parties]]\nparty = \"auftragnehmer\"\n");
    assert!(twice.one(Code::SigningPartyUnknown).message.contains("twice"), "{}", twice.text);
}

// ---------------------------------------------------------------- free columns

/// The minimal list with a free column `column` and an entry whose `extra` is `extra`.
fn free_column(column: &str, extra: &str) -> Scenario {
    minimal()
        .edit(
            LIST,
            "placed_in = \"unterauftraege\"",
            &format!(
                "placed_in = \"unterauftraege\"\ncolumns = [\n  {{ field = \"name-address\", header = \"Name und Anschrift\" }},\n  {{ key = \"{column}\", header = \"Datenschutz-Strategie\" }},\n]"
            ),
        )
        .append(LIST, &format!("extra = {extra}\n"))
}

/// The text a finding underlines.
fn underlined(scenario: &Scenario, file: &str, finding: &avv_core::diagnostic::Located) -> String {
    let text = std::fs::read_to_string(scenario.path(file)).expect("read");
    text.get(finding.span.clone()).expect("a span inside the file").to_owned()
}

#[test]
fn a_free_column_and_the_entries_values_match() {
    free_column("strategie", "{ strategie = \"Verschlüsselung\" }").validate().clean();
    // A list without entries has nothing to fill its columns with yet.
    let empty = free_column("strategie", "{ strategie = \"x\" }");
    let text = std::fs::read_to_string(empty.path(LIST)).unwrap();
    let empty = empty.write(LIST, &text[..text.find("[[subprocessor]]").unwrap()]);
    empty.validate().clean();
}

#[test]
fn a_free_column_no_entry_fills_is_located_at_its_key() {
    let scenario = free_column("strategy", "{ strategie = \"Verschlüsselung\" }");
    let outcome = scenario.validate();
    let found = outcome.all(Code::FreeColumnUnmatched);
    assert_eq!(found.len(), 2, "{}", outcome.text);
    let column = found.iter().find(|f| f.message.contains("column `Datenschutz-Strategie`")).expect(&outcome.text);
    assert_eq!(underlined(&scenario, LIST, column), "\"strategy\"", "{}", outcome.text);
    assert_eq!(column.help.as_deref(), Some("did you mean `strategie`?"));
    let value = found.iter().find(|f| f.message.contains("Rechenzentrum Nord GmbH")).expect(&outcome.text);
    assert_eq!(underlined(&scenario, LIST, value), "\"Verschlüsselung\"", "{}", outcome.text);
    assert_eq!(value.help.as_deref(), Some("did you mean `strategy`?"));
    assert_eq!(value.severity, Severity::Error);
}

#[test]
fn an_extra_value_no_column_shows_is_located_at_the_value() {
    let scenario = free_column("strategie", "{ strategie = \"Verschlüsselung\", \"Zertifikat ISO\" = \"27001\" }");
    let outcome = scenario.validate();
    let finding = outcome.one(Code::FreeColumnUnmatched);
    assert_eq!(underlined(&scenario, LIST, finding), "\"27001\"", "{}", outcome.text);
    assert!(finding.message.contains("`Zertifikat ISO`"), "{}", outcome.text);
    assert!(
        finding.help.as_deref().is_some_and(|h| h.contains("{ key = \"Zertifikat ISO\", header = \"…\" }")),
        "{}",
        outcome.text
    );
    // A bullet list prints no columns at all: every value is unshown, and the help says why.
    let list = free_column("strategie", "{ strategie = \"Verschlüsselung\" }").edit(
        LIST,
        "placed_in = \"unterauftraege\"",
        "placed_in = \"unterauftraege\"\nlayout = \"list\"",
    );
    let outcome = list.validate();
    assert!(outcome.help(Code::FreeColumnUnmatched).contains("layout = \"table\""), "{}", outcome.text);
}

#[test]
fn a_column_sets_a_field_or_a_key_not_both() {
    let outcome = free_column("strategie", "{ strategie = \"x\" }")
        .edit(LIST, "{ key = \"strategie\"", "{ field = \"service\", key = \"strategie\"")
        .validate();
    assert!(!outcome.codes().is_empty() && !outcome.codes().contains(&Code::FreeColumnUnmatched), "{}", outcome.text);
    let neither = free_column("strategie", "{ strategie = \"x\" }")
        .edit(LIST, "{ key = \"strategie\", header", "{ header")
        .validate();
    assert!(!neither.codes().is_empty(), "{}", neither.text);
}

// ---------------------------------------------------------------- date placeholders

#[test]
fn a_date_placeholder_takes_an_iso_or_a_german_date() {
    for value in ["2024-03-15", "15.03.2024", "1.3.2024"] {
        Scenario::with_date_placeholder(value).validate().clean();
    }
    for value in ["15.3.24", "März 2024", "2024-02-30", "31.04.2024", "morgen"] {
        let scenario = Scenario::with_date_placeholder(value);
        let outcome = scenario.validate();
        let finding = outcome.one(Code::DateInvalid);
        assert_eq!(underlined(&scenario, CUSTOMER, finding), format!("\"{value}\""), "{}", outcome.text);
        assert!(finding.message.contains("`kunde.beginn`"), "{}", outcome.text);
        assert!(outcome.help(Code::DateInvalid).contains("`2024-03-15` or `15.03.2024`"), "{}", outcome.text);
    }
}

#[test]
fn a_hidden_character_is_an_error_at_its_place_written_or_escaped() {
    for (written, column) in [("Auftrags\u{202E}verarbeitungsvertrag", 18), ("Auftrags\\u202Everarbeitungsvertrag", 9)]
    {
        let outcome = minimal()
            .edit(AGREEMENT, "title = \"Auftragsverarbeitungsvertrag\"", &format!("title = \"{written}\""))
            .validate();
        assert_eq!(outcome.codes(), [Code::HiddenCharacter], "{}", outcome.text);
        let finding = outcome.one(Code::HiddenCharacter);
        assert_eq!(finding.severity, Severity::Error);
        assert!(finding.message.contains("U+202E"), "{}", finding.message);
        assert_eq!(finding.start.line, 10, "{}", outcome.text);
        assert_eq!(finding.start.column, column, "{}", outcome.text);
        // The report itself shows it by name, not as an override of the terminal's line.
        assert!(!outcome.text.contains('\u{202E}'), "{}", outcome.text);
    }
    // A customer's values too: they are printed in the contract.
    let outcome = customer().edit(CUSTOMER, "name = \"Acme GmbH\"", "name = \"Acme\u{200B}GmbH\"").validate();
    assert_eq!(outcome.codes(), [Code::HiddenCharacter], "{}", outcome.text);
}

#[test]
fn codes_on_a_column_that_prints_no_country_are_reported() {
    let scenario = |column: &str| {
        Scenario::from_valid("complete").edit(
            LIST,
            "  { field = \"country\", header = \"Sitz\", codes = true },\n",
            &format!("  {column},\n"),
        )
    };
    scenario("{ field = \"country\", header = \"Sitz\", codes = true }").validate().clean();
    scenario("{ field = \"location\", header = \"Ort\", codes = true }").validate().clean();
    for column in [
        "{ field = \"service\", header = \"Dienst\", codes = true }",
        "{ key = \"strategie\", header = \"Strategie 2\", codes = true }",
    ] {
        let outcome = scenario(column).validate();
        let finding = outcome.one(Code::ColumnCodesUnused);
        assert_eq!(finding.severity, Severity::Warning);
        assert!(finding.message.contains("so `codes = true` changes nothing"), "{}", outcome.text);
    }
}
