#!/usr/bin/env python3
"""Validates every TOML file under agreements/ against the committed JSON
Schemas with an independent implementation (Python's `jsonschema`, draft
2020-12, formats checked), the way editors and other tools would.

TOML dates become ISO strings first, as Taplo and avv do.
Usage: scripts/check-schemas-third-party.py [REPO_ROOT]
"""

import datetime
import json
import pathlib
import sys
import tomllib

from jsonschema import Draft202012Validator, FormatChecker

SCHEMAS = {
    "agreement.toml": "agreement.schema.json",
    "tom.toml": "tom.schema.json",
    "subprocessors.toml": "subprocessors.schema.json",
}


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return value


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    validators = {}
    for name in set(SCHEMAS.values()) | {"customer.schema.json"}:
        schema = json.loads((root / "schema" / name).read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        validators[name] = Draft202012Validator(schema, format_checker=FormatChecker())
    failures = checked = 0
    for path in sorted((root / "agreements").rglob("*.toml")):
        if path.parent.name == "customers":
            schema = "customer.schema.json"
        elif path.name in SCHEMAS:
            schema = SCHEMAS[path.name]
        else:
            continue
        with path.open("rb") as handle:
            data = plain(tomllib.load(handle))
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        if not (first_line.startswith("#:schema ") and first_line.endswith(schema)):
            print(f"{path}: first line must be a `#:schema` directive pointing at {schema}")
            failures += 1
        errors = sorted(validators[schema].iter_errors(data), key=lambda e: list(e.absolute_path))
        for error in errors:
            where = "/".join(str(p) for p in error.absolute_path)
            print(f"{path}: /{where}: {error.message}")
        failures += len(errors)
        checked += 1
    print(f"third-party schema check: {checked} files, {failures} problems")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
