"""Re-render the warning blocks of the teacher's guide from the data tables.

    python tools/render_safety_blocks.py          # rewrite the guide pages in place
    python tools/render_safety_blocks.py --check  # exit 1 if a page is out of date

A block is written in a guide page as ``<!-- safety-notice: topics=clot,red_flags -->`` ...
``<!-- /safety-notice -->``; everything between the two markers is replaced.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.safety import fill_markdown_blocks  # noqa: E402

GUIDES = sorted((ROOT / "notebooks" / "teacher-guide").glob("*.md"))


def main(argv) -> int:
    check = "--check" in argv
    stale = []
    for path in GUIDES:
        text = path.read_text(encoding="utf-8")
        new = fill_markdown_blocks(text)
        if new != text:
            stale.append(path.name)
            if not check:
                path.write_text(new, encoding="utf-8")
    if check and stale:
        print("out of date: " + ", ".join(stale) + " (run python tools/render_safety_blocks.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
