"""An exercise's review, kept back until the learner has tagged.

The CompareView of an exercise shows the supervisor's moments on the time line. Before a
trainee has tagged anything, that would hand them the answers to the exercise they are
about to do (docs/exercises.md promises they are not given away), so :func:`review`
shows the CompareView only once there is something of theirs to compare, and until then
says kindly what to do first. A notebook step can then run top to bottom on a fresh
workspace without spoiling the exercise.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..coding.workspace import Workspace
from ..practice.exercises import ExerciseResult
from .note import Note

if TYPE_CHECKING:
    from ..views.compareview import CompareView


#: Why the comparison time line is not shown yet.
WAITING = (
    "The time line that compares your tags with your supervisor's appears here once you "
    "have tagged the film: it shows your supervisor's moments, so it waits until you have "
    "looked for yourself. Then run this step again."
)


#: The kind words :func:`review` shows while there is nothing of the learner's to compare:
#: a workbook :class:`~vigkit.course.note.Note` (the name is kept for existing callers).
NothingYet = Note


def review(
    result: ExerciseResult,
    *,
    padding: float = 2.0,
    workspace: Workspace | str | Path | None = None,
    root: str | Path | None = None,
) -> CompareView | Note:
    """The exercise's film beside the comparison time line and the feedback
    (:class:`~vigkit.views.CompareView`), once the trainee has tagged at least one moment
    of the exercise's principles; until then, how to start (the feedback's first
    paragraph) and a word on why the time line waits. ``padding``, ``workspace`` and
    ``root`` go to the view."""
    if result.tagged == 0:
        return Note(result.feedback().paragraphs[0], WAITING)
    from ..views.compareview import CompareView

    return CompareView(result, padding=padding, workspace=workspace, root=root)


__all__ = ["WAITING", "NothingYet", "review"]
