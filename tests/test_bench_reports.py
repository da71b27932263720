"""The benchmark's report writers (bench/summary.py, bench/course_timings.py): no timing is
run or asserted here, only that results are put where the README and docs/PERFORMANCE.md show
them, and that nothing else in those files is lost."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from support import load_script

ROOT = Path(__file__).resolve().parent.parent


def _load(name):
    return load_script(ROOT / "bench" / f"{name}.py")


@pytest.fixture()
def summary(tmp_path, monkeypatch):
    module = _load("summary")
    results = tmp_path / "results"
    results.mkdir()
    (results / "machine.json").write_text(json.dumps({
        "cpu": "Test CPU", "cores": "2", "os": "Linux", "python": "3.11.7", "matplotlib": "3.11.2",
        "ipympl": "0.10.0", "reference draw (one line, 7x4 in, 100 dpi)": "50.0 ms"}))
    with open(results / "server.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["app", "control", "steps", "median_ms", "p95_ms",
                                           "replot_median_ms", "ratio", "meets_targets"])
        w.writeheader()
        w.writerow({"app": "causes.TrussApp", "control": "mass_slider (Body mass (kg))", "steps": 200,
                    "median_ms": 13.24, "p95_ms": 14.8, "replot_median_ms": 153.5, "ratio": 11.6,
                    "meets_targets": "yes"})
        w.writerow({"app": "checklist.ChecklistApp", "control": "-", "steps": 0, "median_ms": "nan",
                    "p95_ms": "nan", "replot_median_ms": "nan", "ratio": "nan", "meets_targets": "-"})
    with open(results / "notebooks.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["notebook", "seconds", "meets_target", "note"])
        w.writeheader()
        w.writerows([{"notebook": "a.ipynb", "seconds": 1.4, "meets_target": "yes", "note": ""},
                     {"notebook": "b.ipynb", "seconds": 2.0, "meets_target": "yes", "note": ""}])
    readme = tmp_path / "README.md"
    readme.write_text(f"# Course\n\nintro\n\n{module.START}\nold table\n{module.END}\n\n## Licence\nMIT\n")
    monkeypatch.setattr(module, "RESULTS", results)
    monkeypatch.setattr(module, "README", readme)
    return module, readme


def test_summary_replaces_only_its_block(summary):
    module, readme = summary
    assert module.main() == 0
    text = readme.read_text()
    assert text.startswith("# Course\n\nintro\n\n") and text.endswith("\n\n## Licence\nMIT\n")
    assert "old table" not in text
    assert "| causes.TrussApp | mass_slider | 13.2 | 14.8 | 154 | 12x | yes |" in text
    assert "ChecklistApp" not in text  # apps without a measured control are not in the table
    assert "1 of 1 controls meet both targets" in text
    assert "Test CPU, 2 cores" in text and "1.4 to 2.0 s" in text
    module.main()
    assert readme.read_text() == text  # a second run changes nothing


def test_summary_refuses_a_readme_without_its_markers(summary, capsys):
    module, readme = summary
    readme.write_text("# Course\n")
    assert module.main() == 1
    assert "bench-summary" in capsys.readouterr().err
    assert readme.read_text() == "# Course\n"


def test_course_section_goes_after_the_browser_section_and_survives_its_rewrite(tmp_path, monkeypatch):
    course = _load("course_timings")
    browser = _load("browser_latency")
    perf = tmp_path / "PERFORMANCE.md"
    perf.write_text(f"# Performance\n\nserver\n\n{browser.BROWSER_MARKER}\n\nbrowser v1\n")
    for module in (course, browser):
        monkeypatch.setattr(module, "PERFORMANCE_MD", perf)
        monkeypatch.setattr(module, "RESULTS", tmp_path / "results")
    lab = {"step": "make lab", "server_s": 2.1, "page_s": 5.0, "kernel_s": 6.5}
    test = {"step": "make test", "wall_s": 170.0, "checks_s": 163.0, "passed": True, "note": ""}
    course.write(lab, test)
    text = perf.read_text()
    assert text.index("browser v1") < text.index(course.COURSE_MARKER)
    assert "| `make test` after install: every check (lint, unit, nbval, browser) | 163 | at most 180: met |" in text
    row = {"notebook": "a.ipynb", "ready_s": 6.0, "app": "hp-app-x", "steps": 20, "median_ms": 60.0,
           "p95_ms": 90.0, "misses": 0, "meets_target": "yes", "note": ""}
    browser.write([row], 1.5)
    text = perf.read_text()
    assert "browser v1" not in text and "hp-app-x" in text
    assert text.count(course.COURSE_MARKER) == 1 and "163" in text
