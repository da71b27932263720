"""Lesson 05 widget apps: every control moves the model result, the artists and the readout."""

import numpy as np
import pytest

from helpers.apps import evidence as apps
from helpers.models import evidence as ev


def _snapshot(app):
    return {
        "treated": tuple(app.treated_line.get_ydata()),
        "control": tuple(app.control_line.get_ydata()),
        "bars": tuple(b.get_width() for b in app.estimate_bars),
        "ci": tuple(app.ci_line.get_xdata()),
        "readout": app.readout.value,
    }


def test_app_starts_at_the_model_defaults():
    app = apps.SimulationApp()
    expected = ev.simulate_cohort(**{**ev.DEFAULTS,
                                     "monthly_recovery_pct": app.recovery_slider.value})
    assert app.result.randomised_points == expected.randomised_points
    assert app.pattern_dropdown.value == "wolgin1994_47m"
    assert "Wolgin 1994" in app.readout_text()
    assert app.widget._dom_classes[-2:] == ("hp-app", "hp-app-evidence-simulation")


@pytest.mark.parametrize(
    "control, value, field",
    [
        ("effect_slider", 2.5, "true_effect_points"),
        ("recovery_slider", 10.0, "monthly_recovery_pct"),
        ("noise_slider", 2.5, "noise_sd_points"),
        ("threshold_slider", 7.5, "enrol_threshold_points"),
        ("n_slider", 1000, "n_patients"),
        ("follow_up_slider", 12.0, "follow_up_months"),
        ("seed_box", 99, "seed"),
    ],
)
def test_each_control_changes_the_result_the_artists_and_the_readout(control, value, field):
    app = apps.SimulationApp()
    before = _snapshot(app)
    n_artists = len(app.ax_groups.lines) + len(app.ax_estimates.lines)
    getattr(app, control).value = value
    assert getattr(app.result.settings, field) == value
    after = _snapshot(app)
    assert after["readout"] != before["readout"]
    assert after["bars"] != before["bars"]
    assert after["treated"] != before["treated"] or after["control"] != before["control"]
    # the same artists were moved: nothing was added to the figure
    assert len(app.ax_groups.lines) + len(app.ax_estimates.lines) == n_artists
    # and they show the model's numbers
    r = app.result
    assert after["bars"] == pytest.approx(
        (r.true_effect_points, r.before_after_points, r.randomised_points))
    assert after["ci"] == pytest.approx(r.randomised_ci_points)


def test_pattern_menu_sets_the_recovery_slider_and_the_slider_sets_custom():
    app = apps.SimulationApp()
    hansen = app.patterns["hansen2018_12m"]
    app.pattern_dropdown.value = "hansen2018_12m"
    assert app.recovery_slider.value == pytest.approx(hansen.monthly_recovery_pct)
    assert app.result.settings.monthly_recovery_pct == pytest.approx(hansen.monthly_recovery_pct)
    assert "Hansen 2018" in app.readout.value
    app.recovery_slider.value = 12.0
    assert app.pattern_dropdown.value == apps.CUSTOM
    assert "custom" in app.readout_text()
    app.pattern_dropdown.value = "none"
    assert app.recovery_slider.value == 0.0


def test_same_controls_give_the_same_readout():
    a = apps.SimulationApp()
    b = apps.SimulationApp()
    a.n_slider.value = 500
    b.n_slider.value = 500
    assert a.readout_text() == b.readout_text()


def test_slider_ranges_are_the_model_ranges():
    app = apps.SimulationApp()
    assert (app.effect_slider.min, app.effect_slider.max) == ev.TRUE_EFFECT_RANGE
    assert (app.recovery_slider.min, app.recovery_slider.max) == ev.RECOVERY_RANGE
    assert (app.noise_slider.min, app.noise_slider.max) == ev.NOISE_RANGE
    assert (app.threshold_slider.min, app.threshold_slider.max) == ev.THRESHOLD_RANGE
    assert (app.n_slider.min, app.n_slider.max) == ev.N_PATIENTS_RANGE
    assert (app.follow_up_slider.min, app.follow_up_slider.max) == ev.FOLLOW_UP_RANGE
    for control in (app.effect_slider, app.recovery_slider, app.noise_slider,
                    app.threshold_slider, app.n_slider, app.follow_up_slider, app.seed_box,
                    app.pattern_dropdown):
        assert control.description
        assert control.style.description_width == "initial"


def test_every_corner_of_the_sliders_runs():
    app = apps.SimulationApp()
    app.threshold_slider.value = app.threshold_slider.max
    app.noise_slider.value = 0.0
    app.n_slider.value = app.n_slider.max
    app.effect_slider.value = app.effect_slider.min
    app.follow_up_slider.value = app.follow_up_slider.max
    app.recovery_slider.value = app.recovery_slider.max
    assert np.isfinite(app.result.randomised_points)
    assert app.result.baseline_points.size == app.n_slider.max


def test_figure_has_titles_labels_and_a_caption():
    app = apps.SimulationApp()
    for ax in (app.ax_groups, app.ax_estimates):
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel() is not None
    assert "points" in app.ax_groups.get_ylabel()
    assert "Figure." in app.caption.value


# --------------------------------------------------------------------------------------------
# trials
# --------------------------------------------------------------------------------------------

def test_trials_app_picker_fades_others_and_shows_details():
    app = apps.TrialsApp()
    assert "Pick a trial" in app.readout.value
    app.trial_dropdown.value = "Saban 2014"
    assert "Saban 2014" in app.readout.value
    assert "69 people" in app.readout.value
    assert "calf" in app.readout.value
    for name, artists in app.by_trial.items():
        for artist in artists:
            assert artist.get_alpha() == (1.0 if name == "Saban 2014" else 0.2)
    app.trial_dropdown.value = "Ajimsha 2014"
    assert "read only in a summary" in app.readout.value
    app.trial_dropdown.value = apps.TrialsApp.ALL
    assert all(a.get_alpha() == 1.0 for arts in app.by_trial.values() for a in arts)


def test_trials_app_lists_every_trial_and_trials_with_no_plot_show_details():
    app = apps.TrialsApp()
    assert list(app.trial_dropdown.options)[1:] == ev.trial_names()
    app.trial_dropdown.value = "Renan-Ordine 2011"
    assert "P = .001" in app.readout.value
    app.trial_dropdown.value = "Shashua 2015"
    assert "no significant difference" in app.readout.value


def test_tables_are_built_from_the_data_files():
    html = apps.trials_table_html()
    assert html.count("<tr>") == len(ev.load_trials()) + 1
    assert "a summary [S]" in html and "trial abstract or paper [V]" in html
    nh = apps.natural_history_table_html()
    assert "80.5%" in nh and "18%" in nh and "3.58" in nh
    g = apps.guideline_table_html()
    assert "secondary [S]" in g and "verified [V]" in g
    assert repr(apps.trials_table()).startswith("Trial table:")


def test_natural_history_view_has_figure_and_caption():
    view = apps.NaturalHistoryView()
    assert "Figure." in view.caption.value
    assert view.ax.get_ylabel() == "Still with symptoms (%)"
    assert view.widget._dom_classes[-1] == "hp-app-evidence-natural-history"
