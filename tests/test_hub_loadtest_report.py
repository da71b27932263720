"""The load test's report (the run itself is make loadtest, not part of make test)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from support import load_script

ROOT = Path(__file__).resolve().parent.parent


def _result():
    row = {"students": 5, "ratio": 1, "p50_ms": 40.0, "p95_ms": 90.0, "misses": 0, "cpu_busy": 0.5,
           "cores_per_student": 0.02, "load_avg": "1.0", "memory_per_student_mib": 240.0,
           "meets": True, "slider_updates": 100, "window_s": 20.0}
    return {"date": "2026-01-01", "machine": {"cpu": "x", "cores": 2, "memory_mib": 4096, "os": "Linux",
                                              "python": "3.11"},
            "load_before": "1 / 1 / 1", "lesson": "01-causes.ipynb", "slider": "s", "drag_s": 3.0,
            "cycle_s": 30.0, "steps": 30, "largest_n": {"1": "5"},
            "rows": [dict(row, students=0, cores_per_student=0.0, slider_updates=0), row],
            "spawn_s": {"median": 5.0, "max": 8.0, "students": 5}, "lesson_run_s": {"median": 4.0},
            "memory_per_student_mib": 240.0}


def test_cpu_estimate_comes_from_cpu_per_slider_update():
    lt = load_script(ROOT / "hub" / "loadtest.py")
    est = lt.cpu_estimate(_result())
    # 0.02 cores x 5 students x 20 s = 2 s of CPU over 100 updates: 20 ms an update; a dragging
    # student needs min(1, 20 ms x 60/s) = 1 core a tenth of the time; 70% of 2 cores: 14 students
    assert est == {"1": {"cpu_ms_per_update": 20.0, "students": 14}}


def _in_a_copy(tmp_path, monkeypatch):
    """The load test module writing its reports into ``tmp_path`` (a report, a README with the
    markers, the sizing file)."""
    lt = load_script(ROOT / "hub" / "loadtest.py")
    (tmp_path / "docs").mkdir()
    (tmp_path / "hub").mkdir()
    (tmp_path / "docs" / "PERFORMANCE.md").write_text("# Performance\n\nbench part\n")
    (tmp_path / "README.md").write_text(f"intro\n{lt.MARK_START}\nold\n{lt.MARK_END}\nend\n")
    shutil.copy(ROOT / "hub" / "sizing.json", tmp_path / "hub" / "sizing.json")
    monkeypatch.setattr(lt, "ROOT", tmp_path)
    monkeypatch.setattr(lt, "HERE", tmp_path / "hub")
    return lt


def test_the_report_goes_between_markers_and_survives_a_rewrite(tmp_path, monkeypatch):
    lt = _in_a_copy(tmp_path, monkeypatch)
    for _ in range(2):
        lt.write_reports(_result())
    perf = (tmp_path / "docs" / "PERFORMANCE.md").read_text()
    assert perf.startswith("# Performance\n\nbench part\n") and perf.count(lt.MARK_START) == 1
    assert "| 5 | 5 | 0 | 1 | 40 | 90 | 0 | 50% | 0.020 | 1.0 | 240 | yes |" in perf
    readme = (tmp_path / "README.md").read_text()
    assert readme.startswith("intro\n") and readme.endswith("end\n") and "old" not in readme
    assert "up to 5 students at device-pixel-ratio 1" in readme
    assert json.loads((tmp_path / "hub" / "sizing.json").read_text())["measured"]["memory_per_student_mib"] == 240
    saved = json.loads((tmp_path / "hub" / "results" / "loadtest.json").read_text())
    assert saved["cpu_estimate"]["1"]["students"] == 14


def test_the_students_module_reads_class_lists(tmp_path):
    students = load_script(ROOT / "hub" / "students.py")
    plain = tmp_path / "class.txt"
    plain.write_text("# class 3B\nana\n\nben-2\nana\n")
    assert students.read_class_list(plain) == ["ana", "ben-2"]
    table = tmp_path / "class.csv"
    table.write_text("name,username\nAna Lima,ana\nBen Roy,ben\n")
    assert students.read_class_list(table) == ["ana", "ben"]
    bad = tmp_path / "bad.txt"
    bad.write_text("ana\nBen Roy\n")
    try:
        students.read_class_list(bad)
    except ValueError as exc:
        assert "line 2" in str(exc) and "'Ben Roy'" in str(exc)
    else:
        raise AssertionError("a bad name must be refused")
    assert len(students.new_password().replace("-", "")) == 12


def test_on_an_idle_machine_the_report_says_what_the_students_added(tmp_path, monkeypatch):
    """No class size meets the target because the measuring page alone is over it, on a machine
    with nothing else running: the summary says so, with the latency the students added."""
    lt = _in_a_copy(tmp_path, monkeypatch)
    result = _result()
    result["largest_n"] = {"1": "0"}
    result["rows"] = [dict(r, p50_ms=p50, p95_ms=p95, meets=False, cpu_busy=busy)
                      for r, p50, p95, busy in zip(result["rows"], (107.0, 189.0), (143.0, 375.0),
                                                    (0.32, 0.82))]
    assert lt.growth(result) == {"1": {"none": (107.0, 143.0, 0.32), "most": (5, 189.0, 375.0)}}
    lt.write_reports(result, update_sizing=False)
    readme = (tmp_path / "README.md").read_text()
    assert "busy with other work" not in readme
    assert "took a median of 107 ms at ratio 1 on its own, and with the most students that started " \
           "189 ms (5 students) at ratio 1" in readme
    perf = (tmp_path / "docs" / "PERFORMANCE.md").read_text()
    assert "with the most students that started, 189 ms (p95 375) with 5 at ratio 1." in perf
    result["rows"][0]["cpu_busy"] = 1.0  # the machine busy with other work before any student
    lt.write_reports(result, update_sizing=False)
    assert "busy with other work" in (tmp_path / "README.md").read_text()
