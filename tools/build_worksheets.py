"""Printable worksheets, one per lesson: ``make worksheets`` writes ``build/worksheets/``.

Each worksheet is one print-ready HTML page (A4, black on white, no scripts, nothing loaded from
elsewhere; print it from any browser, or save it as PDF there). It holds the lesson's "Your turn"
exercises, in the order the lesson asks them, and its self-check quiz questions, each with space
to answer. It holds no answers: no key, no solution, no hint and no explanation. The exercises come
from the exercise registry (``helpers/exercises``), the questions from ``data/quizzes/<lesson>.csv``;
the teacher's guide of each lesson holds the answers.

    python tools/build_worksheets.py [NOTEBOOK ...]     # default: every lesson
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "worksheets"
ASK = re.compile(r"""hp\.exercises\.(?:ask|check)\(\s*["']([^"']+)["']""")

CSS = """
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.4;
       color: #000; background: #fff; max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 16pt; margin: 0 0 2mm 0; }
h2 { font-size: 13pt; margin: 7mm 0 2mm 0; border-bottom: 1px solid #000; }
.who { display: flex; gap: 6mm; margin: 4mm 0; }
.who span { flex: 1; border-bottom: 1px solid #000; padding-top: 6mm; font-size: 9pt; }
.task { break-inside: avoid; page-break-inside: avoid; margin: 4mm 0 5mm 0; }
.task p { margin: 0 0 2mm 0; }
.unit { font-size: 9.5pt; }
.space { border: 1px solid #000; height: 22mm; margin-top: 2mm; }
.space.working { height: 34mm; }
.line { border-bottom: 1px solid #000; height: 9mm; width: 70mm; display: inline-block; }
ol.options { list-style: none; padding-left: 2mm; margin: 1mm 0; }
ol.options li { margin: 1mm 0; }
.box { display: inline-block; width: 4mm; height: 4mm; border: 1px solid #000;
       margin-right: 2mm; vertical-align: -0.5mm; }
.note { font-size: 9.5pt; }
@media print { body { padding: 0; } a { color: #000; text-decoration: none; } }
"""


def lesson_title(nb: dict) -> str:
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError("the notebook has no '# ' title")


def exercise_ids(nb: dict) -> list:
    """The exercise ids a notebook asks, in order, each once."""
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            for exercise_id in ASK.findall("".join(cell["source"])):
                if exercise_id not in found:
                    found.append(exercise_id)
    return found


def _e(text) -> str:
    return html.escape(str(text))


def exercise_html(number: int, exercise) -> str:
    form = exercise.form
    parts = [f'<div class="task"><p><b>Your turn {number}.</b> {_e(exercise.prompt)}</p>']
    if form.kind == "choice":
        options = "".join(f'<li><span class="box"></span>{_e(c)}</li>' for c in form.choice_list())
        parts.append(f'<p class="note">Tick one.</p><ol class="options">{options}</ol>')
        parts.append('<p class="note">Why?</p><div class="space"></div>')
    else:
        unit = f' <span class="unit">{_e(form.unit)}</span>' if form.kind == "number" and form.unit else ""
        if form.kind == "numbers":
            boxes = " ".join(f'{_e(f.capitalize())}: <span class="line"></span>' for f in form.fields)
            parts.append(f"<p>{boxes}</p>")
        else:
            parts.append(f'<p>Your answer: <span class="line"></span>{unit}</p>')
        parts.append('<p class="note">Working (prediction first, then what you read or '
                     'calculated):</p><div class="space working"></div>')
    parts.append("</div>")
    return "".join(parts)


def question_html(number: int, question) -> str:
    options = "".join(f'<li><span class="box"></span>{"ABCD"[i]}. {_e(o)}</li>'
                      for i, o in enumerate(question.options))
    return (f'<div class="task"><p><b>{number}.</b> {_e(question.prompt)}</p>'
            f'<ol class="options">{options}</ol>'
            '<p class="note">Why (one sentence):</p><div class="space"></div></div>')


def worksheet_html(notebook: Path) -> str:
    """The worksheet of one lesson, as a complete HTML page."""
    from helpers import exercises
    from helpers.selfcheck import quiz_questions

    nb = json.loads(notebook.read_text(encoding="utf-8"))
    title = lesson_title(nb)
    body = [f"<h1>Worksheet: {_e(title)}</h1>",
            '<div class="who"><span>Name</span><span>Class</span><span>Date</span></div>',
            f'<p class="note">Work through lesson <i>{_e(notebook.name)}</i> with this sheet. '
            "Write your prediction before you move a slider; then write what the lesson's figure "
            "or readout shows.</p>"]
    ids = exercise_ids(nb)
    if ids:
        body.append('<h2>Your turn</h2>')
        body += [exercise_html(i, exercises.get(e)) for i, e in enumerate(ids, 1)]
    quiz_file = ROOT / "data" / "quizzes" / f"{notebook.stem}.csv"
    if quiz_file.exists():
        body.append("<h2>Self-check questions</h2>"
                    '<p class="note">Tick one answer for each question.</p>')
        body += [question_html(i, q) for i, q in enumerate(quiz_questions(notebook.stem), 1)]
    if not ids and not quiz_file.exists():
        raise ValueError(f"{notebook.name} has no exercises and no quiz: nothing to put on a worksheet")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Worksheet: {_e(title)}</title><style>{CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


def index_html(pages: list) -> str:
    items = "".join(f'<li><a href="{_e(p.name)}">{_e(t)}</a></li>' for p, t in pages)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Worksheets</title><style>{CSS}</style></head><body><h1>Worksheets</h1>"
            "<p>One printable sheet per lesson, with space to answer. The answers are in the "
            f"teacher's guide.</p><ul>{items}</ul></body></html>\n")


def build(notebooks=None, out: Path = OUT) -> list:
    """Write one worksheet per notebook (default: every lesson) and an index; return the paths."""
    from helpers.files import atomic_write_text

    notebooks = [Path(n) for n in notebooks] if notebooks else sorted(
        (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    out.mkdir(parents=True, exist_ok=True)
    written, pages = [], []
    for notebook in notebooks:
        if not notebook.is_file():
            raise ValueError(f"no notebook at {notebook}")
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        path = out / f"{notebook.stem}.worksheet.html"
        atomic_write_text(path, worksheet_html(notebook), overwrite=True)
        written.append(path)
        pages.append((path, lesson_title(nb)))
    if len(notebooks) > 1:
        written.append(atomic_write_text(out / "index.html", index_html(pages), overwrite=True))
    return written


def main(argv) -> None:
    for path in build(argv or None):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main(sys.argv[1:])
