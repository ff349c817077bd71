//! Details real agreements print that the first renderings missed (issue
//! 19): free columns and name-and-address cells in the sub-processor list,
//! the list's title where a clause embeds it, inline markup in the blank of
//! an unfilled placeholder, date placeholders in the document's date style,
//! the title block of a document without a party block, and a TOM annex
//! printed as a table of its measures. Each is checked
//! in every format: Markdown, HTML, the typst source of the PDF and the DOCX.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use avv_core::load::{Folder, load_folder};
use avv_core::render::inline::Flavor;
use avv_core::render::{Stamp, Templates, render_docx, render_pdf, render_text};
use support::Scenario;

#[path = "support/docx_text.rs"]
mod docx_text;
#[path = "support/targets.rs"]
mod targets;
use targets::without_targets;

const AGREEMENT: &str = "agreement.toml";
const LIST: &str = "subprocessors.toml";

/// One document in every format.
struct Rendered {
    markdown: String,
    html: String,
    typst: String,
    /// The paragraphs of the DOCX body.
    docx: Vec<String>,
    /// The DOCX body's XML.
    docx_xml: String,
}

fn load(scenario: &Scenario) -> Folder {
    let loaded = load_folder(&scenario.dir, scenario.root());
    assert!(loaded.diagnostics.is_empty(), "the scenario does not load: {:?}", loaded.diagnostics);
    loaded.folder
}

/// Renders the folder, as the blank form or as its first customer's contract.
fn render(folder: &Folder, customer: bool) -> Rendered {
    let templates = Templates::new(None);
    let stamp = Stamp { commit: None };
    let instance = customer.then(|| ("acme", &folder.customers[0].value));
    let text = |flavor| render_text(&templates, folder, instance, flavor, &stamp).expect("renders");
    let docx = render_docx(folder, instance, &stamp, Some(0)).expect("DOCX");
    let parts = docx_text::parts(&docx);
    let docx_xml = parts["word/document.xml"].clone();
    Rendered {
        markdown: without_targets(&text(Flavor::Markdown), "<a id=\"", "\"></a>"),
        html: without_targets(&text(Flavor::Html), "<span id=\"", "\"></span>"),
        typst: without_targets(&text(Flavor::Typst), "#avv-anchor(\"", "\")"),
        docx: docx_text::paragraphs(&docx_xml),
        docx_xml,
    }
}

/// A list with a free column and name and address in one cell.
const FREE_COLUMNS: &str = r#"schema_version = 1

[list]
id = "unterauftragnehmer"
title = "Liste der Unterauftragnehmer"
columns = [
  { field = "name-address", header = "Name und Anschrift" },
  { field = "service", header = "Leistung" },
  { key = "strategie", header = "Datenschutz-Strategie" },
]

[[subprocessor]]
id = "rechenzentrum"
name = "Rechenzentrum Nord GmbH"
address = "Hafenstraße 1, 20457 Hamburg"
country = "DE"
service = "Hosting"
extra = { strategie = "Verschlüsselung *ruhender* Daten" }
"#;

#[test]
fn a_free_column_prints_its_header_and_each_entrys_value() {
    let scenario = Scenario::from_valid("customer-instance").write(LIST, FREE_COLUMNS);
    scenario.validate().clean();
    let out = render(&load(&scenario), false);
    assert!(out.markdown.contains("| Name und Anschrift | Leistung | Datenschutz-Strategie |"), "{}", out.markdown);
    assert!(
        out.markdown.contains(
            "| Rechenzentrum Nord GmbH<br>Hafenstraße 1, 20457 Hamburg | Hosting | Verschlüsselung *ruhender* Daten |"
        ),
        "{}",
        out.markdown
    );
    assert!(out.html.contains(r#"<th scope="col">Datenschutz-Strategie</th>"#), "{}", out.html);
    assert!(
        out.html.contains("<td>Rechenzentrum Nord GmbH<br>\nHafenstraße 1, 20457 Hamburg</td><td>Hosting</td><td>Verschlüsselung <em>ruhender</em> Daten</td>"),
        "{}",
        out.html
    );
    assert!(out.typst.contains("[Datenschutz\\-Strategie]"), "{}", out.typst);
    assert!(out.typst.contains("[Rechenzentrum Nord GmbH \\\nHafenstraße 1, 20457 Hamburg]"), "{}", out.typst);
    assert!(out.typst.contains("Verschlüsselung #emph[ruhender]; Daten"), "{}", out.typst);
    assert!(out.docx.iter().any(|p| p == "Datenschutz-Strategie"), "{:?}", out.docx);
    assert!(out.docx.iter().any(|p| p == "Rechenzentrum Nord GmbH\nHafenstraße 1, 20457 Hamburg"), "{:?}", out.docx);
    assert!(out.docx.iter().any(|p| p == "Verschlüsselung ruhender Daten"), "{:?}", out.docx);
}

#[test]
fn name_and_address_without_an_address_is_the_name() {
    let scenario = Scenario::from_valid("customer-instance").write(LIST, FREE_COLUMNS).edit(
        LIST,
        "address = \"Hafenstraße 1, 20457 Hamburg\"\n",
        "",
    );
    let out = render(&load(&scenario), false);
    assert!(out.markdown.contains("| Rechenzentrum Nord GmbH | Hosting |"), "{}", out.markdown);
    assert!(out.html.contains("<td>Rechenzentrum Nord GmbH</td>"), "{}", out.html);
}

/// The customer-instance fixture with its list embedded in clause 5.
fn embedded(title: &str) -> Scenario {
    Scenario::from_valid("customer-instance").edit(
        LIST,
        "title = \"Unterauftragnehmer\"",
        &format!("title = \"{title}\""),
    )
}

#[test]
fn an_embedded_list_prints_its_title_in_every_format() {
    let scenario = embedded("Liste der **beauftragten** Unterauftragnehmer");
    scenario.validate().clean();
    let out = render(&load(&scenario), false);
    let count = |text: &str, needle: &str| text.matches(needle).count();
    assert_eq!(count(&out.markdown, "**Liste der **beauftragten** Unterauftragnehmer**"), 0, "{}", out.markdown);
    assert_eq!(count(&out.markdown, "Liste der **beauftragten** Unterauftragnehmer"), 1, "{}", out.markdown);
    let list = out.markdown.find("Liste der **beauftragten**").unwrap();
    let clause = out.markdown.find("Unterauftragsverhältnisse").unwrap();
    let table = out.markdown.find("| Unterauftragnehmer | Anschrift |").unwrap();
    assert!(clause < list && list < table, "the title heads the list inside the clause:\n{}", out.markdown);
    assert_eq!(
        count(&out.html, r#"<p class="list-title">Liste der <strong>beauftragten</strong> Unterauftragnehmer</p>"#),
        1,
        "{}",
        out.html
    );
    assert_eq!(count(&out.typst, "Liste der #strong[beauftragten]; Unterauftragnehmer"), 1, "{}", out.typst);
    assert_eq!(out.docx.iter().filter(|p| *p == "Liste der beauftragten Unterauftragnehmer").count(), 1);
}

#[test]
fn a_list_printed_as_an_annex_prints_its_title_once() {
    let scenario = Scenario::from_valid("customer-instance")
        .edit(LIST, "placed_in = \"unterauftraege\"\n", "num = \"Anhang 2\"\n")
        .edit(AGREEMENT, "block = [{ embed = \"subprocessors\" }]\n", "");
    let out = render(&load(&scenario), false);
    assert_eq!(out.markdown.matches("## Anhang 2: Unterauftragnehmer").count(), 1, "{}", out.markdown);
    assert!(!out.html.contains("class=\"list-title\""), "{}", out.html);
    assert_eq!(out.docx.iter().filter(|p| p.contains("Anhang 2: Unterauftragnehmer")).count(), 1, "{:?}", out.docx);
}

#[test]
fn the_blank_of_an_unfilled_placeholder_renders_its_markup() {
    let scenario = Scenario::from_valid("customer-instance").edit(
        AGREEMENT,
        "date = 2024-02-29\n",
        "date = 2024-02-29\nblank = \"**_____** *({label})*\"\n",
    );
    scenario.validate().clean();
    let out = render(&load(&scenario), false);
    assert!(out.markdown.contains("**\\_\\_\\_\\_\\_** *(Firma des Auftraggebers)*"), "{}", out.markdown);
    assert!(
        out.html.contains(r#"<span class="blank"><strong>_____</strong> <em>(Firma des Auftraggebers)</em></span>"#),
        "{}",
        out.html
    );
    assert!(out.typst.contains("#strong[\\_\\_\\_\\_\\_]; #emph[(Firma des Auftraggebers)];"), "{}", out.typst);
    assert!(out.docx.iter().any(|p| p.contains("_____ (Firma des Auftraggebers)")), "{:?}", out.docx);
    assert!(!out.docx.iter().any(|p| p.contains("**")), "{:?}", out.docx);
    // Word: the underline is bold, the label italic, both highlighted as a blank.
    let run = |text: &str| {
        let at = out.docx_xml.find(&format!(">{text}</w:t>")).unwrap_or_else(|| panic!("{text} in the DOCX"));
        let start = out.docx_xml[..at].rfind("<w:r>").unwrap();
        out.docx_xml[start..at].to_owned()
    };
    assert!(run("_____").contains("<w:b />") && run("_____").contains("<w:highlight"), "{}", run("_____"));
    assert!(run("(Firma des Auftraggebers)").contains("<w:i />"), "{}", run("(Firma des Auftraggebers)"));
}

#[test]
fn a_label_in_a_blank_is_text_not_markup() {
    let scenario = Scenario::from_valid("customer-instance")
        .edit(AGREEMENT, "date = 2024-02-29\n", "date = 2024-02-29\nblank = \"**{label}**\"\n")
        .edit(AGREEMENT, "label = \"Firma des Auftraggebers\"", "label = \"Firma *des* Auftraggebers\"");
    let out = render(&load(&scenario), false);
    assert!(out.html.contains("<strong>Firma *des* Auftraggebers</strong>"), "{}", out.html);
    assert!(out.markdown.contains("**Firma \\*des\\* Auftraggebers**"), "{}", out.markdown);
}

#[test]
fn a_date_placeholder_prints_in_the_documents_date_style() {
    for value in ["2024-03-05", "05.03.2024", "5.3.2024"] {
        let scenario = Scenario::with_date_placeholder(value);
        scenario.validate().clean();
        let out = render(&load(&scenario), true);
        assert!(out.markdown.contains("Kundenverwaltung ab dem 05.03.2024 für"), "{value}: {}", out.markdown);
        assert!(out.html.contains(r#"ab dem <span class="value">05.03.2024</span> für"#), "{value}: {}", out.html);
        assert!(out.typst.contains("ab dem 05.03.2024 für"), "{value}: {}", out.typst);
        assert!(out.docx.iter().any(|p| p.contains("ab dem 05.03.2024 für")), "{value}: {:?}", out.docx);
    }
    let long = Scenario::with_date_placeholder("2024-03-05").edit(
        AGREEMENT,
        "date = 2024-02-29\n",
        "date = 2024-02-29\ndate_style = \"long\"\n",
    );
    let out = render(&load(&long), true);
    assert!(out.markdown.contains("ab dem 5. März 2024 für"), "{}", out.markdown);
    assert!(out.docx.iter().any(|p| p.contains("ab dem 5. März 2024 für")), "{:?}", out.docx);
}

/// The customer-instance fixture printing only the body: no party block.
fn without_parties() -> Scenario {
    Scenario::from_valid("customer-instance")
        .edit(
            AGREEMENT,
            "date = 2024-02-29\n",
            "date = 2024-02-29\nsubtitle = \"nach Art. 28 Abs. 3 DS-GVO\"\nstand_line = \"Stand: {date}\"\n",
        )
        .append(AGREEMENT, "\n[[part]]\nkind = \"body\"\n\n[[part]]\nkind = \"subprocessors\"\n")
}

#[test]
fn a_document_without_a_party_block_prints_its_title_first() {
    let scenario = without_parties();
    scenario.validate().clean();
    for customer in [false, true] {
        let out = render(&load(&scenario), customer);
        assert!(
            out.markdown
                .starts_with("# Auftragsverarbeitungsvertrag\n\nnach Art. 28 Abs. 3 DS-GVO\n\nStand: 29.02.2024\n"),
            "{}",
            out.markdown
        );
        // No party of the agreement is printed: the parts leave them out.
        assert!(!out.markdown.contains("Beispiel Software GmbH"), "{}", out.markdown);
        let title = out.html.find(r#"<h1 class="title">Auftragsverarbeitungsvertrag</h1>"#).expect("HTML title");
        assert!(title < out.html.find("Gegenstand, Dauer").unwrap());
        assert!(out.html.contains(r#"<p class="subtitle">nach Art. 28 Abs. 3 DS-GVO</p>"#), "{}", out.html);
        assert!(out.html.contains(r#"<p class="stand">Stand: 29.02.2024</p>"#), "{}", out.html);
        let title =
            out.typst.find("text(size: 16pt, weight: \"bold\")[Auftragsverarbeitungsvertrag]").expect("typst title");
        assert!(title < out.typst.find("Gegenstand, Dauer").unwrap());
        // In print a reference keeps its number on its line (a non-breaking space).
        assert!(
            out.typst.contains("[nach Art.\u{a0}28 Abs.\u{a0}3 DS\\-GVO]") && out.typst.contains("[Stand: 29.02.2024]")
        );
        assert_eq!(&out.docx[..3], ["Auftragsverarbeitungsvertrag", "nach Art. 28 Abs. 3 DS-GVO", "Stand: 29.02.2024"]);
        assert!(out.docx_xml.contains(r#"<w:pStyle w:val="Title" />"#));
    }
}

#[test]
fn a_cover_letter_stays_before_the_title() {
    let scenario = without_parties()
        .edit(AGREEMENT, "[[part]]\nkind = \"body\"", "[[part]]\nkind = \"cover\"\n\n[[part]]\nkind = \"body\"")
        .append(AGREEMENT, "\n[cover]\nblock = [{ p = \"Sehr geehrte Damen und Herren,\" }]\n");
    let out = render(&load(&scenario), false);
    let cover = out.markdown.find("Sehr geehrte").unwrap();
    let title = out.markdown.find("# Auftragsverarbeitungsvertrag").unwrap();
    assert!(cover < title && title < out.markdown.find("Gegenstand, Dauer").unwrap(), "{}", out.markdown);
}

#[test]
fn a_standalone_annex_headed_by_its_own_title_prints_it_once() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let loaded = load_folder(&root.join("agreements/hoster-tom"), &root);
    let out = render(&loaded.folder, false);
    let title = "Anhang „Technisch-organisatorische Maßnahmen“";
    assert_eq!(out.markdown.matches(title).count(), 1, "{}", out.markdown);
    assert_eq!(out.docx.iter().filter(|p| p.contains(title)).count(), 1, "{:?}", out.docx);
}

#[test]
fn a_list_split_over_two_clauses_prints_its_title_where_it_starts() {
    let groups = "\n[[group]]\nid = \"haupt\"\ntitle = \"Hauptleistung\"\ncategory = \"main\"\n\n[[group]]\nid = \"zusatz\"\ntitle = \"Zusatzleistungen\"\ncategory = \"optional\"\n";
    let scenario = Scenario::from_valid("customer-instance")
        .edit(LIST, "title = \"Unterauftragnehmer\"", "title = \"Liste der Unterauftragnehmer\"")
        .edit(LIST, "\n[[subprocessor]]", &format!("{groups}\n[[subprocessor]]"))
        .edit(LIST, "name = \"Rechenzentrum Nord GmbH\"", "group = \"haupt\"\nname = \"Rechenzentrum Nord GmbH\"")
        .edit(
            AGREEMENT,
            "block = [{ embed = \"subprocessors\" }]",
            "block = [{ embed = \"subprocessors\", groups = [\"zusatz\"] }, { embed = \"subprocessors\", groups = [\"haupt\"] }]",
        );
    scenario.validate().clean();
    let out = render(&load(&scenario), false);
    assert_eq!(out.markdown.matches("Liste der Unterauftragnehmer").count(), 1, "{}", out.markdown);
    let title = out.markdown.find("Liste der Unterauftragnehmer").unwrap();
    assert!(title < out.markdown.find("**Hauptleistung**").unwrap(), "{}", out.markdown);
    assert!(title > out.markdown.find("**Zusatzleistungen**").unwrap(), "{}", out.markdown);
}

#[test]
fn every_detail_compiles_to_a_pdf() {
    // One document with all of them: no party block, a titled list with a
    // free column and a name-and-address cell embedded in a clause, a
    // marked-up blank and a date.
    let scenario = without_parties()
        .write(LIST, FREE_COLUMNS.replace("[list]\n", "[list]\nplaced_in = \"unterauftraege\"\n"))
        .edit(AGREEMENT, "stand_line = ", "blank = \"**_____** *({label})*\"\nstand_line = ");
    scenario.validate().clean();
    let folder = load(&scenario);
    let templates = Templates::new(None);
    let stamp = Stamp { commit: None };
    for instance in [None, Some(("acme", &folder.customers[0].value))] {
        let pdf = render_pdf(&templates, &folder, instance, &stamp, Some(0)).expect("the PDF compiles");
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

#[test]
fn a_version_table_prints_the_columns_its_rows_fill() {
    let scenario = Scenario::from_valid("customer-instance").edit(
        AGREEMENT,
        "block = [{ embed = \"subprocessors\" }]",
        "block = [{ embed = \"subprocessors\" }, { embed = \"history\" }]",
    );
    // Imported from a table of three columns: no status, no one responsible.
    let path = scenario.dir.join(AGREEMENT);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!(
            "{text}\n[history]\ncolumns = [\"Fassung\", \"Status\", \"Datum\", \"Verantwortlich\", \"Änderungen\"]\n\n[[history.row]]\nversion = \"1.0\"\nstatus = \"\"\ndate = 2018-04-15\nresponsible = \"\"\nchange = \"Erstfassung\"\n\n[[history.row]]\nversion = \"1.1\"\nstatus = \"\"\nresponsible = \"\"\nchange = \"Neue Anschrift\"\n"
        ),
    )
    .unwrap();
    let out = render(&load(&scenario), false);
    assert!(out.markdown.contains("| Fassung | Datum | Änderungen |\n|---|---|---|\n"), "{}", out.markdown);
    assert!(out.markdown.contains("| 1.0 | 15.04.2018 | Erstfassung |"), "{}", out.markdown);
    assert!(
        out.markdown.contains("| 1.1 |  | Neue Anschrift |"),
        "a date column some row fills stays: {}",
        out.markdown
    );
    assert!(
        out.html.contains(
            "<th scope=\"col\">Fassung</th><th scope=\"col\">Datum</th><th scope=\"col\">Änderungen</th></tr>"
        ),
        "{}",
        out.html
    );
    assert!(!out.html.contains(">Status<") && !out.html.contains(">Verantwortlich<"), "{}", out.html);

    // A table naming fewer headers than its five fields prints the defaults of the others.
    let short = std::fs::read_to_string(&path).unwrap().replace(
        "columns = [\"Fassung\", \"Status\", \"Datum\", \"Verantwortlich\", \"Änderungen\"]",
        "columns = [\"Fassung\", \"Stand\"]",
    );
    std::fs::write(&path, short.replace("status = \"\"\ndate = 2018-04-15", "status = \"final\"\ndate = 2018-04-15"))
        .unwrap();
    let out = render(&load(&scenario), false);
    assert!(out.markdown.contains("| Fassung | Stand | Datum | Änderung |\n"), "{}", out.markdown);
}

/// The rows of the `tom-table` fixture as printed: the section's title in
/// each row of its measures (`repeat_section`), the kinds in the annex's
/// own words.
const TOM_ROWS: [[&str; 3]; 3] = [
    ["Zutrittskontrolle", "Alarmanlage mit Aufschaltung auf einen Sicherheitsdienst", "T"],
    ["Zutrittskontrolle", "Besucherbuch, Besucher nur in Begleitung", "O"],
    ["Verschlüsselung", "Verschlüsselung jeder Übertragung mit TLS 1.2 oder höher", "T"],
];

#[test]
fn a_tom_annex_prints_as_a_table_of_its_measures_in_every_format() {
    let scenario = Scenario::from_valid("tom-table");
    scenario.validate().clean();
    let out = render(&load(&scenario), false);
    assert!(out.markdown.contains("| Kontrollbereich | Maßnahme | Art |\n|---|---|---|\n"), "{}", out.markdown);
    for row in TOM_ROWS {
        assert!(out.markdown.contains(&format!("| {} |\n", row.join(" | "))), "{row:?}: {}", out.markdown);
        assert!(out.html.contains(&format!("<td>{}</td>", row.join("</td><td>"))), "{row:?}: {}", out.html);
        let typst = row.iter().map(|c| format!("[{}]", c.replace('-', "\\-"))).collect::<Vec<_>>();
        assert!(typst.iter().all(|cell| out.typst.contains(cell.as_str())), "{row:?}: {}", out.typst);
        for cell in row.iter().filter(|c| !c.is_empty()) {
            assert!(out.docx.iter().any(|p| p == cell), "{cell}: {:?}", out.docx);
        }
    }
    // The annex's heading with the document's separator.
    let heading = "Anlage 1 – Technische und organisatorische Maßnahmen";
    assert!(out.markdown.contains(&format!("\n## {heading}\n")), "{}", out.markdown);
    assert!(out.typst.contains("#let avv-annex-separator = [ – ]"), "{}", out.typst);
    assert!(out.docx.iter().any(|p| p == heading), "{:?}", out.docx);
    // No headings of sections: the table is the annex's body, the paragraph after it follows.
    assert!(!out.markdown.contains("### Zutrittskontrolle"), "{}", out.markdown);
    let table = out.markdown.find("| Verschlüsselung |").unwrap();
    assert!(out.markdown[table..].contains("Die Maßnahmen werden jährlich überprüft."));
    assert!(out.docx_xml.matches("<w:tbl>").count() >= 1);
}

#[test]
fn a_section_the_table_cannot_show_prints_as_a_section() {
    let scenario = Scenario::from_valid("tom-table").edit(
        "tom.toml",
        "[[section]]\nid = \"verschluesselung\"",
        "[[section.section]]\nid = \"notfall\"\ntitle = \"Notfallplan\"\n\n[[section.section.measure]]\n\
         id = \"notfallplan\"\ntext = \"Ein Notfallplan wird jährlich geübt.\"\n\n[[section]]\nid = \"verschluesselung\"",
    );
    assert!(scenario.validate().codes().contains(&avv_core::diagnostic::Code::TomTableUnfit));
    let out = render(&load(&scenario), false);
    for text in [
        "Zutrittskontrolle",
        "Alarmanlage mit Aufschaltung auf einen Sicherheitsdienst",
        "Notfallplan",
        "Ein Notfallplan wird jährlich geübt.",
        "Verschlüsselung jeder Übertragung mit TLS 1.2 oder höher",
        "Die Maßnahmen werden jährlich überprüft.",
    ] {
        assert!(out.markdown.contains(text), "{text}: {}", out.markdown);
        assert!(out.docx.iter().any(|p| p.contains(text)), "{text}: {:?}", out.docx);
    }
    assert!(!out.markdown.contains("| Kontrollbereich |"), "{}", out.markdown);
}

#[test]
fn tables_of_measures_by_kind_print_under_their_headings_in_every_format() {
    let scenario = Scenario::from_valid("tom-table-by-kind");
    scenario.validate().clean();
    let out = render(&load(&scenario), false);
    let rows = [
        ["Alarmanlage", "Schlüsselregelung mit Liste"],
        ["Chipkarten-Lesesystem", ""],
        ["Zwei-Faktor-Anmeldung", "Richtlinie für sichere Passwörter"],
        ["", "Verwalten von Benutzerberechtigungen"],
    ];
    assert_eq!(
        out.markdown.matches("| Technische Maßnahmen | Organisatorische Maßnahmen |").count(),
        2,
        "{}",
        out.markdown
    );
    for row in rows {
        assert!(out.markdown.contains(&format!("| {} |\n", row.join(" | "))), "{row:?}: {}", out.markdown);
        assert!(out.html.contains(&format!("<td>{}</td>", row.join("</td><td>"))), "{row:?}: {}", out.html);
        let typst: Vec<String> = row.iter().map(|c| format!("[{}]", c.replace('-', "\\-"))).collect();
        assert!(out.typst.contains(&format!("({}, )", typst.join(", "))), "{row:?}: {}", out.typst);
        for cell in row.iter().filter(|c| !c.is_empty()) {
            assert!(out.docx.iter().any(|p| p == cell), "{cell}: {:?}", out.docx);
        }
    }
    // The headings stay, each table under its section, the paragraph before its table.
    let heading = out.markdown.find("1.1 Zutrittskontrolle").expect("the heading");
    let paragraph = out.markdown.find("Kein unbefugter Zutritt").unwrap();
    let table = out.markdown.find("| Alarmanlage |").unwrap();
    assert!(heading < paragraph && paragraph < table && table < out.markdown.find("1.2 Zugangskontrolle").unwrap());
    assert!(out.docx.iter().any(|p| p.contains("Zugangskontrolle")), "{:?}", out.docx);
}

/// A new agreement (`avv new`) numbers its TOM annex "Anlage 1" and its
/// list "Anlage 2": without parts of its own, the document prints the
/// annexes in the order of their numbers, in every format.
#[test]
fn annexes_print_in_the_order_of_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let folder_dir = dir.path().join("agreements/neu");
    std::fs::create_dir_all(&folder_dir).unwrap();
    for (name, text) in avv_core::scaffold::agreement("neu", "Vertrag zur Auftragsverarbeitung") {
        std::fs::write(folder_dir.join(name), text).unwrap();
    }
    let loaded = avv_core::load::load_folder(&folder_dir, dir.path());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let out = render(&loaded.folder, false);
    let order = |text: &str, first: &str, second: &str| {
        let (a, b) = (text.find(first), text.find(second));
        assert!(a.is_some() && b.is_some() && a < b, "{first} before {second}:\n{text}");
    };
    order(&out.markdown, "## Anlage 1: ", "## Anlage 2: ");
    order(&out.html, "annex-num\">Anlage 1", "annex-num\">Anlage 2");
    order(&out.typst, "[Anlage 1]", "[Anlage 2]");
    order(&out.docx.join("\n"), "Anlage 1: ", "Anlage 2: ");

    // Designations of different kinds keep the order of the parts: the list, then the TOM annex.
    let mut folder = loaded.folder.clone();
    folder.subprocessors_mut().unwrap().value.list.num = Some("Anhang A".into());
    let out = render(&folder, false);
    order(&out.markdown, "## Anhang A: ", "## Anlage 1: ");
}

/// The list of [`FREE_COLUMNS`] with a country column and the place of
/// processing, for sub-processors in Luxembourg and the United States.
fn countries() -> Scenario {
    Scenario::from_valid("customer-instance").write(
        LIST,
        FREE_COLUMNS
            .replace(
                "  { key = \"strategie\", header = \"Datenschutz-Strategie\" },\n",
                "  { field = \"country\", header = \"Sitzland\" },\n  { field = \"location\", header = \"Verarbeitungsort\" },\n",
            )
            .replace("extra = { strategie = \"Verschlüsselung *ruhender* Daten\" }\n", "")
            .replace("country = \"DE\"", "country = \"LU\"")
            + "\n[[subprocessor]]\nid = \"support\"\nname = \"Ticketware Inc.\"\ncountry = \"US\"\nservice = \"Support\"\n\
               processing = { countries = [\"US\", \"CH\"], regions = [\"EEA\"] }\n\
               safeguards = [{ label = \"Standardvertragsklauseln\", transfer = { mechanism = \"scc\" } }]\n",
    )
}

#[test]
fn countries_print_by_their_german_names_in_every_format() {
    let scenario = countries();
    scenario.validate().clean();
    let out = render(&load(&scenario), false);
    assert!(out.markdown.contains("| Hosting | Luxemburg | Luxemburg |"), "{}", out.markdown);
    assert!(
        out.markdown.contains("| Support | Vereinigte Staaten | Vereinigte Staaten, Schweiz, EWR |"),
        "{}",
        out.markdown
    );
    assert!(out.html.contains("<td>Hosting</td><td>Luxemburg</td><td>Luxemburg</td>"), "{}", out.html);
    assert!(out.html.contains("<td>Vereinigte Staaten</td><td>Vereinigte Staaten, Schweiz, EWR</td>"), "{}", out.html);
    assert!(out.typst.contains("[Vereinigte Staaten], [Vereinigte Staaten, Schweiz, EWR]"), "{}", out.typst);
    assert!(out.docx.iter().any(|p| p == "Luxemburg"), "{:?}", out.docx);
    assert!(out.docx.iter().any(|p| p == "Vereinigte Staaten, Schweiz, EWR"), "{:?}", out.docx);
    for code in ["LU", "US", "CH"] {
        for (format, text) in [("Markdown", &out.markdown), ("HTML", &out.html), ("typst", &out.typst)] {
            for cell in [format!("| {code} |"), format!("<td>{code}</td>"), format!("[{code}]")] {
                assert!(!text.contains(&cell), "{format} prints the code {code}: {text}");
            }
        }
        assert!(!out.docx.iter().any(|p| p == code), "DOCX prints the code {code}");
    }
    // A column that asks for codes, as an imported source printed them.
    let scenario = countries().edit(
        LIST,
        "{ field = \"country\", header = \"Sitzland\" }",
        "{ field = \"country\", header = \"Sitzland\", codes = true }",
    );
    scenario.validate().clean();
    let out = render(&load(&scenario), false);
    assert!(out.markdown.contains("| Hosting | LU | Luxemburg |"), "{}", out.markdown);
    assert!(out.markdown.contains("| Support | US | Vereinigte Staaten, Schweiz, EWR |"), "{}", out.markdown);
    assert!(out.html.contains("<td>Hosting</td><td>LU</td><td>Luxemburg</td>"), "{}", out.html);
    assert!(out.typst.contains("[US], [Vereinigte Staaten, Schweiz, EWR]"), "{}", out.typst);
    assert!(out.docx.iter().any(|p| p == "LU"), "{:?}", out.docx);
    // Regions of processing alone are the place, not an empty cell.
    let scenario = countries().edit(
        LIST,
        "processing = { countries = [\"US\", \"CH\"], regions = [\"EEA\"] }",
        "processing = { regions = [\"EU\"] }",
    );
    let out = render(&load(&scenario), false);
    assert!(out.markdown.contains("| Support | Vereinigte Staaten | EU |"), "{}", out.markdown);
}

/// The customer-instance fixture's list in `layout` ("table" or "list"),
/// with `groups` of which only the first has the one sub-processor.
fn list_with_empty_groups(layout: &str, grouped: bool) -> Scenario {
    let mut list = format!(
        "schema_version = 1\n\n[list]\nid = \"unterauftragnehmer\"\ntitle = \"Unterauftragnehmer\"\nplaced_in = \"unterauftraege\"\nlayout = \"{layout}\"\n"
    );
    if grouped {
        list.push_str(
            "\n[[group]]\nid = \"haupt\"\ntitle = \"Hauptleistung\"\ncategory = \"main\"\n\n[[group]]\nid = \"neben\"\ntitle = \"Nebenleistungen\"\ncategory = \"optional\"\n\n[[subprocessor]]\nid = \"rechenzentrum\"\nname = \"Rechenzentrum Nord GmbH\"\ncountry = \"DE\"\nservice = \"Hosting\"\ngroup = \"haupt\"\n",
        );
    }
    Scenario::from_valid("customer-instance").write(LIST, list)
}

#[test]
fn a_list_or_group_without_sub_processors_says_so_in_every_format() {
    const NONE: &str = "Keine Unterauftragnehmer.";
    for layout in ["table", "list"] {
        for grouped in [false, true] {
            let case = format!("{layout}, grouped: {grouped}");
            let scenario = list_with_empty_groups(layout, grouped);
            scenario.validate().clean();
            let folder = load(&scenario);
            let out = render(&folder, false);
            // Ungrouped: the list is empty; grouped: the second group is.
            assert_eq!(out.markdown.matches(NONE).count(), 1, "{case}:\n{}", out.markdown);
            assert_eq!(out.html.matches(NONE).count(), 1, "{case}:\n{}", out.html);
            assert_eq!(out.typst.matches(NONE).count(), 1, "{case}:\n{}", out.typst);
            assert_eq!(out.docx.iter().filter(|p| *p == NONE).count(), 1, "{case}: {:?}", out.docx);
            if grouped {
                // After the empty group's heading, not the other's.
                let markdown = |needle: &str| out.markdown.find(needle).unwrap();
                assert!(markdown("Nebenleistungen") < markdown(NONE), "{case}:\n{}", out.markdown);
                assert!(markdown("Rechenzentrum Nord GmbH") < markdown("Nebenleistungen"), "{case}");
            } else {
                // No table of headings alone, no empty list.
                assert!(!out.markdown.contains("| Unterauftragnehmer |"), "{case}:\n{}", out.markdown);
                assert!(!out.typst.contains("#avv-table(([Unterauftragnehmer]"), "{case}:\n{}", out.typst);
                assert!(!out.html.contains("<ul class=\"entries\">\n</ul>"), "{case}:\n{}", out.html);
            }
            let cell = format!("<tr class=\"empty\"><td colspan=\"4\">{NONE}</td></tr>");
            let paragraph = format!("<p class=\"empty\">{NONE}</p>");
            let expected = if layout == "table" { &cell } else { &paragraph };
            assert!(out.html.contains(expected.as_str()), "{case}:\n{}", out.html);
            let pdf = render_pdf(&Templates::new(None), &folder, None, &Stamp { commit: None }, Some(0));
            assert!(pdf.expect("the PDF compiles").starts_with(b"%PDF-"), "{case}");
        }
    }
    // A list with sub-processors says nothing of the kind.
    let out = render(&load(&Scenario::from_valid("customer-instance")), false);
    assert!(!out.markdown.contains(NONE) && !out.html.contains(NONE) && !out.typst.contains(NONE));
}
