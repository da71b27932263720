"""Widget apps for lesson 01: anatomy, windlass, truss, risk factors and first-step pain.

Each app builds its figure once (``hp.new_figure``), keeps its controls, artists, latest model
result (``app.result``) and a text readout (``app.readout``, an ``HTML`` widget) as
attributes, and declares its step (:meth:`update`) and readout; :class:`helpers.appbase.App`
runs the cycle. Only the artists a control moves are redrawn (``app.blitter``, a
:class:`helpers.blit.Blitter`); a step that changes an axis range redraws the whole figure. The pickers (anatomy, risk factors) change text and fills
all over their figure, which is slow to redraw even alone: there the whole picture of each
option is kept after it is first drawn, and choosing that option again pastes it. Tests drive the controls directly; ``readout_text()``
gives the readout as plain text for compared notebook cells.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from helpers import style
from helpers.appbase import App
from helpers.blit import Blitter, legends
from helpers.models import mechanics as mech
from helpers.plots import causes as pc
from helpers.sources import short_cite
from helpers.tables import load_table

_SLIDER_LAYOUT = widgets.Layout(width="420px")


def _slider(value, lo, hi, step, description, readout_format=".0f"):
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                               style=App.STYLE, layout=_SLIDER_LAYOUT,
                               readout_format=readout_format)


class _Base(App):
    READOUT = "above"


class _Picker(_Base):
    """One choice restyles parts all over the figure, which costs about as much to redraw alone
    as the whole figure (text and leader arrows): the picture of each option is kept instead."""

    def _build_picker(self, name, picker):
        self.result = None
        self._picker = picker
        self.blitter = Blitter(self.fig)  # nothing moves on its own
        self.build(name, [picker])

    def update(self) -> bool:
        self.result = self._picker.value
        return self._highlight(self.result)

    def picture_key(self):
        return self.result  # the still parts show the chosen option and nothing else


# --------------------------------------------------------------------------------------------
# Anatomy
# --------------------------------------------------------------------------------------------

#: Role of each structure, in plain words, with the keys of the sources it rests on.
ROLES = {
    "calf": (
        "These muscles pull on the heel bone through the Achilles tendon. "
        "A tight calf limits how far the ankle bends up (dorsiflexion); one case-control study "
        "found limited dorsiflexion far more often in people with heel pain, another did not "
        "(see section 4).",
        ["riddle2003", "irving2007"],
    ),
    "achilles": (
        "It joins the calf to the back of the heel bone. Dissections show the "
        "plantar fascia is linked to the tendon's sheath (paratenon) through the lining of the "
        "heel bone (periosteum), not by continuous fibres; in 19 cadaver feet the sizes of the "
        "two were closely related (r = 0.80), and in a cadaver walking simulation their forces "
        "rose together (r = 0.76).",
        ["stecco2013", "singh2021", "erdemir2004"],
    ),
    "calcaneus": (
        "It is the back pillar of the arch and the anchor of the plantar "
        "fascia, which runs from it forward to the level of the metatarsal heads.",
        ["aggarwal2020"],
    ),
    "tubercle": (
        "The bump on the underside of the heel bone, inner "
        "side. The fascia starts here, a standard anatomy detail for which this course cites "
        "no study. Pain when the fascia's "
        "heel attachment is pressed is one of the diagnostic criteria of the 2014 US physical "
        "therapy guideline (as quoted in a later paper, a secondary source).",
        ["springerplus2016"],
    ),
    "fat_pad": (
        "A cushion of fat cells held in fibrous walls under the heel bone; "
        "in 10 healthy adults it was about 16 mm thick (median). In a pilot study of 9 painful "
        "and 9 healthy feet, the painful fat pads dissipated a smaller share of the energy in "
        "walking (energy dissipation ratio 0.55 vs 0.69) while their thickness did not differ.",
        ["bmcmsk2022", "wearing2009"],
    ),
    "fascia": (
        "A strong band from the heel that fans into five slips running "
        "under the metatarsal heads to the base of each toe. It has three bundles (inner, "
        "central, outer); the central one is most often affected. It ties the ends of the arch "
        "together: cutting it in cadaver feet made the arch 25% less stiff.",
        ["caravaggi2009", "aggarwal2020", "huang1993"],
    ),
    "metatarsal_heads": (
        "The rounded ends of the long foot bones, under the ball of "
        "the foot. The fascia's slips pass beneath them; when the toes bend up, the fascia "
        "wraps round them like a cable on a drum (the windlass, section 2).",
        ["caravaggi2009", "hicks1954"],
    ),
    "toes": (
        "Each slip of the fascia attaches to the underside of the first bone of a toe (the "
        "proximal phalanx). Bending the big toe up therefore pulls on the fascia; this is the "
        "windlass test, one of the diagnostic criteria.",
        ["caravaggi2009", "springerplus2016"],
    ),
}


class AnatomyApp(_Picker):
    """Labelled medial view of the foot; pick a structure to highlight it and read its role.

    Controls: ``structure_picker`` (ToggleButtons over :data:`helpers.plots.causes.STRUCTURES`).
    Result: ``result`` is the selected key. Artists: ``art`` (anatomy) and ``thickness``.
    """

    CAPTION = (
        "Left: schematic side view of the inner foot and lower leg, heel on the left, with the "
        "calf muscles, Achilles tendon, heel bone and its medial tubercle, heel fat pad, "
        "plantar fascia fanning to the toes, metatarsal heads and toes; the selected structure "
        "is filled orange with hatching. Right: fascia thickness to scale in millimetres, a "
        "3 mm fascia in the healthy 2 to 4 mm band beside a fascia 2.16 mm thicker, the mean "
        "difference in people with heel pain, above the 4 mm cut-off line."
    )

    def __init__(self, structure: str = "fascia"):
        self.fig, (ax, ax_t) = style.new_figure(
            1, 2, figsize=(10, 5.2), gridspec_kw={"width_ratios": [3.4, 1]}
        )
        self.art = pc.draw_anatomy(ax)
        self.thickness = pc.draw_thickness(ax_t)
        options = [(label, key) for key, label in pc.STRUCTURES.items()]
        self.structure_picker = widgets.ToggleButtons(
            options=options, value=structure, description="Structure:", style=self.STYLE
        )
        self._build_picker("anatomy", self.structure_picker)

    def _highlight(self, key) -> bool:
        return pc.highlight_structure(self.art, key)

    def readout_html(self) -> str:
        text, keys = ROLES[self.result]
        return (
            f"<p><strong>{html.escape(pc.STRUCTURES[self.result].capitalize())}.</strong> "
            f"{html.escape(text)} "
            f"<em>Sources: {html.escape('; '.join(short_cite(k) for k in keys))}.</em></p>"
        )


# --------------------------------------------------------------------------------------------
# Windlass
# --------------------------------------------------------------------------------------------


class WindlassApp(_Base):
    """Big-toe extension slider; the fascia winds on the metatarsal head and the arch rises.

    Controls: ``angle_slider`` (0 to 90 degrees). Result: ``result`` (:class:`WindlassResult`).
    """

    CAPTION = (
        "Left: the arch as two straight bones meeting at the top, the plantar fascia as a "
        "dashed cable along the sole wound round the first metatarsal head (circle), and the "
        "big toe as a dash-dot lever; the dotted outline is the arch before the toe bends. "
        "Right: fascia shortening in millimetres against toe extension in degrees, a straight "
        "line (radius times angle) with the current angle as a dot and Hicks's secondary "
        "figure of about 1 cm at a quarter turn as an open square."
    )

    def __init__(self, toe_extension_deg: float = 30.0):
        self.fig, (ax_d, ax_c) = style.new_figure(
            1, 2, figsize=(10, 4.2), gridspec_kw={"width_ratios": [3, 2]}
        )
        self.result = mech.windlass(toe_extension_deg)
        self.art = pc.draw_windlass(ax_d, ax_c, self.result)
        lo, hi = mech.TOE_EXTENSION_RANGE_DEG
        self.angle_slider = _slider(toe_extension_deg, lo, hi, 1, "Big-toe extension (deg)")
        a = self.art
        self.blitter = Blitter(self.fig, [a.arch, a.fascia, a.wrap, a.toe, a.curve_marker,
                                          a.text], still=legends(self.fig))
        self.build("windlass", [self.angle_slider])

    def update(self) -> bool:
        self.result = mech.windlass(self.angle_slider.value)
        return pc.update_windlass(self.art, self.result)

    def readout_html(self) -> str:
        r = self.result
        return (
            f"<p>Toe extension <strong>{r.toe_extension_deg:.0f} degrees</strong> "
            f"({r.toe_extension_rad:.2f} rad) x drum radius {r.drum_radius_mm:.1f} mm = "
            f"fascia shortening <strong>{r.shortening_mm:.1f} mm</strong>; "
            f"arch height {r.arch_height_mm:.0f} &rarr; {r.new_arch_height_mm:.1f} mm "
            f"(rise {r.arch_rise_mm:.1f} mm, unloaded foot, model).</p>"
        )


# --------------------------------------------------------------------------------------------
# Truss
# --------------------------------------------------------------------------------------------

#: Slider ranges (TEACHING ASSUMPTIONS, inside what :func:`truss` accepts).
TRUSS_SLIDERS = {
    "body_mass_kg": (40, 150, 70, 1),
    "arch_height_mm": (15, 60, 40, 1),
    "heel_to_apex_mm": (50, 110, 70, 1),
    "apex_to_forefoot_mm": (80, 150, 110, 1),
}


class TrussApp(_Base):
    """Tie-rod truss of the arch with sliders for mass, arch height and segment lengths.

    Controls: ``mass_slider``, ``arch_slider``, ``heel_slider``, ``forefoot_slider`` and
    ``case_picker``. Result: ``result`` (:class:`TrussResult`).
    """

    CAPTION = (
        "Left: the arch as a triangle of two bones (solid) with the plantar fascia as the tie "
        "along the sole (dashed); arrows show the load pressing down on the top of the arch "
        "and the ground pushing up under heel and forefoot, arrow length in proportion to force; "
        "the dotted outline is the arch after the fascia stretches. Right: bars of fascia "
        "tension in newtons for this model (plain), the cadaver walking peak (diagonal hatch) "
        "and the model walking peak (dots) for the same body mass, with the mean failure load "
        "as a dash-dot line in a cross-hatched band of plus or minus one standard deviation."
    )

    def __init__(self):
        self.fig, (ax_d, ax_b) = style.new_figure(
            1, 2, figsize=(10, 4.4), gridspec_kw={"width_ratios": [3, 2]}
        )
        # opens on the walking peak, the case the published walking tensions are compared with
        self.result = mech.truss(70, load_case="walking_peak")
        self.art = pc.draw_truss(ax_d, ax_b, self.result)

        def slider(key, label):
            lo, hi, val, step = TRUSS_SLIDERS[key]
            return _slider(val, lo, hi, step, label)

        self.mass_slider = slider("body_mass_kg", "Body mass (kg)")
        self.arch_slider = slider("arch_height_mm", "Arch height (mm)")
        self.heel_slider = slider("heel_to_apex_mm", "Heel to arch top (mm)")
        self.forefoot_slider = slider("apex_to_forefoot_mm", "Arch top to forefoot (mm)")
        self.case_picker = widgets.ToggleButtons(
            options=[(label, key) for key, label in mech.LOAD_CASE_LABELS.items()],
            value="walking_peak", description="Load case:", style=self.STYLE,
        )
        a = self.art
        self.blitter = Blitter(self.fig, [a.struts, a.deformed, a.tie, a.load, a.heel_reaction,
                                          a.fore_reaction, a.tension_text, *a.bars,
                                          *a.bar_texts], still=legends(self.fig))
        self.build("truss", [self.mass_slider, self.arch_slider, self.heel_slider,
                             self.forefoot_slider, self.case_picker])

    def update(self) -> bool:
        self.result = mech.truss(
            self.mass_slider.value, self.arch_slider.value, self.heel_slider.value,
            self.forefoot_slider.value, self.case_picker.value,
        )
        return pc.update_truss(self.art, self.result)

    def readout_html(self) -> str:
        r = self.result
        refs = r.walking_references_n
        text = (
            f"<p><strong>{mech.LOAD_CASE_LABELS[r.load_case].capitalize()}</strong>, "
            f"{r.body_mass_kg:.0f} kg: load on the arch {r.foot_load_n:.0f} N.<br>"
            f"Fascia tension <strong>{r.tension_n:.0f} N</strong> = "
            f"<strong>{r.tension_body_weights:.2f} x body weight</strong>; "
            f"stretch {r.stretch_mm:.1f} mm; arch drop {r.arch_drop_mm:.1f} mm.<br>"
            f"That is {100 * r.failure_fraction:.0f}% of the mean failure load "
            f"({mech.FASCIA_FAILURE_LOAD_N:.0f} N). Published walking peaks for this mass: "
            f"{refs['erdemir2004']:.0f} N (cadaver simulation) and "
            f"{refs['caravaggi2009']:.0f} N (model).</p>"
        )
        warnings = []
        if r.failure_fraction > 1:
            warnings.append(
                "The tension is above the mean failure load. Real feet do not tear at every "
                "step: other structures share the load (Huang et al. 1993), so read this as a "
                "limit of the model, not a prediction."
            )
        if r.arch_collapsed:
            warnings.append(
                "The stretch is larger than this arch can take: the arch would go flat, and the "
                "model (small stretch, rigid bones) no longer holds."
            )
        if warnings:
            text += f"<p><strong>Model limit.</strong> {' '.join(warnings)}</p>"
        return text


# --------------------------------------------------------------------------------------------
# Risk factors
# --------------------------------------------------------------------------------------------

FACTOR_LABELS = {
    "body_mass": "Body mass",
    "dorsiflexion": "Ankle dorsiflexion",
    "time_on_feet": "Time on feet at work",
    "foot_posture": "Foot posture",
}


def risk_factor_rows():
    """Rows of ``data/risk_factors.csv`` with each source's status (V or S) added."""
    from helpers.sources import source

    rows = []
    for row in load_table("risk_factors"):
        r = dict(row)
        r["status"] = source(r["source"])["status"]
        rows.append(r)
    return rows


def _link_text(factor: str) -> str:
    if factor == "body_mass":
        a = mech.truss(70, load_case="walking_peak")
        b = mech.truss(90, load_case="walking_peak")
        return (
            "All three sources agree that a higher body mass goes with heel pain, and in the "
            "review it was the only significant clinical association. In the truss "
            "model tension is proportional to load: at the walking-peak teaching load, 70 kg "
            f"gives {a.tension_n:.0f} N and 90 kg gives {b.tension_n:.0f} N "
            f"(+{100 * (b.tension_n / a.tension_n - 1):.0f}%)."
        )
    if factor == "dorsiflexion":
        return (
            "The studies disagree: in one, people whose ankle bent up no further than 0 degrees "
            "had heel pain far more often (wide interval, small sample); in the other, cases "
            "had slightly more ankle movement. The proposed link is a tight calf pulling on the "
            "heel: Achilles force and fascia tension rose together in a cadaver simulation "
            "(r = 0.76), and the two are joined through the heel bone's lining, not by "
            "continuous fibres."
        )
    if factor == "time_on_feet":
        return (
            "The studies disagree: being on one's feet most of the workday was more common in "
            "cases in one study, while the other found no difference in time spent standing. In "
            "the mechanics, standing keeps the fascia under tension (the two-feet load case) "
            "for longer; the model says nothing about how long is harmful."
        )
    a = mech.truss(70, arch_height_mm=40, load_case="walking_peak")
    b = mech.truss(70, arch_height_mm=30, load_case="walking_peak")
    return (
        "A more rolled-in (pronated) foot posture was more common in cases in one study. In the "
        "truss a lower arch means more tension for the same load: 40 mm gives "
        f"{a.tension_n:.0f} N and 30 mm gives {b.tension_n:.0f} N at the walking-peak teaching "
        "load. The Foot Posture Index is not the same as arch height, so this is a link to "
        "think with, not a measured effect."
    )


class RiskFactorApp(_Picker):
    """Forest plot of odds ratios; pick a factor to highlight it and link it to the mechanics.

    Controls: ``factor_picker`` (Dropdown). Result: ``result`` is the selected factor key.
    """

    CAPTION = (
        "Forest plot: each row is one study's odds ratio (marker) with its 95% confidence "
        "interval (horizontal line) on a logarithmic axis; a dotted vertical line marks an odds "
        "ratio of 1 (no association). Rows are grouped by factor: body mass (three sources, all "
        "above 1), ankle dorsiflexion (one study far above 1 with a very wide interval, one "
        "study with no odds ratio and the opposite direction), time on feet and foot posture. "
        "Studies differ by marker shape and line style; the selected factor is drawn in full "
        "and the others faded."
    )

    def __init__(self, factor: str = "body_mass"):
        self.rows = risk_factor_rows()
        self.fig, ax = style.new_figure(figsize=(10, 5.2))
        self.art = pc.draw_forest(ax, self.rows, FACTOR_LABELS)
        # the study labels sit left of the axes, outside what an automatic layout measures:
        # leave them a fixed margin wide enough for the longest label
        self.fig.set_layout_engine("none")
        ax.set_position([0.47, 0.12, 0.51, 0.81])
        self.factor_picker = widgets.Dropdown(
            options=[(v, k) for k, v in FACTOR_LABELS.items()], value=factor,
            description="Factor:", style=self.STYLE,
        )
        # a choice fades or restores every row, and the rows are mostly text (slow to draw)
        self._build_picker("riskfactors", self.factor_picker)

    def _highlight(self, factor) -> bool:
        return pc.highlight_factor(self.art, factor)

    def readout_html(self) -> str:
        factor = self.result
        return (f"<p><strong>{FACTOR_LABELS[factor]}.</strong> "
                f"{html.escape(_link_text(factor))}</p>")


# --------------------------------------------------------------------------------------------
# First steps
# --------------------------------------------------------------------------------------------


#: Walking-time slider (min, max, step in minutes); the time axis spans the whole range.
WALK_SLIDER_MINUTES = (0.5, 10.0, 0.5)


def default_step_tension_n() -> float:
    """Step tension used by :class:`FirstStepApp`: the truss at its defaults, walking peak."""
    return mech.truss(70, load_case="walking_peak").tension_n


class FirstStepApp(_Base):
    """Rest and walking sliders; tension of each step in the standard-linear-solid model.

    Controls: ``rest_slider`` (minutes of rest, 0 to 60), ``walk_slider`` (minutes of walking,
    0.5 to 10). Result: ``result`` (:class:`FirstStepResult`). Left panel: the relaxation test
    the model is fitted to (static). The right panel's time axis spans the whole walking
    range, so both sliders only move artists (every step blits).
    """

    CAPTION = (
        "Left: stress in percent of its first value against time in seconds while a stretch is "
        "held; the model curve falls from 100% and levels off near 59%, passing through the "
        "assumed point of 40% relaxation at 240 s (open square). Right: peak fascia "
        "tension of each step in newtons against minutes since getting up; the first step "
        "(dot) starts between the dashed line (peak after a long rest) and the dotted line "
        "(peak after a long walk), and the peaks fall towards the dotted line as walking goes on. "
        "The time axis spans the whole range of the walking slider, so a longer walk lengthens "
        "the line and the axis stays put."
    )

    def __init__(self, rest_min: float = 30.0, walk_min: float = 5.0):
        self.step_tension_n = default_step_tension_n()
        self.fig, (ax_r, ax_f) = style.new_figure(1, 2, figsize=(10, 4.2))
        self.relaxation = mech.stress_relaxation(np.linspace(0, 600, 301))
        self.relax_art = pc.draw_relaxation(ax_r, self.relaxation)
        self.ax = ax_f
        self.result = mech.first_steps(rest_min, walk_min, self.step_tension_n)
        walk_lo, walk_hi, walk_step = WALK_SLIDER_MINUTES
        self.art = pc.draw_first_steps(ax_f, self.result, max_walk_min=walk_hi)
        self.rest_slider = _slider(rest_min, 0, 60, 0.5, "Rest before getting up (min)", ".1f")
        self.walk_slider = _slider(walk_min, walk_lo, walk_hi, walk_step, "Walking after (min)",
                                   ".1f")
        a = self.art
        self.blitter = Blitter(self.fig, [a.trace, a.peaks, a.first, a.rested, a.steady],
                               still=legends(self.fig))
        self.build("firststeps", [self.rest_slider, self.walk_slider])

    def update(self) -> bool:
        self.result = mech.first_steps(
            self.rest_slider.value, self.walk_slider.value, self.step_tension_n
        )
        return pc.update_first_steps(self.art, self.result)

    def readout_html(self) -> str:
        r = self.result
        return (
            f"<p>After <strong>{r.rest_min:.1f} min</strong> of rest the first step carries "
            f"<strong>{r.first_peak_n:.0f} N</strong>; after {r.walk_min:.1f} min of walking a "
            f"step carries {r.last_peak_n:.0f} N ({r.peak_drop_percent:.0f}% less). "
            f"Fully rested: {r.rested_peak_n:.0f} N; long walk: {r.steady_peak_n:.0f} N. "
            f"(Model illustration, not a measurement.)</p>"
        )
