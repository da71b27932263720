"""Exercises of lesson 02 (helpers/exercises/regions.py): answers follow the region data and the
planner, the region, count and technique judges accept what they should and refuse the rest
with a reason and a hint, and the lesson uses them."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import exercises
from helpers.exercises import regions as rex
from helpers.models import planner
from helpers.models import regions as rmodel

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "02-massage-regions.ipynb"
IDS = [ex.exercise_id for ex in rex.EXERCISES]
RMAP = rmodel.load_region_map()


def test_ids_start_with_the_lesson_number_and_are_registered():
    assert len(IDS) >= 3
    for exercise_id in IDS:
        assert exercise_id.startswith("02-")
        assert exercises.get(exercise_id) is not None


def test_chain_gap_premises_hold_in_the_data():
    region = RMAP.get(rex.CHAIN_REGION_ID)
    assert region.view == "leg" and region.evidence_level == "none"
    assert "fascia" in region.why_it_matters.lower()
    others = [r for r in RMAP.regions if r.view == "leg" and r.evidence_level == "none"
              and r.region_id != region.region_id]
    assert all("fascia" not in r.why_it_matters.lower() or "no source" in r.why_it_matters.lower()
               for r in others)


@pytest.mark.parametrize("answer", [4, "4", 4.0, "achilles", "Achilles tendon"])
def test_chain_gap_accepts_number_id_or_label(answer):
    assert exercises.check("02-find-chain-gap", answer).correct is True


@pytest.mark.parametrize("number", range(1, 12))
def test_every_other_region_number_is_refused_with_its_name(number):
    feedback = exercises.check("02-find-chain-gap", number)
    region = [r for r in RMAP.regions if r.order == number][0]
    assert feedback.correct is (region.region_id == rex.CHAIN_REGION_ID)
    assert region.label in feedback.message


@given(st.one_of(st.integers(), st.floats(allow_nan=True), st.text()))
def test_region_judge_never_crashes_and_only_accepts_the_region(answer):
    feedback = exercises.check("02-find-chain-gap", answer)
    if feedback.correct:
        assert rex._as_int(answer) == 4 or str(answer).strip().lower() in {
            "achilles", "achilles tendon", "achilles tendon and its sheath (paratenon)"}
    else:
        assert "Hint:" in feedback.message


def test_untested_count_matches_the_table():
    printed = rmodel.regions_table_text().count("no trial targeted this region")
    assert rex.untested_region_count() == printed == 5
    assert exercises.solution("02-count-untested") == "5 regions"


@given(st.integers(-50, 50))
def test_count_is_exact(n):
    feedback = exercises.check("02-count-untested", n)
    assert feedback.correct is (n == rex.untested_region_count())
    if n != rex.untested_region_count():
        assert ("more" if n > 5 else "fewer") in feedback.message


def test_count_refuses_fractions_and_words():
    for answer in (4.5, "five", ""):
        assert exercises.check("02-count-untested", answer).correct is False


def test_arch_lists_four_techniques_and_one_was_used_in_a_trial():
    region = RMAP.get(rex.ARCH_REGION_ID)
    assert region.order == 8 and len(region.techniques) == 4
    assert rex.trial_technique_for_arch() == "myofascial"


@pytest.mark.parametrize("answer", ["Myofascial release", "myofascial", "MYOFASCIAL"])
def test_technique_accepts_its_name(answer):
    assert exercises.check("02-technique-arch", answer).correct is True


@pytest.mark.parametrize("technique_id", sorted(RMAP.techniques))
def test_other_techniques_are_refused_with_their_source_strength_or_absence(technique_id):
    name = RMAP.techniques[technique_id].name
    feedback = exercises.check("02-technique-arch", name)
    assert feedback.correct is (technique_id == "myofascial")
    if technique_id in RMAP.get(rex.ARCH_REGION_ID).techniques:
        strength = rmodel.TECHNIQUE_EVIDENCE_TEXT[RMAP.techniques[technique_id].evidence_level]
        assert strength in feedback.message
    else:
        assert "is not listed for region 8" in feedback.message


def test_planner_total_follows_the_planner():
    minutes = planner.default_minutes()
    expected = (sum(minutes.values()) - minutes["soleus"] - minutes["achilles"]
                + (5 - minutes["gastroc_medial"]) + (5 - minutes["gastroc_lateral"]))
    assert rex.changed_plan_total_min() == pytest.approx(expected)
    plan = planner.plan_session(rex.changed_plan_minutes())
    assert [s.region_id for s in plan.steps][:2] == ["gastroc_medial", "gastroc_lateral"]
    assert "soleus" not in [s.region_id for s in plan.steps]


def test_planner_exercise_can_be_done_with_the_sliders():
    from helpers.apps import regions as apps

    app = apps.PlannerApp()
    for region_id in rex.PLANNER_DROPPED:
        app.checks[region_id].value = False
    for region_id, minutes in rex.PLANNER_CHANGED_MIN.items():
        app.sliders[region_id].value = minutes
    assert app.plan.total_min == pytest.approx(rex.changed_plan_total_min())
    assert exercises.check("02-planner-total", app.plan.total_min).correct is True


def test_module_doctests_pass():
    import doctest

    result = doctest.testmod(rex)
    assert result.attempted > 0 and result.failed == 0
