"""Krippendorff's unitizing alpha: do coders agree on where the units are and what they are?

Definition implemented (the *revised* family of Krippendorff, Mathet, Bouvry & Widlöcher 2016,
"On the reliability of unitizing textual continua: Further developments", Quality & Quantity
50:2347-2364, eqs. 1, 4, 5a, 6; the same as Krippendorff, *Content Analysis*, 4th ed. 2019,
section 12.6, eqs. 32-35). We could not read either text: the equations were reconstructed
from three implementations that cite them (listed in the test module) and agree on them.

Each of the m coders partitions the continuum [start, end) of length L into sections s_cig
(coder i's g-th section, of value c; a gap has the value "empty"). With l = section lengths:

* observed coincidences: l_ck = 1/(m-1) * sum_i sum_{j != i} sum_g sum_h |s_cig & s_kjh|,
  so l_c. is the total length all coders gave value c and l.. = m L;
* expected coincidences: e_ck = (l_c. l_.k - [c = k] S_c) / (l.. - S / l..), where S_c sums
  each coder's own sections of value c with themselves: l^2 for a unit, but r * l for a gap
  (a gap is no unit, only a run of indivisible steps of length r; the paper counts characters,
  r = 1), and S = sum_c S_c;
* uα = 1 - D_o / D_e with the nominal metric: D_o = l.. - sum_c l_cc and
  D_e = l.. - sum_c e_cc = (l..^2 - sum_c l_c.^2) / (l.. - S / l..);
* |uα ("boundary_alpha"): the same matrices collapsed to gap versus any code,
  D_o = 2 l_{gap,coded} and D_e = 2 e_{gap,coded} = 2 l_gap. (l.. - l_gap.) / (l.. - S / l..);
* cuα ("coding_alpha"): do coders give the same value where their units intersect? The
  coincidences l*_ck restricted to codes (no gap); each coder's unit contributes its
  *pairable* length p (the part where another coder has a unit) to S*_c = sum p^2, and
  e*_ck = (l*_c. l*_.k - [c = k] S*_c) / (l*.. - S* / l*..); cuα = 1 - D*_o / D*_e;
* (k)uα ("per_code"), for each value k (a code, or codes given together, keyed "a+b"),
  from the same matrices (NaN for a code never given where units intersect):
  1 - (e*_.k / l*_.k) (l*_.k - l*_kk) / (e*_.k - e*_kk). cuα and (k)uα follow Krippendorff
  (2019, section 12.6, eqs. 36-38) as transcribed by the one implementation of them we
  found (quallmer, marked experimental there). They are computed for two coders only (NaN
  for more): taking "another coder" as any of the others, as that implementation does, lets
  S* outgrow l*..^2 with three coders and the expected disagreement turn negative;
* per code k ("per_code_unitizing"): uα of the continuum where k is the only value and
  everything else is gap - do coders agree on *where* k happens? (the per-category unitizing
  alpha of Krippendorff 2004, ch. 12, recomputed with the 2016 equations).

Our choices, beyond the paper (which assumes each coder's units never overlap):

* a coder's overlapping intervals of one code are merged; intervals that only touch stay
  separate units (two moments in a row), which matters only for S;
* where one coder gave several codes at once, that stretch has the combined value (the set of
  codes) in uα, like any other value; |uα and per-code alphas are unaffected by such overlaps;
* ``resolution`` is r above. The default 0 treats time as continuous: gaps then add nothing to
  S, and alpha does not depend on the time unit. Pass 1 to count in characters as the paper
  does, or a frame length. Between 0 and 1 s, alpha moved by < .003 on 1-minute clips and
  < .0003 on 5-minute ones in our trials;
* an alpha is NaN when no coder marked any unit; if expected disagreement is 0 (everyone gave
  one value to the whole continuum) it is 1.0 when observed disagreement is 0 too.

Computation: the union of all coders' boundaries cuts the continuum into elementary segments
on which every coder's value is constant, so each sum above is a weighted count over segments.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
#: One coded interval: (code, onset, offset), times in seconds (or any one unit).
Interval = tuple[str, float, float]


@dataclass(frozen=True)
class UnitizingAlpha:
    """Unitizing alphas of one continuum: uα, |uα, cuα and per-code alphas (module notes).

    ``per_code`` is (k)uα: is code k given where units intersect? ``per_code_unitizing``
    asks where code k happens at all (k against everything else).
    """

    u_alpha: float
    boundary_alpha: float
    coding_alpha: float
    per_code: dict[str, float]
    per_code_unitizing: dict[str, float]
    coders: int
    length: float


@dataclass(frozen=True)
class _Units:
    """One coder's units of one code after clipping and merging: sorted, disjoint."""

    onsets: FloatArray
    offsets: FloatArray


def _number(value: object, what: str) -> float:
    """A finite float from an int or float, or ValueError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{what} must be a number, not {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what} must be finite, not {value!r}")
    return number


def _merge(onsets: FloatArray, offsets: FloatArray) -> _Units:
    """Merge intervals that overlap; intervals that only touch stay separate units."""
    order = np.lexsort((offsets, onsets))
    onsets, offsets = onsets[order], offsets[order]
    reach = np.maximum.accumulate(offsets)
    first = np.ones(len(onsets), dtype=bool)
    first[1:] = onsets[1:] >= reach[:-1]
    starts = np.flatnonzero(first)
    return _Units(onsets[starts], np.maximum.reduceat(offsets, starts))


def _read_coder(
    number: int, intervals: Sequence[Interval], start: float, end: float
) -> dict[str, _Units]:
    """Validate one coder's intervals, clip them to the continuum and merge each code's."""
    by_code: dict[str, tuple[list[float], list[float]]] = {}
    for item in intervals:
        if isinstance(item, (str, bytes)) or len(item) != 3:
            raise ValueError(f"coder {number}: {item!r} is not a (code, onset, offset) triple")
        code, onset_value, offset_value = item
        if not isinstance(code, str) or not code:
            raise ValueError(f"coder {number}: the code must be a non-empty string, not {code!r}")
        onset = _number(onset_value, f"coder {number}, {code!r}: the onset")
        offset = _number(offset_value, f"coder {number}, {code!r}: the offset")
        if offset == onset:
            raise ValueError(
                f"coder {number}, {code!r} at {onset}: a point event is not a unit; "
                "leave point events out of unitizing alpha"
            )
        if offset < onset:
            raise ValueError(f"coder {number}, {code!r}: offset {offset} is before onset {onset}")
        if offset <= start or onset >= end:
            raise ValueError(
                f"coder {number}, {code!r} [{onset}, {offset}] lies outside [{start}, {end}]"
            )
        onsets, offsets = by_code.setdefault(code, ([], []))
        onsets.append(max(onset, start))
        offsets.append(min(offset, end))
    return {
        code: _merge(np.asarray(onsets, dtype=float), np.asarray(offsets, dtype=float))
        for code, (onsets, offsets) in by_code.items()
    }


def _active(units: _Units, mids: FloatArray) -> BoolArray:
    """Which elementary segments (given by their midpoints) fall inside one of the units."""
    index = np.searchsorted(units.onsets, mids, side="right") - 1
    inside = index >= 0
    inside[inside] = mids[inside] < units.offsets[index[inside]]
    return inside


def _pair_disagreement(values: Sequence[NDArray[np.generic]], lengths: FloatArray) -> float:
    """1/(m-1) * sum over ordered coder pairs of the length where their values differ."""
    total = math.fsum(
        float(lengths[first != second].sum()) for first, second in combinations(values, 2)
    )
    return 2.0 * total / (len(values) - 1)


def _alpha(observed: float, expected: float) -> float:
    """1 - D_o / D_e; 1.0 when there is neither disagreement nor anything to disagree on."""
    if expected > 0.0:
        return 1.0 - observed / expected
    return 1.0 if observed == 0.0 else math.nan


def _correction(total: float, self_pairs: float) -> float:
    """The denominator l.. - S / l.. shared by all expected coincidences."""
    return total - self_pairs / total


def unitizing_alpha(
    codings: Sequence[Sequence[Interval]],
    start: float,
    end: float,
    *,
    resolution: float = 0.0,
) -> UnitizingAlpha:
    """uα, |uα and per-code alphas for coders' (code, onset, offset) intervals on [start, end].

    ``resolution``: indivisible step of the continuum, in the time unit (0 = continuous).
    """
    start = _number(start, "start")
    end = _number(end, "end")
    if end <= start:
        raise ValueError(f"the continuum must have a positive length, not [{start}, {end}]")
    resolution = _number(resolution, "resolution")
    if not 0.0 <= resolution <= end - start:
        raise ValueError(f"resolution must lie between 0 and the length {end - start}")
    if len(codings) < 2:
        raise ValueError(f"unitizing alpha needs at least two coders, not {len(codings)}")
    coders = [_read_coder(i, intervals, start, end) for i, intervals in enumerate(codings)]
    m, length = len(coders), end - start
    codes = sorted({code for coder in coders for code in coder})
    if not codes:
        return UnitizingAlpha(math.nan, math.nan, math.nan, {}, {}, m, length)

    own_bounds = [
        np.unique(
            np.concatenate([[start, end]] + [a for u in c.values() for a in (u.onsets, u.offsets)])
        )
        for c in coders
    ]
    grid = np.unique(np.concatenate(own_bounds))
    lengths = np.diff(grid)
    mids = (grid[:-1] + grid[1:]) / 2.0
    empty = np.zeros(len(mids), dtype=bool)
    # active[i][:, k]: coder i gave code k on each elementary segment.
    active = [
        np.column_stack([_active(c[code], mids) if code in c else empty for code in codes])
        for c in coders
    ]
    total = float(lengths.sum()) * m

    # uα: each coder's value on a segment is the set of codes active there (empty = gap).
    rows, inverse = np.unique(np.concatenate(active), axis=0, return_inverse=True)
    values = np.split(inverse.reshape(-1), m)
    is_gap: BoolArray = np.asarray(~rows.any(axis=1), dtype=bool)
    per_value = np.sum(
        [np.bincount(v, weights=lengths, minlength=len(rows)) for v in values], axis=0
    )
    # A coder's sections run between its own boundaries; its value is constant inside.
    sections = [np.cumsum(np.isin(grid[:-1], bounds)) - 1 for bounds in own_bounds]
    self_pairs = 0.0
    for section, value in zip(sections, values, strict=True):
        section_lengths = np.bincount(section, weights=lengths)
        gap = is_gap[value[np.r_[0, np.flatnonzero(np.diff(section)) + 1]]]
        self_pairs += float((section_lengths[~gap] ** 2).sum())
        self_pairs += resolution * float(section_lengths[gap].sum())
    denominator = _correction(total, self_pairs)
    expected = float((per_value * (total - per_value)).sum()) / denominator
    u_alpha = _alpha(_pair_disagreement(values, lengths), expected)

    # |uα: gap against any code, from the same coincidences.
    gaps = [is_gap[v] for v in values]
    gap_total = float(per_value[is_gap].sum())
    expected = 2.0 * gap_total * (total - gap_total) / denominator
    boundary_alpha = _alpha(_pair_disagreement(gaps, lengths), expected)

    coding_alpha, per_code = _coding_alphas(values, sections, rows, lengths, codes)

    per_code_unitizing: dict[str, float] = {}
    for k, code in enumerate(codes):
        marked = [a[:, k] for a in active]
        coded = math.fsum(float(lengths[a].sum()) for a in marked)
        unit_pairs = math.fsum(
            float(((c[code].offsets - c[code].onsets) ** 2).sum()) for c in coders if code in c
        )
        denominator = _correction(total, unit_pairs + resolution * (total - coded))
        expected = 2.0 * coded * (total - coded) / denominator
        per_code_unitizing[code] = _alpha(_pair_disagreement(marked, lengths), expected)
    return UnitizingAlpha(
        u_alpha, boundary_alpha, coding_alpha, per_code, per_code_unitizing, m, length
    )


def _coding_alphas(
    values: Sequence[NDArray[np.intp]],
    sections: Sequence[NDArray[np.intp]],
    rows: BoolArray,
    lengths: FloatArray,
    codes: Sequence[str],
) -> tuple[float, dict[str, float]]:
    """cuα and (k)uα: agreement on values where coders' units intersect (module notes).

    ``values[i]`` indexes ``rows`` (the set of codes coder i gave) on each elementary
    segment, ``sections[i]`` numbers coder i's sections on them.
    """
    m, size = len(values), len(rows)
    if m != 2:  # see the module notes: not well defined here for more coders
        return math.nan, {code: math.nan for code in codes}
    coded: list[BoolArray] = [np.asarray(rows[v].any(axis=1), dtype=bool) for v in values]
    both = coded[0] & coded[1]
    pair = values[0][both] * size + values[1][both]
    observed = np.bincount(pair, weights=lengths[both], minlength=size * size)
    observed = observed.reshape(size, size)
    observed = observed + observed.T
    margin = observed.sum(axis=1)
    total = float(margin.sum())
    if total == 0.0:  # no two coders' units intersect anywhere
        return math.nan, {code: math.nan for code in codes}
    self_pairs = np.zeros(size)
    for i in range(m):
        pairable = np.bincount(sections[i], weights=lengths * coded[1 - i])
        first = np.r_[0, np.flatnonzero(np.diff(sections[i])) + 1]
        unit = coded[i][first]
        np.add.at(self_pairs, values[i][first][unit], pairable[unit] ** 2)
    denominator = total - float(self_pairs.sum()) / total
    expected_diagonal = (margin**2 - self_pairs) / denominator
    expected_margin = (margin * total - self_pairs) / denominator
    coding_alpha = _alpha(total - float(np.trace(observed)), total - expected_diagonal.sum())

    per_code: dict[str, float] = {code: math.nan for code in codes}  # NaN: never intersecting
    for c in np.flatnonzero(rows.any(axis=1) & (margin > 0.0)).tolist():
        label = "+".join(code for code, given in zip(codes, rows[c], strict=True) if given)
        scale = expected_margin[c] / margin[c]
        observed_k = margin[c] - observed[c, c]
        expected_k = expected_margin[c] - expected_diagonal[c]
        per_code[label] = _alpha(scale * observed_k, expected_k)
    return coding_alpha, per_code
