//! `avv diff`, `avv history` and `avv notice` end to end: the real binary
//! on throw-away git repositories with fixed authors and dates (the "muster"
//! history shared with the library tests). Temporary paths and commit ids
//! are filtered out of the snapshots.
//!
//! Review snapshot changes with `cargo insta review`.

#[path = "../../core/tests/support/git_repo.rs"]
mod git_repo;
#[path = "../../core/tests/support/history_fixture.rs"]
mod history_fixture;
mod support;

use std::process::Command;

use git_repo::GitRepo;
use history_fixture::{DIR, muster_history, write_v1_0, write_v1_1};
use support::escape_regex;

/// `avv` run in `repo`, without colour and with a fixed terminal width.
fn avv(repo: &GitRepo) -> Command {
    let mut command = Command::new(insta_cmd::get_cargo_bin("avv"));
    command.current_dir(repo.path()).env("COLUMNS", "100").env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    command
}

/// Insta filters for the repository's temporary path and for commit ids.
fn settings(repo: &GitRepo) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    let mut paths = vec![repo.path().display().to_string()];
    if let Ok(real) = repo.path().canonicalize() {
        paths.push(real.display().to_string());
    }
    for path in paths {
        settings.add_filter(&escape_regex(&path), "[TEMP]");
    }
    settings.add_filter(r"\b[0-9a-f]{40}\b", "[COMMIT]");
    settings.add_filter(r"\b[0-9a-f]{12}\b", "[SHORT]");
    settings
}

/// Snapshots exit code, stdout and stderr of `$command` run in `$repo`.
macro_rules! snapshot {
    ($name:expr, $repo:expr, $command:expr) => {{
        settings(&$repo).bind(|| insta_cmd::assert_cmd_snapshot!($name, $command));
    }};
}

// ---------------------------------------------------------------- avv diff

#[test]
fn diff_human() {
    let history = muster_history();
    snapshot!("diff_human", history.repo, avv(&history.repo).args(["--color", "never", "diff", "HEAD~2", "HEAD"]));
}

#[test]
fn diff_markdown() {
    let history = muster_history();
    snapshot!(
        "diff_markdown",
        history.repo,
        avv(&history.repo).args(["diff", "HEAD~2", "HEAD", "--format", "markdown"])
    );
}

#[test]
fn diff_json() {
    let history = muster_history();
    snapshot!("diff_json", history.repo, avv(&history.repo).args(["diff", "HEAD~2..HEAD", "--format", "json"]));
}

#[test]
fn diff_of_the_working_tree() {
    let history = muster_history();
    history.repo.write(&format!("{DIR}/tom.toml"), &history_fixture::tom(true, false));
    snapshot!("diff_working_tree", history.repo, avv(&history.repo).args(["--color", "never", "diff"]));
}

#[test]
fn diff_limited_to_a_path_without_changes() {
    let history = muster_history();
    history.repo.write("agreements/anderer/agreement.toml", "schema_version = 1\n");
    let output =
        avv(&history.repo).args(["--color", "never", "diff", "HEAD", "agreements/muster"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "keine inhaltlichen Änderungen\n");
}

#[test]
fn diff_of_a_pull_request_branch() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    repo.git(&["checkout", "--quiet", "-b", "aenderung"]);
    write_v1_1(&repo, DIR);
    repo.commit("1.1");
    repo.git(&["checkout", "--quiet", "main"]);
    let agreement = repo.read(&format!("{DIR}/agreement.toml"));
    repo.write(
        &format!("{DIR}/agreement.toml"),
        &agreement.replace("dessen Kundenverwaltung", "dessen Kunden- und Vertragsverwaltung"),
    );
    repo.commit("main ändert Punkt 1");
    repo.git(&["checkout", "--quiet", "aenderung"]);
    let before = repo.state();
    snapshot!("diff_pull_request", repo, avv(&repo).args(["diff", "main...HEAD", "--format", "markdown"]));
    let output = avv(&repo).args(["diff", "main...HEAD", "--format", "json"]).output().expect("run avv");
    let json = String::from_utf8_lossy(&output.stdout);
    assert!(json.contains("\"id\": \"vertraulichkeit\""), "{json}");
    assert!(!json.contains("\"id\": \"gegenstand\""), "main's own change is not part of the branch: {json}");
    assert_eq!(repo.state(), before);
}

// ---------------------------------------------------------------- avv history

#[test]
fn history_text() {
    let history = muster_history();
    snapshot!("history_text", history.repo, avv(&history.repo).args(["history", "muster"]));
}

#[test]
fn history_markdown() {
    let history = muster_history();
    snapshot!(
        "history_markdown",
        history.repo,
        avv(&history.repo).args(["history", "agreements/muster", "--format", "markdown"])
    );
}

#[test]
fn history_json() {
    let history = muster_history();
    snapshot!("history_json", history.repo, avv(&history.repo).args(["history", "muster", "--format", "json"]));
}

#[test]
fn history_until_a_revision_from_a_subfolder() {
    let history = muster_history();
    let output = avv(&history.repo)
        .current_dir(history.repo.join(DIR))
        .args(["history", "muster", "--until", "HEAD~1", "--format", "markdown"])
        .output()
        .expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("| 1.1 |") && !text.contains("| 1.2 |"), "{text}");
}

#[test]
fn history_warns_about_versions_it_skips() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    let broken =
        history_fixture::agreement("1.1", "2024-02-01", history_fixture::CLAUSE_3, history_fixture::CLAUSE_5_1_OLD)
            .replace("text = \"Der Auftragnehmer trifft", "text = Der Auftragnehmer trifft");
    repo.write(&format!("{DIR}/agreement.toml"), &broken);
    repo.commit("1.1, kaputt");
    snapshot!("history_skipped", repo, avv(&repo).args(["history", "muster"]));
}

#[test]
fn history_in_a_shallow_clone_fails_with_a_hint() {
    let history = muster_history();
    let (_clone, shallow) = history.repo.shallow_clone();
    let output = Command::new(insta_cmd::get_cargo_bin("avv"))
        .current_dir(&shallow)
        .args(["history", "muster"])
        .output()
        .expect("run avv");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot read the git history\n  caused by: the repository is a shallow clone"),
        "{stderr}"
    );
    assert!(stderr.contains("`fetch-depth: 0`"), "{stderr}");
    for command in [&["diff", "HEAD~1"][..], &["notice", "muster"]] {
        let output = Command::new(insta_cmd::get_cargo_bin("avv"))
            .current_dir(&shallow)
            .args(command)
            .output()
            .expect("run avv");
        assert_eq!(output.status.code(), Some(2), "{command:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("`fetch-depth: 0`"), "{command:?}");
    }
    // HEAD against the working tree needs nothing before HEAD.
    let output =
        Command::new(insta_cmd::get_cargo_bin("avv")).current_dir(&shallow).args(["diff"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn history_at_a_detached_head() {
    let history = muster_history();
    history.repo.git(&["checkout", "--quiet", "--detach", "HEAD~2"]);
    let output = avv(&history.repo).args(["history", "muster", "--format", "markdown"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(text.lines().count(), 4, "header, separator, 1.0 and 1.1: {text}");
}

#[test]
fn history_of_an_unknown_agreement() {
    let history = muster_history();
    snapshot!("history_unknown", history.repo, avv(&history.repo).args(["history", "gibt-es-nicht"]));
}

/// A folder made but not committed (as `avv new` leaves it) has no history
/// yet: the error says to commit it, not that it does not exist.
#[test]
fn history_of_an_agreement_not_committed_yet() {
    let history = muster_history();
    let folder = history.repo.path().join("agreements/neu");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(history.repo.path().join("agreements/muster/agreement.toml"), folder.join("agreement.toml")).unwrap();
    let output = avv(&history.repo).args(["history", "neu"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`agreements/neu` is not committed yet, so it has no history: commit it"), "{stderr}");
}

// ---------------------------------------------------------------- avv notice

#[test]
fn notice_markdown() {
    let history = muster_history();
    snapshot!("notice_markdown", history.repo, avv(&history.repo).args(["notice", "muster", "--date", "2024-03-01"]));
}

#[test]
fn notice_json() {
    let history = muster_history();
    snapshot!(
        "notice_json",
        history.repo,
        avv(&history.repo).args(["notice", "muster", "HEAD~2..HEAD", "--date", "2024-03-01", "--format", "json"])
    );
}

/// muster 1.0 committed as `agreements/alt`, then renamed to muster at 1.2.
fn renamed() -> GitRepo {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, "agreements/alt");
    repo.commit("1.0");
    repo.git(&["mv", "agreements/alt", "agreements/muster"]);
    history_fixture::write_v1_2(&repo, DIR);
    repo.commit("1.2 unter neuem Namen");
    repo
}

#[test]
fn notice_of_a_renamed_folder() {
    let repo = renamed();
    let output =
        avv(&repo).args(["notice", "muster", "--date", "2024-03-01", "--format", "json"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["notice"]["from"], "1.0", "compared with the version under the old name");
    assert_eq!(json["notice"]["added"][0]["id"], "ticketware");
    assert_eq!(json["notice"]["removed"][0]["id"], "mailversand");
}

/// `avv diff <args> --format json`, run successfully and parsed.
fn diff_as_json(repo: &GitRepo, args: &[&str]) -> serde_json::Value {
    let output = avv(repo).arg("diff").args(args).args(["--format", "json"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn a_diff_across_a_rename_keeps_the_record_when_a_new_agreement_takes_the_old_name() {
    let mut repo = renamed();
    // A new, unrelated agreement under the name given up.
    write_v1_0(&repo, "agreements/alt");
    let text = repo.read("agreements/alt/agreement.toml").replace("id = \"muster\"", "id = \"alt\"");
    repo.write("agreements/alt/agreement.toml", &text);
    repo.commit("ein neuer Vertrag alt");
    // Between two commits, and from a commit to the working tree.
    for range in [&["HEAD~2", "HEAD"][..], &["HEAD~2"]] {
        let json = diff_as_json(&repo, range);
        let sets = json["agreements"].as_array().expect("change sets");
        let set = |id: &str| sets.iter().find(|s| s["agreement"] == id).unwrap_or_else(|| panic!("{id}: {json}"));
        let muster = set("muster");
        assert_eq!(muster["previous_id"], "alt", "{muster}");
        assert_eq!(muster["from"], "1.0", "{muster}");
        assert!(muster.to_string().contains("ticketware"), "the renamed agreement's changes: {muster}");
        assert!(set("alt")["from"].is_null(), "the new agreement is new: {}", set("alt"));
        assert!(set("alt").get("previous_id").is_none_or(serde_json::Value::is_null), "{}", set("alt"));
    }
}

#[test]
fn a_diff_takes_the_path_an_agreement_had_before_its_rename() {
    let repo = renamed();
    let output =
        avv(&repo).args(["diff", "HEAD~1", "HEAD", "agreements/alt", "--format", "json"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let sets = json["agreements"].as_array().expect("sets");
    assert_eq!(sets.len(), 1, "{json}");
    assert_eq!(sets[0]["agreement"], "muster");
    // Neither a revision nor a path: said so.
    let output = avv(&repo).args(["diff", "HEAD~1", "HEAD", "nirgendwo"]).output().expect("run avv");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`nirgendwo` is neither a revision, a path nor an agreement"), "{stderr}");
}

#[test]
fn a_diff_takes_an_agreement_by_its_name_as_history_and_notice_do() {
    let repo = renamed();
    let run = |args: &[&str]| {
        let output = avv(&repo).args(args).output().expect("run avv");
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let by_path = run(&["diff", "HEAD~1", "HEAD", "agreements/muster", "--format", "json"]);
    let by_name = run(&["diff", "HEAD~1", "HEAD", "muster", "--format", "json"]);
    assert_eq!(by_name, by_path);
    let json: serde_json::Value = serde_json::from_str(&by_name).expect("JSON");
    assert_eq!(json["agreements"].as_array().map(Vec::len), Some(1), "{json}");
    // A revision of the same name comes first, as in git.
    repo.git(&["branch", "muster", "HEAD~1"]);
    let against_branch = run(&["diff", "muster", "HEAD", "--format", "json"]);
    assert_eq!(against_branch, run(&["diff", "HEAD~1", "HEAD", "--format", "json"]));
}

#[test]
fn a_diff_across_a_deletion_and_re_addition_compares_the_two_versions() {
    // Deleted, then added again under its name: one agreement, as the
    // history reads it, not a new one beside a removed one.
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    repo.git(&["rm", "-r", "-q", DIR]);
    repo.commit("muster zurückgezogen");
    write_v1_0(&repo, DIR);
    history_fixture::write_v1_2(&repo, DIR);
    repo.commit("muster 1.2");
    for range in [&["HEAD~2", "HEAD"][..], &["HEAD~2"]] {
        let json = diff_as_json(&repo, range);
        let sets = json["agreements"].as_array().expect("change sets");
        assert_eq!(sets.len(), 1, "one agreement, compared: {json}");
        assert_eq!(sets[0]["from"], "1.0", "{json}");
        assert_eq!(sets[0]["to"], "1.2", "{json}");
        assert!(sets[0].to_string().contains("ticketware"), "its changes: {json}");
    }
    let output = avv(&repo).args(["notice", "muster", "HEAD~2..HEAD", "--format", "json"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["notice"]["from"], "1.0", "{json}");
    assert_eq!(json["notice"]["removed"][0]["id"], "mailversand", "{json}");
}

#[test]
fn a_diff_and_a_notice_take_the_versions_of_the_agreement_named_by_number() {
    let history = muster_history();
    let repo = &history.repo;
    let run = |args: &[&str]| {
        let output = avv(repo).args(args).output().expect("run avv");
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let (v1_0, v1_1, v1_2) = (history.v1_0.as_str(), history.v1_1.as_str(), history.v1_2.as_str());
    // Two versions, a range of versions, a version against the working tree.
    for (by_number, by_commit) in [
        (vec!["muster", "1.0", "1.2"], vec![v1_0, v1_2, "muster"]),
        (vec!["1.1..1.2", "muster"], vec![&format!("{v1_1}..{v1_2}"), "muster"]),
        (vec!["muster", "1.0..HEAD"], vec![&format!("{v1_0}..HEAD"), "muster"]),
        (vec!["agreements/muster", "1.1"], vec![v1_1, "muster"]),
    ] {
        let numbered = run(&[&["diff"][..], &by_number, &["--format", "json"]].concat());
        assert_eq!(numbered, run(&[&["diff"][..], &by_commit, &["--format", "json"]].concat()), "{by_number:?}");
        assert!(numbered.contains("\"to\": \"1.2\""), "{numbered}");
    }
    let notice = |range: &str| run(&["notice", "muster", range, "--date", "2024-03-01", "--format", "json"]);
    assert_eq!(notice("1.1..1.2"), notice(&format!("{v1_1}..{v1_2}")));
    assert!(notice("1.1..1.2").contains("mailversand"), "{}", notice("1.1..1.2"));

    // A version the agreement never had is said with the versions it had.
    for args in [&["diff", "muster", "1.0", "1.7"][..], &["notice", "muster", "1.1..1.7"]] {
        let output = avv(repo).args(args).output().expect("run avv");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("`1.7` is neither a revision") && stderr.contains("(its versions: 1.0, 1.1, 1.2)"),
            "{stderr}"
        );
    }
    // Without one agreement a number names no version: said how to ask.
    let output = avv(repo).args(["diff", "1.0", "1.2"]).output().expect("run avv");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("name one agreement (`avv diff <agreement> 1.0 1.1`)"));
    // A revision of the same name comes first, as in git.
    repo.git(&["branch", "1.0", v1_2]);
    assert_eq!(run(&["diff", "muster", "1.0", "1.2"]), "keine inhaltlichen Änderungen\n");
}

#[test]
fn a_diff_of_a_path_that_names_no_agreement_is_refused() {
    let history = muster_history();
    for args in [&["diff", "HEAD~1", "HEAD", "agreements/nosuch"][..], &["diff", "HEAD", "agreements/nosuch"]] {
        let output = avv(&history.repo).args(args).output().expect("run avv");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("no agreement `nosuch` at either end"), "{stderr}");
        assert!(output.stdout.is_empty(), "no report: {}", String::from_utf8_lossy(&output.stdout));
    }
    let output = avv(&history.repo).args(["diff", "HEAD~1", "HEAD", "agreements/muster"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn a_bare_repository_has_no_working_tree_to_compare() {
    let history = muster_history();
    let bare = tempfile::tempdir().expect("temporary folder");
    let target = bare.path().join("bare.git");
    let clone = std::process::Command::new("git")
        .args(["clone", "-q", "--bare"])
        .arg(history.repo.path())
        .arg(&target)
        .output()
        .expect("git clone");
    assert!(clone.status.success(), "{}", String::from_utf8_lossy(&clone.stderr));
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_avv")).args(args).current_dir(&target).output().expect("run avv")
    };
    // Every agreement would read as removed.
    for args in [&["diff"][..], &["diff", "HEAD~1"]] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&output.stdout));
        assert!(String::from_utf8_lossy(&output.stderr).contains("the repository is bare"), "{args:?}");
    }
    let output = run(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("\"to\": \"1.2\""),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn pending_changes_are_dated_by_the_commit_that_made_them() {
    let mut history = muster_history();
    let path = format!("{DIR}/agreement.toml");
    let text = history.repo.read(&path).replace("verpflichtet.", "schriftlich verpflichtet.");
    assert_ne!(text, history.repo.read(&path), "the fixture has the words to change");
    history.repo.write(&path, &text);
    let made = history.repo.commit_dated("muster: Schriftform", "2024-05-02T10:00:00+02:00");
    // Later commits elsewhere move nothing.
    history.repo.write("README.md", "# Verträge, überarbeitet\n");
    history.repo.commit_dated("README", "2024-06-20T10:00:00+02:00");
    let output = avv(&history.repo).args(["history", "muster", "--format", "json"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rows = json["table"]["rows"].as_array().expect("rows");
    let pending = rows.iter().find(|r| r["version"] == "unveröffentlicht").unwrap_or_else(|| panic!("{json}"));
    assert_eq!(pending["date"], "2024-05-02", "{pending}");
    assert_eq!(pending["commit"], made.as_str(), "{pending}");
}

/// The fixture history with a second customer, `praxis-mueller`
/// (Praxis Dr. Müller, Kd-Nr. 20077), who signed version 1.1.
fn with_a_second_customer() -> history_fixture::MusterHistory {
    let mut history = muster_history();
    let second = history_fixture::CUSTOMER
        .replace("10047", "20077")
        .replace("Beispiel AG", "Praxis Dr. Müller")
        .replace("version = \"1.0\"", "version = \"1.1\"");
    history.repo.write(&format!("{DIR}/customers/praxis-mueller.toml"), &second);
    history.repo.commit("zweiter Kunde");
    history
}

#[test]
fn the_notice_letter_names_no_customer() {
    // Every customer receives the letter: no customer's id, number or
    // values may be in it. The processor learns who receives it on stderr.
    let history = with_a_second_customer();
    for args in [
        &["notice", "muster", "--date", "2024-03-01"][..],
        &["notice", "muster", "HEAD~3..HEAD", "--date", "2024-03-01"],
    ] {
        let output = avv(&history.repo).args(args).output().expect("run avv");
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        let letter = String::from_utf8_lossy(&output.stdout);
        for value in ["beispiel", "Beispiel AG", "10047", "praxis-mueller", "Praxis Dr. Müller", "20077"] {
            assert!(!letter.contains(value), "{args:?}: `{value}` in the letter:\n{letter}");
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("beispiel (Kd-Nr. 10047)"), "{args:?}: {stderr}");
        assert!(stderr.contains("praxis-mueller (Kd-Nr. 20077)"), "{args:?}: {stderr}");
    }
}

#[test]
fn the_history_by_an_old_name_goes_on_under_the_new_one() {
    let mut repo = renamed();
    let output = avv(&repo).args(["history", "alt"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`alt` was renamed to `muster`"));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("1.0") && text.contains("1.2"), "the whole history: {text}");
    // Deleted: said, not a history that quietly stops.
    repo.git(&["rm", "-r", "-q", DIR]);
    repo.commit("muster entfernt");
    let output = avv(&repo).args(["history", "muster"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`muster` was deleted after commit"));
}

#[test]
fn a_notice_whose_objection_period_is_over_is_warned_about() {
    let history = muster_history();
    let past = avv(&history.repo).args(["notice", "muster", "--date", "2024-03-01"]).output().expect("run avv");
    assert!(past.status.success());
    let stderr = String::from_utf8_lossy(&past.stderr);
    assert!(stderr.contains("the objection period of this notice ended on 2024-03-15, before today"), "{stderr}");
    let future = avv(&history.repo).args(["notice", "muster", "--date", "2999-03-01"]).output().expect("run avv");
    assert!(
        !String::from_utf8_lossy(&future.stderr).contains("objection period"),
        "{}",
        String::from_utf8_lossy(&future.stderr)
    );
}

#[test]
fn notice_by_the_new_name_for_a_range_before_the_rename() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, "agreements/alt");
    let first = repo.commit("1.0");
    history_fixture::write_v1_2(&repo, "agreements/alt");
    let second = repo.commit("1.2");
    repo.git(&["mv", "agreements/alt", "agreements/muster"]);
    repo.commit("umbenannt");
    let range = format!("{first}..{second}");
    let output = avv(&repo)
        .args(["notice", "muster", &range, "--date", "2024-03-01", "--format", "json"])
        .output()
        .expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["notice"]["added"][0]["id"], "ticketware");
}

#[test]
fn a_notice_whose_sub_processor_starts_too_early_is_refused() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    history_fixture::write_v1_2(&repo, DIR);
    let list = repo.read(&format!("{DIR}/subprocessors.toml"));
    repo.write(
        &format!("{DIR}/subprocessors.toml"),
        &list.replace(
            "service = \"Ticketsystem für den Support\"\n",
            "service = \"Ticketsystem für den Support\"\nsince = 2024-03-16\n",
        ),
    );
    repo.commit("1.2");
    // The notice of 10 March: customers may object until 24 March; Ticketware starts on 16 March.
    let output = avv(&repo).args(["notice", "muster", "--date", "2024-03-10"]).output().expect("run avv");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the earliest valid date is 2024-03-25"), "{stderr}");
    assert!(output.stdout.is_empty(), "no notice is written");
}

#[test]
fn a_notice_takes_the_fixes_committed_after_the_version_began() {
    // The advice of the refusal above, followed in a later commit of the same version.
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    history_fixture::write_v1_2(&repo, DIR);
    let list = repo.read(&format!("{DIR}/subprocessors.toml"));
    let early = list.replace(
        "service = \"Ticketsystem für den Support\"\n",
        "service = \"Ticketsystem für den Support\"\nsince = 2024-03-16\n",
    );
    repo.write(&format!("{DIR}/subprocessors.toml"), &early);
    repo.commit("1.2");
    repo.write(&format!("{DIR}/subprocessors.toml"), &early.replace("since = 2024-03-16", "since = 2024-03-25"));
    repo.commit("1.2: since moved");
    let output = avv(&repo).args(["notice", "muster", "--date", "2024-03-10"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("25.03.2024"));
}

#[test]
fn a_notice_refuses_a_version_whose_files_do_not_parse() {
    // A broken list read as "no sub-processors" would announce every one of them removed.
    for broken_side in ["later", "earlier"] {
        let mut repo = GitRepo::new();
        write_v1_0(&repo, DIR);
        let path = format!("{DIR}/subprocessors.toml");
        let list = repo.read(&path);
        let broken = list.replacen("name = \"", "name = \"unclosed\n", 1);
        if broken_side == "earlier" {
            repo.write(&path, &broken);
        }
        repo.commit("1.0");
        history_fixture::write_v1_2(&repo, DIR);
        if broken_side == "later" {
            let now = repo.read(&path);
            repo.write(&path, &now.replacen("name = \"", "name = \"unclosed\n", 1));
        }
        repo.commit("1.2");
        let output = avv(&repo).args(["notice", "muster", "--date", "2024-03-01"]).output().expect("run avv");
        assert_eq!(output.status.code(), Some(2), "{broken_side}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(&format!("{DIR}/subprocessors.toml:")), "{broken_side}: {stderr}");
        assert!(output.stdout.is_empty(), "no letter is written");
    }
}

#[test]
fn a_diff_of_a_broken_working_tree_names_the_place() {
    let history = muster_history();
    let path = format!("{DIR}/subprocessors.toml");
    let list = history.repo.read(&path);
    history.repo.write(&path, &list.replacen("name = \"", "name = \"unclosed\n", 1));
    let output = avv(&history.repo).args(["diff"]).output().expect("run avv");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{DIR}/subprocessors.toml:")) && stderr.contains("in the working tree"),
        "{stderr}"
    );
}

#[test]
fn a_withdrawn_version_shows_in_the_diff_and_the_history() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    let path = format!("{DIR}/agreement.toml");
    let text = repo.read(&path);
    repo.write(&path, &text.replacen("status = \"final\"", "status = \"withdrawn\"", 1));
    let diff = avv(&repo).args(["--color", "never", "diff"]).output().expect("run avv");
    let text = String::from_utf8_lossy(&diff.stdout);
    assert!(text.contains("Status „zurückgezogen“ statt „finale Version“"), "{text}");
    assert!(!text.contains("keine inhaltlichen Änderungen"), "{text}");
    repo.commit("1.0 zurückgezogen");
    let history = avv(&repo).args(["history", "muster"]).output().expect("run avv");
    let text = String::from_utf8_lossy(&history.stdout);
    assert!(text.contains("1.0  zurückgezogen"), "{text}");
    // The site lists it as withdrawn, on the index and on its page, though
    // its document prints the status it was released with.
    let site = repo.join("site");
    let build = avv(&repo).args(["build", "--no-private", "--out"]).arg(&site).output().expect("run avv");
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    for page in ["index.html", "muster/index.html"] {
        let html = std::fs::read_to_string(site.join(page)).expect("page");
        assert!(html.contains("status-badge status-withdrawn\">zurückgezogen<"), "{page}: {html}");
        assert!(!html.contains("status-badge status-final"), "{page}");
    }
    // Withdrawn it stays, with its date, when a new version follows (and
    // also when the folder was deleted in between).
    repo.git(&["rm", "-r", "-q", DIR]);
    repo.commit("muster entfernt");
    history_fixture::write_v1_1(&repo, DIR);
    repo.commit("1.1");
    let history = avv(&repo).args(["history", "muster"]).output().expect("run avv");
    let text = String::from_utf8_lossy(&history.stdout);
    assert!(text.contains("1.0  zurückgezogen"), "{text}");
    assert!(text.contains("Version zurückgezogen am "), "{text}");
    assert!(text.contains("1.1  finale Version"), "{text}");
}

#[test]
fn a_tag_that_names_no_version_is_warned_about() {
    let history = muster_history();
    history.repo.git(&["tag", "muster/v1.5", "HEAD"]);
    let output = avv(&history.repo).args(["history", "muster"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("tag muster/v1.5") && stderr.contains("says version 1.2, and no commit has version 1.5"),
        "{stderr}"
    );
    assert!(!stderr.contains("move the tag to the commit of 1.5"), "no such commit to move it to: {stderr}");
    history.repo.git(&["tag", "-d", "muster/v1.5"]);
    // A version that exists elsewhere: move the tag there.
    history.repo.git(&["tag", "muster/v1.1", "HEAD"]);
    let output = avv(&history.repo).args(["history", "muster"]).output().expect("run avv");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("move the tag to the commit of 1.1"), "{stderr}");
    history.repo.git(&["tag", "-d", "muster/v1.1"]);
    history.repo.git(&["tag", "muster/v1.5", "HEAD"]);
    // A tag that names its commit's version is no warning.
    history.repo.git(&["tag", "-d", "muster/v1.5"]);
    let output = avv(&history.repo).args(["history", "muster"]).output().expect("run avv");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("tag "), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn versions_that_go_back_or_repeat_are_warned_about() {
    let mut repo = GitRepo::new();
    let path = format!("{DIR}/agreement.toml");
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    let text = repo.read(&path);
    for version in ["1.1", "0.9", "1.1"] {
        repo.write(&path, &text.replacen("version = \"1.0\"", &format!("version = \"{version}\""), 1));
        repo.commit(version);
    }
    let output = avv(&repo).args(["history", "muster"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("version 0.9 (") && stderr.contains("follows version 1.1: versions must rise"), "{stderr}");
    assert!(stderr.contains("version 1.1 names 2 texts"), "{stderr}");
    assert!(!stderr.contains("skipped"), "{stderr}");
}

#[test]
fn a_notice_refuses_a_range_that_runs_backwards() {
    let history = muster_history();
    let output = avv(&history.repo).args(["notice", "muster", "HEAD..HEAD~2"]).output().expect("run avv");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("runs backwards"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn a_notice_needs_a_sub_processor_list() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    history_fixture::write_v1_2(&repo, DIR);
    repo.remove(&format!("{DIR}/subprocessors.toml"));
    repo.commit("1.2 without the list");
    let output = avv(&repo).args(["notice", "muster", "--date", "2024-03-01"]).output().expect("run avv");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("has no sub-processor list"));
    assert!(output.stdout.is_empty());
}

#[test]
fn a_looser_policy_shows_in_the_diff() {
    let history = muster_history();
    history.repo.write("avv.toml", "schema_version = 1\n\n[hook]\nrequire_version_bump = false\n");
    let output = avv(&history.repo).args(["--color", "never", "diff"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("avv.toml (Richtlinie des Repositorys)"), "{text}");
    assert!(
        text.contains("(intern, nicht im Dokument) Aktualisierung der Richtlinie (avv.toml): neue Version für jede Änderung verlangt „nein“ statt „ja“"),
        "{text}"
    );
}

// ---------------------------------------------------------------- read only

#[test]
fn diff_history_and_notice_leave_the_repository_alone() {
    let history = muster_history();
    history.repo.write(&format!("{DIR}/tom.toml"), &history_fixture::tom(true, false));
    history.repo.write("notizen.txt", "nicht eingecheckt\n");
    let before = history.repo.state();
    let runs: [&[&str]; 8] = [
        &["diff"],
        &["diff", "HEAD~3", "HEAD", "--format", "json"],
        &["diff", "main...HEAD", "--format", "markdown"],
        &["history", "muster"],
        &["history", "muster", "--format", "json", "--until", "muster/v1.2"],
        &["notice", "muster", "--date", "2024-03-01"],
        &["notice", "muster", "HEAD~3..HEAD", "--format", "json", "--date", "2024-03-01"],
        &["notice", "muster", "main...HEAD", "--date", "2024-03-01"],
    ];
    for args in runs {
        let output = avv(&history.repo).args(args).output().expect("run avv");
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
    assert_eq!(history.repo.state(), before);
}

/// muster 1.0, then 1.2 with a new sub-processor, its changelog saying
/// from when the version's changes apply.
fn effective_on(day: &str) -> GitRepo {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    history_fixture::write_v1_2(&repo, DIR);
    let path = format!("{DIR}/agreement.toml");
    let agreement = repo.read(&path);
    repo.write(&path, &format!("{agreement}\n[[changelog]]\nversion = \"1.2\"\neffective = {day}\n"));
    repo.commit("1.2");
    repo
}

#[test]
fn the_day_a_version_takes_effect_is_in_its_row_and_its_notice() {
    let repo = effective_on("2024-04-15");
    let output = avv(&repo).args(["history", "muster", "--format", "json"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rows = json["table"]["rows"].as_array().unwrap();
    let last = rows.last().unwrap();
    assert_eq!(last["version"], "1.2");
    assert_eq!(last["changes"].as_array().unwrap().last().unwrap(), "Wirksam ab 15.04.2024", "{last}");
    assert!(!rows[0]["changes"].to_string().contains("Wirksam"), "1.0 says no day");

    let output = avv(&repo).args(["notice", "muster", "--date", "2024-03-01"]).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let letter = String::from_utf8_lossy(&output.stdout);
    assert!(letter.contains("Die Änderungen werden am 15.04.2024 wirksam."), "{letter}");
    // Ticketware has no `since` of its own: it joins on that day.
    let row = letter.lines().find(|l| l.starts_with("| Ticketware")).expect("Ticketware's row");
    assert!(row.ends_with("| 15.04.2024 |"), "{row}");
    let output =
        avv(&repo).args(["notice", "muster", "--date", "2024-03-01", "--format", "json"]).output().expect("run avv");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["notice"]["effective"], "2024-04-15");
}

#[test]
fn a_version_taking_effect_before_customers_may_object_is_refused() {
    let repo = effective_on("2024-03-16");
    // Notice of 10 March: customers may object until 24 March.
    let output = avv(&repo).args(["notice", "muster", "--date", "2024-03-10"]).output().expect("run avv");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("takes effect on 2024-03-16"), "{stderr}");
    assert!(
        stderr.contains("set `effective = 2024-03-25` (or later) in the `[[changelog]]` entry of version 1.2"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "no notice is written");
}

/// `--letters DIR`: one letter per affected customer, addressed to it and
/// naming no other; in PDF and Word too. A binary letter needs a file, a
/// JSON letter does not exist, and a letter written before is replaced
/// whole.
#[test]
fn notice_letters_are_written_one_per_customer() {
    let history = with_a_second_customer();
    let out = tempfile::tempdir().expect("temp dir");
    let letters = out.path().join("briefe");
    let run = |extra: &[&str]| {
        let mut args = vec!["notice", "muster", "--date", "2024-03-01"];
        args.extend_from_slice(extra);
        avv(&history.repo).args(&args).output().expect("run avv")
    };
    let dir = letters.to_str().unwrap();
    let output = run(&["--letters", dir]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stdout.is_empty(), "the letters go to files");
    assert!(String::from_utf8_lossy(&output.stderr).contains("wrote 2 letters to"), "{output:?}");
    let own = [("beispiel", "Beispiel AG", "10047"), ("praxis-mueller", "Praxis Dr. Müller", "20077")];
    for (id, name, number) in own {
        let text = std::fs::read_to_string(letters.join(format!("{id}.md"))).expect("the letter");
        assert!(text.starts_with(&format!("{name}  \nKd-Nr. {number}\n\n# Mitteilung")), "{id}: {text}");
        for (other, other_name, other_number) in own {
            if other != id {
                assert!(!text.contains(other_name) && !text.contains(other_number), "{id} names {other}: {text}");
            }
        }
    }
    for (format, magic) in [("pdf", &b"%PDF-"[..]), ("docx", &b"PK\x03\x04"[..])] {
        let output = run(&["--format", format, "--letters", dir]);
        assert!(output.status.success(), "{format}: {}", String::from_utf8_lossy(&output.stderr));
        for (id, ..) in own {
            let bytes = std::fs::read(letters.join(format!("{id}.{format}"))).expect("the letter");
            assert!(bytes.starts_with(magic), "{id}.{format}");
        }
        // The letter to all, to a file.
        let file = out.path().join(format!("mitteilung.{format}"));
        let output = run(&["--format", format, "--out", file.to_str().unwrap()]);
        assert!(output.status.success(), "{format}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(std::fs::read(&file).expect("the letter").starts_with(magic), "{format}");
        // Not to a terminal or a pipe: a binary letter names its file.
        let output = run(&["--format", format]);
        assert_eq!(output.status.code(), Some(2), "{format}");
        assert!(output.stdout.is_empty());
        assert!(String::from_utf8_lossy(&output.stderr).contains("name it with `--out FILE`"), "{output:?}");
    }
    let output = run(&["--format", "json", "--letters", dir]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`--letters` writes letters"), "{output:?}");
    let output = run(&["--letters", dir, "--out", "x.md"]);
    assert_eq!(output.status.code(), Some(2), "`--out` and `--letters` exclude each other");
    // Never among other files (the marker would make the hook refuse
    // them all), never inside the site, which a build replaces.
    let notes = out.path().join("notizen");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("a.md"), "mine").unwrap();
    let site = out.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join(".avv-site"), "").unwrap();
    for (folder, says) in
        [(notes.clone(), "is not a folder of avv's letters"), (site.join("briefe"), "lies inside the site")]
    {
        let output = run(&["--letters", folder.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{folder:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains(says), "{output:?}");
    }
    assert_eq!(std::fs::read_dir(&notes).unwrap().count(), 1, "nothing written among other files");
    assert!(!site.join("briefe").exists());
    // Nothing half-written is left beside the letters.
    let mut names: Vec<String> =
        std::fs::read_dir(&letters).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".avv-letters",
            "beispiel.docx",
            "beispiel.md",
            "beispiel.pdf",
            "praxis-mueller.docx",
            "praxis-mueller.md",
            "praxis-mueller.pdf"
        ]
    );
}
