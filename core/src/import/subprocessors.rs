//! Sub-processor tables and block lists. A table whose header names the
//! sub-processor and at least one of address, location or service becomes
//! entries; so does a list whose items read "Name GmbH, Anschrift:" with
//! the service and safeguards on the lines after. Countries come from
//! German or English names (or the German postcode), transfer mechanisms
//! from the usual wording.

use serde_json::{Value, json};

use super::assemble::Context;
use super::report::{Note, NoteKind};
use super::tree::{Draft, Piece, Segment};
use crate::model::codes::{AdequacyDecision, SubprocessorCategory, SubprocessorField, TransferMechanism};
use crate::model::primitives::Country;
use crate::model::subprocessor::{Column, Processing, Safeguard, Subprocessor, Transfer};

/// What a header cell names.
pub fn field_of(header: &str) -> Option<SubprocessorField> {
    let h = header.to_lowercase().replace("- ", "").replace('-', "");
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    let names = has(&["unterauftragnehmer", "firma", "name", "dienstleister", "anbieter", "company", "unternehmen"]);
    if names && has(&["anschrift", "adresse", "address"]) {
        // "Name und Anschrift" in one cell.
        Some(SubprocessorField::NameAddress)
    } else if has(&["standort", "ort der verarbeitung", "location", "verarbeitungsort"]) {
        Some(SubprocessorField::Location)
    } else if has(&["anschrift", "adresse", "address", "sitz"]) {
        Some(SubprocessorField::Address)
    } else if has(&[
        "datenschutz",
        "garantie",
        "maßnahmen",
        "massnahmen",
        "safeguard",
        "zertifi",
        "transfer",
        "übermittlung",
        "drittland",
        "third countr",
    ]) {
        // Before the country: "Drittland/Garantien" states how a transfer is
        // safeguarded, not where the contracting company sits.
        Some(SubprocessorField::Safeguards)
    } else if has(&["land", "country", "staat"]) && !has(&["unterauftrag"]) {
        Some(SubprocessorField::Country)
    } else if has(&["leistung", "tätigkeit", "zweck", "service", "art der", "gegenstand", "aufgabe"]) {
        Some(SubprocessorField::Service)
    } else if has(&[
        "unterauftragnehmer",
        "firma",
        "name",
        "subunternehmer",
        "dienstleister",
        "anbieter",
        "company",
        "processor",
        "unternehmen",
    ]) {
        Some(SubprocessorField::Name)
    } else {
        None
    }
}

/// The columns of a sub-processor table, if `header` is one.
pub fn columns(header: &[String]) -> Option<Vec<Option<SubprocessorField>>> {
    let fields: Vec<Option<SubprocessorField>> = header.iter().map(|h| field_of(h)).collect();
    let has = |f: SubprocessorField| fields.contains(&Some(f));
    let both = has(SubprocessorField::NameAddress);
    let named = has(SubprocessorField::Name) || both;
    let described =
        both || has(SubprocessorField::Address) || has(SubprocessorField::Location) || has(SubprocessorField::Service);
    (named && described).then_some(fields)
}

/// The key of each column the model has no field for ("Datenschutz-
/// Strategie" → `datenschutz-strategie`): a free column, whose cells the
/// entries keep under `extra` instead of dropping them.
pub fn free_keys(header: &[String], fields: &[Option<SubprocessorField>]) -> Vec<Option<String>> {
    let mut taken: Vec<String> = Vec::new();
    header
        .iter()
        .zip(fields)
        .enumerate()
        .map(|(i, (h, f))| {
            if f.is_some() {
                return None;
            }
            let base = match crate::import::ids::slug(h) {
                slug if slug.is_empty() => format!("spalte-{}", i + 1),
                slug => slug,
            };
            let mut key = base.clone();
            let mut n = 2;
            while taken.contains(&key) {
                key = format!("{base}-{n}");
                n += 1;
            }
            taken.push(key.clone());
            Some(key)
        })
        .collect()
}

/// The printed columns for `subprocessors.toml`: the recognised fields and
/// the free columns, in the source's order. A country or location column
/// whose cells (`rows`, below the header) are all ISO codes keeps
/// printing codes.
pub fn printed_columns(header: &[String], fields: &[Option<SubprocessorField>], rows: &[Vec<String>]) -> Vec<Column> {
    header
        .iter()
        .zip(fields)
        .zip(free_keys(header, fields))
        .enumerate()
        .map(|(i, ((h, f), key))| {
            let cells: Vec<&str> =
                rows.iter().filter_map(|row| row.get(i)).map(String::as_str).filter(|c| !c.trim().is_empty()).collect();
            let codes = matches!(f, Some(SubprocessorField::Country | SubprocessorField::Location))
                && !cells.is_empty()
                && cells.iter().all(|c| crate::model::countries::code(c).is_some());
            Column { field: *f, key, header: h.clone(), codes }
        })
        .collect()
}

const COUNTRIES: &[(&str, &str)] = &[
    ("deutschland", "DE"),
    ("germany", "DE"),
    ("frankreich", "FR"),
    ("france", "FR"),
    ("spanien", "ES"),
    ("spain", "ES"),
    ("italien", "IT"),
    ("italy", "IT"),
    ("österreich", "AT"),
    ("austria", "AT"),
    ("schweiz", "CH"),
    ("switzerland", "CH"),
    ("niederlande", "NL"),
    ("netherlands", "NL"),
    ("belgien", "BE"),
    ("belgium", "BE"),
    ("luxemburg", "LU"),
    ("luxembourg", "LU"),
    ("irland", "IE"),
    ("ireland", "IE"),
    ("dänemark", "DK"),
    ("denmark", "DK"),
    ("schweden", "SE"),
    ("sweden", "SE"),
    ("finnland", "FI"),
    ("finland", "FI"),
    ("polen", "PL"),
    ("poland", "PL"),
    ("tschechien", "CZ"),
    ("czech", "CZ"),
    ("portugal", "PT"),
    ("norwegen", "NO"),
    ("norway", "NO"),
    ("vereinigtes königreich", "GB"),
    ("united kingdom", "GB"),
    ("großbritannien", "GB"),
    ("england", "GB"),
    ("vereinigte staaten", "US"),
    ("united states", "US"),
    ("usa", "US"),
    ("u.s.", "US"),
    ("kanada", "CA"),
    ("canada", "CA"),
    ("australien", "AU"),
    ("australia", "AU"),
    ("japan", "JP"),
    ("indien", "IN"),
    ("india", "IN"),
    ("israel", "IL"),
    ("singapur", "SG"),
    ("singapore", "SG"),
    ("brasilien", "BR"),
    ("brazil", "BR"),
    ("estland", "EE"),
    ("estonia", "EE"),
    ("litauen", "LT"),
    ("lithuania", "LT"),
    ("lettland", "LV"),
    ("latvia", "LV"),
    ("ungarn", "HU"),
    ("hungary", "HU"),
    ("rumänien", "RO"),
    ("romania", "RO"),
    ("bulgarien", "BG"),
    ("bulgaria", "BG"),
    ("griechenland", "GR"),
    ("greece", "GR"),
    ("slowakei", "SK"),
    ("slovakia", "SK"),
    ("slowenien", "SI"),
    ("slovenia", "SI"),
    ("kroatien", "HR"),
    ("croatia", "HR"),
    ("zypern", "CY"),
    ("cyprus", "CY"),
    ("malta", "MT"),
    ("island", "IS"),
    ("iceland", "IS"),
    ("liechtenstein", "LI"),
    ("serbien", "RS"),
    ("serbia", "RS"),
    ("ukraine", "UA"),
    ("türkei", "TR"),
    ("turkey", "TR"),
    ("russland", "RU"),
    ("russia", "RU"),
    ("china", "CN"),
    ("hongkong", "HK"),
    ("hong kong", "HK"),
    ("taiwan", "TW"),
    ("südkorea", "KR"),
    ("south korea", "KR"),
    ("korea", "KR"),
    ("philippinen", "PH"),
    ("philippines", "PH"),
    ("vietnam", "VN"),
    ("malaysia", "MY"),
    ("indonesien", "ID"),
    ("indonesia", "ID"),
    ("thailand", "TH"),
    ("neuseeland", "NZ"),
    ("new zealand", "NZ"),
    ("mexiko", "MX"),
    ("mexico", "MX"),
    ("argentinien", "AR"),
    ("argentina", "AR"),
    ("chile", "CL"),
    ("kolumbien", "CO"),
    ("colombia", "CO"),
    ("südafrika", "ZA"),
    ("south africa", "ZA"),
    ("ägypten", "EG"),
    ("egypt", "EG"),
    ("marokko", "MA"),
    ("morocco", "MA"),
    ("vereinigte arabische emirate", "AE"),
    ("united arab emirates", "AE"),
    ("saudi-arabien", "SA"),
    ("saudi arabia", "SA"),
    ("uruguay", "UY"),
];

/// Everyday names of countries beyond [`COUNTRIES`] and the German names
/// of ISO 3166-1.
const ALIASES: &[(&str, &str)] = &[
    ("südkorea", "KR"),
    ("south korea", "KR"),
    ("nordkorea", "KP"),
    ("tschechische republik", "CZ"),
    ("hong kong", "HK"),
    ("vae", "AE"),
    ("united arab emirates", "AE"),
    ("philippines", "PH"),
    ("mexico", "MX"),
    ("south africa", "ZA"),
    ("new zealand", "NZ"),
    ("argentina", "AR"),
    ("russia", "RU"),
    ("egypt", "EG"),
    ("morocco", "MA"),
    ("tunisia", "TN"),
    ("kenya", "KE"),
    ("indonesia", "ID"),
    ("colombia", "CO"),
    ("vietnam", "VN"),
    ("taiwan", "TW"),
];

/// The names [`COUNTRIES`] does not hold: every German name of ISO 3166-1
/// and [`ALIASES`], longest first, so that „Demokratische Republik Kongo“
/// is found before „Kongo“. Jersey is left out: in an address it is New
/// Jersey far more often than the island.
fn more_countries() -> &'static [(String, &'static str)] {
    static MORE: std::sync::OnceLock<Vec<(String, &'static str)>> = std::sync::OnceLock::new();
    MORE.get_or_init(|| {
        let mut more: Vec<(String, &'static str)> = crate::model::countries::all()
            .map(|(code, name)| (name.to_lowercase(), code))
            .chain(ALIASES.iter().map(|&(name, code)| (name.to_owned(), code)))
            .filter(|(name, code)| *code != "JE" && !COUNTRIES.iter().any(|(known, _)| known == name))
            .collect();
        more.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        more.dedup_by(|a, b| a.0 == b.0);
        more
    })
}

/// Where `name` stands in `low` (lower case): as a phrase where it has
/// spaces, dots or dashes, else as a whole word.
fn name_at(low: &str, name: &str) -> Option<usize> {
    if name.contains([' ', '.', '-', '(']) { low.find(name) } else { word_at(low, name) }
}

/// Every country a text names, in the order they first appear (by name;
/// several in one cell: "Irland und Deutschland", "EU (Irland,
/// Niederlande)"), each once.
pub fn countries_in(text: &str) -> Vec<&'static str> {
    let low = text.to_lowercase();
    // (start, end, code) of each name found
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    let names = COUNTRIES
        .iter()
        .map(|&(name, code)| (name, code))
        .chain(more_countries().iter().map(|(n, c)| (n.as_str(), *c)));
    for (name, code) in names {
        let Some(at) = name_at(&low, name) else { continue };
        let end = at + name.len();
        // A name inside one found already („Kongo“ in „Demokratische Republik Kongo“) is that one.
        if !found.iter().any(|&(s, e, c)| c == code || (s <= at && end <= e)) {
            found.push((at, end, code));
        }
    }
    found.sort();
    found.into_iter().map(|(_, _, code)| code).collect()
}

/// Where `word` first stands as a whole word in `text`.
fn word_at(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '.') && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

/// The regions a location names: the EU, the EEA.
pub fn regions_in(text: &str) -> Vec<crate::model::subprocessor::Region> {
    use crate::model::subprocessor::Region;
    let low = text.to_lowercase();
    let mut regions = Vec::new();
    if word_at(&low, "eu").is_some() || low.contains("europäische union") || low.contains("european union") {
        regions.push(Region::Eu);
    }
    if word_at(&low, "ewr").is_some()
        || word_at(&low, "eea").is_some()
        || low.contains("europäischer wirtschaftsraum")
        || low.contains("europäischen wirtschaftsraum")
        || low.contains("european economic area")
    {
        regions.push(Region::Eea);
    }
    regions
}

const US_STATES: [&str; 12] = ["CA", "WA", "NY", "TX", "MA", "IL", "DE", "VA", "OR", "CO", "GA", "NJ"];

/// The country a text names: by name, by a US state and ZIP code, by a
/// `D-` prefix or a five-digit German postcode. `None` when nothing says.
pub fn country_in(text: &str) -> Option<&'static str> {
    let low = text.to_lowercase();
    let words: Vec<&str> = low.split(|c: char| !c.is_alphanumeric() && c != '.').filter(|w| !w.is_empty()).collect();
    for (name, code) in COUNTRIES {
        let found = if name.contains(' ') || name.contains('.') { low.contains(name) } else { words.contains(name) };
        if found {
            return Some(code);
        }
    }
    // Before the postcodes: „Kuala Lumpur 50450, Malaysia“ has five digits too.
    if let Some((_, code)) = more_countries().iter().find(|(name, _)| name_at(&low, name).is_some()) {
        return Some(code);
    }
    let tokens: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    for pair in tokens.windows(2) {
        if US_STATES.contains(&pair[0]) && pair[1].len() == 5 && pair[1].bytes().all(|b| b.is_ascii_digit()) {
            return Some("US");
        }
    }
    if tokens
        .iter()
        .any(|t| t.strip_prefix("D-").is_some_and(|p| p.len() == 5 && p.bytes().all(|b| b.is_ascii_digit())))
        || tokens.windows(2).any(|p| p[0] == "D" && p[1].len() == 5 && p[1].bytes().all(|b| b.is_ascii_digit()))
    {
        return Some("DE");
    }
    if tokens.iter().any(|t| t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit())) {
        return Some("DE");
    }
    None
}

/// The transfer mechanism a safeguard's wording states.
pub fn transfer_in(text: &str) -> Option<Transfer> {
    let low = text.to_lowercase();
    let transfer = |mechanism, decision| Transfer { mechanism, decision, instrument: None, module: None, point: None };
    if low.contains("data privacy framework") || low.contains("dpf") {
        return Some(transfer(TransferMechanism::Adequacy, Some(AdequacyDecision::EuUsDpf)));
    }
    if low.contains("standardvertragsklausel")
        || low.contains("standarddatenschutzklausel")
        || low.contains("standard contractual clause")
        || low.contains("scc")
    {
        return Some(transfer(TransferMechanism::Scc, None));
    }
    if low.contains("angemessenheitsbeschluss") || low.contains("adequacy decision") {
        return Some(transfer(TransferMechanism::Adequacy, None));
    }
    if low.contains("binding corporate rules") || low.contains("verbindliche interne datenschutzvorschriften") {
        return Some(transfer(TransferMechanism::Bcr, None));
    }
    None
}

fn safeguard(label: &str) -> Safeguard {
    let low = label.to_lowercase();
    Safeguard {
        label: label.to_owned(),
        dpa: low.split(|c: char| !c.is_alphanumeric()).any(|w| w == "avv")
            || low.contains("auftragsverarbeitungsvertrag")
            || low.contains("data processing agreement"),
        certifications: Vec::new(),
        attestations: Vec::new(),
        codes_of_conduct: Vec::new(),
        transfer: transfer_in(label),
    }
}

/// One entry from its cells; `at` places notes.
pub fn entry(
    id: String,
    group: Option<String>,
    cells: &[(SubprocessorField, String)],
    at: usize,
    notes: &mut Vec<Note>,
) -> Subprocessor {
    // A "Name und Anschrift" cell is a name and an address.
    let split: Vec<(SubprocessorField, String)> = cells
        .iter()
        .flat_map(|(field, value)| match field {
            SubprocessorField::NameAddress => {
                let (name, address) = name_and_address(value);
                vec![(SubprocessorField::Name, name.to_owned()), (SubprocessorField::Address, address.to_owned())]
            }
            _ => vec![(*field, value.clone())],
        })
        .collect();
    let cells = split.as_slice();
    let get = |field: SubprocessorField| {
        cells
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let name = get(SubprocessorField::Name);
    let address = get(SubprocessorField::Address);
    let location = get(SubprocessorField::Location);
    let country_cell = get(SubprocessorField::Country);
    let safeguards_text = get(SubprocessorField::Safeguards);
    // The safeguards cell last: "Schweiz: Angemessenheitsbeschluss" names
    // the country where no address does.
    // A country column may hold the code itself („PH“).
    let country = crate::model::countries::code(&country_cell)
        .or_else(|| {
            [country_cell.as_str(), address.as_str(), location.as_str(), name.as_str(), safeguards_text.as_str()]
                .iter()
                .find_map(|t| country_in(t))
        })
        .unwrap_or_else(|| {
            notes.push(Note::new(
                NoteKind::Subprocessor,
                at,
                format!("no country stated for `{name}`; DE assumed, check the contracting entity"),
            ));
            "DE"
        });
    let processing = (!location.is_empty()).then(|| {
        // Every country the location names; one that is only the company's
        // own country says nothing more.
        let mut named = countries_in(&location);
        if named.is_empty()
            && let Some(code) = country_in(&location)
        {
            named.push(code);
        }
        let regions = regions_in(&location);
        if named.is_empty() && regions.is_empty() {
            notes.push(Note::new(
                NoteKind::Subprocessor,
                at,
                format!(
                    "the location `{location}` of `{name}` names no country or region avv knows; add `processing.countries` (ISO codes), or the transfer rules cannot see where data goes"
                ),
            ));
        }
        let countries = if named == [country] { Vec::new() } else { named };
        Processing {
            location: Some(location.clone()),
            countries: countries.into_iter().map(|c| Country(c.to_owned())).collect(),
            regions,
        }
    });
    let safeguards = if safeguards_text.is_empty() { Vec::new() } else { vec![safeguard(&safeguards_text)] };
    Subprocessor {
        id: crate::model::primitives::Id(id),
        group: group.map(crate::model::primitives::Id),
        name,
        short: None,
        address: (!address.is_empty()).then_some(address),
        country: Country(country.to_owned()),
        processing,
        service: get(SubprocessorField::Service),
        category: None,
        safeguards,
        since: None,
        notified: None,
        replaces: None,
        extra: Default::default(),
        allow: Vec::new(),
    }
}

/// A "Name und Anschrift" cell split into the name and the address: at a
/// line break, else before the first comma-separated part with a digit (a
/// street and number, a postcode), so "Zoom Video Communications, Inc., 55
/// Almaden Blvd" keeps "Inc." in the name. Without either, all is the name.
fn name_and_address(cell: &str) -> (&str, &str) {
    if let Some((name, address)) = cell.split_once('\n') {
        return (name.trim(), address.trim());
    }
    let mut from = 0;
    while let Some(comma) = cell[from..].find(',').map(|i| from + i) {
        let rest = &cell[comma + 1..];
        let part = rest.split(',').next().unwrap_or(rest);
        if part.chars().any(|c| c.is_ascii_digit()) {
            return (cell[..comma].trim(), rest.trim());
        }
        from = comma + 1;
    }
    (cell.trim(), "")
}

const LEGAL_FORMS: [&str; 20] = [
    "GmbH",
    "AG",
    "SE",
    "KG",
    "KGaA",
    "UG",
    "Inc",
    "Inc.",
    "Ltd",
    "Ltd.",
    "LLC",
    "SAS",
    "SARL",
    "S.A.",
    "B.V.",
    "Limited",
    "Corporation",
    "Corp.",
    "e.K.",
    "OHG",
];

/// A block-list entry's lines: "Name GmbH, Anschrift:" then service, then
/// safeguards. `None` when the first line names no company.
pub fn block_entry(text: &str) -> Option<Vec<(SubprocessorField, String)>> {
    let mut lines = text.lines();
    let first = lines.next()?.trim().trim_end_matches(':');
    let (name, address) = match first.split_once(',') {
        Some((name, address)) => (name.trim(), address.trim()),
        None => (first, ""),
    };
    if !name.split_whitespace().any(|w| LEGAL_FORMS.contains(&w.trim_end_matches(','))) {
        return None;
    }
    let rest: Vec<&str> = lines.map(str::trim).filter(|l| !l.is_empty()).collect();
    if rest.is_empty() {
        return None;
    }
    let mut cells = vec![(SubprocessorField::Name, name.to_owned())];
    if !address.is_empty() {
        cells.push((SubprocessorField::Address, address.to_owned()));
    }
    cells.push((SubprocessorField::Service, rest[0].to_owned()));
    if rest.len() > 1 {
        cells.push((SubprocessorField::Safeguards, rest[1..].join(", ")));
    }
    Some(cells)
}

impl Context<'_> {
    /// A group of sub-processors with `title`; returns its id.
    pub(super) fn group(&mut self, title: &str) -> String {
        let id = self.ids.make(&format!("gruppe {title}"), "gruppe");
        let low = title.to_lowercase();
        let category = if low.contains("verbunden") {
            SubprocessorCategory::Affiliated
        } else if low.contains("haupt") {
            SubprocessorCategory::Main
        } else if low.contains("zusätzlich") || low.contains("optional") || low.contains("neben") {
            SubprocessorCategory::Optional
        } else if low.contains("infrastruktur") || low.contains("plattform") || low.contains("hosting") {
            SubprocessorCategory::Infrastructure
        } else if low.contains("vernichtung") || low.contains("entsorgung") {
            SubprocessorCategory::Disposal
        } else if low.contains("newsletter") || low.contains("kommunikation") || low.contains("e-mail") {
            SubprocessorCategory::Communication
        } else if low.contains("support") || low.contains("wartung") {
            SubprocessorCategory::Support
        } else {
            SubprocessorCategory::Other
        };
        self.groups.push(json!({ "id": id, "title": title, "category": category }));
        id
    }

    /// Sets `key` of the group `id`.
    pub(super) fn set_group(&mut self, id: &str, key: &str, value: Value) {
        if let Some(Value::Object(group)) = self.groups.iter_mut().find(|g| g["id"] == id) {
            group.insert(key.to_owned(), value);
        }
    }

    /// Adds a note under the group `id`.
    pub(super) fn add_group_note(&mut self, id: &str, note: Value) {
        if let Some(Value::Object(group)) = self.groups.iter_mut().find(|g| g["id"] == id) {
            match group.get_mut("note") {
                Some(Value::Array(notes)) => notes.push(note),
                _ => {
                    group.insert("note".to_owned(), json!([note]));
                }
            }
        }
    }

    pub(super) fn add_entry(
        &mut self,
        group: &str,
        cells: &[(SubprocessorField, String)],
        extra: std::collections::BTreeMap<String, String>,
        at: usize,
    ) {
        let name = cells
            .iter()
            .find_map(|(f, v)| match f {
                SubprocessorField::Name => Some(v.as_str()),
                SubprocessorField::NameAddress => Some(name_and_address(v).0),
                _ => None,
            })
            .unwrap_or("");
        let id = self.ids.make(name, "unterauftragnehmer");
        let mut entry = entry(id, Some(group.to_owned()), cells, at, self.notes);
        entry.extra = extra;
        self.subprocessors.push(entry);
    }

    /// An annex that is only the sub-processor list, one table per
    /// numbered heading (with numbered notes under it), becomes the list
    /// itself: the headings are its groups. Returns whether it did.
    pub(super) fn list_part(&mut self, segment: &Segment) -> bool {
        let fits = segment.blocks.is_empty()
            && !segment.clauses.is_empty()
            && segment.clauses.iter().all(|draft| {
                draft.title.is_some()
                    && table_of(draft).is_some()
                    && draft.children.iter().all(|note| {
                        note.title.is_none()
                            && note.children.is_empty()
                            && note.blocks.is_empty()
                            && note.text.is_some()
                    })
            });
        if !fits {
            return false;
        }
        for draft in &segment.clauses {
            let Some((at, rows)) = table_of(draft) else { continue };
            let title = draft.title.clone().unwrap_or_default();
            // The table makes the group (titled by the heading) and its entries.
            self.table(at, rows, &title, &mut Vec::new());
            let notes: Vec<Value> = draft
                .children
                .iter()
                .map(|note| {
                    let id = self.ids.make(&format!("hinweis {}", note.num.clone().unwrap_or_default()), "hinweis");
                    json!({ "id": id, "num": note.num, "text": note.text })
                })
                .collect();
            if let Some(Value::Object(last)) = self.groups.last_mut() {
                last.insert("num".to_owned(), json!(draft.num));
                last.insert("note".to_owned(), json!(notes));
            }
        }
        true
    }
}

/// The one sub-processor table of a clause, if that is all it holds.
fn table_of(draft: &Draft) -> Option<(usize, &Vec<Vec<String>>)> {
    match draft.blocks.as_slice() {
        [Piece::Table { at, rows }] if rows.len() > 1 && columns(&rows[0]).is_some() => Some((*at, rows)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_map_to_fields() {
        let header: Vec<String> =
            ["Firma Unterauftragnehmer", "Anschrift", "Leistung", "Datenschutz- maßnahmen"].map(String::from).to_vec();
        assert_eq!(
            columns(&header),
            Some(vec![
                Some(SubprocessorField::Name),
                Some(SubprocessorField::Address),
                Some(SubprocessorField::Service),
                Some(SubprocessorField::Safeguards)
            ])
        );
        let rocon: Vec<String> =
            ["Unterauftragnehmer", "Verarbeitungsstandort", "Art der Dienstleistung"].map(String::from).to_vec();
        assert_eq!(columns(&rocon).map(|c| c[1]), Some(Some(SubprocessorField::Location)));
        assert_eq!(columns(&["Version".into(), "Datum".into()]), None);
        let combined = ["Name und Anschrift".to_owned(), "Leistung".to_owned()];
        assert_eq!(
            columns(&combined),
            Some(vec![Some(SubprocessorField::NameAddress), Some(SubprocessorField::Service)])
        );
    }

    #[test]
    fn countries_from_names_and_postcodes() {
        assert_eq!(country_in("4, rue Jules Lefebvre, 75009 Paris, France"), Some("FR"));
        assert_eq!(country_in("121 2nd St, Fl 4 San Francisco, CA 94105"), Some("US"));
        assert_eq!(country_in("Venloer Straße 47 50672 Köln"), Some("DE"));
        assert_eq!(country_in("D-85276 Pfaffenhofen"), Some("DE"));
        assert_eq!(country_in("Sydney NSW 2000, Australia"), Some("AU"));
        assert_eq!(country_in("Vereinigte Staaten"), Some("US"));
        assert_eq!(country_in("Siehe Zusatz"), None);
    }

    #[test]
    fn a_country_column_may_hold_the_code() {
        let cells = |country: &str| {
            vec![
                (SubprocessorField::Name, "Support Inc.".to_owned()),
                (SubprocessorField::Address, "10115 Berlin".to_owned()),
                (SubprocessorField::Country, country.to_owned()),
                (SubprocessorField::Service, "Support".to_owned()),
            ]
        };
        for (cell, code) in [("PH", "PH"), ("ph", "PH"), (" US ", "US"), ("Philippinen", "PH"), ("XY", "DE")] {
            let mut notes = Vec::new();
            let sub = entry("support".into(), None, &cells(cell), 1, &mut notes);
            assert_eq!(sub.country.as_str(), code, "{cell:?}");
        }
    }

    #[test]
    fn every_country_by_its_german_name_before_any_postcode() {
        assert_eq!(country_in("Kuala Lumpur 50450, Malaysia"), Some("MY"));
        assert_eq!(country_in("1634 Taguig City, Philippinen"), Some("PH"));
        assert_eq!(country_in("Seoul, Südkorea"), Some("KR"));
        assert_eq!(country_in("Kinshasa, Demokratische Republik Kongo"), Some("CD"));
        assert_eq!(country_in("Brazzaville, Kongo"), Some("CG"));
        assert_eq!(country_in("Wellington 6011, Neuseeland"), Some("NZ"));
        // New Jersey is no island.
        assert_ne!(country_in("Newark, New Jersey 07102"), Some("JE"));
        assert_eq!(countries_in("Kinshasa (Demokratische Republik Kongo) und Manila (Philippinen)"), vec!["CD", "PH"]);
        // Every German name of ISO 3166-1 but Jersey is found.
        for (code, name) in crate::model::countries::all().filter(|(code, _)| *code != "JE") {
            assert!(countries_in(&format!("Sitz: {name}")).contains(&code), "{code} {name}: {:?}", countries_in(name));
        }
    }

    #[test]
    fn transfer_mechanisms_from_wording() {
        assert_eq!(
            transfer_in("EU-US Data Privacy Framework").map(|t| t.decision),
            Some(Some(AdequacyDecision::EuUsDpf))
        );
        assert_eq!(transfer_in("Standardvertragsklauseln").map(|t| t.mechanism), Some(TransferMechanism::Scc));
        assert_eq!(transfer_in("Angemessenheitsbeschluss").map(|t| t.mechanism), Some(TransferMechanism::Adequacy));
        assert_eq!(transfer_in("ISO 27001"), None);
    }

    #[test]
    fn block_entries_need_a_company_and_a_service() {
        let cells =
            block_entry("STRATO GmbH, D 10249 Berlin:\nBetreiber Rechenzentrum\nISO/IEC 27001 Zertifizierung").unwrap();
        assert_eq!(cells[0], (SubprocessorField::Name, "STRATO GmbH".into()));
        assert_eq!(cells[1], (SubprocessorField::Address, "D 10249 Berlin".into()));
        assert_eq!(cells[3].1, "ISO/IEC 27001 Zertifizierung");
        assert_eq!(block_entry("Alle Server werden gemietet"), None);
    }

    #[test]
    fn a_name_and_address_cell_splits_before_the_street() {
        assert_eq!(
            name_and_address("Zoom Video Communications, Inc., 55 Almaden Blvd, San Jose"),
            ("Zoom Video Communications, Inc.", "55 Almaden Blvd, San Jose")
        );
        assert_eq!(
            name_and_address("Userlike UG, Probsteigasse 44-46, 50670 Köln"),
            ("Userlike UG", "Probsteigasse 44-46, 50670 Köln")
        );
        assert_eq!(
            name_and_address("Hetzner Online GmbH\nIndustriestr. 25"),
            ("Hetzner Online GmbH", "Industriestr. 25")
        );
        assert_eq!(name_and_address("Acme, Inc."), ("Acme, Inc.", ""));
    }
}
