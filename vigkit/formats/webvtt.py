"""WebVTT captions (``.vtt``): tags shown as captions in any player, captions read as tags,
and the captions of a shared-review reel in the reel's own time line.

Each tag is one cue whose text is for people (the code's label, say). So that the kit can
read the file back exactly, a ``NOTE vigkit-event {…}`` comment before each cue keeps the
tag's exact times, code, coder, subject and note as JSON; players ignore comments. A
moment (a tag without length) is shown for :data:`POINT_SECONDS`.
"""

from __future__ import annotations

from .webvtt_read import read_vtt
from .webvtt_reel import write_reel_vtt
from .webvtt_text import DATA_FORMAT
from .webvtt_write import POINT_SECONDS, TextStyle, write_vtt

__all__ = [
    "DATA_FORMAT",
    "POINT_SECONDS",
    "TextStyle",
    "read_vtt",
    "write_reel_vtt",
    "write_vtt",
]
