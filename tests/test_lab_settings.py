"""The install switches off JupyterLab's news pop-up and update check (offline classrooms)."""

import json
from pathlib import Path

import pytest

from support import load_script

ROOT = Path(__file__).resolve().parent.parent
LAB = load_script(ROOT / "tools" / "lab_settings.py")
PLUGIN = "@jupyterlab/apputils-extension:notification"


def test_overrides_switch_off_news_and_update_checks(tmp_path):
    path = LAB.write_overrides(tmp_path)
    data = json.loads(path.read_text())
    assert data[PLUGIN] == {"fetchNews": "false", "checkForUpdates": False}
    assert path == tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def test_overrides_keep_what_the_file_already_holds(tmp_path):
    path = LAB.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
                                PLUGIN: {"doNotDisturbMode": True}}))
    data = json.loads(LAB.write_overrides(tmp_path).read_text())
    assert data["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert data[PLUGIN] == {"doNotDisturbMode": True, "fetchNews": "false", "checkForUpdates": False}


def test_a_broken_overrides_file_is_reported_not_overwritten(tmp_path):
    path = LAB.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(SystemExit, match="overrides.json is not valid JSON"):
        LAB.write_overrides(tmp_path)
    assert path.read_text() == "{not json"


def test_the_install_writes_them():
    makefile = (ROOT / "Makefile").read_text()
    assert "tools/lab_settings.py" in makefile
