"""Initiatives received within N seconds: which tags are initiatives, which were received
by a linked tag soon enough, and how long each reception took.

**Initiatives** are the tags whose subject is one of the initiators (by default the child,
the pupil or the client: the person the guider attunes to; letter case does not matter)
and every tag that some other tag answers (a link says the coder saw an initiative there).

**Received within N seconds**: some tag answering the initiative starts at most N seconds
after the initiative ends (after its moment, for a point tag). The latency is that answer's
start minus the initiative's end, from the earliest answer; an answer that starts before the
initiative ends counts as received at once (latency 0). An initiative nobody answers, or
answered too late, is not received; its latency is ``None`` when nobody answered it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.wording import counted
from .series import TagSeries

#: The subjects whose tags are initiatives unless the user says otherwise.
DEFAULT_INITIATORS: tuple[str, ...] = ("child", "pupil", "client")
#: Seconds within which an initiative counts as received unless the user says otherwise.
DEFAULT_WITHIN = 3.0


@dataclass(frozen=True)
class Initiative:
    """One initiative and how (and whether) it was received."""

    id: str
    code: str
    onset: float
    offset: float
    latency: float | None
    received: bool


@dataclass(frozen=True)
class Reception:
    """The initiatives of one film (clip and coder) and the share received within
    ``within`` seconds."""

    clip: str
    coder: str
    within: float
    initiatives: tuple[Initiative, ...]

    @property
    def received(self) -> int:
        """How many initiatives were received within ``within`` seconds."""
        return sum(1 for initiative in self.initiatives if initiative.received)

    @property
    def share(self) -> float:
        """The share of initiatives received (0 to 1); NaN when there were none."""
        return self.received / len(self.initiatives) if self.initiatives else math.nan

    @property
    def latencies(self) -> tuple[float, ...]:
        """The latency (seconds) of each initiative received, in the order they happened."""
        return tuple(i.latency for i in self.initiatives if i.received and i.latency is not None)

    def sentence(self) -> str:
        """The share received in plain words, strengths first."""
        return reception_sentence(self)


def initiators_option(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """Initiator subjects from ``"child,pupil"`` or a list, folded to lower case."""
    if text is None:
        return DEFAULT_INITIATORS
    parts = text.split(",") if isinstance(text, str) else list(text)
    return tuple(dict.fromkeys(part.strip().casefold() for part in parts if part.strip()))


def reception(
    series: TagSeries,
    *,
    within: float = DEFAULT_WITHIN,
    initiators: Sequence[str] = DEFAULT_INITIATORS,
) -> Reception:
    """The initiatives of one clip and coder and whether each was received within
    ``within`` seconds (see the module's docstring for the rules)."""
    if not math.isfinite(within) or within < 0:
        raise ValueError("within must be a number of seconds, 0 or more")
    folded = {subject.casefold() for subject in initiators}
    position = {tag: index for index, tag in enumerate(series.ids)}
    first_answer: dict[int, float] = {}
    for index, answered in enumerate(series.answers):
        parent = position.get(answered) if answered else None
        if parent is None or parent == index:
            continue
        onset = float(series.onsets[index])
        first_answer[parent] = min(onset, first_answer.get(parent, math.inf))
    found = []
    for index, tag in enumerate(series.ids):
        if index not in first_answer and series.subjects[index].casefold() not in folded:
            continue
        end = float(series.offsets[index])
        answered_at = first_answer.get(index)
        latency = None if answered_at is None else max(0.0, answered_at - end)
        found.append(
            Initiative(
                id=tag,
                code=series.codes[index],
                onset=float(series.onsets[index]),
                offset=end,
                latency=latency,
                received=latency is not None and latency <= within,
            )
        )
    return Reception(series.clip, series.coder, float(within), tuple(found))


def reception_sentence(result: Reception) -> str:
    """E.g. "You received 7 of 9 initiatives within 3 s (78%), after 1.2 s on average."."""
    total = len(result.initiatives)
    seconds = f"{result.within:g} s"
    if not total:
        return (
            "No initiatives to receive yet: tag what the child or client does (with them as "
            "the subject), or link a tag to the initiative it receives."
        )
    if not result.received:
        return (
            f"{counted(total, 'initiative')} noted; none was received by a linked tag within "
            f"{seconds} yet. Link each reply to the initiative it receives to see this grow."
        )
    mean = sum(result.latencies) / len(result.latencies)
    return (
        f"{result.received} of {counted(total, 'initiative')} received within {seconds} "
        f"({result.share:.0%}), after {mean:.1f} s on average."
    )


def receptions_of(
    all_series: Sequence[TagSeries],
    *,
    within: float = DEFAULT_WITHIN,
    initiators: Sequence[str] = DEFAULT_INITIATORS,
) -> list[Reception]:
    """:class:`Reception` for each clip and coder."""
    return [reception(series, within=within, initiators=initiators) for series in all_series]
