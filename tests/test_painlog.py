"""Tests for helpers.models.painlog: an append-only log that never loses what it stored."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.models import painlog
from helpers.models.painlog import (
    HEADER,
    PainLog,
    PainLogError,
    check_score,
    default_log_path,
    display_path,
    parse_date,
    trend,
)

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def log_path(tmp_path):
    return tmp_path / "sub" / "pain-log.csv"


@pytest.fixture
def log(log_path):
    return PainLog(log_path, today=TODAY)


def day(n):
    return dt.date(2026, 1, 1) + dt.timedelta(days=n)


# ----------------------------------------------------------------------------- paths
def test_default_path_uses_xdg_data_home_when_absolute(tmp_path):
    assert default_log_path(env={"XDG_DATA_HOME": str(tmp_path)}) == (
        tmp_path / "plantar-course" / "pain-log.csv"
    )


def test_default_path_falls_back_to_local_share(tmp_path):
    assert default_log_path(env={}, home=tmp_path) == (
        tmp_path / ".local" / "share" / "plantar-course" / "pain-log.csv"
    )
    assert default_log_path(env={"XDG_DATA_HOME": "not/absolute"}, home=tmp_path) == (
        tmp_path / ".local" / "share" / "plantar-course" / "pain-log.csv"
    )


def test_display_path_hides_the_home_folder(tmp_path):
    home = tmp_path / "home" / "ana"
    shown = display_path(home / ".local" / "share" / "x.csv", home=home)
    assert shown == "~/.local/share/x.csv"
    assert str(tmp_path) not in shown


def test_default_path_is_outside_the_repository():
    repo = Path(painlog.__file__).resolve().parents[2]
    assert repo not in default_log_path().resolve().parents


def test_creating_a_log_object_writes_nothing(log_path):
    PainLog(log_path, today=TODAY)
    assert not log_path.exists()
    assert not log_path.parent.exists()


def test_path_must_be_a_csv_file(tmp_path):
    with pytest.raises(ValueError, match=r"\.csv"):
        PainLog(tmp_path / "log.txt")
    with pytest.raises(ValueError, match="empty"):
        PainLog("  ")


# ----------------------------------------------------------------------------- append / read
def test_append_then_reload_from_a_new_object(log, log_path):
    log.append("2026-01-05", 6)
    log.append(dt.date(2026, 1, 6), 5)
    again = PainLog(log_path, today=TODAY)
    contents = again.read()
    assert contents.ok
    assert [(e.date, e.score) for e in contents.entries] == [
        (dt.date(2026, 1, 5), 6),
        (dt.date(2026, 1, 6), 5),
    ]
    assert log_path.read_text() == f"{HEADER}\n2026-01-05,6\n2026-01-06,5\n"


def test_missing_file_reads_as_empty(log):
    contents = log.read()
    assert contents.entries == () and contents.ok and not contents.exists


def test_entries_are_sorted_by_date_even_if_logged_out_of_order(log):
    log.append(day(5), 3)
    log.append(day(1), 7)
    assert [e.date for e in log.entries()] == [day(1), day(5)]


def test_same_date_twice_is_refused_and_file_unchanged(log, log_path):
    log.append(day(0), 4)
    before = log_path.read_bytes()
    with pytest.raises(ValueError, match="already in the log"):
        log.append(day(0), 2)
    assert log_path.read_bytes() == before


def test_concurrent_append_from_two_handles(log_path):
    a = PainLog(log_path, today=TODAY)
    b = PainLog(log_path, today=TODAY)
    for i in range(20):
        (a if i % 2 == 0 else b).append(day(i), i % 11)
    for handle in (a, b):
        contents = handle.read()
        assert contents.ok
        assert [e.date for e in contents.entries] == [day(i) for i in range(20)]
        assert [e.score for e in contents.entries] == [i % 11 for i in range(20)]


def test_two_handles_racing_to_create_the_file_both_succeed(log_path, monkeypatch):
    import threading

    a = PainLog(log_path, today=TODAY)
    b = PainLog(log_path, today=TODAY)
    real_create = PainLog._create
    other = []

    def create_then_let_b_in(self):
        real_create(self)
        if self is a:  # b arrives while a is between creating and appending: b waits its turn
            other.append(threading.Thread(target=b.append, args=(day(1), 3)))
            other[0].start()

    monkeypatch.setattr(PainLog, "_create", create_then_let_b_in)
    a.append(day(0), 5)
    other[0].join(30)
    contents = a.read()
    assert contents.ok
    assert sorted((e.date, e.score) for e in contents.entries) == [(day(0), 5), (day(1), 3)]


def _append_days(path, days):
    log = PainLog(path, today=TODAY)
    for n in days:
        log.append(day(n), n % 11)


def test_two_processes_appending_at_once_lose_nothing(log_path):
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    workers = [
        ctx.Process(target=_append_days, args=(log_path, range(start, 56, 2))) for start in (0, 1)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    contents = PainLog(log_path, today=TODAY).read()
    assert contents.ok, contents.report()
    assert sorted(e.date for e in contents.entries) == [day(n) for n in range(56)]


def test_file_system_without_hard_links_still_creates_the_log(log, log_path, monkeypatch):
    def no_link(src, dst):
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(painlog.os, "link", no_link)
    log.append(day(0), 5)
    assert log_path.read_text() == f"{HEADER}\n2026-01-01,5\n"
    assert [p.name for p in log_path.parent.iterdir()] == ["pain-log.csv"]


# ----------------------------------------------------------------------------- crashes
def test_write_that_fails_outright_loses_nothing(log, log_path, monkeypatch):
    log.append(day(0), 5)
    log.append(day(1), 4)
    before = log_path.read_bytes()

    def broken_write(fd, data):
        raise OSError("disk full")

    monkeypatch.setattr(painlog.os, "write", broken_write)
    with pytest.raises(OSError, match="disk full"):
        log.append(day(2), 3)
    monkeypatch.undo()
    assert log_path.read_bytes() == before
    assert [e.score for e in log.read().entries] == [5, 4]


def test_write_cut_off_halfway_is_taken_back_whole(log, log_path, monkeypatch):
    log.append(day(0), 5)
    log.append(day(1), 4)
    before = log_path.read_bytes()
    real_write = os.write

    def half_write(fd, data):
        real_write(fd, data[: len(data) // 2])
        raise OSError("killed")

    monkeypatch.setattr(painlog.os, "write", half_write)
    with pytest.raises(OSError, match="killed"):
        log.append(day(2), 3)
    monkeypatch.undo()
    assert log_path.read_bytes() == before  # no fragment left behind
    contents = log.read()
    assert [e.score for e in contents.entries] == [5, 4]
    assert contents.ok
    log.append(day(3), 2)
    assert [e.score for e in log.read().entries] == [5, 4, 2]


def test_short_write_is_reported_as_an_error(log, log_path, monkeypatch):
    log.append(day(0), 5)
    real_write = os.write
    monkeypatch.setattr(painlog.os, "write", lambda fd, data: real_write(fd, data[:3]))
    with pytest.raises(OSError, match="only 3 of"):
        log.append(day(1), 4)
    monkeypatch.undo()
    assert [e.score for e in log.read().entries] == [5]


def test_failed_creation_leaves_no_file_and_no_temp(log, log_path, monkeypatch):
    def broken_fsync(fd):
        raise OSError("io error")

    monkeypatch.setattr(painlog.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="io error"):
        log.append(day(0), 5)
    monkeypatch.undo()
    assert not log_path.exists()
    assert list(log_path.parent.iterdir()) == []


def test_killed_writer_partial_line_from_outside(log, log_path):
    log.append(day(0), 5)
    with open(log_path, "a") as handle:
        handle.write("2026-01-0")  # another program died here
    contents = log.read()
    assert [e.score for e in contents.entries] == [5]
    assert contents.problems[0].line == 3


# ----------------------------------------------------------------------------- bad files
def test_foreign_file_is_reported_and_never_written(log_path):
    log_path.parent.mkdir(parents=True)
    original = "name,email\nana,ana@example.org\n"
    log_path.write_text(original)
    log = PainLog(log_path, today=TODAY)
    with pytest.raises(PainLogError, match="line 1"):
        log.read()
    with pytest.raises(PainLogError, match="not a pain log"):
        log.append(day(0), 3)
    assert log_path.read_text() == original


def test_binary_file_is_reported_and_never_written(log_path):
    log_path.parent.mkdir(parents=True)
    data = (HEADER + "\n").encode() + b"\xff\xfe\x00junk"
    log_path.write_bytes(data)
    log = PainLog(log_path, today=TODAY)
    with pytest.raises(PainLogError, match="line 2 is not text"):
        log.append(day(0), 3)
    assert log_path.read_bytes() == data


def test_empty_file_is_foreign(log_path):
    log_path.parent.mkdir(parents=True)
    log_path.write_text("")
    with pytest.raises(PainLogError, match="line 1"):
        PainLog(log_path).read()


def test_corrupted_rows_are_reported_with_line_numbers(log_path):
    log_path.parent.mkdir(parents=True)
    log_path.write_text(
        HEADER + "\n"
        "2026-01-01,5\n"
        "2026-13-01,4\n"  # line 3: impossible month
        "2026-01-02,eleven\n"  # line 4
        "2026-01-03,11\n"  # line 5
        "\n"  # line 6
        "2026-01-04,3,extra\n"  # line 7
        "2026-01-01,2\n"  # line 8: date repeated
        "2026-01-05,2\n"
    )
    contents = PainLog(log_path, today=TODAY).read()
    assert [(e.line, e.score) for e in contents.entries] == [(2, 5), (9, 2)]
    assert [p.line for p in contents.problems] == [3, 4, 5, 6, 7, 8]
    assert "line 3" in contents.report()


def test_corrupted_file_can_still_take_new_entries_without_losing_any(log_path):
    log_path.parent.mkdir(parents=True)
    text = HEADER + "\n2026-01-01,5\ngarbage\n"
    log_path.write_text(text)
    log = PainLog(log_path, today=TODAY)
    log.append(day(3), 4)
    assert log_path.read_text().startswith(text)
    contents = log.read()
    assert [e.score for e in contents.entries] == [5, 4]
    assert [p.line for p in contents.problems] == [3]


def test_windows_line_endings_are_read(log_path):
    log_path.parent.mkdir(parents=True)
    log_path.write_bytes((HEADER + "\r\n2026-01-01,5\r\n").encode())
    contents = PainLog(log_path).read()
    assert contents.ok and contents.entries[0].score == 5


def test_a_folder_is_not_a_log(tmp_path):
    folder = tmp_path / "x.csv"
    folder.mkdir()
    with pytest.raises(PainLogError, match="folder"):
        PainLog(folder).read()


# ----------------------------------------------------------------------------- bad inputs
@pytest.mark.parametrize("bad", ["2026-02-30", "2026-13-01", "01/02/2026", "2026-1-5", "", None, 20260105])
def test_impossible_or_badly_written_dates_are_refused(log, log_path, bad):
    with pytest.raises(ValueError, match="date must be a real calendar date"):
        log.append(bad, 3)
    assert not log_path.exists()


def test_future_and_ancient_dates_are_refused(log):
    with pytest.raises(ValueError, match="after today"):
        log.append(TODAY + dt.timedelta(days=1), 3)
    with pytest.raises(ValueError, match="on or after 2000-01-01"):
        log.append("1999-12-31", 3)


@pytest.mark.parametrize("bad", [-1, 11, 3.5, float("nan"), float("inf"), "7", None, True])
def test_out_of_range_scores_are_refused(log, log_path, bad):
    with pytest.raises(ValueError, match="first_step_pain"):
        log.append(day(0), bad)
    assert not log_path.exists()


def test_scores_at_the_ends_of_the_scale_are_accepted(log):
    log.append(day(0), 0)
    log.append(day(1), 10)
    assert [e.score for e in log.entries()] == [0, 10]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 58), st.integers(0, 10)), max_size=15, unique_by=lambda t: t[0]))
def test_whatever_is_appended_reads_back_exactly(tmp_path, items):
    path = tmp_path / f"log-{abs(hash(tuple(items)))}.csv"
    if path.exists():
        path.unlink()
    log = PainLog(path, today=TODAY)
    for n, score in items:
        log.append(day(n), score)
    contents = log.read()
    assert contents.ok
    assert [(e.date, e.score) for e in contents.entries] == [(day(n), s) for n, s in items]


def test_parse_date_and_check_score_directly():
    assert parse_date("2026-01-01", today=TODAY) == dt.date(2026, 1, 1)
    assert parse_date(dt.datetime(2026, 1, 1, 7, 30), today=TODAY) == dt.date(2026, 1, 1)
    assert check_score(0) == 0 and check_score(10.0) == 10


# ----------------------------------------------------------------------------- trend
def test_trend_needs_two_mornings():
    assert trend([]).n == 0
    one = trend([(day(0), 6)])
    assert one.n == 1 and not one.meaningful
    assert "at least two" in one.summary()


def test_two_point_fall_is_meaningful():
    t = trend([(day(i), s) for i, s in enumerate([6, 6, 6, 4, 4, 4])])
    assert t.change == pytest.approx(-2)
    assert t.meaningful and not t.worse
    assert "matters" in t.summary()


def test_thirty_percent_fall_from_a_low_start_is_meaningful():
    # 3 -> 2 is only 1 point but 33 % less
    t = trend([(day(0), 3), (day(1), 2)], window=1)
    assert t.percent_change == pytest.approx(-100 / 3)
    assert t.meaningful


def test_small_fall_is_not_meaningful():
    t = trend([(day(0), 7), (day(1), 6)], window=1)
    assert not t.meaningful and not t.worse
    assert "smaller than" in t.summary()


def test_rise_of_two_points_is_flagged_worse():
    t = trend([(day(0), 3), (day(1), 5)], window=1)
    assert t.worse and not t.meaningful
    assert "clinician" in t.summary()


def test_windows_shrink_so_they_never_overlap():
    t = trend([(day(0), 8), (day(1), 2), (day(2), 2)], window=3)
    assert t.window == 1
    assert t.start == 8 and t.recent == 2


def test_landorf_threshold_is_read_as_1_9_points():
    assert trend([(day(0), 1), (day(1), 1)]).landorf_points == pytest.approx(1.9)


def test_trend_refuses_bad_window_and_bad_pairs():
    with pytest.raises(ValueError, match="window"):
        trend([], window=0)
    with pytest.raises(ValueError, match="first_step_pain"):
        trend([(day(0), 12)])


@given(st.lists(st.integers(0, 10), min_size=2, max_size=30), st.integers(1, 7))
def test_trend_values_stay_on_the_scale(scores, window):
    t = trend([(day(i), s) for i, s in enumerate(scores)], window=window)
    assert 0 <= t.start <= 10 and 0 <= t.recent <= 10
    assert t.change == pytest.approx(t.recent - t.start)
    assert not (t.meaningful and t.worse)
