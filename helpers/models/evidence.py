"""Why people with heel pain get better anyway: a seeded simulation of a small trial.

The simulation follows a cohort of people with plantar heel pain through a study that lasts a few
months, on a 0 to 10 pain score (like a numeric pain rating scale):

1. **Screening.** Each person has an underlying pain level (normal distribution, mean
   ``BASELINE_MEAN_POINTS``, SD ``BASELINE_SD_POINTS``). The score written down on a given day is
   that level plus day-to-day and measurement noise (normal, SD ``noise_sd_points``). People are
   enrolled only if the score on the day they are screened is at least
   ``enrol_threshold_points``: they come to a study when their pain is at its worst.
2. **Randomisation.** The enrolled people are shuffled into two equal groups.
3. **Natural history.** Everyone's underlying pain shrinks by the same fraction each month
   (``monthly_recovery_pct``), treated or not.
4. **Treatment.** The treated group's follow-up pain is lower by ``true_effect_points`` (the
   effect you set; negative means harm).
5. **Follow-up.** A new score is written down: underlying pain plus fresh noise.

Two estimates of the treatment effect are computed from the same people:

- the **uncontrolled before/after** estimate, the average improvement of the treated group
  (what a clinic's case series or a testimonial sees), and
- the **randomised** estimate, the difference between the two groups at follow-up.

The before/after estimate also contains natural recovery and *regression to the mean* (people
picked on a bad day score better next time even if nothing changed). The randomised estimate
does not, because both groups share them.

What is assumed (teaching assumptions, not data): the 0 to 10 score, the baseline mean and SD,
normal noise of the same size at both visits, a constant monthly recovery fraction that is the
same for everyone, an effect that is the same for everyone, no drop-outs, and scores that are not
cut off at 0 and 10 (a real scale's floor would squash changes near 0). The recovery rates
offered by :func:`recovery_patterns` are calibrated to two follow-up studies, as described in
:func:`recovery_pct_per_month`.

>>> result = simulate_cohort(true_effect_points=1.0, n_patients=200, seed=1)
>>> result.n_patients, int(result.treated.sum())
(200, 100)
>>> result.before_after_points > result.randomised_points
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from helpers import tables
from helpers.validate import check_range

#: Teaching assumption: average underlying pain (0 to 10 score) of people who answer an advert.
BASELINE_MEAN_POINTS = 5.0
#: Teaching assumption: spread (SD) of underlying pain between people.
BASELINE_SD_POINTS = 1.5

#: Ranges the model accepts (the app's sliders use the same ones).
TRUE_EFFECT_RANGE = (-2.0, 4.0)
RECOVERY_RANGE = (0.0, 20.0)
NOISE_RANGE = (0.0, 3.0)
THRESHOLD_RANGE = (0.0, 8.0)
N_PATIENTS_RANGE = (20, 5000)
FOLLOW_UP_RANGE = (0.5, 24.0)
SEED_RANGE = (0, 2**32 - 1)

#: Defaults used by the lesson.
DEFAULTS = {
    "true_effect_points": 0.5,
    "monthly_recovery_pct": 3.58,  # Wolgin 1994 calibration (82% resolved at 47 months)
    "noise_sd_points": 1.2,
    "enrol_threshold_points": 6.0,
    "n_patients": 100,
    "follow_up_months": 3.0,
    "seed": 2026,
}

Z_95 = 1.959963984540054


# --------------------------------------------------------------------------------------------
# natural history: calibration
# --------------------------------------------------------------------------------------------

def recovery_pct_per_month(still_symptomatic_pct, months) -> float:
    """Monthly recovery that leaves ``still_symptomatic_pct`` after ``months``.

    Calibration rule (a teaching assumption): if a study found that a share *s* of patients
    still had symptoms after *t* months, we choose the monthly fraction *p* so that a steady
    loss of *p* of the remaining pain each month leaves the fraction *s* of the starting pain
    after *t* months: ``(1 - p) ** t = s``, so ``p = 1 - s ** (1 / t)``. This equates "share of
    people still with symptoms" with "share of pain left", which is a simplification.

    Parameters
    ----------
    still_symptomatic_pct : float
        Percent still with symptoms at the time point (0.1 to 99.9).
    months : float
        Time point in months (0.1 to 600).

    Returns
    -------
    float
        Percent of the remaining pain lost each month.

    >>> round(recovery_pct_per_month(18, 47), 2)      # Wolgin 1994: 82% resolved at 47 months
    3.58
    >>> round(recovery_pct_per_month(80.5, 12), 2)    # Hansen 2018: 80.5% still at 1 year
    1.79
    """
    s = check_range("still_symptomatic_pct", still_symptomatic_pct, 0.1, 99.9, "%") / 100.0
    t = check_range("months", months, 0.1, 600, "months")
    return 100.0 * (1.0 - s ** (1.0 / t))


def remaining_fraction(monthly_recovery_pct, months) -> float:
    """Fraction of underlying pain left after ``months`` at a steady monthly recovery.

    >>> remaining_fraction(0, 3)
    1.0
    >>> round(remaining_fraction(recovery_pct_per_month(18, 47), 47), 3)
    0.18
    """
    p = check_range("monthly_recovery_pct", monthly_recovery_pct, *RECOVERY_RANGE, "% per month")
    t = check_range("follow_up_months", months, 0.0, 600, "months")
    return float((1.0 - p / 100.0) ** t)


@dataclass(frozen=True)
class RecoveryPattern:
    """A recovery rate calibrated to one time point of a follow-up study."""

    key: str
    label: str
    study: str
    months: float
    still_symptomatic_pct: float
    monthly_recovery_pct: float
    population: str
    outcome_definition: str
    status: str
    source: str


def load_natural_history():
    """The natural-history table (``data/natural_history.csv``), validated."""
    return tables.load_table("natural_history")


def recovery_patterns() -> tuple:
    """One :class:`RecoveryPattern` per row of ``data/natural_history.csv``, plus 'none'.

    >>> [p.key for p in recovery_patterns()][:2]
    ['wolgin1994_47m', 'hansen2018_12m']
    """
    out = []
    for row in load_natural_history():
        months = row["time_months"]
        years = months / 12
        when = f"{months:g} months" if months % 12 else f"{years:g} year{'s' if years != 1 else ''}"
        pct = recovery_pct_per_month(row["still_symptomatic_pct"], months)
        label = (
            f"{row['study']}: {row['still_symptomatic_pct']:g}% still with symptoms at {when}"
            f" ({pct:.2f}% per month)"
        )
        out.append(
            RecoveryPattern(
                key=row["study_id"], label=label, study=row["study"], months=months,
                still_symptomatic_pct=row["still_symptomatic_pct"], monthly_recovery_pct=pct,
                population=row["population"], outcome_definition=row["outcome_definition"],
                status=row["status"], source=row["source"],
            )
        )
    out.append(
        RecoveryPattern(
            key="none", label="No natural recovery (0% per month)", study="none", months=0.0,
            still_symptomatic_pct=100.0, monthly_recovery_pct=0.0, population="",
            outcome_definition="", status="", source="",
        )
    )
    return tuple(out)


# --------------------------------------------------------------------------------------------
# the simulation
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    """Validated settings of one simulated study (see :func:`simulate_cohort`)."""

    true_effect_points: float
    monthly_recovery_pct: float
    noise_sd_points: float
    enrol_threshold_points: float
    n_patients: int
    follow_up_months: float
    seed: int


def make_settings(
    *,
    true_effect_points=DEFAULTS["true_effect_points"],
    monthly_recovery_pct=DEFAULTS["monthly_recovery_pct"],
    noise_sd_points=DEFAULTS["noise_sd_points"],
    enrol_threshold_points=DEFAULTS["enrol_threshold_points"],
    n_patients=DEFAULTS["n_patients"],
    follow_up_months=DEFAULTS["follow_up_months"],
    seed=DEFAULTS["seed"],
) -> Settings:
    """Check every setting and return :class:`Settings`; impossible values raise ``ValueError``.

    >>> make_settings(noise_sd_points=-1)
    Traceback (most recent call last):
    ...
    ValueError: noise_sd_points must be between 0 and 3 points; got -1
    """
    effect = check_range("true_effect_points", true_effect_points, *TRUE_EFFECT_RANGE, "points")
    recovery = check_range(
        "monthly_recovery_pct", monthly_recovery_pct, *RECOVERY_RANGE, "% per month"
    )
    noise = check_range("noise_sd_points", noise_sd_points, *NOISE_RANGE, "points")
    threshold = check_range(
        "enrol_threshold_points", enrol_threshold_points, *THRESHOLD_RANGE, "points"
    )
    n = check_range("n_patients", n_patients, *N_PATIENTS_RANGE, "patients")
    if n != int(n):
        raise ValueError(f"n_patients must be a whole number of patients; got {n_patients}")
    months = check_range("follow_up_months", follow_up_months, *FOLLOW_UP_RANGE, "months")
    s = check_range("seed", seed, *SEED_RANGE)
    if s != int(s):
        raise ValueError(f"seed must be a whole number; got {seed}")
    return Settings(effect, recovery, noise, threshold, int(n), months, int(s))


@dataclass(frozen=True, eq=False)
class CohortResult:
    """One simulated study. Scores are on the 0 to 10 scale; improvements are positive.

    Attributes
    ----------
    settings : Settings
    n_screened : int
        People screened to enrol ``n_patients``.
    screened_mean_points : float
        Average screening score of everyone screened (enrolled or not).
    baseline_points, followup_points : ndarray
        Scores of the enrolled people at enrolment and at follow-up.
    treated : ndarray of bool
        True for people randomised to the treatment.
    before_after_points : float
        Average improvement (baseline minus follow-up) in the treated group: the uncontrolled
        before/after estimate.
    control_change_points : float
        Average improvement in the untreated group.
    randomised_points : float
        Untreated minus treated average follow-up score: the randomised estimate.
    randomised_se_points : float
        Its standard error, ``sqrt(var_c / n_c + var_t / n_t)``.
    randomised_ci_points : tuple
        Normal-approximation 95% interval.
    """

    settings: Settings
    n_screened: int
    screened_mean_points: float
    baseline_points: np.ndarray
    followup_points: np.ndarray
    treated: np.ndarray
    mean_baseline_treated: float
    mean_followup_treated: float
    mean_baseline_control: float
    mean_followup_control: float
    before_after_points: float
    control_change_points: float
    randomised_points: float
    randomised_se_points: float
    randomised_ci_points: tuple

    @property
    def n_patients(self) -> int:
        return self.settings.n_patients

    @property
    def true_effect_points(self) -> float:
        return self.settings.true_effect_points

    @property
    def before_after_bias_points(self) -> float:
        """How far the before/after estimate is from the true effect."""
        return self.before_after_points - self.settings.true_effect_points


def _normal_sf(a: float) -> float:
    """P(Z >= a) for a standard normal Z."""
    return 0.5 * math.erfc(a / math.sqrt(2.0))


def _mills(a: float) -> float:
    """phi(a) / P(Z >= a), the mean of a standard normal above a (stable for large a)."""
    sf = _normal_sf(a)
    if sf < 1e-300:
        return a
    return math.exp(-0.5 * a * a) / math.sqrt(2.0 * math.pi) / sf


def enrol_fraction(noise_sd_points, enrol_threshold_points) -> float:
    """Share of screened people whose screening score reaches the threshold.

    >>> round(enrol_fraction(0.0, 5.0), 3)
    0.5
    """
    noise = check_range("noise_sd_points", noise_sd_points, *NOISE_RANGE, "points")
    c = check_range("enrol_threshold_points", enrol_threshold_points, *THRESHOLD_RANGE, "points")
    sigma = math.hypot(BASELINE_SD_POINTS, noise)
    return _normal_sf((c - BASELINE_MEAN_POINTS) / sigma)


@dataclass(frozen=True)
class Expected:
    """What the estimates average to over many repeats of the same study (exact, not simulated).

    ``before_after = true_effect + natural_recovery + regression_to_mean``;
    ``control_change = natural_recovery + regression_to_mean``; ``randomised = true_effect``.
    """

    true_effect_points: float
    natural_recovery_points: float
    regression_to_mean_points: float
    before_after_points: float
    control_change_points: float
    randomised_points: float
    enrol_fraction: float
    enrolled_mean_points: float


def expected_estimates(**settings) -> Expected:
    """Expected values of the estimates, from the normal model (truncated-normal means).

    With ``sigma = sqrt(sd**2 + noise**2)``, ``a = (threshold - mean) / sigma`` and
    ``m = phi(a) / (1 - Phi(a))``: the enrolled people's average underlying pain is
    ``mean + sd**2 / sigma * m``, their average noise on the screening day is
    ``noise**2 / sigma * m`` (regression to the mean: it does not come back at follow-up), and
    natural recovery removes ``1 - remaining_fraction`` of the underlying pain.

    >>> e = expected_estimates(true_effect_points=0, monthly_recovery_pct=0,
    ...                        noise_sd_points=0, enrol_threshold_points=6)
    >>> e.before_after_points
    0.0
    """
    s = make_settings(**settings)
    sd, noise = BASELINE_SD_POINTS, s.noise_sd_points
    sigma = math.hypot(sd, noise)
    m = _mills((s.enrol_threshold_points - BASELINE_MEAN_POINTS) / sigma)
    underlying = BASELINE_MEAN_POINTS + sd * sd / sigma * m
    rtm = noise * noise / sigma * m
    natural = underlying * (1.0 - remaining_fraction(s.monthly_recovery_pct, s.follow_up_months))
    effect = s.true_effect_points
    return Expected(
        true_effect_points=effect,
        natural_recovery_points=natural,
        regression_to_mean_points=rtm,
        before_after_points=effect + natural + rtm,
        control_change_points=natural + rtm,
        randomised_points=effect,
        enrol_fraction=enrol_fraction(noise, s.enrol_threshold_points),
        enrolled_mean_points=underlying + rtm,
    )


def _screen(rng, n, noise, threshold):
    """Draw people until ``n`` have a screening score >= threshold (vectorised in batches)."""
    q = max(enrol_fraction(noise, threshold), 1e-9)
    kept_t, kept_s = [], []
    kept = 0
    screened = 0
    score_sum = 0.0
    while kept < n:
        need = n - kept
        m = int(math.ceil(need / q * 1.15)) + 64
        underlying = rng.normal(BASELINE_MEAN_POINTS, BASELINE_SD_POINTS, m)
        score = underlying + noise * rng.standard_normal(m)
        ok = np.flatnonzero(score >= threshold)
        if ok.size >= need:
            last = ok[need - 1]  # the person who completes enrolment
            ok = ok[:need]
            used = last + 1
        else:
            used = m
        kept_t.append(underlying[ok])
        kept_s.append(score[ok])
        kept += ok.size
        screened += used
        score_sum += float(score[:used].sum())
    return np.concatenate(kept_t), np.concatenate(kept_s), screened, score_sum / screened


def simulate_cohort(**settings) -> CohortResult:
    """Simulate one study with the given settings (see the module docstring).

    Parameters (all keyword-only; defaults in ``DEFAULTS``)
    ----------
    true_effect_points : float
        How much lower the treated group's pain is at follow-up (-2 to 4 points).
    monthly_recovery_pct : float
        Percent of the remaining underlying pain that fades each month without treatment (0 to 20).
    noise_sd_points : float
        SD of day-to-day and measurement noise on each score (0 to 3 points).
    enrol_threshold_points : float
        Lowest screening score that gets a person into the study (0 to 8 points).
    n_patients : int
        People enrolled, split into two equal groups (20 to 5000).
    follow_up_months : float
        Time from enrolment to follow-up (0.5 to 24 months).
    seed : int
        Seed for ``numpy.random.default_rng``; the same settings give the same numbers.

    The random streams for screening, allocation and follow-up noise are separate (spawned
    from one seed), so changing only the true effect or the recovery rate keeps the same people.

    >>> a = simulate_cohort(seed=3, true_effect_points=0.0)
    >>> b = simulate_cohort(seed=3, true_effect_points=1.0)
    >>> bool(np.allclose(a.baseline_points, b.baseline_points))
    True
    >>> round(b.randomised_points - a.randomised_points, 6)
    1.0
    """
    s = make_settings(**settings)
    screen_rng, alloc_rng, follow_rng = np.random.default_rng(s.seed).spawn(3)
    n = s.n_patients
    underlying, baseline, screened, screened_mean = _screen(
        screen_rng, n, s.noise_sd_points, s.enrol_threshold_points
    )
    treated = np.zeros(n, dtype=bool)
    treated[alloc_rng.permutation(n)[: n // 2]] = True
    left = remaining_fraction(s.monthly_recovery_pct, s.follow_up_months)
    followup = (
        underlying * left
        - s.true_effect_points * treated
        + s.noise_sd_points * follow_rng.standard_normal(n)
    )
    control = ~treated
    f_t, f_c = followup[treated], followup[control]
    mb_t, mb_c = float(baseline[treated].mean()), float(baseline[control].mean())
    mf_t, mf_c = float(f_t.mean()), float(f_c.mean())
    se = math.sqrt(f_t.var(ddof=1) / f_t.size + f_c.var(ddof=1) / f_c.size)
    diff = mf_c - mf_t
    return CohortResult(
        settings=s,
        n_screened=int(screened),
        screened_mean_points=float(screened_mean),
        baseline_points=baseline,
        followup_points=followup,
        treated=treated,
        mean_baseline_treated=mb_t,
        mean_followup_treated=mf_t,
        mean_baseline_control=mb_c,
        mean_followup_control=mf_c,
        before_after_points=mb_t - mf_t,
        control_change_points=mb_c - mf_c,
        randomised_points=diff,
        randomised_se_points=se,
        randomised_ci_points=(diff - Z_95 * se, diff + Z_95 * se),
    )


def summary_text(result: CohortResult) -> str:
    """Plain-text summary of a simulated study (what the app's readout shows).

    >>> print(summary_text(simulate_cohort(seed=1)).splitlines()[0])
    Screened 342 people to enrol 100 (enrolment needs a score of at least 6 of 10).
    """
    s = result.settings
    e = expected_estimates(
        true_effect_points=s.true_effect_points, monthly_recovery_pct=s.monthly_recovery_pct,
        noise_sd_points=s.noise_sd_points, enrol_threshold_points=s.enrol_threshold_points,
        n_patients=s.n_patients, follow_up_months=s.follow_up_months, seed=s.seed,
    )
    lo, hi = result.randomised_ci_points
    return "\n".join(
        [
            f"Screened {result.n_screened} people to enrol {s.n_patients} (enrolment needs a score"
            f" of at least {s.enrol_threshold_points:g} of 10).",
            f"Average screening score of everyone screened: {result.screened_mean_points:.2f};"
            f" of those enrolled: {result.baseline_points.mean():.2f}.",
            f"True effect you set: {s.true_effect_points:.2f} points.",
            f"Uncontrolled before/after (treated group only): {result.before_after_points:.2f}"
            " points better.",
            f"Untreated group, same study: {result.control_change_points:.2f} points better.",
            f"Randomised comparison: {result.randomised_points:.2f} points"
            f" (95% CI {lo:.2f} to {hi:.2f}).",
            f"Over many repeats, before/after averages {e.before_after_points:.2f} ="
            f" effect {e.true_effect_points:.2f} + natural recovery {e.natural_recovery_points:.2f}"
            f" + regression to the mean {e.regression_to_mean_points:.2f}.",
        ]
    )


# --------------------------------------------------------------------------------------------
# the trials and the guidelines
# --------------------------------------------------------------------------------------------

PLOTTED_KINDS = (
    "difference between groups",
    "change in each group",
    "percent reduction in each group",
)


def load_trials():
    """The trial results table (``data/trials.csv``), validated."""
    return tables.load_table("trials")


def load_guideline_grades():
    """The guideline grades table (``data/guideline_grades.csv``), validated."""
    return tables.load_table("guideline_grades")


def trial_names(role=None, rows=None) -> list:
    """Trial labels in table order, each once; ``role`` filters by the ``role`` column.
    ``rows``: the trial rows to read (by default the whole table).

    >>> trial_names("comparator (context)")
    ['Radford 2007', 'McClinton 2019']
    """
    names = []
    for row in load_trials() if rows is None else rows:
        if (role is None or row["role"] == role) and row["trial"] not in names:
            names.append(row["trial"])
    return names


def trial_rows(trial: str) -> tuple:
    """Every result row of one trial (``ValueError`` for an unknown trial)."""
    rows = tuple(r for r in load_trials() if r["trial"] == trial)
    if not rows:
        raise ValueError(f"trial must be one of {', '.join(trial_names())}; got {trial!r}")
    return rows


def plotted_scales(rows=None) -> list:
    """Outcome scales that have at least one number to plot, in table order (of ``rows``, by
    default the whole table)."""
    scales = []
    for row in load_trials() if rows is None else rows:
        if row["result_kind"] in PLOTTED_KINDS and row["outcome_scale"] not in scales:
            scales.append(row["outcome_scale"])
    return scales


def unplotted_rows(rows=None) -> tuple:
    """Rows reported without a number we can plot (P values only, no difference), among
    ``rows`` (by default the whole table)."""
    rows = load_trials() if rows is None else rows
    return tuple(r for r in rows if r["result_kind"] not in PLOTTED_KINDS)


# every public function answers bad input with a learner-facing ValueError
from helpers.validate import check_module_inputs  # noqa: E402

check_module_inputs(globals())
