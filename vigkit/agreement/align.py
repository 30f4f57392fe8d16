"""Event-based alignment of two codings of one clip (Quera, Bakeman & Gnisci 2007).

Each coder's events are paired one-to-one with the other's where they plausibly mean the
same moment, so that agreements, substitutions, misses and extras can be counted and shown.

Two events *may* be paired when their onsets are at most ``tolerance`` seconds apart, when
both are intervals that overlap for a positive length, or when one is a point lying inside
the other's interval (ends included). Times closer than :data:`TIME_EPSILON` count as equal,
so ``10.1`` and ``12.1`` are within a tolerance of ``2``.

Among all one-to-one pairings of may-pair events, :func:`align` returns the best one in this
order: (1) the most pairs (a substitution is cheaper than a miss plus an extra), (2) then
the most same-code pairs, (3) then the smallest total ``|onset_a - onset_b|`` in whole
microseconds (:data:`TIME_QUANTUM`); ties after that go, in turn, to (4) the smallest sum of
the paired events' time ranks (earlier events first), (5) the smallest sum of squared rank
differences (keep both sides' time order), and (6) the side whose events come first taking
its earliest possible partners. Every rule treats the coders alike, so swapping them
mirrors the result.

How: the may-pair graph comes from binary search on sorted onsets and splits into connected
components (small for real codings). A component with one event on a side holds at most one
pair and is decided by sorting; all others are solved together, exactly in whole numbers:
levels are folded into one integer cost while float64 stays exact, and otherwise solved in
stages with ``scipy.optimize.linear_sum_assignment`` (or scipy's sparse LAPJV for very big
problems), each stage keeping only the arcs some optimum of the stages before can use (that
exact solver is :mod:`vigkit.agreement.matching`). Cost grows with the largest component, not
with the length of the clip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix  # type: ignore[import-untyped,unused-ignore]
from scipy.sparse.csgraph import (  # type: ignore[import-untyped,unused-ignore]
    connected_components,
)

from .matching import BoolArray, IntArray, lexicographic_matching

FloatArray = npt.NDArray[np.float64]


#: Times closer than this (seconds) are treated as equal when deciding what may pair.
TIME_EPSILON = 1e-9
#: Onset differences are compared in whole units of this many seconds (one microsecond).
TIME_QUANTUM = 1e-6


@dataclass(frozen=True, eq=False)
class Events:
    """One coder's events on one clip: parallel codes, onsets and offsets in seconds.

    A point event has ``offset == onset``. Built through :meth:`from_arrays`, which checks
    lengths, finiteness and ``offset >= onset``; the arrays are stored read-only.
    """

    codes: tuple[str, ...]
    onsets: FloatArray
    offsets: FloatArray

    def __post_init__(self) -> None:
        """Validate and normalise the fields so every ``Events`` can be trusted."""
        codes = self.codes
        if isinstance(codes, str):
            raise ValueError("codes must be a sequence of strings, not one string")
        codes = tuple(codes)
        for code in codes:
            if not isinstance(code, str):
                raise ValueError(f"every code must be a string, got {code!r}")
        onsets = _as_times(self.onsets, "onsets")
        offsets = _as_times(self.offsets, "offsets")
        if not len(codes) == len(onsets) == len(offsets):
            raise ValueError(
                f"codes, onsets and offsets differ in length "
                f"({len(codes)}, {len(onsets)}, {len(offsets)})"
            )
        backwards = np.flatnonzero(offsets < onsets)
        if backwards.size:
            i = int(backwards[0])
            raise ValueError(
                f"event {i} ends before it starts (onset {onsets[i]}, offset {offsets[i]})"
            )
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "onsets", onsets)
        object.__setattr__(self, "offsets", offsets)

    @classmethod
    def from_arrays(
        cls,
        codes: Sequence[str],
        onsets: npt.ArrayLike,
        offsets: npt.ArrayLike | None = None,
    ) -> Events:
        """Build validated events from parallel sequences; no offsets means point events."""
        if isinstance(codes, str):
            raise ValueError("codes must be a sequence of strings, not one string")
        return cls(
            tuple(codes),
            np.asarray(onsets, dtype=np.float64),
            np.asarray(onsets if offsets is None else offsets, dtype=np.float64),
        )

    def __len__(self) -> int:
        """The number of events."""
        return len(self.codes)


#: What :func:`align` accepts for each coder: ``Events`` or ``(codes, onsets, offsets)``.
EventsLike: TypeAlias = Events | tuple[Sequence[str], npt.ArrayLike, npt.ArrayLike]


@dataclass(frozen=True)
class Alignment:
    """The result of :func:`align`: paired indices and each side's unpaired indices.

    ``pairs`` holds ``(index_in_a, index_in_b)`` sorted by a's onset, then b's onset;
    ``only_a`` and ``only_b`` are ascending indices of the events left unpaired.
    """

    pairs: tuple[tuple[int, int], ...]
    only_a: tuple[int, ...]
    only_b: tuple[int, ...]


def as_events(events: EventsLike) -> Events:
    """Accept either an ``Events`` or a ``(codes, onsets, offsets)`` triple, validated."""
    if isinstance(events, Events):
        return events
    if not isinstance(events, tuple) or len(events) != 3:
        raise ValueError("events must be Events or a (codes, onsets, offsets) tuple")
    codes, onsets, offsets = events
    return Events.from_arrays(codes, onsets, offsets)


def may_pair(
    onset_a: float, offset_a: float, onset_b: float, offset_b: float, tolerance: float
) -> bool:
    """Whether two single events may be paired under the rule :func:`align` uses."""
    on_a, off_a, on_b, off_b = (
        np.array([t], dtype=np.float64) for t in (onset_a, offset_a, onset_b, offset_b)
    )
    return bool(_may_pair(on_a, off_a, on_b, off_b, _check_tolerance(tolerance))[0])


def align(a: EventsLike, b: EventsLike, tolerance: float) -> Alignment:
    """Pair a's events with b's one-to-one, optimally in the order the module describes.

    Deterministic; ``tolerance`` (seconds, >= 0) bounds the onset difference of pairs not
    joined by overlap. Raises ``ValueError`` for malformed events or tolerance.
    """
    ev_a, ev_b = as_events(a), as_events(b)
    tol = _check_tolerance(tolerance)
    n_a, n_b = len(ev_a), len(ev_b)
    ea, eb = _candidate_edges(ev_a, ev_b, tol)
    keep = _may_pair(ev_a.onsets[ea], ev_a.offsets[ea], ev_b.onsets[eb], ev_b.offsets[eb], tol)
    ea, eb = ea[keep], eb[keep]
    pa, pb = _match(ev_a, ev_b, ea, eb)
    order = np.lexsort((pb, pa, ev_b.onsets[pb], ev_a.onsets[pa]))
    pa, pb = pa[order], pb[order]
    paired_a = np.zeros(n_a, dtype=bool)
    paired_a[pa] = True
    paired_b = np.zeros(n_b, dtype=bool)
    paired_b[pb] = True
    return Alignment(
        pairs=tuple(zip(pa.tolist(), pb.tolist(), strict=True)),
        only_a=tuple(np.flatnonzero(~paired_a).tolist()),
        only_b=tuple(np.flatnonzero(~paired_b).tolist()),
    )


def _as_times(values: object, name: str) -> FloatArray:
    """A fresh read-only 1-D float array of finite times, or ``ValueError``."""
    try:
        array = np.array(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numbers: {error}") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite numbers (no NaN or infinity)")
    array.setflags(write=False)
    return array


def _check_tolerance(tolerance: float) -> float:
    """The tolerance as a float, or ``ValueError`` when negative or not finite."""
    tol = float(tolerance)
    if not np.isfinite(tol) or tol < 0:
        raise ValueError(f"tolerance must be a finite number >= 0, got {tolerance!r}")
    return tol


def _may_pair(
    on_a: FloatArray, off_a: FloatArray, on_b: FloatArray, off_b: FloatArray, tol: float
) -> BoolArray:
    """Elementwise may-pair rule (near onsets, interval overlap, or point inside interval)."""
    point_a = off_a - on_a <= TIME_EPSILON
    point_b = off_b - on_b <= TIME_EPSILON
    near = np.abs(on_a - on_b) <= tol + TIME_EPSILON
    overlap = (
        ~point_a & ~point_b & (np.minimum(off_a, off_b) - np.maximum(on_a, on_b) > TIME_EPSILON)
    )
    a_in_b = point_a & ~point_b & (on_a >= on_b - TIME_EPSILON) & (on_a <= off_b + TIME_EPSILON)
    b_in_a = point_b & ~point_a & (on_b >= on_a - TIME_EPSILON) & (on_b <= off_a + TIME_EPSILON)
    result: BoolArray = near | overlap | a_in_b | b_in_a
    return result


def _expand_ranges(lo: IntArray, hi: IntArray) -> tuple[IntArray, IntArray]:
    """For query ``q`` with hits ``lo[q]:hi[q]``, every (query, position) as two arrays."""
    counts = np.maximum(hi - lo, 0)
    owner = np.repeat(np.arange(len(lo), dtype=np.int64), counts)
    starts = np.cumsum(counts) - counts
    position = np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(lo - starts, counts)
    return owner, position


def _candidate_edges(ev_a: Events, ev_b: Events, tol: float) -> tuple[IntArray, IntArray]:
    """A superset of the may-pair edges, found by binary search on sorted onsets.

    Each pair is found from the side that starts later: its onset lies in the earlier
    event's reach ``[onset - tol, max(onset + tol, offset)]`` (widened by the epsilon).
    """
    if len(ev_a) == 0 or len(ev_b) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    slack = 2 * TIME_EPSILON
    order_a = np.argsort(ev_a.onsets, kind="stable").astype(np.int64)
    order_b = np.argsort(ev_b.onsets, kind="stable").astype(np.int64)
    on_a_sorted, on_b_sorted = ev_a.onsets[order_a], ev_b.onsets[order_b]
    reach_a = np.maximum(ev_a.onsets + tol, ev_a.offsets) + slack
    reach_b = np.maximum(ev_b.onsets + tol, ev_b.offsets) + slack
    # b starts no earlier than a's onset - tol: b's onset lies in a's reach.
    lo = np.searchsorted(on_b_sorted, ev_a.onsets - tol - slack, side="left").astype(np.int64)
    hi = np.searchsorted(on_b_sorted, reach_a, side="right").astype(np.int64)
    qa, pos = _expand_ranges(lo, hi)
    edges_a1, edges_b1 = qa, order_b[pos]
    # a starts after b's onset + tol: a's onset lies in b's reach.
    lo = np.searchsorted(on_a_sorted, ev_b.onsets + tol + TIME_EPSILON, side="right").astype(
        np.int64
    )
    hi = np.searchsorted(on_a_sorted, reach_b, side="right").astype(np.int64)
    qb, pos = _expand_ranges(lo, hi)
    edges_a2, edges_b2 = order_a[pos], qb
    n_b = len(ev_b)
    key = np.unique(
        np.concatenate([edges_a1, edges_a2]) * n_b + np.concatenate([edges_b1, edges_b2])
    )
    return key // n_b, key % n_b


def _match(ev_a: Events, ev_b: Events, ea: IntArray, eb: IntArray) -> tuple[IntArray, IntArray]:
    """Optimal one-to-one matching on the may-pair edges; components are independent.

    Lone edges and stars (one event on a side) are decided directly; every bigger component
    is solved in one batched :func:`~vigkit.agreement.matching.lexicographic_matching`, so
    small components cost no set-up each. Levels use ranks within each component, as the
    module's rules are per component.
    """
    n_a, n_b = len(ev_a), len(ev_b)
    if ea.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    graph = coo_matrix(
        (np.ones(ea.size, dtype=np.int8), (ea, eb + n_a)), shape=(n_a + n_b, n_a + n_b)
    )
    n_comp, labels_any = connected_components(graph, directed=False)
    labels: IntArray = np.asarray(labels_any, dtype=np.int64)
    comp = labels[ea]
    rows_in = np.bincount(labels[np.unique(ea)], minlength=n_comp)
    cols_in = np.bincount(labels[n_a + np.unique(eb)], minlength=n_comp)
    pairs_max = np.minimum(rows_in, cols_in)  # most pairs a component can hold

    ids: dict[str, int] = {}
    code_a = np.array([ids.setdefault(c, len(ids)) for c in ev_a.codes], dtype=np.int64)
    code_b = np.array([ids.setdefault(c, len(ids)) for c in ev_b.codes], dtype=np.int64)
    same = (code_a[ea] == code_b[eb]).astype(np.int64)
    d_us = np.rint(np.abs(ev_a.onsets[ea] - ev_b.onsets[eb]) / TIME_QUANTUM).astype(np.int64)
    rank_a = _ranks_within(labels[:n_a], ev_a.onsets)
    rank_b = _ranks_within(labels[n_a:], ev_b.onsets)
    ri, rj = rank_a[ea], rank_b[eb]

    # A star holds at most one pair: the best edge by the levels (its ri + rj all differ).
    star = pairs_max[comp] == 1
    order = np.lexsort(((ri - rj) ** 2, ri + rj, d_us, -same, comp))
    order = order[star[order]]
    first = np.r_[True, comp[order][1:] != comp[order][:-1]] if order.size else order
    out_a, out_b = [ea[order[first]]], [eb[order[first]]]

    big = np.flatnonzero(~star)
    if big.size:
        ea, eb, comp, ri, rj = ea[big], eb[big], comp[big], ri[big], rj[big]
        row, rows = _node_ids(ea, comp, ri)
        col, cols = _node_ids(eb, comp, rj)
        m = int(pairs_max[comp].max())
        levels = [-(m + 1 + same[big]), d_us[big], ri + rj, (ri - rj) ** 2]
        first_edge_of_row = np.zeros(rows, dtype=np.int64)
        first_edge_of_row[row[::-1]] = np.arange(row.size)[::-1]

        def a_leads(any_row: int) -> bool:
            """Whether a's events come first in the component holding this row."""
            in_comp = np.flatnonzero(comp == comp[first_edge_of_row[any_row]])
            return _a_leads(ev_a, ev_b, ea, eb, in_comp)

        chosen = lexicographic_matching(row, col, levels, m, rows, cols, a_leads)
        out_a.append(ea[chosen])
        out_b.append(eb[chosen])
    return np.concatenate(out_a), np.concatenate(out_b)


def _node_ids(node: IntArray, comp: IntArray, rank: IntArray) -> tuple[IntArray, int]:
    """Number one side's events 0.. by component, then rank; returns ids per edge and count."""
    unique, first = np.unique(node, return_index=True)
    order = np.lexsort((rank[first], comp[first]))
    ids = np.empty(unique.size, dtype=np.int64)
    ids[order] = np.arange(unique.size, dtype=np.int64)
    return ids[np.searchsorted(unique, node)], int(unique.size)


def _ranks_within(labels: IntArray, onsets: FloatArray) -> IntArray:
    """Each event's rank inside its component, by onset then index."""
    n = len(labels)
    by_time = np.lexsort((np.arange(n), onsets, labels))
    sorted_labels = labels[by_time]
    first = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    sizes = np.diff(np.r_[first, n])
    ranks = np.empty(n, dtype=np.int64)
    ranks[by_time] = np.arange(n, dtype=np.int64) - np.repeat(first, sizes)
    return ranks


def _a_leads(ev_a: Events, ev_b: Events, ea: IntArray, eb: IntArray, idx: IntArray) -> bool:
    """Whether a's events of a component come first: (onset, offset, code) lists compared."""

    def content(events: Events, indices: IntArray) -> list[tuple[float, float, str]]:
        chosen = np.unique(indices)
        chosen = chosen[np.lexsort((chosen, events.onsets[chosen]))]
        return [(events.onsets[i], events.offsets[i], events.codes[i]) for i in chosen.tolist()]

    return content(ev_a, ea[idx]) <= content(ev_b, eb[idx])
