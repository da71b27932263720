"""Bring ``data/sources.csv`` to its current column format, and list rows that need a person.

The source table used to have the columns

    key,authors,year,title,journal,doi,pmid,url,status,facts_ref,quote,note

with volume and pages folded into ``journal`` ("Pol J Radiol 2020;85:e375-e380"). It now has

    key,authors,year,title,journal,volume,pages,doi,pmid,url,status,quote,maintainer_note

This script converts every row still in the old shape (a whole old file, or rows appended in
the old shape under a new header, for example after a merge), splitting ``journal`` into
journal, volume and pages where it can and dropping ``facts_ref``. It is safe to run again: rows
already in the new shape are left as they are. It then prints what a maintainer must still do by
hand, from the source itself: authors or titles that are placeholders, and maintainer notes that
describe how a source was read instead of what it says.

    .venv/bin/python tools/convert_sources.py            # convert in place, then report
    .venv/bin/python tools/convert_sources.py --check    # report only; exit 1 if anything to do
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = ROOT / "data" / "sources.csv"

OLD = ["key", "authors", "year", "title", "journal", "doi", "pmid", "url", "status",
       "facts_ref", "quote", "note"]
NEW = ["key", "authors", "year", "title", "journal", "volume", "pages", "doi", "pmid", "url",
       "status", "quote", "maintainer_note"]

# "Journal 2020;85(3):e375-e380", "Journal 2014;2014:480956", "Journal 2021"
_CITATION = re.compile(r"^(?P<journal>.+?)\s+(?P<year>\d{4})(?:;(?P<volume>[^:]+)(?::(?P<pages>.+))?)?$")

# words that describe how a source was read or point outside the project; kept in step with
# tests/test_publication.py, which fails on them in anything a learner or teacher reads
PROCESS_WORDS = ("from memory", "not recorded", "facts ", "facts.md", "fact sheet", "search tool",
                 "mirror", "scribd", "not shown on", "not on the page", "page read", "read on ",
                 "read by", "read with", "lesson-0", "library proxy", "[u]", "helper agent",
                 "subagent", "web copy", "copy read")
PLACEHOLDER = re.compile(r"\[|not recorded|not shown|not seen|full author list|as listed|"
                         r"one author|and colleagues|editor shown|see pubmed|to be confirmed",
                         re.IGNORECASE)


def split_journal(text: str) -> tuple[str, str, str]:
    """``"J Anat 2013;223(6):665-676"`` -> ``("J Anat", "223(6)", "665-676")``.

    >>> split_journal("Pol J Radiol 2020;85:e375-e380")
    ('Pol J Radiol', '85', 'e375-e380')
    >>> split_journal("Sci Rep 2021")
    ('Sci Rep', '', '')
    >>> split_journal("COMSOL documentation")
    ('COMSOL documentation', '', '')
    """
    match = _CITATION.match(text.strip())
    if not match:
        return text.strip(), "", ""
    return (match["journal"].strip(" ,"), (match["volume"] or "").strip(),
            (match["pages"] or "").strip())


def convert_row(fields: list[str]) -> dict:
    """One CSV record (old or new shape) as a dict in the new shape."""
    if len(fields) == len(NEW):
        return dict(zip(NEW, fields))
    if len(fields) != len(OLD):
        raise ValueError(f"data/sources.csv: a row has {len(fields)} fields, expected "
                         f"{len(NEW)} (current) or {len(OLD)} (old format): {fields[:1]}")
    old = dict(zip(OLD, fields))
    journal, volume, pages = split_journal(old["journal"])
    new = {k: old.get(k, "") for k in NEW}
    new.update(journal=journal, volume=volume, pages=pages, maintainer_note=old["note"])
    return new


def read(path: Path = PATH) -> list[dict]:
    records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header, body = records[0], [r for r in records[1:] if r]
    if header not in (OLD, NEW):
        raise ValueError(f"data/sources.csv: unknown header {header}")
    return [convert_row(r) for r in body]


def write(rows: list[dict], path: Path = PATH) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=NEW, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    tmp = path.with_suffix(".csv.tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    tmp.replace(path)


def todo(rows: list[dict]) -> list[str]:
    """What a maintainer must still fix by reading the source itself."""
    problems = []
    for row in rows:
        for column in ("authors", "title"):
            if PLACEHOLDER.search(row[column]):
                problems.append(f"{row['key']}: {column} is not confirmed: {row[column]!r}")
        note = row["maintainer_note"].lower()
        words = [w for w in PROCESS_WORDS if w in note]
        if words:
            problems.append(f"{row['key']}: maintainer_note says how it was read "
                            f"({', '.join(words)}); say what the source says instead")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only, change nothing")
    args = parser.parse_args(argv)
    rows = read()
    problems = []
    if args.check:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=NEW, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        if out.getvalue() != PATH.read_text(encoding="utf-8"):
            problems.append("data/sources.csv is not in the current column format: run "
                            "tools/convert_sources.py")
    else:
        write(rows)
    problems += todo(rows)
    for line in problems:
        print(line)
    print(f"{len(rows)} sources; {len(problems)} to fix by hand")
    return 1 if (args.check and problems) else 0


if __name__ == "__main__":
    sys.exit(main())
