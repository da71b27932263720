"""Figures for lesson 07: post-test probability curves with a Fagan nomogram, and the
"which features fit?" bar chart.

Drawing functions take axes and data (rows, model results) and return the artists they made;
update functions move those artists. Nothing here loads a table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.patches import Polygon

from helpers.models import diagnosis as dx
from helpers.style import PALETTE

GREY = "#999999"

#: Probabilities (percent) labelled on the nomogram's outer axes.
NOMOGRAM_PERCENTS = (0.1, 0.5, 1, 2, 5, 10, 20, 30, 50, 70, 80, 90, 95, 98, 99, 99.5, 99.9)
#: Likelihood ratios labelled on its middle axis.
NOMOGRAM_RATIOS = (0.001, 0.01, 0.1, 1, 10, 100, 1000)

POSITIVE = {"color": PALETTE["vermillion"], "linestyle": "-", "marker": "^"}
NEGATIVE = {"color": PALETTE["blue"], "linestyle": "--", "marker": "v"}


def _fmt_percent(p: float) -> str:
    return f"{p:g}"


# --------------------------------------------------------------------------------------------
# Post-test probability: curves and Fagan nomogram
# --------------------------------------------------------------------------------------------


@dataclass
class ResultArtists:
    """Artists of the test-result figure (curves panel and nomogram panel)."""

    positive_curve: object
    negative_curve: object
    positive_band: object
    negative_band: object
    pre_line: object
    positive_point: object
    negative_point: object
    nomogram_positive: object
    nomogram_negative: object
    nomogram_pre: object
    off_scale: object
    diagonal: object = None
    legend: object = None

    def moving(self) -> list:
        """The artists that move."""
        return [self.positive_band, self.negative_band, self.positive_curve,
                self.negative_curve, self.pre_line, self.positive_point, self.negative_point,
                self.nomogram_positive, self.nomogram_negative, self.nomogram_pre,
                self.off_scale]


def _band_xy(pre, low, high) -> np.ndarray:
    x = 100 * np.concatenate([pre, pre[::-1]])
    y = 100 * np.concatenate([low, high[::-1]])
    return np.column_stack([x, y])


def _draw_nomogram_axes(ax) -> None:
    """The three scales of a Fagan nomogram, in log-odds units (static)."""
    lo, hi = -8.4, 7.2
    for x in (0.0, 0.5, 1.0):
        ax.plot([x, x], [-6.95, 6.95], color=PALETTE["black"], linestyle="-", linewidth=1.2)
    for pct in NOMOGRAM_PERCENTS:
        y = float(dx.logit(pct / 100))
        ax.plot([0, -0.03], [-y, -y], color=PALETTE["black"], linestyle="-", linewidth=0.8)
        ax.text(-0.05, -y, _fmt_percent(pct), ha="right", va="center", fontsize=7)
        ax.plot([1, 1.03], [y, y], color=PALETTE["black"], linestyle="-", linewidth=0.8)
        ax.text(1.05, y, _fmt_percent(pct), ha="left", va="center", fontsize=7)
    for lr in NOMOGRAM_RATIOS:
        y = math.log(lr) / 2
        ax.plot([0.47, 0.53], [y, y], color=PALETTE["black"], linestyle="-", linewidth=0.8)
        ax.text(0.55, y, f"{lr:g}", ha="left", va="center", fontsize=7)
    ax.text(0.0, hi + 0.4, "pre-test\n(%)", ha="center", va="bottom", fontsize=8)
    ax.text(0.5, hi + 0.4, "likelihood\nratio", ha="center", va="bottom", fontsize=8)
    ax.text(1.0, hi + 0.4, "post-test\n(%)", ha="center", va="bottom", fontsize=8)
    ax.set_xlim(-0.32, 1.3)
    ax.set_ylim(lo, hi + 2.2)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("probability (%); likelihood ratio (no unit)")
    ax.set_title("Fagan nomogram")


def draw_test(ax_curves, ax_nomogram, outcome: dx.DiagnosticOutcome, curves: dict,
              bands: dict, ax_legend=None) -> ResultArtists:
    """Post-test probability against pre-test probability for both results (with the range the
    study's size allows as shaded bands), and the same reasoning on a Fagan nomogram.

    ``outcome`` is a :class:`helpers.models.diagnosis.DiagnosticOutcome`; ``curves`` comes from
    :func:`~helpers.models.diagnosis.post_test_curves` and ``bands`` from
    :func:`~helpers.models.diagnosis.post_test_bands`. With ``ax_legend`` the legend of the
    curves goes into that (otherwise empty) axes, out of the way of the moving bands.
    """
    ax = ax_curves
    # under the bands (zorder 1), so a step redraws the bands and what lies above them only
    (diagonal,) = ax.plot([0, 100], [0, 100], color=GREY, linestyle=":", linewidth=1.5,
                          label="no test (post = pre)", zorder=0.9)
    pos_band = Polygon(np.zeros((2, 2)), closed=True, facecolor=POSITIVE["color"], alpha=0.18,
                       hatch="//", edgecolor=POSITIVE["color"], linewidth=0,
                       label="range allowed by the study's size")
    neg_band = Polygon(np.zeros((2, 2)), closed=True, facecolor=NEGATIVE["color"], alpha=0.18,
                       hatch="\\\\", edgecolor=NEGATIVE["color"], linewidth=0)
    ax.add_patch(pos_band)
    ax.add_patch(neg_band)
    (pos_curve,) = ax.plot([], [], color=POSITIVE["color"], linestyle="-", linewidth=2.2,
                           label="after a positive result")
    (neg_curve,) = ax.plot([], [], color=NEGATIVE["color"], linestyle="--", linewidth=2.2,
                           label="after a negative result")
    pre_line = ax.axvline(50, color=PALETTE["black"], linestyle="-.", linewidth=1)
    (pos_point,) = ax.plot([], [], linestyle="none", marker="^", markersize=10,
                           color=POSITIVE["color"], markeredgecolor=PALETTE["black"])
    (neg_point,) = ax.plot([], [], linestyle="none", marker="v", markersize=10,
                           color=NEGATIVE["color"], markeredgecolor=PALETTE["black"])
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel("pre-test probability (%)")
    ax.set_ylabel("post-test probability (%)")
    ax.set_title("What one test result does")
    if ax_legend is None:
        legend = ax.legend(loc="lower right", fontsize=8)
    else:  # a legend in its own axes stays in the saved picture and is never redrawn
        handles, labels = ax.get_legend_handles_labels()
        ax_legend.set_axis_off()
        legend = ax_legend.legend(handles, labels, loc="center", ncols=2, fontsize=8,
                                  frameon=False)

    _draw_nomogram_axes(ax_nomogram)
    # above the scales' labels (zorder 3), so a step redraws these lines only
    (nomo_pos,) = ax_nomogram.plot([], [], color=POSITIVE["color"], linestyle="-",
                                   linewidth=2, marker="^", markevery=[2], markersize=8, zorder=4)
    (nomo_neg,) = ax_nomogram.plot([], [], color=NEGATIVE["color"], linestyle="--",
                                   linewidth=2, marker="v", markevery=[2], markersize=8, zorder=4)
    (nomo_pre,) = ax_nomogram.plot([], [], linestyle="none", marker="o", markersize=7,
                                   color=PALETTE["black"], zorder=4)
    off = ax_nomogram.text(0.5, -7.5, "", ha="center", va="top", fontsize=8,
                           color=POSITIVE["color"], zorder=4)
    art = ResultArtists(pos_curve, neg_curve, pos_band, neg_band, pre_line, pos_point, neg_point,
                      nomo_pos, nomo_neg, nomo_pre, off, diagonal, legend)
    update_test(art, outcome, curves, bands)
    return art


def update_test(art: ResultArtists, outcome: dx.DiagnosticOutcome, curves: dict | None = None,
                bands: dict | None = None) -> bool:
    """Move the artists to ``outcome`` (and to new curves and bands when a test changes);
    False: the axes stay as drawn, redrawing the moving artists is enough."""
    if curves is not None:
        art.positive_curve.set_data(100 * curves["pre_test"], 100 * curves["positive"])
        art.negative_curve.set_data(100 * curves["pre_test"], 100 * curves["negative"])
    if bands is not None:
        art.positive_band.set_xy(_band_xy(bands["pre_test"], bands["positive_low"],
                                          bands["positive_high"]))
        art.negative_band.set_xy(_band_xy(bands["pre_test"], bands["negative_low"],
                                          bands["negative_high"]))
    pre = 100 * outcome.pre_test
    art.pre_line.set_xdata([pre, pre])
    art.positive_point.set_data([pre], [100 * outcome.post_positive])
    art.negative_point.set_data([pre], [100 * outcome.post_negative])
    pos = dx.fagan_positions(outcome.pre_test, outcome.lr_positive)
    neg = dx.fagan_positions(outcome.pre_test, outcome.lr_negative)
    art.nomogram_positive.set_data([0, 0.5, 1], [pos["left"], pos["middle"], pos["right"]])
    art.nomogram_negative.set_data([0, 0.5, 1], [neg["left"], neg["middle"], neg["right"]])
    art.nomogram_pre.set_data([0], [pos["left"]])
    art.off_scale.set_text("positive result: off the scale (LR+ infinite)" if pos["clipped"] else "")
    return False


# --------------------------------------------------------------------------------------------
# Which features fit?
# --------------------------------------------------------------------------------------------


@dataclass
class FindingsArtists:
    """Bars (one per condition, in table order from the top) and their count labels."""

    condition_ids: list
    bars: object
    labels: list


def draw_findings(ax, conditions, match: dx.FindingsMatch) -> FindingsArtists:
    """Horizontal bars: for each condition, how many ticked findings point to it.

    Conditions with a red flag are drawn vermillion with diagonal hatching and marked
    "(red flag)" in their label; the others blue and plain. ``conditions`` are rows of
    ``data/heel_pain_conditions.csv``; the axis runs to the most findings any condition has.
    """
    ids = [c["condition_id"] for c in conditions]
    y = np.arange(len(ids))[::-1]
    flagged = [bool(dx.split_ids(c["red_flags"])) for c in conditions]
    colours = [PALETTE["vermillion"] if f else PALETTE["blue"] for f in flagged]
    bars = ax.barh(y, np.zeros(len(ids)), color=colours, edgecolor=PALETTE["black"], height=0.6)
    for bar, f in zip(bars, flagged):
        bar.set_hatch("//" if f else "")
    names = [f"{c['label']} (red flag)" if f else c["label"] for c, f in zip(conditions, flagged)]
    ax.set_yticks(y, names, fontsize=8)
    top = max(len(dx.split_ids(c["findings"])) for c in conditions)
    labels = [ax.text(0, yy, "", va="center", ha="left", fontsize=8) for yy in y]
    ax.set_xlim(0, top + 0.6)
    ax.set_xticks(range(top + 1))
    ax.set_ylim(-0.7, len(ids) - 0.3)
    ax.set_xlabel("ticked findings that point to it (a count, not a probability)")
    ax.set_title("Which conditions do the ticked findings point to?")
    art = FindingsArtists(ids, bars, labels)
    update_findings(art, match)
    return art


def update_findings(art: FindingsArtists, match: dx.FindingsMatch) -> bool:
    """Set each bar to its count and label it; False: the axis stays as drawn."""
    for cid, bar, label in zip(art.condition_ids, art.bars, art.labels):
        n = match.counts.get(cid, 0)
        bar.set_width(n)
        label.set_position((n + 0.08, bar.get_y() + bar.get_height() / 2))
        label.set_text(str(n) if n else "")
    return False
