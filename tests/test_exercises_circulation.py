"""Tests for helpers.exercises.circulation: lesson 04's 'Your turn' checks agree with what the
lesson's apps show, and refuse wrong answers with a hint."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import helpers as hp
from helpers import exercises
from helpers.exercises import circulation as ex

ROOT = Path(__file__).resolve().parent.parent
IDS = [e.exercise_id for e in ex.EXERCISES]


def test_lesson_04_has_its_exercises_in_the_notebook_in_order():
    nb = json.loads((ROOT / "notebooks" / "04-circulation.ipynb").read_text(encoding="utf-8"))
    found = [i for c in nb["cells"] if c["cell_type"] == "code"
             for i in exercises.registry() if f'hp.exercises.check("{i}"' in "".join(c["source"])]
    assert found == IDS
    assert all(i.startswith("04-") for i in IDS)


def test_double_perfusion_halves_the_half_time_and_matches_the_clearance_app():
    assert ex.skin_half_time_min(2.0) == pytest.approx(ex.skin_half_time_min(1.0) / 2)
    app = hp.apps.circulation.ClearanceApp(skin=2 * hp.models.circulation.SKIN_REST)
    assert app.result["skin"].half_time_min == pytest.approx(ex.skin_half_time_min(2.0))
    shown = round(app.result["skin"].half_time_min)
    assert exercises.check("04-double-skin-perfusion", shown).correct is True
    assert exercises.check("04-double-skin-perfusion", ex.skin_half_time_min(1.0)).correct is False


def test_hinds_multiplier_is_bracketed_by_the_warming_app_readout():
    target = ex.hinds_difference_c()
    assert target == pytest.approx(32.2 - 31.1)
    m = ex.multiplier_for_hinds_at_10_min()
    assert ex.warming_after(m) == pytest.approx(target, abs=1e-6)
    low, high = math.floor(2 * m) / 2, math.ceil(2 * m) / 2   # neighbouring slider stops
    rises = []
    for factor in (low, high):
        app = hp.apps.circulation.WarmingApp(massage_factor=factor, fat_mm=ex.FAT_MM)
        rises.append(float(np.interp(600, app.result.times_s, app.result.rise_c)))
        assert exercises.check("04-hinds-at-10-min", factor).correct is True
    assert rises[0] <= target <= rises[1]


@pytest.mark.parametrize("wrong", [5.0, 7.0, 12.0])
def test_hinds_check_refuses_the_settled_and_default_multipliers(wrong):
    fb = exercises.check("04-hinds-at-10-min", wrong)
    assert fb.correct is False and "Hint:" in fb.message


def test_franklin_measure_comes_from_the_table():
    assert ex.franklin_measure() == "fmd"
    assert exercises.check("04-franklin-measure", "FMD ").correct is True
    for wrong in ("leg flow", "arm flow", "skin temperature"):
        fb = exercises.check("04-franklin-measure", wrong)
        assert fb.correct is False and "Hint:" in fb.message


def test_no_rise_half_time_matches_the_diabetes_app_at_zero_share():
    app = hp.apps.circulation.DiabetesApp(capacity_pct=0)
    assert app.result["clear_reduced"].half_time_min == pytest.approx(ex.skin_half_time_min(1.0))
    typical = app.result["clear_typical"].half_time_min
    assert exercises.check("04-diabetes-no-rise", round(typical)).correct is False


@pytest.mark.parametrize("exercise_id", IDS)
def test_check_says_not_a_number_for_text_answers(exercise_id):
    e = exercises.get(exercise_id)
    if isinstance(e.solution_value(), float):
        fb = e.check("about twenty")
        assert fb.correct is False and "not a number" in fb.message
