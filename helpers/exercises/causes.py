"""'Your turn' exercises for lesson 01 (causes): the windlass, the truss, the risk-factor forest
plot and the stress-relaxation curve.

Every expected value is computed from :mod:`helpers.models.mechanics` or read from
``data/risk_factors.csv`` when the check runs, so a change to a model or a table moves the
answer with it. Nothing heavy happens at import.

>>> from helpers import exercises
>>> print(exercises.check("01-windlass-walking", None))
Not answered yet: replace None with your answer, then run the cell again.
>>> exercises.check("01-windlass-walking", exercises.get("01-windlass-walking").solution_value()).correct
True
"""

from __future__ import annotations

import math

from helpers.exercises import AnswerForm, Exercise, choice, numeric
from helpers.models import mechanics as mech
from helpers.schemas.causes import disputed_factors
from helpers.tables import load_table

#: Toe extension in slow walking, late stance (Caravaggi et al. 2010), used in exercise 1.
SLOW_WALK_TOE_DEG = 52.0

#: Truss settings of exercise 2: the lesson's default person on two feet, arch lowered.
LOW_ARCH_MM = 20.0
DEFAULT_MASS_KG = 70.0

#: Stress level (percent of its first value) to read off the relaxation curve in exercise 4.
STRESS_LEVEL_PERCENT = 80.0


def windlass_shortening_mm() -> float:
    """Fascia shortening at the slow-walking toe angle, default drum radius (model)."""
    return mech.windlass(SLOW_WALK_TOE_DEG).shortening_mm


def low_arch_tension_n() -> float:
    """Truss tension at 70 kg, two feet, arch 20 mm, default lengths (model)."""
    return mech.truss(DEFAULT_MASS_KG, arch_height_mm=LOW_ARCH_MM).tension_n


def disputed_factor() -> str:
    """The factor in ``data/risk_factors.csv`` with a study that reports no odds ratio but a
    finding in the other direction: the one the studies point opposite ways on. (A study that
    found no difference, such as Irving 2007 on time standing, disagrees without pointing the
    other way.) The table's schema makes sure there is exactly one."""
    return disputed_factors(load_table("risk_factors").rows)[0]


def time_to_stress_level_s(level_percent: float = STRESS_LEVEL_PERCENT) -> float:
    """Time (s) at which the relaxation curve of lesson 01 reaches ``level_percent`` of its
    first stress, by inverting ``stress = 1 - g (1 - exp(-t / tau))``."""
    probe = mech.stress_relaxation([0.0])
    g, tau = probe.relaxable_fraction, probe.time_constant_s
    lost = 1.0 - level_percent / 100.0
    if not 0.0 < lost < g:
        raise ValueError(f"level_percent must be between {100 * (1 - g):.1f} and 100; "
                         f"got {level_percent}")
    return -tau * math.log(1.0 - lost / g)


FACTOR_OPTIONS = {
    "body mass": "Not this one: all three sources put body mass above 1, with overlapping "
                 "intervals; that is agreement.",
    "dorsiflexion": "Riddle et al. found a very high odds ratio with a very wide interval, "
                    "while Irving et al. found slightly more ankle movement in the cases: two "
                    "studies pointing in opposite directions.",
    "time on feet": "Not this one: only one study measured it, so there is nothing to "
                    "disagree with in the plot.",
    "foot posture": "Not this one: only one study measured it; a single study cannot "
                    "disagree with itself.",
}


def _factor_judge():
    """``choice`` over the four factors, with the right one taken from the data table."""
    names = {"body_mass": "body mass", "dorsiflexion": "dorsiflexion",
             "time_on_feet": "time on feet", "foot_posture": "foot posture"}
    inner = {}

    def current():
        key = names[disputed_factor()]
        if key not in inner:
            inner.clear()
            inner[key] = choice(key, FACTOR_OPTIONS)
        return inner[key]

    def judge(answer):
        text = str(answer).strip().lower().replace("_", " ")
        aliases = {"ankle dorsiflexion": "dorsiflexion", "bmi": "body mass",
                   "body mass index": "body mass", "time on feet at work": "time on feet"}
        return current()(aliases.get(text, text))

    judge.solution_text = lambda: current().solution_text()
    judge.solution_value = lambda: current().solution_value()
    judge.form = AnswerForm("choice", choices=tuple(FACTOR_OPTIONS))
    return judge


EXERCISES = [
    Exercise(
        "01-windlass-walking",
        "In slow walking the big toe bends up to about 52 degrees late in stance. Predict the "
        "fascia shortening with the windlass model, then check with the slider. Answer in mm.",
        numeric(windlass_shortening_mm, tolerance=0.05, unit="mm"),
        "Shortening is radius x angle, with the angle in radians (degrees x 3.1416 / 180) and "
        "the drum radius printed in the windlass readout.",
        "The winding is linear in the angle, so 52 degrees gives a little more than half of "
        "the 1 cm quarter-turn figure.",
    ),
    Exercise(
        "01-truss-low-arch",
        "Standing on two feet at 70 kg with the default lengths, lower the arch from 40 to "
        "20 mm. Predict the fascia tension first; then, since the truss opens on the walking "
        "peak, pick 'standing on two feet' as the load case and read the truss readout. "
        "Answer in newtons.",
        numeric(low_arch_tension_n, tolerance=0.05, unit="N"),
        "Look at where the arch height h sits in tension = load x a x b / ((a + b) x h), and "
        "start from the two-feet row of the table above.",
        "The arch height divides the tension, so halving it doubles the pull.",
    ),
    Exercise(
        "01-risk-disputed",
        "In the forest plot, for which factor do the studies point in opposite directions? "
        "Answer with one of 'body mass', 'dorsiflexion', 'time on feet' or 'foot posture'.",
        _factor_judge(),
        "Pick each factor in the widget and ask: is there more than one study, and do they "
        "all lie on the same side of the dotted line at 1?",
    ),
    Exercise(
        "01-relaxation-time",
        "Read the left panel of the first-step figure: after how many seconds of a held "
        "stretch has the model's stress fallen to 80% of its first value? Answer in seconds; "
        "reading the graph within 20% counts as right.",
        numeric(time_to_stress_level_s, tolerance=0.20, unit="s"),
        "Find 80 on the stress axis, go across to the curve, then straight down to the time "
        "axis. The curve falls fastest at the start.",
        "The model loses most of its stress in the first minute because its time constant is "
        "60 s, a teaching assumption.",
    ),
]
