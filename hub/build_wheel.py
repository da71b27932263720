"""Build the course's wheel from a clean copy of its sources (never from the working tree, where
a stale build/ folder could slip deleted files into the package).

    python hub/build_wheel.py OUTDIR [--no-build-isolation]

Prints the wheel's path. Used by hub/install_env.sh (the classroom hub) and the image.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "helpers", "data", "tools/overrides.json", "labextension/built"]


def build(out: Path, isolation: bool = True) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="course-src-") as tmp:
        src = Path(tmp)
        for name in SOURCES:
            here, there = ROOT / name, src / name
            there.parent.mkdir(parents=True, exist_ok=True)
            if here.is_dir():
                shutil.copytree(here, there,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "_data"))
            else:
                shutil.copy2(here, there)
        for old in out.glob("plantar_fasciitis_course-*.whl"):
            old.unlink()
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(src)]
        if not isolation:
            cmd[4:4] = ["--no-build-isolation"]
        subprocess.run(cmd, check=True)
    (wheel,) = out.glob("plantar_fasciitis_course-*.whl")
    return wheel


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    print(build(Path(sys.argv[1]), isolation="--no-build-isolation" not in sys.argv))
