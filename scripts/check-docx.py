#!/usr/bin/env python3
"""Opens every DOCX given with python-docx, an independent reader of the
format (documents, Synopsen and notice letters), and prints what it found: paragraphs, tables, footnote references,
hyperlinks and the document properties. Fails when a file does not open,
has no text, or its properties are not avv's (creator "avv", German).

Usage: scripts/check-docx.py FILE.docx...
"""
import sys

import docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check(path):
    document = docx.Document(path)
    paragraphs = document.paragraphs
    tables = document.tables
    body = document.element.body
    footnotes = len(body.findall(f".//{W}footnoteReference"))
    links = len(body.findall(f".//{W}hyperlink"))
    words = sum(len(p.text.split()) for p in paragraphs)
    words += sum(len(cell.text.split()) for table in tables for row in table.rows for cell in row.cells)
    properties = document.core_properties
    print(
        f"{path}: {len(paragraphs)} paragraphs, {len(tables)} tables, {words} words, "
        f"{footnotes} footnote references, {links} hyperlinks; "
        f"title {properties.title!r}, creator {properties.author!r}, language {properties.language!r}"
    )
    problems = []
    if not paragraphs or words == 0:
        problems.append("no text")
    if not properties.title:
        problems.append("no title")
    if properties.author != "avv":
        problems.append(f"creator {properties.author!r}, not 'avv'")
    if properties.language != "de-DE":
        problems.append(f"language {properties.language!r}, not 'de-DE'")
    footer = document.sections[0].footer if document.sections else None
    trace = " ".join(p.text for p in footer.paragraphs) if footer is not None else ""
    # A document's trace line names its data's hash, a Synopse's and a
    # notice letter's their versions.
    if "SHA-256" not in trace and not trace.startswith(("Synopse ", "Mitteilung ")):
        problems.append("no trace line in the footer")
    return problems


def main(paths):
    if not paths:
        print("usage: check-docx.py FILE.docx...", file=sys.stderr)
        return 2
    failed = 0
    for path in paths:
        try:
            problems = check(path)
        except Exception as error:  # any failure to read is what this check is for
            problems = [f"does not open: {type(error).__name__}: {error}"]
        for problem in problems:
            print(f"error: {path}: {problem}", file=sys.stderr)
        failed += bool(problems)
    print(f"{len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
