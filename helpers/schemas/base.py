"""What a schema is: the columns of a data file and the rules its rows keep.

Each subject module of :mod:`helpers.schemas` declares ``SCHEMAS = [Schema(...), ...]`` from these
two classes; :mod:`helpers.tables` reads the files against them. Nothing here reads a file.

>>> Schema("demo", (Column("key"), Column("mass_kg", "number", minimum=0)), unique="key").column("mass_kg").kind
'number'
"""

from __future__ import annotations

from dataclasses import dataclass

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
    #: optional callable(table, load) for rules across rows and across tables: ``load(name)``
    #: reads another table of the same folder; returns None, or (row, column, problem) naming
    #: the row (a dict of ``table.rows``, or None for the table as a whole) that breaks a rule
    check_table: object = None
    folder: bool = False
    #: values of the ``unique`` column that lessons and exercises read by name: a table
    #: without one of them is refused (restore the row)
    required_keys: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "columns", tuple(self.columns))
        if not self.name or "/" in self.name or self.name.startswith("."):
            raise ValueError(f"Schema {self.name!r}: a name is a plain file or folder stem")
        names = [c.name for c in self.columns]
        if self.unique is not None and self.unique not in names:
            raise ValueError(f"Schema {self.name!r}: unique column {self.unique!r} is not a column")
        object.__setattr__(self, "required_keys", tuple(self.required_keys))
        if self.required_keys and self.unique is None:
            raise ValueError(f"Schema {self.name!r}: required_keys need a unique column")

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


def split_ids(text) -> list:
    """The ids of a cell that lists several, separated by ``;``.

    >>> split_ids("a; b;"), split_ids("")
    (['a', 'b'], [])
    """
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def unknown_ids(table, load, column, other, key):
    """The first row whose ``column`` (ids separated by ``;``) names an id that is not a ``key``
    of ``data/<other>.csv``, as (row, column, problem) for a ``check_table`` rule; None when
    every id is there."""
    known = {row[key] for row in load(other)}
    for row in table.rows:
        for ref in split_ids(row[column]):
            if ref not in known:
                return (row, column, f"{ref!r} is not a {key} in data/{other}.csv; correct it "
                        "or add that row there")
    return None
