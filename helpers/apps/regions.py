"""Widget apps for lesson 02: the clickable region map, the technique explorer and the session
planner (with saving to a Markdown or printable HTML file).

Each app keeps its controls, artists and latest result as attributes so tests can drive it:
``RegionMapApp.select(region_id)`` and ``RegionMapApp.click(x_du, y_du)``,
``TechniqueApp.technique_dropdown.value = ...``, ``PlannerApp.set_region(...)`` and
``PlannerApp.save(path)``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.colors as mcolors
from matplotlib.path import Path as MplPath

from helpers import files, sources
from helpers.appbase import App, caption_html
from helpers.blit import Blitter
from helpers.models import planner as planner_model
from helpers.models import regions as regions_model
from helpers.plots import regions as regions_plot
from helpers.safety import notice
from helpers.style import figure_widget, new_figure

CONVENTION_SENTENCE = (
    "Pressure, direction and time are practice convention, not trial evidence."
)


def region_panel_html(region, rmap) -> str:
    """The information panel for one region (HTML)."""
    e = html.escape
    tech = "".join(
        f"<li>{e(rmap.techniques[t].name)} "
        f"<em>({e(regions_model.TECHNIQUE_EVIDENCE_TEXT[rmap.techniques[t].evidence_level])})</em>"
        "</li>"
        for t in region.techniques
    )
    cites = ", ".join(e(sources.short_cite_marked(k)) for k in region.sources)
    return (
        "<div class='hp-region-panel'>"
        f"<h4>{region.order}. {e(region.name)}</h4>"
        f"<p><strong>What it is.</strong> {e(region.what_it_is)}</p>"
        f"<p><strong>Why it matters for plantar fasciitis.</strong> {e(region.why_it_matters)}</p>"
        f"<p><strong>Techniques.</strong></p><ul>{tech}</ul>"
        f"<p><strong>Pressure and direction.</strong> {e(region.pressure.capitalize())}. "
        f"{e(region.direction)}</p>"
        f"<p><strong>Typical time.</strong> About {region.typical_min:g} min.</p>"
        f"<p><em>{e(CONVENTION_SENTENCE)}</em></p>"
        f"<p><strong>Cautions.</strong> {e(region.cautions)}</p>"
        f"{notice(regions=[region.region_id]).html(level=5)}"
        f"<p><strong>Evidence: {e(regions_model.EVIDENCE_TEXT[region.evidence_level].lower())}."
        f"</strong> {e(region.evidence)}</p>"
        f"<p><small>Sources: {cites}.</small></p>"
        "</div>"
    )


def region_text(region, rmap) -> str:
    """The panel's content as plain text (for a compared notebook cell).

    >>> rmap = regions_model.load_region_map()
    >>> print(region_text(rmap.get("gastroc_medial"), rmap).splitlines()[0])
    1. Calf, inner head (medial gastrocnemius)
    """
    techniques = ", ".join(rmap.technique_names(region))
    return "\n".join([
        f"{region.order}. {region.name}",
        f"Techniques: {techniques}",
        f"Pressure: {region.pressure}; about {region.typical_min:g} min (practice convention)",
        f"Evidence: {regions_model.EVIDENCE_TEXT[region.evidence_level].lower()}",
        f"Sources: {', '.join(sources.short_cite_marked(k) for k in region.sources)}",
    ])


_PROMPT = (
    "<div class='hp-region-panel'><p>Click a region on the drawing, or choose one from the "
    "list above (Tab to the list, then the arrow keys).</p></div>"
)


class RegionMapApp(App):
    """Clickable map of the massage regions with an information panel.

    Attributes: ``fig``, ``ax``, ``patches`` (region id -> Polygon), ``region_list``
    (Dropdown), ``panel`` and ``status`` (HTML), ``caption``, ``selected`` (region id or None),
    ``blitter`` (a selection repaints only the regions and what is drawn over them).
    """

    def __init__(self, region_map=None, initial=None):
        self.rmap = region_map or regions_model.load_region_map()
        self.fig, self.ax = new_figure(figsize=(6.2, 7.0))
        self.artists = regions_plot.draw_region_map(self.ax, self.rmap)
        self.patches = self.artists["patches"]
        # matplotlib paths in data coordinates, for hit testing a click
        self._paths = {rid: MplPath(p.get_xy()) for rid, p in self.patches.items()}
        self.selected = None
        # each region's panel, made on its first selection: the panel cites its sources, and
        # looking them up again at every step cost more than the figure's redraw
        self._panels = {}
        # blitting: a selection repaints the highlight and what lies over any region (numbers,
        # labels), measured with the highlight spread over every region
        self.highlight = self.artists["highlight"]
        regions_plot.reach_of_selection(self.highlight, self.rmap)
        self.blitter = Blitter(self.fig, [self.highlight, *self.artists["numbers"].values()],
                               near_only=True)
        self.region_list = widgets.Dropdown(
            options=[("(choose a region)", None)]
            + [(f"{r.order}. {r.label}", r.region_id) for r in self.rmap.regions],
            value=None,
            description="Region (knee to toes):",
            style=App.STYLE,
            layout=widgets.Layout(width="380px"),
        )
        self.region_list.observe(self._on_list, names="value")
        self.panel = widgets.HTML(_PROMPT, layout=widgets.Layout(width="420px"))
        self.status = widgets.HTML("")
        self.caption = widgets.HTML(caption_html(regions_plot.MAP_CAPTION))
        self.canvas = figure_widget(self.fig)
        self._cid = self.fig.canvas.mpl_connect("button_press_event", self._on_press)
        left = widgets.VBox([self.canvas, self.caption], layout=widgets.Layout(width="640px"))
        body = widgets.HBox([left, self.panel],
                            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
        self.widget = widgets.VBox([self.region_list, self.status, body])
        self.widget.add_class("hp-region-map")
        self.finish("region-map")
        if initial is not None:
            self.select(initial)

    # -- actions a test (or the learner) can take
    def select(self, region_id):
        """Highlight a region (or clear with None), update the panel and the list."""
        if region_id is not None:
            self.rmap.get(region_id)  # ValueError naming the allowed ids
        self.selected = region_id
        redraw = regions_plot.set_selected(self.highlight, self.rmap, region_id)
        if region_id is None:
            self.panel.value = _PROMPT
        else:
            if region_id not in self._panels:
                self._panels[region_id] = region_panel_html(self.rmap.get(region_id), self.rmap)
            self.panel.value = self._panels[region_id]
        if self.region_list.value != region_id:
            self.region_list.value = region_id
        self.blitter.redraw(redraw)
        return region_id

    def click(self, x_du, y_du):
        """Act as a click at drawing coordinates: select the region there, if any.

        Returns the region id or None (the status line then says nothing is there).
        """
        x = regions_model.validate.check_range("x_du", x_du, 0, 100, "drawing units")
        y = regions_model.validate.check_range("y_du", y_du, 0, 110, "drawing units")
        for rid, path in self._paths.items():
            if path.contains_point((x, y)):
                self.status.value = ""
                return self.select(rid)
        self.status.value = (
            "<p class='hp-status'>No region there: click inside a shaded shape.</p>"
        )
        return None

    def anchor_pixels(self, region_id) -> tuple:
        """Where a region's number sits on the canvas, in pixels from the top-left corner
        (for a browser test that clicks the real canvas). Valid once the figure has been drawn
        (constrained layout moves the axes on the first draw)."""
        region = self.rmap.get(region_id)
        x, y = self.ax.transData.transform(region.anchor)
        height = self.fig.get_size_inches()[1] * self.fig.dpi
        return float(x), float(height - y)

    def region_look(self, region_id) -> tuple:
        """How the map paints a region, as a reader sees it: (face colour as ``#rrggbb``,
        hatch), the highlight's when the region is selected."""
        shown = self.highlight if region_id == self.selected else self.patches[region_id]
        return mcolors.to_hex(shown.get_facecolor()), shown.get_hatch()

    def readout_text(self) -> str:
        """What the panel says, as plain text."""
        if self.selected is None:
            return "No region selected."
        return region_text(self.rmap.get(self.selected), self.rmap)

    # -- callbacks
    def _on_list(self, change):
        if change["new"] != self.selected:
            self.status.value = ""
            self.select(change["new"])

    def _on_press(self, event):
        if event.inaxes is not self.ax or event.xdata is None or event.ydata is None:
            return
        if 0 <= event.xdata <= 100 and 0 <= event.ydata <= 110:
            self.click(event.xdata, event.ydata)


def technique_card_html(technique) -> str:
    """HTML card describing one technique and the strength of its sources."""
    e = html.escape
    strength = regions_model.TECHNIQUE_EVIDENCE_TEXT[technique.evidence_level]
    cites = ", ".join(e(sources.short_cite_marked(k)) for k in technique.sources) or "none"
    family = "TuiNa (Chinese massage)" if technique.family == "tuina" else "Western massage"
    return (
        "<div class='hp-technique-card'>"
        f"<h4>{e(technique.name)}</h4>"
        f"<p><strong>Tradition.</strong> {family}</p>"
        f"<p><strong>Hand.</strong> {e(technique.hand)}</p>"
        f"<p><strong>Stroke.</strong> {e(technique.stroke)}</p>"
        f"<p><strong>Strength of the sources: {e(strength)}.</strong> {e(technique.evidence)}</p>"
        f"<p><small>Sources: {cites}.</small></p>"
        "</div>"
    )


class TechniqueApp(App):
    """Small-multiple diagrams of the techniques; a list picks one and shows its card."""

    def __init__(self, region_map=None, initial="effleurage"):
        self.rmap = region_map or regions_model.load_region_map()
        self.techniques = list(self.rmap.techniques.values())
        self.fig, axes = new_figure(3, 3, figsize=(6.6, 7.0))
        self.fig.suptitle("Hand position (shaded) and stroke direction (red arrows)")
        self.diagrams = regions_plot.draw_technique_grid(axes, self.techniques)
        self.blitter = Blitter(self.fig, [parts["frame"] for parts in self.diagrams.values()])
        self.technique_list = widgets.Dropdown(
            options=[(t.name, t.technique_id) for t in self.techniques],
            value=initial, description="Technique:", style=App.STYLE,
            layout=widgets.Layout(width="420px"),
        )
        self.technique_list.observe(self._on_change, names="value")
        self.card = widgets.HTML(layout=widgets.Layout(width="400px"))
        self.caption = widgets.HTML(caption_html(regions_plot.TECHNIQUE_CAPTION))
        self.canvas = figure_widget(self.fig)
        left = widgets.VBox([self.canvas, self.caption], layout=widgets.Layout(width="680px"))
        self.widget = widgets.VBox([
            self.technique_list,
            widgets.HBox([left, self.card],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start")),
        ])
        self.finish("techniques")
        self._show(initial)

    def _show(self, technique_id):
        self.selected = technique_id
        self.card.value = technique_card_html(self.rmap.techniques[technique_id])
        self.blitter.redraw(regions_plot.set_technique_selected(self.diagrams, technique_id))

    def _on_change(self, change):
        self._show(change["new"])


def save_plan(plan, path, *, overwrite: bool = False):
    """Write ``plan`` to ``path`` (``.md`` Markdown or ``.html`` printable page), atomically.

    Never replaces an existing file unless ``overwrite`` is True (``FileExistsError``); a
    failed write leaves no partial file. Returns the path written.
    """
    if plan is None:
        raise ValueError("nothing to save: choose at least one region first")
    fmt = planner_model.format_for_path(path)
    return files.atomic_write_text(str(path).strip(), planner_model.render(plan, fmt),
                                   overwrite=overwrite)


class PlannerApp(App):
    """Choose regions and minutes; see the ordered plan, its timeline and cautions; save it.

    Attributes: ``checks`` and ``sliders`` (region id -> Checkbox / FloatSlider), ``plan``
    (latest SessionPlan or None), ``timeline`` (artists), ``readout``, ``cautions``,
    ``path_text``, ``overwrite_box``, ``save_button``, ``save_status``, ``blitter`` (a step
    repaints only the bars, the total line and the title; the whole figure is drawn again only
    when the time axis has to change, in steps of 10 min).
    """

    def __init__(self, region_map=None):
        self.rmap = region_map or regions_model.load_region_map()
        self.fig, self.ax = new_figure(figsize=(7.0, 4.2))
        self.timeline = regions_plot.draw_plan_timeline(self.ax, self.rmap)
        self.blitter = Blitter(self.fig, [*self.timeline["bars"].values(),
                                          self.timeline["total_line"], self.timeline["title"]])
        self.checks, self.sliders, rows = {}, {}, []
        for region in self.rmap.regions:
            check = widgets.Checkbox(value=True, description=f"{region.order}. {region.label}",
                                     style=App.STYLE, indent=False,
                                     layout=widgets.Layout(width="220px"))
            slider = widgets.FloatSlider(
                value=region.typical_min, min=planner_model.MIN_MINUTES,
                max=10.0, step=0.5, description="min", style=App.STYLE,
                readout_format=".1f", layout=widgets.Layout(width="300px"),
            )
            self.observe(check, slider)
            self.checks[region.region_id] = check
            self.sliders[region.region_id] = slider
            rows.append(widgets.HBox([check, slider]))
        self.readout = widgets.HTML()
        self.cautions = widgets.HTML()
        self.caption = widgets.HTML(caption_html(regions_plot.TIMELINE_CAPTION))
        self.path_text = widgets.Text(value="", placeholder="for example my-plan.html or my-plan.md",
                                      description="Save as:", style=App.STYLE,
                                      layout=widgets.Layout(width="420px"))
        self.overwrite_box = widgets.Checkbox(value=False, description="overwrite an existing file",
                                              style=App.STYLE, indent=False)
        self.save_button = widgets.Button(description="Save plan", icon="save",
                                          tooltip="Write the plan to the file named on the left")
        self.save_button.on_click(lambda _b: self.save())
        self.save_status = widgets.HTML("")
        self.plan = None
        self.canvas = figure_widget(self.fig)
        self.widget = widgets.VBox([
            widgets.HTML("<strong>Regions and minutes</strong> (untick a region to leave it out)"),
            widgets.VBox(rows),
            self.readout,
            self.canvas,
            self.caption,
            self.cautions,
            widgets.HBox([self.path_text, self.overwrite_box, self.save_button]),
            self.save_status,
        ])
        self.finish("planner")
        self.step()

    def minutes_chosen(self) -> dict:
        """{region id: minutes} for the ticked regions."""
        return {rid: self.sliders[rid].value for rid, c in self.checks.items() if c.value}

    def set_region(self, region_id, chosen: bool, minutes=None):
        """Tick or untick a region and optionally set its minutes."""
        self.rmap.get(region_id)
        if minutes is not None:
            planner_model.validate.check_range(
                f"minutes for {region_id}", minutes, self.sliders[region_id].min,
                self.sliders[region_id].max, "min")
            self.sliders[region_id].value = minutes
        self.checks[region_id].value = bool(chosen)
        return self.plan

    def readout_text(self) -> str:
        """The plan as plain text (or a prompt when nothing is chosen)."""
        if self.plan is None:
            return "No region chosen."
        return planner_model.plan_text(self.plan)

    def update(self) -> bool:
        chosen = self.minutes_chosen()
        self.plan = planner_model.plan_session(chosen, self.rmap) if chosen else None
        self.cautions.value = "" if self.plan is None else (
            "<p><strong>Safety for the chosen regions</strong></p>"
            + self.plan.safety().html(level=5))
        # True with a new time axis (in steps of 10 min): the whole figure is drawn again
        return regions_plot.update_plan_timeline(self.ax, self.timeline, self.plan)

    def readout_html(self) -> str:
        if self.plan is None:
            return "<p><strong>No region chosen.</strong> Tick at least one.</p>"
        return (f"<p><strong>Total: {self.plan.total_min:g} min</strong> "
                f"({len(self.plan.steps)} regions, knee to toes). "
                f"<em>{html.escape(planner_model.CONVENTION_NOTE)}</em></p>")

    def save(self, path=None, overwrite=None) -> str:
        """Save the current plan; return (and show) a message. Never raises for user errors."""
        return self.save_from_form(lambda target, overwrite: save_plan(self.plan, target, overwrite=overwrite),
                                   path, overwrite, empty="type a file name ending in .md or .html first")
