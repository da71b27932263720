"""Sub-package `helpers.schemas`: one module per lesson subject, loaded on first use."""

from __future__ import annotations

import importlib
import pkgutil


def __getattr__(name: str):
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{name}":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        raise
    globals()[name] = module
    return module


def __dir__():
    return sorted(m.name for m in pkgutil.iter_modules(__path__))
