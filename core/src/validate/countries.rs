//! Country codes name a country: a party's seat, a sub-processor's seat and
//! processing countries, a site.
//!
//! The model reads any two upper-case letters, as the schema does; this rule
//! finds the codes ISO 3166-1 does not assign. They matter beyond print: a
//! sub-processor in `UK` is a third country with no adequacy decision to the
//! transfer rules, where `GB` has one.

use crate::diagnostic::{Code, Diagnostic};
use crate::load::Folder;
use crate::model::countries::{is_known, meant, name_de};
use crate::model::primitives::Country;

/// Reports every country code of the folder that names no country.
pub fn check(folder: &Folder, out: &mut Vec<Diagnostic>) {
    let mut found: Vec<(&std::path::Path, String, &Country)> = Vec::new();
    if let Some(a) = &folder.agreement {
        for (i, party) in a.value.party.iter().enumerate() {
            if let Some(country) = &party.country {
                found.push((&a.path, format!("/party/{i}/country"), country));
            }
        }
    }
    if let Some(list) = &folder.subprocessors {
        for (i, sub) in list.value.subprocessor.iter().enumerate() {
            found.push((&list.path, format!("/subprocessor/{i}/country"), &sub.country));
            for (j, country) in sub.processing.iter().flat_map(|p| p.countries.iter()).enumerate() {
                found.push((&list.path, format!("/subprocessor/{i}/processing/countries/{j}"), country));
            }
        }
    }
    if let Some(tom) = &folder.tom {
        for (i, site) in tom.value.site.iter().enumerate() {
            if let Some(country) = &site.country {
                found.push((&tom.path, format!("/site/{i}/country"), country));
            }
        }
    }
    for (path, pointer, country) in found.into_iter().filter(|(_, _, c)| !is_known(c.as_str())) {
        let code = country.as_str();
        let help = match meant(code) {
            Some(iso) => format!(
                "write `{iso}` ({}): `{code}` is not its ISO 3166-1 code, and the transfer rules would read it as a third country without an adequacy decision",
                name_de(iso).unwrap_or(iso)
            ),
            None => "write the country's ISO 3166-1 alpha-2 code, e.g. `DE` for Deutschland, `US` for the Vereinigte Staaten".to_owned(),
        };
        out.push(
            Diagnostic::at(Code::CountryUnknown, path, pointer, format!("`{code}` is not an ISO 3166-1 country code"))
                .with_help(help),
        );
    }
}
