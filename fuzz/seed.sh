#!/usr/bin/env bash
# Builds the seed corpus of the `load_validate` target from agreements/:
# every real file, prefixed with the mode byte that puts it in its place.
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/load_validate
mkdir -p "$out"
n=0
for dir in ../agreements/*/; do
  for pair in "agreement.toml:\x00" "tom.toml:\x01" "subprocessors.toml:\x02"; do
    file="$dir${pair%%:*}"
    [ -f "$file" ] || continue
    { printf "${pair#*:}"; cat "$file"; } >"$out/seed-$n"
    n=$((n + 1))
  done
  for file in "$dir"customers/*.toml; do
    [ -f "$file" ] || continue
    { printf '\x03'; cat "$file"; } >"$out/seed-$n"
    n=$((n + 1))
  done
  # All three main files at once.
  {
    printf '\x04'
    cat "$dir/agreement.toml"
    printf '\n#---\n'
    if [ -f "$dir/tom.toml" ]; then cat "$dir/tom.toml"; fi
    printf '\n#---\n'
    if [ -f "$dir/subprocessors.toml" ]; then cat "$dir/subprocessors.toml"; fi
  } >"$out/seed-$n"
  n=$((n + 1))
done
echo "wrote $n seeds to fuzz/$out"
