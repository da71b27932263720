"""Checks for physical inputs, with messages written for learners.

Every model function calls these before it computes, so an impossible value (a negative mass,
a NaN from a typo) is refused with a sentence that names the parameter, the value and the
allowed range, instead of a wrong number or a traceback from deep inside numpy.

>>> check_range("arch_height_mm", 30, 5, 80, "mm")
30.0
>>> check_range("arch_height_mm", -3, 5, 80, "mm")
Traceback (most recent call last):
...
ValueError: arch_height_mm must be between 5 and 80 mm; got -3
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def _fmt(x) -> str:
    """Format a number briefly: 80, 0.5, 1e-06."""
    if isinstance(x, numbers.Integral):
        return str(int(x))
    x = float(x)
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:g}"


def _range_text(low, high, unit: str) -> str:
    unit_text = f" {unit}" if unit else ""
    if low is None and high is None:
        return "a finite number"
    if high is None:
        return f"at least {_fmt(low)}{unit_text}"
    if low is None:
        return f"at most {_fmt(high)}{unit_text}"
    return f"between {_fmt(low)} and {_fmt(high)}{unit_text}"


def check_range(name: str, value, low=None, high=None, unit: str = "") -> float:
    """Return ``value`` as a float if it is a finite number in ``[low, high]``.

    Parameters
    ----------
    name : str
        Parameter name as the learner typed it (``body_mass_kg``).
    value : number
        The value to check. Booleans and strings are refused.
    low, high : float or None
        Inclusive bounds; ``None`` means unbounded on that side.
    unit : str
        Unit shown in the message.

    Raises
    ------
    ValueError
        ``"<name> must be between <low> and <high> <unit>; got <value>"``.
    """
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.generic)):
        raise ValueError(
            f"{name} must be a number ({_range_text(low, high, unit)}); got {value!r}"
        )
    x = float(value)
    if math.isnan(x) or math.isinf(x):
        raise ValueError(f"{name} must be {_range_text(low, high, unit)}; got {value}")
    if (low is not None and x < low) or (high is not None and x > high):
        raise ValueError(f"{name} must be {_range_text(low, high, unit)}; got {_fmt(value)}")
    return x


def check_positive(name: str, value, unit: str = "", high=None) -> float:
    """Like :func:`check_range` but the value must be strictly greater than zero.

    >>> check_positive("body_mass_kg", 70, "kg")
    70.0
    >>> check_positive("body_mass_kg", 0, "kg")
    Traceback (most recent call last):
    ...
    ValueError: body_mass_kg must be greater than 0 kg; got 0
    """
    x = check_range(name, value, None, high, unit)
    if x <= 0:
        unit_text = f" {unit}" if unit else ""
        raise ValueError(f"{name} must be greater than 0{unit_text}; got {_fmt(value)}")
    return x


def check_array_range(name: str, values, low=None, high=None, unit: str = "") -> np.ndarray:
    """Vectorised :func:`check_range`: return a float array or name the first bad element.

    >>> check_array_range("rest_time_s", [0, 60, 600], 0, 86400, "s").tolist()
    [0.0, 60.0, 600.0]
    >>> check_array_range("rest_time_s", [0, -1], 0, 86400, "s")
    Traceback (most recent call last):
    ...
    ValueError: rest_time_s must be between 0 and 86400 s; got -1 (element 1)
    """
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must contain only numbers ({_range_text(low, high, unit)}); got {values!r}"
        ) from None
    bad = ~np.isfinite(arr)
    if low is not None:
        bad |= arr < low
    if high is not None:
        bad |= arr > high
    if bad.any():
        idx = np.argwhere(bad)[0]
        where = f" (element {', '.join(str(int(i)) for i in idx)})" if arr.ndim else ""
        raise ValueError(
            f"{name} must be {_range_text(low, high, unit)}; got {_fmt(arr[tuple(idx)])}{where}"
        )
    return arr


def check_choice(name: str, value, choices) -> str:
    """Return ``value`` if it is one of ``choices``.

    >>> check_choice("load_case", "one_foot", ("two_feet", "one_foot"))
    'one_foot'
    """
    if value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}")
    return value


# --------------------------------------------------------------------------- every public function
_INPUT_ERRORS = (TypeError, IndexError, KeyError, OverflowError, ZeroDivisionError,
                 AttributeError, FloatingPointError)


def _shown(value, limit: int = 40) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - any object a learner may pass
        text = type(value).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _make_checked(func, sig):
    # the wrapper runs with its function's module globals: everything it uses is captured here
    name = func.__name__
    input_errors = _INPUT_ERRORS

    def explain(args, kwargs):
        try:
            bound = sig.bind_partial(*args, **kwargs).arguments
        except TypeError:
            bound = {**{f"argument {i + 1}": a for i, a in enumerate(args)}, **kwargs}
        given = ", ".join(f"{k}={_shown(v)}" for k, v in bound.items()) or "nothing"
        return (f"{name} cannot use the values it was given ({given}); check each value's "
                f"type and range in help({name})")

    def checked(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except input_errors as exc:
            if isinstance(exc, TypeError):
                try:
                    sig.bind(*args, **kwargs)
                except TypeError as wrong_call:
                    raise ValueError(f"{name}: {wrong_call}") from None
            raise ValueError(explain(args, kwargs)) from None

    return checked


def check_inputs(func):
    """Wrap a public function so that bad input always ends in a learner-facing ValueError.

    The function's own checks speak first (they name the parameter and its range); a
    ``TypeError``, ``IndexError``, ``KeyError``, ``OverflowError`` or ``ZeroDivisionError``
    that the wrong kind of value still causes becomes a ``ValueError`` that names the function
    and the values it was given, and a call with a wrong argument name says which. The wrapper
    lives in the function's own module (so doctests and ``help`` see it there) and costs well
    under a microsecond a call.

    >>> def halve(x):
    ...     return x / 2
    >>> check_inputs(halve)("ten")
    Traceback (most recent call last):
    ...
    ValueError: halve cannot use the values it was given (x='ten'); check each value's type and range in help(halve)
    """
    import functools
    import inspect
    import types

    if getattr(func, "_hp_checked", False):
        return func
    sig = inspect.signature(func)
    inner = _make_checked(func, sig)
    wrapper = types.FunctionType(inner.__code__, func.__globals__, func.__name__, None,
                                 inner.__closure__)
    functools.update_wrapper(wrapper, func)
    wrapper._hp_checked = True
    return wrapper


def check_module_inputs(namespace: dict) -> None:
    """Apply :func:`check_inputs` to every public function defined in a module (call it at the
    end of the module with ``globals()``)."""
    import inspect

    names = namespace.get("__all__") or [n for n in namespace if not n.startswith("_")]
    for key in names:
        obj = namespace.get(key)
        if inspect.isfunction(obj) and obj.__module__ == namespace["__name__"]:
            namespace[key] = check_inputs(obj)


for _name in ("check_range", "check_positive", "check_array_range", "check_choice"):
    globals()[_name] = check_inputs(globals()[_name])
