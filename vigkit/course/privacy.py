"""Notebook 06's retention step: which films the kit knows, when each must be erased, and
what the kit made from each (the audit as a few plain sentences and a list)."""

from __future__ import annotations

from datetime import date

from ..core.wording import counted
from ..privacy.audit import privacy_audit
from ..privacy.retention import human_size
from .note import Note, WorkspaceLike

__all__ = ["privacy_audit_step"]


def privacy_audit_step(workspace: WorkspaceLike = None, today: date | None = None) -> Note:
    """The retention audit of ``workspace``: overdue films first, then what is due within
    14 days, then the rest, each with what the kit made from it."""
    report = privacy_audit(workspace, today)
    if not report.films:
        return Note(*report.summary())
    listed = "\n".join(
        f"- {f.label}: erase by {f.erase_by.isoformat() if f.erase_by else 'no date set'}"
        f" ({f.status}); {counted(len(f.files), 'file')} made from it, {human_size(f.size)}"
        for f in report.films
    )
    return Note(
        *report.summary(),
        f"The films, most urgent first:\n{listed}",
        "To see each file: `vigkit privacy audit`. Erasing removes the files the kit made "
        "(and your original only if you ask); your tags and notes stay.",
    )
