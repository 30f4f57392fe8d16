"""When things sound and end: the syllables of speech and the span of each beat."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .model import Beat
from .vocabulary import default_length

#: The mouth is open for this share of a syllable.
MOUTH_OPEN_SHARE = 0.6

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*|\d+|[,;:.!?…–—]")
_VOWEL_GROUP = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûüåæøœ]+", re.IGNORECASE)
#: Lengths, in syllables, of the gap between words and of pauses at punctuation.
WORD_GAP = 0.3
COMMA_PAUSE = 1.0
STOP_PAUSE = 1.6
#: Silence at the start and end of a speak beat, in seconds.
SPEECH_LEAD = 0.06
SPEECH_TAIL = 0.12


@dataclass(frozen=True)
class Syllable:
    """One syllable of synthesised speech: when it sounds, and its vowel (for formants)."""

    onset: float
    offset: float
    vowel: str
    stressed: bool


def word_syllables(word: str) -> list[str]:
    """The vowels of a word's syllables, estimated from its vowel groups (English-ish:
    a silent final ``e`` is dropped); digits count one syllable each."""
    if word.isdigit():
        return ["i"] * len(word)
    groups = [g.lower() for g in _VOWEL_GROUP.findall(word)]
    lower = word.lower()
    if len(groups) > 1 and lower.endswith("e") and not lower.endswith(("le", "ee", "ye")):
        groups.pop()
    return [_plain_vowel(g) for g in groups] or ["e"]


def _plain_vowel(group: str) -> str:
    for char in group:
        if char in "aeiou":
            return char
    return "i" if "y" in group else "e"


@lru_cache(maxsize=512)
def speech_syllables(text: str, start: float, end: float) -> tuple[Syllable, ...]:
    """The syllables of ``text`` spread over ``start``..``end``: words with short gaps,
    longer pauses at commas and full stops, the first syllable of each word stressed."""
    units: list[tuple[float, str | None, bool]] = []  # (length in syllables, vowel, stressed)
    for token in _TOKEN.findall(text):
        if token in ",;:–—":
            units.append((COMMA_PAUSE, None, False))
        elif token in ".!?…":
            units.append((STOP_PAUSE, None, False))
        else:
            if units and units[-1][1] is not None:
                units.append((WORD_GAP, None, False))
            units += [(1.0, v, i == 0) for i, v in enumerate(word_syllables(token))]
    while units and units[-1][1] is None:
        units.pop()
    if not units:
        return ()
    lead = min(SPEECH_LEAD, (end - start) * 0.1)
    tail = min(SPEECH_TAIL, (end - start) * 0.15)
    span = max(end - start - lead - tail, 0.05)
    per_unit = span / sum(length for length, _, _ in units)
    syllables: list[Syllable] = []
    now = start + lead
    for length, vowel, stressed in units:
        if vowel is not None:
            syllables.append(Syllable(now, now + length * per_unit, vowel, stressed))
        now += length * per_unit
    return tuple(syllables)


def mouth_open_at(syllables: Iterable[Syllable], t: float) -> bool:
    """Whether the mouth is open at ``t``: during the vowel, the first part of a syllable."""
    for syllable in syllables:
        if (
            syllable.onset
            <= t
            < syllable.onset + MOUTH_OPEN_SHARE * (syllable.offset - syllable.onset)
        ):
            return True
    return False


# --- beats --------------------------------------------------------------------------------


def beat_end(beat: Beat) -> float | None:
    """When an action beat ends: its ``until``, or the documented default; ``None`` for a
    state (gaze, turn) that lasts until the person's next one."""
    if beat.until is not None:
        return beat.until
    length = default_length(beat.action, beat.text)
    return None if length is None else beat.at + length


def state_segments(beats: Iterable[Beat]) -> list[tuple[float, float, Beat]]:
    """Spans ``(start, end, beat)`` of a person's states of one kind: each lasts until its
    ``until`` or the next beat of that kind, whichever is first."""
    ordered = sorted(beats, key=lambda b: b.at)
    spans = []
    for index, beat in enumerate(ordered):
        following = ordered[index + 1].at if index + 1 < len(ordered) else math.inf
        end = min(beat.until if beat.until is not None else math.inf, following)
        if end > beat.at:
            spans.append((beat.at, end, beat))
    return spans


def active(beats: Iterable[Beat], t: float) -> list[Beat]:
    """The action beats going on at ``t`` (from ``at``, up to but not including the end)."""
    found = []
    for beat in beats:
        end = beat_end(beat)
        if beat.at <= t and end is not None and t < end:
            found.append(beat)
    return found
