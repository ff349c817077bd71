//! The committed shell completions (`cli/completions/`) and man page
//! (`cli/man/avv.1`) must match what the binary generates. Run with
//! `UPDATE_GENERATED=1` to rewrite them.

use std::path::PathBuf;

use crate::avv;

/// Each generated file with the arguments that print it.
fn generated() -> Vec<(PathBuf, Vec<&'static str>)> {
    let cli = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<(PathBuf, Vec<&'static str>)> =
        [("bash", "bash"), ("zsh", "zsh"), ("fish", "fish"), ("elvish", "elvish"), ("powershell", "ps1")]
            .into_iter()
            .map(|(shell, extension)| {
                (cli.join("completions").join(format!("avv.{extension}")), vec!["completions", shell])
            })
            .collect();
    out.push((cli.join("man").join("avv.1"), vec!["man"]));
    out
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
