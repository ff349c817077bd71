//! The committed shell completions (`cli/completions/`) and man pages
//! (`cli/man/`) must match what the binary generates. Run with
//! `UPDATE_GENERATED=1` to rewrite them.

use std::path::PathBuf;

use crate::avv;

/// Each generated file with the arguments that print it.
fn generated() -> Vec<(PathBuf, Vec<&'static str>)> {
    let cli = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [("bash", "bash"), ("zsh", "zsh"), ("fish", "fish"), ("elvish", "elvish"), ("powershell", "ps1")]
        .into_iter()
        .map(|(shell, extension)| {
            (cli.join("completions").join(format!("avv.{extension}")), vec!["completions", shell])
        })
        .collect()
}

/// Every man page `avv man --out` writes is committed, and nothing else is
/// in `cli/man/`; each has the sections a man page of a command needs.
#[test]
fn committed_man_pages_are_fresh() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("man");
    let fresh = tempfile::tempdir().expect("temporary folder");
    let output = avv().args(["man", "--out"]).arg(fresh.path()).output().expect("run avv");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let pages = |dir: &std::path::Path| -> std::collections::BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default())
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let generated = pages(fresh.path());
    assert!(generated.len() >= 18, "{:?}", generated.keys());
    for name in ["avv.1", "avv-validate.1", "avv-hook-range.1", "avv-new-customer.1"] {
        assert!(generated.contains_key(name), "{name}");
    }
    for (name, page) in &generated {
        let text = String::from_utf8_lossy(page);
        assert!(text.contains(".SH ENVIRONMENT") && text.contains("NO_COLOR"), "{name}");
        if name.matches('-').count() == 1 {
            assert!(
                text.contains(".SH \"EXIT STATUS\"") || text.contains(".SH EXIT STATUS"),
                "{name} has no EXIT STATUS"
            );
        }
    }
    if pages(&committed) != generated {
        if std::env::var_os("UPDATE_GENERATED").is_some() {
            let _ = std::fs::remove_dir_all(&committed);
            std::fs::create_dir_all(&committed).expect("create cli/man");
            for (name, page) in &generated {
                std::fs::write(committed.join(name), page).expect("write a man page");
            }
        } else {
            panic!(
                "stale man pages in cli/man/: run `UPDATE_GENERATED=1 cargo test -p avv-cli --test cli generated` and commit the result"
            );
        }
    }
}

#[test]
fn committed_completions_and_man_page_are_fresh() {
    let update = std::env::var_os("UPDATE_GENERATED").is_some();
    let mut stale = Vec::new();
    for (path, args) in generated() {
        let output = avv().args(&args).output().expect("run avv");
        assert!(
            output.status.success(),
            "`avv {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        let actual = std::fs::read(&path).unwrap_or_default();
        if actual != output.stdout {
            if update {
                std::fs::create_dir_all(path.parent().expect("parent folder")).expect("create folder");
                std::fs::write(&path, &output.stdout).expect("write generated file");
            } else {
                stale.push(format!("{} (from `avv {}`)", path.display(), args.join(" ")));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files:\n  {}\nrun `UPDATE_GENERATED=1 cargo test -p avv-cli --test cli generated` and commit the result",
        stale.join("\n  ")
    );
}

/// The README names the toolchain the workspace requires (`rust-version`).
#[test]
fn the_readme_names_the_required_rust_version() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|line| line.strip_prefix("rust-version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("rust-version in Cargo.toml");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    assert!(
        readme.contains(&format!("Rust toolchain ({version} or newer)")),
        "README.md must name Rust {version}, as Cargo.toml requires"
    );
}
