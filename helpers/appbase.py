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


def caption_html(text: str) -> str:
    """HTML for a figure caption (alt text) shown under a canvas."""
    return f"<p class='hp-caption' role='note'><strong>Figure.</strong> {html.escape(text)}</p>"
