"""Exercises of lesson 07 (helpers/exercises/diagnosis.py): answers follow the model and the
tables, checks accept what they should and refuse the rest with a reason, and each has a menu or
a number box."""

import pytest

from helpers import exercises
from helpers.exercises import diagnosis as dex
from helpers.models import diagnosis as dx
from helpers.tables import load_table

IDS = [ex.exercise_id for ex in dex.EXERCISES]


def test_ids_start_with_the_lesson_number_and_are_registered():
    assert len(IDS) == 3
    for exercise_id in IDS:
        assert exercise_id.startswith("07-") and exercises.get(exercise_id)


def test_windlass_answer_is_the_odds_times_lr_minus():
    row = load_table("diagnostic_tests").by("test_id")["windlass_standing"]
    lr = (1 - row["sensitivity"]) / row["specificity"]
    post_odds = 0.7 / 0.3 * lr
    assert dex.windlass_negative_percent() == pytest.approx(100 * post_odds / (1 + post_odds))


def test_best_rule_out_has_the_smallest_lr_minus():
    tests = load_table("diagnostic_tests").by("test_id")
    lrs = {name: dx.likelihood_ratios(tests[tid]["sensitivity"], tests[tid]["specificity"]).negative
           for name, tid in dex.TEST_NAMES.items()}
    assert dex.best_rule_out() == min(lrs, key=lrs.get) == "ultrasound"


def test_red_flag_answer_comes_from_the_conditions_table():
    assert dex.flagged_condition() == "heel fracture"


@pytest.mark.parametrize("answer, right", [
    ("Ultrasound", True), ("fascia thicker than 4 mm", True), ("windlass", False),
    ("windlass sitting", False), ("x-ray", False),
])
def test_rule_out_check_takes_names_and_aliases(answer, right):
    fb = exercises.check("07-best-rule-out", answer)
    assert fb.correct is right
    if not right:
        assert "Hint:" in fb.message


@pytest.mark.parametrize("answer, right", [
    ("heel fracture", True), ("stress fracture", True), ("Plantar fasciitis", False),
    ("tarsal tunnel syndrome", False),
])
def test_red_flag_check_takes_names_and_aliases(answer, right):
    assert exercises.check("07-red-flag-first", answer).correct is right


def test_a_wrong_number_says_how_far_off_it_is():
    fb = exercises.check("07-windlass-negative", 30)
    assert fb.correct is False and "away" in fb.message


def test_every_exercise_has_an_answer_widget_form():
    kinds = {ex.exercise_id: ex.form.kind for ex in dex.EXERCISES}
    assert kinds == {"07-windlass-negative": "number", "07-best-rule-out": "choice",
                     "07-red-flag-first": "choice"}
    assert set(exercises.get("07-best-rule-out").form.choice_list()) == set(dex.TEST_NAMES)
