"""The app base: one cycle (update, readout, partial or full redraw) for every app."""

import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")

import helpers as hp  # noqa: E402
from helpers.appbase import App, plain_text  # noqa: E402
from helpers.blit import Blitter  # noqa: E402


class _Toy(App):
    """A slider moves a line; past 5 the axis grows (a full redraw)."""

    CAPTION = "A line at the slider's height."

    def __init__(self):
        self.slider = widgets.FloatSlider(value=1, min=0, max=10, description="Height",
                                          style=self.STYLE)
        self.fig, self.ax = hp.new_figure()
        self.ax.set_ylim(0, 5)
        (self.line,) = self.ax.plot([0, 1], [1, 1])
        self.blitter = Blitter(self.fig, [self.line])
        self.build("toy", [self.slider])

    def update(self) -> bool:
        y = self.slider.value
        self.line.set_ydata([y, y])
        top = 5 if y <= 5 else 10
        if self.ax.get_ylim()[1] == top:
            return False
        self.ax.set_ylim(0, top)
        return True

    def readout_text(self) -> str:
        return f"Height {self.slider.value:g}."


def test_build_assembles_controls_figure_readout_and_caption():
    app = _Toy()
    kinds = [type(w).__name__ for w in app.widget.children]
    assert kinds[:4] == ["FloatSlider", "Output", "HTML", "HTML"]  # slider, figure, readout, caption
    assert app.readout.value == "<p>Height 1.</p>" and "line at the slider" in app.caption.value
    assert app.slider.style.description_width == "initial"


def test_a_step_blits_unless_update_asks_for_a_full_redraw():
    app = _Toy()
    app.fig.canvas.draw()
    draws, blits = app.blitter.full_draws, app.blitter.blits
    app.slider.value = 3
    assert app.blitter.blits == blits + 1 and app.blitter.full_draws == draws
    assert app.readout_text() == "Height 3."
    app.slider.value = 8  # the axis grows: drawn in full
    assert app.blitter.full_draws == draws + 1 and app.ax.get_ylim() == (0, 10)


def test_an_app_without_a_readout_reads_out_nothing():
    class Still(App):
        pass

    assert Still().readout_text() == "" and Still().readout_html() == ""


def test_plain_text_puts_paragraphs_and_items_on_their_own_lines():
    assert plain_text("<p>A &amp; B</p><ul><li>one</li><li>two</li></ul>") == "A & B\n- one\n- two"
