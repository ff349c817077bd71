//! Which commit the pre-commit hook is checking. git names the index it is
//! about to commit (`GIT_INDEX_FILE`) but not whether the commit replaces
//! HEAD: with `git commit --amend` the change to check runs from HEAD's
//! parent to the index, not from HEAD. Checked against HEAD, an amend could
//! lower a version the amended commit had raised and pass, and a good amend
//! could be refused. The only place that says "amend" is the command line of
//! the `git commit` that runs the hook: an ancestor of this process (the
//! hook script `exec`s avv; the pre-commit framework adds a level or two).

/// What the commit being made replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Base {
    /// A new commit on top of HEAD.
    #[default]
    Head,
    /// `git commit --amend`: HEAD is replaced, so its parent is the base.
    Amend,
    /// A merge git made without conflicts (the `pre-merge-commit` hook): the
    /// index is what the two sides make together, so it is checked with
    /// every rule (sides that pass may not together), but not against the
    /// change policy: the merge adds nothing of its own, and each side's
    /// commits were held to it. Save one thing the sides cannot see of
    /// each other: the merge changes the text of a version one released.
    Merge,
}

/// What git says a running `git merge` (or `git pull`) does, for its
/// `pre-merge-commit` hook: `GIT_REFLOG_ACTION` (`merge <commit>…`,
/// `pull …`), the one place a clean merge names what it merges (see
/// [`crate::history::Repo::merging_heads`]). `None` outside git.
pub fn reflog_action() -> Option<String> {
    std::env::var("GIT_REFLOG_ACTION").ok()
}

/// How many ancestors are looked at: git, perhaps a shell, perhaps the
/// pre-commit framework and its script.
const ANCESTORS: usize = 8;

impl Base {
    /// The base of the commit whose hook is running: `Amend` when the
    /// nearest `git commit` among this process's ancestors has `--amend`.
    /// Without one (the check run by hand, a system without `/proc` or
    /// `ps`), `Head`.
    pub fn of_running_commit() -> Self {
        #[cfg(unix)]
        if let Some(args) = running_commit(std::os::unix::process::parent_id()) {
            return if amends(&args) { Base::Amend } else { Base::Head };
        }
        Base::Head
    }
}

/// The arguments of the nearest `git commit` among `pid` and its ancestors.
#[cfg(unix)]
fn running_commit(mut pid: u32) -> Option<Vec<String>> {
    for _ in 0..ANCESTORS {
        let process = process::read(pid)?;
        if let Some(args) = commit_arguments(&process.args) {
            return Some(args.to_vec());
        }
        if process.parent <= 1 {
            return None;
        }
        pid = process.parent;
    }
    None
}

/// The arguments after `commit` when `argv` runs `git commit`, with git's
/// own options (`-c key=value`, `-C dir`, `--git-dir=…`) skipped.
pub fn commit_arguments(argv: &[String]) -> Option<&[String]> {
    let program = argv.first()?;
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    if name != "git" && name != "git.exe" {
        return None;
    }
    let mut i = 1;
    while let Some(arg) = argv.get(i) {
        if matches!(arg.as_str(), "-c" | "-C" | "--git-dir" | "--work-tree" | "--namespace" | "--config-env") {
            i += 2;
        } else if arg.starts_with('-') {
            i += 1;
        } else {
            return (arg == "commit").then(|| &argv[i + 1..]);
        }
    }
    None
}

/// Short options of `git commit` that take a value (`-m msg`, `-mmsg`).
const SHORT_WITH_VALUE: &[char] = &['m', 'F', 'C', 'c', 't'];

/// Long options of `git commit` that take a value, written `--opt value`
/// as well as `--opt=value`.
const LONG_WITH_VALUE: &[&str] = &[
    "message",
    "file",
    "reuse-message",
    "reedit-message",
    "template",
    "author",
    "date",
    "fixup",
    "squash",
    "cleanup",
    "pathspec-from-file",
    "trailer",
];

/// Whether `git commit` with `args` amends. git accepts an unambiguous
/// prefix of a long option (`--am`), and the last of `--amend` and
/// `--no-amend` wins; a value (`-m --amend`) is not an option.
pub fn amends(args: &[String]) -> bool {
    let mut amend = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((name, _)) => (name, true),
                None => (long, false),
            };
            if name.len() >= 2 && "amend".starts_with(name) {
                amend = true;
            } else if name.len() >= 5 && "no-amend".starts_with(name) {
                amend = false;
            } else if !value && LONG_WITH_VALUE.iter().any(|o| name.len() >= 3 && o.starts_with(name)) {
                args.next();
            }
        } else if let Some(cluster) = arg.strip_prefix('-') {
            // `-qam msg`: flags, then one option whose value is the rest or the next argument.
            if cluster.find(SHORT_WITH_VALUE).is_some_and(|at| at + 1 == cluster.len()) {
                args.next();
            }
        }
    }
    amend
}

/// A process's command line and parent, as the system tells them.
#[cfg(unix)]
mod process {
    /// One process.
    pub struct Process {
        pub args: Vec<String>,
        pub parent: u32,
    }

    /// The process `pid`: from `/proc` where there is one, else from `ps`.
    pub fn read(pid: u32) -> Option<Process> {
        let proc = std::path::Path::new("/proc");
        if proc.join("self").exists() { from_proc(pid) } else { from_ps(pid) }
    }

    fn from_proc(pid: u32) -> Option<Process> {
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
        let args = cmdline
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        // `pid (name) state ppid …`: the name may hold spaces and parentheses.
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let after_name = &stat[stat.rfind(')')? + 1..];
        let parent = after_name.split_whitespace().nth(1)?.parse().ok()?;
        Some(Process { args, parent })
    }

    /// macOS and the BSDs: `ps` prints the command line with spaces
    /// between the arguments, which is enough to find `--amend`.
    fn from_ps(pid: u32) -> Option<Process> {
        let output = std::process::Command::new("ps")
            .args(["-o", "ppid=", "-o", "command=", "-p", &pid.to_string()])
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        let text = String::from_utf8(output.stdout).ok()?;
        let line = text.trim();
        let (parent, command) = line.split_once(char::is_whitespace)?;
        Some(Process {
            args: command.split_whitespace().map(str::to_owned).collect(),
            parent: parent.trim().parse().ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    fn amending(line: &str) -> Option<bool> {
        commit_arguments(&args(line)).map(amends)
    }

    #[test]
    fn every_form_of_amend_is_recognised() {
        for line in [
            "git commit --amend",
            "git commit -q -a --amend -m x",
            "git commit --am",
            "/usr/lib/git-core/git commit --amend --no-edit -q",
            "git -c user.name=T -C /repo commit -qa --amend",
            "git --git-dir /r/.git --work-tree /r commit --amend",
            "git --no-pager commit --no-amend --amend",
            "git.exe commit --amend",
        ] {
            assert_eq!(amending(line), Some(true), "{line}");
        }
    }

    #[test]
    fn a_new_commit_is_not_an_amend() {
        for line in [
            "git commit",
            "git commit -m --amend",
            "git commit -qam --amend",
            "git commit --message --amend",
            "git commit --mess --amend",
            "git commit -F --amend",
            "git commit --author --amend",
            "git commit --amend --no-amend",
            "git commit -- --amend",
            "git commit -mx -- --amend",
            "git commit -a",
        ] {
            assert_eq!(amending(line), Some(false), "{line}");
        }
    }

    #[test]
    fn only_git_commit_counts() {
        for line in ["git", "git status --amend", "git -c commit=1 log", "sh -c git commit --amend", "gitx commit"] {
            assert_eq!(amending(line), None, "{line}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn this_process_is_found_with_its_parent() {
        let me = process::read(std::process::id()).expect("this process can be read");
        assert!(!me.args.is_empty());
        assert_eq!(me.parent, std::os::unix::process::parent_id());
    }
}
