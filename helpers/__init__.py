"""Helpers for the plantar fasciitis and massage course.

Notebooks do ``import helpers as hp``. This file is the package's one lazy loader (PEP 562):
``hp.apps``, ``hp.load_table`` ... are imported when a lesson first uses them, so importing the
package is cheap and matplotlib and ipywidgets load only when a lesson first asks for a figure or
a widget. Everywhere else imports are plain: each sub-package imports its modules by name.

>>> import helpers as hp
>>> hp.cite("kitaoka1994")
'Kitaoka et al. 1994'
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> (module, attribute); attribute None means the module itself
_EXPORTS = {
    "setup": ("helpers.style", "setup"),
    "PALETTE": ("helpers.style", "PALETTE"),
    "LINESTYLES": ("helpers.style", "LINESTYLES"),
    "MARKERS": ("helpers.style", "MARKERS"),
    "new_figure": ("helpers.style", "new_figure"),
    "figure_widget": ("helpers.style", "figure_widget"),
    "load_table": ("helpers.tables", "load_table"),
    "cite": ("helpers.sources", "cite"),
    "source": ("helpers.sources", "source"),
    "references": ("helpers.sources", "references"),
    "quiz": ("helpers.selfcheck", "quiz"),
    "Question": ("helpers.selfcheck", "Question"),
    "lesson_quiz": ("helpers.selfcheck", "lesson_quiz"),
    "row_table": ("helpers.rowtable", "row_table"),
}

_SUBMODULES = {
    "style", "tables", "sources", "validate", "files", "appbase", "check",
    "models", "plots", "apps", "schemas", "selfcheck", "exercises", "a11y", "safety",
    "lessonguard", "catalogue", "rowtable", "blit",
}

__all__ = sorted(_EXPORTS) + sorted(_SUBMODULES)


def __getattr__(name: str):
    if name in _EXPORTS:
        module_name, attr = _EXPORTS[name]
    elif name in _SUBMODULES:
        module_name, attr = f"helpers.{name}", None
    else:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if attr is None else getattr(module, attr)
    globals()[name] = value
    return value


def __dir__():
    return __all__
