"""The reel rules of a shared review: how many clips and how long, and in what order.

A shared review usually shows up to :data:`MAX_CLIPS` clips of at most about
:data:`MAX_SECONDS` seconds each. These are rules of thumb, not limits: a reel that breaks
them is still made, and :func:`reel_warnings` says why a guider may want to think again,
in plain words. :func:`review_order` is the order the review shows the clips in: the order
they happen in the film (earliest first), so the client sees the interaction unfold as it
did, and the same ticked moments always make the same reel, whatever order they were
ticked in. Pure: no files, no widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

#: A shared review usually shows up to this many clips ...
MAX_CLIPS = 3
#: ... each at most about this many seconds long.
MAX_SECONDS = 10.0
#: Lengths within this of the limit count as keeping to it (times are stored to 1 ms).
_SLACK = 1e-6

__all__ = [
    "MAX_CLIPS",
    "MAX_SECONDS",
    "ReelWarning",
    "Span",
    "reel_warnings",
    "review_order",
]


class Span(Protocol):
    """Anything with a start and an end in seconds (a chosen moment, a reel's moment)."""

    @property
    def start(self) -> float: ...

    @property
    def end(self) -> float: ...


S = TypeVar("S", bound=Span)


@dataclass(frozen=True)
class ReelWarning:
    """One rule of thumb the chosen clips go beyond: which (``"clips"``: too many;
    ``"length"``: one clip too long, ``clip`` its number in review order) and why, in
    plain words (``text``)."""

    rule: Literal["clips", "length"]
    text: str
    clip: int | None = None

    def __str__(self) -> str:
        return self.text


def review_order(moments: Sequence[S]) -> list[S]:
    """The moments in the order the review shows them: as they happen in the film
    (by start, then end; moments that start and end together keep their order)."""
    return sorted(moments, key=lambda moment: (moment.start, moment.end))


def _seconds(value: float) -> str:
    """A length as people say it: "14 s", "10.5 s"."""
    rounded = round(value, 1)
    return f"{rounded:g} s"


def reel_warnings(moments: Sequence[Span]) -> list[ReelWarning]:
    """What the chosen ``moments`` do beyond a shared review's rules of thumb, with the
    reason: more than :data:`MAX_CLIPS` clips first, then each clip (numbered in
    :func:`review_order`) longer than :data:`MAX_SECONDS`. Empty when they keep to them."""
    warnings: list[ReelWarning] = []
    if len(moments) > MAX_CLIPS:
        warnings.append(
            ReelWarning(
                "clips",
                f"A shared review usually shows up to {MAX_CLIPS} clips: with {len(moments)}, "
                "the client may find it hard to take each one in and talk it through, and the "
                "review can feel like a lesson rather than a conversation. You can still make "
                f"the reel; think of keeping the {MAX_CLIPS} that speak most to the helping "
                "question.",
            )
        )
    for number, moment in enumerate(review_order(moments), start=1):
        length = moment.end - moment.start
        if length > MAX_SECONDS + _SLACK:
            warnings.append(
                ReelWarning(
                    "length",
                    f"Clip {number} is {_seconds(length)} long: a shared-review clip is usually "
                    f"at most about {MAX_SECONDS:g} s, short enough to watch again and again and "
                    "to talk about one moment in it. You can keep it; think of a shorter "
                    "stretch around the moment that matters most.",
                    number,
                )
            )
    return warnings
