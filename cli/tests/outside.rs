//! Nothing outside the repository is read: templates, agreement folders and
//! customer folders that are links leading out of it are refused, and so
//! are FIFOs and devices, whatever command meets them.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/render/acme")
}

/// A repository with the render fixture as `agreements/acme`, and a folder
/// beside it (outside the repository) with a secret in it.
struct Setup {
    _tmp: tempfile::TempDir,
    repo: PathBuf,
    outside: PathBuf,
}

const SECRET: &str = "GEHEIM-4711-nicht-veröffentlichen";

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let dir = repo.join("agreements/acme");
    std::fs::create_dir_all(dir.join("customers")).unwrap();
    for file in ["agreement.toml", "tom.toml", "subprocessors.toml", "customers/kunde.toml"] {
        std::fs::copy(fixture().join(file), dir.join(file)).unwrap();
    }
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), format!("{SECRET}\n")).unwrap();
    Setup { _tmp: tmp, repo, outside }
}

fn avv(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_avv")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

fn all_text(dir: &Path) -> String {
    let mut out = String::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.push_str(&all_text(&path));
            } else {
                out.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
            }
        }
    }
    out
}

fn refused(output: &Output, what: &str) {
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(!output.status.success(), "{what}: went through\n{said}");
    assert!(!said.contains(SECRET), "{what}: the secret was printed");
    assert!(said.contains("outside the repository"), "{what}: {said}");
}

#[test]
fn a_template_linked_to_a_file_outside_is_refused() {
    for name in ["style.css", "document.md.j2", "document.html.j2"] {
        let setup = setup();
        std::fs::create_dir(setup.repo.join("templates")).unwrap();
        symlink(setup.outside.join("secret.txt"), setup.repo.join("templates").join(name)).unwrap();
        let output = avv(&setup.repo, &["build", "--no-private"]);
        refused(&output, name);
        assert!(!all_text(&setup.repo.join("site")).contains(SECRET), "{name}: published");
        let output = avv(&setup.repo, &["render", "agreements/acme", "--format", "md"]);
        if name == "document.md.j2" {
            refused(&output, "render");
        }
    }
}

#[test]
fn a_templates_folder_linked_outside_is_refused() {
    let setup = setup();
    std::fs::write(setup.outside.join("style.css"), format!("/* {SECRET} */")).unwrap();
    symlink(&setup.outside, setup.repo.join("templates")).unwrap();
    refused(&avv(&setup.repo, &["build", "--no-private"]), "templates/ -> outside");
}

#[test]
fn a_fifo_or_device_as_a_template_is_refused_without_hanging() {
    let setup = setup();
    std::fs::create_dir(setup.repo.join("templates")).unwrap();
    symlink("/dev/zero", setup.repo.join("templates/style.css")).unwrap();
    let output = avv(&setup.repo, &["build", "--no-private"]);
    assert!(!output.status.success());
    let fifo = setup.repo.join("templates/document.md.j2");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    std::fs::remove_file(setup.repo.join("templates/style.css")).unwrap();
    let output = avv(&setup.repo, &["render", "agreements/acme", "--format", "md"]);
    assert!(!output.status.success(), "a FIFO is no template");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("special file"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn agreement_and_customer_folders_linked_from_outside_are_refused() {
    let setup = setup();
    // The agreement folder itself, moved out and linked in.
    std::fs::rename(setup.repo.join("agreements/acme"), setup.outside.join("acme")).unwrap();
    symlink(setup.outside.join("acme"), setup.repo.join("agreements/acme")).unwrap();
    let output = avv(&setup.repo, &["validate", "--no-cache"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("symlink-outside-repo"));
    // Only its customers folder.
    std::fs::remove_file(setup.repo.join("agreements/acme")).unwrap();
    std::fs::rename(setup.outside.join("acme"), setup.repo.join("agreements/acme")).unwrap();
    std::fs::rename(setup.repo.join("agreements/acme/customers"), setup.outside.join("customers")).unwrap();
    symlink(setup.outside.join("customers"), setup.repo.join("agreements/acme/customers")).unwrap();
    let output = avv(&setup.repo, &["validate", "--no-cache"]);
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("symlink-outside-repo") && report.contains("agreements/acme/customers"), "{report}");
    assert!(!avv(&setup.repo, &["build"]).status.success(), "nothing is built from it");
}

#[test]
fn a_repository_of_another_user_is_a_clear_error_not_an_empty_history() {
    let setup = setup();
    let git = |args: &[&str]| {
        Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(&setup.repo)
            .output()
            .unwrap()
    };
    assert!(git(&["init", "-q"]).status.success());
    assert!(git(&["add", "-A"]).status.success());
    assert!(git(&["commit", "-q", "-m", "acme"]).status.success());
    // Hand the repository to another user (possible where the tests run as root, as in CI).
    let chown = Command::new("chown").args(["-R", "nobody"]).arg(&setup.repo).output().unwrap();
    if !chown.status.success() {
        eprintln!("skipped: cannot give the repository to another user here");
        return;
    }
    for args in [&["history", "acme"][..], &["build", "--no-private"]] {
        let output = avv(&setup.repo, args);
        assert!(!output.status.success(), "{args:?} went through");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("belongs to another user") && stderr.contains("safe.directory"), "{args:?}: {stderr}");
    }
}
