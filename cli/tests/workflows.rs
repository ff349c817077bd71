//! The workflows' own shell steps, run as GitHub runs them (bash) in real
//! repositories: nothing a push brings is published unchecked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::copy_dir;

const AVV: &str = env!("CARGO_BIN_EXE_avv");

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn workflow(name: &str) -> String {
    std::fs::read_to_string(workspace().join(".github/workflows").join(name)).unwrap()
}

/// The `run: |` script of the step named `step`, without its indentation.
fn step_script(workflow: &str, step: &str) -> String {
    let lines: Vec<&str> = workflow.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start() == format!("- name: {step}"))
        .unwrap_or_else(|| panic!("no step `{step}`"));
    let run = (start + 1..lines.len())
        .find(|&i| lines[i].trim_start() == "run: |")
        .unwrap_or_else(|| panic!("step `{step}` has no `run: |`"));
    let key_indent = lines[run].len() - lines[run].trim_start().len();
    let mut script = String::new();
    for line in &lines[run + 1..] {
        let indent = line.len() - line.trim_start().len();
        if !line.trim().is_empty() && indent <= key_indent {
            break;
        }
        script.push_str(line.get(key_indent + 2..).unwrap_or(""));
        script.push('\n');
    }
    script
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "user.name=CI", "-c", "user.email=ci@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Runs `script` with bash in `dir` as a push of `after` to `git_ref` runs
/// it (`main` the default branch), with avv both on PATH and where the
/// publish workflow builds it.
fn run_step(dir: &Path, script: &str, git_ref: &str, before: &str, after: &str) -> Output {
    let release = dir.join("target/release");
    if !release.join("avv").exists() {
        std::fs::create_dir_all(&release).unwrap();
        std::fs::copy(AVV, release.join("avv")).unwrap();
    }
    let bin = Path::new(AVV).parent().unwrap().display().to_string();
    let path = format!("{bin}:{}", std::env::var("PATH").unwrap_or_default());
    Command::new("bash")
        .args(["-e", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .env("BEFORE", before)
        .env("AFTER", after)
        .env("GITHUB_REF", git_ref)
        .env("DEFAULT_BRANCH", "main")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn a_push_is_checked_before_anything_is_published() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    // The binary the publish workflow builds is not part of the repository.
    std::fs::write(repo.join(".gitignore"), "/target/\n").unwrap();
    copy_dir(&workspace().join("agreements/pcvisit"), &repo.join("agreements/pcvisit"));
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "pcvisit 1.8"]);
    let base = git(repo, &["rev-parse", "HEAD"]);
    // Pushed straight to main: a content change without a new version.
    let tom = repo.join("agreements/pcvisit/tom.toml");
    let text = std::fs::read_to_string(&tom).unwrap();
    std::fs::write(&tom, text.replacen("Videoüberwachungsanlage mit Bewegungssensoren", "Videoüberwachungsanlage", 1))
        .unwrap();
    git(repo, &["commit", "-q", "-a", "-m", "Kameras ohne neue Version"]);
    let head = git(repo, &["rev-parse", "HEAD"]);
    let zero = "0".repeat(40);
    let gone = "1234567890123456789012345678901234567890";

    // As a clone made by actions/checkout has it: main as it was before.
    git(repo, &["update-ref", "refs/remotes/origin/main", &base]);
    let main = "refs/heads/main";

    for name in ["avv.yml", "publish.yml"] {
        let script = step_script(&workflow(name), "The hook's checks over the pushed commits");
        let step = |git_ref: &str, before: &str, after: &str| {
            let output = run_step(repo, &script, git_ref, before, after);
            let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            let shown =
                format!("{name} {git_ref} {before}..{after}: {stdout}{}", String::from_utf8_lossy(&output.stderr));
            (output.status.code(), stdout, shown)
        };
        // Pushed to main: the commits since the one before.
        let (code, stdout, shown) = step(main, &base, &head);
        assert_eq!(code, Some(1), "{shown}");
        assert!(stdout.contains("::error file=agreements/pcvisit/") && stdout.contains("version"), "{shown}");
        let (code, _, shown) = step(main, &base, &base);
        assert_eq!(code, Some(0), "checked commits pass: {shown}");
        // A new tag or branch: its commits that main does not have.
        for new_ref in ["refs/tags/v1.8", "refs/heads/review"] {
            let (code, stdout, shown) = step(new_ref, &zero, &head);
            assert_eq!(code, Some(1), "{shown}");
            assert!(stdout.contains("::error file=agreements/pcvisit/"), "{shown}");
            let (code, _, shown) = step(new_ref, &zero, &base);
            assert_eq!(code, Some(0), "a tag of what main has: {shown}");
        }
        // A first push or a force push of main, whose earlier commit the
        // clone lacks: a warning that says what was not checked.
        for before in [zero.as_str(), gone] {
            let (code, stdout, shown) = step(main, before, &head);
            assert_eq!(code, Some(0), "{shown}");
            assert!(stdout.starts_with("::warning title=avv::") && stdout.contains("force push"), "{shown}");
        }
    }
}

#[test]
fn the_site_is_built_only_after_the_checks() {
    // The reusable workflow: the job that uploads the site needs the check job.
    let reusable = workflow("avv.yml");
    let site = &reusable[reusable.find("\n  site:\n").expect("a site job")..];
    let needs = site.lines().find(|l| l.trim_start().starts_with("needs:")).unwrap();
    assert!(needs.contains("check"), "{needs}");
    assert!(site.contains("upload-pages-artifact"));
    let check = &reusable[reusable.find("\n  check:\n").unwrap()..reusable.find("\n  avv-binary:\n").unwrap()];
    for step in ["- name: Validate", "- name: The hook's checks over the pushed commits"] {
        assert!(check.contains(step), "the check job has `{step}`");
    }
    // This repository's publishing: validated and checked before the build,
    // in the job that builds.
    let publish = workflow("publish.yml");
    let at = |text: &str| publish.find(text).unwrap_or_else(|| panic!("publish.yml has no `{text}`"));
    assert!(at("- name: Validate") < at("- name: Build the site"));
    assert!(at("- name: The hook's checks over the pushed commits") < at("- name: Build the site"));
    assert!(at("\n  build:\n") < at("- name: Validate") && at("- name: Build the site") < at("\n  deploy:\n"));
}

#[test]
fn every_pull_request_is_checked() {
    // A paths filter would let a pull request that adds avv's private
    // output outside agreements/ (customer contracts, letters) through
    // unchecked: `private-output-committed` is found by `avv hook range`.
    let checks = workflow("agreements.yml");
    let on = &checks[checks.find("\non:\n").unwrap()..checks.find("\njobs:\n").unwrap()];
    assert!(on.contains("pull_request:"), "{on}");
    assert!(!on.contains("paths"), "{on}");
    assert!(checks.contains("avv hook range \"${BASE_REF}...HEAD\""));
}
