"""Krippendorff's alpha for nominal data: any number of coders, missing values allowed.

Degenerate cases: with no pairable values (no unit coded by two or more coders) alpha is NaN
(the ``krippendorff`` package raises ``ValueError``). When every pairable value is the same
category, observed and expected disagreement are both zero; we return 1.0, as agreement is
perfect (the package raises ``ValueError`` if that is its only value, NaN if other values
appear in unpairable units). Otherwise the two agree.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.intp]
Reliability = Sequence[Sequence[Hashable | None]] | NDArray[Any]


def _is_missing(value: object) -> bool:
    """None or a float NaN (as pandas and numpy write a gap) is a missing value."""
    return value is None or (isinstance(value, (float, np.floating)) and math.isnan(value))


def _category_codes(values: Reliability) -> IntArray:
    """Integer category per (coder, unit), -1 where missing."""
    lengths = {len(row) for row in values}
    if len(lengths) > 1:
        raise ValueError("every coder's row must have one value per unit")
    n_units = lengths.pop() if lengths else 0
    if len(values) == 0 or n_units == 0:
        return np.full((len(values), n_units), -1, dtype=np.intp)
    array = np.asarray(values) if not isinstance(values, np.ndarray) else values
    if array.dtype.kind in "biuf" and array.ndim == 2:  # numeric: vectorised
        missing = np.isnan(array) if array.dtype.kind == "f" else np.zeros(array.shape, bool)
        codes = np.full(array.shape, -1, dtype=np.intp)
        _, inverse = np.unique(array[~missing], return_inverse=True)
        codes[~missing] = inverse.reshape(-1)
        return codes
    index: dict[Hashable, int] = {}
    flat = [
        -1 if _is_missing(value) else index.setdefault(value, len(index))
        for row in values
        for value in row
    ]
    return np.asarray(flat, dtype=np.intp).reshape(len(values), n_units)


def nominal_alpha(values: Reliability) -> float:
    """Krippendorff's nominal alpha; rows are coders, columns units, ``None`` (or NaN) missing.

    From the coincidence matrix over pairable units; degenerate cases as in the module docstring."""
    # o_cc = sum_u n_uc (n_uc - 1) / (m_u - 1) over units with m_u >= 2 values;
    # alpha = [(n - 1) sum_c o_cc - sum_c n_c (n_c - 1)] / [n (n - 1) - sum_c n_c (n_c - 1)].
    codes = _category_codes(values)
    present = codes >= 0
    per_unit = present.sum(axis=0)
    pairable = per_unit >= 2
    if not pairable.any():
        return math.nan
    codes = codes[:, pairable]
    per_unit = per_unit[pairable].astype(np.int64)
    present = codes >= 0
    n_categories = int(codes.max()) + 1

    unit_index = np.broadcast_to(np.arange(codes.shape[1], dtype=np.int64), codes.shape)
    keys, counts = np.unique(
        unit_index[present] * n_categories + codes[present], return_counts=True
    )
    counts = counts.astype(np.int64)
    units_of_key = keys // n_categories
    diagonal = float(np.sum(counts * (counts - 1) / (per_unit[units_of_key] - 1)))

    totals = np.bincount(codes[present], minlength=n_categories).astype(np.int64)
    n = int(totals.sum())
    same_pairs = int(np.sum(totals * (totals - 1)))
    denominator = n * (n - 1) - same_pairs
    if denominator == 0:  # a single category among all pairable values
        return 1.0
    return ((n - 1) * diagonal - same_pairs) / denominator
