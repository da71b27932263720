"""Exercises of lesson 01 (helpers/exercises/causes.py): answers follow the models and the data,
checks accept what they should and refuse the rest with a hint, and the lesson uses them."""

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import exercises
from helpers.exercises import causes
from helpers.models import mechanics as mech
from helpers.tables import load_table

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "01-causes.ipynb"
IDS = [ex.exercise_id for ex in causes.EXERCISES]


def test_ids_start_with_the_lesson_number_and_are_registered():
    assert len(IDS) >= 3
    for exercise_id in IDS:
        assert exercise_id.startswith("01-")
        assert exercises.get(exercise_id) is not None


def test_windlass_answer_is_radius_times_angle_in_radians():
    expected = mech.HICKS_DRUM_RADIUS_MM * math.radians(causes.SLOW_WALK_TOE_DEG)
    assert causes.windlass_shortening_mm() == pytest.approx(expected)
    assert exercises.solution("01-windlass-walking") == f"{expected:.3g} mm"


def test_low_arch_answer_is_twice_the_default_tension():
    default = mech.truss(70).tension_n
    assert causes.low_arch_tension_n() == pytest.approx(2 * default)


def test_disputed_factor_comes_from_the_risk_factor_table():
    table = load_table("risk_factors")
    rows = [r for r in table if r["factor"] == "dorsiflexion"]
    assert any(r["odds_ratio"] is None for r in rows) and any(r["odds_ratio"] for r in rows)
    assert causes.disputed_factor() == "dorsiflexion"
    assert exercises.get("01-risk-disputed").solution_value() == "dorsiflexion"


@pytest.mark.parametrize("answer", ["dorsiflexion", "Ankle dorsiflexion", " DORSIFLEXION "])
def test_disputed_factor_accepts_its_usual_names(answer):
    assert exercises.check("01-risk-disputed", answer).correct is True


@pytest.mark.parametrize("answer", ["body mass", "BMI", "time on feet", "foot posture"])
def test_agreeing_factors_are_refused_with_a_reason_and_hint(answer):
    feedback = exercises.check("01-risk-disputed", answer)
    assert feedback.correct is False
    assert "Not this one" in feedback.message and "Hint:" in feedback.message


def test_relaxation_time_lands_on_the_model_curve():
    t = causes.time_to_stress_level_s()
    fraction = mech.stress_relaxation([t]).stress_fraction[0]
    assert fraction == pytest.approx(causes.STRESS_LEVEL_PERCENT / 100)
    assert 0 < t < 240  # the curve passes 80% well before the assumed point


@pytest.mark.parametrize("level", [50.0, 100.0, 120.0])
def test_relaxation_time_refuses_levels_the_curve_never_reaches(level):
    with pytest.raises(ValueError, match="level_percent must be between"):
        causes.time_to_stress_level_s(level)


NUMERIC = {"01-windlass-walking": 0.05, "01-truss-low-arch": 0.05, "01-relaxation-time": 0.20}


@pytest.mark.parametrize("exercise_id", sorted(NUMERIC))
@given(factor=st.floats(0.0, 3.0))
def test_numeric_checks_accept_inside_the_tolerance_only(exercise_id, factor):
    ex = exercises.get(exercise_id)
    target = ex.solution_value()
    feedback = ex.check(target * factor)
    off = abs(factor - 1)
    if off <= NUMERIC[exercise_id] - 1e-9:
        assert feedback.correct is True
    elif off > NUMERIC[exercise_id] + 1e-9:
        assert feedback.correct is False and "Hint:" in feedback.message


@pytest.mark.parametrize("exercise_id", IDS)
@given(junk=st.text().filter(lambda s: s.strip().lower() not in {
    "dorsiflexion", "ankle dorsiflexion"}))
def test_text_that_is_not_the_answer_is_refused(exercise_id, junk):
    try:
        float(junk)
        return  # numbers are covered above
    except ValueError:
        pass
    feedback = exercises.check(exercise_id, junk)
    assert feedback.correct is False and "Hint:" in feedback.message


def test_module_doctests_pass():
    import doctest

    result = doctest.testmod(causes)
    assert result.attempted > 0 and result.failed == 0
