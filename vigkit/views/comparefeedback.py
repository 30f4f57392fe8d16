"""The feedback beside a CompareView: an exercise's or a comparison's own, or a group's
summary (what each coder found, never a ranking), as paragraphs the browser shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..agreement import Comparison
from ..agreement.feedback import Feedback
from ..agreement.group import GroupComparison
from ..core.wording import counted


@runtime_checkable
class CheckedCoding(Protocol):
    """A coding checked against a film, such as an exercise's result: its comparison, the
    film it was coded on and its feedback (so views need not know about exercises)."""

    @property
    def comparison(self) -> Comparison: ...

    @property
    def video(self) -> Path: ...

    def feedback(self) -> Feedback: ...


def learner_feedback(comparison: Comparison | GroupComparison | CheckedCoding) -> Feedback:
    """Learner feedback: the exercise's or the comparison's, or a group's summary."""
    if isinstance(comparison, GroupComparison):
        return group_feedback(comparison)
    return comparison.feedback()


def group_feedback(group: GroupComparison) -> Feedback:
    """What each coder found, strengths first, in coder order (never a ranking)."""
    if not group.against_reference:
        counts = [f"{name}: {counted(len(group.codings[name]), 'tag')}" for name in group.coders]
        return Feedback(
            (
                "No reference coding was named, so no tag counts as found, missed or extra: "
                "compare the lanes by eye and talk through where they differ.",
                _listed("What each coder tagged:", counts),
            )
        )
    items = []
    total = 0
    for name, comparison in group.against_reference.items():
        s = comparison.summary()
        total = s["reference_events"]
        item = f"{name} found {s['matched']} of {s['reference_events']}"
        if s["matched"]:
            item += f", {s['matched_same_code']} named the same way"
        if s["extras"]:
            item += f"; {counted(s['extras'], 'moment')} {group.reference} did not mark"
        items.append(item)
    return Feedback(
        (
            _listed(f"Of the {counted(total, 'moment')} {group.reference} marked:", items),
            "Click a mark to replay its moment; the number above each of "
            f"{group.reference}'s marks says how many coders found it.",
        )
    )


def paragraphs(feedback: Feedback) -> list[dict[str, Any]]:
    """The feedback as the browser shows it: each paragraph's text, and its ``- `` lines
    as list items."""
    shown = []
    for paragraph in feedback.paragraphs:
        first, *rest = paragraph.split("\n")
        if rest and all(line.startswith("- ") for line in rest):
            shown.append({"text": first, "items": [line[2:] for line in rest]})
        else:
            shown.append({"text": paragraph, "items": []})
    return shown


def _listed(heading: str, lines: list[str]) -> str:
    return heading + "\n" + "\n".join(f"- {line}" for line in lines)
