//! `history_table` over long generated histories, side by side with
//! `git log -p --follow` on the same repository.
//!
//! Run with `cargo bench -p avv-core --bench history`. Each size is written
//! once, before it is timed, with `git fast-import` from a stream generated
//! here: one agreement (40 clauses, 60 TOM measures, 8–20 sub-processors)
//! with a text edit in every commit, a version bump every 10 commits, a
//! measure reworded every 15, a sub-processor added every 25 and one removed
//! every 40. The goal: 10 000 commits in under 2 s and no slower than
//! `git log -p --follow -- agreements/bench/agreement.toml`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use avv_core::history::{Repo, history_table};
use divan::Bencher;

/// The allocator the `avv` binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// The agreement's folder name in the generated repositories.
const AGREEMENT: &str = "bench";
const CLAUSES: usize = 40;
const MEASURES: usize = 60;

/// A generated repository that lives as long as the benchmark.
struct Generated {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

/// The state of the agreement at one commit.
struct State {
    minor: usize,
    day: i64,
    clauses: Vec<String>,
    measures: Vec<String>,
    /// Sub-processor numbers in the list.
    subprocessors: Vec<usize>,
    next_subprocessor: usize,
}

impl State {
    fn new() -> Self {
        let clauses = (0..CLAUSES)
            .map(|i| {
                format!(
                    "Der Auftragnehmer verarbeitet die Daten des Auftraggebers nach Regel {i} ausschließlich auf dokumentierte Weisung; er unterrichtet den Auftraggeber unverzüglich, wenn eine Weisung gegen Datenschutzvorschriften verstößt, und dokumentiert jede Abweichung in Textform."
                )
            })
            .collect();
        let measures = (0..MEASURES)
            .map(|i| format!("Maßnahme {i}: Zugriffe werden protokolliert, die Protokolle wöchentlich ausgewertet und zwölf Monate aufbewahrt."))
            .collect();
        Self { minor: 0, day: 0, clauses, measures, subprocessors: (0..8).collect(), next_subprocessor: 8 }
    }

    fn agreement(&self) -> String {
        let mut out = String::from("schema_version = 1\n\n[meta]\n");
        let _ = write!(
            out,
            "id = \"{AGREEMENT}\"\nkind = \"template\"\ntitle = \"Auftragsverarbeitungsvertrag\"\nversion = \"1.{}\"\nstatus = \"final\"\ndate = {}\n",
            self.minor,
            date(self.day)
        );
        out.push_str(
            "\n[particulars]\nsubject_matter = { clause = \"k0-0\" }\nduration = { kind = \"coupled\", clause = \"k0-0\" }\nnature = { clause = \"k0-0\" }\nprocessing_region = \"eea\"\n\n[particulars.purposes]\nitem = [{ id = \"hauptvertrag\", text = \"Erfüllung des Hauptvertrags\" }]\n\n[particulars.data_categories]\nitem = [{ id = \"kontaktdaten\", text = \"Kontaktdaten\" }]\n\n[particulars.data_subjects]\nitem = [{ id = \"beschaeftigte\", text = \"Beschäftigte des Auftraggebers\" }]\n\n[subprocessing]\nauthorisation = \"general\"\nobjection_period = \"P14D\"\n",
        );
        for group in 0..CLAUSES / 5 {
            let _ = write!(
                out,
                "\n[[clause]]\nid = \"k{group}\"\nnum = \"{}.\"\ntitle = \"Abschnitt {}\"\n",
                group + 1,
                group + 1
            );
            for sub in 0..5 {
                let text = &self.clauses[group * 5 + sub];
                let _ = write!(
                    out,
                    "\n[[clause.clause]]\nid = \"k{group}-{sub}\"\nnum = \"{}.\"\ntext = \"{text}\"\n",
                    sub + 1
                );
                // The clause the list is placed in prints it.
                if group == 1 && sub == 4 {
                    out.push_str("block = [{ embed = \"subprocessors\" }]\n");
                }
            }
        }
        out
    }

    fn subprocessors(&self) -> String {
        let mut out = String::from(
            "schema_version = 1\n\n[list]\nid = \"liste\"\ntitle = \"Unterauftragnehmer\"\nplaced_in = \"k1-4\"\n",
        );
        for n in &self.subprocessors {
            let _ = write!(
                out,
                "\n[[subprocessor]]\nid = \"dienstleister-{n}\"\nname = \"Dienstleister {n} GmbH\"\naddress = \"Hauptstraße {n}, 01099 Dresden\"\ncountry = \"DE\"\nservice = \"Rechenzentrumsleistungen für Dienst {n}\"\nsafeguards = [{{ label = \"AVV\", dpa = true }}]\n"
            );
        }
        out
    }

    fn tom(&self) -> String {
        let mut out = String::from(
            "schema_version = 1\n\n[annex]\nid = \"tom\"\nnum = \"Anlage 1\"\ntitle = \"Technische und organisatorische Maßnahmen\"\n",
        );
        for section in 0..MEASURES / 10 {
            let _ = write!(
                out,
                "\n[[section]]\nid = \"s{section}\"\nnum = \"{}.\"\ntitle = \"Bereich {}\"\n",
                section + 1,
                section + 1
            );
            for m in 0..10 {
                let text = &self.measures[section * 10 + m];
                let _ = write!(out, "\n[[section.measure]]\nid = \"m{section}-{m}\"\ntext = \"{text}\"\n");
            }
        }
        out
    }
}

/// `YYYY-MM-DD`, `day` days after 2018-01-01.
fn date(day: i64) -> String {
    avv_core::model::Date::from_days(avv_core::model::Date::parse("2018-01-01").map_or(0, |d| d.to_days()) + day)
        .to_string()
}

/// The fast-import stream of `commits` commits.
fn stream(commits: usize) -> Vec<u8> {
    let mut state = State::new();
    let mut out: Vec<u8> = Vec::new();
    let file = |out: &mut Vec<u8>, name: &str, contents: &str| {
        let _ = write!(out, "M 100644 inline agreements/{AGREEMENT}/{name}\ndata {}\n{contents}\n", contents.len());
    };
    for i in 1..=commits {
        let (mut agreement, mut tom, mut list) = (i == 1, i == 1, i == 1);
        if i > 1 {
            let clause = (i * 7) % CLAUSES;
            let base = state.clauses[clause].split(" Fassung ").next().unwrap_or_default().to_owned();
            state.clauses[clause] = format!("{base} Fassung {i}.");
            agreement = true;
            if i % 10 == 0 {
                state.minor += 1;
                state.day += 3;
            }
            if i % 15 == 0 {
                let measure = (i / 15) % MEASURES;
                state.measures[measure] = format!(
                    "Maßnahme {measure}: Zugriffe werden protokolliert und in Fassung {i} täglich ausgewertet."
                );
                tom = true;
            }
            if i % 25 == 0 && state.subprocessors.len() < 20 {
                state.subprocessors.push(state.next_subprocessor);
                state.next_subprocessor += 1;
                list = true;
            }
            if i % 40 == 0 && state.subprocessors.len() > 5 {
                state.subprocessors.remove(0);
                list = true;
            }
        }
        let time = 1_514_808_000 + i as i64 * 3_600;
        let message = format!("Änderung {i}");
        let _ = write!(
            out,
            "commit refs/heads/main\nmark :{i}\nauthor Dana Datenschutz <dsb@example.org> {time} +0000\ncommitter Dana Datenschutz <dsb@example.org> {time} +0000\ndata {}\n{message}\n",
            message.len()
        );
        if i > 1 {
            let _ = writeln!(out, "from :{}", i - 1);
        }
        if agreement {
            file(&mut out, "agreement.toml", &state.agreement());
        }
        if tom {
            file(&mut out, "tom.toml", &state.tom());
        }
        if list {
            file(&mut out, "subprocessors.toml", &state.subprocessors());
        }
        out.push(b'\n');
    }
    out
}

fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command.current_dir(dir).env("GIT_CONFIG_GLOBAL", "/dev/null").env("GIT_CONFIG_NOSYSTEM", "1").env("LC_ALL", "C");
    command
}

fn generate(commits: usize) -> Generated {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().to_path_buf();
    let status = git(&path).args(["init", "--quiet", "--initial-branch=main"]).status().expect("git init");
    assert!(status.success(), "git init failed");
    let mut child = git(&path).args(["fast-import", "--quiet"]).stdin(Stdio::piped()).spawn().expect("git fast-import");
    child.stdin.take().expect("stdin").write_all(&stream(commits)).expect("writing the fast-import stream");
    assert!(child.wait().expect("git fast-import").success(), "git fast-import failed");
    let status = git(&path).args(["reset", "--quiet", "--hard"]).status().expect("git reset");
    assert!(status.success(), "git reset failed");
    // Compile the schema validators before the clock starts.
    avv_core::load::schema_check::warm_up();
    Generated { _dir: dir, path }
}

fn table(bencher: Bencher, commits: usize) {
    let generated = generate(commits);
    let repo = Repo::open(&generated.path).expect("open the generated repository");
    let first = history_table(&repo, AGREEMENT, None).expect("history table");
    assert_eq!(first.rows.len(), commits / 10 + 1, "one row per version");
    assert!(first.skipped.is_empty(), "{:?}", first.skipped);
    bencher.bench_local(|| history_table(&repo, AGREEMENT, None).expect("history table"));
}

fn git_log(bencher: Bencher, commits: usize) {
    let generated = generate(commits);
    let file = format!("agreements/{AGREEMENT}/agreement.toml");
    bencher.bench_local(|| {
        let output = git(&generated.path)
            .args(["log", "-p", "--follow", "--", &file])
            .stdout(Stdio::piped())
            .output()
            .expect("git log");
        assert!(output.status.success());
        output.stdout.len()
    });
}

/// `history_table`: walk, load every version, diff each with the one before.
#[divan::bench(args = [1_000, 10_000], sample_count = 5, sample_size = 1)]
fn history(bencher: Bencher, commits: usize) {
    table(bencher, commits);
}

/// `git log -p --follow -- agreements/bench/agreement.toml` on the same history.
#[divan::bench(args = [1_000, 10_000], sample_count = 5, sample_size = 1)]
fn git_log_follow(bencher: Bencher, commits: usize) {
    git_log(bencher, commits);
}

/// Only the walk: the commits where the version changes, following renames.
#[divan::bench(args = [10_000], sample_count = 5, sample_size = 1)]
fn versions_only(bencher: Bencher, commits: usize) {
    let generated = generate(commits);
    let repo = Repo::open(&generated.path).expect("open the generated repository");
    let head = repo.resolve("HEAD").expect("HEAD");
    bencher.bench_local(|| avv_core::history::versions(&repo, AGREEMENT, head).expect("versions").len());
}
