"""Lesson 06 exercises (helpers/exercises/checklist.py): counts and question numbers come from the
question table, the judges refuse what is not an answer, and the lesson asks them unanswered."""

import csv
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers as hp
from helpers.exercises import checklist as ex_cl

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "06-choosing-a-therapist.ipynb"
IDS = ["06-convention-count", "06-bias-question", "06-refer-sign"]


def _raw_rows():
    with open(ROOT / "data" / "therapist_questions.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _question(question_id):
    return next(q for q in hp.models.checklist.load_questions() if q.question_id == question_id)


def test_convention_count_is_the_count_in_the_csv():
    expected = sum(row["basis"] == "practice convention" for row in _raw_rows())
    assert ex_cl.convention_count() == expected
    assert hp.exercises.get("06-convention-count").solution_value() == expected


def test_convention_count_matches_what_the_lesson_prints():
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    printed = "".join(
        "".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
        for o in c.get("outputs", [])
    )
    label = hp.models.checklist.BASIS_LABELS["practice convention"]
    assert printed.count(f"backed by: {label}") == ex_cl.convention_count()


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=-50, max_value=50))
def test_whole_number_accepts_only_the_count(answer):
    feedback = hp.exercises.check("06-convention-count", answer)
    assert feedback.correct is (answer == ex_cl.convention_count())
    if answer > ex_cl.convention_count():
        assert "more than" in feedback.message
    elif answer < ex_cl.convention_count():
        assert "fewer than" in feedback.message


@pytest.mark.parametrize("answer", [2.5, "three", True, float("nan"), float("inf"), [3]])
def test_whole_number_refuses_what_is_not_a_whole_number(answer):
    feedback = hp.exercises.check("06-convention-count", answer)
    assert feedback.correct is False and "Hint:" in feedback.message


def test_whole_number_accepts_a_float_or_text_that_is_whole():
    n = ex_cl.convention_count()
    assert hp.exercises.check("06-convention-count", float(n)).correct is True
    assert hp.exercises.check("06-convention-count", str(n)).correct is True


def test_bias_question_points_at_the_natural_history_question():
    questions = hp.models.checklist.load_questions()
    n = hp.exercises.get("06-bias-question").solution_value()
    assert questions[n - 1].question_id == "natural_history"
    assert hp.exercises.solution("06-bias-question") == f"{n} ({questions[n - 1].question})"


@pytest.mark.parametrize("number", range(1, 13))
def test_every_question_number_is_answered_with_what_that_question_asks(number):
    questions = hp.models.checklist.load_questions()
    feedback = hp.exercises.check("06-bias-question", number)
    assert questions[number - 1].question in feedback.message
    assert feedback.correct is (questions[number - 1].question_id == "natural_history")


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.integers(max_value=0), st.integers(min_value=13),
                 st.floats(min_value=1.01, max_value=11.99).filter(lambda x: x != int(x))))
def test_bias_question_refuses_numbers_that_are_not_on_the_list(answer):
    feedback = hp.exercises.check("06-bias-question", answer)
    assert feedback.correct is False
    assert "not a question number" in feedback.message


def test_bias_question_follows_the_question_not_its_position(monkeypatch):
    reordered = tuple(reversed(hp.models.checklist.load_questions()))
    monkeypatch.setattr(hp.models.checklist, "load_questions", lambda: reordered)
    judge = ex_cl.question_number("natural_history")
    n = judge.solution_value()
    assert reordered[n - 1].question_id == "natural_history"
    assert judge(n)[0] is True


def test_refer_sign_options_repeat_the_checklist_guidance():
    assert "burning, tingling or numbness" in _question("red_flags").good_answer
    assert "first steps after sleep" in _question("assessment").good_answer
    assert "tight spots in the calf" in _question("regions").good_answer
    assert "tu2011" in _question("red_flags").sources
    quote = hp.source("tu2011")["quote"].lower()
    assert "nerve entrapment" in quote and "burning, tingling, or numbness" in quote


@pytest.mark.parametrize("answer,right", [("tingling", True), (" Tingling ", True),
                                          ("first steps", False), ("tight calf", False)])
def test_refer_sign_accepts_only_tingling(answer, right):
    feedback = hp.exercises.check("06-refer-sign", answer)
    assert feedback.correct is right
    if not right:
        assert "Hint:" in feedback.message


def _cells():
    return json.loads(LESSON.read_text(encoding="utf-8"))["cells"]


def test_lesson_asks_each_exercise_once_in_the_house_form_after_a_your_turn_prompt():
    cells = _cells()
    numbers = []
    for exercise_id in IDS:
        found = [i for i, c in enumerate(cells) if c["cell_type"] == "code"
                 and f'hp.exercises.check("{exercise_id}"' in "".join(c["source"])]
        assert len(found) == 1, exercise_id
        code = "".join(cells[found[0]]["source"]).splitlines()
        assert re.fullmatch(r"my_answer = None  # or answer in code: replace None with your answer \(.+\)", code[0])
        assert code[1] == f'hp.exercises.check("{exercise_id}", my_answer)'
        assert len(code) == 2
        ask = "".join(cells[found[0] - 1]["source"]).strip()
        assert ask == f'hp.exercises.ask("{exercise_id}")'
        assert cells[found[0] - 2]["cell_type"] == "markdown"
        prompt = "".join(cells[found[0] - 2]["source"])
        numbers.append(int(re.match(r"\*\*Your turn (\d+)\.\*\*", prompt).group(1)))
        if exercise_id == "06-refer-sign":
            for option in ex_cl.REFER_OPTIONS:
                assert option in prompt
    assert numbers == [1, 2, 3]
