"""Sub-package `helpers.plots`: figures drawn from model results, one module per lesson subject.

Plots receive rows and results; they never load a table.
"""

from __future__ import annotations

from helpers.plots import (
    causes,
    circulation,
    diagnosis,
    evidence,
    regions,
    routine,
    treatments,
)

__all__ = ["causes", "circulation", "diagnosis", "evidence", "regions", "routine", "treatments"]
