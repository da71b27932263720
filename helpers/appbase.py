"""The base of every widget app: holds the root widget and displays as it."""

from __future__ import annotations

import html


class App:
    """Base class for widget apps.

    A subclass builds its controls, figure and readouts in ``__init__``, sets ``self.widget``
    (the root widget) and calls ``self.finish("<name>")``. Displaying the app displays the
    widget; a test drives the controls it keeps as attributes.
    """

    widget = None
    name = "app"

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
