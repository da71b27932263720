"""Install check: ``python -m helpers.check``.

Reports the versions of the Jupyter pieces the lessons need, whether the widget and ipympl
front ends and the course's own extension are installed and enabled in JupyterLab, and which
Python the notebook kernel runs; for each problem it prints the fix. Exit status 0 when healthy, 1 otherwise.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

PACKAGES = ["jupyterlab", "ipywidgets", "jupyterlab_widgets", "ipympl", "matplotlib", "numpy"]
#: the course's own JupyterLab extension (labextension/): without it the lessons work, but ipympl's
#: browser code copies the whole picture as PNG on every slider step
COURSE_EXTENSION = "plantar-course-canvas"
#: lab extension -> the Python package that brings it (None: the course's own, which
#: tools/lab_settings.py installs)
EXTENSIONS = {
    "@jupyter-widgets/jupyterlab-manager": "jupyterlab_widgets",
    "jupyter-matplotlib": "ipympl",
    COURSE_EXTENSION: None,
}
FIX_INSTALL = "run `make repair` (reinstalls what is missing or broken from constraints.txt)"
ROOT = Path(__file__).resolve().parent.parent


def package_versions() -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def find_extension(name: str):
    """Folder and version of an installed prebuilt lab extension, or (None, None)."""
    from jupyter_core.paths import jupyter_path

    for root in jupyter_path("labextensions"):
        package = Path(root, *name.split("/"), "package.json")
        if package.is_file():
            try:
                version = json.loads(package.read_text(encoding="utf-8")).get("version")
            except (OSError, ValueError):
                version = None
            return package.parent, version
    return None, None


def disabled_extensions() -> dict:
    """Extensions disabled in any ``labconfig/page_config.json`` Jupyter reads -> that file."""
    from jupyter_core.paths import jupyter_config_path

    found = {}
    for root in jupyter_config_path():
        page = Path(root, "labconfig", "page_config.json")
        if not page.is_file():
            continue
        try:
            data = json.loads(page.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for ext, off in (data.get("disabledExtensions") or {}).items():
            if off:
                found[ext] = page
    return found


def kernel_python():
    """argv[0] of the default ``python3`` kernel, or None."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        spec = KernelSpecManager().get_kernel_spec("python3")
    except Exception:  # noqa: BLE001 - any failure means no usable kernel
        return None
    return spec.argv[0] if spec.argv else None


def run_checks() -> list:
    """Return a list of (ok, what, fix) tuples."""
    results = []
    versions = package_versions()
    for name, version in versions.items():
        results.append((version is not None, f"{name} {version or 'missing'}", FIX_INSTALL))
    disabled = disabled_extensions()
    for ext, pkg in EXTENSIONS.items():
        folder, ext_version = find_extension(ext)
        missing = (f"the front end of {pkg} is missing: {FIX_INSTALL}" if pkg else
                   "the course's JupyterLab extension is missing: run `make repair` (installs it)")
        results.append(
            (folder is not None, f"lab extension {ext} {ext_version or 'not installed'}", missing)
        )
        if ext in disabled:
            results.append(
                (False, f"lab extension {ext} is disabled (in {disabled[ext]})",
                 f"run `make repair` (or `jupyter labextension enable {ext}`)")
            )
    iw, jw = versions.get("ipywidgets"), versions.get("jupyterlab_widgets")
    if iw and jw:
        ok = iw.split(".")[0] == "8" and jw.split(".")[0] == "3"
        results.append(
            (ok, f"ipywidgets {iw} with jupyterlab_widgets {jw}",
             "front and back end of the widgets must match (ipywidgets 8 needs "
             f"jupyterlab_widgets 3): {FIX_INSTALL}")
        )
    argv0 = kernel_python()
    if argv0 is None:
        results.append((False, "python3 kernel not found", "run `make repair`"))
    else:
        same = argv0 in ("python", "python3", sys.executable) or Path(argv0).resolve() == Path(
            sys.executable
        ).resolve()
        results.append(
            (same, f"python3 kernel runs {argv0}",
             "the kernel runs another Python than this one, so `import helpers` may fail there: "
             "run `make repair` (registers this Python as the notebook kernel)")
        )
    try:
        import helpers  # noqa: F401

        results.append((True, "helpers importable", ""))
    except ImportError:
        results.append((False, "helpers not importable", FIX_INSTALL))
    return results


def repair_plan(results=None) -> list:
    """Commands (argument lists) that repair what :func:`run_checks` found.

    Missing or mismatched packages and missing lab extensions are reinstalled from
    ``constraints.txt`` (forced, so files deleted from an installed package come back), the
    course's own extension by ``tools/lab_settings.py``; a disabled extension is enabled; a
    kernel that runs another Python is registered again.
    """
    results = run_checks() if results is None else results
    py = sys.executable
    pip = [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    constraints = ROOT / "constraints.txt"
    if constraints.is_file():
        pip += ["-c", str(constraints)]
    broken = set()
    commands = []
    for ok, what, _fix in results:
        if ok:
            continue
        for name in PACKAGES:
            if what.startswith(f"{name} "):
                broken.add(name)
        for ext, pkg in EXTENSIONS.items():
            if what.startswith(f"lab extension {ext} is disabled"):
                commands.append([py, "-m", "jupyter", "labextension", "enable", ext])
            elif what.startswith(f"lab extension {ext}") and pkg is None:
                commands.append([py, str(ROOT / "tools" / "lab_settings.py")])
            elif what.startswith(f"lab extension {ext}"):
                broken.add(pkg)
        if what.startswith("ipywidgets ") and " with jupyterlab_widgets " in what:
            broken |= {"ipywidgets", "jupyterlab_widgets"}
        if "kernel" in what:
            commands.append([py, "-m", "ipykernel", "install", "--sys-prefix"])
        if what.startswith("helpers not importable"):
            commands.append(pip + ["-e", str(ROOT)])
    if broken:
        commands.insert(0, pip + ["--force-reinstall", "--no-deps", *sorted(broken)])
    return commands


def repair() -> int:
    """Run the repair plan, then check again; exit status as :func:`main`."""
    import subprocess

    for command in repair_plan():
        print("repair:", " ".join(command[1:] if command[0] == sys.executable else command))
        done = subprocess.run(command, check=False)
        if done.returncode != 0:
            print("repair: that step failed; see the lines above.")
    return main([])


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--repair" in argv:
        return repair()
    quiet = "--quiet" in argv
    results = run_checks()
    problems = [r for r in results if not r[0]]
    for ok, what, fix in results:
        if quiet and ok:
            continue
        print(f"[{'ok' if ok else 'PROBLEM'}] {what}")
        if not ok:
            print(f"          fix: {fix}")
    if problems:
        print(f"{len(problems)} problem(s) found.")
        return 1
    if not quiet:
        print("Install looks healthy: open the start page with `make lab`.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
