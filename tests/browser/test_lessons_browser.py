"""Every lesson in a real JupyterLab in headless Chromium: it runs, its widgets render and
respond to the keyboard. Screenshots go to build/screenshots/."""

from __future__ import annotations

import pytest

from .conftest import ROOT, SHOTS, LabServer
from .labdriver import (
    LessonError,
    check_widgets_render,
    code_cell_count,
    exercise_app,
    open_and_run,
    screenshot,
)

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def run_lesson(page, lab, path):
    open_and_run(page, lab, path.name, code_cell_count(path))
    count = check_widgets_render(page, path.name)
    screenshot(page, SHOTS / f"{path.stem}.png")
    problems = []
    apps = page.locator(".jp-OutputArea-output .hp-app")
    for i in range(count):
        app = apps.nth(i)
        label = f"{path.name} app {i} ({app.get_attribute('class')})"
        problems += exercise_app(page, app, label)
    return count, problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_runs_and_its_widgets_respond(page, lab, path):
    count, problems = run_lesson(page, lab, path)
    assert count >= 1
    assert not problems, "\n".join(problems)
    screenshot(page, SHOTS / f"{path.stem}-after.png")


def test_a_broken_widget_front_end_is_caught(chromium, tmp_path):
    """With the widget manager extension disabled, the check above must fail."""
    broken = LabServer(tmp_path, disabled_extensions=["@jupyter-widgets/jupyterlab-manager"])
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        path = ROOT / "notebooks" / "00-start-here.ipynb"
        with pytest.raises(LessonError):
            open_and_run(page, broken, path.name, code_cell_count(path))
            check_widgets_render(page, path.name, timeout_s=20)
    finally:
        context.close()
        broken.stop()
