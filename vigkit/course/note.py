"""What a workbook step shows, and the small helpers every notebook's steps share.

A step of notebooks 04–06 (:mod:`vigkit.course`) returns its result, or a :class:`Note`: a
few plain sentences saying what it did, or kindly what to do first.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..coding.events import check_name
from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from ..core.wording import counted

WorkspaceLike = Workspace | str | Path | None

#: The step of notebook 05 where a film is tagged (notes of notebooks 04 and 05 point
#: back to it; tests check the notebook agrees).
TAG_STEP = 7

__all__ = ["TAG_STEP", "Note", "WorkspaceLike"]


class Note:
    """A few plain sentences a step shows: what it did, or kindly why it did nothing yet.

    A paragraph whose lines after the first start with ``- `` is shown as a list, and
    text between backticks as a file name (in HTML; the text, ``str`` and ``repr``,
    leaves the backticks out), so a printed note reads as plain sentences.
    """

    def __init__(self, *paragraphs: str) -> None:
        self.paragraphs = tuple(p for p in paragraphs if p)

    @property
    def text(self) -> str:
        """Every paragraph, separated by blank lines."""
        return "\n\n".join(self.paragraphs).replace("`", "")

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Note) and other.paragraphs == self.paragraphs

    __hash__ = None  # type: ignore[assignment]

    def _repr_html_(self) -> str:
        parts = []
        for paragraph in self.paragraphs:
            lines = paragraph.split("\n")
            items = lines[1:]
            if items and all(line.startswith("- ") for line in items):
                listed = "".join(f"<li>{_inline(line[2:])}</li>" for line in items)
                parts.append(f"<p>{_inline(lines[0])}</p><ul>{listed}</ul>")
            else:
                parts.append(f"<p>{'<br>'.join(_inline(line) for line in lines)}</p>")
        return (
            '<div class="vigkit-note" style="border-left:4px solid #0072B2;'
            'padding:0.1em 0.9em;margin:0.4em 0">' + "".join(parts) + "</div>"
        )


def _inline(text: str) -> str:
    """Escaped text with `file names` in code style."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _workspace(where: WorkspaceLike) -> Workspace:
    return where if isinstance(where, Workspace) else Workspace(where)


def _shown(path: Path, workspace: Workspace) -> str:
    """A path inside the workspace as people see it there (``exports/x.png``)."""
    try:
        return path.relative_to(workspace.root).as_posix()
    except ValueError:
        return str(path)


def _done(number: int, noun: str, verb: str) -> str:
    """``2 moments chosen``, or ``no moments chosen yet``."""
    return f"{counted(number, noun)} {verb}" if number else f"no {noun}s {verb} yet"


def _check_id(value: str, what: str) -> str:
    text, reason = check_name(value, what)
    if reason:
        raise VigkitError(reason)
    return text
