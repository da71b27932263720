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
                # the expected answer is computed from the tables: it must be computable
                assert ex.check(ex.solution_value()).correct, ex_id
                ex.solution_text()
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


def _safety():
    from helpers.safety import DEFAULT_ORDER, notice

    for topic in DEFAULT_ORDER:
        if topic != "regions":
            shown = notice(topics=[topic])
            shown.html(), shown.text(), shown.markdown()


def _references():
    from helpers.sources import cite_marked, references

    keys = [row["key"] for row in tables.load_table("sources")]
    shown = references(keys)
    shown._repr_html_(), shown.markdown()
    for key in keys:
        cite_marked(key)


def _quiz(lesson):
    def run():
        from helpers.selfcheck import lesson_quiz

        app = lesson_quiz(lesson)
        for i, question in enumerate(app.questions):
            app.choose(i, question.answer)
            app.check(i)
            app.feedback(i)
    return run


def _diagnosis():
    from helpers.apps import diagnosis as d
    from helpers.models import diagnosis as dx

    for row in d.diagnostic_test_rows():
        lr = dx.likelihood_ratios(row["sensitivity"], row["specificity"])
        d.lr_text(lr.positive), d.lr_text(lr.negative), d.cites_marked([row["source"]])
        app = d.TestResultApp(test_id=row["test_id"])
        _draw(app)
    _draw(d.TestResultApp())
    explorer = d.FindingsExplorerApp()
    _draw(explorer)
    for story in tables.load_table("heel_vignettes"):
        explorer.example_picker.value = story["vignette_id"]
        explorer.tick(dx.split_ids(story["findings"]))
        explorer.readout_text()
    explorer.tick(list(explorer.checkboxes))
    explorer.readout_text()
    for condition in tables.load_table("heel_pain_conditions"):
        d.cites_marked(condition["sources"])
        dx.split_ids(condition["red_flags"])
    _exercises("07-")()


def _treatments():
    from helpers.apps import treatments as t
    from helpers.models import treatments as tr

    for view in (t.menu_table, t.reliability_table, t.tools_table, t.dose_table):
        view()
    for scale in tr.SCALES:
        for window in tr.WINDOWS:
            tr.comparison_text(tr.compare_effects(scale, window))
            _draw(t.ComparisonApp(scale=scale, window=window))
    steps = t.SteppedCareApp()
    _draw(steps)
    for step in tr.load_stepped_care():
        steps.step_buttons.value = step["step_id"]
        steps.readout_text()
    _draw(t.StrengthPlannerApp())
    tr.plan_text(tr.strength_plan(weeks=12))
    _exercises("08-")()


QUIZZES = sorted(f"quizzes/{p.stem}" for p in (DATA / "quizzes").glob("*.csv"))
DIAGNOSIS = ("heel_pain_conditions", "heel_findings", "heel_vignettes", "diagnostic_tests")
TREATMENTS = ("treatments", "treatment_effects", "stepped_care", "strength_dose",
              "trigger_point_reliability", "self_massage_tools")

USERS = {
    "circulation_studies": [_circulation], "tissue_thermal": [_circulation],
    "risk_factors": [_causes], "tissue_properties": [_causes],
    "regions": [_regions, _safety], "region_polygons": [_regions],
    "techniques": [_regions],
    "routine_steps": [_routine], "red_flags": [_routine, _safety, _diagnosis],
    "massage_cautions": [_routine, _safety],
    "clot_signs": [_safety, _routine], "safety_advice": [_safety, _routine],
    "trials": [_evidence], "natural_history": [_evidence], "guideline_grades": [_evidence],
    "therapist_questions": [_checklist],
    "sources": [_references, _safety],
    **{name: [_diagnosis] for name in DIAGNOSIS},
    **{name: [_treatments] for name in TREATMENTS},
    **{name: [_quiz(name.split("/", 1)[1])] for name in QUIZZES},
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


def _without(name, keep):
    """The records of a table with only the data rows ``keep(row dict)`` accepts."""
    records = _records(DATA / f"{name}.csv")
    header = records[0]
    return [header] + [r for r in records[1:] if keep(dict(zip(header, r)))]


def _refusal(name, records):
    """The TableError the loader gives for ``records`` as data/<name>.csv (None if accepted)."""
    try:
        outcome = _check(name, records)
    except tables.TableError as exc:  # raised by a user, not the loader: a failure here
        pytest.fail(f"{name}: a user raised {exc}")
    return outcome


@pytest.mark.parametrize("row", range(len(_records(DATA / "tissue_thermal.csv")) - 1))
def test_every_thermal_row_the_bioheat_model_reads_is_required(row):
    records = _records(DATA / "tissue_thermal.csv")
    del records[row + 1]
    assert _refusal("tissue_thermal", records) == "refused"


@pytest.mark.parametrize("study", ["Wolgin 1994", "Hansen 2018"])
def test_deleting_a_study_the_natural_history_figure_draws_is_refused(study):
    records = _without("natural_history", lambda r: r["study"] != study)
    assert _refusal("natural_history", records) == "refused"


def test_a_risk_factor_table_without_the_disputed_factor_is_refused():
    # lesson 01's exercise asks which factor the studies point opposite ways on
    records = _without("risk_factors", lambda r: not (r["factor"] == "dorsiflexion"
                                                      and not r["odds_ratio"]))
    assert _refusal("risk_factors", records) == "refused"


@pytest.mark.parametrize("edit", ["delete", "rename"])
def test_the_question_exercise_06_bias_question_points_to_is_required(edit):
    # found by a sweep of table edits: without it the exercise had no answer to compute
    records = _records(DATA / "therapist_questions.csv")
    row = next(i for i, r in enumerate(records) if r[0] == "natural_history")
    if edit == "delete":
        del records[row]
    else:
        records[row][0] = "natural_history_renamed"
    assert _refusal("therapist_questions", records) == "refused"


@pytest.mark.parametrize("lesson", QUIZZES)
def test_a_quiz_with_a_question_deleted_or_moved_is_refused_where_the_numbering_breaks(lesson):
    records = _records(DATA / f"{lesson}.csv")
    gap = records[:2] + records[3:]  # question 2 deleted: question 3 is now second
    swapped = [records[0], records[2], records[1], *records[3:]]
    for edited in (gap, swapped):
        assert _refusal(lesson, edited) == "refused"


REQUIRED = [(schema.name, schema.unique, key) for schema in tables.schemas().values()
            for key in schema.required_keys]


@pytest.mark.parametrize("name, column, key", REQUIRED, ids=[f"{n}-{k}" for n, _, k in REQUIRED])
def test_every_row_a_lesson_reads_by_name_is_required(name, column, key):
    for edit in ("delete", "rename"):
        records = _records(DATA / f"{name}.csv")
        col = records[0].index(column)
        row = next(i for i, r in enumerate(records) if i and r[col] == key)
        if edit == "delete":
            del records[row]
        else:
            records[row][col] = key + "_renamed"
        assert _refusal(name, records) == "refused", (name, key, edit)


@pytest.mark.parametrize("name, column, value", [
    ("heel_pain_conditions", "findings", "first_step;no_such_finding"),
    ("heel_pain_conditions", "red_flags", "no_such_flag"),
    ("heel_pain_conditions", "red_flags", ""),          # the exercise's flag lost
    ("heel_findings", "red_flag", "no_such_flag"),
    ("heel_vignettes", "findings", "no_such_finding"),
    ("routine_steps", "region_ids", "soleus;no_such_region"),  # found by a sweep of edits
])
def test_ids_that_point_into_another_table_are_checked_when_the_table_loads(
        name, column, value, tmp_path):
    records = _records(DATA / f"{name}.csv")
    header = records[0]
    col = header.index(column)
    row = next(i for i, r in enumerate(records[1:], start=1) if r[col])  # a row that uses it
    lost = name == "heel_pain_conditions" and value == ""
    if lost:
        row = next(i for i, r in enumerate(records[1:], start=1) if "activity_rise" in r[col])
    elif name == "heel_findings":
        records[row][0] = value  # a red-flag finding uses the flag's id as its own
    records[row][col] = value
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    (folder / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(tables.TableError) as caught:
        tables.load_table(name, data_dir=folder)
    message = str(caught.value)
    assert caught.value.column == column, message
    assert message.startswith(f"data/{name}.csv, line {caught.value.line}, column '{column}'")
    if not lost:  # a lost row is named by the table's last line
        assert caught.value.line == row + 1, message
