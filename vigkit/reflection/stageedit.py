"""Editing the accreditation parts of a practice record: each function returns a new record.

Clients, a cycle's client and dates, supervision sessions, a stage's self-assessment and its
sign-off, and what the accreditation meeting needs. Days may be given as ``date``s or as text
(``2026-03-31`` or ``31/3/2026``); the new record checks itself when it is made.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from ..core.errors import Problem
from .recordbase import RecordError, _raise, as_day
from .recorddata import PracticeRecord
from .stagedata import StageSignOff, StageWork, SupervisionSession, stage_number_problems

Day = dt.date | str


def _with_cycle(record: PracticeRecord, number: int, **changes: Any) -> PracticeRecord:
    """The record with cycle ``number`` changed; a refusal names the cycle."""
    cycles = list(record.cycles)
    try:
        cycles[number - 1] = dataclasses.replace(record.cycle(number), **changes)
    except RecordError as error:
        raise RecordError(
            None, [Problem(f"cycle {number}, {p.message}") for p in error.problems], error.hint
        ) from None
    return dataclasses.replace(record, cycles=tuple(cycles))


def add_client(record: PracticeRecord, client: str) -> PracticeRecord:
    """The record with one more client (a pseudonym such as C1; never a real name)."""
    name = client.strip() if isinstance(client, str) else client
    if name in record.clients:
        return record
    return dataclasses.replace(record, clients=(*record.clients, name))


def set_cycle_client(record: PracticeRecord, cycle: int, client: str) -> PracticeRecord:
    """The record with cycle ``cycle``'s client set (one of the record's clients; an
    unknown pseudonym is added to the clients first; empty text clears it)."""
    name = client.strip() if isinstance(client, str) else client
    if name and name not in record.clients:
        record = add_client(record, name)
    return _with_cycle(record, cycle, client=name)


def set_cycle_dates(
    record: PracticeRecord,
    cycle: int,
    *,
    filmed_on: Day | None = None,
    reviewed_on: Day | None = None,
) -> PracticeRecord:
    """The record with the day cycle ``cycle``'s film was made and the day of its shared
    review (those given; ``""`` clears one). The review may not be dated before the film."""
    changes: dict[str, Any] = {}
    if filmed_on is not None:
        changes["filmed_on"] = as_day(filmed_on, f"cycle {cycle}, the film's date")
    if reviewed_on is not None:
        changes["reviewed_on"] = as_day(reviewed_on, f"cycle {cycle}, the shared review's date")
    return _with_cycle(record, cycle, **changes)


def set_review_film(record: PracticeRecord, cycle: int, film: str | Path) -> PracticeRecord:
    """The record with cycle ``cycle``'s shared-review film (a path or clip id) set."""
    return _with_cycle(record, cycle, review_film=str(film))


def set_cycle_stage(record: PracticeRecord, cycle: int, stage: int | None) -> PracticeRecord:
    """The record with cycle ``cycle`` counted for ``stage`` (None: its review date decides)."""
    return _with_cycle(record, cycle, stage=stage)


def add_supervision(
    record: PracticeRecord,
    date: Day,
    hours: float,
    supervisor: str,
    note: str = "",
    *,
    stage: int | None = None,
) -> PracticeRecord:
    """The record with a supervision session (its day, hours > 0, the supervisor's
    pseudonym); ``stage`` counts it for that stage instead of by its date."""
    day = as_day(date, "the supervision session's date")
    if day is None:
        _raise([("date", "say on which day the supervision session was")])
    session = SupervisionSession(day, hours, supervisor, note, stage)  # type: ignore[arg-type]
    return dataclasses.replace(record, supervision=(*record.supervision, session))


def remove_supervision(record: PracticeRecord, index: int) -> PracticeRecord:
    """The record without supervision session ``index`` (0-based, in the record's order)."""
    if not 0 <= index < len(record.supervision):
        _raise(
            [("", f"there is no supervision session {index} (there are {len(record.supervision)})")]
        )
    sessions = list(record.supervision)
    del sessions[index]
    return dataclasses.replace(record, supervision=tuple(sessions))


def _with_stage(record: PracticeRecord, stage: int, **changes: Any) -> PracticeRecord:
    """The record with stage ``stage``'s work changed (earlier stages listed, empty, if
    they were not yet)."""
    _raise(stage_number_problems("stage", stage))
    works = list(record.stages)
    works += [StageWork(n) for n in range(len(works) + 1, stage + 1)]
    works[stage - 1] = dataclasses.replace(works[stage - 1], **changes)
    return dataclasses.replace(record, stages=tuple(works))


def set_stage_assessment(record: PracticeRecord, stage: int, text: str) -> PracticeRecord:
    """The record with the trainee's self-assessment for ``stage`` (in their own words)."""
    return _with_stage(record, stage, self_assessment=text)


def sign_off_stage(
    record: PracticeRecord, stage: int, by: str, date: Day | None = None, note: str = ""
) -> PracticeRecord:
    """The record with ``stage`` signed off by supervisor ``by`` (a pseudonym) on ``date``
    (today unless given), with their note. Stages are signed off in turn."""
    day = as_day(date, "the sign-off date") if date is not None else dt.date.today()
    return _with_stage(record, stage, sign_off=StageSignOff(by, day or dt.date.today(), note))


def withdraw_sign_off(record: PracticeRecord, stage: int) -> PracticeRecord:
    """The record with ``stage``'s sign-off taken back (e.g. entered by mistake)."""
    return _with_stage(record, stage, sign_off=None)


def set_accreditation_reflection(record: PracticeRecord, text: str) -> PracticeRecord:
    """The record with the written reflection for the accreditation meeting."""
    return dataclasses.replace(record, accreditation_reflection=text)


def add_shared_film(record: PracticeRecord, film: str | Path) -> PracticeRecord:
    """The record noting a film (path or clip id) shared with the group for accreditation."""
    name = str(film)
    if name in record.shared_films:
        return record
    return dataclasses.replace(record, shared_films=(*record.shared_films, name))
