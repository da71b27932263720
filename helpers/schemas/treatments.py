"""Schemas for the data files of lesson 08 (massage among the other treatments).

- ``data/treatments.csv``: the menu of treatments, one row each, with its best evidence.
- ``data/treatment_effects.csv``: effects against a control on a common scale, where the
  sources give one (difference in pain with its 95% confidence interval).
- ``data/stepped_care.csv``: the steps from first visit to referral.
- ``data/strength_dose.csv``: the heel-raise dose of the strength-training trial, by weeks.
- ``data/trigger_point_reliability.csv``: how well examiners agree on trigger-point signs.
- ``data/self_massage_tools.csv``: home tools, what is claimed and what was tested.
"""

from __future__ import annotations

from helpers.schemas.base import Column, Schema

STATUS = ("V", "S")
CERTAINTY = ("high", "moderate", "low", "very low", "not graded")
FAMILIES = ("self-care", "hands-on", "device", "injection or procedure", "surgery")
STEPS = ("first_visit", "morning_pain", "not_improving", "referral")
SCALES = ("pain_mm", "pain_smd")
WINDOWS = ("short", "medium", "long")


def _check_effect(row) -> str | None:
    if not row["ci_low"] <= row["estimate"] <= row["ci_high"]:
        return (f"estimate {row['estimate']:g} is not inside its interval "
                f"{row['ci_low']:g} to {row['ci_high']:g}")
    return None


#: The effect exercise 08-taping-gap reads: the taping trial, mm scale, short term.
TAPING_EFFECT = "taping_1w"


def _check_effects_table(table, load):
    """Rules across tables: each effect belongs to a treatment of data/treatments.csv, and the
    taping estimate the exercise reads is the only taping row on the mm scale in the short term."""
    treatments = {row["treatment_id"] for row in load("treatments")}
    for row in table.rows:
        if row["treatment_id"] not in treatments:
            return (row, "treatment_id", f"{row['treatment_id']!r} is not a treatment_id in "
                    "data/treatments.csv; correct it or add the treatment there")
    taping = table.by("effect_id")[TAPING_EFFECT]
    for column, value in (("treatment_id", "taping"), ("scale", "pain_mm"), ("window", "short")):
        if taping[column] != value:
            return (taping, column, f"exercise 08-taping-gap reads this row as {column} "
                    f"{value!r}; got {taping[column]!r}")
    twins = [row for row in table.rows if row is not taping and row["treatment_id"] == "taping"
             and row["scale"] == "pain_mm" and row["window"] == "short"]
    if twins:
        return (twins[0], "window", "a second taping estimate on the mm scale in the short term; "
                "the comparison shows one per treatment")
    return None


TREATMENTS = Schema(
    "treatments",
    (
        Column("treatment_id", "text"),
        Column("order", "integer", minimum=1),
        Column("name", "text"),
        Column("family", "choice", choices=FAMILIES),
        Column("what_it_is", "text"),
        Column("how_done", "text"),
        Column("best_evidence", "text"),
        Column("effect", "text"),
        Column("certainty", "choice", choices=CERTAINTY),
        Column("status", "choice", choices=STATUS),
        Column("step", "choice", choices=STEPS),
        Column("comparable_note", "text", required=False),
        Column("sources", "sources"),
    ),
    unique="treatment_id",
    description="The treatments for plantar heel pain, each with its best evidence",
)

TREATMENT_EFFECTS = Schema(
    "treatment_effects",
    (
        Column("effect_id", "text"),
        Column("treatment_id", "text"),
        Column("label", "text"),
        Column("comparison", "text"),
        Column("scale", "choice", choices=SCALES),
        Column("window", "choice", choices=WINDOWS),
        Column("estimate", "number"),
        Column("ci_low", "number"),
        Column("ci_high", "number"),
        Column("time_point", "text"),
        Column("n_text", "text"),
        Column("certainty", "choice", choices=CERTAINTY),
        Column("status", "choice", choices=STATUS),
        Column("source", "source"),
        Column("quote", "text"),
    ),
    unique="effect_id",
    required_keys=(TAPING_EFFECT,),
    check_table=_check_effects_table,
    description="Effects against a control on a common pain scale, with 95% CIs",
    check=_check_effect,
)

STEPPED_CARE = Schema(
    "stepped_care",
    (
        Column("step_id", "choice", choices=STEPS),
        Column("order", "integer", minimum=1, maximum=len(STEPS)),
        Column("stage", "text"),
        Column("when", "text"),
        Column("offer", "text"),
        Column("massage_role", "text"),
        Column("status", "choice", choices=STATUS),
        Column("sources", "sources"),
    ),
    unique="step_id",
    required_keys=STEPS,  # the stepped-care app shows every step, and treatments name them
    description="Stepped care for plantar heel pain, first visit to referral",
)

STRENGTH_DOSE = Schema(
    "strength_dose",
    (
        Column("phase_id", "text"),
        Column("week_from", "integer", minimum=1, maximum=52),
        Column("week_to", "integer", minimum=1, maximum=52),
        Column("sets", "integer", minimum=1, maximum=20),
        Column("reps_rm", "integer", minimum=1, maximum=50),
        Column("load", "text"),
        Column("source", "source"),
    ),
    unique="phase_id",
    description="Heel-raise dose of the strength-training trial, by weeks",
)

def _check_kappa_range(row) -> str | None:
    if row["kappa_low"] > row["kappa_high"]:
        return (f"kappa_low ({row['kappa_low']:g}) is higher than kappa_high ({row['kappa_high']:g}): "
                "a range runs from the lower value to the higher one")
    return None


TRIGGER_POINT_RELIABILITY = Schema(
    "trigger_point_reliability",
    (
        Column("sign_id", "text"),
        Column("sign", "text"),
        Column("kappa_low", "number", minimum=-1, maximum=1),
        Column("kappa_high", "number", minimum=-1, maximum=1),
        Column("kind", "text"),
        Column("source", "source"),
    ),
    unique="sign_id",
    check=_check_kappa_range,
    description="Agreement between examiners (kappa ranges) on trigger-point signs",
)

SELF_MASSAGE_TOOLS = Schema(
    "self_massage_tools",
    (
        Column("tool_id", "text"),
        Column("tool", "text"),
        Column("claim", "text"),
        Column("tested", "text"),
        Column("convention", "text"),
        Column("sources", "sources", required=False),
    ),
    unique="tool_id",
    description="Self-massage tools: claims, tests and practice conventions",
)

SCHEMAS = [TREATMENTS, TREATMENT_EFFECTS, STEPPED_CARE, STRENGTH_DOSE,
           TRIGGER_POINT_RELIABILITY, SELF_MASSAGE_TOOLS]
