"""Lesson 07 model (helpers.models.diagnosis) and its data tables: likelihood ratios, post-test
probability, study-size ranges, and which conditions a set of findings points to."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers as hp
from helpers.models import diagnosis as dx

probabilities = st.floats(0.01, 0.99)
sens_spec = st.tuples(st.floats(0.05, 1.0), st.floats(0.05, 1.0)).filter(
    lambda t: t[0] + t[1] > 1.02)


def test_likelihood_ratios_follow_their_definitions():
    lr = dx.likelihood_ratios(0.8, 0.9)
    assert lr.positive == pytest.approx(8.0)
    assert lr.negative == pytest.approx(0.2 / 0.9)


def test_perfect_specificity_gives_an_infinite_lr_and_a_certain_positive():
    r = dx.evaluate_test(0.3, 0.318, 1.0)
    assert math.isinf(r.lr_positive) and r.post_positive == 1.0


def test_low_sensitivity_negative_barely_lowers_the_probability():
    r = dx.evaluate_test(0.5, 0.318, 1.0)
    assert 0.40 < r.post_negative < 0.42
    assert r.change_negative < 0.1


def test_post_test_matches_bayes_with_counts():
    # 1000 people, 30% with the condition, sensitivity 0.9, specificity 0.8
    r = dx.evaluate_test(0.3, 0.9, 0.8)
    tp, fp = 0.9 * 300, 0.2 * 700
    fn, tn = 0.1 * 300, 0.8 * 700
    assert r.post_positive == pytest.approx(tp / (tp + fp))
    assert r.post_negative == pytest.approx(fn / (fn + tn))


@pytest.mark.parametrize("kwargs, message", [
    ({"pre_test": 1.5, "sensitivity": 0.5, "specificity": 0.9}, "pre_test must be between"),
    ({"pre_test": 0.5, "sensitivity": -0.1, "specificity": 0.9}, "sensitivity must be between"),
    ({"pre_test": 0.5, "sensitivity": 0.5, "specificity": float("nan")}, "specificity"),
    ({"pre_test": 0.5, "sensitivity": 0.4, "specificity": 0.5}, "more than 1"),
])
def test_bad_input_is_one_clear_sentence(kwargs, message):
    with pytest.raises(ValueError, match=message):
        dx.evaluate_test(**kwargs)


@settings(max_examples=200, deadline=None)
@given(probabilities, sens_spec)
def test_positive_raises_and_negative_lowers_the_probability(pre, ss):
    r = dx.evaluate_test(pre, *ss)
    assert r.post_negative <= pre + 1e-12 <= r.post_positive + 2e-12
    assert 0 <= r.post_negative <= 1 and 0 <= r.post_positive <= 1


@settings(max_examples=200, deadline=None)
@given(probabilities, sens_spec)
def test_natural_frequencies_add_up(pre, ss):
    f = dx.evaluate_test(pre, *ss).per_100
    assert f["true_positive"] + f["false_negative"] == pytest.approx(f["with"])
    assert f["false_positive"] + f["true_negative"] == pytest.approx(f["without"])
    assert f["with"] + f["without"] == pytest.approx(100)


@settings(max_examples=100, deadline=None)
@given(sens_spec)
def test_curves_rise_with_the_pre_test_probability(ss):
    c = dx.post_test_curves(*ss)
    assert np.all(np.diff(c["positive"]) >= -1e-12)
    assert np.all(np.diff(c["negative"]) >= -1e-12)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 500), st.data())
def test_wilson_interval_contains_the_proportion(n, data):
    k = data.draw(st.integers(0, n))
    low, high = dx.wilson_interval(k, n)
    assert 0 <= low <= k / n <= high <= 1


def test_a_small_study_leaves_a_range_under_100_percent():
    s = dx.study_range(0.5, 0.318, 1.0, 22, 53)
    assert s.specificity_ci[0] == pytest.approx(0.932, abs=0.001)
    assert s.positive[0] < 0.8 and s.positive[1] == 1.0


def test_bands_contain_the_curves():
    c = dx.post_test_curves(0.96, 1.0)
    b = dx.post_test_bands(0.96, 1.0, 50, 50)
    assert np.all(b["positive_low"] <= c["positive"] + 1e-12)
    assert np.all(b["negative_low"] - 1e-12 <= c["negative"])
    assert np.all(c["negative"] <= b["negative_high"] + 1e-12)


def test_model_reproduces_the_accuracy_the_ultrasound_study_reported():
    row = hp.load_table("diagnostic_tests").by("test_id")["ultrasound_4mm"]
    acc = dx.study_accuracy(row["sensitivity"], row["specificity"], row["n_with"],
                            row["n_without"])
    assert acc == pytest.approx(row["reported_accuracy"], abs=0.005)


@settings(max_examples=100, deadline=None)
@given(probabilities, st.floats(0.01, 100))
def test_nomogram_line_is_straight_and_lands_on_the_post_test(pre, lr):
    f = dx.fagan_positions(pre, lr)
    assert f["middle"] == pytest.approx((f["left"] + f["right"]) / 2, abs=1e-9) or f["clipped"]
    if not f["clipped"]:
        post = dx.post_test_probability(min(max(pre, 0.001), 0.999), lr)
        assert f["right"] == pytest.approx(dx.logit(post), abs=1e-9)


def test_infinite_lr_is_clipped_at_the_end_of_the_nomogram():
    f = dx.fagan_positions(0.2, math.inf)
    assert f["clipped"] and f["right"] == pytest.approx(math.log(0.999 / 0.001))


# --------------------------------------------------------------------------- findings


def _tables():
    return (hp.load_table("heel_pain_conditions").rows, hp.load_table("heel_findings").rows,
            hp.load_table("red_flags").rows)


def test_every_link_between_the_tables_exists():
    dx.check_links(*_tables())


def test_a_broken_link_is_named():
    conditions, findings, flags = _tables()
    broken = [dict(conditions[0], findings="no_such_finding")]
    with pytest.raises(ValueError, match="no_such_finding"):
        dx.check_links(broken, findings, flags)


def test_every_red_flag_of_the_course_is_a_finding():
    _, findings, flags = _tables()
    assert {f["flag_id"] for f in flags} <= {f["red_flag"] for f in findings if f["red_flag"]}


def test_first_step_pain_points_to_plantar_fasciitis_only():
    conditions, findings, _ = _tables()
    m = dx.match_findings(["first_step"], conditions, findings)
    assert m.matched == ("plantar_fasciitis",) and not m.see_clinician


def test_numbness_raises_a_red_flag_and_points_to_nerves():
    conditions, findings, _ = _tables()
    m = dx.match_findings(["numbness"], conditions, findings)
    assert m.see_clinician and m.red_flags == ("numbness",)
    assert {"nerve_entrapment", "tarsal_tunnel", "s1_root"} <= set(m.matched)


def test_unknown_finding_is_refused():
    conditions, findings, _ = _tables()
    with pytest.raises(ValueError, match="ticked must be finding ids"):
        dx.match_findings(["sore"], conditions, findings)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_counts_never_exceed_the_ticked_findings(data):
    conditions, findings, _ = _tables()
    ids = [f["finding_id"] for f in findings]
    ticked = data.draw(st.lists(st.sampled_from(ids), unique=True))
    m = dx.match_findings(ticked, conditions, findings)
    assert all(0 <= n <= len(ticked) for n in m.counts.values())
    assert set(m.matched) == {cid for cid, n in m.counts.items() if n}
    assert m.see_clinician == any(findings[ids.index(t)]["red_flag"] for t in ticked)


def test_every_vignette_ticks_known_findings():
    conditions, findings, _ = _tables()
    for story in hp.load_table("heel_vignettes"):
        dx.match_findings(dx.split_ids(story["findings"]), conditions, findings)


def test_quiz_answers_are_spread_over_positions():
    from helpers.selfcheck import quiz_questions

    questions = quiz_questions("07-heel-pain-look-alikes")
    answers = [q.answer for q in questions]
    assert len(questions) == 6
    assert max(answers.count(i) for i in range(4)) - min(answers.count(i) for i in range(4)) <= 1
