"""Lesson 05 widget apps: every control moves the model result, the artists and the readout."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers as hp
from helpers.apps import evidence as apps
from helpers.blit import in_draw_order
from helpers.models import evidence as ev
from helpers.plots import evidence as plots
from support import assert_blit_is_exact


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
    html = apps.trials_table()._repr_html_()
    assert html.count("<tr>") == len(ev.load_trials()) + 1
    assert "a summary [S]" in html and "trial abstract or paper [V]" in html
    nh = apps.natural_history_table()._repr_html_()
    assert "80.5%" in nh and "18%" in nh and "3.58" in nh
    g = apps.guideline_table()._repr_html_()
    assert "read only in a summary [secondary]" in g and "verified: " in g
    # without HTML (a text export, a terminal) the same rows show as aligned text
    text = repr(apps.trials_table())
    assert text.startswith("Trials of massage and manual therapy for plantar heel pain\nTrial")
    assert len(text.splitlines()) == len(ev.load_trials()) + 2 and "a summary [S]" in text


def test_natural_history_view_has_figure_and_caption():
    view = apps.NaturalHistoryView()
    assert "Figure." in view.caption.value
    assert view.ax.get_ylabel() == "Still with symptoms (%)"
    assert view.widget._dom_classes[-1] == "hp-app-evidence-natural-history"


# --------------------------------------------------------------------------------------------
# blitting: only the moving artists are redrawn, and the picture is the same as a full redraw
# --------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _course_style():
    """Draw as the lesson does (``hp.setup()``: constrained layout, course sizes), then restore."""
    import matplotlib

    with matplotlib.rc_context():
        hp.setup()
        yield


def _pixels(fig):
    return np.array(fig.canvas.buffer_rgba(), copy=True)


def _assert_same_as_full_redraw(fig):
    """The canvas as the app left it equals a fresh full draw of the same figure."""
    shown = _pixels(fig)
    fig.canvas.draw()
    fresh = _pixels(fig)
    assert shown.shape == fresh.shape
    assert np.array_equal(shown, fresh), (
        f"{int((shown != fresh).any(axis=2).sum())} pixels differ from a full redraw")


def _drawn_simulation():
    app = apps.SimulationApp()
    app.fig.canvas.draw()  # as on first display: the background for blitting now exists
    assert app.blitter.background is not None
    return app


# one value per control that keeps both axis ranges, so the step must blit
BLIT_STEPS = [
    ("effect_slider", 1.0),
    ("recovery_slider", 10.0),
    ("noise_slider", 1.0),
    ("threshold_slider", 7.5),
    ("n_slider", 1000),
    ("follow_up_slider", 2.0),
    ("seed_box", 99),
    ("pattern_dropdown", "hansen2018_12m"),
]


@pytest.mark.parametrize("control, value", BLIT_STEPS)
def test_simulation_step_blits_and_matches_a_full_redraw(control, value):
    app = _drawn_simulation()
    limits = (app.ax_groups.get_ylim(), app.ax_estimates.get_xlim())
    before_pixels = _pixels(app.fig)
    blits = app.blitter.blits
    getattr(app, control).value = value
    assert (app.ax_groups.get_ylim(), app.ax_estimates.get_xlim()) == limits
    assert app.blitter.blits == blits + 1  # one blit per step, no full redraw
    assert not np.array_equal(_pixels(app.fig), before_pixels)  # the picture did change
    _assert_same_as_full_redraw(app.fig)


def test_simulation_sliders_blit_across_their_range():
    """Step every slider over its whole range from the defaults: blits, all matching."""
    for name in ("effect_slider", "recovery_slider", "noise_slider", "threshold_slider",
                 "n_slider", "follow_up_slider"):
        app = _drawn_simulation()
        slider = getattr(app, name)
        values = np.linspace(slider.min, slider.max, 7)
        blits = app.blitter.blits
        for v in values:
            slider.value = int(round(v)) if name == "n_slider" else float(v)
            _assert_same_as_full_redraw(app.fig)
        assert app.blitter.blits > blits, name


def test_follow_up_label_is_a_moving_text_in_the_tick_labels_blank_line():
    app = _drawn_simulation()
    assert app.follow_up_text.get_text() == "(3 months)"
    assert [t.get_text() for t in app.ax_groups.get_xticklabels()] == ["Enrolment",
                                                                       "Follow-up\n"]
    app.follow_up_slider.value = 2.5
    assert app.follow_up_text.get_text() == "(2.5 months)"
    renderer = app.fig.canvas.get_renderer()
    label = app.ax_groups.get_xticklabels()[1].get_window_extent(renderer)
    text = app.follow_up_text.get_window_extent(renderer)
    # centred under "Follow-up", inside the label's box (its empty second line)
    assert text.x0 + text.width / 2 == pytest.approx(label.x0 + label.width / 2, abs=1.0)
    assert label.y0 - 1.0 <= text.y0 and text.y1 <= label.y0 + label.height / 2 + 1.0


def _limits(app):
    return (app.ax_groups.get_ylim(), app.ax_estimates.get_xlim())


def test_a_step_that_widens_an_axis_redraws_everything_and_still_matches():
    app = _drawn_simulation()
    full_draws = app.blitter.full_draws
    app.recovery_slider.value = 20.0
    app.follow_up_slider.value = 24.0
    app.effect_slider.value = 4.0  # treated follow-up average falls below 0 points
    assert app.ax_groups.get_ylim() == (-5, 10)
    assert app.ax_estimates.get_xlim() == (-2.5, 15)  # before/after is about 11 points
    # limits that hold every value shown (and the numbers on the bars) with a margin
    lo, hi = app.ax_estimates.get_xlim()
    r = app.result
    assert lo < min(r.randomised_ci_points[0], r.before_after_points) - 0.5
    assert hi > max(r.randomised_ci_points[1], r.before_after_points) + 0.5
    assert app.blitter.full_draws > full_draws  # a new range is drawn in full
    _assert_same_as_full_redraw(app.fig)
    # coming back inside the usual range shrinks the axes again
    for control, value in (("effect_slider", 0.5), ("follow_up_slider", 3.0),
                           ("recovery_slider", 3.58)):
        getattr(app, control).value = value
    assert _limits(app) == ((0, 10), (-2.5, 5))
    _assert_same_as_full_redraw(app.fig)


def test_limits_widen_in_steps_of_five_points_from_the_usual_ranges():
    app = _drawn_simulation()
    assert _limits(app) == ((0, 10), (-2.5, 5))
    assert list(app.ax_groups.get_yticks()) == [0, 2, 4, 6, 8, 10]
    assert list(app.ax_estimates.get_xticks()) == [-2, -1, 0, 1, 2, 3, 4, 5]
    seen = set()
    for effect in np.linspace(-2, 4, 13):
        for months in (0.5, 3, 12, 24):
            app.effect_slider.value = float(effect)
            app.follow_up_slider.value = months
            app.recovery_slider.value = 20.0
            (g0, g1), (e0, e1) = _limits(app)
            assert g0 in (0, -5, -10) and g1 in (10, 15)
            assert e0 in (-2.5, -5, -10, -15) and e1 in (5, 10, 15, 20)
            seen.add(_limits(app))
    assert len(seen) <= 6, seen  # a handful of ranges, not one per whole point


def test_a_range_shown_before_comes_back_by_blitting_and_matches():
    app = _drawn_simulation()
    wide = {"recovery_slider": 20.0, "follow_up_slider": 24.0, "effect_slider": 4.0}
    usual = {"effect_slider": 0.5, "follow_up_slider": 3.0, "recovery_slider": 3.58}
    for values in (wide, usual):  # each range is drawn in full once and its picture kept
        for control, value in values.items():
            getattr(app, control).value = value
    states = set()
    for values in (wide, usual, wide, usual):
        for control, value in values.items():
            full_draws, blits = app.blitter.full_draws, app.blitter.blits
            getattr(app, control).value = value
            states.add(_limits(app))
            assert app.blitter.full_draws == full_draws, (control, value, _limits(app))
            assert app.blitter.blits == blits + 1
        # pixel for pixel a full draw, also of the figure without blitting (the panels were
        # placed for this range before its kept picture was pasted)
        assert_blit_is_exact(app)
    assert len(states) > 1


@pytest.mark.parametrize("name", ["effect_slider", "recovery_slider", "noise_slider",
                                  "threshold_slider", "n_slider", "follow_up_slider"])
def test_a_sweep_of_a_slider_draws_in_full_only_once_per_range(name):
    """Sweep a slider over its step grid and back (as a learner dragging it): after the first
    full draw of each range, every step blits."""
    app = _drawn_simulation()
    slider = getattr(app, name)
    values = list(np.linspace(slider.min, slider.max, 40))
    values = values + values[::-1]
    full_draws = app.blitter.full_draws
    ranges = set()
    for v in values:
        slider.value = int(round(v / 10) * 10) if name == "n_slider" else round(float(v), 2)
        ranges.add(_limits(app))
    assert app.blitter.full_draws - full_draws <= len(ranges), ranges
    assert len(ranges) <= 4, ranges


def test_choosing_custom_in_the_menu_relabels_the_readout_only():
    app = _drawn_simulation()
    full_draws, blits = app.blitter.full_draws, app.blitter.blits
    result = app.result
    app.pattern_dropdown.value = apps.CUSTOM
    assert app.readout_text().startswith("Recovery pattern: custom.")
    assert app.result is result  # the recovery rate (and so the study) did not change
    assert (app.blitter.full_draws, app.blitter.blits) == (full_draws, blits)
    assert not app.fig.stale  # nothing for the notebook to redraw


def test_pattern_menu_runs_the_simulation_once():
    app = _drawn_simulation()
    blits = app.blitter.blits
    app.pattern_dropdown.value = "none"
    assert app.blitter.blits == blits + 1
    assert app.result.settings.monthly_recovery_pct == 0.0


_CONTROL_VALUES = st.one_of(
    st.tuples(st.just("effect_slider"), st.integers(-20, 40).map(lambda i: i / 10)),
    st.tuples(st.just("recovery_slider"), st.integers(0, 2000).map(lambda i: i / 100)),
    st.tuples(st.just("noise_slider"), st.integers(0, 30).map(lambda i: i / 10)),
    st.tuples(st.just("threshold_slider"), st.integers(0, 16).map(lambda i: i / 2)),
    st.tuples(st.just("n_slider"), st.integers(2, 500).map(lambda i: i * 10)),
    st.tuples(st.just("follow_up_slider"), st.integers(1, 48).map(lambda i: i / 2)),
    st.tuples(st.just("seed_box"), st.integers(0, 10**6)),
    st.tuples(st.just("pattern_dropdown"),
              st.sampled_from(["none", "wolgin1994_47m", "hansen2018_12m", apps.CUSTOM])),
)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps=st.lists(_CONTROL_VALUES, min_size=1, max_size=6))
def test_any_sequence_of_steps_shows_what_a_full_redraw_shows(steps):
    app = _drawn_simulation()
    for control, value in steps:
        getattr(app, control).value = value
    # the artists show the current model result ...
    r = app.result
    assert [b.get_width() for b in app.estimate_bars] == pytest.approx(
        [r.true_effect_points, r.before_after_points, r.randomised_points])
    assert app.follow_up_text.get_text() == f"({r.settings.follow_up_months:g} months)"
    # ... and the canvas holds the same pixels as a full redraw would
    _assert_same_as_full_redraw(app.fig)


def test_simulation_blit_list_is_what_the_panels_draw_in_their_order():
    app = apps.SimulationApp()
    moving = app.blitter.artists
    for artist in (app.treated_line, app.control_line, app.ci_line, app.follow_up_text,
                   *app.estimate_bars, *app.artists["value_texts"],
                   app.artists["threshold_line"], app.artists["population_line"]):
        assert artist in moving and artist.get_animated()
    for ax in (app.ax_groups, app.ax_estimates):
        mine = [a for a in moving if a in ax.get_children()]
        assert [a.get_zorder() for a in mine] == sorted(a.get_zorder() for a in mine)
        assert all(spine in mine for spine in ax.spines.values())
        assert ax.title not in mine and ax.xaxis not in mine
        # the key is the figure's, outside both panels: it stays in the background
        assert ax.get_legend() is None
        assert mine == in_draw_order(mine)
    key = app.artists["legend"]
    assert key in app.fig.legends and key not in moving and not key.get_animated()


# settings that push the moving artists as far as they go: towards the old in-panel legends
# (lower left, lower right) and to the edges of the widest ranges
EXTREMES = [
    {"threshold_slider": 0.0},
    {"threshold_slider": 1.0},
    {"threshold_slider": 8.0, "noise_slider": 3.0, "n_slider": 20, "effect_slider": -2.0},
    {"recovery_slider": 20.0, "follow_up_slider": 24.0, "effect_slider": 4.0,
     "noise_slider": 3.0, "n_slider": 20},
    {"n_slider": 20, "noise_slider": 3.0, "seed_box": 7, "effect_slider": 4.0},
    {"follow_up_slider": 0.5, "effect_slider": -2.0, "recovery_slider": 0.0},
]


@pytest.mark.parametrize("steps", EXTREMES)
def test_nothing_moving_reaches_the_key_below_the_panels(steps):
    app = _drawn_simulation()
    for control, value in steps.items():
        getattr(app, control).value = value
    renderer = app.fig.canvas.get_renderer()
    key = app.artists["legend"].get_window_extent(renderer)
    for ax in (app.ax_groups, app.ax_estimates):
        assert key.y1 < ax.get_window_extent(renderer).y0  # below both panels
    for artist in app.blitter.artists:
        if artist.get_visible():
            assert not plots.overlaps(key, artist, renderer), artist
    # so a step there blits, and shows what a full redraw shows
    blits = app.blitter.blits
    app.seed_box.value += 1
    assert app.blitter.blits == blits + 1
    _assert_same_as_full_redraw(app.fig)


@given(effect=st.integers(-20, 40), recovery=st.integers(0, 2000), noise=st.integers(0, 30),
       threshold=st.integers(0, 16), n=st.integers(2, 500), months=st.integers(1, 48),
       seed=st.integers(0, 10**6))
@settings(max_examples=60, deadline=None)
def test_the_ranges_hold_every_value_with_a_margin(effect, recovery, noise, threshold, n,
                                                   months, seed):
    r = ev.simulate_cohort(true_effect_points=effect / 10, monthly_recovery_pct=recovery / 100,
                           noise_sd_points=noise / 10, enrol_threshold_points=threshold / 2,
                           n_patients=n * 10, follow_up_months=months / 2, seed=seed)
    g0, g1 = plots._group_limits(r)
    groups = [r.mean_baseline_treated, r.mean_followup_treated, r.mean_baseline_control,
              r.mean_followup_control, r.settings.enrol_threshold_points, r.screened_mean_points]
    assert g0 <= min(groups) - 0.5 and max(groups) + 0.5 <= g1
    assert (g0, g1) == (min(g0, 0.0), max(g1, 10.0)) and g0 % 5 == 0 and g1 % 5 == 0
    e0, e1 = plots._estimate_limits(r)
    estimates = [r.true_effect_points, r.before_after_points, *r.randomised_ci_points, 0.0]
    margin = max(0.5, 0.06 * (e1 - e0))
    assert e0 <= min(estimates) - margin and max(estimates) + margin <= e1
    assert e0 in (-2.5,) or e0 % 5 == 0
    assert e1 % 5 == 0


def test_moving_texts_do_not_change_the_layout():
    app = _drawn_simulation()
    for text in (app.follow_up_text, *app.artists["value_texts"]):
        assert not text.get_in_layout()


def test_trials_picker_blits_and_matches_a_full_redraw_for_every_trial():
    app = apps.TrialsApp()
    app.fig.canvas.draw()
    start = _pixels(app.fig)
    for trial in list(app.trial_dropdown.options)[1:] + [apps.TrialsApp.ALL]:
        blits = app.blitter.blits
        app.trial_dropdown.value = trial
        assert app.blitter.blits == blits + 1
        if trial != apps.TrialsApp.ALL:
            plotted = any(a in app.blitter.artists for a in app.by_trial.get(trial, []))
            assert plotted or trial not in app.by_trial
        _assert_same_as_full_redraw(app.fig)
    assert np.array_equal(_pixels(app.fig), start)  # back to all trials: the first picture


def test_trials_picker_blits_without_a_full_redraw_in_between():
    app = apps.TrialsApp()
    app.fig.canvas.draw()
    for trial in ("Saban 2014", "Cleland 2009", "McClinton 2019"):
        app.trial_dropdown.value = trial
    _assert_same_as_full_redraw(app.fig)


def test_trials_blit_list_holds_every_trial_artist():
    app = apps.TrialsApp()
    moving = set(app.blitter.artists)
    assert all(a in moving for arts in app.by_trial.values() for a in arts)
    for ax in app.drawn["panels"].values():
        mine = [a for a in app.blitter.artists if a in ax.get_children()]
        assert mine == in_draw_order(mine)
    # a legend that a trial's marks run under is redrawn on top of them; the others are not
    on_top = {ax.get_title().split(":")[0] + ":" + ax.get_title().split(":")[1].split("\n")[0]:
              ax.get_legend() in moving
              for ax in app.drawn["panels"].values() if ax.get_legend() is not None}
    assert any(on_top.values()) and not all(on_top.values()), on_top
