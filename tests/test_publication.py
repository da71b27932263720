"""What learners and teachers read is a finished course.

No lesson, stored output, widget, teacher guide, README, doc or data file says how the course was
written or how a source was read; every cited source renders as a full citation; maintainer
notes never reach a reference list; lesson text says what a tool does, not how it is built.
The handouts and slides are built from the notebooks' cells and stored outputs checked here.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import helpers as hp
from helpers.appbase import caption_html
from helpers.tables import load_table

ROOT = Path(__file__).resolve().parents[1]

#: Words that describe how the course was made or how a source was read (case-insensitive).
PROCESS_WORDS = (
    "from memory", "not recorded", "not shown on the page", "title not seen",
    "authors not seen", "fact sheet", "facts.md", "search tool", "helper agent", "subagent",
    "scribd", "mirror", "library proxy", "web copy", "third-party copy", "read on a copy",
    "read in a copy", "read only on a copy", "copy of its abstract", "read by the lesson",
    "lesson-0", "with the search", "[authors", "[title", "author list partly",
    "not shown in the copy", "in the copy read", "not on the page", "on the page read",
)
#: Case-sensitive: the fact sheet's section references ("FACTS 7.5") and tool names.
PROCESS_PATTERNS = (re.compile(r"\bFACTS\b"), re.compile(r"\bLLMs?\b"), re.compile(r"\bAI\b"))

#: How a tool is built, which lesson text leaves to docstrings and docs/ (case-insensitive).
IMPLEMENTATION_WORDS = (
    "state machine", "fake clock", "how its tests", "temporary file", "is then renamed",
    "flushed to disk", "single write", "into modes", "decay at their own rate", "time step can",
)

#: Files that hold the patterns used to find placeholders and process notes.
PATTERN_HOLDERS = {"tools/convert_sources.py", "helpers/schemas/sources.py"}

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TEXT_FILES = sorted(
    [*(ROOT / "notebooks" / "teacher-guide").glob("*.md"), ROOT / "README.md",
     *(ROOT / "docs").glob("*.md"), *(ROOT / "data").glob("*.md"),
     *(ROOT / "data").rglob("*.csv"), *(ROOT / "tools" / "html_template").rglob("*")],
    key=str,
)
TEXT_FILES = [p for p in TEXT_FILES if p.is_file() and p.suffix in (".md", ".csv", ".html",
                                                                     ".css", ".tpl", ".j2", "")]


def _problems(text: str) -> list[str]:
    low = text.lower()
    found = [w for w in PROCESS_WORDS if w in low]
    found += [p.pattern for p in PROCESS_PATTERNS if p.search(text)]
    return found


def _strings(node, key=""):
    """Every string in a notebook's JSON that a reader can see (not images or binary buffers)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k.startswith("image/") or k in ("buffers", "_dom_classes"):
                continue
            yield from _strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, key)
    elif isinstance(node, str):
        yield node


def _notebook_text(path: Path) -> str:
    return "\n".join(_strings(json.loads(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_cells_outputs_and_widgets_have_no_process_words(path):
    found = _problems(_notebook_text(path))
    assert not found, f"{path.name} shows authoring or process words: {found}"


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_guides_docs_readme_and_data_have_no_process_words(path):
    found = _problems(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)} shows authoring or process words: {found}"


def test_helper_text_has_no_process_words():
    """Captions, readouts and docstrings in the helper package, and the build tools."""
    bad = {}
    for path in [*(ROOT / "helpers").rglob("*.py"), *(ROOT / "tools").glob("*.py")]:
        if path.relative_to(ROOT).as_posix() in PATTERN_HOLDERS:
            continue
        found = _problems(path.read_text(encoding="utf-8"))
        if found:
            bad[str(path.relative_to(ROOT))] = found
    assert not bad, bad


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_text_says_what_tools_do_not_how_they_are_built(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    found = [w for w in IMPLEMENTATION_WORDS if w in text.lower()]
    assert not found, f"{path.name} describes how a tool is built: {found}"


def test_every_source_renders_with_authors_and_title():
    for row in load_table("sources"):
        assert row["authors"].strip() and row["title"].strip(), row["key"]
        entry = hp.references([row["key"]]).markdown()
        first_author = re.split(r"[ ,(]", row["authors"].strip())[0]
        assert first_author in entry, (row["key"], entry)
        assert row["title"].rstrip(".")[:60] in entry, (row["key"], entry)
        assert re.search(r"\(\d{4}|n\.d\.\)", entry), (row["key"], entry)
        assert "Status:" in entry and not _problems(entry), (row["key"], entry)
        html = hp.references([row["key"]])._repr_html_()
        assert "<li>" in html and ("href=" in html), row["key"]


def test_references_show_journal_volume_pages_and_a_link():
    md = hp.references(["stecco2013"]).markdown()
    assert "*J Anat 223(6):665-676*" in md
    assert "https://doi.org/10.1111/joa.12111" in md
    assert "verified against the original publication" in md


def test_references_never_show_maintainer_notes_or_quotes():
    for row in load_table("sources"):
        entry = hp.references([row["key"]])._repr_html_() + hp.references([row["key"]]).markdown()
        for column in ("maintainer_note", "quote"):
            text = (row[column] or "").strip()
            if len(text) > 25:
                assert text[:40] not in entry, (row["key"], column)


def test_source_table_notes_speak_about_the_sources():
    header = (ROOT / "data" / "sources.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "facts_ref" not in header and '"note"' not in header
    for row in load_table("sources"):
        assert not _problems(row["maintainer_note"]), (row["key"], row["maintainer_note"])


def test_converter_upgrades_rows_appended_in_the_old_format(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import convert_sources as cs
    finally:
        sys.path.pop(0)
    path = tmp_path / "sources.csv"
    current = (ROOT / "data" / "sources.csv").read_text(encoding="utf-8")
    old_row = ['"new2024"', '"Surname AB, Other CD"', '"2024"', '"A title"',
               '"J Foot 2024;12(3):45-50"', '"10.1000/xyz"', '""', '""', '"V"', '"1.2"',
               '"a quote"', '"what it says"']
    path.write_text(current + ",".join(old_row) + "\n", encoding="utf-8")
    rows = cs.read(path)
    cs.write(rows, path)
    again = cs.read(path)  # a second run changes nothing
    assert again == rows
    new = {r["key"]: r for r in again}["new2024"]
    assert (new["journal"], new["volume"], new["pages"]) == ("J Foot", "12(3)", "45-50")
    assert new["maintainer_note"] == "what it says" and "facts_ref" not in new
    with path.open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == cs.NEW


def test_converter_reports_nothing_to_fix_in_the_committed_table():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "convert_sources.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_figure_alt_text_is_for_screen_readers_only():
    html = caption_html("a bar chart")
    assert "hp-sr-only" in html and "clip:rect(0,0,0,0)" in html and "a bar chart" in html


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_figure_has_one_visible_caption(path):
    """The lesson's caption paragraph is the visible one; no italic 'Figure:' alt-text copy."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            assert not re.search(r"^\*Figure[^*]*[:.]", text, re.MULTILINE), (path.name, text[:80])
