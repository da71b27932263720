"""Circulation models for lesson 04: perfusion units, washout (clearance) and skin warming.

Pure numpy. Three pieces, each small enough to read in one sitting:

* **Units.** Perfusion is quoted in physiology as mL of blood per minute per 100 g of tissue; the
  heat equation needs a rate in 1/s (mL of blood per mL of tissue per second). The two
  conversions live here and nowhere else: :func:`perfusion_to_per_s`, :func:`per_s_to_perfusion`.
* **Clearance.** A well-mixed tissue compartment washed out by blood (Kety's one-compartment
  model): ``C(t) = C0 exp(-k t)`` with ``k = perfusion / partition coefficient``
  (:func:`clearance_curve`). Half-time ``ln 2 / k``.
* **Skin warming.** The one-dimensional Pennes bioheat equation through skin, fat and muscle
  layers. :func:`steady_state` solves each layer exactly (sums of exponentials, matched at the
  interfaces); :func:`warming_transient` solves the time course after a change in perfusion on a
  finite-volume grid, exactly in time by eigen-decomposition (no time step, so it cannot go
  unstable) or by Crank-Nicolson with a step the function checks.

What the models assume, and where they stop being true, is written in each docstring; the lesson
repeats it in plain words.

>>> round(perfusion_to_per_s(3.5), 7)          # 3.5 mL/min/100 g at 1000 kg/m3
0.0005833
>>> r = clearance_curve(3.5, [0, 600, 1200])
>>> round(r.half_time_s / 60, 1)               # minutes
19.8
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from helpers.validate import check_array_range, check_range

__all__ = [
    "PERFUSION_RANGE", "SKIN_REST", "MUSCLE_REST", "perfusion_to_per_s", "per_s_to_perfusion",
    "ClearanceResult", "clearance_rate", "half_time_s", "clearance_curve",
    "Layer", "Conditions", "SteadyResult", "TransientResult",
    "default_layers", "with_perfusion", "steady_state", "warming_transient",
    "warming_vs_skin_perfusion", "max_stable_step_s", "grid_steady_state",
]

# ----------------------------------------------------------------------------------- units
#: Allowed perfusion, mL/min/100 g. Above zero (a tissue with no flow is not washed out and the
#: layer solution changes form) and up to 500, beyond the >300 reported for small active
#: muscles (Rowell review [S]).
PERFUSION_RANGE = (1e-3, 500.0)
DENSITY_RANGE = (500.0, 2500.0)          # kg/m3, soft tissue and blood sit near 900-1200
_SECONDS_PER_MINUTE = 60.0
_GRAMS_PER_PERFUSION_UNIT = 100.0        # "per 100 g"

#: Resting perfusions used as defaults, mL/min/100 g: foot-dorsum skin by laser
#: Doppler [V], and the middle of the resting muscle range 3-4 [S, textbook copy].
SKIN_REST = 1.88
MUSCLE_REST = 3.5


def perfusion_to_per_s(perfusion_ml_min_100g, tissue_density_kg_m3=1000.0):
    """Convert perfusion from mL/min/100 g to a volumetric rate in 1/s.

    ``omega = Q * (rho / 1000) / 100 / 60``: mL of blood per mL of tissue per second. The
    tissue density turns "per 100 g" into "per 100 g / rho mL".

    Parameters
    ----------
    perfusion_ml_min_100g : float or array_like
        Perfusion, between 0.001 and 500 mL/min/100 g.
    tissue_density_kg_m3 : float
        Tissue density, between 500 and 2500 kg/m3 (1000 means "1 g per mL").

    Returns
    -------
    float or numpy.ndarray
        Perfusion in 1/s.

    Examples
    --------
    >>> round(perfusion_to_per_s(1.88), 8)
    0.00031333
    >>> perfusion_to_per_s(0)
    Traceback (most recent call last):
    ...
    ValueError: perfusion_ml_min_100g must be between 0.001 and 500 mL/min/100 g; got 0
    """
    rho = check_range("tissue_density_kg_m3", tissue_density_kg_m3, *DENSITY_RANGE, "kg/m3")
    if np.ndim(perfusion_ml_min_100g) == 0:
        q = check_range("perfusion_ml_min_100g", perfusion_ml_min_100g, *PERFUSION_RANGE,
                        "mL/min/100 g")
    else:
        q = check_array_range("perfusion_ml_min_100g", perfusion_ml_min_100g,
                              *PERFUSION_RANGE, "mL/min/100 g")
    return q * (rho / 1000.0) / _GRAMS_PER_PERFUSION_UNIT / _SECONDS_PER_MINUTE


def per_s_to_perfusion(perfusion_per_s, tissue_density_kg_m3=1000.0):
    """Inverse of :func:`perfusion_to_per_s`: 1/s back to mL/min/100 g.

    Examples
    --------
    >>> round(per_s_to_perfusion(perfusion_to_per_s(3.5, 1090), 1090), 12)
    3.5
    """
    rho = check_range("tissue_density_kg_m3", tissue_density_kg_m3, *DENSITY_RANGE, "kg/m3")
    # bounds widened by 1e-9 so a value converted from the edge of the range round-trips
    low = PERFUSION_RANGE[0] * (rho / 1000.0) / 6000.0 * (1 - 1e-9)
    high = PERFUSION_RANGE[1] * (rho / 1000.0) / 6000.0 * (1 + 1e-9)
    if np.ndim(perfusion_per_s) == 0:
        w = check_range("perfusion_per_s", perfusion_per_s, low, high, "1/s")
    else:
        w = check_array_range("perfusion_per_s", perfusion_per_s, low, high, "1/s")
    return w * _SECONDS_PER_MINUTE * _GRAMS_PER_PERFUSION_UNIT / (rho / 1000.0)


# ------------------------------------------------------------------------------- clearance
PARTITION_RANGE = (0.05, 20.0)
TIME_RANGE_S = (0.0, 1e9)              # s; half-times at tiny perfusion run to years


@dataclass(frozen=True)
class ClearanceResult:
    """Washout of a substance from one well-mixed tissue compartment.

    Attributes
    ----------
    times_s : numpy.ndarray
        Times at which the concentration was evaluated, s.
    concentration : numpy.ndarray
        ``C(t)`` in the units of ``c0`` (a fraction of the start value when ``c0 = 1``).
    rate_per_s : float
        Clearance rate constant ``k``, 1/s.
    half_time_s : float
        Time for the concentration to halve, ``ln 2 / k``, s.
    perfusion_ml_min_100g, partition_coefficient, c0 : float
        The inputs.
    """

    times_s: np.ndarray
    concentration: np.ndarray
    rate_per_s: float
    half_time_s: float
    perfusion_ml_min_100g: float
    partition_coefficient: float
    c0: float

    @property
    def half_time_min(self) -> float:
        """Half-time in minutes."""
        return self.half_time_s / 60.0


def clearance_rate(perfusion_ml_min_100g, *, partition_coefficient=1.0,
                   tissue_density_kg_m3=1000.0) -> float:
    """Clearance rate constant ``k = omega / lambda`` in 1/s.

    Assumes one well-mixed compartment, a substance that crosses the capillary wall freely,
    blood arriving free of it, and a tissue:blood partition coefficient ``lambda`` (how much
    more of the substance a mL of tissue holds than a mL of blood at equilibrium; 1 means
    equal, a teaching assumption unless a source is given).

    Examples
    --------
    >>> round(clearance_rate(3.5) * 1e4, 3)
    5.833
    >>> clearance_rate(3.5, partition_coefficient=0)
    Traceback (most recent call last):
    ...
    ValueError: partition_coefficient must be between 0.05 and 20; got 0
    """
    lam = check_range("partition_coefficient", partition_coefficient, *PARTITION_RANGE)
    return float(perfusion_to_per_s(perfusion_ml_min_100g, tissue_density_kg_m3)) / lam


def half_time_s(rate_per_s) -> float:
    """Half-time ``ln 2 / k`` of an exponential washout with rate ``k`` (1/s).

    >>> round(half_time_s(math.log(2) / 60), 9)
    60.0
    """
    k = check_range("rate_per_s", rate_per_s, 1e-12, 1e3, "1/s")
    return math.log(2.0) / k


def clearance_curve(perfusion_ml_min_100g, times_s, *, c0=1.0, partition_coefficient=1.0,
                    tissue_density_kg_m3=1000.0) -> ClearanceResult:
    """Closed-form washout ``C(t) = c0 exp(-k t)`` of one tissue compartment.

    Parameters
    ----------
    perfusion_ml_min_100g : float
        Perfusion of the tissue, 0.001 to 500 mL/min/100 g.
    times_s : array_like
        Times, 0 to 1e9 s.
    c0 : float
        Starting concentration, 0 to 1e6 (any unit; 1 gives a fraction).
    partition_coefficient : float
        Tissue:blood partition coefficient, 0.05 to 20 (dimensionless).
    tissue_density_kg_m3 : float
        Tissue density for the unit conversion, 500 to 2500 kg/m3.

    Returns
    -------
    ClearanceResult

    Notes
    -----
    The model stops being true when the substance is made in the tissue while it is being
    cleared (lactate during exercise), when it binds to tissue, when lymph or diffusion rather
    than blood carries it away, or when the tissue is not well mixed (skin over muscle).

    Examples
    --------
    >>> r = clearance_curve(1.88, [0, 1800, 3600])
    >>> [round(float(c), 3) for c in r.concentration]
    [1.0, 0.569, 0.324]
    """
    c0 = check_range("c0", c0, 0.0, 1e6)
    t = check_array_range("times_s", times_s, *TIME_RANGE_S, "s")
    lam = check_range("partition_coefficient", partition_coefficient, *PARTITION_RANGE)
    k = clearance_rate(perfusion_ml_min_100g, partition_coefficient=lam,
                       tissue_density_kg_m3=tissue_density_kg_m3)
    return ClearanceResult(
        times_s=t, concentration=c0 * np.exp(-k * t), rate_per_s=k,
        half_time_s=half_time_s(k), perfusion_ml_min_100g=float(perfusion_ml_min_100g),
        partition_coefficient=lam, c0=c0)


# --------------------------------------------------------------------------------- bioheat
THICKNESS_RANGE_MM = (0.1, 100.0)
CONDUCTIVITY_RANGE = (0.05, 5.0)         # W/(m K); tissues sit near 0.2-0.6
SPECIFIC_HEAT_RANGE = (500.0, 5000.0)    # J/(kg K)
METABOLIC_RANGE = (0.0, 1e5)             # W/m3
TEMPERATURE_RANGE_C = (0.0, 45.0)
H_RANGE = (0.5, 1000.0)                  # W/(m2 K), still air to flowing water
CELLS_RANGE = (2, 400)


@dataclass(frozen=True)
class Layer:
    """One flat tissue layer with uniform properties.

    Parameters are validated on creation (``ValueError`` naming the field and its range).

    Attributes
    ----------
    name : str
    thickness_mm : float            (0.1 to 100 mm)
    conductivity_w_mk : float       (0.05 to 5 W/(m K))
    density_kg_m3 : float           (500 to 2500 kg/m3)
    specific_heat_j_kgk : float     (500 to 5000 J/(kg K))
    perfusion_ml_min_100g : float   (0.001 to 500 mL/min/100 g)
    metabolic_w_m3 : float          (0 to 1e5 W/m3; the lesson leaves it at 0)
    """

    name: str
    thickness_mm: float
    conductivity_w_mk: float
    density_kg_m3: float
    specific_heat_j_kgk: float
    perfusion_ml_min_100g: float
    metabolic_w_m3: float = 0.0

    def __post_init__(self):
        check_range("thickness_mm", self.thickness_mm, *THICKNESS_RANGE_MM, "mm")
        check_range("conductivity_w_mk", self.conductivity_w_mk, *CONDUCTIVITY_RANGE, "W/(m K)")
        check_range("density_kg_m3", self.density_kg_m3, *DENSITY_RANGE, "kg/m3")
        check_range("specific_heat_j_kgk", self.specific_heat_j_kgk, *SPECIFIC_HEAT_RANGE,
                    "J/(kg K)")
        check_range("perfusion_ml_min_100g", self.perfusion_ml_min_100g, *PERFUSION_RANGE,
                    "mL/min/100 g")
        check_range("metabolic_w_m3", self.metabolic_w_m3, *METABOLIC_RANGE, "W/m3")

    @property
    def perfusion_per_s(self) -> float:
        """Perfusion in 1/s (mL blood per mL tissue per s)."""
        return float(perfusion_to_per_s(self.perfusion_ml_min_100g, self.density_kg_m3))


@dataclass(frozen=True)
class Conditions:
    """Blood properties and boundary conditions of the layered model.

    Attributes
    ----------
    blood_density_kg_m3 : float
    blood_specific_heat_j_kgk : float
    arterial_temp_c : float
        Temperature of blood arriving in the capillaries (assumption: equal to the core).
    core_temp_c : float
        Temperature held fixed at the bottom of the deepest layer (assumption).
    air_temp_c : float
        Room air temperature (assumption).
    surface_h_w_m2k : float
        Heat-transfer coefficient from skin to room by convection and radiation together
        (assumption).
    """

    blood_density_kg_m3: float = 1050.6
    blood_specific_heat_j_kgk: float = 3600.0
    arterial_temp_c: float = 37.0
    core_temp_c: float = 37.0
    air_temp_c: float = 24.0
    surface_h_w_m2k: float = 10.0

    def __post_init__(self):
        check_range("blood_density_kg_m3", self.blood_density_kg_m3, *DENSITY_RANGE, "kg/m3")
        check_range("blood_specific_heat_j_kgk", self.blood_specific_heat_j_kgk,
                    *SPECIFIC_HEAT_RANGE, "J/(kg K)")
        for name in ("arterial_temp_c", "core_temp_c", "air_temp_c"):
            check_range(name, getattr(self, name), *TEMPERATURE_RANGE_C, "°C")
        check_range("surface_h_w_m2k", self.surface_h_w_m2k, *H_RANGE, "W/(m2 K)")

    @property
    def blood_heat_capacity_j_m3k(self) -> float:
        """Volumetric heat capacity of blood, J/(m3 K)."""
        return self.blood_density_kg_m3 * self.blood_specific_heat_j_kgk


def _check_layers(layers, name: str = "layers") -> tuple:
    try:
        layers = tuple(layers)
    except TypeError:
        raise ValueError(f"{name} must be a sequence of Layer objects (as default_layers() "
                         f"gives); got {layers!r:.60}") from None
    if not 1 <= len(layers) <= 10:
        raise ValueError(f"{name} must hold between 1 and 10 Layer objects; got {len(layers)}")
    for i, layer in enumerate(layers):
        if not isinstance(layer, Layer):
            raise ValueError(f"{name}[{i}] must be a Layer; got {type(layer).__name__}")
    return layers


def default_layers(*, skin_perfusion_ml_min_100g=SKIN_REST, skin_mm=2.0, fat_mm=5.0,
                   muscle_mm=30.0, muscle_perfusion_ml_min_100g=3.5, fat_perfusion_ml_min_100g=1.88,
                   table=None) -> tuple:
    """Skin, fat and muscle layers with the lesson's default values.

    Thermal properties come from ``table`` (a mapping ``(tissue, quantity) -> value``, e.g.
    built from ``data/tissue_thermal.csv``); without one, the same values are used from
    constants here. Thicknesses and the fat perfusion are teaching assumptions (the lesson
    says so); skin perfusion 1.88 mL/min/100 g is the foot-dorsum laser-Doppler value
    (Mayrovitz 1994) and muscle 3.5 the middle of the resting 3-4 (a physiology textbook [S]).

    >>> [layer.name for layer in default_layers()]
    ['skin', 'fat', 'muscle']
    """
    props = dict(_DEFAULT_PROPS)
    if table is not None:
        props.update(table)

    def layer(name, mm, perf):
        return Layer(name, mm, props[(name, "conductivity")], props[(name, "density")],
                     props[(name, "specific_heat")], perf)

    return (layer("skin", skin_mm, skin_perfusion_ml_min_100g),
            layer("fat", fat_mm, fat_perfusion_ml_min_100g),
            layer("muscle", muscle_mm, muscle_perfusion_ml_min_100g))


# Same numbers as data/tissue_thermal.csv "value" column (a test keeps them in step).
_DEFAULT_PROPS = {
    ("skin", "conductivity"): 0.42, ("skin", "density"): 1125.0,
    ("skin", "specific_heat"): 3500.0,
    ("fat", "conductivity"): 0.21, ("fat", "density"): 911.0, ("fat", "specific_heat"): 2348.0,
    ("muscle", "conductivity"): 0.56, ("muscle", "density"): 1050.0,
    ("muscle", "specific_heat"): 3639.0,
}


def with_perfusion(layers, index, perfusion_ml_min_100g) -> tuple:
    """Return a copy of ``layers`` with layer ``index`` given a new perfusion.

    >>> with_perfusion(default_layers(), 0, 10.0)[0].perfusion_ml_min_100g
    10.0
    """
    layers = _check_layers(layers)
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not (
            -len(layers) <= index < len(layers)):
        raise ValueError(f"index must be a whole number between 0 and {len(layers) - 1}; "
                         f"got {index!r}")
    old = layers[index]
    new = Layer(old.name, old.thickness_mm, old.conductivity_w_mk, old.density_kg_m3,
                old.specific_heat_j_kgk, perfusion_ml_min_100g, old.metabolic_w_m3)
    return layers[:index] + (new,) + layers[index + 1:]


@dataclass(frozen=True)
class SteadyResult:
    """Steady temperature profile through the layers (depth 0 = skin surface).

    Attributes
    ----------
    depth_mm, temperature_c : numpy.ndarray
    surface_temp_c : float
    surface_loss_w_m2 : float
        Heat leaving the skin to the room, ``h (T_surface - T_air)``.
    core_inflow_w_m2 : float
        Heat conducted up from the deep boundary.
    blood_heat_w_m2 : float
        Heat delivered by perfusing blood, ``integral rho_b c_b omega (T_a - T) dx``.
    metabolic_w_m2 : float
        Heat produced by the tissue itself.
    interfaces_mm : tuple of float
        Depths of the layer boundaries, surface first.
    """

    depth_mm: np.ndarray
    temperature_c: np.ndarray
    surface_temp_c: float
    surface_loss_w_m2: float
    core_inflow_w_m2: float
    blood_heat_w_m2: float
    metabolic_w_m2: float
    interfaces_mm: tuple

    @property
    def energy_residual_w_m2(self) -> float:
        """Heat in minus heat out; zero (to rounding) when the balance closes."""
        return (self.core_inflow_w_m2 + self.blood_heat_w_m2 + self.metabolic_w_m2
                - self.surface_loss_w_m2)


def _layer_constants(layers, cond):
    beta = np.array([cond.blood_heat_capacity_j_m3k * L.perfusion_per_s for L in layers])
    k = np.array([L.conductivity_w_mk for L in layers])
    thick = np.array([L.thickness_mm for L in layers]) * 1e-3
    qm = np.array([L.metabolic_w_m3 for L in layers])
    m = np.sqrt(beta / k)
    t_eq = cond.arterial_temp_c + qm / beta
    return beta, k, thick, qm, m, t_eq


def steady_state(layers, conditions=None, *, points_per_layer=60) -> SteadyResult:
    """Exact steady solution of the layered Pennes equation.

    In each layer ``k T'' + rho_b c_b omega (T_a - T) + q_m = 0``, so
    ``T = T_eq + A exp(-m s) + B exp(-m (L - s))`` with ``m = sqrt(rho_b c_b omega / k)``
    and ``s`` the depth inside the layer. Temperature and heat flux are continuous at the
    interfaces; the skin loses heat to the room as ``h (T - T_air)``; the bottom of the last
    layer is held at the core temperature. The ``2n`` constants come from one small linear
    solve, so the answer is exact to rounding for any number of layers.

    Assumes flat layers (no curvature), uniform properties in each layer, blood that arrives at
    the arterial temperature and leaves at the local tissue temperature (Pennes 1948), and no
    sweating. It stops being true near large vessels, where blood has not yet reached the tissue
    temperature, and wherever perfusion is patchy.

    Examples
    --------
    >>> r = steady_state(default_layers())
    >>> round(r.surface_temp_c, 2), bool(abs(r.energy_residual_w_m2) < 1e-9)
    (33.08, True)
    """
    layers = _check_layers(layers)
    cond = conditions or Conditions()
    n = len(layers)
    beta, k, thick, qm, m, t_eq = _layer_constants(layers, cond)
    e = np.exp(-m * thick)            # exp(-m L), in (0, 1]: keeps the system well scaled
    a = np.zeros((2 * n, 2 * n))
    b = np.zeros(2 * n)
    h = cond.surface_h_w_m2k
    # surface: k dT/ds (0) = h (T(0) - T_air);  T(0) = Teq + A + B e ; dT/ds(0) = m(-A + B e)
    a[0, 0] = -k[0] * m[0] - h
    a[0, 1] = k[0] * m[0] * e[0] - h * e[0]
    b[0] = h * (t_eq[0] - cond.air_temp_c)
    row = 1
    for i in range(n - 1):
        j = i + 1
        # T continuity: Teq_i + A_i e_i + B_i = Teq_j + A_j + B_j e_j
        a[row, 2 * i] = e[i]
        a[row, 2 * i + 1] = 1.0
        a[row, 2 * j] = -1.0
        a[row, 2 * j + 1] = -e[j]
        b[row] = t_eq[j] - t_eq[i]
        row += 1
        # flux continuity: k_i m_i (-A_i e_i + B_i) = k_j m_j (-A_j + B_j e_j)
        a[row, 2 * i] = -k[i] * m[i] * e[i]
        a[row, 2 * i + 1] = k[i] * m[i]
        a[row, 2 * j] = k[j] * m[j]
        a[row, 2 * j + 1] = -k[j] * m[j] * e[j]
        row += 1
    # bottom: T(L) = core
    a[row, 2 * (n - 1)] = e[-1]
    a[row, 2 * (n - 1) + 1] = 1.0
    b[row] = cond.core_temp_c - t_eq[-1]
    coef = np.linalg.solve(a, b)
    A, B = coef[0::2], coef[1::2]

    depth, temp = [], []
    top = 0.0
    for i in range(n):
        s = np.linspace(0.0, thick[i], points_per_layer)
        temp.append(t_eq[i] + A[i] * np.exp(-m[i] * s) + B[i] * np.exp(-m[i] * (thick[i] - s)))
        depth.append((top + s) * 1e3)
        top += thick[i]
    t_surface = t_eq[0] + A[0] + B[0] * e[0]
    # heat conducted upward across the bottom boundary: k dT/ds at s = L of the last layer
    core_in = k[-1] * m[-1] * (-A[-1] * e[-1] + B[-1])
    one_minus_e_over_m = -np.expm1(-m * thick) / m
    theta_integral = (A + B) * one_minus_e_over_m       # integral of (T - Teq) over each layer
    blood = float(np.sum(beta * ((cond.arterial_temp_c - t_eq) * thick - theta_integral)))
    metabolic = float(np.sum(qm * thick))
    return SteadyResult(
        depth_mm=np.concatenate(depth), temperature_c=np.concatenate(temp),
        surface_temp_c=float(t_surface),
        surface_loss_w_m2=float(h * (t_surface - cond.air_temp_c)),
        core_inflow_w_m2=float(core_in), blood_heat_w_m2=blood, metabolic_w_m2=metabolic,
        interfaces_mm=tuple(float(x) for x in np.concatenate([[0.0], np.cumsum(thick)]) * 1e3))


# ---------------------------------------------------------------- finite-volume transient
@dataclass(frozen=True)
class _Grid:
    centers_m: np.ndarray
    capacity: np.ndarray      # J/(m2 K) per cell
    stiffness: np.ndarray     # W/(m2 K), symmetric (N, N)
    source: np.ndarray        # W/m2
    g_surface: float
    h: float
    air_temp_c: float
    blood_dx: np.ndarray      # rho_b c_b omega dx per cell, W/(m2 K)
    g_bottom: float
    metabolic_dx: np.ndarray


def _grid(layers, cond, cells_per_mm):
    beta, k, thick, qm, _, _ = _layer_constants(layers, cond)
    dx, kk, cap, bb, qq = [], [], [], [], []
    for i, layer in enumerate(layers):
        n = max(2, int(math.ceil(layer.thickness_mm * cells_per_mm)))
        d = thick[i] / n
        dx += [d] * n
        kk += [k[i]] * n
        cap += [layer.density_kg_m3 * layer.specific_heat_j_kgk * d] * n
        bb += [beta[i] * d] * n
        qq += [qm[i] * d] * n
    dx, kk, cap, bb, qq = map(np.asarray, (dx, kk, cap, bb, qq))
    g = 1.0 / (dx[:-1] / (2 * kk[:-1]) + dx[1:] / (2 * kk[1:]))      # between cells
    g_s = 1.0 / (dx[0] / (2 * kk[0]) + 1.0 / cond.surface_h_w_m2k)    # cell 0 to room
    g_b = 2 * kk[-1] / dx[-1]                                          # last cell to core
    n = dx.size
    K = np.zeros((n, n))
    idx = np.arange(n)
    K[idx, idx] = bb
    K[idx[:-1], idx[:-1]] += g
    K[idx[1:], idx[1:]] += g
    K[idx[:-1], idx[1:]] = -g
    K[idx[1:], idx[:-1]] = -g
    K[0, 0] += g_s
    K[-1, -1] += g_b
    src = bb * cond.arterial_temp_c + qq
    src[0] += g_s * cond.air_temp_c
    src[-1] += g_b * cond.core_temp_c
    centers = np.cumsum(dx) - dx / 2
    return _Grid(centers, cap, K, src, g_s, cond.surface_h_w_m2k, cond.air_temp_c, bb, g_b, qq)


@dataclass(frozen=True)
class TransientResult:
    """Temperatures after skin perfusion changes at ``t = 0``.

    Attributes
    ----------
    times_s : numpy.ndarray
    depth_mm : numpy.ndarray
        Cell centres of the grid.
    temperature_c : numpy.ndarray
        Shape ``(len(times_s), len(depth_mm))``.
    surface_temp_c : numpy.ndarray
        Skin-surface temperature at each time.
    steady_surface_temp_c : float
        Where the grid solution is heading (its own steady state).
    start_surface_temp_c : float
        Surface temperature before the change.
    method : str
        ``"modal"`` (exact in time; no step) or ``"crank-nicolson"``.
    dt_s : float or None
        Step used by Crank-Nicolson.
    slowest_time_constant_s : float
        ``1 / smallest eigenvalue``: after about three of these the change is 95 % done.
    """

    times_s: np.ndarray
    depth_mm: np.ndarray
    temperature_c: np.ndarray
    surface_temp_c: np.ndarray
    steady_surface_temp_c: float
    start_surface_temp_c: float
    method: str
    dt_s: float | None
    slowest_time_constant_s: float

    @property
    def rise_c(self) -> np.ndarray:
        """Surface temperature rise since ``t = 0``, °C."""
        return self.surface_temp_c - self.start_surface_temp_c


def _surface(grid, temps):
    return grid.air_temp_c + grid.g_surface * (temps[..., 0] - grid.air_temp_c) / grid.h


def max_stable_step_s(layers, conditions=None, *, cells_per_mm=2.0) -> float:
    """Largest Crank-Nicolson step that keeps every mode from flipping sign each step.

    Crank-Nicolson never blows up, but for ``dt > 2 / lambda_max`` its fastest modes
    alternate in sign from step to step (spurious wiggles in the profile).
    :func:`warming_transient` refuses such steps.

    >>> 0 < max_stable_step_s(default_layers()) < 10
    True
    """
    layers = _check_layers(layers)
    cond = conditions or Conditions()
    grid = _grid(layers, cond, check_range("cells_per_mm", cells_per_mm, 0.5, 50, "1/mm"))
    d = 1.0 / np.sqrt(grid.capacity)
    lam = np.linalg.eigvalsh(d[:, None] * grid.stiffness * d[None, :])
    return float(2.0 / lam[-1])


def warming_transient(layers_before, layers_after, times_s, conditions=None, *,
                      cells_per_mm=2.0, method="modal", dt_s=None) -> TransientResult:
    """Time course of tissue temperature after perfusion changes at ``t = 0``.

    The tissue starts at the steady state of ``layers_before`` (on the grid) and then follows
    ``layers_after``. Space: finite volumes, uniform within each layer, conductances in series
    at interfaces; second-order accurate. Time:

    * ``method="modal"`` (default): ``C dT/dt = -K T + b`` is solved exactly,
      ``T(t) = T_ss + C^-1/2 V exp(-Lambda t) V^T C^1/2 (T0 - T_ss)``, from one symmetric
      eigen-decomposition. There is no time step, so nothing can go unstable.
    * ``method="crank-nicolson"``: steps of ``dt_s``; ``dt_s`` must be at most
      :func:`max_stable_step_s` and ``times_s`` must be multiples of it.

    Examples
    --------
    >>> before = default_layers()
    >>> after = with_perfusion(before, 0, 20.0)
    >>> r = warming_transient(before, after, [0, 60, 600, 3600])
    >>> bool(np.all(np.diff(r.surface_temp_c) > 0))
    True
    """
    before = _check_layers(layers_before, "layers_before")
    after = _check_layers(layers_after, "layers_after")
    if [layer.thickness_mm for layer in before] != [layer.thickness_mm for layer in after]:
        raise ValueError("layers_before and layers_after must have the same thicknesses")
    cond = conditions or Conditions()
    cpm = check_range("cells_per_mm", cells_per_mm, 0.5, 50, "1/mm")
    t = check_array_range("times_s", times_s, *TIME_RANGE_S, "s")
    g0 = _grid(before, cond, cpm)
    g1 = _grid(after, cond, cpm)
    if g0.capacity.size > CELLS_RANGE[1]:
        raise ValueError(f"the grid must have at most {CELLS_RANGE[1]} cells; got "
                         f"{g0.capacity.size} (lower cells_per_mm)")
    T0 = np.linalg.solve(g0.stiffness, g0.source)
    Tss = np.linalg.solve(g1.stiffness, g1.source)
    d = 1.0 / np.sqrt(g1.capacity)
    lam, V = np.linalg.eigh(d[:, None] * g1.stiffness * d[None, :])
    if method == "modal":
        coeff = V.T @ ((T0 - Tss) / d)                       # modal amplitudes
        temps = Tss + (np.exp(-np.outer(t, lam)) * coeff) @ V.T * d
        step = None
    elif method == "crank-nicolson":
        limit = 2.0 / lam[-1]
        step = check_range("dt_s", dt_s, 1e-6, limit, "s")
        n_steps = np.rint(t / step)
        if not np.allclose(n_steps * step, t, rtol=1e-9, atol=1e-9 * step):
            raise ValueError("times_s must be whole multiples of dt_s for crank-nicolson")
        C = np.diag(g1.capacity / step)
        lhs_inv = np.linalg.inv(C + g1.stiffness / 2)
        A = lhs_inv @ (C - g1.stiffness / 2)
        c = lhs_inv @ g1.source
        temps = np.empty((t.size, T0.size))
        cur = T0.copy()
        for s in range(int(n_steps.max()) + 1 if t.size else 0):
            temps[n_steps == s] = cur
            cur = A @ cur + c
    else:
        raise ValueError(f"method must be one of 'modal', 'crank-nicolson'; got {method!r}")
    return TransientResult(
        times_s=t, depth_mm=g1.centers_m * 1e3, temperature_c=temps,
        surface_temp_c=_surface(g1, temps), steady_surface_temp_c=float(_surface(g1, Tss)),
        start_surface_temp_c=float(_surface(g0, T0)), method=method, dt_s=step,
        slowest_time_constant_s=float(1.0 / lam[0]))


def grid_steady_state(layers, conditions=None, *, cells_per_mm=2.0):
    """Steady state of the finite-volume grid: ``(depth_mm, temperature_c, surface_temp_c,
    energy_residual_w_m2)``. Used by the tests to compare grid and exact solutions.

    >>> d, T, ts, res = grid_steady_state(default_layers(), cells_per_mm=20)
    >>> bool(abs(ts - steady_state(default_layers()).surface_temp_c) < 1e-3), bool(abs(res) < 1e-6)
    (True, True)
    """
    layers = _check_layers(layers)
    cond = conditions or Conditions()
    g = _grid(layers, cond, check_range("cells_per_mm", cells_per_mm, 0.5, 50, "1/mm"))
    T = np.linalg.solve(g.stiffness, g.source)
    ts = float(_surface(g, T))
    blood = float(np.sum(g.blood_dx * (cond.arterial_temp_c - T)))
    core_in = g.g_bottom * (cond.core_temp_c - T[-1])
    loss = cond.surface_h_w_m2k * (ts - cond.air_temp_c)
    return g.centers_m * 1e3, T, ts, float(core_in + blood + g.metabolic_dx.sum() - loss)


def warming_vs_skin_perfusion(skin_perfusions_ml_min_100g, layers=None, conditions=None):
    """Steady skin-surface temperature for each skin perfusion (other layers unchanged).

    >>> T = warming_vs_skin_perfusion([1.88, 10, 47])
    >>> bool(np.all(np.diff(T) > 0))
    True
    """
    layers = _check_layers(layers or default_layers())
    q = check_array_range("skin_perfusions_ml_min_100g", skin_perfusions_ml_min_100g,
                          *PERFUSION_RANGE, "mL/min/100 g")
    return np.array([steady_state(with_perfusion(layers, 0, v), conditions,
                                  points_per_layer=2).surface_temp_c for v in q.ravel()]
                    ).reshape(q.shape)


# every public function answers bad input with a learner-facing ValueError
from helpers.validate import check_module_inputs  # noqa: E402

check_module_inputs(globals())
