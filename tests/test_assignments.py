"""Graded assignments (make assignments): graded mode of the helpers, the nbgrader source and
release of a lesson, and a real round trip: generate, submit a right and a wrong answer set,
autograde, read the scores from nbgrader's gradebook."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import exercises
from helpers.selfcheck import lesson_quiz, quiz_questions
from support import load_script

ROOT = Path(__file__).resolve().parent.parent
AS = load_script(ROOT / "tools" / "build_assignments.py")
LESSON = "01-causes"


@pytest.fixture
def graded():
    exercises.graded()
    yield
    exercises.graded(False)


def test_graded_mode_notes_answers_without_judging_and_withholds_solutions(graded):
    exercise = exercises.get("01-windlass-walking")
    assert exercises.check("01-windlass-walking", 1).message == exercises.RECORDED
    assert exercises.check("01-windlass-walking", 1).correct is None
    with pytest.raises(ValueError, match="not available in graded work"):
        exercise.solution_value()
    with pytest.raises(ValueError, match="not available in graded work"):
        exercises.solution("01-windlass-walking")
    app = exercises.ask("01-windlass-walking")
    app.answer(5.78)
    assert app.check().message == exercises.RECORDED
    with exercises.marking():
        assert exercises.check("01-windlass-walking", exercise.solution_value()).correct
    assert exercises.is_graded()


def test_graded_quiz_shows_no_key_and_no_explanation(graded):
    quiz = lesson_quiz(LESSON)
    assert all(set(q.explanations) == {""} for q in quiz.questions)
    quiz.choose(0, 1)
    quiz.check(0)
    assert "graded work" in quiz.feedback(0) and "Correct" not in quiz.feedback(0)
    assert quiz.score_html.value == ""


def _sources(nb):
    return ["".join(c["source"]) for c in nb["cells"]]


def test_source_has_an_autograded_answer_and_hidden_test_per_exercise_and_quiz_question(tmp_path):
    points = AS.build([ROOT / "notebooks" / f"{LESSON}.ipynb"], out=tmp_path)
    nb = json.loads((tmp_path / "source" / LESSON / f"{LESSON}.ipynb").read_text())
    lesson = json.loads((ROOT / "notebooks" / f"{LESSON}.ipynb").read_text())
    asked = re.findall(r'hp\.exercises\.check\("([^"]+)", my_answer\)', "\n".join(_sources(lesson)))
    n_quiz = len(quiz_questions(LESSON))
    assert points == {LESSON: len(asked) + n_quiz}
    meta = [c["metadata"].get("nbgrader", {}) for c in nb["cells"]]
    answers = [m["grade_id"] for m in meta if m.get("solution")]
    tests = [m for m in meta if m.get("grade")]
    assert answers == [f"answer-{e}" for e in asked] + ["answer-quiz"]
    assert len(tests) == len(asked) + n_quiz and all(t["points"] == 1 for t in tests)
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade"):
            assert "### BEGIN HIDDEN TESTS" in "".join(cell["source"])
    # every lesson cell is still there, with its stored outputs
    lesson_outputs = [len(c.get("outputs", [])) for c in lesson["cells"]]
    kept = [len(c.get("outputs", [])) for c in nb["cells"] if c.get("id") not in
            {m.get("grade_id") for m in tests} | {"answer-quiz"}]
    assert kept == lesson_outputs


def _grade_env():
    try:
        return AS.grade_env()
    except subprocess.CalledProcessError as error:  # no network and no pip cache for nbgrader
        pytest.skip(f"nbgrader could not be installed in build/venv-grade: {error}")


def _answer(nb, answers: dict, quiz: dict) -> dict:
    """Fill a released notebook as a student would: each answer cell's value, the quiz dict."""
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
        source = "".join(cell["source"])
        if grade_id.startswith("answer-") and grade_id != "answer-quiz":
            value = answers[grade_id.removeprefix("answer-")]
            cell["source"] = source.replace("my_answer = None", f"my_answer = {value!r}", 1)
        elif grade_id == "answer-quiz":
            cell["source"] = re.sub(r"quiz_answers = \{[^}]*\}", f"quiz_answers = {quiz!r}", source)
    return nb


def test_nbgrader_round_trip_scores_a_right_and_a_wrong_answer_set(tmp_path):
    env = _grade_env()
    course = tmp_path / "course"
    AS.build([ROOT / "notebooks" / f"{LESSON}.ipynb"], out=course)
    released = AS.release([LESSON], out=course, env=env)[0]
    text = released.read_text()
    for leak in ("BEGIN SOLUTION", "HIDDEN TESTS", "model answer", "marking()"):
        assert leak not in text, f"the release shows {leak!r}"
    release = json.loads(text)
    source = json.loads((course / "source" / LESSON / f"{LESSON}.ipynb").read_text())
    assert [len(c.get("outputs", [])) for c in release["cells"]] == \
        [len(c.get("outputs", [])) for c in source["cells"]], "the release lost stored outputs"
    assert "hp.exercises.graded()" in "".join(release["cells"][
        next(i for i, c in enumerate(release["cells"]) if "hp.setup()" in "".join(c["source"]))
    ]["source"])

    ids = [c["metadata"]["nbgrader"]["grade_id"].removeprefix("answer-") for c in release["cells"]
           if c["metadata"].get("nbgrader", {}).get("solution")
           and c["metadata"]["nbgrader"]["grade_id"] != "answer-quiz"]
    right = {e: exercises.get(e).solution_value() for e in ids}
    wrong = {e: ("foot posture" if isinstance(v, str) else 1000.0) for e, v in right.items()}
    questions = quiz_questions(LESSON)
    key = {i: q.answer + 1 for i, q in enumerate(questions, 1)}
    miss = {i: (a % len(questions[i - 1].options)) + 1 for i, a in key.items()}
    for student, answers, quiz in (("ada", right, key), ("bo", wrong, miss)):
        folder = course / "submitted" / student / LESSON
        folder.mkdir(parents=True)
        filled = _answer(json.loads(text), answers, quiz)
        (folder / f"{LESSON}.ipynb").write_text(json.dumps(filled))
        AS.nbgrader(["autograde", LESSON, "--student", student, "--create", "--force"],
                    course, env, timeout=600)

    script = ("import json, sys\nfrom nbgrader.api import Gradebook\n"
              "with Gradebook('sqlite:///gradebook.db') as gb:\n"
              f"    out = {{s: [gb.find_submission('{LESSON}', s).score,"
              f" gb.find_submission('{LESSON}', s).max_score] for s in ('ada', 'bo')}}\n"
              "print(json.dumps(out))\n")
    scores = json.loads(subprocess.run(
        [str(AS.GRADE_ENV / "bin" / "python"), "-c", script], cwd=course, env=env,
        capture_output=True, text=True, check=True).stdout)
    total = len(ids) + len(questions)
    print(f"\nnbgrader round trip, {LESSON}: right set {scores['ada']}, wrong set {scores['bo']}")
    assert scores["ada"] == [total, total]
    assert scores["bo"] == [0, total]
    feedback = (course / "autograded" / "bo" / LESSON / f"{LESSON}.ipynb").read_text()
    assert "Not yet" in feedback or "AssertionError" in feedback


def test_assignment_builder_refuses_a_missing_notebook(tmp_path):
    with pytest.raises(ValueError, match="no notebook at"):
        AS.build([tmp_path / "99-none.ipynb"], out=tmp_path)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_assignments_is_documented():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^assignments: ", makefile, re.M)
    assert "make assignments" in (ROOT / "README.md").read_text()
