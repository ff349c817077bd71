//! Reference numbers ("6.5", "3.2.1") derived from printed numbers, and
//! German dates as the documents print them.

use super::codes::DateStyle;
use super::primitives::Date;

/// The reference of a node numbered `num` under a parent with reference
/// `parent`: "5." under "6" is "6.5", "6." under "6" is "6.6" (pcvisit's
/// 2.2 is "2." under "2."), "6.4" under "6" (Zerer prints full numbers)
/// stays "6.4", "§ 1." is "1".
pub fn derive_ref(parent: &str, num: Option<&str>) -> String {
    let Some(num) = num else { return parent.to_owned() };
    let own = num.trim().trim_start_matches('§').trim().trim_end_matches(['.', ')']).trim();
    if own.is_empty() {
        return parent.to_owned();
    }
    if parent.is_empty() || own.starts_with(&format!("{parent}.")) { own.to_owned() } else { format!("{parent}.{own}") }
}

/// The German month names, as long dates print them.
pub(crate) const MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// A date as German documents print it: "29.02.2024" or "9. Juni 2018".
pub fn german_date(date: Date, style: DateStyle) -> String {
    match style {
        DateStyle::Numeric => format!("{:02}.{:02}.{}", date.day, date.month, date.year),
        DateStyle::Long => format!("{}. {} {}", date.day, MONTHS[(date.month as usize - 1) % 12], date.year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(derive_ref("", Some("6.")), "6");
        assert_eq!(derive_ref("6", Some("5.")), "6.5");
        assert_eq!(derive_ref("6", Some("6.4")), "6.4");
        assert_eq!(derive_ref("", Some("§6")), "6");
        assert_eq!(derive_ref("3.2", Some("1.")), "3.2.1");
        assert_eq!(derive_ref("3.2", None), "3.2");
        assert_eq!(derive_ref("1", Some("1.1")), "1.1");
        assert_eq!(derive_ref("", Some("§ 1.")), "1");
        assert_eq!(derive_ref("5", Some("a)")), "5.a");
        assert_eq!(derive_ref("2", Some("2.")), "2.2");
        assert_eq!(derive_ref("3.3", Some("3.")), "3.3.3");
    }

    #[test]
    fn dates() {
        let d = Date::new(2018, 6, 9).unwrap();
        assert_eq!(german_date(d, DateStyle::Long), "9. Juni 2018");
        assert_eq!(german_date(d, DateStyle::Numeric), "09.06.2018");
    }
}
