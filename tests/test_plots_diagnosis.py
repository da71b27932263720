"""Lesson 07 figures (helpers.plots.diagnosis): drawn from data and results passed in, with
titles, labelled axes, and colours doubled by line style, marker or hatch."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.models import diagnosis as dx  # noqa: E402
from helpers.plots import diagnosis as pd  # noqa: E402
from helpers.tables import load_table  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _draw_test(sens=0.318, spec=1.0, pre=0.5):
    fig, (ax_c, ax_n, ax_l) = plt.subplots(1, 3)
    outcome = dx.evaluate_test(pre, sens, spec)
    art = pd.draw_test(ax_c, ax_n, outcome, dx.post_test_curves(sens, spec),
                       dx.post_test_bands(sens, spec, 22, 53), ax_legend=ax_l)
    return fig, (ax_c, ax_n, ax_l), art


def test_curves_panel_has_title_labels_and_distinct_styles():
    _, (ax_c, _, ax_l), art = _draw_test()
    assert ax_c.get_title() and "(%)" in ax_c.get_xlabel() and "(%)" in ax_c.get_ylabel()
    assert art.positive_curve.get_linestyle() != art.negative_curve.get_linestyle()
    assert art.positive_point.get_marker() != art.negative_point.get_marker()
    assert art.positive_band.get_hatch() != art.negative_band.get_hatch()
    assert ax_l.get_legend() is not None


def test_points_sit_on_the_curves_at_the_pre_test_probability():
    _, _, art = _draw_test(0.96, 0.9, 0.3)
    r = dx.evaluate_test(0.3, 0.96, 0.9)
    assert art.positive_point.get_ydata()[0] == pytest.approx(100 * r.post_positive)
    assert art.negative_point.get_ydata()[0] == pytest.approx(100 * r.post_negative)
    assert art.pre_line.get_xdata()[0] == pytest.approx(30)


def test_nomogram_lines_are_straight():
    _, _, art = _draw_test(0.8, 0.9, 0.2)
    for line in (art.nomogram_positive, art.nomogram_negative):
        x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
        assert y[1] == pytest.approx((y[0] + y[2]) / 2) and list(x) == [0, 0.5, 1]
    assert art.off_scale.get_text() == ""


def test_an_infinite_lr_is_marked_off_the_scale():
    _, _, art = _draw_test(0.318, 1.0, 0.5)
    assert "off the scale" in art.off_scale.get_text()
    assert art.nomogram_positive.get_ydata()[2] == pytest.approx(math.log(0.999 / 0.001))


def test_findings_bars_hatch_the_red_flag_conditions():
    conditions = load_table("heel_pain_conditions").rows
    findings = load_table("heel_findings").rows
    fig, ax = plt.subplots()
    m = dx.match_findings(["numbness", "first_step"], conditions, findings)
    art = pd.draw_findings(ax, conditions, m)
    for c, bar in zip(conditions, art.bars):
        assert bool(bar.get_hatch()) == bool(dx.split_ids(c["red_flags"]))
        assert bar.get_width() == m.counts[c["condition_id"]]
    assert ax.get_title() and "count" in ax.get_xlabel()
