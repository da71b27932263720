"""Lesson 07 apps driven like a learner would: every control changes what the learner sees,
only the moving artists are redrawn, and no figure is left out of date."""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.apps import diagnosis as apps


@pytest.fixture
def test_app():
    app = apps.TestResultApp()
    app.fig.canvas.draw()
    yield app
    plt.close(app.fig)


@pytest.fixture
def explorer():
    app = apps.FindingsExplorerApp()
    app.fig.canvas.draw()
    yield app
    plt.close(app.fig)


def test_every_control_has_a_description(test_app, explorer):
    controls = [test_app.pre_slider, test_app.test_picker, explorer.example_picker,
                *explorer.checkboxes.values()]
    assert all(c.description for c in controls)


def test_pre_test_slider_moves_the_points_and_the_readout(test_app):
    before = test_app.readout.value
    y_before = test_app.art.negative_point.get_ydata()[0]
    test_app.pre_slider.value = 80
    assert test_app.result.pre_test == pytest.approx(0.8)
    assert test_app.art.pre_line.get_xdata()[0] == pytest.approx(80)
    assert test_app.art.negative_point.get_ydata()[0] > y_before
    assert test_app.readout.value != before and "80%" in test_app.readout_text()


def test_slider_steps_blit_without_a_full_redraw(test_app):
    full = test_app.blitter.full_draws
    for v in (10, 30, 70):
        test_app.pre_slider.value = v
    assert test_app.blitter.blits >= 3 and test_app.blitter.full_draws == full
    assert not test_app.fig.stale


def test_choosing_a_test_redraws_its_curves(test_app):
    old = np.array(test_app.art.negative_curve.get_ydata())
    test_app.test_picker.value = "ultrasound_4mm"
    new = np.array(test_app.art.negative_curve.get_ydata())
    assert new.max() < old.max()
    assert "ultrasound" in test_app.readout_text()
    assert not test_app.fig.stale


def test_windlass_readout_shows_rule_in_but_not_rule_out(test_app):
    r = test_app.result
    assert r.post_positive == 1.0 and r.post_negative > 0.4
    text = test_app.readout_text()
    assert "infinite" in text and "secondary" in text
    assert "off the scale" in test_app.art.off_scale.get_text()


def test_ticking_a_red_flag_shows_the_warning_from_the_red_flag_table(explorer):
    from helpers.tables import load_table

    sign = load_table("red_flags").by("flag_id")["numbness"]["sign"]
    explorer.checkboxes["numbness"].value = True
    assert explorer.result.see_clinician
    assert sign in explorer.readout_text()
    assert "see a clinician first" in explorer.readout_text()


def test_ticking_moves_the_bars_and_blits(explorer):
    full = explorer.blitter.full_draws
    explorer.checkboxes["first_step"].value = True
    i = explorer.art.condition_ids.index("plantar_fasciitis")
    assert explorer.art.bars[i].get_width() == 1
    explorer.checkboxes["medial_tender"].value = True
    assert explorer.art.bars[i].get_width() == 2
    explorer.checkboxes["first_step"].value = False
    assert explorer.art.bars[i].get_width() == 1
    assert explorer.blitter.full_draws == full and not explorer.fig.stale


def test_every_checkbox_changes_the_readout(explorer):
    for fid, box in explorer.checkboxes.items():
        before = explorer.readout.value
        box.value = True
        assert explorer.readout.value != before, fid
        box.value = False
        assert not explorer.fig.stale


def test_an_example_person_ticks_their_findings_in_one_update(explorer):
    explorer.example_picker.value = "runner"
    assert set(explorer.ticked()) == {"activity_rise", "load_increase"}
    assert explorer.result.red_flags == ("activity_rise",)
    explorer.example_picker.value = "none"
    assert explorer.ticked() == [] and "Nothing ticked" in explorer.readout_text()


def test_the_explorer_says_it_does_not_diagnose(explorer):
    notes = [w for w in explorer.widget.children if isinstance(w, widgets.HTML)]
    assert any("does not diagnose" in w.value for w in notes)


def test_unknown_findings_and_tests_are_refused(explorer):
    with pytest.raises(ValueError, match="finding_ids must be among"):
        explorer.tick(["sore"])
    with pytest.raises(ValueError, match="test_id must be one of"):
        apps.TestResultApp(test_id="x-ray")


def test_apps_carry_their_css_classes_and_captions(test_app, explorer):
    for app, name in ((test_app, "test-result"), (explorer, "findings")):
        assert "hp-app" in app.widget._dom_classes
        assert f"hp-app-{name}" in app.widget._dom_classes
        assert "Figure." in app.caption.value


def test_blitted_pictures_equal_full_draws(test_app, explorer):
    from support import assert_blit_is_exact

    test_app.pre_slider.value = 23
    assert_blit_is_exact(test_app)
    test_app.test_picker.value = "windlass_sitting"
    assert_blit_is_exact(test_app)
    explorer.example_picker.value = "warehouse"
    assert_blit_is_exact(explorer)
