//! `--help` of the tool and of every subcommand: the doc comments of the
//! `Args` structs are the help text, so a snapshot shows any change to them.

use crate::avv;

fn help(name: &str, args: &[&str]) {
    insta_cmd::assert_cmd_snapshot!(format!("help-{name}"), avv().args(args));
}

#[test]
fn avv_help() {
    help("avv", &["--help"]);
}

#[test]
fn validate_help() {
    help("validate", &["validate", "--help"]);
}

#[test]
fn schema_help() {
    help("schema", &["schema", "--help"]);
}

#[test]
fn rules_help() {
    help("rules", &["rules", "--help"]);
}

#[test]
fn completions_help() {
    help("completions", &["completions", "--help"]);
}

#[test]
fn man_help() {
    help("man", &["man", "--help"]);
}

#[test]
fn version() {
    let output = avv().arg("--version").output().expect("run avv");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), format!("avv {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let output = avv().arg("valdiate").output().expect("run avv");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unrecognized subcommand 'valdiate'") && stderr.contains("validate"), "{stderr}");
}

/// Every subcommand that `avv --help` lists answers `--help`.
#[test]
fn every_subcommand_has_help() {
    let output = avv().arg("--help").output().expect("run avv");
    let text = String::from_utf8_lossy(&output.stdout);
    let commands: Vec<&str> = text
        .lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    assert!(commands.contains(&"validate"), "{text}");
    for command in commands {
        let output = avv().args([command, "--help"]).output().expect("run avv");
        assert!(output.status.success(), "`avv {command} --help` failed");
        assert!(String::from_utf8_lossy(&output.stdout).contains(&format!("Usage: avv {command}")), "{command}");
    }
}
