"""The answer widget of every "Your turn" exercise: built from the exercise's judge (a number
box for numbers, a menu for choices, one box per number for pairs), checked by the same judge,
feedback shown in the widget; a right answer, a wrong answer, an empty box and garbage each get
a sentence, never a traceback."""

from __future__ import annotations

import pytest

from helpers import exercises
from helpers.apps.exercise import EMPTY_BOX, EMPTY_BOXES, EMPTY_MENU, parse_number
from helpers.exercises import AnswerForm, Exercise, choice, numeric

IDS = sorted(exercises.registry())


def _wrong(ex):
    """An answer the widget accepts that the judge refuses."""
    form = ex.form
    value = ex.solution_value()
    if form.kind == "choice":
        right = str(value).lower()
        return next(c for c in form.choice_list() if c.lower() != right)
    if form.kind == "numbers":
        return tuple(float(v) + 50 for v in value)
    return float(value) * 3 + 7


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_widget_kind_follows_the_judge(exercise_id):
    ex = exercises.get(exercise_id)
    app = exercises.ask(exercise_id)
    assert ex.form.kind in ("number", "choice", "numbers")  # no exercise falls back to text
    kinds = {"number": ["Text"], "numbers": ["Text"] * len(ex.form.fields), "choice": ["Dropdown"]}
    assert [type(c).__name__ for c in app.controls] == kinds[ex.form.kind]
    assert "hp-app-exercise" in app.widget._dom_classes
    assert app.check_button.description == "Check"
    for control in app.controls:
        assert control.description and control.style.description_width == "initial"


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_right_answer_is_marked_right_in_the_widget(exercise_id):
    ex = exercises.get(exercise_id)
    app = exercises.ask(exercise_id)
    app.answer(ex.solution_value())
    app.check_button.click()
    assert app.result.correct is True
    assert app.result.message == ex.check(ex.solution_value()).message
    assert "✔" in app.feedback_html.value and "role='status'" in app.feedback_html.value


@pytest.mark.parametrize("exercise_id", IDS)
def test_a_wrong_answer_is_refused_with_a_reason_and_a_hint(exercise_id):
    ex = exercises.get(exercise_id)
    app = exercises.ask(exercise_id)
    app.answer(_wrong(ex))
    feedback = app.check()
    assert feedback.correct is False and "Hint:" in feedback.message
    assert "✘" in app.feedback_html.value


@pytest.mark.parametrize("exercise_id", IDS)
def test_an_empty_answer_asks_for_one(exercise_id):
    app = exercises.ask(exercise_id)
    assert app.result is None and app.feedback == ""
    app.check_button.click()
    assert app.result.correct is None
    assert app.feedback in (EMPTY_BOX, EMPTY_BOXES, EMPTY_MENU)


@pytest.mark.parametrize("exercise_id", IDS)
@pytest.mark.parametrize("garbage", ["twelve", "1e999", "nan", "12..5", "--3", "   "])
def test_garbage_in_a_box_gets_a_sentence_not_a_traceback(exercise_id, garbage):
    ex = exercises.get(exercise_id)
    if ex.form.kind == "choice":
        pytest.skip("a menu offers only its choices")
    app = exercises.ask(exercise_id)
    for control in app.controls:
        control.value = garbage  # what typing and pressing Enter does: checks at once
    assert app.result is not None and app.result.correct in (False, None)
    if garbage.strip():
        assert "is not a number" in app.feedback, app.feedback


@pytest.mark.parametrize("exercise_id", IDS)
def test_pressing_enter_in_a_box_checks_the_answer(exercise_id):
    ex = exercises.get(exercise_id)
    if ex.form.kind == "choice":
        pytest.skip("a menu is checked with the Check button")
    app = exercises.ask(exercise_id)
    values = ex.solution_value()
    values = values if isinstance(values, tuple) else (values,)
    for control, value in zip(app.controls, values):
        control.value = str(value)  # each committed box (Enter) checks what the boxes hold
    assert app.result.correct is True


def test_a_menu_only_accepts_its_choices():
    app = exercises.ask("06-refer-sign")
    assert app.controls[0].options[0] == ("Choose an answer", "")
    assert app.controls[0].index == 0
    with pytest.raises(ValueError, match="value must be one of the menu's choices"):
        app.answer("headache")
    app.answer("TINGLING")
    assert app.check().correct is True


def test_a_new_exercise_gets_its_widget_from_its_judge():
    number = Exercise("demo-n", "Two plus two?", numeric(lambda: 4.0, unit="apples"), "Add.")
    assert number.form == AnswerForm("number", unit="apples")
    menu = Exercise("demo-c", "Colour?", choice("red", {"red": "Yes.", "blue": "No."}), "Look.")
    assert menu.form.choice_list() == ("red", "blue")

    def bare(answer):
        return str(answer) == "ok", "said."

    bare.solution_value = lambda: "ok"
    free = Exercise("demo-t", "Say ok.", bare, "Say it.")
    assert free.form.kind == "text"
    from helpers.apps.exercise import ExerciseApp

    app = ExerciseApp(number)
    app.answer("4,0 apples")
    assert app.check().correct is True
    app = ExerciseApp(free)
    app.controls[0].value = "ok"
    assert app.result.correct is True


@pytest.mark.parametrize(("text", "value"), [("3,5", 3.5), ("12 mm", 12.0), ("-2", -2.0),
                                             ("1,000", None), ("inf", None), ("", None)])
def test_typed_numbers_are_read_as_a_learner_means_them(text, value):
    assert parse_number(text, "mm") == value


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "slider"}, "kind must be one of"),
    ({"kind": "numbers", "fields": ("a",)}, "two or more fields"),
    ({"kind": "choice"}, "needs its choices"),
])
def test_a_malformed_answer_form_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        AnswerForm(**kwargs)
