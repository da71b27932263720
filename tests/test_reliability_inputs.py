"""Every public function of the helper package answers bad input with the course's
learner-facing ``ValueError``, and every exercise judge answers any input with feedback.

Inputs tried: NaN, infinities, zero, negative numbers, enormous numbers (floats near the limit
and integers too large for a float), booleans, strings (empty, text, numbers as text), None,
empty and nested lists, dicts, complex numbers, bytes and arbitrary objects. A function may
return a result or raise ``ValueError``; any other exception (``TypeError``, ``IndexError``,
``OverflowError``, ``ZeroDivisionError``, ...) is a failure, and so is a float result that is
NaN when every input was finite.
"""

from __future__ import annotations

import inspect
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
import helpers.models
import helpers.sources
import helpers.validate
from helpers import exercises

SKIP = {
    # not learner input: wiring, file paths and clocks, tested in their own modules
    "helpers.models.painlog.default_log_path", "helpers.models.painlog.display_path",
    # the wrappers that give every other function its checks take functions, not input
    "helpers.validate.check_inputs", "helpers.validate.check_module_inputs",
}

BAD = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, 0, 0.0, -1, -1e-300, 1e308, -1e308,
                     10 ** 400, True, False, "", "abc", "12", None, [], [[]], (), {}, 1j,
                     b"1", object(), np.nan, np.float64("inf"), np.array([]),
                     np.array([np.nan]), [math.nan], [1e308, -1e308]]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10 ** 30), max_value=10 ** 30),
    st.text(max_size=20),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=5),
)


def _public_functions():
    found = []
    modules = [getattr(helpers.models, name) for name in helpers.models.__all__]
    modules += [helpers.validate, helpers.sources]
    for module in modules:
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for name in names:
            obj = getattr(module, name, None)
            if (inspect.isfunction(obj) and obj.__module__ == module.__name__
                    and f"{module.__name__}.{name}" not in SKIP):
                found.append((f"{module.__name__}.{name}", obj))
    return found


FUNCTIONS = _public_functions()


def _call(func, args, kwargs):
    try:
        result = func(*args, **kwargs)
    except ValueError:
        return None
    except Exception as exc:  # noqa: BLE001 - any other type is the failure we look for
        raise AssertionError(
            f"{func.__module__}.{func.__name__}({args!r:.200}, {kwargs!r:.200}) raised "
            f"{type(exc).__name__}: {exc}") from exc
    return result


def _params(func):
    sig = inspect.signature(func)
    return [p for p in sig.parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


@pytest.mark.parametrize("name, func", FUNCTIONS, ids=[n for n, _ in FUNCTIONS])
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_public_function_answers_bad_input_with_a_value_error(name, func, data):
    params = _params(func)
    required = [p for p in params if p.default is inspect.Parameter.empty]
    optional = [p for p in params if p.default is not inspect.Parameter.empty]
    # every required argument bad, or one optional argument bad with the rest at defaults
    kwargs = {p.name: data.draw(BAD, label=p.name) for p in required}
    if optional and data.draw(st.booleans(), label="also an optional one"):
        p = data.draw(st.sampled_from(optional), label="optional")
        kwargs[p.name] = data.draw(BAD, label=p.name)
    _call(func, (), kwargs)


EXERCISE_IDS = sorted(exercises.registry())

ANSWERS = st.one_of(
    BAD,
    st.text(max_size=200),
    st.integers(),
    st.tuples(BAD, BAD),
    st.lists(BAD, max_size=3),
    st.dictionaries(st.text(max_size=5), BAD, max_size=3),
    st.just("x" * 100_000),
    st.just(10 ** 5000),
)


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(answer=ANSWERS)
def test_every_judge_answers_any_input_with_feedback(exercise_id, answer):
    ex = exercises.get(exercise_id)
    feedback = ex.check(answer)
    assert isinstance(feedback.message, str) and feedback.message
    assert len(feedback.message) < 1000
    if answer is not None:
        assert feedback.correct in (True, False)
    correct, why = ex.judge(answer)  # the judge alone also answers (widgets call it)
    assert isinstance(why, str) and why
    for bad in ("nan%", "inf%", "Traceback"):
        assert bad not in feedback.message, feedback.message


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_every_judge_still_accepts_its_solution(exercise_id):
    ex = exercises.get(exercise_id)
    assert ex.check(ex.solution_value()).correct is True
