"""Put the latest benchmark results into the README's performance section.

    python bench/summary.py

Reads bench/results/ (server.csv, notebooks.csv, machine.json from run_bench.py; browser.csv
from browser_latency.py; course.csv from course_timings.py) and rewrites the part of
README.md between the two ``bench-summary`` markers: the machine, every app's median, p95 and
ratio, the browser latency of each lesson, notebook run times and the course timings.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
README = ROOT / "README.md"
START = "<!-- bench-summary: start (written by bench/summary.py from bench/results/) -->"
END = "<!-- bench-summary: end -->"


def _rows(name: str) -> list[dict]:
    path = RESULTS / name
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _num(text, digits=1) -> str:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return "-"
    return "-" if value != value else f"{value:.{digits}f}"


def machine_info() -> dict:
    """bench/results/machine.json, or the machine table of docs/PERFORMANCE.md."""
    path = RESULTS / "machine.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    info, inside = {}, False
    for line in (ROOT / "docs" / "PERFORMANCE.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line.strip() == "## Machine"
        elif inside and line.startswith("| ") and not line.startswith("| item"):
            key, value = (c.strip() for c in line.strip("|").split("|", 1))
            info[key] = value
    return info


def summary() -> str:
    machine = machine_info()
    server = [r for r in _rows("server.csv") if r.get("steps") not in (None, "", "0")]
    met = sum(1 for r in server if r["meets_targets"] == "yes")
    lines = [
        f"Measured on: {machine['cpu']}, {machine['cores']} cores, {machine['os']}, Python "
        f"{machine['python']}, matplotlib {machine['matplotlib']}, ipympl {machine['ipympl']}; "
        f"a full draw of a one-line figure takes {machine['reference draw (one line, 7x4 in, 100 dpi)']} here.",
        "",
        f"Server side, control change to figure drawn ({met} of {len(server)} controls meet both "
        "targets: median at most 16.7 ms, at least 5 times faster than rebuilding the figure):",
        "",
        "| app | control | median ms | p95 ms | rebuild ms | ratio | meets |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in server:
        control = r["control"].split(" (", 1)[0]
        lines.append(f"| {r['app']} | {control} | {_num(r['median_ms'])} | {_num(r['p95_ms'])} | "
                     f"{_num(r['replot_median_ms'], 0)} | {_num(r['ratio'], 0)}x | {r['meets_targets']} |")
    browser = [r for r in _rows("browser.csv") if r.get("steps") not in (None, "", "0")]
    if browser:
        # the course as installed (tuned); a run that also measured it without the course's
        # JupyterLab extension (reencoding) gives that median beside it
        without = {(r["notebook"], r.get("dpr")): r for r in browser if r.get("canvas") == "reencoding"}
        shown = [r for r in browser if r.get("canvas", "tuned") == "tuned"]
        lines += ["", "Browser, key press on the lesson's main slider to the next frame after the canvas got "
                  "new pixels (targets: median at most 100 ms at device-pixel-ratio 1; median at most 50 ms "
                  "and p95 at most 100 ms at ratio 2), when the kernel sent the image (its own clock), "
                  "when the image arrived in the page, and the step less the kernel's own work (what it "
                  "would take if the kernel's work cost nothing):", "",
                  "| lesson | app | device pixel ratio | median ms | p95 ms | kernel sent image ms | image arrived ms "
                  "| outside the kernel ms | meets |"
                  + (" median ms without the course's JupyterLab extension (same run) |" if without else ""),
                  "|---|---|---|---|---|---|---|---|---|" + ("---|" if without else "")]
        for r in shown:
            other = without.get((r["notebook"], r.get("dpr")))
            lines.append(f"| {r['notebook']} | {r['app']} | {_num(r.get('dpr', 1), 0)} | {_num(r['median_ms'], 0)} | "
                         f"{_num(r['p95_ms'], 0)} | {_num(r.get('kernel_image_ms'), 0)} | "
                         f"{_num(r.get('image_ms'), 0)} | {_num(r.get('outside_kernel_ms'), 0)} | {r['meets_target']} |"
                         + (f" {_num(other['median_ms'], 0) if other else '-'} |" if without else ""))
    lines += step_cost_lines()
    notebooks = _rows("notebooks.csv")
    course = {r["step"]: r for r in _rows("course.csv")}
    facts = []
    if notebooks:
        times = [float(r["seconds"]) for r in notebooks]
        facts.append(f"each notebook runs top to bottom in a fresh kernel in {min(times):.1f} to "
                     f"{max(times):.1f} s (target at most 10 s)")
    if "make test" in course:
        facts.append(f"`make test` after install takes {_num(course['make test']['checks_s'], 0)} s "
                     "(target at most 180 s)")
    if "make lab" in course:
        lab = course["make lab"]
        facts.append(f"`make lab` shows the start page after {_num(lab['page_s'])} s and its kernel is "
                     f"ready after {_num(lab['kernel_s'])} s")
    if facts:
        lines += ["", "Course: " + "; ".join(facts) + "."]
    return "\n".join(lines)


def step_cost_lines() -> list[str]:
    """Kernel CPU per step with a browser attached (bench/step_cost.py), ipympl as shipped and
    the course's canvas, and the class estimate (bench/class_estimate.py)."""
    rows = _rows("step_cost.csv")
    if not rows:
        return []
    cell = {(r["app"], r["control"], r["variant"], _num(r["dpr"], 0)): r for r in rows}
    ratios = sorted({_num(r["dpr"], 0) for r in rows})
    top = ratios[-1]
    controls = list(dict.fromkeys((r["app"], r["control"]) for r in rows))
    met = sum(cell.get((a, c, "tuned", top), {}).get("meets_targets") == "yes" for a, c in controls)
    head = ["app", "control"] + [f"dpr {d} CPU ms (shipped -> course)" for d in ratios]
    head += [f"dpr {top} x faster than rebuild", "meets"]
    lines = ["", f"Kernel CPU per step with a browser attached, device-pixel-ratio {', '.join(ratios)} "
             f"({met} of {len(controls)} controls meet both targets at ratio {top}: median at most 16.7 ms "
             "of CPU, at least 5 times less than rebuilding):", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for app, control in controls:
        cells = [app, control.split(" (", 1)[0]]
        for d in ratios:
            s, t = cell.get((app, control, "shipped", d)), cell.get((app, control, "tuned", d))
            cells.append(f"{_num(s['cpu_median_ms'])} -> {_num(t['cpu_median_ms'])}" if s and t else "-")
        t = cell.get((app, control, "tuned", top), {})
        cells += [f"{_num(t.get('rebuild_ratio'), 0)}x", t.get("meets_targets", "-")]
        lines.append("| " + " | ".join(cells) + " |")
    estimate = _rows("class_estimate.csv")
    if estimate:
        lines += ["", "Class estimate (bench/class_estimate.py, from these costs; not a load test): largest class "
                  "on this machine with p95 latency at most 100 ms:", "",
                  "| control | canvas | dpr | largest class |", "|---|---|---|---|"]
        lines += [f"| {r['control']} | {r['variant']} | {_num(r['dpr'], 0)} | {r['largest_class_p95_100ms']} |"
                  for r in estimate]
    return lines


def main() -> int:
    if not (RESULTS / "server.csv").exists():
        print("no results yet: run `make bench` first", file=sys.stderr)
        return 1
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"README.md has no {START!r} ... {END!r} block", file=sys.stderr)
        return 1
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    README.write_text(f"{head}{START}\n\n{summary()}\n\n{END}{tail}", encoding="utf-8")
    print("README.md performance summary updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
