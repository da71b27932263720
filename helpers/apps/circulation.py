"""Widget apps for lesson 04 (circulation).

* :class:`ClearanceApp`: washout of a substance from skin and muscle; perfusion sliders and a
  massage multiplier for skin perfusion; half-times read off the plot.
* :class:`WarmingApp`: the layered Pennes model; steady profile and the warming over time after
  skin perfusion rises, against the measured skin-temperature differences.
* :class:`ClaimCheckerApp`: pick a claim, see what the studies measured, where, how, and the
  numbers on each study's own scale.
* :class:`DiabetesApp`: the same two models with a reduced ability of skin vessels to widen
  (an illustration, not data).

Every app keeps its controls, artists, latest model results (``app.result``) and readout
(``app.readout``, an HTML widget) as attributes, so tests drive them without a browser.

Speed: the slider apps redraw only what moves (``app.blitter``, a :class:`helpers.blit.Blitter`
holding the curves, the layer bands and the static artists drawn above them). Their axes never
move: the depth axis is fixed at the deepest the fat slider allows, and each warming axis at
the largest rise the sliders can produce (computed once from the model at the sliders' ends
when the app is built), so every slider step is a blit. The claim checker's titles, scales and ticks depend only on the chosen claim: each
claim is drawn in full the first time it is shown and pasted back from its kept background
afterwards (the app's ``picture_key``).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from helpers import sources
from helpers.appbase import App, caption_html
from helpers.blit import Blitter, LayoutOnFullDraws, legends
from helpers.models import circulation as circ
from helpers.models.circulation import MUSCLE_REST, SKIN_REST
from helpers.plots import circulation as cplot
from helpers.style import figure_widget, new_figure
from helpers.tables import load_table

LAYOUT = widgets.Layout(width="460px")

CLAIMS = {
    "leg_flow": "Massage increases blood flow to the leg",
    "skin_warming": "Massage warms the skin",
    "lactate": "Massage clears lactate faster",
    "exercise_flow": "Exercise raises limb blood flow",
}

VERDICTS = {
    "leg_flow": (
        "Not supported for the big artery. Flow in the femoral artery did not rise with massage "
        "in two studies; after a handgrip exercise, massage gave less forearm flow than resting. "
        "Franklin 2014 measured something else: flow-mediated dilation (FMD), how much the arm's "
        "main artery widens after a cuff on the forearm is released. It rose after leg massage. "
        "FMD is a test of how well vessels can widen, not a measure of flow in the massaged leg."),
    "skin_warming": (
        "Supported for the skin. Skin blood flow and skin temperature were higher after massage "
        "than after rest, and laser Doppler showed foot-skin perfusion rising in the massaged "
        "limb. Laser Doppler sees only the top millimetre or so of tissue. The Portillo result "
        "agrees but was read only in a summary, so treat it with caution."),
    "lactate": (
        "Not supported. After handgrip exercise, massage lowered both the blood flow and the "
        "lactate carried out of the forearm compared with resting. After quadriceps exercise, "
        "blood lactate did not differ between massage and rest."),
    "exercise_flow": (
        "Supported. Mild rhythmic contractions roughly tripled flow in the brachial and femoral "
        "arteries in the same study in which three kinds of massage changed neither."),
}

LIMITS = ("Where the studies stop: none measured blood flow in the heel or the plantar fascia "
          "during massage. The sites were the thigh, calf, forearm, arm and the skin of the "
          "feet; the subjects were mostly young and healthy.")


def _slider(value, low, high, step, description, readout_format=".2f"):
    return widgets.FloatSlider(value=value, min=low, max=high, step=step,
                               description=description, style=App.STYLE, layout=LAYOUT,
                               continuous_update=True, readout_format=readout_format)


def _density(tissue):
    return load_table("tissue_thermal").where(tissue=tissue, quantity="density").rows[0]["value"]


# ------------------------------------------------------------------------------ clearance
class ClearanceApp(App):
    """Washout from skin (at rest and during massage) and from muscle."""

    CAPTION = (
        "Three falling curves show how much of a substance is left in skin at rest (solid), "
        "skin during massage (dashed) and muscle at rest (dotted) over two hours; a marker "
        "on each curve sits at its half-time, where the dotted horizontal line crosses half.")
    TIMES_S = np.linspace(0, 2 * 3600, 241)

    def __init__(self, skin=SKIN_REST, muscle=MUSCLE_REST, massage_factor=5.0):
        self.skin_slider = _slider(skin, 0.2, 20, 0.01, "Skin perfusion at rest (mL/min/100 g)")
        self.muscle_slider = _slider(muscle, 1, 80, 0.5, "Muscle perfusion at rest (mL/min/100 g)",
                                     ".1f")
        self.massage_slider = _slider(massage_factor, 1, 25, 0.5,
                                      "Massage multiplies skin perfusion by", ".1f")
        self._rho = {"skin": _density("skin"), "muscle": _density("muscle")}
        self.fig, self.ax = new_figure(figsize=(7.0, 4.0))
        self.result = self._compute()
        self.artists = cplot.draw_clearance(self.ax, self.result)
        self.layout = LayoutOnFullDraws(self.fig)  # the legend sits below the axes
        self.blitter = Blitter(self.fig, [*self.artists.lines.values(),
                                          *self.artists.marks.values()],
                               still=legends(self.fig))
        self.build("clearance", [self.skin_slider, self.muscle_slider, self.massage_slider])

    def _compute(self):
        skin = self.skin_slider.value
        during = min(skin * self.massage_slider.value, circ.PERFUSION_RANGE[1])
        return {
            "skin": circ.clearance_curve(skin, self.TIMES_S,
                                         tissue_density_kg_m3=self._rho["skin"]),
            "massage": circ.clearance_curve(during, self.TIMES_S,
                                            tissue_density_kg_m3=self._rho["skin"]),
            "muscle": circ.clearance_curve(self.muscle_slider.value, self.TIMES_S,
                                           tissue_density_kg_m3=self._rho["muscle"]),
        }

    def update(self) -> bool:
        self.result = self._compute()
        return cplot.update_clearance(self.artists, self.result)

    def readout_text(self) -> str:
        r = self.result
        return (f"Half-time of washout: skin at rest {r['skin'].half_time_min:.0f} min, "
                f"skin during massage {r['massage'].half_time_min:.0f} min, "
                f"muscle at rest {r['muscle'].half_time_min:.0f} min "
                f"(partition coefficient 1, an assumption).")


# -------------------------------------------------------------------------------- warming
class WarmingApp(App):
    """Layered Pennes model: steady profiles and warming over time after skin perfusion rises."""

    CAPTION = (
        "Left: temperature against depth through hatched bands for skin, fat and muscle, "
        "before massage (solid) and once skin perfusion has risen (dashed); the skin end is "
        "coolest and the muscle end reaches body temperature. The depth axis stays the same "
        "for every fat thickness, so a thicker fat layer pushes the muscle band deeper. "
        "Right: the model's rise in "
        "skin-surface temperature over 30 minutes (dashed with squares) against two "
        "horizontal lines for the measured differences; its axis reaches the largest rise "
        "the sliders allow and stays the same, so the curve grows and shrinks within it.")

    TIMES_S = np.linspace(0, 30 * 60, 61)

    def __init__(self, massage_factor=5.0, fat_mm=5.0):
        self.massage_slider = _slider(massage_factor, 1, 25, 0.5,
                                      "Massage multiplies skin perfusion by", ".1f")
        self.fat_slider = _slider(fat_mm, 1, 30, 0.5, "Fat layer thickness (mm)", ".1f")
        self._table = {(r["tissue"], r["quantity"]): r["value"]
                       for r in load_table("tissue_thermal")}
        self.conditions = circ.Conditions(
            blood_density_kg_m3=self._table[("blood", "density")],
            blood_specific_heat_j_kgk=self._table[("blood", "specific_heat")])
        self.measured = cplot.measured_lines(load_table("circulation_studies"))
        self.fig, (self.ax_profile, self.ax_time) = new_figure(1, 2, figsize=(10.0, 4.2))
        self._compute()
        # the depth axis reaches the deepest the fat slider allows, so moving the slider moves
        # the layer bands (redrawn like the curves) and never the axis
        deepest = sum(layer.thickness_mm for layer in circ.default_layers(
            fat_mm=self.fat_slider.max, table=self._table))
        self.profile_artists = cplot.draw_profile(self.ax_profile, self.before, self.after,
                                                  depth_max_mm=deepest)
        # likewise the rise axis is fixed at the largest rise the sliders can produce, worked
        # out once here from the model (a few ms), so no slider step widens it (a full redraw)
        self.warming_artists = cplot.draw_warming(self.ax_time, {"massage": self.result},
                                                  self.measured,
                                                  rise_max_c=self.largest_rise_c())
        self.layout = LayoutOnFullDraws(self.fig)
        p = self.profile_artists
        self.blitter = Blitter(self.fig, [*p.bands, *p.band_labels, p.before, p.after,
                                          *self.warming_artists.lines.values()],
                               still=[self.ax_profile.get_legend(), self.ax_time.get_legend()])
        self.build("warming", [self.massage_slider, self.fat_slider])

    def layers(self, skin_perfusion, fat_mm=None):
        fat = self.fat_slider.value if fat_mm is None else fat_mm
        return circ.default_layers(skin_perfusion_ml_min_100g=skin_perfusion, fat_mm=fat,
                                   table=self._table)

    def rise(self, massage_factor, fat_mm):
        """The model's warming (°C against time) at these slider values, the app left as is."""
        return circ.warming_transient(self.layers(SKIN_REST, fat_mm),
                                      self.layers(SKIN_REST * massage_factor, fat_mm),
                                      self.TIMES_S, self.conditions).rise_c

    def largest_rise_c(self) -> float:
        """The largest skin-surface rise the sliders can produce, °C.

        The rise grows with the massage multiplier, and with the fat layer (fat insulates the
        skin from the warm muscle), so it is largest at the strongest massage; both ends of
        the fat slider are tried all the same. A test sweeps the sliders' grids to check it.
        """
        return max(float(np.max(self.rise(self.massage_slider.max, fat)))
                   for fat in (self.fat_slider.min, self.fat_slider.max))

    def _compute(self):
        before = self.layers(SKIN_REST)
        after = self.layers(SKIN_REST * self.massage_slider.value)
        self.before = circ.steady_state(before, self.conditions)
        self.after = circ.steady_state(after, self.conditions)
        self.result = circ.warming_transient(before, after, self.TIMES_S, self.conditions)

    def update(self) -> bool:
        self._compute()
        # never True over the sliders' ranges (both axes are fixed): a safety net
        static = cplot.update_profile(self.profile_artists, self.before, self.after)
        return cplot.update_warming(self.warming_artists, {"massage": self.result}) or static

    def readout_text(self) -> str:
        r = self.result
        at10 = float(np.interp(600, r.times_s, r.rise_c))
        hinds = self.measured["hinds"][0]
        return (f"Skin surface before: {self.before.surface_temp_c:.1f} °C. "
                f"With skin perfusion x{self.massage_slider.value:g}: "
                f"+{at10:.2f} °C after 10 min, +{self.after.surface_temp_c - self.before.surface_temp_c:.2f} °C "
                f"when settled. Measured after massage: +{hinds:.1f} °C (Hinds 2004).")


# ------------------------------------------------------------------------- claim checker
class ClaimCheckerApp(App):
    """Pick a claim; see each study's measure, site, instrument and numbers."""

    def __init__(self, claim="leg_flow"):
        self.table = load_table("circulation_studies")
        self.claim_dropdown = widgets.Dropdown(
            options=[(label, key) for key, label in CLAIMS.items()], value=claim,
            description="Claim to check", style=self.STYLE, layout=LAYOUT)
        self.fig, axes = new_figure(2, 2, figsize=(9.0, 6.4))
        self.axes = np.ravel(axes)
        self.panels = cplot.draw_claim_panels(self.axes)
        # everything in the figure depends only on the chosen claim: nothing moves, and each
        # claim's picture is drawn in full once, then pasted back from its kept background
        self.blitter = Blitter(self.fig, [])
        self.verdict = widgets.HTML()
        self.readout = widgets.HTML()
        self.limits = widgets.HTML(f"<p><em>{html.escape(LIMITS)}</em></p>")
        self.caption = widgets.HTML()
        self.observe(self.claim_dropdown)
        self.widget = widgets.VBox([self.claim_dropdown, self.verdict, figure_widget(self.fig),
                                    self.caption, self.readout, self.limits])
        self.step()
        self.finish("claim-checker")

    def groups(self, claim):
        """Rows of ``claim`` grouped by (study, measure), in table order."""
        out, index = [], {}
        for row in self.table.where(claim=claim).rows:
            key = (row["study"], row["measure"])
            if key not in index:
                index[key] = len(out)
                out.append({"title": f"{row['study']}: {row['measure']}", "unit": row["unit"],
                            "rows": [], "study": row["study"], "site": row["site"],
                            "instrument": row["instrument"], "n": row["n"],
                            "source": row["source"], "measure": row["measure"]})
            out[index[key]]["rows"].append(row)
        return out

    def update(self) -> bool:
        claim = self.claim_dropdown.value
        self.result = self.groups(claim)
        redraw = cplot.update_claim_panels(self.panels, self.result)
        self.fig.suptitle(f"What was measured: “{CLAIMS[claim]}”", fontsize=11)
        self.verdict.value = f"<p><strong>What the studies say.</strong> {html.escape(VERDICTS[claim])}</p>"
        self.caption.value = caption_html(
            f"Bar charts, one per study and measure, each on that study's own scale, for the "
            f"claim '{CLAIMS[claim]}'. Bars are group means (hatched differently per condition); "
            f"black whiskers show the spread each study reported, labelled above each whisker: "
            f"± one standard deviation (SD), ± one standard error (SE, narrower than the spread "
            f"of the people measured), or a spread whose type the study did not state; a "
            f"labelled gap means the study gave no number.")
        return redraw

    def picture_key(self):
        return self.claim_dropdown.value  # titles, scales and ticks follow the claim alone

    def readout_html(self):
        items = []
        for line in self.readout_lines():
            items.append(f"<li>{html.escape(line)}</li>")
        return "<ul>" + "".join(items) + "</ul>"

    def readout_lines(self) -> list:
        lines = []
        for g in self.result:
            ns = list(dict.fromkeys(r["n"] for r in g["rows"]))
            per_row_n = len(ns) > 1
            numbers = "; ".join(
                f"{r['condition']}"
                + (f" (n = {r['n']})" if per_row_n else "") + ": "
                + ("no number" if r["value"] is None else
                   f"{r['value']:g}" + _spread_text(r) + f" {r['unit']}")
                for r in g["rows"])
            n_text = f"n = {ns[0]}" if not per_row_n else "n = " + " and ".join(map(str, ns)) + \
                " in separate groups"
            lines.append(f"{g['study']} ({n_text}), {g['measure']}, at {g['site']}; "
                         f"instrument: {g['instrument']}. {numbers}. "
                         f"Source: {sources.source(g['source'])['journal']}.")
        return lines

    def readout_text(self) -> str:
        return "\n".join([CLAIMS[self.claim_dropdown.value], VERDICTS[self.claim_dropdown.value],
                          *self.readout_lines(), LIMITS])


def _spread_text(row) -> str:
    """`` ± 60 (SE)``: the spread with its recorded type, or nothing when none was given."""
    if row["sd"] is None:
        return ""
    kind = row.get("dispersion") or "not stated"
    label = "type not stated" if kind == "not stated" else kind
    return f" ± {row['sd']:g} ({label})"


# ------------------------------------------------------------------------------ diabetes
class DiabetesApp(App):
    """Clearance and warming with typical vs reduced skin vasodilation (an illustration)."""

    CAPTION = (
        "An illustration, not measured data. Left: amount of a substance left in skin during "
        "massage with typical (solid, circles) and reduced (dash-dot, diamonds) widening of "
        "skin vessels. Right: the model's skin-surface warming over 30 minutes for the same "
        "two cases, on an axis that reaches the largest rise the sliders allow and stays "
        "the same.")

    TIMES_S = np.linspace(0, 30 * 60, 61)
    CLEAR_TIMES_S = np.linspace(0, 2 * 3600, 241)

    def __init__(self, massage_factor=5.0, capacity_pct=50.0):
        self.massage_slider = _slider(massage_factor, 1, 25, 0.5,
                                      "Massage multiplies skin perfusion by (typical)", ".1f")
        self.capacity_slider = _slider(capacity_pct, 0, 100, 5,
                                       "Share of that rise the skin can make (%)", ".0f")
        self._table = {(r["tissue"], r["quantity"]): r["value"]
                       for r in load_table("tissue_thermal")}
        self.conditions = circ.Conditions(
            blood_density_kg_m3=self._table[("blood", "density")],
            blood_specific_heat_j_kgk=self._table[("blood", "specific_heat")])
        self._rho_skin = self._table[("skin", "density")]
        self._layers = circ.default_layers(table=self._table)    # the sliders never change them
        self.fig, (self.ax_clear, self.ax_warm) = new_figure(1, 2, figsize=(10.0, 4.2))
        self._compute()
        self.clear_artists = cplot.draw_clearance(
            self.ax_clear, {"typical": self.result["clear_typical"],
                            "reduced": self.result["clear_reduced"]},
            title="Illustration: skin washout during massage")
        # the rise axis is fixed at the largest rise the sliders can produce (typical
        # vasodilation at the strongest massage; the reduced case never rises more), worked out
        # once here from the model, so no slider step widens it (that needs a full redraw)
        self.warm_artists = cplot.draw_warming(
            self.ax_warm, {"typical": self.result["warm_typical"],
                           "reduced": self.result["warm_reduced"]}, {},
            title="Illustration: skin warming during massage", rise_max_c=self.largest_rise_c())
        self.layout = LayoutOnFullDraws(self.fig)
        self.blitter = Blitter(self.fig, [*self.clear_artists.lines.values(),
                                          *self.clear_artists.marks.values(),
                                          *self.warm_artists.lines.values()],
                               still=legends(self.fig))
        self.build("diabetes", [self.massage_slider, self.capacity_slider])

    def reduced_factor(self):
        """Perfusion multiplier when only ``capacity`` % of the typical rise happens."""
        return 1 + (self.massage_slider.value - 1) * self.capacity_slider.value / 100

    def _warming(self, skin_perfusion):
        layers = self._layers
        return circ.warming_transient(layers, circ.with_perfusion(layers, 0, skin_perfusion),
                                      self.TIMES_S, self.conditions)

    def largest_rise_c(self) -> float:
        """The largest skin-surface rise the sliders can produce, °C: typical vasodilation at
        the strongest massage (the reduced case makes at most the typical rise)."""
        return float(np.max(self._warming(SKIN_REST * self.massage_slider.max).rise_c))

    def _compute(self):
        typical = SKIN_REST * self.massage_slider.value
        reduced = SKIN_REST * self.reduced_factor()
        res = {}
        for key, q in (("typical", typical), ("reduced", reduced)):
            res[f"clear_{key}"] = circ.clearance_curve(q, self.CLEAR_TIMES_S,
                                                       tissue_density_kg_m3=self._rho_skin)
            res[f"warm_{key}"] = self._warming(q)
        self.result = res

    def update(self) -> bool:
        self._compute()
        r = self.result
        cplot.update_clearance(self.clear_artists, {"typical": r["clear_typical"],
                                                    "reduced": r["clear_reduced"]})
        # never True over the sliders' ranges (the axes are fixed): a safety net
        return cplot.update_warming(self.warm_artists, {"typical": r["warm_typical"],
                                                        "reduced": r["warm_reduced"]})

    def readout_text(self) -> str:
        r = self.result
        return (f"Illustration. Skin washout half-time during massage: typical "
                f"{r['clear_typical'].half_time_min:.0f} min, reduced "
                f"{r['clear_reduced'].half_time_min:.0f} min. Skin warming after 30 min: typical "
                f"+{r['warm_typical'].rise_c[-1]:.2f} °C, reduced "
                f"+{r['warm_reduced'].rise_c[-1]:.2f} °C.")
