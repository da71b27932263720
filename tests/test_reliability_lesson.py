"""A broken data table in a lesson: one sentence where the figure would be, the rest runs.

Each case copies ``data/`` to a temporary folder, breaks one table the way a learner editing it
in a spreadsheet might, points the lesson's kernel at the copy (``PLANTAR_COURSE_DATA``) and runs
the whole lesson in a fresh kernel. Exactly one cell shows the sentence (file, line, what to
fix), no cell shows a traceback, and the cells that do not need the table still give output.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers import lessonguard
from helpers.tables import DATA_DIR_VARIABLE

ROOT = Path(__file__).resolve().parent.parent


def _break(folder: Path, table: str, column: str, new_value: str, row: int = 0) -> int:
    """Replace one value of ``table`` in the copy; return the line it is on."""
    import csv
    import io

    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = records[0]
    records[1 + row][header.index(column)] = new_value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    path.write_text(out.getvalue(), encoding="utf-8")
    return 2 + row  # no multi-line values in these tables


def _run(notebook: str, data: Path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(data))
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = nbformat.read(ROOT / "notebooks" / notebook, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()
    return [c for c in nb.cells if c.cell_type == "code"]


def _text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        for key in ("text/plain", "text/html"):
            value = out.get("data", {}).get(key)
            if value:
                parts.append(value)
    return "\n".join(parts)


CASES = [
    # (lesson, table, column, bad value, row, what the sentence names)
    ("04-circulation.ipynb", "circulation_studies", "value", "seven hundred", 0, "value"),
    ("01-causes.ipynb", "risk_factors", "factor", "weight", 2, "factor"),
]


@pytest.mark.parametrize("notebook, table, column, bad, row, named", CASES,
                         ids=[f"{c[0][:2]}-{c[1]}" for c in CASES])
def test_broken_table_shows_one_sentence_and_the_lesson_runs_on(
        tmp_path, monkeypatch, notebook, table, column, bad, row, named):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    line = _break(data, table, column, bad, row)
    cells = _run(notebook, data, monkeypatch)
    errors = [(i, o.get("ename"), o.get("evalue")) for i, c in enumerate(cells)
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == [], f"cells failed after the broken table: {errors}"
    pattern = re.compile(rf"{table}\.csv, line {line}, column '{named}'")
    showing = [i for i, c in enumerate(cells) if pattern.search(_text(c))]
    assert len(showing) == 1, f"the sentence appears in cells {showing}"
    first = showing[0]
    text = _text(cells[first])
    assert "Fix that value in the file" in text and "Traceback" not in text
    # cells before it ran as usual; later cells either ran or show the short note
    later = cells[first + 1:]
    assert all(c.get("execution_count") for c in later)
    ran = [c for c in later if _text(c) and lessonguard.NOTE not in _text(c)]
    assert ran, "no later cell gave output"


def test_a_healthy_lesson_shows_no_data_message(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    cells = _run("06-choosing-a-therapist.ipynb", data, monkeypatch)
    assert not any(o.get("output_type") == "error" for c in cells for o in c.get("outputs", []))
    assert not any("Data file problem" in _text(c) or lessonguard.NOTE in _text(c) for c in cells)
