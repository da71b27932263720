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

import dataclasses
import datetime
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


# ------------------------------------------------------------------------------------------------
# A deterministic grid: for every public function, every parameter in turn takes each bad value
# while the others keep a good value; the result holds no NaN or infinity, or the call raises a
# ValueError that names the parameter given the bad value.

BAD_VALUES = {
    "nan": math.nan, "inf": math.inf, "-inf": -math.inf, "zero": 0, "minus one": -1,
    "1e308": 1e308, "text": "abc", "None": None, "list": [1, "a"],
    "empty array": np.array([]),
}


def _good():
    """Good values by parameter name, built when first needed (some read the tables)."""
    from helpers.models import checklist, circulation, evidence, painlog, planner, regions
    from helpers.models import treatments as tr
    from helpers.tables import load_table

    questions = checklist.load_questions()
    plan = planner.plan_session({"soleus": 2.0})
    findings = load_table("heel_findings").rows
    return {
        "rows": load_table("therapist_questions").rows, "questions": questions,
        "ids": [questions[0].question_id], "path": "my-list.md", "fmt": "markdown",
        "q": questions[0], "selected": questions[:2],
        "perfusion_ml_min_100g": 2.0, "perfusion_per_s": 3e-4, "rate_per_s": 0.01,
        "times_s": np.array([0.0, 60.0, 600.0]), "layers": circulation.default_layers(),
        "layers_before": circulation.default_layers(),
        "layers_after": circulation.default_layers(skin_perfusion_ml_min_100g=6.0),
        "index": 0, "skin_perfusions_ml_min_100g": np.array([1.0, 5.0]),
        "sensitivity": 0.6, "specificity": 0.8, "probability": 0.4, "pre_test": 0.5,
        "likelihood_ratio": 2.0, "successes": 30, "total": 50, "n_with": 40, "n_without": 40,
        "text": "a;b", "conditions": load_table("heel_pain_conditions").rows,
        "findings": findings, "flags": load_table("red_flags").rows,
        "ticked": [findings[0]["finding_id"]],
        "still_symptomatic_pct": 20.0, "months": 12.0, "monthly_recovery_pct": 5.0,
        "noise_sd_points": 1.0, "enrol_threshold_points": 6.0,
        "result": evidence.simulate_cohort(seed=1), "trial": evidence.trial_names()[0],
        "body_mass_kg": 70.0, "toe_extension_deg": 30.0, "time_s": np.array([0.0, 60.0]),
        "rest_min": 30.0, "walk_min": 2.0,
        "value": "2026-01-05", "entries": [painlog.Entry(datetime.date(2026, 1, d), 5 - d % 3)
                                           for d in range(1, 8)],
        "minutes_by_region": {"soleus": 2.0}, "plan": plan,
        "points": [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)], "x": 5.0, "y": 5.0,
        "rmap": regions.load_region_map(), "score": 3, "seconds": 75,
        "c": tr.compare_effects(), "step_id": "first_visit", "week": 3,
        "key": "kitaoka1994", "keys": ["kitaoka1994"], "lr": 2.0, "topic": "clot",
        "name": "x_mm", "low": 0, "high": 10, "choices": ("a", "b"),
        "trend": painlog.Trend(n=6, window=3, start=6.0, recent=6.0, change=0.0,
                               percent_change=0.0, meaningful=False, worse=False),
    }


GOOD = {}

# parameters whose good value depends on the function
BY_FUNCTION = {
    "helpers.models.painlog.check_score": {"value": 3},
    "helpers.validate.check_range": {"value": 5.0},
    "helpers.validate.check_positive": {"value": 5.0},
    "helpers.validate.check_array_range": {"values": [1.0, 2.0]},
    "helpers.validate.check_choice": {"value": "a"},
    "helpers.models.treatments.plan_text": {"plan": "strength"},
    "helpers.models.routine.safety_screen": {"ticked": ["night_pain"]},
}


def good_arguments(name, func):
    """Good keyword arguments for every required parameter of ``func``."""
    if not GOOD:
        GOOD.update(_good())
    out = {}
    special = BY_FUNCTION.get(name, {})
    for p in _params(func):
        if p.default is not inspect.Parameter.empty:
            continue
        if special.get(p.name) == "strength":
            from helpers.models import treatments

            out[p.name] = treatments.strength_plan()
        elif p.name in special:
            out[p.name] = special[p.name]
        else:
            out[p.name] = GOOD[p.name]
    return out


def _non_finite(value, depth=0) -> bool:
    """True if a number, array, sequence or dataclass in the result is NaN or infinite."""
    if depth > 3 or isinstance(value, (str, bytes, bool)):
        return False
    if isinstance(value, (float, np.floating)):
        return not math.isfinite(value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind == "f" and not np.isfinite(value).all()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_non_finite(getattr(value, f.name), depth + 1)
                   for f in dataclasses.fields(value))
    if isinstance(value, (list, tuple)):
        return any(_non_finite(v, depth + 1) for v in value[:50])
    if isinstance(value, dict):
        return any(_non_finite(v, depth + 1) for v in list(value.values())[:50])
    return False


#: functions whose results may hold an infinity for a good input: a likelihood ratio with no
#: false positives (specificity 1) is infinite, and the course shows it as "infinite"
MAY_BE_INFINITE = {"helpers.models.diagnosis.likelihood_ratios",
                   "helpers.models.diagnosis.evaluate_test"}

CASES = [(name, func, param.name, label)
         for name, func in FUNCTIONS for param in _params(func)
         for label in BAD_VALUES
         if not name.endswith("save_plan")]  # writes a file: tests/test_reliability_saving.py


@pytest.mark.parametrize("name, func, param, label", CASES,
                         ids=[f"{n.split('helpers.')[-1]}-{p}-{b}" for n, _, p, b in CASES])
def test_each_bad_value_of_each_parameter_is_refused_by_name_or_gives_a_finite_result(
        name, func, param, label):
    kwargs = good_arguments(name, func)
    kwargs[param] = BAD_VALUES[label]
    try:
        result = func(**kwargs)
    except ValueError as exc:
        # a check of helpers.validate speaks of the learner's parameter, given as ``name``
        names = (param, kwargs["name"]) if name.startswith("helpers.validate.") else (param,)
        assert any(n in str(exc) for n in names), f"{name}({param}={label}): {exc}"
        return
    except Exception as exc:  # noqa: BLE001 - any other type is a failure
        pytest.fail(f"{name}({param}={label}) raised {type(exc).__name__}: {exc}")
    if name not in MAY_BE_INFINITE:
        assert not _non_finite(result), f"{name}({param}={label}) returned {result!r:.300}"


JUDGE_INPUTS = {
    "text": "the heel", "empty": "", "spaces": "   ", "huge int": 10 ** 400,
    "9 x 5000": "9" * 5000, "1e400 as text": "1e400", "nan": math.nan, "nan as text": "nan",
    "inf": math.inf, "-inf as text": "-inf", "None": None, "-1e308": -1e308, "zero": 0,
    "list": [1, 2], "dict": {"a": 1}, "bytes": b"12", "bool": True, "complex": 1j,
    "unicode": "\u00e9\u200b\U0001f9b6", "html": "<script>alert(1)</script>",
}


@pytest.mark.parametrize("label", JUDGE_INPUTS)
@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_every_judge_answers_each_hostile_input_with_one_short_sentence(exercise_id, label):
    ex = exercises.get(exercise_id)
    answer = JUDGE_INPUTS[label]
    feedback = ex.check(answer)
    assert isinstance(feedback.message, str) and 0 < len(feedback.message) < 1000
    assert feedback.correct in ((None,) if answer is None else (True, False))
    correct, why = ex.judge(answer)
    assert isinstance(why, str) and why and len(why) < 1000
    for bad in ("nan%", "inf%", "Traceback"):
        assert bad not in feedback.message, feedback.message
    assert "<script>" not in feedback._repr_html_()  # quoted answers are escaped when shown
