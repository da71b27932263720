"""helpers/canvas.py: the cheaper image encoding shows the browser exactly the pictures ipympl's
own encoder would, and the library code it stands in for has not changed under it.

The apps run on ipympl's canvas with the emulated browser of tests/frontend.py, which decodes
every image it is sent and draws it as ipympl's browser code does (``drawImage`` at the
top-left corner, over the last picture for a diff image).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import inspect
import io
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from PIL import Image

from helpers import canvas as hc
from support import load_script

ROOT = Path(__file__).resolve().parent.parent


def _decode(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as im:
        return np.asarray(im.convert("RGBA"))


def _at_corner(rgba: np.ndarray, shape) -> np.ndarray:
    """``rgba`` at the top-left corner of a transparent image of ``shape``, as the browser draws
    an image that ends at the last changed row and column."""
    whole = np.zeros(shape, np.uint8)
    whole[:rgba.shape[0], :rgba.shape[1]] = rgba
    return whole


def _pillow_png(rgba: np.ndarray) -> bytes:
    with io.BytesIO() as out:
        Image.fromarray(rgba).save(out, format="png")
        return out.getvalue()


# ----------------------------------------------------------------------------- the encoder
@pytest.mark.parametrize("shape", [(1, 1), (3, 7), (40, 33), (257, 130)])
def test_encoder_round_trip_matches_pillow(shape):
    rng = np.random.default_rng(sum(shape))
    rgba = rng.integers(0, 256, (*shape, 4), dtype=np.uint8)
    rgba[: shape[0] // 2, : shape[1] // 3] = (255, 255, 255, 255)  # runs of one colour too
    ours = hc.encode_png(rgba)
    assert np.array_equal(_decode(ours), rgba)
    assert np.array_equal(_decode(ours), _decode(_pillow_png(rgba)))


@pytest.mark.parametrize(("height", "first", "rows"), [(50, 0, 50), (50, 0, 0), (50, 49, 1),
                                                       (300, 17, 100), (300, 0, 5), (300, 295, 5)])
def test_rows_outside_the_block_decode_as_transparent(height, first, rows):
    width = 61
    rng = np.random.default_rng(height + first + rows)
    block = rng.integers(0, 256, (rows, width, 4), dtype=np.uint8)
    whole = np.zeros((height, width, 4), np.uint8)
    whole[first:first + rows] = block
    assert np.array_equal(_decode(hc.encode_rows(width, height, block, first)), whole)


@pytest.mark.parametrize("density", [0.0, 0.0005, 0.01, 0.2])
def test_sparse_changes_decode_exactly(density):
    """Scattered changed pixels with long unchanged runs between them (spliced from the cache)."""
    width, height, first, rows = 700, 120, 30, 70
    rng = np.random.default_rng(int(density * 10000))
    block = np.zeros((rows, width, 4), np.uint8)
    hit = rng.random((rows, width)) < density
    block[hit] = rng.integers(1, 256, (int(hit.sum()), 4), dtype=np.uint8)
    block[5, 600:700] = (0, 114, 178, 255)  # a run of one colour reaching the row's end
    whole = np.zeros((height, width, 4), np.uint8)
    whole[first:first + rows] = block
    assert np.array_equal(_decode(hc.encode_rows(width, height, block, first)), whole)


@pytest.mark.parametrize("density", [0.001, 0.05, 0.1, 0.3, 1.0])
@pytest.mark.parametrize("dense", [0.0, 2.0], ids=["filtered whole", "stretches"])
def test_both_ways_of_compressing_a_block_decode_exactly(density, dense, monkeypatch):
    """A block compressed whole (filtered) or in stretches decodes to the same diff image,
    between transparent rows above and below, with areas of one colour as a repainted panel has."""
    monkeypatch.setattr(hc, "DENSE", dense)
    width, height, first, rows = 523, 90, 11, 64
    rng = np.random.default_rng(int(density * 1000))
    block = np.zeros((rows, width, 4), np.uint8)
    hit = rng.random((rows, width)) < density
    block[hit] = rng.integers(1, 256, (int(hit.sum()), 4), dtype=np.uint8)
    block[20:40, 100:400] = (240, 228, 66, 255)  # a repainted area of one colour
    whole = np.zeros((height, width, 4), np.uint8)
    whole[first:first + rows] = block
    assert np.array_equal(_decode(hc.encode_rows(width, height, block, first)), whole)


def test_a_dense_block_is_compressed_whole(monkeypatch):
    """At or above the DENSE share of changed pixels the block goes to the compressor in one
    piece; below it, in stretches around the changed pixels."""
    calls = []
    real = hc._deflate
    monkeypatch.setattr(hc, "_deflate", lambda raw, final=False: calls.append(len(raw)) or real(raw, final))
    width, rows = 200, 10
    block = np.zeros((rows, width, 4), np.uint8)
    block.reshape(-1, 4)[: int(hc.DENSE * rows * width)] = 255
    hc.encode_rows(width, 50, block, 5)
    assert (width * 4 + 1) * rows in calls
    calls.clear()
    block.reshape(-1, 4)[int(hc.DENSE * rows * width) - 1] = 0
    hc.encode_rows(width, 50, block, 5)
    assert (width * 4 + 1) * rows not in calls


def test_a_block_that_does_not_fit_is_refused():
    with pytest.raises(ValueError, match="does not fit"):
        hc.encode_rows(10, 5, np.zeros((3, 10, 4), np.uint8), 4)


def test_other_canvases_are_left_alone():
    from matplotlib.figure import Figure

    fig = Figure()
    assert hc.tune(fig) is False
    assert "get_diff_image" not in vars(fig.canvas)


# ----------------------------------------------------------------------------- apps in a browser
@pytest.fixture
def browser():
    """ipympl's backend with the emulated browser; Agg and plain comms again afterwards.

    Per test, not per module: under pytest-xdist a worker may run other modules' tests while a
    module's fixture is still set up, and they expect Agg."""
    import matplotlib.pyplot as plt

    frontend = load_script(ROOT / "tests" / "frontend.py")
    frontend.install()
    interactive = matplotlib.is_interactive()
    plt.close("all")
    plt.switch_backend("module://ipympl.backend_nbagg")
    plt.ion()
    yield frontend
    plt.close("all")
    plt.switch_backend("Agg")
    matplotlib.interactive(interactive)
    frontend.uninstall()


CASES = [
    ("start", "PainScaleApp", "slider"),
    ("causes", "WindlassApp", "angle_slider"),
    ("causes", "TrussApp", "case_picker"),
    ("circulation", "ClearanceApp", "skin_slider"),
    ("evidence", "SimulationApp", "noise_slider"),
    ("regions", "RegionMapApp", "region_list"),
]


def _values(widget, n=5):
    if hasattr(widget, "options"):
        count = len(widget.options)
        start = -1 if widget.index is None else widget.index
        return [("index", (start + 1 + i) % count) for i in range(n)]
    span = widget.max - widget.min
    return [("value", type(widget.value)(widget.min + span * k / (n + 1))) for k in range(n, 0, -1)]


def _build(module, name, tuned, frontend, ratio):
    cls = getattr(importlib.import_module(f"helpers.apps.{module}"), name)
    hc.ENABLED = tuned
    try:
        app = cls()
    finally:
        hc.ENABLED = True
    assert getattr(app.fig.canvas, "_hp_tuned", False) is tuned
    front = frontend.FrontEnd(app.fig.canvas, ratio=ratio, compose=True, keep=50).attach()
    return app, front


def _buffer(fig) -> np.ndarray:
    return np.asarray(fig.canvas.get_renderer().buffer_rgba())


@pytest.mark.parametrize("ratio", [1, 2])
@pytest.mark.parametrize(("module", "name", "control"), CASES)
def test_the_browser_sees_the_same_pixels(browser, module, name, control, ratio):
    shipped, s_front = _build(module, name, False, browser, ratio)
    tuned, t_front = _build(module, name, True, browser, ratio)
    assert tuned.fig.canvas.get_width_height(physical=True) == tuple(
        int(round(v * ratio)) for v in shipped.fig.canvas.get_width_height())
    for attr, value in _values(getattr(shipped, control)):
        before = (len(s_front.images), len(t_front.images))
        browser.FrontEnd.set(getattr(shipped, control), attr, value)
        browser.FrontEnd.set(getattr(tuned, control), attr, value)
        new_s = list(s_front.images)[before[0]:]
        new_t = list(t_front.images)[before[1]:]
        # each image decodes to what ipympl's own encoder made, in the same mode
        assert [i.mode for i in new_t] == [i.mode for i in new_s]
        for a, b in zip(new_s, new_t, strict=True):
            assert np.array_equal(_at_corner(_decode(b.png), _decode(a.png).shape), _decode(a.png))
        # the browser shows what the kernel drew
        assert np.array_equal(t_front.picture(), s_front.picture())
        assert np.array_equal(t_front.picture(), _buffer(tuned.fig))
    # and what a full redraw draws
    shown = t_front.picture().copy()
    tuned.fig.canvas.draw()
    assert np.array_equal(shown, _buffer(tuned.fig))
    assert np.array_equal(t_front.picture(), shown)
    for front in (s_front, t_front):
        front.detach()


def test_without_a_browser_the_stored_picture_is_the_full_figure(browser):
    """Run headless (no browser said ``initialized``), the data URL kept for saved notebooks
    holds the whole current picture, as ipympl keeps it."""
    from base64 import b64decode

    from helpers.apps.start import PainScaleApp

    app = PainScaleApp()
    canvas = app.fig.canvas
    assert canvas._hp_tuned and canvas.syncing_data_url
    canvas.manager.web_sockets = [canvas]
    for value in (3, 7, 9):
        app.slider.value = value
        canvas.draw()
        assert np.array_equal(_decode(b64decode(canvas._data_url)), _buffer(app.fig))


# ----------------------------------------------------------------------------- the guard
def test_library_versions_are_the_ones_checked():
    for package, version in hc.CHECKED_AGAINST["versions"].items():
        assert importlib.metadata.version(package) == version, (
            f"{package} is not {version}: re-check helpers/canvas.py against it, then update "
            "CHECKED_AGAINST and constraints.txt")
    pinned = (ROOT / "constraints.txt").read_text().lower().splitlines()
    for package, version in hc.CHECKED_AGAINST["versions"].items():
        assert f"{package}=={version}" in pinned


@pytest.mark.parametrize("name", sorted(hc.CHECKED_AGAINST["sources"]))
def test_replaced_library_code_is_unchanged(name):
    module, qualname = name.split(":")
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    digest = hashlib.sha256(inspect.getsource(obj).encode()).hexdigest()
    assert digest == hc.CHECKED_AGAINST["sources"][name], (
        f"{name} changed: re-check helpers/canvas.py against the new code, then update its hash")


def test_the_browser_draws_images_at_the_corner():
    """A diff image is drawn at (0, 0) by ipympl's browser code, and its size is read only when
    the kernel is not connected: a diff image may end at its last changed row and column, but
    must start at the figure's corner."""
    import ipympl

    static = Path(ipympl.__file__).parent / "labextension" / "static"
    scripts = [p.read_text(encoding="utf-8", errors="replace") for p in static.glob("*.js")]
    call = hc.CHECKED_AGAINST["browser_draw_call"]
    assert any(call in s for s in scripts)
    # and nowhere an image is drawn at an offset
    for s in scripts:
        assert "drawImage(this.image," not in s.replace(call, "")
    # the image's size is read only in the branch for a disconnected kernel (the stored picture)
    for s in (s for s in scripts if call in s):
        start = s.index(hc.CHECKED_AGAINST["browser_size_read_when"])
        end = s.index('"full"===this.get("_image_mode")', start)  # where the connected path starts
        reads = [m.start() for m in re.finditer(r"this\.image\.(width|height)", s)]
        assert reads and all(start < at < end for at in reads)
        assert "this.offscreen_context.clearRect" in s[end:s.index(call, end)]  # a full image clears first


@pytest.mark.parametrize("crop", [True, False])
def test_diff_images_end_at_the_last_changed_row_and_column(browser, crop, monkeypatch):
    """Cropped (the default), a diff image is no larger than the changed corner of the figure;
    with HP_CANVAS_CROP=0 it is figure-sized; either way the browser shows the kernel's figure."""
    from helpers.apps.start import PainScaleApp

    monkeypatch.setattr(hc, "CROP", crop)
    app = PainScaleApp()
    front = browser.FrontEnd(app.fig.canvas, ratio=2, compose=True, keep=50).attach()
    width, height = app.fig.canvas.get_width_height(physical=True)
    for value in (2, 5, 9):
        before = len(front.images)
        browser.FrontEnd.set(app.slider, "value", value)
        diffs = [i for i in list(front.images)[before:] if i.mode == "diff"]
        assert diffs
        for image in diffs:
            rows, cols = _decode(image.png).shape[:2]
            if crop:
                assert rows <= height and cols <= width and rows * cols < width * height
            else:
                assert (rows, cols) == (height, width)
        assert np.array_equal(front.picture(), _buffer(app.fig))
    front.detach()
