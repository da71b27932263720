"""Loading and validating the sourced tables in ``data/``.

Each CSV file in ``data/`` has a schema declared in ``helpers/schemas/<subject>.py`` (a module
with ``SCHEMAS = [Schema(...), ...]``). A schema with ``folder=True`` covers every CSV file in the
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
import importlib
import math
import pkgutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np


def _find_data_dir() -> Path:
    """The tables: inside the installed package (``helpers/_data``, where a wheel puts them),
    else ``data/`` beside ``helpers/`` in a checkout or an editable install."""
    here = Path(__file__).resolve().parent
    packaged = here / "_data"
    return packaged if (packaged / "sources.csv").is_file() else here.parent / "data"


DATA_DIR = _find_data_dir()

KINDS = ("text", "number", "integer", "choice", "source", "sources", "bool")


@dataclass(frozen=True)
class Column:
    """One column of a data file.

    ``kind`` is one of ``text``, ``number``, ``integer``, ``choice`` (one of ``choices``),
    ``source`` (one key of ``data/sources.csv``), ``sources`` (keys separated by ``;``) or
    ``bool`` (``yes``/``no``). ``minimum``/``maximum`` bound numbers (inclusive).
    """

    name: str
    kind: str = "text"
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple = ()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Column {self.name!r}: kind must be one of {KINDS}; got {self.kind!r}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"Column {self.name!r}: a choice column needs choices")


@dataclass(frozen=True)
class Schema:
    """The expected columns of ``data/<name>.csv``; ``unique`` names a column of unique keys.

    With ``folder=True`` the schema covers every ``data/<name>/<stem>.csv`` instead.
    """

    name: str
    columns: tuple
    unique: str | None = None
    description: str = ""
    check: object = None  # optional callable(row) -> error text or None, for rules across columns
    folder: bool = False

    def __post_init__(self):
        object.__setattr__(self, "columns", tuple(self.columns))
        if not self.name or "/" in self.name or self.name.startswith("."):
            raise ValueError(f"Schema {self.name!r}: a name is a plain file or folder stem")
        names = [c.name for c in self.columns]
        if self.unique is not None and self.unique not in names:
            raise ValueError(f"Schema {self.name!r}: unique column {self.unique!r} is not a column")

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


@dataclass(frozen=True)
class Table:
    """A validated table: ``rows`` is a tuple of dicts with typed values (None when empty)."""

    name: str
    path: Path
    schema: Schema
    rows: tuple = field(repr=False)

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
        rows = tuple(r for r in self.rows if all(r[k] == v for k, v in equals.items()))
        return Table(self.name, self.path, self.schema, rows)

    def by(self, name: str) -> dict:
        """A dict from the values of column ``name`` to rows (values must be unique)."""
        out = {}
        for row in self.rows:
            if row[name] in out:
                raise ValueError(f"{self.name}: column {name!r} is not unique ({row[name]!r})")
            out[row[name]] = row
        return out


def _schema_modules():
    import helpers.schemas as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        yield importlib.import_module(f"helpers.schemas.{info.name}")


@lru_cache(maxsize=1)
def schemas() -> dict:
    """Every declared schema, by data-file stem."""
    found: dict[str, Schema] = {}
    for module in _schema_modules():
        for schema in getattr(module, "SCHEMAS", ()):
            if schema.name in found:
                raise ValueError(
                    f"data file {schema.name}.csv has two schemas ({module.__name__} and another)"
                )
            found[schema.name] = schema
    return found


def _display_path(path: Path) -> str:
    try:
        return "data/" + path.relative_to(DATA_DIR).as_posix()
    except ValueError:
        return path.name


def _parse(col: Column, raw: str, where: str, source_keys):
    text = raw.strip()
    if text == "":
        if col.required:
            raise ValueError(f"{where}: required value is empty")
        return [] if col.kind == "sources" else None
    if col.kind == "text":
        return text
    if col.kind in ("number", "integer"):
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{where}: {text!r} is not a number") from None
        if not math.isfinite(value):
            raise ValueError(f"{where}: {text!r} is not a finite number")
        if col.kind == "integer":
            if value != int(value):
                raise ValueError(f"{where}: {text!r} is not a whole number")
            value = int(value)
        if col.minimum is not None and value < col.minimum:
            raise ValueError(f"{where}: {text} is below the minimum {col.minimum:g}")
        if col.maximum is not None and value > col.maximum:
            raise ValueError(f"{where}: {text} is above the maximum {col.maximum:g}")
        return value
    if col.kind == "choice":
        if text not in col.choices:
            raise ValueError(f"{where}: {text!r} is not one of {', '.join(col.choices)}")
        return text
    if col.kind == "bool":
        if text.lower() not in ("yes", "no"):
            raise ValueError(f"{where}: {text!r} must be yes or no")
        return text.lower() == "yes"
    keys = [k.strip() for k in text.split(";")] if col.kind == "sources" else [text]
    for key in keys:
        if not key:
            raise ValueError(f"{where}: empty source key in {text!r}")
        if source_keys is not None and key not in source_keys:
            raise ValueError(f"{where}: unknown source key {key!r} (not in data/sources.csv)")
    return keys if col.kind == "sources" else keys[0]


def read_table(path, schema: Schema, source_keys=None) -> Table:
    """Read and validate one CSV file against ``schema``.

    ``source_keys`` is the set of valid source keys (``None`` skips that check, as for the
    source table itself).
    """
    path = Path(path)
    shown = _display_path(path)
    if not path.is_file():
        raise ValueError(f"{shown}: file not found (expected by schema {schema.name!r})")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError(f"{shown}: the file is empty; line 1 must be the header") from None
    header = [h.strip() for h in header]
    expected = [c.name for c in schema.columns]
    missing = [n for n in expected if n not in header]
    if missing:
        raise ValueError(f"{shown}, line 1 (header): missing column(s) {', '.join(missing)}")
    extra = [n for n in header if n not in expected]
    if extra:
        raise ValueError(f"{shown}, line 1 (header): unexpected column(s) {', '.join(extra)}")
    dupes = {n for n in header if header.count(n) > 1}
    if dupes:
        raise ValueError(f"{shown}, line 1 (header): repeated column(s) {', '.join(sorted(dupes))}")
    rows = []
    seen: dict = {}
    for line_no, raw in enumerate(reader, start=2):
        if not raw or all(not cell.strip() for cell in raw):
            continue
        if len(raw) != len(header):
            raise ValueError(
                f"{shown}, line {line_no}: has {len(raw)} fields, the header has {len(header)}"
                " (a comma inside a value needs double quotes)"
            )
        row = {}
        for name, cell in zip(header, raw):
            col = schema.column(name)
            row[name] = _parse(col, cell, f"{shown}, line {line_no}, column {name!r}", source_keys)
        if schema.check is not None:
            problem = schema.check(row)
            if problem:
                raise ValueError(f"{shown}, line {line_no}: {problem}")
        if schema.unique is not None:
            key = row[schema.unique]
            if key in seen:
                raise ValueError(
                    f"{shown}, line {line_no}, column {schema.unique!r}: duplicate key {key!r}"
                    f" (first on line {seen[key]})"
                )
            seen[key] = line_no
        rows.append({name: row[name] for name in expected})
    return Table(schema.name, path, schema, tuple(rows))


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
        f"no schema for data/{name}.csv: declare one in helpers/schemas/ "
        f"(known tables: {', '.join(known)})"
    )


@lru_cache(maxsize=64)
def _load_cached(name: str, data_dir: str, _stamp, _src_stamp) -> Table:
    schema = schema_for(name)
    folder = Path(data_dir)
    source_keys = None
    if name != "sources":
        source_keys = {row["key"] for row in load_table("sources", data_dir=folder)}
    table = read_table(folder / f"{name}.csv", schema, source_keys)
    return Table(name, table.path, table.schema, table.rows)


def load_table(name: str, *, data_dir=None) -> Table:
    """Load ``data/<name>.csv``, validated against its schema and the source table.

    Results are cached until the file changes.

    Raises
    ------
    ValueError
        Naming the file, the line and the column of the first problem found.
    """
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    stamp = _cache_key(folder / f"{name}.csv")
    src_stamp = _cache_key(folder / "sources.csv")
    return _load_cached(name, str(folder), stamp, src_stamp)


def data_files(data_dir=None) -> list:
    """Names of every CSV file in the data folder, as :func:`load_table` takes them: the stem
    for a file in ``data/``, ``"<folder>/<stem>"`` for a file one folder down."""
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    return sorted([p.stem for p in folder.glob("*.csv")]
                  + [f"{p.parent.name}/{p.stem}" for p in folder.glob("*/*.csv")])
