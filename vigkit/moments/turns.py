"""Turn-taking from speech segments: turns, answers, chains ("yes-cycles"), waits, overlaps.

Pure functions over the frozen types of :mod:`.segments`, so each step of the moment
finder can be checked by hand: who spoke when (:func:`merge_turns`), who answered whom
within a gap (:func:`answers`), runs of answers back and forth (:func:`chains`, the
candidate yes-cycles), an adult's silence after a child's voice (:func:`waits`), voices
at once (:func:`overlaps`) and how often the speaker changes (:func:`turn_rate`).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

import numpy as np
import numpy.typing as npt

from ..core.errors import VigkitError
from .segments import Segment

#: The longest a wait is counted, in seconds (a longer silence is not "waiting" any more).
LONGEST_WAIT = 10.0


@dataclass(frozen=True)
class Turn:
    """One voice's turn: its speech from ``onset`` to ``offset`` (seconds), pauses
    shorter than the join included."""

    voice: int
    onset: float
    offset: float

    @property
    def length(self) -> float:
        """How long the turn lasts, in seconds."""
        return self.offset - self.onset


@dataclass(frozen=True)
class Answer:
    """``second`` (another voice) answers ``first``: it starts ``gap`` seconds after
    ``first`` ends (negative when it starts while ``first`` is still speaking)."""

    first: Turn
    second: Turn
    gap: float


@dataclass(frozen=True)
class Chain:
    """Turns that answer each other back and forth: a candidate yes-cycle."""

    turns: tuple[Turn, ...]

    @property
    def onset(self) -> float:
        """When the first turn begins, in seconds."""
        return self.turns[0].onset

    @property
    def offset(self) -> float:
        """When the last turn ends, in seconds (each answer ends after the one before)."""
        return self.turns[-1].offset

    @property
    def alternations(self) -> int:
        """How many times the speaker changes (one fewer than the turns)."""
        return len(self.turns) - 1

    @property
    def voices(self) -> tuple[int, ...]:
        """The voices taking part, lowest first."""
        return tuple(sorted({turn.voice for turn in self.turns}))


@dataclass(frozen=True)
class Wait:
    """``voice`` (the adult) stays silent from ``onset`` to ``offset`` after ``after``
    (the child's turn) ends.

    ``answered`` says whether ``voice`` speaks at the wait's end (``False`` when the
    silence runs to the film's end, or longer than the longest wait counted);
    ``child_turns`` is how many turns the child begins during the wait.
    """

    after: Turn
    onset: float
    offset: float
    voice: int
    answered: bool = True
    child_turns: int = 0

    @property
    def length(self) -> float:
        """How long the wait lasts, in seconds."""
        return self.offset - self.onset


@dataclass(frozen=True)
class Overlap:
    """From ``onset`` to ``offset`` two or more voices speak at once (``voices``, lowest
    first: every voice heard at some point of the stretch)."""

    onset: float
    offset: float
    voices: tuple[int, ...]


# ------------------------------------------------------------------ checks


def _checked(items: Iterable[Segment | Turn], what: str) -> list[Segment | Turn]:
    """The items as a list, or a ``VigkitError`` naming the first bad one."""
    listed = list(items)
    for number, item in enumerate(listed, start=1):
        voice, onset, offset = item.voice, item.onset, item.offset
        name = f"{what} {number} (voice {voice!r}, {onset!r} to {offset!r} s)"
        _whole(voice, f"{name}: the voice")
        if not all(isinstance(t, (int, float, np.number)) for t in (onset, offset)):
            raise VigkitError(f"{name}: its times must be numbers of seconds")
        if not (math.isfinite(onset) and math.isfinite(offset)):
            raise VigkitError(f"{name}: its times must be real numbers of seconds, not nan/inf")
        if onset < 0:
            raise VigkitError(f"{name}: it begins before the film's start (negative time)")
        if offset < onset:
            raise VigkitError(f"{name}: it ends before it begins")
    return listed


def _whole(value: object, name: str, lowest: int = 0) -> int:
    """``value`` as an int if it is a whole number from ``lowest`` up."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < lowest:
        raise VigkitError(f"{name} must be a whole number from {lowest} up, not {value!r}")
    return int(value)


def _positive(value: float, name: str, *, zero: bool = False) -> float:
    """``value`` as a float if it is a finite number above 0 (or 0, with ``zero``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise VigkitError(f"{name} must be a number of seconds, not {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0 or (number == 0 and not zero):
        raise VigkitError(f"{name} must be {'0 or more' if zero else 'above 0'}, not {value!r}")
    return number


def _as_turns(turns: Iterable[Turn]) -> list[Turn]:
    """Checked turns, in order of onset (then offset, then voice)."""
    made = (Turn(int(t.voice), float(t.onset), float(t.offset)) for t in _checked(turns, "turn"))
    return sorted(made, key=lambda t: (t.onset, t.offset, t.voice))


# ------------------------------------------------------------------ turns


def merge_turns(segments: Iterable[Segment], *, join: float = 0.4) -> list[Turn]:
    """The turns in ``segments``, by onset: one voice's segments less than ``join``
    seconds apart become one turn, unless another voice speaks in the pause between.

    Segments of one voice that overlap or touch always join. Why: a voice detector
    splits speech at every breath; a turn is what a listener hears as one go.
    """
    join = _positive(join, "join", zero=True)
    checked = _checked(segments, "speech segment")
    turns: list[Turn] = []
    for voice in {int(s.voice) for s in checked}:
        mine = sorted((float(s.onset), float(s.offset)) for s in checked if s.voice == voice)
        others = [(float(s.onset), float(s.offset)) for s in checked if s.voice != voice]
        turns += [Turn(voice, on, off) for on, off in _joined(mine, join, others)]
    return sorted(turns, key=lambda t: (t.onset, t.offset, t.voice))


def _joined(
    stretches: list[tuple[float, float]], join: float, others: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Sorted ``stretches`` with pauses below ``join`` (or overlaps) closed, except a
    pause in which one of ``others`` is heard."""
    heard = _Heard(others)
    result: list[tuple[float, float]] = []
    for onset, offset in stretches:
        if result:
            last_onset, last_offset = result[-1]
            pause = onset - last_offset
            if pause <= 0 or (pause < join and not heard.between(last_offset, onset)):
                result[-1] = (last_onset, max(last_offset, offset))
                continue
        result.append((onset, offset))
    return result


class _Heard:
    """Stretches of speech, asked quickly whether any is heard between two times."""

    def __init__(self, stretches: Iterable[tuple[float, float]]) -> None:
        ordered = sorted(stretches)
        self.onsets = [onset for onset, _ in ordered]
        self.reach = list(accumulate((offset for _, offset in ordered), max))

    def between(self, start: float, end: float) -> bool:
        """Whether a stretch begins before ``end`` and ends after ``start``."""
        count = bisect_left(self.onsets, end)
        return count > 0 and self.reach[count - 1] > start

    def at(self, moment: float) -> bool:
        """Whether a stretch begins at or before ``moment`` and ends after it."""
        count = bisect_right(self.onsets, moment)
        return count > 0 and self.reach[count - 1] > moment


# ------------------------------------------------------------------ answers and chains


def _answered(ordered: Sequence[Turn], gap: float) -> list[Answer]:
    """For each turn of ``ordered`` (sorted by onset) the turn it answers, if any."""
    found: list[Answer] = []
    reach = np.maximum.accumulate([t.offset for t in ordered]) if ordered else np.array([])
    for index, second in enumerate(ordered):
        for before in range(index - 1, -1, -1):
            if reach[before] < second.onset - gap:
                break  # no earlier turn ends late enough to be answered
            first = ordered[before]
            if (
                first.voice != second.voice
                and first.onset < second.onset
                and first.offset < second.offset
                and second.onset - first.offset <= gap
            ):
                found.append(Answer(first, second, second.onset - first.offset))
                break  # the latest turn it could answer is the one it answers
    return found


def answers(turns: Iterable[Turn], *, gap: float = 1.5) -> list[Answer]:
    """Each turn that answers another voice's turn, by the answer's onset.

    A turn answers the latest-beginning turn of another voice that it starts at most
    ``gap`` seconds after the end of; it may start while that turn is still going (a
    negative gap), but only after it began, and it must go on after it ends (so a "mm"
    inside someone's sentence is no answer). Each turn answers at most one turn.
    """
    gap = _positive(gap, "gap", zero=True)
    return _answered(_as_turns(turns), gap)


def chains(turns: Iterable[Turn], *, gap: float = 1.5, min_alternations: int = 3) -> list[Chain]:
    """The longest runs of turns in which each turn answers the one before (see
    :func:`answers`) with at least ``min_alternations`` changes of speaker, by onset.

    When two turns answer the same turn, the run goes on with the earlier one, so runs
    never share a turn. These are the candidate yes-cycles: an initiative received, and
    received again.
    """
    gap = _positive(gap, "gap", zero=True)
    _whole(min_alternations, "min_alternations", 1)
    following: dict[Turn, Turn] = {}
    for answer in _answered(_as_turns(turns), gap):  # by the answer's onset: first wins
        following.setdefault(answer.first, answer.second)
    answering = set(following.values())
    found: list[Chain] = []
    for start in sorted(following, key=lambda t: (t.onset, t.offset, t.voice)):
        if start in answering:
            continue  # the middle of a run
        run = [start]
        while run[-1] in following:
            run.append(following[run[-1]])
        if len(run) - 1 >= min_alternations:
            found.append(Chain(tuple(run)))
    return found


# ------------------------------------------------------------------ waits


def waits(
    turns: Iterable[Turn],
    *,
    waiting_voice: int = 0,
    after_voice: int = 1,
    min_wait: float = 2.0,
    longest: float = LONGEST_WAIT,
    duration: float,
) -> list[Wait]:
    """Where ``waiting_voice`` (the adult) stays silent for ``min_wait`` seconds or more
    after a turn of ``after_voice`` (the child) ends, by onset.

    A wait runs from the child's turn's end to the adult's next turn, or the film's end
    (``duration``, or the last turn's end if later), but is never counted longer than
    ``longest`` seconds; ``answered`` is ``False`` when the adult does not speak at its
    end. The child may speak again during a wait (that is what waiting makes room for):
    those turns are counted in ``child_turns`` and start no wait of their own unless
    they end after it. Waits never overlap.
    """
    min_wait = _positive(min_wait, "min_wait")
    longest = _positive(longest, "longest")
    if min_wait > longest:
        raise VigkitError(f"min_wait ({min_wait:g} s) cannot be above longest ({longest:g} s)")
    end = _positive(duration, "duration", zero=True)
    if _whole(waiting_voice, "waiting_voice") == _whole(after_voice, "after_voice"):
        raise VigkitError("waiting_voice and after_voice must be different voices")
    ordered = _as_turns(turns)
    end = max([end, *(t.offset for t in ordered)])
    adult = _Heard((t.onset, t.offset) for t in ordered if t.voice == waiting_voice)
    child = [t for t in ordered if t.voice == after_voice]
    found: list[Wait] = []
    for turn in child:
        start = turn.offset
        if found and start <= found[-1].offset:
            continue  # the child spoke during the last wait
        if adult.at(start):
            continue  # the adult is speaking as the child stops
        index = bisect_left(adult.onsets, start)
        next_onset = adult.onsets[index] if index < len(adult.onsets) else None
        silence_end = end if next_onset is None else next_onset
        if silence_end - start < min_wait:
            continue
        offset = min(silence_end, start + longest)
        answered = next_onset is not None and silence_end <= start + longest
        others = sum(1 for c in child if c is not turn and start <= c.onset < offset)
        found.append(Wait(turn, start, offset, waiting_voice, answered, others))
    return found


# ------------------------------------------------------------------ overlaps and rate


def overlaps(segments: Iterable[Segment]) -> list[Overlap]:
    """The stretches in which two or more voices speak at once, by onset.

    Touching segments (one ends as the other begins) do not overlap, but overlaps that
    touch are one stretch; a voice overlapping itself counts once.
    """
    checked = _checked(segments, "speech segment")
    events: list[tuple[float, int, int]] = []  # (time, +1 start / -1 end, voice)
    for segment in checked:
        if segment.offset > segment.onset:
            events.append((float(segment.onset), 1, int(segment.voice)))
            events.append((float(segment.offset), -1, int(segment.voice)))
    events.sort(key=lambda e: (e[0], -e[1]))  # starts first: touching stretches join
    active: dict[int, int] = {}
    found: list[Overlap] = []
    onset: float | None = None
    heard: set[int] = set()
    for time, change, voice in events:
        active[voice] = active.get(voice, 0) + change
        if active[voice] == 0:
            del active[voice]
        if len(active) >= 2:
            onset, heard = (time, set(active)) if onset is None else (onset, heard | set(active))
        elif onset is not None:
            if time > onset:
                found.append(Overlap(onset, time, tuple(sorted(heard))))
            onset = None
    return found


def turn_rate(
    turns: Iterable[Turn], *, duration: float, window: float = 30.0, step: float = 1.0
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Changes of speaker per minute over the film: ``(times, per_minute)``.

    ``times`` runs from 0 to ``duration`` every ``step`` seconds; ``per_minute[i]``
    counts the turns that begin with another voice than the turn before, in the
    ``window`` seconds centred on ``times[i]``, per minute of that window inside the film
    (so the rate is not made low at the film's start and end). A zero-length film gives
    empty arrays.
    """
    length = _positive(duration, "duration", zero=True)
    window = _positive(window, "window")
    step = _positive(step, "step")
    ordered = _as_turns(turns)
    changes = np.array(
        [now.onset for before, now in pairwise(ordered) if now.voice != before.voice],
        dtype=np.float64,
    )
    if length == 0:
        return np.zeros(0), np.zeros(0)
    times = np.arange(math.floor(length / step + 1e-9) + 1, dtype=np.float64) * step
    low, high = times - window / 2, times + window / 2
    counted = np.searchsorted(changes, high) - np.searchsorted(changes, low)  # in [low, high)
    inside = np.minimum(high, length) - np.maximum(low, 0.0)
    return times, (counted * 60.0 / np.maximum(inside, 1e-9)).astype(np.float64)


__all__ = [
    "Answer",
    "Chain",
    "Overlap",
    "Turn",
    "Wait",
    "answers",
    "chains",
    "merge_turns",
    "overlaps",
    "turn_rate",
    "waits",
]
