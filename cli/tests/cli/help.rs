//! `--help` of the tool and of every subcommand: the doc comments of the
//! `Args` structs are the help text, so a snapshot shows any change to them.

use crate::avv;

fn help(name: &str, args: &[&str]) {
    insta_cmd::assert_cmd_snapshot!(format!("help-{name}"), avv().args(args));
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

/// The subcommands a help page lists under "Commands:" (without `help`).
fn subcommands(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        // Continuation lines of a wrapped description are indented further.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// Every help page, down to nested subcommands (`hook range`, `new
/// customer`), is a snapshot: the doc comments are the manual, and a
/// change to any of them shows in review.
#[test]
fn every_help_page_is_a_snapshot() {
    let mut pending: Vec<Vec<String>> = vec![Vec::new()];
    let mut seen = 0;
    while let Some(path) = pending.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let output = avv().args(&args).output().expect("run avv");
        assert!(output.status.success(), "`avv {}` failed", args.join(" "));
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let name = if path.is_empty() { "avv".to_owned() } else { path.join("-") };
        help(&name, &args);
        // Each command's page is its manual: examples and exit codes.
        if path.len() == 1 {
            for section in ["Examples:", "Exit codes:"] {
                assert!(text.contains(section), "`avv {name} --help` has no {section}\n{text}");
            }
        }
        seen += 1;
        for sub in subcommands(&text) {
            let mut next = path.clone();
            next.push(sub);
            pending.push(next);
        }
    }
    assert!(seen >= 17, "{seen} help pages");
}
