"""Speed of motion energy (``vigkit.views.motion.motion_energy``) against what a user would
otherwise write, and what each decoder option buys.

- A 10-minute 720p H.264 film, uncached (target: under 20 s), against the same ffmpeg
  command without the kit's decoder options (piped into numpy the same way).
- moviepy 2 (``VideoFileClip(...).iter_frames(fps=10)``, greyscale and shrink in numpy) on
  a 1-minute slice of the same film (10 minutes would take many minutes; the 10-minute
  figure is the 1-minute one times ten, and the ratio is taken on the 1-minute slice).
- Each decoder option alone on the 1-minute slice, with how close its map stays to the
  exact decoder's (correlation of every value, and slices with no change at all, which
  are holes where frames were repeated).
- The cached second call, the cache file's size, and the SpaceTimeView's widget state
  for the 10-minute film.

The main film is made like a phone's: testsrc2 (moving shapes, a sweeping hand, changing
numbers) with light sensor-like noise, H.264 High profile with CABAC, B-frames and the
deblocking filter, about 6 Mbit/s, a keyframe every 2 s, AAC sound; a clean one (no noise,
CRF 23, about 2.4 Mbit/s) shows how the time follows the bitrate. One minute is encoded
and joined ten times without re-encoding; all are kept in the system temp folder for the
next run. Times are wall-clock (best of ``--repeat``) with the CPU seconds beside them,
which a busy machine changes less. Not a timed test: it exits 0 on a MISS.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from benchtools import ffmpeg, film_ok, machine

FILMS = Path(tempfile.gettempdir()) / "vigkit-bench-motion"
SIZE = (1280, 720)
FPS = 25
COPIES = 10  # the 10-minute film is this many copies of the 1-minute one
TARGET_SECONDS = 20.0
WIDTH, RATE = 64, 10.0  # motion_energy's defaults, used by every alternative too


# --- timing -------------------------------------------------------------------------------


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (ffmpeg) so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(action: Callable[[], object]) -> tuple[float, float, object]:
    """Wall seconds, CPU seconds and the result of one run of ``action``."""
    cpu, start = cpu_seconds(), time.perf_counter()
    result = action()
    return time.perf_counter() - start, cpu_seconds() - cpu, result


def compare(
    actions: dict[str, Callable[[], object]], repeat: int
) -> dict[str, tuple[float, float]]:
    """Best wall time (and the CPU time of that run) of each action, run in turns so a
    busy spell on the machine hits them all alike; printed."""
    best: dict[str, tuple[float, float]] = {}
    for _ in range(repeat):
        for label, action in actions.items():
            wall, cpu, _ = measure(action)
            if label not in best or wall < best[label][0]:
                best[label] = (wall, cpu)
    for label, (wall, cpu) in best.items():
        print(f"  {label:<58} {wall:7.2f} s  ({cpu:6.2f} s CPU)")
    return best


# --- the film -----------------------------------------------------------------------------


#: The films: a phone-like one (sensor noise, ~6 Mbit/s) and a clean, lighter one (~2.4
#: Mbit/s), to show that decoding, and so the time, grows with the bitrate.
KINDS: dict[str, tuple[str, list[str]]] = {
    "phone": ("noise=alls=5:allf=t", ["-b:v", "6M", "-maxrate", "8M", "-bufsize", "12M"]),
    "clean": ("null", ["-crf", "23"]),
}


def films(kind: str) -> tuple[Path, Path]:
    """The 1-minute and 10-minute films of ``kind``, made once and reused afterwards."""
    FILMS.mkdir(parents=True, exist_ok=True)
    one, ten = FILMS / f"{kind}-1min.mp4", FILMS / f"{kind}-{COPIES}min.mp4"
    grain, rate = KINDS[kind]
    if not film_ok(one, 1, SIZE):
        print(f"  making {one} (720p, High profile, {' '.join(rate)}) ...")
        start = time.perf_counter()
        part = one.with_suffix(".part.mp4")
        ffmpeg(
            "-f", "lavfi", "-i", f"testsrc2=s={SIZE[0]}x{SIZE[1]}:r={FPS}:d=60,{grain}",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:d=60",
            "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "veryfast",
            "-profile:v", "high", *rate, "-g", str(2 * FPS), "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest", "-movflags", "+faststart", part,
        )  # fmt: skip
        os.replace(part, one)
        print(f"    made in {time.perf_counter() - start:.0f} s")
    if not film_ok(ten, COPIES, SIZE):
        print(f"  making {ten} ({COPIES} copies joined without re-encoding) ...")
        listing = FILMS / f"{kind}-concat.txt"
        listing.write_text(f"file '{one.name}'\n" * COPIES, encoding="utf-8")
        part = ten.with_suffix(".part.mp4")
        ffmpeg("-f", "concat", "-safe", "0", "-i", listing, "-c", "copy", part)
        os.replace(part, ten)
    for film, minutes in ((one, 1), (ten, COPIES)):
        if not film_ok(film, minutes, SIZE):
            raise RuntimeError(f"{film}: the test film is not as expected after making it")
        megabits = film.stat().st_size * 8 / (minutes * 60) / 1e6
        print(f"  {film.name}: {minutes} min, {megabits:.1f} Mbit/s")
    return one, ten


# --- the ways of doing it -----------------------------------------------------------------


def ours(film: Path, options: tuple[str, ...] | None = None) -> Callable[[], Any]:
    """``motion_energy`` uncached, optionally with other decoder options."""

    def run() -> Any:
        from vigkit.views import motion

        kept = motion.DECODER_OPTIONS
        if options is not None:
            motion.DECODER_OPTIONS = options
        try:
            return motion.motion_energy(film, width=WIDTH, fps=RATE, cache=False)
        finally:
            motion.DECODER_OPTIONS = kept

    return run


def plain_cli(film: Path) -> Callable[[], Any]:
    """The ffmpeg command a user would write (no decoder options), read into numpy."""

    def run() -> Any:
        from vigkit.media.ffmpeg import ffmpeg_exe

        height = round(WIDTH * SIZE[1] / SIZE[0] / 2) * 2
        done = subprocess.run(
            [ffmpeg_exe(), "-v", "error", "-i", str(film), "-vf",
             f"fps={RATE:g},scale={WIDTH}:{height},format=gray", "-f", "rawvideo", "-"],
            capture_output=True, check=True,
        )  # fmt: skip
        frames = np.frombuffer(done.stdout, np.uint8).reshape(-1, height, WIDTH)
        return np.abs(np.diff(frames.astype(np.int16), axis=0)).astype(np.float32) / 255

    return run


def with_moviepy(film: Path) -> Callable[[], Any]:
    """moviepy 2: every frame as RGB, made grey and small in numpy, then differenced."""

    def run() -> Any:
        from moviepy import VideoFileClip

        factor = SIZE[0] // WIDTH  # 20: 1280x720 -> 64x36
        clip = VideoFileClip(str(film), audio=False)
        try:
            small = []
            for frame in clip.iter_frames(fps=RATE, dtype="uint8"):
                grey = frame.mean(axis=2, dtype=np.float32)
                height, width = grey.shape[0] // factor, grey.shape[1] // factor
                small.append(grey.reshape(height, factor, width, factor).mean(axis=(1, 3)))
        finally:
            clip.close()
        frames = np.stack(small)
        return np.abs(np.diff(frames, axis=0)) / 255

    return run


# --- the benchmarks -----------------------------------------------------------------------


def bench_options(one: Path, repeat: int) -> None:
    print("\nDecoder options, each alone, on the 1-minute film (motion_energy, uncached)")
    variants: dict[str, tuple[str, ...]] = {
        "no options (exact decoding)": (),
        "-skip_loop_filter all (the kit's choice)": ("-skip_loop_filter", "all"),
        "-flags2 fast": ("-flags2", "fast"),
        "-skip_loop_filter all -flags2 fast": ("-skip_loop_filter", "all", "-flags2", "fast"),
        "-skip_loop_filter all -threads 1": ("-skip_loop_filter", "all", "-threads", "1"),
        "-skip_loop_filter all -skip_frame noref": (
            "-skip_loop_filter", "all", "-skip_frame", "noref",
        ),
    }  # fmt: skip
    times = compare({label: ours(one, options) for label, options in variants.items()}, repeat)
    exact = ours(one, ())().energy
    base = times["no options (exact decoding)"][0]
    print("\n  | options | s | vs exact | correlation with exact | slices with no change |")
    print("  |---|---:|---:|---:|---:|")
    for label, options in variants.items():
        energy = ours(one, options)().energy
        same = min(len(energy), len(exact))
        correlation = np.corrcoef(energy[:same].ravel(), exact[:same].ravel())[0, 1]
        holes = int((energy.reshape(len(energy), -1).max(axis=1) == 0).sum())
        wall = times[label][0]
        print(f"  | {label} | {wall:.2f} | {wall / base:.2f}x | {correlation:.4f} | {holes} |")


def bench_ten_minutes(ten: Path, repeat: int) -> tuple[float, float]:
    print(f"\n{ten.name}, uncached, against the plain ffmpeg command")
    times = compare(
        {"vigkit motion_energy": ours(ten), "ffmpeg CLI, no decoder options": plain_cli(ten)},
        repeat,
    )
    mine, plain = times["vigkit motion_energy"][0], times["ffmpeg CLI, no decoder options"][0]
    status = "PASS" if mine < TARGET_SECONDS else "MISS"
    print(f"  vigkit: {mine:.1f} s (target under {TARGET_SECONDS:.0f} s: {status})")
    print(f"  vigkit / plain ffmpeg CLI: {mine / plain:.2f}x ({plain / mine:.2f}x as fast)")
    return mine, plain


def bench_moviepy(one: Path) -> tuple[float, float]:
    print("\nmoviepy on the 1-minute film (once; 10 minutes would be about ten times this)")
    times = compare(
        {"vigkit motion_energy": ours(one), "moviepy iter_frames + numpy": with_moviepy(one)}, 1
    )
    mine, theirs = times["vigkit motion_energy"][0], times["moviepy iter_frames + numpy"][0]
    print(f"  vigkit / moviepy: {mine / theirs:.3f}x ({theirs / mine:.1f}x as fast)")
    print(f"  moviepy on {COPIES} minutes, estimated: {theirs * COPIES:.0f} s")
    return mine, theirs


def bench_cache_and_view(ten: Path) -> None:
    from vigkit import Coding
    from vigkit.views.motion import cache_path, motion_energy
    from vigkit.views.spacetime import SpaceTimeView

    print(f"\nCache and view of the {COPIES}-minute film")
    with tempfile.TemporaryDirectory(prefix="vigkit-bench-motion-work-") as work:
        first, _, found = measure(lambda: motion_energy(ten, workspace=work))
        again, _, _ = measure(lambda: motion_energy(ten, workspace=work))
        size = cache_path(ten, workspace=work).stat().st_size
        energy = found.energy  # type: ignore[attr-defined]
        print(f"  first call (decodes and writes the cache): {first:.2f} s")
        print(f"  second call (reads the cache):             {again:.3f} s")
        print(f"  cache file: {size / 1e6:.1f} MB; energy in memory: {energy.nbytes / 1e6:.0f} MB "
              f"({energy.shape[0]}×{energy.shape[1]}×{energy.shape[2]} float32)")  # fmt: skip
        tags = Coding(
            [{"clip": "phone", "coder": coder, "code": "being-attentive", "onset": t}
             for coder in ("ana", "sam") for t in range(15, 600, 45)],
        )  # fmt: skip
        made, _, view = measure(lambda: SpaceTimeView(ten, tags, workspace=work))
        block = view.block.data  # type: ignore[attr-defined]
        state = view.state_bytes()  # type: ignore[attr-defined]
        print(f"  SpaceTimeView made in {made:.2f} s (motion from the cache)")
        print(f"  volume sent: {block.shape[0]}×{block.shape[1]}×{block.shape[2]} values; "
              f"widget state {state / 1e6:.2f} MB")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs per timing (best is kept)")
    parser.add_argument("--no-moviepy", action="store_true", help="skip the slow moviepy run")
    arguments = parser.parse_args()
    repeat = max(1, arguments.repeat)
    warnings.simplefilter("ignore")
    began = time.perf_counter()
    print("Test films")
    one, ten = films("phone")
    _, clean = films("clean")
    bench_options(one, repeat)
    rows = []
    for film in (ten, clean):
        mine, plain = bench_ten_minutes(film, repeat)
        megabits = film.stat().st_size * 8 / (COPIES * 60) / 1e6
        status = "PASS" if mine < TARGET_SECONDS else "MISS"
        rows.append(
            f"| motion_energy, {COPIES} min 720p at {megabits:.1f} Mbit/s, uncached | "
            f"{mine:.1f} s ({status}) | ffmpeg CLI without decoder options, {plain:.1f} s | "
            f"{mine / plain:.2f}x |"
        )
    if not arguments.no_moviepy:
        short, theirs = bench_moviepy(one)
        rows.append(
            f"| motion_energy, 1 min of the phone-like film | {short:.1f} s | moviepy "
            f"iter_frames, {theirs:.1f} s (≈{theirs * COPIES:.0f} s for {COPIES} min) | "
            f"{short / theirs:.3f}x |"
        )
    bench_cache_and_view(ten)
    print(f"\nSummary (target: {COPIES} min under {TARGET_SECONDS:.0f} s)\n")
    print("| what | time | against | ratio |")
    print("|---|---:|---|---:|")
    print("\n".join(rows))
    print(f"\nMachine: {machine()}")
    print(f"Whole run: {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
