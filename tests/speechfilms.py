"""Test films with synthesised speech whose turn times are known (issue 20, "Quality"),
and the bad-input films for the moment finder (no sound, silence, one voice, music, too
short).

Speech is Debian's ``espeak-ng`` (two voices at clearly different pitches: an adult, voice
0, and a child-like voice, voice 1); the truth is measured from the samples placed in the
track, not taken from the script. The picture is two independent moving halves (a test
pattern on the left, a cellular automaton on the right), moving during silences too, so a
finder sees movement everywhere and no synchrony. Makers are plain functions writing into a
folder the caller owns (module-scoped pytest tmp dirs); every film is consented in the
test workspace (they show no one). espeak-ng missing is an error, never a skip: the CI
installs it (.ci/run).
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from vigkit.media.ffmpeg import run_ffmpeg

from films import consent_everything

RATE = 48_000
"""The sample rate of every sound track made here."""

SIZE = (320, 240)
FPS = 12

VOICES: dict[str, tuple[int, list[str]]] = {
    # speaker: (voice index, espeak-ng options): low adult voice 0, high child-like voice 1
    "adult": (0, ["-v", "en+m3", "-p", "30", "-s", "160"]),
    "child": (1, ["-v", "en+f4", "-p", "85", "-s", "165"]),
}

Script = Sequence[tuple[str, str, float]]
"""Lines as (speaker, text, start time in s); speakers are the keys of ``VOICES``."""

DEFAULT_SCRIPT: Script = (
    # 0-2.1 s: silence at the start
    ("child", "Look at my tower", 2.1),
    ("adult", "Oh, it is very tall", 4.2),
    ("child", "It has a red top", 6.3),
    ("adult", "A red top, yes", 8.3),
    ("child", "Now a blue one", 10.1),
    ("adult", "Careful now", 11.9),
    ("child", "It did not fall", 13.4),
    ("adult", "You held it steady", 15.2),
    # a silence of 3.5 s or more after the adult (nobody waits for anyone)
    ("child", "Can we build a car", 21.1),
    # the adult waits: silent for 2.5 s or more after the child
    ("adult", "What kind of car", 25.6),
    ("child", "A fast one", 27.6),
    ("adult", "A fast car", 29.2),
    ("child", "With big wheels", 30.8),
    ("adult", "Big wheels, good idea", 32.6),
    ("child", "Vroom vroom", 35.0),
    ("adult", "Off it goes", 36.5),
    # silence to the end (about 4 s)
)
DEFAULT_LENGTH = 41.0
"""How long the default film is, in seconds."""


@dataclass(frozen=True)
class SpeechFilm:
    """A made film and its truth: ``turns`` as (voice, onset, offset) in time order, voice 0
    the lower (adult) voice, measured from the samples; ``silences`` every stretch of 2 s
    or more with no speech, as (start, end); ``waits`` the silences in which the adult
    waits after the child (a "waiting" candidate may lie in those); ``duration`` in s."""

    path: Path
    turns: tuple[tuple[int, float, float], ...]
    silences: tuple[tuple[float, float], ...]
    waits: tuple[tuple[float, float], ...]
    duration: float


def espeak_exe() -> str:
    """The espeak-ng program; a clear error (not a skip) when it is not installed."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise RuntimeError(
            "espeak-ng is not installed: the moment finder's speech tests need it "
            "(apt-get install --no-install-recommends espeak-ng; .ci/run does this on CI)"
        )
    return exe


def speak(text: str, speaker: str) -> npt.NDArray[np.float64]:
    """``text`` said by ``speaker``'s espeak-ng voice, at ``RATE``, -1..1, trimmed of
    espeak's leading and trailing silence (by amplitude: 2 % of the line's peak)."""
    with tempfile.TemporaryDirectory(prefix="vigkit-espeak-") as folder:
        out = Path(folder) / "line.wav"
        subprocess.run(
            [espeak_exe(), *VOICES[speaker][1], "-w", str(out), text],
            check=True,
            capture_output=True,
            timeout=30,
        )
        with wave.open(str(out), "rb") as sound:
            rate = sound.getframerate()
            assert sound.getsampwidth() == 2 and sound.getnchannels() == 1
            data = np.frombuffer(sound.readframes(sound.getnframes()), dtype="<i2")
    samples = data.astype(np.float64) / 32768.0
    loud = np.flatnonzero(np.abs(samples) > 0.02 * np.abs(samples).max())
    samples = samples[loud[0] : loud[-1] + 1]
    times = np.arange(round(len(samples) * RATE / rate)) / RATE
    return np.interp(times, np.arange(len(samples)) / rate, samples)


def write_wav(path: Path, samples: npt.NDArray[np.float64]) -> Path:
    """``samples`` (-1..1) as a 16-bit mono wav at ``RATE``."""
    data = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(RATE)
        sound.writeframes(data.tobytes())
    return path


def _picture(seconds: float) -> list[str | Path]:
    """ffmpeg input options for a moving picture: two halves that move independently."""
    width, height = SIZE
    half = f"{width // 2}x{height}"
    graph = (
        f"testsrc2=s={half}:r={FPS}:d={seconds}[left];"
        f"cellauto=s={half}:r={FPS}:rule=110:random_seed=7,trim=duration={seconds}[right];"
        "[left][right]hstack,format=yuv420p"
    )
    return ["-f", "lavfi", "-i", graph]


def mux(path: Path, sound: Path | None, seconds: float) -> Path:
    """An H.264/AAC mp4 of the moving picture with ``sound`` (none: no sound track)."""
    args: list[str | Path] = _picture(seconds)
    if sound is not None:
        args += ["-i", sound]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if sound is not None:
        args += ["-c:a", "aac", "-b:a", "96k", "-shortest"]
    run_ffmpeg([*args, "-t", f"{seconds}", path], action="make a test film")
    return consent_everything(path)


def _silences(
    turns: Sequence[tuple[int, float, float]], duration: float
) -> list[tuple[float, float]]:
    """Every stretch of 2 s or more between (or around) the turns."""
    edges = [0.0, *[t for _, onset, offset in turns for t in (onset, offset)], duration]
    stretches = zip(edges[0::2], edges[1::2], strict=True)
    return [(start, end) for start, end in stretches if end - start >= 2.0]


def place(
    script: Script, duration: float
) -> tuple[npt.NDArray[np.float64], list[tuple[int, float, float]]]:
    """The script's lines in one track, and the true turns measured from the samples."""
    track = np.random.default_rng(1).normal(0.0, 1e-4, round(duration * RATE))  # room hiss
    turns = []
    for speaker, text, start in script:
        line = speak(text, speaker)
        first = round(start * RATE)
        track[first : first + len(line)] += line
        turns.append((VOICES[speaker][0], first / RATE, (first + len(line)) / RATE))
    turns.sort(key=lambda turn: turn[1])
    return track, turns


def two_voice_film(
    folder: Path, script: Script = DEFAULT_SCRIPT, duration: float = DEFAULT_LENGTH
) -> SpeechFilm:
    """A film of two espeak-ng voices taking turns as ``script`` says, over a moving picture."""
    track, turns = place(script, duration)
    for (_, _, before), (_, after, _) in itertools.pairwise(turns):
        assert after - before >= 0.3, f"the script's lines overlap or touch at {after:.2f} s"
    assert turns[-1][2] < duration, "the script runs past the film's end"
    path = mux(folder / "two-voices.mp4", write_wav(folder / "two-voices.wav", track), duration)
    silences = _silences(turns, duration)
    waits = [
        (start, end)
        for start, end in silences
        for voice, _, offset in turns
        if voice == 1
        and abs(offset - start) < 1e-9
        and any(v == 0 and abs(onset - end) < 1e-9 for v, onset, _ in turns)
    ]
    return SpeechFilm(path, tuple(turns), tuple(silences), tuple(waits), duration)


def no_sound_film(folder: Path) -> Path:
    """6 s of the moving picture with no sound track at all."""
    return mux(folder / "no-sound.mp4", None, 6.0)


def silent_film(folder: Path) -> Path:
    """6 s of the moving picture with a sound track of very low noise (about -80 dBFS)."""
    hiss = np.random.default_rng(2).normal(0.0, 1e-4, 6 * RATE)
    return mux(folder / "silent.mp4", write_wav(folder / "silent.wav", hiss), 6.0)


def one_voice_film(folder: Path) -> Path:
    """12 s of the adult voice alone, talking in lines with pauses of 0.5-1.5 s."""
    script = [
        ("adult", "Here is the box", 1.4),
        ("adult", "Let us see what is inside", 3.4),
        ("adult", "A little wooden train", 6.0),
        ("adult", "And the tracks for it", 8.5),
    ]
    track, _ = place(script, 12.0)
    return mux(folder / "one-voice.mp4", write_wav(folder / "one-voice.wav", track), 12.0)


def music(seconds: float) -> npt.NDArray[np.float64]:
    """Music, not speech: sustained major chords with harmonics (C, F, G, C, a chord a
    second, no gaps) over a beat of short noise bursts twice a second."""
    times = np.arange(round(seconds * RATE)) / RATE
    roots = [261.63, 349.23, 392.0, 261.63]
    sound = np.zeros_like(times)
    for second in range(int(np.ceil(seconds))):
        root = roots[second % len(roots)]
        part = (times >= second) & (times < second + 1)
        for ratio in (1.0, 1.25, 1.5):
            for harmonic, weight in ((1, 1.0), (2, 0.4), (3, 0.2)):
                sound[part] += weight * np.sin(2 * np.pi * root * ratio * harmonic * times[part])
    sound *= 0.08
    noise = np.random.default_rng(3).normal(0.0, 1.0, len(times))
    beat = np.exp(-((times % 0.5) / 0.03))  # a click decaying in ~30 ms, twice a second
    return sound + 0.25 * beat * noise


def music_film(folder: Path) -> Path:
    """10 s of the moving picture with music (chords and a beat) and no voice."""
    return mux(folder / "music.mp4", write_wav(folder / "music.wav", music(10.0)), 10.0)


def very_short_film(folder: Path) -> Path:
    """A film of half a second in which the child's voice begins a word."""
    track = np.random.default_rng(4).normal(0.0, 1e-4, RATE // 2)
    word = speak("Look", "child")[: RATE // 2 - RATE // 20]
    track[RATE // 20 : RATE // 20 + len(word)] += word
    return mux(folder / "short.mp4", write_wav(folder / "short.wav", track), 0.5)


def corrupt_film(folder: Path) -> Path:
    """Random bytes named .mp4: not a film at all."""
    path = folder / "corrupt.mp4"
    path.write_bytes(np.random.default_rng(5).bytes(64_000))
    return path
