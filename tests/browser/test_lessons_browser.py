"""Every lesson in a real JupyterLab in headless Chromium: it runs, its widgets render, respond
to the keyboard, can be reached with Tab alone, and pass axe-core's serious and critical WCAG
checks. Screenshots go to build/screenshots/."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from .conftest import ROOT, SHOTS, LabServer
from .labdriver import (
    LessonError,
    axe_violations,
    check_widgets_render,
    click_region_map,
    code_cell_count,
    drive_exercise,
    drive_player,
    drive_quiz,
    exercise_app,
    open_and_run,
    screenshot,
    tab_through,
)

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_script():
    """axe-core from the pinned npm lock file (installed by `npm ci` if missing)."""
    if not AXE.exists() and (ROOT / "package-lock.json").exists() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=False)
    if not AXE.exists():
        message = "axe-core not installed: run `npm ci` in the repository (needs Node.js and npm)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE


def run_lesson(page, lab, path, axe_path):
    open_and_run(page, lab, path.name, code_cell_count(path))
    count = check_widgets_render(page, path.name)
    screenshot(page, SHOTS / f"{path.stem}.png")
    problems = []
    apps = page.locator(".jp-OutputArea-output .hp-app")
    for i in range(count):
        app = apps.nth(i)
        label = f"{path.name} app {i} ({app.get_attribute('class')})"
        problems += tab_through(page, app, label)
        classes = app.get_attribute("class") or ""
        if "hp-app-quiz" in classes:
            problems += [f"{label}: {p}" for p in drive_quiz(page, app)]
        elif "hp-app-exercise" in classes:
            problems += [f"{label}: {p}" for p in drive_exercise(page, app)]
        else:
            problems += exercise_app(page, app, label)
        if "hp-region-map" in classes and not click_region_map(page, app):
            problems.append(f"{label}: clicking the map did not change the panel")
        if "hp-routine-player" in classes:
            problems += [f"{label}: {p}" for p in drive_player(page, app)]
    for violation in axe_violations(page, axe_path):
        problems.append(
            f"{path.name}: accessibility ({violation['impact']}) {violation['id']}: "
            f"{violation['help']}; e.g. {violation['nodes'][:1]}"
        )
    return count, problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_runs_and_its_widgets_respond(page, lab, path, axe_script):
    count, problems = run_lesson(page, lab, path, axe_script)
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
        with pytest.raises(LessonError, match="widget"):
            open_and_run(page, broken, path.name, code_cell_count(path))
            check_widgets_render(page, path.name, timeout_s=20)
    finally:
        context.close()
        broken.stop()
