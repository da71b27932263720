"""The figure style."""

from helpers.style import series


def test_series_double_colour_with_line_style_and_marker():
    styles = [series(i) for i in range(8)]
    assert len({s["color"] for s in styles}) == 8
    assert len({(str(s["linestyle"]), s["marker"]) for s in styles}) == 8
