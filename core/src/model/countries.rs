//! The countries of ISO 3166-1 by their alpha-2 codes, with the German short
//! names a contract prints ("Luxemburg", not `LU`).
//!
//! The names are those of the Debian `iso-codes` package (4.15, German
//! translation, the common name where it has one), with the forms German
//! contracts and the Federal Foreign Office's list of country names use
//! where they differ ("Russland", "Republik Korea", "Vatikanstadt"). `XK`
//! (Kosovo) is not assigned by ISO 3166-1 but is the code the EU and most
//! registries use, so it is known too.

/// Every known code with its German name, sorted by code.
const COUNTRIES: &[(&str, &str)] = &[
    ("AD", "Andorra"),
    ("AE", "Vereinigte Arabische Emirate"),
    ("AF", "Afghanistan"),
    ("AG", "Antigua und Barbuda"),
    ("AI", "Anguilla"),
    ("AL", "Albanien"),
    ("AM", "Armenien"),
    ("AO", "Angola"),
    ("AQ", "Antarktis"),
    ("AR", "Argentinien"),
    ("AS", "Amerikanisch-Samoa"),
    ("AT", "Österreich"),
    ("AU", "Australien"),
    ("AW", "Aruba"),
    ("AX", "Ålandinseln"),
    ("AZ", "Aserbaidschan"),
    ("BA", "Bosnien und Herzegowina"),
    ("BB", "Barbados"),
    ("BD", "Bangladesch"),
    ("BE", "Belgien"),
    ("BF", "Burkina Faso"),
    ("BG", "Bulgarien"),
    ("BH", "Bahrain"),
    ("BI", "Burundi"),
    ("BJ", "Benin"),
    ("BL", "Saint-Barthélemy"),
    ("BM", "Bermuda"),
    ("BN", "Brunei Darussalam"),
    ("BO", "Bolivien"),
    ("BQ", "Bonaire, Sint Eustatius und Saba"),
    ("BR", "Brasilien"),
    ("BS", "Bahamas"),
    ("BT", "Bhutan"),
    ("BV", "Bouvet-Insel"),
    ("BW", "Botsuana"),
    ("BY", "Belarus"),
    ("BZ", "Belize"),
    ("CA", "Kanada"),
    ("CC", "Kokos-(Keeling-)Inseln"),
    ("CD", "Demokratische Republik Kongo"),
    ("CF", "Zentralafrikanische Republik"),
    ("CG", "Kongo"),
    ("CH", "Schweiz"),
    ("CI", "Côte d'Ivoire"),
    ("CK", "Cookinseln"),
    ("CL", "Chile"),
    ("CM", "Kamerun"),
    ("CN", "China"),
    ("CO", "Kolumbien"),
    ("CR", "Costa Rica"),
    ("CU", "Kuba"),
    ("CV", "Cabo Verde"),
    ("CW", "Curaçao"),
    ("CX", "Weihnachtsinsel"),
    ("CY", "Zypern"),
    ("CZ", "Tschechien"),
    ("DE", "Deutschland"),
    ("DJ", "Dschibuti"),
    ("DK", "Dänemark"),
    ("DM", "Dominica"),
    ("DO", "Dominikanische Republik"),
    ("DZ", "Algerien"),
    ("EC", "Ecuador"),
    ("EE", "Estland"),
    ("EG", "Ägypten"),
    ("EH", "Westsahara"),
    ("ER", "Eritrea"),
    ("ES", "Spanien"),
    ("ET", "Äthiopien"),
    ("FI", "Finnland"),
    ("FJ", "Fidschi"),
    ("FK", "Falklandinseln"),
    ("FM", "Mikronesien"),
    ("FO", "Färöer"),
    ("FR", "Frankreich"),
    ("GA", "Gabun"),
    ("GB", "Vereinigtes Königreich"),
    ("GD", "Grenada"),
    ("GE", "Georgien"),
    ("GF", "Französisch-Guyana"),
    ("GG", "Guernsey"),
    ("GH", "Ghana"),
    ("GI", "Gibraltar"),
    ("GL", "Grönland"),
    ("GM", "Gambia"),
    ("GN", "Guinea"),
    ("GP", "Guadeloupe"),
    ("GQ", "Äquatorialguinea"),
    ("GR", "Griechenland"),
    ("GS", "South Georgia und die Südlichen Sandwichinseln"),
    ("GT", "Guatemala"),
    ("GU", "Guam"),
    ("GW", "Guinea-Bissau"),
    ("GY", "Guyana"),
    ("HK", "Hongkong"),
    ("HM", "Heard und McDonaldinseln"),
    ("HN", "Honduras"),
    ("HR", "Kroatien"),
    ("HT", "Haiti"),
    ("HU", "Ungarn"),
    ("ID", "Indonesien"),
    ("IE", "Irland"),
    ("IL", "Israel"),
    ("IM", "Insel Man"),
    ("IN", "Indien"),
    ("IO", "Britisches Territorium im Indischen Ozean"),
    ("IQ", "Irak"),
    ("IR", "Iran"),
    ("IS", "Island"),
    ("IT", "Italien"),
    ("JE", "Jersey"),
    ("JM", "Jamaika"),
    ("JO", "Jordanien"),
    ("JP", "Japan"),
    ("KE", "Kenia"),
    ("KG", "Kirgisistan"),
    ("KH", "Kambodscha"),
    ("KI", "Kiribati"),
    ("KM", "Komoren"),
    ("KN", "St. Kitts und Nevis"),
    ("KP", "Demokratische Volksrepublik Korea"),
    ("KR", "Republik Korea"),
    ("KW", "Kuwait"),
    ("KY", "Kaimaninseln"),
    ("KZ", "Kasachstan"),
    ("LA", "Laos"),
    ("LB", "Libanon"),
    ("LC", "St. Lucia"),
    ("LI", "Liechtenstein"),
    ("LK", "Sri Lanka"),
    ("LR", "Liberia"),
    ("LS", "Lesotho"),
    ("LT", "Litauen"),
    ("LU", "Luxemburg"),
    ("LV", "Lettland"),
    ("LY", "Libyen"),
    ("MA", "Marokko"),
    ("MC", "Monaco"),
    ("MD", "Republik Moldau"),
    ("ME", "Montenegro"),
    ("MF", "Saint Martin (Französischer Teil)"),
    ("MG", "Madagaskar"),
    ("MH", "Marshallinseln"),
    ("MK", "Nordmazedonien"),
    ("ML", "Mali"),
    ("MM", "Myanmar"),
    ("MN", "Mongolei"),
    ("MO", "Macao"),
    ("MP", "Nördliche Marianen"),
    ("MQ", "Martinique"),
    ("MR", "Mauretanien"),
    ("MS", "Montserrat"),
    ("MT", "Malta"),
    ("MU", "Mauritius"),
    ("MV", "Malediven"),
    ("MW", "Malawi"),
    ("MX", "Mexiko"),
    ("MY", "Malaysia"),
    ("MZ", "Mosambik"),
    ("NA", "Namibia"),
    ("NC", "Neukaledonien"),
    ("NE", "Niger"),
    ("NF", "Norfolkinsel"),
    ("NG", "Nigeria"),
    ("NI", "Nicaragua"),
    ("NL", "Niederlande"),
    ("NO", "Norwegen"),
    ("NP", "Nepal"),
    ("NR", "Nauru"),
    ("NU", "Niue"),
    ("NZ", "Neuseeland"),
    ("OM", "Oman"),
    ("PA", "Panama"),
    ("PE", "Peru"),
    ("PF", "Französisch-Polynesien"),
    ("PG", "Papua-Neuguinea"),
    ("PH", "Philippinen"),
    ("PK", "Pakistan"),
    ("PL", "Polen"),
    ("PM", "St. Pierre und Miquelon"),
    ("PN", "Pitcairn"),
    ("PR", "Puerto Rico"),
    ("PS", "Palästinensische Gebiete"),
    ("PT", "Portugal"),
    ("PW", "Palau"),
    ("PY", "Paraguay"),
    ("QA", "Katar"),
    ("RE", "Réunion"),
    ("RO", "Rumänien"),
    ("RS", "Serbien"),
    ("RU", "Russland"),
    ("RW", "Ruanda"),
    ("SA", "Saudi-Arabien"),
    ("SB", "Salomoninseln"),
    ("SC", "Seychellen"),
    ("SD", "Sudan"),
    ("SE", "Schweden"),
    ("SG", "Singapur"),
    ("SH", "St. Helena, Ascension und Tristan da Cunha"),
    ("SI", "Slowenien"),
    ("SJ", "Svalbard und Jan Mayen"),
    ("SK", "Slowakei"),
    ("SL", "Sierra Leone"),
    ("SM", "San Marino"),
    ("SN", "Senegal"),
    ("SO", "Somalia"),
    ("SR", "Suriname"),
    ("SS", "Südsudan"),
    ("ST", "São Tomé und Príncipe"),
    ("SV", "El Salvador"),
    ("SX", "Saint-Martin (Niederländischer Teil)"),
    ("SY", "Syrien"),
    ("SZ", "Eswatini"),
    ("TC", "Turks- und Caicosinseln"),
    ("TD", "Tschad"),
    ("TF", "Französische Süd- und Antarktisgebiete"),
    ("TG", "Togo"),
    ("TH", "Thailand"),
    ("TJ", "Tadschikistan"),
    ("TK", "Tokelau"),
    ("TL", "Timor-Leste"),
    ("TM", "Turkmenistan"),
    ("TN", "Tunesien"),
    ("TO", "Tonga"),
    ("TR", "Türkei"),
    ("TT", "Trinidad und Tobago"),
    ("TV", "Tuvalu"),
    ("TW", "Taiwan"),
    ("TZ", "Tansania"),
    ("UA", "Ukraine"),
    ("UG", "Uganda"),
    ("UM", "Kleinere Amerikanische Überseeinseln"),
    ("US", "Vereinigte Staaten"),
    ("UY", "Uruguay"),
    ("UZ", "Usbekistan"),
    ("VA", "Vatikanstadt"),
    ("VC", "St. Vincent und die Grenadinen"),
    ("VE", "Venezuela"),
    ("VG", "Britische Jungferninseln"),
    ("VI", "Amerikanische Jungferninseln"),
    ("VN", "Vietnam"),
    ("VU", "Vanuatu"),
    ("WF", "Wallis und Futuna"),
    ("WS", "Samoa"),
    ("XK", "Kosovo"),
    ("YE", "Jemen"),
    ("YT", "Mayotte"),
    ("ZA", "Südafrika"),
    ("ZM", "Sambia"),
    ("ZW", "Simbabwe"),
];

/// The German short name of an ISO 3166-1 alpha-2 code (`LU` →
/// "Luxemburg"); `None` for a code ISO 3166-1 does not assign.
pub fn name_de(code: &str) -> Option<&'static str> {
    COUNTRIES.binary_search_by(|(known, _)| known.cmp(&code)).ok().map(|i| COUNTRIES[i].1)
}

/// Every known code with its German name, sorted by code.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    COUNTRIES.iter().copied()
}

/// The code `text` writes, in any case and with spaces around it (`" ph"`
/// → `PH`); `None` when it is no known code.
pub fn code(text: &str) -> Option<&'static str> {
    let upper = text.trim().to_ascii_uppercase();
    COUNTRIES.binary_search_by(|(known, _)| known.cmp(&upper.as_str())).ok().map(|i| COUNTRIES[i].0)
}

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code (or `XK`).
pub fn is_known(code: &str) -> bool {
    name_de(code).is_some()
}

/// The code a writer most likely meant by an unassigned one: the codes the
/// EU and everyday usage spell differently from ISO 3166-1 (`UK` for the
/// United Kingdom, `EL` for Greece in EU documents).
pub fn meant(code: &str) -> Option<&'static str> {
    match code {
        "UK" => Some("GB"),
        "EL" => Some("GR"),
        _ => None,
    }
}

/// `code` as a German reader reads it: its name where the code is known,
/// else the code as written.
pub fn display_de(code: &str) -> String {
    name_de(code).map_or_else(|| code.to_owned(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_without_duplicates_so_every_code_is_found() {
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0), "sorted and unique");
        for (code, name) in COUNTRIES {
            assert_eq!(code.len(), 2);
            assert!(code.bytes().all(|b| b.is_ascii_uppercase()));
            assert_eq!(name_de(code), Some(*name));
        }
        assert_eq!(COUNTRIES.len(), 250, "249 ISO 3166-1 codes and XK");
    }

    #[test]
    fn names_are_german() {
        assert_eq!(name_de("DE"), Some("Deutschland"));
        assert_eq!(name_de("LU"), Some("Luxemburg"));
        assert_eq!(name_de("US"), Some("Vereinigte Staaten"));
        assert_eq!(name_de("GB"), Some("Vereinigtes Königreich"));
        assert_eq!(name_de("CH"), Some("Schweiz"));
        assert_eq!(name_de("UK"), None);
        assert_eq!(display_de("UK"), "UK");
        assert_eq!(meant("UK"), Some("GB"));
        assert!(is_known(meant("EL").unwrap()));
        assert_eq!(code(" ph "), Some("PH"));
        assert_eq!(code("Deutschland"), None);
        assert_eq!(code("UK"), None);
    }

    #[test]
    fn every_code_avv_knows_elsewhere_has_a_name() {
        for code in crate::validate::transfers::EEA {
            assert!(is_known(code), "{code}");
        }
    }
}
