"""The answer widget of a "Your turn" exercise, built from the exercise's judge.

A learner who does not program types a number in a box or picks an answer from a menu and
presses Check (or Enter in a box); the same judge as ``hp.exercises.check`` says whether it is
right and why, under the box. The kind of widget comes from the judge's
:class:`helpers.exercises.AnswerForm`: ``number`` (one box), ``numbers`` (one box per number),
``choice`` (a menu) or ``text`` (a box for words).

>>> from helpers import exercises
>>> app = exercises.ask("01-windlass-walking")
>>> app.answer("abc"); print(app.check())
'abc' is not a number; type digits only, such as 12.5.
>>> app.answer(exercises.get("01-windlass-walking").solution_value()); app.check().correct
True
"""

from __future__ import annotations

import html
import math
import re

from helpers.appbase import App
from helpers.exercises import Exercise, Feedback

EMPTY_BOX = "Type your answer in the box, then press Check."
EMPTY_BOXES = "Type a number in each box, then press Check."
EMPTY_MENU = "Choose an answer from the menu, then press Check."
PLACEHOLDER = "Choose an answer"


def parse_number(text: str, unit: str = ""):
    """A typed number as a float, or None when the text is not a number.

    Accepts a decimal comma (``"3,5"``) and the unit typed after the number (``"12 mm"``). A
    comma followed by exactly three digits (``"1,000"``) could be either a thousands separator or
    a decimal comma, so it is refused rather than guessed.

    >>> parse_number("3,5"), parse_number(" 12 mm ", "mm"), parse_number("twelve")
    (3.5, 12.0, None)
    """
    value = str(text).strip()
    if unit and value.lower().endswith(unit.lower()):
        value = value[: -len(unit)].strip()
    if re.fullmatch(r"[+-]?\d+,\d+", value) and not re.fullmatch(r"[+-]?\d{1,3},\d{3}", value):
        value = value.replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class ExerciseApp(App):
    """Answer controls, a Check button and a feedback panel for one exercise.

    Attributes: ``exercise``, ``form`` (the judge's answer form), ``controls`` (the boxes or the
    menu, in order), ``check_button``, ``feedback_html`` and ``result`` (the last
    :class:`Feedback`, None before the first check).
    """

    def __init__(self, exercise: Exercise):
        import ipywidgets as widgets

        self.exercise = exercise
        self.form = exercise.form
        self.result = None
        style = self.STYLE
        kind = self.form.kind
        if kind == "choice":
            # the first entry is a prompt, not an answer: its value is the empty string
            options = [(PLACEHOLDER, "")] + [(c, c) for c in self.form.choice_list()]
            self.controls = [widgets.Dropdown(
                options=options, value="", description="Your answer",
                style=style, layout=widgets.Layout(width="auto"),
            )]
        else:
            if kind == "numbers":
                labels = [f.capitalize() for f in self.form.fields]
                hint = "a number"
            else:
                unit = f" ({self.form.unit})" if self.form.unit else ""
                labels = [f"Your answer{unit}"]
                hint = ("a whole number" if self.form.whole else "a number") if kind == "number" \
                    else "your answer"
            self.controls = [widgets.Text(
                value="", placeholder=hint, description=label, continuous_update=False,
                style=style, layout=widgets.Layout(width="auto"),
            ) for label in labels]
            for control in self.controls:
                # the value is sent when the learner presses Enter (or leaves the box)
                control.observe(self._on_enter, names="value")
        self.check_button = widgets.Button(
            description="Check", tooltip="Check your answer", button_style="",
        )
        self.check_button.on_click(lambda _b: self.check())
        self.feedback_html = widgets.HTML("", layout=widgets.Layout(min_height="1.5em"))
        row = widgets.HBox([*self.controls, self.check_button],
                           layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        self.widget = widgets.VBox([row, self.feedback_html])
        self.finish("exercise")

    # ------------------------------------------------------------------ what a learner does
    def answer(self, value) -> None:
        """Fill the controls as a learner would: text for a box, one of the choices for a menu,
        a tuple for several boxes. Checking is a separate step (:meth:`check`)."""
        kind = self.form.kind
        self._filling = True
        try:
            if kind == "choice":
                text = None if value is None else str(value)
                allowed = {c.lower(): c for c in self.form.choice_list()}
                if text is not None and text.strip().lower() not in allowed:
                    raise ValueError(
                        f"value must be one of the menu's choices "
                        f"({', '.join(repr(c) for c in allowed.values())}); got {value!r}"
                    )
                self.controls[0].value = "" if text is None else allowed[text.strip().lower()]
            elif kind == "numbers":
                if value is None:
                    value = (None,) * len(self.controls)
                values = tuple(value) if isinstance(value, (tuple, list)) else (value,)
                if len(values) != len(self.controls):
                    raise ValueError(
                        f"value must give {len(self.controls)} numbers "
                        f"({', '.join(self.form.fields)}); got {value!r}"
                    )
                for control, item in zip(self.controls, values):
                    control.value = "" if item is None else _as_text(item)
            else:
                self.controls[0].value = "" if value is None else _as_text(value)
        finally:
            self._filling = False

    def check(self) -> Feedback:
        """Judge what the controls hold, show the feedback and return it."""
        self.result = self._judge()
        mark = {True: "✔", False: "✘", None: "…"}[self.result.correct]
        self.feedback_html.value = (
            "<div class='hp-feedback' role='status' aria-live='polite'>"
            f"<span aria-hidden='true'>{mark}</span> {html.escape(self.result.message)}</div>"
        )
        return self.result

    @property
    def feedback(self) -> str:
        """The feedback last shown (plain text; empty before the first check)."""
        return "" if self.result is None else self.result.message

    # ------------------------------------------------------------------ inside
    _filling = False

    def _on_enter(self, _change) -> None:
        if not self._filling:
            self.check()

    def _judge(self) -> Feedback:
        kind = self.form.kind
        if kind == "choice":
            chosen = self.controls[0].value
            if not chosen:
                return Feedback(None, EMPTY_MENU)
            return self.exercise.check(chosen)
        texts = [c.value.strip() for c in self.controls]
        if kind == "text":
            return Feedback(None, EMPTY_BOX) if not texts[0] else self.exercise.check(texts[0])
        if any(not t for t in texts):
            return Feedback(None, EMPTY_BOX if kind == "number" else EMPTY_BOXES)
        numbers = [parse_number(t, self.form.unit) for t in texts]
        for text, number in zip(texts, numbers):
            if number is None:
                example = "4" if self.form.whole else "12.5"
                return Feedback(False, f"{text!r} is not a number; type digits only, "
                                       f"such as {example}.")
        if kind == "number":
            return self.exercise.check(numbers[0])
        return self.exercise.check(tuple(numbers))


def _as_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
