"""Figures for lesson 05: the simulated study and the trial results.

Drawing functions take axes, draw once and return the artists they made; ``update_*`` functions
change those artists in place (for widgets). Colours come from the course palette and every
colour distinction is doubled by a marker, a line style or a hatch.
"""

from __future__ import annotations

import math
import textwrap

import matplotlib as mpl
import numpy as np

from helpers.models import evidence as ev
from helpers.style import PALETTE, series

TREATED_STYLE = {"color": PALETTE["blue"], "linestyle": "-", "marker": "o"}
CONTROL_STYLE = {"color": PALETTE["vermillion"], "linestyle": "--", "marker": "s"}

ESTIMATE_LABELS = (
    "True effect\n(you set it)",
    "Before/after,\ntreated group only",
    "Randomised\ncomparison",
)
ESTIMATE_STYLE = (
    {"color": PALETTE["black"], "hatch": ""},
    {"color": PALETTE["orange"], "hatch": "//"},
    {"color": PALETTE["sky"], "hatch": ".."},
)


# --------------------------------------------------------------------------------------------
# the simulation
# --------------------------------------------------------------------------------------------

#: Ranges the two panels start with: the 0 to 10 score, and room for the true effect the
#: slider sets (-2 to 4 points) with its number beside the bar.
GROUP_LIMITS = (0.0, 10.0)
ESTIMATE_LIMITS = (-2.5, 5.0)
#: A range that must widen does so in steps of this many points, so the axes change (and the
#: whole figure is redrawn) only at a few ranges in a session, not at every whole point.
LIMIT_STEP_POINTS = 5.0


def _widen(lo: float, hi: float, vmin: float, vmax: float, pad) -> tuple:
    """``(lo, hi)``, each end moved out in steps of ``LIMIT_STEP_POINTS`` until every value in
    ``[vmin, vmax]`` sits at least ``pad(hi - lo)`` points inside it."""
    while True:
        margin = pad(hi - lo)
        if vmin - margin < lo:
            lo = LIMIT_STEP_POINTS * (math.ceil(lo / LIMIT_STEP_POINTS) - 1)
        elif vmax + margin > hi:
            hi = LIMIT_STEP_POINTS * (math.floor(hi / LIMIT_STEP_POINTS) + 1)
        else:
            return float(lo), float(hi)


def _group_limits(result: ev.CohortResult):
    """Limits of the left panel: the 0 to 10 score, widened in steps of 5 points when a value
    needs it.

    Scores in the model are not cut off at 0 and 10 (the lesson says so), so a follow-up average
    can fall below 0 (a large effect after long recovery) or a screening average pass 10 (a high
    threshold with much noise); the axis then shows it rather than cutting it off. Every value
    keeps half a point from the edge, so its marker is drawn whole.
    """
    values = [
        result.mean_baseline_treated, result.mean_followup_treated,
        result.mean_baseline_control, result.mean_followup_control,
        result.settings.enrol_threshold_points, result.screened_mean_points,
    ]
    return _widen(*GROUP_LIMITS, min(values), max(values), lambda span: 0.5)


def _estimate_limits(result: ev.CohortResult):
    """Limits of the right panel: -2.5 to 5 points, widened in steps of 5 points when needed.

    Every value, the confidence interval's ends and 0 keep a margin of 6% of the range (at
    least half a point) from the edges, which holds the number written over each bar.
    """
    lo_ci, hi_ci = result.randomised_ci_points
    values = [
        result.true_effect_points, result.before_after_points, result.randomised_points,
        lo_ci, hi_ci, 0.0,
    ]
    return _widen(*ESTIMATE_LIMITS, min(values), max(values),
                  lambda span: max(0.5, 0.06 * span))


def _ticks(lo: float, hi: float, steps) -> np.ndarray:
    """Ticks at the first of ``steps`` that leaves at most 9 of them in ``[lo, hi]``.

    Fixed by the limits alone (not by the panel's size in pixels, as matplotlib's automatic
    ticks are), so one range always looks the same.
    """
    for step in steps:
        if (hi - lo) / step <= 8.5:
            break
    return np.arange(math.ceil(lo / step), math.floor(hi / step) + 1) * step


def _set_group_limits(ax, limits) -> None:
    ax.set_ylim(*limits)
    ax.set_yticks(_ticks(*limits, (2.0, 5.0, 10.0)))


def _set_estimate_limits(ax, limits) -> None:
    ax.set_xlim(*limits)
    ax.set_xticks(_ticks(*limits, (1.0, 2.0, 5.0, 10.0)))


def _follow_up_label(months: float) -> str:
    return f"({months:g} months)"


def draw_simulation(ax_groups, ax_estimates, result: ev.CohortResult) -> dict:
    """Draw the group averages (left) and the three effect estimates (right), with one key
    (``"legend"``, a figure legend) below both panels.

    Returns a dict of the artists, for :func:`update_simulation`.
    """
    s = result.settings
    x = np.array([0.0, 1.0])
    a = {}
    (a["treated_line"],) = ax_groups.plot(
        x, [result.mean_baseline_treated, result.mean_followup_treated],
        label="Treated group", markersize=8, **TREATED_STYLE,
    )
    (a["control_line"],) = ax_groups.plot(
        x, [result.mean_baseline_control, result.mean_followup_control],
        label="Untreated group", markersize=8, **CONTROL_STYLE,
    )
    a["threshold_line"] = ax_groups.axhline(
        s.enrol_threshold_points, color=PALETTE["green"], linestyle="-.", linewidth=1.5,
        label="Enrolment threshold",
    )
    a["population_line"] = ax_groups.axhline(
        result.screened_mean_points, color=PALETTE["black"], linestyle=":", linewidth=1.5,
        label="Average of everyone screened",
    )
    ax_groups.set_xticks(x)
    # the tick label keeps an empty second line; the months are a separate text drawn in it, so
    # moving the follow-up slider changes one text, not the axis
    ax_groups.set_xticklabels(["Enrolment", "Follow-up\n"])
    a["follow_up_text"] = ax_groups.annotate(
        _follow_up_label(s.follow_up_months), xy=(0.5, 0.0),
        xycoords=lambda renderer: ax_groups.xaxis.get_ticklabels()[1].get_window_extent(renderer),
        ha="center", va="bottom", fontsize=mpl.rcParams["xtick.labelsize"],
        annotation_clip=False,
    )
    a["follow_up_text"].set_in_layout(False)
    ax_groups.set_xlim(-0.3, 1.3)
    _set_group_limits(ax_groups, _group_limits(result))
    ax_groups.set_ylabel("Average pain score (0 to 10 points)")
    ax_groups.set_xlabel("Visit")
    ax_groups.set_title("Average pain in each group")

    values = [result.true_effect_points, result.before_after_points, result.randomised_points]
    y = np.array([2.0, 1.0, 0.0])
    bars = ax_estimates.barh(y, values, height=0.6, edgecolor=PALETTE["black"], linewidth=1)
    for bar, style in zip(bars, ESTIMATE_STYLE):
        bar.set_facecolor(style["color"])
        bar.set_hatch(style["hatch"])
    a["estimate_bars"] = list(bars)
    lo, hi = result.randomised_ci_points
    (a["ci_line"],) = ax_estimates.plot(
        [lo, hi], [0.0, 0.0], color=PALETTE["black"], linestyle="-", linewidth=2,
        marker="|", markersize=14, label="95% confidence interval",
    )
    a["zero_line"] = ax_estimates.axvline(0.0, color=PALETTE["black"], linewidth=0.8)
    a["value_texts"] = [
        ax_estimates.text(v, yy + 0.38, f"{v:.2f}", ha="center", va="bottom", fontsize=9)
        for v, yy in zip(values, y)
    ]
    for text in a["value_texts"]:
        text.set_in_layout(False)  # the layout must not depend on where a moving number sits
    ax_estimates.set_yticks(y)
    ax_estimates.set_yticklabels(ESTIMATE_LABELS, fontsize=9)
    ax_estimates.set_ylim(-0.6, 2.9)
    _set_estimate_limits(ax_estimates, _estimate_limits(result))
    ax_estimates.set_xlabel("Estimated effect (points of pain; positive = better)")
    ax_estimates.set_title("What each study design would report")
    # one key for both panels, below them (outside both axes: nothing that moves can reach
    # it, so a widget never has to redraw it over the data)
    a["legend"] = ax_groups.figure.legend(
        handles=[a["treated_line"], a["control_line"], a["threshold_line"],
                 a["population_line"], a["ci_line"]],
        loc="outside lower center", ncols=5, fontsize=8, frameon=False,
    )
    return a


def overlaps(box, artist, renderer, pad_px: float = 4.0) -> bool:
    """True when ``artist`` is drawn within ``pad_px`` pixels of ``box`` (a Bbox in pixels).

    A blitting widget uses it to decide whether a static artist (a legend, whose window extent
    is ``box``) must be redrawn on top of the moving ones: where their boxes do not meet,
    drawing order cannot matter. The pad covers line widths, marker edges and antialiasing,
    which the extents leave out.
    """
    return bool(box.padded(pad_px).overlaps(artist.get_window_extent(renderer)))


def update_simulation(artists: dict, ax_groups, ax_estimates, result: ev.CohortResult) -> bool:
    """Move the artists of :func:`draw_simulation` to a new result (no new artists).

    Returns True when an axis range changed too (the static parts of the figure must then be
    redrawn), False when only artists inside the two panels moved.
    """
    s = result.settings
    artists["treated_line"].set_ydata([result.mean_baseline_treated, result.mean_followup_treated])
    artists["control_line"].set_ydata([result.mean_baseline_control, result.mean_followup_control])
    artists["threshold_line"].set_ydata([s.enrol_threshold_points] * 2)
    artists["population_line"].set_ydata([result.screened_mean_points] * 2)
    artists["follow_up_text"].set_text(_follow_up_label(s.follow_up_months))
    values = [result.true_effect_points, result.before_after_points, result.randomised_points]
    for bar, text, v in zip(artists["estimate_bars"], artists["value_texts"], values):
        bar.set_width(v)
        text.set_x(v)
        text.set_text(f"{v:.2f}")
    lo, hi = result.randomised_ci_points
    artists["ci_line"].set_xdata([lo, hi])
    changed = False
    group_limits, estimate_limits = _group_limits(result), _estimate_limits(result)
    if tuple(ax_groups.get_ylim()) != group_limits:
        _set_group_limits(ax_groups, group_limits)
        changed = True
    if tuple(ax_estimates.get_xlim()) != estimate_limits:
        _set_estimate_limits(ax_estimates, estimate_limits)
        changed = True
    return changed


def simulation_limits(ax_groups, ax_estimates) -> tuple:
    """The two panels' ranges, ``((y0, y1), (x0, x1))``: with the fixed titles, labels and key,
    they decide everything static in the simulation figure (its ticks and its layout)."""
    return tuple(map(float, ax_groups.get_ylim())), tuple(map(float, ax_estimates.get_xlim()))


# --------------------------------------------------------------------------------------------
# the trials
# --------------------------------------------------------------------------------------------

def trial_style(trial: str, names) -> dict:
    """Colour and marker of one trial (the same in every panel): its place in ``names``, the
    trials in table order (:func:`helpers.models.evidence.trial_names`)."""
    return series(list(names).index(trial))


def _row_label(row) -> str:
    label = row["follow_up"].split(" (")[0]
    if row["results_status"] == "S":
        label += "\n[summary]"
    return textwrap.fill(label, 16)


def _panel_limits(values):
    lo, hi = min(values + [0.0]), max(values + [0.0])
    pad = 0.12 * max(hi - lo, 1.0)
    return lo - pad, hi + pad


def draw_trials(axes, rows, text_ax=None) -> dict:
    """One panel per outcome scale with every plotted result among ``rows`` (the rows of
    ``data/trials.csv``, :func:`helpers.models.evidence.load_trials`; nothing is loaded here).

    ``axes`` must have at least as many axes as :func:`helpers.models.evidence.plotted_scales`;
    spare axes are hidden. ``text_ax`` (optional) lists results with no plottable number.

    Returns ``{"by_trial": {trial: [artists]}, "points": [(result_id, what, x)], "panels":
    {scale: ax}}``: every plotted x value is recorded in ``points`` so a test can check it
    against the data file.
    """
    axes = list(np.ravel(axes))
    table = list(rows)
    scales = ev.plotted_scales(table)
    names = ev.trial_names(rows=table)
    if len(axes) < len(scales):
        raise ValueError(f"draw_trials needs {len(scales)} axes; got {len(axes)}")
    by_trial: dict = {}
    points: list = []
    panels: dict = {}
    for ax, scale in zip(axes, scales):
        rows = [r for r in table
                if r["outcome_scale"] == scale and r["result_kind"] in ev.PLOTTED_KINDS]
        panels[scale] = ax
        labels = []
        xs = []
        for i, row in enumerate(rows):
            y = float(len(rows) - 1 - i)
            labels.append((y, _row_label(row)))
            style = trial_style(row["trial"], names)
            dotted = row["results_status"] == "S"
            made = []
            if row["result_kind"] == "difference between groups":
                parts = [(0.0, "estimate", "ci_low", "ci_high", "full")]
            else:
                parts = [
                    (0.15, "estimate", "ci_low", "ci_high", "full"),
                    (-0.15, "comparison_estimate", "comparison_ci_low", "comparison_ci_high", "none"),
                ]
            for dy, key, lo, hi, fill in parts:
                if row[key] is None:
                    continue
                (pt,) = ax.plot(
                    [row[key]], [y + dy], linestyle="none", marker=style["marker"],
                    color=style["color"], markersize=8, fillstyle=fill, zorder=3,
                )
                made.append(pt)
                points.append((row["result_id"], key, row[key]))
                xs.append(row[key])
                if row[lo] is not None:
                    (ci,) = ax.plot(
                        [row[lo], row[hi]], [y + dy, y + dy], color=style["color"],
                        linestyle=":" if dotted else "-", linewidth=2,
                    )
                    made.append(ci)
                    points += [(row["result_id"], lo, row[lo]), (row["result_id"], hi, row[hi])]
                    xs += [row[lo], row[hi]]
            by_trial.setdefault(row["trial"], []).extend(made)
        ax.axvline(0.0, color=PALETTE["black"], linewidth=0.8)
        swc_rows = [r for r in rows if r["swc"] is not None]
        if swc_rows:
            r0 = swc_rows[0]
            x_swc = r0["swc"] if r0["favours_treatment_when"] == "higher" else -r0["swc"]
            ax.axvline(
                x_swc, color=PALETTE["green"], linestyle="--", linewidth=1.5,
                label=f"smallest important change\n(within a person): {r0['swc']:g}",
            )
            points.append((r0["result_id"], "swc", x_swc))
            xs.append(x_swc)
            ax.legend(loc="best", fontsize=7, frameon=True, framealpha=0.9)
        ax.set_yticks([y for y, _ in labels])
        ax.set_yticklabels([t for _, t in labels], fontsize=8)
        ax.set_ylabel("time point", fontsize=8)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_xlim(*_panel_limits(xs))
        kind = rows[0]["result_kind"]
        unit = scale[scale.index("(") + 1: scale.rindex(")")] if "(" in scale else "points"
        if kind == "difference between groups":
            xlabel = f"difference between groups ({unit})"
        elif kind == "change in each group":
            xlabel = f"change in each group ({unit})"
        else:
            xlabel = f"reduction in each group ({unit})"
        ax.set_xlabel(xlabel, fontsize=8)
        direction = rows[0]["favours_treatment_when"]
        arrow = "better with treatment \u2192" if direction == "higher" else "\u2190 better with treatment"
        trials = ", ".join(dict.fromkeys(r["trial"] for r in rows))
        ax.set_title(f"{trials}: {scale.split(' (')[0]}\n({arrow})", fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
    for ax in axes[len(scales):]:
        ax.set_axis_off()
    if text_ax is not None:
        lines = ["No number to plot:"]
        for row in ev.unplotted_rows(table):
            lines.append(f"\u2022 {row['trial']}: {row['result_kind']}")
        lines += [
            "",
            "Filled marker: treated group",
            "Open marker: comparison group",
            "Line: 95% confidence interval",
            "Dotted line: read only in a summary",
        ]
        text_ax.text(0.02, 0.98, "\n".join(lines), va="top", ha="left", fontsize=8,
                     transform=text_ax.transAxes)
        text_ax.set_axis_off()
    return {"by_trial": by_trial, "points": points, "panels": panels}


def highlight_trial(by_trial: dict, trial: str | None) -> bool:
    """Fade every trial except ``trial`` (``None`` shows all at full strength); False: only
    the trials' own artists change."""
    for name, artists in by_trial.items():
        alpha = 1.0 if trial is None or name == trial else 0.2
        for artist in artists:
            artist.set_alpha(alpha)
    return False


TRIALS_CAPTION = (
    "Results of the massage and manual-therapy trials and two comparator trials, one small panel"
    " per outcome scale because the scales cannot be compared with each other. A marker with a"
    " horizontal line is a difference between groups with its 95% confidence interval; a pair of"
    " markers (filled for the treated group, open for the comparison group) is the change"
    " reported in each group. The vertical black line is no difference; a dashed green line, where"
    " one exists for that scale, is the smallest change that matters to a person. Dotted lines and"
    " '[summary]' mark results read only in a summary."
)


# --------------------------------------------------------------------------------------------
# natural history
# --------------------------------------------------------------------------------------------

NATURAL_HISTORY_CAPTION = (
    "Percent of people still with symptoms against months of follow-up. Circles joined by a solid"
    " line: Hansen 2018 (hospital patients confirmed on ultrasound, months from the first"
    " symptoms; the line starts at 100% because everyone has symptoms at onset). Square: Wolgin 1994 (people treated without surgery, telephone survey, average"
    " 47 months after treatment). Dashed and dotted curves: the steady monthly recovery calibrated"
    " to Wolgin 1994 and to Hansen 2018 at one year. The two studies start their clocks at"
    " different points, so their time axes are not strictly the same."
)


def draw_natural_history(ax, rows) -> dict:
    """The two follow-up studies and the steady-rate curves calibrated to them, from ``rows``
    (the rows of ``data/natural_history.csv``, :func:`helpers.models.evidence.load_natural_history`).

    Returns ``{"hansen": Line2D, "wolgin": Line2D, "curves": {key: Line2D}}``.
    """
    rows = list(rows)
    hansen = [r for r in rows if r["study"] == "Hansen 2018"]
    wolgin = [r for r in rows if r["study"] == "Wolgin 1994"]
    out = {"curves": {}}
    (out["hansen"],) = ax.plot(
        [0.0] + [r["time_months"] for r in hansen],
        [100.0] + [r["still_symptomatic_pct"] for r in hansen],
        color=PALETTE["blue"], linestyle="-", marker="o", markersize=7,
        markevery=list(range(1, len(hansen) + 1)),  # 100% at onset is by definition, not data
        label="Hansen 2018 (from first symptoms)",
    )
    (out["wolgin"],) = ax.plot(
        [r["time_months"] for r in wolgin], [r["still_symptomatic_pct"] for r in wolgin],
        color=PALETTE["vermillion"], linestyle="none", marker="s", markersize=9,
        label="Wolgin 1994 (average follow-up after treatment)",
    )
    months = np.linspace(0.0, 180.0, 181)
    for study, colour, style in (
        (wolgin, PALETTE["vermillion"], "--"),
        (hansen, PALETTE["blue"], ":"),
    ):
        if not study:  # a study missing from the rows has no curve to calibrate
            continue
        row = study[0]
        pct = ev.recovery_pct_per_month(row["still_symptomatic_pct"], row["time_months"])
        left = 100.0 * (1.0 - pct / 100.0) ** months
        (line,) = ax.plot(
            months, left, color=colour, linestyle=style, linewidth=1.5,
            label=f"steady {pct:.2f}% per month ({row['study']}, {row['time_months']:g} months)",
        )
        out["curves"][row["study_id"]] = line
    ax.set_xlim(0, 185)
    ax.set_ylim(0, 105)
    ax.set_xlabel("Months of follow-up")
    ax.set_ylabel("Still with symptoms (%)")
    ax.set_title("How many people still have heel pain later?")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    return out
