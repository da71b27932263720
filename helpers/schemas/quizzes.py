"""Schema for the self-check quizzes, one file per lesson: ``data/quizzes/<notebook-stem>.csv``.

One row per question, numbered from 1 in the order shown. ``option_1`` to ``option_4`` are the
choices (``option_4`` may be empty for a three-option question), ``answer`` is the position of the
right one (1 to 4), and ``why_1`` to ``why_4`` explain each option; a learner sees an explanation
only after choosing and checking. ``sources`` lists the keys of the sources the question rests on.
"""

from __future__ import annotations

from helpers.schemas.base import Column, Schema

OPTIONS = 4


def _check_quiz_row(row) -> str | None:
    """Rules across columns: each option has its explanation, the key names a given option."""
    for k in range(1, OPTIONS + 1):
        option, why = row[f"option_{k}"], row[f"why_{k}"]
        if (option is None) != (why is None):
            return (f"option_{k} and why_{k} must both be filled or both be empty; "
                    "every option needs its explanation")
    given = [k for k in range(1, OPTIONS + 1) if row[f"option_{k}"] is not None]
    if given != list(range(1, len(given) + 1)):
        return "options must fill option_1, option_2, ... without gaps"
    if row["answer"] not in given:
        return f"column 'answer': {row['answer']} is not one of the options given (1 to {len(given)})"
    texts = [row[f"option_{k}"].lower() for k in given]
    if len(set(texts)) != len(texts):
        return "two options have the same text"
    return None


def _check_quiz_table(table, load) -> tuple | None:
    """Rules across rows: questions are numbered 1, 2, 3 ... in the order shown."""
    for expected, row in enumerate(table.rows, start=1):
        if row["number"] != expected:
            return (row, "number", f"questions must be numbered 1, 2, 3 ... in order; question "
                    f"{expected} is numbered {row['number']} (renumber the rows from here)")
    return None


SCHEMAS = [
    Schema(
        "quizzes",
        (
            Column("number", "integer", minimum=1, maximum=20),
            Column("prompt"),
            Column("option_1"),
            Column("option_2"),
            Column("option_3"),
            Column("option_4", required=False),
            Column("answer", "integer", minimum=1, maximum=OPTIONS),
            Column("why_1"),
            Column("why_2"),
            Column("why_3"),
            Column("why_4", required=False),
            Column("sources", "sources", required=False),
        ),
        unique="number",
        description="Self-check questions of one lesson, with the key and an explanation for "
                    "every option.",
        check=_check_quiz_row,
        check_table=_check_quiz_table,
        folder=True,
    ),
]
