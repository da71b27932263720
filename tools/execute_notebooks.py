"""Run lesson notebooks top to bottom in a fresh kernel and store their outputs.

    python tools/execute_notebooks.py [notebooks/01-causes.ipynb ...]

With no arguments every notebook in notebooks/ is run. Outputs are made deterministic: printed
pieces joined into one output, no timing metadata, and the random widget model ids replaced by
ids derived from the notebook's name and their order, so a re-run with unchanged code gives an
identical file.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
MODEL_ID = re.compile(r"(?<![0-9A-Za-z+/])[0-9a-f]{32}(?![0-9A-Za-z+/])")


def stable_ids(text: str, salt: str) -> str:
    """Replace each widget model id by a hash of (salt, order of first appearance)."""
    mapping: dict[str, str] = {}

    def swap(match):
        old = match.group(0)
        if old not in mapping:
            mapping[old] = hashlib.md5(f"{salt}:{len(mapping)}".encode()).hexdigest()
        return mapping[old]

    return MODEL_ID.sub(swap, text)


def join_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) pieces into one output: the kernel flushes a long
    print in pieces at times that vary from run to run, and the stored file must not."""
    joined: list = []
    for out in outputs:
        prev = joined[-1] if joined else None
        if (out.get("output_type") == "stream" and prev is not None
                and prev.get("output_type") == "stream" and prev.get("name") == out.get("name")):
            prev["text"] = "".join(prev["text"]) + "".join(out["text"])
        else:
            joined.append(out)
    return joined


def execute(path: Path, timeout: int = 300) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
    )
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        raise SystemExit(f"{path.name}: a cell raised an error; fix it and re-run.\n{exc}") from None
    elapsed = time.perf_counter() - start
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = join_streams(cell.outputs)
    nb.metadata.pop("papermill", None)
    # renumber ids in creation order first, then sort keys, so the file is byte-identical
    text = stable_ids(json.dumps(nb, ensure_ascii=False), path.stem)
    text = json.dumps(json.loads(text), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    nbformat.validate(nbformat.reads(text, as_version=4))
    path.write_text(text, encoding="utf-8")
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        if not path.is_file():
            print(f"no such notebook: {path}", file=sys.stderr)
            return 2
        seconds = execute(path.resolve())
        print(f"{path.name}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
