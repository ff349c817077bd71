//! The change record on the bundled agreements: each change the first
//! round's diff missed, alone, gives a change entry in German and needs a
//! new version; a change of whitespace alone gives nothing.

use std::path::Path;

use avv_core::config::HookPolicy;
use avv_core::diff::{ChangeSet, Scope, diff};
use avv_core::hook::policy_findings;
use avv_core::load::{Folder, load_folder};

fn bundled(id: &str) -> Folder {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    load_folder(&root.join("agreements").join(id), &root).folder
}

/// The change set and whether the hook demands a new version.
fn record(old: &Folder, new: &Folder) -> (ChangeSet, bool) {
    let set = diff(Some(old), new);
    let bump = policy_findings(old, new, &HookPolicy::default()).iter().any(|d| d.code == "version-not-bumped");
    (set, bump)
}

fn phrases(set: &ChangeSet) -> Vec<String> {
    set.document_changes().map(|c| c.phrase.clone()).collect()
}

#[test]
fn processing_region() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let agreement = &mut new.agreement.as_mut().unwrap().value;
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
    new.agreement.as_mut().unwrap().value.meta.title = "AUFTRAGSVERARBEITUNGSVERTRAG".into();
    let (set, bump) = record(&old, &new);
    assert_eq!(
        phrases(&set),
        ["Aktualisierung AVV: Titel „AUFTRAGSVERARBEITUNGSVERTRAG“ statt „AUFTRAGSVERARBEITUNG gemäß Art. 28 DS-GVO“"]
    );
    assert!(bump);

    let mut new = old.clone();
    new.agreement.as_mut().unwrap().value.meta.stand_line = Some("Stand: {date} · Kontakt: dsb@example.org".into());
    let (set, bump) = record(&old, &new);
    assert_eq!(set.document_changes().count(), 1, "{:?}", phrases(&set));
    assert!(phrases(&set)[0].starts_with("Aktualisierung AVV: Stand-Zeile"), "{:?}", phrases(&set));
    assert!(bump);
}

#[test]
fn instruction_recipients_filled() {
    let old = bundled("zerer");
    let mut new = old.clone();
    let instructions = new.agreement.as_mut().unwrap().value.instructions.as_mut().expect("zerer names recipients");
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
    old.agreement.as_mut().unwrap().value.annex[0].block.push(list(&["Hosting", "Wartung"]));
    let mut new = old.clone();
    new.agreement.as_mut().unwrap().value.annex[0].block[0] = list(&["Hosting", "Wartung", "Support"]);
    let (set, bump) = record(&old, &new);
    assert_eq!(phrases(&set).len(), 1, "{:?}", phrases(&set));
    assert!(phrases(&set)[0].contains("Anhang 1"), "{:?}", phrases(&set));
    assert!(bump);
}

#[test]
fn tom_and_list_titles() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    new.tom.as_mut().unwrap().value.annex.title = "Technische und organisatorische Maßnahmen (TOM)".into();
    let (set, bump) = record(&old, &new);
    assert_eq!(set.document_changes().count(), 1);
    assert!(phrases(&set)[0].contains("Titel der Anlage"), "{:?}", phrases(&set));
    assert!(bump);

    let mut new = old.clone();
    new.subprocessors.as_mut().unwrap().value.list.title = Some("Liste der Unterauftragnehmer".into());
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
    let tom = &mut new.tom.as_mut().unwrap().value;
    let measure = first_measure(&mut tom.section).expect("a measure");
    let text = measure.text.as_mut().expect("a text");
    text.push(' ');
    *text = text.replacen(' ', "  ", 1);
    let agreement = &mut new.agreement.as_mut().unwrap().value;
    let clause = agreement.clause.iter_mut().find(|c| c.text.is_some()).expect("a clause with text");
    let text = clause.text.as_mut().expect("text");
    *text = format!(" {}\t\r\n", text.replacen(' ', "\t", 1));
    assert_ne!(old.tom.as_ref().unwrap().value, new.tom.as_ref().unwrap().value);
    let (set, bump) = record(&old, &new);
    assert!(set.changes.is_empty(), "{:?}", phrases(&set));
    assert!(!bump);
    let html = avv_core::render::synopsis::render_synopsis(
        &avv_core::render::Templates::new(None),
        &old,
        &new,
        avv_core::render::inline::Flavor::Html,
        &Default::default(),
    )
    .expect("synopsis");
    assert!(!html.contains("<ins>") && !html.contains("<del>"), "no Synopse mark");
}

#[test]
fn a_line_break_between_words_is_content() {
    let old = bundled("pcvisit");
    let mut new = old.clone();
    let agreement = &mut new.agreement.as_mut().unwrap().value;
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
    new.agreement.as_mut().unwrap().value.meta.allow.push(avv_core::model::Allow {
        rule: "outdated-citation".into(),
        reason: "Das Zitat steht so im unterzeichneten Vertrag.".into(),
    });
    let (set, bump) = record(&old, &new);
    assert!(set.changes.iter().any(|c| c.scope == Scope::Internal), "{:?}", set.changes);
    assert!(set.document_changes().next().is_none());
    assert!(!bump);
}
