"""The times of an ELAN file's annotations: from their time slots, inferred for unaligned
slots, or from the annotations they refer to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..core.timecode import format_time
from .elan_document import Annotation, Eaf


class Clock:
    """The times (ms) of annotations: from their time slots, inferred for unaligned slots
    (spread evenly between aligned neighbours, as ELAN draws them), or for reference
    annotations from the annotation they refer to. Problems are noted once each."""

    def __init__(self, eaf: Eaf) -> None:
        self.eaf = eaf
        self.known: dict[str, tuple[float, float] | None] = {}
        self.inferred: dict[str, dict[str, float]] = {}
        self.visiting: set[str] = set()  # reference chains being followed (loops)

    def times(self, annotation: Annotation) -> tuple[float, float] | None:
        """Start and end in ms, or None (with the problem noted) when they cannot be known."""
        if annotation.id not in self.known:
            self.visiting.add(annotation.id)
            if annotation.slots is not None:
                found = self._aligned(annotation, annotation.slots)
            else:
                found = self._referred(annotation)
            self.visiting.discard(annotation.id)
            self.known[annotation.id] = found
        return self.known[annotation.id]

    def _aligned(
        self, annotation: Annotation, slots: tuple[str, str]
    ) -> tuple[float, float] | None:
        start = self._slot_time(annotation, slots[0], "starts")
        end = self._slot_time(annotation, slots[1], "ends")
        if start is None or end is None:
            return None
        if end < start:
            self.eaf.problem(
                f"{annotation.where}: it ends ({slots[1]}, {_clock(end)}) before it starts "
                f"({slots[0]}, {_clock(start)})",
                annotation.line,
            )
            return None
        return start, end

    def _slot_time(self, annotation: Annotation, slot: str, verb: str) -> float | None:
        if slot not in self.eaf.slots:
            self.eaf.problem(
                f"{annotation.where}: the time slot '{slot}' it {verb} at does not exist",
                annotation.line,
            )
            return None
        value = self.eaf.slots[slot]
        if value is None:
            value = self._inferred_for(annotation.tier).get(slot)
        if value is None:
            self.eaf.problem(
                f"{annotation.where}: the time slot '{slot}' it {verb} at has no time "
                "(it is unaligned) and none can be worked out from the annotations around it",
                annotation.line,
            )
        return value

    def _inferred_for(self, tier_id: str) -> dict[str, float]:
        if tier_id not in self.inferred:
            tier = self.eaf.tiers[tier_id]
            self.inferred[tier_id] = _inferred_slots(tier.annotations, self.eaf.slots)
        return self.inferred[tier_id]

    def _referred(self, annotation: Annotation) -> tuple[float, float] | None:
        parent = self.eaf.annotations.get(annotation.parent or "")
        if parent is None:
            self.eaf.problem(
                f"{annotation.where}: it refers to annotation '{annotation.parent}', "
                "which does not exist",
                annotation.line,
            )
            return None
        if parent.id in self.visiting:
            self.eaf.problem(
                f"{annotation.where}: its references go round in a loop (back to annotation "
                f"{parent.id})",
                annotation.line,
            )
            return None
        return self.times(parent)


def _inferred_slots(
    annotations: Iterable[Annotation], slots: Mapping[str, float | None]
) -> dict[str, float]:
    """Times for a tier's unaligned slots, evenly between the nearest aligned slots along
    the chain of annotations that share them (as in ELAN's time subdivisions)."""
    following: dict[str, str] = {}
    preceding: dict[str, str] = {}
    for annotation in annotations:
        if annotation.slots is not None:
            following[annotation.slots[0]] = annotation.slots[1]
            preceding[annotation.slots[1]] = annotation.slots[0]
    inferred: dict[str, float] = {}
    for slot in set(following) | set(preceding):
        if slot not in slots or slots[slot] is not None:
            continue
        before = _nearest_aligned(slot, preceding, slots)
        after = _nearest_aligned(slot, following, slots)
        if before is not None and after is not None:
            (time_before, steps_before), (time_after, steps_after) = before, after
            share = steps_before / (steps_before + steps_after)
            inferred[slot] = time_before + (time_after - time_before) * share
    return inferred


def _nearest_aligned(
    slot: str, step: Mapping[str, str], slots: Mapping[str, float | None]
) -> tuple[float, int] | None:
    """The first aligned slot reached from ``slot`` by following ``step``, and how many steps."""
    seen = {slot}
    steps = 0
    while slot in step:
        slot = step[slot]
        steps += 1
        if slot in seen:
            return None
        seen.add(slot)
        value = slots.get(slot)
        if value is not None:
            return value, steps
    return None


def _clock(ms: float) -> str:
    return format_time(ms / 1000, decimals=3)
