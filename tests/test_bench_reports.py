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


def test_summary_shows_the_course_as_installed_with_the_same_runs_figure_without_its_extension(summary):
    module, readme = summary
    fields = ["notebook", "dpr", "canvas", "app", "steps", "median_ms", "p95_ms", "kernel_image_ms", "image_ms",
              "outside_kernel_ms", "meets_target"]
    with open(module.RESULTS / "browser.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        for dpr, without, tuned in [(1.0, 70.4, 61.2), (2.0, 101.0, 88.6)]:
            w.writerow({"notebook": "00.ipynb", "dpr": dpr, "canvas": "reencoding", "app": "hp-app-x", "steps": 20,
                        "median_ms": without, "p95_ms": 120, "kernel_image_ms": 22, "image_ms": 40,
                        "meets_target": "no"})
            w.writerow({"notebook": "00.ipynb", "dpr": dpr, "canvas": "tuned", "app": "hp-app-x", "steps": 20,
                        "median_ms": tuned, "p95_ms": 99, "kernel_image_ms": 23, "image_ms": 41,
                        "outside_kernel_ms": 58, "meets_target": "yes"})
    module.main()
    text = readme.read_text()
    assert "| median ms without the course's JupyterLab extension (same run) |" in text
    assert "| 00.ipynb | hp-app-x | 1 | 61 | 99 | 23 | 41 | 58 | yes | 70 |" in text
    assert "| 00.ipynb | hp-app-x | 2 | 89 | 99 | 23 | 41 | 58 | yes | 101 |" in text
    assert text.count("| 00.ipynb |") == 2  # one row per lesson and ratio: the course as installed


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


def test_the_server_section_keeps_every_later_section(tmp_path, monkeypatch):
    """run_bench.py rewrites the top of the report; the sections and blocks other benchmarks
    wrote after it (browser, course, step cost, class estimate, revisions, hub) stay."""
    from reportfile import KEEP, MARKERS, write_head

    perf = tmp_path / "PERFORMANCE.md"
    later = "".join(f"{m}\n\nsection {i}\n\n" for i, m in enumerate(MARKERS + KEEP))
    perf.write_text(f"# Performance\n\nserver v1\n\n{later}")
    write_head(perf, f"# Performance\n\nserver v2\n\n{MARKERS[0]}\n")  # as run_bench.py ends it
    text = perf.read_text()
    assert "server v1" not in text and text.startswith("# Performance\n\nserver v2\n")
    assert text.endswith(later) and text.count(MARKERS[0]) == 1
    write_head(perf, "# Performance\n\nserver v2\n")
    assert perf.read_text() == text


def test_revisions_are_read_from_run_bench_output_and_compared(tmp_path, monkeypatch):
    compare = _load("compare_revisions")
    out = "\n".join([
        "app              control           steps  median ms  p95 ms  callback ms  CPU ms  replot ms  ratio  meets",
        "causes.TrussApp  mass_slider (Body mass (kg))  60  26.4  38.7  26.4  26.2  358.3  13.6  no",
        "causes.TrussApp  case_picker (Load case:)      60  12.0  13.0  12.0  11.0  300.0  25.0  yes",
        "causes.TrussApp  -                             0   -     -     -     -     -      -     -",
        "causes.Other     x (y)                         60  1.0   1.0   1.0   1.0   10.0   10.0  yes",
    ])
    found = compare.parse_rows(out, "causes.TrussApp")
    assert found == {"mass_slider (Body mass (kg))": (26.2, 358.3), "case_picker (Load case:)": (11.0, 300.0)}
    assert compare.meets(11.0, 300.0) and not compare.meets(26.2, 358.3) and not compare.meets(10.0, 40.0)
    rows = [{"app": "causes.TrussApp", "control": "mass_slider (Body mass (kg))",
             "old cpu_ms": 20.0, "old rebuild_ms": 300.0, "old meets": "no",
             "new cpu_ms": 10.0, "new rebuild_ms": 300.0, "new meets": "yes"}]
    text = compare.markdown(rows, ["old", "new"], 60, 8, "1.0 / 1.0 / 1.0")
    assert "| causes.TrussApp | mass_slider | 20.0 | 10.0 | 0.50 | no | yes |" in text
    assert "new: 1 of 1 controls meet both targets" in text and "median ratio of step CPU 0.50" in text


def test_browser_rows_are_judged_by_the_target_of_their_pixel_ratio(tmp_path, monkeypatch):
    browser = _load("browser_latency")
    assert browser.meets(1, 99.0, 180.0) == "yes"  # ratio 1: the median only
    assert browser.meets(1, 101.0, 120.0) == "no"
    assert browser.meets(2, 49.0, 99.0) == "yes"  # ratio 2: median and 95th percentile
    assert browser.meets(2, 49.0, 101.0) == "no" and browser.meets(2, 51.0, 60.0) == "no"
    assert browser.meets(2, float("nan"), float("nan")) == "-"
    perf = tmp_path / "PERFORMANCE.md"
    perf.write_text(f"# Performance\n\n{browser.BROWSER_MARKER}\n\nold\n")
    monkeypatch.setattr(browser, "PERFORMANCE_MD", perf)
    monkeypatch.setattr(browser, "RESULTS", tmp_path / "results")
    row = {"notebook": "a.ipynb", "dpr": 2.0, "canvas": "tuned", "ready_s": 6.0, "app": "hp-app-x",
           "steps": 20, "median_ms": 45.0, "p95_ms": 120.0, "misses": 0, "meets_target": "yes", "note": ""}
    browser.write([row], 1.5)
    rows, server_s = browser.load_results()  # judged again: the p95 is over 100 ms
    assert server_s == 1.5 and rows[0]["meets_target"] == "no" and rows[0]["steps"] == 20
    assert browser.main(["--rerender"]) == 0
    assert "| a.ipynb | 2 | tuned | 6.0 | `hp-app-x` | 20 | 45 | 120 | no |" in perf.read_text()


def test_browser_steps_are_summarised_with_where_the_time_went():
    browser = _load("browser_latency")
    steps = [{"sent": 1.0, "kernel_busy": 5.0, "kernel_image": 20.0, "image": 30.0, "bytes": 12000,
              "canvas": 60.0, "frame": 70.0, "reencode": 14.0},
             {"sent": 2.0, "kernel_busy": 6.0, "kernel_image": None, "image": None, "bytes": None,
              "canvas": 80.0, "frame": 90.0, "reencode": 16.0},
             {"sent": 1.0, "kernel_busy": 4.0, "kernel_image": 24.0, "image": 40.0, "bytes": 8000,
              "canvas": 100.0, "frame": 110.0, "reencode": 15.0}]
    row = {"notebook": "a.ipynb", "dpr": 2.0, "canvas": "tuned", "ready_s": 6.0, "app": "hp-app-x",
           "misses": 0, "meets_target": "-", "note": ""}
    browser.summarise(row, steps)
    assert row["steps"] == 3 and row["median_ms"] == 90.0 and row["p95_ms"] == 110.0
    assert (row["sent_ms"], row["image_ms"], row["canvas_ms"], row["reencode_ms"]) == (1.0, 35.0, 80.0, 15.0)
    assert (row["kernel_busy_ms"], row["kernel_image_ms"]) == (5.0, 22.0)  # steps without a stamp left out
    assert row["image_kb"] == 10.0
    # the step less the kernel's own work, from the steps with both stamps: 70 - 15, 110 - 20
    assert row["outside_kernel_ms"] == 72.5
    row["meets_target"] = browser.meets(2, row["median_ms"], row["p95_ms"])
    text = browser.markdown([row], 1.5)
    assert "| a.ipynb | 2 | tuned | 6.0 | `hp-app-x` | 3 | 90 | 110 | no | 1 | 5 | 22 | 35 | 80 | 15 | 72 | 10 |  |" in text
    empty = {"steps": 0}
    browser.summarise(empty, [])
    assert empty == {"steps": 0}


def test_the_observer_reads_the_browser_benchmarks_steps_as_frame_times(monkeypatch):
    """The load test's measuring page uses bench/browser_latency.py's measurement: its pages get
    the same timeline script, and each step's time to the frame is what the load test counts."""
    import sys

    lt = load_script(ROOT / "hub" / "loadtest.py")
    browser_latency = _load("browser_latency")
    monkeypatch.setitem(sys.modules, "browser_latency", browser_latency)
    steps = [{"sent": 1.0, "image": 30.0, "bytes": 9000, "canvas": 60.0, "frame": 70.0, "reencode": 9.0},
             {"sent": 1.0, "image": 35.0, "bytes": 9000, "canvas": 75.0, "frame": 82.5, "reencode": 9.0}]
    monkeypatch.setattr(browser_latency, "measure", lambda page, n: ("hp-app-x", steps[:n], 1))
    observer = object.__new__(lt.Observer)
    observer.page = object()
    assert observer.measure(2) == ([70.0, 82.5], 1)
    source = (ROOT / "hub" / "loadtest.py").read_text()
    assert "add_init_script(TIMELINE)" in source
