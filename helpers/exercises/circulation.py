"""'Your turn' exercises for lesson 04 (circulation): the washout model, the skin-warming model,
reading a study correctly, and the diabetes illustration.

Every expected answer is computed, when a learner checks an answer, from the same models, tables
and default values the lesson's apps use (``helpers.models.circulation``,
``data/tissue_thermal.csv``, ``data/circulation_studies.csv``), so the answers cannot drift from
what the sliders show. Nothing heavy happens at import.

>>> from helpers.exercises import get
>>> round(get("04-double-skin-perfusion").solution_value() / skin_half_time_min(), 2)
0.5
"""

from __future__ import annotations

from helpers.exercises import Exercise, numeric
from helpers.exercises.routine import table_choice
from helpers.models import circulation as circ
from helpers.models.circulation import SKIN_REST
from helpers.tables import load_table

__all__ = ["EXERCISES", "skin_half_time_min", "warming_after", "hinds_difference_c",
           "multiplier_for_hinds_at_10_min", "franklin_measure", "FAT_MM", "DEFAULT_FACTOR"]

#: Fat layer thickness of the warming app at its defaults, mm (a teaching assumption).
FAT_MM = 5.0
#: Default massage multiplier of the apps (the slider's starting value).
DEFAULT_FACTOR = 5.0
#: Range of the massage-multiplier slider.
FACTOR_RANGE = (1.0, 25.0)


def _table():
    return {(r["tissue"], r["quantity"]): r["value"] for r in load_table("tissue_thermal")}


def skin_half_time_min(multiplier: float = 1.0) -> float:
    """Washout half-time (min) of skin whose resting perfusion (the app default, foot-dorsum
    skin) is multiplied by ``multiplier``; skin density from the tissue table."""
    rho = _table()[("skin", "density")]
    result = circ.clearance_curve(SKIN_REST * multiplier, [0.0],
                                  tissue_density_kg_m3=rho)
    return float(result.half_time_min)


def warming_after(multiplier: float, seconds: float = 600.0, fat_mm: float = FAT_MM) -> float:
    """Model rise of the skin surface (°C) ``seconds`` after skin perfusion is multiplied by
    ``multiplier``, with the warming app's layers and blood properties."""
    table = _table()
    cond = circ.Conditions(blood_density_kg_m3=table[("blood", "density")],
                           blood_specific_heat_j_kgk=table[("blood", "specific_heat")])
    before = circ.default_layers(skin_perfusion_ml_min_100g=SKIN_REST, fat_mm=fat_mm, table=table)
    after = circ.default_layers(skin_perfusion_ml_min_100g=SKIN_REST * multiplier, fat_mm=fat_mm,
                                table=table)
    result = circ.warming_transient(before, after, [0.0, float(seconds)], cond)
    return float(result.rise_c[-1])


def hinds_difference_c() -> float:
    """Skin temperature after massage minus after rest in Hinds 2004, °C (from the table)."""
    rows = [r for r in load_table("circulation_studies").where(
        study="Hinds 2004", measure="Skin temperature").rows]
    by_condition = {r["condition"]: r["value"] for r in rows}
    return float(by_condition["Massage (end)"] - by_condition["Rest (end)"])


def multiplier_for_hinds_at_10_min() -> float:
    """The skin-perfusion multiplier at which the model's rise after 10 minutes equals the
    Hinds 2004 difference (bisection; the rise grows with the multiplier)."""
    target = hinds_difference_c()
    low, high = FACTOR_RANGE
    if not warming_after(low) < target < warming_after(high):
        raise ValueError("the Hinds difference is outside what the slider range can reach")
    for _ in range(40):
        mid = 0.5 * (low + high)
        if warming_after(mid) < target:
            low = mid
        else:
            high = mid
    return 0.5 * (low + high)


def franklin_measure() -> str:
    """What Franklin 2014 measured, read from the studies table: ``fmd`` when every row is a
    flow-mediated dilation measure."""
    rows = load_table("circulation_studies").where(study="Franklin 2014").rows
    if rows and all("FMD" in r["measure"] and "Brachial" in r["site"] for r in rows):
        return "fmd"
    raise ValueError("circulation_studies.csv no longer matches exercise 04-franklin-measure")


def _franklin_options() -> dict:
    return {
        "leg flow": "no study in the table found more flow in a massaged leg's main artery, "
                    "and Franklin 2014 did not measure flow in the leg at all.",
        "arm flow": "Franklin 2014 did use the arm, but its number is not a flow in mL/min.",
        "fmd": "Franklin 2014 measured flow-mediated dilation of the arm's main artery: how "
               "much it can widen after a cuff is released, a test of vessel function. "
               "It is not blood flow in the massaged leg.",
        "skin temperature": "skin temperature was measured by Hinds 2004, not by Franklin 2014.",
    }


EXERCISES = [
    Exercise(
        "04-double-skin-perfusion",
        "Predict, then check: the skin's resting perfusion doubles, from 1.88 to 3.76 "
        "mL/min/100 g. What is the washout half-time of the skin at rest now, in minutes?",
        numeric(lambda: skin_half_time_min(2.0), tolerance=0.10, unit="min"),
        "The readout gives the half-time at 1.88; the key point says how the half-time follows "
        "perfusion. Then move the skin slider to 3.76 and read the readout.",
        "Double the perfusion and the half-time halves.",
    ),
    Exercise(
        "04-hinds-at-10-min",
        "With the fat layer at 5 mm, find the massage multiplier at which the model's warming "
        "after 10 minutes reaches the Hinds 2004 difference of 1.1 °C. Read it off the slider "
        "(answers within 10% count).",
        numeric(multiplier_for_hinds_at_10_min, tolerance=0.10, unit="times"),
        "Move the massage slider and watch the '+… °C after 10 min' part of the readout; the "
        "settled rise is larger than the 10-minute rise, so you need a bigger multiplier than "
        "for the settled value.",
        "Skin perfusion would have to rise that many times in the model; the real multiplier is "
        "unknown because the Hinds blood-flow units were not calibrated.",
    ),
    Exercise(
        "04-franklin-measure",
        "Spot the misreading: a wellness site writes 'leg massage boosts blood flow (Franklin "
        "2014)'. What did Franklin 2014 actually measure? Answer 'leg flow', 'arm flow', 'fmd' "
        "or 'skin temperature'.",
        table_choice(franklin_measure, _franklin_options),
        "Pick the claim about blood flow to the leg in the checker and read the Franklin line: "
        "its instrument and its unit.",
        "A rise in FMD is a sign of vessel function, not of more blood in the massaged limb.",
    ),
    Exercise(
        "04-diabetes-no-rise",
        "Predict, then check: in the diabetes app, set the share of the rise the skin can make "
        "to 0%. What is the skin washout half-time during massage in the reduced case, in "
        "minutes?",
        numeric(lambda: skin_half_time_min(1.0), tolerance=0.10, unit="min"),
        "With a share of 0% the skin's perfusion during massage is the same as at rest; section "
        "2 gives the half-time of skin at rest.",
        "If the skin vessels cannot widen, massage leaves the skin's washout where it was.",
    ),
]
