#!/usr/bin/env python3
"""Robustness sweep: every bundled agreement file, broken one line at a time.

Each mutation is one defect a person makes while editing: a line deleted, the
file cut off in the middle of a line (every ninth line), a value of the wrong
type, a text emptied. For each, in a git repository holding the bundled
agreements as committed, the mutated file is written into the working tree and
`avv validate`, `avv diff`, `avv render --format html` and `avv history` run on
its agreement (and `avv render` of the instance, for a customer file). None may
panic, end with an exit code other than 0, 1 or 2, or take over a minute, and
every error and warning `avv validate` gives names its file, the line and
column in it (a folder's findings: the folder) and what to do (`help`).
Last, `avv fmt` runs on the broken file: it may leave it as it is, or
rewrite it into a file that holds the same data (read by Python's own TOML
parser) and that it leaves as it is when run again; it never rewrites a file
that is no TOML.

    cargo build --release -p avv-cli
    python3 scripts/mutation-sweep.py [--avv target/release/avv] [--jobs N] [--every K]

Takes about 4 minutes on 2 cores with a release build (8,300 mutations),
about 9 with the debug build `cargo test` makes, which `.ci/run` uses (and
which also stops on an arithmetic overflow). Exits 1 and lists the failures
if there are any. `--every K` runs every K-th mutation only, spread over
every file, for a quick look.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def mutations(text):
    lines = text.split("\n")
    for i, line in enumerate(lines):
        yield f"line {i + 1} deleted", "\n".join(lines[:i] + lines[i + 1:])
        if i % 9 == 0:
            yield f"cut in line {i + 1}", "\n".join(lines[:i]) + "\n" + line[: len(line) // 2]
        m = re.match(r'^(\s*[A-Za-z_."-]+\s*=\s*)(.*)$', line)
        if m:
            value = m.group(2)
            wrong = "7" if value.startswith('"') else ('"y"' if value.startswith("[") else '"x"')
            yield f"line {i + 1} of another type", "\n".join(lines[:i] + [m.group(1) + wrong] + lines[i + 1:])
            if value.startswith('"') and len(value) > 2:
                yield f"line {i + 1} emptied", "\n".join(lines[:i] + [m.group(1) + '""'] + lines[i + 1:])


def files(base):
    out = []
    for agreement in sorted(os.listdir(os.path.join(base, "agreements"))):
        folder = os.path.join("agreements", agreement)
        for name in sorted(os.listdir(os.path.join(base, folder))):
            if name.endswith(".toml"):
                out.append((agreement, os.path.join(folder, name)))
        customers = os.path.join(folder, "customers")
        if os.path.isdir(os.path.join(base, customers)):
            for name in sorted(os.listdir(os.path.join(base, customers))):
                out.append((agreement, os.path.join(customers, name)))
    return out


WORKDIRS = {}


def run(job):
    avv, base, scratch, agreement, path, what, text = job
    # One copy of the repository per worker process.
    work = WORKDIRS.get(os.getpid())
    if work is None:
        work = os.path.join(scratch, str(os.getpid()))
        shutil.copytree(base, work, symlinks=True)
        WORKDIRS[os.getpid()] = work
    target = os.path.join(work, path)
    original = open(target, encoding="utf-8").read()
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)
    commands = [
        ["validate", f"agreements/{agreement}", "--format", "json"],
        ["diff", agreement],
        ["render", f"agreements/{agreement}", "--format", "html"],
        ["history", agreement],
    ]
    if "/customers/" in path:
        commands.append(["render", path, "--format", "md"])
    failures = []
    for args in commands:
        try:
            done = subprocess.run([avv, *args], cwd=work, capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            failures.append(f"{path}, {what}: `avv {' '.join(args)}` took over a minute")
            continue
        stderr = done.stderr.decode(errors="replace")
        if done.returncode not in (0, 1, 2) or "panicked" in stderr:
            failures.append(f"{path}, {what}: `avv {' '.join(args)}` exit {done.returncode}\n{stderr[-600:]}")
        elif args[0] == "validate":
            failures.extend(f"{path}, {what}: {problem}" for problem in unlocated(done.stdout, work))
    failures.extend(f"{path}, {what}: {problem}" for problem in formatted(avv, work, path, text))
    with open(target, "w", encoding="utf-8") as f:
        f.write(original)
    return failures


def formatted(avv, work, path, text):
    """What `avv fmt` did wrong to the broken file `path` (holding `text`)."""
    try:
        done = subprocess.run([avv, "fmt", path], cwd=work, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return [f"`avv fmt {path}` took over a minute"]
    stderr = done.stderr.decode(errors="replace")
    if done.returncode not in (0, 1, 2) or "panicked" in stderr:
        return [f"`avv fmt {path}` exit {done.returncode}\n{stderr[-600:]}"]
    with open(os.path.join(work, path), encoding="utf-8") as f:
        after = f.read()
    if after == text:
        return []
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return ["`avv fmt` rewrote a file that is no TOML"]
    try:
        same = tomllib.loads(after) == before
    except tomllib.TOMLDecodeError as error:
        return [f"`avv fmt` wrote a file that is no TOML: {error}"]
    if not same:
        return ["`avv fmt` changed the data of the file it rewrote"]
    again = subprocess.run([avv, "fmt", "--check", path], cwd=work, capture_output=True, timeout=60)
    if again.returncode != 0:
        return [f"`avv fmt --check` finds the file `avv fmt` wrote not canonical (exit {again.returncode})"]
    return []


def unlocated(stdout, work):
    """What the findings of `avv validate --format json` leave unsaid."""
    try:
        diagnostics = json.loads(stdout)["diagnostics"]
    except (ValueError, KeyError, TypeError):
        return [f"`avv validate --format json` printed no JSON report: {stdout[:300]!r}"]
    problems = []
    for d in diagnostics:
        if d.get("severity") not in ("error", "warning"):
            continue
        said = f"[{d.get('code')}] {d.get('message', '')[:200]}"
        file = d.get("file")
        if not file:
            problems.append(f"no file named: {said}")
        elif not d.get("start") and not os.path.isdir(os.path.join(work, file)):
            problems.append(f"no line and column in {file}: {said}")
        if not d.get("help"):
            problems.append(f"no help: {said}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--avv", default=os.path.join(ROOT, "target", "release", "avv"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--every", type=int, default=1, help="run every K-th mutation only")
    options = parser.parse_args()
    avv = os.path.abspath(options.avv)
    if not os.access(avv, os.X_OK):
        sys.exit(f"no avv binary at {avv}: build it with `cargo build --release -p avv-cli`, or name it with --avv")
    with tempfile.TemporaryDirectory(prefix="avv-sweep-") as base, tempfile.TemporaryDirectory(
        prefix="avv-sweep-work-"
    ) as scratch:
        for folder in ["agreements", "schema"]:
            shutil.copytree(os.path.join(ROOT, folder), os.path.join(base, folder))
        git = ["git", "-c", "user.name=sweep", "-c", "user.email=sweep@example.org"]
        subprocess.run(["git", "init", "-q"], cwd=base, check=True)
        subprocess.run(["git", "add", "-A"], cwd=base, check=True)
        subprocess.run([*git, "commit", "-qm", "bundled agreements"], cwd=base, check=True)
        jobs = []
        for agreement, path in files(base):
            text = open(os.path.join(base, path), encoding="utf-8").read()
            jobs.extend((avv, base, scratch, agreement, path, what, mutated) for what, mutated in mutations(text))
        if options.every < 1:
            sys.exit("--every takes a whole number of 1 or more")
        jobs = jobs[:: options.every]
        print(f"{len(jobs)} mutations of {len(files(base))} files", flush=True)
        failures = []
        with concurrent.futures.ProcessPoolExecutor(max_workers=options.jobs) as pool:
            for done, found in enumerate(pool.map(run, jobs, chunksize=25), start=1):
                failures.extend(found)
                if done % 1000 == 0:
                    print(f"{done} done, {len(failures)} failures", flush=True)
    for failure in failures:
        print(failure)
    print(f"{len(jobs)} mutations: {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
