"""Sub-package `helpers.schemas`: what every data file in ``data/`` must hold.

:mod:`helpers.schemas.base` defines :class:`Column` and :class:`Schema`; each subject module
declares ``SCHEMAS = [Schema(...), ...]`` for its files. A new subject module is added to
:data:`SUBJECTS` below, the one place schemas are registered; :mod:`helpers.tables` reads them
from :func:`all_schemas` and no schema module imports :mod:`helpers.tables`.

>>> all_schemas()["sources"].unique
'key'
"""

from __future__ import annotations

from functools import lru_cache

from helpers.schemas import (
    causes,
    checklist,
    circulation,
    diagnosis,
    evidence,
    quizzes,
    regions,
    routine,
    sources,
    treatments,
)
from helpers.schemas.base import Column, Schema

__all__ = ["SUBJECTS", "Column", "Schema", "all_schemas"]

#: The subject modules, each with its ``SCHEMAS`` list.
SUBJECTS = (causes, checklist, circulation, diagnosis, evidence, quizzes, regions, routine,
            sources, treatments)


@lru_cache(maxsize=1)
def all_schemas() -> dict:
    """Every declared schema, by data-file stem; a stem declared twice is an error."""
    found: dict[str, Schema] = {}
    for module in SUBJECTS:
        for schema in module.SCHEMAS:
            if schema.name in found:
                raise ValueError(
                    f"data file {schema.name}.csv has two schemas ({module.__name__} and another)"
                )
            found[schema.name] = schema
    return found
