"""Build the offline HTML handouts: one self-contained page per lesson plus an index page.

    python tools/build_html.py [--out build/html] [--no-execute] [notebooks/01-causes.ipynb ...]

With no notebook arguments every notebook in notebooks/ is built. Each page carries its text,
its static outputs and its widgets' state, and renders without a kernel and without internet:
require.js, the Jupyter widget manager (html-manager), the ipympl front end
(jupyter-matplotlib), the anywidget front end and, on pages with formulas, MathJax are read
from node_modules/ (installed by `npm ci` from the pinned package-lock.json) and inlined, and
the widget manager's CDN fallback is pointed at a local folder that does not exist, so a
missing front end shows up as a failed local request instead of a silent download.

Why the notebooks are executed again (unless --no-execute): an ipympl figure inside an app
(a VBox) is never displayed on its own, so ipympl never stores the picture (`_data_url`) in
the widget state, and a page built from the stored state shows an empty canvas. The build runs
each notebook in a fresh kernel on an in-memory copy (the file is not touched), then stores a
PNG of every ipympl figure in its canvas model before saving the widget state. The pictures
show the figures as they are when the notebook has run to the end, matching the stored
positions of the controls.
"""

from __future__ import annotations

import argparse
import base64
import copy
import html
import json
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NODE_MODULES = ROOT / "node_modules"
TEMPLATES = ROOT / "tools" / "html_template"
DEFAULT_OUT = ROOT / "build" / "html"

#: the widget manager's CDN fallback: a relative folder that never exists, so nothing is
#: fetched from the internet and a front end missing from the page fails loudly (locally)
NO_CDN = "./offline-widget-module-missing/"

#: widget modules the html-manager implements itself
BUILTIN_MODULES = {"@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output"}

#: third-party widget front ends inlined into the pages: module name -> file in node_modules
WIDGET_MODULES = {
    "jupyter-matplotlib": "jupyter-matplotlib/dist/index.js",
    "anywidget": "anywidget/dist/index.js",
}

#: npm package -> where the matching Python-side version is read (labextension package.json
#: or Python distribution); the build refuses to mix front and back ends of different versions
FRONTEND_MATCH = {
    "jupyter-matplotlib": ("labextension", "jupyter-matplotlib"),
    "anywidget": ("distribution", "anywidget"),
}

HTML_MANAGER = "@jupyter-widgets/html-manager"
HTML_MANAGER_MAJOR = 1  # the 1.0.x line speaks widget protocol 2 (ipywidgets 8)
WIDGETS_BASE_MAJOR = 6  # @jupyter-widgets/base 6 = jupyterlab_widgets 3 / ipywidgets 8

SNAPSHOT_CODE = r'''
def _hp_snapshot_figures():
    """Store a PNG of every ipympl figure in its canvas model (for static HTML)."""
    import base64
    import io

    import ipywidgets
    from ipympl.backend_nbagg import Canvas

    registry = getattr(ipywidgets.widgets.widget, "_instances", None)
    if registry is None:
        registry = ipywidgets.Widget.widgets
    for widget in list(registry.values()):
        if isinstance(widget, Canvas):
            figure = widget.figure
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi="figure")
            widget._data_url = "data:image/png;base64," + base64.b64encode(
                buffer.getvalue()).decode("ascii")
            widget._size = (figure.get_figwidth() * figure.dpi,
                            figure.get_figheight() * figure.dpi)


_hp_snapshot_figures()
del _hp_snapshot_figures
'''


class BuildError(RuntimeError):
    """The handouts cannot be built (missing npm files, version mismatch, unknown widget)."""


# --------------------------------------------------------------------------- npm assets


def _read(node_modules: Path, relative: str) -> str:
    path = node_modules / relative
    if not path.is_file():
        raise BuildError(
            f"{path} is missing: install the pinned browser files with "
            "`npm ci --no-audit --no-fund --ignore-scripts` in the repository root "
            "(make html does it for you)"
        )
    return path.read_text(encoding="utf-8")


def npm_version(package: str, node_modules: Path = NODE_MODULES) -> str:
    data = json.loads(_read(node_modules, f"{package}/package.json"))
    return data["version"]


def python_frontend_version(kind: str, name: str) -> str | None:
    """The front-end version the Python side expects (None when it is not installed)."""
    if kind == "labextension":
        path = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / name / "package.json"
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))["version"]
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def check_versions(node_modules: Path = NODE_MODULES) -> dict[str, str]:
    """Check the npm front ends match the Python packages; return package -> npm version."""
    versions = {HTML_MANAGER: npm_version(HTML_MANAGER, node_modules)}
    base = npm_version("@jupyter-widgets/base", node_modules)
    if int(versions[HTML_MANAGER].split(".")[0]) != HTML_MANAGER_MAJOR or int(
        base.split(".")[0]
    ) != WIDGETS_BASE_MAJOR:
        raise BuildError(
            f"{HTML_MANAGER} {versions[HTML_MANAGER]} with @jupyter-widgets/base {base} does "
            f"not match ipywidgets 8: use html-manager {HTML_MANAGER_MAJOR}.0.x "
            f"(base {WIDGETS_BASE_MAJOR}.x)"
        )
    for package, (kind, name) in FRONTEND_MATCH.items():
        versions[package] = npm_version(package, node_modules)
        wanted = python_frontend_version(kind, name)
        if wanted is not None and wanted != versions[package]:
            raise BuildError(
                f"npm {package} {versions[package]} does not match the Python side "
                f"({name} expects {wanted}): pin {package}@{wanted} in package.json"
            )
    return versions


def escape_script(js: str) -> str:
    """Make JavaScript safe to place inside an inline <script> element."""
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.M)
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.I)
    return js.replace("<!--", "<\\!--")


def inline_fonts(js: str, folder: Path) -> str:
    """Replace the widget manager's font files (fetched next to the page) by data URLs.

    Modern browsers only fetch the woff2 files; the others (eot, ttf, woff, svg) become empty
    data URLs so that no file is ever requested.
    """
    pattern = re.compile(r'[A-Za-z_$][\w$]*\.p\+"([0-9a-f]{20}\.(woff2|woff|ttf|eot|svg))"')

    def swap(match: re.Match) -> str:
        name, ext = match.group(1), match.group(2)
        if ext != "woff2":
            return '"data:,"'
        data = base64.b64encode((folder / name).read_bytes()).decode("ascii")
        return f'"data:font/woff2;base64,{data}"'

    out, count = pattern.subn(swap, js)
    if count == 0:
        raise BuildError("html-manager bundle: font references not found; check its version")
    return out


def amd_named(js: str, module: str) -> str:
    """Wrap an AMD bundle so an anonymous ``define(deps, factory)`` registers as ``module``."""
    return (
        "(function () {\n"
        "  var define = function () {\n"
        "    var args = Array.prototype.slice.call(arguments);\n"
        f"    if (typeof args[0] !== 'string') args.unshift({json.dumps(module)});\n"
        "    return window.define.apply(this, args);\n"
        "  };\n"
        "  define.amd = window.define.amd;\n"
        f"{js}\n"
        "}());"
    )


@dataclass(frozen=True)
class Assets:
    """The browser files a page inlines (JavaScript already escaped for <script>)."""

    require_js: str
    embed_js: str
    widget_modules: dict[str, str]
    mathjax_js: str
    versions: dict[str, str]


_ASSETS: dict[Path, Assets] = {}


def load_assets(node_modules: Path = NODE_MODULES) -> Assets:
    """Read, check and prepare the npm files once per process."""
    node_modules = Path(node_modules)
    if node_modules in _ASSETS:
        return _ASSETS[node_modules]
    versions = check_versions(node_modules)
    dist = node_modules / HTML_MANAGER / "dist"
    embed = inline_fonts(_read(node_modules, f"{HTML_MANAGER}/dist/embed-amd.js"), dist)
    modules = {
        name: escape_script(amd_named(_read(node_modules, rel), name))
        for name, rel in WIDGET_MODULES.items()
    }
    assets = Assets(
        require_js=escape_script(_read(node_modules, "requirejs/require.js")),
        embed_js=escape_script(embed),
        widget_modules=modules,
        mathjax_js=escape_script(_read(node_modules, "mathjax/es5/tex-svg-full.js")),
        versions=versions,
    )
    _ASSETS[node_modules] = assets
    return assets


# --------------------------------------------------------------------------- notebooks

MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$\w])\$[^\s$][^$\n]*?\$(?![\w$])|\\\(|\\\[", re.S)


def has_math(nb) -> bool:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and MATH.search(cell.source):
            return True
        for output in cell.get("outputs", []):
            if "text/latex" in output.get("data", {}):
                return True
    return False


def widget_state(nb) -> dict:
    widgets = nb.metadata.get("widgets", {})
    return widgets.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})


def widget_modules_used(nb) -> set[str]:
    modules = set()
    for model in widget_state(nb).values():
        for key in ("model_module", "_model_module", "_view_module"):
            name = model.get(key) or model.get("state", {}).get(key)
            if name:
                modules.add(name)
    return modules


def check_widget_modules(nb, name: str) -> None:
    missing = widget_modules_used(nb) - BUILTIN_MODULES - set(WIDGET_MODULES)
    if missing:
        raise BuildError(
            f"{name}: widgets from {sorted(missing)} have no offline front end; add the npm "
            "package (version matching the Python one) to package.json and WIDGET_MODULES in "
            "tools/build_html.py"
        )


def blank_canvases(nb) -> list[str]:
    """Model ids of ipympl canvases whose stored state has no picture."""
    return [
        model_id
        for model_id, model in widget_state(nb).items()
        if model.get("model_name") == "MPLCanvasModel" and not model["state"].get("_data_url")
    ]


def execute_with_snapshots(nb, path: Path, timeout: int = 300):
    """Run a copy of ``nb`` in a fresh kernel; store figure pictures in the widget state."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = copy.deepcopy(nb)
    nb.cells.append(nbformat.v4.new_code_cell(SNAPSHOT_CODE))
    env_backend = os.environ.pop("MPLBACKEND", None)  # the kernel must use ipympl
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        raise BuildError(f"{path.name}: a cell raised an error while building\n{exc}") from None
    finally:
        if env_backend is not None:
            os.environ["MPLBACKEND"] = env_backend
    nb.cells.pop()
    return nb


# --------------------------------------------------------------------------- lesson facts


@dataclass(frozen=True)
class Lesson:
    """What the index shows about one lesson."""

    stem: str
    title: str
    summary: str
    minutes: int | None

    @property
    def href(self) -> str:
        return f"{self.stem}.html"


def _first_heading(nb) -> tuple[str, str]:
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.strip().splitlines()
        if lines and lines[0].startswith("# "):
            title = lines[0][2:].strip()
            rest = "\n".join(lines[1:]).strip().split("\n\n")[0]
            return title, " ".join(rest.split())
    return "", ""


_MINUTES = re.compile(
    r"\|\s*\**\s*(?:Time|Total)\s*\**\s*\|\s*\**\s*(?:about\s+)?(\d+)", re.I
)


def lesson_minutes(nb) -> int | None:
    """Minutes from the lesson's 'Time and prerequisites' table (Time or Total row)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "time and prerequisites" in cell.source.lower():
            section = cell.source[cell.source.lower().index("time and prerequisites"):]
            match = _MINUTES.search(section)
            if match:
                return int(match.group(1))
    return None


def _plain(markdown: str) -> str:
    """Markdown inline text to plain text (links, emphasis and code marks removed)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[*_`]", "", text)


def lesson_info(nb, stem: str) -> Lesson:
    title, summary = _first_heading(nb)
    return Lesson(stem, _plain(title) or stem, _plain(summary), lesson_minutes(nb))


# --------------------------------------------------------------------------- pages


def _link_lessons(page: str, stems: set[str]) -> str:
    """Links to another lesson's .ipynb point at its handout instead."""

    def swap(match: re.Match) -> str:
        stem, anchor = match.group(2), match.group(3) or ""
        if stem in stems:
            return f'{match.group(1)}"{stem}.html{anchor}"'
        return match.group(0)

    return re.sub(r'(href=)"(?:\./)?([\w.-]+)\.ipynb(#[^"]*)?"', swap, page)


def exporter(template: str = "handout", exporter_class=None, **config):
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    cls = exporter_class or HTMLExporter
    c = Config()
    for key, value in config.items():
        setattr(c[cls.__name__], key, value)
    return cls(
        config=c,
        template_name=template,
        extra_template_basedirs=[str(TEMPLATES)],
        extra_template_paths=[str(TEMPLATES)],  # shared partials: 'handout/....j2'
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def page_resources(nb, lesson: Lesson, lessons: list[Lesson], assets: Assets) -> dict:
    stems = [item.stem for item in lessons]
    index = stems.index(lesson.stem) if lesson.stem in stems else -1
    previous = lessons[index - 1] if index > 0 else None
    following = lessons[index + 1] if 0 <= index < len(lessons) - 1 else None
    return {
        "metadata": {"name": lesson.stem},
        "handout": {
            "require_js": assets.require_js,
            "embed_js": assets.embed_js,
            "widget_modules": list(assets.widget_modules.values()),
            "mathjax_js": assets.mathjax_js if has_math(nb) else "",
            "cdn": NO_CDN,
            "title": lesson.title,
            "minutes": lesson.minutes,
            "previous": previous,
            "next": following,
        },
    }


def render_lesson(nb, lesson: Lesson, lessons: list[Lesson], assets: Assets, export=None) -> str:
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = lesson.title
    export = export or exporter()
    body, _ = export.from_notebook_node(nb, resources=page_resources(nb, lesson, lessons, assets))
    return _link_lessons(body, {item.stem for item in lessons})


INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
       background: #fff; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.8rem; margin-bottom: .25rem; }
ol { padding-left: 0; list-style: none; }
li { border: 1px solid #767676; border-radius: 6px; padding: .75rem 1rem; margin: .75rem 0; }
li a { font-size: 1.15rem; font-weight: 600; color: #0b5394; }
li a:focus { outline: 3px solid #0072b2; outline-offset: 2px; }
.minutes { color: #333; font-size: .95rem; }
.note { background: #f3f3f3; border-left: 4px solid #0072b2; padding: .5rem 1rem; }
"""


def render_index(lessons: list[Lesson]) -> str:
    items = []
    for lesson in lessons:
        minutes = f"about {lesson.minutes} minutes" if lesson.minutes else "time not stated"
        items.append(
            f'<li><a href="{html.escape(lesson.href)}">{html.escape(lesson.title)}</a>'
            f' <span class="minutes">({minutes})</span>'
            f"<p>{html.escape(lesson.summary)}</p></li>"
        )
    total = sum(item.minutes or 0 for item in lessons)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plantar fasciitis and massage: lesson handouts</title>
<style>{INDEX_CSS}</style>
</head>
<body>
<main>
<h1>Plantar fasciitis and massage: lesson handouts</h1>
<p>{len(lessons)} lessons, about {total} minutes in all. Take them in order.</p>
<p class="note">These pages work without internet and without Python. Each figure and control
shows the values the lesson was saved with; moving a control here does not change the figure.
To explore the models, open the notebooks in JupyterLab (<code>make lab</code>).</p>
<ol>
{chr(10).join(items)}
</ol>
</main>
</body>
</html>
"""


# --------------------------------------------------------------------------- build


def notebook_paths(paths=None) -> list[Path]:
    if paths:
        return [Path(p).resolve() for p in paths]
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def prepare(path: Path, execute: bool = True):
    """Read a lesson, run it (figure pictures stored) if asked, and check its widgets."""
    nb = nbformat.read(path, as_version=4)
    if execute:
        nb = execute_with_snapshots(nb, path)
    check_widget_modules(nb, path.name)
    return nb


#: Lessons already run in this process, by (path, modification time): building the handouts
#: and then the slides (as the browser test does) runs each lesson once, not twice.
_PREPARED: dict = {}


def prepare_all(paths: list[Path], execute: bool = True, log=print, workers: int = 2) -> dict:
    """:func:`prepare` every lesson, ``workers`` at a time (each runs in its own kernel
    process, so the threads here only wait); return stem -> notebook, in the order given."""
    def one(path):
        key = (str(path), path.stat().st_mtime_ns, execute)
        if key not in _PREPARED:
            tick = time.perf_counter()
            nb = prepare(path, execute)
            if not execute and blank_canvases(nb):
                log(f"warning: {path.name}: stored ipympl figures have no picture; "
                    "build without --no-execute to show them")
            log(f"{path.name}: ready in {time.perf_counter() - tick:.1f} s")
            _PREPARED[key] = nb
        return copy.deepcopy(_PREPARED[key])

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        done = list(pool.map(one, paths))
    return {path.stem: nb for path, nb in zip(paths, done)}


def build(paths=None, out: Path = DEFAULT_OUT, execute: bool = True,
          node_modules: Path = NODE_MODULES, log=print) -> dict[str, Path]:
    """Build the handouts into ``out``; return page name -> path (index included)."""
    start = time.perf_counter()
    assets = load_assets(node_modules)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = notebook_paths(paths)
    if not paths:
        raise BuildError("no notebooks to build")
    notebooks = prepare_all(paths, execute, log)
    lessons = [lesson_info(nb, stem) for stem, nb in notebooks.items()]
    export = exporter()
    pages = {}
    for lesson in lessons:
        page = out / lesson.href
        page.write_text(
            render_lesson(notebooks[lesson.stem], lesson, lessons, assets, export),
            encoding="utf-8",
        )
        pages[lesson.stem] = page
        log(f"{page.name}: {page.stat().st_size / 1e6:.1f} MB")
    index = out / "index.html"
    index.write_text(render_index(lessons), encoding="utf-8")
    pages["index"] = index
    log(f"built {len(lessons)} handouts and index.html in {out} "
        f"in {time.perf_counter() - start:.1f} s")
    return pages


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="lessons to build (default: all)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--no-execute", action="store_true",
                        help="use the stored outputs and widget state as they are")
    args = parser.parse_args(argv)
    try:
        build(args.notebooks, args.out, execute=not args.no_execute)
    except BuildError as exc:
        print(f"make html: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
