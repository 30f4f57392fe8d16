"""The stage check: what a trainee guider has done towards a stage, and what is still
missing, in plain words – what is there first, then what is left, then who acts next.

``stage_check(record)`` checks the stage open now (the first not signed off; once all are,
the accreditation meeting). ``ready`` is true when nothing is missing from the trainee's
side; ``vigkit stage check`` exits 0 then and 1 otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import VigkitError
from ..core.wording import counted
from ..privacy.dates import spoken_day
from .stageprogress import (
    MeetingProgress,
    PathProgress,
    StageProgress,
    hours_text,
    stage_progress,
)

if TYPE_CHECKING:
    from .recorddata import PracticeRecord
    from .stagetargets import StageTargets


@dataclass(frozen=True)
class StageCheck:
    """What is done and what is missing for one stage (``stage`` None: the meeting)."""

    stage: int | None
    heading: str
    done: tuple[str, ...]
    missing: tuple[str, ...]
    notes: tuple[str, ...]
    closing: str

    @property
    def ready(self) -> bool:
        """Nothing is missing from the trainee's side."""
        return not self.missing

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The check in paragraphs: the heading, done, still to do (lists), notes, next."""
        parts = [self.heading]
        if self.done:
            parts.append("What you have done:\n" + "\n".join(f"- {d}" for d in self.done))
        else:
            parts.append("You are at the start of this stage: every cycle you finish counts.")
        if self.missing:
            parts.append("Still to do:\n" + "\n".join(f"- {m}" for m in self.missing))
        return (*parts, *self.notes, self.closing)

    @property
    def text(self) -> str:
        """The check as lines to read: done, still to do, notes, what happens next."""
        return "\n".join(self.paragraphs)

    def __str__(self) -> str:
        return self.text


def stage_check(
    record: PracticeRecord,
    targets: StageTargets | str | Path | None = None,
    *,
    stage: int | None = None,
) -> StageCheck:
    """What is done and missing for ``stage`` (default: the stage open now)."""
    if record.kind != "vig-trainee":
        raise VigkitError(
            f"{record.practitioner}'s record is not a trainee guider's (kind '{record.kind}'): "
            "the accreditation stages are for trainee guiders (kind 'vig-trainee')"
        )
    progress = stage_progress(record, targets)
    number = progress.current if stage is None else stage
    if number is None:
        return _meeting_check(progress)
    return _check(progress, progress.stage(number), record)


def _check(path: PathProgress, p: StageProgress, record: PracticeRecord) -> StageCheck:
    t = p.target
    done: list[str] = []
    missing: list[str] = []
    have, need = len(p.cycles), t.cycles
    word = "cycle" if need == 1 else "cycles"
    if have >= need:
        done.append(
            f"{'all ' if need > 1 else ''}{need} {word} (a film and its shared review each)"
        )
    else:
        if have:
            done.append(f"{have} of the {need} {word} (a film and its shared review each)")
        missing.append(f"{counted(need - have, 'more cycle')}: a film and its shared review each")
    clients = len(p.new_clients)
    kind = "client" if t.stage == 1 else "new client"
    names = f" ({', '.join(p.new_clients)})" if p.new_clients else ""
    if clients >= t.new_clients and clients:
        done.append(f"{counted(clients, kind)}{names}: {_enough(clients, t.new_clients)}")
    elif clients < t.new_clients:
        if clients:
            done.append(f"{clients} of the {t.new_clients} {kind}s{names}")
        more = t.new_clients - clients
        missing.append(
            counted(more, f"more {kind}")
            + (
                ""
                if t.stage == 1
                else f": {'someone' if more == 1 else 'people'} whose films did not count in "
                "an earlier stage"
            )
        )
    hours, need_hours = p.hours, t.supervision_hours
    if p.hours_met and need_hours:
        done.append(f"{hours_text(hours)} hours of supervision: {_enough(hours, need_hours)}")
    elif not p.hours_met:
        if hours:
            done.append(f"{hours_text(hours)} of the {hours_text(need_hours)} hours of supervision")
        left = need_hours - hours
        missing.append(f"{hours_text(left)} more hour{'' if left == 1 else 's'} of supervision")
    if t.self_assessment:
        if p.self_assessment.strip():
            done.append(f"your self-assessment for stage {t.stage} is written")
        else:
            missing.append(f"your self-assessment for stage {t.stage}, in your own words")
    notes = _notes(path, p, record)
    if p.sign_off is not None:
        closing = (
            f"Stage {t.stage} was signed off by {p.sign_off.by} on {spoken_day(p.sign_off.date)}."
        )
    elif missing:
        closing = f"When these are done, your supervisor can sign stage {t.stage} off."
    else:
        closing = (
            f"Everything stage {t.stage} asks for is there: it is ready for your "
            "supervisor's sign-off."
        )
    heading = f"{t.label} of {path.targets.label} (targets version {path.targets.version}):"
    return StageCheck(t.stage, heading, tuple(done), tuple(missing), tuple(notes), closing)


def _enough(have: float, need: float) -> str:
    """What ``have`` is against ``need``, once it is enough."""
    return "all the stage asks for" if have <= need else "more than the stage asks for"


def _notes(path: PathProgress, p: StageProgress, record: PracticeRecord) -> list[str]:
    notes = []
    at_most = p.target.new_clients_at_most
    if at_most is not None and len(p.new_clients) > at_most:
        notes.append(
            f"You have {len(p.new_clients)} new clients in this stage; it asks for "
            f"{p.target.new_clients} to {at_most} – worth talking over with your supervisor."
        )
    nameless = [n for n in p.cycles if not record.cycles[n - 1].client]
    if nameless:
        notes.append(
            f"{_cycles(nameless)} {'has' if len(nameless) == 1 else 'have'} no client yet: say "
            "whose film it was, so that it counts towards your clients."
        )
    if path.undated and p.stage == path.current:
        notes.append(
            f"{_cycles(list(path.undated))} {'has' if len(path.undated) == 1 else 'have'} no "
            "shared review date yet: a cycle counts once its review is dated."
        )
    return notes


def _cycles(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"Cycle {numbers[0]}"
    return "Cycles " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def _meeting_check(path: PathProgress) -> StageCheck:
    heading = f"Every stage of {path.targets.label} is signed off – well done."
    meeting: MeetingProgress | None = path.meeting
    if meeting is None:
        return StageCheck(None, heading, (), (), (), "There is nothing more these targets ask for.")
    done: list[str] = [f"all {len(path.stages)} stages are signed off"]
    missing: list[str] = []
    target = meeting.target
    if target.written_reflection:
        if meeting.reflection_written:
            done.append("your written reflection for the meeting")
        else:
            missing.append("your written reflection for the accreditation meeting")
    shared = len(meeting.shared_films)
    if shared >= target.shared_films and shared:
        done.append(f"{counted(shared, 'film')} shared with the group")
    elif shared < target.shared_films:
        if shared:
            done.append(f"{shared} of the {target.shared_films} films shared with the group")
        missing.append(
            f"{counted(target.shared_films - shared, 'more film')} to share with the group"
        )
    closing = (
        f"You are ready for {target.label.lower()}."
        if not missing
        else f"Then you are ready for {target.label.lower()}."
    )
    return StageCheck(None, f"{target.label}:", tuple(done), tuple(missing), (heading,), closing)
