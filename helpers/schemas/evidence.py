"""Schemas for the data files of lesson 05 (does it work?).

- ``data/trials.csv``: one row per reported result (trial x outcome x time point) of the massage
  and manual-therapy trials and two comparator trials.
- ``data/natural_history.csv``: the two long-term follow-up studies of plantar heel pain.
- ``data/guideline_grades.csv``: guideline grades and best-practice recommendations.
"""

from __future__ import annotations

from helpers.schemas.base import Column, Schema

STATUS = ("V", "S")

TRIAL_ROLES = ("massage or manual therapy", "comparator (context)")

RESULT_KINDS = (
    "difference between groups",
    "change in each group",
    "percent reduction in each group",
    "P values only",
    "no difference reported",
)

OUTCOME_SCALES = (
    "LEFS function (points)",
    "FAAM function (points)",
    "FHSQ foot function (points)",
    "FAC function (points)",
    "FFI reduction (%)",
    "First-step pain VAS (mm)",
    "NPRS pain (points of 10)",
    "SF-36 physical function and bodily pain",
    "several outcomes",
)

GRADES = ("A", "B", "C", "D", "F", "not graded")


def _check_trial_row(row) -> str | None:
    """Rules across columns: a plotted number needs what the plot needs."""
    kind = row["result_kind"]
    if kind in ("difference between groups", "change in each group", "percent reduction in each group"):
        if row["estimate"] is None:
            return f"result_kind {kind!r} needs an estimate"
    if kind == "difference between groups" and (row["ci_low"] is None or row["ci_high"] is None):
        return "a difference between groups needs its 95% confidence interval (ci_low, ci_high)"
    if kind in ("P values only", "no difference reported") and row["estimate"] is not None:
        return f"result_kind {kind!r} must not carry an estimate"
    for low, mid, high in (
        ("ci_low", "estimate", "ci_high"),
        ("comparison_ci_low", "comparison_estimate", "comparison_ci_high"),
    ):
        if (row[low] is None) != (row[high] is None):
            return f"{low} and {high} must both be given or both be empty"
        if row[low] is not None and row[mid] is not None and not row[low] <= row[mid] <= row[high]:
            return f"{mid} {row[mid]:g} is not inside its interval {row[low]:g} to {row[high]:g}"
    if (row["swc"] is None) != (row["swc_source"] is None):
        return "swc (smallest worthwhile change) and swc_source must be given together"
    return None


TRIALS = Schema(
    "trials",
    (
        Column("result_id", "text"),
        Column("trial", "text"),
        Column("role", "choice", choices=TRIAL_ROLES),
        Column("design", "text"),
        Column("n_randomised", "integer", minimum=2, maximum=100000),
        Column("treatment", "text"),
        Column("comparison", "text"),
        Column("region_treated", "text"),
        Column("outcome_scale", "choice", choices=OUTCOME_SCALES),
        Column("result_kind", "choice", choices=RESULT_KINDS),
        Column("favours_treatment_when", "choice", choices=("higher", "lower")),
        Column("estimate", "number", required=False),
        Column("ci_low", "number", required=False),
        Column("ci_high", "number", required=False),
        Column("comparison_estimate", "number", required=False),
        Column("comparison_ci_low", "number", required=False),
        Column("comparison_ci_high", "number", required=False),
        Column("follow_up", "text"),
        Column("result_text", "text"),
        Column("swc", "number", required=False, minimum=0),
        Column("swc_source", "source", required=False),
        Column("swc_note", "text", required=False),
        Column("results_status", "choice", choices=STATUS),
        Column("source", "source"),
        Column("quote", "text"),
    ),
    unique="result_id",
    # the results compared in exercise 05-clear-interval
    required_keys=("cleland2009_lefs_6m", "mcclinton2019_faam_6m", "radford2007_fhsq"),
    description="Reported results of massage and manual-therapy trials for plantar heel pain",
    check=_check_trial_row,
)

#: The studies the natural-history figure draws, each as a line of time points.
NATURAL_HISTORY_STUDIES = ("Wolgin 1994", "Hansen 2018")


def _check_natural_history_table(table, load):
    """Rules across rows: both studies the figure draws are there, each in time order."""
    for study in NATURAL_HISTORY_STUDIES:
        rows = [r for r in table.rows if r["study"] == study]
        if not rows:
            return (None, "study", f"the natural-history figure draws study {study!r}, which "
                    "has no row left; restore its rows (study spelled exactly so)")
        for before, after in zip(rows, rows[1:]):
            if after["time_months"] <= before["time_months"]:
                return (after, "time_months", f"the time points of {study!r} must rise down "
                        f"the file; {after['time_months']:g} months comes after "
                        f"{before['time_months']:g}")
    return None


NATURAL_HISTORY = Schema(
    "natural_history",
    (
        Column("study_id", "text"),
        Column("study", "text"),
        Column("population", "text"),
        Column("outcome_definition", "text"),
        Column("n_patients", "integer", minimum=1),
        Column("time_months", "number", minimum=0.1, maximum=600),
        Column("time_measured_from", "text"),
        Column("still_symptomatic_pct", "number", minimum=0.1, maximum=99.9),
        Column("reported_as", "text"),
        Column("status", "choice", choices=STATUS),
        Column("source", "source"),
        Column("quote", "text"),
    ),
    unique="study_id",
    description="Long-term follow-up of plantar heel pain: share still with symptoms",
    check_table=_check_natural_history_table,
    required_keys=("wolgin1994_47m", "hansen2018_12m"),  # the exercises' recovery patterns
)

GUIDELINE_GRADES = Schema(
    "guideline_grades",
    (
        Column("item_id", "text"),
        Column("treatment", "text"),
        Column("guideline", "text"),
        Column("recommendation", "text"),
        Column("grade", "choice", choices=GRADES),
        Column("status", "choice", choices=STATUS),
        Column("source", "source"),
        Column("note", "text"),
    ),
    unique="item_id",
    description="Guideline grades (JOSPT 2014/2023) and best-practice core treatments",
)

SCHEMAS = [TRIALS, NATURAL_HISTORY, GUIDELINE_GRADES]
