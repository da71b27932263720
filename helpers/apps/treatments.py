"""Widget apps and tables for lesson 08 (massage among the other treatments).

- :class:`ComparisonApp`: effects against a control on one scale, in one follow-up window.
- :class:`SteppedCareApp`: the steps from first visit to referral; pick one to read it.
- :class:`StrengthPlannerApp`: the heel-raise programme with the trial's dose; save it.
- ``*_table()``: the lesson's tables, built from the data files.

Each app declares its controls, its step (``update``, returning the plot's answer to "redraw
the whole figure?") and its readout; :class:`helpers.appbase.App` runs the cycle and redraws
only the artists the controls move (``app.blitter``). The comparison's still parts follow the
scale and window alone, and the picture of each pair is kept, so switching back blits.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from helpers import sources
from helpers.appbase import App
from helpers.blit import Blitter
from helpers.models import treatments as model
from helpers.plots import treatments as plots
from helpers.rowtable import RowTable, row_table
from helpers.style import new_figure


def _cite_list(keys) -> str:
    """Short citations for a ``sources`` cell (a list of keys, or keys separated by ';'), each
    followed by its status marker when the source is secondary."""
    if isinstance(keys, str):
        keys = keys.split(";")
    return "; ".join(sources.cite_marked(k.strip()) for k in keys if k and k.strip())


def _marker(keys) -> str:
    """The status marker of a row: the marker of its first secondary source, or ``""``."""
    if isinstance(keys, str):
        keys = keys.split(";")
    markers = [sources.status_marker(k.strip()) for k in keys if k and k.strip()]
    return next((m for m in markers if m), "")


class ComparisonApp(App):
    """Effects against a control on a common scale.

    Controls: ``scale_buttons`` (mm on a 100 mm line, or standardised mean difference) and
    ``window_dropdown`` (short, medium, longer term). ``result`` is the latest
    :class:`helpers.models.treatments.Comparison`; ``readout`` lists what is plotted and
    ``unplotted`` what is not, with the reason.
    """

    CAPTION = plots.COMPARISON_CAPTION
    READOUT = "after"

    def __init__(self, scale: str = "pain_mm", window: str = "short"):
        self.result = model.compare_effects(scale, window)
        self.scale_buttons = widgets.ToggleButtons(
            options=[("Pain, mm of 100", "pain_mm"), ("Pain, SMD", "pain_smd")], value=scale,
            description="Scale", style=self.STYLE,
            tooltips=["Mean difference in mm on a 100 mm line",
                      "Standardised mean difference (differences divided by their spread)"],
        )
        self.window_dropdown = widgets.Dropdown(
            options=[(label, key) for key, label in model.WINDOWS.items()], value=window,
            description="Follow-up window", style=self.STYLE,
            layout=widgets.Layout(width="420px"),
        )
        # a fixed layout: the axes keep their place when the scale (and its label) changes, so a
        # background kept for one scale lines up with the rows drawn over it
        self.fig, self.ax = new_figure(figsize=(8.0, 4.4), layout="none")
        self.fig.subplots_adjust(left=0.03, right=0.97, bottom=0.14, top=0.91)
        self.artists = plots.draw_comparison(self.ax, self.result)
        # the rows move; their labels, the title and the axis belong to the (scale, window)
        # picture, whose background is kept once drawn (picture_key)
        self.blitter = Blitter(self.fig, self.artists["ci_lines"] + self.artists["markers"])
        self.unplotted = widgets.HTML()
        self.not_shown = widgets.HTML(
            f"<p><strong>What this figure does not show.</strong> {html.escape(model.NOT_SHOWN)}</p>")
        controls = [self.scale_buttons, self.window_dropdown]
        self.build("treatment-comparison", controls, shown=[widgets.HBox(controls)],
                   extra=[self.not_shown, self.unplotted])

    def update(self) -> bool:
        old_scale = self.result.scale
        self.result = model.compare_effects(self.scale_buttons.value, self.window_dropdown.value)
        redraw = plots.update_comparison(self.artists, self.result)
        if self.result.scale != old_scale:
            plots.set_comparison_axes(self.ax, self.artists, self.result)
        items = "".join(f"<li><strong>{html.escape(n)}</strong>: {html.escape(r)}</li>"
                        for n, r in self.result.unplotted)
        self.unplotted.value = (f"<p><strong>Not plotted ({len(self.result.unplotted)})</strong>"
                                f"</p><ul>{items}</ul>")
        return redraw

    def picture_key(self):
        return (self.result.scale, self.result.window)

    def readout_text(self) -> str:
        return model.comparison_text(self.result)

    def readout_html(self) -> str:
        rows = "".join(
            f"<li>{html.escape(e.label)} vs {html.escape(e.comparison)}, {html.escape(e.time_point)}"
            f" ({html.escape(e.n_text)}): <strong>{e.estimate:g}</strong> (95% CI {e.ci_low:g} to"
            f" {e.ci_high:g}); certainty: {html.escape(e.certainty)}; "
            f"{html.escape(sources.cite_marked(e.source))}</li>"
            for e in self.result.plotted
        ) or "<li>Nothing: no treatment has an estimate on this scale in this window.</li>"
        return (f"<p><strong>{html.escape(self.result.window_label)}, "
                f"{html.escape(self.result.scale_label)}</strong></p><ul>{rows}</ul>")


class SteppedCareApp(App):
    """The steps from first visit to referral. Control: ``step_buttons`` (one step)."""

    CAPTION = plots.STEPPED_CAPTION
    READOUT = "after"

    def __init__(self, step: str = "first_visit"):
        self.steps = model.load_stepped_care()
        ids = [s["step_id"] for s in self.steps]
        if step not in ids:
            raise ValueError(f"step must be one of {', '.join(ids)}; got {step!r}")
        self.step_buttons = widgets.ToggleButtons(
            options=[(f"{s['order']}. {s['stage']}", s["step_id"]) for s in self.steps],
            value=step, description="Step", style=self.STYLE,
        )
        self.fig, self.ax = new_figure(figsize=(8.5, 3.2))
        self.artists = plots.draw_stepped_care(self.ax, self.steps, step)
        self.blitter = Blitter(self.fig, self.artists["boxes"].values())
        self.build("stepped-care", [self.step_buttons])

    @property
    def selected(self) -> dict:
        return next(s for s in self.steps if s["step_id"] == self.step_buttons.value)

    def update(self) -> bool:
        return plots.update_stepped_care(self.artists, self.step_buttons.value)

    def readout_text(self) -> str:
        s = self.selected
        names = ", ".join(model.step_treatments(s["step_id"])) or "none"
        return (f"{s['order']}. {s['stage']}. When: {s['when']}. Offer: {s['offer']}. "
                f"Massage: {s['massage_role']}. Treatments of the menu at this step: {names}. "
                f"Sources: {_cite_list(s['sources'])}.")

    def readout_html(self) -> str:
        s = self.selected
        names = ", ".join(model.step_treatments(s["step_id"])) or "none"
        return (
            f"<p><strong>{s['order']}. {html.escape(s['stage'])}</strong></p><ul>"
            f"<li><strong>When</strong>: {html.escape(s['when'])}</li>"
            f"<li><strong>Offer</strong>: {html.escape(s['offer'])}</li>"
            f"<li><strong>Massage and manual therapy</strong>: {html.escape(s['massage_role'])}</li>"
            f"<li><strong>Menu entries at this step</strong>: {html.escape(names)}</li>"
            f"<li><strong>Sources</strong>: {html.escape(_cite_list(s['sources']))}</li></ul>"
        )


class StrengthPlannerApp(App):
    """Plan the heel-raise programme with the trial's dose, and save it.

    Controls: ``weeks_slider`` (1 to 12), ``both_legs_slider`` (weeks on both legs at the
    start, 0 to 4, never more than the plan), ``path_text``, ``overwrite_box``, ``save_button``.
    ``plan`` is the latest :class:`helpers.models.treatments.StrengthPlan`.
    """

    CAPTION = plots.PLANNER_CAPTION
    READOUT = "after"

    def __init__(self, weeks: int = 12, both_legs_weeks: int = 0):
        self.plan = model.strength_plan(weeks, both_legs_weeks)
        self.weeks_slider = widgets.IntSlider(
            value=weeks, min=model.WEEKS_RANGE[0], max=model.WEEKS_RANGE[1], step=1,
            description="Weeks in the plan", style=self.STYLE, continuous_update=True,
            layout=widgets.Layout(width="420px"),
        )
        self.both_legs_slider = widgets.IntSlider(
            value=both_legs_weeks, min=0, max=4, step=1,
            description="Weeks on both legs first", style=self.STYLE, continuous_update=True,
            layout=widgets.Layout(width="420px"),
        )
        self.fig, self.ax = new_figure(figsize=(7.5, 3.8))
        full = model.strength_plan(model.WEEKS_RANGE[1])
        self.artists = plots.draw_strength_plan(self.ax, self.plan,
                                                [(w.sets, w.reps_rm) for w in full.weeks])
        self.blitter = Blitter(self.fig, self.artists["bars"])
        self.path_text = widgets.Text(value="", placeholder="for example heel-raises.md",
                                      description="Save as:", style=self.STYLE,
                                      layout=widgets.Layout(width="380px"))
        self.overwrite_box = widgets.Checkbox(value=False, description="overwrite an existing file",
                                              style=self.STYLE, indent=False)
        self.save_button = widgets.Button(description="Save plan", icon="save",
                                          tooltip="Write the plan to the file named on the left")
        self.save_button.on_click(lambda _b: self.save())
        self.save_status = widgets.HTML("")
        self.build("strength-planner", [self.weeks_slider, self.both_legs_slider],
                   extra=[widgets.HBox([self.path_text, self.overwrite_box, self.save_button]),
                          self.save_status])

    def update(self) -> bool:
        weeks = self.weeks_slider.value
        self.plan = model.strength_plan(weeks, min(self.both_legs_slider.value, weeks))
        return plots.update_strength_plan(self.artists, self.plan)

    def readout_text(self) -> str:
        return model.plan_text(self.plan)

    def readout_html(self) -> str:
        p = self.plan
        last = p.weeks[-1]
        return (
            f"<p><strong>{len(p.weeks)} weeks: {p.total_sessions} sessions, "
            f"{p.total_raises} heel raises.</strong> Last week: {last.sets} sets of "
            f"{last.reps_rm}RM ({last.raises_per_session} raises a session). "
            f"Tempo: {html.escape(model.TEMPO)}. {html.escape(model.RM_NOTE)} "
            f"<em>Dose as reported in a summary of the trial "
            f"({html.escape(sources.cite_marked(p.source))}).</em></p>"
        )

    def save(self, path=None, overwrite=None) -> str:
        """Save the plan as Markdown; return (and show) a message. Never raises for user errors."""
        return self.save_from_form(lambda target, overwrite: model.save_plan(self.plan, target, overwrite=overwrite),
                                   path, overwrite, empty="type a file name ending in .md first",
                                   example="my-strength-plan.md")


# --------------------------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------------------------

def menu_table() -> RowTable:
    """The treatment menu: what, how, best evidence, effect, certainty, status, sources."""
    rows = [(t["name"], t["what_it_is"], t["how_done"], t["best_evidence"], t["effect"],
             t["certainty"], _marker(t["sources"]), _cite_list(t["sources"]))
            for t in model.load_treatments()]
    return row_table(rows, headers=("Treatment", "What it is", "How it is done", "Best evidence",
                                    "Effect", "Certainty", "Secondary", "Sources"))


def reliability_table() -> RowTable:
    """Agreement between examiners on trigger-point signs (kappa ranges)."""
    from helpers.tables import load_table

    rows = [(r["sign"], r["kind"], f"{r['kappa_low']:g} to {r['kappa_high']:g}",
             sources.cite_marked(r["source"])) for r in load_table("trigger_point_reliability")]
    return row_table(rows, headers=("Sign", "Who judges it", "Agreement (kappa) across studies",
                                    "Source"))


def tools_table() -> RowTable:
    """Self-massage tools: claim, what was tested, practice convention."""
    from helpers.tables import load_table

    rows = [(r["tool"], r["claim"], r["tested"], r["convention"],
             _cite_list(r["sources"]) if r["sources"] else "none")
            for r in load_table("self_massage_tools")]
    return row_table(rows, headers=("Tool", "What is claimed", "What has been tested",
                                    "Practice convention", "Source"))


def dose_table() -> RowTable:
    """The trial's heel-raise dose by weeks."""
    rows = [(f"{d['week_from']} to {d['week_to']}", d["sets"], f"{d['reps_rm']}RM", d["load"],
             sources.cite_marked(d["source"])) for d in model.load_dose()]
    return row_table(rows, headers=("Weeks", "Sets", "Repetitions", "Load", "Source"))

