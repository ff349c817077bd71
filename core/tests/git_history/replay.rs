//! A realistic continuation of the bundled pcvisit agreement after its
//! version 1.8, replayed commit by commit, and every record avv writes of
//! it: the Versionshistorie, the classification and flags of each change,
//! the notices, the diff across a folder rename, the documents `avv build`
//! publishes with the commits in their trace lines, and the hook.
//!
//! | commit | version | what changes |
//! |---|---|---|
//! | 1 | 1.8 | the bundled files; a customer signs 1.8 |
//! | 2 | 1.9 | Brevo added, Livestorm replaced by Zoom (US), Userlike removed |
//! | 3 | 1.10 | AWS moves from the Data Privacy Framework to SCC, a comma fixed, a clause inserted, a measure removed with its reason |
//! | 4 | – | the folder is renamed pcvisit → pcvisit-avv (id and `previous_ids` with it) |
//! | 5 | 1.11 | merged from a branch: a data category added |
//! | 6 | – | a measure reworded without a new version |

use std::path::Path;
use std::sync::OnceLock;

use avv_core::diagnostic::Code;
use avv_core::diff::{Change, ChangeSet, Flag, Op, diff};
use avv_core::history::{HistoryTable, Repo, RevisionSide, RowSource, compare, history_table, version_index};
use avv_core::model::Date;
use avv_core::model::codes::ChangeKind;

use crate::git_repo::GitRepo;

const OLD: &str = "agreements/pcvisit";
const NEW: &str = "agreements/pcvisit-avv";

/// The replayed repository and its commits.
struct Replay {
    repo: GitRepo,
    commits: Vec<String>,
}

fn bundled(file: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements/pcvisit").join(file))
        .expect("bundled pcvisit")
}

/// Replaces `from` by `to` in a file of the repository; `from` must occur `times` times.
fn edit(repo: &GitRepo, path: &str, from: &str, to: &str, times: usize) {
    let text = repo.read(path);
    assert_eq!(text.matches(from).count(), times, "`{from}` in {path}");
    repo.write(path, &text.replace(from, to));
}

const CUSTOMER: &str = r#"schema_version = 1

[instance]
agreement = "pcvisit"
version = "1.8"
customer_number = "4711"
status = "signed"

[values.kunde]
firma = "Beispiel GmbH"
strasse = "Musterweg 1"
ort = "01067 Dresden"

[values.weisung]
name1 = "Erika Muster, Geschäftsführerin"
email1 = "erika.muster@beispiel.example"

[signing]
place = "Dresden"
date = 2024-03-04
"#;

const BREVO: &str = r#"
[[subprocessor]]
id = "brevo"
group = "zusaetzliche-dienstleistungen"
name = "Sendinblue SAS (Brevo)"
short = "Brevo"
address = "106 boulevard Haussmann, 75008 Paris, Frankreich"
country = "FR"
service = "Versand von Service-E-Mails"
safeguards = [{ label = "AVV", dpa = true }]
notified = 2024-06-03
since = 2024-07-01
"#;

const ZOOM: &str = r#"
[[subprocessor]]
id = "zoom"
group = "zusaetzliche-dienstleistungen"
name = "Zoom Video Communications, Inc."
short = "Zoom"
address = "55 Almaden Blvd, San Jose, CA 95113, USA"
country = "US"
service = "Online-Schulungen und Präsentationen"
safeguards = [
  { label = "AVV", dpa = true },
  { label = "EU-U.S. Data Privacy Framework zertifiziert", transfer = { mechanism = "adequacy", decision = "eu-us-dpf" } },
]
notified = 2024-06-03
since = 2024-07-01
replaces = "livestorm"
"#;

fn replay() -> &'static Replay {
    static REPLAY: OnceLock<Replay> = OnceLock::new();
    REPLAY.get_or_init(|| {
        let mut repo = GitRepo::new();
        let mut commits = Vec::new();
        let agreement = format!("{OLD}/agreement.toml");
        let list = format!("{OLD}/subprocessors.toml");
        let tom = format!("{OLD}/tom.toml");
        repo.write(&agreement, &bundled("agreement.toml"))
            .write(&list, &bundled("subprocessors.toml"))
            .write(&tom, &bundled("tom.toml"))
            .write(&format!("{OLD}/customers/beispiel.toml"), CUSTOMER);
        commits.push(repo.commit("pcvisit 1.8"));

        // 1.9: sub-processors added, replaced and removed.
        edit(&repo, &agreement, "version = \"1.8\"\nstatus = \"final\"", "version = \"1.9\"\nstatus = \"final\"", 1);
        edit(&repo, &agreement, "date = 2024-02-29\n", "date = 2024-06-03\n", 2);
        let text = repo.read(&list);
        let livestorm_start = text.find("[[subprocessor]]\nid = \"livestorm\"").expect("livestorm");
        let livestorm_end = livestorm_start + text[livestorm_start..].find("\n\n").expect("end") + 2;
        let mut text = format!("{}{}", &text[..livestorm_start], &text[livestorm_end..]);
        let userlike_start = text.find("[[subprocessor]]\nid = \"userlike\"").expect("userlike");
        let userlike_end = userlike_start + text[userlike_start..].find("\n\n").map_or(text.len() - userlike_start, |e| e + 2);
        text = format!("{}{}", &text[..userlike_start], &text[userlike_end..]);
        text.push_str(BREVO);
        text.push_str(ZOOM);
        repo.write(&list, &text);
        commits.push(repo.commit("pcvisit 1.9: Brevo, Zoom statt Livestorm, ohne Userlike\n\nApproved-by: Dr. Datenschutz"));

        // 1.10: a transfer mechanism, a comma, a new clause, a removed measure.
        edit(&repo, &agreement, "version = \"1.9\"\nstatus = \"final\"", "version = \"1.10\"\nstatus = \"final\"", 1);
        edit(&repo, &agreement, "date = 2024-06-03\n", "date = 2024-09-02\n", 2);
        edit(
            &repo,
            &list,
            "{ label = \"EU-U.S. Data Privacy Framework zertifiziertes Unternehmen (TADPF)\", transfer = { mechanism = \"adequacy\", decision = \"eu-us-dpf\" } },\n]\n\n[[subprocessor]]\nid = \"toolhouse\"",
            "{ label = \"EU-Standardvertragsklauseln (Modul 3)\", transfer = { mechanism = \"scc\", module = 3 } },\n]\n\n[[subprocessor]]\nid = \"toolhouse\"",
            1,
        );
        edit(&repo, &agreement, "natürlicher Personen treffen der Auftraggeber", "natürlicher Personen, treffen der Auftraggeber", 1);
        edit(
            &repo,
            &agreement,
            "[[clause.clause]]\nid = \"tom-anlage-freigabe\"",
            "[[clause.clause]]\nid = \"tom-pruefung-jaehrlich\"\nnum = \"2a.\"\ntitle = \"Jährliche Überprüfung\"\ntext = \"Der Auftragnehmer überprüft die technischen und organisatorischen Maßnahmen mindestens einmal jährlich und dokumentiert das Ergebnis.\"\ncovers = [\"art32\"]\n\n[[clause.clause]]\nid = \"tom-anlage-freigabe\"",
            1,
        );
        edit(
            &repo,
            &tom,
            "  { id = \"besucherregistrierung\", text = \"In den Büroräumen von pcvisit wird ein Prozess zur Besucherregistrierung angewendet\", kind = \"organisational\" },\n",
            "",
            1,
        );
        let text = repo.read(&tom);
        repo.write(
            &tom,
            &format!(
                "{text}\n[[retired]]\nid = \"besucherregistrierung\"\nlabel = \"Besucherregistrierung\"\nwas_in = \"zutrittskontrolle-unternehmensraeume\"\nretired_in = \"1.10\"\nreason = \"Besucher werden ohnehin angemeldet und begleitet (3.2.1); die Registrierung ergab keine zusätzliche Sicherheit.\"\n"
            ),
        );
        commits.push(repo.commit("pcvisit 1.10"));

        // The folder is renamed, with its id.
        repo.git(&["mv", OLD, NEW]);
        let agreement = format!("{NEW}/agreement.toml");
        edit(&repo, &agreement, "id = \"pcvisit\"\n", "id = \"pcvisit-avv\"\nprevious_ids = [\"pcvisit\"]\n", 1);
        edit(&repo, &format!("{NEW}/customers/beispiel.toml"), "agreement = \"pcvisit\"", "agreement = \"pcvisit-avv\"", 1);
        commits.push(repo.commit("pcvisit heißt jetzt pcvisit-avv"));

        // 1.11 on a branch, merged.
        repo.git(&["checkout", "--quiet", "-b", "datenkategorie"]);
        edit(&repo, &agreement, "version = \"1.10\"\nstatus = \"final\"", "version = \"1.11\"\nstatus = \"final\"", 1);
        edit(&repo, &agreement, "date = 2024-09-02\n", "date = 2024-11-04\n", 2);
        edit(
            &repo,
            &agreement,
            "\n]\n\n[particulars.data_subjects]",
            "\n  { id = \"daten-nutzungsdaten\", text = \"Nutzungsdaten:\", details = \"Zeitpunkt und Dauer der Sitzungen\" },\n]\n\n[particulars.data_subjects]",
            1,
        );
        repo.commit("pcvisit 1.11: Nutzungsdaten");
        repo.git(&["checkout", "--quiet", "main"]);
        let mut merge = repo.command();
        merge.args(["merge", "--quiet", "--no-ff", "-m", "Merge 1.11", "datenkategorie"]);
        let output = merge.output().expect("git merge");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        commits.push(repo.head());

        // A change without a new version (the hook skipped with --no-verify).
        edit(
            &repo,
            &format!("{NEW}/tom.toml"),
            "Besucher müssen sich über Gegensprechanlage anmelden",
            "Besucher müssen sich über Gegensprechanlage oder Klingel anmelden",
            1,
        );
        commits.push(repo.commit("TOM: Klingel ergänzt"));
        Replay { repo, commits }
    })
}

fn table() -> &'static HistoryTable {
    static TABLE: OnceLock<HistoryTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let repo = Repo::open(replay().repo.path()).expect("open");
        history_table(&repo, "pcvisit-avv", None).expect("history")
    })
}

fn row(version: &str) -> &'static avv_core::history::HistoryRow {
    table().rows.iter().find(|r| r.version == version).unwrap_or_else(|| panic!("no row {version}"))
}

fn set(version: &str) -> &'static ChangeSet {
    row(version).change_set.as_ref().expect("a git row")
}

fn change<'a>(set: &'a ChangeSet, id: &str) -> &'a Change {
    set.changes.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no change of {id}: {:?}", set.lines))
}

#[test]
fn every_version_has_its_row_through_the_rename_and_the_merge() {
    let versions: Vec<&str> = table().rows.iter().map(|r| r.version.as_str()).collect();
    assert_eq!(
        versions,
        [
            "1.0",
            "1.1",
            "1.2",
            "1.3",
            "1.4",
            "1.5",
            "1.5a",
            "1.6",
            "1.7",
            "1.8",
            "1.9",
            "1.10",
            "1.11",
            "unveröffentlicht"
        ],
        "the imported rows 1.0–1.8 survive the rename"
    );
    let commits = &replay().commits;
    assert_eq!(row("1.9").commit.as_deref(), Some(commits[1].as_str()));
    assert_eq!(row("1.10").commit.as_deref(), Some(commits[2].as_str()));
    assert_eq!(row("1.11").commit.as_deref(), Some(commits[4].as_str()), "the merge commit on the first-parent line");
    // The metadata names who is responsible; the trailer only where it does not.
    assert_eq!(row("1.9").responsible, "Datenschutzbeauftragter");
    assert!(table().skipped.is_empty(), "{:?}", table().skipped);
    let index = version_index(
        &Repo::open(replay().repo.path()).expect("open"),
        "pcvisit-avv",
        Repo::open(replay().repo.path()).expect("open").resolve("HEAD").expect("HEAD"),
    )
    .expect("index");
    assert_eq!(index.names, ["pcvisit-avv", "pcvisit"]);
}

#[test]
fn v1_9_adds_replaces_and_removes_sub_processors() {
    assert_eq!(
        row("1.9").changes,
        [
            "Wegfall Unterauftragnehmer Userlike UG (Punkt 6.5 AVV)",
            "neuer Unterauftragnehmer: Brevo (Punkt 6.5 AVV)",
            "Ersetzung Unterauftragnehmer Livestorm SAS durch Zoom (Punkt 6.5 AVV; Übermittlungsgrundlage: EU-U.S. Data Privacy Framework)",
        ]
    );
    assert_eq!(row("1.9").kinds, "Aktualisierung / Ergänzung / Wegfall");
    let set = set("1.9");
    assert_eq!(change(set, "brevo").flags, [Flag::Art28Notice]);
    assert_eq!(change(set, "zoom").flags, [Flag::Art28Notice, Flag::ChapterV]);
    assert_eq!(change(set, "zoom").kind, ChangeKind::Update);
    assert_eq!(change(set, "userlike").flags, [Flag::Art28Info]);
    assert!(set.changes.iter().all(|c| c.id != "livestorm"), "the replaced one is told by its replacement");
}

#[test]
fn v1_10_transfer_comma_clause_and_measure() {
    assert_eq!(
        row("1.10").changes,
        [
            "formale Korrektur AVV: Punkt 3.1",
            "Ergänzung Punkt 3.2a AVV (Jährliche Überprüfung)",
            "Aktualisierung der Übermittlungsgrundlage (Standardvertragsklauseln (Modul 3)) bei Punkt 6.5 AVV: Amazon Web Services",
            "TOM 3.2.1: Entfernen Punkt Besucherregistrierung",
        ]
    );
    let set = set("1.10");
    let aws = change(set, "aws");
    assert_eq!(aws.flags, [Flag::ChapterV]);
    assert_eq!(change(set, "angemessenes-schutzniveau").kind, ChangeKind::Formal);
    let clause = change(set, "tom-pruefung-jaehrlich");
    assert_eq!((clause.op, clause.flags.clone()), (Op::Added, vec![Flag::ContractChange, Flag::Art28Content]));
    let measure = change(set, "besucherregistrierung");
    assert_eq!((measure.op, measure.flags.clone()), (Op::Removed, vec![Flag::SecurityLevel]));
    assert!(measure.justification.as_deref().is_some_and(|j| j.starts_with("Besucher werden ohnehin")));
}

#[test]
fn v1_11_was_merged_and_names_its_place() {
    assert_eq!(row("1.11").changes, ["Ergänzung Datenkategorie „Nutzungsdaten“ (Punkt 2.2 AVV)"]);
    assert_eq!(change(set("1.11"), "daten-nutzungsdaten").flags, [Flag::Particulars]);
    // The rename in between is no change of the document.
    let others: Vec<&str> =
        set("1.11").document_changes().filter(|c| c.id != "daten-nutzungsdaten").map(|c| c.phrase.as_str()).collect();
    assert!(others.iter().all(|p| p.starts_with("Unterschrift")), "{others:?}");
}

#[test]
fn an_unbumped_change_is_a_pending_row() {
    let pending = row("unveröffentlicht");
    assert_eq!(pending.source, RowSource::Pending);
    assert_eq!(pending.status, "unveröffentlichte Änderungen seit Version 1.11");
    assert_eq!(pending.commit.as_deref(), Some(replay().commits[5].as_str()));
    assert_eq!(pending.changes, ["Aktualisierung TOM 3.2.1: Besucher müssen sich über Gegensprechanlage oder …"]);
}

#[test]
fn the_diff_across_the_rename_shows_the_real_change() {
    let repo = Repo::open(replay().repo.path()).expect("open");
    let commits = &replay().commits;
    let sets =
        compare(&repo, &RevisionSide::Commit(commits[2].clone()), &RevisionSide::Commit(commits[4].clone()), &[])
            .expect("compare");
    assert_eq!(sets.len(), 1, "one agreement, not one removed and one new: {sets:?}");
    assert_eq!(sets[0].agreement, "pcvisit-avv");
    assert_eq!(sets[0].previous_id.as_deref(), Some("pcvisit"));
    assert_eq!((sets[0].from.as_deref(), sets[0].to.as_str()), (Some("1.10"), "1.11"));
    assert_eq!(sets[0].lines, ["Ergänzung Datenkategorie „Nutzungsdaten“ (Punkt 2.2 AVV)"]);
    let text = avv_core::diff::report::human(&sets, false);
    assert!(text.starts_with("pcvisit-avv (vorher pcvisit) 1.10 → 1.11"), "{text}");
}

#[test]
fn the_notices_of_1_9_and_1_10() {
    let repo = Repo::open(replay().repo.path()).expect("open");
    let commits = &replay().commits;
    let load = |commit: &str, folder: &str| {
        repo.load_at(repo.resolve(commit).expect("commit"), folder).expect("load").expect("folder").folder
    };
    let (old, new) = (load(&commits[0], "pcvisit"), load(&commits[1], "pcvisit"));
    let date = Date::parse("2024-06-03").expect("date");
    let notice = avv_core::notice::notice(Some(&old), &new, &diff(Some(&old), &new), date);
    assert_eq!(notice.added.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["Sendinblue SAS (Brevo)"]);
    assert_eq!(notice.replaced[0].replaces.as_deref(), Some("LIVESTORM SAS"));
    assert_eq!(notice.replaced[0].transfer, "EU-U.S. Data Privacy Framework");
    assert_eq!(notice.removed.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["Userlike UG"]);
    assert_eq!(notice.objection_deadline.map(|d| d.to_string()).as_deref(), Some("2024-06-17"));
    assert!(notice.conflicts.is_empty(), "effective 1 July, after the 14 days");
    let affected: Vec<&str> = notice.affected.iter().map(|a| a.version.as_str()).collect();
    assert_eq!(affected, ["1.8"], "the customer signed 1.8");

    let (old, new) = (new, load(&commits[2], "pcvisit"));
    let notice = avv_core::notice::notice(Some(&old), &new, &diff(Some(&old), &new), date);
    assert_eq!(notice.updated.len(), 1);
    assert_eq!(
        notice.updated[0].changes,
        ["Übermittlungsgrundlage: Standardvertragsklauseln (Modul 3) (bisher: EU-U.S. Data Privacy Framework)"]
    );
    let text = avv_core::notice::markdown(&notice);
    assert!(text.contains("## Aktualisierung der Datenschutzmaßnahmen"), "{text}");
}

#[test]
fn the_site_publishes_every_version_from_its_commit() {
    let replay = replay();
    let out = tempfile::tempdir().expect("temporary folder");
    let options = avv_core::render::site::SiteOptions {
        stamp: avv_core::render::Stamp { commit: Some(replay.repo.head()) },
        formats: vec![avv_core::render::Format::Markdown],
        private_out: Some(out.path().join("private")),
        ..avv_core::render::site::SiteOptions::new(replay.repo.path(), out.path().join("site"))
    };
    let report = avv_core::render::site::build_site(&options, &avv_core::render::site::Quiet).expect("build");
    assert!(report.site.is_some(), "{:?}", report.validation.diagnostics);
    let read = |file: &str| std::fs::read_to_string(out.path().join("site/pcvisit-avv").join(file)).expect(file);
    let short = |i: usize| replay.commits[i][..12].to_owned();
    // Every version carries the commit its text comes from.
    assert!(read("pcvisit-avv-1.9.md").contains(&short(1)));
    assert!(read("pcvisit-avv-1.10.md").contains(&short(2)));
    let current = read("pcvisit-avv-1.11.md");
    assert!(current.contains(&short(4)), "the merge commit");
    assert!(!current.contains("oder Klingel"), "the unbumped change is not in version 1.11");
    // It is in the draft, which says what it is.
    let draft = read("pcvisit-avv-entwurf.md");
    assert!(draft.contains("oder Klingel"));
    assert!(draft.contains("Entwurf: unveröffentlichte Änderungen seit Version 1.11"), "{draft}");
    // Dated by the commit of its changes, not by version 1.11's date.
    let version_line = current.lines().find(|l| l.starts_with("Stand:")).expect("1.11's stand line");
    let version_date = version_line.split_whitespace().nth(1).expect("a date");
    let stand = draft.lines().find(|l| l.contains("Entwurf: unveröffentlichte")).expect("the draft's stand line");
    assert!(stand.contains("· Stand: ") && !stand.contains(version_date), "{stand} / {version_line}");
    assert!(!draft.contains("Version Entwurf nach"), "the version is not read twice");
    // The customer's contract is the 1.8 text it signed, from the first commit.
    let customer = std::fs::read_to_string(out.path().join("private/pcvisit-avv/beispiel.md")).expect("contract");
    assert!(customer.contains(&short(0)), "{customer}");
    assert!(customer.contains("Livestorm") || customer.contains("LIVESTORM"), "1.8 still lists Livestorm");
    // The feed has the sub-processor changes of 1.9 and 1.10.
    let feed = read("unterauftragnehmer.atom");
    assert!(feed.contains("Version 1.9") && feed.contains("Version 1.10"), "{feed}");
}

#[test]
fn a_customer_of_an_earlier_version_validates() {
    let replay = replay();
    let report = avv_core::validate::validate_folders(&[replay.repo.join(NEW)], replay.repo.path());
    let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    assert!(!codes.contains(&Code::InstanceVersionUnknown), "1.8 is in git: {codes:?}");
}
