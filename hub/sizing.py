"""Per-student limits and guarantees, computed from measurements (hub/sizing.json, which
``make loadtest`` rewrites with its own figures).

- memory limit: three times the memory a student's server and kernel use after a lesson ran,
  rounded up to 128 MiB: room for two more lessons' kernels open at once, not for a runaway one;
- memory guarantee (Kubernetes only): the measured figure, rounded up to 64 MiB;
- CPU limit: one core. A lesson's kernel is single-threaded, so a dragging student gains nothing
  past one core, and less than one would slow that student's own figure;
- CPU guarantee (Kubernetes only): the share of time a student drags times the share of a core a
  drag uses (the highest measured CPU per key press at device-pixel-ratio 2, with a dragging
  pointer moving the slider up to 60 times a second), at least 0.05.

    python hub/sizing.py      # prints the limits
"""

from __future__ import annotations

import json
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEY_INTERVAL_MS = 1000.0 / 60


def limits(measured: dict | None = None) -> dict:
    if measured is None:
        measured = json.loads((HERE / "sizing.json").read_text())["measured"]
    mib = float(measured["memory_per_student_mib"])
    busy = min(1.0, max(measured["cpu_ms_per_key_press_dpr2"]) / KEY_INTERVAL_MS)
    return {
        "mem_limit_mib": int(math.ceil(3 * mib / 128) * 128),
        "mem_guarantee_mib": int(math.ceil(mib / 64) * 64),
        "cpu_limit": 1.0,
        "cpu_guarantee": round(max(0.05, float(measured["drag_share"]) * busy), 2),
    }


if __name__ == "__main__":
    print(json.dumps(limits(), indent=2))
