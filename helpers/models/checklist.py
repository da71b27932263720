"""Questions to ask a massage therapist: records, selection, and the printable list.

Pure functions, no widgets and no files: the question records come from
``data/therapist_questions.csv`` (or from rows a test builds), a learner's choice is a list of
question ids, and :func:`render_markdown` / :func:`render_html` turn the chosen questions into the
exact text that is saved. Saving itself (an atomic write that never overwrites silently) lives in
``helpers.apps.checklist``.

What the model assumes: the questions and their "good answer" and "warning sign" texts are
guidance for a conversation, not a test a therapist passes or fails; where a row's ``basis`` is
"practice convention", no study has tested it, and the printed list says so.

>>> q = TherapistQuestion("cost", 1, "cost", "What does it cost?", "Prices differ a lot.",
...                       "A clear price per session.", "Pressure to prepay.",
...                       "practice convention", (), "")
>>> print(render_markdown([q]).splitlines()[4])
## 1. What does it cost?
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import PurePath

DEFAULT_TITLE = "Questions to ask a massage therapist about heel pain"

INTRO = (
    "Chosen in lesson 06 of the plantar fasciitis and massage course. Take this list to a first "
    "appointment and note the answers."
)

FOOTER = (
    "These questions support a conversation with a therapist; they are not medical advice. If you "
    "have any of the warning signs for other causes of heel pain, see a doctor."
)

BASIS_LABELS = {
    "evidence": "published evidence",
    "evidence read in a summary": "published evidence read only in a summary (treat with caution)",
    "practice convention": "practice convention, not tested in studies",
}

FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "markdown",
           ".html": "html", ".htm": "html"}

SUFFIX_FOR_FORMAT = {"markdown": ".md", "html": ".html"}


@dataclass(frozen=True)
class TherapistQuestion:
    """One question for a therapist, with the guidance shown when it is revealed.

    ``sources`` holds keys of ``data/sources.csv``; ``basis`` is one of ``BASIS_LABELS``.
    """

    question_id: str
    order: int
    topic: str
    question: str
    why: str
    good_answer: str
    warning_signs: str
    basis: str
    sources: tuple = ()
    note: str = ""

    def __post_init__(self):
        object.__setattr__(self, "sources", tuple(self.sources or ()))
        object.__setattr__(self, "note", self.note or "")
        if self.basis not in BASIS_LABELS:
            raise ValueError(
                f"question {self.question_id!r}: basis must be one of {sorted(BASIS_LABELS)}; "
                f"got {self.basis!r}"
            )


def questions_from_rows(rows) -> tuple:
    """Build :class:`TherapistQuestion` records from table rows, sorted by ``order``.

    ``rows`` are dicts with the columns of ``data/therapist_questions.csv``. Duplicate ids are
    refused with a ``ValueError`` that names them.
    """
    questions = []
    seen = set()
    for row in rows:
        qid = row["question_id"]
        if qid in seen:
            raise ValueError(f"question_id {qid!r} appears twice; ids must be unique")
        seen.add(qid)
        questions.append(
            TherapistQuestion(
                question_id=qid,
                order=int(row["order"]),
                topic=row["topic"],
                question=row["question"],
                why=row["why_it_matters"],
                good_answer=row["good_answer"],
                warning_signs=row["warning_signs"],
                basis=row["basis"],
                sources=tuple(row.get("sources") or ()),
                note=row.get("note") or "",
            )
        )
    return tuple(sorted(questions, key=lambda q: (q.order, q.question_id)))


def load_questions() -> tuple:
    """The course's questions from ``data/therapist_questions.csv`` (validated), in order."""
    from helpers.tables import load_table

    return questions_from_rows(load_table("therapist_questions").rows)


def select(questions, ids) -> tuple:
    """The questions whose ids are in ``ids``, in checklist order, each once.

    Unknown ids are refused with a ``ValueError`` that names them and lists the known ids.

    >>> qs = (TherapistQuestion("a", 1, "cost", "A?", "w", "g", "x", "evidence", ("k",)),
    ...       TherapistQuestion("b", 2, "cost", "B?", "w", "g", "x", "evidence", ("k",)))
    >>> [q.question_id for q in select(qs, ["b", "a", "b"])]
    ['a', 'b']
    """
    if isinstance(ids, str):
        ids = [ids]
    wanted = list(ids)
    known = [q.question_id for q in questions]
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise ValueError(
            f"ids must be among {', '.join(known) or '(no questions given)'}; got "
            f"{', '.join(repr(u) for u in unknown)}"
        )
    chosen = set(wanted)
    return tuple(q for q in questions if q.question_id in chosen)


def source_keys(questions) -> list:
    """Every source key the questions cite, each once, in order of first use."""
    keys = []
    for q in questions:
        for key in q.sources:
            if key not in keys:
                keys.append(key)
    return keys


def export_format(path) -> str:
    """``'markdown'`` or ``'html'`` from a file name's ending (``.md``, ``.txt``, ``.html``...).

    >>> export_format("my-therapist-questions.HTML")
    'html'
    """
    text = str(path).strip()
    if not text:
        raise ValueError("the file name is empty; type one such as my-therapist-questions.md")
    suffix = PurePath(text).suffix.lower()
    if suffix not in FORMATS:
        shown = suffix or "no ending"
        raise ValueError(
            f"the file name must end in .md (Markdown, plain text) or .html (a printable page); "
            f"got {shown!r} in {text!r}"
        )
    return FORMATS[suffix]


def with_format(path, fmt: str) -> str:
    """``path`` with the ending of format ``fmt`` (``'markdown'`` or ``'html'``).

    >>> with_format("notes/my-list.md", "html")
    'notes/my-list.html'
    """
    if fmt not in SUFFIX_FOR_FORMAT:
        raise ValueError(f"fmt must be 'markdown' or 'html'; got {fmt!r}")
    text = str(path).strip() or "my-therapist-questions"
    pure = PurePath(text)
    stem = pure.stem if pure.suffix.lower() in FORMATS else pure.name
    return str(pure.with_name(stem + SUFFIX_FOR_FORMAT[fmt]))


def _require(selected) -> tuple:
    selected = tuple(selected)
    if not selected:
        raise ValueError("no question is ticked; tick at least one question to save a list")
    return selected


def _cited(q, citations) -> list:
    citations = citations or {}
    return [citations.get(key, key) for key in q.sources]


def based_on_text(q, citations=None) -> str:
    """What backs a question, in words: ``'published evidence: Saban et al. 2014; ...'``.

    >>> q = TherapistQuestion("pain", 5, "comfort and safety", "Will it hurt?", "w", "g", "x",
    ...                       "practice convention", ("ernst2003",))
    >>> based_on_text(q, {"ernst2003": "Ernst 2003, verified"})
    'practice convention, not tested in studies; for context see Ernst 2003, verified'
    """
    label = BASIS_LABELS[q.basis]
    cited = _cited(q, citations)
    if not cited:
        return label
    joiner = ": " if q.basis != "practice convention" else "; for context see "
    return f"{label}{joiner}{'; '.join(cited)}"


def render_markdown(selected, citations=None, title: str = DEFAULT_TITLE) -> str:
    """The chosen questions as a Markdown document (the exact text saved to a ``.md`` file).

    ``citations`` maps source keys to short citations (``{'landorf2010': 'Landorf et al.
    2010'}``); keys without an entry are shown as they are.
    """
    selected = _require(selected)
    lines = [f"# {title}", "", INTRO, ""]
    for n, q in enumerate(selected, start=1):
        lines += [
            f"## {n}. {q.question}",
            "",
            f"- Why ask: {q.why}",
            f"- A good answer sounds like: {q.good_answer}",
            f"- Warning signs: {q.warning_signs}",
            f"- Based on: {based_on_text(q, citations)}",
        ]
        if q.note:
            lines.append(f"- Evidence note: {q.note}")
        lines += ["- Their answer:", ""]
    lines += ["---", "", FOOTER, ""]
    return "\n".join(lines)


_CSS = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:44rem;"
    "margin:2rem auto;padding:0 1rem;line-height:1.45;color:#000;background:#fff}"
    "h1{font-size:1.5rem}h2{font-size:1.1rem;margin:1.4rem 0 .4rem}"
    "dt{font-weight:bold;margin-top:.3rem}dd{margin:0 0 0 1rem}"
    ".answer{border:1px solid #000;min-height:4.5rem;margin-top:.5rem;padding:.3rem}"
    "li{break-inside:avoid;page-break-inside:avoid}"
    "@media print{body{margin:0;max-width:none}a{color:#000}}"
)


def guide_html(q, citations=None) -> str:
    """The revealed guidance for one question as an HTML fragment (a definition list)."""
    e = html.escape
    items = [
        ("Why ask", q.why),
        ("A good answer sounds like", q.good_answer),
        ("Warning signs", q.warning_signs),
        ("Based on", based_on_text(q, citations)),
    ]
    if q.note:
        items.append(("Evidence note", q.note))
    body = "".join(f"<dt>{e(name)}</dt><dd>{e(text)}</dd>" for name, text in items)
    return f"<dl>{body}</dl>"


def render_html(selected, citations=None, title: str = DEFAULT_TITLE) -> str:
    """The chosen questions as a standalone printable HTML page (the exact text saved)."""
    selected = _require(selected)
    e = html.escape
    items = "".join(
        f"<li><h2>{e(q.question)}</h2>{guide_html(q, citations)}"
        f"<div class=\"answer\">Their answer:</div></li>"
        for q in selected
    )
    return (
        "<!DOCTYPE html>\n"
        "<html lang=\"en\">\n"
        "<head>\n"
        "<meta charset=\"utf-8\">\n"
        f"<title>{e(title)}</title>\n"
        f"<style>{_CSS}</style>\n"
        "</head>\n"
        "<body>\n"
        f"<h1>{e(title)}</h1>\n"
        f"<p>{e(INTRO)}</p>\n"
        f"<ol>{items}</ol>\n"
        f"<hr>\n<p>{e(FOOTER)}</p>\n"
        "</body>\n"
        "</html>\n"
    )


def render(selected, fmt: str, citations=None, title: str = DEFAULT_TITLE) -> str:
    """``render_markdown`` or ``render_html`` by ``fmt`` (``'markdown'`` or ``'html'``)."""
    if fmt == "markdown":
        return render_markdown(selected, citations, title)
    if fmt == "html":
        return render_html(selected, citations, title)
    raise ValueError(f"fmt must be 'markdown' or 'html'; got {fmt!r}")


# every public function answers bad input with a learner-facing ValueError
from helpers.validate import check_module_inputs  # noqa: E402

check_module_inputs(globals())
