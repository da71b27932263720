"""The picture a learner sees after moving a slider is the figure the kernel drew, pixel for
pixel, at device-pixel-ratio 1 and 2: the course sends only the changed corner of the figure
(helpers/canvas.py), and the browser must put it back in the right place."""

from __future__ import annotations

import time

import pytest

from .conftest import ROOT
from .labdriver import (
    canvas_shows_a_kernel_figure,
    check_widgets_render,
    code_cell_count,
    open_and_run,
    press_main_slider,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("ratio", [1, 2])
@pytest.mark.parametrize("name", ["00-start-here.ipynb", "03-self-massage.ipynb"])
def test_the_canvas_shows_the_kernels_figure_after_slider_steps(chromium, lab, name, ratio):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, device_scale_factor=ratio)
    try:
        page = context.new_page()
        open_and_run(page, lab, name, code_cell_count(ROOT / "notebooks" / name))
        check_widgets_render(page, name)
        app = press_main_slider(page, ["ArrowRight"] * 6 + ["ArrowLeft"] * 3 + ["End", "Home", "ArrowRight"])
        deadline, same = time.time() + 10, (False, None, None)
        while time.time() < deadline and not same[0]:  # the last image may still be on its way
            time.sleep(0.5)
            same = canvas_shows_a_kernel_figure(page, app)
        assert same[0], f"{name} at ratio {ratio}: the canvas {same[1]} is none of the kernel's figures {same[2]}"
    finally:
        context.close()
        lab.shutdown_kernels()
