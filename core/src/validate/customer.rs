//! Customer instances: they belong to their agreement, name a version it
//! had, fill every required blank and choose valid alternatives.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::load::folder::Parsed;
use crate::load::{Folder, Node};
use crate::model::agreement::AgreementFile;
use crate::model::codes::{ChoiceSelect, InstanceStatus, ParticularsSource, PlaceholderType};
use crate::model::customer::CustomerFile;
use crate::model::primitives::Date;
use crate::spelling::closest;

/// Where a placeholder is printed: everywhere, or only with certain options.
#[derive(Debug, Default)]
struct Usage<'a> {
    unconditional: bool,
    /// (choice, option) pairs, borrowed from the template.
    options: Vec<(&'a str, &'a str)>,
}

/// A decision a customer instance makes: a choice block (the first place
/// of a choice printed in several) or an optional clause ("ja"/"nein").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateChoice {
    /// The choice's id (an optional clause's id).
    pub id: String,
    /// The option ids, in the template's order.
    pub options: Vec<String>,
    /// Whether one or several apply.
    pub select: ChoiceSelect,
}

/// The agreement as earlier versions had it, for the instances that name
/// one: a contract prints the version its customer signed (see
/// `render::edition`), so it fills that version's blanks and makes that
/// version's choices. Read from git by the caller
/// ([`super::versions::signed_versions`]); validation itself reads files
/// only.
#[derive(Debug, Default)]
pub struct SignedVersions {
    by_version: Vec<(String, Arc<Parsed<AgreementFile>>)>,
    /// Read from a shallow clone, which lacks the earlier versions: the
    /// instances naming one are held to the working tree's template, and
    /// their findings say so.
    pub shallow: bool,
    /// Every version of the agreement in git, where its history was read.
    pub(super) in_git: Option<Vec<String>>,
}

impl SignedVersions {
    /// Adds the agreement as version `version` had it.
    pub fn insert(&mut self, version: String, agreement: Arc<Parsed<AgreementFile>>) {
        self.by_version.push((version, agreement));
    }

    /// The agreement as version `version` had it, when it was read.
    pub fn get(&self, version: &str) -> Option<&Arc<Parsed<AgreementFile>>> {
        self.by_version.iter().find(|(v, _)| v == version).map(|(_, agreement)| agreement)
    }

    /// Whether the history was asked: then a version [`Self::get`] lacks
    /// is one whose text the repository does not have (a version of the
    /// imported table, one before a shallow clone's cut, one that does not
    /// load), not one nobody looked for.
    pub fn walked(&self) -> bool {
        self.in_git.is_some() || self.shallow
    }
}

/// Runs the instance rules for every customer of the folder, each against
/// the version it names where `signed` has it (held to the working tree's
/// template, a new required blank in 1.1 would ask every customer who
/// signed 1.0 for a value its signed contract may not take).
pub fn check(folder: &Folder, signed: &SignedVersions, out: &mut Vec<Diagnostic>) {
    let Some(current) = &folder.agreement else { return };
    // Each template's usage is read once, however many customers signed it.
    let templates = std::iter::once(current).chain(signed.by_version.iter().map(|(_, agreement)| agreement));
    for agreement in templates {
        let theirs: Vec<&Arc<Parsed<CustomerFile>>> = folder
            .customers
            .iter()
            .filter(|c| Arc::ptr_eq(signed.get(&c.value.instance.version).unwrap_or(current), agreement))
            .collect();
        if theirs.is_empty() {
            continue;
        }
        let usage = placeholder_usage(&agreement.tree);
        let choices = choices(&agreement.tree);
        for customer in theirs {
            let from = out.len();
            check_one(folder, agreement, customer, &usage, &choices, out);
            let version = &customer.value.instance.version;
            if signed.shallow && *version != current.value.meta.version {
                // `instance-version-unknown` gets its own shallow-clone help
                // (`versions::resolve`), not this one as well.
                for finding in out[from..].iter_mut().filter(|f| f.code != Code::InstanceVersionUnknown) {
                    let help = finding.help.take().unwrap_or_default();
                    finding.help = Some(format!(
                        "{help}; this clone is shallow, so the instance is checked against the template as it is now, not as version {version} had it: fetch the full history (`git fetch --unshallow`)"
                    ));
                }
            }
        }
    }
}

fn check_one(
    folder: &Folder,
    agreement: &Parsed<AgreementFile>,
    customer: &Parsed<CustomerFile>,
    usage: &BTreeMap<&str, Usage<'_>>,
    choices: &BTreeMap<String, TemplateChoice>,
    out: &mut Vec<Diagnostic>,
) {
    let file = customer.path.as_path();
    let c = &customer.value;
    let a = &agreement.value;
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if !crate::model::primitives::is_kebab_id(&stem) {
        out.push(
            Diagnostic::new(
                Code::CustomerFileName,
                file,
                crate::diagnostic::Anchor::File,
                format!("the file name `{stem}` is not a kebab-case id; it names the customer's documents"),
            )
            .with_help(format!(
                "rename the file to `{}.toml`: lower-case letters, digits and hyphens",
                crate::model::primitives::suggest_id(&stem)
            )),
        );
    }
    if c.instance.agreement.as_str() != folder.id && c.instance.agreement != a.meta.id {
        out.push(
            Diagnostic::at(
                Code::InstanceAgreementMismatch,
                file,
                "/instance/agreement",
                format!(
                    "this instance names agreement `{}`, but it lies in the folder of `{}`",
                    c.instance.agreement, a.meta.id
                ),
            )
            .with_help(format!(
                "set `agreement = \"{}\"` or move the file to the folder of `{}`",
                a.meta.id, c.instance.agreement
            )),
        );
    }
    let mut versions: Vec<&str> = a.history.iter().flat_map(|h| h.row.iter().map(|r| r.version.as_str())).collect();
    versions.push(&a.meta.version);
    if !versions.contains(&c.instance.version.as_str()) {
        out.push(
            Diagnostic::at(
                Code::InstanceVersionUnknown,
                file,
                "/instance/version",
                format!("agreement `{}` has no version {}", a.meta.id, c.instance.version),
            )
            .with_help(format!("known versions: {}", versions.join(", "))),
        );
    }

    let chosen: BTreeMap<&str, Vec<&str>> =
        c.choices.iter().map(|(k, v)| (k.as_str(), v.ids().into_iter().map(|id| id.as_str()).collect())).collect();
    for (choice, info) in choices {
        match chosen.get(choice.as_str()) {
            None => out.push(
                Diagnostic::at(Code::ChoiceUnresolved, file, "/choices", format!("no option chosen for `{choice}`"))
                    .with_help(format!(
                        "add `{choice} = \"{}\"` under `[choices]` (options: {})",
                        info.options.first().map_or("", String::as_str),
                        info.options.join(", ")
                    )),
            ),
            Some(ids) => {
                if info.select == ChoiceSelect::One && ids.len() != 1 {
                    out.push(
                        Diagnostic::at(
                            Code::ChoiceInvalid,
                            file,
                            format!("/choices/{choice}"),
                            format!("`{choice}` takes exactly one option, {} given", ids.len()),
                        )
                        .with_help(format!("choose one of: {}", info.options.join(", "))),
                    );
                }
                for id in ids {
                    if !info.options.iter().any(|o| o == id) {
                        let help = match closest(id, info.options.iter().map(String::as_str)) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => format!("choose one of: {}", info.options.join(", ")),
                        };
                        out.push(
                            Diagnostic::at(
                                Code::ChoiceInvalid,
                                file,
                                format!("/choices/{choice}"),
                                format!("`{choice}` has no option `{id}`"),
                            )
                            .with_help(help),
                        );
                    }
                }
            }
        }
    }
    for key in chosen.keys() {
        if !choices.contains_key(*key) {
            let help = match closest(key, choices.keys().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "remove it; the agreement has no such choice".to_owned(),
            };
            out.push(
                Diagnostic::at(
                    Code::ChoiceUnknown,
                    file,
                    format!("/choices/{key}"),
                    format!("agreement `{}` has no choice `{key}`", a.meta.id),
                )
                .with_help(help),
            );
        }
    }

    let values = c.flat_values();
    let declared: BTreeSet<&str> = a.placeholder.iter().map(|p| p.key.as_str()).collect();
    for key in values.keys() {
        if !declared.contains(key.as_str()) {
            let help = match closest(key, declared.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "remove it; the agreement declares no such placeholder".to_owned(),
            };
            out.push(
                Diagnostic::at(
                    Code::PlaceholderUnknown,
                    file,
                    format!("/values/{}", key.replace('.', "/")),
                    format!("agreement `{}` has no placeholder `{key}`", a.meta.id),
                )
                .with_help(help),
            );
        }
    }
    for placeholder in a.placeholder.iter().filter(|p| p.value_type == PlaceholderType::Date) {
        let Some(value) = values.get(&placeholder.key).filter(|v| !v.trim().is_empty()) else { continue };
        if Date::parse_written(value).is_none() {
            out.push(
                Diagnostic::at(
                    Code::DateInvalid,
                    file,
                    format!("/values/{}", placeholder.key.replace('.', "/")),
                    format!("`{value}` for placeholder `{}` ({}) is not a date", placeholder.key, placeholder.label),
                )
                .with_help("write a real calendar date as `2024-03-15` or `15.03.2024`; it prints in the document's date style"),
            );
        }
    }
    for placeholder in &a.placeholder {
        if !placeholder.required {
            continue;
        }
        let Some(use_) = usage.get(placeholder.key.as_str()) else { continue };
        let printed = use_.unconditional
            || use_.options.iter().any(|(choice, option)| chosen.get(choice).is_some_and(|ids| ids.contains(option)));
        let filled = values.get(&placeholder.key).is_some_and(|v| !v.trim().is_empty());
        if printed && !filled {
            let (table, leaf) = placeholder
                .key
                .rsplit_once('.')
                .map_or(("values".to_owned(), placeholder.key.as_str()), |(t, l)| (format!("values.{t}"), l));
            // A key that is there but empty (as `avv new customer` writes
            // it) is pointed at and filled in; a missing one is added.
            let diagnostic = if values.contains_key(&placeholder.key) {
                Diagnostic::at(
                    Code::PlaceholderUnfilled,
                    file,
                    format!("/values/{}", placeholder.key.replace('.', "/")),
                    format!("required placeholder `{}` ({}) is empty", placeholder.key, placeholder.label),
                )
                .with_help(format!("fill in `{leaf}` ({})", placeholder.label))
            } else {
                Diagnostic::at(
                    Code::PlaceholderUnfilled,
                    file,
                    "/instance",
                    format!("required placeholder `{}` ({}) has no value", placeholder.key, placeholder.label),
                )
                .with_help(format!("add `{leaf} = \"…\"` under `[{table}]`"))
            };
            out.push(diagnostic);
        }
    }

    if let Some(p) = &a.particulars {
        let supplied = c.particulars.clone().unwrap_or_default();
        for (name, list, items) in [
            ("purposes", &p.purposes, &supplied.purposes),
            ("data_categories", &p.data_categories, &supplied.data_categories),
            ("data_subjects", &p.data_subjects, &supplied.data_subjects),
        ] {
            if list.as_ref().is_some_and(|l| l.source == ParticularsSource::Instance) && items.is_empty() {
                out.push(
                    Diagnostic::at(
                        Code::ParticularsInstanceEmpty,
                        file,
                        "/instance",
                        format!("the agreement expects the customer to list `{name}`, but this instance lists none"),
                    )
                    .with_help(format!("add `{name} = [{{ id = \"…\", text = \"…\" }}]` under `[particulars]`")),
                );
            }
        }
    }
    signing_parties(a, c, file, out);
    signed_before_version(a, c, file, out);
    if let Some(mailing) = &c.mailing {
        let pointer = match mailing.address.iter().position(|line| line.trim().is_empty()) {
            Some(line) => Some(format!("/mailing/address/{line}")),
            None => mailing.address.is_empty().then(|| "/mailing/address".to_owned()),
        };
        if let Some(pointer) = pointer {
            out.push(
                Diagnostic::at(
                    Code::MailingAddressEmpty,
                    file,
                    &pointer,
                    "the address for letters (`[mailing] address`) has an empty line, or none",
                )
                .with_help("give the address as the envelope prints it, one line each: `address = [\"Firma\", \"Straße 1\", \"12345 Ort\"]`; without `[mailing]` letters go to the address the contract was signed with"),
            );
        }
    }
    if c.instance.status == InstanceStatus::Signed && c.signing.as_ref().is_none_or(|s| s.date.is_none()) {
        out.push(
            Diagnostic::at(
                Code::SignatureMissing,
                file,
                "/instance/status",
                "the instance is signed, but `[signing]` has no date",
            )
            .with_help("add `[signing] place = \"…\", date = YYYY-MM-DD`"),
        );
    }
}

/// Signatures dated before the version they sign: the version's date is
/// the one its agreement file or its row of the imported table gives.
fn signed_before_version(
    agreement: &AgreementFile,
    customer: &CustomerFile,
    file: &std::path::Path,
    out: &mut Vec<Diagnostic>,
) {
    let Some(signing) = &customer.signing else { return };
    let version = &customer.instance.version;
    let issued = if agreement.meta.version == *version {
        agreement.meta.date
    } else {
        agreement.history.iter().flat_map(|h| &h.row).find(|r| r.version == *version).and_then(|r| r.date)
    };
    let Some(issued) = issued else { return };
    let customer_signature = signing.date.map(|day| ("/signing/date".to_owned(), day, "the customer".to_owned()));
    let others = signing.parties.iter().enumerate().filter_map(|(i, p)| {
        p.date.map(|day| (format!("/signing/parties/{i}/date"), day, format!("party `{}`", p.party)))
    });
    for (pointer, day, who) in customer_signature.into_iter().chain(others) {
        if day < issued {
            out.push(
                Diagnostic::at(
                    Code::SignedBeforeVersion,
                    file,
                    &pointer,
                    format!("{who} signed version {version} on {day}, before the version's date ({issued})"),
                )
                .with_help(format!(
                    "check the signature's date and the version `[instance]` names: a contract is signed on or after the day its version is dated (version {version}: {issued})"
                )),
            );
        }
    }
}

/// `[[signing.parties]]` names parties with a signature block, each once.
fn signing_parties(
    agreement: &crate::model::AgreementFile,
    customer: &crate::model::CustomerFile,
    file: &std::path::Path,
    out: &mut Vec<Diagnostic>,
) {
    let Some(signing) = &customer.signing else { return };
    let signing_parties: Vec<&str> = agreement.signature.iter().map(|s| s.party.as_str()).collect();
    for (i, given) in signing.parties.iter().enumerate() {
        let party = given.party.as_str();
        let pointer = format!("/signing/parties/{i}/party");
        if !signing_parties.contains(&party) {
            let help = match crate::spelling::closest(party, signing_parties.iter().copied()) {
                Some(best) => {
                    format!("did you mean `{best}`? The parties that sign are {}", signing_parties.join(", "))
                }
                None => format!("the parties that sign are {}", signing_parties.join(", ")),
            };
            out.push(
                Diagnostic::at(
                    Code::SigningPartyUnknown,
                    file,
                    pointer,
                    format!("`{party}` has no signature block in the agreement"),
                )
                .with_help(help),
            );
        } else if signing.parties[..i].iter().any(|earlier| earlier.party == given.party) {
            out.push(
                Diagnostic::at(
                    Code::SigningPartyUnknown,
                    file,
                    pointer,
                    format!("the signing of `{party}` is given twice"),
                )
                .with_help("keep one `[[signing.parties]]` entry per party"),
            );
        }
    }
}

/// Where each placeholder is printed.
fn placeholder_usage(tree: &Node) -> BTreeMap<&str, Usage<'_>> {
    let mut usage: BTreeMap<&str, Usage<'_>> = BTreeMap::new();
    let mut record = |pointer: &walk::Pointer<'_>, key| {
        let entry = usage.entry(key).or_default();
        match option_context(tree, pointer) {
            Some(context) => entry.options.push(context),
            None => entry.unconditional = true,
        }
    };
    walk::strings(tree, &mut |pointer, field, text| {
        if pointer.under("placeholder") || pointer.under("meta") || field == "id" {
            return;
        }
        if field == "blank" {
            record(pointer, text);
            return;
        }
        for (key, _) in walk::placeholders(text) {
            record(pointer, key);
        }
    });
    usage
}

/// The innermost (choice, option) a path lies in: the block holding the
/// last `option` array on the path, and the option's element.
fn option_context<'a>(tree: &'a Node, pointer: &walk::Pointer<'_>) -> Option<(&'a str, &'a str)> {
    let segments = pointer.segments();
    let at = segments
        .windows(2)
        .rposition(|pair| matches!(pair, [walk::Segment::Key("option"), walk::Segment::Index(_)]))?;
    let mut block = tree;
    for segment in &segments[..at] {
        block = match *segment {
            walk::Segment::Key(key) => block.get(key)?,
            walk::Segment::Index(index) => block.item(index)?,
        };
    }
    let walk::Segment::Index(index) = segments[at + 1] else { return None };
    let choice = block.get("choice")?.as_str()?;
    let option = block.get("option")?.item(index)?.get("id")?.as_str()?;
    Some((choice, option))
}

/// Every decision of the template, each once: choice blocks and optional
/// clauses in document order, then alternatives inside sentences.
pub fn template_choices(tree: &Node) -> Vec<TemplateChoice> {
    let mut out: Vec<TemplateChoice> = Vec::new();
    walk::objects(tree, &mut |_, parent, object| {
        let [choice, option, select, id, optional] = object.fields(["choice", "option", "select", "id", "optional"]);
        // A choice block has options; `choice` elsewhere (duration, dpo) refers to one.
        let found = match (choice.and_then(Node::as_str), option.and_then(Node::as_array)) {
            (Some(choice), Some(options)) => TemplateChoice {
                id: choice.to_owned(),
                options: options.iter().filter_map(|o| o.get("id").and_then(Node::as_str).map(str::to_owned)).collect(),
                select: match select.and_then(Node::as_str) {
                    Some("any") => ChoiceSelect::Any,
                    _ => ChoiceSelect::One,
                },
            },
            _ => match id.and_then(Node::as_str) {
                Some(id) if parent == "clause" && matches!(optional, Some(Node::Bool(true))) => TemplateChoice {
                    id: id.to_owned(),
                    options: OPTIONAL.iter().map(|o| (*o).to_owned()).collect(),
                    select: ChoiceSelect::One,
                },
                _ => return,
            },
        };
        if !out.iter().any(|known| known.id == found.id) {
            out.push(found);
        }
    });
    // Alternatives inside a sentence: a choice of one option each.
    walk::strings(tree, &mut |_, key, text| {
        if matches!(key, "id" | "key") || !text.contains("{{") {
            return;
        }
        for (inner, _) in walk::placeholders(text) {
            let Some(Ok(alternative)) = crate::model::alternative::parse(inner) else { continue };
            if !out.iter().any(|known| known.id == alternative.choice) {
                out.push(TemplateChoice {
                    id: alternative.choice.to_owned(),
                    options: alternative.options.iter().map(|(id, _)| (*id).to_owned()).collect(),
                    select: ChoiceSelect::One,
                });
            }
        }
    });
    out
}

/// Every decision of the template, by id.
fn choices(tree: &Node) -> BTreeMap<String, TemplateChoice> {
    template_choices(tree).into_iter().map(|c| (c.id.clone(), c)).collect()
}

/// The options of an optional clause: part of the contract, or not.
pub const OPTIONAL: [&str; 2] = ["ja", "nein"];

#[cfg(test)]
mod tests {
    use crate::model::primitives::suggest_id;

    #[test]
    fn suggested_ids_are_ids() {
        for (name, id) in [
            ("Müller GmbH", "mueller-gmbh"),
            ("..", "kunde"),
            ("a b", "a-b"),
            ("203523", "kunde-203523"),
            ("Straße_1", "strasse-1"),
        ] {
            assert_eq!(suggest_id(name), id);
            assert!(crate::model::primitives::is_kebab_id(&suggest_id(name)));
        }
    }
}
