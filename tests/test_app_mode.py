"""App mode (make app): Voila's settings and template, and the lesson cells it leaves out.
The real page is driven in tests/browser/test_app_mode_browser.py."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VOILA = ROOT / "tools" / "voila"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
JUPYTERLAB_ONLY = re.compile(r"Shift \+ Enter|[Rr]un this cell")


def test_app_mode_settings_stay_on_loopback_and_cull_idle_kernels():
    config = json.loads((VOILA / "voila.json").read_text())
    assert config["Voila"]["ip"] == "127.0.0.1"
    assert config["Voila"]["open_browser"] is False
    assert config["VoilaConfiguration"]["template"] == "course"
    cull = config["MappingKernelManager"]
    assert 0 < cull["cull_interval"] <= 60 and 0 < cull["cull_idle_timeout"] <= 600
    assert cull["cull_connected"] is False, "an open page must keep its kernel"


def test_app_template_leaves_out_tagged_cells_and_loads_nothing_from_a_cdn():
    template = (VOILA / "templates" / "course" / "index.html.j2").read_text()
    code = re.sub(r"\{#.*?#\}", "", template, flags=re.S)
    assert "hide-in-app" in code
    page = (VOILA / "templates" / "course" / "page.html").read_text()
    assert "{% block body %}" in page and not re.search(r"https?://", page)
    assert not re.search(r"https?://", code), "the app template must not load anything remote"
    assert json.loads((VOILA / "templates" / "course" / "conf.json").read_text()) == {
        "base_template": "lab"}


def test_make_app_uses_the_course_settings():
    makefile = (ROOT / "Makefile").read_text()
    assert "JUPYTER_CONFIG_PATH=\"$(CURDIR)/tools/voila\"" in makefile
    assert "JUPYTER_PATH=\"$(CURDIR)/tools\"" in makefile
    assert re.search(r"^app: ", makefile, re.M)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_jupyterlab_only_cells_are_left_out_of_app_mode(path):
    """A note on running cells, and the code route of an exercise (my_answer = None), only make
    sense in JupyterLab: they carry the tag hide-in-app. Nothing else is hidden."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        tags = cell.get("metadata", {}).get("tags", [])
        setup_note = cell["cell_type"] == "markdown" and source.startswith("## Setup") \
            and bool(JUPYTERLAB_ONLY.search(source))
        code_route = cell["cell_type"] == "code" and source.startswith("my_answer = None")
        if setup_note or code_route:
            assert "hide-in-app" in tags, f"{path.name}, cell {i + 1} shows in app mode: {source[:60]!r}"
        else:
            assert "hide-in-app" not in tags, f"{path.name}, cell {i + 1} is hidden in app mode"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_text_shown_in_app_mode_never_points_at_code(path):
    """App mode hides the code route, so the text it shows sends the reader to the box or menu
    only; the offer to answer in code lives in the hidden code cell's comment."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] != "markdown" or "hide-in-app" in cell.get("metadata", {}).get("tags", []):
            continue
        if source.startswith("**Your turn"):
            assert not re.search(r"\bin code\b|code cell|if you program", source), \
                f"{path.name}, cell {i + 1} tells an app-mode reader to answer in code"
