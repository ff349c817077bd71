//! Incremental and sharded builds: the render cache and `--shard`/`--merge`
//! change how much is rendered, never what is published. Every site here is
//! compared byte for byte with a clean build of the same commit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::acme::{avv, git, new_version, ok, repository};
use support::{copy_dir, files};

const AVV: &str = env!("CARGO_BIN_EXE_avv");

/// (rendered, from the cache) as `avv build` reports them.
fn counts(stdout: &str) -> (usize, usize) {
    let rendered = stdout.split(" rendered").next().and_then(|s| s.rsplit(' ').next()).unwrap();
    let reused = stdout.split(" from the cache").next().and_then(|s| s.rsplit(' ').next()).unwrap();
    (rendered.parse().unwrap(), reused.parse().unwrap())
}

/// Asserts that two sites hold the same files, byte for byte.
fn assert_same(what: &str, expected: &Path, actual: &Path) {
    let (expected, actual) = (files(expected), files(actual));
    let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&expected), names(&actual), "{what}: other files");
    for (name, bytes) in &expected {
        assert!(&actual[name] == bytes, "{what}: `{}` differs", name.display());
    }
}

/// A clean build of the current commit, without the cache, into `name`.
fn clean_build(dir: &Path, name: &str) -> PathBuf {
    ok(avv(dir, &["build", "--no-cache", "--out", name, "--private-out", &format!("{name}-private")]));
    dir.join(name)
}

fn cached_build(dir: &Path) -> (usize, usize) {
    counts(&ok(avv(dir, &["build", "--cache-dir", "cache", "--out", "site", "--private-out", "site-private"])))
}

fn cache_entries(dir: &Path) -> Vec<PathBuf> {
    files(&dir.join("cache")).into_keys().collect()
}

/// The entry files of the cache at `cache`, with their paths.
fn cache_entries_of(cache: &Path) -> Vec<PathBuf> {
    files(cache).into_keys().map(|file| cache.join(file)).collect()
}

/// The customer contracts' entries, kept apart from the public cache.
fn private_entries(dir: &Path) -> Vec<PathBuf> {
    files(&dir.join("cache-private")).into_keys().collect()
}

#[test]
fn a_rebuild_renders_only_what_changed_and_publishes_the_same_bytes() {
    let repo = repository();
    let dir = repo.path();

    let reference = clean_build(dir, "site-clean");
    let (rendered, reused) = cached_build(dir);
    assert!(rendered > 0 && reused == 0, "first build: {rendered} rendered, {reused} reused");
    let total = rendered;
    assert_same("first cached build", &reference, &dir.join("site"));
    assert_same("first cached build (private)", &dir.join("site-clean-private"), &dir.join("site-private"));
    // The customer's contract in four formats, and nothing else, is kept apart.
    assert_eq!(private_entries(dir).len(), 4);
    assert_eq!(cache_entries(dir).len() + 4, total);

    // Nothing changed: nothing is rendered.
    assert_eq!(cached_build(dir), (0, total));
    assert_same("rebuild", &reference, &dir.join("site"));
    assert_same("rebuild (private)", &dir.join("site-clean-private"), &dir.join("site-private"));

    // A damaged entry, and one written for another document, are rendered
    // again and never published.
    let entries = cache_entries(dir);
    let (first, second) = (dir.join("cache").join(&entries[0]), dir.join("cache").join(&entries[1]));
    let mut damaged = std::fs::read(&first).unwrap();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    std::fs::write(&first, damaged).unwrap();
    std::fs::copy(dir.join("cache").join(&entries[2]), &second).unwrap();
    let stdout = ok(avv(dir, &["build", "--cache-dir", "cache", "--out", "site", "--private-out", "site-private"]));
    assert_eq!(counts(&stdout), (2, total - 2), "{stdout}");
    assert!(stdout.contains("2 damaged cache entries rendered again"), "{stdout}");
    assert_same("rebuild over damaged entries", &reference, &dir.join("site"));
    assert_same("rebuild over damaged entries (private)", &dir.join("site-clean-private"), &dir.join("site-private"));
    assert_eq!(cached_build(dir), (0, total), "the damaged entries were not repaired");

    // A new version renders its own documents and its Synopse; the earlier
    // version's documents and the customer's contract (signed on 1.6) are reused.
    new_version(dir, "1.6", "1.7");
    let (rendered, reused) = cached_build(dir);
    let reference = clean_build(dir, "site-clean-1.7");
    assert_same("after a new version", &reference, &dir.join("site"));
    assert_same("after a new version (private)", &dir.join("site-clean-1.7-private"), &dir.join("site-private"));
    // 1.7 in four formats, the Synopse 1.6 → 1.7 in three; 1.6 moves to the
    // archive with the same bytes (its trace names its own commit).
    assert_eq!(rendered, 7, "{rendered} rendered, {reused} reused");
    assert_eq!(reused, total, "{rendered} rendered, {reused} reused");

    // The cache grows by what a new version adds, and entries the build no
    // longer uses (here: the customer's contract, not built) are removed.
    let before = cache_entries(dir).len() + private_entries(dir).len();
    new_version(dir, "1.7", "1.8");
    cached_build(dir);
    assert_eq!(cache_entries(dir).len() + private_entries(dir).len(), before + 7);
    ok(avv(dir, &["build", "--cache-dir", "cache", "--out", "site", "--no-private"]));
    assert_eq!(cache_entries(dir).len(), before + 7 - 4);
    assert!(private_entries(dir).is_empty(), "the customer's four entries were kept");
}

#[test]
fn three_shards_merge_into_the_single_machine_site() {
    let repo = repository();
    let dir = repo.path();
    new_version(dir, "1.6", "1.7");
    new_version(dir, "1.7", "1.8");
    let reference = clean_build(dir, "site-clean");

    let mut documents = 0;
    for k in 1..=3 {
        let stdout = ok(avv(
            dir,
            &["build", "--no-cache", "--shard", &format!("{k}/3"), "--out", &format!("shard-{k}"), "--no-private"],
        ));
        assert!(stdout.contains(&format!("rendered shard {k}/3")), "{stdout}");
        let count = files(&dir.join(format!("shard-{k}"))).len() - 1; // the manifest
        assert!(count > 0, "shard {k} is empty");
        documents += count;
    }
    // Shards hold no customer contract unless asked: the merge renders them itself.
    let merged = ok(avv(
        dir,
        &["build", "--no-cache", "--merge", "shard-1", "shard-2", "shard-3", "--out", "merged", "--private-out", "mp"],
    ));
    let private: usize = merged
        .split(" customer contract files")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(private > 0);
    assert_eq!(counts(&merged).0, private, "the merge renders the customer contracts alone: {merged}");
    assert_same("merged site", &reference, &dir.join("merged"));
    assert_same("merged private output", &dir.join("site-clean-private"), &dir.join("mp"));
    // Without --no-private too: a shard folder is uploaded as an artifact.
    // (The fixture's customer lives at "Marktplatz 1"; Markdown entries are plain text.)
    let holds_customer = |k: usize| {
        files(&dir.join(format!("shard-{k}")))
            .values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains("Marktplatz 1"))
    };
    for k in 1..=3 {
        ok(avv(dir, &["build", "--no-cache", "--shard", &format!("{k}/3"), "--out", &format!("shard-{k}")]));
        assert!(!holds_customer(k), "shard {k} holds the customer's address");
    }
    // --shard-private takes them into the shards, with a warning.
    for k in 1..=3 {
        let output = avv(
            dir,
            &["build", "--no-cache", "--shard", &format!("{k}/3"), "--out", &format!("shard-{k}"), "--shard-private"],
        );
        assert!(String::from_utf8_lossy(&output.stderr).contains("personal data"));
        ok(output);
    }
    assert!((1..=3).any(holds_customer), "no shard holds the customer contract");
    let stdout = ok(avv(
        dir,
        &[
            "build",
            "--no-cache",
            "--merge",
            "shard-1",
            "shard-2",
            "shard-3",
            "--out",
            "merged",
            "--private-out",
            "merged-private",
        ],
    ));
    let (rendered, reused) = counts(&stdout);
    assert_eq!(rendered, 0, "the merge rendered documents itself: {stdout}");
    assert_eq!(reused, 0, "nothing came from a cache: {stdout}");
    let from_shards: usize =
        stdout.split(" from the shards").next().and_then(|s| s.rsplit(' ').next()).unwrap().parse().unwrap();
    assert!(from_shards > documents, "{stdout}");
    assert_same("merged site", &reference, &dir.join("merged"));
    assert_same("merged private output", &dir.join("site-clean-private"), &dir.join("merged-private"));

    // A missing share and a share of another commit are refused.
    let missing = avv(dir, &["build", "--merge", "shard-1", "shard-3", "--out", "merged"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("the shard 2 of 3 is missing"), "{missing:?}");
    new_version(dir, "1.8", "1.9");
    let stale = avv(dir, &["build", "--merge", "shard-1", "shard-2", "shard-3", "--out", "merged"]);
    assert!(String::from_utf8_lossy(&stale.stderr).contains("same commit"), "{stale:?}");
    // The refused merges left the merged site as it was.
    assert_same("after refused merges", &reference, &dir.join("merged"));
}

#[test]
fn json_output_says_what_was_written() {
    let dir = repository();
    let output = avv(dir.path(), &["build", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    assert_eq!(value["version"], 1);
    assert_eq!(value["built"], true);
    assert_eq!(value["agreements"], 1);
    let out = PathBuf::from(value["out"].as_str().expect("out"));
    assert!(out.join("index.html").is_file(), "{out:?}");
    let documents = value["documents"].as_u64().expect("documents");
    assert!(documents >= 3, "{value}");
    // A first build renders every document, public and private, and takes none from the cache.
    let private = value["private_documents"].as_u64().expect("private_documents");
    assert!(private >= 1 && PathBuf::from(value["private"].as_str().expect("private")).is_dir());
    assert_eq!(value["cache"]["rendered"].as_u64(), Some(documents + private), "{value}");
    assert_eq!(value["cache"]["reused"], 0);
    // Again: everything from the cache.
    let value: serde_json::Value =
        serde_json::from_slice(&avv(dir.path(), &["build", "--format", "json"]).stdout).expect("JSON");
    assert_eq!(value["cache"]["rendered"], 0);
    assert_eq!(value["cache"]["reused"].as_u64(), Some(documents + private));
    // A document the cache cannot keep is said (the site is built all the
    // same): each entry made a folder, which no entry can replace.
    for entry in cache_entries_of(&dir.path().join(".git/avv/cache")) {
        std::fs::remove_file(&entry).unwrap();
        std::fs::create_dir_all(entry.join("besetzt")).unwrap();
    }
    let output = avv(dir.path(), &["build", "--format", "json", "--no-private"]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(value["cache"]["unwritten"].as_u64(), Some(documents), "{value}");
    assert!(
        stderr.contains(&format!("warning: {documents} rendered documents could not be kept in the cache")),
        "{stderr}"
    );
    // A shard with the customer contracts counts them as what they are.
    let value: serde_json::Value = serde_json::from_slice(
        &avv(dir.path(), &["build", "--shard", "1/1", "--shard-private", "--out", "shard-1", "--format", "json"])
            .stdout,
    )
    .expect("JSON");
    assert_eq!(value["private_documents"].as_u64(), Some(private), "{value}");
    assert_eq!(value["documents"].as_u64(), Some(documents), "{value}");
    // Findings that stop the build are in the document, and nothing is built.
    let file = dir.path().join("agreements/acme/agreement.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("\ntitle = ", "\ntitel = ", 1)).unwrap();
    let output = avv(dir.path(), &["build", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(value["built"], false);
    assert_eq!(value["out"], serde_json::Value::Null);
    assert_eq!(value["diagnostics"][0]["code"], "unknown-key");
}

#[test]
fn builds_into_one_site_at_the_same_time_take_turns() {
    let repo = repository();
    let dir = repo.path();
    ok(avv(dir, &["build"]));
    let expected = files(&dir.join("site"));
    // While another build holds the turn, a build waits.
    let turn = std::fs::File::open(dir).unwrap();
    turn.lock().unwrap();
    let mut waiting = Command::new(AVV)
        .arg("build")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(waiting.try_wait().unwrap().is_none(), "the build went ahead while another held the turn");
    turn.unlock().unwrap();
    assert!(waiting.wait().unwrap().success());
    // Each swaps the site folder: without turns one moved the other's away
    // ("cannot move the new site into …").
    let runs: Vec<std::process::Child> = (0..4)
        .map(|_| {
            Command::new(AVV)
                .arg("build")
                .current_dir(dir)
                .env("NO_COLOR", "1")
                .env_remove("SOURCE_DATE_EPOCH")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        ok(run.wait_with_output().unwrap());
    }
    assert_eq!(files(&dir.join("site")), expected, "the site is whole and the same");
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".site") || name.starts_with(".private"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Wording committed after the latest version without a new one is the
/// draft's: the latest version's documents and its Synopse keep their
/// bytes, with no row for the unpublished changes in their version table.
#[test]
fn later_commits_leave_the_latest_versions_documents_as_they_were() {
    let repo = repository();
    let dir = repo.path();
    new_version(dir, "1.6", "1.7");
    let before = files(&clean_build(dir, "site-a"));
    let path = dir.join("agreements/acme/agreement.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("Vertrag über die Kundenverwaltung", "Vertrag zur Kundenverwaltung", 1))
        .unwrap();
    git(dir, &["add", "-A"]);
    let committed = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "wording, no new version"])
        .env("GIT_COMMITTER_DATE", "2031-02-03T12:00:00+01:00")
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(committed.status.success());
    let after = files(&clean_build(dir, "site-b"));
    let versions: Vec<&PathBuf> = before
        .keys()
        .filter(|name| {
            let name = name.to_string_lossy();
            (name.contains("1.7") || name.contains("1.6")) && !name.contains("entwurf")
        })
        .collect();
    assert!(versions.iter().any(|n| n.to_string_lossy().ends_with("1.7.pdf")), "{:?}", before.keys());
    for name in versions {
        assert!(after[name] == before[name], "`{}` changed with a later commit", name.display());
        let text = String::from_utf8_lossy(&before[name]);
        assert!(!text.contains("unveröffentlicht"), "`{}` names unpublished changes", name.display());
    }
    // The draft does show them, dated by their commit, not by the version
    // before them.
    let names: Vec<String> = after.keys().map(|n| n.to_string_lossy().into_owned()).collect();
    assert!(names.iter().any(|n| n.contains("entwurf")), "{names:?}");
    let draft = String::from_utf8_lossy(&after[&PathBuf::from("acme/acme-entwurf.md")]).into_owned();
    let row = draft.lines().find(|l| l.contains("unveröffentlichte Änderungen seit")).expect("the draft's row");
    assert!(row.contains("03.02.2031"), "{row}");
}

/// The stderr of a build refused with exit code 2.
fn refused(output: Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn mistaken_folders_and_shards_are_refused_with_what_is_wrong() {
    let repo = repository();
    let dir = repo.path();
    ok(avv(dir, &["build", "--no-private"]));

    // Shares beyond any matrix: refused at once, not dealt out for minutes.
    for huge in ["1/18446744073709551615", "1/4294967295", "1/1001"] {
        let stderr = refused(avv(dir, &["build", "--shard", huge, "--out", "shard-x"]));
        assert!(stderr.contains("at most 1000"), "{huge}: {stderr}");
    }
    // A shard into the site, and a site into a shard folder: said as what they are.
    let stderr = refused(avv(dir, &["build", "--shard", "1/2", "--out", "site", "--no-private"]));
    assert!(stderr.contains("is a site avv built, not a shard folder"), "{stderr}");
    ok(avv(dir, &["build", "--no-cache", "--shard", "1/2", "--out", "shard-1", "--no-private"]));
    ok(avv(dir, &["build", "--no-cache", "--shard", "2/2", "--out", "shard-2", "--no-private"]));
    let stderr = refused(avv(dir, &["build", "--out", "shard-1", "--no-private"]));
    assert!(stderr.contains("is a shard folder, not a site avv built"), "{stderr}");

    // A damaged entry in a shard is named as damaged, not as missing.
    let entry = files(&dir.join("shard-2")).into_keys().find(|f| !f.ends_with("avv-shard.json")).unwrap();
    std::fs::write(dir.join("shard-2").join(&entry), b"nicht mehr das Dokument").unwrap();
    let stderr =
        refused(avv(dir, &["build", "--no-cache", "--merge", "shard-1", "shard-2", "--out", "merged", "--no-private"]));
    assert!(stderr.contains("in the shard") && stderr.contains("is damaged"), "{stderr}");

    // A cache in or around an output folder would be removed with it, or published.
    for (cache, out) in [("site/cache", "site"), ("site", "site"), ("out", "out/site")] {
        let stderr = refused(avv(dir, &["build", "--no-private", "--cache-dir", cache, "--out", out]));
        assert!(stderr.contains("overlap: the build would remove or publish the cache"), "{cache}: {stderr}");
    }
    let stderr = refused(avv(dir, &["build", "--cache-dir", "cache-p", "--private-out", "cache-p-private"]));
    assert!(stderr.contains("the private folder"), "{stderr}");
    // A stray file in the cache is named; a file is no cache folder.
    let cache = dir.join(".git/avv/cache");
    std::fs::write(cache.join("LIESMICH"), "notiz").unwrap();
    let stderr = refused(avv(dir, &["build", "--no-private"]));
    assert!(stderr.contains("LIESMICH`, which avv did not write"), "{stderr}");
    assert!(stderr.contains("If the folder is avv's cache, remove that file"), "{stderr}");
    std::fs::remove_file(cache.join("LIESMICH")).unwrap();
    std::fs::write(dir.join("cache-file"), "x").unwrap();
    for path in ["cache-file", "cache-file/sub"] {
        let stderr = refused(avv(dir, &["build", "--no-private", "--cache-dir", path]));
        assert!(stderr.contains("it is a file, or lies under one"), "{path}: {stderr}");
    }
    // An empty AVV_CACHE_DIR, as CI sets unset variables, means the default.
    let output = Command::new(AVV)
        .args(["build", "--no-private"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("AVV_CACHE_DIR", "")
        .output()
        .unwrap();
    let (rendered, _) = counts(&ok(output));
    assert_eq!(rendered, 0, "the default cache was used");
}

/// The entries of `dir` whose names start with `prefix`.
fn named(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| e.path())
        .collect()
}

/// Whether any file lies under `dir`, however deep.
fn holds_a_file(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().any(|e| e.path().is_file() || holds_a_file(&e.path())))
        .unwrap_or(false)
}

#[cfg(unix)]
#[test]
fn an_interrupted_build_leaves_no_half_written_folder() {
    // Ctrl-C, and SIGTERM as a cancelled CI job sends it.
    for signal in ["-INT", "-TERM"] {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../agreements"), &dir.path().join("agreements"));
        let mut child = Command::new(AVV)
            .args(["build", "--no-cache"])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Interrupted once customer contracts are being written beside `private/`.
        let started = std::time::Instant::now();
        let writing = loop {
            let staging = named(dir.path(), ".private.tmp-");
            if staging.iter().any(|folder| holds_a_file(folder)) {
                break true;
            }
            if child.try_wait().unwrap().is_some() || started.elapsed() > std::time::Duration::from_secs(120) {
                break false;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        assert!(writing, "the build ended before it could be interrupted");
        let kill = Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
        assert!(kill.success());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(130), "{signal}: {stderr}");
        assert!(stderr.contains("interrupted: nothing was published"), "{stderr}");
        for prefix in [".site.", ".private.", "site", "private"] {
            assert!(named(dir.path(), prefix).is_empty(), "{signal}: {prefix}… left behind");
        }
    }
}
