"""Lesson 05: the evidence model (simulated study, natural-history calibration), its data files
and its figures."""

import csv
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers as hp
from helpers.models import evidence as ev
from helpers.plots import evidence as plots
from helpers.schemas import evidence as schemas
from helpers.tables import DATA_DIR, read_table

# --------------------------------------------------------------------------------------------
# data files
# --------------------------------------------------------------------------------------------

SOURCE_KEYS = {row["key"] for row in hp.load_table("sources")}


@pytest.mark.parametrize("name", ["trials", "natural_history", "guideline_grades"])
def test_every_data_file_loads_against_its_schema(name):
    table = hp.load_table(name)
    assert len(table) > 0


def test_every_trial_row_is_sourced_and_quoted():
    for row in ev.load_trials():
        assert row["source"] in SOURCE_KEYS
        assert row["quote"].strip(), row["result_id"]
        assert row["results_status"] in ("V", "S")
        if row["swc"] is not None:
            assert row["swc_source"] in SOURCE_KEYS


def test_every_trial_named_in_the_brief_is_in_the_table():
    names = set(ev.trial_names())
    assert {"Renan-Ordine 2011", "Saban 2014", "Ajimsha 2014", "Cleland 2009", "Shashua 2015",
            "Radford 2007", "McClinton 2019"} <= names


def test_results_read_only_in_a_summary_are_marked_secondary():
    by_id = ev.load_trials().by("result_id")
    assert by_id["ajimsha2014_ffi_w4"]["results_status"] == "S"
    assert by_id["ajimsha2014_ffi_w12"]["results_status"] == "S"
    assert by_id["shashua2015_all"]["results_status"] == "S"
    assert by_id["cleland2009_lefs_4w"]["results_status"] == "V"


def test_fact_sheet_numbers_are_in_the_trial_table():
    by_id = ev.load_trials().by("result_id")
    cl = by_id["cleland2009_lefs_4w"]
    assert (cl["estimate"], cl["ci_low"], cl["ci_high"]) == (13.5, 6.3, 20.8)
    rad = by_id["radford2007_vas"]
    assert (rad["estimate"], rad["ci_low"], rad["ci_high"], rad["swc"]) == (-7.9, -18.3, 2.6, 19)
    sab = by_id["saban2014_fac"]
    assert (sab["estimate"], sab["comparison_estimate"]) == (15, 6)
    mc = by_id["mcclinton2019_faam_6m"]
    assert (mc["estimate"], mc["ci_low"], mc["ci_high"]) == (4.3, -1, 9.6)


def test_quotes_contain_the_numbers_they_support():
    for row in ev.load_trials():
        for key in ("estimate", "ci_low", "ci_high", "comparison_estimate"):
            value = row[key]
            if value is None:
                continue
            text = f"{abs(value):g}"
            assert text in row["quote"], (row["result_id"], key, text)


def _write(tmp_path, rows, header):
    path = tmp_path / "trials.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _trial_rows():
    with (DATA_DIR / "trials.csv").open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, [list(r) for r in reader]


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("ci_low", "30", "is not inside its interval"),
        ("ci_high", "", "needs its 95% confidence interval"),
        ("source", "nosuchkey2099", "unknown source key"),
        ("results_status", "U", "is not one of V, S"),
        ("n_randomised", "1.5", "is not a whole number"),
    ],
)
def test_broken_trial_rows_are_refused_with_line_and_column(tmp_path, column, value, message):
    header, rows = _trial_rows()
    idx = [r[0] for r in rows].index("cleland2009_lefs_4w")
    rows[idx][header.index(column)] = value
    path = _write(tmp_path, rows, header)
    with pytest.raises(ValueError, match=message) as err:
        read_table(path, schemas.TRIALS, SOURCE_KEYS)
    assert "line" in str(err.value)


def test_natural_history_rows_match_the_fact_sheet():
    rows = ev.load_natural_history().by("study_id")
    assert rows["wolgin1994_47m"]["still_symptomatic_pct"] == 18  # 82 of 100 resolved
    assert rows["wolgin1994_47m"]["time_months"] == 47
    assert [rows[f"hansen2018_{m}m"]["still_symptomatic_pct"] for m in (12, 60, 120, 180)] == [
        80.5, 50.0, 45.6, 44.0]


def test_guideline_grades_from_a_summary_are_marked_secondary():
    rows = ev.load_guideline_grades().by("item_id")
    for key in ("cpg2023_manual_therapy", "cpg2023_stretching", "cpg2023_taping",
                "cpg2023_night_splints", "cpg2023_orthoses"):
        assert rows[key]["status"] == "S"
        assert "summary" in rows[key]["note"]
    assert rows["cpg2023_orthoses"]["grade"] == "B"
    assert rows["cpg2023_manual_therapy"]["grade"] == "A"


# --------------------------------------------------------------------------------------------
# natural-history calibration
# --------------------------------------------------------------------------------------------

def test_wolgin_and_hansen_calibrations():
    assert ev.recovery_pct_per_month(18, 47) == pytest.approx(3.583, abs=0.001)
    assert ev.recovery_pct_per_month(80.5, 12) == pytest.approx(1.791, abs=0.001)
    assert ev.recovery_pct_per_month(50, 60) == pytest.approx(1.149, abs=0.001)


def test_default_recovery_is_the_wolgin_calibration_to_two_decimals():
    wolgin = ev.load_natural_history().by("study_id")["wolgin1994_47m"]
    pct = ev.recovery_pct_per_month(wolgin["still_symptomatic_pct"], wolgin["time_months"])
    assert ev.DEFAULTS["monthly_recovery_pct"] == round(pct, 2)


@given(st.floats(0.1, 99.9), st.floats(0.1, 600))
def test_calibration_round_trips(still_pct, months):
    pct = ev.recovery_pct_per_month(still_pct, months)
    if pct <= ev.RECOVERY_RANGE[1]:
        assert ev.remaining_fraction(pct, months) == pytest.approx(still_pct / 100, rel=1e-9)


def test_hansen_plateau_means_a_single_rate_does_not_fit():
    rates = [p.monthly_recovery_pct for p in ev.recovery_patterns() if p.study == "Hansen 2018"]
    assert rates == sorted(rates, reverse=True)  # later time points imply slower recovery
    assert rates[0] > 3 * rates[-1]


def test_recovery_patterns_cover_every_row_and_none():
    keys = [p.key for p in ev.recovery_patterns()]
    assert keys[-1] == "none"
    assert set(keys[:-1]) == {r["study_id"] for r in ev.load_natural_history()}


@pytest.mark.parametrize("args, name", [((0, 12), "still_symptomatic_pct"),
                                        ((100, 12), "still_symptomatic_pct"),
                                        ((50, 0), "months"),
                                        ((float("nan"), 12), "still_symptomatic_pct")])
def test_impossible_calibration_inputs_are_refused(args, name):
    with pytest.raises(ValueError, match=name):
        ev.recovery_pct_per_month(*args)


# --------------------------------------------------------------------------------------------
# the simulation
# --------------------------------------------------------------------------------------------

def test_same_settings_give_the_same_numbers():
    a = ev.simulate_cohort(seed=7, n_patients=300)
    b = ev.simulate_cohort(seed=7, n_patients=300)
    assert np.array_equal(a.baseline_points, b.baseline_points)
    assert np.array_equal(a.followup_points, b.followup_points)
    assert np.array_equal(a.treated, b.treated)
    assert a.randomised_points == b.randomised_points
    assert ev.summary_text(a) == ev.summary_text(b)


def test_different_seeds_give_different_samples():
    a = ev.simulate_cohort(seed=1)
    b = ev.simulate_cohort(seed=2)
    assert not np.array_equal(a.baseline_points, b.baseline_points)


def test_changing_only_the_effect_keeps_the_same_people():
    a = ev.simulate_cohort(seed=5, true_effect_points=0.0)
    b = ev.simulate_cohort(seed=5, true_effect_points=2.0)
    assert np.array_equal(a.baseline_points, b.baseline_points)
    assert np.array_equal(a.treated, b.treated)
    diff = a.followup_points - b.followup_points
    assert np.allclose(diff[a.treated], 2.0)
    assert np.allclose(diff[~a.treated], 0.0)


def test_groups_are_equal_halves_and_everyone_enrolled_reached_the_threshold():
    r = ev.simulate_cohort(n_patients=301, enrol_threshold_points=7, seed=3)
    assert r.baseline_points.size == 301
    assert int(r.treated.sum()) == 150
    assert (r.baseline_points >= 7).all()
    assert r.n_screened >= 301


@pytest.mark.parametrize("effect", [-1.0, 0.0, 1.5, 3.0])
def test_randomised_estimate_converges_to_the_true_effect(effect):
    # With n patients split in two groups, the randomised estimate is unbiased with standard
    # error SE = sqrt(var_c/n_c + var_t/n_t), computed from each simulated study. A normal
    # estimate lies within 4 SE of its mean with probability 0.99994, so for 10 fixed seeds a
    # failure would mean bias, not bad luck. SE shrinks like 1/sqrt(n): at n = 4000 it is
    # about 0.05 points here, so 4 SE is a tolerance of about 0.2 points.
    errors_small, errors_big = [], []
    for seed in range(10):
        big = ev.simulate_cohort(true_effect_points=effect, n_patients=4000, seed=seed)
        assert abs(big.randomised_points - effect) < 4 * big.randomised_se_points
        assert big.randomised_se_points < 0.07
        small = ev.simulate_cohort(true_effect_points=effect, n_patients=40, seed=seed)
        errors_small.append(abs(small.randomised_points - effect))
        errors_big.append(abs(big.randomised_points - effect))
    assert np.mean(errors_big) < np.mean(errors_small) / 3  # sqrt(4000/40) = 10 in theory


def test_standard_error_matches_theory():
    # For the follow-up comparison, var = left^2 * var(underlying | enrolled) + noise^2 in each
    # group; check the simulation's SE against that formula within 10%.
    r = ev.simulate_cohort(n_patients=4000, seed=11, monthly_recovery_pct=0, noise_sd_points=1)
    var_t = np.var(r.followup_points[r.treated], ddof=1)
    se_theory = math.sqrt(2 * var_t / 2000)
    assert r.randomised_se_points == pytest.approx(se_theory, rel=0.1)


def test_uncontrolled_estimate_is_biased_upwards_by_regression_to_the_mean():
    # No treatment effect and no natural recovery: only regression to the mean is left. People
    # enrolled above the average were, on average, having a bad day, so their next score is
    # lower: the before/after "improvement" is positive although nothing was done.
    kw = dict(true_effect_points=0.0, monthly_recovery_pct=0.0, noise_sd_points=1.5,
              enrol_threshold_points=6.5, n_patients=4000)
    expected = ev.expected_estimates(**kw)
    assert expected.regression_to_mean_points > 0.5
    assert expected.natural_recovery_points == 0
    for seed in range(5):
        r = ev.simulate_cohort(seed=seed, **kw)
        treated_change = (r.baseline_points - r.followup_points)[r.treated]
        se = treated_change.std(ddof=1) / math.sqrt(treated_change.size)
        assert r.before_after_points > 0.3
        assert r.before_after_points == pytest.approx(expected.before_after_points, abs=4 * se)
        assert abs(r.randomised_points) < 4 * r.randomised_se_points


def test_no_noise_means_no_regression_to_the_mean():
    r = ev.simulate_cohort(true_effect_points=1.0, monthly_recovery_pct=0.0, noise_sd_points=0.0,
                           n_patients=500, seed=4)
    assert r.before_after_points == pytest.approx(1.0, abs=1e-9)
    assert r.control_change_points == pytest.approx(0.0, abs=1e-9)


def test_enrolling_everyone_removes_regression_to_the_mean():
    e = ev.expected_estimates(noise_sd_points=1.0, enrol_threshold_points=0.0,
                              monthly_recovery_pct=0.0, true_effect_points=0.0)
    assert e.regression_to_mean_points < 0.01


@settings(max_examples=40, deadline=None)
@given(
    effect=st.floats(*ev.TRUE_EFFECT_RANGE),
    recovery=st.floats(*ev.RECOVERY_RANGE),
    noise=st.floats(*ev.NOISE_RANGE),
    threshold=st.floats(*ev.THRESHOLD_RANGE),
    n=st.integers(*ev.N_PATIENTS_RANGE).filter(lambda k: k <= 600),
    months=st.floats(*ev.FOLLOW_UP_RANGE),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_valid_setting_gives_a_sane_study(effect, recovery, noise, threshold, n, months, seed):
    kw = dict(true_effect_points=effect, monthly_recovery_pct=recovery, noise_sd_points=noise,
              enrol_threshold_points=threshold, n_patients=n, follow_up_months=months, seed=seed)
    r = ev.simulate_cohort(**kw)
    assert r.baseline_points.size == n and int(r.treated.sum()) == n // 2
    assert (r.baseline_points >= threshold).all()
    for value in (r.before_after_points, r.randomised_points, r.randomised_se_points,
                  r.screened_mean_points):
        assert math.isfinite(value)
    lo, hi = r.randomised_ci_points
    assert lo <= r.randomised_points <= hi
    e = ev.expected_estimates(**kw)
    # regression to the mean and natural recovery can only make before/after look better
    assert e.regression_to_mean_points >= 0
    assert e.natural_recovery_points >= 0
    assert e.before_after_points >= e.true_effect_points - 1e-12
    assert e.randomised_points == effect


@pytest.mark.parametrize(
    "name, value, fragment",
    [
        ("true_effect_points", 5, "true_effect_points must be between -2 and 4 points; got 5"),
        ("monthly_recovery_pct", -1, "monthly_recovery_pct must be between 0 and 20 % per month"),
        ("noise_sd_points", float("nan"), "noise_sd_points must be between 0 and 3 points"),
        ("enrol_threshold_points", 9, "enrol_threshold_points must be between 0 and 8 points"),
        ("n_patients", 10, "n_patients must be between 20 and 5000 patients; got 10"),
        ("n_patients", 100.5, "n_patients must be a whole number"),
        ("follow_up_months", 0, "follow_up_months must be between 0.5 and 24 months"),
        ("seed", -1, "seed must be between 0 and"),
        ("seed", "abc", "seed must be a number"),
    ],
)
def test_impossible_settings_are_refused_with_a_clear_message(name, value, fragment):
    with pytest.raises(ValueError, match=fragment.replace("(", r"\(")) as err:
        ev.simulate_cohort(**{name: value})
    assert name in str(err.value)


def test_unknown_setting_is_named_in_a_value_error():
    with pytest.raises(ValueError, match="unexpected keyword argument 'patients'"):
        ev.simulate_cohort(patients=100)


def test_slider_updates_are_fast():
    import time

    ev.simulate_cohort(n_patients=3000)  # warm up
    start = time.perf_counter()
    for seed in range(10):
        ev.simulate_cohort(n_patients=3000, seed=seed)
    per_call = (time.perf_counter() - start) / 10
    assert per_call < 0.05  # a few ms expected; generous for a shared machine


def test_summary_text_states_the_decomposition():
    text = ev.summary_text(ev.simulate_cohort())
    assert "regression to the mean" in text
    assert "Randomised comparison" in text


def test_unknown_trial_is_refused():
    with pytest.raises(ValueError, match="trial must be one of"):
        ev.trial_rows("Nobody 2099")


# --------------------------------------------------------------------------------------------
# figures
# --------------------------------------------------------------------------------------------

def test_trial_figure_numbers_come_from_the_data_file():
    fig, axes = hp.new_figure(4, 2, figsize=(10, 10))
    axes = list(axes.ravel())
    drawn = plots.draw_trials(axes[:-1], ev.load_trials(), text_ax=axes[-1])
    by_id = ev.load_trials().by("result_id")
    plotted = {(rid, key) for rid, key, _ in drawn["points"]}
    for rid, key, x in drawn["points"]:
        row = by_id[rid]
        if key == "swc":
            sign = 1 if row["favours_treatment_when"] == "higher" else -1
            assert x == sign * row["swc"]
        else:
            assert x == row[key]
    # every number in the file for a plotted kind is on the figure
    for row in ev.load_trials():
        if row["result_kind"] not in ev.PLOTTED_KINDS:
            continue
        for key in ("estimate", "ci_low", "ci_high", "comparison_estimate",
                    "comparison_ci_low", "comparison_ci_high"):
            if row[key] is not None:
                assert (row["result_id"], key) in plotted
    # and the artists hold the same numbers
    xs = set()
    for artists in drawn["by_trial"].values():
        for line in artists:
            xs.update(float(v) for v in line.get_xdata())
    assert {x for _, k, x in drawn["points"] if k != "swc"} <= xs


def test_trial_panels_are_one_per_scale_with_titles_and_labels():
    fig, axes = hp.new_figure(4, 2)
    axes = list(axes.ravel())
    drawn = plots.draw_trials(axes[:-1], ev.load_trials(), text_ax=axes[-1])
    assert list(drawn["panels"]) == ev.plotted_scales()
    for ax in drawn["panels"].values():
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_the_trial_figures_are_drawn_from_the_rows_they_are_given(monkeypatch):
    # data flows down: the plot receives rows and loads nothing, not even once per row
    rows = list(ev.load_trials())
    history = list(ev.load_natural_history())

    def no_loading(*args, **kwargs):
        raise AssertionError("a plot loaded a table")

    monkeypatch.setattr(ev.tables, "load_table", no_loading)  # the one table loader
    fig, axes = hp.new_figure(4, 2)
    axes = list(axes.ravel())
    drawn = plots.draw_trials(axes[:-1], rows, text_ax=axes[-1])
    assert list(drawn["panels"]) == ev.plotted_scales(rows)
    assert plots.trial_style(rows[0]["trial"], ev.trial_names(rows=rows))["color"]
    fig, ax = hp.new_figure()
    assert plots.draw_natural_history(ax, history)["wolgin"].get_xdata().size


def test_draw_trials_needs_enough_axes():
    fig, axes = hp.new_figure(1, 2)
    with pytest.raises(ValueError, match="needs"):
        plots.draw_trials(axes, ev.load_trials())


def test_highlight_fades_other_trials():
    fig, axes = hp.new_figure(4, 2)
    drawn = plots.draw_trials(list(axes.ravel())[:7], ev.load_trials())
    plots.highlight_trial(drawn["by_trial"], "Cleland 2009")
    for name, artists in drawn["by_trial"].items():
        for artist in artists:
            assert artist.get_alpha() == (1.0 if name == "Cleland 2009" else 0.2)


def test_simulation_figure_updates_in_place():
    fig, (a1, a2) = hp.new_figure(1, 2)
    r1 = ev.simulate_cohort(seed=1)
    artists = plots.draw_simulation(a1, a2, r1)
    n_lines = len(a1.lines) + len(a2.lines)
    r2 = ev.simulate_cohort(seed=1, true_effect_points=3.0)
    plots.update_simulation(artists, a1, a2, r2)
    assert len(a1.lines) + len(a2.lines) == n_lines
    assert artists["estimate_bars"][0].get_width() == 3.0
    assert artists["estimate_bars"][2].get_width() == pytest.approx(r2.randomised_points)
    assert list(artists["treated_line"].get_ydata()) == [r2.mean_baseline_treated,
                                                         r2.mean_followup_treated]
    for ax in (a1, a2):
        assert ax.get_title() and ax.get_xlabel()


def test_natural_history_figure_numbers_come_from_the_data_file():
    fig, ax = hp.new_figure()
    drawn = plots.draw_natural_history(ax, ev.load_natural_history())
    rows = list(ev.load_natural_history())
    hansen = [r for r in rows if r["study"] == "Hansen 2018"]
    wolgin = [r for r in rows if r["study"] == "Wolgin 1994"]
    x, y = drawn["hansen"].get_data()
    assert list(x[1:]) == [r["time_months"] for r in hansen]
    assert list(y[1:]) == [r["still_symptomatic_pct"] for r in hansen]
    assert (x[0], y[0]) == (0.0, 100.0)  # everyone has symptoms at onset (definition)
    assert list(drawn["wolgin"].get_xdata()) == [47]
    assert list(drawn["wolgin"].get_ydata()) == [18]
    # each calibrated curve passes through the point it was calibrated to
    for row in (wolgin[0], hansen[0]):
        cx, cy = drawn["curves"][row["study_id"]].get_data()
        assert np.interp(row["time_months"], cx, cy) == pytest.approx(
            row["still_symptomatic_pct"], abs=0.3)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
