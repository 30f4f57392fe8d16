"""What the media jobs accept before any ffmpeg runs: a film that is a regular, non-empty
file (a FIFO or a device would make ffmpeg wait for ever), a picture big enough to encode,
times a film can have, and an output whose name ending says a format the kit writes; and
what to tell a guider whose file ffmpeg cannot open as a film (cut off while copying, or
holding no picture)."""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from ..core.errors import MediaError
from ..core.textfile import kind_of_file
from ..core.timecode import format_time
from .ffmpeg import check_output, last_words
from .mp4index import read_mp4_index

#: The smallest picture the kit cuts, stills or puts in a reel (H.264 needs even sizes,
#: and nothing smaller is a film of an interaction).
MIN_SIDE = 16

#: No film the kit works with is longer than this; a time beyond it is a typing error
#: (and would overflow the arithmetic of frames and clock times).
MAX_SECONDS = 100 * 3600.0

#: Name endings of the films the kit writes, and what each job may write.
CLIP_SUFFIXES = (".mp4", ".m4v", ".mov", ".mkv")
FILM_SUFFIXES = (".mp4", ".m4v")


def check_film(path: str | Path) -> Path:
    """``path`` if it is a film file that can be read: it exists, is a regular file (not a
    folder, FIFO, device or socket), is not empty and may be read; else a ``MediaError``."""
    source = Path(path)
    try:
        mode = os.stat(source).st_mode  # stat never opens: safe on a FIFO
    except FileNotFoundError:
        raise MediaError(f"{source}: the film does not exist; check the path") from None
    except OSError as error:
        raise MediaError(f"{source}: the film cannot be looked at ({error.strerror})") from None
    if stat.S_ISDIR(mode):
        raise MediaError(f"{source}: this is a folder, not a film; give the film's file")
    if not stat.S_ISREG(mode):
        raise MediaError(
            f"{source}: this is {kind_of_file(mode)}, not a film file; the kit reads films only "
            "from ordinary files: save the film as a file and give that"
        )
    if not os.access(source, os.R_OK):
        raise MediaError(f"{source}: the film cannot be read (no permission)")
    if os.stat(source).st_size == 0:
        raise MediaError(
            f"{source}: the film is empty (0 bytes); it was probably not copied completely: "
            "copy it again from the camera or phone"
        )
    return source


#: What to do about a film that a transfer left incomplete.
COPY_AGAIN = (
    "copy it again from the camera or phone (a copy that stopped early, or a film still "
    "being recorded, leaves a file like this)"
)

#: Words for the kinds of track a file without a picture may hold.
_TRACK_WORDS = {
    "soun": "sound",
    "Audio": "sound",
    "tmcd": "a timecode track",
    "meta": "timed metadata",
    "text": "subtitles",
    "sbtl": "subtitles",
    "subt": "subtitles",
    "Subtitle": "subtitles",
}


def unreadable_film(source: Path, said: str) -> str:
    """The message for a file that ffmpeg could not open as a film, from what it ``said``:
    a film cut off before its index (phones write it last), a file with no picture track,
    or anything else."""
    if "moov atom not found" in said and _starts_like_mp4(source):
        return (
            f"{source}: the film is incomplete: the index that phones and cameras write at the "
            f"end of a recording is missing, so no player can read it; {COPY_AGAIN}"
        )
    held = read_mp4_index(source)
    if held is not None and not held.has_video:
        return no_picture(source, list(held.tracks))
    return (
        f"{source}: this is not a film the kit can read ({last_words(said, 1)}); it may be "
        "damaged or not a video"
    )


def _starts_like_mp4(source: Path) -> bool:
    """Whether the file begins as an MP4/QuickTime film does (its first box), as a film cut
    off before its index still does, unlike a text file given a film's name."""
    try:
        with open(source, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    return head[4:8] in (b"ftyp", b"wide", b"mdat", b"free", b"skip")


def no_picture(source: Path, tracks: Sequence[str]) -> str:
    """The message for a file without a picture, naming what it holds (``tracks``: index
    handler types or ffmpeg's stream kinds)."""
    held = list(dict.fromkeys(_TRACK_WORDS.get(track, "data") for track in tracks))
    holds = f"; it holds only {' and '.join(held)}" if held else ""
    return (
        f"{source}: this file has no picture (no video stream{holds}); give the film itself "
        "(if this is it, the film did not come across whole: copy it again from the camera "
        "or phone)"
    )


def stream_kinds(said: str) -> list[str]:
    """The kinds of stream (``Audio``, ``Data``, ...) ``ffmpeg -i`` lists for input 0."""
    return re.findall(r"Stream #0:\d+[^\n]*?: (\w+):", said)


class _Picture(Protocol):
    """What :func:`check_picture` reads of a ``MediaInfo`` (probe itself uses this module)."""

    @property
    def path(self) -> Path: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...


_Info = TypeVar("_Info", bound=_Picture)


def check_picture(info: _Info) -> _Info:
    """``info`` if its picture is big enough to work with; a 1x1 "film" is refused in words
    rather than with the encoder's complaint."""
    if info.width < MIN_SIDE or info.height < MIN_SIDE:
        raise MediaError(
            f"{info.path}: the picture is only {info.width}x{info.height} pixels; the kit "
            f"works with films at least {MIN_SIDE}x{MIN_SIDE} pixels (is this really the film?)"
        )
    return info


def check_seconds(film: Path | str, seconds: float, what: str = "time") -> float:
    """``seconds`` if it is a time a film can have (finite, under ``MAX_SECONDS``)."""
    if not math.isfinite(seconds) or abs(seconds) > MAX_SECONDS:
        shown = f"{seconds:g}" if math.isfinite(seconds) else str(seconds)
        raise MediaError(
            f"{film}: the {what} {shown} s is beyond any film (more than "
            f"{format_time(MAX_SECONDS, 0)}); check the number"
        )
    return seconds


def check_target(
    path: str | Path,
    sources: Sequence[Path] = (),
    *,
    suffixes: Collection[str],
    what: str,
) -> Path:
    """An output path for ``what`` (e.g. "a clip is a film") whose ending is one of
    ``suffixes``, that is not a folder or a device, not a source film, in a writable folder."""
    out = Path(path)
    if any(out.resolve() == Path(source).resolve() for source in sources):
        return check_output(out, sources)  # which says why a source film is never written
    if out.suffix.lower() not in suffixes:
        endings = ", ".join(sorted(suffixes, key=list(suffixes).index))
        ending = f"'{out.suffix}'" if out.suffix else "no ending"
        raise MediaError(f"{out}: {what}; give a name ending in {endings} (this name has {ending})")
    if out.is_dir():
        raise MediaError(f"{out}: this is a folder; give the name of a new file, not a folder")
    if out.exists() and not out.is_file():
        raise MediaError(f"{out}: this is not an ordinary file; choose another name")
    return check_output(out, sources)
