"""Widget tests for helpers.apps.circulation (and the drawings in helpers.plots.circulation).

Run without a kernel under Agg: each control is set, and the model result, the readout and the
artists must change in place (same artist objects, new data).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import helpers as hp  # noqa: E402
from helpers.apps import circulation as capp  # noqa: E402
from helpers.models import circulation as circ  # noqa: E402
from helpers.plots import circulation as cplot  # noqa: E402
from helpers.style import PALETTE  # noqa: E402


@pytest.fixture(autouse=True)
def _style():
    hp.setup()
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _palette_only(colour):
    return matplotlib.colors.to_hex(colour).upper() in {c.upper() for c in PALETTE.values()}


# ------------------------------------------------------------------------------ clearance
def test_clearance_app_defaults_match_model():
    app = capp.ClearanceApp()
    assert app.result["skin"].half_time_s == pytest.approx(
        circ.half_time_s(circ.clearance_rate(1.88, tissue_density_kg_m3=1125)))
    assert "skin at rest 33 min" in app.readout_text()
    assert app.widget is not None and "hp-app-clearance" in app.widget._dom_classes


@pytest.mark.parametrize("slider, value, key", [
    ("skin_slider", 10.0, "skin"),
    ("muscle_slider", 40.0, "muscle"),
    ("massage_slider", 20.0, "massage"),
])
def test_clearance_sliders_move_curves_and_markers(slider, value, key):
    app = capp.ClearanceApp()
    line, mark = app.artists.lines[key], app.artists.marks[key]
    before_y = line.get_ydata().copy()
    before_half = app.result[key].half_time_s
    text = app.readout.value
    getattr(app, slider).value = value
    assert app.artists.lines[key] is line                       # same artist, new data
    assert app.result[key].half_time_s < before_half
    assert not np.allclose(line.get_ydata(), before_y)
    assert mark.get_xdata()[0] == pytest.approx(app.result[key].half_time_min)
    assert app.readout.value != text


def test_clearance_massage_half_time_is_rest_divided_by_factor():
    app = capp.ClearanceApp(massage_factor=4.0)
    assert app.result["massage"].half_time_s == pytest.approx(
        app.result["skin"].half_time_s / 4.0)


def test_slider_ranges_stay_inside_the_model_range():
    for app in (capp.ClearanceApp(), capp.WarmingApp(), capp.DiabetesApp()):
        for name in dir(app):
            s = getattr(app, name)
            if name.endswith("_slider"):
                assert s.description and s.style.description_width == "initial"
                s.value = s.max
                s.value = s.min                  # both ends must be accepted by the model
                assert np.isfinite(app.readout_text().count(" "))


# -------------------------------------------------------------------------------- warming
def test_warming_app_defaults_and_measured_lines():
    app = capp.WarmingApp()
    assert app.measured["hinds"][0] == pytest.approx(1.1)
    assert app.measured["portillo"][0] == pytest.approx(1.52)
    assert "[S" in app.measured["portillo"][1]
    assert app.result.rise_c[0] == pytest.approx(0, abs=1e-9)
    assert 0 < app.result.rise_c[-1] < 2


def test_warming_massage_slider_raises_the_rise_in_place():
    app = capp.WarmingApp()
    line = app.warming_artists.lines["massage"]
    after_line = app.profile_artists.after
    y0, p0 = line.get_ydata().copy(), after_line.get_ydata().copy()
    rise0 = app.result.rise_c[-1]
    app.massage_slider.value = 15
    assert app.result.rise_c[-1] > rise0
    assert app.warming_artists.lines["massage"] is line
    assert not np.allclose(line.get_ydata(), y0)
    assert not np.allclose(after_line.get_ydata(), p0)


def test_warming_fat_slider_moves_layer_bands_on_a_fixed_depth_axis():
    """The depth axis reaches the deepest the fat slider allows (skin 2 + fat 30 + muscle 30
    mm) and stays there; the bands and their names follow the fat layer inside it."""
    app = capp.WarmingApp()
    band, fat_label, muscle_label = (app.profile_artists.bands[1],
                                     *app.profile_artists.band_labels[1:])
    width0 = band.get_width()
    before_y = app.profile_artists.before.get_xdata().copy()
    xlim = app.ax_profile.get_xlim()
    assert xlim == pytest.approx((0, 2 + app.fat_slider.max + 30))
    app.fat_slider.value = 20
    assert band.get_width() == pytest.approx(20, rel=1e-6) and width0 == pytest.approx(5)
    assert app.profile_artists.before.get_xdata()[-1] > before_y[-1]
    assert fat_label.get_position()[0] == pytest.approx(2)            # named at its top edge
    assert muscle_label.get_position()[0] == pytest.approx(2 + 20)
    assert app.ax_profile.get_xlim() == xlim                        # the axis did not follow
    for fat in (app.fat_slider.min, app.fat_slider.max):
        app.fat_slider.value = fat
        assert app.ax_profile.get_xlim() == xlim
        assert app.profile_artists.before.get_xdata()[-1] <= xlim[1]


@pytest.mark.parametrize("fat", [1.0, 5.0, 30.0])
def test_warming_layer_names_stay_readable(fat):
    """The layer names never overlap each other or the curves, however thin the fat layer."""
    app = capp.WarmingApp(fat_mm=fat)
    app.massage_slider.value = app.massage_slider.max
    app.fig.canvas.draw()
    renderer = app.fig.canvas.get_renderer()
    boxes = [label.get_window_extent(renderer) for label in app.profile_artists.band_labels]
    for i, a in enumerate(boxes):
        assert app.ax_profile.bbox.contains(a.x0, a.y0) and app.ax_profile.bbox.contains(a.x1, a.y1)
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    lowest = min(float(np.min(line.get_ydata())) for line in (app.profile_artists.before,
                                                              app.profile_artists.after))
    curve_bottom = app.ax_profile.transData.transform((0, lowest))[1]
    assert max(b.y1 for b in boxes) < curve_bottom


def test_warming_uses_table_values():
    app = capp.WarmingApp()
    skin = app.layers(1.88)[0]
    assert skin.conductivity_w_mk == pytest.approx(0.42)
    assert app.conditions.blood_density_kg_m3 == pytest.approx(1050.6)


# -------------------------------------------------------------------------- claim checker
@pytest.mark.parametrize("claim", list(capp.CLAIMS))
def test_claim_checker_shows_each_claim(claim):
    app = capp.ClaimCheckerApp()
    start = "leg_flow" if claim != "leg_flow" else "lactate"
    app.claim_dropdown.value = start
    heights0 = [b.get_height() for b in app.panels[0].bars]
    title0 = app.panels[0].ax.get_title()
    app.claim_dropdown.value = claim
    table = hp.load_table("circulation_studies").where(claim=claim)
    assert sum(len(g["rows"]) for g in app.result) == len(table)
    assert app.panels[0].ax.get_title() != title0
    assert [b.get_height() for b in app.panels[0].bars] != heights0 or claim == start
    assert capp.VERDICTS[claim][:20] in app.verdict.value
    text = app.readout_text()
    for g in app.result:
        assert g["study"] in text and g["instrument"] in text
    assert "heel" in text


def test_claim_checker_panels_use_own_scales_and_hide_extras():
    app = capp.ClaimCheckerApp("exercise_flow")
    visible = [p.ax.get_visible() for p in app.panels]
    assert visible == [True, True, False, False]
    brachial, femoral = app.panels[0].ax, app.panels[1].ax
    assert brachial.get_ylim()[1] < femoral.get_ylim()[1]        # each panel its own scale
    assert app.panels[0].bars[1].get_height() == pytest.approx(126)


def test_claim_checker_marks_missing_numbers():
    app = capp.ClaimCheckerApp("leg_flow")
    shoemaker = app.panels[1]
    assert "no number" in shoemaker.missing[1].get_text()
    assert shoemaker.bars[1].get_height() == 0


def test_bars_use_palette_and_hatches():
    app = capp.ClaimCheckerApp()
    bars = app.panels[0].bars
    assert all(_palette_only(b.get_facecolor()) for b in bars)
    assert len({b.get_hatch() for b in bars}) == len(bars)


# ------------------------------------------------------------------------------- diabetes
def test_diabetes_app_reduced_is_slower_and_cooler():
    app = capp.DiabetesApp()
    r = app.result
    assert r["clear_reduced"].half_time_s > r["clear_typical"].half_time_s
    assert r["warm_reduced"].rise_c[-1] < r["warm_typical"].rise_c[-1]
    assert "Illustration" in app.readout_text()
    assert "Illustration" in app.ax_clear.get_title()


def test_diabetes_capacity_slider_moves_only_the_reduced_lines():
    app = capp.DiabetesApp()
    typ = app.clear_artists.lines["typical"].get_ydata().copy()
    red = app.clear_artists.lines["reduced"].get_ydata().copy()
    warm = app.warm_artists.lines["reduced"].get_ydata().copy()
    app.capacity_slider.value = 100
    assert np.allclose(app.clear_artists.lines["typical"].get_ydata(), typ)
    assert not np.allclose(app.clear_artists.lines["reduced"].get_ydata(), red)
    assert not np.allclose(app.warm_artists.lines["reduced"].get_ydata(), warm)
    assert app.result["clear_reduced"].half_time_s == pytest.approx(
        app.result["clear_typical"].half_time_s)


def test_diabetes_massage_slider_moves_both():
    app = capp.DiabetesApp()
    h_t, h_r = (app.result["clear_typical"].half_time_s, app.result["clear_reduced"].half_time_s)
    app.massage_slider.value = 20
    assert app.result["clear_typical"].half_time_s < h_t
    assert app.result["clear_reduced"].half_time_s < h_r
    assert app.reduced_factor() == pytest.approx(1 + 19 * 0.5)


# ------------------------------------------------------------------------------ drawings
def test_every_figure_has_title_labels_and_caption():
    for app in (capp.ClearanceApp(), capp.WarmingApp(), capp.ClaimCheckerApp(),
                capp.DiabetesApp()):
        for ax in app.fig.axes:
            if not ax.get_visible():
                continue
            assert ax.get_title() and ax.get_ylabel()
        assert "Figure." in app.caption.value
        assert all(ax.get_xlabel() for ax in app.fig.axes
                   if ax.get_visible() and not isinstance(app, capp.ClaimCheckerApp))


def test_line_series_differ_by_style_as_well_as_colour():
    styles = {(c, ls, m) for c, ls, m, _ in cplot.SERIES.values()}
    for ca, _la, _ma, _ in cplot.SERIES.values():
        assert _palette_only(ca)
    pairs = [("skin", "massage"), ("skin", "muscle"), ("typical", "reduced")]
    for a, b in pairs:
        assert cplot.SERIES[a][1] != cplot.SERIES[b][1] and cplot.SERIES[a][2] != cplot.SERIES[b][2]
    assert len(styles) >= 4


# ------------------------------------------------------------------------------- blitting
def _buffer(fig):
    return np.array(fig.canvas.buffer_rgba()).copy()


def _unblitted_twin(cls, app):
    """A fresh app of the same class at the same control values, drawn the plain way (no
    animated artists), with the axes in the same places: the picture before blitting."""
    ref = cls()
    for artist in ref.blitter.artists:
        artist.set_animated(False)
    ref.blitter.artists = []
    ref.fig.set_layout_engine("none")
    for ref_ax, ax in zip(ref.fig.axes, app.fig.axes, strict=True):
        ref_ax.set_position(ax.get_position())
    for name in dir(app):
        if name.endswith("_slider"):
            getattr(ref, name).value = getattr(app, name).value
    ref.fig.canvas.draw()
    return ref


# (app class, slider, values; "blit" if every step of that slider must blit, or "full" if
# the step changes a static part and must ask for a full redraw)
BLIT_STEPS = [
    (capp.ClearanceApp, "skin_slider", [0.2, 20.0, 5.0], "blit"),
    (capp.ClearanceApp, "muscle_slider", [1.0, 80.0, 20.0], "blit"),
    (capp.ClearanceApp, "massage_slider", [1.0, 25.0, 7.0], "blit"),
    (capp.WarmingApp, "massage_slider", [1.0, 25.0, 8.0], "blit"),  # fixed rise axis
    (capp.WarmingApp, "fat_slider", [1.0, 30.0, 12.0], "blit"),   # fixed depth axis
    (capp.DiabetesApp, "massage_slider", [1.0, 25.0, 8.0], "blit"),
    (capp.DiabetesApp, "capacity_slider", [0.0, 100.0, 35.0], "blit"),
]


@pytest.mark.parametrize("cls, slider, values, mode", BLIT_STEPS,
                         ids=[f"{c.__name__}-{s}" for c, s, _v, _m in BLIT_STEPS])
def test_blitted_picture_equals_a_full_redraw(cls, slider, values, mode):
    app = cls()
    app.fig.canvas.draw()                        # a background exists from here on
    for value in values:
        blits = app.blitter.blits
        getattr(app, slider).value = value
        if mode == "blit":
            assert app.blitter.blits == blits + 1    # redrew only what moves
        else:
            assert app.blitter.blits == blits        # asked for a full redraw instead
        shown = _buffer(app.fig)
        app.fig.canvas.draw()
        assert np.array_equal(shown, _buffer(app.fig)), f"{slider}={value}"


@pytest.mark.parametrize("cls, slider, values, mode", BLIT_STEPS,
                         ids=[f"{c.__name__}-{s}" for c, s, _v, _m in BLIT_STEPS])
def test_blitting_does_not_change_the_picture(cls, slider, values, mode):
    """Same pixels as the app drawn without any animated artists (same z-order)."""
    app = cls()
    app.fig.canvas.draw()
    getattr(app, slider).value = values[-1]
    shown = _buffer(app.fig)
    ref = _unblitted_twin(cls, app)
    assert np.array_equal(shown, _buffer(ref.fig))


def _rise_axis(app):
    return app.ax_time if isinstance(app, capp.WarmingApp) else app.ax_warm


@pytest.mark.parametrize("cls", [capp.WarmingApp, capp.DiabetesApp])
def test_rise_axis_is_fixed_at_the_largest_rise_the_sliders_allow(cls):
    """The rise axis is drawn once for the largest rise the sliders can produce (worked out
    from the model when the app is built), so no slider step widens or narrows it: over each
    slider's whole grid (the other slider at the end that raises the rise most) every step is
    a blit, every curve fits under the axis, and the last picture equals a full redraw."""
    from support import assert_blit_is_exact

    app = cls()
    ax = _rise_axis(app)
    largest = app.largest_rise_c()
    assert ax.get_ylim() == (0.0, cplot.rise_axis_top(largest))
    ylim, fat_or_share = ax.get_ylim(), ("fat_slider" if cls is capp.WarmingApp
                                         else "capacity_slider")
    app.fig.canvas.draw()
    for first, second in (("massage_slider", fat_or_share), (fat_or_share, "massage_slider")):
        other = getattr(app, second)
        other.value = other.max
        slider = getattr(app, first)
        grid = np.arange(slider.min, slider.max + slider.step / 2, slider.step)
        for value in [*grid, *grid[-2::-1]]:        # up and back down
            blits = app.blitter.blits
            slider.value = float(value)
            assert app.blitter.blits == blits + 1, f"{first}={value}"
            assert ax.get_ylim() == ylim and not app.fig.stale
            top = max(float(np.max(line.get_ydata())) for line in app.warm_artists.lines.values()) \
                if cls is capp.DiabetesApp else float(np.max(app.result.rise_c))
            assert top <= largest + 1e-12
    assert_blit_is_exact(app)


def test_largest_warming_rise_is_at_the_strongest_massage_and_thickest_fat():
    """What WarmingApp.largest_rise_c relies on: over the sliders' grids the rise grows with
    the massage multiplier and with the fat layer, so the largest is at both maxima."""
    app = capp.WarmingApp()
    fats = np.arange(app.fat_slider.min, app.fat_slider.max + 0.25, app.fat_slider.step)
    at_max = [float(np.max(app.rise(app.massage_slider.max, fat))) for fat in fats]
    assert np.all(np.diff(at_max) >= 0)
    factors = np.arange(app.massage_slider.min, app.massage_slider.max + 0.25,
                        app.massage_slider.step)
    for fat in (app.fat_slider.min, app.fat_slider.max):
        rises = [float(np.max(app.rise(f, fat))) for f in factors]
        assert np.all(np.diff(rises) >= 0)
    assert app.largest_rise_c() == pytest.approx(at_max[-1])
    assert app.largest_rise_c() > 2.0       # the old 0-2 °C axis was too short for it


def test_diabetes_largest_rise_is_the_typical_rise_at_the_strongest_massage():
    app = capp.DiabetesApp()
    app.massage_slider.value = app.massage_slider.max
    app.capacity_slider.value = app.capacity_slider.max
    assert app.largest_rise_c() == pytest.approx(float(np.max(app.result["warm_typical"].rise_c)))
    assert np.max(app.result["warm_reduced"].rise_c) <= app.largest_rise_c() + 1e-12


def test_warming_axis_widens_past_its_drawn_top_and_narrows_back_to_it():
    """update_warming still widens an axis that a curve leaves (a full redraw, for callers
    that did not fix it), and narrows back only as far as the top it was drawn with."""
    from helpers.style import new_figure

    app = capp.WarmingApp()
    low, high = app.result, circ.warming_transient(
        app.layers(capp.SKIN_REST, 30), app.layers(capp.SKIN_REST * 25, 30), app.TIMES_S,
        app.conditions)
    assert cplot.rise_axis_top(float(np.max(high.rise_c))) == app.ax_time.get_ylim()[1]
    fig, ax = new_figure()
    art = cplot.draw_warming(ax, {"massage": low}, {})                 # default: 0-2 °C
    assert art.y_top == 2.0 and ax.get_ylim() == (0.0, 2.0)
    assert not cplot.update_warming(art, {"massage": low})
    assert cplot.update_warming(art, {"massage": high})                # the curve left the axis
    assert ax.get_ylim() == (0.0, cplot.rise_axis_top(float(np.max(high.rise_c))))
    assert cplot.update_warming(art, {"massage": low}) and ax.get_ylim() == (0.0, 2.0)
    fig2, ax2 = new_figure()
    art2 = cplot.draw_warming(ax2, {"massage": low}, {}, rise_max_c=float(np.max(high.rise_c)))
    assert ax2.get_ylim()[1] == app.ax_time.get_ylim()[1]
    assert not cplot.update_warming(art2, {"massage": high})           # fixed: never changes
    assert not cplot.update_warming(art2, {"massage": low})
    assert ax2.get_ylim()[1] == app.ax_time.get_ylim()[1]


@pytest.mark.parametrize("cls, slider, value", [(capp.ClearanceApp, "skin_slider", 0.2),
                                                (capp.WarmingApp, "massage_slider", 6),
                                                (capp.WarmingApp, "massage_slider", 25),
                                                (capp.WarmingApp, "fat_slider", 25),
                                                (capp.DiabetesApp, "massage_slider", 25),
                                                (capp.DiabetesApp, "capacity_slider", 80)])
def test_blit_steps_leave_static_parts_untouched(cls, slider, value):
    """A blitted step must not mark the figure stale (that would redraw it all in a notebook)."""
    app = cls()
    app.fig.canvas.draw()
    assert not app.fig.stale
    blits = app.blitter.blits
    getattr(app, slider).value = value
    assert app.blitter.blits == blits + 1 and not app.fig.stale


def test_update_functions_report_static_changes():
    app = capp.WarmingApp()
    assert not cplot.update_profile(app.profile_artists, app.before, app.after)
    assert not cplot.update_warming(app.warming_artists, {"massage": app.result})
    xlim = app.ax_profile.get_xlim()
    thin = circ.steady_state(circ.default_layers(fat_mm=1, table=app._table), app.conditions)
    assert not cplot.update_profile(app.profile_artists, thin, thin)   # bands move, axis stays
    assert app.ax_profile.get_xlim() == xlim
    assert app.profile_artists.bands[2].get_x() == pytest.approx(thin.interfaces_mm[2])
    deep = circ.steady_state(circ.default_layers(fat_mm=30, muscle_mm=40, table=app._table),
                             app.conditions)
    assert cplot.update_profile(app.profile_artists, deep, deep)       # deeper than the axis:
    assert app.ax_profile.get_xlim()[1] == pytest.approx(deep.interfaces_mm[-1])  # it widens


def test_claim_checker_draws_each_claim_once_then_pastes_it():
    """The first choice of a claim is a full draw; coming back to it pastes its kept
    background, which equals a full redraw and the same claim drawn by a fresh app."""
    from support import assert_blit_is_exact, canvas_rgba

    app = capp.ClaimCheckerApp("leg_flow")
    app.fig.canvas.draw()
    claims = list(capp.CLAIMS)
    for claim in claims[1:]:                                   # first visits: full draws
        blits, draws = app.blitter.blits, app.blitter.full_draws
        app.claim_dropdown.value = claim
        assert app.blitter.blits == blits and app.blitter.full_draws == draws + 1
    for claim in [*claims[::-1], *claims]:                     # back again: pasted
        if claim == app.claim_dropdown.value:
            continue
        blits, draws = app.blitter.blits, app.blitter.full_draws
        app.claim_dropdown.value = claim
        assert app.blitter.blits == blits + 1 and app.blitter.full_draws == draws, claim
        assert not app.fig.stale                # a notebook need not redraw it afterwards
        shown = canvas_rgba(app.fig)
        fresh = capp.ClaimCheckerApp(claim)
        fresh.fig.canvas.draw()
        assert np.array_equal(shown, canvas_rgba(fresh.fig)), claim
        assert_blit_is_exact(app)


def test_blit_layer_keeps_z_order_and_rejects_strangers():
    from helpers.blit import Blitter, layer

    app = capp.ClearanceApp()
    order = layer([app.artists.lines["skin"]])
    assert order[0] is app.artists.lines["skin"]
    assert app.artists.half_line not in order                 # drawn below: stays static
    assert app.ax.get_legend() in order and app.ax.title not in order
    zorders = [a.get_zorder() for a in order]
    assert zorders == sorted(zorders)
    with pytest.raises(ValueError, match="belong to the figure"):
        Blitter(app.fig, [capp.WarmingApp().profile_artists.before])


def test_saved_figures_keep_the_moving_curves(tmp_path):
    import matplotlib.image

    app = capp.ClearanceApp()
    path = tmp_path / "clearance.png"
    app.fig.savefig(path)
    image = matplotlib.image.imread(path)
    app.artists.lines["skin"].set_visible(False)
    app.artists.lines["massage"].set_visible(False)
    app.artists.lines["muscle"].set_visible(False)
    app.fig.savefig(tmp_path / "without.png")
    assert not np.array_equal(image, matplotlib.image.imread(tmp_path / "without.png"))


@pytest.mark.parametrize("cls", [capp.ClearanceApp, capp.DiabetesApp])
def test_washout_legend_below_the_axes_is_not_redrawn_at_each_step(cls):
    # the legend sits below the axes, where no curve reaches, so a step redraws only what moves
    from matplotlib.legend import Legend

    app = cls()
    app.fig.canvas.draw()
    assert not any(isinstance(a, Legend) for a in app.blitter.artists)
    renderer = app.fig.canvas.get_renderer()
    for ax in app.fig.axes:
        legend = ax.get_legend()
        assert legend.get_window_extent(renderer).y1 < ax.get_window_extent(renderer).y0
