"""Drawings for lesson 02: the clickable region map, the technique diagrams and the session
timeline. Each function draws on the Axes it is given and returns the artists it made, so an
app can change them in place (``set_facecolor``, ``set_hatch``, ``set_width``).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.patches import Circle, Ellipse, FancyArrowPatch, Polygon, Rectangle

from helpers.style import HATCHES, PALETTE, series

# evidence level -> (face colour, hatch, legend text); colour is doubled by the hatch
EVIDENCE_STYLE = {
    "trial": (PALETTE["sky"], "", "a trial treated it"),
    "indirect": (PALETTE["orange"], "//", "indirect trial evidence"),
    "none": (PALETTE["black"], "..", "no trial targeted it"),
}
EVIDENCE_ALPHA = {"trial": 0.55, "indirect": 0.45, "none": 0.10}
SELECTED_FACE = PALETTE["vermillion"]
SELECTED_HATCH = "xx"

MAP_TITLE = "Massage regions from the knee to the toes (right leg)"
MAP_CAPTION = (
    "Schematic of a right lower leg seen from behind (left) and the sole of the same foot "
    "seen from behind with the knee bent (right; heel at the top, toes at the bottom). The inner "
    "side is on the left in both views. Eleven numbered regions run from the knee (1) to the "
    "toes (11). Fill shows the evidence: plain blue where a trial treated the region, orange "
    "with diagonal lines where trial evidence is only indirect, light grey with dots where no "
    "trial targeted it. The selected region turns red with cross-hatching. Not to scale."
)


def region_style(evidence_level: str) -> dict:
    """Face colour (RGBA), hatch and edge of an unselected region."""
    import matplotlib.colors as mcolors

    face, hatch, _ = EVIDENCE_STYLE[evidence_level]
    return {
        "facecolor": mcolors.to_rgba(face, EVIDENCE_ALPHA[evidence_level]),
        "hatch": hatch,
        "edgecolor": PALETTE["black"],
        "linewidth": 1.0,
    }


def draw_region_map(ax, rmap) -> dict:
    """Draw outlines, region polygons, their numbers and an evidence legend.

    Returns a dict with ``patches`` (region id -> Polygon), ``numbers`` (region id -> Text),
    ``outlines`` (list of Polygon), ``highlight`` (the selection, hidden until a region is
    selected: :func:`set_selected`) and ``legend``.
    """
    outlines = []
    for pts in rmap.outlines.values():
        patch = Polygon(pts, closed=True, facecolor="none", edgecolor=PALETTE["black"],
                        linewidth=1.6, zorder=1)
        ax.add_patch(patch)
        outlines.append(patch)
    patches, numbers = {}, {}
    for region in rmap.regions:
        patch = Polygon(region.polygon, closed=True, zorder=2, **region_style(region.evidence_level))
        patch.set_gid(region.region_id)
        ax.add_patch(patch)
        patches[region.region_id] = patch
        numbers[region.region_id] = ax.text(
            *region.anchor, str(region.order), ha="center", va="center", fontsize=9,
            fontweight="bold", zorder=4,
            bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white", "edgecolor": PALETTE["black"],
                  "linewidth": 0.8},
        )
    # the selection: one patch drawn over the regions (below their numbers and the labels), set to
    # the selected region's outline; the regions themselves never change, so a selection
    # repaints one hatched shape instead of all eleven
    highlight = Polygon(next(iter(rmap.regions)).polygon, closed=True, facecolor=SELECTED_FACE,
                        hatch=SELECTED_HATCH, edgecolor=PALETTE["black"], linewidth=2.5, zorder=3,
                        visible=False)
    ax.add_patch(highlight)
    ax.text(25, 99, "knee", ha="center", va="bottom", fontsize=9)
    ax.text(25, 8.5, "heel", ha="center", va="top", fontsize=9)
    ax.text(75, 98, "heel", ha="center", va="bottom", fontsize=9)
    ax.text(75, 2.5, "toes", ha="center", va="bottom", fontsize=9)
    for x in (2, 52):
        ax.text(x, 4, "inner\nside", ha="left", va="bottom", fontsize=8, style="italic")
    for x in (48, 98):
        ax.text(x, 4, "outer\nside", ha="right", va="bottom", fontsize=8, style="italic")
    ax.text(25, 104, "Leg from behind", ha="center", va="bottom", fontsize=10, fontweight="bold")
    ax.text(75, 104, "Sole, heel up", ha="center", va="bottom", fontsize=10, fontweight="bold")
    handles = [
        Rectangle((0, 0), 1, 1, label=text, **{k: v for k, v in region_style(level).items()})
        for level, (_, _, text) in EVIDENCE_STYLE.items()
    ]
    handles.append(Rectangle((0, 0), 1, 1, facecolor=SELECTED_FACE, hatch=SELECTED_HATCH,
                             edgecolor=PALETTE["black"], label="selected region"))
    legend = ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0),
                       ncol=2, fontsize=8, frameon=False, title="Fill: evidence for the region",
                       title_fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_ylim(-13, 110)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("schematic drawing, not to scale", fontsize=9)
    ax.set_ylabel("knee at the top, toes at the bottom", fontsize=9)
    ax.set_title(MAP_TITLE)
    return {"patches": patches, "numbers": numbers, "outlines": outlines, "highlight": highlight,
            "legend": legend}


def set_selected(highlight, rmap, region_id) -> bool:
    """Highlight one region (or none with ``None``): the highlight takes the region's outline
    and is drawn over it, red and cross-hatched. False: only the highlight moves."""
    if region_id is None:
        highlight.set_visible(False)
    else:
        highlight.set_xy(rmap.get(region_id).polygon)
        highlight.set_visible(True)
    return False


def reach_of_selection(highlight, rmap) -> None:
    """Give the (hidden) highlight the box around every region: set once before a
    :class:`helpers.blit.Blitter` measures what lies near it, so whatever any selection can
    cover is repainted over it."""
    points = np.concatenate([np.asarray(r.polygon, float) for r in rmap.regions])
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    highlight.set_xy([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


# ---------------------------------------------------------------- technique diagrams

TECHNIQUE_CAPTION = (
    "Nine small diagrams, one per technique, each seen from above on a strip of tissue whose "
    "fibres run up and down. A pale ellipse or circle marks the part of the hand in contact; "
    "arrows show the movement: long arrows for glides and strips, short double arrows for "
    "friction across the fibres, circular arrows for kneading and rolling, a cross in a circle "
    "for pressing into the tissue, and arrows pointing apart for myofascial release. "
    "Schematic, not to scale."
)


def _arrow(ax, start, end, style="-|>", rad=0.0, both=False):
    arrow = FancyArrowPatch(
        start, end, arrowstyle="<|-|>" if both else style, mutation_scale=12,
        connectionstyle=f"arc3,rad={rad}", color=PALETTE["vermillion"], linewidth=2, zorder=5,
    )
    ax.add_patch(arrow)
    return arrow


def _hand(ax, xy, w, h, colour="blue"):
    patch = Ellipse(xy, w, h, facecolor=PALETTE[colour], alpha=0.35, edgecolor=PALETTE["black"],
                    linewidth=1.2, zorder=4)
    ax.add_patch(patch)
    return patch


def draw_technique_diagram(ax, technique) -> dict:
    """Draw one technique's hand position and stroke on a unit square; return its artists."""
    artists = []
    tissue = Rectangle((0.1, 0.05), 0.8, 0.9, facecolor=PALETTE["sky"], alpha=0.12,
                       edgecolor=PALETTE["black"], linewidth=0.8, zorder=1)
    ax.add_patch(tissue)
    for x in np.linspace(0.2, 0.8, 5):
        artists += ax.plot([x, x], [0.08, 0.92], color=PALETTE["black"], linewidth=0.5,
                           linestyle=":", zorder=2)
    g = technique.glyph
    if g == "glide":
        artists.append(_hand(ax, (0.5, 0.3), 0.45, 0.3))
        artists.append(_arrow(ax, (0.5, 0.35), (0.5, 0.9)))
    elif g == "knead":
        artists.append(_hand(ax, (0.3, 0.5), 0.25, 0.4))
        artists.append(_hand(ax, (0.7, 0.5), 0.25, 0.4, "green"))
        artists.append(_arrow(ax, (0.3, 0.25), (0.45, 0.75), rad=0.5))
        artists.append(_arrow(ax, (0.7, 0.75), (0.55, 0.25), rad=0.5))
    elif g == "strip":
        artists.append(_hand(ax, (0.5, 0.2), 0.14, 0.14))
        artists.append(_arrow(ax, (0.5, 0.25), (0.5, 0.92)))
    elif g == "friction":
        artists.append(_hand(ax, (0.5, 0.5), 0.14, 0.14))
        artists.append(_arrow(ax, (0.22, 0.5), (0.78, 0.5), both=True))
    elif g == "hold":
        artists.append(_hand(ax, (0.5, 0.5), 0.16, 0.16))
        artists.append(ax.add_patch(Circle((0.5, 0.5), 0.25, fill=False,
                                           edgecolor=PALETTE["vermillion"], linestyle="--",
                                           linewidth=1.5, zorder=5)))
        artists += ax.plot([0.5], [0.5], marker="X", markersize=12, color=PALETTE["vermillion"],
                           zorder=6, linestyle="none")
        artists.append(ax.text(0.5, 0.14, "hold", ha="center", fontsize=8, zorder=6))
    elif g == "spread":
        artists.append(_hand(ax, (0.5, 0.3), 0.4, 0.22))
        artists.append(_hand(ax, (0.5, 0.7), 0.4, 0.22, "green"))
        artists.append(_arrow(ax, (0.5, 0.62), (0.5, 0.93)))
        artists.append(_arrow(ax, (0.5, 0.38), (0.5, 0.07)))
    elif g == "roll":
        artists.append(_hand(ax, (0.5, 0.5), 0.2, 0.4))
        artists.append(_arrow(ax, (0.25, 0.3), (0.75, 0.3), rad=-0.6))
        artists.append(_arrow(ax, (0.75, 0.72), (0.25, 0.72), rad=-0.6))
    elif g == "press":
        artists.append(_hand(ax, (0.5, 0.5), 0.3, 0.3))
        artists += ax.plot([0.5], [0.5], marker="X", markersize=12, color=PALETTE["vermillion"],
                           zorder=6, linestyle="none")
        artists.append(ax.add_patch(Circle((0.5, 0.5), 0.06, fill=False,
                                           edgecolor=PALETTE["vermillion"], linewidth=2, zorder=6)))
        artists.append(ax.text(0.5, 0.14, "press down", ha="center", fontsize=8, zorder=6))
    elif g == "circle":
        artists.append(_hand(ax, (0.5, 0.5), 0.14, 0.14))
        artists.append(_arrow(ax, (0.72, 0.5), (0.28, 0.5), rad=-1.0))
        artists.append(_arrow(ax, (0.28, 0.5), (0.72, 0.5), rad=-1.0))
    else:  # pragma: no cover - the schema limits glyphs
        raise ValueError(f"unknown glyph {g!r}")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(technique.name, fontsize=8.5, wrap=True)
    frame = Rectangle((0.0, 0.0), 1.0, 1.0, transform=ax.transAxes, fill=False,
                      edgecolor=PALETTE["black"], linewidth=0.8, zorder=10, clip_on=False)
    ax.add_patch(frame)
    return {"frame": frame, "artists": artists}


def draw_technique_grid(axes, techniques) -> dict:
    """Draw each technique in its own axes; return technique id -> artists dict."""
    out = {}
    for ax, technique in zip(np.ravel(axes), techniques):
        out[technique.technique_id] = draw_technique_diagram(ax, technique)
    return out


def set_technique_selected(diagrams: dict, technique_id) -> bool:
    """Thicken and colour the frame of the chosen diagram (dashed red), reset the others;
    False: only the frames change."""
    for tid, parts in diagrams.items():
        frame = parts["frame"]
        if tid == technique_id:
            frame.set_edgecolor(PALETTE["vermillion"])
            frame.set_linewidth(3.0)
            frame.set_linestyle("--")
        else:
            frame.set_edgecolor(PALETTE["black"])
            frame.set_linewidth(0.8)
            frame.set_linestyle("-")
    return False


# ---------------------------------------------------------------- session timeline

TIMELINE_CAPTION = (
    "Horizontal timeline of the planned session. Each row is one region, from the knee (top) "
    "to the toes (bottom); a bar runs from the minute the region starts to the minute it ends, "
    "so the bars form a staircase. Bars alternate colour and hatching. Regions not chosen have "
    "no bar. The title and the dashed vertical line give the total time."
)


def draw_plan_timeline(ax, rmap) -> dict:
    """One (initially empty) bar per region, a total line and a title; return the artists."""
    n = len(rmap.regions)
    bars = {}
    for i, region in enumerate(rmap.regions):
        style = series(i % 2)
        bars[region.region_id] = ax.barh(
            i, 0.0, left=0.0, height=0.7, color=style["color"], alpha=0.75,
            hatch=HATCHES[1 + (i % 2)], edgecolor=PALETTE["black"],
        )[0]
    total_line = ax.axvline(0.0, color=PALETTE["black"], linestyle="--", linewidth=1.5)
    ax.set_yticks(range(n), [f"{r.order}. {r.label}" for r in rmap.regions])
    ax.set_ylim(n - 0.4, -0.6)
    ax.set_xlim(0, 30)
    ax.set_xlabel("time from the start of the session (min)")
    ax.set_ylabel("region (knee at top, toes at bottom)")
    title = ax.set_title("Session plan")
    return {"bars": bars, "total_line": total_line, "title": title}


def timeline_limit(total_min: float) -> float:
    """Right end of the time axis: the next whole 10 min at or above 8% past the total
    (at least 10 min), so the axis changes only now and then while a slider moves.

    >>> timeline_limit(26.0), timeline_limit(27.8), timeline_limit(0.0)
    (30.0, 40.0, 10.0)
    """
    return max(10.0, 10.0 * math.ceil(round(total_min * 1.08, 9) / 10.0))


def update_plan_timeline(ax, artists: dict, plan) -> bool:
    """Move and resize the bars in place for ``plan`` (``None`` empties the timeline).

    Returns True when the time axis had to change (the caller then needs a full redraw)."""
    import matplotlib.colors as mcolors

    steps = {} if plan is None else {s.region_id: s for s in plan.steps}
    for rid, bar in artists["bars"].items():
        step = steps.get(rid)
        bar.set_x(0.0 if step is None else step.start_min)
        bar.set_width(0.0 if step is None else step.minutes)
        if step is not None:  # alternate colour and hatch by step, so neighbours differ
            parity = (step.number - 1) % 2
            bar.set_facecolor(mcolors.to_rgba(series(parity)["color"], 0.75))
            bar.set_hatch(HATCHES[1 + parity])
    total = 0.0 if plan is None else plan.total_min
    artists["total_line"].set_xdata([total, total])
    old_limit = ax.get_xlim()[1]
    limit = timeline_limit(total)
    if limit != old_limit:
        ax.set_xlim(0, limit)
    if plan is None:
        artists["title"].set_text("Session plan: no region chosen")
    else:
        artists["title"].set_text(f"Session plan: {plan.summary()}")
    return limit != old_limit
