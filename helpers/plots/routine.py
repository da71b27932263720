"""Figures for lesson 03: the routine timeline, discomfort ratings, and the pain-log trend.

Each ``draw_*`` function takes an ``Axes``, draws once and returns a small object holding the
artists; the matching ``update_*`` function changes those artists in place (no new figure, no
``clear()``), so widget callbacks stay cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from helpers.models.painlog import Trend, target_level
from helpers.models.routine import DISCOMFORT_BANDS, PlayerState
from helpers.style import PALETTE

__all__ = [
    "RoutineArtists",
    "draw_routine",
    "update_routine",
    "DiscomfortArtists",
    "draw_discomfort",
    "update_discomfort",
    "TrendArtists",
    "draw_trend",
    "update_trend",
    "update_preview",
    "set_preview_score",
    "PREVIEW_STYLE",
    "ROUTINE_CAPTION",
    "DISCOMFORT_CAPTION",
    "TREND_CAPTION",
    "PAINLOG_CAPTION",
]

ROUTINE_CAPTION = (
    "Timeline of the routine, one row per step from the knee (top) to the toes (bottom). "
    "Hatched light bars show each step's planned time; the solid dark fill grows as time is "
    "done; the step under way has a thick dashed outline and the vertical dashed line marks now."
)
DISCOMFORT_CAPTION = (
    "Discomfort rated after each step, 0 to 10. Background bands: up to 3 carry on (dotted "
    "hatching), 4 to 5 ease off (diagonal hatching), 6 and above stop (cross hatching); these "
    "cut-offs are a teaching convention. A bar drawn with cross hatching and a thick outline "
    "means a stop sign was reported for that step; the word STOP is also written above it."
)
TREND_CAPTION = (
    "Morning first-step pain (0 to 10) against days since the first entry, as circles joined "
    "by a solid line. The dashed horizontal line is the starting level (mean of the first "
    "mornings); the dotted line is the level that would count as a change that matters "
    "(about 30% lower, and at least 1 point lower); the dash-dot line is the recent level."
)
PAINLOG_CAPTION = TREND_CAPTION + (
    " A larger hollow circle in reddish purple, labelled 'today (not saved)' in the legend (or "
    "the date picked, when it is not today), previews the morning you are about to add: it "
    "sits at the date picked, or at today until a date is picked, at the score on the slider, "
    "and moves up and down as the slider moves. After Add to log that morning is drawn as a "
    "filled circle on the line and the hollow circle goes; it is also hidden while that "
    "morning cannot be added (already in the log, in the future, or no usable log file). "
    "The legend sits above the 0 to 10 range, so it covers no point."
)


def _short(text: str, n: int = 26) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------- routine
@dataclass
class RoutineArtists:
    planned: list = field(default_factory=list)
    done: list = field(default_factory=list)
    now_line: object = None
    title: object = None
    starts: np.ndarray = None
    durations: np.ndarray = None


def draw_routine(ax, steps) -> RoutineArtists:
    """Draw the routine as a timeline (one row per step). Returns the artists to update."""
    durations = np.array([float(s.seconds) for s in steps])
    starts = np.concatenate([[0.0], np.cumsum(durations)[:-1]])
    n = len(steps)
    art = RoutineArtists(starts=starts, durations=durations)
    for i in range(n):
        y = n - 1 - i
        planned = Rectangle(
            (starts[i], y - 0.35), durations[i], 0.7,
            facecolor=to_rgba(PALETTE["sky"], 0.35), hatch="//", edgecolor=PALETTE["blue"],
            linewidth=1.0, linestyle="-",
        )
        done = Rectangle(
            (starts[i], y - 0.35), 0.0, 0.7, facecolor=PALETTE["blue"], edgecolor="none",
        )
        ax.add_patch(planned)
        ax.add_patch(done)
        art.planned.append(planned)
        art.done.append(done)
    total = float(durations.sum())
    art.now_line = ax.axvline(0.0, color=PALETTE["vermillion"], linestyle="--", linewidth=1.5)
    ax.set_xlim(0, total * 1.02)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_yticks(range(n))
    ax.set_yticklabels([f"{i + 1}. {_short(getattr(s, 'label', s.region))}"
                        for i, s in reversed(list(enumerate(steps)))])
    ax.set_xlabel("Time into the routine (s)")
    ax.set_ylabel("Step (knee at top, toes at bottom)")
    art.title = ax.set_title(f"Routine: {n} steps, {total / 60:.0f} min in all; ready")
    return art


def update_routine(art: RoutineArtists, state: PlayerState) -> bool:
    """Fill the timeline up to ``state`` and outline the current step; False: the axes stay
    as drawn."""
    elapsed = state.elapsed_total_s
    for i, (planned, done) in enumerate(zip(art.planned, art.done)):
        width = float(np.clip(elapsed - art.starts[i], 0.0, art.durations[i]))
        done.set_width(width)
        current = i == state.index and not state.finished
        planned.set_linewidth(3.0 if current else 1.0)
        planned.set_linestyle("--" if current else "-")
        planned.set_edgecolor(PALETTE["vermillion"] if current else PALETTE["blue"])
    art.now_line.set_xdata([elapsed, elapsed])
    art.title.set_text(
        f"Routine: step {state.index + 1} of {state.step_count}; {state.status}; "
        f"{100 * state.progress:.0f}% done"
    )
    return False


# --------------------------------------------------------------------------- discomfort
@dataclass
class DiscomfortArtists:
    bars: object = None
    bands: list = field(default_factory=list)
    stop_texts: list = field(default_factory=list)
    title: object = None


_BAND_STYLE = {
    "continue": (PALETTE["green"], ".."),
    "ease": (PALETTE["orange"], "//"),
    "stop": (PALETTE["vermillion"], "xx"),
}


def draw_discomfort(ax, steps) -> DiscomfortArtists:
    """Bars of discomfort (0-10) per step over the advice bands. All bars start at 0."""
    n = len(steps)
    art = DiscomfortArtists()
    low = 0.0
    names = {"continue": "carry on", "ease": "ease off", "stop": "stop"}
    for high, _band, action in DISCOMFORT_BANDS:
        if high == 0:
            continue
        colour, hatch = _BAND_STYLE[action]
        top = min(high + 0.5, 10.5)
        patch = ax.axhspan(low, top, facecolor=colour, alpha=0.12, hatch=hatch,
                           edgecolor=colour, linewidth=0)
        art.bands.append(patch)
        ax.text(n - 0.45, (low + top) / 2, names[action], ha="right", va="center",
                fontsize=9, color=PALETTE["black"], style="italic")
        low = top
    x = np.arange(n)
    art.bars = ax.bar(x, np.zeros(n), width=0.6, color=PALETTE["blue"],
                      edgecolor=PALETTE["black"], linewidth=1.0)
    for i in range(n):
        art.stop_texts.append(ax.text(i, 0.2, "", ha="center", va="bottom", fontsize=10,
                                      fontweight="bold", color=PALETTE["vermillion"]))
    ax.set_xticks(x)
    ax.set_xticklabels([str(i + 1) for i in range(n)])
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(0, 10.5)
    ax.set_yticks(range(0, 11))
    ax.set_xlabel("Step of the routine (1 = calf, last = toes)")
    ax.set_ylabel("Discomfort after the step (0-10, no unit)")
    art.title = ax.set_title("Discomfort after each step: nothing rated yet")
    return art


def update_discomfort(art: DiscomfortArtists, ratings, stopped=()) -> bool:
    """Set bar heights to ``ratings`` (sequence, None for not rated) and mark ``stopped`` steps;
    False: the axes stay as drawn."""
    rated = 0
    for i, bar in enumerate(art.bars):
        value = ratings[i] if i < len(ratings) else None
        bar.set_height(0.0 if value is None else float(value))
        rated += value is not None
        height = 0.0 if value is None else float(value)
        art.stop_texts[i].set_position((i, height + 0.2))
        if i in stopped:
            bar.set_facecolor(PALETTE["vermillion"])
            bar.set_hatch("xx")
            bar.set_linewidth(2.5)
            art.stop_texts[i].set_text("STOP")
        else:
            bar.set_facecolor(PALETTE["blue"])
            bar.set_hatch("")
            bar.set_linewidth(1.0)
            art.stop_texts[i].set_text("")
    art.title.set_text(
        f"Discomfort after each step: {rated} of {len(art.bars)} rated"
        + (f"; stop sign at step {min(stopped) + 1}" if stopped else "")
    )
    return False


# --------------------------------------------------------------------------- pain-log trend
#: The preview of an entry not saved yet: a larger hollow circle in reddish purple (Okabe & Ito),
#: so it differs from the saved points (filled blue circles) by fill and size as well as colour.
PREVIEW_STYLE = {
    "linestyle": "none", "marker": "o", "markersize": 10.0, "markerfacecolor": "none",
    "markeredgecolor": PALETTE["purple"], "markeredgewidth": 2.5, "zorder": 3,
}
#: The pain axis: room for a marker at 0 inside the axes, and headroom above 10 for the legend,
#: so that no point (saved or previewed) can sit under it.
Y_LIMITS = (-0.5, 13.5)
MIN_DAYS = 14.0  # the day axis shows at least two weeks


@dataclass
class TrendArtists:
    line: object = None
    start_line: object = None
    target_line: object = None
    recent_line: object = None
    title: object = None
    ax: object = None
    preview: object = None  # the not-saved entry (only when drawn with ``preview=True``)
    preview_text: object = None  # its legend label
    first: object = None  # the date of day 0 (the first entry), None for an empty log


def draw_trend(ax, *, preview: bool = False) -> TrendArtists:
    """Empty trend axes; call :func:`update_trend` with data.

    With ``preview=True`` the axes also hold a hidden marker for an entry not saved yet, placed
    by :func:`update_preview`.
    """
    art = TrendArtists(ax=ax)
    (art.line,) = ax.plot([], [], color=PALETTE["blue"], linestyle="-", marker="o",
                          label="first-step pain")
    if preview:
        (art.preview,) = ax.plot([], [], label="today (not saved)", **PREVIEW_STYLE)
    art.start_line = ax.axhline(np.nan, color=PALETTE["black"], linestyle="--", linewidth=1.5,
                                label="starting level")
    art.target_line = ax.axhline(np.nan, color=PALETTE["vermillion"], linestyle=":",
                                 linewidth=2.0, label="change that matters")
    art.recent_line = ax.axhline(np.nan, color=PALETTE["green"], linestyle="-.", linewidth=1.5,
                                 label="recent level")
    ax.set_ylim(*Y_LIMITS)
    ax.set_yticks(range(0, 11))
    ax.set_xlim(-0.5, MIN_DAYS + 0.5)
    ax.set_xlabel("Days since the first entry (days)")
    ax.set_ylabel("First-step pain (0-10, no unit)")
    # above the 0-10 range (see Y_LIMITS): the legend can never cover a point
    legend = ax.legend(loc="upper center", ncols=3, fontsize=9)
    if preview:
        labels = [t.get_text() for t in legend.get_texts()]
        art.preview_text = legend.get_texts()[labels.index("today (not saved)")]
        art.preview.set_visible(False)  # after the legend, which copies the marker's style
    art.title = ax.set_title("Morning first-step pain: no entries yet")
    return art


def _day_number(art: TrendArtists, day) -> float:
    """Where ``day`` sits on the day axis: days since the first entry (0 for an empty log, where
    the entry added would be the first)."""
    return 0.0 if art.first is None else float((day - art.first).days)


def _x_limits(low: float, high: float) -> tuple:
    """Day-axis limits holding ``low`` to ``high`` and at least two weeks, with room for a
    marker at either end (half a day, or more on a long axis)."""
    low, high = min(0.0, low), max(MIN_DAYS, high)
    pad = max(0.5, (high - low) / 60.0)
    return (low - pad, high + pad)


def update_trend(art: TrendArtists, entries, trend: Trend, preview_day=None) -> bool:
    """Show ``entries`` (sorted by date) and the levels from ``trend``.

    ``preview_day`` (a date, optional) is a day the day axis must hold as well: the entry the
    learner is about to add. Returns True when the day axis had to change (the caller then
    needs a full redraw)."""
    entries = list(entries)
    if entries:
        art.first = entries[0].date
        days = np.array([(e.date - art.first).days for e in entries], dtype=float)
        scores = np.array([e.score for e in entries], dtype=float)
    else:
        art.first = None
        days = scores = np.array([], dtype=float)
    art.line.set_data(days, scores)
    if trend.n >= 2:
        start, target, recent = trend.start, target_level(trend), trend.recent
    else:
        start = target = recent = np.nan
    art.start_line.set_ydata([start, start])
    art.target_line.set_ydata([target, target])
    art.recent_line.set_ydata([recent, recent])
    shown = list(days)
    if preview_day is not None:
        shown.append(_day_number(art, preview_day))
    limits = _x_limits(min(shown, default=0.0), max(shown, default=0.0))
    axis_changed = tuple(art.ax.get_xlim()) != limits
    if axis_changed:
        art.ax.set_xlim(*limits)
    if trend.n >= 2:
        word = "matters" if trend.meaningful else ("worse" if trend.worse else "not yet enough")
        art.title.set_text(
            f"Morning first-step pain: {trend.n} mornings, change {trend.change:+.1f} ({word})"
        )
    else:
        art.title.set_text(f"Morning first-step pain: {trend.n} entr{'y' if trend.n == 1 else 'ies'}")
    return axis_changed


def update_preview(art: TrendArtists, day, score, today=None) -> None:
    """Place the not-saved entry at ``day`` (a date) and ``score``; hide it when ``day`` is None.

    Call :func:`update_trend` first (with ``preview_day=day``), so that the day axis holds it.
    The legend says "today (not saved)" when ``day`` is ``today`` (or None), else names the date.
    """
    if art.preview is None:
        raise ValueError("this trend was drawn without a preview; use draw_trend(ax, preview=True)")
    art.preview.set_visible(day is not None)
    if day is not None:
        art.preview.set_data([_day_number(art, day)], [float(score)])
    # the label depends on ``day`` alone (hidden: the default), so ``day`` and ``today`` fix it
    label = f"{'today' if day in (None, today) else day.isoformat()} (not saved)"
    art.preview.set_label(label)
    art.preview_text.set_text(label)


def set_preview_score(art: TrendArtists, score) -> bool:
    """Move the preview marker to ``score`` on its day (what a score slider step changes);
    False: nothing else changes."""
    art.preview.set_ydata([float(score)])
    return False
