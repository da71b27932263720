"""Widget tests for helpers.apps.regions (plain pytest, Agg backend, no kernel)."""

import doctest
import os
from types import SimpleNamespace

import matplotlib.colors as mcolors
import numpy as np
import pytest

import helpers as hp
from helpers.apps import regions as A
from helpers.models import planner as P
from helpers.plots import regions as PL


@pytest.fixture
def map_app():
    hp.setup()
    return A.RegionMapApp()


def _face(patch):
    return mcolors.to_hex(patch.get_facecolor())


def test_doctests_pass():
    result = doctest.testmod(A)
    assert result.failed == 0 and result.attempted > 0


def test_root_widget_has_the_css_classes(map_app):
    classes = map_app.widget._dom_classes
    assert "hp-region-map" in classes and "hp-app" in classes and "hp-app-region-map" in classes


def test_map_figure_has_title_labels_and_caption(map_app):
    assert map_app.ax.get_title() == PL.MAP_TITLE
    assert "not to scale" in map_app.ax.get_xlabel() and "toes" in map_app.ax.get_ylabel()
    assert "Schematic" in map_app.caption.value
    assert len(map_app.fig.axes) == 1  # one figure, built once


def test_select_from_the_list_highlights_and_fills_the_panel(map_app):
    before_face, before_hatch = map_app.region_look("soleus")
    before_panel = map_app.panel.value
    map_app.region_list.value = "soleus"
    assert map_app.selected == "soleus"
    face, hatch = map_app.region_look("soleus")
    assert face == hp.PALETTE["vermillion"].lower() != before_face
    assert hatch == PL.SELECTED_HATCH != before_hatch
    # what paints it: the highlight, on the region's outline, over the region
    assert map_app.highlight.get_visible()
    assert np.allclose(map_app.highlight.get_xy()[:-1], map_app.rmap.get("soleus").polygon)
    assert map_app.panel.value != before_panel
    for heading in ("What it is.", "Why it matters for plantar fasciitis.", "Techniques.",
                    "Pressure and direction.", "Typical time.", "Cautions.", "Evidence:",
                    "practice convention, not trial evidence", "Sources:"):
        assert heading in map_app.panel.value
    assert "Saban et al. 2014" in map_app.panel.value


def test_a_click_selects_the_region_under_it_and_syncs_the_list(map_app):
    achilles = map_app.rmap.get("achilles")
    assert map_app.click(*achilles.anchor) == "achilles"
    assert map_app.region_list.value == "achilles"
    assert "Achilles tendon" in map_app.panel.value
    assert map_app.region_look("achilles")[0] == hp.PALETTE["vermillion"].lower()


@pytest.mark.parametrize("region_id", list(A.regions_model.load_region_map().ids))
def test_every_region_can_be_clicked(map_app, region_id):
    region = map_app.rmap.get(region_id)
    assert map_app.click(*region.anchor) == region_id
    assert f"{region.order}. " in map_app.panel.value


def test_selecting_another_region_restores_the_first(map_app):
    original = map_app.region_look("toes")
    map_app.select("toes")
    map_app.select("ball")
    assert map_app.region_look("toes") == original
    assert map_app.region_look("ball")[1] == PL.SELECTED_HATCH
    map_app.select(None)
    assert not map_app.highlight.get_visible()


def test_a_click_on_empty_drawing_says_so_and_keeps_the_selection(map_app):
    map_app.select("toes")
    assert map_app.click(50, 50) is None
    assert "No region there" in map_app.status.value
    assert map_app.selected == "toes"


def test_a_canvas_event_goes_through_the_click_handler(map_app):
    heel = map_app.rmap.get("heel_origin")
    event = SimpleNamespace(inaxes=map_app.ax, xdata=heel.anchor[0], ydata=heel.anchor[1])
    map_app._on_press(event)
    assert map_app.selected == "heel_origin"
    map_app._on_press(SimpleNamespace(inaxes=None, xdata=None, ydata=None))
    assert map_app.selected == "heel_origin"


def test_the_press_callback_is_connected(map_app):
    callbacks = map_app.fig.canvas.callbacks.callbacks.get("button_press_event", {})
    assert map_app._cid in callbacks


def test_bad_select_and_click_inputs_are_refused(map_app):
    with pytest.raises(ValueError, match="region_id must be one of"):
        map_app.select("nose")
    with pytest.raises(ValueError, match="x_du must be between 0 and 100"):
        map_app.click(140, 20)


def test_clearing_the_selection_shows_the_prompt(map_app):
    map_app.select("toes")
    map_app.region_list.value = None
    assert map_app.selected is None
    assert "Click a region" in map_app.panel.value
    assert map_app.readout_text() == "No region selected."


def test_readout_text_matches_the_record(map_app):
    map_app.select("arch_fascia")
    text = map_app.readout_text()
    assert text.startswith("8. The fascia along the arch")
    assert "practice convention" in text and "Ajimsha et al. 2014 [secondary]" in text


def test_technique_app_changes_card_and_frame():
    app = A.TechniqueApp()
    assert len(app.diagrams) == 9
    frame = app.diagrams["tuina_rolling"]["frame"]
    before = (frame.get_linewidth(), app.card.value)
    app.technique_list.value = "tuina_rolling"
    assert frame.get_linewidth() > before[0]
    assert app.card.value != before[1]
    assert "low-authority" in app.card.value and "[secondary]" in app.card.value
    assert app.diagrams["effleurage"]["frame"].get_linewidth() == pytest.approx(0.8)
    assert "hp-app-techniques" in app.widget._dom_classes


def test_technique_card_for_convention_says_no_source():
    app = A.TechniqueApp(initial="cross_friction")
    assert "practice convention" in app.card.value and "Sources: none" in app.card.value


# ---- planner app

@pytest.fixture
def planner_app():
    hp.setup()
    return A.PlannerApp()


def test_planner_starts_with_a_full_knee_to_toes_session(planner_app):
    assert len(planner_app.plan.steps) == 11
    assert planner_app.plan.total_min == pytest.approx(26)
    assert "Total: 26 min" in planner_app.readout.value
    assert "26 min in total" in planner_app.timeline["title"].get_text()


def test_unticking_a_region_removes_its_bar_and_updates_the_total(planner_app):
    bar = planner_app.timeline["bars"]["soleus"]
    assert bar.get_width() == pytest.approx(3)
    planner_app.checks["soleus"].value = False
    assert bar.get_width() == 0
    assert planner_app.plan.total_min == pytest.approx(23)
    assert planner_app.timeline["total_line"].get_xdata()[0] == pytest.approx(23)
    assert "Soleus" not in planner_app.cautions.value


def test_moving_a_slider_changes_plan_and_bars(planner_app):
    toes_bar = planner_app.timeline["bars"]["toes"]
    start_before = toes_bar.get_x()
    planner_app.sliders["gastroc_medial"].value = 5
    assert planner_app.plan.steps[0].minutes == 5
    assert toes_bar.get_x() == pytest.approx(start_before + 2)
    assert planner_app.timeline["bars"]["gastroc_medial"].get_width() == pytest.approx(5)


def test_set_region_and_empty_plan(planner_app):
    for rid in planner_app.checks:
        planner_app.set_region(rid, False)
    assert planner_app.plan is None
    assert "No region chosen" in planner_app.readout.value
    planner_app.set_region("toes", True, minutes=4)
    assert planner_app.readout_text().splitlines()[-1] == "total: 1 region, 4 min in total"
    with pytest.raises(ValueError, match="minutes for toes must be between 0.5 and 10 min"):
        planner_app.set_region("toes", True, minutes=40)


def test_planner_save_writes_and_refuses_to_overwrite(planner_app, tmp_path):
    target = tmp_path / "plan.html"
    message = planner_app.save(str(target))
    assert message == "Saved the plan to plan.html."
    assert target.read_text(encoding="utf-8") == P.render_html(planner_app.plan)
    planner_app.set_region("toes", False)
    message = planner_app.save(str(target))
    assert message.startswith("Not saved: a file called") and "plan.html already exists" in message
    assert "hp-error" in planner_app.save_status.value
    assert target.read_text(encoding="utf-8") != P.render_html(planner_app.plan)
    assert planner_app.save(str(target), overwrite=True) == "Saved the plan to plan.html."
    assert target.read_text(encoding="utf-8") == P.render_html(planner_app.plan)


def test_planner_save_errors_are_messages_not_exceptions(planner_app, tmp_path):
    assert planner_app.save("").startswith("Not saved: type a file name")
    assert "must end in .md" in planner_app.save(str(tmp_path / "plan.txt"))
    assert planner_app.save(str(tmp_path / "missing" / "p.md")).startswith("Not saved: the folder for")
    for rid in planner_app.checks:
        planner_app.set_region(rid, False)
    assert "nothing to save" in planner_app.save(str(tmp_path / "p.md"))
    assert os.listdir(tmp_path) == []


def test_planner_save_button_click_saves(planner_app, tmp_path):
    planner_app.path_text.value = str(tmp_path / "plan.md")
    planner_app.save_button.click()
    assert (tmp_path / "plan.md").exists()
    assert "Saved" in planner_app.save_status.value


def test_every_planner_control_is_labelled(planner_app):
    for control in list(planner_app.checks.values()) + list(planner_app.sliders.values()) + [
        planner_app.path_text, planner_app.overwrite_box
    ]:
        assert control.description


def test_random_clicks_agree_with_the_model_hit_test():
    from hypothesis import example, given, settings
    from hypothesis import strategies as st

    hp.setup()
    app = A.RegionMapApp()

    @settings(max_examples=80, deadline=None)
    @given(st.floats(0, 100), st.floats(0, 100))
    @example(63.0, 70.0)  # exactly on the top edge of the sole muscles (found by hypothesis)
    def check(x, y):
        got = app.click(x, y)
        expected = app.rmap.region_at(x, y)
        # matplotlib's sign of `radius` grows or shrinks a path depending on the order of its
        # vertices, so test both signs: "near" = inside either, "well inside" = inside both
        def near(path):
            return path.contains_point((x, y), radius=0.1) or path.contains_point((x, y), radius=-0.1)

        def well_inside(path):
            return path.contains_point((x, y), radius=0.1) and path.contains_point((x, y), radius=-0.1)

        if expected is None:
            # a point on an edge may still count for matplotlib; never a different region
            assert got is None or near(app._paths[got])
        elif well_inside(app._paths[expected.region_id]):
            assert got == expected.region_id

    check()


def test_anchor_pixels_map_back_to_the_region(map_app):
    map_app.fig.canvas.draw()
    height = map_app.fig.get_size_inches()[1] * map_app.fig.dpi
    for region in map_app.rmap.regions:
        px, py = map_app.anchor_pixels(region.region_id)
        assert 0 < px < map_app.fig.get_size_inches()[0] * map_app.fig.dpi and 0 < py < height
        x, y = map_app.ax.transData.inverted().transform((px, height - py))
        assert map_app.click(x, y) == region.region_id


# ---- blitting: a control change repaints only what moves, and the picture stays the same

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from helpers.blit import in_draw_order  # noqa: E402
from support import assert_blit_is_exact  # noqa: E402


def test_blit_layer_keeps_what_is_painted_over_the_moving_artists(map_app):
    layer = map_app.blitter.artists
    ids = {id(a) for a in layer}
    assert id(map_app.highlight) in ids  # the selection: the one shape a step repaints
    assert all(id(p) not in ids for p in map_app.patches.values())  # under it, never changed
    assert all(id(t) in ids for t in map_app.artists["numbers"].values())  # numbers sit on top
    # every label a selection can cover is painted again over it
    renderer = map_app.fig.canvas.get_renderer()
    map_app.fig.draw_without_rendering()
    regions = [p.get_window_extent(renderer) for p in map_app.patches.values()]
    for text in map_app.ax.texts:
        if any(text.get_window_extent(renderer).overlaps(box) for box in regions):
            assert id(text) in ids, text.get_text()
    assert all(id(o) not in ids for o in map_app.artists["outlines"])  # painted underneath
    assert id(map_app.artists["legend"]) not in ids  # painted after, but far from any region
    assert all(a.get_animated() for a in layer)
    assert layer == in_draw_order(layer)


def test_map_selection_blits_and_matches_a_full_draw(map_app):
    map_app.fig.canvas.draw()
    for rid in [*map_app.patches, None, "achilles"]:
        before = map_app.blitter.blits
        map_app.region_list.value = rid
        assert map_app.blitter.blits > before
        assert map_app.selected == rid
        assert_blit_is_exact(map_app)
    before = map_app.blitter.blits
    region = map_app.rmap.get("soleus")
    assert map_app.click(*region.anchor) == "soleus"
    assert map_app.blitter.blits > before
    assert_blit_is_exact(map_app)


def test_technique_choice_blits_and_matches_a_full_draw():
    hp.setup()
    app = A.TechniqueApp()
    app.fig.canvas.draw()
    for tid in [t.technique_id for t in app.techniques][::-1]:
        before = app.blitter.blits
        app.technique_list.value = tid
        assert app.blitter.blits > before
        assert app.diagrams[tid]["frame"].get_linewidth() == 3.0
        assert_blit_is_exact(app)


def test_every_planner_slider_and_box_blits_and_matches_a_full_draw(planner_app):
    planner_app.fig.canvas.draw()
    assert planner_app.ax.get_xlim() == (0.0, 30.0)
    for slider in planner_app.sliders.values():
        before, old = planner_app.blitter.blits, planner_app.plan.total_min
        slider.value = slider.value - 0.5  # the total stays under 30 min: same time axis
        assert planner_app.plan.total_min == pytest.approx(old - 0.5)
        assert planner_app.blitter.blits == before + 1
        assert planner_app.timeline["total_line"].get_xdata()[0] == pytest.approx(old - 0.5)
        assert_blit_is_exact(planner_app)
    for rid, check in planner_app.checks.items():
        before, limit = planner_app.blitter.blits, planner_app.ax.get_xlim()
        check.value = False
        assert planner_app.timeline["bars"][rid].get_width() == 0
        if planner_app.ax.get_xlim() == limit:  # a blit unless the time axis had to shrink
            assert planner_app.blitter.blits == before + 1
        else:
            assert planner_app.blitter.blits == before
        assert_blit_is_exact(planner_app)
    assert planner_app.plan is None and planner_app.ax.get_xlim() == (0.0, 10.0)


def test_a_longer_plan_redraws_the_axis_once_then_blits_again(planner_app):
    planner_app.fig.canvas.draw()
    slider = planner_app.sliders["gastroc_medial"]
    before = planner_app.blitter.blits
    slider.value = 10.0  # 26 -> 33 min: the axis grows to 40 min, a full redraw
    assert planner_app.ax.get_xlim() == (0.0, 40.0)
    assert planner_app.blitter.blits == before
    assert "33 min in total" in planner_app.timeline["title"].get_text()
    assert_blit_is_exact(planner_app)
    slider.value = 9.5  # 32.5 min: same axis, a blit
    assert planner_app.blitter.blits == before + 1
    assert_blit_is_exact(planner_app)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 10), st.integers(1, 20), st.booleans()),
                min_size=1, max_size=4))
def test_any_sequence_of_planner_changes_paints_what_a_full_draw_paints(changes):
    import matplotlib.pyplot as plt

    hp.setup()
    app = A.PlannerApp()
    app.fig.canvas.draw()
    rids = list(app.sliders)
    for index, half_minutes, chosen in changes:
        app.set_region(rids[index], chosen, half_minutes / 2)
        assert_blit_is_exact(app)
    plt.close(app.fig)


def test_timeline_limit_steps_by_ten_minutes():
    assert PL.timeline_limit(0) == 10.0
    assert PL.timeline_limit(26) == 30.0
    assert PL.timeline_limit(110) == 120.0
    assert all(PL.timeline_limit(t) >= t * 1.08 for t in np.arange(0, 111, 0.5))
    assert all(PL.timeline_limit(t) - t * 1.08 <= 10.0 for t in np.arange(0, 111, 0.5))


def test_saving_the_map_gives_the_picture_on_screen(map_app):
    import io

    import matplotlib.image as mpimg

    def png(fig):
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi="figure")
        buffer.seek(0)
        return (mpimg.imread(buffer) * 255).round().astype(int)

    map_app.select("soleus")
    saved = png(map_app.fig)
    moving = map_app.blitter.artists
    for artist in moving:
        artist.set_animated(False)
    map_app.blitter.artists = []
    try:
        plain = png(map_app.fig)
    finally:
        for artist in moving:
            artist.set_animated(True)
        map_app.blitter.artists = moving
    assert np.array_equal(saved, plain)
