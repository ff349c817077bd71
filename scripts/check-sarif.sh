#!/usr/bin/env bash
# Checks `avv validate --format sarif` with Microsoft's SARIF Multitool (npm
# `@microsoft/sarif-multitool`, pinned), an independent implementation of the
# SARIF 2.1.0 schema and of the SDK's validation rules:
#
# - the SARIF of four fixture folders that together have an error, a
#   warning, a note and a finding with a label, and of the bundled
#   `agreements/` (notes only), must draw no error-level result (JSON1xxx:
#   schema violations; SARIF1xxx: rules of the standard);
# - warnings (SARIF2xxx best practices) are printed, notes counted per rule;
# - each file must also load into the SDK's object model (`rewrite`):
#   `validate` silently reports nothing about a file it cannot load (an
#   unknown `level` such as "fatal" yields no result and exit 0);
# - deliberately broken copies must fail, so the check is known to bite.
#
# Builds avv in the workspace's target folder (debug), so that CI reuses what
# the tests built. The multitool is installed into target/ci-tools.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

tools=target/ci-tools
package="$tools/node_modules/@microsoft/sarif-multitool"
if [ ! -d "$package" ]; then
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" @microsoft/sarif-multitool@5.7.0 >/dev/null
fi
# bin.js hands its arguments to a shell: lists such as "Error;Warning" are
# passed with their quotes, and every path used here is free of blanks.
multitool() { node "$package/bin.js" "$@"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --quiet -p avv-cli
avv="$root/target/debug/avv"

fixtures=core/tests/fixtures/invalid
mixed=(
  "$fixtures/unknown-key/titel-instead-of-title"
  "$fixtures/footnote-unused/footnote-never-cited"
  "$fixtures/particulars-delegated/data-categories-in-service-description"
  "$fixtures/duplicate-id/clause-and-measure-share-id"
)
# Errors make validate exit 1; only 2 (avv could not run) is a failure here.
status=0
"$avv" validate --no-cache --format sarif "${mixed[@]}" >"$work/mixed.sarif" || status=$?
if [ "$status" -ne 1 ]; then
  echo "check-sarif: avv validate on the fixtures exited $status, expected 1 (errors found)" >&2
  exit 1
fi
"$avv" validate --no-cache --format sarif >"$work/agreements.sarif"

# The fixtures must still cover what the check is about.
python3 - "$work/mixed.sarif" <<'PY'
import json, sys

results = json.load(open(sys.argv[1], encoding="utf-8"))["runs"][0]["results"]
levels = {result["level"] for result in results}
missing = [level for level in ("error", "warning", "note") if level not in levels]
if not any(result.get("relatedLocations") for result in results):
    missing.append("a finding with a label")
if missing:
    sys.exit(f"check-sarif: the fixtures no longer have {', '.join(missing)}")
PY

# Runs `validate` and `rewrite` on one file; prints what they report and
# exits 1 if the file has errors or does not load.
check() {
  local input=$1 name
  name=$(basename "$input" .sarif)
  multitool validate "$input" -o "$work/$name.validate.sarif" \
    --level '"Error;Warning;Note"' >"$work/$name.validate.log" 2>&1 || {
    cat "$work/$name.validate.log" >&2
    echo "check-sarif: the multitool could not run on $name.sarif" >&2
    return 1
  }
  local loads=yes
  multitool rewrite "$input" -o "$work/$name.rewrite.sarif" >"$work/$name.rewrite.log" 2>&1 || loads=no
  python3 - "$name" "$work/$name.validate.sarif" "$loads" "$work/$name.rewrite.log" <<'PY'
import collections, json, sys

name, log, loads, rewrite_log = sys.argv[1:]
run = json.load(open(log, encoding="utf-8-sig"))["runs"][0]
rules = {rule["id"]: rule for rule in run["tool"]["driver"].get("rules", [])}


def text(result):
    message = result["message"]
    if "text" in message:
        return message["text"]
    rule = rules.get(result["ruleId"], {})
    template = rule.get("messageStrings", {}).get(message.get("id"), {}).get("text")
    arguments = message.get("arguments", [])
    if template is None:
        return f"{message.get('id')} {arguments}"
    try:
        return template.format(*arguments)
    except (IndexError, KeyError, ValueError):
        return f"{message.get('id')} {arguments}"


errors = 0
notes = collections.Counter()
for result in run.get("results", []):
    descriptor = rules.get(result["ruleId"], {})
    # An absent level is the rule's default level, else warning (3.27.10).
    level = result.get("level") or descriptor.get("defaultConfiguration", {}).get("level", "warning")
    rule = f"{result['ruleId']} {descriptor.get('name', '')}".strip()
    if level in ("error", "warning"):
        errors += level == "error"
        print(f"{name}.sarif: {level} {rule}: {text(result)}")
    else:
        notes[rule] += 1
for rule, count in sorted(notes.items()):
    print(f"{name}.sarif: {count} note(s) {rule}")
for notification in run.get("invocations", [{}])[0].get("toolExecutionNotifications", []):
    errors += 1
    print(f"{name}.sarif: multitool notification: {notification.get('message', {}).get('text')}")
if loads != "yes":
    errors += 1
    lines = open(rewrite_log, encoding="utf-8", errors="replace").read().splitlines()
    reason = next((line for line in lines if "Exception" in line), "see the rewrite log")
    print(f"{name}.sarif: error: the SARIF SDK cannot load the file: {reason}")
sys.exit(1 if errors else 0)
PY
}

failed=0
for file in mixed agreements; do
  check "$work/$file.sarif" || failed=1
done
if [ "$failed" -ne 0 ]; then
  echo "check-sarif: the SARIF Multitool found errors in avv's SARIF output" >&2
  exit 1
fi

# The check bites: a level outside the schema's enum (not loadable), a
# missing message (JSON1002) and a line 0 (JSON1008) must each fail.
python3 - "$work/mixed.sarif" "$work" <<'PY'
import copy, json, sys

source, work = sys.argv[1:]
log = json.load(open(source, encoding="utf-8"))


def broken(name, change):
    copied = copy.deepcopy(log)
    change(copied["runs"][0]["results"][0])
    with open(f"{work}/{name}.sarif", "w", encoding="utf-8") as out:
        json.dump(copied, out, indent=2)


broken("broken-level", lambda result: result.update(level="fatal"))
broken("broken-message", lambda result: result.pop("message"))
broken(
    "broken-line",
    lambda result: result["locations"][0]["physicalLocation"]["region"].update(startLine=0),
)
PY
for expected in "broken-level:cannot load" "broken-message:error JSON1002" "broken-line:error JSON1008"; do
  file=${expected%%:*}
  if check "$work/$file.sarif" >"$work/$file.out" || ! grep -q "${expected#*:}" "$work/$file.out"; then
    cat "$work/$file.out" >&2
    echo "check-sarif: $file.sarif was not rejected with \"${expected#*:}\"" >&2
    exit 1
  fi
done
echo "check-sarif: avv's SARIF passes the SARIF Multitool; broken copies are rejected"
