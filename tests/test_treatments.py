"""Lesson 08 model and data: the menu, the comparison, stepped care, the strength plan."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers as hp
from helpers.models import treatments as tr


def test_every_treatment_is_placed_at_a_step_and_cites_a_source():
    steps = {s["step_id"] for s in tr.load_stepped_care()}
    for t in tr.load_treatments():
        assert t["step"] in steps
        assert t["sources"], t["treatment_id"]


def test_every_effect_belongs_to_a_treatment_on_the_menu():
    ids = {t["treatment_id"] for t in tr.load_treatments()}
    for e in tr.load_effects():
        assert e["treatment_id"] in ids


def test_each_treatment_appears_once_in_every_comparison():
    names = [t["name"] for t in tr.load_treatments()]
    for scale in tr.SCALES:
        for window in tr.WINDOWS:
            c = tr.compare_effects(scale, window)
            shown = {t["name"] for t in tr.load_treatments()
                     if t["treatment_id"] in {e.treatment_id for e in c.plotted}}
            listed = [n for n, _ in c.unplotted]
            assert sorted(list(shown) + listed) == sorted(names)
            assert all(reason for _, reason in c.unplotted)


def test_taping_and_stretching_are_the_short_term_mm_estimates():
    c = tr.compare_effects("pain_mm", "short")
    by = {e.treatment_id: e for e in c.plotted}
    assert (by["taping"].estimate, by["taping"].ci_low, by["taping"].ci_high) == (-12.3, -22.4, -2.2)
    assert by["taping"].clear and not by["stretching"].clear
    assert c.mid == 19.0


def test_nothing_is_plotted_in_the_longer_term():
    for scale in tr.SCALES:
        assert tr.compare_effects(scale, "long").plotted == ()
    assert "No treatment has an estimate" in tr.comparison_text(tr.compare_effects("pain_mm", "long"))


def test_orthoses_appear_only_in_the_medium_term_on_the_smd_scale():
    assert [e.treatment_id for e in tr.compare_effects("pain_smd", "medium").plotted] == [
        "steroid", "orthoses"]
    reasons = dict(tr.compare_effects("pain_smd", "short").unplotted)
    assert "medium term" in reasons["Footwear and foot orthoses"]


@pytest.mark.parametrize("scale, window, message", [
    ("pain_cm", "short", "scale must be one of"),
    ("pain_mm", "forever", "window must be one of"),
])
def test_bad_choices_are_refused_with_a_clear_message(scale, window, message):
    with pytest.raises(ValueError, match=message):
        tr.compare_effects(scale, window)


def test_the_plan_follows_the_trial_dose():
    plan = tr.strength_plan(weeks=12)
    assert [(w.sets, w.reps_rm) for w in plan.weeks[:5]] == [
        (3, 12), (3, 12), (4, 10), (4, 10), (5, 8)]
    assert plan.total_sessions == 42  # every second day for 12 weeks: days 1, 3, ..., 83
    assert plan.source == "rathleff2015_dose"
    assert hp.source(plan.source)["status"] == "S"


@settings(max_examples=60, deadline=None)
@given(weeks=st.integers(1, 12), data=st.data())
def test_any_plan_has_one_entry_per_week_and_consistent_totals(weeks, data):
    both = data.draw(st.integers(0, weeks))
    plan = tr.strength_plan(weeks, both)
    assert [w.week for w in plan.weeks] == list(range(1, weeks + 1))
    assert sum(w.both_legs for w in plan.weeks) == both
    assert plan.total_raises == sum(w.sessions * w.sets * w.reps_rm for w in plan.weeks)
    assert all(w.sessions in (3, 4) for w in plan.weeks)


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.floats(allow_nan=True), st.integers(-100, 100)))
def test_bad_weeks_give_one_learner_facing_error(weeks):
    try:
        tr.strength_plan(weeks)
    except ValueError as exc:
        assert str(exc).startswith("weeks must be")
    else:
        assert 1 <= weeks <= 12 and weeks == int(weeks)


def test_more_both_legs_weeks_than_the_plan_is_refused():
    with pytest.raises(ValueError, match="both_legs_weeks must be between 0 and 3"):
        tr.strength_plan(3, 4)


def test_saving_is_atomic_and_never_overwrites_unasked(tmp_path):
    plan = tr.strength_plan(4)
    path = tmp_path / "plan.md"
    tr.save_plan(plan, path)
    first = path.read_text()
    assert first.startswith("# Heel-raise strength programme (4 weeks)")
    with pytest.raises(FileExistsError):
        tr.save_plan(tr.strength_plan(6), path)
    assert path.read_text() == first
    tr.save_plan(tr.strength_plan(6), path, overwrite=True)
    assert "(6 weeks)" in path.read_text()
    with pytest.raises(ValueError, match="must end in .md"):
        tr.save_plan(plan, tmp_path / "plan.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


def test_step_treatments_list_the_menu_entries_of_a_step():
    assert "Massage and manual therapy" in tr.step_treatments("first_visit")
    assert tr.step_treatments("referral") == ("Corticosteroid injection",
                                              "Surgery (plantar fascia release)")


def test_reliability_ranges_are_intervals():
    for r in hp.load_table("trigger_point_reliability"):
        assert r["kappa_low"] <= r["kappa_high"]


def test_a_reversed_reliability_range_is_refused_by_line_and_column(tmp_path):
    """An edit such as kappa_high = 0 on a row whose kappa_low is 0.22 used to render as
    "0.22 to 0"; the table is now refused where the range runs backwards."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(hp.tables.data_folder(), data)
    path = data / "trigger_point_reliability.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    cells = lines[1].rstrip("\r\n").split(",")
    cells[header.index("kappa_high")] = "-1"
    lines[1] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(hp.tables.TableError, match=r"line 2.*kappa_low .* is higher than kappa_high"):
        hp.load_table("trigger_point_reliability", data_dir=data)


@pytest.mark.parametrize("exercise, answer, right", [
    ("08-taping-gap", 6.7, True), ("08-taping-gap", 12.3, False),
    ("08-long-term", 0, True), ("08-long-term", 2, False),
    ("08-week-six", 40, True), ("08-week-six", 36, False),
])
def test_exercises_judge_answers_from_the_data(exercise, answer, right):
    assert hp.exercises.check(exercise, answer).correct is right
