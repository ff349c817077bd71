//! `avv import` on the plain-text sources of the bundled agreements, on a
//! fixture per numbering style and per sub-processor table shape, on DOCX
//! built here with docx-rs, and on hostile input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

#[path = "support/targets.rs"]
mod targets;

use avv_core::diagnostic::Severity;
use avv_core::import::check::round_trip;
use avv_core::import::{ImportError, Imported, Options, import, import_bytes};
use avv_core::load::{Folder, load_folder};
use avv_core::model::tom::Measure;
use avv_core::validate::validate_folders;

const THRESHOLD: f32 = 0.90;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn seeds() -> PathBuf {
    workspace().join("../shared/seeds")
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn options(root: &Path, id: &str) -> Options {
    Options { id: id.to_owned(), kind: None, out: root.join("agreements"), root: root.to_path_buf() }
}

/// Imports `path` into a fresh repository and checks that it validates without errors.
fn import_clean(path: &Path, id: &str) -> (tempfile::TempDir, Imported) {
    let root = tempfile::tempdir().unwrap();
    let imported = import(path, &options(root.path(), id)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let report = validate_folders(std::slice::from_ref(&imported.folder), root.path());
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{id} does not validate: {errors:?}");
    (root, imported)
}

fn loaded(dir: &Path, root: &Path) -> Folder {
    load_folder(dir, root).folder
}

/// Measures, nested ones included; notes (`statement = "note"`) are no measures.
fn measures(list: &[Measure]) -> usize {
    list.iter().filter(|m| m.statement.is_none_or(|s| s.code() != "note")).map(|m| 1 + measures(&m.items)).sum()
}

/// Clauses, sub-processors, measures.
fn counts(folder: &Folder) -> (usize, usize, usize) {
    fn sections(list: &[avv_core::model::tom::Section]) -> usize {
        list.iter().map(|s| measures(&s.measure) + sections(&s.section)).sum()
    }
    let clauses = folder.agreement.as_ref().map_or(0, |a| a.value.all_clauses().len());
    let subs = folder.subprocessors.as_ref().map_or(0, |s| s.value.subprocessor.len());
    let tom = folder.tom.as_ref().map_or(0, |t| sections(&t.value.section));
    (clauses, subs, tom)
}

fn seed(prefix: &str) -> Option<PathBuf> {
    let dir = seeds();
    let entry =
        std::fs::read_dir(&dir).ok()?.flatten().find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    Some(entry.path())
}

fn seed_round_trip(prefix: &str, hand_made: &str) {
    let Some(path) = seed(prefix) else {
        eprintln!("skipping: no seed {prefix} in {}", seeds().display());
        return;
    };
    let (root, imported) = import_clean(&path, hand_made);
    let trip = round_trip(&imported.folder, root.path(), &imported.source_text).unwrap();
    let ours = counts(&loaded(&imported.folder, root.path()));
    let theirs = counts(&loaded(&workspace().join("agreements").join(hand_made), &workspace()));
    println!(
        "import {hand_made}: similarity {:.5}; clauses {} (hand-made {}), sub-processors {} ({}), measures {} ({}); notes {}",
        trip.ratio,
        ours.0,
        theirs.0,
        ours.1,
        theirs.1,
        ours.2,
        theirs.2,
        imported.summary.notes.len()
    );
    let out = workspace().join("target/import");
    std::fs::create_dir_all(&out).ok();
    std::fs::write(out.join(format!("{hand_made}.summary.txt")), imported.summary.render("line")).ok();
    // The imported folder, to look at.
    let copy = out.join(hand_made);
    std::fs::create_dir_all(&copy).ok();
    for entry in std::fs::read_dir(&imported.folder).unwrap().flatten() {
        std::fs::copy(entry.path(), copy.join(entry.file_name())).ok();
    }
    for passage in &trip.passages {
        println!("  at word {}: -{:?} +{:?}", passage.position, passage.removed.join(" "), passage.added.join(" "));
    }
    assert!(trip.ratio >= THRESHOLD, "{hand_made}: similarity {:.4} is below {THRESHOLD}", trip.ratio);
}

#[test]
fn seed_rocon() {
    seed_round_trip("000_", "rocon");
}

#[test]
fn seed_hoster_tom() {
    seed_round_trip("001_", "hoster-tom");
}

#[test]
fn seed_zerer() {
    seed_round_trip("002_", "zerer");
}

#[test]
fn seed_pcvisit() {
    seed_round_trip("003_", "pcvisit");
}

#[test]
fn seed_trafficplex() {
    seed_round_trip("004_", "trafficplex");
}

// ------------------------------------------------------------ fixtures

/// Imports a fixture; returns the loaded folder, the import and the round trip.
fn fixture(name: &str, id: &str) -> (tempfile::TempDir, Imported, Folder) {
    let (root, imported) = import_clean(&fixtures().join(name), id);
    let trip = round_trip(&imported.folder, root.path(), &imported.source_text).unwrap();
    assert!(trip.ratio >= THRESHOLD, "{name}: similarity {:.4}: {:?}", trip.ratio, trip.passages);
    let folder = loaded(&imported.folder, root.path());
    (root, imported, folder)
}

fn clause_nums(folder: &Folder) -> Vec<String> {
    folder.agreement.as_ref().unwrap().value.all_clauses().iter().map(|c| c.num.clone().unwrap_or_default()).collect()
}

#[test]
fn paragraphs_and_absaetze_nest() {
    let (_root, _, folder) = fixture("numbering/paragraphen.txt", "paragraphen");
    let a = &folder.agreement.as_ref().unwrap().value;
    assert_eq!(clause_nums(&folder), ["§ 1", "(1)", "(2)", "§ 2", "(1)", "§ 3", "(1)"]);
    assert_eq!(a.clause[0].title.as_deref(), Some("Gegenstand"));
    assert_eq!(a.clause[0].id.as_str(), "gegenstand");
    // The letters stay a list with their markers, `aa)` nested under `b)`.
    let list = a.clause[0].clause[1].block[0].list.as_ref().unwrap();
    assert_eq!(list.len(), 2);
    let b = match &list[1] {
        avv_core::model::clause::ListItem::Item(entry) => entry,
        other => panic!("{other:?}"),
    };
    assert_eq!(b.num.as_deref(), Some("b)"));
    assert_eq!(b.list.len(), 2);
    // An unnumbered paragraph stays with its clause.
    assert_eq!(a.clause[1].clause[0].block[0].p.as_deref(), Some("Diese Regelung gilt auch für Nachträge."));
}

#[test]
fn decimal_numbers_nest_by_their_depth() {
    let (_root, _, folder) = fixture("numbering/dezimal.txt", "dezimal");
    let a = &folder.agreement.as_ref().unwrap().value;
    assert_eq!(clause_nums(&folder), ["1.", "1.1", "1.2", "1.2.1", "1.2.2", "2.", "2.1"]);
    assert_eq!(a.clause[0].clause[1].clause.len(), 2);
    assert_eq!(a.clause[0].clause[1].id.as_str(), "punkt-1-2");
    assert_eq!(a.clause[0].clause[1].clause[0].id.as_str(), "punkt-1-2-1");
}

#[test]
fn ziffer_and_roman_lower_items() {
    let (_root, _, folder) = fixture("numbering/ziffer.txt", "ziffer");
    let a = &folder.agreement.as_ref().unwrap().value;
    assert_eq!(clause_nums(&folder), ["Ziffer 1", "Ziffer 2"]);
    let list = a.clause[0].block[0].list.as_ref().unwrap();
    assert_eq!(list.len(), 2);
    assert!(matches!(&list[0], avv_core::model::clause::ListItem::Item(e) if e.num.as_deref() == Some("i.")));
}

#[test]
fn markdown_headings_with_roman_numbers() {
    let (_root, _, folder) = fixture("numbering/roemisch.md", "roemisch");
    let a = &folder.agreement.as_ref().unwrap().value;
    assert_eq!(a.meta.title, "Vertrag zur Auftragsverarbeitung");
    assert_eq!(clause_nums(&folder), ["I.", "II.", "III.", "IV."]);
    let list = a.clause[1].text.as_deref();
    assert_eq!(list, None, "the list stays a list, not the lead text");
    assert_eq!(a.clause[1].block[0].list.as_ref().unwrap()[1].children().len(), 2);
}

#[test]
fn a_tab_separated_table_with_countries_and_safeguards() {
    let (_root, _, folder) = fixture("subprocessors/tabulator-tabelle.txt", "tabelle");
    let list = &folder.subprocessors.as_ref().unwrap().value;
    let countries: Vec<&str> = list.subprocessor.iter().map(|s| s.country.as_str()).collect();
    assert_eq!(countries, ["DE", "US", "AU"]);
    let mechanisms: Vec<Option<&str>> =
        list.subprocessor.iter().map(|s| s.transfers().next().map(|t| t.mechanism.code())).collect();
    assert_eq!(mechanisms, [None, Some("adequacy"), Some("scc")]);
    assert!(list.subprocessor[0].safeguards[0].dpa);
    assert_eq!(list.list.columns.len(), 5);
    let a = &folder.agreement.as_ref().unwrap().value;
    assert_eq!(a.annex[0].num.as_deref(), Some("Anlage 1"));
}

#[test]
fn a_markdown_table_with_processing_locations() {
    let (_root, _, folder) = fixture("subprocessors/markdown-tabelle.md", "markdown-tabelle");
    let list = &folder.subprocessors.as_ref().unwrap().value;
    assert_eq!(list.subprocessor.len(), 2);
    assert_eq!(list.subprocessor[0].country.as_str(), "FR");
    assert_eq!(list.subprocessor[0].processing.as_ref().unwrap().location.as_deref(), Some("75009 Paris, France"));
    // The sentence before the table names the group.
    assert_eq!(list.group[0].title, "Der Auftraggeber stimmt dem Einsatz folgender Unterauftragnehmer zu:");
}

/// A column the model has no field for ("Vertragsbeginn") is kept
/// as a free column with each entry's value; a column with no value at all
/// is only a header and left out.
#[test]
fn a_column_without_a_field_becomes_a_free_column() {
    let (_root, _, folder) = fixture("subprocessors/freie-spalte.md", "freie-spalte");
    let list = &folder.subprocessors.as_ref().unwrap().value;
    let free: Vec<(&str, &str)> =
        list.list.columns.iter().filter_map(|c| Some((c.key.as_deref()?, c.header.as_str()))).collect();
    assert_eq!(free, [("vertragsbeginn", "Vertragsbeginn")]);
    assert_eq!(list.list.columns.len(), 4, "{:?}", list.list.columns);
    assert_eq!(list.subprocessor[0].extra.get("vertragsbeginn").map(String::as_str), Some("seit März 2023"));
    assert!(list.subprocessor[1].extra.is_empty());
    let markdown = rendered_markdown(&folder);
    assert!(markdown.contains("seit März 2023"), "{markdown}");
}

/// "Name und Anschrift" in one column: each cell splits into the name and
/// the address, and the list prints them in one cell again.
#[test]
fn a_name_and_address_column() {
    let (_root, _, folder) = fixture("subprocessors/name-und-anschrift.md", "name-und-anschrift");
    let list = &folder.subprocessors.as_ref().unwrap().value;
    let entries: Vec<(&str, Option<&str>, &str)> =
        list.subprocessor.iter().map(|s| (s.name.as_str(), s.address.as_deref(), s.country.as_str())).collect();
    assert_eq!(
        entries,
        [
            ("Mailjet SAS", Some("13-13 bis rue de l'Aubrac, 75012 Paris, Frankreich"), "FR"),
            ("Userlike UG", Some("Probsteigasse 44-46, 50670 Köln"), "DE"),
        ]
    );
    assert_eq!(list.list.columns[0].field, Some(avv_core::model::codes::SubprocessorField::NameAddress));
}

/// A "Drittland/Garantien" column states the safeguards of a transfer,
/// not the company's country: each cell becomes a safeguard with its
/// mechanism, and the country comes from the address. A location naming
/// several countries keeps every one, a region is a region, and a
/// third country in a location is seen by the transfer rules.
#[test]
fn a_third_country_column_and_locations_with_several_countries() {
    use avv_core::model::codes::TransferMechanism;
    let (_root, _, folder) = fixture("subprocessors/drittland-und-orte.md", "drittland");
    let list = &folder.subprocessors.as_ref().unwrap().value;
    let field = |header: &str| list.list.columns.iter().find(|c| c.header == header).and_then(|c| c.field);
    assert_eq!(field("Drittland/Garantien"), Some(avv_core::model::codes::SubprocessorField::Safeguards));
    let by_name = |name: &str| list.subprocessor.iter().find(|s| s.name.starts_with(name)).expect(name);
    let countries = |name: &str| -> Vec<String> {
        by_name(name).processing.iter().flat_map(|p| p.countries.iter().map(|c| c.as_str().to_owned())).collect()
    };
    let mechanism = |name: &str| by_name(name).safeguards.iter().find_map(|g| g.transfer.as_ref()).map(|t| t.mechanism);
    assert_eq!(by_name("Microsoft").country.as_str(), "IE");
    assert_eq!(by_name("Zendesk").country.as_str(), "US");
    assert_eq!(by_name("Proton").country.as_str(), "CH");
    assert_eq!(mechanism("Zendesk"), Some(TransferMechanism::Scc));
    assert_eq!(mechanism("Proton"), Some(TransferMechanism::Adequacy));
    assert_eq!(mechanism("Microsoft"), Some(TransferMechanism::Adequacy));
    assert_eq!(by_name("Proton").safeguards[0].label, "Angemessenheitsbeschluss", "the cell is kept");
    assert_eq!(countries("Zendesk"), ["US", "CA"]);
    assert_eq!(countries("Microsoft"), ["IE", "NL"]);
    let regions = &by_name("Microsoft").processing.as_ref().unwrap().regions;
    assert_eq!(regions, &[avv_core::model::subprocessor::Region::Eu]);
    assert_eq!(countries("Callcenter"), ["DE", "IN"]);
    assert_eq!(countries("Offshore"), ["PH"]);
    // No country in the address: the safeguards cell names it.
    assert_eq!(by_name("Bern").country.as_str(), "CH");
}

#[test]
fn a_block_list_of_sub_processors() {
    let (_root, _, folder) = fixture("subprocessors/block-liste.txt", "block-liste");
    let list = &folder.subprocessors.as_ref().unwrap().value;
    let names: Vec<&str> = list.subprocessor.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["STRATO GmbH", "IONOS SE"]);
    assert_eq!(list.subprocessor[1].service, "Betreiber Rechenzentrum");
    assert_eq!(list.subprocessor[1].address.as_deref(), Some("D 56410 Montabaur"));
}

#[test]
fn blanks_choices_stand_and_version_table() {
    let (_root, imported, folder) = fixture("platzhalter.txt", "platzhalter");
    let a = &folder.agreement.as_ref().unwrap().value;
    let keys: Vec<&str> = a.placeholder.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "unternehmen",
            "anschrift",
            "vertrag_beginnt_am",
            "endet_am",
            "vertragsstrafe_betraegt",
            "betrag_rechtsabteilung_abstimmen"
        ]
    );
    assert_eq!(a.meta.version, "2.1");
    assert_eq!(a.meta.stand_line.as_deref(), Some("Stand: {date} Version {version}"));
    let history = a.history.as_ref().unwrap();
    assert_eq!(history.row.len(), 2);
    let choice = a.clause[1].block.iter().find(|b| b.choice.is_some()).expect("a choice");
    assert_eq!(choice.option.len(), 2);
    let summary = imported.summary.render("line");
    assert!(summary.contains("line 12    placeholder: `_____` became {{ vertrag_beginnt_am }}"), "{summary}");
    assert!(summary.contains("line 8     placeholder: `_____` became {{ anschrift }}"), "{summary}");
    assert!(summary.contains("alternatives: 2 alternatives with boxes became the choice"), "{summary}");
}

#[test]
fn a_standalone_tom_annex() {
    let (_root, _, folder) = fixture("tom.txt", "tom-anlage");
    let a = &folder.agreement.as_ref().unwrap().value;
    assert_eq!(a.meta.kind.code(), "annex");
    let tom = &folder.tom.as_ref().unwrap().value;
    let controls: Vec<Vec<&str>> = tom.section.iter().map(|s| s.control.iter().map(|c| c.code()).collect()).collect();
    assert_eq!(controls, [vec!["physical-access"], vec!["system-access"], vec!["transfer"], vec!["availability"]]);
    let objectives: Vec<&str> = tom.section[3].objective.iter().map(|o| o.code()).collect();
    assert_eq!(objectives, ["availability", "resilience"]);
    assert_eq!(tom.section.iter().map(|s| measures(&s.measure)).sum::<usize>(), 5);
    let note = tom.section[3].measure.last().unwrap();
    assert_eq!((note.text.as_deref(), note.statement.map(|s| s.code())), (Some("Ort, Datum"), Some("note")));
    let explanation = &tom.section[3].explanation[0];
    assert_eq!(explanation.heading, "In anderen Worten,");
    assert_eq!(explanation.text, "wir sichern täglich und üben die Wiederherstellung.");
}

/// The lines of `markdown` that are rows of a table, header and rule included.
fn table_lines(markdown: &str) -> Vec<&str> {
    markdown.lines().filter(|l| l.starts_with('|')).collect()
}

/// The folder rendered as Markdown, without the link targets (`<a id="…"></a>`)
/// that a source written by hand does not have: its text and layout.
fn rendered_markdown(folder: &Folder) -> String {
    use avv_core::render::{Stamp, Templates, inline::Flavor, render_text};
    let markdown = render_text(&Templates::new(None), folder, None, Flavor::Markdown, &Stamp { commit: None }).unwrap();
    targets::without_targets(&markdown, "<a id=\"", "\"></a>")
}

#[test]
fn a_tom_table_becomes_measures_and_prints_as_the_same_table() {
    use avv_core::model::codes::MeasureKind;
    let (_root, imported, folder) = fixture("tom/massnahmentabelle.md", "massnahmentabelle");
    let tom = &folder.tom.as_ref().expect("a TOM annex").value;
    let titles: Vec<_> = tom.section.iter().map(|s| s.title.as_deref().unwrap_or_default()).collect();
    assert_eq!(titles, ["Zutrittskontrolle", "Zugangskontrolle", "Weitergabekontrolle", "Verfügbarkeitskontrolle"]);
    assert_eq!(counts(&folder).2, 7, "a measure per row");
    let kinds: Vec<_> = tom.section.iter().flat_map(|s| s.measure.iter().map(|m| m.kind)).collect();
    let (t, o) = (Some(MeasureKind::Technical), Some(MeasureKind::Organisational));
    assert_eq!(kinds, [t, o, o, t, t, t, o]);
    assert_eq!(tom.section[0].control.iter().map(|c| c.code()).collect::<Vec<_>>(), ["physical-access"]);
    // The paragraphs around the table keep their places.
    assert_eq!(tom.annex.block.len(), 1);
    assert_eq!(tom.annex.table.as_ref().unwrap().after.len(), 1);
    let summary = imported.summary.render(imported.format.unit());
    assert!(summary.contains("the TOM table became 7 measures in 4 sections"), "{summary}");
    // Printed back, the table is the source's, cell for cell.
    let source = std::fs::read_to_string(fixtures().join("tom/massnahmentabelle.md")).unwrap();
    let markdown = rendered_markdown(&folder);
    // The heading as the source prints it, dash and all.
    assert!(markdown.contains("\n## Anlage 1 – Technische und organisatorische Maßnahmen\n"), "{markdown}");
    assert_eq!(table_lines(&markdown), table_lines(&source).iter().map(|l| l.trim_end()).collect::<Vec<_>>());
    let after = markdown.find("Die Maßnahmen werden jährlich überprüft").expect("the closing paragraph");
    assert!(after > markdown.find("Notfallplan").unwrap(), "the closing paragraph stays after the table");
}

/// Imports `text` as `<name>.md` into a fresh repository (checked as
/// [`import_clean`] does) and loads the folder.
fn import_markdown(name: &str, text: &str) -> (tempfile::TempDir, Folder) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.md"));
    std::fs::write(&path, text).unwrap();
    let (root, imported) = import_clean(&path, name);
    let folder = loaded(&imported.folder, root.path());
    (root, folder)
}

/// Other layouts of the same table: titles repeated in each row, the
/// kinds as T and O, no column of titles, a table broken across two pages
/// with its header repeated; and layouts that stay tables.
#[test]
fn tom_tables_in_other_layouts() {
    let document = |table: &str| {
        format!(
            "# Vertrag zur Auftragsverarbeitung\n\n## § 1 Gegenstand\n\nDer Auftragnehmer verarbeitet Daten im Auftrag.\n\n\
             # Anlage 1 – Technische und organisatorische Maßnahmen\n\n{table}\n"
        )
    };
    let cases: &[(&str, &str, usize)] = &[
        (
            "repeated",
            "| Bereich | Maßnahme | Art |\n|---|---|---|\n| Zutrittskontrolle | Alarmanlage | technisch |\n\
             | Zutrittskontrolle | Besucherbuch | organisatorisch |\n| Zugangskontrolle | Zwei-Faktor-Anmeldung | technisch |",
            2,
        ),
        (
            "t-o",
            "| Schutzziel | Maßnahmen | T/O |\n|---|---|---|\n| Vertraulichkeit | Alarmanlage | T |\n\
             |  | Besucherbuch | O |\n| Integrität | Protokollierung jeder Änderung | T |",
            2,
        ),
        (
            "untitled",
            "| Maßnahme | Art der Maßnahme |\n|---|---|\n| Alarmanlage | technisch |\n| Besucherbuch | organisatorisch |",
            1,
        ),
    ];
    for (name, table, sections) in cases {
        let (_root, folder) = import_markdown(name, &document(table));
        let tom = &folder.tom.as_ref().unwrap().value;
        assert!(tom.annex.table.is_some(), "{name}: a measure table");
        assert_eq!(tom.section.len(), *sections, "{name}");
        assert_eq!(table_lines(&rendered_markdown(&folder)), table_lines(table), "{name}: printed back");
    }
    // A table broken across pages: one table, the header once.
    let head = "| Kontrollbereich | Maßnahme | Art |\n|---|---|---|\n";
    let (_root, folder) = import_markdown(
        "broken",
        &document(&format!(
            "{head}| Zutrittskontrolle | Alarmanlage | technisch |\n\n{head}| Zugangskontrolle | Zwei-Faktor-Anmeldung | technisch |"
        )),
    );
    assert_eq!(folder.tom.as_ref().unwrap().value.section.len(), 2);
    assert_eq!(table_lines(&rendered_markdown(&folder)).len(), 4, "one header, two rows");
    // A column the layout has no place for, or a kind in words of its own: the table stays a table.
    for (name, table) in [
        (
            "checkliste",
            "| Kontrollbereich | Maßnahme | umgesetzt |\n|---|---|---|\n| Zutrittskontrolle | Alarmanlage | ja |",
        ),
        (
            "beides",
            "| Kontrollbereich | Maßnahme | Art |\n|---|---|---|\n| Zutrittskontrolle | Alarmanlage | technisch/organisatorisch |",
        ),
    ] {
        let (_root, folder) = import_markdown(name, &document(table));
        let tom = &folder.tom.as_ref().unwrap().value;
        assert!(tom.annex.table.is_none(), "{name}: kept as a table");
        assert_eq!(table_lines(&rendered_markdown(&folder)), table_lines(table), "{name}: printed back");
    }
}

/// A TOM under headings, each with a table of its technical and its
/// organisational measures side by side, as many TOM templates are.
const BY_KIND: &str = "# Vertrag zur Auftragsverarbeitung\n\n## § 1 Gegenstand\n\nDer Auftragnehmer verarbeitet Daten im Auftrag.\n\n\
# Anlage 1: Technische und organisatorische Maßnahmen\n\n## 1. Zutrittskontrolle\n\nKein unbefugter Zutritt.\n\n\
| Technische Maßnahmen | Organisatorische Maßnahmen |\n|---|---|\n| Alarmanlage | Schlüsselregelung mit Liste |\n| Chipkarten-Lesesystem |  |\n\n\
## 2. Zugangskontrolle\n\n\
| Technische Maßnahmen | Organisatorische Maßnahmen |\n|---|---|\n| Zwei-Faktor-Anmeldung | Richtlinie für sichere Passwörter |\n|  | Verwalten von Benutzerberechtigungen |\n";

#[test]
fn tom_tables_by_kind_become_measures_under_their_headings() {
    use avv_core::model::codes::MeasureKind;
    let (_root, folder) = import_markdown("nach-art", BY_KIND);
    let tom = &folder.tom.as_ref().unwrap().value;
    let table = tom.annex.table.as_ref().expect("tables by kind");
    assert!(table.per_section);
    assert_eq!(
        table.columns.iter().map(|c| c.kind).collect::<Vec<_>>(),
        [Some(MeasureKind::Technical), Some(MeasureKind::Organisational)]
    );
    let kinds: Vec<Vec<(&str, Option<MeasureKind>)>> = tom
        .section
        .iter()
        .map(|s| s.measure.iter().map(|m| (m.text.as_deref().unwrap_or_default(), m.kind)).collect())
        .collect();
    let (t, o) = (Some(MeasureKind::Technical), Some(MeasureKind::Organisational));
    assert_eq!(
        kinds,
        [
            vec![("Alarmanlage", t), ("Schlüsselregelung mit Liste", o), ("Chipkarten-Lesesystem", t)],
            vec![
                ("Zwei-Faktor-Anmeldung", t),
                ("Richtlinie für sichere Passwörter", o),
                ("Verwalten von Benutzerberechtigungen", o)
            ],
        ]
    );
    assert_eq!(tom.section[0].block.len(), 1, "the paragraph before the table stays the section's");
    let markdown = rendered_markdown(&folder);
    assert_eq!(table_lines(&markdown), table_lines(BY_KIND), "printed back cell for cell");
    assert!(markdown.contains("1\\. Zutrittskontrolle") && markdown.contains("2\\. Zugangskontrolle"), "{markdown}");

    // A blank cell above a measure, or a header of other words than the
    // first table's: that table stays a table.
    let gap = BY_KIND.replace(
        "| Alarmanlage | Schlüsselregelung mit Liste |\n| Chipkarten-Lesesystem |  |",
        "|  | Schlüsselregelung mit Liste |\n| Chipkarten-Lesesystem |  |",
    );
    let other = BY_KIND.replacen(
        "| Technische Maßnahmen | Organisatorische Maßnahmen |",
        "| Technische Maßnahme | Organisatorische Maßnahme |",
        1,
    );
    for (name, text, kept) in [("luecke", gap, 0), ("anderer-kopf", other, 1)] {
        let (_root, folder) = import_markdown(name, &text);
        let tom = &folder.tom.as_ref().unwrap().value;
        assert_eq!(table_lines(&rendered_markdown(&folder)), table_lines(&text), "{name}: printed back");
        assert!(tom.section[kept].measure.is_empty(), "{name}: that table stays a table");
        assert_eq!(tom.section[1 - kept].measure.len(), 3, "{name}: the other one is read");
    }
    // A cell beyond the header's columns has no place among the measures.
    let wider = BY_KIND.replace(
        "| Alarmanlage | Schlüsselregelung mit Liste |",
        "| Alarmanlage | Schlüsselregelung mit Liste | siehe Anhang |",
    );
    let (_root, folder) = import_markdown("breiter", &wider);
    assert!(folder.tom.as_ref().unwrap().value.section[0].measure.is_empty(), "a wider row stays a table");
    assert!(rendered_markdown(&folder).contains("siehe Anhang"));
}

// ------------------------------------------------------------ DOCX

fn run(text: &str) -> docx_rs::Run {
    docx_rs::Run::new().add_text(text)
}

/// A table cell holding one paragraph of `text`.
fn cell(text: &str) -> docx_rs::TableCell {
    docx_rs::TableCell::new().add_paragraph(docx_rs::Paragraph::new().add_run(run(text)))
}

fn docx_bytes(docx: docx_rs::Docx) -> Vec<u8> {
    let mut cursor = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut cursor).unwrap();
    cursor.into_inner()
}

fn import_docx(bytes: &[u8], id: &str) -> (tempfile::TempDir, Imported, Folder) {
    let root = tempfile::tempdir().unwrap();
    let imported = import_bytes(bytes, Path::new("vertrag.docx"), &options(root.path(), id)).unwrap();
    let report = validate_folders(std::slice::from_ref(&imported.folder), root.path());
    assert!(report.diagnostics.iter().all(|d| d.severity != Severity::Error), "{:?}", report.diagnostics);
    let trip = round_trip(&imported.folder, root.path(), &imported.source_text).unwrap();
    assert!(trip.ratio >= THRESHOLD, "{id}: similarity {:.4}: {:?}", trip.ratio, trip.passages);
    let folder = loaded(&imported.folder, root.path());
    (root, imported, folder)
}

#[test]
fn docx_heading_styles_and_numbered_paragraphs() {
    use docx_rs::{
        AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering, NumberingId,
        Paragraph, Start,
    };
    let level = |n: usize, format: &str, text: &str| {
        Level::new(n, Start::new(1), NumberFormat::new(format), LevelText::new(text), LevelJc::new("left"))
    };
    let numbered = |text: &str, list: usize, level: usize| {
        Paragraph::new().add_run(run(text)).numbering(NumberingId::new(list), IndentLevel::new(level))
    };
    let docx = Docx::new()
        .add_abstract_numbering(
            AbstractNumbering::new(1).add_level(level(0, "decimal", "%1.")).add_level(level(1, "decimal", "%1.%2")),
        )
        .add_abstract_numbering(AbstractNumbering::new(2).add_level(level(0, "bullet", "•")))
        .add_numbering(Numbering::new(1, 1))
        .add_numbering(Numbering::new(2, 2))
        .add_paragraph(Paragraph::new().add_run(run("Vertrag zur Auftragsverarbeitung")).style("Title"))
        .add_paragraph(Paragraph::new().add_run(run("Die Parteien schließen folgenden Vertrag.")))
        .add_paragraph(numbered("Gegenstand", 1, 0))
        .add_paragraph(numbered("Der Auftragnehmer verarbeitet Daten im Auftrag des Auftraggebers.", 1, 1))
        .add_paragraph(numbered("Die Verarbeitung umfasst:", 1, 1))
        .add_paragraph(numbered("Speicherung von Kundendaten", 2, 0))
        .add_paragraph(numbered("Auswertung von Protokollen", 2, 0))
        .add_paragraph(numbered("Weisungen", 1, 0))
        .add_paragraph(numbered("Der Auftraggeber erteilt Weisungen in Textform.", 1, 1));
    let (_root, imported, folder) = import_docx(&docx_bytes(docx), "docx-vertrag");
    let a = &folder.agreement.as_ref().unwrap().value;
    assert_eq!(a.meta.title, "Vertrag zur Auftragsverarbeitung");
    // Word's numbers are printed as Word prints them, and nest by their depth.
    assert_eq!(clause_nums(&folder), ["1.", "1.1", "1.2", "2.", "2.1"]);
    assert_eq!(a.clause[0].title.as_deref(), Some("Gegenstand"));
    assert_eq!(
        a.clause[0].clause[0].text.as_deref(),
        Some("Der Auftragnehmer verarbeitet Daten im Auftrag des Auftraggebers.")
    );
    let list = a.clause[0].clause[1].block[0].list.as_ref().unwrap();
    assert_eq!(list.len(), 2, "the bullets stay a list");
    assert_eq!(imported.format.unit(), "paragraph");
    let summary = imported.summary.render(imported.format.unit());
    assert!(summary.contains("paragraph 6 numbering: Word list numbering"), "{summary}");
}

#[test]
fn docx_content_controls_keep_their_paragraphs() {
    use docx_rs::{Docx, Paragraph, StructuredDataTag};
    let docx = Docx::new()
        .add_paragraph(Paragraph::new().add_run(run("Vertrag zur Auftragsverarbeitung")).style("Title"))
        .add_paragraph(Paragraph::new().add_run(run("§ 1 Gegenstand")).style("Heading1"))
        .add_structured_data_tag(
            StructuredDataTag::new()
                .add_paragraph(Paragraph::new().add_run(run("Der Text steht in einem Inhaltssteuerelement."))),
        );
    let (_root, _, folder) = import_docx(&docx_bytes(docx), "docx-steuerelement");
    let a = &folder.agreement.as_ref().unwrap().value;
    assert_eq!(a.clause[0].text.as_deref(), Some("Der Text steht in einem Inhaltssteuerelement."));
}

#[test]
fn docx_sub_processor_table() {
    use docx_rs::{Docx, Paragraph, Table, TableRow};
    let row = |cells: [&str; 3]| TableRow::new(cells.iter().map(|c| cell(c)).collect());
    let docx = Docx::new()
        .add_paragraph(Paragraph::new().add_run(run("Vertrag zur Auftragsverarbeitung")).style("Heading1"))
        .add_paragraph(Paragraph::new().add_run(run("1 Unterauftragnehmer")).style("Heading2"))
        .add_paragraph(Paragraph::new().add_run(run("Folgende Unterauftragnehmer sind genehmigt:")))
        .add_table(Table::new(vec![
            row(["Firma", "Anschrift", "Leistung"]),
            row(["Hetzner Online GmbH", "Industriestraße 25, 91710 Gunzenhausen", "Rechenzentrum"]),
            row(["Mailjet SAS", "4, rue Jules Lefebvre, 75009 Paris, France", "E-Mail-Versand"]),
        ]));
    let (_root, _, folder) = import_docx(&docx_bytes(docx), "docx-tabelle");
    let list = &folder.subprocessors.as_ref().unwrap().value;
    let countries: Vec<&str> = list.subprocessor.iter().map(|s| s.country.as_str()).collect();
    assert_eq!(countries, ["DE", "FR"]);
}

#[test]
fn docx_tom_table_with_merged_cells() {
    use docx_rs::{Docx, Paragraph, Table, TableCell, TableRow, VMergeType};
    let first = |text: &str| cell(text).vertical_merge(VMergeType::Restart);
    let merged = || TableCell::new().add_paragraph(Paragraph::new()).vertical_merge(VMergeType::Continue);
    let docx = Docx::new()
        .add_paragraph(Paragraph::new().add_run(run("Vertrag zur Auftragsverarbeitung")).style("Title"))
        .add_paragraph(Paragraph::new().add_run(run("§ 1 Gegenstand")).style("Heading1"))
        .add_paragraph(Paragraph::new().add_run(run("Der Auftragnehmer verarbeitet Daten im Auftrag.")))
        .add_paragraph(
            Paragraph::new().add_run(run("Anlage 1 – Technische und organisatorische Maßnahmen")).style("Heading1"),
        )
        .add_table(Table::new(vec![
            TableRow::new(vec![cell("Kontrollbereich"), cell("Maßnahme"), cell("Art")]),
            TableRow::new(vec![first("Zutrittskontrolle"), cell("Alarmanlage"), cell("technisch")]),
            TableRow::new(vec![merged(), cell("Besucherbuch"), cell("organisatorisch")]),
            TableRow::new(vec![cell("Zugangskontrolle"), cell("Zwei-Faktor-Anmeldung"), cell("technisch")]),
        ]));
    let (_root, _, folder) = import_docx(&docx_bytes(docx), "docx-tom-tabelle");
    let tom = &folder.tom.as_ref().expect("a TOM annex").value;
    assert!(tom.annex.table.is_some());
    assert_eq!(tom.section.iter().map(|s| s.measure.len()).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(
        table_lines(&rendered_markdown(&folder)),
        [
            "| Kontrollbereich | Maßnahme | Art |",
            "|---|---|---|",
            "| Zutrittskontrolle | Alarmanlage | technisch |",
            "|  | Besucherbuch | organisatorisch |",
            "| Zugangskontrolle | Zwei-Faktor-Anmeldung | technisch |",
        ]
    );
}

#[test]
fn docx_tom_tables_by_kind() {
    use docx_rs::{Docx, Paragraph, Table, TableRow};
    let row = |a: &str, b: &str| TableRow::new(vec![cell(a), cell(b)]);
    let heading = |text: &str, style: &str| Paragraph::new().add_run(run(text)).style(style);
    let docx = Docx::new()
        .add_paragraph(heading("Vertrag zur Auftragsverarbeitung", "Title"))
        .add_paragraph(heading("§ 1 Gegenstand", "Heading1"))
        .add_paragraph(Paragraph::new().add_run(run("Der Auftragnehmer verarbeitet Daten im Auftrag.")))
        .add_paragraph(heading("Anlage 1: Technische und organisatorische Maßnahmen", "Heading1"))
        .add_paragraph(heading("1. Zutrittskontrolle", "Heading2"))
        .add_table(Table::new(vec![
            row("Technische Maßnahmen", "Organisatorische Maßnahmen"),
            row("☐ Alarmanlage", "☐ Schlüsselregelung"),
            row("☐ Chipkarten", ""),
            row("", ""),
        ]))
        .add_paragraph(heading("2. Zugangskontrolle", "Heading2"))
        .add_table(Table::new(vec![
            row("Technische Maßnahmen", "Organisatorische Maßnahmen"),
            row("☐ Zwei-Faktor-Anmeldung", "☐ Passwortrichtlinie"),
        ]));
    let (_root, _, folder) = import_docx(&docx_bytes(docx), "docx-tom-nach-art");
    let tom = &folder.tom.as_ref().expect("a TOM annex").value;
    assert!(tom.annex.table.as_ref().is_some_and(|t| t.per_section));
    assert_eq!(tom.section.iter().map(|s| s.measure.len()).collect::<Vec<_>>(), [3, 2]);
    // The empty row a form leaves for more is not printed; the rest is the source's.
    assert_eq!(
        table_lines(&rendered_markdown(&folder)),
        [
            "| Technische Maßnahmen | Organisatorische Maßnahmen |",
            "|---|---|",
            "| ☐ Alarmanlage | ☐ Schlüsselregelung |",
            "| ☐ Chipkarten |  |",
            "| Technische Maßnahmen | Organisatorische Maßnahmen |",
            "|---|---|",
            "| ☐ Zwei-Faktor-Anmeldung | ☐ Passwortrichtlinie |",
        ]
    );
}

#[test]
fn docx_tables_inside_table_cells_keep_their_text() {
    use docx_rs::{Docx, Paragraph, Table, TableCell, TableRow};
    let inner = Table::new(vec![
        TableRow::new(vec![cell("Zutrittskontrolle"), cell("Chipkarten")]),
        TableRow::new(vec![cell("Zugangskontrolle"), cell("Zwei-Faktor-Anmeldung")]),
    ]);
    let docx = Docx::new()
        .add_paragraph(Paragraph::new().add_run(run("Vertrag zur Auftragsverarbeitung")).style("Heading1"))
        .add_paragraph(Paragraph::new().add_run(run("1 Maßnahmen")).style("Heading2"))
        .add_table(Table::new(vec![TableRow::new(vec![
            cell("Technische Maßnahmen"),
            TableCell::new().add_paragraph(Paragraph::new().add_run(run("Im Einzelnen:"))).add_table(inner),
        ])]));
    let (_root, imported, _) = import_docx(&docx_bytes(docx), "docx-verschachtelt");
    let files: String = std::fs::read_dir(&imported.folder)
        .unwrap()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    for text in ["Im Einzelnen:", "Zutrittskontrolle | Chipkarten; Zugangskontrolle | Zwei-Faktor-Anmeldung"] {
        assert!(files.contains(text), "`{text}` is lost:\n{files}");
    }
    let notes: Vec<&str> = imported.summary.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("1 table(s) inside a table cell")), "{notes:?}");
}

/// A DOCX written part by part, as Word stores it.
fn docx_parts(parts: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const WORD: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// Footnotes and endnotes keep their text: the mark where the document
/// cites them (in a paragraph or a table cell), the text as the
/// agreement's footnote. Word's separator notes are not text.
#[test]
fn docx_footnotes_and_endnotes_become_footnotes() {
    let p = |body: &str| format!("<w:p>{body}</w:p>");
    let r = |text: &str| format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let document = format!(
        "<w:document {WORD}><w:body>{}{}{}{}<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl></w:body></w:document>",
        p(&format!("<w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>{}", r("Vertrag zur Auftragsverarbeitung"))),
        p(&format!("<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>{}", r("1. Gegenstand"))),
        p(&format!(
            "{}<w:r><w:footnoteReference w:id=\"2\"/></w:r>{}",
            r("Der Auftragnehmer verarbeitet Daten im Rechenzentrum"),
            r(" des Auftraggebers.")
        )),
        p(&r("Die Unterauftragnehmer stehen in der folgenden Übersicht.")),
        p(&r("Hosting")),
        p(&format!("{}<w:r><w:endnoteReference w:id=\"1\"/></w:r>", r("Rechenzentrum Nürnberg"))),
    );
    let footnotes = format!(
        "<w:footnotes {WORD}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>\
         <w:footnote w:id=\"2\"><w:p><w:r><w:footnoteRef/></w:r>{}</w:p><w:p>{}</w:p></w:footnote></w:footnotes>",
        r(" Zertifiziert nach ISO/IEC 27001."),
        r("Das Zertifikat liegt dem Auftraggeber vor."),
    );
    let endnotes = format!(
        "<w:endnotes {WORD}><w:endnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p/></w:endnote>\
         <w:endnote w:id=\"1\"><w:p>{}</w:p></w:endnote></w:endnotes>",
        r("Betrieben von der Beispiel GmbH.")
    );
    let bytes = docx_parts(&[
        ("word/document.xml", &document),
        ("word/footnotes.xml", &footnotes),
        ("word/endnotes.xml", &endnotes),
    ]);
    let (_root, _, folder) = import_docx(&bytes, "docx-fussnoten");
    let agreement = &folder.agreement.as_ref().unwrap().value;
    let notes: Vec<(&str, &str)> = agreement.footnote.iter().map(|f| (f.id.as_str(), f.text.as_str())).collect();
    assert_eq!(
        notes,
        [
            ("fn-1", "Zertifiziert nach ISO/IEC 27001. Das Zertifikat liegt dem Auftraggeber vor."),
            ("fn-2", "Betrieben von der Beispiel GmbH."),
        ]
    );
    let written = std::fs::read_to_string(_root.path().join("agreements/docx-fussnoten/agreement.toml")).unwrap();
    assert!(written.contains("Rechenzentrum[^fn-1] des Auftraggebers"), "{written}");
    assert!(written.contains("Rechenzentrum Nürnberg[^fn-2]"), "{written}");
}

/// A text box as Word 2010 and later save it: the drawing (`mc:Choice`)
/// and a VML copy for older readers (`mc:Fallback`). Its text is read
/// once, as a paragraph of its own after the one it is anchored in, and
/// the summary says so rather than calling it a picture.
#[test]
fn docx_text_boxes_are_read_once_on_their_own() {
    let r = |text: &str| format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let boxed = format!("<w:txbxContent><w:p>{}</w:p></w:txbxContent>", r("In anderen Worten: nur nach Weisung."));
    let text_box = format!(
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:inline><a:graphic><a:graphicData>\
         <wps:wsp><wps:txbx>{boxed}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>\
         <mc:Fallback><w:pict><v:shape><v:textbox>{boxed}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    );
    let document = format!(
        "<w:document {WORD} xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
         xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
         xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" \
         xmlns:v=\"urn:schemas-microsoft-com:vml\"><w:body>\
         <w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>{}</w:p>\
         <w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>{}</w:p>\
         <w:p>{}{text_box}{}</w:p><w:p>{}</w:p></w:body></w:document>",
        r("Vertrag zur Auftragsverarbeitung"),
        r("1. Weisungen"),
        r("Vor dem Textfeld."),
        r(" Weiter im Satz."),
        r("Nach dem Textfeld."),
    );
    let bytes = docx_parts(&[("word/document.xml", &document)]);
    let (root, imported, _) = import_docx(&bytes, "docx-textfeld");
    let written = std::fs::read_to_string(root.path().join("agreements/docx-textfeld/agreement.toml")).unwrap();
    assert_eq!(written.matches("In anderen Worten").count(), 1, "{written}");
    assert!(written.contains("Vor dem Textfeld. Weiter im Satz."), "{written}");
    let (around, boxed_at) = (written.find("Weiter im Satz").unwrap(), written.find("In anderen Worten").unwrap());
    assert!(boxed_at > around && boxed_at < written.find("Nach dem Textfeld").unwrap(), "{written}");
    let notes = imported.summary.render("paragraph");
    assert!(notes.contains("1 text box(es)") && !notes.contains("picture"), "{notes}");
}

/// Word's table of contents (a content control of the TOC gallery, or
/// paragraphs in TOC styles under an "Inhaltsverzeichnis" heading) is left
/// out with a note: its entries ("§ 1 Gegenstand 1") are not clauses, and
/// the real clauses are not nested in it.
#[test]
fn docx_table_of_contents_is_left_out() {
    let r = |text: &str| format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let p = |style: &str, text: &str| format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>", r(text));
    let body = |contents: &str| {
        format!(
            "<w:document {WORD}><w:body>{}{contents}{}{}{}{}</w:body></w:document>",
            p("Title", "Vertrag zur Auftragsverarbeitung"),
            p("Heading1", "§ 1 Gegenstand"),
            p("Normal", "Der Auftragnehmer verarbeitet Daten im Auftrag."),
            p("Heading1", "§ 2 Weisungen"),
            p("Normal", "Der Auftragnehmer handelt nur auf dokumentierte Weisung."),
        )
    };
    let entries = format!("{}{}", p("TOC1", "§ 1 Gegenstand 1"), p("TOC1", "§ 2 Weisungen 2"));
    let control = format!(
        "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/></w:docPartObj></w:sdtPr>\
         <w:sdtContent>{}{entries}</w:sdtContent></w:sdt>",
        p("TOCHeading", "Inhaltsverzeichnis")
    );
    let german = format!(
        "{}{}{}",
        p("Heading1", "Inhaltsverzeichnis"),
        p("Verzeichnis1", "§ 1 Gegenstand 1"),
        p("Verzeichnis1", "§ 2 Weisungen 2")
    );
    for (name, contents) in [("inhalt-feld", control), ("inhalt-stile", german)] {
        let bytes = docx_parts(&[("word/document.xml", &body(&contents))]);
        let (_root, imported, folder) = import_docx(&bytes, name);
        let agreement = &folder.agreement.as_ref().unwrap().value;
        let titles: Vec<String> = agreement.all_clauses().iter().filter_map(|c| c.title.clone()).collect();
        assert_eq!(titles, ["Gegenstand", "Weisungen"], "{name}");
        let notes = imported.summary.render("paragraph");
        assert!(notes.contains("table of contents left out"), "{name}: {notes}");
    }
}

/// Bold and italics Word sets on part of a paragraph are kept as inline
/// markup; a paragraph set the same way throughout, a leading clause number
/// set apart, and italics inside a word stay plain, so that the structure
/// is read as before and no star prints as text.
#[test]
fn docx_bold_and_italics_within_a_paragraph_are_kept() {
    let r =
        |text: &str, props: &str| format!("<w:r><w:rPr>{props}</w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let p = |runs: String| format!("<w:p>{runs}</w:p>");
    let heading = |text: &str| format!("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>{}</w:p>", r(text, ""));
    let title =
        format!("<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>{}</w:p>", r("Vertrag zur Auftragsverarbeitung", ""));
    let document = format!(
        "<w:document {WORD}><w:body>{title}{}{}{}{}{}{}{}</w:body></w:document>",
        heading("1. Gegenstand"),
        p(format!("{}{}{}", r("Bitte ", ""), r("nicht", "<w:b/>"), r(" per Fax senden.", ""))),
        p(format!("{}{}{}", r("Das gilt ", ""), r("insbesondere", "<w:i/>"), r(" für Gesundheitsdaten.", ""))),
        p(format!("{}{}{}", r("Der Auftrag", ""), r("geber", "<w:i/>"), r(" weist an.", ""))),
        p(r("Ganz fett gesetzter Hinweis des Auftragnehmers.", "<w:b/>")),
        p(format!("{}{}", r("Ausdrücklich ", "<w:b w:val=\"0\"/>"), r("nicht fett.", ""))),
        heading("2. Pflichten"),
    );
    let bytes = docx_parts(&[("word/document.xml", &document)]);
    let (root, _, _) = import_docx(&bytes, "docx-hervorhebung");
    let written = std::fs::read_to_string(root.path().join("agreements/docx-hervorhebung/agreement.toml")).unwrap();
    assert!(written.contains("Bitte **nicht** per Fax senden."), "{written}");
    assert!(written.contains("Das gilt *insbesondere* für Gesundheitsdaten."), "{written}");
    assert!(written.contains("Der Auftraggeber weist an."), "italics inside a word stay plain: {written}");
    assert!(written.contains("\"Ganz fett gesetzter Hinweis des Auftragnehmers.\""), "{written}");
    assert!(written.contains("Ausdrücklich nicht fett."), "{written}");
    let markdown = avv_core::render::render_text(
        &avv_core::render::Templates::new(None),
        &loaded(&root.path().join("agreements/docx-hervorhebung"), root.path()),
        None,
        avv_core::render::inline::Flavor::Html,
        &avv_core::render::Stamp::default(),
    )
    .unwrap();
    assert!(markdown.contains("Bitte <strong>nicht</strong> per Fax"), "{markdown}");
    assert!(markdown.contains("<em>insbesondere</em>"), "{markdown}");
}

/// The project's own DOCX export of the hand-made folders imports back:
/// numbers typed into the text, bullets as "•" and a tab, one table for
/// all sub-processor groups with heading and note rows.
#[test]
fn our_own_docx_export_imports_back() {
    for (id, subprocessors) in [("rocon", 9), ("pcvisit", 13)] {
        let folder = loaded(&workspace().join("agreements").join(id), &workspace());
        let docx = avv_core::render::render_docx(&folder, None, &avv_core::render::Stamp::default(), None).unwrap();
        let (_root, imported, back) = import_docx(&docx, &format!("{id}-docx"));
        let list = &back.subprocessors.as_ref().unwrap().value;
        assert_eq!(list.subprocessor.len(), subprocessors, "{id}");
        assert!(list.group.len() >= 2, "{id}: the group rows are groups");
        let measures =
            back.tom.as_ref().map_or(0, |t| t.value.section.iter().map(|s| measures(&s.measure)).sum::<usize>());
        println!("{id} from DOCX: {} notes, {} sub-processors", imported.summary.notes.len(), list.subprocessor.len());
        assert!(measures > 0 || id == "rocon", "{id}: bullets are measures");
        // Word's footnotes come back as the agreement's.
        let original = folder.agreement.as_ref().unwrap().value.footnote.len();
        let footnotes = &back.agreement.as_ref().unwrap().value.footnote;
        assert!(footnotes.len() >= original, "{id}: {footnotes:?}");
        // The mark where the text cites it, once (the Word file prints it
        // as a custom mark after the reference).
        if id == "pcvisit" {
            let list =
                std::fs::read_to_string(_root.path().join("agreements/pcvisit-docx/subprocessors.toml")).unwrap();
            assert!(list.contains("CISPE Code of Court[^fn-1], EU-U.S."), "{list}");
        }
        // Each with its text, not with the mark Word prints in front of it.
        for original in &folder.agreement.as_ref().unwrap().value.footnote {
            assert!(footnotes.iter().any(|f| f.text == original.text), "{id}: {:?} in {footnotes:?}", original.text);
        }
    }
}

// ------------------------------------------------------------ hostile input

/// Imports `bytes` as `name` and expects an error; nothing may be left in `agreements/`.
fn refused(bytes: &[u8], name: &str) -> ImportError {
    let root = tempfile::tempdir().unwrap();
    let error = import_bytes(bytes, Path::new(name), &options(root.path(), "feindlich")).expect_err("refused");
    let out = root.path().join("agreements");
    let left: Vec<_> =
        std::fs::read_dir(&out).map(|d| d.flatten().map(|e| e.file_name()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "{name}: left behind {left:?}");
    error
}

#[test]
fn empty_input_is_refused() {
    assert!(matches!(refused(b"", "leer.txt"), ImportError::Empty { .. }));
    assert!(matches!(refused(b"\n  \n\t\n", "leer.md"), ImportError::Empty { .. }));
    assert!(matches!(refused(b"", "leer.docx"), ImportError::Empty { .. }));
}

/// A DOCX cut off while copied (a ZIP with no end) says so and what to do,
/// not only "Could not find EOCD".
#[test]
fn a_truncated_docx_is_called_damaged() {
    let whole = docx_parts(&[("word/document.xml", &format!("<w:document {WORD}><w:body/></w:document>"))]);
    let error = refused(&whole[..whole.len() / 2], "abgeschnitten.docx");
    let message = error.to_string();
    assert!(message.contains("damaged or incomplete") && message.contains("save it again"), "{message}");
}

/// An output folder the import cannot write its working folder into is
/// named as given, not by the hidden working folder inside it. (The working
/// folder's name is taken by a dangling link, which fails for every user.)
#[cfg(unix)]
#[test]
fn an_output_folder_that_cannot_be_written_is_named() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("agreements");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink("/nonexistent/avv", out.join(format!(".ro.tmp-{}", std::process::id()))).unwrap();
    let error = import_bytes(b"Vertrag\n\n1 Gegenstand\n\nText.\n", Path::new("v.txt"), &options(root.path(), "ro"))
        .expect_err("refused");
    let message = error.to_string();
    assert!(message.contains(&format!("`{}`", out.display())) && !message.contains(".tmp-"), "{message}");
}

#[test]
fn invisible_characters_are_refused_at_their_place_in_the_source() {
    for (text, code, line, column) in [
        ("§ 1 Gegenstand\n\nText \u{202E} reversed\n", 0x202E, 3, 6),
        ("§ 1 Gegen\u{200B}stand\n\nText\n", 0x200B, 1, 10),
    ] {
        for name in ["vertrag.txt", "vertrag.md"] {
            let error = refused(text.as_bytes(), name);
            assert!(
                matches!(error, ImportError::Hidden { code: c, line: l, column: k, .. } if c == code && l == line && k == column),
                "{name}: {error:?}"
            );
            assert!(error.to_string().starts_with(&format!("{name}:{line}:{column}: U+{code:04X}")), "{error}");
        }
    }
}

#[test]
fn binary_input_is_refused_with_its_place() {
    let error = refused(b"Vertrag\n\nText\x00\x01\x02", "binaer.txt");
    assert!(matches!(error, ImportError::Binary { line: 3, column: 5, .. }), "{error:?}");
    assert!(error.to_string().starts_with("binaer.txt:3:5: a NUL byte"), "{error}");
}

#[test]
fn formats_avv_cannot_read_are_named_with_what_to_do() {
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let mut encrypted = ole.to_vec();
    encrypted.extend([0; 64]);
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let mut doc = ole.to_vec();
    doc.extend(b"\0\0WordDocument");
    for (bytes, name, what, help) in [
        (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj".to_vec(), "vertrag.docx", "a PDF", "save it as .docx"),
        (b"%PDF-1.4 binary".to_vec(), "vertrag.txt", "a PDF", "copy its text"),
        (encrypted, "vertrag.docx", "password-protected", "remove the password"),
        (doc, "vertrag.docx", "Word 97–2003", "save it as .docx"),
        (b"{\\rtf1\\ansi Vertrag}".to_vec(), "vertrag.txt", "an RTF document", "save it as .docx"),
    ] {
        let error = refused(&bytes, name);
        assert!(matches!(error, ImportError::Unsupported { .. }), "{name}: {error:?}");
        let message = error.to_string();
        assert!(
            message.contains(what) && message.contains(help) && message.starts_with(&format!("`{name}`")),
            "{message}"
        );
    }
}

#[test]
fn huge_input_is_refused_before_it_is_read() {
    let root = tempfile::tempdir().unwrap();
    let path = root.path().join("riesig.txt");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(avv_core::import::read::MAX_SOURCE_BYTES + 1).unwrap();
    let error = import(&path, &options(root.path(), "riesig")).expect_err("refused");
    assert!(matches!(error, ImportError::TooLarge { .. }), "{error:?}");
    assert!(!root.path().join("agreements").exists());
}

#[test]
fn deeply_nested_lists_are_refused() {
    let mut text = String::from("Vertrag\n\n");
    for depth in 0..40 {
        text.push_str(&format!("{}- Ebene {depth}\n", "  ".repeat(depth)));
    }
    let error = refused(text.as_bytes(), "tief.md");
    assert!(matches!(error, ImportError::Nesting { line: 16, .. }), "{error:?}");
}

#[test]
fn a_docx_zip_bomb_is_refused() {
    use std::io::Write;
    let mut cursor = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut cursor);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", options).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..=avv_core::import::read::docx::MAX_DOCUMENT_BYTES >> 20 {
            zip.write_all(&chunk).unwrap();
        }
        zip.finish().unwrap();
    }
    let bytes = cursor.into_inner();
    assert!(bytes.len() < 1 << 20, "the bomb is small: {} bytes", bytes.len());
    assert!(matches!(refused(&bytes, "bombe.docx"), ImportError::ZipBomb { .. }));
}

#[test]
fn a_docx_with_too_many_entries_or_none_is_refused() {
    use std::io::Write;
    let mut cursor = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut cursor);
        for n in 0..=avv_core::import::read::docx::MAX_ENTRIES {
            zip.start_file(format!("x/{n}"), zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(b"x").unwrap();
        }
        zip.finish().unwrap();
    }
    assert!(matches!(refused(&cursor.into_inner(), "viele.docx"), ImportError::Docx { .. }));
    assert!(matches!(refused(b"PK not really", "kaputt.docx"), ImportError::Docx { .. }));
}

#[test]
fn an_existing_folder_is_never_overwritten() {
    let root = tempfile::tempdir().unwrap();
    let existing = root.path().join("agreements/vorhanden");
    std::fs::create_dir_all(&existing).unwrap();
    std::fs::write(existing.join("agreement.toml"), "bleibt").unwrap();
    let error =
        import_bytes(b"Vertrag\n\n1 Text\n", Path::new("v.txt"), &options(root.path(), "vorhanden")).unwrap_err();
    assert!(matches!(error, ImportError::TargetExists { .. }), "{error:?}");
    assert_eq!(std::fs::read_to_string(existing.join("agreement.toml")).unwrap(), "bleibt");
}

// ------------------------------------------------------------ robustness

/// Any excerpt of a real agreement imports into a folder without errors:
/// cut the seeds and fixtures at many places, front and back.
#[test]
fn excerpts_of_real_agreements_import_cleanly() {
    let mut sources: Vec<(String, String)> = Vec::new();
    for prefix in ["000_", "001_", "002_", "003_", "004_"] {
        if let Some(path) = seed(prefix) {
            sources.push((prefix.to_owned(), std::fs::read_to_string(path).unwrap()));
        }
    }
    for name in ["platzhalter.txt", "numbering/paragraphen.txt", "subprocessors/tabulator-tabelle.txt"] {
        sources.push((name.to_owned(), std::fs::read_to_string(fixtures().join(name)).unwrap()));
    }
    let root = tempfile::tempdir().unwrap();
    let mut n = 0;
    for (name, text) in &sources {
        let lines: Vec<&str> = text.lines().collect();
        for cut in (1..lines.len()).step_by((lines.len() / 12).max(1)) {
            for (part, excerpt) in [("head", lines[..cut].join("\n")), ("tail", lines[cut..].join("\n"))] {
                n += 1;
                let id = format!("auszug-{n}");
                match import_bytes(excerpt.as_bytes(), Path::new("auszug.txt"), &options(root.path(), &id)) {
                    Ok(imported) => {
                        let report = validate_folders(std::slice::from_ref(&imported.folder), root.path());
                        let errors: Vec<_> =
                            report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
                        assert!(errors.is_empty(), "{name} {part} {cut}: {errors:?}");
                    }
                    Err(ImportError::Empty { .. }) => {}
                    Err(error) => panic!("{name} {part} at line {cut}: {error}"),
                }
            }
        }
    }
    assert!(n > 100, "only {n} excerpts");
}

/// A long source with many equal headings and blanks stays linear: ids and
/// placeholder keys are counted per base, not searched.
#[test]
fn a_long_source_with_repeated_headings_imports() {
    let mut text = String::from("Vertrag zur Auftragsverarbeitung\n\n");
    for n in 1..=3000 {
        text.push_str(&format!(
            "§ {n} Pflichten\n\nDer Auftragnehmer meldet _____ unverzüglich.\n\n- Punkt eins\n- Punkt zwei\n\n"
        ));
    }
    let root = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let imported = import_bytes(text.as_bytes(), Path::new("lang.txt"), &options(root.path(), "lang")).unwrap();
    let elapsed = started.elapsed();
    let folder = loaded(&imported.folder, root.path());
    let a = &folder.agreement.as_ref().unwrap().value;
    assert_eq!(a.clause.len(), 3000);
    assert_eq!(a.clause[2999].id.as_str(), "pflichten-3000");
    assert_eq!(a.placeholder.len(), 3000);
    println!("3000 clauses imported in {elapsed:?}");
}

#[test]
fn an_annex_of_grouped_tables_becomes_the_list_itself() {
    let (_root, _, folder) = fixture("subprocessors/anhang-gruppen.txt", "gruppen");
    let a = &folder.agreement.as_ref().unwrap().value;
    assert!(a.annex.is_empty(), "the annex is the list, not a free annex");
    assert!(a.part.iter().any(|p| p.kind.code() == "subprocessors"));
    let list = &folder.subprocessors.as_ref().unwrap().value;
    assert_eq!(list.list.num.as_deref(), Some("Anhang 2"));
    let groups: Vec<(Option<&str>, &str, &str)> =
        list.group.iter().map(|g| (g.num.as_deref(), g.title.as_str(), g.category.code())).collect();
    assert_eq!(
        groups,
        [
            (Some("1"), "Verbundene Unternehmen", "affiliated"),
            (Some("2"), "Infrastruktur und Plattformdienste", "infrastructure")
        ]
    );
    assert_eq!(list.group[1].note[0].num.as_deref(), Some("2.1"));
    assert_eq!(list.subprocessor[1].country.as_str(), "IE");
}

#[test]
fn repeated_numbers_and_annex_designations_are_noted_with_their_lines() {
    let text = "Vertrag zur Auftragsverarbeitung\n\n1. Gegenstand\n\nText eins.\n\n1. Dauer\n\nText zwei.\n\n\
                Die folgende Anlage ist Vertragsbestandteil:\n\nAnlage 1 - Technische und organisatorische Maßnahmen\n\n\
                Anlage 1: Technische und organisatorische Maßnahmen\n\n- Schlüsselverwaltung\n";
    let root = tempfile::tempdir().unwrap();
    let imported = import_bytes(text.as_bytes(), Path::new("v.txt"), &options(root.path(), "wiederholt")).unwrap();
    let summary = imported.summary.render("line");
    assert!(
        summary.contains("line 7     numbering: `1.` is printed again among its siblings (first at 3)"),
        "{summary}"
    );
    assert!(summary.contains("line 13    annex: `Anlage 1` is named again at 15"), "{summary}");
    let folder = loaded(&imported.folder, root.path());
    assert_eq!(folder.tom.as_ref().unwrap().value.annex.num.as_deref(), Some("Anlage 1"));
}

/// A gap (a US sub-processor without a transfer mechanism) is kept:
/// allowed with a reason in `[meta]` that says it is unchecked and what to
/// do, listed in the summary, and still visible as an allowance in the file.
#[test]
fn a_gap_of_the_source_stays_visible() {
    let text = "Vertrag zur Auftragsverarbeitung\n\n1 Unterauftragnehmer\n\n\
                Name\tAnschrift\tLeistung\nExample Inc.\t1 Main St, San Francisco, CA 94105\tHosting\n";
    let root = tempfile::tempdir().unwrap();
    let imported = import_bytes(text.as_bytes(), Path::new("v.txt"), &options(root.path(), "luecke")).unwrap();
    let summary = imported.summary.render("line");
    assert!(summary.contains("error third-country-mechanism-missing:"), "{summary}");
    let folder = loaded(&imported.folder, root.path());
    let allow = &folder.agreement.as_ref().unwrap().value.meta.allow;
    let gap = allow.iter().find(|a| a.rule == "third-country-mechanism-missing").expect("an allowance");
    // It claims no more than is known: not checked, and what to do.
    assert!(gap.reason.starts_with("Import ungeprüft: beim Import nicht gefunden"), "{}", gap.reason);
    assert!(gap.reason.contains("diese Ausnahme entfernen"), "{}", gap.reason);
    let coverage = allow.iter().find(|a| a.rule == "art28-coverage").expect("an allowance for the coverage");
    assert!(coverage.reason.contains("ordnet keiner Klausel Pflichtinhalte zu"), "{}", coverage.reason);
    assert_eq!(folder.subprocessors.as_ref().unwrap().value.subprocessor[0].country.as_str(), "US");
}

/// Windows saves "Unicode" text as UTF-16 with a byte order mark: it
/// imports to the same files as the UTF-8 text, and checks against it.
#[test]
fn utf16_text_imports_like_utf8() {
    let utf8 = std::fs::read(fixtures().join("tom.txt")).unwrap();
    let text = String::from_utf8(utf8.clone()).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let files = |bytes: &[u8]| {
        let root = tempfile::tempdir().unwrap();
        let imported = import_bytes(bytes, Path::new("tom.txt"), &options(root.path(), "tom-anlage")).unwrap();
        let trip = round_trip(&imported.folder, root.path(), &imported.source_text).unwrap();
        let mut files: Vec<(String, String)> = std::fs::read_dir(&imported.folder)
            .unwrap()
            .flatten()
            .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
            .collect();
        files.sort();
        (files, trip.ratio)
    };
    let (from_utf8, ratio_utf8) = files(&utf8);
    let (from_utf16, ratio_utf16) = files(&utf16);
    assert_eq!(from_utf16, from_utf8);
    assert_eq!(ratio_utf16, ratio_utf8);
    assert!(ratio_utf8 >= THRESHOLD);
}

/// Word numbers headings through their styles: `Heading1` and `Heading2`
/// linked to a multi-level list, a style based on `Heading2`, and a
/// heading whose own `w:numId` 0 switches the numbering off. The numbers
/// Word prints become the clauses' numbers.
#[test]
fn docx_headings_numbered_by_their_styles() {
    use avv_core::import::read::{Format, Kind, read};
    let styles = format!(
        "<w:styles {WORD}>\
         <w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Heading1\"/><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"AVVKlausel\"><w:name w:val=\"AVV Klausel\"/><w:basedOn w:val=\"Heading2\"/></w:style>\
         <w:style w:type=\"character\" w:styleId=\"Heading1Char\"/>\
         </w:styles>"
    );
    let numbering = format!(
        "<w:numbering {WORD}><w:abstractNum w:abstractNumId=\"0\">\
         <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:pStyle w:val=\"Heading1\"/><w:lvlText w:val=\"%1.\"/></w:lvl>\
         <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:pStyle w:val=\"Heading2\"/><w:lvlText w:val=\"%1.%2\"/></w:lvl>\
         </w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
    );
    let p = |style: &str, extra: &str, text: &str| {
        format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{extra}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    };
    let body = [
        p("Title", "", "Vertrag über die Auftragsverarbeitung"),
        p("Heading1", "", "Gegenstand"),
        p("Normal", "", "Der Auftragnehmer verarbeitet personenbezogene Daten im Auftrag."),
        p("Heading2", "", "Dauer"),
        p("Normal", "", "Der Vertrag gilt für die Dauer des Hauptvertrags."),
        p("AVVKlausel", "", "Kündigung"),
        p("Normal", "", "Die Kündigung richtet sich nach dem Hauptvertrag."),
        p("Heading1", "", "Pflichten des Auftragnehmers"),
        p("Normal", "", "Der Auftragnehmer handelt nur auf dokumentierte Weisung."),
        p("Heading2", "<w:numPr><w:numId w:val=\"0\"/></w:numPr>", "Hinweis"),
        p("Normal", "", "Weisungen bedürfen der Textform."),
    ]
    .concat();
    let document = format!("<w:document {WORD}><w:body>{body}</w:body></w:document>");
    let bytes = docx_parts(&[
        ("word/document.xml", &document),
        ("word/styles.xml", &styles),
        ("word/numbering.xml", &numbering),
    ]);
    let (lines, _) = read(&bytes, Format::Docx, Path::new("vertrag.docx")).unwrap();
    let headings: Vec<(u8, &str)> = lines
        .iter()
        .filter_map(|l| match l.kind {
            Kind::Heading(level) => Some((level, l.text.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            (1, "Vertrag über die Auftragsverarbeitung"),
            (1, "1. Gegenstand"),
            (2, "1.1 Dauer"),
            (2, "1.2 Kündigung"),
            (1, "2. Pflichten des Auftragnehmers"),
            (2, "Hinweis"),
        ]
    );
    let (_root, _, folder) = import_docx(&bytes, "docx-formatvorlagen");
    let clauses = &folder.agreement.as_ref().unwrap().value.clause;
    let nums: Vec<(Option<&str>, Vec<Option<&str>>)> =
        clauses.iter().map(|c| (c.num.as_deref(), c.clause.iter().map(|c| c.num.as_deref()).collect())).collect();
    // "Hinweis" prints no number, so its clause has none.
    assert_eq!(nums, [(Some("1."), vec![Some("1.1"), Some("1.2")]), (Some("2."), vec![None])]);
}

/// A DOCX with tracked changes is read as if they were accepted: inserted
/// and moved-in text once, deleted and moved-away text not at all (a move
/// keeps its text in both places), and the summary says so.
#[test]
fn docx_tracked_changes_read_as_accepted() {
    let r = |text: &str| format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let by = r#"w:id="1" w:author="Kanzlei" w:date="2026-11-30T10:00:00Z""#;
    let body = [
        format!("<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>{}</w:p>", r("Vertrag zur Auftragsverarbeitung")),
        format!("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>{}</w:p>", r("1. Gegenstand")),
        format!(
            "<w:p>{}<w:del {by}><w:r><w:delText>unverzüglich</w:delText><w:tab/><w:sym w:font=\"Wingdings\" w:char=\"F0A8\"/></w:r></w:del><w:ins {by}>{}</w:ins>{}</w:p>",
            r("Der Auftragnehmer meldet Verletzungen "),
            r("binnen 24 Stunden"),
            r(" dem Auftraggeber.")
        ),
        format!(
            "<w:p><w:moveFrom {by}>{}</w:moveFrom>{}</w:p>",
            r("Die Daten bleiben in der EU. "),
            r("Weisungen erfolgen in Textform.")
        ),
        format!(
            "<w:p>{}<w:moveTo {by}>{}</w:moveTo></w:p>",
            r("Kopien sind unzulässig. "),
            r("Die Daten bleiben in der EU.")
        ),
    ]
    .concat();
    let document = format!("<w:document {WORD}><w:body>{body}</w:body></w:document>");
    let bytes = docx_parts(&[("word/document.xml", &document)]);
    let (root, imported, _) = import_docx(&bytes, "docx-aenderungen");
    let written = std::fs::read_to_string(root.path().join("agreements/docx-aenderungen/agreement.toml")).unwrap();
    assert!(written.contains("meldet Verletzungen binnen 24 Stunden dem Auftraggeber"), "{written}");
    assert!(!written.contains("unverzüglich") && !written.contains('☐'), "{written}");
    assert_eq!(written.matches("Die Daten bleiben in der EU.").count(), 1, "{written}");
    assert!(written.contains("Kopien sind unzulässig. Die Daten bleiben in der EU."), "{written}");
    let note = imported.summary.notes.iter().find(|n| n.kind == avv_core::import::report::NoteKind::Revision);
    assert!(
        note.is_some_and(|n| n.message.starts_with("the document has 4 tracked change(s)")),
        "{:?}",
        imported.summary.notes
    );
}

/// Check boxes in a Word form: a Wingdings symbol (`w:sym`) or a typed
/// "☐" leading a paragraph. The boxed paragraphs are alternatives, which
/// the importer makes a choice, as it does for a text source.
#[test]
fn docx_check_boxes_become_a_choice() {
    let r = |text: &str| format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let body = [
        format!("<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>{}</w:p>", r("Vertrag zur Auftragsverarbeitung")),
        format!("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>{}</w:p>", r("1 Gegenstand")),
        format!("<w:p>{}</w:p>", r("Der Auftragnehmer verarbeitet Daten im Auftrag.")),
        format!("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>{}</w:p>", r("2 Datenschutzbeauftragter")),
        format!(
            "<w:p><w:r><w:sym w:font=\"Wingdings\" w:char=\"F0A8\"/></w:r>{}</w:p>",
            r(" Der Auftragnehmer hat einen Datenschutzbeauftragten bestellt.")
        ),
        format!("<w:p>{}</w:p>", r("☐ Der Auftragnehmer ist nicht zur Bestellung verpflichtet.")),
    ]
    .concat();
    let document = format!("<w:document {WORD}><w:body>{body}</w:body></w:document>");
    let (_root, imported, folder) = import_docx(&docx_parts(&[("word/document.xml", &document)]), "docx-formular");
    let a = &folder.agreement.as_ref().unwrap().value;
    let choice = a.clause[1].block.iter().find(|b| b.choice.is_some()).expect("a choice");
    assert_eq!(choice.option.len(), 2);
    let summary = imported.summary.render("paragraph");
    assert!(summary.contains("2 alternatives with boxes became the choice"), "{summary}");
}

#[test]
fn link_syntax_the_source_writes_as_words_is_imported_as_words() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("l.txt");
    std::fs::write(
        &source,
        "Vertrag\n\n§ 1 Gegenstand\n\nSiehe [BSI](ftp://x.de) und [dort](#nirgends) für Mitarbeiter*innen.\n\n§ 2 Dauer\n\nEnde.\n",
    )
    .unwrap();
    let (_root, imported) = import_clean(&source, "l");
    let text = std::fs::read_to_string(imported.folder.join("agreement.toml")).unwrap();
    assert!(text.contains("[BSI](ftp://x.de)"), "{text}");
    assert!(text.contains("rule = \"link-scheme\""), "{text}");
}

#[test]
fn an_import_larger_than_avv_reads_is_refused_before_anything_is_written() {
    let root = tempfile::tempdir().unwrap();
    let source = root.path().join("big.txt");
    let words = "Datenverarbeitung ".repeat(250_000);
    std::fs::write(&source, format!("Vertrag\n\n§ 1 Gegenstand\n\n{words}\n\n§ 2 Dauer\n\nEnde.\n")).unwrap();
    let error = import(&source, &options(root.path(), "big")).unwrap_err();
    assert!(matches!(error, avv_core::import::ImportError::ResultTooLarge { .. }), "{error}");
    assert!(error.to_string().contains("agreement.toml"), "{error}");
    let left: Vec<_> =
        std::fs::read_dir(root.path().join("agreements")).map(|d| d.flatten().count()).into_iter().collect();
    assert!(left.iter().all(|n| *n == 0), "something was written: {left:?}");
}

/// A picture has no text to import: the summary says it was left out.
#[test]
fn docx_pictures_are_noted_as_left_out() {
    let r = |text: &str| format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let body = [
        format!("<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>{}</w:p>", r("Vertrag zur Auftragsverarbeitung")),
        format!("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>{}</w:p>", r("1. Gegenstand")),
        format!("<w:p>{}<w:r><w:drawing/></w:r></w:p>", r("Der Aufbau ist im Schaubild dargestellt.")),
    ]
    .concat();
    let document = format!("<w:document {WORD}><w:body>{body}</w:body></w:document>");
    let bytes = docx_parts(&[("word/document.xml", &document)]);
    let (_root, imported, _) = import_docx(&bytes, "docx-bild");
    let note = imported.summary.notes.iter().find(|n| n.kind == avv_core::import::report::NoteKind::Layout);
    assert!(note.is_some_and(|n| n.message.starts_with("1 picture(s) left out")), "{:?}", imported.summary.notes);
}

/// Text the importer changes so that it prints as written is named by line.
#[test]
fn braces_changed_to_print_as_written_are_noted_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("klammern.txt");
    std::fs::write(
        &source,
        "Vertrag\n\n§ 1 Gegenstand\n\nEine Vorlage verwendet {{ kunde }} als Platzhalter.\n\nSiehe {#anker} dort.\n\n§ 2 Dauer\n\nEnde.\n",
    )
    .unwrap();
    let (_root, imported) = import_clean(&source, "klammern");
    let at = |needle: &str| imported.summary.notes.iter().find(|n| n.message.contains(needle)).map(|n| n.at);
    assert_eq!(at("template braces"), Some(5), "{:?}", imported.summary.notes);
    assert_eq!(at("anchor mark"), Some(7), "{:?}", imported.summary.notes);
}

/// zerer's list under the heading "Liste Unterauftragnehmer:" prints the
/// heading once, not again as the title of the list's one group.
#[test]
fn a_list_under_its_own_heading_prints_the_heading_once() {
    let Some(source) = seed("002") else { return };
    let (root, imported) = import_clean(&source, "z");
    let folder = loaded(&imported.folder, root.path());
    let markdown = rendered_markdown(&folder);
    assert_eq!(markdown.matches("Liste Unterauftragnehmer").count(), 1, "{markdown}");
}

/// A nested list indented by four spaces (or a tab) nests one level, as by
/// two: the second and later sub-items are siblings of the first, not its
/// children; an item back at the first indentation returns to the top.
#[test]
fn nested_lists_nest_by_their_indentation_not_its_width() {
    use avv_core::model::clause::ListItem;
    fn shape(items: &[ListItem]) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        fn walk(items: &[ListItem], depth: usize, out: &mut Vec<(String, usize)>) {
            for item in items {
                match item {
                    ListItem::Text(text) => out.push((text.clone(), depth)),
                    ListItem::Item(entry) => {
                        out.push((entry.text.clone(), depth));
                        walk(&entry.list, depth + 1, out);
                    }
                }
            }
        }
        walk(items, 0, &mut out);
        out
    }
    for (name, list) in [
        (
            "vier.md",
            "- Betrieb, insbesondere\n    - virtuelle Maschinen,\n    - Datenbanken,\n    - Monitoring,\n- Datensicherung.\n",
        ),
        (
            "tab.md",
            "- Betrieb, insbesondere\n\t- virtuelle Maschinen,\n\t- Datenbanken,\n\t- Monitoring,\n- Datensicherung.\n",
        ),
        (
            "zwei.md",
            "- Betrieb, insbesondere\n  - virtuelle Maschinen,\n  - Datenbanken,\n  - Monitoring,\n- Datensicherung.\n",
        ),
    ] {
        let text =
            format!("# Vertrag zur Auftragsverarbeitung\n\n## 1 Leistungen\n\nDer Auftragnehmer übernimmt:\n\n{list}");
        let root = tempfile::tempdir().unwrap();
        let imported = import_bytes(text.as_bytes(), Path::new(name), &options(root.path(), "liste")).unwrap();
        let folder = loaded(&imported.folder, root.path());
        let agreement = &folder.agreement.as_ref().unwrap().value;
        let items = agreement
            .all_clauses()
            .iter()
            .flat_map(|c| c.block.iter())
            .find_map(|b| b.list.clone())
            .unwrap_or_else(|| panic!("{name}: a list in {:?}", agreement.all_clauses()));
        assert_eq!(
            shape(&items),
            [
                ("Betrieb, insbesondere".to_owned(), 0),
                ("virtuelle Maschinen,".to_owned(), 1),
                ("Datenbanken,".to_owned(), 1),
                ("Monitoring,".to_owned(), 1),
                ("Datensicherung.".to_owned(), 0),
            ],
            "{name}"
        );
    }
}

/// A text that opens with its first clause has no title line: the clause
/// is a clause (not the cover letter), its sentence is not the title, and
/// the summary says what title was given.
#[test]
fn a_text_without_a_title_line_keeps_its_first_clause() {
    let text = "§ 1 Gegenstand\n\nDer Auftragnehmer verarbeitet Daten für den Auftraggeber.\n";
    let root = tempfile::tempdir().unwrap();
    let imported =
        import_bytes(text.as_bytes(), Path::new("ohne-titel.txt"), &options(root.path(), "ohne-titel")).unwrap();
    let folder = loaded(&imported.folder, root.path());
    let agreement = &folder.agreement.as_ref().unwrap().value;
    assert_eq!(agreement.meta.title, "Vertrag zur Auftragsverarbeitung");
    assert!(agreement.cover.is_none(), "{:?}", agreement.cover);
    let clauses = agreement.all_clauses();
    assert_eq!(clauses.len(), 1, "{clauses:?}");
    assert_eq!(clauses[0].title.as_deref(), Some("Gegenstand"));
    assert!(imported.summary.render("line").contains("no title line"));
}

/// A sub-processor table's country column as the source prints it: codes
/// stay codes, names stay names; either way every country is known, also
/// where only the German name says it (Malaysia, the Philippines) and an
/// address has a postcode.
#[test]
fn a_country_column_prints_back_as_the_source_has_it() {
    let table = |a: &str, b: &str, c: &str| {
        format!(
            "# Auftragsverarbeitungsvertrag\n\n## 1. Gegenstand\n\nDer Auftragnehmer betreibt eine Cloud-Software.\n\n\
             ## Anlage 2 – Unterauftragnehmer\n\n| Firma | Anschrift | Land | Leistung |\n|---|---|---|---|\n\
             | Rechenzentrum Nord GmbH | Hafenstraße 1, 20457 Hamburg | {a} | Hosting |\n\
             | Support Asia Sdn Bhd | Jalan Ampang 12, 50450 Kuala Lumpur | {b} | Support |\n\
             | Help Desk Inc. | 1634 Taguig City | {c} | Helpdesk |\n"
        )
    };
    for (source, cells) in [
        (table("DE", "MY", "PH"), ["DE", "MY", "PH"]),
        (table("Deutschland", "Malaysia", "Philippinen"), ["Deutschland", "Malaysia", "Philippinen"]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("avv.md");
        std::fs::write(&path, &source).unwrap();
        let root = tempfile::tempdir().unwrap();
        let imported = import(&path, &options(root.path(), "laender")).unwrap();
        let folder = loaded(&imported.folder, root.path());
        let list = &folder.subprocessors.as_ref().expect("a list").value;
        let countries: Vec<&str> = list.subprocessor.iter().map(|s| s.country.as_str()).collect();
        assert_eq!(countries, ["DE", "MY", "PH"], "{source}");
        let markdown = rendered_markdown(&folder);
        for cell in cells {
            assert!(markdown.contains(&format!("| {cell} |")), "{cell}: {markdown}");
        }
    }
}
