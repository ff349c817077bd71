//! The shapes real histories take: broken versions, files that appear
//! later, shallow clones, detached HEAD, renamed folders, merges and
//! pull-request ranges; and that reading history never writes.

use avv_core::diff::{ChangeSet, Op, diff};
use avv_core::history::{HistoryError, Repo, RevisionSide, compare, history_table, versions};
use avv_core::model::Date;
use avv_core::notice;

use crate::git_repo::GitRepo;
use crate::history_fixture::{
    CLAUSE_3, CLAUSE_3_TYPO, CLAUSE_5_1_OLD, DIR, ID, agreement, muster_history, write_v1_0, write_v1_1, write_v1_2,
};

fn open(repo: &GitRepo) -> Repo {
    Repo::open(repo.path()).expect("open the fixture repository")
}

fn versions_of(table: &avv_core::history::HistoryTable) -> Vec<&str> {
    table.rows.iter().map(|r| r.version.as_str()).collect()
}

#[test]
fn a_version_that_no_longer_parses_is_skipped_and_reported() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    // Version 1.1 was committed with a TOML syntax error in a clause.
    let broken = agreement("1.1", "2024-02-01", CLAUSE_3, CLAUSE_5_1_OLD)
        .replace("text = \"Der Auftragnehmer trifft", "text = Der Auftragnehmer trifft");
    repo.write(&format!("{DIR}/agreement.toml"), &broken);
    let broken_commit = repo.commit("1.1, kaputt");
    write_v1_2(&repo, DIR);
    repo.commit("1.2");

    let table = history_table(&open(&repo), ID, None).expect("a broken version is not fatal");
    assert_eq!(versions_of(&table), ["1.0", "1.2"]);
    assert_eq!(table.skipped.len(), 1, "{:?}", table.skipped);
    let skipped = &table.skipped[0];
    assert!(skipped.starts_with(&format!("version 1.1 ({}): ", &broken_commit[..12])), "{skipped}");
    // 1.2 is compared with the last version that could be read.
    let last = table.rows[1].change_set.as_ref().expect("git row");
    assert_eq!(last.from.as_deref(), Some("1.0"));
    assert!(last.changes.iter().any(|c| c.id == "vertraulichkeit"), "the typo fixed in 1.1 shows up in 1.2");
    // Read again, from the history cache: the same table, the same skip.
    let again = history_table(&open(&repo), ID, None).unwrap();
    assert_eq!(avv_core::history::table_json(&again), avv_core::history::table_json(&table));
    assert_eq!(again.skipped, table.skipped);
}

#[test]
fn customer_instances_are_not_part_of_the_version_table() {
    // The table is the agreement's: a customer file that does not even
    // parse, committed with a version, neither hides the version nor
    // changes a row, and the history never reads the instances at all.
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    let clean = history_table(&open(&repo), ID, None).expect("history");
    repo.write(&format!("{DIR}/customers/kunde-1.toml"), "[instance\nfirma = \"Kaputt");
    write_v1_1(&repo, DIR);
    repo.commit("1.1 und ein kaputter Kunde");
    let table = history_table(&open(&repo), ID, None).expect("history");
    assert!(table.skipped.is_empty(), "{:?}", table.skipped);
    assert_eq!(versions_of(&table), ["1.0", "1.1"]);
    assert_eq!(table.rows[0].changes, clean.rows[0].changes);
    let changes = &table.rows[1].change_set.as_ref().expect("git row").changes;
    assert!(changes.iter().all(|c| c.scope != avv_core::diff::Scope::Instance), "{changes:?}");
}

#[test]
fn a_version_that_breaks_the_schema_is_skipped_too() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    let unknown_key = agreement("1.1", "2024-02-01", CLAUSE_3, CLAUSE_5_1_OLD)
        .replace("title = \"Vertrag zur", "titel = \"Vertrag zur");
    repo.write(&format!("{DIR}/agreement.toml"), &unknown_key);
    repo.commit("1.1 mit Tippfehler im Schlüssel");
    let table = history_table(&open(&repo), ID, None).expect("not fatal");
    assert_eq!(versions_of(&table), ["1.0"]);
    assert_eq!(table.skipped.len(), 1);
    assert!(table.skipped[0].contains("`title`"), "names the problem: {}", table.skipped[0]);
}

#[test]
fn files_absent_in_early_versions() {
    let history = muster_history();
    let table = history_table(&open(&history.repo), ID, None).expect("history table");
    assert!(table.skipped.is_empty(), "{:?}", table.skipped);
    assert_eq!(versions_of(&table), ["1.0", "1.1", "1.2"]);
    // tom.toml first appears in 1.1: one line for the whole annex.
    let row = &table.rows[1];
    assert_eq!(
        row.changes,
        [
            "formale Korrektur AVV: 3 Vertraulichkeit statt Vertraulichkiet",
            "Ergänzung Anlage 1 Technische und organisatorische Maßnahmen (TOM)",
        ]
    );
    assert_eq!(row.kinds, "Ergänzung / formale Korrektur");
    let set = row.change_set.as_ref().expect("git row");
    assert!(
        set.changes.iter().filter(|c| c.op == Op::Added && c.doc == "TOM").count() >= 4,
        "the details stay in the change set"
    );
}

#[test]
fn a_shallow_clone_is_refused_with_a_hint() {
    let history = muster_history();
    let (_clone, shallow) = history.repo.shallow_clone();
    let error = Repo::open(&shallow).err().expect("a shallow clone is refused");
    assert!(matches!(error, HistoryError::Shallow), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("shallow clone"), "{message}");
    assert!(message.contains("`fetch-depth: 0`"), "{message}");
    assert!(message.contains("git fetch --unshallow"), "{message}");
}

#[test]
fn not_a_repository() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let error = Repo::open(dir.path()).err().expect("no repository");
    assert!(matches!(error, HistoryError::NotARepository(_)), "{error:?}");
}

#[test]
fn detached_head() {
    let history = muster_history();
    history.repo.git(&["checkout", "--quiet", "--detach", &history.v1_1]);
    let repo = open(&history.repo);
    let table = history_table(&repo, ID, None).expect("history at a detached HEAD");
    assert_eq!(versions_of(&table), ["1.0", "1.1"]);
    assert_eq!(table.rows[1].commit.as_deref(), Some(history.v1_1.as_str()));
    // The working tree matches the detached HEAD.
    let sets = compare(&repo, &RevisionSide::Commit("HEAD".into()), &RevisionSide::WorkingTree, &[]).expect("compare");
    assert!(sets.iter().all(|s| s.changes.is_empty()), "{sets:?}");
    // Later commits stay reachable by name.
    let later = history_table(&repo, ID, Some(repo.resolve("main").expect("main"))).expect("history of main");
    assert_eq!(versions_of(&later), ["1.0", "1.1", "1.2"]);
}

#[test]
fn a_renamed_folder_keeps_its_history() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, "agreements/alt");
    repo.commit("1.0");
    write_v1_1(&repo, "agreements/alt");
    repo.commit("1.1");
    repo.git(&["mv", "agreements/alt", "agreements/muster"]);
    repo.commit("Ordner umbenannt");
    write_v1_2(&repo, DIR);
    repo.commit("1.2");

    let opened = open(&repo);
    let head = opened.resolve("HEAD").expect("HEAD");
    let points = versions(&opened, ID, head).expect("versions");
    let folders: Vec<(&str, &str)> = points.iter().map(|p| (p.version.as_str(), p.folder.as_str())).collect();
    assert_eq!(folders, [("1.0", "alt"), ("1.1", "alt"), ("1.2", "muster")]);
    let table = history_table(&opened, ID, None).expect("history table");
    assert_eq!(versions_of(&table), ["1.0", "1.1", "1.2"]);
    assert_eq!(table.rows[2].change_set.as_ref().and_then(|s| s.from.as_deref()), Some("1.1"));
}

#[test]
fn a_folder_renamed_in_the_same_commit_as_a_version_bump() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, "agreements/alt");
    repo.commit("1.0");
    repo.git(&["mv", "agreements/alt", "agreements/muster"]);
    write_v1_1(&repo, DIR);
    repo.commit("1.1 unter neuem Namen");
    let table = history_table(&open(&repo), ID, None).expect("history table");
    assert_eq!(versions_of(&table), ["1.0", "1.1"]);
    assert!(
        table.rows[1].changes.iter().any(|l| l.contains("Vertraulichkeit statt Vertraulichkiet")),
        "{:?}",
        table.rows[1]
    );
}

#[test]
fn merges_follow_the_first_parent() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    let first = repo.commit("1.0");
    repo.git(&["checkout", "--quiet", "-b", "entwurf"]);
    repo.write(
        &format!("{DIR}/agreement.toml"),
        &agreement("1.1-entwurf", "2024-01-20", CLAUSE_3_TYPO, CLAUSE_5_1_OLD),
    );
    repo.commit("Entwurf");
    write_v1_1(&repo, DIR);
    repo.commit("1.1");
    repo.git(&["checkout", "--quiet", "main"]);
    repo.write("README.md", "# Verträge\n");
    repo.commit("README");
    repo.git(&["merge", "--quiet", "--no-ff", "entwurf", "-m", "Merge branch 'entwurf'"]);
    let merge = repo.head();

    let table = history_table(&open(&repo), ID, None).expect("history table");
    assert_eq!(versions_of(&table), ["1.0", "1.1"], "the draft on the side branch is not a version of main");
    assert_eq!(table.rows[0].commit.as_deref(), Some(first.as_str()));
    assert_eq!(table.rows[1].commit.as_deref(), Some(merge.as_str()), "the version arrives with the merge");
}

#[test]
fn a_pull_request_range_compares_with_the_merge_base() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    let base = repo.commit("1.0");
    repo.git(&["checkout", "--quiet", "-b", "aenderung"]);
    write_v1_1(&repo, DIR);
    repo.commit("1.1");
    repo.git(&["checkout", "--quiet", "main"]);
    let changed_on_main = agreement("1.0", "2024-01-15", CLAUSE_3_TYPO, CLAUSE_5_1_OLD)
        .replace("dessen Kundenverwaltung", "dessen Kunden- und Vertragsverwaltung");
    repo.write(&format!("{DIR}/agreement.toml"), &changed_on_main);
    repo.commit("main ändert Punkt 1");
    repo.git(&["checkout", "--quiet", "aenderung"]);

    let opened = open(&repo);
    let merge_base = opened
        .merge_base(opened.resolve("main").expect("main"), opened.resolve("HEAD").expect("HEAD"))
        .expect("merge base");
    assert_eq!(merge_base.to_string(), base);
    let sets =
        compare(&opened, &RevisionSide::Commit(merge_base.to_string()), &RevisionSide::Commit("HEAD".into()), &[])
            .expect("compare");
    let ids: Vec<&str> = sets.iter().flat_map(|s| s.changes.iter().map(|c| c.id.as_str())).collect();
    assert!(ids.contains(&"vertraulichkeit"), "{ids:?}");
    assert!(!ids.contains(&"gegenstand"), "what main did since is not part of the pull request: {ids:?}");
    // Two dots compare main itself with HEAD, so main's change shows (reversed).
    let direct = compare(&opened, &RevisionSide::Commit("main".into()), &RevisionSide::Commit("HEAD".into()), &[])
        .expect("compare");
    assert!(direct.iter().flat_map(|s| s.changes.iter()).any(|c| c.id == "gegenstand"));
}

#[test]
fn an_unknown_agreement_or_revision_is_an_error() {
    let history = muster_history();
    let repo = open(&history.repo);
    // The error names the agreements there are, so a typo is seen at once.
    let error = history_table(&repo, "gibt-es-nicht", None).expect_err("no such agreement");
    assert!(matches!(error, HistoryError::NoSuchAgreement { .. }), "{error:?}");
    assert!(error.to_string().ends_with("(its agreements: muster)"), "{error}");
    assert!(matches!(repo.resolve("v9.9"), Err(HistoryError::UnknownRevision(_))));
}

#[test]
fn until_a_tag() {
    let history = muster_history();
    let repo = open(&history.repo);
    let tagged = history_table(&repo, ID, Some(repo.resolve("muster/v1.2").expect("tag"))).expect("history table");
    assert_eq!(versions_of(&tagged), ["1.0", "1.1", "1.2"]);
    let earlier =
        history_table(&repo, ID, Some(repo.resolve(&history.readme).expect("commit"))).expect("history table");
    assert_eq!(versions_of(&earlier), ["1.0", "1.1"]);
}

#[test]
fn responsible_falls_back_to_the_approval_trailer_then_the_author() {
    let history = muster_history();
    let table = history_table(&open(&history.repo), ID, None).expect("history table");
    let responsible: Vec<&str> = table.rows.iter().map(|r| r.responsible.as_str()).collect();
    assert_eq!(responsible, ["Dana Datenschutz", "Dana Datenschutz", "Dr. Daten Schutz <dsb@example.org>"]);
}

#[test]
fn an_unreadable_agreement_in_the_working_tree_is_an_error_not_a_removal() {
    let history = muster_history();
    history.repo.write(&format!("{DIR}/agreement.toml"), "schema_version = 1\n[meta\n");
    let repo = open(&history.repo);
    let error = compare(&repo, &RevisionSide::Commit("HEAD".into()), &RevisionSide::WorkingTree, &[])
        .expect_err("a broken agreement cannot be compared");
    assert!(matches!(error, HistoryError::Unreadable { .. }), "{error:?}");
    assert!(error.to_string().starts_with("cannot read `agreements/muster` in the working tree: "), "{error}");
}

#[test]
fn a_new_and_a_removed_agreement_show_in_the_reports() {
    let mut repo = GitRepo::new();
    // Another agreement altogether: not a rename of the new one.
    let minimal = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal/agreement.toml"),
    )
    .expect("minimal fixture")
    .replace("id = \"minimal\"", "id = \"alt\"");
    repo.write("agreements/alt/agreement.toml", &minimal);
    repo.commit("alt");
    repo.remove("agreements/alt");
    write_v1_0(&repo, DIR);
    repo.commit("neu");
    let opened = open(&repo);
    let sets: Vec<ChangeSet> =
        compare(&opened, &RevisionSide::Commit("HEAD~1".into()), &RevisionSide::Commit("HEAD".into()), &[])
            .expect("compare");
    let text = avv_core::diff::report::human(&sets, false);
    assert!(text.contains("alt entfernt (zuletzt 1.0)"), "{text}");
    assert!(text.contains("muster neu: 1.0"), "{text}");
    let markdown = avv_core::diff::report::markdown(&sets);
    assert!(markdown.contains("### alt entfernt (zuletzt 1.0)"), "{markdown}");
    assert!(markdown.contains("### muster neu: 1.0"), "{markdown}");
}

/// Runs everything that reads history against `repo` (and a dirty working
/// tree) and checks that HEAD, the index, the refs, the status and every
/// file of git's stay as they were (avv keeps its caches in `.git/avv/`).
#[test]
fn nothing_writes_to_the_repository() {
    let history = muster_history();
    history.repo.write(&format!("{DIR}/tom.toml"), &crate::history_fixture::tom(true, false));
    history.repo.write("notizen.txt", "nicht eingecheckt\n");
    let before = history.repo.state();

    let repo = open(&history.repo);
    let head = repo.resolve("HEAD").expect("HEAD");
    let sets = compare(&repo, &RevisionSide::Commit("HEAD".into()), &RevisionSide::WorkingTree, &[]).expect("compare");
    assert!(!sets.iter().all(|s| s.changes.is_empty()), "the dirty working tree is compared");
    compare(&repo, &RevisionSide::Commit(history.v1_0.clone()), &RevisionSide::Commit(history.v1_2.clone()), &[])
        .expect("compare");
    let base = repo.merge_base(repo.resolve("main").expect("main"), head).expect("merge base");
    compare(&repo, &RevisionSide::Commit(base.to_string()), &RevisionSide::Commit("HEAD".into()), &[ID.to_owned()])
        .expect("compare");
    history_table(&repo, ID, None).expect("history");
    let points = versions(&repo, ID, head).expect("versions");
    let old = repo.load_at(repo.resolve(&points[1].commit).expect("1.1"), ID).expect("load").map(|l| l.folder);
    let new = repo.load_at(head, ID).expect("load").expect("exists").folder;
    let changes = diff(old.as_ref(), &new);
    notice::notice(old.as_ref(), &new, &changes, Date::parse("2024-03-01").expect("date"));
    drop(repo);

    assert_eq!(history.repo.state(), before);
}

#[test]
fn a_version_that_only_signs_again_says_so() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    repo.write(&format!("{DIR}/agreement.toml"), &agreement("1.0.1", "2024-01-20", CLAUSE_3_TYPO, CLAUSE_5_1_OLD));
    repo.commit("1.0.1: neu unterschrieben");
    let table = history_table(&open(&repo), ID, None).expect("history table");
    assert_eq!(table.rows[1].changes, ["Unterschrift Auftragnehmer neu datiert (20.01.2024)"]);
    assert_eq!(table.rows[1].kinds, "formale Korrektur");
}

#[test]
fn a_deleted_and_re_added_agreement_keeps_its_versions() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    write_v1_1(&repo, DIR);
    repo.commit("1.1");
    repo.remove(DIR);
    repo.write("README.md", "Vertrag vorübergehend zurückgezogen\n");
    repo.commit("zurückgezogen");
    write_v1_0(&repo, DIR);
    write_v1_1(&repo, DIR);
    write_v1_2(&repo, DIR);
    repo.commit("1.2");
    let table = history_table(&open(&repo), ID, None).expect("history table");
    assert_eq!(versions_of(&table), ["1.0", "1.1", "1.2"]);
    assert_eq!(table.rows[2].change_set.as_ref().and_then(|s| s.from.as_deref()), Some("1.1"));
}

#[test]
fn a_name_given_up_by_a_rename_is_not_inherited() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, "agreements/alt");
    repo.commit("alt 1.0");
    repo.git(&["mv", "agreements/alt", "agreements/muster"]);
    repo.commit("alt heißt jetzt muster");
    // A new, different agreement takes the old name.
    let minimal = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal/agreement.toml"),
    )
    .expect("minimal fixture")
    .replace("id = \"minimal\"", "id = \"alt\"");
    repo.write("agreements/alt/agreement.toml", &minimal);
    repo.commit("ein neuer Vertrag alt");
    let opened = open(&repo);
    let head = opened.resolve("HEAD").expect("HEAD");
    let points = versions(&opened, "alt", head).expect("versions");
    assert_eq!(points.len(), 1, "only its own version: {points:?}");
    assert_eq!(points[0].commit, repo.head());
    let points = versions(&opened, ID, head).expect("versions");
    assert_eq!(points.iter().map(|p| p.folder.as_str()).collect::<Vec<_>>(), ["alt"]);
}

#[test]
fn the_history_at_a_rename_commit_keeps_the_imported_rows() {
    let mut repo = GitRepo::new();
    let imported = "\n[history]\n\n[[history.row]]\nversion = \"0.9\"\nstatus = \"final\"\ndate = 2023-12-01\nresponsible = \"Datenschutz\"\nchange = \"Entwurf aus Word übernommen\"\n";
    write_v1_0(&repo, "agreements/alt");
    let text = repo.read("agreements/alt/agreement.toml");
    repo.write("agreements/alt/agreement.toml", &format!("{text}{imported}"));
    repo.commit("1.0 mit übernommener Historie");
    repo.git(&["mv", "agreements/alt", "agreements/muster"]);
    let rename = repo.commit("umbenannt");
    let opened = open(&repo);
    let table = history_table(&opened, ID, Some(opened.resolve(&rename).expect("commit"))).expect("history");
    assert_eq!(versions_of(&table), ["0.9", "1.0"]);
}

#[test]
fn imported_rows_dropped_later_stay_in_the_history() {
    let mut repo = GitRepo::new();
    let imported = "\n[history]\n\n[[history.row]]\nversion = \"0.9\"\nstatus = \"final\"\ndate = 2023-12-01\nresponsible = \"Datenschutz\"\nchange = \"Entwurf aus Word übernommen\"\n";
    write_v1_0(&repo, DIR);
    let text = repo.read(&format!("{DIR}/agreement.toml"));
    repo.write(&format!("{DIR}/agreement.toml"), &format!("{text}{imported}"));
    repo.commit("1.0");
    write_v1_1(&repo, DIR);
    repo.commit("1.1 ohne die übernommene Tabelle");
    let table = history_table(&open(&repo), ID, None).expect("history");
    assert_eq!(versions_of(&table), ["0.9", "1.0", "1.1"]);
}

#[test]
fn a_latin_1_commit_message_keeps_its_trailers_and_author() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    write_v1_1(&repo, DIR);
    repo.git(&["add", "--all"]);
    // A message and an author in ISO-8859-1, as the commit declares.
    let message = repo.join("nachricht.txt");
    std::fs::write(&message, b"1.1\n\nApproved-by: J\xfcrgen M\xfcller\nSummary: \xc4nderung der TOM\n").unwrap();
    let mut command = repo.command();
    command
        .env("GIT_AUTHOR_NAME", "B\u{e4}rbel Sch\u{f6}n")
        .args(["-c", "i18n.commitEncoding=ISO-8859-1", "commit", "--quiet", "--no-verify", "-F"])
        .arg(&message);
    // git writes the author it is given in the declared encoding as well.
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    std::fs::remove_file(&message).unwrap();
    let table = history_table(&open(&repo), ID, None).expect("history");
    let row = &table.rows[1];
    assert_eq!(row.responsible, "Jürgen Müller", "the Approved-by trailer");
    assert!(row.changes.iter().any(|l| l == "Änderung der TOM"), "{:?}", row.changes);
}

#[test]
fn a_partial_clone_is_never_published_incomplete() {
    let history = muster_history();
    // Allow a partial clone from this repository, then clone without blobs.
    history.repo.git(&["config", "uploadpack.allowFilter", "true"]);
    history.repo.git(&["config", "uploadpack.allowAnySHA1InWant", "true"]);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", history.repo.path().display());
    let output = crate::git_repo::git_command(dir.path())
        .args(["clone", "--quiet", "--filter=blob:none", "--no-checkout", &url, "partial"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let partial = dir.path().join("partial");
    // Check out HEAD only: the earlier versions' blobs stay missing.
    let output = crate::git_repo::git_command(&partial).args(["checkout", "--quiet", "main"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let repo = Repo::open(&partial).expect("open");
    let error = history_table(&repo, ID, None).expect_err("versions whose files are missing");
    assert!(matches!(error, HistoryError::MissingObject { .. }), "{error:?}");
    assert!(error.to_string().contains("partial"), "{error}");
}

/// Who a row names as responsible, in every combination: the version's own
/// `meta.responsible` (reviewed with the text) first, then the commit's
/// `Approved-by:` trailer, then the commit author. README and
/// CONTRIBUTING say the same.
#[test]
fn the_responsible_of_a_row_is_the_metadata_then_the_trailer_then_the_author() {
    let responsible = |text: String| {
        text.replacen("status = \"final\"", "status = \"final\"\nresponsible = \"Datenschutzbeauftragter\"", 1)
    };
    let mut repo = GitRepo::new();
    // 1.0: metadata and trailer: the metadata.
    repo.write(
        &format!("{DIR}/agreement.toml"),
        &responsible(agreement("1.0", "2024-01-01", CLAUSE_3_TYPO, CLAUSE_5_1_OLD)),
    );
    repo.commit("1.0\n\nApproved-by: Dr. Daten Schutz");
    // 1.1: the trailer alone.
    repo.write(&format!("{DIR}/agreement.toml"), &agreement("1.1", "2024-02-01", CLAUSE_3, CLAUSE_5_1_OLD));
    repo.commit("1.1\n\nApproved-by: Dr. Daten Schutz");
    // 1.2: neither: the author.
    repo.write(
        &format!("{DIR}/agreement.toml"),
        &agreement("1.2", "2024-03-01", CLAUSE_3, CLAUSE_5_1_OLD.replace("Daten", "Angaben").as_str()),
    );
    repo.commit("1.2");
    let table = history_table(&open(&repo), ID, None).expect("history");
    let who: Vec<&str> = table.rows.iter().map(|r| r.responsible.as_str()).collect();
    assert_eq!(who, ["Datenschutzbeauftragter", "Dr. Daten Schutz", crate::git_repo::AUTHOR.0]);
}

#[test]
fn a_version_that_changes_no_text_says_so() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    // 1.1 is 1.0 with the version alone changed.
    repo.write(&format!("{DIR}/agreement.toml"), &agreement("1.1", "2024-01-15", CLAUSE_3_TYPO, CLAUSE_5_1_OLD));
    repo.commit("1.1");
    let table = history_table(&open(&repo), ID, None).expect("history");
    assert_eq!(versions_of(&table), ["1.0", "1.1"]);
    assert_eq!(table.rows[1].changes, ["keine inhaltlichen Änderungen"], "{:?}", table.rows[1]);
    assert_ne!(table.rows[0].changes, ["keine inhaltlichen Änderungen"]);
}

/// A folder renamed in the working tree, not yet committed: its customers
/// signed a version git has under the old name (`meta.previous_ids`), and
/// validation (the pre-commit hook's too) finds it there.
#[test]
fn a_rename_not_yet_committed_keeps_the_versions_customers_signed() {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    repo.commit("1.0");
    write_v1_1(&repo, DIR);
    repo.commit("1.1");
    repo.git(&["mv", DIR, "agreements/muster-neu"]);
    let path = repo.path().join("agreements/muster-neu/agreement.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("id = \"muster\"", "id = \"muster-neu\"\nprevious_ids = [\"muster\"]", 1))
        .unwrap();
    let customer = repo.path().join("agreements/muster-neu/customers/beispiel.toml");
    let text = std::fs::read_to_string(&customer).unwrap();
    std::fs::write(&customer, text.replace("agreement = \"muster\"", "agreement = \"muster-neu\"")).unwrap();

    let folder = repo.path().join("agreements/muster-neu");
    let report = avv_core::validate::validate_folders(&[folder], repo.path());
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(!codes.contains(&"instance-version-unknown"), "{codes:?}");
    assert!(report.diagnostics.iter().all(|d| d.severity != avv_core::diagnostic::Severity::Error), "{codes:?}");
}
