"""The package's imports stay plain and light: ``import helpers`` loads no numpy, matplotlib or
ipywidgets; the top-level ``helpers/__init__.py`` is the one lazy loader; every sub-package
names its modules; schemas are registered in one place and never import the table loader."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import helpers
from helpers import schemas

PACKAGE = Path(helpers.__file__).resolve().parent
SUB_PACKAGES = ("apps", "models", "plots")  # schemas: see SUBJECTS


def _modules_in(folder: Path) -> set[str]:
    return {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_import_helpers_loads_no_numpy_matplotlib_or_ipywidgets():
    code = ("import sys, json, helpers; "
            "print(json.dumps(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('numpy', 'matplotlib', 'ipywidgets'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=PACKAGE.parent)
    assert json.loads(out.stdout) == []


def test_the_top_level_init_is_the_one_lazy_loader():
    holders = [p.relative_to(PACKAGE).as_posix() for p in sorted(PACKAGE.rglob("*.py"))
               if any(isinstance(n, ast.FunctionDef) and n.name == "__getattr__"
                      and n.col_offset == 0
                      for n in ast.parse(p.read_text(encoding="utf-8")).body)]
    assert holders == ["__init__.py"]


def test_no_module_discovers_modules_by_name_at_run_time():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and getattr(n.func, "attr", getattr(n.func, "id", "")) == "import_module"]
        assert not calls, f"{path.name} imports modules by name; import them plainly"
        assert "pkgutil" not in _imported_modules(path), f"{path.name} walks a folder for modules"


@pytest.mark.parametrize("name", SUB_PACKAGES)
def test_each_sub_package_names_every_module(name):
    package = getattr(helpers, name)
    assert set(package.__all__) >= _modules_in(PACKAGE / name) - {"base"}


def test_every_schema_module_is_registered():
    registered = {m.__name__.rsplit(".", 1)[-1] for m in schemas.SUBJECTS}
    assert registered == _modules_in(PACKAGE / "schemas") - {"base"}


def test_every_exercise_module_is_registered():
    from helpers import exercises

    registered = set(exercises.registry())
    for name in _modules_in(PACKAGE / "exercises"):
        module = sys.modules.get(f"helpers.exercises.{name}")
        assert module is not None, f"helpers/exercises/{name}.py is missing from registry()"
        assert {ex.exercise_id for ex in module.EXERCISES} <= registered


@pytest.mark.parametrize("path", sorted((PACKAGE / "schemas").glob("*.py")), ids=lambda p: p.name)
def test_no_schema_module_imports_the_table_loader(path):
    assert not any(m == "helpers.tables" or m.startswith("helpers.tables.")
                   for m in _imported_modules(path))


def test_column_and_schema_are_still_reachable_from_tables():
    from helpers import tables
    from helpers.schemas.base import Column, Schema

    assert tables.Column is Column and tables.Schema is Schema
