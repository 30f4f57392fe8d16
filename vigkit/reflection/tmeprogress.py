"""TME over a practice record: the tidy table of every rating, a summary per target, and the
chart of each target's journey from baseline towards its hoped-for level."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from .tme import TmeTarget, first_reached, latest, progress

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .record import PracticeRecord

#: Okabe–Ito colours (safe for the common forms of colour blindness), then markers, so
#: no line is told apart by colour alone.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def tme_table(record: PracticeRecord) -> pd.DataFrame:
    """One row per target per time point (cycle 0 is the baseline), tidy for pandas."""
    rows: list[dict[str, Any]] = []
    for target in record.targets:
        points: Sequence[int | None] = (target.baseline, *target.ratings)
        points = list(points) + [None] * (len(record.cycles) + 1 - len(points))
        for cycle, rating in enumerate(points):
            rows.append(
                {
                    "target": target.id,
                    "description": target.description,
                    "cycle": cycle,
                    "when": "baseline" if cycle == 0 else f"after cycle {cycle}",
                    "rating": rating,
                    "baseline": target.baseline,
                    "hoped_for": target.hoped_for,
                    "change": None if rating is None else rating - target.baseline,
                    "progress": None if rating is None else progress(target, rating),
                    "reached": None
                    if rating is None or cycle == 0
                    else (rating - target.hoped_for) * target.direction >= 0,
                }
            )
    columns = [
        "target",
        "description",
        "cycle",
        "when",
        "rating",
        "baseline",
        "hoped_for",
        "change",
        "progress",
        "reached",
    ]
    table: pd.DataFrame = pd.DataFrame(rows, columns=columns)
    table["rating"] = table["rating"].astype("Int64")
    table["change"] = table["change"].astype("Int64")
    table["progress"] = table["progress"].astype("Float64")
    table["reached"] = table["reached"].astype("boolean")
    return table


def tme_summary(record: PracticeRecord) -> pd.DataFrame:
    """One row per target: baseline, hoped-for, latest rating, change, progress share."""
    rows = []
    for target in record.targets:
        last = latest(target)
        rows.append(
            {
                "target": target.id,
                "description": target.description,
                "baseline": target.baseline,
                "hoped_for": target.hoped_for,
                "latest": None if last is None else last[1],
                "change": None if last is None else last[1] - target.baseline,
                "progress": progress(target),
                "first_reached": first_reached(target),
            }
        )
    table: pd.DataFrame = pd.DataFrame(
        rows,
        columns=[
            "target",
            "description",
            "baseline",
            "hoped_for",
            "latest",
            "change",
            "progress",
            "first_reached",
        ],
    )
    for column in ("latest", "change", "first_reached"):
        table[column] = table[column].astype("Int64")
    table["progress"] = table["progress"].astype("Float64")
    return table


# ---------------------------------------------------------------- chart
def tme_figure(record: PracticeRecord, *, width: float = 8.0) -> Figure:
    """Each target's journey from baseline through the cycles, against its hoped-for level.

    Colours are Okabe–Ito and every target also has its own marker and a label written
    beside its line, so the chart reads without colour.
    """
    from ..views.figures import new_figure

    scale = record.scale
    cycles = max(len(record.cycles), *(len(t.ratings) for t in record.targets), 1)
    figure = new_figure(figsize=(width, 4.5), layout="constrained")
    axes = figure.add_subplot()
    axes.set_title("How each target has moved since the start")
    axes.set_xlabel("When it was rated")
    axes.set_ylabel(f"Rating ({scale.low} to {scale.high})")
    axes.set_xticks(
        range(cycles + 1), ["Start"] + [f"After cycle {c}" for c in range(1, cycles + 1)]
    )
    axes.set_xlim(-0.3, cycles + 0.3 + 0.9)  # room on the right for the labels
    axes.set_ylim(scale.low - 0.5, scale.high + 0.5)
    step = max(1, (scale.high - scale.low) // 10)
    axes.set_yticks(range(scale.low, scale.high + 1, step))
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    if not record.targets:
        axes.text(
            cycles / 2, (scale.low + scale.high) / 2, "No targets yet", ha="center", va="center"
        )
        return figure
    label_heights = _spread_labels(record.targets, min_gap=(scale.high - scale.low) / 12)
    for index, target in enumerate(record.targets):
        colour = COLOURS[index % len(COLOURS)]
        points = [(0, target.baseline)] + [
            (c + 1, r) for c, r in enumerate(target.ratings) if r is not None
        ]
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        name = _short(target.description)
        axes.plot(
            xs,
            ys,
            color=colour,
            marker=MARKERS[index % len(MARKERS)],
            markersize=7,
            linewidth=2,
            label=name,
            gid=f"tme-target:{target.id}",
        )
        axes.plot(
            [0, cycles],
            [target.hoped_for, target.hoped_for],
            color=colour,
            linestyle="--",
            linewidth=1.2,
            label=f"{name}: hoped for",
            gid=f"tme-hoped:{target.id}",
        )
        axes.annotate(
            f"{name}\n(hoped for {target.hoped_for})",
            xy=(xs[-1], ys[-1]),
            xytext=(cycles + 0.15, label_heights[target.id]),
            color=colour,
            fontsize=8,
            va="center",
            gid=f"tme-label:{target.id}",
        )
    return figure


def _spread_labels(targets: Sequence[TmeTarget], min_gap: float) -> dict[str, float]:
    """Heights for the direct labels: each at its line's last rating, nudged apart."""
    ends = []
    for target in targets:
        last = latest(target)
        ends.append((float(last[1] if last else target.baseline), target.id))
    heights: dict[str, float] = {}
    previous = -math.inf
    for height, target_id in sorted(ends):
        placed = max(height, previous + min_gap)
        heights[target_id] = placed
        previous = placed
    return heights


def _short(text: str, width: int = 28) -> str:
    return textwrap.shorten(text, width=width, placeholder="…")
