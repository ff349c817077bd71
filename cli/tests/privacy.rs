//! Customer instances hold personal data (TrafficPlex's holds a natural
//! person's name, address and customer number): `avv build` never puts any
//! of it into the public site unless the instance opts in, and writes the
//! contracts into the private folder instead.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::copy_dir;

const AVV: &str = env!("CARGO_BIN_EXE_avv");

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A repository with the bundled agreements committed, the customer
/// having moved since it signed (an address for letters, `[mailing]`).
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&workspace().join("agreements"), &dir.path().join("agreements"));
    let customer = dir.path().join("agreements/trafficplex/customers/kunde-203523.toml");
    let mut text = std::fs::read_to_string(&customer).unwrap();
    text.push_str("\n[mailing]\naddress = [\"Thorsten Wolske\", \"Umzugsweg 9\", \"99999 Neustadt am Rande\"]\n");
    std::fs::write(&customer, text).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "/site/\n/private/\n").unwrap();
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "agreements"],
    ] {
        let output = Command::new("git").args(args).current_dir(dir.path()).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    dir
}

fn build(dir: &Path) -> std::process::Output {
    Command::new(AVV).args(["build"]).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

/// Every string a customer file holds that no agreement's own files do (so
/// a data category the templates name, "Personenstammdaten", does not count).
fn customer_values(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let folders: Vec<PathBuf> =
        std::fs::read_dir(root.join("agreements")).unwrap().flatten().map(|e| e.path()).collect();
    let own: String = folders
        .iter()
        .flat_map(|folder| ["agreement.toml", "tom.toml", "subprocessors.toml"].map(|f| folder.join(f)))
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    for agreement in &folders {
        let customers = agreement.join("customers");
        let Ok(files) = std::fs::read_dir(&customers) else { continue };
        for file in files.flatten() {
            let text = std::fs::read_to_string(file.path()).unwrap();
            let value: toml_value::Value = toml_value::parse(&text);
            let mut strings = Vec::new();
            value.strings(&mut strings);
            strings.push(file.path().file_stem().unwrap().to_string_lossy().into_owned());
            for s in strings {
                if s.chars().count() >= 4 && !own.contains(&s) && !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// The strings of a TOML file, without a TOML crate in the CLI's tests:
/// `avv schema` is not needed, `avv fmt` is not either; the values are
/// read with a small scanner for `key = "value"` and array strings.
mod toml_value {
    pub struct Value(Vec<String>);

    pub fn parse(text: &str) -> Value {
        let mut out = Vec::new();
        for line in text.lines() {
            let mut rest = line;
            while let Some(start) = rest.find('"') {
                let after = &rest[start + 1..];
                let Some(end) = after.find('"') else { break };
                out.push(after[..end].to_owned());
                rest = &after[end + 1..];
            }
            // Bare values: numbers and dates.
            if let Some((_, value)) = line.split_once(" = ")
                && !value.starts_with(['"', '[', '{'])
            {
                out.push(value.trim().to_owned());
            }
        }
        Value(out)
    }

    impl Value {
        pub fn strings(&self, out: &mut Vec<String>) {
            out.extend(self.0.iter().cloned());
        }
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The text of every entry of a DOCX (a ZIP container).
fn docx_parts(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a ZIP file");
    let mut text = String::new();
    for i in 0..archive.len() {
        archive.by_index(i).unwrap().read_to_string(&mut text).expect("a text entry");
    }
    text
}

#[test]
fn no_customer_value_reaches_the_public_site() {
    let dir = repository();
    let output = build(dir.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let values = customer_values(dir.path());
    assert!(values.iter().any(|v| v == "Thorsten Wolske"), "the corpus has the customer's name: {values:?}");
    assert!(values.iter().any(|v| v == "203523"), "and the customer number");
    assert!(values.iter().any(|v| v == "Umzugsweg 9"), "and the address for letters");
    let mut files = Vec::new();
    files_under(&dir.path().join("site"), &mut files);
    assert!(files.len() > 20, "the site was built");
    // The render cache is public too: the workflows keep it in
    // actions/cache, which pull requests can restore.
    let mut cached = Vec::new();
    files_under(&dir.path().join(".git/avv/cache"), &mut cached);
    assert!(cached.len() >= 15, "the cache was written: {} entries", cached.len());
    files.extend(cached);
    let mut leaks = Vec::new();
    for file in &files {
        let name = file.strip_prefix(dir.path()).unwrap().display().to_string();
        let bytes = std::fs::read(file).unwrap();
        let mut text = String::from_utf8_lossy(&bytes).into_owned();
        // A DOCX is compressed: its parts are read as well.
        if name.ends_with(".docx") {
            text.push_str(&docx_parts(&bytes));
        }
        for value in &values {
            if text.contains(value.as_str()) || name.contains(value.as_str()) {
                leaks.push(format!("{name}: {value}"));
            }
        }
    }
    assert!(leaks.is_empty(), "customer data in the public site or cache:\n{}", leaks.join("\n"));
    // The PDFs are compressed: no customer's document may be there at all.
    assert!(files.iter().any(|f| f.extension().is_some_and(|e| e == "docx")), "the DOCX were read");
    assert!(files.iter().all(|f| !f.to_string_lossy().contains("/customers/")), "no customer folder in the site");
    // The contracts are in the private folder, with its marker.
    let private = dir.path().join("private");
    assert!(private.join(".avv-private").is_file());
    let contract = std::fs::read_to_string(private.join("trafficplex/kunde-203523.md")).unwrap();
    assert!(contract.contains("Thorsten Wolske"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("not published"), "{stdout}");
}

#[test]
fn an_instance_can_opt_in_to_publication() {
    let dir = repository();
    let customer = dir.path().join("agreements/trafficplex/customers/kunde-203523.toml");
    let text = std::fs::read_to_string(&customer).unwrap();
    std::fs::write(&customer, text.replacen("status = \"signed\"\n", "status = \"signed\"\npublish = true\n", 1))
        .unwrap();
    let output = build(dir.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let page = std::fs::read_to_string(dir.path().join("site/trafficplex/customers/kunde-203523.md")).unwrap();
    assert!(page.contains("Thorsten Wolske"));
    assert!(
        std::fs::read_to_string(dir.path().join("site/trafficplex/index.html")).unwrap().contains("Kundenfassungen")
    );
}

#[test]
fn a_private_folder_git_would_commit_is_warned_about() {
    let dir = repository();
    std::fs::write(dir.path().join(".gitignore"), "/site/\n").unwrap();
    let output = build(dir.path());
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not ignored by git"), "{stderr}");
    // --no-private builds no customer contract at all.
    let output = Command::new(AVV).args(["build", "--no-private"]).current_dir(dir.path()).output().unwrap();
    assert!(output.status.success());
    assert!(!String::from_utf8_lossy(&output.stderr).contains("not ignored"));
}

#[test]
fn the_workflows_never_deploy_the_private_folder() {
    let workflows = workspace().join(".github/workflows");
    for entry in std::fs::read_dir(&workflows).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.contains("upload-pages-artifact") || line.contains("gh release create") {
                // The step's `path:` (or the release's file pattern) is the site, never private/.
                let step: Vec<&str> = lines[i..].iter().take(4).copied().collect();
                assert!(!step.join("\n").contains("private"), "{}: {}", entry.path().display(), step.join("\n"));
            }
        }
        // The private folder leaves a run only as a short-lived artifact, on request.
        if text.contains("path: private") {
            assert!(text.contains("retention-days: 1"), "{}", entry.path().display());
            assert!(text.contains("if: inputs.customer-contracts"), "{}", entry.path().display());
        }
    }
    let publish = std::fs::read_to_string(workflows.join("publish.yml")).unwrap();
    assert!(publish.contains("path: site"), "the pages artifact is the site");
}

/// The history cache (`.git/avv/history`) is kept in `actions/cache` like
/// the render cache, so it must not hold customer data either: the version
/// table is the agreement's, and its comparisons never read the instances,
/// even when a customer file changes together with a new version.
#[test]
fn the_history_cache_holds_no_customer_value() {
    let dir = repository();
    let edit = |path: &str, from: &str, to: &str| {
        let path = dir.path().join(path);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit("agreements/trafficplex/agreement.toml", "version = \"1.0\"", "version = \"1.1\"");
    edit("agreements/trafficplex/customers/kunde-203523.toml", "Sägemüllerstraße 56", "Geheimweg 7");
    let output = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-am", "1.1, Kunde umgezogen"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let output = Command::new(AVV).args(["history", "trafficplex"]).current_dir(dir.path()).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let output = build(dir.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));

    let mut values = customer_values(dir.path());
    values.push("Sägemüllerstraße 56".to_owned());
    assert!(values.iter().any(|v| v == "Geheimweg 7"), "{values:?}");
    let mut files = Vec::new();
    files_under(&dir.path().join(".git/avv/history"), &mut files);
    assert!(!files.is_empty(), "the history cache was written");
    let mut leaks = Vec::new();
    for file in &files {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        leaks.extend(values.iter().filter(|v| text.contains(v.as_str())).map(|v| format!("{}: {v}", file.display())));
    }
    assert!(leaks.is_empty(), "customer data in the history cache:\n{}", leaks.join("\n"));
}

#[test]
fn a_private_folder_that_overlaps_the_site_is_refused_before_anything_is_written() {
    let repo = repository();
    let dir = repo.path();
    for (out, private) in
        [("site2", "site2"), ("site2", "site2/kunden"), ("site2/public", "site2"), ("site", "site/x/y")]
    {
        let output = Command::new(AVV)
            .args(["build", "--out", out, "--private-out", private])
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{out} / {private}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("overlap"), "{stderr}");
        assert!(!dir.join("site2").exists() && !dir.join("site").exists(), "{out} / {private}: something was written");
    }
}

#[test]
fn a_folder_reached_through_a_missing_folder_is_never_replaced() {
    // `missing/../agreements` does not exist until the build creates
    // `missing`; then it is `agreements`, which must not be swapped away.
    let repo = repository();
    let dir = repo.path();
    let tom = dir.join("agreements/rocon/tom.toml");
    let work = std::fs::read_to_string(&tom).unwrap() + "# uncommitted work\n";
    std::fs::write(&tom, &work).unwrap();
    let targets = [
        "missing/../agreements",
        "missing/deeper/../../agreements",
        "missing/../.",
        "agreements/rocon/../../agreements",
        "missing/../mydocs",
    ];
    std::fs::create_dir(dir.join("mydocs")).unwrap();
    std::fs::write(dir.join("mydocs/keep.txt"), "mine").unwrap();
    for target in targets {
        for flag in ["--out", "--private-out"] {
            let output =
                Command::new(AVV).args(["build", flag, target]).current_dir(dir).env("NO_COLOR", "1").output().unwrap();
            assert_eq!(output.status.code(), Some(2), "{flag} {target}: {}", String::from_utf8_lossy(&output.stderr));
            let stderr = String::from_utf8_lossy(&output.stderr);
            let refused = ["refusing to replace it", "overlap", "among the sources"];
            assert!(refused.iter().any(|r| stderr.contains(r)), "{flag} {target}: {stderr}");
            let status = Command::new("git").args(["status", "--porcelain"]).current_dir(dir).output().unwrap();
            assert_eq!(
                String::from_utf8_lossy(&status.stdout),
                " M agreements/rocon/tom.toml\n?? mydocs/\n",
                "{flag} {target}"
            );
            assert_eq!(std::fs::read_to_string(&tom).unwrap(), work, "{flag} {target}");
            assert!(!dir.join("missing").exists(), "{flag} {target}: nothing is created");
            assert_eq!(std::fs::read_to_string(dir.join("mydocs/keep.txt")).unwrap(), "mine", "{flag} {target}");
        }
    }
}

#[test]
fn output_and_cache_folders_among_the_sources_are_refused() {
    let repo = repository();
    let dir = repo.path();
    let cases: [(&[&str], &str); 6] = [
        (&["--cache-dir", "agreements"], "lies in the agreements"),
        (&["--cache-dir", "."], "holds the repository"),
        (&["--out", "agreements/site"], "lies in the agreements"),
        (&["--private-out", "agreements/rocon/kunden"], "lies in the agreements"),
        (&["--out", ".."], "holds the repository"),
        (&["--cache-dir", "agreements/../.git"], "which avv did not write"),
    ];
    for (args, message) in cases {
        let output = Command::new(AVV).arg("build").args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        let status = Command::new("git").args(["status", "--porcelain"]).current_dir(dir).output().unwrap();
        assert!(status.stdout.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&status.stdout));
    }
}

#[test]
fn a_pull_request_report_names_a_customer_change_without_its_values() {
    let repo = repository();
    let dir = repo.path();
    let path = dir.join("agreements/trafficplex/customers/kunde-203523.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // One field changed (a quotable value), two at once, and the address
    // for letters.
    for (from, to) in [
        (&["name = \"Thorsten Wolske\""][..], &["name = \"Zyxwvu Musterkunde\""][..]),
        (
            &["name = \"Thorsten Wolske\"", "place = \"Bremen\""],
            &["name = \"Zyxwvu Musterkunde\"", "place = \"Qwertzhausen\""],
        ),
        (&["\"Umzugsweg 9\""], &["\"Qwertzhausener Allee 1\""]),
    ] {
        let mut changed = text.clone();
        for (a, b) in from.iter().zip(to) {
            assert!(changed.contains(a), "{a}");
            changed = changed.replacen(a, b, 1);
        }
        std::fs::write(&path, &changed).unwrap();
        let output = Command::new(AVV).args(["diff", "--format", "markdown"]).current_dir(dir).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let report = String::from_utf8_lossy(&output.stdout);
        let named =
            if from[0].contains("Umzugsweg") { "Postanschrift für Mitteilungen" } else { "Angaben des Kunden" };
        assert!(report.contains("Kundenvertrag kunde-203523:") && report.contains(named), "{report}");
        for value in ["Thorsten", "Wolske", "Zyxwvu", "Musterkunde", "Qwertzhausen", "Bremen", "Umzugsweg", "Neustadt"]
        {
            assert!(!report.contains(value), "`{value}` in:\n{report}");
        }
    }
}
