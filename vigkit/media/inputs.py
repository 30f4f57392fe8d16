"""What the media jobs accept before any ffmpeg runs: a film that is a regular, non-empty
file (a FIFO or a device would make ffmpeg wait for ever), a picture big enough to encode,
times a film can have, and an output whose name ending says a format the kit writes."""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from ..core.errors import MediaError
from ..core.textfile import kind_of_file
from ..core.timecode import format_time
from .ffmpeg import check_output

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
