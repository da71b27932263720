"""The start page's widget self-check: a slider that moves a figure drawn by ipympl."""

from __future__ import annotations

import ipywidgets as widgets

from helpers.appbase import App
from helpers.blit import Blitter, legends
from helpers.models.scales import NPRS_MAX, important_change
from helpers.style import PALETTE, new_figure


class PainScaleApp(App):
    """Move the slider: the bar follows, and the two targets for an important fall move too."""

    CAPTION = (
        "A horizontal bar shows the chosen pain score on a 0 to 10 scale; a dashed line marks "
        "2 points lower and a dotted line 30% lower, the two ways Farrar and colleagues "
        "described an important improvement.")

    def __init__(self, score: int = 6):
        self.slider = widgets.IntSlider(
            value=score, min=0, max=int(NPRS_MAX), step=1,
            description="Pain now (0-10)", style=self.STYLE,
            continuous_update=True,
        )
        self.fig, self.ax = new_figure(figsize=(6.5, 2.6))
        ax = self.ax
        self.bar = ax.barh([0], [score], height=0.5, color=PALETTE["blue"], label="pain now")[0]
        self.points_line = ax.axvline(0, color=PALETTE["vermillion"], linestyle="--",
                                      label="2 points lower")
        self.percent_line = ax.axvline(0, color=PALETTE["green"], linestyle=":",
                                       label="30% lower")
        ax.set_xlim(0, NPRS_MAX)
        ax.set_ylim(-0.6, 0.9)
        ax.set_yticks([])
        ax.set_xlabel("pain score (0 = none, 10 = worst imaginable), points")
        ax.set_title("Where pain must fall for a change patients call important")
        ax.legend(loc="upper left", ncols=3, frameon=True, framealpha=1.0, edgecolor="none", fontsize=9)
        # the legend stays in the kept picture (its text is most of the cost of a step): the
        # target lines are drawn over it, in a full redraw as in a partial one
        self.blitter = Blitter(self.fig, [self.bar, self.points_line, self.percent_line],
                               still=legends(self.fig))
        self.build("pain-scale", [self.slider])

    def update(self) -> bool:
        self.result = important_change(self.slider.value)
        r = self.result
        self.bar.set_width(r.score)
        self.points_line.set_xdata([r.points_target, r.points_target])
        self.percent_line.set_xdata([r.percent_target, r.percent_target])
        return False  # the axes never change

    def readout_text(self) -> str:
        r = self.result
        return (f"From {r.score:g}: 2 points lower is {r.points_target:g}; "
                f"30% lower is {r.percent_target:.1f}.")
