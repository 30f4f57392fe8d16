"""Candidate moments: turns, waits and movement together, ranked, with reasons in words.

Each kind of candidate stands for a principle it *may* show – an initiative received,
a chain of turns (a "yes-cycle"), an adult waiting after a child, two people moving
together – and gets a score from 0 to 1 from how clear the signs are. The reasons name
who did what and when, in the words a guider would use. Suggestions only: automatic
turn counts overestimate turns (LENA's validation), so the guider looks and decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..core.wording import number_word
from .segments import Segment
from .synchrony import Synchrony
from .turns import (
    Answer,
    Chain,
    Overlap,
    Turn,
    Wait,
    answers,
    chains,
    merge_turns,
    overlaps,
    turn_rate,
    waits,
)

#: Kinds of candidate, with the principle (category) and behaviour each may show.
KINDS: dict[str, tuple[str, str]] = {
    "yes-cycle": ("developing-attuned-interactions", "developing-attuned-interactions.short-turns"),
    "initiative-received": ("receiving-initiatives", "receiving-initiatives.receiving-with-words"),
    "waiting": ("encouraging-initiatives", "encouraging-initiatives.waiting"),
    "synchrony": (
        "receiving-initiatives",
        "receiving-initiatives.receiving-with-body-language",
    ),
}
#: Quiet before a turn (s) for it to count as starting something: an initiative.
FRESH_START = 1.0
#: An answer this quick (s) is a sign of close attention.
QUICK = 0.8


@dataclass(frozen=True)
class Candidate:
    """One place to look: when, what kind, the principle it may show, how clear, and why."""

    onset: float
    offset: float
    kind: str
    score: float
    reason: str

    @property
    def principle(self) -> str:
        """The principle (a category of the attuned-interactions scheme) it may show."""
        return KINDS[self.kind][0]

    @property
    def code(self) -> str:
        """The behaviour of that principle it may show."""
        return KINDS[self.kind][1]


@dataclass(frozen=True)
class Settings:
    """How candidates are found from the turns: the answer gap, the wait, who is who."""

    gap: float = 1.5
    wait: float = 2.0
    names: tuple[str, ...] = ()  # one per voice, lowest voice first

    def name(self, voice: int, voices: int) -> str:
        """What the reasons call ``voice``: its given name, else by its pitch."""
        if voice < len(self.names):
            return self.names[voice]
        if voices == 2:
            return ("the lower voice", "the higher voice")[voice]
        return f"voice {voice + 1}"


def sound_candidates(
    segments: Sequence[Segment], voices: int, duration: float, settings: Settings
) -> list[Candidate]:
    """Yes-cycles, initiatives received and waits, from speech segments per voice."""
    if voices < 2:
        return []
    turns = merge_turns(segments)
    found: list[Candidate] = []
    links = answers(turns, gap=settings.gap)
    in_chains: set[Turn] = set()
    for chain in chains(turns, gap=settings.gap):
        found.append(_chain(chain, links, voices, settings))
        in_chains.add(chain.turns[0])
    for link in links:
        if link.first not in in_chains and _is_fresh(link.first, turns):
            found.append(_received(link, voices, settings))
    for child in range(1, voices):
        for wait in waits(
            turns, waiting_voice=0, after_voice=child, min_wait=settings.wait, duration=duration
        ):
            found.append(_waiting(wait, voices, settings))
    return found


@dataclass(frozen=True)
class TurnTaking:
    """The film's turn-taking as a whole: changes of speaker, their rate over time (per
    minute, in a 30 s window every second) and the stretches of speaking at once."""

    changes: int
    times: tuple[float, ...]
    per_minute: tuple[float, ...]
    overlaps: tuple[Overlap, ...]

    def words(self) -> str:
        """The turn-taking in a sentence, with the caution automatic counts need."""
        if not self.changes:
            return ""
        busiest = max(range(len(self.per_minute)), key=self.per_minute.__getitem__)
        at_once = (
            f"; they spoke at once {number_word(len(self.overlaps))} "
            f"{'time' if len(self.overlaps) == 1 else 'times'}"
            if self.overlaps
            else ""
        )
        minutes, seconds = divmod(round(self.times[busiest]), 60)
        return (
            f"The speaker changed {self.changes} times (at most about "
            f"{self.per_minute[busiest]:.0f} a minute, around {minutes}:{seconds:02d}){at_once}. "
            "Automatic counts see more turns than there are: take these as a rough guide."
        )


def turn_taking(segments: Sequence[Segment], voices: int, duration: float) -> TurnTaking:
    """How the voices took turns over the whole film (nothing with fewer than two voices)."""
    if voices < 2 or not segments:
        return TurnTaking(0, (), (), ())
    turns = merge_turns(segments)
    changes = sum(1 for a, b in pairwise(turns) if a.voice != b.voice)
    times, per_minute = turn_rate(turns, duration=max(duration, turns[-1].offset))
    return TurnTaking(
        changes, tuple(times.tolist()), tuple(per_minute.tolist()), tuple(overlaps(segments))
    )


def movement_candidates(episodes: Sequence[Synchrony], regions: Sequence[str]) -> list[Candidate]:
    """Stretches where two regions of the picture move together."""
    first, second = regions[0], regions[1]
    found = []
    for episode in episodes:
        if abs(episode.lag) < 0.15:
            timing = "at the same time"
        elif episode.lag > 0:
            timing = f"{second} about {episode.lag:.1f} s after {first}"
        else:
            timing = f"{first} about {-episode.lag:.1f} s after {second}"
        length = episode.offset - episode.onset
        reason = _sentence(f"{first} and {second} move together for {length:.0f} s ({timing})")
        score = 0.3 + 0.4 * max(0.0, min(1.0, (episode.peak_r - 0.7) / 0.3))
        found.append(Candidate(episode.onset, episode.offset, "synchrony", score, reason))
    return found


def ranked(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Best first; of two of one kind that mostly overlap, only the better is kept."""
    kept: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-c.score, c.onset, c.kind)):
        if not any(c.kind == candidate.kind and _overlap(c, candidate) > 0.5 for c in kept):
            kept.append(candidate)
    return kept


# ------------------------------------------------------------------ each kind


def _chain(chain: Chain, links: Sequence[Answer], voices: int, settings: Settings) -> Candidate:
    first, second = chain.turns[0], chain.turns[1]
    gap = second.onset - first.offset
    more = chain.alternations - 1
    who, answerer = settings.name(first.voice, voices), settings.name(second.voice, voices)
    answer = f"answers after {gap:.1f} s" if gap > 0 else "answers at once"
    reason = _sentence(
        f"{who} speaks; {answerer} {answer}; {number_word(more)} more {_turns(more)} follow"
    )
    score = min(0.95, 0.6 + 0.08 * (chain.alternations - 3)) + (0.05 if first.voice > 0 else 0)
    return Candidate(chain.onset, chain.offset, "yes-cycle", round(score, 3), reason)


def _received(link: Answer, voices: int, settings: Settings) -> Candidate:
    who = settings.name(link.first.voice, voices)
    answerer = settings.name(link.second.voice, voices)
    answer = f"answers after {link.gap:.1f} s" if link.gap > 0 else "answers at once"
    reason = _sentence(f"{who} starts something after a quiet moment; {answerer} {answer}")
    score = 0.5 + (0.15 if link.first.voice > 0 else 0) + (0.1 if link.gap <= QUICK else 0)
    onset, offset = link.first.onset, link.second.offset
    return Candidate(onset, offset, "initiative-received", round(score, 3), reason)


def _waiting(wait: Wait, voices: int, settings: Settings) -> Candidate:
    child = settings.name(wait.after.voice, voices)
    adult = settings.name(wait.voice, voices)
    length = wait.offset - wait.onset
    again = {0: "", 1: "again", 2: "twice more"}.get(
        wait.child_turns, f"{number_word(wait.child_turns)} more times"
    )
    meanwhile = f"; {child} speaks {again} meanwhile" if again else ""
    ending = "" if wait.answered else "; nobody speaks after it"
    reason = _sentence(f"{child} speaks; {adult} waits {length:.1f} s{meanwhile}{ending}")
    score = 0.45 + (0.1 if wait.child_turns else 0) + (0.05 if wait.answered else 0)
    return Candidate(wait.after.onset, wait.offset, "waiting", round(score, 3), reason)


def _is_fresh(turn: Turn, turns: Sequence[Turn]) -> bool:
    """Whether nobody spoke in the ``FRESH_START`` seconds before ``turn``."""
    return not any(
        t is not turn and t.onset < turn.onset and t.offset > turn.onset - FRESH_START
        for t in turns
    )


def _overlap(a: Candidate, b: Candidate) -> float:
    """The share of the shorter of ``a`` and ``b`` that the other covers."""
    shared = min(a.offset, b.offset) - max(a.onset, b.onset)
    shorter = min(a.offset - a.onset, b.offset - b.onset)
    if shorter <= 0:
        return 1.0 if shared >= 0 else 0.0
    return max(0.0, shared) / shorter


def _turns(number: int) -> str:
    return "turn" if number == 1 else "turns"


def _sentence(text: str) -> str:
    """``text`` with a capital first letter and a full stop."""
    return text[:1].upper() + text[1:] + "."


__all__ = [
    "KINDS",
    "Candidate",
    "Settings",
    "TurnTaking",
    "movement_candidates",
    "ranked",
    "sound_candidates",
    "turn_taking",
]
