"""A guider's own films gone wrong, for cases-films.yaml (issue 18): phone films cut off
halfway by a transfer (HEVC .mov and H.264 .mp4, index at the end and at the front), files
with no picture (only a timecode track, only sound), and names with spaces, quotes and
non-Latin letters. Tiny (160x90, 4 s) and made once per process, then copied.

Used by tests/test_media_badfilms.py too. Every film is consented in the test workspace
(they show no one), so the jobs get as far as the damage the cases are about.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

from vigkit.media.ffmpeg import run_ffmpeg

from films import consent_everything

SECONDS = 4.0
"""The length every whole film here says it has."""

ODD_NAME = "Zoë's “play” 子供.mov"
"""A phone film's name as a guider may give it: spaces, quotes and non-Latin letters."""

_KINDS = {
    # name: (codec options, index at the front)
    "hevc.mov": (["-c:v", "libx265", "-tag:v", "hvc1", "-x265-params", "log-level=error"], False),
    "hevc-front.mov": (
        ["-c:v", "libx265", "-tag:v", "hvc1", "-x265-params", "log-level=error"],
        True,
    ),
    "h264.mp4": (["-c:v", "libx264", "-preset", "ultrafast"], False),
    "h264-front.mp4": (["-c:v", "libx264", "-preset", "ultrafast"], True),
}


@functools.cache
def _base(kind: str) -> Path:
    """A whole film made once per process: ``hevc.mov`` (HEVC/AAC QuickTime, index at the
    end, as phones write it), ``hevc-front.mov`` (index at the front), ``h264.mp4`` and
    ``h264-front.mp4`` (the same in H.264), ``timecode.mov`` (only a timecode track),
    ``sound.mp4`` (only sound)."""
    folder = Path(tempfile.mkdtemp(prefix="vigkit-corpus-own-films-"))
    out = folder / kind
    picture = ["-f", "lavfi", "-i", f"testsrc=s=160x90:r=25:d={SECONDS}"]
    sound = ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:d={SECONDS}"]
    if kind == "timecode.mov":
        with_timecode = folder / "with-timecode.mov"
        run_ffmpeg(
            [*picture, "-c:v", "libx264", "-preset", "ultrafast", "-timecode", "01:00:00:00"]
            + [with_timecode],
            action="make a test film",
        )
        run_ffmpeg(["-i", with_timecode, "-map", "0:d", "-c", "copy", out], action="keep data")
    elif kind == "sound.mp4":
        run_ffmpeg([*sound, "-c:a", "aac", out], action="make a test sound")
    else:
        codec, front = _KINDS[kind]
        index = ["-movflags", "+faststart"] if front else []
        run_ffmpeg(
            [*picture, *sound, *codec, "-pix_fmt", "yuv420p", "-c:a", "aac", *index, out],
            action="make a test film",
        )
    return consent_everything(out)


def whole(path: Path, kind: str) -> Path:
    """A whole film of ``kind`` (see :func:`_base`) at ``path``, consented."""
    shutil.copyfile(_base(kind), path)
    return consent_everything(path)


def cut_in_half(path: Path, kind: str) -> Path:
    """A film of ``kind`` of which only the first half of the bytes came across, as a phone
    transfer that stopped halfway leaves it, consented."""
    data = _base(kind).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return consent_everything(path)


# --- makers named by cases-films.yaml: each takes the case's folder ----------------------


def half_hevc_mov(folder: Path) -> None:
    """``IMG_0042.MOV``: an HEVC phone film (index at the end) cut off halfway."""
    cut_in_half(folder / "IMG_0042.MOV", "hevc.mov")


def half_hevc_front_mov(folder: Path) -> None:
    """``IMG_0043.MOV``: an HEVC film with its index at the front, cut off halfway: its
    header still promises all 4 s."""
    cut_in_half(folder / "IMG_0043.MOV", "hevc-front.mov")


def half_h264_mp4(folder: Path) -> None:
    """``visit.mp4``: an H.264 film (index at the end) cut off halfway."""
    cut_in_half(folder / "visit.mp4", "h264.mp4")


def half_h264_front_mp4(folder: Path) -> None:
    """``visit-front.mp4``: an H.264 film with its index at the front, cut off halfway."""
    cut_in_half(folder / "visit-front.mp4", "h264-front.mp4")


def empty_mov(folder: Path) -> None:
    """``IMG_0044.MOV``: zero bytes, as a transfer that failed at once leaves it."""
    (folder / "IMG_0044.MOV").write_bytes(b"")


def timecode_only(folder: Path) -> None:
    """``timecode.mov``: a QuickTime file holding only a timecode (data) track."""
    whole(folder / "timecode.mov", "timecode.mov")


def sound_only(folder: Path) -> None:
    """``voice.mp4``: a sound recording with a film's name ending."""
    whole(folder / "voice.mp4", "sound.mp4")


def odd_name_half(folder: Path) -> None:
    """``Zoë's “play” 子供.mov``: an HEVC film with such a name, cut off halfway."""
    cut_in_half(folder / ODD_NAME, "hevc.mov")


def odd_name_quotes(folder: Path) -> None:
    """``home "visit" 3.mov``: a whole film whose name has spaces and double quotes, and a
    folder of that kind of name where nothing may be written."""
    whole(folder / 'home "visit" 3.mov', "hevc-front.mov")
