"""The step-cost benchmark (bench/step_cost.py with tests/frontend.py) and the class estimate
(bench/class_estimate.py): they run and put their results where the reports show them. No
timing is asserted."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from support import load_script

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def estimate():
    return load_script(ROOT / "bench" / "class_estimate.py")


def test_step_cost_measures_an_app_with_a_browser_attached():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    env.pop("MPLBACKEND", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "step_cost.py"), "--apps", "PainScaleApp", "--steps", "3",
         "--rebuilds", "1", "--ratios", "1,2", "--no-write"],
        capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    row = next(line for line in done.stdout.splitlines() if line.startswith("| start.PainScaleApp | slider |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    numbers = [float(c) for c in cells[2:4] + cells[9:11]]  # CPU ms, shipped and tuned, ratio 1 and 2
    assert all(np.isfinite(numbers)) and all(n > 0 for n in numbers)


def test_one_student_with_quick_steps_waits_only_for_the_step(estimate):
    latencies, busy = estimate.simulate([5.0], students=1, seconds=60, server_ms=0)
    assert latencies.size > 0
    assert np.allclose(latencies, 5.0)
    assert 0 < busy < 0.1


def test_slow_steps_are_coalesced_and_wait_at_most_two_steps_and_a_frame(estimate):
    latencies, _ = estimate.simulate([40.0], students=1, seconds=60, server_ms=0)
    assert latencies.min() >= 40.0 - 1e-6
    assert latencies.max() <= 2 * 40.0 + 1000 / 60 + 1e-6


def test_cheaper_steps_carry_a_larger_class(estimate):
    cheap = estimate.largest_class([8.0], server_ms=0, seconds=60)
    dear = estimate.largest_class([30.0], server_ms=0, seconds=60)
    assert cheap > dear >= 1


def test_class_estimate_section_and_the_hub_block_are_kept(tmp_path, monkeypatch, estimate):
    import json

    reportfile = load_script(ROOT / "bench" / "reportfile.py")
    results = tmp_path / "results"
    results.mkdir()
    (results / "step_cost_samples.json").write_text(json.dumps(
        {"causes.WindlassApp angle_slider (Big-toe extension (deg))": {"shipped 2": [60.0] * 5,
                                                                       "tuned 2": [15.0] * 5}}))
    perf = tmp_path / "PERFORMANCE.md"
    hub = "<!-- hub-loadtest: start (written by hub/loadtest.py) -->\nhub table\n<!-- hub-loadtest: end -->\n"
    perf.write_text(f"# Performance\n\nserver\n\n{reportfile.COURSE_MARKER}\n\ncourse\n\n{hub}")
    monkeypatch.setattr(estimate, "RESULTS", results)
    monkeypatch.setattr(estimate, "PERFORMANCE_MD", perf)
    assert estimate.main(["--seconds", "30"]) == 0
    text = perf.read_text()
    assert text.count("hub table") == 1 and text.index("## Class estimate") < text.index("hub table")
    assert "course" in text and "server" in text
    with open(results / "class_estimate.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["variant"] for r in rows} == {"shipped", "tuned"}


def test_summary_shows_the_step_cost(tmp_path, monkeypatch):
    summary = load_script(ROOT / "bench" / "summary.py")
    results = tmp_path / "results"
    results.mkdir()
    fields = ["app", "control", "variant", "dpr", "cpu_median_ms", "rebuild_ratio", "meets_targets"]
    with open(results / "step_cost.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        for variant, dpr, cpu, meets in [("shipped", 1, 20.0, "no"), ("tuned", 1, 8.0, "yes"),
                                         ("shipped", 2, 60.0, "no"), ("tuned", 2, 15.0, "yes")]:
            w.writerow({"app": "start.PainScaleApp", "control": "slider (Pain now (0-10))", "variant": variant,
                        "dpr": dpr, "cpu_median_ms": cpu, "rebuild_ratio": 20.0, "meets_targets": meets})
    monkeypatch.setattr(summary, "RESULTS", results)
    lines = summary.step_cost_lines()
    assert "| start.PainScaleApp | slider | 20.0 -> 8.0 | 60.0 -> 15.0 | 20x | yes |" in lines
    assert any("1 of 1 controls meet both targets at ratio 2" in line for line in lines)
