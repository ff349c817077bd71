//! Which two versions `notice::read_sides` compares: by default the version
//! before the latest, as published, against HEAD; a named range as
//! given; and the ranges and histories it must refuse.

use avv_core::history::Repo;
use avv_core::notice::{NoticeError, read_sides};

use crate::history_fixture::{DIR, muster_history};

fn ids(sides: &avv_core::notice::Sides) -> (Option<String>, String) {
    let version = |f: &avv_core::load::Folder| f.agreement.as_ref().map(|a| a.value.meta.version.clone());
    (sides.before.as_ref().and_then(version), version(&sides.after).unwrap_or_default())
}

/// The notice of `sides`, dated 1 April 2024.
fn notice_of(sides: &avv_core::notice::Sides) -> avv_core::notice::Notice {
    let date = avv_core::model::Date::parse("2024-04-01").expect("date");
    avv_core::notice::notice(sides.before.as_ref(), &sides.after, &sides.changes, date)
}

#[test]
fn by_default_the_version_before_the_latest_is_compared_with_head() {
    let history = muster_history();
    let repo = Repo::open(history.repo.path()).expect("open");
    let sides = read_sides(&repo, "muster", None).expect("sides");
    assert_eq!(ids(&sides), (Some("1.1".to_owned()), "1.2".to_owned()));
    // 1.2 replaced the mail sender by the ticket system.
    let subprocessors: Vec<&str> = sides
        .changes
        .changes
        .iter()
        .filter(|c| c.entity == avv_core::diff::EntityKind::Subprocessor)
        .map(|c| c.id.as_str())
        .collect();
    assert!(!subprocessors.is_empty(), "{:?}", sides.changes.changes);
}

#[test]
fn a_fix_committed_after_the_latest_version_began_is_seen() {
    let mut history = muster_history();
    // A `since` moved within 1.2 after its first commit.
    let path = format!("{DIR}/subprocessors.toml");
    let fixed = history.repo.read(&path).replace("country = \"US\"", "country = \"US\"\nsince = 2024-06-01");
    history.repo.write(&path, &fixed);
    history.repo.commit("muster 1.2: Beginn verschoben");
    let repo = Repo::open(history.repo.path()).expect("open");
    let sides = read_sides(&repo, "muster", None).expect("sides");
    let list = &sides.after.subprocessors.as_ref().expect("a list").value.subprocessor;
    assert!(list.iter().any(|s| s.since.is_some()), "HEAD's list is the later side");
    assert_eq!(ids(&sides), (Some("1.1".to_owned()), "1.2".to_owned()));
}

#[test]
fn a_named_range_is_compared_as_given() {
    let history = muster_history();
    let repo = Repo::open(history.repo.path()).expect("open");
    let range = format!("{}..{}", history.v1_0, history.v1_1);
    let sides = read_sides(&repo, "muster", Some(&range)).expect("sides");
    assert_eq!(ids(&sides), (Some("1.0".to_owned()), "1.1".to_owned()));
}

#[test]
fn ranges_that_cannot_be_announced_are_refused() {
    let history = muster_history();
    let repo = Repo::open(history.repo.path()).expect("open");
    let backwards = format!("{}..{}", history.v1_2, history.v1_0);
    assert!(matches!(read_sides(&repo, "muster", Some(&backwards)), Err(NoticeError::Backwards(_))));
    assert!(matches!(read_sides(&repo, "muster", Some("HEAD")), Err(NoticeError::NotARange)));
    let unknown = read_sides(&repo, "muster", Some("nosuch..HEAD")).expect_err("unknown revision");
    assert!(matches!(unknown, NoticeError::Range { .. }), "{unknown:?}");
    assert!(matches!(read_sides(&repo, "fehlt", None), Err(NoticeError::History(_))));
}

#[test]
fn a_single_version_needs_a_range() {
    let mut repo = crate::git_repo::GitRepo::new();
    crate::history_fixture::write_v1_0(&repo, DIR);
    repo.commit("muster 1.0");
    let opened = Repo::open(repo.path()).expect("open");
    assert!(matches!(read_sides(&opened, "muster", None), Err(NoticeError::OneVersion(_))));
}

#[test]
fn what_changed_while_the_latest_version_was_a_draft_is_announced() {
    // 1.3 begins as a draft that adds a sub-processor; a later commit only
    // releases it. The notice compares 1.2 with 1.3, not the draft with
    // the release (which would announce nothing).
    let mut history = muster_history();
    let path = format!("{DIR}/agreement.toml");
    let draft = history
        .repo
        .read(&path)
        .replace("version = \"1.2\"", "version = \"1.3\"")
        .replace("status = \"final\"", "status = \"draft\"");
    assert!(draft.contains("status = \"draft\""), "the fixture has a status to change");
    history.repo.write(&path, &draft);
    let list = format!("{DIR}/subprocessors.toml");
    let added = format!("{}\n{}", history.repo.read(&list), crate::history_fixture::MAILVERSAND);
    history.repo.write(&list, &added);
    history.repo.commit("muster 1.3 (Entwurf)");
    history.repo.write(&path, &draft.replace("status = \"draft\"", "status = \"final\""));
    history.repo.commit("muster 1.3 freigegeben");
    let repo = Repo::open(history.repo.path()).expect("open");
    let sides = read_sides(&repo, "muster", None).expect("sides");
    assert_eq!(ids(&sides), (Some("1.2".to_owned()), "1.3".to_owned()));
    let notice = notice_of(&sides);
    assert_eq!(notice.added.len(), 1, "{}", avv_core::notice::markdown(&notice));
}

#[test]
fn what_was_committed_under_the_old_version_before_the_new_one_is_announced() {
    // A sub-processor is added while the files still say 1.2 (committed
    // without a new version, so never announced), and a later commit makes
    // it 1.3. The notice compares 1.2 as it was published with HEAD.
    let mut history = muster_history();
    let list = format!("{DIR}/subprocessors.toml");
    let added = format!("{}\n{}", history.repo.read(&list), crate::history_fixture::MAILVERSAND);
    history.repo.write(&list, &added);
    history.repo.commit("Mailversand (noch ohne neue Version)");
    let path = format!("{DIR}/agreement.toml");
    let bumped = history.repo.read(&path).replace("version = \"1.2\"", "version = \"1.3\"");
    history.repo.write(&path, &bumped);
    history.repo.commit("muster 1.3");
    let repo = Repo::open(history.repo.path()).expect("open");
    let sides = read_sides(&repo, "muster", None).expect("sides");
    assert_eq!(ids(&sides), (Some("1.2".to_owned()), "1.3".to_owned()));
    let notice = notice_of(&sides);
    assert_eq!(notice.added.len(), 1, "{}", avv_core::notice::markdown(&notice));
}
