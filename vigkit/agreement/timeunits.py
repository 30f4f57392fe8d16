"""Time-unit kappa: two coders' events cut into equal units of time and compared unit by unit.

Follows Bakeman & Quera's time-unit kappa (Bakeman, Quera & Gnisci 2009), with BORIS's choice
of label: the *set* of codes active in a unit, compared as a whole ("none" when it is empty).

Conventions (all positions are measured in units from ``start``):

- Unit ``i`` covers ``[start + i*unit, start + (i+1)*unit)``; there are
  ``ceil((end - start) / unit)`` units, so the last one may be shorter than ``unit``.
- An interval event ``[onset, offset)`` (``offset > onset``) marks every unit it overlaps with
  positive length, so one shorter than a unit still marks its unit, while one ending exactly
  on a boundary does not mark the unit that starts there. Parts outside ``[start, end]`` are
  ignored.
- A point event (``offset == onset``) marks the unit it falls in; a point on a boundary belongs
  to the unit starting there, and a point exactly at ``end`` to the last unit. Points outside
  ``[start, end]`` are ignored.
- A position within 1e-9 units of a unit boundary is taken as on it, so that decimal times
  such as 0.3 s with 0.1 s units land where people expect despite binary rounding.
- Tolerance ``t`` seconds becomes ``k = t / unit`` rounded to the nearest whole number of
  units (halves up). A unit where the labels differ counts as an agreement when, from each
  coder's side, every code that coder has in the unit is present for the other coder in at
  least one unit within ``±k`` units. Such a unit then takes the union of the two coders'
  codes as its label on both sides (symmetric, so swapping coders changes nothing).
- Degenerate kappas: no units gives NaN; when chance agreement is total (both coders used
  one and the same label throughout) kappa is 1.0 as the labels are then identical.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..core.errors import VigkitError
from ..core.limits import MAX_TIME_UNITS, MAX_UNIT_CELLS, max_time_units, smallest_unit
from ..core.timecode import format_time

NONE_LABEL = "none"
_SNAP = 1e-9  # positions this close (in units) to a whole number are taken as on it

BoolMatrix = NDArray[np.bool_]
IntArray = NDArray[np.intp]


@dataclass(frozen=True)
class TimeUnitKappa:
    """Two coders' time-unit agreement on one clip, with and without tolerance and "none" units.

    Per-code entries cover the codes either coder used inside the clip.
    """

    kappa: float  # label per unit = the set of active codes ("none" if empty)
    kappa_tolerant: float  # the same after the tolerance rule (module docstring)
    kappa_without_none: float  # `kappa` over units where at least one coder coded something
    none_share: float  # proportion of units where neither coder coded anything
    units: int
    per_code: dict[str, float]  # kappa of present/absent per unit, for each code used
    per_code_tolerant: dict[str, float]  # the same after the tolerance rule, code by code
    tolerance_units: int  # the tolerance as applied, in whole units
    agreements: int  # units with identical labels
    agreements_tolerant: int  # units agreeing under the tolerance rule (>= agreements)


def _positions(times: NDArray[np.float64], start: float, unit: float) -> NDArray[np.float64]:
    """Times as (fractional) unit positions from ``start``, snapped onto nearby boundaries."""
    pos = (times - start) / unit
    whole = np.rint(pos)
    return np.where(np.abs(pos - whole) <= _SNAP, whole, pos)


def _check_window(start: float, end: float, unit: float) -> float:
    """Validate the window and return its length in units (snapped)."""
    if not (math.isfinite(start) and math.isfinite(end) and math.isfinite(unit)):
        raise ValueError("start, end and unit must be finite numbers of seconds")
    if unit <= 0:
        raise ValueError(f"unit must be positive, not {unit}")
    if end < start:
        raise ValueError(f"end ({end}) is before start ({start})")
    return float(_positions(np.array([end], dtype=np.float64), start, unit)[0])


def check_unit_count(start: float, end: float, unit: float, codes: int, what: str) -> None:
    """Refuse a time unit that cuts ``what`` (e.g. "T1 with S1 on clip c1") into more
    units than the kit compares (:data:`~vigkit.core.limits.MAX_TIME_UNITS`, fewer when
    there are many ``codes``: :data:`~vigkit.core.limits.MAX_UNIT_CELLS`), saying which
    unit would do."""
    count = unit_count(start, end, unit) if math.isfinite(unit) and unit > 0 else 0
    allowed = max_time_units(codes)
    if count <= allowed:
        return
    smallest = f"{smallest_unit(end - start, allowed):.6f}".rstrip("0").rstrip(".")
    why = (
        f"{MAX_TIME_UNITS:,}"
        if allowed == MAX_TIME_UNITS
        else f"{allowed:,} with {codes} codes ({MAX_UNIT_CELLS:,} units × codes)"
    )
    raise VigkitError(
        f"cannot compare {what}: a time unit of {unit:g} s cuts the clip's "
        f"{format_time(end - start)} into {count:,} units, but the kit compares at most "
        f"{why}; use a unit of {smallest} s or more (--unit {smallest})"
    )


def unit_count(start: float, end: float, unit: float) -> int:
    """Number of units in ``[start, end]``: ``ceil((end - start) / unit)`` (last may be short)."""
    return math.ceil(_check_window(start, end, unit))


def tolerance_units(tolerance: float, unit: float) -> int:
    """Tolerance in seconds as a whole number of units: ``t / unit`` rounded, halves up."""
    if not math.isfinite(tolerance) or tolerance < 0:
        raise ValueError(f"tolerance must be a non-negative number of seconds, not {tolerance}")
    if not math.isfinite(unit) or unit <= 0:
        raise ValueError(f"unit must be positive, not {unit}")
    return math.floor(tolerance / unit + 0.5 + _SNAP)


def _columns(codes: Sequence[str], code_list: Sequence[str]) -> IntArray:
    """Column index in ``code_list`` of each code; unknown codes are an error."""
    index = {code: i for i, code in enumerate(code_list)}
    if len(index) != len(code_list):
        raise ValueError("code_list has repeated codes")
    unknown = sorted({str(code) for code in codes if code not in index})
    if unknown:
        raise ValueError(f"codes not in code_list: {', '.join(unknown)}")
    return np.fromiter((index[code] for code in codes), dtype=np.intp, count=len(codes))


def unit_presence(
    codes: Sequence[str],
    onsets: ArrayLike,
    offsets: ArrayLike,
    code_list: Sequence[str],
    start: float,
    end: float,
    unit: float,
) -> BoolMatrix:
    """Which codes are present in which unit: bool array ``[n_units, len(code_list)]``.

    Units, intervals and points follow the module docstring's conventions."""
    total = _check_window(start, end, unit)
    n_units = math.ceil(total)
    n_codes = len(code_list)
    if n_units > max_time_units(n_codes):
        raise ValueError(
            f"{n_units:,} time units of {n_codes} codes are more than the kit compares "
            f"({MAX_TIME_UNITS:,} units, {MAX_UNIT_CELLS:,} units × codes)"
        )
    columns = _columns(codes, code_list)
    on = np.asarray(onsets, dtype=np.float64).reshape(-1)
    off = np.asarray(offsets, dtype=np.float64).reshape(-1)
    if not (on.size == off.size == columns.size):
        raise ValueError("codes, onsets and offsets must have the same length")
    if not (np.isfinite(on).all() and np.isfinite(off).all()):
        raise ValueError("onsets and offsets must be finite")
    if (off < on).any():
        raise ValueError("an event's offset is before its onset")
    presence = np.zeros((n_units, n_codes), dtype=np.bool_)
    if n_units == 0 or columns.size == 0:
        return presence

    lo = np.maximum(_positions(on, start, unit), 0.0)
    hi = np.minimum(_positions(off, start, unit), total)
    point = off == on

    # Intervals: +1 at the first unit, -1 after the last, then a running sum per code.
    keep = ~point & (hi > lo)
    first = np.floor(lo[keep]).astype(np.intp)
    after = np.ceil(hi[keep]).astype(np.intp)  # last unit + 1; floor(lo) < ceil(hi) <= n_units
    cols = columns[keep]
    size = (n_units + 1) * n_codes
    diff = np.bincount(first * n_codes + cols, minlength=size) - np.bincount(
        after * n_codes + cols, minlength=size
    )
    presence |= np.cumsum(diff.reshape(n_units + 1, n_codes)[:-1], axis=0) > 0

    # Points: the unit they fall in; a point exactly at `end` belongs to the last unit.
    pos = _positions(on[point], start, unit)
    inside = (pos >= 0.0) & (pos <= total)
    rows = np.minimum(np.floor(pos[inside]).astype(np.intp), n_units - 1)
    presence[rows, columns[point][inside]] = True
    return presence


def unit_labels(presence: BoolMatrix, code_list: Sequence[str]) -> list[str]:
    """Readable label per unit: its codes joined with "+" in ``code_list`` order, or "none"."""
    names = np.asarray(code_list, dtype=object)
    return ["+".join(names[row]) if row.any() else NONE_LABEL for row in presence]


def _factorize(values: Sequence[Hashable]) -> list[int]:
    """Integer code per value, in order of first appearance."""
    index: dict[Hashable, int] = {}
    return [index.setdefault(value, len(index)) for value in values]


def _kappa_from_ints(a: IntArray, b: IntArray, n_labels: int) -> float:
    """Cohen's kappa for integer labels ``0..n_labels-1``, in exact integer tallies."""
    n = int(a.size)
    if n == 0:
        return math.nan
    agree = int(np.count_nonzero(a == b))
    counts_a = np.bincount(a, minlength=n_labels).astype(np.int64)
    counts_b = np.bincount(b, minlength=n_labels).astype(np.int64)
    chance = int(np.dot(counts_a, counts_b))  # n^2 * p_e
    if chance == n * n:  # p_e == 1: one and the same label throughout on both sides
        return 1.0 if agree == n else 0.0
    return (n * agree - chance) / (n * n - chance)


def cohen_kappa(labels_a: Sequence[Hashable], labels_b: Sequence[Hashable]) -> float:
    """Cohen's kappa of two equal-length label sequences: (p_o - p_e) / (1 - p_e).

    Empty gives NaN; p_e == 1 (one shared label throughout, so identical) gives 1.0."""
    if len(labels_a) != len(labels_b):
        raise ValueError("the two label sequences must have the same length")
    ints = np.asarray(_factorize([*labels_a, *labels_b]), dtype=np.intp)
    n = len(labels_a)
    n_labels = int(ints.max()) + 1 if ints.size else 0
    return _kappa_from_ints(ints[:n], ints[n:], n_labels)


def _row_ids(presence_a: BoolMatrix, presence_b: BoolMatrix) -> tuple[IntArray, IntArray, int]:
    """One integer label per unit and coder, equal exactly when the sets of codes are equal."""
    n = presence_a.shape[0]
    if presence_a.shape[1] == 0:
        zeros = np.zeros(n, dtype=np.intp)
        return zeros, zeros.copy(), 1
    packed = np.packbits(np.vstack([presence_a, presence_b]), axis=1)
    if packed.shape[1] <= 8:  # up to 64 codes: each row as one big-endian number, which
        # sorts as the row's bytes do (so the ids are the same), and far faster
        wide = np.zeros((packed.shape[0], 8), dtype=np.uint8)
        wide[:, : packed.shape[1]] = packed
        uniques, inverse = np.unique(wide.view(">u8").reshape(-1), return_inverse=True)
    else:
        uniques, inverse = np.unique(packed, axis=0, return_inverse=True)
    ids = inverse.reshape(-1).astype(np.intp)
    return ids[:n], ids[n:], int(uniques.shape[0])


def _set_kappa(presence_a: BoolMatrix, presence_b: BoolMatrix) -> float:
    """Kappa with the set of active codes as each unit's label."""
    a, b, n_labels = _row_ids(presence_a, presence_b)
    return _kappa_from_ints(a, b, n_labels)


def _binary_kappas(a: BoolMatrix, b: BoolMatrix) -> NDArray[np.float64]:
    """Kappa of present/absent for each column, with the same degenerate rules as above."""
    n = a.shape[0]
    if n == 0:
        return np.full(a.shape[1], np.nan)
    agree = np.count_nonzero(a == b, axis=0).astype(np.int64)
    count_a = a.sum(axis=0, dtype=np.int64)
    count_b = b.sum(axis=0, dtype=np.int64)
    chance = count_a * count_b + (n - count_a) * (n - count_b)
    denominator = n * n - chance
    safe = np.where(denominator == 0, 1, denominator)
    kappas = (n * agree - chance) / safe
    return np.where(denominator == 0, np.where(agree == n, 1.0, 0.0), kappas)


def _dilate(presence: BoolMatrix, k: int) -> BoolMatrix:
    """True where the code is present in at least one unit within ``±k`` units."""
    if k == 0:
        return presence
    n = presence.shape[0]
    cumulative = np.zeros((n + 1, presence.shape[1]), dtype=np.int64)
    np.cumsum(presence, axis=0, out=cumulative[1:])
    index = np.arange(n)
    upper = np.minimum(index + k + 1, n)
    lower = np.maximum(index - k, 0)
    return (cumulative[upper] - cumulative[lower]) > 0


def _matched(
    presence_a: BoolMatrix, presence_b: BoolMatrix, k: int
) -> tuple[BoolMatrix, BoolMatrix]:
    """Per unit and code: is each coder's code (if any) found for the other within ``±k``?"""
    return ~presence_a | _dilate(presence_b, k), ~presence_b | _dilate(presence_a, k)


def tolerant_agreement(presence_a: BoolMatrix, presence_b: BoolMatrix, k: int) -> NDArray[np.bool_]:
    """Units that agree under the tolerance rule (identical units always do; ``k=0``: only they)."""
    ok_a, ok_b = _matched(presence_a, presence_b, k)
    return np.asarray(ok_a.all(axis=1) & ok_b.all(axis=1), dtype=np.bool_)


def compare_presence(
    presence_a: BoolMatrix,
    presence_b: BoolMatrix,
    code_list: Sequence[str],
    *,
    tolerance_units: int = 0,
) -> TimeUnitKappa:
    """All time-unit statistics from two presence matrices (as made by ``unit_presence``)."""
    if presence_a.shape != presence_b.shape or presence_a.shape[1:] != (len(code_list),):
        raise ValueError("presence matrices must both be [n_units, len(code_list)]")
    if tolerance_units < 0:
        raise ValueError("tolerance_units must not be negative")
    k = tolerance_units
    n = presence_a.shape[0]
    a_ids, b_ids, n_labels = _row_ids(presence_a, presence_b)
    coded = presence_a.any(axis=1) | presence_b.any(axis=1)

    agree_tol = tolerant_agreement(presence_a, presence_b, k)
    union = presence_a | presence_b
    adjusted_a = np.where(agree_tol[:, None], union, presence_a)
    adjusted_b = np.where(agree_tol[:, None], union, presence_b)

    ok_a, ok_b = _matched(presence_a, presence_b, k)
    code_ok = ok_a & ok_b
    per_code_a = np.where(code_ok, union, presence_a)
    per_code_b = np.where(code_ok, union, presence_b)

    used = np.flatnonzero(presence_a.any(axis=0) | presence_b.any(axis=0))
    used_codes = [code_list[int(c)] for c in used]
    plain = _binary_kappas(presence_a[:, used], presence_b[:, used])
    tolerant = _binary_kappas(per_code_a[:, used], per_code_b[:, used])
    return TimeUnitKappa(
        kappa=_kappa_from_ints(a_ids, b_ids, n_labels),
        kappa_tolerant=_set_kappa(adjusted_a, adjusted_b),
        kappa_without_none=_kappa_from_ints(a_ids[coded], b_ids[coded], n_labels),
        none_share=float(np.count_nonzero(~coded)) / n if n else math.nan,
        units=n,
        per_code=dict(zip(used_codes, plain.tolist(), strict=True)),
        per_code_tolerant=dict(zip(used_codes, tolerant.tolist(), strict=True)),
        tolerance_units=k,
        agreements=int(np.count_nonzero(a_ids == b_ids)),
        agreements_tolerant=int(np.count_nonzero(agree_tol)),
    )


def time_unit_kappa(
    a_codes: Sequence[str],
    a_onsets: ArrayLike,
    a_offsets: ArrayLike,
    b_codes: Sequence[str],
    b_onsets: ArrayLike,
    b_offsets: ArrayLike,
    *,
    code_list: Sequence[str],
    start: float,
    end: float,
    unit: float = 1.0,
    tolerance: float = 0.0,
) -> TimeUnitKappa:
    """Time-unit kappa of coder A against coder B on one clip (conventions: module docstring)."""
    presence_a = unit_presence(a_codes, a_onsets, a_offsets, code_list, start, end, unit)
    presence_b = unit_presence(b_codes, b_onsets, b_offsets, code_list, start, end, unit)
    return compare_presence(
        presence_a, presence_b, code_list, tolerance_units=tolerance_units(tolerance, unit)
    )
