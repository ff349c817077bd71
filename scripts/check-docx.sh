#!/usr/bin/env bash
# Renders the DOCX of every bundled agreement (and of every customer
# instance under agreements/) with the debug build of avv, and opens each
# with python-docx (scripts/check-docx.py), an independent reader: the file
# must open, have text, and carry avv's properties and trace line.
#
# Builds avv in the workspace's target folder (debug), so that CI reuses
# what the tests built. python-docx must be installed (.ci/run does it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --quiet -p avv-cli
avv="$root/target/debug/avv"

for folder in agreements/*/; do
  [ -f "$folder/agreement.toml" ] || continue
  "$avv" render "${folder%/}" --format docx --out "$work" >/dev/null
  for customer in "$folder"customers/*.toml; do
    [ -f "$customer" ] || continue
    mkdir -p "$work/customers/$(basename "$folder")"
    "$avv" render "$customer" --format docx --out "$work/customers/$(basename "$folder")" >/dev/null
  done
done

mapfile -t files < <(find "$work" -name '*.docx' | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "error: no DOCX was rendered" >&2
  exit 1
fi
python3 scripts/check-docx.py "${files[@]}"
