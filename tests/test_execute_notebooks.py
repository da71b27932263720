"""The tool that stores lesson outputs gives the same file from run to run."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_notebooks)


def stream(name, text):
    return {"output_type": "stream", "name": name, "text": text}


def test_pieces_of_one_print_are_stored_as_one_output_whatever_the_flush_timing():
    one_piece = execute_notebooks.join_streams([stream("stdout", "a\nb\nc\n")])
    three_pieces = execute_notebooks.join_streams(
        [stream("stdout", "a\n"), stream("stdout", ["b\n"]), stream("stdout", "c\n")])
    assert three_pieces == one_piece == [stream("stdout", "a\nb\nc\n")]


def test_stderr_pictures_and_later_prints_stay_apart_and_in_order():
    picture = {"output_type": "display_data", "data": {"text/plain": "x"}, "metadata": {}}
    outputs = [stream("stdout", "a\n"), stream("stderr", "w\n"), stream("stderr", "v\n"),
               picture, stream("stdout", "b\n")]
    assert execute_notebooks.join_streams(outputs) == [
        stream("stdout", "a\n"), stream("stderr", "w\nv\n"), picture, stream("stdout", "b\n")]


def test_no_stored_lesson_has_a_print_split_in_pieces():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            outs = cell.get("outputs", [])
            for a, b in zip(outs, outs[1:]):
                assert not (a["output_type"] == b["output_type"] == "stream" and a["name"] == b["name"]), \
                    f"{path.name}, cell {i + 1}: one print stored as two outputs; re-run make execute"
