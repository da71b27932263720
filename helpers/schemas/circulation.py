"""Schemas for the data files of lesson 04 (circulation).

- ``data/circulation_studies.csv``: what each study measured, where, with what, and the numbers,
  one row per condition; grouped by claim for the claim checker. ``value`` is empty when the
  study reported no number (only a P value or "no change").
- ``data/tissue_thermal.csv``: thermal properties of skin, fat, muscle and blood for the bioheat
  model: the value used and the lowest and highest value among the sources read.
"""

from __future__ import annotations

from helpers.schemas.base import Column, Schema

CLAIMS = ("leg_flow", "skin_warming", "lactate", "exercise_flow")
TISSUES = ("skin", "fat", "muscle", "blood")
QUANTITIES = ("conductivity", "density", "specific_heat")
UNITS = {"conductivity": "W/(m K)", "density": "kg/m3", "specific_heat": "J/(kg K)"}


#: what the ± number of a row is: standard deviation, standard error, or not said by the source
DISPERSIONS = ("SD", "SE", "not stated")


def _check_study(row):
    if row["value"] is None and row["sd"] is not None:
        return "an SD is given without a value"
    if (row["sd"] is None) != (not row["dispersion"]):
        return ("column 'dispersion': give SD, SE or 'not stated' exactly when the row has a "
                "spread in column 'sd'")
    return None


def model_range(quantity) -> tuple:
    """The range the bioheat model accepts for a quantity (its own checks refuse the rest)."""
    # imported here: the model package loads the tables, which load this schema
    from helpers.models import circulation as circ

    return {"conductivity": circ.CONDUCTIVITY_RANGE, "density": circ.DENSITY_RANGE,
            "specific_heat": circ.SPECIFIC_HEAT_RANGE}[quantity]

#: (tissue, quantity) rows the bioheat model and the lesson 04 apps read by name: every
#: property of the three layers, and the density and specific heat of the blood.
THERMAL_NEEDED = tuple((t, q) for t in ("skin", "fat", "muscle") for q in QUANTITIES) + (
    ("blood", "density"), ("blood", "specific_heat"))


def _check_thermal(row):
    low, high = model_range(row["quantity"])
    if not low <= row["value"] <= high:
        return (f"column 'value': the bioheat model takes a {row['quantity']} between {low:g} "
                f"and {high:g} {UNITS[row['quantity']]}; got {row['value']:g}")
    if not row["low"] <= row["value"] <= row["high"]:
        return f"value {row['value']:g} is outside low..high ({row['low']:g}..{row['high']:g})"
    if row["unit"] != UNITS[row["quantity"]]:
        return f"unit for {row['quantity']} must be {UNITS[row['quantity']]!r}; got {row['unit']!r}"
    return None


#: Rows the lessons read by name: (study, measure) -> the two conditions, first minus second, of
#: the measured skin-temperature differences on the warming figure and in its exercise.
MEASURED_WARMING = {
    ("Hinds 2004", "Skin temperature"): ("Massage (end)", "Rest (end)"),
    ("Portillo 2014 [S]", "Skin temperature (secondary report)"): ("Massaged leg", "Untreated leg"),
}


def _check_studies_table(table, load):
    """Rules across rows: the rows the warming figure reads by name are there, with numbers."""
    for (study, measure), conditions in MEASURED_WARMING.items():
        rows = [r for r in table.rows if r["study"] == study and r["measure"] == measure]
        for condition in conditions:
            match = [r for r in rows if r["condition"] == condition]
            if not match:
                near = rows[0] if rows else None
                return (near, "condition" if rows else "study",
                        f"the warming figure needs a row for {study!r}, measure {measure!r}, "
                        f"condition {condition!r}; restore it (study, measure and condition "
                        "spelled exactly so)")
            if len(match) > 1:
                return (match[1], "condition",
                        f"{study!r}, {measure!r}, condition {condition!r} appears twice; keep one")
            row = match[0]
            if row["claim"] != "skin_warming":
                return row, "claim", "a skin-temperature row belongs to claim 'skin_warming'"
            if row["unit"] != "°C":
                return row, "unit", f"a skin temperature is in '°C'; got {row['unit']!r}"
            if row["value"] is None:
                return row, "value", "the warming figure needs this temperature; fill it in"
    for claim in CLAIMS:
        if not any(r["claim"] == claim for r in table.rows):
            return None, "claim", f"claim {claim!r} has no rows left; the claim checker needs one"
    return None


def _check_thermal_table(table, load):
    """Rules across rows: one row per (tissue, quantity), and every row the model reads."""
    seen = {}
    for row in table.rows:
        pair = (row["tissue"], row["quantity"])
        if pair in seen:
            return (row, "quantity", f"{row['tissue']} {row['quantity']} is given twice (first "
                    f"on line {table.line_of(seen[pair])}); keep one row")
        seen[pair] = row
    for tissue, quantity in THERMAL_NEEDED:
        if (tissue, quantity) not in seen:
            return (None, "tissue",
                    f"the bioheat model needs a row for tissue {tissue!r}, quantity "
                    f"{quantity!r}; restore it")
    return None


SCHEMAS = [
    Schema(
        "circulation_studies",
        (
            Column("study"),
            Column("claim", "choice", choices=CLAIMS),
            Column("site"),
            Column("instrument"),
            Column("measure"),
            Column("condition"),
            Column("value", "number", required=False, minimum=0),
            Column("sd", "number", required=False, minimum=0),
            Column("dispersion", "choice", required=False, choices=DISPERSIONS),
            Column("unit"),
            Column("n", "integer", minimum=1),
            Column("source", "source"),
        ),
        description="Measured blood-flow and skin-temperature results behind the claim checker.",
        check=_check_study,
        check_table=_check_studies_table,
    ),
    Schema(
        "tissue_thermal",
        (
            Column("tissue", "choice", choices=TISSUES),
            Column("quantity", "choice", choices=QUANTITIES),
            Column("value", "number", minimum=0),
            Column("low", "number", minimum=0),
            Column("high", "number", minimum=0),
            Column("unit"),
            Column("source", "sources"),
        ),
        description="Thermal properties for the layered bioheat model, with the range read.",
        check=_check_thermal,
        check_table=_check_thermal_table,
    ),
]
