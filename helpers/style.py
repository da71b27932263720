"""Figure style: one colour-blind-safe palette, line styles that double every colour, and
figures built once for widgets.

The palette is Okabe & Ito's eight colours, chosen to stay distinct for the common forms of
colour vision deficiency; every series also gets its own line style and marker, so a figure
still reads in greyscale.
"""

from __future__ import annotations

import random

from . import canvas as _canvas

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
        _canvas.tune(fig)  # same pictures, cheaper to send (helpers/canvas.py)
    _canvas.cache_text(fig)  # same pictures, text drawn faster (helpers/canvas.py)
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
