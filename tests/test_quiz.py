"""The self-check quiz widget: answerable from a test, an explanation for every option."""

import pytest

import helpers as hp

QUESTIONS = [
    hp.Question("Two plus two?", ["3", "4"], 1, ["Too small.", "Yes."]),
    hp.Question("Capital letter?", ["A", "b", "c"], 0, ["Yes.", "Lower case.", "Lower case."]),
]


def test_right_and_wrong_answers_show_their_explanations():
    quiz = hp.quiz(QUESTIONS)
    assert quiz.check(0) is False and quiz.feedback(0) == "Choose an answer first."
    quiz.choose(0, 0)
    assert quiz.check(0) is False
    assert quiz.feedback(0) == "Not quite. Too small."
    quiz.choose(0, 1)
    quiz.buttons[0].click()
    assert quiz.feedback(0) == "Correct. Yes."
    assert "1 of 2" in quiz.score_html.value


def test_every_control_is_a_keyboard_reachable_widget():
    quiz = hp.quiz(QUESTIONS)
    assert all(c.description for c in quiz.choices)
    assert all(b.description == "Check" for b in quiz.buttons)
    assert "hp-app-quiz" in quiz.widget._dom_classes


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"options": ["a"], "answer": 0, "explanations": ["x"]}, "at least two options"),
        ({"options": ["a", "b"], "answer": 2, "explanations": ["x", "y"]}, "answer must be"),
        ({"options": ["a", "b"], "answer": 0, "explanations": ["x"]}, "one explanation per option"),
    ],
)
def test_malformed_questions_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        hp.Question("Q?", **kwargs)
