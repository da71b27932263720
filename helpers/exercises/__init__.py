"""'Your turn' exercises: the learner predicts or reads a value, and a check says whether it is
right and why. Solutions are not shown in the lessons; the teacher's guide prints them.

Each subject module in this package (``helpers/exercises/causes.py`` ...) defines
``EXERCISES = [Exercise(...), ...]``. A lesson asks each exercise twice over: a widget for
everyone (a number box or a menu, built from the judge, checked by the same judge)::

    hp.exercises.ask("01-truss-one-foot")

and a code cell for those who program::

    my_answer = None   # replace None with your answer
    hp.exercises.check("01-truss-one-foot", my_answer)

Every judge carries an :class:`AnswerForm` (``judge.form``) that says which widget fits it: the
judges made by :func:`numeric` and :func:`choice` set it themselves, so a new exercise gets its
widget for free; a judge without a form is answered in a plain text box.

>>> from helpers.exercises import Exercise, numeric
>>> ex = Exercise("demo", "Two plus two?", numeric(lambda: 4.0, tolerance=0.01), "Add them.")
>>> print(ex.check(None))
Not answered yet: replace None with your answer, then run the cell again.
>>> print(ex.check(5))
Not yet: 5 is about 25% away. Hint: Add them.
>>> print(ex.check(4))
Right: 4 is within 1% of the model's value.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

NOT_ANSWERED = "Not answered yet: replace None with your answer, then run the cell again."
RECORDED = ("Answer noted. This is graded work: your answer is marked after you hand the lesson "
            "in, so no check is shown now.")
NO_SOLUTIONS = "solutions are not available in graded work; they are in the teacher's guide"

# Graded work (nbgrader assignments, `make assignments`): a graded lesson's setup cell calls
# graded(); from then on checks, answer widgets and quizzes note an answer without judging it,
# and no solution or quiz key is given out. marking() lifts it for the autograder's hidden tests.
_GRADED = {"on": False}


def graded(on: bool = True) -> None:
    """Switch graded mode on (or off): answers are noted, not judged; solutions are withheld."""
    _GRADED["on"] = bool(on)


def is_graded() -> bool:
    """True in graded work (see :func:`graded`)."""
    return _GRADED["on"]


class marking:
    """``with marking():`` judges answers even in graded work (the autograder's hidden tests).

    >>> graded(); marking_result = None
    >>> with marking():
    ...     marking_result = is_graded()
    >>> marking_result, is_graded()
    (False, True)
    >>> graded(False)
    """

    def __enter__(self):
        self._was = _GRADED["on"]
        _GRADED["on"] = False
        return self

    def __exit__(self, *exc):
        _GRADED["on"] = self._was
        return False

FORM_KINDS = ("number", "choice", "numbers", "text")


@dataclass(frozen=True)
class AnswerForm:
    """What kind of answer a judge takes, so a widget can be built for it.

    ``kind`` is ``"number"`` (one number box; ``whole`` for whole numbers, ``unit`` shown in the
    label), ``"choice"`` (a menu of ``choices``: a tuple of answers, or a function returning one,
    read when the widget is built), ``"numbers"`` (one box per entry of ``fields``; the judge
    receives a tuple) or ``"text"`` (a text box).

    >>> AnswerForm("choice", choices=lambda: ("a", "b")).choice_list()
    ('a', 'b')
    """

    kind: str
    unit: str = ""
    choices: object = ()
    fields: tuple = ()
    whole: bool = False

    def __post_init__(self):
        if self.kind not in FORM_KINDS:
            raise ValueError(f"AnswerForm kind must be one of {FORM_KINDS}; got {self.kind!r}")
        if self.kind == "numbers" and len(self.fields) < 2:
            raise ValueError("an AnswerForm of kind 'numbers' needs two or more fields")
        if self.kind == "choice" and not (callable(self.choices) or self.choices):
            raise ValueError("an AnswerForm of kind 'choice' needs its choices")

    def choice_list(self) -> tuple:
        """The answers a menu offers, as text, in the order given."""
        found = self.choices() if callable(self.choices) else self.choices
        return tuple(str(c) for c in found)


TEXT_FORM = AnswerForm("text")


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer: ``correct`` is None when nothing was answered."""

    correct: bool | None
    message: str

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        mark = {True: "✔", False: "✘", None: "…"}[self.correct]
        return (f"<div class='hp-feedback' role='status'><span aria-hidden='true'>{mark}</span> "
                f"{html.escape(self.message)}</div>")

    def __repr__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Exercise:
    """One exercise: ``judge(answer) -> (correct, why)``; ``solution_text()`` for the guide."""

    exercise_id: str
    prompt: str
    judge: Callable
    hint: str
    explanation: str = ""

    def __post_init__(self):
        # the judge itself answers any input (a widget may call it directly)
        if not getattr(self.judge, "_hp_safe", False):
            object.__setattr__(self, "judge", safe_judge(self.judge))

    def check(self, answer) -> Feedback:
        """Feedback for any answer: never an exception, whatever the learner typed."""
        if answer is None:
            return Feedback(None, NOT_ANSWERED)
        if is_graded():
            return Feedback(None, RECORDED)
        correct, why = self.judge(answer)
        if correct:
            tail = f" {self.explanation}" if self.explanation else ""
            return Feedback(True, f"Right: {why}{tail}")
        return Feedback(False, f"Not yet: {why} Hint: {self.hint}")

    def solution_text(self) -> str:
        if is_graded():
            raise ValueError(NO_SOLUTIONS)
        return self.judge.solution_text()

    def solution_value(self):
        """An answer the check accepts (for tests and the teacher's guide)."""
        if is_graded():
            raise ValueError(NO_SOLUTIONS)
        return self.judge.solution_value()

    @property
    def form(self) -> AnswerForm:
        """The kind of widget that takes this exercise's answer (from the judge)."""
        return getattr(self.judge, "form", TEXT_FORM)


def safe_judge(judge: Callable) -> Callable:
    """Wrap ``judge`` so that any answer gets ``(correct, why)``, never an exception; the
    judge's attributes (``solution_text``, ``solution_value``, ``form``) are kept.

    >>> strict = safe_judge(lambda a: (a["x"] == 1, "ok"))
    >>> print(strict(5)[1])
    5 is not an answer this check can read; look at the example in the comment.
    """

    def judged(answer):
        try:
            correct, why = judge(answer)
            why = str(why)
            if len(why) > 400:  # a long answer quoted whole: quote it shortened
                for text in {repr(answer), str(answer)}:
                    if len(text) > 60:
                        why = why.replace(text, shown(answer))
                why = why if len(why) <= 400 else why[:397] + "..."
            return bool(correct), why
        except (ValueError, TypeError, ArithmeticError, LookupError, AttributeError,
                RecursionError, UnicodeError, AssertionError):
            return False, (f"{shown(answer)} is not an answer this check can read; look at "
                           "the example in the comment.")

    import functools

    functools.update_wrapper(judged, judge)  # keeps solution_text, solution_value, form, ...
    judged._hp_safe = True
    return judged


def _fmt(x: float) -> str:
    return f"{x:.3g}" if abs(x) < 1000 or abs(x) >= 1e15 else f"{x:,.0f}"


def shown(answer, limit: int = 60) -> str:
    """A learner's answer as feedback quotes it: its repr, shortened when long.

    >>> shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
    """
    try:
        text = repr(answer)
    except Exception:  # noqa: BLE001 - any object a learner may pass
        text = f"a {type(answer).__name__}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def as_number(answer):
    """The learner's answer as a finite float, or (None, why it is not one)."""
    if isinstance(answer, bool):
        return None, f"{answer!r} is not a number; type digits only, such as 12.5."
    if isinstance(answer, str):
        answer = answer.strip().replace(",", "")
    try:
        value = float(answer)
    except OverflowError:
        return None, f"{shown(answer)} is too large to be an answer; type a number such as 12.5."
    except (TypeError, ValueError):
        return None, f"{shown(answer)} is not a number; type digits only, such as 12.5."
    if value != value or value in (float("inf"), float("-inf")):
        return None, f"{shown(answer)} is not a finite number; type digits only, such as 12.5."
    return value, ""


def numeric(expected: Callable[[], float], tolerance: float = 0.05, unit: str = ""):
    """A judge for a number within ``tolerance`` (a fraction) of ``expected()`` (a model call)."""

    def judge(answer):
        value, why = as_number(answer)
        if value is None:
            return False, why
        target = float(expected())
        unit_text = f" {unit}" if unit else ""
        off = abs(value - target) / abs(target) if target else abs(value)
        if off <= tolerance:
            return True, f"{_fmt(value)}{unit_text} is within {tolerance:.0%} of the model's value."
        if not off < 100:
            return False, f"{_fmt(value)}{unit_text} is far from the model's value."
        return False, f"{_fmt(value)}{unit_text} is about {off:.0%} away."

    judge.solution_text = lambda: f"{_fmt(float(expected()))} {unit}".strip()
    judge.solution_value = lambda: float(expected())
    judge.form = AnswerForm("number", unit=unit)
    return judge


def choice(correct: str, options: dict):
    """A judge for one of several named answers; ``options`` maps each to why it is right/wrong."""

    def judge(answer):
        key = str(answer).strip().lower() if isinstance(answer, (str, int, float)) else None
        lowered = {k.lower(): k for k in options}
        if key not in lowered:
            allowed = ", ".join(repr(k) for k in options)
            return False, f"{shown(answer)} is not one of the choices ({allowed})."
        name = lowered[key]
        return name == correct, options[name]

    judge.solution_text = lambda: f"{correct}: {options[correct]}"
    judge.solution_value = lambda: correct
    judge.form = AnswerForm("choice", choices=tuple(options))
    return judge


@lru_cache(maxsize=1)
def registry() -> dict:
    """Every exercise in the subject modules, by id (a new subject module is added here)."""
    from . import causes, checklist, circulation, diagnosis, evidence, regions, routine, treatments

    found = {}
    for module in (causes, checklist, circulation, diagnosis, evidence, regions, routine,
                   treatments):
        for ex in module.EXERCISES:
            if ex.exercise_id in found:
                raise ValueError(f"exercise id {ex.exercise_id!r} is defined twice")
            found[ex.exercise_id] = ex
    return found


def get(exercise_id: str) -> Exercise:
    exercises = registry()
    if exercise_id not in exercises:
        raise ValueError(f"unknown exercise {exercise_id!r}; known: {', '.join(sorted(exercises))}")
    return exercises[exercise_id]


def check(exercise_id: str, answer) -> Feedback:
    """Check a learner's answer to exercise ``exercise_id`` and say why."""
    return get(exercise_id).check(answer)


def ask(exercise_id: str):
    """A widget that takes the answer to exercise ``exercise_id`` and checks it with the same
    judge as :func:`check`: a number box, a menu or one box per number, with a Check button
    (Enter in a box checks too) and the feedback under it.

    Returns an :class:`helpers.apps.exercise.ExerciseApp`; ``app.answer(value)`` fills the
    control and ``app.check()`` returns the :class:`Feedback` shown.
    """
    from helpers.apps.exercise import ExerciseApp

    return ExerciseApp(get(exercise_id))


def solution(exercise_id: str) -> str:
    """The solution, for the teacher's guide only."""
    return get(exercise_id).solution_text()
