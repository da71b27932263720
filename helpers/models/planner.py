"""Session planner for lesson 02: order the chosen regions from the knee to the toes, add up
the time, collect the cautions, and render the plan as Markdown or printable HTML.

Model assumptions and limits
----------------------------
- The order knee-to-toes follows the article the course grew from ("all the muscles from the
  knees to the tips of the toes"); no trial compared one order with another.
- Minutes per region (0.5 to 15) and the pressures shown are practice convention, not
  evidence. The plan does not decide whether massage is safe for a person: the cautions are
  reminders, not a screening.

>>> plan = plan_session({"toes": 2, "gastroc_medial": 3})
>>> [s.region_id for s in plan.steps], plan.total_min
(['gastroc_medial', 'toes'], 5.0)
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from helpers import validate
from helpers.models.regions import RegionMap, load_region_map

MIN_MINUTES = 0.5
MAX_MINUTES = 15.0

CONVENTION_NOTE = "Pressures, directions and times are practice convention, not trial evidence."


@dataclass(frozen=True)
class PlanStep:
    """One step of a session: a region, its minutes and when it starts and ends."""

    number: int
    region_id: str
    label: str
    name: str
    minutes: float
    start_min: float
    end_min: float
    techniques: tuple
    pressure: str
    direction: str
    cautions: str


@dataclass(frozen=True)
class SessionPlan:
    """An ordered session plan: steps knee to toes, total time and the cautions that apply."""

    steps: tuple
    total_min: float

    @property
    def cautions(self) -> tuple:
        """(region label, caution text) for every step, in session order."""
        return tuple((s.label, s.cautions) for s in self.steps)

    def safety(self):
        """The warnings that apply to the chosen regions (:func:`helpers.safety.notice`): the
        blood-clot check for any calf region, the diabetes advice, each region's own cautions
        and the stop signs."""
        from helpers.safety import notice

        return notice(regions=[s.region_id for s in self.steps])

    def summary(self) -> str:
        """One line: number of regions and total time."""
        n = len(self.steps)
        return f"{n} region{'s' if n != 1 else ''}, {_fmt(self.total_min)} min in total"


def _fmt(x: float) -> str:
    return f"{x:g}"


def plan_session(minutes_by_region, region_map: RegionMap | None = None) -> SessionPlan:
    """Build a session plan from ``{region_id: minutes}``.

    Regions are ordered from the knee towards the toes whatever order they are given in.

    Raises
    ------
    ValueError
        No region chosen, an unknown region id, or minutes outside 0.5 to 15 min.
    """
    rmap = region_map or load_region_map()
    if not minutes_by_region:
        raise ValueError("choose at least one region for the plan")
    chosen = []
    for region_id, minutes in dict(minutes_by_region).items():
        region = rmap.get(region_id)
        m = validate.check_range(f"minutes for {region_id}", minutes, MIN_MINUTES, MAX_MINUTES, "min")
        chosen.append((region, m))
    chosen.sort(key=lambda rm: rm[0].order)
    steps, t = [], 0.0
    for number, (region, m) in enumerate(chosen, start=1):
        steps.append(PlanStep(
            number, region.region_id, region.label, region.name, m, t, t + m,
            rmap.technique_names(region), region.pressure, region.direction, region.cautions,
        ))
        t += m
    return SessionPlan(tuple(steps), t)


def default_minutes(region_map: RegionMap | None = None) -> dict:
    """The typical minutes of every region (a full knee-to-toes session)."""
    rmap = region_map or load_region_map()
    return {r.region_id: r.typical_min for r in rmap.regions}


def plan_text(plan: SessionPlan) -> str:
    """A short plain-text table of the plan (for printing in a notebook cell).

    >>> print(plan_text(plan_session({"achilles": 2})))
     #  start  min  region
     1      0    2  Achilles tendon
    total: 1 region, 2 min in total
    """
    lines = [f"{'#':>2}  {'start':>5}  {'min':>3}  region"]
    for s in plan.steps:
        lines.append(f"{s.number:>2}  {_fmt(s.start_min):>5}  {_fmt(s.minutes):>3}  {s.label}")
    lines.append(f"total: {plan.summary()}")
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(plan: SessionPlan, title: str = "Massage session plan") -> str:
    """The plan as a Markdown document (ends with a newline).

    >>> print(render_markdown(plan_session({"toes": 2})).splitlines()[0])
    # Massage session plan
    """
    out = [
        f"# {_md_cell(title)}",
        "",
        f"From the knee towards the toes: {plan.summary()}.",
        "",
        "| # | Start (min) | Minutes | Region | Techniques | Pressure | Direction |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in plan.steps:
        out.append(
            f"| {s.number} | {_fmt(s.start_min)} | {_fmt(s.minutes)} | {_md_cell(s.name)} | "
            f"{_md_cell(', '.join(s.techniques))} | {_md_cell(s.pressure)} | "
            f"{_md_cell(s.direction)} |"
        )
    out += ["", "## Before you start: safety", "", plan.safety().markdown(level=3).rstrip()]
    out += ["", f"_{CONVENTION_NOTE}_", ""]
    return "\n".join(out)


_CSS = (
    "body{font-family:sans-serif;max-width:60em;margin:1em auto;color:#000}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #000;padding:4px;text-align:left;vertical-align:top}"
    "@media print{body{margin:0}}"
)


def render_html(plan: SessionPlan, title: str = "Massage session plan") -> str:
    """The plan as a small, self-contained printable HTML page (ends with a newline).

    >>> render_html(plan_session({"toes": 2})).startswith("<!DOCTYPE html>")
    True
    """
    e = html.escape
    rows = "\n".join(
        f"<tr><td>{s.number}</td><td>{_fmt(s.start_min)}</td><td>{_fmt(s.minutes)}</td>"
        f"<td>{e(s.name)}</td><td>{e(', '.join(s.techniques))}</td><td>{e(s.pressure)}</td>"
        f"<td>{e(s.direction)}</td></tr>"
        for s in plan.steps
    )
    safety = plan.safety().html(level=3)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{e(title)}</h1>\n"
        f"<p>From the knee towards the toes: {e(plan.summary())}.</p>\n"
        "<table>\n<thead><tr><th>#</th><th>Start (min)</th><th>Minutes</th><th>Region</th>"
        "<th>Techniques</th><th>Pressure</th><th>Direction</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>\n"
        f"<h2>Before you start: safety</h2>\n{safety}\n"
        f"<p><em>{e(CONVENTION_NOTE)}</em></p>\n</body>\n</html>\n"
    )


def format_for_path(path) -> str:
    """``"html"`` or ``"markdown"`` from a file name's ending; ``ValueError`` otherwise.

    >>> format_for_path("plan.md"), format_for_path("Plan.HTML")
    ('markdown', 'html')
    """
    name = str(path).strip().lower()
    if name.endswith((".html", ".htm")):
        return "html"
    if name.endswith((".md", ".markdown")):
        return "markdown"
    raise ValueError(
        "the file name must end in .md (Markdown) or .html (printable web page); "
        f"got {str(path).strip()!r}"
    )


def render(plan: SessionPlan, fmt: str) -> str:
    """Render the plan as ``"markdown"`` or ``"html"``."""
    validate.check_choice("fmt", fmt, ("markdown", "html"))
    return render_markdown(plan) if fmt == "markdown" else render_html(plan)
