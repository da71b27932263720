"""Which apps the course has, and which controls each one offers a learner.

The tests (every control leaves its figure up to date) and the benchmark (``bench/run_bench.py``
times every control) both walk the apps through this module, so an app added to
:mod:`helpers.apps` is covered by both without being named anywhere else.
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

__all__ = ["Control", "discover_apps", "app_label", "find_controls", "find_figures",
           "step_values", "control_values", "set_control", "close_app", "PROGRESS_TYPES"]

PROGRESS_TYPES = (widgets.IntProgress, widgets.FloatProgress)  # outputs, not controls


def discover_apps():
    """Every concrete App subclass defined in the modules of :mod:`helpers.apps`.

    Returns ``(apps, skipped)``: ``apps`` is a list of classes that can be built with no
    arguments, ``skipped`` a list of ``(qualified name, reason)``.
    """
    import helpers.apps as package
    from helpers.appbase import App

    apps, skipped = [], []
    for subject in sorted(package.__all__):
        module = getattr(package, subject)
        for name, cls in sorted(vars(module).items()):
            if not (inspect.isclass(cls) and issubclass(cls, App) and cls is not App):
                continue
            if cls.__module__ != module.__name__:  # imported from elsewhere: counted there
                continue
            qualname = f"{subject}.{name}"
            if name.startswith("_") or inspect.isabstract(cls):
                skipped.append((qualname, "base class (private or abstract), not an app"))
                continue
            required = [
                p.name for p in inspect.signature(cls).parameters.values()
                if p.default is inspect.Parameter.empty
                and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            ]
            if required:
                skipped.append((qualname, f"constructor needs {', '.join(required)}"))
                continue
            apps.append(cls)
    return apps, skipped


def app_label(cls) -> str:
    return f"{cls.__module__.rsplit('.', 1)[-1]}.{cls.__name__}"


def _is_slider(w) -> bool:
    return (
        isinstance(w, widgets.Widget) and not isinstance(w, PROGRESS_TYPES)
        and all(hasattr(w, a) for a in ("min", "max", "value"))
        and all(isinstance(getattr(w, a), (int, float)) and not isinstance(getattr(w, a), bool)
                for a in ("min", "max", "value"))
    )


def _is_choice(w) -> bool:
    return isinstance(w, widgets.widgets.widget_selection._Selection)


def _visible(w) -> bool:
    layout = getattr(w, "layout", None)
    return not (layout is not None and layout.display == "none") and not getattr(w, "disabled", False)


def _named_widgets(app):
    """(name, widget) for widgets held as attributes (also inside dicts, lists, tuples), then
    for the rest of the widget tree under ``app.widget`` in depth-first order."""
    for name, value in vars(app).items():
        if isinstance(value, widgets.Widget):
            yield name, value
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, widgets.Widget):
                    yield f"{name}[{key}]", item
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                if isinstance(item, widgets.Widget):
                    yield f"{name}[{i}]", item

    def walk(w, path):
        yield path, w
        for i, child in enumerate(getattr(w, "children", ()) or ()):
            yield from walk(child, f"{path}.{i}")

    if isinstance(getattr(app, "widget", None), widgets.Widget):
        yield from walk(app.widget, "widget")


@dataclass
class Control:
    name: str  # attribute path (``mass_slider``, ``sliders[heel]``) or tree path (``widget.0.1``)
    widget: object
    kind: str  # "slider", "number" (a bounded number box) or "choice"

    @property
    def label(self) -> str:
        description = getattr(self.widget, "description", "") or ""
        return f"{self.name} ({description})" if description else self.name


def find_controls(app) -> list[Control]:
    """Visible, enabled sliders and choice lists of ``app``, each once, in a stable order."""
    seen, controls = set(), []
    for name, w in _named_widgets(app):
        if id(w) in seen or not _visible(w):
            continue
        kind = None
        if _is_slider(w):
            kind = "slider" if "Slider" in type(w).__name__ else "number"
        elif _is_choice(w):
            kind = "choice"
        if kind:
            seen.add(id(w))
            controls.append(Control(name, w, kind))
    return controls


def find_figures(app) -> list[Figure]:
    """The matplotlib figures an app holds as attributes (``app.fig`` first)."""
    figs = [getattr(app, "fig", None)] + list(vars(app).values())
    out = []
    for f in figs:
        if isinstance(f, Figure) and all(f is not g for g in out):
            out.append(f)
    return out


def step_values(low, high, step, current, n: int) -> list:
    """``n`` values across ``[low, high]`` on the control's step grid, starting next to
    ``current`` and wrapping around, so consecutive values always differ.

    >>> step_values(0, 4, 1, 2, 5)
    [3, 4, 0, 1, 2]
    >>> step_values(0, 10, 1, 6, 4)
    [10, 0, 3, 7]
    """
    if not high > low:
        raise ValueError(f"high must be above low; got low={low}, high={high}")
    if n < 1:
        raise ValueError(f"n must be at least 1; got {n}")
    integer = all(isinstance(v, int) for v in (low, high, step or 1))
    step = step if step and step > 0 else (high - low) / 1000
    positions = int(math.floor((high - low) / step + 1e-9)) + 1
    if positions < 2:
        raise ValueError(f"step {step} leaves one position in [{low}, {high}]")
    k = np.round(np.linspace(0, positions - 1, min(positions, max(n, 2)))).astype(int)
    k = np.unique(k)
    grid = [low + int(i) * step if integer else min(high, round(low + i * step, 10)) for i in k]
    start = int(np.argmin([abs(v - current) for v in grid])) + 1
    return [grid[(start + i) % len(grid)] for i in range(n)]


def control_values(control: Control, n: int) -> list:
    """Values to set: numbers for a slider, option indices for a choice list."""
    w = control.widget
    if control.kind != "choice":
        return step_values(w.min, w.max, getattr(w, "step", None), w.value, n)
    count = len(w.options)
    if count < 2:
        raise ValueError(f"{control.name} has {count} option(s): nothing to step")
    start = (w.index if w.index is not None else -1) + 1
    return [(start + i) % count for i in range(n)]


def set_control(control: Control, value) -> None:
    if control.kind != "choice":
        control.widget.value = value
    else:
        control.widget.index = value


def close_app(app) -> None:
    """Close an app's figures and widgets (after a test or a timing run)."""
    for fig in find_figures(app):
        plt.close(fig)
    root = getattr(app, "widget", None)
    if isinstance(root, widgets.Widget):
        stack = [root]
        while stack:
            w = stack.pop()
            stack.extend(getattr(w, "children", ()) or ())
            w.close()
