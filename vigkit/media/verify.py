"""Checking what an ffmpeg job really made before the kit says "made": the streams are
there and the length is what was asked (within a frame), else a ``MediaError`` naming the
film and where it seems damaged, raised while the result is still a temporary file (so
the caller's atomic write removes it). Header reads only: one short ``ffmpeg -i``
(imageio-ffmpeg has no ffprobe), or, where only a result that is too short is wrong (a
stream copy, a playable copy), an MP4 or QuickTime film's index read here (its ``moov``
box: no process to start, which is much of what a quick cut costs); a PNG is read back
with Pillow.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from ..core.errors import MediaError
from ..core.timecode import format_time
from .ffmpeg import film_header, run_ffmpeg
from .mp4index import Written, read_mp4_index
from .probe import MediaInfo

#: ``ffmpeg -i`` shows durations to 1/100 s.
ROUNDING = 0.01
#: The longest sound frame a film's length can end on (AAC: 1024 samples at 44.1 kHz).
SOUND_FRAME = 1024 / 44100

#: What to do about a film that seems damaged: re-encoding it often mends broken data.
COPY_FIRST = (
    "try making a playable copy first (vigkit proxy); if the copy stops there too, the "
    "file is incomplete: copy it again from the camera or phone"
)
#: What to do when even the playable copy stops early.
INCOMPLETE = (
    "the file may be incomplete (cut off while copying): copy it again from the camera or phone"
)


def read_written(path: Path, *, index_first: bool = False) -> Written:
    """The header facts of a film just written, as ``ffmpeg -i`` says them; with
    ``index_first``, an MP4/QuickTime film's own index is read instead (no process to
    start). The two lengths can differ by a frame or two where an edit list delays the
    picture (ffmpeg estimates from the tracks, the index says the movie's whole length):
    good enough to tell a copy that stopped early, not to judge an exact length. Nothing
    is decoded either way."""
    indexed = read_mp4_index(path) if index_first else None
    return indexed if indexed is not None else _read_with_ffmpeg(path)


def _read_with_ffmpeg(path: Path) -> Written:
    """The header facts of a film as ``ffmpeg -i`` reports them."""
    said = film_header(path)
    length = re.search(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)", said)
    duration = None
    if length is not None:
        duration = int(length[1]) * 3600 + int(length[2]) * 60 + float(length[3])
    videos = re.findall(r"Stream #0:\d+[^\n]*?: Video: ([^\n]*)", said)
    return Written(
        duration=duration,
        has_video=any("(attached pic)" not in video for video in videos),
        has_audio=re.search(r"Stream #0:\d+[^\n]*?: Audio: ", said) is not None,
    )


def tolerance(fps: float) -> float:
    """How far a written length may be from the one asked: one frame of picture (or of
    sound, when that is longer), plus the header's rounding."""
    return max(1.0 / fps, SOUND_FRAME) + ROUNDING


def verify_film(
    path: Path,
    *,
    film: Path,
    start: float,
    asked: float,
    fps: float,
    audio: bool,
    what: str,
    exact: bool = True,
    hint: str = COPY_FIRST,
) -> float:
    """Check the film written at ``path`` from ``film``'s ``start`` for ``asked`` seconds;
    return the length it really has. With ``exact`` False (a stream copy, which ends on
    the source's own packets) only a result that is too short is wrong. ``hint`` says what
    to do about a damaged film."""
    written = read_written(path, index_first=not exact)
    got = written.duration or 0.0
    slack = tolerance(fps)
    if not written.has_video or got <= 0:
        raise MediaError(
            f"{film}: the film seems damaged at {format_time(start)} or before: nothing "
            f"of {what} could be read from there and nothing was made; {hint}"
        )
    if got < asked - slack:
        raise MediaError(
            f"{film}: the film seems damaged after {format_time(start + got)}: only "
            f"{got:.2f} s of {what} ({asked:.2f} s) could be read, so nothing was made; "
            f"{hint}"
        )
    if exact and got > asked + slack:
        raise MediaError(
            f"{film}: {what} came out {got:.2f} s long instead of {asked:.2f} s, so "
            f"nothing was made; the film's timing may be damaged: {hint}"
        )
    if audio and not written.has_audio:
        raise MediaError(
            f"{film}: the film's sound could not be read from {format_time(start)} (it "
            f"seems damaged), so nothing was made; {hint}"
        )
    return got


def check_readable(info: MediaInfo, until: float, where: str) -> None:
    """Raise ``MediaError`` unless the film has picture data at ``until`` (its header may
    promise more than the file holds, as in a film cut off while copying). Reads packets
    only, from the keyframe before: no decoding."""
    frame = info.frame_duration
    seek = max(0.0, min(until, info.duration) - 1.5 * frame)
    args: list[str | Path] = ["-ss", f"{seek:.6f}", "-i", info.path, "-map", "0:V:0"]
    args += ["-c", "copy", "-t", f"{3 * frame:.6f}", "-f", "framecrc", "-"]
    listed = run_ffmpeg(args, action="read the film", source=info.path).stdout
    if not any(_pts(line) >= 0 for line in listed.splitlines()):
        raise MediaError(
            f"{where}: the film seems damaged before {format_time(until)}: its picture "
            f"cannot be read that far (it says it lasts {format_time(info.duration)}); "
            f"{COPY_FIRST}"
        )


def data_reaches(path: Path, time: float) -> bool:
    """Whether the file holds any packet (picture or sound) from about ``time`` on: a film
    whose picture ends before its sound has sound there, one cut off while copying has
    nothing (though its header may promise more). Reads packets only."""
    seek = max(0.0, time - 0.5)
    args: list[str | Path] = ["-ss", f"{seek:.6f}", "-i", path, "-map", "0:V?", "-map", "0:a?"]
    args += ["-c", "copy", "-t", "1", "-f", "framecrc", "-"]
    listed = run_ffmpeg(args, action="read the film", source=path).stdout
    return any(_pts(line) >= 0 for line in listed.splitlines())


def _pts(line: str) -> int:
    """A packet's time stamp in a ``framecrc`` line (-1 for the header and anything else)."""
    fields = line.split(",")
    if line.startswith("#") or len(fields) < 3:
        return -1
    try:
        return int(fields[2])
    except ValueError:
        return -1


def verify_picture(path: Path, *, film: Path | str, what: str, width: int | None = None) -> None:
    """Check that the PNG at ``path`` reads back whole (and is ``width`` wide if given)."""
    try:
        with Image.open(path) as picture:
            picture.load()
            size = picture.size
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise MediaError(
            f"{film}: {what} came out unreadable ({error}), so it was not kept; the film may "
            f"be damaged there: {COPY_FIRST}"
        ) from None
    if min(size) < 1 or (width is not None and size[0] != width):
        raise MediaError(
            f"{film}: {what} came out {size[0]}x{size[1]} pixels instead of {width} wide, "
            "so it was not kept"
        )
