"""Schema for the data file of lesson 06 (choosing a therapist).

``data/therapist_questions.csv``: one row per question a learner may take to a massage
therapist, with what a good answer sounds like, the warning signs, and what backs it: published
evidence (``sources`` read at the primary source), evidence read only in a summary, or practice
convention (no study tested it; ``sources`` may then give context or be empty).
"""

from __future__ import annotations

from helpers.schemas.base import Column, Schema

TOPICS = (
    "training",
    "assessment",
    "treatment",
    "comfort and safety",
    "self-care",
    "progress",
    "screening",
    "cost",
)

BASES = ("evidence", "evidence read in a summary", "practice convention")

#: The question exercise 06-bias-question points to (the one that tests a before/after claim).
BIAS_QUESTION = "natural_history"


def _check_question_row(row) -> str | None:
    """Rules across columns: a question ends with '?', evidence needs its sources."""
    if not row["question"].rstrip().endswith("?"):
        return "column 'question': a question must end with '?'"
    if row["basis"] != "practice convention" and not row["sources"]:
        return f"basis {row['basis']!r} needs at least one key in column 'sources'"
    for name in ("why_it_matters", "good_answer", "warning_signs"):
        if len(row[name]) < 20:
            return f"column {name!r}: write at least a full sentence (20 characters or more)"
    return None


SCHEMAS = [
    Schema(
        "therapist_questions",
        (
            Column("question_id"),
            Column("order", "integer", minimum=1, maximum=99),
            Column("topic", "choice", choices=TOPICS),
            Column("question"),
            Column("why_it_matters"),
            Column("good_answer"),
            Column("warning_signs"),
            Column("basis", "choice", choices=BASES),
            Column("sources", "sources", required=False),
            Column("note", required=False),
        ),
        unique="question_id",
        description="Questions to ask a massage therapist about heel pain, with good answers, "
        "warning signs and what backs them.",
        check=_check_question_row,
        required_keys=(BIAS_QUESTION,),
    )
]
