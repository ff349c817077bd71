//! A small agreement, "muster", and a git history of it for the diff,
//! history and notice tests (library and binary):
//!
//! | commit | version | what changes |
//! |---|---|---|
//! | 1 | 1.0 | first version: agreement and sub-processor list, no TOM yet; a customer signs |
//! | 2 | 1.1 | `tom.toml` added; a typo fixed in clause 3 |
//! | 3 | –   | a README, no version change |
//! | 4 | 1.2 | a US sub-processor added, one removed, a measure removed with a tombstone, clause 5.1 reworded; tag `muster/v1.2`; `Approved-by:` trailer |
//!
//! Include it after `git_repo.rs` at the crate root:
//! `#[path = "support/history_fixture.rs"] mod history_fixture;`.

#![allow(dead_code)] // each test binary uses a different part

use crate::git_repo::GitRepo;

/// The agreement's id and folder name.
pub const ID: &str = "muster";
/// Its folder.
pub const DIR: &str = "agreements/muster";

/// `agreement.toml` at version `version`, dated `date`, with the clause
/// texts that differ between versions.
pub fn agreement(version: &str, date: &str, clause_3: &str, clause_5_1: &str) -> String {
    format!(
        r#"#:schema ../../schema/agreement.schema.json
schema_version = 1

[meta]
id = "muster"
kind = "template"
title = "Vertrag zur Auftragsverarbeitung"
version = "{version}"
status = "final"
date = {date}

[[party]]
id = "kunde"
role = "controller"
name = "{{{{ kunde.name }}}}"
designation = ["„Auftraggeber“"]

[[party]]
id = "muster-hosting"
role = "processor"
name = "Muster Hosting GmbH"
lines = ["Hafenstraße 1", "24103 Kiel"]
designation = ["„Auftragnehmer“"]
country = "DE"

[[placeholder]]
key = "kunde.name"
label = "Firma des Auftraggebers"

[particulars]
subject_matter = {{ clause = "gegenstand" }}
duration = {{ kind = "coupled", clause = "gegenstand" }}
nature = {{ clause = "gegenstand" }}
processing_region = "eea"

[particulars.purposes]
item = [{{ id = "hosting", text = "Betrieb der Kundenverwaltung" }}]

[particulars.data_categories]
item = [{{ id = "kontaktdaten", text = "Kontaktdaten" }}]

[particulars.data_subjects]
item = [{{ id = "kunden", text = "Kunden des Auftraggebers" }}]

[subprocessing]
authorisation = "general"
objection_period = "P14D"

[[clause]]
id = "gegenstand"
num = "1."
title = "Gegenstand, Dauer und Art der Verarbeitung"
text = "Der Auftragnehmer betreibt für den Auftraggeber dessen Kundenverwaltung für die Laufzeit des Hauptvertrags."

[[clause]]
id = "weisungen"
num = "2."
title = "Weisungen"
covers = ["art28-3-a", "art28-3-a-transfers", "art28-3-a-legal-requirement", "art28-3-infringing-instruction"]
text = "Der Auftragnehmer verarbeitet die Daten nur auf dokumentierte Weisung und weist auf rechtswidrige Weisungen hin."

[[clause]]
id = "vertraulichkeit"
num = "3."
title = "Vertraulichkeit"
covers = ["art28-3-b"]
text = "{clause_3}"

[[clause]]
id = "sicherheit"
num = "4."
title = "Sicherheit der Verarbeitung"
covers = ["art28-3-c", "art32"]
text = "Der Auftragnehmer trifft die Maßnahmen nach Art. 32 DS-GVO."

[[clause]]
id = "unterauftraege"
num = "5."
title = "Unterauftragsverhältnisse"

[[clause.clause]]
id = "unterauftraege-genehmigung"
num = "1."
covers = ["art28-2", "art28-2-objection", "art28-4", "art28-3-d"]
text = "{clause_5_1}"

[[clause.clause]]
id = "unterauftragnehmer-liste"
num = "2."
covers = ["art28-2"]
text = "Der Auftraggeber stimmt der Beauftragung der folgenden Unterauftragnehmer zu:"
block = [{{ embed = "subprocessors" }}]

[[clause]]
id = "rechte-pflichten"
num = "6."
title = "Unterstützung, Löschung und Nachweise"
covers = ["art28-3-e", "art28-3-f", "art28-3-g", "art28-3-h"]
text = "Der Auftragnehmer unterstützt den Auftraggeber bei Anträgen betroffener Personen und den Pflichten nach Art. 32 bis 36 DS-GVO, löscht nach Ende der Verarbeitung alle Daten und ermöglicht Überprüfungen."

[[signature]]
party = "kunde"
caption = "Ort, Datum, Unterschrift Auftraggeber"

[[signature]]
party = "muster-hosting"
caption = "Ort, Datum, Unterschrift Auftragnehmer"
place = "Kiel"
date = {date}
signatory = "Jana Muster"
"#
    )
}

/// Clause 3 with the typo of version 1.0.
pub const CLAUSE_3_TYPO: &str = "Die Beschäftigten des Auftragnehmers sind zur Vertraulichkiet verpflichtet.";
/// Clause 3 from version 1.1 on.
pub const CLAUSE_3: &str = "Die Beschäftigten des Auftragnehmers sind zur Vertraulichkeit verpflichtet.";
/// Clause 5.1 up to version 1.1.
pub const CLAUSE_5_1_OLD: &str =
    "Der Auftragnehmer darf Unterauftragnehmer einsetzen; er teilt jede Änderung vorab mit.";
/// Clause 5.1 from version 1.2 on.
pub const CLAUSE_5_1: &str = "Der Auftragnehmer darf Unterauftragnehmer einsetzen; er teilt jede Änderung vorab mit, und der Auftraggeber kann innerhalb von 14 Tagen widersprechen.";

const LIST_HEAD: &str = r#"#:schema ../../schema/subprocessors.schema.json
schema_version = 1

[list]
id = "unterauftragnehmer"
title = "Unterauftragnehmer"
placed_in = "unterauftragnehmer-liste"
"#;

/// The data centre, in every version.
pub const RECHENZENTRUM: &str = r#"
[[subprocessor]]
id = "rechenzentrum"
name = "Rechenzentrum Nord GmbH"
address = "Am Kai 5, 24103 Kiel"
country = "DE"
service = "Rechenzentrumsleistungen"
safeguards = [{ label = "ISO 27001 zertifiziert", certifications = ["iso-27001"] }]
"#;

/// The mailing service, removed in 1.2.
pub const MAILVERSAND: &str = r#"
[[subprocessor]]
id = "mailversand"
name = "Mailversand Süd GmbH"
address = "Lindenweg 3, 80331 München"
country = "DE"
service = "Versand von Service-E-Mails"
safeguards = [{ label = "AVV", dpa = true }]
"#;

/// The US ticket system, added in 1.2.
pub const TICKETWARE: &str = r#"
[[subprocessor]]
id = "ticketware"
name = "Ticketware Inc."
short = "Ticketware"
address = "500 Market Street, San Francisco, CA 94105, USA"
country = "US"
service = "Ticketsystem für den Support"
safeguards = [{ label = "EU-Standardvertragsklauseln (Modul 3)", transfer = { mechanism = "scc", module = 3 } }]
"#;

/// `subprocessors.toml` with these entries.
pub fn subprocessors(entries: &[&str]) -> String {
    let mut out = LIST_HEAD.to_owned();
    for entry in entries {
        out.push_str(entry);
    }
    out
}

/// `tom.toml`; `with_fax` keeps the measure version 1.2 removes, `tombstone`
/// adds the record of its removal.
pub fn tom(with_fax: bool, tombstone: bool) -> String {
    let mut out = String::from(
        r#"#:schema ../../schema/tom.schema.json
schema_version = 1

[annex]
id = "tom"
num = "Anlage 1"
title = "Technische und organisatorische Maßnahmen"

[[section]]
id = "zutritt"
num = "1."
title = "Zutrittskontrolle"

[[section.measure]]
id = "schliesssystem"
label = "Schließsystem"
text = "Elektronisches Schließsystem mit Protokollierung."

[[section.measure]]
id = "besucher"
label = "Besucherbegleitung"
text = "Besucher werden stets begleitet."
"#,
    );
    if with_fax {
        out.push_str("\n[[section.measure]]\nid = \"faxgeraet\"\nlabel = \"Faxgerät im Serverraum\"\ntext = \"Eingehende Faxe werden im verschlossenen Serverraum ausgedruckt.\"\n");
    }
    out.push_str(
        r#"
[[section]]
id = "zugang"
num = "2."
title = "Zugangskontrolle"

[[section.measure]]
id = "passwortrichtlinie"
label = "Passwortrichtlinie"
text = "Passwörter haben mindestens 12 Zeichen und werden jährlich geprüft."
"#,
    );
    if tombstone {
        out.push_str("\n[[retired]]\nid = \"faxgeraet\"\nlabel = \"Faxgerät im Serverraum\"\nwas_in = \"zutritt\"\nretired_in = \"1.2\"\nreason = \"Faxe gehen seit 2024 nur noch als verschlüsselte E-Mail ein.\"\n");
    }
    out
}

/// The customer instance signed on version 1.0.
pub const CUSTOMER: &str = r#"#:schema ../../../schema/customer.schema.json
schema_version = 1

[instance]
agreement = "muster"
version = "1.0"
customer_number = "10047"
status = "signed"

[values.kunde]
name = "Beispiel AG"
"#;

/// Commit ids of the fixture history.
pub struct MusterHistory {
    /// The repository.
    pub repo: GitRepo,
    /// Version 1.0.
    pub v1_0: String,
    /// Version 1.1.
    pub v1_1: String,
    /// The README commit.
    pub readme: String,
    /// Version 1.2 (HEAD).
    pub v1_2: String,
}

/// Writes version 1.0 into `repo` under `dir` (no commit).
pub fn write_v1_0(repo: &GitRepo, dir: &str) {
    repo.write(&format!("{dir}/agreement.toml"), &agreement("1.0", "2024-01-15", CLAUSE_3_TYPO, CLAUSE_5_1_OLD))
        .write(&format!("{dir}/subprocessors.toml"), &subprocessors(&[RECHENZENTRUM, MAILVERSAND]))
        .write(&format!("{dir}/customers/beispiel.toml"), CUSTOMER);
}

/// Writes version 1.1 into `repo` under `dir` (no commit).
pub fn write_v1_1(repo: &GitRepo, dir: &str) {
    repo.write(&format!("{dir}/agreement.toml"), &agreement("1.1", "2024-02-01", CLAUSE_3, CLAUSE_5_1_OLD))
        .write(&format!("{dir}/tom.toml"), &tom(true, false));
}

/// Writes version 1.2 into `repo` under `dir` (no commit).
pub fn write_v1_2(repo: &GitRepo, dir: &str) {
    repo.write(&format!("{dir}/agreement.toml"), &agreement("1.2", "2024-03-01", CLAUSE_3, CLAUSE_5_1))
        .write(&format!("{dir}/subprocessors.toml"), &subprocessors(&[RECHENZENTRUM, TICKETWARE]))
        .write(&format!("{dir}/tom.toml"), &tom(false, true));
}

/// The whole fixture history (see the module documentation).
pub fn muster_history() -> MusterHistory {
    let mut repo = GitRepo::new();
    write_v1_0(&repo, DIR);
    let v1_0 = repo.commit("muster 1.0: erste Fassung");
    write_v1_1(&repo, DIR);
    let v1_1 = repo.commit("muster 1.1: TOM als Anlage 1");
    repo.write("README.md", "# Verträge\n");
    let readme = repo.commit("README");
    write_v1_2(&repo, DIR);
    let v1_2 =
        repo.commit("muster 1.2: Ticketware statt Mailversand\n\nApproved-by: Dr. Daten Schutz <dsb@example.org>\n");
    repo.tag("muster/v1.2");
    MusterHistory { repo, v1_0, v1_1, readme, v1_2 }
}
