#!/usr/bin/env bash
# The site in a real browser. Builds the site for the bundled agreements into
# a temporary folder, loads index.html and the pcvisit agreement page from disk
# in headless Chromium (Debian's package, installed when missing), checks that
# the rendered DOM has the agreement list, the version table and the
# sub-processor table, and saves screenshots and a print preview to
# target/browser-check/ for a human to look at.
#
# Usage: scripts/browser-check.sh        (from anywhere in the repository)
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/browser-check
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

if ! command -v chromium >/dev/null 2>&1; then
  echo "browser-check: installing chromium" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# Headless, offline, and a fresh profile for every call.
browser() {
  local profile
  profile=$(mktemp -d "$work/profile.XXXXXX")
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" "$@" 2>>"$work/chromium.log"
}

site="$work/site"
cargo run --quiet -p avv-cli -- build --out "$site" --private-out "$(dirname "$site")/private" --color never

index="file://$site/index.html"
page="file://$site/pcvisit/index.html"
browser --dump-dom "$index" >"$work/index.dom.html"
browser --dump-dom "$page" >"$work/pcvisit.dom.html"

python3 - "$work/index.dom.html" "$work/pcvisit.dom.html" agreements <<'PY'
"""Checks the DOM Chromium rendered; exits 1 with the reasons when it is wrong."""
import os
import sys
from html.parser import HTMLParser


class Tables(HTMLParser):
    """Rows per table class, body rows only; ids and links seen."""

    def __init__(self):
        super().__init__()
        self.rows, self.ids, self.links, self.stack, self.in_body = {}, set(), set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.add(attrs["href"])
        if tag == "table":
            self.stack.append(attrs.get("class", ""))
        elif tag == "tbody":
            self.in_body += 1
        elif tag == "tr" and self.stack and self.in_body:
            self.rows[self.stack[-1]] = self.rows.get(self.stack[-1], 0) + 1

    def handle_endtag(self, tag):
        if tag == "table" and self.stack:
            self.stack.pop()
        elif tag == "tbody":
            self.in_body -= 1


def parse(path):
    parser = Tables()
    with open(path, encoding="utf-8") as file:
        parser.feed(file.read())
    return parser


index, page, agreements = parse(sys.argv[1]), parse(sys.argv[2]), sys.argv[3]
problems = []
expected = sorted(d for d in os.listdir(agreements) if os.path.isdir(os.path.join(agreements, d)))
if index.rows.get("agreements", 0) != len(expected):
    problems.append(f"index: {index.rows.get('agreements', 0)} agreement rows, expected {len(expected)}")
for agreement in expected:
    if f"{agreement}/index.html" not in index.links:
        problems.append(f"index: no link to {agreement}/index.html")
if page.rows.get("versions", 0) < 10:
    problems.append(f"pcvisit: version table has {page.rows.get('versions', 0)} rows, expected 1.0 to 1.8 (10)")
if page.rows.get("subprocessors", 0) < 10:
    problems.append(f"pcvisit: sub-processor table has {page.rows.get('subprocessors', 0)} rows")
for anchor in ["Versionen", "anlage-1", "unterauftragnehmer-liste", "Dokument"]:
    if f"#{anchor}" not in page.links or anchor not in page.ids:
        problems.append(f"pcvisit: the in-page link #{anchor} has no target")
if "pcvisit-1.8.pdf" not in page.links:
    problems.append("pcvisit: no link to the PDF")
if problems:
    print("browser-check failed:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"browser-check: DOM ok ({len(expected)} agreements, "
      f"{page.rows['versions']} versions, {page.rows['subprocessors']} sub-processor rows)")
PY

test -s "$site/pcvisit/pcvisit-1.8.pdf" || { echo "browser-check: pcvisit-1.8.pdf is missing" >&2; exit 1; }

browser --window-size=1280,900 --screenshot="$out/index.png" "$index" >/dev/null
browser --window-size=1280,1800 --screenshot="$out/pcvisit.png" "$page" >/dev/null
browser --window-size=390,1400 --screenshot="$out/pcvisit-narrow.png" "$page" >/dev/null
browser --no-pdf-header-footer --print-to-pdf="$out/pcvisit-print.pdf" "file://$site/pcvisit/pcvisit-1.8.html" >/dev/null
for file in index.png pcvisit.png pcvisit-narrow.png pcvisit-print.pdf; do
  test -s "$out/$file" || { echo "browser-check: $out/$file was not written" >&2; exit 1; }
done
echo "browser-check: screenshots and print preview in $out/"
