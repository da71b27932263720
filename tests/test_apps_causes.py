"""Widget tests for helpers.apps.causes: each control changes the model result and the artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import helpers as hp  # noqa: E402
from helpers.apps import causes as ac  # noqa: E402
from helpers.models import mechanics as mech  # noqa: E402
from helpers.plots import causes as pc  # noqa: E402
from support import assert_blit_is_exact  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def _xy(line):
    return np.concatenate([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])


def test_apps_build_with_caption_readout_and_css_class():
    for cls, name in [(ac.AnatomyApp, "anatomy"), (ac.WindlassApp, "windlass"),
                      (ac.TrussApp, "truss"), (ac.RiskFactorApp, "riskfactors"),
                      (ac.FirstStepApp, "firststeps")]:
        app = cls()
        assert "hp-app" in app.widget._dom_classes
        assert f"hp-app-{name}" in app.widget._dom_classes
        assert "Figure." in app.caption.value
        assert app.readout_text()
        for ax in app.fig.axes:
            assert ax.get_title()
            assert ax.get_xlabel() or ax.get_xticklabels()


def test_anatomy_picker_highlights_each_structure():
    app = ac.AnatomyApp()
    for key in pc.STRUCTURES:
        before = app.readout.value
        app.structure_picker.value = key
        assert app.result == key
        assert app.art.selected == key
        part = app.art.parts[key][0]
        if hasattr(part, "get_hatch"):
            assert part.get_hatch() == "//"
        else:
            assert part.get_linestyle() == "--"
        assert app.art.labels[key].get_fontweight() == "bold"
        if key != "fascia":
            assert app.readout.value != before
    # the others are back to normal
    app.structure_picker.value = "calf"
    assert app.art.parts["calcaneus"][0].get_hatch() in ("", None)


def test_highlight_rejects_unknown_structure():
    app = ac.AnatomyApp()
    with pytest.raises(ValueError, match="structure must be one of"):
        pc.highlight_structure(app.art, "kneecap")


def test_windlass_slider_updates_result_and_artists():
    app = ac.WindlassApp()
    arch0, marker0 = _xy(app.art.arch), _xy(app.art.curve_marker)
    app.angle_slider.value = 80
    assert app.result.toe_extension_deg == 80
    assert app.result.shortening_mm == pytest.approx(mech.HICKS_DRUM_RADIUS_MM * np.radians(80))
    assert not np.allclose(_xy(app.art.arch), arch0)
    assert not np.allclose(_xy(app.art.curve_marker), marker0)
    assert "80 degrees" in app.readout_text()


def test_windlass_slider_cannot_leave_model_range():
    app = ac.WindlassApp()
    lo, hi = mech.TOE_EXTENSION_RANGE_DEG
    assert app.angle_slider.min >= lo and app.angle_slider.max <= hi


@pytest.mark.parametrize(
    ("control", "value"),
    [("mass_slider", 110), ("arch_slider", 20), ("heel_slider", 100), ("forefoot_slider", 140),
     ("case_picker", "one_foot"), ("case_picker", "two_feet")],
)
def test_truss_controls_update_result_and_artists(control, value):
    app = ac.TrussApp()
    r0 = app.result
    struts0 = _xy(app.art.struts)
    bar0 = app.art.bars[0].get_height()
    text0 = app.art.tension_text.get_text()
    getattr(app, control).value = value
    assert app.result.tension_n != pytest.approx(r0.tension_n)
    assert app.art.bars[0].get_height() == pytest.approx(app.result.tension_n)
    assert app.art.bars[0].get_height() != pytest.approx(bar0)
    assert app.art.tension_text.get_text() != text0
    if control in ("arch_slider", "heel_slider", "forefoot_slider"):
        assert not np.allclose(_xy(app.art.struts), struts0)
    expected = mech.truss(app.mass_slider.value, app.arch_slider.value, app.heel_slider.value,
                          app.forefoot_slider.value, app.case_picker.value)
    assert app.result == expected
    assert f"{expected.tension_n:.0f} N" in app.readout_text()


def test_truss_mass_moves_reference_bars():
    app = ac.TrussApp()
    app.mass_slider.value = 100
    refs = mech.walking_peak_references_n(100)
    assert app.art.bars[1].get_height() == pytest.approx(refs["erdemir2004"])
    assert app.art.bars[2].get_height() == pytest.approx(refs["caravaggi2009"])


def test_truss_sliders_stay_inside_model_ranges():
    app = ac.TrussApp()
    pairs = [(app.mass_slider, mech.BODY_MASS_RANGE_KG), (app.arch_slider, mech.ARCH_HEIGHT_RANGE_MM),
             (app.heel_slider, mech.HEEL_TO_APEX_RANGE_MM),
             (app.forefoot_slider, mech.APEX_TO_FOREFOOT_RANGE_MM)]
    for slider, (lo, hi) in pairs:
        assert lo <= slider.min and slider.max <= hi
    # every corner of the slider box is accepted by the model
    for m in (app.mass_slider.min, app.mass_slider.max):
        for h in (app.arch_slider.min, app.arch_slider.max):
            mech.truss(m, h, app.heel_slider.max, app.forefoot_slider.max, "walking_peak")


def test_risk_factor_picker_highlights_factor_rows():
    app = ac.RiskFactorApp()
    for factor in ac.FACTOR_LABELS:
        before = app.readout.value
        app.factor_picker.value = factor
        assert app.result == factor
        for row in app.art.rows:
            mark = row.get("marker", row["ci"])
            assert mark.get_alpha() == (1.0 if row["factor"] == factor else 0.3)
            assert row["label"].get_alpha() in (None, 1.0)  # labels stay readable
        if factor != "body_mass":
            assert app.readout.value != before


def test_risk_factor_rows_come_from_the_table_with_status():
    rows = ac.risk_factor_rows()
    assert len(rows) == len(hp.load_table("risk_factors"))
    statuses = {r["source"]: r["status"] for r in rows}
    assert statuses["vanleeuwen2016"] == "V"  # abstract read on the journal page
    assert statuses["riddle2003"] == "V"
    labels = [row["label"].get_text() for row in ac.RiskFactorApp().art.rows]
    # a label carries "[S]" exactly when its source is secondary (none is, since the review's
    # abstract was checked on the journal's page)
    secondary = {r["study"] for r in rows if r["status"] == "S"}
    for text in labels:
        assert ("[S]" in text) == any(text.startswith(study) for study in secondary), text


@pytest.mark.parametrize(("control", "value"), [("rest_slider", 1.0), ("walk_slider", 8.0)])
def test_first_step_controls_update_result_and_artists(control, value):
    app = ac.FirstStepApp()
    peaks0 = _xy(app.art.peaks)
    first0 = app.result.first_peak_n
    getattr(app, control).value = value
    assert not np.array_equal(_xy(app.art.peaks), peaks0)
    if control == "rest_slider":
        assert app.result.first_peak_n < first0
        assert app.result.rest_min == 1.0
    else:
        assert app.result.walk_min == 8.0
        assert np.max(app.art.peaks.get_xdata()) == pytest.approx(8.0, abs=0.02)
    expected = mech.first_steps(app.rest_slider.value, app.walk_slider.value, app.step_tension_n)
    assert app.result.first_peak_n == pytest.approx(expected.first_peak_n)


def test_first_step_tension_comes_from_truss_walking_peak():
    app = ac.FirstStepApp()
    assert app.step_tension_n == pytest.approx(mech.truss(70, load_case="walking_peak").tension_n)


def test_model_constants_match_the_data_table():
    t = hp.load_table("tissue_properties").by("quantity")
    assert t["fascia_failure_load"]["value"] == mech.FASCIA_FAILURE_LOAD_N
    assert t["fascia_failure_load"]["spread"] == mech.FASCIA_FAILURE_LOAD_SD_N
    assert t["fascia_structural_stiffness"]["value"] == mech.FASCIA_STIFFNESS_N_PER_MM
    assert t["walking_peak_tension_cadaver"]["value"] == mech.WALKING_PEAK_CADAVER_BW
    assert t["walking_peak_tension_model"]["value"] == mech.WALKING_PEAK_MODEL_BW
    assert "stress_relaxation_at_240_s" not in t  # a teaching assumption, not a table value
    assert mech.windlass(90).shortening_mm == pytest.approx(t["windlass_shortening_first_ray"]["value"])


def test_truss_readout_warns_beyond_model_limits():
    app = ac.TrussApp()
    assert "Model limit" not in app.readout_text()
    app.case_picker.value = "walking_peak"
    app.mass_slider.value = 150
    app.arch_slider.value = 15
    assert app.result.failure_fraction > 1 and app.result.arch_collapsed
    text = app.readout_text()
    assert "above the mean failure load" in text and "no longer holds" in text


# --------------------------------------------------------------------------------------------
# Blitting: a control step redraws only what moves, and the picture is the same as a full draw
# --------------------------------------------------------------------------------------------

#: (app, control steps) with every control of every app, including the ends of each range.
BLIT_STEPS = [
    # pickers: every option once (drawn in full), then again in another order (kept picture)
    (ac.AnatomyApp, [("structure_picker", k) for k in (*pc.STRUCTURES, *reversed(pc.STRUCTURES))]),
    (ac.WindlassApp, [("angle_slider", v) for v in (0, 1, 45, 89, 90, 12)]),
    (ac.TrussApp, [("mass_slider", 150), ("arch_slider", 15), ("heel_slider", 50),
                   ("forefoot_slider", 150), ("case_picker", "two_feet"),
                   ("case_picker", "one_foot"), ("mass_slider", 40), ("arch_slider", 60),
                   ("heel_slider", 110), ("forefoot_slider", 80), ("case_picker", "walking_peak")]),
    (ac.RiskFactorApp, [("factor_picker", k)
                        for k in (*ac.FACTOR_LABELS, *reversed(ac.FACTOR_LABELS), "time_on_feet")]),
    (ac.FirstStepApp, [("rest_slider", 0), ("walk_slider", 0.5), ("rest_slider", 60),
                       ("walk_slider", 10), ("rest_slider", 12.5), ("walk_slider", 3.5),
                       ("rest_slider", 0.5), ("walk_slider", 9.5)]),
]


def _pixels(fig):
    return np.array(fig.canvas.buffer_rgba())


def _drawn_without_blitting(app):
    """The current state drawn the way it was before blitting: nothing animated, every artist
    in its own place in the draw order. Restores the blitter afterwards."""
    moving = app.blitter.artists
    app.blitter.artists = []
    for artist in moving:
        artist.set_animated(False)
    app.fig.canvas.draw()
    pixels = _pixels(app.fig)
    for artist in moving:
        artist.set_animated(True)
    app.blitter.artists = moving
    app.fig.canvas.draw()
    return pixels


@pytest.mark.parametrize(("cls", "steps"), BLIT_STEPS, ids=lambda x: getattr(x, "__name__", ""))
def test_blitted_picture_equals_a_full_redraw(cls, steps):
    app = cls()
    app.fig.canvas.draw()  # the first display: a full draw saves the background
    for control, value in steps:
        getattr(app, control).value = value
        after_step = _pixels(app.fig)
        app.fig.canvas.draw()
        assert np.array_equal(after_step, _pixels(app.fig)), (control, value)


@pytest.mark.parametrize(("cls", "steps"), BLIT_STEPS, ids=lambda x: getattr(x, "__name__", ""))
def test_picture_is_the_one_drawn_before_blitting(cls, steps):
    """Blitting changes how a step is drawn, not what the learner sees: same pixels as drawing
    every artist in its usual order (legends stay clear of moving artists, spines on top)."""
    app = cls()
    app.fig.canvas.draw()
    for control, value in steps:
        getattr(app, control).value = value
        blitted = _pixels(app.fig)
        assert np.array_equal(blitted, _drawn_without_blitting(app)), (control, value)


@pytest.mark.parametrize(
    ("cls", "control", "values"),
    [(ac.WindlassApp, "angle_slider", (0, 37, 90)),
     (ac.TrussApp, "mass_slider", (40, 95, 150)),
     (ac.TrussApp, "arch_slider", (30, 45, 60)),
     (ac.TrussApp, "heel_slider", (50, 80, 110)),
     (ac.TrussApp, "forefoot_slider", (80, 120, 150)),
     (ac.TrussApp, "case_picker", ("one_foot", "two_feet")),
     (ac.FirstStepApp, "rest_slider", (0, 7.5, 60)),
     (ac.FirstStepApp, "walk_slider", (0.5, 8.0, 10))],
)
def test_control_steps_blit_instead_of_redrawing_the_figure(cls, control, values, monkeypatch):
    app = cls()
    app.fig.canvas.draw()
    full_draws = []
    monkeypatch.setattr(app.fig.canvas, "draw_idle", lambda: full_draws.append(1))
    for value in values:
        blits = app.blitter.blits
        getattr(app, control).value = value
        assert app.blitter.blits == blits + 1, (control, value)
    assert full_draws == []


@pytest.mark.parametrize(
    ("cls", "control"),
    [(ac.AnatomyApp, "structure_picker"), (ac.RiskFactorApp, "factor_picker")],
)
def test_picker_draws_each_option_in_full_once_then_pastes_it(cls, control, monkeypatch):
    # a choice restyles the whole drawing, so each option's picture is kept after its first
    # full draw; choosing it again pastes that picture (no figure draw)
    app = cls()
    app.fig.canvas.draw()
    picker = getattr(app, control)
    options = [value for _, value in picker.options]
    full_draws = []
    draw_idle = app.fig.canvas.draw_idle
    monkeypatch.setattr(app.fig.canvas, "draw_idle",
                        lambda: (full_draws.append(1), draw_idle())[1])
    first = [o for o in options if o != picker.value]
    for option in first:  # first visits: one full draw each, nothing pasted
        blits = app.blitter.blits
        picker.value = option
        assert app.blitter.blits == blits, option
    assert len(full_draws) == len(first)
    later = [*reversed(options), *options[1:]]  # starts at the option shown; no repeats
    assert later[0] == picker.value
    for option in later[1:]:  # every later visit: pasted
        blits = app.blitter.blits
        picker.value = option
        assert app.blitter.blits == blits + 1, option
    assert len(full_draws) == len(first)


def test_first_steps_time_axis_spans_every_walk_and_stays_put(monkeypatch):
    # the time axis is fixed at the walking slider's range: every walk is wholly visible,
    # a step never changes the axis and never redraws the figure
    app = ac.FirstStepApp()
    app.fig.canvas.draw()
    s = app.walk_slider
    xlim = app.ax.get_xlim()
    assert xlim[0] <= 0 and xlim[1] >= s.max
    full_draws = []
    monkeypatch.setattr(app.fig.canvas, "draw_idle", lambda: full_draws.append(1))
    for walk in np.arange(s.min, s.max + s.step / 2, s.step):
        blits = app.blitter.blits
        s.value = float(walk)
        t = np.asarray(app.art.peaks.get_xdata(), float)
        assert app.ax.get_xlim() == xlim, walk
        assert xlim[0] <= t.min() and t.max() <= xlim[1], walk
        assert t.max() == pytest.approx(walk, abs=0.02), walk  # the line reaches the walk's end
        assert app.blitter.blits == blits + 1, walk
    assert full_draws == []


def test_first_steps_walk_steps_are_pixel_exact():
    app = ac.FirstStepApp()
    app.fig.canvas.draw()
    for walk in (0.5, 1.0, 6.5, 10.0, 2.0):
        app.walk_slider.value = walk
        assert_blit_is_exact(app)


def test_steps_that_change_an_axis_range_redraw_the_whole_figure(monkeypatch):
    full_draws = []
    # the truss bars' scale grows past 3000 N only for very high tensions
    app = ac.TrussApp()
    app.fig.canvas.draw()
    monkeypatch.setattr(app.fig.canvas, "draw_idle", lambda: full_draws.append(2))
    app.case_picker.value = "walking_peak"
    app.mass_slider.value = 150
    assert app.art.bars[0].axes.get_ylim()[1] == 3000  # still the usual scale: blitted
    blits = app.blitter.blits
    app.arch_slider.value = 15
    assert app.art.bars[0].axes.get_ylim()[1] > 3000
    assert full_draws[-1] == 2 and app.blitter.blits == blits


def test_saved_figure_still_shows_the_moving_artists(tmp_path):
    app = ac.WindlassApp(90)
    app.fig.canvas.draw()
    path = tmp_path / "windlass.png"
    app.fig.savefig(path)
    app.art.toe.set_visible(False)
    app.fig.savefig(tmp_path / "no-toe.png")
    assert path.read_bytes() != (tmp_path / "no-toe.png").read_bytes()


def test_truss_blitted_picture_equals_a_full_redraw_anywhere_in_the_slider_box():
    app = ac.TrussApp()  # one app: each example is a further step from the last one
    app.fig.canvas.draw()

    @settings(max_examples=15, deadline=None)
    @given(mass=st.integers(40, 150), arch=st.integers(15, 60), heel=st.integers(50, 110),
           fore=st.integers(80, 150), case=st.sampled_from(list(mech.LOAD_CASE_LABELS)))
    def check(mass, arch, heel, fore, case):
        for control, value in [("mass_slider", mass), ("arch_slider", arch),
                               ("heel_slider", heel), ("forefoot_slider", fore),
                               ("case_picker", case)]:
            getattr(app, control).value = value
        after_steps = _pixels(app.fig)
        app.fig.canvas.draw()
        assert np.array_equal(after_steps, _pixels(app.fig))

    check()


def test_saved_figure_is_the_picture_on_screen():
    import io

    app = ac.RiskFactorApp()  # faded rows (alpha 0.25) show a second drawing at once
    app.fig.canvas.draw()
    saved = io.BytesIO()
    app.fig.savefig(saved, format="rgba")
    moving = app.blitter.artists
    app.blitter.artists = []
    for artist in moving:
        artist.set_animated(False)
    plain = io.BytesIO()
    app.fig.savefig(plain, format="rgba")
    assert saved.getvalue() == plain.getvalue()


def test_quick_choices_never_keep_a_picture_under_the_wrong_option(monkeypatch):
    # as under ipympl, where a requested draw arrives after the callback: choose a new option
    # (draw requested), then at once a kept one; the late draw must not be kept as the new one
    app = ac.RiskFactorApp()
    canvas = app.fig.canvas
    canvas.draw()  # body mass kept
    with monkeypatch.context() as m:
        m.setattr(canvas, "draw_idle", lambda: None)
        app.factor_picker.value = "dorsiflexion"  # full draw requested, not yet done
        app.factor_picker.value = "body_mass"  # kept picture pasted
    canvas.draw()  # the requested draw arrives: it shows body mass
    app.factor_picker.value = "dorsiflexion"
    shown = _pixels(app.fig)
    canvas.draw()
    assert np.array_equal(shown, _pixels(app.fig))
