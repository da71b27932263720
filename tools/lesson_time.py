"""How long a lesson takes: reading plus activities, computed from the notebook itself.

    python tools/lesson_time.py [notebooks/01-causes.ipynb ...]   # prints a table

The rule (checked by tests/test_lesson_timings.py, within 20% of the stated time):

    minutes = markdown words / 170
              + 3 per interactive app
              + 2 per "Your turn" exercise
              + 1 per quiz question

- **Markdown words**: in every markdown cell, the runs of letters and digits (``it's``, ``2.16``
  and ``knee-to-toe`` count once), after link targets ``](...)``, HTML tags and image links are
  removed. Code, printed output and the rendered reference list are not counted.
- **Interactive app**: a code cell whose stored outputs display a widget (an output with the MIME
  type ``application/vnd.jupyter.widget-view+json``), except the answer widgets of exercises
  (``hp.exercises.ask(...)``) and the quiz (``hp.lesson_quiz(...)``), which are counted below.
- **Exercise**: a code cell calling ``hp.exercises.ask("<id>")``.
- **Quiz question**: a row of ``data/quizzes/<notebook-stem>.csv`` (when the notebook shows it).

The **stated** time is the number in the lesson's "Time and prerequisites" table: the row whose
first cell is ``Time`` (``| Time | about 30 minutes ... |``) or, in a table of parts, ``Total``
(``| **Total** | **about 45** |``). Exactly one such row must exist.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_MINUTE = 170
APP_MINUTES = 3
EXERCISE_MINUTES = 2
QUIZ_QUESTION_MINUTES = 1
TOLERANCE = 0.20

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WORD = re.compile(r"[A-Za-z0-9]+(?:['’.,\-][A-Za-z0-9]+)*")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
HTML_TAG = re.compile(r"<[^>]+>")
ASK = re.compile(r'hp\.exercises\.ask\(\s*["\']([\w.-]+)["\']')
QUIZ = re.compile(r'hp\.lesson_quiz\(\s*["\']([\w.-]+)["\']')
TIME_HEADING = re.compile(r"^#+\s*Time and prerequisites", re.M)
TIME_ROW = re.compile(r"^\|\s*\**\s*(Time|Total)\s*\**\s*\|([^|\n]*)\|", re.M)


@dataclass(frozen=True)
class LessonTime:
    """The parts of a lesson's computed time, and its stated time (minutes)."""

    lesson: str
    words: int
    apps: int
    exercises: int
    quiz_questions: int
    stated_min: int

    @property
    def reading_min(self) -> float:
        return self.words / WORDS_PER_MINUTE

    @property
    def computed_min(self) -> float:
        return (self.reading_min + APP_MINUTES * self.apps + EXERCISE_MINUTES * self.exercises
                + QUIZ_QUESTION_MINUTES * self.quiz_questions)

    @property
    def off(self) -> float:
        """Stated time relative to computed time, as a fraction (+0.1 = stated 10% longer)."""
        return self.stated_min / self.computed_min - 1.0


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def markdown_words(text: str) -> int:
    """Words a reader reads in one markdown cell.

    >>> markdown_words("See [lesson 01](01-causes.ipynb): it's 2.16 mm <b>thicker</b>.")
    6
    """
    text = LINK_TARGET.sub("]", text)
    text = HTML_TAG.sub(" ", text)
    return len(WORD.findall(text))


def is_app_cell(cell) -> bool:
    """A code cell that shows an interactive app (see the module docstring)."""
    if cell.get("cell_type") != "code":
        return False
    source = _source(cell)
    if ASK.search(source) or QUIZ.search(source):
        return False
    return any(WIDGET_MIME in output.get("data", {}) for output in cell.get("outputs", []))


def stated_minutes(cells, name: str = "lesson") -> int:
    """The minutes stated in the "Time and prerequisites" table."""
    found = []
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        text = _source(cell)
        heading = TIME_HEADING.search(text)
        if not heading:
            continue
        found += TIME_ROW.findall(text[heading.start():])
    if len(found) != 1:
        raise ValueError(f"{name}: the Time and prerequisites table needs exactly one row "
                         f"'| Time | about N minutes |' or '| **Total** | **about N** |'; "
                         f"found {len(found)}")
    number = re.search(r"\d+", found[0][1])
    if number is None:
        raise ValueError(f"{name}: the {found[0][0]} row gives no number of minutes")
    return int(number.group())


def quiz_length(stem: str) -> int:
    path = ROOT / "data" / "quizzes" / f"{stem}.csv"
    if not path.is_file():
        return 0
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for row in csv.DictReader(handle) if any((v or "").strip() for v in row.values()))


def lesson_time(path) -> LessonTime:
    """Count a notebook's words, apps, exercises and quiz questions, and read its stated time."""
    path = Path(path)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    words = sum(markdown_words(_source(c)) for c in cells if c.get("cell_type") == "markdown")
    apps = sum(is_app_cell(c) for c in cells)
    exercises = sum(len(ASK.findall(_source(c))) for c in cells if c.get("cell_type") == "code")
    quizzes = [m for c in cells if c.get("cell_type") == "code" for m in QUIZ.findall(_source(c))]
    questions = sum(quiz_length(stem) for stem in quizzes)
    return LessonTime(path.stem, words, apps, exercises, questions, stated_minutes(cells, path.name))


def main(argv) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    print("| Lesson | Words | Reading (min) | Apps | Exercises | Quiz | Computed (min) | Stated (min) | Off |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in paths:
        t = lesson_time(path)
        print(f"| {t.lesson} | {t.words} | {t.reading_min:.1f} | {t.apps} | {t.exercises} | "
              f"{t.quiz_questions} | {t.computed_min:.1f} | {t.stated_min} | {t.off:+.0%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
