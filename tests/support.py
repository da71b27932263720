"""What tests share: pixel checks of widget apps, and loading a script that is not in a
package (numpy only; importing this needs no pytest). Tests import it as ``support``."""

from __future__ import annotations

import numpy as np


def canvas_rgba(fig) -> np.ndarray:
    """A copy of the figure's current canvas pixels (RGBA)."""
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def assert_blit_is_exact(app) -> None:
    """The canvas after an app's latest step equals (1) a fresh full draw with its Blitter in
    place and (2) a full draw with no blitting at all (what the app showed before blitting).

    Leaves a fresh background behind, so the app can blit its next step.
    """
    shown = canvas_rgba(app.fig)
    app.fig.canvas.draw()
    assert np.array_equal(shown, canvas_rgba(app.fig)), "blitted picture differs from a full draw"
    moving = app.blitter.artists
    for artist in moving:
        artist.set_animated(False)
    app.blitter.artists = []
    try:
        app.fig.canvas.draw()
        plain = canvas_rgba(app.fig)
    finally:
        for artist in moving:
            artist.set_animated(True)
        app.blitter.artists = moving
        app.fig.canvas.draw()  # a background for the next step
    assert np.array_equal(shown, plain), "blitted picture differs from the unblitted figure"


def load_script(path):
    """Import a script that is not in a package (``bench/run_bench.py``) as a module named
    after its file, for tests; it is registered in ``sys.modules`` (dataclasses need that)."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(path)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module
