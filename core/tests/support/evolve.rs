//! A realistic long history: the bundled agreements as a git repository in
//! which every further commit is a new version of the real pcvisit
//! agreement, and optionally TrafficPlex with many customer instances.
//!
//! Version `1.8 + n` (one commit each, a week apart) rewords one clause of
//! the agreement (round-robin over its texts, so the documents really
//! differ); every third version also rewords a TOM measure, every tenth
//! adds a sub-processor and every twenty-fifth removes the oldest added
//! one. The content is the bundled agreement's, 42 kB of contract text
//! and a 36 kB TOM annex, not a small synthetic one.
//!
//! The repository is written with `git fast-import` under fixed names and
//! dates, so commit ids are the same on every run: the benchmarks
//! (`cargo bench -p avv-core --bench scale`), the example that writes it
//! to disk for timing the binary (`--example evolve`) and the tests share it.

#![allow(dead_code)] // each user takes a different part

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The agreement that evolves.
pub const EVOLVING: &str = "pcvisit";

/// The bundled repository root (`agreements/`, `schema/`).
pub fn bundled_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Versions of pcvisit, the bundled 1.8 counted as the first.
    pub versions: usize,
    /// Customer instances of TrafficPlex (the bundled one counted).
    pub customers: usize,
}

/// A text field's opening in a TOML file, and where its content starts.
fn text_starts(file: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    for (at, _) in file.match_indices("\ntext = \"") {
        let open = at + "\ntext = ".len();
        let quotes = if file[open..].starts_with("\"\"\"") { 3 } else { 1 };
        starts.push(open + quotes);
    }
    starts
}

/// `file` with `edits` (content start → inserted words) applied.
fn with_edits(file: &str, edits: &[(usize, String)]) -> String {
    let mut sorted: Vec<&(usize, String)> = edits.iter().collect();
    sorted.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(file.len() + edits.len() * 32);
    let mut from = 0;
    for (at, words) in sorted {
        out.push_str(&file[from..*at]);
        out.push_str(words);
        from = *at;
    }
    out.push_str(&file[from..]);
    out
}

/// The state of pcvisit at one version.
struct Pcvisit {
    agreement: String,
    tom: String,
    subprocessors: String,
    clause_starts: Vec<usize>,
    measure_starts: Vec<usize>,
    /// The words inserted into each text, by position.
    clause_edits: Vec<(usize, String)>,
    measure_edits: Vec<(usize, String)>,
    /// Numbers of the sub-processors added so far and still listed.
    added: Vec<usize>,
    next_added: usize,
}

impl Pcvisit {
    fn read(root: &Path) -> Self {
        let dir = root.join("agreements").join(EVOLVING);
        let read =
            |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("cannot read {name}: {e}"));
        let (agreement, tom, subprocessors) = (read("agreement.toml"), read("tom.toml"), read("subprocessors.toml"));
        let clause_starts = text_starts(&agreement);
        let measure_starts = text_starts(&tom);
        assert!(clause_starts.len() > 20 && measure_starts.len() > 20, "pcvisit has its texts");
        Self {
            agreement,
            tom,
            subprocessors,
            clause_starts,
            measure_starts,
            clause_edits: Vec::new(),
            measure_edits: Vec::new(),
            added: Vec::new(),
            next_added: 1,
        }
    }

    /// Moves to version number `n` (1 is the bundled 1.8); returns which
    /// files changed (agreement, tom, list).
    fn advance(&mut self, n: usize) -> [bool; 3] {
        let clause = self.clause_starts[(n * 7) % self.clause_starts.len()];
        self.clause_edits.retain(|(at, _)| *at != clause);
        self.clause_edits.push((clause, format!("(Fassung {n}) ")));
        let mut changed = [true, false, false];
        if n.is_multiple_of(3) {
            let measure = self.measure_starts[(n * 5) % self.measure_starts.len()];
            self.measure_edits.retain(|(at, _)| *at != measure);
            self.measure_edits.push((measure, format!("(überarbeitet in Fassung {n}) ")));
            changed[1] = true;
        }
        if n.is_multiple_of(10) {
            self.added.push(self.next_added);
            self.next_added += 1;
            changed[2] = true;
        }
        if n.is_multiple_of(25) && self.added.len() > 1 {
            self.added.remove(0);
            changed[2] = true;
        }
        changed
    }

    fn agreement_at(&self, n: usize) -> String {
        let text = with_edits(&self.agreement, &self.clause_edits);
        let version = format!("version = \"1.{}\"", 7 + n);
        let date = avv_core::model::Date::from_days(
            avv_core::model::Date::parse("2024-02-29").map_or(0, |d| d.to_days()) + 7 * (n as i64 - 1),
        );
        text.replacen("version = \"1.8\"", &version, 1).replacen(
            "\ndate = 2024-02-29\n",
            &format!("\ndate = {date}\n"),
            1,
        )
    }

    fn tom_at(&self) -> String {
        with_edits(&self.tom, &self.measure_edits)
    }

    fn subprocessors_at(&self) -> String {
        let mut out = self.subprocessors.clone();
        for k in &self.added {
            let _ = write!(
                out,
                "\n[[subprocessor]]\nid = \"rechenzentrum-{k}\"\ngroup = \"hauptleistungen\"\nname = \"Rechenzentrum {k} GmbH\"\naddress = \"Am Hafen {k}, 20457 Hamburg\"\ncountry = \"DE\"\nservice = \"Rechenzentrumsleistungen (Standort {k})\"\nsafeguards = [{{ label = \"AVV\", dpa = true }}]\n"
            );
        }
        out
    }
}

/// Every file under `dir`, as (path relative to `root`, bytes).
fn files_under(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("a bundled folder").map(|e| e.expect("an entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(root, &path, out);
        } else {
            let relative = path.strip_prefix(root).expect("under the root").to_string_lossy().replace('\\', "/");
            out.push((relative, std::fs::read(&path).expect("a bundled file")));
        }
    }
}

/// Customer instance `k` of TrafficPlex: the bundled one with another
/// name, address and number.
fn customer(bundled: &str, k: usize) -> (String, String) {
    let number = format!("{}", 300_000 + k * 7);
    let text = bundled
        .replace("\"203523\"", &format!("\"{number}\""))
        .replace("Thorsten Wolske", &format!("Kundin {k} Müller-Lüdenscheidt GmbH"))
        .replace("Sägemüllerstraße 56", &format!("Hauptstraße {}", k % 200 + 1))
        .replace("38678 Clausthal-Zellerfeld", &format!("{:05} Großstadt", 10_000 + k * 13 % 89_999));
    (format!("kunde-{number}.toml"), text)
}

/// The fast-import stream of `shape`.
pub fn stream(shape: Shape) -> Vec<u8> {
    let root = bundled_root();
    let mut out: Vec<u8> = Vec::new();
    let file = |out: &mut Vec<u8>, path: &str, contents: &[u8]| {
        let _ = write!(out, "M 100644 inline {path}\ndata {}\n", contents.len());
        out.extend_from_slice(contents);
        out.push(b'\n');
    };
    let commit = |out: &mut Vec<u8>, n: usize, message: &str| {
        let time = 1_709_208_000 + n as i64 * 7 * 86_400;
        let _ = write!(
            out,
            "commit refs/heads/main\nmark :{n}\nauthor Dana Datenschutz <dsb@example.org> {time} +0000\ncommitter Dana Datenschutz <dsb@example.org> {time} +0000\ndata {}\n{message}\n",
            message.len()
        );
        if n > 1 {
            let _ = writeln!(out, "from :{}", n - 1);
        }
    };

    let mut first = Vec::new();
    files_under(&root, &root.join("agreements"), &mut first);
    files_under(&root, &root.join("schema"), &mut first);
    commit(&mut out, 1, "Die mitgelieferten Verträge");
    for (path, bytes) in &first {
        file(&mut out, path, bytes);
    }
    let customers = root.join("agreements/trafficplex/customers");
    if let Some(bundled) = std::fs::read_dir(&customers)
        .ok()
        .and_then(|mut d| d.next())
        .and_then(|e| e.ok())
        .and_then(|e| std::fs::read_to_string(e.path()).ok())
    {
        for k in 1..shape.customers {
            let (name, text) = customer(&bundled, k);
            file(&mut out, &format!("agreements/trafficplex/customers/{name}"), text.as_bytes());
        }
    }
    out.push(b'\n');

    let mut pcvisit = Pcvisit::read(&root);
    for n in 2..=shape.versions {
        let [agreement, tom, list] = pcvisit.advance(n);
        commit(&mut out, n, &format!("pcvisit Version 1.{}", 7 + n));
        let dir = format!("agreements/{EVOLVING}");
        if agreement {
            file(&mut out, &format!("{dir}/agreement.toml"), pcvisit.agreement_at(n).as_bytes());
        }
        if tom {
            file(&mut out, &format!("{dir}/tom.toml"), pcvisit.tom_at().as_bytes());
        }
        if list {
            file(&mut out, &format!("{dir}/subprocessors.toml"), pcvisit.subprocessors_at().as_bytes());
        }
        out.push(b'\n');
    }
    out
}

/// `git` with no user or system configuration.
pub fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command.current_dir(dir).env("GIT_CONFIG_GLOBAL", "/dev/null").env("GIT_CONFIG_NOSYSTEM", "1").env("LC_ALL", "C");
    command
}

/// Writes the repository of `shape` into the empty or new folder `dir`,
/// its work tree checked out at the newest commit.
pub fn write_repo(dir: &Path, shape: Shape) {
    std::fs::create_dir_all(dir).expect("the repository folder");
    let status = git(dir).args(["init", "--quiet", "--initial-branch=main"]).status().expect("git init");
    assert!(status.success(), "git init failed");
    let mut child = git(dir).args(["fast-import", "--quiet"]).stdin(Stdio::piped()).spawn().expect("git fast-import");
    child.stdin.take().expect("stdin").write_all(&stream(shape)).expect("writing the fast-import stream");
    assert!(child.wait().expect("git fast-import").success(), "git fast-import failed");
    let status = git(dir).args(["reset", "--quiet", "--hard"]).status().expect("git reset");
    assert!(status.success(), "git reset failed");
}

/// Moves the branch and work tree of the repository at `dir` to its
/// `n`-th commit (for a history that grows by one version).
pub fn reset_to(dir: &Path, n: usize) {
    let total = String::from_utf8(git(dir).args(["rev-list", "--count", "HEAD"]).output().expect("git").stdout)
        .expect("a count")
        .trim()
        .parse::<usize>()
        .expect("a number");
    let status = git(dir).args(["reset", "--quiet", "--hard", &format!("HEAD~{}", total - n)]).status().expect("git");
    assert!(status.success(), "git reset failed");
}
