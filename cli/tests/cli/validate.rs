//! `avv validate`: exit codes 0 (clean), 1 (findings), 2 (avv could not
//! run), the output formats and how paths are found.

use crate::{Repo, avv, snapshot, workspace};

const ERROR: &str = "invalid/unknown-key/titel-instead-of-title";
const WARNING: &str = "invalid/footnote-unused/footnote-never-cited";
const NOTE: &str = "invalid/particulars-delegated/data-categories-in-service-description";

#[test]
fn clean_repository_exits_0() {
    let repo = Repo::new().with("valid/minimal");
    snapshot!(repo, repo.avv().arg("validate"));
}

#[test]
fn error_exits_1() {
    let repo = Repo::new().with("valid/minimal").with(ERROR);
    snapshot!(repo, repo.avv().arg("validate"));
}

#[test]
fn warnings_only_exit_0() {
    let repo = Repo::new().with(WARNING);
    snapshot!(repo, repo.avv().arg("validate"));
}

#[test]
fn warnings_with_deny_warnings_exit_1() {
    let repo = Repo::new().with(WARNING);
    snapshot!(repo, repo.avv().args(["validate", "--deny", "warnings"]));
}

#[test]
fn notes_never_fail_and_quiet_hides_them() {
    let repo = Repo::new().with(NOTE);
    let output = repo.avv().args(["validate", "--deny", "warnings"]).output().expect("run avv");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("note[particulars-delegated]"));
    snapshot!(repo, repo.avv().args(["validate", "--quiet"]));
}

#[test]
fn quiet_does_not_change_what_tools_read() {
    let repo = Repo::new().with(NOTE);
    for format in ["json", "github", "sarif"] {
        let loud = repo.avv().args(["validate", "--format", format]).output().expect("run avv");
        let quiet = repo.avv().args(["validate", "--quiet", "--format", format]).output().expect("run avv");
        assert_eq!(quiet.stdout, loud.stdout, "--format {format}");
        assert!(String::from_utf8_lossy(&quiet.stdout).contains("particulars-delegated"), "--format {format}");
    }
}

#[test]
fn nonexistent_path_exits_2() {
    let repo = Repo::new().with("valid/minimal");
    snapshot!(repo, repo.avv().args(["validate", "agreements/nope"]));
}

/// An agreement's name names its folder, as in `avv history` and `avv
/// notice`: for `validate`, `render` and `fmt`, from the repository's top
/// and from a folder inside it. A path that exists comes first, and a name
/// that is no agreement is still "does not exist".
#[test]
fn an_agreements_name_names_its_folder() {
    let repo = Repo::new().with("valid/minimal").with(ERROR);
    for folder in ["", "agreements", "agreements/minimal"] {
        let by_name = repo.avv_in(folder).args(["validate", "minimal"]).output().expect("run avv");
        let stdout = String::from_utf8_lossy(&by_name.stdout);
        assert!(by_name.status.success(), "from `{folder}`: {stdout}{}", String::from_utf8_lossy(&by_name.stderr));
        assert_eq!(stdout, "ok: 1 agreement checked, 0 errors, 0 warnings in 2 files\n", "from `{folder}`");
        let render = repo.avv_in(folder).args(["render", "minimal", "--format", "md"]).output().expect("run avv");
        assert!(render.status.success(), "from `{folder}`: {}", String::from_utf8_lossy(&render.stderr));
        assert!(String::from_utf8_lossy(&render.stdout).starts_with("# "), "from `{folder}`");
        // The fixture is not in the canonical layout: found and judged.
        let fmt = repo.avv_in(folder).args(["fmt", "--check", "minimal"]).output().expect("run avv");
        let stderr = String::from_utf8_lossy(&fmt.stderr);
        assert_eq!(fmt.status.code(), Some(1), "from `{folder}`: {stderr}");
        assert!(stderr.contains("1 of 2 files would be reformatted"), "from `{folder}`: {stderr}");
    }
    // The other agreement by name: its error, with its path.
    let other = repo.avv().args(["validate", "titel-instead-of-title"]).output().expect("run avv");
    assert_eq!(other.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&other.stdout).contains("agreements/titel-instead-of-title/agreement.toml"));
    // A folder of that name where avv runs is what the user means.
    std::fs::create_dir_all(repo.path().join("agreements/minimal/minimal")).unwrap();
    let here = repo.avv_in("agreements/minimal").args(["validate", "minimal"]).output().expect("run avv");
    assert_eq!(here.status.code(), Some(2), "{}", String::from_utf8_lossy(&here.stdout));
    assert!(String::from_utf8_lossy(&here.stderr).contains("no agreement folders found under `minimal`"));
    std::fs::remove_dir(repo.path().join("agreements/minimal/minimal")).unwrap();
    for command in [&["validate", "nope"][..], &["render", "nope", "--format", "md"]] {
        let output = repo.avv().args(command).output().expect("run avv");
        assert_eq!(output.status.code(), Some(2), "{command:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("`nope` does not exist"), "{command:?}");
    }
}

#[test]
fn file_outside_an_agreement_folder_exits_2() {
    let repo = Repo::new().with("valid/minimal").write("README.md", "# Policies\n");
    snapshot!(repo, repo.avv().args(["validate", "README.md"]));
}

#[test]
fn file_of_an_agreement_checks_its_folder() {
    let repo = Repo::new().with("valid/customer-instance");
    for file in ["agreement.toml", "subprocessors.toml", "customers/acme.toml"] {
        let output =
            repo.avv().args(["validate", &format!("agreements/customer-instance/{file}")]).output().expect("run avv");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{file}: {stdout}");
        assert_eq!(stdout, "ok: 1 agreement checked, 0 errors, 0 warnings in 3 files\n", "{file}");
    }
}

#[test]
fn several_paths_are_checked_once_each() {
    let repo = Repo::new().with("valid/minimal").with(WARNING);
    snapshot!(
        repo,
        repo.avv().args(["validate", "agreements/minimal", "agreements", "agreements/minimal/agreement.toml"])
    );
}

#[test]
fn format_json() {
    let repo = Repo::new().with(ERROR).with(WARNING);
    snapshot!(repo, repo.avv().args(["validate", "--format", "json"]));
}

#[test]
fn format_json_parses() {
    let repo = Repo::new().with(ERROR).with(WARNING);
    let output = repo.avv().args(["validate", "--format", "json"]).output().expect("run avv");
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    assert_eq!(value["version"], 1);
    // The misspelt `titel` is one finding (unknown key, the missing `title` folded in).
    assert_eq!(value["summary"]["errors"], 1);
    assert_eq!(value["summary"]["warnings"], 1);
    assert_eq!(value["summary"]["files"], 4);
    for d in value["diagnostics"].as_array().expect("diagnostics") {
        assert!(d["file"].as_str().is_some_and(|f| f.starts_with("agreements/")), "{d}");
        for key in ["code", "severity", "message", "help"] {
            assert!(d[key].is_string(), "{key} in {d}");
        }
        assert!(d["start"]["line"].is_u64() && d["end"]["column"].is_u64(), "{d}");
    }
}

#[test]
fn format_github() {
    let repo = Repo::new().with(ERROR).with(WARNING);
    snapshot!(repo, repo.avv().args(["validate", "--format", "github"]));
}

#[test]
fn no_paths_finds_agreements_from_the_repository_root() {
    let repo = Repo::new().with("valid/minimal").with(WARNING);
    snapshot!(repo, repo.avv().arg("validate"));
}

#[test]
fn no_paths_finds_agreements_from_a_subfolder() {
    let repo = Repo::new().with(WARNING);
    snapshot!(repo, repo.avv_in("agreements/footnote-never-cited").arg("validate"));
}

#[test]
fn no_agreements_folder_exits_2() {
    let repo = Repo::bare();
    snapshot!(repo, repo.avv().arg("validate"));
}

#[test]
fn git_repository_without_agreements_exits_2() {
    let repo = Repo::bare().write(".git/HEAD", "ref: refs/heads/main\n");
    snapshot!(repo, repo.avv().arg("validate"));
}

#[test]
fn empty_agreements_folder_exits_2() {
    let repo = Repo::new();
    snapshot!(repo, repo.avv().arg("validate"));
}

/// Our own data: every agreement in the repository validates clean, as in CI.
#[test]
fn repository_agreements_are_clean() {
    let output = avv()
        .current_dir(workspace())
        .args(["validate", "--deny", "warnings", "--color", "never"])
        .output()
        .expect("run avv");
    assert!(
        output.status.success(),
        "`avv validate --deny warnings` over agreements/ failed ({:?}):\n{}{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Sets every file under `dir` an hour into the past, so the cache trusts it.
fn age(dir: &std::path::Path) {
    for entry in std::fs::read_dir(dir).expect("list").flatten() {
        if entry.path().is_dir() {
            age(&entry.path());
        } else {
            let file = std::fs::File::options().write(true).open(entry.path()).expect("open");
            file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600)).expect("time");
        }
    }
}

#[test]
fn a_second_run_answers_from_the_cache_with_the_same_output() {
    let repo = Repo::new().with("valid/minimal").with(ERROR);
    std::fs::create_dir(repo.path().join(".git")).expect(".git");
    age(&repo.path().join("agreements"));
    let run = |args: &[&str]| repo.avv().arg("validate").args(args).env("NO_COLOR", "1").output().expect("avv runs");
    let first = run(&[]);
    let cache = repo.path().join(".git/avv/validate-cache.json");
    assert!(cache.is_file(), "no cache written");
    let written = std::fs::metadata(&cache).and_then(|m| m.modified()).expect("cache time");
    let second = run(&[]);
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(first.stdout, second.stdout, "cached output differs");
    let fresh = run(&["--no-cache"]);
    assert_eq!(first.stdout, fresh.stdout);
    assert_eq!(std::fs::metadata(&cache).and_then(|m| m.modified()).expect("cache time"), written, "--no-cache wrote");

    // Fixing the file revalidates its folder, however old the file looks.
    let file = repo.path().join("agreements/titel-instead-of-title/agreement.toml");
    let fixed = std::fs::read_to_string(&file).expect("read").replace("titel =", "title =");
    std::fs::write(&file, fixed).expect("write");
    age(&repo.path().join("agreements"));
    let after = run(&[]);
    assert_eq!(after.status.code(), Some(0), "{}", String::from_utf8_lossy(&after.stdout));
}

/// A finding with a label (`first used here`) in another file.
const LABELLED: &str = "invalid/duplicate-id/clause-and-measure-share-id";

fn sarif_of(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is one SARIF document")
}

#[test]
fn format_sarif() {
    let repo = Repo::new().with(ERROR).with(WARNING).with(NOTE).with(LABELLED);
    let output = repo.avv().args(["validate", "--format", "sarif"]).output().expect("run avv");
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let sarif = sarif_of(&output);
    assert_eq!(sarif["version"], "2.1.0");
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "avv");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let mut levels: Vec<&str> = results.iter().filter_map(|r| r["level"].as_str()).collect();
    levels.sort_unstable();
    levels.dedup();
    assert_eq!(levels, ["error", "note", "warning"]);
    for result in results {
        let rule = &driver["rules"][result["ruleIndex"].as_u64().expect("ruleIndex") as usize];
        assert_eq!(rule["id"], result["ruleId"], "{result}");
        for location in
            result["locations"].as_array().into_iter().chain(result["relatedLocations"].as_array()).flatten()
        {
            let artifact = &location["physicalLocation"]["artifactLocation"];
            assert!(artifact["uri"].as_str().is_some_and(|uri| uri.starts_with("agreements/")), "{location}");
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
        }
    }
    let labelled = results.iter().find(|r| r["ruleId"] == "duplicate-id").expect("duplicate-id");
    assert_eq!(labelled["relatedLocations"][0]["message"]["text"], "first used here");
}

#[test]
fn format_sarif_names_files_from_the_repository_root_in_a_subfolder_too() {
    let repo = Repo::new().with(ERROR).with(LABELLED);
    let from_root = repo.avv().args(["validate", "--format", "sarif"]).output().expect("run avv");
    let from_subfolder = repo.avv_in("agreements").args(["validate", "--format", "sarif"]).output().expect("run avv");
    let named = repo
        .avv()
        .args(["validate", "--format", "sarif", "./agreements/titel-instead-of-title/"])
        .output()
        .expect("run avv");
    let results = |output: &std::process::Output| sarif_of(output)["runs"][0]["results"].clone();
    assert_eq!(results(&from_subfolder), results(&from_root));
    // A folder named on the command line: the same result as from the whole run.
    let all = results(&from_root);
    let unknown_key = all.as_array().into_iter().flatten().find(|r| r["ruleId"] == "unknown-key");
    assert_eq!(
        results(&named).as_array().map(|r| r.iter().collect::<Vec<_>>()),
        Some(unknown_key.into_iter().collect())
    );
}

#[test]
fn format_sarif_exit_codes_follow_the_findings() {
    let repo = Repo::new().with(WARNING);
    let plain = repo.avv().args(["validate", "--format", "sarif"]).output().expect("run avv");
    assert_eq!(plain.status.code(), Some(0));
    let denied = repo.avv().args(["validate", "--format", "sarif", "--deny", "warnings"]).output().expect("run avv");
    assert_eq!(denied.status.code(), Some(1));
    assert_eq!(denied.stdout, plain.stdout);
    let clean = Repo::new().with("valid/minimal");
    let output = clean.avv().args(["validate", "--format", "sarif"]).output().expect("run avv");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(sarif_of(&output)["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn a_broken_avv_toml_fails_validation_as_it_fails_the_build() {
    let repo = Repo::new().with("valid/minimal");
    std::fs::write(repo.path().join("avv.toml"), "[hook\n").expect("write avv.toml");
    let output = repo.avv().arg("validate").output().expect("run avv");
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("error[toml-syntax]") && text.contains("avv.toml:1:6"), "{text}");
    std::fs::write(repo.path().join("avv.toml"), "[site]\nsynopsis = \"sideways\"\n").expect("write avv.toml");
    let output = repo.avv().args(["validate", "--format", "json"]).output().expect("run avv");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("avv.toml"));
}

#[test]
fn a_command_that_cannot_run_still_writes_json_when_asked() {
    let repo = Repo::new().with("valid/minimal");
    let cases: [&[&str]; 4] = [
        &["validate", "--format", "json", "agreements/nope"],
        &["fmt", "--format=json", "agreements/nope"],
        &["history", "nope", "--format", "json"],
        &["diff", "--format", "json", "nosuchrev"],
    ];
    for args in cases {
        let output = repo.avv().args(args).output().expect("run avv");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let json: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&output.stdout)));
        assert_eq!(json["version"], 1, "{args:?}");
        assert!(json["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{args:?}: {json}");
        assert!(!output.stderr.is_empty(), "{args:?}: people still read stderr");
    }
}
