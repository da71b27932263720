"""environment.yml (for conda and Binder) stays in step with pyproject.toml."""

import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_environment_yml_parses_and_names_every_dependency():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for name, extra in project["optional-dependencies"].items():
        if name == "grade":
            continue  # nbgrader: installed by make assignments in its own environment
        wanted |= {_name(r) for r in extra}
    missing = wanted - conda
    assert not missing, f"environment.yml lacks {sorted(missing)} that pyproject.toml names"
    pip_part = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_part and "-e ." in pip_part[0]["pip"], "environment.yml must pip-install the project"


def test_constraints_pin_the_widget_front_and_back_ends_together():
    pins = dict(
        line.split("==") for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line
    )
    pins = {k.lower().replace("_", "-"): v for k, v in pins.items()}
    for name in ("jupyterlab", "ipywidgets", "jupyterlab-widgets", "ipympl", "matplotlib", "numpy"):
        assert name in pins, f"constraints.txt must pin {name}"
    env = (ROOT / "environment.yml").read_text()
    for name in ("jupyterlab", "ipywidgets", "ipympl"):
        assert f"{name}={pins[name]}" in env, f"environment.yml pins {name} unlike constraints.txt"
