"""Loading and validating the sourced tables in ``data/``.

Each CSV file in ``data/`` has a schema declared in ``helpers/schemas/<subject>.py`` (a module
with ``SCHEMAS = [Schema(...), ...]``, listed in ``helpers.schemas.SUBJECTS``). A schema with ``folder=True`` covers every CSV file in the
subfolder ``data/<name>/`` (one file per lesson, such as ``data/quizzes/01-causes.csv``, loaded as
``load_table("quizzes/01-causes")``). :func:`load_table` reads the file, checks every row
against its schema and the source table, and returns a :class:`Table`. Any problem raises a
``ValueError`` that names the file, the line and the column, so a teacher who edits a table
finds the mistake at once.

>>> table = load_table("sources")
>>> table.by("key")["kitaoka1994"]["year"]
1994
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from helpers.schemas.base import KINDS, Column, Schema  # noqa: F401 - hp.tables.Column, Schema


def _find_data_dir() -> Path:
    """The tables: inside the installed package (``helpers/_data``, where a wheel puts them),
    else ``data/`` beside ``helpers/`` in a checkout or an editable install."""
    here = Path(__file__).resolve().parent
    packaged = here / "_data"
    return packaged if (packaged / "sources.csv").is_file() else here.parent / "data"


DATA_DIR = _find_data_dir()

#: Environment variable naming another data folder to read instead of ``data/`` (a teacher's
#: edited copy, or a test's broken one).
DATA_DIR_VARIABLE = "PLANTAR_COURSE_DATA"


def data_folder() -> Path:
    """The data folder in use: ``$PLANTAR_COURSE_DATA`` when set, else the course's ``data/``."""
    override = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    return Path(override).expanduser().resolve() if override else DATA_DIR


class TableError(ValueError):
    """A data file the lessons cannot use. The message names the file, the line and the column,
    and says what to fix; ``path``, ``line`` and ``column`` hold them for a program."""

    def __init__(self, message: str, path=None, line=None, column=None):
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column

@dataclass(frozen=True)
class Table:
    """A validated table: ``rows`` is a tuple of dicts with typed values (None when empty)."""

    name: str
    path: Path
    schema: Schema
    rows: tuple = field(repr=False)
    lines: tuple = field(default=(), repr=False, compare=False)

    def line_of(self, row) -> int | None:
        """The line of the file on which ``row`` starts (as an editor numbers it)."""
        for candidate, line in zip(self.rows, self.lines):
            if candidate is row:
                return line
        return None

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def column(self, name: str):
        """Values of one column: a float array for numbers, a list otherwise."""
        col = self.schema.column(name)
        values = [row[name] for row in self.rows]
        if col.kind in ("number", "integer"):
            return np.array([np.nan if v is None else v for v in values], dtype=float)
        return values

    def where(self, **equals) -> Table:
        """Rows whose columns equal the given values."""
        for key in equals:
            self.schema.column(key)
        keep = [i for i, r in enumerate(self.rows) if all(r[k] == v for k, v in equals.items())]
        lines = tuple(self.lines[i] for i in keep) if len(self.lines) == len(self.rows) else ()
        return Table(self.name, self.path, self.schema, tuple(self.rows[i] for i in keep), lines)

    def by(self, name: str) -> dict:
        """A dict from the values of column ``name`` to rows (values must be unique)."""
        out = {}
        for row in self.rows:
            if row[name] in out:
                raise ValueError(f"{self.name}: column {name!r} is not unique ({row[name]!r})")
            out[row[name]] = row
        return out


def schemas() -> dict:
    """Every declared schema, by data-file stem (the registry of :mod:`helpers.schemas`)."""
    from helpers.schemas import all_schemas

    return all_schemas()


def _display_path(path: Path) -> str:
    def holds_sources(folder: Path) -> bool:
        try:
            return (folder / "sources.csv").is_file()
        except OSError:
            return False

    for base in (DATA_DIR, data_folder(), *[p for p in path.parents if holds_sources(p)][:1]):
        try:
            return "data/" + path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.name


class _CellProblem(Exception):
    """A problem with one value; read_table adds the file, line and column."""


def _parse(col: Column, raw: str, source_keys):
    text = raw.strip()
    if text == "":
        if col.required:
            raise _CellProblem("required value is empty; fill it in")
        return [] if col.kind == "sources" else None
    if col.kind == "text":
        return text
    if col.kind in ("number", "integer"):
        try:
            value = float(text.replace("\u2212", "-"))
        except ValueError:
            raise _CellProblem(f"{text!r} is not a number") from None
        if not math.isfinite(value):
            raise _CellProblem(f"{text!r} is not a finite number")
        if col.kind == "integer":
            if value != int(value):
                raise _CellProblem(f"{text!r} is not a whole number")
            value = int(value)
        if col.minimum is not None and value < col.minimum:
            raise _CellProblem(f"{text} is below the minimum {col.minimum:g}")
        if col.maximum is not None and value > col.maximum:
            raise _CellProblem(f"{text} is above the maximum {col.maximum:g}")
        return value
    if col.kind == "choice":
        if text not in col.choices:
            raise _CellProblem(f"{text!r} is not one of {', '.join(col.choices)}")
        return text
    if col.kind == "bool":
        if text.lower() not in ("yes", "no"):
            raise _CellProblem(f"{text!r} must be yes or no")
        return text.lower() == "yes"
    keys = [k.strip() for k in text.split(";")] if col.kind == "sources" else [text]
    for key in keys:
        if not key:
            raise _CellProblem(f"empty source key in {text!r}")
        if source_keys is not None and key not in source_keys:
            raise _CellProblem(f"unknown source key {key!r} (not in data/sources.csv)")
    if col.kind == "sources" and len(set(keys)) != len(keys):
        raise _CellProblem(f"a source key is repeated in {text!r}")
    return keys if col.kind == "sources" else keys[0]


_COLUMN_PREFIX = re.compile(r"^column '([^']+)':\s*")


def _problem_column(schema: Schema, problem: str):
    """(column, text): the column a rule's message is about, and the message without it."""
    match = _COLUMN_PREFIX.match(problem)
    if match and match.group(1) in [c.name for c in schema.columns]:
        return match.group(1), problem[match.end():]
    found = []
    for col in schema.columns:
        hit = re.search(rf"(?<![A-Za-z0-9_]){re.escape(col.name)}(?![A-Za-z0-9_])", problem)
        if hit:
            found.append((hit.start(), col.name))
    return (min(found)[1] if found else schema.columns[0].name), problem


def _fail(shown: str, path: Path, message: str, line=None, column=None, *, name_column=True):
    where = shown
    if line is not None:
        where += f", line {line}"
        if line == 1 and (column is None or not name_column):
            where += " (header)"
    if column is not None and name_column:
        where += f", column {column!r}"
    raise TableError(f"{where}: {message}", path, line, column)


def _decode(raw: bytes, shown: str, path: Path) -> str:
    """Text of a CSV file as spreadsheets and editors save it; a bad byte named by its line."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        _fail(shown, path, "the file is saved as UTF-16 text, not UTF-8; save it again as "
              "'CSV UTF-8 (comma delimited)'", line=1)
    if raw.startswith(b"\xef\xbb\xbf"):  # the byte-order mark spreadsheets put first
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        before = raw[line_start: exc.start].decode("utf-8", "replace")
        header = raw.split(b"\n", 1)[0].decode("utf-8", "replace")
        column = None
        try:
            names = next(csv.reader([header]))
            field_no = len(next(csv.reader([before + "x"]))) - 1
            if line > 1 and 0 <= field_no < len(names):
                column = names[field_no].strip()
        except (csv.Error, StopIteration):
            pass
        bad = raw[exc.start: exc.start + 1].hex()
        _fail(shown, path, f"a character is not UTF-8 text (byte 0x{bad} after "
              f"{before[-20:]!r}); retype it, or save the file as 'CSV UTF-8'",
              line=line, column=column)


def read_table(path, schema: Schema, source_keys=None, *, load=None) -> Table:
    """Read and validate one CSV file against ``schema``.

    ``source_keys`` is the set of valid source keys (``None`` skips that check, as for the
    source table itself); ``load(name)`` reads another table for the schema's rules across
    tables (``None`` skips them). Reads what spreadsheets write (a byte-order mark, Windows
    line endings, no final newline, a first ``sep=,`` line) and numbers lines as an editor
    shows them, also after a quoted value that spans lines.
    """
    path = Path(path)
    shown = _display_path(path)
    try:
        is_file, exists = path.is_file(), path.exists()
    except OSError as exc:
        _fail(shown, path, f"cannot be read ({(exc.strerror or str(exc)).lower()})")
    if not is_file:
        if exists:
            _fail(shown, path, f"is not a file (schema {schema.name!r} expects a CSV file)")
        _fail(shown, path, f"file not found (expected by schema {schema.name!r})")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        _fail(shown, path, f"cannot be read ({(exc.strerror or str(exc)).lower()})")
    text = _decode(raw, shown, path)
    first_line = text.split("\n", 1)[0]
    if first_line.lower().startswith("sep="):
        first_line = (text.split("\n", 2) + [""])[1]
    if "," not in first_line and (";" in first_line or "\t" in first_line):
        sep = "';'" if ";" in first_line else "tabs"
        _fail(shown, path, f"values are separated by {sep}; save it as comma-separated CSV",
              line=1)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    last = 0
    try:
        for record in reader:
            records.append((last + 1, record))
            last = reader.line_num
    except csv.Error as exc:
        _fail(shown, path, f"{exc}; check the double quotes on this line", line=last + 1)
    if records and records[0][1] and records[0][1][0].strip().lower().startswith("sep="):
        records = records[1:]  # the delimiter line some spreadsheets write first
    if not records:
        _fail(shown, path, "the file is empty; line 1 must be the header", line=1)
    header_line, header = records[0]
    header = [h.strip() for h in header]
    while header and header[-1] == "":
        header.pop()  # empty columns a spreadsheet added at the right
    expected = [c.name for c in schema.columns]
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t")):
        sep = "';'" if ";" in header[0] else "tabs"
        _fail(shown, path, f"values are separated by {sep}; save it as comma-separated CSV",
              line=header_line)
    missing = [n for n in expected if n not in header]
    if missing:
        _fail(shown, path, f"missing column(s) {', '.join(missing)}", line=header_line,
              column=missing[0], name_column=False)
    extra = [n for n in header if n not in expected]
    if extra:
        _fail(shown, path, f"unexpected column(s) {', '.join(extra)}", line=header_line,
              column=extra[0], name_column=False)
    dupes = sorted({n for n in header if header.count(n) > 1})
    if dupes:
        _fail(shown, path, f"repeated column(s) {', '.join(dupes)}", line=header_line,
              column=dupes[0], name_column=False)
    rows, lines = [], []
    seen: dict = {}
    for line_no, raw_row in records[1:]:
        if not raw_row or all(not cell.strip() for cell in raw_row):
            continue
        cells = list(raw_row)
        while len(cells) > len(header) and cells[-1].strip() == "":
            cells.pop()  # trailing empty cells a spreadsheet added
        if len(cells) != len(header):
            _fail(shown, path, f"has {len(cells)} fields, the header has {len(header)}"
                  " (a comma inside a value needs double quotes)", line=line_no,
                  column=header[min(len(cells), len(header)) - 1], name_column=False)
        row = {}
        for name, cell in zip(header, cells):
            try:
                row[name] = _parse(schema.column(name), cell, source_keys)
            except _CellProblem as exc:
                _fail(shown, path, str(exc), line=line_no, column=name)
        if schema.check is not None:
            problem = schema.check(row)
            if problem:
                column, problem = _problem_column(schema, problem)
                _fail(shown, path, problem, line=line_no, column=column)
        if schema.unique is not None:
            key = row[schema.unique]
            if key in seen:
                _fail(shown, path, f"duplicate key {key!r} (first on line {seen[key]})",
                      line=line_no, column=schema.unique)
            seen[key] = line_no
        rows.append({name: row[name] for name in expected})
        lines.append(line_no)
    if not rows:
        _fail(shown, path, "the table has no rows left; the lessons need at least one (restore "
              "the rows from the course's copy)", line=header_line + 1, column=expected[0])
    for key in schema.required_keys:
        if key not in seen:
            _fail(shown, path, f"the lessons read the row with {schema.unique} {key!r}, and it "
                  f"is missing; restore it ({schema.unique} spelled exactly so)",
                  line=lines[-1] + 1 if lines else header_line + 1, column=schema.unique)
    table = Table(schema.name, path, schema, tuple(rows), tuple(lines))
    if schema.check_table is not None and load is not None:
        found = schema.check_table(table, load)
        if found:
            row, column, problem = found
            line = table.line_of(row) if row is not None else None
            if line is None:
                line = lines[-1] if lines else header_line
            _fail(shown, path, problem, line=line, column=column or expected[0])
    return table


def _cache_key(path: Path):
    try:
        stat = path.stat()
        return (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return (str(path), None, None)


def schema_for(name: str) -> Schema:
    """The schema of ``data/<name>.csv``: its own, or its folder's for ``"<folder>/<stem>"``.

    >>> schema_for("quizzes/01-causes").name
    'quizzes'
    """
    all_schemas = schemas()
    parts = name.split("/")
    if len(parts) == 1 and name in all_schemas and not all_schemas[name].folder:
        return all_schemas[name]
    if len(parts) == 2 and all(parts) and parts[0] in all_schemas and all_schemas[parts[0]].folder:
        return all_schemas[parts[0]]
    known = sorted(f"{s.name}/*" if s.folder else s.name for s in all_schemas.values())
    raise ValueError(
        f"no schema for data/{name}.csv: declare one in helpers/schemas/ and list its module "
        f"in helpers.schemas.SUBJECTS "
        f"(known tables: {', '.join(known)})"
    )


@lru_cache(maxsize=64)
def _load_cached(name: str, data_dir: str, _stamp) -> Table:
    schema = schema_for(name)
    folder = Path(data_dir)
    source_keys = None
    if name != "sources":
        source_keys = {row["key"] for row in load_table("sources", data_dir=folder)}
    table = read_table(folder / f"{name}.csv", schema, source_keys,
                       load=lambda other: load_table(other, data_dir=folder))
    return Table(name, table.path, table.schema, table.rows, table.lines)


def load_table(name: str, *, data_dir=None) -> Table:
    """Load ``data/<name>.csv``, validated against its schema and the source table.

    Results are cached until the file changes.

    Raises
    ------
    TableError
        A ``ValueError`` naming the file, the line and the column of the first problem found.
    """
    folder = Path(data_dir) if data_dir is not None else data_folder()
    # every file of the folder keys the cache: a rule may read another table
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        names = []
    stamp = tuple(_cache_key(folder / n) for n in names if n.endswith(".csv"))
    stamp += (_cache_key(folder / f"{name}.csv"),)
    return _load_cached(name, str(folder), stamp)


def data_files(data_dir=None) -> list:
    """Names of every CSV file in the data folder, as :func:`load_table` takes them: the stem
    for a file in ``data/``, ``"<folder>/<stem>"`` for a file one folder down."""
    folder = Path(data_dir) if data_dir is not None else data_folder()
    return sorted([p.stem for p in folder.glob("*.csv")]
                  + [f"{p.parent.name}/{p.stem}" for p in folder.glob("*/*.csv")])
