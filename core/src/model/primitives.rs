//! Small value types shared by every file of an agreement: ids, dates,
//! ISO 8601 durations, country codes and rule allowances.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The format version every file declares in `schema_version`.
pub const SCHEMA_VERSION: u32 = 1;

/// Pattern of a stable id: kebab-case, starting with a letter.
pub const ID_PATTERN: &str = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$";

/// A stable identifier: kebab-case, at most 64 characters, unique within
/// its agreement folder. It never changes when the printed number changes,
/// which is what lets diffs and histories match a node across versions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the id matches [`ID_PATTERN`] and the length limit.
    pub fn is_well_formed(&self) -> bool {
        is_kebab_id(&self.0)
    }
}

/// Reads only well-formed ids, like the schema's `pattern` and `maxLength`:
/// the typed model accepts exactly what the schema accepts (see
/// [`parse`](crate::load::parse)).
impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        if is_kebab_id(&s) {
            Ok(Id(s))
        } else {
            Err(serde::de::Error::custom(format!("`{s}` is not a kebab-case id of at most 64 characters")))
        }
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `s` may name an agreement folder: a kebab-case id, and not
/// `agreements`, which would be taken for the repository's folder of
/// agreements (`agreements/agreements/`) and hide all others.
pub fn is_agreement_id(s: &str) -> bool {
    is_kebab_id(s) && s != "agreements"
}

/// `text` in lower case with umlauts and accents spelt out (ä → ae,
/// é → e) and every other character that is not a letter or digit a
/// space: the words every id avv suggests or makes is built from.
pub fn id_words(text: &str) -> String {
    let mut spelt = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => spelt.push_str("ae"),
            'ö' => spelt.push_str("oe"),
            'ü' => spelt.push_str("ue"),
            'ß' => spelt.push_str("ss"),
            'é' | 'è' | 'ê' => spelt.push('e'),
            'á' | 'à' | 'â' => spelt.push('a'),
            'ç' => spelt.push('c'),
            c if c.is_ascii_alphanumeric() => spelt.push(c),
            _ => spelt.push(' '),
        }
    }
    spelt
}

/// A kebab-case id made from a name: its [`id_words`] joined by dashes,
/// and an id that would start with a digit prefixed ("203523" becomes
/// "kunde-203523"), as the help of a rule suggests it.
pub fn suggest_id(name: &str) -> String {
    let joined = id_words(name).split_whitespace().collect::<Vec<_>>().join("-");
    let id = match joined.chars().next() {
        None => return "kunde".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("kunde-{joined}"),
        Some(_) => joined,
    };
    id.chars().take(64).collect::<String>().trim_end_matches('-').to_owned()
}

/// Whether `s` is a kebab-case id of at most 64 characters.
pub fn is_kebab_id(s: &str) -> bool {
    if s.is_empty() || s.len() > 64 {
        return false;
    }
    let bytes = s.as_bytes();
    if !bytes[0].is_ascii_lowercase() || bytes[bytes.len() - 1] == b'-' {
        return false;
    }
    let mut previous_dash = false;
    for &b in bytes {
        match b {
            b'a'..=b'z' | b'0'..=b'9' => previous_dash = false,
            b'-' if !previous_dash => previous_dash = true,
            _ => return false,
        }
    }
    true
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A stable kebab-case identifier (at most 64 characters), unique within the agreement folder; it does not change when the node is renumbered.",
            "type": "string",
            "pattern": ID_PATTERN,
            "maxLength": 64
        })
    }
}

/// A calendar date. In TOML it is written as a local date (`2024-02-29`);
/// JSON Schema sees it as a `format: date` string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31 (checked against the month).
    pub day: u32,
}

impl Date {
    /// Builds a date, returning `None` when it does not exist in the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) { part.parse().ok() } else { None }
        };
        let year = digits(0..4)? as i32;
        Self::new(year, digits(5..7)?, digits(8..10)?)
    }

    /// Parses a date as people write it in a form: ISO `2024-03-15`, or
    /// German `15.03.2024` (day and month with or without a leading zero,
    /// the year in full). Surrounding whitespace is ignored.
    pub fn parse_written(s: &str) -> Option<Self> {
        let s = s.trim();
        if let Some(date) = Self::parse(s) {
            return Some(date);
        }
        let mut parts = s.split('.');
        let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
        let number = |part: &str, lengths: std::ops::RangeInclusive<usize>| -> Option<u32> {
            (lengths.contains(&part.len()) && part.bytes().all(|c| c.is_ascii_digit())).then(|| part.parse().ok())?
        };
        if parts.next().is_some() {
            return None;
        }
        Self::new(number(year, 4..=4)? as i32, number(month, 1..=2)?, number(day, 1..=2)?)
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for date arithmetic.
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Self { year: (y + i64::from(m <= 2)) as i32, month: m, day: d }
    }
}

/// Number of days in `month` of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("`{s}` is not a real calendar date in the form YYYY-MM-DD"))
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date, written in TOML as a local date: 2024-02-29.",
            "type": "string",
            "format": "date"
        })
    }
}

/// An ISO 8601 duration such as `P14D`, `P2W`, `P4W` or `P3Y`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IsoDuration {
    /// Years.
    pub years: u32,
    /// Months.
    pub months: u32,
    /// Weeks.
    pub weeks: u32,
    /// Days.
    pub days: u32,
}

impl IsoDuration {
    /// Whether it is no time at all (`P0D`, `P0W`).
    pub fn is_zero(&self) -> bool {
        self.years == 0 && self.months == 0 && self.weeks == 0 && self.days == 0
    }

    /// Parses `PnYnMnWnD` (each part optional, at least one present).
    pub fn parse(s: &str) -> Option<Self> {
        let rest = s.strip_prefix('P')?;
        if rest.is_empty() {
            return None;
        }
        let mut out = Self { years: 0, months: 0, weeks: 0, days: 0 };
        let mut number = String::new();
        let mut last_rank = 0;
        for c in rest.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let rank = match c {
                'Y' => 1,
                'M' => 2,
                'W' => 3,
                'D' => 4,
                _ => return None,
            };
            // At most four digits a unit, as the schema's pattern: a
            // period of 10,000 days is a typo, and larger ones overflow.
            if number.is_empty() || number.len() > 4 || rank <= last_rank {
                return None;
            }
            let n: u32 = number.parse().ok()?;
            number.clear();
            last_rank = rank;
            match c {
                'Y' => out.years = n,
                'M' => out.months = n,
                'W' => out.weeks = n,
                _ => out.days = n,
            }
        }
        number.is_empty().then_some(out)
    }

    /// Adds the duration to `date` (years and months first, clamping the day
    /// to the month's end, then weeks and days).
    pub fn add_to(&self, date: Date) -> Date {
        let total_months =
            date.year as i64 * 12 + (date.month as i64 - 1) + self.years as i64 * 12 + self.months as i64;
        let year = total_months.div_euclid(12) as i32;
        let month = total_months.rem_euclid(12) as u32 + 1;
        let day = date.day.min(days_in_month(year, month));
        let base = Date { year, month, day };
        Date::from_days(base.to_days() + i64::from(self.weeks) * 7 + i64::from(self.days))
    }

    /// German wording after "innerhalb von", e.g. „2 Wochen“, „14 Tagen“.
    pub fn to_german_dative(&self) -> String {
        self.german(true)
    }

    /// German wording for change texts and notices, e.g. „2 Wochen“.
    pub fn to_german(&self) -> String {
        self.german(false)
    }

    fn german(&self, dative: bool) -> String {
        let units = [
            (self.years, "Jahr", if dative { "Jahren" } else { "Jahre" }),
            (self.months, "Monat", if dative { "Monaten" } else { "Monate" }),
            (self.weeks, "Woche", "Wochen"),
            (self.days, "Tag", if dative { "Tagen" } else { "Tage" }),
        ];
        let parts: Vec<String> = units
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect();
        parts.join(" und ")
    }
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // No time at all is still a duration: `P` alone is none.
        if self.is_zero() {
            return f.write_str("P0D");
        }
        f.write_str("P")?;
        for (n, unit) in [(self.years, 'Y'), (self.months, 'M'), (self.weeks, 'W'), (self.days, 'D')] {
            if n > 0 {
                write!(f, "{n}{unit}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for IsoDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        IsoDuration::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not an ISO 8601 duration such as P14D or P4W")))
    }
}

impl JsonSchema for IsoDuration {
    fn schema_name() -> Cow<'static, str> {
        "IsoDuration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An ISO 8601 duration in years, months, weeks and days, at most four digits each: P14D, P2W, P4W, P3Y.",
            "type": "string",
            "pattern": "^P([0-9]{1,4}Y)?([0-9]{1,4}M)?([0-9]{1,4}W)?([0-9]{1,4}D)?$",
            "minLength": 3
        })
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case (`DE`, `US`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Country(pub String);

/// Reads only two upper-case letters, like the schema's `pattern`.
impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        if s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Country(s))
        } else {
            Err(serde::de::Error::custom(format!("`{s}` is not an upper-case ISO 3166-1 alpha-2 code")))
        }
    }
}

impl Country {
    /// The code as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As a document prints it: the code itself with `codes`, else its
    /// German name ([`super::countries::display_de`]).
    pub fn printed(&self, codes: bool) -> String {
        if codes { self.0.clone() } else { super::countries::display_de(&self.0) }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl JsonSchema for Country {
    fn schema_name() -> Cow<'static, str> {
        "Country".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An ISO 3166-1 alpha-2 country code in upper case, e.g. DE, FR, US.",
            "type": "string",
            "pattern": "^[A-Z]{2}$"
        })
    }
}

/// An explicit, reasoned exception to one validation rule on one node.
/// Real documents contain defects (a duplicate clause number, a repealed
/// citation); the allowance keeps them visible in review while the folder
/// validates clean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// The rule code to allow, e.g. `duplicate-display-number`.
    pub rule: String,
    /// Why the exception is acceptable. Required and never empty.
    pub reason: String,
}

/// Whether `allow` contains an allowance for `rule`.
pub fn allows(allow: &[Allow], rule: &str) -> bool {
    allow.iter().any(|a| a.rule == rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_kebab_id("unterauftragnehmer-liste"));
        assert!(is_kebab_id("a1"));
        assert!(!is_kebab_id("6.5"));
        assert!(!is_kebab_id("Abc"));
        assert!(!is_kebab_id("a--b"));
        assert!(!is_kebab_id("a-"));
        assert!(!is_kebab_id(""));
        assert!(!is_kebab_id(&"a".repeat(65)));
    }

    #[test]
    fn dates() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("29.02.2024").is_none());
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
    }

    #[test]
    fn written_dates() {
        let d = Date::new(2024, 3, 5);
        for written in ["2024-03-05", "05.03.2024", "5.3.2024", " 05.03.2024 "] {
            assert_eq!(Date::parse_written(written), d, "{written}");
        }
        for refused in [
            "5.3.24",
            "05.03.2024.",
            "2024-3-5",
            "30.02.2024",
            "März 2024",
            "05/03/2024",
            "",
            "1.2.3.2024",
            "+5.3.2024",
        ] {
            assert_eq!(Date::parse_written(refused), None, "{refused}");
        }
    }

    #[test]
    fn durations() {
        let p = IsoDuration::parse("P14D").unwrap();
        assert_eq!(p.days, 14);
        assert_eq!(p.to_string(), "P14D");
        assert!(IsoDuration::parse("P").is_none());
        assert!(IsoDuration::parse("P2D3W").is_none());
        assert!(IsoDuration::parse("14D").is_none());
        // Four digits a unit: larger numbers are typos, and would overflow.
        assert_eq!(IsoDuration::parse("P9999D").unwrap().days, 9999);
        assert!(IsoDuration::parse("P10000D").is_none());
        assert!(IsoDuration::parse("P4294967296D").is_none());
        let start = Date::parse("2024-01-31").unwrap();
        assert_eq!(IsoDuration::parse("P1M").unwrap().add_to(start).to_string(), "2024-02-29");
        assert_eq!(IsoDuration::parse("P2W").unwrap().add_to(start).to_string(), "2024-02-14");
        assert_eq!(IsoDuration::parse("P2W").unwrap().to_german(), "2 Wochen");
        assert_eq!(IsoDuration::parse("P14D").unwrap().to_german_dative(), "14 Tagen");
        assert_eq!(IsoDuration::parse("P1Y2M").unwrap().to_german(), "1 Jahr und 2 Monate");
    }
}
