//! The render fixture `acme` (an agreement with a customer instance that
//! signed it) in a fresh git repository, with the git and avv those
//! tests run on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The render fixture.
pub fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/render/acme")
}

/// A repository with the fixture committed as version 1.6; builds,
/// shards and caches in it are ignored.
pub fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary folder: {e}"));
    super::copy_dir(&fixture(), &dir.path().join("agreements/acme"));
    std::fs::write(dir.path().join(".gitignore"), "/site*/\n/private*/\n/shard-*/\n/cache*/\n")
        .unwrap_or_else(|e| panic!("cannot write .gitignore: {e}"));
    git(dir.path(), &["init", "-q"]);
    commit(dir.path(), "acme 1.6");
    dir
}

/// Runs git in `dir`; its output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git").args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("git: {e}"));
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Commits everything in `dir`.
pub fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", message]);
}

/// A new version: a clause reworded and the version bumped, committed.
pub fn new_version(dir: &Path, from: &str, to: &str) {
    let path = dir.join("agreements/acme/agreement.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read the agreement: {e}"));
    let text = text.replacen(&format!("version = \"{from}\""), &format!("version = \"{to}\""), 1).replacen(
        "Vertrag über die Kundenverwaltung",
        &format!("Vertrag über die Kundenverwaltung ({to})"),
        1,
    );
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write the agreement: {e}"));
    commit(dir, &format!("acme {to}"));
}

/// Runs avv in `dir` as CI does: without SOURCE_DATE_EPOCH (a PDF is
/// dated by its commit) and without a cache folder from the environment.
pub fn avv(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_avv"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("AVV_CACHE_DIR")
        .output()
        .unwrap_or_else(|e| panic!("avv: {e}"))
}

/// The output of a run that must succeed.
pub fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "avv failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
