"""Lesson 08 widget apps: every control moves the artists in place and the readout follows."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.apps import treatments as apps
from helpers.models import treatments as tr
from support import assert_blit_is_exact


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _drawn(app):
    app.fig.canvas.draw()
    return app


def _visible_rows(app):
    return sum(m.get_visible() for m in app.artists["markers"])


def test_comparison_starts_on_the_short_term_mm_scale():
    app = _drawn(apps.ComparisonApp())
    assert (app.result.scale, app.result.window) == ("pain_mm", "short")
    assert _visible_rows(app) == 2
    assert "Taping" in app.readout.value and "Not plotted (10)" in app.unplotted.value
    assert "does not show" in app.not_shown.value
    assert app.widget._dom_classes[-2:] == ("hp-app", "hp-app-treatment-comparison")


def test_window_change_moves_the_rows_and_lists_the_rest():
    app = _drawn(apps.ComparisonApp())
    n_lines = len(app.ax.lines)
    app.scale_buttons.value = "pain_smd"
    app.window_dropdown.value = "medium"
    assert [e.treatment_id for e in app.result.plotted] == ["steroid", "orthoses"]
    assert _visible_rows(app) == 2
    assert app.artists["markers"][1].get_xdata()[0] == pytest.approx(-0.27)
    assert app.artists["markers"][1].get_marker() == "s"  # moderate certainty
    assert len(app.ax.lines) == n_lines  # no new artists
    app.window_dropdown.value = "long"
    assert _visible_rows(app) == 0
    assert "No treatment has an estimate" in app.artists["empty_text"].get_text()
    assert app.readout_text() == tr.comparison_text(app.result)


def test_scale_change_changes_the_axis_and_the_reference_line():
    app = _drawn(apps.ComparisonApp())
    assert app.artists["mid_line"].get_visible()
    app.scale_buttons.value = "pain_smd"
    assert app.ax.get_xlim() == (-2.5, 0.5)
    assert not app.artists["mid_line"].get_visible()


@pytest.mark.parametrize("make, steps", [
    (apps.ComparisonApp, [("window_dropdown", "medium"), ("window_dropdown", "short"),
                          ("window_dropdown", "long")]),
    (apps.SteppedCareApp, [("step_buttons", "referral"), ("step_buttons", "morning_pain")]),
    (apps.StrengthPlannerApp, [("weeks_slider", 5), ("both_legs_slider", 2)]),
])
def test_steps_blit_and_match_a_full_redraw(make, steps):
    app = _drawn(make())
    if make is apps.ComparisonApp:  # each picture is drawn in full once, then kept
        for control, value in steps:
            getattr(app, control).value = value
            app.fig.canvas.draw()
    for control, value in steps:
        blits = app.blitter.blits
        before = np.asarray(app.fig.canvas.buffer_rgba()).copy()
        getattr(app, control).value = value
        assert app.blitter.blits == blits + 1
        assert not np.array_equal(before, np.asarray(app.fig.canvas.buffer_rgba()))
        assert_blit_is_exact(app)


def test_a_new_picture_is_drawn_in_full_once():
    app = _drawn(apps.ComparisonApp())
    full, blits = app.blitter.full_draws, app.blitter.blits
    app.window_dropdown.value = "medium"
    assert app.blitter.full_draws == full + 1 and app.blitter.blits == blits
    assert_blit_is_exact(app)


def test_a_scale_shown_before_comes_back_by_blitting():
    app = _drawn(apps.ComparisonApp())
    app.scale_buttons.value = "pain_smd"
    app.fig.canvas.draw()
    app.scale_buttons.value = "pain_mm"
    app.fig.canvas.draw()
    blits = app.blitter.blits
    app.scale_buttons.value = "pain_smd"
    assert app.blitter.blits == blits + 1
    assert_blit_is_exact(app)


def test_stepped_care_outlines_the_chosen_step_and_reads_it():
    app = _drawn(apps.SteppedCareApp())
    app.step_buttons.value = "morning_pain"
    widths = {k: b.get_linewidth() for k, b in app.artists["boxes"].items()}
    assert widths["morning_pain"] == 3.0 and widths["first_visit"] == 1.0
    assert "Night splints" in app.readout.value
    assert "Koc et al. 2023 [secondary]" in app.readout_text()


def test_stepped_care_refuses_an_unknown_step():
    with pytest.raises(ValueError, match="step must be one of"):
        apps.SteppedCareApp("surgery_first")


def test_planner_bars_follow_the_plan():
    app = _drawn(apps.StrengthPlannerApp())
    assert [b.get_height() for b in app.artists["bars"][:5]] == [36, 36, 40, 40, 40]
    app.weeks_slider.value = 3
    assert [b.get_height() for b in app.artists["bars"]][3:] == [0] * 9
    app.both_legs_slider.value = 4  # more than the plan: capped at the plan's length
    assert app.plan.both_legs_weeks == 3
    assert app.artists["bars"][0].get_hatch() == "xx"
    assert "3 weeks: 11 sessions" in app.readout.value


def test_planner_saves_once_and_refuses_to_overwrite_unasked(tmp_path):
    app = apps.StrengthPlannerApp(weeks=4)
    target = tmp_path / "heel-raises.md"
    assert app.save(target) == "Saved the plan to heel-raises.md."
    assert "hp-ok" in app.save_status.value
    message = app.save(target)
    assert message.startswith("Not saved:") and "hp-error" in app.save_status.value
    assert app.save(target, overwrite=True).startswith("Saved")
    assert app.save(tmp_path / "plan.txt").startswith("Not saved: path must end in .md")
    app.path_text.value = ""
    assert app.save() == "Not saved: type a file name ending in .md first."  # one sentence, as every save says


def test_every_control_has_a_description():
    for app in (apps.ComparisonApp(), apps.SteppedCareApp(), apps.StrengthPlannerApp()):
        for name, w in vars(app).items():
            if name.endswith(("_slider", "_buttons", "_dropdown", "_text", "_box")):
                assert w.description, name


def test_tables_render_every_row():
    assert apps.menu_table()._repr_html_().count("<tr>") == 1 + len(tr.load_treatments())
    assert apps.reliability_table()._repr_html_().count("<tr>") == 5
    assert apps.tools_table()._repr_html_().count("<tr>") == 4
    assert apps.dose_table()._repr_html_().count("<tr>") == 4


def test_secondary_sources_carry_the_course_marker_wherever_shown():
    from helpers import sources

    menu = apps.menu_table()._repr_html_()
    for key in ("david2017", "lee2014", "koc2023"):
        assert sources.status_marker(key) == "[secondary]"
        assert f"{sources.cite(key)} [secondary]" in menu
    assert "[S]" not in menu and "[V]" not in menu
    assert "Goodfellow Unit 2015 [secondary]" in apps.dose_table()._repr_html_()
    planner = apps.StrengthPlannerApp()
    assert "Goodfellow Unit 2015 [secondary]" in planner.readout.value
    assert "Goodfellow Unit 2015 [secondary]" in tr.plan_text(planner.plan)
