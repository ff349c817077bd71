//! `avv fmt` on copies of the bundled agreements: the seeds are canonical,
//! a messy file is listed by `--check` and rewritten by `avv fmt` without
//! losing a comment or changing what `avv validate` sees, and a file that
//! cannot be formatted is reported and left untouched.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::copy_dir;

const AVV: &str = env!("CARGO_BIN_EXE_avv");

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A policy repository holding a copy of the bundled agreements.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&workspace().join("agreements"), &dir.path().join("agreements"));
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn avv(dir: &Path, args: &[&str]) -> Output {
    Command::new(AVV).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

fn text(output: &Output) -> (String, String) {
    (String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

const MESSY_TOM: &str = "agreements/rocon/tom.toml";

/// Loosens the layout of rocon's TOM annex without touching its data.
fn mess_up(dir: &Path) -> String {
    let path = dir.join(MESSY_TOM);
    let canonical = std::fs::read_to_string(&path).unwrap();
    let messy = canonical
        .replacen("schema_version = 1\n", "schema_version=1   # the format\n\n\n", 1)
        .replace(" = \"", "   =   \"")
        .replacen("[annex]\n", "[annex]\n# annex metadata\n", 1);
    assert_ne!(messy, canonical);
    std::fs::write(&path, &messy).unwrap();
    messy
}

#[test]
fn the_bundled_agreements_are_canonical() {
    let dir = repo();
    let output = avv(dir.path(), &["fmt", "--check"]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("14 files already canonical"), "{stderr}");
}

#[test]
fn check_lists_and_fmt_rewrites_keeping_comments_and_data() {
    let dir = repo();
    let before = text(&avv(dir.path(), &["validate", "--format", "json"])).0;
    let messy = mess_up(dir.path());

    let check = avv(dir.path(), &["fmt", "--check"]);
    let (stdout, stderr) = text(&check);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert_eq!(stdout, format!("{MESSY_TOM}\n"));
    assert!(stderr.contains("1 of 14 files would be reformatted"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join(MESSY_TOM)).unwrap(), messy, "--check wrote");

    let fmt = avv(dir.path(), &["fmt"]);
    let (_, stderr) = text(&fmt);
    assert!(fmt.status.success(), "{stderr}");
    assert!(stderr.contains("1 file reformatted, 13 already canonical"), "{stderr}");
    let formatted = std::fs::read_to_string(dir.path().join(MESSY_TOM)).unwrap();
    assert!(
        formatted.starts_with(
            "#:schema ../../schema/tom.schema.json\nschema_version = 1 # the format\n\n[annex]\n# annex metadata\nid = "
        ),
        "{formatted}"
    );
    for line in messy.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(formatted.contains(line.trim()), "comment `{line}` lost");
    }
    assert_eq!(text(&avv(dir.path(), &["validate", "--format", "json"])).0, before, "the data changed");
    assert!(avv(dir.path(), &["fmt", "--check"]).status.success(), "not idempotent");
}

#[test]
fn named_files_and_folders_are_formatted_alone() {
    let dir = repo();
    mess_up(dir.path());
    let other = avv(dir.path(), &["fmt", "--check", "agreements/pcvisit"]);
    assert!(other.status.success(), "{:?}", text(&other));
    let file = avv(dir.path(), &["fmt", "--check", MESSY_TOM]);
    assert_eq!(file.status.code(), Some(1));
    let outside = avv(dir.path(), &["fmt", "Cargo.toml"]);
    assert_eq!(outside.status.code(), Some(2));
}

#[test]
fn broken_files_are_reported_and_left_alone() {
    let dir = repo();
    let path = dir.path().join(MESSY_TOM);
    let broken = std::fs::read_to_string(&path).unwrap().replacen("schema_version = 1", "schema_version = ", 1);
    std::fs::write(&path, &broken).unwrap();
    let inline = dir.path().join("agreements/pcvisit/subprocessors.toml");
    let commented = std::fs::read_to_string(&inline).unwrap().replacen(
        "{ label = \"AVV\", dpa = true }",
        "{ label = \"AVV\", # signed 2018\n dpa = true }",
        1,
    );
    std::fs::write(&inline, &commented).unwrap();

    let output = avv(dir.path(), &["fmt"]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[toml-syntax]"), "{stderr}");
    assert!(stderr.contains("agreements/rocon/tom.toml:2:"), "{stderr}");
    assert!(stderr.contains("error[format-comment-in-inline-table]"), "{stderr}");
    assert!(stderr.contains("agreements/pcvisit/subprocessors.toml:"), "{stderr}");
    assert!(stderr.contains("2 files could not be formatted"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
    assert_eq!(std::fs::read_to_string(&inline).unwrap(), commented);
}

#[cfg(unix)]
#[test]
fn rewritten_files_keep_their_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo();
    mess_up(dir.path());
    let path = dir.path().join(MESSY_TOM);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert!(avv(dir.path(), &["fmt"]).status.success());
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
}

#[test]
fn crlf_line_ends_change_no_data() {
    // A work tree checked out with core.autocrlf=true: every line ends in CRLF.
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements/pcvisit");
    let dir = repo.join("agreements/pcvisit");
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["agreement.toml", "tom.toml", "subprocessors.toml"] {
        std::fs::copy(bundled.join(file), dir.join(file)).unwrap();
    }
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(repo)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "LF"]);
    for file in ["agreement.toml", "tom.toml", "subprocessors.toml"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        std::fs::write(dir.join(file), text.replace('\n', "\r\n")).unwrap();
    }
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_avv"))
            .args(args)
            .current_dir(repo)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    // No phantom change.
    let diff = run(&["diff", "--format", "json"]);
    assert!(diff.status.success(), "{}", String::from_utf8_lossy(&diff.stderr));
    let json: serde_json::Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert_eq!(json["agreements"][0]["changes"].as_array().map(Vec::len), Some(0), "{json}");
    // Valid, and canonical as the blob is: fmt leaves the data, and the multi-line strings, alone.
    assert!(run(&["validate"]).status.success());
    let check = run(&["fmt", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stdout));
    std::fs::write(
        dir.join("tom.toml"),
        std::fs::read_to_string(dir.join("tom.toml")).unwrap().replacen("schema_version = 1", "schema_version =  1", 1),
    )
    .unwrap();
    let fmt = run(&["fmt"]);
    assert!(fmt.status.success(), "{}", String::from_utf8_lossy(&fmt.stderr));
    let agreement = std::fs::read_to_string(dir.join("agreement.toml")).unwrap();
    assert!(!agreement.contains("\\r"), "no `\\r` escapes in the data");
    let tom = std::fs::read_to_string(dir.join("tom.toml")).unwrap();
    assert!(!tom.contains("\\r"), "no `\\r` escapes in the data");
    let diff = run(&["diff", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert_eq!(json["agreements"][0]["changes"].as_array().map(Vec::len), Some(0), "{json}");
}

#[test]
fn json_output_gives_every_file_its_status() {
    let dir = repo();
    let messy = mess_up(dir.path());
    let broken_path = dir.path().join("agreements/pcvisit/tom.toml");
    let broken = std::fs::read_to_string(&broken_path).unwrap().replacen("schema_version = 1", "schema_version = ", 1);
    std::fs::write(&broken_path, &broken).unwrap();
    let status_of = |value: &serde_json::Value, file: &str| -> String {
        let files = value["files"].as_array().expect("files");
        let entry = files.iter().find(|f| f["path"].as_str() == Some(file)).unwrap_or_else(|| panic!("{file}"));
        entry["status"].as_str().unwrap_or_default().to_owned()
    };
    for (args, changed) in
        [(&["fmt", "--check", "--format", "json"][..], "would-reformat"), (&["fmt", "--format", "json"], "reformatted")]
    {
        // Before the rewrite the messy file is messy again.
        std::fs::write(dir.path().join(MESSY_TOM), &messy).unwrap();
        let output = avv(dir.path(), args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let (stdout, stderr) = text(&output);
        assert!(stderr.is_empty(), "JSON mode writes nothing else: {stderr}");
        let value: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
        assert_eq!(value["version"], 1);
        assert_eq!(value["check"], args.contains(&"--check"));
        assert_eq!(status_of(&value, MESSY_TOM), changed);
        assert_eq!(status_of(&value, "agreements/pcvisit/tom.toml"), "invalid");
        assert_eq!(status_of(&value, "agreements/pcvisit/agreement.toml"), "canonical");
        let diagnostics = value["diagnostics"].as_array().expect("diagnostics");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0]["code"], "toml-syntax");
        assert_eq!(diagnostics[0]["file"], "agreements/pcvisit/tom.toml");
        assert_eq!(value["summary"]["changed"], 1);
        assert_eq!(value["summary"]["unformatted"], 1);
        let total = value["files"].as_array().map_or(0, Vec::len);
        assert_eq!(value["summary"]["files"], total);
    }
    // The rewrite happened only without --check.
    assert_ne!(std::fs::read_to_string(dir.path().join(MESSY_TOM)).unwrap(), messy);
    assert_eq!(std::fs::read_to_string(&broken_path).unwrap(), broken);
}

#[test]
fn rules_as_json() {
    let dir = repo();
    let output = avv(dir.path(), &["rules", "--format", "json"]);
    assert!(output.status.success());
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rules = value["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), avv_rule_count(dir.path()));
    for rule in rules {
        for key in ["code", "severity", "summary", "rationale"] {
            assert!(rule[key].as_str().is_some_and(|s| !s.is_empty()), "{key} in {rule}");
        }
    }
    assert!(rules.iter().any(|r| r["code"] == "locked-text-changed"));
}

/// The rules the plain listing shows, one per line.
fn avv_rule_count(dir: &Path) -> usize {
    String::from_utf8_lossy(&avv(dir, &["rules"]).stdout).lines().count()
}
