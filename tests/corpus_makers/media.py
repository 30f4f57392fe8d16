"""Bad films and film-like things for the media cases of the corpus (cases-media.yaml),
made at run time in the case's folder: damaged and truncated films, a FIFO, a 1x1 film,
moments files that point at them. Also used by tests/test_media_verify.py.

Films are small (160x90) and made once per process, then copied, so each case starts fast.
Every use of them is consented in the test workspace (they show no one), so the media jobs
get as far as the damage the cases are about.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from pathlib import Path

from vigkit.media.ffmpeg import run_ffmpeg

from films import consent_everything, make_film

SECONDS = 30.0
"""The length every whole test film here says it has."""


@functools.cache
def _base(kind: str) -> Path:
    """A film made once per process: ``good`` (H.264/AAC MP4, index at the front, a
    keyframe a second), ``mov`` (the same in QuickTime), ``tiny`` (1x1), ``odd`` (161x91)."""
    folder = Path(tempfile.mkdtemp(prefix="vigkit-corpus-films-"))
    if kind in ("good", "mov"):
        plain = make_film(folder / "plain.mp4", seconds=SECONDS, size=(160, 90), keyframe_every=25)
        out = folder / ("good.mp4" if kind == "good" else "good.mov")
        run_ffmpeg(["-i", plain, "-c", "copy", "-movflags", "+faststart", out], action="index")
        return consent_everything(out)
    size = {"tiny": "1x1", "odd": "161x91"}[kind]
    out = folder / f"{kind}.mp4"
    run_ffmpeg(
        ["-f", "lavfi", "-i", f"color=red:s={size}:r=25:d=2", "-c:v", "libx264"]
        + ["-preset", "ultrafast", "-pix_fmt", "yuv444p", out],
        action="make a test film",
    )
    return consent_everything(out)


def truncated(path: Path, keep: float = 1 / 3, kind: str = "good") -> Path:
    """A film cut off after ``keep`` of its bytes, as a copy that stopped early leaves it:
    its header (at the front) still promises all 30 s."""
    data = _base(kind).read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return consent_everything(path)


def good(path: Path, kind: str = "good") -> Path:
    """A whole, playable 30 s film at ``path``."""
    shutil.copyfile(_base(kind), path)
    return path


# --- makers named by cases-media.yaml: each takes the case's folder ----------------------


def truncated_mp4(folder: Path) -> None:
    """``cut.mp4``: an MP4 that stops after 8.85 s of its 30."""
    truncated(folder / "cut.mp4")


def truncated_mov(folder: Path) -> None:
    """``cut.mov``: a QuickTime film (so a proxy is made) that stops after about 9 s."""
    truncated(folder / "cut.mov", kind="mov")


def header_only(folder: Path) -> None:
    """``head.mp4``: little more than the header of a film (its first 8 %: under a second)."""
    truncated(folder / "head.mp4", keep=0.08)


def fifo(folder: Path) -> None:
    """``pipe.mp4``: a named pipe that nobody writes to (ffmpeg would wait on it for ever)."""
    os.mkfifo(folder / "pipe.mp4")


def folder_film(folder: Path) -> None:
    """``films.mp4``: a folder with a film's name, and ``good.mp4`` beside it."""
    (folder / "films.mp4").mkdir()
    good(folder / "good.mp4")


def empty_film(folder: Path) -> None:
    """``empty.mp4``: zero bytes."""
    (folder / "empty.mp4").write_bytes(b"")


def text_film(folder: Path) -> None:
    """``notes.mp4``: a text file named as a film."""
    (folder / "notes.mp4").write_text("Maya, home visit 3: remember to bring the camera\n")


def tiny_film(folder: Path) -> None:
    """``tiny.mp4``: a film of 1x1 pixel."""
    good(folder / "tiny.mp4", kind="tiny")


def good_film(folder: Path) -> None:
    """``good.mp4``: a whole 30 s film (for cases about times, outputs and options)."""
    good(folder / "good.mp4")


def good_mov(folder: Path) -> None:
    """``good.mov``: a whole QuickTime film (browsers are not trusted to play it: a proxy)."""
    good(folder / "good.mov", kind="mov")


def still_and_folder(folder: Path) -> None:
    """``good.mp4`` and ``stills/``: a folder where a contact sheet's still should be."""
    good(folder / "good.mp4")
    (folder / "stills").mkdir()


def moments_damaged(folder: Path) -> None:
    """``moments.csv`` whose row 3 is in the part of ``cut.mp4`` that is gone."""
    good(folder / "good.mp4")
    truncated(folder / "cut.mp4")
    (folder / "moments.csv").write_text(
        "source,start,end,caption\ngood.mp4,1,2,She looks up\ncut.mp4,20,22,He waits\n"
    )


def moments_fifo(folder: Path) -> None:
    """``moments.csv`` whose row 2 names a FIFO."""
    os.mkfifo(folder / "pipe.mp4")
    (folder / "moments.csv").write_text("source,start,end\npipe.mp4,1,2\n")


def moments_tiny(folder: Path) -> None:
    """``moments.csv`` whose row 3 names a 1x1 film."""
    good(folder / "good.mp4")
    good(folder / "tiny.mp4", kind="tiny")
    (folder / "moments.csv").write_text("source,start,end\ngood.mp4,1,2\ntiny.mp4,0,1\n")


def moments_past_end(folder: Path) -> None:
    """``moments.csv`` whose row 4 runs past the end of its film."""
    good(folder / "good.mp4")
    (folder / "moments.csv").write_text(
        "source,start,end\ngood.mp4,1,2\ngood.mp4,3,4\ngood.mp4,29,45\n"
    )


def moments_missing_film(folder: Path) -> None:
    """``moments.csv`` whose row 3 names a film that is not there."""
    good(folder / "good.mp4")
    (folder / "moments.csv").write_text("source,start,end\ngood.mp4,1,2\ngone.mp4,0,1\n")


def moments_unknown_code(folder: Path) -> None:
    """``moments.csv`` whose row 2 has a misspelt principle code."""
    good(folder / "good.mp4")
    (folder / "moments.csv").write_text("source,start,end,code\ngood.mp4,1,2,guiding.scafolding\n")


def moments_text_film(folder: Path) -> None:
    """``moments.csv`` whose row 2 names a text file called .mp4."""
    text_film(folder)
    (folder / "moments.csv").write_text("source,start,end\nnotes.mp4,0,1\n")


def moments_folder(folder: Path) -> None:
    """``moments.csv`` whose row 2 names a folder."""
    (folder / "films.mp4").mkdir()
    (folder / "moments.csv").write_text("source,start,end\nfilms.mp4,0,1\n")


def moments_good(folder: Path) -> None:
    """``moments.csv`` with two good moments (for cases about the reel's options)."""
    good(folder / "good.mp4")
    (folder / "moments.csv").write_text("source,start,end\ngood.mp4,1,2\ngood.mp4,3,4\n")
