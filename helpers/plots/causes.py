"""Drawings for lesson 01: anatomy, fascia thickness, windlass, truss, forest plot, relaxation.

Each ``draw_*`` function takes an ``Axes`` (and a model result where it needs one), draws once
and returns a small object holding the artists it made; the matching ``update_*`` function
changes those artists in place, so a widget never rebuilds a figure, and returns True when
the whole figure must be redrawn (a limit or a highlight changed), False when redrawing the
moving artists is enough. Colours come only from
:data:`helpers.style.PALETTE`, and every colour difference is doubled by a line style, a
marker or a hatch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from matplotlib.patches import Circle, Ellipse, Polygon, Rectangle

from helpers.models import mechanics as mech
from helpers.style import PALETTE

GREY = "#BBBBBB"  # not a data colour: the neutral fill of structures that are not highlighted
HIGHLIGHT = PALETTE["orange"]
HIGHLIGHT_HATCH = "//"

# --------------------------------------------------------------------------------------------
# Anatomy (medial view, schematic, millimetres)
# --------------------------------------------------------------------------------------------

#: Structures of the anatomy drawing: key -> label shown on the figure.
STRUCTURES = {
    "calf": "calf muscles (triceps surae)",
    "achilles": "Achilles tendon",
    "calcaneus": "heel bone (calcaneus)",
    "tubercle": "medial calcaneal tubercle",
    "fat_pad": "heel fat pad",
    "fascia": "plantar fascia",
    "metatarsal_heads": "metatarsal heads",
    "toes": "toes (proximal phalanges)",
}


@dataclass
class AnatomyArtists:
    """Artists of the anatomy drawing: ``parts[key]`` is a list of patches or lines and
    ``labels[key]`` the text annotation of each structure in :data:`STRUCTURES`."""

    parts: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    selected: str | None = None


def _poly(ax, xy, **kw):
    p = Polygon(np.asarray(xy, float), closed=True, **kw)
    ax.add_patch(p)
    return p


def draw_anatomy(ax) -> AnatomyArtists:
    """Draw a labelled, schematic medial view of the foot and lower leg (heel left, not to scale).

    The shapes are simplified outlines for orientation, not traced from an image; only the
    heel fat pad (about 16 mm thick) is drawn near a measured size.
    """
    art = AnatomyArtists()
    base = dict(facecolor=GREY, edgecolor=PALETTE["black"], linewidth=1.0)
    # skin outline of foot and lower leg (context only)
    skin = [(-5, 8), (5, 0), (60, 0), (150, 4), (200, 0), (262, 2), (268, 14), (250, 26),
            (205, 34), (150, 62), (112, 88), (102, 120), (100, 230), (2, 230), (12, 110),
            (-8, 50)]
    ax.add_patch(Polygon(skin, closed=True, facecolor="none", edgecolor=PALETTE["black"],
                         linewidth=0.8, linestyle=":"))
    # shin bone and midfoot bones for context (not selectable)
    ctx = dict(facecolor="white", edgecolor=PALETTE["black"], linewidth=0.8)
    _poly(ax, [(70, 230), (94, 230), (96, 100), (66, 100)], **ctx)
    ax.text(82, 170, "shin bone\n(tibia)", fontsize=7, ha="center", va="center", rotation=90)
    _poly(ax, [(58, 96), (98, 98), (150, 62), (178, 42), (168, 30), (110, 40), (62, 66)], **ctx)
    ax.text(112, 62, "midfoot bones", fontsize=7, ha="center", va="center", rotation=-28)
    _poly(ax, [(160, 44), (195, 28), (192, 16), (158, 32)], **ctx)  # first metatarsal shaft

    art.parts["calf"] = [_poly(ax, [(8, 230), (64, 230), (66, 185), (50, 150), (34, 142),
                                    (18, 150), (8, 185)], **base)]
    art.parts["achilles"] = [_poly(ax, [(26, 148), (42, 146), (24, 62), (8, 64)], **base)]
    art.parts["calcaneus"] = [_poly(ax, [(2, 70), (30, 86), (60, 74), (72, 45), (50, 24),
                                         (22, 18), (4, 30)], **base)]
    art.parts["tubercle"] = [Circle((26, 20), 5, **base)]
    ax.add_patch(art.parts["tubercle"][0])
    art.parts["fat_pad"] = [Ellipse((30, 8), 52, 16, **base)]
    ax.add_patch(art.parts["fat_pad"][0])
    art.parts["metatarsal_heads"] = [Circle((196, 20), 8, **base)]
    ax.add_patch(art.parts["metatarsal_heads"][0])
    art.parts["toes"] = [
        _poly(ax, [(204, 26), (232, 22), (232, 12), (204, 14)], **base),
        _poly(ax, [(235, 22), (262, 16), (262, 6), (235, 11)], **base),
    ]
    # plantar fascia: a thick band from the tubercle, fanning into five slips to the toes
    (band,) = ax.plot([26, 80, 150, 188], [15, 12, 10, 11], color=PALETTE["black"],
                      linewidth=5, solid_capstyle="round")
    slips = []
    for dy in (-4, -2, 0, 2, 4):
        (s,) = ax.plot([188, 200, 214], [11, 10 + dy * 0.5, 12 + dy], color=PALETTE["black"],
                       linewidth=1.5)
        slips.append(s)
    art.parts["fascia"] = [band, *slips]

    label_at = {
        "calf": ((-75, 200), (20, 195)),
        "achilles": ((-75, 150), (22, 110)),
        "calcaneus": ((-75, 100), (30, 60)),
        "tubercle": ((-75, 45), (24, 22)),
        "fat_pad": ((-75, -15), (20, 4)),
        "fascia": ((110, -25), (110, 11)),
        "metatarsal_heads": ((190, 95), (196, 26)),
        "toes": ((240, 62), (245, 18)),
    }
    # two lines, so the label stays inside the axes, clear of the next panel's axis label
    label_text = {**STRUCTURES, "toes": "toes (proximal\nphalanges)"}
    for key, ((tx, ty), (px, py)) in label_at.items():
        art.labels[key] = ax.annotate(
            label_text[key], xy=(px, py), xytext=(tx, ty), fontsize=9,
            ha="center", va="center",
            arrowprops=dict(arrowstyle="-", color=PALETTE["black"], linewidth=0.7),
        )
    ax.set_xlim(-150, 285)
    ax.set_ylim(-40, 235)
    ax.set_aspect("equal")
    # a schematic, not a measured drawing: no scale, so no axis ticks or units
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("schematic drawing, not to scale: heel on the left, toes on the right")
    ax.set_ylabel("lower leg above, sole below")
    ax.set_title("Foot and lower leg, inner (medial) side")
    return art


def highlight_structure(art: AnatomyArtists, key: str | None) -> bool:
    """Fill ``key`` orange with a hatch and bold its label; reset every other structure.
    True: parts and labels change all over the figure, which is redrawn whole."""
    if key is not None and key not in STRUCTURES:
        raise ValueError(f"structure must be one of {', '.join(STRUCTURES)}; got {key!r}")
    for name, parts in art.parts.items():
        on = name == key
        for p in parts:
            if hasattr(p, "set_facecolor") and not hasattr(p, "set_ydata"):
                p.set_facecolor(HIGHLIGHT if on else GREY)
                p.set_hatch(HIGHLIGHT_HATCH if on else "")
                p.set_linewidth(2.0 if on else 1.0)
            else:  # fascia lines
                p.set_color(HIGHLIGHT if on else PALETTE["black"])
                p.set_linestyle("--" if on else "-")
        art.labels[name].set_fontweight("bold" if on else "normal")
    art.selected = key
    return True


def draw_thickness(ax) -> dict:
    """Fascia thickness on ultrasound, drawn to scale (mm on both axes).

    Healthy range 2 to 4 mm and the more-than-4 mm cut-off (Aggarwal et al. 2020); a fascia
    in the middle of the healthy range (3 mm) next to the same plus the meta-analysis mean
    difference of 2.16 mm (95 % CI 1.60 to 2.71 mm; McMillan et al. 2009).
    """
    healthy = 3.0
    extra, lo, hi = 2.16, 1.60, 2.71
    band = ax.axhspan(2, 4, xmin=0, xmax=1, facecolor=PALETTE["sky"], alpha=0.35,
                      hatch="..", edgecolor=PALETTE["blue"], linewidth=0)
    cut = ax.axhline(4, color=PALETTE["vermillion"], linestyle="--", linewidth=1.5)
    r1 = Rectangle((1, 0), 3, healthy, facecolor=PALETTE["blue"], edgecolor=PALETTE["black"])
    r2 = Rectangle((6, 0), 3, healthy + extra, facecolor=PALETTE["vermillion"],
                   edgecolor=PALETTE["black"], hatch="//")
    ax.add_patch(r1)
    ax.add_patch(r2)
    err = ax.errorbar([7.5], [healthy + extra], yerr=[[extra - lo], [hi - extra]],
                      color=PALETTE["black"], capsize=3, linewidth=1)
    ax.text(2.5, 0.3, "3 mm", ha="center", fontsize=8, color="white")
    ax.text(7.5, healthy + hi + 0.25, "3 + 2.16 mm", ha="center", fontsize=8)
    ax.text(0.2, 4.1, "cut-off 4 mm", fontsize=8, va="bottom", ha="left",
            color=PALETTE["vermillion"])
    ax.text(5, 3, "healthy\nrange", fontsize=7, va="center", ha="center")
    ax.set_xticks([2.5, 7.5], ["healthy", "painful"])
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 7)
    ax.set_aspect("equal")
    ax.set_ylabel("fascia thickness (mm, to scale)")
    ax.set_title("Thickness on\nultrasound")
    return {"band": band, "cutoff": cut, "healthy": r1, "painful": r2, "ci": err}


# --------------------------------------------------------------------------------------------
# Windlass
# --------------------------------------------------------------------------------------------


@dataclass
class WindlassArtists:
    """Artists of the windlass diagram and of the shortening-versus-angle panel."""

    arch: object
    arch_before: object
    fascia: object
    wrap: object
    toe: object
    drum: object
    curve_marker: object
    curve: object
    hicks: object
    text: object


def _windlass_geometry(result: mech.WindlassResult, a: float, b: float):
    h0 = result.arch_height_mm
    la = math.hypot(a, h0)
    hn = result.new_arch_height_mm
    fore_x = a + b
    span = a + b - result.shortening_mm
    heel_x = fore_x - span
    apex_x = heel_x + math.sqrt(max(la**2 - hn**2, 0.0))
    return heel_x, apex_x, hn, fore_x


def draw_windlass(ax_diagram, ax_curve, result: mech.WindlassResult,
                  heel_to_apex_mm: float = 70.0, apex_to_forefoot_mm: float = 110.0):
    """Draw the windlass: the arch as two struts, the fascia as a cable wound on the drum (the
    first metatarsal head), the toe as a lever; and the shortening against the toe angle."""
    a, b = heel_to_apex_mm, apex_to_forefoot_mm
    h0 = result.arch_height_mm
    r = result.drum_radius_mm
    (before,) = ax_diagram.plot([0, a, a + b], [0, h0, 0], color=GREY, linestyle=":",
                                linewidth=2, label="arch before")
    (arch,) = ax_diagram.plot([0, a, a + b], [0, h0, 0], color=PALETTE["blue"], linestyle="-",
                              marker="o", linewidth=3, label="arch (bones)")
    (fascia,) = ax_diagram.plot([0, a + b], [-r, -r], color=PALETTE["vermillion"],
                                linestyle="--", linewidth=2.5, label="plantar fascia")
    (wrap,) = ax_diagram.plot([], [], color=PALETTE["vermillion"], linestyle="--",
                              linewidth=2.5)
    drum = Circle((a + b, 0), r, facecolor="white", edgecolor=PALETTE["black"], linewidth=1.5)
    ax_diagram.add_patch(drum)
    (toe,) = ax_diagram.plot([], [], color=PALETTE["green"], linestyle="-.", linewidth=4,
                             label="big toe")
    text = ax_diagram.text(0.02, 0.97, "", transform=ax_diagram.transAxes, va="top",
                           fontsize=9)
    ax_diagram.set_xlim(-20, a + b + 60)
    # headroom: the readout (upper left) and the legend (upper right) stay clear of the toe,
    # which reaches 50 mm up at 90 degrees, and of the arch
    ax_diagram.set_ylim(-25, max(h0 + 45, 50 + 55))
    ax_diagram.set_aspect("equal")
    ax_diagram.set_xlabel("length along the foot (mm)")
    ax_diagram.set_ylabel("height (mm)")
    ax_diagram.set_title("Windlass: toe up, fascia wound, arch up")
    ax_diagram.legend(loc="upper right", fontsize=8)

    angles = np.linspace(0, 90, 91)
    (curve,) = ax_curve.plot(angles, r * np.radians(angles), color=PALETTE["blue"],
                             linestyle="-", label="radius x angle")
    (hicks,) = ax_curve.plot([90], [10], linestyle="none", marker="s", markersize=8,
                             markerfacecolor="none", markeredgecolor=PALETTE["vermillion"],
                             label="Hicks 1954: about 1 cm [S]")
    (marker,) = ax_curve.plot([], [], linestyle="none", marker="o", markersize=9,
                              color=PALETTE["black"], label="this toe angle")
    ax_curve.set_xlim(0, 95)
    ax_curve.set_ylim(0, max(12, r * math.pi / 2 * 1.15))
    ax_curve.set_xlabel("big-toe extension (degrees)")
    ax_curve.set_ylabel("fascia shortening (mm)")
    ax_curve.set_title("Shortening = radius x angle")
    ax_curve.legend(loc="upper left", fontsize=8)
    art = WindlassArtists(arch, before, fascia, wrap, toe, drum, marker, curve, hicks, text)
    update_windlass(art, result, a, b)
    return art


def update_windlass(art: WindlassArtists, result: mech.WindlassResult,
                    heel_to_apex_mm: float = 70.0, apex_to_forefoot_mm: float = 110.0) -> bool:
    """Move the windlass artists to ``result``; False: the axes stay as drawn."""
    a, b = heel_to_apex_mm, apex_to_forefoot_mm
    heel_x, apex_x, hn, fore_x = _windlass_geometry(result, a, b)
    r = result.drum_radius_mm
    th = result.toe_extension_rad
    art.arch.set_data([heel_x, apex_x, fore_x], [0, hn, 0])
    # cable: from the heel along the sole to the bottom of the drum, then wound by the angle
    art.fascia.set_data([heel_x, fore_x], [-r, -r])
    phis = np.linspace(-math.pi / 2, -math.pi / 2 + th, 30)
    art.wrap.set_data(fore_x + r * np.cos(phis), r * np.sin(phis))
    art.toe.set_data([fore_x, fore_x + 50 * math.cos(th)], [0, 50 * math.sin(th)])
    art.curve_marker.set_data([result.toe_extension_deg], [result.shortening_mm])
    art.text.set_text(
        f"toe {result.toe_extension_deg:.0f} deg: fascia {result.shortening_mm:.1f} mm "
        f"shorter,\narch {result.arch_rise_mm:.1f} mm higher"
    )
    return False


# --------------------------------------------------------------------------------------------
# Truss
# --------------------------------------------------------------------------------------------


@dataclass
class TrussArtists:
    """Artists of the truss diagram and of the tension-comparison bars."""

    struts: object
    deformed: object
    tie: object
    load: object
    heel_reaction: object
    fore_reaction: object
    tension_text: object
    bars: object
    failure_line: object
    failure_band: object
    bar_texts: list


def draw_truss(ax_diagram, ax_bars, result: mech.TrussResult):
    """Draw the tie-rod truss with its load and reactions, and bars comparing the tension with
    the published walking peaks and the failure load (same body mass)."""
    (struts,) = ax_diagram.plot([], [], color=PALETTE["blue"], linestyle="-", marker="o",
                                linewidth=4, label="bones (struts)")
    (deformed,) = ax_diagram.plot([], [], color=PALETTE["sky"], linestyle=":", linewidth=2,
                                  label="after the fascia stretches")
    (tie,) = ax_diagram.plot([], [], color=PALETTE["vermillion"], linestyle="--", linewidth=3,
                             label="plantar fascia (tie)")
    (load,) = ax_diagram.plot([], [], color=PALETTE["black"], linestyle="-", marker="v",
                              markevery=[1], markersize=9, linewidth=2, label="load / reactions")
    (heel_r,) = ax_diagram.plot([], [], color=PALETTE["black"], linestyle="-", marker="^",
                                markevery=[1], markersize=8, linewidth=2)
    (fore_r,) = ax_diagram.plot([], [], color=PALETTE["black"], linestyle="-", marker="^",
                                markevery=[1], markersize=8, linewidth=2)
    text = ax_diagram.text(0.02, 0.97, "", transform=ax_diagram.transAxes, va="top",
                           fontsize=9)
    ax_diagram.axhline(-3, color=GREY, linewidth=1)
    ax_diagram.set_xlim(-20, 280)
    ax_diagram.set_ylim(-45, 140)
    ax_diagram.set_aspect("equal")
    ax_diagram.set_xlabel("length along the foot (mm)")
    ax_diagram.set_ylabel("height (mm)")
    ax_diagram.set_title("The arch as a truss with a tie")
    ax_diagram.legend(loc="upper right", fontsize=8)  # clear of the highest arch and its load

    refs = result.walking_references_n
    names = ["this model", "walking peak,\ncadaver\n(Erdemir 2004)",
             "walking peak,\nmodel\n(Caravaggi 2009)"]
    bars = ax_bars.bar(
        [0, 1, 2], [result.tension_n, refs["erdemir2004"], refs["caravaggi2009"]],
        color=[PALETTE["vermillion"], PALETTE["sky"], PALETTE["green"]],
        edgecolor=PALETTE["black"], width=0.6,
    )
    for bar, hatch in zip(bars, ["", "//", ".."]):
        bar.set_hatch(hatch)
    fail = mech.FASCIA_FAILURE_LOAD_N
    sd = mech.FASCIA_FAILURE_LOAD_SD_N
    band = ax_bars.axhspan(fail - sd, fail + sd, facecolor=GREY, alpha=0.35, hatch="xx",
                           edgecolor=PALETTE["black"], linewidth=0)
    line = ax_bars.axhline(fail, color=PALETTE["black"], linestyle="-.", linewidth=1.5,
                           label="failure load, mean +/- SD (Kitaoka 1994)")
    texts = [ax_bars.text(i, 0, "", ha="center", va="bottom", fontsize=8) for i in range(3)]
    ax_bars.set_xticks([0, 1, 2], names, fontsize=8)
    ax_bars.set_ylabel("fascia tension (N)")
    ax_bars.set_ylim(0, 3000)
    ax_bars.set_title("Tension compared")
    ax_bars.legend(loc="upper left", fontsize=8)
    art = TrussArtists(struts, deformed, tie, load, heel_r, fore_r, text, bars, line, band,
                       texts)
    update_truss(art, result)
    return art


def update_truss(art: TrussArtists, result: mech.TrussResult) -> bool:
    """Move the truss artists to ``result``; True when the bars' axis had to grow or shrink."""
    a, b, h = result.heel_to_apex_mm, result.apex_to_forefoot_mm, result.arch_height_mm
    art.struts.set_data([0, a, a + b], [0, h, 0])
    la = math.hypot(a, h)
    hn = max(h - result.arch_drop_mm, 0.0)
    span = a + b + result.stretch_mm
    ax_ = math.sqrt(max(la**2 - hn**2, 0.0))
    art.deformed.set_data([0, ax_, span], [0, hn, 0])
    art.tie.set_data([0, a + b], [0, 0])
    scale = 0.04  # mm of arrow per newton
    art.load.set_data([a, a], [h + scale * result.foot_load_n, h])
    art.heel_reaction.set_data([0, 0], [-3 - scale * result.heel_reaction_n, -3])
    art.fore_reaction.set_data([a + b, a + b], [-3 - scale * result.forefoot_reaction_n, -3])
    art.tension_text.set_text(
        f"load {result.foot_load_n:.0f} N\nfascia {result.tension_n:.0f} N\n"
        f"({result.tension_body_weights:.2f} x body weight)\n"
        f"stretch {result.stretch_mm:.1f} mm\narch drop {result.arch_drop_mm:.1f} mm"
    )
    refs = result.walking_references_n
    values = [result.tension_n, refs["erdemir2004"], refs["caravaggi2009"]]
    top = max(3000.0, 1.15 * max(values))
    bar_ax = art.bars[0].axes
    rescaled = tuple(bar_ax.get_ylim()) != (0, top)
    if rescaled:  # setting the same limits still marks the figure stale
        bar_ax.set_ylim(0, top)
    for bar, txt, v in zip(art.bars, art.bar_texts, values):
        bar.set_height(v)
        txt.set_position((bar.get_x() + bar.get_width() / 2, v + 0.01 * top))
        txt.set_text(f"{v:.0f} N")
    return rescaled


# --------------------------------------------------------------------------------------------
# Forest plot
# --------------------------------------------------------------------------------------------


@dataclass
class ForestArtists:
    """Artists of the forest plot; ``rows`` holds one dict per table row (in plot order) with
    its ``factor``, ``marker`` line, ``ci`` line and ``label`` text."""

    rows: list
    headers: dict
    null_line: object


#: Marker per study, so studies differ by shape as well as colour.
STUDY_STYLE = {
    "riddle2003": ("o", "blue", "-"),
    "irving2007": ("s", "vermillion", "--"),
    "vanleeuwen2016": ("D", "green", ":"),
}


def draw_forest(ax, rows, factor_labels: dict) -> ForestArtists:
    """Odds ratios with 95 % confidence intervals on a log axis, grouped by factor.

    ``rows`` are dicts with ``study``, ``factor``, ``comparison``, ``odds_ratio``, ``ci_low``,
    ``ci_high``, ``source`` and ``status``; a row without an odds ratio is shown as a text note
    (a study that reported no odds ratio for that factor). ``factor_labels`` maps factor keys
    to headings, in display order.
    """
    y = 0.0
    out_rows, headers = [], {}
    tr = ax.get_yaxis_transform()  # x in axes fraction, y in data
    for factor, heading in factor_labels.items():
        group = [r for r in rows if r["factor"] == factor]
        if not group:
            continue
        headers[factor] = ax.text(-0.02, y, heading, transform=tr, fontsize=10, fontweight="bold",
                                  va="center", ha="right")
        y -= 1
        for r in group:
            marker, colour, style = STUDY_STYLE.get(r["source"], ("o", "black", "-"))
            tag = " [S]" if r.get("status") == "S" else ""
            label = f"{r['study']}{tag}: {r['comparison']}"
            if r.get("odds_ratio") is None:
                (ci,) = ax.plot([], [])
                (mk,) = ax.plot([], [])
                txt = ax.text(-0.02, y, f"{label}", fontsize=8, va="center", ha="right",
                              transform=tr)
                note = ax.text(1.1, y, r["finding"], fontsize=8, va="center", ha="left",
                               style="italic")
            else:
                (ci,) = ax.plot([r["ci_low"], r["ci_high"]], [y, y], color=PALETTE[colour],
                                linewidth=2, linestyle=style, solid_capstyle="butt")
                (mk,) = ax.plot([r["odds_ratio"]], [y], marker=marker, color=PALETTE[colour],
                                markersize=8, linestyle="none")
                txt = ax.text(-0.02, y,
                              f"{label}  OR {r['odds_ratio']:g} ({r['ci_low']:g}-{r['ci_high']:g})",
                              fontsize=8, va="center", ha="right", transform=tr)
            row = {"factor": factor, "marker": mk, "ci": ci, "label": txt, "y": y}
            if r.get("odds_ratio") is None:
                row["note"] = note
            out_rows.append(row)
            y -= 1
        y -= 0.4
    null = ax.axvline(1, color=PALETTE["black"], linestyle=":", linewidth=1.2)
    ax.set_xscale("log")
    ax.set_xlim(0.5, 200)
    ax.set_ylim(y + 0.5, 0.8)
    ax.set_yticks([])
    ax.set_xticks([0.5, 1, 2, 5, 10, 20, 50, 100, 200],
                  ["0.5", "1", "2", "5", "10", "20", "50", "100", "200"])
    ax.minorticks_off()
    ax.set_xlabel("odds ratio (log scale; >1: more common with heel pain)")
    ax.set_title("Risk factors: odds ratios with 95% CI")
    ax.spines["left"].set_visible(False)
    return ForestArtists(out_rows, headers, null)


def highlight_factor(art: ForestArtists, factor: str | None) -> bool:
    """Show ``factor``'s rows at full strength and fade the others; True: the rows change all
    over the figure, which is redrawn whole."""
    for row in art.rows:
        on = factor is None or row["factor"] == factor
        # only the marks fade; every label stays at full strength so it can be read
        alpha = 1.0 if on else 0.3
        for key in ("marker", "ci"):
            if key in row:
                row[key].set_alpha(alpha)
        row["ci"].set_linewidth(3.5 if (on and factor is not None) else 2)
    for f, t in art.headers.items():
        t.set_fontweight("bold" if (factor is None or f == factor) else "normal")
    return True


# --------------------------------------------------------------------------------------------
# Relaxation and first steps
# --------------------------------------------------------------------------------------------


def draw_relaxation(ax, result: mech.RelaxationResult) -> dict:
    """Stress after a step stretch held constant, with the model's assumed 40 % at 240 s marked."""
    (line,) = ax.plot(result.time_s, 100 * result.stress_fraction, color=PALETTE["blue"],
                      linestyle="-", label="standard linear solid (model)")
    (point,) = ax.plot([240], [60], linestyle="none", marker="s", markersize=9,
                       markerfacecolor="none", markeredgecolor=PALETTE["vermillion"],
                       markeredgewidth=2, label="assumed: 40% lost at 240 s")
    steady = ax.axhline(100 - result.steady_relaxation_percent, color=PALETTE["black"],
                        linestyle=":", linewidth=1.2, label="steady value of the model")
    ax.set_xlabel("time holding the stretch (s)")
    ax.set_ylabel("stress (% of the first instant)")
    ax.set_ylim(0, 105)
    ax.set_title("Stress relaxation of the fascia")
    ax.legend(loc="lower left", fontsize=8)
    return {"line": line, "point": point, "steady": steady}


@dataclass
class FirstStepArtists:
    """Artists of the first-steps plot."""

    trace: object
    peaks: object
    rested: object
    steady: object
    first: object


def draw_first_steps(ax, result: mech.FirstStepResult,
                     max_walk_min: float = 10.0) -> FirstStepArtists:
    """Tension in each step after getting up, with the fully rested and steady peaks.

    The time axis is fixed from 0 to ``max_walk_min`` (the longest walk the figure will show),
    so a longer walk lengthens the line instead of rescaling the axis, and walks of different
    lengths can be compared by eye.
    """
    (trace,) = ax.plot([], [], color=PALETTE["sky"], linestyle="-", linewidth=0.6)
    trace.set_visible(False)  # kept for tests and zooming; 0.6 s on, 0.4 s off per step
    (peaks,) = ax.plot([], [], color=PALETTE["blue"], linestyle="-", linewidth=2.5,
                       label="peak of each step")
    (first,) = ax.plot([], [], linestyle="none", marker="o", markersize=9,
                       color=PALETTE["vermillion"], label="first step")
    rested = ax.axhline(result.rested_peak_n, color=PALETTE["black"], linestyle="--",
                        linewidth=1.2, label="peak after a long rest")
    steady = ax.axhline(result.steady_peak_n, color=PALETTE["green"], linestyle=":",
                        linewidth=1.5, label="peak after a long walk")
    ax.set_xlabel("time since getting up (min)")
    ax.set_ylabel("fascia tension (N)")
    ax.set_ylim(0, result.rested_peak_n * 1.3)
    ax.set_xlim(-0.02 * max_walk_min, 1.02 * max_walk_min)
    ax.set_title("First steps after rest (model)")
    ax.legend(loc="upper right", fontsize=8, ncols=2)
    art = FirstStepArtists(trace, peaks, rested, steady, first)
    update_first_steps(art, result)
    return art


def update_first_steps(art: FirstStepArtists, result: mech.FirstStepResult) -> bool:
    """Move the first-steps artists to ``result``; False: the axes stay as drawn."""
    art.trace.set_data(result.time_s / 60, result.tension_n)
    art.peaks.set_data(result.step_time_s / 60, result.step_peak_n)
    art.first.set_data([0], [result.first_peak_n])
    art.rested.set_ydata([result.rested_peak_n] * 2)
    art.steady.set_ydata([result.steady_peak_n] * 2)
    return False
