"""Feedback for learners: what they saw well first, then moments to look at again.

The words follow the VIG values: strengths first, never scolding. Every moment carries
its time, so a player can replay it. Statistics appear only for supervisors, each with
a one-line explanation.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Literal

from ..core.timecode import format_time
from ..core.wording import counted

MomentKind = Literal["seen", "named-differently", "missed", "only-you"]


@dataclass(frozen=True)
class FeedbackMoment:
    """One moment to replay: what kind it is, when, and the codes on each side."""

    kind: MomentKind
    onset: float
    offset: float
    yours: str | None  # the learner's label (None for a missed moment)
    reference: str | None  # the supervisor's label (None for a moment only the learner saw)

    @property
    def time(self) -> str:
        """``m:ss`` of the start, as people read it."""
        return format_time(self.onset, 0)

    def sentence(self) -> str:
        """The moment in words."""
        if self.kind == "seen":
            return f"{self.time} – you both saw {self.yours}."
        if self.kind == "named-differently":
            return (
                f"{self.time} – you saw {self.yours}; your supervisor saw {self.reference}. "
                "Both may be there: look again together."
            )
        if self.kind == "missed":
            return f"{self.time} – your supervisor saw {self.reference} here."
        return f"{self.time} – you saw {self.yours}; your supervisor did not mark this moment."


@dataclass(frozen=True)
class Feedback:
    """Plain-English feedback (``str(feedback)``) and the moments it names, in order."""

    paragraphs: tuple[str, ...]
    moments: tuple[FeedbackMoment, ...] = field(default=())

    @property
    def text(self) -> str:
        """The whole feedback as text."""
        return "\n\n".join(self.paragraphs)

    def __str__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        parts = []
        for paragraph in self.paragraphs:
            lines = paragraph.split("\n")
            if len(lines) > 1 and all(line.startswith("- ") for line in lines[1:]):
                items = "".join(f"<li>{html.escape(line[2:])}</li>" for line in lines[1:])
                parts.append(f"<p>{html.escape(lines[0])}</p><ul>{items}</ul>")
            else:
                parts.append(f"<p>{html.escape(paragraph)}</p>")
        return "".join(parts)


def landis_koch(kappa: float) -> str:
    """The Landis & Koch (1977) band of a kappa, in words."""
    if math.isnan(kappa):
        return "not defined"
    for limit, band in (
        (0.0, "poor"),
        (0.20, "slight"),
        (0.40, "fair"),
        (0.60, "moderate"),
        (0.80, "substantial"),
    ):
        if kappa <= limit:
            return band
    return "almost perfect"


def _listed(heading: str, lines: list[str]) -> str:
    """A heading and its items as one paragraph (``- item`` lines, rendered as a list)."""
    return heading + "\n" + "\n".join(f"- {line}" for line in lines)


def learner_paragraphs(
    moments: list[FeedbackMoment], reference_count: int, strengths: list[str]
) -> list[str]:
    """Strengths first, then what to look at again, then what only the learner saw."""
    seen = [m for m in moments if m.kind in ("seen", "named-differently")]
    same = [m for m in moments if m.kind == "seen"]
    different = [m for m in moments if m.kind == "named-differently"]
    missed = [m for m in moments if m.kind == "missed"]
    extra = [m for m in moments if m.kind == "only-you"]
    paragraphs: list[str] = []
    if reference_count == 0:
        paragraphs.append(
            "Your supervisor did not mark any moments in this film, so there is nothing to "
            "compare yet."
        )
    else:
        opening = (
            f"You spotted {len(seen)} of the {counted(reference_count, 'moment')} your "
            "supervisor marked"
        )
        if seen:
            opening += (
                f", and you named {len(same)} of them the same way."
                if different
                else " and named every one of them the same way."
            )
        else:
            opening += ". Looking closely takes practice: the moments below are a good start."
        paragraphs.append(opening)
    sections = [
        ("You saw these especially well:", strengths),
        (
            "Moments you named differently (replay them and talk them through):",
            [m.sentence() for m in different],
        ),
        ("Moments to look at again:", [m.sentence() for m in missed]),
        (
            "Moments you noticed that your supervisor did not mark (worth bringing to "
            "supervision):",
            [m.sentence() for m in extra],
        ),
    ]
    paragraphs += [_listed(heading, lines) for heading, lines in sections if lines]
    return paragraphs
