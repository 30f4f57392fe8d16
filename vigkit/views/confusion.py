"""``confusion_figure``: which code each side gave the same moments, as a heatmap with
the counts written in every cell.

Rows are the reference's (supervisor's) codes, columns the coder's; the last row and
column are "not tagged", so misses and extras have their place. Agreement sits on the
diagonal, outlined, so it reads without colour; the colour scale is a single hue (light
to dark blue), which colour-blind readers see evenly. Codes nobody used are left out, so
a behaviour-level comparison stays readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..agreement import Comparison
from ..agreement.eventkappa import NIL
from ..agreement.group import GroupComparison
from ..coding.scheme import Scheme
from ..core.errors import VigkitError
from .figures import new_figure
from .marks import Comparable

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
#: Light to dark blue: one hue, so it reads the same for colour-blind people and in grey.
_COLOUR_MAP = "Blues"


def confusion_table(comparison: Comparable) -> tuple[pd.DataFrame, str, str]:
    """The counts behind the figure (rows: reference's codes, columns: coder's; "NIL" for
    not tagged), with the names of the coder and the reference. A group's tables are
    added up over every coder compared with the reference."""
    if isinstance(comparison, Comparison):
        return comparison.confusion().T, comparison.coder_name, comparison.reference_name
    if isinstance(comparison, GroupComparison):
        if not comparison.against_reference:
            raise VigkitError(
                "a group's confusion view needs a reference: compare_many(..., reference=NAME)"
            )
        tables = [c.confusion().T for c in comparison.against_reference.values()]
        total = tables[0]
        for table in tables[1:]:
            total = total + table
        return total, f"the {len(tables)} coders", str(comparison.reference)
    raise VigkitError(
        f"a confusion view needs a comparison (vigkit.compare or vigkit.compare_many), not "
        f"{type(comparison).__name__}"
    )


def confusion_figure(
    comparison: Comparable, *, width: float | None = None, title: str | None = None
) -> Figure:
    """A heatmap of how often each pair of codes was given to the same moment, with the
    count in each cell; the diagonal (the same code) is outlined."""
    from matplotlib.ticker import MaxNLocator

    table, coder, reference = confusion_table(comparison)
    table = _used(table)
    scheme = _scheme(comparison)
    counts = table.to_numpy(dtype=float)
    size = len(table)
    side = width or max(5.5, 1.0 + 0.75 * size)
    figure = new_figure(figsize=(side + 1.6, side * 0.85), layout="constrained")
    axes = figure.add_subplot()
    blank = np.zeros_like(counts, dtype=bool)
    blank[-1, -1] = True  # "not tagged" by both is not a moment: leave it blank
    shown = np.ma.masked_array(counts, mask=blank)
    image = axes.imshow(shown, cmap=_COLOUR_MAP, vmin=0, vmax=max(1.0, counts.max()))
    colour_bar = figure.colorbar(image, ax=axes, shrink=0.8)
    colour_bar.set_label("Moments")
    colour_bar.locator = MaxNLocator(integer=True)
    colour_bar.update_ticks()
    _counts(axes, counts)
    _diagonal(axes, size - 1)
    rows = [_label(scheme, code, f"not tagged by {reference}") for code in table.index]
    columns = [_label(scheme, code, f"not tagged by {coder}") for code in table.columns]
    axes.set_xticks(range(size), columns, rotation=35, ha="right", rotation_mode="anchor")
    axes.set_yticks(range(size), rows)
    axes.set_xlabel(f"What {coder} tagged")
    axes.set_ylabel(f"What {reference} tagged")
    heading = title or f"Which code {coder} and {reference} gave the same moments"
    figure.suptitle(heading, x=0.01, ha="left", fontsize=11, fontweight="bold", wrap=True)
    figure.supxlabel(
        "Outlined: both gave the same code. Codes nobody used are left out.", fontsize=8
    )
    return figure


def _used(table: pd.DataFrame) -> pd.DataFrame:
    """The table without the codes neither side used ("not tagged" is always kept)."""
    used = (table.sum(axis=0) + table.sum(axis=1)) > 0
    used[NIL] = True
    keep = [code for code in table.index if used[code]]
    chosen: pd.DataFrame = table.loc[keep, keep]
    return chosen


def _counts(axes: Axes, counts: npt.NDArray[np.float64]) -> None:
    """Write each cell's count, dark on light cells and light on dark ones."""
    size = counts.shape[0]
    top = max(1.0, float(counts.max()))
    for row in range(size):
        for column in range(size):
            if row == column == size - 1:
                axes.text(column, row, "–", ha="center", va="center", color="#777777")
                continue
            value = counts[row, column]
            dark = value / top > 0.55
            axes.text(
                column,
                row,
                f"{int(value)}",
                ha="center",
                va="center",
                fontsize=10,
                fontweight="bold" if row == column else "normal",
                color="white" if dark else ("#999999" if value == 0 else "black"),
            )


def _diagonal(axes: Axes, codes: int) -> None:
    """Outline the cells where both gave the same code."""
    from matplotlib.patches import Rectangle

    for k in range(codes):
        cell = Rectangle((k - 0.5, k - 0.5), 1, 1, fill=False, edgecolor="black", linewidth=2.0)
        cell.set_gid(f"same-code:{k}")
        axes.add_patch(cell)


def _label(scheme: Scheme, code: object, nothing: str) -> str:
    return nothing if code == NIL else scheme.label_of(str(code))


def _scheme(comparison: Comparable) -> Scheme:
    if isinstance(comparison, Comparison):
        return comparison.scheme
    return next(iter(comparison.against_reference.values())).scheme
