//! Scaffolds for new agreements and customer instances: the smallest files
//! that validate (an agreement with a clause for each Art. 28(3) item to
//! fill in) or that name exactly what remains to fill (an instance).

use std::fmt::Write as _;

use std::path::Path;

use crate::format::format_text;
use crate::load::Folder;
use crate::schema::FileKind;

/// The processor's name in a new agreement, to be replaced.
const PROCESSOR_NAME: &str = "Name des Auftragnehmers";
/// The processor's address lines in a new agreement, to be replaced.
const PROCESSOR_LINES: [&str; 2] = ["Straße", "PLZ Ort"];
/// The text of the new TOM annex's one measure, to be replaced.
const MEASURE: &str = "(Maßnahme beschreiben.)";
/// How a new clause's text begins and ends: `(Regelung zu „<title>“ ausfüllen.)`.
const CLAUSE: (&str, &str) = ("(Regelung zu „", "“ ausfüllen.)");
/// What follows a new particulars item's text: `Zweck der Verarbeitung (ausfüllen)`.
const ITEM: &str = "(ausfüllen)";

/// The filler `avv new` wrote in `text` for its writer to replace, if the
/// text still holds one: the part of the text that is filler.
///
/// The processor's name and address lines are fillers only as a party's
/// whole `name` or `lines` entry (`party_field`): elsewhere „Straße“ is a
/// word a contract uses. The clause, measure and item fillers are found
/// anywhere in a text, so a text written around one still shows it.
pub fn filler(text: &str, party_field: bool) -> Option<&str> {
    let trimmed = text.trim();
    if party_field && (trimmed == PROCESSOR_NAME || PROCESSOR_LINES.contains(&trimmed)) {
        return Some(trimmed);
    }
    if let Some(start) = text.find(MEASURE) {
        return Some(&text[start..start + MEASURE.len()]);
    }
    if let Some(start) = text.find(CLAUSE.0)
        && let Some(length) = text[start..].find(CLAUSE.1)
    {
        return Some(&text[start..start + length + CLAUSE.1.len()]);
    }
    text.find(ITEM).map(|start| &text[start..start + ITEM.len()])
}

/// The files of a new agreement folder, as (file name, contents).
pub fn agreement(id: &str, title: &str) -> Vec<(String, String)> {
    let clauses = [
        ("gegenstand", "Gegenstand und Dauer", "art28-3-subject\", \"art28-3-duration"),
        (
            "art-und-zweck",
            "Art und Zweck der Verarbeitung, Art der Daten, Betroffene",
            "art28-3-nature\", \"art28-3-purpose\", \"art28-3-data-types\", \"art28-3-data-subjects",
        ),
        (
            "weisungen",
            "Weisungsgebundenheit",
            "art28-3-a\", \"art28-3-a-transfers\", \"art28-3-a-legal-requirement\", \"art28-3-infringing-instruction",
        ),
        ("vertraulichkeit", "Vertraulichkeit", "art28-3-b"),
        ("sicherheit", "Technische und organisatorische Maßnahmen", "art28-3-c"),
        ("unterauftragnehmer", "Unterauftragnehmer", "art28-3-d\", \"art28-2\", \"art28-2-objection\", \"art28-4"),
        ("betroffenenrechte", "Rechte der betroffenen Personen", "art28-3-e"),
        ("unterstuetzung", "Unterstützung bei den Pflichten nach Art. 32 bis 36 DS-GVO", "art28-3-f\", \"art33-2"),
        ("loeschung-rueckgabe", "Löschung und Rückgabe", "art28-3-g"),
        ("nachweise-kontrollen", "Nachweise und Kontrollen", "art28-3-h"),
    ];
    let mut text = format!(
        "{}\nschema_version = 1\n\n[meta]\nid = \"{id}\"\nkind = \"template\"\ntitle = \"{}\"\nversion = \"1.0\"\nstatus = \"draft\"\nlabel = \"AVV\"\n\n[roles]\ncontroller = \"Auftraggeber\"\nprocessor = \"Auftragnehmer\"\n\n",
        FileKind::Agreement.schema_directive(2),
        title.replace('"', "'")
    );
    text.push_str("[[party]]\nid = \"auftraggeber\"\nrole = \"controller\"\nlead = \"zwischen\"\nname = \"{{ kunde.name }}\"\nlines = [\"{{ kunde.anschrift }}\"]\ndesignation = [\"– nachfolgend „Auftraggeber“ –\"]\n\n");
    let _ = writeln!(
        text,
        "[[party]]\nid = \"auftragnehmer\"\nrole = \"processor\"\nlead = \"und\"\nname = \"{PROCESSOR_NAME}\"\nlines = [\"{}\", \"{}\"]\ncountry = \"DE\"\ndesignation = [\"– nachfolgend „Auftragnehmer“ –\"]\n",
        PROCESSOR_LINES[0], PROCESSOR_LINES[1]
    );
    text.push_str("[[placeholder]]\nkey = \"kunde.name\"\nlabel = \"Firma\"\n\n[[placeholder]]\nkey = \"kunde.anschrift\"\nlabel = \"Anschrift\"\n\n");
    text.push_str("[particulars]\nsubject_matter = { clause = \"gegenstand\" }\nduration = { kind = \"coupled\", clause = \"gegenstand\" }\nnature = { clause = \"art-und-zweck\" }\nprocessing_region = \"eea\"\n\n");
    for (list, item) in [
        ("purposes", "Zweck der Verarbeitung"),
        ("data_categories", "Datenkategorie"),
        ("data_subjects", "Kategorie betroffener Personen"),
    ] {
        let _ = writeln!(
            text,
            "[particulars.{list}]\nitem = [{{ id = \"{}-1\", text = \"{item} {ITEM}\" }}]\n",
            list.replace('_', "-")
        );
    }
    text.push_str("[subprocessing]\nauthorisation = \"general\"\nobjection_period = \"P14D\"\n\n");
    for (n, (clause_id, title, covers)) in clauses.iter().enumerate() {
        let _ = writeln!(
            text,
            "[[clause]]\nid = \"{clause_id}\"\nnum = \"{}.\"\ntitle = \"{title}\"\ncovers = [\"{covers}\"]\ntext = \"{}{title}{}\"\n",
            n + 1,
            CLAUSE.0,
            CLAUSE.1
        );
    }
    // Both parties sign (GDPR Art. 28(9)); each customer's instance gives
    // its own place and date.
    text.push_str("[[signature]]\nparty = \"auftraggeber\"\ncaption = \"Auftraggeber, Ort, Datum\"\n\n[[signature]]\nparty = \"auftragnehmer\"\ncaption = \"Auftragnehmer, Ort, Datum\"\n");
    let tom = FileKind::Tom.schema_directive(2)
        + "\nschema_version = 1\n\n[annex]\nid = \"anlage-tom\"\nnum = \"Anlage 1\"\ntitle = \"Technische und organisatorische Maßnahmen\"\n\n[[section]]\nid = \"vertraulichkeit-tom\"\nnum = \"1.\"\ntitle = \"Vertraulichkeit (Art. 32 Abs. 1 lit. b DS-GVO)\"\nobjective = [\"confidentiality\"]\ncontrol = [\"physical-access\"]\nmeasure = [{ id = \"zutrittskontrolle\", text = \""
        + MEASURE
        + "\" }]\n";
    let subprocessors = FileKind::Subprocessors.schema_directive(2)
        + "\nschema_version = 1\n\n[list]\nid = \"unterauftragnehmer-liste\"\nnum = \"Anlage 2\"\ntitle = \"Unterauftragnehmer\"\n";
    vec![
        ("agreement.toml".into(), canonical(FileKind::Agreement, text)),
        ("tom.toml".into(), canonical(FileKind::Tom, tom)),
        ("subprocessors.toml".into(), canonical(FileKind::Subprocessors, subprocessors)),
    ]
}

/// The text in the layout `avv fmt` writes, so a scaffold passes
/// `avv fmt --check` from the start.
fn canonical(kind: FileKind, text: String) -> String {
    format_text(kind, Path::new("scaffold.toml"), &text).unwrap_or(text)
}

/// A new customer instance of `folder`: every placeholder listed with its
/// label (empty: required ones must be filled), every choice named with its
/// options.
pub fn customer(folder: &Folder, customer_id: &str) -> Option<String> {
    let agreement = folder.agreement.as_ref()?;
    let meta = &agreement.value.meta;
    let mut text = format!(
        "{}\n# Customer instance `{customer_id}` of `{}`. Fill every value; `avv validate` lists what remains.\nschema_version = 1\n\n[instance]\nagreement = \"{}\"\nversion = \"{}\"\nstatus = \"draft\"\n",
        FileKind::Customer.schema_directive(3),
        meta.id,
        meta.id,
        meta.version
    );
    let choices = crate::validate::customer::template_choices(&agreement.tree);
    if !choices.is_empty() {
        text.push_str("\n[choices]\n");
        for choice in &choices {
            let options: Vec<String> = choice.options.iter().map(|o| format!("\"{o}\"")).collect();
            let _ = writeln!(text, "# {} = one of {}", choice.id, options.join(", "));
        }
    }
    // In the template's order (name, street, town), which `avv fmt` keeps:
    // each table of values with its blanks (key, label, required).
    type Blanks = Vec<(String, String, bool)>;
    let mut tables: Vec<(String, Blanks)> = Vec::new();
    for placeholder in &agreement.value.placeholder {
        let (table, key) = placeholder
            .key
            .rsplit_once('.')
            .map_or((String::new(), placeholder.key.clone()), |(t, k)| (t.to_owned(), k.to_owned()));
        let entry = (key, placeholder.label.clone(), placeholder.required);
        match tables.iter_mut().find(|(name, _)| *name == table) {
            Some((_, keys)) => keys.push(entry),
            None => tables.push((table, vec![entry])),
        }
    }
    for (table, keys) in tables {
        if table.is_empty() {
            text.push_str("\n[values]\n");
        } else {
            let _ = writeln!(text, "\n[values.{table}]");
        }
        for (key, label, required) in keys {
            let _ = writeln!(text, "{key} = \"\"  # {label}{}", if required { "" } else { " (optional)" });
        }
    }
    Some(canonical(FileKind::Customer, text))
}
