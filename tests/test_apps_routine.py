"""Widget tests for helpers.apps.routine (and the drawings in helpers.plots.routine).

They run without a kernel under Agg: setting a control fires its callbacks at once, and
``hp.figure_widget`` gives a placeholder instead of an ipympl canvas.
"""

from __future__ import annotations

import datetime as dt
import html

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import helpers as hp  # noqa: E402
from helpers.apps.routine import (  # noqa: E402
    DiscomfortApp,
    PainLogApp,
    RoutinePlayerApp,
    SafetyScreenApp,
)
from helpers.models.painlog import HEADER, PainLog  # noqa: E402
from helpers.models.routine import FakeClock, load_steps  # noqa: E402

TODAY = dt.date(2026, 3, 1)


def widths(app):
    return [bar.get_width() for bar in app.artists.done]


# ----------------------------------------------------------------------------- safety screen
def test_safety_screen_starts_clear_and_says_it_does_not_diagnose():
    app = SafetyScreenApp()
    assert app.result.clear
    assert "not a diagnosis" in app.readout.value
    assert "hp-app-routine-safety" in app.widget._dom_classes


def test_every_red_flag_checkbox_turns_the_message_to_see_a_clinician():
    app = SafetyScreenApp()
    flags = hp.load_table("red_flags").rows
    assert len(flags) >= 6
    for flag in flags:
        box = app.checkboxes[flag["flag_id"]]
        box.value = True
        assert not app.result.clear
        assert "See a clinician before self-massage" in app.readout.value
        assert flag["sign"] in app.readout_text()
        box.value = False
        assert app.result.clear


def test_reduced_sensation_box_asks_for_a_clinician_first():
    app = SafetyScreenApp()
    app.checkboxes["low_sensation"].value = True
    assert not app.result.clear
    assert hp.safety.advice("diabetes") in app.readout_text()


def test_red_flag_table_covers_the_required_signs():
    ids = {row["flag_id"] for row in hp.load_table("red_flags").rows}
    assert {"night_pain", "numbness", "trauma", "unwell", "activity_rise", "both_heels"} <= ids


def test_cautions_table_loads_with_strength_and_sources():
    rows = hp.load_table("massage_cautions").rows
    assert len(rows) >= 8
    assert {r["strength"] for r in rows} <= {"V", "S"}
    assert any("diabetes" in r["condition"] for r in rows)


# ----------------------------------------------------------------------------- player
@pytest.fixture
def clock():
    return FakeClock(50.0)


@pytest.fixture
def player_app(clock):
    return RoutinePlayerApp(clock=clock)


def test_player_root_and_buttons_can_be_found_by_a_browser(player_app):
    assert "hp-routine-player" in player_app.widget._dom_classes
    labels = [b.description for b in (player_app.start_button, player_app.pause_button,
                                      player_app.back_button, player_app.next_button)]
    assert labels == ["Start", "Pause", "Back", "Next"]


def test_player_starts_ready_with_timer_stopped(player_app):
    assert player_app.result.status == "ready"
    assert player_app.play.playing is False
    assert player_app.play.interval == 1000
    assert player_app.progress.value == 0
    assert "1:30" in player_app.countdown.value


def test_start_button_runs_timer_and_play_ticks_count_down(player_app, clock):
    player_app.start_button.click()
    assert player_app.play.playing is True
    before = player_app.countdown.value
    clock.advance(10)
    player_app.play.value += 1  # what the browser does once a second
    assert player_app.result.remaining_s == pytest.approx(80)
    assert player_app.countdown.value != before
    assert "1:20" in player_app.countdown.value
    assert widths(player_app)[0] == pytest.approx(10)
    assert player_app.artists.now_line.get_xdata()[0] == pytest.approx(10)


def test_pause_stops_the_browser_timer_and_freezes_countdown(player_app, clock):
    player_app.start_button.click()
    clock.advance(5)
    player_app.pause_button.click()
    assert player_app.play.playing is False
    clock.advance(100)
    player_app.tick()
    assert player_app.result.remaining_s == pytest.approx(85)
    assert "paused" in player_app.readout_text()


def test_next_and_back_change_step_text_progress_and_outline(player_app, clock):
    player_app.start_button.click()
    steps = load_steps()
    player_app.next_button.click()
    assert player_app.result.index == 1
    assert steps[1].region in player_app.step_html.value
    assert player_app.progress.value == pytest.approx(steps[0].seconds / sum(s.seconds for s in steps))
    assert player_app.artists.planned[1].get_linewidth() == 3.0
    assert player_app.artists.planned[0].get_linewidth() == 1.0
    player_app.back_button.click()
    assert player_app.result.index == 0
    assert steps[0].region in player_app.step_html.value


def test_step_runs_out_on_a_tick_and_moves_on(player_app, clock):
    player_app.start_button.click()
    clock.advance(95)
    player_app.play.value += 1
    assert player_app.result.index == 1
    assert player_app.result.remaining_s == pytest.approx(55)


def test_finishing_stops_the_timer(player_app, clock):
    player_app.start_button.click()
    clock.advance(10_000)
    player_app.play.value += 1
    assert player_app.result.finished
    assert player_app.play.playing is False
    assert player_app.progress.value == pytest.approx(1.0)
    assert "finished" in player_app.step_html.value
    assert widths(player_app) == pytest.approx([s.seconds for s in load_steps()])


def test_step_block_says_duration_is_convention_and_cites(player_app):
    text = player_app.step_html.value
    assert "convention" in text
    assert "Ilić et al. 2012" in text or "Ilić" in text


def test_player_callbacks_never_sleep(player_app, clock, monkeypatch):
    import time

    def no_sleep(_s):
        raise AssertionError("a callback slept")

    monkeypatch.setattr(time, "sleep", no_sleep)
    player_app.start_button.click()
    for _ in range(5):
        clock.advance(1)
        player_app.play.value += 1
    player_app.pause_button.click()
    player_app.next_button.click()
    player_app.back_button.click()


# ----------------------------------------------------------------------------- discomfort
def test_discomfort_slider_changes_advice_and_bar():
    app = DiscomfortApp()
    app.score_slider.value = 2
    assert app.result.action == "continue"
    assert app.artists.bars[0].get_height() == 2
    app.score_slider.value = 5
    assert app.result.action == "ease"
    assert "lighter pressure" in app.readout.value
    app.score_slider.value = 8
    assert app.result.action == "stop"
    assert app.artists.bars[0].get_height() == 8


def test_stop_sign_means_stop_and_marks_the_bar():
    app = DiscomfortApp()
    app.step_dropdown.value = 3
    app.score_slider.value = 1
    app.sign_boxes["numbness"].value = True
    assert app.result.stop
    assert "Stop the routine" in app.readout.value
    assert app.artists.bars[3].get_hatch() == "xx"
    assert app.artists.stop_texts[3].get_text() == "STOP"
    app.sign_boxes["numbness"].value = False
    assert app.artists.stop_texts[3].get_text() == ""


def test_discomfort_app_shows_its_sources_and_limits():
    text = DiscomfortApp().sources_html.value
    assert "teaching convention" in text
    for key in ("tu2011", "ernst2003", "yin2014"):
        assert html.escape(hp.sources.short_cite(key)) in text


def test_safety_reasons_show_source_strength():
    app = SafetyScreenApp()
    app.checkboxes["activity_rise"].value = True
    assert "read at the source" in app.readout.value
    app.checkboxes["trauma"].value = True
    assert "secondary source" in app.readout.value


def test_each_step_keeps_its_own_rating():
    app = DiscomfortApp()
    app.score_slider.value = 3
    app.step_dropdown.value = 1
    assert app.score_slider.value == 0  # step 2 not rated yet
    app.score_slider.value = 6
    app.step_dropdown.value = 0
    assert app.score_slider.value == 3
    assert app.ratings[:2] == [3, 6]
    assert [b.get_height() for b in app.artists.bars][:2] == [3, 6]


def test_discomfort_follows_the_player(clock):
    player = RoutinePlayerApp(clock=clock)
    app = DiscomfortApp(player_app=player)
    player.start_button.click()
    player.next_button.click()
    player.next_button.click()
    assert app.step_dropdown.value == 1  # asks about the step just finished


# ----------------------------------------------------------------------------- pain log
@pytest.fixture
def log_path(tmp_path):
    return tmp_path / "pain-log.csv"


def test_pain_log_app_writes_nothing_until_asked(log_path):
    app = PainLogApp(path=log_path, today=TODAY)
    assert not log_path.exists()
    assert "first entry will create it" in app.readout.value


def test_pain_log_app_shows_home_as_tilde(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    app = PainLogApp(today=TODAY)
    assert app.path_text.value == "~/.local/share/plantar-course/pain-log.csv"
    assert not (tmp_path / ".local").exists()


def test_adding_entries_updates_file_line_and_trend(log_path):
    app = PainLogApp(path=log_path, today=TODAY)
    for i, score in enumerate([7, 7, 6, 5, 4, 4]):
        app.date_picker.value = dt.date(2026, 1, 5 + i)
        app.score_slider.value = score
        app.add_button.click()
    assert log_path.read_text().splitlines()[0] == HEADER
    assert list(app.artists.line.get_ydata()) == [7, 7, 6, 5, 4, 4]
    assert app.result.n == 6 and app.result.meaningful
    assert app.artists.start_line.get_ydata()[0] == pytest.approx(20 / 3)
    assert "change that matters" in app.readout.value
    assert "Farrar" in app.readout.value and "Landorf" in app.readout.value


def test_bad_inputs_are_refused_with_a_message(log_path):
    app = PainLogApp(path=log_path, today=TODAY)
    app.add_button.click()
    assert "Pick the date" in app.readout.value
    app.date_picker.value = TODAY + dt.timedelta(days=3)
    app.add_button.click()
    assert "Not added" in app.readout.value and "after today" in app.readout.value
    assert not log_path.exists()
    app.date_picker.value = TODAY
    app.add_button.click()
    app.add_button.click()
    assert "already in the log" in app.readout.value
    assert len(log_path.read_text().splitlines()) == 2


def test_foreign_file_is_reported_and_untouched(tmp_path):
    other = tmp_path / "budget.csv"
    other.write_text("item,cost\nrent,500\n")
    app = PainLogApp(path=other, today=TODAY)
    assert "not a pain log" in app.readout.value and "line 1" in app.readout.value
    app.date_picker.value = TODAY
    app.add_button.click()
    assert other.read_text() == "item,cost\nrent,500\n"


def test_changing_the_path_reloads(log_path, tmp_path):
    PainLog(log_path, today=TODAY).append(dt.date(2026, 2, 1), 5)
    PainLog(log_path, today=TODAY).append(dt.date(2026, 2, 2), 3)
    app = PainLogApp(path=tmp_path / "empty.csv", today=TODAY)
    assert app.result.n == 0
    app.path_text.value = str(log_path)
    assert app.result.n == 2
    assert np.array_equal(app.artists.line.get_xdata(), [0, 1])


def test_corrupted_lines_are_reported_with_line_numbers(log_path):
    log_path.write_text(HEADER + "\n2026-01-01,4\n2026-01-02,x\n")
    app = PainLogApp(path=log_path, today=TODAY)
    assert "line 3" in app.readout.value
    assert app.result.n == 1


def test_painlog_shows_what_add_would_store_before_saving(tmp_path):
    import datetime as dt

    from helpers.apps.routine import PainLogApp

    app = PainLogApp(path=tmp_path / "log.csv", today=dt.date(2026, 1, 10))
    assert app.pending_text() == "Ready to add: pick a date, score 0/10."
    app.score_slider.value = 6
    app.date_picker.value = dt.date(2026, 1, 9)
    assert app.pending_text() == "Ready to add: 2026-01-09, score 6/10."
    assert "2026-01-09, score 6/10" in app.pending.value
    assert not (tmp_path / "log.csv").exists()


# ----------------------------------------------------------------------------- blitting
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from helpers.blit import in_draw_order  # noqa: E402
from support import assert_blit_is_exact  # noqa: E402
from support import canvas_rgba as _rgba  # noqa: E402


def test_player_buttons_and_ticks_blit_and_match_a_full_draw(player_app, clock):
    art = player_app.artists
    layer = player_app.blitter.artists
    assert layer == in_draw_order(layer) and all(a.get_animated() for a in layer)
    for artist in [*art.planned, *art.done, art.now_line, art.title]:
        assert artist in layer
    player_app.fig.canvas.draw()
    actions = [
        player_app.start_button.click,
        lambda: (clock.advance(10), player_app.play.__setattr__("value", player_app.play.value + 1)),
        player_app.next_button.click,
        lambda: (clock.advance(30), player_app.tick()),
        player_app.pause_button.click,
        player_app.back_button.click,
        player_app.start_button.click,
    ]
    for act in actions:
        before, title = player_app.blitter.blits, art.title.get_text()
        act()
        assert art.title.get_text() != title or act in (player_app.start_button.click,)
        assert player_app.blitter.blits == before + 1
        assert_blit_is_exact(player_app)
    assert "step 1 of" in art.title.get_text() and player_app.result.running
    for _ in range(len(player_app.steps)):  # to the end of the routine, blitting all the way
        before = player_app.blitter.blits
        player_app.next_button.click()
        assert player_app.blitter.blits == before + 1
    assert player_app.result.finished
    assert_blit_is_exact(player_app)


def test_every_discomfort_score_and_control_blits_and_matches_a_full_draw():
    app = DiscomfortApp()
    app.fig.canvas.draw()
    for score in [1, 4, 7, 10, 0, 3]:
        before = app.blitter.blits
        app.score_slider.value = score
        assert app.blitter.blits == before + 1
        assert app.artists.bars[0].get_height() == score
        assert_blit_is_exact(app)
    before = app.blitter.blits
    app.step_dropdown.value = len(app.steps) - 1  # the last bar, under the band labels
    app.score_slider.value = 9
    assert app.blitter.blits == before + 2
    assert_blit_is_exact(app)
    for box in app.sign_boxes.values():
        before = app.blitter.blits
        box.value = True
        assert app.blitter.blits == before + 1
        assert app.artists.stop_texts[len(app.steps) - 1].get_text() == "STOP"
        assert_blit_is_exact(app)
        box.value = False
    assert_blit_is_exact(app)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 10), st.booleans()),
                min_size=1, max_size=4))
def test_any_discomfort_sequence_paints_what_a_full_draw_paints(changes):
    import matplotlib.pyplot as plt

    app = DiscomfortApp()
    app.fig.canvas.draw()
    signs = list(app.sign_boxes.values())
    for step, score, sign in changes:
        app.step_dropdown.value = step % len(app.steps)
        app.score_slider.value = score
        signs[score % len(signs)].value = sign
        assert_blit_is_exact(app)
    plt.close(app.fig)


# The pain log's figure follows the score slider: a hollow marker previews the morning about to
# be added. These replace two older tests whose spec the preview made obsolete: "the slider and
# the date change no pixels" (now the marker moves with them) and "every Add blits" (an Add
# changes the line, levels, title and legend, which now stay in the saved background: Add draws
# in full once, and a score step repaints the marker alone).
def _preview_xy(app):
    return list(app.artists.preview.get_xdata()), list(app.artists.preview.get_ydata())


def _assert_preview_inside(app):
    """The marker (its size and edge included) lies inside the axes and below the legend, so
    blitting it alone is exact (the legend and the titles are not repainted over it)."""
    app.fig.canvas.draw()
    line = app.artists.preview
    x, y = app.artists.ax.transData.transform((line.get_xdata()[0], line.get_ydata()[0]))
    reach = (line.get_markersize() + line.get_markeredgewidth()) / 2 / 72 * app.fig.dpi
    axes = app.artists.ax.bbox
    legend = app.artists.ax.get_legend().get_window_extent()
    assert axes.x0 < x - reach and x + reach < axes.x1, (x, reach, axes)
    assert axes.y0 < y - reach and y + reach < min(axes.y1, legend.y0), (y, reach, axes, legend)


def test_pain_log_preview_follows_the_slider_by_blitting_only_the_marker(log_path):
    app = PainLogApp(path=log_path, today=TODAY)
    assert app.blitter.artists == [app.artists.preview]
    app.fig.canvas.draw()
    assert app.artists.preview.get_visible()
    assert app.artists.preview_text.get_text() == "today (not saved)"
    for score in [3, 10, 0, 7]:
        blits, full = app.blitter.blits, app.blitter.full_draws
        app.score_slider.value = score
        assert (app.blitter.blits, app.blitter.full_draws) == (blits + 1, full)
        assert _preview_xy(app) == ([0.0], [score])  # an empty log: the first entry is day 0
        assert f"score {score}/10" in app.pending.value
        assert_blit_is_exact(app)
    assert not log_path.exists()  # a preview writes nothing


def test_pain_log_preview_sits_on_the_picked_morning_and_the_axis_holds_it(log_path):
    for day, score in [(dt.date(2026, 2, 1), 5), (dt.date(2026, 2, 2), 3)]:
        PainLog(log_path, today=TODAY).append(day, score)
    app = PainLogApp(path=log_path, today=TODAY)
    assert _preview_xy(app) == ([28.0], [0.0])  # no date picked: today, 28 days on
    assert app.artists.ax.get_xlim() == (-0.5, 28.5)
    assert app.artists.preview_text.get_text() == "today (not saved)"
    app.fig.canvas.draw()
    app.date_picker.value = dt.date(2026, 2, 10)
    assert _preview_xy(app) == ([9.0], [0.0])
    assert app.artists.preview_text.get_text() == "2026-02-10 (not saved)"
    assert_blit_is_exact(app)
    blits = app.blitter.blits
    app.score_slider.value = 8
    assert app.blitter.blits == blits + 1 and _preview_xy(app) == ([9.0], [8.0])
    assert_blit_is_exact(app)
    app.date_picker.value = dt.date(2026, 1, 20)  # before the first entry: 12 days before day 0
    assert _preview_xy(app) == ([-12.0], [8.0])
    assert app.artists.ax.get_xlim()[0] < -12
    assert_blit_is_exact(app)
    blits = app.blitter.blits
    app.date_picker.value = dt.date(2026, 2, 10)  # a state drawn before: its background is kept
    assert app.blitter.blits == blits + 1
    assert_blit_is_exact(app)


@pytest.mark.parametrize("course_style", [False, True])
def test_pain_log_preview_stays_inside_the_axes_and_clear_of_the_legend(tmp_path, course_style):
    import matplotlib.pyplot as plt

    long_log = tmp_path / "long.csv"
    PainLog(long_log, today=TODAY).append_many(
        [(TODAY - dt.timedelta(days=400), 9), (TODAY - dt.timedelta(days=390), 2)])
    with matplotlib.rc_context():
        if course_style:
            hp.setup()  # the notebook's style: constrained layout, larger fonts
        cases = [
            (tmp_path / "empty.csv", None),  # an empty log: day 0, at the left end
            (long_log, None),  # today, 390 days after the last entry: the right end
            (long_log, TODAY - dt.timedelta(days=500)),  # before the first entry: the left end
        ]
        for path, day in cases:
            app = PainLogApp(path=path, today=TODAY)
            app.date_picker.value = day
            for score in (0, 10):
                app.score_slider.value = score
                _assert_preview_inside(app)
                assert_blit_is_exact(app)
            plt.close(app.fig)


def test_pain_log_preview_becomes_a_saved_point_after_add(log_path):
    app = PainLogApp(path=log_path, today=TODAY)
    app.fig.canvas.draw()
    app.date_picker.value = TODAY
    app.score_slider.value = 6
    assert _preview_xy(app) == ([0.0], [6.0]) and app.artists.preview.get_visible()
    blits = app.blitter.blits
    app.add_button.click()  # line, title and levels change: one full redraw
    assert app.blitter.blits == blits
    assert list(app.artists.line.get_xdata()) == [0] and list(app.artists.line.get_ydata()) == [6]
    assert not app.artists.preview.get_visible()  # today is saved: Add would refuse it now
    assert "1 entry" in app.artists.title.get_text()
    assert_blit_is_exact(app)
    picture, blits = _rgba(app.fig), app.blitter.blits
    app.score_slider.value = 2  # nothing to preview: no redraw at all
    assert app.blitter.blits == blits and np.array_equal(_rgba(app.fig), picture)
    app.date_picker.value = TODAY - dt.timedelta(days=1)  # yesterday can still be added
    assert app.artists.preview.get_visible() and _preview_xy(app) == ([-1.0], [2.0])
    assert_blit_is_exact(app)


def test_pain_log_preview_is_hidden_when_add_would_refuse(log_path, tmp_path):
    app = PainLogApp(path=log_path, today=TODAY)
    app.date_picker.value = TODAY + dt.timedelta(days=1)
    assert app.preview_day() is None and not app.artists.preview.get_visible()
    assert app.artists.ax.get_xlim() == (-0.5, 14.5)
    app.date_picker.value = dt.date(1999, 12, 31)
    assert not app.artists.preview.get_visible()
    app.date_picker.value = TODAY
    assert app.artists.preview.get_visible()
    other = tmp_path / "budget.csv"
    other.write_text("item,cost\nrent,500\n")
    app.path_text.value = str(other)  # not a pain log: nothing can be added
    assert not app.artists.preview.get_visible()
    assert_blit_is_exact(app)


def test_pain_log_entries_redraw_once_and_a_file_read_again_blits(log_path):
    app = PainLogApp(path=log_path, today=TODAY)
    app.fig.canvas.draw()
    for i, score in enumerate([7, 6, 6, 5]):
        app.date_picker.value = dt.date(2026, 1, 5 + i)
        app.score_slider.value = score
        blits, full = app.blitter.blits, app.blitter.full_draws
        app.add_button.click()
        assert (app.blitter.blits, app.blitter.full_draws) == (blits, full + 1)
        assert list(app.artists.line.get_ydata())[-1] == score
        assert_blit_is_exact(app)
    blits = app.blitter.blits
    app.date_picker.value = dt.date(2026, 1, 30)  # day 25: the axis grows to hold the preview
    assert app.blitter.blits == blits
    assert app.artists.ax.get_xlim() == (-0.5, 25.5)
    assert_blit_is_exact(app)
    app.add_button.click()
    assert app.artists.ax.get_xlim() == (-0.5, 25.5)
    assert list(app.artists.line.get_xdata())[-1] == 25
    assert_blit_is_exact(app)
    blits = app.blitter.blits
    app.reload_button.click()  # same data, same axis: the kept background, a blit
    assert app.blitter.blits == blits + 1
    assert_blit_is_exact(app)


def test_trend_without_preview_is_the_plain_demo_figure():
    fig, ax = hp.new_figure()
    art = hp.plots.routine.draw_trend(ax)
    assert art.preview is None
    assert all("not saved" not in t.get_text() for t in ax.get_legend().get_texts())
    with pytest.raises(ValueError, match="preview=True"):
        hp.plots.routine.update_preview(art, TODAY, 3)


def test_pain_log_caption_describes_the_preview(log_path):
    text = PainLogApp(path=log_path, today=TODAY).caption.value
    assert "hollow circle" in text and "today (not saved)" in text and "slider" in text


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(-20, 2), st.integers(0, 10), st.booleans()),
                min_size=1, max_size=5))
def test_any_pain_log_sequence_paints_what_a_full_draw_paints(tmp_path_factory, changes):
    import matplotlib.pyplot as plt

    app = PainLogApp(path=tmp_path_factory.mktemp("log") / "log.csv", today=TODAY)
    app.fig.canvas.draw()
    for offset, score, save in changes:
        app.date_picker.value = TODAY + dt.timedelta(days=offset)
        app.score_slider.value = score
        if save:
            app.add_button.click()
        assert_blit_is_exact(app)
    plt.close(app.fig)
