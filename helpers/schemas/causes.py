"""Schemas of the data files of lesson 01 (causes): risk factors and tissue properties."""

from helpers.schemas.base import Column, Schema

#: Factor keys of ``data/risk_factors.csv``.
FACTORS = ("body_mass", "dorsiflexion", "time_on_feet", "foot_posture")


def _check_risk_row(row) -> str | None:
    numbers = [row["odds_ratio"], row["ci_low"], row["ci_high"]]
    if any(v is None for v in numbers):
        if any(v is not None for v in numbers):
            return "odds_ratio, ci_low and ci_high must be all filled or all empty"
        if not row["finding"]:
            return "a row without an odds ratio needs a finding"
        return None
    if not row["ci_low"] <= row["odds_ratio"] <= row["ci_high"]:
        return "odds_ratio must lie between ci_low and ci_high"
    return None


def disputed_factors(rows) -> list:
    """Factors with a study that reports no odds ratio but a finding in the other direction (a
    study that found no difference disagrees without pointing the other way)."""
    return sorted({row["factor"] for row in rows
                   if row["odds_ratio"] is None and row["finding"]
                   and "no difference" not in row["finding"]})


def _check_risk_table(table, load):
    """Lesson 01's exercise asks which factor the studies point opposite ways on: exactly one."""
    disputed = disputed_factors(table.rows)
    if len(disputed) == 1:
        return None
    extra = [row for row in table.rows if row["factor"] in disputed[1:]
             and row["odds_ratio"] is None and row["finding"]
             and "no difference" not in row["finding"]]
    return (extra[0] if extra else None, "finding",
            "exactly one factor must have a study that found the opposite direction (no odds "
            "ratio and a finding other than 'no difference'; lesson 01 asks which factor the "
            f"studies disagree on); found {len(disputed)}: {', '.join(disputed) or 'none'}")


SCHEMAS = [
    Schema(
        "risk_factors",
        (
            Column("study"),
            Column("factor", "choice", choices=FACTORS),
            Column("comparison"),
            Column("odds_ratio", "number", required=False, minimum=0.001),
            Column("ci_low", "number", required=False, minimum=0.001),
            Column("ci_high", "number", required=False, minimum=0.001),
            Column("cases", "integer", required=False, minimum=1),
            Column("controls", "integer", required=False, minimum=1),
            Column("source", "source"),
            Column("finding", required=False),
        ),
        description="Odds ratios (95% CI) for plantar heel pain from case-control studies.",
        check=_check_risk_row,
        check_table=_check_risk_table,
    ),
    Schema(
        "tissue_properties",
        (
            Column("quantity"),
            Column("value", "number"),
            Column("spread", "number", required=False, minimum=0),
            Column("unit"),
            Column("source", "source"),
        ),
        unique="quantity",
        description="Measured properties of the plantar fascia and heel used by the models.",
    ),
]
