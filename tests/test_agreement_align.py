"""Event alignment and alignment kappa: hand-worked cases, a reference kappa, properties, speed."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score  # type: ignore[import-untyped,unused-ignore]

from vigkit.agreement import matching as matching_module
from vigkit.agreement.align import Alignment, Events, align, may_pair
from vigkit.agreement.eventkappa import (
    NIL,
    alignment_kappa,
    confusion,
    kappa_max,
    per_code,
    raw_agreement,
)

Triple = tuple[list[str], list[float], list[float]]


def ev(*events: tuple[str, float] | tuple[str, float, float]) -> Triple:
    """Events written as (code, onset) points or (code, onset, offset) intervals."""
    codes = [e[0] for e in events]
    onsets = [float(e[1]) for e in events]
    offsets = [float(e[2]) if len(e) == 3 else float(e[1]) for e in events]
    return codes, onsets, offsets


def oracle_may_pair(on_a: float, off_a: float, on_b: float, off_b: float, tol: float) -> bool:
    """The pairing rule written independently (exact on the test data's quarter seconds)."""
    if abs(on_a - on_b) <= tol:
        return True
    point_a, point_b = off_a == on_a, off_b == on_b
    if not point_a and not point_b:
        return min(off_a, off_b) > max(on_a, on_b)
    if point_a and not point_b:
        return on_b <= on_a <= off_b
    if point_b and not point_a:
        return on_a <= on_b <= off_a
    return False


def objective(alignment: Alignment, a: Triple, b: Triple) -> tuple[int, int, float]:
    """What the alignment optimises: (-pairs, -same-code pairs, total |onset difference|)."""
    pairs = alignment.pairs
    same = sum(a[0][i] == b[0][j] for i, j in pairs)
    return -len(pairs), -same, sum(abs(a[1][i] - b[1][j]) for i, j in pairs)


# ---------------------------------------------------------------------------- hand-worked
# Trainee (a) and supervisor (b), tolerance 2 s:
#   a0 praise @10       b0 praise @11        |10-11| = 1 <= 2          -> pair, same code
#   a1 look 20-25       b1 look 22-24        overlap 22-24 (and |20-22| = 2) -> pair
#   a2 praise @40       b2 turn @41.5        |40-41.5| = 1.5           -> pair, substitution
#   a3 turn @60                                 nothing within 2 s     -> only a (extra)
#                       b3 praise @80          nothing within 2 s      -> only b (miss)
HAND_A = ev(("praise", 10), ("look", 20, 25), ("praise", 40), ("turn", 60))
HAND_B = ev(("praise", 11), ("look", 22, 24), ("turn", 41.5), ("praise", 80))
HAND_CODES = ["praise", "look", "turn"]


def test_hand_worked_alignment() -> None:
    result = align(HAND_A, HAND_B, 2.0)
    assert result == Alignment(pairs=((0, 0), (1, 1), (2, 2)), only_a=(3,), only_b=(3,))


def test_pairs_are_sorted_by_onset_of_a_then_b() -> None:
    a = ev(("x", 30), ("x", 10), ("y", 20))
    b = ev(("y", 20.5), ("x", 29), ("x", 10.5))
    assert align(a, b, 1.0).pairs == ((1, 2), (2, 0), (0, 1))


def test_more_pairs_beat_a_same_code_pair() -> None:
    # a1-b0 is the only same-code candidate, but taking it leaves a0 and b1 alone (1 pair);
    # two substitutions a0-b0 and a1-b1 pair everything (2 pairs) and win.
    a = ev(("A", 0), ("B", 2))
    b = ev(("B", 1), ("A", 3))
    assert align(a, b, 1.5) == Alignment(pairs=((0, 0), (1, 1)), only_a=(), only_b=())


def test_same_code_beats_nearer() -> None:
    a = ev(("X", 0))
    b = ev(("Y", 0), ("X", 1.5))
    assert align(a, b, 2.0) == Alignment(pairs=((0, 1),), only_a=(), only_b=(0,))


def test_nearer_wins_when_codes_are_equal() -> None:
    a = ev(("X", 0))
    b = ev(("X", 1.5), ("X", 0.5))
    assert align(a, b, 2.0).pairs == ((0, 1),)


def test_smallest_total_difference_not_greedy() -> None:
    # Greedy nearest-first takes a1-b0 (0.1) and then cannot pair a0 (b1 is 2.1 away):
    # the optimum pairs both, and of the two-pair options a0-b0, a1-b1 (0.9 + 1.0) is it.
    a = ev(("X", 0), ("X", 1))
    b = ev(("X", 0.9), ("X", 2))
    assert align(a, b, 1.5).pairs == ((0, 0), (1, 1))
    # With everything in reach, the straight pairing (0.5 + 0.5) beats the crossed (1.5 + 0.5).
    b = ev(("X", 0.5), ("X", 1.5))
    assert align(a, b, 5.0).pairs == ((0, 0), (1, 1))


def test_ties_go_to_earlier_events_and_keep_order() -> None:
    assert align(ev(("X", 5), ("X", 5)), ev(("X", 5)), 1.0).pairs == ((0, 0),)
    assert align(ev(("X", 5)), ev(("X", 5), ("X", 5)), 1.0).pairs == ((0, 0),)
    same = ev(("X", 0), ("X", 0))
    assert align(same, same, 1.0).pairs == ((0, 0), (1, 1))
    # Equal distances either side: the earlier event is taken.
    assert align(ev(("X", 0), ("X", 2)), ev(("X", 1)), 1.0).pairs == ((0, 0),)


def test_overlapping_intervals_pair_beyond_the_tolerance() -> None:
    assert align(ev(("X", 0, 10)), ev(("X", 5, 15)), 1.0).pairs == ((0, 0),)
    # Touching is not overlapping.
    assert align(ev(("X", 0, 5)), ev(("X", 5, 10)), 1.0).pairs == ()


def test_point_inside_an_interval_pairs() -> None:
    interval = ev(("X", 0, 10))
    assert align(interval, ev(("Y", 7)), 1.0).pairs == ((0, 0),)
    assert align(ev(("Y", 7)), interval, 1.0).pairs == ((0, 0),)
    assert align(interval, ev(("X", 10)), 1.0).pairs == ((0, 0),)  # ends included
    assert align(interval, ev(("X", 10.5)), 0.25).pairs == ()
    # Two points only pair by onset.
    assert align(ev(("X", 0)), ev(("X", 3)), 2.0).pairs == ()


def test_tolerance_boundary_is_inclusive() -> None:
    assert align(ev(("X", 10)), ev(("X", 12)), 2.0).pairs == ((0, 0),)
    assert align(ev(("X", 10.1)), ev(("X", 12.1)), 2.0).pairs == ((0, 0),)  # 2.0000000000000004
    assert align(ev(("X", 10)), ev(("X", 12.01)), 2.0).pairs == ()
    assert align(ev(("X", 10)), ev(("X", 10)), 0.0).pairs == ((0, 0),)
    assert align(ev(("X", 10)), ev(("X", 10.01)), 0.0).pairs == ()


def test_empty_sides() -> None:
    empty: Triple = ([], [], [])
    assert align(empty, empty, 1.0) == Alignment((), (), ())
    assert align(ev(("X", 1), ("Y", 2)), empty, 1.0) == Alignment((), (0, 1), ())
    assert align(empty, ev(("X", 1)), 1.0) == Alignment((), (), (0,))


def test_events_validation() -> None:
    points = Events.from_arrays(["a", "b"], [1.0, 2.0])
    assert points.offsets.tolist() == [1.0, 2.0] and len(points) == 2
    assert not points.onsets.flags.writeable
    with pytest.raises(ValueError, match="length"):
        Events.from_arrays(["a"], [1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="ends before"):
        Events.from_arrays(["a"], [2.0], [1.0])
    with pytest.raises(ValueError, match="finite"):
        Events.from_arrays(["a"], [math.nan], [1.0])
    with pytest.raises(ValueError, match="finite"):
        Events.from_arrays(["a"], [0.0], [math.inf])
    with pytest.raises(ValueError, match="string"):
        Events.from_arrays("ab", [0.0, 1.0])
    with pytest.raises(ValueError, match="string"):
        Events.from_arrays([1, 2], [0.0, 1.0])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="tolerance"):
        align(HAND_A, HAND_B, -1.0)
    with pytest.raises(ValueError, match="tolerance"):
        align(HAND_A, HAND_B, math.nan)
    with pytest.raises(ValueError, match="tuple"):
        align((["a"], [1.0]), HAND_B, 1.0)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- kappa by hand
def test_confusion_and_kappa_by_hand() -> None:
    result = align(HAND_A, HAND_B, 2.0)
    table = confusion(result, HAND_A[0], HAND_B[0], HAND_CODES)
    expected = pd.DataFrame(
        [
            [1, 0, 1, 0],  # a praise: with b praise (a0-b0), with b turn (a2-b2)
            [0, 1, 0, 0],  # a look: with b look
            [0, 0, 0, 1],  # a turn: unpaired (a3)
            [1, 0, 0, 0],  # b praise unpaired (b3); NIL x NIL is 0
        ],
        index=pd.Index([*HAND_CODES, NIL], name="a"),
        columns=pd.Index([*HAND_CODES, NIL], name="b"),
    )
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)
    # N = 5, agreements 2 -> p_o = 2/5.  Rows (2, 1, 1, 1), columns (2, 1, 1, 1):
    # p_e = (2*2 + 1*1 + 1*1 + 1*1) / 25 = 7/25.  kappa = (10/25 - 7/25) / (18/25) = 3/18 = 1/6.
    assert alignment_kappa(table) == pytest.approx(1 / 6)
    # p_o,max = (min(2,2) + min(1,1) + min(1,1)) / 5 = 4/5 (NIL's diagonal cannot agree):
    # kappa_max = (20/25 - 7/25) / (18/25) = 13/18.
    assert kappa_max(table) == pytest.approx(13 / 18)
    assert raw_agreement(table) == pytest.approx(2 / 5)


def test_kappa_max_with_nil_row_and_column() -> None:
    # 3 pairs X-X, 1 X unpaired in a, 2 X unpaired in b. Rows X 4, NIL 2; columns X 5, NIL 1.
    # p_o = 3/6; p_e = (4*5 + 2*1)/36 = 22/36; kappa = (18/36 - 22/36)/(14/36) = -2/7.
    # p_o,max = min(4, 5)/6 = 4/6 (NIL's min(2, 1) does not count); max = (24-22)/14 = 1/7.
    table = confusion(
        Alignment(pairs=((0, 0), (1, 1), (2, 2)), only_a=(3,), only_b=(3, 4)),
        ["X"] * 4,
        ["X"] * 5,
        ["X"],
    )
    assert table.loc[NIL, "X"] == 2 and table.loc["X", NIL] == 1 and table.loc[NIL, NIL] == 0
    assert alignment_kappa(table) == pytest.approx(-2 / 7)
    assert kappa_max(table) == pytest.approx(1 / 7)
    assert raw_agreement(table) == pytest.approx(3 / 6)


def test_degenerate_tables() -> None:
    empty = confusion(Alignment((), (), ()), [], [], ["X", "Y"])
    assert math.isnan(alignment_kappa(empty))
    assert math.isnan(kappa_max(empty))
    assert math.isnan(raw_agreement(empty))
    one_cell = confusion(Alignment(((0, 0), (1, 1)), (), ()), ["X", "X"], ["X", "X"], ["X", "Y"])
    assert alignment_kappa(one_cell) == 1.0 and kappa_max(one_cell) == 1.0
    all_missed = confusion(Alignment((), (), (0, 1)), [], ["X", "X"], ["X"])
    assert alignment_kappa(all_missed) == 0.0 and kappa_max(all_missed) == 0.0
    assert raw_agreement(all_missed) == 0.0


def test_per_code_by_hand() -> None:
    result = align(HAND_A, HAND_B, 2.0)
    table = per_code(result, HAND_A, HAND_B, [*HAND_CODES, "smile"])
    assert list(table.index) == [*HAND_CODES, "smile"] and table.index.name == "code"
    assert table["reference"].tolist() == [2, 1, 1, 0]
    assert table["coder"].tolist() == [2, 1, 1, 0]
    assert table["matched"].tolist() == [1, 1, 0, 0]
    np.testing.assert_allclose(table["recall"], [0.5, 1.0, 0.0, np.nan])
    np.testing.assert_allclose(table["precision"], [0.5, 1.0, 0.0, np.nan])
    # praise: 10 - 11; look: 20 - 22; turn and smile have no same-code pair.
    np.testing.assert_allclose(table["mean_onset_difference"], [-1.0, -2.0, np.nan, np.nan])


def test_code_list_errors() -> None:
    result = align(HAND_A, HAND_B, 2.0)
    with pytest.raises(ValueError, match="turn"):
        confusion(result, HAND_A[0], HAND_B[0], ["praise", "look"])
    with pytest.raises(ValueError, match="reserved"):
        confusion(result, HAND_A[0], HAND_B[0], [*HAND_CODES, NIL])
    with pytest.raises(ValueError, match="duplicates"):
        confusion(result, HAND_A[0], HAND_B[0], [*HAND_CODES, "look"])
    with pytest.raises(ValueError, match="does not match"):
        confusion(result, HAND_A[0][:3], HAND_B[0], HAND_CODES)
    with pytest.raises(ValueError, match="praise"):
        per_code(result, HAND_A, HAND_B, ["look", "turn"])
    with pytest.raises(ValueError, match="square"):
        alignment_kappa(pd.DataFrame([[1, 2]], index=["X"], columns=["X", "Y"]))


# ---------------------------------------------------------------------------- reference kappa
def expanded_labels(
    result: Alignment, a_codes: Sequence[str], b_codes: Sequence[str]
) -> tuple[list[str], list[str]]:
    """One label pair per unit: pairs, then a's unpaired against NIL, then b's."""
    y_a = [a_codes[i] for i, _ in result.pairs] + [a_codes[i] for i in result.only_a]
    y_b = [b_codes[j] for _, j in result.pairs] + [NIL] * len(result.only_a)
    y_a += [NIL] * len(result.only_b)
    y_b += [b_codes[j] for j in result.only_b]
    return y_a, y_b


def random_events(rng: np.random.Generator, n: int, span: float, codes: str) -> Triple:
    onsets = rng.uniform(0, span, n)
    durations = np.where(rng.random(n) < 0.5, 0.0, rng.exponential(3.0, n))
    return (
        [str(c) for c in rng.choice(list(codes), n)],
        onsets.tolist(),
        (onsets + durations).tolist(),
    )


@pytest.mark.parametrize("seed", range(12))
def test_alignment_kappa_matches_sklearn(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = random_events(rng, int(rng.integers(5, 80)), 300.0, "abcd")
    b = random_events(rng, int(rng.integers(5, 80)), 300.0, "abce")
    result = align(a, b, float(rng.choice([0.5, 1.0, 2.0, 5.0])))
    table = confusion(result, a[0], b[0], list("abcde"))
    assert int(table.to_numpy().sum()) == len(result.pairs) + len(result.only_a) + len(
        result.only_b
    )
    y_a, y_b = expanded_labels(result, a[0], b[0])
    assert alignment_kappa(table) == pytest.approx(cohen_kappa_score(y_a, y_b), abs=1e-12)
    assert raw_agreement(table) == pytest.approx(np.mean(np.array(y_a) == np.array(y_b)))


# ---------------------------------------------------------------------------- properties
QUARTERS = st.integers(0, 160).map(lambda k: k / 4)  # 0 .. 40 s in quarter seconds
DURATIONS = st.one_of(st.just(0.0), st.integers(1, 40).map(lambda k: k / 4))
TOLERANCES = st.integers(0, 12).map(lambda k: k / 4)


@st.composite
def codings(draw: st.DrawFn, max_size: int = 8, crowded: bool = False) -> Triple:
    """Events on quarter seconds; ``crowded`` packs them into 3 s to provoke ties."""
    n = draw(st.integers(0, max_size))
    codes = draw(st.lists(st.sampled_from("ab" if crowded else "abc"), min_size=n, max_size=n))
    times = st.integers(0, 6).map(lambda k: k / 2) if crowded else QUARTERS
    onsets = draw(st.lists(times, min_size=n, max_size=n))
    durations = draw(st.lists(DURATIONS, min_size=n, max_size=n))
    return codes, onsets, [o + d for o, d in zip(onsets, durations, strict=True)]


def any_codings(max_size: int = 8) -> st.SearchStrategy[Triple]:
    return st.one_of(codings(max_size), codings(max_size, crowded=True))


def matchings(
    edges: list[tuple[int, int]],
    start: int = 0,
    used: frozenset[tuple[str, int]] = frozenset(),
) -> Iterator[tuple[tuple[int, int], ...]]:
    """Every one-to-one matching made of ``edges`` (brute force, for small inputs)."""
    yield ()
    for k in range(start, len(edges)):
        i, j = edges[k]
        if ("a", i) in used or ("b", j) in used:
            continue
        for rest in matchings(edges, k + 1, used | {("a", i), ("b", j)}):
            yield ((i, j), *rest)


def check_valid(result: Alignment, a: Triple, b: Triple, tol: float) -> None:
    """One-to-one, only allowed pairs, every event accounted for, pairs in onset order."""
    paired_a = [i for i, _ in result.pairs]
    paired_b = [j for _, j in result.pairs]
    assert sorted(paired_a + list(result.only_a)) == list(range(len(a[0])))
    assert sorted(paired_b + list(result.only_b)) == list(range(len(b[0])))
    assert list(result.only_a) == sorted(result.only_a)
    assert list(result.only_b) == sorted(result.only_b)
    for i, j in result.pairs:
        assert oracle_may_pair(a[1][i], a[2][i], b[1][j], b[2][j], tol)
    keys = [(a[1][i], b[1][j]) for i, j in result.pairs]
    assert keys == sorted(keys)


#: Ways to force each code path of the solver on small inputs.
SOLVERS: dict[str, dict[str, object]] = {
    "default": {},
    "sparse": {"_DENSE_CELLS": 0},  # scipy's sparse LAPJV instead of the dense solver
    "apart": {"_BATCH_UP_TO": 0},  # every tied block solved on its own at the next stage
    "staged": {"_merge_levels": lambda levels, m, n: levels},  # one stage per level
}


@contextmanager
def solver(name: str) -> Iterator[None]:
    """Run the aligner with one of :data:`SOLVERS`' settings, then restore it."""
    saved = {key: getattr(matching_module, key) for key in SOLVERS[name]}
    try:
        for key, value in SOLVERS[name].items():
            setattr(matching_module, key, value)
        yield
    finally:
        for key, value in saved.items():
            setattr(matching_module, key, value)


@pytest.mark.parametrize("name", SOLVERS)
@settings(max_examples=100, deadline=None)
@given(a=any_codings(max_size=5), b=any_codings(max_size=5), tol=TOLERANCES)
def test_alignment_is_optimal(name: str, a: Triple, b: Triple, tol: float) -> None:
    with solver(name):
        result = align(a, b, tol)
    check_valid(result, a, b, tol)
    edges = [
        (i, j)
        for i in range(len(a[0]))
        for j in range(len(b[0]))
        if oracle_may_pair(a[1][i], a[2][i], b[1][j], b[2][j], tol)
    ]
    for i in range(len(a[0])):
        for j in range(len(b[0])):
            assert may_pair(a[1][i], a[2][i], b[1][j], b[2][j], tol) == ((i, j) in edges)
    best = min(objective(Alignment(m, (), ()), a, b) for m in matchings(edges))
    assert objective(result, a, b) == best


@settings(max_examples=100, deadline=None)
@given(any_codings(12), TOLERANCES)
def test_identical_codings_pair_each_event_with_itself(x: Triple, tol: float) -> None:
    result = align(x, x, tol)
    assert sorted(result.pairs) == [(i, i) for i in range(len(x[0]))]
    assert result.only_a == () and result.only_b == ()
    table = confusion(result, x[0], x[0], ["a", "b", "c"])
    if x[0]:  # one code only is the p_e == 1 case, defined as 1 as well
        assert alignment_kappa(table) == 1.0
        assert raw_agreement(table) == 1.0


@pytest.mark.parametrize("name", SOLVERS)
@settings(max_examples=60, deadline=None)
@given(a=any_codings(), b=any_codings(), tol=TOLERANCES)
def test_swapping_coders_mirrors_everything(name: str, a: Triple, b: Triple, tol: float) -> None:
    with solver(name):
        ab, ba = align(a, b, tol), align(b, a, tol)
    assert sorted((j, i) for i, j in ba.pairs) == sorted(ab.pairs)
    assert (ba.only_a, ba.only_b) == (ab.only_b, ab.only_a)
    table_ab = confusion(ab, a[0], b[0], ["a", "b", "c"])
    table_ba = confusion(ba, b[0], a[0], ["a", "b", "c"])
    np.testing.assert_array_equal(table_ba.to_numpy(), table_ab.to_numpy().T)
    for statistic in (alignment_kappa, kappa_max, raw_agreement):
        assert statistic(table_ba) == pytest.approx(statistic(table_ab), nan_ok=True)


@settings(max_examples=100, deadline=None)
@given(any_codings(), any_codings(), TOLERANCES, st.integers(-4000, 4000).map(lambda k: k / 4))
def test_shifting_both_sides_changes_nothing(a: Triple, b: Triple, tol: float, s: float) -> None:
    def shifted(x: Triple) -> Triple:
        return x[0], [t + s for t in x[1]], [t + s for t in x[2]]

    assert align(shifted(a), shifted(b), tol) == align(a, b, tol)


@settings(max_examples=150, deadline=None)
@given(any_codings(), any_codings(), TOLERANCES)
def test_statistics_stay_in_range(a: Triple, b: Triple, tol: float) -> None:
    result = align(a, b, tol)
    check_valid(result, a, b, tol)
    table = confusion(result, a[0], b[0], ["a", "b", "c"])
    if not a[0] and not b[0]:
        return
    kappa, top, raw = alignment_kappa(table), kappa_max(table), raw_agreement(table)
    assert -1 - 1e-12 <= kappa <= top + 1e-12
    assert top <= 1 + 1e-12
    assert 0 <= raw <= 1


@pytest.mark.parametrize("seed", range(3))
def test_sparse_solver_agrees_with_dense(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Big components use a sparse solver; force it everywhere and compare the optimum.
    rng = np.random.default_rng(100 + seed)
    a = random_events(rng, 300, 200.0, "abc")
    b = random_events(rng, 300, 200.0, "abc")
    dense = align(a, b, 2.0)
    monkeypatch.setattr(matching_module, "_DENSE_CELLS", 0)
    sparse = align(a, b, 2.0)
    assert objective(sparse, a, b)[:2] == objective(dense, a, b)[:2]
    assert objective(sparse, a, b)[2] == pytest.approx(objective(dense, a, b)[2], abs=1e-3)
    check_valid(sparse, a, b, 2.0 + 1e-9)


# ---------------------------------------------------------------------------- speed
def test_ten_thousand_events_each_align_quickly(capsys: pytest.CaptureFixture[str]) -> None:
    rng = np.random.default_rng(2007)
    a = Events.from_arrays(*random_events(rng, 10_000, 3 * 3600.0, "abcdefgh"))
    b = Events.from_arrays(*random_events(rng, 10_000, 3 * 3600.0, "abcdefgh"))
    align(a, b, 2.0)  # warm up (imports, caches)
    start = time.perf_counter()
    result = align(a, b, 2.0)
    seconds = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nalign 10,000 x 10,000 events (tolerance 2 s, 3 h): {seconds:.3f} s")
    assert len(result.pairs) + len(result.only_a) == 10_000
    assert seconds < 2.0
