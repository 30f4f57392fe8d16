"""The moment finder's plain data: speech segments per voice, turns and the candidates.

Kept apart from the analysis so every stage (sound, turns, movement, ranking) speaks the
same small frozen types, and tests can build them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """A stretch of speech by one voice, in seconds from the film's start.

    ``voice`` numbers the voices from the lowest-pitched (0) up, so with two voices an
    adult is usually 0 and a child 1; ``pitch`` is the stretch's median pitch in Hz
    (``nan`` when no pitch could be heard, e.g. a whisper).
    """

    voice: int
    onset: float
    offset: float
    pitch: float = float("nan")

    @property
    def length(self) -> float:
        """How long the stretch lasts, in seconds."""
        return self.offset - self.onset


@dataclass(frozen=True)
class Region:
    """A part of the picture that one person is in: a box in fractions of the picture.

    ``box`` is ``(left, top, right, bottom)``, each from 0 to 1 (``(0, 0, 0.5, 1)`` is the
    left half); ``name`` is how the reasons speak of it ("the left", "Maya").
    """

    name: str
    box: tuple[float, float, float, float]


#: The default regions: the left and the right half of the picture.
HALVES = (Region("the left", (0.0, 0.0, 0.5, 1.0)), Region("the right", (0.5, 0.0, 1.0, 1.0)))

__all__ = ["HALVES", "Region", "Segment"]
