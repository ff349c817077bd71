//! `docs/rules.md` must match the rule catalogue. `UPDATE_GENERATED=1` rewrites it.

use std::path::PathBuf;

#[test]
fn rules_doc_is_fresh() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/rules.md");
    let expected = avv_core::diagnostic::rules_markdown();
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected && std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    assert!(
        actual == expected,
        "docs/rules.md is stale: run `UPDATE_GENERATED=1 cargo test -p avv-core --test rules_doc` and commit it"
    );
}
