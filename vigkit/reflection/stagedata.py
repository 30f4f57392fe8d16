"""The accreditation parts of a practice record: supervision sessions, each stage's
self-assessment and sign-off, and the rules for them and for a cycle's client and dates.

A trainee guider's AVIGuk path (docs/reflection.md, "Accreditation stages"): clients are
pseudonyms, a cycle is a film and its shared review (each dated), supervision is counted in
hours, and an external supervisor signs off each stage in turn.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..coding.events import check_name
from ..privacy.dates import spoken_day
from .recordbase import Problems, _raise, is_day

#: The stage numbers a record may name (a service's targets file may have fewer).
MAX_STAGE = 9


@dataclass(frozen=True)
class SupervisionSession:
    """One supervision session: its day, its length in hours, the supervisor (a pseudonym),
    an optional note, and optionally the stage it counts towards (else its date decides)."""

    date: dt.date
    hours: float
    supervisor: str
    note: str = ""
    stage: int | None = None

    def __post_init__(self) -> None:
        _raise(session_problems(self))
        object.__setattr__(self, "hours", float(self.hours))


@dataclass(frozen=True)
class StageSignOff:
    """A supervisor's sign-off of a stage: who (a pseudonym), when, and a note."""

    by: str
    date: dt.date
    note: str = ""

    def __post_init__(self) -> None:
        _raise(sign_off_problems(self))


@dataclass(frozen=True)
class StageWork:
    """What a trainee keeps for one stage: their self-assessment and the sign-off."""

    stage: int
    self_assessment: str = ""
    sign_off: StageSignOff | None = None

    def __post_init__(self) -> None:
        _raise(stage_work_problems(self))


class _Cycle(Protocol):
    """What the rules read of a cycle (``recorddata.Cycle``, which imports this module)."""

    @property
    def client(self) -> str: ...
    @property
    def filmed_on(self) -> dt.date | None: ...
    @property
    def reviewed_on(self) -> dt.date | None: ...
    @property
    def review_film(self) -> str: ...
    @property
    def stage(self) -> int | None: ...


class _Record(Protocol):
    """What the rules read of a record (``recorddata.PracticeRecord``)."""

    @property
    def kind(self) -> str: ...
    @property
    def clients(self) -> tuple[str, ...]: ...
    @property
    def shared_films(self) -> tuple[str, ...]: ...
    @property
    def accreditation_reflection(self) -> str: ...
    @property
    def supervision(self) -> tuple[SupervisionSession, ...]: ...
    @property
    def stages(self) -> tuple[StageWork, ...]: ...
    @property
    def cycles(self) -> Sequence[_Cycle]: ...


# ---------------------------------------------------------------- value rules
def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def stage_number_problems(name: str, value: object) -> Problems:
    """A stage number: a whole number from 1 (None where it may be left out)."""
    if value is None or (_whole(value) and 1 <= value <= MAX_STAGE):  # type: ignore[operator]
        return []
    return [(name, f"must be a stage number from 1 to {MAX_STAGE}, not {value!r}")]


def session_problems(session: SupervisionSession) -> Problems:
    """Problems with a supervision session."""
    problems: Problems = []
    if not is_day(session.date):
        problems.append(("date", f"must be a date, not {session.date!r}"))
    hours = session.hours
    if not isinstance(hours, (int, float)) or isinstance(hours, bool) or not _finite(hours):
        problems.append(("hours", f"must be a number of hours, not {hours!r}"))
    elif hours <= 0:
        problems.append(("hours", f"must be more than 0 hours, not {hours:g}"))
    elif hours > 24:
        problems.append(("hours", f"{hours:g} hours is more than a day: give one session's hours"))
    _, reason = check_name(session.supervisor, "supervisor")
    if reason:
        problems.append(("supervisor", reason + " (use the supervisor's pseudonym, e.g. S1)"))
    if not isinstance(session.note, str):
        problems.append(("note", "must be text"))
    return problems + stage_number_problems("stage", session.stage)


def _finite(value: float) -> bool:
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def sign_off_problems(sign_off: StageSignOff) -> Problems:
    """Problems with a sign-off."""
    problems: Problems = []
    _, reason = check_name(sign_off.by, "supervisor")
    if reason:
        problems.append(("by", reason + " (use the supervisor's pseudonym, e.g. S1)"))
    if not is_day(sign_off.date):
        problems.append(("date", f"must be a date, not {sign_off.date!r}"))
    if not isinstance(sign_off.note, str):
        problems.append(("note", "must be text"))
    return problems


def stage_work_problems(work: StageWork) -> Problems:
    """Problems with one stage's self-assessment and sign-off."""
    problems = stage_number_problems("stage", work.stage)
    if work.stage is None:
        problems.append(("stage", "say which stage this is (1, 2, 3 …)"))
    if not isinstance(work.self_assessment, str):
        problems.append(("self_assessment", "must be text"))
    return problems


def cycle_stage_problems(cycle: _Cycle) -> Problems:
    """A cycle's client (a pseudonym), its dates (the review not before the film) and stage."""
    problems: Problems = []
    if not isinstance(cycle.client, str):
        problems.append(("client", "must be text: the client's pseudonym"))
    elif cycle.client:
        _, reason = check_name(cycle.client, "client")
        if reason:
            problems.append(("client", reason + " (use a pseudonym, e.g. C1)"))
    for name in ("filmed_on", "reviewed_on"):
        value = getattr(cycle, name)
        if value is not None and not is_day(value):
            problems.append((name, f"must be a date, not {value!r}"))
    film, review = cycle.filmed_on, cycle.reviewed_on
    if is_day(film) and is_day(review) and review < film:  # type: ignore[operator]
        problems.append(
            (
                "reviewed_on",
                f"the shared review ({spoken_day(review)}) is dated before its film "  # type: ignore[arg-type]
                f"({spoken_day(film)}): a cycle is a film followed by its review",  # type: ignore[arg-type]
            )
        )
    if not isinstance(cycle.review_film, str):
        problems.append(("review_film", "must be text: a path or clip id"))
    return problems + stage_number_problems("stage", cycle.stage)


def accreditation_problems(record: _Record) -> Problems:
    """Record-wide rules: clients are distinct pseudonyms, each cycle's client is one of them,
    stage work is listed once per stage in order, and stages are signed off in turn."""
    problems: Problems = []
    seen: set[str] = set()
    for index, client in enumerate(record.clients):
        _, reason = check_name(client, "client")
        if reason:
            problems.append((f"clients[{index}]", reason + " (use a pseudonym, e.g. C1)"))
        elif client in seen:
            problems.append((f"clients[{index}]", f"the client '{client}' is listed twice"))
        seen.add(client)
    for index, cycle in enumerate(record.cycles):
        if isinstance(cycle.client, str) and cycle.client and cycle.client not in seen:
            problems.append((f"cycles[{index}].client", _unknown_client(cycle.client, seen)))
    for index, film in enumerate(record.shared_films):
        if not isinstance(film, str) or not film.strip():
            problems.append((f"accreditation.shared_films[{index}]", "name the film shared"))
    if not isinstance(record.accreditation_reflection, str):
        problems.append(("accreditation.reflection", "must be text"))
    problems += _stage_order_problems(record)
    if record.kind != "vig-trainee" and (record.stages or record.supervision):
        problems.append(
            (
                "stages" if record.stages else "supervision",
                "accreditation stages and supervision hours are for trainee guiders (kind "
                "'vig-trainee')",
            )
        )
    return problems


def _unknown_client(client: str, known: set[str]) -> str:
    close = difflib.get_close_matches(client, sorted(known), n=1)
    maybe = f"; did you mean '{close[0]}'?" if close else ""
    listed = ", ".join(sorted(known)) or "none yet"
    return (
        f"'{client}' is not one of the record's clients ({listed}){maybe} – add the client "
        "to 'clients' first"
    )


def _stage_order_problems(record: _Record) -> Problems:
    problems: Problems = []
    all_signed = True  # every stage before this one is signed off
    last: tuple[int, dt.date] | None = None  # the last stage signed off, and when
    for index, work in enumerate(record.stages):
        where = f"stages[{index}]"
        if work.stage != index + 1:
            problems.append((f"{where}.stage", f"must be {index + 1} (stages are listed in order)"))
            all_signed = False
            continue
        if work.sign_off is None:
            all_signed = False
            continue
        if not all_signed:
            problems.append(
                (
                    f"{where}.sign_off",
                    f"stage {work.stage} cannot be signed off before stage {work.stage - 1} is",
                )
            )
        elif last is not None and work.sign_off.date < last[1]:
            problems.append(
                (
                    f"{where}.sign_off.date",
                    f"{spoken_day(work.sign_off.date)} is before stage {last[0]} was signed off "
                    f"({spoken_day(last[1])})",
                )
            )
        last = (work.stage, work.sign_off.date)
    return problems
