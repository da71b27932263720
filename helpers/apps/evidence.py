"""Widget apps and tables for lesson 05 (does massage work?).

- :class:`SimulationApp`: sliders for the simulated study and a menu of recovery patterns
  calibrated to the two follow-up studies.
- :class:`TrialsApp`: the trial results figure with a trial picker and a details panel.
- ``*_table``: the lesson's tables, built from the data files (shown by ``hp.row_table``).

Both apps declare their controls, step (``update``) and readout, and
:class:`helpers.appbase.App` runs the cycle, redrawing only the artists a control moves
(``app.blitter``, a :class:`helpers.blit.Blitter`). The simulation's axes change range only in
steps of 5 points, and the picture without its moving artists is kept for each range shown: a
range is drawn in full the first time it appears, and every later step is redrawn by blitting.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from helpers import sources
from helpers.appbase import App, caption_html
from helpers.blit import Blitter
from helpers.models import evidence as ev
from helpers.plots import evidence as plots
from helpers.rowtable import RowTable, row_table
from helpers.style import figure_widget, new_figure

_LAYOUT = widgets.Layout(width="460px")

CUSTOM = "custom"

SIMULATION_CAPTION = (
    "Left: average pain score of the treated group (solid line, circles) and the untreated group"
    " (dashed line, squares) at enrolment and at follow-up, with the enrolment threshold"
    " (dash-dot line) and the average score of everyone screened (dotted line). Right: three"
    " horizontal bars, the true effect you set, the before/after estimate from the treated group"
    " alone, and the randomised estimate with its 95% confidence interval. A key below the two"
    " panels names the lines."
)


class SimulationApp(App):
    """A simulated study of heel pain: what a before/after study and a randomised trial report.

    Controls (kept as attributes): ``effect_slider``, ``recovery_slider``, ``noise_slider``,
    ``threshold_slider``, ``n_slider``, ``follow_up_slider``, ``seed_box`` and
    ``pattern_dropdown`` (recovery pattern calibrated to a follow-up study; choosing one sets
    the recovery slider, moving the slider switches the menu to 'custom').
    """

    CAPTION = SIMULATION_CAPTION

    def __init__(self, **settings):
        s = ev.make_settings(**{**ev.DEFAULTS, **settings})
        self.patterns = {p.key: p for p in ev.recovery_patterns()}
        options = [(p.label, p.key) for p in self.patterns.values()]
        options.append(("Custom (set with the slider)", CUSTOM))
        start = self._pattern_for(s.monthly_recovery_pct)
        self.pattern_dropdown = widgets.Dropdown(
            options=options, value=start, description="Recovery pattern",
            style=App.STYLE, layout=widgets.Layout(width="640px"),
        )
        self.effect_slider = widgets.FloatSlider(
            value=s.true_effect_points, min=ev.TRUE_EFFECT_RANGE[0], max=ev.TRUE_EFFECT_RANGE[1],
            step=0.1, description="True effect of treatment (points)", style=App.STYLE,
            layout=_LAYOUT, readout_format=".1f", continuous_update=True,
        )
        self.recovery_slider = widgets.FloatSlider(
            value=s.monthly_recovery_pct, min=ev.RECOVERY_RANGE[0], max=ev.RECOVERY_RANGE[1],
            step=0.01, description="Natural recovery (% of pain per month)", style=App.STYLE,
            layout=_LAYOUT, readout_format=".2f", continuous_update=True,
        )
        self.noise_slider = widgets.FloatSlider(
            value=s.noise_sd_points, min=ev.NOISE_RANGE[0], max=ev.NOISE_RANGE[1], step=0.1,
            description="Noise in each score (SD, points)", style=App.STYLE, layout=_LAYOUT,
            readout_format=".1f", continuous_update=True,
        )
        self.threshold_slider = widgets.FloatSlider(
            value=s.enrol_threshold_points, min=ev.THRESHOLD_RANGE[0],
            max=ev.THRESHOLD_RANGE[1], step=0.5, description="Enrol if score is at least",
            style=App.STYLE, layout=_LAYOUT, readout_format=".1f", continuous_update=True,
        )
        self.n_slider = widgets.IntSlider(
            value=s.n_patients, min=ev.N_PATIENTS_RANGE[0], max=ev.N_PATIENTS_RANGE[1], step=10,
            description="Number of patients", style=App.STYLE, layout=_LAYOUT,
            continuous_update=True,
        )
        self.follow_up_slider = widgets.FloatSlider(
            value=s.follow_up_months, min=ev.FOLLOW_UP_RANGE[0], max=ev.FOLLOW_UP_RANGE[1],
            step=0.5, description="Follow-up (months)", style=App.STYLE, layout=_LAYOUT,
            readout_format=".1f", continuous_update=True,
        )
        self.seed_box = widgets.BoundedIntText(
            value=s.seed, min=0, max=10**6, description="Random seed (same seed, same numbers)",
            style=App.STYLE, layout=widgets.Layout(width="320px"),
        )
        # constrained layout (as hp.setup() sets it) places the key below the panels
        self.fig, (self.ax_groups, self.ax_estimates) = new_figure(
            1, 2, figsize=(9.5, 4.5), gridspec_kw={"width_ratios": [1, 1.3]},
            layout="constrained",
        )
        self.fig.suptitle("A simulated study of heel pain (teaching model, not trial data)",
                          fontsize=11)
        self.result = ev.simulate_cohort(**self.settings_dict())
        self.artists = plots.draw_simulation(self.ax_groups, self.ax_estimates, self.result)
        self.treated_line = self.artists["treated_line"]
        self.control_line = self.artists["control_line"]
        self.estimate_bars = self.artists["estimate_bars"]
        self.ci_line = self.artists["ci_line"]
        self.follow_up_text = self.artists["follow_up_text"]
        # every control moves artists inside the two panels: redraw only those, with each
        # panel's spines, in the panel's drawing order (blitting). The key sits outside both
        # panels, so it stays in the background. The background is kept per pair of axis
        # ranges (picture_key), so a range comes back without a full redraw.
        a = self.artists
        self.blitter = Blitter(self.fig, [
            a["treated_line"], a["control_line"], a["threshold_line"], a["population_line"],
            a["follow_up_text"], *a["estimate_bars"], *a["value_texts"], a["ci_line"]])
        # where the layout put the panels, per pair of ranges (other ranges, other tick labels)
        self._placed = {}
        self.fig.canvas.mpl_connect("draw_event", self._remember_placement)
        self._syncing = False
        # the recovery slider and the pattern menu set each other, then run one step
        self.recovery_slider.observe(self._on_recovery, names="value")
        self.pattern_dropdown.observe(self._on_pattern, names="value")
        shown = widgets.VBox([
            self.pattern_dropdown, self.effect_slider, self.recovery_slider, self.noise_slider,
            self.threshold_slider, self.n_slider, self.follow_up_slider, self.seed_box,
        ])
        self.build("evidence-simulation",
                   [self.effect_slider, self.noise_slider, self.threshold_slider, self.n_slider,
                    self.follow_up_slider, self.seed_box], shown=[shown])

    # -- settings -----------------------------------------------------------------------------
    def _pattern_for(self, pct: float) -> str:
        for key, p in self.patterns.items():
            if abs(p.monthly_recovery_pct - pct) < 0.005:
                return key
        return CUSTOM

    def settings_dict(self) -> dict:
        """The current control values as keyword arguments of ``simulate_cohort``."""
        return {
            "true_effect_points": self.effect_slider.value,
            "monthly_recovery_pct": self.recovery_slider.value,
            "noise_sd_points": self.noise_slider.value,
            "enrol_threshold_points": self.threshold_slider.value,
            "n_patients": self.n_slider.value,
            "follow_up_months": self.follow_up_slider.value,
            "seed": self.seed_box.value,
        }

    # -- callbacks ----------------------------------------------------------------------------
    def _on_recovery(self, change):
        if self._syncing:  # set by the pattern menu, which updates once afterwards
            return
        self._syncing = True
        try:
            self.pattern_dropdown.value = self._pattern_for(change["new"])
        finally:
            self._syncing = False
        self.step()

    def _on_pattern(self, change):
        if self._syncing:
            return
        if change["new"] == CUSTOM:  # the slider keeps its value: only the readout's label changes
            self.show_readout()
            return
        self._syncing = True
        try:
            self.recovery_slider.value = self.patterns[change["new"]].monthly_recovery_pct
        finally:
            self._syncing = False
        self.step()

    def update(self) -> bool:
        """Re-run the simulation for the current controls and move the artists; True when an
        axis range changed (the picture of each pair of ranges is kept: :meth:`picture_key`)."""
        self.result = ev.simulate_cohort(**self.settings_dict())
        ranges_changed = plots.update_simulation(self.artists, self.ax_groups,
                                                 self.ax_estimates, self.result)
        if not ranges_changed:
            return False
        # other ranges, other tick labels: put the panels where the last full draw of this
        # range put them, so the moving artists land where its kept background has them (a
        # range not drawn yet is drawn in full, which lays the figure out)
        placed = self._placed.get(self._placement_key())
        if placed is not None:
            for ax, position in zip((self.ax_groups, self.ax_estimates), placed):
                ax.set_position(position)
                ax.set_in_layout(True)  # set_position takes the panel out of the layout
        return True

    def picture_key(self):
        return plots.simulation_limits(self.ax_groups, self.ax_estimates)

    def _placement_key(self):
        canvas = self.fig.canvas
        return (plots.simulation_limits(self.ax_groups, self.ax_estimates),
                tuple(canvas.get_width_height(physical=True)), self.fig.dpi)

    def _remember_placement(self, event):
        # a full draw on the screen's canvas (as Blitter keeps its background), not a save
        canvas = self.fig.canvas
        if not canvas.is_saving() and event.renderer is getattr(canvas, "renderer", None):
            self._placed[self._placement_key()] = tuple(
                ax.get_position(original=True).frozen()
                for ax in (self.ax_groups, self.ax_estimates))

    def readout_text(self) -> str:
        """Plain-text readout (the same numbers as the HTML readout)."""
        key = self.pattern_dropdown.value
        if key == CUSTOM:
            pattern = "Recovery pattern: custom."
        else:
            pattern = f"Recovery pattern: {self.patterns[key].label}."
        return pattern + "\n" + ev.summary_text(self.result)

    def readout_html(self) -> str:
        lines = [html.escape(line) for line in self.readout_text().splitlines()]
        return "<div class='hp-readout'>" + "<br>".join(lines) + "</div>"


# --------------------------------------------------------------------------------------------
# the trials
# --------------------------------------------------------------------------------------------

def trial_details_html(trial: str) -> str:
    """Details of one trial (all its result rows) as an HTML block."""
    rows = ev.trial_rows(trial)
    first = rows[0]
    status = {"V": "read in the trial's own abstract or paper",
              "S": "read only in a summary: treat with caution"}
    items = [
        ("Design", first["design"]),
        ("Randomised", f"{first['n_randomised']} people"),
        ("Treatment", first["treatment"]),
        ("Compared with", first["comparison"]),
        ("Region treated", first["region_treated"]),
    ]
    out = [f"<h4>{html.escape(trial)} ({html.escape(sources.cite(first['source']))})</h4><ul>"]
    out += [f"<li><b>{k}:</b> {html.escape(str(v))}</li>" for k, v in items]
    out.append("</ul><ul>")
    for row in rows:
        out.append(
            f"<li><b>{html.escape(row['outcome_scale'])}, {html.escape(row['follow_up'])}:</b> "
            f"{html.escape(row['result_text'])} <i>(results {status[row['results_status']]})</i></li>"
        )
    out.append("</ul>")
    return "".join(out)


def trials_table() -> RowTable:
    """The trial table (one row per reported result), from ``data/trials.csv``."""
    rows = []
    for row in ev.load_trials():
        read_in = "trial abstract or paper [V]" if row["results_status"] == "V" else "a summary [S]"
        rows.append((
            row["trial"], row["design"], str(row["n_randomised"]),
            f"{row['treatment']} vs {row['comparison']}", row["region_treated"],
            row["outcome_scale"], row["result_text"], row["follow_up"], read_in,
            sources.cite(row["source"]),
        ))
    return row_table(rows, headers=["Trial", "Design", "n", "Treatment vs comparison",
                                    "Region treated", "Outcome", "Result", "Follow-up",
                                    "Results read in", "Source"],
                     caption="Trials of massage and manual therapy for plantar heel pain")


def natural_history_table() -> RowTable:
    """The two follow-up studies side by side, with the calibrated recovery rates."""
    rows = []
    for row in ev.load_natural_history():
        pct = ev.recovery_pct_per_month(row["still_symptomatic_pct"], row["time_months"])
        rows.append((
            row["study"], row["population"], row["outcome_definition"],
            f"{row['time_months']:g} months from {row['time_measured_from']}",
            f"{row['still_symptomatic_pct']:g}%", f"{pct:.2f}", sources.cite(row["source"]),
        ))
    return row_table(rows, headers=["Study", "Who", "What counted as better", "Time point",
                                    "Still with symptoms", "Calibrated recovery (% per month)",
                                    "Source"],
                     caption="Two long-term follow-up studies of plantar heel pain")


def guideline_table() -> RowTable:
    """Guideline grades and best-practice recommendations, with the status of each."""
    rows = []
    for row in ev.load_guideline_grades():
        read = ("verified: " if row["status"] == "V"
                else f"read only in a summary {sources.STATUS_MARKER}: ") + row["note"]
        rows.append((row["treatment"], row["guideline"], row["recommendation"], row["grade"],
                     read, sources.cite(row["source"])))
    return row_table(rows, headers=["Treatment", "Guideline", "Recommendation (our words)",
                                    "Grade", "How it was read", "Source"],
                     caption="What guidelines recommend")


class NaturalHistoryView(App):
    """The natural-history figure (no controls) with its caption."""

    def __init__(self):
        self.fig, self.ax = new_figure(figsize=(8, 4.2))
        self.artists = plots.draw_natural_history(self.ax, ev.load_natural_history())
        self.caption = widgets.HTML(caption_html(plots.NATURAL_HISTORY_CAPTION))
        self.widget = widgets.VBox([figure_widget(self.fig), self.caption])
        self.finish("evidence-natural-history")


class TrialsApp(App):
    """The trial results figure with a trial picker (``trial_dropdown``) and details (``readout``).

    Picking a trial fades the others in the figure and shows its design and results.
    """

    ALL = "All trials"
    CAPTION = plots.TRIALS_CAPTION

    def __init__(self):
        self.rows = ev.load_trials()
        scales = ev.plotted_scales(self.rows)
        n_panels = len(scales) + 1
        ncols = 2
        nrows = -(-n_panels // ncols)
        self.fig, axes = new_figure(nrows, ncols, figsize=(10, 2.3 * nrows + 0.8))
        axes = list(axes.ravel())
        self.fig.suptitle("Trial results, each on its own scale", fontsize=12)
        self.drawn = plots.draw_trials(axes[: n_panels - 1], self.rows,
                                       text_ax=axes[n_panels - 1])
        for ax in axes[n_panels:]:
            ax.set_axis_off()
        self.by_trial = self.drawn["by_trial"]
        # picking a trial only changes transparency inside the panels: redraw only the trials'
        # artists and what a full draw paints over them nearby (a legend far from every
        # trial's marks stays in the kept picture: its text is slow to draw)
        self.blitter = Blitter(self.fig, [a for arts in self.by_trial.values() for a in arts],
                               near_only=True)
        self.trial_dropdown = widgets.Dropdown(
            options=[self.ALL] + ev.trial_names(rows=self.rows), value=self.ALL,
            description="Show trial", style=self.STYLE,
        )
        self.build("evidence-trials", [self.trial_dropdown])

    def update(self) -> bool:
        trial = self.trial_dropdown.value
        self.selected = trial
        return plots.highlight_trial(self.by_trial, None if trial == self.ALL else trial)

    def readout_html(self) -> str:
        if self.selected == self.ALL:
            return "<p>Pick a trial to see its design and results; the other trials fade.</p>"
        return trial_details_html(self.selected)
