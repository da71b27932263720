"""Figures for lesson 08 (massage among the other treatments).

Each ``draw_*`` takes an Axes and the model's result, draws once and returns the artists it
made; each ``update_*`` changes those artists in place (no new artists, no clearing), so an app
can redraw only them. Plots receive data and never load it.
"""

from __future__ import annotations

import textwrap

from matplotlib.patches import FancyBboxPatch, Rectangle

from helpers.style import PALETTE, series

#: Rows the comparison figure can show at once (the table has at most this many per picture).
MAX_ROWS = 4

#: Fixed x ranges per scale, so changing the window never moves the axes.
X_LIMITS = {"pain_mm": (-35.0, 10.0), "pain_smd": (-2.5, 0.5)}

#: Marker face per certainty: filled = graded, open = not graded; doubled by marker shape.
CERTAINTY_MARKERS = {
    "high": ("D", True),
    "moderate": ("s", True),
    "low": ("^", True),
    "very low": ("v", True),
    "not graded": ("o", False),
}

COMPARISON_CAPTION = (
    "One row per treatment that has an estimate against a control on the chosen scale and in "
    "the chosen follow-up window: the marker is the difference in pain (left of the solid zero "
    "line means less pain than the control) and the horizontal line its 95% confidence interval. "
    "Marker shape gives the certainty reported by the source: filled square moderate, filled "
    "triangle low, open circle not graded. On the mm scale a dashed line marks 19 mm, the smallest "
    "change in first-step pain that people notice. Treatments without such an estimate are listed "
    "under the figure, not drawn."
)

STEPPED_CAPTION = (
    "Four boxes from left to right: first visit, first-step pain that persists, not improving "
    "enough, and referral to a doctor. The chosen step has a thick black outline. The bar under "
    "the boxes shows where massage and manual therapy fit: solid under the first visit (part of "
    "the core package), hatched under the next two steps (may continue alongside), absent at "
    "referral."
)

PLANNER_CAPTION = (
    "One bar per week of the plan: the height is the number of heel raises in each session "
    "(sets times repetitions); under each week number, sets x repetition maximum. Hatched "
    "bars are weeks done on both legs. Weeks beyond the plan are left empty."
)


# --------------------------------------------------------------------------------------------
# the comparison
# --------------------------------------------------------------------------------------------

def draw_comparison(ax, comparison) -> dict:
    """Draw the comparison with ``MAX_ROWS`` row slots; returns the artists.

    Keys: ``ci_lines``, ``markers``, ``labels`` (lists, one per slot), ``zero_line``,
    ``mid_line``, ``empty_text``, ``title``.
    """
    ci_lines, markers, labels = [], [], []
    for i in range(MAX_ROWS):
        style = series(i)
        y = MAX_ROWS - 1 - i
        # rows above everything else, so redrawing only them paints what a full draw paints
        (line,) = ax.plot([0, 0], [y, y], color=style["color"], linestyle="-", linewidth=2.5,
                          solid_capstyle="butt", zorder=10)
        (marker,) = ax.plot([0], [y], linestyle="none", marker="o", markersize=10,
                            color=style["color"], markeredgecolor=PALETTE["black"], zorder=11)
        label = ax.text(0, y + 0.28, "", ha="left", va="bottom", fontsize=8.5)
        ci_lines.append(line)
        markers.append(marker)
        labels.append(label)
    zero_line = ax.axvline(0, color=PALETTE["black"], linewidth=1.2)
    mid_line = ax.axvline(-19.0, color=PALETTE["green"], linestyle="--", linewidth=1.4,
                          label="Smallest change people notice (19 mm)")
    mid_text = ax.text(-19.0, -0.55, " 19 mm: smallest change people notice", fontsize=8,
                       color=PALETTE["green"], ha="left", va="bottom")
    empty_text = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                         fontsize=10, wrap=True)
    ax.set_ylim(-0.7, MAX_ROWS - 0.2)
    ax.set_yticks([])
    title = ax.set_title("")
    artists = dict(ci_lines=ci_lines, markers=markers, labels=labels, zero_line=zero_line,
                   mid_line=mid_line, mid_text=mid_text, empty_text=empty_text, title=title)
    set_comparison_axes(ax, artists, comparison)
    update_comparison(artists, comparison)
    return artists


def set_comparison_axes(ax, artists, comparison) -> None:
    """The static parts that depend on the scale: x range, label, reference line."""
    ax.set_xlim(*X_LIMITS[comparison.scale])
    ax.set_xlabel(comparison.scale_label + "; left of 0 favours the treatment")
    artists["mid_line"].set_visible(comparison.mid is not None)
    artists["mid_text"].set_visible(comparison.mid is not None)
    if comparison.mid is not None:
        artists["mid_line"].set_xdata([-comparison.mid, -comparison.mid])
        artists["mid_text"].set_x(-comparison.mid)


def update_comparison(artists, comparison) -> bool:
    """Move the row artists to show ``comparison`` (unused slots are hidden). True: the labels
    and title belong to the (scale, window) picture, which is redrawn whole."""
    low, high = X_LIMITS[comparison.scale]
    for i in range(MAX_ROWS):
        line, marker, label = artists["ci_lines"][i], artists["markers"][i], artists["labels"][i]
        if i < len(comparison.plotted):
            e = comparison.plotted[i]
            shape, filled = CERTAINTY_MARKERS[e.certainty]
            line.set_xdata([e.ci_low, e.ci_high])
            line.set_linestyle("-" if e.status == "V" else ":")
            marker.set_xdata([e.estimate])
            marker.set_marker(shape)
            marker.set_markerfacecolor(line.get_color() if filled else "white")
            label.set_x(low + 0.02 * (high - low))
            label.set_text(f"{e.label} vs {e.comparison}, {e.time_point} "
                           f"(certainty: {e.certainty})")
            for artist in (line, marker, label):
                artist.set_visible(True)
        else:
            for artist in (line, marker, label):
                artist.set_visible(False)
    empty = not comparison.plotted
    artists["empty_text"].set_text(
        "No treatment has an estimate on this scale\nin this follow-up window." if empty else "")
    artists["title"].set_text(f"Effects against a control: {comparison.window_label}")
    return True


# --------------------------------------------------------------------------------------------
# stepped care
# --------------------------------------------------------------------------------------------

_MASSAGE_BAR = {"first_visit": "solid", "morning_pain": "hatched", "not_improving": "hatched"}


def draw_stepped_care(ax, steps, selected: str) -> dict:
    """Draw the steps as boxes from left to right and the massage bar; returns the artists.

    Keys: ``boxes`` (step id -> patch), ``texts`` (step id -> text), ``massage_bars``,
    ``title``.
    """
    boxes, texts, bars = {}, {}, []
    width, gap = 2.2, 0.35
    for i, step in enumerate(steps):
        x = i * (width + gap)
        ax.add_patch(FancyBboxPatch((x, 1.1), width, 2.2, boxstyle="round,pad=0.05",
                                    facecolor=PALETTE["sky"] if i < 3 else PALETTE["orange"],
                                    edgecolor="none", alpha=0.55))
        # the outline alone moves (it is drawn above the labels and never covers them)
        box = FancyBboxPatch((x, 1.1), width, 2.2, boxstyle="round,pad=0.05", facecolor="none",
                             edgecolor=PALETTE["black"], linewidth=1.0, zorder=10)
        ax.add_patch(box)
        label = "\n".join(textwrap.wrap(f"{step['order']}. {step['stage']}", 14))
        text = ax.text(x + width / 2, 2.2, label, ha="center", va="center", fontsize=9)
        boxes[step["step_id"]] = box
        texts[step["step_id"]] = text
        if i < len(steps) - 1:
            ax.annotate("", xy=(x + width + gap - 0.02, 2.2), xytext=(x + width + 0.02, 2.2),
                        arrowprops=dict(arrowstyle="->", color=PALETTE["black"]))
        kind = _MASSAGE_BAR.get(step["step_id"])
        if kind:
            bar = Rectangle((x, 0.35), width + (gap if kind == "hatched" else 0), 0.45,
                            facecolor=PALETTE["green"] if kind == "solid" else "white",
                            edgecolor=PALETTE["green"], hatch=None if kind == "solid" else "//",
                            linewidth=1.2)
            ax.add_patch(bar)
            bars.append(bar)
    ax.text(0, 0.05, "Massage and manual therapy: core (solid), may continue (hatched)",
            fontsize=8.5, va="top")
    ax.set_xlim(-0.3, len(steps) * (width + gap))
    ax.set_ylim(-0.45, 3.7)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    title = ax.set_title("Stepped care for plantar heel pain, first visit to referral")
    artists = dict(boxes=boxes, texts=texts, massage_bars=bars, title=title)
    update_stepped_care(artists, selected)
    return artists


def update_stepped_care(artists, selected: str) -> bool:
    """Outline the selected step thickly; the others thinly. False: nothing else changes."""
    for step_id, box in artists["boxes"].items():
        chosen = step_id == selected
        box.set_linewidth(3.0 if chosen else 1.0)
        box.set_linestyle("-" if chosen else "--")
    return False


# --------------------------------------------------------------------------------------------
# the strength plan
# --------------------------------------------------------------------------------------------

def draw_strength_plan(ax, plan, dose_by_week) -> dict:
    """One bar per week slot; ``dose_by_week`` is a list of (sets, reps) for every slot, shown
    under the week numbers (it does not depend on the plan's length). Returns ``bars``."""
    style = series(1)
    n = len(dose_by_week)
    bars = ax.bar(range(1, n + 1), [0] * n, color=style["color"], edgecolor=PALETTE["black"],
                  linewidth=0.8, zorder=10)
    ax.set_xlim(0.4, n + 0.6)
    ax.set_ylim(0, 45)
    ax.set_xticks(range(1, n + 1))
    ax.set_xticklabels([f"{i}\n{sets}x{reps}" for i, (sets, reps) in enumerate(dose_by_week, 1)],
                       fontsize=8)
    ax.set_xlabel("Week of the programme, with sets x repetition maximum")
    ax.set_ylabel("Heel raises per session (count)")
    ax.set_title("Heel-raise plan: raises per session, week by week")
    artists = dict(bars=list(bars))
    update_strength_plan(artists, plan)
    return artists


def update_strength_plan(artists, plan) -> bool:
    """Set bar heights, hatching and labels for ``plan``; later week slots are emptied.
    False: the axes stay as drawn."""
    weeks = {w.week: w for w in plan.weeks}
    for i, bar in enumerate(artists["bars"], start=1):
        w = weeks.get(i)
        bar.set_height(0 if w is None else w.raises_per_session)
        bar.set_hatch("xx" if w is not None and w.both_legs else None)
    return False
