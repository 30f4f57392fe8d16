"""BORIS projects (``.boris`` JSON, ``.boris.gz`` gzip JSON): one observation's events read
as a coding, and a coding written as a project BORIS opens, with the scheme as its ethogram.

BORIS stores no START/STOP flags: each event of a *state* behaviour toggles it for its
(subject, behaviour, modifiers), in time order, so the 1st, 3rd, 5th… events start a
stretch and the 2nd, 4th… stop it. Times are seconds of the observation: the media time
plus the observation's ``time offset``.
"""

from __future__ import annotations

from .boris_project import FORMAT_VERSION, NO_FOCAL_SUBJECT, PLAYERS, POINT_TYPES, STATE_TYPES
from .boris_read import read_boris
from .boris_write import write_boris

__all__ = [
    "FORMAT_VERSION",
    "NO_FOCAL_SUBJECT",
    "PLAYERS",
    "POINT_TYPES",
    "STATE_TYPES",
    "read_boris",
    "write_boris",
]
