"""The transition maths of vigkit.sequences: a published worked example, a hand-worked
sequence, and property tests against a hand count on random sequences."""

from __future__ import annotations

import itertools
import math
import warnings
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigkit.sequences import count_transitions, table_figures
from vigkit.sequences.transitions import nan_mean


def test_adjusted_residuals_and_expected_frequencies_match_a_published_example() -> None:
    """Agresti, *An Introduction to Categorical Data Analysis*, 2nd ed. (Wiley 2007),
    section 2.4.5, "Residuals for cells in a contingency table": party identification by
    gender (General Social Survey), counts

        females: Democrat 762, Independent 327, Republican 468
        males:   Democrat 484, Independent 239, Republican 477

    with estimated expected frequencies 703.7, 319.6, 533.7 / 542.3, 246.4, 411.3 and
    standardized (Haberman's adjusted) residuals 4.50, 0.70, -5.32 / -4.50, -0.70, 5.32.
    That residual, (n - mu) / sqrt(mu (1 - p_i+) (1 - p_+j)), is the one GSEQ reports for
    lag tables (Bakeman & Quera; Allison & Liker 1982), so the same function must give it.

    Bakeman & Quera's own book (2011) is in the reference store, but only its opening
    pages can be read there, so its worked examples could not be quoted; this published
    table (quoted from the book itself, not from the store) checks the same formula, and
    the hand-worked sequence below checks the lag count.
    """
    figures = table_figures([[762, 327, 468], [484, 239, 477]])
    assert figures.expected.round(1).tolist() == [[703.7, 319.6, 533.7], [542.3, 246.4, 411.3]]
    assert figures.residuals.round(2).tolist() == [[4.50, 0.70, -5.32], [-4.50, -0.70, 5.32]]


def test_yules_q_matches_the_published_odds_ratio_of_a_2x2_table() -> None:
    """Agresti (2007), section 2.3: the Physicians' Health Study, myocardial infarction
    with placebo 189 of 11,034 and with aspirin 104 of 11,037; the sample odds ratio is
    1.83. Yule's Q is (OR - 1) / (OR + 1) = 0.29 for the placebo-and-infarction cell."""
    figures = table_figures([[189, 10845], [104, 10933]])
    odds_ratio = (189 * 10933) / (10845 * 104)
    assert round(odds_ratio, 2) == 1.83
    assert figures.yules_q[0, 0] == pytest.approx((odds_ratio - 1) / (odds_ratio + 1))
    assert round(float(figures.yules_q[0, 0]), 2) == 0.29
    # In a 2x2 table every cell's collapse is the table itself, up to sign.
    assert figures.yules_q[1, 1] == pytest.approx(figures.yules_q[0, 0])
    assert figures.yules_q[0, 1] == pytest.approx(-figures.yules_q[0, 0])


def test_a_hand_worked_event_sequence() -> None:
    """A B A B C A B (A=0, B=1, C=2), worked by hand (no published source): the six
    pairs are AB BA AB BC CA AB, so A→B 3, B→A 1, B→C 1, C→A 1; rows A 3, B 2, C 1;
    columns A 2, B 3, C 1; N = 6.

    - A→B: e = 3·3/6 = 1.5, p = 3/3 = 1, z = 1.5 / sqrt(1.5 · ½ · ½) = sqrt(6) ≈ 2.449,
      2x2 collapse a=3 b=0 c=0 d=3, Q = 1.
    - B→A: e = 2·2/6 = ⅔, z = (1 - ⅔) / sqrt(⅔ · ⅔ · ⅔) ≈ 0.612; a=1 b=1 c=1 d=3, Q = ½.
    - A→A: e = 3·2/6 = 1, z = -1 / sqrt(1 · ½ · ⅔) = -sqrt(3) ≈ -1.732; a=0 b=3 c=2 d=1, Q = -1.
    """
    counts = count_transitions([[0, 1, 0, 1, 2, 0, 1]], 3)[0]
    assert counts.tolist() == [[0, 3, 0], [1, 0, 1], [1, 0, 0]]
    figures = table_figures(counts)
    assert figures.expected[0, 1] == pytest.approx(1.5)
    assert figures.probabilities[0, 1] == 1.0
    assert figures.residuals[0, 1] == pytest.approx(math.sqrt(6))
    assert figures.yules_q[0, 1] == 1.0
    assert figures.expected[1, 0] == pytest.approx(2 / 3)
    assert figures.residuals[1, 0] == pytest.approx((1 / 3) / math.sqrt((2 / 3) ** 3))
    assert figures.yules_q[1, 0] == pytest.approx(0.5)
    assert figures.residuals[0, 0] == pytest.approx(-math.sqrt(3))
    assert figures.yules_q[0, 0] == -1.0


def test_sequences_are_counted_apart_never_joined() -> None:
    counts = count_transitions([[0, 1], [1, 0], [2]], 3)
    assert counts[0].tolist() == [[0, 1, 0], [0, 0, 0], [0, 0, 0]]
    assert counts[1].tolist() == [[0, 0, 0], [1, 0, 0], [0, 0, 0]]
    assert counts[2].sum() == 0  # one event: no transition, and none into the next film
    assert count_transitions([], 3).shape == (0, 3, 3)
    with pytest.raises(ValueError, match="from 0 to 2"):
        count_transitions([[0, 3]], 3)


def test_undefined_figures_are_nan_without_a_warning() -> None:
    # Principle C (index 2) never happens: its row and column are empty.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figures = table_figures([[2, 1, 0], [1, 2, 0], [0, 0, 0]])
        empty = table_figures(np.zeros((3, 3)))
        mean, defined = nan_mean(np.array([[np.nan, 1.0], [np.nan, 3.0]]))
    assert np.isnan(figures.probabilities[2]).all()
    assert np.isnan(figures.residuals[2]).all() and np.isnan(figures.residuals[:, 2]).all()
    assert np.isnan(figures.yules_q[2, 2])  # a = b = c = 0: ad + bc = 0
    assert figures.expected[2].tolist() == [0.0, 0.0, 0.0]  # defined: nothing expected
    assert np.isnan(empty.expected).all() and np.isnan(empty.yules_q).all()
    assert np.isnan(mean[0]) and mean[1] == 2.0 and defined.tolist() == [0, 2]


sequences = st.lists(st.lists(st.integers(0, 3), max_size=30), max_size=6)


@settings(max_examples=150, deadline=None)
@given(sequences)
def test_counts_equal_a_hand_count(sequences: list[list[int]]) -> None:
    hand: Counter[tuple[int, int, int]] = Counter()
    for which, sequence in enumerate(sequences):
        for before, after in itertools.pairwise(sequence):
            hand[which, before, after] += 1
    counts = count_transitions(sequences, 4)
    assert counts.shape == (len(sequences), 4, 4)
    assert {key: int(n) for key, n in np.ndenumerate(counts) if n} == dict(hand)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 3), max_size=40))
def test_the_figures_keep_their_promises(sequence: list[int]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        counts = count_transitions([sequence], 4)[0]
        figures = table_figures(counts)
    q = figures.yules_q[~np.isnan(figures.yules_q)]
    assert ((q >= -1) & (q <= 1)).all()
    z = figures.residuals
    difference = counts - figures.expected
    finite = np.isfinite(z)
    assert (np.sign(z[finite]) == np.sign(np.round(difference[finite], 12))).all()
    # Q has the sign of x - e too: ad - bc = N (x - e).
    both = finite & np.isfinite(figures.yules_q)
    assert (np.sign(figures.yules_q[both]) == np.sign(z[both])).all()
    rows = counts.sum(axis=1)
    for i in range(4):
        if rows[i]:
            assert figures.probabilities[i].sum() == pytest.approx(1.0)
            assert figures.expected[i].sum() == pytest.approx(rows[i])
        else:
            assert np.isnan(figures.probabilities[i]).all()
    if counts.sum():
        assert figures.expected.sum(axis=0) == pytest.approx(counts.sum(axis=0))
