//! pcvisit's Versionshistorie 1.0 → 1.8, regenerated from git.
//!
//! The test rebuilds the agreement's evolution as commits in a throw-away
//! repository: the real files of `agreements/pcvisit` (with the imported
//! `[history]` table removed, so that only rows written from git appear) are
//! version 1.8, and each earlier version is reverse-engineered from the
//! hand-kept table by undoing one version's changes at a time. Where the
//! hand-kept table names no details (which clauses "Überarbeitung Punkt 3,
//! 5 und 6" touched, the three sub-processors dropped in 1.7), the earlier
//! states are invented but plausible.

#[path = "support/git_repo.rs"]
mod git_repo;

use std::path::Path;
use std::sync::OnceLock;

use avv_core::diff::{Change, ChangeSet, Flag, Op, diff};
use avv_core::history::{HistoryRow, HistoryTable, Repo, RowSource, history_table, table_text};
use avv_core::load::load_snapshot;
use avv_core::model::codes::ChangeKind;
use git_repo::GitRepo;

/// The three files of one version.
#[derive(Clone)]
struct Files {
    agreement: String,
    tom: String,
    subprocessors: String,
}

/// Which file an edit applies to.
#[derive(Clone, Copy)]
enum File {
    Agreement,
    Tom,
    Subprocessors,
}

impl Files {
    fn text(&mut self, file: File) -> &mut String {
        match file {
            File::Agreement => &mut self.agreement,
            File::Tom => &mut self.tom,
            File::Subprocessors => &mut self.subprocessors,
        }
    }

    /// Replaces `from` by `to`, which must occur exactly `times` times.
    fn edit_n(&mut self, file: File, from: &str, to: &str, times: usize) -> &mut Self {
        let text = self.text(file);
        assert_eq!(text.matches(from).count(), times, "`{from}` must occur {times} time(s)");
        *text = text.replace(from, to);
        self
    }

    /// Replaces the only occurrence of `from` by `to`.
    fn edit(&mut self, file: File, from: &str, to: &str) -> &mut Self {
        self.edit_n(file, from, to, 1)
    }

    /// Moves `meta.version`, `meta.date` and the processor's signature date
    /// back from one version to the previous one.
    fn version(&mut self, (from, from_date): (&str, &str), (to, to_date): (&str, &str), signed: bool) -> &mut Self {
        self.edit(
            File::Agreement,
            &format!("version = \"{from}\"\nstatus = "),
            &format!("version = \"{to}\"\nstatus = "),
        );
        self.edit_n(
            File::Agreement,
            &format!("date = {from_date}\n"),
            &format!("date = {to_date}\n"),
            if signed { 2 } else { 1 },
        )
    }
}

const CHANGELOG_1_5: &str = "\n[[changelog]]\nversion = \"1.5\"\nformal = [\"verstoesse-mitteilung\", \"verarbeitung-kundenverwaltungssystem\"]\n";
const CHANGELOG_1_7: &str =
    "\n[[changelog]]\nversion = \"1.7\"\nsummary = \"allgemeine Überarbeitung / Anpassung an aktuelle Rechtslage\"\n";
const CHANGELOG_1_8: &str = "\n[[changelog]]\nversion = \"1.8\"\nsummary = \"allgemeine Überarbeitung / Anpassung an aktuelle Rechtslage (Data Privacy Framework)\"\n";

const DPF_AUTH0: &str = r#"{ label = "EU- U.S. Data Privacy Framework zertifiziertes Unternehmen (TADPF)", transfer = { mechanism = "adequacy", decision = "eu-us-dpf" } }"#;
const DPF: &str = r#"{ label = "EU-U.S. Data Privacy Framework zertifiziertes Unternehmen (TADPF)", transfer = { mechanism = "adequacy", decision = "eu-us-dpf" } }"#;
const SCC: &str = r#"{ label = "EU-Standardvertragsklauseln", transfer = { mechanism = "scc" } }"#;

const SICHERHEITSVERGLASUNG: &str = "  { id = \"sicherheitsverglasung\", label = \"Sicherheitsverglasung\", text = \"Die Fenster der Büroräume im Erdgeschoss sind mit Sicherheitsverglasung ausgestattet.\", kind = \"physical\" },\n";

const INXMAIL: &str = r#"
[[subprocessor]]
id = "inxmail"
group = "hauptleistungen"
name = "Inxmail GmbH"
short = "inxmail"
address = "Wentzingerstraße 17, 79106 Freiburg"
country = "DE"
service = "Versand von Service- und Newsletter-E-Mails"
safeguards = [{ label = "AVV", dpa = true }]
"#;

const TANDEMPLOY: &str = r#"
[[subprocessor]]
id = "tandemploy"
group = "zusaetzliche-dienstleistungen"
name = "Tandemploy GmbH"
short = "tandemploy"
address = "Schönhauser Allee 10-11, 10119 Berlin"
country = "DE"
service = "Terminvereinbarung für Produktschulungen"
safeguards = [{ label = "AVV", dpa = true }]
"#;

const DOMAINFACTORY: &str = r#"
[[subprocessor]]
id = "domainfactory"
group = "zusaetzliche-dienstleistungen"
name = "domainfactory GmbH"
short = "domainfactory"
address = "Oskar-Messter-Straße 33, 85737 Ismaning"
country = "DE"
service = "Webhosting der Download-Seiten"
safeguards = [{ label = "AVV", dpa = true }]
"#;

/// Version 1.8: the real files, the imported `[history]` removed and the
/// human notes a diff cannot infer added as `[[changelog]]`.
fn version_1_8() -> Files {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements/pcvisit");
    let read =
        |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("cannot read {name}: {e}"));
    let mut agreement = read("agreement.toml");
    let start = agreement.find("\n[history]").expect("pcvisit keeps its imported table in `[history]`");
    agreement.truncate(start + 1);
    agreement.push_str(CHANGELOG_1_5);
    agreement.push_str(CHANGELOG_1_7);
    agreement.push_str(CHANGELOG_1_8);
    Files { agreement, tom: read("tom.toml"), subprocessors: read("subprocessors.toml") }
}

/// Every version, oldest first: (version, files).
fn evolution() -> Vec<(&'static str, Files)> {
    use File::{Agreement, Subprocessors, Tom};
    let mut files = version_1_8();
    let mut newest_first = vec![("1.8", files.clone())];

    // 1.8 → 1.7: Data Privacy Framework instead of standard clauses, the
    // measure "Sicherheitsverglasung" still in 3.2.1, no tombstone yet.
    files.version(("1.8", "2024-02-29"), ("1.7", "2021-10-12"), true);
    files.edit(Agreement, CHANGELOG_1_8, "");
    files.edit(Subprocessors, DPF_AUTH0, SCC).edit_n(Subprocessors, DPF, SCC, 2);
    let tombstone = files
        .tom
        .find("# ---------------------------------------------------------------- removed measures")
        .expect("tombstone");
    files.tom.truncate(tombstone);
    let archive = files.tom.find("  { id = \"abschliessbares-archiv\"").expect("3.2.1 measure");
    let line_end = archive + files.tom[archive..].find('\n').expect("end of line") + 1;
    files.tom.insert_str(line_end, SICHERHEITSVERGLASUNG);
    newest_first.push(("1.7", files.clone()));

    // 1.7 → 1.6: inxmail, tandemploy and domainfactory still listed; 2.1
    // still names the USA; 7.1 still charges for the evidence.
    files.version(("1.7", "2021-10-12"), ("1.6", "2021-02-10"), true);
    files.edit(Agreement, CHANGELOG_1_7, "");
    files.edit(Agreement, "von Firmen aus dem Drittland bezogen", "von Firmen aus den USA bezogen");
    files.edit(
        Agreement,
        "auf schriftliche Anforderung des Auftraggebers nachweisen.\"",
        "auf schriftliche Anforderung des Auftraggebers nachweisen. Für diesen Nachweis kann der Auftragnehmer eine angemessene Vergütung verlangen.\"",
    );
    files.edit(
        Subprocessors,
        "\n[[subprocessor]]\nid = \"auth0\"",
        &format!("{INXMAIL}\n[[subprocessor]]\nid = \"auth0\""),
    );
    files.edit(
        Subprocessors,
        "\n[[subprocessor]]\nid = \"uservoice\"",
        &format!("{TANDEMPLOY}\n[[subprocessor]]\nid = \"uservoice\""),
    );
    files.subprocessors.push_str(DOMAINFACTORY);
    newest_first.push(("1.6", files.clone()));

    // 1.6 → 1.5a: Mailjet and toolhouse listed only with their AVV.
    files.version(("1.6", "2021-02-10"), ("1.5a", "2020-06-05"), true);
    files.edit(
        Subprocessors,
        "service = \"DS-GVO-konformer E-Mail- Service\"\nsafeguards = [\n  { label = \"ISO 27001 zertifiziert\", certifications = [\"iso-27001\"] },\n  { label = \"AVV\", dpa = true },\n]",
        "service = \"DS-GVO-konformer E-Mail- Service\"\nsafeguards = [{ label = \"AVV\", dpa = true }]",
    );
    files.edit(
        Subprocessors,
        "service = \"Support- und Servicedienstleistung\"\nsafeguards = [\n  { label = \"ISO 9001 zertifiziert\", certifications = [\"iso-9001\"] },\n  { label = \"AVV\", dpa = true },\n]",
        "service = \"Support- und Servicedienstleistung\"\nsafeguards = [{ label = \"AVV\", dpa = true }]",
    );
    newest_first.push(("1.5a", files.clone()));

    // 1.5a → 1.5: no field for the pcvisit customer number on page 2.
    files.version(("1.5a", "2020-06-05"), ("1.5", "2019-11-14"), true);
    files.edit(
        Agreement,
        "[[placeholder]]\nkey = \"kunde.kundennummer\"\nlabel = \"ggf. pcvisit Kundennummer\"\nrequired = false\n\n",
        "",
    );
    files.edit(Agreement, "  \"{{ kunde.kundennummer }}\",\n", "");
    newest_first.push(("1.5", files.clone()));

    // 1.5 → 1.4: the slips the formal corrections fixed.
    files.version(("1.5", "2019-11-14"), ("1.4", "2019-03-04"), true);
    files.edit(Agreement, CHANGELOG_1_5, "");
    files.edit(
        Agreement,
        "informiert der Auftragnehmer den Auftraggeber unverzüglich.",
        "informiert der Auftragnehmer den Auftragnehmer unverzüglich.",
    );
    files.edit(
        Agreement,
        "die Beauftragung weiterer Unterauftragnehmer",
        "die beauftragen weiterer Unterauftragnehmer",
    );
    files.edit(Tom, "Die pcvisit Software AG erhebt", "Die pcvisit Software GmbH erhebt");
    newest_first.push(("1.4", files.clone()));

    // 1.4 → 1.3: no Livestorm, no Patchmanagement, no appointed auditor in 7.2.
    files.version(("1.4", "2019-03-04"), ("1.3", "2018-06-27"), true);
    let livestorm = files.subprocessors.find("[[subprocessor]]\nid = \"livestorm\"").expect("livestorm");
    let next = livestorm + files.subprocessors[livestorm..].find("\n[[subprocessor]]").expect("next entry") + 1;
    files.subprocessors.replace_range(livestorm..next, "");
    files.edit(
        Tom,
        "\n[[section.section.section.measure]]\nid = \"patch-updatemanagement\"\nlabel = \"Patchmanagement\"\ntext = \"Patch- und Updatemanagement (systematisierte Beschaffung, Test und Installation von Updates und Patches)\"\nkind = \"organisational\"\n",
        "",
    );
    files.edit(
        Agreement,
        "durch den Auftraggeber oder einem von ihm beauftragten Prüfer, gilt",
        "durch den Auftraggeber, gilt",
    );
    newest_first.push(("1.3", files.clone()));

    // 1.3 → 1.2: no Auth0; earlier wording in 3.5, 5 and 6.3.
    files.version(("1.3", "2018-06-27"), ("1.2", "2018-05-18"), true);
    let auth0 = files.subprocessors.find("[[subprocessor]]\nid = \"auth0\"").expect("auth0");
    let next = auth0 + files.subprocessors[auth0..].find("\n[[subprocessor]]").expect("next entry") + 1;
    files.subprocessors.replace_range(auth0..next, "");
    files.edit(
        Agreement,
        "Dabei darf das Sicherheitsniveau der festgelegten Maßnahmen",
        "Dabei darf das Schutzniveau der festgelegten Maßnahmen",
    );
    files.edit(
        Agreement,
        "gesetzliche Pflichten und gewährleistet insbesondere die Einhaltung folgender Vorgaben:",
        "gesetzliche Pflichten und stellt insbesondere die Einhaltung folgender Vorgaben sicher:",
    );
    files.edit(
        Agreement,
        "verpflichtet der Auftragnehmer den jeweiligen Unterauftragnehmer zu geeigneten technischen und organisatorischen Maßnahmen.",
        "verpflichtet der Auftragnehmer den Unterauftragnehmer vertraglich zur Einhaltung der Datenschutzvorschriften.",
    );
    newest_first.push(("1.2", files.clone()));

    // 1.2 → 1.1: earlier wording in 6.1 and 6.4.
    files.version(("1.2", "2018-05-18"), ("1.1", "2018-05-03"), true);
    files.edit(Agreement, "Wartung und Benutzerservice oder", "Wartung und Kundendienst oder");
    files.edit(
        Agreement,
        "Zulässigkeit durch entsprechende Maßnahmen sicher.",
        "Zulässigkeit durch geeignete Garantien sicher.",
    );
    newest_first.push(("1.1", files.clone()));

    // 1.1 → 1.0: the processor had not signed yet.
    files.edit(
        Agreement,
        "place = \"Dresden\"\ndate = 2018-05-03\nsignatory = \"Helge Betzinger\"\nsignatory_role = \"Vorstand pcvisit Software AG\"\n",
        "",
    );
    files.version(("1.1", "2018-05-03"), ("1.0", "2018-04-15"), false);
    newest_first.push(("1.0", files));

    newest_first.reverse();
    newest_first
}

/// A repository with one commit per version.
fn pcvisit_repo() -> GitRepo {
    let mut repo = GitRepo::new();
    for (version, files) in evolution() {
        repo.write("agreements/pcvisit/agreement.toml", &files.agreement)
            .write("agreements/pcvisit/tom.toml", &files.tom)
            .write("agreements/pcvisit/subprocessors.toml", &files.subprocessors);
        repo.commit(&format!("pcvisit {version}"));
    }
    repo
}

/// The generated table, built once for all tests.
fn table() -> &'static HistoryTable {
    static TABLE: OnceLock<HistoryTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let repo = pcvisit_repo();
        let opened = Repo::open(repo.path()).expect("open the fixture repository");
        history_table(&opened, "pcvisit", None).expect("history table")
    })
}

fn row(version: &str) -> &'static HistoryRow {
    table().rows.iter().find(|r| r.version == version).unwrap_or_else(|| panic!("no row for {version}"))
}

fn change_set(version: &str) -> &'static ChangeSet {
    row(version).change_set.as_ref().expect("a git row has its changes")
}

/// The one change of `entity` with this id in a version.
fn change(version: &str, id: &str) -> &'static Change {
    let matching: Vec<&Change> = change_set(version).changes.iter().filter(|c| c.id == id).collect();
    assert_eq!(matching.len(), 1, "one change of `{id}` in {version}: {matching:?}");
    matching[0]
}

#[test]
fn one_git_row_per_version_and_nothing_skipped() {
    let table = table();
    assert!(table.skipped.is_empty(), "{:?}", table.skipped);
    let versions: Vec<&str> = table.rows.iter().map(|r| r.version.as_str()).collect();
    assert_eq!(versions, ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.5a", "1.6", "1.7", "1.8"]);
    assert!(table.rows.iter().all(|r| r.source == RowSource::Git && r.commit.is_some()));
    let dates: Vec<&str> = table.rows.iter().map(|r| r.date_text.as_str()).collect();
    assert_eq!(
        dates,
        [
            "15.04.2018",
            "03.05.2018",
            "18.05.2018",
            "27.06.2018",
            "04.03.2019",
            "14.11.2019",
            "05.06.2020",
            "10.02.2021",
            "12.10.2021",
            "29.02.2024"
        ]
    );
    assert!(table.rows.iter().all(|r| r.status == "finale Version" && r.responsible == "Datenschutzbeauftragter"));
}

#[test]
fn v1_0_is_the_first_version() {
    assert_eq!(row("1.0").changes, ["Erstfassung"]);
    assert_eq!(row("1.0").kinds, "Erstfassung");
}

#[test]
fn v1_1_the_processor_signs() {
    assert_eq!(row("1.1").changes, ["Ergänzung Unterschrift Auftragnehmer"]);
    assert_eq!(row("1.1").kinds, "Ergänzung");
    assert_eq!(change("1.1", "signature:pcvisit-software-ag").kind, ChangeKind::Addition);
}

#[test]
fn v1_2_reworks_section_6() {
    // pcvisit: "Überarbeitung / Aktualisierung Punkt 6. Unterauftragnehmer in AVV".
    // The places the diff names, not only their top-level clause.
    assert_eq!(row("1.2").changes, ["Überarbeitung / Aktualisierung Punkt 6.1 und 6.4 AVV"]);
    assert_eq!(row("1.2").kinds, "Aktualisierung");
}

#[test]
fn v1_3_adds_auth0() {
    assert_eq!(
        row("1.3").changes,
        [
            "Überarbeitung / Aktualisierung Punkt 3.5, 5 und 6.3 AVV",
            // pcvisit's table leaves out the transfer basis; a third country's belongs in the record.
            "neuer Unterauftragnehmer: Auth0 (Punkt 6.5 AVV; Übermittlungsgrundlage: Standardvertragsklauseln)"
        ]
    );
    assert_eq!(row("1.3").kinds, "Aktualisierung / Ergänzung");
    let auth0 = change("1.3", "auth0");
    assert_eq!((auth0.op, auth0.kind), (Op::Added, ChangeKind::Addition));
    assert_eq!(auth0.kind_de, "Ergänzung");
    assert_eq!(auth0.flags, [Flag::Art28Notice, Flag::ChapterV], "a US company: notice and Chapter V");
}

#[test]
fn v1_4_adds_livestorm_patch_management_and_the_auditor() {
    // pcvisit: "Aktualisierung Unterauftragnehmer (neu: Livestorm SAS)",
    // "Ergänzung 7.2."beauftragte Prüfer"", "Ergänzung "Patchmanagement" unter TOM 3.2.3.".
    assert_eq!(
        row("1.4").changes,
        [
            "Ergänzung Punkt 7.2 AVV: „oder einem von ihm beauftragten Prüfer“",
            "neuer Unterauftragnehmer: Livestorm SAS (Punkt 6.5 AVV)",
            "Ergänzung \"Patchmanagement\" unter TOM 3.2.3.",
        ]
    );
    assert_eq!(row("1.4").kinds, "Ergänzung");
    assert_eq!(change("1.4", "ueberpruefung-vor-ort").kind, ChangeKind::Addition, "only words inserted");
    assert_eq!(change("1.4", "livestorm").flags, [Flag::Art28Notice]);
    let measure = change("1.4", "patch-updatemanagement");
    assert_eq!((measure.op, measure.kind, measure.reference.as_str()), (Op::Added, ChangeKind::Addition, "3.2.3"));
}

#[test]
fn v1_5_is_a_formal_correction() {
    // pcvisit's third line: "formale Korrektur TOM: pcvisit Software AG statt pcvisit Software GmbH".
    assert_eq!(
        row("1.5").changes,
        [
            "formale Korrektur AVV: 8.3 Auftraggeber statt Auftragnehmer",
            "formale Korrektur AVV: 12.2 Beauftragung statt beauftragen",
            "formale Korrektur TOM: 3.3.2 pcvisit Software AG statt pcvisit Software GmbH",
        ]
    );
    assert_eq!(row("1.5").kinds, "formale Korrektur");
    // The role-term swap is formal only because `[[changelog]]` says so ...
    assert_eq!(change("1.5", "verstoesse-mitteilung").kind, ChangeKind::Formal);
    // ... the spelling fix is recognised by itself.
    assert_eq!(change("1.5", "anzeige-unterauftragnehmer").kind, ChangeKind::Formal);
    assert!(change_set("1.5").document_changes().all(|c| c.kind == ChangeKind::Formal && c.flags.is_empty()));
}

#[test]
fn v1_5a_adds_the_customer_number_field() {
    // pcvisit: "formale Korrektur AVV: Ergänzung pcvisit Kundennr. Seite 2".
    assert_eq!(row("1.5a").changes, ["formale Korrektur AVV: Ergänzung ggf. pcvisit Kundennummer"]);
    assert_eq!(row("1.5a").kinds, "formale Korrektur");
    assert!(
        change_set("1.5a").changes.iter().all(|c| c.id != "kunde"),
        "the party's new blank line is the placeholder, not a second change"
    );
}

#[test]
fn v1_6_updates_safeguards() {
    // pcvisit's wording, with the sub-processors it concerns.
    assert_eq!(
        row("1.6").changes,
        ["Aktualisierung der Datenschutzmaßnahmen bei Punkt 6.5 Unterauftragnehmer im AVV: Mailjet SAS, toolhouse"]
    );
    assert_eq!(row("1.6").kinds, "Aktualisierung");
}

#[test]
fn v1_7_drops_three_subprocessors() {
    assert_eq!(
        row("1.7").changes,
        [
            "allgemeine Überarbeitung / Anpassung an aktuelle Rechtslage",
            "Überarbeitung / Aktualisierung Punkt 2.1 und 7.1 AVV",
            "Wegfall Unterauftragnehmer inxmail, tandemploy, domainfactory (Punkt 6.5 AVV)",
        ]
    );
    assert_eq!(row("1.7").kinds, "Aktualisierung / Wegfall");
    for id in ["inxmail", "tandemploy", "domainfactory"] {
        let removed = change("1.7", id);
        assert_eq!((removed.op, removed.kind, removed.kind_de), (Op::Removed, ChangeKind::Removal, "Wegfall"));
        assert_eq!(removed.flags, [Flag::Art28Info]);
    }
}

#[test]
fn v1_8_removes_sicherheitsverglasung_with_its_justification() {
    assert_eq!(
        row("1.8").changes,
        [
            "allgemeine Überarbeitung / Anpassung an aktuelle Rechtslage (Data Privacy Framework)",
            "Aktualisierung der Übermittlungsgrundlage (EU-U.S. Data Privacy Framework) bei Punkt 6.5 AVV: Auth0, Amazon Web Services, UserVoice",
            "TOM 3.2.1: Entfernen Punkt Sicherheitsverglasung",
        ]
    );
    assert_eq!(row("1.8").kinds, "Aktualisierung / Wegfall");
    let measure = change("1.8", "sicherheitsverglasung");
    assert_eq!((measure.op, measure.kind), (Op::Removed, ChangeKind::Removal));
    assert_eq!(measure.flags, [Flag::SecurityLevel], "flagged, and justified by the tombstone");
    let reason = measure.justification.as_deref().expect("the tombstone's reason");
    assert!(reason.starts_with("Laut Versionshistorie 1.8 entfernt"), "{reason}");
    assert!(change("1.8", "auth0").flags.contains(&Flag::ChapterV));
}

#[test]
fn re_signing_is_kept_but_not_listed() {
    let signature = change("1.8", "signature:pcvisit-software-ag");
    assert_eq!(signature.kind, ChangeKind::Formal);
    assert_eq!(signature.phrase, "Unterschrift Auftragnehmer neu datiert (29.02.2024)");
    assert!(!row("1.8").changes.iter().any(|l| l.contains("Unterschrift")));
}

#[test]
fn a_removed_measure_without_tombstone_needs_a_justification() {
    let versions = evolution();
    let load = |files: &Files| {
        let mut tom = files.tom.clone();
        if let Some(start) =
            tom.find("# ---------------------------------------------------------------- removed measures")
        {
            tom.truncate(start);
        }
        let bytes = |s: &str| s.as_bytes().to_vec();
        let snapshot = [
            ("agreement.toml".to_owned(), bytes(&files.agreement)),
            ("tom.toml".to_owned(), bytes(&tom)),
            ("subprocessors.toml".to_owned(), bytes(&files.subprocessors)),
        ];
        load_snapshot("pcvisit", Path::new("agreements/pcvisit"), &snapshot).folder
    };
    let (old, new) = (load(&versions[8].1), load(&versions[9].1));
    let changes = diff(Some(&old), &new);
    let measure = changes.changes.iter().find(|c| c.id == "sicherheitsverglasung").expect("removed");
    assert_eq!(measure.flags, [Flag::SecurityLevel, Flag::NeedsJustification]);
    assert_eq!(measure.justification, None);
}

#[test]
fn imported_rows_come_first_and_git_adds_only_new_versions() {
    let mut repo = GitRepo::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements/pcvisit");
    for name in ["agreement.toml", "tom.toml", "subprocessors.toml"] {
        let text = std::fs::read_to_string(dir.join(name)).expect("read the real file");
        repo.write(&format!("agreements/pcvisit/{name}"), &text);
    }
    repo.commit("pcvisit 1.8 mit übernommener Versionshistorie");
    let agreement = repo.read("agreements/pcvisit/agreement.toml");
    let bumped = agreement.replacen("version = \"1.8\"\nstatus = ", "version = \"1.9\"\nstatus = ", 1).replacen(
        "date = 2024-02-29\ndate_style",
        "date = 2025-01-10\ndate_style",
        1,
    );
    assert_ne!(bumped, agreement);
    repo.write("agreements/pcvisit/agreement.toml", &bumped);
    let list = repo.read("agreements/pcvisit/subprocessors.toml");
    repo.write(
        "agreements/pcvisit/subprocessors.toml",
        &format!("{list}\n[[subprocessor]]\nid = \"brevo\"\ngroup = \"hauptleistungen\"\nname = \"Sendinblue GmbH\"\nshort = \"Brevo\"\naddress = \"Köpenicker Straße 126, 10179 Berlin\"\ncountry = \"DE\"\nservice = \"Versand von Service-E-Mails\"\nsafeguards = [{{ label = \"AVV\", dpa = true }}]\n"),
    );
    repo.commit("pcvisit 1.9");

    let table = history_table(&Repo::open(repo.path()).expect("open"), "pcvisit", None).expect("history table");
    let rows: Vec<(&str, RowSource)> = table.rows.iter().map(|r| (r.version.as_str(), r.source)).collect();
    let mut expected: Vec<(&str, RowSource)> = ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.5a", "1.6", "1.7", "1.8"]
        .map(|v| (v, RowSource::Imported))
        .to_vec();
    expected.push(("1.9", RowSource::Git));
    assert_eq!(rows, expected);
    let last = table.rows.last().expect("rows");
    assert_eq!(last.changes, ["neuer Unterauftragnehmer: Brevo (Punkt 6.5 AVV)"]);
    assert_eq!(last.date_text, "10.01.2025");
    assert_eq!(table.columns, ["Version", "Status", "Datum", "Verantwortlich", "Änderung"]);
}

/// The whole generated table as text, for review (and for the report).
#[test]
fn table_as_text() {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\(Commit [0-9a-f]{12}\)", "(Commit [SHORT])");
    settings.bind(|| insta::assert_snapshot!("pcvisit_history", table_text(table())));
}
