"""Notebook hygiene: what nbval and readers rely on, checked on the stored files."""

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SKIP_TAGS = {"nbval-skip", "nbval-ignore-output", "skip-execution", "nbval-raises-exception"}
MACHINE_PATH = re.compile(r"(/tmp/|/root/|/home/\w|/work/|/farm/|/Users/\w|[A-Z]:\\\\Users)")
CITE_CALL = {"cite", "references", "source"}


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_lessons():
    names = [p.name for p in NOTEBOOKS]
    assert "00-start-here.ipynb" in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_executed_in_order(path):
    cells = _code_cells(_load(path))
    counts = [c.get("execution_count") for c in cells]
    assert None not in counts, f"{path.name}: a code cell was never run; run make execute"
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts} are not 1..n; restart and run all (make execute)"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_error_output_or_broken_widget(path):
    text = path.read_text(encoding="utf-8")
    nb = _load(path)
    for i, cell in enumerate(_code_cells(nb)):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name}: code cell {i + 1} stored an error"
            assert out.get("name") != "stderr" or "Traceback" not in "".join(out.get("text", ""))
    assert "Error displaying widget:" not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_holds_no_machine_path(path):
    match = MACHINE_PATH.search(path.read_text(encoding="utf-8"))
    assert match is None, f"{path.name} holds a path of the machine it ran on: {match.group(0)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_widget_cells_skip_comparison(path):
    for i, cell in enumerate(_code_cells(_load(path))):
        tags = set(cell.get("metadata", {}).get("tags", []))
        source = "".join(cell["source"])
        assert "NBVAL_SKIP" not in source and "NBVAL_IGNORE_OUTPUT" not in source
        skipped = tags & SKIP_TAGS
        if not skipped:
            continue
        assert skipped == {"nbval-ignore-output"}, (
            f"{path.name}, code cell {i + 1}: only nbval-ignore-output is allowed; got {skipped}"
        )
        outputs = cell.get("outputs", [])
        assert outputs and all(WIDGET_VIEW in o.get("data", {}) for o in outputs), (
            f"{path.name}, code cell {i + 1}: ignores its output but does not (only) display a "
            "widget; compare it instead"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_skeleton(path):
    nb = _load(path)
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    first_code = "".join(_code_cells(nb)[0]["source"])
    assert "%matplotlib widget" in first_code and "import helpers as hp" in first_code
    assert "hp.setup()" in first_code
    titles = [line for line in markdown.splitlines() if line.startswith("# ")]
    assert len(titles) == 1, f"{path.name}: one '# ' title expected; found {len(titles)}"
    for heading in ("Learning objectives", "Summary", "References"):
        assert heading.lower() in markdown.lower(), f"{path.name}: no '{heading}' section"
    assert re.search(r"^## 1\. ", markdown, re.M), f"{path.name}: sections must be numbered"
    code = "\n".join("".join(c["source"]) for c in _code_cells(nb))
    assert "hp.references(" in code, f"{path.name}: references must come from hp.references"


def cited_keys(path):
    """Every string literal passed to hp.cite / hp.references / hp.source in a notebook."""
    keys = set()
    for cell in _code_cells(_load(path)):
        source = "\n".join(
            line for line in "".join(cell["source"]).splitlines() if not line.startswith("%")
        )
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in CITE_CALL:
                    for arg in node.args:
                        for const in ast.walk(arg):
                            if isinstance(const, ast.Constant) and isinstance(const.value, str):
                                keys.add(const.value)
    return keys


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cited_key_is_in_the_source_table(path):
    from helpers.tables import load_table

    known = {row["key"] for row in load_table("sources")}
    missing = cited_keys(path) - known
    assert not missing, f"{path.name} cites keys missing from data/sources.csv: {sorted(missing)}"
