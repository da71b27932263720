"""Driving a notebook in JupyterLab from Playwright: open, run all, check widgets, move controls."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

KERNEL_STATE = """() => {
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  if (!w || !w.sessionContext || !w.content || !w.content.model) return 'no notebook';
  const s = w.sessionContext.session;
  if (!s || !s.kernel) return 'no kernel';
  return s.kernel.connectionStatus + ':' + s.kernel.status;
}"""

RUN_STATE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  let code = 0, done = 0, errors = [];
  for (const cell of w.content.model.cells) {
    if (cell.type !== 'code' || !cell.sharedModel.getSource().trim()) continue;
    code += 1;
    if (cell.executionCount) done += 1;
    for (const out of cell.outputs.toJSON()) {
      if (out.output_type === 'error') errors.push(out.ename + ': ' + out.evalue);
    }
  }
  return {code, done, errors, status: w.sessionContext.session.kernel.status};
}"""


# the plain-text form of an ipywidgets container, shown only when no widget renderer exists
WIDGET_AS_TEXT = re.compile(r"^(VBox|HBox|Box|Tab)\(children=", re.MULTILINE)


class LessonError(AssertionError):
    """The lesson did not render or respond as a learner needs."""


def code_cell_count(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(1 for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip())


def wait_for(page, predicate, timeout_s: float, what: str, interval_s: float = 0.25):
    deadline = time.time() + timeout_s
    last = None
    while time.time() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval_s)
    raise LessonError(f"timed out after {timeout_s:.0f} s waiting for {what} (last: {last!r})")


def open_and_run(page, lab, name: str, n_code: int, timeout_s: float = 150) -> dict:
    """Open notebook ``name``, clear it, run all cells in a fresh kernel, wait till done."""
    lab.shutdown_kernels()
    page.goto(lab.url(f"lab/tree/{name}", reset=True))
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=60_000)
    wait_for(page, lambda: page.evaluate(KERNEL_STATE) == "connected:idle", 90, "an idle kernel")
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs'); }")
    time.sleep(0.5)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")

    def finished():
        state = page.evaluate(RUN_STATE)
        if state["errors"]:
            raise LessonError(f"{name}: a cell raised {state['errors'][0]}")
        return state if state["done"] == n_code and state["status"] == "idle" else None

    state = wait_for(page, finished, timeout_s, f"{name} to run all {n_code} code cells", 0.5)
    return state


def check_widgets_render(page, name: str, timeout_s: float = 30):
    """No 'Error displaying widget', no lasting 'Loading widget', every app visible."""
    def settled():
        outputs = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output")
        text = "\n".join(outputs.all_inner_texts())
        if "Error displaying widget:" in text:
            raise LessonError(f"{name}: 'Error displaying widget' (widget front end broken?)")
        if WIDGET_AS_TEXT.search(text):
            # no widget renderer: JupyterLab fell back to the widget's plain-text form
            raise LessonError(f"{name}: a widget shows as plain text ({WIDGET_AS_TEXT.search(text)[0]}...): "
                              "the widget front end (jupyterlab-manager) is missing or disabled")
        if "Loading widget..." in text:
            return None
        apps = page.locator(".jp-OutputArea-output .hp-app")
        return apps.count() > 0 and apps.count()

    count = wait_for(page, settled, timeout_s, f"{name}'s widgets to render")
    apps = page.locator(".jp-OutputArea-output .hp-app")
    for i in range(count):
        app = apps.nth(i)
        app.scroll_into_view_if_needed()
        if not app.is_visible():
            raise LessonError(f"{name}: widget app {i} ({app.get_attribute('class')}) is not visible")
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    for i in range(stderr.count()):
        text = stderr.nth(i).inner_text()
        if "Traceback" in text or "Error" in text:
            raise LessonError(f"{name}: Python error output: {text[:300]}")
    return count


APP_STATE = """(root) => {
  // a hash of each visible figure canvas's pixels, and the text of each HTML readout
  const hashes = [];
  for (const canvas of root.querySelectorAll('.jupyter-matplotlib-canvas-div canvas')) {
    if (canvas.offsetParent === null || !canvas.width || !canvas.height) continue;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const words = new Uint32Array(data.buffer);
    let h = 2166136261 >>> 0;
    for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 16777619) >>> 0;
    hashes.push(h);
  }
  const readouts = [...root.querySelectorAll('.widget-html-content')].map((e) => e.innerText);
  return [hashes, readouts];
}"""


def app_state(app) -> tuple:
    """What a learner sees change in an app: figure pixels (hashed in the page, as drawn on
    the canvas) and HTML readouts (not the sliders)."""
    hashes, readouts = app.evaluate(APP_STATE)
    return tuple(hashes), tuple(readouts)


def changed(app, before, timeout_s: float = 6) -> bool:
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if app_state(app) != before:
            return True
        time.sleep(0.05)
    return False


def press_slider(page, app, index: int) -> bool:
    """Focus slider ``index`` of ``app`` and move it with the keyboard; True if the app changed."""
    handle = app.locator(".widget-slider .noUi-handle").nth(index)
    handle.scroll_into_view_if_needed()
    for key in ("ArrowRight", "ArrowLeft"):
        before = app_state(app)
        handle.focus()
        for _ in range(3):
            page.keyboard.press(key)
        if changed(app, before):
            return True
    return False


# a control that changes what an app shows does so in about 0.1 s (kernel round trip); some
# controls change nothing visible by design (a menu whose choice applies on Save), so each
# try waits this long before the next control is tried
OTHER_CONTROL_WAIT_S = 2.0


def press_other_controls(page, app) -> bool:
    """For an app without sliders: use its menus, toggles, boxes and buttons from the keyboard
    until one changes what the app shows. True if one did."""
    menus = app.locator(".widget-dropdown select, .widget-select select")
    for i in range(min(menus.count(), 3)):
        menu = menus.nth(i)
        if not menu.is_visible() or menu.is_disabled():
            continue
        before = app_state(app)
        menu.focus()
        # open the list, move down one, choose: what a keyboard user does with a menu
        page.keyboard.press("Alt+ArrowDown")
        time.sleep(0.3)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        if changed(app, before, timeout_s=OTHER_CONTROL_WAIT_S):
            return True
    attempts = [
        (".widget-toggle-button", ["Space"]),
        (".widget-radio-box input", ["ArrowDown"]),
        (".widget-checkbox input", ["Space"]),
        (".widget-button:not(.jupyter-matplotlib-button)", ["Enter"]),
    ]
    for selector, keys in attempts:
        controls = app.locator(selector)
        for i in range(min(controls.count(), 3)):
            control = controls.nth(i if selector != ".widget-toggle-button" else controls.count() - 1 - i)
            if not control.is_visible() or control.is_disabled():
                continue
            before = app_state(app)
            control.focus()
            for key in keys:
                page.keyboard.press(key)
            if changed(app, before, timeout_s=OTHER_CONTROL_WAIT_S):
                return True
    return False


def exercise_app(page, app, label: str) -> list:
    """Move every slider of an app with the keyboard (or, with none, another control)."""
    problems = []
    sliders = app.locator(".widget-slider .noUi-handle")
    for i in range(sliders.count()):
        if not press_slider(page, app, i):
            problems.append(f"{label}: slider {i} moved but nothing in the app changed")
    if sliders.count() == 0 and app.locator(CONTROLS).count() and not press_other_controls(page, app):
        problems.append(f"{label}: no control changed what the app shows")
    return problems


def drive_quiz(page, app) -> list:
    """Answer the first question from the keyboard (Space on an option, Enter on Check): the
    feedback must judge the answer, not ask for one."""
    option = app.locator(".widget-radio-box input").first
    option.focus()
    page.keyboard.press("Space")
    check = app.locator(".widget-button", has_text="Check").first
    check.focus()
    page.keyboard.press("Enter")
    feedback = app.locator(".hp-feedback").first
    try:
        feedback.wait_for(timeout=6000)
    except Exception:
        return ["quiz: pressing Check after choosing an answer showed no feedback"]
    text = feedback.inner_text()
    if "Correct." not in text and "Not quite." not in text:
        return [f"quiz: the feedback did not judge the chosen answer: {text!r}"]
    return []


def drive_exercise(page, app) -> list:
    """Answer a "Your turn" widget from the keyboard: type 1 and Enter in each box, or pick the
    first choice of the menu and press Enter on Check. The feedback must judge the answer."""
    boxes = app.locator(".widget-text input")
    if boxes.count():
        for i in range(boxes.count()):
            boxes.nth(i).focus()
            page.keyboard.type("1")
            page.keyboard.press("Enter")
    else:
        menu = app.locator(".widget-dropdown select").first
        menu.focus()
        # open the list, move down one (to the first answer), choose it
        page.keyboard.press("Alt+ArrowDown")
        time.sleep(0.3)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        time.sleep(0.5)  # the choice reaches the kernel before Check is pressed
        check = app.locator(".widget-button", has_text="Check").first
        check.focus()
        page.keyboard.press("Enter")
    feedback = app.locator(".hp-feedback").first
    deadline = time.monotonic() + 6
    text = ""
    while time.monotonic() < deadline:
        if feedback.count():
            text = feedback.inner_text()
            if "Right:" in text or "Not yet:" in text:
                return []
        time.sleep(0.2)
    if not text:
        return ["exercise: answering from the keyboard showed no feedback"]
    return [f"exercise: the feedback did not judge the typed answer: {text!r}"]


def screenshot(page, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=False)


FOCUSABLE = "input, button, select, textarea, .noUi-handle, [tabindex]:not([tabindex='-1'])"
# ipympl's own toolbar (pan, zoom, save) shows only under the mouse and is left out
CONTROLS = (
    ".widget-slider .noUi-handle, .widget-inline-hbox input, .widget-button,"
    " button.jupyter-button:not(.jupyter-matplotlib-button),"
    " .widget-dropdown select, .widget-select select, .widget-radio-box input,"
    " .widget-checkbox input, .widget-text input, .widget-toggle-button"
)


def tab_through(page, app, label: str, max_presses: int = 200) -> list:
    """Reach every control of ``app`` with the Tab key alone; return the problems found."""
    total = page.evaluate(
        """([root, sel]) => Array.from(root.querySelectorAll(sel)).filter(
               (e) => !e.disabled && e.offsetParent !== null).length""",
        [app.element_handle(), CONTROLS],
    )
    if total == 0:
        return []
    page.evaluate(
        """([root, sel]) => Array.from(root.querySelectorAll(sel)).filter(
               (e) => !e.disabled && e.offsetParent !== null)[0].focus()""",
        [app.element_handle(), CONTROLS],
    )
    reached = set()
    for _ in range(max_presses):
        index, inside = page.evaluate(
            """([root, sel]) => {
                const list = Array.from(root.querySelectorAll(sel)).filter(
                    (e) => !e.disabled && e.offsetParent !== null);
                return [list.indexOf(document.activeElement),
                        root.contains(document.activeElement)];
            }""",
            [app.element_handle(), CONTROLS],
        )
        if index >= 0:
            reached.add(index)
        elif reached and not inside:
            break  # focus left the app after visiting some controls
        if len(reached) == total:
            break
        page.keyboard.press("Tab")
    missing = total - len(reached)
    if missing:
        return [f"{label}: {missing} of {total} controls cannot be reached with the Tab key"]
    return []


AXE_RUN = """async (include) => {
  const result = await window.axe.run({include: include}, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
}"""


def axe_violations(page, axe_path: Path, selector: str = ".jp-OutputArea-output") -> list:
    """Serious or critical WCAG 2.1 A/AA violations that axe-core finds in the output areas."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(axe_path))
    found = page.evaluate(AXE_RUN, [[selector]])
    return [v for v in found if v["impact"] in ("serious", "critical")]


def click_region_map(page, app) -> bool:
    """Click points of the region map's canvas with the mouse until the info panel changes."""
    canvas = app.locator(".jupyter-matplotlib-canvas-div canvas").last
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    for fx in (0.3, 0.5, 0.7):
        for fy in (0.3, 0.5, 0.7, 0.85):
            before = app_state(app)
            page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
            if changed(app, before, timeout_s=3):
                return True
    return False


def drive_player(page, app) -> list:
    """Press Start, see the countdown run, press Next: the routine player responds."""
    problems = []
    start = app.get_by_role("button", name="Start")
    before = app_state(app)
    start.focus()
    page.keyboard.press("Enter")
    if not changed(app, before, timeout_s=5):
        problems.append("routine player: Start changed nothing")
    first = app_state(app)[1]
    time.sleep(2.5)
    if app_state(app)[1] == first:
        problems.append("routine player: the countdown did not move after Start")
    before = app_state(app)
    app.get_by_role("button", name="Next").click()
    if not changed(app, before, timeout_s=5):
        problems.append("routine player: Next changed nothing")
    app.get_by_role("button", name="Pause").click()
    return problems


# -- the lesson's main app
#: Apps with a slider and an ipympl canvas in the open notebook, in page order; the first is the
#: lesson's main app (the one the latency benchmark and the canvas check drive).
SLIDER_APPS = (".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output .hp-app"
               ":has(.widget-slider .noUi-handle):has(.jupyter-matplotlib-canvas-div canvas)")


def press_main_slider(page, keys, pause_s: float = 0.3):
    """Focus the first slider of the lesson's main app and press ``keys`` on it, one by one;
    return the app."""
    app = page.locator(SLIDER_APPS).first
    handle = app.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    for key in keys:
        handle.focus()
        page.keyboard.press(key)
        time.sleep(pause_s)
    return app


# -- the picture in the page against the figure in the kernel
FIGURE_DIGESTS = """
import hashlib as _hashlib, matplotlib.pyplot as _plt
for _number in _plt.get_fignums():
    _buffer = _plt.figure(_number).canvas.get_renderer().buffer_rgba()
    print("figure", _buffer.shape[1], _buffer.shape[0], _hashlib.sha256(bytes(_buffer)).hexdigest())
"""

RUN_IN_KERNEL = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  let out = '';
  const future = kernel.requestExecute({code, store_history: false, silent: false});
  future.onIOPub = (msg) => { if (msg.header.msg_type === 'stream') out += msg.content.text; };
  await future.done;
  return out;
}"""

CANVAS_DIGEST = """async (app) => {
  const canvas = app.querySelector('.jupyter-matplotlib-canvas-div canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return [canvas.width, canvas.height, [...digest].map(b => b.toString(16).padStart(2, '0')).join('')];
}"""


def canvas_shows_a_kernel_figure(page, app) -> tuple[bool, list, list]:
    """Whether the app's canvas holds, pixel for pixel, one of the kernel's figures as drawn
    there (size and SHA-256 of the RGBA bytes); also both sides' digests, for the message."""
    shown = page.evaluate(CANVAS_DIGEST, app.element_handle())
    figures = [line.split()[1:] for line in page.evaluate(RUN_IN_KERNEL, FIGURE_DIGESTS).splitlines()
               if line.startswith("figure ")]
    return [str(shown[0]), str(shown[1]), shown[2]] in figures, shown, figures
