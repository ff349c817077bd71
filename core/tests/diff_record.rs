//! The change record on the bundled agreements: each change the first
//! round's diff missed, alone, gives a change entry in German and needs a
//! new version; a change of whitespace alone gives nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use avv_core::config::HookPolicy;
use avv_core::diagnostic::Code;
use avv_core::diff::{ChangeSet, Scope, diff};
use avv_core::hook::policy_findings;
use avv_core::load::{Folder, load_folder};

#[path = "support/docx_text.rs"]
mod docx_text;

fn bundled(id: &str) -> Folder {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    load_folder(&root.join("agreements").join(id), &root).folder
}

/// The change set and whether the hook demands a new version.
fn record(old: &Folder, new: &Folder) -> (ChangeSet, bool) {
    let set = diff(Some(old), new);
    let bump = policy_findings(old, new, &HookPolicy::default()).iter().any(|d| d.code == Code::VersionNotBumped);
    (set, bump)
}

fn phrases(set: &ChangeSet) -> Vec<String> {
    set.document_changes().map(|c| c.phrase.clone()).collect()
}

#[test]
fn processing_region() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let agreement = &mut new.agreement_mut().unwrap().value;
    let region = &mut agreement.particulars.as_mut().unwrap().processing_region;
    let before = *region;
    *region = avv_core::model::codes::ProcessingRegion::Worldwide;
    assert_ne!(before, *region);
    let (set, bump) = record(&old, &new);
    let change = set.document_changes().next().expect("a change");
    assert!(change.phrase.contains("Ort der Verarbeitung „weltweit“"), "{}", change.phrase);
    assert!(change.flags.contains(&avv_core::diff::Flag::Particulars));
    assert!(bump);
}

#[test]
fn meta_title_and_stand_line() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    new.agreement_mut().unwrap().value.meta.title = "AUFTRAGSVERARBEITUNGSVERTRAG".into();
    let (set, bump) = record(&old, &new);
    assert_eq!(
        phrases(&set),
        ["Aktualisierung AVV: Titel „AUFTRAGSVERARBEITUNGSVERTRAG“ statt „AUFTRAGSVERARBEITUNG gemäß Art. 28 DS-GVO“"]
    );
    assert!(bump);

    let mut new = old.clone();
    new.agreement_mut().unwrap().value.meta.stand_line = Some("Stand: {date} · Kontakt: dsb@example.org".into());
    let (set, bump) = record(&old, &new);
    assert_eq!(set.document_changes().count(), 1, "{:?}", phrases(&set));
    assert!(phrases(&set)[0].starts_with("Aktualisierung AVV: Stand-Zeile"), "{:?}", phrases(&set));
    assert!(bump);
}

#[test]
fn instruction_recipients_filled() {
    let old = bundled("zerer");
    let mut new = old.clone();
    let instructions = new.agreement_mut().unwrap().value.instructions.as_mut().expect("zerer names recipients");
    let entry = instructions.recipients.first_mut().expect("a recipient row");
    let blank = entry.value.clone();
    entry.value = "Max Mustermann, Datenschutz".into();
    assert_eq!(blank, "Robert Zerer");
    let (set, bump) = record(&old, &new);
    let change = set.document_changes().next().expect("a change");
    assert!(change.phrase.starts_with("Aktualisierung"), "filling a blank is an update: {}", change.phrase);
    assert!(change.phrase.contains("Weisungsempfänger"), "{}", change.phrase);
    assert!(change.facts.iter().any(|f| f.old == blank && f.new == "Max Mustermann, Datenschutz"));
    assert!(bump);
}

#[test]
fn list_items_in_an_annex_block() {
    let mut old = bundled("rocon");
    let list = |items: &[&str]| avv_core::model::Block {
        list: Some(items.iter().map(|i| avv_core::model::ListItem::Text((*i).into())).collect()),
        ..Default::default()
    };
    old.agreement_mut().unwrap().value.annex[0].block.push(list(&["Hosting", "Wartung"]));
    let mut new = old.clone();
    new.agreement_mut().unwrap().value.annex[0].block[0] = list(&["Hosting", "Wartung", "Support"]);
    let (set, bump) = record(&old, &new);
    assert_eq!(phrases(&set).len(), 1, "{:?}", phrases(&set));
    assert!(phrases(&set)[0].contains("Anhang 1"), "{:?}", phrases(&set));
    assert!(bump);
}

#[test]
fn tom_and_list_titles() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    new.tom_mut().unwrap().value.annex.title = "Technische und organisatorische Maßnahmen (TOM)".into();
    let (set, bump) = record(&old, &new);
    assert_eq!(set.document_changes().count(), 1);
    assert!(phrases(&set)[0].contains("Titel der Anlage"), "{:?}", phrases(&set));
    assert!(bump);

    let mut new = old.clone();
    new.subprocessors_mut().unwrap().value.list.title = Some("Liste der Unterauftragnehmer".into());
    let (set, bump) = record(&old, &new);
    assert_eq!(set.document_changes().count(), 1);
    assert!(phrases(&set)[0].contains("Titel der Liste"), "{:?}", phrases(&set));
    assert!(bump);
}

#[test]
fn whitespace_is_not_content() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    // A trailing space, a double space, a tab and a Windows line end in a
    // measure and a clause: nothing a reader sees.
    fn first_measure(sections: &mut [avv_core::model::tom::Section]) -> Option<&mut avv_core::model::tom::Measure> {
        for section in sections {
            if section.measure.first().is_some_and(|m| m.text.is_some()) {
                return section.measure.first_mut();
            }
            if let Some(found) = first_measure(&mut section.section) {
                return Some(found);
            }
        }
        None
    }
    let tom = &mut new.tom_mut().unwrap().value;
    let measure = first_measure(&mut tom.section).expect("a measure");
    let text = measure.text.as_mut().expect("a text");
    text.push(' ');
    *text = text.replacen(' ', "  ", 1);
    let agreement = &mut new.agreement_mut().unwrap().value;
    let clause = agreement.clause.iter_mut().find(|c| c.text.is_some()).expect("a clause with text");
    let text = clause.text.as_mut().expect("text");
    *text = format!(" {}\t\r\n", text.replacen(' ', "\t", 1));
    assert_ne!(old.tom.as_ref().unwrap().value, new.tom.as_ref().unwrap().value);
    let (set, bump) = record(&old, &new);
    assert!(set.changes.is_empty(), "{:?}", phrases(&set));
    assert!(!bump);
    let html = synopsis_html(&old, &new);
    assert!(!html.contains("<ins>") && !html.contains("<del>"), "no Synopse mark");
}

#[test]
fn a_line_break_between_words_is_content() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let agreement = &mut new.agreement_mut().unwrap().value;
    let clause = agreement.clause.iter_mut().find(|c| c.text.is_some()).expect("a clause with text");
    let text = clause.text.as_mut().expect("text");
    *text = text.replacen(' ', "\n", 1);
    let (set, _) = record(&old, &new);
    assert_eq!(set.document_changes().count(), 1, "a line break prints: {:?}", phrases(&set));
}

#[test]
fn allowances_are_shown_but_need_no_version() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    new.agreement_mut().unwrap().value.meta.allow.push(avv_core::model::Allow {
        rule: "outdated-citation".into(),
        reason: "Das Zitat steht so im unterzeichneten Vertrag.".into(),
    });
    let (set, bump) = record(&old, &new);
    assert!(set.changes.iter().any(|c| c.scope == Scope::Internal), "{:?}", set.changes);
    assert!(set.document_changes().next().is_none());
    assert!(!bump);
}

// ---------------------------------------------------------------- notices and change texts

fn subprocessor<'a>(folder: &'a mut Folder, id: &str) -> &'a mut avv_core::model::subprocessor::Subprocessor {
    let list = &mut folder.subprocessors_mut().expect("a list").value.subprocessor;
    list.iter_mut().find(|s| s.id.as_str() == id).expect("the sub-processor")
}

/// The Atom feed of a history with one version, made of `set`.
fn feed_of_one_version(agreement: &str, version: &str, set: ChangeSet) -> String {
    let table = avv_core::history::HistoryTable {
        agreement: agreement.into(),
        columns: Vec::new(),
        rows: vec![avv_core::history::HistoryRow {
            version: version.into(),
            status: "finale Version".into(),
            date: None,
            date_text: String::new(),
            responsible: String::new(),
            changes: set.lines.clone(),
            kinds: set.kinds_de(),
            source: avv_core::history::RowSource::Git,
            commit: None,
            change_set: Some(set),
        }],
        skipped: Vec::new(),
        warnings: Vec::new(),
        starts_at: Some(version.into()),
    };
    let place = avv_core::render::feed::FeedPlace {
        folder: agreement,
        file: "unterauftragnehmer.atom",
        page: "index.html",
        base: None,
    };
    let view = avv_core::render::feed::feed_view(agreement, "AVV", agreement, &table, place);
    avv_core::render::feed::atom_feed(&avv_core::render::Templates::new(None), &view).expect("a feed")
}

/// The Synopse between two versions, as HTML in columns.
fn synopsis_html(old: &Folder, new: &Folder) -> String {
    avv_core::render::synopsis::render_synopsis(
        &avv_core::render::Templates::new(None),
        old,
        new,
        avv_core::render::inline::Flavor::Html,
        avv_core::render::synopsis::SynopsisLayout::Columns,
        &Default::default(),
    )
    .expect("synopsis")
}

fn notice_of(old: &Folder, new: &Folder) -> avv_core::notice::Notice {
    let date = avv_core::model::Date::parse("2024-03-01").expect("date");
    avv_core::notice::notice(Some(old), new, &diff(Some(old), new), date)
}

#[test]
fn a_changed_transfer_mechanism_is_in_the_notice() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let auth0 = subprocessor(&mut new, "auth0");
    for safeguard in &mut auth0.safeguards {
        if let Some(transfer) = safeguard.transfer.as_mut() {
            transfer.mechanism = avv_core::model::codes::TransferMechanism::Scc;
            transfer.decision = None;
            safeguard.label = "EU-Standardvertragsklauseln".into();
        }
    }
    let set = diff(Some(&old), &new);
    assert!(set.has_flag(avv_core::diff::Flag::ChapterV));
    let notice = notice_of(&old, &new);
    assert!(!notice.is_empty());
    assert_eq!(notice.updated.len(), 1);
    let text = avv_core::notice::markdown(&notice);
    assert!(text.contains("## Aktualisierung der Datenschutzmaßnahmen"), "{text}");
    assert!(
        text.contains("Übermittlungsgrundlage: Standardvertragsklauseln (bisher: EU-U.S. Data Privacy Framework)"),
        "{text}"
    );
    assert!(!text.contains("Es gibt keine Änderungen"), "{text}");
}

#[test]
fn an_adequacy_decision_is_named() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let list = &mut new.subprocessors_mut().unwrap().value.subprocessor;
    let mut backup = list[0].clone();
    backup.id = avv_core::model::Id("backup-ch".into());
    backup.name = "Backup AG".into();
    backup.short = None;
    backup.country = avv_core::model::Country("CH".into());
    backup.processing = None;
    backup.safeguards = vec![avv_core::model::subprocessor::Safeguard {
        label: "Angemessenheitsbeschluss".into(),
        dpa: true,
        certifications: Vec::new(),
        attestations: Vec::new(),
        codes_of_conduct: Vec::new(),
        transfer: Some(avv_core::model::subprocessor::Transfer {
            mechanism: avv_core::model::codes::TransferMechanism::Adequacy,
            decision: Some(avv_core::model::codes::AdequacyDecision::Ch),
            instrument: None,
            module: None,
            point: None,
        }),
    }];
    backup.since = None;
    backup.notified = None;
    list.push(backup);
    let set = diff(Some(&old), &new);
    let added = set.changes.iter().find(|c| c.id == "backup-ch").expect("added");
    assert!(added.phrase.contains("Angemessenheitsbeschluss (Schweiz)"), "{}", added.phrase);
    let text = avv_core::notice::markdown(&notice_of(&old, &new));
    // The safeguard's label is the basis's first word: said once, whole.
    assert!(text.contains("| Übermittlungsgrundlage: Angemessenheitsbeschluss (Schweiz) |"), "{text}");
    assert!(!text.contains("Angemessenheitsbeschluss; Übermittlungsgrundlage"), "{text}");
    // The feed lists the same phrase.
    let feed = feed_of_one_version("pcvisit", "1.9", set);
    assert!(feed.contains("Angemessenheitsbeschluss (Schweiz)"), "{feed}");
}

#[test]
fn specific_authorisation_asks_for_approval() {
    let mut old = bundled("pcvisit");
    old.agreement_mut().unwrap().value.subprocessing.as_mut().unwrap().authorisation =
        avv_core::model::codes::Authorisation::Specific;
    let mut new = old.clone();
    let mut extra = subprocessor(&mut new, "hetzner").clone();
    extra.id = avv_core::model::Id("neu".into());
    extra.name = "Neu GmbH".into();
    extra.short = None;
    extra.since = None;
    extra.notified = None;
    new.subprocessors_mut().unwrap().value.subprocessor.push(extra);
    let set = diff(Some(&old), &new);
    let added = set.changes.iter().find(|c| c.id == "neu").expect("added");
    assert_eq!(added.flags, [avv_core::diff::Flag::Art28Consent]);
    assert!(!avv_core::diff::report::human(std::slice::from_ref(&set), false).contains("Einspruchsrecht"));
    let text = avv_core::notice::markdown(&notice_of(&old, &new));
    assert!(text.contains("vorherigen gesonderten Genehmigung"), "{text}");
    assert!(!text.contains("Einspruch"), "{text}");
}

#[test]
fn effective_on_the_last_day_to_object_is_a_conflict_in_the_notice() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let mut extra = subprocessor(&mut new, "hetzner").clone();
    extra.id = avv_core::model::Id("neu".into());
    extra.name = "Neu GmbH".into();
    // Notice on 1 March, 14 days: customers may object until 15 March.
    extra.since = avv_core::model::Date::parse("2024-03-15");
    new.subprocessors_mut().unwrap().value.subprocessor.push(extra);
    let notice = notice_of(&old, &new);
    assert_eq!(notice.conflicts.len(), 1);
    assert_eq!(notice.conflicts[0].earliest.to_string(), "2024-03-16");
}

#[test]
fn an_added_data_category_names_its_place() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let list = new.agreement_mut().unwrap().value.particulars.as_mut().unwrap().data_categories.as_mut().unwrap();
    let mut item = list.item[0].clone();
    item.id = avv_core::model::Id("kontaktdaten-neu".into());
    item.text = "Kontaktdaten:".into();
    list.item.push(item);
    let set = diff(Some(&old), &new);
    let added = set.changes.iter().find(|c| c.id == "kontaktdaten-neu").expect("added");
    assert!(added.phrase.starts_with("Ergänzung Datenkategorie „Kontaktdaten“ (Punkt 2."), "{}", added.phrase);
    assert!(added.phrase.ends_with(" AVV)"), "{}", added.phrase);
    assert_ne!(avv_core::diff::Flag::Particulars.label_de(), "Gegenstand der Verarbeitung geändert");
}

#[test]
fn every_renumbered_clause_is_in_the_json() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    // A clause inserted at the top shifts the numbers of all that follow.
    let clauses = &mut new.agreement_mut().unwrap().value.clause;
    let count = clauses.len();
    for clause in clauses.iter_mut() {
        if let Some(num) = clause.num.as_mut()
            && let Ok(n) = num.trim_end_matches('.').parse::<u32>()
        {
            *num = format!("{}.", n + 1);
        }
    }
    let set = diff(Some(&old), &new);
    let renumbered = set.changes.iter().filter(|c| c.op == avv_core::diff::Op::Renumbered).count();
    assert!(renumbered >= count - 1, "{renumbered} of {count} top-level clauses");
    let lines: Vec<&String> = set.lines.iter().filter(|l| l.starts_with("Umnummerierung")).collect();
    assert_eq!(lines, ["Umnummerierung AVV ab Punkt 1"], "one line in the table");
}

fn fixture(name: &str) -> Folder {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    load_folder(&root.join("core/tests/fixtures/valid").join(name), &root).folder
}

#[test]
fn filling_a_blank_is_an_update() {
    let old = fixture("complete");
    let mut new = old.clone();
    let agreement = &mut new.agreement_mut().unwrap().value;
    agreement.placeholder.retain(|p| p.key != "kunde.name");
    agreement.party[0].name = "Acme GmbH".into();
    let set = diff(Some(&old), &new);
    let field = set.changes.iter().find(|c| c.id == "placeholder:kunde.name").expect("the field");
    assert_eq!(field.kind, avv_core::model::codes::ChangeKind::Update, "{}", field.phrase);
    assert_eq!(field.phrase, "Aktualisierung AVV: Feld „Firma des Auftraggebers“ ausgefüllt („Acme GmbH“)");
    assert!(set.changes.iter().all(|c| c.kind != avv_core::model::codes::ChangeKind::Removal), "{:?}", phrases(&set));
}

/// A placeholder's key renamed, everything else kept: one change of its
/// key (the blank prints the same; a new version all the same, as
/// instances fill blanks by key). Renamed and relabelled, it is a field
/// removed and another added.
#[test]
fn a_blank_whose_key_alone_changed_is_one_change() {
    let old = fixture("complete");
    let rename = |label: Option<&str>| {
        let mut new = old.clone();
        let agreement = &mut new.agreement_mut().unwrap().value;
        let placeholder = agreement.placeholder.iter_mut().find(|p| p.key == "kunde.name").unwrap();
        placeholder.key = "kunde.firma".into();
        if let Some(label) = label {
            placeholder.label = label.into();
        }
        agreement.party[0].name = agreement.party[0].name.replace("kunde.name", "kunde.firma");
        diff(Some(&old), &new)
    };
    let set = rename(None);
    let placeholders: Vec<&avv_core::diff::Change> =
        set.changes.iter().filter(|c| c.entity == avv_core::diff::EntityKind::Placeholder).collect();
    assert_eq!(placeholders.len(), 1, "{:?}", phrases(&set));
    let change = placeholders[0];
    assert_eq!((change.op, change.id.as_str()), (avv_core::diff::Op::Changed, "placeholder:kunde.firma"));
    assert_eq!(
        change.phrase,
        "Aktualisierung AVV: Feld „Firma des Auftraggebers“ mit neuem Schlüssel „kunde.firma“ statt „kunde.name“"
    );
    assert_eq!(change.scope, avv_core::diff::Scope::Document, "instances fill blanks by key: a new version");
    assert_eq!(set.lines.as_slice(), std::slice::from_ref(&change.phrase), "the party's blank prints the same");
    // Relabelled too: not the same field.
    let set = rename(Some("Name des Kunden"));
    let ops: Vec<avv_core::diff::Op> =
        set.changes.iter().filter(|c| c.entity == avv_core::diff::EntityKind::Placeholder).map(|c| c.op).collect();
    assert!(ops.contains(&avv_core::diff::Op::Added) && ops.contains(&avv_core::diff::Op::Removed), "{ops:?}");
}

#[test]
fn a_long_insertion_is_named_by_its_title_not_cut() {
    let old = fixture("complete");
    let mut new = old.clone();
    let clause = new.agreement_mut().unwrap().value.clause.iter_mut().find(|c| c.id.as_str() == "kontrollen").unwrap();
    let text = clause.text.as_mut().unwrap();
    text.push_str(" Der Auftraggeber kann die Überprüfungen selbst durchführen oder durch einen von ihm beauftragten Prüfer durchführen lassen, der zur Verschwiegenheit verpflichtet ist und nicht im Wettbewerb zum Auftragnehmer steht; die Kosten trägt der Auftraggeber.");
    let set = diff(Some(&old), &new);
    assert_eq!(phrases(&set), ["Ergänzung Punkt 6 AVV (Nachweise und Kontrollen)"]);
    // Without a title the first sentence is quoted, whole.
    let mut old = old;
    for folder in [&mut old, &mut new] {
        let clause =
            folder.agreement_mut().unwrap().value.clause.iter_mut().find(|c| c.id.as_str() == "kontrollen").unwrap();
        clause.title = None;
    }
    let set = diff(Some(&old), &new);
    let phrase = &phrases(&set)[0];
    assert!(phrase.starts_with("Ergänzung Punkt 6 AVV: „Der Auftraggeber kann"), "{phrase}");
    assert!(phrase.ends_with("die Kosten trägt der Auftraggeber.“") || phrase.ends_with(" …“"), "{phrase}");
}

/// The first clause of pcvisit ("1. Gegenstand und Laufzeit", with two
/// sub-clauses), `locked` as given.
fn with_lock(mut folder: Folder, locked: bool) -> Folder {
    folder.agreement_mut().expect("pcvisit's agreement").value.clause[0].locked = locked;
    folder
}

/// The first sub-clause's text with one word changed.
fn reworded(mut folder: Folder) -> Folder {
    let clause = &mut folder.agreement_mut().expect("pcvisit's agreement").value.clause[0].clause[0];
    clause.text = clause.text.as_ref().map(|t| t.replacen("konkretisiert", "regelt", 1));
    folder
}

fn locked_flagged(set: &ChangeSet) -> Vec<String> {
    set.changes.iter().filter(|c| c.flags.contains(&avv_core::diff::Flag::LockedText)).map(|c| c.id.clone()).collect()
}

fn refused(old: &Folder, new: &Folder) -> bool {
    policy_findings(old, new, &HookPolicy::default()).iter().any(|d| d.code == Code::LockedTextChanged)
}

#[test]
fn a_locked_text_does_not_change_unnoticed() {
    let locked = with_lock(bundled("pcvisit"), true);
    // A word changed in a sub-clause of the locked clause.
    let changed = reworded(locked.clone());
    let set = diff(Some(&locked), &changed);
    assert_eq!(locked_flagged(&set), ["gegenstand-vereinbarung"]);
    assert!(refused(&locked, &changed));
    // Lifting the lock in the same change does not open it.
    let lifted_and_changed = with_lock(changed.clone(), false);
    assert_eq!(locked_flagged(&diff(Some(&locked), &lifted_and_changed)), ["gegenstand-vereinbarung"]);
    assert!(refused(&locked, &lifted_and_changed));
    // A locked sub-clause removed.
    let mut removed = locked.clone();
    removed.agreement_mut().unwrap().value.clause[0].clause.remove(1);
    let set = diff(Some(&locked), &removed);
    assert_eq!(
        locked_flagged(&set),
        ["laufzeit"],
        "{:#?}",
        set.changes.iter().map(|c| (&c.id, c.op, &c.flags)).collect::<Vec<_>>()
    );
    assert!(refused(&locked, &removed));
    // A sub-clause added to the locked clause, also when the lock is lifted with it.
    let mut added = locked.clone();
    let mut extra = added.agreement.as_ref().unwrap().value.clause[0].clause[1].clone();
    extra.id = avv_core::model::Id("kuendigung".into());
    extra.num = Some("3.".into());
    added.agreement_mut().unwrap().value.clause[0].clause.push(extra);
    assert_eq!(locked_flagged(&diff(Some(&locked), &added)), ["kuendigung"]);
    assert_eq!(locked_flagged(&diff(Some(&locked), &with_lock(added.clone(), false))), ["kuendigung"]);
    assert!(refused(&locked, &added));
    // The policy can be switched off.
    let off = HookPolicy { protect_locked_text: false, ..HookPolicy::default() };
    assert!(policy_findings(&locked, &changed, &off).iter().all(|d| d.code != Code::LockedTextChanged));
}

#[test]
fn lifting_a_lock_is_a_change_of_its_own() {
    let locked = with_lock(bundled("pcvisit"), true);
    let lifted = with_lock(locked.clone(), false);
    let set = diff(Some(&locked), &lifted);
    // Visible, and nothing else changed with it.
    let lines: Vec<String> = set.changes.iter().map(|c| c.phrase.clone()).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines, ["Aufhebung der Sperre Punkt 1 AVV: Text nicht mehr unveränderlich"]);
    let set_again = diff(Some(&lifted), &locked);
    let lines: Vec<&str> = set_again.changes.iter().map(|c| c.phrase.as_str()).collect();
    assert_eq!(lines, ["Sperre Punkt 1 AVV: Text fortan unveränderlich"]);
    assert!(locked_flagged(&set).is_empty());
    assert!(!refused(&locked, &lifted));
    // Once lifted (and committed), the text may change.
    let changed = reworded(lifted.clone());
    assert!(locked_flagged(&diff(Some(&lifted), &changed)).is_empty());
    assert!(!refused(&lifted, &changed));
    // Text outside a locked clause was never locked.
    let mut other = locked.clone();
    let clause = &mut other.agreement_mut().unwrap().value.clause[1].clause[0];
    clause.text = clause.text.as_ref().map(|t| format!("{t} Ergänzt."));
    assert!(locked_flagged(&diff(Some(&locked), &other)).is_empty());
}

/// The shared-choice fixture whose customers choose their sub-processing
/// terms with the choice `rueckgabe`: `acme` (deletion) a general
/// authorisation with 30 days to object, `beta` (return) a specific one,
/// `gamma` nothing yet; the template gives 14 days by default. All three
/// signed 1.0; version 1.1 adds a sub-processor.
fn terms_per_customer() -> (Folder, Folder) {
    use avv_core::model::agreement::SubprocessingOption;
    use avv_core::model::codes::Authorisation;
    use avv_core::model::customer::Chosen;
    use avv_core::model::{Id, IsoDuration};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut old = load_folder(&root.join("shared-choice"), &root).folder;
    let sub = old.agreement_mut().unwrap().value.subprocessing.as_mut().unwrap();
    sub.authorisation = Authorisation::Choice;
    sub.objection_period = Some(IsoDuration::parse("P14D").unwrap());
    sub.choice = Some(Id("rueckgabe".into()));
    sub.terms = vec![
        SubprocessingOption {
            option: Id("loeschen".into()),
            authorisation: Some(Authorisation::General),
            objection_period: Some(IsoDuration::parse("P30D").unwrap()),
            special_termination: None,
        },
        SubprocessingOption {
            option: Id("zurueckgeben".into()),
            authorisation: Some(Authorisation::Specific),
            objection_period: None,
            special_termination: None,
        },
    ];
    let acme = old.customers[0].clone();
    for (name, choice) in [("beta", Some("zurueckgeben")), ("gamma", None)] {
        let mut customer = (*acme).clone();
        customer.path = customer.path.with_file_name(format!("{name}.toml"));
        customer.value.choices.remove("rueckgabe");
        if let Some(choice) = choice {
            customer.value.choices.insert("rueckgabe".into(), Chosen::One(Id(choice.into())));
        }
        old.customers.push(std::sync::Arc::new(customer));
    }
    // Contracts in force: the customers a notice reaches.
    for customer in &mut old.customers {
        std::sync::Arc::make_mut(customer).value.instance.status = avv_core::model::codes::InstanceStatus::Signed;
    }
    let mut new = old.clone();
    new.agreement_mut().unwrap().value.meta.version = "1.1".into();
    let list = &mut new.subprocessors_mut().unwrap().value.subprocessor;
    let mut extra = list[0].clone();
    extra.id = Id("neu".into());
    extra.name = "Neu GmbH".into();
    extra.since = None;
    list.push(extra);
    (old, new)
}

/// Terms chosen per customer: the notice groups the customers by what
/// applies to them (30 days to object, approval needed, not chosen), each
/// with its deadline; a new sub-processor takes effect after the last
/// deadline; the change needs notice and consent.
#[test]
fn the_notice_groups_customers_by_their_terms() {
    use avv_core::model::codes::Authorisation;
    let (old, new) = terms_per_customer();
    let set = diff(Some(&old), &new);
    let added = set.document_changes().find(|c| c.id == "neu").expect("the new sub-processor");
    assert!(added.flags.contains(&avv_core::diff::Flag::Art28Notice), "{:?}", added.flags);
    assert!(added.flags.contains(&avv_core::diff::Flag::Art28Consent), "{:?}", added.flags);

    let notice = notice_of(&old, &new);
    let groups: Vec<(Option<Authorisation>, Option<String>, Vec<String>)> = notice
        .terms
        .iter()
        .map(|t| (t.authorisation, t.objection_deadline.map(|d| d.to_string()), t.customers.clone()))
        .collect();
    assert_eq!(
        groups,
        [
            (Some(Authorisation::General), Some("2024-03-31".into()), vec!["acme".into()]),
            (Some(Authorisation::Specific), None, vec!["beta".into()]),
            (None, None, vec!["gamma".into()]),
        ]
    );
    let acme = notice.affected.iter().find(|c| c.id == "acme").unwrap();
    assert_eq!(acme.objection_deadline.map(|d| d.to_string()).as_deref(), Some("2024-03-31"));
    // Effective after the last customer's period.
    assert_eq!(notice.added[0].effective.map(|d| d.to_string()).as_deref(), Some("2024-04-01"));
    let text = avv_core::notice::markdown(&notice);
    assert!(text.starts_with("# Mitteilung über Änderungen"), "{text}");
    assert!(text.contains("## Ihre Rechte je nach vereinbarter Genehmigung"), "{text}");
    // The letter names no customer: each knows its own terms.
    assert!(
        text.contains("Einspruchsfrist von 30 Tagen**: Sie können") && text.contains("bis einschließlich 31.03.2024"),
        "{text}"
    );
    assert!(text.contains("**: Die Hinzuziehung bedarf Ihrer vorherigen gesonderten Genehmigung"), "{text}");
    assert!(text.contains("**: Für Sie ist noch keine Art der Genehmigung vereinbart"), "{text}");
    for customer in ["acme", "beta", "gamma"] {
        assert!(!text.contains(customer), "{customer}: {text}");
    }
    // The processor learns who receives it, with what applies to each.
    let recipients = avv_core::notice::recipients(&notice);
    assert_eq!(
        recipients,
        [
            "acme – unterzeichnet auf Version 1.0 – Einspruch bis einschließlich 31.03.2024",
            "beta – unterzeichnet auf Version 1.0 – Genehmigung erforderlich",
            "gamma – unterzeichnet auf Version 1.0 – Genehmigung nicht gewählt",
        ]
    );

    // Every customer approves: a request for approval, no deadline.
    let (mut old, mut new) = terms_per_customer();
    for folder in [&mut old, &mut new] {
        folder.customers.retain(|c| c.path.file_stem().unwrap() == "beta");
    }
    let notice = notice_of(&old, &new);
    assert_eq!(notice.terms.len(), 1);
    assert!(notice.objection_deadline.is_none() && notice.conflicts.is_empty());
    assert!(avv_core::notice::markdown(&notice).starts_with("# Bitte um Genehmigung"));

    // No instance: the notice states the rights each option gives.
    for folder in [&mut old, &mut new] {
        folder.customers.clear();
    }
    let notice = notice_of(&old, &new);
    assert_eq!(notice.terms.len(), 2, "{:?}", notice.terms);
}

/// A letter to one customer is addressed to it (its name and number as
/// its contract prints them, its contact) and states its own terms alone: no other
/// customer's name, number or terms, no table of every group's terms.
/// The letter to all is the notice's Markdown.
#[test]
fn each_customer_letter_is_addressed_to_it_with_its_own_terms() {
    use avv_core::model::customer::Value;
    use avv_core::notice::letter::{letter, recipient};
    let (old, mut new) = terms_per_customer();
    let names = [("acme", "Acme GmbH", "77001"), ("beta", "Beta AG", "77002"), ("gamma", "Gamma KG", "77003")];
    // acme's contact is the fixture's, beta has its own, gamma none.
    let contacts = [("acme", "Max Muster"), ("beta", "Berta Beispiel")];
    for customer in &mut new.customers {
        let customer = std::sync::Arc::make_mut(customer);
        let id = customer.path.file_stem().unwrap().to_string_lossy().into_owned();
        let (_, name, number) = names.iter().find(|(i, ..)| *i == id).unwrap();
        let kunde = [("name".to_owned(), Value::Text((*name).into()))].into_iter().collect();
        customer.value.values.insert("kunde".into(), Value::Table(kunde));
        customer.value.instance.customer_number = Some((*number).into());
        match contacts.iter().find(|(i, _)| *i == id) {
            Some((_, contact)) => customer.value.contact[0].name = (*contact).into(),
            None => customer.value.contact.clear(),
        }
    }
    let notice = notice_of(&old, &new);
    assert_eq!(letter(&notice, None).markdown(), avv_core::notice::markdown(&notice));
    let rights = [
        (
            "acme",
            "Sie können gegen die Hinzuziehung oder Ersetzung innerhalb von 30 Tagen nach dieser Mitteilung Einspruch erheben, also bis einschließlich 31.03.2024.",
        ),
        ("beta", "Die Hinzuziehung bedarf Ihrer vorherigen gesonderten Genehmigung"),
        ("gamma", "Für Sie ist noch keine Art der Genehmigung vereinbart"),
    ];
    for (id, name, number) in names {
        let to = recipient(&new, &Default::default(), id, notice.date).expect(id);
        let mut address = vec![name.to_owned()];
        if let Some((_, contact)) = contacts.iter().find(|(i, _)| *i == id) {
            address.push(format!("z. Hd. {contact}"));
        }
        address.push(format!("Kd-Nr. {number}"));
        assert_eq!(to.address, address, "{id}");
        let text = letter(&notice, Some(&to)).markdown();
        assert!(text.starts_with(&format!("{}\n\n# ", address.join("  \n"))), "{id}: {text}");
        for (other, other_name, other_number) in names {
            let own = other == id;
            let terms = rights.iter().find(|(i, _)| *i == other).unwrap().1;
            let contact = contacts.iter().find(|(i, _)| *i == other).map_or(other_name, |(_, c)| c);
            for value in [other_name, other_number, terms, contact] {
                assert_eq!(text.contains(value), own, "{id}: `{value}` in its letter: {text}");
            }
        }
        assert!(!text.contains("je nach vereinbarter Genehmigung"), "{id}: {text}");
    }
    // beta must approve: its letter asks for approval, the others tell.
    let title = |id: &str| letter(&notice, recipient(&new, &Default::default(), id, notice.date).as_ref()).title;
    assert_eq!(title("beta"), "Bitte um Genehmigung von Änderungen bei Unterauftragnehmern");
    assert_eq!(title("acme"), "Mitteilung über Änderungen bei Unterauftragnehmern");
    assert!(recipient(&new, &Default::default(), "nobody", notice.date).is_none());
}

#[test]
fn a_notice_names_the_place_of_the_list_only_where_it_has_one() {
    // pcvisit prints its list at a clause; zerer's list is the agreement's
    // own, without a place: "nach AVV des Vertrags" would be no German.
    for (id, intro) in [
        ("pcvisit", "Änderungen der Unterauftragnehmer nach Punkt "),
        ("zerer", "Änderungen der Unterauftragnehmer des Vertrags „"),
    ] {
        let old = bundled(id);
        let mut new = old.clone();
        new.subprocessors_mut().unwrap().value.subprocessor.remove(0);
        let text = avv_core::notice::markdown(&notice_of(&old, &new));
        assert!(text.contains(intro), "{id}: {text}");
        assert!(!text.contains("nach  ") && !text.contains("nach AVV des"), "{id}: {text}");
        // Nothing changed: the letter says so from its first sentence.
        let unchanged = avv_core::notice::markdown(&notice_of(&old, &old));
        assert!(unchanged.contains("nicht ändern") && !unchanged.contains("folgende beabsichtigte"), "{unchanged}");
    }
}

/// The clause `id` anywhere in `clauses`.
fn clause_mut<'a>(
    clauses: &'a mut [avv_core::model::clause::Clause],
    id: &str,
) -> Option<&'a mut avv_core::model::clause::Clause> {
    for clause in clauses {
        if clause.id.as_str() == id {
            return Some(clause);
        }
        if let Some(found) = clause_mut(&mut clause.clause, id) {
            return Some(found);
        }
    }
    None
}

#[test]
fn a_released_changelog_does_not_speak_for_later_edits() {
    // Version 1.1 lists clause `rechtswidrige-weisung` as a formal correction.
    let mut old = bundled("rocon");
    let agreement = &mut old.agreement_mut().unwrap().value;
    let version = agreement.meta.version.clone();
    agreement.changelog.push(avv_core::model::agreement::ChangelogEntry {
        version: version.clone(),
        summary: Some("Tippfehler".into()),
        formal: vec![avv_core::model::Id("rechtswidrige-weisung".into())],
        effective: None,
    });
    // Edited after its release, within the same version: a change of meaning.
    let mut new = old.clone();
    let clause = clause_mut(&mut new.agreement_mut().unwrap().value.clause, "rechtswidrige-weisung").expect("clause");
    let text = clause.text.clone().expect("text");
    assert!(text.contains("unverzüglich"), "{text}");
    clause.text = Some(text.replacen("unverzüglich", "nicht", 1));
    let (set, bump) = record(&old, &new);
    let change = set.document_changes().find(|c| c.id == "rechtswidrige-weisung").expect("the change");
    assert_ne!(change.kind, avv_core::model::codes::ChangeKind::Formal, "{}", change.phrase);
    assert!(!change.phrase.contains("formale Korrektur"), "{}", change.phrase);
    assert!(!set.has_summary, "1.1's summary is not this change's");
    assert!(bump);
    // Between the versions the list still counts.
    let mut before = old.clone();
    before.agreement_mut().unwrap().value.meta.version = "0.9".into();
    before.agreement_mut().unwrap().value.changelog.clear();
    let mut released = new.clone();
    let clause =
        clause_mut(&mut released.agreement_mut().unwrap().value.clause, "rechtswidrige-weisung").expect("clause");
    clause.text = Some(text.replacen("unverzüglich", "unverzueglich", 1));
    let set = diff(Some(&before), &released);
    let change = set.document_changes().find(|c| c.id == "rechtswidrige-weisung").expect("the change");
    assert_eq!(change.kind, avv_core::model::codes::ChangeKind::Formal, "{}", change.phrase);
    assert!(set.has_summary);
}

#[test]
fn where_a_subprocessor_sits_and_processes_is_said_with_its_values() {
    let old = bundled("pcvisit");
    let text = |edit: &dyn Fn(&mut avv_core::model::subprocessor::Subprocessor)| {
        let mut new = old.clone();
        edit(subprocessor(&mut new, "mailjet"));
        let set = diff(Some(&old), &new);
        let change = set.document_changes().find(|c| c.id == "mailjet").expect("the change");
        change.phrase.clone()
    };
    let country = |code: &str| serde_json::from_value(serde_json::json!(code)).expect("a country");
    assert_eq!(
        text(&|s| s.country = country("LU")),
        "Aktualisierung Unterauftragnehmer Mailjet SAS (Sitzland „Luxemburg“ statt „Frankreich“)"
    );
    let processing =
        |countries: &[&str]| serde_json::from_value(serde_json::json!({ "countries": countries })).expect("processing");
    assert_eq!(
        text(&|s| s.processing = Some(processing(&["FR", "IE"]))),
        "Aktualisierung Unterauftragnehmer Mailjet SAS (Ergänzung Verarbeitungsländer „Frankreich, Irland“)"
    );
    let mut before = old.clone();
    subprocessor(&mut before, "mailjet").processing = Some(processing(&["FR", "IE"]));
    let set = diff(Some(&before), &old);
    let change = set.document_changes().find(|c| c.id == "mailjet").expect("the change");
    assert_eq!(
        change.phrase,
        "Aktualisierung Unterauftragnehmer Mailjet SAS (Wegfall Verarbeitungsländer „Frankreich, Irland“)"
    );
    // An address or a service is named, not quoted: it can be long.
    assert_eq!(
        text(&|s| {
            s.country = country("LU");
            s.address = Some("1 Rue de la Gare, 1611 Luxembourg".into());
        }),
        "Aktualisierung Unterauftragnehmer Mailjet SAS (Anschrift, Sitzland „Luxemburg“ statt „Frankreich“)"
    );
}

#[test]
fn a_move_to_a_third_country_is_in_the_change_text_with_its_basis() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let hetzner = subprocessor(&mut new, "hetzner");
    hetzner.country = serde_json::from_value(serde_json::json!("US")).expect("a country");
    hetzner.safeguards.push(
        serde_json::from_value(
            serde_json::json!({"label": "Standardvertragsklauseln", "transfer": {"mechanism": "scc"}}),
        )
        .expect("a safeguard"),
    );
    let set = diff(Some(&old), &new);
    let change = set.document_changes().find(|c| c.id == "hetzner").expect("the change");
    assert!(change.phrase.contains("Übermittlungsgrundlage (Standardvertragsklauseln)"), "{}", change.phrase);
    assert!(change.phrase.contains("Sitzland „Vereinigte Staaten“ statt „Deutschland“"), "{}", change.phrase);
    assert!(
        set.lines.iter().any(|l| l.contains("Sitzland „Vereinigte Staaten“ statt „Deutschland“")),
        "{:?}",
        set.lines
    );
    let text = avv_core::notice::markdown(&notice_of(&old, &new));
    assert!(text.contains("Übermittlungsgrundlage: Standardvertragsklauseln (bisher: keine)"), "{text}");
}

#[test]
fn change_texts_speak_german_for_orders_dates_groups_and_unnumbered_measures() {
    let old = bundled("pcvisit");
    // Two sub-processors swapped.
    let mut new = old.clone();
    new.subprocessors_mut().unwrap().value.subprocessor.swap(0, 1);
    let set = diff(Some(&old), &new);
    let all: Vec<&str> = set.changes.iter().map(|c| c.phrase.as_str()).collect();
    assert!(all.iter().any(|p| p.contains("Reihenfolge (Unterauftragnehmer)")), "{all:?}");
    assert!(!all.iter().any(|p| p.contains("(subprocessor)")), "{all:?}");
    // A date, and a group by its title.
    let mut new = old.clone();
    let hetzner = subprocessor(&mut new, "hetzner");
    hetzner.since = avv_core::model::Date::parse("2018-07-01");
    hetzner.group = Some(avv_core::model::Id("zusaetzliche-dienstleistungen".into()));
    let set = diff(Some(&old), &new);
    let change = set.changes.iter().find(|c| c.id == "hetzner").expect("the change");
    let facts: Vec<String> = change.facts.iter().map(|f| format!("{} {} {}", f.label, f.old, f.new)).collect();
    assert!(
        facts.iter().any(|f| f.contains("01.07.2018")) && !facts.iter().any(|f| f.contains("2018-07-01")),
        "{facts:?}"
    );
    assert!(facts.iter().any(|f| f.contains("Unterstützung bei Hauptleistungen:")), "{facts:?}");
    assert!(!facts.iter().any(|f| f.contains("zusaetzliche-dienstleistungen")), "{facts:?}");
    // An unnumbered measure reworded.
    let old = bundled("zerer");
    let mut new = old.clone();
    let measure = &mut new.tom_mut().unwrap().value.section[0].measure[1];
    measure.text = Some("Admin-Zugänge nur verschlüsselt (SSH, https) und MultiFaktorAuthentifizierung.".into());
    let set = diff(Some(&old), &new);
    let phrases: Vec<&str> = set.changes.iter().map(|c| c.phrase.as_str()).collect();
    assert!(!phrases.iter().any(|p| p.contains(" :") || p.contains("  ")), "{phrases:?}");
}

/// The measure `id` anywhere in a TOM annex's sections.
fn measure_mut<'a>(
    sections: &'a mut [avv_core::model::tom::Section],
    id: &str,
) -> Option<&'a mut avv_core::model::tom::Measure> {
    fn within<'a>(
        measures: &'a mut [avv_core::model::tom::Measure],
        id: &str,
    ) -> Option<&'a mut avv_core::model::tom::Measure> {
        for measure in measures {
            if measure.id.as_str() == id {
                return Some(measure);
            }
            if let Some(found) = within(&mut measure.items, id) {
                return Some(found);
            }
        }
        None
    }
    for section in sections {
        if let Some(found) = within(&mut section.measure, id) {
            return Some(found);
        }
        if let Some(found) = measure_mut(&mut section.section, id) {
            return Some(found);
        }
    }
    None
}

#[test]
fn weakenings_in_words_are_flagged_and_named() {
    type Edit = fn(&mut avv_core::model::tom::Measure);
    let cases: [(&str, &str, Edit, &str); 6] = [
        (
            "pcvisit",
            "ueberwachung-sicherheitsdienst",
            |m| {
                m.text = Some("Überwachung des Firmengeländes und Büroräumlichkeiten durch einen Sicherheitsdienst außerhalb der Geschäftszeiten.".into());
            },
            "lückenlose Geltung aufgehoben",
        ),
        (
            "pcvisit",
            "zugang-fernwartungspersonal",
            |m| {
                m.text = m.text.take().map(|t| t.replace("werden überwacht", "werden stichprobenartig überwacht"));
            },
            "Einschränkung ergänzt",
        ),
        (
            "hoster-tom",
            "zugangskontrolle",
            |m| {
                m.text = m.text.take().map(|t| t.replace("ist obligatorisch", "ist optional"));
            },
            "Verbindlichkeit aufgehoben",
        ),
        (
            "trafficplex",
            "email-backup-recovery",
            |m| {
                m.text = m
                    .text
                    .take()
                    .map(|t| t.replace("täglicher Sicherung der Daten", "Sicherung der Daten nach Bedarf"));
            },
            "Häufigkeit verringert",
        ),
        (
            "pcvisit",
            "zentrales-usermanagement",
            |m| m.statement = Some(avv_core::model::codes::Statement::Note),
            "nur ein Hinweis",
        ),
        (
            "rocon",
            "zutrittskontrolle-serverraeume",
            |m| {
                let text = m.text.take().unwrap_or_default();
                m.text = Some(text.replace(
                    " Personenbezogene Daten werden nicht in externe Rechenzentren bzw. Clouds übertragen.",
                    "",
                ));
            },
            "Einschränkung entfallen",
        ),
    ];
    for (agreement, id, edit, reason) in cases {
        let old = bundled(agreement);
        let mut new = old.clone();
        let sections = &mut new.tom_mut().unwrap().value.section;
        let measure = measure_mut(sections, id).unwrap_or_else(|| panic!("{agreement}: {id}"));
        let before = format!("{:?}", measure);
        edit(measure);
        assert_ne!(before, format!("{:?}", measure), "{agreement}: the edit changed nothing");
        let (set, _) = record(&old, &new);
        let change = set
            .changes
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("{agreement}: no change of {id}: {:?}", set.lines));
        assert!(change.flags.contains(&avv_core::diff::Flag::SecurityLevel), "{agreement}: {change:?}");
        assert!(change.phrase.contains(reason), "{agreement}: {}", change.phrase);
    }
}

/// A number in a measure is read by what it bounds: a recovery time made
/// longer weakens the measure (a justification is asked for), made shorter
/// or said in another unit it does not.
#[test]
fn numbers_in_measures_are_read_by_what_they_bound() {
    let with = |folder: &Folder, text: &str| {
        let mut out = folder.clone();
        let sections = &mut out.tom_mut().unwrap().value.section;
        measure_mut(sections, "email-backup-recovery").unwrap().text = Some(text.to_owned());
        out
    };
    let base = bundled("trafficplex");
    let old = with(
        &base,
        "Backup- und Recovery-Konzept mit täglicher Sicherung der Daten; Wiederherstellung innerhalb von 24 Stunden",
    );
    let flagged = |new: &str| {
        let (set, _) = record(&old, &with(&base, new));
        let change = set.changes.iter().find(|c| c.id == "email-backup-recovery").expect("the measure changed");
        change.flags.contains(&avv_core::diff::Flag::SecurityLevel).then(|| change.phrase.clone())
    };
    let longer = flagged(
        "Backup- und Recovery-Konzept mit täglicher Sicherung der Daten; Wiederherstellung innerhalb von 3 Tagen",
    );
    assert!(longer.as_deref().is_some_and(|p| p.contains("Frist oder Intervall verlängert")), "{longer:?}");
    let shorter = flagged(
        "Backup- und Recovery-Konzept mit täglicher Sicherung der Daten; Wiederherstellung innerhalb von 4 Stunden",
    );
    assert_eq!(shorter, None, "a shorter recovery time is no weakening");
    let same = flagged(
        "Backup- und Recovery-Konzept mit täglicher Sicherung der Daten; Wiederherstellung innerhalb von 1 Tag",
    );
    assert_eq!(same, None, "the same time in days is no weakening");
    // The hook asks for a justification of the weakening alone.
    let findings = |new: &str| {
        policy_findings(&old, &with(&base, new), &HookPolicy::default())
            .iter()
            .filter(|d| d.code == Code::MeasureWeakenedWithoutJustification)
            .count()
    };
    assert_eq!(
        findings(
            "Backup- und Recovery-Konzept mit täglicher Sicherung der Daten; Wiederherstellung innerhalb von 3 Tagen"
        ),
        1
    );
    assert_eq!(
        findings(
            "Backup- und Recovery-Konzept mit täglicher Sicherung der Daten; Wiederherstellung innerhalb von 4 Stunden"
        ),
        0
    );
}

#[test]
fn a_swap_of_clauses_renumbers_the_clauses_not_every_entry_they_print() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    // Swap 2.2 (data categories) and 2.3 (data subjects) with their numbers.
    let part = clause_mut(&mut new.agreement_mut().unwrap().value.clause, "art-und-zweck").expect("clause 2");
    let (a, b) = (
        part.clause.iter().position(|c| c.id.as_str() == "datenarten").unwrap(),
        part.clause.iter().position(|c| c.id.as_str() == "betroffene-personen").unwrap(),
    );
    part.clause.swap(a, b);
    let (num_a, num_b) = (part.clause[a].num.clone(), part.clause[b].num.clone());
    part.clause[a].num = num_b;
    part.clause[b].num = num_a;
    let set = diff(Some(&old), &new);
    let renumbered: Vec<&str> =
        set.changes.iter().filter(|c| c.op == avv_core::diff::Op::Renumbered).map(|c| c.id.as_str()).collect();
    assert!(renumbered.contains(&"datenarten") && renumbered.contains(&"betroffene-personen"), "{renumbered:?}");
    let phrases: Vec<&str> = set.changes.iter().map(|c| c.phrase.as_str()).collect();
    for phrase in &phrases {
        assert_eq!(phrases.iter().filter(|p| *p == phrase).count(), 1, "repeated: {phrase}\n{phrases:#?}");
    }
}

/// Every field of a listed sub-processor: a change customers must be told
/// of is in the notice with its old and new value; bookkeeping is not.
#[test]
fn every_printed_fact_of_a_subprocessor_is_in_the_notice() {
    use avv_core::model::codes::SubprocessorCategory;
    use avv_core::model::subprocessor::{Processing, Region, Subprocessor};
    use avv_core::model::{Country, Date, Id};
    type Edit = fn(&mut Subprocessor);
    let told: [(&str, Edit, &str); 11] = [
        (
            "group",
            |s| s.group = Some(Id("zusaetzliche-dienstleistungen".into())),
            "bisher: Unterstützung bei Hauptleistungen",
        ),
        ("name", |s| s.name = "Okta Europe Ltd.".into(), "Okta Europe Ltd."),
        ("address", |s| s.address = Some("1 Main Street, Dublin, Irland".into()), "Dublin"),
        // Countries and regions by their German names, as the change texts say them.
        ("country", |s| s.country = Country("IE".into()), "Sitzland: Irland (bisher: Vereinigte Staaten)"),
        (
            "processing location",
            |s| s.processing = Some(Processing { location: Some("Frankfurt am Main".into()), ..Processing::default() }),
            "Frankfurt am Main",
        ),
        (
            "processing countries",
            |s| s.processing = Some(Processing { countries: vec![Country("US".into())], ..Processing::default() }),
            "Verarbeitungsländer: Vereinigte Staaten (bisher: EU)",
        ),
        (
            "processing regions",
            |s| s.processing = Some(Processing { regions: vec![Region::Eea], ..Processing::default() }),
            "Verarbeitungsländer: EWR (bisher: EU)",
        ),
        ("service", |s| s.service = "Identity and Access Management".into(), "Identity and Access Management"),
        ("category", |s| s.category = Some(SubprocessorCategory::Support), "Support und Service"),
        ("safeguards", |s| s.safeguards[0].label = "ISO 27001 und ISO 27701 zertifiziert".into(), "ISO 27701"),
        (
            "extra",
            |s| {
                s.extra.insert("strategie".into(), "Exit-Strategie vorhanden".into());
            },
            "Exit-Strategie vorhanden",
        ),
    ];
    for (field, edit, value) in told {
        let old = bundled("pcvisit");
        let mut new = old.clone();
        edit(subprocessor(&mut new, "auth0"));
        let notice = notice_of(&old, &new);
        let text = avv_core::notice::markdown(&notice);
        assert_eq!(notice.updated.len(), 1, "{field}: {text}");
        assert!(text.contains(value), "{field}: the new value is named: {text}");
        assert!(text.contains("(bisher: "), "{field}: the old value is named: {text}");
        assert!(
            text.contains("## Geänderte Angaben zu Unterauftragnehmern") != (field == "safeguards"),
            "{field}: {text}"
        );
    }
    let bookkeeping: [(&str, Edit); 4] = [
        ("short", |s| s.short = Some("Okta".into())),
        ("notified", |s| s.notified = Some(Date::parse("2018-05-01").expect("date"))),
        ("since", |s| s.since = Some(Date::parse("2018-07-01").expect("date"))),
        ("allow", |s| {
            s.allow
                .push(avv_core::model::Allow { rule: "outdated-citation".into(), reason: "So unterzeichnet.".into() })
        }),
    ];
    for (field, edit) in bookkeeping {
        let old = bundled("pcvisit");
        let mut new = old.clone();
        edit(subprocessor(&mut new, "auth0"));
        let notice = notice_of(&old, &new);
        assert!(notice.is_empty(), "{field}: {}", avv_core::notice::markdown(&notice));
    }
}

/// Values of one node printed in different places are changes of their
/// own, each with its values; the feed titles a third-country matter as
/// such, not as a change of sub-processors.
#[test]
fn document_values_are_placed_and_quoted_and_the_feed_names_their_topic() {
    let old = bundled("rocon");
    let mut new = old.clone();
    let agreement = &mut new.agreement_mut().unwrap().value;
    agreement.particulars.as_mut().expect("particulars").processing_region =
        avv_core::model::codes::ProcessingRegion::Worldwide;
    agreement.roles.as_mut().expect("roles").controller = "Kundin".into();
    let person = agreement.dpo.as_mut().expect("a DPO").person.as_mut().expect("a person");
    person.phone = Some("0421 000".into());
    let set = diff(Some(&old), &new);
    let lines = phrases(&set);
    let dpo = lines.iter().find(|l| l.contains("Telefonnummer")).expect("the phone change");
    assert!(dpo.contains("„0421 000“ statt „0421 6966 32 212“"), "{lines:?}");
    assert!(!dpo.contains("Ort der Verarbeitung"), "the region is not the DPO's: {lines:?}");
    let region = lines.iter().find(|l| l.contains("Ort der Verarbeitung")).expect("the region change");
    assert!(region.contains("„weltweit“ statt „EU“"), "{lines:?}");
    assert!(region.contains("Bezeichnung des Auftraggebers „Kundin“ statt „Auftraggeberin“"), "{lines:?}");

    let feed = feed_of_one_version("rocon", "1.1", set);
    assert!(feed.contains("Version 1.1: Änderungen bei Drittlandübermittlungen"), "{feed}");
}

/// Clauses that swap places keep their text but not their number: the
/// Synopse shows each under its old and new number, never as
/// "unverändert", and the change texts name the clause.
#[test]
fn renumbered_and_moved_clauses_are_shown_in_the_synopsis() {
    let old = bundled("rocon");
    let mut new = old.clone();
    let agreement = &mut new.agreement_mut().unwrap().value;
    let last = agreement.clause.len() - 1;
    let children = &mut agreement.clause[last].clause;
    let first = children.iter().position(|c| c.id.as_str() == "gefaehrdung-eigentum").expect("9.1");
    let third = children.iter().position(|c| c.id.as_str() == "salvatorische-klausel").expect("9.3");
    children.swap(first, third);
    // Each takes the number of the place it moved to.
    let (one, three) = (children[third].num.clone(), children[first].num.clone());
    children[first].num = one;
    children[third].num = three;
    let set = diff(Some(&old), &new);
    let lines = phrases(&set);
    let renumbered: Vec<&String> = lines.iter().filter(|l| l.starts_with("Umnummerierung")).collect();
    assert_eq!(renumbered.len(), 2, "{lines:?}");
    assert!(renumbered.iter().all(|l| l.contains('„')), "the clause is named: {lines:?}");
    let html = synopsis_html(&old, &new);
    for reference in ["9.1", "9.3"] {
        assert!(!html.contains(&format!("Anhang 1 {reference}: unverändert")), "{reference}: {html}");
        assert!(!html.contains(&format!("AVV {reference}: unverändert")), "{reference}");
    }
    assert!(html.contains("Punkt 9.3</del>") && html.contains("Punkt 9.1</ins>"), "the old number is shown: {html}");
}

/// Instructions data a clause does not print changes no published text:
/// shown for review, but no contract change and no new version.
#[test]
fn instruction_data_no_clause_prints_is_not_a_contract_change() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let instructions = new.agreement_mut().unwrap().value.instructions.as_mut().expect("instructions");
    instructions.channels.push("per Telefax".into());
    instructions.recipients[0].value = "die Vorstände und der Datenschutzbeauftragte".into();
    let (set, bump) = record(&old, &new);
    assert!(set.document_changes().next().is_none(), "{:?}", phrases(&set));
    assert!(set.changes.iter().any(|c| c.scope == Scope::Internal), "shown for review: {:?}", set.changes);
    assert!(!bump);
    // The persons clause 12.1.1 prints are a change of its text.
    let mut printed = old.clone();
    let instructions = printed.agreement_mut().unwrap().value.instructions.as_mut().expect("instructions");
    instructions.authorised[0].label = Some("Name + Funktion".into());
    let set = diff(Some(&old), &printed);
    let lines = phrases(&set);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("Punkt 12.1.1 AVV"), "{lines:?}");
}

/// Codes and ids read as the words the documents print: the measure's
/// kind in German, sub-processors by name, also in the word diff.
#[test]
fn codes_and_ids_read_as_printed_words() {
    fn measures(sections: &mut [avv_core::model::tom::Section]) -> Vec<&mut avv_core::model::tom::Measure> {
        let mut out = Vec::new();
        for section in sections {
            out.extend(section.measure.iter_mut());
            out.extend(measures(&mut section.section));
        }
        out
    }
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let tom = &mut new.tom_mut().unwrap().value;
    let mut all = measures(&mut tom.section);
    let physical =
        all.iter_mut().find(|m| m.kind.is_some_and(|k| k.to_string() == "physical")).expect("a physical measure");
    physical.kind = Some(avv_core::model::codes::MeasureKind::Technical);
    let set = diff(Some(&old), &new);
    let change = set.document_changes().next().expect("a change");
    assert!(change.phrase.contains("„technische Maßnahme“ statt „physische Maßnahme“"), "{}", change.phrase);
    let words: String = change.words.iter().map(|w| w.text.as_str()).collect();
    assert!(!words.contains("physical") && words.contains("physische"), "{words}");

    let mut new = old.clone();
    let tom = &mut new.tom_mut().unwrap().value;
    let mut found = false;
    fn strip(list: &mut [avv_core::model::tom::Section], found: &mut bool) {
        for section in list {
            if !*found && section.provided_by.len() > 1 {
                section.provided_by.truncate(1);
                *found = true;
            }
            strip(&mut section.section, found);
        }
    }
    strip(&mut tom.section, &mut found);
    assert!(found, "pcvisit has a section provided by two sub-processors");
    let set = diff(Some(&old), &new);
    let lines = phrases(&set);
    assert!(
        lines.iter().any(|l| l.contains("„PlusServer GmbH“ statt „PlusServer GmbH, Hetzner Online GmbH“")),
        "{lines:?}"
    );
}

/// A sub-processor replaced in every section it serves: pcvisit's TOM
/// 3.2.2 and its two untitled-number sub-sections („Zugriffsbeschränkungen“,
/// „Zertifizierung“) print under one number, and each change names which
/// of them it is, rather than three identical lines.
#[test]
fn sections_under_one_number_are_told_apart() {
    fn replace(list: &mut [avv_core::model::tom::Section]) {
        for section in list {
            for id in &mut section.provided_by {
                if id.as_str() == "hetzner" {
                    *id = avv_core::model::Id("plusserver-2".into());
                }
            }
            for measure in &mut section.measure {
                measure.provided_by.retain(|id| id.as_str() != "hetzner");
            }
            replace(&mut section.section);
        }
    }
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let hetzner = subprocessor(&mut new, "hetzner").clone();
    let mut second = hetzner;
    second.id = avv_core::model::Id("plusserver-2".into());
    second.name = "PlusServer Zweitstandort GmbH".into();
    let list = &mut new.subprocessors_mut().unwrap().value.subprocessor;
    list.retain(|s| s.id.as_str() != "hetzner");
    list.push(second);
    replace(&mut new.tom_mut().unwrap().value.section);
    let set = diff(Some(&old), &new);
    let lines: Vec<String> = phrases(&set).into_iter().filter(|l| l.contains("TOM 3.2.2")).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with("Aktualisierung TOM 3.2.2: erbracht durch"), "{lines:?}");
    assert!(lines[1].starts_with("Aktualisierung TOM 3.2.2 „Zugriffsbeschränkungen“: erbracht durch"), "{lines:?}");
    assert!(lines[2].starts_with("Aktualisierung TOM 3.2.2 „Zertifizierung“: erbracht durch"), "{lines:?}");
}

/// Things named alike are told apart in the record: TrafficPlex's TOM has
/// the same measure under each service, pcvisit three blanks labelled
/// „E-Mail-Adresse“; a change to one names which (`diff_complete` holds
/// every line of every mutation to that).
#[test]
fn things_named_alike_are_told_apart() {
    fn measure<'a>(
        list: &'a mut [avv_core::model::tom::Section],
        id: &str,
    ) -> Option<&'a mut avv_core::model::tom::Measure> {
        for section in list {
            if let Some(found) = section.measure.iter_mut().find(|m| m.id.as_str() == id) {
                return Some(found);
            }
            if let Some(found) = measure(&mut section.section, id) {
                return Some(found);
            }
        }
        None
    }
    let old = bundled("trafficplex");
    let mut lines = Vec::new();
    for id in ["email-usv", "vps-usv"] {
        let mut new = old.clone();
        let found = measure(&mut new.tom_mut().unwrap().value.section, id).expect(id);
        found.text.as_mut().expect("a text").push_str(" mit Netzersatzanlage");
        lines.extend(phrases(&diff(Some(&old), &new)));
    }
    assert_eq!(
        lines,
        [
            "Aktualisierung TOM 9: Einsatz unterbrechungsfreier Stromversorgung mit Netzersatzanlage (Leistung „E-Mail“)",
            "Aktualisierung TOM 9: Einsatz unterbrechungsfreier Stromversorgung mit Netzersatzanlage (Leistung „Cloud-VPS“)"
        ]
    );

    let old = bundled("pcvisit");
    let mut new = old.clone();
    let blank = new.agreement_mut().unwrap().value.placeholder.iter_mut().find(|p| p.key == "weisung.email2").unwrap();
    blank.label.push_str(" (Vertretung)");
    let lines = phrases(&diff(Some(&old), &new));
    assert_eq!(lines, ["Ergänzung AVV: Feld „E-Mail-Adresse (Vertretung)“ (weisung.email2): „(Vertretung)“"]);
}

/// A signature block dropped is told as a signature gone, not as its
/// party: its label is the party's role.
#[test]
fn a_signature_dropped_is_told_as_a_signature() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let agreement = &mut new.agreement_mut().unwrap().value;
    let processor = agreement.signature.iter().position(|s| s.party.as_str() == "pcvisit-software-ag").unwrap();
    agreement.signature.remove(processor);
    assert_eq!(phrases(&diff(Some(&old), &new)), ["Wegfall Unterschrift Auftragnehmer"]);
    // And back: the version that adds it says so.
    assert_eq!(phrases(&diff(Some(&new), &old)), ["Ergänzung Unterschrift Auftragnehmer"]);
}

/// A customer's new contract and a part added to an existing one read
/// differently, and name the part, not its values.
#[test]
fn a_new_customer_contract_and_a_part_of_one_are_told_apart() {
    let old = bundled("trafficplex");
    let mut new = old.clone();
    let existing = std::sync::Arc::make_mut(&mut new.customers[0]);
    let particulars = existing.value.particulars.as_mut().expect("particulars");
    let mut item = particulars.data_subjects[0].clone();
    item.id = avv_core::model::Id("patienten".into());
    item.text = "Patienten".into();
    particulars.data_subjects.push(item);
    let mut second = (*new.customers[0]).clone();
    second.path = second.path.with_file_name("kunde-987654.toml");
    new.customers.push(std::sync::Arc::new(second));
    let set = diff(Some(&old), &new);
    let lines: Vec<&str> = set.changes.iter().map(|c| c.phrase.as_str()).collect();
    assert!(lines.contains(&"Ergänzung Kundenvertrag kunde-203523: Kategorien betroffener Personen"), "{lines:?}");
    assert!(lines.contains(&"neuer Kundenvertrag kunde-987654"), "{lines:?}");
    assert!(!lines.iter().any(|l| l.contains("Patienten")), "no customer value: {lines:?}");
}

/// The verb of a particulars change says what its kind says.
#[test]
fn a_particulars_change_is_worded_by_its_kind() {
    let cases: [(&str, &str, &str); 3] = [
        (
            "Betreuung von Kunden und Geschäftspartnern",
            "Betreuung von Kunden, Interessenten und Geschäftspartnern",
            "Ergänzung Zweck der Verarbeitung",
        ),
        (
            "Betreuung von Kunden und Geschäftspartnern",
            "Betreuung von Kunden und Geschäftspatnern",
            "formale Korrektur Zweck der Verarbeitung",
        ),
        (
            "Betreuung von Kunden und Geschäftspartnern",
            "Betreuung von Lieferanten",
            "Aktualisierung Zweck der Verarbeitung",
        ),
    ];
    for (was, now, verb) in cases {
        let old = bundled("rocon");
        let mut new = old.clone();
        let purposes = new.agreement_mut().unwrap().value.particulars.as_mut().unwrap().purposes.as_mut().unwrap();
        let item = purposes.item.iter_mut().find(|i| i.text == was).expect("the purpose");
        item.text = now.into();
        let set = diff(Some(&old), &new);
        let change = set.document_changes().next().expect("a change");
        assert!(change.phrase.starts_with(verb), "{now}: {} [{}]", change.phrase, change.kind_de);
    }
}

/// The reason recorded for a weakening or a removal stands beside the
/// change in the Synopse, in every format.
#[test]
fn the_synopsis_shows_the_recorded_reasons() {
    let (old, new) = weakened_with_reason("Die Räume sind tagsüber ständig besetzt.");
    let set = diff(Some(&old), &new);
    let change = set.changes.iter().find(|c| c.id == "ueberwachung-sicherheitsdienst").expect("the change");
    assert_eq!(change.justification.as_deref(), Some("Die Räume sind tagsüber ständig besetzt."));
    let html = synopsis_html(&old, &new);
    assert!(html.contains("Begründung: Die Räume sind tagsüber ständig besetzt."), "{html}");
    let typst = avv_core::render::synopsis::render_synopsis(
        &avv_core::render::Templates::new(None),
        &old,
        &new,
        avv_core::render::inline::Flavor::Typst,
        avv_core::render::synopsis::SynopsisLayout::Columns,
        &Default::default(),
    )
    .expect("synopsis");
    assert!(typst.contains("Begründung: Die Räume sind tagsüber ständig besetzt."), "typst");
    let docx = avv_core::render::synopsis::render_synopsis_docx(
        &old,
        &new,
        avv_core::render::synopsis::SynopsisLayout::Columns,
        &Default::default(),
        &Default::default(),
    )
    .expect("synopsis");
    let text = docx_text::text(&docx_text::parts(&docx));
    assert!(text.contains("Begründung: Die Räume sind tagsüber ständig besetzt."), "docx: {text}");
}

/// A numbered measure is named by its own number, as the annex prints it
/// ("TOM 1.1"), not by its section's ("TOM 1").
#[test]
fn a_numbered_measure_is_named_by_its_number() {
    let old = bundled("rocon");
    let mut new = old.clone();
    let sections = &mut new.tom_mut().unwrap().value.section;
    let measure = measure_mut(sections, "zutrittskontrolle-serverraeume").expect("the measure");
    measure.text = measure.text.take().map(|t| t.replace("Der fensterlose Serverraum", "Der Serverraum"));
    let (set, _) = record(&old, &new);
    let change = set.changes.iter().find(|c| c.id == "zutrittskontrolle-serverraeume").expect("the change");
    assert_eq!(change.reference, "1.1", "{change:?}");
    assert!(change.phrase.contains("TOM 1.1"), "{}", change.phrase);
    assert!(!change.flags.contains(&avv_core::diff::Flag::SecurityLevel), "a word less is no weakening");
}

/// A party whose name is a blank is named in change texts as the form
/// prints it, not by its template source ("{{ kunde.firma }}").
#[test]
fn a_blank_in_a_name_reads_as_the_form_prints_it() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let agreement = &mut new.agreement_mut().unwrap().value;
    let party = agreement.party.iter_mut().find(|p| p.name.contains("{{ kunde.firma }}")).expect("the customer");
    party.name = format!("{} (Firma)", party.name);
    let (set, _) = record(&old, &new);
    let lines = set.lines.join("\n");
    assert!(!lines.contains("{{"), "{lines}");
    assert!(lines.contains("[Unternehmen] (Firma)"), "{lines}");
}

/// A TOM annex printed as a table: a row taken out is a measure removed,
/// which needs a justification as in any other layout, and the table's own
/// words are changes of the annex.
#[test]
fn a_row_of_a_measure_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let old = load_folder(&root.join("tom-table"), &root).folder;
    let mut new = old.clone();
    new.tom_mut().unwrap().value.section[0].measure.remove(1);
    let findings = policy_findings(&old, &new, &HookPolicy::default());
    let removal = findings.iter().find(|d| d.code == Code::MeasureRemovedWithoutJustification).expect("refused");
    // An unnumbered measure is named by its document alone ("TOM : …" before).
    assert_eq!(
        removal.message,
        "measure `besucherbuch` (TOM: „Besucherbuch, Besucher nur in Begleitung“) is removed without a justification"
    );
    let set = diff(Some(&old), &new);
    let removed = set.changes.iter().find(|c| c.id == "besucherbuch").expect("the measure's change");
    assert_eq!(removed.op, avv_core::diff::Op::Removed);
    assert!(removed.flags.contains(&avv_core::diff::Flag::SecurityLevel), "{removed:?}");

    let mut new = old.clone();
    new.tom_mut().unwrap().value.annex.table.as_mut().unwrap().organisational = Some("org.".into());
    let (set, bump) = record(&old, &new);
    assert!(bump, "a new word in the printed table needs a new version");
    assert!(
        phrases(&set).iter().any(|p| p.contains("Bezeichnung organisatorischer Maßnahmen in der Tabelle")),
        "{:?}",
        phrases(&set)
    );
}

/// Every list of tables in the model, emptied: the path of each, for
/// each file of `folder`, as (file, JSON pointer).
fn lists_of_tables(folder: &Folder) -> Vec<(&'static str, String)> {
    fn walk(value: &serde_json::Value, pointer: &str, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, child) in map {
                    walk(child, &format!("{pointer}/{key}"), out);
                }
            }
            serde_json::Value::Array(items) => {
                if !items.is_empty() && items.iter().all(serde_json::Value::is_object) {
                    out.push(pointer.to_owned());
                }
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{pointer}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let files = [
        ("agreement", folder.agreement.as_ref().map(|a| serde_json::to_value(&a.value).unwrap())),
        ("tom", folder.tom.as_ref().map(|t| serde_json::to_value(&t.value).unwrap())),
        ("subprocessors", folder.subprocessors.as_ref().map(|s| serde_json::to_value(&s.value).unwrap())),
    ];
    for (file, value) in files {
        let mut pointers = Vec::new();
        if let Some(value) = value {
            walk(&value, "", &mut pointers);
        }
        out.extend(pointers.into_iter().map(|p| (file, p)));
    }
    out
}

/// `folder` with the list at `pointer` of `file` emptied, or `None` where
/// the model does not take an empty list there.
fn emptied(folder: &Folder, file: &str, pointer: &str) -> Option<Folder> {
    fn empty<T: serde::Serialize + serde::de::DeserializeOwned>(value: &mut T, pointer: &str) -> Option<()> {
        let mut json = serde_json::to_value(&*value).ok()?;
        *json.pointer_mut(pointer)? = serde_json::Value::Array(Vec::new());
        *value = serde_json::from_value(json).ok()?;
        Some(())
    }
    let mut out = folder.clone();
    match file {
        "agreement" => empty(&mut out.agreement_mut()?.value, pointer)?,
        "tom" => empty(&mut out.tom_mut()?.value, pointer)?,
        _ => empty(&mut out.subprocessors_mut()?.value, pointer)?,
    }
    Some(out)
}

/// A list of tables that comes or goes whole (the first sub-processor of
/// an empty list, the last measure of a section) is its members' changes:
/// no change of the list itself, which had no words to say it in. Every
/// such list of every bundled agreement, emptied and filled again.
#[test]
fn a_list_emptied_or_filled_is_its_members_changes() {
    let mut checked = 0;
    for id in ["pcvisit", "rocon", "zerer", "trafficplex", "hoster-tom"] {
        let folder = bundled(id);
        for (file, pointer) in lists_of_tables(&folder) {
            let Some(empty) = emptied(&folder, file, &pointer) else { continue };
            let key = pointer.rsplit('/').next().unwrap().to_owned();
            for (old, new) in [(&empty, &folder), (&folder, &empty)] {
                let set = diff(Some(old), new);
                assert!(!set.changes.is_empty(), "{id} {file}{pointer}: no change");
                for change in &set.changes {
                    let list_itself = change.facts.iter().any(|f| f.fact == pointer.trim_start_matches('/'))
                        || change.facts.iter().any(|f| f.label == key);
                    assert!(!list_itself, "{id} {file}{pointer}: the list itself changed: {}", change.phrase);
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} lists");
}

/// A clause named by id (where the list prints, the clause stating the
/// subject matter) reads as the clause's place, not its id.
#[test]
fn a_clause_named_by_id_reads_as_its_place() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    new.subprocessors_mut().unwrap().value.list.placed_in =
        Some(serde_json::from_value(serde_json::json!("weisungsrecht")).unwrap());
    let (set, _) = record(&old, &new);
    let phrases = phrases(&set);
    assert!(phrases.iter().any(|p| p.contains("abgedruckt in „Punkt 9.1 AVV“ statt „Punkt 6.5 AVV“")), "{phrases:#?}");
    assert!(!phrases.iter().any(|p| p.contains("weisungsrecht")), "{phrases:#?}");
}

/// The pull request's change report shows the reason recorded for a
/// weakening where it flags the security level, and beside the change;
/// a reason is data, printed as text.
#[test]
fn the_change_report_shows_the_recorded_reasons() {
    let (old, new) = weakened_with_reason("Die Räume sind *tagsüber* ständig besetzt | bewacht.");
    let report = avv_core::diff::report::markdown(&[diff(Some(&old), &new)]);
    let security = report.split("**⚠️ Sicherheitsniveau").nth(1).expect("the security list");
    let item = security.lines().find(|l| l.starts_with("- pcvisit:")).expect("the item");
    assert!(item.ends_with(r" — Begründung: Die Räume sind \*tagsüber\* ständig besetzt \| bewacht."), "{item}");
    let row = report.lines().find(|l| l.starts_with("| Aktualisierung TOM")).expect("the row");
    assert!(row.ends_with(r"Begründung: Die Räume sind \*tagsüber\* ständig besetzt \| bewacht. |"), "{row}");
}

/// pcvisit before and after its guard service was cut to outside office
/// hours, with `reason` recorded for the weakening.
fn weakened_with_reason(reason: &str) -> (Folder, Folder) {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let tom = &mut new.tom_mut().unwrap().value;
    let measure = measure_mut(&mut tom.section, "ueberwachung-sicherheitsdienst").expect("the measure");
    measure.text = Some("Überwachung des Firmengeländes außerhalb der Geschäftszeiten.".into());
    tom.justification.push(avv_core::model::tom::Justification {
        target: avv_core::model::Id("ueberwachung-sicherheitsdienst".into()),
        version: "1.8".into(),
        kind: avv_core::model::codes::JustificationKind::Weakening,
        reason: reason.into(),
        compensating: Vec::new(),
    });
    (old, new)
}

/// Each versioned part (the agreement, a TOM annex and a sub-processor list
/// with versions of their own) raised to a new version with its date kept,
/// or dated before: one `version-date-unchanged` at that part's date.
#[test]
fn a_new_version_keeps_its_own_date_in_every_versioned_part() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let old = load_folder(&root.join("complete"), &root).folder;
    let earlier = avv_core::model::Date::parse("2023-12-01");
    let later = avv_core::model::Date::parse("2025-01-02");
    type Bump = fn(&mut Folder, Option<avv_core::model::Date>);
    let parts: [(&str, &str, Bump); 3] = [
        ("agreement.toml", "/meta/date", |f, date| {
            let meta = &mut f.agreement_mut().unwrap().value.meta;
            meta.version = "1.7".into();
            meta.date = date.or(meta.date);
        }),
        ("tom.toml", "/annex/date", |f, date| {
            let annex = &mut f.tom_mut().unwrap().value.annex;
            annex.version = Some("2.1".into());
            annex.date = date.or(annex.date);
        }),
        ("subprocessors.toml", "/list/date", |f, date| {
            let list = &mut f.subprocessors_mut().unwrap().value.list;
            list.version = Some("4".into());
            list.date = date.or(list.date);
        }),
    ];
    for (file, pointer, bump) in parts {
        for (date, warned) in [(None, true), (earlier, true), (later, false)] {
            let mut new = old.clone();
            bump(&mut new, date);
            let found: Vec<_> = policy_findings(&old, &new, &HookPolicy::default())
                .into_iter()
                .filter(|d| d.code == Code::VersionDateUnchanged)
                .collect();
            assert_eq!(found.len(), usize::from(warned), "{file} dated {date:?}: {found:?}");
            if let Some(finding) = found.first() {
                assert!(finding.file.ends_with(file), "{file}: {finding:?}");
                assert_eq!(finding.pointer(), Some(pointer), "{file}");
            }
        }
    }
}

// ---------------------------------------------------------------- renamed ids

/// Which file of a folder a rename is made in.
#[derive(Clone, Copy)]
enum File {
    Agreement,
    Tom,
    Subprocessors,
}

/// `folder` with the id `old` renamed to `new` in `file`, as a search and
/// replace would: the id itself, every reference naming it (a value that
/// is exactly the id) and every link to it (`](#old)`).
fn renamed_everywhere(folder: &Folder, file: File, old: &str, new: &str) -> Folder {
    fn rename<T: serde::Serialize + serde::de::DeserializeOwned>(value: &mut T, old: &str, new: &str) {
        let json = serde_json::to_string(value).unwrap();
        let count = json.matches(&format!("\"{old}\"")).count();
        assert!(count >= 1, "`{old}` is not an id here");
        let json = json
            .replace(&format!("\"{old}\""), &format!("\"{new}\""))
            .replace(&format!("](#{old})"), &format!("](#{new})"));
        *value = serde_json::from_str(&json).unwrap();
    }
    let mut out = folder.clone();
    match file {
        File::Agreement => rename(&mut out.agreement_mut().unwrap().value, old, new),
        File::Tom => rename(&mut out.tom_mut().unwrap().value, old, new),
        File::Subprocessors => rename(&mut out.subprocessors_mut().unwrap().value, old, new),
    }
    out
}

#[test]
fn an_id_renamed_with_everything_naming_it_is_one_internal_change() {
    let old = bundled("pcvisit");
    for (file, id, what) in [
        // A clause with sub-clauses, linked to from the cover letter.
        (File::Agreement, "kontaktpersonen", "clause"),
        // A sub-clause.
        (File::Agreement, "gegenstand-vereinbarung", "sub-clause"),
        // A party, which its signature block names.
        (File::Agreement, "kunde", "party"),
        // A group of the list, which its members name.
        (File::Subprocessors, "hauptleistungen", "group"),
        (File::Subprocessors, "hetzner", "sub-processor"),
        (File::Tom, "sicherungsmassnahmen", "TOM section"),
        (File::Tom, "verschluesselung-pseudonymisierung-kundendaten", "TOM measure"),
    ] {
        let new = renamed_everywhere(&old, file, id, &format!("{id}-neu"));
        let (set, bump) = record(&old, &new);
        let [change] = set.changes.as_slice() else {
            panic!("{what}: expected one change, got {:#?}", set.changes.iter().map(|c| &c.phrase).collect::<Vec<_>>())
        };
        assert_eq!(change.scope, Scope::Internal, "{what}: {}", change.phrase);
        assert_eq!(change.facts.len(), 1, "{what}: {:?}", change.facts);
        assert_eq!((change.facts[0].old.as_str(), change.facts[0].new.as_str()), (id, format!("{id}-neu").as_str()));
        assert!(change.phrase.contains(&format!("Kennung „{id}-neu“ statt „{id}“")), "{what}: {}", change.phrase);
        assert!(!set.changes_document() && change.flags.is_empty(), "{what}: {:?}", set.changes);
        assert!(!bump, "{what}: a rename prints nothing and needs no new version");
    }
}

#[test]
fn a_rename_with_another_change_is_a_removal_and_an_addition() {
    let old = bundled("pcvisit");
    // The text changed too: which of the two is meant cannot be told.
    let mut new = renamed_everywhere(&old, File::Subprocessors, "hetzner", "hetzner-neu");
    subprocessor(&mut new, "hetzner-neu").service.push_str(" und Backup");
    let (set, bump) = record(&old, &new);
    let ops: Vec<(avv_core::diff::Op, &str)> = set.document_changes().map(|c| (c.op, c.id.as_str())).collect();
    assert!(ops.contains(&(avv_core::diff::Op::Added, "hetzner-neu")), "{ops:?}");
    assert!(ops.contains(&(avv_core::diff::Op::Removed, "hetzner")), "{ops:?}");
    assert!(set.needs_notice() && bump);
    // Moved into the other group with its new id: not the same place.
    let mut new = renamed_everywhere(&old, File::Subprocessors, "hetzner", "hetzner-neu");
    subprocessor(&mut new, "hetzner-neu").group = Some(avv_core::model::Id("zusaetzliche-dienstleistungen".into()));
    let (set, bump) = record(&old, &new);
    assert!(set.document_changes().any(|c| c.op == avv_core::diff::Op::Added && c.id == "hetzner-neu"));
    assert!(bump);
}

#[test]
fn a_changed_order_names_what_moved() {
    let old = bundled("pcvisit");
    let phrases_of = |new: &Folder| -> Vec<String> {
        diff(Some(&old), new)
            .changes
            .iter()
            .filter(|c| c.phrase.contains("Reihenfolge"))
            .map(|c| c.phrase.clone())
            .collect()
    };
    // Clause 12 printed before clause 11: the document's Punkte.
    let mut new = old.clone();
    let clauses = &mut new.agreement_mut().unwrap().value.clause;
    let last = clauses.len() - 1;
    clauses.swap(last - 1, last);
    let moved = clauses[last - 1].title.clone().unwrap();
    let found = phrases_of(&new);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("Aktualisierung AVV: Reihenfolge (Punkte), verschoben: „"), "{found:?}");
    // One of the two swapped is named: the other kept its place among the rest.
    let named = |title: &str| found[0].contains(&format!("„{title}“"));
    let other = old.agreement.as_ref().unwrap().value.clause[last - 1].title.clone().unwrap();
    assert!(named(&moved) != named(&other), "{found:?}");
    // A sub-processor moved from first to last in its group: it alone.
    let mut new = old.clone();
    let list = &mut new.subprocessors_mut().unwrap().value.subprocessor;
    let first = list.remove(0);
    let name = first.name.clone();
    let same_group = list.iter().rposition(|s| s.group == first.group).unwrap();
    list.insert(same_group + 1, first);
    let found = phrases_of(&new);
    assert!(
        found.iter().any(|p| p.ends_with(&format!("Reihenfolge (Unterauftragnehmer), verschoben: „{name}“"))),
        "{found:?}"
    );
    // Turned around as a whole: too many to name, the order is said to change.
    let mut new = old.clone();
    new.agreement_mut().unwrap().value.clause.reverse();
    let found = phrases_of(&new);
    assert!(found.contains(&"Aktualisierung AVV: Reihenfolge (Punkte)".to_owned()), "{found:?}");
}

#[test]
fn a_group_and_its_member_renamed_together_are_two_renames() {
    let old = bundled("pcvisit");
    let group = renamed_everywhere(&old, File::Subprocessors, "hauptleistungen", "hauptleistung");
    let both = renamed_everywhere(&group, File::Subprocessors, "hetzner", "hetzner-online");
    let (set, bump) = record(&old, &both);
    let mut renamed: Vec<(&str, &str)> = set
        .changes
        .iter()
        .filter(|c| c.scope == Scope::Internal && c.facts.len() == 1 && c.facts[0].fact == "id")
        .map(|c| (c.facts[0].old.as_str(), c.facts[0].new.as_str()))
        .collect();
    renamed.sort();
    assert_eq!(renamed, [("hauptleistungen", "hauptleistung"), ("hetzner", "hetzner-online")], "{:?}", set.changes);
    assert_eq!(set.changes.len(), 2, "{:?}", set.changes.iter().map(|c| &c.phrase).collect::<Vec<_>>());
    assert!(!set.needs_notice() && !bump);
}

// ---------------------------------------------------------------- signed contracts

/// Every value of a signed instance, as (JSON pointer, value).
fn instance_leaves(value: &serde_json::Value, pointer: String, out: &mut Vec<(String, serde_json::Value)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                instance_leaves(child, format!("{pointer}/{key}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                instance_leaves(child, format!("{pointer}/{index}"), out);
            }
        }
        leaf => out.push((pointer, leaf.clone())),
    }
}

/// `file` with the value at `pointer` changed to one it may take: a text
/// longer, a date a day off, a status or flag another, a number larger.
fn mutated(
    file: &avv_core::model::customer::CustomerFile,
    pointer: &str,
    leaf: &serde_json::Value,
) -> Option<avv_core::model::customer::CustomerFile> {
    let candidates: Vec<serde_json::Value> = match leaf {
        serde_json::Value::String(text) => {
            let mut last_digit_changed = text.clone();
            if let Some(c) = last_digit_changed.pop() {
                last_digit_changed.push(if c == '1' { '2' } else { '1' });
            }
            [format!("{text}x"), last_digit_changed, "draft".to_owned()].into_iter().map(Into::into).collect()
        }
        serde_json::Value::Bool(flag) => vec![(!flag).into()],
        serde_json::Value::Number(n) => vec![(n.as_i64().unwrap_or(0) + 1).into()],
        _ => Vec::new(),
    };
    let whole = serde_json::to_value(file).unwrap();
    candidates.into_iter().find_map(|candidate| {
        let mut changed = whole.clone();
        *changed.pointer_mut(pointer)? = candidate;
        let parsed: avv_core::model::customer::CustomerFile = serde_json::from_value(changed).ok()?;
        (serde_json::to_value(&parsed).unwrap() != whole).then_some(parsed)
    })
}

/// Each value of the bundled signed instances (TrafficPlex's customer,
/// the render fixture's), changed alone, is refused as a change of the
/// signed contract, but for the instance's state, publication, contacts
/// and signature; each is allowed with a later signature.
#[test]
fn every_value_a_signed_contract_prints_is_protected() {
    use avv_core::hook::signed::signed_findings;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let folders = [bundled("trafficplex"), load_folder(&root.join("core/tests/fixtures/render/acme"), &root).folder];
    let exempt = ["/instance/status", "/instance/publish", "/instance/contract_date", "/contact", "/signing"];
    let mut checked = 0;
    for head in &folders {
        let [customer] = head.customers.as_slice() else { panic!("one instance in {}", head.id) };
        assert!(signed_findings(head, head).is_empty(), "unchanged: no finding");
        let mut leaves = Vec::new();
        instance_leaves(&serde_json::to_value(&customer.value).unwrap(), String::new(), &mut leaves);
        assert!(leaves.len() > 10, "{}: {leaves:?}", head.id);
        for (pointer, leaf) in &leaves {
            let value = mutated(&customer.value, pointer, leaf).unwrap_or_else(|| panic!("cannot change `{pointer}`"));
            let with = |value: avv_core::model::customer::CustomerFile| {
                let mut staged = head.clone();
                staged.customers = vec![std::sync::Arc::new(avv_core::load::Parsed { value, ..(**customer).clone() })];
                signed_findings(head, &staged)
            };
            let found = with(value.clone());
            if exempt.iter().any(|e| pointer.starts_with(e)) {
                assert!(found.is_empty(), "{}: `{pointer}` is no part of what was signed: {found:?}", head.id);
                continue;
            }
            checked += 1;
            assert_eq!(found.len(), 1, "{}: `{pointer}` changed: {found:?}", head.id);
            assert_eq!(found[0].code, Code::SignedContractChanged);
            // It names the value, or the list it is in.
            let named = found[0].message.split("changes (`").nth(1).and_then(|rest| rest.split('`').next()).unwrap();
            assert!(pointer.starts_with(named) && named.len() > 1, "`{pointer}`: {}", found[0].message);
            // With a later signature, it is a new contract.
            let mut resigned = value;
            let signing = resigned.signing.get_or_insert(avv_core::model::customer::Signing {
                place: None,
                date: None,
                parties: Vec::new(),
            });
            signing.date = Some(avv_core::model::Date::parse("2030-01-01").unwrap());
            assert!(with(resigned).is_empty(), "{}: `{pointer}` with a new signature", head.id);
        }
    }
    assert!(checked > 20, "{checked} values checked");
}

/// A measure whose id was renamed and its text changed at once reads as
/// removed and added: the refusal says how to make it a rename; a measure
/// really removed is not told so.
#[test]
fn a_measure_renamed_and_changed_at_once_is_told_how_to_rename_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let old = load_folder(&root.join("tom-table"), &root).folder;
    let mut new = old.clone();
    let measure = &mut new.tom_mut().unwrap().value.section[0].measure[1];
    measure.id = avv_core::model::Id(format!("{}-neu", measure.id));
    measure.text = Some(format!("{} (überarbeitet)", measure.text.clone().unwrap_or_default()));
    let findings = policy_findings(&old, &new, &HookPolicy::default());
    let removal = findings.iter().find(|d| d.code == Code::MeasureRemovedWithoutJustification).expect("refused");
    assert!(
        removal.help.as_deref().unwrap_or_default().contains("rename it in a commit of its own first"),
        "{removal:?}"
    );

    let mut new = old.clone();
    new.tom_mut().unwrap().value.section[0].measure.remove(1);
    let findings = policy_findings(&old, &new, &HookPolicy::default());
    let removal = findings.iter().find(|d| d.code == Code::MeasureRemovedWithoutJustification).expect("refused");
    assert!(!removal.help.as_deref().unwrap_or_default().contains("renamed"), "{removal:?}");
}

/// Every numbered sub-clause of the bundled agreements moved alone into
/// another clause (numbered there as its siblings are): one line tells
/// the move with both numbers, and no other line tells its number again.
#[test]
fn every_clause_moved_is_one_line() {
    let mut moves = 0;
    for id in ["hoster-tom", "pcvisit", "rocon", "trafficplex", "zerer"] {
        let old = bundled(id);
        let Some(agreement) = old.agreement.as_ref().map(|a| &a.value) else { continue };
        let tops = agreement.clause.len();
        for (from, top) in agreement.clause.iter().enumerate() {
            for (at, sub) in top.clause.iter().enumerate() {
                let Some(num) = sub.num.clone() else { continue };
                let to = if from + 1 < tops { from + 1 } else { from.saturating_sub(1) };
                if to == from {
                    continue;
                }
                let mut new = old.clone();
                let clauses = &mut new.agreement_mut().unwrap().value.clause;
                let mut moved = clauses[from].clause.remove(at);
                let target = &clauses[to];
                let next = target.clause.len() + 1;
                // "2." under "1." prints as 1.2; "1.2" is written out.
                moved.num = Some(match num.trim_end_matches('.').contains('.') {
                    true => format!("{}.{next}", target.num.as_deref().unwrap_or_default().trim_end_matches('.')),
                    false => format!("{next}."),
                });
                clauses[to].clause.push(moved);
                let set = diff(Some(&old), &new);
                // The changes and the version table's lines alike.
                for lines in [phrases(&set), set.lines.clone()] {
                    assert_eq!(lines.len(), 1, "{id}: {} moved: {lines:#?}", sub.id);
                    let line = &lines[0];
                    assert!(line.starts_with("Verschiebung") && line.contains(" von Punkt "), "{id}: {lines:#?}");
                }
                moves += 1;
            }
        }
    }
    assert!(moves > 100, "only {moves} clauses moved");
}

/// The paths (indices from the annex down) of the TOM sections that hold
/// measures, in print order.
fn measure_sections(sections: &[avv_core::model::tom::Section], path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    for (i, section) in sections.iter().enumerate() {
        path.push(i);
        if !section.measure.is_empty() {
            out.push(path.clone());
        }
        measure_sections(&section.section, path, out);
        path.pop();
    }
}

fn section_at<'a>(
    sections: &'a mut [avv_core::model::tom::Section],
    path: &[usize],
) -> &'a mut avv_core::model::tom::Section {
    let (first, rest) = path.split_first().expect("a path");
    let section = &mut sections[*first];
    if rest.is_empty() { section } else { section_at(&mut section.section, rest) }
}

/// Every measure of the bundled TOM annexes moved alone into the next
/// section that holds measures: one line tells the move, and says from
/// where to where, also where both sections print under one number.
#[test]
fn every_measure_moved_is_one_line_that_says_where() {
    let mut moves = 0;
    for id in ["hoster-tom", "pcvisit", "rocon", "trafficplex", "zerer"] {
        let old = bundled(id);
        let Some(tom) = old.tom.as_ref().map(|t| &t.value) else { continue };
        let mut paths = Vec::new();
        measure_sections(&tom.section, &mut Vec::new(), &mut paths);
        for pair in paths.windows(2) {
            let (from, to) = (&pair[0], &pair[1]);
            let mut new = old.clone();
            let sections = &mut new.tom_mut().unwrap().value.section;
            let measure = section_at(sections, from).measure.remove(0);
            let label = measure.title.clone().or(measure.label.clone());
            section_at(sections, to).measure.push(measure);
            let set = diff(Some(&old), &new);
            for lines in [phrases(&set), set.lines.clone()] {
                assert_eq!(lines.len(), 1, "{id}: moved from {from:?} to {to:?}: {lines:#?}");
                let line = &lines[0];
                assert!(line.starts_with("Verschiebung"), "{id}: {line}");
                if let Some(label) = &label {
                    assert!(line.contains(label.trim_end_matches(':')), "{id}: {line}");
                }
                // "von Punkt 3 nach Punkt 3" would say nothing.
                let told = line.split_once("“ von ").and_then(|(_, rest)| rest.split_once(" nach "));
                let (a, b) = told.unwrap_or_else(|| panic!("{id}: from where to where: {line}"));
                assert!(!b.starts_with(a.trim_end()), "{id}: {line}");
            }
            moves += 1;
        }
    }
    assert!(moves > 20, "only {moves} measures moved");
}

/// Every two neighbouring sub-clauses of the bundled agreements swapped,
/// their numbers kept in print order: the version table says that the
/// order changed and which numbers the two texts have now; no line calls
/// it a reworded clause ("Überarbeitung"), which it is not.
#[test]
fn every_swap_of_clauses_is_told_as_a_new_order() {
    let mut swaps = 0;
    for id in ["hoster-tom", "pcvisit", "rocon", "trafficplex", "zerer"] {
        let old = bundled(id);
        let Some(agreement) = old.agreement.as_ref().map(|a| &a.value) else { continue };
        for (top, clause) in agreement.clause.iter().enumerate() {
            for at in 1..clause.clause.len() {
                let mut new = old.clone();
                let subs = &mut new.agreement_mut().unwrap().value.clause[top].clause;
                let (first, second) = (subs[at - 1].num.clone(), subs[at].num.clone());
                subs.swap(at - 1, at);
                subs[at - 1].num = first;
                subs[at].num = second;
                let set = diff(Some(&old), &new);
                let lines = &set.lines;
                assert!(lines.iter().any(|l| l.contains("Reihenfolge (Unterpunkte)")), "{id} {top}/{at}: {lines:#?}");
                assert!(!lines.iter().any(|l| l.contains("Überarbeitung")), "{id} {top}/{at}: {lines:#?}");
                // Two parts under one number (zerer's 6.4) keep it.
                if clause.clause[at].num.is_some() && clause.clause[at].num != clause.clause[at - 1].num {
                    assert!(lines.iter().any(|l| l.starts_with("Umnummerierung")), "{id} {top}/{at}: {lines:#?}");
                }
                swaps += 1;
            }
        }
    }
    assert!(swaps > 90, "only {swaps} swaps");
}

/// Gives `clause` the number `to` in place of `from`, and its sub-clauses
/// whose numbers are written out from it ("2.1" under "2" or "§2") theirs.
fn renumber_within(clause: &mut avv_core::model::clause::Clause, from: &str, to: &str) {
    clause.num = Some(to.to_owned());
    let digits = |n: &str| n.trim_start_matches(|c: char| !c.is_ascii_digit()).trim_end_matches('.').to_owned();
    let (from, to) = (digits(from), digits(to));
    for sub in &mut clause.clause {
        if let Some(rest) =
            sub.num.as_deref().and_then(|n| n.strip_prefix(from.as_str())).filter(|r| r.starts_with('.') && r.len() > 1)
        {
            let (old, new) = (format!("{from}{rest}"), format!("{to}{rest}"));
            renumber_within(sub, &old, &new);
        }
    }
}

/// Every two neighbouring top-level clauses swapped, numbers kept in print
/// order: the table names the two numbers that changed, not each of their
/// sub-clauses' and not as a shift of every clause from the first on.
#[test]
fn every_swap_of_top_level_clauses_names_the_two() {
    let mut swaps = 0;
    for id in ["hoster-tom", "pcvisit", "rocon", "trafficplex", "zerer"] {
        let old = bundled(id);
        let Some(agreement) = old.agreement.as_ref().map(|a| &a.value) else { continue };
        for at in 1..agreement.clause.len() {
            let (first, second) = (&agreement.clause[at - 1], &agreement.clause[at]);
            let (Some(a), Some(b)) = (first.num.clone(), second.num.clone()) else { continue };
            if a == b {
                continue;
            }
            let mut new = old.clone();
            let clauses = &mut new.agreement_mut().unwrap().value.clause;
            clauses.swap(at - 1, at);
            // Sub-clause numbers written out ("2.1") follow their clause's.
            renumber_within(&mut clauses[at - 1], &b, &a);
            renumber_within(&mut clauses[at], &a, &b);
            let set = diff(Some(&old), &new);
            let renumbered: Vec<&String> = set.lines.iter().filter(|l| l.starts_with("Umnummerierung")).collect();
            assert_eq!(renumbered.len(), 1, "{id} {at}: {:#?}", set.lines);
            let line = renumbered[0];
            assert!(!line.contains(" ab Punkt "), "{id} {at}: {line}");
            assert_eq!(line.matches(" statt ").count(), 2, "{id} {at}: {line}");
            assert!(set.lines.iter().any(|l| l.contains("Reihenfolge (Punkte)")), "{id} {at}: {:#?}", set.lines);
            swaps += 1;
        }
    }
    assert!(swaps > 30, "only {swaps} swaps");
}

/// An explanation promises the measures in plain words: "24/7 erfahrene
/// Ingenieure" taken out is a weakening the hook names as the
/// explanation's, and a justification naming the explanation answers it.
#[test]
fn a_weakened_explanation_needs_a_justification() {
    let old = bundled("hoster-tom");
    let mut new = old.clone();
    let tom = &mut new.tom_mut().unwrap().value;
    let explanation = tom.section[2].section[3].explanation.first_mut().expect("the explanation");
    assert_eq!(explanation.id.as_str(), "erklaerung-ueberpruefung");
    explanation.text = explanation.text.replace("dass 24/7 erfahrene", "dass erfahrene");
    let findings = |new: &Folder| -> Vec<String> {
        policy_findings(&old, new, &HookPolicy::default())
            .into_iter()
            .filter(|d| d.code == Code::MeasureWeakenedWithoutJustification)
            .map(|d| d.message)
            .collect()
    };
    let found = findings(&new);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("the explanation `erklaerung-ueberpruefung` is weakened"), "{found:?}");
    let version = new.agreement.as_ref().unwrap().value.meta.version.clone();
    new.tom_mut().unwrap().value.justification.push(avv_core::model::tom::Justification {
        target: avv_core::model::Id("erklaerung-ueberpruefung".into()),
        version,
        kind: avv_core::model::codes::JustificationKind::Weakening,
        reason: "Die Bereitschaft ist in Abschnitt 3 geregelt.".into(),
        compensating: Vec::new(),
    });
    assert_eq!(findings(&new), Vec::<String>::new());
}
