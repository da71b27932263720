"""The start page's self-check widget and the pain-scale model behind it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.apps.start import PainScaleApp
from helpers.models.scales import important_change


@given(st.floats(0, 10))
def test_targets_are_two_points_and_thirty_percent_lower(score):
    r = important_change(score)
    assert r.points_target == pytest.approx(max(0, score - 2))
    assert r.percent_target == pytest.approx(0.7 * score)
    assert r.easier_target >= min(r.points_target, r.percent_target)


@pytest.mark.parametrize("bad", [-1, 10.5, float("nan")])
def test_scores_off_the_scale_are_refused(bad):
    with pytest.raises(ValueError, match="score must be between 0 and 10 points"):
        important_change(bad)


def test_slider_moves_bar_lines_and_readout():
    app = PainScaleApp()
    assert app.readout_text() == "From 6: 2 points lower is 4; 30% lower is 4.2."
    app.slider.value = 9
    assert app.bar.get_width() == 9
    assert list(app.points_line.get_xdata()) == [7, 7]
    assert app.percent_line.get_xdata()[0] == pytest.approx(6.3)
    assert "From 9" in app.readout.value
    assert app.slider.max == 10 and app.slider.min == 0
