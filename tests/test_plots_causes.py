"""Tests for helpers.plots.causes: drawings are to scale, labelled, and updated in place."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import helpers as hp  # noqa: E402
from helpers.models import mechanics as mech  # noqa: E402
from helpers.plots import causes as pc  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_thickness_panel_is_to_scale_with_sourced_values():
    fig, ax = hp.new_figure()
    art = pc.draw_thickness(ax)
    t = hp.load_table("tissue_properties").by("quantity")
    assert art["healthy"].get_height() == pytest.approx(3.0)
    assert art["painful"].get_height() == pytest.approx(3.0 + t["thickness_difference_heel_pain"]["value"])
    assert art["cutoff"].get_ydata()[0] == t["thickness_cutoff"]["value"]
    assert ax.get_aspect() == 1.0


def test_anatomy_has_every_structure_labelled():
    fig, ax = hp.new_figure()
    art = pc.draw_anatomy(ax)
    assert set(art.parts) == set(pc.STRUCTURES) == set(art.labels)
    assert len(art.parts["fascia"]) == 6  # main band and five slips
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_forest_plot_groups_rows_and_uses_log_axis():
    from helpers.apps.causes import FACTOR_LABELS, risk_factor_rows

    fig, ax = hp.new_figure()
    rows = risk_factor_rows()
    art = pc.draw_forest(ax, rows, FACTOR_LABELS)
    assert ax.get_xscale() == "log"
    assert len(art.rows) == len(rows)
    assert set(art.headers) == {r["factor"] for r in rows}
    # rows of one factor are contiguous
    order = [r["factor"] for r in art.rows]
    assert order == sorted(order, key=list(FACTOR_LABELS).index)
    with_or = [r for r in rows if r["odds_ratio"] is not None]
    plotted = [row["marker"].get_xdata()[0] for row in art.rows if len(row["marker"].get_xdata())]
    assert sorted(plotted) == sorted(r["odds_ratio"] for r in with_or)


def test_truss_update_moves_artists_in_place():
    fig, (a1, a2) = hp.new_figure(1, 2)
    art = pc.draw_truss(a1, a2, mech.truss(70))
    n_lines = len(a1.lines)
    pc.update_truss(art, mech.truss(140, 20, load_case="walking_peak"))
    assert len(a1.lines) == n_lines
    assert art.bars[0].get_height() == pytest.approx(mech.truss(140, 20, load_case="walking_peak").tension_n)
    assert a2.get_ylim()[1] >= art.bars[0].get_height()


def test_first_steps_time_axis_is_fixed_at_the_longest_walk():
    fig, ax = hp.new_figure()
    art = pc.draw_first_steps(ax, mech.first_steps(30, 5, 800), max_walk_min=10)
    xlim = ax.get_xlim()
    assert xlim[0] <= 0 and xlim[1] == pytest.approx(10 * 1.02)
    for walk in (0.5, 9, 10):
        pc.update_first_steps(art, mech.first_steps(30, walk, 800))
        assert ax.get_xlim() == xlim  # the axis does not follow the walk
        t = art.peaks.get_xdata()
        assert xlim[0] <= np.min(t) and np.max(t) <= walk <= xlim[1]
