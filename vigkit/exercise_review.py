"""An exercise's review, kept back until the learner has tagged.

The CompareView of an exercise shows the supervisor's moments on the time line. Before a
trainee has tagged anything, that would hand them the answers to the exercise they are
about to do (docs/exercises.md promises they are not given away), so :func:`review`
shows the CompareView only once there is something of theirs to compare, and until then
says kindly what to do first. A notebook step can then run top to bottom on a fresh
workspace without spoiling the exercise.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .exercises import ExerciseResult
from .workspace import Workspace

if TYPE_CHECKING:
    from .views.compareview import CompareView


#: Why the comparison time line is not shown yet.
WAITING = (
    "The time line that compares your tags with your supervisor's appears here once you "
    "have tagged the film: it shows your supervisor's moments, so it waits until you have "
    "looked for yourself. Then run this step again."
)


@dataclass(frozen=True)
class NothingYet:
    """A step's kind words when there is nothing of the learner's to show yet: plain
    paragraphs, shown as text in a notebook."""

    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """The words as text, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in self.paragraphs)


def review(
    result: ExerciseResult,
    *,
    padding: float = 2.0,
    workspace: Workspace | str | Path | None = None,
    root: str | Path | None = None,
) -> CompareView | NothingYet:
    """The exercise's film beside the comparison time line and the feedback
    (:class:`~vigkit.views.CompareView`), once the trainee has tagged at least one moment
    of the exercise's principles; until then, how to start (the feedback's first
    paragraph) and a word on why the time line waits. ``padding``, ``workspace`` and
    ``root`` go to the view."""
    if result.tagged == 0:
        return NothingYet((result.feedback().paragraphs[0], WAITING))
    from .views.compareview import CompareView

    return CompareView(result, padding=padding, workspace=workspace, root=root)


__all__ = ["WAITING", "NothingYet", "review"]
