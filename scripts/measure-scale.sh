#!/usr/bin/env bash
# Times the real `avv` binary, and its peak memory, on generated realistic
# repositories (core/tests/support/evolve.rs), beside `git log` where there
# is a comparison. Prints one line per workload; the figures for issue 18.
#
#   scripts/measure-scale.sh [WORKDIR]
#
# WORKDIR (default: a temporary folder) receives the repositories.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-$(mktemp -d)}"
mkdir -p "$work"

cargo build --quiet --release -p avv-cli
cargo build --quiet --release -p avv-core --example evolve
avv="$PWD/target/release/avv"
evolve="$PWD/target/release/examples/evolve"

measure() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; return 1; }
  read -r seconds kb <"$work/time"
  printf '%-46s %8.2f s %8d MB\n' "$label" "$seconds" "$((kb / 1024))"
}

for versions in 100 1000; do
  [ -d "$work/v$versions" ] || "$evolve" "$work/v$versions" "$versions" >/dev/null
done
for customers in 1000 10000; do
  [ -d "$work/c$customers" ] || "$evolve" "$work/c$customers" 2 "$customers" >/dev/null
done

echo "== history, 1,000 real versions of pcvisit"
cd "$work/v1000"
measure "git log --follow -p agreement.toml" git log --follow -p -- agreements/pcvisit/agreement.toml
measure "avv history pcvisit" "$avv" history pcvisit
measure "avv history pcvisit (again)" "$avv" history pcvisit

echo "== build, 100 versions"
cd "$work/v100"
rm -rf "$work/cache100"
measure "avv build --no-cache" "$avv" build --no-cache --no-private --out "$work/site100"
measure "avv build (cold cache)" "$avv" build --cache-dir "$work/cache100" --no-private --out "$work/site100"
measure "avv build (nothing changed)" "$avv" build --cache-dir "$work/cache100" --no-private --out "$work/site100"
git reset --quiet --hard HEAD~1
measure "avv build (one version fewer, cache warm)" "$avv" build --cache-dir "$work/cache100" --no-private --out "$work/site100"
git reset --quiet --hard HEAD@{1}
measure "avv build (after one new version)" "$avv" build --cache-dir "$work/cache100" --no-private --out "$work/site100"

echo "== build, 1,000 versions (peak memory)"
cd "$work/v1000"
measure "avv build --no-cache" "$avv" build --no-cache --no-private --out "$work/site1000"

for customers in 1000 10000; do
  echo "== TrafficPlex with $customers customer instances"
  cd "$work/c$customers"
  measure "avv validate --no-cache" "$avv" validate --no-cache
  # TrafficPlex has no sub-processor list: to tell its customers of a new
  # sub-processor, it gets one, then a version that adds one more.
  if [ ! -f agreements/trafficplex/subprocessors.toml ]; then
    printf 'schema_version = 1\n\n[list]\nid = "unterauftragnehmer"\ntitle = "Unterauftragnehmer"\n\n[[subprocessor]]\nid = "rechenzentrum"\nname = "Rechenzentrum Nord GmbH"\naddress = "Hafenstraße 1, 20457 Hamburg"\ncountry = "DE"\nservice = "Hosting"\n' \
      >agreements/trafficplex/subprocessors.toml
    git add -A && git -c user.name=avv -c user.email=avv@example.org commit -qm "Unterauftragnehmer-Liste"
    sed -i '0,/^version = "1.0"/s//version = "1.1"/' agreements/trafficplex/agreement.toml
    printf '\n[[subprocessor]]\nid = "neu-rz"\nname = "Neues Rechenzentrum GmbH"\naddress = "Sigmundstraße 135, 90431 Nürnberg"\ncountry = "DE"\nservice = "Datensicherung"\n' \
      >>agreements/trafficplex/subprocessors.toml
    git -c user.name=avv -c user.email=avv@example.org commit -qam "1.1: neues Rechenzentrum"
  fi
  measure "avv notice trafficplex HEAD~1..HEAD" "$avv" notice trafficplex HEAD~1..HEAD --date 2026-12-01
  measure "avv build --no-cache (customer contracts)" "$avv" build --no-cache --out "$work/sitec" --private-out "$work/privatec"
done
