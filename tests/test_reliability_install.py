"""The install check's suggested fix really fixes: break a copy of the course's venv, run the
command the check suggests, and check again.

The copy shares the installed files of ``lib/`` with the course's venv through hard links (so it
takes seconds, not a fresh install); ``pip uninstall`` removes only the copy's links, and pip
writes new files rather than rewriting old ones, so the course's own venv is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import check

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)


def _clone_venv(dst: Path) -> Path:
    dst.mkdir()
    for item in VENV.iterdir():
        if item.name == "lib":
            subprocess.run(["cp", "-al", str(item), str(dst / "lib")], check=True)
        elif item.is_dir() and not item.is_symlink():
            shutil.copytree(item, dst / item.name, symlinks=True)
        else:
            shutil.copy2(item, dst / item.name, follow_symlinks=False)
    return dst


def _run(args, **kw):
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=900,
                          **kw)


def test_every_fix_the_check_prints_is_make_repair_or_a_command_that_repairs():
    bad = [(False, "ipympl missing", check.FIX_INSTALL),
           (False, "lab extension jupyter-matplotlib not installed", check.FIX_INSTALL)]
    plan = check.repair_plan(bad)
    assert plan and "--force-reinstall" in plan[0] and "ipympl" in plan[0]
    assert "make repair" in check.FIX_INSTALL
    disabled = [(False, "lab extension jupyter-matplotlib is disabled (in x)", "")]
    assert check.repair_plan(disabled)[0][-3:] == ["labextension", "enable", "jupyter-matplotlib"]
    assert check.repair_plan([(True, "ipympl 0.10.0", "")]) == []


@pytest.mark.skipif(not (VENV / "pyvenv.cfg").is_file() or shutil.which("make") is None,
                    reason="needs the course's venv and make")
def test_make_repair_restores_uninstalled_ipympl_and_jupyterlab_widgets(tmp_path):
    venv = _clone_venv(tmp_path / "venv")
    python = str(venv / "bin" / "python")
    for package in ("ipympl", "jupyterlab_widgets"):
        done = _run([python, "-m", "pip", "uninstall", "-y", "--quiet", package])
        assert done.returncode == 0, done.stderr
    broken = _run([python, "-m", "helpers.check"])
    assert broken.returncode == 1
    assert "ipympl missing" in broken.stdout and "jupyterlab_widgets missing" in broken.stdout
    assert "make install`" not in broken.stdout and "make repair" in broken.stdout
    fixed = _run(["make", "--no-print-directory", "repair", f"VENV={venv}"])
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    again = _run([python, "-m", "helpers.check"])
    assert again.returncode == 0, again.stdout
    # a second `make install` finds nothing to repair, and the course's own venv is intact
    assert _run(["make", "--no-print-directory", "install", f"VENV={venv}"]).returncode == 0
    assert _run([sys.executable, "-m", "helpers.check", "--quiet"]).returncode == 0


@pytest.mark.skipif(not (VENV / "pyvenv.cfg").is_file() or shutil.which("make") is None,
                    reason="needs the course's venv and make")
def test_make_install_repairs_a_deleted_front_end_instead_of_nothing_to_be_done(tmp_path):
    venv = _clone_venv(tmp_path / "venv")
    python = str(venv / "bin" / "python")
    (venv / ".installed").touch()
    shutil.rmtree(venv / "share" / "jupyter" / "labextensions" / "jupyter-matplotlib")
    broken = _run([python, "-m", "helpers.check"])
    assert broken.returncode == 1 and "jupyter-matplotlib not installed" in broken.stdout
    fixed = _run(["make", "--no-print-directory", "install", f"VENV={venv}"])
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Nothing to be done" not in fixed.stdout
    assert _run([python, "-m", "helpers.check"]).returncode == 0
