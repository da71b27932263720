"""Tests for helpers.models.circulation: units, clearance, layered Pennes bioheat."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers.models.circulation as circ
from helpers.models.circulation import (
    Conditions,
    Layer,
    clearance_curve,
    clearance_rate,
    default_layers,
    grid_steady_state,
    half_time_s,
    max_stable_step_s,
    per_s_to_perfusion,
    perfusion_to_per_s,
    steady_state,
    warming_transient,
    warming_vs_skin_perfusion,
    with_perfusion,
)


def test_doctests_pass():
    result = doctest.testmod(circ)
    assert result.attempted > 10 and result.failed == 0


# ----------------------------------------------------------------------------- units
def test_perfusion_conversion_matches_hand_arithmetic():
    # FACTS 6.8 note: 3.5 mL/min/100 g at 1 g/mL is about 5.8e-4 1/s
    assert perfusion_to_per_s(3.5) == pytest.approx(3.5 / 6000)
    assert perfusion_to_per_s(3.5, 1090) == pytest.approx(3.5 * 1.09 / 6000)


@given(st.floats(1e-3, 500), st.floats(500, 2500))
def test_perfusion_conversion_round_trips(q, rho):
    assert per_s_to_perfusion(perfusion_to_per_s(q, rho), rho) == pytest.approx(q, rel=1e-12)


def test_perfusion_conversion_is_vectorised():
    out = perfusion_to_per_s(np.array([1.0, 2.0, 4.0]))
    assert out.shape == (3,) and np.allclose(out[1:] / out[:-1], 2)


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), 600])
def test_bad_perfusion_is_refused_with_its_range(bad):
    with pytest.raises(ValueError, match=r"perfusion_ml_min_100g must be between 0\.001 and 500"):
        perfusion_to_per_s(bad)


def test_bad_perfusion_in_array_is_refused():
    with pytest.raises(ValueError, match="perfusion_ml_min_100g.*element 1"):
        perfusion_to_per_s([1.0, -2.0])


# ------------------------------------------------------------------------- clearance
@given(st.floats(1e-3, 500), st.floats(0.05, 20))
def test_clearance_half_time_is_ln2_over_rate(q, lam):
    r = clearance_curve(q, [0.0], partition_coefficient=lam)
    assert r.half_time_s == pytest.approx(math.log(2) / r.rate_per_s, rel=1e-12)
    assert r.rate_per_s == pytest.approx(perfusion_to_per_s(q) / lam, rel=1e-12)


@given(st.floats(0.01, 500), st.floats(0.05, 20))
def test_concentration_is_half_at_the_half_time(q, lam):
    r0 = clearance_curve(q, [0.0], partition_coefficient=lam)
    r = clearance_curve(q, [0.0, r0.half_time_s], partition_coefficient=lam, c0=2.0)
    assert r.concentration[0] == pytest.approx(2.0)
    assert r.concentration[1] == pytest.approx(1.0, rel=1e-9)


def test_more_perfusion_clears_faster():
    assert clearance_rate(10) > clearance_rate(3.5) > clearance_rate(1.88)


def test_half_time_of_rate():
    assert half_time_s(math.log(2)) == pytest.approx(1.0)


@pytest.mark.parametrize("kwargs, name", [
    ({"partition_coefficient": 0}, "partition_coefficient"),
    ({"partition_coefficient": float("nan")}, "partition_coefficient"),
    ({"c0": -1}, "c0"),
    ({"tissue_density_kg_m3": 0}, "tissue_density_kg_m3"),
])
def test_bad_clearance_inputs_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=rf"{name} must be"):
        clearance_curve(3.5, [0, 1], **kwargs)


def test_negative_time_is_refused():
    with pytest.raises(ValueError, match="times_s must be between 0 and 1000000000 s"):
        clearance_curve(3.5, [0, -5])


# ------------------------------------------------------------------------ layers
@pytest.mark.parametrize("field, value, name", [
    ("thickness_mm", 0, "thickness_mm"),
    ("thickness_mm", -2, "thickness_mm"),
    ("conductivity_w_mk", 0, "conductivity_w_mk"),
    ("conductivity_w_mk", -0.3, "conductivity_w_mk"),
    ("perfusion_ml_min_100g", 0, "perfusion_ml_min_100g"),
    ("perfusion_ml_min_100g", -1, "perfusion_ml_min_100g"),
    ("density_kg_m3", float("nan"), "density_kg_m3"),
    ("specific_heat_j_kgk", float("nan"), "specific_heat_j_kgk"),
    ("thickness_mm", float("nan"), "thickness_mm"),
])
def test_impossible_layer_is_refused_with_range(field, value, name):
    kwargs = dict(name="skin", thickness_mm=2, conductivity_w_mk=0.4, density_kg_m3=1100,
                  specific_heat_j_kgk=3500, perfusion_ml_min_100g=2)
    kwargs[field] = value
    with pytest.raises(ValueError, match=rf"{name} must be (between|a number)"):
        Layer(**kwargs)


def test_bad_conditions_are_refused():
    with pytest.raises(ValueError, match="surface_h_w_m2k must be between"):
        Conditions(surface_h_w_m2k=0)
    with pytest.raises(ValueError, match="air_temp_c must be between"):
        Conditions(air_temp_c=float("nan"))


def test_layers_must_be_layers():
    with pytest.raises(ValueError, match="layers"):
        steady_state([])
    with pytest.raises(ValueError, match=r"layers\[0\] must be a Layer"):
        steady_state(["skin"])


# ------------------------------------------------------------------ steady state
def _analytic_single_layer(L, k, beta, h, t_air, t_core, t_a, x):
    """Hand-derived T(x) for one uniform perfused layer, x from the surface.

    theta = T - T_a = P cosh(m x) + Q sinh(m x); theta(L) = t_core - t_a;
    k theta'(0) = h (theta(0) + t_a - t_air).
    """
    m = math.sqrt(beta / k)
    # k m Q = h (P + t_a - t_air);  P cosh(mL) + Q sinh(mL) = t_core - t_a
    a = np.array([[h, -k * m], [math.cosh(m * L), math.sinh(m * L)]])
    b = np.array([-h * (t_a - t_air), t_core - t_a])
    P, Q = np.linalg.solve(a, b)
    return t_a + P * np.cosh(m * x) + Q * np.sinh(m * x)


@pytest.mark.parametrize("perf, core", [(1.88, 37.0), (3.5, 36.0), (40.0, 37.0), (0.5, 38.0)])
def test_steady_state_matches_analytic_single_layer(perf, core):
    layer = Layer("muscle", 20.0, 0.5, 1050.0, 3600.0, perf)
    cond = Conditions(core_temp_c=core, arterial_temp_c=37.0, air_temp_c=22.0,
                      surface_h_w_m2k=8.0)
    r = steady_state([layer], cond, points_per_layer=201)
    beta = cond.blood_heat_capacity_j_m3k * layer.perfusion_per_s
    exact = _analytic_single_layer(0.02, 0.5, beta, 8.0, 22.0, core, 37.0, r.depth_mm * 1e-3)
    np.testing.assert_allclose(r.temperature_c, exact, rtol=1e-6)


def test_splitting_a_layer_changes_nothing():
    one = steady_state([Layer("m", 10, 0.5, 1050, 3600, 3.0)], points_per_layer=2)
    two = steady_state([Layer("m", 4, 0.5, 1050, 3600, 3.0), Layer("m", 6, 0.5, 1050, 3600, 3.0)],
                       points_per_layer=2)
    assert one.surface_temp_c == pytest.approx(two.surface_temp_c, rel=1e-12)


def test_steady_energy_balance_closes():
    r = steady_state(default_layers())
    assert abs(r.energy_residual_w_m2) < 1e-9 * r.surface_loss_w_m2
    assert r.surface_loss_w_m2 > 0 and r.blood_heat_w_m2 > 0 and r.core_inflow_w_m2 > 0


def test_temperature_is_continuous_and_between_room_and_core():
    r = steady_state(default_layers(), points_per_layer=50)
    assert np.all(np.abs(np.diff(r.temperature_c)) < 0.5)
    assert np.all(r.temperature_c > 24.0) and np.all(r.temperature_c <= 37.0 + 1e-12)
    assert r.depth_mm[-1] == pytest.approx(37.0)


def test_grid_steady_state_converges_to_exact_and_conserves_energy():
    exact = steady_state(default_layers()).surface_temp_c
    errors = []
    for cpm in (1, 2, 4, 8):
        _, _, ts, res = grid_steady_state(default_layers(), cells_per_mm=cpm)
        errors.append(abs(ts - exact))
        assert abs(res) < 1e-7    # W/m2, against about 90 W/m2 lost: 1e-9 relative
    assert errors[-1] < 2e-3
    assert errors[-1] < errors[0] / 10    # second order: about 4x per halving


def test_warming_rises_monotonically_with_skin_perfusion():
    q = np.geomspace(0.1, 200, 25)
    T = warming_vs_skin_perfusion(q)
    assert np.all(np.diff(T) > 0)
    assert T[-1] < 37.0


@settings(max_examples=40, deadline=None)
@given(skin=st.floats(0.01, 300), fat=st.floats(0.01, 50), muscle=st.floats(0.01, 300),
       skin_mm=st.floats(0.5, 5), fat_mm=st.floats(0.5, 30), muscle_mm=st.floats(5, 60),
       h=st.floats(2, 100), air=st.floats(5, 35))
def test_steady_state_is_physical_over_the_parameter_box(skin, fat, muscle, skin_mm, fat_mm,
                                                        muscle_mm, h, air):
    layers = default_layers(skin_perfusion_ml_min_100g=skin, fat_perfusion_ml_min_100g=fat,
                            muscle_perfusion_ml_min_100g=muscle, skin_mm=skin_mm,
                            fat_mm=fat_mm, muscle_mm=muscle_mm)
    cond = Conditions(air_temp_c=air, surface_h_w_m2k=h)
    r = steady_state(layers, cond, points_per_layer=20)
    assert np.all(np.isfinite(r.temperature_c))
    assert air - 1e-9 <= r.surface_temp_c <= 37.0 + 1e-9
    assert np.all(r.temperature_c <= 37.0 + 1e-9) and np.all(r.temperature_c >= air - 1e-9)
    assert abs(r.energy_residual_w_m2) <= 1e-7 * max(1.0, r.surface_loss_w_m2)
    warmer = steady_state(with_perfusion(layers, 0, min(skin * 2, 500)), cond,
                          points_per_layer=2)
    assert warmer.surface_temp_c >= r.surface_temp_c - 1e-12


# --------------------------------------------------------------------- transient
def test_transient_starts_at_old_and_approaches_new_steady_state():
    before = default_layers()
    after = with_perfusion(before, 0, 20.0)
    r = warming_transient(before, after, [0, 10 * 60, 2 * 3600, 6 * 3600])
    _, _, ts0, _ = grid_steady_state(before)
    _, _, ts1, _ = grid_steady_state(after)
    assert r.surface_temp_c[0] == pytest.approx(ts0, abs=1e-9)
    assert r.start_surface_temp_c == pytest.approx(ts0, abs=1e-9)
    assert r.steady_surface_temp_c == pytest.approx(ts1, abs=1e-9)
    assert abs(r.surface_temp_c[-1] - ts1) < 1e-3
    assert abs(ts1 - steady_state(after).surface_temp_c) < 5e-3
    assert np.all(np.diff(r.surface_temp_c) > 0)


def test_transient_rises_monotonically_in_time():
    before = default_layers()
    r = warming_transient(before, with_perfusion(before, 0, 47.0), np.linspace(0, 3600, 61))
    assert np.all(np.diff(r.rise_c) > 0)
    assert r.slowest_time_constant_s > 0


def test_crank_nicolson_agrees_with_modal_solution():
    before = default_layers()
    after = with_perfusion(before, 0, 10.0)
    dt = max_stable_step_s(after, cells_per_mm=1) * 0.9
    times = dt * np.array([0, 50, 200, 400])
    modal = warming_transient(before, after, times, cells_per_mm=1)
    cn = warming_transient(before, after, times, cells_per_mm=1, method="crank-nicolson", dt_s=dt)
    np.testing.assert_allclose(cn.surface_temp_c, modal.surface_temp_c, atol=2e-3)
    assert cn.dt_s == pytest.approx(dt)


def test_unstable_crank_nicolson_step_is_refused():
    layers = default_layers()
    limit = max_stable_step_s(layers, cells_per_mm=1)
    with pytest.raises(ValueError, match=r"dt_s must be between 1e-06 and [0-9.]+ s; got"):
        warming_transient(layers, layers, [0, 10 * limit], cells_per_mm=1,
                          method="crank-nicolson", dt_s=5 * limit)
    with pytest.raises(ValueError, match="dt_s must be a number"):
        warming_transient(layers, layers, [0], method="crank-nicolson", dt_s=None)
    with pytest.raises(ValueError, match="dt_s must be"):
        warming_transient(layers, layers, [0], method="crank-nicolson", dt_s=float("nan"))


def test_unknown_method_and_mismatched_layers_are_refused():
    layers = default_layers()
    with pytest.raises(ValueError, match="method must be one of"):
        warming_transient(layers, layers, [0], method="euler")
    with pytest.raises(ValueError, match="same thicknesses"):
        warming_transient(layers, default_layers(skin_mm=3), [0])


def test_no_change_means_no_warming():
    layers = default_layers()
    r = warming_transient(layers, layers, [0, 600, 3600])
    np.testing.assert_allclose(r.rise_c, 0, atol=1e-10)


def test_defaults_match_the_data_table():
    import helpers as hp

    table = hp.load_table("tissue_thermal")
    for (tissue, quantity), value in circ._DEFAULT_PROPS.items():
        rows = table.where(tissue=tissue, quantity=quantity).rows
        assert len(rows) == 1, (tissue, quantity)
        assert rows[0]["value"] == pytest.approx(value)
        assert rows[0]["low"] <= value <= rows[0]["high"]
    blood = Conditions()
    assert table.where(tissue="blood", quantity="density").rows[0]["value"] == pytest.approx(
        blood.blood_density_kg_m3)
    assert table.where(tissue="blood", quantity="specific_heat").rows[0]["value"] == \
        pytest.approx(blood.blood_specific_heat_j_kgk)


def test_study_table_loads_and_every_claim_has_rows():
    import helpers as hp

    table = hp.load_table("circulation_studies")
    claims = set(table.column("claim"))
    assert claims == {"leg_flow", "skin_warming", "lactate", "exercise_flow"}


def test_with_perfusion_refuses_a_bad_index():
    with pytest.raises(ValueError, match="index must be a whole number between 0 and 2"):
        with_perfusion(default_layers(), 3, 5.0)


@settings(max_examples=25, deadline=None)
@given(factor=st.floats(1.0, 50.0), fat_mm=st.floats(0.5, 30), skin=st.floats(0.05, 10),
       air=st.floats(10, 34))
def test_transient_is_bounded_and_monotone_over_the_parameter_box(factor, fat_mm, skin, air):
    cond = Conditions(air_temp_c=air)
    before = default_layers(skin_perfusion_ml_min_100g=skin, fat_mm=fat_mm)
    after = with_perfusion(before, 0, min(skin * factor, 500))
    r = warming_transient(before, after, np.linspace(0, 3 * 3600, 25), cond)
    assert np.all(np.isfinite(r.temperature_c))
    assert np.all(r.temperature_c <= 37 + 1e-9) and np.all(r.temperature_c >= air - 1e-9)
    assert np.all(np.diff(r.surface_temp_c) >= -1e-9)       # more perfusion never cools it
    assert r.surface_temp_c[-1] <= r.steady_surface_temp_c + 1e-9


def test_thicker_fat_gives_a_larger_rise_for_the_same_skin_change():
    rises = []
    for fat in (5.0, 20.0):
        before = default_layers(fat_mm=fat)
        after = with_perfusion(before, 0, 1.88 * 5)
        rises.append(steady_state(after).surface_temp_c - steady_state(before).surface_temp_c)
    assert rises[1] > rises[0]
