"""Notebook 06, for trainee guiders: your accreditation stages. :func:`cycle_details` notes a
cycle's client and dates, :func:`add_session` a supervision session, and :func:`my_stages`
shows how far each stage has come and what is still missing (the stage check).

Each step returns a :class:`Note`; a record that is not a trainee guider's gets a kind note
saying the stages are for trainee guiders, and a value the record refuses is said, not raised.
"""

from __future__ import annotations

from pathlib import Path

from ..privacy.dates import spoken_day
from ..reflection.recordbase import RecordError
from .note import Note, WorkspaceLike, _check_id
from .own_film import Film
from .record import MyRecord, my_record

#: What a step says for a record that is not a trainee guider's.
NOT_A_TRAINEE = (
    "The accreditation stages are for trainee guiders. If you are training as a VIG guider, "
    'set KIND = "vig-trainee" in your settings when you first open your record.'
)

__all__ = ["add_session", "cycle_details", "my_stages", "review_in_record"]


def _refused(error: RecordError, what: str) -> Note:
    reasons = "\n".join(f"- {p.message}" for p in error.problems)
    return Note(f"Not {what} yet – your record keeps what it had:\n{reasons}")


def cycle_details(
    record: MyRecord,
    cycle: int,
    *,
    client: str = "",
    filmed_on: str = "",
    reviewed_on: str = "",
) -> Note:
    """Note cycle ``cycle``'s client (a pseudonym) and the days of its film and its shared
    review, where given; a cycle counts towards your stage once its review is dated."""
    from ..reflection import add_cycle, save_record, set_cycle_client, set_cycle_dates

    current = record.record
    if current.kind != "vig-trainee":
        return Note(NOT_A_TRAINEE)
    if not (client.strip() or filmed_on.strip() or reviewed_on.strip()):
        return Note(
            f"Nothing changed for cycle {cycle}. To note whose film it is and when it was "
            'made and reviewed, set CLIENT (a pseudonym such as "C1"), FILMED_ON and '
            'REVIEWED_ON (e.g. "2026-03-02" or "2/3/2026") in your settings and run this '
            "step again."
        )
    try:
        changed = current
        while len(changed.cycles) < cycle:
            changed = add_cycle(changed)
        if client.strip():
            changed = set_cycle_client(changed, cycle, client)
        changed = set_cycle_dates(
            changed, cycle, filmed_on=filmed_on or None, reviewed_on=reviewed_on or None
        )
    except RecordError as error:
        return _refused(error, "noted")
    save_record(changed, record.path)
    c = changed.cycle(cycle)
    parts = [f"client {c.client}" if c.client else "no client yet"]
    parts.append(f"filmed on {spoken_day(c.filmed_on)}" if c.filmed_on else "no film date yet")
    parts.append(
        f"shared review on {spoken_day(c.reviewed_on)}" if c.reviewed_on else "no review date yet"
    )
    counts = (
        "It counts towards your stage."
        if c.reviewed_on
        else "It counts towards your stage once its shared review is dated."
    )
    return Note(f"Cycle {cycle}: {', '.join(parts)}. {counts}")


def review_in_record(
    review: Film,
    practitioner: str,
    cycle: int | None,
    *,
    reviewed_on: str = "",
    workspace: WorkspaceLike = None,
) -> Note:
    """Keep the film of your shared review (notebook 09) in cycle ``cycle`` of your
    practice record, with the day of the review when given, so the cycle shows its review
    and, once dated, counts towards your stage (the record is made the first time).
    Without a cycle, say how to choose one."""
    from ..reflection import save_record, set_cycle_dates, set_review_film

    if cycle is None:
        return Note(
            "To keep this review in your practice record, set CYCLE to the cycle it belongs "
            "to (1 for the review of your first film with this client, and so on) and, if "
            'you like, REVIEWED_ON to its day (e.g. "2026-03-09"), then run this step again.'
        )
    record = my_record(_check_id(practitioner, "practitioner"), "vig-trainee", cycle=cycle,
                       workspace=workspace)  # fmt: skip
    current = record.record
    if current.kind != "vig-trainee":
        return Note(NOT_A_TRAINEE)
    try:
        changed = set_review_film(current, cycle, review.clip)
        if reviewed_on.strip():
            changed = set_cycle_dates(changed, cycle, reviewed_on=reviewed_on)
    except RecordError as error:
        return _refused(error, "kept")
    save_record(changed, record.path)
    kept = changed.cycle(cycle)
    when = (
        f"on {spoken_day(kept.reviewed_on)}: it counts towards your stage"
        if kept.reviewed_on
        else "with no date yet: set REVIEWED_ON, and the cycle counts towards your stage"
    )
    return Note(
        f"Cycle {cycle} of your practice record now has this shared review ({review.clip}), "
        f"{when}. Notebook 06 shows your stages."
    )


def add_session(
    record: MyRecord, date: str, *, hours: float, supervisor: str, note: str = ""
) -> Note:
    """Add a supervision session (its day, hours, your supervisor's pseudonym); nothing is
    added without a date, or for a session with the same day and supervisor as one you have."""
    from ..reflection import add_supervision, save_record

    current = record.record
    if current.kind != "vig-trainee":
        return Note(NOT_A_TRAINEE)
    if not date.strip():
        return Note(
            'No supervision session added. To add one, set SESSION_DATE (e.g. "2026-03-09"), '
            'SESSION_HOURS and SUPERVISOR (your supervisor\'s pseudonym, e.g. "S1") in your '
            "settings and run this step again."
        )
    try:
        changed = add_supervision(current, date, hours, supervisor, note)
    except RecordError as error:
        return _refused(error, "added")
    new = changed.supervision[-1]
    if any(s.date == new.date and s.supervisor == new.supervisor for s in current.supervision):
        return Note(
            f"You already have a session with {new.supervisor} on {spoken_day(new.date)}, so "
            "nothing was added. Change SESSION_DATE for your next session."
        )
    save_record(changed, record.path)
    return Note(
        f"Added {new.hours:g} hour{'' if new.hours == 1 else 's'} of supervision with "
        f"{new.supervisor} on {spoken_day(new.date)}."
    )


def my_stages(record: MyRecord, *, targets: str | Path | None = None) -> Note:
    """How far each accreditation stage has come, and what the open stage still needs
    (``targets``: your service's stage targets file; default AVIGuk's)."""
    from ..reflection import stage_check, stage_progress

    current = record.record
    if current.kind != "vig-trainee":
        return Note(NOT_A_TRAINEE)
    progress = stage_progress(current, targets)
    lines = "\n".join(f"- S{p.summary()[1:]}" for p in progress.stages)
    check = stage_check(current, progress.targets)
    return Note(f"Your stages ({progress.targets.label}):\n{lines}", *check.paragraphs)
