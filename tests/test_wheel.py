"""The built package carries the course's tables and JupyterLab settings.

A hub, an image or ``pip install .`` installs the package without the checkout beside it. These
tests build the wheel from a copy of the sources, install it into a fresh virtual environment
and run a lesson from a folder outside the repository. To stay fast and offline, the fresh
environment reaches the already-installed dependencies (JupyterLab, ipympl, ...) through a path
file; the course package itself comes only from the wheel.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSON = "01-causes.ipynb"
# what a source distribution holds: the package, the tables, the settings and the metadata
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "helpers", "data", "tools/overrides.json", "labextension/built"]
# a table in a new subfolder of data/ (as data/quizzes/ is), added to the copy only
PROBE = "zz-probe/probe.csv"


def data_files() -> list[str]:
    """Every file under data/, as a path relative to it (subfolders included)."""
    return sorted(p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*")
                  if p.is_file() and not p.name.startswith("."))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        here = ROOT / name
        there = src / name
        there.parent.mkdir(parents=True, exist_ok=True)
        if here.is_dir():
            shutil.copytree(here, there, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "_data"))
        else:
            shutil.copy2(here, there)
    (src / "data" / PROBE).parent.mkdir()
    (src / "data" / PROBE).write_text("key\nx\n")
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "-w", str(out), str(src)],
        capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr
    (built,) = out.glob("plantar_fasciitis_course-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh environment with the wheel installed (not editable); returns its python."""
    home = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(home)], check=True, timeout=120)
    python = home / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_course_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n")
    run = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
         "--quiet", str(wheel)],
        capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr
    return python


def test_the_wheel_holds_every_data_file_and_the_lab_settings(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in data_files() if f"helpers/_data/{f}" not in names]
    assert not missing, f"data files missing from the wheel: {missing}"
    assert "helpers/_data/sources.csv" in names
    (settings,) = [n for n in names if n.endswith(".data/data/share/jupyter/lab/settings/overrides.json")]
    packed = json.loads(zipfile.ZipFile(wheel).read(settings))
    assert packed == json.loads((ROOT / "tools" / "overrides.json").read_text())


def test_the_wheel_holds_the_built_course_extension(wheel):
    """A hub or an image installs the course from the wheel: its JupyterLab extension must come
    with it, every file as built."""
    packed = zipfile.ZipFile(wheel)
    prefix = ".data/data/share/jupyter/labextensions/plantar-course-canvas/"
    inside = {n.split(prefix, 1)[1]: n for n in packed.namelist() if prefix in n}
    built = ROOT / "labextension" / "built"
    assert sorted(inside) == sorted(str(p.relative_to(built)) for p in built.rglob("*") if p.is_file())
    for name, member in inside.items():
        assert packed.read(member) == (built / name).read_bytes(), name


def test_the_wheel_carries_tables_in_new_data_subfolders(wheel):
    """A subfolder of data/ (one file per lesson, such as data/quizzes/) travels with no edit."""
    assert f"helpers/_data/{PROBE}" in zipfile.ZipFile(wheel).namelist()


def test_the_installed_package_finds_its_tables_away_from_the_checkout(venv, tmp_path):
    probe = (
        "import json, sys, helpers, helpers.tables as t\n"
        "for name in t.data_files():\n"
        f"    if not name.startswith({PROBE.split('/')[0]!r}):\n"
        "        t.load_table(name)\n"
        "print(json.dumps({'helpers': helpers.__file__, 'data': str(t.DATA_DIR),"
        " 'tables': t.data_files()}))\n"
    )
    run = subprocess.run([str(venv), "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    prefix = str(venv.parent.parent)
    assert found["helpers"].startswith(prefix), found
    assert found["data"].startswith(prefix) and found["data"].endswith("helpers/_data"), found
    assert "sources" in found["tables"]


def test_the_installed_package_brings_the_course_lab_settings(venv, tmp_path):
    run = subprocess.run([str(venv), "-c", "from jupyterlab.commands import get_app_dir; print(get_app_dir())"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120, check=True)
    app_dir = Path(run.stdout.strip())
    assert str(app_dir).startswith(str(venv.parent.parent))
    settings = json.loads((app_dir / "settings" / "overrides.json").read_text())
    notification = settings["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}


def test_a_lesson_runs_from_the_installed_package(venv, tmp_path):
    shutil.copy(ROOT / "notebooks" / LESSON, tmp_path / LESSON)
    script = (
        "import sys, nbformat, nbclient\n"
        f"nb = nbformat.read({LESSON!r}, as_version=4)\n"
        "nb.cells.append(nbformat.v4.new_code_cell("
        "'import helpers, helpers.tables, sys; print(helpers.__file__); print(helpers.tables.DATA_DIR)'))\n"
        "nbclient.NotebookClient(nb, timeout=120, kernel_name='python3',"
        " resources={'metadata': {'path': '.'}}).execute()\n"
        "print(nb.cells[-1].outputs[0]['text'])\n"
    )
    run = subprocess.run([str(venv), "-c", script], cwd=tmp_path, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    where = run.stdout.strip().splitlines()[-2:]
    prefix = str(venv.parent.parent)
    assert all(line.startswith(prefix) for line in where), where
