"""No app leaves its figure marked out of date (``figure.stale``) after a draw or a step.

In a notebook, every widget message ends with pyplot's post-execute hook, which redraws each
stale figure in full; ipympl answers that redraw with another widget message. A figure that
its own drawing (or a step's measuring) leaves stale is therefore redrawn over and over: in
lesson 05 that made each slider step take about 1.5 s in the browser. Every app and every
control found by the benchmark harness is checked here, on Agg, where a requested draw
happens at once.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from helpers.testing import load_script

ROOT = Path(__file__).resolve().parent.parent


RB = load_script(ROOT / "bench" / "run_bench.py")
APPS, _ = RB.discover_apps()


@pytest.mark.parametrize("cls", APPS, ids=RB.app_label)
def test_figures_are_up_to_date_after_every_draw_and_step(cls):
    app = cls()
    try:
        figs = RB.find_figures(app)
        for fig in figs:
            fig.canvas.draw()
            assert not fig.stale, f"{RB.app_label(cls)}: its figure is stale right after a draw"
        for control in RB.find_controls(app):
            for value in RB.control_values(control, 6):
                RB.set_control(control, value)
                stale = [fig for fig in figs if fig.stale]
                assert not stale, (
                    f"{RB.app_label(cls)}: {control.label} = {value!r} left its figure stale; "
                    "in a notebook it would be redrawn in full after every widget message"
                )
    finally:
        for fig in RB.find_figures(app):
            plt.close(fig)
