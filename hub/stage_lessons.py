"""Stage the lessons that each student's home receives: every notebook in ``notebooks/`` except
the teacher's guide (which holds the exercise solutions and the quiz answers).

    python hub/stage_lessons.py DEST

Replaces DEST with a fresh, world-readable copy (the spawner copies it into each home as the
student). Run by ``make hub`` before the hub starts.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXCLUDED = ("teacher-guide", ".ipynb_checkpoints", "__pycache__")


def stage(dest: Path, source: Path = ROOT / "notebooks") -> Path:
    dest = Path(dest)
    fresh = dest.with_name(dest.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(source, fresh, ignore=shutil.ignore_patterns(*EXCLUDED))
    for here, _dirs, files in os.walk(fresh):
        os.chmod(here, 0o755)
        for name in files:
            os.chmod(os.path.join(here, name), 0o644)
    old = dest.with_name(dest.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    fresh.rename(dest)
    shutil.rmtree(old, ignore_errors=True)
    return dest


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    print(stage(Path(sys.argv[1])))
