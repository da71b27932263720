"""'Your turn' exercises: every lesson has some, each check accepts its own solution and
refuses a wrong answer with a reason, and the teacher's guide prints the right solutions."""

import json
import re
from pathlib import Path

import pytest

from helpers import exercises

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(p for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb") if p.stem[:2] != "00")
GUIDE = ROOT / "notebooks" / "teacher-guide"
CHECK_CALL = re.compile(r"""hp\.exercises\.check\(\s*["']([\w.-]+)["']""")
SOLUTION_LINE = re.compile(r"\*\*Solution\*\* \(`([\w.-]+)`\): (.+)$", re.M)


def _checks_in(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        for exercise_id in CHECK_CALL.findall(source):
            text = json.dumps(cell.get("outputs", []))
            found.append((exercise_id, text))
    return found


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_lesson_has_two_exercises_stored_unanswered(path):
    checks = _checks_in(path)
    assert len(checks) >= 2, f"{path.name}: needs at least two 'Your turn' exercises"
    for exercise_id, outputs in checks:
        exercises.get(exercise_id)
        assert exercises.NOT_ANSWERED in outputs, (
            f"{path.name}: exercise {exercise_id} must be stored unanswered"
        )


@pytest.mark.parametrize("exercise_id", sorted(exercises.registry()))
def test_each_check_accepts_its_solution_and_refuses_a_wrong_answer(exercise_id):
    ex = exercises.get(exercise_id)
    right = ex.check(ex.solution_value())
    assert right.correct is True and right.message.startswith("Right: ")
    value = ex.solution_value()
    wrong_answer = value * 3 + 7 if isinstance(value, float) else "certainly not this"
    wrong = ex.check(wrong_answer)
    assert wrong.correct is False and "Hint:" in wrong.message
    assert ex.check(None).correct is None


def test_unknown_exercise_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown exercise 'nope'"):
        exercises.check("nope", 1)


def test_teacher_guide_prints_every_solution_correctly():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(GUIDE.glob("*.md")))
    printed = dict(SOLUTION_LINE.findall(text))
    for exercise_id in exercises.registry():
        assert exercise_id in printed, f"teacher guide lacks the solution of {exercise_id}"
        assert printed[exercise_id].strip() == exercises.solution(exercise_id), exercise_id


def test_solutions_are_not_printed_in_the_lessons():
    for path in LESSONS:
        assert "**Solution**" not in path.read_text(encoding="utf-8"), path.name


def test_every_exercise_is_asked_once_in_its_own_lesson_in_the_house_form():
    """Prompt (markdown), answer widget (``hp.exercises.ask``), then the code route."""
    by_number = {p.stem[:2]: p for p in LESSONS}
    for exercise_id in exercises.registry():
        path = by_number[exercise_id[:2]]
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        found = [i for i, c in enumerate(cells) if c["cell_type"] == "code"
                 and f'hp.exercises.check("{exercise_id}", my_answer)' in "".join(c["source"])]
        assert len(found) == 1, f"{exercise_id} must be asked exactly once in {path.name}"
        code = "".join(cells[found[0]]["source"]).splitlines()
        assert re.fullmatch(r"my_answer = None  # or answer in code: replace None with your answer \(.+\)", code[0])
        assert len(code) == 2, exercise_id
        ask = cells[found[0] - 1]
        assert ask["cell_type"] == "code", exercise_id
        assert "".join(ask["source"]).strip() == f'hp.exercises.ask("{exercise_id}")', exercise_id
        assert ask["metadata"].get("tags") == ["nbval-ignore-output"], exercise_id
        prompt = cells[found[0] - 2]
        assert prompt["cell_type"] == "markdown", exercise_id
        assert "".join(prompt["source"]).startswith("**Your turn "), exercise_id
        assert "in quotes" not in "".join(prompt["source"]), exercise_id
        # the code route is compared by nbval (no nbval tag); app mode leaves it out of the page
        assert cells[found[0]]["metadata"].get("tags") in (None, [], ["hide-in-app"]), exercise_id


@pytest.mark.parametrize("exercise_id", sorted(exercises.registry()))
def test_hints_do_not_give_the_answer(exercise_id):
    ex = exercises.get(exercise_id)
    value = ex.solution_value()
    text = f"{value:.3g}" if isinstance(value, float) else str(value)
    assert text.lower() not in ex.hint.lower()
    assert ex.solution_text().lower() not in ex.hint.lower()
