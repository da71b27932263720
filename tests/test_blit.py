"""Partial redraws: the Blitter, the layer it redraws, and kept pictures."""

import numpy as np
import pytest

import helpers as hp
from helpers.blit import Blitter, in_draw_order, layer
from helpers.style import series


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


def test_layer_keeps_draw_order_and_what_is_painted_over_the_moving_artists():
    fig, (ax, other) = hp.new_figure(1, 2)
    below = ax.axhspan(0, 1)  # a patch: painted before any line
    (first,) = ax.plot([0, 1], [0, 1])
    (still,) = ax.plot([0, 1], [1, 0])  # added later, same zorder: painted over ``first``
    label = ax.text(0.5, 0.5, "label")
    (moving,) = ax.plot([0, 1], [0.5, 0.5])
    legend = ax.legend(["a"])
    ax.set_title("title")
    other.plot([0, 1], [0, 1])
    drawn = layer([moving, first, None])
    assert drawn[:3] == [first, still, moving]
    assert label in drawn and drawn.index(label) > drawn.index(moving)  # texts come after lines
    assert set(ax.spines.values()) <= set(drawn)  # the frame is painted over lines
    assert legend in drawn and drawn == in_draw_order(drawn)
    assert below not in drawn and ax.title not in drawn
    assert not any(a.axes is other for a in drawn)
    assert legend not in layer([moving], still=[legend])  # declared clear of what moves


def test_layer_rejects_artists_outside_an_axes():
    from matplotlib.lines import Line2D

    with pytest.raises(ValueError, match="moving artists must be drawn in an axes"):
        layer([Line2D([0, 1], [0, 1])])


def test_redraw_without_a_key_forgets_every_kept_picture():
    # a kept picture shows the still parts as they were; once a step changes them in a way no
    # key names (redraw(True) without a key), pasting it would show a stale picture
    fig, line, text = _app_like()
    ax = line.axes
    blitter = Blitter(fig, [line])
    ax.set_title("A")
    blitter.redraw(True, "A")
    ax.set_xlim(0, 20)  # the still parts change, and the step says so without a key
    blitter.redraw(True)
    assert blitter._cache == {}
    ax.set_title("A")
    blitter.redraw(True, "A")  # not pasted: drawn afresh with the new limits
    shown = np.array(fig.canvas.buffer_rgba())
    fig.canvas.draw()
    assert np.array_equal(shown, np.array(fig.canvas.buffer_rgba()))


def test_redraw_false_blits_and_true_draws_in_full():
    fig, line, text = _app_like()
    blitter = Blitter(fig, [line, text])
    fig.canvas.draw()
    draws = blitter.full_draws
    line.set_ydata([4, 4])
    blitter.redraw(False)
    assert blitter.blits == 1 and blitter.full_draws == draws
    blitter.redraw(True)
    assert blitter.full_draws == draws + 1
