"""Build the course's JupyterLab extension (``labextension/``, see its README.md) into
``labextension/built``, which is committed so that installing the course needs no Node.js.

    python tools/build_labextension.py            # build, replace labextension/built
    python tools/build_labextension.py --check    # build apart; exit 1 if labextension/built differs

Needs the npm packages of ``package.json`` (``make labextension`` installs them first). The
build runs in a temporary copy of the sources, and its module ids are names, not hashes of
paths, so any checkout builds the same bytes.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "labextension"
BUILT = SOURCE / "built"
BUILDER = ROOT / "node_modules" / "@jupyterlab" / "builder" / "lib" / "build-labextension.js"
INPUTS = ["package.json", "webpack.config.js", "src"]


def core_path() -> Path:
    import jupyterlab

    return Path(jupyterlab.__file__).parent / "staging"


def build(out: Path) -> Path:
    """Build into ``out`` (which must not exist yet); return it."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit("building the course's JupyterLab extension needs Node.js (Debian: apt-get install -y npm)")
    if not BUILDER.is_file():
        raise SystemExit(f"{BUILDER.relative_to(ROOT)} is missing: run `npm ci` (make labextension does)")
    with tempfile.TemporaryDirectory(prefix="labextension-") as tmp:
        work = Path(tmp) / "labextension"
        work.mkdir()
        for name in INPUTS:
            here = SOURCE / name
            if here.is_dir():
                shutil.copytree(here, work / name)
            else:
                shutil.copy2(here, work / name)
        (work / "node_modules").symlink_to(ROOT / "node_modules")
        done = subprocess.run([node, str(BUILDER), "--core-path", str(core_path()), str(work)],
                              capture_output=True, text=True, cwd=work)
        if done.returncode != 0:
            raise SystemExit(f"the extension's build failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        shutil.move(str(work / "built"), out)
    return out


def differences(a: Path, b: Path) -> list[str]:
    """Files that are not the same in both folders (relative paths)."""
    files = {p.relative_to(a) for p in a.rglob("*") if p.is_file()} | \
            {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    return sorted(str(f) for f in files
                  if not ((a / f).is_file() and (b / f).is_file() and filecmp.cmp(a / f, b / f, shallow=False)))


def main(argv) -> int:
    with tempfile.TemporaryDirectory(prefix=".built-", dir=SOURCE) as tmp:
        fresh = build(Path(tmp) / "built")
        if "--check" in argv:
            diff = differences(fresh, BUILT)
            if diff:
                print(f"labextension/built is not what labextension/src builds to ({', '.join(diff)}): "
                      "run make labextension and commit labextension/built")
                return 1
            print("labextension/built is what labextension/src builds to")
            return 0
        old = Path(tmp) / "old"
        if BUILT.exists():
            os.replace(BUILT, old)
        os.replace(fresh, BUILT)
    print(f"built {BUILT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
