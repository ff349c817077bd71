//! The pre-push hook: before anything leaves the machine, every commit a
//! push sends that the remote does not have is checked as the pre-commit
//! hook checks a commit. git runs no commit hook for `cherry-pick`,
//! `revert`, `rebase` or `am`, nor for `commit --no-verify`; this is where
//! their commits are caught before CI would refuse them.

use crate::history::{HistoryError, Oid, Repo};

/// One ref git is about to push: a line of the pre-push hook's input,
/// `<local ref> <local object> <remote ref> <remote object>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushedRef {
    /// What is pushed, as given (`refs/heads/main`, `HEAD~1`, `(delete)`).
    pub local_ref: String,
    /// The object pushed; `None` when the push deletes the remote ref.
    pub local: Option<Oid>,
    /// The ref it updates on the remote.
    pub remote_ref: String,
    /// What the remote ref names now; `None` when the push creates it.
    pub remote: Option<Oid>,
}

/// The pre-push hook's input could not be read.
#[derive(Debug, thiserror::Error)]
#[error(
    "line {line} of the pre-push hook's input is not `<local ref> <local object> <remote ref> <remote object>`: `{text}`; git writes these lines when it runs the hook: run `git push`, not `avv hook pre-push` by hand"
)]
pub struct PushInputError {
    /// The line's number, from 1.
    pub line: usize,
    /// The line.
    pub text: String,
}

/// Reads the lines git writes to the pre-push hook's standard input. Blank
/// lines are skipped; an object name of zeros is `None`.
pub fn parse_pushed(input: &str) -> Result<Vec<PushedRef>, PushInputError> {
    let mut pushed = Vec::new();
    for (index, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let malformed = || PushInputError { line: index + 1, text: line.to_owned() };
        // The local side is written as it was given, which may hold
        // blanks; the other three never do.
        let mut fields = line.trim_end().rsplitn(4, char::is_whitespace);
        let (Some(remote), Some(remote_ref), Some(local), Some(local_ref)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(malformed());
        };
        let object = |text: &str| match text {
            _ if !matches!(text.len(), 40 | 64) => Err(malformed()),
            _ if text.bytes().all(|b| b == b'0') => Ok(None),
            _ => Oid::from_str(text).map(Some).map_err(|_| malformed()),
        };
        let local_ref = local_ref.trim_end();
        if local_ref.is_empty() || remote_ref.is_empty() {
            return Err(malformed());
        }
        pushed.push(PushedRef {
            local_ref: local_ref.to_owned(),
            local: object(local)?,
            remote_ref: remote_ref.to_owned(),
            remote: object(remote)?,
        });
    }
    Ok(pushed)
}

/// What one pushed ref sends that the remote does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushedCommits {
    /// The ref it updates on the remote.
    pub remote_ref: String,
    /// The commits, oldest first; none that an earlier ref of the same push
    /// sends already.
    pub commits: Vec<Oid>,
    /// Whose `avv.toml` is the policy: what the commits build on (the
    /// remote ref's commit, else the parent of the oldest commit sent), so
    /// that a push cannot loosen its own checks; the oldest commit itself
    /// when the push sends a whole history.
    pub policy_at: Oid,
}

/// The commits each ref of `push` sends to its remote that the remote
/// does not have: not reachable from the remote's tracking branches, nor
/// from any remote object the push names. A ref the push deletes sends
/// nothing.
pub fn pushed_commits(repo: &Repo, push: &Push) -> Result<Vec<PushedCommits>, HistoryError> {
    let mut known: Vec<Oid> = push.refs.iter().filter_map(|p| p.remote).collect();
    let remote = push.remote.as_deref();
    let mut out = Vec::new();
    for push in &push.refs {
        let Some(local) = push.local else { continue };
        let commits = repo.commits_not_on(local, &known, remote)?;
        // A later ref (a tag on the same branch) does not send them again.
        known.push(local);
        let Some(&oldest) = commits.first() else { continue };
        let policy_at = match push.remote.filter(|&id| repo.has_commit(id)) {
            Some(remote) => remote,
            None => repo.first_parent(oldest)?.unwrap_or(oldest),
        };
        out.push(PushedCommits { remote_ref: push.remote_ref.clone(), commits, policy_at });
    }
    Ok(out)
}

/// A push as a hook sees it: where to, and which refs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Push {
    /// The remote's name, or the URL pushed to.
    pub remote: Option<String>,
    /// The refs pushed.
    pub refs: Vec<PushedRef>,
}

/// The push as the pre-commit framework describes it to a `pre-push` stage
/// hook in its environment (`var` reads a variable), since the framework
/// reads git's input itself: `PRE_COMMIT_FROM_REF` and `PRE_COMMIT_TO_REF`,
/// or for a push of a whole history only `PRE_COMMIT_LOCAL_BRANCH`. `None`
/// outside the framework's pre-push stage.
pub fn framework_push(repo: &Repo, var: impl Fn(&str) -> Option<String>) -> Result<Option<Push>, HistoryError> {
    let (Some(_), Some(remote)) = (var("PRE_COMMIT"), var("PRE_COMMIT_REMOTE_NAME")) else { return Ok(None) };
    let local = match (var("PRE_COMMIT_TO_REF"), var("PRE_COMMIT_LOCAL_BRANCH")) {
        (Some(to), _) => repo.resolve(&to)?,
        (None, Some(branch)) => repo.resolve(&branch)?,
        (None, None) => return Ok(None),
    };
    let remote_object = var("PRE_COMMIT_FROM_REF").map(|from| repo.resolve(&from)).transpose()?;
    Ok(Some(Push {
        remote: Some(remote),
        refs: vec![PushedRef {
            local_ref: var("PRE_COMMIT_LOCAL_BRANCH").unwrap_or_default(),
            local: Some(local),
            remote_ref: var("PRE_COMMIT_REMOTE_BRANCH").unwrap_or_default(),
            remote: remote_object,
        }],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";
    const ZERO: &str = "0000000000000000000000000000000000000000";

    fn oid(hex: &str) -> Option<Oid> {
        Some(Oid::from_str(hex).unwrap())
    }

    #[test]
    fn reads_updates_creations_and_deletions() {
        let input = format!(
            "refs/heads/main {A} refs/heads/main {B}\nrefs/heads/new {A} refs/heads/new {ZERO}\n\n(delete) {ZERO} refs/heads/old {B}\n"
        );
        let pushed = parse_pushed(&input).unwrap();
        assert_eq!(pushed.len(), 3);
        assert_eq!(
            pushed[0],
            PushedRef {
                local_ref: "refs/heads/main".into(),
                local: oid(A),
                remote_ref: "refs/heads/main".into(),
                remote: oid(B),
            }
        );
        assert_eq!((pushed[1].local, pushed[1].remote), (oid(A), None));
        assert_eq!((pushed[2].local_ref.as_str(), pushed[2].local, pushed[2].remote), ("(delete)", None, oid(B)));
    }

    #[test]
    fn a_local_side_with_blanks_is_kept_whole() {
        let pushed = parse_pushed(&format!("HEAD~1 with blank {A} refs/heads/x {ZERO}\r\n")).unwrap();
        assert_eq!(pushed[0].local_ref, "HEAD~1 with blank");
        assert_eq!(pushed[0].remote_ref, "refs/heads/x");
    }

    #[test]
    fn sha256_names_are_an_error_not_a_panic() {
        let long = "ab".repeat(32);
        let pushed = parse_pushed(&format!("refs/heads/main {long} refs/heads/main {}\n", "0".repeat(64)));
        // git2 of this build reads SHA-1 names only: a SHA-256 one is an
        // error naming the line, never a panic or a silent skip.
        assert_eq!(pushed.unwrap_err().line, 1);
    }

    #[test]
    fn anything_else_is_an_error_naming_its_line() {
        for bad in [
            "refs/heads/main".to_owned(),
            format!("refs/heads/main {A} refs/heads/main"),
            format!("refs/heads/main {A} refs/heads/main 1234"),
            format!("refs/heads/main xyz{} refs/heads/main {B}", &A[3..]),
            format!(" {A} refs/heads/main {B}"),
        ] {
            let error = parse_pushed(&format!("refs/heads/ok {A} refs/heads/ok {B}\n{bad}\n")).unwrap_err();
            assert_eq!(error.line, 2, "{bad}");
            assert_eq!(error.text, bad);
            assert!(error.to_string().contains("line 2"), "{error}");
        }
    }
}
