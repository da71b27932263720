"""Files as people save them, and the pain log's integrity under faults and races.

Tables: every data file saved by a spreadsheet (byte-order mark, Windows line endings, no final
newline, a first ``sep=,`` line, padded empty columns) loads to the same rows; a byte that is not
UTF-8 is named by its line (and column), not a byte offset; after a quoted value that spans lines
the line named is the one an editor shows.

Pain log: spreadsheet habits read right; each append is all or nothing (a write cut short at any
byte leaves the file as it was); writers in threads and in processes are serialised, so a fixed
number of entries results and a date is stored once; anything but a regular file is refused
without hanging.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import multiprocessing
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import tables
from helpers.models import painlog
from helpers.models.painlog import HEADER, PainLog, PainLogError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
NAMES = tables.data_files(DATA)
TODAY = dt.date(2026, 6, 30)


def _copy(tmp: Path) -> Path:
    folder = tmp / "data"
    shutil.copytree(DATA, folder)
    return folder


def _records(name: str) -> list:
    return list(csv.reader(io.StringIO((DATA / f"{name}.csv").read_text(encoding="utf-8"),
                                       newline="")))


def _write(path: Path, records, *, newline="\n", bom=False, final=True, sep_line=False,
           pad=0):
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows([r + [""] * pad for r in records])
    text = out.getvalue()
    if sep_line:
        text = "sep=," + newline + text
    if not final:
        text = text[: -len(newline)]
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


# ------------------------------------------------------------------------------- tables
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(NAMES), newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans(),
       final=st.booleans(), sep_line=st.booleans(), pad=st.integers(0, 2))
def test_a_table_saved_by_a_spreadsheet_loads_to_the_same_rows(name, newline, bom, final,
                                                                 sep_line, pad, tmp_path_factory):
    folder = _copy(tmp_path_factory.mktemp("sheet"))
    _write(folder / f"{name}.csv", _records(name), newline=newline, bom=bom, final=final,
           sep_line=sep_line, pad=pad)
    assert tables.load_table(name, data_dir=folder).rows == tables.load_table(name).rows


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(NAMES), data=st.data())
def test_a_byte_that_is_not_utf8_is_named_by_line_and_column(name, data, tmp_path_factory):
    folder = _copy(tmp_path_factory.mktemp("latin"))
    records = _records(name)
    row = data.draw(st.integers(1, len(records) - 1), label="row")
    col = data.draw(st.integers(0, len(records[0]) - 1), label="column")
    records[row][col] = records[row][col] + "\udce9"  # the byte 0xE9 (a Latin-1 'é')
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(records)
    (folder / f"{name}.csv").write_bytes(out.getvalue().encode("utf-8", "surrogateescape"))
    line = 1 + sum(1 + "".join(r).count("\n") for r in records[:row])
    with pytest.raises(tables.TableError) as caught:
        tables.load_table(name, data_dir=folder)
    message = str(caught.value)
    assert f"{name}.csv, line {line}, column '{records[0][col]}'" in message, message
    assert "byte 0xe9" in message and "position" not in message and "UTF-8" in message


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(NAMES), data=st.data())
def test_line_numbers_count_physical_lines_after_a_value_that_spans_lines(name, data,
                                                                          tmp_path_factory):
    folder = _copy(tmp_path_factory.mktemp("multi"))
    records = _records(name)
    if len(records) < 3:
        return
    text_cols = [i for i, c in enumerate(records[0])
                 if tables.schema_for(name).column(c).kind == "text"]
    if not text_cols:
        return
    split_row = data.draw(st.integers(1, len(records) - 2), label="split row")
    col = data.draw(st.sampled_from(text_cols), label="column")
    breaks = data.draw(st.integers(1, 3), label="line breaks")
    value = records[split_row][col] or "x"
    records[split_row][col] = value + "\n" * breaks + "more"
    bad_row = data.draw(st.integers(split_row + 1, len(records) - 1), label="bad row")
    records[bad_row] = records[bad_row][:-1]  # one field short
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    (folder / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8")
    expected = 1 + sum(1 + "".join(r).count("\n") for r in records[:bad_row])
    split_line = 1 + sum(1 + "".join(r).count("\n") for r in records[:split_row])
    with pytest.raises(tables.TableError) as caught:
        tables.load_table(name, data_dir=folder)
    # the longer value may itself break a rule of its row: then that row's line is named
    assert caught.value.line in (expected, split_line)
    assert f"line {caught.value.line}" in str(caught.value)


def test_a_table_saved_as_utf16_or_with_semicolons_is_explained(tmp_path):
    folder = _copy(tmp_path)
    text = (DATA / "red_flags.csv").read_text(encoding="utf-8")
    (folder / "red_flags.csv").write_bytes(text.encode("utf-16"))
    with pytest.raises(tables.TableError, match="UTF-16.*CSV UTF-8"):
        tables.load_table("red_flags", data_dir=folder)
    (folder / "red_flags.csv").write_text(text.replace('","', '";"'), encoding="utf-8")
    with pytest.raises(tables.TableError, match=r"line 1 \(header\): values are separated by ';'"):
        tables.load_table("red_flags", data_dir=folder)


# ------------------------------------------------------------------------------ pain log
def _day(n: int) -> dt.date:
    return dt.date(2026, 1, 1) + dt.timedelta(days=n)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("final", [False, True])
def test_pain_log_saved_by_a_spreadsheet_is_read_and_extended(tmp_path, newline, bom, final):
    path = tmp_path / "log.csv"
    lines = [HEADER, "2026-01-01,6", "2026-01-02,5"]
    text = newline.join(lines) + (newline if final else "")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    log = PainLog(path, today=TODAY)
    contents = log.read()
    assert contents.ok, contents.report()
    assert [e.score for e in contents.entries] == [6, 5]
    log.append("2026-01-03", 4)
    contents = log.read()
    assert contents.ok and [e.score for e in contents.entries] == [6, 5, 4]


def test_a_non_utf8_byte_in_the_log_is_named_by_line(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(f"{HEADER}\n2026-01-01,6\n2026-01-02,\xe9\n".encode("latin-1"))
    with pytest.raises(PainLogError, match=r"line 3 is not text"):
        PainLog(path, today=TODAY).read()


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(cut=st.integers(0, 12), errno_code=st.sampled_from([28, 5, 122, 27]),
       raise_after=st.booleans())
def test_an_append_cut_short_at_any_byte_leaves_the_file_as_it_was(cut, errno_code, raise_after,
                                                                   tmp_path_factory):
    path = tmp_path_factory.mktemp("cut") / "log.csv"
    log = PainLog(path, today=TODAY)
    log.append(_day(0), 5)
    log.append(_day(1), 4)
    before = path.read_bytes()
    real_write = os.write

    def cut_write(fd, data):
        written = real_write(fd, bytes(data)[:cut])
        if raise_after:
            raise OSError(errno_code, os.strerror(errno_code))
        return written

    painlog.os.write = cut_write
    try:
        with pytest.raises(OSError):
            log.append(_day(2), 3)
    finally:
        painlog.os.write = real_write
    assert path.read_bytes() == before
    assert log.read().ok
    log.append(_day(2), 3)
    assert [e.score for e in log.read().entries] == [5, 4, 3]


def test_a_fragment_left_by_another_program_is_removed_by_the_next_entry(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(f"{HEADER}\n2026-01-01,6\n2026-01-0")
    log = PainLog(path, today=TODAY)
    assert [p.line for p in log.read().problems] == [3]
    log.append("2026-01-02", 5)
    contents = log.read()
    assert contents.ok and [e.score for e in contents.entries] == [6, 5]


def test_replacing_a_day_is_asked_for_explicitly(tmp_path):
    log = PainLog(tmp_path / "log.csv", today=TODAY)
    log.append(_day(0), 5)
    log.append(_day(1), 4)
    with pytest.raises(ValueError, match="already in the log"):
        log.append(_day(0), 2)
    log.append(_day(0), 2, replace=True)
    assert [(e.date, e.score) for e in log.read().entries] == [(_day(0), 2), (_day(1), 4)]


THREADS, DAYS = 8, 12


def test_threads_adding_different_days_store_every_entry_once(tmp_path):
    path = tmp_path / "log.csv"
    errors = []

    def worker(k):
        log = PainLog(path, today=TODAY)
        for n in range(DAYS):
            try:
                log.append(_day(k * DAYS + n), n % 11)
            except Exception as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    contents = PainLog(path, today=TODAY).read()
    assert contents.ok and len(contents.entries) == THREADS * DAYS


def test_threads_adding_the_same_days_store_each_day_once(tmp_path):
    path = tmp_path / "log.csv"
    added, refused = [], []
    lock = threading.Lock()

    def worker(k):
        log = PainLog(path, today=TODAY)
        for n in range(DAYS):
            try:
                log.append(_day(n), k % 11)
                with lock:
                    added.append(n)
            except ValueError as exc:
                assert "already in the log" in str(exc)
                with lock:
                    refused.append(n)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(added) == list(range(DAYS))  # each day added exactly once
    assert len(refused) == (THREADS - 1) * DAYS
    contents = PainLog(path, today=TODAY).read()
    assert contents.ok and len(contents.entries) == DAYS


def _process_worker(path, days, queue):
    log = PainLog(path, today=TODAY)
    added = 0
    for n in days:
        try:
            log.append(_day(n), n % 11)
            added += 1
        except ValueError:
            pass
    queue.put(added)


@pytest.mark.parametrize("same_days", [False, True])
def test_processes_adding_at_once_store_a_fixed_number_of_entries(tmp_path, same_days):
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    path = tmp_path / "log.csv"
    workers = 4
    plans = [range(DAYS) if same_days else range(k * DAYS, (k + 1) * DAYS)
             for k in range(workers)]
    procs = [ctx.Process(target=_process_worker, args=(path, plan, queue)) for plan in plans]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    added = sum(queue.get(timeout=10) for _ in procs)
    expected = DAYS if same_days else workers * DAYS
    assert added == expected
    contents = PainLog(path, today=TODAY).read()
    assert contents.ok and len(contents.entries) == expected


@pytest.mark.parametrize("kind", ["fifo", "folder", "device", "socket", "link-to-device"])
def test_anything_but_a_regular_file_is_refused_without_hanging(tmp_path, kind):
    path = tmp_path / "log.csv"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "device" or kind == "link-to-device":
        path.symlink_to("/dev/zero")
    else:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
    result = {}

    def attempt():
        log = PainLog(path, today=TODAY)
        for action in (log.read, lambda: log.append(_day(0), 3)):
            try:
                action()
                result.setdefault("done", []).append("no error")
            except PainLogError as exc:
                result.setdefault("done", []).append(str(exc))

    t = threading.Thread(target=attempt, daemon=True)
    t.start()
    t.join(20)
    assert not t.is_alive(), "opening the log hung"
    assert len(result["done"]) == 2
    for message in result["done"]:
        assert "not a pain log file" in message and "log.csv" in message, message
