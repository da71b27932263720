"""'Your turn' exercises for lesson 08 (massage among the other treatments).

Expected values come from the lesson's data and models when an answer is checked:

- ``08-taping-gap``: how many mm the taping trial's estimate falls short of the smallest change
  in first-step pain people notice (19 mm).
- ``08-long-term``: how many treatments have an estimate against a control, on either scale,
  in the longer-term window (13 to 52 weeks), read from the comparison app.
- ``08-week-six``: heel raises in one session in week 6 of the strength programme.

>>> from helpers.exercises import check
>>> check("08-week-six", 40).correct
True
>>> check("08-long-term", 0).correct
True
"""

from __future__ import annotations

from helpers.exercises import Exercise, numeric
from helpers.models import treatments as model


def taping_gap_mm() -> float:
    """19 mm minus the size of the taping trial's estimate.

    >>> round(taping_gap_mm(), 1)
    6.7
    """
    taping = next(e for e in model.compare_effects("pain_mm", "short").plotted
                  if e.treatment_id == "taping")
    return model.SCALES["pain_mm"]["mid"] - abs(taping.estimate)


def long_term_count() -> float:
    """Treatments with an estimate in the longer-term window, on either scale.

    >>> long_term_count()
    0.0
    """
    return float(sum(len(model.compare_effects(s, "long").plotted) for s in model.SCALES))


def week_six_raises() -> float:
    """Heel raises per session in week 6.

    >>> week_six_raises()
    40.0
    """
    return float(model.strength_plan(weeks=6).weeks[-1].raises_per_session)


EXERCISES = [
    Exercise(
        "08-taping-gap",
        "How many mm short of the 19 mm smallest noticeable change is the taping trial's "
        "estimate?",
        numeric(taping_gap_mm, tolerance=0.05, unit="mm"),
        "In the comparison app (mm scale, short term) read the taping estimate (-12.3 mm) and "
        "take its size away from 19.",
        "The estimate is a difference between group averages; it can be smaller than 19 mm and "
        "still mean that more people in the taped group noticed a change.",
    ),
    Exercise(
        "08-long-term",
        "How many treatments have an estimate against a control in the longer-term window "
        "(13 to 52 weeks), on either scale?",
        numeric(long_term_count, tolerance=0.0, unit="treatments"),
        "Choose 'Longer term' in the comparison app, then look at both scales.",
        "None: what we know beyond 3 months comes from trials against other treatments "
        "(strength vs stretching) or from pooled estimates that mix times, not from a control.",
    ),
    Exercise(
        "08-week-six",
        "How many heel raises are in one session in week 6 of the trial's programme?",
        numeric(week_six_raises, tolerance=0.01, unit="heel raises"),
        "From week 5 the dose is 5 sets of 8RM: multiply sets by repetitions, or read the bar "
        "for week 6 in the planner.",
        "Fewer repetitions, more sets and a heavier backpack: the load rises while the count "
        "stays about the same.",
    ),
]
