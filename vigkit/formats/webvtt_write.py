"""Writing a coding as WebVTT captions (:func:`write_vtt`): one cue per tag, with the exact
tag kept as JSON in the NOTE before it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from ..coding.scheme import Scheme
from ..coding.table import Coding
from ..core.atomic import atomic_write_text
from ..core.errors import VigkitError
from .webvtt_text import DATA_FORMAT, EVENT_NOTE, FILE_NOTE, escaped, timestamp

#: How long a moment's caption stays on screen (seconds), unless the film ends sooner.
POINT_SECONDS = 2.0

TextStyle = Literal["label", "code", "label+note"]


def write_vtt(coding: Coding, path: str | Path, *, text: TextStyle = "label") -> Path:
    """Write the tags of one clip as WebVTT captions, atomically; return the path.

    ``text`` is what a cue shows: the code's ``"label"``, the ``"code"`` itself, or
    ``"label+note"`` (the coder's note on the following lines).
    """
    if text not in ("label", "code", "label+note"):
        raise VigkitError(f"text must be 'label', 'code' or 'label+note', not {text!r}")
    target = Path(path)
    if len(coding.clips) > 1:
        raise VigkitError(
            f"{target}: a WebVTT file holds the captions of one film, but the coding has clips "
            f"{', '.join(coding.clips)}; write one file per clip (coding.filter(clip=...))"
        )
    blocks = [_header(coding), _EXPLANATION]
    in_time_order = sorted(coding.to_records(), key=lambda r: (r["onset"], r["offset"]))
    for number, record in enumerate(in_time_order, start=1):  # WebVTT wants cues in order
        identifier = _identifier(record["id"], number)
        data = record if identifier == record["id"] else {**record, "cue": identifier}
        blocks.append(f"NOTE {EVENT_NOTE} {_json_for_note(data)}")
        start, end = _display_times(record["onset"], record["offset"], coding.duration)
        lines = [identifier, f"{timestamp(start)} --> {timestamp(end)}"]
        lines += _cue_lines(record, coding.scheme, text)
        blocks.append("\n".join(lines))
    atomic_write_text(target, "\n\n".join(blocks) + "\n")
    return target


_EXPLANATION = (
    "NOTE\n"
    "Made by vigkit. Each cue is one tag; the NOTE before it keeps the tag's exact times,\n"
    "coder, subject and note so that vigkit can read this file back. Moments (tags without\n"
    f"a length) are shown for {POINT_SECONDS:g} seconds."
)


def _header(coding: Coding) -> str:
    """The WEBVTT line and the kit's file data (format and scheme)."""
    clip = coding.clips[0] if coding.clips else ""
    data = {
        "format": DATA_FORMAT,
        "scheme": coding.scheme.id,
        "scheme_version": coding.scheme.version,
    }
    title = f"WEBVTT - vigkit coding of clip {clip}" if clip else "WEBVTT - vigkit coding"
    return f"{title}\n\nNOTE {FILE_NOTE} {_json_for_note(data)}"


def _json_for_note(data: Mapping[str, Any]) -> str:
    """One line of JSON a NOTE can hold: no line breaks, and no ``-->`` (``>`` escaped)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace(">", "\\u003e")


def _identifier(event_id: str, number: int) -> str:
    """The cue's identifier: the event id where WebVTT allows it, else ``tag-N``."""
    if event_id and "-->" not in event_id and "\n" not in event_id and "\r" not in event_id:
        return event_id
    return f"tag-{number}"


def _display_times(onset: float, offset: float, duration: float | None) -> tuple[int, int]:
    """Start and end in milliseconds as shown: a moment lasts :data:`POINT_SECONDS` (not past
    the film's end); every cue lasts at least a millisecond, as WebVTT requires."""
    start = round(onset * 1000)
    if offset > onset:
        end = round(offset * 1000)
    else:
        shown = onset + POINT_SECONDS
        end = round((min(shown, duration) if duration is not None else shown) * 1000)
    return start, max(end, start + 1)


def _cue_lines(record: Mapping[str, Any], scheme: Scheme, text: TextStyle) -> list[str]:
    """The cue's text lines, escaped; blank lines of a note are left out (they would end
    the cue); the exact note is in the NOTE before it."""
    shown = record["code"] if text == "code" else scheme.label_of(record["code"])
    lines = [shown]
    if text == "label+note":
        lines += [line for line in record["note"].splitlines() if line.strip()]
    return [escaped(line) for line in lines]
