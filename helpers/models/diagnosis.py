"""Diagnostic reasoning for lesson 07: test results as likelihood ratios, and which conditions a
set of findings points to.

Pure numpy; no widget or plotting code. Probabilities are fractions between 0 and 1 inside
the functions (the lesson shows them as percentages).

A test's **sensitivity** is the share of people *with* the condition whose test is positive;
its **specificity** the share of people *without* it whose test is negative. The likelihood
ratios combine them:

- ``LR+ = sensitivity / (1 - specificity)``: how much a positive result multiplies the odds;
- ``LR- = (1 - sensitivity) / specificity``: how much a negative result multiplies them.

Bayes' rule in odds form (the reasoning of a Fagan nomogram): ``post-test odds = pre-test
odds x LR``, with ``odds = p / (1 - p)``. A test with 100% specificity has no false positives
in its study, so its LR+ is infinite and a positive result takes the probability to 100%; a
test with low sensitivity has an LR- near 1, so a negative result hardly lowers it.

>>> r = evaluate_test(0.5, sensitivity=0.318, specificity=1.0)
>>> r.post_positive, round(r.post_negative, 3)
(1.0, 0.405)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from helpers.schemas.base import split_ids as _split_ids
from helpers.validate import check_array_range, check_range

#: Smallest and largest pre-test probability the lesson's slider offers (fractions).
PRE_TEST_RANGE = (0.01, 0.99)
#: z for a two-sided 95% interval.
Z95 = 1.959963984540054


# --------------------------------------------------------------------------------------------
# Likelihood ratios and post-test probability
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LikelihoodRatios:
    """``positive`` (LR+, may be ``inf``) and ``negative`` (LR-, may be 0 or ``inf``)."""

    positive: float
    negative: float


def _check_accuracy(sensitivity, specificity):
    sens = check_range("sensitivity", sensitivity, 0, 1)
    spec = check_range("specificity", specificity, 0, 1)
    if sens + spec <= 1:
        raise ValueError(
            "sensitivity + specificity must be more than 1 for a test that tells anything; "
            f"got {sens:g} + {spec:g}"
        )
    return sens, spec


def likelihood_ratios(sensitivity: float, specificity: float) -> LikelihoodRatios:
    """LR+ and LR- of a test.

    Parameters
    ----------
    sensitivity, specificity : float
        Fractions between 0 and 1 whose sum is more than 1.

    Raises
    ------
    ValueError
        For a number outside 0 to 1, NaN, or a test no better than chance.

    Examples
    --------
    >>> lr = likelihood_ratios(0.96, 0.9)
    >>> round(lr.positive, 1), round(lr.negative, 3)
    (9.6, 0.044)
    >>> likelihood_ratios(0.318, 1.0).positive
    inf
    """
    sens, spec = _check_accuracy(sensitivity, specificity)
    positive = math.inf if spec == 1 else sens / (1 - spec)
    negative = (1 - sens) / spec
    return LikelihoodRatios(positive, negative)


def odds(probability):
    """``p / (1 - p)``; infinite at ``p = 1``.

    >>> float(odds(0.2))
    0.25
    """
    p = np.asarray(probability, dtype=float)
    with np.errstate(divide="ignore"):
        return p / (1 - p)


def post_test_probability(pre_test, likelihood_ratio):
    """Probability after a result with likelihood ratio ``likelihood_ratio``.

    ``pre_test`` may be an array (fractions from 0 to 1). ``likelihood_ratio`` may be ``inf``
    (no false positives: any positive result gives 1, unless ``pre_test`` is 0).

    Raises
    ------
    ValueError
        If a probability is outside 0 to 1 or the ratio is negative or NaN.

    Examples
    --------
    >>> float(post_test_probability(0.5, 9.0))
    0.9
    >>> float(post_test_probability(0.3, float("inf")))
    1.0
    """
    p = check_array_range("pre_test", pre_test, 0, 1)
    lr = float(likelihood_ratio)
    if math.isnan(lr) or lr < 0:
        raise ValueError(f"likelihood_ratio must be 0 or more; got {likelihood_ratio}")
    if math.isinf(lr):
        out = np.where(p > 0, 1.0, 0.0)
    else:
        out = lr * p / (lr * p + (1 - p))
    return out if out.ndim else float(out)


@dataclass(frozen=True)
class DiagnosticOutcome:
    """What a test does to one pre-test probability (all probabilities are fractions).

    Attributes
    ----------
    pre_test, sensitivity, specificity : float
        The inputs.
    lr_positive, lr_negative : float
        Likelihood ratios (LR+ may be ``inf``).
    post_positive, post_negative : float
        Probability after a positive and after a negative result.
    per_100 : dict
        Natural frequencies for 100 people with this pre-test probability:
        ``with``, ``true_positive``, ``false_negative``, ``without``, ``false_positive``,
        ``true_negative`` and ``positive`` (all test positives), as floats.
    """

    pre_test: float
    sensitivity: float
    specificity: float
    lr_positive: float
    lr_negative: float
    post_positive: float
    post_negative: float
    per_100: dict

    @property
    def change_positive(self) -> float:
        """Rise in probability after a positive result (fraction)."""
        return self.post_positive - self.pre_test

    @property
    def change_negative(self) -> float:
        """Fall in probability after a negative result (fraction, positive means a fall)."""
        return self.pre_test - self.post_negative


def evaluate_test(pre_test: float, sensitivity: float, specificity: float) -> DiagnosticOutcome:
    """Post-test probabilities for a positive and a negative result.

    Parameters
    ----------
    pre_test : float
        Probability of the condition before the test, 0.01 to 0.99.
    sensitivity, specificity : float
        Of the test, fractions (their sum above 1).

    Examples
    --------
    >>> r = evaluate_test(0.2, 0.96, 1.0)
    >>> r.post_positive, round(r.post_negative, 4)
    (1.0, 0.0099)
    >>> r.per_100["true_positive"], r.per_100["false_positive"]
    (19.2, 0.0)
    """
    p = check_range("pre_test", pre_test, *PRE_TEST_RANGE)
    lr = likelihood_ratios(sensitivity, specificity)
    sens, spec = float(sensitivity), float(specificity)
    with_ = 100 * p
    without = 100 - with_
    per_100 = {
        "with": with_,
        "true_positive": round(sens * with_, 10),
        "false_negative": round((1 - sens) * with_, 10),
        "without": without,
        "false_positive": round((1 - spec) * without, 10),
        "true_negative": round(spec * without, 10),
    }
    per_100["positive"] = per_100["true_positive"] + per_100["false_positive"]
    return DiagnosticOutcome(
        p, sens, spec, lr.positive, lr.negative,
        post_test_probability(p, lr.positive), post_test_probability(p, lr.negative), per_100,
    )


def post_test_curves(sensitivity: float, specificity: float, pre_test=None) -> dict:
    """Post-test probability across pre-test probabilities, for both results.

    Returns a dict of arrays: ``pre_test`` (default 0.01 to 0.99), ``positive``, ``negative``.

    >>> c = post_test_curves(0.5, 0.9, [0.1, 0.5])
    >>> [round(float(v), 3) for v in c["positive"]]
    [0.357, 0.833]
    """
    pre = (np.linspace(*PRE_TEST_RANGE, 99) if pre_test is None
           else check_array_range("pre_test", pre_test, 0, 1))
    lr = likelihood_ratios(sensitivity, specificity)
    return {
        "pre_test": pre,
        "positive": np.asarray(post_test_probability(pre, lr.positive), dtype=float),
        "negative": np.asarray(post_test_probability(pre, lr.negative), dtype=float),
    }


# --------------------------------------------------------------------------------------------
# Uncertainty from a small study
# --------------------------------------------------------------------------------------------


def wilson_interval(successes: int, total: int, z: float = Z95) -> tuple:
    """95% Wilson score interval for a proportion ``successes / total``.

    It stays inside 0 to 1 and gives a sensible interval at 0% and 100%, where the simple
    ``p +/- 1.96 SE`` interval collapses to a point.

    Raises
    ------
    ValueError
        If ``total`` is not a whole number of at least 1 or ``successes`` is outside 0..total.

    Examples
    --------
    >>> low, high = wilson_interval(50, 50)
    >>> round(low, 3), high
    (0.929, 1.0)
    """
    n = check_range("total", total, 1)
    k = check_range("successes", successes, 0, n)
    if n != int(n):
        raise ValueError(f"total must be a whole number of people; got {total}")
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class StudyRange:
    """Plausible post-test probabilities given the study's size.

    ``sensitivity_ci`` and ``specificity_ci`` are 95% Wilson intervals; ``positive`` and
    ``negative`` are (lowest, highest) post-test probabilities over the corners of those
    intervals, at ``pre_test``.
    """

    pre_test: float
    sensitivity_ci: tuple
    specificity_ci: tuple
    positive: tuple
    negative: tuple


def study_range(pre_test: float, sensitivity: float, specificity: float,
                n_with: int, n_without: int) -> StudyRange:
    """How far the post-test probabilities could move with the study's uncertainty.

    The counts are rebuilt as ``round(sensitivity * n_with)`` and
    ``round(specificity * n_without)``; the 95% interval of each proportion is combined at its
    corners (a simple bound, not a joint confidence region).

    Examples
    --------
    >>> s = study_range(0.5, 0.318, 1.0, 22, 53)
    >>> round(s.specificity_ci[0], 3), round(s.positive[0], 2)
    (0.932, 0.71)
    """
    p = check_range("pre_test", pre_test, *PRE_TEST_RANGE)
    n1 = int(check_range("n_with", n_with, 1))
    n0 = int(check_range("n_without", n_without, 1))
    sens_ci = wilson_interval(round(check_range("sensitivity", sensitivity, 0, 1) * n1), n1)
    spec_ci = wilson_interval(round(check_range("specificity", specificity, 0, 1) * n0), n0)
    pos, neg = [], []
    for se in sens_ci:
        for sp in spec_ci:
            if se + sp <= 1:
                continue
            lr = likelihood_ratios(se, sp)
            pos.append(post_test_probability(p, lr.positive))
            neg.append(post_test_probability(p, lr.negative))
    return StudyRange(p, sens_ci, spec_ci, (min(pos), max(pos)), (min(neg), max(neg)))


def study_accuracy(sensitivity: float, specificity: float, n_with: int, n_without: int) -> float:
    """Share of a study's participants the test classed correctly:
    ``(sensitivity x n_with + specificity x n_without) / (n_with + n_without)``.

    Used to check the model against an accuracy a study reported but the model was not given.

    >>> study_accuracy(0.96, 1.0, 50, 50)
    0.98
    """
    sens = check_range("sensitivity", sensitivity, 0, 1)
    spec = check_range("specificity", specificity, 0, 1)
    n1 = check_range("n_with", n_with, 1)
    n0 = check_range("n_without", n_without, 1)
    return round((sens * n1 + spec * n0) / (n1 + n0), 12)


def fagan_positions(pre_test: float, likelihood_ratio: float, clip: float = 0.001) -> dict:
    """Heights on a Fagan nomogram (natural-log-odds units) of a straight line from the
    pre-test probability (left axis) through the likelihood ratio (middle) to the post-test
    probability (right).

    The left axis is drawn at ``-logit(pre)`` so that a straight line lands on the right axis
    at ``logit(post) = logit(pre) + ln(LR)``; the middle axis is at ``ln(LR) / 2``.
    Probabilities are clipped to ``[clip, 1 - clip]`` and the ratio to the matching range, so
    an infinite LR+ is drawn at the end of the scale (``clipped`` says so).

    >>> f = fagan_positions(0.5, 9.0)
    >>> round(f["left"], 3), round(f["middle"], 3), round(f["right"], 3)
    (0.0, 1.099, 2.197)
    """
    p = check_range("pre_test", pre_test, 0, 1)
    lo, hi = math.log(clip / (1 - clip)), math.log((1 - clip) / clip)
    p = min(max(p, clip), 1 - clip)
    pre_logit = math.log(p / (1 - p))
    lr = float(likelihood_ratio)
    if math.isnan(lr) or lr < 0:
        raise ValueError(f"likelihood_ratio must be 0 or more; got {likelihood_ratio}")
    log_lr = math.log(lr) if 0 < lr < math.inf else (math.inf if lr > 0 else -math.inf)
    right = pre_logit + log_lr
    clipped = not lo <= right <= hi
    right = min(max(right, lo), hi)
    return {"left": 0.0 - pre_logit + 0.0, "middle": (right - pre_logit) / 2, "right": right,
            "clipped": clipped}


def logit(probability):
    """Natural log-odds, ``ln(p / (1 - p))``.

    >>> round(float(logit(0.9)), 4)
    2.1972
    """
    p = check_array_range("probability", probability, 0, 1)
    if ((p <= 0) | (p >= 1)).any():
        raise ValueError("probability must be between 0 and 1, not 0 or 1 themselves (their "
                         f"log-odds are infinite); got {probability!r}")
    out = np.log(p / (1 - p))
    return out if out.ndim else float(out)


# --------------------------------------------------------------------------------------------
# Which features fit?
# --------------------------------------------------------------------------------------------

NOT_A_DIAGNOSIS = (
    "This explorer teaches reasoning; it does not diagnose. Counting matching findings is not "
    "a probability, and a person with heel pain needs a clinician's examination."
)


def split_ids(text) -> tuple:
    """``'a;b'`` -> ``('a', 'b')``; empty or None gives ``()``.

    >>> split_ids("first_step; numbness")
    ('first_step', 'numbness')
    """
    return tuple(_split_ids(text))


@dataclass(frozen=True)
class FindingsMatch:
    """Which conditions the ticked findings point to.

    Attributes
    ----------
    ticked : tuple of str
        The ticked finding ids, in table order.
    counts : dict
        condition id -> number of ticked findings that point to it (every condition present).
    matched : tuple of str
        Condition ids with at least one match, most matches first (table order on ties).
    red_flags : tuple of str
        Red-flag ids (rows of ``data/red_flags.csv``) among the ticked findings.
    see_clinician : bool
        True when any red flag is ticked.
    """

    ticked: tuple
    counts: dict
    matched: tuple
    red_flags: tuple
    see_clinician: bool


def check_links(conditions, findings, flags) -> None:
    """Raise ``ValueError`` if a condition names a finding or red flag that does not exist, or a
    finding names an unknown red flag (one sentence naming the table, row and id)."""
    finding_ids = {f["finding_id"] for f in findings}
    flag_ids = {f["flag_id"] for f in flags}
    for f in findings:
        if f["red_flag"] and f["red_flag"] not in flag_ids:
            raise ValueError(f"heel_findings.csv: finding {f['finding_id']!r} names red flag "
                             f"{f['red_flag']!r}, which is not in red_flags.csv")
    for c in conditions:
        for fid in split_ids(c["findings"]):
            if fid not in finding_ids:
                raise ValueError(f"heel_pain_conditions.csv: condition {c['condition_id']!r} "
                                 f"names finding {fid!r}, which is not in heel_findings.csv")
        for flag in split_ids(c["red_flags"]):
            if flag not in flag_ids:
                raise ValueError(f"heel_pain_conditions.csv: condition {c['condition_id']!r} "
                                 f"names red flag {flag!r}, which is not in red_flags.csv")


def match_findings(ticked, conditions, findings) -> FindingsMatch:
    """Count, for each condition, how many ticked findings point to it.

    Parameters
    ----------
    ticked : iterable of str
        Finding ids (``finding_id`` of ``data/heel_findings.csv``).
    conditions, findings : sequences of dict
        Rows of ``data/heel_pain_conditions.csv`` and ``data/heel_findings.csv``.

    Raises
    ------
    ValueError
        For an unknown finding id.

    Examples
    --------
    >>> findings = [{"finding_id": "a", "red_flag": None}, {"finding_id": "b", "red_flag": "b"}]
    >>> conditions = [{"condition_id": "x", "findings": "a"},
    ...               {"condition_id": "y", "findings": "a;b"}]
    >>> m = match_findings(["b", "a"], conditions, findings)
    >>> m.matched, m.counts["y"], m.red_flags, m.see_clinician
    (('y', 'x'), 2, ('b',), True)
    """
    order = [f["finding_id"] for f in findings]
    wanted = list(dict.fromkeys(ticked))
    unknown = [t for t in wanted if t not in order]
    if unknown:
        raise ValueError(f"ticked must be finding ids from heel_findings.csv "
                         f"({', '.join(order)}); got {unknown[0]!r}")
    chosen = tuple(fid for fid in order if fid in wanted)
    counts = {c["condition_id"]: sum(1 for fid in split_ids(c["findings"]) if fid in chosen)
              for c in conditions}
    ids = [c["condition_id"] for c in conditions]
    matched = tuple(sorted((cid for cid in ids if counts[cid] > 0),
                           key=lambda cid: (-counts[cid], ids.index(cid))))
    by_id = {f["finding_id"]: f for f in findings}
    flags = tuple(by_id[fid]["red_flag"] for fid in chosen if by_id[fid]["red_flag"])
    return FindingsMatch(chosen, counts, matched, flags, bool(flags))


def post_test_bands(sensitivity: float, specificity: float, n_with: int, n_without: int,
                    pre_test=None) -> dict:
    """Lowest and highest post-test probability across pre-test probabilities, over the corners
    of the 95% intervals of sensitivity and specificity (as :func:`study_range`).

    Returns arrays ``pre_test``, ``positive_low``, ``positive_high``, ``negative_low``,
    ``negative_high``.

    >>> b = post_test_bands(0.96, 1.0, 50, 50, [0.5])
    >>> round(float(b["positive_low"][0]), 3), round(float(b["negative_high"][0]), 3)
    (0.924, 0.127)
    """
    pre = (np.linspace(*PRE_TEST_RANGE, 99) if pre_test is None
           else check_array_range("pre_test", pre_test, 0, 1))
    n1 = int(check_range("n_with", n_with, 1))
    n0 = int(check_range("n_without", n_without, 1))
    sens_ci = wilson_interval(round(check_range("sensitivity", sensitivity, 0, 1) * n1), n1)
    spec_ci = wilson_interval(round(check_range("specificity", specificity, 0, 1) * n0), n0)
    pos, neg = [], []
    for se in sens_ci:
        for sp in spec_ci:
            if se + sp <= 1:
                continue
            c = post_test_curves(se, sp, pre)
            pos.append(c["positive"])
            neg.append(c["negative"])
    pos, neg = np.array(pos), np.array(neg)
    return {"pre_test": pre, "positive_low": pos.min(axis=0), "positive_high": pos.max(axis=0),
            "negative_low": neg.min(axis=0), "negative_high": neg.max(axis=0)}


# every public function answers bad input with a learner-facing ValueError
from helpers.validate import check_module_inputs  # noqa: E402

check_module_inputs(globals())
