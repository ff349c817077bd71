//! Metadata in the text: a "Stand: … Version …" line, and a version table
//! ("Version | Datum | Änderung") as imported history rows.

use crate::model::agreement::{History, HistoryRow};
use crate::model::primitives::Date;

/// A German date as printed ("29.02.2024"), or ISO ("2024-02-29").
pub fn date(text: &str) -> Option<Date> {
    let text = text.trim().trim_end_matches([',', ';']);
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() == 3 {
        let day = parts[0].parse().ok()?;
        let month = parts[1].parse().ok()?;
        let year = parts[2].parse().ok()?;
        return Date::new(year, month, day);
    }
    Date::parse(text)
}

/// What a "Stand"/"Version" line states.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stand {
    /// The date after "Stand".
    pub date: Option<Date>,
    /// The version label after "Version".
    pub version: Option<String>,
    /// The line with `{date}` and `{version}` in place, when it holds
    /// nothing else, so it prints as in the source.
    pub line: Option<String>,
}

/// Reads a line such as "Stand: 29.02.2024 Version 1.8".
pub fn stand(text: &str) -> Option<Stand> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let mut found = Stand::default();
    let mut template: Vec<String> = Vec::new();
    let mut plain = true;
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        let key = word.trim_end_matches(':').to_lowercase();
        if key == "stand"
            && i + 1 < words.len()
            && let Some(d) = date(words[i + 1])
        {
            found.date = Some(d);
            template.push(word.to_owned());
            template.push("{date}".to_owned());
            i += 2;
            continue;
        }
        if key == "version" && i + 1 < words.len() && words[i + 1].starts_with(|c: char| c.is_ascii_digit()) {
            found.version = Some(words[i + 1].trim_end_matches([',', ';']).to_owned());
            template.push(word.to_owned());
            template.push("{version}".to_owned());
            i += 2;
            continue;
        }
        plain = false;
        template.push(word.to_owned());
        i += 1;
    }
    if found.date.is_none() && found.version.is_none() {
        return None;
    }
    if plain {
        found.line = Some(template.join(" "));
    }
    Some(found)
}

/// A version table, if `rows` (header first) is one.
pub fn history(rows: &[Vec<String>]) -> Option<History> {
    let header = rows.first()?;
    let find = |names: &[&str]| header.iter().position(|h| names.iter().any(|n| h.to_lowercase().starts_with(n)));
    let version = find(&["version"])?;
    let date_column = find(&["datum", "date"]);
    let change = find(&["änderung", "aenderung", "beschreibung", "change"]);
    if date_column.is_none() && change.is_none() {
        return None;
    }
    let status = find(&["status"]);
    let responsible = find(&["verantwortlich", "autor", "author"]);
    let cell = |row: &Vec<String>, column: Option<usize>| column.and_then(|c| row.get(c)).cloned().unwrap_or_default();
    let column_name = |column: Option<usize>, default: &str| column.map_or(default.to_owned(), |c| header[c].clone());
    let row: Vec<HistoryRow> = rows[1..]
        .iter()
        .filter(|row| row.iter().any(|c| !c.is_empty()))
        .map(|row| HistoryRow {
            version: cell(row, Some(version)),
            status: cell(row, status),
            date: date(&cell(row, date_column)),
            responsible: cell(row, responsible),
            change: cell(row, change),
            kinds: Vec::new(),
            allow: Vec::new(),
            generated: false,
        })
        .collect();
    if row.is_empty() || row.iter().any(|r| r.version.is_empty()) {
        return None;
    }
    Some(History {
        columns: vec![
            column_name(Some(version), "Version"),
            column_name(status, "Status"),
            column_name(date_column, "Datum"),
            column_name(responsible, "Verantwortlich"),
            column_name(change, "Änderung"),
        ],
        row,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stand_lines() {
        let s = stand("Stand: 29.02.2024 Version 1.8").unwrap();
        assert_eq!(s.date, Date::new(2024, 2, 29));
        assert_eq!(s.version.as_deref(), Some("1.8"));
        assert_eq!(s.line.as_deref(), Some("Stand: {date} Version {version}"));
        assert_eq!(stand("Der Vertrag gilt ab Stand der Technik"), None);
    }

    #[test]
    fn version_tables() {
        let rows: Vec<Vec<String>> = vec![
            vec!["Version".into(), "Datum".into(), "Änderung".into()],
            vec!["1.0".into(), "15.04.2018".into(), "Erstfassung".into()],
            vec!["1.1".into(), "".into(), "Ergänzung".into()],
        ];
        let h = history(&rows).unwrap();
        assert_eq!(h.row.len(), 2);
        assert_eq!(h.row[0].date, Date::new(2018, 4, 15));
        assert_eq!(h.row[1].date, None);
        assert_eq!(h.columns[1], "Status");
        assert!(history(&rows[..1]).is_none());
    }
}
