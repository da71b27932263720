"""Tests for helpers.models.mechanics: truss, windlass and viscoelastic relaxation."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.models import mechanics as mech

masses = st.floats(*mech.BODY_MASS_RANGE_KG)
heights = st.floats(*mech.ARCH_HEIGHT_RANGE_MM)
heel_lengths = st.floats(*mech.HEEL_TO_APEX_RANGE_MM)
fore_lengths = st.floats(*mech.APEX_TO_FOREFOOT_RANGE_MM)
cases = st.sampled_from(sorted(mech.LOAD_CASES))
angles = st.floats(*mech.TOE_EXTENSION_RANGE_DEG)
radii = st.floats(*mech.DRUM_RADIUS_RANGE_MM)


# ---------------------------------------------------------------- truss


def test_truss_matches_closed_form_for_symmetric_truss():
    r = mech.truss(80, arch_height_mm=35, heel_to_apex_mm=90, apex_to_forefoot_mm=90,
                   load_case="one_foot")
    load = 80 * mech.GRAVITY_M_S2
    assert r.tension_n == pytest.approx(load * 90 / (2 * 35))
    assert r.heel_reaction_n == pytest.approx(load / 2)
    assert r.forefoot_reaction_n == pytest.approx(load / 2)


def test_truss_matches_general_closed_form():
    r = mech.truss(70, 40, 70, 110, "two_feet")
    load = 0.5 * 70 * mech.GRAVITY_M_S2
    assert r.foot_load_n == pytest.approx(load)
    assert r.tension_n == pytest.approx(load * 70 * 110 / (180 * 40))


def test_tension_is_proportional_to_load():
    base = mech.truss(50, load_case="two_feet")
    assert mech.truss(100, load_case="two_feet").tension_n == pytest.approx(2 * base.tension_n)
    assert mech.truss(50, load_case="one_foot").tension_n == pytest.approx(2 * base.tension_n)
    walk = mech.truss(50, load_case="walking_peak")
    assert walk.tension_n == pytest.approx(2.4 * base.tension_n)


def test_tension_falls_as_arch_rises():
    tensions = [mech.truss(70, h).tension_n for h in (10, 20, 40, 60, 80)]
    assert all(a > b for a, b in zip(tensions, tensions[1:]))


def test_stretch_uses_kitaoka_stiffness_and_failure_load():
    r = mech.truss(70, load_case="one_foot")
    assert r.stretch_mm == pytest.approx(r.tension_n / 203.7)
    assert r.failure_fraction == pytest.approx(r.tension_n / 1189)


def test_arch_drop_matches_small_stretch_linearisation():
    # for a small stretch d the apex falls by about d * a * b / (h * (a + b))
    r = mech.truss(20, 60, 100, 100, "two_feet", stiffness_n_per_mm=500)
    expected = r.stretch_mm * 100 * 100 / (60 * 200)
    assert r.arch_drop_mm == pytest.approx(expected, rel=0.05)


def test_walking_references_in_newtons():
    refs = mech.walking_peak_references_n(100)
    assert refs["erdemir2004"] == pytest.approx(0.96 * 981)
    assert refs["caravaggi2009"] == pytest.approx(1.5 * 981)


def test_truss_result_carries_the_walking_references_for_its_mass():
    r = mech.truss(100, load_case="walking_peak")
    assert r.walking_references_n == mech.walking_peak_references_n(100)


def test_results_are_frozen():
    r = mech.truss(70)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.tension_n = 0


@settings(max_examples=200, deadline=None)
@given(m=masses, h=heights, a=heel_lengths, b=fore_lengths, case=cases)
def test_truss_properties_over_valid_ranges(m, h, a, b, case):
    r = mech.truss(m, h, a, b, case)
    assert r.tension_n > 0
    assert r.stretch_mm > 0
    assert 0 < r.arch_drop_mm <= h
    # vertical equilibrium
    assert r.heel_reaction_n + r.forefoot_reaction_n == pytest.approx(r.foot_load_n)
    # moment equilibrium of the heel strut about the apex
    assert r.heel_reaction_n * a == pytest.approx(r.tension_n * h)
    assert r.tension_body_weights == pytest.approx(r.tension_n / (m * mech.GRAVITY_M_S2))


@settings(max_examples=100, deadline=None)
@given(m=masses, h=st.floats(5, 79), a=heel_lengths, b=fore_lengths)
def test_higher_arch_never_raises_tension(m, h, a, b):
    assert mech.truss(m, h + 1, a, b).tension_n < mech.truss(m, h, a, b).tension_n


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"body_mass_kg": 0}, "body_mass_kg must be between 20 and 250 kg; got 0"),
        ({"body_mass_kg": -70}, "body_mass_kg must be between 20 and 250 kg; got -70"),
        ({"body_mass_kg": float("nan")}, "body_mass_kg must be between 20 and 250 kg; got nan"),
        ({"body_mass_kg": 70, "arch_height_mm": -3}, "arch_height_mm must be between 5 and 80 mm; got -3"),
        ({"body_mass_kg": 70, "arch_height_mm": 120}, "arch_height_mm must be between 5 and 80 mm; got 120"),
        ({"body_mass_kg": 70, "heel_to_apex_mm": 10}, "heel_to_apex_mm must be between 30 and 200 mm; got 10"),
        ({"body_mass_kg": 70, "apex_to_forefoot_mm": 400}, "apex_to_forefoot_mm must be between 40 and 250 mm; got 400"),
        ({"body_mass_kg": 70, "load_case": "hopping"}, "load_case must be one of"),
        ({"body_mass_kg": 70, "stiffness_n_per_mm": 0}, "stiffness_n_per_mm must be between 50 and 500 N/mm; got 0"),
        ({"body_mass_kg": "70"}, "body_mass_kg must be a number"),
    ],
)
def test_truss_rejects_impossible_inputs(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        mech.truss(**kwargs)


# ---------------------------------------------------------------- windlass


def test_windlass_shortening_equals_radius_times_angle():
    w = mech.windlass(45, drum_radius_mm=8)
    assert w.shortening_mm == pytest.approx(8 * math.pi / 4)
    assert w.toe_extension_rad == pytest.approx(math.pi / 4)


def test_default_drum_gives_hicks_one_cm_for_quarter_turn():
    assert mech.windlass(90).shortening_mm == pytest.approx(10.0)


def test_windlass_at_zero_angle_changes_nothing():
    w = mech.windlass(0)
    assert w.shortening_mm == 0
    assert w.arch_rise_mm == pytest.approx(0, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(deg=angles, r=radii, h=heights, a=heel_lengths, b=fore_lengths)
def test_windlass_properties_over_valid_ranges(deg, r, h, a, b):
    w = mech.windlass(deg, r, h, a, b)
    assert w.shortening_mm == pytest.approx(r * math.radians(deg))
    assert w.arch_rise_mm >= -1e-9
    # struts keep their lengths: new span + rise is consistent with the strut lengths
    la, lb = math.hypot(a, h), math.hypot(b, h)
    hn = w.new_arch_height_mm
    span = math.sqrt(la**2 - hn**2) + math.sqrt(lb**2 - hn**2)
    assert span == pytest.approx(a + b - w.shortening_mm, rel=1e-6, abs=1e-6)


@settings(max_examples=50, deadline=None)
@given(deg=st.floats(0, 89))
def test_windlass_rise_grows_with_angle(deg):
    assert mech.windlass(deg + 1).arch_rise_mm > mech.windlass(deg).arch_rise_mm


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"toe_extension_deg": 120}, "toe_extension_deg must be between 0 and 90 degrees; got 120"),
        ({"toe_extension_deg": -10}, "toe_extension_deg must be between 0 and 90 degrees; got -10"),
        ({"toe_extension_deg": float("inf")}, "toe_extension_deg must be between 0 and 90 degrees; got inf"),
        ({"toe_extension_deg": 30, "drum_radius_mm": 0}, "drum_radius_mm must be between 2 and 20 mm; got 0"),
        ({"toe_extension_deg": 30, "arch_height_mm": 0}, "arch_height_mm must be between 5 and 80 mm; got 0"),
    ],
)
def test_windlass_rejects_impossible_inputs(kwargs, message):
    with pytest.raises(ValueError, match=message):
        mech.windlass(**kwargs)


# ---------------------------------------------------------------- relaxation


def test_relaxation_is_about_40_percent_at_240_s():
    r = mech.stress_relaxation([240])
    assert r.relaxation_percent[0] == pytest.approx(40.0, abs=0.01)


def test_relaxation_reaches_a_steady_value():
    r = mech.stress_relaxation(np.array([1800, 3600, 86400]))
    assert np.ptp(r.relaxation_percent) < 1e-6
    assert r.relaxation_percent[-1] == pytest.approx(r.steady_relaxation_percent)
    assert 40 <= r.steady_relaxation_percent < 42


@settings(max_examples=100, deadline=None)
@given(
    t=st.lists(st.floats(0, 86400), min_size=2, max_size=30),
    f=st.floats(0.01, 0.5),
    tau=st.floats(1, 150),
)
def test_relaxation_is_monotone_and_bounded(t, f, tau):
    t = np.sort(np.array(t))
    r = mech.stress_relaxation(t, f, tau)
    assert np.all(np.diff(r.stress_fraction) <= 1e-12)
    assert np.all(r.stress_fraction >= 1 - r.relaxable_fraction - 1e-12)
    assert np.all(r.stress_fraction <= 1)
    assert mech.stress_relaxation([240], f, tau).relaxation_percent[0] == pytest.approx(100 * f)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([-1],), "time_s must be between 0 and 86400 s; got -1"),
        (([float("nan")],), "time_s must be between 0 and 86400 s; got nan"),
        (([10], 1.2), "relaxation_at_240_s must be between 0 and 0.95; got 1.2"),
        (([10], 0.4, 0), "time_constant_s must be between 1 and 600 s; got 0"),
        (([10], 0.6, 300), "relaxation_at_240_s must be at most 0.551"),
    ],
)
def test_relaxation_rejects_impossible_inputs(args, message):
    with pytest.raises(ValueError, match=message):
        mech.stress_relaxation(*args)


# ---------------------------------------------------------------- first steps


def test_first_step_after_long_rest_carries_full_tension():
    r = mech.first_steps(rest_min=60, walk_min=5, step_tension_n=800)
    assert r.first_peak_n == pytest.approx(800, rel=1e-6)
    assert r.rested_peak_n == 800


def test_step_peaks_fall_while_walking_towards_steady_value():
    r = mech.first_steps(rest_min=60, walk_min=20, step_tension_n=1000)
    assert np.all(np.diff(r.step_peak_n) < 0)
    assert r.last_peak_n == pytest.approx(r.steady_peak_n, rel=1e-3)
    assert r.peak_drop_percent > 20


def test_no_rest_means_no_first_step_peak():
    r = mech.first_steps(rest_min=0, walk_min=2, step_tension_n=1000)
    assert r.first_peak_n == pytest.approx(r.steady_peak_n)
    assert r.peak_drop_percent == pytest.approx(0, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(rest=st.floats(0, 600), walk=st.floats(0.1, 10), peak=st.floats(1, 3000))
def test_first_steps_properties_over_valid_ranges(rest, walk, peak):
    r = mech.first_steps(rest, walk, peak)
    assert r.steady_peak_n - 1e-9 <= r.first_peak_n <= peak + 1e-9
    assert np.all(r.tension_n >= 0)
    assert np.all(r.tension_n <= peak + 1e-9)
    assert len(r.step_peak_n) == len(r.step_time_s) == max(1, round(walk * 60))


@settings(max_examples=50, deadline=None)
@given(rest=st.floats(0, 30))
def test_longer_rest_never_lowers_first_peak(rest):
    a = mech.first_steps(rest, 1).first_peak_n
    b = mech.first_steps(rest + 1, 1).first_peak_n
    assert b >= a - 1e-9


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rest_min": -5, "walk_min": 5}, "rest_min must be between 0 and 600 min; got -5"),
        ({"rest_min": 5, "walk_min": 0}, "walk_min must be between 0.1 and 30 min; got 0"),
        ({"rest_min": 5, "walk_min": 5, "step_tension_n": 0}, "step_tension_n must be between 1 and 3000 N; got 0"),
    ],
)
def test_first_steps_rejects_impossible_inputs(kwargs, message):
    with pytest.raises(ValueError, match=message):
        mech.first_steps(**kwargs)


def test_truss_flags_collapse_when_stretch_exceeds_geometry():
    r = mech.truss(250, 5, 200, 250, "walking_peak", stiffness_n_per_mm=50)
    assert r.arch_collapsed and r.arch_drop_mm == r.arch_height_mm
    assert not mech.truss(70).arch_collapsed
