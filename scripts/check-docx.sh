#!/usr/bin/env bash
# Renders the DOCX of every bundled agreement (and of every customer
# instance under agreements/), a Synopse between two versions and the
# notice letter of that change with the debug build of avv, and opens each with python-docx (scripts/check-docx.py), an independent reader: the file
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

# A Synopse: pcvisit committed twice, the second time with a new version,
# a changed clause, a sub-processor's short name changed and one added,
# then built as a site.
repo="$work/repo"
mkdir -p "$repo/agreements"
cp -r agreements/pcvisit "$repo/agreements/"
git() { command git -C "$repo" -c user.name=avv -c user.email=avv@example.invalid "$@"; }
git init --quiet
git add -A && git commit --quiet -m "1.8"
sed -i 's/^version = "1.8"/version = "1.9"/; s/^date = 2024-02-29/date = 2024-06-01/' "$repo/agreements/pcvisit/agreement.toml"
sed -i '0,/Diese Vereinbarung/s//Diese geänderte Vereinbarung/' "$repo/agreements/pcvisit/agreement.toml"
sed -i 's/^short = "Livestorm SAS"/short = "Livestorm"/' "$repo/agreements/pcvisit/subprocessors.toml"
cat >> "$repo/agreements/pcvisit/subprocessors.toml" <<'EOF'

[[subprocessor]]
id = "lux-backup"
group = "hauptleistungen"
name = "Lux Backup S.A."
address = "1 Rue du Fort, 1111 Luxemburg"
country = "LU"
service = "Datensicherung"
since = 2024-07-01
safeguards = [{ label = "AVV", dpa = true }]
EOF
git add -A && git commit --quiet -m "1.9"
(cd "$repo" && "$avv" build --no-private --out "$work/site" >/dev/null)
if ! compgen -G "$work/site/pcvisit/synopse-*.docx" >/dev/null; then
  echo "error: no Synopse was rendered as DOCX" >&2
  exit 1
fi
# The notice letter of that change in Word.
(cd "$repo" && "$avv" notice pcvisit --date 2024-06-01 --format docx --out "$work/mitteilung.docx" 2>/dev/null)
rm -rf "$repo"

mapfile -t files < <(find "$work" -name '*.docx' | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "error: no DOCX was rendered" >&2
  exit 1
fi
python3 scripts/check-docx.py "${files[@]}"
