//! The rule `subprocessor-effective-before-notice` and the notice agree on
//! when a new sub-processor may start: not before the objection period
//! after the notice has run out (GDPR Art. 28(2)).

use avv_core::diagnostic::{Code, Severity};
use avv_core::diff::diff;
use avv_core::load::load_folder;
use avv_core::model::Date;
use avv_core::notice;
use avv_core::validate::run::validate_folders;

use crate::history_fixture::{CLAUSE_3, CLAUSE_5_1, RECHENZENTRUM, TICKETWARE, agreement, subprocessors};

const RULE: Code = Code::SubprocessorEffectiveBeforeNotice;

/// The findings of this rule for version 1.2 of "muster" with the ticket
/// system notified on `notified` and effective from `since`.
fn findings(notified: &str, since: &str) -> Vec<(Severity, String)> {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = tmp.path().join("agreements/muster");
    std::fs::create_dir_all(&dir).expect("create folder");
    std::fs::write(dir.join("agreement.toml"), agreement("1.2", "2024-03-01", CLAUSE_3, CLAUSE_5_1)).expect("write");
    let ticketware =
        TICKETWARE.replace("country = \"US\"", &format!("country = \"US\"\nnotified = {notified}\nsince = {since}"));
    std::fs::write(dir.join("subprocessors.toml"), subprocessors(&[RECHENZENTRUM, &ticketware])).expect("write");
    let report = validate_folders(&[dir], tmp.path());
    report.diagnostics.iter().filter(|d| d.code == RULE).map(|d| (d.severity, d.message.clone())).collect()
}

#[test]
fn effective_before_the_objection_period_ends_is_an_error() {
    // Notified on 1 March, 14 days to object: the period ends on 15 March.
    let found = findings("2024-03-01", "2024-03-10");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Severity::Error);
    assert!(found[0].1.contains("may object until 2024-03-15"), "{}", found[0].1);
    assert!(found[0].1.starts_with("`Ticketware Inc.` takes effect on 2024-03-10"), "{}", found[0].1);
}

#[test]
fn effective_on_the_last_day_to_object_is_an_error() {
    // The old rule let this through and the notice then read "Wirksam ab
    // 15.03." beside "Einspruch bis einschließlich 15.03.".
    let found = findings("2024-03-01", "2024-03-15");
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn effective_after_the_objection_period_is_fine() {
    assert_eq!(findings("2024-03-01", "2024-03-16"), []);
    assert_eq!(findings("2024-01-10", "2024-03-01"), []);
}

#[test]
fn the_notice_proposes_a_start_the_rule_accepts() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = tmp.path().join("agreements/muster");
    std::fs::create_dir_all(&dir).expect("create folder");
    std::fs::write(dir.join("agreement.toml"), agreement("1.2", "2024-03-01", CLAUSE_3, CLAUSE_5_1)).expect("write");
    std::fs::write(dir.join("subprocessors.toml"), subprocessors(&[RECHENZENTRUM])).expect("write");
    let before = load_folder(&dir, tmp.path()).folder;
    std::fs::write(dir.join("subprocessors.toml"), subprocessors(&[RECHENZENTRUM, TICKETWARE])).expect("write");
    let after = load_folder(&dir, tmp.path()).folder;

    let notified = Date::parse("2024-03-01").expect("date");
    let notice = notice::notice(Some(&before), &after, &diff(Some(&before), &after), notified);
    assert_eq!(notice.objection_deadline.map(|d| d.to_string()).as_deref(), Some("2024-03-15"));
    let effective = notice.added[0].effective.expect("an effective date").to_string();
    assert_eq!(effective, "2024-03-16", "the day after the last day to object");
    assert_eq!(findings("2024-03-01", &effective), []);
}

#[test]
fn a_notice_of_removals_only_sets_no_objection_deadline() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = tmp.path().join("agreements/muster");
    std::fs::create_dir_all(&dir).expect("create folder");
    std::fs::write(dir.join("agreement.toml"), agreement("1.2", "2024-03-01", CLAUSE_3, CLAUSE_5_1)).expect("write");
    std::fs::write(dir.join("subprocessors.toml"), subprocessors(&[RECHENZENTRUM, TICKETWARE])).expect("write");
    let before = load_folder(&dir, tmp.path()).folder;
    std::fs::write(dir.join("subprocessors.toml"), subprocessors(&[RECHENZENTRUM])).expect("write");
    let after = load_folder(&dir, tmp.path()).folder;

    let notice =
        notice::notice(Some(&before), &after, &diff(Some(&before), &after), Date::parse("2024-03-01").expect("date"));
    assert_eq!(notice.removed.len(), 1);
    assert_eq!(notice.objection_deadline, None, "nobody objects to a sub-processor leaving");
    let text = notice::markdown(&notice);
    assert!(text.contains("## Entfallende Unterauftragnehmer"), "{text}");
    assert!(!text.contains("Einspruch"), "{text}");
}
