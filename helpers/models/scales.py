"""Pain scales and the smallest change that matters to patients.

Numbers from the source table: on a 0-10 numeric rating scale a fall of about 2 points or about
30% was a clinically important difference (Farrar et al. 2001; chronic pain trials, not heel
pain); Salaffi et al. 2004 found 1 point or 15% as the minimal one.

>>> important_change(6).points_target, round(important_change(6).percent_target, 2)
(4.0, 4.2)
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.validate import check_range

NPRS_MAX = 10.0
IMPORTANT_POINTS = 2.0  # Farrar 2001: about two points
IMPORTANT_FRACTION = 0.30  # Farrar 2001: about 30%


@dataclass(frozen=True)
class ImportantChange:
    """Where pain would have to fall to, from ``score``, for a change patients call important."""

    score: float
    points_target: float
    percent_target: float

    @property
    def easier_target(self) -> float:
        """The higher (easier to reach) of the two targets."""
        return max(self.points_target, self.percent_target)


def important_change(score: float) -> ImportantChange:
    """Targets for an important fall from a 0-10 pain score (Farrar 2001's 2 points and 30%).

    Parameters
    ----------
    score : float
        Pain on a 0-10 numeric rating scale.
    """
    s = check_range("score", score, 0, NPRS_MAX, "points")
    return ImportantChange(
        score=s,
        points_target=max(0.0, s - IMPORTANT_POINTS),
        percent_target=s * (1 - IMPORTANT_FRACTION),
    )


# every public function answers bad input with a learner-facing ValueError
from helpers.validate import check_module_inputs  # noqa: E402

check_module_inputs(globals())
