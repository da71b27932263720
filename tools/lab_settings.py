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
    python tools/lab_settings.py --start-page notebooks/00-start-here.ipynb [PREFIX]

The same step installs the course's JupyterLab extension (``labextension/built``, see
``labextension/README.md``) into ``share/jupyter/labextensions``, replacing an older copy; the
package carries it as data files too, which an editable install (``make lab``) does not place.

``--start-page`` also makes that notebook the page the server opens when no page is asked for
(``default_url`` in ``etc/jupyter/jupyter_server_config.json`` under the prefix; other
entries in that file stay); Binder's set-up uses it, so a link with no page opens on the start page.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

OVERRIDES = json.loads((Path(__file__).with_name("overrides.json")).read_text(encoding="utf-8"))
EXTENSION = Path(__file__).resolve().parent.parent / "labextension" / "built"
EXTENSION_NAME = "plantar-course-canvas"


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


def install_extension(prefix, built: Path = EXTENSION) -> Path:
    """Copy the built extension into ``share/jupyter/labextensions`` under ``prefix``, in one
    step: the new copy is made beside the old one, then renamed over it."""
    if not (built / "package.json").exists():
        raise SystemExit(f"{built} holds no built extension; run make labextension, then re-run")
    target = Path(prefix) / "share" / "jupyter" / "labextensions" / EXTENSION_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{EXTENSION_NAME}-", dir=target.parent))
    try:
        shutil.copytree(built, staging / "new")
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.exists():
            os.replace(target, staging / "old")
        os.replace(staging / "new", target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def server_config_path(prefix) -> Path:
    return Path(prefix) / "etc" / "jupyter" / "jupyter_server_config.json"


def write_start_page(prefix, notebook: str) -> Path:
    """Make ``notebook`` (a path from the course folder) the server's default page."""
    notebook = notebook.strip().lstrip("/")
    if not notebook.endswith(".ipynb"):
        raise SystemExit(f"--start-page must name a notebook (.ipynb); got {notebook!r}")
    path = server_config_path(prefix)
    config = {}
    if path.exists():
        try:
            config = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path} is not valid JSON ({exc}); fix or remove it, then re-run") from exc
    url = f"/lab/tree/{notebook}"
    # LabApp too: started as `jupyter lab`, JupyterLab sets its own default page (/lab)
    for app in ("ServerApp", "LabApp"):
        config.setdefault(app, {})["default_url"] = url
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv) -> None:
    args = list(argv)
    start_page = None
    if "--start-page" in args:
        at = args.index("--start-page")
        if at + 1 >= len(args):
            raise SystemExit("--start-page needs a notebook path, such as notebooks/00-start-here.ipynb")
        start_page = args[at + 1]
        del args[at:at + 2]
    prefix = args[0] if args else sys.prefix
    if start_page is None:
        write_overrides(prefix)
        install_extension(prefix)
    else:
        write_start_page(prefix, start_page)


if __name__ == "__main__":
    main(sys.argv[1:])
