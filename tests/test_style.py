"""The figure style and the Blitter that redraws only what moves."""

import numpy as np

import helpers as hp
from helpers.style import Blitter, series


def _app_like():
    fig, ax = hp.new_figure()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_title("static parts")
    line, = ax.plot([0, 10], [1, 1], **series(0))
    text = ax.text(1, 9, "value 1")
    return fig, line, text


def test_blitted_picture_equals_a_full_redraw():
    fig, line, text = _app_like()
    blitter = Blitter(fig, [line, text])
    fig.canvas.draw()
    for y in (2, 5, 7.5):
        line.set_ydata([y, y])
        text.set_text(f"value {y}")
        blitter.update()
        blitted = np.array(fig.canvas.buffer_rgba())
        fig.canvas.draw()
        assert np.array_equal(blitted, np.array(fig.canvas.buffer_rgba()))
    assert blitter.blits == 3


def test_first_update_and_full_ask_for_a_whole_draw(monkeypatch):
    fig, line, text = _app_like()
    blitter = Blitter(fig, [line])
    calls = []
    monkeypatch.setattr(fig.canvas, "draw_idle", lambda: calls.append(1))
    blitter.update()
    assert calls == [1] and blitter.blits == 0
    fig.canvas.draw()
    blitter.full()
    assert blitter.background is None and calls == [1, 1]


def test_saved_figure_includes_the_moving_artists(tmp_path):
    fig, line, text = _app_like()
    Blitter(fig, [line, text])
    with_line = tmp_path / "with.png"
    fig.savefig(with_line)
    line.set_visible(False)
    text.set_visible(False)
    without = tmp_path / "without.png"
    fig.savefig(without)
    assert with_line.read_bytes() != without.read_bytes()


def test_series_double_colour_with_line_style_and_marker():
    styles = [series(i) for i in range(8)]
    assert len({s["color"] for s in styles}) == 8
    assert len({(str(s["linestyle"]), s["marker"]) for s in styles}) == 8


def test_saved_figure_equals_the_same_figure_without_blitting(tmp_path):
    fig, line, text = _app_like()
    line.set_alpha(0.5)  # a see-through artist painted twice would come out darker
    Blitter(fig, [line, text])
    fig.savefig(tmp_path / "blit.png")
    plain, plain_line, _ = _app_like()
    plain_line.set_alpha(0.5)
    plain.savefig(tmp_path / "plain.png")
    assert (tmp_path / "blit.png").read_bytes() == (tmp_path / "plain.png").read_bytes()


def test_show_reuses_the_background_of_a_state_seen_before():
    fig, line, text = _app_like()
    ax = line.axes
    blitter = Blitter(fig, [line, text])
    pictures = {}
    for title in ("A", "B", "A", "B", "A"):
        ax.set_title(title)
        line.set_ydata([len(pictures) + 1] * 2)
        blitter.show(title)
        if blitter.background is None:  # first visit: a full draw, as ipympl would do next
            fig.canvas.draw()
        shown = np.array(fig.canvas.buffer_rgba())
        fig.canvas.draw()  # the truth: the whole figure drawn afresh
        assert np.array_equal(shown, np.array(fig.canvas.buffer_rgba())), title
        pictures[title] = True
    # two states drawn in full once each (plus the checking draws), the rest pasted
    assert blitter.blits >= 3


def test_show_draws_in_full_after_a_resize():
    # under Agg, draw_idle draws at once, so full draws are counted, not awaited
    fig, line, text = _app_like()
    blitter = Blitter(fig, [line])
    blitter.show("A")
    assert blitter.full_draws == 1
    blitter.show("A")
    assert blitter.full_draws == 1 and blitter.blits == 1
    fig.set_size_inches(4, 3)
    blitter.show("A")
    assert blitter.full_draws == 2  # a kept background of another size is not used
    blitter.show("A")
    assert blitter.full_draws == 2


def test_show_keeps_at_most_max_cached_backgrounds():
    fig, line, text = _app_like()
    blitter = Blitter(fig, [line])
    for i in range(Blitter.MAX_CACHED + 5):
        blitter.show(i)
        fig.canvas.draw()
    assert len(blitter._cache) == Blitter.MAX_CACHED


def test_a_late_full_draw_is_not_kept_under_an_earlier_state(monkeypatch):
    # under ipympl a requested draw arrives after the callback: ask for new state B (draw
    # pending), paste kept state A at once; the late draw shows A and must not be kept as B
    fig, line, text = _app_like()
    ax = line.axes
    blitter = Blitter(fig, [line])
    ax.set_title("A")
    blitter.show("A")
    with monkeypatch.context() as m:
        m.setattr(fig.canvas, "draw_idle", lambda: None)
        ax.set_title("B")
        blitter.show("B")
        ax.set_title("A")
        blitter.show("A")
    fig.canvas.draw()  # the late draw: the figure shows A
    ax.set_title("B")
    blitter.show("B")
    shown = np.array(fig.canvas.buffer_rgba())
    fig.canvas.draw()
    assert np.array_equal(shown, np.array(fig.canvas.buffer_rgba()))


def test_drawing_the_moving_artists_leaves_the_figure_up_to_date():
    # an annotation marks its figure stale while it is drawn; in a notebook a stale figure is
    # redrawn after every widget message, and that redraw answers with another message
    fig, line, text = _app_like()
    note = line.axes.annotate("note", xy=(5, 5), xytext=(6, 6), arrowprops={"arrowstyle": "->"})
    blitter = Blitter(fig, [line, note])
    fig.canvas.draw()
    assert not fig.stale
    line.set_ydata([3, 3])  # a moving artist: does not mark the figure stale
    blitter.update()
    assert not fig.stale and blitter.blits == 1
    line.axes.set_title("changed")  # a static part: stays stale, so the notebook redraws it
    blitter.update()
    assert fig.stale
