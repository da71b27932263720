"""How many students dragging sliders one 2-core machine carries: an event-by-event estimate
from the measured cost of a step.

    python bench/class_estimate.py [--students 30] [--cores 2] [--seconds 300]

Reads the per-step kernel CPU that bench/step_cost.py measured (bench/results/
step_cost_samples.json) and simulates a class:

- each student drags a slider for ``--drag`` seconds once every ``--period`` seconds (a tenth of
  the time by default), at a random phase; while dragging, the pointer gives the slider a new
  value every frame (``--input-hz``, 60), which is the fastest a hand on a screen can ask for;
- the browser coalesces: it sends an update at a frame only when the previous update's image
  has arrived (one in flight), carrying the newest value, so the values in between are never
  computed;
- an update costs one measured step of kernel CPU, drawn at random from the measured steps of
  the control, plus ``--server-ms`` of Jupyter server CPU for relaying it (not measured here:
  the default is from the browser measurements quoted in issue 17);
- the machine's cores are shared equally among the updates in progress (processor sharing,
  each update using at most one core), as the operating system's scheduler roughly does.

Latency is counted for every pointer value: from the frame it was given to the moment the
update that carries it (the first one sent at or after it) has its image made. The estimate
reports the median and 95th percentile, and the largest class whose p95 is at most 100 ms.
The browser's own decoding and painting are not included (bench/browser_latency.py measures
key press to pixels).
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from reportfile import CLASS_MARKER, write_results  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PERFORMANCE_MD = ROOT / "docs" / "PERFORMANCE.md"
TARGET_MS = 100.0
DEFAULT_CONTROL = "causes.WindlassApp angle_slider"  # lesson 01's main slider, as the hub load test
SERVER_MS = {1.0: 6.0, 2.0: 8.0}  # issue 17: 5-6.5 ms at ratio 1, 6-9 ms at ratio 2, per key press


def simulate(costs_ms, students: int, cores: int = 2, seconds: float = 300.0, drag_s: float = 3.0,
             period_s: float = 30.0, input_hz: float = 60.0, server_ms: float = 0.0, seed: int = 0):
    """Latencies (ms) of every pointer value, and the share of the cores that was busy."""
    rng = np.random.default_rng(seed)
    costs = np.asarray(costs_ms, float) / 1000
    frame = 1.0 / input_hz
    server = server_ms / 1000
    phases = rng.uniform(0, period_s, students)  # when each student's drags start
    ticks = rng.uniform(0, frame, students)  # each browser's frame clock

    def next_frame(s, t):
        return ticks[s] + math.ceil((t - ticks[s]) / frame - 1e-9) * frame

    events = []  # (time, order, kind, student); kind 0: a new pointer value, 1: a frame to send at
    for s in range(students):
        for start in np.arange(phases[s], seconds, period_s):
            tick = next_frame(s, start)
            while tick < min(start + drag_s, seconds):
                events.append((tick, len(events), 0, s))
                tick += frame
    heapq.heapify(events)
    order = len(events)
    pending = [[] for _ in range(students)]  # pointer values not yet sent (their times)
    carried = [None] * students  # the values the update in progress carries
    active = []  # processor sharing: heap of (service mark at which the update is done, student)
    service = now = busy = 0.0
    latencies = []

    def rate():
        return min(1.0, cores / len(active)) if active else 0.0

    def advance(to):
        nonlocal service, now, busy
        r = rate()
        service += r * (to - now)
        busy += r * len(active) * (to - now)
        now = to

    def send(s):
        carried[s], pending[s] = pending[s], []
        heapq.heappush(active, (service + costs[rng.integers(len(costs))] + server, s))

    while events or active:
        next_event = events[0][0] if events else math.inf
        next_done = now + (active[0][0] - service) / rate() if active else math.inf
        if next_done <= next_event:
            advance(next_done)
            _, s = heapq.heappop(active)
            latencies += [(now - t) * 1000 for t in carried[s]]
            carried[s] = None
            if pending[s]:  # the newest value goes out at the next frame
                heapq.heappush(events, (next_frame(s, now), order, 1, s))
                order += 1
            continue
        t, _, kind, s = heapq.heappop(events)
        advance(t)
        if kind == 0:
            pending[s].append(t)
        if carried[s] is None and pending[s]:
            send(s)
    return np.array(latencies), busy / (cores * max(now, 1e-9))


def estimate(costs_ms, students, server_ms, **kw) -> dict:
    lat, busy = simulate(costs_ms, students, server_ms=server_ms, **kw)
    if not lat.size:
        return {"p50": float("nan"), "p95": float("nan"), "busy": busy}
    return {"p50": float(np.median(lat)), "p95": float(np.percentile(lat, 95)), "busy": busy}


def largest_class(costs_ms, server_ms, limit: int = 200, **kw) -> int:
    """Largest number of students whose p95 latency is at most TARGET_MS (0 if one alone misses),
    by doubling then halving (p95 grows with the class)."""
    def ok(n):
        return estimate(costs_ms, n, server_ms, **kw)["p95"] <= TARGET_MS

    if not ok(1):
        return 0
    low, high = 1, 2
    while high <= limit and ok(high):
        low, high = high, high * 2
    high = min(high, limit + 1)
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if ok(mid) else (low, mid)
    return low


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--drag", type=float, default=3.0, help="seconds of one drag")
    parser.add_argument("--period", type=float, default=30.0, help="one drag every this many seconds")
    parser.add_argument("--input-hz", type=float, default=60.0)
    parser.add_argument("--server-ms", type=float, default=None,
                        help="server CPU per update (default: 6 ms at ratio 1, 8 ms at ratio 2)")
    parser.add_argument("--controls", nargs="*", help="'module.App control' keys (default: lesson 01's "
                        "slider and the costliest control)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)

    samples_path = RESULTS / "step_cost_samples.json"
    if not samples_path.exists():
        print("no step costs yet: run bench/step_cost.py first", file=sys.stderr)
        return 1
    samples = json.loads(samples_path.read_text(encoding="utf-8"))
    keys = args.controls or []
    if not keys:
        keys = [k for k in samples if k.startswith(DEFAULT_CONTROL)]
        worst = max(samples, key=lambda k: np.median(samples[k].get("tuned 2", [0])))
        keys += [worst] if worst not in keys else []
    kw = {"cores": args.cores, "seconds": args.seconds, "drag_s": args.drag, "period_s": args.period,
          "input_hz": args.input_hz}
    rows = []
    for key in keys:
        for label, runs in sorted(samples[key].items()):
            variant, ratio = label.rsplit(" ", 1)
            ratio = float(ratio)
            server = args.server_ms if args.server_ms is not None else SERVER_MS.get(ratio, 8.0)
            one = estimate(runs, args.students, server, **kw)
            rows.append({"control": key.split(" (", 1)[0], "variant": variant, "dpr": ratio,
                         "step_cpu_median_ms": float(np.median(runs)), "server_ms": server,
                         "students": args.students, "p50_ms": one["p50"], "p95_ms": one["p95"],
                         "cores_busy": one["busy"], "largest_class_p95_100ms": largest_class(runs, server, **kw)})
            print(rows[-1], file=sys.stderr)
    text = markdown(rows, args)
    print(text)
    if not args.no_write:
        write_results(RESULTS, "class_estimate", rows, text, PERFORMANCE_MD, CLASS_MARKER)
    return 0


def markdown(rows, args) -> str:
    head = ["control", "canvas", "dpr", "kernel CPU per step ms (median)", "server ms", f"p50 ms ({args.students} students)",
            f"p95 ms ({args.students} students)", "cores busy", "largest class with p95 <= 100 ms"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        lines.append(f"| {r['control']} | {r['variant']} | {r['dpr']:g} | {r['step_cpu_median_ms']:.1f} | "
                     f"{r['server_ms']:g} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['cores_busy']:.0%} | "
                     f"{r['largest_class_p95_100ms']} |")
    return "\n".join([
        "## Class estimate: students dragging sliders on one machine",
        "",
        f"Computed by bench/class_estimate.py from the per-step kernel CPU above (not a load test): "
        f"{args.cores} cores; each student drags for {args.drag:g} s once every {args.period:g} s at a random "
        f"phase; the pointer gives a new value every frame ({args.input_hz:g} Hz); the browser sends one update "
        "per frame at most and only when the last image has arrived, with the newest value; each update costs "
        "one measured step of kernel CPU (drawn at random from the measured steps) plus the Jupyter server's "
        "relaying (server ms: from the browser measurements in issue 17, not measured here); the cores are "
        "shared equally among the updates in progress. Latency: pointer value to its image made, over "
        f"{args.seconds:g} simulated seconds; the browser's paint is not included.",
        "",
        *lines,
        "",
    ])


if __name__ == "__main__":
    raise SystemExit(main())
