//! `avv new` scaffolds files that validate, or that name what remains to fill.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

const AVV: &str = env!("CARGO_BIN_EXE_avv");

fn avv(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(AVV).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

/// The file a scaffold's `#:schema` directive names, resolved from
/// `place` (relative to the repository root `repo`).
fn directive_target(text: &str, repo: &std::path::Path, place: &std::path::Path) -> std::path::PathBuf {
    let target = text.lines().next().and_then(|line| line.strip_prefix("#:schema ")).expect("a #:schema first line");
    let mut dir: Vec<&std::ffi::OsStr> = place.parent().unwrap().iter().collect();
    let mut rest = target;
    while let Some(up) = rest.strip_prefix("../") {
        dir.pop().expect("the directive stays inside the repository");
        rest = up;
    }
    dir.iter().fold(repo.to_path_buf(), |path, part| path.join(part)).join(rest)
}

/// The bundled agreement `name` (without its customers) copied into the
/// repository at `dir`; returns its folder.
fn bundled_copy(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements").join(name);
    let target = dir.join("agreements").join(name);
    std::fs::create_dir_all(&target).unwrap();
    for file in ["agreement.toml", "tom.toml", "subprocessors.toml"] {
        std::fs::copy(source.join(file), target.join(file)).unwrap();
    }
    target
}

#[test]
fn scaffolds_point_editors_at_schemas_they_write_where_missing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("agreements")).unwrap();
    let agreement = avv(dir.path(), &["new", "agreement", "acme-cloud"]);
    assert!(agreement.status.success());
    assert!(String::from_utf8_lossy(&agreement.stderr).contains("schema/agreement.schema.json (editors validate"));
    // A schema already there is the repository's own: kept as it is.
    let own = dir.path().join("schema/tom.schema.json");
    std::fs::write(&own, "{}\n").unwrap();
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    assert!(avv(dir.path(), &["new", "customer", "acme-cloud", "kunde"]).status.success());
    for place in [
        "agreements/acme-cloud/agreement.toml",
        "agreements/acme-cloud/tom.toml",
        "agreements/acme-cloud/subprocessors.toml",
        "agreements/acme-cloud/customers/kunde.toml",
    ] {
        let text = std::fs::read_to_string(dir.path().join(place)).unwrap();
        // The directive names the committed schema in this repository,
        // and the same schema in the new one.
        let in_ours = directive_target(&text, &committed, std::path::Path::new(place));
        let in_new = directive_target(&text, dir.path(), std::path::Path::new(place));
        assert!(in_ours.is_file(), "{place}: `{}` names no schema", text.lines().next().unwrap());
        if in_new == own {
            assert_eq!(std::fs::read_to_string(&in_new).unwrap(), "{}\n");
        } else {
            assert_eq!(std::fs::read(&in_new).unwrap(), std::fs::read(&in_ours).unwrap(), "{place}");
        }
    }
}

#[test]
fn a_new_agreement_cannot_be_released_with_its_fillers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("agreements")).unwrap();
    let created = avv(dir.path(), &["new", "agreement", "acme-cloud"]);
    assert!(String::from_utf8_lossy(&created.stderr).contains("valid: write the 17 texts marked „ausfüllen“"));
    let path = dir.path().join("agreements/acme-cloud/agreement.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("status = \"draft\"", "status = \"final\"\ndate = 2026-12-01")).unwrap();
    let validate = avv(dir.path(), &["validate"]);
    assert_eq!(validate.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&validate.stdout);
    assert_eq!(stdout.matches("error[scaffold-text-unfilled]").count(), 17, "{stdout}");
    assert!(stdout.contains("`Name des Auftragnehmers` is the filler `avv new` wrote"), "{stdout}");
}

#[test]
fn a_new_agreement_validates_clean_and_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("agreements")).unwrap();
    assert!(avv(dir.path(), &["new", "agreement", "acme-cloud"]).status.success());
    let validate = avv(dir.path(), &["validate", "--deny", "warnings"]);
    assert!(validate.status.success(), "{}", String::from_utf8_lossy(&validate.stdout));
    let fmt = avv(dir.path(), &["fmt", "--check"]);
    assert!(fmt.status.success(), "the scaffold is not canonical: {}", String::from_utf8_lossy(&fmt.stdout));
    let again = avv(dir.path(), &["new", "agreement", "acme-cloud"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwrites"));
}

#[test]
fn a_new_customer_lists_every_placeholder_and_choice_and_validates_once_filled() {
    let dir = tempfile::tempdir().unwrap();
    let target = bundled_copy(dir.path(), "zerer");
    let created = avv(dir.path(), &["new", "customer", "zerer", "praxis-1"]);
    assert!(created.status.success());
    let stderr = String::from_utf8_lossy(&created.stderr);
    assert!(stderr.contains("placeholder-unfilled") && stderr.contains("choice-unresolved"), "{stderr}");
    let path = target.join("customers/praxis-1.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let fmt = avv(dir.path(), &["fmt", "--check", "agreements/zerer/customers/praxis-1.toml"]);
    assert!(fmt.status.success(), "the scaffold is not canonical:\n{text}");
    assert!(text.contains("# laufzeit = one of \"befristet\", \"unbefristet\""), "{text}");
    // The blanks in the template's order, not sorted by name.
    let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("no {needle}:\n{text}"));
    assert!(at("[values.auftraggeber]") < at("[values.laufzeit]"), "{text}");
    assert!(at("[values.laufzeit]") < at("[values.leistungsvereinbarung]"), "{text}");
    assert!(at("[values.leistungsvereinbarung]") < at("[values.auftrag]"), "{text}");
    // Fill it: every required value and every choice.
    let mut filled = String::new();
    for line in text.lines() {
        if line.starts_with("# laufzeit") {
            filled.push_str("laufzeit = \"unbefristet\"\n");
        } else if line.starts_with("# dsb") {
            filled.push_str("dsb = \"nicht-erforderlich\"\n");
        } else if line.starts_with("# ") && line.contains(" = one of ") {
            let (key, rest) = line.trim_start_matches("# ").split_once(" = one of ").unwrap();
            let first = rest.split(", ").next().unwrap();
            filled.push_str(&format!("{key} = {first}\n"));
        } else if let Some((key, _)) = line.split_once(" = \"\"") {
            filled.push_str(&format!("{key} = \"ausgefüllt\"\n"));
        } else {
            filled.push_str(line);
            filled.push('\n');
        }
    }
    std::fs::write(&path, filled).unwrap();
    let validate = avv(dir.path(), &["validate", "agreements/zerer"]);
    let stdout = String::from_utf8_lossy(&validate.stdout);
    assert!(!stdout.contains("placeholder-unfilled") && !stdout.contains("choice-unresolved"), "{stdout}");
}

#[test]
fn ids_validation_would_refuse_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("agreements")).unwrap();
    assert!(avv(dir.path(), &["new", "agreement", "acme-cloud"]).status.success());
    // `agreements/agreements/` would hide every other agreement.
    for id in ["agreements", "Acme", "1-cloud", "acme--cloud", "acme-"] {
        let output = avv(dir.path(), &["new", "agreement", id]);
        assert_eq!(output.status.code(), Some(2), "{id}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("not a valid agreement id"), "{id}");
    }
    for (customer, suggested) in [("K1", "k1"), ("1234", "kunde-1234"), ("Müller GmbH", "mueller-gmbh")] {
        let output = avv(dir.path(), &["new", "customer", "acme-cloud", customer]);
        assert_eq!(output.status.code(), Some(2), "{customer}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(&format!("e.g. `{suggested}`")), "{customer}: {stderr}");
    }
    let entries: Vec<_> = std::fs::read_dir(dir.path().join("agreements")).unwrap().flatten().collect();
    assert_eq!(entries.len(), 1, "only the first agreement");
    assert!(!dir.path().join("agreements/acme-cloud/customers").exists(), "no customer file");
    assert!(avv(dir.path(), &["validate"]).status.success());
}

#[test]
fn a_folder_name_that_is_no_id_is_not_offered_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("agreements/ro con");
    std::fs::create_dir_all(&folder).unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements/rocon");
    for file in ["agreement.toml", "tom.toml", "subprocessors.toml"] {
        std::fs::copy(source.join(file), folder.join(file)).unwrap();
    }
    let output = avv(dir.path(), &["validate"]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("help: rename the folder to `rocon`"), "{report}");
    assert!(!report.contains("id = \"ro con\""), "an id validation refuses: {report}");
}

#[test]
fn a_customer_of_an_agreement_without_blanks_is_told_what_comes_next() {
    let dir = tempfile::tempdir().unwrap();
    bundled_copy(dir.path(), "rocon");
    let created = avv(dir.path(), &["new", "customer", "rocon", "kunde"]);
    assert!(created.status.success());
    let stderr = String::from_utf8_lossy(&created.stderr);
    assert!(stderr.contains("valid: nothing to fill; set `status = \"sent\"`"), "{stderr}");
    assert!(!stderr.contains("ausfüllen"), "an agreement's advice for a customer: {stderr}");
    let agreement = avv(dir.path(), &["new", "agreement", "acme-cloud"]);
    assert!(String::from_utf8_lossy(&agreement.stderr).contains("write the 17 texts marked „ausfüllen“"));
}

#[test]
fn a_new_agreement_prints_a_signature_block_for_each_party() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("agreements")).unwrap();
    assert!(avv(dir.path(), &["new", "agreement", "acme-cloud"]).status.success());
    let customer = dir.path().join("agreements/acme-cloud/customers/kunde.toml");
    std::fs::create_dir_all(customer.parent().unwrap()).unwrap();
    std::fs::write(
        &customer,
        "schema_version = 1\n\n[instance]\nagreement = \"acme-cloud\"\nversion = \"1.0\"\nstatus = \"signed\"\n\n[values.kunde]\nname = \"Praxis Beispiel\"\nanschrift = \"Musterweg 5, 80331 München\"\n\n[signing]\nplace = \"München\"\ndate = 2026-12-02\n",
    )
    .unwrap();
    let blank = avv(dir.path(), &["render", "agreements/acme-cloud", "--format", "md"]);
    let blank = String::from_utf8_lossy(&blank.stdout);
    assert!(blank.contains("Auftraggeber, Ort, Datum") && blank.contains("Auftragnehmer, Ort, Datum"), "{blank}");
    // The customer's place and date go into its block.
    let signed = avv(dir.path(), &["render", "agreements/acme-cloud/customers/kunde.toml", "--format", "md"]);
    let signed = String::from_utf8_lossy(&signed.stdout);
    let place = signed.find("München, 02.12.2026").unwrap_or_else(|| panic!("{signed}"));
    assert!(place < signed.find("Auftraggeber, Ort, Datum").unwrap(), "{signed}");
}

#[test]
fn schema_out_writes_the_committed_schemas_whole() {
    let dir = tempfile::tempdir().unwrap();
    let output = avv(dir.path(), &["schema", "--out", "schema"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let mut written: Vec<String> = std::fs::read_dir(dir.path().join("schema"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    // Every schema, and nothing beside them (no temporary file left).
    assert_eq!(written.len(), 5, "{written:?}");
    for name in written {
        assert_eq!(
            std::fs::read(dir.path().join("schema").join(&name)).unwrap(),
            std::fs::read(committed.join(&name)).unwrap(),
            "{name}"
        );
    }
}
