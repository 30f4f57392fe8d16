"""``timeline_figure``: a comparison as a static picture, one lane per coder.

Codes are coloured with the scheme's (Okabe–Ito) colours; whether a tag was matched,
named differently, missed or extra is told by the mark's *shape* and fill, never by
colour alone, and matched pairs are joined by a line (solid: same code; dashed: not).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .figures import new_figure, time_axis
from .marks import STATUS_FILLED, STATUS_SHAPES, Comparable, Status, Timeline, timeline

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
#: matplotlib's marker for each shape named in :data:`STATUS_SHAPES`.
MARKERS = {"circle": "o", "diamond": "D", "triangle": "^", "square": "s"}
_BAR_HEIGHT = 0.36
_JOIN_COLOUR = "#555555"


def timeline_figure(
    comparison: Comparable, *, width: float = 10.0, title: str | None = None
) -> Figure:
    """The comparison's tags on a time line in m:ss: the coder's lane above the
    reference's (a group: the reference on top, then each coder), with a legend for the
    codes and one for what each shape means. Save it with :func:`save_figure`."""

    drawn = timeline(comparison)
    lanes = len(drawn.lanes)
    figure = new_figure(figsize=(width, 1.9 + 0.55 * lanes), layout="constrained")
    axes = figure.add_subplot()
    figure.suptitle(title or drawn.title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    axes.set_title(drawn.subtitle, loc="left", fontsize=9)
    _lanes(axes, drawn)
    time_axis(axes, drawn.end)
    axes.set_xlim(-0.01 * drawn.end, drawn.end * 1.01)  # marks at 0 or the end stay whole
    if drawn.marks.empty:
        axes.text(drawn.end / 2, (lanes - 1) / 2, "No tags yet", ha="center", va="center")
        return figure
    _joins(axes, drawn)
    _bars(axes, drawn)
    _marks(axes, drawn)
    _found_by(axes, drawn)
    _legends(figure, axes, drawn)
    return figure


def lane_y(drawn: Timeline, lane: int | np.integer[Any]) -> float:
    """The height of lane ``lane`` (the first lane on top)."""
    return float(len(drawn.lanes) - 1 - lane)


def _lanes(axes: Axes, drawn: Timeline) -> None:
    count = len(drawn.lanes)
    axes.set_ylim(-0.7, count - 0.3)
    axes.set_yticks([lane_y(drawn, k) for k in range(count)], [ln.label for ln in drawn.lanes])
    for k, lane in enumerate(drawn.lanes):
        y = lane_y(drawn, k)
        axes.axhline(y, color="#dddddd", linewidth=0.8, zorder=0, gid=f"lane:{lane.name}")
        if lane.role == "reference":
            axes.get_yticklabels()[k].set_fontweight("bold")
    axes.spines[["top", "right", "left"]].set_visible(False)
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="x", color="#eeeeee", zorder=0)


def _joins(axes: Axes, drawn: Timeline) -> None:
    marks = drawn.marks
    partner = marks["partner"].to_numpy(int)
    onset = marks["onset"].to_numpy(float)
    lane = marks["lane"].to_numpy(int)
    status = marks["status"].tolist()
    for row, other in enumerate(partner):
        if other < 0 or (other < row and partner[other] == row):
            continue  # unpaired, or the pair was joined from its other end
        axes.plot(
            [onset[row], onset[other]],
            [lane_y(drawn, lane[row]), lane_y(drawn, lane[other])],
            color=_JOIN_COLOUR,
            linewidth=1.0,
            linestyle="-" if status[row] == "agreed" else (0, (3, 2)),
            zorder=1,
            gid=f"join:{status[row]}",
        )


def _bars(axes: Axes, drawn: Timeline) -> None:
    intervals = drawn.marks[drawn.marks["offset"] > drawn.marks["onset"]]
    for row in intervals.itertuples():
        filled = STATUS_FILLED[row.status]
        axes.broken_barh(
            [(row.onset, row.offset - row.onset)],
            (lane_y(drawn, int(row.lane)) - _BAR_HEIGHT / 2, _BAR_HEIGHT),
            facecolors=row.colour if filled else "white",
            edgecolors=row.colour,
            alpha=0.55 if filled else 1.0,
            hatch=None if filled else "////",
            linewidth=1.2,
            zorder=2,
        )


def _marks(axes: Axes, drawn: Timeline) -> None:
    marks = drawn.marks
    kinds = dict.fromkeys(zip(marks["status"], marks["colour"], strict=True))
    for status, colour in kinds:
        chosen = marks[(marks["status"] == status) & (marks["colour"] == colour)]
        filled = STATUS_FILLED[status]
        axes.scatter(
            chosen["onset"],
            [lane_y(drawn, k) for k in chosen["lane"].to_numpy(int)],
            marker=MARKERS[STATUS_SHAPES[status]],
            s=70,
            facecolors=colour if filled else "white",
            edgecolors="black" if filled else colour,
            linewidths=0.8 if filled else 2.0,
            zorder=3,
            gid=f"marks:{status}",
            clip_on=False,
        )


def _found_by(axes: Axes, drawn: Timeline) -> None:
    """On a group's reference lane: how many coders found each moment."""
    found = drawn.marks[drawn.marks["found_by"] >= 0]
    for row in found.itertuples():
        axes.annotate(
            f"{int(row.found_by)}/{drawn.coder_count}",
            (row.onset, lane_y(drawn, int(row.lane))),
            xytext=(0, 8),
            textcoords="offset points",
            ha="center",
            fontsize=7,
        )


def _legends(figure: Figure, axes: Axes, drawn: Timeline) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    code_handles = [
        Patch(facecolor=drawn.scheme.colour_of(code), edgecolor="black", linewidth=0.5)
        for code in drawn.codes
    ]
    code_labels = [drawn.scheme.label_of(code) for code in drawn.codes]
    present: list[Status] = [s for s in pd.unique(drawn.marks["status"])]
    shape_handles: list[Any] = [_shape_handle(status) for status in present]
    shape_labels = [drawn.status_words(status) for status in present]
    if any(s in present for s in ("agreed", "named-differently")) and drawn.coder_count == 1:
        shape_handles += [
            Line2D([], [], color=_JOIN_COLOUR, linestyle="-"),
            Line2D([], [], color=_JOIN_COLOUR, linestyle=(0, (3, 2))),
        ]
        shape_labels += ["joins a pair, same code", "joins a pair, different codes"]
    # One legend under the plot, the codes (colour) first, then the marks (shape): two
    # legends side by side would overlap once a group has many kinds of mark.
    figure.legend(
        code_handles + shape_handles, code_labels + shape_labels,
        title="Colour: the code.   Shape: how the two sides compare.", loc="outside lower left",
        fontsize=8, title_fontsize=9, ncols=3, frameon=False, alignment="left",
    )  # fmt: skip


def _shape_handle(status: Status) -> Any:
    from matplotlib.lines import Line2D

    filled = STATUS_FILLED[status]
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=MARKERS[STATUS_SHAPES[status]],
        markersize=8,
        markerfacecolor="#999999" if filled else "white",
        markeredgecolor="black" if filled else "#555555",
        markeredgewidth=0.8 if filled else 2.0,
    )
