"""The benchmark harness (bench/run_bench.py) times a few steps of an app's controls (finding
the apps and controls is tested in test_catalogue.py).

No timing is asserted: only that the harness runs and returns finite numbers.
"""

from __future__ import annotations

import math
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pytest

from helpers.appbase import App
from helpers.apps.start import PainScaleApp
from helpers.catalogue import close_app, control_values, find_controls
from helpers.style import new_figure
from support import load_script

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rb():
    return load_script(ROOT / "bench" / "run_bench.py")


def test_one_timing_call_returns_finite_numbers(rb):
    app = PainScaleApp()
    control = find_controls(app)[0]
    values = control_values(control, 4)
    ms, redraws = rb.time_control(PainScaleApp, app, control, values, replot_steps=3, warmup=1)
    for kind in ("wall", "callback", "cpu", "replot", "replot_cpu"):
        assert ms[kind].shape == (3,) and np.all(np.isfinite(ms[kind])) and np.all(ms[kind] >= 0)
    assert np.all(ms["wall"] > 0) and np.all(ms["callback"] <= ms["wall"])
    # the figure follows the slider by blitting: no full-redraw request, a blit every step
    assert redraws == 0.0 and ms["blitted"].tolist() == [1, 1, 1]
    assert app.result.score == values[-1]
    close_app(app)


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


class _Blitter(App):
    """Moves its line by blitting: restore the background, draw the line, blit; no draw_idle."""

    def __init__(self):
        self.fig, self.ax = new_figure()
        (self.line,) = self.ax.plot([0, 1], [0, 0])
        self.slider = widgets.FloatSlider(min=0, max=1, step=0.1)
        self.slider.observe(self._on, names="value")
        self.widget = widgets.VBox([self.slider])
        self.finish("blitter")
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
    control = find_controls(app)[0]
    ms, redraws = rb.time_control(_Blitter, app, control, control_values(control, 4), warmup=1)
    assert redraws == 0 and app.draws == 0 and np.all(np.isfinite(ms["wall"]))
    close_app(app)


class _Quiet(_Blitter):
    """A step that changes nothing on the figure (no blit, no request, nothing stale), or one
    that changes a line and leaves the figure stale without asking for a draw."""

    def _on(self, change):
        if round(change["new"] * 10) % 2:  # odd tenths: stale, a notebook would redraw it
            self.ax.set_title(f"value {change['new']:.1f}")


def test_only_requested_or_stale_figures_are_drawn_after_a_step(rb):
    app = _Quiet()
    control = find_controls(app)[0]
    values = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    ms, redraws = rb.time_control(_Quiet, app, control, values, warmup=0)
    odd = [round(v * 10) % 2 for v in values]
    assert 0 < sum(odd) < len(odd)
    assert ms["full"].tolist() == odd  # drawn exactly when the step left the figure stale
    assert app.draws == sum(odd) and redraws == 0 and ms["blitted"].sum() == 0
    close_app(app)
