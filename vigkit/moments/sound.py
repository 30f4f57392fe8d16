"""A film's sound as numbers: one bundled-ffmpeg run, mono 16 kHz, piped into numpy.

Speech needs no more than 8 kHz of bandwidth, so 16 kHz mono keeps everything the voice
analysis uses at a twelfth of a 48 kHz stereo track's size (a 20-minute film is 77 MB of
float32). Only the sound is decoded (``-vn``): the picture is never touched. The film is
only read.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..core.errors import MediaError
from ..core.progress import progress_bar
from ..media.ffmpeg import ffmpeg_exe, last_words, piped_output

#: Samples a second of the decoded sound.
RATE = 16_000


def sound_command(film: Path, rate: int = RATE) -> list[str]:
    """The ffmpeg command that writes the first sound track, mono at ``rate``, to stdout."""
    return [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error",
        "-vn", "-sn", "-dn", "-i", str(film), "-map", "0:a:0",
        "-ac", "1", "-ar", str(rate), "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1",
    ]  # fmt: skip


def read_sound(
    film: Path, duration: float, *, rate: int = RATE, show_bar: bool = True
) -> npt.NDArray[np.float32]:
    """The first sound track of ``film`` as mono samples from -1 to 1 at ``rate`` a second.

    A bar shows the time left for a long film; an interrupt stops ffmpeg. A track that
    cannot be decoded is a ``MediaError`` naming the film.
    """
    expected = max(1, round(duration * rate * 2))  # bytes of 16-bit samples
    what = f"listening to {film.name}"
    with progress_bar(duration, what, unit="s", show=show_bar) as bar:
        data, code, said = piped_output(
            sound_command(film, rate), lambda got: bar(duration * min(got / expected, 1))
        )
    if code != 0:
        raise MediaError(f"{film}: could not read the film's sound: {last_words(said)}")
    samples = np.frombuffer(data, dtype="<i2", count=len(data) // 2)
    sound: npt.NDArray[np.float32] = samples.astype(np.float32) * np.float32(1 / 32768)
    return sound


__all__ = ["RATE", "read_sound", "sound_command"]
