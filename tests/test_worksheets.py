"""Printable worksheets (make worksheets): one per lesson, every exercise and quiz question with
space to answer, and no answer of any kind on the sheet."""

import html
import json
import re
from pathlib import Path

import pytest

from helpers import exercises
from helpers.selfcheck import quiz_questions
from support import load_script

ROOT = Path(__file__).resolve().parent.parent
WS = load_script(ROOT / "tools" / "build_worksheets.py")
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    out = tmp_path_factory.mktemp("worksheets")
    WS.build(out=out)
    return {nb.stem: (out / f"{nb.stem}.worksheet.html").read_text(encoding="utf-8")
            for nb in LESSONS}


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _ids(nb_path):
    return WS.exercise_ids(json.loads(nb_path.read_text(encoding="utf-8")))


def test_every_lesson_gets_a_worksheet_and_the_index_lists_them(tmp_path):
    written = WS.build(out=tmp_path)
    assert {p.name for p in written} == {f"{nb.stem}.worksheet.html" for nb in LESSONS} | {"index.html"}
    index = (tmp_path / "index.html").read_text()
    for nb in LESSONS:
        assert f"{nb.stem}.worksheet.html" in index


@pytest.mark.parametrize("nb", LESSONS, ids=lambda p: p.stem)
def test_worksheet_holds_every_exercise_and_question_with_space_to_answer(nb, sheets):
    text = _norm(_text(sheets[nb.stem]))
    ids = _ids(nb)
    for exercise_id in ids:
        assert _norm(exercises.get(exercise_id).prompt) in text, exercise_id
    quiz = ROOT / "data" / "quizzes" / f"{nb.stem}.csv"
    questions = quiz_questions(nb.stem) if quiz.exists() else []
    for q in questions:
        assert _norm(q.prompt) in text
        for option in q.options:
            assert _norm(option) in text
    spaces = sheets[nb.stem].count('class="space') + sheets[nb.stem].count('class="line"')
    assert spaces >= len(ids) + len(questions), "every task needs space to answer"


def _blocks(page: str) -> list:
    """The text of each task on the sheet (an exercise or a question), in order."""
    return [_norm(_text(part)) for part in page.split('<div class="task">')[1:]]


@pytest.mark.parametrize("nb", LESSONS, ids=lambda p: p.stem)
def test_worksheet_shows_no_key_solution_hint_or_explanation(nb, sheets):
    page = sheets[nb.stem]
    text = _norm(_text(page))
    assert "<script" not in page and not re.search(r"(src|href)=\"https?:", page)
    for marker in ("✔", "✘", "Solution", "Answer key", "Hint"):
        assert marker not in text, f"{nb.stem}: worksheet shows {marker!r}"
    blocks = _blocks(page)
    ids = _ids(nb)
    for block, exercise_id in zip(blocks, ids):
        ex = exercises.get(exercise_id)
        prompt = _norm(ex.prompt)
        assert prompt in block
        # after its prompt, an exercise shows only answer space, its unit and its menu's choices:
        # no number at all, so no solution value
        rest = block.split(prompt, 1)[1]
        answer_space = rest
        if ex.form.kind == "choice":
            for option in ex.form.choice_list():
                answer_space = answer_space.replace(_norm(option), " ")
        assert not re.search(r"\d", answer_space), f"{exercise_id}: a number is shown: {rest!r}"
        assert _norm(ex.hint) not in text
        if ex.explanation:
            assert _norm(ex.explanation) not in text
        solution = _norm(ex.solution_text())
        if ex.form.kind == "choice":
            # the right choice is one of the listed options; why it is right must not show
            why = solution.split(": ", 1)[1] if ": " in solution else ""
            assert not why or why not in text, f"{exercise_id}: the reason for the right choice is shown"
            assert "Tick one." in rest
        else:
            assert solution not in text, f"{exercise_id}: the solution {solution!r} is shown"
    quiz = ROOT / "data" / "quizzes" / f"{nb.stem}.csv"
    if quiz.exists():
        for block, q in zip(blocks[len(ids):], quiz_questions(nb.stem)):
            for why in q.explanations:
                assert _norm(why) not in text, f"{nb.stem}: a quiz explanation is shown"
            # every option looks the same: a box and its letter, none marked
            assert block.count("Why (one sentence):") == 1
        assert not re.search(r"<input|checked>|class=\"(right|correct)", page)


def test_worksheet_refuses_a_missing_notebook(tmp_path):
    with pytest.raises(ValueError, match="no notebook at"):
        WS.build([tmp_path / "99-none.ipynb"], out=tmp_path)
