"""Mechanics of the plantar fascia: truss (tie-rod), windlass and viscoelastic relaxation.

Pure numpy models for lesson 01. No widget or plotting code lives here. Every function checks
its inputs with :mod:`helpers.validate`, computes in SI-friendly units (newtons, millimetres,
seconds) and returns a small frozen dataclass whose field names carry the units.

Sourced numbers (see ``data/tissue_properties.csv`` and ``data/sources.csv``):

- structural stiffness of the fascia 203.7 N/mm and failure load 1189 N (Kitaoka et al. 1994);
- peak tension in walking about 0.96 body weight in a cadaver simulation (Erdemir et al. 2004)
  and about 1.5 body weight from a model of three people (Caravaggi et al. 2009);
- windlass: about 1 cm of shortening for a quarter turn of the first ray (Hicks 1954, read only
  as quoted by a secondary page).

Teaching assumptions (not measured values; the lesson says so):

- the load-case multipliers (0.5 of body weight per foot standing on two feet, 1.0 on one foot,
  1.2 at the walking peak);
- the ranges and defaults of arch height and segment lengths;
- the windlass drum radius (chosen so that a quarter turn gives about 1 cm, as Hicks described);
- the relaxation time constant (60 s) and the stride timing used for first-step pain.

>>> r = truss(70, arch_height_mm=40, heel_to_apex_mm=70, apex_to_forefoot_mm=110,
...           load_case="one_foot")
>>> round(r.tension_n), round(r.tension_body_weights, 2)
(734, 1.07)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from helpers.validate import check_array_range, check_choice, check_range

#: Standard gravity, m/s^2.
GRAVITY_M_S2 = 9.81

#: Structural stiffness of the intact fascia, N/mm (Kitaoka et al. 1994, mean).
FASCIA_STIFFNESS_N_PER_MM = 203.7
#: Its spread (one standard deviation), N/mm (Kitaoka et al. 1994).
FASCIA_STIFFNESS_SD_N_PER_MM = 50.5
#: Tensile failure load of the fascia, N (Kitaoka et al. 1994, mean).
FASCIA_FAILURE_LOAD_N = 1189.0
#: Its spread (one standard deviation), N (Kitaoka et al. 1994).
FASCIA_FAILURE_LOAD_SD_N = 244.0
#: Peak fascia tension in walking, cadaver simulation, body weights (Erdemir et al. 2004).
WALKING_PEAK_CADAVER_BW = 0.96
#: Peak fascia tension in walking, model estimate, body weights (Caravaggi et al. 2009).
WALKING_PEAK_MODEL_BW = 1.5
#: Stress relaxation after 240 s, as a fraction: a TEACHING ASSUMPTION (a round value the
#: first-step model is fitted to; no source in the course table gives it for the fascia).
RELAXATION_AT_240_S = 0.40

#: Share of body weight carried by the loaded foot in each load case. TEACHING ASSUMPTION:
#: 0.5 (both feet share the weight equally) and 1.0 (one foot) follow from statics; 1.2 for
#: the walking peak is a round teaching value, not a measured ground reaction force.
LOAD_CASES = {"two_feet": 0.5, "one_foot": 1.0, "walking_peak": 1.2}
#: Labels for the load cases, for controls and readouts.
LOAD_CASE_LABELS = {
    "two_feet": "standing on two feet",
    "one_foot": "standing on one foot",
    "walking_peak": "walking peak (teaching value)",
}

# Ranges the models accept (teaching limits; the sliders stay inside them).
BODY_MASS_RANGE_KG = (20.0, 250.0)
ARCH_HEIGHT_RANGE_MM = (5.0, 80.0)
HEEL_TO_APEX_RANGE_MM = (30.0, 200.0)
APEX_TO_FOREFOOT_RANGE_MM = (40.0, 250.0)
TOE_EXTENSION_RANGE_DEG = (0.0, 90.0)
DRUM_RADIUS_RANGE_MM = (2.0, 20.0)

#: Drum radius in mm so that a quarter turn (90 degrees) shortens the cable by 10 mm, matching
#: Hicks's "about one cm" (secondary source). TEACHING ASSUMPTION derived from that number.
HICKS_DRUM_RADIUS_MM = 10.0 / (math.pi / 2)

#: Relaxation time constant of the standard linear solid, s. TEACHING ASSUMPTION.
RELAXATION_TIME_CONSTANT_S = 60.0


# --------------------------------------------------------------------------------------------
# Truss (tie-rod) model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrussResult:
    """Static tie-rod truss of the medial arch.

    Attributes
    ----------
    body_mass_kg, arch_height_mm, heel_to_apex_mm, apex_to_forefoot_mm : float
        The inputs.
    load_case : str
        One of :data:`LOAD_CASES`.
    foot_load_n : float
        Vertical load applied at the apex of the arch.
    heel_reaction_n, forefoot_reaction_n : float
        Ground reactions under the heel and under the forefoot.
    tension_n : float
        Tension in the tie (the fascia).
    tension_body_weights : float
        ``tension_n`` divided by body weight.
    stretch_mm : float
        Lengthening of the fascia, ``tension_n / stiffness``.
    arch_drop_mm : float
        Fall of the apex when the tie lengthens by ``stretch_mm`` with rigid struts.
    failure_fraction : float
        ``tension_n`` as a fraction of the mean failure load (Kitaoka et al. 1994).
    arch_collapsed : bool
        True when the stretch is too large for the struts to keep any arch: the model has gone
        beyond where it holds (``arch_drop_mm`` is then the whole ``arch_height_mm``).
    walking_references_n : dict
        The published walking peaks for this body mass, source key -> newtons
        (:func:`walking_peak_references_n`), for the figure and readout beside the model.
    """

    body_mass_kg: float
    arch_height_mm: float
    heel_to_apex_mm: float
    apex_to_forefoot_mm: float
    load_case: str
    foot_load_n: float
    heel_reaction_n: float
    forefoot_reaction_n: float
    tension_n: float
    tension_body_weights: float
    stretch_mm: float
    arch_drop_mm: float
    failure_fraction: float
    arch_collapsed: bool
    walking_references_n: dict = field(default_factory=dict, repr=False, compare=False)


def _apex_height_mm(strut_a_mm: float, strut_b_mm: float, span_mm: float) -> float:
    """Height of a triangle's apex over its base (Heron's formula); nan if impossible."""
    s = 0.5 * (strut_a_mm + strut_b_mm + span_mm)
    area_sq = s * (s - strut_a_mm) * (s - strut_b_mm) * (s - span_mm)
    if area_sq <= 0:
        return float("nan")
    return 2.0 * math.sqrt(area_sq) / span_mm


def truss(
    body_mass_kg: float,
    arch_height_mm: float = 40.0,
    heel_to_apex_mm: float = 70.0,
    apex_to_forefoot_mm: float = 110.0,
    load_case: str = "two_feet",
    stiffness_n_per_mm: float = FASCIA_STIFFNESS_N_PER_MM,
) -> TrussResult:
    """Fascia tension in a two-strut truss with the fascia as the tie.

    Two rigid struts (heel and forefoot) meet at the apex of the arch, ``arch_height_mm``
    above the line joining the heel and forefoot contacts. The foot's share of body weight
    pushes down on the apex; the ground pushes up at the two ends; the tie joins the ends.
    Moments about the apex give

    ``tension = load * a * b / ((a + b) * h)``

    with ``a = heel_to_apex_mm``, ``b = apex_to_forefoot_mm`` (horizontal distances) and
    ``h = arch_height_mm``. For a symmetric truss (``a = b = L``) this is ``load * L / (2 h)``.

    Assumptions: static; pin joints; straight rigid struts; the fascia is the only tie (in
    cadaver feet other structures share the load: cutting the fascia lowered arch
    stiffness by 25 %, Huang et al. 1993, so the model overstates the fascia's share); the
    whole load acts at the apex. The stretch uses the fascia's structural stiffness from
    tensile tests (Kitaoka et al. 1994); the arch drop is the geometric fall of the apex for
    that stretch, computed at fixed tension (valid while the drop is small against ``h``).
    Load-case multipliers, default lengths and ranges are TEACHING ASSUMPTIONS.

    Parameters
    ----------
    body_mass_kg : float
        Body mass, 20 to 250 kg.
    arch_height_mm : float
        Apex height above the line of the tie, 5 to 80 mm.
    heel_to_apex_mm : float
        Horizontal distance from heel contact to the apex, 30 to 200 mm.
    apex_to_forefoot_mm : float
        Horizontal distance from the apex to the forefoot contact, 40 to 250 mm.
    load_case : {"two_feet", "one_foot", "walking_peak"}
        Share of body weight on this foot: 0.5, 1.0 or 1.2 (teaching values).
    stiffness_n_per_mm : float
        Structural stiffness of the fascia, 50 to 500 N/mm (default Kitaoka 1994 mean).

    Returns
    -------
    TrussResult

    Raises
    ------
    ValueError
        If a number is NaN, infinite or outside its range, or the load case is unknown, e.g.
        ``"arch_height_mm must be between 5 and 80 mm; got -3"``.

    Examples
    --------
    >>> r = truss(70, 40, 90, 90, "one_foot")
    >>> round(r.tension_n, 1)          # 70 * 9.81 * 90 / (2 * 40)
    772.5
    >>> round(r.stretch_mm, 2), round(r.failure_fraction, 2)
    (3.79, 0.65)
    >>> truss(70, arch_height_mm=-3)
    Traceback (most recent call last):
    ...
    ValueError: arch_height_mm must be between 5 and 80 mm; got -3
    """
    m = check_range("body_mass_kg", body_mass_kg, *BODY_MASS_RANGE_KG, "kg")
    h = check_range("arch_height_mm", arch_height_mm, *ARCH_HEIGHT_RANGE_MM, "mm")
    a = check_range("heel_to_apex_mm", heel_to_apex_mm, *HEEL_TO_APEX_RANGE_MM, "mm")
    b = check_range("apex_to_forefoot_mm", apex_to_forefoot_mm, *APEX_TO_FOREFOOT_RANGE_MM, "mm")
    check_choice("load_case", load_case, tuple(LOAD_CASES))
    k = check_range("stiffness_n_per_mm", stiffness_n_per_mm, 50, 500, "N/mm")

    weight_n = m * GRAVITY_M_S2
    load_n = weight_n * LOAD_CASES[load_case]
    span = a + b
    tension = load_n * a * b / (span * h)
    stretch = tension / k
    strut_a = math.hypot(a, h)
    strut_b = math.hypot(b, h)
    new_h = _apex_height_mm(strut_a, strut_b, span + stretch)
    drop = h - new_h if math.isfinite(new_h) else h
    return TrussResult(
        body_mass_kg=m,
        arch_height_mm=h,
        heel_to_apex_mm=a,
        apex_to_forefoot_mm=b,
        load_case=load_case,
        foot_load_n=load_n,
        heel_reaction_n=load_n * b / span,
        forefoot_reaction_n=load_n * a / span,
        tension_n=tension,
        tension_body_weights=tension / weight_n,
        stretch_mm=stretch,
        arch_drop_mm=drop,
        failure_fraction=tension / FASCIA_FAILURE_LOAD_N,
        arch_collapsed=not math.isfinite(new_h),
        walking_references_n=walking_peak_references_n(m),
    )


def walking_peak_references_n(body_mass_kg: float) -> dict:
    """Published walking peaks of fascia tension, converted to newtons for this body mass.

    Erdemir et al. 2004 (cadaver simulation, 0.96 body weight) and Caravaggi et al. 2009
    (model of three people, 1.5 body weight).

    >>> {k: round(v) for k, v in walking_peak_references_n(70).items()}
    {'erdemir2004': 659, 'caravaggi2009': 1030}
    """
    m = check_range("body_mass_kg", body_mass_kg, *BODY_MASS_RANGE_KG, "kg")
    w = m * GRAVITY_M_S2
    return {"erdemir2004": WALKING_PEAK_CADAVER_BW * w, "caravaggi2009": WALKING_PEAK_MODEL_BW * w}


# --------------------------------------------------------------------------------------------
# Windlass
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WindlassResult:
    """Shortening of the fascia when the big toe extends, and the arch rise it gives.

    Attributes
    ----------
    toe_extension_deg, toe_extension_rad : float
        Extension of the big toe.
    drum_radius_mm : float
        Effective radius of the first metatarsal head (the drum).
    shortening_mm : float
        ``drum_radius_mm * toe_extension_rad``.
    arch_height_mm, new_arch_height_mm, arch_rise_mm : float
        Apex height before and after, and the rise, for rigid struts in the truss geometry.
    """

    toe_extension_deg: float
    toe_extension_rad: float
    drum_radius_mm: float
    shortening_mm: float
    arch_height_mm: float
    new_arch_height_mm: float
    arch_rise_mm: float


def windlass(
    toe_extension_deg: float,
    drum_radius_mm: float = HICKS_DRUM_RADIUS_MM,
    arch_height_mm: float = 40.0,
    heel_to_apex_mm: float = 70.0,
    apex_to_forefoot_mm: float = 110.0,
) -> WindlassResult:
    """Windlass: extending the big toe winds the fascia round the metatarsal head.

    The fascia is treated as a cable wound on a drum: its effective length shortens by the arc
    length ``radius * angle`` (angle in radians). With the struts of :func:`truss` rigid and
    the tie shorter by that amount, the apex rises (exact triangle geometry).

    Assumptions: a circular drum of fixed radius; the cable does not stretch; no load on the
    foot (like the non-weight-bearing windlass test). The default radius is a TEACHING
    ASSUMPTION chosen so that a quarter turn gives about 1 cm, the figure Hicks (1954) gave,
    which this course has read only as quoted by a secondary source. A 2021 kinematic study
    found that the static windlass predicts arch behaviour in walking poorly.

    Parameters
    ----------
    toe_extension_deg : float
        Extension (upward bending) of the big toe, 0 to 90 degrees.
    drum_radius_mm : float
        Effective radius of the first metatarsal head, 2 to 20 mm.
    arch_height_mm, heel_to_apex_mm, apex_to_forefoot_mm : float
        Truss geometry, same ranges as :func:`truss`.

    Returns
    -------
    WindlassResult

    Raises
    ------
    ValueError
        For values out of range, e.g.
        ``"toe_extension_deg must be between 0 and 90 degrees; got 120"``.

    Examples
    --------
    >>> w = windlass(90)
    >>> round(w.shortening_mm, 2)
    10.0
    >>> round(windlass(30, drum_radius_mm=6).shortening_mm, 4)   # 6 * pi / 6
    3.1416
    >>> windlass(120)
    Traceback (most recent call last):
    ...
    ValueError: toe_extension_deg must be between 0 and 90 degrees; got 120
    """
    deg = check_range("toe_extension_deg", toe_extension_deg, *TOE_EXTENSION_RANGE_DEG, "degrees")
    r = check_range("drum_radius_mm", drum_radius_mm, *DRUM_RADIUS_RANGE_MM, "mm")
    h = check_range("arch_height_mm", arch_height_mm, *ARCH_HEIGHT_RANGE_MM, "mm")
    a = check_range("heel_to_apex_mm", heel_to_apex_mm, *HEEL_TO_APEX_RANGE_MM, "mm")
    b = check_range("apex_to_forefoot_mm", apex_to_forefoot_mm, *APEX_TO_FOREFOOT_RANGE_MM, "mm")
    rad = math.radians(deg)
    shortening = r * rad
    strut_a = math.hypot(a, h)
    strut_b = math.hypot(b, h)
    new_h = _apex_height_mm(strut_a, strut_b, a + b - shortening)
    return WindlassResult(
        toe_extension_deg=deg,
        toe_extension_rad=rad,
        drum_radius_mm=r,
        shortening_mm=shortening,
        arch_height_mm=h,
        new_arch_height_mm=new_h,
        arch_rise_mm=new_h - h,
    )


# --------------------------------------------------------------------------------------------
# Viscoelastic relaxation (standard linear solid)
# --------------------------------------------------------------------------------------------


def relaxable_fraction(
    relaxation_at_240_s: float = RELAXATION_AT_240_S,
    time_constant_s: float = RELAXATION_TIME_CONSTANT_S,
) -> float:
    """Fraction of the initial stress a standard linear solid loses in the long run.

    Fitted so that the solid loses ``relaxation_at_240_s`` of its stress 240 s after a step
    stretch: ``g = relaxation_at_240_s / (1 - exp(-240 / time_constant_s))``.

    >>> round(relaxable_fraction(), 4)
    0.4075
    >>> relaxable_fraction(0.6, 300)
    Traceback (most recent call last):
    ...
    ValueError: relaxation_at_240_s must be at most 0.551 for time_constant_s 300 (g <= 1); got 0.6
    """
    f = check_range("relaxation_at_240_s", relaxation_at_240_s, 0, 0.95, "")
    tau = check_range("time_constant_s", time_constant_s, 1, 600, "s")
    reach = 1.0 - math.exp(-240.0 / tau)
    g = f / reach
    if g > 1.0:
        raise ValueError(
            f"relaxation_at_240_s must be at most {reach:.3g} for time_constant_s {tau:g} "
            f"(g <= 1); got {f:g}"
        )
    return g


@dataclass(frozen=True, eq=False)
class RelaxationResult:
    """Stress relaxation of a standard linear solid after a step stretch held constant.

    Attributes
    ----------
    time_s : ndarray
        Times after the step.
    stress_fraction : ndarray
        Stress as a fraction of the stress at the instant of the step.
    relaxation_percent : ndarray
        ``100 * (1 - stress_fraction)``.
    relaxable_fraction : float
        Long-run fraction lost.
    time_constant_s : float
        Relaxation time constant.
    steady_relaxation_percent : float
        ``100 * relaxable_fraction``: the value the relaxation settles at.
    """

    time_s: np.ndarray
    stress_fraction: np.ndarray
    relaxation_percent: np.ndarray
    relaxable_fraction: float
    time_constant_s: float
    steady_relaxation_percent: float


def stress_relaxation(
    time_s,
    relaxation_at_240_s: float = RELAXATION_AT_240_S,
    time_constant_s: float = RELAXATION_TIME_CONSTANT_S,
) -> RelaxationResult:
    """Stress after a step stretch, for a standard linear solid fitted to one assumed point.

    ``stress(t) / stress(0) = 1 - g * (1 - exp(-t / tau))`` with ``g`` from
    :func:`relaxable_fraction`. The point, 40 % relaxation at 240 s, and the time constant
    are TEACHING ASSUMPTIONS that make the hypothesis visible, not measured properties of the
    fascia. One spring-and-dashpot arm cannot capture a tissue's full behaviour.

    Parameters
    ----------
    time_s : float or array_like
        Times after the step, 0 to 86400 s.
    relaxation_at_240_s : float
        Fraction of stress lost at 240 s, 0 to 0.95.
    time_constant_s : float
        Time constant, 1 to 600 s.

    Returns
    -------
    RelaxationResult

    Examples
    --------
    >>> r = stress_relaxation([0, 240, 3600])
    >>> r.relaxation_percent.round(1).tolist()
    [0.0, 40.0, 40.7]
    >>> stress_relaxation([-1])
    Traceback (most recent call last):
    ...
    ValueError: time_s must be between 0 and 86400 s; got -1 (element 0)
    """
    t = check_array_range("time_s", np.atleast_1d(time_s), 0, 86400, "s")
    g = relaxable_fraction(relaxation_at_240_s, time_constant_s)
    tau = float(time_constant_s)
    frac = 1.0 - g * (1.0 - np.exp(-t / tau))
    return RelaxationResult(
        time_s=t,
        stress_fraction=frac,
        relaxation_percent=100.0 * (1.0 - frac),
        relaxable_fraction=g,
        time_constant_s=tau,
        steady_relaxation_percent=100.0 * g,
    )


@dataclass(frozen=True, eq=False)
class FirstStepResult:
    """Fascia tension during walking after a rest, in the standard-linear-solid model.

    Attributes
    ----------
    rest_min, walk_min : float
        Rest before getting up, and walking time after it.
    time_s, tension_n : ndarray
        Tension trace during the walk (time 0 = first step).
    step_time_s, step_peak_n : ndarray
        Start time and peak tension of each step.
    first_peak_n : float
        Peak tension of the first step.
    last_peak_n : float
        Peak tension of the last step.
    rested_peak_n : float
        First-step peak after a very long rest (the tissue fully recovered).
    steady_peak_n : float
        Step peak after a very long walk (cyclic steady state).
    peak_drop_percent : float
        How much lower the last step's peak is than the first's, in percent.
    """

    rest_min: float
    walk_min: float
    time_s: np.ndarray
    tension_n: np.ndarray
    step_time_s: np.ndarray
    step_peak_n: np.ndarray
    first_peak_n: float
    last_peak_n: float
    rested_peak_n: float
    steady_peak_n: float
    peak_drop_percent: float


#: Stride period and stance share for :func:`first_steps`. TEACHING ASSUMPTIONS.
STRIDE_PERIOD_S = 1.0
STANCE_SHARE = 0.6


def first_steps(
    rest_min: float,
    walk_min: float,
    step_tension_n: float = 1000.0,
    relaxation_at_240_s: float = RELAXATION_AT_240_S,
    time_constant_s: float = RELAXATION_TIME_CONSTANT_S,
) -> FirstStepResult:
    """Tension in the fascia over the first minutes of walking after a rest.

    One proposed explanation of first-step pain, illustrated (not established): the fascia
    relaxes while it is loaded and recovers while it is unloaded, so the first steps after a
    rest meet a stiffer tissue and a higher tension peak. The model is a standard linear solid
    (:func:`stress_relaxation`) under a stretch that repeats with every step: the foot is
    loaded for ``STANCE_SHARE`` of each ``STRIDE_PERIOD_S`` and unloaded otherwise.

    Before the rest the person has walked long enough to reach a steady cycle; during the rest
    the fascia is unloaded and recovers with the same time constant as it relaxes.

    Assumptions (TEACHING): every step stretches the fascia by the same amount, so tension and
    not stretch is what changes; ``step_tension_n`` is the peak a fully rested fascia would
    carry; stride timing and the time constant are teaching values; recovery is as fast as
    relaxation. Real tissue is nonlinear and may recover more slowly.

    Parameters
    ----------
    rest_min : float
        Rest before the first step, 0 to 600 min.
    walk_min : float
        Walking after getting up, 0.1 to 30 min.
    step_tension_n : float
        Peak tension of a step in fully rested tissue, 1 to 3000 N.
    relaxation_at_240_s, time_constant_s : float
        As in :func:`stress_relaxation`.

    Returns
    -------
    FirstStepResult

    Examples
    --------
    >>> r = first_steps(rest_min=30, walk_min=5, step_tension_n=1000)
    >>> round(r.first_peak_n), round(r.steady_peak_n)
    (1000, 756)
    >>> r0 = first_steps(rest_min=0, walk_min=5, step_tension_n=1000)
    >>> round(r0.first_peak_n)
    756
    >>> first_steps(rest_min=-5, walk_min=5)
    Traceback (most recent call last):
    ...
    ValueError: rest_min must be between 0 and 600 min; got -5
    """
    rest = check_range("rest_min", rest_min, 0, 600, "min")
    walk = check_range("walk_min", walk_min, 0.1, 30, "min")
    peak = check_range("step_tension_n", step_tension_n, 1, 3000, "N")
    g = relaxable_fraction(relaxation_at_240_s, time_constant_s)
    tau = float(time_constant_s)

    period = STRIDE_PERIOD_S
    t_on = STANCE_SHARE * period
    t_off = period - t_on
    e_on = math.exp(-t_on / tau)
    e_off = math.exp(-t_off / tau)
    # Internal variable q = stretch taken up by the dashpot (normalised stretch 1 when loaded).
    # Loaded: q -> 1 with tau; unloaded: q -> 0 with tau. Tension while loaded = 1 - g*q.
    # Unloaded (foot in the air) a tie cannot push, so the tension is reported as 0.
    # Steady cycle: q at start of stance q* solves q* = (1 - (1 - q*) e_on) e_off.
    q_start_steady = (1.0 - e_on) * e_off / (1.0 - e_on * e_off)
    q = q_start_steady * math.exp(-rest * 60.0 / tau)

    n_steps = max(1, int(round(walk * 60.0 / period)))
    starts = np.arange(n_steps) * period
    q_starts = np.empty(n_steps)
    for i in range(n_steps):
        q_starts[i] = q
        q_end_stance = 1.0 - (1.0 - q) * e_on
        q = q_end_stance * e_off
    q_end_stance_all = 1.0 - (1.0 - q_starts) * e_on
    peak_frac = 1.0 - g * q_starts
    end_frac = 1.0 - g * q_end_stance_all

    # Trace: at each step rise to the peak, relax to the end of stance, drop to 0 in swing.
    eps = 1e-3
    times = np.column_stack([starts, starts + eps, starts + t_on, starts + t_on + eps]).ravel()
    values = np.column_stack(
        [np.zeros(n_steps), peak_frac, end_frac, np.zeros(n_steps)]
    ).ravel()

    steady_peak = 1.0 - g * q_start_steady
    first = peak * peak_frac[0]
    last = peak * peak_frac[-1]
    return FirstStepResult(
        rest_min=rest,
        walk_min=walk,
        time_s=times,
        tension_n=peak * values,
        step_time_s=starts,
        step_peak_n=peak * peak_frac,
        first_peak_n=first,
        last_peak_n=last,
        rested_peak_n=peak,
        steady_peak_n=peak * steady_peak,
        peak_drop_percent=100.0 * (first - last) / first,
    )


# every public function answers bad input with a learner-facing ValueError
from helpers.validate import check_module_inputs  # noqa: E402

check_module_inputs(globals())
