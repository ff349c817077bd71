//! `avv import`: the real binary imports into a throw-away repository,
//! prints its summary and round trip, and never overwrites a folder.

use crate::{Repo, snapshot, workspace};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(workspace().join("core/tests/fixtures/import").join(name)).expect("fixture")
}

#[test]
fn import_prints_the_summary_and_the_round_trip() {
    let repo = Repo::new().write("vertrag.txt", &fixture("platzhalter.txt"));
    snapshot!(repo, repo.avv().args(["import", "vertrag.txt", "--check"]));
    // The folder is there, canonical and valid.
    let folder = repo.path().join("agreements/vertrag");
    assert!(folder.join("agreement.toml").is_file());
    let validate = repo.avv().args(["validate", "agreements/vertrag"]).output().expect("run avv");
    assert!(validate.status.success(), "{}", String::from_utf8_lossy(&validate.stdout));
    let fmt = repo.avv().args(["fmt", "--check", "agreements/vertrag"]).output().expect("run avv");
    assert!(fmt.status.success(), "{}", String::from_utf8_lossy(&fmt.stdout));
}

#[test]
fn import_never_overwrites_and_leaves_nothing_on_failure() {
    let repo = Repo::new().write("tom.txt", &fixture("tom.txt"));
    let first = repo.avv().args(["import", "tom.txt", "--id", "hoster"]).output().expect("run avv");
    assert!(first.status.code() != Some(2), "{}", String::from_utf8_lossy(&first.stderr));
    let before = std::fs::read_to_string(repo.path().join("agreements/hoster/tom.toml")).expect("tom.toml");
    snapshot!(repo, repo.avv().args(["import", "tom.txt", "--id", "hoster"]));
    let after = std::fs::read_to_string(repo.path().join("agreements/hoster/tom.toml")).expect("tom.toml");
    assert_eq!(before, after);
    // A binary file: a located error, and no folder.
    let repo = repo.write("kaputt.txt", "Vertrag\n\0");
    snapshot!(repo, repo.avv().args(["import", "kaputt.txt"]));
    assert!(!repo.path().join("agreements/kaputt").exists());
    let names: Vec<_> =
        std::fs::read_dir(repo.path().join("agreements")).expect("list").flatten().map(|e| e.file_name()).collect();
    assert_eq!(names, ["hoster"]);
}

#[test]
fn import_from_a_subfolder_writes_the_schema_line_for_where_the_files_land() {
    let repo = Repo::new().write("quellen/tom.txt", &fixture("tom.txt"));
    for out in ["../agreements", "./../agreements/."] {
        let id = if out.starts_with('.') && out.ends_with('.') { "b" } else { "a" };
        let output =
            repo.avv_in("quellen").args(["import", "tom.txt", "--id", id, "--out", out]).output().expect("run avv");
        assert!(output.status.code() != Some(2), "{}", String::from_utf8_lossy(&output.stderr));
        let text = std::fs::read_to_string(repo.path().join("agreements").join(id).join("tom.toml")).expect("tom.toml");
        assert!(
            text.starts_with("#:schema ../../schema/tom.schema.json\n"),
            "{out}: {}",
            text.lines().next().unwrap_or("")
        );
    }
}
