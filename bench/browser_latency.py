"""Browser latency: key press on a slider to canvas pixels changed, in real JupyterLab.

    python bench/browser_latency.py [--steps 20] [NOTEBOOK.ipynb ...]

For each notebook (a copy, served by the browser test's ``LabServer``), run all cells in a
fresh kernel, take the first widget app that has both a slider and an ipympl canvas (the main
app), focus its first slider's handle and press ArrowRight (ArrowLeft once the slider reaches
its end), and time in the page from the ``keydown`` event to the next animation frame after
the canvas received changed pixels. Median over the steps, with where the time went (message
sent, image arrived, pixels in the canvas). Uses Debian's Chromium (/usr/bin/chromium or
$CHROMIUM), never ``playwright install``.

Writes bench/results/browser.csv and browser.md and puts the browser section into
docs/PERFORMANCE.md (after the server section written by bench/run_bench.py).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import CHROMIUM_ARGS, LabServer, chromium_path  # noqa: E402
from labdriver import SLIDER_APPS, check_widgets_render, code_cell_count, open_and_run  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from reportfile import BROWSER_MARKER, write_results  # noqa: E402

# labextension/: no PNG copy of the figure on every image
from helpers.check import COURSE_EXTENSION as EXTENSION  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PERFORMANCE_MD = ROOT / "docs" / "PERFORMANCE.md"
TARGET_MS = 100.0  # median at device-pixel-ratio 1
#: at device-pixel-ratio 2 and above: (median, 95th percentile), in ms
HIDPI_TARGET_MS = (50.0, 100.0)


def meets(ratio: float, median_ms: float, p95_ms: float) -> str:
    """"yes" or "no" against the target for the ratio ("-" when nothing was measured)."""
    if median_ms != median_ms:  # NaN
        return "-"
    if ratio >= 2:
        ok = median_ms <= HIDPI_TARGET_MS[0] and p95_ms <= HIDPI_TARGET_MS[1]
    else:
        ok = median_ms <= TARGET_MS
    return "yes" if ok else "no"


STEP_TIMEOUT_MS = 5000

# Installed in every page before its scripts run: records, cheaply, when the page sends on a
# websocket, when a websocket message arrives (and its size), when an image gets a blob: source
# (ipympl's way of showing a received PNG), each drawImage (on which canvas) and how long each
# toDataURL takes (ipympl's browser code re-encodes the whole picture as PNG, synchronously, for
# every image it receives, to keep it in the saved notebook).
TIMELINE = """(() => {
  const T = window.__timeline = {sent: [], received: [], sources: [], draws: [], encodes: []};
  const encode = HTMLCanvasElement.prototype.toDataURL;
  HTMLCanvasElement.prototype.toDataURL = function (...args) {
    const t0 = performance.now();
    const out = encode.apply(this, args);
    T.encodes.push([t0, performance.now() - t0]);
    return out;
  };
  // a kernel message relayed in the server's binary framing (jupyter_server's v1 protocol:
  // part count, offsets, channel, header, ...): its type and the kernel's clock when it was sent
  // (header.date), as ms on the page's clock; [] for anything else
  const decoder = new TextDecoder();
  const kernelStamp = (d) => {
    try {
      if (!(d instanceof ArrayBuffer) || d.byteLength < 32) return [];
      const v = new DataView(d), n = Number(v.getBigUint64(0, true));
      if (n < 3 || 8 * (n + 1) > d.byteLength) return [];
      const at = (i) => Number(v.getBigUint64(8 * (i + 1), true));
      const header = JSON.parse(decoder.decode(new Uint8Array(d, at(1), at(2) - at(1))));
      return [header.msg_type, Date.parse(header.date) - performance.timeOrigin];
    } catch (err) { return []; }
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) { T.sent.push(performance.now()); return send.call(this, data); };
  const Native = window.WebSocket;
  const Recorded = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('message', (e) => {
      const now = performance.now(), d = e.data;
      T.received.push([now, d ? (d.byteLength || d.size || d.length || 0) : 0, ...kernelStamp(d)]);
    });
    return ws;
  };
  Recorded.prototype = Native.prototype;
  Object.assign(Recorded, Native);
  window.WebSocket = Recorded;
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src');
  Object.defineProperty(HTMLImageElement.prototype, 'src', {
    get() { return src.get.call(this); },
    set(v) { if (String(v).startsWith('blob:')) T.sources.push(performance.now()); src.set.call(this, v); },
  });
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const out = draw.apply(this, args);
    T.draws.push([performance.now(), this.canvas]);
    return out;
  };
})();"""

# Installed once per step: remembers the canvas's pixels (hashed once, before the key press),
# records the keydown time, then waits for a drawImage on the app's canvas. After each one it
# reads one pixel (which makes the browser finish drawing into the canvas, work it must do before
# showing it anyway) and takes the time: *in canvas*. Only then is the whole canvas hashed to check
# that its pixels changed; if they did, the next animation frame's time is *frame*. Hashing the
# canvas in a loop, as earlier versions did, costs the page 5-20 ms a time at ratio 2 on the same
# thread that handles the image, and so delays what it measures.
ARM = """([appIndex, timeoutMs]) => {
  const app = document.querySelectorAll(arguments_selector)[appIndex];
  const canvas = app.querySelector('.jupyter-matplotlib-canvas-div canvas');
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const hash = () => {
    const d = new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
    let h = 2166136261 >>> 0;
    for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 16777619) >>> 0;
    return h;
  };
  const T = window.__timeline;
  for (const list of Object.values(T)) list.length = 0;
  const b = window.__bench = {start: null, canvas: null, frame: null, before: hash()};
  document.addEventListener('keydown', () => { if (b.start === null) b.start = performance.now(); },
                            {capture: true, once: true});
  let seen = 0;
  const poll = () => {
    if (b.start !== null) {
      const mine = T.draws.filter(d => d[1] === canvas && d[0] > b.start);
      if (mine.length > seen) {
        seen = mine.length;
        ctx.getImageData(0, 0, 1, 1);
        const drawn = performance.now();
        if (hash() !== b.before) {
          b.canvas = drawn;
          requestAnimationFrame(() => { b.frame = performance.now(); });
          return;
        }
      }
      if (performance.now() - b.start > timeoutMs) { b.canvas = -1; b.frame = -1; return; }
    }
    setTimeout(poll, 0);
  };
  poll();
  return b.before;
}""".replace("arguments_selector", repr(SLIDER_APPS))

# Where the time of the last step went, in ms after the keydown: the first message the page sent,
# the message that carried the image (the last to arrive before the image got its source), the
# pixels in the canvas and the next frame.
STAGES = """() => {
  const b = window.__bench, T = window.__timeline, s = b.start;
  const src = T.sources.find(t => t > s);
  const image = T.received.filter(r => r[0] > s && src !== undefined && r[0] <= src).pop();
  const after = t => (t === undefined || t === null || t < 0) ? null : t - s;
  const encodes = T.encodes.filter(e => e[0] > s && (b.canvas < 0 || e[0] < b.canvas));
  // the kernel's own clock: its first status message after the key (busy: it began handling
  // the widget message) and the message that carried the image
  const busy = T.received.find(r => r[0] > s && r[2] === 'status');
  return {sent: after(T.sent.find(t => t > s)), image: after(image && image[0]),
          kernel_busy: after(busy && busy[3]), kernel_image: after(image && image[3]),
          bytes: image ? image[1] : null, canvas: after(b.canvas), frame: after(b.frame),
          reencode: encodes.reduce((sum, e) => sum + e[1], 0)};
}"""

HANDLE_STATE = """(h) => [Number(h.getAttribute('aria-valuenow')), Number(h.getAttribute('aria-valuemin')),
                           Number(h.getAttribute('aria-valuemax'))]"""


def measure(page, steps: int, settle_s: float = 0.4) -> tuple[str, list[dict], int]:
    """Where the time of each of ``steps`` key presses on the main app's first slider went (ms
    after the key press, :data:`STAGES`), and the misses."""
    app = page.locator(SLIDER_APPS).first
    name = next((c for c in (app.get_attribute("class") or "").split() if c.startswith("hp-app-")), "hp-app")
    handle = app.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    app.locator(".jupyter-matplotlib-canvas-div").first.scroll_into_view_if_needed()
    latencies, misses, key = [], 0, "ArrowRight"
    time.sleep(1.0)  # let the first draw land
    for _ in range(steps):
        now, low, high = handle.evaluate(HANDLE_STATE)
        if key == "ArrowRight" and now >= high:
            key = "ArrowLeft"
        elif key == "ArrowLeft" and now <= low:
            key = "ArrowRight"
        page.evaluate(ARM, [0, STEP_TIMEOUT_MS])
        handle.focus()
        page.keyboard.press(key)
        page.wait_for_function("() => window.__bench.frame !== null", timeout=STEP_TIMEOUT_MS + 5000)
        stages = page.evaluate(STAGES)
        if stages["frame"] is None:
            misses += 1
        else:
            latencies.append(stages)
        time.sleep(settle_s)  # let trailing draws finish before the next step
    return name, latencies, misses


STAGE_KEYS = ("sent", "kernel_busy", "kernel_image", "image", "canvas", "reencode")


def summarise(row: dict, steps: list[dict]) -> None:
    """Median and 95th percentile to the frame, and the median of each stage, into ``row``."""
    frames = [s["frame"] for s in steps]
    row["steps"] = len(frames)
    if not frames:
        return
    row["median_ms"] = statistics.median(frames)
    row["p95_ms"] = sorted(frames)[max(0, round(0.95 * len(frames)) - 1)]
    for key in STAGE_KEYS:
        known = [s[key] for s in steps if s[key] is not None]
        row[f"{key}_ms"] = statistics.median(known) if known else float("nan")
    # everything but the kernel's own work: the step less the kernel's time from beginning to
    # handle the widget message to sending the image (steps with both stamps)
    outside = [s["frame"] - (s["kernel_image"] - s["kernel_busy"]) for s in steps
               if s.get("kernel_image") is not None and s.get("kernel_busy") is not None]
    row["outside_kernel_ms"] = statistics.median(outside) if outside else float("nan")
    sizes = [s["bytes"] for s in steps if s["bytes"]]
    row["image_kb"] = statistics.median(sizes) / 1000 if sizes else float("nan")


def run(notebooks: list[Path], steps: int, ratios=(1.0,), canvases=("tuned",)) -> list[dict]:
    """Rows per notebook, device pixel ratio and canvas (``tuned``: the course's; ``shipped``:
    ipympl's own encoding, a server whose kernels start with ``HP_CANVAS_TUNE=0`` and whose
    JupyterLab runs without the course's extension; ``uncropped``: the course's with
    figure-sized diff images, ``HP_CANVAS_CROP=0``; ``reencoding``: the course's kernel side
    without the course's JupyterLab extension, so ipympl's browser code copies the picture as
    PNG on every image)."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise SystemExit("Chromium not found: install Debian's chromium or set CHROMIUM=/path")
    rows, server_s = [], float("nan")
    with sync_playwright() as pw, contextlib.ExitStack() as stack:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        stack.callback(browser.close)
        labs = {}
        for canvas in dict.fromkeys(canvases):  # one server per canvas, all up for the whole run
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-lab-"))
            switches = {"HP_CANVAS_TUNE": "0" if canvas == "shipped" else "1",
                        "HP_CANVAS_CROP": "0" if canvas == "uncropped" else "1"}
            off = [EXTENSION] if canvas in ("shipped", "reencoding") else []
            with mock.patch.dict(os.environ, switches):  # the server's kernels inherit them
                t0 = time.perf_counter()
                labs[canvas] = LabServer(Path(tmp), disabled_extensions=off)
                server_s = time.perf_counter() - t0
            stack.callback(labs[canvas].stop)
        # the canvases take turns on each notebook and ratio, so a slower minute of a shared
        # machine falls on all of them alike
        for nb in notebooks:
            for ratio in ratios:
                for canvas in canvases:
                    rows.append(_measure_notebook(browser, labs[canvas], nb, steps, ratio, canvas))
    return rows, server_s


def _measure_notebook(browser, lab, nb: Path, steps: int, ratio: float, canvas: str) -> dict:
    print(f"measuring {nb.name} in the browser (device pixel ratio {ratio:g}, {canvas} canvas) ...",
          file=sys.stderr, flush=True)
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, device_scale_factor=ratio)
    context.add_init_script(TIMELINE)
    page = context.new_page()
    row = {"notebook": nb.name, "dpr": ratio, "canvas": canvas, "ready_s": float("nan"), "app": "-",
           "steps": 0, "median_ms": float("nan"), "p95_ms": float("nan"), "misses": 0,
           "meets_target": "-", **{f"{k}_ms": float("nan") for k in STAGE_KEYS},
           "image_kb": float("nan"), "note": ""}
    try:
        t0 = time.perf_counter()
        open_and_run(page, lab, nb.name, code_cell_count(nb))
        check_widgets_render(page, nb.name)
        row["ready_s"] = time.perf_counter() - t0
        if page.locator(SLIDER_APPS).count() == 0:
            row["note"] = "no app with a slider and a figure"
        else:
            row["app"], lat, row["misses"] = measure(page, steps)
            summarise(row, lat)
            if lat:
                row["meets_target"] = meets(ratio, row["median_ms"], row["p95_ms"])
            if row["misses"]:
                row["note"] = f"{row['misses']} key press(es) changed no pixel in {STEP_TIMEOUT_MS} ms"
    except Exception as exc:  # one broken lesson must not stop the others
        row["note"] = f"error: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    finally:
        context.close()
        lab.shutdown_kernels()
    return row


def _fmt(x) -> str:
    return "-" if x != x else f"{x:.0f}"  # NaN -> "-"


COLUMNS = ["notebook", "device pixel ratio", "canvas", "open, run, render s", "main app", "steps",
           "median ms", "p95 ms", "meets target", "sent ms", "kernel busy ms", "kernel sent image ms",
           "image arrived ms", "in canvas ms",
           "of which re-encoding ms", "outside the kernel ms", "image kB", "note"]


def markdown(rows: list[dict], server_s: float) -> str:
    nan = float("nan")
    body = [[r["notebook"], f"{r.get('dpr', 1):g}", r.get("canvas", "tuned"), f"{r['ready_s']:.1f}", f"`{r['app']}`", str(r["steps"]), _fmt(r["median_ms"]),
             _fmt(r["p95_ms"]), r["meets_target"], *(_fmt(r.get(f"{k}_ms", nan)) for k in STAGE_KEYS),
             _fmt(r.get("outside_kernel_ms", nan)), _fmt(r.get("image_kb", nan)), r["note"]] for r in rows]
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in line) + " |" for line in body]
    return "\n".join([
        "## Browser: key press to the frame showing the new pixels",
        "",
        f"Targets: at device-pixel-ratio 1, median at most {TARGET_MS:.0f} ms; at ratio 2, median at most "
        f"{HIDPI_TARGET_MS[0]:.0f} ms and 95th percentile at most {HIDPI_TARGET_MS[1]:.0f} ms. Real JupyterLab and "
        "headless Chromium (software rendering) on the same machine as the kernel.",
        "",
        *lines,
        "",
        f"JupyterLab server start to answering: {server_s:.1f} s. *Open, run, render* is the time "
        "from opening the notebook page to every cell run in a fresh kernel and every widget app "
        "rendered (for `00-start-here.ipynb`, the start page usable after `make lab`, less the "
        "server start).",
        "",
        "Method: each notebook runs in a fresh kernel; the first app with a slider and an ipympl "
        "canvas is the lesson's main app. Its first slider's handle gets focus and ArrowRight "
        "(ArrowLeft at the end of the range); in the page, the time runs from the `keydown` event "
        "to the next animation frame after the app's canvas received changed pixels (*median* and "
        "*p95*, judged against the targets). That covers the widget message to the kernel, the "
        "Python callback, the Agg draw, the PNG, its relay by the server, its decoding and the "
        "canvas paint. Steps are 0.4 s apart so each starts idle. Where the time went, medians in ms "
        "after the key press: *sent*, the page's first websocket message; *kernel busy*, the kernel's "
        "clock when it began handling the widget message (its first status message after the key); "
        "*kernel sent image*, the kernel's clock when it sent the picture (both from the messages' "
        "`header.date`, on the same machine's clock as the page); *image arrived*, the "
        "message that carried the picture; *in canvas*, the canvas drawn with the new pixels "
        "(ipympl draws the image into a hidden canvas, then copies that into the visible one); "
        "*of which re-encoding*, the time ipympl's browser code spends, before the new image can "
        "be drawn, encoding the whole picture as PNG (`toDataURL`) to keep it in the saved notebook; "
        "*outside the kernel*, the median step less the kernel's own time from *kernel busy* to "
        "*kernel sent image*: what the step would take if the kernel's work cost nothing (the page, "
        "the server's relay both ways and the browser's decoding and painting). "
        "*Canvas*: *tuned* is the course as installed (the kernel sends only the changed corner of "
        "the figure, and the course's JupyterLab extension leaves that PNG copy until the notebook "
        "is saved with its widget state, labextension/README.md); *reencoding* is the same kernel side "
        "with that extension disabled, so ipympl's browser code copies the picture on every image; "
        "*shipped* is ipympl's own encoding without the extension; *uncropped* sends figure-sized "
        "images. Canvases compared in one run take turns on each lesson and ratio, each with its "
        "own JupyterLab server. "
        "Before the time is taken the page reads one pixel, which makes the browser finish the "
        "drawing; only afterwards is the whole canvas hashed to check that it changed. Until "
        "2026-12-07 the page hashed the whole canvas in a loop while it waited, which at ratio 2 "
        "costs 5-20 ms a time on the thread that also handles the image and so delayed what it "
        "measured (on the start page at ratio 2 in one run: 92-104 ms that way, 77-87 ms this way).",
        "",
    ])


def load_results() -> tuple[list[dict], float]:
    """The rows of the last run (bench/results/browser.csv), judged again against the targets,
    and the server start time from its Markdown."""
    with open(RESULTS / "browser.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        for key in ("dpr", "ready_s", "median_ms", "p95_ms", *(f"{k}_ms" for k in STAGE_KEYS),
                    "outside_kernel_ms", "image_kb"):
            r[key] = float(r[key]) if r.get(key) not in (None, "", "nan") else float("nan")
        r["steps"], r["misses"] = int(r["steps"]), int(r["misses"])
        r["meets_target"] = meets(r["dpr"], r["median_ms"], r["p95_ms"])
    found = re.search(r"server start to answering: ([0-9.]+) s", (RESULTS / "browser.md").read_text(encoding="utf-8"))
    return rows, float(found.group(1)) if found else float("nan")


def write(rows: list[dict], server_s: float) -> None:
    write_results(RESULTS, "browser", rows, markdown(rows, server_s), PERFORMANCE_MD, BROWSER_MARKER)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=20, help="key presses per notebook (>= 20)")
    parser.add_argument("notebooks", nargs="*", help="notebook files (default: every notebook)")
    parser.add_argument("--ratios", default="1", help="device pixel ratios, comma-separated (e.g. 1,2)")
    parser.add_argument("--canvas", default="tuned",
                        help="canvases to compare, comma-separated: tuned (the course's), shipped (ipympl's own), "
                             "uncropped (the course's with figure-sized diff images), reencoding (the "
                             "course's kernel side without its JupyterLab extension)")
    parser.add_argument("--no-write", action="store_true", help="print only; write no files")
    parser.add_argument("--rerender", action="store_true",
                        help="measure nothing: write the section again from bench/results/browser.csv")
    args = parser.parse_args(argv)
    if args.rerender:
        rows, server_s = load_results()
        write(rows, server_s)
        print(f"rewrote the browser section of {PERFORMANCE_MD.name} from {len(rows)} rows")
        return 0
    ratios = [float(r) for r in args.ratios.split(",")]
    canvases = args.canvas.split(",")
    notebooks = [ROOT / "notebooks" / Path(n).name for n in args.notebooks] or \
        sorted((ROOT / "notebooks").glob("*.ipynb"))
    rows, server_s = run(notebooks, args.steps, ratios, canvases)
    print(f"JupyterLab server answered after {server_s:.1f} s")
    for r in rows:
        print(f"{r['notebook']:28} dpr {r['dpr']:g} {r['canvas']:7} ready {r['ready_s']:5.1f} s  {r['app']:28} steps {r['steps']:3}  median {_fmt(r['median_ms']):>5} ms  "
              f"p95 {_fmt(r['p95_ms']):>5} ms  meets: {r['meets_target']}  sent {_fmt(r['sent_ms'])}  kernel busy {_fmt(r['kernel_busy_ms'])}  "
              f"kernel image {_fmt(r['kernel_image_ms'])}  image {_fmt(r['image_ms'])}  "
              f"canvas {_fmt(r['canvas_ms'])}  re-encoding {_fmt(r['reencode_ms'])}  {_fmt(r['image_kb'])} kB  {r['note']}")
    if not args.no_write:
        write(rows, server_s)
        print(f"wrote {RESULTS.relative_to(ROOT)}/browser.csv, browser.md and {PERFORMANCE_MD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
