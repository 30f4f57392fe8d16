"""Krippendorff's unitizing alpha (2016 revision): hand-worked values, an oracle and properties.

Sources for the equations (the paper itself and the 4th edition of *Content Analysis* were
not readable to us; these implementations cite their equation numbers and agree on uα, |uα):
quallmer/quallmer ``R/reliability.R`` (Krippendorff 2019, section 12.6, eqs. 32-35), and two
Python packages built on Krippendorff et al. (2016): "krippendorff-unitized-alpha" and
"Krippendorff's unitized alpha" (eqs. 1, 4, 5a, 6). No published numeric result of the 2016
coefficients was found, so the values below are worked by hand from those equations and
checked against ``_oracle``, a literal transcription of them in exact fractions.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence
from fractions import Fraction
from itertools import permutations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vigkit.agreement.unitizing import UnitizingAlpha, unitizing_alpha

Coding = list[tuple[str, float, float]]
IntCoding = list[tuple[str, int, int]]
Section = tuple[str | None, int, int]


# --- an oracle: the equations as written, section by section, in exact fractions -------------


def _sections(units: Sequence[tuple[str, int, int]], start: int, end: int) -> list[Section]:
    """A coder's partition of [start, end): its units plus the gaps (value None) between."""
    out: list[Section] = []
    position = start
    for code, onset, offset in sorted(units, key=lambda u: u[1]):
        if onset > position:
            out.append((None, position, onset))
        out.append((code, onset, offset))
        position = offset
    if position < end:
        out.append((None, position, end))
    return out


def _oracle_alpha(partitions: list[list[Section]], resolution: Fraction, binary: bool) -> Fraction:
    """1 - D_o / D_e from l_ck and e_ck exactly as defined (binary: gap versus any code)."""
    m = len(partitions)

    def value(code: str | None) -> str | None:
        return ("coded" if code is not None else None) if binary else code

    observed: dict[tuple[str | None, str | None], Fraction] = {}
    for i, j in permutations(range(m), 2):
        for c, b1, e1 in partitions[i]:
            for k, b2, e2 in partitions[j]:
                overlap = min(e1, e2) - max(b1, b2)
                if overlap > 0:
                    key = (value(c), value(k))
                    observed[key] = observed.get(key, Fraction(0)) + Fraction(overlap, m - 1)
    values = {c for c, _ in observed} | {k for _, k in observed}
    margin = {
        c: sum((observed.get((c, k), Fraction(0)) for k in values), Fraction(0)) for c in values
    }
    total = sum(margin.values(), Fraction(0))
    self_pairs = {c: Fraction(0) for c in values}
    for partition in partitions:
        for c, b, e in partition:
            self_pairs[value(c)] += resolution * (e - b) if c is None else Fraction(e - b) ** 2
    denominator = total - sum(self_pairs.values(), Fraction(0)) / total
    expected = {
        (c, k): (margin[c] * margin[k] - (self_pairs[c] if c == k else 0)) / denominator
        for c in values
        for k in values
    }
    d_o = sum((v for (c, k), v in observed.items() if c != k), Fraction(0))
    d_e = sum((v for (c, k), v in expected.items() if c != k), Fraction(0))
    if d_e == 0:
        assert d_o == 0, "disagreement without anything to disagree on"
        return Fraction(1)
    return 1 - d_o / d_e


def _oracle_coding(
    partitions: list[list[Section]], codes: list[str]
) -> tuple[Fraction | None, dict[str, Fraction | None]]:
    """cuα and (k)uα from l*_ck, S*_c (pairable lengths squared) and e*_ck as defined."""
    m = len(partitions)
    observed: dict[tuple[str, str], Fraction] = {}
    for i, j in permutations(range(m), 2):
        for c, b1, e1 in partitions[i]:
            for k, b2, e2 in partitions[j]:
                overlap = min(e1, e2) - max(b1, b2)
                if c is not None and k is not None and overlap > 0:
                    observed[c, k] = observed.get((c, k), Fraction(0)) + Fraction(overlap, m - 1)
    margin = {
        c: sum((observed.get((c, k), Fraction(0)) for k in codes), Fraction(0)) for c in codes
    }
    total = sum(margin.values(), Fraction(0))
    if total == 0:
        return None, dict.fromkeys(codes)
    self_pairs = dict.fromkeys(codes, Fraction(0))
    for i, partition in enumerate(partitions):
        others = {
            t
            for j, other in enumerate(partitions)
            if j != i
            for k, b, e in other
            if k is not None
            for t in range(b, e)
        }
        for c, b, e in partition:
            if c is not None:
                self_pairs[c] += Fraction(sum(1 for t in range(b, e) if t in others)) ** 2
    denominator = total - sum(self_pairs.values(), Fraction(0)) / total

    def expected(c: str, k: str) -> Fraction:
        return (margin[c] * margin[k] - (self_pairs[c] if c == k else 0)) / denominator

    d_o = total - sum((observed.get((c, c), Fraction(0)) for c in codes), Fraction(0))
    d_e = total - sum((expected(c, c) for c in codes), Fraction(0))
    coding = Fraction(1) if d_e == 0 and d_o == 0 else 1 - d_o / d_e
    per_code: dict[str, Fraction | None] = {}
    for k in codes:
        if margin[k] == 0:
            per_code[k] = None
            continue
        e_k = sum((expected(c, k) for c in codes), Fraction(0))
        d_o_k = margin[k] - observed.get((k, k), Fraction(0))
        d_e_k = e_k - expected(k, k)
        per_code[k] = (
            Fraction(1) if d_e_k == 0 and d_o_k == 0 else 1 - e_k / margin[k] * d_o_k / d_e_k
        )
    return coding, per_code


def _oracle(
    codings: list[IntCoding], start: int, end: int, r: Fraction
) -> tuple[Fraction, Fraction, dict[str, Fraction]]:
    """uα, |uα and the per-code alphas (code k versus everything else as gap)."""
    partitions = [_sections(units, start, end) for units in codings]
    codes = sorted({code for units in codings for code, _, _ in units})
    per_code = {
        k: _oracle_alpha(
            [_sections([u for u in units if u[0] == k], start, end) for units in codings], r, False
        )
        for k in codes
    }
    return _oracle_alpha(partitions, r, False), _oracle_alpha(partitions, r, True), per_code


# --- hand-worked examples ----------------------------------------------------------------------


def test_small_example_worked_by_hand() -> None:
    # [0, 20), two coders, r = 1. Elementary segments: [2,3) a/gap, [3,8) a/a, [12,16) b/b,
    # [16,18) gap/b, the rest gap/gap. l.. = 40; l_a. = 6+5, l_b. = 4+6, l_gap. = 19.
    # D_o = 2 * (1 + 2) = 6. S = 6^2 + 4^2 + 5^2 + 6^2 + 19 * 1 = 132, so l.. - S/l.. = 36.7.
    # uα: D_e = (40^2 - 11^2 - 10^2 - 19^2) / 36.7 = 1018 / 36.7.
    # |uα: D_o = 2 * 3 (the same stretches), D_e = 2 * 19 * 21 / 36.7.
    # a alone: D_o = 2, S = 36 + 25 + 29 = 90, D_e = 2 * 11 * 29 / (40 - 90/40).
    # b alone: D_o = 4, S = 16 + 36 + 30 = 82, D_e = 2 * 10 * 30 / (40 - 82/40).
    coder_a = [("a", 2, 8), ("b", 12, 16)]
    coder_b = [("a", 3, 8), ("b", 12, 18)]
    result = unitizing_alpha([coder_a, coder_b], 0, 20, resolution=1)
    assert result.u_alpha == pytest.approx(1 - 6 * 36.7 / 1018)  # 0.7837
    assert result.boundary_alpha == pytest.approx(1 - 6 * 36.7 / 798)  # 0.7241
    assert result.per_code_unitizing == pytest.approx(
        {"a": 1 - 2 * 37.75 / 638, "b": 1 - 4 * 37.95 / 600}
    )
    assert round(result.u_alpha, 3) == 0.784
    assert round(result.per_code_unitizing["b"], 3) == 0.747
    assert (result.coders, result.length) == (2, 20.0)


def test_coding_alphas_worked_by_hand() -> None:
    # Units intersect on [2,10) (a with a) and [20,26) (b with a): l*_aa = 16, l*_ab = l*_ba = 6,
    # l*.. = 28, margins a 22, b 6. Pairable lengths: 8 and 6 for A's units, 8 and 6 for B's,
    # so S*_a = 64 + 64 + 36 = 164, S*_b = 36 and l*.. - S*/l*.. = 146/7.
    # e*_aa = 320 * 7/146 = 1120/73, e*_bb = 0: D*_o = 12, D*_e = 28 - 1120/73 = 924/73,
    # cuα = 1 - 12 * 73/924 = 4/77. (a)uα: e*_.a = 1582/73, so
    # 1 - (1582/73)/22 * 6/(462/73) = 8/121. (b)uα: e*_.b = 462/73 = e*_.b - e*_bb, and
    # 1 - (77/73) * 6 * 73/462 = 0: b was never given where the other coder had a unit of b.
    coder_a = [("a", 0, 10), ("b", 20, 30)]
    coder_b = [("a", 2, 10), ("a", 20, 26)]
    result = unitizing_alpha([coder_a, coder_b], 0, 40)
    assert result.coding_alpha == pytest.approx(4 / 77)
    assert result.per_code == pytest.approx({"a": 8 / 121, "b": 0.0})
    # Where units do not intersect there is nothing to judge: boundaries do not matter here.
    apart = unitizing_alpha([[("a", 0, 10)], [("a", 20, 30)]], 0, 40)
    assert math.isnan(apart.coding_alpha) and math.isnan(apart.per_code["a"])
    assert apart.per_code_unitizing["a"] < 0


def test_krippendorff_2004_example_data_under_the_2016_equations() -> None:
    # The unitizing example of Krippendorff (2004, Content Analysis 2nd ed., p. 254), as
    # encoded in DKPro Agreement's Krippendorff2004Test (continuum [150, 450), characters).
    # The values DKPro asserts for it (c: .7286, k: 1.000; not checked against the book) are
    # of the *2004* coefficient, which scores boundary offsets by squared distances, so they
    # are not ours to reproduce; the values below are worked by hand from the 2016 equations
    # with r = 1.
    # c alone: mismatches 5+5+15+25+20 = 70, D_o = 140; l_c. = 220, l_gap. = 380;
    #   S = 70^2 + 30^2 + 80^2 + 20^2 + 20^2 + 380 = 13380; D_e = 2*220*380 / (600 - 13380/600).
    # uα (k and c overlap in both codings, so [220,240) etc. carry the value {c, k}):
    #   D_o = 140, margins gap 195, k 185, {c,k} 35, c 185; S = 8675 + 8900 + 195 = 17770;
    #   D_e = (600^2 - 195^2 - 185^2 - 35^2 - 185^2) / (600 - 17770/600).
    # |uα: D_o = 2 * (5+15+25+20) = 130, D_e = 2 * 195 * 405 / (600 - 17770/600).
    coder_i = [("c", 225, 295), ("c", 370, 400), ("k", 180, 240), ("k", 300, 350)]
    coder_j = [("c", 220, 300), ("c", 355, 375), ("c", 400, 420), ("k", 180, 240), ("k", 300, 350)]
    result = unitizing_alpha([coder_i, coder_j], 150, 450, resolution=1)
    correction = 600 - 17770 / 600
    assert result.u_alpha == pytest.approx(1 - 140 * correction / 252300)
    assert result.boundary_alpha == pytest.approx(1 - 130 * correction / 157950)
    assert result.per_code_unitizing["c"] == pytest.approx(1 - 140 * (600 - 13380 / 600) / 167200)
    assert result.per_code_unitizing["k"] == 1.0
    assert [round(v, 3) for v in (result.u_alpha, result.boundary_alpha)] == [0.683, 0.531]
    assert round(result.per_code_unitizing["c"], 3) == 0.516


def test_identical_codings_agree_perfectly() -> None:
    coding = [("praise", 3.0, 7.5), ("attune", 10.0, 12.0), ("praise", 20.0, 31.0)]
    result = unitizing_alpha([coding, list(coding), list(coding)], 0.0, 60.0)
    assert result.u_alpha == result.boundary_alpha == 1.0
    assert result.per_code_unitizing == {"attune": 1.0, "praise": 1.0}


def test_a_small_shift_costs_a_little() -> None:
    # [10,20) against [10.5,20.5) on [0,60): D_o = 2 * 1, D_e = 2*20*100 / (120 - 200/120).
    shifted = unitizing_alpha([[("a", 10, 20)], [("a", 10.5, 20.5)]], 0, 60)
    assert shifted.u_alpha == pytest.approx(1 - 2 * (120 - 200 / 120) / 4000)  # 0.9408
    assert 0.9 < shifted.u_alpha < 1.0
    assert (
        shifted.boundary_alpha == shifted.per_code_unitizing["a"] == pytest.approx(shifted.u_alpha)
    )
    further = unitizing_alpha([[("a", 10, 20)], [("a", 12, 22)]], 0, 60)
    assert further.u_alpha < shifted.u_alpha


def test_a_code_only_one_coder_used_is_not_reliable() -> None:
    coder_a = [("attune", 10, 20), ("praise", 30, 35)]
    coder_b = [("attune", 10, 20)]
    result = unitizing_alpha([coder_a, coder_b], 0, 100)
    assert result.per_code_unitizing["praise"] <= 0.0
    assert result.per_code_unitizing["attune"] == 1.0
    # The same code, named differently by the other coder: coding disagreement only.
    renamed = unitizing_alpha([coder_a, [("attune", 10, 20), ("name", 30, 35)]], 0, 100)
    assert renamed.per_code_unitizing["praise"] <= 0.0 and renamed.per_code_unitizing["name"] <= 0.0
    assert renamed.boundary_alpha == 1.0 and renamed.u_alpha < 1.0


def test_completely_disjoint_codings_are_at_or_below_chance() -> None:
    coder_a = [("a", 0, 10), ("a", 20, 30)]
    coder_b = [("a", 40, 50), ("b", 60, 70)]
    result = unitizing_alpha([coder_a, coder_b], 0, 100)
    assert result.u_alpha <= 0.0 and result.boundary_alpha <= 0.0
    assert all(value <= 0.0 for value in result.per_code_unitizing.values())


# --- how intervals are read --------------------------------------------------------------------


def test_one_coders_overlapping_intervals_of_a_code_are_merged() -> None:
    other = [("a", 2, 9), ("b", 12, 20)]
    merged = unitizing_alpha([[("a", 0, 6), ("a", 4, 10), ("b", 12, 18)], other], 0, 30)
    single = unitizing_alpha([[("a", 0, 10), ("b", 12, 18)], other], 0, 30)
    assert merged == single


def test_touching_intervals_stay_two_units() -> None:
    other = [("a", 2, 10)]
    two = unitizing_alpha([[("a", 0, 5), ("a", 5, 10)], other], 0, 30, resolution=1)
    one = unitizing_alpha([[("a", 0, 10)], other], 0, 30, resolution=1)
    assert (
        two.per_code_unitizing["a"] != one.per_code_unitizing["a"]
    )  # only the self-pairing correction differs
    assert two.per_code_unitizing["a"] == pytest.approx(one.per_code_unitizing["a"], abs=0.05)


def test_overlapping_codes_form_a_combined_value() -> None:
    other = [("a", 2, 8), ("b", 9, 14)]
    overlapping = unitizing_alpha([[("a", 0, 10), ("b", 5, 15)], other], 0, 30)
    spelled_out = unitizing_alpha([[("a", 0, 5), ("a+b", 5, 10), ("b", 10, 15)], other], 0, 30)
    assert overlapping.u_alpha == pytest.approx(spelled_out.u_alpha)
    assert overlapping.boundary_alpha == pytest.approx(spelled_out.boundary_alpha)
    # Per code, each code is judged on its own stretch, overlaps or not.
    alone = unitizing_alpha([[("a", 0, 10)], [("a", 2, 8)]], 0, 30)
    assert overlapping.per_code_unitizing["a"] == pytest.approx(alone.per_code_unitizing["a"])


def test_intervals_are_clipped_to_the_continuum() -> None:
    clipped = unitizing_alpha([[("a", -5, 10)], [("a", 0, 12.0004)]], 0, 12)
    inside = unitizing_alpha([[("a", 0, 10)], [("a", 0, 12)]], 0, 12)
    assert clipped == inside


def test_no_units_at_all_gives_nan() -> None:
    result = unitizing_alpha([[], []], 0, 10)
    assert math.isnan(result.u_alpha) and math.isnan(result.boundary_alpha)
    assert result.per_code_unitizing == {}


def test_one_value_everywhere_is_perfect_agreement() -> None:
    result = unitizing_alpha([[("a", 0, 10)], [("a", 0, 4), ("a", 4, 10)]], 0, 10)
    assert result.u_alpha == result.boundary_alpha == result.per_code_unitizing["a"] == 1.0


@pytest.mark.parametrize(
    ("codings", "start", "end", "message"),
    [
        ([[("a", 0, 1)]], 0, 10, "at least two coders"),
        ([[("a", 2, 2)], []], 0, 10, "point event"),
        ([[("a", 3, 2)], []], 0, 10, "before onset"),
        ([[("a", 11, 12)], []], 0, 10, "outside"),
        ([[("a", 0, 1, "x")], []], 0, 10, "triple"),
        ([[(1, 0, 1)], []], 0, 10, "non-empty string"),
        ([[("a", 0, math.nan)], []], 0, 10, "finite"),
        ([[("a", "0", 1)], []], 0, 10, "number"),
        ([[], []], 5, 5, "positive length"),
    ],
)
def test_bad_input_is_refused(
    codings: list[list[tuple[object, ...]]], start: float, end: float, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        unitizing_alpha(codings, start, end)  # type: ignore[arg-type]  # deliberately bad


def test_resolution_must_fit_the_continuum() -> None:
    with pytest.raises(ValueError, match="resolution"):
        unitizing_alpha([[("a", 0, 1)], []], 0, 10, resolution=-1)
    with pytest.raises(ValueError, match="resolution"):
        unitizing_alpha([[("a", 0, 1)], []], 0, 10, resolution=11)


# --- properties --------------------------------------------------------------------------------

LENGTH = 40


@st.composite
def _coder(draw: st.DrawFn, codes: str = "abc") -> list[tuple[str, int, int]]:
    """Non-overlapping (possibly touching) integer units on [0, LENGTH)."""
    units, position = [], 0
    for _ in range(draw(st.integers(0, 6))):
        gap, duration = draw(st.integers(0, 6)), draw(st.integers(1, 10))
        if position + gap + duration > LENGTH:
            break
        units.append((draw(st.sampled_from(codes)), position + gap, position + gap + duration))
        position += gap + duration
    return units


@st.composite
def _overlapping_coder(draw: st.DrawFn) -> Coding:
    """Any intervals on [0, LENGTH), overlapping freely, times in quarters."""
    count = draw(st.integers(0, 6))
    out: Coding = []
    for _ in range(count):
        onset = draw(st.integers(0, 4 * LENGTH - 1))
        offset = draw(st.integers(onset + 1, 4 * LENGTH))
        out.append((draw(st.sampled_from("abc")), onset / 4, offset / 4))
    return out


def _same(a: UnitizingAlpha, b: UnitizingAlpha, tolerance: float = 1e-9) -> bool:
    """Equal alphas up to rounding (NaN equals NaN)."""

    def close(x: float, y: float) -> bool:
        return (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, abs_tol=tolerance)

    return (
        close(a.u_alpha, b.u_alpha)
        and close(a.boundary_alpha, b.boundary_alpha)
        and close(a.coding_alpha, b.coding_alpha)
        and a.per_code.keys() == b.per_code.keys()
        and all(close(a.per_code[k], b.per_code[k]) for k in a.per_code)
        and a.per_code_unitizing.keys() == b.per_code_unitizing.keys()
        and all(
            close(a.per_code_unitizing[k], b.per_code_unitizing[k]) for k in a.per_code_unitizing
        )
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(_coder(), min_size=2, max_size=4), st.sampled_from([0, 1]))
def test_matches_the_equations_written_out(codings: list[IntCoding], resolution: int) -> None:
    u_alpha, boundary_alpha, per_code = _oracle(codings, 0, LENGTH, Fraction(resolution))
    result = unitizing_alpha(codings, 0, LENGTH, resolution=resolution)
    if not per_code:
        assert math.isnan(result.u_alpha) and result.per_code_unitizing == {}
        return
    assert result.u_alpha == pytest.approx(float(u_alpha), abs=1e-9)
    assert result.boundary_alpha == pytest.approx(float(boundary_alpha), abs=1e-9)
    assert result.per_code_unitizing == pytest.approx(
        {k: float(v) for k, v in per_code.items()}, abs=1e-9
    )
    if len(codings) > 2:  # cuα and (k)uα are for two coders only
        assert math.isnan(result.coding_alpha)
        assert all(math.isnan(v) for v in result.per_code.values())
        return
    coding, per_code_coding = _oracle_coding(
        [_sections(units, 0, LENGTH) for units in codings], sorted(per_code)
    )
    assert _close(result.coding_alpha, coding)
    assert result.per_code.keys() == per_code_coding.keys()
    assert all(_close(result.per_code[k], v) for k, v in per_code_coding.items())


@settings(max_examples=150, deadline=None)
@given(_coder("ab"), _coder("ab"))
def test_coding_alphas_match_the_equations_for_two_coders(
    first: IntCoding, second: IntCoding
) -> None:
    result = unitizing_alpha([first, second], 0, LENGTH)
    codes = sorted({code for code, _, _ in first + second})
    assume(codes)
    coding, per_code = _oracle_coding(
        [_sections(first, 0, LENGTH), _sections(second, 0, LENGTH)], codes
    )
    assert _close(result.coding_alpha, coding)
    assert result.per_code.keys() == per_code.keys()
    assert all(_close(result.per_code[k], v) for k, v in per_code.items())


def _close(value: float, exact: Fraction | None) -> bool:
    """``value`` equals the oracle's ``exact`` (None meaning NaN) up to rounding."""
    if exact is None:
        return math.isnan(value)
    return math.isclose(value, float(exact), abs_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(_overlapping_coder(), st.integers(2, 4))
def test_identical_codings_give_one(coding: Coding, coders: int) -> None:
    result = unitizing_alpha([coding] * coders, 0, LENGTH)
    if not coding:
        assert math.isnan(result.u_alpha)
        return
    assert result.u_alpha == result.boundary_alpha == 1.0
    assert set(result.per_code_unitizing.values()) == {1.0}
    if coders == 2:  # codes only ever given together are judged as that combination
        assert result.coding_alpha == 1.0
        assert {v for v in result.per_code.values() if not math.isnan(v)} == {1.0}


@settings(max_examples=100, deadline=None)
@given(st.lists(_overlapping_coder(), min_size=2, max_size=4), st.randoms(use_true_random=False))
def test_the_order_of_coders_does_not_matter(codings: list[Coding], rnd: random.Random) -> None:
    shuffled = [list(c) for c in codings]
    rnd.shuffle(shuffled)
    for coding in shuffled:
        rnd.shuffle(coding)
    assert _same(unitizing_alpha(codings, 0, LENGTH), unitizing_alpha(shuffled, 0, LENGTH))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_overlapping_coder(), min_size=2, max_size=3),
    st.integers(-40_000, 40_000).map(lambda q: q / 4),
    st.sampled_from([0.0, 0.25, 1.0]),
)
def test_shifting_everything_changes_nothing(codings: list[Coding], shift: float, r: float) -> None:
    moved = [[(code, on + shift, off + shift) for code, on, off in c] for c in codings]
    before = unitizing_alpha(codings, 0, LENGTH, resolution=r)
    after = unitizing_alpha(moved, shift, LENGTH + shift, resolution=r)
    assert _same(before, after)


@settings(max_examples=60, deadline=None)
@given(st.lists(_overlapping_coder(), min_size=2, max_size=3), st.sampled_from([0.5, 4.0, 60.0]))
def test_continuous_time_does_not_depend_on_the_time_unit(
    codings: list[Coding], factor: float
) -> None:
    scaled = [[(code, on * factor, off * factor) for code, on, off in c] for c in codings]
    assert _same(unitizing_alpha(codings, 0, LENGTH), unitizing_alpha(scaled, 0, LENGTH * factor))


@settings(max_examples=150, deadline=None)
@given(st.lists(_overlapping_coder(), min_size=2, max_size=4), st.sampled_from([0.0, 1.0]))
def test_alpha_is_at_most_one(codings: list[Coding], resolution: float) -> None:
    result = unitizing_alpha(codings, 0, LENGTH, resolution=resolution)
    assume(result.per_code_unitizing)
    for value in (result.u_alpha, result.boundary_alpha, *result.per_code_unitizing.values()):
        assert not math.isnan(value) and value <= 1.0 + 1e-12
    for value in (result.coding_alpha, *result.per_code.values()):
        assert math.isnan(value) or value <= 1.0 + 1e-12


def test_independent_codings_score_near_chance() -> None:
    # Chance correction: coders who tag at random, independently, should land near alpha = 0.
    rnd = random.Random(7)
    length = 3 * 3600.0
    result = unitizing_alpha([_film_coding(rnd, 1500, length) for _ in range(3)], 0.0, length)
    for value in (result.u_alpha, result.boundary_alpha, *result.per_code_unitizing.values()):
        assert abs(value) < 0.05


# --- speed -------------------------------------------------------------------------------------


def _film_coding(rnd: random.Random, count: int, length: float) -> Coding:
    """``count`` intervals of 1-10 s, eight codes, spread over a film of ``length`` seconds."""
    codes = [f"code{k}" for k in range(8)]
    out = []
    for _ in range(count):
        onset = rnd.uniform(0, length - 10)
        out.append((rnd.choice(codes), onset, onset + rnd.uniform(1, 10)))
    return out


def test_two_coders_with_2000_intervals_over_three_hours_take_under_a_second() -> None:
    rnd = random.Random(20260424)
    length = 3 * 3600.0
    supervisor = _film_coding(rnd, 2000, length)
    trainee = [
        (c, max(0.0, on + rnd.gauss(0, 0.5)), off + rnd.gauss(0, 0.5)) for c, on, off in supervisor
    ]
    trainee = [(c, on, off) for c, on, off in trainee if off > on]
    began = time.perf_counter()
    result = unitizing_alpha([supervisor, trainee], 0.0, length)
    elapsed = time.perf_counter() - began
    print(f"\nunitizing_alpha, 2 coders x 2000 intervals over 3 h: {elapsed * 1000:.1f} ms")
    assert elapsed < 1.0
    assert 0.0 < result.u_alpha < 1.0 and len(result.per_code_unitizing) == 8
    # Gaps counted in seconds or in frames, or not at all: alpha moves in the 4th decimal.
    frames = unitizing_alpha([supervisor, trainee], 0.0, length, resolution=1 / 25)
    seconds = unitizing_alpha([supervisor, trainee], 0.0, length, resolution=1.0)
    assert abs(frames.u_alpha - result.u_alpha) < 1e-3
    assert abs(seconds.u_alpha - result.u_alpha) < 1e-3
