"""The base of every widget app: it runs the app's cycle and displays as its root widget.

An app declares three things and the base does the rest:

- its controls (ordinary ipywidgets, built with :attr:`App.STYLE`), passed to :meth:`App.build`;
- its step, :meth:`App.update`: call the model, move the artists with the plot's ``update_*``
  functions and return their bool, True when the whole figure must be redrawn;
- its readout, :meth:`App.readout_text` (plain text) or :meth:`App.readout_html`.

:meth:`App.build` assembles controls, readout, figure and caption, observes the controls and
runs the first step; each later change of a control runs :meth:`App.step`: update, readout,
then a partial or full redraw from that one bool (``app.blitter``, a
:class:`helpers.blit.Blitter`).
"""

from __future__ import annotations

import html
import re

from helpers import files


def plain_text(html_text: str) -> str:
    """An HTML readout as plain lines (tags dropped, list items and paragraphs on their own
    line), for compared notebook cells and tests."""
    text = re.sub(r"<br\s*/?>|</p>|</li>", "\n", html_text)
    text = re.sub(r"<li>", "- ", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


class App:
    """Base class for widget apps.

    A subclass builds its figure, artists and controls in ``__init__`` and calls
    :meth:`build`, or, for a layout of its own, sets ``self.widget`` (the root widget) and calls
    ``self.finish("<name>")``. Displaying the app displays the widget; a test drives the
    controls it keeps as attributes.
    """

    widget = None
    name = "app"
    blitter = None
    #: The one description style of every control: the whole label shown, never cut short.
    STYLE = {"description_width": "initial"}
    #: The figure's text alternative for screen readers (see :func:`caption_html`).
    CAPTION = ""
    #: Where the readout sits: above the figure ("above"), between the figure and its caption
    #: ("below") or after the caption ("after").
    READOUT = "below"

    # -- what an app declares ----------------------------------------------------------------
    def update(self) -> bool:
        """Run the model for the controls' values and move the artists; return True when the
        whole figure must be redrawn (the bool of the plot's ``update_*`` functions)."""
        return False

    def picture_key(self):
        """For a full redraw: a hashable naming everything the figure's still parts show, so
        the picture can be kept and pasted when it comes back; None keeps no picture."""
        return None

    def readout_text(self) -> str:
        """The readout as plain text (what the learner reads beside the figure)."""
        return plain_text(self.readout_html())

    def readout_html(self) -> str:
        """The readout as HTML; by default the plain text in one paragraph (empty for an app
        that declares no readout)."""
        if type(self).readout_text is App.readout_text:
            return ""
        return f"<p>{html.escape(self.readout_text())}</p>"

    # -- the cycle ---------------------------------------------------------------------------
    def build(self, name: str, controls, *, shown=None, extra=()):
        """Assemble controls, readout, figure and caption (then ``extra`` widgets), observe
        every control, run the first step and tag the root widget (:meth:`finish`).

        ``shown``: the widgets that show the controls, when not the controls one under another
        (a row of them, a heading). Needs ``self.fig`` and ``self.blitter``; sets
        ``self.readout``, ``self.caption`` and ``self.canvas`` (the figure's widget).
        """
        import ipywidgets as widgets

        from helpers.style import figure_widget

        self.readout = widgets.HTML()
        self.caption = widgets.HTML(caption_html(self.CAPTION))
        self.canvas = figure_widget(self.fig)
        self.observe(*controls)
        parts = {"above": [self.readout, self.canvas, self.caption],
                 "below": [self.canvas, self.readout, self.caption],
                 "after": [self.canvas, self.caption, self.readout]}[self.READOUT]
        self.widget = widgets.VBox([*(controls if shown is None else shown), *parts, *extra])
        self.step()
        return self.finish(name)

    def observe(self, *controls):
        """Run :meth:`step` whenever one of ``controls`` changes its value."""
        for control in controls:
            control.observe(self._on_change, names="value")

    def _on_change(self, change=None):
        self.step()

    def step(self):
        """One cycle: the app's update, its readout, then a partial or a full redraw."""
        full = bool(self.update())
        self.show_readout()
        if self.blitter is not None:  # an app without a figure (a checklist) only reads out
            self.blitter.redraw(full, self.picture_key() if full else None)

    def show_readout(self):
        """Write the readout (:meth:`readout_html`) into ``self.readout``."""
        self.readout.value = self.readout_html()

    def finish(self, name: str):
        """Tag the root widget with CSS classes ``hp-app`` and ``hp-app-<name>``."""
        if self.widget is None:
            raise RuntimeError(f"{type(self).__name__}: set self.widget before finish()")
        self.name = name
        if hasattr(self.widget, "children"):
            from helpers.a11y import a11y_widget

            self.widget.children = (*self.widget.children, a11y_widget())
        self.widget.add_class("hp-app")
        self.widget.add_class(f"hp-app-{name}")
        return self

    # -- saving what the app shows ---------------------------------------------------------------
    #: What to do when the chosen file exists (the checkbox every save form has).
    REPLACE_HINT = "Tick 'overwrite an existing file' to replace it, or type another name"

    def save_from_form(self, save, path=None, overwrite=None, *, empty: str,
                       example: str = "my-plan.md") -> str:
        """Save with the file name and the overwrite box of the app's save form
        (``path_text``, ``overwrite_box``, ``save_status``); return (and show) one sentence.

        ``save(target, overwrite=...)`` writes the file and returns its path. ``path`` and
        ``overwrite``, when given, are typed into the form first (as a test or a learner
        would). Never raises for what a learner can cause: an empty name (``empty`` says what
        to type), a refused name, an existing file or any disk error becomes one sentence
        naming the file as typed and what to do (:func:`helpers.files.describe_save_error`).
        """
        if path is not None:
            self.path_text.value = str(path)
        if overwrite is not None:
            self.overwrite_box.value = bool(overwrite)
        target = self.path_text.value.strip()
        try:
            if not target:
                raise ValueError(empty)
            written = save(target, overwrite=self.overwrite_box.value)
        except (ValueError, OSError) as exc:
            message = files.describe_save_error(exc, target, example=example,
                                                replace_hint=self.REPLACE_HINT)
            self.save_status.value = f"<p class='hp-error'>{html.escape(message)}</p>"
            return message
        message = f"Saved the plan to {written.name}."
        self.save_status.value = f"<p class='hp-ok'>{html.escape(message)}</p>"
        return message

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)

    def __repr__(self):
        return f"<{type(self).__name__} app '{self.name}'>"


# visually hidden but read by screen readers (the usual "sr-only" pattern), inline so that it
# holds in JupyterLab, Voila and the offline handouts alike
_SR_ONLY = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
            "clip:rect(0,0,0,0);white-space:nowrap;border:0")


def caption_html(text: str) -> str:
    """HTML for a figure's text alternative, kept under its canvas for screen readers only.

    Sighted readers get one caption, the lesson's own paragraph under the cell; this copy is
    not shown on screen. It names the figure for assistive technology: the page script in
    ``helpers.a11y`` gives the canvas ``role="img"`` and this text as its accessible name.
    """
    return (f"<p class='hp-caption hp-sr-only' style='{_SR_ONLY}'>"
            f"Figure. {html.escape(text)}</p>")
