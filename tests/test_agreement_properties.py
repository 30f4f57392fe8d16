"""Properties of the whole ``compare``, through the public API, on generated codings.

The agreement modules have their own properties; these check that ``compare`` puts them
together faithfully: identical codings agree perfectly, swapping the sides mirrors every
figure, every coefficient stays within its bounds, pairs respect the tolerance, and moving
both codings along the film changes nothing.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigkit import Coding, compare, load_scheme

CODES = [category.id for category in load_scheme().categories][:3]
FILM = 200.0  # seconds; events lie in the first 90 s so that shifts stay inside the film
Event = tuple[str, float, float]


@st.composite
def events(draw: st.DrawFn, crowded: bool = False) -> list[Event]:
    """Up to 10 events on quarter seconds, a mix of points and intervals."""
    span = 12 if crowded else 320  # quarters: 3 s makes clashes and ties likely
    out = []
    for _ in range(draw(st.integers(0, 10))):
        onset = draw(st.integers(0, span)) / 4
        length = draw(st.sampled_from([0, 0, 1, 2, 6, 20, 40])) / 4
        out.append((draw(st.sampled_from(CODES)), onset, onset + length))
    return out


EVENTS = st.one_of(events(), events(crowded=True))
TOLERANCES = st.sampled_from([0.0, 0.5, 2.0, 3.0])


def coding(coder: str, items: list[Event], shift: float = 0.0) -> Coding:
    rows = [
        {"clip": "film", "coder": coder, "code": c, "onset": on + shift, "offset": off + shift}
        for c, on, off in items
    ]
    return Coding(rows, duration=FILM)


def same(x: object, y: object) -> bool:
    """Equal figures, NaN equal to NaN and floats up to rounding."""
    if isinstance(x, float) and isinstance(y, float):
        return (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, abs_tol=1e-9)
    return x == y


FIGURES = [
    "alignment_kappa", "kappa_max", "raw_agreement", "time_unit_kappa",
    "time_unit_kappa_tolerant", "time_unit_kappa_without_none", "none_share", "alpha",
    "unitizing_alpha", "boundary_alpha", "coding_alpha", "matched", "matched_same_code",
]  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(EVENTS, TOLERANCES)
def test_identical_codings_agree_perfectly(items: list[Event], tolerance: float) -> None:
    result = compare(coding("T01", items), coding("S01", items), tolerance=tolerance)
    s = result.summary()
    assert (s["misses"], s["extras"]) == (0, 0)
    assert s["matched"] == s["matched_same_code"] == len(items)
    if not items:
        return
    for name in ("alignment_kappa", "raw_agreement", "alpha", "time_unit_kappa"):
        assert s[name] == pytest.approx(1.0), name
    if s["unitizing_alpha"] is not None:
        assert s["unitizing_alpha"] == s["boundary_alpha"] == s["coding_alpha"] == 1.0
    table = result.per_code()
    assert (table["matched"] == table["reference"]).all()


@settings(max_examples=80, deadline=None)
@given(EVENTS, EVENTS, TOLERANCES)
def test_swapping_the_sides_mirrors_every_figure(
    mine: list[Event], theirs: list[Event], tolerance: float
) -> None:
    ab = compare(coding("T01", mine), coding("S01", theirs), tolerance=tolerance).summary()
    ba = compare(coding("S01", theirs), coding("T01", mine), tolerance=tolerance).summary()
    for name in FIGURES:
        assert same(ab[name], ba[name]), name
    assert (ab["misses"], ab["extras"]) == (ba["extras"], ba["misses"])


@settings(max_examples=120, deadline=None)
@given(EVENTS, EVENTS, TOLERANCES)
def test_figures_stay_in_bounds_and_pairs_respect_the_tolerance(
    mine: list[Event], theirs: list[Event], tolerance: float
) -> None:
    result = compare(coding("T01", mine), coding("S01", theirs), tolerance=tolerance)
    s = result.summary()
    if mine or theirs:
        assert -1 - 1e-9 <= s["alignment_kappa"] <= s["kappa_max"] + 1e-9 <= 1 + 2e-9
        assert 0 <= s["raw_agreement"] <= 1
    for name in ("time_unit_kappa", "time_unit_kappa_tolerant", "time_unit_kappa_without_none"):
        assert math.isnan(s[name]) or -1 - 1e-9 <= s[name] <= 1 + 1e-9, name
    assert math.isnan(s["none_share"]) or 0 <= s["none_share"] <= 1
    for name in ("alpha", "unitizing_alpha", "boundary_alpha", "coding_alpha"):
        assert s[name] is None or math.isnan(s[name]) or s[name] <= 1 + 1e-9, name
    assert s["matched"] + s["extras"] == len(mine)
    assert s["matched"] + s["misses"] == len(theirs)
    for pair in result.pairs().itertuples():
        near = abs(pair.onset - pair.reference_onset) <= tolerance + 1e-9
        overlap = min(pair.offset, pair.reference_offset) >= max(
            pair.onset, pair.reference_onset
        ) and (pair.offset > pair.onset or pair.reference_offset > pair.reference_onset)
        assert near or overlap


@settings(max_examples=80, deadline=None)
@given(EVENTS, EVENTS, TOLERANCES, st.integers(1, 100))
def test_moving_both_codings_along_the_film_changes_nothing(
    mine: list[Event], theirs: list[Event], tolerance: float, seconds: int
) -> None:
    # Whole seconds, so that the one-second time units move with the events.
    before = compare(coding("T01", mine), coding("S01", theirs), tolerance=tolerance)
    after = compare(
        coding("T01", mine, shift=seconds),
        coding("S01", theirs, shift=seconds),
        tolerance=tolerance,
    )
    for name in FIGURES:
        assert same(before.summary()[name], after.summary()[name]), name
    moved = after.pairs()
    moved[["onset", "offset", "reference_onset", "reference_offset"]] -= seconds
    assert moved.equals(before.pairs())
