"""What several sub-commands share: reading a coding from whatever file a person has,
and the ``--duration`` option."""

from __future__ import annotations

from pathlib import Path

from ..coding.journal import replay
from ..coding.scheme import DEFAULT_SCHEME
from ..coding.table import Coding
from ..coding.workspace import JOURNAL_SUFFIX
from ..core.errors import VigkitError
from ..core.timecode import parse_time


def read_coding(path: Path, scheme: str | None, duration: float | None = None) -> Coding:
    """A coding from a tagging journal (replayed), a CSV or JSON Lines file, or a file of
    another tool (.eaf, .boris, .vtt, .xlsx, read with each format's defaults)."""
    from ..formats.dispatch import format_of, read_coding_file

    if path.name.endswith(JOURNAL_SUFFIX):
        return replay(path, scheme, duration=duration)
    if format_of(path) in ("csv", "jsonl"):
        return Coding.read(path, scheme, duration=duration)
    return read_coding_file(path, scheme or DEFAULT_SCHEME, duration=duration)


def duration_option(text: str | None) -> float | None:
    """The ``--duration`` option in seconds (given as seconds or m:ss), checked."""
    if text is None:
        return None
    try:
        seconds = parse_time(text)
    except ValueError as error:
        raise VigkitError(f"--duration: {error}") from None
    if seconds <= 0:
        raise VigkitError("--duration: the clip's length must be more than 0 seconds")
    return seconds
