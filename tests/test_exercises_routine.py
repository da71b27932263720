"""Tests for helpers.exercises.routine: lesson 03's 'Your turn' checks follow the tables and
models, accept right answers in the forms learners type, and refuse wrong ones with a hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import exercises
from helpers.exercises import routine as ex
from helpers.models import painlog
from helpers.models import routine as model
from helpers.tables import load_table

ROOT = Path(__file__).resolve().parent.parent
IDS = [e.exercise_id for e in ex.EXERCISES]


def test_lesson_03_has_its_exercises_in_the_notebook_in_order():
    nb = json.loads((ROOT / "notebooks" / "03-self-massage.ipynb").read_text(encoding="utf-8"))
    found = [i for c in nb["cells"] if c["cell_type"] == "code"
             for i in exercises.registry() if f'hp.exercises.check("{i}"' in "".join(c["source"])]
    assert found == IDS
    assert all(i.startswith("03-") for i in IDS)


def test_red_flag_answer_is_the_scenario_flag_number_in_table_order():
    ids = [f["flag_id"] for f in load_table("red_flags")]
    number = ids.index(ex.SCENARIO_FLAG) + 1
    check = exercises.get("03-red-flag-scenario").check
    assert check(number).correct is True
    assert check(f" {number} ").correct is True
    for other in range(1, len(ids) + 1):
        if other != number:
            wrong = check(other)
            assert wrong.correct is False and "Hint:" in wrong.message
    assert check("none").correct is False
    assert check("NONE").correct is False


def test_routine_answer_matches_the_sum_of_step_times():
    steps = model.load_steps()
    t, found = ex.ROUTINE_SECONDS, None
    for number, step in enumerate(steps, start=1):
        if t < step.seconds:
            found = (number, step.seconds - t)
            break
        t -= step.seconds
    assert ex.routine_state_after() == (found[0], pytest.approx(found[1]))


@pytest.mark.parametrize("answer", [(4, 40), [4, 40], (4.0, 41.5), ("4", "39")])
def test_routine_check_accepts_the_pair_in_forms_learners_type(answer):
    assert ex.routine_state_after() == (4, 40.0)  # the routine table as written today
    assert exercises.check("03-routine-after-200s", answer).correct is True


@pytest.mark.parametrize("answer", [(3, 40), (4, 45), (5, 40), 4, "4, 40", (4,), (4, 40, 1), None])
def test_routine_check_refuses_wrong_or_malformed_pairs_with_a_hint(answer):
    fb = exercises.check("03-routine-after-200s", answer)
    if answer is None:
        assert fb.correct is None
    else:
        assert fb.correct is False and "Hint:" in fb.message


@settings(max_examples=60, deadline=None)
@given(step=st.integers(-5, 12), seconds=st.floats(-100, 700, allow_nan=False))
def test_routine_check_accepts_only_the_player_state(step, seconds):
    want_step, want_s = ex.routine_state_after()
    fb = exercises.check("03-routine-after-200s", (step, seconds))
    assert fb.correct is (step == want_step and abs(seconds - want_s) <= 2.0)


def test_stop_sign_answer_is_what_the_advice_says():
    assert ex.stop_sign_action() == model.discomfort_advice(2, signs=["numbness"]).action == "stop"
    assert exercises.check("03-stop-sign-low-score", " Stop ").correct is True
    for wrong in ("continue", "ease"):
        assert exercises.check("03-stop-sign-low-score", wrong).correct is False


def test_log_target_is_where_the_trend_first_counts_as_a_change_that_matters():
    target = ex.log_target_level()
    start = ex.LOG_START_LEVEL
    # the log judges a fall by its share (Farrar 2001), with a 1-point minimum
    assert target == pytest.approx(start * (1 - painlog.FARRAR_PERCENT / 100))
    assert start - target >= painlog.MIN_FALL_POINTS

    def meaningful(recent):
        entries = [(f"2026-01-0{d}", s) for d, s in
                   enumerate([start, start, start, recent, recent, recent], start=1)]
        return painlog.trend(entries).meaningful

    # (the log holds whole scores only)
    assert meaningful(int(target))              # whole scores at or below the level count
    assert not meaningful(int(target) + 1)


@pytest.mark.parametrize("exercise_id", IDS)
def test_hints_do_not_give_the_answer(exercise_id):
    e = exercises.get(exercise_id)
    assert e.solution_text() not in e.hint
    assert f"'{e.solution_value()}'" not in e.hint
