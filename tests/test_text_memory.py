"""helpers/canvas.py, text: the memory of laid-out strings and rendered glyphs draws every pixel
that matplotlib's own text drawing draws, in every app, at device-pixel-ratio 1 and 2, for any
string, size, angle and position; it is given only where it applies, and stays bounded.

(The hash check of the matplotlib code it stands in for is in tests/test_canvas.py.)
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import canvas as hc  # noqa: E402
from helpers import catalogue  # noqa: E402

APPS, _SKIPPED = catalogue.discover_apps()


def _pixels(fig) -> bytes:
    return bytes(fig.canvas.buffer_rgba())


def _pair(build):
    """The same figure built twice: without the text memory, then with it."""
    old = hc.TEXT_CACHE
    try:
        hc.TEXT_CACHE = False
        plain = build()
        hc.TEXT_CACHE = True
        cached = build()
    finally:
        hc.TEXT_CACHE = old
    return plain, cached


def _text_figure(texts, dpi=100):
    fig = Figure(figsize=(4, 3), dpi=dpi)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    assert hc.cache_text(fig) is hc.TEXT_CACHE
    ax = fig.add_subplot()
    ax.set(title="Fascia tension (N)", xlabel="time (s)", ylabel="force (N)")
    for x, y, s, size, angle, weight, aa in texts:
        ax.text(x, y, s, fontsize=size, rotation=angle, weight=weight, antialiased=aa,
                transform=ax.transAxes)
    return fig


@pytest.mark.parametrize("ratio", [1, 2])
@pytest.mark.parametrize("cls", APPS, ids=catalogue.app_label)
def test_every_app_draws_the_same_pixels(cls, ratio):
    plain, cached = _pair(cls)
    try:
        figs = [(f.figure, g.figure) for f, g in zip(catalogue.find_figures(plain),
                                                      catalogue.find_figures(cached), strict=True)]
        for f, g in figs:
            assert "draw_text" not in vars(f.canvas.get_renderer())
            assert "draw_text" in vars(g.canvas.get_renderer())  # given when the app was built
        for f, g in figs:
            for fig in (f, g):
                fig.canvas._set_device_pixel_ratio(ratio)
                fig.canvas.draw()
            assert _pixels(f) == _pixels(g), "first full draw"
        controls = zip(catalogue.find_controls(plain), catalogue.find_controls(cached), strict=True)
        for a, b in list(controls)[:2]:
            for value in catalogue.control_values(a, 3):
                for control, pair in ((a, 0), (b, 1)):
                    catalogue.set_control(control, value)
                    for fig in (p[pair] for p in figs):
                        if fig.stale:
                            fig.canvas.draw()
                for f, g in figs:
                    assert _pixels(f) == _pixels(g), f"{a.name} = {value!r}"
    finally:
        catalogue.close_app(plain)
        catalogue.close_app(cached)


TEXTS = st.tuples(
    st.floats(-0.2, 1.1), st.floats(-0.2, 1.1),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
    .filter(lambda s: "$" not in s),
    st.sampled_from([6, 8, 9.5, 11, 17]),
    st.sampled_from([0, 90, 33.3, -12, 180]),
    st.sampled_from(["normal", "bold"]),
    st.booleans(),
)


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@settings(max_examples=40, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4), st.sampled_from([72, 100, 200]))
def test_any_text_draws_the_same_pixels(texts, dpi):
    """Any string (other scripts and missing glyphs included), size, angle, weight, anti-aliasing
    and position within a pixel, drawn twice so the second draw comes from the memory."""
    plain, cached = _pair(lambda: _text_figure(texts, dpi))
    for _ in range(2):
        plain.canvas.draw()
        cached.canvas.draw()
        assert _pixels(plain) == _pixels(cached)


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                        max_size=30), min_size=1, max_size=6),
       st.sampled_from([6, 8, 9, 11, 17]), st.sampled_from(["normal", "bold"]),
       st.sampled_from([72, 100, 200]))
def test_any_string_measures_the_same(strings, size, weight, dpi):
    """A string's width, height and descent from the remembered layout are matplotlib's own,
    for new strings and remembered ones (spaces, other scripts and missing glyphs included)."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=size, weight=weight)
    plain = RendererAgg(40, 30, dpi)
    cached = RendererAgg(40, 30, dpi)
    for s in [*strings, " ", "  a ", "x", "1234.5 N", *strings]:
        assert hc._text_size(cached, s, prop, False) == plain.get_text_width_height_descent(
            s, prop, False), repr(s)


def test_mathtext_and_a_saved_figure_are_the_same():
    texts = [(0.1, 0.5, r"$\alpha = 1.3\,\mathrm{N}$", 11, 0, "normal", True),
             (0.2, 0.2, "heel 12.5 mm", 9, 15, "bold", True)]
    plain, cached = _pair(lambda: _text_figure(texts))
    import io

    out = []
    for fig in (plain, cached):
        fig.canvas.draw()
        with io.BytesIO() as buf:
            fig.savefig(buf, format="png", dpi=150)  # another resolution: another renderer
            out.append(buf.getvalue())
        fig.canvas.draw()
    assert out[0] == out[1]
    assert _pixels(plain) == _pixels(cached)


def test_a_full_memory_is_emptied_and_draws_the_same(monkeypatch):
    monkeypatch.setattr(hc, "GLYPH_BYTES", 2000)
    monkeypatch.setattr(hc, "LAYOUTS", 3)
    monkeypatch.setattr(hc, "_glyphs", {})  # an empty memory, whatever earlier tests left
    monkeypatch.setattr(hc, "_layouts", {})
    monkeypatch.setattr(hc, "_boxes", {})
    monkeypatch.setattr(hc, "_glyph_bytes", 0)
    texts = [(0.05 * i, 0.1 * i, f"{i * 37.5:.1f} N", 9, 0, "normal", True) for i in range(9)]
    plain, cached = _pair(lambda: _text_figure(texts))
    for _ in range(3):
        plain.canvas.draw()
        cached.canvas.draw()
        assert _pixels(plain) == _pixels(cached)
        assert hc._glyph_bytes <= 2000 and 0 < len(hc._layouts) <= 3 and hc._glyphs


def test_given_only_where_it_applies(monkeypatch):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    fig = Figure()
    FigureCanvasSVG(fig)
    assert hc.cache_text(fig) is False  # not drawn by Agg
    fig = Figure()
    FigureCanvasAgg(fig)
    monkeypatch.setattr(matplotlib, "__version__", "0.0.0")
    assert hc.cache_text(fig) is False  # a matplotlib it was not checked against
    monkeypatch.undo()
    assert hc.cache_text(fig) is True
    assert hc.cache_text(fig) is False  # once
    monkeypatch.setattr(hc, "TEXT_CACHE", False)
    fig = Figure()
    FigureCanvasAgg(fig)
    assert hc.cache_text(fig) is False  # switched off (HP_TEXT_CACHE=0)


def test_a_course_figure_has_it():
    import helpers as hp

    fig, _ax = hp.new_figure()
    try:
        assert "get_renderer" in vars(fig.canvas)
        assert "draw_text" in vars(fig.canvas.get_renderer())
        assert "get_text_width_height_descent" in vars(fig.canvas.get_renderer())
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
    assert np.isfinite(hc.GLYPH_BYTES)
