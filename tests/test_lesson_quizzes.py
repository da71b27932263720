"""Lesson quizzes live in data/quizzes/<notebook-stem>.csv and are shown by one call, so the key
and the explanations are out of sight (in the notebook, its stored outputs and widget state, and
so in the handouts and slides built from it) until a learner answers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import helpers as hp
from helpers import selfcheck, tables

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
QUIZ_FILES = sorted((ROOT / "data" / "quizzes").glob("*.csv"))
QUIZ_CALL = re.compile(r'hp\.lesson_quiz\("([\w.-]+)"\)')
HEADER = "number,prompt,option_1,option_2,option_3,option_4,answer,why_1,why_2,why_3,why_4,sources\n"


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_lesson_shows_its_own_quiz_with_one_call(path):
    calls = [(c, QUIZ_CALL.fullmatch("".join(c["source"]).strip())) for c in _cells(path)
             if c["cell_type"] == "code" and "lesson_quiz" in "".join(c["source"])]
    assert len(calls) == 1, f"{path.name}: needs exactly one quiz cell"
    cell, match = calls[0]
    assert match and match.group(1) == path.stem, (
        f'{path.name}: the quiz cell must be exactly hp.lesson_quiz("{path.stem}")')
    assert (ROOT / "data" / "quizzes" / f"{path.stem}.csv").is_file()


def test_every_quiz_file_belongs_to_a_lesson():
    stems = {p.stem for p in NOTEBOOKS}
    for path in QUIZ_FILES:
        assert path.stem in stems, f"data/quizzes/{path.name} has no notebook of that name"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_key_or_explanation_is_in_the_notebook(path):
    """The notebook file holds cell sources, stored outputs and the widget state the handouts
    and slides render: none may contain a question built in code or any explanation."""
    text = path.read_text(encoding="utf-8")
    assert "hp.quiz(" not in text and "hp.Question(" not in text, path.name
    plain = json.loads(text)
    blob = json.dumps(plain, ensure_ascii=False)
    for question in selfcheck.quiz_questions(path.stem):
        for why in question.explanations:
            assert why not in blob, f"{path.name}: an explanation is in the notebook: {why[:60]}"
    assert "Correct." not in blob and "Not quite." not in blob, path.name


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.name)
def test_each_quiz_loads_and_its_key_is_marked_correct(path):
    quiz = hp.lesson_quiz(path.stem)
    assert len(quiz.questions) >= 3
    for i, question in enumerate(quiz.questions):
        assert quiz.check(i) is False and quiz.feedback(i) == "Choose an answer first."
        for option in range(len(question.options)):
            quiz.choose(i, option)
            assert quiz.check(i) is (option == question.answer)
            assert question.explanations[option] in quiz.feedback(i)
        assert all(c.description for c in quiz.choices)


def test_feedback_names_the_sources_of_a_question():
    question = hp.Question("Q?", ["a", "b", "c"], 0, ["x.", "y.", "z."], sources=["kitaoka1994"])
    quiz = hp.quiz([question])
    quiz.choose(0, 1)
    quiz.check(0)
    assert quiz.feedback(0) == f"Not quite. y. Source: {hp.cite('kitaoka1994')}."


def test_feedback_marks_a_source_read_only_in_a_summary():
    question = hp.Question("Q?", ["a", "b", "c"], 0, ["x.", "y.", "z."], sources=["koc2023"])
    quiz = hp.quiz([question])
    quiz.choose(0, 0)
    quiz.check(0)
    assert quiz.feedback(0) == (f"Correct. x. Source: {hp.cite('koc2023')} "
                                f"{hp.sources.status_marker('koc2023')}.")
    assert hp.sources.status_marker("koc2023") == "[secondary]"


def _write(tmp_path, body):
    (tmp_path / "sources.csv").write_text(
        (tables.DATA_DIR / "sources.csv").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "quizzes").mkdir(exist_ok=True)
    (tmp_path / "quizzes" / "99-demo.csv").write_text(HEADER + body, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("1,Q?,a,b,c,,4,x,y,z,,\n", "4 is not one of the options given"),
        ("1,Q?,a,b,c,d,2,x,y,z,,\n", "option_4 and why_4 must both be filled"),
        ("1,Q?,a,b,c,,5,x,y,z,,\n", "above the maximum 4"),
        ("1,Q?,a,b,,d,2,x,y,,w,\n", "line 2, column 'option_3': required value is empty"),
        ("1,Q?,a,b,a,,2,x,y,z,,\n", "two options have the same text"),
        ("1,Q?,a,b,c,,2,x,y,z,,nobody1900\n", "unknown source key 'nobody1900'"),
        ("1,Q?,a,b,c,,2,x,y,z,,\n1,R?,a,b,c,,1,x,y,z,,\n", "duplicate key 1"),
    ],
)
def test_a_malformed_quiz_file_is_refused_naming_the_line(tmp_path, body, message):
    folder = _write(tmp_path, body)
    with pytest.raises(ValueError, match=re.escape(message)):
        tables.load_table("quizzes/99-demo", data_dir=folder)


def test_questions_out_of_order_are_refused(tmp_path, monkeypatch):
    folder = _write(tmp_path, "2,Q?,a,b,c,,2,x,y,z,,\n1,R?,a,b,c,,1,x,y,z,,\n")
    monkeypatch.setattr(tables, "DATA_DIR", folder)
    with pytest.raises(ValueError, match="numbered 1, 2, 3 ... in order"):
        hp.lesson_quiz("99-demo")


@pytest.mark.parametrize("name", ["", "../sources", "quizzes/01-causes", 1])
def test_a_bad_lesson_name_is_a_clear_error(name):
    with pytest.raises(ValueError, match="lesson must be a notebook name"):
        hp.lesson_quiz(name)


def test_a_lesson_without_a_quiz_file_is_a_clear_error():
    with pytest.raises(ValueError, match=r"data/quizzes/99-nothing\.csv: file not found"):
        hp.lesson_quiz("99-nothing")


def _all_questions():
    return [q for path in QUIZ_FILES for q in selfcheck.quiz_questions(path.stem)]


def test_right_answers_are_spread_over_the_positions_across_the_course():
    """No position is the key of more than a third of the course's questions, and each of the
    four positions is the key of at least one question (so guessing 'the second' never pays)."""
    questions = _all_questions()
    counts = {k: sum(q.answer == k - 1 for q in questions) for k in (1, 2, 3, 4)}
    assert all(counts.values()), f"a position is never the key: {counts}"
    assert max(counts.values()) <= len(questions) / 3, (
        f"a position is keyed for more than a third of {len(questions)} questions: {counts}")


def test_no_explanation_announces_itself_as_right():
    """The widget says 'Correct.' or 'Not quite.'; an explanation that starts with 'Right' or
    'Yes' would give the key away in the guide's layout and read twice in the widget."""
    for q in _all_questions():
        for why in q.explanations:
            assert not re.match(r"(right|correct|yes|no)\b[:.,]", why, re.I), why[:60]


def test_the_length_of_an_option_does_not_give_the_key_away():
    """A key that is usually the longest (or the shortest) option can be guessed unread."""
    questions = _all_questions()
    for pick in (max, min):
        hits = sum(pick(range(len(q.options)), key=lambda k: len(q.options[k])) == q.answer
                   for q in questions)
        assert hits <= len(questions) / 2, (
            f"the key is the {pick.__name__} option in {hits} of {len(questions)} questions")


def test_teacher_guides_print_the_key_from_the_data():
    import importlib.util

    spec = importlib.util.spec_from_file_location("quiz_key", ROOT / "tools" / "quiz_key.py")
    quiz_key = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(quiz_key)
    for path, text in quiz_key.updated_guides().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name}: quiz answers differ from data/quizzes; run python tools/quiz_key.py")
    for lesson in quiz_key.lessons():
        assert quiz_key.guide_target(lesson)[0].is_file(), lesson
