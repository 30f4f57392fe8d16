"""Voice activity: which hundredths of a second of a film's sound hold speech.

Two detectors, measured against each other in ``benchmarks/bench_moments.py``:
``"energy"`` (the default, the kit's own) marks frames whose speech-band energy stands
well above the film's own noise floor (its quietest tenth) and above an absolute floor,
so a quiet room, a fan or a far-off road is not speech; ``"webrtc"`` asks WebRTC's
detector (the ``webrtcvad-wheels`` wheel: no model to download). Both give frames of
``HOP`` seconds, joined across short pauses and cleared of clicks, so a turn is one run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..core.errors import VigkitError
from .sound import RATE

#: Seconds between frames (a hundredth of a second: finer than any turn boundary).
HOP = 0.01
#: Samples in a frame's window (25 ms).
WINDOW = 400
#: The speech band, in Hz: below is rumble and hum, above is hiss.
BAND = (100.0, 4000.0)
#: Speech stands this many dB above the film's noise floor ...
ABOVE_FLOOR_DB = 12.0
#: ... and above this absolute level (dB of full scale): quieter is room tone.
LOUDEST_SILENCE_DB = -50.0
#: Pauses shorter than this inside a stretch of speech are bridged (between words).
BRIDGE = 0.25
#: Runs of speech shorter than this are clicks or knocks, not speech.
SHORTEST = 0.12
DETECTORS = ("energy", "webrtc")


@dataclass(frozen=True)
class Frames:
    """The sound cut into frames ``HOP`` apart: each frame's window and speech-band level."""

    sound: npt.NDArray[np.float32]  # the samples the frames were cut from
    windows: npt.NDArray[np.float32]  # (frames, WINDOW), Hann-weighted
    level_db: npt.NDArray[np.float64]  # speech-band level of each frame, dB of full scale
    spectrum: npt.NDArray[np.float32]  # (frames, bins) power spectrum of each window

    @property
    def count(self) -> int:
        """How many frames."""
        return len(self.level_db)


def frames_of(sound: npt.NDArray[np.float32], rate: int = RATE) -> Frames:
    """The frames of ``sound``: windows, power spectra and speech-band levels."""
    hop = round(HOP * rate)
    if len(sound) < WINDOW:
        sound = np.pad(sound, (0, WINDOW - len(sound)))
    count = 1 + (len(sound) - WINDOW) // hop
    view = np.lib.stride_tricks.as_strided(
        sound, shape=(count, WINDOW), strides=(sound.strides[0] * hop, sound.strides[0])
    )
    windows = (view * np.hanning(WINDOW).astype(np.float32)).astype(np.float32)
    spectrum = (np.abs(np.fft.rfft(windows, n=512, axis=1)) ** 2).astype(np.float32)
    freqs = np.fft.rfftfreq(512, 1 / rate)
    band = (freqs >= BAND[0]) & (freqs <= BAND[1])
    # Parseval: the mean square of the windowed frame, from its band's share of the power.
    power = spectrum[:, band].sum(axis=1, dtype=np.float64) * 2 / (512 * WINDOW * 0.375)
    level = 10 * np.log10(power + 1e-12)
    return Frames(sound, windows, level, spectrum)


def speech_frames(
    frames: Frames, sound: npt.NDArray[np.float32], *, detector: str = "energy", rate: int = RATE
) -> npt.NDArray[np.bool_]:
    """Which frames hold speech, by ``detector`` ("energy" or "webrtc"), smoothed."""
    if detector == "energy":
        raw = _energy_detector(frames.level_db)
    elif detector == "webrtc":
        raw = _webrtc_detector(sound, frames.count, rate)
    else:
        raise VigkitError(f"detector must be one of {', '.join(DETECTORS)}, not {detector!r}")
    return smooth(raw)


def noise_floor_db(level_db: npt.NDArray[np.float64]) -> float:
    """The film's noise floor: the level of its quietest tenth of frames."""
    return float(np.percentile(level_db, 10)) if len(level_db) else -120.0


def _energy_detector(level_db: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    threshold = max(noise_floor_db(level_db) + ABOVE_FLOOR_DB, LOUDEST_SILENCE_DB)
    loud: npt.NDArray[np.bool_] = level_db > threshold
    return loud


def _webrtc_detector(
    sound: npt.NDArray[np.float32], count: int, rate: int
) -> npt.NDArray[np.bool_]:
    """WebRTC's verdict on each 30 ms frame, spread onto ``count`` frames ``HOP`` apart."""
    import webrtcvad  # type: ignore[import-untyped,unused-ignore]

    vad = webrtcvad.Vad(2)
    size = round(0.03 * rate)
    pcm = (np.clip(sound, -1, 1) * 32767).astype("<i2").tobytes()
    verdicts = [
        vad.is_speech(pcm[start * 2 : (start + size) * 2], rate)
        for start in range(0, len(sound) - size + 1, size)
    ]
    per_hop = np.repeat(np.asarray(verdicts, dtype=bool), 3)  # 30 ms = 3 frames
    out = np.zeros(count, dtype=bool)
    n = min(count, len(per_hop))
    out[:n] = per_hop[:n]
    return out


def smooth(active: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """``active`` with pauses under ``BRIDGE`` s bridged and runs under ``SHORTEST`` s dropped."""
    out: npt.NDArray[np.bool_] = np.array(active, dtype=bool)
    for value, longest in ((False, BRIDGE), (True, SHORTEST)):
        for start, stop in runs(out, value):
            inside = start > 0 and stop < len(out)  # a pause at an end is no pause
            if stop - start < longest / HOP and (value or inside):
                out[start:stop] = not value
    return out


def runs(mask: npt.NDArray[np.bool_], value: bool = True) -> list[tuple[int, int]]:
    """The ``[start, stop)`` frame ranges where ``mask`` equals ``value``."""
    padded = np.concatenate(([0], (mask == value).astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


__all__ = [
    "DETECTORS",
    "HOP",
    "Frames",
    "frames_of",
    "noise_floor_db",
    "runs",
    "smooth",
    "speech_frames",
]
