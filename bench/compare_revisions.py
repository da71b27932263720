"""Server-side step cost of several revisions of the course, measured in one run.

    python bench/compare_revisions.py REV [REV ...] [--steps 60] [--replot-steps 8] [--apps NAME ...]

A timing taken today cannot be compared with one taken on another day: the machine, its load
and its neighbours change (this machine's speed has varied by a factor of three between runs).
So each revision is checked out into a temporary git worktree, and ``bench/run_bench.py`` of
that revision measures one app at a time, the revisions taking turns app by app, so that all of
them meet the same machine and the same load. ``.`` names the current checkout, uncommitted
changes included. Every revision runs in the current environment (``sys.executable``).

For every control: the median process CPU time of an in-place step and of a rebuild, per
revision, and each later revision's step time as a ratio of the first one's. Targets as in the
server-side section, on CPU time (wall time on a shared machine also counts other programs).

Writes bench/results/revisions.csv and .md and its section of docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from reportfile import FRAME_MS, MIN_RATIO, REVISIONS_MARKER, write_results  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PERFORMANCE_MD = ROOT / "docs" / "PERFORMANCE.md"


def parse_rows(output: str, app: str) -> dict:
    """``{control: (cpu median ms, rebuild median ms)}`` from run_bench's printed table rows of
    ``app`` (columns two or more spaces apart: app, control, steps, median, p95, callback, CPU,
    replot, ratio, meets). Rows of skipped controls (``-``) are left out."""
    found = {}
    for line in output.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) < 10 or cells[0] != app or not cells[2].isdigit():
            continue
        try:
            found[cells[1]] = (float(cells[6]), float(cells[7]))
        except ValueError:
            continue
    return found


def meets(cpu_ms: float, rebuild_ms: float) -> bool:
    return cpu_ms <= FRAME_MS and rebuild_ms >= MIN_RATIO * cpu_ms


def short(rev: str) -> str:
    if rev == ".":
        return "working tree"
    out = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    if out.returncode:
        raise SystemExit(f"compare_revisions: {rev!r} is not a revision of this repository; "
                         "give a commit, a branch or '.' for the working tree")
    return out.stdout.strip()


def app_labels(tree: Path) -> list[str]:
    code = ("import matplotlib; matplotlib.use('Agg'); from helpers import catalogue as c; "
            "apps, _ = c.discover_apps(); print(' '.join(c.app_label(a) for a in apps))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tree, env=_env(tree),
                         capture_output=True, text=True, check=True)
    return out.stdout.split()


def _env(tree: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree), MPLBACKEND="Agg")
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    return env


def measure(trees: dict, apps: list[str], steps: int, replot_steps: int, progress=print) -> list[dict]:
    """One row per (app, control) measured by every revision; revisions take turns per app."""
    rows = []
    for app in apps:
        per_rev = {}
        for name, tree in trees.items():
            out = subprocess.run(
                [sys.executable, "bench/run_bench.py", "--apps", app, "--no-notebooks", "--no-write",
                 "--steps", str(steps), "--replot-steps", str(replot_steps)],
                cwd=tree, env=_env(tree), capture_output=True, text=True, check=False)
            if out.returncode:
                progress(f"{name} {app}: run_bench failed: {out.stderr.strip().splitlines()[-1:]}")
            per_rev[name] = parse_rows(out.stdout, app)
        controls = [c for c in per_rev[next(iter(trees))] if all(c in r for r in per_rev.values())]
        for control in controls:
            row = {"app": app, "control": control}
            for name in trees:
                cpu, rebuild = per_rev[name][control]
                row[f"{name} cpu_ms"] = cpu
                row[f"{name} rebuild_ms"] = rebuild
                row[f"{name} meets"] = "yes" if meets(cpu, rebuild) else "no"
            rows.append(row)
            progress(f"{app} {control}: " + ", ".join(f"{n} {row[f'{n} cpu_ms']:.1f} ms" for n in trees))
    return rows


def markdown(rows: list[dict], names: list[str], steps: int, replot_steps: int, load: str) -> str:
    first = names[0]
    header = ["app", "control"] + [f"{n} CPU ms" for n in names]
    header += [f"{n} / {first}" for n in names[1:]] + [f"meets ({n})" for n in names]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        cells = [r["app"], r["control"].split(" (", 1)[0]]
        cells += [f"{r[f'{n} cpu_ms']:.1f}" for n in names]
        cells += [f"{r[f'{n} cpu_ms'] / r[f'{first} cpu_ms']:.2f}" for n in names[1:]]
        cells += [r[f"{n} meets"] for n in names]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    summary = []
    for n in names:
        met = sum(r[f"{n} meets"] == "yes" for r in rows)
        total = sum(r[f"{n} cpu_ms"] for r in rows)
        summary.append(f"{n}: {met} of {len(rows)} controls meet both targets, steps add up to {total:.0f} ms")
    for n in names[1:]:
        ratio = statistics.median(r[f"{n} cpu_ms"] / r[f"{first} cpu_ms"] for r in rows) if rows else float("nan")
        summary.append(f"{n} / {first}: median ratio of step CPU {ratio:.2f}")
    return "\n".join([
        "## Revisions compared in one run (server side)",
        "",
        f"Measured by `bench/compare_revisions.py {' '.join(names)}`: each revision's own "
        f"`bench/run_bench.py` ({steps} in-place steps and {replot_steps} rebuilds per control), the revisions "
        "taking turns app by app so that all meet the same load. Median process CPU time per step; targets "
        f"as above (at most {FRAME_MS:.1f} ms, and a rebuild at least {MIN_RATIO:g} times slower), on CPU time. "
        f"{os.cpu_count()} cores; load average (1, 5, 15 min) at the end: {load}.",
        "",
        *[f"- {s}" for s in summary],
        "",
        *lines,
        "",
    ])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revisions", nargs="+", help="commits or branches; '.' is the working tree")
    parser.add_argument("--steps", type=int, default=60, help="in-place steps per control and revision")
    parser.add_argument("--replot-steps", type=int, default=8, help="rebuilds per control and revision")
    parser.add_argument("--apps", nargs="*", help="only these apps (module.Class)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    names = [short(r) for r in args.revisions]
    if len(set(names)) != len(names):
        raise SystemExit("compare_revisions: each revision once, please")
    with tempfile.TemporaryDirectory(prefix="hp-revisions-") as tmp:
        trees = {}
        try:
            for rev, name in zip(args.revisions, names, strict=True):
                if rev == ".":
                    trees[name] = ROOT
                    continue
                tree = Path(tmp) / name
                subprocess.run(["git", "worktree", "add", "--detach", str(tree), rev], cwd=ROOT,
                               capture_output=True, check=True)
                trees[name] = tree
            apps = args.apps or app_labels(trees[names[-1]])
            rows = measure(trees, apps, args.steps, args.replot_steps,
                           progress=lambda s: print(s, file=sys.stderr, flush=True))
        finally:
            for tree in trees.values():
                if tree != ROOT:
                    with contextlib.suppress(subprocess.CalledProcessError):
                        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                                       capture_output=True, check=True)
    load = " / ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "unknown"
    text = markdown(rows, names, args.steps, args.replot_steps, load)
    print(text)
    if not args.no_write:
        write_results(RESULTS, "revisions", rows, text, PERFORMANCE_MD, REVISIONS_MARKER)
        print(f"wrote bench/results/revisions.csv, revisions.md and {PERFORMANCE_MD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
