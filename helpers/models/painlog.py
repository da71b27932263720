"""A morning first-step pain log kept in a CSV file that only ever grows.

The file lives outside the course folder, in the learner's own data folder
(``$XDG_DATA_HOME/plantar-course/pain-log.csv``, or ``~/.local/share/plantar-course/pain-log.csv``
when that variable is not set). It looks like this::

    date,first_step_pain_0_10
    2026-01-05,6
    2026-01-06,5

How the file is kept safe:

- A new file is created whole (header included) by writing a temporary file and linking it into
  place, so a half-made file never appears and an existing file is never replaced.
- Writers take turns: each append holds a lock on the log's folder while it reads the log,
  checks the date and adds its line, so two notebooks adding the same morning cannot both
  succeed.
- Each entry is one complete line written by a single ``os.write`` on a descriptor opened with
  ``O_APPEND``, then flushed to disk (``fsync``). A write the disk cuts short (full, failing) is
  taken back, so an append adds a whole line or nothing.
- A last line left without its newline counts when it is a whole entry (editors save files that
  way); a cut-off fragment from elsewhere is reported by its line and removed by the next append.
- A file that is not a pain log (another header, not text, a folder, a pipe, a device) is
  reported and never written to. Spreadsheet habits (a byte-order mark, Windows line endings)
  are read as they are.

>>> import tempfile, pathlib, datetime
>>> log = PainLog(pathlib.Path(tempfile.mkdtemp()) / "pain-log.csv",
...               today=datetime.date(2026, 1, 7))
>>> log.append("2026-01-05", 6).score
6
>>> log.append("2026-01-06", 5).score
5
>>> [e.score for e in log.read().entries]
[6, 5]
>>> log.append("2026-02-30", 4)
Traceback (most recent call last):
...
ValueError: date must be a real calendar date written YYYY-MM-DD; got '2026-02-30'
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from helpers.validate import check_range

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None

__all__ = [
    "HEADER",
    "APP_FOLDER",
    "FILE_NAME",
    "FARRAR_POINTS",
    "FARRAR_PERCENT",
    "LANDORF_FIRST_STEP_MM",
    "default_log_path",
    "display_path",
    "parse_date",
    "check_score",
    "Entry",
    "Problem",
    "LogContents",
    "Trend",
    "PainLog",
    "PainLogError",
    "trend",
    "target_level",
]

HEADER = "date,first_step_pain_0_10"
APP_FOLDER = "plantar-course"
FILE_NAME = "pain-log.csv"
EARLIEST = _dt.date(2000, 1, 1)

# Smallest changes that matter (see data/sources.csv): about 2 points or about 30 % on a 0-10
# numeric scale (farrar2001; chronic pain trials, not heel pain), and 19 mm on a 100 mm visual
# analogue scale for first-step pain in plantar heel pain (landorf2010).
# Farrar 2001 found the percent change consistent whatever the starting score, while the fall in
# points needed grew with the starting score (2 points is the average): the log therefore judges a
# fall by FARRAR_PERCENT, and asks in addition for at least MIN_FALL_POINTS, the smallest step of
# the 0-10 scale (a convention of this course), so a fraction of a point never counts.
FARRAR_POINTS = 2.0
FARRAR_PERCENT = 30.0
MIN_FALL_POINTS = 1.0
LANDORF_FIRST_STEP_MM = 19.0

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SCORE_RE = re.compile(r"^(?:10|[0-9])$")


class PainLogError(ValueError):
    """The file is not a pain log, or it cannot be used safely. Names the file and line."""


# --------------------------------------------------------------------------- paths
def default_log_path(env: Mapping[str, str] | None = None, home=None) -> Path:
    """Where the log lives by default, following the XDG base-directory convention.

    Parameters
    ----------
    env : mapping, optional
        Environment variables (``os.environ`` by default). ``XDG_DATA_HOME`` is used only when it
        is an absolute path, as the convention asks.
    home : path, optional
        The home folder (``Path.home()`` by default).

    Examples
    --------
    >>> default_log_path(env={}, home="~").as_posix()
    '~/.local/share/plantar-course/pain-log.csv'
    >>> default_log_path(env={"XDG_DATA_HOME": "/data/me"}, home="~").as_posix()
    '/data/me/plantar-course/pain-log.csv'
    >>> default_log_path(env={"XDG_DATA_HOME": "relative"}, home="~").as_posix()
    '~/.local/share/plantar-course/pain-log.csv'
    """
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME", "")
    if base and os.path.isabs(base):
        folder = Path(base)
    else:
        folder = Path(Path.home() if home is None else home) / ".local" / "share"
    return folder / APP_FOLDER / FILE_NAME


def display_path(path, home=None) -> str:
    """The path as a learner should see it: the home folder written as ``~``.

    >>> display_path("/home/ana/.local/share/plantar-course/pain-log.csv", home="/home/ana")
    '~/.local/share/plantar-course/pain-log.csv'
    >>> display_path("/srv/logs/pain.csv", home="/home/ana")
    '/srv/logs/pain.csv'
    """
    text = Path(os.path.expanduser(str(path))).as_posix()
    home_text = Path(Path.home() if home is None else home).as_posix().rstrip("/")
    if home_text and (text == home_text or text.startswith(home_text + "/")):
        return "~" + text[len(home_text):]
    return text


# --------------------------------------------------------------------------- values
def parse_date(value, today: _dt.date | None = None) -> _dt.date:
    """Check a date: a real calendar date, from 2000-01-01 up to ``today``.

    >>> parse_date("2026-01-05", today=_dt.date(2026, 2, 1))
    datetime.date(2026, 1, 5)
    >>> parse_date("2026-03-01", today=_dt.date(2026, 2, 1))
    Traceback (most recent call last):
    ...
    ValueError: date must not be after today (2026-02-01); got '2026-03-01'
    """
    today = _dt.date.today() if today is None else today
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        day = value
    elif isinstance(value, str) and _DATE_RE.match(value.strip()):
        try:
            day = _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"date must be a real calendar date written YYYY-MM-DD; got {value!r}"
            ) from None
    else:
        raise ValueError(f"date must be a real calendar date written YYYY-MM-DD; got {value!r}")
    if day < EARLIEST:
        raise ValueError(f"date must be on or after {EARLIEST.isoformat()}; got {str(value)!r}")
    if day > today:
        raise ValueError(
            f"date must not be after today ({today.isoformat()}); got {str(value)!r}"
        )
    return day


def check_score(value) -> int:
    """A first-step pain score: a whole number from 0 (no pain) to 10 (worst imaginable).

    >>> check_score(7)
    7
    >>> check_score(7.5)
    Traceback (most recent call last):
    ...
    ValueError: first_step_pain must be a whole number from 0 to 10; got 7.5
    """
    x = check_range("first_step_pain", value, 0, 10)
    if x != int(x):
        raise ValueError(f"first_step_pain must be a whole number from 0 to 10; got {value}")
    return int(x)


# --------------------------------------------------------------------------- records
@dataclass(frozen=True)
class Entry:
    """One morning: the date and the first-step pain score (0-10)."""

    date: _dt.date
    score: int
    line: int = 0

    def to_line(self) -> str:
        return f"{self.date.isoformat()},{self.score}\n"


@dataclass(frozen=True)
class Problem:
    """A line of the file that could not be read as an entry."""

    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason} ({self.text[:40]!r})"


@dataclass(frozen=True)
class LogContents:
    """What :meth:`PainLog.read` found: good entries in file order, and any problems."""

    entries: tuple
    problems: tuple
    exists: bool

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        """One line per problem, or an empty string."""
        return "\n".join(str(p) for p in self.problems)


# --------------------------------------------------------------------------- the log
class PainLog:
    """An append-only first-step pain log in one CSV file.

    Several ``PainLog`` objects may point at the same file (two notebooks open at once); each
    append re-reads nothing it does not need and writes one whole line.

    Parameters
    ----------
    path : str or Path, optional
        The CSV file. ``~`` is expanded. Default :func:`default_log_path`. Nothing is written
        until the first :meth:`append`.
    today : datetime.date, optional
        The date treated as today (entries after it are refused). Default: the real date.
    """

    def __init__(self, path=None, *, today: _dt.date | None = None):
        raw = default_log_path() if path is None else path
        if str(raw).strip() == "":
            raise ValueError("path must not be empty; give a file name such as pain-log.csv")
        self.path = Path(os.path.expanduser(str(raw)))
        if self.path.suffix.lower() != ".csv":
            raise ValueError(f"path must end in .csv; got {display_path(self.path)!r}")
        self._today = today

    @property
    def today(self) -> _dt.date:
        return self._today or _dt.date.today()

    def __repr__(self) -> str:
        return f"PainLog({display_path(self.path)!r})"

    # ------------------------------------------------------------ files
    def _open_regular(self, flags: int) -> int:
        """Open the log and return the descriptor, refusing anything but a regular file.

        ``O_NONBLOCK`` keeps a named pipe from hanging the notebook; the type is checked on the
        open descriptor, so a file swapped in between cannot slip through.
        """
        extra = os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
        try:
            self._refuse_special(os.stat(self.path).st_mode)
        except FileNotFoundError:
            pass  # a dangling link: os.open below says so
        try:
            fd = os.open(self.path, flags | extra)
        except IsADirectoryError:
            self._refuse_special(stat.S_IFDIR)
        except OSError as exc:
            if exc.errno == errno.ENXIO:
                self._refuse_special(stat.S_IFSOCK)
            raise
        try:
            self._refuse_special(os.fstat(fd).st_mode)
            if flags & os.O_NONBLOCK == 0:
                os.set_blocking(fd, True)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _refuse_special(self, mode: int) -> None:
        if stat.S_ISREG(mode):
            return
        if stat.S_ISDIR(mode):
            raise PainLogError(
                f"{display_path(self.path)} is a folder, not a pain log file. Add a file name "
                "such as pain-log.csv"
            )
        kind = ("a named pipe" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "something other than a file")
        raise PainLogError(
            f"{display_path(self.path)} is {kind}, not a pain log file, and was left "
            "untouched. Choose a file name such as pain-log.csv"
        )

    @staticmethod
    def _read_fd(fd: int) -> bytes:
        chunks, offset = [], 0
        while True:
            chunk = os.pread(fd, 1 << 16, offset)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            offset += len(chunk)

    @contextlib.contextmanager
    def _locked(self):
        """Hold an exclusive lock on the log's folder: one writer at a time, across processes."""
        folder = self.path.parent if str(self.path.parent) else Path(".")
        if fcntl is None:
            yield
            return
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:  # a file system without locks: carry on unlocked
                if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EBADF, errno.EINVAL):
                    raise
            yield
        finally:
            os.close(fd)  # closing releases the lock

    # ------------------------------------------------------------ reading
    def _parse(self, data: bytes) -> tuple:
        """(LogContents, end of the last complete line, whether the tail is a cut-off fragment)."""
        shown = display_path(self.path)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise PainLogError(
                f"{shown} is not a pain log: line {line} is not text, and the file was left "
                "untouched. Choose another file name, such as pain-log.csv"
            ) from None
        if text.startswith("\ufeff"):  # a byte-order mark, as some spreadsheets write
            text = text[1:]
        lines = text.split("\n")
        complete_end = text.endswith("\n")
        first = lines[0].rstrip("\r").strip()
        if first != HEADER:
            raise PainLogError(
                f"{shown} is not a pain log: line 1 is {first[:40]!r}, "
                f"expected {HEADER!r}; it was left untouched. Choose another file name, such as "
                "pain-log.csv"
            )
        entries, problems, seen = [], [], {}
        body = lines[1:]
        fragment = False
        for offset, raw in enumerate(body):
            number = offset + 2
            is_last = offset == len(body) - 1
            if is_last and raw == "":
                continue  # the empty string after the final newline
            row = raw.rstrip("\r")
            incomplete = is_last and not complete_end
            if row.strip() == "":
                if not incomplete:
                    problems.append(Problem(number, row, "empty line"))
                continue
            parts = row.split(",")
            reason = None
            day = None
            if len(parts) != 2:
                reason = "expected 2 fields: date,score"
            else:
                date_text, score_text = parts[0].strip(), parts[1].strip()
                try:
                    day = parse_date(date_text, today=_dt.date.max)
                except ValueError:
                    reason = "not a real date YYYY-MM-DD"
                else:
                    if not _SCORE_RE.match(score_text):
                        reason = "score is not a whole number 0-10"
                    elif day in seen:
                        reason = f"second entry for {day} (first on line {seen[day]})"
            if reason is not None:
                if incomplete:
                    fragment = True
                    reason = "incomplete last line (a write was cut off); the next entry removes it"
                problems.append(Problem(number, row, reason))
                continue
            seen[day] = number
            entries.append(Entry(day, int(parts[1].strip()), number))
        return LogContents(tuple(entries), tuple(problems), True), fragment

    def read(self) -> LogContents:
        """Read every entry; list unreadable lines as problems instead of failing.

        A last line without its newline (as an editor may save it) counts when it is a whole
        entry; a cut-off fragment is listed as a problem and removed by the next append.

        Raises
        ------
        PainLogError
            The file is not a pain log (its first line is not our header, or it is not text),
            or it is not a regular file (a folder, a pipe, a device).
        """
        if not os.path.lexists(self.path):
            return LogContents((), (), False)
        fd = self._open_regular(os.O_RDONLY)
        try:
            data = self._read_fd(fd)
        finally:
            os.close(fd)
        return self._parse(data)[0]

    def entries(self) -> tuple:
        """The good entries, sorted by date."""
        return tuple(sorted(self.read().entries, key=lambda e: e.date))

    # ------------------------------------------------------------ writing
    def _write_new(self, data: bytes, *, replace: bool) -> None:
        """Put ``data`` in place whole or not at all (temporary file, fsync, then link/rename)."""
        folder = self.path.parent if str(self.path.parent) else Path(".")
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        try:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.ENOSPC, "No space left on device", str(self.path))
                view = view[written:]
            os.fsync(fd)
            os.close(fd)
            fd = -1
            if replace:
                os.replace(tmp, self.path)
                return
            try:
                os.link(tmp, self.path)  # fails if another writer created it first: fine
            except FileExistsError:
                pass
            except OSError as exc:
                if exc.errno not in (None, errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
                    raise
                # a file system without hard links: create exclusively instead (never replaces)
                self._create_exclusive(data)
        finally:
            if fd >= 0:
                os.close(fd)
            try:
                os.unlink(tmp)
            except OSError:
                pass

    def _create(self) -> None:
        """Create the file with its header, whole or not at all; never replace a file."""
        self._write_new((HEADER + "\n").encode("utf-8"), replace=False)

    def _create_exclusive(self, data: bytes) -> None:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return
        try:
            if os.write(fd, data) != len(data):
                os.ftruncate(fd, 0)
                raise OSError(errno.ENOSPC, "No space left on device", str(self.path))
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            os.unlink(self.path)
            raise
        os.close(fd)

    def append(self, date, score, *, replace: bool = False) -> Entry:
        """Add one morning's score. Returns the stored entry.

        Each append is all or nothing: one writer at a time (a lock on the log's folder), the
        line is written in one piece and flushed to disk, and a write the disk cuts short is
        taken back, so the file holds the old entries and nothing of the new one.

        Parameters
        ----------
        date, score
            The morning (``YYYY-MM-DD`` or a date) and its first-step pain (0-10).
        replace : bool
            Replace the score already logged for that date (the whole file is rewritten
            atomically). By default a second entry for a date is refused.

        Raises
        ------
        ValueError
            Impossible date (not a calendar date, before 2000, after today), score not a whole
            number 0-10, or a date that is already in the log.
        PainLogError
            The file is not a pain log or not a regular file; it is not touched.
        OSError
            The disk refused the write; entries already stored are unchanged.
        """
        day = parse_date(date, today=self.today)
        score = check_score(score)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked():
            if not os.path.lexists(self.path):
                self._create()
            fd = self._open_regular(os.O_RDWR | os.O_APPEND)
            try:
                data = self._read_fd(fd)
                contents, fragment = self._parse(data)  # PainLogError for a foreign file
                old = next((e for e in contents.entries if e.date == day), None)
                if old is not None and not replace:
                    raise ValueError(
                        f"date {day.isoformat()} is already in the log (score {old.score}, "
                        f"line {old.line}); the log keeps one entry a day, so pick another date"
                    )
                if old is not None:
                    self._rewrite(data, old, score)
                    return Entry(day, score, old.line)
                line = Entry(day, score).to_line().encode("utf-8")
                size = len(data)
                if fragment:  # a cut-off write: drop its bytes, keep every whole line
                    size = data.rfind(b"\n") + 1
                    os.ftruncate(fd, size)
                elif data and not data.endswith(b"\n"):
                    line = b"\n" + line  # a last line saved without its newline
                try:
                    written = os.write(fd, line)
                    if written != len(line):
                        raise OSError(
                            errno.ENOSPC, f"only {written} of {len(line)} bytes reached the disk",
                            str(self.path),
                        )
                    os.fsync(fd)
                except BaseException:
                    os.ftruncate(fd, size)  # take back any part of the line
                    raise
            finally:
                os.close(fd)
        return Entry(day, score, 0)

    def _rewrite(self, data: bytes, old: Entry, score: int) -> None:
        lines = data.split(b"\n")
        lines[old.line - 1] = Entry(old.date, score).to_line().rstrip("\n").encode("utf-8")
        text = b"\n".join(lines)
        if not text.endswith(b"\n"):
            text += b"\n"
        self._write_new(text, replace=True)

    def append_many(self, items: Iterable) -> tuple:
        """Append several ``(date, score)`` pairs in order; stops at the first refusal."""
        return tuple(self.append(d, s) for d, s in items)


# --------------------------------------------------------------------------- trend
@dataclass(frozen=True)
class Trend:
    """Start and recent level of first-step pain, and whether the change matters.

    ``start`` and ``recent`` are means of the first and last ``window`` entries (a smoothing
    choice of this course, not from a study). ``change`` is recent minus start (negative means
    less pain). ``meaningful`` is True when the fall reaches about 30 % of the start, the share
    Farrar 2001 found consistent whatever the starting score, and at least 1 whole point; ``landorf_points`` is the 19 mm/100 first-step threshold (landorf2010)
    read on a 0-10 scale as 1.9 points, an approximation since it was measured on a 100 mm line.
    """

    n: int
    window: int
    start: float
    recent: float
    change: float
    percent_change: float
    meaningful: bool
    worse: bool
    farrar_points: float = FARRAR_POINTS
    farrar_percent: float = FARRAR_PERCENT
    landorf_points: float = LANDORF_FIRST_STEP_MM / 10.0

    def summary(self) -> str:
        if self.n < 2:
            return "Log at least two mornings to see a trend."
        pct = "n/a" if self.start == 0 else f"{self.percent_change:+.0f}%"
        verdict = (
            "a change that matters (at least about 30% less pain, and at least 1 point)"
            if self.meaningful
            else (
                "worse by about 2 points or more: talk to a clinician"
                if self.worse
                else "smaller than the change that matters (about 30% less, and at least 1 point)"
            )
        )
        return (
            f"{self.n} mornings. Start (mean of first {self.window}): {self.start:.1f}/10; "
            f"recent (mean of last {self.window}): {self.recent:.1f}/10; change "
            f"{self.change:+.1f} points ({pct}): {verdict}."
        )


def trend(entries: Iterable, window: int = 3) -> Trend:
    """Compare the first and last few mornings of a log.

    Parameters
    ----------
    entries : iterable of Entry (or (date, score) pairs)
    window : int
        How many mornings to average at each end (1-14). With fewer than ``2 * window``
        entries the windows shrink so that they do not overlap.

    Examples
    --------
    >>> d = _dt.date
    >>> t = trend([(d(2026, 1, i), s) for i, s in enumerate([7, 7, 6, 5, 4, 4], start=1)])
    >>> t.start, t.recent, round(t.change, 2), t.meaningful
    (6.666666666666667, 4.333333333333333, -2.33, True)
    """
    w = int(check_range("window", window, 1, 14))
    pairs = []
    for item in entries:
        if isinstance(item, Entry):
            pairs.append((item.date, item.score))
        else:
            day, score = item
            pairs.append((parse_date(day, today=_dt.date.max), check_score(score)))
    pairs.sort(key=lambda p: p[0])
    n = len(pairs)
    if n < 2:
        value = float(pairs[0][1]) if pairs else 0.0
        return Trend(n, w, value, value, 0.0, 0.0, False, False)
    w_eff = max(1, min(w, n // 2))
    scores = [s for _, s in pairs]
    start = sum(scores[:w_eff]) / w_eff
    recent = sum(scores[-w_eff:]) / w_eff
    change = recent - start
    percent = 100.0 * change / start if start else 0.0
    tol = 1e-9
    meaningful = (start > 0 and percent <= -FARRAR_PERCENT + tol
                  and change <= -MIN_FALL_POINTS + tol)
    worse = change >= FARRAR_POINTS - tol
    return Trend(n, w_eff, start, recent, change, percent, meaningful, worse)


def target_level(trend: Trend) -> float:
    """The pain level (0-10) at which the fall from ``trend.start`` first counts as a change
    that matters: about 30 % lower, and at least 1 whole point lower.

    >>> round(target_level(Trend(n=6, window=3, start=6.0, recent=6.0, change=0.0,
    ...                          percent_change=0.0, meaningful=False, worse=False)), 2)
    4.2
    """
    by_percent = trend.start * (1 - FARRAR_PERCENT / 100.0)
    return max(0.0, min(by_percent, trend.start - MIN_FALL_POINTS))


# every public function answers bad input with a learner-facing ValueError
from helpers.validate import check_module_inputs  # noqa: E402

check_module_inputs(globals())
