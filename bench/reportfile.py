"""Writing one benchmark's results: a CSV and a Markdown file in bench/results/, and its
section of docs/PERFORMANCE.md (after its marker line, the sections before it kept)."""

from __future__ import annotations

import csv
from pathlib import Path

#: The server-side targets every step-cost benchmark judges by: one 60 Hz frame, and at least
#: this many times faster than rebuilding the figure.
FRAME_MS = 1000 / 60
MIN_RATIO = 5.0

#: Section markers in docs/PERFORMANCE.md, in page order (run_bench.py writes what comes first).
BROWSER_MARKER = "<!-- browser results below: written by bench/browser_latency.py -->"
COURSE_MARKER = "<!-- course timings below: written by bench/course_timings.py -->"
STEP_MARKER = "<!-- step cost below: written by bench/step_cost.py -->"
CLASS_MARKER = "<!-- class estimate below: written by bench/class_estimate.py -->"
REVISIONS_MARKER = "<!-- revisions compared below: written by bench/compare_revisions.py -->"
MARKERS = [BROWSER_MARKER, COURSE_MARKER, STEP_MARKER, CLASS_MARKER, REVISIONS_MARKER]
#: Blocks written by other tools that a section written here must not swallow (kept at the end).
KEEP = ["<!-- hub-loadtest: start"]


def write_results(results: Path, name: str, rows: list[dict], section: str, perf_md: Path,
                  marker: str) -> None:
    """``results/<name>.csv`` (floats to 0.1) and ``.md``, and ``section`` after ``marker`` in
    ``perf_md``: what comes before the marker stays, and so do the sections of the markers
    that follow it in :data:`MARKERS`."""
    results.mkdir(parents=True, exist_ok=True)
    fields = list(dict.fromkeys(k for r in rows for k in r))
    with open(results / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows({k: round(v, 1) if isinstance(v, float) else v for k, v in r.items()} for r in rows)
    (results / f"{name}.md").write_text(section, encoding="utf-8")
    text = perf_md.read_text(encoding="utf-8") if perf_md.exists() else "# Performance\n"
    later = MARKERS[MARKERS.index(marker) + 1:] + KEEP
    starts = [text.index(m) for m in later if m in text]
    cut = [text.index(marker)] if marker in text else starts
    head = (text[:min(cut)] if cut else text).rstrip("\n")
    tail = f"\n{text[min(starts):]}" if starts else ""
    perf_md.write_text(f"{head}\n\n{marker}\n\n{section}{tail}", encoding="utf-8")


def write_head(perf_md: Path, text: str) -> None:
    """Put ``text`` at the top of ``perf_md`` (run_bench.py's server-side section), keeping every
    section written after a marker and the blocks of :data:`KEEP`."""
    old = perf_md.read_text(encoding="utf-8") if perf_md.exists() else ""
    starts = [old.index(m) for m in MARKERS + KEEP if m in old]
    tail = f"\n{old[min(starts):]}" if starts else ""
    ends = [text.index(m) for m in MARKERS if m in text]
    if tail and ends:  # the old file has the markers already
        text = text[:min(ends)]
    perf_md.write_text(f"{text.rstrip()}\n{tail}", encoding="utf-8")
