"""What one control step costs the kernel with a browser attached, at device-pixel-ratio 1 and 2.

    python bench/step_cost.py [--steps 40] [--rebuilds 8] [--ratios 1,2] [--apps NAME ...]

For every control of every app (found as bench/run_bench.py finds them), the app is built on
ipympl's canvas and an emulated browser (tests/frontend.py) is attached at the device pixel
ratio; then the control is stepped as the browser steps it (a widget message with the new
value) and everything the kernel does until the browser has its image is counted: unpacking
the message, the echo, the app's callback, the draw, the PNG encoding, the widget messages and
the draw request's round trip. Per step: process CPU time (``time.process_time``) and wall time.

Two canvases are measured side by side, steps interleaved so both meet the same load: ipympl
and matplotlib as shipped (*shipped*) and with ``helpers.canvas`` (*tuned*, what the course
uses: ``tune`` for the image, ``cache_text`` for the labels; ``--also-encoding-only`` measures
the first without the second beside them). The
rebuild baseline (a new app and figure, displayed to the browser, the control set: what an
``interact`` that replots does per step) is measured the same way for both.

Writes bench/results/step_cost.csv, step_cost.md, step_cost_samples.json (per-step CPU, for
bench/class_estimate.py) and its section of docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))  # the emulated browser, shared with the canvas tests
sys.path.insert(0, str(ROOT))

import frontend  # noqa: E402
import run_bench as rb  # noqa: E402  (discovery of apps and controls; sets Agg, switched below)
from reportfile import FRAME_MS, MIN_RATIO, STEP_MARKER, write_results  # noqa: E402

frontend.install()  # before any widget exists

import matplotlib  # noqa: E402

matplotlib.use("module://ipympl.backend_nbagg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from helpers import canvas as hc  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PERFORMANCE_MD = ROOT / "docs" / "PERFORMANCE.md"
VARIANTS = ["shipped", "tuned"]
WARMUP = 3


#: Other versions of helpers/canvas.py to measure beside the current one (``--also-canvas``),
#: by variant name: an earlier change, to see what a later one bought.
OTHER_CANVASES: dict = {}


#: What each variant of the course's canvas switches on: (the cheaper image encoding, the text
#: memory). *encoding only* is measured beside with ``--also-encoding-only``.
SWITCHES = {"shipped": (False, False), "encoding only": (True, False), "tuned": (True, True)}


def _build(cls, variant):
    """The app, its canvases as the variant asks (SWITCHES), or tuned by another version of
    helpers/canvas.py (a variant name in OTHER_CANVASES, with its text memory if it has one)."""
    saved = hc.ENABLED, hc.TEXT_CACHE
    hc.ENABLED, hc.TEXT_CACHE = SWITCHES.get(variant, (False, False))
    try:
        with rb.deferred_draws():  # building draws nothing until a browser asks
            app = cls()
    finally:
        hc.ENABLED, hc.TEXT_CACHE = saved
    if variant in OTHER_CANVASES:
        module = OTHER_CANVASES[variant]
        for fig in rb.find_figures(app):
            module.tune(fig)
            if hasattr(module, "cache_text"):  # a version with the text memory: give it, too
                module.cache_text(fig)
    return app


def load_canvas_version(path) -> str:
    """Load another helpers/canvas.py (``git show REV:helpers/canvas.py > FILE``) as a variant."""
    import importlib.util

    name = f"canvas {Path(path).stem}"
    spec = importlib.util.spec_from_file_location(f"_canvas_{len(OTHER_CANVASES)}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    OTHER_CANVASES[name] = module
    return name


def _attach(app, ratio: float) -> list:
    return [frontend.FrontEnd(fig.canvas, ratio=ratio).attach() for fig in rb.find_figures(app)
            if hasattr(fig.canvas, "comm")]


def _close(app, fronts) -> None:
    for front in fronts:
        front.detach()
    rb.close_app(app)


def _step(control, value, image_cpu) -> tuple[float, float, float]:
    """One browser step: (CPU ms, wall ms, CPU ms of it spent making images)."""
    before = image_cpu[0]
    c0, t0 = time.process_time(), time.perf_counter()
    if control.kind == "choice":
        frontend.FrontEnd.set(control.widget, "index", value)
    else:
        frontend.FrontEnd.set(control.widget, "value", value)
    c1, t1 = time.process_time(), time.perf_counter()
    return (c1 - c0) * 1000, (t1 - t0) * 1000, image_cpu[0] - before


def _count_images(app, image_cpu) -> None:
    """Add the CPU time of each canvas's image making (diff and PNG) to ``image_cpu[0]``."""
    for fig in rb.find_figures(app):
        canvas = fig.canvas
        inner = canvas.get_diff_image

        def timed(inner=inner):
            c0 = time.process_time()
            try:
                return inner()
            finally:
                image_cpu[0] += (time.process_time() - c0) * 1000

        canvas.get_diff_image = timed


def _rebuild(cls, control_name, value, ratio, variant) -> float:
    """CPU ms to build the app afresh, show it to a browser, set the control and close it."""
    c0 = time.process_time()
    app = _build(cls, variant)
    fronts = _attach(app, ratio)
    control = {c.name: c for c in rb.find_controls(app)}[control_name]
    c1 = time.process_time()
    if control.kind == "choice":
        frontend.FrontEnd.set(control.widget, "index", value)
    else:
        frontend.FrontEnd.set(control.widget, "value", value)
    c2 = time.process_time()
    _close(app, fronts)
    return ((c1 - c0) + (c2 - c1)) * 1000


def measure_control(cls, name: str, ratio: float, steps: int, rebuilds: int) -> dict:
    """Per-step CPU, wall and image CPU for both variants, stepped alternately, and rebuilds."""
    apps, fronts, controls, image_cpu = {}, {}, {}, {}
    for variant in VARIANTS:
        apps[variant] = _build(cls, variant)
        fronts[variant] = _attach(apps[variant], ratio)
        controls[variant] = {c.name: c for c in rb.find_controls(apps[variant])}[name]
        image_cpu[variant] = [0.0]
        _count_images(apps[variant], image_cpu[variant])
    values = rb.control_values(controls["shipped"], steps + WARMUP)
    out = {v: {"cpu": [], "wall": [], "image": [], "rebuild": []} for v in VARIANTS}
    every = max(1, steps // rebuilds) if rebuilds else 0
    for i, value in enumerate(values):
        order = VARIANTS[i % len(VARIANTS):] + VARIANTS[:i % len(VARIANTS)]
        for variant in order:
            cpu, wall, image = _step(controls[variant], value, image_cpu[variant])
            if i >= WARMUP:
                out[variant]["cpu"].append(cpu)
                out[variant]["wall"].append(wall)
                out[variant]["image"].append(image)
        if every and i >= WARMUP and (i - WARMUP) % every == 0 and len(out["tuned"]["rebuild"]) < rebuilds:
            for variant in order:
                out[variant]["rebuild"].append(_rebuild(cls, name, value, ratio, variant))
    for variant in VARIANTS:
        out[variant]["images"] = sum(f.received for f in fronts[variant])
        _close(apps[variant], fronts[variant])
    return out


def _stats(values) -> tuple[float, float]:
    if not values:
        return float("nan"), float("nan")
    return float(np.median(values)), float(np.percentile(values, 95))


def bench(apps, ratios, steps, rebuilds, all_controls=False, progress=True, partial=None):
    """Rows (one per control, variant and ratio) and per-step CPU samples."""
    draw_only = _draw_only()
    rows, samples = [], {}
    for cls in apps:
        label = rb.app_label(cls)
        if progress:
            print(f"measuring {label} ...", file=sys.stderr, flush=True)
        probe = _build(cls, True)
        controls, figs = rb.find_controls(probe), rb.find_figures(probe)
        _close(probe, [])
        if not figs or not controls:
            continue
        names = [c.name for c in controls]
        if not all_controls:
            groups = [rb.group_of(n) for n in names]
            names = [n for i, n in enumerate(names) if rb.group_of(n) not in groups[:i]]
        labels = {c.name: c.label for c in controls}
        for name in names:
            for ratio in ratios:
                try:
                    out = measure_control(cls, name, ratio, steps, rebuilds)
                except Exception as exc:  # one broken control must not stop the run
                    print(f"  {name} at ratio {ratio:g}: {type(exc).__name__}: {exc}", file=sys.stderr)
                    continue
                for variant in VARIANTS:
                    o = out[variant]
                    cpu, cpu95 = _stats(o["cpu"])
                    wall, wall95 = _stats(o["wall"])
                    rebuild = _stats(o["rebuild"])[0]
                    ratio_x = rebuild / cpu if cpu > 0 else float("nan")
                    rows.append({
                        "app": label, "control": labels[name], "variant": variant, "dpr": ratio,
                        "steps": len(o["cpu"]), "cpu_median_ms": cpu, "cpu_p95_ms": cpu95,
                        "wall_median_ms": wall, "wall_p95_ms": wall95,
                        "image_cpu_median_ms": _stats(o["image"])[0],
                        "draw_only_ms": draw_only.get((label, labels[name]), float("nan")),
                        "rebuild_cpu_median_ms": rebuild, "rebuild_ratio": ratio_x,
                        "images": o["images"],
                        "meets_targets": "yes" if cpu <= FRAME_MS and ratio_x >= MIN_RATIO else "no",
                    })
                    samples.setdefault(f"{label} {labels[name]}", {})[f"{variant} {ratio:g}"] = \
                        [round(x, 3) for x in o["cpu"]]
        if partial:  # results so far survive an interrupted run
            partial(rows, samples)
    return rows, samples


def _draw_only() -> dict:
    """Median in-place step on plain Agg at ratio 1 from bench/run_bench.py's last results."""
    import csv

    path = RESULTS / "server.csv"
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        return {(r["app"], r["control"]): float(r["median_ms"]) for r in csv.DictReader(fh)
                if r.get("median_ms") not in (None, "", "nan")}


def _fmt(x, digits=1) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def _load() -> str:
    try:
        return " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def markdown(rows, steps, rebuilds, load_before, load_after) -> str:
    by_key = {(r["app"], r["control"], r["variant"], r["dpr"]): r for r in rows}
    ratios = sorted({r["dpr"] for r in rows})
    controls = list(dict.fromkeys((r["app"], r["control"]) for r in rows))
    header = ["app", "control"]
    for ratio in ratios:
        header += [f"dpr {ratio:g} shipped CPU ms", f"dpr {ratio:g} tuned CPU ms", "p95", "wall ms",
                   "of which image ms", "rebuild CPU ms", "x faster than rebuild"]
    header += ["draw-only ms (Agg, dpr 1)", "meets targets (dpr 2, tuned)"]
    body = []
    met = {v: 0 for v in VARIANTS}
    for app, control in controls:
        cells = [app, control.split(" (", 1)[0]]
        for ratio in ratios:
            s, t = by_key.get((app, control, "shipped", ratio)), by_key.get((app, control, "tuned", ratio))
            if not (s and t):
                cells += ["-"] * 7
                continue
            cells += [_fmt(s["cpu_median_ms"]), _fmt(t["cpu_median_ms"]), _fmt(t["cpu_p95_ms"]),
                      _fmt(t["wall_median_ms"]), f"{_fmt(s['image_cpu_median_ms'])} -> {_fmt(t['image_cpu_median_ms'])}",
                      _fmt(t["rebuild_cpu_median_ms"], 0), _fmt(t["rebuild_ratio"], 0)]
        top = max(ratios)
        for v in VARIANTS:
            r = by_key.get((app, control, v, top))
            met[v] += bool(r and r["meets_targets"] == "yes")
        r = by_key.get((app, control, "tuned", top))
        cells += [_fmt(r["draw_only_ms"]) if r else "-", r["meets_targets"] if r else "-"]
        body.append(cells)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |" for cells in body]
    top = max(ratios) if ratios else 2
    variants = list(dict.fromkeys(r["variant"] for r in rows))
    if len(variants) > 2:  # earlier versions of the canvas measured beside: one column each
        head = ["app", "control", "dpr"] + [f"{v} CPU ms (image ms)" for v in variants]
        lines += ["", "By change (median kernel CPU per step, and of it making the image):", "",
                  "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for app, control in controls:
            for ratio in ratios:
                cells = [app, control.split(" (", 1)[0], f"{ratio:g}"]
                for v in variants:
                    r = by_key.get((app, control, v, ratio))
                    cells.append(f"{_fmt(r['cpu_median_ms'])} ({_fmt(r['image_cpu_median_ms'])})" if r else "-")
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join([
        "## Kernel CPU per control step with a browser attached",
        "",
        f"Targets: median at most {FRAME_MS:.1f} ms of kernel CPU per step at device-pixel-ratio 2, and at least "
        f"{MIN_RATIO:g} times less than rebuilding the figure measured the same way. At device-pixel-ratio {top:g}: "
        f"{met['tuned']} of {len(controls)} controls meet both with the course's canvas (*tuned*), "
        f"{met['shipped']} of {len(controls)} with ipympl as shipped.",
        "",
        f"Load average (1, 5, 15 min) before: {load_before}; after: {load_after}. {os.cpu_count()} cores. "
        f"{steps} steps per control, variant and ratio, the canvases stepped in turn in one process; "
        f"{rebuilds} rebuilds each. CPU columns are medians of process CPU time per step; *p95*, *wall ms*, "
        "*rebuild* and *x faster* are for the tuned canvas; *of which image* is the CPU spent making the PNG "
        "(diff and encoding), shipped -> tuned.",
        "",
        *lines,
        "",
        CHANGES.strip(),
        "",
        METHOD.strip(),
        "",
    ])


CHANGES = """
The canvases compared (all show the same pixels: tests/test_canvas.py decodes every image and
compares it with ipympl's own and with a full redraw; tests/test_text_memory.py compares the
figures drawn with and without the text memory):

- *shipped*: ipympl 0.10 and matplotlib as installed. After each redraw the changed pixels go into a
  figure-sized diff image (unchanged pixels transparent), which Pillow encodes as PNG with its
  defaults (zlib level 6, a filter chosen per row); without a browser attached the full picture is
  encoded a second time for the stored data URL.
- *tuned* (what the course uses, helpers/canvas.py): the same image encoded with zlib level 1 and the
  run-length strategy; only the rows from the first to the last changed one are compressed, and
  inside them every run of at least 4 KiB of unchanged bytes is spliced in from a cache of
  compressed zeros (the rows above and below too), except where at least a tenth of those rows'
  pixels changed (a panel repainted), which are filtered and compressed whole; a diff image ends
  at its last changed row and column (the browser draws it at the top-left corner, so it lands
  where the full one would); the
  transparency check and the copy of the last image cover the changed rows only; without a
  browser the data URL reuses the PNG just sent when it is a full image. Text is measured and
  drawn from the memory of laid-out strings and rendered glyphs (a new string laid out once for
  both; each glyph rendered once per font, size, resolution, angle and position within a pixel,
  then drawn exactly as matplotlib draws it).
- *encoding only* (when measured beside, `--also-encoding-only`): *tuned* without the text memory.
- *canvas NAME* (when measured beside, `--also-canvas FILE`): an earlier helpers/canvas.py, with its
  text memory if it has one.
"""

METHOD = """
Method (bench/step_cost.py, tests/frontend.py):

- Each app is built on ipympl's canvas (`module://ipympl.backend_nbagg`, pyplot interactive, as
  `%matplotlib widget` leaves it) and an emulated browser is attached: it sends what ipympl 0.10's
  browser code sends when it creates the canvas (`set_dpi_ratio` and `set_device_pixel_ratio` when the
  ratio is not 1, `refresh`, `send_image_mode`, `initialized`), answers the kernel's `draw` requests with
  `draw` when no image is awaited (one in flight), and answers `resize` with `refresh`. It sends no `ack`:
  ipympl's browser code does not.
- A step is the browser's widget message with the control's new value. Every message is packed and
  unpacked by a signed `jupyter_client.Session` as on the wire, and after each one the kernel's
  `post_execute` work runs (stale figures asked to redraw), as ipykernel does after every comm message.
  The step's CPU and wall time run from the message until no message is left between browser and kernel:
  the echo, the callback, the draw, the PNG, the widget updates and the image message.
- Not counted: the Jupyter server relaying the messages, the zmq transport, and the browser.
- *draw-only* is bench/run_bench.py's in-place median on plain Agg at ratio 1 (no image made), from its
  last results.
- *Rebuild*: the app built afresh, shown to a browser (first full image), the control set, closed.
"""


RESULTS_NAME = "step_cost"


def write(rows, samples, steps, rebuilds, load_before, load_after) -> str:
    text = markdown(rows, steps, rebuilds, load_before, load_after)
    if RESULTS_NAME == "step_cost":
        write_results(RESULTS, "step_cost", rows, text, PERFORMANCE_MD, STEP_MARKER)
    else:  # one part of a split run: its own files only
        write_results(RESULTS, RESULTS_NAME, rows, text, RESULTS / f"{RESULTS_NAME}.perf.md", STEP_MARKER)
    (RESULTS / f"{RESULTS_NAME}_samples.json").write_text(json.dumps(samples), encoding="utf-8")
    return text


def merge(names) -> None:
    """Append the rows and samples of other results names (parts of one run) to step_cost's."""
    import csv

    rows, samples = [], json.loads((RESULTS / "step_cost_samples.json").read_text(encoding="utf-8"))
    for name in ["step_cost", *names]:
        with open(RESULTS / f"{name}.csv", newline="", encoding="utf-8") as fh:
            rows += list(csv.DictReader(fh))
        if name != "step_cost":
            samples.update(json.loads((RESULTS / f"{name}_samples.json").read_text(encoding="utf-8")))
    fields = list(dict.fromkeys(k for r in rows for k in r))
    with open(RESULTS / "step_cost.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    (RESULTS / "step_cost_samples.json").write_text(json.dumps(samples), encoding="utf-8")


def rerender() -> int:
    """The section again from the last results (after its text changed), with the load averages
    and counts of the run that measured them."""
    import csv
    import re

    with open(RESULTS / "step_cost.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        for key, value in r.items():
            if key.endswith("_ms") or key in ("dpr", "rebuild_ratio"):
                r[key] = float(value) if value not in ("", "nan") else float("nan")
    old = (RESULTS / "step_cost.md").read_text(encoding="utf-8")
    load = re.search(r"before: ([^;]+); after: (.+?)\. \d+ cores", old)
    counts = re.search(r"(\d+) steps per control.*?; (\d+) rebuilds each", old)
    steps, rebuilds = (int(counts[1]), int(counts[2])) if counts else (0, 0)
    text = markdown(rows, steps, rebuilds, *(load.groups() if load else ("unknown", "unknown")))
    write_results(RESULTS, "step_cost", rows, text, PERFORMANCE_MD, STEP_MARKER)
    print(text)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=30, help="timed steps per control, variant and ratio")
    parser.add_argument("--rebuilds", type=int, default=3, help="rebuild-baseline steps per control and ratio")
    parser.add_argument("--ratios", default="1,2", help="device pixel ratios, comma-separated")
    parser.add_argument("--apps", nargs="*", help="only these apps (module.Class or Class)")
    parser.add_argument("--all-controls", action="store_true", help="every control of a dict/list group")
    parser.add_argument("--also-canvas", nargs="*", default=[],
                        help="other versions of helpers/canvas.py to measure beside (files)")
    parser.add_argument("--also-encoding-only", action="store_true",
                        help="also measure the course's canvas without the text memory (what the text memory buys)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--results-name", default="step_cost",
                        help="file names in bench/results/ (another name: docs/PERFORMANCE.md is left alone, "
                             "for runs split across processes and merged with --merge)")
    parser.add_argument("--merge", nargs="*", default=[],
                        help="measure nothing: add these results names to bench/results/step_cost.* and rewrite")
    parser.add_argument("--rerender", action="store_true",
                        help="measure nothing: write the section again from bench/results/step_cost.csv")
    args = parser.parse_args(argv)
    if args.merge:
        merge(args.merge)
        return rerender()
    if args.rerender:
        return rerender()
    global RESULTS_NAME
    RESULTS_NAME = args.results_name

    import helpers as hp

    hp.setup()
    plt.ion()
    ratios = [float(r) for r in args.ratios.split(",")]
    for path in args.also_canvas:
        VARIANTS.insert(1, load_canvas_version(path))
    if args.also_encoding_only:
        VARIANTS.insert(len(VARIANTS) - 1, "encoding only")
    apps, _skipped = rb.discover_apps()
    if args.apps:
        apps = [c for c in apps if rb.app_label(c) in args.apps or c.__name__ in args.apps]
    load_before = _load()
    partial = None if args.no_write else (
        lambda rows, samples: write(rows, samples, args.steps, args.rebuilds, load_before, _load()))
    rows, samples = bench(apps, ratios, args.steps, args.rebuilds, args.all_controls, partial=partial)
    load_after = _load()
    text = markdown(rows, args.steps, args.rebuilds, load_before, load_after)
    print(text)
    if not args.no_write:
        write(rows, samples, args.steps, args.rebuilds, load_before, load_after)
        print(f"wrote bench/results/step_cost.csv, step_cost.md and {PERFORMANCE_MD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
