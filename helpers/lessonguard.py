"""A broken data table shows up in a lesson as one sentence, not a traceback cascade.

When a learner or teacher edits a file in ``data/`` and breaks it, the first cell that needs
that file shows one message where its figure or table would be: the file, the line, the column
and what to fix. Cells that need the same file (directly, or through a name the broken cell
would have made) show a short note pointing back to that message instead of a traceback, and
every other cell of the lesson runs as usual. :func:`helpers.style.setup` turns this on in a
notebook; outside IPython nothing changes.

>>> message_text(ValueError("data/trials.csv, line 4, column 'estimate': 'x' is not a number"))
"data/trials.csv, line 4, column 'estimate': 'x' is not a number. Fix that value in the file, save it, then run the lesson again (Run > Run All Cells)."
"""

from __future__ import annotations

import ast
import html

from helpers.tables import TableError

__all__ = ["install", "message_text", "NOTE"]

NOTE = "This part needs the same data file; it runs once the file is fixed (see the message above)."


def message_text(exc: BaseException) -> str:
    """The learner's sentence for a broken table."""
    text = str(exc).rstrip(".")
    return (f"{text}. Fix that value in the file, save it, then run the lesson again "
            "(Run > Run All Cells).")


def _table_error(exc: BaseException | None):
    """The TableError behind ``exc`` (itself or a cause), or None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, TableError):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _assigned_names(source: str) -> set:
    """Names a cell binds at top level (assignments, imports, for targets, defs)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
    return names


class _Guard:
    def __init__(self, shell):
        self.shell = shell
        self.shown = set()  # messages already shown in full
        self.missing = set()  # names a broken cell left undefined
        self.handled = None  # the exception this guard answered in the current cell
        self.source = ""

    # IPython calls this for the exception types given to set_custom_exc
    def handler(self, shell, etype, value, tb, tb_offset=None):
        table_error = _table_error(value)
        name = getattr(value, "name", None)
        if table_error is None and not (isinstance(value, NameError) and name in self.missing):
            shell.showtraceback((etype, value, tb), running_compiled_code=True)
            return None
        self.handled = value
        if table_error is not None and str(table_error) not in self.shown:
            self.shown.add(str(table_error))
            self._show(message_text(table_error), "hp-data-error", "Data file problem.")
        else:
            self._show(NOTE, "hp-data-note", "Skipped.")
        # names this cell would have made are missing too: later cells that use them get a note
        self.missing |= {n for n in _assigned_names(self.source) if n not in shell.user_ns}
        return None

    def _show(self, text: str, css: str, lead: str):
        from IPython.display import display

        display({
            "text/plain": text,
            "text/html": (f"<div class='{css}' role='alert'><strong>{lead}</strong> "
                          f"{html.escape(text)}</div>"),
        }, raw=True)

    def pre_run_cell(self, info):
        self.handled = None
        self.source = getattr(info, "raw_cell", "") or ""

    def post_run_cell(self, result):
        # the message above is the cell's answer: the cell counts as run, so the lesson goes on
        if result is not None and self.handled is not None and result.error_in_exec is self.handled:
            result.error_in_exec = None
        self.handled = None


def install(shell=None):
    """Turn the guard on in the running IPython shell (no-op outside IPython; idempotent)."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return None
        shell = get_ipython()
    if shell is None:
        return None
    guard = getattr(shell, "_hp_lesson_guard", None)
    if guard is not None:
        return guard
    guard = _Guard(shell)
    # every error passes through the guard: one from a broken table (even wrapped in another)
    # becomes the message, any other is shown as IPython would show it
    shell.set_custom_exc((Exception,), guard.handler)
    shell.events.register("pre_run_cell", guard.pre_run_cell)
    shell.events.register("post_run_cell", guard.post_run_cell)
    shell._hp_lesson_guard = guard
    return guard
