"""The benchmark harness (bench/run_bench.py) finds apps and controls and times a few steps.

No timing is asserted: only that the harness runs and returns finite numbers.
"""

from __future__ import annotations

import math
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.appbase import App
from helpers.apps.start import PainScaleApp
from helpers.style import new_figure
from helpers.testing import load_script

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rb():
    return load_script(ROOT / "bench" / "run_bench.py")


def test_discovery_finds_the_start_page_app_and_skips_bases(rb):
    apps, skipped = rb.discover_apps()
    assert PainScaleApp in apps
    assert App not in apps
    assert all(not cls.__name__.startswith("_") for cls in apps)
    assert all(reason for _name, reason in skipped)


def test_controls_and_figures_of_the_start_app(rb):
    app = PainScaleApp()
    controls = rb.find_controls(app)
    assert [(c.name, c.kind) for c in controls] == [("slider", "slider")]
    assert rb.find_figures(app) == [app.fig]
    rb._close(app)


class _Toy(App):
    """Hidden and progress widgets are not controls; dict-held ones are; each counted once."""

    def __init__(self):
        self.fig, self.ax = new_figure()
        (self.line,) = self.ax.plot([0, 1], [0, 0])
        self.sliders = {"a": widgets.FloatSlider(min=0, max=1, step=0.1)}
        self.hidden = widgets.IntSlider(layout=widgets.Layout(display="none"))
        self.bar = widgets.FloatProgress(min=0, max=1)
        self.pick = widgets.Dropdown(options=["x", "y"])
        self.sliders["a"].observe(self._on, names="value")
        self.widget = widgets.VBox([self.sliders["a"], self.hidden, self.bar, self.pick])
        self.finish("toy")

    def _on(self, change):
        self.line.set_ydata([0, change["new"]])
        self.fig.canvas.draw_idle()


def test_find_controls_rules(rb):
    app = _Toy()
    assert [(c.name, c.kind) for c in rb.find_controls(app)] == [
        ("sliders[a]", "slider"), ("pick", "choice")]
    rb._close(app)


def test_one_timing_call_returns_finite_numbers(rb):
    app = PainScaleApp()
    control = rb.find_controls(app)[0]
    values = rb.control_values(control, 4)
    ms, redraws = rb.time_control(PainScaleApp, app, control, values, replot_steps=3, warmup=1)
    for kind in ("wall", "callback", "cpu", "replot", "replot_cpu"):
        assert ms[kind].shape == (3,) and np.all(np.isfinite(ms[kind])) and np.all(ms[kind] >= 0)
    assert np.all(ms["wall"] > 0) and np.all(ms["callback"] <= ms["wall"])
    # the figure follows the slider by blitting: no full-redraw request, a blit every step
    assert redraws == 0.0 and ms["blitted"].tolist() == [1, 1, 1]
    assert app.result.score == values[-1]
    rb._close(app)


def test_bench_app_gives_a_row_per_control(rb):
    (row,) = rb.bench_app(PainScaleApp, steps=2, replot_steps=1)
    assert row.app == "start.PainScaleApp" and row.steps == 2 and row.replot_steps == 1
    assert math.isfinite(row.ratio) and row.meets_targets in ("yes", "no")


def test_deferred_draws_counts_and_restores(rb):
    from matplotlib.backend_bases import FigureCanvasBase

    before = FigureCanvasBase.draw_idle, FigureCanvasBase.blit
    with rb.deferred_draws() as requests:
        fig, _ax = new_figure()
        fig.canvas.draw_idle()
        fig.canvas.blit()
    assert requests == {"n": 1, "blits": 1}
    assert (FigureCanvasBase.draw_idle, FigureCanvasBase.blit) == before


class _Blitter(_Toy):
    """Moves its line by blitting: restore the background, draw the line, blit; no draw_idle."""

    def __init__(self):
        super().__init__()
        self.line.set_animated(True)
        self.fig.canvas.draw()
        self.background = self.fig.canvas.copy_from_bbox(self.ax.bbox)
        self.draws = 0
        self.fig.canvas.mpl_connect("draw_event", lambda _e: setattr(self, "draws", self.draws + 1))

    def _on(self, change):
        self.line.set_ydata([0, change["new"]])
        self.fig.canvas.restore_region(self.background)
        self.ax.draw_artist(self.line)
        self.fig.canvas.blit(self.ax.bbox)


def test_a_blitting_step_is_not_drawn_again(rb):
    app = _Blitter()
    control = rb.find_controls(app)[0]
    ms, redraws = rb.time_control(_Blitter, app, control, rb.control_values(control, 4), warmup=1)
    assert redraws == 0 and app.draws == 0 and np.all(np.isfinite(ms["wall"]))
    rb._close(app)


class _Quiet(_Blitter):
    """A step that changes nothing on the figure (no blit, no request, nothing stale), or one
    that changes a line and leaves the figure stale without asking for a draw."""

    def _on(self, change):
        if round(change["new"] * 10) % 2:  # odd tenths: stale, a notebook would redraw it
            self.ax.set_title(f"value {change['new']:.1f}")


def test_only_requested_or_stale_figures_are_drawn_after_a_step(rb):
    app = _Quiet()
    control = rb.find_controls(app)[0]
    values = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    ms, redraws = rb.time_control(_Quiet, app, control, values, warmup=0)
    odd = [round(v * 10) % 2 for v in values]
    assert 0 < sum(odd) < len(odd)
    assert ms["full"].tolist() == odd  # drawn exactly when the step left the figure stale
    assert app.draws == sum(odd) and redraws == 0 and ms["blitted"].sum() == 0
    rb._close(app)


def test_choice_values_cycle_through_options(rb):
    app = _Toy()
    pick = [c for c in rb.find_controls(app) if c.kind == "choice"][0]
    assert rb.control_values(pick, 5) == [1, 0, 1, 0, 1]
    rb._close(app)


@settings(max_examples=100, deadline=None)
@given(
    low=st.integers(-1000, 1000),
    span=st.integers(1, 10**6),
    step=st.integers(1, 1000),
    frac=st.floats(0, 1),
    n=st.integers(1, 400),
)
def test_step_values_stay_on_the_grid_and_always_move(rb, low, span, step, frac, n):
    high = low + max(span, step)
    current = low + round(frac * (high - low))
    values = rb.step_values(low, high, step, current, n)
    assert len(values) == n
    assert all(low <= v <= high and (v - low) % step == 0 for v in values)
    assert all(a != b for a, b in zip([current, *values], values, strict=False))


@settings(max_examples=100, deadline=None)
@given(low=st.floats(-100, 100), span=st.floats(0.01, 1000), parts=st.integers(1, 5000),
       n=st.integers(1, 400))
def test_step_values_floats(rb, low, span, parts, n):
    values = rb.step_values(low, low + span, span / parts, low, n)
    assert len(values) == n
    assert all(low - 1e-9 <= v <= low + span + 1e-9 and math.isfinite(v) for v in values)
    assert all(a != b for a, b in zip(values, values[1:], strict=False))


@pytest.mark.parametrize("bad", [(5, 5, 1, 5, 3), (0, 10, 1, 0, 0), (0, 1, 5, 0, 3)])
def test_step_values_rejects_impossible_inputs(rb, bad):
    with pytest.raises(ValueError):
        rb.step_values(*bad)
