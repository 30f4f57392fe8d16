"""The timeline's data: one lane per coder, every tag a mark whose status and partner
agree with the comparison, replay stretches that cover both sides of a pair."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigkit import Coding, VigkitError, compare, compare_many
from vigkit.views import timeline
from vigkit.views.marks import STATUS_FILLED, STATUS_SHAPES, STATUSES

ATTENTIVE, ENCOURAGING, GUIDING = "being-attentive", "encouraging-initiatives", "guiding"


def coding(coder: str, events: list[tuple[str, float, float | None]], role: str = "trainee",
           duration: float | None = 60.0) -> Coding:  # fmt: skip
    return Coding(
        [
            {
                "clip": "home-play",
                "coder": coder,
                "role": role,
                "code": code,
                "onset": on,
                "offset": off,
            }
            for code, on, off in events
        ],
        duration=duration,
    )


SUPERVISOR = coding(
    "S01",
    [(ENCOURAGING, 5.0, None), (ATTENTIVE, 10.0, 14.0), (GUIDING, 30.0, None),
     (GUIDING, 50.0, None)],
    role="supervisor",
)  # fmt: skip
TRAINEE = coding(
    "T07",
    [(ENCOURAGING, 5.8, None), (ATTENTIVE, 10.5, 13.0), ("receiving-initiatives", 30.4, None),
     (ATTENTIVE, 40.0, None)],
)  # fmt: skip


def test_a_pair_has_the_coder_above_the_reference_and_every_status() -> None:
    drawn = timeline(compare(TRAINEE, SUPERVISOR))
    assert [(lane.name, lane.role, lane.label) for lane in drawn.lanes] == [
        ("T07", "coder", "T07 (trainee)"),
        ("S01", "reference", "S01 (supervisor)"),
    ]
    marks = drawn.marks
    coder = marks[marks["lane"] == 0]
    reference = marks[marks["lane"] == 1]
    assert list(coder["status"]) == ["agreed", "agreed", "named-differently", "extra"]
    assert list(reference["status"]) == ["agreed", "agreed", "named-differently", "missed"]
    assert list(coder["onset"]) == [5.8, 10.5, 30.4, 40.0]
    assert coder["label"].iloc[0] == "Encouraging initiatives"
    assert coder["colour"].iloc[0] == SUPERVISOR.scheme.colour_of(ENCOURAGING)
    assert drawn.end == 60.0 and drawn.reference_lane == 1
    assert "3 moments tagged by both (2 with the same code), 1 missed, 1 extra" in drawn.subtitle


def test_partners_point_at_each_other_and_replay_covers_both() -> None:
    marks = timeline(compare(TRAINEE, SUPERVISOR)).marks
    for row in marks.itertuples():
        if row.partner < 0:
            assert row.status in ("missed", "extra")
            assert (row.replay_start, row.replay_end) == (row.onset, row.offset)
            continue
        other = marks.loc[row.partner]
        assert other.partner == row.Index and other.lane != row.lane
        assert row.replay_start == min(row.onset, other.onset)
        assert row.replay_end == max(row.offset, other.offset)
    interval = marks[(marks["lane"] == 0) & (marks["code"] == ATTENTIVE)].iloc[0]
    assert (interval.replay_start, interval.replay_end) == (10.0, 14.0)


def test_disagreements_are_in_time_order_and_a_pair_counts_once() -> None:
    drawn = timeline(compare(TRAINEE, SUPERVISOR))
    found = drawn.disagreements()
    assert list(zip(found["status"], found["onset"], strict=True)) == [
        ("named-differently", 30.4),
        ("extra", 40.0),
        ("missed", 50.0),
    ]


def test_status_words_name_the_coders() -> None:
    drawn = timeline(compare(TRAINEE, SUPERVISOR))
    assert drawn.status_words("missed") == "only S01 tagged it (missed)"
    assert drawn.status_words("extra") == "only T07 tagged it (extra)"


def test_every_status_has_its_own_shape_so_colour_is_never_needed() -> None:
    compared = [s for s in STATUSES if s != "coded"]
    assert len({(STATUS_SHAPES[s], STATUS_FILLED[s]) for s in compared}) == len(compared)
    assert len({STATUS_SHAPES[s] for s in compared}) == len(compared)


def test_a_group_has_the_reference_on_top_and_counts_who_found_each_moment() -> None:
    other = coding("T09", [(ENCOURAGING, 4.5, None), (GUIDING, 49.0, None)])
    group = compare_many([TRAINEE, other, SUPERVISOR], reference="S01")
    drawn = timeline(group)
    assert [lane.name for lane in drawn.lanes] == ["S01", "T07", "T09"]
    reference = drawn.marks[drawn.marks["lane"] == 0]
    assert list(reference["found_by"]) == [2, 1, 1, 1]  # 5 s: both; 10 s, 30 s: T07; 50 s: T09
    assert set(reference["status"]) == {"coded"}
    t09 = drawn.marks[drawn.marks["lane"] == 2]
    assert list(t09["status"]) == ["agreed", "agreed"]
    assert list(t09["partner"]) == [0, 3]  # the reference's rows
    assert drawn.coder_count == 2 and drawn.title == "What 2 coders tagged, against S01"


def test_a_group_without_a_reference_shows_each_coder_as_tagged() -> None:
    group = compare_many([TRAINEE, SUPERVISOR])
    drawn = timeline(group)
    assert [lane.role for lane in drawn.lanes] == ["coder", "coder"]
    assert set(drawn.marks["status"]) == {"coded"}
    assert drawn.disagreements().empty and drawn.reference_lane == -1


def test_a_group_with_an_outside_reference_draws_it() -> None:
    group = compare_many([TRAINEE, coding("T09", [(GUIDING, 49.0, None)])], reference=SUPERVISOR)
    drawn = timeline(group)
    assert [lane.name for lane in drawn.lanes] == ["S01", "T07", "T09"]
    assert len(drawn.marks[drawn.marks["lane"] == 0]) == 4


def test_only_comparisons_make_timelines() -> None:
    with pytest.raises(VigkitError, match=r"needs a comparison .* not Coding"):
        timeline(TRAINEE)  # type: ignore[arg-type]


times = st.floats(0, 100, allow_nan=False).map(lambda t: round(t, 1))
events = st.lists(
    st.tuples(st.sampled_from([ATTENTIVE, ENCOURAGING, GUIDING]), times, st.booleans()),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(events, events)
def test_marks_agree_with_the_comparison(first: list, second: list) -> None:  # type: ignore[type-arg]
    a = coding("A", [(c, t, t + 3 if long else None) for c, t, long in first], duration=110)
    b = coding("B", [(c, t, t + 3 if long else None) for c, t, long in second], role="supervisor",
               duration=110)  # fmt: skip
    result = compare(a, b)
    marks = timeline(result).marks
    summary = result.summary()
    assert len(marks) == len(first) + len(second)
    counts = marks["status"].value_counts()
    assert counts.get("missed", 0) == summary["misses"]
    assert counts.get("extra", 0) == summary["extras"]
    assert counts.get("agreed", 0) == 2 * summary["matched_same_code"]
    paired = marks[marks["partner"] >= 0]
    assert len(paired) == 2 * summary["matched"]
    assert (paired["replay_end"] >= paired["replay_start"]).all()
