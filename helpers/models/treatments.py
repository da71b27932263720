"""Massage among the other treatments: the menu, a comparison on a common scale, stepped care,
and a heel-raise strength programme with the trial's dose.

Everything here reads the lesson's tables (``data/treatments.csv``,
``data/treatment_effects.csv``, ``data/stepped_care.csv``, ``data/strength_dose.csv``) and
returns small frozen results; nothing draws.

- :func:`compare_effects` picks the effects on one scale and in one follow-up window and lists
  every other treatment with the reason it is not on that picture.
- :func:`strength_plan` lays out the heel-raise programme week by week (sessions every second
  day, sets and repetition maximum from the trial's dose), and :func:`plan_text` writes it out.

>>> c = compare_effects("pain_mm", "short")
>>> [e.label for e in c.plotted]
['Taping (low-Dye)', 'Calf stretching']
>>> plan = strength_plan(weeks=6)
>>> plan.weeks[-1].sets, plan.weeks[-1].reps_rm
(5, 8)
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers import sources, tables
from helpers.validate import check_range

#: The common scales, with axis labels and the smallest change that matters (where sourced).
SCALES = {
    "pain_mm": {
        "label": "Pain on a 100 mm line (mean difference, mm)",
        "short": "Pain, mm of 100",
        "mid": 19.0,  # first-step pain, within-person change (Landorf 2010)
        "mid_source": "landorf2010",
    },
    "pain_smd": {
        "label": "Pain, standardised mean difference (SMD, no unit)",
        "short": "Pain, SMD",
        "mid": None,
        "mid_source": "",
    },
}

#: Follow-up windows, as the meta-analyses defined them.
WINDOWS = {
    "short": "Short term (up to 6 weeks)",
    "medium": "Medium term (7 to 12 weeks)",
    "long": "Longer term (13 to 52 weeks)",
}

#: What every comparison picture leaves out (shown under the figure).
NOT_SHOWN = (
    "It does not show which treatment is best: each estimate comes from different people, "
    "compared with a different control (sham, placebo), measured at a different time. "
    "It does not show function, side effects, cost or effort, and it leaves out every "
    "treatment without an estimate on this scale and in this time window (listed below)."
)

#: Weeks the planner offers (the trial ran for 3 months: 12 weeks).
WEEKS_RANGE = (1, 12)
#: Sessions are every second day (the trial's frequency).
DAYS_BETWEEN_SESSIONS = 2


def load_treatments():
    """The treatment menu (``data/treatments.csv``), validated, in lesson order."""
    return tables.load_table("treatments")


def load_effects():
    """Effects on a common scale (``data/treatment_effects.csv``), validated."""
    return tables.load_table("treatment_effects")


def load_stepped_care():
    """The steps from first visit to referral (``data/stepped_care.csv``), in order."""
    table = tables.load_table("stepped_care")
    return tuple(sorted(table.rows, key=lambda r: r["order"]))


def load_dose():
    """The heel-raise dose by weeks (``data/strength_dose.csv``), in order."""
    table = tables.load_table("strength_dose")
    return tuple(sorted(table.rows, key=lambda r: r["week_from"]))


# --------------------------------------------------------------------------------------------
# the comparison on a common scale
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Effect:
    """One estimate against a control. Negative favours the treatment (less pain)."""

    effect_id: str
    treatment_id: str
    label: str
    comparison: str
    estimate: float
    ci_low: float
    ci_high: float
    time_point: str
    n_text: str
    certainty: str
    status: str
    source: str

    @property
    def clear(self) -> bool:
        """True when the whole 95% CI lies on the side that favours the treatment."""
        return self.ci_high < 0


@dataclass(frozen=True)
class Comparison:
    """The effects on one scale in one follow-up window, and what is left out."""

    scale: str
    window: str
    scale_label: str
    window_label: str
    plotted: tuple
    unplotted: tuple  # (treatment name, reason) pairs
    mid: float | None
    mid_source: str

    @property
    def lowest(self) -> float:
        """The most negative CI limit shown (0 when nothing is plotted)."""
        return min([0.0] + [e.ci_low for e in self.plotted])

    @property
    def highest(self) -> float:
        return max([0.0] + [e.ci_high for e in self.plotted])


def _check_choice(name, value, options):
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(options)}; got {value!r}")
    return value


def compare_effects(scale: str = "pain_mm", window: str = "short") -> Comparison:
    """Effects on ``scale`` in ``window``; every other treatment listed with its reason.

    Parameters
    ----------
    scale : {'pain_mm', 'pain_smd'}
        Mean difference in mm on a 100 mm line, or standardised mean difference.
    window : {'short', 'medium', 'long'}
        Follow-up window: up to 6 weeks, 7 to 12 weeks, 13 to 52 weeks.

    >>> compare_effects("pain_smd", "long").plotted
    ()
    >>> compare_effects("pain_cm", "short")
    Traceback (most recent call last):
    ...
    ValueError: scale must be one of pain_mm, pain_smd; got 'pain_cm'
    """
    _check_choice("scale", scale, tuple(SCALES))
    _check_choice("window", window, tuple(WINDOWS))
    effects = load_effects()
    plotted = tuple(
        Effect(r["effect_id"], r["treatment_id"], r["label"], r["comparison"], r["estimate"],
               r["ci_low"], r["ci_high"], r["time_point"], r["n_text"], r["certainty"],
               r["status"], r["source"])
        for r in effects if r["scale"] == scale and r["window"] == window
    )
    shown = {e.treatment_id for e in plotted}
    elsewhere = {}
    for r in effects:
        if r["treatment_id"] not in shown:
            elsewhere.setdefault(r["treatment_id"], []).append(
                f"{WINDOWS[r['window']].split(' (')[0].lower()}, {SCALES[r['scale']]['short']}")
    unplotted = []
    for t in load_treatments():
        if t["treatment_id"] in shown:
            continue
        if t["treatment_id"] in elsewhere:
            reason = "Has an estimate only at another time or on the other scale: " + "; ".join(
                elsewhere[t["treatment_id"]]) + "."
        else:
            reason = t["comparable_note"] or "No estimate on a common scale."
        unplotted.append((t["name"], reason))
    info = SCALES[scale]
    return Comparison(scale, window, info["label"], WINDOWS[window], plotted, tuple(unplotted),
                      info["mid"], info["mid_source"])


def comparison_text(c: Comparison) -> str:
    """The comparison as plain text: each estimate, then what is not plotted.

    >>> print(comparison_text(compare_effects("pain_mm", "short")).splitlines()[1])
    - Taping (low-Dye) vs sham ultrasound, 1 week: -12.3 (95% CI -22.4 to -2.2); certainty: not graded
    """
    lines = [f"{c.window_label}; {c.scale_label}:"]
    if not c.plotted:
        lines.append("- No treatment has an estimate on this scale in this window.")
    for e in c.plotted:
        lines.append(
            f"- {e.label} vs {e.comparison}, {e.time_point}: {e.estimate:g} "
            f"(95% CI {e.ci_low:g} to {e.ci_high:g}); certainty: {e.certainty}"
            + (f" {marker}" if (marker := sources.status_marker(e.source)) else ""))
    lines.append(f"Not plotted ({len(c.unplotted)}):")
    for name, reason in c.unplotted:
        lines.append(f"- {name}: {reason}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# stepped care
# --------------------------------------------------------------------------------------------

def step_treatments(step_id: str) -> tuple:
    """Names of the treatments the menu places at one step.

    >>> step_treatments("morning_pain")
    ('Night splints',)
    """
    steps = [s["step_id"] for s in load_stepped_care()]
    _check_choice("step_id", step_id, tuple(steps))
    return tuple(t["name"] for t in load_treatments() if t["step"] == step_id)


# --------------------------------------------------------------------------------------------
# the strength programme
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanWeek:
    """One week of the programme."""

    week: int
    sessions: int
    sets: int
    reps_rm: int
    load: str
    both_legs: bool

    @property
    def raises_per_session(self) -> int:
        return self.sets * self.reps_rm

    @property
    def raises_per_week(self) -> int:
        return self.sessions * self.raises_per_session


@dataclass(frozen=True)
class StrengthPlan:
    """A heel-raise programme, week by week, with its source."""

    weeks: tuple
    both_legs_weeks: int
    source: str

    @property
    def total_sessions(self) -> int:
        return sum(w.sessions for w in self.weeks)

    @property
    def total_raises(self) -> int:
        return sum(w.raises_per_week for w in self.weeks)


def sessions_in_week(week: int) -> int:
    """Sessions in a week when training every second day from day 1 of week 1.

    Days 1, 3, 5, 7 fall in week 1, days 9, 11, 13 in week 2, and so on.

    >>> [sessions_in_week(w) for w in (1, 2, 3, 4)]
    [4, 3, 4, 3]
    """
    w = int(check_range("week", week, 1, 52))
    first_day, last_day = 7 * (w - 1) + 1, 7 * w
    return sum(1 for day in range(first_day, last_day + 1)
               if (day - 1) % DAYS_BETWEEN_SESSIONS == 0)


def strength_plan(weeks: int = 12, both_legs_weeks: int = 0) -> StrengthPlan:
    """The heel-raise programme of the trial's dose, for ``weeks`` weeks.

    Parameters
    ----------
    weeks : int
        Length of the plan, 1 to 12 weeks (the trial: 3 months).
    both_legs_weeks : int
        Weeks at the start done on both legs, for someone who cannot yet do the repetitions on
        one leg (the trial's instruction); 0 to ``weeks``.

    >>> p = strength_plan(weeks=4, both_legs_weeks=1)
    >>> [(w.week, w.sets, w.reps_rm, w.both_legs) for w in p.weeks]
    [(1, 3, 12, True), (2, 3, 12, False), (3, 4, 10, False), (4, 4, 10, False)]
    >>> strength_plan(weeks=0)
    Traceback (most recent call last):
    ...
    ValueError: weeks must be between 1 and 12 weeks; got 0
    """
    n = check_range("weeks", weeks, *WEEKS_RANGE, "weeks")
    if n != int(n):
        raise ValueError(f"weeks must be a whole number of weeks; got {weeks}")
    n = int(n)
    b = check_range("both_legs_weeks", both_legs_weeks, 0, n, "weeks")
    if b != int(b):
        raise ValueError(f"both_legs_weeks must be a whole number of weeks; got {both_legs_weeks}")
    b = int(b)
    dose = load_dose()
    out = []
    for week in range(1, n + 1):
        phase = next((p for p in dose if p["week_from"] <= week <= p["week_to"]), dose[-1])
        out.append(PlanWeek(week, sessions_in_week(week), phase["sets"], phase["reps_rm"],
                            phase["load"], week <= b))
    return StrengthPlan(tuple(out), b, dose[0]["source"])


TEMPO = "3 seconds up, 2 seconds held at the top, 3 seconds down"
SET_UP = ("Stand on one leg on a step or stair with a rolled towel under the toes, sized so the "
          "toes are bent fully up at the top of the raise (holding on for balance is practice "
          "convention).")
RM_NOTE = ("12RM means a load you can lift 12 times, and not a 13th, with good form; "
           "the same for 10RM and 8RM.")


def plan_text(plan: StrengthPlan) -> str:
    """The plan as Markdown text, for the screen and for saving.

    >>> print(plan_text(strength_plan(weeks=1)).splitlines()[0])
    # Heel-raise strength programme (1 week)
    """
    n = len(plan.weeks)
    lines = [
        f"# Heel-raise strength programme ({n} week{'s' if n != 1 else ''})",
        "",
        f"Every second day. {SET_UP} Tempo: {TEMPO}. {RM_NOTE}",
        "",
        "| Week | Sessions | Sets x repetitions | Heel raises per session | Load |",
        "|---|---|---|---|---|",
    ]
    for w in plan.weeks:
        load = "Both legs, body weight" if w.both_legs else w.load
        lines.append(f"| {w.week} | {w.sessions} | {w.sets} x {w.reps_rm}RM | "
                     f"{w.raises_per_session} | {load} |")
    lines += [
        "",
        f"Total: {plan.total_sessions} sessions, {plan.total_raises} heel raises.",
        "",
        "Dose: Rathleff and colleagues 2015 (Scand J Med Sci Sports), as described in a "
        f"summary of the trial ({sources.cite_marked(plan.source)}).",
    ]
    return "\n".join(lines) + "\n"


def save_plan(plan: StrengthPlan, path, *, overwrite: bool = False):
    """Write the plan as Markdown to ``path`` (must end in ``.md``), atomically.

    Never replaces an existing file unless ``overwrite`` is True (``FileExistsError``).
    """
    from helpers import files

    target = str(path).strip()
    if not target.lower().endswith(".md"):
        raise ValueError(f"path must end in .md (a Markdown file); got {target!r}")
    return files.atomic_write_text(target, plan_text(plan), overwrite=overwrite)


# learner-facing ValueError for any bad input to the public functions above
from helpers.validate import check_module_inputs  # noqa: E402

check_module_inputs(globals())
