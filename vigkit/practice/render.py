"""Rendering a storyboard into a practice film, its reference coding and a thumbnail.

Frames are drawn with Pillow (:mod:`.figures`) and piped raw to one ffmpeg process, which
encodes them with the synthesised sound track (:mod:`.audio`) into a small, fast-start
H.264/AAC MP4. A frame that looks like the one before is sent again without being drawn,
and each figure is drawn once per pose, so a minute of film takes seconds. Every encoder
setting that could vary is pinned (bit-exact flags, no metadata, a fixed thread count),
so the same storyboard gives the same bytes. All three files are written to temporary
names and renamed only when all are complete: a failure leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from PIL import Image

from ..core.atomic import atomic_path
from ..core.errors import MediaError
from ..core.progress import progress_bar
from ..media.ffmpeg import ffmpeg_exe, ffmpeg_process, last_words, stop_process, writable_folder
from .audio import SAMPLE_RATE, soundtrack, write_wav
from .figures import Painter
from .model import Storyboard
from .reference import reference_coding
from .scene import FPS, FRAME_HEIGHT, FRAME_WIDTH

THUMBNAIL_SIZE = (320, 180)
THUMBNAIL_QUALITY = 88
#: x264 threads: fixed, because the encoder's output depends on its thread count.
ENCODER_THREADS = 2
#: Flat drawn pictures compress well: x264 "veryfast" at CRF 25 keeps edges and text clean
#: at about 10 kB a second of picture (and 6 kB of sound), and encodes quickly.
VIDEO_SETTINGS: tuple[str, ...] = (
    "-c:v", "libx264", "-preset", "veryfast", "-crf", "25", "-g", str(2 * FPS),
    "-pix_fmt", "yuv420p", "-threads", str(ENCODER_THREADS),
    "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
    "-color_range", "tv",
)  # fmt: skip
AUDIO_SETTINGS: tuple[str, ...] = ("-c:a", "aac", "-b:a", "48k", "-ac", "1")
#: No encoder names, dates or other metadata: the same storyboard gives the same bytes.
EXACT_SETTINGS: tuple[str, ...] = (
    "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
    "-map_metadata", "-1", "-map_chapters", "-1",
)  # fmt: skip


@dataclass(frozen=True)
class RenderedFilm:
    """The files made from one storyboard, and how long making them took."""

    video: Path
    reference: Path
    thumbnail: Path
    seconds_taken: float


def output_paths(board: Storyboard, out_dir: str | Path) -> tuple[Path, Path, Path]:
    """``ID.mp4``, ``ID.reference.csv`` and ``ID.jpg`` in ``out_dir``."""
    folder = Path(out_dir)
    return (
        folder / f"{board.id}.mp4",
        folder / f"{board.id}.reference.csv",
        folder / f"{board.id}.jpg",
    )


def render(board: Storyboard, out_dir: str | Path, *, show_bar: bool = True) -> RenderedFilm:
    """Render ``board`` into ``out_dir``: the film, its reference coding and a thumbnail.

    The three files appear together, only once all are complete; on any failure (or an
    interrupt) none is left half-written and a ``MediaError`` says what went wrong. A bar
    counts the frames drawn, with the time left (``show_bar``).
    """
    began = time.perf_counter()
    video, reference, thumbnail = output_paths(board, out_dir)
    _check_folder(Path(out_dir), (video, reference, thumbnail))
    painter = Painter(board)
    try:
        with contextlib.ExitStack() as stack:
            video_tmp = stack.enter_context(atomic_path(video))
            reference_tmp = stack.enter_context(atomic_path(reference))
            thumbnail_tmp = stack.enter_context(atomic_path(thumbnail))
            what = f"drawing the practice film {board.id}"
            shown = stack.enter_context(progress_bar(frame_count(board), what, show=show_bar))
            with _temporary_wav(Path(out_dir), board) as wav:
                encode(painter, board, wav, video_tmp, shown)
            reference_coding(board).to_csv(reference_tmp)
            draw_thumbnail(painter, board).save(
                thumbnail_tmp, format="JPEG", quality=THUMBNAIL_QUALITY
            )
    except OSError as error:
        raise MediaError(
            f"{out_dir}: cannot write the practice film '{board.id}' here "
            f"({error.strerror or error}); nothing was written"
        ) from None
    return RenderedFilm(video, reference, thumbnail, time.perf_counter() - began)


def _check_folder(folder: Path, targets: Sequence[Path]) -> None:
    """A folder that exists (made if need be) and can be written, with no folder in the
    way of any of the files, or a clear ``MediaError`` before any work is done."""
    writable_folder(folder)
    for target in targets:
        if target.is_dir():
            raise MediaError(
                f"{target}: a folder has this name, so the film cannot be written; "
                "move or rename the folder"
            )


@contextlib.contextmanager
def _temporary_wav(folder: Path, board: Storyboard) -> Iterator[Path]:
    """The sound track as a WAV file beside the outputs, removed afterwards."""
    handle, name = tempfile.mkstemp(prefix=f".{board.id}.", suffix=".tmp.wav", dir=folder)
    os.close(handle)
    path = Path(name)
    try:
        write_wav(path, soundtrack(board, SAMPLE_RATE), SAMPLE_RATE)
        yield path
    finally:
        path.unlink(missing_ok=True)


def frame_count(board: Storyboard) -> int:
    """Frames in the film: its duration at ``FPS`` frames a second (at least one)."""
    return max(1, round(board.duration * FPS))


def frames(painter: Painter, board: Storyboard) -> Iterator[bytes]:
    """Every frame as raw RGB bytes; a frame that looks like the last is not redrawn."""
    last_key: tuple[object, ...] | None = None
    last = b""
    for index in range(frame_count(board)):
        scene = painter.scene(index / FPS)
        key = painter.frame_key(scene)
        if key != last_key:
            last = painter.paint(scene).tobytes()
            last_key = key
        yield last


def encoder_command(wav: Path, out: Path) -> list[str]:
    """The ffmpeg command that encodes raw RGB frames from stdin with ``wav`` into ``out``."""
    return [
        ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{FRAME_WIDTH}x{FRAME_HEIGHT}",
        "-r", str(FPS), "-i", "-",
        "-i", str(wav),
        "-map", "0:v:0", "-map", "1:a:0",
        "-vf", "scale=out_color_matrix=bt709:out_range=tv",
        *VIDEO_SETTINGS, *AUDIO_SETTINGS, *EXACT_SETTINGS,
        "-movflags", "+faststart", str(out),
    ]  # fmt: skip


def encode(
    painter: Painter,
    board: Storyboard,
    wav: Path,
    out: Path,
    shown: Callable[[float], None] = lambda done: None,
) -> None:
    """Pipe every frame to ffmpeg, which writes the film to ``out``; ``MediaError`` if it
    fails (with ffmpeg's own words). ``shown`` hears how many frames have been sent."""
    with tempfile.TemporaryFile() as errors:
        process = ffmpeg_process(
            encoder_command(wav, out),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        assert process.stdin is not None
        try:
            _feed(process.stdin, frames(painter, board), shown)
        except BaseException:
            stop_process(process)
            raise
        code = process.wait()
        if code != 0:
            raise MediaError(
                f"could not encode the practice film '{board.id}': {_said(errors)}; "
                "nothing was written"
            )


def _feed(pipe: IO[bytes], pictures: Iterator[bytes], shown: Callable[[float], None]) -> None:
    """Write the frames to ffmpeg, telling ``shown`` how many are sent; stop quietly if
    ffmpeg has gone (its exit code says why)."""
    try:
        for sent, picture in enumerate(pictures, start=1):
            pipe.write(picture)
            shown(sent)
        pipe.close()
    except BrokenPipeError:
        with contextlib.suppress(BrokenPipeError):
            pipe.close()


def _said(errors: IO[bytes]) -> str:
    errors.seek(0)
    return last_words(errors.read().decode("utf-8", errors="replace"))


def draw_thumbnail(painter: Painter, board: Storyboard) -> Image.Image:
    """The frame at ``board.thumbnail_at``, reduced to 320×180 (with everyone's eyes open:
    a blink is over in a moment in the film, but would stay in the thumbnail)."""
    at = min(max(board.thumbnail_at, 0.0), (frame_count(board) - 1) / FPS)
    scene = painter.scene(round(at * FPS) / FPS)
    scene = replace(scene, poses=tuple(replace(pose, blink=False) for pose in scene.poses))
    return painter.paint(scene).resize(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
