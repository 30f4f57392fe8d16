"""The supervisor's reference coding of a practice film, straight from its storyboard."""

from __future__ import annotations

from ..coding.table import Coding
from .model import Storyboard

#: The pseudonym and role under which every storyboard's reference coding is written.
REFERENCE_CODER = "reference"
REFERENCE_ROLE = "supervisor"
#: A fixed creation time, so that the same storyboard always gives the same file.
REFERENCE_CREATED = "2026-01-01T00:00:00.000Z"


def reference_coding(board: Storyboard) -> Coding:
    """The storyboard's reference codes as a ``Coding`` of clip ``board.id`` (role supervisor)."""
    ordered = sorted(board.codes, key=lambda c: (c.onset, c.offset, c.code))
    rows = [
        {
            "id": f"{board.id}-{number:03d}",
            "created": REFERENCE_CREATED,
            "clip": board.id,
            "coder": REFERENCE_CODER,
            "role": REFERENCE_ROLE,
            "code": code.code,
            "subject": code.subject,
            "onset": code.onset,
            "offset": code.offset,
            "note": code.note,
        }
        for number, code in enumerate(ordered, start=1)
    ]
    return Coding(rows, scheme=board.scheme, duration=board.duration, source=board.source)
