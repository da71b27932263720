"""Drawings for lesson 04: washout curves, temperature through the layers, skin warming over
time, and the studies' own numbers.

Each ``draw_*`` function takes an ``Axes`` (and model results), draws once and returns a small
object holding the artists; the matching ``update_*`` function changes those artists in place,
so a widget never rebuilds a figure, and returns True when the whole figure must be redrawn.
Colours come only from :data:`helpers.style.PALETTE`, and
every colour difference is doubled by a line style, a marker or a hatch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from helpers.schemas.circulation import MEASURED_WARMING
from helpers.style import HATCHES, PALETTE

GREY = "#DDDDDD"   # neutral fill for layer bands (not a data colour)

#: Style of each washout / warming series: (colour, line style, marker, label)
SERIES = {
    "skin": (PALETTE["blue"], "-", "o", "skin at rest"),
    "massage": (PALETTE["vermillion"], "--", "s", "skin during massage"),
    "muscle": (PALETTE["green"], ":", "^", "muscle at rest"),
    "typical": (PALETTE["blue"], "-", "o", "typical vasodilation"),
    "reduced": (PALETTE["purple"], "-.", "D", "reduced vasodilation (illustration)"),
}


# ---------------------------------------------------------------------------- clearance
@dataclass
class ClearanceArtists:
    """``lines[key]`` washout curves, ``marks[key]`` half-time markers, ``half_line``."""

    lines: dict = field(default_factory=dict)
    marks: dict = field(default_factory=dict)
    half_line: object = None


def legend_below(ax, *, fontsize: float, ncols: int = 1):
    """The axes' legend under its x-axis label, without a frame.

    There no curve, band or marker can run under it or be hidden by it, and an app that blits
    redraws what moves without redrawing the legend (pass it as ``still``; apps whose legend
    sits outside the axes lay out on full draws only, :class:`helpers.blit.LayoutOnFullDraws`).
    """
    return ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=ncols,
                     frameon=False, fontsize=fontsize)


def draw_clearance(ax, results: dict, *, title="Washout of a substance from tissue",
                   t_max_min=120.0) -> ClearanceArtists:
    """Draw one washout curve per entry of ``results`` (key -> ClearanceResult) in minutes.

    Keys must be keys of :data:`SERIES`. Each curve gets a marker at its half-time.
    """
    art = ClearanceArtists()
    art.half_line = ax.axhline(0.5, color=PALETTE["black"], linewidth=0.8, linestyle=(0, (1, 3)),
                               label="half the starting amount")
    for key, r in results.items():
        colour, ls, marker, label = SERIES[key]
        art.lines[key], = ax.plot(r.times_s / 60, r.concentration / r.c0, color=colour,
                                  linestyle=ls, label=label)
        art.marks[key], = ax.plot([r.half_time_min], [0.5], linestyle="none", marker=marker,
                                  color=colour, markersize=8)
    ax.set_xlim(0, t_max_min)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("time since the substance stopped arriving, min")
    ax.set_ylabel("amount left, fraction of start")
    ax.set_title(title)
    legend_below(ax, fontsize=9, ncols=2)  # a curve left high by a slow washout ran under it
    return art


def update_clearance(art: ClearanceArtists, results: dict) -> bool:
    """Move the curves and half-time markers to new results (same keys as when drawn);
    False: the axes never change."""
    for key, r in results.items():
        art.lines[key].set_data(r.times_s / 60, r.concentration / r.c0)
        art.marks[key].set_data([r.half_time_min], [0.5])
    return False


# ------------------------------------------------------------------------------ warming
@dataclass
class ProfileArtists:
    before: object = None
    after: object = None
    bands: list = field(default_factory=list)
    band_labels: list = field(default_factory=list)


def draw_profile(ax, before, after, *, t_range=(28.0, 37.5),
                 depth_max_mm=None) -> ProfileArtists:
    """Steady temperature against depth before and during massage, layers shaded and hatched.

    ``before`` and ``after`` are :class:`~helpers.models.circulation.SteadyResult`. The depth
    axis runs from the surface to ``depth_max_mm`` (default: the deepest edge of ``before``);
    an app whose slider changes the layers passes the deepest they can reach, so the axis
    stays put and the layer bands move within it (:func:`update_profile`).

    The tick marks and labels are drawn below the bands (``set_axisbelow``; they sit outside
    the axes, so the picture is the same), and the legend sits below the axes: a blitting app
    then redraws the bands and curves without redrawing the axis or the legend
    (:class:`helpers.blit.Blitter` redraws what a full draw puts above them; pass the legend
    as ``still``).
    """
    art = ProfileArtists()
    _draw_bands(ax, art, before.interfaces_mm)
    c0, ls0, m0, _ = SERIES["skin"]
    c1, ls1, m1, _ = SERIES["massage"]
    art.before, = ax.plot(before.depth_mm, before.temperature_c, color=c0, linestyle=ls0,
                          label="before massage (steady)")
    art.after, = ax.plot(after.depth_mm, after.temperature_c, color=c1, linestyle=ls1,
                         label="skin perfusion raised (steady)")
    deepest = float(before.interfaces_mm[-1])
    ax.set_xlim(0, deepest if depth_max_mm is None else max(deepest, float(depth_max_mm)))
    ax.set_ylim(*t_range)
    ax.set_axisbelow(True)
    ax.set_xlabel("depth below the skin surface, mm")
    ax.set_ylabel("tissue temperature, °C")
    ax.set_title("Temperature through skin, fat and muscle")
    legend_below(ax, fontsize=9)
    return art


def _draw_bands(ax, art, interfaces):
    """Hatched bands for the layers, each named at its shallow edge.

    The names sit near the bottom of the axes, below the coolest skin surface the model
    reaches over the sliders' ranges (a test checks it), one row per layer and deepest lowest,
    so they never overlap each other or the curves however thin a layer is.
    """
    from matplotlib.transforms import offset_copy

    names = ["skin", "fat", "muscle"]
    count = len(interfaces) - 1
    # x in depth (mm), y as a fraction of the axes height; moved 3 points off the edge
    where = offset_copy(ax.get_xaxis_transform(), fig=ax.figure, x=3, y=0, units="points")
    for i in range(count):
        band = ax.axvspan(interfaces[i], interfaces[i + 1], facecolor=GREY if i % 2 else "white",
                          edgecolor="#999999", hatch=HATCHES[i + 1], alpha=0.35, linewidth=0.5)
        art.bands.append(band)
        name = names[i] if i < len(names) else f"layer {i + 1}"
        art.band_labels.append(ax.text(interfaces[i], 0.02 + 0.065 * (count - 1 - i), name,
                                       ha="left", va="bottom", fontsize=9, transform=where))


def update_profile(art: ProfileArtists, before, after) -> bool:
    """New profiles; layer bands and their names follow the (possibly new) thicknesses.

    The bands and names are moving artists like the profiles (a blitting app lists them with
    :class:`helpers.blit.Blitter`). Returns True only when a static part changed: the layers
    reach deeper than the depth axis, which then widens to fit (an app that drew the axis to
    the deepest its slider allows never sees this); otherwise the axis is left untouched.
    """
    art.before.set_data(before.depth_mm, before.temperature_c)
    art.after.set_data(after.depth_mm, after.temperature_c)
    edges = np.asarray(before.interfaces_mm, dtype=float)
    for i, (band, label) in enumerate(zip(art.bands, art.band_labels)):
        x0, x1 = edges[i], edges[i + 1]
        if hasattr(band, "set_width"):          # Rectangle (matplotlib >= 3.9)
            if band.get_x() != x0 or band.get_width() != x1 - x0:
                band.set_x(x0)
                band.set_width(x1 - x0)
        else:                                   # Polygon (older matplotlib)
            band.set_xy([[x0, 0], [x0, 1], [x1, 1], [x1, 0], [x0, 0]])
        if label.get_position()[0] != x0:
            label.set_x(x0)
    ax = art.before.axes
    if edges[-1] <= ax.get_xlim()[1]:
        return False
    ax.set_xlim(0, edges[-1])
    return True


@dataclass
class WarmingArtists:
    """``lines[key]`` model curves, ``measured[key]`` reference lines, ``y_top`` the top of the
    y axis as drawn (°C; the axis never narrows below it)."""

    lines: dict = field(default_factory=dict)
    measured: dict = field(default_factory=dict)
    y_top: float = 2.0


def measured_lines(studies_table) -> dict:
    """Skin-temperature differences (massage minus control, °C) from ``circulation_studies``.

    Returns key -> (difference_c, label). Hinds 2004 [V]; Portillo 2014 [S], labelled so.
    """
    labels = {"Hinds 2004": ("hinds", "Hinds 2004, massage vs rest"),
              "Portillo 2014 [S]": ("portillo", "Portillo 2014 [S], massaged vs other leg")}
    out = {}
    for (study, measure), (treated, control) in MEASURED_WARMING.items():
        value = {r["condition"]: r["value"] for r in studies_table.where(study=study,
                                                                          measure=measure).rows}
        key, label = labels[study]
        out[key] = (value[treated] - value[control], label)
    return out


def rise_axis_top(rise_c) -> float:
    """Top of a warming y axis (°C) that holds a rise of ``rise_c``: at least 2 °C, with 10%
    headroom above the rise, in whole steps of 0.5 °C.

    >>> rise_axis_top(0.8), rise_axis_top(2.38), rise_axis_top(3.22)
    (2.0, 3.0, 4.0)
    """
    return max(2.0, float(np.ceil(float(rise_c) * 1.1 / 0.5)) * 0.5)


def draw_warming(ax, results: dict, measured: dict, *, t_max_min=30.0,
                 title="Skin-surface warming after skin perfusion rises",
                 rise_max_c=0.0) -> WarmingArtists:
    """Surface temperature rise against time, one line per ``results`` key (SERIES keys), with
    horizontal reference lines for the measured differences in ``measured``.

    The y axis runs from 0 to :func:`rise_axis_top` of ``rise_max_c``. An app whose sliders
    change the rise passes the largest rise they can produce, so the axis stays put and every
    slider step only moves the lines (:func:`update_warming`); with the default the axis
    starts at 0-2 °C and widens only when a curve leaves it.
    """
    art = WarmingArtists(y_top=rise_axis_top(rise_max_c))
    styles = {"hinds": (PALETTE["black"], (0, (4, 2))), "portillo": (PALETTE["orange"],
                                                                      (0, (1, 2)))}
    for key, (value, label) in measured.items():
        colour, ls = styles[key]
        art.measured[key] = ax.axhline(value, color=colour, linestyle=ls, linewidth=1.2,
                                       label=f"measured: {label}, +{value:.2f} °C")
    for key, r in results.items():
        colour, ls, marker, label = SERIES[key]
        art.lines[key], = ax.plot(r.times_s / 60, r.rise_c, color=colour, linestyle=ls,
                                  marker=marker, markevery=10, label=f"model: {label}")
    ax.set_xlim(0, t_max_min)
    ax.set_ylim(0, art.y_top)
    ax.set_xlabel("time since massage started, min")
    ax.set_ylabel("rise in skin-surface temperature, °C")
    ax.set_title(title)
    legend_below(ax, fontsize=8)  # one column, so that no label runs past the figure's edge
    return art


def update_warming(art: WarmingArtists, results: dict) -> bool:
    """Move the model lines; widen the y axis only if a rise leaves the axis as drawn.

    The axis stays at ``art.y_top`` (see :func:`draw_warming`) while the curves fit under it
    with 10% headroom; a higher curve widens it in whole steps of 0.5 °C (a full redraw), and
    it narrows back to ``art.y_top``, never below. An app that drew the axis for the largest
    rise its sliders allow never sees a change. Returns True when the y limits changed, False
    when only the lines moved; the limits are not touched when they stay the same.
    """
    top = art.y_top
    for key, r in results.items():
        art.lines[key].set_data(r.times_s / 60, r.rise_c)
        top = max(top, rise_axis_top(np.nanmax(r.rise_c)))
    ax = next(iter(art.lines.values())).axes
    if ax.get_ylim() == (0.0, top):
        return False
    ax.set_ylim(0, top)
    return True


# ------------------------------------------------------------------------ claim checker
MAX_BARS = 4
BAR_STYLES = [(PALETTE["blue"], HATCHES[0]), (PALETTE["vermillion"], HATCHES[1]),
              (PALETTE["green"], HATCHES[2]), (PALETTE["purple"], HATCHES[3])]


@dataclass
class PanelArtists:
    ax: object
    bars: list
    errors: list
    missing: list
    note: object
    spreads: list = None


#: the label drawn above a whisker, by the row's recorded dispersion type
SPREAD_LABELS = {"SD": "± SD", "SE": "± SE", "not stated": "± (type\nnot stated)"}


def spread_label(row) -> str:
    """What a whisker shows, from the row's ``dispersion`` column (empty without a whisker).

    >>> spread_label({"sd": 60.0, "dispersion": "SE"}), spread_label({"sd": None, "dispersion": ""})
    ('± SE', '')
    """
    if row.get("sd") is None:
        return ""
    kind = row.get("dispersion") or "not stated"
    return SPREAD_LABELS[kind]


def draw_claim_panels(axes) -> list:
    """Prepare each axes with a fixed pool of :data:`MAX_BARS` bars (filled later)."""
    panels = []
    for ax in np.ravel(axes):
        bars = list(ax.bar(np.arange(MAX_BARS), np.zeros(MAX_BARS), width=0.6))
        for bar, (colour, hatch) in zip(bars, BAR_STYLES):
            bar.set_facecolor(colour)
            bar.set_hatch(hatch)
            bar.set_edgecolor(PALETTE["black"])
        errors = [ax.plot([i, i], [0, 0], color=PALETTE["black"], linewidth=1.5, linestyle="-",
                          marker="_", markersize=10)[0] for i in range(MAX_BARS)]
        missing = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=8, rotation=90)
                   for i in range(MAX_BARS)]
        note = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                       fontsize=9, wrap=True)
        spreads = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=7)
                   for i in range(MAX_BARS)]
        panels.append(PanelArtists(ax, bars, errors, missing, note, spreads))
    return panels


def _wrap(text, width=18):
    words, lines, cur = text.split(), [], ""
    for w in words:
        if len(cur) + len(w) + 1 > width and cur:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    return "\n".join(lines)


def update_claim_panels(panels: list, groups: list) -> bool:
    """Fill the panels with ``groups``: a list of dicts with ``title``, ``unit`` and ``rows``
    (each row: condition, value or None, sd or None). Extra panels are blanked. True: titles,
    scales and ticks change, so the whole figure is redrawn."""
    for i, panel in enumerate(panels):
        ax = panel.ax
        group = groups[i] if i < len(groups) else None
        ax.set_visible(group is not None)
        if group is None:
            continue
        rows = group["rows"][:MAX_BARS]
        values = [r["value"] for r in rows]
        known = [v + (r["sd"] or 0) for v, r in zip(values, rows) if v is not None]
        top = max(known) * 1.35 if known else 1.0
        for j, (bar, err, miss, spread) in enumerate(
                zip(panel.bars, panel.errors, panel.missing, panel.spreads)):
            if j < len(rows):
                v, sd = rows[j]["value"], rows[j]["sd"]
                bar.set_visible(True)
                bar.set_height(0 if v is None else v)
                err.set_visible(v is not None and sd is not None)
                spread.set_text(spread_label(rows[j]) if v is not None else "")
                if v is not None and sd is not None:
                    err.set_data([j, j], [v - sd, v + sd])
                    spread.set_position((j, v + sd))
                miss.set_text("no number\nreported" if v is None else "")
                miss.set_position((j, 0.0))
            else:
                bar.set_visible(False)
                err.set_visible(False)
                miss.set_text("")
                spread.set_text("")
        ax.set_xlim(-0.6, max(len(rows), 2) - 0.4)
        bottom, note = 0.0, group.get("note", "")
        if group["unit"] == "°C" and known:
            # temperatures: zero is not a natural baseline, so zoom in and say so
            low = min(v - (r["sd"] or 0) for v, r in zip(values, rows) if v is not None)
            bottom, top = float(np.floor(low - 1)), float(np.ceil(max(known) + 1))
            note = note or f"axis starts at {bottom:g} °C"
        if not known:
            note = note or "no numbers in the abstract:\nsee the list below"
        ax.set_ylim(bottom, top)
        ax.tick_params(axis="y", labelleft=bool(known))
        ax.set_xticks(range(len(rows)))
        ax.set_xticklabels([_wrap(r["condition"]) for r in rows], fontsize=7)
        ax.set_ylabel(group["unit"])
        ax.set_title(_wrap(group["title"], 40), fontsize=9)
        panel.note.set_text(note)
        panel.note.set_position((0.5, 0.92) if known else (0.5, 0.5))
    return True
