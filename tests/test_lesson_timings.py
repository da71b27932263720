"""Stated lesson times are honest: each lesson's "Time and prerequisites" table states a time
within 20% of reading at 170 words a minute plus 3 minutes per interactive app, 2 per exercise
and 1 per quiz question (the rule and what counts as an app: tools/lesson_time.py). The tables
that list lesson times (the start page's learning path, the README) give the same minutes."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))

spec = importlib.util.spec_from_file_location("lesson_time", ROOT / "tools" / "lesson_time.py")
lesson_time = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = lesson_time  # dataclasses look their module up
spec.loader.exec_module(lesson_time)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_stated_time_is_within_20_percent_of_reading_and_activities(path):
    t = lesson_time.lesson_time(path)
    assert abs(t.off) <= lesson_time.TOLERANCE, (
        f"{path.name}: states {t.stated_min} min, but {t.words} words at "
        f"{lesson_time.WORDS_PER_MINUTE}/min ({t.reading_min:.1f} min) + {t.apps} apps x 3 + "
        f"{t.exercises} exercises x 2 + {t.quiz_questions} quiz questions x 1 = "
        f"{t.computed_min:.1f} min ({t.off:+.0%}); state about {round(t.computed_min)} min or cut text")


def test_words_are_counted_as_a_reader_reads_them():
    assert lesson_time.markdown_words("**Key point.** The fascia is 2.16 mm thicker.") == 8
    assert lesson_time.markdown_words("[01 Causes](01-causes.ipynb) | 45 |") == 3
    assert lesson_time.markdown_words("<span class='x'>knee-to-toe</span>") == 1


def _cell(source, outputs=(), cell_type="code"):
    return {"cell_type": cell_type, "source": source, "outputs": list(outputs)}


WIDGET = {"output_type": "display_data",
          "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}}}


def test_an_app_is_a_cell_that_displays_a_widget_other_than_an_answer_box_or_the_quiz():
    assert lesson_time.is_app_cell(_cell("hp.apps.causes.windlass_app()", [WIDGET]))
    assert not lesson_time.is_app_cell(_cell('hp.exercises.ask("01-windlass-walking")', [WIDGET]))
    assert not lesson_time.is_app_cell(_cell('hp.lesson_quiz("01-causes")', [WIDGET]))
    assert not lesson_time.is_app_cell(_cell("print(1)", [{"output_type": "stream"}]))
    assert not lesson_time.is_app_cell(_cell("text", cell_type="markdown"))


@pytest.mark.parametrize(("table", "minutes"), [
    ("## Time and prerequisites\n\n| | |\n|---|---|\n| Time | about 30 minutes (a: 5) |\n", 30),
    ("## Time and prerequisites\n\n| Part | Minutes |\n|---|---|\n| Setup | 2 |\n"
     "| **Total** | **about 45** |\n", 45),
])
def test_the_stated_time_is_read_from_the_time_table(table, minutes):
    assert lesson_time.stated_minutes([_cell(table, cell_type="markdown")]) == minutes


def test_a_time_table_without_exactly_one_time_row_is_refused():
    table = "## Time and prerequisites\n\n| | |\n|---|---|\n| Prerequisites | none |\n"
    with pytest.raises(ValueError, match="exactly one row"):
        lesson_time.stated_minutes([_cell(table, cell_type="markdown")], "demo.ipynb")


def _listed_minutes(text: str) -> dict:
    """Lesson stem -> minutes, from table rows that name a lesson and end in a number."""
    found = {}
    for line in text.splitlines():
        row = re.match(r"^\|\s*`?\[?(\d\d)[^|]*\|.*\|\s*(\d+)[^|]*\|\s*$", line)
        if row:
            found[row.group(1)] = int(row.group(2))
    return found


def _stated() -> dict:
    return {p.stem[:2]: lesson_time.lesson_time(p).stated_min for p in LESSONS}


def test_the_readme_lesson_table_gives_each_lesson_its_stated_time():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Lessons"):]
    section = section[:section.index("\n## ", 4)]
    listed = _listed_minutes(section)
    assert listed, "README: no lesson table found under '## Lessons'"
    stated = _stated()
    for number, minutes in listed.items():
        assert minutes == stated[number], f"README: lesson {number} listed as {minutes} min, " \
                                          f"the lesson states {stated[number]}"


def test_the_start_page_learning_path_gives_each_lesson_its_stated_time():
    cells = json.loads((ROOT / "notebooks" / "00-start-here.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in cells["cells"] if c["cell_type"] == "markdown")
    section = text[text.index("## 2. The learning path"):]
    section = section[:section.index("\n## ", 4)]
    listed = _listed_minutes(section)
    assert listed, "00-start-here: no table in '## 2. The learning path'"
    stated = _stated()
    for number, minutes in listed.items():
        assert minutes == stated[number], f"00-start-here: lesson {number} listed as {minutes} " \
                                          f"min, the lesson states {stated[number]}"
