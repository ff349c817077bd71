//! The pre-commit hook in real git repositories: installed with `avv hooks
//! install`, run by `git commit`, checking the staged content.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{copy_dir, rename_id};

const AVV: &str = env!("CARGO_BIN_EXE_avv");

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A repository with the bundled pcvisit agreement committed and the hook installed.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Self {
        let repo = Self { dir: tempfile::tempdir().unwrap() };
        repo.git(&["init", "-q"]);
        copy_dir(&workspace().join("agreements/pcvisit"), &repo.path().join("agreements/pcvisit"));
        repo.git(&["add", "."]);
        repo.commit("pcvisit 1.8").success();
        repo.avv_ok(&["hooks", "install"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) -> Output {
        let output =
            Command::new("git").args(args).current_dir(self.path()).env("PATH", path_with_avv()).output().unwrap();
        assert!(
            output.status.success() || args[0] == "commit",
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    fn commit(&self, message: &str) -> Committed {
        let output = Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", message])
            .current_dir(self.path())
            .env("PATH", path_with_avv())
            .env("GIT_AUTHOR_DATE", "2024-03-01T12:00:00Z")
            .env("GIT_COMMITTER_DATE", "2024-03-01T12:00:00Z")
            .output()
            .unwrap();
        Committed(output)
    }

    /// A commit past the hook, as `--no-verify`, a web editor or a machine
    /// without the hook makes it.
    fn commit_unchecked(&self, message: &str) {
        let mut command = Command::new("git");
        command.args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "--no-verify"]);
        let output = command.args(["-m", message]).current_dir(self.path()).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }

    fn avv(&self, args: &[&str]) -> Output {
        Command::new(AVV).args(args).current_dir(self.path()).env("NO_COLOR", "1").output().unwrap()
    }

    /// Runs avv and expects it to succeed; a failure shows what avv said.
    fn avv_ok(&self, args: &[&str]) -> Output {
        let output = self.avv(args);
        assert!(
            output.status.success(),
            "avv {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.path().join("agreements/pcvisit").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Adds a new sub-processor, Neu GmbH, to pcvisit's list.
    fn add_neu_gmbh(&self) {
        let list = self.path().join("agreements/pcvisit/subprocessors.toml");
        let mut text = std::fs::read_to_string(&list).unwrap();
        text.push_str("\n[[subprocessor]]\nid = \"neu-gmbh\"\ngroup = \"hauptleistungen\"\nname = \"Neu GmbH\"\naddress = \"Hauptstraße 1, 10115 Berlin\"\ncountry = \"DE\"\nservice = \"Support\"\nsafeguards = [{ label = \"AVV\", dpa = true }]\n");
        std::fs::write(&list, text).unwrap();
    }

    /// Merges `branch` with a merge commit, as a pull request is merged.
    fn merge_no_ff(&self, branch: &str) {
        let identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"];
        self.git(&[&identity[..], &["merge", "-q", "--no-ff", "-m", "Merge", branch]].concat());
    }

    fn stage(&self) {
        self.git(&["add", "-A"]);
    }

    fn bump(&self, version: &str) {
        self.bump_from("1.8", version);
    }

    fn bump_from(&self, from: &str, to: &str) {
        self.edit("agreement.toml", &format!("version = \"{from}\""), &format!("version = \"{to}\""));
    }
}

struct Committed(Output);

impl Committed {
    fn success(&self) {
        assert!(self.0.status.success(), "commit refused:\n{}", String::from_utf8_lossy(&self.0.stderr));
    }

    fn refused_with(&self, code: &str) -> String {
        let stderr = String::from_utf8_lossy(&self.0.stderr).into_owned();
        assert!(!self.0.status.success(), "commit went through, expected `{code}`");
        assert!(stderr.contains(code), "expected `{code}` in:\n{stderr}");
        assert!(stderr.contains("commit refused"), "{stderr}");
        stderr
    }
}

fn path_with_avv() -> String {
    let bin = Path::new(AVV).parent().unwrap().display().to_string();
    format!("{bin}:{}", std::env::var("PATH").unwrap_or_default())
}

#[test]
fn an_invalid_staged_change_is_refused_with_its_message() {
    let repo = Repo::new();
    repo.bump("1.9");
    repo.edit("subprocessors.toml", "country = \"US\"", "country = \"USA\"");
    repo.stage();
    let stderr = repo.commit("typo").refused_with("country-code");
    assert!(stderr.contains("agreements/pcvisit/subprocessors.toml:"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
}

#[test]
fn a_valid_change_with_a_new_version_passes() {
    let repo = Repo::new();
    repo.bump("1.9");
    repo.edit("tom.toml", "Private Cages auf Anfrage verfügbar", "Private Cages auf Anfrage jederzeit verfügbar");
    repo.stage();
    repo.commit("1.9").success();
}

#[test]
fn an_unstaged_fix_does_not_let_a_staged_error_through() {
    let repo = Repo::new();
    repo.bump("1.9");
    repo.edit("subprocessors.toml", "country = \"US\"", "country = \"USA\"");
    repo.stage();
    // Fixed on disk, but the fix is not staged: the commit would still carry the error.
    repo.edit("subprocessors.toml", "country = \"USA\"", "country = \"US\"");
    repo.commit("fixed only on disk").refused_with("country-code");
    repo.stage();
    repo.commit("fix staged").success();
}

#[test]
fn a_content_change_without_a_new_version_is_refused() {
    let repo = Repo::new();
    repo.edit("tom.toml", "Private Cages auf Anfrage verfügbar", "Private Cages verfügbar");
    repo.stage();
    let stderr = repo.commit("no version").refused_with("version-not-bumped");
    assert!(stderr.contains("raise `version`"), "{stderr}");
    repo.bump("1.9");
    repo.stage();
    repo.commit("1.9").success();
}

#[test]
fn a_removed_measure_needs_a_justification() {
    let repo = Repo::new();
    repo.bump("1.9");
    let tom = repo.path().join("agreements/pcvisit/tom.toml");
    let text = std::fs::read_to_string(&tom).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.contains("id = \"rz-besucher-identitaet\"")).collect();
    assert_eq!(kept.len() + 1, text.lines().count(), "the measure is one line");
    std::fs::write(&tom, kept.join("\n") + "\n").unwrap();
    repo.stage();
    repo.commit("remove a measure").refused_with("measure-removed-without-justification");
    let with_tombstone = std::fs::read_to_string(&tom).unwrap()
        + "\n[[retired]]\nid = \"rz-besucher-identitaet\"\nlabel = \"Identitätsprüfung der Besucher\"\nretired_in = \"1.9\"\nreason = \"Ersetzt durch die Zwei-Faktor-Zutrittskontrolle der Rechenzentren.\"\n";
    std::fs::write(&tom, with_tombstone).unwrap();
    repo.stage();
    repo.commit("remove a measure, justified").success();
}

/// A section's paragraph describes its measures: the data centres guarded
/// around the clock, then on working days only, is a weakening the hook
/// refuses until a `[[justification]]` names the section.
#[test]
fn a_weakened_section_text_needs_a_justification() {
    let repo = Repo::new();
    repo.bump("1.9");
    repo.edit("tom.toml", "an 365 Tagen im Jahr 24 Stunden durch Wachpersonal", "werktags durch Wachpersonal");
    repo.stage();
    let stderr = repo.commit("guards on working days").refused_with("measure-weakened-without-justification");
    assert!(stderr.contains("the text of section `zutrittskontrolle-serverraeume` is weakened"), "{stderr}");
    let tom = repo.path().join("agreements/pcvisit/tom.toml");
    let justified = std::fs::read_to_string(&tom).unwrap()
        + "\n[[justification]]\ntarget = \"zutrittskontrolle-serverraeume\"\nversion = \"1.9\"\nkind = \"weakening\"\nreason = \"Außerhalb der Werktage überwacht die Gebäudeleittechnik mit Alarmaufschaltung.\"\n";
    std::fs::write(&tom, justified).unwrap();
    repo.stage();
    repo.commit("guards on working days, justified").success();
    repo.avv_ok(&["validate", "agreements/pcvisit"]);
}

#[test]
fn a_non_canonical_file_is_refused_when_the_policy_asks_for_it() {
    let repo = Repo::new();
    repo.bump("1.9");
    // Valid TOML, same data, but not the layout `avv fmt` writes.
    repo.edit(
        "tom.toml",
        "Private Cages auf Anfrage verfügbar\"",
        "Private Cages auf Anfrage jederzeit verfügbar\"   ",
    );
    repo.edit("subprocessors.toml", "id = \"hetzner\"\ngroup", "group = \"hauptleistungen\"\nid = \"hetzner\"\ngroup");
    repo.edit("subprocessors.toml", "id = \"hetzner\"\ngroup = \"hauptleistungen\"\n", "id = \"hetzner\"\n");
    repo.stage();
    // Off by default: the layout is the author's business.
    repo.commit("1.9 in a loose layout").success();

    std::fs::write(repo.path().join("avv.toml"), "schema_version = 1\n\n[hook]\nrequire_canonical_format = true\n")
        .unwrap();
    repo.bump_from("1.9", "1.10");
    repo.edit("tom.toml", "jederzeit verfügbar", "jederzeit und kurzfristig verfügbar");
    repo.stage();
    let stderr = repo.commit("1.10").refused_with("format-not-canonical");
    assert!(stderr.contains("agreements/pcvisit/tom.toml:"), "{stderr}");
    assert!(stderr.contains("agreements/pcvisit/subprocessors.toml:"), "{stderr}");
    assert!(stderr.contains("run `avv fmt agreements/pcvisit/tom.toml`"), "{stderr}");

    repo.avv_ok(&["fmt"]);
    repo.stage();
    repo.commit("1.10, formatted").success();
}

#[test]
fn install_is_idempotent_and_respects_foreign_hooks() {
    let repo = Repo::new();
    let again = repo.avv_ok(&["hooks", "install"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("already installed"));
    let hook = repo.path().join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").unwrap();
    let refused = repo.avv(&["hooks", "install"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\necho mine\n",
        "a foreign hook is never overwritten"
    );
    repo.avv_ok(&["hooks", "install", "--force"]);
    assert!(std::fs::read_to_string(&hook).unwrap().contains("avv hook pre-commit"));
    // A foreign merge hook is kept, with a warning; the commit hook is
    // installed all the same.
    let merge_hook = repo.path().join(".git/hooks/pre-merge-commit");
    std::fs::write(&merge_hook, "#!/bin/sh\necho mine\n").unwrap();
    std::fs::remove_file(&hook).unwrap();
    let installed = repo.avv_ok(&["hooks", "install"]);
    assert!(
        String::from_utf8_lossy(&installed.stderr).contains("warning: `"),
        "{}",
        String::from_utf8_lossy(&installed.stderr)
    );
    assert!(std::fs::read_to_string(&hook).unwrap().contains("avv hook pre-commit"));
    assert_eq!(std::fs::read_to_string(&merge_hook).unwrap(), "#!/bin/sh\necho mine\n");
    // So is a foreign push hook, with a warning that says what goes unchecked.
    let push_hook = repo.path().join(".git/hooks/pre-push");
    assert!(std::fs::read_to_string(&push_hook).unwrap().contains("avv hook pre-push \"$@\""));
    std::fs::write(&push_hook, "#!/bin/sh\necho mine\n").unwrap();
    std::fs::remove_file(&hook).unwrap();
    let installed = repo.avv_ok(&["hooks", "install"]);
    let stderr = String::from_utf8_lossy(&installed.stderr);
    assert!(
        stderr.contains("cherry-pick, revert, rebase") && stderr.contains("add `avv hook pre-push \"$@\"`"),
        "{stderr}"
    );
    assert!(std::fs::read_to_string(&hook).unwrap().contains("avv hook pre-commit"));
    assert_eq!(std::fs::read_to_string(&push_hook).unwrap(), "#!/bin/sh\necho mine\n");
    // A foreign commit hook still refuses the install, before anything is written.
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").unwrap();
    std::fs::remove_file(&merge_hook).unwrap();
    std::fs::remove_file(&push_hook).unwrap();
    let refused = repo.avv(&["hooks", "install"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(!merge_hook.exists(), "no hook written while the commit hook is refused");
    assert!(!push_hook.exists(), "no hook written while the commit hook is refused");
}

#[test]
fn uninstall_removes_what_avv_wrote_and_keeps_the_rest() {
    let repo = Repo::new();
    let hooks = repo.path().join(".git/hooks");
    // A merge hook of the user's own stays; avv's commit and push hooks go.
    std::fs::write(hooks.join("pre-merge-commit"), "#!/bin/sh\necho mine\n").unwrap();
    let removed = repo.avv_ok(&["hooks", "uninstall"]);
    let stderr = String::from_utf8_lossy(&removed.stderr);
    assert!(stderr.contains("removed the pre-commit hook") && stderr.contains("removed the pre-push hook"), "{stderr}");
    assert!(stderr.contains("was not written by avv, so it is kept"), "{stderr}");
    assert!(!hooks.join("pre-commit").exists() && !hooks.join("pre-push").exists());
    assert_eq!(std::fs::read_to_string(hooks.join("pre-merge-commit")).unwrap(), "#!/bin/sh\necho mine\n");
    // Commits are no longer checked.
    break_toml(&repo);
    repo.stage();
    repo.commit("ungeprüft").success();
    // Again: nothing to remove, and still no error.
    let again = repo.avv_ok(&["hooks", "uninstall"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("no pre-commit hook at"));
}

#[test]
fn install_follows_core_hooks_path() {
    let repo = Repo::new();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    repo.avv_ok(&["hooks", "install"]);
    assert!(repo.path().join(".githooks/pre-commit").is_file());
    assert!(repo.path().join(".githooks/pre-merge-commit").is_file());
    assert!(repo.path().join(".githooks/pre-push").is_file());
}

#[test]
fn a_failed_install_leaves_nothing_and_a_bare_repository_is_refused() {
    let repo = Repo::new();
    let hooks = repo.path().join(".git/hooks");
    // The hook's place is a folder: the install fails, and cleans up.
    std::fs::remove_file(hooks.join("pre-commit")).unwrap();
    std::fs::create_dir(hooks.join("pre-commit")).unwrap();
    std::fs::write(hooks.join("pre-commit/x"), "x").unwrap();
    let failed = repo.avv(&["hooks", "install", "--force"]);
    assert_eq!(failed.status.code(), Some(2), "{}", String::from_utf8_lossy(&failed.stderr));
    assert!(!hooks.join(".pre-commit.avv-tmp").exists(), "nothing left beside the hook");
    // A bare clone commits nothing: no hook to install there.
    let bare = tempfile::tempdir().unwrap();
    let target = bare.path().join("bare.git");
    let clone = Command::new("git").args(["clone", "-q", "--bare"]).arg(repo.path()).arg(&target).output().unwrap();
    assert!(clone.status.success());
    let output =
        Command::new(env!("CARGO_BIN_EXE_avv")).args(["hooks", "install"]).current_dir(&target).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bare repository"));
    assert!(!target.join("hooks/pre-commit").exists());
}

#[test]
fn a_rename_does_not_switch_the_checks_off() {
    let repo = Repo::new();
    repo.git(&["mv", "agreements/pcvisit", "agreements/pcvisit-avv"]);
    let folder = repo.path().join("agreements/pcvisit-avv");
    let agreement = folder.join("agreement.toml");
    let text = std::fs::read_to_string(&agreement).unwrap();
    std::fs::write(&agreement, text.replacen("id = \"pcvisit\"\n", "id = \"pcvisit-avv\"\n", 1)).unwrap();
    // A measure removed in the same commit, without a new version or a reason.
    let tom = folder.join("tom.toml");
    let text = std::fs::read_to_string(&tom).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.contains("id = \"rz-besucher-identitaet\"")).collect();
    std::fs::write(&tom, kept.join("\n") + "\n").unwrap();
    repo.stage();
    let committed = repo.commit("rename and remove");
    committed.refused_with("version-not-bumped");
    committed.refused_with("measure-removed-without-justification");
}

#[test]
fn a_rename_alone_needs_no_new_version() {
    let repo = Repo::new();
    repo.git(&["mv", "agreements/pcvisit", "agreements/pcvisit-avv"]);
    rename_id(&repo.path().join("agreements/pcvisit-avv"), "pcvisit", "pcvisit-avv");
    repo.stage();
    repo.commit("rename").success();
}

#[test]
fn an_annex_with_its_own_version_needs_that_version_raised() {
    let repo = Repo::new();
    repo.bump("1.9");
    repo.edit(
        "tom.toml",
        "title = \"Technische und organisatorische Maßnahmen",
        "version = \"2.0\"\ntitle = \"Technische und organisatorische Maßnahmen",
    );
    repo.stage();
    repo.commit("1.9: the TOM annex is versioned on its own").success();
    // A change of the annex alone: its own version must rise, not the agreement's.
    repo.edit("tom.toml", "Private Cages auf Anfrage verfügbar", "Private Cages verfügbar");
    repo.stage();
    let stderr = repo.commit("TOM changed, version kept").refused_with("version-not-bumped");
    assert!(stderr.contains("agreements/pcvisit/tom.toml:"), "{stderr}");
    assert!(stderr.contains("its version stays 2.0"), "{stderr}");
    repo.edit("tom.toml", "version = \"2.0\"", "version = \"2.1\"\ndate = 2024-05-17");
    repo.stage();
    repo.commit("TOM 2.1").success();
    let history = repo.avv(&["history", "pcvisit", "--format", "json"]);
    let text = String::from_utf8_lossy(&history.stdout);
    assert!(text.contains("\"version\": \"1.9 / TOM 2.1\""), "{text}");
    // Its row is dated by the annex, not by the agreement.
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rows = json["rows"].as_array().or_else(|| json["table"]["rows"].as_array()).expect("rows");
    let row = rows.iter().find(|r| r["version"] == "1.9 / TOM 2.1").expect("the annex row");
    assert_eq!(row["date"], "2024-05-17", "{row}");
    // The 1.9 row names the annex's version it brought.
    assert!(text.contains("\"TOM: Version 2.0\""), "{text}");
    // The annex prints its version.
    let render = repo.avv(&["render", "agreements/pcvisit", "--format", "md"]);
    assert!(String::from_utf8_lossy(&render.stdout).contains("Version 2.1"), "the annex's own version is printed");
}

#[test]
fn a_draft_may_change_without_a_new_version() {
    let repo = Repo::new();
    repo.bump("1.9");
    repo.edit("agreement.toml", "status = \"final\"", "status = \"draft\"");
    repo.stage();
    repo.commit("1.9 begun").success();
    repo.edit("tom.toml", "Private Cages auf Anfrage verfügbar", "Private Cages verfügbar");
    repo.stage();
    repo.commit("1.9 continued").success();
    repo.edit("agreement.toml", "status = \"draft\"", "status = \"final\"");
    repo.stage();
    repo.commit("1.9 released").success();
    // Released, it is closed.
    repo.edit("tom.toml", "Private Cages verfügbar", "Private Cages auf Anfrage verfügbar");
    repo.stage();
    repo.commit("after the release").refused_with("version-not-bumped");
    // Nor does setting it back to a draft open it (the next commit could
    // then rewrite 1.9 as a draft): the next version is the draft.
    repo.git(&["checkout", "--", "."]);
    repo.git(&["reset", "-q"]);
    for status in ["draft", "review"] {
        repo.edit("agreement.toml", "status = \"final\"", &format!("status = \"{status}\""));
        repo.stage();
        let stderr = repo.commit("back to a draft").refused_with("version-unreleased");
        assert!(stderr.contains(&format!("version 1.9 was released (final) and is set back to {status}")), "{stderr}");
        repo.edit("agreement.toml", &format!("status = \"{status}\""), "status = \"final\"");
        repo.stage();
    }
    repo.bump_from("1.9", "1.10");
    repo.edit("agreement.toml", "status = \"final\"", "status = \"draft\"");
    repo.stage();
    repo.commit("1.10 begun").success();
    // Past the hook, CI's range check finds it.
    repo.git(&["branch", "base"]);
    repo.bump_from("1.10", "1.11");
    repo.edit("agreement.toml", "status = \"draft\"", "status = \"final\"");
    repo.stage();
    repo.commit("1.11 released").success();
    repo.edit("agreement.toml", "status = \"final\"", "status = \"draft\"");
    repo.stage();
    repo.commit_unchecked("1.11 wieder Entwurf");
    let range = repo.avv(&["hook", "range", "base..HEAD"]);
    assert_eq!(range.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&range.stdout).contains("version-unreleased"));
}

#[test]
fn a_customer_may_keep_an_earlier_version() {
    let repo = Repo::new();
    let customer = repo.path().join("agreements/pcvisit/customers/beispiel.toml");
    std::fs::create_dir_all(customer.parent().unwrap()).unwrap();
    std::fs::write(
        &customer,
        "schema_version = 1\n\n[instance]\nagreement = \"pcvisit\"\nversion = \"1.8\"\nstatus = \"signed\"\n\n[values.kunde]\nfirma = \"Beispiel GmbH\"\nstrasse = \"Musterweg 1\"\nort = \"01067 Dresden\"\n\n[values.weisung]\nname1 = \"Erika Muster\"\nemail1 = \"erika@beispiel.example\"\n\n[signing]\nplace = \"Dresden\"\ndate = 2024-03-04\n",
    )
    .unwrap();
    repo.stage();
    repo.commit("a customer signs 1.8").success();
    repo.bump("1.9");
    repo.edit("tom.toml", "Private Cages auf Anfrage verfügbar", "Private Cages verfügbar");
    repo.stage();
    repo.commit("1.9").success();
    // 1.8 is in git: the instance stays valid, and renders the text it signed.
    repo.avv_ok(&["validate"]);
    let render = repo.avv_ok(&["render", "agreements/pcvisit/customers/beispiel.toml", "--format", "md"]);
    let text = String::from_utf8_lossy(&render.stdout);
    assert!(text.contains("Private Cages auf Anfrage verfügbar"), "the 1.8 text");
    assert!(!text.contains("Version 1.9"), "not stamped 1.9");
    let first = String::from_utf8_lossy(&repo.git(&["rev-list", "--max-parents=0", "HEAD"]).stdout).trim().to_owned();
    assert!(text.contains(&first[..12]), "the trace line names the commit of 1.8");
    // A version that never existed is still an error.
    std::fs::write(&customer, std::fs::read_to_string(&customer).unwrap().replace("\"1.8\"", "\"1.7.9\"")).unwrap();
    let validate = repo.avv(&["validate"]);
    assert_eq!(validate.status.code(), Some(1));
    let report = String::from_utf8_lossy(&validate.stdout);
    assert!(report.contains("instance-version-unknown") && report.contains("in git: 1.8, 1.9"), "{report}");
}

/// A customer of pcvisit 1.8 who signed on 2024-03-04.
const SIGNED_CUSTOMER: &str = "schema_version = 1\n\n[instance]\nagreement = \"pcvisit\"\nversion = \"1.8\"\nstatus = \"signed\"\n\n[values.kunde]\nfirma = \"Beispiel GmbH\"\nstrasse = \"Musterweg 1\"\nort = \"01067 Dresden\"\n\n[values.weisung]\nname1 = \"Erika Muster\"\nemail1 = \"erika@beispiel.example\"\n\n[[contact]]\nname = \"Erika Muster\"\n\n[signing]\nplace = \"Dresden\"\ndate = 2024-03-04\n";

#[test]
fn a_signed_contract_changes_only_with_a_new_signature() {
    let repo = Repo::new();
    let customer = repo.path().join("agreements/pcvisit/customers/beispiel.toml");
    std::fs::create_dir_all(customer.parent().unwrap()).unwrap();
    std::fs::write(&customer, SIGNED_CUSTOMER).unwrap();
    repo.stage();
    repo.commit("a customer signs 1.8").success();
    let edit = |from: &str, to: &str| {
        let text = std::fs::read_to_string(&customer).unwrap();
        assert!(text.contains(from), "no `{from}`");
        std::fs::write(&customer, text.replacen(from, to, 1)).unwrap();
        repo.stage();
    };
    // What the contract prints, changed while it is recorded as signed.
    edit("Musterweg 1", "Musterweg 2");
    let stderr = repo.commit("Anschrift").refused_with("signed-contract-changed");
    assert!(
        stderr.contains("customer `beispiel` signed on 2024-03-04") && stderr.contains("`/values/kunde/strasse`"),
        "{stderr}"
    );
    assert!(stderr.contains("customers/beispiel.toml:10:"), "points at the value: {stderr}");
    // Recorded with the signature of the change: a new contract.
    edit("date = 2024-03-04", "date = 2024-05-02");
    repo.commit("Anschrift, neu unterzeichnet").success();
    // Its state, contacts and publication are no part of what was signed.
    edit("name = \"Erika Muster\"\n\n[signing]", "name = \"Max Muster\"\n\n[signing]");
    edit("status = \"signed\"", "status = \"terminated\"");
    repo.commit("gekündigt, neuer Ansprechpartner").success();
    // Terminated, what it was signed as still may not change.
    edit("firma = \"Beispiel GmbH\"", "firma = \"Beispiel AG\"");
    repo.commit("umfirmiert").refused_with("signed-contract-changed");
    repo.git(&["reset", "-q"]);
    repo.git(&["checkout", "--", "."]);
    // An amendment on its way to the customer is no longer recorded as signed.
    edit("status = \"terminated\"", "status = \"sent\"");
    edit("firma = \"Beispiel GmbH\"", "firma = \"Beispiel AG\"");
    repo.commit("Änderungsvertrag versandt").success();
    // Past the hook: CI's range check finds it.
    edit("status = \"sent\"", "status = \"signed\"");
    repo.commit("zurück unterzeichnet").success();
    repo.git(&["branch", "base"]);
    edit("version = \"1.8\"", "version = \"1.7\"");
    repo.commit_unchecked("andere Version");
    let range = repo.avv(&["hook", "range", "base..HEAD"]);
    assert_eq!(range.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&range.stdout);
    assert!(stdout.contains("signed-contract-changed") && stdout.contains("`/instance/version`"), "{stdout}");
    // Switched off by the policy.
    std::fs::write(repo.path().join("avv.toml"), "[hook]\nprotect_signed_contracts = false\n").unwrap();
    edit("version = \"1.7\"", "version = \"1.8\"");
    edit("Musterweg 2", "Musterweg 3");
    repo.commit("ohne Schutz").success();
}

#[test]
fn deleting_the_record_of_a_contract_in_force_is_warned_about() {
    let repo = Repo::new();
    let folder = repo.path().join("agreements/pcvisit/customers");
    std::fs::create_dir_all(&folder).unwrap();
    let numbered = SIGNED_CUSTOMER.replace("status = \"signed\"", "customer_number = \"4711\"\nstatus = \"signed\"");
    std::fs::write(folder.join("beispiel.toml"), &numbered).unwrap();
    std::fs::write(folder.join("anderer.toml"), SIGNED_CUSTOMER).unwrap();
    repo.stage();
    repo.commit("two customers sign 1.8").success();
    let warned = |committed: &Committed| {
        committed.success();
        String::from_utf8_lossy(&committed.0.stderr).contains("signed-contract-deleted")
    };
    // Kept under another name (its customer number): no deletion.
    std::fs::rename(folder.join("beispiel.toml"), folder.join("beispiel-gmbh.toml")).unwrap();
    repo.stage();
    assert!(!warned(&repo.commit("renamed")));
    // Deleted while in force: said, not refused.
    std::fs::remove_file(folder.join("anderer.toml")).unwrap();
    repo.stage();
    let committed = repo.commit("deleted");
    assert!(warned(&committed));
    let stderr = String::from_utf8_lossy(&committed.0.stderr);
    assert!(stderr.contains("customer `anderer` signed on 2024-03-04 is deleted while it is in force"), "{stderr}");
    // Terminated first, then deleted: the way a contract ends.
    let path = folder.join("beispiel-gmbh.toml");
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace("\"signed\"", "\"terminated\"")).unwrap();
    repo.stage();
    repo.commit("gekündigt").success();
    std::fs::remove_file(&path).unwrap();
    repo.stage();
    assert!(!warned(&repo.commit("gelöscht nach Ablauf der Aufbewahrung")));
}

// ---------------------------------------------------------------- every form of `git commit`

/// Breaks the TOML of subprocessors.toml in the working tree (not staged).
fn break_toml(repo: &Repo) {
    repo.edit("subprocessors.toml", "country = \"US\"", "country = \"US");
}

#[test]
fn commit_all_checks_what_it_commits() {
    let repo = Repo::new();
    repo.bump("1.9");
    repo.stage();
    break_toml(&repo);
    // `git commit -a` stages the broken file into a temporary index.
    let output = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-a", "-m", "all"])
        .current_dir(repo.path())
        .env("PATH", path_with_avv())
        .output()
        .unwrap();
    Committed(output).refused_with("subprocessors.toml");
}

fn commit_with(repo: &Repo, args: &[&str]) -> Committed {
    let mut command = Command::new("git");
    command.args(["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q"]).args(args);
    Committed(command.current_dir(repo.path()).env("PATH", path_with_avv()).output().unwrap())
}

#[test]
fn commit_of_a_path_checks_that_path() {
    let repo = Repo::new();
    break_toml(&repo);
    commit_with(&repo, &["-m", "path", "--", "agreements/pcvisit/subprocessors.toml"])
        .refused_with("subprocessors.toml");
    commit_with(&repo, &["--only", "-m", "only", "agreements/pcvisit/subprocessors.toml"])
        .refused_with("subprocessors.toml");
}

#[test]
fn commit_include_checks_the_included_path() {
    let repo = Repo::new();
    repo.bump("1.9");
    repo.stage();
    break_toml(&repo);
    commit_with(&repo, &["-i", "-m", "include", "agreements/pcvisit/subprocessors.toml"])
        .refused_with("subprocessors.toml");
}

#[test]
fn commit_amend_checks_the_amended_commit() {
    let repo = Repo::new();
    repo.bump("1.9");
    repo.stage();
    repo.commit("1.9").success();
    break_toml(&repo);
    repo.stage();
    commit_with(&repo, &["--amend", "-m", "1.9 amended"]).refused_with("subprocessors.toml");
}

/// A valid 1.9 with a text change, committed.
fn commit_1_9(repo: &Repo) {
    repo.bump("1.9");
    repo.edit("tom.toml", "Private Cages auf Anfrage verfügbar", "Private Cages auf Anfrage jederzeit verfügbar");
    repo.stage();
    repo.commit("1.9").success();
}

#[test]
fn an_amend_is_checked_against_the_commit_it_follows() {
    // Amending 1.9 back to version 1.8 keeps its text change: from 1.8 to
    // the amended commit the content changes without a new version.
    let repo = Repo::new();
    commit_1_9(&repo);
    repo.bump_from("1.9", "1.8");
    repo.stage();
    commit_with(&repo, &["--amend", "-m", "1.9 amended"]).refused_with("version-not-bumped");
    // Through an alias git runs as a process of its own, and abbreviated.
    repo.git(&["config", "alias.fix", "commit --amend --no-edit"]);
    let output = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "fix", "-q"])
        .current_dir(repo.path())
        .env("PATH", path_with_avv())
        .output()
        .unwrap();
    Committed(output).refused_with("version-not-bumped");
    commit_with(&repo, &["--am", "-m", "1.9 amended"]).refused_with("version-not-bumped");
    // Past the hook, CI's range check finds the same.
    repo.git(&["commit", "-q", "--amend", "--no-verify", "-m", "1.9 amended"]);
    let range = repo.avv(&["hook", "range", "HEAD~1..HEAD"]);
    assert_eq!(range.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&range.stdout).contains("version-not-bumped"));
}

#[test]
fn a_good_amend_is_not_refused() {
    // One more word in the amended 1.9: from 1.8 it is still a new version.
    let repo = Repo::new();
    commit_1_9(&repo);
    repo.edit("tom.toml", "Private Cages auf Anfrage jederzeit verfügbar", "Private Cages auf Anfrage stets verfügbar");
    repo.stage();
    commit_with(&repo, &["--amend", "-m", "1.9 amended"]).success();
    // A new commit of the same change is refused: against 1.9 it has no version of its own.
    repo.edit("tom.toml", "Private Cages auf Anfrage stets verfügbar", "Private Cages auf Anfrage verfügbar");
    repo.stage();
    commit_with(&repo, &["-m", "--amend"]).refused_with("version-not-bumped");
}

#[test]
fn a_version_that_goes_back_is_refused() {
    let repo = Repo::new();
    commit_1_9(&repo);
    // Back to a number already published, with new text.
    repo.bump_from("1.9", "1.8");
    repo.edit("tom.toml", "Private Cages auf Anfrage jederzeit verfügbar", "Private Cages verfügbar");
    repo.stage();
    let stderr = repo.commit("back to 1.8").refused_with("version-order");
    assert!(stderr.contains("goes from 1.9 back to 1.8"), "{stderr}");
    // What a revert of a version needs instead.
    assert!(stderr.contains("to undo version 1.9, as `git revert` does, publish the earlier text as a new version"));
    // Below it, too.
    repo.bump_from("1.8", "1.7");
    repo.stage();
    repo.commit("1.7").refused_with("version-order");
    repo.commit_unchecked("1.7");
    let range = repo.avv(&["hook", "range", "HEAD~1..HEAD"]);
    assert_eq!(range.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&range.stdout).contains("version-order"));
}

#[test]
fn deleting_or_renaming_agreement_toml_is_refused() {
    for rename in [false, true] {
        let repo = Repo::new();
        let file = "agreements/pcvisit/agreement.toml";
        match rename {
            false => repo.git(&["rm", "-q", file]),
            true => repo.git(&["mv", file, "agreements/pcvisit/vertrag.toml"]),
        };
        let stderr = repo.commit("no agreement.toml").refused_with("missing-agreement-file");
        assert_eq!(stderr.contains("unknown-file"), rename, "{stderr}");
        repo.commit_unchecked("no agreement.toml");
        let range = repo.avv(&["hook", "range", "HEAD~1..HEAD"]);
        assert_eq!(range.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&range.stdout).contains("missing-agreement-file"));
    }
    // Deleting the whole folder retires the agreement: that is allowed
    // (with a warning, `agreement_deleted_*` below).
    let repo = Repo::new();
    repo.git(&["rm", "-q", "-r", "agreements/pcvisit"]);
    repo.commit("retired").success();
}

/// The warning of a deleted agreement, as the hook gives it.
const DELETED: &str = "warning[agreement-deleted]: `agreements/pcvisit` is deleted, but its version 1.8 was released";

/// Deleting a released agreement passes with a warning, in every way a
/// commit can delete it, and `deny_warnings` refuses it; the range check
/// names the commit.
#[test]
fn agreement_deleted_with_a_released_version_is_warned_about() {
    type Delete = fn(&Repo) -> Committed;
    let forms: [(&str, Delete); 4] = [
        ("git rm -r", |repo| {
            repo.git(&["rm", "-q", "-r", "agreements/pcvisit"]);
            repo.commit("weg")
        }),
        ("commit -a", |repo| {
            std::fs::remove_dir_all(repo.path().join("agreements/pcvisit")).unwrap();
            commit_with(repo, &["-a", "-m", "weg"])
        }),
        ("commit <path>", |repo| {
            std::fs::remove_dir_all(repo.path().join("agreements/pcvisit")).unwrap();
            commit_with(repo, &["-m", "weg", "--", "agreements/pcvisit"])
        }),
        ("withdrawn first", |repo| {
            repo.edit("agreement.toml", "status = \"final\"", "status = \"withdrawn\"");
            repo.stage();
            repo.commit("zurückgezogen").success();
            repo.git(&["rm", "-q", "-r", "agreements/pcvisit"]);
            repo.commit("weg")
        }),
    ];
    for (form, delete) in forms {
        let repo = Repo::new();
        repo.git(&["branch", "base"]);
        let committed = delete(&repo);
        committed.success();
        let stderr = String::from_utf8_lossy(&committed.0.stderr);
        assert!(stderr.contains(DELETED), "{form}: {stderr}");
        assert!(stderr.contains("set `status = \"withdrawn\"`"), "{form}: {stderr}");
        assert!(stderr.contains("list `pcvisit` in that agreement's `meta.previous_ids`"), "{form}: {stderr}");
        assert!(!repo.path().join("agreements/pcvisit").exists(), "{form}: the commit went through");
        let range = repo.avv(&["hook", "range", "base..HEAD"]);
        let stdout = String::from_utf8_lossy(&range.stdout);
        assert_eq!(range.status.code(), Some(0), "{form}: a warning does not fail the range: {stdout}");
        assert_eq!(stdout.matches("agreement-deleted").count(), 1, "{form}: {stdout}");
        assert!(stdout.contains(DELETED.trim_start_matches("warning[agreement-deleted]: ")), "{form}: {stdout}");
    }
    // Warnings refuse when the policy says so.
    let repo = Repo::new();
    std::fs::write(repo.path().join("avv.toml"), "schema_version = 1\n\n[hook]\ndeny_warnings = true\n").unwrap();
    repo.git(&["add", "avv.toml"]);
    repo.commit("policy").success();
    repo.git(&["rm", "-q", "-r", "agreements/pcvisit"]);
    repo.commit("weg").refused_with("agreement-deleted");
}

/// No warning where nothing published is lost: a rename (by git's
/// detection or by `previous_ids`), an agreement never released, a commit
/// that does not delete.
#[test]
fn agreement_deleted_is_not_said_of_a_rename_or_a_draft() {
    // Renamed, with `previous_ids`, and with the id changed alone (git's
    // rename detection pairs the folders).
    for previous_ids in [true, false] {
        let repo = Repo::new();
        repo.git(&["branch", "base"]);
        repo.git(&["mv", "agreements/pcvisit", "agreements/pcvisit-avv"]);
        let folder = repo.path().join("agreements/pcvisit-avv");
        if previous_ids {
            rename_id(&folder, "pcvisit", "pcvisit-avv");
        } else {
            let agreement = folder.join("agreement.toml");
            let text = std::fs::read_to_string(&agreement).unwrap();
            std::fs::write(&agreement, text.replacen("id = \"pcvisit\"\n", "id = \"pcvisit-avv\"\n", 1)).unwrap();
        }
        repo.stage();
        let committed = repo.commit("umbenannt");
        committed.success();
        let stderr = String::from_utf8_lossy(&committed.0.stderr);
        assert!(!stderr.contains("agreement-deleted"), "previous_ids {previous_ids}: {stderr}");
        let range = repo.avv(&["hook", "range", "base..HEAD"]);
        assert!(!String::from_utf8_lossy(&range.stdout).contains("agreement-deleted"), "previous_ids {previous_ids}");
    }
    // An agreement that was only ever a draft.
    let repo = Repo::new();
    repo.avv_ok(&["new", "agreement", "muster"]);
    repo.stage();
    repo.commit("Entwurf").success();
    repo.git(&["rm", "-q", "-r", "agreements/muster"]);
    let committed = repo.commit("Entwurf verworfen");
    committed.success();
    let stderr = String::from_utf8_lossy(&committed.0.stderr);
    assert!(!stderr.contains("agreement-deleted"), "{stderr}");
    // Deleting another agreement says nothing of pcvisit.
    assert!(!stderr.contains("agreements/pcvisit"), "{stderr}");
}

#[test]
fn an_instance_in_a_folder_inside_customers_is_reported() {
    let repo = Repo::new();
    let nested = repo.path().join("agreements/pcvisit/customers/sub");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(nested.join("k.toml"), "broken = [\n").unwrap();
    repo.stage();
    let output = repo.commit("nested");
    output.success();
    let stderr = String::from_utf8_lossy(&output.0.stderr);
    assert!(stderr.contains("unknown-file") && stderr.contains("customers/sub"), "{stderr}");
    let validate = repo.avv(&["validate"]);
    let report = String::from_utf8_lossy(&validate.stdout);
    assert!(report.contains("unknown-file") && report.contains("customers/sub"), "{report}");
}

#[test]
fn partial_staging_checks_the_staged_hunks_only() {
    let repo = Repo::new();
    // Two changes in one file: a valid one staged, a broken one left in the work tree.
    repo.bump("1.9");
    repo.stage();
    repo.edit("tom.toml", "Private Cages auf Anfrage verfügbar", "Private Cages jederzeit auf Anfrage verfügbar");
    let tom = repo.path().join("agreements/pcvisit/tom.toml");
    let text = std::fs::read_to_string(&tom).unwrap();
    std::fs::write(&tom, format!("{text}\n[[retired]]\nid = \"x\"\n")).unwrap();
    // `git add -p`: take the first hunk, leave the second.
    let mut add = Command::new("git")
        .args(["add", "-p", "agreements/pcvisit/tom.toml"])
        .current_dir(repo.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    add.stdin.take().unwrap().write_all(b"y\nn\n").unwrap();
    assert!(add.wait().unwrap().success());
    repo.commit("1.9, the valid hunk").success();
    // The broken hunk, staged, is refused.
    repo.stage();
    repo.commit("the rest").refused_with("tom.toml");
}

#[test]
fn the_staged_policy_counts_not_the_working_tree_one() {
    let repo = Repo::new();
    // A looser policy on disk, not staged: the committed default still applies.
    std::fs::write(repo.path().join("avv.toml"), "schema_version = 1\n\n[hook]\nrequire_version_bump = false\n")
        .unwrap();
    repo.edit("tom.toml", "Private Cages auf Anfrage verfügbar", "Private Cages verfügbar");
    repo.git(&["add", "agreements"]);
    repo.commit("no version, policy not staged").refused_with("version-not-bumped");
    // A broken policy staged is reported from the staged text.
    std::fs::write(repo.path().join("avv.toml"), "schema_version = 1\n[hook\n").unwrap();
    repo.git(&["add", "avv.toml"]);
    repo.commit("broken policy").refused_with("avv.toml:");
}

#[test]
fn the_hook_works_in_a_shallow_clone() {
    let repo = Repo::new();
    repo.bump("1.9");
    repo.stage();
    repo.commit("1.9").success();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let output = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url, "shallow"])
        .current_dir(clone.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let shallow = Repo { dir: clone };
    let path = shallow.path().join("shallow");
    let hook = Command::new(AVV).args(["hook", "pre-commit"]).current_dir(&path).output().unwrap();
    assert!(hook.status.success(), "{}", String::from_utf8_lossy(&hook.stderr));
    // A content change without a new version is still refused there.
    let tom = path.join("agreements/pcvisit/tom.toml");
    let text = std::fs::read_to_string(&tom).unwrap();
    std::fs::write(&tom, text.replacen("Private Cages auf Anfrage verfügbar", "Private Cages verfügbar", 1)).unwrap();
    Command::new("git").args(["add", "-A"]).current_dir(&path).output().unwrap();
    let hook = Command::new(AVV).args(["hook", "pre-commit"]).current_dir(&path).env("NO_COLOR", "1").output().unwrap();
    assert_eq!(hook.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&hook.stderr).contains("version-not-bumped"));
    // An imported row for a version after HEAD's is refused without the
    // history (the walk cannot say where the record starts).
    let agreement = path.join("agreements/pcvisit/agreement.toml");
    let text = std::fs::read_to_string(&agreement).unwrap();
    let text = text.replacen("version = \"1.9\"", "version = \"1.10\"", 1).replacen(
        "[[history.row]]\nversion = \"1.0\"",
        "[[history.row]]\nversion = \"1.10\"\nstatus = \"final\"\nresponsible = \"DSB\"\nchange = \"x\"\n\n[[history.row]]\nversion = \"1.0\"",
        1,
    );
    std::fs::write(&agreement, text).unwrap();
    Command::new("git").args(["add", "-A"]).current_dir(&path).output().unwrap();
    let hook = Command::new(AVV).args(["hook", "pre-commit"]).current_dir(&path).env("NO_COLOR", "1").output().unwrap();
    let stderr = String::from_utf8_lossy(&hook.stderr);
    assert!(
        stderr.contains("imported-row-after-start") && stderr.contains("after 1.9, the version before this commit"),
        "{stderr}"
    );
    // History commands keep their clear error.
    let history = Command::new(AVV).args(["history", "pcvisit"]).current_dir(&path).output().unwrap();
    assert_eq!(history.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&history.stderr).contains("shallow"));
}

#[test]
fn a_locked_text_is_refused_until_the_lock_is_lifted_on_its_own() {
    const TITLE: &str = "title = \"Gegenstand dieser Vereinbarung und Laufzeit\"";
    let repo = Repo::new();
    repo.edit("agreement.toml", TITLE, &format!("{TITLE}\nlocked = true"));
    repo.bump("1.9");
    repo.stage();
    repo.commit("1.9: Punkt 1 gesperrt").success();
    // The text of a sub-clause of the locked clause changes.
    repo.edit("agreement.toml", "Diese Vereinbarung konkretisiert", "Diese Vereinbarung regelt");
    repo.bump_from("1.9", "1.10");
    repo.stage();
    let stderr = repo.commit("1.10").refused_with("locked-text-changed");
    assert!(stderr.contains("agreements/pcvisit/agreement.toml:"), "{stderr}");
    assert!(stderr.contains("gegenstand-vereinbarung"), "{stderr}");
    assert!(stderr.contains("lift the lock"), "{stderr}");
    // Lifting the lock in the same commit does not open it.
    repo.edit("agreement.toml", "locked = true", "locked = false");
    repo.stage();
    repo.commit("1.10, Sperre aufgehoben").refused_with("locked-text-changed");
    // The lock lifted on its own goes through, and is in the record.
    repo.edit("agreement.toml", "Diese Vereinbarung regelt", "Diese Vereinbarung konkretisiert");
    repo.stage();
    repo.commit("1.10: Sperre aufgehoben").success();
    let history = repo.avv(&["history", "pcvisit", "--format", "markdown"]);
    let table = String::from_utf8_lossy(&history.stdout);
    assert!(table.contains("Aufhebung der Sperre Punkt 1 AVV"), "{table}");
    // Then the text may change.
    repo.edit("agreement.toml", "Diese Vereinbarung konkretisiert", "Diese Vereinbarung regelt");
    repo.bump_from("1.10", "1.11");
    repo.stage();
    repo.commit("1.11").success();
}

#[test]
fn ci_finds_what_the_hook_would_have_refused_in_any_commit_of_a_range() {
    let repo = Repo::new();
    repo.git(&["branch", "base"]);
    // A valid commit, then one past the hook that changes content without a new version.
    repo.bump("1.9");
    repo.edit("agreement.toml", "date = 2024-02-29", "date = 2024-03-01");
    repo.edit("tom.toml", "Private Cages auf Anfrage verfügbar", "Private Cages auf Anfrage jederzeit verfügbar");
    repo.stage();
    repo.commit("1.9").success();
    let clean = repo.avv_ok(&["hook", "range", "base..HEAD"]);
    assert_eq!(String::from_utf8_lossy(&clean.stdout), "ok: 1 commit checked\n");
    // A loosened policy in the pull request does not count: the base's does.
    std::fs::write(repo.path().join("avv.toml"), "[hook]\nrequire_version_bump = false\n").unwrap();
    repo.edit("tom.toml", "Private Cages auf Anfrage jederzeit verfügbar", "Private Cages verfügbar");
    repo.stage();
    repo.commit_unchecked("Käfige ohne neue Version");

    let output = repo.avv(&["hook", "range", "base...HEAD"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Käfige ohne neue Version"), "names the commit: {stdout}");
    assert!(stdout.contains("version-not-bumped"), "{stdout}");
    assert!(stdout.contains("agreements/pcvisit/"), "{stdout}");
    assert!(stdout.ends_with("1 of 2 commits would have been refused by the hook\n"), "{stdout}");
    let headers: Vec<&str> = stdout.lines().filter(|l| l.starts_with("commit ")).collect();
    assert_eq!(headers.len(), 1, "the clean commit shows nothing: {stdout}");
    // For CI: annotations on the files.
    let github = repo.avv(&["hook", "range", "base...HEAD", "--format", "github"]);
    assert_eq!(github.status.code(), Some(1));
    let annotations = String::from_utf8_lossy(&github.stdout);
    assert!(annotations.starts_with("::error file=agreements/pcvisit/"), "{annotations}");
    // Not a range: a usage error.
    let bad = repo.avv(&["hook", "range", "HEAD"]);
    assert_eq!(bad.status.code(), Some(2), "{}", String::from_utf8_lossy(&bad.stderr));
    let unknown = repo.avv(&["hook", "range", "nirgends..HEAD"]);
    assert_eq!(unknown.status.code(), Some(2), "{}", String::from_utf8_lossy(&unknown.stderr));
}

#[test]
fn ci_checks_a_locked_text_changed_past_the_hook() {
    const TITLE: &str = "title = \"Gegenstand dieser Vereinbarung und Laufzeit\"";
    let repo = Repo::new();
    repo.edit("agreement.toml", TITLE, &format!("{TITLE}\nlocked = true"));
    repo.bump("1.9");
    repo.stage();
    repo.commit("1.9: Punkt 1 gesperrt").success();
    repo.git(&["branch", "base"]);
    repo.edit("agreement.toml", "Diese Vereinbarung konkretisiert", "Diese Vereinbarung regelt");
    repo.edit("agreement.toml", "locked = true", "locked = false");
    repo.bump_from("1.9", "1.10");
    repo.stage();
    repo.commit_unchecked("1.10 am Hook vorbei");
    // A merge of the base into the branch changes no agreement beyond its
    // sides: nothing of its own to refuse; its sides are checked.
    repo.git(&["checkout", "-q", "base"]);
    std::fs::write(repo.path().join("NOTES.md"), "Notizen\n").unwrap();
    repo.git(&["add", "NOTES.md"]);
    repo.commit("Notizen").success();
    repo.git(&["checkout", "-q", "-"]);
    let merge = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "merge", "-q", "--no-edit", "base"])
        .current_dir(repo.path())
        .env("PATH", path_with_avv())
        .output()
        .unwrap();
    assert!(merge.status.success(), "{}", String::from_utf8_lossy(&merge.stderr));
    let output = repo.avv(&["hook", "range", "base~1..HEAD"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("locked-text-changed"), "{stdout}");
    assert!(stdout.contains("1 of 3 commits would have been refused"), "{stdout}");
    assert!(stdout.contains("1 merge commit, checked for what neither side had"), "{stdout}");
}

/// Merges made past the hook: one that edits the text on its own (an "evil
/// merge") and one whose sides pass but whose union does not (the same id
/// on both sides) are refused; an ordinary merge of checked commits is not.
#[test]
fn ci_checks_what_a_merge_adds_of_its_own() {
    let merge = |repo: &Repo, branch: &str| {
        let output = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "merge", "-q", "--no-commit", branch])
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    let branch_off = |repo: &Repo| {
        repo.git(&["branch", "start"]);
        repo.git(&["branch", "base"]);
        repo.git(&["checkout", "-q", "-b", "feature"]);
        repo.edit("agreement.toml", "Diese Vereinbarung konkretisiert", "Diese Vereinbarung regelt");
        repo.bump("1.9");
        repo.stage();
        repo.commit("1.9").success();
        repo.git(&["checkout", "-q", "base"]);
        std::fs::write(repo.path().join("NOTES.md"), "Notizen\n").unwrap();
        repo.git(&["add", "NOTES.md"]);
        repo.commit("Notizen").success();
    };
    // An ordinary merge: nothing of its own.
    let repo = Repo::new();
    branch_off(&repo);
    merge(&repo, "feature");
    repo.commit_unchecked("Merge feature");
    let output = repo.avv(&["hook", "range", "start..HEAD"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("ok: 3 commits checked (1 merge commit"), "{stdout}");
    // The same merge with a text edit of its own, no new version.
    let repo = Repo::new();
    branch_off(&repo);
    merge(&repo, "feature");
    repo.edit("agreement.toml", "Diese Vereinbarung regelt", "Diese Vereinbarung bestimmt");
    repo.stage();
    repo.commit_unchecked("Merge feature");
    let output = repo.avv(&["hook", "range", "start..HEAD"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("Merge feature") && stdout.contains("version-not-bumped"), "{stdout}");
    assert!(stdout.contains("1 of 3 commits would have been refused"), "{stdout}");
    // Both sides add a sub-processor with the same id: each passes, the
    // merge holds the id twice.
    let repo = Repo::new();
    repo.git(&["branch", "base"]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    add_subprocessor_copy(&repo, "Links", true);
    repo.bump("1.9");
    repo.stage();
    repo.commit_unchecked("1.9 links");
    repo.git(&["checkout", "-q", "base"]);
    repo.git(&["checkout", "-q", "-b", "other"]);
    add_subprocessor_copy(&repo, "Rechts", false);
    repo.bump("1.9");
    repo.stage();
    repo.commit_unchecked("1.9 rechts");
    let each = repo.avv(&["hook", "range", "base..feature"]);
    assert_eq!(each.status.code(), Some(0), "{}", String::from_utf8_lossy(&each.stdout));
    let each = repo.avv(&["hook", "range", "base..HEAD"]);
    assert_eq!(each.status.code(), Some(0), "{}", String::from_utf8_lossy(&each.stdout));
    let merged = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "merge", "-q", "--no-verify", "--no-edit"])
        .arg("feature")
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    let output = repo.avv(&["hook", "range", "base..HEAD"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("duplicate-id"), "{stdout}");
    assert!(stdout.contains("1 of 3 commits would have been refused"), "{stdout}");
}

/// Adds a copy of the first sub-processor under the id `doppelt`, named
/// after `name`: first in the list or last. One side putting it first and
/// the other last, git merges both without a conflict.
fn add_subprocessor_copy(repo: &Repo, name: &str, first: bool) {
    let list = repo.path().join("agreements/pcvisit/subprocessors.toml");
    let text = std::fs::read_to_string(&list).unwrap();
    let start = text.find("[[subprocessor]]").expect("a sub-processor");
    let next = text[start + 1..].find("[[subprocessor]]").map_or(text.len(), |n| start + 1 + n);
    let entry = text[start..next].to_owned();
    let id = entry.lines().find(|l| l.starts_with("id = ")).expect("an id").to_owned();
    let copy = entry.replacen(&id, "id = \"doppelt\"", 1).replacen("name = \"", &format!("name = \"{name} "), 1);
    let text = if first { format!("{}{copy}\n{}", &text[..start], &text[start..]) } else { format!("{text}\n{copy}") };
    std::fs::write(&list, text).unwrap();
}

/// Two branches that each pass, git merging them without a conflict: the
/// pre-merge-commit hook refuses the result that holds one id twice (the
/// pre-commit hook never runs for such a merge); an ordinary merge passes.
#[test]
fn the_merge_hook_checks_what_git_merges_itself() {
    let repo = Repo::new();
    assert!(repo.path().join(".git/hooks/pre-merge-commit").is_file(), "installed with the pre-commit hook");
    repo.git(&["branch", "base"]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    add_subprocessor_copy(&repo, "Links", true);
    repo.bump("1.9");
    repo.stage();
    repo.commit("1.9 links").success();
    repo.git(&["checkout", "-q", "base"]);
    repo.git(&["checkout", "-q", "-b", "other"]);
    add_subprocessor_copy(&repo, "Rechts", false);
    repo.bump("1.9");
    repo.stage();
    repo.commit("1.9 rechts").success();
    let merge = |branch: &str| {
        Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "merge", "--no-edit", branch])
            .current_dir(repo.path())
            .env("PATH", path_with_avv())
            .output()
            .unwrap()
    };
    let refused = merge("feature");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    assert!(stderr.contains("duplicate-id") && stderr.contains("merge refused"), "{stderr}");
    assert!(repo.path().join(".git/MERGE_HEAD").exists(), "the merge waits to be fixed or aborted");
    repo.git(&["merge", "--abort"]);
    // An ordinary merge: a branch with a note only.
    repo.git(&["checkout", "-q", "-b", "notes", "base"]);
    std::fs::write(repo.path().join("NOTES.md"), "Notizen\n").unwrap();
    repo.git(&["add", "NOTES.md"]);
    repo.commit("Notizen").success();
    repo.git(&["checkout", "-q", "other"]);
    let merged = merge("notes");
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
}

/// Deleting an agreement in one commit and adding it back changed in the
/// next is one change: a TOM measure removed without a justification and
/// without a new version is refused by the hook and by the range check.
#[test]
fn an_agreement_deleted_and_added_back_is_held_to_the_policy() {
    let saved = tempfile::tempdir().unwrap();
    for (checked, name) in [(true, "hook"), (false, "range")] {
        let repo = Repo::new();
        repo.git(&["branch", "base"]);
        copy_dir(&repo.path().join("agreements/pcvisit"), &saved.path().join(name));
        repo.git(&["rm", "-q", "-r", "agreements/pcvisit"]);
        repo.commit("pcvisit zurückgezogen").success();
        copy_dir(&saved.path().join(name), &repo.path().join("agreements/pcvisit"));
        let tom = repo.path().join("agreements/pcvisit/tom.toml");
        let text = std::fs::read_to_string(&tom).unwrap();
        let line = text.lines().find(|l| l.contains("id = \"rz-private-cages\"")).expect("the measure").to_owned();
        std::fs::write(&tom, text.replacen(&format!("{line}\n"), "", 1)).unwrap();
        repo.stage();
        if checked {
            let stderr = repo.commit("pcvisit wieder da, ohne Private Cages").refused_with("version-not-bumped");
            assert!(stderr.contains("rz-private-cages"), "{stderr}");
        } else {
            repo.commit_unchecked("pcvisit wieder da, ohne Private Cages");
            let output = repo.avv(&["hook", "range", "base..HEAD"]);
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert_eq!(output.status.code(), Some(1), "{stdout}");
            assert!(stdout.contains("version-not-bumped") && stdout.contains("rz-private-cages"), "{stdout}");
        }
    }
}

/// Rendered customer contracts (avv's private output, marked
/// `.avv-private`) and notice letters (marked `.avv-letters`) are never
/// committed: staged with their marker, or
/// without it while the marker is on disk; the range check names a commit
/// that added them past the hook.
#[test]
fn customer_contracts_rendered_by_avv_are_not_committed() {
    let repo = Repo::new();
    repo.git(&["branch", "base"]);
    let private = repo.path().join("private/trafficplex");
    std::fs::create_dir_all(&private).unwrap();
    std::fs::write(repo.path().join("private/.avv-private"), "").unwrap();
    std::fs::write(private.join("kunde-4711.pdf"), "%PDF-").unwrap();
    std::fs::write(private.join("kunde-4711.md"), "# Vertrag Müller\n").unwrap();
    // Everything, marker included.
    repo.stage();
    let stderr = repo.commit("alles").refused_with("private-output-committed");
    assert!(stderr.contains("3 files from it") && stderr.contains("git rm -r --cached private"), "{stderr}");
    // The documents alone; the marker stays on disk.
    repo.git(&["reset", "-q"]);
    repo.git(&["add", "private/trafficplex"]);
    repo.commit("nur die Verträge").refused_with("private-output-committed");
    // Past the hook, marker and all: the range check names the commit,
    // also where the marker is not on disk (a CI checkout).
    repo.stage();
    repo.commit_unchecked("am Hook vorbei");
    std::fs::remove_file(repo.path().join("private/.avv-private")).unwrap();
    let output = repo.avv(&["hook", "range", "base..HEAD"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("private-output-committed"), "{stdout}");
    // Notice letters to customers (`avv notice --letters`), marked
    // `.avv-letters`: refused the same way, with and without the marker.
    repo.git(&["reset", "-q", "--hard", "base"]);
    let letters = repo.path().join("mitteilungen");
    std::fs::create_dir_all(&letters).unwrap();
    std::fs::write(letters.join(".avv-letters"), "").unwrap();
    std::fs::write(letters.join("kunde-4711.md"), "Müller GmbH  \nKd-Nr. 4711\n").unwrap();
    repo.stage();
    let stderr = repo.commit("Briefe").refused_with("private-output-committed");
    assert!(stderr.contains("`mitteilungen/` is avv's private output"), "{stderr}");
    repo.git(&["reset", "-q"]);
    repo.git(&["add", "mitteilungen/kunde-4711.md"]);
    repo.commit("ein Brief").refused_with("private-output-committed");
    repo.git(&["reset", "-q"]);
    std::fs::remove_dir_all(&letters).unwrap();
    // Other files beside agreements pass.
    repo.git(&["reset", "-q", "--hard", "base"]);
    std::fs::write(repo.path().join("NOTES.md"), "Notizen\n").unwrap();
    repo.git(&["add", "NOTES.md"]);
    repo.commit("Notizen").success();
}

/// A TOM annex that does not load (a schema error in a new section) is
/// refused for that error alone: it does not read as every measure
/// removed.
#[test]
fn a_file_that_does_not_load_is_its_error_not_a_removal() {
    let repo = Repo::new();
    let tom = repo.path().join("agreements/pcvisit/tom.toml");
    let mut text = std::fs::read_to_string(&tom).unwrap();
    text.push_str("\n[[section]]\nid = \"neu\"\nnum = \"9.\"\ntitle = \"Neu\"\nobjective = [\"integrity\"]\ncontrol = [\"keine-kontrolle\"]\nmeasure = [{ id = \"p\", text = \"P.\" }]\n");
    std::fs::write(&tom, text).unwrap();
    repo.stage();
    let committed = repo.commit("ein kaputter Abschnitt");
    let stderr = String::from_utf8_lossy(&committed.0.stderr).into_owned();
    assert!(!committed.0.status.success(), "{stderr}");
    assert!(stderr.contains("keine-kontrolle"), "the load error is named: {stderr}");
    assert!(!stderr.contains("measure-removed-without-justification"), "{stderr}");
}

/// A merge with a conflict (outside the agreements) concluded by `git
/// commit` runs the pre-commit hook: it is held to what the merge adds of
/// its own, not to the other side's history against HEAD. Main weakened a
/// measure in 1.1 with its justification and went on to 1.2; the branch
/// merging main must not be refused for main's 1.1. An edit of the merge's
/// own is still refused.
#[test]
fn a_merge_with_conflicts_concluded_by_commit_is_held_to_its_own_edits() {
    for own_edit in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        let run = |program: &str, args: &[&str]| {
            Command::new(program)
                .args(args)
                .current_dir(path)
                .env("PATH", path_with_avv())
                .env("GIT_AUTHOR_NAME", "T")
                .env("GIT_AUTHOR_EMAIL", "t@example.org")
                .env("GIT_COMMITTER_NAME", "T")
                .env("GIT_COMMITTER_EMAIL", "t@example.org")
                .output()
                .unwrap()
        };
        let ok = |output: Output| {
            assert!(
                output.status.success(),
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        };
        let edit = |file: &str, from: &str, to: &str| {
            let file = path.join("agreements/rocon").join(file);
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(text.contains(from), "{from}");
            std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
        };
        ok(run("git", &["init", "-q", "-b", "main"]));
        copy_dir(&workspace().join("agreements/rocon"), &path.join("agreements/rocon"));
        std::fs::write(path.join("README.md"), "readme\n").unwrap();
        ok(run("git", &["add", "-A"]));
        ok(run("git", &["commit", "-q", "-m", "init"]));
        ok(run(AVV, &["hooks", "install"]));
        ok(run("git", &["checkout", "-q", "-b", "feat"]));
        std::fs::write(path.join("README.md"), "readme\nfeat\n").unwrap();
        ok(run("git", &["commit", "-q", "-am", "feat"]));
        ok(run("git", &["checkout", "-q", "main"]));
        std::fs::write(path.join("README.md"), "readme\nmain\n").unwrap();
        ok(run("git", &["commit", "-q", "-am", "main"]));
        // 1.1 weakens a measure, with its justification.
        edit("agreement.toml", "version = \"1.0\"", "version = \"1.1\"");
        edit("tom.toml", " Personenbezogene Daten werden nicht in externe Rechenzentren bzw. Clouds übertragen.", "");
        let tom = path.join("agreements/rocon/tom.toml");
        let mut text = std::fs::read_to_string(&tom).unwrap();
        text.push_str("\n[[justification]]\ntarget = \"zutrittskontrolle-serverraeume\"\nversion = \"1.1\"\nkind = \"scope-narrowed\"\nreason = \"Externe Rechenzentren nur mit AVV und ISO 27001.\"\n");
        std::fs::write(&tom, text).unwrap();
        ok(run("git", &["commit", "-q", "-am", "rocon 1.1"]));
        edit("agreement.toml", "version = \"1.1\"", "version = \"1.2\"");
        edit("agreement.toml", "Weisungen der Auftraggeberin", "Weisungsrecht der Auftraggeberin");
        ok(run("git", &["commit", "-q", "-am", "rocon 1.2"]));
        ok(run("git", &["checkout", "-q", "feat"]));
        let merge = run("git", &["merge", "-q", "main"]);
        assert!(!merge.status.success(), "README conflicts");
        std::fs::write(path.join("README.md"), "readme\nfeat\nmain\n").unwrap();
        if own_edit {
            edit("agreement.toml", "Weisungsrecht der Auftraggeberin", "Weisungsbefugnis der Auftraggeberin");
        }
        ok(run("git", &["add", "-A"]));
        let concluded = run("git", &["commit", "--no-edit"]);
        let stderr = String::from_utf8_lossy(&concluded.stderr).into_owned();
        if own_edit {
            assert!(!concluded.status.success() && stderr.contains("version-not-bumped"), "{stderr}");
        } else {
            assert!(concluded.status.success(), "the merge of checked commits was refused:\n{stderr}");
        }
    }
}

#[test]
fn the_hook_checks_speak_json_for_tools() {
    let repo = Repo::new();
    repo.git(&["branch", "base"]);
    repo.edit("tom.toml", "Private Cages auf Anfrage verfügbar", "Private Cages verfügbar");
    repo.stage();
    // What is staged: refused, as JSON on stdout.
    let output = repo.avv(&["hook", "pre-commit", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    assert_eq!(value["version"], 1);
    assert_eq!(value["refused"], true);
    assert_eq!(value["agreements"], serde_json::json!(["pcvisit"]));
    assert_eq!(value["diagnostics"][0]["code"], "version-not-bumped");
    // The same change committed past the hook, as a range.
    repo.commit_unchecked("ohne neue Version");
    let output = repo.avv(&["hook", "range", "base..HEAD", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    assert_eq!(value["refused"], 1);
    assert_eq!(value["merges"], 0);
    let commit = &value["commits"][0];
    assert_eq!(commit["subject"], "ohne neue Version");
    assert_eq!(commit["refused"], true);
    assert_eq!(commit["agreements"], serde_json::json!(["pcvisit"]));
    assert_eq!(commit["diagnostics"][0]["code"], "version-not-bumped");
    assert_eq!(commit["diagnostics"][0]["file"], "agreements/pcvisit/agreement.toml");
}

#[test]
fn a_new_version_that_keeps_the_date_of_the_one_before_is_warned_about() {
    let repo = Repo::new();
    let commit = |message: &str| {
        let committed = repo.commit(message);
        committed.success();
        String::from_utf8_lossy(&committed.0.stderr).into_owned()
    };
    repo.bump("1.9");
    repo.edit("tom.toml", "Private Cages auf Anfrage verfügbar", "Private Cages auf Anfrage jederzeit verfügbar");
    repo.stage();
    // A warning: the commit goes through, and says why the date matters.
    let stderr = commit("1.9, date kept");
    assert!(
        stderr.contains(
            "warning[version-date-unchanged]: the agreement becomes version 1.9 but keeps the date of version 1.8 (2024-02-29)"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("agreements/pcvisit/agreement.toml:"), "{stderr}");
    repo.bump_from("1.9", "1.10");
    repo.edit("agreement.toml", "date = 2024-02-29", "date = 2024-01-15");
    repo.stage();
    let stderr = commit("1.10, dated before 1.9");
    assert!(
        stderr.contains("the agreement becomes version 1.10, dated 2024-01-15: before version 1.9 (2024-02-29)"),
        "{stderr}"
    );
    repo.bump_from("1.10", "1.11");
    repo.edit("agreement.toml", "date = 2024-01-15", "date = 2024-06-03");
    repo.stage();
    assert!(!commit("1.11, dated").contains("version-date-unchanged"));
    // A draft's date may wait for its release.
    repo.bump_from("1.11", "1.12");
    repo.edit("agreement.toml", "status = \"final\"", "status = \"draft\"");
    repo.stage();
    assert!(!commit("1.12 begun").contains("version-date-unchanged"));
    // A TOM annex with a version of its own is held to its own date.
    repo.edit("agreement.toml", "status = \"draft\"", "status = \"final\"");
    repo.edit("agreement.toml", "date = 2024-06-03", "date = 2024-07-01");
    repo.edit(
        "tom.toml",
        "title = \"Technische und organisatorische Maßnahmen",
        "version = \"2.0\"\ndate = 2024-07-01\ntitle = \"Technische und organisatorische Maßnahmen",
    );
    repo.stage();
    assert!(!commit("1.12 released, TOM 2.0").contains("version-date-unchanged"));
    repo.edit("tom.toml", "version = \"2.0\"", "version = \"2.1\"");
    repo.edit(
        "tom.toml",
        "Private Cages auf Anfrage jederzeit verfügbar",
        "Private Cages auf Anfrage jederzeit und kurzfristig verfügbar",
    );
    repo.stage();
    let stderr = commit("TOM 2.1, date kept");
    assert!(stderr.contains("becomes version 2.1 but keeps the date of version 2.0 (2024-07-01)"), "{stderr}");
    assert!(stderr.contains("agreements/pcvisit/tom.toml:"), "{stderr}");
}

#[test]
fn hook_install_in_the_singular_points_to_hooks_install() {
    let repo = Repo::new();
    let output = repo.avv(&["hook", "install"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unrecognized subcommand 'install'"), "{stderr}");
    assert!(stderr.contains("tip: to install the hooks, run `avv hooks install`"), "{stderr}");
    // After a global option too.
    let after_option = repo.avv(&["--color", "never", "hook", "install"]);
    assert!(String::from_utf8_lossy(&after_option.stderr).contains("run `avv hooks install`"));
    // Another unknown hook gets clap's message alone.
    let other = repo.avv(&["hook", "post-commit"]);
    assert!(!String::from_utf8_lossy(&other.stderr).contains("avv hooks install"));
}

/// A deletion is said once, of the commit that deletes: merging the branch
/// that deleted an agreement, concluded by `git commit` or by git itself,
/// adds no deletion of its own.
#[test]
fn agreement_deleted_is_said_of_the_deleting_commit_not_of_a_merge() {
    for conclude_by_commit in [true, false] {
        let repo = Repo::new();
        repo.git(&["branch", "base"]);
        repo.git(&["checkout", "-q", "-b", "retire"]);
        repo.git(&["rm", "-q", "-r", "agreements/pcvisit"]);
        repo.commit("pcvisit weg").success();
        repo.git(&["checkout", "-q", "base"]);
        std::fs::write(repo.path().join("NOTES.md"), "Notizen\n").unwrap();
        repo.git(&["add", "NOTES.md"]);
        repo.commit("Notizen").success();
        let mut args = vec!["-c", "user.name=T", "-c", "user.email=t@example.org", "merge", "-q", "--no-ff"];
        args.extend(if conclude_by_commit { ["--no-commit", "--no-edit"] } else { ["-m", "Merge retire"] });
        args.push("retire");
        let merged = Command::new("git").args(&args).current_dir(repo.path()).env("PATH", path_with_avv()).output();
        let merged = merged.unwrap();
        assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
        assert!(!String::from_utf8_lossy(&merged.stderr).contains("agreement-deleted"));
        if conclude_by_commit {
            let committed = repo.commit("Merge retire");
            committed.success();
            assert!(!String::from_utf8_lossy(&committed.0.stderr).contains("agreement-deleted"));
        }
        let range = repo.avv(&["hook", "range", "base~1..HEAD"]);
        let stdout = String::from_utf8_lossy(&range.stdout);
        assert_eq!(stdout.matches("agreement-deleted").count(), 1, "{stdout}");
        assert!(stdout.contains("pcvisit weg\nwarning[agreement-deleted]"), "{stdout}");
    }
}

/// A bare repository `origin` that has the repository's branch as `main`.
fn add_origin(repo: &Repo) -> tempfile::TempDir {
    let remote = tempfile::tempdir().unwrap();
    let init = Command::new("git").args(["init", "-q", "--bare"]).arg(remote.path()).output().unwrap();
    assert!(init.status.success());
    repo.git(&["remote", "add", "origin", &remote.path().display().to_string()]);
    repo.git(&["branch", "-M", "main"]);
    let pushed = push(repo, &["origin", "main"]);
    assert!(pushed.status.success(), "{}", String::from_utf8_lossy(&pushed.stderr));
    remote
}

/// `git push` with avv on PATH, so that the installed pre-push hook runs.
fn push(repo: &Repo, args: &[&str]) -> Output {
    Command::new("git")
        .arg("push")
        .args(args)
        .current_dir(repo.path())
        .env("PATH", path_with_avv())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// What `origin` has as `refs/heads/<branch>`; empty when it has none.
fn remote_ref(remote: &tempfile::TempDir, branch: &str) -> String {
    let output = Command::new("git")
        .args(["rev-parse", "--verify", "-q", &format!("refs/heads/{branch}")])
        .current_dir(remote.path())
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// A commit past the hook: a content change of the TOM annex without a new version.
fn change_without_version(repo: &Repo) {
    repo.edit("tom.toml", "Videoüberwachungsanlage mit Bewegungssensoren", "Videoüberwachungsanlage");
    repo.stage();
    repo.commit_unchecked("Käfige ohne neue Version");
}

/// A valid version 1.9, committed through the hook.
fn version_1_9(repo: &Repo) {
    repo.bump("1.9");
    repo.edit("agreement.toml", "date = 2024-02-29", "date = 2024-03-01");
    repo.edit("tom.toml", "Private Cages auf Anfrage verfügbar", "Private Cages auf Anfrage jederzeit verfügbar");
    repo.stage();
    repo.commit("1.9").success();
}

#[test]
fn a_push_checks_the_commits_no_commit_hook_saw() {
    // Every way git makes a commit without running the pre-commit hook,
    // and the finding each one's commit gets.
    type Make = fn(&Repo);
    let ways: [(&str, Make, &str); 5] = [
        ("commit --no-verify", change_without_version, "version-not-bumped"),
        (
            // A patch someone mailed, applied as it came.
            "am",
            |repo| {
                repo.git(&["checkout", "-q", "-b", "side"]);
                change_without_version(repo);
                let patch = repo.git(&["format-patch", "-1", "--stdout"]).stdout;
                std::fs::write(repo.path().join(".git/mailed.patch"), patch).unwrap();
                repo.git(&["checkout", "-q", "main"]);
                repo.git(&[
                    "-c",
                    "user.name=Test",
                    "-c",
                    "user.email=test@example.org",
                    "am",
                    "-q",
                    ".git/mailed.patch",
                ]);
            },
            "version-not-bumped",
        ),
        (
            "cherry-pick",
            |repo| {
                repo.git(&["checkout", "-q", "-b", "side"]);
                change_without_version(repo);
                repo.git(&["checkout", "-q", "main"]);
                repo.git(&["cherry-pick", "side"]);
            },
            "version-not-bumped",
        ),
        (
            "revert",
            |repo| {
                version_1_9(repo);
                repo.git(&["-c", "user.name=Test", "-c", "user.email=test@example.org", "revert", "--no-edit", "HEAD"]);
            },
            "version-order",
        ),
        (
            // Rebased onto a 1.9 made meanwhile, with the conflict in the
            // version line resolved for upstream: the commit keeps its
            // change and loses its new version.
            "rebase",
            |repo| {
                repo.git(&["checkout", "-q", "-b", "feature"]);
                repo.bump("1.9");
                repo.edit("subprocessors.toml", "PlusServer GmbH", "PlusServer Deutschland GmbH");
                repo.stage();
                repo.commit("PlusServer umbenannt").success();
                repo.git(&["checkout", "-q", "main"]);
                version_1_9(repo);
                repo.git(&["checkout", "-q", "feature"]);
                repo.git(&[
                    "-c",
                    "user.name=Test",
                    "-c",
                    "user.email=test@example.org",
                    "rebase",
                    "-q",
                    "-X",
                    "ours",
                    "main",
                ]);
                repo.git(&["checkout", "-q", "main"]);
                repo.git(&["merge", "-q", "--ff-only", "feature"]);
            },
            "version-not-bumped",
        ),
    ];
    for (way, make, code) in ways {
        let repo = Repo::new();
        let remote = add_origin(&repo);
        let before = remote_ref(&remote, "main");
        make(&repo);
        let output = push(&repo, &["origin", "main"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{way}: the push went through:\n{stderr}");
        assert!(stderr.contains(code), "{way}: expected `{code}` in:\n{stderr}");
        assert!(stderr.contains("avv: push refused: 1 of"), "{way}: {stderr}");
        assert_eq!(remote_ref(&remote, "main"), before, "{way}: nothing reaches the remote");
        // The same commits on a new branch are refused as well.
        let branch = push(&repo, &["origin", "main:refs/heads/review"]);
        assert!(!branch.status.success(), "{way}: {}", String::from_utf8_lossy(&branch.stderr));
        assert_eq!(remote_ref(&remote, "review"), "", "{way}");
    }
}

#[test]
fn a_push_of_checked_commits_sends_them() {
    let repo = Repo::new();
    let remote = add_origin(&repo);
    version_1_9(&repo);
    let output = push(&repo, &["origin", "main"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("avv:"), "a passing push says nothing");
    let head = String::from_utf8_lossy(&repo.git(&["rev-parse", "HEAD"]).stdout).trim().to_owned();
    assert_eq!(remote_ref(&remote, "main"), head);
    // A commit the remote has is not checked again: a broken one far back
    // (pushed before the hook was there) does not stop a later push.
    change_without_version(&repo);
    assert!(push(&repo, &["--no-verify", "origin", "main"]).status.success());
    repo.bump_from("1.9", "1.10");
    repo.edit("agreement.toml", "date = 2024-03-01", "date = 2024-03-02");
    repo.stage();
    repo.commit("1.10").success();
    let later = push(&repo, &["origin", "main"]);
    assert!(later.status.success(), "{}", String::from_utf8_lossy(&later.stderr));
    // A new branch and a tag of what the remote has, and a deletion.
    repo.git(&["tag", "v1.10"]);
    for args in [["origin", "main:refs/heads/copy"], ["origin", "v1.10"], ["origin", ":refs/heads/copy"]] {
        let output = push(&repo, &args);
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
    assert_eq!(remote_ref(&remote, "copy"), "");
}

#[test]
fn a_push_is_held_to_the_policy_it_builds_on() {
    let repo = Repo::new();
    let remote = add_origin(&repo);
    // The push loosens the policy in its own first commit.
    std::fs::write(repo.path().join("avv.toml"), "[hook]\nrequire_version_bump = false\n").unwrap();
    repo.stage();
    repo.commit("keine neuen Versionen mehr").success();
    change_without_version(&repo);
    let output = push(&repo, &["origin", "main"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("version-not-bumped") && stderr.contains("1 of 2 commits to `origin`"), "{stderr}");
    assert_eq!(remote_ref(&remote, "main").len(), 40);
}

#[test]
fn a_first_push_checks_the_whole_history() {
    let repo = Repo::new();
    change_without_version(&repo);
    let remote = tempfile::tempdir().unwrap();
    assert!(Command::new("git").args(["init", "-q", "--bare"]).arg(remote.path()).status().unwrap().success());
    let url = remote.path().display().to_string();
    // To a URL, with no remote-tracking branches: the root commit too.
    let output = push(&repo, &[&url, "HEAD:refs/heads/main"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("1 of 2 commits to `"), "{stderr}");
    assert!(stderr.contains("git rebase -i --root"), "{stderr}");
    assert_eq!(remote_ref(&remote, "main"), "");
}

#[test]
fn the_push_check_reads_what_git_and_the_pre_commit_framework_pass() {
    let repo = Repo::new();
    let remote = add_origin(&repo);
    let base = String::from_utf8_lossy(&repo.git(&["rev-parse", "HEAD"]).stdout).trim().to_owned();
    change_without_version(&repo);
    let head = String::from_utf8_lossy(&repo.git(&["rev-parse", "HEAD"]).stdout).trim().to_owned();
    let hook = |stdin: &str, env: &[(&str, &str)]| {
        use std::io::Write;
        let mut command = Command::new(AVV);
        command.args(["hook", "pre-push", "origin", &remote.path().display().to_string()]);
        command.current_dir(repo.path()).env("NO_COLOR", "1").envs(env.iter().copied());
        let mut child = command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let line = format!("refs/heads/main {head} refs/heads/main {base}\n");
    let refused = hook(&line, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", String::from_utf8_lossy(&refused.stderr));
    // Nothing pushed, or only a deletion: nothing to check.
    let zero = "0".repeat(40);
    for input in [String::new(), format!("(delete) {zero} refs/heads/main {base}\n")] {
        let output = hook(&input, &[]);
        assert!(output.status.success(), "{input}: {}", String::from_utf8_lossy(&output.stderr));
    }
    // JSON for tools.
    let mut json_hook = Command::new(AVV);
    json_hook.args(["hook", "pre-push", "origin", "--format", "json"]).current_dir(repo.path());
    let json = {
        use std::io::Write;
        let mut child =
            json_hook.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(line.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    assert_eq!(json.status.code(), Some(1));
    let document: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(document["refused"], 1);
    assert_eq!(document["commits"][0]["commit"], head.as_str());
    // Lines git never writes: a usage error naming the line, not a pass.
    let bad = hook("refs/heads/main HEAD refs/heads/main\n", &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 1"), "{}", String::from_utf8_lossy(&bad.stderr));
    // The pre-commit framework reads git's input itself and passes the
    // range in its environment; for a whole history only the branch.
    let framework = [("PRE_COMMIT", "1"), ("PRE_COMMIT_REMOTE_NAME", "origin")];
    let ranged = hook("", &[framework[0], framework[1], ("PRE_COMMIT_FROM_REF", &base), ("PRE_COMMIT_TO_REF", &head)]);
    assert_eq!(ranged.status.code(), Some(1), "{}", String::from_utf8_lossy(&ranged.stderr));
    assert!(String::from_utf8_lossy(&ranged.stderr).contains("version-not-bumped"));
    let whole = hook("", &[framework[0], framework[1], ("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/main")]);
    assert_eq!(whole.status.code(), Some(1), "{}", String::from_utf8_lossy(&whole.stderr));
    let checked = hook("", &[framework[0], framework[1], ("PRE_COMMIT_FROM_REF", &base), ("PRE_COMMIT_TO_REF", &base)]);
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
}

#[test]
fn imported_rows_record_only_the_versions_before_the_repository() {
    let repo = Repo::new();
    repo.git(&["branch", "base"]);
    let new_row = |version: &str| {
        format!(
            "[[history.row]]\nversion = \"{version}\"\nstatus = \"finale Version\"\nresponsible = \"DSB\"\nchange = \"von Hand\"\n\n[[history.row]]\nversion = \"1.0\""
        )
    };
    // A search-and-replace of the version that renumbers the imported row of 1.8.
    repo.bump("1.9");
    repo.edit("agreement.toml", "version = \"1.8\"", "version = \"1.9\"");
    repo.edit("agreement.toml", "date = 2024-02-29", "date = 2024-06-03");
    repo.edit("subprocessors.toml", "name = \"Atlassian Pty Ltd\"", "name = \"Atlassian Pty Ltd.\"");
    repo.stage();
    let stderr = repo.commit("1.9").refused_with("imported-row-after-start");
    assert!(
        stderr.contains("a row for version 1.9, after 1.8, the version this repository's record starts with"),
        "{stderr}"
    );
    assert!(stderr.contains("agreements/pcvisit/agreement.toml:"), "located at the row: {stderr}");
    // Restored, the version passes; a row for a version made here is refused
    // in a later commit too (the walk finds where the record starts).
    repo.edit(
        "agreement.toml",
        "version = \"1.9\"\nstatus = \"finale Version\"",
        "version = \"1.8\"\nstatus = \"finale Version\"",
    );
    repo.stage();
    repo.commit("1.9").success();
    repo.bump_from("1.9", "1.10");
    repo.edit("agreement.toml", "date = 2024-06-03", "date = 2024-07-01");
    repo.edit("agreement.toml", "[[history.row]]\nversion = \"1.0\"", &new_row("1.9"));
    repo.stage();
    repo.commit("1.10").refused_with("imported-row-after-start");
    // A version from before the repository may be added, and a row corrected.
    repo.edit(
        "agreement.toml",
        "version = \"1.9\"\nstatus = \"finale Version\"\nresponsible = \"DSB\"",
        "version = \"0.9\"\nstatus = \"finale Version\"\nresponsible = \"DSB\"",
    );
    repo.edit("agreement.toml", "change = \"Gegenprüfung / Ergänzung\"", "change = \"Gegenprüfung und Ergänzung\"");
    repo.stage();
    repo.commit("1.10").success();

    // Past the hook, CI's range check finds it, and the record is git's.
    repo.bump_from("1.10", "1.11");
    repo.edit("agreement.toml", "date = 2024-07-01", "date = 2024-08-01");
    let path = repo.path().join("agreements/pcvisit/agreement.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let row = "\n[[history.row]]\nversion = \"1.11\"\nstatus = \"finale Version\"\ndate = 2024-08-01\nresponsible = \"DSB\"\nchange = \"von Hand zu 1.11\"\n";
    std::fs::write(&path, format!("{text}{row}")).unwrap();
    repo.edit("subprocessors.toml", "name = \"Atlassian Pty Ltd.\"", "name = \"Atlassian Pty Ltd\"");
    repo.stage();
    repo.commit_unchecked("1.11 mit eigener Zeile");
    let range = repo.avv(&["hook", "range", "base..HEAD"]);
    assert_eq!(range.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&range.stdout);
    assert!(stdout.contains("imported-row-after-start") && stdout.contains("1.11 mit eigener Zeile"), "{stdout}");
    assert!(stdout.ends_with("1 of 3 commits would have been refused by the hook\n"), "{stdout}");

    let history = repo.avv_ok(&["history", "pcvisit", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&history.stdout).unwrap();
    let rows = json["table"]["rows"].as_array().unwrap();
    let row = |version: &str| rows.iter().filter(|r| r["version"] == version).collect::<Vec<_>>();
    assert_eq!(row("1.8").len(), 1);
    assert_eq!(row("1.8")[0]["source"], "imported", "the version the repository starts with keeps its imported row");
    for version in ["1.9", "1.11"] {
        let found = row(version);
        assert_eq!(found.len(), 1, "{version}: {rows:?}");
        assert_eq!(found[0]["source"], "git", "{version} was made here: git's row");
    }
    let changes = row("1.11")[0]["changes"].to_string();
    assert!(changes.contains("Unterauftragnehmer Atlassian"), "what git saw of 1.11 is in its row: {changes}");
    let warnings = json["table"]["warnings"].to_string();
    assert!(warnings.contains("a row for version 1.11, which was made in this repository"), "{warnings}");

    // The document's version table: 1.8 as imported, 1.9 to 1.11 from git,
    // and no row of the hand-made 1.11.
    let render = repo.avv_ok(&["render", "agreements/pcvisit", "--format", "md"]);
    let md = String::from_utf8_lossy(&render.stdout).into_owned();
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with("| 1.") || l.starts_with("| 0.")).collect();
    let versions: Vec<&str> = table.iter().map(|l| l.split('|').nth(1).unwrap().trim()).collect();
    assert_eq!(
        versions,
        ["0.9", "1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.5a", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11"]
    );
    assert!(!md.contains("von Hand zu 1.11"), "the hand-made row of a version made here is not printed");
    // The build that publishes it says so too.
    let build = repo.avv_ok(&["build", "--no-cache"]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        stderr.contains("warning: pcvisit: the imported version table (`[history]`) has a row for version 1.11"),
        "{stderr}"
    );
    let json = repo.avv(&["build", "--no-cache", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        json["history_warnings"][0].as_str().is_some_and(|w| w.starts_with("pcvisit: the imported version table")),
        "{json}"
    );
}

/// Two pull requests that both release 1.9, each with its own change: git
/// merges the second cleanly, and the result would be a third text under a
/// number customers know from the first. Refused by the pre-merge-commit
/// hook (git says what it merges only in GIT_REFLOG_ACTION), by CI's range
/// check past it, and in the other direction (the base merged into the
/// branch), and a draft of the version merged into its release; a merge
/// that raises the version passes, and so does a branch's release merged
/// into a base that did not change the agreement.
#[test]
fn a_version_released_on_both_sides_of_a_merge_is_refused() {
    let repo = Repo::new();
    let release = |branch: &str, from: &str, to: &str, status: &str| {
        repo.git(&["checkout", "-q", "-b", branch, "master"]);
        repo.bump("1.9");
        repo.edit("agreement.toml", "date = 2024-02-29", "date = 2024-03-01");
        if status != "final" {
            repo.edit("agreement.toml", "status = \"final\"", &format!("status = \"{status}\""));
        }
        repo.edit("tom.toml", from, to);
        repo.stage();
        repo.commit(branch).success();
        repo.git(&["checkout", "-q", "master"]);
    };
    repo.git(&["branch", "-m", "master"]);
    repo.git(&["branch", "start"]);
    release("links", "Private Cages auf Anfrage verfügbar", "Private Cages verfügbar", "final");
    release("rechts", "Zentrales Usermanagement", "Zentrales Benutzermanagement", "final");
    release("entwurf", "Protokollierung der Systemnutzung", "Lückenlose Protokollierung der Systemnutzung", "draft");
    let merge = |branch: &str, extra: &[&str]| {
        Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "merge", "--no-ff", "--no-edit"])
            .args(extra)
            .arg(branch)
            .current_dir(repo.path())
            .env("PATH", path_with_avv())
            .output()
            .unwrap()
    };
    let done = merge("links", &[]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let refused = merge("rechts", &[]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    assert!(stderr.contains("version-not-bumped") && stderr.contains("merge refused"), "{stderr}");
    assert!(stderr.contains("version 1.9 was released on both sides of this merge with different texts"), "{stderr}");
    // Concluded with a new version, the merge passes.
    repo.edit("agreement.toml", "version = \"1.9\"", "version = \"1.10\"");
    repo.edit("agreement.toml", "date = 2024-03-01", "date = 2024-03-02");
    repo.stage();
    repo.commit("1.10: beide Seiten").success();
    // The base merged into a branch that released its own 1.9.
    repo.git(&["checkout", "-q", "-b", "nachzuegler", "rechts"]);
    let refused = merge("links", &[]);
    assert!(!refused.status.success(), "{}", String::from_utf8_lossy(&refused.stderr));
    repo.git(&["merge", "--abort"]);
    // Past the hook, CI's range check finds it.
    let forced = merge("links", &["--no-verify"]);
    assert!(forced.status.success(), "{}", String::from_utf8_lossy(&forced.stderr));
    let range = repo.avv(&["hook", "range", "rechts..HEAD"]);
    assert_eq!(range.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&range.stdout);
    assert!(stdout.contains("version-not-bumped") && stdout.contains("released on both sides"), "{stdout}");
    // A draft of 1.9 merged into its release changes the released text too.
    repo.git(&["checkout", "-q", "-b", "mit-entwurf", "links"]);
    // (git stops at the status line, next to the version; the draft's status is taken.)
    assert!(!merge("entwurf", &[]).status.success());
    repo.git(&["checkout", "--theirs", "agreements/pcvisit/agreement.toml"]);
    repo.stage();
    let stderr = repo.commit("Entwurf übernommen").refused_with("version-not-bumped");
    assert!(stderr.contains("a side of this merge), and the merge changes its text under the same number"), "{stderr}");
    repo.git(&["merge", "--abort"]);
    // A branch that made 1.9 from the released 1.8 merges into a base that
    // did not change the agreement since: the branch's 1.9 as it was.
    repo.git(&["checkout", "-q", "-b", "ohne-aenderung", "start"]);
    std::fs::write(repo.path().join("NOTES.md"), "Notizen\n").unwrap();
    repo.git(&["add", "NOTES.md"]);
    repo.commit("Notizen").success();
    let merged = merge("links", &[]);
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
}

/// A signed record renamed is the same contract: renamed and changed in
/// one commit it is refused as if it had kept its name, paired by its
/// customer number, or without one by its signature.
#[test]
fn a_signed_contract_renamed_is_still_protected() {
    let repo = Repo::new();
    let folder = repo.path().join("agreements/pcvisit/customers");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("beispiel.toml"), SIGNED_CUSTOMER).unwrap();
    let numbered = SIGNED_CUSTOMER
        .replacen("status = \"signed\"", "status = \"signed\"\ncustomer_number = \"4711\"", 1)
        .replacen("date = 2024-03-04", "date = 2024-03-05", 1);
    std::fs::write(folder.join("nummer.toml"), numbered).unwrap();
    repo.stage();
    repo.commit("two customers sign 1.8").success();
    repo.git(&["branch", "base"]);
    let rename_and_edit = |from: &str, to: &str| {
        repo.git(&[
            "mv",
            &format!("agreements/pcvisit/customers/{from}"),
            &format!("agreements/pcvisit/customers/{to}"),
        ]);
        let path = folder.join(to);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("Musterweg 1", "Musterweg 9", 1)).unwrap();
        repo.stage();
    };
    for (from, to, id) in
        [("beispiel.toml", "beispiel-gmbh.toml", "beispiel-gmbh"), ("nummer.toml", "kunde-4711.toml", "kunde-4711")]
    {
        rename_and_edit(from, to);
        let stderr = repo.commit("umbenannt und geändert").refused_with("signed-contract-changed");
        assert!(
            stderr.contains(&format!("customer `{id}` signed on")) && stderr.contains("`/values/kunde/strasse`"),
            "{stderr}"
        );
        assert!(stderr.contains(&format!("customers/{to}:")), "{stderr}");
        // Renamed alone, it passes.
        let path = folder.join(to);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("Musterweg 9", "Musterweg 1", 1)).unwrap();
        repo.stage();
        let renamed = repo.commit("umbenannt");
        renamed.success();
        // Nor is it a contract's record deleted.
        let stderr = String::from_utf8_lossy(&renamed.0.stderr);
        assert!(!stderr.contains("signed-contract-deleted"), "{stderr}");
    }
    // Past the hook, CI's range check pairs them too.
    rename_and_edit("kunde-4711.toml", "nummer.toml");
    repo.commit_unchecked("umbenannt und geändert");
    let range = repo.avv(&["hook", "range", "base..HEAD"]);
    assert_eq!(range.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&range.stdout);
    assert!(stdout.contains("signed-contract-changed") && stdout.contains("customer `nummer`"), "{stdout}");
}

/// A template moves on while customers keep the version they signed: a
/// required blank new in 1.9 is not asked of a customer who signed 1.8,
/// whose contract prints 1.8 (and may not change without a new signature),
/// but of every instance of 1.9; an instance of 1.8 is still held to 1.8's
/// own blanks.
#[test]
fn instances_are_held_to_the_version_they_name() {
    let repo = Repo::new();
    let folder = repo.path().join("agreements/pcvisit/customers");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("beispiel.toml"), SIGNED_CUSTOMER).unwrap();
    repo.stage();
    repo.commit("Beispiel GmbH unterschreibt 1.8").success();
    repo.git(&["branch", "signed"]);

    // 1.9 asks for a VAT id in the controller's address block, and writes
    // the address on one line.
    repo.bump("1.9");
    repo.edit(
        "agreement.toml",
        "  \"{{ kunde.strasse }}\",\n  \"{{ kunde.ort }}\",\n]",
        "  \"{{ kunde.strasse }}, {{ kunde.ort }}\",\n  \"USt-IdNr. {{ kunde.ustid }}\",\n]",
    );
    repo.edit(
        "agreement.toml",
        "[[placeholder]]\nkey = \"kunde.strasse\"",
        "[[placeholder]]\nkey = \"kunde.ustid\"\nlabel = \"USt-IdNr.\"\n\n[[placeholder]]\nkey = \"kunde.strasse\"",
    );
    // New customers get 30 days to object; those of 1.8 keep their 14.
    repo.edit("agreement.toml", "objection_period = \"P14D\"", "objection_period = \"P30D\"");
    // And a sub-processor, which the customers of 1.8 are told of.
    repo.add_neu_gmbh();
    repo.stage();
    repo.commit("1.9: USt-IdNr.").success();
    repo.avv_ok(&["validate"]);
    repo.avv_ok(&["hook", "range", "signed..HEAD"]);
    // A shallow clone lacks 1.8: the instance is held to the template as it
    // is, and the finding says why.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let cloned =
        Command::new("git").args(["clone", "-q", "--depth", "1", &url, "c"]).current_dir(clone.path()).output();
    assert!(cloned.unwrap().status.success());
    let shallow =
        Command::new(AVV).args(["validate"]).current_dir(clone.path().join("c")).env("NO_COLOR", "1").output().unwrap();
    let stdout = String::from_utf8_lossy(&shallow.stdout);
    assert_eq!(shallow.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("placeholder-unfilled")
            && stdout.contains("this clone is shallow, so the instance is checked against the template as it is now, not as version 1.8 had it"),
        "{stdout}"
    );
    // Its contract is 1.8's, without the new blank.
    let contract = repo.avv(&["render", "agreements/pcvisit/customers/beispiel.toml", "--format", "md"]);
    let contract = String::from_utf8_lossy(&contract.stdout);
    assert!(contract.contains("Beispiel GmbH") && !contract.contains("USt-IdNr."), "{contract}");

    // A customer of 1.9 fills it.
    let new_customer = SIGNED_CUSTOMER.replacen("version = \"1.8\"", "version = \"1.9\"", 1);
    std::fs::write(folder.join("neu.toml"), &new_customer).unwrap();
    repo.stage();
    let stderr = repo.commit("Neukunde").refused_with("placeholder-unfilled");
    assert!(stderr.contains("`kunde.ustid`") && stderr.contains("customers/neu.toml"), "{stderr}");
    assert!(!stderr.contains("customers/beispiel.toml"), "{stderr}");
    let filled =
        new_customer.replacen("ort = \"01067 Dresden\"", "ort = \"01067 Dresden\"\nustid = \"DE123456789\"", 1);
    std::fs::write(folder.join("neu.toml"), filled).unwrap();
    repo.stage();
    repo.commit("Neukunde").success();

    // An offer of 1.8 still sent out is held to 1.8: its blanks, not none.
    let offer = SIGNED_CUSTOMER
        .replacen("status = \"signed\"", "status = \"sent\"", 1)
        .replacen("strasse = \"Musterweg 1\"\n", "", 1)
        .replacen("ustid", "x", 1);
    std::fs::write(folder.join("angebot.toml"), &offer).unwrap();
    repo.stage();
    let stderr = repo.commit("Angebot").refused_with("placeholder-unfilled");
    assert!(stderr.contains("`kunde.strasse`") && !stderr.contains("`kunde.ustid`"), "{stderr}");
    // A value only 1.9 has a blank for is none of 1.8's.
    let offer = offer.replacen(
        "ort = \"01067 Dresden\"",
        "strasse = \"Musterweg 2\"\nort = \"01067 Dresden\"\nustid = \"DE1\"",
        1,
    );
    std::fs::write(folder.join("angebot.toml"), offer).unwrap();
    repo.stage();
    let stderr = repo.commit("Angebot").refused_with("placeholder-unknown");
    assert!(stderr.contains("has no placeholder `kunde.ustid`"), "{stderr}");

    // The notice's letter to the customer of 1.8 is addressed as its
    // contract prints it: 1.8's address block (two lines, no VAT id), not
    // 1.9's, and without the optional blanks it left open (an envelope is
    // no form).
    std::fs::remove_file(folder.join("angebot.toml")).unwrap();
    // A contract of 1.8 that ended, and an offer of 1.8 never signed: no
    // Art. 28(2) notice is theirs.
    let ended = SIGNED_CUSTOMER.replacen("status = \"signed\"", "status = \"terminated\"", 1);
    std::fs::write(folder.join("beendet.toml"), ended.replacen("Beispiel GmbH", "Beendet GmbH", 1)).unwrap();
    let draft = SIGNED_CUSTOMER.replacen("status = \"signed\"", "status = \"draft\"", 1);
    std::fs::write(folder.join("entwurf.toml"), draft.replacen("Beispiel GmbH", "Entwurf GmbH", 1)).unwrap();
    repo.stage();
    repo.commit("Vertrag beendet, Angebot in Arbeit").success();
    let out = tempfile::tempdir().unwrap();
    let letters = out.path().join("briefe");
    let written = repo.avv_ok(&["notice", "pcvisit", "--letters", letters.to_str().unwrap()]);
    // The offer not signed yet is named, to be sent 1.9 instead.
    let said = String::from_utf8_lossy(&written.stderr);
    assert!(
        said.contains("send them version 1.9 instead:\n  - entwurf – Version 1.8, Entwurf")
            && !said.contains("beendet"),
        "{said}"
    );
    let letter = std::fs::read_to_string(letters.join("beispiel.md")).unwrap();
    assert!(
        letter.starts_with("Beispiel GmbH  \nz. Hd. Erika Muster  \nMusterweg 1  \n01067 Dresden\n\n# Mitteilung"),
        "{letter}"
    );
    assert!(letter.contains("Neu GmbH"), "{letter}");
    // Its terms are 1.8's: 14 days to object, not 1.9's 30.
    assert!(letter.contains("innerhalb von 14 Tagen") && !letter.contains("30 Tagen"), "{letter}");
    let mut names: Vec<String> = std::fs::read_dir(&letters)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .collect();
    names.sort();
    assert_eq!(names, ["beispiel.md"], "the customer of 1.9 signed the change; the others have no contract in force");
}

/// A customer who moves does not sign its contract again: the new address
/// is recorded for letters (`[mailing]`), the contract keeps the address
/// it was signed with, and an Art. 28(2) notice goes to the new one.
#[test]
fn a_customer_who_moved_gets_letters_at_the_new_address() {
    let repo = Repo::new();
    let customer = repo.path().join("agreements/pcvisit/customers/beispiel.toml");
    std::fs::create_dir_all(customer.parent().unwrap()).unwrap();
    std::fs::write(&customer, SIGNED_CUSTOMER).unwrap();
    repo.stage();
    repo.commit("Beispiel GmbH unterschreibt 1.8").success();
    // The move written into the contract's values: refused, and the help
    // says where a new address goes.
    let text = std::fs::read_to_string(&customer).unwrap();
    std::fs::write(&customer, text.replacen("Musterweg 1", "Lindenallee 7", 1)).unwrap();
    repo.stage();
    let stderr = repo.commit("umgezogen").refused_with("signed-contract-changed");
    assert!(stderr.contains("`[mailing] address = [\"…\"]`, where letters go"), "{stderr}");
    // An address with an empty line is refused at that line.
    let moved = |lines: &str| format!("{text}\n[mailing]\naddress = [{lines}]\nsince = 2024-06-01\n");
    std::fs::write(&customer, moved("\"Beispiel GmbH\", \" \"")).unwrap();
    repo.stage();
    let stderr = repo.commit("umgezogen").refused_with("mailing-address-empty");
    assert!(stderr.contains("customers/beispiel.toml:25:29"), "points at the empty line: {stderr}");
    std::fs::write(&customer, moved("")).unwrap();
    repo.stage();
    repo.commit("umgezogen").refused_with("mailing-address-empty");
    // Recorded for letters: no change of the signed contract.
    std::fs::write(&customer, moved("\"Beispiel GmbH\", \"Lindenallee 7\", \"01099 Dresden\"")).unwrap();
    repo.stage();
    repo.commit("umgezogen").success();
    // The contract still prints the address it was signed with.
    let contract = repo.avv_ok(&["render", "agreements/pcvisit/customers/beispiel.toml", "--format", "md"]);
    let contract = String::from_utf8_lossy(&contract.stdout);
    assert!(contract.contains("Musterweg 1") && !contract.contains("Lindenallee"), "{contract}");
    // A new sub-processor in 1.9: the letter goes to the new address.
    repo.bump("1.9");
    repo.add_neu_gmbh();
    repo.stage();
    repo.commit("1.9: Neu GmbH").success();
    let out = tempfile::tempdir().unwrap();
    let letters = out.path().join("briefe");
    repo.avv_ok(&["notice", "pcvisit", "--letters", letters.to_str().unwrap()]);
    let letter = std::fs::read_to_string(letters.join("beispiel.md")).unwrap();
    assert!(
        letter.starts_with("Beispiel GmbH  \nz. Hd. Erika Muster  \nLindenallee 7  \n01099 Dresden\n\n# Mitteilung"),
        "{letter}"
    );
    assert!(!letter.contains("Musterweg"), "{letter}");
    // A letter dated before the move (`since`) goes to the address signed.
    let early = out.path().join("vorher");
    repo.avv_ok(&["notice", "pcvisit", "--date", "2024-05-31", "--letters", early.to_str().unwrap()]);
    let letter = std::fs::read_to_string(early.join("beispiel.md")).unwrap();
    assert!(letter.contains("Musterweg 1") && !letter.contains("Lindenallee"), "{letter}");
}

/// A pull request that made 1.9 and then 1.10, merged as it was (a merge
/// commit), made both: 1.9 is a version of the record with its own row,
/// document and changes, though the first-parent history never had it. A
/// draft on a branch, never released, is no version.
#[test]
fn versions_released_on_a_merged_branch_are_in_the_record() {
    let repo = Repo::new();
    let main = String::from_utf8(repo.git(&["branch", "--show-current"]).stdout).unwrap().trim().to_owned();
    repo.git(&["checkout", "-q", "-b", "zwei-versionen"]);
    repo.bump("1.9");
    repo.edit("subprocessors.toml", "Venloer Straße 47 50672 Köln", "Venloer Straße 49, 50672 Köln");
    repo.stage();
    repo.commit("1.9: Anschrift PlusServer").success();
    repo.git(&["tag", "pcvisit/v1.9"]);
    repo.bump_from("1.9", "1.10");
    repo.edit("subprocessors.toml", "Industriestraße 25, 91710", "Industriestraße 27, 91710");
    repo.stage();
    repo.commit("1.10: Anschrift Hetzner").success();
    repo.git(&["checkout", "-q", &main]);
    repo.merge_no_ff("zwei-versionen");

    let history = repo.avv_ok(&["history", "pcvisit"]);
    let table = String::from_utf8_lossy(&history.stdout);
    let row = |version: &str| {
        let start = table.find(&format!("\n{version}  ")).unwrap_or_else(|| panic!("no row {version}:\n{table}"));
        let rest = &table[start + 1..];
        rest[..rest.find("\n\n").unwrap_or(rest.len())].to_owned()
    };
    let (nine, ten) = (row("1.9"), row("1.10"));
    assert!(nine.contains("PlusServer GmbH (Anschrift)") && !nine.contains("Hetzner"), "{nine}");
    assert!(ten.contains("Hetzner Online GmbH (Anschrift)") && !ten.contains("PlusServer"), "{ten}");
    assert!(table.find("\n1.9  ") < table.find("\n1.10  "), "{table}");
    // 1.9 was never published on its own: the notice of the merge's
    // version tells the customers of 1.8 of both versions' changes.
    let notice = repo.avv_ok(&["notice", "pcvisit"]);
    let letter = String::from_utf8_lossy(&notice.stdout);
    assert!(
        letter.contains("PlusServer GmbH: Anschrift") && letter.contains("Hetzner Online GmbH: Anschrift"),
        "{letter}"
    );
    // The tag on the branch's commit names that version: no warning.
    let stderr = String::from_utf8_lossy(&history.stderr);
    assert!(!stderr.contains("pcvisit/v1.9"), "{stderr}");
    // Its document is the branch commit's text.
    let nine = repo.avv_ok(&["render", "agreements/pcvisit", "1.9", "--format", "md"]);
    let nine = String::from_utf8_lossy(&nine.stdout);
    assert!(nine.contains("Venloer Straße 49") && nine.contains("Industriestraße 25"), "{nine}");
    // A customer who was sent 1.9 and signed it names a version of the record.
    let customer = repo.path().join("agreements/pcvisit/customers/beispiel.toml");
    std::fs::create_dir_all(customer.parent().unwrap()).unwrap();
    std::fs::write(&customer, SIGNED_CUSTOMER.replacen("version = \"1.8\"", "version = \"1.9\"", 1)).unwrap();
    std::fs::write(customer.with_file_name("frueh.toml"), SIGNED_CUSTOMER).unwrap();
    repo.stage();
    repo.commit("Beispiel GmbH unterschreibt 1.9").success();
    // The notice of 1.10 starts at 1.8; a customer of 1.9 is told only
    // what changed since the version it signed, a customer of 1.8 both.
    let letters = tempfile::tempdir().unwrap();
    let dir = letters.path().join("briefe");
    let written = repo.avv_ok(&["notice", "pcvisit", "--letters", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&written.stderr);
    assert!(stderr.contains("wrote 2 letters"), "{stderr}");
    assert!(stderr.contains("signed version 1.9: the letter announces only the changes since"), "{stderr}");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let (signed_nine, signed_eight) = (read("beispiel.md"), read("frueh.md"));
    assert!(signed_nine.contains("Hetzner Online GmbH: Anschrift"), "{signed_nine}");
    assert!(!signed_nine.contains("PlusServer"), "1.9's change was in the version it signed:\n{signed_nine}");
    assert!(
        signed_eight.contains("PlusServer GmbH: Anschrift") && signed_eight.contains("Hetzner Online GmbH: Anschrift"),
        "{signed_eight}"
    );
    // The notice on stdout says whose it is not.
    let notice = repo.avv_ok(&["notice", "pcvisit"]);
    let stderr = String::from_utf8_lossy(&notice.stderr);
    assert!(
        stderr.contains("signed version 1.9, within this notice") && stderr.contains("`avv notice pcvisit 1.9..HEAD`"),
        "{stderr}"
    );
    // Only the customer of 1.8 is sent this one.
    let send = &stderr[stderr.find("note: send this notice").expect("the recipients")..];
    let send = &send[..send.find("\nnote: ").unwrap_or(send.len())];
    assert!(send.contains("frueh") && !send.contains("beispiel"), "{stderr}");
    // And so does the JSON: the customer of 1.9 under a notice of its own.
    let json = repo.avv_ok(&["notice", "pcvisit", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let ids = |notice: &serde_json::Value| -> Vec<String> {
        notice["affected"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(json["version"], 2);
    assert_eq!(ids(&json["notice"]), ["frueh"], "{json:#}");
    let within = json["within"].as_array().unwrap();
    assert_eq!(within.len(), 1, "{json:#}");
    assert_eq!((within[0]["version"].as_str(), within[0]["range"].as_str()), (Some("1.9"), Some("1.9..HEAD")));
    assert_eq!(within[0]["notice"]["from"], "1.9");
    assert_eq!(ids(&within[0]["notice"]), ["beispiel"], "{json:#}");
    assert_eq!(within[0]["notice"]["terms"][0]["customers"], serde_json::json!(["beispiel"]), "{json:#}");

    // A draft on a branch that is renumbered before its release is no version.
    repo.git(&["checkout", "-q", "-b", "entwurf"]);
    repo.bump_from("1.10", "1.11");
    repo.edit("agreement.toml", "status = \"final\"", "status = \"draft\"");
    repo.edit("subprocessors.toml", "Venloer Straße 49", "Venloer Straße 51");
    repo.stage();
    repo.commit("1.11 im Entwurf").success();
    repo.bump_from("1.11", "1.12");
    repo.edit("agreement.toml", "status = \"draft\"", "status = \"final\"");
    repo.stage();
    repo.commit("1.12").success();
    repo.git(&["checkout", "-q", &main]);
    repo.merge_no_ff("entwurf");
    let history = repo.avv_ok(&["history", "pcvisit"]);
    let table = String::from_utf8_lossy(&history.stdout);
    assert!(!table.contains("\n1.11  ") && table.contains("\n1.12  "), "{table}");
}

/// A customer who signed a version known only from the version table
/// imported with the document (1.5, before the repository) has no text in
/// the repository: its contract is not printed with another version's
/// text, and the build and `avv render` say why.
#[test]
fn a_contract_of_a_version_without_text_is_not_printed_as_another() {
    let repo = Repo::new();
    let folder = repo.path().join("agreements/pcvisit/customers");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("alt.toml"), SIGNED_CUSTOMER.replacen("version = \"1.8\"", "version = \"1.5\"", 1))
        .unwrap();
    std::fs::write(folder.join("beispiel.toml"), SIGNED_CUSTOMER).unwrap();
    repo.stage();
    repo.commit("Kunden von 1.5 und 1.8").success();
    let expected = "the contract of `alt` cannot be printed: it names version 1.5, whose text is not in the repository";
    let render = repo.avv(&["render", "agreements/pcvisit/customers/alt.toml", "--format", "md"]);
    assert_eq!(render.status.code(), Some(2));
    assert!(render.stdout.is_empty(), "nothing printed as its contract");
    assert!(String::from_utf8_lossy(&render.stderr).contains(expected), "{}", String::from_utf8_lossy(&render.stderr));
    let out = tempfile::tempdir().unwrap();
    let (site, private) = (out.path().join("site"), out.path().join("private"));
    let build = repo.avv_ok(&["build", "--out", site.to_str().unwrap(), "--private-out", private.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(stderr.contains(&format!("warning: pcvisit: {expected}")), "{stderr}");
    // The customer of the version in the files is built as before.
    let built = |name: &str| private.join("pcvisit").join(name).exists();
    assert!(built("beispiel.md") && !built("alt.md"), "{stderr}");
    // A notice of 1.9 reaches both, but the terms of 1.5 are not here: its
    // letter states 1.9's, and the processor is told to check them.
    repo.bump("1.9");
    repo.add_neu_gmbh();
    repo.stage();
    repo.commit("1.9: Neu GmbH").success();
    let letters = out.path().join("briefe");
    let notice = repo.avv_ok(&["notice", "pcvisit", "--letters", letters.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&notice.stderr);
    assert!(
        said.contains("their letters state version 1.9's terms") && said.contains("  - alt – Version 1.5\n"),
        "{said}"
    );
    assert!(!said.contains("beispiel – Version"), "the 1.8 customer's terms are its own: {said}");
    let json = repo.avv(&["notice", "pcvisit", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let assumed: Vec<&str> = json["notice"]["affected"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["terms_assumed"] == true)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(assumed, ["alt"]);
}

/// The private output's index is the register of the customer records:
/// every instance with its number, status, version and day, the contracts
/// built for it, and a record whose contract cannot be printed with why.
/// Its data is text, never markup.
#[test]
fn the_private_index_is_a_register_of_every_customer_record() {
    let repo = Repo::new();
    let folder = repo.path().join("agreements/pcvisit/customers");
    std::fs::create_dir_all(&folder).unwrap();
    let numbered =
        |number: &str| SIGNED_CUSTOMER.replacen("status", &format!("customer_number = \"{number}\"\nstatus"), 1);
    std::fs::write(folder.join("alt.toml"), numbered("1005").replacen("version = \"1.8\"", "version = \"1.5\"", 1))
        .unwrap();
    std::fs::write(folder.join("beispiel.toml"), numbered("<b>1008</b>")).unwrap();
    std::fs::write(
        folder.join("angebot.toml"),
        SIGNED_CUSTOMER.replacen("status = \"signed\"", "status = \"sent\"", 1).replacen("date = 2024-03-04\n", "", 1),
    )
    .unwrap();
    repo.stage();
    repo.commit("drei Kunden").success();
    let out = tempfile::tempdir().unwrap();
    let (site, private) = (out.path().join("site"), out.path().join("private"));
    repo.avv_ok(&["build", "--out", site.to_str().unwrap(), "--private-out", private.to_str().unwrap()]);
    let index = std::fs::read_to_string(private.join("index.html")).unwrap();
    let row = |id: &str| {
        let start = index.find(&format!("<tr><td>{id}</td>")).unwrap_or_else(|| panic!("no row {id}:\n{index}"));
        let end = start + index[start..].find("</tr>").unwrap();
        (start, &index[start..end])
    };
    let (angebot, sent) = row("angebot");
    let (alt, unavailable) = row("alt");
    let (beispiel, signed) = row("beispiel");
    assert!(alt < angebot && angebot < beispiel, "sorted by id:\n{index}");
    assert!(sent.contains("<td>versandt</td><td>1.8</td><td></td>"), "{sent}");
    assert!(sent.contains("href=\"pcvisit/angebot.pdf\""), "{sent}");
    assert!(
        unavailable.contains("<td>1005</td><td>unterzeichnet</td><td>1.5</td><td>04.03.2024</td>"),
        "{unavailable}"
    );
    assert!(unavailable.contains("nicht erstellt: der Text von Version 1.5 ist nicht im Repository"), "{unavailable}");
    assert!(!unavailable.contains("href"), "no contract of another version's text: {unavailable}");
    assert!(signed.contains("<td>&lt;b&gt;1008&lt;/b&gt;</td><td>unterzeichnet</td>"), "{signed}");
    assert!(signed.contains("href=\"pcvisit/beispiel.pdf\""), "{signed}");
    assert!(index.contains("<h2>pcvisit</h2>\n<p>Aktuelle Version: 1.8</p>"), "{index}");
}
