"""Print the quiz key of each lesson into its teacher's guide, from data/quizzes/<lesson>.csv.

    python tools/quiz_key.py            # rewrite the key sections of the guides
    python tools/quiz_key.py --check    # exit 1 if a guide's key differs from the data

The lessons never show the key; the guide is for the teacher. Each guide has one section whose
heading is ``## Quiz answers`` (the start page's is in ``00-start-here.md``); everything from that heading to the next ``## `` heading is replaced by the key built
here, so the guide cannot drift from the quiz the students answer.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.selfcheck import quiz_questions  # noqa: E402

GUIDES = ROOT / "notebooks" / "teacher-guide"
START_PAGE = "00-start-here"


def guide_target(lesson: str) -> tuple:
    """(guide file, heading) that holds the key of ``lesson``."""
    return GUIDES / f"{lesson}.md", "## Quiz answers"


def key_section(lesson: str) -> str:
    """The Markdown of the key of ``lesson``: each question, the right option and why, and why
    each other option is wrong."""
    _, heading = guide_target(lesson)
    lines = [heading, "",
             f"The quiz is the widget under *Quiz* at the end of the lesson; its questions are kept in "
             f"`data/quizzes/{lesson}.csv`. Right answers by position: "
             + ", ".join(f"{n} → {q.answer + 1}"
                         for n, q in enumerate(quiz_questions(lesson), start=1)) + ".", ""]
    for n, q in enumerate(quiz_questions(lesson), start=1):
        keys = " ".join(f"`[{k}]`" for k in q.sources)
        right = f"   Right: option {q.answer + 1}, *{q.options[q.answer]}*. {q.explanations[q.answer]}"
        lines += [f"{n}. **{q.prompt}**", right + (f" {keys}" if keys else "")]
        for k, (option, why) in enumerate(zip(q.options, q.explanations), start=1):
            if k - 1 != q.answer:
                lines.append(f"   - Option {k}, *{option}*: {why}")
    return "\n".join(lines) + "\n"


def replace_section(text: str, heading: str, section: str) -> str:
    """``text`` with the section under ``heading`` replaced by ``section`` (added at the end
    when the heading is missing)."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.rstrip("\n") == heading]
    if not starts:
        return text.rstrip("\n") + "\n\n" + section
    start = starts[0]
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    tail = "".join(lines[end:])
    return "".join(lines[:start]) + section + ("\n" + tail if tail else "")


def lessons() -> list:
    return sorted(p.stem for p in (ROOT / "data" / "quizzes").glob("*.csv")
                  if (ROOT / "notebooks" / f"{p.stem}.ipynb").is_file())


def updated_guides() -> dict:
    """Guide path -> its text with every key section rebuilt."""
    texts: dict = {}
    for lesson in lessons():
        path, heading = guide_target(lesson)
        if not path.is_file():
            continue
        text = texts.get(path, path.read_text(encoding="utf-8"))
        texts[path] = replace_section(text, heading, key_section(lesson))
    return texts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report guides that differ")
    args = parser.parse_args(argv)
    stale = []
    for path, text in updated_guides().items():
        if path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path.relative_to(ROOT)}: {'differs from the quiz data' if args.check else 'updated'}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    raise SystemExit(main())
