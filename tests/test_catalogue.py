"""helpers.catalogue finds every app and the controls a learner can move, for the tests and the
benchmark alike."""

from __future__ import annotations

import math
import re
from pathlib import Path

import ipywidgets as widgets
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.appbase import App
from helpers.apps.start import PainScaleApp
from helpers.catalogue import (
    close_app,
    control_values,
    discover_apps,
    find_controls,
    find_figures,
    step_values,
)
from helpers.style import new_figure

TESTS = Path(__file__).resolve().parent


def test_discovery_finds_the_start_page_app_and_skips_bases():
    apps, skipped = discover_apps()
    assert PainScaleApp in apps
    assert App not in apps
    assert all(not cls.__name__.startswith("_") for cls in apps)
    assert all(reason for _name, reason in skipped)


def test_controls_and_figures_of_the_start_app():
    app = PainScaleApp()
    controls = find_controls(app)
    assert [(c.name, c.kind) for c in controls] == [("slider", "slider")]
    assert find_figures(app) == [app.fig]
    close_app(app)


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


def test_find_controls_rules():
    app = _Toy()
    assert [(c.name, c.kind) for c in find_controls(app)] == [
        ("sliders[a]", "slider"), ("pick", "choice")]
    close_app(app)


def test_choice_values_cycle_through_options():
    app = _Toy()
    pick = [c for c in find_controls(app) if c.kind == "choice"][0]
    assert control_values(pick, 5) == [1, 0, 1, 0, 1]
    close_app(app)


@settings(max_examples=100, deadline=None)
@given(
    low=st.integers(-1000, 1000),
    span=st.integers(1, 10**6),
    step=st.integers(1, 1000),
    frac=st.floats(0, 1),
    n=st.integers(1, 400),
)
def test_step_values_stay_on_the_grid_and_always_move(low, span, step, frac, n):
    high = low + max(span, step)
    current = low + round(frac * (high - low))
    values = step_values(low, high, step, current, n)
    assert len(values) == n
    assert all(low <= v <= high and (v - low) % step == 0 for v in values)
    assert all(a != b for a, b in zip([current, *values], values, strict=False))


@settings(max_examples=100, deadline=None)
@given(low=st.floats(-100, 100), span=st.floats(0.01, 1000), parts=st.integers(1, 5000),
       n=st.integers(1, 400))
def test_step_values_floats(low, span, parts, n):
    values = step_values(low, low + span, span / parts, low, n)
    assert len(values) == n
    assert all(low - 1e-9 <= v <= low + span + 1e-9 and math.isfinite(v) for v in values)
    assert all(a != b for a, b in zip(values, values[1:], strict=False))


@pytest.mark.parametrize("bad", [(5, 5, 1, 5, 3), (0, 10, 1, 0, 0), (0, 1, 5, 0, 3)])
def test_step_values_rejects_impossible_inputs(bad):
    with pytest.raises(ValueError):
        step_values(*bad)


def test_no_test_module_but_the_benchmark_tests_loads_a_bench_script():
    # tests find apps and controls through helpers.catalogue; only the benchmark's own tests
    # (test_bench_*.py) load bench/ scripts
    for path in sorted(TESTS.rglob("*.py")):
        if path.name.startswith("test_bench_"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""["'/]bench["'/]|^\s*(from|import) bench\b""", text, re.M), (
            f"{path.relative_to(TESTS)} depends on bench/; use helpers.catalogue")
