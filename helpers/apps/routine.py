"""Widget apps for lesson 03: safety screen, routine player, discomfort check, pain log.

Each app keeps its controls, artists and latest model result as attributes, so tests (and the
browser) can drive it:

- :class:`SafetyScreenApp`: tick red flags -> "see a clinician before self-massage".
- :class:`RoutinePlayerApp`: Start / Pause / Back / Next, a countdown and a progress bar. The
  kernel never waits: an ``ipywidgets.Play`` widget in the browser changes its value once a
  second, and each change calls ``player.tick()``, which reads the clock once and returns.
- :class:`DiscomfortApp`: rate discomfort 0-10 after a step, tick any stop signs, read advice.
- :class:`PainLogApp`: add a morning first-step pain score to a CSV log outside the course
  folder, and see the trend against the smallest change that matters.
"""

from __future__ import annotations

import datetime as _dt
import html
import time

import ipywidgets as widgets

from helpers import files
from helpers.appbase import App, caption_html
from helpers.blit import Blitter
from helpers.models import painlog as pl
from helpers.models import routine as rt
from helpers.plots import routine as plots
from helpers.safety import notice as safety_notice
from helpers.sources import cite, short_cite, status_marker
from helpers.style import figure_widget, new_figure

__all__ = [
    "SafetyScreenApp", "RoutinePlayerApp", "DiscomfortApp", "PainLogApp", "cites",
]



def cites(keys) -> str:
    """Short citations joined with semicolons."""
    return "; ".join(short_cite(k) for k in keys)


# --------------------------------------------------------------------------- safety screen
class SafetyScreenApp(App):
    """Safety screen: the blood-clot check first (before any calf work), then one checkbox per
    red flag, diabetes, and the cautions table. Every row and sentence comes from the tables.

    Attributes
    ----------
    checkboxes : dict id -> Checkbox (clot rows are ``clot_<sign_id>``)
    readout : HTML
    result : helpers.models.routine.ScreenResult
    """

    def __init__(self, flags=None):
        from helpers import safety
        from helpers.tables import load_table

        self.flags = tuple(flags if flags is not None else load_table("red_flags").rows)
        self.clot_rows = tuple(safety.notice(topics=["clot"]).block("clot").items)
        self.EXTRA = {
            f"clot_{item.item_id}": (
                item.text,
                f"{item.text}." if item.text.startswith("Raises the risk")
                else f"{item.text}: a possible sign of a blood clot in a deep vein.",
            )
            for item in self.clot_rows
        }
        self.EXTRA["low_sensation"] = (
            "I have diabetes, or reduced feeling in my feet", safety.advice("diabetes"))
        self.EXTRA["caution"] = (
            "One of the massage cautions in the table above applies to me",
            safety.advice("cautions") + " Follow the table: avoid massage, or ask a clinician first.",
        )
        self._sources = {f"clot_{item.item_id}": item.sources for item in self.clot_rows}
        self._sources["low_sensation"] = tuple(
            load_table("safety_advice").by("topic")["diabetes"]["sources"])

        def box(label):
            return widgets.Checkbox(value=False, description=label, indent=False, style=App.STYLE,
                                    layout=widgets.Layout(width="auto"))

        self.checkboxes = {}
        for key, (label, _reason) in self.EXTRA.items():
            if key.startswith("clot_"):
                self.checkboxes[key] = box(label)
        for flag in self.flags:
            self.checkboxes[flag["flag_id"]] = box(flag["sign"])
        for key in ("low_sensation", "caution"):
            self.checkboxes[key] = box(self.EXTRA[key][0])
        self.readout = widgets.HTML()
        self.observe(*self.checkboxes.values())
        clot_heading = widgets.HTML(f"<b>{html.escape(safety.TITLES['clot'])}</b>")
        heading = widgets.HTML("<b>Then tick anything else that applies to you now.</b>")
        clot_boxes = [b for k, b in self.checkboxes.items() if k.startswith("clot_")]
        other_boxes = [b for k, b in self.checkboxes.items() if not k.startswith("clot_")]
        self.widget = widgets.VBox([clot_heading, *clot_boxes, heading, *other_boxes,
                                    self.readout])
        self.step()
        self.finish("routine-safety")

    def ticked(self) -> list:
        return [key for key, box in self.checkboxes.items() if box.value]

    def readout_text(self) -> str:
        lines = [self.result.message]
        lines += [f"- {r}" for r in self.result.reasons]
        lines.append(rt.SCREEN_NOT_DIAGNOSIS)
        return "\n".join(lines)

    def update(self) -> bool:
        from helpers import safety

        extra = {k: reason for k, (_label, reason) in self.EXTRA.items()}
        result = rt.safety_screen(self.ticked(), self.flags, extra)
        if any(k.startswith("clot_") for k in self.ticked()):
            result = rt.ScreenResult(result.clear, result.reasons, safety.advice("clot"))
        self.result = result
        return False

    def readout_html(self) -> str:
        colour = "#D55E00" if not self.result.clear else "#009E73"
        strength = {"V": "read at the source", "S": "secondary source"}
        notes = []
        for key in self.ticked():
            flag = next((f for f in self.flags if f["flag_id"] == key), None)
            if flag is not None:
                level, keys = strength[flag["strength"]], flag["sources"]
            elif key in self._sources:
                keys = self._sources[key]
                level = ("secondary source" if any(status_marker(k) for k in keys)
                         else strength["V"])
            else:
                level, keys = "see the table", ()
            notes.append(f" <small>({level}: {html.escape(cites(keys))})</small>" if keys else "")
        items = "".join(
            f"<li>{html.escape(r)}{n}</li>" for r, n in zip(self.result.reasons, notes)
        )
        return (
            f"<div role='status' style='border-left:6px solid {colour};padding:4px 8px'>"
            f"<b>{html.escape(self.result.message)}</b>"
            + (f"<ul>{items}</ul>" if items else "")
            + f"<p><i>{html.escape(rt.SCREEN_NOT_DIAGNOSIS)}</i></p></div>"
        )


# --------------------------------------------------------------------------- player
class RoutinePlayerApp(App):
    """The guided routine with Start, Pause, Back and Next.

    Parameters
    ----------
    steps : sequence of Step, optional
        Default :func:`helpers.models.routine.load_steps`.
    clock : callable, optional
        Seconds; ``time.monotonic`` by default, a fake clock in tests.

    Attributes
    ----------
    player : RoutinePlayer
    start_button, pause_button, back_button, next_button : Button
    play : ipywidgets.Play (hidden; its value changes once a second while running)
    countdown, step_html, readout, caption : HTML
    progress : FloatProgress
    fig, artists : the timeline figure and its artists
    blitter : helpers.blit.Blitter (a tick repaints only the bars, the now line and the title)
    result : PlayerState (latest)
    """

    def __init__(self, steps=None, clock=time.monotonic):
        self.steps = tuple(steps if steps is not None else rt.load_steps())
        self.player = rt.RoutinePlayer(self.steps, clock=clock)
        self._listeners = []

        def button(label, icon, tip):
            return widgets.Button(description=label, icon=icon, tooltip=tip,
                                  layout=widgets.Layout(width="auto"))

        self.start_button = button("Start", "play", "Start the routine (or carry on if paused)")
        self.pause_button = button("Pause", "pause", "Pause the countdown")
        self.back_button = button("Back", "step-backward", "Go back to the previous step")
        self.next_button = button("Next", "step-forward", "Skip to the next step")
        for b in (self.start_button, self.pause_button, self.back_button, self.next_button):
            b.add_class("hp-routine-button")
        self.start_button.on_click(lambda _b: self._apply(self.player.start()))
        self.pause_button.on_click(lambda _b: self._apply(self.player.pause()))
        self.back_button.on_click(lambda _b: self._apply(self.player.back()))
        self.next_button.on_click(lambda _b: self._apply(self.player.next()))

        # the browser ticks: Play changes its value every second while it is playing
        self.play = widgets.Play(value=0, min=0, max=10**7, step=1, interval=1000,
                                 description="Timer", show_repeat=False,
                                 layout=widgets.Layout(display="none"))
        self.play.observe(self._on_tick, names="value")

        self.countdown = widgets.HTML()
        self.countdown.add_class("hp-routine-countdown")
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0,
                                              description="Routine done", style=App.STYLE)
        self.step_html = widgets.HTML()
        self.readout = widgets.HTML()

        self.fig, ax = new_figure(figsize=(7.0, 3.4))
        self.artists = plots.draw_routine(ax, self.steps)
        self.blitter = Blitter(self.fig, [*self.artists.planned, *self.artists.done,
                                          self.artists.now_line, self.artists.title])
        self.canvas = figure_widget(self.fig)
        self.caption = widgets.HTML(caption_html(plots.ROUTINE_CAPTION))

        controls = widgets.HBox([self.start_button, self.pause_button, self.back_button,
                                 self.next_button, self.play])
        self.widget = widgets.VBox([controls, widgets.HBox([self.countdown, self.progress]),
                                    self.step_html, self.readout, self.canvas, self.caption])
        self.widget.add_class("hp-routine-player")
        self._apply(self.player.state)
        self.finish("routine-player")

    # ---------------------------------------------------------------- callbacks
    def on_step_change(self, callback) -> None:
        """Call ``callback(old_index, state)`` whenever the step changes or the routine ends."""
        self._listeners.append(callback)

    def _on_tick(self, change=None):
        self._apply(self.player.tick())

    def tick(self):
        """Advance the player from the clock (what a Play tick does)."""
        self._apply(self.player.tick())
        return self.result

    def _apply(self, state):
        old = getattr(self, "result", None)
        self.result = state
        self.step()
        if old is not None and (old.index != state.index or old.finished != state.finished):
            for callback in self._listeners:
                callback(old.index, state)

    def update(self) -> bool:
        state = self.result
        # the browser timer runs only while the player runs
        if self.play.playing != state.running:
            self.play.playing = state.running
        step = self.steps[state.index]
        self.countdown.value = (
            f"<span style='font-size:2em;font-family:monospace' aria-live='polite'>"
            f"{rt.format_seconds(state.remaining_s)}</span>"
        )
        self.progress.value = state.progress
        self.progress.description = f"Routine {100 * state.progress:.0f}% done"
        self.step_html.value = self._step_block(state, step)
        return plots.update_routine(self.artists, state)

    def readout_html(self) -> str:
        return html.escape(self.readout_text())

    def _step_block(self, state, step) -> str:
        if state.finished:
            return ("<p><b>Routine finished.</b> Rate how the last step felt below, and notice "
                    "whether any soreness has faded within the next hour.</p>")
        basis = ("a trial treated this region; the dose here is still practice convention"
                 if step.basis == "region_in_trial" else "practice convention, not evidence")
        return (
            f"<p><b>Step {state.index + 1} of {state.step_count}: {html.escape(step.region)}</b><br>"
            f"<b>Technique:</b> {html.escape(step.technique)} &middot; "
            f"<b>Pressure:</b> {html.escape(step.pressure)} &middot; "
            f"<b>Time:</b> {rt.format_seconds(step.seconds)} ({basis})<br>"
            f"<b>How:</b> {html.escape(step.how)}<br>"
            f"<b>You should feel:</b> {html.escape(step.feel)}<br>"
            f"<small><b>Evidence:</b> {html.escape(step.basis_note)} "
            f"Sources: {html.escape(cites(step.sources))}.</small></p>"
            + safety_notice(steps=[step]).html(level=5)
        )

    def readout_text(self) -> str:
        s = self.result
        step = self.steps[s.index]
        return (
            f"Step {s.index + 1} of {s.step_count} ({step.step_id}), {s.status}; "
            f"{rt.format_seconds(s.remaining_s)} left of {rt.format_seconds(s.step_s)}; "
            f"routine {100 * s.progress:.0f}% done ({rt.format_seconds(s.elapsed_total_s)} of "
            f"{rt.format_seconds(s.total_s)})."
        )


# --------------------------------------------------------------------------- discomfort
class DiscomfortApp(App):
    """Rate discomfort after each step and read what it means.

    Attributes
    ----------
    step_dropdown : Dropdown (index of the step just done)
    score_slider : IntSlider 0-10
    sign_boxes : dict sign -> Checkbox
    ratings : list (one entry per step, None until rated)
    sources_html : HTML (the sources of the advice and their limits)
    result : DiscomfortAdvice
    readout, caption : HTML
    """

    def __init__(self, steps=None, player_app: RoutinePlayerApp | None = None):
        self.steps = tuple(steps if steps is not None else rt.load_steps())
        self.ratings = [None] * len(self.steps)
        self.stopped = set()
        self.step_dropdown = widgets.Dropdown(
            options=[(f"{i + 1}. {s.label}", i) for i, s in enumerate(self.steps)],
            value=0, description="Step just done", style=App.STYLE,
        )
        self.score_slider = widgets.IntSlider(
            value=0, min=0, max=10, step=1, description="Discomfort (0-10)", style=App.STYLE,
            continuous_update=True,
        )
        self.sign_boxes = {
            key: widgets.Checkbox(value=False, description=text, indent=False, style=App.STYLE,
                                  layout=widgets.Layout(width="auto"))
            for key, text in rt.STOP_SIGNS.items()
        }
        self.readout = widgets.HTML()
        self.sources_html = widgets.HTML(self.sources_text())
        self.fig, ax = new_figure(figsize=(7.0, 3.4))
        self.artists = plots.draw_discomfort(ax, self.steps)
        self.blitter = Blitter(self.fig, [*self.artists.bars, *self.artists.stop_texts,
                                          self.artists.title])
        self.canvas = figure_widget(self.fig)
        self.caption = widgets.HTML(caption_html(plots.DISCOMFORT_CAPTION))
        self._loading = False
        self.step_dropdown.observe(self._on_step, names="value")
        self.score_slider.observe(self._update, names="value")
        for box in self.sign_boxes.values():
            box.observe(self._update, names="value")
        signs = widgets.VBox([widgets.HTML("<b>Did you notice any of these?</b>"),
                              *self.sign_boxes.values()])
        self.widget = widgets.VBox([self.step_dropdown, self.score_slider, signs,
                                    self.readout, self.sources_html, self.canvas, self.caption])
        if player_app is not None:
            player_app.on_step_change(self._follow_player)
        self.result = rt.discomfort_advice(0)
        self.step()
        self.finish("routine-discomfort")

    @staticmethod
    def sources_text() -> str:
        """Where the advice comes from, and its limits (HTML)."""
        items = [
            ("Expected: a dull, bearable ache that fades within a minute or so after the step. "
             "The 0-3 / 4-5 / 6+ bands are this course's teaching convention, not a measured "
             "limit.", ()),
            ("Stop signs: burning, tingling or numbness point towards a nerve, not the fascia.",
             ("tu2011",)),
            ("Serious harm from massage is rare, but nerve damage has been reported; no source "
             "shows that more pain brings more benefit.", ("ernst2003", "yin2014")),
        ]
        rows = "".join(
            f"<li>{html.escape(text)}"
            + (f" <small>({html.escape(cites(keys))})</small>" if keys else "")
            + "</li>"
            for text, keys in items
        )
        return f"<details><summary>Where this advice comes from</summary><ul>{rows}</ul></details>"

    def _follow_player(self, old_index, state):
        """When the player moves on, ask about the step just finished."""
        self.step_dropdown.value = old_index

    def _on_step(self, change=None):
        i = self.step_dropdown.value
        self._loading = True
        try:
            self.score_slider.value = self.ratings[i] if self.ratings[i] is not None else 0
            for box in self.sign_boxes.values():
                box.value = False
        finally:
            self._loading = False
        self.result = rt.discomfort_advice(self.score_slider.value)
        self.step()

    def _update(self, change=None):
        if self._loading:
            return
        i = self.step_dropdown.value
        signs = [k for k, box in self.sign_boxes.items() if box.value]
        self.result = rt.discomfort_advice(self.score_slider.value, signs)
        self.ratings[i] = self.score_slider.value
        if self.result.stop:
            self.stopped.add(i)
        else:
            self.stopped.discard(i)
        self.step()

    def readout_text(self) -> str:
        return f"Step {self.step_dropdown.value + 1}: {self.result.message}"

    def update(self) -> bool:
        return plots.update_discomfort(self.artists, self.ratings, sorted(self.stopped))

    def readout_html(self) -> str:
        colour = {"continue": "#009E73", "ease": "#E69F00", "stop": "#D55E00"}[self.result.action]
        return (
            f"<div role='status' style='border-left:6px solid {colour};padding:4px 8px'>"
            f"{html.escape(self.readout_text())}</div>"
        )


# --------------------------------------------------------------------------- pain log
class PainLogApp(App):
    """Keep a morning first-step pain log and see its trend.

    Nothing is written until the learner presses *Add to log*. The path box shows the home folder
    as ``~`` and accepts any ``.csv`` path. A hollow marker previews the morning about to be
    added (the picked date, or today) at the slider's score, so the learner sees where it will
    sit before saving; it is hidden when *Add to log* would refuse that morning.

    Attributes
    ----------
    path_text : Text
    date_picker : DatePicker
    score_slider : IntSlider
    add_button, reload_button : Button
    readout, pending, caption : HTML
    fig, artists : the trend figure and its artists (``artists.preview``: the marker)
    blitter : helpers.blit.Blitter (a score step repaints only the preview marker)
    log : PainLog (None when the path cannot be used)
    contents : LogContents (latest read)
    result : Trend (latest)
    """

    def __init__(self, path=None, today: _dt.date | None = None):
        self._today = today
        start_path = pl.default_log_path() if path is None else path
        self.path_text = widgets.Text(value=pl.display_path(start_path), description="Log file",
                                      style=App.STYLE, layout=widgets.Layout(width="95%"),
                                      continuous_update=False)
        self.date_picker = widgets.DatePicker(value=None, description="Morning of", style=App.STYLE)
        self.score_slider = widgets.IntSlider(value=0, min=0, max=10, step=1,
                                              description="First-step pain (0-10)", style=App.STYLE)
        self.add_button = widgets.Button(description="Add to log", icon="plus",
                                         tooltip="Append this morning to the log file")
        self.reload_button = widgets.Button(description="Reload", icon="refresh",
                                            tooltip="Read the log file again")
        self.readout = widgets.HTML()
        self.pending = widgets.HTML()
        self.fig, ax = new_figure(figsize=(7.0, 3.6))
        self.artists = plots.draw_trend(ax, preview=True)
        # a score step moves only the preview marker, so only it is blitted; entries, levels,
        # title, legend and day axis change on Add, Reload or a new date (see _draw)
        # the titles and the legend sit above the data, where the marker (clipped to the axes,
        # never above 10) cannot reach: they stay in the kept picture (the tests check the
        # marker's box at every score); the legend's text is most of the cost of drawing
        self.blitter = Blitter(self.fig, [self.artists.preview],
                               still=[self.artists.ax.get_legend()])
        self.canvas = figure_widget(self.fig)
        self.caption = widgets.HTML(caption_html(plots.PAINLOG_CAPTION))
        self.message = ""
        self.log = None
        self.contents = pl.LogContents((), (), False)
        self.path_text.observe(lambda _c: self.reload(), names="value")
        self.score_slider.observe(lambda _c: self._on_score(), names="value")
        self.date_picker.observe(lambda _c: self._on_date(), names="value")
        self.add_button.on_click(lambda _b: self.add())
        self.reload_button.on_click(lambda _b: self.reload())
        self.widget = widgets.VBox([
            self.path_text,
            widgets.HBox([self.date_picker, self.score_slider]),
            widgets.HBox([self.add_button, self.reload_button, self.pending]),
            self.readout, self.canvas, self.caption,
        ])
        self._show_pending()
        self.reload()
        self.finish("routine-painlog")

    def _open(self):
        return pl.PainLog(self.path_text.value, today=self._today)

    def pending_text(self) -> str:
        """What pressing 'Add to log' would store, so the learner sees it before saving."""
        day = self.date_picker.value
        when = day.isoformat() if day is not None else "pick a date"
        return f"Ready to add: {when}, score {self.score_slider.value}/10."

    def _show_pending(self):
        self.pending.value = f"<span role='status'>{html.escape(self.pending_text())}</span>"

    def today(self) -> _dt.date:
        """The date treated as today (the ``today`` given, else the real date)."""
        return self._today or _dt.date.today()

    def preview_day(self) -> _dt.date | None:
        """The morning the figure previews: the picked date, or today until one is picked.

        None (no preview) when *Add to log* would refuse that morning: no usable log file, a
        date after today or before the log's earliest date, or a morning already in the log.
        """
        day = self.date_picker.value or self.today()
        if self.log is None:
            return None
        try:
            pl.parse_date(day, today=self.today())
        except ValueError:
            return None
        if any(e.date == day for e in self.contents.entries):
            return None
        return day

    def _on_score(self):
        """A new score moves only the preview marker: a blit, never a full redraw."""
        self._show_pending()
        if self.artists.preview.get_visible():  # hidden: Add would refuse; nothing to show
            self.blitter.redraw(plots.set_preview_score(self.artists, self.score_slider.value))

    def _on_date(self):
        self._show_pending()
        self._draw()

    def reload(self):
        """Read the file named in the path box and redraw."""
        self.contents = pl.LogContents((), (), False)
        self._open_error = None
        try:
            self.log = self._open()
            self.contents = self.log.read()
            if not self.contents.exists:
                self.message = "No log yet at this path; the first entry will create it."
            elif self.contents.problems:
                self.message = ("Some lines could not be read and were left as they are: "
                                + self.contents.report())
            else:
                self.message = f"Read {len(self.contents.entries)} entries."
        except (ValueError, OSError) as exc:
            self.log = None
            self._open_error = exc
            self.message = files.describe_save_error(
                exc, self.path_text.value, example="pain-log.csv", action="Cannot use this file")
        self._refresh()

    def add(self):
        """Append the date and score in the controls to the log."""
        if self.log is None and getattr(self, "_open_error", None) is not None:
            self.message = files.describe_save_error(
                self._open_error, self.path_text.value, example="pain-log.csv", action="Not added")
        elif self.log is None:
            self.message = "Choose a usable log file first (a .csv path)."
        elif self.date_picker.value is None:
            self.message = "Pick the date of the morning first."
        else:
            try:
                entry = self.log.append(self.date_picker.value, self.score_slider.value)
                self.contents = self.log.read()
                self.message = f"Added {entry.date.isoformat()}: {entry.score}/10."
            except (ValueError, OSError) as exc:
                self.message = files.describe_save_error(
                    exc, self.path_text.value, example="pain-log.csv", action="Not added")
        self._refresh()

    def readout_text(self) -> str:
        return f"{self.message}\n{self.result.summary()}"

    def _draw(self):
        """Show the saved entries and the preview.

        The entries, the preview's day and today fix everything but the marker's height (line,
        levels, title, legend label, day axis), so they key the Blitter's saved backgrounds: a
        new state (a new entry, a new date) is drawn in full once, and a state seen before (the
        same file read again, a date picked before) is a blit.
        """
        entries = sorted(self.contents.entries, key=lambda e: e.date)
        day, today = self.preview_day(), self.today()
        plots.update_trend(self.artists, entries, self.result, preview_day=day)
        plots.update_preview(self.artists, day, self.score_slider.value, today=today)
        self.blitter.redraw(True, (tuple((e.date, e.score) for e in entries), day, today))

    def _refresh(self):
        entries = sorted(self.contents.entries, key=lambda e: e.date)
        self.result = pl.trend(entries)
        self._draw()
        self.show_readout()

    def readout_html(self) -> str:
        note = (f"Threshold: a fall of about 30% ({cite('farrar2001')}, not heel pain; about 2 "
                f"points on average), and at least 1 point (course convention); "
                f"19 mm of 100 for first-step pain ({cite('landorf2010')}), about 1.9 points here.")
        return (
            "<div role='status'>"
            + "<br>".join(html.escape(line) for line in self.readout_text().split("\n"))
            + f"<br><small>{html.escape(note)}</small></div>"
        )
