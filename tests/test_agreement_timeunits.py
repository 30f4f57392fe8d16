"""Time-unit kappa and nominal alpha: reference implementations, worked examples, properties."""

from __future__ import annotations

import math
import time
from collections.abc import Hashable, Sequence
from dataclasses import asdict
from fractions import Fraction
from typing import Any

import krippendorff
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from vigkit.agreement.alpha import nominal_alpha
from vigkit.agreement.timeunits import (
    TimeUnitKappa,
    cohen_kappa,
    compare_presence,
    time_unit_kappa,
    tolerance_units,
    unit_labels,
    unit_presence,
)

CODES = ["greet", "look", "smile"]
Event = tuple[str, float, float]
Coding = list[Event]


def columns(coding: Coding) -> tuple[list[str], list[float], list[float]]:
    """(codes, onsets, offsets) of a list of events."""
    return [e[0] for e in coding], [e[1] for e in coding], [e[2] for e in coding]


def tuk(a: Coding, b: Coding, **kwargs: Any) -> TimeUnitKappa:
    """time_unit_kappa on two lists of events."""
    return time_unit_kappa(*columns(a), *columns(b), **kwargs)


def same(x: float, y: float) -> bool:
    """Equal as statistics: both NaN, or within rounding."""
    return (math.isnan(x) and math.isnan(y)) or x == pytest.approx(y, rel=1e-9, abs=1e-12)


def same_result(r: TimeUnitKappa, s: TimeUnitKappa) -> bool:
    """Every field equal (NaN-aware), including the per-code dictionaries."""
    left, right = asdict(r), asdict(s)
    for key, value in left.items():
        other = right[key]
        if isinstance(value, dict):
            if value.keys() != other.keys() or not all(same(value[c], other[c]) for c in value):
                return False
        elif not same(float(value), float(other)):
            return False
    return True


# ------------------------------------------------------------------ strategies
# Times are multiples of 0.25 s and units 0.5, 1 or 2 s, so every sum below is exact.
QUARTERS = 80  # a 20 s clip

events = st.lists(
    st.tuples(
        st.sampled_from(CODES),
        st.integers(-8, QUARTERS + 8),
        st.one_of(st.just(0), st.integers(1, 24)),
    ).map(lambda t: (t[0], t[1] / 4, (t[1] + t[2]) / 4)),
    max_size=12,
)
units = st.sampled_from([0.5, 1.0, 2.0])
ends = st.sampled_from([20.0, 19.5, 18.75])
tolerances = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])


def reference_presence(
    coding: Coding, code_list: Sequence[str], start: float, end: float, unit: float
) -> np.ndarray:
    """Unit presence by exact rational arithmetic, one unit and one event at a time."""
    s, e, u = Fraction(start), Fraction(end), Fraction(unit)
    n = math.ceil((e - s) / u)
    out = np.zeros((n, len(code_list)), dtype=bool)
    for code, on_, off_ in coding:
        on, off = Fraction(on_), Fraction(off_)
        for i in range(n):
            lo, hi = s + i * u, s + (i + 1) * u
            if off > on:
                hit = max(on, lo, s) < min(off, hi, e)
            else:
                hit = (lo <= on < hi or (on == e and i == n - 1)) and s <= on <= e
            if hit:
                out[i, code_list.index(code)] = True
    return out


def reference_tolerant(pa: np.ndarray, pb: np.ndarray, k: int) -> tuple[list[Any], list[Any]]:
    """Adjusted set labels under the tolerance rule, written out literally with loops."""
    n = pa.shape[0]
    sets_a = [frozenset(np.flatnonzero(row).tolist()) for row in pa]
    sets_b = [frozenset(np.flatnonzero(row).tolist()) for row in pb]

    def near(p: np.ndarray, i: int, c: int) -> bool:
        return bool(p[max(0, i - k) : i + k + 1, c].any())

    out_a, out_b = [], []
    for i in range(n):
        x, y = sets_a[i], sets_b[i]
        if x != y and all(near(pb, i, c) for c in x) and all(near(pa, i, c) for c in y):
            x = y = x | y
        out_a.append(tuple(sorted(x)))
        out_b.append(tuple(sorted(y)))
    return out_a, out_b


def sklearn_kappa(a: Sequence[Any], b: Sequence[Any]) -> float:
    """sklearn's kappa on any labels (mapped to ints), or None where sklearn leaves it undefined."""
    index: dict[Any, int] = {}
    ia = [index.setdefault(x, len(index)) for x in a]
    ib = [index.setdefault(x, len(index)) for x in b]
    if len(index) < 2:
        return math.nan
    return float(cohen_kappa_score(ia, ib))


# ------------------------------------------------------------------ cohen_kappa
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=60))
def test_cohen_kappa_matches_sklearn(pairs: list[tuple[int, int]]) -> None:
    a = [p[0] for p in pairs]
    b = [p[1] for p in pairs]
    ours = cohen_kappa(a, b)
    if len(set(a) | set(b)) == 1:  # sklearn: undefined (NaN); ours: identical → 1.0
        assert ours == 1.0
        return
    assert ours == pytest.approx(cohen_kappa_score(a, b), rel=1e-9, abs=1e-12)
    assert ours == pytest.approx(cohen_kappa([str(x) for x in a], [f"{y}" for y in b]))
    assert -1.0 <= ours <= 1.0
    assert ours == pytest.approx(cohen_kappa(b, a))


def test_cohen_kappa_degenerate_and_errors() -> None:
    assert math.isnan(cohen_kappa([], []))
    assert cohen_kappa(["x"] * 4, ["x"] * 4) == 1.0
    assert cohen_kappa(["x", "y"], ["y", "x"]) == -1.0
    with pytest.raises(ValueError, match="same length"):
        cohen_kappa(["x"], [])


# ------------------------------------------------------------------ unit presence
@pytest.mark.parametrize(
    ("event", "start", "end", "unit", "expected"),
    [
        (("look", 2.2, 2.4), 0, 10, 1, [2]),  # shorter than a unit: still marks it
        (("look", 1.0, 3.0), 0, 10, 1, [1, 2]),  # ends on a boundary: not unit 3
        (("look", 0.5, 1.0), 0, 10, 1, [0]),
        (("look", 3.0, 3.0), 0, 10, 1, [3]),  # point on a boundary: the unit starting there
        (("look", 10.0, 10.0), 0, 10, 1, [9]),  # point exactly at end: the last unit
        (("look", 9.5, 9.5), 0, 9.5, 1, [9]),  # last unit shorter than `unit`
        (("look", 9.5, 12.0), 0, 9.5, 1, []),  # only outside the window
        (("look", 10.5, 10.5), 0, 10, 1, []),
        (("look", -3.0, 0.0), 0, 10, 1, []),
        (("look", -3.0, 0.1), 0, 10, 1, [0]),
        (("look", 0.3, 0.3), 0, 1, 0.1, [3]),  # 0.3 / 0.1 is 2.999... in binary
        (("look", 0.3, 0.6), 0, 1, 0.1, [3, 4, 5]),
        (("look", 12.5, 14.5), 10, 20, 2, [1, 2]),  # unit 1 is [12, 14)
    ],
)
def test_unit_presence_conventions(
    event: Event, start: float, end: float, unit: float, expected: list[int]
) -> None:
    present = unit_presence(*columns([event]), CODES, start, end, unit)
    assert present.shape == (math.ceil(round((end - start) / unit, 9)), 3)
    assert np.flatnonzero(present[:, 1]).tolist() == expected
    assert not present[:, [0, 2]].any()


def test_unit_presence_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="not in code_list"):
        unit_presence(["wave"], [1.0], [2.0], CODES, 0, 10, 1)
    with pytest.raises(ValueError, match="before its onset"):
        unit_presence(["look"], [2.0], [1.0], CODES, 0, 10, 1)
    with pytest.raises(ValueError, match="same length"):
        unit_presence(["look"], [2.0, 3.0], [2.0], CODES, 0, 10, 1)
    with pytest.raises(ValueError, match="unit must be positive"):
        unit_presence([], [], [], CODES, 0, 10, 0)
    with pytest.raises(ValueError, match="before start"):
        unit_presence([], [], [], CODES, 10, 0, 1)
    with pytest.raises(ValueError, match="repeated"):
        unit_presence([], [], [], ["a", "a"], 0, 10, 1)


@settings(max_examples=150, deadline=None)
@given(events, units, ends, st.integers(-3, 3))
def test_unit_presence_matches_exact_reference(
    coding: Coding, unit: float, end: float, start_quarters: int
) -> None:
    start = start_quarters / 4
    ours = unit_presence(*columns(coding), CODES, start, end, unit)
    np.testing.assert_array_equal(ours, reference_presence(coding, CODES, start, end, unit))


@pytest.mark.parametrize(
    ("tolerance", "unit", "k"),
    [(0, 1, 0), (0.4, 1, 0), (0.5, 1, 1), (1.5, 1, 2), (2, 1, 2), (0.3, 0.1, 3), (0.04, 0.04, 1)],
)
def test_tolerance_units_round_half_up(tolerance: float, unit: float, k: int) -> None:
    assert tolerance_units(tolerance, unit) == k


def test_tolerance_must_not_be_negative() -> None:
    with pytest.raises(ValueError, match="tolerance"):
        tolerance_units(-1, 1)


# ------------------------------------------------------------------ worked examples
# Units 0..9 of a 10 s clip at 1 s (L look, S smile, G greet, N none):
#   A: L  LS L  N  S  N  L  L  S  N
#   B: N  LS L  N  N  S  L  G  S  S
HAND_A: Coding = [
    ("look", 0.0, 3.0),
    ("smile", 1.5, 1.5),  # point inside unit 1
    ("smile", 4.0, 4.0),  # point on a boundary: unit 4
    ("look", 6.5, 7.2),  # overlaps unit 7 by 0.2 s
    ("smile", 8.2, 8.6),  # shorter than a unit
]
HAND_B: Coding = [
    ("look", 1.0, 3.0),
    ("smile", 1.0, 1.0),
    ("smile", 5.0, 5.0),  # A's smile one unit later
    ("look", 6.0, 7.0),  # ends on the boundary: not unit 7
    ("greet", 7.0, 7.5),
    ("smile", 8.5, 9.5),
]


def test_hand_worked_time_unit_example() -> None:
    pa = unit_presence(*columns(HAND_A), CODES, 0, 10, 1)
    pb = unit_presence(*columns(HAND_B), CODES, 0, 10, 1)
    assert unit_labels(pa, CODES) == [
        *["look", "look+smile", "look", "none", "smile"],
        *["none", "look", "look", "smile", "none"],
    ]
    assert unit_labels(pb, CODES) == [
        *["none", "look+smile", "look", "none", "none"],
        *["smile", "look", "greet", "smile", "smile"],
    ]
    r = tuk(HAND_A, HAND_B, code_list=CODES, start=0, end=10, unit=1, tolerance=1)
    # Agreement in units 1, 2, 3, 6, 8: p_o = .5. Marginals A: L4 LS1 S2 N3, B: L2 LS1 S3 N3 G1,
    # so 100 p_e = 8 + 1 + 6 + 9 = 24 and kappa = (50 - 24) / (100 - 24) = 13/38.
    assert r.units == 10
    assert r.agreements == 5
    assert r.kappa == pytest.approx(13 / 38)
    # Only unit 3 is none/none. Without it: 4 of 9 agree; 81 p_e = 8 + 1 + 6 + 4 = 19.
    assert r.none_share == pytest.approx(0.1)
    assert r.kappa_without_none == pytest.approx((36 - 19) / (81 - 19))
    # Tolerance ±1 unit: units 0, 4, 5 and 9 are one-unit shifts and now agree; unit 7
    # (A look, B greet) does not, as A has no greet near it. Adjusted labels:
    #   A: L LS L N S S L L S S   B: L LS L N S S L G S S
    # 100 p_e = 4*3 + 1 + 1 + 4*4 = 30, p_o = .9, kappa = (90 - 30) / (100 - 30) = 6/7.
    assert r.tolerance_units == 1
    assert r.agreements_tolerant == 9
    assert r.kappa_tolerant == pytest.approx(6 / 7)
    # Per code, present/absent. look: A 5, B 3, 8 agree → (80 - 50) / (100 - 50).
    # smile: A 3, B 4, 7 agree → (70 - 54) / (100 - 54). greet: only B, once → 0.
    assert r.per_code == pytest.approx({"greet": 0.0, "look": 0.6, "smile": 16 / 46})
    assert r.per_code_tolerant == pytest.approx({"greet": 0.0, "look": 1.0, "smile": 1.0})
    # The derived labels give sklearn's kappa too.
    assert r.kappa == pytest.approx(
        cohen_kappa_score(unit_labels(pa, CODES), unit_labels(pb, CODES))
    )
    # Without tolerance the tolerant figures are the plain ones.
    r0 = tuk(HAND_A, HAND_B, code_list=CODES, start=0, end=10, unit=1)
    assert (r0.kappa_tolerant, r0.agreements_tolerant) == (r0.kappa, r0.agreements)
    assert r0.per_code_tolerant == r0.per_code


def test_one_unit_shift_becomes_agreement_with_tolerance() -> None:
    a: Coding = [("look", 2.0, 5.0)]
    b: Coding = [("look", 3.0, 6.0)]
    r = tuk(a, b, code_list=CODES, start=0, end=10, tolerance=1.0)
    # 8 of 10 units agree, each coder 3 look / 7 none: (80 - 58) / (100 - 58) = 11/21.
    assert r.kappa == pytest.approx(11 / 21)
    assert r.kappa_tolerant == 1.0
    assert r.per_code == pytest.approx({"look": 11 / 21})
    assert r.per_code_tolerant == {"look": 1.0}
    # Half a second of tolerance rounds to one unit; 0.4 s to none.
    assert tuk(a, b, code_list=CODES, start=0, end=10, tolerance=0.5).kappa_tolerant == 1.0
    assert tuk(a, b, code_list=CODES, start=0, end=10, tolerance=0.4).kappa_tolerant == r.kappa


def test_empty_clip_and_nothing_coded() -> None:
    r = tuk([], [], code_list=CODES, start=5, end=5)
    assert r.units == 0
    assert math.isnan(r.kappa) and math.isnan(r.none_share) and r.per_code == {}
    r = tuk([], [], code_list=CODES, start=0, end=10)
    assert r.kappa == 1.0 and r.none_share == 1.0
    assert math.isnan(r.kappa_without_none)


# ------------------------------------------------------------------ time-unit properties
@settings(max_examples=150, deadline=None)
@given(events, events, units, ends, tolerances)
def test_time_unit_kappa_matches_references(
    a: Coding, b: Coding, unit: float, end: float, tolerance: float
) -> None:
    r = tuk(a, b, code_list=CODES, start=0, end=end, unit=unit, tolerance=tolerance)
    pa = unit_presence(*columns(a), CODES, 0, end, unit)
    pb = unit_presence(*columns(b), CODES, 0, end, unit)
    la, lb = unit_labels(pa, CODES), unit_labels(pb, CODES)
    assert same(r.kappa, cohen_kappa(la, lb))
    if len(set(la) | set(lb)) > 1:
        assert r.kappa == pytest.approx(cohen_kappa_score(la, lb), rel=1e-9, abs=1e-12)
    coded = [i for i in range(r.units) if la[i] != "none" or lb[i] != "none"]
    assert same(r.kappa_without_none, cohen_kappa([la[i] for i in coded], [lb[i] for i in coded]))
    assert r.none_share == pytest.approx(1 - len(coded) / r.units)
    assert r.agreements == sum(x == y for x, y in zip(la, lb, strict=True))

    k = tolerance_units(tolerance, unit)
    ta, tb = reference_tolerant(pa, pb, k)
    assert same(r.kappa_tolerant, cohen_kappa(ta, tb))
    assert r.agreements_tolerant == sum(x == y for x, y in zip(ta, tb, strict=True))
    for c, code in enumerate(CODES):
        if not (pa[:, c].any() or pb[:, c].any()):
            assert code not in r.per_code
            continue
        assert same(r.per_code[code], cohen_kappa(pa[:, c].tolist(), pb[:, c].tolist()))
        ca, cb = reference_tolerant(pa[:, [c]], pb[:, [c]], k)
        assert same(r.per_code_tolerant[code], cohen_kappa(ca, cb))


@settings(max_examples=100, deadline=None)
@given(events, events, units, ends, tolerances)
def test_time_unit_bounds_and_symmetry(
    a: Coding, b: Coding, unit: float, end: float, tolerance: float
) -> None:
    r = tuk(a, b, code_list=CODES, start=0, end=end, unit=unit, tolerance=tolerance)
    assert same_result(
        r, tuk(b, a, code_list=CODES, start=0, end=end, unit=unit, tolerance=tolerance)
    )
    values = [r.kappa, r.kappa_tolerant, r.kappa_without_none]
    values += [*r.per_code.values(), *r.per_code_tolerant.values()]
    assert all(math.isnan(v) or -1.0 <= v <= 1.0 for v in values)
    assert 0.0 <= r.none_share <= 1.0
    # Tolerance never turns an agreeing unit into a disagreeing one. (Tolerant kappa is not
    # always >= plain kappa: adjusting labels also moves the chance term.)
    assert r.agreements <= r.agreements_tolerant <= r.units


@settings(max_examples=100, deadline=None)
@given(events, units, ends, tolerances)
def test_identical_codings_agree_perfectly(
    a: Coding, unit: float, end: float, tolerance: float
) -> None:
    r = tuk(a, a, code_list=CODES, start=0, end=end, unit=unit, tolerance=tolerance)
    assert r.kappa == 1.0 and r.kappa_tolerant == 1.0
    assert all(v == 1.0 for v in [*r.per_code.values(), *r.per_code_tolerant.values()])
    assert r.agreements == r.agreements_tolerant == r.units
    labels = unit_labels(unit_presence(*columns(a), CODES, 0, end, unit), CODES)
    assert nominal_alpha([labels, labels]) == 1.0


@settings(max_examples=100, deadline=None)
@given(events, events, units, ends, tolerances, st.integers(-20, 20))
def test_shifting_by_whole_units_changes_nothing(
    a: Coding, b: Coding, unit: float, end: float, tolerance: float, shift: int
) -> None:
    d = shift * unit
    moved_a = [(c, on + d, off + d) for c, on, off in a]
    moved_b = [(c, on + d, off + d) for c, on, off in b]
    kwargs = {"code_list": CODES, "unit": unit, "tolerance": tolerance}
    before = tuk(a, b, start=0, end=end, **kwargs)
    after = tuk(moved_a, moved_b, start=d, end=end + d, **kwargs)
    assert same_result(before, after)


def test_tolerant_kappa_can_be_lower_than_plain() -> None:
    # Tolerance turns 3 more units into agreements, but B ends up with one label throughout,
    # so chance agreement equals observed agreement: tolerant kappa 0 < plain kappa 1/36.
    pa = np.array([[0, 0, 1, 0, 1, 0, 1], [0, 0, 0, 1, 1, 1, 1]], dtype=bool).T
    pb = np.array([[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0, 1]], dtype=bool).T
    r = compare_presence(pa, pb, ["x", "y"], tolerance_units=1)
    assert (r.agreements, r.agreements_tolerant) == (2, 5)
    assert r.kappa == pytest.approx(1 / 36)
    assert r.kappa_tolerant == 0.0


def test_compare_presence_checks_shapes() -> None:
    with pytest.raises(ValueError, match="presence"):
        compare_presence(np.zeros((3, 2), bool), np.zeros((4, 2), bool), ["a", "b"])


# ------------------------------------------------------------------ nominal alpha
def package_alpha(values: Sequence[Sequence[Hashable | None]]) -> float:
    """The krippendorff package's nominal alpha, categories mapped to numbers, None to NaN."""
    index: dict[Hashable, int] = {}
    data = [
        [np.nan if v is None else index.setdefault(v, len(index)) for v in row] for row in values
    ]
    return float(
        krippendorff.alpha(reliability_data=np.array(data, float), level_of_measurement="nominal")
    )


KRIPPENDORFF_EXAMPLE: list[list[int | None]] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def test_krippendorff_textbook_example() -> None:
    ours = nominal_alpha(KRIPPENDORFF_EXAMPLE)
    assert round(ours, 3) == 0.743
    assert ours == pytest.approx(package_alpha(KRIPPENDORFF_EXAMPLE), rel=1e-12)
    words = {1: "warm", 2: "attuned", 3: "leading", 4: "missing", 5: "naming"}
    as_words = [[None if v is None else words[v] for v in row] for row in KRIPPENDORFF_EXAMPLE]
    assert nominal_alpha(as_words) == pytest.approx(ours)
    as_floats = np.array(
        [[np.nan if v is None else v for v in row] for row in KRIPPENDORFF_EXAMPLE]
    )
    assert nominal_alpha(as_floats) == pytest.approx(ours)


def test_small_alpha_by_hand() -> None:
    # Units (a,a), (a,b), (b,b): o_aa = o_bb = 2, n_a = n_b = 3, n = 6.
    # alpha = (5 * 4 - 12) / (30 - 12) = 4/9.
    assert nominal_alpha([["a", "a", "b"], ["a", "b", "b"]]) == pytest.approx(4 / 9)
    # A third coder with only the last unit, and a unit nobody else coded, change nothing
    # but the last unit's pairs: (b,b,b) gives o_bb = 2 + 3, n_b = 4, n = 7.
    # alpha = (6 * 7 - (6 + 12)) / (42 - 18) = 1.
    three = [["a", "a", "b", None], ["a", "b", "b", None], [None, None, "b", "c"]]
    assert nominal_alpha(three) == pytest.approx(package_alpha(three))


def test_alpha_degenerate_cases() -> None:
    assert math.isnan(nominal_alpha([]))
    assert math.isnan(nominal_alpha([[], []]))
    assert math.isnan(nominal_alpha([["a", "b", "c"]]))  # one coder: nothing pairable
    assert math.isnan(nominal_alpha([["a", None], [None, "b"]]))
    # One category among the pairable values: 1.0 (the package raises or returns NaN here).
    assert nominal_alpha([["a", "a"], ["a", "a"]]) == 1.0
    assert nominal_alpha([["a", None], ["a", "b"]]) == 1.0
    with pytest.raises(ValueError):
        package_alpha([["a", "a"], ["a", "a"]])
    with np.errstate(invalid="ignore"):  # the package divides 0 by 0
        assert math.isnan(package_alpha([["a", None], ["a", "b"]]))
    with pytest.raises(ValueError, match="one value per unit"):
        nominal_alpha([["a", "b"], ["a"]])


reliability = st.integers(2, 6).flatmap(
    lambda m: st.integers(1, 15).flatmap(
        lambda n: st.lists(
            st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=n, max_size=n),
            min_size=m,
            max_size=m,
        )
    )
)


def pairable_values(values: Sequence[Sequence[Hashable | None]]) -> list[Hashable]:
    """All values in units with two or more of them."""
    out: list[Hashable] = []
    for unit in zip(*values, strict=True):
        present = [v for v in unit if v is not None]
        if len(present) >= 2:
            out += present
    return out


@settings(max_examples=200, deadline=None)
@given(reliability)
def test_nominal_alpha_matches_package(values: list[list[int | None]]) -> None:
    ours = nominal_alpha(values)
    pairable = pairable_values(values)
    if not pairable:
        assert math.isnan(ours)
        return
    if len(set(pairable)) == 1:
        assert ours == 1.0
        return
    expected = package_alpha(values)
    assert ours == pytest.approx(expected, rel=1e-9, abs=1e-12)
    as_text = [[None if v is None else f"c{v}" for v in row] for row in values]
    assert nominal_alpha(as_text) == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert ours <= 1.0


@settings(max_examples=100, deadline=None)
@given(reliability, st.randoms(use_true_random=False))
def test_nominal_alpha_properties(values: list[list[int | None]], rnd: Any) -> None:
    ours = nominal_alpha(values)
    coders = list(values)
    rnd.shuffle(coders)
    assert same(nominal_alpha(coders), ours)
    order = list(range(len(values[0])))
    rnd.shuffle(order)
    assert same(nominal_alpha([[row[i] for i in order] for row in values]), ours)
    first = values[0]
    assume(sum(v is not None for v in first) >= 1)
    assert nominal_alpha([first, first, first]) == 1.0


# ------------------------------------------------------------------ speed
def test_speed_three_hours_ten_thousand_events_each() -> None:
    rng = np.random.default_rng(20240101)
    clip = 3 * 3600.0
    code_list = [f"code{i}" for i in range(12)]

    def coding() -> tuple[list[str], np.ndarray, np.ndarray]:
        onsets = rng.uniform(0, clip, 10_000)
        lengths = np.where(rng.random(10_000) < 0.3, 0.0, rng.exponential(4.0, 10_000))
        return list(rng.choice(code_list, 10_000)), onsets, np.minimum(onsets + lengths, clip)

    a, b = coding(), coding()
    t0 = time.perf_counter()
    r = time_unit_kappa(*a, *b, code_list=code_list, start=0, end=clip, unit=1.0, tolerance=2.0)
    t1 = time.perf_counter()
    pa = unit_presence(*a, code_list, 0, clip, 1.0)
    pb = unit_presence(*b, code_list, 0, clip, 1.0)
    la, lb = unit_labels(pa, code_list), unit_labels(pb, code_list)
    t2 = time.perf_counter()
    kappa = cohen_kappa(la, lb)
    alpha = nominal_alpha([la, lb])
    t3 = time.perf_counter()
    print(
        f"\ntime_unit_kappa, 2 x 10,000 events, {r.units} units, ±{r.tolerance_units} units: "
        f"{t1 - t0:.3f} s; cohen_kappa + nominal_alpha on the labels: {t3 - t2:.3f} s"
    )
    assert r.units == 10_800
    assert kappa == pytest.approx(r.kappa)
    assert alpha <= 1.0
    assert t1 - t0 < 1.0
    assert t3 - t2 < 1.0
