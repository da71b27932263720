"""No app leaves its figure marked out of date (``figure.stale``) after a draw or a step.

In a notebook, every widget message ends with pyplot's post-execute hook, which redraws each
stale figure in full; ipympl answers that redraw with another widget message. A figure that
its own drawing (or a step's measuring) leaves stale is therefore redrawn over and over: in
lesson 05 that made each slider step take about 1.5 s in the browser. Every app and every
control found by helpers.catalogue (as the benchmark finds them) is checked here, on Agg, where
a requested draw happens at once.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from helpers import catalogue

APPS, _ = catalogue.discover_apps()


@pytest.mark.parametrize("cls", APPS, ids=catalogue.app_label)
def test_figures_are_up_to_date_after_every_draw_and_step(cls):
    app = cls()
    try:
        figs = catalogue.find_figures(app)
        for fig in figs:
            fig.canvas.draw()
            assert not fig.stale, f"{catalogue.app_label(cls)}: its figure is stale right after a draw"
        for control in catalogue.find_controls(app):
            for value in catalogue.control_values(control, 6):
                catalogue.set_control(control, value)
                stale = [fig for fig in figs if fig.stale]
                assert not stale, (
                    f"{catalogue.app_label(cls)}: {control.label} = {value!r} left its figure stale; "
                    "in a notebook it would be redrawn in full after every widget message"
                )
    finally:
        for fig in catalogue.find_figures(app):
            plt.close(fig)
