//! `avv render` and `avv build` end to end: the real binary on throw-away
//! repositories made from the render fixture, checked by exit code and files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/render/acme")
}

/// A repository with the render fixture as `agreements/acme`.
fn repository() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("agreements/acme");
    std::fs::create_dir_all(dir.join("customers")).unwrap();
    for file in ["agreement.toml", "tom.toml", "subprocessors.toml", "customers/kunde.toml"] {
        std::fs::copy(fixture().join(file), dir.join(file)).unwrap();
    }
    tmp
}

fn avv(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_avv"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn render_writes_markdown_and_html_to_stdout() {
    let repo = repository();
    let output = avv(repo.path(), &["render", "agreements/acme", "--format", "md"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("\n# Vertrag zur Auftragsverarbeitung\n"), "{}", text(&output.stdout));

    let output = avv(repo.path(), &["render", "agreements/acme/customers/kunde.toml", "--format", "html"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let html = text(&output.stdout);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the instance's values are filled in");
}

#[test]
fn render_out_writes_the_published_file_name() {
    let repo = repository();
    let output = avv(repo.path(), &["render", "agreements/acme", "--format", "html", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let written = repo.path().join("out/acme-1.6.html");
    assert!(written.is_file());
    assert!(text(&output.stdout).contains("acme-1.6.html"));

    let output =
        avv(repo.path(), &["render", "agreements/acme/customers/kunde.toml", "--format", "pdf", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(std::fs::read(repo.path().join("out/kunde.pdf")).unwrap().starts_with(b"%PDF-"));
    let names: Vec<String> = std::fs::read_dir(repo.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "no temporary file is left: {names:?}");
}

#[test]
fn render_pdf_to_a_pipe() {
    let repo = repository();
    let output = avv(repo.path(), &["render", "agreements/acme", "--format", "pdf"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stdout.starts_with(b"%PDF-"));
}

#[test]
fn render_docx_writes_a_word_file() {
    let repo = repository();
    let output = avv(repo.path(), &["render", "agreements/acme", "--format", "docx", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("acme-1.6.docx"));
    let docx = std::fs::read(repo.path().join("out/acme-1.6.docx")).unwrap();
    assert!(docx.starts_with(b"PK\x03\x04"), "a ZIP container");
    // To a pipe as well; the customer's contract with its values filled in.
    let output = avv(repo.path(), &["render", "agreements/acme/customers/kunde.toml", "--format", "docx"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stdout.starts_with(b"PK\x03\x04"));
    // The same bytes again.
    let again = avv(repo.path(), &["render", "agreements/acme", "--format", "docx"]);
    assert_eq!(again.stdout, docx);
}

#[test]
fn render_exit_codes() {
    let repo = repository();
    // Not a document: avv cannot run.
    let output = avv(repo.path(), &["render", "agreements", "--format", "md"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("neither an agreement folder nor a customer instance file"));
    let output = avv(repo.path(), &["render", "missing", "--format", "md"]);
    assert_eq!(output.status.code(), Some(2));
    let output = avv(repo.path(), &["render", "agreements/acme/customers/nobody.toml", "--format", "md"]);
    assert_eq!(output.status.code(), Some(2));

    // Findings with errors: exit 1, the diagnostics on stderr, nothing on stdout.
    let tom = repo.path().join("agreements/acme/tom.toml");
    std::fs::write(&tom, std::fs::read_to_string(&tom).unwrap().replace("[annex]", "[annex]\ntitel = \"x\"")).unwrap();
    let output = avv(repo.path(), &["render", "agreements/acme", "--format", "md", "--out", "out"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("unknown-key"), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());
    assert!(!repo.path().join("out").exists());
}

#[test]
fn build_writes_the_site_and_says_where_it_is() {
    let repo = repository();
    let output = avv(repo.path(), &["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("built 1 agreement (4 documents; 8 rendered, 0 from the cache)"), "{stdout}");
    assert!(stdout.contains("file://") && stdout.contains("index.html"), "{stdout}");
    assert!(stdout.contains("wrote 4 customer contract files (personal data, not published) in private"), "{stdout}");
    let site = repo.path().join("site");
    for file in ["index.html", "style.css", "acme/index.html", "acme/acme-1.6.pdf", "acme/acme-1.6.docx"] {
        assert!(site.join(file).is_file(), "{file}");
    }
    assert!(std::fs::read(site.join("acme/acme-1.6.docx")).unwrap().starts_with(b"PK\x03\x04"));
    // The agreement's page offers the DOCX for download.
    let page = std::fs::read_to_string(site.join("acme/index.html")).unwrap();
    assert!(page.contains(r#"class="download download-docx" href="acme-1.6.docx""#), "{page}");
    assert!(page.contains(">Word (DOCX)</a>"), "{page}");
    // The customer's contract goes to the private output, as the other formats.
    assert!(repo.path().join("private/acme/kunde.md").is_file());
    assert!(repo.path().join("private/acme/kunde.docx").is_file());
    assert!(!site.join("acme/customers/kunde.docx").exists());
    // Building again replaces the site. Outside git there is no default
    // cache (and a PDF or DOCX has no commit to be dated by): everything is rendered.
    let output = avv(repo.path(), &["build", "--out", "site"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("(4 documents; 8 rendered, 0 from the cache)"), "{}", text(&output.stdout));
    // With a cache, what is dated by the clock is still never reused.
    for expected in ["8 rendered, 0 from the cache", "4 rendered, 4 from the cache"] {
        let output = avv(repo.path(), &["build", "--cache-dir", "cache"]);
        assert!(text(&output.stdout).contains(expected), "{}", text(&output.stdout));
    }
    for expected in ["4 rendered, 4 from the cache", "0 rendered, 8 from the cache"] {
        let output = Command::new(env!("CARGO_BIN_EXE_avv"))
            .args(["build", "--cache-dir", "cache"])
            .current_dir(repo.path())
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        assert!(text(&output.stdout).contains(expected), "{}", text(&output.stdout));
    }
}

#[test]
fn build_exit_codes() {
    let repo = repository();
    // A folder avv did not build is never replaced: avv cannot run.
    std::fs::create_dir(repo.path().join("docs")).unwrap();
    std::fs::write(repo.path().join("docs/notes.md"), "mine").unwrap();
    let output = avv(repo.path(), &["build", "--out", "docs"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("not a site avv built"), "{}", text(&output.stderr));
    assert_eq!(std::fs::read_to_string(repo.path().join("docs/notes.md")).unwrap(), "mine");

    // Findings with errors: exit 1 and nothing written.
    let agreement = repo.path().join("agreements/acme/agreement.toml");
    std::fs::write(
        &agreement,
        std::fs::read_to_string(&agreement).unwrap().replace("date = 2024-02-29", "date = 2024-02-30"),
    )
    .unwrap();
    let output = avv(repo.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("error"), "{}", text(&output.stderr));
    assert!(!repo.path().join("site").exists());
}

#[test]
fn a_killed_build_is_tidied_up_by_the_next() {
    let repo = repository();
    let output = avv(repo.path(), &["build", "--no-private"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    // Killed between its two renames: the site moved aside, the new one not in.
    let gone = 2_147_483_000u32;
    std::fs::rename(repo.path().join("site"), repo.path().join(format!(".site.old-{gone}"))).unwrap();
    std::fs::create_dir_all(repo.path().join(format!(".site.tmp-{gone}/acme"))).unwrap();
    std::fs::write(repo.path().join("agreements/acme/tom.toml"), "schema_version = [").unwrap();
    // This build finds errors and writes nothing, but puts the old site back.
    let output = avv(repo.path(), &["build", "--no-private"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(repo.path().join("site/index.html").is_file(), "the previous site is back");
    let names: Vec<String> = std::fs::read_dir(repo.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with(".site.")), "{names:?}");
}

#[test]
fn a_killed_fmt_leaves_nothing_behind_the_next() {
    let repo = repository();
    let leftover = repo.path().join("agreements/acme/.tom.toml.tmp-2147483000");
    std::fs::write(&leftover, "halb geschrieben").unwrap();
    // A file fmt must rewrite.
    let tom = repo.path().join("agreements/acme/tom.toml");
    let before = std::fs::read_to_string(&tom).unwrap();
    std::fs::write(&tom, before.replacen("schema_version = 1", "schema_version   =   1", 1)).unwrap();
    let output = avv(repo.path(), &["fmt", "agreements/acme/tom.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(!leftover.exists());
}
