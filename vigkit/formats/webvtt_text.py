"""WebVTT text as the kit writes and reads it: the names and format of its NOTE comments,
timestamps, and cue text escaped."""

from __future__ import annotations

#: Format of the kit's JSON comments; a reader refuses newer ones.
DATA_FORMAT = 1

#: The kit's comments: ``NOTE vigkit-event {json}`` before each cue (linked to it by the
#: cue identifier: the event id, or ``"cue"`` in the JSON) and one ``vigkit-file`` NOTE.
EVENT_NOTE = "vigkit-event"
FILE_NOTE = "vigkit-file"


def timestamp(milliseconds: int) -> str:
    """``hh:mm:ss.ttt``, the form every player reads."""
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def escaped(text: str) -> str:
    """Cue text with the characters WebVTT reserves written as references."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
