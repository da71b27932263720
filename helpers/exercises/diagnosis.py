"""'Your turn' exercises for lesson 07 (diagnosis): a negative windlass test, the test whose
negative result rules out best, and the condition a red flag points to first.

Every expected answer is computed from :mod:`helpers.models.diagnosis` and the data tables
when the check runs, so a change to a table moves the answer with it.

>>> from helpers import exercises
>>> ex = exercises.get("07-windlass-negative")
>>> ex.check(ex.solution_value()).correct
True
"""

from __future__ import annotations

from helpers.exercises import AnswerForm, Exercise, choice, numeric
from helpers.models import diagnosis as dx
from helpers.schemas.diagnosis import NAMED_CONDITIONS, NAMED_TESTS, SCENARIO_FLAG
from helpers.tables import load_table

#: Pre-test probability (fraction) in exercise 1: a typical story, before any test.
WINDLASS_PRE_TEST = 0.70


def _tests():
    return load_table("diagnostic_tests").by("test_id")


def windlass_negative_percent() -> float:
    """Post-test probability (%) after a negative standing windlass test at 70% pre-test."""
    row = _tests()["windlass_standing"]
    return 100 * dx.evaluate_test(WINDLASS_PRE_TEST, row["sensitivity"],
                                  row["specificity"]).post_negative


#: Answer names for exercise 2 -> test ids in ``data/diagnostic_tests.csv``.
#: (The table's schema declares these rows required, so an edited table keeps them.)
TEST_NAMES = dict(zip(("windlass standing", "windlass not standing", "ultrasound"),
                      NAMED_TESTS))


def best_rule_out() -> str:
    """The test whose negative result lowers the probability most (smallest LR-)."""
    tests = _tests()
    return min(TEST_NAMES, key=lambda name: dx.likelihood_ratios(
        tests[TEST_NAMES[name]]["sensitivity"], tests[TEST_NAMES[name]]["specificity"]).negative)


RULE_OUT_WHY = {
    "windlass standing": "A negative standing windlass test multiplies the odds by about 0.7: "
                         "most people with plantar fasciitis test negative, so a negative "
                         "result hardly lowers the probability.",
    "windlass not standing": "The unloaded windlass test is even less sensitive: its negative "
                             "result changes almost nothing.",
    "ultrasound": "Its sensitivity is high, so few people with the condition have a normal "
                  "fascia: a negative result (4 mm or less) lowers the probability a lot.",
}


def _rule_out_judge():
    inner = {}

    def current():
        key = best_rule_out()
        if key not in inner:
            inner.clear()
            inner[key] = choice(key, RULE_OUT_WHY)
        return inner[key]

    def judge(answer):
        text = str(answer).strip().lower().replace("_", " ")
        aliases = {"windlass": "windlass standing", "ultrasound thickness": "ultrasound",
                   "fascia thicker than 4 mm": "ultrasound", "windlass sitting":
                   "windlass not standing"}
        return current()(aliases.get(text, text))

    judge.solution_text = lambda: current().solution_text()
    judge.solution_value = lambda: current().solution_value()
    judge.form = AnswerForm("choice", choices=tuple(RULE_OUT_WHY))
    return judge


#: Red flag of exercise 3 (an id in ``data/red_flags.csv``).
#: Answer names for exercise 3 -> condition ids in ``data/heel_pain_conditions.csv`` (rows
#: its schema declares required; it also checks that exactly one carries the flag).
CONDITION_NAMES = dict(zip(("plantar fasciitis", "heel fracture", "fat pad", "tarsal tunnel"),
                           NAMED_CONDITIONS))


def flagged_condition() -> str:
    """The answer name of the condition whose red flags include :data:`SCENARIO_FLAG`."""
    rows = load_table("heel_pain_conditions").by("condition_id")
    found = [name for name, cid in CONDITION_NAMES.items()
             if SCENARIO_FLAG in dx.split_ids(rows[cid]["red_flags"])]
    if len(found) != 1:
        raise ValueError(f"expected one condition with red flag {SCENARIO_FLAG!r}; found {found}")
    return found[0]


FLAG_WHY = {
    "plantar fasciitis": "It may well be there too (more activity is one of its criteria), but "
                         "pain that keeps getting worse is a red flag for something that must "
                         "be ruled out first.",
    "heel fracture": "Pain that keeps getting worse after more running or harder ground is the "
                     "red flag for a stress fracture of the heel bone: a clinician and an X-ray "
                     "or scan come before any massage.",
    "fat pad": "Fat pad pain is a deep bruise in the middle of the heel; it is not linked to "
               "this red flag.",
    "tarsal tunnel": "Tarsal tunnel syndrome is a nerve problem with tingling or numbness; this "
                     "story has neither.",
}


def _flag_judge():
    inner = {}

    def current():
        key = flagged_condition()
        if key not in inner:
            inner.clear()
            inner[key] = choice(key, FLAG_WHY)
        return inner[key]

    def judge(answer):
        text = str(answer).strip().lower().replace("_", " ")
        aliases = {"stress fracture": "heel fracture", "heel bone fracture": "heel fracture",
                   "calcaneal stress fracture": "heel fracture", "fat pad syndrome": "fat pad",
                   "tarsal tunnel syndrome": "tarsal tunnel"}
        return current()(aliases.get(text, text))

    judge.solution_text = lambda: current().solution_text()
    judge.solution_value = lambda: current().solution_value()
    judge.form = AnswerForm("choice", choices=tuple(FLAG_WHY))
    return judge


EXERCISES = [
    Exercise(
        "07-windlass-negative",
        "A patient's story makes plantar fasciitis 70% likely before any test. The standing "
        "windlass test is negative. What is the probability now? Answer in percent.",
        numeric(windlass_negative_percent, tolerance=0.05, unit="%"),
        "Set the pre-test slider to 70 with the standing windlass test and read the negative "
        "result; or multiply the odds (70/30) by LR- and turn the odds back into a "
        "probability.",
        "A negative result from a test that misses most cases moves the probability only a "
        "little: it cannot rule the condition out.",
    ),
    Exercise(
        "07-best-rule-out",
        "Which test's negative result lowers the probability of plantar fasciitis the most? "
        "Answer 'windlass standing', 'windlass not standing' or 'ultrasound'.",
        _rule_out_judge(),
        "Compare the dashed (negative result) lines of the three tests, or their LR- in the "
        "readout: the smaller LR-, the more a negative result rules out.",
    ),
    Exercise(
        "07-red-flag-first",
        "A runner doubled her weekly distance; her heel pain keeps getting worse. Which "
        "condition must be ruled out first? Answer 'plantar fasciitis', 'heel fracture', "
        "'fat pad' or 'tarsal tunnel'.",
        _flag_judge(),
        "Choose the runner in the explorer's example menu and look for the hatched bar and the "
        "red-flag box.",
    ),
]

