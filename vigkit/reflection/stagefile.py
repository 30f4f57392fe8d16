"""The accreditation parts of a practice record as plain JSON data (see docs/reflection.md):
each written only when it holds something, so a record without them reads as before."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .stagedata import StageWork, SupervisionSession

if TYPE_CHECKING:
    from .recorddata import Cycle, PracticeRecord


def _hours(value: float) -> int | float:
    """Whole hours as whole numbers (``1``, not ``1.0``), as a person writes them."""
    return int(value) if float(value).is_integer() else value


def cycle_stage_data(cycle: Cycle) -> dict[str, Any]:
    """A cycle's client, days, shared-review film and stage, where given."""
    data: dict[str, Any] = {}
    if cycle.client:
        data["client"] = cycle.client
    if cycle.filmed_on is not None:
        data["filmed_on"] = cycle.filmed_on.isoformat()
    if cycle.reviewed_on is not None:
        data["reviewed_on"] = cycle.reviewed_on.isoformat()
    if cycle.review_film:
        data["review_film"] = cycle.review_film
    if cycle.stage is not None:
        data["stage"] = cycle.stage
    return data


def session_data(session: SupervisionSession) -> dict[str, Any]:
    """One supervision session as JSON data."""
    data: dict[str, Any] = {
        "date": session.date.isoformat(),
        "hours": _hours(session.hours),
        "supervisor": session.supervisor,
    }
    if session.note:
        data["note"] = session.note
    if session.stage is not None:
        data["stage"] = session.stage
    return data


def stage_work_data(work: StageWork) -> dict[str, Any]:
    """One stage's self-assessment and sign-off as JSON data."""
    data: dict[str, Any] = {"stage": work.stage, "self_assessment": work.self_assessment}
    if work.sign_off is not None:
        data["sign_off"] = {
            "by": work.sign_off.by,
            "date": work.sign_off.date.isoformat(),
            "note": work.sign_off.note,
        }
    return data


def record_stage_data(record: PracticeRecord) -> dict[str, Any]:
    """The record's clients, supervision, stages and accreditation, where given."""
    data: dict[str, Any] = {}
    if record.clients:
        data["clients"] = list(record.clients)
    if record.supervision:
        data["supervision"] = [session_data(s) for s in record.supervision]
    if record.stages:
        data["stages"] = [stage_work_data(w) for w in record.stages]
    if record.accreditation_reflection or record.shared_films:
        data["accreditation"] = {
            "reflection": record.accreditation_reflection,
            "shared_films": list(record.shared_films),
        }
    return data
