"""Sub-package `helpers.apps`: the interactive figures and tools, one module per lesson subject.

Each app is a declaration on top of :class:`helpers.appbase.App`.
"""

from __future__ import annotations

from helpers.apps import (
    causes,
    checklist,
    circulation,
    diagnosis,
    evidence,
    exercise,
    regions,
    routine,
    start,
    treatments,
)

__all__ = ["causes", "checklist", "circulation", "diagnosis", "evidence", "exercise",
           "regions", "routine", "start", "treatments"]
