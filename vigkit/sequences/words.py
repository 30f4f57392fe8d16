"""The transition figures in plain words and as a plain-text table: strengths first (the
steps between principles that came more often than chance), then what was rare."""

from __future__ import annotations

import math

import numpy as np

from ..core.wording import counted, joined_with_and
from .tables import TransitionSummary, TransitionTable
from .transitions import FloatArray

#: An adjusted residual at least this far from 0 is "more (or less) often than chance"
#: (about the 5% level of a two-sided test, as GSEQ users read it).
NOTABLE = 1.96
#: At most this many steps are named in each sentence.
NAMED = 3


def _steps(table: TransitionTable, residuals: FloatArray, sign: int, mean: bool) -> list[str]:
    """The notable steps of one sign, strongest first, as "A → B (n times, z = …)"."""
    found = []
    k = len(table.categories)
    for i in range(k):
        for j in range(k):
            z = float(residuals[i, j])
            if math.isfinite(z) and sign * z >= NOTABLE:
                found.append((-sign * z, i, j))
    found.sort()
    words = []
    for _, i, j in found[:NAMED]:
        count = int(table.counts[i, j])
        times = "once" if count == 1 else f"{count} times"
        shown = f"{'mean ' if mean else ''}z = {float(residuals[i, j]):.1f}"
        words.append(
            f"{table.labels[i]} → {table.labels[j]} ({times}{' in all' if mean else ''}, {shown})"
        )
    return words


def transition_sentences(
    table: TransitionTable, residuals: FloatArray | None = None, *, mean: bool = False
) -> list[str]:
    """What the table shows, strengths first. ``residuals`` (e.g. the mean per-film ones)
    replace the table's own when given; ``mean`` says so in the words."""
    z = table.residuals if residuals is None else residuals
    what = " on average over the films" if mean else ""
    if table.total == 0:
        return [
            "Too few tags for transitions yet: a transition is one tag followed by the next, "
            "so a film needs at least two tags."
        ]
    more = _steps(table, z, +1, mean)
    less = _steps(table, z, -1, mean)
    sentences = []
    if more:
        sentences.append(f"Steps that came more often than chance{what}: " + "; ".join(more) + ".")
    else:
        sentences.append(
            f"In {table.total} transitions no step between principles stands out from chance"
            f"{what} yet (none has an adjusted residual of {NOTABLE} or more)."
        )
    if less:
        sentences.append("Rarer than chance: " + "; ".join(less) + ".")
    idle = [label for label, row in zip(table.labels, table.counts, strict=True) if not row.sum()]
    if idle:
        sentences.append(
            f"No step starts from {joined_with_and(idle)} here, so its row has no "
            "probabilities or residuals (shown as –)."
            if len(idle) == 1
            else f"No step starts from {joined_with_and(idle)} here, so their rows have no "
            "probabilities or residuals (shown as –)."
        )
    return sentences


def _cell(value: float, decimals: int) -> str:
    if not math.isfinite(value):
        return "–"
    shown = f"{value:.{decimals}f}"
    return shown[1:] if shown.startswith("-") and not float(shown) else shown


def table_text(table: TransitionTable, residuals: FloatArray | None = None) -> str:
    """The counts with the adjusted residual of each cell, as aligned plain text
    ("count (z)"; "–" where the residual cannot be worked out)."""
    z = table.residuals if residuals is None else residuals
    short = [label if len(label) <= 18 else label[:17] + "…" for label in table.labels]
    cells = [
        [f"{int(table.counts[i, j])} ({_cell(float(z[i, j]), 1)})" for j in range(len(short))]
        for i in range(len(short))
    ]
    first = max([len("before \\ after"), *map(len, short)])
    widths = [max(len(short[j]), *(len(row[j]) for row in cells)) for j in range(len(short))]
    lines = ["before \\ after".ljust(first) + "  " + "  ".join(
        label.rjust(width) for label, width in zip(short, widths, strict=True)
    )]  # fmt: skip
    for label, row in zip(short, cells, strict=True):
        lines.append(
            label.ljust(first)
            + "  "
            + "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
        )
    return "\n".join(lines)


def summary_sentences(summary: TransitionSummary) -> list[str]:
    """A trainee's or the group's transitions over films, from the mean per-film residuals."""
    films = summary.films
    lead = f"{summary.name}: {counted(films, 'film')}, {summary.pooled.total} transitions."
    residuals = summary.mean_residuals if films > 1 else summary.pooled.residuals
    return [lead, *transition_sentences(summary.pooled, residuals, mean=films > 1)]


def no_nan(values: FloatArray) -> list[list[float | None]]:
    """A figure as nested lists with ``None`` for NaN (for JSON)."""
    return [[None if np.isnan(v) else float(v) for v in row] for row in values]
