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

import dataclasses
import inspect
import math
import numbers
import re
import sys

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

#: ValueErrors that numpy and the standard library raise for a value of the wrong kind (their
#: messages name no parameter, so the wrapper says which parameter and what it takes)
_FOREIGN_VALUE_ERRORS = ("truth value of an", "could not convert", "could not be broadcast",
                         "math domain error", "zero-size array", "empty sequence",
                         "dictionary update sequence", "values to unpack", "Number of samples",
                         "setting an array element", "invalid literal", "cannot convert float")

_LEADING_NAME = re.compile(r"^([A-Za-z_]\w*)((?:\[\d+\])?) must ")


def _shown(value, limit: int = 40) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - any object a learner may pass
        text = type(value).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_number(value) -> bool:
    return isinstance(value, (numbers.Real, np.generic)) and not isinstance(value, (bool, np.bool_))


def _non_finite(value, depth: int = 0, test=np.isfinite) -> bool:
    """True if a number, float array, sequence, mapping or dataclass (a few levels down) holds
    NaN or an infinity (with ``test=_not_nan``: holds NaN)."""
    if depth > 3 or isinstance(value, (str, bytes, bool)):
        return False
    if isinstance(value, (float, np.floating)):
        return not test(value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "fc" and not test(value).all()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_non_finite(getattr(value, f.name), depth + 1, test)
                   for f in dataclasses.fields(value))
    if isinstance(value, (list, tuple)):
        return any(_non_finite(v, depth + 1, test) for v in value[:50])
    if isinstance(value, dict):
        return any(_non_finite(v, depth + 1, test) for v in list(value.values())[:50])
    return False


def _not_nan(value):
    return ~np.isnan(value)


def _looks_bad(value, param) -> bool:
    """A value that cannot be what the parameter takes: not finite, enormous, empty, or of
    another kind than its default."""
    default = param.default if param is not None else inspect.Parameter.empty
    if value is None:
        return default is not None
    if _is_number(value):
        try:
            x = float(value)
        except OverflowError:  # an integer too large for a float
            return True
        return not math.isfinite(x) or abs(x) >= 1e300
    if isinstance(value, np.ndarray):
        return value.size == 0 or _non_finite(value) or _is_number(default)
    if _is_number(default) or isinstance(default, bool):
        return True  # text, a list or an object where a number (or True/False) goes
    if isinstance(default, str):
        return not isinstance(value, str)
    try:
        return len(value) == 0 or _non_finite(value)
    except TypeError:
        return False


def _wanted(param, function: str) -> str:
    """What a parameter takes, in words, from its default and its annotation."""
    default = param.default
    note = param.annotation if param.annotation is not inspect.Parameter.empty else ""
    note = note if isinstance(note, str) else getattr(note, "__name__", "")
    if isinstance(default, bool) or note == "bool":
        return "True or False"
    if _is_number(default) or note in ("float", "int"):
        return "a finite number"
    if isinstance(default, str) or note == "str":
        return "text"
    if note:
        return f"a value of type {note}"
    return f"a value as help({function}) describes it"


def _culprit(sig, args, kwargs, message: str = ""):
    """(name, value) of the argument a failure is about, or None when it cannot be told."""
    try:
        given = sig.bind_partial(*args, **kwargs).arguments
    except TypeError:
        return None
    given = {k: v for k, v in given.items()
             if sig.parameters[k].kind not in (inspect.Parameter.VAR_POSITIONAL,
                                                inspect.Parameter.VAR_KEYWORD)}
    if len(given) == 1:
        return next(iter(given.items()))
    bad = [(k, v) for k, v in given.items() if _looks_bad(v, sig.parameters[k])]
    if len(bad) == 1:
        return bad[0]
    named = [(k, v) for k, v in given.items() if message and f"got {_shown(v)}" in message]
    return named[0] if len(named) == 1 else None


def _make_checked(func, sig):
    # the wrapper runs with its function's module globals: everything it uses is captured here
    name = func.__name__
    input_errors = _INPUT_ERRORS
    foreign = _FOREIGN_VALUE_ERRORS
    own_names = set(sig.parameters)
    leading = _LEADING_NAME
    culprit_of, wanted, shown, non_finite = _culprit, _wanted, _shown, _non_finite
    looks_bad, not_nan = _looks_bad, _not_nan
    # the checks themselves already speak of the caller's parameter (their ``name``)
    may_rename = func.__module__ != __name__
    getframe = sys._getframe

    def per_parameter(args, kwargs, message=""):
        """A ValueError naming the parameter, what it takes and what was given."""
        found = culprit_of(sig, args, kwargs, message)
        if found is None:
            try:
                bound = sig.bind_partial(*args, **kwargs).arguments
            except TypeError:
                bound = {**{f"argument {i + 1}": a for i, a in enumerate(args)}, **kwargs}
            given = ", ".join(f"{k}={shown(v)}" for k, v in bound.items()) or "nothing"
            return ValueError(f"{name} cannot use the values it was given ({given}); check "
                              f"each value's type and range in help({name})")
        param, value = found
        return ValueError(f"{param} must be {wanted(sig.parameters[param], name)}; got "
                          f"{shown(value)}")

    def renamed(exc, args, kwargs):
        """The function's own ValueError, about the parameter the caller passed."""
        message = str(exc)
        if any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", message)
               for n in own_names):
            return None  # it names a parameter already
        found = culprit_of(sig, args, kwargs, message)
        if found is None:
            return None
        match = leading.match(message)
        if match:  # an inner check's name for the same value: the caller's name comes first
            return ValueError(f"{found[0]}{match.group(2)} ({match.group(1)}) "
                              f"{message[match.end(2):].lstrip()}")
        return ValueError(f"{message} (parameter {found[0]})")

    def checked(*args, **kwargs):
        try:
            result = func(*args, **kwargs)
        except input_errors as exc:
            if isinstance(exc, TypeError):
                try:
                    sig.bind(*args, **kwargs)
                except TypeError as wrong_call:
                    raise ValueError(f"{name}: {wrong_call}") from None
            raise per_parameter(args, kwargs) from None
        except ValueError as exc:
            if type(exc) is not ValueError:
                raise  # a table's or a log's own error names its file
            if any(text in str(exc) for text in foreign):
                raise per_parameter(args, kwargs) from None
            # a call from inside the course speaks of its own caller's names: keep them
            inside = getframe(1).f_globals.get("__name__", "").startswith("helpers.")
            better = renamed(exc, args, kwargs) if may_rename and not inside else None
            if better is not None:
                raise better from None
            raise
        if non_finite(result):
            values = [*args, *kwargs.values()]
            # NaN is never an answer; an infinity is one only from finite, ordinary input
            # (a likelihood ratio with no false positives)
            if any(looks_bad(v, None) for v in values) or non_finite(result, 0, not_nan):
                raise per_parameter(args, kwargs) from None
        return result

    return checked


def check_inputs(func):
    """Wrap a public function so that bad input always ends in a learner-facing ValueError
    that names the parameter, what it takes and what was given.

    The function's own checks speak first (they name the parameter and its range). Then:

    - a ``TypeError``, ``IndexError``, ``KeyError``, ``OverflowError`` or ``ZeroDivisionError``
      that the wrong kind of value still causes, or a ``ValueError`` numpy raises with no
      parameter in it, becomes ``"<parameter> must be <what it takes>; got <value>"`` for the
      argument at fault (when it can be told; else the message lists the values given);
    - a ``ValueError`` from an inner check that names another parameter (``thickness_mm`` for
      ``fat_mm``) leads with the caller's name: ``"fat_mm (thickness_mm) must be ..."``;
    - a result holding NaN (or an infinity from a non-finite or enormous input) is refused the
      same way, never returned;
    - a call with a wrong argument name says which.

    The wrapper lives in the function's own module (so doctests and ``help`` see it there); it
    costs a few microseconds a call (the look at the result).

    >>> def halve(x):
    ...     return x / 2
    >>> check_inputs(halve)("ten")
    Traceback (most recent call last):
    ...
    ValueError: x must be a value as help(halve) describes it; got 'ten'
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
