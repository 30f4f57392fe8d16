"""``movement_figure``: how much a film's picture moves, second by second, as a line.

The flat companion of the space-time block: the motion energy of each time slice
(:meth:`MotionEnergy.per_time`, the mean change over the whole picture) averaged over
steps of a second, against the time in m:ss. Peaks are moments of movement (a turn, a
reach, a pick-up); the low stretches are stillness (waiting, listening, giving time). No
film frame is drawn, only numbers.

:func:`movement_picture` is the line as a :class:`~vigkit.views.figures.Picture` (a PNG
with a description in words as its text), for the course's notebooks.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ..core.errors import VigkitError
from ..core.timecode import format_time
from .figures import Picture, new_figure, time_axis
from .motion import MotionEnergy

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The line's colour: the blue-grey of the space-time cloud, so the two views read as one.
LINE_COLOUR = "#38454F"
#: How much of the area under the line is filled in.
FILL_ALPHA = 0.25


def movement_figure(
    motion: MotionEnergy,
    *,
    seconds: float = 1.0,
    width: float = 10.0,
    title: str | None = None,
) -> Figure:
    """A line of how much the picture changes over the film: ``motion.per_time()``
    averaged over steps of ``seconds`` (single frames flicker; a second reads as people
    see movement), against the time in m:ss. Save it with :func:`vigkit.views.save_figure`."""
    times, values = binned(motion, seconds)
    figure = new_figure(figsize=(width, 2.6), layout="constrained")
    axes = figure.add_subplot()
    figure.suptitle(
        title or f"How much the picture moves in {motion.source.stem}",
        x=0.01,
        ha="left",
        fontsize=12,
        fontweight="bold",
    )
    axes.set_title(
        f"Peaks are bursts of movement, low stretches stillness (the mean of every {seconds:g} s).",
        loc="left",
        fontsize=9,
    )
    axes.fill_between(times, values, color=LINE_COLOUR, alpha=FILL_ALPHA, linewidth=0)
    axes.plot(times, values, color=LINE_COLOUR, linewidth=1.2)
    time_axis(axes, max(motion.duration, float(motion.times[-1]) if len(motion.times) else 0.0))
    top = float(values.max()) if len(values) else 0.0
    axes.set_ylim(0, top * 1.1 if top > 0 else 1.0)
    axes.set_ylabel("Movement")
    axes.set_yticks([])
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", color="#eeeeee")
    axes.set_axisbelow(True)
    return figure


def binned(
    motion: MotionEnergy, seconds: float = 1.0
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The mean movement of each step of ``seconds`` (the last step may be shorter), and
    the middle of each step in seconds; steps without a slice are left out."""
    if not (isinstance(seconds, int | float) and math.isfinite(seconds) and seconds > 0):
        raise VigkitError(f"seconds must be a number above 0, not {seconds!r}")
    values = motion.per_time().astype(np.float64)
    times = np.asarray(motion.times, dtype=np.float64)
    if not len(values):
        return times, values
    step = np.floor(times / seconds).astype(np.int64)
    counts = np.bincount(step)
    sums = np.bincount(step, weights=values)
    used = counts > 0
    middles = (np.arange(len(counts), dtype=np.float64) + 0.5) * seconds
    end = max(motion.duration, float(times[-1]))
    middles = np.minimum(middles, end)
    means: npt.NDArray[np.float64] = sums[used] / counts[used]
    return middles[used], means


def movement_picture(motion: MotionEnergy, *, seconds: float = 1.0) -> Picture:
    """:func:`movement_figure` as a :class:`Picture` for a notebook, described in words:
    when the picture moves most and when it is stillest."""
    figure = movement_figure(motion, seconds=seconds)
    times, values = binned(motion, seconds)
    description = f"How much the picture moves in {motion.source.stem}, second by second"
    if len(values):
        starts = np.floor(times / seconds) * seconds  # the start of each step
        busiest = format_time(float(starts[int(np.argmax(values))]), 0)
        stillest = format_time(float(starts[int(np.argmin(values))]), 0)
        description += f": most movement around {busiest}, stillest around {stillest}."
    return Picture(figure, description)
