"""Self-check quizzes: multiple choice, keyboard usable, an explanation for every option.

>>> q = Question("Where does the plantar fascia start?",
...              ["The heel bone", "The big toe"], answer=0,
...              explanations=["Yes: the inner heel.", "No: it ends at the toes."])
>>> quiz_app = quiz([q])
>>> quiz_app.choose(0, 1); quiz_app.check(0)
False
>>> quiz_app.feedback(0)
'Not quite. No: it ends at the toes.'

A lesson's quiz lives in ``data/quizzes/<notebook-stem>.csv`` (schema in
``helpers/schemas/quizzes.py``) and is shown with one call, so neither the key nor the
explanations are in sight in the notebook before the learner answers:

>>> app = lesson_quiz("01-causes")
>>> app.choose(0, app.questions[0].answer); app.check(0)
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from helpers.appbase import App
from helpers.exercises import is_graded
from helpers.schemas.quizzes import OPTIONS
from helpers.sources import cite_marked
from helpers.tables import load_table


@dataclass(frozen=True)
class Question:
    """One multiple-choice question; ``answer`` is the index of the right option."""

    prompt: str
    options: tuple
    answer: int
    explanations: tuple
    sources: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "options", tuple(self.options))
        object.__setattr__(self, "explanations", tuple(self.explanations))
        object.__setattr__(self, "sources", tuple(self.sources))
        if len(self.options) < 2:
            raise ValueError(f"question {self.prompt[:40]!r}: needs at least two options")
        if len(self.explanations) != len(self.options):
            raise ValueError(
                f"question {self.prompt[:40]!r}: {len(self.options)} options but "
                f"{len(self.explanations)} explanations; give one explanation per option"
            )
        if not 0 <= self.answer < len(self.options):
            raise ValueError(
                f"question {self.prompt[:40]!r}: answer must be between 0 and "
                f"{len(self.options) - 1}; got {self.answer}"
            )


class Quiz(App):
    """A list of questions, each with radio buttons, a Check button and a feedback panel."""

    def __init__(self, questions):
        import ipywidgets as widgets

        self.questions = [q if isinstance(q, Question) else Question(**q) for q in questions]
        if not self.questions:
            raise ValueError("a quiz needs at least one question")
        self.choices, self.buttons, self.panels = [], [], []
        boxes = []
        for i, q in enumerate(self.questions):
            prompt = widgets.HTML(f"<p><strong>Q{i + 1}.</strong> {html.escape(q.prompt)}</p>")
            choice = widgets.RadioButtons(
                options=[(text, k) for k, text in enumerate(q.options)],
                value=None,
                description=f"Q{i + 1}",
                layout=widgets.Layout(width="auto"),
                style={"description_width": "initial"},
            )
            button = widgets.Button(
                description="Check",
                tooltip=f"Check your answer to question {i + 1}",
                button_style="",
            )
            panel = widgets.HTML("", layout=widgets.Layout(min_height="1.5em"))
            button.on_click(lambda _b, i=i: self.check(i))
            self.choices.append(choice)
            self.buttons.append(button)
            self.panels.append(panel)
            boxes.append(widgets.VBox([prompt, choice, button, panel]))
        self.score_html = widgets.HTML("")
        self.widget = widgets.VBox([*boxes, self.score_html])
        self.finish("quiz")

    def choose(self, q: int, option: int) -> None:
        """Select an option (what a learner does with a click or the arrow keys)."""
        self.choices[q].value = option

    def check(self, q: int) -> bool:
        """Show feedback for question ``q``; return whether the chosen option is right."""
        question = self.questions[q]
        chosen = self.choices[q].value

        if chosen is None:
            text, ok = "Choose an answer first.", False
        elif is_graded():
            text, ok = ("Choice noted. This is graded work: write the number of your choice "
                        "(1 for the top option) in the quiz answer cell below; it is marked after "
                        "you hand the lesson in."), False
        else:
            ok = chosen == question.answer
            lead = "Correct." if ok else "Not quite."
            text = f"{lead} {question.explanations[chosen]}"
            if question.sources:
                text += f" Source: {'; '.join(cite_marked(key) for key in question.sources)}."
        mark = "✔" if ok else ("✘" if chosen is not None and not is_graded() else "…")
        self.panels[q].value = (
            f"<div class='hp-feedback' role='status' aria-live='polite'>"
            f"<span aria-hidden='true'>{mark}</span> {html.escape(text)}</div>"
        )
        if not is_graded():
            right = sum(
                1 for i, qq in enumerate(self.questions) if self.choices[i].value == qq.answer
            )
            self.score_html.value = f"<p>Right so far: {right} of {len(self.questions)}.</p>"
        return ok

    def feedback(self, q: int) -> str:
        """The feedback text last shown for question ``q`` (plain text)."""
        import re

        raw = re.sub(r"<[^>]+>", "", self.panels[q].value)
        return html.unescape(raw).replace("✔", "").replace("✘", "").replace("…", "").strip()


def quiz(questions) -> Quiz:
    """Build a :class:`Quiz` from :class:`Question` objects (or dicts with the same fields)."""
    return Quiz(questions)


def quiz_questions(lesson: str) -> list:
    """The questions of ``data/quizzes/<lesson>.csv`` (validated) as :class:`Question` objects.

    ``lesson`` is the notebook's file name without ``.ipynb`` (``"01-causes"``). Questions are
    numbered 1, 2, 3 ... in the order shown; ``answer`` in the file is the position of the right
    option counted from 1.
    """
    if not isinstance(lesson, str) or not lesson or "/" in lesson or lesson.startswith("."):
        raise ValueError(f"lesson must be a notebook name such as '01-causes'; got {lesson!r}")
    table = load_table(f"quizzes/{lesson}")
    questions = []
    for expected, row in enumerate(table.rows, start=1):
        if row["number"] != expected:
            raise ValueError(
                f"data/quizzes/{lesson}.csv: questions must be numbered 1, 2, 3 ... in order; "
                f"question {expected} is numbered {row['number']}"
            )
        given = [k for k in range(1, OPTIONS + 1) if row[f"option_{k}"] is not None]
        questions.append(Question(
            row["prompt"],
            [row[f"option_{k}"] for k in given],
            row["answer"] - 1,
            [row[f"why_{k}"] for k in given],
            tuple(row["sources"]),
        ))
    if not questions:
        raise ValueError(f"data/quizzes/{lesson}.csv has no questions")

    if is_graded():
        # graded work: the questions carry neither the key nor the explanations
        questions = [Question(q.prompt, q.options, 0, ("",) * len(q.options)) for q in questions]
    return questions


def lesson_quiz(lesson: str) -> Quiz:
    """The self-check quiz of a lesson, from ``data/quizzes/<lesson>.csv``.

    Parameters
    ----------
    lesson : str
        The notebook's file name without ``.ipynb``, such as ``"01-causes"``.

    Returns
    -------
    Quiz
        Radio buttons, a Check button and a feedback panel per question; the explanation of the
        chosen option (and the sources) appear only after Check.
    """
    return Quiz(quiz_questions(lesson))
