//! Throw-away git repositories for history tests: files written into a
//! temporary folder and committed with the `git` command line under fixed
//! names, e-mail addresses and dates, so that commit ids are the same on
//! every run and every machine. Never the project's own history.
//!
//! Include it with `#[path = "support/git_repo.rs"] mod git_repo;` (the CLI
//! tests include the same file by a relative path).

#![allow(dead_code)] // each test binary uses a different part

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Author and committer of every fixture commit.
pub const AUTHOR: (&str, &str) = ("Dana Datenschutz", "dsb@example.org");

/// The first commit's time, as `git` reads `GIT_AUTHOR_DATE`.
const EPOCH: i64 = 1_514_808_000; // 2018-01-01T12:00:00Z

/// A temporary git repository.
pub struct GitRepo {
    dir: tempfile::TempDir,
    /// Commits made so far; the next one is dated one day after the last.
    commits: i64,
}

impl Default for GitRepo {
    fn default() -> Self {
        Self::new()
    }
}

impl GitRepo {
    /// An empty repository whose branch is `main`.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let repo = Self { dir, commits: 0 };
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        repo
    }

    /// The working directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the working directory.
    pub fn join(&self, relative: &str) -> PathBuf {
        self.path().join(relative)
    }

    /// `git` in this repository with a neutral configuration: no user or
    /// system config, fixed identity, no signing, no hooks, C locale.
    pub fn command(&self) -> Command {
        git_command(self.path())
    }

    /// Runs `git` and returns its trimmed stdout; panics when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        run(self.command().args(args), args)
    }

    /// Writes a file (creating folders).
    pub fn write(&self, relative: &str, contents: &str) -> &Self {
        let path = self.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent folder")).expect("create folders");
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        self
    }

    /// Reads a file of the working tree.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.join(relative)).unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
    }

    /// Deletes a file or folder of the working tree.
    pub fn remove(&self, relative: &str) -> &Self {
        let path = self.join(relative);
        if path.is_dir() {
            std::fs::remove_dir_all(&path).expect("remove folder");
        } else {
            std::fs::remove_file(&path).expect("remove file");
        }
        self
    }

    /// Stages everything and commits it, dated one day after the previous
    /// commit; returns the commit id.
    pub fn commit(&mut self, message: &str) -> String {
        self.commits += 1;
        let date = format!("{} +0000", EPOCH + (self.commits - 1) * 86_400);
        self.commit_dated(message, &date)
    }

    /// Stages everything and commits it with this author and committer date
    /// (`2019-03-04T10:00:00+01:00` or `<unix seconds> +0000`).
    pub fn commit_dated(&mut self, message: &str, date: &str) -> String {
        self.git(&["add", "--all"]);
        let mut command = self.command();
        command.env("GIT_AUTHOR_DATE", date).env("GIT_COMMITTER_DATE", date);
        run(command.args(["commit", "--quiet", "--allow-empty", "--no-verify", "-m", message]), &["commit"]);
        self.head()
    }

    /// The full id of HEAD.
    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"])
    }

    /// A clone with only the newest commit (`git clone --depth 1`), in a
    /// new temporary folder; returns the folder and the clone's path.
    pub fn shallow_clone(&self) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("file://{}", self.path().display());
        let output = git_command(dir.path())
            .args(["clone", "--quiet", "--depth", "1", &url, "shallow"])
            .output()
            .expect("git clone");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let path = dir.path().join("shallow");
        (dir, path)
    }

    /// A lightweight tag on HEAD.
    pub fn tag(&self, name: &str) {
        self.git(&["tag", name]);
    }

    /// What a read-only command must leave alone: HEAD (symbolic and
    /// resolved), the index file's bytes, `git status`, the list of refs and
    /// every file under `.git` with its size and modification time.
    pub fn state(&self) -> RepoState {
        let git_dir = PathBuf::from(self.git(&["rev-parse", "--absolute-git-dir"]));
        let mut files = Vec::new();
        list_files(&git_dir, &git_dir, &mut files);
        files.sort();
        RepoState {
            head: std::fs::read_to_string(git_dir.join("HEAD")).unwrap_or_default(),
            head_commit: self.git(&["rev-parse", "HEAD"]),
            index: std::fs::read(git_dir.join("index")).unwrap_or_default(),
            // Without optional locks `git status` does not refresh the index itself.
            status: self.git(&[
                "--no-optional-locks",
                "status",
                "--porcelain=v1",
                "--untracked-files=all",
                "--ignored",
            ]),
            refs: self.git(&["for-each-ref", "--format=%(refname) %(objectname)"]),
            files,
        }
    }
}

/// The observable state of a repository (see [`GitRepo::state`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoState {
    /// The contents of `.git/HEAD`.
    pub head: String,
    /// The commit HEAD points to.
    pub head_commit: String,
    /// The index file.
    pub index: Vec<u8>,
    /// `git status --porcelain`.
    pub status: String,
    /// All refs with their targets.
    pub refs: String,
    /// Every file and folder under `.git`: path, size, modification time.
    pub files: Vec<(String, u64, Option<std::time::SystemTime>)>,
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<(String, u64, Option<std::time::SystemTime>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(metadata) = entry.metadata() else { continue };
        let name = path.strip_prefix(root).unwrap_or(&path).display().to_string();
        // avv's own caches (`.git/avv/`): no file of git's, and never read by it.
        if name == "avv" {
            continue;
        }
        out.push((name, if metadata.is_dir() { 0 } else { metadata.len() }, metadata.modified().ok()));
        if metadata.is_dir() {
            list_files(root, &path, out);
        }
    }
}

/// `git` in `dir` with a neutral, fixed environment.
pub fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", AUTHOR.0)
        .env("GIT_AUTHOR_EMAIL", AUTHOR.1)
        .env("GIT_COMMITTER_NAME", AUTHOR.0)
        .env("GIT_COMMITTER_EMAIL", AUTHOR.1)
        .env("GIT_AUTHOR_DATE", format!("{EPOCH} +0000"))
        .env("GIT_COMMITTER_DATE", format!("{EPOCH} +0000"))
        .env("LC_ALL", "C")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "core.autocrlf=false",
        ]);
    command
}

fn run(command: &mut Command, what: &[&str]) -> String {
    let output: Output = command.output().unwrap_or_else(|e| panic!("cannot run git {what:?}: {e}"));
    assert!(
        output.status.success(),
        "git {what:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}
