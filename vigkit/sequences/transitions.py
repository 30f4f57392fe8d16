"""Lag-1 transition tables and the figures GSEQ reports for them, on plain numpy arrays.

A sequence is an array of category indices (0 … k-1) in event order. Its lag-1 table
counts, for every pair of neighbouring events, which principle (row, the *given*) was
followed by which (column, the *target*); a repeat of the same principle counts on the
diagonal. Several sequences are counted separately and never joined: the last event of one
film is not followed by the first of the next.

For a table ``x`` with row totals ``r``, column totals ``c`` and ``N`` transitions, as GSEQ
(Bakeman & Quera) reports them:

- expected frequency ``e = r_i c_j / N`` (what chance would give with these totals);
- transitional probability ``p = x_ij / r_i`` (how often the given was followed by the target);
- adjusted residual (Allison & Liker 1982; Haberman 1979)
  ``z = (x - e) / sqrt(e (1 - r_i/N) (1 - c_j/N))``: about ±2 or more is more (or less)
  often than chance would give;
- Yule's Q of the cell's 2x2 collapse (given / not given × target / not target):
  ``a = x_ij``, ``b = r_i - a``, ``c = c_j - a``, ``d = N - r_i - c_j + a``,
  ``Q = (ad - bc) / (ad + bc)``, from -1 to +1, 0 when the target follows the given no
  more often than other events.

A figure that cannot be worked out (an empty row, no transitions at all, a 2x2 collapse
with ``ad + bc = 0``) is NaN, never a warning or an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def count_transitions(sequences: Sequence[npt.ArrayLike], k: int) -> IntArray:
    """The lag-1 counts of each sequence, as an array of shape ``(len(sequences), k, k)``.

    One ``bincount`` over all pairs of all sequences: no Python loop over events."""
    arrays = [np.asarray(s, dtype=np.int64).reshape(-1) for s in sequences]
    m = len(arrays)
    if m == 0:
        return np.zeros((0, k, k), dtype=np.int64)
    lengths = np.array([len(a) for a in arrays], dtype=np.int64)
    flat = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
    if flat.size and (flat.min() < 0 or flat.max() >= k):
        raise ValueError(f"category indices must be from 0 to {k - 1}")
    owner = np.repeat(np.arange(m, dtype=np.int64), lengths)
    # A pair (event, next event) belongs to one sequence when both have the same owner.
    same = owner[1:] == owner[:-1]
    given, target, whose = flat[:-1][same], flat[1:][same], owner[1:][same]
    cells = np.bincount((whose * k + given) * k + target, minlength=m * k * k)
    counts: IntArray = cells.reshape(m, k, k).astype(np.int64)
    return counts


@dataclass(frozen=True, eq=False)
class TableFigures:
    """Every figure of one or more lag-1 tables (arrays of shape ``(..., k, k)``)."""

    counts: FloatArray
    expected: FloatArray
    probabilities: FloatArray
    residuals: FloatArray
    yules_q: FloatArray


def _divide(top: FloatArray, bottom: FloatArray) -> FloatArray:
    """``top / bottom`` where ``bottom > 0``, NaN elsewhere (no warning)."""
    out = np.full(np.broadcast(top, bottom).shape, np.nan)
    np.divide(top, bottom, out=out, where=bottom > 0)
    return out


def table_figures(counts: npt.ArrayLike) -> TableFigures:
    """Expected frequencies, transitional probabilities, adjusted residuals and Yule's Q
    of a table of counts (or a stack of them: the last two axes are given × target).

    Works for any rectangular table of counts, not only square lag tables."""
    x = np.asarray(counts, dtype=np.float64)
    rows = x.sum(axis=-1, keepdims=True)
    columns = x.sum(axis=-2, keepdims=True)
    total = rows.sum(axis=-2, keepdims=True)
    expected = _divide(rows * columns, np.broadcast_to(total, x.shape))
    probabilities = _divide(x, np.broadcast_to(rows, x.shape))
    row_share = _divide(rows, total)
    column_share = _divide(columns, total)
    variance = np.nan_to_num(expected * (1.0 - row_share) * (1.0 - column_share))
    # z = (x - e) / sqrt(variance), where the variance is positive (NaN elsewhere).
    root = np.sqrt(np.maximum(variance, 0.0))
    residuals = _divide(x - np.nan_to_num(expected), root)
    a = x
    b = rows - x
    c = columns - x
    d = total - rows - columns + x
    yules_q = _divide(a * d - b * c, a * d + b * c)
    return TableFigures(x, expected, probabilities, residuals, yules_q)


def nan_mean(stack: FloatArray) -> tuple[FloatArray, IntArray]:
    """The mean over the first axis of the values that are defined, and how many were;
    NaN (no warning) where none was."""
    defined = ~np.isnan(stack)
    how_many = defined.sum(axis=0).astype(np.int64)
    total = np.where(defined, stack, 0.0).sum(axis=0)
    return _divide(total, how_many.astype(np.float64)), how_many
