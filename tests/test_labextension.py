"""The course's JupyterLab extension (labextension/): what it relies on in ipympl's and the
widget manager's shipped browser code, that the install puts the built copy in place, and that
the install check finds it. Its effect in JupyterLab is checked in
tests/browser/test_figure_copy_browser.py; that the committed build is what its source builds
to, in tests/browser/test_labextension_build.py (it needs Node.js)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from helpers import check
from support import load_script

ROOT = Path(__file__).resolve().parent.parent
LAB = load_script(ROOT / "tools" / "lab_settings.py")
BUILT = ROOT / "labextension" / "built"
SOURCE = (ROOT / "labextension" / "src" / "index.js").read_text(encoding="utf-8")


def _shipped(name: str) -> list[str]:
    folder, _ = check.find_extension(name)
    if folder is None:
        pytest.skip(f"{name} is not installed in this environment")
    return [p.read_text(encoding="utf-8") for p in sorted((folder / "static").glob("*.js"))]


def _method(code: str, name: str) -> str:
    """The body of the minified method ``name(...){...}`` (braces counted)."""
    start = re.search(rf"\b{name}\((?:[\w,=]|\{{\}})*\)\{{", code).end() - 1
    depth = 0
    for at in range(start, len(code)):
        depth += {"{": 1, "}": -1}.get(code[at], 0)
        if depth == 0:
            return code[start:at + 1]
    raise AssertionError(f"{name} has no end")


def test_ipympl_still_copies_the_picture_in_handle_binary_where_the_extension_defers_it():
    canvases = [code for code in _shipped("jupyter-matplotlib") if "class" in code and "handle_binary(" in code]
    assert canvases, "ipympl's canvas model (handle_binary) is no longer in its shipped code"
    for code in canvases:
        body = _method(code, "handle_binary")
        # the one copy the extension answers from the copy it has, and the image it loads
        assert body.count("toDataURL") == 1 and 'this.set("_data_url",this.offscreen_canvas.toDataURL())' in body
        assert ".image.src=" in body
        # the new picture reaches the offscreen canvas in the image's onload handler, after which
        # the extension's load listener marks the copy stale
        assert "this.image.onload=" in _method(code, "_init_image")
        assert "this.offscreen_context.drawImage(this.image,0,0)" in _method(code, "_init_image")
        # the model keeps the widget base's get_state, which the extension wraps
        assert not re.search(r"\bget_state\([\w,]*\)\{", code)
        # and never sends the copy to the kernel
        assert "delete" in _method(code, "sync") and "_data_url" in _method(code, "sync")


def test_a_saved_widget_state_reads_each_model_through_get_state():
    managers = [code for code in _shipped("@jupyter-widgets/jupyterlab-manager") if "remove_buffers" in code]
    assert any(re.search(r"remove_buffers\)\([\w.]+\.serialize\([\w.]+\.get_state\(", c) for c in managers), \
        "the widget manager no longer serialises models through get_state"


def test_the_extension_touches_only_ipympls_canvas_model_and_checks_it_first():
    assert "const MODULE = 'jupyter-matplotlib';" in SOURCE and "const MODEL = 'MPLCanvasModel';" in SOURCE
    assert "String(proto.handle_binary).includes('toDataURL')" in SOURCE


def test_the_built_extension_is_the_one_the_package_describes():
    package = json.loads((BUILT / "package.json").read_text(encoding="utf-8"))
    source = json.loads((ROOT / "labextension" / "package.json").read_text(encoding="utf-8"))
    assert package["name"] == source["name"] == LAB.EXTENSION_NAME == check.COURSE_EXTENSION
    assert (BUILT / package["jupyterlab"]["_build"]["load"]).is_file()
    # the package carries it as data files: every built file, and nothing else under that name
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"share/jupyter/labextensions/plantar-course-canvas" = ["labextension/built/package.json"]' in pyproject
    assert '"share/jupyter/labextensions/plantar-course-canvas/static" = ["labextension/built/static/*"]' in pyproject
    assert {p.parent.name for p in BUILT.rglob("*") if p.is_file()} == {"built", "static"}


def test_the_install_puts_the_built_copy_in_place_and_replaces_an_older_one(tmp_path):
    target = LAB.install_extension(tmp_path)
    assert target == tmp_path / "share" / "jupyter" / "labextensions" / "plantar-course-canvas"
    files = sorted(p.relative_to(BUILT) for p in BUILT.rglob("*") if p.is_file())
    assert sorted(p.relative_to(target) for p in target.rglob("*") if p.is_file()) == files
    (target / "static" / "remoteEntry.old.js").write_text("old")
    LAB.install_extension(tmp_path)
    assert not (target / "static" / "remoteEntry.old.js").exists()
    assert [p.name for p in target.parent.iterdir()] == ["plantar-course-canvas"]  # no staging left


def test_the_install_says_what_to_do_when_there_is_no_build(tmp_path):
    with pytest.raises(SystemExit, match="holds no built extension; run make labextension"):
        LAB.install_extension(tmp_path / "prefix", built=tmp_path / "empty")
    assert not (tmp_path / "prefix").exists()


def test_this_environment_has_the_built_copy():
    if sys.prefix == sys.base_prefix:
        pytest.skip("not in the course's environment")
    folder, version = check.find_extension(check.COURSE_EXTENSION)
    assert folder is not None, "the course's JupyterLab extension is not installed: run make repair"
    installed = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    built = json.loads((BUILT / "package.json").read_text(encoding="utf-8"))
    assert installed["jupyterlab"]["_build"] == built["jupyterlab"]["_build"], \
        "an older build of the course's extension is installed: run make repair"


def test_the_check_reports_a_missing_course_extension_and_repair_installs_it():
    missing = [(False, f"lab extension {check.COURSE_EXTENSION} not installed", "")]
    assert check.repair_plan(missing) == [[sys.executable, str(ROOT / "tools" / "lab_settings.py")]]
    disabled = [(False, f"lab extension {check.COURSE_EXTENSION} is disabled (in x)", "")]
    assert check.repair_plan(disabled) == [[sys.executable, "-m", "jupyter", "labextension", "enable",
                                            check.COURSE_EXTENSION]]
