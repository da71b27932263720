"""Figure style: one colour-blind-safe palette, line styles that double every colour, and
figures built once for widgets.

The palette is Okabe & Ito's eight colours, chosen to stay distinct for the common forms of
colour vision deficiency; every series also gets its own line style and marker, so a figure
still reads in greyscale.
"""

from __future__ import annotations

import random

PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

# the order series take: strong contrasts first, yellow (low contrast on white) last
SERIES_COLOURS = ["blue", "vermillion", "green", "purple", "orange", "sky", "black", "yellow"]
LINESTYLES = ["-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (3, 1, 1, 1, 1, 1)), "-", "--"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
HATCHES = ["", "//", "\\\\", "xx", "..", "oo", "--", "++"]

SEED = 0


def series(i: int) -> dict:
    """Colour, line style and marker for the i-th series (cycles after eight).

    >>> series(1)["color"], series(1)["linestyle"]
    ('#D55E00', '--')
    """
    i = int(i) % len(SERIES_COLOURS)
    return {"color": PALETTE[SERIES_COLOURS[i]], "linestyle": LINESTYLES[i], "marker": MARKERS[i]}


def setup(seed: int = SEED) -> None:
    """Apply the course style to matplotlib and seed ``random`` and ``numpy.random``.

    Call once in a lesson's setup cell, after ``%matplotlib widget``. In a notebook it also
    turns on :mod:`helpers.lessonguard`: a broken data table shows as one sentence.
    """
    import matplotlib as mpl
    import numpy as np
    from cycler import cycler

    colours = [PALETTE[c] for c in SERIES_COLOURS]
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=colours) + cycler(linestyle=LINESTYLES),
            "figure.figsize": (7.0, 4.0),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "legend.fontsize": 10,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "lines.linewidth": 2.0,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": False,
            "figure.constrained_layout.use": True,
            "svg.hashsalt": "plantar-course",
        }
    )
    random.seed(seed)
    np.random.seed(seed)
    # in a notebook, a broken data table shows as one sentence and the lesson runs on
    from helpers import lessonguard

    lessonguard.install()


def _is_widget_canvas(canvas) -> bool:
    try:
        import ipywidgets
    except ImportError:  # pragma: no cover - ipywidgets is a dependency
        return False
    return isinstance(canvas, ipywidgets.DOMWidget)


def new_figure(nrows: int = 1, ncols: int = 1, *, figsize=(7.0, 4.0), **subplots_kw):
    """Create a figure that is never displayed by itself (for widget apps).

    Under ipympl the header ("Figure 1") is hidden and the canvas does not resize; under any
    other backend this is ``plt.subplots`` inside ``plt.ioff()``.

    Returns
    -------
    (Figure, Axes or array of Axes)
    """
    import matplotlib.pyplot as plt

    with plt.ioff():
        fig, axes = plt.subplots(nrows, ncols, figsize=figsize, **subplots_kw)
    canvas = fig.canvas
    if _is_widget_canvas(canvas):
        canvas.header_visible = False
        canvas.footer_visible = False
        canvas.resizable = False
        canvas.toolbar_position = "right"
        canvas.capture_scroll = False
        __import__("helpers.canvas").canvas.tune(fig)  # same pictures, cheaper to send (helpers/canvas.py)
    return fig, axes


def figure_widget(fig):
    """The widget that shows ``fig``: its ipympl canvas, or a placeholder under other backends.

    The placeholder (an empty ``ipywidgets.Output``) lets apps be built and driven in plain
    pytest with the Agg backend.
    """
    import ipywidgets as widgets

    if _is_widget_canvas(fig.canvas):
        return fig.canvas
    placeholder = widgets.Output()
    placeholder.add_class("hp-figure-placeholder")
    return placeholder


class Blitter:
    """Redraw only the artists that a control moves (blitting), not the whole figure.

    The artists are marked *animated*, so a full draw leaves them out; after every full draw
    the figure without them is kept as a background and they are drawn on top. A control's
    callback then calls :meth:`update`: paste the background, draw the moving artists, and send
    only that image (ipympl sends the changed pixels). Full draws still happen when the canvas
    needs them (first display, resize, axis changes: call :meth:`full` then). Saving a figure
    draws the moving artists once, as matplotlib does for animated artists when saving.
    """

    #: Most static states whose background :meth:`show` keeps (one figure-sized image each).
    MAX_CACHED = 16

    def __init__(self, fig, artists):
        self.fig = fig
        self.artists = [a for a in artists if a is not None]
        self.background = None
        self.blits = 0
        self.full_draws = 0
        self._cache = {}
        self._pending = None
        for artist in self.artists:
            artist.set_animated(True)
        self._cid = fig.canvas.mpl_connect("draw_event", self._on_draw)

    def _size_key(self):
        return (tuple(self.fig.canvas.get_width_height(physical=True)), self.fig.dpi)

    def _on_draw(self, event):
        if self.fig.canvas.is_saving():
            return  # a saved figure already includes animated artists: don't paint them twice
        renderer = event.renderer
        if renderer is getattr(self.fig.canvas, "renderer", None):
            self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
            self.full_draws += 1
            if self._pending is not None:
                if len(self._cache) >= self.MAX_CACHED:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[(self._pending, self._size_key())] = self.background
            self._pending = None
        self._draw_moving(lambda artist: artist.draw(renderer))

    def full(self):
        """Ask for a full redraw (after a change to the static parts: limits, ticks, titles)."""
        self.background = None
        self._pending = None
        self.fig.canvas.draw_idle()

    def show(self, state):
        """The static parts now show ``state`` (a hashable key, such as the chosen option).

        The first time a state is shown the figure is drawn in full and its background kept;
        when the same state comes back (at the same canvas size) that background is pasted
        and only the moving artists are drawn. Call it only with a key that fully determines
        the static parts: two different pictures under one key would show a stale background.
        """
        background = self._cache.get((state, self._size_key()))
        if background is None:
            self.background = None
            self._pending = state  # set first: some canvases draw inside draw_idle
            self.fig.canvas.draw_idle()
            return
        self._pending = None  # a full draw still on its way shows this state, not the one asked before
        self.background = background
        self.update()
        # the pasted picture is this state drawn in full: nothing on the canvas is out of date
        # (else the notebook would redraw the whole figure after this widget message)
        self.fig.stale = False

    def update(self):
        """Show the moving artists' new state, redrawing only them when a background exists."""
        canvas = self.fig.canvas
        if self.background is None:
            canvas.draw_idle()
            return
        canvas.restore_region(self.background)
        self._draw_moving(self.fig.draw_artist)
        canvas.blit(self.fig.bbox)
        self.blits += 1

    def _draw_moving(self, draw):
        """Draw the moving artists, leaving the figure's *stale* flag as it was before.

        Drawing some artists marks their figure out of date as a side effect (an annotation
        updates its arrow). In a notebook, every widget message ends with a redraw of each
        out-of-date figure (pyplot's post-execute hook), and that redraw is itself answered by
        a widget message: a figure left stale by its own drawing would be redrawn in full
        over and over. A change the app made before drawing still marks it stale as it should.
        """
        was_stale = self.fig.stale
        for artist in self.artists:
            if artist.get_visible():
                draw(artist)
        if not was_stale:
            self.fig.stale = False
