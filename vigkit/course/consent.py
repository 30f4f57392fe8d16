"""Consent and retention steps of the workbook: :func:`film_consent` (notebook 05: what the
people in your film agreed to, recorded when the film is added) and :func:`privacy_check`
(notebook 06: what the kit keeps from each film, and what is due to be erased)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..privacy.identity import is_practice_film
from .note import Note, WorkspaceLike, _check_id, _workspace

if TYPE_CHECKING:
    from ..widgets.consentform import ConsentForm
    from .own_film import Film

__all__ = ["film_consent"]


def film_consent(film: Film, coder: str, workspace: WorkspaceLike = None) -> ConsentForm | Note:
    """A form for the consent given for ``film`` (who is in it, the uses agreed and until
    when, the date to erase it by), filled in with what is recorded already; for a
    practice film, a note that it needs none."""
    ws = _workspace(workspace)
    if is_practice_film(film.path):
        return Note(
            f"{film.path.name} is a practice film: it was drawn by the kit and shows no real "
            "people, so it is free to use for your review, supervision and training. When "
            "you bring your own film, this step asks what the people in it agreed to.",
        )
    from ..widgets.consentform import ConsentForm

    return ConsentForm(
        film.path, clip=film.clip, workspace=ws, recorded_by=_check_id(coder, "coder")
    )
