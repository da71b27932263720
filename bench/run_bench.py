"""Server-side benchmark of every widget app: in-place update versus rebuild-and-replot.

    python bench/run_bench.py [--steps 200] [--replot-steps 30] [--apps NAME ...] [--no-notebooks]

For every ``App`` subclass in ``helpers.apps.*`` (found by ``helpers.catalogue``, which the tests
use too, so apps added later are covered), for every control it holds (a slider: any visible widget with numeric
``min``/``max``/``value``; or a choice list: a widget with ``options``), the control is stepped
across its range and each step is timed from ``control.value = v`` to the app's figures drawn
on the Agg renderer. The baseline builds the same app afresh for each value, sets the value,
draws and closes the figure: what an ``interact``-and-replot widget does per step.
Also times each notebook executed in a fresh kernel (on a temporary copy of ``notebooks/``).

Writes bench/results/server.csv and server.md, and docs/PERFORMANCE.md (server part).
No kernel, no browser; the browser part is bench/browser_latency.py.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.util
import json
import math
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

# single-threaded BLAS, as `make bench` sets it, also when this script is run by hand: the
# models' small matrices gain nothing from threads, and on a shared 2-core machine thread
# contention, not the app, would set the numbers (set before numpy is imported)
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.backend_bases import FigureCanvasBase  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from reportfile import BROWSER_MARKER, FRAME_MS, MIN_RATIO, write_head  # noqa: E402

from helpers.catalogue import (  # noqa: E402 - the apps and controls the tests also walk
    Control,
    app_label,
    close_app,
    control_values,
    discover_apps,
    find_controls,
    find_figures,
    set_control,
)

RESULTS = ROOT / "bench" / "results"
PERFORMANCE_MD = ROOT / "docs" / "PERFORMANCE.md"

NOTEBOOK_TARGET_S = 10.0
WARMUP = 3  # untimed steps before timing (first draws fill font and text caches)


@contextlib.contextmanager
def deferred_draws():
    """Make ``canvas.draw_idle()`` only count a request (``requests["n"]``), as in a browser
    where ipympl draws once after the callback; on plain Agg it would draw at once and a step
    would be drawn twice. ``canvas.blit()`` calls are counted too (``requests["blits"]``)."""
    requests = {"n": 0, "blits": 0}
    original_idle, original_blit = FigureCanvasBase.draw_idle, FigureCanvasBase.blit

    def draw_idle(self, *args, **kwargs):
        requests["n"] += 1

    def blit(self, *args, **kwargs):
        requests["blits"] += 1
        return original_blit(self, *args, **kwargs)

    FigureCanvasBase.draw_idle, FigureCanvasBase.blit = draw_idle, blit
    try:
        yield requests
    finally:
        FigureCanvasBase.draw_idle, FigureCanvasBase.blit = original_idle, original_blit


def _draw(figs) -> None:
    for fig in figs:
        fig.canvas.draw()


def inplace_step(control: Control, value, figs, requests) -> tuple[float, float, float, int]:
    """One step the in-place way, in ms: (wall time from setting the control to every figure
    drawn, the part of it in the app's callback, process CPU time), and how many figures were
    drawn in full after the callback. A step whose callback
    blitted and asked for no full redraw has drawn already and is not drawn again.

    After the callback a figure is drawn if a draw was asked for or if it is marked stale: in
    a notebook ipympl draws on request, and pyplot's post-execute hook (run after every widget
    message) draws each stale figure. A step that changed nothing on the figure draws nothing.
    """
    n0 = requests["n"]
    c0, t0 = time.process_time(), time.perf_counter()
    set_control(control, value)
    t1 = time.perf_counter()
    requested = requests["n"] > n0
    todo = [fig for fig in figs if requested or fig.stale]
    _draw(todo)
    t2, c2 = time.perf_counter(), time.process_time()
    return (t2 - t0) * 1000, (t1 - t0) * 1000, (c2 - c0) * 1000, len(todo)


def replot_step(cls, control_name: str, value) -> tuple[float, float]:
    """One step the interact-and-replot way, in ms (wall, CPU): build ``cls`` afresh (a new
    figure), set the control, draw and close the figure. Finding the control is not timed."""
    c0, t0 = time.process_time(), time.perf_counter()
    app = cls()
    c1, t1 = time.process_time(), time.perf_counter()
    control = {c.name: c for c in find_controls(app)}[control_name]
    c2, t2 = time.process_time(), time.perf_counter()
    set_control(control, value)
    figs = find_figures(app)
    _draw(figs)
    for fig in figs:
        plt.close(fig)
    c3, t3 = time.process_time(), time.perf_counter()
    close_app(app)
    return ((t1 - t0) + (t3 - t2)) * 1000, ((c1 - c0) + (c3 - c2)) * 1000


def time_control(cls, app, control: Control, values, replot_steps: int = 0, warmup: int = WARMUP):
    """Time ``control`` of ``app`` over ``values`` (the first ``warmup`` untimed).

    Replot steps (on fresh apps of class ``cls``) are interleaved with the in-place steps, one
    every few, so both meet the same load on a shared machine. Returns a dict of arrays in ms
    (``wall``, ``callback``, ``cpu`` per in-place step; ``replot``, ``replot_cpu`` per replot
    step; ``blitted``, 1 where the step blitted; ``full``, 1 where a figure was drawn in full
    after the callback) and the mean number of redraw requests the app
    made per in-place step.
    """
    figs = find_figures(app)
    every = max(1, (len(values) - warmup) // replot_steps) if replot_steps else 0
    out = {k: [] for k in ("wall", "callback", "cpu", "replot", "replot_cpu", "blitted", "full")}
    with deferred_draws() as requests:
        for v in values[:warmup]:
            inplace_step(control, v, figs, requests)
        if replot_steps:
            replot_step(cls, control.name, values[0])  # warm-up
        requests["n"] = 0
        for i, v in enumerate(values[warmup:]):
            blits_before = requests["blits"]
            *step, drawn = inplace_step(control, v, figs, requests)
            out["blitted"].append(int(requests["blits"] > blits_before))
            out["full"].append(int(drawn > 0))
            for key, ms in zip(("wall", "callback", "cpu"), step, strict=True):
                out[key].append(ms)
            if every and i % every == 0 and len(out["replot"]) < replot_steps:
                counts = dict(requests)
                for key, ms in zip(("replot", "replot_cpu"), replot_step(cls, control.name, v), strict=True):
                    out[key].append(ms)
                requests.update(counts)  # fresh apps' requests are not the app's
    return {k: np.array(v) for k, v in out.items()}, requests["n"] / max(1, len(out["wall"]))


# ----------------------------------------------------------------------------- one app
@dataclass
class Row:
    app: str
    control: str
    kind: str
    steps: int
    median_ms: float = float("nan")
    p95_ms: float = float("nan")
    callback_median_ms: float = float("nan")
    cpu_median_ms: float = float("nan")
    replot_steps: int = 0
    replot_median_ms: float = float("nan")
    replot_cpu_median_ms: float = float("nan")
    ratio: float = float("nan")
    redraws_per_step: float = float("nan")
    meets_targets: str = "-"
    note: str = field(default="")


def group_of(name: str) -> str:
    """Controls held in one dict or list attribute (``sliders[heel]``) form a group."""
    return name.split("[", 1)[0] if "[" in name else name


def bench_app(cls, steps: int = 200, replot_steps: int = 30, all_controls: bool = False) -> list[Row]:
    """Rows for every control of ``cls`` (or a row saying why it was not measured). Unless
    ``all_controls``, only the first control of a group held in one dict or list attribute is
    measured (such controls share a callback and a figure)."""
    label = app_label(cls)
    try:
        with deferred_draws():
            probe = cls()
    except Exception as exc:
        return [Row(label, "-", "-", 0, note=f"skipped: constructor raised {type(exc).__name__}: {exc}")]
    controls, figs = find_controls(probe), find_figures(probe)
    close_app(probe)
    if not figs:
        return [Row(label, "-", "-", 0, note="skipped: no matplotlib figure to draw")]
    if not controls:
        return [Row(label, "-", "-", 0, note="skipped: no slider or choice control")]
    rows, names = [], [c.name for c in controls]
    if not all_controls:
        groups = [group_of(n) for n in names]
        names = [n for i, n in enumerate(names) if group_of(n) not in groups[:i]]
    for name in names:
        with deferred_draws():
            app = cls()  # a fresh app per control, so each starts from the defaults
        control = {c.name: c for c in find_controls(app)}[name]
        row = Row(label, control.label, control.kind, steps)
        try:
            values = control_values(control, steps + WARMUP)
            ms, redraws = time_control(cls, app, control, values, replot_steps)
        except Exception as exc:
            row.note = f"error: {type(exc).__name__}: {exc}"
            rows.append(row)
            close_app(app)
            continue
        close_app(app)
        row.median_ms, row.p95_ms = float(np.median(ms["wall"])), float(np.percentile(ms["wall"], 95))
        row.callback_median_ms = float(np.median(ms["callback"]))
        row.cpu_median_ms = float(np.median(ms["cpu"]))
        row.replot_steps, row.replot_median_ms = len(ms["replot"]), float(np.median(ms["replot"]))
        row.replot_cpu_median_ms = float(np.median(ms["replot_cpu"]))
        row.ratio = row.replot_median_ms / row.median_ms
        row.redraws_per_step = redraws
        row.meets_targets = "yes" if row.median_ms <= FRAME_MS and row.ratio >= MIN_RATIO else "no"
        notes = []
        if ms["blitted"].any():
            notes.append(f"blitted (only the moving artists redrawn) in {ms['blitted'].mean():.0%} of steps, "
                         f"drawn in full in {ms['full'].mean():.0%}")
        elif redraws == 0:
            notes.append("the callback asked for no redraw (the figure does not follow this control)")
        others = sum(group_of(c.name) == group_of(name) for c in controls) - 1
        if others and not all_controls:
            notes.append(f"{others} more controls in `{group_of(name)}` share its callback and were "
                         "not measured (--all-controls measures them)")
        row.note = "; ".join(notes)
        rows.append(row)
    return rows


# ----------------------------------------------------------------------------- notebooks, machine
def _execute_module():
    spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def time_notebooks(names=None) -> list[dict]:
    """Seconds to execute each notebook top to bottom in a fresh kernel (kernel start included),
    on a temporary copy so ``notebooks/`` is never touched."""
    execute = _execute_module().execute
    out = []
    with tempfile.TemporaryDirectory(prefix="bench-notebooks-") as tmp:
        copy = Path(tmp) / "notebooks"
        shutil.copytree(ROOT / "notebooks", copy, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for path in sorted(copy.glob("*.ipynb")):
            if names and path.name not in names:
                continue
            try:
                seconds, note = execute(path), ""
            except SystemExit as exc:  # execute() reports a failing cell this way
                seconds, note = float("nan"), f"error: {str(exc).splitlines()[0]}"
            ok = "yes" if seconds <= NOTEBOOK_TARGET_S else "no"
            out.append({"notebook": path.name, "seconds": seconds, "meets_target": ok, "note": note})
    return out


def reference_draw_ms(repeats: int = 30) -> float:
    """Median Agg draw of the simplest course figure (one line, title, axis labels), a yardstick
    for how fast this machine draws at the moment."""
    from helpers.style import new_figure

    fig, ax = new_figure()
    ax.plot(np.linspace(0, 1, 50), np.linspace(0, 1, 50))
    ax.set(title="reference", xlabel="x (units)", ylabel="y (units)")
    fig.canvas.draw()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fig.canvas.draw()
        times.append(time.perf_counter() - t0)
    plt.close(fig)
    return float(np.median(times) * 1000)


def machine() -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import ipympl
    import ipywidgets

    load = "unknown"
    with contextlib.suppress(OSError):
        load = " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    return {
        "load average (1, 5, 15 min) at the end": load,
        "reference draw (one line, 7x4 in, 100 dpi)": f"{reference_draw_ms():.1f} ms",
        "cpu": cpu,
        "cores": str(len(__import__("os").sched_getaffinity(0))),
        "os": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "matplotlib": matplotlib.__version__,
        "ipywidgets": ipywidgets.__version__,
        "ipympl": ipympl.__version__,
    }


# ----------------------------------------------------------------------------- output
COLUMNS = ["app", "control", "steps", "median ms", "p95 ms", "of which callback ms",
           "median CPU ms", "replot median ms", "ratio", "meets targets"]


def _fmt(x, digits=1):
    return "-" if isinstance(x, float) and math.isnan(x) else f"{x:.{digits}f}"


def table_cells(row: Row) -> list[str]:
    return [row.app, row.control, str(row.steps), _fmt(row.median_ms), _fmt(row.p95_ms),
            _fmt(row.callback_median_ms), _fmt(row.cpu_median_ms), _fmt(row.replot_median_ms), _fmt(row.ratio), row.meets_targets]


def note_label(row: Row, quote: str = "") -> str:
    name = f"{quote}{row.app}{quote}"
    return name if row.control == "-" else f"{name} {row.control}"


def text_table(rows: list[Row]) -> str:
    cells = [COLUMNS] + [table_cells(r) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(c[i].ljust(widths[i]) for i in range(len(COLUMNS))) for c in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {note_label(r)}: {r.note}" for r in rows if r.note]
    return "\n".join(lines + (["notes:"] + notes if notes else []))


def markdown(rows, skipped, notebooks, info, steps, replot_steps) -> str:
    def md_table(header, body):
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in line) + " |" for line in body]
        return "\n".join(out)

    measured = [r for r in rows if not math.isnan(r.median_ms)]
    met = sum(r.meets_targets == "yes" for r in measured)
    parts = [
        "# Performance",
        "",
        "Generated by `make bench` (`bench/run_bench.py`, then `bench/browser_latency.py` and `bench/course_timings.py`). "
        "Do not edit by hand: re-run the benchmark.",
        "",
        "## Machine",
        "",
        md_table(["item", "value"], [[k, v] for k, v in info.items()]),
        "",
        "## Server-side update: in place versus rebuild-and-replot",
        "",
        f"Targets: median at most {FRAME_MS:.1f} ms (one 60 Hz frame) and at least "
        f"{MIN_RATIO:g} times faster than rebuilding the figure. "
        f"{met} of {len(measured)} measured controls meet both.",
        "",
        md_table(COLUMNS, [table_cells(r) for r in rows]),
    ]
    if measured:
        reference = info.get("reference draw (one line, 7x4 in, 100 dpi)")
        parts += [
            "",
            f"The apps' own callbacks (model and artist updates) take at most "
            f"{max(r.callback_median_ms for r in measured):.1f} ms per step (median); the rest "
            "of each step is matplotlib drawing the whole figure"
            + (f", and a full draw of the simplest one-line figure takes {reference} on this "
               "machine." if reference else "."),
        ]
    notes = [f"- {note_label(r, '`')}: {r.note}" for r in rows if r.note]
    notes += [f"- `{name}`: skipped, {reason}" for name, reason in skipped]
    if notes:
        parts += ["", "Notes:", "", *notes]
    if notebooks:
        parts += [
            "", "## Notebook execution in a fresh kernel", "",
            f"Target: at most {NOTEBOOK_TARGET_S:g} s each (kernel start included).", "",
            md_table(["notebook", "seconds", "meets target", "note"],
                     [[n["notebook"], _fmt(n["seconds"]), n["meets_target"], n["note"]]
                      for n in notebooks]),
        ]
    parts += ["", METHOD.format(steps=steps, replot_steps=replot_steps).strip(), "", BROWSER_MARKER, ""]
    return "\n".join(parts)


METHOD = """
## Method

- **Apps**: every `App` subclass defined in a `helpers.apps.*` module, found by importing the
  modules, so a new app is measured without changing the benchmark. Classes that are private
  bases or whose constructor needs arguments are listed as skipped.
- **Controls**: each visible, enabled widget the app holds (as an attribute, inside a dict or
  list attribute, or anywhere in its widget tree) that has numeric `min`, `max` and `value`
  (sliders; progress bars excluded), and each choice list (`Dropdown`, `ToggleButtons`, ...).
  Each control is measured on a fresh app, starting from the defaults.
- **In place** ({steps} steps): the control is stepped across its range on its own step grid
  (wrapping around; a choice list cycles through its options); each step is timed from
  `control.value = v` to `fig.canvas.draw()` finished on the Agg renderer for every figure of
  the app. `draw_idle()` only records a request during the run, as under ipympl, where the
  figure is drawn once after the callback; on plain Agg it would draw at once and count the
  draw twice. After the callback a figure is drawn if a draw was asked for or it is marked
  stale, as in a notebook (pyplot redraws stale figures after every widget message). An app
  that blits (`draw_artist` then `canvas.blit`) and leaves nothing stale is not drawn again:
  its callback did the drawing. Three untimed warm-up steps come
  first. Median and 95th percentile are reported, and the median time spent in the app's
  callback (model and artist updates) before the draw: the rest is drawing the figure.
  *Median CPU ms* is the process CPU time of a step: on a shared machine, wall time also counts
  the time other programs held the CPU, so compare the two, and the reference draw in the
  machine table, before blaming an app.
- **Replot** ({replot_steps} of those values, interleaved with the in-place steps so both meet
  the same load): the app is built afresh (a new figure, as `interact` rebuilds it per step),
  the control is set, the figure drawn and closed. Setting the value runs the app's update
  once more after the build, which adds the callback time above (small) to the baseline.
  **Ratio** = replot median / in-place median.
- **Not included server-side**: ipympl's PNG encoding and the trip to the browser; the step
  cost section (bench/step_cost.py) counts the encoding and the widget messages in the kernel,
  and the browser section measures key press to pixels end to end.
- **Notebooks**: each notebook is executed top to bottom in a fresh kernel by the same code as
  `tools/execute_notebooks.py`, on a temporary copy of `notebooks/`; kernel start is included.
- The machine is shared and timings vary from run to run by 10-30 %; compare ratios and
  orders of magnitude, not single milliseconds. No test asserts a timing.
"""


def write_outputs(rows, skipped, notebooks, info, steps, replot_steps) -> str:
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(RESULTS / "server.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(asdict(rows[0]).keys()) if rows else ["app"])
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(r).items()})
    if notebooks:
        with open(RESULTS / "notebooks.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=["notebook", "seconds", "meets_target", "note"])
            writer.writeheader()
            writer.writerows(notebooks)
    (RESULTS / "machine.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    text = markdown(rows, skipped, notebooks, info, steps, replot_steps)
    (RESULTS / "server.md").write_text(text, encoding="utf-8")
    write_head(PERFORMANCE_MD, text)  # the sections the other benchmarks wrote stay
    return text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=200, help="in-place steps per control (>= 200 for the report)")
    parser.add_argument("--replot-steps", type=int, default=30, help="rebuild-and-replot steps per control")
    parser.add_argument("--apps", nargs="*", help="only these apps (module.Class or Class)")
    parser.add_argument("--all-controls", action="store_true",
                        help="measure every control of a dict/list group, not only the first")
    parser.add_argument("--notebooks", nargs="*", help="only these notebooks (file names)")
    parser.add_argument("--no-notebooks", action="store_true", help="skip timing the notebooks")
    parser.add_argument("--no-write", action="store_true", help="print only; write no files")
    args = parser.parse_args(argv)

    import helpers as hp

    hp.setup()
    apps, skipped = discover_apps()
    if args.apps:
        apps = [c for c in apps if app_label(c) in args.apps or c.__name__ in args.apps]
    rows = []
    for cls in apps:
        print(f"measuring {app_label(cls)} ...", file=sys.stderr, flush=True)
        rows += bench_app(cls, args.steps, args.replot_steps, args.all_controls)
        if not args.no_write:  # partial results survive an interrupted run
            write_outputs(rows, skipped, [], {}, args.steps, args.replot_steps)
    notebooks = []
    if not args.no_notebooks:
        print("timing notebooks in fresh kernels ...", file=sys.stderr, flush=True)
        notebooks = time_notebooks(args.notebooks)
    print(text_table(rows))
    for name, reason in skipped:
        print(f"skipped {name}: {reason}")
    for n in notebooks:
        print(f"{n['notebook']}: executed in {_fmt(n['seconds'])} s (target <= {NOTEBOOK_TARGET_S:g} s) {n['note']}")
    if not args.no_write:
        write_outputs(rows, skipped, notebooks, machine(), args.steps, args.replot_steps)
        print(f"wrote {RESULTS.relative_to(ROOT)}/server.csv, server.md and {PERFORMANCE_MD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
