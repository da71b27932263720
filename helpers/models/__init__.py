"""Sub-package `helpers.models`: the course's models, one module per lesson subject.

Models import neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

from helpers.models import (
    checklist,
    circulation,
    diagnosis,
    evidence,
    mechanics,
    painlog,
    planner,
    regions,
    routine,
    scales,
    treatments,
)

__all__ = ["checklist", "circulation", "diagnosis", "evidence", "mechanics", "painlog",
           "planner", "regions", "routine", "scales", "treatments"]
