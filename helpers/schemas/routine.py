"""Schemas for the data files of lesson 03 (self-massage routine and its safety checks).

- ``data/routine_steps.csv``: the guided routine, one row per step, from the knee to the toes.
- ``data/red_flags.csv``: signs that mean "see a clinician before self-massage".
- ``data/massage_cautions.csv``: conditions in which massage is avoided or needs a clinician's
  advice first, with the strength of the source for each row.
"""

from __future__ import annotations

from helpers.tables import Column, Schema

PRESSURES = ("light", "moderate", "firm")
BASES = ("convention", "region_in_trial")
WHERE = ("whole body", "treated area")
ADVICE = ("do not massage", "do not massage this area", "ask a clinician first")
STRENGTH = ("V", "S")

SCHEMAS = [
    Schema(
        "routine_steps",
        (
            Column("order", "integer", minimum=1, maximum=20),
            Column("step_id"),
            Column("name"),
            Column("region"),
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
]
