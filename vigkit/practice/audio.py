"""The sound track of a practice film: voice-like speech for every ``speak`` beat.

There are no words, only their shape: a voiced sound at the speaker's pitch (harmonics,
shaped by vowel-like formant filters), with one pulse of loudness per syllable of the
text (about 4–5 a second), and an intonation that follows the tone: warm and playful
voices rise and fall (playful more), a flat voice hardly moves, a sharp one is louder,
brighter and starts each syllable hard. Between speeches there is only a very quiet room
tone. So a trainee can *hear* turn-taking, talking over someone, waiting and warmth.
Everything is deterministic: the same storyboard gives the same samples.
"""

from __future__ import annotations

import math
import wave
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import signal  # type: ignore[import-untyped,unused-ignore]

from .model import Storyboard, Tone
from .scene import FPS, Syllable, beat_end, speech_syllables

Samples = npt.NDArray[np.float64]

SAMPLE_RATE = 48_000
#: The room tone's loudness (RMS, dB below full scale): present but far below a voice.
ROOM_TONE_DB = -60.0
ROOM_TONE_SEED = 20_260_101
#: Vowel formants (F1, F2, F3) in Hz, for an adult voice.
FORMANTS: dict[str, tuple[float, float, float]] = {
    "a": (800.0, 1250.0, 2600.0),
    "e": (500.0, 1900.0, 2650.0),
    "i": (330.0, 2300.0, 3000.0),
    "o": (520.0, 900.0, 2500.0),
    "u": (360.0, 820.0, 2400.0),
}
FORMANT_BANDWIDTHS = (90.0, 120.0, 170.0)
FORMANT_GAINS = (1.0, 0.55, 0.3)
#: No single voice peaks above this, so two people talking at once rarely clip.
PEAK_LIMIT = 0.7


@dataclass(frozen=True)
class Voice:
    """How a tone of voice sounds: loudness, attack, brightness and the pitch contour.

    The pitch at a share ``u`` of the way through the speech is
    ``start + (end - start) * u + arc * sin(pi * u)``, times ``1 + accent`` on stressed
    syllables.
    """

    level: float  # loudness while voiced: RMS in dB below full scale
    attack: float  # seconds for a syllable to reach full loudness
    slope: float  # harmonic k has amplitude 1 / k**slope (lower = brighter)
    start: float
    end: float
    arc: float
    accent: float
    noise: float  # consonant burst loudness, relative to the voice


VOICES: dict[str, Voice] = {
    "neutral": Voice(-19.0, 0.025, 1.0, 1.06, 0.92, 0.04, 0.06, 0.22),
    "warm": Voice(-20.0, 0.035, 1.25, 1.0, 0.95, 0.16, 0.07, 0.16),
    "playful": Voice(-18.5, 0.025, 1.1, 1.02, 1.0, 0.3, 0.14, 0.2),
    "flat": Voice(-23.0, 0.03, 1.15, 1.0, 0.97, 0.0, 0.01, 0.15),
    "sharp": Voice(-14.0, 0.006, 0.8, 1.14, 0.9, 0.02, 0.09, 0.34),
}


def soundtrack(board: Storyboard, rate: int = SAMPLE_RATE) -> Samples:
    """The whole film's sound (mono, ``rate`` Hz, -1..1), as long as its frames."""
    frames = max(1, round(board.duration * FPS))
    length = round(frames / FPS * rate)
    track = room_tone(length, rate)
    for beat in sorted(board.beats, key=lambda b: (b.at, b.who or "")):
        if beat.action != "speak" or beat.who is None:
            continue
        end = min(beat_end(beat) or beat.at, frames / FPS)
        syllables = speech_syllables(beat.text or "", beat.at, beat_end(beat) or beat.at)
        pitch = board.participant(beat.who).pitch
        seed = zlib.crc32(f"{beat.who}|{beat.at:.6f}|{beat.text}".encode())
        sound = voice(syllables, beat.at, end, pitch, beat.tone, rate, seed, _asks(beat.text))
        first = round(beat.at * rate)
        last = min(length, first + len(sound))
        track[first:last] += sound[: last - first]
    return np.clip(track, -1.0, 1.0)


def _asks(text: str | None) -> bool:
    return bool(text) and (text or "").rstrip().endswith("?")


def room_tone(length: int, rate: int = SAMPLE_RATE) -> Samples:
    """A very quiet, soft (low-passed) noise: the sound of a room, the same every time."""
    noise = np.random.default_rng(ROOM_TONE_SEED).standard_normal(length)
    sos = signal.butter(2, 500.0, btype="low", fs=rate, output="sos")
    soft = np.asarray(signal.sosfilt(sos, noise), dtype=np.float64)
    rms = float(np.sqrt(np.mean(soft**2))) if length else 1.0
    return soft * (10 ** (ROOM_TONE_DB / 20) / (rms or 1.0))


def voice(
    syllables: Sequence[Syllable],
    start: float,
    end: float,
    pitch: float,
    tone: Tone,
    rate: int = SAMPLE_RATE,
    seed: int = 0,
    question: bool = False,
) -> Samples:
    """The sound of one speech from ``start`` to ``end`` (seconds in the film)."""
    length = max(0, round((end - start) * rate))
    if length == 0 or not syllables:
        return np.zeros(length)
    style = VOICES.get(tone, VOICES["neutral"])
    times = start + np.arange(length) / rate
    f0 = pitch_contour(times, syllables, start, end, pitch, style, question)
    source = harmonics(f0, rate, style.slope)
    shaped = formants(source, times, syllables, pitch, rate)
    shaped += consonants(times, syllables, rate, seed) * style.noise
    shape = envelope(times, syllables, style.attack)
    sound = shaped * shape
    voiced = sound[shape > 0.3]
    rms = float(np.sqrt(np.mean(voiced**2))) if len(voiced) else 0.0
    if rms == 0:
        return sound
    sound *= 10 ** (style.level / 20) / rms
    peak = float(np.max(np.abs(sound)))
    return sound * (PEAK_LIMIT / peak) if peak > PEAK_LIMIT else sound


def pitch_contour(
    times: Samples,
    syllables: Sequence[Syllable],
    start: float,
    end: float,
    pitch: float,
    style: Voice,
    question: bool,
) -> Samples:
    """The voice's pitch over time: the tone's shape, stressed syllables a little higher,
    a rise at the end of a question, and a slight vibrato."""
    u = (times - start) / max(end - start, 1e-6)
    contour = style.start + (style.end - style.start) * u + style.arc * np.sin(np.pi * u)
    accent = np.zeros_like(times)
    for syllable in syllables:
        if syllable.stressed:
            inside = (times >= syllable.onset) & (times < syllable.offset)
            share = (times[inside] - syllable.onset) / (syllable.offset - syllable.onset)
            accent[inside] = style.accent * np.sin(np.pi * share)
    if question:
        contour = contour + 0.3 * np.clip((u - 0.7) / 0.3, 0.0, 1.0) ** 2
    vibrato = 1.0 + 0.006 * np.sin(2 * np.pi * 5.3 * times)
    return np.asarray(pitch * contour * (1.0 + accent) * vibrato, dtype=np.float64)


def harmonics(f0: Samples, rate: int, slope: float) -> Samples:
    """A voiced source: the harmonics of ``f0`` up to about 5 kHz, falling off by ``slope``."""
    phase: Samples = 2 * np.pi * np.cumsum(f0) / rate
    top = min(5000.0, 0.45 * rate)
    count = max(1, int(top // float(np.max(f0))))
    twice_cos: Samples = 2 * np.cos(phase)
    previous: Samples = np.zeros_like(phase)
    current: Samples = np.sin(phase)
    source: Samples = current.copy()
    for k in range(2, count + 1):  # sin(k x) = 2 cos(x) sin((k-1) x) - sin((k-2) x)
        previous, current = current, twice_cos * current - previous
        source += current / k**slope
    return source


def formants(
    source: Samples, times: Samples, syllables: Sequence[Syllable], pitch: float, rate: int
) -> Samples:
    """The source through each syllable's vowel resonances, cross-faded between vowels.
    Higher voices (children) get higher formants, as smaller vocal tracts have."""
    lift = 1.0 + 0.25 * min(max((pitch - 180.0) / 200.0, 0.0), 1.0)
    out = source * 0.12
    for vowel in sorted({s.vowel for s in syllables}):
        weight = np.zeros_like(times)
        for syllable in syllables:
            if syllable.vowel == vowel:
                weight[(times >= syllable.onset) & (times < syllable.offset)] = 1.0
        weight = smooth(weight, round(0.02 * rate))
        filtered = np.zeros_like(source)
        for freq, width, gain in zip(
            FORMANTS.get(vowel, FORMANTS["e"]), FORMANT_BANDWIDTHS, FORMANT_GAINS, strict=True
        ):
            centre = min(freq * lift, 0.45 * rate)
            b, a = signal.iirpeak(centre, centre / width, fs=rate)
            filtered += gain * np.asarray(signal.lfilter(b, a, source), dtype=np.float64)
        out = out + weight * filtered
    return out


def consonants(times: Samples, syllables: Sequence[Syllable], rate: int, seed: int) -> Samples:
    """A short hiss at the start of each syllable, like a consonant."""
    noise = np.random.default_rng(seed).standard_normal(len(times))
    sos = signal.butter(2, 2500.0, btype="high", fs=rate, output="sos")
    hiss = np.asarray(signal.sosfilt(sos, noise), dtype=np.float64)
    shape = np.zeros_like(times)
    for syllable in syllables:
        inside = (times >= syllable.onset) & (times < syllable.onset + 0.04)
        shape[inside] = np.exp(-(times[inside] - syllable.onset) / 0.012)
    return hiss * shape


def envelope(times: Samples, syllables: Sequence[Syllable], attack: float) -> Samples:
    """Loudness over time: one pulse per syllable, rising over ``attack``, easing off and
    falling away at the syllable's end; unstressed syllables a little softer."""
    shape = np.zeros_like(times)
    for syllable in syllables:
        inside = (times >= syllable.onset) & (times < syllable.offset)
        local = times[inside] - syllable.onset
        length = syllable.offset - syllable.onset
        release = min(0.05, length * 0.35)
        rise = np.clip(local / max(attack, 1e-4), 0.0, 1.0)
        fall = np.clip((length - local) / release, 0.0, 1.0)
        body = 1.0 - 0.25 * local / length
        strength = 1.0 if syllable.stressed else 0.78
        shape[inside] = strength * np.sin(0.5 * np.pi * rise) * body * np.sin(0.5 * np.pi * fall)
    return shape


def smooth(values: Samples, width: int) -> Samples:
    """A moving average over ``width`` samples (cross-fades without clicks)."""
    if width <= 1:
        return values
    padded = np.concatenate([np.zeros(width), values, np.zeros(width)])
    sums = np.cumsum(padded)
    averaged = (sums[width:] - sums[:-width]) / width
    offset = width // 2
    return np.asarray(averaged[offset : offset + len(values)], dtype=np.float64)


def write_wav(path: str | Path, samples: Samples, rate: int = SAMPLE_RATE) -> Path:
    """Write mono 16-bit PCM (the same bytes for the same samples)."""
    pcm = np.round(np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return Path(path)


def rms_db(samples: Samples) -> float:
    """Loudness as RMS in dB below full scale (-inf for silence)."""
    rms = float(np.sqrt(np.mean(samples**2))) if len(samples) else 0.0
    return 20 * math.log10(rms) if rms > 0 else -math.inf
