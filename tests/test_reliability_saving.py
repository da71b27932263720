"""Every save path under every disk error a learner can meet: one message that names the file
the learner chose and says what to do, and nothing half-written left behind.

Save paths: the session planner (Markdown and printable page), the strength plan (Markdown), the therapist checklist
(Markdown and printable page) and the pain log (a new log, and an entry added to a log that
exists). Faults: an ``OSError`` of each errno injected at each step of the write (making the
temporary file, writing, flushing to disk, linking or renaming into place, creating the
folder), and real faults made on disk (a folder where the file should be, a file where a folder
should be, a dangling link, a file that exists).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import files
from helpers.apps import checklist as checklist_app
from helpers.apps import regions as regions_app
from helpers.apps import routine as routine_app
from helpers.apps import treatments as treatments_app
from helpers.models import painlog

ERRNOS = [errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EEXIST, errno.ENOTDIR,
          errno.ENOENT, errno.EROFS, errno.EISDIR, errno.EIO, errno.ENAMETOOLONG, errno.ELOOP,
          errno.EMFILE, errno.ENFILE, errno.EFBIG, errno.EBUSY, errno.ETXTBSY, errno.EAGAIN,
          errno.EINVAL, errno.ESTALE, errno.EXDEV, errno.ENODEV]
# where a write can fail: (module whose name is patched, attribute)
STEPS = [(tempfile, "mkstemp"), (os, "fdopen"), (os, "write"), (os, "fsync"), (os, "link"), (os, "replace"),
         (os, "chmod"), (os, "fchmod"), (os, "open"), (os, "mkdir"), (os, "ftruncate")]
TODAY = dt.date(2026, 3, 1)

_APPS = {}


@pytest.fixture(autouse=True)
def _fresh_apps():
    _APPS.clear()  # figures are closed after each test: build the apps again
    yield
    _APPS.clear()


def _apps():
    if not _APPS:
        _APPS["planner"] = regions_app.PlannerApp()
        _APPS["strength"] = treatments_app.StrengthPlannerApp()
        _APPS["checklist"] = checklist_app.ChecklistApp()
        _APPS["checklist"].tick(["cost"])
        _APPS["painlog"] = routine_app.PainLogApp(path=os.devnull + ".csv", today=TODAY)
    return _APPS


def _save(kind: str, typed: str, folder: Path) -> str:
    """Save with the app as a learner would; return the message the app shows."""
    apps = _apps()
    old = os.getcwd()
    os.chdir(folder)
    try:
        if kind.startswith("planner"):
            return apps["planner"].save(typed, overwrite=False)
        if kind.startswith("strength"):
            return apps["strength"].save(typed, overwrite=False)
        if kind.startswith("checklist"):
            app = apps["checklist"]
            app.path_text.value = typed
            app.overwrite_checkbox.value = False
            app.save()
            return app.status_text()
        app = apps["painlog"]
        app.path_text.value = ""
        app.path_text.value = typed  # reads the log here (before any fault)
        app.date_picker.value = TODAY
        app.add()
        return app.message
    finally:
        os.chdir(old)


KINDS = ["planner.md", "planner.html", "strength.md", "checklist.md", "checklist.html",
         "painlog-new", "painlog-existing"]


def _typed(kind: str, nested: bool) -> str:
    name = {"planner.md": "plan.md", "planner.html": "plan.html", "strength.md": "heel-raises.md",
            "checklist.md": "list.md",
            "checklist.html": "list.html"}.get(kind, "pain-log.csv")
    return f"my notes/{name}" if nested else name


def _check_message(message: str, typed: str, kind: str):
    start = "Not added" if kind.startswith("painlog") else "Not saved"
    assert message.startswith(start + ":"), message
    assert typed in message, f"the file the learner chose is not named: {message}"
    assert "\n" not in message and message.endswith("."), message
    for leak in ("Errno", ".tmp", "Traceback", "OSError", "None"):
        assert leak not in message, message
    # says what to do: an instruction after the problem
    assert re.search(r"\b(Choose|Tick|Type|Free|Create|Add|Delete|Close|Save|Use|Retype)\b",
                     message), message


def _prepare(kind: str, folder: Path, typed: str) -> bytes | None:
    (folder / typed).parent.mkdir(parents=True, exist_ok=True)
    if kind == "painlog-existing":
        log = painlog.PainLog(folder / typed, today=TODAY)
        log.append("2026-02-27", 4)
        return (folder / typed).read_bytes()
    return None


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(kind=st.sampled_from(KINDS), code=st.sampled_from(ERRNOS), step=st.sampled_from(STEPS),
       nested=st.booleans())
def test_every_save_path_names_the_file_for_every_errno(kind, code, step, nested):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        typed = _typed(kind, nested)
        before = _prepare(kind, folder, typed)
        module, name = step
        real = getattr(module, name)
        calls = []

        def fail(*args, **kwargs):
            calls.append(args)
            raise OSError(code, os.strerror(code), str(folder / f".{Path(typed).name}.x1.tmp"))

        with mock.patch.object(module, name, fail):
            message = _save(kind, typed, folder)
        target = folder / typed
        if message.startswith(("Saved", "Added")):  # the step was not reached, or not needed
            if kind.startswith("painlog"):
                assert TODAY in [e.date for e in painlog.PainLog(target, today=TODAY).entries()]
            else:
                assert target.is_file() and target.stat().st_size > 0
            return
        assert calls
        assert real is getattr(module, name)
        _check_message(message, typed, kind)
        leftovers = [p.name for p in folder.rglob("*") if p.name.endswith(".tmp")]
        assert leftovers == []
        if before is None:
            assert not target.exists() or kind.startswith("painlog")
            if target.exists():  # a new log may exist (header only), never with the entry
                assert painlog.PainLog(target, today=TODAY).read().entries == ()
        else:
            assert target.read_bytes() == before


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fault", ["folder-at-target", "file-as-folder", "dangling-link",
                                   "exists", "link-loop"])
def test_real_faults_on_disk_give_one_message(kind, fault, tmp_path):
    typed = "sub/" + _typed(kind, False)
    target = tmp_path / typed
    if fault == "folder-at-target":
        target.mkdir(parents=True)
    elif fault == "file-as-folder":
        (tmp_path / "sub").write_text("a file")
    elif fault == "dangling-link":
        target.parent.mkdir()
        target.symlink_to(tmp_path / "gone" / "nothing.csv")
    elif fault == "link-loop":
        target.parent.mkdir()
        target.symlink_to(target)
    else:
        target.parent.mkdir()
        if kind.startswith("painlog"):
            target.write_text("name,email\nana,a@example.org\n")
        else:
            target.write_text("mine")
    snapshot = {p: (p.read_bytes() if p.is_file() and not p.is_symlink() else None)
                for p in tmp_path.rglob("*")}
    message = _save(kind, typed, tmp_path)
    if kind.startswith("painlog"):
        assert message.startswith(("Not added", "Choose a usable log file")), message
        shown = _apps()["painlog"].message
        assert shown == message
    else:
        _check_message(message, typed, kind)
    after = {p: (p.read_bytes() if p.is_file() and not p.is_symlink() else None)
             for p in tmp_path.rglob("*")}
    assert after == snapshot


@pytest.mark.parametrize("fault", ["folder-at-target", "file-as-folder", "dangling-link",
                                   "exists", "link-loop"])
def test_pain_log_app_names_the_chosen_file_for_real_faults(fault, tmp_path):
    typed = "sub/pain-log.csv"
    target = tmp_path / typed
    if fault == "folder-at-target":
        target.mkdir(parents=True)
    elif fault == "file-as-folder":
        (tmp_path / "sub").write_text("a file")
    elif fault == "dangling-link":
        target.parent.mkdir()
        target.symlink_to(tmp_path / "gone" / "nothing.csv")
    elif fault == "link-loop":
        target.parent.mkdir()
        target.symlink_to(target)
    else:
        target.parent.mkdir()
        target.write_text("name,email\nana,a@example.org\n")
    app = routine_app.PainLogApp(path=str(tmp_path / typed), today=TODAY)
    app.date_picker.value = TODAY
    read_message = app.message
    app.add()
    assert "Errno" not in read_message and "\n" not in read_message
    _check_message(app.message, app.path_text.value, "painlog")
    assert not (tmp_path / "gone").exists()


def test_describe_names_every_errno_without_raw_text():
    for code in ERRNOS + [errno.ENOMEM, errno.ECONNRESET, 9999]:
        message = files.describe_save_error(OSError(code, "raw text"), "x/plan.md")
        assert "x/plan.md" in message and "Errno" not in message, message
        assert message.startswith("Not saved: ") and message.endswith(".")
