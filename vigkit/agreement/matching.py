"""The exact solver behind :func:`vigkit.agreement.align.align`: the one-to-one matching of a
bipartite graph that is cheapest level by level, in whole numbers.

Levels are folded into one integer cost while float64 stays exact, and otherwise solved in
stages with ``scipy.optimize.linear_sum_assignment`` (or scipy's sparse LAPJV for very big
problems), each stage keeping only the arcs some optimum of the stages before can use; ties
left after the last level are settled the same way whichever side is called ``a``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from scipy.optimize import (  # type: ignore[import-untyped,unused-ignore]
    linear_sum_assignment,
)
from scipy.sparse import csr_matrix  # type: ignore[import-untyped,unused-ignore]
from scipy.sparse.csgraph import (  # type: ignore[import-untyped,unused-ignore]
    connected_components,
    maximum_bipartite_matching,
    min_weight_full_bipartite_matching,
)

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Integers up to this size are exact in float64 (the solver's arithmetic), with headroom.
_EXACT_LIMIT = 2**52
#: Assignment problems with more cells than this use a sparse solver, not a dense matrix.
_DENSE_CELLS = 16_000_000
#: Tied blocks of up to this many rows go on to the next stage together, bigger ones alone.
_BATCH_UP_TO = 100


def lexicographic_matching(
    row: IntArray,
    col: IntArray,
    levels: list[IntArray],
    most_pairs: int,
    rows: int,
    cols: int,
    a_leads: Callable[[int], bool],
) -> IntArray:
    """The positions of the edges of the matching that is cheapest by ``levels`` in turn.

    Edges join rows ``row`` to columns ``col`` (numbered by component, then rank); a pair
    may be left out, at cost 0 on every level. ``most_pairs`` bounds the pairs a component
    can hold; ``a_leads(row)`` says whether the rows' side leads the component holding
    that row, for the ties left after the last level.
    """
    merged = _merge_levels(levels, most_pairs, rows + cols)
    return _staged_matching(row, col, merged, rows, cols, a_leads)


def _merge_levels(levels: list[IntArray], m: int, n: int) -> list[IntArray]:
    """Fold consecutive levels into one cost where that stays exact, to solve fewer stages.

    ``cost * step + next`` keeps the order when ``step`` exceeds any difference of ``next``
    summed over at most ``m`` pairs (unpaired arcs cost 0); folding stops before a cost
    could reach the limit of exact float64 sums over ``n`` rows.
    """
    merged = [levels[0]]
    for level in levels[1:]:
        low, high = min(int(level.min()), 0), max(int(level.max()), 0)
        step = m * (high - low) + 1
        current = merged[-1]
        biggest = max(abs(int(current.min())), abs(int(current.max()))) * step + high - low
        if (2 * biggest + 1) * 2 * (n + 2) < _EXACT_LIMIT:  # span after _exact_costs
            merged[-1] = current * step + level
        else:
            merged.append(level)
    return merged


def _staged_matching(
    row: IntArray,
    col: IntArray,
    levels: list[IntArray],
    rows: int,
    cols: int,
    a_leads: Callable[[int], bool],
) -> IntArray:
    """Lexicographically cheapest matching for per-edge integer costs ``levels``.

    Edges join rows ``row`` (a's events) to columns ``col`` (b's), numbered by component
    and then rank. Doubling makes every matching a full one on a square graph: each row and
    column gets a dummy partner ("unpaired") and dummies pair with each other along
    transposed edges. After each stage, dual potentials mark the arcs that an optimal full
    matching may use; the Dulmage-Mendelsohn split of that face keeps the arcs every
    optimum uses and the blocks that still leave a choice, and only those blocks go on to
    the next stage (all together), so earlier stages stay optimal. Blocks still tied after
    the last level are settled by :func:`_settle_ties` with the lead of their component.
    """
    k = row.size
    arc_row = np.concatenate([row, np.arange(rows), rows + np.arange(cols), rows + col])
    arc_col = np.concatenate([col, cols + np.arange(rows), np.arange(cols), cols + row])
    arc_cost = [
        np.concatenate([level, np.zeros(rows + cols + k, dtype=np.int64)]) for level in levels
    ]
    relevant_arc = (arc_row < rows) | (arc_col < cols)  # touches a real event
    picked: list[IntArray] = []
    work = [(np.arange(arc_row.size, dtype=np.int64), 0)]
    while work:
        arcs, stage = work.pop()
        face_row, face_col, n = _compact(arc_row[arcs], arc_col[arcs])
        cost = _exact_costs(arc_cost[stage][arcs], n)
        chosen = _full_matching(face_row, face_col, cost, n)
        tight = _tight_arcs(face_row, face_col, cost, chosen, n)
        chosen = (np.cumsum(tight) - 1)[chosen]  # the matching's arcs are all tight
        arcs, face_row, face_col = arcs[tight], face_row[tight], face_col[tight]
        matched = np.zeros(arcs.size, dtype=bool)
        matched[chosen] = True
        if not (~matched & relevant_arc[arcs]).any():
            # Every other optimum only re-pairs dummies with dummies: the events are decided.
            picked.append(arcs[matched])
            continue
        forced, open_arcs, block = _split_face(face_row, face_col, chosen, n)
        picked.append(arcs[forced])
        choice = ~matched[open_arcs] & relevant_arc[arcs[open_arcs]]
        open_choice = np.bincount(block, weights=choice)[block] > 0
        decided = open_arcs[~open_choice]
        picked.append(arcs[decided[matched[decided]]])
        open_arcs, block = open_arcs[open_choice], block[open_choice]
        if stage + 1 < len(levels):
            work.extend((arcs[part], stage + 1) for part in _batches(open_arcs, block, matched))
            continue
        for label in np.unique(block).tolist():  # still tied after every level
            block_arcs = arcs[open_arcs[block == label]]
            in_block = np.flatnonzero(matched[open_arcs[block == label]])
            real_rows = arc_row[block_arcs][arc_row[block_arcs] < rows]
            lead = a_leads(int(real_rows[0]))
            settled = _settle_ties(
                arc_row[block_arcs], arc_col[block_arcs], in_block, rows, cols, lead
            )
            picked.append(block_arcs[settled])
    return _real_edges(picked, k)


def _batches(open_arcs: IntArray, block: IntArray, matched: BoolArray) -> list[IntArray]:
    """Blocks for the next stage: big ones alone, small ones together in one batch.

    One solver call per tiny block would cost more in set-up than in solving, while one
    call over big blocks together is much slower than solving each apart.
    """
    size = np.bincount(block, weights=matched[open_arcs])  # rows (matched arcs) per block
    small = size[block] <= _BATCH_UP_TO
    batches = [open_arcs[small]] if small.any() else []
    big_arcs, big_block = open_arcs[~small], block[~small]
    for label in np.unique(big_block).tolist():
        batches.append(big_arcs[big_block == label])
    return batches


def _real_edges(picked: list[IntArray], k: int) -> IntArray:
    """The chosen arcs that are real edges (positions below ``k``), as edge positions."""
    every = np.concatenate(picked)
    result: IntArray = every[every < k]
    return result


def _compact(row: IntArray, col: IntArray) -> tuple[IntArray, IntArray, int]:
    """Renumber a square face's rows and columns from 0; returns them and the size."""
    rows, row_local = np.unique(row, return_inverse=True)
    cols, col_local = np.unique(col, return_inverse=True)
    if rows.size != cols.size:  # pragma: no cover - faces of full matchings are square
        raise RuntimeError("alignment face is not square")
    return row_local.astype(np.int64), col_local.astype(np.int64), int(rows.size)


def _split_face(
    row: IntArray, col: IntArray, chosen: IntArray, n: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Arcs in every full matching, and the arcs that still leave a choice, with blocks.

    With a full matching, an unmatched arc lies in another full matching exactly when it
    closes an alternating cycle, i.e. its ends share a strongly connected component of the
    graph with matched arcs row -> column and unmatched column -> row (Dulmage-Mendelsohn).
    Returns the forced arcs, the open arcs, and each open arc's block (its component).
    """
    label = _strong_components(row, col, chosen, n)
    same = label[row] == label[n + col]
    matched = np.zeros(row.size, dtype=bool)
    matched[chosen] = True
    forced = np.flatnonzero(matched & ~same)
    open_arcs = np.flatnonzero(same)
    return forced, open_arcs, label[row[open_arcs]]


def _strong_components(row: IntArray, col: IntArray, chosen: IntArray, n: int) -> IntArray:
    """Strong component of each row (0..n-1) and column (n..2n-1) in the alternating graph."""
    matched = np.zeros(row.size, dtype=bool)
    matched[chosen] = True
    source = np.where(matched, row, n + col)
    target = np.where(matched, n + col, row)
    graph = csr_matrix((np.ones(row.size), (source, target)), shape=(2 * n, 2 * n))
    _, label = connected_components(graph, directed=True, connection="strong")
    return np.asarray(label, dtype=np.int64)


def _settle_ties(
    arc_row: IntArray, arc_col: IntArray, chosen: IntArray, rows: int, cols: int, a_leads: bool
) -> IntArray:
    """Pick one full matching of a face, the same way whichever coder is called ``a``.

    ``chosen`` is some full matching of the face. The leading side's real events, in rank
    order, each take the earliest partner (then "unpaired") that some full matching of
    what is left still gives them. Returns the positions of the chosen arcs.
    """
    lead, other = (arc_row, arc_col) if a_leads else (arc_col, arc_row)
    real_lead, real_other = (rows, cols) if a_leads else (cols, rows)
    keep = np.ones(arc_row.size, dtype=bool)
    matched = np.zeros(arc_row.size, dtype=bool)
    matched[chosen] = True

    def prune(refresh: bool) -> None:
        """Keep only arcs some full matching uses; find a new one first if ``refresh``."""
        kept = np.flatnonzero(keep)
        row, col, n = _compact(arc_row[kept], arc_col[kept])
        if refresh:
            matched[:] = False
            matched[kept[_any_full_matching(row, col, n)]] = True
        forced, open_arcs, _ = _split_face(row, col, np.flatnonzero(matched[kept]), n)
        keep[:] = False
        keep[kept[forced]] = True
        keep[kept[open_arcs]] = True

    prune(refresh=False)
    for node in np.unique(lead[lead < real_lead]).tolist():
        mine = np.flatnonzero(keep & (lead == node))
        if mine.size <= 1:
            continue
        partner = other[mine]
        pick = mine[np.lexsort((partner, partner >= real_other))[0]]
        best = int(other[pick])
        keep &= ((lead != node) | (other == best)) & ((other != best) | (lead == node))
        prune(refresh=not matched[pick])
    return np.flatnonzero(matched)


def _any_full_matching(row: IntArray, col: IntArray, n: int) -> IntArray:
    """Positions of the arcs of some full matching (Hopcroft-Karp); one must exist."""
    graph = csr_matrix((np.ones(row.size), (row, col)), shape=(n, n))
    match = np.asarray(maximum_bipartite_matching(graph, perm_type="column"), dtype=np.int64)
    if (match < 0).any():  # pragma: no cover - the caller keeps a full matching possible
        raise RuntimeError("alignment lost its full matching")
    return _arc_positions(row, col, np.arange(n), match, n)


def _arc_positions(
    row: IntArray, col: IntArray, want_row: IntArray, want_col: IntArray, n: int
) -> IntArray:
    """Positions of the arcs ``(want_row, want_col)`` among ``(row, col)`` (all present)."""
    key = row * n + col
    order = np.argsort(key)
    found: IntArray = order[np.searchsorted(key, want_row * n + want_col, sorter=order)]
    return found


def _exact_costs(cost: IntArray, n: int) -> IntArray:
    """Shift costs to start at 1, coarsening them only if float64 sums could be inexact."""
    cost = cost - int(cost.min()) + 1
    span = int(cost.max())
    factor = -(-(span * 2 * (n + 2)) // _EXACT_LIMIT)
    if factor > 1:  # only for absurd spans (about 10^15 microsecond-events)
        cost = (cost - 1) // factor + 1
    return cost


def _full_matching(row: IntArray, col: IntArray, cost: IntArray, n: int) -> IntArray:
    """Positions of the arcs of a minimum-cost full matching of an ``n`` x ``n`` graph."""
    if n * n <= _DENSE_CELLS:
        matrix = np.full((n, n), np.inf)
        matrix[row, col] = cost.astype(np.float64)
        row_ind, col_ind = linear_sum_assignment(matrix)
    else:
        graph = csr_matrix((cost.astype(np.float64), (row, col)), shape=(n, n))
        row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    return _arc_positions(
        row, col, np.asarray(row_ind, dtype=np.int64), np.asarray(col_ind, dtype=np.int64), n
    )


def _tight_arcs(
    row: IntArray, col: IntArray, cost: IntArray, chosen: IntArray, n: int
) -> BoolArray:
    """Arcs with zero reduced cost under optimal dual potentials of a full matching.

    Potentials are shortest distances in the residual graph (unmatched arcs row -> column
    at ``cost``, matched arcs column -> row at ``-cost``) from a source joined to every
    column; Bellman-Ford in whole numbers, stopping once nothing changes.
    """
    matched_col = np.empty(n, dtype=np.int64)
    matched_col[row[chosen]] = col[chosen]
    matched_cost = np.empty(n, dtype=np.int64)
    matched_cost[row[chosen]] = cost[chosen]
    free = np.ones(row.size, dtype=bool)
    free[chosen] = False
    order = np.argsort(col[free], kind="stable")
    free_row, free_col, free_cost = row[free][order], col[free][order], cost[free][order]
    heads = (
        np.flatnonzero(np.r_[True, free_col[1:] != free_col[:-1]]) if free_col.size else free_col
    )
    targets = free_col[heads]
    dist_col = np.zeros(n, dtype=np.int64)
    for _ in range(n + 1):
        dist_row = dist_col[matched_col] - matched_cost
        if not free_col.size:
            break
        best = np.minimum.reduceat(dist_row[free_row] + free_cost, heads)
        better = best < dist_col[targets]
        if not better.any():
            break
        dist_col[targets[better]] = best[better]
    else:  # pragma: no cover - an optimal matching has no negative cycle
        raise RuntimeError("alignment potentials did not settle")
    reduced = cost + dist_row[row] - dist_col[col]
    if reduced.min() < 0:  # pragma: no cover - would mean the matching was not optimal
        raise RuntimeError("alignment stage was not solved optimally")
    tight: BoolArray = reduced == 0
    return tight
