"""Lesson 05 exercises (helpers/exercises/evidence.py): the expected values follow the data and the
models, the apps show the same numbers the checks expect, and the lesson asks them unanswered."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers as hp
from helpers.exercises import evidence as ex_ev

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "05-does-it-work.ipynb"
IDS = ["05-wolgin-one-year", "05-null-one-year", "05-clear-interval"]


def _row(study_id):
    return hp.load_table("natural_history").by("study_id")[study_id]


def test_wolgin_one_year_follows_the_calibration_rule_from_the_data():
    row = _row(ex_ev.WOLGIN_KEY)
    p = 1 - (row["still_symptomatic_pct"] / 100) ** (1 / row["time_months"])
    assert ex_ev.wolgin_left_after_one_year_pct() == pytest.approx(100 * (1 - p) ** 12)


def test_wolgin_one_year_is_what_the_dashed_curve_shows_at_twelve_months():
    view = hp.apps.evidence.NaturalHistoryView()
    curve = view.artists["curves"][ex_ev.WOLGIN_KEY]
    assert curve.get_linestyle() == "--"
    months, left = curve.get_xdata(), curve.get_ydata()
    at_12 = float(np.interp(12.0, months, left))
    assert at_12 == pytest.approx(ex_ev.wolgin_left_after_one_year_pct(), rel=1e-3)
    assert hp.exercises.check("05-wolgin-one-year", round(at_12)).correct is True


def test_wolgin_one_year_is_below_what_hansen_observed_at_one_year():
    assert ex_ev.wolgin_left_after_one_year_pct() < _row(ex_ev.HANSEN_ONE_YEAR_KEY)[
        "still_symptomatic_pct"]


def _readout_average(app):
    match = re.search(r"before/after averages (-?[\d.]+)", app.readout_text())
    return float(match.group(1))


def test_null_one_year_is_what_the_app_reads_after_the_learner_sets_it():
    app = hp.apps.evidence.SimulationApp()
    start_line = app.treated_line.get_ydata().copy()
    start_bars = [bar.get_width() for bar in app.estimate_bars]
    app.effect_slider.value = 0.0
    app.pattern_dropdown.value = ex_ev.HANSEN_ONE_YEAR_KEY
    app.follow_up_slider.value = 12.0
    shown = _readout_average(app)
    assert shown == pytest.approx(ex_ev.null_before_after_one_year_points(), abs=0.01)
    assert hp.exercises.check("05-null-one-year", shown).correct is True
    assert app.result.settings.follow_up_months == 12.0
    assert app.result.settings.true_effect_points == 0.0
    assert not np.allclose(app.treated_line.get_ydata(), start_line)
    assert [bar.get_width() for bar in app.estimate_bars] != start_bars


def test_null_one_year_is_all_recovery_and_regression_to_the_mean():
    rate = {p.key: p for p in hp.models.evidence.recovery_patterns()}[
        ex_ev.HANSEN_ONE_YEAR_KEY].monthly_recovery_pct
    e = hp.models.evidence.expected_estimates(
        true_effect_points=0, monthly_recovery_pct=rate, follow_up_months=12)
    assert ex_ev.null_before_after_one_year_points() == pytest.approx(
        e.natural_recovery_points + e.regression_to_mean_points)
    assert e.randomised_points == 0


def test_null_one_year_differs_from_the_starting_settings_the_lesson_prints():
    start = hp.models.evidence.expected_estimates(true_effect_points=0).before_after_points
    assert ex_ev.null_before_after_one_year_points() > start * 1.05


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-100, max_value=200, allow_nan=False))
def test_numeric_checks_accept_exactly_the_answers_within_five_percent(answer):
    for exercise_id, target in (
        ("05-wolgin-one-year", ex_ev.wolgin_left_after_one_year_pct()),
        ("05-null-one-year", ex_ev.null_before_after_one_year_points()),
    ):
        off = abs(answer - target) / abs(target)
        if abs(off - 0.05) < 1e-9:
            continue
        feedback = hp.exercises.check(exercise_id, answer)
        assert feedback.correct is (off <= 0.05)
        if not feedback.correct:
            assert "Hint:" in feedback.message


def test_clear_interval_answer_is_the_only_result_clear_of_zero():
    correct, options = ex_ev.interval_options()
    rows = hp.models.evidence.load_trials().by("result_id")
    clear = []
    for result_id in ex_ev.INTERVAL_RESULTS:
        row = rows[result_id]
        assert f"{row['ci_low']:g} to {row['ci_high']:g}" in options[row["trial"]]
        if row["ci_low"] > 0 or row["ci_high"] < 0:
            clear.append(row["trial"])
    assert clear == [correct] == ["Cleland 2009"]


@pytest.mark.parametrize("answer", ["Cleland 2009", "  cleland 2009 ", "CLELAND 2009"])
def test_clear_interval_accepts_the_name_in_any_case(answer):
    assert hp.exercises.check("05-clear-interval", answer).correct is True


@pytest.mark.parametrize("answer", ["McClinton 2019", "Radford 2007"])
def test_clear_interval_refuses_a_crossing_interval_and_says_why(answer):
    feedback = hp.exercises.check("05-clear-interval", answer)
    assert feedback.correct is False
    assert "crosses it" in feedback.message and "Hint:" in feedback.message


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=30))
def test_clear_interval_refuses_anything_that_is_not_a_choice(answer):
    if answer.strip().lower() in {"cleland 2009", "mcclinton 2019", "radford 2007"}:
        return
    feedback = hp.exercises.check("05-clear-interval", answer)
    assert feedback.correct is False
    assert "not one of the choices" in feedback.message


def test_clear_interval_refuses_to_run_if_the_data_stop_fitting(monkeypatch):
    monkeypatch.setattr(ex_ev, "INTERVAL_RESULTS", ("cleland2009_lefs_4w", "cleland2009_lefs_6m"))
    with pytest.raises(ValueError, match="exactly one result clear of zero"):
        ex_ev.interval_options()


def _cells():
    return json.loads(LESSON.read_text(encoding="utf-8"))["cells"]


def test_lesson_asks_each_exercise_once_in_the_house_form_after_a_your_turn_prompt():
    cells = _cells()
    numbers = []
    for exercise_id in IDS:
        found = [i for i, c in enumerate(cells) if c["cell_type"] == "code"
                 and f'hp.exercises.check("{exercise_id}"' in "".join(c["source"])]
        assert len(found) == 1, exercise_id
        code = "".join(cells[found[0]]["source"]).splitlines()
        assert re.fullmatch(r"my_answer = None  # or answer in code: replace None with your answer \(.+\)", code[0])
        assert code[1] == f'hp.exercises.check("{exercise_id}", my_answer)'
        assert len(code) == 2
        ask = "".join(cells[found[0] - 1]["source"]).strip()
        assert ask == f'hp.exercises.ask("{exercise_id}")'
        prompt = "".join(cells[found[0] - 2]["source"])
        assert cells[found[0] - 2]["cell_type"] == "markdown"
        numbers.append(int(re.match(r"\*\*Your turn (\d+)\.\*\*", prompt).group(1)))
    assert numbers == [1, 2, 3]


def test_exercises_sit_in_the_sections_they_practise():
    cells = _cells()
    text = ["".join(c["source"]) for c in cells]

    def index(fragment):
        return next(i for i, t in enumerate(text) if fragment in t)

    assert index("## 2. Why people") < index("05-wolgin-one-year") < index("### 2.2")
    assert index("SimulationApp()") < index("05-null-one-year") < index("## 3. The trials")
    assert index("TrialsApp()") < index("05-clear-interval") < index("## 4. What guidelines")
