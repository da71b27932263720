"""'Your turn' exercises for lesson 06 (choosing a therapist: the questions to ask).

Expected answers come from ``data/therapist_questions.csv`` (through
:func:`helpers.models.checklist.load_questions`), read when an answer is checked:

- ``06-convention-count``: how many of the questions rest on practice convention only.
- ``06-bias-question``: spot the bias in a therapist's success claim, and find the question on the
  list that tests it (answer with the question's number).
- ``06-refer-sign``: which of three things a therapist might hear is a reason to refer to a doctor.

Two small judges live here because the general ones do not fit: :func:`whole_number` (a count,
no tolerance) and :func:`question_number` (a number on the checklist, judged by the question it
points to, so the exercise survives a change of order).

>>> from helpers.exercises import check
>>> print(check("06-convention-count", 2.5))  # doctest: +ELLIPSIS
Not yet: 2.5 is not a whole number; count the questions and type a whole number such as 4. Hint: ...
>>> check("06-bias-question", 8).correct
True
"""

from __future__ import annotations

import math

from helpers.exercises import AnswerForm, Exercise, choice
from helpers.models import checklist as model
from helpers.schemas.checklist import BIAS_QUESTION

CONVENTION = "practice convention"


def _questions() -> tuple:
    return model.load_questions()


def _by_id(question_id: str) -> model.TherapistQuestion:
    for q in _questions():
        if q.question_id == question_id:
            return q
    raise ValueError(f"no question {question_id!r} in data/therapist_questions.csv")


def convention_count() -> int:
    """How many questions have ``basis`` 'practice convention'.

    >>> convention_count()
    3
    """
    return sum(q.basis == CONVENTION for q in _questions())


def _as_number(answer):
    if isinstance(answer, bool):
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def whole_number(expected, unit: str = ""):
    """A judge for an exact count: ``expected()`` returns the right whole number."""

    def judge(answer):
        value = _as_number(answer)
        if value is None:
            return False, f"{answer!r} is not a number; type digits only, such as 4."
        if value != int(value):
            return False, (
                f"{value:g} is not a whole number; count the questions and type a whole number "
                "such as 4."
            )
        target = int(expected())
        unit_text = f" {unit}" if unit else ""
        if int(value) == target:
            return True, f"{int(value)}{unit_text} is the count in the course's table."
        more_or_fewer = "more" if int(value) > target else "fewer"
        return False, f"{int(value)}{unit_text} is {more_or_fewer} than the table holds."

    judge.solution_text = lambda: f"{int(expected())} {unit}".strip()
    judge.solution_value = lambda: int(expected())
    judge.form = AnswerForm("number", unit=unit, whole=True)
    return judge


def question_number(expected_id: str):
    """A judge for "which question on the list?": the answer is a number from 1 to the length of
    the list, and it is right when that question's id is ``expected_id``. A wrong number is told
    what its question is about, so the learner can look again."""

    def judge(answer):
        questions = _questions()
        value = _as_number(answer)
        if value is None or value != int(value) or not 1 <= value <= len(questions):
            return False, (
                f"{answer!r} is not a question number; type a whole number from 1 to "
                f"{len(questions)}."
            )
        picked = questions[int(value) - 1]
        text = f"question {int(value)} asks: {picked.question}"
        return picked.question_id == expected_id, text

    def number():
        return next(
            n for n, q in enumerate(_questions(), start=1) if q.question_id == expected_id
        )

    judge.solution_text = lambda: f"{number()} ({_by_id(expected_id).question})"
    judge.solution_value = number
    judge.form = AnswerForm("number", unit="question number", whole=True)
    return judge


#: The three things a therapist might hear, for ``06-refer-sign``. Each explanation repeats what
#: the checklist's guidance says (the tests check that the phrases are in the table).
REFER_OPTIONS = {
    "first steps": (
        "Pain in the first steps after sleep or sitting is the usual pattern of plantar "
        "fasciitis; the guide to the question on how they will check your heel pain lists it "
        "among the things a therapist asks about, not as a reason to refer."
    ),
    "tingling": (
        "Burning, tingling or numbness can point to a trapped nerve; the guide to the question "
        "on what would make them stop names it as a sign to refer you rather than massage "
        "through it."
    ),
    "tight calf": (
        "Tight spots in the calf muscles are something a careful plan may treat; the guide to "
        "the question on which parts they will work on gives them as an example."
    ),
}

EXERCISES = [
    Exercise(
        "06-convention-count",
        "How many of the questions rest on practice convention rather than studies?",
        whole_number(convention_count, unit="questions"),
        "Count the lines that say 'backed by: practice convention' in the printed list; the "
        "other lines are backed by published evidence.",
        "For these, the guide says so openly: sensible advice that no study has tested.",
    ),
    Exercise(
        "06-bias-question",
        "Which question tests the claim 'nine in ten of my clients are better after six "
        "sessions'? (question number)",
        question_number(BIAS_QUESTION),
        "Think about lesson 05: what would the same clients have reported with no treatment "
        "at all? Find the question that asks exactly that.",
        "Many people improve with time (lesson 05), so a before/after success rate cannot "
        "show what the massage added.",
    ),
    Exercise(
        "06-refer-sign",
        "Which of these is a reason to stop and refer you to a doctor?",
        choice("tingling", REFER_OPTIONS),
        "Open the guide to 'What would make you stop and send me to a doctor?' and compare its "
        "list of signs with the three choices.",
        "A trapped nerve is one of the other causes of heel pain (Tu & Bytomski 2011); it "
        "needs a doctor's check, not firmer massage.",
    ),
]
