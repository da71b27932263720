"""Graded assignments for nbgrader: ``make assignments`` writes an nbgrader course folder to
``build/assignments/`` (``source/`` and, through ``nbgrader generate_assignment``, ``release/``).

Each lesson becomes one assignment:

- every "Your turn" exercise's code cell becomes an autograded answer cell: the model answer sits
  between nbgrader's solution markers, and the released cell reads as in the lesson
  (``my_answer = None``); a hidden test cell after it (1 point) marks the answer with the course's
  own check, and states the model answer for the teacher;
- the self-check quiz gets an answer cell (``quiz_answers = {1: None, ...}``: the number of the
  chosen option, 1 for the top one) and one hidden test cell per question (1 point each);
- the setup cell switches the course helpers to graded work (``hp.exercises.graded()``): checks,
  answer widgets and the quiz note an answer without judging it, and the helpers give out no
  solution or quiz key. The stored outputs of the lesson are kept, so a released lesson looks
  as it does in class.

    python tools/build_assignments.py [--release] [NOTEBOOK ...]

``--release`` (what ``make assignments`` runs) also makes ``release/`` with nbgrader, which it
installs first, if needed, into its own environment ``build/venv-grade`` (the versions in
constraints.txt), apart from the lessons' environment.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "assignments"
GRADE_ENV = ROOT / "build" / "venv-grade"
CHECK = re.compile(r"""^my_answer = None(?P<comment>[^\n]*)\n\s*hp\.exercises\.check\(\s*["'](?P<id>[^"']+)["']\s*,\s*my_answer\s*\)\s*$""")
QUIZ = re.compile(r"""hp\.lesson_quiz\(\s*["']([^"']+)["']\s*\)""")
STUB = "my_answer = None"  # the blank answer line, as in the lesson
GRADED_LINE = "hp.exercises.graded()  # graded work: answers are marked after you hand in"

CONFIG = '''"""nbgrader settings for the course's graded lessons (written by make assignments)."""

c = get_config()  # noqa: F821 - provided by nbgrader
c.CourseDirectory.course_id = "plantar-course"
c.CourseDirectory.root = __file__.rsplit("/", 1)[0]
# each answer cell holds its blank line (my_answer = None) above the model answer, so the
# released cell reads as in the lesson
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "Your answer here."
# keep the lessons' stored outputs: a released lesson looks as it does in class
c.ClearOutput.enabled = False
c.Execute.timeout = 120
'''


def _meta(cell: dict, **nbgrader) -> None:
    data = {"schema_version": 3, "task": False, "locked": False, "solution": False,
            "grade": False}
    data.update(nbgrader)
    cell.setdefault("metadata", {})["nbgrader"] = data


def _code(source: str, **nbgrader) -> dict:
    cell = {"cell_type": "code", "execution_count": None, "id": nbgrader["grade_id"],
            "metadata": {}, "outputs": [], "source": source}
    _meta(cell, **nbgrader)
    return cell


def _literal(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_literal(v) for v in value) + ")"
    return repr(value)


def convert(nb: dict, stem: str) -> tuple:
    """An nbgrader source notebook from a lesson; returns ``(notebook, points)``."""
    from helpers import exercises
    from helpers.selfcheck import quiz_questions

    nb = copy.deepcopy(nb)
    cells, points, setup_done = [], 0, False
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and not setup_done and "hp.setup()" in source:
            cell["source"] = source.rstrip("\n") + "\n" + GRADED_LINE
            _meta(cell, locked=True, grade_id="setup")
            setup_done = True
            cells.append(cell)
            continue
        match = CHECK.match(source.strip()) if cell["cell_type"] == "code" else None
        if match:
            exercise_id = match["id"]
            exercise = exercises.get(exercise_id)
            model = exercise.solution_value()
            cell["source"] = (f"{STUB}{match['comment']}\n"
                              + "### BEGIN SOLUTION\n"
                              + f"my_answer = {_literal(model)}\n"
                              + "### END SOLUTION\n"
                              + f'hp.exercises.check("{exercise_id}", my_answer)')
            _meta(cell, solution=True, grade_id=f"answer-{exercise_id}")
            cells.append(cell)
            solution = exercise.solution_text().replace("\n", " ")
            cells.append(_code(
                "### BEGIN HIDDEN TESTS\n"
                f"# model answer: {solution}\n"
                "with hp.exercises.marking():\n"
                f'    _feedback = hp.exercises.check("{exercise_id}", my_answer)\n'
                f"assert _feedback.correct, _feedback.message\n"
                "### END HIDDEN TESTS",
                grade=True, locked=True, points=1, grade_id=f"test-{exercise_id}"))
            points += 1
            continue
        cells.append(cell)
        quiz = QUIZ.search(source) if cell["cell_type"] == "code" else None
        if quiz:
            questions = quiz_questions(quiz.group(1))
            blank = ", ".join(f"{i}: None" for i in range(1, len(questions) + 1))
            key = ", ".join(f"{i}: {q.answer + 1}" for i, q in enumerate(questions, 1))
            cells.append(_code(
                "# the quiz: for each question, replace None with the number of the option you\n"
                "# chose (1 for the top option)\n"
                f"quiz_answers = {{{blank}}}\n"
                "### BEGIN SOLUTION\n"
                f"quiz_answers = {{{key}}}\n"
                "### END SOLUTION",
                solution=True, grade_id="answer-quiz"))
            for i, q in enumerate(questions, 1):
                cells.append(_code(
                    "### BEGIN HIDDEN TESTS\n"
                    f"assert quiz_answers[{i}] == {q.answer + 1}, "
                    f"\"question {i}: the right option is {q.answer + 1}\"\n"
                    "### END HIDDEN TESTS",
                    grade=True, locked=True, points=1, grade_id=f"test-quiz-{i}"))
                points += 1
    if not setup_done:
        raise ValueError(f"{stem}: no setup cell (hp.setup()) to switch to graded work")
    nb["cells"] = cells
    return nb, points


def build(notebooks=None, out: Path = OUT) -> dict:
    """Write ``nbgrader_config.py`` and ``source/<lesson>/<lesson>.ipynb``; return
    ``{lesson: points}``."""
    from helpers.files import atomic_write_text

    notebooks = [Path(n) for n in notebooks] if notebooks else sorted(
        (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out / "nbgrader_config.py", CONFIG, overwrite=True)
    result = {}
    for notebook in notebooks:
        if not notebook.is_file():
            raise ValueError(f"no notebook at {notebook}")
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        converted, points = convert(nb, notebook.stem)
        if points == 0:
            continue  # nothing to grade (the start page)
        folder = out / "source" / notebook.stem
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(folder / notebook.name,
                          json.dumps(converted, indent=1, ensure_ascii=False) + "\n",
                          overwrite=True)
        result[notebook.stem] = points
    return result


def grade_env(env_dir: Path = GRADE_ENV) -> dict:
    """Make (once) the environment that runs nbgrader: a venv with nbgrader and the course's
    helper package at the versions in constraints.txt. Returns the process environment to run
    nbgrader with (its ``bin`` first on PATH: nbgrader calls ``alembic`` from there)."""
    python = env_dir / "bin" / "python"
    stamp = env_dir / ".installed"
    if not stamp.exists():
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-compile",
                        "--disable-pip-version-check", "-c", str(ROOT / "constraints.txt"),
                        "-e", f"{ROOT}[grade]"], check=True)
        stamp.touch()
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "VIRTUAL_ENV")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def nbgrader(args, course: Path, env: dict, **kwargs) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in the course folder; raise with its output if it fails."""
    result = subprocess.run(["nbgrader", *args], cwd=course, env=env, capture_output=True,
                            text=True, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result


def release(lessons, out: Path = OUT, env: dict | None = None) -> list:
    """``nbgrader generate_assignment`` for each lesson: ``release/<lesson>/<lesson>.ipynb``."""
    env = env or grade_env()
    for lesson in lessons:
        nbgrader(["generate_assignment", lesson, "--force"], out, env)
    return [out / "release" / lesson / f"{lesson}.ipynb" for lesson in lessons]


def main(argv) -> None:
    args = list(argv)
    do_release = "--release" in args
    args = [a for a in args if a != "--release"]
    built = build(args or None)
    for lesson, points in built.items():
        print(f"{lesson}: {points} points")
    if do_release:
        for path in release(list(built)):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main(sys.argv[1:])
