"""Slides for teaching from the lessons: slide metadata for each cell, and offline reveal.js export.

    python tools/build_slides.py [--out build/slides] [--no-execute] [notebooks/01-causes.ipynb ...]
    python tools/build_slides.py --write [notebooks/01-causes.ipynb ...]

The first form exports build/slides/<lesson>.slides.html with nbconvert's slides exporter.
reveal.js comes from node_modules (npm ci, pinned in package-lock.json) and is copied to
build/slides/reveal.js/, so the slides work offline from file:// as long as that folder stays
next to them; require.js, the widget manager and the ipympl front end are inlined as in the
handouts (tools/build_html.py), so widgets show their stored state. Code is hidden: a slide
shows the text and the outputs. Slide metadata is (re)computed in memory for the export, so
lessons without stored metadata still give sensible slides.

The second form (--write) stores the slide metadata in the notebooks themselves (for the
JupyterLab slide tools), touching nothing but ``cell.metadata.slideshow``: outputs, execution
counts and ids stay as they were; the file is written in the layout tools/execute_notebooks.py
uses, and only when something changed.

Rules of add_slide_metadata, in order:
- a markdown cell whose first line is a ``#`` or ``##`` heading starts a slide;
- a markdown cell whose first line is a ``###`` heading starts a subslide;
- the setup cell (``%matplotlib widget`` ...) is skipped: it shows nothing;
- a code cell that displays a widget app (tagged ``nbval-ignore-output``) starts a subslide,
  so each interactive figure gets a screen of its own below the slide that introduces it;
  an exercise's answer box (``hp.exercises.ask(...)``) stays on the slide of its question;
- a markdown cell opening with ``**Key point.**`` (or ``> **Key point.**``) is a fragment:
  it appears on the next click, after the class has discussed the figure;
- every other cell continues the current slide (``-``).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_html  # noqa: E402  (tools/ is not a package)

ROOT = build_html.ROOT
DEFAULT_OUT = ROOT / "build" / "slides"
REVEAL_DIR = "reveal.js"  # folder next to the slides, also the reveal_url_prefix
REVEAL_FILES = ("dist", "plugin/notes")
THEME = "white"  # reveal.js theme with local fonts only
REMOTE_IMPORT = re.compile(r"@import url\((?:https?:)?//[^)]*\);?\n?")
SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "skip", "notes")

_HEADING = re.compile(r"^(#{1,6})\s+\S")
_KEY_POINT = re.compile(r"^(?:>\s*)?\*\*Key point\.?\*\*", re.I)
_SETUP = "%matplotlib widget"


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def slide_type(cell) -> str:
    """The slide type one cell gets under the rules in this module's docstring."""
    text = _source(cell).strip()
    first = text.splitlines()[0] if text else ""
    if cell.get("cell_type") == "markdown":
        heading = _HEADING.match(first)
        if heading:
            return "slide" if len(heading.group(1)) <= 2 else "subslide"
        if _KEY_POINT.match(first):
            return "fragment"
        return "-"
    if cell.get("cell_type") == "code":
        if first == _SETUP:
            return "skip"
        if first.startswith("hp.exercises.ask("):
            return "-"
        if "nbval-ignore-output" in cell.get("metadata", {}).get("tags", []):
            return "subslide"
    return "-"


def add_slide_metadata(nb):
    """A copy of ``nb`` with ``metadata.slideshow.slide_type`` set on every cell.

    Only that key changes: sources, outputs, execution counts, ids and other metadata are
    copied as they are. The first cell always starts a slide (reveal.js needs one).
    """
    nb = copy.deepcopy(nb)
    for number, cell in enumerate(nb["cells"]):
        kind = slide_type(cell)
        if number == 0 and kind in ("-", "fragment", "subslide"):
            kind = "slide"
        cell.setdefault("metadata", {})
        cell["metadata"]["slideshow"] = {"slide_type": kind}
    return nb


def _dump(nb) -> str:
    """The notebook file text, in the layout tools/execute_notebooks.py writes."""
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def write_metadata(path: Path) -> bool:
    """Store slide metadata in the notebook at ``path``; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    updated = _dump(add_slide_metadata(nb))
    nbformat.validate(nbformat.reads(updated, as_version=4))
    if updated == text:
        return False
    path.write_text(updated, encoding="utf-8")
    return True


def copy_reveal(out: Path, node_modules: Path = build_html.NODE_MODULES) -> Path:
    """Copy the reveal.js files the slides use next to them; return the copied folder."""
    source = node_modules / "reveal.js"
    if not (source / "dist" / "reveal.js").is_file():
        raise build_html.BuildError(
            f"{source} is missing: run `npm ci --no-audit --no-fund --ignore-scripts` in the "
            "repository root (make slides does it for you)"
        )
    target = out / REVEAL_DIR
    for part in REVEAL_FILES:
        shutil.copytree(source / part, target / part, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.map", "*.esm.js"))
    shutil.copy2(source / "LICENSE", target / "LICENSE")
    # some themes import web fonts from Google; offline those fail, so drop the imports
    for css in (target / "dist" / "theme").glob("*.css"):
        text = css.read_text(encoding="utf-8")
        local = REMOTE_IMPORT.sub("", text)
        if local != text:
            css.write_text(local, encoding="utf-8")
    return target


def render_slides(nb, lesson, lessons, assets, export=None) -> str:
    from nbconvert import SlidesExporter

    nb = add_slide_metadata(nb)
    nb.metadata["title"] = lesson.title
    export = export or build_html.exporter(
        "slides", SlidesExporter, reveal_url_prefix=REVEAL_DIR, reveal_theme=THEME, reveal_scroll=True,
        exclude_input=True,
    )
    resources = build_html.page_resources(nb, lesson, lessons, assets)
    body, _ = export.from_notebook_node(nb, resources=resources)
    return body


def build(paths=None, out: Path = DEFAULT_OUT, execute: bool = True,
          node_modules: Path = build_html.NODE_MODULES, log=print) -> dict[str, Path]:
    """Export every lesson's slides into ``out``; return lesson -> path."""
    from nbconvert import SlidesExporter

    start = time.perf_counter()
    assets = build_html.load_assets(node_modules)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    copy_reveal(out, node_modules)
    paths = build_html.notebook_paths(paths)
    if not paths:
        raise build_html.BuildError("no notebooks to build")
    notebooks = build_html.prepare_all(paths, execute, log)
    lessons = [build_html.lesson_info(nb, stem) for stem, nb in notebooks.items()]
    export = build_html.exporter(
        "slides", SlidesExporter, reveal_url_prefix=REVEAL_DIR, reveal_theme=THEME, reveal_scroll=True,
        exclude_input=True,
    )
    pages = {}
    for lesson in lessons:
        page = out / f"{lesson.stem}.slides.html"
        page.write_text(render_slides(notebooks[lesson.stem], lesson, lessons, assets, export),
                        encoding="utf-8")
        pages[lesson.stem] = page
        log(f"{page.name}: {page.stat().st_size / 1e6:.1f} MB")
    log(f"built {len(pages)} slide decks in {out} in {time.perf_counter() - start:.1f} s "
        f"(keep the {REVEAL_DIR}/ folder next to them)")
    return pages


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="lessons (default: all)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--no-execute", action="store_true",
                        help="use the stored outputs and widget state as they are")
    parser.add_argument("--write", action="store_true",
                        help="store slide metadata in the notebooks instead of exporting")
    args = parser.parse_args(argv)
    if args.write:
        for path in build_html.notebook_paths(args.notebooks):
            changed = write_metadata(path)
            print(f"{path.name}: {'slide metadata written' if changed else 'unchanged'}")
        return 0
    try:
        build(args.notebooks, args.out, execute=not args.no_execute)
    except build_html.BuildError as exc:
        print(f"make slides: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
