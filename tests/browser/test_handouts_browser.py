"""The offline HTML handouts (make html) in headless Chromium with the network cut off.

The handouts are built into a temporary folder with tools/build_html.py (the npm files come
from the pinned package-lock.json; `npm ci` is run here if node_modules is missing). Each page
is opened from file:// with every request to anything other than a local file (or an inline
data:/blob: URL) aborted, and must load with no blocked or failed request, no console error,
every stored widget view rendered, and every ipympl figure showing its picture. The index
must link to every lesson. Screenshots go to build/screenshots/handout-<page>.png.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys

import nbformat
import pytest

from .conftest import ROOT, SHOTS

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LESSONS = [path.stem for path in NOTEBOOKS]
LOCAL_SCHEMES = ("file:", "data:", "blob:")
NPM_FILES = ("@jupyter-widgets/html-manager/dist/embed-amd.js", "jupyter-matplotlib/dist/index.js",
             "requirejs/require.js", "anywidget/dist/index.js", "mathjax/es5/tex-svg-full.js")


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_html", ROOT / "tools" / "build_html.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _npm_installed() -> bool:
    return all((ROOT / "node_modules" / name).is_file() for name in NPM_FILES)


def ensure_npm_files():
    """Install the pinned npm packages from package-lock.json when they are missing."""
    if not _npm_installed() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
                       cwd=ROOT, check=False)
    if not _npm_installed():
        message = ("the handouts' browser files are not installed: run `npm ci --no-audit "
                   "--no-fund --ignore-scripts` in the repository root (needs Node.js and npm)")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


BUILDER = _load_builder()


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    """Folder with the freshly built handouts (index.html and one page per lesson)."""
    ensure_npm_files()
    out = tmp_path_factory.mktemp("handouts")
    pages = BUILDER.build(out=out, log=lambda *args: None)
    assert set(pages) == {*LESSONS, "index"}
    return out


class PageWatch:
    """Open a page with the network cut off and record what went wrong."""

    def __init__(self, page):
        self.page = page
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.route("**/*", self._route)
        page.on("requestfailed", lambda req: self.failed.append(f"{req.url[:120]} {req.failure}"))
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _route(self, route):
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console error: {message.text[:300]}")


VIEW_SCRIPTS = 'script[type="application/vnd.jupyter.widget-view+json"]'


def _canvas_models(text: str) -> int:
    """How many ipympl canvases the page's stored widget state holds."""
    marker = '<script type="application/vnd.jupyter.widget-state+json">'
    if marker not in text:
        return 0
    state = json.loads(text.split(marker, 1)[1].split("</script>", 1)[0])
    return sum(model["model_name"] == "MPLCanvasModel" for model in state["state"].values())


def _wait_for_widgets(page, views: int):
    """Wait until every stored widget view has been given its rendered element."""
    page.wait_for_function(
        """(views) => {
            const areas = Array.from(document.querySelectorAll('.widget-subarea'));
            return (areas.length >= views && areas.every(area => area.children.length > 0))
                   || document.body.innerText.includes('Error displaying widget');
        }""",
        arg=views,
        timeout=30_000,
    )


UNRENDERED_JS = """() => Array.from(document.querySelectorAll('.widget-subarea'))
    .map(area => area.firstElementChild)
    .filter(el => !el || !(el.classList.contains('jupyter-widgets')
                           || el.classList.contains('jupyter-matplotlib'))
                     || el.textContent.includes('Error displaying widget'))
    .map(el => el ? el.className + ': ' + el.textContent.slice(0, 200) : 'empty')"""


FIGURES_JS = """() => Array.from(document.querySelectorAll('.jupyter-matplotlib-figure')).map(fig => {
    const canvas = fig.querySelector('canvas');
    if (!canvas) return {width: 0, height: 0, inked: 0};
    const box = canvas.getBoundingClientRect();
    let inked = 0;
    try {
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < data.length; i += 16) {
            if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) inked++;
        }
    } catch (err) { inked = -1; }
    return {width: box.width, height: box.height, inked: inked};
})"""


@pytest.mark.parametrize("lesson", LESSONS)
def test_handout_renders_offline(handouts, chromium, lesson):
    path = handouts / f"{lesson}.html"
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    watch = PageWatch(page)
    try:
        page.goto(path.as_uri(), wait_until="load")
        views = page.locator(VIEW_SCRIPTS).count()
        if views:
            _wait_for_widgets(page, views)
        page.wait_for_timeout(500)  # late requests (fonts, images) and errors
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"handout-{lesson}.png"), full_page=True)

        assert watch.blocked == [], f"{lesson}: requests outside the local files: {watch.blocked}"
        assert watch.failed == [], f"{lesson}: failed requests: {watch.failed}"
        assert watch.errors == [], f"{lesson}: {watch.errors}"
        assert page.get_by_text("Error displaying widget").count() == 0
        areas = page.locator(".widget-subarea").count()
        unrendered = page.evaluate(UNRENDERED_JS)
        assert areas >= views and unrendered == [], (
            f"{lesson}: {areas - len(unrendered)} of {views} widget views rendered; "
            f"not rendered: {unrendered}")
        if views:
            assert page.locator(".jupyter-widgets").count() > 0

        figures = page.evaluate(FIGURES_JS)
        expected = _canvas_models(path.read_text(encoding="utf-8"))
        assert len(figures) >= (1 if expected else 0), f"{lesson}: no ipympl figure rendered"
        for number, figure in enumerate(figures, 1):
            assert figure["width"] > 50 and figure["height"] > 50, (
                f"{lesson}: figure {number} has no size: {figure}")
            assert figure["inked"] != 0, f"{lesson}: figure {number} is blank (no picture)"

        if BUILDER.has_math(nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)):
            assert page.locator("mjx-container").count() > 0, f"{lesson}: formulas not typeset"
    finally:
        context.close()


def test_index_links_every_lesson(handouts, chromium):
    context = chromium.new_context()
    page = context.new_page()
    watch = PageWatch(page)
    try:
        page.goto((handouts / "index.html").as_uri(), wait_until="load")
        hrefs = page.eval_on_selector_all("main a", "links => links.map(a => a.getAttribute('href'))")
        assert sorted(hrefs) == sorted(f"{lesson}.html" for lesson in LESSONS)
        for href in hrefs:
            assert (handouts / href).is_file()
        titles = page.locator("main li a").all_inner_texts()
        assert all(title.strip() for title in titles)
        assert watch.blocked == [] and watch.failed == [] and watch.errors == []
        # a lesson's "All lessons" link leads back to the index
        page.goto((handouts / f"{LESSONS[0]}.html").as_uri(), wait_until="load")
        page.locator(".hp-handout-nav a", has_text="All lessons").first.click()
        page.wait_for_url("**/index.html")
    finally:
        context.close()


@pytest.fixture(scope="module")
def slides(tmp_path_factory):
    """Folder with the freshly exported slides and their reveal.js copy."""
    ensure_npm_files()
    spec = importlib.util.spec_from_file_location("build_slides", ROOT / "tools" / "build_slides.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("slides")
    pages = module.build(out=out, log=lambda *args: None)
    assert set(pages) == set(LESSONS)
    return out


@pytest.mark.parametrize("lesson", LESSONS)
def test_slides_work_offline(slides, chromium, lesson):
    path = slides / f"{lesson}.slides.html"
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    watch = PageWatch(page)
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_selector(".reveal.ready", timeout=30_000)  # reveal.js initialised
        views = page.locator(VIEW_SCRIPTS).count()
        if views:
            _wait_for_widgets(page, views)
        headings = sum(
            cell.cell_type == "markdown" and cell.source.lstrip().startswith(("# ", "## "))
            for cell in nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4).cells
        )
        assert page.locator(".reveal .slides > section").count() >= headings
        page.keyboard.press("ArrowRight")  # the keyboard moves to the next slide
        page.wait_for_function("() => location.hash.startsWith('#/1')", timeout=5_000)
        page.wait_for_timeout(1000)  # let the slide transition finish before the screenshot
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"slides-{lesson}.png"))
        assert watch.blocked == [], f"{lesson}: requests outside the local files: {watch.blocked}"
        assert watch.failed == [], f"{lesson}: failed requests: {watch.failed}"
        assert watch.errors == [], f"{lesson}: {watch.errors}"
        assert page.evaluate(UNRENDERED_JS) == []
    finally:
        context.close()
