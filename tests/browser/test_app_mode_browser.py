"""App mode (make app): a lesson served by Voila with the course's settings and template, in
headless Chromium. Page to widgets, a slider, an exercise answered in its widget, no request off
127.0.0.1, no JupyterLab-only text, and the kernel shut down when the page closes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, SHOTS, _free_port
from .labdriver import app_state, changed, press_slider, screenshot

pytestmark = pytest.mark.browser

LESSON = "01-causes.ipynb"
EXERCISE = "01-windlass-walking"
LOCAL = re.compile(r"^(https?|wss?)://127\.0\.0\.1:\d+/|^(data|blob|about):")


def app_env() -> dict:
    """The environment ``make app`` gives Voila (see APP_ENV in the Makefile)."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env.update(JUPYTER_PATH=str(ROOT / "tools"), JUPYTER_CONFIG_PATH=str(ROOT / "tools" / "voila"),
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    return env


class VoilaServer:
    def __init__(self, workdir: Path, target: str = "notebooks"):
        self.port = _free_port()
        self.log = open(workdir / "voila.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("voila")), target, f"--port={self.port}",
             "--Voila.port_retries=0"],
            cwd=ROOT, env=app_env(), stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"voila exited: see {workdir / 'voila.log'}")
            try:
                with urllib.request.urlopen(self.url(""), timeout=5):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("voila did not answer in 60 s")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def kernel_alive(self, kernel_id: str) -> bool:
        try:
            with urllib.request.urlopen(self.url(f"api/kernels/{kernel_id}"), timeout=5):
                return True
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return False
            raise

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    pytest.importorskip("voila", reason="app mode needs the 'teach' extra: pip install -e '.[teach]'")
    server = VoilaServer(tmp_path_factory.mktemp("voila"))
    yield server
    server.stop()


def test_app_mode_serves_a_lesson_offline_with_working_widgets(chromium, voila):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    off_machine = []
    page.on("request", lambda r: None if LOCAL.match(r.url) else off_machine.append(r.url))
    page.on("websocket", lambda w: None if LOCAL.match(w.url) else off_machine.append(w.url))
    errors, console, failed = [], [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)

    page.goto(voila.url(""), timeout=60_000)
    listed = page.get_by_text(LESSON).first
    try:
        listed.wait_for(timeout=30_000)  # the course page lists the lessons
    except PlaywrightTimeout:
        # what the page showed and said, for a failure seen only under load
        shot = SHOTS / "app-mode-course-page-not-listed.png"
        screenshot(page, shot)
        pytest.fail(f"the course page did not list {LESSON} in 30 s; screenshot {shot}; page errors "
                    f"{errors}; failed requests and error responses {failed}; last console messages {console[-8:]}; "
                    f"the page's text begins {page.inner_text('body')[:300]!r}")
    started = time.monotonic()
    page.goto(voila.url(f"voila/render/{LESSON}"), timeout=120_000)
    page.locator(".hp-app-windlass .noUi-handle").first.wait_for(state="visible", timeout=120_000)
    to_widgets = time.monotonic() - started

    text = page.inner_text("body")
    for phrase in ("Shift + Enter", "Run this cell", "replace None", "Not answered yet"):
        assert phrase not in text, f"app mode shows JupyterLab-only text: {phrase!r}"
    assert "my_answer" not in page.content(), "app mode shows code"

    # a slider: one key press to a new picture or readout, timed
    windlass = page.locator(".hp-app-windlass").first
    assert press_slider(page, windlass, 0), "the windlass slider moved but nothing changed"
    handle = windlass.locator(".noUi-handle").first
    steps = []
    for _ in range(5):
        before = app_state(windlass)
        handle.focus()
        pressed = time.monotonic()
        page.keyboard.press("ArrowRight")
        assert changed(windlass, before), "a slider step changed nothing"
        steps.append(time.monotonic() - pressed)

    # an exercise answered in its widget: a wrong answer, then the right one
    from helpers import exercises

    box_app = page.locator(".hp-app-exercise").first
    box = box_app.locator(".widget-text input").first
    box.scroll_into_view_if_needed()
    feedback = box_app.locator(".hp-feedback")
    for answer, verdict in (("1", "Not yet:"), (f"{exercises.get(EXERCISE).solution_value():.2f}",
                                                 "Right:")):
        box.fill("")
        box.focus()
        page.keyboard.type(answer)
        page.keyboard.press("Enter")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and verdict not in (feedback.inner_text()
                                                               if feedback.count() else ""):
            time.sleep(0.1)
        assert verdict in feedback.inner_text(), f"answer {answer}: {feedback.inner_text()!r}"

    screenshot(page, SHOTS / "app-mode-01-causes.png")
    assert not errors, f"page errors: {errors[:3]}"
    assert not off_machine, f"requests left the machine: {off_machine[:5]}"
    print(f"\napp mode {LESSON}: page to widgets {to_widgets:.1f} s; slider step median "
          f"{1000 * sorted(steps)[len(steps) // 2]:.0f} ms")

    kernel_id = json.loads(page.locator("#jupyter-config-data").first.inner_text())["kernelId"]
    assert voila.kernel_alive(kernel_id)
    page.close(run_before_unload=True)
    context.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and voila.kernel_alive(kernel_id):
        time.sleep(0.5)
    assert not voila.kernel_alive(kernel_id), "the lesson's kernel outlived its page"

