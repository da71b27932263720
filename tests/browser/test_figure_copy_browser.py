"""The course's JupyterLab extension (labextension/) in real JupyterLab: moving a slider makes no
PNG copy of the figure in the page, and a notebook saved with its widget state still stores
the picture on screen (the copy is made when the state is saved)."""

from __future__ import annotations

import base64
import hashlib
import io
import json

import pytest
from PIL import Image

from .conftest import ROOT, LabServer
from .labdriver import (
    CANVAS_DIGEST,
    canvas_shows_a_kernel_figure,
    check_widgets_render,
    code_cell_count,
    open_and_run,
    press_main_slider,
    wait_for,
)

pytestmark = pytest.mark.browser

NAME = "00-start-here.ipynb"

#: counts every PNG copy a canvas makes in the page (HTMLCanvasElement.toDataURL)
COUNT_COPIES = """
window.__figureCopies = 0;
const _toDataURL = HTMLCanvasElement.prototype.toDataURL;
HTMLCanvasElement.prototype.toDataURL = function (...args) {
  window.__figureCopies += 1;
  return _toDataURL.apply(this, args);
};
"""

SAVE_WITH_WIDGET_STATE = """async () => {
  const commands = window.jupyterapp.commands;
  const toggle = '@jupyter-widgets/jupyterlab-manager:saveWidgetState';
  if (!commands.isToggled(toggle)) { await commands.execute(toggle); }
  await commands.execute('docmanager:save');
}"""


def _saved_pictures(path) -> dict:
    """SHA-256 of the RGBA pixels of each figure picture stored in a saved notebook's widget
    state, by model id."""
    state = json.loads(path.read_text(encoding="utf-8"))["metadata"]["widgets"][
        "application/vnd.jupyter.widget-state+json"]["state"]
    pictures = {}
    for model_id, model in state.items():
        url = model["state"].get("_data_url") if model["model_name"] == "MPLCanvasModel" else None
        if url:
            png = base64.b64decode(url.split(",", 1)[1])
            with Image.open(io.BytesIO(png)) as image:
                rgba = image.convert("RGBA")
                pictures[model_id] = [rgba.width, rgba.height,
                                      hashlib.sha256(rgba.tobytes()).hexdigest()]
    return pictures


def test_slider_steps_make_no_copy_and_a_saved_state_holds_the_picture_on_screen(chromium, tmp_path):
    lab = LabServer(tmp_path)
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, device_scale_factor=2)
    context.add_init_script(COUNT_COPIES)
    try:
        page = context.new_page()
        open_and_run(page, lab, NAME, code_cell_count(ROOT / "notebooks" / NAME))
        check_widgets_render(page, NAME)
        before = page.evaluate("() => window.__figureCopies")
        app = press_main_slider(page, ["ArrowRight"] * 6)
        same = wait_for(page, lambda: canvas_shows_a_kernel_figure(page, app)[0], 10,
                        "the canvas to show the kernel's figure")
        assert same
        copies = page.evaluate("() => window.__figureCopies") - before
        assert copies == 0, f"6 slider steps made {copies} PNG copies of a figure in the page"

        shown = page.evaluate(CANVAS_DIGEST, app.element_handle())
        saved_file = tmp_path / "notebooks" / NAME
        stored_before = saved_file.stat().st_mtime_ns
        page.evaluate(SAVE_WITH_WIDGET_STATE)
        wait_for(page, lambda: saved_file.stat().st_mtime_ns != stored_before, 20, "the notebook to be saved")
        pictures = wait_for(page, lambda: _saved_pictures(saved_file), 5, "a figure in the saved widget state")
        assert shown in pictures.values(), (
            f"the saved widget state holds {sorted(map(tuple, pictures.values()))}, not the picture on screen {shown}")
    finally:
        context.close()
        lab.shutdown_kernels()
        lab.stop()
