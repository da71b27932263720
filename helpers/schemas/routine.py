"""Schemas for the data files of lesson 03 (self-massage routine and its safety checks).

- ``data/routine_steps.csv``: the guided routine, one row per step, from the knee to the toes.
- ``data/red_flags.csv``: signs that mean "see a clinician before self-massage".
- ``data/massage_cautions.csv``: conditions in which massage is avoided or needs a clinician's
  advice first, with the strength of the source for each row.
- ``data/clot_signs.csv``: signs of a blood clot in a deep calf vein, and what raises its risk,
  as rows a learner can tick before any calf work.
- ``data/safety_advice.csv``: the one sentence of advice for each warning topic (clot, diabetes,
  red flags, stop signs, cautions), rendered wherever the topic applies.
"""

from __future__ import annotations

from helpers.schemas.base import Column, Schema, unknown_ids

PRESSURES = ("light", "moderate", "firm")
BASES = ("convention", "region_in_trial")
WHERE = ("whole body", "treated area")
ADVICE = ("do not massage", "do not massage this area", "ask a clinician first")
STRENGTH = ("V", "S")
CLOT_KINDS = ("sign", "risk")
TOPICS = ("clot", "diabetes", "red_flags", "stop", "cautions")

def _check_steps_table(table, load):
    """Each region a step works is a region of data/regions.csv (its warnings come from there)."""
    return unknown_ids(table, load, "region_ids", "regions", "region_id")


SCHEMAS = [
    Schema(
        "routine_steps",
        (
            Column("order", "integer", minimum=1, maximum=20),
            Column("step_id"),
            Column("name"),
            Column("region"),
            Column("region_ids"),
            Column("technique"),
            Column("how"),
            Column("pressure", "choice", choices=PRESSURES),
            Column("feel"),
            Column("seconds", "integer", minimum=10, maximum=600),
            Column("basis", "choice", choices=BASES),
            Column("basis_note"),
            Column("sources", "sources"),
        ),
        unique="step_id",
        check_table=_check_steps_table,
        description=(
            "Self-massage steps in the TuiNa tradition. Pressure and seconds are practice "
            "convention, not evidence; basis says whether any trial treated that region."
        ),
    ),
    Schema(
        "red_flags",
        (
            Column("flag_id"),
            Column("sign"),
            Column("may_point_to"),
            Column("strength", "choice", choices=STRENGTH),
            Column("sources", "sources"),
        ),
        unique="flag_id",
        description="Signs that call for a clinician before any self-massage.",
    ),
    Schema(
        "massage_cautions",
        (
            Column("caution_id"),
            Column("condition"),
            Column("where", "choice", choices=WHERE),
            Column("advice", "choice", choices=ADVICE),
            Column("strength", "choice", choices=STRENGTH),
            Column("sources", "sources"),
        ),
        unique="caution_id",
        description="Contraindications and cautions for massage, each with its source strength.",
    ),
    Schema(
        "clot_signs",
        (
            Column("sign_id"),
            Column("sign"),
            Column("kind", "choice", choices=CLOT_KINDS),
            Column("sources", "sources"),
        ),
        unique="sign_id",
        description="Signs of a blood clot in a deep calf vein (sign) and what raises its risk (risk).",
    ),
    Schema(
        "safety_advice",
        (
            Column("advice_id"),
            Column("topic", "choice", choices=TOPICS),
            Column("text"),
            Column("sources", "sources"),
        ),
        unique="topic",
        description="One advice sentence per warning topic, rendered by helpers.safety.",
        required_keys=TOPICS,  # every notice block ends with its topic's advice
    ),
]
