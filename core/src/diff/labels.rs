//! German labels for every field of the model, as a data-protection officer
//! names them in a change text: "Aktualisierung AVV: Ort der Verarbeitung",
//! "Aktualisierung Punkt 2.2 AVV (Kurzbezeichnung)".
//!
//! The structural diff splits each file into nodes (the file's root and
//! every array element with an identity: a clause, a sub-processor, a
//! measure, …) and addresses every changed value by its namespace and its
//! *shape*: the path relative to the node, keys joined by `/`, array
//! indices replaced by `*` (`block/*/list/*/text`). [`field_label`] looks
//! the pair up in one table of glob patterns, where `*` matches exactly one
//! segment and `**` any number of segments (none included); the first
//! matching row wins, so specific rows come before general ones.
//!
//! A unit test walks the committed JSON Schemas of all four file kinds and
//! fails for every field without a label, so a field added to the model
//! must be named here too.

use super::structure::matches;

/// Namespaces of the four file roots.
const ROOTS: &[&str] = &["agreement", "tom", "subprocessors", "customer"];

/// Nodes that hold content blocks under `block`.
const BLOCKS: &[&str] = &["clause", "annex", "section"];

/// Nodes with reasoned exceptions to validation rules under `allow`.
const ALLOWING: &[&str] = &["clause", "list-entry", "version-row", "subprocessor", "section", "measure", "explanation"];

/// Nodes whose identity is an `id` field.
const IDENTIFIED: &[&str] = &[
    "clause",
    "annex",
    "party",
    "reference",
    "service",
    "footnote",
    "item",
    "list-entry",
    "group",
    "note",
    "subprocessor",
    "site",
    "section",
    "measure",
    "explanation",
    "retired",
];

/// The label table: the namespaces a row applies to, the shape pattern and
/// the label. First match in table order wins.
static LABELS: &[(&[&str], &str, &str)] = &[
    // Every root.
    (ROOTS, "schema_version", "Formatversion"),
    // agreement.toml: document metadata.
    (&["agreement"], "meta", "Angaben zum Dokument"),
    (&["agreement"], "meta/id", "Kennung des Vertrags"),
    (&["agreement"], "meta/previous_ids", "frühere Kennungen des Vertrags"),
    (&["agreement"], "meta/kind", "Art des Dokuments"),
    (&["agreement"], "meta/title", "Titel"),
    (&["agreement"], "meta/subtitle", "Untertitel"),
    (&["agreement"], "meta/language", "Sprache"),
    (&["agreement"], "meta/version", "Version"),
    (&["agreement"], "meta/status", "Status"),
    (&["agreement"], "meta/status_label", "Statusbezeichnung"),
    (&["agreement"], "meta/date", "Stand (Datum)"),
    (&["agreement"], "meta/date_style", "Datumsformat"),
    (&["agreement"], "meta/responsible", "Verantwortlich"),
    (&["agreement"], "meta/label", "Kurzbezeichnung des Vertrags"),
    (&["agreement"], "meta/stand_line", "Stand-Zeile"),
    (&["agreement"], "meta/annex_separator", "Trennzeichen in Anlagenüberschriften"),
    (&["agreement"], "meta/blank", "Darstellung leerer Felder"),
    (&["agreement"], "meta/allow/**", "Ausnahmen von Prüfregeln"),
    // agreement.toml: role terms.
    (&["agreement"], "roles", "Rollenbezeichnungen"),
    (&["agreement"], "roles/controller", "Bezeichnung des Auftraggebers"),
    (&["agreement"], "roles/processor", "Bezeichnung des Auftragnehmers"),
    // agreement.toml: the particulars of Art. 28(3) first sentence.
    (&["agreement"], "particulars", "Angaben nach Art. 28 Abs. 3 DS-GVO"),
    (&["agreement"], "particulars/subject_matter", "Gegenstand der Verarbeitung"),
    (&["agreement"], "particulars/subject_matter/clause", "Gegenstand der Verarbeitung (Regelung im Vertrag)"),
    (&["agreement"], "particulars/subject_matter/delegated_to", "Gegenstand der Verarbeitung (Verweis auf Dokument)"),
    (&["agreement"], "particulars/duration", "Dauer der Verarbeitung"),
    (&["agreement"], "particulars/duration/kind", "Art der Laufzeit"),
    (&["agreement"], "particulars/duration/clause", "Dauer der Verarbeitung (Regelung im Vertrag)"),
    (&["agreement"], "particulars/duration/reference", "Dauer der Verarbeitung (Hauptvertrag)"),
    (&["agreement"], "particulars/duration/choice", "Dauer der Verarbeitung (Auswahl)"),
    (&["agreement"], "particulars/duration/notice_period", "Kündigungsfrist"),
    (&["agreement"], "particulars/nature", "Art der Verarbeitung"),
    (&["agreement"], "particulars/nature/clause", "Art der Verarbeitung (Regelung im Vertrag)"),
    (&["agreement"], "particulars/nature/delegated_to", "Art der Verarbeitung (Verweis auf Dokument)"),
    (&["agreement"], "particulars/processing_region", "Ort der Verarbeitung"),
    (&["agreement"], "particulars/special_categories", "besondere Kategorien personenbezogener Daten"),
    (&["agreement"], "particulars/professional_secrecy", "Berufsgeheimnis (§ 203 StGB)"),
    (&["agreement"], "particulars/purposes", "Zwecke der Verarbeitung"),
    (&["agreement"], "particulars/purposes/source", "Zwecke der Verarbeitung (Herkunft der Angaben)"),
    (&["agreement"], "particulars/purposes/clause", "Zwecke der Verarbeitung (Regelung im Vertrag)"),
    (&["agreement"], "particulars/purposes/delegated_to", "Zwecke der Verarbeitung (Verweis auf Dokument)"),
    (&["agreement"], "particulars/data_categories", "Arten personenbezogener Daten"),
    (&["agreement"], "particulars/data_categories/source", "Arten personenbezogener Daten (Herkunft der Angaben)"),
    (&["agreement"], "particulars/data_categories/clause", "Arten personenbezogener Daten (Regelung im Vertrag)"),
    (
        &["agreement"],
        "particulars/data_categories/delegated_to",
        "Arten personenbezogener Daten (Verweis auf Dokument)",
    ),
    (&["agreement"], "particulars/data_subjects", "Kategorien betroffener Personen"),
    (&["agreement"], "particulars/data_subjects/source", "Kategorien betroffener Personen (Herkunft der Angaben)"),
    (&["agreement"], "particulars/data_subjects/clause", "Kategorien betroffener Personen (Regelung im Vertrag)"),
    (
        &["agreement"],
        "particulars/data_subjects/delegated_to",
        "Kategorien betroffener Personen (Verweis auf Dokument)",
    ),
    // agreement.toml: sub-processing terms (Art. 28(2), (4)).
    (&["agreement"], "subprocessing", "Regelungen zu Unterauftragsverhältnissen"),
    (&["agreement"], "subprocessing/authorisation", "Genehmigung von Unterauftragnehmern"),
    (&["agreement"], "subprocessing/objection_period", "Einspruchsfrist"),
    (&["agreement"], "subprocessing/special_termination", "Sonderkündigungsrecht (Frist)"),
    (&["agreement"], "subprocessing/external_list", "externe Liste der Unterauftragnehmer"),
    (&["agreement"], "subprocessing/external_list/url", "Fundstelle der Liste der Unterauftragnehmer"),
    (&["agreement"], "subprocessing/choice", "Auswahl der Bedingungen je Kunde"),
    (&["agreement"], "subprocessing/terms", "Bedingungen je Auswahl"),
    (&["agreement"], "subprocessing/terms/*", "Bedingungen einer Auswahl"),
    (&["agreement"], "subprocessing/terms/*/option", "Option der Bedingungen"),
    (&["agreement"], "subprocessing/terms/*/authorisation", "Genehmigung bei dieser Option"),
    (&["agreement"], "subprocessing/terms/*/objection_period", "Einspruchsfrist bei dieser Option"),
    (&["agreement"], "subprocessing/terms/*/special_termination", "Sonderkündigungsrecht bei dieser Option"),
    // agreement.toml: the processor's data protection officer.
    (&["agreement"], "dpo", "Datenschutzbeauftragter"),
    (&["agreement"], "dpo/status", "Benennung eines Datenschutzbeauftragten"),
    (&["agreement"], "dpo/person", "Kontaktdaten des Datenschutzbeauftragten"),
    (&["agreement"], "dpo/person/name", "Name des Datenschutzbeauftragten"),
    (&["agreement"], "dpo/person/lines", "Kontaktdaten des Datenschutzbeauftragten"),
    (&["agreement"], "dpo/person/email", "E-Mail-Adresse des Datenschutzbeauftragten"),
    (&["agreement"], "dpo/person/phone", "Telefonnummer des Datenschutzbeauftragten"),
    (&["agreement"], "dpo/published_in", "Veröffentlichung der Kontaktdaten des Datenschutzbeauftragten"),
    (&["agreement"], "dpo/choice", "Datenschutzbeauftragter (Auswahl)"),
    // agreement.toml: instructions.
    (&["agreement"], "instructions", "Weisungsberechtigte und Weisungsempfänger"),
    (&["agreement"], "instructions/authorised/**", "Weisungsberechtigte"),
    (&["agreement"], "instructions/recipients/**", "Weisungsempfänger"),
    (&["agreement"], "instructions/channels", "Kommunikationswege für Weisungen"),
    (&["agreement"], "instructions/retention", "Aufbewahrungsdauer von Weisungen"),
    // agreement.toml: print order, cover letter, text around the clauses.
    (&["agreement"], "part", "Aufbau des Dokuments"),
    (&["agreement"], "part/*", "Teil des Dokuments"),
    (&["agreement"], "part/*/kind", "Art des Dokumentteils"),
    (&["agreement"], "part/*/annex", "Anlage im Aufbau des Dokuments"),
    (&["agreement"], "cover/**", "Anschreiben"),
    (&["agreement"], "body", "Einleitung und Schlusstext"),
    (&["agreement"], "body/preamble/**", "Einleitung"),
    (&["agreement"], "body/closing/**", "Schlusstext"),
    // agreement.toml: the imported version table.
    (&["agreement"], "history", "Versionshistorie"),
    (&["agreement"], "history/columns", "Spalten der Versionshistorie"),
    // tom.toml: the annex heading and introduction.
    (&["tom"], "annex", "Kopf der Anlage"),
    (&["tom"], "annex/id", "Kennung der Anlage"),
    (&["tom"], "annex/num", "Bezeichnung der Anlage"),
    (&["tom"], "annex/title", "Titel der Anlage"),
    (&["tom"], "annex/version", "Version der Anlage"),
    (&["tom"], "annex/date", "Stand der Anlage (Datum)"),
    (&["tom"], "annex/subtitle", "Untertitel der Anlage"),
    (&["tom"], "annex/label", "Kurzbezeichnung der Anlage"),
    (&["tom"], "annex/block/**", "Einleitung der Anlage"),
    (&["tom"], "annex/toc", "Inhaltsverzeichnis"),
    (&["tom"], "annex/table", "Darstellung als Maßnahmentabelle"),
    (&["tom"], "annex/table/columns", "Spalten der Maßnahmentabelle"),
    (&["tom"], "annex/table/columns/*", "Spalte der Maßnahmentabelle"),
    (&["tom"], "annex/table/columns/*/header", "Spaltenüberschrift der Maßnahmentabelle"),
    (&["tom"], "annex/table/columns/*/field", "Inhalt einer Spalte der Maßnahmentabelle"),
    (&["tom"], "annex/table/columns/*/kind", "Art der Maßnahmen einer Spalte der Maßnahmentabelle"),
    (&["tom"], "annex/table/per_section", "eine Maßnahmentabelle je Abschnitt"),
    (&["tom"], "annex/table/repeat_section", "Kontrollbereich in jeder Zeile der Maßnahmentabelle"),
    (&["tom"], "annex/table/technical", "Bezeichnung technischer Maßnahmen in der Tabelle"),
    (&["tom"], "annex/table/organisational", "Bezeichnung organisatorischer Maßnahmen in der Tabelle"),
    (&["tom"], "annex/table/physical", "Bezeichnung physischer Maßnahmen in der Tabelle"),
    (&["tom"], "annex/table/legal", "Bezeichnung rechtlicher Maßnahmen in der Tabelle"),
    (&["tom"], "annex/table/after/**", "Text nach der Maßnahmentabelle"),
    (&["tom"], "annex/allow/**", "Ausnahmen von Prüfregeln"),
    // subprocessors.toml: how and where the list is printed.
    (&["subprocessors"], "list", "Liste der Unterauftragnehmer"),
    (&["subprocessors"], "list/id", "Kennung der Liste"),
    (&["subprocessors"], "list/num", "Bezeichnung der Anlage"),
    (&["subprocessors"], "list/title", "Titel der Liste"),
    (&["subprocessors"], "list/version", "Version der Liste"),
    (&["subprocessors"], "list/date", "Stand der Liste (Datum)"),
    (&["subprocessors"], "list/placed_in", "abgedruckt in"),
    (&["subprocessors"], "list/layout", "Darstellung"),
    (&["subprocessors"], "list/columns/*/field", "Spalten (Inhalt)"),
    (&["subprocessors"], "list/columns/*/key", "Spalten (Schlüssel der freien Spalte)"),
    (&["subprocessors"], "list/columns/*/header", "Spalten (Überschrift)"),
    (&["subprocessors"], "list/columns/*/codes", "Spalten (Länder als Kürzel)"),
    (&["subprocessors"], "list/columns/**", "Spalten"),
    // Customer instances.
    (&["customer"], "instance", "unterzeichneter Vertrag"),
    (&["customer"], "instance/agreement", "zugrunde liegender Vertrag"),
    (&["customer"], "instance/version", "unterzeichnete Version"),
    (&["customer"], "instance/customer_number", "Kundennummer"),
    (&["customer"], "instance/publish", "öffentlich veröffentlicht"),
    (&["customer"], "instance/contract_date", "Vertragsdatum"),
    (&["customer"], "instance/status", "Vertragsstatus"),
    (&["customer"], "values/**", "Angaben des Kunden"),
    (&["customer"], "choices/**", "gewählte Optionen"),
    (&["customer"], "particulars", "Angaben des Kunden zur Verarbeitung"),
    (&["customer"], "contact/*/name", "Name des Ansprechpartners"),
    (&["customer"], "contact/*/role", "Funktion des Ansprechpartners"),
    (&["customer"], "contact/*/email", "E-Mail-Adresse des Ansprechpartners"),
    (&["customer"], "contact/*/phone", "Telefonnummer des Ansprechpartners"),
    (&["customer"], "contact/*/authorised_to_instruct", "Weisungsbefugnis des Ansprechpartners"),
    (&["customer"], "contact/**", "Ansprechpartner"),
    (&["customer"], "mailing", "Postanschrift für Mitteilungen"),
    (&["customer"], "mailing/address", "Postanschrift für Mitteilungen"),
    (&["customer"], "mailing/since", "Postanschrift für Mitteilungen gültig seit"),
    (&["customer"], "signing", "Unterzeichnung"),
    (&["customer"], "signing/place", "Ort der Unterzeichnung"),
    (&["customer"], "signing/date", "Datum der Unterzeichnung"),
    (&["customer"], "signing/parties", "Unterzeichnung weiterer Parteien"),
    (&["customer"], "signing/parties/*", "Unterzeichnung einer Partei"),
    (&["customer"], "signing/parties/*/party", "unterzeichnende Partei"),
    (&["customer"], "signing/parties/*/place", "Ort der Unterzeichnung der Partei"),
    (&["customer"], "signing/parties/*/date", "Datum der Unterzeichnung der Partei"),
    // Every node with an `id`, and every node with allowances.
    (IDENTIFIED, "id", "Kennung"),
    (ALLOWING, "allow/**", "Ausnahmen von Prüfregeln"),
    // Content blocks of clauses, free annexes and TOM sections.
    (BLOCKS, "block", "Textblöcke"),
    (BLOCKS, "block/*", "Textblock"),
    (BLOCKS, "block/*/p", "Absatz"),
    (BLOCKS, "block/*/list/**", "Aufzählung"),
    (BLOCKS, "block/*/table/**", "Tabelle"),
    (BLOCKS, "block/*/embed", "eingebundene Angaben"),
    (BLOCKS, "block/*/choice", "Auswahl"),
    (BLOCKS, "block/*/option/**", "Auswahlmöglichkeit"),
    (BLOCKS, "block/*/select", "Art der Auswahl"),
    (BLOCKS, "block/*/blank", "Freitextfeld"),
    (BLOCKS, "block/*/style", "Aufzählungszeichen"),
    (BLOCKS, "block/*/groups", "dargestellte Gruppen von Unterauftragnehmern"),
    // A clause.
    (&["clause"], "num", "Nummer"),
    (&["clause"], "ref", "Verweisform"),
    (&["clause"], "title", "Überschrift"),
    (&["clause"], "label", "Kurzbezeichnung"),
    (&["clause"], "text", "Text"),
    (&["clause"], "covers", "abgedeckte Pflichtinhalte nach Art. 28"),
    (&["clause"], "topic", "Themen"),
    (&["clause"], "locked", "unveränderlich"),
    (&["clause"], "optional", "optional (Wahl des Kunden)"),
    // A free annex.
    (&["annex"], "num", "Bezeichnung der Anlage"),
    (&["annex"], "title", "Titel"),
    (&["annex"], "label", "Kurzbezeichnung"),
    // A list entry with an id.
    (&["list-entry"], "num", "Nummer"),
    (&["list-entry"], "label", "Kurzbezeichnung"),
    (&["list-entry"], "text", "Text"),
    (&["list-entry"], "list/**", "Unterpunkte"),
    (&["list-entry"], "style", "Aufzählungszeichen der Unterpunkte"),
    (&["list-entry"], "covers", "abgedeckte Pflichtinhalte nach Art. 28"),
    // A contracting party.
    (&["party"], "role", "Rolle"),
    (&["party"], "lead", "einleitende Worte"),
    (&["party"], "name", "Name"),
    (&["party"], "lines", "Anschrift und weitere Angaben"),
    (&["party"], "inline", "einzeilige Darstellung"),
    (&["party"], "designation", "Bezeichnung im Vertrag"),
    (&["party"], "country", "Sitzland"),
    // An external document.
    (&["reference"], "kind", "Art des Dokuments"),
    (&["reference"], "title", "Titel"),
    (&["reference"], "url", "Fundstelle (URL)"),
    // A placeholder.
    (&["placeholder"], "key", "Schlüssel"),
    (&["placeholder"], "label", "Bezeichnung"),
    (&["placeholder"], "type", "Art der Angabe"),
    (&["placeholder"], "required", "Pflichtangabe"),
    (&["placeholder"], "fill", "ausfüllende Partei"),
    (&["placeholder"], "blank", "Darstellung im Blankoformular"),
    // A service.
    (&["service"], "name", "Bezeichnung"),
    (&["service"], "short", "Kurzname"),
    (&["service"], "kind", "Art der Leistung"),
    // A signature block.
    (&["signature"], "party", "unterzeichnende Partei"),
    (&["signature"], "caption", "Beschriftung"),
    (&["signature"], "place", "Ort"),
    (&["signature"], "date", "Datum"),
    (&["signature"], "signatory", "Unterzeichner"),
    (&["signature"], "signatory_role", "Funktion des Unterzeichners"),
    // A footnote.
    (&["footnote"], "text", "Text"),
    // A purpose, data category or category of data subjects.
    (&["item"], "num", "Nummer"),
    (&["item"], "text", "Text"),
    (&["item"], "details", "Einzelheiten"),
    (&["item"], "items", "Unterpunkte"),
    (&["item"], "special", "besondere Kategorien personenbezogener Daten"),
    (&["item"], "dpv", "DPV-Klassen"),
    // A row of the imported version table.
    (&["version-row"], "version", "Version"),
    (&["version-row"], "status", "Status"),
    (&["version-row"], "date", "Datum"),
    (&["version-row"], "responsible", "Verantwortlich"),
    (&["version-row"], "change", "Änderung"),
    (&["version-row"], "kinds", "Art der Änderung"),
    // A changelog note.
    (&["changelog"], "version", "Version"),
    (&["changelog"], "summary", "Zusammenfassung"),
    (&["changelog"], "formal", "formale Korrekturen"),
    (&["changelog"], "effective", "wirksam ab"),
    // A sub-processor group and its notes.
    (&["group"], "num", "Nummer"),
    (&["group"], "title", "Überschrift"),
    (&["group"], "category", "Kategorie"),
    (&["note"], "num", "Nummer"),
    (&["note"], "text", "Text"),
    // A sub-processor.
    (&["subprocessor"], "group", "Gruppe"),
    (&["subprocessor"], "name", "Firma"),
    (&["subprocessor"], "short", "Kurzname"),
    (&["subprocessor"], "address", "Anschrift"),
    (&["subprocessor"], "extra/**", "weitere Angaben"),
    (&["subprocessor"], "country", "Sitzland"),
    (&["subprocessor"], "processing", "Ort der Verarbeitung"),
    (&["subprocessor"], "processing/location", "Verarbeitungsort"),
    (&["subprocessor"], "processing/countries", "Verarbeitungsländer"),
    (&["subprocessor"], "processing/regions", "Verarbeitungsregionen"),
    (&["subprocessor"], "service", "Leistung"),
    (&["subprocessor"], "category", "Kategorie"),
    (&["subprocessor"], "safeguards/*/dpa", "Auftragsverarbeitungsvertrag mit dem Unterauftragnehmer"),
    (&["subprocessor"], "safeguards/*/certifications", "Zertifizierungen"),
    (&["subprocessor"], "safeguards/*/attestations", "Testate"),
    (&["subprocessor"], "safeguards/*/codes_of_conduct", "Verhaltensregeln"),
    (&["subprocessor"], "safeguards/*/transfer/decision", "Angemessenheitsbeschluss"),
    (&["subprocessor"], "safeguards/*/transfer/instrument", "Standardvertragsklauseln (Fassung)"),
    (&["subprocessor"], "safeguards/*/transfer/module", "Standardvertragsklauseln (Modul)"),
    (&["subprocessor"], "safeguards/*/transfer/point", "Ausnahme nach Art. 49 Abs. 1 DS-GVO"),
    (&["subprocessor"], "safeguards/*/transfer/**", "Übermittlungsgrundlage"),
    (&["subprocessor"], "safeguards/**", "Datenschutzmaßnahmen"),
    (&["subprocessor"], "since", "wirksam ab"),
    (&["subprocessor"], "notified", "mitgeteilt am"),
    (&["subprocessor"], "replaces", "ersetzt"),
    // A site.
    (&["site"], "kind", "Art des Standorts"),
    (&["site"], "name", "Name"),
    (&["site"], "city", "Ort"),
    (&["site"], "country", "Land"),
    (&["site"], "operator", "Betreiber"),
    // TOM sections and measures.
    (&["section", "measure"], "num", "Nummer"),
    (&["section"], "ref", "Verweisform"),
    (&["section"], "title", "Überschrift"),
    (&["section"], "heading_style", "Darstellung der Überschrift"),
    (&["measure"], "label", "Kurzbezeichnung"),
    (&["measure"], "title", "Stichwort"),
    (&["measure"], "text", "Text"),
    (&["measure"], "kind", "Art der Maßnahme"),
    (&["measure"], "statement", "Art des Eintrags"),
    (&["measure"], "condition", "Bedingung"),
    (&["measure"], "mentions", "genannte Anbieter"),
    (&["measure"], "style", "Darstellung"),
    (&["measure"], "dpv", "DPV-Klassen"),
    (&["section", "measure"], "objective", "Schutzziele"),
    (&["section", "measure"], "control", "Kontrollkategorien"),
    (&["section", "measure"], "scope", "Geltungsbereich"),
    (&["section", "measure"], "scope/sites", "Geltungsbereich (Standorte)"),
    (&["section", "measure"], "scope/services", "Geltungsbereich (Leistungen)"),
    (&["section", "measure"], "scope/**", "Geltungsbereich"),
    (&["section", "measure"], "responsible", "Verantwortung"),
    (&["section", "measure"], "provided_by", "erbracht durch"),
    // A plain-language explanation.
    (&["explanation"], "heading", "Überschrift"),
    (&["explanation"], "text", "Text"),
    (&["explanation"], "explains", "erläuterte Abschnitte"),
    // A removed measure and a justification for a weakened one.
    (&["retired"], "label", "Kurzbezeichnung"),
    (&["retired"], "was_in", "früherer Abschnitt"),
    (&["retired"], "retired_in", "entfallen in Version"),
    (&["retired"], "reason", "Begründung"),
    (&["retired"], "replaced_by", "ersetzt durch"),
    (&["justification"], "target", "betroffene Maßnahme"),
    (&["justification"], "version", "Version"),
    (&["justification"], "kind", "Art der Abschwächung"),
    (&["justification"], "reason", "Begründung"),
    (&["justification"], "compensating", "ausgleichende Maßnahmen"),
];

/// The German label of a field: `ns` is the node's namespace (listed below),
/// `shape` its path relative to the node with indices as `*`.
///
/// Namespaces are the roots `agreement`, `tom`, `subprocessors` and
/// `customer` and the nodes `clause`, `annex`, `party`, `reference`,
/// `placeholder`, `service`, `signature`, `footnote`, `item`,
/// `version-row`, `changelog`, `list-entry`, `group`, `note`,
/// `subprocessor`, `site`, `section`, `measure`, `explanation`, `retired`
/// and `justification`. `None` for a field the table does not know.
///
/// ```
/// use avv_core::diff::labels::field_label;
/// assert_eq!(field_label("agreement", "particulars/processing_region"), Some("Ort der Verarbeitung"));
/// assert_eq!(field_label("clause", "label"), Some("Kurzbezeichnung"));
/// ```
pub fn field_label(ns: &str, shape: &str) -> Option<&'static str> {
    LABELS
        .iter()
        .find(|(namespaces, pattern, _)| namespaces.contains(&ns) && matches(pattern, shape))
        .map(|&(_, _, label)| label)
}

/// The fields whose values are codes of a code list (by the list's type
/// name, as the schema names its definition), so that change texts print
/// the code's German label. First match wins.
static CODES: &[(&[&str], &str, &str)] = &[
    (&["agreement"], "dpo/status", "DpoStatus"),
    (&["agreement"], "meta/date_style", "DateStyle"),
    (&["agreement"], "meta/kind", "AgreementKind"),
    (&["agreement"], "meta/status", "Status"),
    (&["agreement"], "part/*/kind", "PartKind"),
    (&["agreement"], "particulars/*/source", "ParticularsSource"),
    (&["agreement"], "particulars/duration/kind", "DurationKind"),
    (&["agreement"], "particulars/processing_region", "ProcessingRegion"),
    (&["agreement"], "particulars/special_categories", "SpecialCategory"),
    (&["agreement"], "subprocessing/authorisation", "Authorisation"),
    (&["agreement"], "subprocessing/terms/*/authorisation", "Authorisation"),
    (&["customer"], "instance/status", "InstanceStatus"),
    (&["group", "subprocessor"], "category", "SubprocessorCategory"),
    (&["item"], "special", "SpecialCategory"),
    (&["justification"], "kind", "JustificationKind"),
    (&["measure"], "style", "MeasureStyle"),
    (&["measure"], "condition", "Condition"),
    (&["measure"], "kind", "MeasureKind"),
    (&["measure"], "statement", "Statement"),
    (&["measure", "section"], "control", "Control"),
    (&["measure", "section"], "objective", "Objective"),
    (&["measure", "section"], "responsible", "Responsible"),
    (&["section"], "heading_style", "HeadingStyle"),
    (&["party"], "role", "PartyRole"),
    (&["placeholder"], "fill", "Fill"),
    (&["placeholder"], "type", "PlaceholderType"),
    (&["reference"], "kind", "ReferenceKind"),
    (&["service"], "kind", "ServiceKind"),
    (&["site"], "kind", "SiteKind"),
    (&["subprocessor"], "processing/regions", "Region"),
    (&["party", "subprocessor", "site"], "country", COUNTRY),
    (&["subprocessor"], "processing/countries", COUNTRY),
    (&["subprocessor"], "safeguards/*/attestations", "AttestationCode"),
    (&["subprocessor"], "safeguards/*/certifications", "CertificationCode"),
    (&["subprocessor"], "safeguards/*/codes_of_conduct", "CodeOfConductCode"),
    (&["subprocessor"], "safeguards/*/transfer/decision", "AdequacyDecision"),
    (&["subprocessor"], "safeguards/*/transfer/mechanism", "TransferMechanism"),
    (&["subprocessors"], "list/columns/*/field", "SubprocessorField"),
    (&["tom"], "annex/table/columns/*/field", "MeasureColumnField"),
    (&["tom"], "annex/table/columns/*/kind", "MeasureKind"),
    (&["subprocessors"], "list/layout", "ListLayout"),
    (&["version-row"], "kinds", "ChangeKind"),
    (&["clause"], "topic", "Topic"),
    // Blocks, wherever they are (clauses, annexes, sections, the cover
    // letter, the body, the TOM's introduction, the options of a choice).
    (&["clause", "list-entry", "agreement", "annex", "section", "tom"], "**/covers", "Art28Item"),
    (&["clause", "agreement", "annex", "section", "tom"], "**/embed", "EmbedTarget"),
    (&["clause", "agreement", "annex", "section", "tom"], "**/select", "ChoiceSelect"),
    (&["clause", "list-entry", "agreement", "annex", "section", "tom"], "**/style", "ListStyle"),
];

/// The code list a field's values come from (`ProcessingRegion`), if any.
pub fn code_type(ns: &str, shape: &str) -> Option<&'static str> {
    CODES
        .iter()
        .find(|(namespaces, pattern, _)| namespaces.contains(&ns) && matches(pattern, shape))
        .map(|&(_, _, t)| t)
}

/// The German label of `code` as a value of the field, if the field holds
/// codes and `code` is one of them ("weltweit" for `worldwide`).
pub fn code_label(ns: &str, shape: &str, code: &str) -> Option<&'static str> {
    match code_type(ns, shape)? {
        COUNTRY => crate::model::countries::name_de(code),
        "Region" => crate::model::subprocessor::Region::label_of(code),
        list => crate::model::codes::label_de_of(list, code),
    }
}

/// Fields of ISO 3166-1 codes, which read as the country's German name.
const COUNTRY: &str = "Country";

/// The schema walk shared with the diff's completeness test.
#[cfg(test)]
#[path = "../../tests/support/schema_walk.rs"]
mod schema_walk;

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(pattern: &str, shape: &str) -> bool {
        matches(pattern, shape)
    }

    #[test]
    fn glob_matches_segment_by_segment() {
        assert!(glob("meta/title", "meta/title"));
        assert!(!glob("meta/title", "meta/subtitle"));
        assert!(!glob("meta/title", "meta"));
        assert!(!glob("meta", "meta/title"));
        assert!(!glob("meta/tit", "meta/title"));
        assert!(glob("block/*/p", "block/*/p"));
        assert!(glob("block/*/p", "block/3/p"));
        assert!(!glob("block/*/p", "block/p"));
        assert!(!glob("block/*/p", "block/*/*/p"));
        assert!(glob("*", "schema_version"));
        assert!(!glob("*", ""));
        assert!(glob("", ""));
    }

    #[test]
    fn glob_double_star_matches_any_number_of_segments() {
        assert!(glob("values/**", "values"));
        assert!(glob("values/**", "values/kunde"));
        assert!(glob("values/**", "values/kunde/firma"));
        assert!(!glob("values/**", "choices/kunde"));
        assert!(glob("**", ""));
        assert!(glob("**", "a/b/c"));
        assert!(glob("**/text", "text"));
        assert!(glob("**/text", "block/*/list/*/text"));
        assert!(!glob("**/text", "block/*/list/*/textual"));
        assert!(glob("block/*/list/**/text", "block/*/list/text"));
        assert!(glob("block/*/list/**/text", "block/*/list/*/list/*/text"));
        assert!(!glob("block/*/list/**/text", "block/*/list/*/num"));
        assert!(glob("a/**/**/b", "a/b"));
        assert!(glob("a/**/**/b", "a/x/y/b"));
    }

    #[test]
    fn concrete_labels() {
        let cases = [
            ("agreement", "schema_version", "Formatversion"),
            ("customer", "schema_version", "Formatversion"),
            ("agreement", "meta/title", "Titel"),
            ("agreement", "meta/subtitle", "Untertitel"),
            ("agreement", "meta/stand_line", "Stand-Zeile"),
            ("agreement", "meta/version", "Version"),
            ("agreement", "meta/date", "Stand (Datum)"),
            ("agreement", "meta/status", "Status"),
            ("agreement", "meta/responsible", "Verantwortlich"),
            ("agreement", "meta/label", "Kurzbezeichnung des Vertrags"),
            ("agreement", "meta/blank", "Darstellung leerer Felder"),
            ("agreement", "meta/allow/*/reason", "Ausnahmen von Prüfregeln"),
            ("agreement", "roles/controller", "Bezeichnung des Auftraggebers"),
            ("agreement", "particulars/processing_region", "Ort der Verarbeitung"),
            ("agreement", "particulars/special_categories", "besondere Kategorien personenbezogener Daten"),
            ("agreement", "particulars/professional_secrecy", "Berufsgeheimnis (§ 203 StGB)"),
            ("agreement", "instructions/recipients", "Weisungsempfänger"),
            ("agreement", "instructions/recipients/*/value", "Weisungsempfänger"),
            ("agreement", "instructions/authorised/*/label", "Weisungsberechtigte"),
            ("agreement", "dpo/person/name", "Name des Datenschutzbeauftragten"),
            ("clause", "title", "Überschrift"),
            ("clause", "text", "Text"),
            ("clause", "label", "Kurzbezeichnung"),
            ("clause", "num", "Nummer"),
            ("clause", "ref", "Verweisform"),
            ("clause", "covers", "abgedeckte Pflichtinhalte nach Art. 28"),
            ("clause", "topic", "Themen"),
            ("clause", "locked", "unveränderlich"),
            ("clause", "allow/*/rule", "Ausnahmen von Prüfregeln"),
            ("clause", "block/*/p", "Absatz"),
            ("clause", "block/*/list", "Aufzählung"),
            ("clause", "block/*/list/*/text", "Aufzählung"),
            ("clause", "block/*/table/rows", "Tabelle"),
            ("clause", "block/*/option/*/block/*/p", "Auswahlmöglichkeit"),
            ("clause", "block/*/style", "Aufzählungszeichen"),
            ("subprocessor", "name", "Firma"),
            ("subprocessor", "short", "Kurzname"),
            ("subprocessor", "address", "Anschrift"),
            ("subprocessor", "country", "Sitzland"),
            ("subprocessor", "processing/location", "Verarbeitungsort"),
            ("subprocessor", "processing/countries", "Verarbeitungsländer"),
            ("subprocessor", "processing/regions", "Verarbeitungsregionen"),
            ("subprocessor", "service", "Leistung"),
            ("subprocessor", "category", "Kategorie"),
            ("subprocessor", "safeguards", "Datenschutzmaßnahmen"),
            ("subprocessor", "safeguards/*/label", "Datenschutzmaßnahmen"),
            ("subprocessor", "safeguards/*/transfer/mechanism", "Übermittlungsgrundlage"),
            ("subprocessor", "safeguards/*/certifications", "Zertifizierungen"),
            ("subprocessor", "since", "wirksam ab"),
            ("subprocessor", "notified", "mitgeteilt am"),
            ("subprocessor", "replaces", "ersetzt"),
            ("subprocessor", "group", "Gruppe"),
            ("measure", "responsible", "Verantwortung"),
            ("measure", "condition", "Bedingung"),
            ("measure", "scope/sites", "Geltungsbereich (Standorte)"),
            ("measure", "kind", "Art der Maßnahme"),
            ("measure", "statement", "Art des Eintrags"),
            ("measure", "style", "Darstellung"),
            ("measure", "dpv", "DPV-Klassen"),
            ("measure", "control", "Kontrollkategorien"),
            ("measure", "objective", "Schutzziele"),
            ("measure", "provided_by", "erbracht durch"),
            ("measure", "mentions", "genannte Anbieter"),
            ("tom", "annex/title", "Titel der Anlage"),
            ("tom", "annex/num", "Bezeichnung der Anlage"),
            ("subprocessors", "list/title", "Titel der Liste"),
            ("subprocessors", "list/columns", "Spalten"),
            ("subprocessors", "list/layout", "Darstellung"),
            ("subprocessors", "list/placed_in", "abgedruckt in"),
            ("customer", "instance/version", "unterzeichnete Version"),
            ("customer", "instance/customer_number", "Kundennummer"),
            ("customer", "values/kunde/firma", "Angaben des Kunden"),
            ("customer", "choices/laufzeit", "gewählte Optionen"),
            ("customer", "contact", "Ansprechpartner"),
            ("customer", "signing/place", "Ort der Unterzeichnung"),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(ns, shape, label)| field_label(ns, shape) != Some(label))
            .map(|(ns, shape, label)| format!("{ns} {shape}: {:?}, expected {label:?}", field_label(ns, shape)))
            .collect();
        assert!(wrong.is_empty(), "wrong labels:\n{}", wrong.join("\n"));
    }

    #[test]
    fn unknown_fields_have_no_label() {
        assert_eq!(field_label("agreement", "title"), None);
        assert_eq!(field_label("clause", "meta/title"), None);
        assert_eq!(field_label("nowhere", "title"), None);
        assert_eq!(field_label("clause", ""), None);
    }

    use super::schema_walk::schema_walk;

    #[test]
    fn every_schema_field_has_a_label() {
        let (shapes, _) = schema_walk();
        // Guards the walk itself: nodes, intermediate paths and map keys are all reached.
        for (ns, shape) in [
            ("agreement", "meta"),
            ("agreement", "meta/title"),
            ("agreement", "instructions/recipients/*/value"),
            ("clause", "block/*/list/*/text"),
            ("list-entry", "text"),
            ("item", "dpv"),
            ("measure", "scope/sites"),
            ("version-row", "change"),
            ("justification", "target"),
            ("subprocessor", "safeguards/*/transfer/mechanism"),
            ("subprocessors", "list/columns/*/header"),
            ("customer", "values/**"),
            ("customer", "choices/**"),
            ("customer", "contact/*/email"),
        ] {
            assert!(shapes.contains(&(ns, shape.to_owned())), "the walk missed {ns} {shape}");
        }
        assert!(!shapes.contains(&("agreement", "clause".to_owned())), "clauses are nodes, not fields");
        assert!(!shapes.contains(&("clause", "covers/*".to_owned())), "an array of strings is one leaf");
        assert!(shapes.len() > 500, "the walk found only {} fields", shapes.len());
        let unlabelled: Vec<String> = shapes
            .iter()
            .filter(|(ns, shape)| field_label(ns, shape).is_none())
            .map(|(ns, shape)| format!("{ns} {shape}"))
            .collect();
        assert!(
            unlabelled.is_empty(),
            "{} of {} fields have no label in diff::labels::LABELS:\n{}",
            unlabelled.len(),
            shapes.len(),
            unlabelled.join("\n")
        );
    }

    #[test]
    fn every_code_field_is_known() {
        let (_, codes) = schema_walk();
        assert!(codes.len() > 60, "the walk found only {} code fields", codes.len());
        let wrong: Vec<String> = codes
            .iter()
            .filter(|(ns, shape, list)| code_type(ns, shape) != Some(list.as_str()))
            .map(|(ns, shape, list)| format!("{ns} {shape}: {:?}, expected {list}", code_type(ns, shape)))
            .collect();
        assert!(wrong.is_empty(), "code fields not in diff::labels::CODES:\n{}", wrong.join("\n"));
        assert_eq!(code_label("agreement", "particulars/processing_region", "worldwide"), Some("weltweit"));
        assert_eq!(code_label("clause", "text", "worldwide"), None);
        assert_eq!(code_label("subprocessor", "country", "LU"), Some("Luxemburg"));
        assert_eq!(code_label("subprocessor", "processing/countries", "US"), Some("Vereinigte Staaten"));
        assert_eq!(code_label("site", "country", "CH"), Some("Schweiz"));
        assert_eq!(code_label("party", "country", "UK"), None, "an unknown code stays as written");
        assert_eq!(code_label("subprocessor", "processing/regions", "EEA"), Some("EWR"));
    }
}
