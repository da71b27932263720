"""tools/build_slides.py (slide metadata) and the pure parts of tools/build_html.py; no browser,
no kernel, no npm files needed."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    if name in sys.modules:
        return sys.modules[name]
    sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build_html = _load("build_html")
build_slides = _load("build_slides")


def tiny_notebook():
    v4 = nbformat.v4
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_markdown_cell("# 09 A tiny lesson\n\nWhat it teaches."),
        v4.new_markdown_cell("## Learning objectives\n\n1. one"),
        v4.new_code_cell("%matplotlib widget\nimport helpers as hp\nhp.setup()"),
        v4.new_markdown_cell("## 1. A section\n\nSome text."),
        v4.new_code_cell("app = make_app()\napp", metadata={"tags": ["nbval-ignore-output"]}),
        v4.new_code_cell("print(1)", execution_count=3, outputs=[
            v4.new_output("stream", name="stdout", text="1\n")]),
        v4.new_markdown_cell("### A detail\n\nMore."),
        v4.new_markdown_cell("**Key point.** The main idea."),
        v4.new_markdown_cell("> **Key point.** Said in a callout."),
        v4.new_markdown_cell("Plain text after the key point."),
    ]
    nb.cells[5].metadata["tags"] = ["keep-me"]
    return nb


def test_slide_types_follow_the_headings():
    nb = build_slides.add_slide_metadata(tiny_notebook())
    kinds = [cell.metadata["slideshow"]["slide_type"] for cell in nb.cells]
    assert kinds == ["slide", "slide", "skip", "slide", "subslide", "-", "subslide",
                     "fragment", "fragment", "-"]


def test_only_slide_metadata_changes():
    before = tiny_notebook()
    after = build_slides.add_slide_metadata(before)
    assert "slideshow" not in before.cells[0].metadata  # the input is not modified
    for old, new in zip(before.cells, after.cells, strict=True):
        new_metadata = dict(new.metadata)
        new_metadata.pop("slideshow")
        assert new_metadata == old.metadata
        assert new.source == old.source
        assert new.get("outputs") == old.get("outputs")
        assert new.get("execution_count") == old.get("execution_count")
        assert new.get("id") == old.get("id")
    assert after.metadata == before.metadata


def test_first_cell_always_starts_a_slide():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("No heading here.")])
    assert build_slides.add_slide_metadata(nb).cells[0].metadata.slideshow.slide_type == "slide"


def test_idempotent_and_valid():
    once = build_slides.add_slide_metadata(tiny_notebook())
    twice = build_slides.add_slide_metadata(once)
    assert twice == once
    nbformat.validate(once)


def test_write_mode_changes_only_slide_metadata(tmp_path):
    nb = tiny_notebook()
    path = tmp_path / "09-tiny.ipynb"
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    assert build_slides.write_metadata(path) is True
    written = json.loads(path.read_text())
    assert [c["metadata"]["slideshow"]["slide_type"] for c in written["cells"]][:3] == [
        "slide", "slide", "skip"]
    assert written["cells"][5]["outputs"] == nb.cells[5]["outputs"]
    assert written["cells"][5]["execution_count"] == 3
    text = path.read_text()
    assert build_slides.write_metadata(path) is False  # nothing left to change
    assert path.read_text() == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["markdown", "code", "raw"]), st.text(max_size=60)),
                min_size=1, max_size=12))
def test_any_notebook_gets_a_valid_slide_type(cells):
    v4 = nbformat.v4
    makers = {"markdown": v4.new_markdown_cell, "code": v4.new_code_cell,
              "raw": v4.new_raw_cell}
    nb = v4.new_notebook(cells=[makers[kind](text) for kind, text in cells])
    out = build_slides.add_slide_metadata(nb)
    kinds = [cell.metadata["slideshow"]["slide_type"] for cell in out.cells]
    assert all(kind in build_slides.SLIDE_TYPES for kind in kinds)
    assert kinds[0] in ("slide", "skip")
    assert [cell.source for cell in out.cells] == [text for _, text in cells]


def test_lesson_notebooks_get_a_slide_per_numbered_section():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = build_slides.add_slide_metadata(nbformat.read(path, as_version=4))
        for cell in nb.cells:
            first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            if cell.cell_type == "markdown" and first.startswith("## "):
                assert cell.metadata.slideshow.slide_type == "slide", (path.name, first)


# ----------------------------------------------------------------- build_html pure parts


def test_lesson_info_reads_title_summary_and_minutes():
    nb = tiny_notebook()
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(
        "## Time and prerequisites\n\n| | |\n|---|---|\n| Time | about 25 minutes |\n"))
    info = build_html.lesson_info(nb, "09-tiny")
    assert (info.title, info.summary, info.minutes, info.href) == (
        "09 A tiny lesson", "What it teaches.", 25, "09-tiny.html")
    table = "## Time and prerequisites\n\n| Part | Minutes |\n|---|---|\n| A | 5 |\n" \
            "| **Total** | **about 45** |\n"
    nb.cells[1] = nbformat.v4.new_markdown_cell(table)
    assert build_html.lesson_minutes(nb) == 45
    nb.cells.pop(1)
    assert build_html.lesson_minutes(nb) is None


def test_links_to_lessons_point_at_handouts():
    page = ('<a href="01-causes.ipynb">x</a> <a href="./02-b.ipynb#part">y</a> '
            '<a href="other.ipynb">z</a> <a href="https://e.org/01-causes.ipynb">w</a>')
    out = build_html._link_lessons(page, {"01-causes", "02-b"})
    assert 'href="01-causes.html"' in out and 'href="02-b.html#part"' in out
    assert 'href="other.ipynb"' in out and "https://e.org/01-causes.ipynb" in out


def test_scripts_cannot_close_their_element():
    js = 'var a = "</script><!-- x";\n//# sourceMappingURL=a.js.map\n'
    out = build_html.escape_script(js)
    assert "</script" not in out.lower() and "<!--" not in out and "sourceMappingURL" not in out


def test_anonymous_amd_module_gets_its_name():
    wrapped = build_html.amd_named('define(["@jupyter-widgets/base"], f);', "anywidget")
    assert 'args.unshift("anywidget")' in wrapped and wrapped.startswith("(function () {")


def test_unknown_widget_module_is_refused():
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {
        "a": {"model_module": "@jupyter-widgets/controls", "model_name": "IntSliderModel",
              "state": {}},
        "b": {"model_module": "some-widget-lib", "model_name": "X", "state": {}},
    }}}
    with pytest.raises(build_html.BuildError, match="some-widget-lib"):
        build_html.check_widget_modules(nb, "09-tiny.ipynb")
    del nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]["b"]
    build_html.check_widget_modules(nb, "09-tiny.ipynb")


def test_math_detection():
    v4 = nbformat.v4
    with_math = v4.new_notebook(cells=[v4.new_markdown_cell("Rate $\\lambda$ per minute.")])
    money = v4.new_notebook(cells=[v4.new_markdown_cell("It costs $5 or $10 a session.")])
    assert build_html.has_math(with_math) and not build_html.has_math(money)


def test_index_lists_lessons_in_order():
    lessons = [build_html.Lesson("00-a", "Start <here>", "First.", 10),
               build_html.Lesson("01-b", "Causes", "Second.", None)]
    page = build_html.render_index(lessons)
    assert page.index('href="00-a.html"') < page.index('href="01-b.html"')
    assert "Start &lt;here&gt;" in page and "about 10 minutes" in page
    assert "time not stated" in page
