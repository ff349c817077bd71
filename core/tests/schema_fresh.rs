//! The committed JSON Schemas under `schema/` must match the model.
//! Run with `UPDATE_SCHEMAS=1` to rewrite them.

use std::path::PathBuf;

use avv_core::schema::{FileKind, schema_text};

#[test]
fn committed_schemas_are_fresh() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some();
    let mut stale = Vec::new();
    for kind in FileKind::ALL {
        let path = dir.join(kind.schema_file_name());
        let expected = schema_text(kind);
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        if actual != expected {
            if update {
                std::fs::write(&path, &expected).expect("write schema");
            } else {
                stale.push(format!("{}", path.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale JSON Schemas: {}\nrun `UPDATE_SCHEMAS=1 cargo test -p avv-core --test schema_fresh` (or `avv schema --out schema`) and commit the result",
        stale.join(", ")
    );
}
