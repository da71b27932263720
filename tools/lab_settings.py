"""Default JupyterLab settings for the course, written at install into the environment's
``share/jupyter/lab/settings/overrides.json`` (JupyterLab's place for site defaults; a
learner's own settings still win).

A classroom may be offline, and a first look at the course should be the start page, not a
pop-up: JupyterLab's news pop-up and its check for a newer JupyterLab release are switched
off (the update check asks PyPI over the network). Other entries already in the file stay.

The settings themselves are in ``tools/overrides.json``, which the package also installs into
the same place as a data file (``pip install .``, a hub or an image get them with no extra
step); this script merges them into an existing file instead of replacing it.

    python tools/lab_settings.py [PREFIX]     # default: this interpreter's sys.prefix
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OVERRIDES = json.loads((Path(__file__).with_name("overrides.json")).read_text(encoding="utf-8"))


def overrides_path(prefix) -> Path:
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def write_overrides(prefix) -> Path:
    """Merge :data:`OVERRIDES` into ``overrides.json`` under ``prefix``; return its path."""
    path = overrides_path(prefix)
    current = {}
    if path.exists():
        try:
            current = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path} is not valid JSON ({exc}); fix or remove it, then re-run") from exc
    for plugin, values in OVERRIDES.items():
        current.setdefault(plugin, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    write_overrides(sys.argv[1] if len(sys.argv) > 1 else sys.prefix)
