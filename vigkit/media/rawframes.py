"""A film's picture as raw frames to and from ffmpeg, for jobs that change every frame in
Python (blurring faces): a reader that decodes part of a film (``-ss`` before ``-i``,
upright, at a constant rate) into YUV 4:2:0 frames as numpy planes, and an encoder that
takes such frames on its standard input and writes an H.264 film with the part's sound and
none of its metadata. YUV, not RGB: half the bytes through the pipes, and no colour
conversion there and back, so what is not changed stays as it was.

Neither ffmpeg can outlive the kit (see :func:`~.ffmpeg.ffmpeg_process`); each is stopped
when the reader is closed early or the encoder's block ends in an error or an interrupt.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from collections.abc import Generator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import IO

import numpy as np
import numpy.typing as npt

from ..core.errors import MediaError
from ..core.timecode import format_time
from .colour import SDR_PARAMS, SDR_TAGS
from .ffmpeg import (
    DISK_FULL,
    WITHOUT_METADATA,
    disk_full,
    ffmpeg_exe,
    ffmpeg_process,
    last_words,
    stop_process,
)

Plane = npt.NDArray[np.uint8]
#: One frame: its number in the part, its bytes, and its Y, U, V planes (views of them).
Frame = tuple[int, bytearray, list[Plane]]

WAIT_SECONDS = 0.2
"""How often a wait for ffmpeg returns to Python, where a pending interrupt is raised."""


@dataclass(frozen=True)
class RawPart:
    """Part of a film as raw frames: ``length`` seconds from ``start``, ``size`` (even
    width and height, as displayed) at ``rate`` frames a second; ``audio``: it has sound;
    ``tone_map``: the filters that make an HDR film's picture SDR (:mod:`.colour`)."""

    film: Path
    start: float
    length: float
    size: tuple[int, int]
    rate: Fraction
    audio: bool
    tone_map: str = ""

    @property
    def frame_bytes(self) -> int:
        """Bytes in one YUV 4:2:0 frame."""
        width, height = self.size
        return width * height * 3 // 2

    @property
    def frames(self) -> int:
        """About how many frames the part has (at least one)."""
        return max(1, round(self.length * float(self.rate)))


def read_frames(
    part: RawPart, *, select: int = 1, frames: int | None = None
) -> Generator[Frame, None, None]:
    """The part's frames in order, numbered from 0 (with ``select``, only every
    ``select``-th frame, numbered as they come; at most ``frames`` of them). Close the
    generator (``contextlib.closing``) to stop early."""
    width, height = part.size
    sdr = f"{part.tone_map}," if part.tone_map else ""
    chain = f"fps={part.rate},{sdr}crop={width}:{height}:0:0,format=yuv420p"
    if select > 1:
        chain += f",select=not(mod(n\\,{select}))"
    command = [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error",
        "-ss", f"{part.start:.6f}", "-i", str(part.film), "-t", f"{part.length:.6f}",
        "-map", "0:V:0", "-an", "-sn", "-dn", "-vf", chain,
    ]  # fmt: skip
    if select > 1:
        command += ["-fps_mode", "passthrough"]
    if frames is not None:
        command += ["-frames:v", str(frames)]
    command += ["-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"]
    with tempfile.TemporaryFile() as said:  # a file: a chatty ffmpeg cannot block on it
        process = ffmpeg_process(command, stdout=subprocess.PIPE, stderr=said)
        assert process.stdout is not None
        try:
            index = 0
            while (data := _read(process.stdout, part.frame_bytes)) is not None:
                yield index, data, planes_of(data, part.size)
                index += 1
            code = wait(process)
            process.stdout.close()
        except BaseException:  # an interrupt, an error, or the reader closed early
            stop_process(process)
            raise
        if code != 0:
            raise MediaError(
                f"{part.film}: could not read the film's picture from "
                f"{format_time(part.start)}: {_said(said)}"
            )


def planes_of(data: bytearray, size: tuple[int, int]) -> list[Plane]:
    """The Y, U and V planes of a YUV 4:2:0 frame's bytes (views: changing them changes
    the bytes)."""
    width, height = size
    array = np.frombuffer(data, dtype=np.uint8)
    luma, quarter = width * height, width * height // 4
    return [
        array[:luma].reshape(height, width),
        array[luma : luma + quarter].reshape(height // 2, width // 2),
        array[luma + quarter : luma + 2 * quarter].reshape(height // 2, width // 2),
    ]


def _read(stream: IO[bytes], size: int) -> bytearray | None:
    """The next ``size`` bytes, or None at the end (an incomplete last frame is dropped)."""
    data = bytearray(size)
    view = memoryview(data)
    got = 0
    while got < size:
        count = stream.readinto(view[got:])  # type: ignore[attr-defined]
        if not count:
            return None
        got += count
    return data


def wait(process: subprocess.Popen[bytes]) -> int:
    """``process``'s exit status, waiting in short steps so an interrupt gets through."""
    while True:
        try:
            return process.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            continue


def _said(said: IO[bytes]) -> str:
    said.seek(0)
    return last_words(said.read().decode("utf-8", "replace"))


class FrameEncoder:
    """ffmpeg writing ``out`` (H.264 at ``preset`` and ``crf``, yuv420p, faststart, AAC
    sound from the part, no metadata) from frames sent to it. Use as a context manager:
    :meth:`send` each frame, then :meth:`finish`; an error or interrupt in the block stops
    ffmpeg (the caller's atomic write then removes the half-written film)."""

    def __init__(self, part: RawPart, out: Path, *, preset: str, crf: int, what: str) -> None:
        self.part, self.out, self.what = part, out, what
        self._said = tempfile.TemporaryFile()  # noqa: SIM115 - closed by __exit__
        width, height = part.size
        command = [
            ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{width}x{height}",
            "-framerate", str(part.rate), "-i", "pipe:0",
        ]  # fmt: skip
        if part.audio:  # the sound of the same part, read by this ffmpeg from the film
            command += ["-ss", f"{part.start:.6f}", "-t", f"{part.length:.6f}"]
            command += ["-i", str(part.film), "-map", "0:v:0", "-map", "1:a:0"]
        else:
            command += ["-map", "0:v:0"]
        command += ["-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-pix_fmt", "yuv420p"]
        if part.tone_map:  # the frames were tone-mapped: say they are SDR BT.709
            command += ["-vf", SDR_PARAMS, *SDR_TAGS]
        if part.audio:
            command += ["-c:a", "aac"]
        command += ["-movflags", "+faststart", *WITHOUT_METADATA, str(out)]
        try:
            self._process = ffmpeg_process(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._said
            )
        except BaseException:
            self._said.close()
            raise

    def __enter__(self) -> FrameEncoder:
        return self

    def send(self, data: bytearray) -> None:
        """One frame; if ffmpeg has stopped, its own words as a ``MediaError``."""
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(data)
        except BrokenPipeError:
            wait(self._process)
            self._failed()

    def finish(self) -> None:
        """No more frames: wait for the film to be written, or raise why it was not."""
        assert self._process.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self._process.stdin.close()
        if wait(self._process) != 0:
            self._failed()

    def _failed(self) -> None:
        self._said.seek(0)
        text = self._said.read().decode("utf-8", "replace")
        if DISK_FULL in text:
            raise disk_full(self.out)
        raise MediaError(f"{self.part.film}: could not write {self.what}: {last_words(text)}")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if error is not None:
            stop_process(self._process)
        self._said.close()
