"""Turn-taking from speech segments: hand-made conversations with known answers, chains,
waits and overlaps, and properties that hold for any segments (checked by hypothesis on
times in eighths of a second, so shifting them is exact)."""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigkit.core.errors import VigkitError
from vigkit.moments.segments import Segment
from vigkit.moments.turns import (
    Answer,
    Chain,
    Turn,
    answers,
    chains,
    merge_turns,
    overlaps,
    turn_rate,
    waits,
)

ADULT, CHILD = 0, 1


def conversation() -> list[Segment]:
    """A speaks (two breaths), B answers after 0.6 s, four turns follow; then a long
    silence after B's last turn, and B again at the end with no answer."""
    return [
        Segment(ADULT, 0.0, 0.9),
        Segment(ADULT, 1.1, 2.0),  # a breath: 0.2 s, joined
        Segment(CHILD, 2.6, 3.4),
        Segment(ADULT, 3.9, 5.0),
        Segment(CHILD, 5.2, 6.0),
        Segment(ADULT, 6.5, 7.5),
        Segment(CHILD, 8.0, 8.5),
        Segment(CHILD, 9.2, 9.6),  # the child again during the adult's wait
        Segment(ADULT, 12.0, 13.0),
        Segment(CHILD, 20.0, 21.0),
    ]


def test_a_conversation_gives_its_turns_answers_chain_and_waits() -> None:
    turns = merge_turns(conversation())
    assert turns[0] == Turn(ADULT, 0.0, 2.0)
    assert len(turns) == 9
    found = answers(turns)
    assert found[0] == Answer(Turn(ADULT, 0.0, 2.0), Turn(CHILD, 2.6, 3.4), pytest.approx(0.6))
    [chain] = chains(turns)
    assert chain.turns[:2] == (Turn(ADULT, 0.0, 2.0), Turn(CHILD, 2.6, 3.4))
    assert (chain.onset, chain.offset) == (0.0, 8.5)
    assert chain.alternations == 5 and chain.voices == (ADULT, CHILD)
    assert [c.turns[0].onset for c in chains(turns, min_alternations=5)] == [0.0]
    assert chains(turns, min_alternations=6) == []
    assert chains(turns, gap=0.45) == []  # the 0.5 s gaps break the run
    first, last = waits(turns, duration=25.0)
    assert (first.after, first.onset, first.offset) == (Turn(CHILD, 8.0, 8.5), 8.5, 12.0)
    assert first.answered and first.child_turns == 1 and first.voice == ADULT
    assert (last.onset, last.offset, last.answered, last.child_turns) == (21.0, 25.0, False, 0)
    assert waits(turns, duration=25.0, min_wait=4.0) == [last]


def test_a_silence_longer_than_the_longest_wait_is_cut_and_not_answered() -> None:
    turns = [Turn(CHILD, 0.0, 1.0), Turn(CHILD, 13.0, 14.0), Turn(ADULT, 30.0, 31.0)]
    first, second = waits(turns, duration=40.0)
    assert (first.onset, first.offset, first.answered) == (1.0, 11.0, False)
    assert (second.onset, second.offset, second.answered) == (14.0, 24.0, False)
    [longer] = waits(turns, duration=40.0, longest=20.0)  # the child's second turn is in it
    assert (longer.onset, longer.offset, longer.answered, longer.child_turns) == (1, 21, False, 1)


def test_no_wait_while_the_adult_speaks_on_or_answers_quickly() -> None:
    turns = [Turn(ADULT, 0.0, 5.0), Turn(CHILD, 1.0, 2.0), Turn(CHILD, 6.0, 7.0)]
    assert waits(turns, duration=8.0) == []  # covered, then the film ends 1 s later
    assert waits(turns, duration=9.0)[0].onset == 7.0
    assert waits([Turn(CHILD, 0, 1), Turn(ADULT, 2.5, 3)], duration=5) == []


def test_an_answer_may_overlap_but_a_murmur_inside_a_turn_is_none() -> None:
    long = Turn(ADULT, 0.0, 5.0)
    assert answers([long, Turn(CHILD, 2.0, 3.0)]) == []  # "mm" inside the sentence
    assert answers([long, Turn(CHILD, 4.5, 6.0)]) == [Answer(long, Turn(CHILD, 4.5, 6.0), -0.5)]
    assert answers([long, Turn(CHILD, 0.0, 6.0)]) == []  # began together: no answer
    assert answers([long, Turn(CHILD, 6.6, 7.0)]) == []  # too late
    assert answers([long, Turn(ADULT, 5.5, 6.0)]) == []  # the same voice


def test_merging_stops_at_another_voice_and_at_the_join() -> None:
    segments = [Segment(ADULT, 0, 1), Segment(CHILD, 1.1, 1.2), Segment(ADULT, 1.3, 2)]
    assert merge_turns(segments) == [Turn(ADULT, 0, 1), Turn(CHILD, 1.1, 1.2), Turn(ADULT, 1.3, 2)]
    assert merge_turns([Segment(ADULT, 0, 1), Segment(ADULT, 1.5, 2)]) == [
        Turn(ADULT, 0, 1),
        Turn(ADULT, 1.5, 2),
    ]
    assert merge_turns([Segment(ADULT, 0, 1), Segment(ADULT, 1.5, 2)], join=0.6) == [
        Turn(ADULT, 0, 2)
    ]


def test_overlaps_and_the_turn_rate_by_hand() -> None:
    segments = [Segment(0, 0, 2), Segment(1, 1, 3), Segment(2, 2, 4), Segment(0, 5, 6)]
    assert [(o.onset, o.offset, o.voices) for o in overlaps(segments)] == [(1, 3, (0, 1, 2))]
    assert overlaps([Segment(0, 0, 1), Segment(1, 1, 2)]) == []
    turns = [Turn(i % 2, 2.0 * i, 2.0 * i + 1.5) for i in range(30)]  # a change every 2 s
    times, rate = turn_rate(turns, duration=60.0)
    assert times[0] == 0.0 and times[-1] == 60.0 and len(times) == 61
    assert rate[30] == pytest.approx(30.0)
    assert rate[1] == pytest.approx(30.0, abs=60 / 16)  # edges: per minute of the film seen
    empty_times, empty_rate = turn_rate([], duration=0.0)
    assert empty_times.size == 0 and empty_rate.size == 0


@pytest.mark.parametrize(
    ("segment", "words"),
    [
        (Segment(0, -1.0, 1.0), "before the film's start"),
        (Segment(0, 2.0, 1.0), "ends before it begins"),
        (Segment(0, 0.0, math.nan), "not nan"),
        (Segment(0, 0.0, math.inf), "not nan"),
        (Segment(-1, 0.0, 1.0), "whole number"),
    ],
)
def test_bad_segments_are_named(segment: Segment, words: str) -> None:
    for job in (merge_turns, overlaps):
        with pytest.raises(VigkitError, match="speech segment 2") as caught:
            job([Segment(0, 0.0, 0.5), segment])
        assert words in str(caught.value)
    with pytest.raises(VigkitError, match="turn 1"):
        answers([Turn(segment.voice, segment.onset, segment.offset)])
    with pytest.raises(VigkitError, match="gap"):
        answers([], gap=-1)
    with pytest.raises(VigkitError, match="min_wait"):
        waits([], duration=1.0, min_wait=20.0)


# ------------------------------------------------------------------ properties

EIGHTHS = st.integers(0, 160)


@st.composite
def some_segments(draw: st.DrawFn, voices: int = 2) -> list[Segment]:
    """Up to 14 segments of up to ``voices`` voices, times in eighths of a second."""
    count = draw(st.integers(0, 14))
    found = []
    for _ in range(count):
        onset = draw(EIGHTHS)
        length = draw(st.integers(1, 24))
        found.append(Segment(draw(st.integers(0, voices - 1)), onset / 8, (onset + length) / 8))
    return found


def union(stretches: list[tuple[float, float]]) -> list[tuple[float, float]]:
    joined: list[tuple[float, float]] = []
    for onset, offset in sorted(stretches):
        if joined and onset <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], offset))
        else:
            joined.append((onset, offset))
    return joined


@settings(max_examples=150, deadline=None)
@given(some_segments(voices=3), st.sampled_from([0.0, 0.25, 0.4, 1.0]))
def test_merging_keeps_all_speech_and_never_joins_across_another_voice(
    segments: list[Segment], join: float
) -> None:
    turns = merge_turns(segments, join=join)
    assert turns == sorted(turns, key=lambda t: (t.onset, t.offset, t.voice))
    for voice in {s.voice for s in segments}:
        mine = [t for t in turns if t.voice == voice]
        speech = union([(s.onset, s.offset) for s in segments if s.voice == voice])
        for onset, offset in speech:  # no speech lost
            assert any(t.onset <= onset and offset <= t.offset for t in mine)
        for before, after in pairwise(mine):  # apart, for a reason
            pause = (before.offset, after.onset)
            assert pause[1] > pause[0]
            heard = any(
                s.voice != voice and s.onset < pause[1] and s.offset > pause[0] for s in segments
            )
            assert pause[1] - pause[0] >= join or heard
        for turn in mine:  # the pauses inside a turn are short and nobody else speaks
            inside = [(a, b) for a, b in speech if turn.onset <= a and b <= turn.offset]
            assert inside[0][0] == turn.onset and inside[-1][1] == turn.offset
            for (_, end), (start, _) in pairwise(inside):
                assert start - end < join
                assert not any(
                    s.voice != voice and s.onset < start and s.offset > end for s in segments
                )


@settings(max_examples=150, deadline=None)
@given(some_segments(voices=3), st.sampled_from([0.5, 1.5]), st.integers(-40, 400))
def test_answers_and_chains_alternate_within_the_gap_and_ignore_a_shift(
    segments: list[Segment], gap: float, eighths: int
) -> None:
    turns = merge_turns(segments)
    found = answers(turns, gap=gap)
    for answer in found:
        assert answer.first.voice != answer.second.voice
        assert answer.gap == answer.second.onset - answer.first.offset <= gap
        assert answer.first.onset < answer.second.onset
        assert answer.first.offset < answer.second.offset
    assert len({a.second for a in found}) == len(found)  # each turn answers one turn
    pairs = {(a.first, a.second) for a in found}
    runs = chains(turns, gap=gap, min_alternations=1)
    for chain in runs:
        assert chain.alternations == len(chain.turns) - 1 >= 1
        for first, second in zip(chain.turns, chain.turns[1:], strict=False):
            assert (first, second) in pairs and first.voice != second.voice
    used = [t for chain in runs for t in chain.turns]
    assert len(used) == len(set(used))  # runs share no turn
    assert [c for c in runs if c.alternations >= 3] == chains(turns, gap=gap)
    shift = eighths / 8
    if all(s.onset + shift >= 0 for s in segments):
        moved = [Turn(t.voice, t.onset + shift, t.offset + shift) for t in turns]
        assert [(a.first, a.second, a.gap) for a in answers(moved, gap=gap)] == [
            (moved[turns.index(a.first)], moved[turns.index(a.second)], a.gap) for a in found
        ]
        assert [c.turns for c in chains(moved, gap=gap, min_alternations=1)] == [
            tuple(moved[turns.index(t)] for t in c.turns) for c in runs
        ]
        assert all(isinstance(c, Chain) for c in runs)


@settings(max_examples=150, deadline=None)
@given(some_segments(voices=3))
def test_overlaps_match_a_count_on_a_fine_grid(segments: list[Segment]) -> None:
    found = overlaps(segments)
    for before, after in pairwise(found):
        assert before.offset < after.onset
    for t in (np.arange(0, 200 * 8) + 0.5) / 64:  # between all the eighths
        speaking = {s.voice for s in segments if s.onset < t < s.offset}
        holding = [o for o in found if o.onset < t < o.offset]
        assert len(holding) == (1 if len(speaking) >= 2 else 0)
        if holding:
            assert speaking <= set(holding[0].voices)


@settings(max_examples=100, deadline=None)
@given(some_segments(voices=2), st.sampled_from([1.0, 2.0]), st.integers(0, 8))
def test_waits_are_silences_of_the_adult_that_never_overlap(
    segments: list[Segment], min_wait: float, extra: int
) -> None:
    turns = merge_turns(segments)
    duration = max([0.0, *(t.offset for t in turns)]) + extra
    found = waits(turns, duration=duration, min_wait=min_wait, longest=4.0)
    for wait in found:
        assert wait.after.voice == CHILD and wait.onset == wait.after.offset
        assert min_wait <= wait.length <= 4.0 and wait.offset <= duration
        assert not any(
            t.voice == ADULT and t.onset < wait.offset and t.offset > wait.onset for t in turns
        )
        speaks_at_end = any(t.voice == ADULT and t.onset == wait.offset for t in turns)
        assert wait.answered == speaks_at_end
        assert wait.child_turns == sum(
            1 for t in turns if t.voice == CHILD and wait.onset <= t.onset < wait.offset
        )
    for before, after in pairwise(found):
        assert before.offset < after.onset


@settings(max_examples=60, deadline=None)
@given(some_segments(voices=2), st.integers(1, 30))
def test_the_turn_rate_counts_each_change_of_speaker(segments: list[Segment], extra: int) -> None:
    turns = merge_turns(segments)
    duration = max([0.0, *(t.offset for t in turns)]) + extra
    changes = sum(1 for a, b in pairwise(turns) if a.voice != b.voice)
    times, rate = turn_rate(turns, duration=duration, window=2 * duration + 1)
    np.testing.assert_allclose(rate, changes * 60 / duration)  # a window that sees it all
    times, rate = turn_rate(turns, duration=duration, window=1.0, step=0.5)
    assert times[-1] <= duration < times[-1] + 0.5
    onsets = [b.onset for a, b in pairwise(turns) if a.voice != b.voice]
    for t, found in zip(times, rate, strict=True):  # counted one window at a time
        seen = sum(1 for onset in onsets if t - 0.5 <= onset < t + 0.5)
        assert found == pytest.approx(seen * 60 / (min(t + 0.5, duration) - max(t - 0.5, 0)))
