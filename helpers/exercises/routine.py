"""'Your turn' exercises for lesson 03 (self-massage): red flags, the routine timer, stop signs
and the pain log.

Every expected answer is computed from the course's own tables and models when a learner checks
an answer (never typed in here), so an edit to ``data/red_flags.csv``, ``data/routine_steps.csv``
or the models moves the expected answer with it. Nothing heavy happens at import.

Two judge kinds are added here (the package has ``numeric`` and ``choice``):

- :func:`table_choice`: like ``choice``, but the options and the right one are built from a table
  or model when first needed.
- :func:`step_and_seconds`: a pair (step number, seconds left in that step) read off the
  routine player.

>>> judge = step_and_seconds(lambda: (2, 50.0), seconds_tolerance=2)
>>> judge((2, 51))[0], judge((3, 50))[0], judge("two")[0]
(True, False, False)
>>> judge.solution_text()
'step 2, 50 s left'
"""

from __future__ import annotations

from collections.abc import Callable

from helpers.exercises import AnswerForm, Exercise, numeric
from helpers.models import painlog, routine
from helpers.tables import load_table

__all__ = ["EXERCISES", "table_choice", "step_and_seconds", "red_flag_options",
           "routine_state_after", "stop_sign_action", "log_target_level",
           "SCENARIO_FLAG", "ROUTINE_SECONDS", "LOG_START_LEVEL"]

#: The red flag the scenario in exercise 03-red-flag-scenario describes (an id in red_flags.csv).
SCENARIO_FLAG = "activity_rise"
#: Seconds of routine time that pass after Start in exercise 03-routine-after-200s.
ROUTINE_SECONDS = 200.0
#: Starting level (mean of the first mornings, 0-10) in exercise 03-log-target.
LOG_START_LEVEL = 7.0


def table_choice(correct: Callable[[], str], options: Callable[[], dict]):
    """A judge for one of several named answers, built lazily from a table or model.

    ``options()`` maps each allowed answer to the reason shown when it is chosen; ``correct()``
    names the right one. Answers are compared as trimmed, lower-case text, so ``5`` and ``"5"``
    are the same answer.
    """

    def judge(answer):
        opts = options()
        key = str(answer).strip().lower()
        lowered = {str(k).lower(): k for k in opts}
        if key not in lowered:
            allowed = ", ".join(repr(k) for k in opts)
            return False, f"{answer!r} is not one of the choices ({allowed})."
        name = lowered[key]
        return name == correct(), opts[name]

    judge.solution_text = lambda: f"{correct()}: {options()[correct()]}"
    judge.solution_value = lambda: correct()
    judge.form = AnswerForm("choice", choices=lambda: tuple(options()))
    return judge


def step_and_seconds(expected: Callable[[], tuple], seconds_tolerance: float = 2.0):
    """A judge for a pair ``(step number, seconds left in that step)``.

    The step number (counted from 1) must be exact; the seconds may be off by
    ``seconds_tolerance``.
    """

    def judge(answer):
        try:
            step, seconds = answer
            step = float(step)
            seconds = float(seconds)
        except (TypeError, ValueError):
            return False, (f"{answer!r} is not a pair of numbers; type it as (step, seconds), "
                           "for example (1, 30).")
        want_step, want_seconds = expected()
        if step != want_step:
            return False, f"step {step:g} is not the step the player is on."
        if abs(seconds - want_seconds) > seconds_tolerance:
            return False, (f"step {step:g} is right, but {seconds:g} s left is about "
                           f"{abs(seconds - want_seconds):.0f} s away.")
        return True, (f"step {step:g} with {seconds:g} s left is what the player shows "
                      f"(within {seconds_tolerance:g} s).")

    def solution_text():
        step, seconds = expected()
        return f"step {step}, {seconds:g} s left"

    judge.solution_text = solution_text
    judge.solution_value = lambda: tuple(expected())
    judge.form = AnswerForm("numbers", fields=("step number", "seconds left"))
    return judge


# ------------------------------------------------------------------ expected answers
def red_flag_options() -> dict:
    """Answer -> reason for the red-flag scenario: each flag by its number in section 1.2's
    list (table order), plus ``none``."""
    options = {}
    for number, flag in enumerate(load_table("red_flags"), start=1):
        point = flag["may_point_to"][0].lower() + flag["may_point_to"][1:]
        if flag["flag_id"] == SCENARIO_FLAG:
            options[str(number)] = (
                f"flag {number} fits: pain that keeps growing after a rise in running or a move "
                f"to harder ground may point to {point}. The runner should have the heel "
                "examined before any self-massage.")
        else:
            options[str(number)] = (f"flag {number} is about something else "
                                    f"(it may point to {point}).")
    options["none"] = "one sign in the story is on the list."
    return options


def _scenario_number() -> str:
    ids = [flag["flag_id"] for flag in load_table("red_flags")]
    return str(ids.index(SCENARIO_FLAG) + 1)


def routine_state_after(seconds: float = ROUTINE_SECONDS) -> tuple:
    """(step number counted from 1, seconds left in it) after ``seconds`` of running time,
    read from the routine player driven by a fake clock."""
    clock = routine.FakeClock()
    player = routine.RoutinePlayer(routine.load_steps(), clock=clock)
    player.start()
    clock.advance(seconds)
    state = player.tick()
    return state.index + 1, float(round(state.remaining_s, 6))


def stop_sign_action() -> str:
    """What the discomfort advice says for a rating of 2 with numbness after a step."""
    return routine.discomfort_advice(2, signs=["numbness"]).action


def _action_options() -> dict:
    return {
        "continue": "a low number alone would mean carry on, but this story has more in it "
                    "than a number.",
        "ease": "easing off is for a strong dull ache (4 to 5) with no stop sign.",
        "stop": "numbness or tingling is a stop sign whatever the number; it can point to a "
                "nerve rather than the fascia, so the foot is checked before you try again.",
    }


def log_target_level(start: float = LOG_START_LEVEL) -> float:
    """The recent level (0-10) at which a fall from ``start`` first counts as a change that
    matters, as the trend plot draws it (about 30% lower, and at least 1 point lower)."""
    return float(painlog.target_level(painlog.Trend(
        n=6, window=3, start=float(start), recent=float(start), change=0.0, percent_change=0.0,
        meaningful=False, worse=False)))


EXERCISES = [
    Exercise(
        "03-red-flag-scenario",
        "A runner doubled their weekly running, mostly on tarmac, six weeks ago. Their heel pain "
        "has grown worse every week since. No fall, no fever, no numbness. Which red flag of "
        "section 1.2 fits? Answer with its number in the list, or 'none'.",
        table_choice(_scenario_number, red_flag_options),
        "Ask what changed before the pain started to grow, then read the sign of each flag in "
        "the list until one describes that story.",
        "Tick that box in the screen above and read its reason.",
    ),
    Exercise(
        "03-routine-after-200s",
        "You press Start and let the player run, without pausing, for 200 seconds. Which step is "
        "it on, and how many seconds are left in that step? Answer as (step, seconds).",
        step_and_seconds(routine_state_after, seconds_tolerance=2.0),
        "Add up the step times in the printed list from the top until the total passes 200 s; "
        "the step where that happens is the one under way. Then, in the cell that moves the "
        "clock on by hand, change 100 to 200 and run it to check.",
        "The player carries on by itself from one step to the next, so the total time is the "
        "sum of the step times.",
    ),
    Exercise(
        "03-stop-sign-low-score",
        "After the arch step you rate the discomfort 2 out of 10, but part of the sole now feels "
        "numb and tingly. What does the advice say: 'continue', 'ease' or 'stop'?",
        table_choice(stop_sign_action, _action_options),
        "Set the slider to 2 and tick the box for numbness or tingling; read the message.",
        "A low number does not cancel a stop sign.",
    ),
    Exercise(
        "03-log-target",
        "Your log starts at a level of 7.0 out of 10 (the mean of the first three mornings). "
        "At what recent level, or any lower, would the log count a change that matters? Answer "
        "in points on the 0 to 10 scale, to one decimal place.",
        numeric(log_target_level, tolerance=0.01, unit="points"),
        "Take 30% off the starting level; the fall must also be at least 1 whole point.",
        "30% of 7.0 is 2.1 points, more than 1 point, so the 30% level counts. At a start of 3.0, "
        "30% would be only 0.9 points, and the log would wait for a 1-point fall.",
    ),
]
