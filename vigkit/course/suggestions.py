"""Notebook 05's "where to look first": the moment finder's suggestions for your own film.

A step returns :class:`Suggestions`: what the finder could and could not look at, and the
best candidates with their reasons, shown as a short list; the Tagger of the next step
shows the same as a lane under the film (``Tagger(..., suggestions=where_to_look(film))``,
found again in a moment from the workspace's cache). Suggestions are
never made for the course's practice films: in the exercises, learning to see is the
point, so the finder keeps out of them.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

import pandas as pd

from ..coding.scheme import load_scheme
from ..core.coursedir import practice_dir
from ..core.timecode import format_time
from .note import Note, WorkspaceLike, _workspace
from .own_film import Film

#: How many suggestions the step shows (the lane shows the same).
SHOWN = 20


class Suggestions(Sequence[dict[str, Any]]):
    """The finder's candidates for a film (``table``, best first) and what it says of
    them (``note``): shown in a notebook as the note and a short list, and a sequence of
    rows (dicts) that the Tagger takes as its lane (``Tagger(..., suggestions=...)``)."""

    def __init__(self, table: pd.DataFrame, note: Note) -> None:
        self.table = table
        self.note = note
        self._rows = [{str(k): v for k, v in row.items()} for row in table.to_dict("records")]

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        return self._rows[index]

    def _lines(self) -> list[tuple[str, str, str]]:
        scheme = load_scheme()
        labels = {c.id: c.label for c in scheme.categories}
        return [
            (
                f"{format_time(float(row['onset']), 0)}–{format_time(float(row['offset']), 0)}",
                labels.get(str(row["principle"]), str(row["principle"])),
                str(row["reason"]),
            )
            for row in self._rows
        ]

    @property
    def text(self) -> str:
        """The note and the list, as plain text."""
        listed = [
            f"{i}. {span}  {label}: {reason}"
            for i, (span, label, reason) in enumerate(self._lines(), 1)
        ]
        return "\n".join([self.note.text, *([""] + listed if listed else [])])

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{i}</td><td>{html.escape(span)}</td><td>{html.escape(label)}</td>"
            f"<td>{html.escape(reason)}</td></tr>"
            for i, (span, label, reason) in enumerate(self._lines(), 1)
        )
        table = (
            '<table class="vigkit-suggestions"><thead><tr><th></th><th>When</th>'
            f"<th>It may show</th><th>Why</th></tr></thead><tbody>{rows}</tbody></table>"
            if rows
            else ""
        )
        return self.note._repr_html_() + table


def where_to_look(
    film: Film,
    names: Sequence[str] | None = None,
    *,
    top: int = SHOWN,
    workspace: WorkspaceLike = None,
) -> Suggestions:
    """Where in ``film`` the kit suggests looking first (``top`` candidates), calling the
    voices ``names`` (lowest voice first, pseudonyms). Never for a practice film."""
    from ..moments import COLUMNS, find_moments

    if _is_practice(film.path):
        return Suggestions(
            pd.DataFrame(columns=list(COLUMNS)),
            Note(
                "This is one of the course's practice films, so the kit makes no "
                "suggestions for it: in the exercises, learning to see for yourself is the "
                "point.",
                "With your own film (set FILM at the top), this step lists where the film "
                "may show attuned interaction – an initiative received, a chain of turns, "
                "waiting, moving together – and the Tagger in the next step shows them "
                "under the film.",
            ),
        )
    ws = _workspace(workspace)
    table = find_moments(film.path, names=names, top=top, workspace=ws)
    said = list(table.attrs.get("looked_at", []))
    advice = (
        "These are suggestions, not findings: the kit counts sounds and movement, and "
        "automatic counts see more turns than there are. Play each one, and tag only what "
        "you see yourself – in the next step, click a suggestion under the film to play "
        "it, press a to tag it or x to set it aside."
        if len(table)
        else ""
    )
    return Suggestions(table, Note(" ".join(said), advice))


def _is_practice(path: Path) -> bool:
    """Whether ``path`` is one of the course's practice films."""
    folder = Path(os.path.abspath(practice_dir()))
    return Path(os.path.abspath(path)).parent == folder


__all__ = ["SHOWN", "Suggestions", "where_to_look"]
