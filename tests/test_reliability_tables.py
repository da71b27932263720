"""Any table the loader accepts renders every app that uses it; any it refuses is named by
file, line and column.

Each example copies ``data/`` to a temporary folder, makes one edit to one table as a careless
editor might (blank a value, copy another row's value, type other text or a number, delete a
row, delete every row, repeat a row, swap two rows, rename a key that other rows or tables
refer to), points the course at the copy (``PLANTAR_COURSE_DATA``), then either the loader
refuses the table with a ``TableError`` that names the file, a line and a column, or every app,
table view and exercise that uses the table builds and draws without an error.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from helpers import exercises, tables

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _draw(app):
    fig = getattr(app, "fig", None)
    if fig is not None:
        fig.canvas.draw()
    if hasattr(app, "readout_text"):
        app.readout_text()


def _exercises(prefix):
    def run():
        for ex_id, ex in exercises.registry().items():
            if ex_id.startswith(prefix):  # what a learner's answers reach
                for answer in (1, 12.5, "none", "x"):
                    assert ex.check(answer).message
    return run


def _circulation():
    from helpers.apps import circulation as c

    for app in (c.WarmingApp(), c.ClaimCheckerApp(), c.ClearanceApp(), c.DiabetesApp()):
        _draw(app)
    _exercises("04-")()


def _causes():
    from helpers.apps import causes as c

    c.risk_factor_rows()
    for app in (c.RiskFactorApp(), c.TrussApp(), c.FirstStepApp(), c.WindlassApp()):
        _draw(app)
    _exercises("01-")()


def _regions():
    from helpers.apps import regions as r
    from helpers.models import regions as rm

    rm.regions_table_text()
    for app in (r.RegionMapApp(), r.TechniqueApp(), r.PlannerApp()):
        _draw(app)
    _exercises("02-")()


def _routine():
    from helpers.apps import routine as r
    from helpers.models import routine as rt

    rt.load_steps()
    player = r.RoutinePlayerApp()
    for app in (r.SafetyScreenApp(), player, r.DiscomfortApp(player_app=player)):
        _draw(app)
    _exercises("03-")()


def _evidence():
    from helpers.apps import evidence as e

    e.natural_history_table()
    e.trials_table()
    e.guideline_table()
    for app in (e.NaturalHistoryView(), e.SimulationApp(), e.TrialsApp()):
        _draw(app)
    _exercises("05-")()


def _checklist():
    from helpers.apps import checklist as c

    app = c.ChecklistApp()
    app.tick([q.question_id for q in app.questions])
    app.readout_text()
    _exercises("06-")()


USERS = {
    "circulation_studies": [_circulation], "tissue_thermal": [_circulation],
    "risk_factors": [_causes], "tissue_properties": [_causes],
    "regions": [_regions], "region_polygons": [_regions], "techniques": [_regions],
    "routine_steps": [_routine], "red_flags": [_routine], "massage_cautions": [_routine],
    "trials": [_evidence], "natural_history": [_evidence], "guideline_grades": [_evidence],
    "therapist_questions": [_checklist],
}
NAMES = sorted(USERS)


def _records(path: Path) -> list:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


@st.composite
def edits(draw):
    name = draw(st.sampled_from(NAMES), label="table")
    records = _records(DATA / f"{name}.csv")
    header, rows = records[0], records[1:]
    kind = draw(st.sampled_from(["blank", "other row's value", "text", "number", "delete row",
                                 "delete every row", "repeat row", "swap rows", "rename key"]),
                label="edit")
    i = draw(st.integers(0, len(rows) - 1), label="row")
    c = draw(st.integers(0, len(header) - 1), label="column")
    if kind == "blank":
        rows[i][c] = ""
    elif kind == "other row's value":
        rows[i][c] = rows[draw(st.integers(0, len(rows) - 1), label="from row")][c]
    elif kind == "text":
        rows[i][c] = draw(st.sampled_from(["x", "Hinds 2004", "°C", "degC", "0", "-1", "yes",
                                           "A", "V", "convention", rows[i][c].upper(),
                                           rows[i][c] + " "]), label="typed")
    elif kind == "number":
        rows[i][c] = draw(st.sampled_from(["0", "-1", "1e9", "0.0001", "3", "100", "1e-9"]),
                          label="typed")
    elif kind == "delete row":
        del rows[i]
    elif kind == "delete every row":
        rows = []
    elif kind == "repeat row":
        rows.insert(i, list(rows[i]))
    elif kind == "swap rows":
        j = draw(st.integers(0, len(rows) - 1), label="other row")
        rows[i], rows[j] = rows[j], rows[i]
    else:
        rows[i][0] = rows[i][0] + "_renamed"
    return name, kind, [header] + rows


def _check(name, records):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(DATA, folder)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(records)
        (folder / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8")
        old = os.environ.get(tables.DATA_DIR_VARIABLE)
        os.environ[tables.DATA_DIR_VARIABLE] = str(folder)
        try:
            try:
                for other in tables.data_files(folder):
                    tables.load_table(other)
            except tables.TableError as exc:
                message = str(exc)
                assert exc.path is not None and exc.line is not None and exc.column, message
                assert f"{Path(exc.path).name}, line {exc.line}" in message, message
                assert "column" in message or "(header)" in message, message
                return "refused"
            for use in USERS[name]:
                use()
            return "rendered"
        finally:
            plt.close("all")
            if old is None:
                os.environ.pop(tables.DATA_DIR_VARIABLE, None)
            else:
                os.environ[tables.DATA_DIR_VARIABLE] = old


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(edit=edits())
def test_any_edit_of_a_table_renders_every_app_or_is_refused_by_line_and_column(edit):
    name, _kind, records = edit
    _check(name, records)


def test_the_shipped_tables_render_every_app():
    for name in NAMES:
        assert _check(name, _records(DATA / f"{name}.csv")) == "rendered"


def _warming_users():
    from helpers.apps import circulation as c
    from helpers.exercises import circulation as ex

    for app in (c.WarmingApp(), c.ClaimCheckerApp()):
        _draw(app)
    ex.hinds_difference_c()


@pytest.mark.parametrize("row", [12, 17])  # skin-temperature rows of Hinds and Portillo
@pytest.mark.parametrize("edit", ["rename study", "unit spelling", "blank value", "delete row",
                                  "swap with next row", "rename condition", "change claim"])
def test_warming_rows_edited_are_refused_by_line_and_column_or_render(row, edit):
    records = _records(DATA / "circulation_studies.csv")
    header = records[0]
    r = records[row]
    if edit == "rename study":
        r[header.index("study")] = r[header.index("study")] + " et al."
    elif edit == "unit spelling":
        r[header.index("unit")] = "degC"
    elif edit == "blank value":
        r[header.index("value")] = ""
        r[header.index("sd")] = ""
    elif edit == "delete row":
        del records[row]
    elif edit == "swap with next row":
        records[row], records[row - 1] = records[row - 1], records[row]
    elif edit == "rename condition":
        r[header.index("condition")] = "after massage"
    else:
        r[header.index("claim")] = "leg_flow"
    USERS["circulation_studies"], saved = [_warming_users], USERS["circulation_studies"]
    try:
        outcome = _check("circulation_studies", records)
    finally:
        USERS["circulation_studies"] = saved
    assert outcome == ("rendered" if edit == "swap with next row" else "refused")
