//! Git history, semantic diff and sub-processor notices on throw-away
//! repositories: snapshots of every output format, the awkward shapes real
//! histories take (broken versions, files added later, shallow clones,
//! detached HEAD, renamed folders, merges, pull-request ranges) and the
//! promise that none of it writes to the repository.
//!
//! Review snapshot changes with `cargo insta review`.

#[path = "../support/docx_text.rs"]
mod docx_text;
#[path = "../support/git_repo.rs"]
mod git_repo;
#[path = "../support/history_fixture.rs"]
mod history_fixture;

mod notice_rule;
mod notice_sides;
mod replay;
mod robustness;
mod snapshots;

/// Insta settings that hide commit ids (full and abbreviated).
pub fn commit_filters() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\b[0-9a-f]{40}\b", "[COMMIT]");
    settings.add_filter(r"\b[0-9a-f]{12}\b", "[SHORT]");
    settings
}
