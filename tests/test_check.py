"""python -m helpers.check reports a healthy install and names the fix for a broken one."""

import json

from helpers import check


def test_this_install_is_healthy(capsys):
    assert check.main([]) == 0
    out = capsys.readouterr().out
    assert "ipympl" in out and "jupyterlab_widgets" in out and "kernel" in out


def test_a_disabled_widget_extension_is_reported_with_its_fix(tmp_path, monkeypatch, capsys):
    (tmp_path / "labconfig").mkdir()
    (tmp_path / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyter-widgets/jupyterlab-manager": True}})
    )
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))
    assert check.main([]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM" in out and "jupyter labextension enable @jupyter-widgets/jupyterlab-manager" in out
