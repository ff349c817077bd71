#!/usr/bin/env bash
# Runs avv's entry for the pre-commit framework (.pre-commit-hooks.yaml) with
# the real `pre-commit` tool from PyPI, against a throw-away policy
# repository that lists this repository (a local clone of HEAD) as its hook
# repository: the entry must install, pass a valid commit and refuse a
# broken one, and the push entry must refuse a push of a commit made past
# the commit hook. Builds avv in the workspace's target folder (debug), so that
# CI reuses what the tests built.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/target/ci-tools"
venv="$tools/pre-commit-venv"
if [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==4.7.0"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rev=$(git -C "$root" rev-parse HEAD)
policy="$work/policy"
mkdir -p "$policy/agreements"
cp -R "$root/agreements/pcvisit" "$policy/agreements/"
cat >"$policy/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: avv
      - id: avv-push
YAML
export PRE_COMMIT_HOME="$work/cache" CARGO_TARGET_DIR="$root/target" AVV_CARGO_PROFILE=dev
git_() { git -C "$policy" -c user.name=CI -c user.email=ci@example.org -c commit.gpgsign=false "$@"; }
git_ init -q
git_ add -A
(cd "$policy" && "$venv/bin/pre-commit" run --all-files) >"$work/first.log" 2>&1 || {
  cat "$work/first.log"
  echo "check-pre-commit: the avv hook failed on valid agreements" >&2
  exit 1
}
git_ commit -q --no-verify -m "pcvisit 1.8"
sed -i 's/country = "US"/country = "USA"/' "$policy/agreements/pcvisit/subprocessors.toml"
git_ add -A
if (cd "$policy" && "$venv/bin/pre-commit" run) >"$work/second.log" 2>&1; then
  cat "$work/second.log"
  echo "check-pre-commit: the avv hook let a broken agreement through" >&2
  exit 1
fi
grep -q "country-code" "$work/second.log" || {
  cat "$work/second.log"
  echo "check-pre-commit: the avv hook failed, but not with the finding" >&2
  exit 1
}
# A commit that only deletes a file passes no file name to the framework:
# the entry must run all the same.
git_ reset -q --hard
git_ rm -q agreements/pcvisit/tom.toml
if (cd "$policy" && "$venv/bin/pre-commit" run) >"$work/third.log" 2>&1; then
  cat "$work/third.log"
  echo "check-pre-commit: the avv hook let a commit through that only deletes the TOM annex" >&2
  exit 1
fi
grep -q "embed-target-missing\|measure-removed" "$work/third.log" || {
  cat "$work/third.log"
  echo "check-pre-commit: the avv hook failed on the deletion, but not with its findings" >&2
  exit 1
}
# The push entry: a first push (the whole history) passes; a commit made
# past the commit hook is refused before it reaches the remote.
git_ reset -q --hard
remote="$work/remote.git"
git init -q --bare "$remote"
git_ remote add origin "$remote"
(cd "$policy" && "$venv/bin/pre-commit" install --hook-type pre-push) >"$work/install.log" 2>&1 || {
  cat "$work/install.log"
  echo "check-pre-commit: cannot install the pre-push stage" >&2
  exit 1
}
# A broken change staged but not committed is not pushed: the commit
# entry must not run at a push.
sed -i 's/country = "US"/country = "USA"/' "$policy/agreements/pcvisit/subprocessors.toml"
git_ add -A
git_ push -q origin HEAD:refs/heads/main >"$work/fourth.log" 2>&1 || {
  cat "$work/fourth.log"
  echo "check-pre-commit: the push of valid commits was refused (the first push, with a broken change staged)" >&2
  exit 1
}
pushed=$(git -C "$remote" rev-parse refs/heads/main)
git_ commit -q --no-verify -m "past the commit hook"
if git_ push -q origin HEAD:refs/heads/main >"$work/fifth.log" 2>&1; then
  cat "$work/fifth.log"
  echo "check-pre-commit: the push entry let a broken commit through" >&2
  exit 1
fi
grep -q "country-code" "$work/fifth.log" && grep -q "push refused" "$work/fifth.log" || {
  cat "$work/fifth.log"
  echo "check-pre-commit: the push failed, but not with the finding" >&2
  exit 1
}
[ "$(git -C "$remote" rev-parse refs/heads/main)" = "$pushed" ] || {
  echo "check-pre-commit: the refused commit reached the remote" >&2
  exit 1
}
echo "check-pre-commit: the framework entries install, pass a valid commit, refuse a broken one and a deletion, and refuse a push of a commit made past the hook"
