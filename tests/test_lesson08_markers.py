"""Lesson 08: secondary facts carry the course's status marker, and warnings come from the tables."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NB = ROOT / "notebooks" / "08-treatment-options.ipynb"
GUIDE = ROOT / "notebooks" / "teacher-guide" / "08-treatment-options.md"
SECONDARY = r"grade A|grades? (?:read|known)|Cochrane|Lee 2014|summary of the trial|trial's dose"


def _cells():
    return json.loads(NB.read_text(encoding="utf-8"))["cells"]


def _source(cell):
    return "".join(cell["source"])


def test_lesson_text_about_secondary_facts_carries_the_marker():
    for cell in _cells():
        if cell["cell_type"] != "markdown":
            continue
        for para in _source(cell).split("\n\n"):
            if re.search(SECONDARY, para):
                assert "[secondary]" in para, para[:80]


def test_guide_text_about_secondary_facts_carries_the_marker():
    for para in GUIDE.read_text(encoding="utf-8").split("\n"):
        if re.search(r"\(`(?:koc2023|david2017|lee2014)`|grade A|summary of the trial", para):
            assert "[secondary]" in para, para[:80]


def test_warnings_render_through_the_safety_helper():
    code = [_source(c) for c in _cells() if c["cell_type"] == "code"]
    assert any("hp.safety.notice(" in c for c in code)
    markdown = " ".join(_source(c) for c in _cells() if c["cell_type"] == "markdown").lower()
    for retyped in ("calf swelling", "numbness", "fever", "night pain"):
        assert retyped not in markdown


def test_no_status_letters_in_the_lesson_text_or_its_tables():
    for cell in _cells():
        assert "[S]" not in _source(cell) and "[V]" not in _source(cell)
        if cell["cell_type"] == "code" and "hp.references(" not in _source(cell):
            for out in cell.get("outputs", []):
                shown = json.dumps(out.get("data", {})) + "".join(out.get("text", ""))
                assert "[S]" not in shown and "[V]" not in shown
