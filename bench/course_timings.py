"""Course timings: `make lab` to a usable start page, and `make test` after install.

    python bench/course_timings.py [--no-make-test] [--no-write]

- **make lab**: runs the real `make lab` (already installed) on a free port, with
  ``BROWSER=true`` so no desktop browser is started, reads the start-page link it prints, and
  opens it in headless Chromium. Three times are taken from the start of `make lab`: the
  server answering, the start page shown (its title heading rendered in the notebook panel),
  and its kernel connected and idle (the learner can run the first cell).
- **make test**: runs `make test` (with ``CI=true``, as `.ci/run` does) and takes the time it
  reports for the checks, which leaves out the install (already done).

Writes bench/results/course.csv and course.md and puts the section at the end of
docs/PERFORMANCE.md (after the browser section). No test asserts a timing.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import CHROMIUM_ARGS, _free_port, chromium_path  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from reportfile import COURSE_MARKER, write_results  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PERFORMANCE_MD = ROOT / "docs" / "PERFORMANCE.md"
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/lab/tree/\S+\?token=\S+)")
MAKE_TEST_TARGET_S = 180.0


def _wait(predicate, timeout_s: float, what: str, interval_s: float = 0.05):
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if predicate():
            return
        time.sleep(interval_s)
    raise TimeoutError(f"timed out after {timeout_s:.0f} s waiting for {what}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def time_make_lab() -> dict:
    """Seconds from `make lab` to the server answering, the page shown, the kernel idle."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = {**os.environ, "BROWSER": "true", "PORT": str(port)}
    start = time.perf_counter()
    proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"PORT={port}"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    row = {"step": "make lab"}
    try:
        link = None
        for line in proc.stdout:
            match = LINK.search(line)
            if match:
                link = match.group(1)
                break
        if link is None:
            raise RuntimeError("make lab printed no start-page link")
        _wait(lambda: _answers(link), 60, "the server to answer")
        row["server_s"] = time.perf_counter() - start
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.goto(link)
                page.locator(".jp-NotebookPanel .jp-MarkdownOutput h1").first.wait_for(timeout=60_000)
                row["page_s"] = time.perf_counter() - start
                # the status bar says "| Idle" once the kernel has started and is free
                status = page.locator("#jp-main-statusbar").get_by_text(re.compile(r"\| Idle"))
                status.first.wait_for(timeout=60_000)
                row["kernel_s"] = time.perf_counter() - start
            finally:
                browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return row


def time_make_test() -> dict:
    """Wall seconds of `make test`'s checks (install already done), as it reports them."""
    start = time.perf_counter()
    done = subprocess.run(["make", "--no-print-directory", "test"], cwd=ROOT, env={**os.environ, "CI": "true"},
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    match = re.search(r"all checks passed in (\d+) s", done.stdout)
    return {"step": "make test", "wall_s": wall, "checks_s": float(match.group(1)) if match else float("nan"),
            "passed": done.returncode == 0,
            "note": "" if done.returncode == 0 else f"make test failed (exit {done.returncode})"}


def markdown(lab: dict, test: dict | None) -> str:
    lines = [
        "## Course timings",
        "",
        "| what | seconds | target |",
        "|---|---|---|",
        f"| `make lab` (installed) to the server answering | {lab['server_s']:.1f} | - |",
        f"| `make lab` to the start page shown | {lab['page_s']:.1f} | - |",
        f"| `make lab` to the start page's kernel ready (first cell can run) | {lab['kernel_s']:.1f} | - |",
    ]
    if test is not None:
        verdict = "met" if test["passed"] and test["checks_s"] <= MAKE_TEST_TARGET_S else "missed"
        lines.append(f"| `make test` after install: every check (lint, unit, nbval, browser) | "
                     f"{test['checks_s']:.0f} | at most {MAKE_TEST_TARGET_S:.0f}: {verdict} |")
        if test["note"]:
            lines.append(f"\n{test['note']}")
    lines += [
        "",
        "Method: `make lab` is started as a learner starts it (already installed), with "
        "`BROWSER=true` so that no desktop browser opens; its printed link is opened in headless "
        "Chromium. `make test` runs with `CI=true`; the seconds are those it prints for its checks "
        "(the install is done before its clock starts). Notebook execution times are in the "
        "server section above.",
        "",
    ]
    return "\n".join(lines)


def write(lab: dict, test: dict | None) -> None:
    rows = [lab] + ([test] if test else [])
    write_results(RESULTS, "course", rows, markdown(lab, test), PERFORMANCE_MD, COURSE_MARKER)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-make-test", action="store_true", help="skip timing make test (about 3 min)")
    parser.add_argument("--no-write", action="store_true", help="print only; write no files")
    args = parser.parse_args(argv)
    if chromium_path() is None:
        raise SystemExit("Chromium not found: install Debian's chromium or set CHROMIUM=/path")
    print("timing make lab ...", file=sys.stderr, flush=True)
    lab = time_make_lab()
    print(f"make lab: server {lab['server_s']:.1f} s, start page {lab['page_s']:.1f} s, "
          f"kernel ready {lab['kernel_s']:.1f} s")
    test = None
    if not args.no_make_test:
        print("timing make test ...", file=sys.stderr, flush=True)
        test = time_make_test()
        print(f"make test: checks {test['checks_s']:.0f} s (wall {test['wall_s']:.0f} s) {test['note']}")
    if not args.no_write:
        write(lab, test)
        print(f"wrote {RESULTS.relative_to(ROOT)}/course.csv, course.md and {PERFORMANCE_MD.relative_to(ROOT)}")
    return 0 if test is None or test["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
