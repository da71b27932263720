"""'Your turn' exercises for lesson 05 (does massage work? reading the trials).

Every expected value comes from the lesson's own models and data files, computed when an answer
is checked, so the exercises follow the data if a row is corrected:

- ``05-wolgin-one-year``: read the natural-history figure (the steady-rate curve calibrated to
  Wolgin 1994, at 12 months), or compute it with :func:`helpers.models.evidence.remaining_fraction`.
- ``05-null-one-year``: predict, then check with the simulation app: what a before/after study
  credits to a treatment that does nothing when recovery follows the Hansen 2018 one-year rate and
  follow-up lasts 12 months (the readout's "over many repeats" line).
- ``05-clear-interval``: read the trials figure: which of three function results has a 95%
  confidence interval clear of zero on the side that favours treatment.

>>> from helpers.exercises import check
>>> print(check("05-clear-interval", "nobody 2020"))  # doctest: +ELLIPSIS
Not yet: 'nobody 2020' is not one of the choices (...). Hint: ...
>>> check("05-clear-interval", "cleland 2009").correct
True
"""

from __future__ import annotations

import re

from helpers.exercises import AnswerForm, Exercise, numeric
from helpers.models import evidence as ev
from helpers.schemas.evidence import NATURAL_HISTORY, TRIALS

#: The recovery patterns the exercises use (keys of ``data/natural_history.csv``).
#: (The schema of each table declares these rows required, so an edited table keeps them.)
WOLGIN_KEY, HANSEN_ONE_YEAR_KEY = NATURAL_HISTORY.required_keys

#: The function results compared in ``05-clear-interval`` (keys of ``data/trials.csv``).
INTERVAL_RESULTS = TRIALS.required_keys

FOLLOW_UP_MONTHS = 12.0


def _pattern(key: str) -> ev.RecoveryPattern:
    patterns = {p.key: p for p in ev.recovery_patterns()}
    return patterns[key]


def wolgin_left_after_one_year_pct() -> float:
    """Percent of pain left after 12 months at the steady rate calibrated to Wolgin 1994.

    >>> round(wolgin_left_after_one_year_pct(), 1)
    64.5
    """
    rate = _pattern(WOLGIN_KEY).monthly_recovery_pct
    return 100.0 * ev.remaining_fraction(rate, FOLLOW_UP_MONTHS)


def null_before_after_one_year_points() -> float:
    """Expected before/after 'improvement' for a treatment with no effect: Hansen 2018 one-year
    recovery rate, 12 months of follow-up, every other setting at the lesson's defaults.

    >>> round(null_before_after_one_year_points(), 2)
    2.11
    """
    rate = _pattern(HANSEN_ONE_YEAR_KEY).monthly_recovery_pct
    expected = ev.expected_estimates(
        true_effect_points=0.0, monthly_recovery_pct=rate, follow_up_months=FOLLOW_UP_MONTHS
    )
    return expected.before_after_points


def _scale_and_unit(outcome_scale: str) -> tuple:
    """``'LEFS function (points)'`` -> ``('LEFS function', ' points')``.

    >>> _scale_and_unit("First-step pain VAS (mm)")
    ('First-step pain VAS', ' mm')
    """
    match = re.fullmatch(r"(.*?) \(([^()]*)\)", outcome_scale)
    if match is None:
        return outcome_scale, ""
    return match.group(1), f" {match.group(2)}"


def interval_options() -> tuple:
    """``(correct_trial, {trial: why})`` for the results in ``INTERVAL_RESULTS``.

    A result is clear of zero when its whole 95% CI lies on the side that favours treatment
    (above zero when higher is better, below zero when lower is better). Exactly one of the
    results must be clear, or a ``ValueError`` says the data no longer fit the exercise.

    >>> interval_options()[0]
    'Cleland 2009'
    """
    rows = ev.load_trials().by("result_id")
    options, clear = {}, []
    for result_id in INTERVAL_RESULTS:
        row = rows[result_id]
        lo, hi = row["ci_low"], row["ci_high"]
        higher = row["favours_treatment_when"] == "higher"
        is_clear = lo > 0 if higher else hi < 0
        verdict = (
            "stays wholly on the side that favours treatment"
            if is_clear
            else "reaches zero or crosses it, so the trial found no clear difference"
        )
        when = row["follow_up"].split(" (")[0]
        scale, unit = _scale_and_unit(row["outcome_scale"])
        options[row["trial"]] = (
            f"{row['trial']}, {scale} at {when}: the 95% CI runs from {lo:g} to {hi:g}"
            f"{unit}, which {verdict}."
        )
        if is_clear:
            clear.append(row["trial"])
    if len(clear) != 1:
        raise ValueError(
            f"exercise 05-clear-interval needs exactly one result clear of zero; got {clear}"
        )
    return clear[0], options


def interval_judge():
    """A choice judge for ``05-clear-interval`` that reads the trial table when it is used."""

    def judge(answer):
        correct, options = interval_options()
        key = str(answer).strip().lower()
        lowered = {name.lower(): name for name in options}
        if key not in lowered:
            allowed = ", ".join(repr(name) for name in options)
            return False, f"{answer!r} is not one of the choices ({allowed})."
        name = lowered[key]
        return name == correct, options[name]

    def solution_text():
        correct, options = interval_options()
        return options[correct]

    judge.solution_text = solution_text
    judge.solution_value = lambda: interval_options()[0]
    judge.form = AnswerForm("choice", choices=lambda: tuple(interval_options()[1]))
    return judge


EXERCISES = [
    Exercise(
        "05-wolgin-one-year",
        "Share of pain left after 12 months at the steady rate calibrated to Wolgin 1994 (%).",
        numeric(wolgin_left_after_one_year_pct, tolerance=0.05, unit="%"),
        "Follow the dashed curve (steady rate calibrated to Wolgin 1994) up from 12 months on "
        "the horizontal axis, or compute (1 - p) to the power 12, with p the Wolgin rate from "
        "the list above written as a fraction, and multiply by 100.",
        "Hansen 2018 found a much larger share still with symptoms at one year (the circle at "
        "12 months): a single steady rate cannot describe both studies.",
    ),
    Exercise(
        "05-null-one-year",
        "Before/after improvement over many repeats for a treatment with no effect, Hansen 2018 "
        "one-year pattern, 12 months of follow-up (points).",
        numeric(null_before_after_one_year_points, tolerance=0.05, unit="points"),
        "Set the true effect to 0, choose the Hansen 2018 one-year pattern in the menu, move "
        "the follow-up slider to 12, and read the last line of the readout under the figure.",
        "All of it is natural recovery plus regression to the mean; the randomised comparison "
        "would average 0.",
    ),
    Exercise(
        "05-clear-interval",
        "Which function result has a 95% CI wholly on the side that favours treatment?",
        interval_judge(),
        "In the trials figure, see where each horizontal line sits against the black zero line; "
        "a line that touches or crosses it is not clear of zero. The printed list gives the "
        "exact limits.",
        "A clear interval means a difference unlikely to be chance alone; whether it is big "
        "enough to matter to a person is a separate question.",
    ),
]
