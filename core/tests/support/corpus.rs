//! A deterministic generator of realistic, valid agreement folders, shared
//! by the `validate` benchmark and the tests.
//!
//! Each folder is about the size of a small real agreement: ~40 clauses,
//! ~60 TOM measures, ~8 sub-processors and one or two customer instances.
//! Ids, texts, companies, countries and dates vary with the seed; the same
//! seed always writes the same bytes. The generator uses only `std` (a tiny
//! xorshift stands in for `rand`), so it can be included with `#[path]`.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// Writes `count` agreement folders into `dir` and returns their paths.
pub fn write_corpus(dir: &Path, count: usize, seed: u64) -> io::Result<Vec<PathBuf>> {
    let mut rng = Rng::new(seed);
    let mut folders = Vec::with_capacity(count);
    for index in 0..count {
        let agreement = Generator::new(&mut rng, index);
        let folder = dir.join(&agreement.id);
        std::fs::create_dir_all(folder.join("customers"))?;
        std::fs::write(folder.join("agreement.toml"), agreement.agreement())?;
        std::fs::write(folder.join("tom.toml"), agreement.tom())?;
        std::fs::write(folder.join("subprocessors.toml"), agreement.subprocessors())?;
        for customer in 0..agreement.customers {
            // Distinct per folder: the customer index decides the parity.
            let number = 100_000 + rng.below(400_000) * 2 + customer;
            std::fs::write(
                folder.join("customers").join(format!("kunde-{number}.toml")),
                agreement.customer(&mut rng, customer, number),
            )?;
        }
        folders.push(folder);
    }
    Ok(folders)
}

/// xorshift64*: small, fast and good enough for test data. The tests that
/// mutate or scramble files draw from it too, so that a seed reproduces.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (any value, zero included).
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A clause topic: heading, id stem, and the Art. 28 items its first
/// sub-clauses cover (one entry per sub-clause).
struct Topic {
    title: &'static str,
    stem: &'static str,
    covers: &'static [&'static [&'static str]],
}

const TOPICS: &[Topic] = &[
    Topic {
        title: "Gegenstand und Dauer des Auftrags",
        stem: "gegenstand",
        covers: &[&["art28-3-subject"], &["art28-3-duration"]],
    },
    Topic {
        title: "Art und Zweck der Verarbeitung",
        stem: "zweck",
        covers: &[&["art28-3-nature"], &["art28-3-purpose", "art28-3-data-types", "art28-3-data-subjects"]],
    },
    Topic {
        title: "Weisungsbefugnis des Auftraggebers",
        stem: "weisung",
        covers: &[
            &["art28-3-a", "art28-3-controller-rights"],
            &["art28-3-infringing-instruction"],
            &["art28-3-a-legal-requirement"],
        ],
    },
    Topic { title: "Ort der Verarbeitung", stem: "drittland", covers: &[&["art28-3-a-transfers"]] },
    Topic { title: "Vertraulichkeit", stem: "vertraulichkeit", covers: &[&["art28-3-b"]] },
    Topic {
        title: "Technische und organisatorische Maßnahmen",
        stem: "sicherheit",
        covers: &[&["art28-3-c", "art32"]],
    },
    Topic {
        title: "Unterauftragsverhältnisse",
        stem: "unterauftrag",
        covers: &[&["art28-3-d", "art28-2"], &["art28-2-objection"], &["art28-4"]],
    },
    Topic { title: "Rechte der betroffenen Personen", stem: "betroffene", covers: &[&["art28-3-e"]] },
    Topic { title: "Unterstützungspflichten", stem: "unterstuetzung", covers: &[&["art28-3-f"], &["art33-2"]] },
    Topic { title: "Löschung und Rückgabe von Daten", stem: "loeschung", covers: &[&["art28-3-g"]] },
    Topic { title: "Kontrollrechte des Auftraggebers", stem: "pruefung", covers: &[&["art28-3-h"]] },
    Topic { title: "Datenschutzbeauftragter", stem: "dsb", covers: &[&["art37-dpo"]] },
    Topic { title: "Haftung", stem: "haftung", covers: &[] },
    Topic { title: "Schlussbestimmungen", stem: "schluss", covers: &[] },
];

const CLAUSE_WORDS: &[&str] = &[
    "pflicht",
    "regelung",
    "grundsatz",
    "umfang",
    "nachweis",
    "frist",
    "verfahren",
    "mitteilung",
    "anpassung",
    "form",
];

const SUBJECTS: &[&str] =
    &["Der Auftragnehmer", "Der Auftraggeber", "Jede Vertragspartei", "Der Auftragsverarbeiter", "Der Verantwortliche"];

const VERBS: &[&str] = &[
    "stellt sicher, dass",
    "verpflichtet sich, dafür zu sorgen, dass",
    "gewährleistet, dass",
    "dokumentiert nachvollziehbar, dass",
    "teilt unverzüglich in Textform mit, wenn",
    "prüft in regelmäßigen Abständen, ob",
];

const OBJECTS: &[&str] = &[
    "personenbezogene Daten ausschließlich auf dokumentierte Weisung verarbeitet werden",
    "alle eingesetzten Beschäftigten zur Vertraulichkeit verpflichtet sind",
    "die technischen und organisatorischen Maßnahmen dem Stand der Technik entsprechen",
    "Unterauftragnehmer vertraglich in gleicher Weise verpflichtet werden",
    "Anfragen betroffener Personen unverzüglich an den Auftraggeber weitergeleitet werden",
    "Sicherungskopien verschlüsselt und getrennt vom Produktivsystem aufbewahrt werden",
    "Verletzungen des Schutzes personenbezogener Daten ohne schuldhaftes Zögern gemeldet werden",
    "die Daten nach Ende des Auftrags gelöscht oder zurückgegeben werden",
    "Kontrollen nach Art. 28 Abs. 3 lit. h DS-GVO in angemessenem Umfang ermöglicht werden",
    "Zugriffe auf die Systeme protokolliert und stichprobenartig ausgewertet werden",
    "die Verarbeitung nur im Gebiet der Europäischen Union stattfindet",
    "die Rechte der betroffenen Personen nach Kapitel III DS-GVO gewahrt bleiben",
];

const TAILS: &[&str] = &[
    "",
    ", soweit dies für die Erbringung der vereinbarten Leistungen erforderlich ist",
    " im Rahmen des jeweiligen Hauptvertrags",
    " gemäß Art. 32 DS-GVO",
    " nach Maßgabe dieses Vertrags und seiner Anlagen",
    " unter Beachtung der gesetzlichen Aufbewahrungsfristen",
    ", wobei die berechtigten Interessen beider Parteien zu berücksichtigen sind",
];

/// TOM sections: id stem, title, objectives, controls.
const SECTIONS: &[(&str, &str, &[&str], &[&str])] = &[
    ("zutrittskontrolle", "Zutrittskontrolle", &["confidentiality"], &["physical-access"]),
    ("zugangskontrolle", "Zugangskontrolle", &["confidentiality"], &["system-access"]),
    ("zugriffskontrolle", "Zugriffskontrolle", &["confidentiality"], &["data-access"]),
    ("trennungskontrolle", "Trennungskontrolle", &["confidentiality"], &["separation"]),
    ("verschluesselung", "Pseudonymisierung und Verschlüsselung", &["pseudonymisation", "encryption"], &["encryption"]),
    ("weitergabekontrolle", "Weitergabekontrolle", &["integrity"], &["transfer"]),
    ("eingabekontrolle", "Eingabekontrolle", &["integrity"], &["input"]),
    ("verfuegbarkeit", "Verfügbarkeitskontrolle", &["availability", "resilience"], &["availability"]),
    ("wiederherstellung", "Rasche Wiederherstellbarkeit", &["recoverability"], &["recovery"]),
    ("ueberpruefung", "Verfahren zur regelmäßigen Überprüfung", &["evaluation"], &["evaluation"]),
];

const MEASURE_WORDS: &[&str] = &[
    "zugang",
    "chiffre",
    "protokoll",
    "sicherung",
    "schulung",
    "firewall",
    "berechtigung",
    "mandant",
    "pseudonym",
    "monitoring",
    "wartung",
    "notfall",
    "patch",
    "virenschutz",
    "alarm",
];

/// Systems, in the plural so that every sentence pattern agrees.
const SYSTEMS: &[&str] = &[
    "die Serversysteme",
    "die Kundenportale",
    "die Datenbanken",
    "die Backupsysteme",
    "die E-Mail-Server",
    "die Arbeitsplatzrechner",
    "die Verwaltungsoberflächen",
    "die Netzwerkkomponenten",
];

const MECHANISMS: &[&str] = &[
    "durch eine Zwei-Faktor-Authentisierung",
    "durch eine zentral verwaltete Firewall",
    "mittels rollenbasierter Berechtigungen",
    "durch Verschlüsselung nach AES-256",
    "durch Videoüberwachung der Zugänge",
    "durch ein elektronisches Schließsystem",
    "durch tägliche inkrementelle Sicherungen",
    "durch automatisierte Sicherheitsupdates",
    "durch ein dokumentiertes Vier-Augen-Prinzip",
];

const PURPOSES: &[(&str, &str)] = &[
    ("hosting", "Bereitstellung von Hosting-Leistungen"),
    ("support", "Kundensupport und Fehlerbehebung"),
    ("abrechnung", "Abrechnung der vertraglichen Leistungen"),
    ("wartung", "Fernwartung der Systeme des Auftraggebers"),
    ("versand", "Versand von E-Mails im Auftrag"),
    ("archiv", "Archivierung von Geschäftsunterlagen"),
];

const DATA_CATEGORIES: &[(&str, &str)] = &[
    ("stammdaten", "Personenstammdaten"),
    ("kontaktdaten", "Kommunikationsdaten (Telefon, E-Mail)"),
    ("vertragsdaten", "Vertragsstammdaten"),
    ("protokolldaten", "Protokolldaten und IP-Adressen"),
    ("abrechnungsdaten", "Abrechnungs- und Zahlungsdaten"),
];

const DATA_SUBJECTS: &[(&str, &str)] = &[
    ("beschaeftigte", "Beschäftigte des Auftraggebers"),
    ("kunden", "Kunden und Interessenten"),
    ("lieferanten", "Lieferanten und Dienstleister"),
    ("nutzer", "Nutzer der Webangebote"),
];

/// Fictional companies: id, name, address, country, service, processing countries.
const COMPANIES: &[(&str, &str, &str, &str, &str)] = &[
    ("nordlicht-rz", "Nordlicht Rechenzentren GmbH", "Hafenstraße 12, 20457 Hamburg", "DE", "Rechenzentrumsleistungen"),
    ("eifel-hosting", "Eifel Hosting AG", "Am Markt 3, 53902 Bad Münstereifel", "DE", "Managed Hosting"),
    ("bergmann-it", "Bergmann IT-Service GmbH", "Industrieweg 8, 09111 Chemnitz", "DE", "Fernwartung"),
    ("postfix-mail", "Postfix Mailservice GmbH", "Lindenallee 44, 04109 Leipzig", "DE", "E-Mail-Versand"),
    ("aktenwolf", "Aktenwolf Vernichtung GmbH", "Gewerbering 5, 86150 Augsburg", "DE", "Datenträgervernichtung"),
    ("lumen-cloud", "Lumen Cloud SAS", "12 rue de la Paix, 75002 Paris", "FR", "Cloud-Speicher"),
    ("dublin-data", "Dublin Data Services Ltd", "4 Grand Canal Square, Dublin 2", "IE", "Ticketsystem"),
    ("vasa-backup", "Vasa Backup AB", "Kungsgatan 30, 111 35 Stockholm", "SE", "Externe Datensicherung"),
    ("alpen-support", "Alpen Support AG", "Bahnhofstrasse 1, 8001 Zürich", "CH", "Telefonsupport"),
    ("pacific-mail", "Pacific Mail Inc.", "500 Market Street, San Francisco, CA", "US", "Newsletter-Versand"),
    ("harbor-analytics", "Harbor Analytics Inc.", "1 Liberty Plaza, New York, NY", "US", "Reichweitenmessung"),
    ("thames-billing", "Thames Billing Ltd", "20 Fenchurch Street, London", "GB", "Zahlungsabwicklung"),
    ("rhein-druck", "Rhein Druck GmbH", "Rheinufer 2, 55116 Mainz", "DE", "Druck und Versand"),
    ("ostsee-telefon", "Ostsee Telefonservice GmbH", "Strandweg 9, 18055 Rostock", "DE", "Telefonanlage"),
];

const PROCESSORS: &[&str] = &[
    "Nordwind Software",
    "Brückner Hosting",
    "Falkenberg Datentechnik",
    "Seidel & Partner IT",
    "Wendland Cloud",
    "Krämer Webservices",
    "Altmark Systemhaus",
    "Lindqvist Digital",
];

/// Cities: place name and postal line.
const CITIES: &[(&str, &str)] = &[
    ("Berlin", "10115 Berlin"),
    ("Köln", "50667 Köln"),
    ("Dresden", "01067 Dresden"),
    ("Bremen", "28195 Bremen"),
    ("Freiburg", "79098 Freiburg"),
    ("Kassel", "34117 Kassel"),
];

const STREETS: &[&str] = &["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Am Anger", "Lindenstraße"];
const SURNAMES: &[&str] = &["Schmidt", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Klein"];
const FIRST_NAMES: &[&str] = &["Anna", "Jonas", "Miriam", "Tobias", "Lea", "Stefan", "Carla", "Henrik"];

/// One agreement's fixed choices, so that all its files agree.
struct Generator {
    id: String,
    processor: String,
    city: (&'static str, &'static str),
    year: usize,
    versions: Vec<(String, String)>,
    services: Vec<(String, String)>,
    purposes: Vec<(&'static str, &'static str)>,
    companies: Vec<&'static (&'static str, &'static str, &'static str, &'static str, &'static str)>,
    /// Sub-clause ids per topic, computed up front because the particulars,
    /// the sub-processor list and the clauses themselves refer to them.
    clauses: Vec<Vec<String>>,
    texts_seed: u64,
    customers: usize,
}

impl Generator {
    fn new(rng: &mut Rng, index: usize) -> Self {
        let processor = *rng.pick(PROCESSORS);
        let id = format!("{}-{index:05}", slug(processor));
        let city = *rng.pick(CITIES);
        let year = rng.range(2018, 2024);
        let rows = rng.range(1, 4);
        let versions =
            (0..rows).map(|i| (format!("1.{i}"), date(year + i, rng.range(1, 12), rng.range(1, 28)))).collect();
        let service_count = rng.range(2, 4);
        let services = ["webhosting", "email", "cloud", "support", "backup", "portal"]
            .iter()
            .take(service_count)
            .map(|s| (format!("dienst-{s}"), format!("{}-Dienstleistung", capitalise(s))))
            .collect();
        let purposes = (0..rng.range(2, 4)).map(|i| PURPOSES[(index + i) % PURPOSES.len()]).collect();
        let mut companies: Vec<_> = COMPANIES.iter().collect();
        for i in (1..companies.len()).rev() {
            companies.swap(i, rng.below(i + 1));
        }
        companies.truncate(rng.range(6, 10));
        let clauses = TOPICS
            .iter()
            .map(|topic| {
                let count = rng.range(topic.covers.len().max(2), 4);
                (0..count).map(|j| format!("{}-{}-{}", topic.stem, rng.pick(CLAUSE_WORDS), j + 1)).collect()
            })
            .collect();
        Self {
            id,
            processor: processor.to_owned(),
            city,
            year,
            versions,
            services,
            purposes,
            companies,
            clauses,
            texts_seed: rng.next(),
            customers: rng.range(1, 2),
        }
    }

    fn version(&self) -> &str {
        self.versions.last().map_or("1.0", |(version, _)| version.as_str())
    }

    fn clause(&self, stem: &str, j: usize) -> &str {
        let topic = TOPICS.iter().position(|t| t.stem == stem).unwrap_or(0);
        &self.clauses[topic][j]
    }

    fn agreement(&self) -> String {
        let mut rng = Rng::new(self.texts_seed);
        let mut out = String::with_capacity(32 * 1024);
        let processor = &self.processor;
        let _ = write!(
            out,
            r#"#:schema ../../schema/agreement.schema.json
schema_version = 1

[meta]
id = "{id}"
kind = "template"
title = "Vertrag zur Auftragsverarbeitung gemäß Art. 28 DS-GVO"
version = "{version}"
status = "final"
date = {date}
date_style = "long"
label = "AVV"

[roles]
controller = "Auftraggeber"
processor = "Auftragnehmer"

[[reference]]
id = "hauptvertrag"
kind = "main-contract"
title = "Hauptvertrag über die Erbringung von Leistungen"

[[reference]]
id = "website"
kind = "web-page"
title = "Website des Auftragnehmers"
url = "https://www.{slug}.example/datenschutz"

[[party]]
id = "auftraggeber"
role = "controller"
name = "{{{{ kunde.name }}}}"
lines = ["{{{{ kunde.strasse }}}}", "{{{{ kunde.ort }}}}", "Kd-Nr. {{{{ kunde.kundennummer }}}}"]
designation = ["– Auftraggeber –"]

[[party]]
id = "auftragnehmer"
role = "processor"
lead = "und"
name = "{processor} GmbH"
lines = ["{street} {house}", "{city}"]
designation = ["– Auftragnehmer –"]
country = "DE"

[[placeholder]]
key = "kunde.name"
label = "Name / Firma"

[[placeholder]]
key = "kunde.strasse"
label = "Straße"

[[placeholder]]
key = "kunde.ort"
label = "PLZ Ort"

[[placeholder]]
key = "kunde.kundennummer"
label = "Kundennummer"
fill = "processor"
"#,
            id = self.id,
            version = self.version(),
            date = self.versions.last().map_or("2020-01-01", |(_, d)| d.as_str()),
            slug = slug(processor),
            street = rng.pick(STREETS),
            house = rng.range(1, 120),
            city = self.city.1,
        );
        for (id, name) in &self.services {
            let _ = write!(out, "\n[[service]]\nid = \"{id}\"\nname = \"{name}\"\n");
        }
        let purposes: Vec<String> = self
            .purposes
            .iter()
            .map(|(id, text)| format!("  {{ id = \"zweck-{id}\", text = \"{text}\" }},\n"))
            .collect();
        let _ = write!(
            out,
            r#"
[particulars]
subject_matter = {{ clause = "{subject}" }}
duration = {{ kind = "coupled", clause = "{duration}", reference = "hauptvertrag" }}
nature = {{ clause = "{nature}" }}
processing_region = "eea"
purposes = {{ item = [
{purposes}] }}
data_categories = {{ source = "instance" }}
data_subjects = {{ source = "instance" }}

[subprocessing]
authorisation = "general"
objection_period = "P{objection}D"

[dpo]
status = "appointed"
person = {{ name = "{first} {surname}", lines = ["{processor} GmbH", "datenschutz@{slug}.example"] }}

[[part]]
kind = "parties"

[[part]]
kind = "body"

[[part]]
kind = "signatures"

[[part]]
kind = "annex"
annex = "anlage-daten"

[[part]]
kind = "subprocessors"

[[part]]
kind = "tom"

[body]
preamble = [{{ p = "schließen den folgenden Vertrag zur Auftragsverarbeitung:" }}]
"#,
            subject = self.clause("gegenstand", 0),
            duration = self.clause("gegenstand", 1),
            nature = self.clause("zweck", 0),
            purposes = purposes.concat(),
            objection = rng.pick(&[14, 30, 28]),
            first = rng.pick(FIRST_NAMES),
            surname = rng.pick(SURNAMES),
            slug = slug(processor),
        );
        for (t, topic) in TOPICS.iter().enumerate() {
            let _ = write!(
                out,
                "\n# ---------------------------------------------------------------- {num}\n[[clause]]\nid = \"{stem}\"\nnum = \"{num}\"\ntitle = \"{title}\"\n",
                num = t + 1,
                stem = topic.stem,
                title = topic.title,
            );
            for (j, id) in self.clauses[t].iter().enumerate() {
                let _ = write!(out, "\n[[clause.clause]]\nid = \"{id}\"\nnum = \"{}.\"\n", j + 1);
                let mut text = paragraph(&mut rng, 1, 3);
                if t == 0 && j == 0 {
                    text.push_str(" Der Vertrag gilt für die folgenden Leistungen:");
                }
                if t == TOPICS.len() - 1 && j == 0 {
                    text.push_str(" Ergänzend gelten die Hinweise in der Fußnote.[^fn-schriftform]");
                }
                let _ = writeln!(out, "text = '''{text}'''");
                let mut blocks = Vec::new();
                if t == 0 && j == 0 {
                    blocks.push("  { embed = \"services\", style = \"bullet\" },\n".to_owned());
                }
                // The clause the list is placed in prints it.
                if topic.stem == "unterauftrag" && j == 0 {
                    blocks.push("  { embed = \"subprocessors\" },\n".to_owned());
                }
                if topic.stem == "dsb" && j == 0 {
                    blocks.push("  { embed = \"dpo\" },\n".to_owned());
                }
                if topic.stem == "gegenstand" && j == 1 {
                    blocks.push(
                        "  { choice = \"laufzeit\", option = [\n    { id = \"unbefristet\", text = '''Der Vertrag läuft auf unbestimmte Zeit und ist mit einer Frist von drei Monaten kündbar.''' },\n    { id = \"befristet\", text = '''Der Vertrag endet mit dem Ende des Hauptvertrags, ohne dass es einer Kündigung bedarf.''' },\n  ] },\n"
                            .to_owned(),
                    );
                }
                if rng.chance(30) {
                    let items: Vec<String> = (0..rng.range(3, 5))
                        .map(|k| {
                            if k == 0 && rng.chance(50) {
                                format!("    {{ id = \"{id}-punkt\", text = '''{}''' }},\n", sentence(&mut rng))
                            } else {
                                format!("    '''{}''',\n", sentence(&mut rng))
                            }
                        })
                        .collect();
                    let style = *rng.pick(&["bullet", "numbered", "alpha"]);
                    blocks.push(format!("  {{ style = \"{style}\", list = [\n{}  ] }},\n", items.concat()));
                }
                if !blocks.is_empty() {
                    let _ = write!(out, "block = [\n{}]\n", blocks.concat());
                }
                if let Some(covers) = topic.covers.get(j) {
                    let list: Vec<String> = covers.iter().map(|c| format!("\"{c}\"")).collect();
                    let _ = writeln!(out, "covers = [{}]", list.join(", "));
                } else if topic.stem == "schluss" {
                    let topics = ["governing-law", "venue", "severability", "written-form"];
                    let _ = writeln!(out, "topic = [\"{}\"]", topics[j % topics.len()]);
                }
            }
        }
        let _ = write!(
            out,
            r#"
[[signature]]
party = "auftraggeber"
caption = "Ort, Datum, Unterschrift Auftraggeber"

[[signature]]
party = "auftragnehmer"
caption = "Ort, Datum, Unterschrift Auftragnehmer"

[[annex]]
id = "anlage-daten"
num = "Anlage 1"
title = "Arten der Daten und Kreis der Betroffenen"
block = [
  {{ embed = "particulars.data_categories", style = "bullet" }},
  {{ embed = "particulars.data_subjects", style = "bullet" }},
]

[[footnote]]
id = "fn-schriftform"
text = '''Die Schriftform wird auch durch ein elektronisches Format gewahrt (Art. 28 Abs. 9 DS-GVO).'''

[history]
"#
        );
        for (i, (version, date)) in self.versions.iter().enumerate() {
            let change = if i == 0 { "Erstfassung" } else { "Aktualisierung der Unterauftragnehmer" };
            let kind = if i == 0 { "initial" } else { "update" };
            let _ = write!(
                out,
                "\n[[history.row]]\nversion = \"{version}\"\nstatus = \"final\"\ndate = {date}\nresponsible = \"Datenschutz\"\nchange = \"{change}\"\nkinds = [\"{kind}\"]\n"
            );
        }
        out
    }

    fn tom(&self) -> String {
        let mut rng = Rng::new(self.texts_seed ^ 0x7031);
        let mut out = String::with_capacity(24 * 1024);
        let datacenter = self.companies[0];
        let _ = write!(
            out,
            r#"#:schema ../../schema/tom.schema.json
schema_version = 1

[annex]
id = "anlage-tom"
num = "Anlage 2"
title = "Technische und organisatorische Maßnahmen nach Art. 32 DS-GVO"
label = "TOM"

[[site]]
id = "standort-buero"
kind = "office"
name = "Geschäftsräume {city}"
country = "DE"

[[site]]
id = "standort-rz"
kind = "datacenter"
name = "Rechenzentrum der {name}"
country = "{country}"
operator = "{operator}"
"#,
            city = self.city.1,
            name = datacenter.1,
            country = datacenter.3,
            operator = datacenter.0,
        );
        for (s, (stem, title, objectives, controls)) in SECTIONS.iter().enumerate() {
            let quoted = |items: &[&str]| items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ");
            let _ = write!(
                out,
                "\n# ------------------------------------------------ {num}\n[[section]]\nid = \"tom-{stem}\"\nnum = \"{num}.\"\ntitle = \"{title}\"\nobjective = [{objectives}]\ncontrol = [{controls}]\n",
                num = s + 1,
                objectives = quoted(objectives),
                controls = quoted(controls),
            );
            match s {
                0 => out.push_str("scope = { sites = [\"standort-buero\", \"standort-rz\"] }\n"),
                7 => {
                    let _ = writeln!(out, "provided_by = [\"{}\"]", datacenter.0);
                }
                _ => {}
            }
            if rng.chance(40) {
                let _ = writeln!(out, "block = [{{ p = '''{}''' }}]", paragraph(&mut rng, 1, 2));
            }
            out.push_str("measure = [\n");
            let count = rng.range(3, 5);
            for m in 0..count {
                let id = format!("{}-{}-{}", rng.pick(MEASURE_WORDS), s + 1, m + 1);
                let kind = rng.pick(&["technical", "organisational", "physical"]);
                let text = measure_text(&mut rng);
                if m == 1 && s == 5 {
                    let first = self.companies[1].1.split_whitespace().next().unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "  {{ id = \"{id}\", kind = \"{kind}\", mentions = [\"{first}\"], text = '''{text} Die Übertragung erfolgt über {first}.''' }},"
                    );
                } else if m == 2 && s % 3 == 0 {
                    let items: Vec<String> = (0..rng.range(2, 3))
                        .map(|k| {
                            format!("{{ id = \"{id}-punkt-{}\", text = '''{}''' }}", k + 1, measure_text(&mut rng))
                        })
                        .collect();
                    let _ = writeln!(
                        out,
                        "  {{ id = \"{id}\", kind = \"{kind}\", text = '''{text}''', items = [{}] }},",
                        items.join(", ")
                    );
                } else if m == 0 && s == 1 {
                    let services: Vec<String> =
                        self.services.iter().take(2).map(|(id, _)| format!("\"{id}\"")).collect();
                    let _ = writeln!(
                        out,
                        "  {{ id = \"{id}\", kind = \"{kind}\", scope = {{ services = [{}] }}, text = '''{text}''' }},",
                        services.join(", ")
                    );
                } else {
                    let _ = writeln!(out, "  {{ id = \"{id}\", kind = \"{kind}\", text = '''{text}''' }},");
                }
            }
            out.push_str("]\n");
            if s == SECTIONS.len() - 1 {
                let _ = write!(
                    out,
                    "explanation = [\n  {{ id = \"erlaeuterung-pruefung\", heading = \"Hinweis\", explains = [\"tom-{stem}\"], text = '''{}''' }},\n]\n",
                    paragraph(&mut rng, 1, 2)
                );
            }
            // Nested sections for some controls, as real annexes have.
            if s == 2 || s == 7 {
                for n in 0..2 {
                    let _ = write!(
                        out,
                        "\n[[section.section]]\nid = \"tom-{stem}-teil-{}\"\nnum = \"{}.{}\"\ntitle = \"{title} (Teil {})\"\nmeasure = [\n",
                        n + 1,
                        s + 1,
                        n + 1,
                        n + 1,
                    );
                    for m in 0..rng.range(3, 5) {
                        let id = format!("{}-{}-{}-{}", rng.pick(MEASURE_WORDS), s + 1, n + 1, m + 1);
                        let _ = writeln!(
                            out,
                            "  {{ id = \"{id}\", kind = \"organisational\", text = '''{}''' }},",
                            measure_text(&mut rng)
                        );
                    }
                    out.push_str("]\n");
                }
            }
        }
        out
    }

    fn subprocessors(&self) -> String {
        let mut rng = Rng::new(self.texts_seed ^ 0x5AB);
        let mut out = String::with_capacity(8 * 1024);
        let _ = write!(
            out,
            r#"#:schema ../../schema/subprocessors.schema.json
schema_version = 1

[list]
id = "unterauftragnehmer-liste"
placed_in = "{placed_in}"
layout = "table"
columns = [
  {{ field = "name", header = "Unterauftragnehmer" }},
  {{ field = "address", header = "Anschrift" }},
  {{ field = "service", header = "Leistung" }},
  {{ field = "safeguards", header = "Garantien" }},
]

[[group]]
id = "hauptleistungen"
title = "Unterauftragnehmer für die Hauptleistungen"
category = "main"

[[group]]
id = "nebenleistungen"
title = "Unterauftragnehmer für optionale Nebenleistungen"
category = "optional"
"#,
            placed_in = self.clause("unterauftrag", 0),
        );
        for (i, &(id, name, address, country, service)) in self.companies.iter().copied().enumerate() {
            let group = if i < self.companies.len() / 2 { "hauptleistungen" } else { "nebenleistungen" };
            let _ = write!(
                out,
                "\n[[subprocessor]]\nid = \"{id}\"\ngroup = \"{group}\"\nname = \"{name}\"\naddress = \"{address}\"\ncountry = \"{country}\"\nservice = \"{service}\"\n"
            );
            if rng.chance(30) {
                let _ = writeln!(out, "processing = {{ location = \"{}\", countries = [\"{country}\"] }}", address);
            }
            let mut safeguards = vec!["{ label = \"AVV\", dpa = true }".to_owned()];
            if rng.chance(50) {
                safeguards.push("{ label = \"ISO 27001 zertifiziert\", certifications = [\"iso-27001\"] }".to_owned());
            }
            match country {
                "US" => safeguards.push(if rng.chance(50) {
                    "{ label = \"EU-US Data Privacy Framework\", transfer = { mechanism = \"adequacy\", decision = \"eu-us-dpf\" } }".to_owned()
                } else {
                    "{ label = \"Standardvertragsklauseln\", transfer = { mechanism = \"scc\", module = 3 } }".to_owned()
                }),
                "CH" => safeguards.push(
                    "{ label = \"Angemessenheitsbeschluss Schweiz\", transfer = { mechanism = \"adequacy\", decision = \"ch\" } }"
                        .to_owned(),
                ),
                "GB" => safeguards.push(
                    "{ label = \"Angemessenheitsbeschluss Vereinigtes Königreich\", transfer = { mechanism = \"adequacy\", decision = \"gb\" } }"
                        .to_owned(),
                ),
                _ => {}
            }
            let _ = writeln!(out, "safeguards = [\n  {},\n]", safeguards.join(",\n  "));
            if rng.chance(40) {
                let year = self.year + rng.range(0, 2);
                let month = rng.range(1, 9);
                let _ = writeln!(
                    out,
                    "notified = {}\nsince = {}",
                    date(year, month, rng.range(1, 28)),
                    date(year, month + 2, rng.range(1, 28))
                );
            }
        }
        out
    }

    fn customer(&self, rng: &mut Rng, index: usize, number: usize) -> String {
        let (version, signed) = &self.versions[rng.below(self.versions.len())];
        let city = rng.pick(CITIES);
        let categories: Vec<String> = DATA_CATEGORIES
            .iter()
            .take(rng.range(2, DATA_CATEGORIES.len()))
            .map(|(id, text)| format!("  {{ id = \"{id}\", text = \"{text}\" }},\n"))
            .collect();
        let subjects: Vec<String> = DATA_SUBJECTS
            .iter()
            .take(rng.range(1, DATA_SUBJECTS.len()))
            .map(|(id, text)| format!("  {{ id = \"{id}\", text = \"{text}\" }},\n"))
            .collect();
        format!(
            r#"#:schema ../../../schema/customer.schema.json
schema_version = 1

[instance]
agreement = "{agreement}"
version = "{version}"
customer_number = "{number}"
contract_date = {signed}
status = "signed"

[values.kunde]
name = "{first} {surname} e.K."
strasse = "{street} {house}"
ort = "{city}"
kundennummer = "{number}"

[choices]
laufzeit = "{option}"

[particulars]
data_categories = [
{categories}]
data_subjects = [
{subjects}]

[signing]
place = "{place}"
date = {signed}
"#,
            agreement = self.id,
            first = rng.pick(FIRST_NAMES),
            surname = rng.pick(SURNAMES),
            street = rng.pick(STREETS),
            house = rng.range(1, 200),
            city = city.1,
            option = if index.is_multiple_of(2) { "unbefristet" } else { "befristet" },
            categories = categories.concat(),
            subjects = subjects.concat(),
            place = self.city.0,
        )
    }
}

fn sentence(rng: &mut Rng) -> String {
    format!("{} {} {}{}.", rng.pick(SUBJECTS), rng.pick(VERBS), rng.pick(OBJECTS), rng.pick(TAILS))
}

fn paragraph(rng: &mut Rng, low: usize, high: usize) -> String {
    (0..rng.range(low, high)).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

fn measure_text(rng: &mut Rng) -> String {
    let system = rng.pick(SYSTEMS);
    let mechanism = rng.pick(MECHANISMS);
    match rng.below(3) {
        0 => format!("Der Zugriff auf {system} ist {mechanism} abgesichert."),
        1 => format!("{} werden {mechanism} vor unbefugter Nutzung geschützt.", capitalise(system)),
        _ => format!(
            "Für {system} ist ein Verfahren eingerichtet, das {mechanism} überwacht und jährlich überprüft wird."
        ),
    }
}

fn date(year: usize, month: usize, day: usize) -> String {
    format!("{year:04}-{:02}-{:02}", month.min(12), day.min(28))
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    out.trim_matches('-').to_owned()
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
