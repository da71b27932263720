"""Widget apps for lesson 07: a test-result explorer and a "which features fit?" explorer.

Each app builds its figure once, keeps its controls, artists, latest model result
(``app.result``) and a readout (``app.readout``, an ``HTML`` widget) as attributes, and moves
artists in place when a control changes; only the moving artists are redrawn (blitting, see
:class:`helpers.blit.Blitter`). Each app declares its controls, its step (``update``, which
returns the plot's answer to "redraw the whole figure?") and its readout;
:class:`helpers.appbase.App` runs the cycle. Every control is an ordinary ipywidget with a description,
so the apps work from the keyboard (Tab to a control, arrow keys on a slider, Space on a box).
``readout_text()`` gives the readout as plain text for compared notebook cells.

Red flags are rendered from ``data/red_flags.csv`` by the course's one warning helper
(:func:`helpers.safety.notice`), never retyped here.
"""

from __future__ import annotations

import dataclasses
import html
import math

import ipywidgets as widgets

from helpers import style
from helpers.appbase import App
from helpers.apps.routine import cites
from helpers.blit import Blitter
from helpers.models import diagnosis as dx
from helpers.plots import diagnosis as pd
from helpers.safety import SafetyNotice, notice
from helpers.tables import load_table

_SLIDER_LAYOUT = widgets.Layout(width="460px")

_STATUS_WORDS = {"V": "", "S": ", secondary: reported in a summary, treat with caution"}


def cites_marked(keys) -> str:
    """Short citations joined with semicolons, each secondary source marked ``[S]``."""
    from helpers.sources import source

    return "; ".join(cites([k]) + (" [S]" if source(k)["status"] == "S" else "") for k in keys)


def red_flag_notice(flag_ids) -> SafetyNotice:
    """The course's red-flag notice (:func:`helpers.safety.notice`) with only the rows of
    ``flag_ids``, in the table's order; the title and advice sentence stay as the table has them.

    >>> red_flag_notice(["numbness"]).block("red_flags").items[0].item_id
    'numbness'
    """
    block = notice(topics=["red_flags"]).block("red_flags")
    known = [item.item_id for item in block.items]
    unknown = [f for f in flag_ids if f not in known]
    if unknown:
        raise ValueError(f"flag_ids must be among {', '.join(known)}; got {unknown[0]!r}")
    wanted = set(flag_ids)
    items = tuple(item for item in block.items if item.item_id in wanted)
    return SafetyNotice((dataclasses.replace(block, items=items),))


def _pct(p: float, digits: int = 0) -> str:
    return f"{100 * p:.{digits}f}%"


def lr_text(lr: float) -> str:
    """A likelihood ratio for reading: ``'infinite'`` when there were no false positives.

    >>> lr_text(float("inf")), lr_text(0.6818)
    ('infinite', '0.68')
    """
    return "infinite" if math.isinf(lr) else f"{lr:.2g}" if lr < 10 else f"{lr:.0f}"


def diagnostic_test_rows(tests=None) -> list:
    """Rows of ``data/diagnostic_tests.csv`` with each source's status added."""
    from helpers.sources import source

    rows = []
    for row in (tests if tests is not None else load_table("diagnostic_tests")):
        r = dict(row)
        r["status"] = source(r["source"])["status"]
        rows.append(r)
    return rows


# --------------------------------------------------------------------------------------------
# Test result
# --------------------------------------------------------------------------------------------


def describe_outcome(outcome: dx.DiagnosticOutcome, row: dict, span: dx.StudyRange) -> str:
    """The readout of :class:`TestResultApp` as HTML."""
    f = outcome.per_100
    status = _STATUS_WORDS[row["status"]]
    pos_range = f"{_pct(span.positive[0])} to {_pct(span.positive[1])}"
    neg_range = f"{_pct(span.negative[0])} to {_pct(span.negative[1])}"
    lr_pos = lr_text(outcome.lr_positive)
    no_fp = " (no false positives in the study)" if math.isinf(outcome.lr_positive) else ""
    return (
        f"<p><strong>{html.escape(row['test'])}</strong> "
        f"({html.escape(cites([row['source']]))}{status}): sensitivity "
        f"{_pct(outcome.sensitivity, 1)}, specificity {_pct(outcome.specificity, 1)}; "
        f"LR+ {lr_pos}{no_fp}, LR&minus; {lr_text(outcome.lr_negative)}.</p>"
        f"<p>Before the test: <strong>{_pct(outcome.pre_test)}</strong>. "
        f"After a <strong>positive</strong> result: <strong>{_pct(outcome.post_positive)}</strong> "
        f"(with the study's size: {pos_range}). After a <strong>negative</strong> result: "
        f"<strong>{_pct(outcome.post_negative)}</strong> (with the study's size: {neg_range}).</p>"
        f"<p>Out of 100 people like this, {f['with']:.0f} have plantar fasciitis: the test is "
        f"positive in {f['true_positive']:.0f} of them and negative in "
        f"{f['false_negative']:.0f}. Of the {f['without']:.0f} without it, "
        f"{f['false_positive']:.0f} test positive.</p>"
    )


class TestResultApp(App):
    """Pre-test probability slider and a test menu; post-test probability for a positive and a
    negative result on curves and on a Fagan nomogram.

    Controls: ``pre_slider`` (pre-test probability, 1 to 99 %), ``test_picker`` (Dropdown over
    ``data/diagnostic_tests.csv``). Result: ``result`` (:class:`DiagnosticOutcome`) and
    ``span`` (:class:`StudyRange`). Artists: ``art``.
    """

    __test__ = False  # a widget app, not a pytest test class

    READOUT = "above"  # the readout sits between the controls and the figure
    CAPTION = (
        "Left: post-test probability in percent against pre-test probability in percent. A "
        "dotted diagonal is 'no test'. The solid line with an upward triangle is the "
        "probability after a positive result, the dashed line with a downward triangle after a "
        "negative result; shaded hatched bands show how far each could move given the size of "
        "the study, and a dash-dot vertical line marks the chosen pre-test probability. Right: "
        "a Fagan nomogram with three vertical scales (pre-test probability, likelihood ratio, "
        "post-test probability); a straight solid line for the positive result and a dashed "
        "line for the negative result run from the pre-test dot through each likelihood ratio "
        "to the post-test probability."
    )

    def __init__(self, pre_test_percent: float = 50.0, test_id: str = "windlass_standing"):
        self.tests = diagnostic_test_rows()
        self.by_id = {r["test_id"]: r for r in self.tests}
        if test_id not in self.by_id:
            raise ValueError(f"test_id must be one of {', '.join(self.by_id)}; got {test_id!r}")
        self.fig, axes = style.new_figure(
            2, 2, figsize=(10, 5.0),
            gridspec_kw={"width_ratios": [3, 2], "height_ratios": [10, 1.4]},
        )
        (ax_c, ax_n), (ax_l, ax_spare) = axes
        ax_spare.set_axis_off()
        self.pre_slider = widgets.FloatSlider(
            value=pre_test_percent, min=100 * dx.PRE_TEST_RANGE[0],
            max=100 * dx.PRE_TEST_RANGE[1], step=1, description="Pre-test probability (%)",
            style=self.STYLE, layout=_SLIDER_LAYOUT, readout_format=".0f",
        )
        self.test_picker = widgets.Dropdown(
            options=[(r["test"], r["test_id"]) for r in self.tests], value=test_id,
            description="Test:", style=self.STYLE, layout=widgets.Layout(width="460px"),
        )
        self._compute(curves=True)
        self.art = pd.draw_test(ax_c, ax_n, self.result, self.curves, self.bands, ax_legend=ax_l)
        # the bands can pass under the legend of the curves panel: it is redrawn with them
        self.blitter = Blitter(self.fig, self.art.moving())
        self.build("test-result", [self.pre_slider, self.test_picker])

    @property
    def row(self) -> dict:
        return self.by_id[self.test_picker.value]

    def _compute(self, curves: bool):
        r = self.row
        pre = self.pre_slider.value / 100
        self.result = dx.evaluate_test(pre, r["sensitivity"], r["specificity"])
        self.span = dx.study_range(pre, r["sensitivity"], r["specificity"], r["n_with"],
                                   r["n_without"])
        if curves:
            self.curves = dx.post_test_curves(r["sensitivity"], r["specificity"])
            self.bands = dx.post_test_bands(r["sensitivity"], r["specificity"], r["n_with"],
                                            r["n_without"])
            self._curves_of = r["test_id"]

    def update(self) -> bool:
        new_test = self._curves_of != self.test_picker.value  # the curves follow the test alone
        self._compute(curves=new_test)
        if new_test:
            return pd.update_test(self.art, self.result, self.curves, self.bands)
        return pd.update_test(self.art, self.result)

    def readout_html(self) -> str:
        return describe_outcome(self.result, self.row, self.span)


# --------------------------------------------------------------------------------------------
# Which features fit?
# --------------------------------------------------------------------------------------------


class FindingsExplorerApp(App):
    """Tick findings (or pick an example story) and see which conditions they point to, which
    red flags they raise, and what to do.

    Controls: ``checkboxes`` (dict finding id -> Checkbox) and ``example_picker`` (Dropdown over
    ``data/heel_vignettes.csv``; choosing a story ticks its findings). Result: ``result``
    (:class:`FindingsMatch`). Artists: ``art``.
    """

    READOUT = "above"  # the readout sits between the controls and the figure
    CAPTION = (
        "Horizontal bars, one per condition that can look like plantar fasciitis: the bar's "
        "length is how many of the ticked findings point to that condition (a count, not a "
        "probability). Conditions with a red flag are drawn with diagonal hatching and "
        "marked '(red flag)' in their label; the others are plain."
    )

    def __init__(self):
        self.conditions = load_table("heel_pain_conditions").rows
        self.findings = load_table("heel_findings").rows
        self.flags = load_table("red_flags").rows
        self.vignettes = load_table("heel_vignettes").rows
        dx.check_links(self.conditions, self.findings, self.flags)
        self.flag_by_id = {f["flag_id"]: f for f in self.flags}
        # each condition's citations, worked out once with the tables (a step only shows them)
        self._cites = {c["condition_id"]: cites_marked(c["sources"]) for c in self.conditions}
        self.checkboxes = {}
        for f in self.findings:
            label = f["finding"] or self.flag_by_id[f["red_flag"]]["sign"]
            if f["red_flag"]:
                label = f"{label} (red flag)"
            box = widgets.Checkbox(value=False, description=label, indent=False, style=self.STYLE,
                                   layout=widgets.Layout(width="auto"))
            self.checkboxes[f["finding_id"]] = box
        self.example_picker = widgets.Dropdown(
            options=[(v["story"], v["vignette_id"]) for v in self.vignettes],
            value=self.vignettes[0]["vignette_id"], description="Example person:",
            style=self.STYLE, layout=widgets.Layout(width="95%"),
        )
        self.result = dx.match_findings([], self.conditions, self.findings)
        self.fig, ax = style.new_figure(figsize=(9, 4.4))
        self.art = pd.draw_findings(ax, self.conditions, self.result)
        self.blitter = Blitter(self.fig, [*self.art.bars, *self.art.labels])
        # a box runs a step unless a story is ticking several at once (one step at the end)
        self._setting = False
        for box in self.checkboxes.values():
            box.observe(self._on_tick, names="value")
        self.example_picker.observe(self._on_example, names="value")
        note = widgets.HTML(f"<p class='hp-note' role='note'><strong>Note.</strong> "
                            f"{html.escape(dx.NOT_A_DIAGNOSIS)}</p>")
        boxes = widgets.VBox(list(self.checkboxes.values()),
                             layout=widgets.Layout(border="1px solid #999999", padding="4px"))
        heading = widgets.HTML("<strong>Tick the findings in the story (or your own "
                               "example):</strong>")
        self.build("findings", [], shown=[note, self.example_picker, heading, boxes])

    def ticked(self) -> list:
        return [fid for fid, box in self.checkboxes.items() if box.value]

    def tick(self, finding_ids) -> None:
        """Tick exactly ``finding_ids`` (others cleared); one update at the end."""
        wanted = set(finding_ids)
        unknown = wanted - set(self.checkboxes)
        if unknown:
            raise ValueError(f"finding_ids must be among {', '.join(self.checkboxes)}; "
                             f"got {sorted(unknown)[0]!r}")
        self._setting = True
        try:
            for fid, box in self.checkboxes.items():
                box.value = fid in wanted
        finally:
            self._setting = False
        self.step()

    def _on_tick(self, change):
        if not self._setting:
            self.step()

    def _on_example(self, change):
        story = next(v for v in self.vignettes if v["vignette_id"] == change["new"])
        self.tick(dx.split_ids(story["findings"]))

    def update(self) -> bool:
        self.result = dx.match_findings(self.ticked(), self.conditions, self.findings)
        return pd.update_findings(self.art, self.result)

    def readout_html(self) -> str:
        m = self.result
        parts = []
        if m.see_clinician:
            parts.append(red_flag_notice(m.red_flags).html(level=5))
        if not m.ticked:
            parts.append("<p>Nothing ticked yet: tick findings or choose an example person.</p>")
        elif not m.matched:
            parts.append("<p>No condition in the table is linked to these findings.</p>")
        else:
            by_id = {c["condition_id"]: c for c in self.conditions}
            rows = []
            for cid in m.matched:
                c = by_id[cid]
                rows.append(
                    f"<li><strong>{html.escape(c['condition'])}</strong> "
                    f"({m.counts[cid]} of the ticked findings). Points to it: "
                    f"{html.escape(c['points_to_it'])}. <em>What to do:</em> "
                    f"{html.escape(c['what_to_do'])} <small>({html.escape(self._cites[cid])})</small></li>"
                )
            parts.append(f"<p>The ticked findings point to:</p><ol>{''.join(rows)}</ol>")
        return "".join(parts)
