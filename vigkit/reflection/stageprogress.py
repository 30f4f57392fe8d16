"""Progress along the accreditation stages: which cycles and supervision sessions count
towards which stage, the new clients of each stage, and whether it is signed off.

Pure functions of a record and its stage targets (docs/reflection.md, "Which stage a cycle
counts for"): a cycle counts once its shared review is dated; it (and a supervision
session) counts for the stage it names, else for the stage that was open on its day – the
first stage not signed off before that day. A stage's new clients are the clients of its
cycles who were not counted in an earlier stage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.errors import VigkitError
from ..privacy.dates import spoken_day
from .stagedata import StageSignOff
from .stagetargets import MeetingTarget, StageTarget, StageTargets, load_stage_targets

if TYPE_CHECKING:
    from pathlib import Path

    from .recorddata import PracticeRecord


def hours_text(hours: float) -> str:
    """``7``, ``1.5``: hours as a person writes them."""
    return f"{hours:g}"


@dataclass(frozen=True)
class StageProgress:
    """One stage: what counted towards it, against what it asks for."""

    target: StageTarget
    cycles: tuple[int, ...]
    new_clients: tuple[str, ...]
    sessions: tuple[int, ...]
    hours: float
    self_assessment: str = ""
    sign_off: StageSignOff | None = None

    @property
    def stage(self) -> int:
        """The stage's number."""
        return self.target.stage

    @property
    def cycles_met(self) -> bool:
        return len(self.cycles) >= self.target.cycles

    @property
    def clients_met(self) -> bool:
        return len(self.new_clients) >= self.target.new_clients

    @property
    def hours_met(self) -> bool:
        return self.hours >= self.target.supervision_hours - 1e-9

    @property
    def assessment_met(self) -> bool:
        return not self.target.self_assessment or bool(self.self_assessment.strip())

    @property
    def ready(self) -> bool:
        """Everything the stage asks of the trainee is there (ready for sign-off)."""
        return self.cycles_met and self.clients_met and self.hours_met and self.assessment_met

    @property
    def signed_off(self) -> bool:
        return self.sign_off is not None

    def summary(self) -> str:
        """``stage 1: 4 of 6 cycles, 2 of 2 clients, 5 of 7 hours`` (and whether signed off)."""
        t = self.target
        text = (
            f"stage {t.stage}: {_of(len(self.cycles), t.cycles)} cycles, "
            f"{_of(len(self.new_clients), t.new_clients)} clients, "
            f"{_of(self.hours, t.supervision_hours)} hours"
        )
        if self.sign_off is not None:
            text += f"; signed off by {self.sign_off.by} on {spoken_day(self.sign_off.date)}"
        return text


def _of(have: float, need: float) -> str:
    return f"{hours_text(have)} of {hours_text(need)}"


@dataclass(frozen=True)
class MeetingProgress:
    """The accreditation meeting: the written reflection and the films shared."""

    target: MeetingTarget
    reflection_written: bool
    shared_films: tuple[str, ...]

    @property
    def ready(self) -> bool:
        reflection = self.reflection_written or not self.target.written_reflection
        return reflection and len(self.shared_films) >= self.target.shared_films


@dataclass(frozen=True)
class PathProgress:
    """Every stage's progress, the stage open now, and cycles not counted yet."""

    targets: StageTargets
    stages: tuple[StageProgress, ...]
    meeting: MeetingProgress | None
    undated: tuple[int, ...]  # cycles whose shared review has no date yet
    later_cycles: tuple[int, ...]  # cycles after the last stage was signed off
    later_sessions: tuple[int, ...]

    @property
    def current(self) -> int | None:
        """The first stage not signed off (None once every stage is)."""
        return next((p.stage for p in self.stages if not p.signed_off), None)

    def stage(self, number: int) -> StageProgress:
        """Stage ``number``'s progress."""
        self.targets.stage(number)
        return self.stages[number - 1]

    def summary(self) -> str:
        """One line per stage, as :meth:`StageProgress.summary` says it."""
        return "\n".join(p.summary() for p in self.stages)


def resolve_targets(targets: StageTargets | str | Path | None) -> StageTargets:
    """Stage targets given as loaded targets, a built-in name, a file, or None (AVIGuk)."""
    return targets if isinstance(targets, StageTargets) else load_stage_targets(targets)


def open_stage(day: dt.date, sign_offs: list[dt.date | None]) -> int:
    """The stage open on ``day``: the first stage not signed off before that day.
    ``sign_offs[k]`` is stage k+1's sign-off day (None: not signed off)."""
    stage = 1
    for signed in sign_offs:
        if signed is None or signed >= day:
            break
        stage += 1
    return stage


def stage_progress(
    record: PracticeRecord, targets: StageTargets | str | Path | None = None
) -> PathProgress:
    """Which cycles, clients and hours count towards each stage of ``targets``."""
    chosen = resolve_targets(targets)
    count = len(chosen.stages)
    sign_offs = [w.sign_off.date if w.sign_off else None for w in record.stages]
    cycles: dict[int, list[int]] = {n: [] for n in range(1, count + 2)}
    undated = []
    for index, cycle in enumerate(record.cycles):
        if cycle.reviewed_on is None:
            undated.append(cycle.number)
            continue
        stage = cycle.stage or open_stage(cycle.reviewed_on, sign_offs)
        where = f"cycles[{index}].stage" if cycle.stage else ""
        cycles[_within(stage, count, where, chosen)].append(cycle.number)
    sessions: dict[int, list[int]] = {n: [] for n in range(1, count + 2)}
    for index, session in enumerate(record.supervision):
        stage = session.stage or open_stage(session.date, sign_offs)
        where = f"supervision[{index}].stage" if session.stage else ""
        sessions[_within(stage, count, where, chosen)].append(index)
    seen: set[str] = set()
    stages = []
    for target in chosen.stages:
        n = target.stage
        new = []
        for number in cycles[n]:
            client = record.cycles[number - 1].client
            if client and client not in seen:
                seen.add(client)
                new.append(client)
        work = record.stages[n - 1] if n <= len(record.stages) else None
        stages.append(
            StageProgress(
                target,
                tuple(cycles[n]),
                tuple(new),
                tuple(sessions[n]),
                sum(record.supervision[i].hours for i in sessions[n]),
                work.self_assessment if work else "",
                work.sign_off if work else None,
            )
        )
    meeting = None
    if chosen.meeting is not None:
        meeting = MeetingProgress(
            chosen.meeting, bool(record.accreditation_reflection.strip()), record.shared_films
        )
    return PathProgress(
        chosen,
        tuple(stages),
        meeting,
        tuple(undated),
        tuple(cycles[count + 1]),
        tuple(sessions[count + 1]),
    )


def _within(stage: int, count: int, where: str, targets: StageTargets) -> int:
    """``stage`` if the targets have it; one past the last for work after the last sign-off
    (``where`` names a stage the record chose, which the targets must have)."""
    if stage <= count:
        return stage
    if where:
        raise VigkitError(
            f"{where}: stage {stage}, but the stage targets '{targets.id}' have {count} stages; "
            "choose one of them (or leave the stage out, and the date decides)"
        )
    return count + 1
