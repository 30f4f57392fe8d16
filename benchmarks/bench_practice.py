"""Speed of rendering a practice film, against what a user would otherwise write.

A 60 s storyboard (three people at a table, a beat every half second or so: speech,
gazes, turns, smiles, nods, pointing, holding up, offering, captions) is rendered by
``vigkit.practice.render.render`` (target: under 30 s on 2 cores; the film well under
3 MB) and, with the same drawing code and the same sound, by:

- moviepy: ``VideoClip(frame_function)`` + ``AudioArrayClip`` + ``write_videofile`` (its
  defaults), the composition a notebook user reaches for first, drawing every frame
  afresh (as a first attempt would), and again given our memoised frames (so only the
  pipeline and encoder settings differ);
- PNG frames written with Pillow, then the ffmpeg command line;
- our pipe with every frame and figure drawn afresh (for information: what the memoised
  figures and reused frames save).

Prints best-of-N times, sizes and ratios. Not a timed test: it exits 0 on a MISS.
Run with ``.venv/bin/python benchmarks/bench_practice.py`` (``--repeat 3`` for steadier
figures).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
from benchtools import machine
from PIL import Image

from vigkit.practice.figures import Painter
from vigkit.practice.model import Beat, Look, Participant, Prop, ReferenceCode, Storyboard
from vigkit.practice.scene import Pose, Scene

SECONDS = 60.0
TARGET_SECONDS = 30.0
TARGET_BYTES = 3_000_000


# --- the storyboard -----------------------------------------------------------------------

LINES = (
    ("helen", "Shall we build a bridge for the car?", "warm"),
    ("jay", "Yes! A big one!", "playful"),
    ("lena", "Can we use the blue blocks?", "neutral"),
    ("helen", "What a good idea, Lena.", "warm"),
    ("jay", "Mine goes here.", "playful"),
    ("helen", "Wait, not there. Put it here.", "sharp"),
    ("lena", "It fell down.", "flat"),
    ("helen", "Oh no! Let's try again, together.", "warm"),
)


def person(pid: str, x: float, size: str, top: str, skin: str, pitch: float) -> Participant:
    return Participant(
        id=pid,
        role="teacher" if size == "adult" else "pupil",
        name=pid.capitalize(),
        subject="teacher" if size == "adult" else "pupil",
        look=Look(size=size, skin=skin, hair="#3A2A1E", top=top),  # type: ignore[arg-type]
        x=x,
        pitch=pitch,
    )


def dense_storyboard(seconds: float = SECONDS) -> Storyboard:
    """Three people and a beat every ~0.5 s for ``seconds``: a busy minute of film."""
    people = ("helen", "jay", "lena")
    targets = ("helen", "jay", "lena", "blocks", "car", "down", "away")
    beats: list[Beat] = []
    t, turn = 0.4, 0
    while t < seconds - 4:
        who = people[turn % 3]
        other = people[(turn + 1) % 3]
        speaker, text, tone = LINES[turn % len(LINES)]
        length = 0.4 + 0.06 * len(text)
        beats += [
            Beat(at=t, until=t + length, action="speak", who=speaker, text=text, tone=tone),  # type: ignore[arg-type]
            Beat(at=t + 0.3, until=None, action="gaze", who=who, target=targets[turn % 7]),
            Beat(at=t + 0.6, until=t + 2.2, action="smile", who=other),
            Beat(at=t + 0.9, until=t + 1.9, action="nod", who=who),
            Beat(at=t + 1.2, until=None, action="turn", who=other, target=who, away=turn % 5 == 4),
        ]
        gesture = turn % 4
        if gesture == 0:
            beats.append(Beat(at=t + 0.5, until=t + 2.0, action="point", who=who, target="car"))
        elif gesture == 1:
            beats.append(Beat(at=t + 0.5, until=t + 2.0, action="hold-up", who=who, prop="blocks"))
        elif gesture == 2:
            beats.append(
                Beat(at=t + 0.5, until=t + 2.0, action="offer", who=who, prop="car", target=other)
            )
        if turn % 3 == 0:
            beats.append(
                Beat(at=t, until=t + 2.5, action="caption", text=f"{speaker.capitalize()} speaks")
            )
        t += length + 0.6
        turn += 1
    return Storyboard(
        id="bench-bridge",
        title="A bridge for the car",
        setting="classroom-group",
        duration=seconds,
        description="A benchmark storyboard.",
        participants=(
            person("helen", 0.2, "adult", "#0072B2", "#EAC3A2", 200.0),
            person("jay", 0.5, "child", "#E69F00", "#C68642", 290.0),
            person("lena", 0.78, "child", "#CC79A7", "#F1D3BC", 310.0),
        ),
        props=(
            Prop(id="blocks", kind="blocks", colour="#D55E00", x=0.36),
            Prop(id="car", kind="toy-car", colour="#F0E442", x=0.64),
        ),
        beats=tuple(beats),
        codes=(ReferenceCode("being-attentive", 0.0, 5.0, subject="teacher"),),
        thumbnail_at=20.0,
    )


# --- the ways to make the film ------------------------------------------------------------


def ours(board: Storyboard, folder: Path) -> Path:
    from vigkit.practice.render import render

    return render(board, folder).video


def forgetful_painter(board: Storyboard) -> Painter:
    """Our drawing code as a user would first write it: every figure and every frame
    drawn afresh (no memoised figures, no reused frames)."""

    class Forgetful(Painter):
        def frame_key(self, scene: Scene) -> tuple[object, ...]:
            return (scene.t,)

        def sprite(self, pose: Pose) -> tuple[Image.Image, tuple[int, int]]:
            self._sprites.clear()
            return super().sprite(pose)

    return Forgetful(board)


def without_caches(board: Storyboard, folder: Path) -> Path:
    """Our pipe and encoder settings, but every frame drawn afresh."""
    from vigkit.practice.audio import soundtrack, write_wav
    from vigkit.practice.render import encode

    out = folder / "uncached.mp4"
    wav = write_wav(folder / "sound.wav", soundtrack(board))
    encode(forgetful_painter(board), board, wav, out)
    return out


def frames_as_arrays(painter: Painter) -> Callable[[float], np.ndarray]:
    """A moviepy-style frame function: the picture at ``t`` as an array."""
    return lambda t: np.asarray(painter.paint(painter.scene(round(t * 25) / 25)))


def with_moviepy(board: Storyboard, folder: Path, painter: Painter) -> Path:
    """The composition a user might write: a frame function, an audio array, moviepy's
    ``write_videofile`` with its defaults."""
    from moviepy import VideoClip  # type: ignore[import-untyped]
    from moviepy.audio.AudioClip import AudioArrayClip  # type: ignore[import-untyped]

    from vigkit.practice.audio import SAMPLE_RATE, soundtrack

    out = folder / "moviepy.mp4"
    sound = soundtrack(board)[:, None]
    clip = VideoClip(frames_as_arrays(painter), duration=board.duration)
    clip = clip.with_audio(AudioArrayClip(sound, fps=SAMPLE_RATE))
    clip.write_videofile(
        str(out),
        fps=25,
        codec="libx264",
        audio_codec="aac",
        logger=None,
        temp_audiofile_path=str(folder),
    )
    return out


def with_png_frames(board: Storyboard, folder: Path) -> Path:
    """Every frame saved as a PNG, then the ffmpeg command line."""
    from vigkit.media.ffmpeg import ffmpeg_exe
    from vigkit.practice.audio import soundtrack, write_wav

    pictures = folder / "frames"
    pictures.mkdir()
    frame = frames_as_arrays(Painter(board))
    for index in range(round(board.duration * 25)):
        Image.fromarray(frame(index / 25)).save(pictures / f"{index:05d}.png")
    wav = write_wav(folder / "sound.wav", soundtrack(board))
    out = folder / "png.mp4"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-framerate", "25", "-i", str(pictures / "%05d.png")]
        + ["-i", str(wav), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", str(out)],
        check=True,
    )
    return out


# --- timing and report --------------------------------------------------------------------


def best_of(action: Callable[[Path], Path], repeat: int) -> tuple[float, int]:
    """Best time of ``repeat`` runs, each in a fresh folder, and the film's size."""
    times, size = [], 0
    for _ in range(repeat):
        folder = Path(tempfile.mkdtemp(prefix="vigkit-bench-practice-"))
        try:
            start = time.perf_counter()
            film = action(folder)
            times.append(time.perf_counter() - start)
            size = film.stat().st_size
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return min(times), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per timing (best is kept)")
    parser.add_argument("--quick", action="store_true", help="only vigkit's render")
    args = parser.parse_args()
    repeat = max(1, args.repeat)
    warnings.simplefilter("ignore")
    board = dense_storyboard()
    print(
        f"Rendering a {SECONDS:.0f} s storyboard: {len(board.participants)} people, "
        f"{len(board.beats)} beats, setting {board.setting}"
    )
    ours_time, ours_size = best_of(lambda folder: ours(board, folder), repeat)
    verdict = "PASS" if ours_time < TARGET_SECONDS and ours_size < TARGET_BYTES else "MISS"
    print(
        f"  {'vigkit render()':<52} {ours_time:7.2f} s  {ours_size / 1e6:5.2f} MB  "
        f"(target < {TARGET_SECONDS:.0f} s, < {TARGET_BYTES / 1e6:.0f} MB: {verdict})"
    )
    if args.quick:
        return 0
    others: dict[str, Callable[[Path], Path]] = {
        "moviepy VideoClip, frames drawn afresh (defaults)": lambda f: with_moviepy(
            board, f, forgetful_painter(board)
        ),
        "moviepy VideoClip, our memoised frames (defaults)": lambda f: with_moviepy(
            board, f, Painter(board)
        ),
        "PNG frames (Pillow) + ffmpeg command line": lambda f: with_png_frames(board, f),
        "our pipe, frames drawn afresh (information)": lambda f: without_caches(board, f),
    }
    for label, action in others.items():
        try:
            taken, size = best_of(action, repeat)
        except Exception as error:
            print(f"  {label:<52} failed ({type(error).__name__}: {error})")
            continue
        print(
            f"  {label:<52} {taken:7.2f} s  {size / 1e6:5.2f} MB  "
            f"vigkit/this: {ours_time / taken:.2f}x ({taken / ours_time:.1f}x faster)"
        )
    print(f"\nMachine: {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
