//! Every output format of `avv diff`, `avv history` and `avv notice`,
//! through the library renderers, on the "muster" history.

use avv_core::diff::{diff, report};
use avv_core::history::{Repo, RevisionSide, compare, history_table, table_json, table_markdown, table_text};
use avv_core::model::Date;
use avv_core::notice;

use crate::commit_filters;
use crate::history_fixture::{ID, MusterHistory, muster_history};

fn opened(history: &MusterHistory) -> Repo {
    Repo::open(history.repo.path()).expect("open the fixture repository")
}

fn between(history: &MusterHistory, old: &str, new: &str) -> Vec<avv_core::diff::ChangeSet> {
    let repo = opened(history);
    compare(&repo, &RevisionSide::Commit(old.to_owned()), &RevisionSide::Commit(new.to_owned()), &[]).expect("compare")
}

#[test]
fn diff_human_without_colour() {
    let history = muster_history();
    let sets = between(&history, &history.v1_1, &history.v1_2);
    let text = report::human(&sets, false);
    assert!(!text.contains('\x1b'), "no escape codes without colour");
    commit_filters().bind(|| insta::assert_snapshot!("diff_human", text));
}

#[test]
fn diff_human_of_the_first_revision() {
    let history = muster_history();
    let sets = between(&history, &history.v1_0, &history.v1_1);
    commit_filters().bind(|| insta::assert_snapshot!("diff_human_1_0_to_1_1", report::human(&sets, false)));
}

#[test]
fn diff_markdown() {
    let history = muster_history();
    let sets = between(&history, &history.v1_1, &history.v1_2);
    commit_filters().bind(|| insta::assert_snapshot!("diff_markdown", report::markdown(&sets)));
}

#[test]
fn diff_json() {
    let history = muster_history();
    let sets = between(&history, &history.v1_1, &history.v1_2);
    let text = report::json(&sets);
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(value["version"], 1);
    commit_filters().bind(|| insta::assert_snapshot!("diff_json", text));
}

#[test]
fn history_text() {
    let history = muster_history();
    let table = history_table(&opened(&history), ID, None).expect("history table");
    commit_filters().bind(|| insta::assert_snapshot!("history_text", table_text(&table)));
}

#[test]
fn history_markdown() {
    let history = muster_history();
    let table = history_table(&opened(&history), ID, None).expect("history table");
    commit_filters().bind(|| insta::assert_snapshot!("history_markdown", table_markdown(&table)));
}

#[test]
fn history_json() {
    let history = muster_history();
    let table = history_table(&opened(&history), ID, None).expect("history table");
    let text = table_json(&table);
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(value["table"]["rows"].as_array().map(Vec::len), Some(3));
    commit_filters().bind(|| insta::assert_snapshot!("history_json", text));
}

fn muster_notice(history: &MusterHistory) -> notice::Notice {
    let repo = opened(history);
    let before = repo.load_at(repo.resolve(&history.v1_1).expect("1.1"), ID).expect("load 1.1").map(|l| l.folder);
    let after = repo.load_at(repo.resolve("HEAD").expect("HEAD"), ID).expect("load 1.2").expect("1.2 exists").folder;
    let changes = diff(before.as_ref(), &after);
    notice::notice(before.as_ref(), &after, &changes, Date::parse("2024-03-01").expect("date"))
}

#[test]
fn notice_markdown() {
    let history = muster_history();
    let notice = muster_notice(&history);
    assert_eq!(notice.objection_deadline.map(|d| d.to_string()).as_deref(), Some("2024-03-15"));
    commit_filters().bind(|| insta::assert_snapshot!("notice_markdown", notice::markdown(&notice)));
}

#[test]
fn notice_json() {
    let history = muster_history();
    let notice = muster_notice(&history);
    commit_filters().bind(|| insta::assert_snapshot!("notice_json", notice::json(&notice, &[], "HEAD")));
}

/// The letter to the fixture's customer as typst source: letterhead, the
/// address in the envelope's window, date, title, body, greeting, and the
/// trace at the foot of the page.
#[test]
fn notice_letter_typst() {
    let history = muster_history();
    let notice = muster_notice(&history);
    let repo = opened(&history);
    let after = repo.load_at(repo.resolve("HEAD").expect("HEAD"), ID).expect("load 1.2").expect("1.2").folder;
    let to = notice::letter::recipient(&after, &Default::default(), "beispiel", notice.date).expect("the customer");
    assert_eq!(to.address, ["Beispiel AG", "Kd-Nr. 10047"]);
    let letter = notice::letter::letter(&notice, Some(&to));
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"avv \d+\.\d+\.\d+(-[0-9A-Za-z.]+)?", "avv [version]");
    settings.bind(|| insta::assert_snapshot!("notice_letter_typst", letter.typst()));
    let pdf = letter.pdf("avv/muster/1.2/notice/beispiel", Some(notice.date), None).expect("the PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(
        letter.pdf("avv/muster/1.2/notice/beispiel", Some(notice.date), None).expect("again"),
        pdf,
        "the same bytes"
    );
}

/// The letter in Word: its paragraphs in the order of the printed letter,
/// the table's cells among them; the same bytes every time.
#[test]
fn notice_letter_docx() {
    let history = muster_history();
    let notice = muster_notice(&history);
    let to =
        notice::letter::Recipient { id: "beispiel".into(), address: vec!["Beispiel AG".into(), "Kd-Nr. 10047".into()] };
    let letter = notice::letter::letter(&notice, Some(&to));
    let docx = letter.docx(Some(notice.date), None).expect("the DOCX");
    assert_eq!(letter.docx(Some(notice.date), None).expect("again"), docx, "the same bytes");
    let parts = crate::docx_text::parts(&docx);
    crate::docx_text::check_xml(&parts);
    let footer = crate::docx_text::paragraphs(&parts["word/footer1.xml"]).join("\n");
    assert!(
        footer.starts_with("Mitteilung nach Art. 28 Abs. 2 DS-GVO · muster · Version 1.2 · erstellt mit avv "),
        "{footer}"
    );
    let paragraphs = crate::docx_text::paragraphs(&parts["word/document.xml"]);
    let expected = [
        "Muster Hosting GmbH",
        "Hafenstraße 1\n24103 Kiel",
        "Muster Hosting GmbH, Hafenstraße 1, 24103 Kiel",
        "Beispiel AG\nKd-Nr. 10047",
        "01.03.2024",
        "Mitteilung über Änderungen bei Unterauftragnehmern",
        "Muster Hosting GmbH informiert Sie gemäß Art. 28 Abs. 2 DS-GVO über folgende beabsichtigte Änderungen der Unterauftragnehmer nach Punkt 5.2 AVV des Vertrags „Vertrag zur Auftragsverarbeitung“ (Version 1.2).",
        "Datum der Mitteilung: 01.03.2024",
        "Neue Unterauftragnehmer",
        "Unterauftragnehmer",
        "Ticketware Inc.",
        "Entfallende Unterauftragnehmer",
        "Mailversand Süd GmbH",
        "Sie können gegen die Hinzuziehung oder Ersetzung innerhalb von 14 Tagen nach dieser Mitteilung Einspruch erheben, also bis einschließlich 15.03.2024.",
        "Mit freundlichen Grüßen",
        "Muster Hosting GmbH",
    ];
    // Each in order, the table's other cells between them.
    let mut rest = paragraphs.iter();
    for want in expected {
        assert!(rest.any(|p| p == want), "`{want}` missing or out of order in {paragraphs:#?}");
    }
}
