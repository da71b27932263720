"""Partial redraws (blitting): redraw only the artists a control moves, not the whole figure.

One :class:`Blitter` per figure. An app names what moves; the Blitter works out what else a
full draw paints over those artists (a label over a band, a spine over a line, a legend) and
redraws it with them, in the order a full draw uses, so a partial redraw gives the same pixels
as a full one. A step then answers one question, "must the whole figure be redrawn?", with the
bool its ``plots.update_*`` function returns, and calls :meth:`Blitter.redraw` with it.

Where a figure's still parts change with a choice and are slow to draw (a picked claim, a
picked structure), :meth:`Blitter.redraw` can keep the picture of each choice under a key that
the app derives from everything the still parts show; a full redraw without a key forgets every
kept picture, so a kept picture is never shown after the still parts changed some other way.
"""

from __future__ import annotations

from matplotlib.axis import Axis
from matplotlib.layout_engine import LayoutEngine


def _titles(ax) -> set:
    return {id(t) for t in (ax.title, getattr(ax, "_left_title", None),
                            getattr(ax, "_right_title", None)) if t is not None}


def in_draw_order(artists) -> list:
    """``artists`` sorted the way a full draw paints them: the figure's axes by z-order (then
    the order they were added), and inside an axes by z-order, then the order it holds them."""
    artists = list(artists)
    rank = {}
    for ax in dict.fromkeys(a.axes for a in artists):
        fig_axes = ax.get_figure(root=True).axes
        ax_rank = (ax.get_zorder(), fig_axes.index(ax) if ax in fig_axes else len(fig_axes))
        for i, child in enumerate(ax.get_children()):
            rank[id(child)] = (ax_rank, i)
    return sorted(artists, key=lambda a: (rank[id(a)][0], a.get_zorder(), rank[id(a)][1]))


def layer(moving, *, still=(), near_only: bool = False, pad_px: float = 4.0) -> list:
    """The artists a partial redraw paints when ``moving`` change, in draw order.

    A Blitter leaves its artists out of the full draw and paints them afterwards, on top. A
    still artist that a full draw paints *after* a moving one would then end up underneath, so
    the layer holds the moving artists plus every artist of the same axes painted after the
    first moving one. Left out: the axes' background, the ``Axis`` objects (ticks and tick
    labels) and the titles, which lie outside the plotting area where clipped artists never
    reach, and the artists in ``still``: ones the app knows no moving artist reaches (a legend
    above the data, whose text is slow to draw), which stay in the kept picture.

    ``near_only=True`` keeps a still artist only when its box comes within ``pad_px`` pixels of
    a moving artist's box (measured once, on the figure laid out without drawing): for artists
    that change style in place, so a far-away legend or spine is not repainted at every step.
    Invisible artists are kept (a later step may show them); ``None`` entries are dropped.
    """
    moving = [a for a in moving if a is not None]
    ids = {id(a) for a in moving}
    skip = {id(a) for a in still if a is not None}
    out = []
    for ax in dict.fromkeys(a.axes for a in moving):
        if ax is None:
            break
        drop = _titles(ax) - ids
        order = in_draw_order([c for c in ax.get_children() if c is not ax.patch])
        first = next(i for i, a in enumerate(order) if id(a) in ids)
        out += [a for a in order[first:] if id(a) in ids
                or not (isinstance(a, Axis) or id(a) in drop or id(a) in skip)]
    placed = {id(a) for a in out}
    missing = [a for a in moving if id(a) not in placed]
    if missing:
        raise ValueError(f"moving artists must be drawn in an axes of the figure; "
                         f"{len(missing)} are not: {missing!r}")
    if near_only and moving:
        fig = moving[0].get_figure(root=True)
        fig.draw_without_rendering()  # runs the layout engine, so boxes are where they will be
        renderer = fig.canvas.get_renderer()
        boxes = [a.get_window_extent(renderer).padded(pad_px) for a in moving]

        def near(artist):
            if not artist.get_visible():
                return False
            box = artist.get_window_extent(renderer)
            return any(box.overlaps(b) for b in boxes)

        out = [a for a in out if id(a) in ids or near(a)]
    for overlay in out:
        if id(overlay) not in ids:
            # drawing a legend moves its inner boxes, which would mark the figure stale (and so
            # ask for a full redraw) after every partial one; animated parts do not pass it on
            for part in overlay.findobj():
                part.set_animated(True)
    return in_draw_order(out)


def legends(fig) -> list:
    """Every legend drawn in ``fig``'s axes (to pass as ``still`` when no moving artist
    reaches them)."""
    return [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]


class Blitter:
    """Redraw only the artists that move (blitting), not the whole figure.

    ``Blitter(fig, moving, still=..., near_only=...)`` computes the layer to redraw with
    :func:`layer` and marks it *animated*, so a full draw leaves it out; after every full draw
    the figure without it is kept as a background and the layer is drawn on top. A step then
    calls :meth:`redraw` with the bool its ``plots.update_*`` returned: False pastes the
    background and draws the layer (ipympl sends only the changed pixels); True asks for a full
    draw. Saving a figure draws the layer once, as matplotlib does for animated artists.
    """

    #: Most kept pictures (one figure-sized image each).
    MAX_CACHED = 16

    def __init__(self, fig, moving=(), *, still=(), near_only: bool = False):
        self.fig = fig
        self.artists = []
        self.background = None
        self.blits = 0
        self.full_draws = 0
        self._cache = {}
        self._pending = None
        self.move(moving, still=still, near_only=near_only)
        self._cid = fig.canvas.mpl_connect("draw_event", self._on_draw)

    def move(self, moving, *, still=(), near_only: bool = False):
        """Set what moves (the layer is worked out again, for instance after a z-order change)."""
        moving = [a for a in moving if a is not None]
        strangers = [a for a in moving if a.get_figure(root=True) is not self.fig]
        if strangers:
            raise ValueError(f"moving artists must belong to the figure; got {strangers!r}")
        for artist in self.artists:
            artist.set_animated(False)
        self.artists = layer(moving, still=still, near_only=near_only)
        for artist in self.artists:
            artist.set_animated(True)

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

    def redraw(self, full: bool, key=None):
        """Show the step just made: the one answer to "must the whole figure be redrawn?".

        ``full`` False: paste the background and draw the moving layer (:meth:`update`).
        ``full`` True without ``key``: a full redraw, and every kept picture is forgotten (the
        still parts changed in a way no key describes). ``full`` True with ``key``: the still
        parts show the picture ``key`` names; a picture kept under it is pasted, else the
        figure is drawn in full and kept under it (:meth:`show`).
        """
        if not full:
            self.update()
        elif key is None:
            self.full()
        else:
            self.show(key)

    def full(self):
        """Ask for a full redraw (the still parts changed: limits, ticks, titles); kept
        pictures are forgotten, since they may show the old still parts."""
        self.background = None
        self._pending = None
        self._cache.clear()
        engine = self.fig.get_layout_engine()
        if isinstance(engine, LayoutOnFullDraws):
            engine.relayout()
        self.fig.canvas.draw_idle()

    def show(self, key):
        """The still parts now show the picture named by ``key`` (hashable).

        The first time, the figure is drawn in full and its background kept; when the key comes
        back (at the same canvas size) the kept background is pasted and only the layer drawn.
        The key must name everything the still parts show: the app derives it from the values
        its still parts are drawn from (the tests compare pasted and full pictures).
        """
        background = self._cache.get((key, self._size_key()))
        if background is None:
            self.background = None
            self._pending = key  # set first: some canvases draw inside draw_idle
            self.fig.canvas.draw_idle()
            return
        self._pending = None  # a full draw still on its way shows this key, not the one before
        self.background = background
        self.update()
        # the pasted picture is this state drawn in full: nothing on the canvas is out of date
        # (else the notebook would redraw the whole figure after this widget message)
        self.fig.stale = False

    def update(self):
        """Show the layer's new state, redrawing only it when a background exists."""
        canvas = self.fig.canvas
        if self.background is None:
            canvas.draw_idle()
            return
        canvas.restore_region(self.background)
        self._draw_moving(self.fig.draw_artist)
        canvas.blit(self.fig.bbox)
        self.blits += 1

    def _draw_moving(self, draw):
        """Draw the layer, leaving the figure's *stale* flag as it was before.

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


class LayoutOnFullDraws(LayoutEngine):
    """The figure's own layout engine, run only when asked (and on the first draw).

    Constrained layout moves the axes by a fraction of a pixel on every draw when a legend sits
    outside the axes (the legend is placed relative to the axes it is moving). With blitting,
    only full redraws may move anything, so the engine lays the figure out on the first draw
    and then only after :meth:`relayout`; other draws keep the axes where they are. A
    :class:`Blitter` calls :meth:`relayout` before each full redraw it asks for. Switching this
    on and off does not mark the figure stale, so it causes no extra redraw.
    """

    _adjust_compatible = False
    _colorbar_gridspec = False

    def __init__(self, fig):
        super().__init__()
        self.inner = fig.get_layout_engine()
        self.armed = True
        if self.inner is not None:
            self._adjust_compatible = self.inner.adjust_compatible
            self._colorbar_gridspec = self.inner.colorbar_gridspec
        fig.set_layout_engine(self)

    def execute(self, fig):
        if self.armed and self.inner is not None:
            self.inner.execute(fig)
        self.armed = False

    def relayout(self):
        self.armed = True
